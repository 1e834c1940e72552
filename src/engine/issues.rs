//! What can be wrong with a questionnaire file. The engine names the problem and the item;
//! the UI turns it into words in the person's language (see `i18n`).

/// Where in the file a problem is: the item's position (`2.1`) and linkId, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPath {
    pub position: String,
    pub link_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    InvalidJson {
        line: usize,
        column: usize,
        detail: String,
    },
    NotAnObject,
    NotAQuestionnaire {
        found: Option<String>,
    },
    ItemsNotAList,
    ItemNotAnObject,
    MissingLinkId,
    DuplicateLinkId {
        link_id: String,
        first_position: String,
    },
    MissingType,
    UnknownType {
        code: String,
    },
    GroupWithAnswerOptions,
    EnableWhenNotAnObject,
    EnableWhenMissingQuestion,
    EnableWhenTargetMissing {
        question: String,
    },
    EnableWhenTargetNotAQuestion {
        question: String,
    },
    EnableWhenBadOperator {
        operator: String,
    },
    EnableWhenMissingAnswer,
    EnableWhenAnswerDoesNotFit {
        question: String,
        answer_type: String,
    },
    EnableWhenCycle {
        chain: Vec<String>,
    },
    OptionDoesNotFit {
        answer_type: String,
    },
    OptionWithoutValue,
    InitialDoesNotFit {
        answer_type: String,
    },
    /// A known field holds the wrong kind of JSON value, e.g. `"answerBoolean": "yes"`.
    WrongShape {
        field: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadIssue {
    /// `None` for problems with the file as a whole.
    pub path: Option<ItemPath>,
    pub problem: LoadProblem,
}

impl LoadIssue {
    pub fn file(problem: LoadProblem) -> Self {
        LoadIssue { path: None, problem }
    }
}

impl std::fmt::Display for LoadIssue {
    /// A plain English form for logs and tests; people see the translated form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "item {}", p.position)?;
            if let Some(l) = &p.link_id {
                write!(f, " ({l})")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{:?}", self.problem)
    }
}
