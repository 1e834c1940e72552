//! "Versturen": the register records kept on this device, each shown exactly (readable, and the
//! raw JSON) with what is sent, to whom and why, and the person's choice per record: "Versturen"
//! or "Niet versturen". Waiting records can still be cancelled. Without a submission endpoint in
//! the config there is no sending at all (this page then says so and offers nothing).

use super::answers_page::AnswersLink;
use super::context::use_config;
use super::i18n::use_i18n;
use super::record_text::record_lines;
use crate::config::Config;
use crate::outbox::{Choice, Outbox, OutboxEntry};
use crate::web::{outbox, page};
use leptos::prelude::*;
use std::sync::Arc;

/// Sends in the background while the app is open: soon after a choice, when a pause is over,
/// and again after being offline. Mounted once by the app when the config has an endpoint.
/// Starts the background sender, once per page load: at start-up when records were waiting
/// (see `ui/app.rs`), else when the send page or the desk is first opened.
pub fn start_sender(endpoint: String, outbox_sig: RwSignal<Outbox>) {
    thread_local!(static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async move {
        loop {
            let o = outbox::send_due(&endpoint).await;
            let wait = o.next_try().map(|t| (t - js_sys::Date::now()).clamp(500.0, 2_000.0)).unwrap_or(2_000.0);
            outbox_sig.set(o);
            page::sleep(wait as i32).await;
        }
    });
}

/// How long after a choice another tap on the same card is ignored (a double tap is 60–250 ms).
const CHOICE_PAUSE_MS: f64 = 600.0;

pub(crate) fn host_of(endpoint: &str) -> String {
    // A path on this site ("/"): the receiver is this site itself.
    if endpoint.starts_with('/') {
        return web_sys::window().and_then(|w| w.location().host().ok()).unwrap_or_default();
    }
    endpoint.split("://").nth(1).unwrap_or(endpoint).split('/').next().unwrap_or(endpoint).to_string()
}

#[component]
pub fn SendPage(outbox_sig: RwSignal<Outbox>) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let Some(endpoint) = config.submission_endpoint.clone() else {
        return view! {
            <section class="send-page">
                <h1>{i.text("send.title")}</h1>
                <p>{i.text("send.no_endpoint")}</p>
                <AnswersLink/>
            </section>
        }
        .into_any();
    };
    let host = host_of(&endpoint);
    outbox_sig.set(outbox::load());
    start_sender(endpoint.clone(), outbox_sig);
    let problem: RwSignal<Option<&'static str>> = RwSignal::new(None);
    // A double tap: the second tap lands on whatever the first one put there. So a choice waits
    // until the first one has been shown for a moment (and the opposite choice appears
    // elsewhere on the card, see record_view).
    let last_choice = StoredValue::new(f64::NEG_INFINITY);
    let choose = move |id: String, c: Choice| {
        let now = js_sys::Date::now();
        if now - last_choice.get_value() < CHOICE_PAUSE_MS {
            return;
        }
        last_choice.set_value(now);
        let mut o = outbox::load();
        outbox::choose(&mut o, &id, c);
        problem.set(outbox::save(&o).err().map(|e| e.message_key()));
        outbox_sig.set(o);
    };
    let host2 = host.clone();
    view! {
        <section class="send-page">
            <h1>{i.text("send.title")}</h1>
            <p>{i.text("send.what")}</p>
            <p>{move || i.trf("send.to_whom", &[("host", &host)])}</p>
            <p>{i.text("send.why")}</p>
            <AnswersLink/>
            {move || problem.get().map(|k| view! { <p class="notice" role="alert">{i.tr(k)}</p> })}
            {move || {
                let entries = outbox_sig.get().entries;
                if entries.is_empty() {
                    return view! { <p>{i.tr("send.empty")}</p> }.into_any();
                }
                view! {
                    <ul class="records">
                        {entries.into_iter().map(|e| record_view(i, &config, e, choose, host2.clone())).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn state_key(e: &OutboxEntry) -> &'static str {
    match (e.choice, e.delivered, &e.refused) {
        (_, true, _) => "send.state.sent",
        (_, _, Some(_)) => "send.state.refused",
        (Choice::Send, _, _) if e.attempts > 0 => "send.state.waiting",
        (Choice::Send, _, _) => "send.state.sending",
        (Choice::DontSend, _, _) => "send.state.dont_send",
        (Choice::Undecided, _, _) => "send.state.undecided",
    }
}

fn record_view(
    i: super::i18n::I18n,
    config: &Arc<Config>,
    e: OutboxEntry,
    choose: impl Fn(String, Choice) + Copy + 'static,
    host: String,
) -> impl IntoView {
    // What was frozen when the person chose to send, in words; the exact record is under
    // "Bekijk de precieze gegevens".
    let json = outbox::shown_text(&e);
    let lines = record_lines(i, config, &json);
    // The kind as sent (a check stored before format 2 with an urgent answer is sent as an
    // urgent signal only).
    let kind = serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default();
    // A question the team registered (`/balie`) is the team's, not a check of the person's.
    let team = crate::desk::is_team_record(&json);
    let urgent = kind == "urgent" && !team;
    let kind = match kind.as_str() {
        _ if team => "send.kind.team",
        "follow_up" => "send.kind.follow_up",
        "urgent" => "send.kind.urgent",
        _ => "send.kind.fit_check",
    };
    let state = state_key(&e);
    let (id1, id2) = (e.id.clone(), e.id.clone());
    let can_choose = !e.delivered && e.refused.is_none();
    let heading_id = format!("rec-{}", e.id);
    let sending = e.choice == Choice::Send;
    view! {
        <li class="record">
            <h2 id=heading_id>{i.tr(kind)}</h2>
            <p class="record-state" role="status">{i.trf(state, &[("host", &host), ("code", e.refused.as_deref().unwrap_or(""))])}</p>
            // "Toch niet versturen" sits under the state, far from where "Versturen" was: a
            // second tap of a double tap cannot land on it.
            {(can_choose && sending).then(|| view! {
                <p class="entry-actions">
                    <button type="button" class="secondary" on:click=move |_| choose(id2.clone(), Choice::DontSend)>{i.tr("send.cancel")}</button>
                </p>
            })}
            {urgent.then(|| view! { <p class="record-note">{i.tr("send.urgent_note")}</p> })}
            <dl class="record-fields">
                {lines.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <details>
                <summary>{i.tr("send.raw")}</summary>
                <pre class="raw-json">{json}</pre>
            </details>
            {(can_choose && !sending).then(|| {
                let dont = e.choice != Choice::DontSend;
                let id3 = id1.clone();
                view! {
                    <p class="entry-actions">
                        <button type="button" class="primary" on:click=move |_| choose(id1.clone(), Choice::Send)>{i.tr("send.send")}</button>
                        {dont.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| choose(id3.clone(), Choice::DontSend)>{i.tr("send.dont_send")}</button>
                        })}
                    </p>
                }
            })}
        </li>
    }
}
