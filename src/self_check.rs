//! "Hoe gaat het met u?": from the answers of `hoe-gaat-het.json` to what the person sees
//! afterwards — per life area how it goes, who helps and whether they want to talk about it;
//! the danger signals that put urgent contacts first; a picture without any score; their own
//! conversation agenda; and a small history entry the six-week follow-up compares with.
//!
//! The areas are read from the questionnaire, not listed here: every group with linkId
//! `area_<code>` is an area, with the questions `<code>_level`, `<code>_helpers` and
//! `<code>_talk`. A municipality can add or drop an area in the JSON without touching Rust.
//!
//! Nothing here adds levels up: no totals, no percentages, nothing that reads like a grade
//! (the person describes their life; the app does not judge it).

use crate::civil_date::CivilDate;
use crate::engine::{AnswerValue, Form, LocalText, Slot};
use crate::fit_check::Routing;
use crate::id_list;
use crate::storage_format::{decode_record, encode_record, DecodeError};
use serde_json::{json, Map, Value};

/// The questionnaire id of "Hoe gaat het met u?".
pub const QUESTIONNAIRE_ID: &str = "hoe-gaat-het";

/// linkId prefix of an area group: `area_<code>`.
pub const AREA_GROUP_PREFIX: &str = "area_";

/// Number of steps in the picture: a bar is 0 (no level to show) to 3 (goes well) long.
pub const PICTURE_STEPS: u8 = 3;

/// How an area goes, on the three levels of Leiden's Monitor Sociaal Domein ("met (bijna) geen
/// problemen, met enkele problemen, met veel problemen"), plus the ways of not having a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// (Bijna) geen problemen.
    Good,
    /// Enkele problemen.
    Some,
    /// Veel problemen.
    Many,
    /// The person said the area does not apply to them.
    NotApplicable,
    /// The question was shown but not answered (every question may be skipped).
    Skipped,
    /// The question was not shown (e.g. raising children when no children live at home), or
    /// it does not exist in this questionnaire.
    NotAsked,
}

impl Level {
    pub const ALL: [Level; 6] =
        [Level::Good, Level::Some, Level::Many, Level::NotApplicable, Level::Skipped, Level::NotAsked];

    /// The level an answer code of `<area>_level` stands for (`no_problems`, …).
    pub fn from_answer_code(code: &str) -> Option<Level> {
        Some(match code {
            "no_problems" => Level::Good,
            "some_problems" => Level::Some,
            "many_problems" => Level::Many,
            "not_applicable" => Level::NotApplicable,
            _ => return None,
        })
    }

    /// The code stored in history entries: the answer code, or `skipped` / `not_asked`.
    pub fn code(self) -> &'static str {
        match self {
            Level::Good => "no_problems",
            Level::Some => "some_problems",
            Level::Many => "many_problems",
            Level::NotApplicable => "not_applicable",
            Level::Skipped => "skipped",
            Level::NotAsked => "not_asked",
        }
    }

    /// The inverse of [`Level::code`].
    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Length of the bar in the picture: 3 goes well, 2 some problems, 1 many problems,
    /// 0 when there is no level to draw (not applicable, skipped, not asked).
    pub fn position(self) -> u8 {
        match self {
            Level::Good => 3,
            Level::Some => 2,
            Level::Many => 1,
            Level::NotApplicable | Level::Skipped | Level::NotAsked => 0,
        }
    }

    /// Whether this is one of the monitor's three levels (so it can be compared over time).
    pub fn is_level(self) -> bool {
        self.position() > 0
    }

    /// Catalog key of the words for this level (`locales/*.txt`).
    pub fn label_key(self) -> &'static str {
        match self {
            Level::Good => "self_check.level.good",
            Level::Some => "self_check.level.some",
            Level::Many => "self_check.level.many",
            Level::NotApplicable => "self_check.level.not_applicable",
            Level::Skipped => "self_check.level.skipped",
            Level::NotAsked => "self_check.level.not_asked",
        }
    }
}

/// The enabled answers of a top-level-context item as codes (`None` when the item does not
/// exist or is not shown: its answers do not count).
pub(crate) fn enabled_codes(form: &Form, link_id: &str) -> Option<Vec<String>> {
    let id = form.def.find(link_id)?;
    let slot = Slot::new(id, Vec::new());
    if !form.def.item(id).repeat_scope.is_empty() || !form.is_enabled(&slot) {
        return None;
    }
    Some(form.answers(&slot).iter().filter_map(|a| a.code().map(str::to_string)).collect())
}

/// The first enabled answer code of an item.
pub(crate) fn first_code(form: &Form, link_id: &str) -> Option<String> {
    enabled_codes(form, link_id)?.into_iter().next()
}

/// The enabled answers of an item (any type).
pub(crate) fn enabled_values<'f>(form: &'f Form, link_id: &str) -> Option<&'f [AnswerValue]> {
    let id = form.def.find(link_id)?;
    let slot = Slot::new(id, Vec::new());
    if !form.def.item(id).repeat_scope.is_empty() || !form.is_enabled(&slot) {
        return None;
    }
    Some(form.answers(&slot))
}

/// The level answered to a `<area>_level` item: `NotAsked` when it is missing or not shown,
/// `Skipped` when shown and unanswered (or answered with a code this build does not know).
pub fn level_in_form(form: &Form, link_id: &str) -> Level {
    match enabled_codes(form, link_id) {
        None => Level::NotAsked,
        Some(codes) => codes.first().and_then(|c| Level::from_answer_code(c)).unwrap_or(Level::Skipped),
    }
}

/// One life area as the person answered it.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSummary {
    /// The area code (`adl`, `parenting`, …): the group's linkId without `area_`.
    pub code: String,
    /// The group's title in every language it has.
    pub title: LocalText,
    pub level: Level,
    /// Who helps (`family`, `professional`, …) in the questionnaire's order; `nobody` is a code
    /// too. Empty when not answered or not shown.
    pub helpers: Vec<String>,
    /// "Hierover wil ik praten".
    pub wants_to_talk: bool,
}

/// The areas of one kind, for the result screen (see [`SelfCheckSummary::sections`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// (Bijna) geen problemen.
    GoesWell,
    /// Some or many problems.
    Hard,
    NotApplicable,
    /// Shown but skipped.
    NotAnswered,
}

impl SectionKind {
    pub fn label_key(self) -> &'static str {
        match self {
            SectionKind::GoesWell => "self_check.section.goes_well",
            SectionKind::Hard => "self_check.section.hard",
            SectionKind::NotApplicable => "self_check.section.not_applicable",
            SectionKind::NotAnswered => "self_check.section.not_answered",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section<'a> {
    pub kind: SectionKind,
    /// In questionnaire order.
    pub areas: Vec<&'a AreaSummary>,
}

/// Something in the answers that needs help now, not at the next conversation: the urgent
/// contacts for it are shown at the answer itself while filling in, and again on the result.
/// The self-check and the follow-up ask these questions with the same linkIds, so one table
/// ([`DANGER_ANSWERS`]) serves both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DangerSignal {
    /// `safety_now` = no or sometimes not, or many problems with safety at home.
    UnsafeAtHome,
    /// `mental_level` = many problems ("Veel problemen" with how one feels).
    FeelsVeryBad,
    /// `housing_risk` = no_place_to_sleep.
    NoPlaceToSleep,
    /// `money_today` = no: no food today and no money to buy it.
    NoFoodOrMoney,
    /// `housing_risk` = may_lose_home.
    MayLoseHome,
}

/// Which answer raises which signal: (linkId, answer code, signal), in the order the questions
/// come in the questionnaires (a signal raised by two questions is shown at the first one).
pub const DANGER_ANSWERS: [(&str, &str, DangerSignal); 7] = [
    ("mental_level", "many_problems", DangerSignal::FeelsVeryBad),
    ("housing_risk", "no_place_to_sleep", DangerSignal::NoPlaceToSleep),
    ("housing_risk", "may_lose_home", DangerSignal::MayLoseHome),
    ("money_today", "no", DangerSignal::NoFoodOrMoney),
    ("safety_now", "no", DangerSignal::UnsafeAtHome),
    ("safety_now", "sometimes_not", DangerSignal::UnsafeAtHome),
    ("safety_level", "many_problems", DangerSignal::UnsafeAtHome),
];

impl DangerSignal {
    pub const ALL: [DangerSignal; 5] = [
        DangerSignal::UnsafeAtHome,
        DangerSignal::FeelsVeryBad,
        DangerSignal::NoPlaceToSleep,
        DangerSignal::NoFoodOrMoney,
        DangerSignal::MayLoseHome,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DangerSignal::UnsafeAtHome => "unsafe_at_home",
            DangerSignal::FeelsVeryBad => "feels_very_bad",
            DangerSignal::NoPlaceToSleep => "no_place_to_sleep",
            DangerSignal::NoFoodOrMoney => "no_food_or_money",
            DangerSignal::MayLoseHome => "may_lose_home",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            DangerSignal::UnsafeAtHome => "self_check.danger.unsafe_at_home",
            DangerSignal::FeelsVeryBad => "self_check.danger.feels_very_bad",
            DangerSignal::NoPlaceToSleep => "self_check.danger.no_place_to_sleep",
            DangerSignal::NoFoodOrMoney => "self_check.danger.no_food_or_money",
            DangerSignal::MayLoseHome => "self_check.danger.may_lose_home",
        }
    }

    /// The urgent question of the fit check that means the same, if there is one: then the
    /// municipality's routing for it (`routing.urgent` in the config) also names the contacts
    /// for this signal, so one rule serves both.
    pub fn fit_check_question(self) -> Option<&'static str> {
        match self {
            DangerSignal::UnsafeAtHome => Some("urgent_violence"),
            DangerSignal::NoPlaceToSleep => Some("urgent_no_bed"),
            DangerSignal::MayLoseHome => Some("urgent_eviction"),
            DangerSignal::FeelsVeryBad | DangerSignal::NoFoodOrMoney => None,
        }
    }

    /// The key of this signal's rule in `routing.urgent`: the fit check's question where it has
    /// one, else the signal's own code (`feels_very_bad`, `no_food_or_money`).
    pub fn routing_key(self) -> &'static str {
        self.fit_check_question().unwrap_or(self.code())
    }

    /// The signals that `answer` (linkId → its first answer code) raises, each once, in
    /// [`DangerSignal`] order: unsafe at home first, the risk of losing the home last.
    pub fn from_answers(answer: impl Fn(&str) -> Option<String>) -> Vec<DangerSignal> {
        let mut out: Vec<DangerSignal> = DANGER_ANSWERS
            .iter()
            .filter(|(link, code, _)| answer(link).as_deref() == Some(*code))
            .map(|(_, _, s)| *s)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The signals in the enabled answers of a form (the self-check or the follow-up).
    pub fn in_form(form: &Form) -> Vec<DangerSignal> {
        DangerSignal::from_answers(|link| first_code(form, link))
    }

    /// The signals to show at the question `link_id` while filling in: those its answer raises,
    /// except any an earlier question of [`DANGER_ANSWERS`] already shows (no second box with
    /// the same numbers when "Voelt u zich nu veilig thuis?" already said "Nee").
    pub fn at_question(form: &Form, link_id: &str) -> Vec<DangerSignal> {
        let answered = |link: &str, code: &str| first_code(form, link).as_deref() == Some(code);
        let mut out = Vec::new();
        for (n, (link, code, signal)) in DANGER_ANSWERS.iter().enumerate() {
            if *link != link_id || !answered(link, code) || out.contains(signal) {
                continue;
            }
            let shown_earlier =
                DANGER_ANSWERS[..n].iter().any(|(l, c, s)| s == signal && *l != link_id && answered(l, c));
            if !shown_earlier {
                out.push(*signal);
            }
        }
        out
    }

    /// Whether an answer to `link_id` can raise a signal (where the UI watches the answers).
    pub fn asked_at(link_id: &str) -> bool {
        DANGER_ANSWERS.iter().any(|(l, _, _)| *l == link_id)
    }
}

/// The urgent contact kinds (`violence`, `emergency`, `team_urgent`, …) for these signals, in
/// the order of the signals, each kind once. The UI shows the config's contacts of these kinds.
pub fn urgent_contact_kinds(signals: &[DangerSignal], routing: &Routing) -> Vec<String> {
    let mut kinds: Vec<String> = Vec::new();
    for s in signals {
        for k in routing.urgent.get(s.routing_key()).into_iter().flatten() {
            if !kinds.contains(k) {
                kinds.push(k.clone());
            }
        }
    }
    kinds
}

/// One bar (or wheel segment) of the picture: everything the UI needs to draw it as inline SVG
/// without any logic of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct PictureBar {
    pub area: String,
    pub label: LocalText,
    pub level: Level,
    /// 0..=[`PICTURE_STEPS`]: see [`Level::position`].
    pub position: u8,
}

/// An area with its level: what a history entry keeps and the follow-up compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaLevel {
    pub area: String,
    pub level: Level,
}

/// Everything the result screen of "Hoe gaat het met u?" shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SelfCheckSummary {
    /// Every area of the questionnaire, in its order (areas not asked included, as `NotAsked`).
    pub areas: Vec<AreaSummary>,
    /// Who the person can fall back on (`family`, `friends`, `neighbourhood`, `nobody`): shown
    /// with the conversation agenda, as the people around them are part of that conversation.
    pub fallback: Vec<String>,
    /// `alone`, `with_oco`, `with_family`, `with_worker`, `by_phone`: shown with the agenda, so
    /// whoever reads it knows whether the answers were given alone or with someone's help.
    pub filled_by: Option<String>,
    /// `yes` or `no`.
    pub children_at_home: Option<String>,
    /// `none`, `may_lose_home`, `no_place_to_sleep`.
    pub housing_risk: Option<String>,
    /// `yes`, `no` (asked only where money or debts give problems).
    pub money_today: Option<String>,
    /// `yes`, `mostly`, `sometimes_not`, `no`.
    pub safety_now: Option<String>,
}

impl SelfCheckSummary {
    /// Reads the enabled answers of `hoe-gaat-het.json` (or any questionnaire with `area_*`
    /// groups). Answers of questions that are not shown do not count.
    pub fn from_form(form: &Form) -> SelfCheckSummary {
        let def = &form.def;
        let areas = def
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.kind == crate::engine::ItemType::Group && it.link_id.starts_with(AREA_GROUP_PREFIX))
            .map(|(id, group)| {
                let code = group.link_id[AREA_GROUP_PREFIX.len()..].to_string();
                let group_shown = group.repeat_scope.is_empty() && form.is_enabled(&Slot::new(id, Vec::new()));
                let level = if group_shown { level_in_form(form, &format!("{code}_level")) } else { Level::NotAsked };
                let helpers = if group_shown {
                    enabled_codes(form, &format!("{code}_helpers")).unwrap_or_default()
                } else {
                    Vec::new()
                };
                let wants_to_talk = group_shown
                    && enabled_values(form, &format!("{code}_talk"))
                        .is_some_and(|v| v.iter().any(|a| matches!(a, AnswerValue::Boolean(true))));
                AreaSummary { code, title: group.text.clone(), level, helpers, wants_to_talk }
            })
            .collect();
        SelfCheckSummary {
            areas,
            fallback: enabled_codes(form, "fallback").unwrap_or_default(),
            filled_by: first_code(form, "filled_by"),
            children_at_home: first_code(form, "children_at_home"),
            housing_risk: first_code(form, "housing_risk"),
            money_today: first_code(form, "money_today"),
            safety_now: first_code(form, "safety_now"),
        }
    }

    pub fn area(&self, code: &str) -> Option<&AreaSummary> {
        self.areas.iter().find(|a| a.code == code)
    }

    /// The areas grouped for the result screen: what goes well first, then what is hard, then
    /// not applicable, then skipped. Empty groups and areas that were not asked are left out.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let kinds = [
            (SectionKind::GoesWell, &[Level::Good][..]),
            (SectionKind::Hard, &[Level::Some, Level::Many][..]),
            (SectionKind::NotApplicable, &[Level::NotApplicable][..]),
            (SectionKind::NotAnswered, &[Level::Skipped][..]),
        ];
        kinds
            .into_iter()
            .map(|(kind, levels)| Section {
                kind,
                areas: self.areas.iter().filter(|a| levels.contains(&a.level)).collect(),
            })
            .filter(|s| !s.areas.is_empty())
            .collect()
    }

    /// Codes of the areas the person wants to talk about, in questionnaire order.
    pub fn talk_areas(&self) -> Vec<&str> {
        self.areas.iter().filter(|a| a.wants_to_talk).map(|a| a.code.as_str()).collect()
    }

    /// What needs help now ([`DangerSignal::from_answers`] on these answers): unsafe at home
    /// first, the risk of losing the home last. Empty when nothing of that was answered.
    pub fn danger_signals(&self) -> Vec<DangerSignal> {
        DangerSignal::from_answers(|link| match link {
            "safety_now" => self.safety_now.clone(),
            "housing_risk" => self.housing_risk.clone(),
            "money_today" => self.money_today.clone(),
            other => {
                let area = self.area(other.strip_suffix("_level")?)?;
                area.level.is_level().then(|| area.level.code().to_string())
            }
        })
    }

    /// One bar per area that was asked, in questionnaire order.
    pub fn picture(&self) -> Vec<PictureBar> {
        self.areas
            .iter()
            .filter(|a| a.level != Level::NotAsked)
            .map(|a| PictureBar {
                area: a.code.clone(),
                label: a.title.clone(),
                level: a.level,
                position: a.level.position(),
            })
            .collect()
    }

    /// Every area with its level, in questionnaire order (for a history entry).
    pub fn levels(&self) -> Vec<AreaLevel> {
        self.areas.iter().map(|a| AreaLevel { area: a.code.clone(), level: a.level }).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The conversation agenda
// ---------------------------------------------------------------------------------------------

/// One topic for the conversation with the wijkteam, with the person's own note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Area code (`debts`, …).
    pub area: String,
    /// Free text of the person's own ("vergeet niet te zeggen dat…"). Stays on the device: it
    /// is never part of a register record.
    pub note: String,
}

/// The person's own list of topics for the conversation (keukentafelgesprek), in the order
/// they choose. It follows the "Hierover wil ik praten" answers: [`Agenda::reconcile`] adds new
/// ones at the end and takes away the ones no longer ticked, keeping every note.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agenda {
    pub items: Vec<AgendaItem>,
    /// Topics taken off the list by a changed answer that had a note. Kept (the app never
    /// throws away what a person wrote) and put back, note and all, if the area is ticked again.
    pub parked: Vec<AgendaItem>,
}

/// What [`Agenda::reconcile`] changed, so the UI can say so ("2 onderwerpen toegevoegd").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgendaChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Agenda {
    /// A new agenda with the talk-areas of `summary`, in questionnaire order.
    pub fn from_summary(summary: &SelfCheckSummary) -> Agenda {
        let mut a = Agenda::default();
        a.reconcile(summary);
        a
    }

    /// Follows changed answers: areas newly ticked "Hierover wil ik praten" are added at the end
    /// (in questionnaire order, with their parked note if they had one), areas no longer ticked
    /// leave the list (their note, if any, is parked). The order of the rest is kept.
    pub fn reconcile(&mut self, summary: &SelfCheckSummary) -> AgendaChanges {
        self.reconcile_areas(&summary.talk_areas())
    }

    /// [`Agenda::reconcile`] with the talk-areas given directly.
    pub fn reconcile_areas(&mut self, talk_areas: &[&str]) -> AgendaChanges {
        let mut changes = AgendaChanges::default();
        let (keep, gone): (Vec<AgendaItem>, Vec<AgendaItem>) =
            std::mem::take(&mut self.items).into_iter().partition(|i| talk_areas.contains(&i.area.as_str()));
        self.items = keep;
        for item in gone {
            changes.removed.push(item.area.clone());
            if !item.note.trim().is_empty() {
                self.parked.retain(|p| p.area != item.area);
                self.parked.push(item);
            }
        }
        for &area in talk_areas {
            if self.position(area).is_some() {
                continue;
            }
            let item = match self.parked.iter().position(|p| p.area == area) {
                Some(i) => self.parked.remove(i),
                None => AgendaItem { area: area.to_string(), note: String::new() },
            };
            changes.added.push(area.to_string());
            self.items.push(item);
        }
        changes
    }

    /// Where an area is on the list (0 = first).
    pub fn position(&self, area: &str) -> Option<usize> {
        self.items.iter().position(|i| i.area == area)
    }

    /// Moves an area one place up. `false` when it is first already or not on the list.
    pub fn move_up(&mut self, area: &str) -> bool {
        match self.position(area) {
            Some(i) if i > 0 => {
                self.items.swap(i - 1, i);
                true
            }
            _ => false,
        }
    }

    /// Moves an area one place down. `false` when it is last already or not on the list.
    pub fn move_down(&mut self, area: &str) -> bool {
        match self.position(area) {
            Some(i) if i + 1 < self.items.len() => {
                self.items.swap(i, i + 1);
                true
            }
            _ => false,
        }
    }

    /// Moves an area to `index` (0 = first; past the end = last), the others shift. `false`
    /// when the area is not on the list or already there.
    pub fn move_to(&mut self, area: &str, index: usize) -> bool {
        let Some(from) = self.position(area) else { return false };
        let to = index.min(self.items.len() - 1);
        if from == to {
            return false;
        }
        let item = self.items.remove(from);
        self.items.insert(to, item);
        true
    }

    /// Sets the note of an area on the list. `false` when it is not on the list.
    pub fn set_note(&mut self, area: &str, note: impl Into<String>) -> bool {
        match self.items.iter_mut().find(|i| i.area == area) {
            Some(i) => {
                i.note = note.into();
                true
            }
            None => false,
        }
    }

    pub fn note(&self, area: &str) -> Option<&str> {
        self.items.iter().find(|i| i.area == area).map(|i| i.note.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Completed checks and their history
// ---------------------------------------------------------------------------------------------

/// What is kept of a finished check so the follow-up can compare with it later: the levels
/// per area and the day, nothing else (no helpers, no notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedCheck {
    /// Unique within this device's history (see [`History::next_id`]).
    pub id: String,
    /// The questionnaire id (`hoe-gaat-het`).
    pub questionnaire: String,
    pub completed: CivilDate,
    /// In questionnaire order.
    pub levels: Vec<AreaLevel>,
}

impl CompletedCheck {
    pub fn from_summary(id: String, questionnaire: &str, completed: CivilDate, summary: &SelfCheckSummary) -> Self {
        CompletedCheck { id, questionnaire: questionnaire.to_string(), completed, levels: summary.levels() }
    }

    /// The level of an area (`NotAsked` when the check did not have it).
    pub fn level(&self, area: &str) -> Level {
        self.levels.iter().find(|l| l.area == area).map(|l| l.level).unwrap_or(Level::NotAsked)
    }
}

/// The completed checks on this device, oldest first (stored under
/// [`crate::storage_format::HISTORY_KEY`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub entries: Vec<CompletedCheck>,
}

impl History {
    /// An id not yet in the history: `check-2026-11-22`, then `check-2026-11-22-2`, …
    /// (no random numbers needed, and only ever on this device).
    pub fn next_id(&self, completed: CivilDate) -> String {
        id_list::next_free_id(&format!("check-{}", completed.iso()), |id| self.get(id).is_some())
    }

    /// Adds a check, or replaces the one with the same id (a check finished again after a
    /// change keeps its place).
    pub fn add(&mut self, check: CompletedCheck) {
        id_list::upsert(&mut self.entries, check);
    }

    pub fn get(&self, id: &str) -> Option<&CompletedCheck> {
        id_list::find(&self.entries, id)
    }

    /// The most recently completed check (the later one in the list on the same day).
    pub fn latest(&self) -> Option<&CompletedCheck> {
        self.entries.iter().enumerate().max_by_key(|(i, e)| (e.completed, *i)).map(|(_, e)| e)
    }

    pub fn remove(&mut self, id: &str) -> Option<CompletedCheck> {
        id_list::take(&mut self.entries, id)
    }
}

impl id_list::Identified for CompletedCheck {
    fn id(&self) -> &str {
        &self.id
    }
}

// --- JSON, by hand (see storage_format.rs for why) -------------------------------------------

pub const AGENDA_KIND: &str = "agenda";
pub const HISTORY_KIND: &str = "history";
pub const CHECK_KIND: &str = "completed-check";

pub(crate) fn bad(path: impl Into<String>) -> DecodeError {
    DecodeError::BadContent(path.into())
}

/// `{"key": "…"}` → the text; `path` names the field for the error.
pub(crate) fn text_at(o: &Map<String, Value>, key: &str, path: &str) -> Result<String, DecodeError> {
    o.get(key).and_then(Value::as_str).map(str::to_string).ok_or_else(|| bad(join(path, key)))
}

/// A text that must not be empty (ids, codes).
pub(crate) fn code_at(o: &Map<String, Value>, key: &str, path: &str) -> Result<String, DecodeError> {
    let s = text_at(o, key, path)?;
    if s.trim().is_empty() {
        return Err(bad(join(path, key)));
    }
    Ok(s)
}

pub(crate) fn date_at(o: &Map<String, Value>, key: &str, path: &str) -> Result<CivilDate, DecodeError> {
    o.get(key).and_then(Value::as_str).and_then(CivilDate::parse_iso).ok_or_else(|| bad(join(path, key)))
}

pub(crate) fn object_at<'v>(v: &'v Value, path: &str) -> Result<&'v Map<String, Value>, DecodeError> {
    v.as_object().ok_or_else(|| bad(if path.is_empty() { "data" } else { path }))
}

/// A list field; absent counts as empty.
pub(crate) fn list_at<'v>(o: &'v Map<String, Value>, key: &str, path: &str) -> Result<&'v [Value], DecodeError> {
    match o.get(key) {
        None => Ok(&[]),
        Some(Value::Array(l)) => Ok(l),
        Some(_) => Err(bad(join(path, key))),
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn items_json(items: &[AgendaItem]) -> Value {
    Value::Array(items.iter().map(|i| json!({"area": i.area, "note": i.note})).collect())
}

fn items_from_json(o: &Map<String, Value>, key: &str) -> Result<Vec<AgendaItem>, DecodeError> {
    list_at(o, key, "")?
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let p = format!("{key}[{n}]");
            let i = object_at(v, &p)?;
            Ok(AgendaItem { area: code_at(i, "area", &p)?, note: text_at(i, "note", &p)? })
        })
        .collect()
}

pub fn encode_agenda(a: &Agenda) -> String {
    encode_record(AGENDA_KIND, json!({"items": items_json(&a.items), "parked": items_json(&a.parked)}))
}

/// Reads an agenda; refuses anything that is not exactly one: a missing area or note, a note
/// that is not text, or an area listed twice.
pub fn decode_agenda(text: &str) -> Result<Agenda, DecodeError> {
    let data = decode_record(text, AGENDA_KIND)?;
    let o = object_at(&data, "")?;
    if !o.contains_key("items") {
        return Err(bad("items"));
    }
    let agenda = Agenda { items: items_from_json(o, "items")?, parked: items_from_json(o, "parked")? };
    let mut seen = std::collections::HashSet::new();
    for (key, list) in [("items", &agenda.items), ("parked", &agenda.parked)] {
        for (n, i) in list.iter().enumerate() {
            if !seen.insert(i.area.as_str()) {
                return Err(bad(format!("{key}[{n}].area")));
            }
        }
    }
    Ok(agenda)
}

fn check_json(c: &CompletedCheck) -> Value {
    json!({
        "id": c.id,
        "questionnaire": c.questionnaire,
        "completed": c.completed.iso(),
        "levels": c.levels.iter().map(|l| json!({"area": l.area, "level": l.level.code()})).collect::<Vec<_>>(),
    })
}

fn check_from_json(v: &Value, path: &str) -> Result<CompletedCheck, DecodeError> {
    let o = object_at(v, path)?;
    let levels_path = join(path, "levels");
    if !o.contains_key("levels") {
        return Err(bad(levels_path));
    }
    let mut levels: Vec<AreaLevel> = Vec::new();
    for (n, l) in list_at(o, "levels", path)?.iter().enumerate() {
        let p = format!("{levels_path}[{n}]");
        let lo = object_at(l, &p)?;
        let area = code_at(lo, "area", &p)?;
        if levels.iter().any(|x| x.area == area) {
            return Err(bad(join(&p, "area")));
        }
        let level =
            lo.get("level").and_then(Value::as_str).and_then(Level::from_code).ok_or_else(|| bad(join(&p, "level")))?;
        levels.push(AreaLevel { area, level });
    }
    Ok(CompletedCheck {
        id: code_at(o, "id", path)?,
        questionnaire: code_at(o, "questionnaire", path)?,
        completed: date_at(o, "completed", path)?,
        levels,
    })
}

/// One completed check on its own (to hand it over to another device, for instance).
pub fn encode_check(c: &CompletedCheck) -> String {
    encode_record(CHECK_KIND, check_json(c))
}

pub fn decode_check(text: &str) -> Result<CompletedCheck, DecodeError> {
    check_from_json(&decode_record(text, CHECK_KIND)?, "")
}

pub fn encode_history(h: &History) -> String {
    encode_record(HISTORY_KIND, json!({"entries": h.entries.iter().map(check_json).collect::<Vec<_>>()}))
}

/// Reads the history; one damaged entry refuses the whole list (the caller sets the record
/// aside, as with drafts, rather than silently dropping a check), and so does an id used twice.
pub fn decode_history(text: &str) -> Result<History, DecodeError> {
    let data = decode_record(text, HISTORY_KIND)?;
    let o = object_at(&data, "")?;
    if !o.contains_key("entries") {
        return Err(bad("entries"));
    }
    let mut h = History::default();
    for (n, e) in list_at(o, "entries", "")?.iter().enumerate() {
        let p = format!("entries[{n}]");
        let c = check_from_json(e, &p)?;
        if h.get(&c.id).is_some() {
            return Err(bad(join(&p, "id")));
        }
        h.entries.push(c);
    }
    Ok(h)
}

pub mod pictograms;

#[cfg(test)]
mod tests;
