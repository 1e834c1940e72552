//! Register records in words: every field name and code gets a label from the catalogs
//! (`rec.field.*`, `rec.<field>.<code>`, `rec.code.<code>`, `rec.areas.*`, `rec.life.*`), wijken,
//! partners and urgent contacts get their names from the config. The raw JSON stays available
//! next to it ("Bekijk de precieze gegevens").

use super::i18n::I18n;
use crate::config::Config;
use crate::i18n::t_opt;
use serde_json::Value;

/// The label of a record field (or a register question, such as `area_change.adl`).
pub fn field_label(i: I18n, field: &str) -> String {
    if let Some(area) = field.strip_prefix("area_change.") {
        return i.trf("rec.change_in", &[("area", &life_area(i, area))]);
    }
    t_opt(i.code(), &format!("rec.field.{field}")).unwrap_or_else(|| field.to_string())
}

fn life_area(i: I18n, area: &str) -> String {
    t_opt(i.code(), &format!("rec.life.{area}")).unwrap_or_else(|| area.to_string())
}

/// The label of one code of a field.
pub fn value_label(i: I18n, config: &Config, field: &str, code: &str) -> String {
    let lang = i.code();
    let field = if field.starts_with("area_change.") { "area_change" } else { field };
    match field {
        "kind" => return t_opt(lang, &format!("send.kind.{code}")).unwrap_or_else(|| code.to_string()),
        "wijk" => {
            if let Some(w) = config.wijk(code) {
                return w.name.get(lang).to_string();
            }
        }
        "area_change" => {
            return t_opt(lang, &format!("follow_up.change.{code}")).unwrap_or_else(|| code.to_string());
        }
        "respondent" => {
            return t_opt(lang, &format!("follow_up.respondent.{code}")).unwrap_or_else(|| code.to_string());
        }
        "destinations" => {
            let partners: Vec<String> = config
                .partners
                .iter()
                .filter(|p| p.outcomes.iter().any(|o| o == code))
                .map(|p| p.name.get(lang).to_string())
                .collect();
            if !partners.is_empty() {
                return partners.join(", ");
            }
            if let Some(c) = config.urgent_contacts.iter().find(|c| c.kind == code) {
                return c.name.get(lang).to_string();
            }
        }
        "quarter" => {
            if let Some((year, q)) = code.split_once("-Q") {
                return i.trf("rec.quarter", &[("q", q), ("year", year)]);
            }
        }
        "week" => {
            if let Some((year, week)) = code.split_once("-W") {
                return i.trf("rec.week", &[("week", week.trim_start_matches('0')), ("year", year)]);
            }
        }
        _ => {}
    }
    t_opt(lang, &format!("rec.{field}.{code}"))
        .or_else(|| t_opt(lang, &format!("rec.code.{code}")))
        .unwrap_or_else(|| code.to_string())
}

/// A stored record as `(label, value)` lines in words, in the order it is stored. A per-area
/// change becomes one line per area.
pub fn record_lines(i: I18n, config: &Config, json: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(o)) = serde_json::from_str::<Value>(json) else { return Vec::new() };
    let mut out = Vec::new();
    for (k, v) in &o {
        let one = |c: &Value| match c.as_str() {
            Some(s) => value_label(i, config, k, s),
            None => c.to_string(),
        };
        match v {
            Value::Null => out.push((field_label(i, k), i.tr("rec.none"))),
            Value::Array(a) if a.is_empty() => out.push((field_label(i, k), i.tr("rec.none"))),
            Value::Array(a) => out.push((field_label(i, k), a.iter().map(one).collect::<Vec<_>>().join(", "))),
            Value::Object(m) if m.is_empty() => out.push((field_label(i, k), i.tr("rec.none"))),
            Value::Object(m) => {
                for (area, change) in m {
                    out.push((i.trf("rec.change_in", &[("area", &life_area(i, area))]), one(change)));
                }
            }
            other => out.push((field_label(i, k), one(other))),
        }
    }
    out
}
