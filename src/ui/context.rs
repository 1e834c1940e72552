//! What every page may use from the app around it: the router, links inside the app and the
//! municipality config. Imports no page, so pages never import the app root (`app.rs`).

use crate::config::Config;
use crate::route::Route;
use crate::web::page;
use leptos::prelude::*;
use std::sync::Arc;

pub const CONFIG_URL: &str = "/config/gemeente.json";

/// Navigation without reloads: links call this, and the back button works through popstate.
#[derive(Clone, Copy)]
pub struct Router {
    pub route: RwSignal<Route>,
}

impl Router {
    pub fn go(&self, route: Route) {
        page::push(&route.href());
        self.route.set(route);
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// A link inside the app: a real `href` (open in a new tab, copy), followed without a reload.
pub fn app_link(route: Route, text: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let router = use_router();
    let href = route.href();
    view! { <a href=href on:click=move |ev| { ev.prevent_default(); router.go(route.clone()); }>{text}</a> }
}

pub fn use_config() -> Arc<Config> {
    expect_context::<Arc<Config>>()
}
