//! The write-behind queue: every change is in memory at once, and reaches the disk in batches,
//! one transaction at a time. A burst of typing costs one or two commits: while one batch is being
//! written, later changes of the same key only mark it again, and the value written next is
//! whatever memory holds then (the latest). The queue keeps keys only, so a long answer is not
//! copied for it.

use crate::small_collections::SortedSet;

/// A key's new value, or `None` when it is removed.
pub type Change = (String, Option<String>);

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteQueue {
    /// Keys changed since they were last handed to a transaction.
    pending: SortedSet<String>,
    /// The keys of the batch being written now, if any.
    in_flight: Option<Vec<String>>,
}

impl WriteQueue {
    /// Marks `key` as changed in memory.
    pub fn stage(&mut self, key: &str) {
        self.pending.insert(key.to_string());
    }

    /// The next batch to write, with each key's value as memory holds it now, when none is in
    /// flight and something is waiting.
    pub fn take_batch(&mut self, value_now: impl Fn(&str) -> Option<String>) -> Option<Vec<Change>> {
        if self.in_flight.is_some() || self.pending.is_empty() {
            return None;
        }
        let keys: Vec<String> = std::mem::take(&mut self.pending).into_iter().collect();
        let batch = keys.iter().map(|k| (k.clone(), value_now(k))).collect();
        self.in_flight = Some(keys);
        Some(batch)
    }

    /// The batch in flight is on disk.
    pub fn committed(&mut self) {
        self.in_flight = None;
    }

    /// The batch in flight was not written: its keys wait again (their values are still in
    /// memory, as are any newer ones).
    pub fn failed(&mut self) {
        self.pending.extend(self.in_flight.take().unwrap_or_default());
    }

    /// Forgets waiting changes of the keys `drop` selects (never the batch in flight, which the
    /// browser may already be writing).
    pub fn discard(&mut self, drop: impl Fn(&str) -> bool) {
        self.pending.retain(|k| !drop(k));
    }

    /// Whether `key` has a change not yet on disk (waiting or in flight).
    pub fn is_dirty(&self, key: &str) -> bool {
        self.pending.contains(key) || self.in_flight.as_ref().is_some_and(|b| b.iter().any(|k| k == key))
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Nothing waiting and nothing in flight: everything given is on disk.
    pub fn is_idle(&self) -> bool {
        self.in_flight.is_none() && self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_collections::SortedMap;

    /// Memory and the queue together, as `web::durable` keeps them.
    #[derive(Default)]
    struct Memory {
        data: SortedMap<String, String>,
        queue: WriteQueue,
    }

    impl Memory {
        fn set(&mut self, k: &str, v: Option<&str>) {
            match v {
                Some(v) => self.data.insert(k.into(), v.into()),
                None => self.data.remove(k),
            };
            self.queue.stage(k);
        }
        fn take(&mut self) -> Option<Vec<Change>> {
            let data = &self.data;
            self.queue.take_batch(|k| data.get(k).cloned())
        }
    }

    fn change(k: &str, v: Option<&str>) -> Change {
        (k.to_string(), v.map(str::to_string))
    }

    #[test]
    fn a_burst_of_changes_costs_at_most_two_batches_and_the_latest_value_wins() {
        let mut m = Memory::default();
        m.set("a", Some("1"));
        assert_eq!(m.take().unwrap(), vec![change("a", Some("1"))]);
        for n in 2..50 {
            m.set("a", Some(&n.to_string()));
            assert_eq!(m.take(), None, "one batch in flight at a time");
        }
        m.queue.committed();
        assert_eq!(m.take(), Some(vec![change("a", Some("49"))]));
        m.queue.committed();
        assert!(m.queue.is_idle());
        assert_eq!(m.take(), None);
    }

    #[test]
    fn a_failed_batch_waits_again_and_is_written_with_the_newest_value() {
        let mut m = Memory::default();
        m.set("a", Some("old"));
        m.set("b", Some("b1"));
        m.take().unwrap();
        m.set("a", Some("new"));
        m.queue.failed();
        assert_eq!(m.take().unwrap(), vec![change("a", Some("new")), change("b", Some("b1"))]);
    }

    #[test]
    fn removals_are_changes_too_and_dirty_keys_are_known() {
        let mut m = Memory::default();
        m.set("a", Some("1"));
        m.set("a", None);
        assert!(m.queue.is_dirty("a"));
        assert!(!m.queue.is_dirty("b"));
        assert_eq!(m.take().unwrap(), vec![change("a", None)]);
        assert!(m.queue.is_dirty("a"), "in flight is not on disk yet");
        assert!(m.queue.in_flight());
        m.queue.committed();
        assert!(!m.queue.is_dirty("a"));
    }

    #[test]
    fn discard_drops_waiting_changes_only() {
        let mut m = Memory::default();
        m.set("map:x", Some("1"));
        m.take().unwrap();
        m.set("map:y", Some("2"));
        m.set("other", Some("3"));
        m.queue.discard(|k| k.starts_with("map:"));
        m.queue.failed();
        let batch = m.take().unwrap();
        assert_eq!(
            batch,
            vec![change("map:x", Some("1")), change("other", Some("3"))],
            "in flight kept, waiting map:y gone"
        );
    }
}
