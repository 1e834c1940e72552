//! Calendar arithmetic for records: day numbers, ISO 8601 weeks and quarters. A record carries
//! only its ISO week (or, for an urgent signal, its quarter): never a date or a time.

/// Days since 1970-01-01 of a (proleptic Gregorian) date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The civil date of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + if m <= 2 { 1 } else { 0 }) as i32;
    (y, m, d)
}

/// ISO 8601 week of a date: `(week-based year, week 1..=53)`.
pub fn iso_week(year: i32, month: u32, day: u32) -> (i32, u32) {
    let days = days_from_civil(year, month, day);
    let weekday = (days + 3).rem_euclid(7); // 0 = Monday
    let thursday = days - weekday + 3; // the week belongs to the year of its Thursday
    let (ty, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(ty, 1, 1);
    (ty, ((thursday - jan1) / 7 + 1) as u32)
}

/// `2026-W47` for a date: the only time a record carries.
pub fn week_code(date: (i32, u32, u32)) -> String {
    let (y, w) = iso_week(date.0, date.1, date.2);
    format!("{y:04}-W{w:02}")
}

/// The `(year, week)` of a week code, if it is one that exists (`2026-W53` does, `2025-W53` not).
/// Any four-digit year: whether a week is plausible (not in the future) is the collector's call.
pub fn parse_week(code: &str) -> Option<(i32, u32)> {
    let b = code.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 8 || &b[4..6] != b"-W" || !digits(0..4) || !digits(6..8) {
        return None;
    }
    let year: i32 = code[..4].parse().ok()?;
    let week: u32 = code[6..].parse().ok()?;
    // 28 December is always in the last ISO week of its year.
    let weeks = iso_week(year, 12, 28).1;
    (1..=weeks).contains(&week).then_some((year, week))
}

/// The quarter of an ISO week code (`2026-Q4`): that of the week's Thursday.
pub fn quarter_of_week(week: &str) -> Option<String> {
    let (year, w) = parse_week(week)?;
    let jan4 = days_from_civil(year, 1, 4); // always in week 1
    let monday1 = jan4 - (jan4 + 3).rem_euclid(7);
    let (_, month, _) = civil_from_days(monday1 + 7 * (i64::from(w) - 1) + 3);
    Some(format!("{year:04}-Q{}", (month - 1) / 3 + 1))
}

/// The quarter of a date (by its ISO week, as the register counts).
pub fn quarter_of_date(date: (i32, u32, u32)) -> String {
    quarter_of_week(&week_code(date)).expect("a week code of a date is valid")
}

/// Whether `code` is a quarter like `2026-Q4` (four-digit year, quarter 1 to 4).
pub fn is_quarter(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 7 && b[..4].iter().all(u8::is_ascii_digit) && &b[4..6] == b"-Q" && (b'1'..=b'4').contains(&b[6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_at_year_edges() {
        assert_eq!(iso_week(2026, 11, 22), (2026, 47));
        assert_eq!(iso_week(2026, 1, 1), (2026, 1)); // a Thursday
        assert_eq!(iso_week(2027, 1, 1), (2026, 53)); // a Friday: last week of 2026
        assert_eq!(iso_week(2024, 12, 30), (2025, 1)); // a Monday: first week of 2025
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
    }

    #[test]
    fn week_codes_exist_or_are_refused() {
        assert_eq!(parse_week("2026-W53"), Some((2026, 53)));
        assert_eq!(parse_week("2025-W53"), None); // 2025 has 52 weeks
        assert_eq!(parse_week("1999-W52"), Some((1999, 52)));
        for bad in ["2026-W00", "2026-W5", "2026W47", "2026-w47", "2026-W47x", "２026-W47", "+026-W47", "-001-W01"] {
            assert_eq!(parse_week(bad), None, "{bad}");
        }
    }

    #[test]
    fn quarters_follow_the_thursday_of_the_week() {
        assert_eq!(quarter_of_week("2026-W39").as_deref(), Some("2026-Q3"));
        assert_eq!(quarter_of_week("2026-W40").as_deref(), Some("2026-Q4")); // Thursday 1 October
        assert_eq!(quarter_of_week("2026-W53").as_deref(), Some("2026-Q4")); // Thursday 31 December
        assert_eq!(quarter_of_date((2027, 1, 1)), "2026-Q4"); // week 53 of 2026
        assert!(is_quarter("2026-Q4"));
        for bad in ["2026-Q0", "2026-Q5", "2026Q4", "2026-q4", "26-Q4", "2026-Q4 "] {
            assert!(!is_quarter(bad), "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in [-719468, -1, 0, 1, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }
}
