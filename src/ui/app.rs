//! The app shell: loads the municipality config, holds the route and the language, and shows
//! the page for the current address.

use super::context::{app_link, use_router, Router, CONFIG_URL};
use super::home::Home;
use super::i18n::{use_i18n, I18n};
use super::language_switch::LanguageSwitch;
use super::maps_page::{start_auto_lock, MapBar, MapsChanged};
use super::parts;
use super::questionnaire_page::QuestionnairePage;
use super::urgent::UrgentPage;
use crate::config::Config;
use crate::i18n::config_issue;
use crate::outbox::Outbox;
use crate::route::Route;
use crate::web::{early, page};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone)]
enum ConfigState {
    Loading,
    Ready(Arc<Config>),
    FetchFailed(String),
    Invalid(Vec<crate::config::ConfigIssue>),
}

#[component]
pub fn App() -> impl IntoView {
    let i = I18n::detect();
    provide_context(i);
    let (path, query) = page::location();
    let router = Router { route: RwSignal::new(Route::parse(&path, &query)) };
    provide_context(router);
    let on_popstate = window_event_listener(leptos::ev::popstate, move |_| {
        let (path, query) = page::location();
        router.route.set(Route::parse(&path, &query));
    });
    on_cleanup(move || on_popstate.remove());

    super::save_status::provide_save_state();
    let maps_changed = MapsChanged(RwSignal::new(0));
    provide_context(maps_changed);
    // Another tab set or removed this map's PIN, or deleted the map: load fresh, so nothing of
    // it stays on this screen or is written back (see storage::must_reload).
    let on_change = crate::web::durable::on_change(move |_| {
        if crate::web::storage::must_reload() {
            page::reload();
        }
    });
    // Back to this page from the browser's back-forward cache: storage may have changed
    // without any `storage` event reaching the frozen page.
    let on_pageshow = window_event_listener(leptos::ev::pageshow, move |ev| {
        if ev.persisted() {
            page::reload();
        }
    });
    on_cleanup(move || {
        crate::web::durable::unsubscribe(on_change);
        on_pageshow.remove();
    });
    let config = RwSignal::new(ConfigState::Loading);
    // The outbox, shared by the background sender and the "Versturen" page.
    let outbox_sig = RwSignal::new(Outbox::default());
    provide_context(outbox_sig);
    // The background work (sender, auto-lock) starts once, when the config is there.
    let sender_started = StoredValue::new(false);
    leptos::task::spawn_local(async move {
        let state = match early::config(CONFIG_URL).await {
            Err(e) => ConfigState::FetchFailed(e.to_string()),
            Ok(Ok(c)) => {
                i.offer(c.languages.as_deref());
                ConfigState::Ready(Arc::new(c))
            }
            Ok(Err(issues)) => ConfigState::Invalid(issues),
        };
        config.set(state);
    });

    view! {
        <a class="skip-link" href="#inhoud">{i.text("app.skip_to_content")}</a>
        <header class="site-header">
            <a class="brand" href="/" on:click=move |ev| { ev.prevent_default(); router.go(Route::Home); }>
                {i.text("app.name")}
            </a>
            <LanguageSwitch/>
            <QuickExit config=config/>
            // Urgent help on every screen without scrolling (works before the config has loaded).
            <a class="urgent-link" href="/spoed" on:click=move |ev| { ev.prevent_default(); router.go(Route::Urgent); }>
                {i.text("app.urgent_link")}
            </a>
        </header>
        <main id="inhoud" tabindex="-1">
            <super::save_status::DurabilityWarning/>
            {move || match config.get() {
                ConfigState::Loading => view! { <p role="status">{i.tr("app.loading")}</p> }.into_any(),
                ConfigState::FetchFailed(detail) => view! {
                    <section class="error-page" role="alert">
                        <h1>{i.tr("config.error_title")}</h1>
                        <p>{i.trf("config.fetch_failed", &[("detail", &detail)])}</p>
                    </section>
                }.into_any(),
                ConfigState::Invalid(issues) => view! {
                    <section class="error-page" role="alert">
                        <h1>{i.tr("config.error_title")}</h1>
                        <p>{i.tr("config.error_intro")}</p>
                        <ul class="problems">
                            {issues.iter().map(|x| view! { <li>{config_issue(i.code(), x)}</li> }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                ConfigState::Ready(c) => {
                    if !sender_started.get_value() {
                        sender_started.set_value(true);
                        start_auto_lock(c.auto_lock_seconds);
                        if let Some(endpoint) = c.submission_endpoint.clone() {
                            // Records wait to be sent only after the person chose to send them
                            // (on the send page, whose part then starts the sender itself).
                            if crate::web::outbox::load().next_try().is_some() {
                                leptos::task::spawn_local(async move {
                                    if let Ok(start_sender) = parts::sender().await {
                                        start_sender(endpoint, outbox_sig);
                                    }
                                });
                            }
                        }
                    }
                    provide_context(c);
                    view! { <MapBar/> <Pages/> }.into_any()
                }
            }}
        </main>
        <footer class="site-footer">
            <p>{i.text("app.privacy_note")}</p>
        </footer>
    }
}

#[component]
fn Pages() -> impl IntoView {
    let router = use_router();
    let i = use_i18n();
    let maps_changed = super::maps_page::use_maps_changed();
    // A memo, so a change that leaves the page usable (a new name, a map handed over) does not
    // build the page again and lose its message. Opening another map reloads the page anyway.
    let locked = Memo::new(move |_| {
        maps_changed.0.track();
        let active = crate::web::storage::active();
        active.has_pin && !active.open
    });
    move || {
        let route = router.route.get();
        if locked.get() && route.needs_open_map() {
            return parts::lazy(parts::unlock_page, move |page| page(Route::Maps)).into_any();
        }
        if let Some(load) = parts::page_load(&route) {
            return parts::lazy(load, move |page| page(route.clone())).into_any();
        }
        match route {
            Route::Questionnaire(id) => view! { <QuestionnairePage id=id/> }.into_any(),
            Route::Urgent => view! { <UrgentPage/> }.into_any(),
            Route::NotFound(_) => view! {
                <section>
                    <h1>{i.text("notfound.title")}</h1>
                    <p>{i.text("notfound.text")}</p>
                    <p>{app_link(Route::Home, i.text("done.home"))}</p>
                </section>
            }
            .into_any(),
            // Home (the routes with a part are handled above).
            _ => view! { <Home/> }.into_any(),
        }
    }
}

/// "Snel weg": always visible, one tap. Works before the config has loaded (then `about:blank`).
#[component]
fn QuickExit(config: RwSignal<ConfigState>) -> impl IntoView {
    let i = use_i18n();
    let exit = move |_| {
        let url = config.with_untracked(|c| match c {
            ConfigState::Ready(c) => c.quick_exit_url.clone(),
            _ => None,
        });
        page::quick_exit(url.as_deref().unwrap_or("about:blank"));
    };
    view! {
        <button type="button" class="quick-exit" on:click=exit aria-label=i.text("app.quick_exit_label")>
            {i.text("app.quick_exit")}
        </button>
    }
}
