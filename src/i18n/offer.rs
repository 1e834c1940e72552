//! Which languages the app offers, and which one it starts in. A language a native speaker has
//! signed off (`review.rs`) is offered everywhere; one that nobody checked yet only where the
//! municipality switches it on (`"languages"` in its config), because the crisis and legal texts
//! must be right. Dutch is always offered: it is built in and the fallback for everything.

use super::{default_language, language, Language, LANGUAGES};

/// The languages on offer, in the order of [`LANGUAGES`]. `enabled` is the config's
/// `"languages"` list: exactly those (and Dutch). Without it: the signed-off languages.
pub fn offered(enabled: Option<&[String]>) -> Vec<&'static Language> {
    LANGUAGES
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            *i == 0
                || match enabled {
                    Some(list) => list.iter().any(|c| c.eq_ignore_ascii_case(l.code)),
                    None => l.reviewed,
                }
        })
        .map(|(_, l)| l)
        .collect()
}

/// Before the config has arrived: the signed-off languages, and the one chosen earlier on this
/// device (it was on offer when it was chosen; the config may still take it back).
pub fn offered_before_config(saved: Option<&'static Language>) -> Vec<&'static Language> {
    LANGUAGES.iter().filter(|l| l.reviewed || saved == Some(*l) || l.code == default_language().code).collect()
}

/// The language to show: the person's own choice if it is on offer, else the first language of
/// the browser's preferences that is on offer (`tr-TR` matches `tr`), else Dutch.
pub fn choose<'a>(
    saved: Option<&'static Language>,
    preferred: impl IntoIterator<Item = &'a str>,
    offered: &[&'static Language],
) -> &'static Language {
    let on_offer = |l: &&'static Language| offered.contains(l);
    saved
        .filter(on_offer)
        .or_else(|| {
            preferred.into_iter().find_map(|tag| language(tag.split(['-', '_']).next().unwrap_or(tag)).filter(on_offer))
        })
        .unwrap_or_else(default_language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(ls: &[&Language]) -> Vec<&'static str> {
        ls.iter().map(|l| l.code).collect()
    }

    fn list(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn only_signed_off_languages_unless_the_municipality_switches_one_on() {
        let signed: Vec<_> = LANGUAGES.iter().filter(|l| l.reviewed).map(|l| l.code).collect();
        assert_eq!(codes(&offered(None)), signed);
        assert!(signed.contains(&"nl"));
        // The config's list decides; Dutch is always there.
        assert_eq!(codes(&offered(Some(&list(&["ar", "uk"])))), ["nl", "ar", "uk"]);
        assert_eq!(
            codes(&offered(Some(&list(&["nl", "en", "ar", "tr", "pl", "uk"])))),
            ["nl", "en", "ar", "tr", "pl", "uk"]
        );
        assert_eq!(codes(&offered(Some(&[]))), ["nl"]);
    }

    #[test]
    fn a_saved_choice_waits_for_the_config_and_is_dropped_when_it_is_not_switched_on() {
        let ar = language("ar");
        assert!(!ar.unwrap().reviewed, "this test assumes Arabic is not signed off yet");
        let before = offered_before_config(ar);
        assert!(before.contains(&ar.unwrap()));
        assert_eq!(choose(ar, ["nl-NL"], &before).code, "ar");
        // The config does not switch Arabic on: the browser's language, then Dutch.
        let after = offered(None);
        assert_eq!(choose(ar, ["en-GB"], &after).code, "en");
        assert_eq!(choose(ar, ["fr"], &after).code, "nl");
        // It does: the saved choice stays.
        let all = offered(Some(&list(&["nl", "en", "ar", "tr", "pl", "uk"])));
        assert_eq!(choose(ar, ["en"], &all).code, "ar");
    }

    #[test]
    fn the_browser_language_counts_only_when_it_is_on_offer() {
        let all = offered(Some(&list(&["nl", "en", "ar", "tr", "pl", "uk"])));
        assert_eq!(choose(None, ["tr-TR", "nl"], &all).code, "tr");
        assert_eq!(choose(None, ["uk_UA"], &all).code, "uk");
        assert_eq!(choose(None, ["pl", "en"], &offered(None)).code, "en");
        assert_eq!(choose(None, [], &all).code, "nl");
    }
}
