//! The service worker keeps every language's texts after a first visit (so no request reveals
//! which language a person chose, and each works offline): its list must name every language
//! the app knows besides Dutch, which is built in.
use wijkpeil::i18n::LANGUAGES;

#[test]
fn the_service_worker_keeps_every_language() {
    let sw = include_str!("../public/sw.js");
    let line = sw.lines().find(|l| l.starts_with("const LOCALES = [")).expect("sw.js has a LOCALES list");
    let mut listed: Vec<&str> = line.split('\'').filter(|p| p.starts_with("/locales/")).collect();
    listed.sort_unstable();
    let mut expected: Vec<String> =
        LANGUAGES.iter().filter(|l| l.code != "nl").map(|l| format!("/locales/{}.txt", l.code)).collect();
    expected.sort_unstable();
    assert_eq!(listed, expected, "public/sw.js LOCALES and src/i18n LANGUAGES differ");
    for path in &expected {
        let file = format!("{}{}", env!("CARGO_MANIFEST_DIR"), path);
        assert!(std::path::Path::new(&file).exists(), "{file} is listed but not there");
    }
}
