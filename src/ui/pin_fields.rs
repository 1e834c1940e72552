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
        <label for=first.clone()>{i.text("lock.pin_label")}</label>
        <input id=first type="password" inputmode="numeric" autocomplete="new-password" maxlength="24"
            aria-describedby=described.clone() aria-invalid=move || invalid.get().to_string()
            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
        <label for=second.clone()>{i.text("lock.pin_again")}</label>
        <input id=second type="password" inputmode="numeric" autocomplete="new-password" maxlength="24"
            aria-describedby=message_id aria-invalid=move || invalid.get().to_string()
            prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
    }
}

/// Is this message key about the PIN that was typed (so the fields are marked and focused)?
pub fn is_pin_problem(key: &str) -> bool {
    matches!(key, "lock.pin_digits" | "lock.pin_length" | "lock.pin_different")
}

/// The phrase of a hand-over file: five words drawn at random, shown large to write down (or
/// other words, or a longer phrase of one's own that passes the same check, typed twice). A file
/// travels, so a 6-digit PIN could be found by trying them all; these words cannot.
#[component]
pub fn HandOverPhrase(phrase: RwSignal<String>, again: RwSignal<String>) -> impl IntoView {
    let i = use_i18n();
    let new_words = move || {
        leptos::task::spawn_local(async move {
            let Ok(list) = crate::web::maps::word_list().await else { return };
            // Five different words (a repeat would count once, and fall short of 60 bits).
            let words = std::iter::repeat_with(crate::web::page::random_bytes)
                .take(10)
                .flatten()
                .map(|r| list.generate(r[..8].try_into().unwrap_or([0; 8])))
                .find(|w| list.strength(w) >= crate::passphrase::MIN_BITS)
                .unwrap_or_default();
            phrase.set(words.clone());
            again.set(words);
        });
    };
    new_words();
    let own = RwSignal::new(false);
    view! {
        <p class="hint" id="bestand-zin-uitleg">{i.text("lists.phrase_hint")}</p>
        <p class="passphrase" lang="nl" aria-describedby="bestand-zin-uitleg" hidden=move || own.get()>{move || phrase.get()}</p>
        <p hidden=move || own.get()>
            <button type="button" class="secondary" on:click=move |_| new_words()>{i.text("lists.phrase_new")}</button>
            " "
            <button type="button" class="secondary" on:click=move |_| {
                own.set(true);
                phrase.set(String::new());
                again.set(String::new());
            }>{i.text("lists.phrase_own")}</button>
        </p>
        <div hidden=move || !own.get()>
            <label for="bestand-zin">{i.text("lists.phrase_own_label")}</label>
            <input id="bestand-zin" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="200"
                prop:value=move || phrase.get() on:input=move |ev| phrase.set(event_target_value(&ev))/>
            <label for="bestand-zin-nog-eens">{i.text("lists.phrase_again")}</label>
            <input id="bestand-zin-nog-eens" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="200"
                prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
        </div>
    }
}
