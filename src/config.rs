//! The municipality's settings: one JSON file (`public/config/gemeente.json`) that a
//! municipality edits without touching Rust. Parsed here, checked, and every problem listed.

use crate::engine::LocalText;
use crate::fit_check::Routing;
use crate::small_collections::{map_of, set_of, SortedMap, SortedSet};
use serde_json::{Map, Value};

/// The base language of config texts: the app's default language.
pub const BASE_LANGUAGE: &str = "nl";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub format: u32,
    pub municipality: Municipality,
    /// Weeks from the day a question was handled until the follow-up (`follow_up_weeks`,
    /// optional, 1 to 52; 6 when absent: the seed's "bijvoorbeeld 6 weken").
    pub follow_up_weeks: u32,
    /// A map with a PIN locks itself after this many seconds without a tap or key press
    /// (`auto_lock_seconds`, optional, 5 to 3600; 300 when absent).
    pub auto_lock_seconds: u32,
    pub submission_endpoint: Option<String>,
    /// Where "Snel weg" (quick exit) sends the person: a neutral https page, or `about:blank`
    /// (the default), which shows an empty page and needs no network.
    pub quick_exit_url: Option<String>,
    pub holidays: Vec<String>,
    pub urgent_contacts: Vec<UrgentContact>,
    pub wijken: Vec<Wijk>,
    pub partners: Vec<Partner>,
    /// The organisations for free independent client support (OCO) in the municipality
    /// (`client_support`, optional): all of them are shown, in config order, none preferred.
    pub client_support: Vec<Partner>,
    /// Which partners and urgent contacts suit which answers of the fit check.
    pub routing: Routing,
    /// The languages offered besides Dutch (`languages`, optional, codes such as `"ar"`): a
    /// language that no native speaker has signed off yet is offered only when listed here.
    /// Absent: the signed-off languages (`crate::i18n::offered`).
    pub languages: Option<Vec<String>>,
    /// Problems in optional parts: each such part is switched off (or back to its default),
    /// and the rest of the app works. Shown as a notice for the municipality.
    pub notices: Vec<ConfigIssue>,
}

/// The optional parts of the config: a problem in one of them switches that part off instead
/// of stopping the app. Everything else (format, municipality, wijken) is needed to start.
const OPTIONAL_PARTS: [&str; 9] = [
    "submission_endpoint",
    "quick_exit_url",
    "follow_up_weeks",
    "auto_lock_seconds",
    "holidays",
    "partners",
    "client_support",
    "routing",
    "languages",
];

/// `path` is `part` itself or inside it (`partners[2].id`, `routing.areas.x[0]`).
fn in_part(path: &str, part: &str) -> bool {
    path.strip_prefix(part).is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
}

/// The index of `path` inside the list `part` (`holidays[3]` → 3).
fn index_in(path: &str, part: &str) -> Option<usize> {
    let rest = path.strip_prefix(part)?.strip_prefix('[')?;
    rest[..rest.find(']')?].parse().ok()
}

impl ConfigIssue {
    /// Is this a problem in an optional part (which is then switched off)?
    pub fn is_optional(&self) -> bool {
        OPTIONAL_PARTS.iter().any(|p| in_part(&self.path, p))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub code: String,
    pub name: LocalText,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UrgentContact {
    pub id: String,
    pub kind: String,
    pub name: LocalText,
    pub phone: String,
    pub when: Option<LocalText>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Wijk {
    pub code: String,
    pub name: LocalText,
    /// Inclusive ranges of 4-digit postcodes, e.g. `[["9991", "9993"]]`.
    pub postcodes: Vec<(String, String)>,
    pub team: Team,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub name: LocalText,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Per day (`mon` … `sun`): a list of `["09:00", "17:00"]` periods.
    pub opening_hours: SortedMap<String, Vec<(String, String)>>,
    pub walk_in: Vec<WalkIn>,
    pub urgent_route: Option<LocalText>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WalkIn {
    pub day: String,
    pub from: String,
    pub to: String,
    pub place: Option<LocalText>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub id: String,
    pub name: LocalText,
    pub about: Option<LocalText>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// Outcome codes of the fit check that point to this partner.
    pub outcomes: Vec<String>,
}

pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One problem in a config file: where (a JSON path such as `wijken[1].team.phone`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub path: String,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    InvalidJson {
        line: usize,
        column: usize,
    },
    Missing,
    /// A field holds the wrong kind of JSON value.
    WrongType {
        expected: Expected,
    },
    UnsupportedFormat {
        found: u32,
    },
    NoWijken,
    DuplicateCode {
        code: String,
    },
    BadTime {
        value: String,
    },
    PeriodEndsBeforeStart,
    UnknownDay {
        day: String,
    },
    BadDate {
        value: String,
    },
    BadPostcodeRange,
    Empty,
    EndpointNotHttps,
    /// The endpoint ends in `/v1`: the app adds `/v1/records` itself (it would post to
    /// `/v1/v1/records`).
    EndpointWithV1,
    /// `quick_exit_url` is neither `https://…` nor `about:blank`.
    QuickExitUrl,
    FollowUpWeeksOutOfRange,
    AutoLockOutOfRange,
    /// A routing rule names a partner outcome or urgent contact kind that nothing in the
    /// config provides.
    UnknownReference {
        code: String,
    },
    /// A partner's `website` is not an `https://` address (see [`is_https_url`]).
    WebsiteNotHttps,
    /// No routing rule points to this partner: the fit check could never show it.
    Unreachable {
        partner: String,
    },
    /// `languages` names a language the app does not have.
    UnknownLanguage {
        code: String,
    },
}

/// The `tel:` link target of a phone number as written in the config ("0900-0000010",
/// "+31 6 …"): digits and `+` only.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

/// What a field should hold, for [`ConfigProblem::WrongType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Text,
    /// A plain text or `{ "nl": "…", "en": "…" }`.
    Translations,
    WholeNumber,
    List,
    Object,
    /// `["09:00", "17:00"]`
    Pair,
}

pub const CONFIG_FORMAT: u32 = 1;

impl Config {
    pub fn parse(json: &str) -> Result<Config, Vec<ConfigIssue>> {
        let value: Value = serde_json::from_str(json).map_err(|e| {
            vec![ConfigIssue {
                path: String::new(),
                problem: ConfigProblem::InvalidJson { line: e.line(), column: e.column() },
            }]
        })?;
        let mut r = Reader::default();
        let mut config = r.config(&value);
        let mut issues = r.issues;
        if issues.iter().all(ConfigIssue::is_optional) {
            // A field of the wrong type has been read as its default: switch it off first, so
            // the check does not report it a second time.
            config.switch_off(&issues);
            issues.extend(config.check());
        }
        if issues.iter().any(|x| !x.is_optional()) {
            return Err(issues);
        }
        config.switch_off(&issues);
        config.notices = issues;
        Ok(config)
    }

    /// Switches off each optional part that has a problem: a bad endpoint means no sending, a
    /// bad holiday or partner is left out, a routing rule only keeps what exists.
    fn switch_off(&mut self, issues: &[ConfigIssue]) {
        let paths: Vec<&str> = issues.iter().map(|x| x.path.as_str()).collect();
        let hit = |part: &str| paths.iter().any(|p| in_part(p, part));
        if hit("submission_endpoint") {
            self.submission_endpoint = None;
        }
        if hit("quick_exit_url") {
            self.quick_exit_url = None;
        }
        if hit("follow_up_weeks") {
            self.follow_up_weeks = 6;
        }
        if hit("auto_lock_seconds") {
            self.auto_lock_seconds = 300;
        }
        let bad = |part: &str| -> (bool, Vec<usize>) {
            (paths.contains(&part), paths.iter().filter_map(|p| index_in(p, part)).collect())
        };
        let (all, some) = bad("holidays");
        let mut n = 0;
        self.holidays.retain(|_| (!all && !some.contains(&n), n += 1).0);
        // A partner whose only problem is its website keeps its name and phone, without the link.
        for (i, p) in self.partners.iter_mut().enumerate() {
            if paths.contains(&format!("partners[{i}].website").as_str()) {
                p.website = None;
            }
        }
        let website_only = |i: &usize| {
            let own: Vec<&&str> = paths.iter().filter(|p| index_in(p, "partners") == Some(*i)).collect();
            own.iter().all(|p| **p == format!("partners[{i}].website"))
        };
        let (all, some) = bad("partners");
        let some: Vec<usize> = some.into_iter().filter(|i| !website_only(i)).collect();
        let mut n = 0;
        self.partners.retain(|_| (!all && !some.contains(&n), n += 1).0);
        // An OCO organisation with a problem is left out (with a notice), the others stay.
        let (all, some) = bad("client_support");
        let mut n = 0;
        self.client_support.retain(|_| (!all && !some.contains(&n), n += 1).0);
        if paths.contains(&"routing") {
            self.routing = Routing::default();
        }
        // A wrong list means the default offer; an unknown code is left out.
        if paths.contains(&"languages") {
            self.languages = None;
        }
        let (_, some) = bad("languages");
        if let Some(list) = &mut self.languages {
            let mut n = 0;
            list.retain(|_| (!some.contains(&n), n += 1).0);
        }
        if !hit("routing") && !hit("partners") {
            return;
        }
        // Routing may only point to what is left.
        let outcomes = set_of(self.partners.iter().flat_map(|p| p.outcomes.iter().cloned()));
        let kinds = set_of(self.urgent_contacts.iter().map(|c| c.kind.clone()).chain(["team_urgent".to_string()]));
        for codes in self.routing.urgent.values_mut() {
            codes.retain(|c| kinds.contains(c));
        }
        for codes in self.routing.areas.values_mut() {
            codes.retain(|c| outcomes.contains(c));
        }
        self.routing.under_18.retain(|c| outcomes.contains(c));
    }

    /// Every semantic problem, not only the first.
    pub fn check(&self) -> Vec<ConfigIssue> {
        let mut out = Vec::new();
        let mut push = |path: String, problem| out.push(ConfigIssue { path, problem });
        if self.format != CONFIG_FORMAT {
            push("format".into(), ConfigProblem::UnsupportedFormat { found: self.format });
        }
        if self.municipality.name.base.trim().is_empty() {
            push("municipality.name".into(), ConfigProblem::Empty);
        }
        if !(1..=52).contains(&self.follow_up_weeks) {
            push("follow_up_weeks".into(), ConfigProblem::FollowUpWeeksOutOfRange);
        }
        if !(5..=3600).contains(&self.auto_lock_seconds) {
            push("auto_lock_seconds".into(), ConfigProblem::AutoLockOutOfRange);
        }
        if let Some(e) = &self.submission_endpoint {
            // A path on this site ("/": the collector under the same host) also works; the app
            // adds `/v1/records` itself.
            let same_site = e.starts_with('/') && !e.starts_with("//");
            if !same_site
                && !e.starts_with("https://")
                && !e.starts_with("http://127.0.0.1")
                && !e.starts_with("http://localhost")
            {
                push("submission_endpoint".into(), ConfigProblem::EndpointNotHttps);
            } else if e.trim_end_matches('/').ends_with("/v1") {
                push("submission_endpoint".into(), ConfigProblem::EndpointWithV1);
            }
        }
        if let Some(u) = &self.quick_exit_url {
            if !u.starts_with("https://") && u != "about:blank" {
                push("quick_exit_url".into(), ConfigProblem::QuickExitUrl);
            }
        }
        for (i, h) in self.holidays.iter().enumerate() {
            if h.len() != 10 || !crate::engine::is_date(h) {
                push(format!("holidays[{i}]"), ConfigProblem::BadDate { value: h.clone() });
            }
        }
        if self.wijken.is_empty() {
            push("wijken".into(), ConfigProblem::NoWijken);
        }
        let mut codes = SortedSet::new();
        for (i, w) in self.wijken.iter().enumerate() {
            let at = format!("wijken[{i}]");
            if !codes.insert(w.code.as_str()) {
                push(format!("{at}.code"), ConfigProblem::DuplicateCode { code: w.code.clone() });
            }
            for (k, (from, to)) in w.postcodes.iter().enumerate() {
                let ok = |p: &str| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit());
                if !ok(from) || !ok(to) || from > to {
                    push(format!("{at}.postcodes[{k}]"), ConfigProblem::BadPostcodeRange);
                }
            }
            for (day, periods) in &w.team.opening_hours {
                if !DAYS.contains(&day.as_str()) {
                    push(format!("{at}.team.opening_hours.{day}"), ConfigProblem::UnknownDay { day: day.clone() });
                }
                for (k, (from, to)) in periods.iter().enumerate() {
                    check_period(&format!("{at}.team.opening_hours.{day}[{k}]"), from, to, &mut push);
                }
            }
            for (k, wi) in w.team.walk_in.iter().enumerate() {
                let p = format!("{at}.team.walk_in[{k}]");
                if !DAYS.contains(&wi.day.as_str()) {
                    push(format!("{p}.day"), ConfigProblem::UnknownDay { day: wi.day.clone() });
                }
                check_period(&p, &wi.from, &wi.to, &mut push);
            }
        }
        let mut ids = SortedSet::new();
        for (i, c) in self.urgent_contacts.iter().enumerate() {
            if !ids.insert(c.id.as_str()) {
                push(format!("urgent_contacts[{i}].id"), ConfigProblem::DuplicateCode { code: c.id.clone() });
            }
            if c.phone.trim().is_empty() {
                push(format!("urgent_contacts[{i}].phone"), ConfigProblem::Empty);
            }
        }
        let mut ids = SortedSet::new();
        for (i, p) in self.partners.iter().enumerate() {
            if !ids.insert(p.id.as_str()) {
                push(format!("partners[{i}].id"), ConfigProblem::DuplicateCode { code: p.id.clone() });
            }
        }
        // Routing may only point to what exists: a partner outcome, or an urgent contact kind
        // (`team_urgent` is the team's own urgent route, always there).
        let outcomes = set_of(self.partners.iter().flat_map(|p| p.outcomes.iter().map(String::as_str)));
        let kinds = set_of(self.urgent_contacts.iter().map(|c| c.kind.as_str()).chain(["team_urgent"]));
        for (q, codes) in &self.routing.urgent {
            for (k, c) in codes.iter().enumerate() {
                if !kinds.contains(c.as_str()) {
                    push(format!("routing.urgent.{q}[{k}]"), ConfigProblem::UnknownReference { code: c.clone() });
                }
            }
        }
        for (area, codes) in &self.routing.areas {
            for (k, c) in codes.iter().enumerate() {
                if !outcomes.contains(c.as_str()) {
                    push(format!("routing.areas.{area}[{k}]"), ConfigProblem::UnknownReference { code: c.clone() });
                }
            }
        }
        for (k, c) in self.routing.under_18.iter().enumerate() {
            if !outcomes.contains(c.as_str()) {
                push(format!("routing.under_18[{k}]"), ConfigProblem::UnknownReference { code: c.clone() });
            }
        }
        // Every partner can be shown: at least one routing rule points to one of its outcomes.
        let routed = set_of(self.routing.areas.values().flatten().chain(&self.routing.under_18).map(String::as_str));
        for (i, p) in self.partners.iter().enumerate() {
            if !p.outcomes.iter().any(|o| routed.contains(o.as_str())) {
                push(format!("partners[{i}].outcomes"), ConfigProblem::Unreachable { partner: p.id.clone() });
            }
        }
        let mut ids = SortedSet::new();
        for (i, c) in self.client_support.iter().enumerate() {
            if !ids.insert(c.id.as_str()) {
                push(format!("client_support[{i}].id"), ConfigProblem::DuplicateCode { code: c.id.clone() });
            }
            if c.phone.is_none() && c.website.is_none() {
                push(format!("client_support[{i}].phone"), ConfigProblem::Missing);
            }
        }
        for (i, code) in self.languages.iter().flatten().enumerate() {
            if crate::i18n::language(code).is_none() {
                push(format!("languages[{i}]"), ConfigProblem::UnknownLanguage { code: code.clone() });
            }
        }
        out.extend(self.check_partner_websites());
        out
    }

    /// The follow-up interval in days (`follow_up_weeks` × 7), for `follow_up::due_date`.
    pub fn follow_up_days(&self) -> u32 {
        self.follow_up_weeks * 7
    }

    pub fn wijk(&self, code: &str) -> Option<&Wijk> {
        self.wijken.iter().find(|w| w.code == code)
    }

    /// The wijk whose postcode ranges hold the 4 digits of `postcode` ("9992 AB" works).
    pub fn wijk_for_postcode(&self, postcode: &str) -> Option<&Wijk> {
        let digits: String = postcode.chars().filter(|c| !c.is_whitespace()).take(4).collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.wijken
            .iter()
            .find(|w| w.postcodes.iter().any(|(a, b)| a.as_str() <= digits.as_str() && digits.as_str() <= b.as_str()))
    }
}

/// Reads the config from JSON, noting every missing or mistyped field with its path. Fields
/// are read by hand rather than by serde derive: the messages can then name the field in the
/// person's language, and the download stays smaller.
#[derive(Default)]
struct Reader {
    issues: Vec<ConfigIssue>,
}

impl Reader {
    fn problem(&mut self, path: &str, problem: ConfigProblem) {
        self.issues.push(ConfigIssue { path: path.to_string(), problem });
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.problem(path, ConfigProblem::WrongType { expected: Expected::Object });
        }
        o
    }

    /// A required field: reports `Missing` when absent (or null).
    fn req<'v>(&mut self, o: &'v Map<String, Value>, key: &str, path: &str) -> Option<&'v Value> {
        let v = o.get(key).filter(|v| !v.is_null());
        if v.is_none() {
            self.problem(&join(path, key), ConfigProblem::Missing);
        }
        v
    }

    fn string(&mut self, v: &Value, path: &str) -> String {
        match v.as_str() {
            Some(s) => s.to_string(),
            None => {
                self.problem(path, ConfigProblem::WrongType { expected: Expected::Text });
                String::new()
            }
        }
    }

    fn req_string(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> String {
        match self.req(o, key, path) {
            Some(v) => self.string(v, &join(path, key)),
            None => String::new(),
        }
    }

    fn opt_string(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let v = o.get(key).filter(|v| !v.is_null())?;
        Some(self.string(v, &join(path, key)))
    }

    fn text(&mut self, v: &Value, path: &str) -> LocalText {
        match v {
            Value::String(s) => LocalText::plain(s.clone()),
            Value::Object(map) if map.values().all(Value::is_string) && !map.is_empty() => {
                let translations: Vec<(String, String)> =
                    map.iter().map(|(l, t)| (l.clone(), t.as_str().unwrap_or_default().to_string())).collect();
                let base = translations
                    .iter()
                    .find(|(l, _)| l == BASE_LANGUAGE)
                    .or(translations.first())
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                LocalText { base, translations }
            }
            _ => {
                self.problem(path, ConfigProblem::WrongType { expected: Expected::Translations });
                LocalText::default()
            }
        }
    }

    fn req_text(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> LocalText {
        match self.req(o, key, path) {
            Some(v) => self.text(v, &join(path, key)),
            None => LocalText::default(),
        }
    }

    fn opt_text(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<LocalText> {
        let v = o.get(key).filter(|v| !v.is_null())?;
        Some(self.text(v, &join(path, key)))
    }

    fn number(&mut self, v: &Value, path: &str) -> u32 {
        match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => n,
            None => {
                self.problem(path, ConfigProblem::WrongType { expected: Expected::WholeNumber });
                0
            }
        }
    }

    /// A list field (absent = empty); each element read by `each(reader, element, path)`.
    fn list<T>(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        path: &str,
        mut each: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Vec<T> {
        let at = join(path, key);
        match o.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                items.iter().enumerate().filter_map(|(i, v)| each(self, v, &format!("{at}[{i}]"))).collect()
            }
            Some(_) => {
                self.problem(&at, ConfigProblem::WrongType { expected: Expected::List });
                Vec::new()
            }
        }
    }

    fn pair(&mut self, v: &Value, path: &str) -> Option<(String, String)> {
        match v.as_array().map(Vec::as_slice) {
            Some([Value::String(a), Value::String(b)]) => Some((a.clone(), b.clone())),
            _ => {
                self.problem(path, ConfigProblem::WrongType { expected: Expected::Pair });
                None
            }
        }
    }

    fn config(&mut self, v: &Value) -> Config {
        let empty = Map::new();
        let o = self.object(v, "").unwrap_or(&empty);
        let format = self.req(o, "format", "").map(|v| self.number(v, "format")).unwrap_or(0);
        let municipality = match self.req(o, "municipality", "").and_then(|m| self.object(m, "municipality")) {
            Some(m) => Municipality {
                code: self.req_string(m, "code", "municipality"),
                name: self.req_text(m, "name", "municipality"),
            },
            None => Municipality { code: String::new(), name: LocalText::default() },
        };
        let follow_up_weeks = o.get("follow_up_weeks").map(|v| self.number(v, "follow_up_weeks")).unwrap_or(6);
        let auto_lock_seconds = o.get("auto_lock_seconds").map(|v| self.number(v, "auto_lock_seconds")).unwrap_or(300);
        let submission_endpoint = self.opt_string(o, "submission_endpoint", "");
        let quick_exit_url = self.opt_string(o, "quick_exit_url", "");
        let holidays = self.list(o, "holidays", "", |r, v, p| Some(r.string(v, p)));
        let urgent_contacts = self.list(o, "urgent_contacts", "", |r, v, p| {
            let c = r.object(v, p)?;
            Some(UrgentContact {
                id: r.req_string(c, "id", p),
                kind: r.req_string(c, "kind", p),
                name: r.req_text(c, "name", p),
                phone: r.req_string(c, "phone", p),
                when: r.opt_text(c, "when", p),
            })
        });
        if o.get("wijken").is_none() {
            self.problem("wijken", ConfigProblem::Missing);
        }
        let wijken = self.list(o, "wijken", "", |r, v, p| r.wijk(v, p));
        let partners = self.list(o, "partners", "", |r, v, p| r.partner(v, p, true));
        let client_support = self.list(o, "client_support", "", |r, v, p| r.partner(v, p, false));
        let routing = match o.get("routing") {
            None | Some(Value::Null) => Routing::default(),
            Some(v) => self.routing(v),
        };
        let languages = match o.get("languages") {
            None | Some(Value::Null) => None,
            Some(_) => Some(self.list(o, "languages", "", |r, v, p| Some(r.string(v, p)))),
        };
        Config {
            format,
            municipality,
            follow_up_weeks,
            auto_lock_seconds,
            submission_endpoint,
            quick_exit_url,
            holidays,
            urgent_contacts,
            wijken,
            partners,
            client_support,
            routing,
            languages,
            notices: Vec::new(),
        }
    }

    /// A partner (with the fit check's `outcomes`) or an OCO organisation (without).
    fn partner(&mut self, v: &Value, p: &str, with_outcomes: bool) -> Option<Partner> {
        let c = self.object(v, p)?;
        Some(Partner {
            id: self.req_string(c, "id", p),
            name: self.req_text(c, "name", p),
            about: self.opt_text(c, "about", p),
            phone: self.opt_string(c, "phone", p),
            website: self.opt_string(c, "website", p),
            outcomes: if with_outcomes {
                self.list(c, "outcomes", p, |r, v, p| Some(r.string(v, p)))
            } else {
                Vec::new()
            },
        })
    }

    /// `{ "<key>": ["code", …], … }`
    fn code_map(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> SortedMap<String, Vec<String>> {
        let at = join(path, key);
        match o.get(key) {
            None | Some(Value::Null) => SortedMap::new(),
            Some(Value::Object(m)) => {
                map_of(m.keys().map(|k| (k.clone(), self.list(m, k, &at, |r, v, p| Some(r.string(v, p))))))
            }
            Some(_) => {
                self.problem(&at, ConfigProblem::WrongType { expected: Expected::Object });
                SortedMap::new()
            }
        }
    }

    fn routing(&mut self, v: &Value) -> Routing {
        let Some(o) = self.object(v, "routing") else { return Routing::default() };
        Routing {
            urgent: self.code_map(o, "urgent", "routing"),
            areas: self.code_map(o, "areas", "routing"),
            under_18: self.list(o, "under_18", "routing", |r, v, p| Some(r.string(v, p))),
        }
    }

    fn wijk(&mut self, v: &Value, p: &str) -> Option<Wijk> {
        let w = self.object(v, p)?;
        let team_path = join(p, "team");
        let empty = Map::new();
        let t = match self.req(w, "team", p) {
            Some(t) => self.object(t, &team_path).unwrap_or(&empty),
            None => &empty,
        };
        let mut opening_hours = SortedMap::new();
        match t.get("opening_hours") {
            None | Some(Value::Null) => {}
            Some(Value::Object(days)) => {
                let hours_path = join(&team_path, "opening_hours");
                for day in days.keys() {
                    let periods = self.list(days, day, &hours_path, |r, v, p| r.pair(v, p));
                    opening_hours.insert(day.clone(), periods);
                }
            }
            Some(_) => self
                .problem(&join(&team_path, "opening_hours"), ConfigProblem::WrongType { expected: Expected::Object }),
        }
        let team = Team {
            name: self.req_text(t, "name", &team_path),
            address: self.opt_string(t, "address", &team_path),
            phone: self.opt_string(t, "phone", &team_path),
            email: self.opt_string(t, "email", &team_path),
            opening_hours,
            walk_in: self.list(t, "walk_in", &team_path, |r, v, p| {
                let wi = r.object(v, p)?;
                Some(WalkIn {
                    day: r.req_string(wi, "day", p),
                    from: r.req_string(wi, "from", p),
                    to: r.req_string(wi, "to", p),
                    place: r.opt_text(wi, "place", p),
                })
            }),
            urgent_route: self.opt_text(t, "urgent_route", &team_path),
        };
        Some(Wijk {
            code: self.req_string(w, "code", p),
            name: self.req_text(w, "name", p),
            postcodes: self.list(w, "postcodes", p, |r, v, p| r.pair(v, p)),
            team,
        })
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Minutes since midnight for `HH:MM`.
pub fn minutes(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn check_period(at: &str, from: &str, to: &str, push: &mut impl FnMut(String, ConfigProblem)) {
    match (minutes(from), minutes(to)) {
        (Some(a), Some(b)) if a < b => {}
        (Some(_), Some(_)) => push(at.to_string(), ConfigProblem::PeriodEndsBeforeStart),
        (a, _) => {
            let bad = if a.is_none() { from } else { to };
            push(at.to_string(), ConfigProblem::BadTime { value: bad.to_string() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../public/config/gemeente.json");

    #[test]
    fn demo_config_is_valid() {
        let c = Config::parse(DEMO).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(c.wijken.len() >= 3);
        assert_eq!(c.wijk_for_postcode("9992 AB").map(|w| w.code.as_str()), Some("noord"));
        assert!(c.wijk_for_postcode("1234").is_none());
        assert_eq!(c.routing.areas.get("money_debts"), Some(&vec!["debt".to_string()]));
        assert!(c.routing.urgent.contains_key("urgent_suicide"));
        assert!(!c.municipality.name.get("en").is_empty());
    }

    #[test]
    fn lists_every_problem_with_its_path() {
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v["format"] = 9.into();
        v["holidays"][0] = "25-12-2026".into();
        v["wijken"][1]["code"] = v["wijken"][0]["code"].clone();
        v["wijken"][0]["team"]["opening_hours"]["mon"][0] = serde_json::json!(["17:00", "09:00"]);
        v["wijken"][0]["team"]["opening_hours"]["tue"][0] = serde_json::json!(["9h", "17:00"]);
        v["submission_endpoint"] = "http://example.org".into();
        v["quick_exit_url"] = "javascript:alert(1)".into();
        v["routing"]["areas"]["housing"] = serde_json::json!(["nergens"]);
        let issues = Config::parse(&v.to_string()).unwrap_err();
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "format",
                "submission_endpoint",
                "quick_exit_url",
                "holidays[0]",
                "wijken[0].team.opening_hours.mon[0]",
                "wijken[0].team.opening_hours.tue[0]",
                "wijken[1].code",
                "routing.areas.housing[0]",
                // With its one rule broken, the housing association can no longer be shown.
                "partners[6].outcomes"
            ]
        );
    }

    #[test]
    fn every_partner_can_be_shown_and_client_support_is_read() {
        let demo = Config::parse(DEMO).unwrap();
        assert!(demo.notices.is_empty(), "{:?}", demo.notices);
        assert_eq!(demo.client_support.len(), 2);
        assert!(demo.client_support.iter().all(|c| c.outcomes.is_empty() && c.phone.is_some()));
        // A partner that no routing rule points to (CIZ before its rule): switched off with a notice.
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v["routing"]["areas"].as_object_mut().unwrap().remove("care_at_home");
        let c = Config::parse(&v.to_string()).unwrap();
        assert_eq!(c.notices.len(), 1);
        assert!(matches!(&c.notices[0].problem, ConfigProblem::Unreachable { partner } if partner == "ciz"));
        assert!(c.partners.iter().all(|p| p.id != "ciz"));
        // An OCO organisation without a way to reach it, or with an http link: left out.
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v["client_support"][0]["phone"] = serde_json::Value::Null;
        v["client_support"][1]["website"] = "http://oco.example".into();
        let c = Config::parse(&v.to_string()).unwrap();
        let paths: Vec<&str> = c.notices.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["client_support[0].phone", "client_support[1].website"]);
        assert!(c.client_support.is_empty());
    }

    #[test]
    fn broken_json_and_wrong_types_are_reported() {
        assert!(matches!(Config::parse("{").unwrap_err()[0].problem, ConfigProblem::InvalidJson { line: 1, .. }));
        let wrong = r#"{"format": "1", "municipality": {"name": 5}, "wijken": [{"code": "a", "name": "A",
            "team": {"name": "T", "opening_hours": {"mon": [["09:00"]]}}, "postcodes": "9991"}], "partners": {}}"#;
        let issues = Config::parse(wrong).unwrap_err();
        let got: Vec<(&str, &ConfigProblem)> = issues.iter().map(|i| (i.path.as_str(), &i.problem)).collect();
        use ConfigProblem::*;
        assert_eq!(
            got,
            vec![
                ("format", &WrongType { expected: Expected::WholeNumber }),
                ("municipality.code", &Missing),
                ("municipality.name", &WrongType { expected: Expected::Translations }),
                ("wijken[0].team.opening_hours.mon[0]", &WrongType { expected: Expected::Pair }),
                ("wijken[0].postcodes", &WrongType { expected: Expected::List }),
                ("partners", &WrongType { expected: Expected::List }),
            ]
        );
    }

    #[test]
    fn follow_up_interval_defaults_to_six_weeks_and_is_checked() {
        let c = Config::parse(DEMO).unwrap();
        assert_eq!((c.follow_up_weeks, c.follow_up_days()), (6, 42));
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v.as_object_mut().unwrap().remove("follow_up_weeks");
        let c = Config::parse(&v.to_string()).unwrap();
        assert_eq!(c.follow_up_days(), crate::follow_up::DEFAULT_INTERVAL_DAYS, "absent: the default");
        v["follow_up_weeks"] = 4.into();
        assert_eq!(Config::parse(&v.to_string()).unwrap().follow_up_days(), 28);
        for (bad, problem) in [
            (serde_json::json!(0), ConfigProblem::FollowUpWeeksOutOfRange),
            (serde_json::json!(53), ConfigProblem::FollowUpWeeksOutOfRange),
            (serde_json::json!("6"), ConfigProblem::WrongType { expected: Expected::WholeNumber }),
            (serde_json::json!(2.5), ConfigProblem::WrongType { expected: Expected::WholeNumber }),
            (serde_json::json!(-1), ConfigProblem::WrongType { expected: Expected::WholeNumber }),
        ] {
            v["follow_up_weeks"] = bad.clone();
            // An optional part: back to its default, with a notice for the municipality.
            let c = Config::parse(&v.to_string()).unwrap();
            assert_eq!(c.notices, vec![ConfigIssue { path: "follow_up_weeks".into(), problem }], "{bad}");
            assert_eq!(c.follow_up_weeks, 6);
        }
    }

    #[test]
    fn languages_switch_on_unchecked_translations_and_unknown_codes_are_left_out() {
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v.as_object_mut().unwrap().remove("languages");
        assert_eq!(Config::parse(&v.to_string()).unwrap().languages, None, "absent: the signed-off ones");
        v["languages"] = serde_json::json!(["nl", "ar", "xx", "uk"]);
        let c = Config::parse(&v.to_string()).unwrap();
        assert_eq!(c.languages, Some(vec!["nl".to_string(), "ar".into(), "uk".into()]));
        let unknown = ConfigProblem::UnknownLanguage { code: "xx".into() };
        assert_eq!(c.notices, vec![ConfigIssue { path: "languages[2]".into(), problem: unknown }]);
        v["languages"] = "ar".into();
        let c = Config::parse(&v.to_string()).unwrap();
        assert_eq!(c.languages, None, "not a list: the default offer");
        assert_eq!(c.notices[0].path, "languages");
    }

    #[test]
    fn phone_numbers_become_tel_links() {
        assert_eq!(tel_href("0900-0000010"), "tel:09000000010");
        assert_eq!(tel_href("+31 (0)6 12 34"), "tel:+31061234");
        assert_eq!(tel_href("112"), "tel:112");
    }

    #[test]
    fn auto_lock_defaults_to_five_minutes_and_is_checked() {
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v.as_object_mut().unwrap().remove("auto_lock_seconds");
        assert_eq!(Config::parse(&v.to_string()).unwrap().auto_lock_seconds, 300);
        v["auto_lock_seconds"] = 60.into();
        assert_eq!(Config::parse(&v.to_string()).unwrap().auto_lock_seconds, 60);
        for bad in [0, 4, 3601] {
            v["auto_lock_seconds"] = bad.into();
            let c = Config::parse(&v.to_string()).unwrap();
            let want =
                vec![ConfigIssue { path: "auto_lock_seconds".into(), problem: ConfigProblem::AutoLockOutOfRange }];
            assert_eq!((c.notices, c.auto_lock_seconds), (want, 300), "{bad}");
        }
    }

    #[test]
    fn a_problem_in_an_optional_part_switches_only_that_part_off() {
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v["submission_endpoint"] = "/v1".into();
        let c = Config::parse(&v.to_string()).unwrap();
        assert_eq!(c.submission_endpoint, None, "/v1/v1/records would not work: switched off");
        assert_eq!(
            c.notices,
            vec![ConfigIssue { path: "submission_endpoint".into(), problem: ConfigProblem::EndpointWithV1 }]
        );
        assert!(!c.urgent_contacts.is_empty() && !c.wijken.is_empty(), "the rest works");
        for good in ["/", "/verzamel/", "https://verzamel.example.nl"] {
            v["submission_endpoint"] = good.into();
            let c = Config::parse(&v.to_string()).unwrap();
            assert_eq!(c.submission_endpoint.as_deref(), Some(good), "a path on this site is accepted");
            assert!(c.notices.is_empty());
        }
        for bad in ["http://example.org", "//other.example/", "v1"] {
            v["submission_endpoint"] = bad.into();
            let c = Config::parse(&v.to_string()).unwrap();
            assert_eq!(c.submission_endpoint, None, "{bad}: no sending");
            assert_eq!(c.notices[0].path, "submission_endpoint");
            assert!(!c.urgent_contacts.is_empty(), "urgent numbers stay");
        }
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v["holidays"][0] = "25-12-2026".into();
        v["partners"][0]["id"] = v["partners"][1]["id"].clone();
        v["quick_exit_url"] = "javascript:alert(1)".into();
        v["routing"]["areas"]["housing"] = serde_json::json!(["nergens", "housing"]);
        let demo = Config::parse(DEMO).unwrap();
        let c = Config::parse(&v.to_string()).unwrap();
        assert_eq!(c.holidays.len(), demo.holidays.len() - 1);
        assert_eq!(c.quick_exit_url, None);
        assert_eq!(c.partners.len(), demo.partners.len() - 1, "the duplicate partner is left out");
        assert_eq!(c.routing.areas["housing"], vec!["housing".to_string()]);
        assert!(c.check().is_empty(), "what is left is valid");
        let paths: Vec<&str> = c.notices.iter().map(|x| x.path.as_str()).collect();
        assert_eq!(paths, ["quick_exit_url", "holidays[0]", "partners[1].id", "routing.areas.housing[0]"]);
        // A required part still stops the app.
        v["wijken"] = serde_json::json!([]);
        assert!(Config::parse(&v.to_string()).is_err());
    }
}

/// Whether `url` is an `https:` address with a host, read as a browser would: nothing that the
/// URL parser would silently drop or turn around (spaces, tabs, control characters, `\\`), and
/// no user name or password before the host.
pub fn is_https_url(url: &str) -> bool {
    let Some(rest) = url.get(..8).filter(|s| s.eq_ignore_ascii_case("https://")).map(|_| &url[8..]) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with(':')
        && !host.contains('@')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

impl Config {
    /// Every partner's `website` is an `https:` address; a config error with its place otherwise
    /// (a link to `javascript:` or `http:` would leave the promise of a safe page).
    pub fn check_partner_websites(&self) -> Vec<ConfigIssue> {
        let mut out = Vec::new();
        for (part, list) in [("partners", &self.partners), ("client_support", &self.client_support)] {
            for (i, p) in list.iter().enumerate() {
                if p.website.as_deref().is_some_and(|w| !is_https_url(w)) {
                    out.push(ConfigIssue {
                        path: format!("{part}[{i}].website"),
                        problem: ConfigProblem::WebsiteNotHttps,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod website_tests {
    use super::*;

    #[test]
    fn a_partner_website_must_be_an_https_address() {
        let demo = include_str!("../public/config/gemeente.json");
        for bad in [
            "http://partner.example",
            "javascript:alert(1)",
            "//partner.example",
            "partner.example",
            "https://",
            "https:// partner.example",
            "https://user@evil.example",
            "https:\\\\evil.example",
            "https://\tevil.example",
        ] {
            let mut v: serde_json::Value = serde_json::from_str(demo).unwrap();
            v["partners"][1]["website"] = bad.into();
            // An optional part: the app starts, the link is left out, and the municipality is told.
            let c = Config::parse(&v.to_string()).unwrap();
            assert_eq!(
                c.notices,
                vec![ConfigIssue { path: "partners[1].website".into(), problem: ConfigProblem::WebsiteNotHttps }],
                "{bad}"
            );
            assert_eq!(c.partners[1].website, None, "{bad}");
            assert!(!c.partners[1].name.get("nl").is_empty(), "the partner itself stays: {bad}");
        }
        for good in ["https://partner.example", "HTTPS://partner.example/hulp?x=1", "https://partner.example:8443/"] {
            assert!(is_https_url(good), "{good}");
        }
        assert!(Config::parse(demo).unwrap().check_partner_websites().is_empty());
    }
}
