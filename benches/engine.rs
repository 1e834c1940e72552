//! Engine speed on a large form: parse, first evaluation, and one answer change, on a
//! generated 1000-question questionnaire. Prints figures (median of several runs); it asserts
//! nothing, so it never flakes. Run: `cargo bench --bench engine`.

use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use wijkpeil::engine::{pages, parse_questionnaire, AnswerValue, Form, ResponseStatus, Slot};

fn big_questionnaire(n: usize) -> String {
    // 100 groups of 10 questions; every tenth question depends on the first one of its group.
    let groups: Vec<_> = (0..n / 10)
        .map(|g| {
            let items: Vec<_> = (0..10)
                .map(|k| {
                    let mut it = json!({"linkId": format!("q{g}_{k}"), "type": if k == 0 { "boolean" } else { "string" },
                        "text": format!("Vraag {k} van groep {g}")});
                    if k % 3 == 1 {
                        it["enableWhen"] = json!([{"question": format!("q{g}_0"), "operator": "=", "answerBoolean": true}]);
                    }
                    it
                })
                .collect();
            json!({"linkId": format!("g{g}"), "type": "group", "text": format!("Groep {g}"), "item": items})
        })
        .collect();
    json!({"resourceType": "Questionnaire", "id": "groot", "item": groups}).to_string()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let text = big_questionnaire(1000);
    let def = Arc::new(parse_questionnaire(&text).unwrap());
    let n_items = def.items.len();
    let parse_ms = time(15, || parse_questionnaire(&text).unwrap());
    let ps = pages(&def);
    let first_ms = time(15, || {
        let f = Form::new(def.clone());
        f.first_page(&ps)
    });
    let mut form = Form::new(def.clone());
    let switch = Slot::new(def.find("q50_0").unwrap(), vec![]);
    let mut on = false;
    let change_ms = time(101, || {
        on = !on;
        form.set_answer(switch.clone(), Some(AnswerValue::Boolean(on)));
        // What a screen re-render asks: every item of the changed group.
        let g = def.find("g50").unwrap();
        def.item(g).children.iter().filter(|&&c| form.is_enabled(&Slot::new(c, vec![]))).count()
    });
    let all_ms =
        time(15, || def.items.iter().enumerate().filter(|(i, _)| form.is_enabled(&Slot::new(*i, vec![]))).count());
    let export_ms = time(15, || form.to_response(ResponseStatus::Completed, None));
    println!("engine benchmark: {n_items} items ({} KB JSON), {} screens", text.len() / 1024, ps.len());
    println!("  parse                    {parse_ms:8.3} ms");
    println!("  new form + first screen  {first_ms:8.3} ms");
    println!("  answer change + screen   {change_ms:8.3} ms");
    println!("  enabled state, all items {all_ms:8.3} ms");
    println!("  QuestionnaireResponse    {export_ms:8.3} ms");
}
