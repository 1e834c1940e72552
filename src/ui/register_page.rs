//! "Register": the municipality's published figures per wijk, read from the collector's
//! register endpoint, as tables with a bar for the total. Small counts are hidden by the
//! collector (never sent here); the page says so and why.

use super::app::use_config;
use super::i18n::use_i18n;
use super::record_text::{field_label, value_label};
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
    let state = RwSignal::new(Loaded::Loading);
    leptos::task::spawn_local(async move {
        let url = format!("{}/v1/register.json", endpoint.trim_end_matches('/'));
        state.set(match fetch::fetch_text(&url).await.ok().and_then(|t| serde_json::from_str(&t).ok()) {
            Some(v) => Loaded::Ready(v),
            None => Loaded::Failed,
        });
    });
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
                    let columns: Vec<String> = v.get("columns").and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default();
                    let periods = v.get("periods").and_then(Value::as_array).cloned().unwrap_or_default();
                    let wijk_name = wijk_name.clone();
                    let hidden = i.trf("register.hidden", &[("n", &min_cell)]);
                    view! {
                        <p class="hint">{i.trf("register.suppression", &[("n", &min_cell)])}</p>
                        {periods.is_empty().then(|| view! { <p>{i.tr("register.empty")}</p> })}
                        {periods.into_iter().rev().map(|p| {
                            let period = p.get("period").and_then(Value::as_str).unwrap_or("").to_string();
                            let tables = p.get("tables").and_then(Value::as_array).cloned().unwrap_or_default();
                            let columns = columns.clone();
                            let wijk_name = wijk_name.clone();
                            let hidden = hidden.clone();
                            view! {
                                <section class="register-period">
                                    <h2>{i.trf("register.period", &[("period", &period)])}</h2>
                                    {tables.into_iter().map(|t| {
                                        let kind = t.get("kind").and_then(Value::as_str).unwrap_or("");
                                        let question = t.get("question").and_then(Value::as_str).unwrap_or("").to_string();
                                        let title = format!("{} – {}", value_label(i, &config, "kind", kind), field_label(i, &question));
                                        let rows = t.get("rows").and_then(Value::as_array).cloned().unwrap_or_default();
                                        let max = rows.iter().filter_map(|r| r.get("total").and_then(Value::as_u64)).max().unwrap_or(1).max(1);
                                        let hidden = hidden.clone();
                                        let heads: Vec<String> = columns.iter().map(|c| wijk_name(c)).collect();
                                        view! {
                                            <div class="table-scroll" role="region" aria-label=title.clone() tabindex="0">
                                            <table class="register-table">
                                                <caption>{title.clone()}</caption>
                                                <thead><tr>
                                                    <th scope="col">{i.tr("register.answer")}</th>
                                                    {heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                                                    <th scope="col">{i.tr("register.all")}</th>
                                                </tr></thead>
                                                <tbody>
                                                    {rows.into_iter().map(|r| {
                                                        let answer = value_label(i, &config, &question, r.get("answer").and_then(Value::as_str).unwrap_or(""));
                                                        let total = r.get("total").and_then(Value::as_u64);
                                                        let width = total.map(|t| t * 100 / max).unwrap_or(0);
                                                        let cell = |c: Option<u64>| c.map(|n| n.to_string()).unwrap_or_else(|| hidden.clone());
                                                        view! { <tr>
                                                            <th scope="row">{answer}</th>
                                                            {counts(r.get("counts").unwrap_or(&Value::Null)).into_iter().map(|c| view! { <td>{cell(c)}</td> }).collect_view()}
                                                            <td class="total">
                                                                {cell(total)}
                                                                <span class="bar-cell" aria-hidden="true" style:inline-size=format!("{width}%")></span>
                                                            </td>
                                                        </tr> }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                            </div>
                                        }
                                    }).collect_view()}
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
