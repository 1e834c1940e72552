//! A questionnaire from `public/questionnaires/`: fetched, checked, resumed from this device,
//! saved on every change, and finished with a download of the answers.

use super::answers_page::AnswersLink;
use super::fit_outcome::UrgentWhileFilling;
use super::form_view::{focus_page_heading, focus_soon, FormView};
use super::i18n::use_i18n;
use super::maps_page::MapsLink;
use super::parts;
use super::save_status::SaveStatus;
use crate::engine::{AnswerValue, Form, LoadIssue, Questionnaire, ResponseStatus};
use crate::i18n::load_issue;
use crate::route::QuestionnaireId;
use crate::storage_format::DraftStatus;
use crate::web::{download, drafts, durable, early, page};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone)]
enum Loaded {
    Loading,
    FetchFailed(String),
    Broken(Vec<LoadIssue>),
    Ready(Arc<Questionnaire>),
}

#[component]
pub fn QuestionnairePage(id: QuestionnaireId) -> impl IntoView {
    let i = use_i18n();
    let state = RwSignal::new(Loaded::Loading);
    leptos::task::spawn_local(async move {
        state.set(match early::questionnaire(&id.url()).await {
            Err(e) => Loaded::FetchFailed(e.to_string()),
            Ok(Ok(q)) => Loaded::Ready(Arc::new(q)),
            Ok(Err(issues)) => Loaded::Broken(issues),
        });
    });
    move || match state.get() {
        Loaded::Loading => view! { <p role="status">{i.tr("app.loading")}</p> }.into_any(),
        Loaded::FetchFailed(detail) => view! {
            <section class="error-page" role="alert">
                <h1>{i.tr("load.error_title")}</h1>
                <p>{i.trf("load.fetch_failed", &[("detail", &detail)])}</p>
            </section>
        }
        .into_any(),
        Loaded::Broken(issues) => view! { <LoadErrors issues=issues/> }.into_any(),
        Loaded::Ready(def) => {
            let def = if id == QuestionnaireId::FollowUpStart { with_handled_range(def) } else { def };
            view! { <SavedForm def=def id=id/> }.into_any()
        }
    }
}

/// The day a question was handled lies in the past year, the date on a decision letter in the
/// past two years: checked at the question itself (a day in the future, or in 1900, gets a
/// message there, not at the end).
fn with_handled_range(def: Arc<Questionnaire>) -> Arc<Questionnaire> {
    let (y, m, d) = page::today();
    let Some(today) = crate::civil_date::CivilDate::new(y, m, d) else { return def };
    let mut q = (*def).clone();
    for (link, days_back) in [("handled_date", 366), ("decision_date", 731)] {
        if let Some(id) = q.find(link) {
            q.items[id].min_value = Some(AnswerValue::Date(today.add_days(-days_back).iso()));
            q.items[id].max_value = Some(AnswerValue::Date(today.iso()));
        }
    }
    Arc::new(q)
}

/// The engine's list of problems with a questionnaire file, in the person's language.
#[component]
pub fn LoadErrors(
    issues: Vec<LoadIssue>,
    /// Inside a page with its own `h1` (the preview): the title is an `h2` then.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let i = use_i18n();
    let n = issues.len();
    let title = i.text("load.error_title");
    view! {
        <section class="error-page" role="alert">
            {if nested { view! { <h2>{title}</h2> }.into_any() } else { view! { <h1>{title}</h1> }.into_any() }}
            <p>{i.text("load.error_intro")} " " {move || if n == 1 { i.tr("preview.errors_one") } else { i.trf("preview.errors_count", &[("count", &n.to_string())]) }}</p>
            <ul class="problems">
                {issues.into_iter().map(|x| view! { <li>{move || load_issue(i.code(), &x)}</li> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn SavedForm(def: Arc<Questionnaire>, id: QuestionnaireId) -> impl IntoView {
    let i = use_i18n();
    let mut restored = drafts::restore(&def);
    if id == QuestionnaireId::FollowUp && !restored.finished {
        // "Wat is er met uw vraag gebeurd?" was answered when the follow-up was planned.
        if let Some(what) = super::follow_up_view::current_what() {
            crate::follow_up::prefill_outcome(&mut restored.form, what);
        }
    }
    if matches!(id, QuestionnaireId::SelfCheck | QuestionnaireId::FollowUp) {
        // An answer that signals danger gets the urgent contacts right beside it.
        provide_context(super::urgent::WatchDanger);
    }
    let form = RwSignal::new_local(restored.form);
    let page_sig = RwSignal::new(restored.page);
    let done = RwSignal::new(restored.finished);
    // A notice about the stored record stays; a failed save is replaced by the next result.
    let notice = restored.notice;
    let save_problem: RwSignal<Option<&'static str>> = RwSignal::new(notice);
    page::set_title(&format!("{} – Wijkpeil", def.title.get(i.lang.get_untracked().code)));

    // Save on every change of an answer, the screen, or the status.
    // The first run only subscribes: opening a list is not a change worth writing.
    // Answers that arrive from another tab are shown here and not written back (see below).
    let from_other_tab = StoredValue::new(false);
    Effect::new(move |first_run_done: Option<()>| {
        let status = if done.get() { DraftStatus::Completed } else { DraftStatus::InProgress };
        let p = page_sig.get();
        let skip = std::mem::take(&mut *from_other_tab.write_value());
        let result = form.with(|f| first_run_done.filter(|_| !skip).map(|_| drafts::save(f, status, p)));
        match result {
            Some(Err(e)) => save_problem.set(Some(e.message_key())),
            Some(Ok(())) => save_problem.set(notice),
            None => {}
        }
    });

    // Two tabs on the same questionnaire: when the other tab saves different answers, this tab
    // takes them over (on the screen it is on), so its next save cannot overwrite them.
    let def_sync = def.clone();
    let on_change = durable::on_change(move |changes| {
        if let Some(newer) = form.try_with_untracked(|f| drafts::changed_elsewhere(&def_sync, f, changes)).flatten() {
            from_other_tab.set_value(true);
            form.set(newer);
        }
    });
    on_cleanup(move || durable::unsubscribe(on_change));

    let on_finish = Callback::new(move |_| {
        done.set(true);
        page::scroll_to_top();
        focus_soon("main h1");
    });
    let def_again = def.clone();
    // A new, empty list; the finished one stays on this device (archived, see drafts::start_again).
    let start_again = Callback::new(move |()| match drafts::start_again(&def_again) {
        Ok(()) => {
            form.set(Form::new(def_again.clone()));
            page_sig.set(0);
            done.set(false);
            focus_page_heading();
        }
        Err(e) => save_problem.set(Some(e.message_key())),
    });
    let def_form = def.clone();
    let download_def = def.clone();
    view! {
        {move || save_problem.get().map(|k| view! { <p class="notice" role="alert">{i.tr(k)}</p> })}
        {move || if done.get() {
            let download_def = download_def.clone();
            // Each questionnaire ends on its own result page; below it, the same done actions.
            // Each loads its own part (the fit check's first screen is the first visit; its
            // outcome is not).
            let lazy_outcome = |load: parts::OutcomeLoad, o: parts::Outcome| parts::lazy(load, move |show| show(o.clone())).into_any();
            let o = parts::Outcome { def: download_def.clone(), form, start_again };
            let outcome = match id {
                QuestionnaireId::FitCheck => lazy_outcome(|| Box::pin(parts::fit_outcome()), o),
                QuestionnaireId::SelfCheck => lazy_outcome(|| Box::pin(parts::self_check_result()), o),
                QuestionnaireId::FollowUpStart => lazy_outcome(|| Box::pin(parts::follow_up_planned()), o),
                QuestionnaireId::FollowUp => lazy_outcome(|| Box::pin(parts::follow_up_result()), o),
            };
            view! {
                {outcome}
                <SaveStatus/>
                <section class="done">
                    <DownloadButton def=download_def form=form/>
                    <p><button type="button" class="secondary" on:click=move |_| { done.set(false); focus_page_heading(); }>{i.tr("done.edit")}</button></p>
                    <p><button type="button" class="secondary" on:click=move |_| start_again.run(())>{i.tr("done.start_again")}</button></p>
                    <p><a href="/">{i.tr("done.home")}</a></p>
                </section>
            }.into_any()
        } else {
            let urgent = (id == QuestionnaireId::FitCheck).then(|| view! { <UrgentWhileFilling form=form/> });
            view! {
                {urgent}
                <FormView def=def_form.clone() form=form page=page_sig on_finish=on_finish/>
                <SaveStatus/>
            }.into_any()
        }}
        <AnswersLink/>
        <MapsLink/>
    }
}

/// Downloads the answers as a FHIR QuestionnaireResponse (only enabled items' answers).
/// `Err` when the browser refused the download.
pub fn offer_response_download(def: &Questionnaire, form: RwSignal<Form, LocalStorage>) -> Result<(), String> {
    let json = form.with_untracked(|f| f.to_response(ResponseStatus::Completed, Some(&page::now_iso())));
    let name = format!("{}-antwoorden.json", def.storage_key());
    download::download(&name, "application/fhir+json", &json.to_string())
}

/// The download button with its own failure message.
#[component]
pub fn DownloadButton(def: Arc<Questionnaire>, form: RwSignal<Form, LocalStorage>) -> impl IntoView {
    let i = use_i18n();
    let failed = RwSignal::new(false);
    view! {
        <p>
            // Not the main action of a result page: a file for whoever asks for it.
            <button type="button" class="secondary" on:click=move |_| failed.set(offer_response_download(&def, form).is_err())>
                {i.text("done.download")}
            </button>
        </p>
        <p class="message" role="alert" hidden=move || !failed.get()>{i.text("done.download_failed")}</p>
    }
}
