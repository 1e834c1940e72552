//! The chosen language as a signal, and translation helpers that follow it.

use crate::i18n::{self, Direction, Language};
use crate::storage_format::LANGUAGE_KEY;
use crate::web::{fetch, page, storage};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<&'static Language>,
    /// The language whose texts could not be fetched (offline on a first choice), if any.
    pub load_failed: RwSignal<Option<&'static Language>>,
}

impl I18n {
    /// The language saved earlier on this device, else the browser's preference.
    pub fn detect() -> I18n {
        let saved = storage::get(LANGUAGE_KEY).ok().flatten().and_then(|c| i18n::language(&c));
        let langs = page::browser_languages();
        let lang = saved.unwrap_or_else(|| i18n::negotiate(langs.iter().map(String::as_str)));
        // Start in the built-in language; another one follows as soon as its texts are here.
        let start = if i18n::has_catalog(lang.code) { lang } else { i18n::default_language() };
        let me = I18n { lang: RwSignal::new(start), load_failed: RwSignal::new(None) };
        me.apply(start);
        if start != lang {
            me.switch_to(lang, false);
        }
        me
    }

    /// The person's choice: switches (fetching the texts first when needed) and remembers it.
    pub fn set(&self, lang: &'static Language) {
        self.switch_to(lang, true);
    }

    fn switch_to(&self, lang: &'static Language, remember: bool) {
        let me = *self;
        let done = move || {
            me.load_failed.set(None);
            me.lang.set(lang);
            me.apply(lang);
            if remember {
                // A preference is not worth an error message when it cannot be kept.
                let _ = storage::set(LANGUAGE_KEY, lang.code);
            }
        };
        if i18n::has_catalog(lang.code) {
            return done();
        }
        leptos::task::spawn_local(async move {
            match fetch::fetch_text(&format!("/locales/{}.txt", lang.code)).await {
                Ok(text) => {
                    i18n::install_catalog(lang.code, text);
                    done();
                }
                Err(_) => me.load_failed.set(Some(lang)),
            }
        });
    }

    fn apply(&self, lang: &'static Language) {
        page::set_language(lang.code, lang.dir == Direction::Rtl);
    }

    pub fn code(&self) -> &'static str {
        self.lang.get().code
    }

    /// Translated text; tracked, so a view that calls it follows language changes.
    pub fn tr(&self, key: &'static str) -> String {
        i18n::t(self.code(), key)
    }

    pub fn trf(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        i18n::tf(self.code(), key, args)
    }

    /// The text of `key` as a view child that follows the language. Every call returns the same
    /// closure type, so all such texts share one copy of the rendering code; a `move || i.tr(..)`
    /// written at each place is a new type, and a new copy in the download, every time.
    pub fn text(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.tr(key)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
