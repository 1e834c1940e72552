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
    /// The languages on offer, one bit per entry of `LANGUAGES`: the signed-off ones (and a
    /// choice saved earlier) until the municipality's config says which it switches on
    /// ([`I18n::offer`]). A bit set rather than a list: it reuses the signal code the app
    /// already has (a smaller download).
    offered: RwSignal<u32>,
    /// The language asked for last: texts that arrive later for another one are kept, but do
    /// not switch the page.
    wanted: RwSignal<&'static Language>,
}

impl I18n {
    /// The language saved earlier on this device, else the browser's preference.
    pub fn detect() -> I18n {
        let offered = i18n::offered_before_config(saved_choice());
        let lang = i18n::choose(saved_choice(), page::browser_languages().iter().map(String::as_str), &offered);
        // Start in the built-in language; another one follows as soon as its texts are here.
        let start = if i18n::has_catalog(lang.code) { lang } else { i18n::default_language() };
        let me = I18n {
            lang: RwSignal::new(start),
            load_failed: RwSignal::new(None),
            offered: RwSignal::new(bits(&offered)),
            wanted: RwSignal::new(start),
        };
        me.apply(start);
        if start != lang {
            me.switch_to(lang, false);
        }
        me
    }

    /// The municipality's config is here: offer what it switches on (`enabled`, its
    /// `"languages"`; the signed-off languages without it). A language that is no longer on offer
    /// gives way to the browser's preference or Dutch; the saved choice itself stays, so it
    /// comes back if the municipality switches it on again.
    pub fn offer(&self, enabled: Option<&[String]>) {
        let offered = i18n::offered(enabled);
        let lang = i18n::choose(saved_choice(), page::browser_languages().iter().map(String::as_str), &offered);
        self.offered.set(bits(&offered));
        if lang != self.wanted.get_untracked() {
            self.switch_to(lang, false);
        }
    }

    /// The person's choice: switches (fetching the texts first when needed) and remembers it.
    pub fn set(&self, lang: &'static Language) {
        self.switch_to(lang, true);
    }

    fn switch_to(&self, lang: &'static Language, remember: bool) {
        let me = *self;
        me.wanted.set(lang);
        let done = move || {
            if me.wanted.get_untracked() != lang {
                return;
            }
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
        // Every language on offer whose texts are not here yet is fetched at once, in the fixed
        // order of LANGUAGES: the web server's log then shows the same requests whichever
        // language was chosen (the service worker keeps them all after a first visit anyway).
        let offered = me.offered.get_untracked();
        for (n, other) in i18n::LANGUAGES.iter().enumerate() {
            let wanted_one = other.code == lang.code;
            if i18n::has_catalog(other.code) || (!wanted_one && offered & (1 << n) == 0) {
                continue;
            }
            leptos::task::spawn_local(async move {
                match fetch::fetch_text(&format!("/locales/{}.txt", other.code)).await {
                    Ok(text) => {
                        if !i18n::has_catalog(other.code) {
                            i18n::install_catalog(other.code, text);
                        }
                        if wanted_one {
                            done();
                        }
                    }
                    Err(_) if wanted_one && me.wanted.get_untracked() == lang => me.load_failed.set(Some(lang)),
                    Err(_) => {}
                }
            });
        }
    }

    fn apply(&self, lang: &'static Language) {
        page::set_language(lang.code, lang.dir == Direction::Rtl);
    }

    /// Whether `lang` is on offer (tracked: the switch follows the config).
    pub fn is_offered(&self, lang: &'static Language) -> bool {
        let i = i18n::LANGUAGES.iter().position(|l| l.code == lang.code).unwrap_or(0);
        self.offered.get() & (1 << i) != 0
    }

    /// Whether the shown language still waits for a native speaker's check (then the app says
    /// so, in that language).
    pub fn unreviewed(&self) -> bool {
        !self.lang.get().reviewed
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

    /// A text from the config or a questionnaire in the chosen language (tracked); see
    /// [`i18n::local`].
    pub fn local(&self, text: &crate::engine::LocalText) -> String {
        i18n::local(self.code(), text)
    }

    /// The text of `key` as a view child that follows the language. Every call returns the same
    /// closure type, so all such texts share one copy of the rendering code; a `move || i.tr(..)`
    /// written at each place is a new type, and a new copy in the download, every time.
    pub fn text(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.tr(key)
    }
}

fn bits(languages: &[&'static Language]) -> u32 {
    i18n::LANGUAGES.iter().enumerate().filter(|(_, l)| languages.contains(l)).fold(0, |m, (i, _)| m | 1 << i)
}

/// The language chosen on this device earlier, if the app still knows it.
fn saved_choice() -> Option<&'static Language> {
    storage::get(LANGUAGE_KEY).ok().flatten().and_then(|c| i18n::language(&c))
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
