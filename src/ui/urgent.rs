//! Urgent contacts from the municipality config: one tap to call. Shown on `/spoed`, as soon as
//! an urgent question of the fit check is answered "ja", on the urgent outcome, and wherever an
//! answer of the self-check or the follow-up signals danger: at that answer while filling in,
//! and again on the result.

use super::context::{app_link, use_config};
use super::form_view::FormCtx;
use super::i18n::use_i18n;
use super::maps_page::MapsLink;
use super::reveal::{reveal_soon, Reveal};
use super::wijk::{TeamCard, WijkChoice};
use crate::config::{tel_href, UrgentContact};
use crate::engine::Slot;
use crate::route::Route;
use crate::self_check::{urgent_contact_kinds, DangerSignal};
use leptos::prelude::*;

/// The config's urgent contacts; those of `first_kinds` first, in that order. With `only_first`
/// just those (all of them when none of `first_kinds` has a contact).
#[component]
pub fn UrgentContacts(#[prop(optional)] first_kinds: Vec<String>, #[prop(optional)] only_first: bool) -> impl IntoView {
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
    if !only_first || contacts.is_empty() {
        contacts.extend(config.urgent_contacts.iter().filter(|c| !first_kinds.contains(&c.kind)).cloned());
    }
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
                        <p class="contact-name">{move || i.local(&name)}</p>
                        {when.map(|w| view! { <p>{move || i.local(&w)}</p> })}
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

/// The person's own wijkteam, with its route for urgent help outside opening hours (from the
/// config). Without a chosen wijk: where to find it (the team's number differs per wijk).
#[component]
fn TeamUrgentRoute() -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let team = WijkChoice::load().code.get_untracked().and_then(|c| config.wijk(&c).map(|w| w.team.clone()));
    match team {
        Some(team) => {
            let name = team.name.clone();
            view! {
                <li class="urgent-contact team-urgent">
                    <p class="contact-name">{move || i.local(&name)}</p>
                    {team.phone.clone().map(|p| {
                        let href = tel_href(&p);
                        view! { <p><a class="call" href=href>{move || i.trf("urgent.call", &[("phone", &p)])}</a></p> }
                    })}
                    {team.urgent_route.clone().map(|r| view! { <p>{move || i.local(&r)}</p> })}
                </li>
            }
            .into_any()
        }
        None => view! {
            <li class="urgent-contact team-urgent">
                <p>{move || i.tr("self_result.team_urgent_pick")} " " {app_link(Route::Urgent, move || i.tr("urgent.title"))} "."</p>
            </li>
        }
        .into_any(),
    }
}

/// What needs help now, with whom to call: the signals in words, the contacts the
/// municipality routes them to, and the person's wijkteam with its urgent route. The heading is
/// an `h2` also inside a questionnaire screen: it is as important as the screen's own title.
#[component]
pub fn UrgentForSignals(
    signals: Vec<DangerSignal>,
    /// The box's id; its heading gets `<id>-titel`.
    id: String,
    /// At the answer while filling in: only the routed contacts (all numbers are one tap away
    /// under "Direct hulp" at the top of every page). On a result page: all contacts, the
    /// routed ones first.
    #[prop(optional)]
    at_answer: bool,
) -> impl IntoView {
    let i = use_i18n();
    let kinds = urgent_contact_kinds(&signals, &use_config().routing);
    let heading_id = format!("{id}-titel");
    let labelled_by = heading_id.clone();
    view! {
        <section id=id class="urgent-now" role="alert" aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || i.tr("self_result.urgent_title")}</h2>
            {signals.iter().map(|s| { let k = s.label_key(); view! { <p>{move || i.tr(k)}</p> } }).collect_view()}
            <UrgentContacts first_kinds=kinds only_first=at_answer/>
            <ul class="urgent-contacts">
                <TeamUrgentRoute/>
            </ul>
        </section>
    }
    .into_any()
}

/// Marks a questionnaire page (the self-check, the follow-up) whose answers are watched for
/// danger: [`beside_answer`] then puts the urgent contacts right under such a question.
#[derive(Clone, Copy)]
pub struct WatchDanger;

/// The urgent box under the question `slot` when its answer signals danger (only on a page that
/// provides [`WatchDanger`], and only for the questions of `self_check::DANGER_ANSWERS`). It
/// appears next to the answer, a live region announces it, and it is scrolled into view.
pub fn beside_answer(ctx: &FormCtx, slot: &Slot) -> Option<AnyView> {
    use_context::<WatchDanger>()?;
    let link_id = ctx.def.item(slot.item).link_id.clone();
    if !slot.reps.is_empty() || !DangerSignal::asked_at(&link_id) {
        return None;
    }
    let form = ctx.form;
    let id = format!("spoed-bij-{link_id}");
    let signals = Memo::new(move |_| form.with(|f| DangerSignal::at_question(f, &link_id)));
    let selector = format!("#{id}");
    // Only a box that appears after an answer comes into view; one already there when the
    // screen opens stays where it is.
    Effect::new(move |prev: Option<bool>| {
        let now = signals.with(|s| !s.is_empty());
        if prev == Some(false) && now {
            reveal_soon(selector.clone(), Reveal::Show);
        }
        now
    });
    Some(
        (move || {
            let s = signals.get();
            (!s.is_empty()).then(|| view! { <UrgentForSignals signals=s id=id.clone() at_answer=true/> })
        })
        .into_any(),
    )
}
