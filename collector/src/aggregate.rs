//! From stored records to the public register: counts per quarter, wijk, question and answer,
//! protected by `suppression`.
//!
//! The period is the quarter (`2026-Q4`, the quarter of the Thursday of the record's ISO
//! week), and only one period length is published: weeks would leave almost every cell of a
//! wijk below the threshold, and two lengths side by side (say months and their quarter) would
//! let a hidden month be worked out as the quarter minus the other months. Only closed
//! quarters are published by default, so that numbers do not change from day to day (which
//! would show when someone in a wijk sent something).

use crate::suppression::{protect_line, protect_table, AnswerTable};
use std::collections::{BTreeMap, BTreeSet};
use wijkpeil_wire::*;
pub use wijkpeil_wire::{quarter_of_date, quarter_of_week, URGENT};

/// The wijk column of records without a wijk (not a wijk code: those have no parentheses).
pub const NO_WIJK: &str = "(none)";
/// The answer row of a skipped question.
pub const SKIPPED: &str = "(skipped)";
/// The question of the records-per-wijk table.
pub const RECORDS: &str = "records";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterOptions {
    /// Counts below this are never published.
    pub min_cell: u64,
    /// The configured wijk codes: each gets a column even without records.
    pub wijken: Vec<String>,
    /// Quarters from this one on are left out (the open quarter); `None` publishes all.
    pub first_unpublished: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// Those of the newest period (the app reads these; every period carries its own).
    pub min_cell: u64,
    pub columns: Vec<String>,
    pub periods: Vec<PeriodTables>,
}

/// One quarter's tables. A closed quarter is published once and then kept as it was (its own
/// threshold and columns included); a provisional one (`--publish-open-quarter`) is still
/// running and changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodTables {
    pub period: String,
    pub provisional: bool,
    pub min_cell: u64,
    /// Wijk codes, then `NO_WIJK`; every row has one count per column.
    pub columns: Vec<String>,
    /// Urgent signals in the whole municipality (never per wijk); `None` is hidden.
    pub urgent: Option<u64>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub kind: &'static str,
    pub question: String,
    pub rows: Vec<Row>,
}

/// One answer: its count per wijk column and over all wijken; `None` is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub answer: String,
    pub counts: Vec<Option<u64>>,
    pub total: Option<u64>,
}

/// One question of one record kind, and its possible answers.
struct Question {
    kind: &'static str,
    name: String,
    answers: Vec<String>,
}

/// The answers of one record to each of its questions; a skipped single-choice question
/// answers `SKIPPED`, an unmentioned multi-choice code or life area answers nothing.
fn answers_of(record: &Record) -> Vec<(String, Vec<&str>)> {
    fn single(code: &str) -> Vec<&str> {
        vec![if code.is_empty() { SKIPPED } else { code }]
    }
    match record {
        Record::FitCheck(r) => vec![
            ("channel".into(), vec![r.channel]),
            ("outcome".into(), vec![r.outcome]),
            ("under_18".into(), single(&r.under_18)),
            ("breadth".into(), single(&r.breadth)),
            ("areas".into(), r.areas.iter().map(String::as_str).collect()),
            ("destinations".into(), r.destinations.iter().map(String::as_str).collect()),
        ],
        Record::FollowUp(r) => {
            let mut out = vec![("respondent".to_string(), vec![r.respondent.code()])];
            for ((name, _), code) in FOLLOW_UP_QUESTIONS.iter().zip(&r.answers.choices) {
                out.push((name.to_string(), single(code)));
            }
            for (area, change) in &r.answers.area_change {
                out.push((format!("area_change.{area}"), vec![change.as_str()]));
            }
            out
        }
        // Counted apart, per quarter only (never in these tables).
        Record::Urgent(_) => Vec::new(),
    }
}

/// Every question the register counts, with destination codes as found in the records.
fn questions(destinations: &BTreeSet<String>) -> Vec<Question> {
    let codes = |list: &[&str]| list.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let with_skipped = |list: &[&str]| {
        let mut v = codes(list);
        v.push(SKIPPED.to_string());
        v
    };
    let mut qs = vec![
        // How questions came in, side by side: never summed into one number of "questions",
        // since one person may send from the app and also phone.
        Question { kind: "fit_check", name: "channel".into(), answers: codes(&CHANNELS) },
        // Urgent fit checks are not kept per wijk (only as a total): no `urgent` row.
        Question { kind: "fit_check", name: "outcome".into(), answers: codes(&FIT_OUTCOMES) },
        Question { kind: "fit_check", name: "under_18".into(), answers: with_skipped(&UNDER_18) },
        Question { kind: "fit_check", name: "breadth".into(), answers: with_skipped(&BREADTH) },
        Question { kind: "fit_check", name: "areas".into(), answers: codes(&FIT_AREAS) },
        Question { kind: "fit_check", name: "destinations".into(), answers: destinations.iter().cloned().collect() },
        Question { kind: "follow_up", name: "respondent".into(), answers: codes(&RESPONDENTS) },
    ];
    for (name, list) in FOLLOW_UP_QUESTIONS {
        qs.push(Question { kind: "follow_up", name: name.to_string(), answers: with_skipped(list) });
    }
    for area in LIFE_AREAS {
        qs.push(Question { kind: "follow_up", name: format!("area_change.{area}"), answers: codes(&AREA_CHANGES) });
    }
    qs
}

/// Counts of one period: per kind, records per column; per (kind, question, answer), per column.
#[derive(Default)]
struct PeriodCounts {
    records: BTreeMap<&'static str, Vec<u64>>,
    answers: BTreeMap<(&'static str, String, String), Vec<u64>>,
}

/// Builds the register of all `records` in the quarters before `first_unpublished`.
pub fn build_register(records: &[Record], options: &RegisterOptions) -> Register {
    let first = options.first_unpublished.clone();
    let periods = build_periods(records, &[], options, |q| first.as_ref().is_none_or(|f| q < f.as_str()), |_| false);
    assemble(periods, options)
}

/// The register of `periods` (sorted by period here), its top-level threshold and columns
/// those of the newest period (or of `options` when there is none).
pub fn assemble(mut periods: Vec<PeriodTables>, options: &RegisterOptions) -> Register {
    periods.sort_by(|a, b| a.period.cmp(&b.period));
    let (min_cell, columns) = match periods.last() {
        Some(p) => (p.min_cell, p.columns.clone()),
        None => {
            let mut columns = options.wijken.clone();
            columns.push(NO_WIJK.to_string());
            (options.min_cell, columns)
        }
    };
    Register { min_cell, columns, periods }
}

/// The tables of each quarter for which `include(quarter)` holds, from `records` and the
/// urgent signals per quarter; `provisional(quarter)` marks the quarters still running.
/// Counts only; nothing of a single record is kept.
pub fn build_periods(
    records: &[Record],
    urgent: &[(String, u64)],
    options: &RegisterOptions,
    include: impl Fn(&str) -> bool,
    provisional: impl Fn(&str) -> bool,
) -> Vec<PeriodTables> {
    let mut by_period: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for record in records {
        if let Some(period) = Some(record.quarter()).filter(|q| !q.is_empty() && include(q)) {
            by_period.entry(period).or_default().push(record);
        }
    }
    for (period, _) in urgent.iter().filter(|(q, n)| *n > 0 && include(q)) {
        by_period.entry(period.clone()).or_default();
    }
    by_period
        .into_iter()
        .map(|(period, records)| {
            let urgent = urgent.iter().find(|(q, _)| *q == period).map_or(0, |(_, n)| *n);
            let mut p = build_period(&period, &records, options);
            p.urgent = (urgent >= options.min_cell).then_some(urgent);
            p.provisional = provisional(&period);
            p
        })
        .collect()
}

fn build_period(period: &str, records: &[&Record], options: &RegisterOptions) -> PeriodTables {
    let mut columns: Vec<String> = options.wijken.clone();
    let seen: BTreeSet<&str> = records.iter().filter_map(|r| r.wijk()).collect();
    columns.extend(seen.into_iter().filter(|w| !options.wijken.iter().any(|c| c == w)).map(str::to_string));
    columns.push(NO_WIJK.to_string());
    let column_of = |wijk: Option<&str>| {
        columns.iter().position(|c| c == wijk.unwrap_or(NO_WIJK)).expect("every wijk has a column")
    };

    let destinations: BTreeSet<String> = records
        .iter()
        .filter_map(|r| match r {
            Record::FitCheck(f) => Some(f.destinations.iter().cloned()),
            Record::FollowUp(_) | Record::Urgent(_) => None,
        })
        .flatten()
        .collect();
    let questions = questions(&destinations);

    let mut counts = PeriodCounts::default();
    for record in records {
        let col = column_of(record.wijk());
        counts.records.entry(record.kind()).or_insert_with(|| vec![0; columns.len()])[col] += 1;
        for (question, answers) in answers_of(record) {
            for answer in answers {
                let key = (record.kind(), question.clone(), answer.to_string());
                counts.answers.entry(key).or_insert_with(|| vec![0; columns.len()])[col] += 1;
            }
        }
    }

    let min = options.min_cell;
    let mut tables = Vec::new();
    for kind in ["fit_check", "follow_up"] {
        let per_column = counts.records.get(kind).cloned().unwrap_or_else(|| vec![0; columns.len()]);
        let mask = protect_line(&per_column, min);
        let total: u64 = per_column.iter().sum();
        tables.push(Table {
            kind,
            question: RECORDS.to_string(),
            rows: vec![Row {
                answer: RECORDS.to_string(),
                counts: per_column.iter().zip(&mask.hidden).map(|(&n, &h)| (!h).then_some(n)).collect(),
                total: (!mask.total_hidden).then_some(total),
            }],
        });
        for q in questions.iter().filter(|q| q.kind == kind && !q.answers.is_empty()) {
            let answer_counts: Vec<Vec<u64>> = q
                .answers
                .iter()
                .map(|a| {
                    counts
                        .answers
                        .get(&(kind, q.name.clone(), a.clone()))
                        .cloned()
                        .unwrap_or_else(|| vec![0; columns.len()])
                })
                .collect();
            let table = AnswerTable {
                counts: answer_counts,
                column_records: per_column.clone(),
                column_hidden: mask.hidden.clone(),
            };
            let published = protect_table(&table, min);
            tables.push(Table {
                kind,
                question: q.name.clone(),
                rows: q
                    .answers
                    .iter()
                    .zip(published.counts)
                    .zip(published.totals)
                    .map(|((answer, counts), total)| Row { answer: answer.clone(), counts, total })
                    .collect(),
            });
        }
    }
    PeriodTables { period: period.to_string(), provisional: false, min_cell: min, columns, urgent: None, tables }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_follow_the_thursday_of_the_week() {
        assert_eq!(quarter_of_week("2026-W47").as_deref(), Some("2026-Q4"));
        assert_eq!(quarter_of_week("2026-W01").as_deref(), Some("2026-Q1"));
        assert_eq!(quarter_of_week("2026-W53").as_deref(), Some("2026-Q4")); // Thu 31 Dec 2026
        assert_eq!(quarter_of_week("2026-W13").as_deref(), Some("2026-Q1")); // Thu 26 March
        assert_eq!(quarter_of_week("2026-W14").as_deref(), Some("2026-Q2")); // Thu 2 April
        assert_eq!(quarter_of_week("2026-W99"), None);
        assert_eq!(quarter_of_date((2027, 1, 1)), "2026-Q4"); // ISO week 2026-W53
        assert_eq!(quarter_of_date((2026, 7, 1)), "2026-Q3");
    }

    fn fit(id: u8, wijk: Option<&str>, week_date: (i32, u32, u32), outcome: &'static str) -> Record {
        let mut r = FitRecord {
            id: String::new(),
            channel: "app",
            areas: vec!["housing".into()],
            under_18: String::new(),
            breadth: "one".into(),
            outcome,
            destinations: vec!["debt".into()],
            wijk: wijk.map(str::to_string),
            week: week_code(week_date),
        };
        r.id = record_id([id; 16]);
        Record::FitCheck(r)
    }

    fn options(min: u64) -> RegisterOptions {
        RegisterOptions { min_cell: min, wijken: vec!["noord".into(), "oost".into()], first_unpublished: None }
    }

    fn table<'a>(p: &'a PeriodTables, kind: &str, question: &str) -> &'a Table {
        p.tables.iter().find(|t| t.kind == kind && t.question == question).expect("table")
    }

    #[test]
    fn counts_per_quarter_wijk_and_answer() {
        let mut records = Vec::new();
        for i in 0..30u8 {
            let wijk = match i {
                0..12 => Some("noord"),
                12..24 => Some("oost"),
                _ => None,
            };
            records.push(fit(i, wijk, (2026, 8, 3), if i % 3 == 0 { "fits" } else { "fits_and_also" }));
        }
        let register = build_register(&records, &options(3));
        assert_eq!(register.columns, vec!["noord", "oost", NO_WIJK]);
        assert_eq!(register.periods.len(), 1);
        let q3 = &register.periods[0];
        assert_eq!(q3.period, "2026-Q3");
        let recs = &table(q3, "fit_check", RECORDS).rows[0];
        assert_eq!(recs.counts, vec![Some(12), Some(12), Some(6)]);
        assert_eq!(recs.total, Some(30));
        // No follow-ups: hidden zeros everywhere.
        assert_eq!(table(q3, "follow_up", RECORDS).rows[0].total, None);
        let outcome = table(q3, "fit_check", "outcome");
        let fits = outcome.rows.iter().find(|r| r.answer == "fits").unwrap();
        assert_eq!(fits.total, Some(10));
        let under_18 = table(q3, "fit_check", "under_18");
        assert_eq!(under_18.rows.last().unwrap().answer, SKIPPED);
        assert_eq!(under_18.rows.last().unwrap().total, Some(30));
        assert_eq!(table(q3, "fit_check", "destinations").rows[0].answer, "debt");
    }

    #[test]
    fn nothing_below_the_threshold_is_published() {
        let mut records = Vec::new();
        for i in 0..40u8 {
            let wijk = match i % 4 {
                0 => Some("noord"),
                1 => Some("oost"),
                2 => Some("zuid"),
                _ => None,
            };
            let week = (2026, 1 + u32::from(i % 9), 10);
            records.push(fit(i, wijk, week, FIT_OUTCOMES[usize::from(i % 3)]));
        }
        let register = build_register(&records, &options(10));
        assert!(register.columns.contains(&"zuid".to_string()));
        for period in &register.periods {
            for t in &period.tables {
                for row in &t.rows {
                    for n in row.counts.iter().chain([&row.total]).flatten() {
                        assert!(*n >= 10, "{} {} {} shows {n}", period.period, t.question, row.answer);
                    }
                }
            }
        }
    }

    #[test]
    fn the_open_quarter_is_left_out() {
        let records = vec![fit(1, Some("noord"), (2026, 8, 3), "fits"), fit(2, Some("noord"), (2026, 11, 20), "fits")];
        let mut opts = options(1);
        opts.first_unpublished = Some("2026-Q4".into());
        let register = build_register(&records, &opts);
        assert_eq!(register.periods.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(), vec!["2026-Q3"]);
    }
}
