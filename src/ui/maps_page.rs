//! "Mappen": one map per person on a shared device (an OCO with several clients, a family
//! computer), each under a short name; switching is explicit. A map can be locked with a PIN,
//! and locks itself when nobody uses it. The work is done in `web::maps` and `web::storage`.

use super::confirm::ConfirmButton;
use super::context::app_link;
use super::i18n::{use_i18n, I18n};
use super::pin_fields::{is_pin_problem, NewPinFields};
use super::reveal::{focus_field_soon, reveal_soon, LiveMessage, Reveal};
use crate::dossier::FIRST_ID;
use crate::route::Route;
use crate::web::maps::{self, MapError, MapInfo};
use crate::web::{page, storage};
use leptos::prelude::*;
use std::cell::Cell;

/// Bumped after a map is opened, locked or changed, so everything that shows the map reads
/// storage again.
#[derive(Clone, Copy)]
pub struct MapsChanged(pub RwSignal<u32>);

impl MapsChanged {
    pub fn bump(&self) {
        self.0.update(|v| *v += 1);
    }
}

pub fn use_maps_changed() -> MapsChanged {
    expect_context::<MapsChanged>()
}

pub fn map_name(i: I18n, id: &str, name: Option<String>) -> String {
    name.unwrap_or_else(|| i.tr(if id == FIRST_ID { "maps.first" } else { "maps.nameless" }))
}

/// The open map's name, as a text that follows the chosen language.
fn open_map_name(i: I18n, id: &str) -> impl Fn() -> String + Clone + 'static {
    let (id, stored) = (id.to_string(), maps::active_name());
    move || map_name(i, &id, stored.clone())
}

/// After switching or locking, the page loads fresh: nothing of the other map (answers on a
/// screen, a list in memory) stays in this tab.
fn reload_home() {
    page::replace_location("/");
}

/// Under the header, when there is more than one map or the map has a PIN: which map is open,
/// "Op slot doen", and the way to the other maps.
#[component]
pub fn MapBar() -> impl IntoView {
    let i = use_i18n();
    let changed = use_maps_changed();
    move || {
        changed.0.track();
        let active = storage::active();
        let maps = maps::list().unwrap_or_default();
        if maps.len() < 2 && !active.has_pin {
            return None;
        }
        let name = map_name(i, &active.id, maps.iter().find(|m| m.active).and_then(|m| m.name.clone()));
        Some(view! {
            <nav class="map-bar" aria-label=i.tr("maps.bar_label")>
                <span>{i.trf("maps.current", &[("name", &name)])}</span>
                {(active.has_pin && active.open).then(|| view! {
                    <button type="button" class="secondary small" on:click=move |_| { storage::lock(); reload_home(); }>
                        {i.tr("lock.lock_now")}
                    </button>
                })}
                {app_link(Route::Maps, i.text("maps.other"))}
            </nav>
        })
    }
}

/// The way to "Mappen" from the pages where someone who helps more people looks for it.
#[component]
pub fn MapsLink() -> impl IntoView {
    let i = use_i18n();
    view! { <p class="maps-link">{app_link(Route::Maps, i.text("maps.link"))}</p> }
}

/// Locks an open map after `seconds` without a tap or key press (also when the tab was in the
/// background: the time is checked against the clock, not counted by a timer that may sleep).
pub fn start_auto_lock(seconds: u32) {
    thread_local! { static LAST_USE: Cell<f64> = Cell::new(js_sys::Date::now()); }
    fn touch() {
        LAST_USE.with(|t| t.set(js_sys::Date::now()));
    }
    // Kept for the page's lifetime: the app shell never unmounts.
    std::mem::forget(window_event_listener(leptos::ev::pointerdown, |_| touch()));
    std::mem::forget(window_event_listener(leptos::ev::keydown, |_| touch()));
    std::mem::forget(window_event_listener(leptos::ev::input, |_| touch()));
    // Reading a long page is use too.
    std::mem::forget(window_event_listener(leptos::ev::scroll, |_| touch()));
    let check = move || {
        let active = storage::active();
        let idle = js_sys::Date::now() - LAST_USE.with(Cell::get);
        if active.has_pin && active.open && idle > f64::from(seconds) * 1000.0 {
            storage::lock();
            page::replace_location("/?op-slot=vanzelf");
        }
    };
    let _ = set_interval_with_handle(check, std::time::Duration::from_secs(1));
}

#[component]
pub fn MapsPage() -> impl IntoView {
    let i = use_i18n();
    let changed = use_maps_changed();
    // Each message sits next to what it is about (they live here: the parts below are built
    // again after a change, and the message must stay).
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let create_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let map_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let pin_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let new_name = RwSignal::new(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match maps::create(&new_name.get_untracked()) {
            Ok(()) => reload_home(),
            Err(e) => {
                create_msg.set(Some(i.tr(e.message_key())));
                focus_field_soon("#map-naam", "#map-nieuw-bericht");
            }
        }
    };
    view! {
        <section class="maps-page">
            <h1>{i.text("maps.title")}</h1>
            <p>{i.text("maps.intro")}</p>
            {move || {
                changed.0.track();
                // The entries' texts are made once per entry: build them again in a new language.
                i.lang.track();
                match maps::list() {
                    Err(e) => view! { <p class="notice" role="alert">{i.tr(e.message_key())}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="lists">
                            {list.into_iter().map(|m| view! { <MapEntry map=m message=message/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            }}
            <LiveMessage id="mappen-bericht" message=message alert=true/>
            <h2>{i.text("maps.new_title")}</h2>
            <form class="map-form" on:submit=create>
                <label for="map-naam">{i.text("maps.name_label")}</label>
                <p class="hint" id="map-naam-uitleg">{i.text("maps.name_hint")}</p>
                <input id="map-naam" type="text" maxlength="60" autocomplete="off" aria-describedby="map-naam-uitleg map-nieuw-bericht"
                    aria-invalid=move || create_msg.with(Option::is_some).to_string()
                    prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                <LiveMessage id="map-nieuw-bericht" message=create_msg alert=true/>
                <p><button type="submit" class="primary">{i.text("maps.create")}</button></p>
            </form>
            {move || {
                changed.0.track();
                if storage::active().open {
                    view! { <ActiveMap message=map_msg pin_msg=pin_msg/> }.into_any()
                } else {
                    // Locked: its settings wait until it is opened with the PIN.
                    view! {
                        <p>{i.tr("lock.locked")} " "
                            {app_link(Route::Home, i.text("lock.open"))}
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn MapEntry(map: MapInfo, message: RwSignal<Option<String>>) -> impl IntoView {
    let i = use_i18n();
    let name = map_name(i, &map.id, map.name.clone());
    let id = map.id.clone();
    let switch = move |_| match maps::switch(&id) {
        Ok(()) => reload_home(),
        Err(e) => message.set(Some(i.tr(e.message_key()))),
    };
    let state = match (map.active, map.has_pin) {
        (true, true) => i.tr("maps.active_pin"),
        (true, false) => i.tr("maps.active"),
        (false, true) => i.tr("maps.has_pin"),
        (false, false) => String::new(),
    };
    let label = i.trf("maps.switch_label", &[("name", &name)]);
    view! {
        <li class="list-entry" aria-current=map.active.then_some("true")>
            <p><strong>{name}</strong>{(!state.is_empty()).then(|| view! { <br/>{state} })}</p>
            {(!map.active).then(|| view! {
                <p class="entry-actions">
                    <button type="button" class="secondary small" aria-label=label on:click=switch>{i.tr("maps.switch")}</button>
                </p>
            })}
        </li>
    }
}

/// What can be done with the open map: its name, the PIN, removing it.
#[component]
fn ActiveMap(message: RwSignal<Option<String>>, pin_msg: RwSignal<Option<String>>) -> impl IntoView {
    let i = use_i18n();
    let changed = use_maps_changed();
    let active = storage::active();
    let name = open_map_name(i, &active.id);
    let rename_to = RwSignal::new(String::new());
    let id = active.id.clone();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match maps::rename(&id, &rename_to.get_untracked()) {
            Ok(()) => {
                message.set(Some(i.tr("maps.renamed")));
                changed.bump();
                reveal_soon("#map-naam-bericht", Reveal::Focus);
            }
            Err(e) => {
                message.set(Some(i.tr(e.message_key())));
                focus_field_soon("#map-nieuwe-naam", "#map-naam-bericht");
            }
        }
    };
    let id_del = active.id.clone();
    let delete_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let delete = Callback::new(move |()| match maps::delete(&id_del) {
        Ok(()) => reload_home(),
        Err(e) => delete_msg.set(Some(i.tr(e.message_key()))),
    });
    view! {
        <h2>{move || i.trf("maps.this_title", &[("name", &name())])}</h2>
        <form class="map-form" on:submit=rename>
            <label for="map-nieuwe-naam">{i.text("maps.rename_label")}</label>
            <input id="map-nieuwe-naam" type="text" maxlength="60" autocomplete="off" aria-describedby="map-naam-bericht"
                prop:value=move || rename_to.get() on:input=move |ev| rename_to.set(event_target_value(&ev))/>
            <LiveMessage id="map-naam-bericht" message=message/>
            <p><button type="submit" class="secondary">{i.text("maps.rename_save")}</button></p>
        </form>
        {if active.has_pin { view! { <PinOn message=pin_msg/> }.into_any() } else { view! { <PinOff message=pin_msg/> }.into_any() }}
        <h3>{i.text("maps.handover_title")}</h3>
        <p>{i.text("maps.handover")} " "
            {app_link(Route::MyLists, i.text("lists.title"))}
        </p>
        <h3>{i.text("maps.delete_title")}</h3>
        <ConfirmButton id="map-wis-zeker" ask="maps.delete" sure="maps.delete_sure" yes="maps.delete_yes" on_yes=delete/>
        <LiveMessage id="map-wis-bericht" message=delete_msg alert=true/>
    }
}

/// Says how a change to the PIN went, in the message under the PIN part (`#pin-bericht`).
/// After a success everything showing the map reads it again, and the message gets focus (the
/// button that was pressed is gone). `Err` gives the message key of the problem.
fn report(
    i: I18n,
    message: RwSignal<Option<String>>,
    changed: MapsChanged,
    result: Result<(), MapError>,
    done: &'static str,
) -> Result<(), &'static str> {
    match result {
        Ok(()) => {
            message.set(Some(i.tr(done)));
            changed.bump();
            reveal_soon("#pin-bericht", Reveal::Focus);
            Ok(())
        }
        Err(e) => {
            message.set(Some(i.tr(e.message_key())));
            Err(e.message_key())
        }
    }
}

/// No PIN yet: the warning first, then the PIN twice.
#[component]
fn PinOff(message: RwSignal<Option<String>>) -> impl IntoView {
    let i = use_i18n();
    let changed = use_maps_changed();
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let invalid = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = maps::set_pin(&pin.get_untracked(), &again.get_untracked()).await;
            busy.set(false);
            match report(i, message, changed, result, "lock.set_done") {
                Ok(()) => {
                    pin.set(String::new());
                    again.set(String::new());
                }
                // What was typed stays: the person corrects it where the message says.
                Err(key) => {
                    invalid.set(is_pin_problem(key));
                    let field = if key == "lock.pin_different" { "#pin-nog-eens" } else { "#pin-nieuw" };
                    focus_field_soon(field, "#pin-bericht");
                }
            }
        });
    };
    view! {
        <h3>{i.text("lock.title_set")}</h3>
        <p>{i.text("lock.intro")}</p>
        <p class="notice" id="pin-waarschuwing"><strong>{i.text("lock.warning")}</strong></p>
        <form class="map-form" on:submit=submit>
            <NewPinFields id="pin" described_by="pin-waarschuwing" message_id="pin-bericht" pin=pin again=again invalid=invalid/>
            <LiveMessage id="pin-bericht" message=message alert=true/>
            <p><button type="submit" class="primary" aria-disabled=move || busy.get().to_string()>
                {move || i.tr(if busy.get() { "lock.busy" } else { "lock.set" })}
            </button></p>
        </form>
    }
}

#[component]
fn PinOn(message: RwSignal<Option<String>>) -> impl IntoView {
    let i = use_i18n();
    let changed = use_maps_changed();
    let remove = move |_| {
        let _ = report(i, message, changed, maps::remove_pin(), "lock.removed");
    };
    view! {
        <h3>{i.text("lock.title_set")}</h3>
        <p>{i.text("lock.is_set")}</p>
        <p class="entry-actions">
            <button type="button" class="primary" on:click=move |_| { storage::lock(); reload_home(); }>{i.text("lock.lock_now")}</button>
            <button type="button" class="secondary" on:click=remove>{i.text("lock.remove")}</button>
        </p>
        <LiveMessage id="pin-bericht" message=message/>
    }
}

/// Shown instead of any page with answers while the open map is locked.
#[component]
pub fn UnlockPage() -> impl IntoView {
    let i = use_i18n();
    let changed = use_maps_changed();
    let active = storage::active();
    let name = open_map_name(i, &active.id);
    let auto_locked = page::location().1.contains("op-slot=vanzelf");
    let pin = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    // Wrong PINs in a row: each makes the next try wait longer (see vault::wait_after_wrong_pins).
    let wrong = StoredValue::new(0u32);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = maps::unlock(&pin.get_untracked()).await;
            pin.set(String::new());
            match result {
                Ok(()) => {
                    busy.set(false);
                    changed.bump();
                }
                Err(e) => {
                    problem.set(Some(i.tr(e.message_key())));
                    wrong.update_value(|n| *n += 1);
                    let wait = crate::vault::wait_after_wrong_pins(wrong.get_value());
                    page::sleep(wait as i32 * 1000).await;
                    busy.set(false);
                }
            }
        });
    };
    let id = active.id.clone();
    let delete = Callback::new(move |()| match maps::delete(&id) {
        Ok(()) => reload_home(),
        Err(e) => problem.set(Some(i.tr(e.message_key()))),
    });
    page::set_title(&format!("{} – Wijkpeil", i.tr("lock.closed_heading")));
    view! {
        <section class="unlock-page">
            <h1>{move || i.trf("lock.closed_title", &[("name", &name())])}</h1>
            {auto_locked.then(|| view! { <p class="notice" role="status">{i.text("lock.auto_locked")}</p> })}
            <p>{app_link(Route::Urgent, i.text("home.urgent"))}</p>
            <form class="map-form" on:submit=submit>
                <label for="pin-open">{i.text("lock.pin_open_label")}</label>
                <input id="pin-open" type="password" inputmode="numeric" autocomplete="off" maxlength="24"
                    aria-describedby="pin-probleem"
                    prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                <p id="pin-probleem" class="problem" role="alert">{move || problem.get()}</p>
                <p><button type="submit" class="primary" aria-disabled=move || busy.get().to_string()>
                    {move || i.tr(if busy.get() { "lock.busy" } else { "lock.open" })}
                </button></p>
            </form>
            <p>{app_link(Route::Maps, i.text("lock.other_map"))}</p>
            <details class="forgot">
                <summary>{i.text("lock.forgot_title")}</summary>
                <p>{i.text("lock.forgot_text")}</p>
                <ConfirmButton id="slot-wis-zeker" ask="maps.delete" sure="maps.delete_sure" yes="maps.delete_yes" on_yes=delete/>
            </details>
        </section>
    }
}
