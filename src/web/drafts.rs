//! Keeping a questionnaire's answers on this device: restore on open, save on every change.
//! A damaged record is set aside under another key (never deleted) and the person is told.

use super::{page, storage};
use crate::engine::{Form, Questionnaire};
use crate::storage::write_queue::Change;
use crate::storage_format::{
    archive_key, current_record_key, decode_draft, draft_key, encode_draft, quarantine_key, DecodeError, Draft,
    DraftStatus,
};
use std::sync::Arc;

pub struct Restored {
    pub form: Form,
    /// The screen the person was on.
    pub page: usize,
    pub finished: bool,
    /// Catalog key of a message to show (storage unavailable, record damaged).
    pub notice: Option<&'static str>,
}

pub fn restore(def: &Arc<Questionnaire>) -> Restored {
    let key = draft_key(&def.storage_key());
    let fresh = |notice| Restored { form: Form::new(def.clone()), page: 0, finished: false, notice };
    match storage::get(&key) {
        Ok(None) => fresh(None),
        Err(e) => fresh(Some(e.message_key())),
        Ok(Some(text)) => match decode_draft(&text) {
            Ok(draft) => {
                let mut form = Form::empty(def.clone());
                draft.apply_to(&mut form);
                Restored { form, page: draft.page, finished: draft.status == DraftStatus::Completed, notice: None }
            }
            // Written by a newer version: leave it where it is, untouched.
            Err(DecodeError::NewerFormat(_)) => fresh(Some("storage.newer")),
            Err(_) => {
                let kept = storage::set(&quarantine_key(&key), &text).is_ok();
                if kept {
                    let _ = storage::remove(&key);
                }
                fresh(Some("storage.corrupt"))
            }
        },
    }
}

pub fn save(form: &Form, status: DraftStatus, page_index: usize) -> Result<(), storage::StorageError> {
    let key = draft_key(&form.def.storage_key());
    let text = encode_draft(&Draft::from_form(form, status, page_index, page::now_iso()));
    storage::set(&key, &text)
}

/// "Opnieuw beginnen": the list is archived under its own key first (never thrown away), then the
/// questionnaire starts empty and the next finish makes a new record.
pub fn start_again(def: &Questionnaire) -> Result<(), storage::StorageError> {
    let q = def.storage_key();
    let key = draft_key(&q);
    if let Some(text) = storage::get(&key)? {
        let archive = match decode_draft(&text) {
            Ok(d) => archive_key(&q, &d.updated),
            Err(_) => quarantine_key(&key),
        };
        storage::set(&archive, &text)?;
        storage::remove(&key)?;
    }
    storage::remove(&current_record_key(&q))
}

/// The answers another tab saved for this questionnaire, when they differ from `current`.
/// `None` for other keys, a removed record, an unreadable one, or the same answers.
pub fn changed_elsewhere(def: &Arc<Questionnaire>, current: &Form, changes: &[Change]) -> Option<Form> {
    let theirs = decode_draft(&storage::changed_elsewhere(changes, &draft_key(&def.storage_key()))??).ok()?;
    let mine = Draft::from_form(current, theirs.status, theirs.page, String::new());
    if mine.answers == theirs.answers && mine.groups == theirs.groups {
        return None;
    }
    let mut form = Form::empty(def.clone());
    theirs.apply_to(&mut form);
    Some(form)
}

/// The id of the record made from the list of `questionnaire_key` now being filled in (a register
/// record, a history entry, a plan): the one given before, so finishing the same list again
/// updates that record; else `fresh()`, which is remembered until "Opnieuw beginnen".
pub fn record_id(questionnaire_key: &str, fresh: impl FnOnce() -> Option<String>) -> Result<String, &'static str> {
    let key = current_record_key(questionnaire_key);
    if let Some(id) = storage::get(&key).map_err(|e| e.message_key())? {
        return Ok(id);
    }
    let id = fresh().ok_or("storage.unavailable")?;
    storage::set(&key, &id).map_err(|e| e.message_key())?;
    Ok(id)
}
