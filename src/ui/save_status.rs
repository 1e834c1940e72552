//! Whether what the person gave is on this device's disk: "Bewaard op dit apparaat" only once the
//! write is committed, a plain warning where the browser cannot keep answers safely, and when a
//! write fails (a full disk) the answers stay on the screen with a way to save them in a file.

use super::i18n::use_i18n;
use crate::backup::encode_backup;
use crate::storage_format::PREFIX;
use crate::web::durable::{self, Durability, SaveState};
use crate::web::{download, page, storage};
use leptos::prelude::*;

/// The save state of this tab, as a signal (provided once by the app shell).
#[derive(Clone, Copy)]
pub struct SaveStateSignal(pub RwSignal<SaveState>);

/// Provides [`SaveStateSignal`], following `web::durable`.
pub fn provide_save_state() {
    let sig = RwSignal::new(durable::save_state());
    let id = durable::on_save_state(move |s| sig.set(s.clone()));
    on_cleanup(move || durable::unsubscribe(id));
    provide_context(SaveStateSignal(sig));
}

/// Everything of the open map in one file (the same file "Mijn lijsten" makes), straight from
/// memory: also what could not be written to disk.
pub fn download_backup() -> Result<(), &'static str> {
    let records = storage::all(PREFIX).map_err(|e| e.message_key())?;
    download::download(
        &format!("wijkpeil-{}.json", page::today_iso()),
        "application/json",
        &encode_backup(&records, &page::now_iso()),
    )
    .map_err(|_| "done.download_failed")
}

/// The line under a form or result: saving, saved, or what went wrong and what to do.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let i = use_i18n();
    let state = expect_context::<SaveStateSignal>().0;
    let download_problem: RwSignal<Option<&'static str>> = RwSignal::new(None);
    move || {
        match state.get() {
        SaveState::Saved => view! { <p class="save-status">{i.text("form.saved")}</p> }.into_any(),
        SaveState::Saving => view! { <p class="save-status">{i.text("form.saving")}</p> }.into_any(),
        SaveState::Failed(e) => view! {
            <div class="notice save-failed" role="alert">
                <p>{move || i.tr(e.message_key())}</p>
                <p>
                    <button type="button" class="secondary" on:click=move |_| download_problem.set(download_backup().err())>
                        {i.text("storage.save_file")}
                    </button>
                </p>
                {move || download_problem.get().map(|k| view! { <p>{i.tr(k)}</p> })}
            </div>
        }
        .into_any(),
    }
    }
}

/// Shown on every page where the browser keeps answers only in localStorage (no IndexedDB).
#[component]
pub fn DurabilityWarning() -> impl IntoView {
    let i = use_i18n();
    (durable::durability() == Durability::BrowserOnly)
        .then(|| view! { <p class="notice durability-warning">{i.text("storage.browser_only")}</p> })
}
