//! The register as JSON and as CSV. `null` (JSON) or an empty count (CSV) is a hidden count.
//! A published quarter is kept as its JSON (`period_json`) and read back (`period_from_json`),
//! so that it is served byte for byte as it was first published.

use crate::aggregate::{PeriodTables, Register, Row, Table};
use serde_json::{json, Value};

/// The CSV/JSON name of the total over all wijken (not a wijk code: it has parentheses).
pub const ALL_WIJKEN: &str = "(all)";

pub fn register_json(register: &Register) -> Value {
    json!({
        "format": 1,
        "period": "quarter",
        "min_cell": register.min_cell,
        "columns": register.columns,
        "periods": register.periods.iter().map(period_json).collect::<Vec<_>>(),
    })
}

/// One quarter: `{"period", "provisional", "min_cell", "columns", "urgent", "team_urgent",
/// "tables"}`; `team_urgent` only for quarters published since questions registered by a team
/// are counted (an older quarter is served exactly as it was published).
pub fn period_json(p: &PeriodTables) -> Value {
    let mut v = json!({
        "period": p.period,
        "provisional": p.provisional,
        "min_cell": p.min_cell,
        "columns": p.columns,
        "urgent": p.urgent,
        "tables": p.tables.iter().map(|t| json!({
            "kind": t.kind,
            "question": t.question,
            "rows": t.rows.iter().map(|r| json!({
                "answer": r.answer,
                "counts": r.counts,
                "total": r.total,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    if let Some(team) = p.team_urgent {
        v["team_urgent"] = json!(team);
    }
    v
}

/// A quarter read back from `period_json`; `None` if it is not one.
pub fn period_from_json(v: &Value) -> Option<PeriodTables> {
    let text = |v: &Value| v.as_str().map(str::to_string);
    let counts = |v: &Value| -> Option<Vec<Option<u64>>> {
        v.as_array()?.iter().map(|c| if c.is_null() { Some(None) } else { c.as_u64().map(Some) }).collect()
    };
    let count = |v: &Value| if v.is_null() { Some(None) } else { v.as_u64().map(Some) };
    let tables = v["tables"]
        .as_array()?
        .iter()
        .map(|t| {
            let kind = match t["kind"].as_str()? {
                "fit_check" => "fit_check",
                "team" => "team",
                "follow_up" => "follow_up",
                _ => return None,
            };
            let rows = t["rows"]
                .as_array()?
                .iter()
                .map(|r| {
                    Some(Row { answer: text(&r["answer"])?, counts: counts(&r["counts"])?, total: count(&r["total"])? })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Table { kind, question: text(&t["question"])?, rows })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(PeriodTables {
        period: text(&v["period"])?,
        provisional: v["provisional"].as_bool()?,
        min_cell: v["min_cell"].as_u64()?,
        columns: v["columns"].as_array()?.iter().map(text).collect::<Option<Vec<_>>>()?,
        urgent: count(&v["urgent"])?,
        team_urgent: match v.get("team_urgent") {
            None => None,
            Some(t) => Some(count(t)?),
        },
        tables,
    })
}

/// One line per count: `period,kind,question,answer,wijk,count,status` (status `final` or
/// `provisional`); the urgent signals are one line `period,urgent,records,records,(all),n`,
/// and those of questions a team registered one line `period,team_urgent,records,records,(all),n`
/// (not for quarters published before these were counted).
/// Every field is a code, `(none)`, `(all)` or `(skipped)`: none holds a comma, quote or line
/// break.
pub fn register_csv(register: &Register) -> String {
    let mut out = String::from("period,kind,question,answer,wijk,count,status\n");
    for p in &register.periods {
        let status = if p.provisional { "provisional" } else { "final" };
        for t in &p.tables {
            for r in &t.rows {
                let cells = p.columns.iter().map(String::as_str).zip(&r.counts).chain([(ALL_WIJKEN, &r.total)]);
                for (wijk, count) in cells {
                    let count = count.map(|n| n.to_string()).unwrap_or_default();
                    out.push_str(&format!(
                        "{},{},{},{},{wijk},{count},{status}\n",
                        p.period, t.kind, t.question, r.answer
                    ));
                }
            }
        }
        let urgent = p.urgent.map(|n| n.to_string()).unwrap_or_default();
        out.push_str(&format!("{},urgent,records,records,{ALL_WIJKEN},{urgent},{status}\n", p.period));
        if let Some(team) = p.team_urgent {
            let team = team.map(|n| n.to_string()).unwrap_or_default();
            out.push_str(&format!("{},team_urgent,records,records,{ALL_WIJKEN},{team},{status}\n", p.period));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        Register {
            min_cell: 10,
            columns: vec!["noord".into(), "(none)".into()],
            periods: vec![PeriodTables {
                period: "2026-Q3".into(),
                provisional: false,
                min_cell: 10,
                columns: vec!["noord".into(), "(none)".into()],
                urgent: None,
                team_urgent: None,
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
            "period,kind,question,answer,wijk,count,status\n\
             2026-Q3,fit_check,outcome,fits,noord,12,final\n\
             2026-Q3,fit_check,outcome,fits,(none),,final\n\
             2026-Q3,fit_check,outcome,fits,(all),15,final\n\
             2026-Q3,urgent,records,records,(all),,final\n"
        );
    }

    #[test]
    fn json_has_null_for_hidden_counts() {
        let j = register_json(&register());
        assert_eq!(j["periods"][0]["tables"][0]["rows"][0]["counts"], json!([12, null]));
        assert_eq!(j["columns"], json!(["noord", "(none)"]));
        assert_eq!(j["min_cell"], 10);
        assert_eq!(j["periods"][0]["provisional"], false);
    }

    #[test]
    fn team_urgent_signals_have_their_own_line_and_field_only_when_counted() {
        let mut r = register();
        assert!(period_json(&r.periods[0]).get("team_urgent").is_none(), "an older quarter as published");
        r.periods[0].team_urgent = Some(Some(12));
        assert_eq!(period_json(&r.periods[0])["team_urgent"], 12);
        assert!(register_csv(&r).ends_with("2026-Q3,team_urgent,records,records,(all),12,final\n"));
        r.periods[0].team_urgent = Some(None);
        assert_eq!(period_json(&r.periods[0])["team_urgent"], Value::Null);
        let back = period_from_json(&period_json(&r.periods[0])).unwrap();
        assert_eq!(back.team_urgent, Some(None));
    }

    #[test]
    fn a_period_reads_back_as_it_was() {
        let mut r = register();
        r.periods[0].urgent = Some(11);
        let p = &r.periods[0];
        let text = period_json(p).to_string();
        let back = period_from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(&back, p);
        assert_eq!(period_json(&back).to_string(), text);
    }
}
