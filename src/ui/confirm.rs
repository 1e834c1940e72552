//! A button for something that cannot be undone (wiping, deleting a map): the first tap only
//! asks "are you sure?", in words that say what goes; the second does it.

use super::i18n::use_i18n;
use leptos::prelude::*;

/// `ask`, `sure` and `yes` are catalog keys; `id` names the question for screen readers.
#[component]
pub fn ConfirmButton(
    id: &'static str,
    ask: &'static str,
    sure: &'static str,
    yes: &'static str,
    on_yes: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let asking = RwSignal::new(false);
    view! {
        <p hidden=move || asking.get()>
            <button type="button" class="danger" on:click=move |_| asking.set(true)>{move || i.tr(ask)}</button>
        </p>
        <div class="confirm" role="group" aria-labelledby=id hidden=move || !asking.get()>
            <p id=id><strong>{move || i.tr(sure)}</strong></p>
            <p class="entry-actions">
                <button type="button" class="danger" on:click=move |_| {
                    asking.set(false);
                    on_yes.run(());
                }>{move || i.tr(yes)}</button>
                <button type="button" class="secondary" on:click=move |_| asking.set(false)>{i.text("lists.no")}</button>
            </p>
        </div>
    }
}
