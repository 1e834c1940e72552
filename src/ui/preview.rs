//! `/voorbeeld`: content authors pick a questionnaire file (or pass `?q=<same-origin URL>`) and
//! see it as a resident would, or the engine's list of problems. Nothing is saved.

use super::form_view::{focus_page_heading, focus_soon, FormView};
use super::i18n::use_i18n;
use super::questionnaire_page::{DownloadButton, LoadErrors};
use crate::engine::{parse_questionnaire, Form, LoadIssue, Questionnaire};
use crate::web::fetch;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[derive(Clone)]
enum PreviewState {
    Empty,
    Failed(String),
    Refused,
    Broken(Vec<LoadIssue>),
    Ready(Arc<Questionnaire>, String),
}

fn load(text: &str, name: String) -> PreviewState {
    match parse_questionnaire(text) {
        Ok(q) => PreviewState::Ready(Arc::new(q), name),
        Err(issues) => PreviewState::Broken(issues),
    }
}

#[component]
pub fn Preview(q: Option<String>) -> impl IntoView {
    let i = use_i18n();
    let state = RwSignal::new(PreviewState::Empty);
    if let Some(url) = q {
        if let Some(url) = fetch::own_address(&url) {
            leptos::task::spawn_local(async move {
                state.set(match crate::web::early::questionnaire(&url).await {
                    Ok(Ok(q)) => PreviewState::Ready(Arc::new(q), url.clone()),
                    Ok(Err(issues)) => PreviewState::Broken(issues),
                    Err(e) => PreviewState::Failed(e.to_string()),
                });
            });
        } else {
            state.set(PreviewState::Refused);
        }
    }
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let name = file.name();
            state.set(match fetch::read_file(&file).await {
                Ok(text) => load(&text, name),
                Err(e) => PreviewState::Failed(e.to_string()),
            });
        });
    };
    view! {
        <section class="preview">
            <h1>{i.text("preview.title")}</h1>
            <p>{i.text("preview.intro")}</p>
            <p class="file-pick">
                <label for="voorbeeld-bestand">{i.text("preview.pick")}</label>
                <input id="voorbeeld-bestand" type="file" accept=".json,application/json,application/fhir+json" on:change=on_file/>
            </p>
        </section>
        {move || match state.get() {
            PreviewState::Empty => ().into_any(),
            PreviewState::Failed(detail) => view! {
                <p class="notice" role="alert">{i.trf("load.fetch_failed", &[("detail", &detail)])}</p>
            }.into_any(),
            PreviewState::Refused => view! { <p class="notice" role="alert">{i.tr("preview.url_refused")}</p> }.into_any(),
            PreviewState::Broken(issues) => view! { <LoadErrors issues=issues nested=true/> }.into_any(),
            PreviewState::Ready(def, name) => view! { <PreviewForm def=def name=name/> }.into_any(),
        }}
    }
}

#[component]
fn PreviewForm(def: Arc<Questionnaire>, name: String) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new_local(Form::new(def.clone()));
    let page = RwSignal::new(0usize);
    let done = RwSignal::new(false);
    let on_finish = Callback::new(move |_| {
        done.set(true);
        focus_soon(".done h2");
    });
    let def2 = def.clone();
    view! {
        <p class="loaded">{move || i.trf("preview.loaded", &[("name", &name)])}</p>
        {move || if done.get() {
            let d = def2.clone();
            view! {
                <section class="done">
                    <h2>{i.tr("done.title")}</h2>
                    <DownloadButton def=d form=form/>
                    <p><button type="button" class="secondary" on:click=move |_| { done.set(false); focus_page_heading(); }>{i.tr("done.edit")}</button></p>
                </section>
            }.into_any()
        } else {
            view! { <FormView def=def.clone() form=form page=page on_finish=on_finish nested=true/> }.into_any()
        }}
    }
}
