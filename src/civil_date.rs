//! A calendar day (year, month, day) without a time or a zone. The follow-up and the history
//! of checks work in whole days: "six weeks after the 3rd" is a day on the calendar, and a
//! change to or from summer time must never move it. "Today" comes from Dutch local time
//! ([`CivilDate::today_amsterdam`]), everything after that is day arithmetic.

use crate::opening_hours::{amsterdam, civil_from_days, days_from_civil};

/// A day of the (proleptic Gregorian) calendar that exists: no 30 February, no month 13.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CivilDate {
    /// The date, if it exists (years 1 to 9999, so it always has a 4-digit ISO form).
    pub fn new(year: i32, month: u32, day: u32) -> Option<CivilDate> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=crate::engine::days_in_month(year as u32, month)).contains(&day);
        ok.then_some(CivilDate { year, month, day })
    }

    /// `YYYY-MM-DD` (a FHIR `date` with a day, as a date input gives it). Partial dates
    /// (`2026-11`) and date-times are refused: a follow-up needs a day.
    pub fn parse_iso(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| &s[r]);
        let year = digits(0..4)?.parse().ok()?;
        let month = digits(5..7)?.parse().ok()?;
        let day = digits(8..10)?.parse().ok()?;
        CivilDate::new(year, month, day)
    }

    /// `YYYY-MM-DD`
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYYMMDD`, the iCalendar `DATE` form.
    pub fn basic(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn from_day_number(days: i64) -> CivilDate {
        let (year, month, day) = civil_from_days(days);
        CivilDate { year, month, day }
    }

    pub fn add_days(self, days: i64) -> CivilDate {
        CivilDate::from_day_number(self.day_number() + days)
    }

    /// `other - self` in days (negative when `other` is earlier).
    pub fn days_until(self, other: CivilDate) -> i64 {
        other.day_number() - self.day_number()
    }

    /// The date in the Netherlands at a UTC moment (seconds since 1970), summer time included.
    pub fn today_amsterdam(utc_seconds: i64) -> CivilDate {
        let t = amsterdam(utc_seconds);
        CivilDate { year: t.year, month: t.month, day: t.day }
    }

    /// As the `(year, month, day)` tuple other modules (the register) take.
    pub fn as_tuple(self) -> (i32, u32, u32) {
        (self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> CivilDate {
        CivilDate::new(y, m, day).unwrap()
    }

    #[test]
    fn only_real_days_exist() {
        assert!(CivilDate::new(2024, 2, 29).is_some());
        assert!(CivilDate::new(2023, 2, 29).is_none());
        assert!(CivilDate::new(1900, 2, 29).is_none());
        assert!(CivilDate::new(2000, 2, 29).is_some());
        assert!(CivilDate::new(2026, 4, 31).is_none());
        assert!(CivilDate::new(2026, 13, 1).is_none());
        assert!(CivilDate::new(2026, 0, 1).is_none());
        assert!(CivilDate::new(2026, 1, 0).is_none());
        assert!(CivilDate::new(0, 1, 1).is_none());
        assert!(CivilDate::new(10000, 1, 1).is_none());
    }

    #[test]
    fn iso_round_trip_and_refusals() {
        assert_eq!(CivilDate::parse_iso("2026-11-22"), Some(d(2026, 11, 22)));
        assert_eq!(d(2026, 1, 5).iso(), "2026-01-05");
        assert_eq!(d(2026, 1, 5).basic(), "20260105");
        for bad in [
            "2026-11",
            "2026-11-22T10:00:00Z",
            "2026-02-30",
            "22-11-2026",
            "2026/11/22",
            "2026-1-22",
            "",
            "２０２６-11-22",
        ] {
            assert_eq!(CivilDate::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_arithmetic_over_month_ends_and_leap_years() {
        assert_eq!(d(2026, 1, 31).add_days(1), d(2026, 2, 1));
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2025, 2, 28).add_days(1), d(2025, 3, 1));
        assert_eq!(d(2026, 12, 31).add_days(1), d(2027, 1, 1));
        assert_eq!(d(2026, 3, 1).add_days(-1), d(2026, 2, 28));
        assert_eq!(d(2026, 11, 22).days_until(d(2027, 1, 3)), 42);
        assert_eq!(d(2027, 1, 3).days_until(d(2026, 11, 22)), -42);
    }

    #[test]
    fn today_follows_dutch_local_time() {
        let utc = |y, m, day, h: i64| days_from_civil(y, m, day) * 86400 + h * 3600;
        // 23:30 UTC on 31 December is already New Year's Day in Amsterdam (winter, +1).
        assert_eq!(CivilDate::today_amsterdam(utc(2026, 12, 31, 23) + 1800), d(2027, 1, 1));
        // 22:30 UTC in July is 00:30 the next day (summer, +2); 21:30 UTC is still the same day.
        assert_eq!(CivilDate::today_amsterdam(utc(2026, 7, 6, 22) + 1800), d(2026, 7, 7));
        assert_eq!(CivilDate::today_amsterdam(utc(2026, 7, 6, 21) + 1800), d(2026, 7, 6));
    }
}
