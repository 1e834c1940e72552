//! Sorted collections small in the download. `BTreeMap` and `BTreeSet` bring about 4 to 6 KB of
//! code per key and value type (insert, remove, rebalancing, drop, clone: 149 functions, 44 KB
//! before compression in the first part, twiggy on the release wasm, 7 December 2026). The maps
//! here are short (the answers of one form, the records of one device, the codes of one config),
//! so a sorted `Vec` with binary search does the same in a few hundred bytes per type. And
//! `collect()` into a `BTreeMap` sorts first, with `slice::sort` compiled again for every item
//! type (about 3.5 KB each): these are built by inserting one by one instead.

use std::borrow::Borrow;
use std::fmt;

/// A map with its keys in order, like `BTreeMap`, kept as a sorted list of pairs.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is (`Ok`), or where it would go (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Like `BTreeMap::insert`: the old value, if the key was there.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        // Keys often come in order (a stored list, a questionnaire): then it is a push.
        if self.entries.last().is_none_or(|(last, _)| *last < key) {
            self.entries.push((key, value));
            return None;
        }
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K, V> SortedMap<K, V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// In key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Like `BTreeMap`'s: panics when the key is not there.
impl<K: Borrow<Q> + Ord, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

/// Like `collect::<BTreeMap<_, _>>()`: a later item with the same key wins.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = SortedMap::new();
        map.extend(items);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// A set with its items in order, like `BTreeSet`: a [`SortedMap`] without values (the same code,
/// and `(T, ())` is laid out as `T`).
#[derive(Clone, PartialEq, Eq)]
pub struct SortedSet<T> {
    map: SortedMap<T, ()>,
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet { map: SortedMap::default() }
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Like `BTreeSet::insert`: whether it was new.
    pub fn insert(&mut self, item: T) -> bool {
        self.map.insert(item, ()).is_none()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.contains_key(item)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.remove(item).is_some()
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|item, _| keep(item));
    }
}

impl<T> SortedSet<T> {
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// In order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.map.keys()
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        self.map.extend(items.into_iter().map(|item| (item, ())));
    }
}

/// Like `collect::<BTreeSet<_>>()`.
impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = SortedSet::new();
        set.extend(items);
        set
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for SortedSet<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter().map(|(item, ())| item)
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (T, ())>, fn(&'a (T, ())) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.iter().map(|(item, ())| item)
    }
}

/// Like `collect::<BTreeMap<_, _>>()`: a later item with the same key wins.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> SortedMap<K, V> {
    items.into_iter().collect()
}

/// Like `collect::<BTreeSet<_>>()`.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> SortedSet<T> {
    items.into_iter().collect()
}

/// Like `items.sort_by_key(key)` (stable: equal keys keep their order), for short lists.
pub fn sort_short_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Debug, Clone)]
    enum Op {
        Insert(u8, u16),
        Remove(u8),
        Retain(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u8..30, any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
            2 => (0u8..30).prop_map(Op::Remove),
            1 => (1u8..5).prop_map(Op::Retain),
        ]
    }

    fn pairs<'a>(it: impl Iterator<Item = (&'a u8, &'a u16)>) -> Vec<(u8, u16)> {
        it.map(|(k, v)| (*k, *v)).collect()
    }

    proptest! {
        /// Any sequence of changes leaves the same contents, in the same order, with the same
        /// answers along the way, as the standard library's `BTreeMap` and `BTreeSet`.
        #[test]
        fn behaves_as_the_standard_library(ops in proptest::collection::vec(op(), 0..120)) {
            let (mut ours, mut std) = (SortedMap::new(), BTreeMap::new());
            let (mut our_set, mut std_set) = (SortedSet::new(), BTreeSet::new());
            for op in ops {
                match op {
                    Op::Insert(k, v) => {
                        prop_assert_eq!(ours.insert(k, v), std.insert(k, v));
                        prop_assert_eq!(our_set.insert(k), std_set.insert(k));
                    }
                    Op::Remove(k) => {
                        prop_assert_eq!(ours.remove(&k), std.remove(&k));
                        prop_assert_eq!(our_set.remove(&k), std_set.remove(&k));
                    }
                    Op::Retain(m) => {
                        ours.retain(|k, _| k % m == 0);
                        std.retain(|k, _| k % m == 0);
                        our_set.retain(|k| k % m != 0);
                        std_set.retain(|k| k % m != 0);
                    }
                }
                prop_assert_eq!(pairs(ours.iter()), pairs(std.iter()));
                prop_assert_eq!(our_set.iter().collect::<Vec<_>>(), std_set.iter().collect::<Vec<_>>());
            }
            for k in 0u8..30 {
                prop_assert_eq!(ours.get(&k), std.get(&k));
                prop_assert_eq!(ours.contains_key(&k), std.contains_key(&k));
                prop_assert_eq!(our_set.contains(&k), std_set.contains(&k));
            }
            prop_assert_eq!(ours.len(), std.len());
            prop_assert_eq!(format!("{ours:?}"), format!("{std:?}"));
            prop_assert_eq!(format!("{our_set:?}"), format!("{std_set:?}"));
        }

        #[test]
        fn built_from_a_list_as_the_standard_library(items in proptest::collection::vec((0u8..20, any::<u16>()), 0..60)) {
            prop_assert_eq!(pairs(map_of(items.clone()).iter()), pairs(items.iter().copied().collect::<BTreeMap<_, _>>().iter()));
            prop_assert_eq!(set_of(items.clone()).into_iter().collect::<Vec<_>>(), items.iter().copied().collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>());
            let mut ours = items.clone();
            sort_short_by_key(&mut ours, |x| x.0);
            let mut std = items.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }
    }
}
