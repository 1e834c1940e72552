//! Read-aloud ("Lees voor"), the decisions: which of the browser's voices may read a language,
//! what is read and in which order, and how fast. Pure: the browser's speech synthesis is behind
//! `web::speech`, the button and its settings in `ui::read_aloud` and `ui::reader`.
//!
//! Privacy first: some browsers offer voices that run on a company's servers (Chrome's
//! "Google …", Edge's "… Online"). A question read by such a voice (a question about suicide
//! too) leaves the device. So [`choose_voice`] picks only voices on the device; a server voice
//! is offered, never used, until the person chooses it.

/// A voice as the browser describes it (`SpeechSynthesisVoice`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceInfo {
    pub name: String,
    /// A BCP-47 tag, as the browser gives it: `nl-NL`, `nl_BE` (some Android versions), `NL`.
    pub lang: String,
    /// `localService`: the voice runs on this device; `false` means the text goes to a server.
    pub local: bool,
    /// The browser's default voice (for its own language).
    pub default: bool,
}

/// The language tag to speak the app language `code` in (the tags the issue names).
pub fn speech_tag(code: &str) -> &'static str {
    match code {
        "nl" => "nl-NL",
        "en" => "en-GB",
        "ar" => "ar",
        "tr" => "tr-TR",
        "pl" => "pl-PL",
        "uk" => "uk-UA",
        _ => "nl-NL",
    }
}

fn subtags(tag: &str) -> impl Iterator<Item = String> + '_ {
    tag.split(['-', '_']).map(str::to_ascii_lowercase)
}

/// Whether a voice's language is the language of `tag` (the first subtag: `nl-BE` reads `nl-NL`).
pub fn same_language(voice_lang: &str, tag: &str) -> bool {
    let (a, b) = (subtags(voice_lang).next(), subtags(tag).next());
    a.is_some_and(|a| !a.is_empty() && Some(a) == b)
}

/// Whether a voice's tag is `tag` itself (region included, `nl_NL` = `nl-NL`).
fn same_tag(voice_lang: &str, tag: &str) -> bool {
    subtags(voice_lang).eq(subtags(tag))
}

/// What the device offers for a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceChoice {
    /// A voice on the device: the index in the list given to [`choose_voice`].
    Device(usize),
    /// Only voices that run on a company's server: their indices, best first. Used only after
    /// the person chooses one.
    ServerOnly(Vec<usize>),
    /// No voice for this language at all.
    None,
}

/// The best voices of `voices` for `tag`: the exact tag before the same language in another
/// region, the browser's default before the rest, otherwise in the browser's order.
fn ranked(voices: &[VoiceInfo], tag: &str, local: bool) -> Vec<usize> {
    let mut found: Vec<usize> =
        (0..voices.len()).filter(|&k| voices[k].local == local && same_language(&voices[k].lang, tag)).collect();
    found.sort_by_key(|&k| (!same_tag(&voices[k].lang, tag), !voices[k].default));
    found
}

/// Which voice reads `tag`: a device voice when there is one, else the server voices on offer.
pub fn choose_voice(voices: &[VoiceInfo], tag: &str) -> VoiceChoice {
    if let Some(&k) = ranked(voices, tag, true).first() {
        return VoiceChoice::Device(k);
    }
    let server = ranked(voices, tag, false);
    if server.is_empty() {
        VoiceChoice::None
    } else {
        VoiceChoice::ServerOnly(server)
    }
}

/// What is lit up while a part is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The question's text.
    Question,
    /// Answer option `k` (in the questionnaire's order, as shown).
    Option(usize),
    /// The free-text field of an open choice ("Anders, namelijk:").
    Other,
    /// Block `k` of a result screen (a heading, paragraph, list item or table row).
    Block(usize),
}

/// One utterance: a text and what is lit up while it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub target: Target,
}

/// Longer texts are read in sentences: some voices stop after about fifteen seconds of one
/// utterance (Chrome's server voices), and a stop or a slower speed then restarts closer by.
pub const MAX_PART_CHARS: usize = 200;

/// `text` in pieces of at most about `max` characters, cut after a sentence (`.`, `?`, `!`, `:`,
/// `;` and a space), else after a comma, else at a space; never inside a word.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let text = clean_text(text);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while rest.chars().count() > max {
        // Up to and with the character after the limit: a space there is a fine place to cut.
        let limit = rest.char_indices().nth(max + 1).map_or(rest.len(), |(i, _)| i);
        let head = &rest[..limit];
        let cut_after = |marks: &[char]| head.match_indices(' ').map(|(i, _)| i).rfind(|&i| head[..i].ends_with(marks));
        let cut = cut_after(&['.', '?', '!', ':', ';'])
            .or_else(|| cut_after(&[',']))
            .or_else(|| head.rfind(' '))
            .filter(|&i| i > 0);
        // One word longer than `max` (a web address): read whole, up to the next space.
        let cut = cut.or_else(|| rest[limit..].find(' ').map(|i| limit + i)).unwrap_or(rest.len());
        out.push(rest[..cut].trim().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Whitespace made single spaces; separators (`,`) a page's cells leave at the start, the end or
/// twice in a row are dropped.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if word == "," && (out.is_empty() || out.ends_with(',')) {
            continue;
        }
        if word == "," {
            out.push(',');
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([',', ' ']).to_string()
}

/// Ends a block of text put together from a page: a table cell gets `,`, a paragraph, heading or
/// list item `.`, where the text has no mark of its own, so the voice pauses between a name and
/// what follows ("Schuldhulp. Voor hulp bij schulden", not "Schuldhulp Voor hulp").
pub fn end_block(text: &mut String, mark: char) {
    text.truncate(text.trim_end().len());
    if text.chars().last().is_some_and(|c| c.is_alphanumeric() || c == ')') {
        text.push(mark);
    }
    text.push(' ');
}

fn push(parts: &mut Vec<Part>, text: &str, target: Target) {
    parts.extend(split_text(text, MAX_PART_CHARS).into_iter().map(|text| Part { text, target }));
}

/// A question, read as it is shown: the question, then each answer option, then the free-text
/// field of an open choice (`other`). Empty texts are left out.
pub fn question_parts(question: &str, options: &[String], other: Option<&str>) -> Vec<Part> {
    let mut parts = Vec::new();
    push(&mut parts, question, Target::Question);
    for (k, o) in options.iter().enumerate() {
        push(&mut parts, o, Target::Option(k));
    }
    if let Some(o) = other {
        push(&mut parts, o, Target::Other);
    }
    parts
}

/// A result screen's blocks, in the order shown. Empty blocks are left out (their numbers stay,
/// so `Block(k)` is still the `k`-th block on the screen).
pub fn block_parts(blocks: &[String]) -> Vec<Part> {
    let mut parts = Vec::new();
    for (k, b) in blocks.iter().enumerate() {
        push(&mut parts, b, Target::Block(k));
    }
    parts
}

/// How fast the voice reads. Kept on the device (in the open map: it belongs to the person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    #[default]
    Normal,
    Slower,
    Slowest,
}

impl Speed {
    pub const ALL: [Speed; 3] = [Speed::Normal, Speed::Slower, Speed::Slowest];

    /// `SpeechSynthesisUtterance.rate` (1 is the voice's own speed).
    pub fn rate(self) -> f32 {
        match self {
            Speed::Normal => 1.0,
            Speed::Slower => 0.8,
            Speed::Slowest => 0.6,
        }
    }

    /// As kept in storage and used as the `<option>` value.
    pub fn code(self) -> &'static str {
        match self {
            Speed::Normal => "normal",
            Speed::Slower => "slower",
            Speed::Slowest => "slowest",
        }
    }

    /// A stored or chosen value; anything unknown is the normal speed.
    pub fn parse(code: &str) -> Speed {
        Speed::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Speed::Normal => "read_aloud.speed_normal",
            Speed::Slower => "read_aloud.speed_slower",
            Speed::Slowest => "read_aloud.speed_slowest",
        }
    }
}

/// The storage key of the chosen [`Speed`].
pub const SPEED_KEY: &str = "wijkpeil:pref:read-aloud-speed";

/// Why an utterance's `error` event came: the person (or the app) stopped it, or it failed.
pub fn is_stop_error(code: &str) -> bool {
    matches!(code, "interrupted" | "canceled")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str, lang: &str, local: bool, default: bool) -> VoiceInfo {
        VoiceInfo { name: name.into(), lang: lang.into(), local, default }
    }

    #[test]
    fn tags_for_every_language() {
        assert_eq!(speech_tag("nl"), "nl-NL");
        assert_eq!(speech_tag("en"), "en-GB");
        assert_eq!(speech_tag("ar"), "ar");
        assert_eq!(speech_tag("tr"), "tr-TR");
        assert_eq!(speech_tag("pl"), "pl-PL");
        assert_eq!(speech_tag("uk"), "uk-UA");
        // Every language the app has gets its own tag, not the Dutch fallback.
        for l in crate::i18n::LANGUAGES {
            assert!(same_language(speech_tag(l.code), l.code), "{}", l.code);
        }
    }

    #[test]
    fn languages_compare_by_their_first_subtag() {
        assert!(same_language("nl-BE", "nl-NL"));
        assert!(same_language("nl_NL", "nl-NL"));
        assert!(same_language("NL", "nl-NL"));
        assert!(same_language("ar-SA", "ar"));
        assert!(!same_language("en-GB", "nl-NL"));
        assert!(!same_language("", "nl-NL"));
        assert!(!same_language("uk-UA", "ur-PK"));
    }

    #[test]
    fn a_device_voice_is_chosen_never_a_server_voice() {
        let voices = [
            v("Google Nederlands", "nl-NL", false, false),
            v("Xander", "nl-NL", true, false),
            v("Daniel", "en-GB", true, true),
        ];
        assert_eq!(choose_voice(&voices, "nl-NL"), VoiceChoice::Device(1));
        assert_eq!(choose_voice(&voices, "en-GB"), VoiceChoice::Device(2));
    }

    #[test]
    fn the_exact_region_and_the_default_come_first() {
        let voices =
            [v("Ellen", "nl-BE", true, false), v("Claire", "nl-NL", true, false), v("Xander", "nl-NL", true, true)];
        assert_eq!(choose_voice(&voices, "nl-NL"), VoiceChoice::Device(2));
        // Another region when that is all there is.
        assert_eq!(choose_voice(&voices[..1], "nl-NL"), VoiceChoice::Device(0));
        // Among equals, the browser's order.
        assert_eq!(choose_voice(&voices[..2], "nl-NL"), VoiceChoice::Device(1));
    }

    #[test]
    fn server_voices_are_only_offered() {
        let voices = [
            v("Microsoft Emel Online (Natural) - Turkish (Turkey)", "tr-TR", false, false),
            v("Google Türkçe", "tr-TR", false, false),
            v("Xander", "nl-NL", true, true),
        ];
        assert_eq!(choose_voice(&voices, "tr-TR"), VoiceChoice::ServerOnly(vec![0, 1]));
        assert_eq!(choose_voice(&voices, "pl-PL"), VoiceChoice::None);
        assert_eq!(choose_voice(&[], "nl-NL"), VoiceChoice::None);
    }

    #[test]
    fn a_question_is_read_question_first_then_each_option() {
        let parts = question_parts("Hoe gaat het?", &["Goed".into(), "".into(), "Slecht".into()], Some("Anders:"));
        let got: Vec<_> = parts.iter().map(|p| (p.text.as_str(), p.target)).collect();
        assert_eq!(
            got,
            [
                ("Hoe gaat het?", Target::Question),
                ("Goed", Target::Option(0)),
                ("Slecht", Target::Option(2)),
                ("Anders:", Target::Other),
            ]
        );
    }

    #[test]
    fn blocks_keep_their_numbers() {
        let parts = block_parts(&["Uitkomst".into(), "  ".into(), "Wonen: goed".into()]);
        let got: Vec<_> = parts.iter().map(|p| p.target).collect();
        assert_eq!(got, [Target::Block(0), Target::Block(2)]);
    }

    #[test]
    fn long_texts_are_cut_after_sentences() {
        let s = "Dit is zin een. ".repeat(20);
        let pieces = split_text(&s, 40);
        assert!(pieces.len() > 5);
        for p in &pieces {
            assert!(p.chars().count() <= 40, "{p}");
            assert!(p.ends_with('.'), "{p}");
        }
        assert_eq!(pieces.join(" "), s.trim());
    }

    #[test]
    fn without_a_sentence_end_a_comma_or_a_space_will_do() {
        let pieces = split_text("een, twee drie vier", 12);
        assert_eq!(pieces, ["een,", "twee drie", "vier"]);
        let pieces = split_text("aaaa bbbb cccc", 9);
        assert_eq!(pieces, ["aaaa bbbb", "cccc"]);
        // A word longer than the limit stays whole.
        let long = "https://example.org/a/very/long/address";
        assert_eq!(split_text(&format!("Zie {long} nu"), 10), ["Zie", long, "nu"]);
        assert_eq!(split_text("ééé ééé", 4), ["ééé", "ééé"]);
        assert!(split_text("   ", 10).is_empty());
    }

    #[test]
    fn blocks_end_with_a_pause() {
        let mut t = String::from("Schuldhulp  ");
        end_block(&mut t, '.');
        t.push_str("Voor hulp.");
        end_block(&mut t, '.');
        assert_eq!(t, "Schuldhulp. Voor hulp. ");
        let mut t = String::from("Past het?");
        end_block(&mut t, ',');
        t.push_str("Nee");
        end_block(&mut t, ',');
        assert_eq!(clean_text(&t), "Past het? Nee");
        let mut t = String::new();
        end_block(&mut t, '.');
        assert_eq!(clean_text(&t), "");
        let mut t = String::from("لا");
        end_block(&mut t, '.');
        assert_eq!(t, "لا. ");
    }

    #[test]
    fn cleaning_drops_stray_separators() {
        assert_eq!(clean_text("  Wonen \n ,  goed , , slecht ,  "), "Wonen, goed, slecht");
        assert_eq!(clean_text(", a"), "a");
    }

    #[test]
    fn speeds_round_trip_and_slow_down() {
        for s in Speed::ALL {
            assert_eq!(Speed::parse(s.code()), s);
        }
        assert_eq!(Speed::parse("fast"), Speed::Normal);
        assert!(Speed::Slower.rate() < Speed::Normal.rate());
        assert!(Speed::Slowest.rate() < Speed::Slower.rate());
    }

    #[test]
    fn stop_errors_are_not_failures() {
        assert!(is_stop_error("interrupted"));
        assert!(is_stop_error("canceled"));
        assert!(!is_stop_error("synthesis-failed"));
        assert!(!is_stop_error("not-allowed"));
    }
}
