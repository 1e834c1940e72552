//! What a form reports as changed after an answer ([`Form::take_changes`], with
//! [`Questionnaire::affected_by`]): the screen redoes only that, so nothing left out may change.

use super::*;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;

fn load(v: serde_json::Value) -> Arc<Questionnaire> {
    Arc::new(questionnaire_from_value(&v).unwrap_or_else(|e| panic!("{e:?}")))
}

fn slot(q: &Questionnaire, link: &str, reps: &[u32]) -> Slot {
    Slot::new(q.find(link).unwrap(), reps.to_vec())
}

fn ids(q: &Questionnaire, links: &[&str]) -> BTreeSet<ItemId> {
    links.iter().map(|l| q.find(l).unwrap()).collect()
}

fn affected(q: &Questionnaire, link: &str) -> BTreeSet<ItemId> {
    q.affected_by(q.find(link).unwrap()).iter().copied().collect()
}

/// `a` enables `b`, `b` enables group `g` (with `c` inside); `d` enables `e`, apart from them.
fn chain() -> Arc<Questionnaire> {
    load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "a", "type": "boolean"},
        {"linkId": "b", "type": "boolean", "enableWhen": [{"question": "a", "operator": "=", "answerBoolean": true}]},
        {"linkId": "g", "type": "group", "enableWhen": [{"question": "b", "operator": "=", "answerBoolean": true}],
         "item": [{"linkId": "c", "type": "string"}]},
        {"linkId": "d", "type": "string"},
        {"linkId": "e", "type": "string", "enableWhen": [{"question": "d", "operator": "exists", "answerBoolean": true}]}
    ]}))
}

#[test]
fn an_answer_names_its_slot_and_the_chain_it_can_enable_and_nothing_else() {
    let q = chain();
    let mut f = Form::new(q.clone());
    assert!(f.take_changes().everything, "a new form is new everywhere");
    assert_eq!(f.take_changes(), Changes::default(), "taken once");

    f.set_answer(slot(&q, "a", &[]), Some(AnswerValue::Boolean(true)));
    let c = f.take_changes();
    assert!(!c.everything);
    assert_eq!(c.answers, [slot(&q, "a", &[])]);
    assert_eq!(affected(&q, "a"), ids(&q, &["b", "g", "c"]), "the chain through b, with what is inside g");
    assert_eq!(affected(&q, "d"), ids(&q, &["e"]));
    assert!(affected(&q, "c").is_empty() && affected(&q, "e").is_empty());

    f.set_answer(slot(&q, "a", &[]), Some(AnswerValue::Boolean(true)));
    assert_eq!(f.take_changes(), Changes::default(), "the same answer again changes nothing");
    f.set_answer(slot(&q, "c", &[]), None);
    assert_eq!(f.take_changes(), Changes::default(), "clearing an empty slot changes nothing");

    f.set_answer(slot(&q, "d", &[]), Some(AnswerValue::String("x".into())));
    f.set_answer(slot(&q, "c", &[]), Some(AnswerValue::String("y".into())));
    assert_eq!(f.take_changes().answers, [slot(&q, "d", &[]), slot(&q, "c", &[])]);
}

#[test]
fn structure_changes_and_long_unread_lists_mean_everything() {
    let q = load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "p", "type": "group", "repeats": true, "item": [{"linkId": "n", "type": "integer"}]}
    ]}));
    let p = slot(&q, "p", &[]);
    let mut f = Form::new(q.clone());
    f.take_changes();
    f.add_group_instance(p.clone());
    assert!(f.take_changes().everything);
    f.remove_group_instance(&p, 0);
    assert!(f.take_changes().everything);
    f.restore(vec![(slot(&q, "n", &[0]), vec![AnswerValue::Integer(1)])], vec![]);
    assert!(f.take_changes().everything);

    // A form nobody takes the changes of (a result page) keeps a bounded list.
    let mut g = Form::new(q.clone());
    g.take_changes();
    g.restore(vec![], vec![(p.clone(), 1000)]);
    g.take_changes();
    for k in 0..1000 {
        g.set_answer(slot(&q, "n", &[k]), Some(AnswerValue::Integer(k as i64)));
    }
    let c = g.take_changes();
    assert!(c.everything && c.answers.is_empty());
}

/// Every slot's enabled state, repeating groups included.
fn enabled_states(f: &Form) -> Vec<(Slot, bool)> {
    fn walk(f: &Form, id: ItemId, reps: Reps, out: &mut Vec<(Slot, bool)>) {
        let s = Slot::new(id, reps.clone());
        out.push((s.clone(), f.is_enabled(&s)));
        let item = f.def.item(id);
        let n = if item.is_repeating_group() { f.group_count(&s) } else { 1 };
        for k in 0..n {
            let mut inner = reps.clone();
            if item.is_repeating_group() {
                inner.push(k);
            }
            for &c in &item.children {
                walk(f, c, inner.clone(), out);
            }
        }
    }
    let mut out = Vec::new();
    for &r in &f.def.roots {
        walk(f, r, Vec::new(), &mut out);
    }
    out
}

#[test]
fn whatever_is_answered_every_slot_that_changes_is_reported() {
    let nested = load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "person", "type": "group", "repeats": true, "item": [
            {"linkId": "has_kids", "type": "boolean"},
            {"linkId": "kid", "type": "group", "repeats": true,
             "enableWhen": [{"question": "has_kids", "operator": "=", "answerBoolean": true}],
             "item": [{"linkId": "age", "type": "integer"},
                      {"linkId": "school", "type": "string", "enableWhen": [{"question": "age", "operator": ">=", "answerInteger": 4}]}]}
        ]},
        {"linkId": "any_kid_at_school", "type": "string", "enableWhen": [{"question": "school", "operator": "exists", "answerBoolean": true}]}
    ]}));
    for q in [chain(), nested] {
        let mut f = Form::new(q.clone());
        if let Some(person) = q.find("person") {
            f.add_group_instance(Slot::new(person, vec![]));
            f.add_group_instance(slot(&q, "kid", &[1]));
        }
        let values = [AnswerValue::Boolean(true), AnswerValue::Integer(5), AnswerValue::String("x".into())];
        // Each question in each repetition, with each value that fits it, then cleared again.
        for (s, _) in enabled_states(&f) {
            let kind = q.item(s.item).kind;
            for v in values.iter().filter(|v| kind.accepts(v)).map(|v| Some(v.clone())).chain([None]) {
                f.take_changes();
                let before = enabled_states(&f);
                f.set_answer(s.clone(), v);
                let c = f.take_changes();
                if c.answers.is_empty() {
                    assert_eq!(before, enabled_states(&f), "nothing reported, nothing changed");
                    continue;
                }
                assert_eq!(c.answers, std::slice::from_ref(&s));
                let reported = q.affected_by(s.item);
                for ((slot, was), (_, now)) in before.iter().zip(enabled_states(&f)) {
                    assert!(was == &now || reported.contains(&slot.item), "{slot:?} changed without being reported");
                }
            }
        }
    }
}

#[test]
fn only_items_with_a_condition_on_their_way_can_be_disabled() {
    let q = chain();
    let can = |l: &str| q.can_be_disabled(q.find(l).unwrap());
    assert!(!can("a") && !can("d"));
    assert!(can("b") && can("g") && can("e"));
    assert!(can("c"), "inside a group that can be disabled");
}
