//! Texts that come with a questionnaire or config, in one base language plus translations.

/// A text with optional translations (FHIR `translation` extension, or a config `{ "nl": .., "en": .. }`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalText {
    pub base: String,
    /// `(language tag, text)` pairs, in the order they were found.
    pub translations: Vec<(String, String)>,
}

impl LocalText {
    pub fn plain(s: impl Into<String>) -> Self {
        LocalText { base: s.into(), translations: Vec::new() }
    }

    /// The text in `lang`: an exact tag match first, then the same primary language
    /// (`en` for `en-GB`), else the base text.
    pub fn get(&self, lang: &str) -> &str {
        if let Some((_, t)) = self.translations.iter().find(|(l, _)| l.eq_ignore_ascii_case(lang)) {
            return t;
        }
        let primary = primary_subtag(lang);
        self.translations
            .iter()
            .find(|(l, _)| primary_subtag(l).eq_ignore_ascii_case(primary))
            .map(|(_, t)| t.as_str())
            .unwrap_or(&self.base)
    }

    pub fn is_empty(&self) -> bool {
        self.base.is_empty() && self.translations.is_empty()
    }
}

fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_exact_then_primary_then_base() {
        let t = LocalText {
            base: "Hallo".into(),
            translations: vec![("en".into(), "Hello".into()), ("ar".into(), "مرحبا".into())],
        };
        assert_eq!(t.get("en"), "Hello");
        assert_eq!(t.get("en-GB"), "Hello");
        assert_eq!(t.get("ar"), "مرحبا");
        assert_eq!(t.get("tr"), "Hallo");
    }
}
