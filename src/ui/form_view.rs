//! The generic questionnaire renderer: one screen at a time, progress, back and next,
//! validation messages. It shows a [`Form`] and forwards every answer to it; the form itself
//! (pure engine) decides what is enabled and valid.

use super::i18n::{use_i18n, I18n};
use super::item_view::item_view;
use crate::engine::{
    pages, AnswerValue, Form, InputProblem, Invalid, ItemId, Questionnaire, Reps, Slot, ValidationIssue,
};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// What every item view needs: the form, the questionnaire and the messages to show.
#[derive(Clone)]
pub struct FormCtx {
    pub def: Arc<Questionnaire>,
    pub form: RwSignal<Form, LocalStorage>,
    pub i: I18n,
    /// Validation problems of the current screen, shown after "Next" was pressed.
    pub issues: RwSignal<Vec<ValidationIssue>>,
    /// Text that could not be read as an answer (e.g. letters in a number field).
    pub input_problems: RwSignal<HashMap<Slot, InputProblem>>,
    pub show_issues: RwSignal<bool>,
    /// Roots of the current screen, for re-validation while the person corrects answers.
    pub current_roots: RwSignal<Vec<ItemId>>,
    /// One trigger per shown slot, notified when that slot may have changed: the views of a
    /// slot track only it, so an answer re-runs the views of the slots it concerns and no others
    /// (see [`FormCtx::sync`]). Per item: the repetitions shown and their triggers.
    watched: StoredValue<Vec<Vec<(Reps, ArcTrigger)>>>,
    /// The message under each slot that has one.
    shown: StoredValue<HashMap<Slot, Message>>,
}

/// The message under a question: what was typed cannot be read, or the answer is not valid.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Input(InputProblem),
    Invalid(Invalid),
}

impl Message {
    pub fn text(&self, lang: &str) -> String {
        match self {
            Message::Input(p) => crate::i18n::input_problem(lang, p),
            Message::Invalid(p) => crate::i18n::invalid(lang, p),
        }
    }
}

/// One slot of the form as its views read it: in a view, reading re-runs that view when this
/// slot may have changed, and not when another one did.
#[derive(Clone)]
pub struct SlotWatch {
    form: RwSignal<Form, LocalStorage>,
    shown: StoredValue<HashMap<Slot, Message>>,
    pub slot: Slot,
    changed: ArcTrigger,
}

impl SlotWatch {
    pub fn with<T>(&self, read: impl FnOnce(&Form, &Slot) -> T) -> T {
        self.changed.track();
        self.form.with_untracked(|f| read(f, &self.slot))
    }

    pub fn enabled(&self) -> bool {
        self.with(|f, s| f.is_enabled(s))
    }

    /// Whether `value` is among the slot's answers (a checked option).
    pub fn has_answer(&self, value: &AnswerValue) -> bool {
        self.with(|f, s| f.answers(s).iter().any(|a| a.matches(value)))
    }

    pub fn message(&self) -> Option<Message> {
        self.changed.track();
        self.shown.with_value(|m| m.get(&self.slot).cloned())
    }
}

fn trigger_of<'a>(watched: &'a [Vec<(Reps, ArcTrigger)>], slot: &Slot) -> Option<&'a ArcTrigger> {
    watched.get(slot.item)?.iter().find(|(r, _)| r == &slot.reps).map(|(_, t)| t)
}

fn notify_slot(watched: &[Vec<(Reps, ArcTrigger)>], slot: &Slot) {
    if let Some(t) = trigger_of(watched, slot) {
        t.notify();
    }
}

impl FormCtx {
    pub fn revalidate(&self) {
        if self.show_issues.get_untracked() {
            let roots = self.current_roots.get_untracked();
            self.issues.set(self.form.with_untracked(|f| f.validate(&roots)));
        }
    }

    /// Reads `slot` for its views (see [`SlotWatch`]).
    pub fn watch(&self, slot: &Slot) -> SlotWatch {
        let changed = self.watched.with_value(|w| trigger_of(w, slot).cloned());
        let changed = changed.unwrap_or_else(|| {
            let t = ArcTrigger::new();
            self.watched.update_value(|w| {
                if let Some(reps) = w.get_mut(slot.item) {
                    reps.push((slot.reps.clone(), t.clone()));
                }
            });
            t
        });
        SlotWatch { form: self.form, shown: self.shown, slot: slot.clone(), changed }
    }

    fn notify(&self, slot: &Slot) {
        self.watched.with_value(|w| notify_slot(w, slot));
    }

    /// Tells the views what the last changes of the form concern: the answered slots and every
    /// repetition of the items whose enabled state the engine says they can change. After a change
    /// of structure (a group instance added or removed, answers from another tab) all of them.
    fn sync(&self) {
        let Some(changes) = self.form.try_update_untracked(Form::take_changes) else { return };
        self.watched.with_value(|w| {
            let all_of = |item: ItemId| w.get(item).into_iter().flatten().for_each(|(_, t)| t.notify());
            if changes.everything {
                (0..w.len()).for_each(all_of);
                return;
            }
            for slot in &changes.answers {
                notify_slot(w, slot);
                self.def.affected_by(slot.item).iter().copied().for_each(all_of);
            }
        });
    }

    /// Keeps the message of each slot, and tells the slots whose message changed.
    fn sync_messages(&self) {
        let mut now: HashMap<Slot, Message> = HashMap::new();
        if self.show_issues.get() {
            self.issues.with(|list| {
                for x in list.iter().rev() {
                    // The first issue of a slot is the one shown.
                    now.insert(x.slot.clone(), Message::Invalid(x.problem.clone()));
                }
            });
        }
        self.input_problems.with(|m| {
            for (slot, p) in m {
                now.insert(slot.clone(), Message::Input(p.clone()));
            }
        });
        let before = self.shown.with_value(|m| m.clone());
        self.shown.set_value(now.clone());
        for slot in before.keys().chain(now.keys()) {
            if before.get(slot) != now.get(slot) {
                self.notify(slot);
            }
        }
    }
}

#[component]
pub fn FormView(
    def: Arc<Questionnaire>,
    form: RwSignal<Form, LocalStorage>,
    /// The screen shown (kept by the caller so it can be saved and restored).
    page: RwSignal<usize>,
    on_finish: Callback<()>,
    /// Inside a page that has its own `h1` (the preview): the title is not a heading then.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let i = use_i18n();
    let all_pages = Arc::new(pages(&def));
    let ctx = FormCtx {
        def: def.clone(),
        form,
        i,
        issues: RwSignal::new(Vec::new()),
        input_problems: RwSignal::new(HashMap::new()),
        show_issues: RwSignal::new(false),
        current_roots: RwSignal::new(Vec::new()),
        watched: StoredValue::new(vec![Vec::new(); def.items.len()]),
        shown: StoredValue::new(HashMap::new()),
    };
    // The views are made from the form as it is now; from here on, each change of the form or
    // of the messages re-runs the views of just the slots it concerns.
    form.update_untracked(|f| {
        f.take_changes();
    });
    let ctx_sync = ctx.clone();
    Effect::new(move |_| {
        form.track();
        ctx_sync.sync();
        ctx_sync.sync_messages();
    });
    // Start on a visible screen (a restored page may have become hidden).
    {
        let p = page.get_untracked();
        let fixed = form.with_untracked(|f| {
            if all_pages.get(p).is_some_and(|pg| f.page_visible(pg)) {
                Some(p)
            } else {
                f.first_page(&all_pages)
            }
        });
        page.set(fixed.unwrap_or(0));
    }

    // One pass over the screens per change; the views below re-run only when it changes.
    let pages_for_nav = all_pages.clone();
    let nav = Memo::new(move |_| form.with(|f| f.navigation(&pages_for_nav, page.get())));

    let ctx_next = ctx.clone();
    let pages_next = all_pages.clone();
    let go_next = move || {
        let ctx = &ctx_next;
        let roots = ctx.current_roots.get_untracked();
        let problems = form.with_untracked(|f| f.validate(&roots));
        let bad_input = !ctx.input_problems.with_untracked(HashMap::is_empty);
        if !problems.is_empty() || bad_input {
            ctx.issues.set(problems);
            ctx.show_issues.set(true);
            focus_first_problem();
            return;
        }
        ctx.show_issues.set(false);
        match form.with_untracked(|f| f.next_page(&pages_next, page.get_untracked())) {
            Some(n) => {
                page.set(n);
                focus_page_heading();
            }
            None => on_finish.run(()),
        }
    };
    let ctx_back = ctx.clone();
    let pages_back = all_pages.clone();
    let go_back = move |_| {
        if let Some(p) = form.with_untracked(|f| f.previous_page(&pages_back, page.get_untracked())) {
            ctx_back.show_issues.set(false);
            page.set(p);
            focus_page_heading();
        }
    };

    let ctx_screen = ctx.clone();
    let pages_screen = all_pages.clone();
    // Keyed by the screen number: a new screen gets new elements. Patching the previous
    // screen's elements in place left radio buttons unchecked and typed text on other questions.
    let screen = move |p: usize| {
        let roots = pages_screen.get(p).map(|pg| pg.roots.clone()).unwrap_or_default();
        ctx_screen.current_roots.set(roots.clone());
        ctx_screen.input_problems.set(HashMap::new());
        roots.into_iter().map(|r| item_view(ctx_screen.clone(), r, Vec::new(), true)).collect_view()
    };
    let ctx_summary = ctx.clone();
    let title = def.title.clone();
    // Opening a form: focus on the first question's heading, so a keyboard user starts there
    // (not seven tabs away, behind the header). The preview keeps its own focus.
    if !nested {
        request_animation_frame(|| focus_selector(".screen h2, .screen legend, .screen label"));
    }

    view! {
        <form class="questionnaire" novalidate on:submit=move |ev| { ev.prevent_default(); go_next(); }>
            {if nested {
                view! { <p class="form-title">{move || title.get(i.code()).to_string()}</p> }.into_any()
            } else {
                view! { <h1 class="form-title">{move || title.get(i.code()).to_string()}</h1> }.into_any()
            }}
            <div class="progress">
                <p id="voortgang">{move || { let n = nav.get(); i.trf("form.progress", &[("current", &n.current.to_string()), ("total", &n.total.to_string())]) }}</p>
                <div class="progress-bar" aria-hidden="true">
                    <div class="progress-fill" style:width=move || { let n = nav.get(); format!("{}%", n.current * 100 / n.total) }></div>
                </div>
            </div>
            <div class="screen">
                <For each=move || [page.get()] key=|p| *p children=screen/>
            </div>
            // Next to the buttons, where the person pressed "Volgende" (not at the top of a long
            // screen); each question's own message is under it, and focus goes to the first.
            <div role="alert" class="form-alert">
                {move || {
                    let show = ctx_summary.show_issues.get()
                        && (!ctx_summary.issues.with(Vec::is_empty) || !ctx_summary.input_problems.with(HashMap::is_empty));
                    show.then(|| view! { <p class="error-summary">{i.tr("form.fix_errors")}</p> })
                }}
            </div>
            <div class="form-nav">
                <button type="button" class="secondary" on:click=go_back hidden=move || !nav.get().has_previous>
                    {i.text("form.back")}
                </button>
                // A double click or double tap: its second click would land on the next
                // screen's button (maybe "Klaar") and skip a step. Only the first one counts.
                <button type="submit" class="primary" on:click=|ev: leptos::ev::MouseEvent| { if ev.detail() > 1 { ev.prevent_default(); } }>
                    {move || if nav.get().is_last { i.tr("form.finish") } else { i.tr("form.next") }}
                </button>
            </div>
        </form>
    }
}

/// After a screen change, move focus to its heading so screen readers start there.
pub(crate) fn focus_page_heading() {
    request_animation_frame(|| {
        crate::web::page::scroll_to_top();
        focus_selector(".screen h2, .screen legend, .screen label");
    });
}

/// After the next render, move focus to the first element matching `sel` (e.g. the heading of
/// the "done" page, which replaces the button that had focus).
pub(crate) fn focus_soon(sel: &'static str) {
    request_animation_frame(move || focus_selector(sel));
}

fn focus_first_problem() {
    request_animation_frame(|| focus_selector("[aria-invalid=true]"));
}

fn focus_selector(sel: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(el) = doc.query_selector(sel).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if el.get_attribute("tabindex").is_none()
            && !matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON")
        {
            let _ = el.set_attribute("tabindex", "-1");
        }
        let _ = el.focus();
    }
}
