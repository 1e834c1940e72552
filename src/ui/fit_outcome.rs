//! The outcome of "Past mijn vraag bij het wijkteam?": urgent contacts first when needed, the
//! outcome with its reasons in plain words, partners that may help faster, and always the way
//! to the person's own wijkteam. Also keeps the check's register record on this device.

use super::context::use_config;
use super::follow_up_view::SendOffer;
use super::i18n::{use_i18n, I18n};
use super::reveal::{reveal_soon, Reveal};
use super::urgent::UrgentContacts;
use super::wijk::{TeamCard, WijkChoice};
use crate::config::Config;
use crate::engine::{Form, Questionnaire};
use crate::fit_check::{evaluate, FitAnswers, Outcome, Reason};
use crate::register;
use crate::storage_format::register_key;
use crate::web::{drafts, page, storage};
use leptos::prelude::*;
use std::sync::Arc;

/// The label of an area code, as the questionnaire words it in the person's language, to go in
/// the middle of a sentence ("Bij alleen zijn…"): a capital only where the second letter has one.
fn area_label(def: &Questionnaire, code: &str, lang: &str) -> String {
    let label = def.option("areas", code).map(|o| o.label.get(lang).to_string()).unwrap_or_else(|| code.to_string());
    let mut chars = label.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first.to_lowercase().chain(chars).collect(),
        _ => label,
    }
}

fn reason_text(i: I18n, def: &Questionnaire, r: &Reason) -> String {
    match r {
        Reason::SeveralAreas => i.tr("fit.reason.several"),
        Reason::NetworkNotEnough => i.tr("fit.reason.network"),
        Reason::TeamArea(a) => i.trf("fit.reason.team_area", &[("area", &area_label(def, a, i.code()))]),
        Reason::PartnerArea(a) => i.trf("fit.reason.partner_area", &[("area", &area_label(def, a, i.code()))]),
        Reason::Under18 => i.tr("fit.reason.under_18"),
        Reason::NotSure => i.tr("fit.reason.not_sure"),
    }
}

/// Partners of the config whose outcome codes are among `codes`, in the order of `codes`.
fn partners_for(config: &Config, codes: &[String]) -> Vec<crate::config::Partner> {
    let mut out: Vec<crate::config::Partner> = Vec::new();
    for c in codes {
        for p in config.partners.iter().filter(|p| p.outcomes.contains(c)) {
            if !out.iter().any(|o| o.id == p.id) {
                out.push(p.clone());
            }
        }
    }
    out
}

#[component]
pub(super) fn PartnerList(partners: Vec<crate::config::Partner>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <ul class="partners">
            {partners.into_iter().map(|p| {
                let name = p.name.clone();
                let about = p.about.clone();
                view! {
                    <li class="partner">
                        <p class="partner-name">{move || i.local(&name)}</p>
                        {about.map(|a| view! { <p>{move || i.local(&a)}</p> })}
                        {p.phone.clone().map(|ph| {
                            let href = crate::config::tel_href(&ph);
                            view! { <p><a class="call" href=href>{move || i.trf("urgent.call", &[("phone", &ph)])}</a></p> }
                        })}
                        {p.website.clone().map(|w| { let href = w.clone(); view! { <p><a href=href rel="noopener noreferrer">{w}</a></p> } })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

/// Urgent contacts as soon as an urgent question is answered "ja", before the check ends.
#[component]
pub fn UrgentWhileFilling(form: RwSignal<Form, LocalStorage>) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let kinds = Memo::new(move |_| {
        let answers = form.with(FitAnswers::from_form);
        match evaluate(&answers, &config.routing).outcome {
            Outcome::Urgent { contact_kinds } => Some(contact_kinds),
            _ => None,
        }
    });
    // A "ja" given further down the screen: the numbers come to where the person is looking,
    // with focus on their heading (not when the list opens with a "ja" already given).
    Effect::new(move |prev: Option<bool>| {
        let now = kinds.with(Option::is_some);
        if prev == Some(false) && now {
            reveal_soon("#spoed-nu-box", Reveal::Focus);
        }
        now
    });
    move || {
        kinds.get().map(|k| {
            view! {
                <section id="spoed-nu-box" class="urgent-now" role="alert" aria-labelledby="spoed-nu">
                    <h2 id="spoed-nu">{i.tr("fit.urgent_now")}</h2>
                    <UrgentContacts first_kinds=k/>
                </section>
            }
            .into_any()
        })
    }
}

#[component]
pub fn FitOutcome(def: Arc<Questionnaire>, form: RwSignal<Form, LocalStorage>) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let wijk = WijkChoice::load();
    let answers = form.with_untracked(FitAnswers::from_form);
    let result = evaluate(&answers, &config.routing);

    // One register record per completed check, kept here until the person chooses to send it
    // (sending comes later). It follows the chosen wijk. Finishing the same check again updates
    // that record: its id is remembered until a new check starts.
    let record_problem: RwSignal<Option<&'static str>> = RwSignal::new(None);
    {
        let answers = answers.clone();
        let result = result.clone();
        let record_id = drafts::record_id(&def.storage_key(), page::random_id).ok();
        let config_codes = config.clone();
        Effect::new(move |_| {
            let Some(id) = record_id.as_deref() else { return };
            let codes = register::config_codes(&config_codes);
            let Some(mut record) =
                register::fit_record(&answers, &result, wijk.code.get().as_deref(), page::today(), &codes)
            else {
                return;
            };
            record.set_id(id.to_string()); // 32 random hex characters (page::random_id)
                                           // Answers changed between urgent and not: the record of the other kind goes.
            let other = if record.kind() == "urgent" { "fit_check" } else { "urgent" };
            let _ = storage::remove(&register_key(other, id));
            let saved = storage::set(&register_key(record.kind(), id), &record.to_json().to_string());
            record_problem.set(saved.err().map(|e| e.message_key()));
        });
    }

    let title_key = match &result.outcome {
        Outcome::Urgent { .. } => "fit.outcome.urgent",
        Outcome::Fits => "fit.outcome.fits",
        Outcome::FitsAndAlso { .. } => "fit.outcome.fits_and_also",
        Outcome::ElsewhereFaster { .. } => "fit.outcome.elsewhere_faster",
    };
    let partners = match &result.outcome {
        Outcome::FitsAndAlso { partners } | Outcome::ElsewhereFaster { partners } => partners_for(&config, partners),
        _ => Vec::new(),
    };
    let urgent_kinds = match &result.outcome {
        Outcome::Urgent { contact_kinds } => Some(contact_kinds.clone()),
        _ => None,
    };
    let def_reasons = def.clone();
    let reasons = result.reasons.clone();
    view! {
        <section class="fit-outcome">
            <h1 tabindex="-1">{move || i.tr(title_key)}</h1>
            <super::read_aloud::ReadAloud what=super::read_aloud::What::Screen/>
            {move || record_problem.get().map(|k| view! { <p class="notice" role="alert">{i.tr(k)}</p> })}
            {urgent_kinds.map(|k| view! { <UrgentContacts first_kinds=k/> })}
            {(!reasons.is_empty()).then(|| view! {
                <h2>{i.text("fit.why")}</h2>
                <ul class="reasons">
                    {reasons.iter().map(|r| {
                        let r = r.clone();
                        let def = def_reasons.clone();
                        view! { <li>{move || reason_text(i, &def, &r)}</li> }
                    }).collect_view()}
                </ul>
            })}
            {(!partners.is_empty()).then(|| view! {
                <h2>{i.text("fit.partners")}</h2>
                <PartnerList partners=partners/>
            })}
            <SendOffer/>
            <p class="always-team">{i.text("fit.always_team")}</p>
            <h2>{i.text("fit.your_team")}</h2>
            <TeamCard wijk=wijk show_urgent_route=true/>
        </section>
    }
    .into_any()
}
