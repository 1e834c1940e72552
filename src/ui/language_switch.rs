//! The language switch at the top of every page: one button per language on offer, each named in
//! its own language, and a plain note (in the chosen language) when nobody who speaks it as a
//! first language has checked the translation yet.

use super::i18n::use_i18n;
use crate::i18n::{Direction, LANGUAGES};
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i = use_i18n();
    view! {
        <nav class="languages" aria-label=i.text("app.language")>
            <ul>
                // Every language is in the page; those the municipality has not switched on are
                // hidden (and so not read out or reachable by Tab).
                {LANGUAGES.iter().map(|l| view! {
                    <li hidden=move || !i.is_offered(l)>
                        // An Arabic name keeps its direction on a left-to-right page, and back.
                        <button type="button" lang=l.code dir=if l.dir == Direction::Rtl { "rtl" } else { "ltr" }
                            aria-pressed=move || (i.lang.get().code == l.code).to_string()
                            on:click=move |_| i.set(l)>
                            {l.native_name}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <p class="language-problem" role="alert" hidden=move || i.load_failed.with(Option::is_none)>
                {move || i.load_failed.get().map(|l| i.trf("app.language_failed", &[("language", l.native_name)]))}
            </p>
            <p class="unreviewed-note" hidden=move || !i.unreviewed()>{i.text("app.unreviewed_note")}</p>
        </nav>
    }
}
