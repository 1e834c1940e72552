//! "Register": the municipality's published figures per wijk, read from the collector's
//! register endpoint, as tables with a bar for the total. Small counts are hidden by the
//! collector (never sent here); the page says so and why. Per quarter: how the questions came
//! in (the app's checks and each way the team registers, side by side, never added up), the
//! urgent signals of each, per group the areas by outcome for a chosen wijk (its column "Samen"
//! is the areas table, protected with it), and every other table. The same figures are offered
//! as the collector's CSV.

use super::context::use_config;
use super::i18n::{use_i18n, I18n};
use super::record_text::{field_label, value_label};
use crate::register::FIT_OUTCOMES;
use crate::web::fetch;
use leptos::prelude::*;
use serde_json::Value;

#[derive(Clone)]
enum Loaded {
    Loading,
    Failed,
    Ready(Value),
}

fn counts(v: &Value) -> Vec<Option<u64>> {
    v.as_array().map(|a| a.iter().map(Value::as_u64).collect()).unwrap_or_default()
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// The table of `kind` and `question` in a period's tables.
fn find<'a>(tables: &'a [Value], kind: &str, question: &str) -> Option<&'a Value> {
    tables.iter().find(|t| t.get("kind").and_then(Value::as_str) == Some(kind) && text(t, "question") == question)
}

fn rows(table: Option<&Value>) -> Vec<Value> {
    table.and_then(|t| t.get("rows")).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// One row of a table as shown: its label, counts per column and total.
type ShownRow = (String, Vec<Option<u64>>, Option<u64>);

fn shown_row(label: String, row: &Value) -> ShownRow {
    (label, counts(row.get("counts").unwrap_or(&Value::Null)), row.get("total").and_then(Value::as_u64))
}

/// A table of counts with a header row and a bar for the last column; `None` is hidden.
fn counts_table(
    caption: String,
    first: String,
    heads: Vec<String>,
    rows: Vec<ShownRow>,
    hidden: String,
) -> impl IntoView {
    let max = rows.iter().filter_map(|r| r.2).max().unwrap_or(1).max(1);
    let cell = move |c: Option<u64>| c.map(|n| n.to_string()).unwrap_or_else(|| hidden.clone());
    let label = caption.clone();
    view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
        <table class="register-table">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{first}</th>
                {heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(label, counts, total)| {
                    let width = total.map(|t| t * 100 / max).unwrap_or(0);
                    view! { <tr>
                        <th scope="row">{label}</th>
                        {counts.into_iter().map(|c| view! { <td>{cell.clone()(c)}</td> }).collect_view()}
                        <td class="total">
                            {cell.clone()(total)}
                            <span class="bar-cell" aria-hidden="true" style:inline-size=format!("{width}%")></span>
                        </td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// Per area of `group`: its count by outcome in the chosen column (`None`: all wijken), and in
/// "Samen" its row of the areas table.
fn area_outcome_rows(
    i: I18n,
    config: &crate::config::Config,
    tables: &[Value],
    group: &str,
    column: Option<usize>,
) -> Vec<ShownRow> {
    let pick = |row: &Value| match column {
        Some(c) => counts(row.get("counts").unwrap_or(&Value::Null)).get(c).copied().flatten(),
        None => row.get("total").and_then(Value::as_u64),
    };
    rows(find(tables, group, "areas"))
        .iter()
        .map(|area_row| {
            let area = text(area_row, "answer");
            let by_outcome = rows(find(tables, group, &format!("area_outcome.{area}")));
            let cells = FIT_OUTCOMES
                .iter()
                .map(|o| by_outcome.iter().find(|r| text(r, "answer") == *o).and_then(pick))
                .collect();
            (value_label(i, config, "areas", &area), cells, pick(area_row))
        })
        .collect()
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i = use_i18n();
    let config = use_config();
    let Some(endpoint) = config.submission_endpoint.clone() else {
        return view! {
            <section class="register-page">
                <h1>{i.text("register.title")}</h1>
                <p>{i.text("register.none")}</p>
            </section>
        }
        .into_any();
    };
    let base = endpoint.trim_end_matches('/').to_string();
    let csv_url = format!("{base}/v1/register.csv");
    let state = RwSignal::new(Loaded::Loading);
    leptos::task::spawn_local(async move {
        let url = format!("{base}/v1/register.json");
        state.set(match fetch::fetch_text(&url).await.ok().and_then(|t| serde_json::from_str(&t).ok()) {
            Some(v) => Loaded::Ready(v),
            None => Loaded::Failed,
        });
    });
    // The wijk of the area × outcome tables: `None` is all wijken.
    let area_wijk = RwSignal::new(None::<String>);
    let wijk_name = {
        let config = config.clone();
        move |code: &str| -> String {
            match code {
                "(all)" => i.tr("register.all"),
                "(none)" => i.tr("register.no_wijk"),
                c => config.wijk(c).map(|w| w.name.get(i.code()).to_string()).unwrap_or_else(|| c.to_string()),
            }
        }
    };
    view! {
        <section class="register-page">
            <h1>{i.text("register.title")}</h1>
            <p>{i.text("register.intro")}</p>
            {move || match state.get() {
                Loaded::Loading => view! { <p role="status">{i.tr("app.loading")}</p> }.into_any(),
                Loaded::Failed => view! { <p class="notice" role="alert">{i.tr("register.failed")}</p> }.into_any(),
                Loaded::Ready(v) => {
                    let min_cell = v.get("min_cell").and_then(Value::as_u64).unwrap_or(10).to_string();
                    let top_columns = v.get("columns").cloned().unwrap_or(Value::Null);
                    let periods = v.get("periods").and_then(Value::as_array).cloned().unwrap_or_default();
                    let wijk_name = wijk_name.clone();
                    let hidden = i.trf("register.hidden", &[("n", &min_cell)]);
                    let config = config.clone();
                    let choices: Vec<(String, String)> = top_columns.as_array().into_iter().flatten()
                        .filter_map(Value::as_str).map(|c| (c.to_string(), wijk_name(c))).collect();
                    view! {
                        <p class="hint">{i.trf("register.suppression", &[("n", &min_cell)])}</p>
                        <p><a href=csv_url.clone() download="register.csv">{i.tr("register.csv")}</a></p>
                        {periods.is_empty().then(|| view! { <p>{i.tr("register.empty")}</p> })}
                        {(!periods.is_empty()).then(|| view! {
                            <p>
                                <label for="register-wijk">{i.tr("register.area_wijk")}</label>
                                <select id="register-wijk" on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    area_wijk.set((!v.is_empty()).then_some(v));
                                }>
                                    <option value="">{i.tr("register.all")}</option>
                                    {choices.into_iter().map(|(c, name)| view! { <option value=c>{name}</option> }).collect_view()}
                                </select>
                            </p>
                        })}
                        {periods.into_iter().rev().map(|p| {
                            let period = text(&p, "period");
                            let tables = p.get("tables").and_then(Value::as_array).cloned().unwrap_or_default();
                            let columns: Vec<String> = p.get("columns").unwrap_or(&top_columns).as_array().into_iter().flatten()
                                .filter_map(Value::as_str).map(str::to_string).collect();
                            let mut heads: Vec<String> = columns.iter().map(|c| wijk_name(c)).collect();
                            heads.push(i.tr("register.all"));
                            // How the questions came in, side by side: the app's checks, then
                            // each way the team registers.
                            let mut channels: Vec<ShownRow> = rows(find(&tables, "fit_check", "records"))
                                .first().map(|r| shown_row(i.tr("register.app_row"), r)).into_iter().collect();
                            channels.extend(rows(find(&tables, "team", "channel")).iter()
                                .map(|r| shown_row(value_label(i, &config, "channel", &text(r, "answer")), r)));
                            let urgent = |key: &'static str, field: &str| p.get(field).map(|n| {
                                let n = n.as_u64().map(|n| n.to_string()).unwrap_or_else(|| hidden.clone());
                                view! { <p>{i.trf(key, &[("n", &n)])}</p> }
                            });
                            let pivots: Vec<_> = ["team", "fit_check"].into_iter()
                                .filter(|g| tables.iter().any(|t| t.get("kind").and_then(Value::as_str) == Some(*g) && text(t, "question").starts_with("area_outcome.")))
                                .map(|group| {
                                    let heads = heads.clone();
                                    let (tables, columns, config, hidden) = (tables.clone(), columns.clone(), config.clone(), hidden.clone());
                                    let places = heads.clone();
                                    let caption = i.trf("register.area_outcome_title", &[("group", &value_label(i, &config, "kind", group))]);
                                    let mut heads: Vec<String> = FIT_OUTCOMES.iter().map(|o| value_label(i, &config, "outcome", o)).collect();
                                    heads.push(i.tr("register.area_total"));
                                    move || {
                                        let column = area_wijk.get().and_then(|w| columns.iter().position(|c| *c == w));
                                        // The period's column names, then "Alle wijken".
                                        let place = &places[column.unwrap_or(places.len() - 1)];
                                        let caption = format!("{caption} – {place}");
                                        counts_table(caption, i.tr("register.answer"), heads.clone(),
                                            area_outcome_rows(i, &config, &tables, group, column), hidden.clone())
                                    }
                                })
                                .collect();
                            let rest: Vec<_> = tables.iter().filter(|t| !text(t, "question").starts_with("area_outcome.")).map(|t| {
                                let kind = text(t, "kind");
                                let question = text(t, "question");
                                let label = if question == "records" && kind == "team" { i.tr("register.records_team") } else { field_label(i, &question) };
                                let caption = format!("{} – {label}", value_label(i, &config, "kind", &kind));
                                let shown = rows(Some(t)).iter().map(|r| shown_row(value_label(i, &config, &question, &text(r, "answer")), r)).collect();
                                counts_table(caption, i.tr("register.answer"), heads.clone(), shown, hidden.clone())
                            }).collect();
                            view! {
                                <section class="register-period">
                                    <h2>{i.trf("register.period", &[("period", &period)])}</h2>
                                    {(!channels.is_empty()).then(|| view! {
                                        {counts_table(i.tr("register.channels_title"), i.tr("register.answer"), heads.clone(), channels, hidden.clone())}
                                        <p class="hint">{i.tr("register.channels_note")}</p>
                                    })}
                                    {urgent("register.urgent_app", "urgent")}
                                    {urgent("register.urgent_team", "team_urgent")}
                                    {pivots}
                                    {rest}
                                </section>
                            }
                        }).collect_view()}
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}
