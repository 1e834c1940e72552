//! Passphrases for hand-over files: a file sealed with a 6-digit PIN can be opened by trying all
//! million PINs on any computer (the file travels; nothing limits the tries). So a hand-over file
//! is sealed with a phrase of at least [`MIN_BITS`] bits: five words drawn at random from 4096
//! common Dutch words (`public/woorden/nl.txt`, 12 bits each), or a longer phrase the person
//! chooses that passes the same [`WordList::strength`] estimate. Map PINs keep their own rule (`vault::check_new_pin`):
//! a map never leaves the device, and the browser's key derivation slows every try.

/// Where the app finds the 4096 common Dutch words, one a line: lowercase `a-z`, 4 to 8 letters,
/// most frequent first (from a word-frequency list, checked against a Dutch dictionary, English
/// look-alikes left out). A file beside the app (`public/woorden/nl.txt`), fetched only when a
/// hand-over file gets a phrase: not part of the first visit.
pub const WORD_LIST_URL: &str = "/woorden/nl.txt";
/// Words in a generated phrase: 5 × 12 bits = 60 bits.
pub const WORDS: usize = 5;
pub const MIN_BITS: u32 = 60;

/// The word list as read from [`WORD_LIST_URL`]: exactly 4096 different words, or `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordList(Vec<String>);

impl WordList {
    pub fn parse(text: &str) -> Option<WordList> {
        let words: Vec<String> = text.lines().map(str::trim).filter(|w| !w.is_empty()).map(str::to_string).collect();
        let mut sorted = words.clone();
        sorted.sort();
        sorted.dedup();
        let ok = words.len() == 4096
            && sorted.len() == 4096
            && words.iter().all(|w| (4..=8).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()));
        ok.then_some(WordList(words))
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.iter().any(|w| w == word)
    }

    /// A phrase of [`WORDS`] words from 8 random bytes (each word takes 12 bits: uniform, as the
    /// list holds exactly 4096 words).
    pub fn generate(&self, random: [u8; 8]) -> String {
        let bits = u64::from_be_bytes(random);
        (0..WORDS).map(|n| self.0[((bits >> (n * 12)) & 0xfff) as usize].as_str()).collect::<Vec<_>>().join(" ")
    }

    /// A cautious estimate of how hard a phrase is to guess, in bits: 12 for each different word
    /// of the list; for any other word 2 bits per letter, at most 20 (people choose words, not
    /// random letters); a repeated word counts once.
    pub fn strength(&self, phrase: &str) -> u32 {
        let normal = normalise(phrase);
        let mut seen: Vec<&str> = Vec::new();
        let mut bits = 0;
        for w in normal.split(' ').filter(|w| !w.is_empty()) {
            if seen.contains(&w) {
                continue;
            }
            seen.push(w);
            bits += if self.contains(w) { 12 } else { (2 * w.chars().count() as u32).min(20) };
        }
        bits
    }

    /// The check for a phrase that will seal a hand-over file.
    pub fn check_new_phrase(&self, phrase: &str, again: &str) -> Result<(), PhraseProblem> {
        if self.strength(phrase) < MIN_BITS {
            return Err(PhraseProblem::TooWeak);
        }
        if normalise(phrase) != normalise(again) {
            return Err(PhraseProblem::Mismatch);
        }
        Ok(())
    }
}

/// The phrase as it is compared: lowercase, words separated by single spaces (so "Boom  fiets"
/// and "boom fiets" open the same file).
pub fn normalise(phrase: &str) -> String {
    phrase
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseProblem {
    /// Too easy to guess (less than [`MIN_BITS`] bits).
    TooWeak,
    /// The two phrases typed differ.
    Mismatch,
}

impl PhraseProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            PhraseProblem::TooWeak => "phrase.too_weak",
            PhraseProblem::Mismatch => "phrase.mismatch",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> WordList {
        WordList::parse(include_str!("../public/woorden/nl.txt")).expect("4096 different words of 4 to 8 letters")
    }

    #[test]
    fn the_list_holds_4096_different_common_words() {
        let list = list();
        for common in ["huis", "fiets", "tafel", "keuken", "vandaag"] {
            assert!(list.contains(common), "{common}");
        }
        assert_eq!(WordList::parse("huis\nhuis"), None);
    }

    #[test]
    fn a_generated_phrase_has_five_words_and_sixty_bits() {
        let list = list();
        let phrase = list.generate([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
        assert_eq!(phrase.split(' ').count(), WORDS);
        assert_eq!(list.strength(&phrase), 60);
        assert_ne!(phrase, list.generate([0; 8]));
        assert_eq!(list.check_new_phrase(&phrase, &phrase.to_uppercase()), Ok(()));
        // A repeated word counts once: such a draw is too weak, and the app draws again.
        assert_eq!(list.check_new_phrase(&list.generate([0; 8]), &list.generate([0; 8])), Err(PhraseProblem::TooWeak));
    }

    #[test]
    fn a_pin_or_a_short_sentence_is_too_weak_for_a_file() {
        let list = list();
        for weak in
            ["135790", "12345678901234", "welkom", "het weer is mooi vandaag", "fiets fiets fiets fiets fiets", ""]
        {
            assert_eq!(list.check_new_phrase(weak, weak), Err(PhraseProblem::TooWeak), "{weak:?}");
        }
        let strong = "fiets tafel keuken huis boom";
        assert_eq!(list.strength(strong), 60);
        assert_eq!(list.check_new_phrase(strong, "fiets tafel keuken huis"), Err(PhraseProblem::Mismatch));
        assert_eq!(list.check_new_phrase(strong, " Fiets  tafel-keuken huis BOOM "), Ok(()));
        // A longer phrase of one's own passes too.
        let own = "mijn oma bakte elke zondag appeltaart voor de buren";
        assert_eq!(list.check_new_phrase(own, own), Ok(()));
    }
}
