//! The result of "Hoe gaat het met u?": what goes well first, then what is hard, who helps, a
//! picture with the same content as the text, urgent contacts when an answer signals danger,
//! and the conversation agenda. Keeps the completed check in the local history. All logic is in
//! `crate::self_check`; this only renders it and stores what the person changes.

use super::area_icon::area_icon;
use super::i18n::{use_i18n, I18n};
use super::urgent::UrgentForSignals;
use crate::civil_date::CivilDate;
use crate::engine::{Form, LocalText, Questionnaire};
use crate::self_check::{
    decode_agenda, decode_history, encode_agenda, encode_history, Agenda, AreaSummary, CompletedCheck, History,
    SelfCheckSummary,
};
use crate::storage_format::{agenda_key, HISTORY_KEY};
use crate::web::{drafts, page, storage};
use leptos::prelude::*;
use std::sync::Arc;

const QUESTIONNAIRE: &str = "hoe-gaat-het";

#[component]
pub fn SelfCheckResult(def: Arc<Questionnaire>, form: RwSignal<Form, LocalStorage>) -> impl IntoView {
    let i = use_i18n();
    let summary = form.with_untracked(SelfCheckSummary::from_form);
    let problem: RwSignal<Option<&'static str>> = RwSignal::new(keep_in_history(&summary).err());
    let danger = summary.danger_signals();
    let urgent = (!danger.is_empty()).then(|| view! { <UrgentForSignals signals=danger id="zelf-spoed".to_string()/> });
    let about = AgendaAbout::new(&def, &summary);
    let sections = summary
        .sections()
        .into_iter()
        .map(|s| {
            let heading = s.kind.label_key();
            let areas: Vec<AreaSummary> = s.areas.into_iter().cloned().collect();
            let def = def.clone();
            view! {
                <section class="result-section">
                    <h2>{move || i.tr(heading)}</h2>
                    <ul class="result-areas">
                        {areas.into_iter().map(|a| area_line(i, &def, a)).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    let picture = picture(i, &summary);
    let talk: Vec<(String, String)> = summary
        .areas
        .iter()
        .filter(|a| a.wants_to_talk)
        .map(|a| (a.code.clone(), a.title.get(i.code()).to_string()))
        .collect();
    view! {
        <section class="self-result">
            <h1 tabindex="-1">{i.text("self_result.title")}</h1>
            <super::read_aloud::ReadAloud what=super::read_aloud::What::Screen/>
            <p>{i.text("self_result.intro")}</p>
            {move || problem.get().map(|k| view! { <p class="notice" role="alert">{i.tr(k)}</p> })}
            {urgent}
            {picture}
            {sections}
            <AgendaView summary=Arc::new(summary) talk=talk about=about problem=problem/>
        </section>
    }
    .into_any()
}

/// One area in the text result: its title, how it goes, and who helps.
fn area_line(i: I18n, def: &Questionnaire, a: AreaSummary) -> impl IntoView {
    let level_key = a.level.label_key();
    let helpers_item = format!("{}_helpers", a.code);
    let helper_labels: Vec<_> =
        a.helpers.iter().filter_map(|code| def.option(&helpers_item, code).map(|o| o.label.clone())).collect();
    let title = a.title.clone();
    view! {
        <li>
            {area_icon(&a.code)}
            <strong>{move || i.local(&title)}</strong>": " {move || i.tr(level_key)}
            {(!helper_labels.is_empty()).then(|| {
                view! {
                    <span class="helpers">
                        " " {move || {
                            let names: Vec<String> = helper_labels.iter().map(|l| i.local(l)).collect();
                            i.trf("self_result.helpers", &[("who", &names.join(", "))])
                        }}
                    </span>
                }
            })}
        </li>
    }
}

/// Bars, one per asked area: longer is better. Hidden from screen readers, which read the same
/// content in the lists below it.
fn picture(i: I18n, summary: &SelfCheckSummary) -> impl IntoView {
    // Like the text: what goes well first; a skipped or not-applicable topic has no bar (an
    // empty bar would read as "very bad").
    let mut bars: Vec<_> = summary.picture().into_iter().filter(|b| b.level.is_level()).collect();
    bars.sort_by_key(|b| std::cmp::Reverse(b.position));
    // Whole numbers: a float here would bring float formatting into this part (see decimal.rs).
    let row = 40;
    let height = bars.len() * row + 4;
    view! {
        <figure class="result-picture" aria-hidden="true">
            <svg viewBox=format!("0 0 320 {height}") width="100%" role="presentation" focusable="false">
                {bars.into_iter().enumerate().map(|(n, b)| {
                    let y = n * row + 2;
                    let width = usize::from(b.position) * 100;
                    let class = format!("bar level-{}", b.level.code());
                    let label = b.label.clone();
                    let level_key = b.level.label_key();
                    view! {
                        <g>
                            <text x="0" y=y + 13 class="bar-label">{move || i.local(&label)}</text>
                            <rect x="0" y=y + 18 width="300" height="16" class="bar-track" rx="3"/>
                            <rect x="0" y=y + 18 width=width height="16" class=class rx="3"/>
                            <title>{move || i.tr(level_key)}</title>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{i.text("self_result.picture_caption")}</figcaption>
        </figure>
    }
}

/// Adds the completed check to the local history (or updates it when the same check is finished
/// again after a change), so the six-week follow-up can compare against it.
fn keep_in_history(summary: &SelfCheckSummary) -> Result<(), &'static str> {
    let (y, m, d) = page::today();
    let today = CivilDate::new(y, m, d).ok_or("storage.unavailable")?;
    let mut history = match storage::get(HISTORY_KEY).map_err(|e| e.message_key())? {
        Some(text) => decode_history(&text).map_err(|_| "self_result.history_damaged")?,
        None => History::default(),
    };
    let id = drafts::record_id(QUESTIONNAIRE, || Some(history.next_id(today)))?;
    history.add(CompletedCheck::from_summary(id, QUESTIONNAIRE, today, summary));
    storage::set(HISTORY_KEY, &encode_history(&history)).map_err(|e| e.message_key())
}

/// What the agenda says about the person besides the topics, in the questionnaire's words: who
/// they can turn to (`fallback`) and how the answers were given (`filled_by`). Whoever reads the
/// agenda in the conversation needs both.
#[derive(Clone)]
struct AgendaAbout {
    /// The labels of the people chosen, `nobody` left out.
    network: Vec<LocalText>,
    /// "Bij niemand" was chosen.
    nobody: bool,
    filled_by: Option<LocalText>,
}

impl AgendaAbout {
    fn new(def: &Questionnaire, summary: &SelfCheckSummary) -> AgendaAbout {
        let label = |link: &str, code: &str| def.option(link, code).map(|o| o.label.clone());
        AgendaAbout {
            network: summary.fallback.iter().filter(|c| *c != "nobody").filter_map(|c| label("fallback", c)).collect(),
            nobody: summary.fallback.iter().any(|c| c == "nobody"),
            filled_by: summary.filled_by.as_deref().and_then(|c| label("filled_by", c)),
        }
    }

    /// The lines in `lang`.
    fn lines(&self, i: I18n) -> Vec<String> {
        let lang = i.code();
        let mut out = Vec::new();
        if !self.network.is_empty() {
            let who: Vec<String> = self.network.iter().map(|l| mid_sentence(l.get(lang))).collect();
            out.push(i.trf("self_result.network", &[("who", &who.join(", "))]));
        }
        if self.nobody {
            out.push(i.tr("self_result.network_nobody"));
        }
        if let Some(how) = &self.filled_by {
            out.push(i.trf("self_result.filled_by", &[("how", how.get(lang))]));
        }
        out
    }
}

/// An answer's label in the middle of a sentence: a small first letter, unless the second letter
/// is a capital too (an abbreviation).
fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first.to_lowercase().chain(chars).collect(),
        _ => label.to_string(),
    }
}

fn load_agenda(summary: &SelfCheckSummary) -> Agenda {
    let stored = storage::get(&agenda_key(QUESTIONNAIRE)).ok().flatten().and_then(|t| decode_agenda(&t).ok());
    match stored {
        Some(mut a) => {
            a.reconcile(summary);
            a
        }
        None => Agenda::from_summary(summary),
    }
}

/// The conversation agenda: the areas marked "Hierover wil ik praten", in the person's order,
/// each with their own note (kept on this device only). Prints on one page; can be shown large.
#[component]
fn AgendaView(
    summary: Arc<SelfCheckSummary>,
    talk: Vec<(String, String)>,
    about: AgendaAbout,
    problem: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i = use_i18n();
    let agenda = RwSignal::new(load_agenda(&summary));
    let large = RwSignal::new(false);
    let titles = Arc::new(talk);
    Effect::new(move |first: Option<()>| {
        let text = agenda.with(encode_agenda);
        if first.is_some() {
            problem.set(storage::set(&agenda_key(QUESTIONNAIRE), &text).err().map(|e| e.message_key()));
        }
    });
    // Escape closes the large view.
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && large.get_untracked() {
            large.set(false);
        }
    });
    on_cleanup(move || on_key.remove());
    let title_of = move |code: &str| {
        titles.iter().find(|(c, _)| c == code).map(|(_, t)| t.clone()).unwrap_or_else(|| code.to_string())
    };
    view! {
        <section class="agenda" class:agenda-large=move || large.get() aria-labelledby="agenda-titel">
            <h2 id="agenda-titel">{i.text("agenda.title")}</h2>
            <p class="agenda-date">{move || i.trf("agenda.date", &[("date", &page::today_text(i.code()))])}</p>
            {move || about.lines(i).into_iter().map(|l| view! { <p class="agenda-about">{l}</p> }).collect_view()}
            {move || agenda.with(|a| a.items.is_empty()).then(|| view! { <p>{i.tr("agenda.empty")}</p> })}
            <ol class="agenda-items">
                <For each=move || agenda.with(|a| a.items.iter().map(|x| x.area.clone()).collect::<Vec<_>>())
                    key=|area| area.clone() let:area>
                    {
                        let title = title_of(&area);
                        let (a1, a2, a_print) = (area.clone(), area.clone(), area.clone());
                        let (up_off, up, down_off, down) = (area.clone(), area.clone(), area.clone(), area.clone());
                        let note_id = format!("notitie-{area}");
                        let (up_id, down_id) = (format!("omhoog-{area}"), format!("omlaag-{area}"));
                        let (up_a, down_a) = ((up_id.clone(), down_id.clone()), (down_id.clone(), up_id.clone()));
                        let t1 = title.clone();
                        let t2 = title.clone();
                        view! {
                            <li class="agenda-item">
                                <h3>{area_icon(&area)}{title.clone()}</h3>
                                <label for=note_id.clone()>{move || i.trf("agenda.note_label", &[("area", &t1)])}</label>
                                <textarea id=note_id rows="3" maxlength="2000"
                                    prop:value=move || agenda.with(|a| a.note(&a1).unwrap_or_default().to_string())
                                    on:input=move |ev| { let v = event_target_value(&ev); agenda.update(|a| { a.set_note(&a2, v); }); }>
                                </textarea>
                                <p class="note-print">{move || agenda.with(|a| a.note(&a_print).unwrap_or_default().to_string())}</p>
                                <div class="agenda-move">
                                    <button type="button" class="secondary small" id=up_id
                                        aria-label=move || i.trf("agenda.up_label", &[("area", &t2)])
                                        disabled=move || agenda.with(|a| a.position(&up_off) == Some(0))
                                        on:click=move |_| { agenda.update(|a| { a.move_up(&up); }); keep_focus(up_a.clone()); }>
                                        {i.text("agenda.up")}
                                    </button>
                                    <button type="button" class="secondary small" id=down_id
                                        aria-label=move || i.trf("agenda.down_label", &[("area", &title)])
                                        disabled=move || agenda.with(|a| a.position(&down_off).map(|p| p + 1) == Some(a.items.len()))
                                        on:click=move |_| { agenda.update(|a| { a.move_down(&down); }); keep_focus(down_a.clone()); }>
                                        {i.text("agenda.down")}
                                    </button>
                                </div>
                            </li>
                        }
                    }
                </For>
            </ol>
            <p class="agenda-actions">
                <button type="button" class="primary" on:click=move |_| page::print()>{i.text("agenda.print")}</button>
                <button type="button" class="secondary" aria-pressed=move || large.get().to_string()
                    on:click=move |_| large.update(|l| *l = !*l)>
                    {move || i.tr(if large.get() { "agenda.show_normal" } else { "agenda.show_large" })}
                </button>
            </p>
            <p class="agenda-private">{i.text("agenda.private")}</p>
        </section>
    }
}

/// After moving an agenda item, focus stays on the button that was pressed (the item moved in
/// the page); when that button is now disabled (top or bottom), on the other one.
fn keep_focus((pressed, other): (String, String)) {
    use wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        for id in [pressed, other] {
            if let Some(el) = doc.get_element_by_id(&id).filter(|e| !e.has_attribute("disabled")) {
                if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                    return;
                }
            }
        }
    });
}
