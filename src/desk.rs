//! "Balie" (`/balie`): a wijkteam worker registers a question that came by phone, at the walk-in
//! hour, by e-mail or via a partner, so that the register counts every question — also those the
//! team could not help with (seed 000: "een register van alle vragen"). Pure: the choices, the
//! record made from them, what is still missing, the device's settings and the team key as
//! typed. The page (`ui::desk_page`) only shows this.
//!
//! - Codes only: the channel, the wijk, the areas of the fit check (`FIT_AREAS`), the outcome and
//!   the config's partner codes. No name, no free text, no worker: the record is the register's
//!   format 2, the same as the app's own records, through the same outbox.
//! - "Direct hulp nodig" is an urgent record: its quarter and channel, nothing else.
//! - Choosing "Registreren" is the choice to send (the worker registers for the team, not for
//!   themself): the record goes to the outbox chosen, and the sender adds the team key.
//! - The channel and the wijk stay chosen for the next question, so one question is five taps:
//!   an area, an outcome, a partner, "Registreren" (and the channel when it changes).
//! - The team key and these settings are the device's ([`TEAM_KEY_KEY`], [`DESK_KEY`]): never in
//!   a map, never in a backup file, and a file that holds a team key is refused.

use crate::config::Config;
use crate::register::{allowed, is_team_key, ConfigCodes, FitCodes, Record, FIT_AREAS, URGENT};
use serde_json::{json, Value};

/// Where this device keeps its team key (a device key: see `dossier::is_device_key`).
pub const TEAM_KEY_KEY: &str = "wijkpeil:team:key";
/// Where this device keeps the last channel and wijk of `/balie`.
pub const DESK_KEY: &str = "wijkpeil:team:desk";

/// How a question reached the team.
pub const DESK_CHANNELS: [&str; 4] = ["phone", "walk_in", "email", "partner"];
/// What the worker decided: the fit check's outcomes, and "direct hulp nodig".
pub const DESK_OUTCOMES: [&str; 4] = ["fits", "fits_and_also", "elsewhere_faster", URGENT];
/// The collector's refusals that mean: this device has no key the collector knows.
pub const TEAM_KEY_REFUSALS: [&str; 2] = ["team_key_required", "team_key_invalid"];

/// What the worker chose for one question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskChoices {
    pub channel: Option<&'static str>,
    /// A wijk code of the config; `None`: not known.
    pub wijk: Option<String>,
    /// In the order of `FIT_AREAS`.
    pub areas: Vec<&'static str>,
    pub outcome: Option<&'static str>,
    /// Partner codes of the config, in the order chosen.
    pub referrals: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskProblem {
    NoChannel,
    NoArea,
    NoOutcome,
}

impl DeskProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            DeskProblem::NoChannel => "register.desk_no_channel",
            DeskProblem::NoArea => "register.desk_no_area",
            DeskProblem::NoOutcome => "register.desk_no_outcome",
        }
    }
}

impl DeskChoices {
    pub fn set_channel(&mut self, channel: &str) {
        self.channel = allowed(&DESK_CHANNELS, channel);
    }

    pub fn toggle_area(&mut self, area: &str) {
        let Some(area) = allowed(&FIT_AREAS, area) else { return };
        if self.areas.contains(&area) {
            self.areas.retain(|a| *a != area);
        } else {
            self.areas.push(area);
            self.areas.sort_by_key(|a| FIT_AREAS.iter().position(|f| f == a));
        }
    }

    pub fn set_outcome(&mut self, outcome: &str) {
        self.outcome = allowed(&DESK_OUTCOMES, outcome);
        if !self.takes_referrals() {
            self.referrals.clear();
        }
    }

    pub fn toggle_referral(&mut self, code: &str) {
        if self.referrals.iter().any(|r| r == code) {
            self.referrals.retain(|r| r != code);
        } else if self.takes_referrals() {
            self.referrals.push(code.to_string());
        }
    }

    /// Only "past, en ook elders" and "elders sneller" name where the person was sent.
    pub fn takes_referrals(&self) -> bool {
        matches!(self.outcome, Some("fits_and_also" | "elsewhere_faster"))
    }

    /// An urgent question goes with its quarter only: no area is asked, none is sent.
    pub fn takes_areas(&self) -> bool {
        self.outcome != Some(URGENT)
    }

    /// What is still missing, in the order of the form.
    pub fn problems(&self) -> Vec<DeskProblem> {
        let mut out = Vec::new();
        if self.channel.is_none() {
            out.push(DeskProblem::NoChannel);
        }
        if self.takes_areas() && self.areas.is_empty() {
            out.push(DeskProblem::NoArea);
        }
        if self.outcome.is_none() {
            out.push(DeskProblem::NoOutcome);
        }
        out
    }

    /// The record of this question on `date`, with only the config's wijk and partner codes;
    /// the id is left empty. Not asked at the desk: age and breadth (sent as skipped).
    pub fn record(&self, date: (i32, u32, u32), codes: &ConfigCodes) -> Result<Record, Vec<DeskProblem>> {
        let problems = self.problems();
        let (Some(channel), Some(outcome), true) = (self.channel, self.outcome, problems.is_empty()) else {
            return Err(problems);
        };
        let urgent = outcome == URGENT;
        let fit = FitCodes {
            channel: channel.to_string(),
            areas: if urgent { Vec::new() } else { self.areas.iter().map(|a| a.to_string()).collect() },
            under_18: String::new(),
            breadth: String::new(),
            outcome: outcome.to_string(),
            destinations: self.referrals.clone(),
        };
        let record = Record::fit_check(&fit, self.wijk.as_deref(), date).ok_or_else(Vec::new)?;
        Ok(codes.keep_known(record))
    }

    /// The form for the next question: the channel and the wijk stay.
    pub fn next(&self) -> DeskChoices {
        DeskChoices { channel: self.channel, wijk: self.wijk.clone(), ..DeskChoices::default() }
    }
}

/// The partner codes a worker can choose, in the order of the config, each with the names of
/// the partners it stands for (a code may stand for more than one).
pub fn referral_options(config: &Config, lang: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in &config.partners {
        for code in &p.outcomes {
            let name = p.name.get(lang).to_string();
            match out.iter_mut().find(|(c, _)| c == code) {
                Some((_, names)) => {
                    names.push_str(", ");
                    names.push_str(&name);
                }
                None => out.push((code.clone(), name)),
            }
        }
    }
    out
}

/// The channel and wijk to start with on this device.
pub fn encode_desk(choices: &DeskChoices) -> String {
    json!({"format": 1, "kind": "desk", "channel": choices.channel, "wijk": choices.wijk}).to_string()
}

/// The stored channel and wijk, each only when still a code (the wijk of the config).
pub fn decode_desk(text: &str, config: &Config) -> DeskChoices {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let mut out = DeskChoices::default();
    if let Some(c) = v.get("channel").and_then(Value::as_str) {
        out.set_channel(c);
    }
    out.wijk = v.get("wijk").and_then(Value::as_str).filter(|w| config.wijk(w).is_some()).map(str::to_string);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    /// Not 16 to 128 visible characters: not a key the municipality gives out.
    NotAKey,
}

impl KeyProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            KeyProblem::Empty => "register.desk_key_empty",
            KeyProblem::NotAKey => "register.desk_key_shape",
        }
    }
}

/// The key as typed, without the spaces a person may type between its groups (a key has none).
pub fn clean_team_key(typed: &str) -> Result<String, KeyProblem> {
    let key: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if key.is_empty() {
        Err(KeyProblem::Empty)
    } else if is_team_key(&key) {
        Ok(key)
    } else {
        Err(KeyProblem::NotAKey)
    }
}

/// Whether a stored record text is a question registered by a team: sent with the team key, and
/// forgotten on this device once the collector has it.
pub fn is_team_record(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("channel").and_then(Value::as_str).map(crate::register::channel_needs_team_key))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{config_codes, parse_record};

    fn config() -> Config {
        Config::parse(include_str!("../public/config/gemeente.json")).unwrap()
    }

    /// The five taps of one question: an area, an outcome, a partner, "Registreren" (the channel
    /// and wijk stayed from the one before).
    fn five_taps() -> DeskChoices {
        let mut c = DeskChoices { channel: Some("phone"), wijk: Some("oost".into()), ..Default::default() };
        c.toggle_area("money_debts");
        c.set_outcome("elsewhere_faster");
        c.toggle_referral("debt");
        c
    }

    #[test]
    fn a_question_becomes_a_format_2_record_with_codes_only() {
        let codes = config_codes(&config());
        let r = five_taps().record((2026, 11, 18), &codes).unwrap().with_id([9; 16]);
        let json = r.to_json();
        assert_eq!(
            json,
            serde_json::json!({"format": 2, "kind": "fit_check", "id": "09".repeat(16), "week": "2026-W47",
                "wijk": "oost", "channel": "phone", "areas": ["money_debts"], "under_18": null,
                "breadth": null, "outcome": "elsewhere_faster", "destinations": ["debt"]})
        );
        assert_eq!(parse_record(&json).as_ref(), Ok(&r), "exactly the format");
        assert!(is_team_record(&json.to_string()));
    }

    #[test]
    fn direct_help_is_an_urgent_record_with_its_quarter_and_channel_only() {
        let mut c = five_taps();
        c.set_outcome(URGENT);
        assert!(!c.takes_areas() && !c.takes_referrals());
        assert!(c.referrals.is_empty(), "no partner goes with it");
        let r = c.record((2026, 11, 18), &config_codes(&config())).unwrap().with_id([1; 16]);
        assert_eq!(
            r.to_json(),
            serde_json::json!({"format": 2, "kind": "urgent", "id": "01".repeat(16),
            "quarter": "2026-Q4", "channel": "phone"})
        );
        // Without an area too: none is asked.
        let mut c = DeskChoices { channel: Some("walk_in"), ..Default::default() };
        c.set_outcome(URGENT);
        assert!(c.problems().is_empty());
    }

    #[test]
    fn what_is_missing_is_named_in_the_order_of_the_form() {
        let c = DeskChoices::default();
        assert_eq!(c.problems(), [DeskProblem::NoChannel, DeskProblem::NoArea, DeskProblem::NoOutcome]);
        assert_eq!(c.record((2026, 11, 18), &ConfigCodes::default()).unwrap_err().len(), 3);
        let mut c = five_taps();
        c.toggle_area("money_debts");
        assert_eq!(c.problems(), [DeskProblem::NoArea]);
    }

    #[test]
    fn only_codes_of_the_format_and_the_config_are_kept() {
        let mut c = five_taps();
        c.set_channel("app"); // the app's own channel is not the team's
        assert_eq!(c.channel, None);
        c.set_channel("walk_in");
        c.toggle_area("Jan de Vries, Dorpsstraat 1");
        assert_eq!(c.areas, ["money_debts"]);
        c.toggle_referral("bureau-jansen");
        let r = c.record((2026, 11, 18), &config_codes(&config())).unwrap().with_id([2; 16]).to_json();
        assert_eq!(r["destinations"], serde_json::json!(["debt"]), "a code the config does not list is dropped");
        assert_eq!(r["channel"], "walk_in");
        c.set_outcome("fits");
        assert!(c.referrals.is_empty(), "fits names no other place");
        c.toggle_referral("housing");
        assert!(c.referrals.is_empty());
    }

    #[test]
    fn areas_keep_the_order_of_the_fit_check() {
        let mut c = DeskChoices::default();
        for a in ["other", "housing", "money_debts"] {
            c.toggle_area(a);
        }
        assert_eq!(c.areas, ["money_debts", "housing", "other"]);
    }

    #[test]
    fn the_channel_and_wijk_stay_for_the_next_question() {
        let next = five_taps().next();
        assert_eq!(next, DeskChoices { channel: Some("phone"), wijk: Some("oost".into()), ..Default::default() });
        let config = config();
        assert_eq!(decode_desk(&encode_desk(&five_taps()), &config), next);
        let stale = r#"{"format":1,"kind":"desk","channel":"fax","wijk":"centrum"}"#;
        assert_eq!(decode_desk(stale, &config), DeskChoices::default());
        assert_eq!(decode_desk("not json", &config), DeskChoices::default());
    }

    #[test]
    fn referral_options_are_the_configs_partner_codes_with_their_names() {
        let options = referral_options(&config(), "nl");
        let debt = options.iter().find(|(c, _)| c == "debt").unwrap();
        assert_eq!(debt.1, "Schuldhulp van de gemeente");
        let codes: Vec<&str> = options.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["youth", "medical", "debt", "practical", "longterm_care", "income", "housing", "addiction"]);
        let mut two = config();
        two.partners[1].outcomes.push("debt".into());
        let debt = referral_options(&two, "nl").into_iter().find(|(c, _)| c == "debt").unwrap();
        assert_eq!(debt.1, "Uw huisarts, Schuldhulp van de gemeente", "names in the order of the config");
    }

    #[test]
    fn a_typed_key_loses_its_spaces_and_must_be_a_key() {
        assert_eq!(clean_team_key(" k7Qm-2xPa 9LdW-4tRz \n"), Ok("k7Qm-2xPa9LdW-4tRz".into()));
        assert_eq!(clean_team_key("   "), Err(KeyProblem::Empty));
        assert_eq!(clean_team_key("1234"), Err(KeyProblem::NotAKey));
        assert_eq!(clean_team_key("k7Qm-2xPa-9LdW-4tRé"), Err(KeyProblem::NotAKey));
    }

    #[test]
    fn the_apps_own_records_are_no_team_records() {
        assert!(!is_team_record(r#"{"channel":"app"}"#));
        assert!(!is_team_record(r#"{"kind":"follow_up"}"#));
        assert!(!is_team_record("not json"));
        assert!(is_team_record(r#"{"channel":"walk_in"}"#));
    }
}
