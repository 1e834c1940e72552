//! The write-behind queue: every change is in memory at once, and reaches the disk in batches,
//! one transaction at a time. A burst of typing costs one or two commits: while one batch is being
//! written, later changes of the same key replace each other, and only the latest is written next.

use std::collections::BTreeMap;

/// A key's new value, or `None` when it is removed.
pub type Change = (String, Option<String>);

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteQueue {
    /// Changes not yet handed to a transaction; the latest per key.
    pending: BTreeMap<String, Option<String>>,
    /// The batch being written now, if any.
    in_flight: Option<Vec<Change>>,
}

impl WriteQueue {
    /// Remembers a change; it replaces an earlier, not yet written change of the same key.
    pub fn stage(&mut self, key: &str, value: Option<&str>) {
        self.pending.insert(key.to_string(), value.map(str::to_string));
    }

    /// The next batch to write, when none is in flight and something is waiting.
    pub fn take_batch(&mut self) -> Option<Vec<Change>> {
        if self.in_flight.is_some() || self.pending.is_empty() {
            return None;
        }
        let batch: Vec<Change> = std::mem::take(&mut self.pending).into_iter().collect();
        self.in_flight = Some(batch.clone());
        Some(batch)
    }

    /// The batch in flight is on disk.
    pub fn committed(&mut self) {
        self.in_flight = None;
    }

    /// The batch in flight was not written: its changes wait again, except where a newer change
    /// of the same key arrived meanwhile (that one is newer and wins).
    pub fn failed(&mut self) {
        for (k, v) in self.in_flight.take().unwrap_or_default() {
            self.pending.entry(k).or_insert(v);
        }
    }

    /// Forgets waiting changes of the keys `drop` selects (never the batch in flight, which the
    /// browser may already be writing).
    pub fn discard(&mut self, drop: impl Fn(&str) -> bool) {
        self.pending.retain(|k, _| !drop(k));
    }

    /// Whether `key` has a change not yet on disk (waiting or in flight).
    pub fn is_dirty(&self, key: &str) -> bool {
        self.pending.contains_key(key) || self.in_flight.as_ref().is_some_and(|b| b.iter().any(|(k, _)| k == key))
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

    #[test]
    fn a_burst_of_changes_costs_at_most_two_batches_and_the_latest_value_wins() {
        let mut q = WriteQueue::default();
        q.stage("a", Some("1"));
        let first = q.take_batch().unwrap();
        assert_eq!(first, vec![("a".to_string(), Some("1".to_string()))]);
        for n in 2..50 {
            q.stage("a", Some(&n.to_string()));
            assert_eq!(q.take_batch(), None, "one batch in flight at a time");
        }
        q.committed();
        assert_eq!(q.take_batch(), Some(vec![("a".to_string(), Some("49".to_string()))]));
        q.committed();
        assert!(q.is_idle());
        assert_eq!(q.take_batch(), None);
    }

    #[test]
    fn a_failed_batch_waits_again_but_never_over_a_newer_change() {
        let mut q = WriteQueue::default();
        q.stage("a", Some("old"));
        q.stage("b", Some("b1"));
        q.take_batch().unwrap();
        q.stage("a", Some("new"));
        q.failed();
        let again = q.take_batch().unwrap();
        assert_eq!(again, vec![("a".to_string(), Some("new".to_string())), ("b".to_string(), Some("b1".to_string()))]);
    }

    #[test]
    fn removals_are_changes_too_and_dirty_keys_are_known() {
        let mut q = WriteQueue::default();
        q.stage("a", Some("1"));
        q.stage("a", None);
        assert!(q.is_dirty("a"));
        assert!(!q.is_dirty("b"));
        let batch = q.take_batch().unwrap();
        assert_eq!(batch, vec![("a".to_string(), None)]);
        assert!(q.is_dirty("a"), "in flight is not on disk yet");
        assert!(q.in_flight());
        q.committed();
        assert!(!q.is_dirty("a"));
    }

    #[test]
    fn discard_drops_waiting_changes_only() {
        let mut q = WriteQueue::default();
        q.stage("map:x", Some("1"));
        q.take_batch().unwrap();
        q.stage("map:y", Some("2"));
        q.stage("other", Some("3"));
        q.discard(|k| k.starts_with("map:"));
        q.failed();
        let batch = q.take_batch().unwrap();
        assert_eq!(batch.len(), 2, "the batch in flight is kept, the waiting map:y is gone: {batch:?}");
        assert!(batch.iter().all(|(k, _)| k != "map:y"));
    }
}
