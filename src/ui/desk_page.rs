//! "Balie" (`/balie`): a wijkteam worker registers a question that came by phone, at the
//! walk-in hour, by e-mail or via a partner. Thin: the choices, the record and what is missing
//! are `crate::desk`; keeping and sending are `web::outbox` (the same outbox and collector as
//! the app's own records, with the team key added by the sender).

use super::context::use_config;
use super::i18n::{use_i18n, I18n};
use super::record_text::value_label;
use super::reveal::{focus_field_soon, reveal_soon, Reveal};
use crate::desk::{self, DeskChoices, DESK_CHANNELS, DESK_KEY, DESK_OUTCOMES, TEAM_KEY_KEY, TEAM_KEY_REFUSALS};
use crate::outbox::{Choice, Outbox};
use crate::register::{config_codes, FIT_AREAS, URGENT};
use crate::web::{outbox, page, storage};
use leptos::prelude::*;

/// How the last registered question is doing (message key), from the outbox.
fn status_key(o: &Outbox, id: &str) -> Option<&'static str> {
    let Some(e) = o.get(id) else {
        // Forgotten on this device once the collector has it.
        return outbox::team_record_delivered(id).then_some("register.desk_sent");
    };
    Some(match (&e.refused, e.delivered, e.choice) {
        (Some(code), _, _) if TEAM_KEY_REFUSALS.contains(&code.as_str()) => "register.desk_key_wrong",
        (Some(_), _, _) => "register.desk_refused",
        (None, true, _) => "register.desk_sent",
        (None, false, Choice::Send) if e.attempts > 0 => "register.desk_waiting",
        _ => "register.desk_sending",
    })
}

/// A text that follows the language: one closure type for every text of the page, so the
/// rendering code is made once (each closure type of its own would add to the download).
fn text(i: I18n) -> impl Fn(&'static str) -> Box<dyn Fn() -> String + Send + Sync> + Copy {
    move |key| Box::new(move || i.tr(key))
}

/// One question of the form: radio buttons for the channel and the outcome, checkboxes for the
/// areas and the partners (shown only when the outcome names where the person was sent).
fn group(
    choices: RwSignal<DeskChoices>,
    name: &'static str,
    legend: &'static str,
    options: Vec<(String, String)>,
    remember: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let t = text(i);
    let multi = matches!(name, "onderwerp" | "verwijzing");
    let hidden = move || name == "verwijzing" && choices.with(|c| !c.takes_referrals());
    view! {
        <fieldset class="question" hidden=hidden>
            <legend class="question-text">{t(legend)}</legend>
            <div class="options" class:two=multi>
                {options.into_iter().map(|(code, label)| {
                    let id = format!("balie-{name}-{code}");
                    let code2 = code.clone();
                    let checked = move || choices.with(|c| match name {
                        "kanaal" => c.channel == Some(code.as_str()),
                        "onderwerp" => c.areas.contains(&code.as_str()),
                        "uitkomst" => c.outcome == Some(code.as_str()),
                        _ => c.referrals.contains(&code),
                    });
                    let change = move |_| {
                        choices.update(|c| match name {
                            "kanaal" => c.set_channel(&code2),
                            "onderwerp" => c.toggle_area(&code2),
                            "uitkomst" => c.set_outcome(&code2),
                            _ => c.toggle_referral(&code2),
                        });
                        // The channel stays for the next question.
                        if name == "kanaal" {
                            remember();
                        }
                    };
                    view! {
                        <div class="option">
                            <input type=if multi { "checkbox" } else { "radio" } id=id.clone() name=format!("balie-{name}")
                                prop:checked=checked on:change=change/>
                            <label for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
pub fn DeskPage(outbox_sig: RwSignal<Outbox>) -> impl IntoView {
    let i = use_i18n();
    let t = text(i);
    let config = use_config();
    let Some(endpoint) = config.submission_endpoint.clone() else {
        return view! {
            <section class="desk-page">
                <h1>{t("register.desk_title")}</h1>
                <p>{t("register.desk_no_endpoint")}</p>
            </section>
        }
        .into_any();
    };
    // A registered question goes at once, also when nothing else was waiting at start-up.
    super::send_page::start_sender(endpoint, outbox_sig);
    let codes = config_codes(&config);
    let saved = storage::get(DESK_KEY).ok().flatten().map(|t| desk::decode_desk(&t, &config)).unwrap_or_default();
    let choices = RwSignal::new(saved);
    // The channel and wijk stay for the next question, also after a reload.
    let remember = move || {
        let _ = storage::set(DESK_KEY, &desk::encode_desk(&choices.get_untracked()));
    };
    let has_key = RwSignal::new(storage::get(TEAM_KEY_KEY).ok().flatten().is_some());
    let key_wrong = Memo::new(move |_| outbox_sig.with(Outbox::needs_team_key));
    let problems = RwSignal::new(Vec::<&'static str>::new());
    let last = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<&'static str>);
    let key_text = RwSignal::new(String::new());
    let key_msg = RwSignal::new(None::<&'static str>);

    let register = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = choices.get_untracked();
        // A message about the key is about what was done before; this is a new question.
        key_msg.set(None);
        if !has_key.get_untracked() {
            key_msg.set(Some("register.desk_key_first"));
            focus_field_soon("#teamcode", "#teamcode-bericht");
            return;
        }
        let record = c.record(page::today(), &codes).map_err(|p| p.iter().map(|p| p.message_key()).collect::<Vec<_>>());
        let record = match (record, page::random_bytes()) {
            (Ok(r), Some(random)) => r.with_id(random),
            (Err(p), _) => {
                problems.set(p);
                reveal_soon("#balie-ontbreekt", Reveal::Show);
                return;
            }
            (Ok(_), None) => {
                message.set(Some("storage.unavailable"));
                return;
            }
        };
        problems.set(Vec::new());
        match outbox::register_team_record(&record) {
            Ok(()) => {
                last.set(Some(record.id().to_string()));
                message.set(None);
                choices.set(c.next());
                outbox_sig.set(outbox::load());
            }
            Err(e) => message.set(Some(e.message_key())),
        }
        reveal_soon("#balie-status", Reveal::Show);
    };

    let save_key = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match desk::clean_team_key(&key_text.get_untracked()).map(|k| storage::set(TEAM_KEY_KEY, &k)) {
            Ok(Ok(())) => {
                has_key.set(true);
                key_text.set(String::new());
                key_msg.set(Some("register.desk_key_saved"));
                // What was refused for the key goes again, now with this one.
                let _ = outbox::retry_team_key_refusals();
                outbox_sig.set(outbox::load());
            }
            Ok(Err(e)) => key_msg.set(Some(e.message_key())),
            Err(p) => {
                key_msg.set(Some(p.message_key()));
                focus_field_soon("#teamcode", "#teamcode-bericht");
            }
        }
    };
    let remove_key = move |_| {
        let _ = storage::remove(TEAM_KEY_KEY);
        has_key.set(false);
        key_msg.set(Some("register.desk_key_removed"));
    };

    let lang = i.code();
    let codes_of = |list: &[&str], field: &str| -> Vec<(String, String)> {
        list.iter().map(|c| (c.to_string(), value_label(i, &config, field, c))).collect()
    };
    let channels = codes_of(&DESK_CHANNELS, "channel");
    let areas = codes_of(&FIT_AREAS, "areas");
    let outcomes = codes_of(&DESK_OUTCOMES, "outcome");
    let referrals = desk::referral_options(&config, lang);
    let wijken: Vec<(String, String)> =
        config.wijken.iter().map(|w| (w.code.clone(), w.name.get(lang).to_string())).collect();

    let key_form = move || {
        view! {
            <form class="desk-key" on:submit=save_key>
                <label for="teamcode">{i.tr("register.desk_key_label")}</label>
                <p class="hint" id="teamcode-uitleg">{i.tr("register.desk_key_hint")}</p>
                <input id="teamcode" type="password" autocomplete="off" spellcheck="false"
                    aria-describedby="teamcode-uitleg teamcode-bericht"
                    prop:value=move || key_text.get() on:input=move |ev| key_text.set(event_target_value(&ev))/>
                <p id="teamcode-bericht" role="status">{move || key_msg.get().map(|k| i.tr(k))}</p>
                <p><button type="submit" class="secondary">{i.tr("register.desk_key_save")}</button></p>
            </form>
        }
    };

    view! {
        <section class="desk-page">
            <h1>{t("register.desk_title")}</h1>
            <p>{t("register.desk_intro")}</p>
            {move || (!has_key.get()).then(key_form)}
            <form class="desk-form" on:submit=register>
                {group(choices, "kanaal", "register.desk_channel", channels, remember)}
                <p>
                    <label for="balie-wijk">{t("register.desk_wijk")}</label>
                    <select id="balie-wijk" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        choices.update(|c| c.wijk = (!v.is_empty()).then_some(v));
                        remember();
                    }>
                        <option value="" selected=move || choices.with(|c| c.wijk.is_none())>{t("register.desk_wijk_unknown")}</option>
                        {wijken.into_iter().map(|(code, name)| {
                            let c2 = code.clone();
                            view! { <option value=code selected=move || choices.with(|c| c.wijk.as_deref() == Some(&c2))>{name}</option> }
                        }).collect_view()}
                    </select>
                </p>
                {group(choices, "onderwerp", "register.desk_areas", areas, remember)}
                {group(choices, "uitkomst", "register.desk_outcome", outcomes, remember)}
                {move || choices.with(|c| c.outcome == Some(URGENT)).then(|| view! { <p class="hint">{i.tr("register.desk_urgent_note")}</p> })}
                {group(choices, "verwijzing", "register.desk_referrals", referrals, remember)}
                <div id="balie-ontbreekt" role="alert">
                    {move || problems.get().into_iter().map(|k| view! { <p class="notice">{i.tr(k)}</p> }).collect_view()}
                </div>
                <p><button type="submit" class="primary">{t("register.desk_register")}</button></p>
                <p id="balie-status" role="status">
                    {move || message.get().map(|k| i.tr(k)).or_else(|| {
                        let id = last.get()?;
                        let key = outbox_sig.with(|o| status_key(o, &id))?;
                        let code = outbox_sig.with(|o| o.get(&id).and_then(|e| e.refused.clone())).unwrap_or_default();
                        // The wrong key has its own message, right below.
                        (key != "register.desk_key_wrong").then(|| i.trf(key, &[("code", &code)]))
                    })}
                </p>
            </form>
            {move || (has_key.get() && key_wrong.get()).then(|| view! {
                <p class="notice" role="alert">{i.tr("register.desk_key_wrong")}</p>
                {key_form()}
            })}
            {move || (has_key.get() && !key_wrong.get()).then(|| view! {
                <p class="hint">{i.tr("register.desk_key_saved")} " "
                    <button type="button" class="secondary small" on:click=remove_key>{i.tr("register.desk_key_remove")}</button>
                </p>
            })}
        </section>
    }
    .into_any()
}
