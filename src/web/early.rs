//! Work that needs nothing stored starts before storage is open. On a first visit IndexedDB
//! takes 200 to 350 ms (4× CPU) to create its database: the config and the page's questionnaire
//! are fetched and read meanwhile, instead of after it. Each early result is taken once, by the
//! screen that asks for that address; a screen that finds none (a later visit) loads its own.

use super::fetch::{fetch_text, own_address, FetchError};
use crate::config::{Config, ConfigIssue};
use crate::engine::{parse_questionnaire, LoadIssue, Questionnaire};
use crate::route::Route;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::thread::LocalKey;

/// The config: not fetched, or read (valid, or with its problems).
pub type ConfigLoad = Result<Result<Config, Vec<ConfigIssue>>, FetchError>;
/// A questionnaire: not fetched, or read (usable, or with its problems).
pub type QuestionnaireLoad = Result<Result<Questionnaire, Vec<LoadIssue>>, FetchError>;

pub async fn load_config(url: &str) -> ConfigLoad {
    Ok(Config::parse(&fetch_text(url).await?))
}

pub async fn load_questionnaire(url: &str) -> QuestionnaireLoad {
    Ok(parse_questionnaire(&fetch_text(url).await?))
}

/// A result on its way, for one taker.
struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

type Shared<T> = Rc<RefCell<Slot<T>>>;

type Early<T> = RefCell<Option<(String, Shared<T>)>>;

thread_local! {
    static CONFIG: Early<ConfigLoad> = const { RefCell::new(None) };
    static QUESTIONNAIRE: Early<QuestionnaireLoad> = const { RefCell::new(None) };
}

/// Starts reading the config at `config_url`, and the questionnaire the page at `route` reads
/// (a questionnaire page's file, or the preview's `?q=` address after the same checks the preview
/// makes).
pub fn start(route: &Route, config_url: &str) {
    begin(&CONFIG, config_url.to_string(), |url| async move { load_config(&url).await });
    let questionnaire = match route {
        Route::Questionnaire(id) => Some(id.url()),
        Route::Preview { q: Some(q) } => own_address(q),
        _ => None,
    };
    if let Some(url) = questionnaire {
        begin(&QUESTIONNAIRE, url, |url| async move { load_questionnaire(&url).await });
    }
}

fn begin<T: 'static, F: Future<Output = T> + 'static>(
    early: &'static LocalKey<Early<T>>,
    url: String,
    work: impl FnOnce(String) -> F,
) {
    let slot = spawn(work(url.clone()));
    early.with(|e| *e.borrow_mut() = Some((url, slot)));
}

/// The config at `url`: the one started early, or read now.
pub async fn config(url: &str) -> ConfigLoad {
    match take(&CONFIG, url) {
        Some(early) => Take(early).await,
        None => load_config(url).await,
    }
}

/// The questionnaire at `url`: the one started early, or read now.
pub async fn questionnaire(url: &str) -> QuestionnaireLoad {
    match take(&QUESTIONNAIRE, url) {
        Some(early) => Take(early).await,
        None => load_questionnaire(url).await,
    }
}

fn take<T: 'static>(early: &'static LocalKey<Early<T>>, url: &str) -> Option<Shared<T>> {
    early.with(|e| e.borrow_mut().take_if(|(u, _)| u == url)).map(|(_, s)| s)
}

fn spawn<T: 'static>(work: impl Future<Output = T> + 'static) -> Shared<T> {
    let slot = Rc::new(RefCell::new(Slot { value: None, waker: None }));
    let filled = slot.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let value = work.await;
        let waker = {
            let mut s = filled.borrow_mut();
            s.value = Some(value);
            s.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    });
    slot
}

/// Waits for a slot's value and takes it.
struct Take<T>(Shared<T>);

impl<T> Future for Take<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut s = self.0.borrow_mut();
        match s.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
