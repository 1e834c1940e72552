//! The home page: the three ways in.

use super::answers_page::AnswersLink;
use super::context::{app_link, use_config, use_router};
use super::follow_up_view::DueNotice;
use super::i18n::use_i18n;
use super::maps_page::MapsLink;
use crate::i18n::config_issue;
use crate::route::{QuestionnaireId, Route};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let i = use_i18n();
    let router = use_router();
    let config = use_config();
    let municipality = config.municipality.name.clone();
    let card = move |id: QuestionnaireId, title: &'static str, text: &'static str| {
        let route = Route::Questionnaire(id);
        let href = route.href();
        view! {
            <li class="way-in">
                <a href=href on:click=move |ev| { ev.prevent_default(); router.go(route.clone()); }>
                    <span class="way-title">{move || i.tr(title)}</span>
                    <span class="way-text">{move || i.tr(text)}</span>
                </a>
            </li>
        }
    };
    view! {
        <section class="home">
            <p class="municipality">{move || i.local(&municipality)}</p>
            <h1>{i.text("home.title")}</h1>
            <p>{i.text("home.intro")}</p>
            <DueNotice/>
            <ul class="ways-in">
                {card(QuestionnaireId::FitCheck, "home.fit.title", "home.fit.text")}
                {card(QuestionnaireId::SelfCheck, "home.self.title", "home.self.text")}
                {card(QuestionnaireId::FollowUp, "home.follow.title", "home.follow.text")}
            </ul>
            <p class="plan-link">
                {app_link(Route::Questionnaire(QuestionnaireId::FollowUpStart), i.text("home.follow.plan"))}
            </p>
            <p class="lists-link">
                {app_link(Route::MyLists, i.text("home.lists"))}
            </p>
            <AnswersLink/>
            <MapsLink/>
            {config.submission_endpoint.is_some().then(|| view! {
                <p class="lists-link">
                    {app_link(Route::Send, i.text("home.send"))}
                </p>
                <p class="lists-link">
                    {app_link(Route::Register, i.text("home.register"))}
                </p>
            })}
            <p class="urgent-note">
                {app_link(Route::Urgent, i.text("home.urgent"))}
            </p>
            <ConfigNotice/>
        </section>
    }
}

/// A problem in an optional part of the municipality's settings: that part is switched off
/// (see `Config::parse`); the municipality sees here what and where.
#[component]
fn ConfigNotice() -> impl IntoView {
    let i = use_i18n();
    let notices = use_config().notices.clone();
    (!notices.is_empty()).then(|| {
        view! {
            <section class="notice config-notice" aria-labelledby="instellingen-melding">
                <h2 id="instellingen-melding">{i.text("config.notice_title")}</h2>
                <p>{i.text("config.notice_intro")}</p>
                <ul class="problems">
                    {notices.into_iter().map(|x| view! { <li>{move || config_issue(i.code(), &x)}</li> }).collect_view()}
                </ul>
            </section>
        }
    })
}
