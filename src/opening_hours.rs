//! "Nu open" / "Gesloten — opent morgen om 9:00": a team's opening hours in Dutch local time
//! (Europe/Amsterdam, with daylight saving time), with the municipality's holidays. Pure: the
//! caller passes the current time as seconds since 1970 (UTC), so every case is testable.

use crate::config::{minutes, Team, DAYS};

/// A moment in Dutch local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: usize,
    /// Minutes since local midnight.
    pub minute_of_day: u32,
    /// Offset from UTC in hours: 1 in winter (CET), 2 in summer (CEST).
    pub utc_offset_hours: i64,
}

impl LocalTime {
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Day numbers since 1970-01-01, shared with the register record format.
pub use wijkpeil_wire::calendar::{civil_from_days, days_from_civil};

/// 0 = Monday for a day number since 1970-01-01 (a Thursday).
fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// The last Sunday of a month, as a day number.
fn last_sunday(year: i32, month: u32) -> i64 {
    let last = days_from_civil(year, month, crate::engine::days_in_month(year.max(1) as u32, month));
    last - ((weekday(last) + 1) % 7) as i64
}

/// Summer time in the EU: from the last Sunday of March, 01:00 UTC, until the last Sunday of
/// October, 01:00 UTC.
fn is_summer_time(utc_seconds: i64) -> bool {
    let (year, _, _) = civil_from_days(utc_seconds.div_euclid(86400));
    let start = last_sunday(year, 3) * 86400 + 3600;
    let end = last_sunday(year, 10) * 86400 + 3600;
    (start..end).contains(&utc_seconds)
}

/// Dutch local time for a UTC moment.
pub fn amsterdam(utc_seconds: i64) -> LocalTime {
    let offset = if is_summer_time(utc_seconds) { 2 } else { 1 };
    let local = utc_seconds + offset * 3600;
    let days = local.div_euclid(86400);
    let (year, month, day) = civil_from_days(days);
    LocalTime {
        year,
        month,
        day,
        weekday: weekday(days),
        minute_of_day: (local.rem_euclid(86400) / 60) as u32,
        utc_offset_hours: offset,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenState {
    /// Open now, until this time today (`"17:00"`).
    OpenUntil { until: String },
    /// Closed now; opens `days_ahead` days from today (0 = later today, 1 = tomorrow) on
    /// `weekday` (0 = Monday) at `at`.
    ClosedOpensAt { days_ahead: u32, weekday: usize, at: String },
    /// No opening hours in the coming two weeks (none configured, or a long closure).
    ClosedNoHours,
}

/// Opening periods of `team` on a given date: none on a holiday.
fn periods_on<'a>(team: &'a Team, holidays: &[String], date: &str, weekday: usize) -> &'a [(String, String)] {
    if holidays.iter().any(|h| h == date) {
        return &[];
    }
    team.opening_hours.get(DAYS[weekday]).map(Vec::as_slice).unwrap_or(&[])
}

/// Whether the team is open at `now`, and if not, when it opens next.
pub fn open_state(team: &Team, holidays: &[String], now: &LocalTime) -> OpenState {
    let today = days_from_civil(now.year, now.month, now.day);
    for ahead in 0..15u32 {
        let day = today + ahead as i64;
        let (y, m, d) = civil_from_days(day);
        let wd = weekday(day);
        let date = format!("{y:04}-{m:02}-{d:02}");
        let mut periods: Vec<(u32, u32, &str, &str)> = periods_on(team, holidays, &date, wd)
            .iter()
            .filter_map(|(a, b)| Some((minutes(a)?, minutes(b)?, a.as_str(), b.as_str())))
            .collect();
        crate::small_collections::sort_short_by_key(&mut periods, |p| *p);
        for (from, to, from_text, to_text) in periods {
            if ahead == 0 && (from..to).contains(&now.minute_of_day) {
                return OpenState::OpenUntil { until: to_text.to_string() };
            }
            if ahead > 0 || from > now.minute_of_day {
                return OpenState::ClosedOpensAt { days_ahead: ahead, weekday: wd, at: from_text.to_string() };
            }
        }
    }
    OpenState::ClosedNoHours
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_collections::SortedMap;

    fn utc(y: i32, m: u32, d: u32, h: i64, min: i64) -> i64 {
        days_from_civil(y, m, d) * 86400 + h * 3600 + min * 60
    }

    fn team() -> Team {
        let mut hours = SortedMap::new();
        for day in ["mon", "tue", "thu", "fri"] {
            hours.insert(day.to_string(), vec![("09:00".to_string(), "17:00".to_string())]);
        }
        hours.insert("wed".into(), vec![("09:00".into(), "12:30".into()), ("18:30".into(), "20:30".into())]);
        Team {
            name: Default::default(),
            address: None,
            phone: None,
            email: None,
            opening_hours: hours,
            walk_in: Vec::new(),
            urgent_route: None,
        }
    }

    #[test]
    fn calendar_round_trip_and_weekdays() {
        for days in [-1000, 0, 19000, 20779, 40000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(weekday(days_from_civil(2026, 11, 22)), 6, "22 Nov 2026 is a Sunday");
        assert_eq!(civil_from_days(last_sunday(2026, 3)), (2026, 3, 29));
        assert_eq!(civil_from_days(last_sunday(2026, 10)), (2026, 10, 25));
    }

    #[test]
    fn daylight_saving_switches_at_one_utc() {
        // 29 March 2026: 00:59 UTC is still winter time (01:59 local), 01:00 UTC is 03:00 local.
        assert_eq!(amsterdam(utc(2026, 3, 29, 0, 59)).minute_of_day, 60 + 59);
        let after = amsterdam(utc(2026, 3, 29, 1, 0));
        assert_eq!((after.minute_of_day, after.utc_offset_hours), (3 * 60, 2));
        // 25 October 2026: 00:59 UTC is 02:59 summer time, 01:00 UTC is 02:00 winter time.
        assert_eq!(amsterdam(utc(2026, 10, 25, 0, 59)).minute_of_day, 2 * 60 + 59);
        assert_eq!(amsterdam(utc(2026, 10, 25, 1, 0)).minute_of_day, 2 * 60);
        // New Year's Eve 23:30 UTC is already 1 January locally.
        let ny = amsterdam(utc(2026, 12, 31, 23, 30));
        assert_eq!((ny.iso_date(), ny.minute_of_day), ("2027-01-01".to_string(), 30));
    }

    #[test]
    fn open_closed_and_next_opening() {
        let t = team();
        // Monday 23 Nov 2026, 10:00 local (09:00 UTC): open until 17:00.
        let mon10 = amsterdam(utc(2026, 11, 23, 9, 0));
        assert_eq!(open_state(&t, &[], &mon10), OpenState::OpenUntil { until: "17:00".into() });
        // 17:00 exactly is closed: opens Tuesday 09:00.
        let mon17 = amsterdam(utc(2026, 11, 23, 16, 0));
        assert_eq!(
            open_state(&t, &[], &mon17),
            OpenState::ClosedOpensAt { days_ahead: 1, weekday: 1, at: "09:00".into() }
        );
        // Wednesday 14:00: closed, opens again tonight at 18:30.
        let wed14 = amsterdam(utc(2026, 11, 25, 13, 0));
        assert_eq!(
            open_state(&t, &[], &wed14),
            OpenState::ClosedOpensAt { days_ahead: 0, weekday: 2, at: "18:30".into() }
        );
        // Saturday: opens Monday.
        let sat = amsterdam(utc(2026, 11, 28, 10, 0));
        assert_eq!(
            open_state(&t, &[], &sat),
            OpenState::ClosedOpensAt { days_ahead: 2, weekday: 0, at: "09:00".into() }
        );
        // A holiday on Monday pushes it to Tuesday.
        let holidays = vec!["2026-11-30".to_string()];
        assert_eq!(
            open_state(&t, &holidays, &sat),
            OpenState::ClosedOpensAt { days_ahead: 3, weekday: 1, at: "09:00".into() }
        );
        // Summer time: Monday 6 July 2026, 08:30 UTC is 10:30 local: open.
        let summer = amsterdam(utc(2026, 7, 6, 8, 30));
        assert_eq!(open_state(&t, &[], &summer), OpenState::OpenUntil { until: "17:00".into() });
        // 07:30 UTC in summer is 09:30 local (open); in winter 08:30 local (closed).
        assert!(matches!(open_state(&t, &[], &amsterdam(utc(2026, 7, 6, 7, 30))), OpenState::OpenUntil { .. }));
        assert!(matches!(
            open_state(&t, &[], &amsterdam(utc(2026, 11, 23, 7, 30))),
            OpenState::ClosedOpensAt { days_ahead: 0, .. }
        ));
    }

    #[test]
    fn no_hours_at_all() {
        let mut t = team();
        t.opening_hours.clear();
        assert_eq!(open_state(&t, &[], &amsterdam(0)), OpenState::ClosedNoHours);
    }
}
