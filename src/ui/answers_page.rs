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

use super::context::{app_link, use_config};
use super::i18n::use_i18n;
use super::send_page::host_of;
use crate::route::Route;
use leptos::prelude::*;

/// A paragraph of the page: a text (`{host}` filled in), or a link to another page.
enum Part {
    Text(&'static str),
    Link(Route, &'static str),
}

fn text(key: &'static str) -> Part {
    Part::Text(key)
}

fn link(route: Route, key: &'static str) -> Part {
    Part::Link(route, key)
}

/// The page as data, so its many paragraphs share one piece of rendering code (the first-visit
/// download stays within its budget). Without a collector (`collects` false) nothing can be
/// sent and there are no figures: only that is said.
fn sections(collects: bool) -> Vec<(&'static str, &'static str, Vec<Part>)> {
    let mut out = vec![(
        "antwoorden-waar",
        "answers.where_title",
        vec![
            text("answers.where"),
            text("answers.shared"),
            link(Route::Maps, "answers.maps_link"),
            text("answers.file"),
        ],
    )];
    if collects {
        out.push((
            "antwoorden-versturen",
            "answers.send_title",
            vec![
                text("answers.send_choice"),
                text("answers.send_what"),
                text("answers.send_urgent"),
                text("answers.send_never"),
                text("answers.send_to"),
                link(Route::Send, "home.send"),
            ],
        ));
        out.push((
            "antwoorden-cijfers",
            "answers.register_title",
            vec![text("answers.register"), link(Route::Register, "home.register")],
        ));
        out.push(("antwoorden-sites", "answers.sites_title", vec![text("answers.sites_send")]));
        out.push((
            "antwoorden-wissen",
            "answers.delete_title",
            vec![text("answers.delete"), text("answers.delete_sent"), link(Route::MyLists, "home.lists")],
        ));
    } else {
        out.push(("antwoorden-versturen", "answers.send_title", vec![text("send.no_endpoint")]));
        out.push(("antwoorden-sites", "answers.sites_title", vec![text("answers.sites")]));
        out.push((
            "antwoorden-wissen",
            "answers.delete_title",
            vec![text("answers.delete"), link(Route::MyLists, "home.lists")],
        ));
    }
    out
}

#[component]
pub fn AnswersPage() -> impl IntoView {
    let i = use_i18n();
    let host = use_config().submission_endpoint.as_deref().map(host_of);
    let collects = host.is_some();
    let host = host.unwrap_or_default();
    let body = sections(collects)
        .into_iter()
        .map(|(id, title, parts)| {
            let parts = parts
                .into_iter()
                .map(|p| match p {
                    Part::Text(key) => {
                        let host = host.clone();
                        view! { <p>{move || i.trf(key, &[("host", &host)])}</p> }.into_any()
                    }
                    Part::Link(route, key) => view! { <p>{app_link(route, i.text(key))}</p> }.into_any(),
                })
                .collect_view();
            view! {
                <section aria-labelledby=id>
                    <h2 id=id>{i.text(title)}</h2>
                    {parts}
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="answers-page">
            <h1>{i.text("answers.title")}</h1>
            <p class="answers-rights"><strong>{i.text("answers.rights")}</strong></p>
            {body}
        </section>
    }
}

/// The link to this page, under every flow: home, each questionnaire and its result, Mijn
/// lijsten and Versturen.
#[component]
pub fn AnswersLink() -> impl IntoView {
    let i = use_i18n();
    view! { <p class="answers-link">{app_link(Route::Answers, i.text("answers.title"))}</p> }
}
