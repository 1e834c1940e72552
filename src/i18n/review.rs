//! Whether a native speaker has checked a language. Each catalog says so itself in its
//! `meta.review` line: `reviewed:<name>:<yyyy-mm-dd>` once signed off, `unreviewed` until then.
//! Crisis and legal texts must be right, so a language nobody checked yet is offered only where
//! the municipality switches it on (see `offer.rs`), with a note in that language.

/// Whether `catalog` (a whole catalog file) has a `meta.review = reviewed:…` line. A `const fn`:
/// `LANGUAGES` learns it while compiling, so the catalog's text does not end up in the download
/// (only Dutch is built in; the others are fetched when chosen).
pub const fn signed_off(catalog: &str) -> bool {
    let b = catalog.as_bytes();
    let key = b"meta.review";
    let mut i = 0;
    while i < b.len() {
        if starts_at(b, i, key) {
            let mut j = skip_blanks(b, i + key.len());
            if j < b.len() && b[j] == b'=' {
                j = skip_blanks(b, j + 1);
                return starts_at(b, j, b"reviewed:");
            }
        }
        while i < b.len() && b[i] != b'\n' {
            i += 1;
        }
        i += 1;
    }
    false
}

const fn starts_at(b: &[u8], at: usize, word: &[u8]) -> bool {
    if at + word.len() > b.len() {
        return false;
    }
    let mut k = 0;
    while k < word.len() {
        if b[at + k] != word[k] {
            return false;
        }
        k += 1;
    }
    true
}

const fn skip_blanks(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && (b[at] == b' ' || b[at] == b'\t') {
        at += 1;
    }
    at
}

/// A catalog's `meta.review` value, read in full (for the tests and the README's sign-off rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewStatus {
    Unreviewed,
    Reviewed { by: String, on: crate::civil_date::CivilDate },
}

impl ReviewStatus {
    /// `unreviewed`, or `reviewed:<name>:<yyyy-mm-dd>` with a name and a real date; else `None`.
    pub fn parse(value: &str) -> Option<ReviewStatus> {
        let value = value.trim();
        if value == "unreviewed" {
            return Some(ReviewStatus::Unreviewed);
        }
        let rest = value.strip_prefix("reviewed:")?;
        let (by, on) = rest.rsplit_once(':')?;
        let on = crate::civil_date::CivilDate::parse_iso(on.trim())?;
        let by = by.trim();
        (!by.is_empty()).then(|| ReviewStatus::Reviewed { by: by.to_string(), on })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_review_line_at_compile_time_and_in_full() {
        assert!(signed_off("# x\nmeta.review = reviewed:A. Yilmaz:2027-01-15\napp.name = W\n"));
        assert!(signed_off("meta.review=reviewed:B:2027-01-15"));
        assert!(!signed_off("meta.review = unreviewed\n"));
        assert!(!signed_off("# meta.review = reviewed:A:2027-01-15\n"));
        assert!(!signed_off("app.name = W\n"));
        assert!(!signed_off("meta.reviewer = reviewed:A:2027-01-15\n"));

        assert_eq!(ReviewStatus::parse("unreviewed"), Some(ReviewStatus::Unreviewed));
        let r = ReviewStatus::parse("reviewed:A. Yilmaz:2027-01-15").unwrap();
        assert!(matches!(r, ReviewStatus::Reviewed { ref by, .. } if by == "A. Yilmaz"));
        assert_eq!(ReviewStatus::parse("reviewed::2027-01-15"), None, "a name is needed");
        assert_eq!(ReviewStatus::parse("reviewed:A:2027-02-30"), None, "a real date is needed");
        assert_eq!(ReviewStatus::parse("reviewed:A"), None);
        assert_eq!(ReviewStatus::parse("checked"), None);
    }
}
