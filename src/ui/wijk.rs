//! The person's wijk: chosen from the config's list (or found by postcode), remembered on this
//! device, and the wijkteam's contact card with "Nu open" / "Gesloten — opent …".

use super::context::use_config;
use super::i18n::{use_i18n, I18n};
use crate::config::DAYS;
use crate::opening_hours::{amsterdam, open_state, OpenState};
use crate::storage_format::WIJK_KEY;
use crate::web::storage;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct WijkChoice {
    pub code: RwSignal<Option<String>>,
}

impl WijkChoice {
    pub fn load() -> WijkChoice {
        let config = use_config();
        let saved = storage::get(WIJK_KEY).ok().flatten().filter(|c| config.wijk(c).is_some());
        WijkChoice { code: RwSignal::new(saved) }
    }

    pub fn set(&self, code: Option<String>) {
        // Remembering is a convenience: when storage fails, the choice still holds on screen.
        let _ = match &code {
            Some(c) => storage::set(WIJK_KEY, c),
            None => storage::remove(WIJK_KEY),
        };
        self.code.set(code);
    }
}

#[component]
pub fn WijkPicker(wijk: WijkChoice) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let postcode_problem = RwSignal::new(false);
    let postcode = RwSignal::new(String::new());
    let config_pc = config.clone();
    // On leaving the field, on Enter, and with the button (a phone keyboard may have no Enter).
    let look_up = move || {
        let text = postcode.get_untracked();
        if text.trim().is_empty() {
            postcode_problem.set(false);
            return;
        }
        match config_pc.wijk_for_postcode(&text) {
            Some(w) => {
                postcode_problem.set(false);
                wijk.set(Some(w.code.clone()));
            }
            // An unknown postcode: the team of an earlier choice is not shown as if it were theirs.
            None => {
                postcode_problem.set(true);
                wijk.set(None);
            }
        }
    };
    let look_up2 = look_up.clone();
    let has_postcodes = config.wijken.iter().any(|w| !w.postcodes.is_empty());
    let options = config
        .wijken
        .iter()
        .map(|w| {
            let code = w.code.clone();
            let code2 = w.code.clone();
            let name = w.name.clone();
            view! {
                <option value=code prop:selected=move || wijk.code.get().as_deref() == Some(code2.as_str())>
                    {move || i.local(&name)}
                </option>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div class="wijk-picker">
            <label for="wijk-keuze">{i.text("wijk.choose")}</label>
            <select id="wijk-keuze" on:change=move |ev| {
                let v = event_target_value(&ev);
                wijk.set(if v.is_empty() { None } else { Some(v) });
            }>
                <option value="">{i.text("form.choose")}</option>
                {options}
            </select>
            {has_postcodes.then(|| view! {
                <label for="wijk-postcode">{i.text("wijk.postcode")}</label>
                <input id="wijk-postcode" type="text" inputmode="numeric" autocomplete="postal-code" maxlength="7"
                    prop:value=move || postcode.get() on:input=move |ev| postcode.set(event_target_value(&ev))
                    on:change=move |_| look_up() aria-describedby="wijk-postcode-msg"/>
                <p><button type="button" class="secondary small" on:click=move |_| look_up2()>{i.text("wijk.postcode_find")}</button></p>
                <div role="alert">
                    <p id="wijk-postcode-msg" class="message" hidden=move || !postcode_problem.get()>
                        {i.text("wijk.postcode_unknown")}
                    </p>
                </div>
            })}
        </div>
    }
    .into_any()
}

/// "Nu open, tot 17:00" / "Gesloten — opent morgen om 9:00" in the person's language.
fn open_text(i: I18n, state: &OpenState) -> String {
    match state {
        OpenState::OpenUntil { until } => i.trf("wijk.open_until", &[("time", until)]),
        OpenState::ClosedOpensAt { days_ahead: 0, at, .. } => i.trf("wijk.opens_today", &[("time", at)]),
        OpenState::ClosedOpensAt { days_ahead: 1, at, .. } => i.trf("wijk.opens_tomorrow", &[("time", at)]),
        OpenState::ClosedOpensAt { weekday, at, .. } => {
            i.trf("wijk.opens_on", &[("day", &i.tr(day_key(*weekday))), ("time", at)])
        }
        OpenState::ClosedNoHours => i.tr("wijk.no_hours"),
    }
}

fn day_key(weekday: usize) -> &'static str {
    ["day.mon", "day.tue", "day.wed", "day.thu", "day.fri", "day.sat", "day.sun"][weekday.min(6)]
}

/// The wijkteam of the chosen wijk: how to reach it now. Without a chosen wijk: the picker.
#[component]
pub fn TeamCard(wijk: WijkChoice, #[prop(optional)] show_urgent_route: bool) -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    view! {
        <WijkPicker wijk=wijk/>
        {move || {
            let code = wijk.code.get()?;
            let w = config.wijk(&code)?.clone();
            let team = w.team.clone();
            let now = amsterdam((js_sys::Date::now() / 1000.0) as i64);
            let state = open_state(&team, &config.holidays, &now);
            let name = team.name.clone();
            let walk_in: Vec<_> = team.walk_in.iter().map(|wi| {
                let place = wi.place.as_ref().map(|p| i.local(p)).unwrap_or_default();
                let day = DAYS.iter().position(|d| *d == wi.day).map(|d| i.tr(day_key(d))).unwrap_or_default();
                i.trf("wijk.walk_in", &[("day", &day), ("from", &wi.from), ("to", &wi.to), ("place", &place)])
            }).collect();
            Some(view! {
                <div class="team-card">
                    <h3>{i.local(&name)}</h3>
                    <p class="open-state">{open_text(i, &state)}</p>
                    {team.phone.clone().map(|p| {
                        let href = crate::config::tel_href(&p);
                        view! { <p><a class="call" href=href>{i.trf("urgent.call", &[("phone", &p)])}</a></p> }
                    })}
                    {team.address.clone().map(|a| view! { <p>{a}</p> })}
                    {team.email.clone().map(|e| { let href = format!("mailto:{e}"); view! { <p><a href=href>{e}</a></p> } })}
                    {(!walk_in.is_empty()).then(|| view! {
                        <ul class="walk-in">{walk_in.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    })}
                    {(show_urgent_route).then(|| team.urgent_route.clone().map(|r| view! { <p class="urgent-route">{i.local(&r)}</p> }))}
                </div>
            })
        }}
    }.into_any()
}
