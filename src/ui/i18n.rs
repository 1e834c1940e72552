//! The chosen language as a signal, and translation helpers that follow it.

use crate::i18n::{self, Direction, Language};
use crate::storage_format::LANGUAGE_KEY;
use crate::web::{page, storage};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<&'static Language>,
}

impl I18n {
    /// The language saved earlier on this device, else the browser's preference.
    pub fn detect() -> I18n {
        let saved = storage::get(LANGUAGE_KEY).ok().flatten().and_then(|c| i18n::language(&c));
        let langs = page::browser_languages();
        let lang = saved.unwrap_or_else(|| i18n::negotiate(langs.iter().map(String::as_str)));
        let me = I18n { lang: RwSignal::new(lang) };
        me.apply(lang);
        me
    }

    pub fn set(&self, lang: &'static Language) {
        self.lang.set(lang);
        self.apply(lang);
        // A preference is not worth an error message when it cannot be kept.
        let _ = storage::set(LANGUAGE_KEY, lang.code);
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
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
