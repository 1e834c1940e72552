//! "Alles bewaren in een bestand" and "Bestand terugzetten": every Wijkpeil record of this device
//! in one file, and that file read back on another device. Pure: the browser adapter passes the
//! stored strings in and writes what [`plan_import`] decides.
//!
//! An import never loses anything: the file is checked completely before anything is written (a
//! damaged or foreign file changes nothing), lists kept under one key (history, follow-up plans)
//! are merged entry by entry, and a record that exists here with other content is first kept
//! under a `before-import` key.

use crate::dossier::{is_device_key, is_map_record_key};
use crate::follow_up::{decode_plans, encode_plans};
use crate::id_list::add_missing;
use crate::outbox::{decode_outbox, encode_outbox, Choice};
use crate::register::parse_record;
use crate::self_check::{decode_agenda, decode_history, encode_history};
use crate::storage_format::{decode_draft, DecodeError, FOLLOW_UP_KEY, HISTORY_KEY, OUTBOX_KEY, PREFIX};
use crate::vault::{self, KdfParams, VaultError, VaultKey};
use serde_json::{json, Map, Value};

pub const BACKUP_KIND: &str = "wijkpeil-backup";
pub const BACKUP_FORMAT: u64 = 1;
/// Larger files are refused before they are read (localStorage holds about 5 MB anyway).
pub const MAX_BACKUP_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupError {
    TooLarge,
    NotJson,
    /// Valid JSON, but not a Wijkpeil backup (another app's file, a questionnaire, …).
    NotABackup,
    /// Made by a newer Wijkpeil: refused, so nothing is half-understood.
    NewerFormat(u64),
    /// A record under a key that is not Wijkpeil's, or whose value is not text.
    ForeignRecord(String),
    /// A record that cannot be read (named by its key).
    DamagedRecord(String),
    /// A file with a PIN, and this PIN does not open it (nothing was changed).
    WrongPin,
    /// A register record that is not exactly the register format (named by its key), or an
    /// outbox entry that names no record of the file: such a file could send what nobody chose.
    RefusedRecord(String),
    /// A team key (`desk::TEAM_KEY_KEY`): it belongs to a team's device only and is never
    /// exported, so a file with one was made by hand or by something else; nothing is taken.
    TeamKey,
}

impl BackupError {
    pub fn message_key(&self) -> &'static str {
        match self {
            BackupError::TooLarge => "backup.too_large",
            BackupError::NotJson | BackupError::NotABackup | BackupError::ForeignRecord(_) => "backup.not_backup",
            BackupError::NewerFormat(_) => "backup.newer",
            BackupError::DamagedRecord(_) => "backup.damaged",
            BackupError::WrongPin => "backup.wrong_pin",
            BackupError::RefusedRecord(_) => "backup.refused_record",
            BackupError::TeamKey => "register.team_key_in_file",
        }
    }
}

/// Whether a chosen file may be read at all, by its size in bytes (`File.size`), before a byte of
/// it is read: larger than [`MAX_BACKUP_BYTES`] is refused.
pub fn check_file_size(size: f64) -> Result<(), BackupError> {
    if size.is_finite() && (0.0..=MAX_BACKUP_BYTES as f64).contains(&size) {
        Ok(())
    } else {
        Err(BackupError::TooLarge)
    }
}

/// The backup file: every record with its key, as stored (the records keep their own envelope).
pub fn encode_backup(records: &[(String, String)], exported_at: &str) -> String {
    // Inserted one by one, not collected: see small_collections (this runs in the first part).
    let mut map = Map::new();
    for (k, v) in records {
        map.insert(k.clone(), Value::String(v.clone()));
    }
    json!({"format": BACKUP_FORMAT, "kind": BACKUP_KIND, "exported": exported_at, "records": map}).to_string()
}

/// Reads and checks a whole backup file: every key is Wijkpeil's and every record of a known kind
/// can be read. Records set aside as damaged on the other device travel as they are.
pub fn decode_backup(text: &str) -> Result<Vec<(String, String)>, BackupError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    let v: Value = serde_json::from_str(text).map_err(|_| BackupError::NotJson)?;
    let o = v.as_object().ok_or(BackupError::NotABackup)?;
    if o.get("kind").and_then(Value::as_str) != Some(BACKUP_KIND) {
        return Err(BackupError::NotABackup);
    }
    let format = o.get("format").and_then(Value::as_u64).ok_or(BackupError::NotABackup)?;
    if format > BACKUP_FORMAT {
        return Err(BackupError::NewerFormat(format));
    }
    let records = o.get("records").and_then(Value::as_object).ok_or(BackupError::NotABackup)?;
    let records = records
        .iter()
        .map(|(k, v)| Ok((k.clone(), v.as_str().ok_or_else(|| BackupError::ForeignRecord(k.clone()))?.to_string())))
        .collect::<Result<Vec<_>, BackupError>>()?;
    check_records(records)
}

/// The checks every incoming record passes, from a plain file or one with a PIN.
fn check_records(records: Vec<(String, String)>) -> Result<Vec<(String, String)>, BackupError> {
    let mut out = Vec::with_capacity(records.len());
    for (key, text) in records {
        let key = &key;
        // A team key never leaves its device: an export has none (it is a device key, not a
        // map's), and a file that holds one is refused whole rather than quietly set aside.
        if key == crate::desk::TEAM_KEY_KEY {
            return Err(BackupError::TeamKey);
        }
        // Files made before maps existed also hold the device's language choice: not a record of
        // the person's, so it is left out rather than refused.
        if is_device_key(key) {
            continue;
        }
        // Never another map's records or an envelope: a file could otherwise lock this map with
        // a PIN nobody knows, or write into someone else's map.
        if !is_map_record_key(key) || key.len() > 300 {
            return Err(BackupError::ForeignRecord(key.clone()));
        }
        if is_register_key(key) {
            check_register_record(key, &text)?;
        } else {
            check_record(key, &text).map_err(|_| BackupError::DamagedRecord(key.clone()))?;
        }
        out.push((key.clone(), text));
    }
    not_chosen_here(out)
}

fn is_register_key(key: &str) -> bool {
    key.strip_prefix(PREFIX).is_some_and(|rest| rest.starts_with("register:"))
}

/// A register record travels only when the record parser of the register accepts it, and it is
/// kept under its own kind and id (`wijkpeil:register:<kind>:<id>`).
fn check_register_record(key: &str, text: &str) -> Result<(), BackupError> {
    let refused = || BackupError::RefusedRecord(key.to_string());
    let value: Value = serde_json::from_str(text).map_err(|_| refused())?;
    let record = parse_record(&value).map_err(|_| refused())?;
    let own_key = |kind| crate::storage_format::register_key(kind, record.id()) == key;
    // A format-1 urgent check was stored as a fit check; format 2 reads it as an urgent signal.
    let kept_as_own_kind = own_key(record.kind()) || (record.kind() == "urgent" && own_key("fit_check"));
    if !kept_as_own_kind {
        return Err(refused());
    }
    Ok(())
}

/// Every imported record starts as "not chosen": the outbox of a file keeps which records were
/// sent or refused, but not a choice to send. Nothing is sent until the person chooses it on this
/// device. An entry must name a register record of the file under that record's own key (the
/// outbox sends the text stored under `key`), else the file is refused.
fn not_chosen_here(mut records: Vec<(String, String)>) -> Result<Vec<(String, String)>, BackupError> {
    let register: Vec<String> = records.iter().filter(|(k, _)| is_register_key(k)).map(|(k, _)| k.clone()).collect();
    for (key, text) in records.iter_mut().filter(|(k, _)| k == OUTBOX_KEY) {
        let mut outbox = match decode_outbox(text) {
            Ok(o) => o,
            Err(DecodeError::NewerFormat(_)) => return Err(BackupError::RefusedRecord(key.clone())),
            Err(_) => return Err(BackupError::DamagedRecord(key.clone())),
        };
        for e in &mut outbox.entries {
            if !register.contains(&e.key) || e.key.rsplit(':').next() != Some(e.id.as_str()) {
                return Err(BackupError::RefusedRecord(key.clone()));
            }
            e.choice = Choice::Undecided;
            e.frozen = None;
            e.attempts = 0;
            e.next_try_ms = 0.0;
        }
        *text = encode_outbox(&outbox);
    }
    Ok(records)
}

/// The associated data of a file with a PIN: such a file opens only as a file, never as a map.
const LOCKED_FILE: &str = "backup-file";

/// A backup file with a PIN, for a hand-over: the same records, sealed like a map (see
/// `crate::vault`), so a file sent through a chat app or e-mail shows nothing of the person.
pub fn encode_locked_backup(key: &VaultKey, nonce: [u8; 12], kdf: &KdfParams, records: &[(String, String)]) -> String {
    vault::seal(key, nonce, kdf, LOCKED_FILE, &records.iter().cloned().collect())
}

/// What a chosen file is: a plain backup (checked), or one that needs its PIN first.
#[derive(Debug, Clone, PartialEq)]
pub enum IncomingFile {
    Plain(Vec<(String, String)>),
    /// Derive the key with these parameters, then call [`open_locked_backup`].
    NeedsPin(KdfParams),
}

pub fn read_file(text: &str) -> Result<IncomingFile, BackupError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    match vault::kdf_params(text) {
        Ok(kdf) => Ok(IncomingFile::NeedsPin(kdf)),
        Err(VaultError::NewerFormat(n)) => Err(BackupError::NewerFormat(n)),
        Err(_) => decode_backup(text).map(IncomingFile::Plain),
    }
}

/// Opens a file with a PIN and checks its records like a plain file's. A wrong PIN changes nothing.
pub fn open_locked_backup(key: &VaultKey, text: &str) -> Result<Vec<(String, String)>, BackupError> {
    let records = vault::open(key, LOCKED_FILE, text).map_err(|e| match e {
        VaultError::WrongPin => BackupError::WrongPin,
        VaultError::NewerFormat(n) => BackupError::NewerFormat(n),
        VaultError::Damaged => BackupError::NotABackup,
    })?;
    check_records(records.into_iter().collect())
}

/// Records of a kind this build knows must be readable; a newer format is fine (kept as is).
fn check_record(key: &str, text: &str) -> Result<(), DecodeError> {
    let rest = &key[PREFIX.len()..];
    let result = if rest.starts_with("draft:") || rest.starts_with("archive:") {
        decode_draft(text).map(|_| ())
    } else if key == HISTORY_KEY {
        decode_history(text).map(|_| ())
    } else if key == FOLLOW_UP_KEY {
        decode_plans(text).map(|_| ())
    } else if rest.starts_with("agenda:") {
        decode_agenda(text).map(|_| ())
    } else {
        Ok(())
    };
    match result {
        Err(DecodeError::NewerFormat(_)) => Ok(()),
        other => other,
    }
}

/// What an import writes. Nothing here is lost: see [`plan_import`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    /// `(key, value)` to write, in order: the set-aside copies first, then the records.
    pub writes: Vec<(String, String)>,
    /// Records that were already here, the same.
    pub unchanged: usize,
    /// Records that were here with other content (their old content is kept aside).
    pub replaced: usize,
    pub added: usize,
}

/// Where a record's content is kept when an import replaces it.
pub fn before_import_key(key: &str, exported_at_n: usize) -> String {
    format!("{PREFIX}before-import:{}:{exported_at_n}", key.trim_start_matches(PREFIX))
}

/// Decides what to write for `incoming`, given what this device has (`existing(key)`).
/// History and follow-up plans are merged by id; other records that differ are replaced after
/// their current content is kept under [`before_import_key`].
pub fn plan_import(existing: &dyn Fn(&str) -> Option<String>, incoming: &[(String, String)]) -> ImportPlan {
    let mut plan = ImportPlan::default();
    for (key, value) in incoming {
        let Some(here) = existing(key) else {
            plan.writes.push((key.clone(), value.clone()));
            plan.added += 1;
            continue;
        };
        if &here == value {
            plan.unchanged += 1;
            continue;
        }
        if let Some(merged) = merge_list(key, &here, value) {
            plan.writes.push((key.clone(), merged));
            plan.replaced += 1;
            continue;
        }
        let mut n = 1;
        while existing(&before_import_key(key, n)).is_some()
            || plan.writes.iter().any(|(k, _)| *k == before_import_key(key, n))
        {
            n += 1;
        }
        plan.writes.push((before_import_key(key, n), here));
        plan.writes.push((key.clone(), value.clone()));
        plan.replaced += 1;
    }
    plan
}

/// The union of two history lists or two plan lists (this device's entries win on the same id).
fn merge_list(key: &str, here: &str, incoming: &str) -> Option<String> {
    if key == HISTORY_KEY {
        let mut mine = decode_history(here).ok()?;
        add_missing(&mut mine.entries, decode_history(incoming).ok()?.entries);
        return Some(encode_history(&mine));
    }
    if key == OUTBOX_KEY {
        // This device's choices win; entries of the file come in as "not chosen".
        let mut mine = decode_outbox(here).ok()?;
        for e in decode_outbox(incoming).ok()?.entries {
            if mine.get(&e.id).is_none() {
                mine.entries.push(e);
            }
        }
        return Some(encode_outbox(&mine));
    }
    if key == FOLLOW_UP_KEY {
        let mut mine = decode_plans(here).ok()?;
        add_missing(&mut mine.plans, decode_plans(incoming).ok()?.plans);
        return Some(encode_plans(&mine));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil_date::CivilDate;
    use crate::self_check::{CompletedCheck, History};
    use crate::storage_format::{encode_draft, Draft, DraftStatus};
    use std::collections::BTreeMap;

    fn draft(q: &str, note: &str) -> String {
        encode_draft(&Draft {
            questionnaire: q.into(),
            status: DraftStatus::InProgress,
            page: 1,
            updated: "2026-11-22T10:00:00+01:00".into(),
            answers: vec![crate::storage_format::StoredAnswer {
                link_id: "note".into(),
                reps: vec![],
                values: vec![json!({"valueString": note})],
            }],
            groups: vec![],
        })
    }

    fn history(ids: &[&str]) -> String {
        let mut h = History::default();
        for id in ids {
            h.add(CompletedCheck {
                id: id.to_string(),
                questionnaire: "hoe-gaat-het".into(),
                completed: CivilDate::new(2026, 11, 1).unwrap(),
                levels: vec![],
            });
        }
        encode_history(&h)
    }

    #[test]
    fn a_backup_round_trips_with_any_text_in_it() {
        let records = vec![
            ("wijkpeil:draft:vervolg".to_string(), draft("vervolg", "\"quotes\" </script> \u{202e}مرحبا\nnew line")),
            (HISTORY_KEY.to_string(), history(&["a"])),
            ("wijkpeil:pref:wijk".to_string(), "centrum".to_string()),
        ];
        let file = encode_backup(&records, "2026-11-22T10:00:00+01:00");
        let mut back = decode_backup(&file).unwrap();
        back.sort();
        let mut want = records.clone();
        want.sort();
        assert_eq!(back, want);
    }

    #[test]
    fn foreign_damaged_and_newer_files_are_refused() {
        assert_eq!(decode_backup("not json"), Err(BackupError::NotJson));
        assert_eq!(decode_backup(r#"{"resourceType":"Questionnaire"}"#), Err(BackupError::NotABackup));
        assert_eq!(
            decode_backup(r#"{"format":9,"kind":"wijkpeil-backup","records":{}}"#),
            Err(BackupError::NewerFormat(9))
        );
        let foreign = encode_backup(&[("other-site:key".into(), "x".into())], "t");
        assert_eq!(decode_backup(&foreign), Err(BackupError::ForeignRecord("other-site:key".into())));
        let damaged = encode_backup(&[("wijkpeil:draft:x".into(), "{broken".into())], "t");
        assert_eq!(decode_backup(&damaged), Err(BackupError::DamagedRecord("wijkpeil:draft:x".into())));
        let not_text = r#"{"format":1,"kind":"wijkpeil-backup","records":{"wijkpeil:draft:x":5}}"#;
        assert_eq!(decode_backup(not_text), Err(BackupError::ForeignRecord("wijkpeil:draft:x".into())));
        assert_eq!(check_file_size(MAX_BACKUP_BYTES as f64), Ok(()));
        assert_eq!(check_file_size(0.0), Ok(()));
        for size in [MAX_BACKUP_BYTES as f64 + 1.0, 4e9, f64::NAN, f64::INFINITY, -1.0] {
            assert_eq!(check_file_size(size), Err(BackupError::TooLarge), "{size}");
        }
        let big = "x".repeat(MAX_BACKUP_BYTES + 1);
        assert_eq!(decode_backup(&big), Err(BackupError::TooLarge));
        // A record written by a newer Wijkpeil travels untouched.
        let newer =
            encode_backup(&[("wijkpeil:draft:x".into(), r#"{"format":7,"kind":"draft","data":{}}"#.into())], "t");
        assert!(decode_backup(&newer).is_ok());
    }

    fn test_key(pin: &str, kdf: &KdfParams) -> VaultKey {
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pin.as_bytes(), &kdf.salt, kdf.iterations, &mut out);
        VaultKey(out)
    }

    #[test]
    fn a_file_with_a_pin_shows_nothing_and_opens_only_with_its_pin() {
        let kdf = KdfParams { salt: vec![3; 16], iterations: 1000 };
        let draft = r#"{"format":1,"kind":"draft","data":{"questionnaire":"vervolg","status":"in-progress","page":0,"updated":"2026-11-22T10:00:00+01:00","answers":[{"link_id":"n","reps":[],"values":[{"valueString":"Schuld bij de buurman"}]}],"groups":[]}}"#;
        let records = vec![("wijkpeil:draft:vervolg".to_string(), draft.to_string())];
        let file = encode_locked_backup(&test_key("135790", &kdf), [5; 12], &kdf, &records);
        assert!(!file.contains("buurman") && !file.contains("vervolg"));
        let Ok(IncomingFile::NeedsPin(params)) = read_file(&file) else { panic!("not seen as a file with a PIN") };
        assert_eq!(params, kdf);
        assert_eq!(open_locked_backup(&test_key("000000", &kdf), &file), Err(BackupError::WrongPin));
        assert_eq!(open_locked_backup(&test_key("135790", &kdf), &file), Ok(records.clone()));
        // A plain file is still read as before.
        assert_eq!(read_file(&encode_backup(&records, "t")), Ok(IncomingFile::Plain(records)));
        // A map's envelope is not a hand-over file: it does not open as one.
        let map = vault::seal(&test_key("135790", &kdf), [5; 12], &kdf, "eerste", &Default::default());
        assert_eq!(open_locked_backup(&test_key("135790", &kdf), &map), Err(BackupError::WrongPin));
    }

    #[test]
    fn a_file_with_a_pin_is_checked_like_a_plain_one() {
        let kdf = KdfParams { salt: vec![3; 16], iterations: 1000 };
        let key = test_key("135790", &kdf);
        let foreign = encode_locked_backup(&key, [5; 12], &kdf, &[("wijkpeil:vault:eerste".into(), "x".into())]);
        assert_eq!(open_locked_backup(&key, &foreign), Err(BackupError::ForeignRecord("wijkpeil:vault:eerste".into())));
        let damaged = encode_locked_backup(&key, [5; 12], &kdf, &[("wijkpeil:draft:x".into(), "{kapot".into())]);
        assert_eq!(open_locked_backup(&key, &damaged), Err(BackupError::DamagedRecord("wijkpeil:draft:x".into())));
    }

    #[test]
    fn a_file_cannot_reach_outside_the_open_map() {
        for key in ["wijkpeil:vault:eerste", "wijkpeil:d:x7k2:draft:x"] {
            let file = encode_backup(&[(key.into(), "x".into())], "t");
            assert_eq!(decode_backup(&file), Err(BackupError::ForeignRecord(key.into())), "{key}");
        }
        // A file from before maps existed holds the device's language choice: left out.
        let old = encode_backup(
            &[("wijkpeil:pref:language".into(), "en".into()), ("wijkpeil:pref:wijk".into(), "centrum".into())],
            "t",
        );
        assert_eq!(decode_backup(&old), Ok(vec![("wijkpeil:pref:wijk".into(), "centrum".into())]));
    }

    /// A team key is never exported (it is the device's, not a map's: `storage::all` lists a
    /// map's keys only) and a file that holds one is refused, plain or with a PIN; the desk's
    /// other settings are the device's too and left out like the language.
    #[test]
    fn a_team_key_is_never_taken_from_a_file() {
        use crate::desk::{DESK_KEY, TEAM_KEY_KEY};
        use crate::dossier::{is_map_record_key, logical_key, FIRST_ID};
        assert!(!is_map_record_key(TEAM_KEY_KEY) && logical_key(FIRST_ID, TEAM_KEY_KEY).is_none());
        let records = [
            (TEAM_KEY_KEY.to_string(), "k7Qm-2xPa-9LdW-4tRz".to_string()),
            ("wijkpeil:pref:wijk".into(), "oost".into()),
        ];
        let file = encode_backup(&records, "t");
        assert_eq!(decode_backup(&file), Err(BackupError::TeamKey));
        assert_eq!(read_file(&file), Err(BackupError::TeamKey));
        let key = VaultKey([7; 32]);
        let kdf = KdfParams { salt: vec![1; 16], iterations: 1000 };
        let locked = encode_locked_backup(&key, [5; 12], &kdf, &records);
        assert_eq!(open_locked_backup(&key, &locked), Err(BackupError::TeamKey));
        let desk = encode_backup(&[(DESK_KEY.into(), "{}".into()), ("wijkpeil:pref:wijk".into(), "oost".into())], "t");
        assert_eq!(decode_backup(&desk), Ok(vec![("wijkpeil:pref:wijk".into(), "oost".into())]));
    }

    const REC_ID: &str = "0123456789abcdef0123456789abcdef";

    fn fit_record_json(id: &str) -> String {
        json!({"format": 1, "kind": "fit_check", "id": id, "week": "2026-W47", "wijk": "oost",
               "areas": ["money_debts"], "under_18": "no", "breadth": "one", "outcome": "fits",
               "destinations": []})
        .to_string()
    }

    fn chosen_outbox(id: &str, key: &str) -> String {
        let mut o = crate::outbox::Outbox::default();
        o.sync(&[(id.to_string(), key.to_string())]);
        o.choose(id, Choice::Send);
        o.record(id, crate::outbox::SendOutcome::TryLater, 5.0);
        encode_outbox(&o)
    }

    #[test]
    fn an_imported_record_is_never_chosen_to_send() {
        let key = format!("wijkpeil:register:fit_check:{REC_ID}");
        let file = encode_backup(
            &[(key.clone(), fit_record_json(REC_ID)), (OUTBOX_KEY.into(), chosen_outbox(REC_ID, &key))],
            "t",
        );
        let records = decode_backup(&file).unwrap();
        let outbox = decode_outbox(&records.iter().find(|(k, _)| k == OUTBOX_KEY).unwrap().1).unwrap();
        assert_eq!(outbox.entries.len(), 1);
        assert_eq!(outbox.entries[0].choice, Choice::Undecided);
        assert!(outbox.due(1e15).is_empty(), "an imported record would be sent without a choice");
        // Merged into an outbox here: this device's entries win, the file's come in not chosen.
        let here = crate::outbox::Outbox::default();
        let plan = plan_import(&|k| (k == OUTBOX_KEY).then(|| encode_outbox(&here)), &records);
        let (_, merged) = plan.writes.iter().find(|(k, _)| k == OUTBOX_KEY).unwrap();
        assert!(decode_outbox(merged).unwrap().due(1e15).is_empty());
    }

    #[test]
    fn register_records_and_outbox_entries_are_checked_by_the_record_parser() {
        let key = format!("wijkpeil:register:fit_check:{REC_ID}");
        let refused = |records: Vec<(String, String)>| decode_backup(&encode_backup(&records, "t"));
        // Free text in a record: refused, with the record named.
        let with_name = fit_record_json(REC_ID).replace("\"oost\"", "\"Jan Jansen 06-12345678\"");
        assert_eq!(refused(vec![(key.clone(), with_name)]), Err(BackupError::RefusedRecord(key.clone())));
        let extra_field = fit_record_json(REC_ID).replace("{", "{\"note\":\"schuld\",");
        assert_eq!(refused(vec![(key.clone(), extra_field)]), Err(BackupError::RefusedRecord(key.clone())));
        assert_eq!(refused(vec![(key.clone(), "{}".into())]), Err(BackupError::RefusedRecord(key.clone())));
        // A record under another record's key.
        let other = format!("wijkpeil:register:fit_check:{}", "f".repeat(32));
        assert_eq!(refused(vec![(other.clone(), fit_record_json(REC_ID))]), Err(BackupError::RefusedRecord(other)));
        // An outbox entry that would send another record's text (a draft) is refused.
        let draft_key = "wijkpeil:draft:vervolg".to_string();
        let sneaky = vec![
            (key.clone(), fit_record_json(REC_ID)),
            (draft_key.clone(), draft("vervolg", "Jan Jansen")),
            (OUTBOX_KEY.into(), chosen_outbox(REC_ID, &draft_key)),
        ];
        assert_eq!(refused(sneaky), Err(BackupError::RefusedRecord(OUTBOX_KEY.into())));
        assert_eq!(BackupError::RefusedRecord(key).message_key(), "backup.refused_record");
    }

    #[test]
    fn an_import_adds_keeps_replaced_content_aside_and_merges_lists() {
        let mut device: BTreeMap<String, String> = BTreeMap::new();
        device.insert("wijkpeil:draft:vervolg".into(), draft("vervolg", "mine"));
        device.insert("wijkpeil:draft:hoe-gaat-het".into(), draft("hoe-gaat-het", "same"));
        device.insert(HISTORY_KEY.into(), history(&["a", "b"]));
        let incoming = vec![
            ("wijkpeil:draft:vervolg".to_string(), draft("vervolg", "theirs")),
            ("wijkpeil:draft:hoe-gaat-het".to_string(), draft("hoe-gaat-het", "same")),
            ("wijkpeil:draft:past-mijn-vraag".to_string(), draft("past-mijn-vraag", "new")),
            (HISTORY_KEY.to_string(), history(&["b", "c"])),
        ];
        let plan = plan_import(&|k| device.get(k).cloned(), &incoming);
        assert_eq!((plan.added, plan.unchanged, plan.replaced), (1, 1, 2));
        for (k, v) in &plan.writes {
            device.insert(k.clone(), v.clone());
        }
        assert!(device["wijkpeil:draft:vervolg"].contains("theirs"));
        assert!(device[&before_import_key("wijkpeil:draft:vervolg", 1)].contains("mine"));
        let ids: Vec<String> =
            decode_history(&device[HISTORY_KEY]).unwrap().entries.into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        // Importing the same file again changes nothing more.
        let again = plan_import(&|k| device.get(k).cloned(), &incoming[..3]);
        assert!(again.writes.is_empty(), "{:?}", again.writes);
    }
}
