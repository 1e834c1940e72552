//! Urgent contacts from the municipality config: one tap to call. Shown on `/spoed`, as soon as
//! an urgent question of the fit check is answered "ja", and on the urgent outcome.

use super::app::use_config;
use super::i18n::use_i18n;
use super::maps_page::MapsLink;
use super::wijk::{TeamCard, WijkChoice};
use crate::config::{tel_href, UrgentContact};
use leptos::prelude::*;

/// The config's urgent contacts; those of `first_kinds` first, in that order.
#[component]
pub fn UrgentContacts(#[prop(optional)] first_kinds: Vec<String>) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let mut contacts: Vec<UrgentContact> = Vec::new();
    for k in &first_kinds {
        contacts.extend(
            config
                .urgent_contacts
                .iter()
                .filter(|c| &c.kind == k && !contacts.contains(c))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    contacts.extend(config.urgent_contacts.iter().filter(|c| !first_kinds.contains(&c.kind)).cloned());
    view! {
        <ul class="urgent-contacts">
            {contacts.into_iter().map(|c| {
                let name = c.name.clone();
                let when = c.when.clone();
                let href = tel_href(&c.phone);
                let phone = c.phone.clone();
                let name2 = c.name.clone();
                view! {
                    <li class="urgent-contact">
                        <p class="contact-name">{move || name.get(i.code()).to_string()}</p>
                        {when.map(|w| view! { <p>{move || w.get(i.code()).to_string()}</p> })}
                        <a class="call" href=href
                            aria-label=move || i.trf("urgent.call_label", &[("name", name2.get(i.code())), ("phone", &phone)])>
                            {move || i.trf("urgent.call", &[("phone", &c.phone)])}
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
pub fn UrgentPage() -> impl IntoView {
    let i = use_i18n();
    let wijk = WijkChoice::load();
    view! {
        <section class="urgent-page">
            <h1>{i.text("urgent.title")}</h1>
            <p>{i.text("urgent.intro")}</p>
            <UrgentContacts/>
            <h2>{i.text("urgent.team_title")}</h2>
            <TeamCard wijk=wijk show_urgent_route=true/>
            <MapsLink/>
        </section>
    }
    .into_any()
}
