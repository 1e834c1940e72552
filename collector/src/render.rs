//! The register as JSON and as CSV. `null` (JSON) or an empty count (CSV) is a hidden count.

use crate::aggregate::Register;
use serde_json::{json, Value};

/// The CSV/JSON name of the total over all wijken (not a wijk code: it has parentheses).
pub const ALL_WIJKEN: &str = "(all)";

pub fn register_json(register: &Register) -> Value {
    json!({
        "format": 1,
        "period": "quarter",
        "min_cell": register.min_cell,
        "columns": register.columns,
        "periods": register.periods.iter().map(|p| json!({
            "period": p.period,
            "tables": p.tables.iter().map(|t| json!({
                "kind": t.kind,
                "question": t.question,
                "rows": t.rows.iter().map(|r| json!({
                    "answer": r.answer,
                    "counts": r.counts,
                    "total": r.total,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// One line per count: `period,kind,question,answer,wijk,count`. Every field is a code,
/// `(none)`, `(all)` or `(skipped)`: none holds a comma, quote or line break.
pub fn register_csv(register: &Register) -> String {
    let mut out = String::from("period,kind,question,answer,wijk,count\n");
    for p in &register.periods {
        for t in &p.tables {
            for r in &t.rows {
                let cells = register.columns.iter().map(String::as_str).zip(&r.counts).chain([(ALL_WIJKEN, &r.total)]);
                for (wijk, count) in cells {
                    let count = count.map(|n| n.to_string()).unwrap_or_default();
                    out.push_str(&format!("{},{},{},{},{wijk},{count}\n", p.period, t.kind, t.question, r.answer));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{PeriodTables, Row, Table};

    fn register() -> Register {
        Register {
            min_cell: 10,
            columns: vec!["noord".into(), "(none)".into()],
            periods: vec![PeriodTables {
                period: "2026-Q3".into(),
                tables: vec![Table {
                    kind: "fit_check",
                    question: "outcome".into(),
                    rows: vec![Row { answer: "fits".into(), counts: vec![Some(12), None], total: Some(15) }],
                }],
            }],
        }
    }

    #[test]
    fn csv_has_one_line_per_count_and_empty_hidden_counts() {
        assert_eq!(
            register_csv(&register()),
            "period,kind,question,answer,wijk,count\n\
             2026-Q3,fit_check,outcome,fits,noord,12\n\
             2026-Q3,fit_check,outcome,fits,(none),\n\
             2026-Q3,fit_check,outcome,fits,(all),15\n"
        );
    }

    #[test]
    fn json_has_null_for_hidden_counts() {
        let j = register_json(&register());
        assert_eq!(j["periods"][0]["tables"][0]["rows"][0]["counts"], json!([12, null]));
        assert_eq!(j["columns"], json!(["noord", "(none)"]));
        assert_eq!(j["min_cell"], 10);
    }
}
