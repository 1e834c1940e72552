//! Moving records out of localStorage into the durable store, once, without loss.
//!
//! Every start looks at localStorage. A record there is either not moved yet (a crash halfway
//! through an earlier move, or the first start of this version), or newer: written by a tab that
//! still runs the previous version. Both are copied. A record whose exact key and value were moved
//! before is not copied again (the durable copy may be newer by now), only removed from
//! localStorage. What was moved is remembered by fingerprint only, so the list holds nothing
//! readable: no key names, no answers.
//!
//! The order is: copy (one transaction, awaited to disk), read back and compare, and only then
//! remove the localStorage copy, each one only if it still holds the value that was copied.
//! A crash at any point loses nothing; keys make duplicates impossible.

use crate::small_collections::SortedSet;

/// What to do with localStorage's records at this start.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Not moved before (or changed since): copy these into the durable store.
    pub copy: Vec<(String, String)>,
    /// Moved before, exactly like this: only remove them from localStorage.
    pub already_moved: Vec<(String, String)>,
}

/// Which of localStorage's app records (`wijkpeil:…`) must be copied, given the fingerprints
/// of what was moved before.
pub fn plan(local: &[(String, String)], moved: &SortedSet<u64>) -> Plan {
    let mut p = Plan::default();
    for (k, v) in local.iter().filter(|(k, _)| is_app_key(k)) {
        let entry = (k.clone(), v.clone());
        if moved.contains(&fingerprint(k, v)) {
            p.already_moved.push(entry);
        } else {
            p.copy.push(entry);
        }
    }
    p
}

/// Only the app's own keys move; other scripts' keys on this origin are not ours to take.
pub fn is_app_key(key: &str) -> bool {
    key.starts_with("wijkpeil:")
}

/// A 64-bit FNV-1a fingerprint of a key and its value: enough to recognise a record that was
/// moved before, and it shows nothing of either.
pub fn fingerprint(key: &str, value: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain([0u8]).chain(value.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The stored list of fingerprints: hex numbers separated by spaces.
pub fn encode_moved(moved: &SortedSet<u64>) -> String {
    moved.iter().map(|f| format!("{f:016x}")).collect::<Vec<_>>().join(" ")
}

/// Reads the stored list; anything unreadable in it is skipped (then that record is copied again,
/// which is safe: a copy never loses anything, it may only put back an older value of a record
/// that an old tab wrote twice).
pub fn decode_moved(text: &str) -> SortedSet<u64> {
    crate::small_collections::set_of(text.split_whitespace().filter_map(|w| u64::from_str_radix(w, 16).ok()))
}

/// The localStorage keys that may be removed now: those whose value in localStorage is still the
/// one planned (else a tab of the old version wrote again meanwhile, and the next start moves
/// that too). A record copied now must also read back the same from the durable store. A record
/// moved at an earlier start needs no such check: its fingerprint is written only after its copy
/// was committed, and the durable copy may be newer by now.
pub fn removable(
    plan: &Plan,
    local_now: impl Fn(&str) -> Option<String>,
    durable_now: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let still = |k: &str, v: &str| local_now(k).as_deref() == Some(v);
    let copied = plan.copy.iter().filter(|(k, v)| still(k, v) && durable_now(k).as_deref() == Some(v.as_str()));
    let moved_before = plan.already_moved.iter().filter(|(k, v)| still(k, v));
    copied.chain(moved_before).map(|(k, _)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_collections::SortedMap;

    fn kv(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    /// A model of both stores, to run the move with a crash after any step.
    #[derive(Default, Clone)]
    struct World {
        local: SortedMap<String, String>,
        durable: SortedMap<String, String>,
        moved: SortedSet<u64>,
    }

    impl World {
        /// One start of the new version, stopped after `steps` steps (a crash), or run to the end.
        fn start(&mut self, steps: usize) {
            let local: Vec<_> = self.local.clone().into_iter().collect();
            let p = plan(&local, &self.moved);
            if steps == 0 {
                return;
            }
            // Step 1: one transaction copies the records and their fingerprints, all or nothing.
            for (k, v) in &p.copy {
                self.durable.insert(k.clone(), v.clone());
                self.moved.insert(fingerprint(k, v));
            }
            // Step 2 and on: each removal is its own step (localStorage has no transactions).
            let remove = removable(&p, |k| self.local.get(k).cloned(), |k| self.durable.get(k).cloned());
            for (n, k) in remove.into_iter().enumerate() {
                if n + 2 > steps {
                    return;
                }
                self.local.remove(&k);
            }
        }
    }

    #[test]
    fn a_crash_after_any_step_loses_nothing_and_the_next_start_finishes() {
        let mut base = World::default();
        for n in 0..6 {
            base.local.insert(format!("wijkpeil:draft:q{n}"), format!("antwoord {n}"));
        }
        base.local.insert("andere-site".into(), "niet van ons".into());
        let want: SortedMap<_, _> =
            base.local.iter().filter(|(k, _)| is_app_key(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        for crash_after in 0..9 {
            let mut w = base.clone();
            w.start(crash_after);
            // Whatever the crash left, nothing is lost: each record is in one store or the other.
            for (k, v) in &want {
                assert!(
                    w.durable.get(k) == Some(v) || w.local.get(k) == Some(v),
                    "lost {k} after crash at {crash_after}"
                );
            }
            w.start(usize::MAX);
            assert_eq!(w.durable, want, "after crash at {crash_after}");
            assert_eq!(w.local.keys().collect::<Vec<_>>(), vec!["andere-site"], "after crash at {crash_after}");
        }
    }

    #[test]
    fn a_record_moved_before_never_overwrites_the_newer_durable_copy() {
        let mut w = World::default();
        w.local.insert("wijkpeil:draft:q".into(), "v1".into());
        w.start(1); // copied, then a crash before localStorage was emptied
        w.durable.insert("wijkpeil:draft:q".into(), "v2".into()); // the new version wrote on
        w.start(usize::MAX);
        assert_eq!(w.durable["wijkpeil:draft:q"], "v2");
        assert!(w.local.is_empty());
    }

    #[test]
    fn a_tab_of_the_old_version_writing_later_is_picked_up_at_the_next_start() {
        let mut w = World::default();
        w.local.insert("wijkpeil:draft:q".into(), "v1".into());
        w.start(usize::MAX);
        w.local.insert("wijkpeil:draft:q".into(), "v3 from the old tab".into());
        w.start(usize::MAX);
        assert_eq!(w.durable["wijkpeil:draft:q"], "v3 from the old tab");
        assert!(w.local.is_empty());
    }

    #[test]
    fn a_value_changed_in_local_storage_during_the_move_stays_for_the_next_start() {
        let p = Plan { copy: vec![kv("wijkpeil:a", "1")], already_moved: vec![kv("wijkpeil:b", "1")] };
        let keep = removable(&p, |_| Some("2".into()), |_| Some("1".into()));
        assert!(keep.is_empty());
        let not_read_back = removable(&p, |_| Some("1".into()), |_| None);
        assert_eq!(not_read_back, vec!["wijkpeil:b"], "a copy is never removed before it reads back the same");
    }

    #[test]
    fn fingerprints_round_trip_and_show_nothing() {
        let set: SortedSet<u64> = [fingerprint("wijkpeil:draft:geheim", "Anna"), 0, u64::MAX].into();
        let text = encode_moved(&set);
        assert!(!text.contains("geheim") && !text.contains("Anna"));
        assert_eq!(decode_moved(&text), set);
        assert_eq!(decode_moved("zz 12 ok"), [0x12].into());
        assert_ne!(fingerprint("a", "bc"), fingerprint("ab", "c"));
    }
}
