//! From stored records to the public register: counts per quarter, wijk, question and answer,
//! protected by `suppression`.
//!
//! The period is the quarter (`2026-Q4`, the quarter of the Thursday of the record's ISO
//! week), and only one period length is published: weeks would leave almost every cell of a
//! wijk below the threshold, and two lengths side by side (say months and their quarter) would
//! let a hidden month be worked out as the quarter minus the other months. Only closed
//! quarters are published by default, so that numbers do not change from day to day (which
//! would show when someone in a wijk sent something).

use crate::suppression::{protect_line, protect_linked, protect_table, AnswerTable, LinkedTable};
use std::collections::{BTreeMap, BTreeSet};
use wijkpeil_wire::*;
pub use wijkpeil_wire::{quarter_of_date, quarter_of_week, URGENT};

/// The wijk column of records without a wijk (not a wijk code: those have no parentheses).
pub const NO_WIJK: &str = "(none)";
/// The answer row of a skipped question.
pub const SKIPPED: &str = "(skipped)";
/// The question of the records-per-wijk table.
pub const RECORDS: &str = "records";
/// The register's group of fit checks people sent themselves (channel `app`).
pub const APP: &str = "fit_check";
/// The register's group of questions a wijkteam registered (phone, walk-in, e-mail, partner).
pub const TEAM: &str = "team";
/// The groups the register counts, each in tables of its own: a resident who sends a check
/// from the app and also phones the team is in both, so they are shown side by side and never
/// added up.
pub const GROUPS: [&str; 3] = [APP, TEAM, "follow_up"];
/// The channels of [`TEAM`].
pub const TEAM_CHANNELS: [&str; 4] = ["phone", "walk_in", "email", "partner"];
/// The prefix of an area's outcome table (`area_outcome.housing`): its rows are the outcomes,
/// and with the area's row of the areas table it is protected as one linked table.
pub const AREA_OUTCOME: &str = "area_outcome.";

/// The register group a record counts in.
pub fn group_of(record: &Record) -> &'static str {
    match record {
        Record::FollowUp(_) => "follow_up",
        r if r.channel() == "app" => APP,
        _ => TEAM,
    }
}

/// Where an urgent signal counts: `app` or `team` (see [`PeriodTables::team_urgent`]).
pub fn urgent_source(record: &Record) -> &'static str {
    if record.channel() == "app" {
        "app"
    } else {
        TEAM
    }
}

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
    /// Urgent signals in the whole municipality (never per wijk) from checks people sent
    /// themselves; `None` is hidden.
    pub urgent: Option<u64>,
    /// The same for questions a team registered, apart (never added to `urgent`). The outer
    /// `None`: a quarter published before team registrations were counted, which keeps its
    /// figures exactly as published (it had no such field).
    pub team_urgent: Option<Option<u64>>,
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
/// answers `SKIPPED`, an unmentioned multi-choice code or life area answers nothing. A fit
/// check also answers, per area it names, its outcome (`area_outcome.<area>`).
fn answers_of(record: &Record) -> Vec<(String, Vec<&str>)> {
    fn single(code: &str) -> Vec<&str> {
        vec![if code.is_empty() { SKIPPED } else { code }]
    }
    match record {
        Record::FitCheck(r) => {
            let mut out = vec![
                ("channel".into(), vec![r.channel]),
                ("outcome".into(), vec![r.outcome]),
                ("under_18".into(), single(&r.under_18)),
                ("breadth".into(), single(&r.breadth)),
                ("areas".into(), r.areas.iter().map(String::as_str).collect()),
                ("destinations".into(), r.destinations.iter().map(String::as_str).collect()),
            ];
            out.extend(r.areas.iter().map(|a| (format!("{AREA_OUTCOME}{a}"), vec![r.outcome])));
            out
        }
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

/// Every question the register counts per group, with destination codes as found in the
/// records. `areas` stands for the linked tables: each area's row with its outcome table.
fn questions(destinations: &BTreeSet<String>) -> Vec<Question> {
    let codes = |list: &[&str]| list.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let with_skipped = |list: &[&str]| {
        let mut v = codes(list);
        v.push(SKIPPED.to_string());
        v
    };
    let destinations: Vec<String> = destinations.iter().cloned().collect();
    let mut qs = vec![
        // Urgent fit checks are not kept per wijk (only as a total): no `urgent` row.
        Question { kind: APP, name: "outcome".into(), answers: codes(&FIT_OUTCOMES) },
        Question { kind: APP, name: "under_18".into(), answers: with_skipped(&UNDER_18) },
        Question { kind: APP, name: "breadth".into(), answers: with_skipped(&BREADTH) },
        Question { kind: APP, name: "areas".into(), answers: codes(&FIT_AREAS) },
        Question { kind: APP, name: "destinations".into(), answers: destinations.clone() },
        // How the questions the team registered came in; a team asks nothing about age or
        // breadth at the desk.
        Question { kind: TEAM, name: "channel".into(), answers: codes(&TEAM_CHANNELS) },
        Question { kind: TEAM, name: "outcome".into(), answers: codes(&FIT_OUTCOMES) },
        Question { kind: TEAM, name: "areas".into(), answers: codes(&FIT_AREAS) },
        Question { kind: TEAM, name: "destinations".into(), answers: destinations },
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

/// Urgent signals of one quarter from one source (`app` or `team`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgentCount {
    pub quarter: String,
    pub source: String,
    pub count: u64,
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
    urgent: &[UrgentCount],
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
    for u in urgent.iter().filter(|u| u.count > 0 && include(&u.quarter)) {
        by_period.entry(u.quarter.clone()).or_default();
    }
    by_period
        .into_iter()
        .map(|(period, records)| {
            let count = |source: &str| {
                urgent.iter().filter(|u| u.quarter == period && u.source == source).map(|u| u.count).sum::<u64>()
            };
            let shown = |n: u64| (n >= options.min_cell).then_some(n);
            let mut p = build_period(&period, &records, options);
            p.urgent = shown(count("app"));
            p.team_urgent = Some(shown(count(TEAM)));
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
        let group = group_of(record);
        counts.records.entry(group).or_insert_with(|| vec![0; columns.len()])[col] += 1;
        for (question, answers) in answers_of(record) {
            for answer in answers {
                let key = (group, question.clone(), answer.to_string());
                counts.answers.entry(key).or_insert_with(|| vec![0; columns.len()])[col] += 1;
            }
        }
    }
    let count_of = |group: &'static str, question: &str, answer: &str| {
        counts
            .answers
            .get(&(group, question.to_string(), answer.to_string()))
            .cloned()
            .unwrap_or_else(|| vec![0; columns.len()])
    };

    let min = options.min_cell;
    let mut tables = Vec::new();
    for group in GROUPS {
        let per_column = counts.records.get(group).cloned().unwrap_or_else(|| vec![0; columns.len()]);
        let mask = protect_line(&per_column, min);
        let total: u64 = per_column.iter().sum();
        tables.push(Table {
            kind: group,
            question: RECORDS.to_string(),
            rows: vec![Row {
                answer: RECORDS.to_string(),
                counts: per_column.iter().zip(&mask.hidden).map(|(&n, &h)| (!h).then_some(n)).collect(),
                total: (!mask.total_hidden).then_some(total),
            }],
        });
        let mut linked_tables = Vec::new();
        for q in questions.iter().filter(|q| q.kind == group && !q.answers.is_empty()) {
            if q.name == "areas" {
                // Each area's row of the areas table, protected with its outcome table.
                let (areas, by_outcome) = linked(group, &q.answers, &count_of, &per_column, &mask.hidden, min);
                tables.push(areas);
                linked_tables = by_outcome;
                continue;
            }
            let table = AnswerTable {
                counts: q.answers.iter().map(|a| count_of(group, &q.name, a)).collect(),
                column_records: per_column.clone(),
                column_hidden: mask.hidden.clone(),
            };
            let published = protect_table(&table, min);
            tables.push(Table {
                kind: group,
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
        tables.extend(linked_tables);
    }
    PeriodTables {
        period: period.to_string(),
        provisional: false,
        min_cell: min,
        columns,
        urgent: None,
        team_urgent: None,
        tables,
    }
}

/// The areas table of `group` and, per area, its outcome table (`area_outcome.<area>`): each
/// area's row and outcome table protected together as one linked table (see `suppression`).
fn linked(
    group: &'static str,
    areas: &[String],
    count_of: &impl Fn(&'static str, &str, &str) -> Vec<u64>,
    per_column: &[u64],
    column_hidden: &[bool],
    min: u64,
) -> (Table, Vec<Table>) {
    let outcomes_per_column: Vec<Vec<u64>> = FIT_OUTCOMES.iter().map(|o| count_of(group, "outcome", o)).collect();
    let mut area_rows = Vec::new();
    let mut by_outcome = Vec::new();
    for area in areas {
        let question = format!("{AREA_OUTCOME}{area}");
        let table = LinkedTable {
            counts: FIT_OUTCOMES.iter().map(|o| count_of(group, &question, o)).collect(),
            upper: outcomes_per_column.clone(),
            column_records: per_column.to_vec(),
            column_hidden: column_hidden.to_vec(),
        };
        let published = protect_linked(&table, min);
        area_rows.push(Row { answer: area.clone(), counts: published.margin, total: published.margin_total });
        by_outcome.push(Table {
            kind: group,
            question,
            rows: FIT_OUTCOMES
                .iter()
                .zip(published.counts)
                .zip(published.totals)
                .map(|((outcome, counts), total)| Row { answer: outcome.to_string(), counts, total })
                .collect(),
        });
    }
    (Table { kind: group, question: "areas".into(), rows: area_rows }, by_outcome)
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

    fn desk(id: u32, wijk: &str, channel: &'static str, areas: &[&str], outcome: &'static str) -> Record {
        let mut r = FitRecord {
            id: String::new(),
            channel,
            areas: areas.iter().map(|a| a.to_string()).collect(),
            under_18: String::new(),
            breadth: String::new(),
            outcome,
            destinations: Vec::new(),
            wijk: Some(wijk.to_string()),
            week: week_code((2026, 8, 3)),
        };
        r.areas.sort();
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&id.to_be_bytes());
        r.id = record_id(bytes);
        Record::FitCheck(r)
    }

    /// A register of app checks and team registrations with many small counts.
    fn mixed(seed: u64) -> Vec<Record> {
        let mut x = seed;
        let mut next = |n: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let wijken = ["noord", "oost", "noord", "noord", "oost", "zuid"];
        let mut records = Vec::new();
        for i in 0..160u32 {
            let wijk = wijken[next(wijken.len() as u64) as usize];
            let channel = CHANNELS[next(CHANNELS.len() as u64) as usize];
            let first = FIT_AREAS[next(4) as usize];
            let second = FIT_AREAS[4 + next(3) as usize];
            let areas: Vec<&str> = if next(3) == 0 { vec![first, second] } else { vec![first] };
            let outcome = FIT_OUTCOMES[next(3) as usize];
            records.push(desk(i, wijk, channel, &areas, outcome));
        }
        records
    }

    #[test]
    fn app_checks_and_team_registrations_are_counted_apart() {
        let records = mixed(3);
        let register = build_register(&records, &options(5));
        let q3 = &register.periods[0];
        let team = records.iter().filter(|r| r.channel() != "app").count() as u64;
        let app = records.len() as u64 - team;
        assert_eq!(table(q3, APP, RECORDS).rows[0].total, Some(app));
        assert_eq!(table(q3, TEAM, RECORDS).rows[0].total, Some(team));
        // How team registrations came in; the app's checks have no channel table (all `app`).
        let channels: Vec<&str> = table(q3, TEAM, "channel").rows.iter().map(|r| r.answer.as_str()).collect();
        assert_eq!(channels, TEAM_CHANNELS);
        assert!(!q3.tables.iter().any(|t| t.kind == APP && t.question == "channel"));
        // Never one table over both: every table is of one group.
        assert!(q3.tables.iter().all(|t| GROUPS.contains(&t.kind)));
    }

    /// The areas table is the margin of the area × outcome tables: where both are shown they
    /// agree, and a reader who puts every published count of both into one system of equations
    /// (rows, columns, margins, totals, with every linear combination) recovers no hidden count
    /// below the threshold, knowing every zero or not.
    #[test]
    fn no_hidden_count_is_recovered_from_the_area_outcome_tables_and_their_margins() {
        use crate::attack::solve;
        let min = 5;
        let mut hidden_small = 0;
        for seed in 0..6 {
            let records = mixed(seed);
            let register = build_register(&records, &options(min));
            let p = &register.periods[0];
            let cols = p.columns.len();
            for group in [APP, TEAM] {
                let areas = table(p, group, "areas");
                for area_row in &areas.rows {
                    let by_outcome = table(p, group, &format!("{AREA_OUTCOME}{}", area_row.answer));
                    let rows: Vec<&Row> = by_outcome.rows.iter().chain([area_row]).collect();
                    let w = cols + 1;
                    let at = |r: usize, c: usize| r * w + c;
                    let known: Vec<Option<u64>> =
                        rows.iter().flat_map(|r| r.counts.iter().copied().chain([r.total])).collect();
                    // The true counts, from the records.
                    let mut truth = vec![0u64; rows.len() * w];
                    for rec in &records {
                        let Record::FitCheck(f) = rec else { continue };
                        if group_of(rec) != group || !f.areas.contains(&area_row.answer) {
                            continue;
                        }
                        let c = p.columns.iter().position(|c| Some(c.as_str()) == rec.wijk()).unwrap();
                        let o = FIT_OUTCOMES.iter().position(|o| *o == f.outcome).unwrap();
                        for r in [o, FIT_OUTCOMES.len()] {
                            truth[at(r, c)] += 1;
                            truth[at(r, cols)] += 1;
                        }
                    }
                    for (k, t) in known.iter().zip(&truth) {
                        assert!(k.is_none_or(|k| k == *t), "a published count is the true one");
                    }
                    let n = rows.len();
                    let mut equations = Vec::new();
                    for r in 0..n {
                        let mut eq: Vec<(usize, i128)> = (0..cols).map(|c| (at(r, c), 1)).collect();
                        eq.push((at(r, cols), -1));
                        equations.push(eq);
                    }
                    for c in 0..=cols {
                        let mut eq: Vec<(usize, i128)> = (0..n - 1).map(|r| (at(r, c), 1)).collect();
                        eq.push((at(n - 1, c), -1));
                        equations.push(eq);
                    }
                    for know_zeros in [false, true] {
                        let mut k = known.clone();
                        if know_zeros {
                            for (k, t) in k.iter_mut().zip(&truth) {
                                if *t == 0 {
                                    *k = Some(0);
                                }
                            }
                        }
                        for (cell, value) in solve(k.len(), &equations, &k) {
                            assert_eq!(value, truth[cell]);
                            assert!(
                                known[cell].is_some() || value == 0 || value >= min,
                                "{group} {}: cell {cell} = {value} recovered",
                                area_row.answer
                            );
                        }
                    }
                    hidden_small += known.iter().zip(&truth).filter(|(k, &t)| k.is_none() && t > 0 && t < min).count();
                }
            }
        }
        assert!(hidden_small > 50, "the registers hid only {hidden_small} small counts: too few to test anything");
    }
}
