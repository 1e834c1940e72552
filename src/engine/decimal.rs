//! Decimal numbers as text, both ways, through serde_json's number reader and writer, which the
//! first part holds anyway to read questionnaires. `str::parse::<f64>` and `f64`'s `Display`
//! each bring their own algorithm and tables (about 25 KB of download together, twiggy on the
//! release wasm, 3 December 2026) for one kind of question.

/// Reads a decimal number as people and files write it: `12`, `-0.5`, `.5`, `5.`, `+3`,
/// `1e3` (no decimal comma: the caller turns that into a point). `None` for anything else and
/// for numbers too large for an `f64`. What [`format`] writes reads back as the same number, and
/// every text that `str::parse::<f64>` reads exactly (up to 15 significant digits, or the
/// shortest form of a number) gives the same number here; a longer text may land one binary digit
/// beside it.
const MAX_OFF: usize = 8;

pub fn parse(text: &str) -> Option<f64> {
    let json = as_json_number(text)?;
    let near = serde_json::from_str::<f64>(&json).ok().filter(|d| d.is_finite())?;
    // serde_json's reader may be a few binary digits off beyond 15 digits (measured: at most
    // MAX_OFF over all f64s written by `format`, see the tests): the neighbour whose shortest form
    // is the text's number is the one meant.
    let meant = digits_and_point(&json);
    let (mut up, mut down) = (near, near);
    for _ in 0..=MAX_OFF {
        for d in [up, down] {
            if digits_and_point(&format(d)) == meant {
                return Some(d);
            }
        }
        (up, down) = (up.next_up(), down.next_down());
    }
    Some(near)
}

/// A number's value as text, without its form: sign, significant digits, and where the point
/// goes (`"0.50"`, `"5e-1"` and `".5"` give the same).
fn digits_and_point(text: &str) -> (bool, String, i64) {
    let (negative, rest) = text.strip_prefix('-').map_or((false, text), |r| (true, r));
    let (mantissa, exp) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_string();
    if digits.is_empty() {
        // Zero keeps its sign: `-0` is written as `-0`, as `Display` does.
        return (negative, digits, 0);
    }
    (negative, digits, int.len() as i64 - lead as i64 + exp)
}

/// The shortest digits that read back as `d`, without an exponent (`1.75`, `100`, `0.00000015`):
/// the text `d.to_string()` gives, except where two shortest forms are exactly as near to `d`
/// (`-587517593807057.25` has 17 digits: `….2` here, `….3` from `Display`). Numbers people type
/// never reach such a tie: they have 15 digits or fewer.
pub fn format(d: f64) -> String {
    let Some(n) = serde_json::Number::from_f64(d) else {
        // NaN or infinite: never parsed by `parse`, but a value built in code could be.
        return if d.is_nan() {
            "NaN".into()
        } else if d > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    };
    without_exponent(&n.to_string())
}

/// JSON's number grammar is strict (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`): a plus
/// sign, leading zeros, and a point without digits on one side are rewritten to fit it.
fn as_json_number(text: &str) -> Option<String> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 2);
    if negative {
        out.push('-');
    }
    let int = int.trim_start_matches('0');
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if let Some(e) = exponent {
        let e_digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e_digits.is_empty() || !digits(e_digits) {
            return None;
        }
        out.push('e');
        out.push_str(e);
    }
    Some(out)
}

/// `1.5e-7` → `0.00000015`, `1e21` → `1000000000000000000000`, `100.0` → `100`: the value of
/// a number's text (see [`digits_and_point`]) written out without an exponent.
fn without_exponent(text: &str) -> String {
    let (negative, digits, point) = digits_and_point(text);
    let mut out = String::from(if negative { "-" } else { "" });
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_people_type() {
        for (text, want) in [
            ("12", 12.0),
            ("-0.5", -0.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("+3", 3.0),
            ("007", 7.0),
            ("1e3", 1000.0),
            ("1.5E-2", 0.015),
            ("0", 0.0),
        ] {
            assert_eq!(parse(text), Some(want), "{text}");
        }
        for text in ["", "-", ".", "1.2.3", "1,5", "abc", "1e", "e5", "inf", "NaN", "1e999", "--1", "1 000", "١٢"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn a_tie_ends_one_digit_lower_than_display() {
        let d = -(587_517_593_807_057.0 + 0.25); // exact: a tie between ….2 and ….3
        assert_eq!((format(d).as_str(), d.to_string().as_str()), ("-587517593807057.2", "-587517593807057.3"));
    }

    #[test]
    fn writes_like_display() {
        for d in [
            0.0,
            -0.0,
            1.0,
            100.0,
            1.75,
            -2.5,
            0.1,
            1.5e-7,
            1e21,
            1e-7,
            123456.789,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
        ] {
            assert_eq!(format(d), d.to_string(), "{d:e}");
        }
    }

    /// How far serde_json's reader lands from the number meant, over many f64s (prints figures).
    #[test]
    fn serde_json_lands_within_max_off() {
        let mut worst = 0u64;
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let d = f64::from_bits(x);
            if !d.is_finite() {
                continue;
            }
            let near: f64 = serde_json::from_str(&as_json_number(&format(d)).unwrap()).unwrap();
            let off = (near.to_bits() as i64 - d.to_bits() as i64).unsigned_abs();
            worst = worst.max(off);
        }
        println!("serde_json reader: worst {worst} binary digits off");
        assert!(worst <= MAX_OFF as u64, "worst {worst}");
    }

    proptest! {
        #[test]
        fn the_same_as_std_for_numbers_people_type(int in 0u64..10_000_000, frac in 0u64..100_000_000, places in 0usize..8, negative: bool) {
            let text = format!("{}{int}.{:0places$}", if negative { "-" } else { "" }, frac % 10u64.pow(places as u32));
            let text = if places == 0 { text.trim_end_matches('.').to_string() } else { text };
            prop_assert_eq!(parse(&text), text.parse::<f64>().ok(), "{}", text);
        }

        #[test]
        fn writes_every_f64_as_short_as_display_and_exact(bits: u64) {
            let d = f64::from_bits(bits);
            prop_assume!(d.is_finite());
            let (ours, std) = (format(d), d.to_string());
            prop_assert_eq!(ours.parse::<f64>().map(f64::to_bits), Ok(d.to_bits()), "{}", ours);
            prop_assert_eq!(ours.len(), std.len(), "{} {}", ours, std);
        }

        #[test]
        fn writes_like_display_up_to_15_digits(digits in 1u64..1_000_000_000_000_000, point in 0i32..=22, negative: bool) {
            let d = digits as f64 / 10f64.powi(point) * if negative { -1.0 } else { 1.0 };
            prop_assert_eq!(format(d), d.to_string());
        }

        #[test]
        fn reads_back_what_it_writes(bits: u64) {
            let d = f64::from_bits(bits);
            prop_assume!(d.is_finite());
            prop_assert_eq!(parse(&format(d)).map(f64::to_bits), Some(d.to_bits()));
        }

        #[test]
        fn reads_long_numbers_within_one_binary_digit(digits in "[1-9][0-9]{15,24}", point in 0usize..16) {
            let text = format!("{}.{}", &digits[..point + 1], &digits[point + 1..]);
            let (ours, std) = (parse(&text).unwrap(), text.parse::<f64>().unwrap());
            prop_assert!(ours == std || ours.next_up() == std || ours.next_down() == std, "{} {} {}", text, ours, std);
        }
    }
}
