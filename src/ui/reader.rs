//! Read-aloud, the part fetched at the first press of "Lees voor" (`parts::read_aloud`): finds
//! a voice on the device, reads the question and its options (or the screen), lights up the
//! part being read, and shows the speed setting, the "no voice" message and the offer of a
//! voice on a company's server under the button. The decisions are in `crate::read_aloud`, the
//! browser's speech in `web::speech`; the button itself is `ui::read_aloud`.

use super::read_aloud::{Reader, ReaderApi, Status, What};
use crate::engine::ItemType;
use crate::read_aloud::{
    block_parts, choose_voice, end_block, is_stop_error, question_parts, speech_tag, Part, Speed, Target, VoiceChoice,
    VoiceInfo, SPEED_KEY,
};
use crate::web::speech::{self, Reading, SpeechEvent, Voice};
use crate::web::storage;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::Element;

pub fn api() -> ReaderApi {
    ReaderApi { press, gone, panel }
}

/// How long to wait for the browser's voices before saying there is none (Chrome: well under a
/// second; a slow phone gets some more).
const VOICE_WAIT_MS: i32 = 2500;

/// The class that lights up the part being read (see `style/main.css`).
const LIT: &str = "reading-now";

/// The reading going on: one on the page at a time.
struct Active {
    reader: Reader,
    parts: Vec<Part>,
    targets: Vec<Option<Element>>,
    /// The first part given to the browser (a restart at another speed starts halfway): its
    /// events count from there.
    from: usize,
    /// The part being read (for a restart at another speed).
    now: usize,
    lit: Option<Element>,
    /// Held so the browser's events reach us; dropped (handlers detached) when reading stops.
    _reading: Reading,
}

thread_local! {
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
    /// Server voices the person chose, per language tag: for this visit only. After a reload
    /// the device's voices are the default again and the choice is asked anew.
    static CHOSEN_SERVER: RefCell<Vec<(&'static str, String)>> = const { RefCell::new(Vec::new()) };
    static SPEED: Cell<Option<Speed>> = const { Cell::new(None) };
}

fn speed() -> Speed {
    SPEED.get().unwrap_or_else(|| {
        let s = storage::get(SPEED_KEY).ok().flatten().map(|c| Speed::parse(&c)).unwrap_or_default();
        SPEED.set(Some(s));
        s
    })
}

fn press(r: &Reader) {
    if r.status.get_untracked() != Status::Idle {
        stop_active();
        r.status.set(Status::Idle);
        return;
    }
    start(r.clone(), 0);
}

fn gone(id: u32) {
    if ACTIVE.with_borrow(|a| a.as_ref().is_some_and(|a| a.reader.id == id)) {
        stop_active();
    }
}

/// Stops the reading going on, if any: the browser's queue is emptied, the light goes out and
/// its button says "Lees voor" again.
fn stop_active() {
    let Some(a) = ACTIVE.take() else { return };
    speech::stop();
    if let Some(el) = &a.lit {
        let _ = el.class_list().remove_1(LIT);
    }
    a.reader.status.try_set(Status::Idle);
    // `a` is dropped here: its handlers are detached before the browser's late events come.
}

/// Starts reading `r` from part `from`: with the voices the browser has now (so the speech
/// starts inside the press), else after waiting for them.
fn start(r: Reader, from: usize) {
    stop_active();
    r.note.set(None);
    r.offer.set(None);
    let tag = speech_tag(r.i.lang.get_untracked().code);
    if speech::synthesis().is_none() {
        r.status.set(Status::Idle);
        r.note.set(Some("read_aloud.no_voice"));
        return;
    }
    let voices = speech::voices_now();
    if !voices.is_empty() {
        return read_with(r, voices, tag, from);
    }
    r.status.set(Status::Loading);
    leptos::task::spawn_local(async move {
        let voices = speech::voices(VOICE_WAIT_MS).await;
        // Stopped, or the screen went away, while waiting.
        if r.status.try_get_untracked() == Some(Status::Loading) {
            read_with(r, voices, tag, from);
        }
    });
}

fn read_with(r: Reader, voices: Vec<Voice>, tag: &'static str, from: usize) {
    let infos: Vec<VoiceInfo> = voices.iter().map(|v| v.info.clone()).collect();
    let k = match choose_voice(&infos, tag) {
        VoiceChoice::Device(k) => k,
        VoiceChoice::ServerOnly(offered) => {
            let chosen = CHOSEN_SERVER.with_borrow(|c| c.iter().find(|(t, _)| *t == tag).map(|(_, n)| n.clone()));
            match offered.iter().copied().find(|&k| Some(&infos[k].name) == chosen.as_ref()) {
                Some(k) => k,
                None => {
                    r.status.set(Status::Idle);
                    r.note.set(Some("read_aloud.no_device_voice"));
                    r.offer.set(Some(infos[offered[0]].name.clone()));
                    return;
                }
            }
        }
        VoiceChoice::None => {
            r.status.set(Status::Idle);
            r.note.set(Some("read_aloud.no_voice"));
            return;
        }
    };
    let (parts, targets) = what_to_read(&r);
    if from >= parts.len() {
        r.status.set(Status::Idle);
        return;
    }
    let id = r.id;
    let on_event = move |e: SpeechEvent| on_event(id, e);
    let Some(reading) = speech::speak(&parts[from..], &voices[k].raw, tag, speed().rate(), on_event) else {
        r.status.set(Status::Idle);
        r.note.set(Some("read_aloud.failed"));
        return;
    };
    r.status.set(Status::Reading);
    r.used.set(true);
    ACTIVE.set(Some(Active { reader: r, parts, targets, from, now: from, lit: None, _reading: reading }));
}

fn on_event(id: u32, e: SpeechEvent) {
    let mut finished = false;
    let mut failed = false;
    ACTIVE.with_borrow_mut(|a| {
        let Some(a) = a.as_mut().filter(|a| a.reader.id == id) else { return };
        match e {
            SpeechEvent::Start(k) => {
                let k = k + a.from;
                a.now = k;
                if let Some(el) = a.lit.take() {
                    let _ = el.class_list().remove_1(LIT);
                }
                let target = a.targets.get(k).cloned().flatten();
                if let Some(el) = &target {
                    let _ = el.class_list().add_1(LIT);
                    scroll_nearest(el);
                }
                a.lit = target;
            }
            SpeechEvent::End(k) => finished = k + a.from + 1 == a.parts.len(),
            // Our own stops detach the handlers first: an "interrupted" that still comes here
            // is someone else's (another tab, the phone), and this reading is over too.
            SpeechEvent::Error(_, code) => {
                finished = true;
                failed = !is_stop_error(&code);
            }
        }
    });
    if finished || failed {
        let reader = ACTIVE.with_borrow(|a| a.as_ref().map(|a| a.reader.clone()));
        stop_active();
        if let (true, Some(r)) = (failed, reader) {
            r.note.try_set(Some("read_aloud.failed"));
        }
    }
}

/// Brings the part being read into view when it is not (a long result screen on a phone).
fn scroll_nearest(el: &Element) {
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"block".into(), &"nearest".into());
    if let Ok(f) = js_sys::Reflect::get(el, &"scrollIntoView".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call1(el, &opts);
    }
}

/// The parts to read and, for each, the element to light up.
fn what_to_read(r: &Reader) -> (Vec<Part>, Vec<Option<Element>>) {
    let Some(container) = r.node.get_untracked().and_then(|n| n.parent_element()) else {
        return (Vec::new(), Vec::new());
    };
    let code = r.i.lang.get_untracked().code;
    match &r.what {
        What::Question { def, item } => {
            let item = def.item(*item);
            let text = item.text.get(code);
            let question = match &item.prefix {
                Some(p) => format!("{p} {text}"),
                None => text.to_string(),
            };
            let options: Vec<String> = if item.kind == ItemType::Boolean {
                vec![crate::i18n::t(code, "form.yes"), crate::i18n::t(code, "form.no")]
            } else if item.options_missing {
                Vec::new()
            } else {
                item.options.iter().map(|o| o.label.get(code).to_string()).collect()
            };
            let other = (item.kind == ItemType::OpenChoice).then(|| crate::i18n::t(code, "form.other"));
            let parts = question_parts(&question, &options, other.as_deref());
            let boxes = all(&container, ".option");
            let find = |sel: &str| container.query_selector(sel).ok().flatten();
            let targets = parts
                .iter()
                .map(|p| match p.target {
                    Target::Question => find(".question-text"),
                    // A drop-down list has no box per option: the list itself lights up.
                    Target::Option(k) => boxes.get(k).cloned().or_else(|| find("select")),
                    Target::Other => find(".other"),
                    Target::Block(_) => None,
                })
                .collect();
            (parts, targets)
        }
        What::Screen => {
            let (elements, texts): (Vec<Element>, Vec<String>) = screen_blocks(&container).into_iter().unzip();
            let parts = block_parts(&texts);
            let targets = parts
                .iter()
                .map(|p| match p.target {
                    Target::Block(k) => elements.get(k).cloned(),
                    _ => None,
                })
                .collect();
            (parts, targets)
        }
    }
}

fn all(container: &Element, sel: &str) -> Vec<Element> {
    let Ok(list) = container.query_selector_all(sel) else { return Vec::new() };
    (0..list.length()).filter_map(|k| list.item(k)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

/// What a screen reads: its headings, paragraphs, list items and table rows, in order, each
/// once (a paragraph in a list item is part of the item). What is not shown, is hidden from
/// screen readers (the result's picture repeats the text) or is a button, is not read.
const BLOCKS: &str = "h1, h2, h3, h4, p, li, tr, caption, dt, dd, figcaption";

fn screen_blocks(container: &Element) -> Vec<(Element, String)> {
    let mut out: Vec<(Element, String)> = Vec::new();
    for el in all(container, BLOCKS) {
        // Document order: a block's own blocks come right after it.
        if out.last().is_some_and(|(b, _)| b.contains(Some(&el))) {
            continue;
        }
        if el.closest(".read-aloud, [aria-hidden='true']").ok().flatten().is_some() || !shown(&el) {
            continue;
        }
        let mut text = String::new();
        text_of(&el, &mut text);
        out.push((el, crate::read_aloud::clean_text(&text)));
    }
    out
}

fn shown(el: &Element) -> bool {
    el.get_client_rects().length() > 0
}

/// The text a sighted reader sees in `node`, with a pause between table cells.
fn text_of(node: &web_sys::Node, out: &mut String) {
    let children = node.child_nodes();
    for k in 0..children.length() {
        let Some(child) = children.item(k) else { continue };
        if child.node_type() == web_sys::Node::TEXT_NODE {
            out.push_str(&child.text_content().unwrap_or_default());
            continue;
        }
        let Ok(el) = child.dyn_into::<Element>() else { continue };
        let tag = el.tag_name().to_ascii_uppercase();
        if matches!(tag.as_str(), "BUTTON" | "SELECT" | "TEXTAREA" | "INPUT" | "SCRIPT" | "STYLE" | "TEMPLATE" | "SVG")
            || el.get_attribute("aria-hidden").as_deref() == Some("true")
            || !shown(&el)
        {
            continue;
        }
        if tag == "DETAILS" && !el.has_attribute("open") {
            if let Some(summary) = el.query_selector("summary").ok().flatten() {
                text_of(&summary, out);
            }
            continue;
        }
        text_of(&el, out);
        match tag.as_str() {
            "TD" | "TH" | "DT" => end_block(out, ','),
            "P" | "DIV" | "LI" | "BR" | "H1" | "H2" | "H3" | "H4" | "H5" | "UL" | "OL" | "DD" | "SUMMARY"
            | "SECTION" | "LABEL" | "LEGEND" | "FIGCAPTION" | "CAPTION" => end_block(out, '.'),
            _ => {}
        }
    }
}

/// Under the button: the offer of a server voice (with its warning) and the speed setting.
fn panel(r: Reader) -> AnyView {
    let i = r.i;
    // Another language: what was read no longer fits the screen.
    {
        let r = r.clone();
        Effect::new(move |prev: Option<&'static str>| {
            let code = i.code();
            if prev.is_some_and(|p| p != code) {
                gone(r.id);
                r.note.set(None);
                r.offer.set(None);
            }
            code
        });
    }
    // A message (no voice, the offer) comes into view where the person pressed.
    {
        let (note, node) = (r.note, r.node);
        Effect::new(move |_| {
            if note.get().is_some() {
                request_animation_frame(move || {
                    if let Some(el) = node.get_untracked() {
                        scroll_nearest(&el);
                    }
                });
            }
        });
    }
    let offer = r.offer;
    let choose = {
        let r = r.clone();
        move |_| {
            let Some(name) = r.offer.get_untracked() else { return };
            let tag = speech_tag(r.i.lang.get_untracked().code);
            CHOSEN_SERVER.with_borrow_mut(|c| {
                c.retain(|(t, _)| *t != tag);
                c.push((tag, name));
            });
            start(r.clone(), 0);
        }
    };
    let speed_id = format!("read-aloud-speed-{}", r.id);
    let chosen = RwSignal::new(speed());
    let on_speed = {
        let r = r.clone();
        move |ev: leptos::ev::Event| {
            let s = Speed::parse(&event_target_value(&ev));
            SPEED.set(Some(s));
            chosen.set(s);
            // A preference is not worth an error message when it cannot be kept (a locked map).
            let _ = storage::set(SPEED_KEY, s.code());
            // Reading now: the part being read starts again at the new speed.
            let now = ACTIVE.with_borrow(|a| a.as_ref().filter(|a| a.reader.id == r.id).map(|a| a.now));
            if let Some(now) = now {
                start(r.clone(), now);
            }
        }
    };
    let used = r.used;
    view! {
        {move || offer.get().map(|name| view! {
            <div class="read-aloud-offer">
                <p>{i.trf("read_aloud.server_warning", &[("voice", &name)])}</p>
                <button type="button" class="secondary small" on:click=choose.clone()>{i.tr("read_aloud.use_server_voice")}</button>
            </div>
        })}
        <p class="read-aloud-speed" hidden=move || !used.get()>
            <label for=speed_id.clone()>{i.text("read_aloud.speed")}</label>
            " "
            <select id=speed_id on:change=on_speed>
                {Speed::ALL.into_iter().map(|s| view! {
                    <option value=s.code() selected=move || chosen.get() == s>{i.text(s.label_key())}</option>
                }).collect_view()}
            </select>
        </p>
    }
    .into_any()
}
