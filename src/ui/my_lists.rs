//! "Mijn lijsten": everything Wijkpeil keeps on this device, with its date and status; open,
//! continue, delete one, delete everything; save it all to a file and put a file back; and
//! whether the browser promised to keep it. The rules for files are in `crate::backup`.

use super::answers_page::AnswersLink;
use super::confirm::ConfirmButton;
use super::context::use_router;
use super::i18n::{use_i18n, I18n};
use super::maps_page::{map_name, use_maps_changed, MapsLink};
use super::pin_fields::HandOverPhrase;
use super::reveal::{focus_field_soon, reveal_soon, LiveMessage, Reveal};
use crate::backup::{plan_import, read_file, IncomingFile};
use crate::follow_up::{decode_plans, encode_plans};
use crate::route::{QuestionnaireId, Route};
use crate::self_check::{decode_history, encode_history};
use crate::storage_format::{decode_draft, DraftStatus, FOLLOW_UP_KEY, HISTORY_KEY, PREFIX};
use crate::vault::KdfParams;
use crate::web::{download, fetch, maps, page, storage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One line in the list: what it is, when, its status, and how to open it.
#[derive(Clone)]
struct Entry {
    key: String,
    /// For list entries kept inside one record (history, plans): the entry's id.
    id: Option<String>,
    title: String,
    detail: String,
    open: Option<Route>,
}

fn questionnaire_title(i: I18n, q: &str) -> (String, Option<QuestionnaireId>) {
    let id = QuestionnaireId::ALL.into_iter().find(|x| x.file_id() == q);
    let key = match id {
        Some(QuestionnaireId::FitCheck) => "home.fit.title",
        Some(QuestionnaireId::SelfCheck) => "home.self.title",
        Some(QuestionnaireId::FollowUp) => "home.follow.title",
        Some(QuestionnaireId::FollowUpStart) => "lists.follow_start",
        None => return (q.to_string(), None),
    };
    (i.tr(key), id)
}

/// A date as everywhere else in the app: "25 november 2026".
fn long_date(i: I18n, d: crate::civil_date::CivilDate) -> String {
    page::date_text(i.code(), d.year, d.month, d.day)
}

/// The date part of a stored ISO date-time ("2026-11-22T10:00:00+01:00" → "22 november 2026").
fn day(i: I18n, iso: &str) -> String {
    match iso.get(..10).and_then(crate::civil_date::CivilDate::parse_iso) {
        Some(d) => long_date(i, d),
        None => iso.to_string(),
    }
}

fn entries(i: I18n) -> Result<Vec<Entry>, &'static str> {
    let all = storage::all(PREFIX).map_err(|e| e.message_key())?;
    let mut out = Vec::new();
    for (key, text) in &all {
        let rest = &key[PREFIX.len()..];
        if rest.starts_with("draft:") || rest.starts_with("archive:") {
            let Ok(d) = decode_draft(text) else { continue };
            let (title, id) = questionnaire_title(i, &d.questionnaire);
            let archived = rest.starts_with("archive:");
            let status = match (archived, d.status) {
                (true, _) => i.tr("lists.status.archived"),
                (false, DraftStatus::Completed) => i.tr("lists.status.done"),
                (false, DraftStatus::InProgress) => i.tr("lists.status.busy"),
            };
            let detail = i.trf("lists.changed", &[("date", &day(i, &d.updated)), ("status", &status)]);
            let open = (!archived).then_some(id).flatten().map(Route::Questionnaire);
            out.push(Entry { key: key.clone(), id: None, title, detail, open });
        } else if key == HISTORY_KEY {
            for c in decode_history(text).map(|h| h.entries).unwrap_or_default() {
                let detail = i.trf("lists.check_kept", &[("date", &long_date(i, c.completed))]);
                out.push(Entry {
                    key: key.clone(),
                    id: Some(c.id),
                    title: i.tr("home.self.title"),
                    detail,
                    open: None,
                });
            }
        } else if key == FOLLOW_UP_KEY {
            for p in decode_plans(text).map(|p| p.plans).unwrap_or_default() {
                let detail = i.trf("lists.plan", &[("date", &long_date(i, p.handled))]);
                out.push(Entry {
                    key: key.clone(),
                    id: Some(p.id),
                    title: i.tr("lists.follow_start"),
                    detail,
                    open: None,
                });
            }
        }
    }
    Ok(out)
}

/// Deletes one entry: a whole record, or one entry inside the history or the plans.
fn delete(e: &Entry) -> Result<(), &'static str> {
    let Some(id) = &e.id else { return storage::remove(&e.key).map_err(|x| x.message_key()) };
    let text = storage::get(&e.key).map_err(|x| x.message_key())?.unwrap_or_default();
    let new = if e.key == HISTORY_KEY {
        let mut h = decode_history(&text).map_err(|_| "storage.corrupt")?;
        h.remove(id);
        encode_history(&h)
    } else {
        let mut p = decode_plans(&text).map_err(|_| "storage.corrupt")?;
        p.remove(id);
        encode_plans(&p)
    };
    storage::set(&e.key, &new).map_err(|x| x.message_key())
}

#[component]
pub fn MyLists() -> impl IntoView {
    let i = use_i18n();
    let router = use_router();
    let changed = use_maps_changed();
    // Bumped after every change, so the list is read again from storage.
    let version = RwSignal::new(0u32);
    // Each message sits next to what it is about: the list, the file, the hand-over, wiping.
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let file_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let handover_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let wipe_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let persisted: RwSignal<Option<bool>> = RwSignal::new(None);
    leptos::task::spawn_local(async move { persisted.set(storage::is_persisted().await) });
    let ask_persist = move |_| {
        leptos::task::spawn_local(async move { persisted.set(storage::request_persist().await) });
    };
    // "Overdragen": the file was offered; only then can everything be taken off this device.
    let handed_over_file = RwSignal::new(false);
    let offer = move |file: &str| -> Result<(), String> {
        download::download(&format!("wijkpeil-{}.json", page::today_iso()), "application/json", file)
            .map_err(|_| i.tr("done.download_failed"))
    };
    let save_file = move |msg: RwSignal<Option<String>>| -> bool {
        let result = super::save_status::download_backup().map_err(|k| i.tr(k));
        let ok = result.is_ok();
        msg.set(result.err());
        ok
    };
    let export = move |_| {
        save_file(file_msg);
    };
    // A hand-over file can get its own PIN (it may travel through a chat app or e-mail).
    let file_pin_on = RwSignal::new(false);
    let file_pin = RwSignal::new(String::new());
    let file_pin_again = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let hand_over = move |_| {
        if busy.get_untracked() {
            return;
        }
        if !file_pin_on.get_untracked() {
            return handed_over_file.set(save_file(handover_msg));
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let mut phrase_problem = None;
            let result = match storage::all(PREFIX) {
                Err(e) => Err(i.tr(e.message_key())),
                Ok(records) => {
                    match maps::seal_file(&records, &file_pin.get_untracked(), &file_pin_again.get_untracked()).await {
                        Ok(file) => offer(&file),
                        Err(e) => {
                            phrase_problem = Some(e.message_key()).filter(|k| k.starts_with("phrase."));
                            Err(i.tr(e.message_key()))
                        }
                    }
                }
            };
            busy.set(false);
            handed_over_file.set(result.is_ok());
            handover_msg.set(result.err());
            // What was typed stays; the message is under the phrase fields, focus on the field.
            match phrase_problem {
                Some("phrase.mismatch") => focus_field_soon("#bestand-zin-nog-eens", "#overdragen-pin-bericht"),
                Some(_) => focus_field_soon("#bestand-zin", "#overdragen-pin-bericht"),
                None => {}
            }
        });
    };
    // What an import writes, once the file is read (and opened with its PIN, if it has one).
    let apply = move |incoming: Vec<(String, String)>| {
        let plan = plan_import(&|k| storage::get(k).ok().flatten(), &incoming);
        // "Wat er al stond, is apart bewaard" only when something was there.
        let key = if plan.replaced == 0 { "backup.imported_new" } else { "backup.imported" };
        // The message waits until the records are on disk (or the write failed and was undone).
        leptos::task::spawn_local(async move {
            let result = storage::write_all(&plan.writes).await;
            file_msg.set(Some(match result {
                Ok(()) => i.trf(key, &[("added", &plan.added.to_string()), ("replaced", &plan.replaced.to_string())]),
                Err(e) => i.tr(e.message_key()),
            }));
            version.update(|v| *v += 1);
        });
    };
    // A chosen file that needs its PIN first.
    let pending: RwSignal<Option<(String, KdfParams)>> = RwSignal::new(None);
    let pending_pin = RwSignal::new(String::new());
    let open_pending = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((text, kdf)) = pending.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = maps::open_file(&text, &kdf, &pending_pin.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(records) => {
                    pending_pin.set(String::new());
                    pending.set(None);
                    apply(records);
                }
                // A wrong PIN is cleared, and the message says so; the field gets focus.
                Err(e) if e.message_key() == "backup.wrong_pin" => {
                    pending_pin.set(String::new());
                    file_msg.set(Some(i.tr("backup.wrong_pin_cleared")));
                    focus_field_soon("#bestand-pin", "#bestand-bericht");
                }
                Err(e) => {
                    file_msg.set(Some(i.tr(e.message_key())));
                    focus_field_soon("#bestand-pin", "#bestand-bericht");
                }
            }
        });
    };
    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            // Measured before it is read: a huge file is never loaded into memory.
            if let Err(e) = crate::backup::check_file_size(file.size()) {
                return message.set(Some(i.tr(e.message_key())));
            }
            let text = match fetch::read_file(&file).await {
                Ok(t) => t,
                Err(_) => return file_msg.set(Some(i.tr("backup.not_backup"))),
            };
            match read_file(&text) {
                Ok(IncomingFile::Plain(records)) => {
                    pending.set(None);
                    apply(records);
                }
                Ok(IncomingFile::NeedsPin(kdf)) => {
                    file_msg.set(None);
                    pending.set(Some((text, kdf)));
                    focus_field_soon("#bestand-pin", "#bestand-pin-vraag");
                }
                // The app's own answers file (FHIR): say what it is and what it is for.
                Err(_) if is_fhir_answers(&text) => file_msg.set(Some(i.tr("backup.fhir_file"))),
                Err(e) => file_msg.set(Some(i.tr(e.message_key()))),
            }
        });
    };
    // "Wis alles van dit apparaat": every map on this device, the list of maps and the choices.
    let wipe = Callback::new(move |()| {
        let result = maps::wipe_device();
        wipe_msg.set(Some(match result {
            Ok(()) => i.tr("lists.wiped"),
            Err(e) => i.tr(e.message_key()),
        }));
        version.update(|v| *v += 1);
        changed.bump();
        reveal_soon("#wis-bericht", Reveal::Focus);
    });
    // "Haal deze map hier weg", after "are you sure?": only this map goes, the others stay.
    let removed_msg: RwSignal<Option<String>> = RwSignal::new(None);
    let remove_map = Callback::new(move |()| {
        let result = maps::delete(&storage::active().id);
        removed_msg.set(Some(match result {
            Ok(()) => i.tr("lists.handed_over"),
            Err(e) => i.tr(e.message_key()),
        }));
        handed_over_file.set(false);
        version.update(|v| *v += 1);
        changed.bump();
        reveal_soon("#overdragen-bericht", Reveal::Focus);
    });
    view! {
        <section class="my-lists">
            <h1>{i.text("lists.title")}</h1>
            <p>{i.text("lists.intro")}</p>
            {move || {
                changed.0.track();
                let list = maps::list().unwrap_or_default();
                let open = list.iter().find(|m| m.active).filter(|_| list.len() > 1);
                open.map(|m| {
                    let name = map_name(i, &m.id, m.name.clone());
                    view! { <p>{i.trf("lists.in_map", &[("name", &name)])}</p> }
                })
            }}
            <AnswersLink/>
            <MapsLink/>
            {move || {
                version.track();
                match entries(i) {
                    Err(k) => view! { <p class="notice" role="alert">{i.tr(k)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{i.tr("lists.empty")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="lists">
                            {list.into_iter().map(|e| {
                                let open = e.open.clone();
                                let del = e.clone();
                                let confirm = RwSignal::new(false);
                                let title = e.title.clone();
                                view! {
                                    <li class="list-entry">
                                        <p><strong>{e.title.clone()}</strong><br/>{e.detail.clone()}</p>
                                        <p class="entry-actions">
                                            {open.map(|r| { let href = r.href(); view! {
                                                <a class="button-link" href=href on:click=move |ev| { ev.prevent_default(); router.go(r.clone()); }>{i.tr("lists.open")}</a>
                                            }})}
                                            <button type="button" class="secondary small" hidden=move || confirm.get()
                                                aria-label=i.trf("lists.delete_label", &[("what", &title)])
                                                on:click=move |_| confirm.set(true)>{i.tr("lists.delete")}</button>
                                            <span hidden=move || !confirm.get()>
                                                {i.tr("lists.delete_sure")} " "
                                                <button type="button" class="secondary small" on:click=move |_| {
                                                    message.set(delete(&del).err().map(|k| i.tr(k)));
                                                    version.update(|v| *v += 1);
                                                }>{i.tr("lists.delete_yes")}</button>
                                                <button type="button" class="secondary small" on:click=move |_| confirm.set(false)>{i.tr("lists.no")}</button>
                                            </span>
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            }}
            <LiveMessage id="lijsten-bericht" message=message alert=true/>
            <h2>{i.text("lists.file_title")}</h2>
            <p>{i.text("lists.file_intro")}</p>
            <p><button type="button" class="primary" on:click=export>{i.text("lists.export")}</button></p>
            <p class="file-pick">
                <label for="terugzetten">{i.text("lists.import")}</label>
                <input id="terugzetten" type="file" accept=".json,application/json" on:change=on_import/>
            </p>
            <form class="map-form" hidden=move || pending.with(Option::is_none) on:submit=open_pending>
                <label id="bestand-pin-vraag" for="bestand-pin">{i.text("lists.file_phrase_open")}</label>
                <input id="bestand-pin" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="200"
                    aria-describedby="bestand-bericht"
                    prop:value=move || pending_pin.get() on:input=move |ev| pending_pin.set(event_target_value(&ev))/>
                <p><button type="submit" class="primary" aria-disabled=move || busy.get().to_string()>
                    {move || i.tr(if busy.get() { "lock.busy" } else { "lists.file_open" })}
                </button></p>
            </form>
            <LiveMessage id="bestand-bericht" message=file_msg alert=true/>
            <h2>{i.text("lists.keep_title")}</h2>
            <p>{move || i.tr(match persisted.get() {
                Some(true) => "lists.persisted",
                _ => "lists.not_persisted",
            })}</p>
            {move || (persisted.get() != Some(true)).then(|| view! {
                <p><button type="button" class="secondary" on:click=ask_persist>{i.tr("lists.ask_persist")}</button></p>
            })}
            <h2 id="overdragen">{i.text("lists.handover_title")}</h2>
            <p>{i.text("lists.handover_intro")}</p>
            <ol class="handover-steps">
                <li>{move || i.tr("lists.handover_step1")}</li>
                <li>{move || i.tr("lists.handover_step2")}</li>
                <li>{move || i.tr("lists.handover_step3")}</li>
            </ol>
            <p class="option">
                <input id="bestand-met-pin" type="checkbox" prop:checked=move || file_pin_on.get()
                    on:change=move |ev| file_pin_on.set(event_target_checked(&ev))/>
                <label for="bestand-met-pin">{i.text("lists.handover_phrase")}</label>
            </p>
            <div class="map-form" hidden=move || !file_pin_on.get()>
                <p class="hint" id="bestand-pin-uitleg">{i.text("lists.handover_phrase_hint")}</p>
                <HandOverPhrase phrase=file_pin again=file_pin_again/>
            </div>
            <p class="notice" hidden=move || file_pin_on.get()>{i.text("lists.handover_plain")}</p>
            <LiveMessage id="overdragen-pin-bericht" message=handover_msg alert=true/>
            <p><button type="button" class="secondary" aria-disabled=move || busy.get().to_string() on:click=hand_over>{i.text("lists.handover_file")}</button></p>
            <div hidden=move || !handed_over_file.get()>
                <ConfirmButton id="overdragen-zeker" ask="lists.handover_remove" sure="lists.handover_remove_sure"
                    yes="lists.handover_remove_yes" on_yes=remove_map/>
            </div>
            <LiveMessage id="overdragen-bericht" message=removed_msg/>
            <h2>{i.text("lists.wipe_title")}</h2>
            <p>{i.text("lists.wipe_intro")}</p>
            <ConfirmButton id="wis-zeker" ask="lists.wipe" sure="lists.wipe_sure" yes="lists.wipe_yes" on_yes=wipe/>
            <LiveMessage id="wis-bericht" message=wipe_msg/>
        </section>
    }
    .into_any()
}

/// Is this the app's own download of answers (a FHIR QuestionnaireResponse), not a backup?
fn is_fhir_answers(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("resourceType").and_then(|r| r.as_str()).map(|r| r == "QuestionnaireResponse"))
        .unwrap_or(false)
}
