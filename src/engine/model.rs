//! The questionnaire as the engine uses it: items flattened in document order, with links to
//! parents and children, and the indexes that make evaluation cheap on large forms.

use super::text::LocalText;
use super::value::AnswerValue;
use std::collections::HashMap;

/// Index of an item in [`Questionnaire::items`] (document order).
pub type ItemId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemType {
    Group,
    Display,
    Boolean,
    Choice,
    OpenChoice,
    Integer,
    Decimal,
    String,
    Text,
    Date,
    DateTime,
    Time,
    /// Known FHIR types this app does not let people answer (quantity, attachment, url,
    /// reference): shown as "not supported here", never breaking the form.
    Unsupported,
}

impl ItemType {
    pub fn from_code(code: &str) -> Option<ItemType> {
        Some(match code {
            "group" => ItemType::Group,
            "display" => ItemType::Display,
            "boolean" => ItemType::Boolean,
            "choice" => ItemType::Choice,
            "open-choice" => ItemType::OpenChoice,
            "integer" => ItemType::Integer,
            "decimal" => ItemType::Decimal,
            "string" => ItemType::String,
            "text" => ItemType::Text,
            "date" => ItemType::Date,
            "dateTime" => ItemType::DateTime,
            "time" => ItemType::Time,
            "quantity" | "attachment" | "url" | "reference" | "coding" | "question" => ItemType::Unsupported,
            _ => return None,
        })
    }

    /// Whether a person can give an answer to this item.
    pub fn is_question(self) -> bool {
        !matches!(self, ItemType::Group | ItemType::Display | ItemType::Unsupported)
    }

    /// Whether an answer value of this shape fits the item type (for options, initial values
    /// and `enableWhen` answers).
    pub fn accepts(self, v: &AnswerValue) -> bool {
        use AnswerValue as V;
        match self {
            ItemType::Boolean => matches!(v, V::Boolean(_)),
            ItemType::Choice | ItemType::OpenChoice => {
                matches!(v, V::Coding(_) | V::String(_) | V::Integer(_) | V::Decimal(_) | V::Date(_) | V::Time(_))
            }
            ItemType::Integer | ItemType::Decimal => matches!(v, V::Integer(_) | V::Decimal(_)),
            ItemType::String | ItemType::Text => matches!(v, V::String(_)),
            ItemType::Date | ItemType::DateTime => matches!(v, V::Date(_) | V::DateTime(_)),
            ItemType::Time => matches!(v, V::Time(_)),
            ItemType::Group | ItemType::Display | ItemType::Unsupported => false,
        }
    }
}

/// Rendering hint from the `questionnaire-itemControl` extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    RadioButton,
    CheckBox,
    DropDown,
    Slider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Exists,
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
}

impl Operator {
    pub fn from_code(code: &str) -> Option<Operator> {
        Some(match code {
            "exists" => Operator::Exists,
            "=" => Operator::Eq,
            "!=" => Operator::Ne,
            ">" => Operator::Gt,
            "<" => Operator::Lt,
            ">=" => Operator::Ge,
            "<=" => Operator::Le,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnableWhen {
    /// The item whose answer is tested.
    pub question: ItemId,
    pub operator: Operator,
    pub answer: AnswerValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnableBehavior {
    #[default]
    All,
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnswerOption {
    pub value: AnswerValue,
    /// Display text of the option in every language it has.
    pub label: LocalText,
    pub initial_selected: bool,
    /// `ordinalValue` / `itemWeight`: a score a municipality may attach to an option.
    pub weight: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub link_id: String,
    pub text: LocalText,
    pub prefix: Option<String>,
    pub kind: ItemType,
    /// The type code as written in the file (for "not supported here" messages).
    pub type_code: String,
    pub required: bool,
    pub repeats: bool,
    pub read_only: bool,
    pub hidden: bool,
    pub max_length: Option<usize>,
    pub control: Option<Control>,
    pub options: Vec<AnswerOption>,
    /// The item names an `answerValueSet` that is not contained in the file: this app never
    /// fetches from elsewhere, so the options are not available.
    pub options_missing: bool,
    pub initial: Vec<AnswerValue>,
    pub enable_when: Vec<EnableWhen>,
    pub enable_behavior: EnableBehavior,
    pub min_value: Option<AnswerValue>,
    pub max_value: Option<AnswerValue>,
    pub parent: Option<ItemId>,
    pub children: Vec<ItemId>,
    /// Repeating groups that enclose this item (outermost first, the item itself excluded):
    /// an answer to this item is addressed by one repetition index per entry.
    pub repeat_scope: Vec<ItemId>,
    /// Position for people: `3.2` is the second child of the third top-level item.
    pub position: String,
    /// Explanations of this item: the texts of its child `display` items whose
    /// `questionnaire-itemControl` is `help` or `flyover` (FHIR R4 standard form), in file order.
    /// Shown under the item as "Wat betekent dit?"; they are not children, not questions, and
    /// never in a QuestionnaireResponse.
    pub help: Vec<LocalText>,
    /// This item is such an explanation of its parent ([`Item::help`]). It keeps its place in
    /// [`Questionnaire::items`] (so its linkId stays unique and reported problems keep their
    /// positions) but is in no `children` list, so nothing renders, validates or writes it.
    pub is_help: bool,
}

impl Item {
    pub fn is_repeating_group(&self) -> bool {
        self.kind == ItemType::Group && self.repeats
    }
}

/// A loaded questionnaire. Build one with [`crate::engine::parse_questionnaire`].
#[derive(Debug, Clone, PartialEq)]
pub struct Questionnaire {
    pub id: Option<String>,
    pub url: Option<String>,
    pub version: Option<String>,
    pub title: LocalText,
    pub description: LocalText,
    pub language: Option<String>,
    pub items: Vec<Item>,
    pub roots: Vec<ItemId>,
    pub(crate) by_link_id: HashMap<String, ItemId>,
    /// For each item: the items whose enabled state can change when its answer changes
    /// (dependents, their descendants, and so on, transitively).
    pub(crate) affected: Vec<Vec<ItemId>>,
}

impl Questionnaire {
    pub fn item(&self, id: ItemId) -> &Item {
        &self.items[id]
    }

    /// The items whose enabled state can change when the answers of `changed` change: those
    /// with an `enableWhen` on it, their descendants, and so on (the item itself is not in it).
    pub fn affected_by(&self, changed: ItemId) -> &[ItemId] {
        &self.affected[changed]
    }

    /// Whether an item can ever be disabled: it or an item around it has an `enableWhen`.
    /// When not, it is enabled whatever the answers, and a screen need not watch it.
    pub fn can_be_disabled(&self, id: ItemId) -> bool {
        let mut at = Some(id);
        while let Some(i) = at {
            if !self.items[i].enable_when.is_empty() {
                return true;
            }
            at = self.items[i].parent;
        }
        false
    }

    pub fn find(&self, link_id: &str) -> Option<ItemId> {
        self.by_link_id.get(link_id).copied()
    }

    /// The answer option with `code` of the item `link_id` (its label, or its value with the
    /// questionnaire's own system).
    pub fn option(&self, link_id: &str, code: &str) -> Option<&AnswerOption> {
        self.item(self.find(link_id)?).options.iter().find(|o| o.value.code() == Some(code))
    }

    /// The canonical reference a response points to (`url|version`, else `Questionnaire/id`).
    pub fn canonical(&self) -> Option<String> {
        match (&self.url, &self.version, &self.id) {
            (Some(u), Some(v), _) => Some(format!("{u}|{v}")),
            (Some(u), None, _) => Some(u.clone()),
            (None, _, Some(id)) => Some(format!("Questionnaire/{id}")),
            _ => None,
        }
    }

    /// A stable key for storage: id, else url, else the title.
    pub fn storage_key(&self) -> String {
        self.id.clone().or_else(|| self.url.clone()).unwrap_or_else(|| self.title.base.clone())
    }

    /// Item ids below `id` (not `id` itself), depth first.
    pub fn descendants(&self, id: ItemId) -> Vec<ItemId> {
        let mut out = Vec::new();
        let mut stack: Vec<ItemId> = self.items[id].children.iter().rev().copied().collect();
        while let Some(c) = stack.pop() {
            out.push(c);
            stack.extend(self.items[c].children.iter().rev().copied());
        }
        out
    }
}
