//! The two fields for a new PIN (typed twice), for a map and for a hand-over file.

use super::i18n::use_i18n;
use leptos::prelude::*;

/// `id` prefixes the fields' ids; `described_by` names the text that explains what the PIN is for.
#[component]
pub fn NewPinFields(
    id: &'static str,
    described_by: &'static str,
    pin: RwSignal<String>,
    again: RwSignal<String>,
) -> impl IntoView {
    let i = use_i18n();
    let (first, second) = (format!("{id}-nieuw"), format!("{id}-nog-eens"));
    view! {
        <label for=first.clone()>{move || i.tr("lock.pin_label")}</label>
        <input id=first type="password" inputmode="numeric" autocomplete="new-password" maxlength="24"
            aria-describedby=described_by
            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
        <label for=second.clone()>{move || i.tr("lock.pin_again")}</label>
        <input id=second type="password" inputmode="numeric" autocomplete="new-password" maxlength="24"
            prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
    }
}
