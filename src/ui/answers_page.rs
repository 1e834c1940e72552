//! "Wat gebeurt er met mijn antwoorden?" (`/uw-antwoorden`): in plain words, where answers stay,
//! what is sent (only by choice, and exactly what), who sees the register, that nothing goes to
//! other sites, and how to delete everything. Linked from every flow ([`AnswersLink`]).
//!
//! Every sentence is true for every municipality config and has a test behind it:
//! - on this device, in the open map, a PIN locks it: README "Bewaren" and "Mappen en de pincode"
//!   (`tests/web*.rs`, `tests/e2e/maps.spec.mjs`, `storage.spec.mjs`);
//! - sent only by choice, only codes, wijk, week and a random number, an urgent "yes" only its
//!   quarter: `wire/src/record.rs`, `tests/register_privacy.rs`, `tests/e2e/send.spec.mjs`;
//! - the register is public with small numbers hidden: `collector/` ("Threat model");
//! - nothing to other sites: the CSP `connect-src 'self'` (`tests/e2e/security.spec.mjs`);
//! - deleting: "Wis alles van dit apparaat" on `/mijn-lijsten` (`tests/e2e/my-lists.spec.mjs`).
//!
//! Without a `submission_endpoint` nothing can be sent and there is no register: the page then
//! says only that, and leaves out the parts about sending (`tests/e2e/answers.spec.mjs`).

use super::app::{app_link, use_config};
use super::i18n::use_i18n;
use super::send_page::host_of;
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn AnswersPage() -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let host = config.submission_endpoint.as_deref().map(host_of);
    let sending = host.clone().map(|host| {
        let host_to = host.clone();
        view! {
            <section aria-labelledby="antwoorden-versturen">
                <h2 id="antwoorden-versturen">{move || i.tr("answers.send_title")}</h2>
                <p>{move || i.tr("answers.send_choice")}</p>
                <p>{move || i.tr("answers.send_what")}</p>
                <p>{move || i.tr("answers.send_urgent")}</p>
                <p>{move || i.tr("answers.send_never")}</p>
                <p>{move || i.trf("answers.send_to", &[("host", &host_to)])}</p>
                <p>{app_link(Route::Send, move || i.tr("home.send"))}</p>
            </section>
            <section aria-labelledby="antwoorden-cijfers">
                <h2 id="antwoorden-cijfers">{move || i.tr("answers.register_title")}</h2>
                <p>{move || i.tr("answers.register")}</p>
                <p>{app_link(Route::Register, move || i.tr("home.register"))}</p>
            </section>
        }
    });
    let nothing_sent = host.is_none().then(|| {
        view! {
            <section aria-labelledby="antwoorden-versturen">
                <h2 id="antwoorden-versturen">{move || i.tr("answers.send_title")}</h2>
                <p>{move || i.tr("send.no_endpoint")}</p>
            </section>
        }
    });
    let sent_stays = host.is_some();
    view! {
        <section class="answers-page">
            <h1>{move || i.tr("answers.title")}</h1>
            <p class="answers-rights"><strong>{move || i.tr("answers.rights")}</strong></p>
            <section aria-labelledby="antwoorden-waar">
                <h2 id="antwoorden-waar">{move || i.tr("answers.where_title")}</h2>
                <p>{move || i.tr("answers.where")}</p>
                <p>{move || i.tr("answers.shared")}</p>
                <p>{app_link(Route::Maps, move || i.tr("answers.maps_link"))}</p>
                <p>{move || i.tr("answers.file")}</p>
            </section>
            {sending}
            {nothing_sent}
            <section aria-labelledby="antwoorden-sites">
                <h2 id="antwoorden-sites">{move || i.tr("answers.sites_title")}</h2>
                <p>{move || if sent_stays { i.tr("answers.sites_send") } else { i.tr("answers.sites") }}</p>
            </section>
            <section aria-labelledby="antwoorden-wissen">
                <h2 id="antwoorden-wissen">{move || i.tr("answers.delete_title")}</h2>
                <p>{move || i.tr("answers.delete")}</p>
                {sent_stays.then(|| view! { <p>{move || i.tr("answers.delete_sent")}</p> })}
                <p>{app_link(Route::MyLists, move || i.tr("home.lists"))}</p>
            </section>
        </section>
    }
}

/// The link to this page, under every flow: home, each questionnaire and its result, Mijn
/// lijsten and Versturen.
#[component]
pub fn AnswersLink() -> impl IntoView {
    let i = use_i18n();
    view! { <p class="answers-link">{app_link(Route::Answers, move || i.tr("answers.title"))}</p> }
}
