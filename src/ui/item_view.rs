//! One questionnaire item as HTML: the right control for its type, with label, hint and
//! message. Semantic HTML throughout: fieldset + legend for choices, a label for every input.
//! Each view reads its own slot ([`FormCtx::watch`]), never the whole form: an answer on a
//! screen of a thousand questions re-runs the views of the slots it concerns only.

use super::form_view::{FormCtx, SlotWatch};
use super::read_aloud::{ReadAloud, What};
use crate::engine::{input_text, parse_input, AnswerOption, AnswerValue, Control, Item, ItemId, ItemType, Slot};
use leptos::prelude::*;
use std::sync::Arc;

/// `top` marks a top-level item: a top-level group's title becomes the screen's heading.
pub fn item_view(ctx: FormCtx, id: ItemId, reps: Vec<u32>, top: bool) -> AnyView {
    let def = ctx.def.clone();
    let item = def.item(id);
    if item.hidden {
        return ().into_any();
    }
    let slot = Slot::new(id, reps.clone());
    let body = match item.kind {
        ItemType::Group if item.repeats => repeating_group(ctx.clone(), id, reps, top),
        ItemType::Group => group(ctx.clone(), id, reps, top),
        ItemType::Display => {
            let text = text_of(&ctx, id);
            view! { <p class="display">{text}</p> {help_view(&ctx, id)} }.into_any()
        }
        ItemType::Unsupported => {
            let i = ctx.i;
            let code = item.type_code.clone();
            let text = text_of(&ctx, id);
            view! {
                <div class="question unsupported">
                    <p class="question-text">{text}</p>
                    <p class="hint">{move || i.trf("form.unsupported", &[("type", &code)])}</p>
                    {help_view(&ctx, id)}
                </div>
            }
            .into_any()
        }
        _ => {
            // The urgent contacts right under an answer that signals danger (self-check, follow-up).
            let beside = super::urgent::beside_answer(&ctx, &slot);
            view! { {question(ctx.clone(), slot.clone())} {beside} }.into_any()
        }
    };
    // Most items have no condition on their way: they are always shown and need no watching.
    if !ctx.def.can_be_disabled(id) {
        return view! { <div class="item">{body}</div> }.into_any();
    }
    let watch = ctx.watch(&slot);
    view! { <div class="item" hidden=move || !watch.enabled()>{body}</div> }.into_any()
}

fn text_of(ctx: &FormCtx, id: ItemId) -> impl Fn() -> String + Send + Sync + 'static {
    let def = ctx.def.clone();
    let i = ctx.i;
    move || {
        let item = def.item(id);
        let text = item.text.get(i.code());
        match &item.prefix {
            Some(p) => format!("{p} {text}"),
            None => text.to_string(),
        }
    }
}

/// "Wat betekent dit?": the item's explanations ([`Item::help`]), closed until asked for. A
/// `<details>` opens with Enter or Space and is announced as such; it is there from the first
/// render and sits below the answers, so opening it moves nothing the person is about to tap.
fn help_view(ctx: &FormCtx, id: ItemId) -> Option<AnyView> {
    let help = ctx.def.item(id).help.clone();
    if help.is_empty() {
        return None;
    }
    let i = ctx.i;
    let texts = help.into_iter().map(|t| view! { <p>{move || t.get(i.code()).to_string()}</p> }).collect_view();
    Some(
        view! {
            <details class="help">
                <summary>{i.text("form.help")}</summary>
                <div class="help-text">{texts}</div>
            </details>
        }
        .into_any(),
    )
}

/// Items drawn at once in a group (a few screenfuls); the rest follow in parts of [`LATER_PART`],
/// each in a task of its own. A screen of a thousand questions can be answered as soon as its
/// first part is there, and a tap while the rest is drawn waits for one small part only.
/// Measured at 4× CPU slowdown, 1000 questions (README, "Metingen"): parts of 16 answer a tap
/// during drawing in 183 ms and draw all in 9.8 s; parts of 48 in 557 ms and 7.6 s; all at
/// once (no parts) 4.2 s, but nothing can be answered before then. While drawing, each later
/// part is a box the browser skips when it is out of view (`content-visibility`; one per part,
/// not per item: a thousand such boxes cost each frame more than they save). Measured in one run
/// against the build without (README, "Metingen"): all drawn in 4.2 s instead of 6.7 s, a tap
/// during drawing on screen in 55 ms instead of 165 ms.
const FIRST_PART: usize = 24;
const LATER_PART: usize = 16;

fn children(ctx: &FormCtx, id: ItemId, reps: &[u32]) -> AnyView {
    let kids = ctx.def.item(id).children.clone();
    let draw = {
        let ctx = ctx.clone();
        let reps = reps.to_vec();
        move |part: &[ItemId]| -> Vec<AnyView> {
            part.iter().map(|&c| item_view(ctx.clone(), c, reps.clone(), false)).collect()
        }
    };
    if kids.len() <= FIRST_PART {
        return draw(&kids).into_any();
    }
    // How many later parts may be drawn: one more after each part, in a new task. `try_update`:
    // the screen may have been left in between. (One counter and views of one type: each new
    // type would be more code in the first download.)
    let ready = RwSignal::new(0usize);
    let more = move || {
        set_timeout(
            move || {
                let _ = ready.try_update(|n| *n += 1);
            },
            std::time::Duration::ZERO,
        )
    };
    more();
    // While the screen is drawn, a part out of view is a box the browser skips (style:
    // `.later-part.drawing`, `content-visibility`). Once all parts are there, the boxes are
    // dropped one part per task, first to last (`ready` counts on): Chromium leaves skipped
    // content out of the accessibility tree, and a screen reader must find every question. All
    // at once would be one long layout of the whole screen (up to 380 ms measured at 4×).
    let parts = (kids.len() - FIRST_PART).div_ceil(LATER_PART);
    let mut views = draw(&kids[..FIRST_PART]);
    for (k, part) in kids[FIRST_PART..].chunks(LATER_PART).enumerate() {
        let (draw, part) = (draw.clone(), part.to_vec());
        // Untracked: only `ready` may redraw a part; a signal read while its items are built
        // belongs to those items. `Memo`: the part is drawn once, not again at each later count.
        let shown = Memo::new(move |_| ready.get() > k);
        let skipped = Memo::new(move |_| ready.get() <= parts + k);
        views.push(
            (move || {
                shown.get().then(|| {
                    more();
                    let items = untrack(|| draw(&part));
                    // When this part's box is dropped, the next part's turn comes in a new task.
                    let drawing = move || {
                        let skipped = skipped.get();
                        if !skipped {
                            more();
                        }
                        skipped
                    };
                    view! { <div class="later-part" class:drawing=drawing>{items}</div> }
                })
            })
            .into_any(),
        );
    }
    views.into_any()
}

fn group(ctx: FormCtx, id: ItemId, reps: Vec<u32>, top: bool) -> AnyView {
    let text = text_of(&ctx, id);
    let has_text = !ctx.def.item(id).text.is_empty();
    let inner = children(&ctx, id, &reps);
    let help = help_view(&ctx, id);
    if top {
        view! {
            <section class="group top">
                {has_text.then(|| view! { <h2 tabindex="-1">{super::area_icon::for_group(&ctx.def, id)}{text}</h2> })}
                {help}
                {inner}
            </section>
        }
        .into_any()
    } else {
        view! {
            <section class="group">
                {has_text.then(|| view! { <h3>{text}</h3> })}
                {help}
                {inner}
            </section>
        }
        .into_any()
    }
}

fn repeating_group(ctx: FormCtx, id: ItemId, reps: Vec<u32>, top: bool) -> AnyView {
    let slot = Slot::new(id, reps.clone());
    let form = ctx.form;
    let i = ctx.i;
    let watch = ctx.watch(&slot);
    let count = Memo::new(move |_| watch.with(|f, s| f.group_count(s)));
    let title = Arc::new(text_of(&ctx, id));
    let heading = text_of(&ctx, id);
    let add_slot = slot.clone();
    let ctx2 = ctx.clone();
    let instances = move || {
        let n = count.get();
        (0..n)
            .map(|k| {
                let mut inner_reps = reps.clone();
                inner_reps.push(k);
                let remove_slot = slot.clone();
                let title = title.clone();
                let label = move || i.trf("form.group_instance", &[("title", &title()), ("n", &(k + 1).to_string())]);
                view! {
                    <fieldset class="repeat">
                        <legend>{label}</legend>
                        {children(&ctx2, id, &inner_reps)}
                        {(n > 1).then(|| view! {
                            <button type="button" class="secondary small"
                                on:click=move |_| form.update(|f| f.remove_group_instance(&remove_slot, k))>
                                {i.text("form.remove_group")}
                            </button>
                        })}
                    </fieldset>
                }
            })
            .collect_view()
    };
    let heading = if top {
        view! { <h2 tabindex="-1">{heading}</h2> }.into_any()
    } else {
        view! { <h3>{heading}</h3> }.into_any()
    };
    let help = help_view(&ctx, id);
    view! {
        <section class=if top { "group top" } else { "group" }>
            {heading}
            {help}
            {instances}
            <button type="button" class="secondary" on:click=move |_| form.update(|f| f.add_group_instance(add_slot.clone()))>
                {i.text("form.add_group")}
            </button>
        </section>
    }
    .into_any()
}

/// An id for the element of an answer slot, unique on the page.
fn dom_id(slot: &Slot) -> String {
    let mut s = format!("v{}", slot.item);
    for r in &slot.reps {
        s.push_str(&format!("-{r}"));
    }
    s
}

fn question(ctx: FormCtx, slot: Slot) -> AnyView {
    let item: &Item = ctx.def.item(slot.item);
    let i = ctx.i;
    let id = dom_id(&slot);
    let msg_id = format!("{id}-msg");
    let required = item.required;
    let marker = required_marker(&ctx, slot.item, required);
    let watch = ctx.watch(&slot);
    let has_message = {
        let w = watch.clone();
        move || w.message().is_some()
    };
    let described_by = {
        let w = watch.clone();
        let msg_id = msg_id.clone();
        move || w.message().is_some().then(|| msg_id.clone())
    };
    // Only a slot with a message has the element: no work for the others.
    let message_view = {
        let w = watch.clone();
        move || {
            let text = w.message()?.text(i.code());
            Some(view! { <p id=msg_id.clone() class="message">{text}</p> })
        }
    };
    let label = text_of(&ctx, slot.item);
    let help = help_view(&ctx, slot.item);

    if item.options_missing {
        return view! {
            <div class="question">
                <p class="question-text">{label}</p>
                <p class="hint">{i.text("form.options_missing")}</p>
                {help}
            </div>
        }
        .into_any();
    }

    let choice_like = matches!(item.kind, ItemType::Choice | ItemType::OpenChoice | ItemType::Boolean);
    if choice_like && item.control == Some(Control::DropDown) && !item.repeats && item.kind != ItemType::Boolean {
        let select = dropdown(&ctx, &watch, &id, has_message.clone(), described_by.clone());
        return view! {
            <div class="question">
                <label for=id.clone() class="question-text">{label} " " <span class="marker">{marker}</span></label>
                <ReadAloud what=What::question(&ctx.def, slot.item)/>
                {select}
                {message_view}
                {help}
            </div>
        }
        .into_any();
    }
    if choice_like {
        let options = option_list(&ctx, &watch, &id);
        let other = (item.kind == ItemType::OpenChoice).then(|| other_field(&ctx, &slot, &id));
        return view! {
            <fieldset class="question" aria-describedby=described_by aria-invalid=move || has_message().to_string()>
                <legend class="question-text">{label} " " <span class="marker">{marker}</span></legend>
                <ReadAloud what=What::question(&ctx.def, slot.item)/>
                <div class="options">{options}</div>
                {other}
                {message_view}
                {help}
            </fieldset>
        }
        .into_any();
    }

    let control = text_control(&ctx, &watch, &id, has_message, described_by);
    view! {
        <div class="question">
            <label for=id.clone() class="question-text">{label} " " <span class="marker">{marker}</span></label>
            <ReadAloud what=What::question(&ctx.def, slot.item)/>
            {control}
            {message_view}
            {help}
        </div>
    }
    .into_any()
}

/// "(verplicht)" after a required question's text; not twice, since a questionnaire may already
/// say it in its own text. Other questions get an empty marker and no work.
fn required_marker(ctx: &FormCtx, id: ItemId, required: bool) -> AnyView {
    if !required {
        return view! { <span class="marker"></span> }.into_any();
    }
    let i = ctx.i;
    let own_text = text_of(ctx, id);
    let marker = move || {
        let m = i.tr("form.required");
        if own_text().contains(&m) {
            String::new()
        } else {
            m
        }
    };
    view! { <span class="marker">{marker}</span> }.into_any()
}

/// Radio buttons (one answer) or check boxes (`repeats`) for the item's options; a boolean
/// gets Ja / Nee.
fn option_list(ctx: &FormCtx, watch: &SlotWatch, id: &str) -> AnyView {
    let slot = &watch.slot;
    let item = ctx.def.item(slot.item);
    let i = ctx.i;
    let read_only = item.read_only;
    let multi = item.repeats && item.kind != ItemType::Boolean;
    let options: Vec<(AnswerValue, Option<AnswerOption>)> = if item.kind == ItemType::Boolean {
        vec![(AnswerValue::Boolean(true), None), (AnswerValue::Boolean(false), None)]
    } else {
        item.options.iter().map(|o| (o.value.clone(), Some(o.clone()))).collect()
    };
    options
        .into_iter()
        .enumerate()
        .map(|(k, (value, opt))| {
            let oid = format!("{id}-{k}");
            let w = watch.clone();
            let checked_value = value.clone();
            let checked = move || w.has_answer(&checked_value);
            let change_slot = slot.clone();
            let ctx = ctx.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let v = value.clone();
                ctx.form.update(|f| {
                    if multi {
                        f.toggle(change_slot.clone(), v, on)
                    } else if on {
                        f.set_answer(change_slot.clone(), Some(v))
                    }
                });
                ctx.revalidate();
            };
            let label = move || match &opt {
                Some(o) => o.label.get(i.code()).to_string(),
                None if k == 0 => i.tr("form.yes"),
                None => i.tr("form.no"),
            };
            view! {
                <div class="option">
                    <input type=if multi { "checkbox" } else { "radio" } id=oid.clone() name=id.to_string()
                        prop:checked=checked on:change=on_change disabled=read_only/>
                    <label for=oid>{label}</label>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

/// "Anders, namelijk": free text beside the options of an open-choice item.
fn other_field(ctx: &FormCtx, slot: &Slot, id: &str) -> AnyView {
    let i = ctx.i;
    let other_id = format!("{id}-other");
    let item = ctx.def.item(slot.item);
    let initial = ctx.form.with_untracked(|f| {
        f.answers(slot)
            .iter()
            .find(|a| matches!(a, AnswerValue::String(_)) && !item.options.iter().any(|o| o.value.matches(a)))
            .map(|a| input_text(a, i.lang.get_untracked().decimal_comma))
            .unwrap_or_default()
    });
    let ctx = ctx.clone();
    let slot = slot.clone();
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let def = ctx.def.clone();
        let item = def.item(slot.item);
        ctx.form.update(|f| {
            let mut answers: Vec<AnswerValue> = f
                .answers(&slot)
                .iter()
                .filter(|a| item.options.iter().any(|o| o.value.matches(a) && !matches!(a, AnswerValue::String(_))))
                .cloned()
                .collect();
            if !item.repeats {
                answers.clear();
            }
            if !text.trim().is_empty() {
                answers.push(AnswerValue::String(text));
            }
            f.set_answers(slot.clone(), answers);
        });
        ctx.revalidate();
    };
    view! {
        <div class="other">
            <label for=other_id.clone()>{i.text("form.other")}</label>
            <input id=other_id type="text" prop:value=initial on:input=on_input/>
        </div>
    }
    .into_any()
}

fn dropdown(
    ctx: &FormCtx,
    watch: &SlotWatch,
    id: &str,
    invalid: impl Fn() -> bool + Send + Sync + 'static,
    described_by: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> AnyView {
    let slot = &watch.slot;
    let item = ctx.def.item(slot.item);
    let i = ctx.i;
    let values: Vec<AnswerValue> = item.options.iter().map(|o| o.value.clone()).collect();
    let options = item
        .options
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let label = o.label.clone();
            let v = o.value.clone();
            let w = watch.clone();
            view! {
                <option value=k.to_string() prop:selected=move || w.has_answer(&v)>
                    {move || label.get(i.code()).to_string()}
                </option>
            }
        })
        .collect_view();
    let ctx = ctx.clone();
    let slot = slot.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|k| values.get(k).cloned());
        ctx.form.update(|f| f.set_answer(slot.clone(), chosen));
        ctx.revalidate();
    };
    view! {
        <select id=id.to_string() on:change=on_change aria-invalid=move || invalid().to_string() aria-describedby=described_by
            disabled=item.read_only>
            <option value="">{i.text("form.choose")}</option>
            {options}
        </select>
    }
    .into_any()
}

/// Inputs for typed answers: numbers, text, dates and times; a slider where asked for.
fn text_control(
    ctx: &FormCtx,
    watch: &SlotWatch,
    id: &str,
    invalid: impl Fn() -> bool + Send + Sync + Clone + 'static,
    described_by: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
) -> AnyView {
    let slot = &watch.slot;
    let item = ctx.def.item(slot.item);
    let i = ctx.i;
    let comma = i.lang.get_untracked().decimal_comma;
    let initial =
        ctx.form.with_untracked(|f| f.answers(slot).first().map(|a| input_text(a, comma)).unwrap_or_default());
    let store = {
        let ctx = ctx.clone();
        let slot = slot.clone();
        move |raw: String, show_problem: bool| {
            let def = ctx.def.clone();
            match parse_input(def.item(slot.item), &raw) {
                Ok(v) => {
                    ctx.input_problems.update(|m| {
                        m.remove(&slot);
                    });
                    ctx.form.update(|f| f.set_answer(slot.clone(), v));
                }
                Err(p) if show_problem => ctx.input_problems.update(|m| {
                    m.insert(slot.clone(), p);
                }),
                Err(_) => {}
            }
            ctx.revalidate();
        }
    };
    let store_input = store.clone();
    let on_input = move |ev: leptos::ev::Event| store_input(event_target_value(&ev), false);
    let on_change = move |ev: leptos::ev::Event| store(event_target_value(&ev), true);
    let read_only = item.read_only;
    let max_length = item.max_length.map(|m| m.to_string());
    let id = id.to_string();

    if item.kind == ItemType::Text {
        return view! {
            <textarea id=id rows="4" on:input=on_input on:change=on_change readonly=read_only maxlength=max_length
                aria-invalid=move || invalid().to_string() aria-describedby=described_by prop:value=initial></textarea>
        }
        .into_any();
    }
    let slider_bounds = match (item.control, &item.min_value, &item.max_value) {
        (Some(Control::Slider), Some(AnswerValue::Integer(lo)), Some(AnswerValue::Integer(hi))) => Some((*lo, *hi)),
        _ => None,
    };
    if let Some((lo, hi)) = slider_bounds {
        let w = watch.clone();
        let shown = move || {
            let comma = i.lang.get().decimal_comma;
            let v = w.with(|f, s| f.answers(s).first().map(|a| input_text(a, comma))).unwrap_or_else(|| "–".into());
            i.trf("form.slider_value", &[("value", &v)])
        };
        let start = if initial.is_empty() { ((lo + hi) / 2).to_string() } else { initial.clone() };
        return view! {
            <div class="slider">
                <span aria-hidden="true">{lo}</span>
                <input id=id type="range" min=lo max=hi step="1" prop:value=start on:input=on_input on:change=on_change
                    disabled=read_only aria-describedby=described_by/>
                <span aria-hidden="true">{hi}</span>
                <output>{shown}</output>
            </div>
        }
        .into_any();
    }
    let (input_type, input_mode) = match item.kind {
        ItemType::Integer => ("text", Some("numeric")),
        ItemType::Decimal => ("text", Some("decimal")),
        ItemType::Date => ("date", None),
        ItemType::DateTime => ("datetime-local", None),
        ItemType::Time => ("time", None),
        _ => ("text", None),
    };
    view! {
        <input id=id type=input_type inputmode=input_mode prop:value=initial on:input=on_input on:change=on_change
            readonly=read_only maxlength=max_length autocomplete="off"
            aria-invalid=move || invalid().to_string() aria-describedby=described_by/>
    }
    .into_any()
}
