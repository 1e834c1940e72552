//! The questionnaire engine: FHIR R4 `Questionnaire` in, `QuestionnaireResponse` out.
//! Pure Rust with no web-sys and no signals, so it is tested natively (`cargo test`).

pub mod decimal;
mod form;
mod input;
mod issues;
mod model;
mod pages;
mod parse;
mod response;
mod text;
mod value;

#[cfg(test)]
mod change_tests;
#[cfg(test)]
mod tests;

pub use form::{condition_holds, Changes, Form, Reps, Slot};
pub use input::{input_text, parse_input, InputProblem, Invalid, ValidationIssue};
pub use issues::{ItemPath, LoadIssue, LoadProblem};
pub use model::*;
pub use pages::{pages, Navigation, Page};
pub use parse::{parse_questionnaire, questionnaire_from_value};
pub use response::ResponseStatus;
pub use text::LocalText;
pub use value::{days_in_month, is_date, is_time, AnswerValue, Coding};
