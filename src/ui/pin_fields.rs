//! The two fields for a new PIN (typed twice), for a map and for a hand-over file.

use super::i18n::use_i18n;
use leptos::prelude::*;

/// `id` prefixes the fields' ids (`<id>-nieuw`, `<id>-nog-eens`); `described_by` names the text
/// that explains what the PIN is for, `message_id` the message about the PIN (right under the
/// fields). `invalid` marks both fields while that message is about them.
#[component]
pub fn NewPinFields(
    id: &'static str,
    described_by: &'static str,
    message_id: &'static str,
    pin: RwSignal<String>,
    again: RwSignal<String>,
    invalid: RwSignal<bool>,
) -> impl IntoView {
    let i = use_i18n();
    let (first, second) = (format!("{id}-nieuw"), format!("{id}-nog-eens"));
    let described = format!("{described_by} {message_id}");
    view! {
        <label for=first.clone()>{move || i.tr("lock.pin_label")}</label>
        <input id=first type="password" inputmode="numeric" autocomplete="new-password" maxlength="24"
            aria-describedby=described.clone() aria-invalid=move || invalid.get().to_string()
            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
        <label for=second.clone()>{move || i.tr("lock.pin_again")}</label>
        <input id=second type="password" inputmode="numeric" autocomplete="new-password" maxlength="24"
            aria-describedby=message_id aria-invalid=move || invalid.get().to_string()
            prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
    }
}

/// Is this message key about the PIN that was typed (so the fields are marked and focused)?
pub fn is_pin_problem(key: &str) -> bool {
    matches!(key, "lock.pin_digits" | "lock.pin_length" | "lock.pin_different")
}
