//! The browser's speech synthesis (Web Speech API: `speechSynthesis`, `SpeechSynthesisUtterance`)
//! for read-aloud. Which voice and what to read is decided in `crate::read_aloud`; this only
//! lists the voices, speaks, stops, and reports each utterance's start, end and error.
//!
//! Nothing here sends anything: a voice with `localService: false` may, which is why
//! `crate::read_aloud::choose_voice` never picks one by itself.

use crate::read_aloud::{Part, VoiceInfo};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

/// The browser's `speechSynthesis`, where there is one (not in every browser or web view).
pub fn synthesis() -> Option<SpeechSynthesis> {
    let w = web_sys::window()?;
    let s = js_sys::Reflect::get(&w, &"speechSynthesis".into()).ok()?;
    // Objects only: checked by hand, since a test's stand-in is no real SpeechSynthesis.
    s.is_object().then(|| s.unchecked_into())
}

/// A voice: what `crate::read_aloud` decides on, and the browser's object to speak with.
pub struct Voice {
    pub info: VoiceInfo,
    pub raw: SpeechSynthesisVoice,
}

fn read_voices(s: &SpeechSynthesis) -> Vec<Voice> {
    s.get_voices()
        .iter()
        .map(|v| {
            let raw: SpeechSynthesisVoice = v.unchecked_into();
            let info =
                VoiceInfo { name: raw.name(), lang: raw.lang(), local: raw.local_service(), default: raw.default() };
            Voice { info, raw }
        })
        .collect()
}

/// The voices the browser has now. Empty before it has loaded them (see [`voices`]).
pub fn voices_now() -> Vec<Voice> {
    synthesis().map(|s| read_voices(&s)).unwrap_or_default()
}

/// The voices, waiting up to `wait_ms` for them when there are none yet: `getVoices()` is empty
/// until the browser fires `voiceschanged` (Chrome loads its voices after the page), so "no
/// voice" is only said after that wait.
pub async fn voices(wait_ms: i32) -> Vec<Voice> {
    let Some(s) = synthesis() else { return Vec::new() };
    let now = read_voices(&s);
    if !now.is_empty() {
        return now;
    }
    let mut resolver: Option<js_sys::Function> = None;
    let ready = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let _ = s.add_event_listener_with_callback("voiceschanged", &resolve);
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, wait_ms);
        }
        resolver = Some(resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(ready).await;
    if let Some(resolve) = resolver {
        let _ = s.remove_event_listener_with_callback("voiceschanged", &resolve);
    }
    read_voices(&s)
}

/// What happened to part `k` of a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechEvent {
    Start(usize),
    End(usize),
    /// The `error` event's code (`interrupted`, `canceled` after a stop; `not-allowed`,
    /// `synthesis-failed`, … when reading failed).
    Error(usize, String),
}

type Handler = Closure<dyn FnMut(JsValue)>;

/// The utterances of one reading, queued in the browser, with their event handlers.
/// Dropping it detaches the handlers first, so the browser's late events after a stop call
/// nothing that is gone.
pub struct Reading {
    utterances: Vec<SpeechSynthesisUtterance>,
    _handlers: Vec<Handler>,
}

impl Drop for Reading {
    fn drop(&mut self) {
        for u in &self.utterances {
            u.set_onstart(None);
            u.set_onend(None);
            u.set_onerror(None);
        }
    }
}

/// Queues `parts` with `voice` (always set: left empty, the browser may pick a server voice),
/// in `lang` at `rate`. `on` hears every start, end and error. All parts are queued at once,
/// inside the press that started them: some browsers speak only in answer to a press.
pub fn speak(
    parts: &[Part],
    voice: &SpeechSynthesisVoice,
    lang: &str,
    rate: f32,
    on: impl Fn(SpeechEvent) + 'static,
) -> Option<Reading> {
    let s = synthesis()?;
    // Whatever still reads (another page's reading, a reading cut off by a crash) stops first.
    s.cancel();
    let on = Rc::new(on);
    let mut utterances = Vec::with_capacity(parts.len());
    let mut handlers = Vec::with_capacity(parts.len() * 3);
    for (k, part) in parts.iter().enumerate() {
        let u = SpeechSynthesisUtterance::new_with_text(&part.text).ok()?;
        u.set_lang(lang);
        u.set_voice(Some(voice));
        u.set_rate(rate);
        let start: Handler = Closure::new({
            let on = on.clone();
            move |_| on(SpeechEvent::Start(k))
        });
        let end: Handler = Closure::new({
            let on = on.clone();
            move |_| on(SpeechEvent::End(k))
        });
        let error: Handler = Closure::new({
            let on = on.clone();
            move |e: JsValue| {
                let code = js_sys::Reflect::get(&e, &"error".into()).ok().and_then(|c| c.as_string());
                on(SpeechEvent::Error(k, code.unwrap_or_default()))
            }
        });
        u.set_onstart(Some(start.as_ref().unchecked_ref()));
        u.set_onend(Some(end.as_ref().unchecked_ref()));
        u.set_onerror(Some(error.as_ref().unchecked_ref()));
        handlers.extend([start, end, error]);
        utterances.push(u);
    }
    for u in &utterances {
        s.speak(u);
    }
    Some(Reading { utterances, _handlers: handlers })
}

/// Stops reading and empties the browser's queue.
pub fn stop() {
    if let Some(s) = synthesis() {
        s.cancel();
    }
}
