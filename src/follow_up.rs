//! The follow-up, some weeks after a question to the wijkteam was handled (seed digest §2.1:
//! "neem na enige tijd, bijvoorbeeld 6 weken, contact op"). Today nobody asks; here the person
//! plans it themselves:
//!
//! 1. `vervolg-start.json`: the day the question was handled and what happened →
//!    [`FollowUpPlan`], kept on the device (optionally linked to a saved "Hoe gaat het" check).
//! 2. The due date: the handled day plus the municipality's interval (`follow_up_weeks` in the
//!    config, 6 weeks by default), in calendar days, so summer time never moves it; a calendar
//!    file ([`ics_for_due_date`]) can remind the person.
//! 3. `vervolg.json`: did the solution fit, is the problem still there, the five effect
//!    statements municipalities report, and optionally the life areas again →
//!    [`FollowUpAnswers`], [`compare`] with the earlier check, and [`follow_up_reasons`]: whether
//!    to offer the way back to the team.
//!
//! Who answers `vervolg.json` is its first question (`respondent`: the client, their OCO or a
//! mantelzorger), so each of them can give their own view as a separate response, as the seed
//! asks ("contact … met de aanvrager en met de onafhankelijke cliëntondersteuner").

use crate::civil_date::CivilDate;
use crate::engine::{AnswerValue, Form, Slot};
use crate::id_list;
use crate::self_check::{
    bad, code_at, date_at, enabled_codes, enabled_values, first_code, join, level_in_form, list_at, object_at,
    AreaLevel, CompletedCheck, DangerSignal, Level,
};
use crate::storage_format::{decode_record, encode_record, DecodeError};
use serde_json::{json, Value};

/// The questionnaire that starts a follow-up (when was the question handled, what happened).
pub const START_QUESTIONNAIRE_ID: &str = "vervolg-start";
/// The follow-up questionnaire itself.
pub const QUESTIONNAIRE_ID: &str = "vervolg";
/// Six weeks: the seed's example interval, and the default when the config names none.
pub const DEFAULT_INTERVAL_DAYS: u32 = 42;
/// The group in `vervolg.json` with the life areas asked again (`<area>_level` items).
pub const AREAS_GROUP: &str = "areas_again";
/// The five effect statements, in questionnaire order (linkIds in `vervolg.json`).
pub const EFFECT_ITEMS: [&str; 5] = ["eff_quality", "eff_fits", "eff_do_things", "eff_manage", "eff_quality_of_life"];

/// What happened when the question was handled (`handled_what` in `vervolg-start.json`; the
/// same codes as `outcome` in `vervolg.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Helped,
    Partly,
    Rejected,
    Referred,
    Waiting,
}

impl Handled {
    pub const ALL: [Handled; 5] =
        [Handled::Helped, Handled::Partly, Handled::Rejected, Handled::Referred, Handled::Waiting];

    pub fn code(self) -> &'static str {
        match self {
            Handled::Helped => "helped",
            Handled::Partly => "partly",
            Handled::Rejected => "rejected",
            Handled::Referred => "referred",
            Handled::Waiting => "waiting",
        }
    }

    pub fn from_code(code: &str) -> Option<Handled> {
        Handled::ALL.into_iter().find(|h| h.code() == code)
    }
}

/// A planned follow-up for one question to the wijkteam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpPlan {
    /// Unique among this device's plans (see [`FollowUpPlans::next_id`]).
    pub id: String,
    /// The day the person heard what happens with their question: the anchor of the interval
    /// (the seed leaves the anchor open; the start questionnaire says which day is meant).
    pub handled: CivilDate,
    pub what: Handled,
    /// The id of a saved "Hoe gaat het" check to compare with later, if the person chose one.
    pub linked_check: Option<String>,
    /// The day the plan was made.
    pub created: CivilDate,
    /// The day the follow-up questionnaire was finished, once it is.
    pub done: Option<CivilDate>,
}

/// Why a follow-up plan cannot be made; the UI words each (the start questionnaire already
/// marks the two questions as required, so these are the last line of defence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// No day given.
    HandledMissing,
    /// A date without a day (`2026-11`) or not a date at all.
    HandledNotADay { value: String },
    /// The handled day is after today: a follow-up is planned after the fact.
    HandledInFuture { handled: CivilDate, today: CivilDate },
    /// What happened was not answered.
    WhatMissing,
    /// An answer code this build does not know (a newer questionnaire file).
    UnknownWhat { code: String },
}

impl PlanError {
    pub fn label_key(&self) -> &'static str {
        match self {
            PlanError::HandledMissing | PlanError::HandledNotADay { .. } => "follow_up.error.handled_missing",
            PlanError::HandledInFuture { .. } => "follow_up.error.handled_in_future",
            PlanError::WhatMissing | PlanError::UnknownWhat { .. } => "follow_up.error.what_missing",
        }
    }
}

/// Where a plan stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not yet: `days_left` (at least 1) until `due`.
    NotYet { days_left: u32, due: CivilDate },
    /// Due today (`days_over` = 0) or since `days_over` days.
    Due { days_over: u32, due: CivilDate },
    /// The follow-up questionnaire was finished on `on`.
    Done { on: CivilDate },
}

/// The day `interval_days` after the handled day.
pub fn due_date(handled: CivilDate, interval_days: u32) -> CivilDate {
    handled.add_days(i64::from(interval_days))
}

/// Where `plan` stands on `today` (the Dutch date: [`CivilDate::today_amsterdam`]).
pub fn status(plan: &FollowUpPlan, interval_days: u32, today: CivilDate) -> Status {
    if let Some(on) = plan.done {
        return Status::Done { on };
    }
    let due = due_date(plan.handled, interval_days);
    let left = today.days_until(due);
    if left > 0 {
        Status::NotYet { days_left: u32::try_from(left).unwrap_or(u32::MAX), due }
    } else {
        Status::Due { days_over: u32::try_from(-left).unwrap_or(u32::MAX), due }
    }
}

impl FollowUpPlan {
    /// A plan, refused when the handled day lies after `today`.
    pub fn new(
        id: String,
        handled: CivilDate,
        what: Handled,
        linked_check: Option<String>,
        today: CivilDate,
    ) -> Result<FollowUpPlan, PlanError> {
        if handled > today {
            return Err(PlanError::HandledInFuture { handled, today });
        }
        Ok(FollowUpPlan { id, handled, what, linked_check, created: today, done: None })
    }

    /// A plan from the answers of `vervolg-start.json` (`handled_date`, `handled_what`).
    pub fn from_start_form(
        form: &Form,
        id: String,
        linked_check: Option<String>,
        today: CivilDate,
    ) -> Result<FollowUpPlan, PlanError> {
        let handled = match enabled_values(form, "handled_date").and_then(|v| v.first()) {
            None => return Err(PlanError::HandledMissing),
            Some(AnswerValue::Date(s) | AnswerValue::DateTime(s)) => {
                CivilDate::parse_iso(s).ok_or_else(|| PlanError::HandledNotADay { value: s.clone() })?
            }
            Some(other) => return Err(PlanError::HandledNotADay { value: other.display_text() }),
        };
        let what = match first_code(form, "handled_what") {
            None => return Err(PlanError::WhatMissing),
            Some(code) => Handled::from_code(&code).ok_or(PlanError::UnknownWhat { code })?,
        };
        FollowUpPlan::new(id, handled, what, linked_check, today)
    }

    pub fn due(&self, interval_days: u32) -> CivilDate {
        due_date(self.handled, interval_days)
    }

    pub fn status(&self, interval_days: u32, today: CivilDate) -> Status {
        status(self, interval_days, today)
    }

    /// The calendar event's UID: the same for the same plan, so downloading the reminder again
    /// updates the event instead of adding a second one.
    pub fn ics_uid(&self) -> String {
        format!("{}-{}@wijkpeil", self.id, self.created.basic())
    }
}

impl id_list::Identified for FollowUpPlan {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The follow-up plans on this device (stored under [`crate::storage_format::FOLLOW_UP_KEY`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpPlans {
    pub plans: Vec<FollowUpPlan>,
}

impl FollowUpPlans {
    /// An id not yet used: `plan-2026-11-22`, then `plan-2026-11-22-2`, …
    pub fn next_id(&self, created: CivilDate) -> String {
        id_list::next_free_id(&format!("plan-{}", created.iso()), |id| self.get(id).is_some())
    }

    /// Adds a plan, or replaces the one with the same id.
    pub fn add(&mut self, plan: FollowUpPlan) {
        id_list::upsert(&mut self.plans, plan);
    }

    pub fn get(&self, id: &str) -> Option<&FollowUpPlan> {
        id_list::find(&self.plans, id)
    }

    pub fn remove(&mut self, id: &str) -> Option<FollowUpPlan> {
        id_list::take(&mut self.plans, id)
    }

    /// Marks a plan as done (the follow-up questionnaire was finished). `false` if unknown.
    pub fn mark_done(&mut self, id: &str, on: CivilDate) -> bool {
        match self.plans.iter_mut().find(|p| p.id == id) {
            Some(p) => {
                p.done = Some(on);
                true
            }
            None => false,
        }
    }

    /// What happened to the question the follow-up is about, as the start questionnaire said:
    /// the longest-waiting due plan, else the newest plan not done yet.
    pub fn current_what(&self, interval_days: u32, today: CivilDate) -> Option<Handled> {
        if let Some(p) = self.due(interval_days, today).first() {
            return Some(p.what);
        }
        self.plans.iter().filter(|p| p.done.is_none()).max_by_key(|p| (p.created, p.handled)).map(|p| p.what)
    }

    /// The plans that are due on `today`, the longest-waiting first: what the home screen shows.
    pub fn due(&self, interval_days: u32, today: CivilDate) -> Vec<&FollowUpPlan> {
        let mut due: Vec<&FollowUpPlan> =
            self.plans.iter().filter(|p| matches!(p.status(interval_days, today), Status::Due { .. })).collect();
        crate::small_collections::sort_short_by_key(&mut due, |p| p.handled);
        due
    }
}

/// Fills in "Wat is er met uw vraag gebeurd?" of a follow-up with the answer given when it was
/// planned, so it is not asked blind a second time; the person sees it and may change it. Only
/// an unanswered question is filled. Returns whether it filled it.
pub fn prefill_outcome(form: &mut Form, what: Handled) -> bool {
    let Some(id) = form.def.find("outcome") else { return false };
    let slot = Slot::new(id, Vec::new());
    if !form.answers(&slot).is_empty() {
        return false;
    }
    let Some(option) = form.def.option("outcome", what.code()).map(|o| o.value.clone()) else { return false };
    form.set_answer(slot, Some(option));
    true
}

pub const PLANS_KIND: &str = "follow-up-plans";

fn plan_json(p: &FollowUpPlan) -> Value {
    json!({
        "id": p.id,
        "handled": p.handled.iso(),
        "what": p.what.code(),
        "linked_check": p.linked_check,
        "created": p.created.iso(),
        "done": p.done.map(CivilDate::iso),
    })
}

fn plan_from_json(v: &Value, path: &str) -> Result<FollowUpPlan, DecodeError> {
    let o = object_at(v, path)?;
    let opt_text = |key: &str| match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(bad(join(path, key))),
    };
    let what =
        o.get("what").and_then(Value::as_str).and_then(Handled::from_code).ok_or_else(|| bad(join(path, "what")))?;
    let done = match opt_text("done")? {
        None => None,
        Some(s) => Some(CivilDate::parse_iso(&s).ok_or_else(|| bad(join(path, "done")))?),
    };
    let plan = FollowUpPlan {
        id: code_at(o, "id", path)?,
        handled: date_at(o, "handled", path)?,
        what,
        linked_check: opt_text("linked_check")?,
        created: date_at(o, "created", path)?,
        done,
    };
    // What `FollowUpPlan::new` guarantees holds for stored plans too.
    if plan.handled > plan.created {
        return Err(bad(join(path, "handled")));
    }
    Ok(plan)
}

pub fn encode_plans(p: &FollowUpPlans) -> String {
    encode_record(PLANS_KIND, json!({"plans": p.plans.iter().map(plan_json).collect::<Vec<_>>()}))
}

/// Reads the plans; a damaged plan or an id used twice refuses the whole record (the caller
/// sets it aside, as with drafts).
pub fn decode_plans(text: &str) -> Result<FollowUpPlans, DecodeError> {
    let data = decode_record(text, PLANS_KIND)?;
    let o = object_at(&data, "")?;
    if !o.contains_key("plans") {
        return Err(bad("plans"));
    }
    let mut out = FollowUpPlans::default();
    for (n, v) in list_at(o, "plans", "")?.iter().enumerate() {
        let p = format!("plans[{n}]");
        let plan = plan_from_json(v, &p)?;
        if out.get(&plan.id).is_some() {
            return Err(bad(join(&p, "id")));
        }
        out.plans.push(plan);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The follow-up questionnaire
// ---------------------------------------------------------------------------------------------

/// Who fills in `vervolg.json` (its first question).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respondent {
    /// The person who asked the question.
    Client,
    /// Their independent client supporter, giving their own view.
    Oco,
    /// A mantelzorger or family member, giving their own view.
    Carer,
}

impl Respondent {
    pub fn code(self) -> &'static str {
        match self {
            Respondent::Client => "client",
            Respondent::Oco => "oco",
            Respondent::Carer => "carer",
        }
    }

    pub fn from_code(code: &str) -> Option<Respondent> {
        [Respondent::Client, Respondent::Oco, Respondent::Carer].into_iter().find(|r| r.code() == code)
    }

    /// Catalog key of the column heading for this respondent's view.
    pub fn label_key(self) -> &'static str {
        match self {
            Respondent::Client => "follow_up.respondent.client",
            Respondent::Oco => "follow_up.respondent.oco",
            Respondent::Carer => "follow_up.respondent.carer",
        }
    }
}

/// The answers of `vervolg.json`, as codes (`None` when skipped or not shown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpAnswers {
    /// Not answered counts as the client (the questionnaire's default reading).
    pub respondent: Option<Respondent>,
    /// `helped`, `partly`, `rejected`, `referred`, `waiting`.
    pub outcome: Option<String>,
    /// `yes`, `partly`, `no`, `unknown`.
    pub solution_match: Option<String>,
    /// `yes`, `no`, `unknown` (asked after `rejected` or `partly`).
    pub other_solution: Option<String>,
    /// `yes`, `partly`, `no`.
    pub problem_still: Option<String>,
    /// `less_2w`, `2_6w`, `more_6w`, `not_started`, `unknown`.
    pub time_to_help: Option<String>,
    /// The five statements in [`EFFECT_ITEMS`] order: `fully_agree`, `agree`, `neutral`,
    /// `disagree`, `fully_disagree`, `dont_know`.
    pub effects: [Option<String>; 5],
    /// `yes`, `no`.
    pub knows_oco: Option<String>,
    /// `yes`, `no`, `unsure`.
    pub want_follow_up: Option<String>,
    /// "Ik wil de onderwerpen opnieuw invullen".
    pub redo_areas: bool,
    /// The life areas answered again (empty unless `redo_areas`), in questionnaire order.
    pub levels: Vec<AreaLevel>,
    /// What needs help now in the areas answered again (unsafe at home, feeling very bad, no
    /// place to sleep, no food or money today): the same signals as the self-check's.
    pub danger: Vec<DangerSignal>,
}

impl FollowUpAnswers {
    /// Who this view is from in the register: the client, an OCO supporter or a mantelzorger
    /// (each view counted apart); an unanswered "who" counts as the client.
    pub fn register_respondent(&self) -> crate::register::Respondent {
        match self.respondent {
            None | Some(Respondent::Client) => crate::register::Respondent::Client,
            Some(Respondent::Oco) => crate::register::Respondent::Oco,
            Some(Respondent::Carer) => crate::register::Respondent::Mantelzorger,
        }
    }

    pub fn from_form(form: &Form) -> FollowUpAnswers {
        let redo_areas = enabled_values(form, "redo_areas").is_some_and(|v| v.contains(&AnswerValue::Boolean(true)));
        let levels = match form.def.find(AREAS_GROUP) {
            Some(g) if form.is_enabled(&Slot::new(g, Vec::new())) => form
                .def
                .descendants(g)
                .into_iter()
                .filter_map(|id| {
                    let link = &form.def.item(id).link_id;
                    let area = link.strip_suffix("_level")?;
                    Some(AreaLevel { area: area.to_string(), level: level_in_form(form, link) })
                })
                .collect(),
            _ => Vec::new(),
        };
        FollowUpAnswers {
            respondent: first_code(form, "respondent").and_then(|c| Respondent::from_code(&c)),
            outcome: first_code(form, "outcome"),
            solution_match: first_code(form, "solution_match"),
            other_solution: first_code(form, "other_solution"),
            problem_still: first_code(form, "problem_still"),
            time_to_help: first_code(form, "time_to_help"),
            effects: EFFECT_ITEMS.map(|l| enabled_codes(form, l).and_then(|c| c.into_iter().next())),
            knows_oco: first_code(form, "knows_oco"),
            want_follow_up: first_code(form, "want_follow_up"),
            redo_areas,
            levels,
            danger: DangerSignal::in_form(form),
        }
    }
}

/// How an area changed between two checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Better,
    Same,
    Worse,
    /// One side has no level (skipped, not applicable, not asked): nothing to compare.
    Unknown,
}

impl Change {
    pub fn label_key(self) -> &'static str {
        match self {
            Change::Better => "follow_up.change.better",
            Change::Same => "follow_up.change.same",
            Change::Worse => "follow_up.change.worse",
            Change::Unknown => "follow_up.change.unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaChange {
    pub area: String,
    pub before: Level,
    pub after: Level,
    pub change: Change,
}

/// Before and after per area: the areas of `before` in their order, then areas only `after`
/// has. Areas asked on neither side are left out.
pub fn compare(before: &[AreaLevel], after: &[AreaLevel]) -> Vec<AreaChange> {
    let level = |list: &[AreaLevel], area: &str| {
        list.iter().find(|l| l.area == area).map(|l| l.level).unwrap_or(Level::NotAsked)
    };
    let mut areas: Vec<&str> = before.iter().map(|l| l.area.as_str()).collect();
    for l in after {
        if !areas.contains(&l.area.as_str()) {
            areas.push(&l.area);
        }
    }
    areas
        .into_iter()
        .filter_map(|area| {
            let (b, a) = (level(before, area), level(after, area));
            if b == Level::NotAsked && a == Level::NotAsked {
                return None;
            }
            let change = if !b.is_level() || !a.is_level() {
                Change::Unknown
            } else {
                match a.position().cmp(&b.position()) {
                    std::cmp::Ordering::Greater => Change::Better,
                    std::cmp::Ordering::Equal => Change::Same,
                    std::cmp::Ordering::Less => Change::Worse,
                }
            };
            Some(AreaChange { area: area.to_string(), before: b, after: a, change })
        })
        .collect()
}

/// [`compare`] with a saved check as "before".
pub fn compare_with_check(before: &CompletedCheck, after: &[AreaLevel]) -> Vec<AreaChange> {
    compare(&before.levels, after)
}

/// Why the way back to the wijkteam is offered (seed: "geef … zo nodig een vervolg op de
/// aanvraag"). The app never reopens anything itself: it shows how to reach the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FollowUpReason {
    /// The person asks for contact (`want_follow_up` = yes).
    AskedForContact,
    /// `problem_still` = yes.
    ProblemStill,
    /// `problem_still` = partly.
    ProblemPartly,
    /// `solution_match` = no.
    SolutionDidNotFit,
    /// `solution_match` = partly.
    SolutionPartlyFits,
    /// After a no or partial help, no other solution was found (`other_solution` = no).
    NoOtherSolution,
    /// Still waiting: `outcome` = waiting, or `time_to_help` = not_started.
    StillWaiting,
}

impl FollowUpReason {
    pub const ALL: [FollowUpReason; 7] = [
        FollowUpReason::AskedForContact,
        FollowUpReason::ProblemStill,
        FollowUpReason::ProblemPartly,
        FollowUpReason::SolutionDidNotFit,
        FollowUpReason::SolutionPartlyFits,
        FollowUpReason::NoOtherSolution,
        FollowUpReason::StillWaiting,
    ];

    pub fn label_key(self) -> &'static str {
        match self {
            FollowUpReason::AskedForContact => "follow_up.reason.asked",
            FollowUpReason::ProblemStill => "follow_up.reason.problem_still",
            FollowUpReason::ProblemPartly => "follow_up.reason.problem_partly",
            FollowUpReason::SolutionDidNotFit => "follow_up.reason.did_not_fit",
            FollowUpReason::SolutionPartlyFits => "follow_up.reason.partly_fits",
            FollowUpReason::NoOtherSolution => "follow_up.reason.no_other_solution",
            FollowUpReason::StillWaiting => "follow_up.reason.still_waiting",
        }
    }
}

/// Every reason to offer the way back, in [`FollowUpReason`] order (empty: none).
pub fn follow_up_reasons(a: &FollowUpAnswers) -> Vec<FollowUpReason> {
    let is = |v: &Option<String>, code: &str| v.as_deref() == Some(code);
    let mut out = Vec::new();
    if is(&a.want_follow_up, "yes") {
        out.push(FollowUpReason::AskedForContact);
    }
    if is(&a.problem_still, "yes") {
        out.push(FollowUpReason::ProblemStill);
    }
    if is(&a.problem_still, "partly") {
        out.push(FollowUpReason::ProblemPartly);
    }
    if is(&a.solution_match, "no") {
        out.push(FollowUpReason::SolutionDidNotFit);
    }
    if is(&a.solution_match, "partly") {
        out.push(FollowUpReason::SolutionPartlyFits);
    }
    if (is(&a.outcome, "rejected") || is(&a.outcome, "partly")) && is(&a.other_solution, "no") {
        out.push(FollowUpReason::NoOtherSolution);
    }
    if is(&a.outcome, "waiting") || is(&a.time_to_help, "not_started") {
        out.push(FollowUpReason::StillWaiting);
    }
    out
}

/// Whether to offer the way back to the team: the problem is still there, the solution did not
/// fit, the person is still waiting, or they ask for it.
pub fn needs_follow_up(a: &FollowUpAnswers) -> bool {
    !follow_up_reasons(a).is_empty()
}

// ---------------------------------------------------------------------------------------------
// Calendar reminder (RFC 5545)
// ---------------------------------------------------------------------------------------------

/// What goes into the calendar file. The texts come from the caller, in the person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder<'a> {
    /// Stable per plan ([`FollowUpPlan::ics_uid`]).
    pub uid: &'a str,
    pub due: CivilDate,
    pub summary: &'a str,
    pub description: &'a str,
    /// When the file is made (UTC seconds since 1970): the `DTSTAMP`.
    pub now_utc_seconds: i64,
}

/// An iCalendar file with one all-day event on the due day and a reminder at 09:00 that day:
/// CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character), text escaped.
/// Spaces around the texts are dropped (some readers trim a value's end, others keep it).
pub fn ics_for_due_date(r: &Reminder) -> String {
    let mut out = String::new();
    let next_day = r.due.add_days(1);
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Wijkpeil//Vervolg//NL".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape_text(r.uid)),
        format!("DTSTAMP:{}", utc_stamp(r.now_utc_seconds)),
        format!("DTSTART;VALUE=DATE:{}", r.due.basic()),
        format!("DTEND;VALUE=DATE:{}", next_day.basic()),
        format!("SUMMARY:{}", escape_text(r.summary.trim())),
        format!("DESCRIPTION:{}", escape_text(r.description.trim())),
        "TRANSP:TRANSPARENT".to_string(),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        // All-day events start at local midnight: 9 hours later is 09:00 on the due day.
        "TRIGGER;RELATED=START:PT9H".to_string(),
        format!("DESCRIPTION:{}", escape_text(r.summary.trim())),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    for l in &lines {
        push_folded(&mut out, l);
    }
    out
}

/// A file name for the reminder: `wijkpeil-vervolg-2027-01-03.ics`.
pub fn ics_file_name(due: CivilDate) -> String {
    format!("wijkpeil-vervolg-{}.ics", due.iso())
}

/// RFC 5545 TEXT: backslash, semicolon and comma escaped, every line break as `\n`, other
/// control characters dropped (TEXT does not allow them).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` and CRLF, folded: no physical line longer than 75 octets, continuation
/// lines start with one space, a UTF-8 character is never split and no line ends in a space.
fn push_folded(out: &mut String, line: &str) {
    const MAX: usize = 75;
    let mut rest = line;
    let mut first = true;
    loop {
        let room = if first { MAX } else { MAX - 1 };
        if rest.len() <= room {
            if !first {
                out.push(' ');
            }
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Never end a physical line with a space: some readers trim line ends when unfolding
        // and would lose it. The space moves to the start of the next line instead.
        while let Some(back) = rest[..cut].strip_suffix(' ').filter(|b| !b.is_empty()) {
            cut = back.len();
        }
        if !first {
            out.push(' ');
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        first = false;
    }
}

/// `YYYYMMDDTHHMMSSZ`
fn utc_stamp(utc_seconds: i64) -> String {
    let d = CivilDate::from_day_number(utc_seconds.div_euclid(86400));
    let s = utc_seconds.rem_euclid(86400);
    format!("{}T{:02}{:02}{:02}Z", d.basic(), s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests;
