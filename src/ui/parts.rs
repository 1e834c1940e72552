//! Screens whose code is downloaded when they are first visited, not on the first visit.
//!
//! The release build (`scripts/release.sh`, `--cfg wijkpeil_split`) splits the wasm file at the
//! functions declared with [`in_part!`]: the code that only such a function reaches moves into
//! its own file, fetched and compiled the first time the function is called (code shared by
//! several parts gets a file of its own). Everything else (home, the fit check, `/spoed`, the
//! questionnaire renderer) stays in the first file. Without the cfg (`trunk serve`, the tests)
//! the same functions are ordinary ones in one wasm file, so development needs no extra tool.
//!
//! A part that cannot be fetched (offline before it was kept, a new version on the server) is an
//! `Err`, shown by [`lazy`] as a message with "Probeer opnieuw" where the screen would be: a
//! failed load is never cached, the answers stay where they are, and the header's urgent link
//! lives in the first file.

use super::i18n::use_i18n;
use crate::engine::{Form, Questionnaire};
use crate::outbox::Outbox;
use crate::route::Route;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A part of the app could not be fetched or started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartError;

impl From<leptos::wasm_split::SplitLoaderError> for PartError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartError
    }
}

/// Declares `async fn $name() -> Result<$ret, PartError>` whose body lives in the part `$part`
/// (split build) or in the one wasm file (other builds).
macro_rules! in_part {
    ($part:ident, $vis:vis fn $name:ident() -> $ret:ty $body:block) => {
        #[cfg(wijkpeil_split)]
        #[::leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name() -> ::core::result::Result<$ret, $crate::ui::parts::PartError> {
            Ok($body)
        }
        #[cfg(not(wijkpeil_split))]
        $vis async fn $name() -> ::core::result::Result<$ret, $crate::ui::parts::PartError> {
            Ok($body)
        }
    };
}

/// A page in a part: shown by the router once its part is there.
pub type Page = fn(Route) -> AnyView;

/// Starts fetching a page's part (one type for every page, so the router can pick one).
pub type PageLoad = fn() -> Pin<Box<dyn Future<Output = Result<Page, PartError>>>>;

/// What a questionnaire's result page gets from the questionnaire page around it.
#[derive(Clone)]
pub struct Outcome {
    pub def: Arc<Questionnaire>,
    pub form: RwSignal<Form, LocalStorage>,
    /// "Opnieuw beginnen": a new, empty list (the finished one stays on this device).
    pub start_again: Callback<()>,
}

/// A questionnaire's result page in a part.
pub type OutcomeView = fn(Outcome) -> AnyView;

/// Starts fetching a result page's part.
pub type OutcomeLoad = fn() -> Pin<Box<dyn Future<Output = Result<OutcomeView, PartError>>>>;

// The parts, by the screens that need them. Functions with the same part name share one file.
in_part!(
    fit_outcome,
    pub fn fit_outcome() -> OutcomeView {
        |o| view! { <super::fit_outcome::FitOutcome def=o.def form=o.form/> }.into_any()
    }
);
in_part!(
    self_check,
    pub fn self_check_result() -> OutcomeView {
        |o| view! { <super::self_result::SelfCheckResult def=o.def form=o.form/> }.into_any()
    }
);
in_part!(
    follow_up,
    pub fn follow_up_planned() -> OutcomeView {
        |o| view! { <super::follow_up_view::FollowUpPlanned def=o.def form=o.form/> }.into_any()
    }
);
in_part!(
    follow_up,
    pub fn follow_up_result() -> OutcomeView {
        |o| view! { <super::follow_up_view::FollowUpResult def=o.def form=o.form add_view=o.start_again/> }.into_any()
    }
);
in_part!(
    read_aloud,
    pub fn read_aloud() -> super::read_aloud::ReaderApi {
        super::reader::api()
    }
);
in_part!(
    maps,
    pub fn maps_page() -> Page {
        |_| view! { <super::maps_page::MapsPage/> }.into_any()
    }
);
in_part!(
    maps,
    pub fn unlock_page() -> Page {
        |_| view! { <super::maps_page::UnlockPage/> }.into_any()
    }
);
in_part!(
    lists,
    pub fn my_lists() -> Page {
        |_| view! { <super::my_lists::MyLists/> }.into_any()
    }
);
in_part!(
    answers,
    pub fn answers_page() -> Page {
        |_| view! { <super::answers_page::AnswersPage/> }.into_any()
    }
);
in_part!(
    send,
    pub fn send_page() -> Page {
        |_| view! { <super::send_page::SendPage outbox_sig={expect_context::<RwSignal<Outbox>>()}/> }.into_any()
    }
);
in_part!(
    send,
    pub fn sender() -> fn(String, RwSignal<Outbox>) {
        super::send_page::start_sender
    }
);
in_part!(
    desk,
    pub fn desk_page() -> Page {
        |_| view! { <super::desk_page::DeskPage outbox_sig={expect_context::<RwSignal<Outbox>>()}/> }.into_any()
    }
);
in_part!(
    register,
    pub fn register_page() -> Page {
        |_| view! { <super::register_page::RegisterPage/> }.into_any()
    }
);
in_part!(
    preview,
    pub fn preview_page() -> Page {
        |route| match route {
            Route::Preview { q } => view! { <super::preview::Preview q=q/> }.into_any(),
            _ => ().into_any(),
        }
    }
);

/// The part of the page at `route`; `None` for pages in the first file.
pub fn page_load(route: &Route) -> Option<PageLoad> {
    Some(match route {
        Route::Maps => || Box::pin(maps_page()),
        Route::MyLists => || Box::pin(my_lists()),
        Route::Send => || Box::pin(send_page()),
        Route::Register => || Box::pin(register_page()),
        Route::Answers => || Box::pin(answers_page()),
        Route::Desk => || Box::pin(desk_page()),
        Route::Preview { .. } => || Box::pin(preview_page()),
        Route::Home | Route::Questionnaire(_) | Route::Urgent | Route::NotFound(_) => return None,
    })
}

/// Starts fetching the part of the page at `route` at once (while storage opens), so the page
/// finds it there or on its way. A failed fetch is not kept: the page tries again and says so.
pub fn prefetch(route: &Route) {
    if let Some(load) = page_load(route) {
        // Not leptos' spawn_local: this runs before the app (and its executor) is mounted.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = load().await;
        });
    }
}

/// Loads a part (`load`) and shows what `show` makes of it. While it loads: "Laden…". When it
/// cannot be fetched: a message in the page's place, with a button that tries again.
pub fn lazy<T, Load, Fut, Show>(load: Load, show: Show) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Load: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, PartError>> + 'static,
    Show: Fn(T) -> AnyView + Send + Sync + 'static,
{
    let i = use_i18n();
    let state: RwSignal<Option<Result<T, PartError>>> = RwSignal::new(None);
    let start = move || {
        state.set(None);
        leptos::task::spawn_local(async move {
            let loaded = load().await;
            // The person may have gone elsewhere meanwhile: then nobody shows it.
            if state.try_set(Some(loaded)).is_none() {
                focus_heading_if_lost();
            }
        });
    };
    start();
    move || match state.get() {
        // Not a live message: a kept part arrives within a moment, and then focus moves to its
        // heading when the button that had it went away (see `focus_heading_if_lost`).
        None => view! { <p class="part-loading" aria-busy="true">{i.tr("app.loading")}</p> }.into_any(),
        Some(Ok(part)) => show(part),
        Some(Err(PartError)) => view! {
            <section class="error-page part-failed" role="alert">
                <h1 tabindex="-1">{i.tr("part.failed_title")}</h1>
                <p>{i.tr("part.failed_text")}</p>
                <p><button type="button" on:click=move |_| start()>{i.tr("part.try_again")}</button></p>
            </section>
        }
        .into_any(),
    }
}

/// When the button that had focus went away while the part loaded (e.g. "Klaar", replaced by the
/// result), focus goes to the new screen's heading, so a screen reader starts there; focus that
/// is still somewhere (a link in the header) is left alone.
fn focus_heading_if_lost() {
    request_animation_frame(|| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let lost = doc.active_element().is_none_or(|e| e.tag_name() == "BODY");
        if lost {
            super::form_view::focus_soon("main h1");
        }
    });
}
