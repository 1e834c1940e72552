//! The six-week follow-up in the browser: the plan made from "Wanneer is uw vraag afgehandeld?"
//! (due date, calendar reminder), the notice on the home page when it is due, and the result of
//! the follow-up (before/after per area, "Ik wil een vervolg", the views of client and OCO side
//! by side). All rules are in `crate::follow_up`; this renders them and stores the plans.

use super::context::{app_link, use_config};
use super::i18n::{use_i18n, I18n};
use super::wijk::{TeamCard, WijkChoice};
use crate::civil_date::CivilDate;
use crate::engine::{parse_questionnaire, Form, Questionnaire};
use crate::follow_up::{
    compare_with_check, decode_plans, encode_plans, follow_up_reasons, ics_file_name, ics_for_due_date,
    needs_follow_up, AreaChange, FollowUpAnswers, FollowUpPlan, FollowUpPlans, Reminder, Status,
};
use crate::register;
use crate::route::{QuestionnaireId, Route};
use crate::self_check::{decode_history, History};
use crate::storage_format::{decode_draft, register_key, FOLLOW_UP_KEY, HISTORY_KEY, PREFIX};
use crate::web::{download, drafts, fetch, page, storage};
use leptos::prelude::*;
use std::sync::Arc;

fn today() -> CivilDate {
    CivilDate::today_amsterdam(page::now_utc_seconds())
}

fn date_text(i: I18n, d: CivilDate) -> String {
    page::date_text(i.code(), d.year, d.month, d.day)
}

fn load_plans() -> Result<FollowUpPlans, &'static str> {
    match storage::get(FOLLOW_UP_KEY).map_err(|e| e.message_key())? {
        None => Ok(FollowUpPlans::default()),
        Some(text) => decode_plans(&text).map_err(|_| "follow_up.plans_damaged"),
    }
}

/// What the start questionnaire said happened to the question the follow-up is about.
pub(super) fn current_what() -> Option<crate::follow_up::Handled> {
    load_plans().ok()?.current_what(use_config().follow_up_days(), today())
}

fn save_plans(plans: &FollowUpPlans) -> Result<(), &'static str> {
    storage::set(FOLLOW_UP_KEY, &encode_plans(plans)).map_err(|e| e.message_key())
}

fn load_history() -> History {
    storage::get(HISTORY_KEY).ok().flatten().and_then(|t| decode_history(&t).ok()).unwrap_or_default()
}

fn status_text(i: I18n, status: &Status) -> String {
    match status {
        Status::NotYet { days_left, due } => {
            i.trf("follow_up.status.not_yet", &[("days", &days_left.to_string()), ("date", &date_text(i, *due))])
        }
        Status::Due { .. } => i.tr("follow_up.status.due"),
        Status::Done { on } => i.trf("follow_up.status.done", &[("date", &date_text(i, *on))]),
    }
}

/// The done page of "Wanneer is uw vraag afgehandeld?": the plan, when the follow-up is due, and
/// a calendar reminder. Finishing again after a change updates the same plan.
#[component]
pub fn FollowUpPlanned(def: Arc<Questionnaire>, form: RwSignal<Form, LocalStorage>) -> impl IntoView {
    let i = use_i18n();
    let interval = use_config().follow_up_days();
    let today = today();
    let made = make_plan(&def, form, today);
    let (plan, problem) = match made {
        Ok(plan) => (Some(plan), None),
        Err(k) => (None, Some(k)),
    };
    let reminder_failed = RwSignal::new(false);
    view! {
        <section class="follow-up-plan">
            {match (plan, problem) {
                (Some(plan), _) => {
                    let status = plan.status(interval, today);
                    let due = plan.due(interval);
                    let is_due = matches!(status, Status::Due { .. });
                    let plan_for_ics = plan.clone();
                    // After a "no": the ways on, where the refusal is first recorded (not only six
                    // weeks later, when the objection period has usually run out).
                    let decision = form.with_untracked(crate::objection::Decision::from_start_form);
                    let plan_id = plan.id.clone();
                    view! {
                        <h1 tabindex="-1">{i.text("follow_up.planned_title")}</h1>
                        <super::read_aloud::ReadAloud what=super::read_aloud::What::Screen/>
                        <p class="due-date">{move || status_text(i, &status)}</p>
                        <p>{move || i.trf("follow_up.planned_handled", &[("date", &date_text(i, plan.handled))])}</p>
                        {is_due.then(|| view! {
                            <p class="primary-link">{app_link(Route::Questionnaire(QuestionnaireId::FollowUp), i.text("follow_up.fill_now"))}</p>
                        })}
                        // Already due: a reminder would be in the past. Fill it in now instead.
                        {(!is_due).then(|| view! {
                            <p>
                                <button type="button" class="primary" on:click=move |_| {
                                    reminder_failed.set(offer_reminder(i, &plan_for_ics, due).is_err());
                                }>{i.text("follow_up.reminder")}</button>
                            </p>
                            <p class="message" role="alert" hidden=move || !reminder_failed.get()>{i.text("done.download_failed")}</p>
                            <p class="hint">{i.text("follow_up.reminder_hint")}</p>
                        })}
                        {decision.map(|d| view! { <super::ways_on::WaysOnAfterNo decision=d plan_id=plan_id today=today/> })}
                    }.into_any()
                }
                (None, problem) => view! {
                    <h1 tabindex="-1">{i.text("follow_up.plan_problem_title")}</h1>
                    <p class="notice" role="alert">{move || i.tr(problem.unwrap_or("storage.unavailable"))}</p>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

fn make_plan(
    def: &Questionnaire,
    form: RwSignal<Form, LocalStorage>,
    today: CivilDate,
) -> Result<FollowUpPlan, &'static str> {
    let mut plans = load_plans()?;
    let id = drafts::record_id(&def.storage_key(), || Some(plans.next_id(today)))?;
    let linked = load_history().latest().map(|c| c.id.clone());
    let plan = form
        .with_untracked(|f| FollowUpPlan::from_start_form(f, id.clone(), linked, today))
        .map_err(|e| e.label_key())?;
    plans.add(plan.clone());
    save_plans(&plans)?;
    Ok(plan)
}

fn offer_reminder(i: I18n, plan: &FollowUpPlan, due: CivilDate) -> Result<(), String> {
    let summary = i.tr("follow_up.ics.summary");
    let description = i.tr("follow_up.ics.description");
    let uid = plan.ics_uid();
    let ics = ics_for_due_date(&Reminder {
        uid: &uid,
        due,
        summary: &summary,
        description: &description,
        now_utc_seconds: page::now_utc_seconds(),
    });
    download::download(&ics_file_name(due), "text/calendar", &ics)
}

/// On the home page: follow-ups that are due now, each with a link to fill it in.
#[component]
pub fn DueNotice() -> impl IntoView {
    let i = use_i18n();
    let interval = use_config().follow_up_days();
    let plans = load_plans().unwrap_or_default();
    let due: Vec<FollowUpPlan> = plans.due(interval, today()).into_iter().cloned().collect();
    (!due.is_empty()).then(|| {
        view! {
            <section class="due-notice" aria-labelledby="vervolg-nu">
                <h2 id="vervolg-nu">{i.text("follow_up.due_title")}</h2>
                <ul>
                    {due.into_iter().map(|p| view! {
                        <li>{move || i.trf("follow_up.planned_handled", &[("date", &date_text(i, p.handled))])}</li>
                    }).collect_view()}
                </ul>
                <p class="primary-link">{app_link(Route::Questionnaire(QuestionnaireId::FollowUp), i.text("follow_up.fill_now"))}</p>
            </section>
        }
    })
}

/// Marks the plan this follow-up answers as done: the one waiting longest, else the newest open one.
fn mark_plan_done(interval: u32, today: CivilDate) -> Option<FollowUpPlan> {
    let mut plans = load_plans().ok()?;
    let id = plans
        .due(interval, today)
        .first()
        .map(|p| p.id.clone())
        .or_else(|| plans.plans.iter().rev().find(|p| p.done.is_none()).map(|p| p.id.clone()))
        .or_else(|| plans.plans.last().map(|p| p.id.clone()))?;
    let plan = plans.get(&id)?.clone();
    if plan.done.is_none() {
        plans.mark_done(&id, today);
        save_plans(&plans).ok()?;
    }
    Some(plan)
}

/// The views given earlier on this device (a client's and their OCO's), from archived lists.
fn earlier_views(def: &Arc<Questionnaire>) -> Vec<FollowUpAnswers> {
    let prefix = format!("{PREFIX}archive:{}:", def.storage_key());
    let mut keys = storage::keys(&prefix).unwrap_or_default();
    keys.sort();
    keys.iter()
        .filter_map(|k| storage::get(k).ok().flatten())
        .filter_map(|t| decode_draft(&t).ok())
        .map(|d| {
            let mut f = Form::empty(def.clone());
            d.apply_to(&mut f);
            FollowUpAnswers::from_form(&f)
        })
        .collect()
}

/// The done page of the follow-up: before/after, "Ik wil een vervolg", and every view.
#[component]
pub fn FollowUpResult(
    def: Arc<Questionnaire>,
    form: RwSignal<Form, LocalStorage>,
    /// Archives this list and starts an empty one, for a second respondent (e.g. the OCO).
    add_view: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let interval = use_config().follow_up_days();
    let answers = form.with_untracked(FollowUpAnswers::from_form);
    let plan = mark_plan_done(interval, today());
    let history = load_history();
    let before = plan
        .and_then(|p| p.linked_check)
        .and_then(|id| history.get(&id).cloned())
        .or_else(|| history.latest().cloned());
    let mut changes = before.as_ref().map(|b| compare_with_check(b, &answers.levels)).unwrap_or_default();
    // Only areas with a level on at least one side: the rest would be rows of "not filled in".
    changes.retain(|c| c.before.is_level() || c.after.is_level());
    let before_date = before.map(|b| b.completed);
    let record_problem = keep_register_record(&def, form, &answers, &changes).err();
    let reasons = follow_up_reasons(&answers);
    let danger = answers.danger.clone();
    let wants_more = needs_follow_up(&answers);
    let mut views = earlier_views(&def);
    views.push(answers);
    view! {
        <section class="follow-up-result">
            <h1 tabindex="-1">{i.text("follow_up.result_title")}</h1>
            <super::read_aloud::ReadAloud what=super::read_aloud::What::Screen/>
            {record_problem.map(|k| view! { <p class="notice" role="alert">{move || i.tr(k)}</p> })}
            {(!danger.is_empty()).then(|| view! { <super::urgent::UrgentForSignals signals=danger id="vervolg-spoed".to_string()/> })}
            <SendOffer/>
            {wants_more.then(|| view! {
                <section class="want-more" aria-labelledby="vervolg-gewenst">
                    <h2 id="vervolg-gewenst">{i.text("follow_up.want_more_title")}</h2>
                    <ul class="reasons">
                        {reasons.iter().map(|r| { let k = r.label_key(); view! { <li>{move || i.tr(k)}</li> } }).collect_view()}
                    </ul>
                    <p>{i.text("follow_up.want_more_text")}</p>
                    <TeamCard wijk=WijkChoice::load()/>
                    <p class="no-print"><button type="button" class="secondary" on:click=move |_| page::print()>{i.text("follow_up.print_summary")}</button></p>
                </section>
            })}
            {(!changes.is_empty()).then(|| view! { <Comparison changes=changes since=before_date/> })}
            <ViewsTable def=def views=views/>
            <p class="no-print">
                <button type="button" class="secondary" on:click=move |_| add_view.run(())>{i.text("follow_up.add_view")}</button>
            </p>
            <p class="hint no-print">{i.text("follow_up.add_view_hint")}</p>
        </section>
    }
    .into_any()
}

/// The follow-up's register record (codes only; see `crate::register`), kept on this device until
/// the person chooses to send it. One per respondent's list: finishing the same list again
/// updates it. The client's, the OCO's and a mantelzorger's views are each a record of their own.
fn keep_register_record(
    def: &Questionnaire,
    form: RwSignal<Form, LocalStorage>,
    answers: &FollowUpAnswers,
    changes: &[AreaChange],
) -> Result<(), &'static str> {
    let respondent = answers.register_respondent();
    let id = drafts::record_id(&def.storage_key(), page::random_id)?;
    let bytes = register::record_id_bytes(&id).ok_or("storage.corrupt")?;
    let codes = form.with_untracked(|f| register::follow_up_answers_with_changes(f, changes));
    let wijk = WijkChoice::load().code.get_untracked();
    let record = register::FollowUpRecord::new(bytes, page::today(), wijk.as_deref(), respondent, &codes);
    let record = register::config_codes(&super::context::use_config()).keep_known(register::Record::FollowUp(record));
    storage::set(&register_key(record.kind(), record.id()), &record.to_json().to_string()).map_err(|e| e.message_key())
}

/// "Anoniem meetellen?": only when the municipality has a register to send to.
#[component]
pub fn SendOffer() -> impl IntoView {
    let i = use_i18n();
    use_config().submission_endpoint.is_some().then(|| {
        view! {
            <p class="send-offer">
                {i.text("send.offer")} " "
                {app_link(Route::Send, i.text("send.offer_link"))}
            </p>
        }
    })
}

/// Before and after per area, in words (a table) and in a picture (two bars per area).
#[component]
fn Comparison(changes: Vec<AreaChange>, since: Option<CivilDate>) -> impl IntoView {
    let i = use_i18n();
    // Area titles come from the self-check questionnaire itself (content stays data).
    let titles: RwSignal<Option<Arc<Questionnaire>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(text) = fetch::fetch_text("/questionnaires/hoe-gaat-het.json").await {
            titles.set(parse_questionnaire(&text).ok().map(Arc::new));
        }
    });
    let title = move |code: &str| -> String {
        titles.with(|t| {
            t.as_ref()
                .and_then(|q| q.find(&format!("area_{code}")).map(|id| q.item(id).text.get(i.code()).to_string()))
                .unwrap_or_else(|| code.to_string())
        })
    };
    let rows = changes.clone();
    // Whole numbers: a float here would bring float formatting into this part (see decimal.rs).
    let row_h = 44;
    let height = changes.len() * row_h + 4;
    view! {
        <section class="comparison" aria-labelledby="voor-na">
            <h2 id="voor-na">{i.text("follow_up.compare_title")}</h2>
            {since.map(|d| view! { <p>{move || i.trf("follow_up.compare_since", &[("date", &date_text(i, d))])}</p> })}
            <figure class="result-picture" aria-hidden="true">
                <svg viewBox=format!("0 0 320 {height}") width="100%" role="presentation" focusable="false">
                    {changes.into_iter().enumerate().map(|(n, c)| {
                        let y = n * row_h + 2;
                        let area = c.area.clone();
                        view! {
                            <g>
                                <text x="0" y=y + 12 class="bar-label">{move || title(&area)}</text>
                                <rect x="0" y=y + 16 width=usize::from(c.before.position()) * 100 height="10" class="bar before" rx="2"/>
                                <rect x="0" y=y + 29 width=usize::from(c.after.position()) * 100 height="10" class=format!("bar level-{}", c.after.code()) rx="2"/>
                            </g>
                        }
                    }).collect_view()}
                </svg>
                <figcaption>{i.text("follow_up.compare_caption")}</figcaption>
            </figure>
            <table class="compare-table">
                <thead><tr>
                    <th scope="col">{i.text("follow_up.col_area")}</th>
                    <th scope="col">{i.text("follow_up.col_before")}</th>
                    <th scope="col">{i.text("follow_up.col_now")}</th>
                    <th scope="col">{i.text("follow_up.col_change")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let area = c.area.clone();
                        let (b, a, ch) = (c.before.label_key(), c.after.label_key(), c.change.label_key());
                        view! { <tr>
                            <th scope="row">{move || title(&area)}</th>
                            <td>{move || i.tr(b)}</td><td>{move || i.tr(a)}</td><td>{move || i.tr(ch)}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The main answers of each view side by side, so a client's and their OCO's stay apart.
#[component]
fn ViewsTable(def: Arc<Questionnaire>, views: Vec<FollowUpAnswers>) -> impl IntoView {
    let i = use_i18n();
    const ROWS: [&str; 6] =
        ["outcome", "solution_match", "other_solution", "problem_still", "time_to_help", "want_follow_up"];
    let label = {
        let def = def.clone();
        move |link_id: &str, code: Option<&String>| -> String {
            let Some(code) = code else { return i.tr("follow_up.no_answer") };
            def.option(link_id, code).map(|o| o.label.get(i.code()).to_string()).unwrap_or_else(|| code.clone())
        }
    };
    let question = move |link_id: &str| {
        def.find(link_id).map(|id| def.item(id).text.get(i.code()).to_string()).unwrap_or_default()
    };
    let value = |v: &FollowUpAnswers, row: &str| -> Option<String> {
        match row {
            "outcome" => v.outcome.clone(),
            "solution_match" => v.solution_match.clone(),
            "other_solution" => v.other_solution.clone(),
            "problem_still" => v.problem_still.clone(),
            "time_to_help" => v.time_to_help.clone(),
            _ => v.want_follow_up.clone(),
        }
    };
    let title_key = if views.len() > 1 { "follow_up.views_title" } else { "follow_up.answers_title" };
    let heads: Vec<&'static str> =
        views.iter().map(|v| v.respondent.map(|r| r.label_key()).unwrap_or("follow_up.respondent.client")).collect();
    view! {
        <section class="views" aria-labelledby="antwoorden">
            <h2 id="antwoorden">{move || i.tr(title_key)}</h2>
            <div class="table-scroll" role="region" aria-labelledby="antwoorden" tabindex="0">
            <table class="views-table">
                <thead><tr>
                    <th scope="col">{i.text("follow_up.col_question")}</th>
                    {heads.into_iter().map(|h| view! { <th scope="col">{move || i.tr(h)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {ROWS.into_iter().map(|row| {
                        let cells: Vec<Option<String>> = views.iter().map(|v| value(v, row)).collect();
                        let label = label.clone();
                        let question = question.clone();
                        view! { <tr>
                            <th scope="row">{move || question(row)}</th>
                            {cells.into_iter().map(|c| { let label = label.clone(); view! { <td>{move || label(row, c.as_ref())}</td> } }).collect_view()}
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}
