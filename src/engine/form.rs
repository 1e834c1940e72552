//! A questionnaire being filled in: its answers, repeated groups, and which items are enabled.
//! Plain data: no signals, no DOM. The UI holds a `Form` and asks it what to show.

use super::model::*;
use super::value::AnswerValue;
use crate::small_collections::{map_of, SortedMap};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// Repetition indices: one per enclosing repeating group (see [`Item::repeat_scope`]).
pub type Reps = Vec<u32>;

/// Where an answer lives: the item and the repetition of each repeating group around it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    pub item: ItemId,
    pub reps: Reps,
}

impl Slot {
    pub fn new(item: ItemId, reps: Reps) -> Self {
        Slot { item, reps }
    }
}

/// What changed in a form since [`Form::take_changes`] was last called: for a screen that shows
/// each slot in views of its own, so that an answer redoes the work of only the slots it changes.
/// Besides the answered slots, the items of [`Questionnaire::affected_by`] may have changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Anything may have changed: a new or restored form, a repeating group's instances added
    /// or removed, or more answers than are worth listing.
    pub everything: bool,
    /// Slots whose answers changed, in the order they changed (a slot may be named twice).
    pub answers: Vec<Slot>,
}

/// Past this many changed slots nobody is reading the list (a form kept outside a screen):
/// it becomes [`Changes::everything`], so it never grows.
const MAX_LISTED_CHANGES: usize = 256;

impl Changes {
    fn everything() -> Self {
        Changes { everything: true, answers: Vec::new() }
    }

    fn note_answer(&mut self, slot: &Slot) {
        if self.everything {
            return;
        }
        if self.answers.len() >= MAX_LISTED_CHANGES {
            *self = Changes::everything();
            return;
        }
        self.answers.push(slot.clone());
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub def: Arc<Questionnaire>,
    answers: SortedMap<Slot, Vec<AnswerValue>>,
    /// Number of instances of a repeating group (absent = 1).
    group_counts: SortedMap<Slot, u32>,
    /// Enabled state per item and repetition, computed on demand and dropped for just the
    /// items an answer change can affect (see `Questionnaire::affected`).
    enabled_cache: RefCell<Vec<HashMap<Reps, bool>>>,
    /// Kept for the screen, which takes them after each change (see [`Form::take_changes`]).
    changes: Changes,
}

impl Form {
    /// A new form with the questionnaire's initial answers filled in.
    pub fn new(def: Arc<Questionnaire>) -> Self {
        let mut form = Form::empty(def);
        let roots = form.def.roots.clone();
        for r in roots {
            form.fill_initial(r, &[]);
        }
        form
    }

    /// Puts initial values into `id` and the items below it, in the repetition context `reps`
    /// (the first instance of each repeating group inside).
    fn fill_initial(&mut self, id: ItemId, reps: &[u32]) {
        let def = self.def.clone();
        let item = def.item(id);
        if item.kind.is_question() {
            let mut init = item.initial.clone();
            init.extend(item.options.iter().filter(|o| o.initial_selected).map(|o| o.value.clone()));
            if !item.repeats {
                init.truncate(1);
            }
            if !init.is_empty() {
                self.answers.insert(Slot::new(id, reps.to_vec()), init);
            }
        }
        let mut inner = reps.to_vec();
        if item.is_repeating_group() {
            inner.push(0);
        }
        for &c in &item.children {
            self.fill_initial(c, &inner);
        }
    }

    /// A form with no answers at all (used when restoring a saved draft).
    pub fn empty(def: Arc<Questionnaire>) -> Self {
        let n = def.items.len();
        Form {
            def,
            answers: SortedMap::new(),
            group_counts: SortedMap::new(),
            enabled_cache: RefCell::new(vec![HashMap::new(); n]),
            changes: Changes::everything(),
        }
    }

    /// What changed since the last call (a new form: everything), and forgets it.
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    pub fn answers(&self, slot: &Slot) -> &[AnswerValue] {
        self.answers.get(slot).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn all_answers(&self) -> impl Iterator<Item = (&Slot, &Vec<AnswerValue>)> {
        self.answers.iter()
    }

    pub fn all_group_counts(&self) -> impl Iterator<Item = (&Slot, &u32)> {
        self.group_counts.iter()
    }

    /// Replaces the answers in a slot (an empty list clears it).
    pub fn set_answers(&mut self, slot: Slot, values: Vec<AnswerValue>) {
        let item = slot.item;
        if values.is_empty() {
            if self.answers.remove(&slot).is_none() {
                return;
            }
        } else if self.answers.get(&slot) == Some(&values) {
            return;
        } else {
            self.answers.insert(slot.clone(), values);
        }
        self.changes.note_answer(&slot);
        self.invalidate(item);
    }

    pub fn set_answer(&mut self, slot: Slot, value: Option<AnswerValue>) {
        self.set_answers(slot, value.into_iter().collect());
    }

    /// Adds or removes `value` among a multi-select item's answers.
    pub fn toggle(&mut self, slot: Slot, value: AnswerValue, on: bool) {
        let mut current = self.answers(&slot).to_vec();
        let pos = current.iter().position(|v| v.matches(&value) && v.fhir_suffix() == value.fhir_suffix());
        match (on, pos) {
            (true, None) => current.push(value),
            (false, Some(i)) => {
                current.remove(i);
            }
            _ => return,
        }
        self.set_answers(slot, current);
    }

    /// Number of instances of a repeating group in a context (at least 1).
    pub fn group_count(&self, slot: &Slot) -> u32 {
        self.group_counts.get(slot).copied().unwrap_or(1).max(1)
    }

    pub fn add_group_instance(&mut self, slot: Slot) {
        let n = self.group_count(&slot);
        let group = slot.item;
        let mut inner = slot.reps.clone();
        inner.push(n);
        self.group_counts.insert(slot, n + 1);
        for c in self.def.item(group).children.clone() {
            self.fill_initial(c, &inner);
        }
        self.clear_cache();
    }

    /// Removes instance `index` of a repeating group and shifts later instances down.
    pub fn remove_group_instance(&mut self, slot: &Slot, index: u32) {
        let n = self.group_count(slot);
        let depth = slot.reps.len(); // position of this group's index in inner reps
        let group = slot.item;
        let inside = |s: &Slot, def: &Questionnaire| {
            def.items[s.item].repeat_scope.get(depth) == Some(&group) && s.reps[..depth] == slot.reps[..]
        };
        let def = self.def.clone();
        let inside = |s: &Slot| inside(s, &def);
        shift_instances(&mut self.answers, &inside, depth, index);
        shift_instances(&mut self.group_counts, &inside, depth, index);
        if n > 1 {
            self.group_counts.insert(slot.clone(), n - 1);
        } else {
            self.group_counts.remove(slot);
        }
        self.clear_cache();
    }

    /// Restores a draft's raw content (the storage layer checks it first).
    pub fn restore(&mut self, answers: Vec<(Slot, Vec<AnswerValue>)>, counts: Vec<(Slot, u32)>) {
        let n = self.def.items.len();
        self.answers = map_of(answers.into_iter().filter(|(s, v)| s.item < n && !v.is_empty()));
        self.group_counts = map_of(counts.into_iter().filter(|(s, _)| s.item < n));
        self.clear_cache();
    }

    fn invalidate(&self, changed: ItemId) {
        let mut cache = self.enabled_cache.borrow_mut();
        for &a in &self.def.affected[changed] {
            cache[a].clear();
        }
    }

    /// After a change of structure: every cached enabled state goes, and the screen redoes all.
    fn clear_cache(&mut self) {
        self.enabled_cache.borrow_mut().iter_mut().for_each(HashMap::clear);
        self.changes = Changes::everything();
    }

    /// Whether an item (in a repetition context) is enabled: its parents are, and its
    /// `enableWhen` conditions hold. Answers of disabled items count as absent.
    pub fn is_enabled(&self, slot: &Slot) -> bool {
        if let Some(&v) = self.enabled_cache.borrow()[slot.item].get(&slot.reps) {
            return v;
        }
        let item = &self.def.items[slot.item];
        let parent_ok = match item.parent {
            None => true,
            Some(p) => {
                let depth = self.def.items[p].repeat_scope.len();
                self.is_enabled(&Slot::new(p, slot.reps[..depth.min(slot.reps.len())].to_vec()))
            }
        };
        let v = parent_ok && self.conditions_hold(slot);
        self.enabled_cache.borrow_mut()[slot.item].insert(slot.reps.clone(), v);
        v
    }

    fn conditions_hold(&self, slot: &Slot) -> bool {
        let item = &self.def.items[slot.item];
        if item.enable_when.is_empty() {
            return true;
        }
        let mut results = item.enable_when.iter().map(|c| {
            let answers = self.answers_in_context(c.question, slot);
            condition_holds(c, &answers)
        });
        match item.enable_behavior {
            EnableBehavior::All => results.all(|r| r),
            EnableBehavior::Any => results.any(|r| r),
        }
    }

    /// The enabled answers of `target` as seen from `from`: repetitions shared with `from` are
    /// fixed, the others (repeating groups `from` is not inside) are all taken.
    fn answers_in_context(&self, target: ItemId, from: &Slot) -> Vec<AnswerValue> {
        let t_scope = &self.def.items[target].repeat_scope;
        let f_scope = &self.def.items[from.item].repeat_scope;
        let shared = t_scope.iter().zip(f_scope).take_while(|(a, b)| a == b).count();
        let prefix: Reps = from.reps[..shared.min(from.reps.len())].to_vec();
        let mut out = Vec::new();
        let mut contexts = vec![prefix];
        for &group in &t_scope[shared..] {
            let mut next = Vec::new();
            for ctx in contexts {
                for i in 0..self.group_count(&Slot::new(group, ctx.clone())) {
                    let mut c = ctx.clone();
                    c.push(i);
                    next.push(c);
                }
            }
            contexts = next;
        }
        for reps in contexts {
            let slot = Slot::new(target, reps);
            if self.is_enabled(&slot) {
                out.extend(self.answers(&slot).iter().cloned());
            }
        }
        out
    }
}

/// Drops repetition `index` (at `depth` in the reps) of the slots `inside` selects, and moves
/// later repetitions one place down.
fn shift_instances<V>(map: &mut SortedMap<Slot, V>, inside: &dyn Fn(&Slot) -> bool, depth: usize, index: u32) {
    let keys: Vec<Slot> = map.keys().filter(|s| inside(s)).cloned().collect();
    let mut moved = Vec::new();
    for k in keys {
        let v = map.remove(&k).expect("key just listed");
        let i = k.reps[depth];
        if i == index {
            continue;
        }
        let mut nk = k;
        if i > index {
            nk.reps[depth] = i - 1;
        }
        moved.push((nk, v));
    }
    map.extend(moved);
}

/// One `enableWhen` condition against the answers it refers to. Without answers only `exists`
/// can hold (`exists = false`), as FHIR R5 clarified for R4's wording.
pub fn condition_holds(c: &EnableWhen, answers: &[AnswerValue]) -> bool {
    use std::cmp::Ordering::*;
    match c.operator {
        Operator::Exists => matches!(c.answer, AnswerValue::Boolean(b) if b != answers.is_empty()),
        _ if answers.is_empty() => false,
        Operator::Eq => answers.iter().any(|a| a.matches(&c.answer)),
        Operator::Ne => !answers.iter().any(|a| a.matches(&c.answer)),
        Operator::Gt => answers.iter().any(|a| a.compare(&c.answer) == Some(Greater)),
        Operator::Lt => answers.iter().any(|a| a.compare(&c.answer) == Some(Less)),
        Operator::Ge => answers.iter().any(|a| matches!(a.compare(&c.answer), Some(Greater | Equal))),
        Operator::Le => answers.iter().any(|a| matches!(a.compare(&c.answer), Some(Less | Equal))),
    }
}
