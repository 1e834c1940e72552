//! "Lees voor": a button on every question and result screen that reads it aloud with the
//! browser's speech synthesis, in the app's language.
//!
//! This file is the button only, in the first download. Everything else (voices, reading,
//! lighting up what is read, the speed setting and the messages) is the part `read_aloud`
//! (`ui::reader`), fetched at the first press: most people never press it.
//!
//! For screen readers it is an ordinary button whose name says what it does ("Lees voor", then
//! "Stop"): it does not repeat the question, so nothing is read twice.

use super::i18n::{use_i18n, I18n};
use super::parts;
use crate::engine::{ItemId, Questionnaire};
use leptos::prelude::*;
use std::cell::Cell;
use std::sync::Arc;

/// What a button reads.
#[derive(Clone)]
pub enum What {
    /// A question of a questionnaire: its text, then each answer option (from the definition,
    /// in the chosen language).
    Question { def: Arc<Questionnaire>, item: ItemId },
    /// The screen the button sits in (a result or outcome): its headings, paragraphs, list
    /// items and table rows, as shown.
    Screen,
}

impl What {
    pub fn question(def: &Arc<Questionnaire>, item: ItemId) -> What {
        What::Question { def: def.clone(), item }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Idle,
    /// Waiting for the part or for the browser's voices.
    Loading,
    Reading,
}

/// One button's state, shared with the part that reads.
#[derive(Clone)]
pub struct Reader {
    pub what: What,
    pub i: I18n,
    /// Unique on the page: the active reading belongs to one button.
    pub id: u32,
    /// The button's box; what it reads is in the element around it.
    pub node: NodeRef<leptos::html::Div>,
    pub status: RwSignal<Status>,
    /// A message under the button (a catalog key): no voice, reading failed, …
    pub note: RwSignal<Option<&'static str>>,
    /// A voice on a company's server, offered (not used) when the device has none: its name.
    pub offer: RwSignal<Option<String>>,
    /// This button has read: its speed setting is shown.
    pub used: RwSignal<bool>,
}

/// What the part `read_aloud` gives the button.
#[derive(Clone, Copy)]
pub struct ReaderApi {
    /// "Lees voor" or "Stop" pressed.
    pub press: fn(&Reader),
    /// The button goes away (another screen): its reading stops.
    pub gone: fn(u32),
    /// The speed setting and the voice offer under the button.
    pub panel: fn(Reader) -> AnyView,
}

thread_local! {
    static API: Cell<Option<ReaderApi>> = const { Cell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

#[component]
pub fn ReadAloud(what: What) -> impl IntoView {
    let i = use_i18n();
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let reader = Reader {
        what,
        i,
        id,
        node: NodeRef::new(),
        status: RwSignal::new(Status::Idle),
        note: RwSignal::new(None),
        offer: RwSignal::new(None),
        used: RwSignal::new(false),
    };
    let api = RwSignal::new(API.get());
    let (status, note) = (reader.status, reader.note);
    let pressed = reader.clone();
    on_cleanup(move || {
        if let Some(a) = API.get() {
            (a.gone)(id)
        }
    });
    let node = reader.node;
    view! {
        <div class="read-aloud" node_ref=node>
            <button type="button" class="secondary small read-aloud-button" on:click=move |_| press(&pressed, api)>
                {move || i.tr(if status.get() == Status::Idle { "read_aloud.start" } else { "read_aloud.stop" })}
            </button>
            // Always in the page, so a screen reader announces each new message.
            <div role="status" class="read-aloud-status">
                <p class="notice" hidden=move || note.with(Option::is_none)>{move || note.get().map(|k| i.tr(k)).unwrap_or_default()}</p>
            </div>
            {move || api.get().map(|a| (a.panel)(reader.clone()))}
        </div>
    }
}

/// "Lees voor" or "Stop" pressed: to the part, fetching it first at the first press.
fn press(r: &Reader, api: RwSignal<Option<ReaderApi>>) {
    if let Some(a) = api.get_untracked() {
        return (a.press)(r);
    }
    r.status.set(Status::Loading);
    let r = r.clone();
    leptos::task::spawn_local(async move {
        let loaded = parts::read_aloud().await;
        part_loaded(r, api, loaded);
    });
}

fn part_loaded(r: Reader, api: RwSignal<Option<ReaderApi>>, loaded: Result<ReaderApi, parts::PartError>) {
    // Pressed again (stop) or gone while the part loaded: nothing more to do.
    if r.status.try_get_untracked() != Some(Status::Loading) {
        return;
    }
    r.status.set(Status::Idle);
    match loaded {
        Ok(a) => {
            API.set(Some(a));
            api.set(Some(a));
            (a.press)(&r);
        }
        Err(parts::PartError) => r.note.set(Some("read_aloud.part_failed")),
    }
}
