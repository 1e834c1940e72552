//! "Bezwaar maken" after a "no" from the municipality: the period set by law (never by config).
//!
//! - Awb 6:7: the period for an objection is six weeks.
//! - Awb 6:8 (1): it starts the day after the decision was made known (sent or handed over). The
//!   app asks for the date on the letter; six weeks from the next day end on the same weekday as
//!   the letter, six weeks later: `letter + 42 days`.
//! - Algemene termijnenwet art. 1 and 3: a period that ends on a Saturday, a Sunday or a general
//!   holiday is extended to the next day that is none of these. The holidays of art. 3:
//!   Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, both Christmas days,
//!   Koningsdag (27 April, 26 April when the 27th is a Sunday) and 5 May (Bevrijdingsdag).
//!   Goede Vrijdag is not one of them.
//!
//! What the app says with it: the last day, "Kijk ook in de brief" (the letter is leading: it
//! may say another date, for example when it was sent later than it is dated), a reminder about
//! a week before, and plainly when the period has passed. It never says whether an objection
//! will succeed.

use crate::civil_date::CivilDate;
use crate::engine::{AnswerValue, Form};
use crate::self_check::{enabled_values, first_code};

/// Six weeks (Awb 6:7), counted from the day after the letter (Awb 6:8).
pub const OBJECTION_DAYS: i64 = 42;
/// The reminder comes this many days before the last day.
pub const REMIND_DAYS_BEFORE: i64 = 7;

/// The objection period of a decision dated `letter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectionPeriod {
    /// The first day of the period: the day after the letter.
    pub starts: CivilDate,
    /// The last day on which an objection is on time (extended past weekends and holidays).
    pub last_day: CivilDate,
    /// The day six weeks would have ended on, when a weekend or holiday moved it.
    pub moved_from: Option<CivilDate>,
}

/// Where the period stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodState {
    /// Still open: `days_left` days after today, the last day included (0 = today is the last day).
    Open { days_left: u32 },
    /// Passed `days_over` days ago.
    Passed { days_over: u32 },
}

impl ObjectionPeriod {
    /// The period of a decision with the date `letter` on it.
    pub fn for_letter(letter: CivilDate) -> ObjectionPeriod {
        let plain = letter.add_days(OBJECTION_DAYS);
        let mut last_day = plain;
        while is_rest_day(last_day) {
            last_day = last_day.add_days(1);
        }
        ObjectionPeriod { starts: letter.add_days(1), last_day, moved_from: (last_day != plain).then_some(plain) }
    }

    /// The day to be reminded: about a week before the last day (never before the period starts).
    pub fn remind_on(&self) -> CivilDate {
        let day = self.last_day.add_days(-REMIND_DAYS_BEFORE);
        if day < self.starts {
            self.starts
        } else {
            day
        }
    }

    pub fn state(&self, today: CivilDate) -> PeriodState {
        let left = today.days_until(self.last_day);
        if left >= 0 {
            PeriodState::Open { days_left: u32::try_from(left).unwrap_or(u32::MAX) }
        } else {
            PeriodState::Passed { days_over: u32::try_from(-left).unwrap_or(u32::MAX) }
        }
    }
}

/// What the person knows of the decision, from `vervolg-start.json` after "Ik kreeg een nee".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A letter or e-mail, with this date on it: the objection period can be worked out.
    Written(CivilDate),
    /// A letter, but no (whole) date given yet.
    WrittenNoDate,
    /// Only said in a conversation or on the phone: there is nothing to object to yet, the first
    /// step is to ask for a written decision.
    NotWritten,
    /// Not known, or not answered.
    Unknown,
}

impl Decision {
    /// The decision as answered in the start questionnaire (`decision_letter`, `decision_date`);
    /// `None` when the question was not a "no" (the questions are then not asked).
    pub fn from_start_form(form: &Form) -> Option<Decision> {
        if first_code(form, "handled_what").as_deref() != Some("rejected") {
            return None;
        }
        Some(match first_code(form, "decision_letter").as_deref() {
            Some("yes") => match enabled_values(form, "decision_date").and_then(|v| v.first()) {
                Some(AnswerValue::Date(s)) => {
                    CivilDate::parse_iso(s).map_or(Decision::WrittenNoDate, Decision::Written)
                }
                _ => Decision::WrittenNoDate,
            },
            Some("no") => Decision::NotWritten,
            _ => Decision::Unknown,
        })
    }
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday(day: CivilDate) -> u32 {
    // 1970-01-01 was a Thursday.
    (day.day_number() + 3).rem_euclid(7) as u32
}

/// Saturday, Sunday or a general holiday of the Algemene termijnenwet.
pub fn is_rest_day(day: CivilDate) -> bool {
    weekday(day) >= 5 || is_general_holiday(day)
}

/// A general holiday of the Algemene termijnenwet (art. 3) that can fall on a weekday.
pub fn is_general_holiday(day: CivilDate) -> bool {
    let y = day.year;
    let fixed = |m, d| CivilDate::new(y, m, d) == Some(day);
    let easter = easter_sunday(y);
    let after_easter = |n| easter.add_days(n) == day;
    let kings_day = if CivilDate::new(y, 4, 27).map(weekday) == Some(6) { 26 } else { 27 };
    fixed(1, 1)
        || fixed(12, 25)
        || fixed(12, 26)
        || fixed(4, kings_day)
        || fixed(5, 5)
        || after_easter(1) // Tweede Paasdag
        || after_easter(39) // Hemelvaartsdag
        || after_easter(50) // Tweede Pinksterdag
}

/// Easter Sunday of a year (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" method).
pub fn easter_sunday(year: i32) -> CivilDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    CivilDate::new(year, month as u32, day as u32).expect("Easter is a real day")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> CivilDate {
        CivilDate::new(y, m, day).unwrap()
    }

    #[test]
    fn easter_in_known_years() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25)); // the latest possible
    }

    /// Letter date → last day, around weekends, holidays and year ends.
    #[test]
    fn the_last_day_for_letters_around_weekends_holidays_and_year_ends() {
        let cases = [
            // An ordinary weekday: six weeks later, same weekday.
            (d(2026, 3, 2), d(2026, 4, 13), None),
            // Six weeks end on a Saturday → Monday.
            (d(2026, 10, 3), d(2026, 11, 16), Some(d(2026, 11, 14))),
            // … on a Sunday → Monday.
            (d(2026, 10, 4), d(2026, 11, 16), Some(d(2026, 11, 15))),
            // Ends on Christmas (Friday 25 Dec 2026) → 26th is a holiday, 27th Sunday → Mon 28th.
            (d(2026, 11, 13), d(2026, 12, 28), Some(d(2026, 12, 25))),
            // Over the year end: ends on Friday 1 January 2027 (Nieuwjaarsdag) → Monday 4th.
            (d(2026, 11, 20), d(2027, 1, 4), Some(d(2027, 1, 1))),
            // Tweede Paasdag 2026 is Monday 6 April → Tuesday 7 April.
            (d(2026, 2, 23), d(2026, 4, 7), Some(d(2026, 4, 6))),
            // Goede Vrijdag (3 April 2026) is not a general holiday: no shift.
            (d(2026, 2, 20), d(2026, 4, 3), None),
            // Koningsdag 2026 is Monday 27 April → 28th.
            (d(2026, 3, 16), d(2026, 4, 28), Some(d(2026, 4, 27))),
            // Koningsdag 2025 fell on a Sunday: celebrated Saturday 26 April; Monday 28 is a workday.
            (d(2025, 3, 17), d(2025, 4, 28), None),
            // Bevrijdingsdag, Tuesday 5 May 2026 → Wednesday 6 May.
            (d(2026, 3, 24), d(2026, 5, 6), Some(d(2026, 5, 5))),
            // Hemelvaartsdag 2026: Thursday 14 May → Friday 15 May.
            (d(2026, 4, 2), d(2026, 5, 15), Some(d(2026, 5, 14))),
            // Tweede Pinksterdag 2026: Monday 25 May → Tuesday 26 May.
            (d(2026, 4, 13), d(2026, 5, 26), Some(d(2026, 5, 25))),
            // A leap day on the way: 19 Jan 2028 + 42 days = 1 March 2028 (a Wednesday).
            (d(2028, 1, 19), d(2028, 3, 1), None),
        ];
        for (letter, last, moved) in cases {
            let p = ObjectionPeriod::for_letter(letter);
            assert_eq!((p.last_day, p.moved_from), (last, moved), "letter {}", letter.iso());
            assert_eq!(p.starts, letter.add_days(1));
            assert!(!is_rest_day(p.last_day));
        }
    }

    #[test]
    fn the_reminder_comes_a_week_before_and_the_state_counts_days() {
        let p = ObjectionPeriod::for_letter(d(2026, 3, 2)); // last day 13 April
        assert_eq!(p.remind_on(), d(2026, 4, 6));
        assert_eq!(p.state(d(2026, 4, 13)), PeriodState::Open { days_left: 0 });
        assert_eq!(p.state(d(2026, 4, 10)), PeriodState::Open { days_left: 3 });
        assert_eq!(p.state(d(2026, 4, 14)), PeriodState::Passed { days_over: 1 });
    }

    #[test]
    fn the_decision_is_read_from_the_start_questionnaire() {
        use crate::engine::{parse_questionnaire, Coding, Slot};
        let q = std::sync::Arc::new(
            parse_questionnaire(include_str!("../public/questionnaires/vervolg-start.json")).unwrap(),
        );
        let mut f = Form::new(q.clone());
        let set =
            |f: &mut Form, link: &str, v: AnswerValue| f.set_answer(Slot::new(q.find(link).unwrap(), vec![]), Some(v));
        let code = |c: &str| AnswerValue::Coding(Coding { code: Some(c.into()), ..Default::default() });
        set(&mut f, "handled_what", code("helped"));
        assert_eq!(Decision::from_start_form(&f), None, "only after a no");
        set(&mut f, "handled_what", code("rejected"));
        assert_eq!(Decision::from_start_form(&f), Some(Decision::Unknown));
        set(&mut f, "decision_letter", code("no"));
        assert_eq!(Decision::from_start_form(&f), Some(Decision::NotWritten));
        set(&mut f, "decision_date", AnswerValue::Date("2026-03-02".into()));
        assert_eq!(Decision::from_start_form(&f), Some(Decision::NotWritten), "the date is not asked without a letter");
        set(&mut f, "decision_letter", code("yes"));
        assert_eq!(Decision::from_start_form(&f), Some(Decision::Written(d(2026, 3, 2))));
        set(&mut f, "decision_date", AnswerValue::Date("2026-03".into()));
        assert_eq!(Decision::from_start_form(&f), Some(Decision::WrittenNoDate));
    }

    #[test]
    fn every_holiday_of_the_law_and_no_other() {
        let holidays_2027 = [
            d(2027, 1, 1),
            d(2027, 3, 29),
            d(2027, 4, 27),
            d(2027, 5, 5),
            d(2027, 5, 6),
            d(2027, 5, 17),
            d(2027, 12, 25),
            d(2027, 12, 26),
        ];
        for h in holidays_2027 {
            assert!(is_general_holiday(h), "{}", h.iso());
        }
        for not in [d(2027, 3, 26) /* Goede Vrijdag */, d(2027, 12, 31), d(2027, 4, 26), d(2027, 12, 5)] {
            assert!(!is_general_holiday(not), "{}", not.iso());
        }
    }
}
