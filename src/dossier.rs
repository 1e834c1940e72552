//! Maps ("mappen", dossiers): several people's lists on one device, for an OCO with several
//! clients or a family computer. Each map has a short name the person chooses (no real name
//! needed) and its own records; switching is explicit. Pure: which maps exist, and where a
//! map's records live in storage.
//!
//! Where records live. The features keep using the same *logical* keys (`wijkpeil:draft:…`);
//! the storage adapter maps them onto the active map:
//! - the first map keeps the plain keys, so data written before maps existed is simply the
//!   first map's (no migration, nothing to lose);
//! - another map `id` stores `wijkpeil:draft:x` as `wijkpeil:d:<id>:draft:x`;
//! - a PIN-locked map has no plain keys at all: one sealed envelope under [`vault_key`]
//!   (see `crate::vault`);
//! - a few keys belong to the device, not to a map ([`is_device_key`]): the list of maps, the
//!   map last used, the language of the screen, and a team device's key and desk settings.

use crate::storage_format::PREFIX;
use serde_json::{json, Value};

pub const DOSSIERS_KEY: &str = "wijkpeil:dossiers";
/// Where a list of maps that could not be read is kept (never deleted).
pub const DOSSIERS_DAMAGED_KEY: &str = "wijkpeil:dossiers-damaged";
/// The map that opens on this device (the last one chosen).
pub const ACTIVE_DOSSIER_KEY: &str = "wijkpeil:pref:dossier";
/// The map that holds the plain keys (and everything written before maps existed).
pub const FIRST_ID: &str = "eerste";
pub const MAX_NAME_CHARS: usize = 30;

const OTHER_PREFIX: &str = "wijkpeil:d:";
const VAULT_PREFIX: &str = "wijkpeil:vault:";
const KIND: &str = "dossiers";
const FORMAT: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    /// Lower-case letters and digits; chosen at random by the app.
    pub id: String,
    /// The short name the person chose; `None` for the first map until it is named.
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossiers {
    /// Always holds at least the first map, first.
    pub list: Vec<Dossier>,
}

impl Default for Dossiers {
    fn default() -> Self {
        Dossiers { list: vec![Dossier { id: FIRST_ID.into(), name: None }] }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooLong,
    /// Another map on this device already has this name.
    Taken,
}

impl NameProblem {
    pub fn message_key(&self) -> &'static str {
        match self {
            NameProblem::Empty => "maps.name_empty",
            NameProblem::TooLong => "maps.name_long",
            NameProblem::Taken => "maps.name_taken",
        }
    }
}

/// A name as typed, made tidy: control characters out, runs of spaces made one.
pub fn clean_name(input: &str) -> Result<String, NameProblem> {
    let name = input
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match name.chars().count() {
        0 => Err(NameProblem::Empty),
        n if n > MAX_NAME_CHARS => Err(NameProblem::TooLong),
        _ => Ok(name),
    }
}

pub fn is_valid_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

impl Dossiers {
    pub fn get(&self, id: &str) -> Option<&Dossier> {
        self.list.iter().find(|d| d.id == id)
    }

    /// Adds a map under a new `id` (from the app's random source) with a name the person typed.
    pub fn add(&mut self, id: &str, name: &str) -> Result<String, NameProblem> {
        let name = self.free_name(name, None)?;
        debug_assert!(is_valid_id(id) && self.get(id).is_none());
        self.list.push(Dossier { id: id.into(), name: Some(name.clone()) });
        Ok(name)
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), NameProblem> {
        let name = self.free_name(name, Some(id))?;
        if let Some(d) = self.list.iter_mut().find(|d| d.id == id) {
            d.name = Some(name);
        }
        Ok(())
    }

    fn free_name(&self, name: &str, except: Option<&str>) -> Result<String, NameProblem> {
        let name = clean_name(name)?;
        let taken = self.list.iter().any(|d| {
            Some(d.id.as_str()) != except && d.name.as_deref().is_some_and(|n| n.to_lowercase() == name.to_lowercase())
        });
        if taken {
            return Err(NameProblem::Taken);
        }
        Ok(name)
    }

    /// Maps found in storage without an entry on the list (the list was damaged or lost): they
    /// are added without a name, so no one's records become unreachable.
    pub fn add_found(&mut self, stored_keys: &[String]) {
        for k in stored_keys {
            let id = k
                .strip_prefix(VAULT_PREFIX)
                .or_else(|| k.strip_prefix(OTHER_PREFIX).and_then(|rest| rest.split(':').next()));
            if let Some(id) = id.filter(|id| is_valid_id(id)) {
                if self.get(id).is_none() {
                    self.list.push(Dossier { id: id.into(), name: None });
                }
            }
        }
    }

    /// Takes a map off the list. The first map stays on the list (emptied and without its
    /// name), so there is always a map to open.
    pub fn remove(&mut self, id: &str) {
        if id == FIRST_ID {
            self.list[0] = Dossier { id: FIRST_ID.into(), name: None };
        } else {
            self.list.retain(|d| d.id != id);
        }
    }
}

pub fn encode_dossiers(d: &Dossiers) -> String {
    let list: Vec<Value> = d.list.iter().map(|x| json!({"id": x.id, "name": x.name})).collect();
    json!({"format": FORMAT, "kind": KIND, "list": list}).to_string()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossiersError {
    Damaged,
    NewerFormat(u64),
}

/// Reads the list of maps. The first map is always on it, first, even if the stored list lost it.
pub fn decode_dossiers(text: &str) -> Result<Dossiers, DossiersError> {
    let v: Value = serde_json::from_str(text).map_err(|_| DossiersError::Damaged)?;
    if v.get("kind").and_then(Value::as_str) != Some(KIND) {
        return Err(DossiersError::Damaged);
    }
    let format = v.get("format").and_then(Value::as_u64).ok_or(DossiersError::Damaged)?;
    if format > FORMAT {
        return Err(DossiersError::NewerFormat(format));
    }
    let mut out = Dossiers { list: Vec::new() };
    for x in v.get("list").and_then(Value::as_array).ok_or(DossiersError::Damaged)? {
        let id = x.get("id").and_then(Value::as_str).filter(|id| is_valid_id(id)).ok_or(DossiersError::Damaged)?;
        if out.get(id).is_some() {
            return Err(DossiersError::Damaged);
        }
        let name = match x.get("name") {
            None | Some(Value::Null) => None,
            Some(n) => Some(clean_name(n.as_str().ok_or(DossiersError::Damaged)?).map_err(|_| DossiersError::Damaged)?),
        };
        out.list.push(Dossier { id: id.into(), name });
    }
    match out.list.iter().position(|d| d.id == FIRST_ID) {
        Some(0) => {}
        Some(n) => {
            let first = out.list.remove(n);
            out.list.insert(0, first);
        }
        None => out.list.insert(0, Dossiers::default().list.remove(0)),
    }
    Ok(out)
}

/// Keys of the device rather than of one map: also the team's key and the desk's last channel
/// and wijk (`crate::desk`), which belong to the team's device, never to a person's map.
pub fn is_device_key(key: &str) -> bool {
    [
        DOSSIERS_KEY,
        DOSSIERS_DAMAGED_KEY,
        ACTIVE_DOSSIER_KEY,
        crate::storage_format::LANGUAGE_KEY,
        crate::desk::TEAM_KEY_KEY,
        crate::desk::DESK_KEY,
    ]
    .contains(&key)
}

/// Whether a key in a backup file may be put in the open map: a map's own record, not a key of
/// the device or of another map (a file could otherwise lock a map, or write into someone else's).
pub fn is_map_record_key(key: &str) -> bool {
    key.starts_with(PREFIX) && !is_device_key(key) && !key.starts_with(OTHER_PREFIX) && !key.starts_with(VAULT_PREFIX)
}

/// Where the sealed envelope of a locked map lives.
pub fn vault_key(id: &str) -> String {
    format!("{VAULT_PREFIX}{id}")
}

/// Where map `id` keeps the record with logical key `logical` (when it is not locked).
pub fn physical_key(id: &str, logical: &str) -> String {
    if id == FIRST_ID || is_device_key(logical) || !logical.starts_with(PREFIX) {
        return logical.to_string();
    }
    format!("{OTHER_PREFIX}{id}:{}", &logical[PREFIX.len()..])
}

/// The logical key of a stored key, when it is one of map `id`'s plain records.
pub fn logical_key(id: &str, physical: &str) -> Option<String> {
    if is_device_key(physical) || !physical.starts_with(PREFIX) {
        return None;
    }
    if id == FIRST_ID {
        let other = physical.starts_with(OTHER_PREFIX) || physical.starts_with(VAULT_PREFIX);
        return (!other).then(|| physical.to_string());
    }
    let rest = physical.strip_prefix(OTHER_PREFIX)?.strip_prefix(id)?.strip_prefix(':')?;
    Some(format!("{PREFIX}{rest}"))
}

/// Whether a stored key is part of map `id` (a plain record or its envelope): what "remove
/// this map" removes.
pub fn belongs_to(id: &str, physical: &str) -> bool {
    physical == vault_key(id) || logical_key(id, physical).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage_format::{draft_key, LANGUAGE_KEY, WIJK_KEY};

    #[test]
    fn the_first_map_keeps_the_plain_keys_of_before() {
        let k = draft_key("hoe-gaat-het");
        assert_eq!(physical_key(FIRST_ID, &k), k);
        assert_eq!(logical_key(FIRST_ID, &k), Some(k));
    }

    #[test]
    fn another_map_has_its_own_keys_and_they_map_back() {
        let k = draft_key("hoe-gaat-het");
        let p = physical_key("x7k2", &k);
        assert_eq!(p, "wijkpeil:d:x7k2:draft:hoe-gaat-het");
        assert_eq!(logical_key("x7k2", &p), Some(k.clone()));
        assert_eq!(physical_key("x7k2", WIJK_KEY), "wijkpeil:d:x7k2:pref:wijk");
        // Not the first map's, nor a map whose id starts the same.
        assert_eq!(logical_key(FIRST_ID, &p), None);
        assert_eq!(logical_key("x7", &p), None);
        assert_eq!(logical_key("x7k2", &k), None);
    }

    #[test]
    fn device_keys_are_shared_and_owned_by_no_map() {
        let team = [crate::desk::TEAM_KEY_KEY, crate::desk::DESK_KEY];
        for k in [DOSSIERS_KEY, DOSSIERS_DAMAGED_KEY, ACTIVE_DOSSIER_KEY, LANGUAGE_KEY].into_iter().chain(team) {
            assert!(!is_map_record_key(k));
            assert_eq!(physical_key("x7k2", k), k);
            assert_eq!(logical_key(FIRST_ID, k), None);
            assert!(!belongs_to(FIRST_ID, k) && !belongs_to("x7k2", k));
        }
    }

    #[test]
    fn only_a_maps_own_records_may_come_from_a_file() {
        assert!(is_map_record_key("wijkpeil:draft:vervolg"));
        assert!(is_map_record_key("wijkpeil:pref:wijk"));
        assert!(!is_map_record_key("wijkpeil:vault:eerste"));
        assert!(!is_map_record_key("wijkpeil:d:x7k2:draft:vervolg"));
        assert!(!is_map_record_key("andere-site:x"));
    }

    #[test]
    fn envelopes_belong_to_their_map_only() {
        assert!(belongs_to("x7k2", &vault_key("x7k2")));
        assert!(belongs_to(FIRST_ID, &vault_key(FIRST_ID)));
        assert!(!belongs_to(FIRST_ID, &vault_key("x7k2")));
        assert_eq!(logical_key(FIRST_ID, &vault_key(FIRST_ID)), None);
    }

    #[test]
    fn names_are_tidied_and_checked() {
        assert_eq!(clean_name("  Mevr.\u{7}  A  "), Ok("Mevr. A".to_string()));
        assert_eq!(clean_name(" \n "), Err(NameProblem::Empty));
        assert_eq!(clean_name(&"a".repeat(31)), Err(NameProblem::TooLong));
        assert_eq!(clean_name(&"é".repeat(30)).map(|n| n.chars().count()), Ok(30));
        let mut d = Dossiers::default();
        assert_eq!(d.add("a1", "Anna"), Ok("Anna".into()));
        assert_eq!(d.add("b2", " anna "), Err(NameProblem::Taken));
        assert_eq!(d.rename("a1", "ANNA"), Ok(()));
        assert_eq!(d.get("a1").unwrap().name.as_deref(), Some("ANNA"));
    }

    #[test]
    fn the_list_round_trips_and_always_starts_with_the_first_map() {
        let mut d = Dossiers::default();
        d.add("a1", "Anna <b>").unwrap();
        assert_eq!(decode_dossiers(&encode_dossiers(&d)), Ok(d.clone()));
        let without_first = r#"{"format":1,"kind":"dossiers","list":[{"id":"a1","name":"Anna"}]}"#;
        let read = decode_dossiers(without_first).unwrap();
        assert_eq!(read.list[0].id, FIRST_ID);
        assert_eq!(read.get("a1").unwrap().name.as_deref(), Some("Anna"));
    }

    #[test]
    fn maps_missing_from_the_list_are_found_in_storage() {
        let mut d = Dossiers::default();
        d.add("a1", "Anna").unwrap();
        let stored = [
            "wijkpeil:d:a1:draft:x",
            "wijkpeil:d:b2:draft:x",
            "wijkpeil:vault:c3",
            "wijkpeil:draft:x",
            "wijkpeil:d:../:x",
        ];
        d.add_found(&stored.map(String::from));
        let ids: Vec<&str> = d.list.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, [FIRST_ID, "a1", "b2", "c3"]);
        assert_eq!(d.get("b2").unwrap().name, None);
    }

    #[test]
    fn removing_the_first_map_empties_it_but_keeps_it() {
        let mut d = Dossiers::default();
        d.rename(FIRST_ID, "Ik").unwrap();
        d.add("a1", "Anna").unwrap();
        d.remove(FIRST_ID);
        d.remove("a1");
        assert_eq!(d, Dossiers::default());
    }

    #[test]
    fn damaged_lists_are_typed_errors() {
        assert_eq!(decode_dossiers("nope"), Err(DossiersError::Damaged));
        assert_eq!(decode_dossiers(r#"{"format":7,"kind":"dossiers","list":[]}"#), Err(DossiersError::NewerFormat(7)));
        let bad_id = r#"{"format":1,"kind":"dossiers","list":[{"id":"../x"}]}"#;
        assert_eq!(decode_dossiers(bad_id), Err(DossiersError::Damaged));
        let twice = r#"{"format":1,"kind":"dossiers","list":[{"id":"a"},{"id":"a"}]}"#;
        assert_eq!(decode_dossiers(twice), Err(DossiersError::Damaged));
    }
}
