//! Lists of entries kept under one storage key and addressed by a short id: the self-check
//! history and the follow-up plans. One set of rules for both (and for merging an import).

/// An entry with an id that is unique within its list.
pub trait Identified {
    fn id(&self) -> &str;
}

/// `base`, or `base-2`, `base-3`, … : the first one not `taken` (no random numbers needed, and
/// only ever unique on this device).
pub fn next_free_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

pub fn find<'a, T: Identified>(list: &'a [T], id: &str) -> Option<&'a T> {
    list.iter().find(|e| e.id() == id)
}

/// Adds `entry`, or replaces the one with the same id in its place.
pub fn upsert<T: Identified>(list: &mut Vec<T>, entry: T) {
    match list.iter_mut().find(|e| e.id() == entry.id()) {
        Some(e) => *e = entry,
        None => list.push(entry),
    }
}

pub fn take<T: Identified>(list: &mut Vec<T>, id: &str) -> Option<T> {
    let i = list.iter().position(|e| e.id() == id)?;
    Some(list.remove(i))
}

/// Adds the entries of `incoming` whose id is not in `list` yet; entries here stay as they are.
pub fn add_missing<T: Identified>(list: &mut Vec<T>, incoming: Vec<T>) {
    for e in incoming {
        if find(list, e.id()).is_none() {
            list.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct E(&'static str, u8);
    impl Identified for E {
        fn id(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn ids_entries_and_merges() {
        assert_eq!(
            next_free_id("check-2026-11-22", |id| ["check-2026-11-22", "check-2026-11-22-2"].contains(&id)),
            "check-2026-11-22-3"
        );
        assert_eq!(next_free_id("plan-x", |_| false), "plan-x");
        let mut l = vec![E("a", 1), E("b", 1)];
        upsert(&mut l, E("a", 2));
        upsert(&mut l, E("c", 1));
        assert_eq!(l, [E("a", 2), E("b", 1), E("c", 1)]);
        add_missing(&mut l, vec![E("b", 9), E("d", 1)]);
        assert_eq!(l, [E("a", 2), E("b", 1), E("c", 1), E("d", 1)]);
        assert_eq!(find(&l, "c"), Some(&E("c", 1)));
        assert_eq!(take(&mut l, "a"), Some(E("a", 2)));
        assert_eq!(take(&mut l, "a"), None);
    }
}
