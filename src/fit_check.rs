//! "Past mijn vraag bij het wijkteam?": from the answers of `past-mijn-vraag.json` to an
//! outcome with its reasons. Which partner suits which question area is data (the
//! municipality config's `routing`); the rules here only decide how strongly the wijkteam fits.
//! Urgent answers always win, and no outcome ever says "no help here": every outcome leaves
//! the wijkteam open.

use crate::engine::{Form, Slot};
use crate::small_collections::{set_of, SortedMap, SortedSet};

/// The urgent questions, in the order the questionnaire asks them.
pub const URGENT_QUESTIONS: [&str; 5] =
    ["urgent_danger", "urgent_violence", "urgent_eviction", "urgent_no_bed", "urgent_suicide"];

/// What the person answered, as codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FitAnswers {
    /// linkIds of the urgent questions answered "yes".
    pub urgent: SortedSet<String>,
    /// Question areas chosen (`money_debts`, `housing`, …).
    pub areas: SortedSet<String>,
    /// `yes`, `no` or `unknown` (empty when skipped).
    pub under_18: String,
    /// `one`, `several` or `unknown`.
    pub breadth: String,
    /// `yes_enough`, `yes_not_enough` or `no`.
    pub network: String,
}

impl FitAnswers {
    /// Reads the enabled answers of the fit-check questionnaire by linkId.
    pub fn from_form(form: &Form) -> FitAnswers {
        let codes = |link: &str| -> Vec<String> {
            let Some(id) = form.def.find(link) else { return Vec::new() };
            let slot = Slot::new(id, Vec::new());
            if !form.is_enabled(&slot) {
                return Vec::new();
            }
            form.answers(&slot).iter().filter_map(|a| a.code().map(str::to_string)).collect()
        };
        let first = |link: &str| codes(link).into_iter().next().unwrap_or_default();
        FitAnswers {
            urgent: set_of(URGENT_QUESTIONS.iter().filter(|q| first(q) == "yes").map(|q| q.to_string())),
            areas: set_of(codes("areas")),
            under_18: first("under_18"),
            breadth: first("breadth"),
            network: first("network"),
        }
    }
}

/// The municipality's routing data: which partner outcome codes suit which answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routing {
    /// Urgent question linkId → urgent contact kinds to show first (`emergency`, `crisis`, …).
    pub urgent: SortedMap<String, Vec<String>>,
    /// Question area → partner outcome codes (`youth`, `debt`, …) that may help faster.
    pub areas: SortedMap<String, Vec<String>>,
    /// Partner outcome codes for questions about someone under 18.
    pub under_18: Vec<String>,
}

/// Why the check came out as it did; the UI words each reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The question touches several areas: the wijkteam looks at them together.
    SeveralAreas,
    /// The people around the person cannot (fully) help.
    NetworkNotEnough,
    /// An area the wijkteam works on itself.
    TeamArea(String),
    /// An area where a partner may help faster.
    PartnerArea(String),
    /// The question is about someone under 18.
    Under18,
    /// Nothing specific chosen: the wijkteam can help find the way.
    NotSure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Something urgent: these contact kinds first (and the team's urgent route).
    Urgent { contact_kinds: Vec<String> },
    /// "Het wijkteam past bij uw vraag."
    Fits,
    /// "Het wijkteam past, en kijk ook bij …"
    FitsAndAlso { partners: Vec<String> },
    /// "… kan u waarschijnlijk sneller helpen" — and the wijkteam stays open.
    ElsewhereFaster { partners: Vec<String> },
}

impl Outcome {
    /// A code for the register record.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Urgent { .. } => "urgent",
            Outcome::Fits => "fits",
            Outcome::FitsAndAlso { .. } => "fits_and_also",
            Outcome::ElsewhereFaster { .. } => "elsewhere_faster",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitResult {
    pub outcome: Outcome,
    pub reasons: Vec<Reason>,
}

pub fn evaluate(answers: &FitAnswers, routing: &Routing) -> FitResult {
    if !answers.urgent.is_empty() {
        let mut kinds: Vec<String> = Vec::new();
        for q in URGENT_QUESTIONS.iter().filter(|q| answers.urgent.contains(**q)) {
            for k in routing.urgent.get(*q).into_iter().flatten() {
                if !kinds.contains(k) {
                    kinds.push(k.clone());
                }
            }
        }
        return FitResult { outcome: Outcome::Urgent { contact_kinds: kinds }, reasons: Vec::new() };
    }

    let mut reasons = SortedSet::new();
    let mut partners: Vec<String> = Vec::new();
    let mut add_partners = |codes: &[String]| {
        for c in codes {
            if !partners.contains(c) {
                partners.push(c.clone());
            }
        }
    };
    let mut team_area = false;
    for area in &answers.areas {
        match routing.areas.get(area).filter(|p| !p.is_empty()) {
            Some(codes) => {
                reasons.insert(Reason::PartnerArea(area.clone()));
                add_partners(codes);
            }
            None => {
                team_area = true;
                reasons.insert(Reason::TeamArea(area.clone()));
            }
        }
    }
    if answers.under_18 == "yes" && !routing.under_18.is_empty() {
        reasons.insert(Reason::Under18);
        add_partners(&routing.under_18);
    }
    let several = answers.breadth == "several" || answers.areas.len() > 1;
    if several {
        reasons.insert(Reason::SeveralAreas);
    }
    let network_short = matches!(answers.network.as_str(), "no" | "yes_not_enough");
    if network_short {
        reasons.insert(Reason::NetworkNotEnough);
    }
    let unsure = answers.areas.is_empty();
    if unsure {
        reasons.insert(Reason::NotSure);
    }

    // The wijkteam is the right door whenever the question is broad, the person's own network
    // falls short, an area is the team's own, or it is unclear: when in doubt, the team.
    let team_fits = several || network_short || team_area || unsure || partners.is_empty();
    let outcome = match (team_fits, partners.is_empty()) {
        (true, true) => Outcome::Fits,
        (true, false) => Outcome::FitsAndAlso { partners },
        (false, _) => Outcome::ElsewhereFaster { partners },
    };
    FitResult { outcome, reasons: reasons.into_iter().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREAS: [&str; crate::register::FIT_AREAS.len()] = crate::register::FIT_AREAS;

    fn routing() -> Routing {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Routing {
            urgent: [
                ("urgent_danger", v(&["emergency"])),
                ("urgent_violence", v(&["violence", "emergency"])),
                ("urgent_eviction", v(&["team_urgent"])),
                ("urgent_no_bed", v(&["shelter"])),
                ("urgent_suicide", v(&["crisis"])),
            ]
            .into_iter()
            .map(|(k, x)| (k.to_string(), x))
            .collect(),
            areas: [
                ("money_debts", v(&["debt"])),
                ("work_income", v(&["income"])),
                ("parenting_youth", v(&["youth"])),
                ("mental_health", v(&["medical"])),
                ("daily_activities", v(&["practical"])),
            ]
            .into_iter()
            .map(|(k, x)| (k.to_string(), x))
            .collect(),
            under_18: v(&["youth"]),
        }
    }

    fn answers(areas: &[&str], under_18: &str, breadth: &str, network: &str) -> FitAnswers {
        FitAnswers {
            urgent: SortedSet::new(),
            areas: areas.iter().map(|s| s.to_string()).collect(),
            under_18: under_18.into(),
            breadth: breadth.into(),
            network: network.into(),
        }
    }

    #[test]
    fn single_partner_question_with_enough_help_around_goes_faster_elsewhere() {
        let r = evaluate(&answers(&["money_debts"], "no", "one", "yes_enough"), &routing());
        assert_eq!(r.outcome, Outcome::ElsewhereFaster { partners: vec!["debt".into()] });
        assert_eq!(r.reasons, vec![Reason::PartnerArea("money_debts".into())]);
    }

    #[test]
    fn broad_or_unsupported_questions_fit_the_team() {
        let r = evaluate(&answers(&["money_debts", "housing"], "no", "several", "yes_enough"), &routing());
        assert_eq!(r.outcome, Outcome::FitsAndAlso { partners: vec!["debt".into()] });
        assert!(r.reasons.contains(&Reason::SeveralAreas) && r.reasons.contains(&Reason::TeamArea("housing".into())));
        let r = evaluate(&answers(&["care_at_home"], "no", "one", "yes_enough"), &routing());
        assert_eq!(r.outcome, Outcome::Fits);
        let r = evaluate(&answers(&["work_income"], "no", "one", "no"), &routing());
        assert_eq!(r.outcome, Outcome::FitsAndAlso { partners: vec!["income".into()] });
        assert!(r.reasons.contains(&Reason::NetworkNotEnough));
        let r = evaluate(&answers(&[], "", "", ""), &routing());
        assert_eq!((r.outcome, r.reasons), (Outcome::Fits, vec![Reason::NotSure]));
    }

    #[test]
    fn under_18_points_to_youth_help_too() {
        let r = evaluate(&answers(&["loneliness"], "yes", "one", "yes_enough"), &routing());
        assert_eq!(r.outcome, Outcome::FitsAndAlso { partners: vec!["youth".into()] });
        assert!(r.reasons.contains(&Reason::Under18));
    }

    #[test]
    fn urgent_answers_always_win_and_keep_their_order() {
        let mut a = answers(&["money_debts"], "no", "one", "yes_enough");
        a.urgent = ["urgent_suicide", "urgent_violence"].iter().map(|s| s.to_string()).collect();
        let r = evaluate(&a, &routing());
        assert_eq!(
            r.outcome,
            Outcome::Urgent { contact_kinds: vec!["violence".into(), "emergency".into(), "crisis".into()] }
        );
    }

    /// Every combination of answers: urgent always wins, every outcome is reachable, and no
    /// combination leaves the person without a way (the team, or partners plus the team).
    #[test]
    fn every_combination_has_a_way_forward() {
        let routing = routing();
        let mut seen = SortedSet::new();
        let tri = ["yes", "no", "unknown", ""];
        let breadths = ["one", "several", "unknown", ""];
        let networks = ["yes_enough", "yes_not_enough", "no", ""];
        let mut n = 0;
        for urgent_mask in 0u32..32 {
            for area_mask in 0u32..1024 {
                // Urgent combinations with every area subset would be 32x more of the same:
                // check them on a spread of area subsets.
                if urgent_mask != 0 && area_mask % 97 != 0 {
                    continue;
                }
                let areas: Vec<&str> = (0..10).filter(|i| area_mask & (1 << i) != 0).map(|i| AREAS[i]).collect();
                for u in tri {
                    for b in breadths {
                        for net in networks {
                            let mut a = answers(&areas, u, b, net);
                            a.urgent = (0..5)
                                .filter(|i| urgent_mask & (1 << i) != 0)
                                .map(|i| URGENT_QUESTIONS[i].to_string())
                                .collect();
                            let r = evaluate(&a, &routing);
                            n += 1;
                            seen.insert(r.outcome.code());
                            match &r.outcome {
                                Outcome::Urgent { contact_kinds } => {
                                    assert!(urgent_mask != 0 && !contact_kinds.is_empty())
                                }
                                other => {
                                    assert_eq!(urgent_mask, 0, "urgent must win");
                                    assert!(!r.reasons.is_empty(), "{a:?} has no reason");
                                    if let Outcome::ElsewhereFaster { partners } | Outcome::FitsAndAlso { partners } =
                                        other
                                    {
                                        assert!(!partners.is_empty());
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(n > 80_000, "{n} combinations");
        assert_eq!(seen, ["elsewhere_faster", "fits", "fits_and_also", "urgent"].into_iter().collect());
    }

    fn demo_config() -> crate::config::Config {
        crate::config::Config::parse(include_str!("../public/config/gemeente.json")).unwrap()
    }

    fn fit_questionnaire() -> crate::engine::Questionnaire {
        crate::engine::parse_questionnaire(include_str!("../public/questionnaires/past-mijn-vraag.json")).unwrap()
    }

    #[test]
    fn alcohol_drugs_and_gambling_is_an_area_with_its_partner_in_the_demo_config() {
        let q = fit_questionnaire();
        assert!(q.option("areas", "addiction").unwrap().label.base.contains("verslaving"));
        let config = demo_config();
        assert_eq!(config.routing.areas.get("addiction"), Some(&vec!["addiction".to_string()]));
        let partner = config.partners.iter().find(|p| p.outcomes.contains(&"addiction".to_string())).unwrap();
        assert!(partner.name.base.contains("Verslavingszorg"), "{:?}", partner.name);
        let r = evaluate(&answers(&["addiction"], "no", "one", "yes_enough"), &config.routing);
        assert_eq!(r.outcome, Outcome::ElsewhereFaster { partners: vec!["addiction".into()] });
        // Together with another area the wijkteam looks at both, and still names the partner.
        let r = evaluate(&answers(&["addiction", "money_debts"], "no", "several", "yes_enough"), &config.routing);
        assert_eq!(r.outcome, Outcome::FitsAndAlso { partners: vec!["addiction".into(), "debt".into()] });
    }

    #[test]
    fn before_a_question_about_violence_or_suicide_it_says_everyone_is_asked() {
        let q = fit_questionnaire();
        for link in ["urgent_violence", "urgent_suicide"] {
            let id = q.find(link).unwrap();
            let siblings = &q.item(q.item(id).parent.unwrap()).children;
            let before = q.item(siblings[siblings.iter().position(|c| *c == id).unwrap() - 1]);
            assert_eq!(before.kind, crate::engine::ItemType::Display, "{link}");
            assert_eq!(before.text.base, "We vragen dit aan iedereen.", "{link}");
            assert_eq!(before.text.get("en"), "We ask everyone this.");
        }
    }

    #[test]
    fn reads_the_fit_check_questionnaire() {
        use crate::engine::{parse_questionnaire, AnswerValue, Coding};
        use std::sync::Arc;
        let q = Arc::new(parse_questionnaire(include_str!("../public/questionnaires/past-mijn-vraag.json")).unwrap());
        let mut f = Form::new(q.clone());
        let code = |c: &str| AnswerValue::Coding(Coding { code: Some(c.into()), ..Default::default() });
        let slot = |l: &str| Slot::new(q.find(l).unwrap(), vec![]);
        for u in URGENT_QUESTIONS {
            f.set_answer(slot(u), Some(code("no")));
        }
        f.set_answer(slot("urgent_no_bed"), Some(code("yes")));
        f.set_answers(slot("areas"), vec![code("housing"), code("money_debts")]);
        f.set_answer(slot("network"), Some(code("no")));
        let a = FitAnswers::from_form(&f);
        assert_eq!(a.urgent, ["urgent_no_bed".to_string()].into_iter().collect());
        assert_eq!(a.areas.len(), 2);
        assert_eq!(a.network, "no");
    }
}
