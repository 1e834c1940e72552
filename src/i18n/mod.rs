//! Every user-facing string goes through here. Catalogs are plain text files in `locales/`
//! (`key = value`, `{name}` placeholders): a translator edits text, not Rust. Adding a
//! language is a new file plus one line in [`LANGUAGES`].

mod messages;
mod offer;
mod review;

pub use messages::{config_issue, input_problem, invalid, load_issue};
pub use offer::{choose, offered, offered_before_config};
pub use review::ReviewStatus;

use std::collections::HashMap;
use std::sync::OnceLock;

/// Reading direction of a language, for `<html dir>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    pub code: &'static str,
    /// The language's name in itself, for the language switch.
    pub native_name: &'static str,
    pub dir: Direction,
    /// Whether decimals are written with a comma (`1,75`), as in Dutch.
    pub decimal_comma: bool,
    /// The tag for the browser's date formatting (`Intl`). Arabic asks for Western digits
    /// (`ar-u-nu-latn`): the same digits as the phone numbers and the config's times.
    pub intl: &'static str,
    /// A native speaker has signed the catalog off (its `meta.review` line, read while
    /// compiling). Otherwise the language is offered only where the config switches it on.
    pub reviewed: bool,
    /// Built into the app: Dutch, which is also the fallback for a missing text. Other languages
    /// are fetched from `/locales/<code>.txt` when chosen (see [`install_catalog`]), so a first
    /// visit does not download every language. Native builds (tests) have them all built in.
    catalog: Option<&'static str>,
}

/// A language's catalog built into this binary: only Dutch in the browser.
macro_rules! catalog_file {
    ($path:literal) => {{
        #[cfg(target_arch = "wasm32")]
        let text: Option<&'static str> = None;
        #[cfg(not(target_arch = "wasm32"))]
        let text: Option<&'static str> = Some(include_str!($path));
        text
    }};
}

/// Every language the app knows, in the order of the language switch; the first is the
/// default and the fallback for missing keys. Which of them a person is offered: `offer.rs`.
pub const LANGUAGES: &[Language] = &[
    Language {
        code: "nl",
        native_name: "Nederlands",
        dir: Direction::Ltr,
        decimal_comma: true,
        intl: "nl",
        reviewed: review::signed_off(include_str!("../../locales/nl.txt")),
        catalog: Some(include_str!("../../locales/nl.txt")),
    },
    Language {
        code: "en",
        native_name: "English",
        dir: Direction::Ltr,
        decimal_comma: false,
        intl: "en",
        reviewed: review::signed_off(include_str!("../../locales/en.txt")),
        catalog: catalog_file!("../../locales/en.txt"),
    },
    Language {
        code: "ar",
        native_name: "العربية",
        dir: Direction::Rtl,
        decimal_comma: false,
        intl: "ar-u-nu-latn",
        reviewed: review::signed_off(include_str!("../../locales/ar.txt")),
        catalog: catalog_file!("../../locales/ar.txt"),
    },
    Language {
        code: "tr",
        native_name: "Türkçe",
        dir: Direction::Ltr,
        decimal_comma: true,
        intl: "tr",
        reviewed: review::signed_off(include_str!("../../locales/tr.txt")),
        catalog: catalog_file!("../../locales/tr.txt"),
    },
    Language {
        code: "pl",
        native_name: "Polski",
        dir: Direction::Ltr,
        decimal_comma: true,
        intl: "pl",
        reviewed: review::signed_off(include_str!("../../locales/pl.txt")),
        catalog: catalog_file!("../../locales/pl.txt"),
    },
    Language {
        code: "uk",
        native_name: "Українська",
        dir: Direction::Ltr,
        decimal_comma: true,
        intl: "uk",
        reviewed: review::signed_off(include_str!("../../locales/uk.txt")),
        catalog: catalog_file!("../../locales/uk.txt"),
    },
];

pub fn default_language() -> &'static Language {
    &LANGUAGES[0]
}

pub fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.code.eq_ignore_ascii_case(code))
}

type Catalog = HashMap<&'static str, &'static str>;

fn parse_catalog(text: &'static str) -> Catalog {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

fn catalogs() -> &'static Vec<OnceLock<Catalog>> {
    static CATALOGS: OnceLock<Vec<OnceLock<Catalog>>> = OnceLock::new();
    CATALOGS.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|l| {
                let cell = OnceLock::new();
                if let Some(text) = l.catalog {
                    let _ = cell.set(parse_catalog(text));
                }
                cell
            })
            .collect()
    })
}

/// Whether the texts of `code` are available (built in, or fetched earlier).
pub fn has_catalog(code: &str) -> bool {
    LANGUAGES.iter().position(|l| l.code == code).is_some_and(|i| catalogs()[i].get().is_some())
}

/// Adds the texts of `code`, fetched from `/locales/<code>.txt`. Kept for the life of the page
/// (one small text per language the person chooses).
pub fn install_catalog(code: &str, text: String) {
    if let Some(i) = LANGUAGES.iter().position(|l| l.code == code) {
        let _ = catalogs()[i].set(parse_catalog(Box::leak(text.into_boxed_str())));
    }
}

/// The raw catalog text of a key, falling back to the default language, then the key itself.
fn lookup(lang: &str, key: &'static str) -> &'static str {
    let cats = catalogs();
    let idx = LANGUAGES.iter().position(|l| l.code == lang).unwrap_or(0);
    let base = cats[0].get().and_then(|c| c.get(key));
    cats[idx].get().and_then(|c| c.get(key)).or(base).copied().unwrap_or(key)
}

/// The text for `key` in `lang`.
pub fn t(lang: &str, key: &'static str) -> String {
    lookup(lang, key).replace("\\n", "\n")
}

/// The text for a key made while running (a record field or code), if a catalog has it: in
/// `lang`, else in the default language.
pub fn t_opt(lang: &str, key: &str) -> Option<String> {
    let cats = catalogs();
    let idx = LANGUAGES.iter().position(|l| l.code == lang).unwrap_or(0);
    let base = cats[0].get().and_then(|c| c.get(key));
    cats[idx].get().and_then(|c| c.get(key)).or(base).map(|s| s.replace("\\n", "\n"))
}

/// The text for `key` with `{name}` placeholders filled in. In a right-to-left language each
/// value is isolated (Unicode FSI … PDI): a phone number "088 123 45 67", a time range or a Dutch
/// name keeps its own reading order inside Arabic text instead of being turned around.
pub fn tf(lang: &str, key: &'static str, args: &[(&str, &str)]) -> String {
    let rtl = language(lang).is_some_and(|l| l.dir == Direction::Rtl);
    let mut s = t(lang, key);
    for (name, value) in args {
        let hole = format!("{{{name}}}");
        if rtl {
            s = s.replace(&hole, &isolate(value));
        } else {
            s = s.replace(&hole, value);
        }
    }
    s
}

/// `text` as a bidirectional isolate (FSI … PDI): its direction comes from its own first strong
/// letter (digits alone read left to right), and it does not reorder the text around it.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// A config or questionnaire text in `lang`. Without a translation into a right-to-left language
/// the base (Dutch) text is shown as a left-to-right isolate (LRI … PDI), so its full stop,
/// brackets and numbers stay where they belong on an Arabic page.
pub fn local(lang: &str, text: &crate::engine::LocalText) -> String {
    let shown = text.get(lang);
    let untranslated = std::ptr::eq(shown, text.base.as_str()) && !shown.is_empty();
    if untranslated && language(lang).is_some_and(|l| l.dir == Direction::Rtl) {
        format!("\u{2066}{shown}\u{2069}")
    } else {
        shown.to_string()
    }
}

/// The catalog's review line for `code`, if its texts are here (all of them in native builds).
pub fn review_status(code: &str) -> Option<ReviewStatus> {
    let i = LANGUAGES.iter().position(|l| l.code == code)?;
    catalogs()[i].get()?.get("meta.review").and_then(|v| ReviewStatus::parse(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every catalog (native builds have them all built in).
    fn built_in() -> Vec<&'static Catalog> {
        catalogs().iter().map(|c| c.get().expect("native builds have every catalog")).collect()
    }

    #[test]
    fn every_language_has_every_key_of_the_default() {
        let cats = built_in();
        let base: BTreeSet<_> = cats[0].keys().collect();
        for (lang, cat) in LANGUAGES.iter().zip(&cats) {
            let keys: BTreeSet<_> = cat.keys().collect();
            let missing: Vec<_> = base.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&base).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{}: missing {missing:?}, extra {extra:?}", lang.code);
        }
    }

    #[test]
    fn placeholders_match_across_languages() {
        let cats = built_in();
        let holes = |s: &str| -> BTreeSet<String> {
            s.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(n, _)| n.to_string()).collect()
        };
        for (key, nl) in cats[0] {
            for (lang, cat) in LANGUAGES.iter().zip(&cats).skip(1) {
                assert_eq!(holes(nl), holes(cat[key]), "{key} in {}", lang.code);
            }
        }
    }

    /// Every `t(…, "key")` / `tf(…, "key", …)` in the sources names a key that exists.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let cats = built_in();
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let src = std::fs::read_to_string(&path).unwrap();
                for key in used_keys(&src) {
                    if !cats[0].contains_key(key.as_str()) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys used but not in locales/nl.txt: {missing:#?}");
    }

    /// Keys are written as string literals that contain a dot and no spaces, passed to t/tf, a
    /// `tr(` helper, `text(` (`i.text("home.title")`) or `link(` (a page's link to another page):
    /// `t(lang, "home.title")`, `tr("home.title")`, `link(Route::Maps, "maps.link")`.
    fn used_keys(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for marker in ["t(", "tf(", "tr(", "trf(", "text(", "link("] {
            for (i, _) in src.match_indices(marker) {
                let prev = src[..i].chars().last();
                if prev.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &src[i + marker.len()..];
                let Some(start) = rest.find('"') else { continue };
                if rest[..start].contains(')') || rest[..start].contains('\n') {
                    continue;
                }
                let lit = &rest[start + 1..];
                let Some(end) = lit.find('"') else { continue };
                let key = &lit[..end];
                if key.contains('.') && !key.contains(' ') && !key.contains('{') {
                    out.push(key.to_string());
                }
            }
        }
        out
    }

    /// Every catalog says whether a native speaker checked it, in a form the README describes,
    /// and what the app knows while compiling (`Language::reviewed`) is what the catalog says.
    #[test]
    fn every_language_has_a_review_status() {
        for l in LANGUAGES {
            let status = review_status(l.code).unwrap_or_else(|| panic!("{}: no valid meta.review line", l.code));
            assert_eq!(l.reviewed, matches!(status, ReviewStatus::Reviewed { .. }), "{}", l.code);
        }
        assert!(language("nl").unwrap().reviewed && language("en").unwrap().reviewed);
    }

    /// A translation that is the Dutch text again is a copy nobody translated: the person would
    /// meet Dutch without any sign of it. Only a name stays the same.
    #[test]
    fn no_catalog_copies_dutch_texts() {
        let cats = built_in();
        let letters = |s: &str| {
            let without_holes: String = s.split('{').map(|p| p.split_once('}').map_or(p, |(_, rest)| rest)).collect();
            without_holes.chars().any(char::is_alphabetic)
        };
        let allowed = [("en", "rec.field.week")]; // "Week" in both
        for (lang, cat) in LANGUAGES.iter().zip(&cats).skip(1) {
            for (key, nl) in cats[0] {
                let same = cat.get(key) == Some(nl) && letters(nl) && *key != "app.name";
                assert!(!same || allowed.contains(&(lang.code, *key)), "{key} in {} is the Dutch text", lang.code);
            }
        }
    }

    /// Arabic and Ukrainian texts are written in their own script (a copied English or Dutch
    /// text would not be).
    #[test]
    fn texts_are_in_the_script_of_their_language() {
        let cats = built_in();
        for (code, script) in [("ar", '\u{0600}'..='\u{06FF}'), ("uk", '\u{0400}'..='\u{04FF}')] {
            let i = LANGUAGES.iter().position(|l| l.code == code).unwrap();
            for (key, text) in cats[i] {
                if ["meta.review", "app.name", "form.group_instance"].contains(key) {
                    continue;
                }
                assert!(text.chars().any(|c| script.contains(&c)), "{key} in {code}: {text}");
            }
        }
    }

    #[test]
    fn right_to_left_text_isolates_each_filled_in_value() {
        let ar = tf("ar", "urgent.call", &[("phone", "088 123 45 67")]);
        assert!(ar.contains("\u{2068}088 123 45 67\u{2069}"), "{ar}");
        assert!(ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
        // Left-to-right languages get the value as it is.
        assert_eq!(tf("tr", "urgent.call", &[("phone", "112")]), "112 numarasını arayın");
        assert_eq!(tf("nl", "urgent.call", &[("phone", "112")]), "Bel 112");
    }

    #[test]
    fn an_untranslated_dutch_text_reads_left_to_right_on_an_arabic_page() {
        let mut text = crate::engine::LocalText::plain("Bij direct gevaar. Bel 112.");
        assert_eq!(local("ar", &text), "\u{2066}Bij direct gevaar. Bel 112.\u{2069}");
        assert_eq!(local("tr", &text), "Bij direct gevaar. Bel 112.");
        text.translations.push(("ar".into(), "في حالة الخطر المباشر.".into()));
        assert_eq!(local("ar", &text), "في حالة الخطر المباشر.");
        assert_eq!(local("nl", &text), "Bij direct gevaar. Bel 112.");
    }

    #[test]
    fn negotiation_and_fallback() {
        assert_eq!(choose(None, ["fr", "en-GB", "nl"], &offered(None)).code, "en");
        assert_eq!(choose(None, ["fr"], &offered(None)).code, "nl");
        assert_eq!(t("en", "no.such.key"), "no.such.key");
        assert_eq!(tf("nl", "form.progress", &[("current", "2"), ("total", "5")]), "Stap 2 van 5");
    }
}
