//! Sorted collections built without the standard sort. `collect()` into a `BTreeMap` or
//! `BTreeSet` sorts the items first, and `slice::sort` is compiled again for every item type:
//! about 3.5 KB of download each (twiggy on the release wasm, 3 December 2026). The lists here are
//! short (answers of one form, opening hours of one day, plans of one person), so inserting one by
//! one, or an insertion sort, costs nothing noticeable and a few hundred bytes.

use std::collections::{BTreeMap, BTreeSet};

/// Like `collect::<BTreeMap<_, _>>()`: a later item with the same key wins.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in items {
        map.insert(k, v);
    }
    map
}

/// Like `collect::<BTreeSet<_>>()`.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for x in items {
        set.insert(x);
    }
    set
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

    proptest! {
        #[test]
        fn the_same_as_the_standard_library(items in proptest::collection::vec((0u8..20, any::<u16>()), 0..60)) {
            prop_assert_eq!(map_of(items.clone()), items.iter().copied().collect::<BTreeMap<_, _>>());
            prop_assert_eq!(set_of(items.clone()), items.iter().copied().collect::<BTreeSet<_>>());
            let mut ours = items.clone();
            sort_short_by_key(&mut ours, |x| x.0);
            let mut std = items.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }
    }
}
