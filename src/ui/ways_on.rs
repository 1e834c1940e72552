//! After "Ik kreeg een nee" (a "no" from the municipality), right where the refusal is first
//! recorded (the start of the follow-up): the ways on, never a closed door. Talk to the team
//! again, a free independent client supporter (every organisation in the config, none
//! preferred), a complaint, and an objection with its last day worked out by law
//! (`crate::objection`), or first a request for a written decision. It never says whether an
//! objection will succeed.

use super::context::use_config;
use super::fit_outcome::PartnerList;
use super::i18n::{use_i18n, I18n};
use super::wijk::{TeamCard, WijkChoice};
use crate::civil_date::CivilDate;
use crate::follow_up::{ics_for_due_date, Reminder};
use crate::objection::{Decision, ObjectionPeriod, PeriodState};
use crate::web::{download, page};
use leptos::prelude::*;

fn date_text(i: I18n, d: CivilDate) -> String {
    page::date_text(i.code(), d.year, d.month, d.day)
}

#[component]
pub fn WaysOnAfterNo(decision: Decision, plan_id: String, today: CivilDate) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let support = config.client_support.clone();
    view! {
        <section class="ways-on" aria-labelledby="ways-on-title">
            <h2 id="ways-on-title">{i.text("no.title")}</h2>
            <p>{i.text("no.intro")}</p>
            <h3>{i.text("no.team_title")}</h3>
            <p>{i.text("no.team")}</p>
            <TeamCard wijk=WijkChoice::load() show_urgent_route=false/>
            <h3>{i.text("no.oco_title")}</h3>
            <p>{i.text("no.oco")}</p>
            {if support.is_empty() {
                view! { <p>{i.text("no.oco_ask")}</p> }.into_any()
            } else {
                view! { <PartnerList partners=support/> }.into_any()
            }}
            <h3>{i.text("no.complaint_title")}</h3>
            <p>{i.text("no.complaint")}</p>
            <h3>{i.text("no.objection_title")}</h3>
            <Objection decision=decision plan_id=plan_id today=today/>
        </section>
    }
}

#[component]
fn Objection(decision: Decision, plan_id: String, today: CivilDate) -> impl IntoView {
    let i = use_i18n();
    let letter = match decision {
        Decision::Written(day) => day,
        Decision::NotWritten => return view! { <p>{i.text("no.objection_ask_letter")}</p> }.into_any(),
        Decision::WrittenNoDate | Decision::Unknown => {
            return view! {
                <p>{i.text("no.objection_unknown")}</p>
                <p>{i.text("no.objection_ask_letter")}</p>
            }
            .into_any()
        }
    };
    let period = ObjectionPeriod::for_letter(letter);
    let last = period.last_day;
    let failed = RwSignal::new(false);
    let state = period.state(today);
    let remind = period.remind_on();
    view! {
        <p>{i.text("no.objection_what")}</p>
        {match state {
            PeriodState::Open { days_left } => view! {
                <p class="objection-deadline">
                    <strong>{move || i.trf("no.objection_until", &[("date", &date_text(i, last))])}</strong>
                    " "
                    {move || if days_left == 0 { i.tr("no.objection_today") } else { i.trf("no.objection_days_left", &[("days", &days_left.to_string())]) }}
                </p>
                {period.moved_from.map(|m| view! { <p>{move || i.trf("no.objection_moved", &[("date", &date_text(i, m))])}</p> })}
                {(remind > today).then(|| view! {
                    <p>
                        <button type="button" class="secondary" on:click=move |_| {
                            failed.set(offer_reminder(i, &plan_id, remind, last).is_err());
                        }>{i.text("no.objection_reminder")}</button>
                    </p>
                    <p class="message" role="alert" hidden=move || !failed.get()>{i.text("done.download_failed")}</p>
                })}
            }.into_any(),
            PeriodState::Passed { .. } => view! {
                <p class="objection-deadline">
                    <strong>{move || i.trf("no.objection_passed", &[("date", &date_text(i, last))])}</strong>
                </p>
                <p>{i.text("no.objection_late")}</p>
            }.into_any(),
        }}
        <p>{i.text("no.objection_letter")}</p>
    }
    .into_any()
}

/// A calendar reminder about a week before the last day of the objection period.
fn offer_reminder(i: I18n, plan_id: &str, on: CivilDate, last: CivilDate) -> Result<(), String> {
    let summary = i.tr("no.ics.summary");
    let description = i.trf("no.ics.description", &[("date", &date_text(i, last))]);
    let uid = format!("{plan_id}-bezwaar@wijkpeil");
    let ics = ics_for_due_date(&Reminder {
        uid: &uid,
        due: on,
        summary: &summary,
        description: &description,
        now_utc_seconds: page::now_utc_seconds(),
    });
    download::download(&format!("wijkpeil-bezwaar-{}.ics", last.iso()), "text/calendar", &ics)
}
