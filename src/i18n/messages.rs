//! Words for the problems the engine and config parser report as codes.

use super::{t, tf};
use crate::config::{ConfigIssue, ConfigProblem, Expected};
use crate::engine::{InputProblem, Invalid, LoadIssue, LoadProblem};

/// "Vraag 2.1 (linkId): <problem>" in the person's language.
pub fn load_issue(lang: &str, issue: &LoadIssue) -> String {
    let what = load_problem(lang, &issue.problem);
    match &issue.path {
        None => what,
        Some(p) => {
            let link = p.link_id.as_deref().unwrap_or("?");
            tf(lang, "load.at_item", &[("position", &p.position), ("link_id", link), ("problem", &what)])
        }
    }
}

fn load_problem(lang: &str, p: &LoadProblem) -> String {
    use LoadProblem::*;
    match p {
        InvalidJson { line, column, .. } => {
            tf(lang, "load.invalid_json", &[("line", &line.to_string()), ("column", &column.max(&1).to_string())])
        }
        NotAnObject => t(lang, "load.not_an_object"),
        NotAQuestionnaire { found } => {
            tf(lang, "load.not_a_questionnaire", &[("found", found.as_deref().unwrap_or("-"))])
        }
        ItemsNotAList => t(lang, "load.items_not_a_list"),
        ItemNotAnObject => t(lang, "load.item_not_an_object"),
        MissingLinkId => t(lang, "load.missing_link_id"),
        DuplicateLinkId { link_id, first_position } => {
            tf(lang, "load.duplicate_link_id", &[("link_id", link_id), ("first", first_position)])
        }
        MissingType => t(lang, "load.missing_type"),
        UnknownType { code } => tf(lang, "load.unknown_type", &[("type", code)]),
        GroupWithAnswerOptions => t(lang, "load.group_with_options"),
        EnableWhenNotAnObject | EnableWhenMissingQuestion => t(lang, "load.enable_when_incomplete"),
        EnableWhenTargetMissing { question } => tf(lang, "load.enable_when_target_missing", &[("question", question)]),
        EnableWhenTargetNotAQuestion { question } => {
            tf(lang, "load.enable_when_target_not_question", &[("question", question)])
        }
        EnableWhenBadOperator { operator } => tf(lang, "load.enable_when_operator", &[("operator", operator)]),
        EnableWhenMissingAnswer => t(lang, "load.enable_when_no_answer"),
        EnableWhenAnswerDoesNotFit { question, answer_type } => {
            tf(lang, "load.enable_when_answer_does_not_fit", &[("question", question), ("type", answer_type)])
        }
        EnableWhenCycle { chain } => tf(lang, "load.enable_when_cycle", &[("chain", &chain.join(" → "))]),
        OptionDoesNotFit { answer_type } => tf(lang, "load.option_does_not_fit", &[("type", answer_type)]),
        OptionWithoutValue => t(lang, "load.option_without_value"),
        InitialDoesNotFit { answer_type } => tf(lang, "load.initial_does_not_fit", &[("type", answer_type)]),
        WrongShape { field } => tf(lang, "load.wrong_shape", &[("field", field)]),
    }
}

pub fn invalid(lang: &str, p: &Invalid) -> String {
    match p {
        Invalid::Required => t(lang, "validation.required"),
        Invalid::TooLong { max } => tf(lang, "validation.too_long", &[("max", &max.to_string())]),
        // A date is not "too low": it is too early or too late.
        Invalid::BelowMin { min } if crate::engine::is_date(min) => tf(lang, "validation.date_from", &[("min", min)]),
        Invalid::AboveMax { max } if crate::engine::is_date(max) => tf(lang, "validation.date_until", &[("max", max)]),
        Invalid::BelowMin { min } => tf(lang, "validation.below_min", &[("min", min)]),
        Invalid::AboveMax { max } => tf(lang, "validation.above_max", &[("max", max)]),
    }
}

pub fn input_problem(lang: &str, p: &InputProblem) -> String {
    match p {
        InputProblem::NotAWholeNumber => t(lang, "input.not_whole_number"),
        InputProblem::NotANumber => t(lang, "input.not_a_number"),
        InputProblem::NotADate => t(lang, "input.not_a_date"),
        InputProblem::NotATime => t(lang, "input.not_a_time"),
        InputProblem::TooLong { max } => tf(lang, "validation.too_long", &[("max", &max.to_string())]),
    }
}

pub fn config_issue(lang: &str, issue: &ConfigIssue) -> String {
    use ConfigProblem::*;
    let what = match &issue.problem {
        InvalidJson { line, column } => {
            // serde_json says column 0 for "the file ended here"; people count from 1.
            tf(lang, "config.invalid_json", &[("line", &line.to_string()), ("column", &column.max(&1).to_string())])
        }
        Missing => t(lang, "config.missing"),
        WrongType { expected } => t(
            lang,
            match expected {
                Expected::Text => "config.expected_text",
                Expected::Translations => "config.expected_translations",
                Expected::WholeNumber => "config.expected_number",
                Expected::List => "config.expected_list",
                Expected::Object => "config.expected_object",
                Expected::Pair => "config.expected_pair",
            },
        ),
        UnsupportedFormat { found } => tf(lang, "config.format", &[("found", &found.to_string())]),
        NoWijken => t(lang, "config.no_wijken"),
        DuplicateCode { code } => tf(lang, "config.duplicate", &[("code", code)]),
        BadTime { value } => tf(lang, "config.bad_time", &[("value", value)]),
        PeriodEndsBeforeStart => t(lang, "config.period_order"),
        UnknownDay { day } => tf(lang, "config.unknown_day", &[("day", day)]),
        BadDate { value } => tf(lang, "config.bad_date", &[("value", value)]),
        BadPostcodeRange => t(lang, "config.bad_postcode"),
        Empty => t(lang, "config.empty"),
        EndpointNotHttps => t(lang, "config.endpoint_https"),
        EndpointWithV1 => t(lang, "config.endpoint_v1"),
        QuickExitUrl => t(lang, "config.quick_exit_url"),
        FollowUpWeeksOutOfRange => t(lang, "config.follow_up_weeks"),
        AutoLockOutOfRange => t(lang, "config.auto_lock"),
        UnknownReference { code } => tf(lang, "config.unknown_reference", &[("code", code)]),
        WebsiteNotHttps => t(lang, "config.website_https"),
        Unreachable { partner } => tf(lang, "config.unreachable", &[("partner", partner)]),
        UnknownLanguage { code } => tf(lang, "config.unknown_language", &[("code", code)]),
    };
    if issue.path.is_empty() {
        what
    } else {
        format!("{}: {what}", issue.path)
    }
}
