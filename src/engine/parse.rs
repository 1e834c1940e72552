//! FHIR R4 `Questionnaire` JSON → [`Questionnaire`]. Collects every problem it finds (with the
//! item's position and linkId) instead of stopping at the first, and is lenient where real
//! files are sloppy: unknown or malformed extensions the engine does not use are ignored.

use super::issues::{ItemPath, LoadIssue, LoadProblem};
use super::model::*;
use super::text::LocalText;
use super::value::{coding_from_json, AnswerValue};
use serde_json::{Map, Value};
use std::collections::HashMap;

const EXT_HIDDEN: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
const EXT_ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const EXT_ORDINAL: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const EXT_ITEM_WEIGHT: &str = "http://hl7.org/fhir/StructureDefinition/itemWeight";
const EXT_ISO_CO_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value";
const EXT_MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const EXT_MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const EXT_TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// Parses questionnaire JSON text. `Err` holds every problem found, in document order.
pub fn parse_questionnaire(json: &str) -> Result<Questionnaire, Vec<LoadIssue>> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        vec![LoadIssue::file(LoadProblem::InvalidJson { line: e.line(), column: e.column(), detail: e.to_string() })]
    })?;
    questionnaire_from_value(&value)
}

pub fn questionnaire_from_value(value: &Value) -> Result<Questionnaire, Vec<LoadIssue>> {
    let Some(root) = value.as_object() else {
        return Err(vec![LoadIssue::file(LoadProblem::NotAnObject)]);
    };
    let rt = root.get("resourceType").and_then(Value::as_str);
    if rt != Some("Questionnaire") {
        return Err(vec![LoadIssue::file(LoadProblem::NotAQuestionnaire { found: rt.map(str::to_string) })]);
    }
    let mut p = Parser { value_sets: contained_value_sets(root), ..Parser::default() };
    let roots = match root.get("item") {
        None => Vec::new(),
        Some(Value::Array(items)) => p.items(items, None, &[], ""),
        Some(_) => {
            p.issues.push(LoadIssue::file(LoadProblem::ItemsNotAList));
            Vec::new()
        }
    };
    p.resolve_enable_when();
    p.check_cycles();
    if !p.issues.is_empty() {
        return Err(p.issues);
    }
    let affected = compute_affected(&p.items);
    let s = |k: &str| root.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(Questionnaire {
        id: s("id"),
        url: s("url"),
        version: s("version"),
        title: local_text(root, "title").unwrap_or_else(|| LocalText::plain(s("name").unwrap_or_default())),
        description: local_text(root, "description").unwrap_or_default(),
        language: s("language"),
        items: p.items,
        roots,
        by_link_id: p.by_link_id,
        affected,
    })
}

/// `enableWhen` entries waiting for every linkId to be known.
struct PendingCondition {
    item: ItemId,
    raw: Value,
}

#[derive(Default)]
struct Parser {
    /// ValueSets contained in the file (`#id` references), as answer options.
    value_sets: HashMap<String, Vec<AnswerOption>>,
    items: Vec<Item>,
    by_link_id: HashMap<String, ItemId>,
    pending: Vec<PendingCondition>,
    issues: Vec<LoadIssue>,
}

impl Parser {
    fn items(&mut self, list: &[Value], parent: Option<ItemId>, scope: &[ItemId], prefix: &str) -> Vec<ItemId> {
        let mut ids = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            let position = if prefix.is_empty() { format!("{}", i + 1) } else { format!("{prefix}.{}", i + 1) };
            let Some(obj) = raw.as_object() else {
                self.issues.push(LoadIssue {
                    path: Some(ItemPath { position, link_id: None }),
                    problem: LoadProblem::ItemNotAnObject,
                });
                continue;
            };
            ids.push(self.item(obj, parent, scope, position));
        }
        ids
    }

    fn item(&mut self, obj: &Map<String, Value>, parent: Option<ItemId>, scope: &[ItemId], position: String) -> ItemId {
        let link_id = obj.get("linkId").and_then(Value::as_str).map(str::to_string);
        let path = ItemPath { position: position.clone(), link_id: link_id.clone() };
        let problem =
            |issues: &mut Vec<LoadIssue>, problem| issues.push(LoadIssue { path: Some(path.clone()), problem });

        let id = self.items.len();
        match &link_id {
            None => problem(&mut self.issues, LoadProblem::MissingLinkId),
            Some(l) => {
                if let Some(&first) = self.by_link_id.get(l) {
                    let first_position = self.items[first].position.clone();
                    problem(&mut self.issues, LoadProblem::DuplicateLinkId { link_id: l.clone(), first_position });
                } else {
                    self.by_link_id.insert(l.clone(), id);
                }
            }
        }
        let type_code = obj.get("type").and_then(Value::as_str).unwrap_or("").to_string();
        let kind = match ItemType::from_code(&type_code) {
            Some(k) => k,
            None if type_code.is_empty() => {
                problem(&mut self.issues, LoadProblem::MissingType);
                ItemType::Unsupported
            }
            None => {
                problem(&mut self.issues, LoadProblem::UnknownType { code: type_code.clone() });
                ItemType::Unsupported
            }
        };
        let flag = |k: &str| obj.get(k).and_then(Value::as_bool).unwrap_or(false);
        let repeats = flag("repeats");
        let extensions = extensions(obj);

        let mut options = Vec::new();
        if let Some(vs) = obj.get("answerValueSet").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            if let Some(codings) = self.value_sets.get(vs) {
                options.extend(codings.iter().cloned());
            }
        }
        if let Some(list) = obj.get("answerOption").and_then(Value::as_array) {
            if kind == ItemType::Group {
                problem(&mut self.issues, LoadProblem::GroupWithAnswerOptions);
            }
            for opt in list.iter().filter_map(Value::as_object) {
                match AnswerValue::from_fhir(opt, "value") {
                    Ok(Some(value)) => {
                        if kind.is_question() && !kind.accepts(&value) {
                            problem(
                                &mut self.issues,
                                LoadProblem::OptionDoesNotFit { answer_type: value.fhir_suffix().to_string() },
                            );
                        }
                        options.push(option(opt, value));
                    }
                    Ok(None) => problem(&mut self.issues, LoadProblem::OptionWithoutValue),
                    Err(field) => problem(&mut self.issues, LoadProblem::WrongShape { field }),
                }
            }
        }
        let options_missing = options.is_empty()
            && obj.get("answerValueSet").is_some()
            && matches!(kind, ItemType::Choice | ItemType::OpenChoice);

        let mut initial = Vec::new();
        if let Some(list) = obj.get("initial").and_then(Value::as_array) {
            for init in list.iter().filter_map(Value::as_object) {
                // Lenient: an initial value that does not fit (HL7's own examples put a
                // valueCoding on a text item) only loses the pre-filled answer, not the form.
                if let Ok(Some(v)) = AnswerValue::from_fhir(init, "value") {
                    if kind.accepts(&v) {
                        initial.push(v);
                    }
                }
            }
        }

        let mut hidden = false;
        let mut control = None;
        let mut help_control = false;
        let mut min_value = None;
        let mut max_value = None;
        for ext in &extensions {
            let url = ext.get("url").and_then(Value::as_str).unwrap_or("");
            match url {
                EXT_HIDDEN => hidden = ext.get("valueBoolean").and_then(Value::as_bool).unwrap_or(false),
                EXT_ITEM_CONTROL => {
                    control = item_control(ext);
                    help_control = is_help_control(ext);
                }
                EXT_MIN_VALUE => min_value = AnswerValue::from_fhir(ext, "value").ok().flatten(),
                EXT_MAX_VALUE => max_value = AnswerValue::from_fhir(ext, "value").ok().flatten(),
                _ => {} // unknown or unsupported (calculatedExpression, variable, …): ignored
            }
        }

        let enable_behavior = match obj.get("enableBehavior").and_then(Value::as_str) {
            Some("any") => EnableBehavior::Any,
            _ => EnableBehavior::All,
        };
        if let Some(list) = obj.get("enableWhen").and_then(Value::as_array) {
            for raw in list {
                self.pending.push(PendingCondition { item: id, raw: raw.clone() });
            }
        }

        // FHIR R4 puts an item's explanation in a child `display` item with itemControl `help`
        // (or `flyover`, a short variant). Without a parent there is nothing to explain, and a
        // display item with items of its own is content, not an explanation: both stay items.
        let has_children = obj.get("item").and_then(Value::as_array).is_some_and(|l| !l.is_empty());
        let is_help = help_control && kind == ItemType::Display && parent.is_some() && !has_children;

        let mut repeat_scope = scope.to_vec();
        self.items.push(Item {
            link_id: link_id.unwrap_or_default(),
            text: local_text(obj, "text").unwrap_or_default(),
            prefix: obj.get("prefix").and_then(Value::as_str).map(str::to_string),
            kind,
            type_code,
            required: flag("required"),
            repeats,
            read_only: flag("readOnly"),
            hidden,
            max_length: obj.get("maxLength").and_then(Value::as_u64).map(|n| n as usize),
            control,
            options,
            options_missing,
            initial,
            enable_when: Vec::new(),
            enable_behavior,
            min_value,
            max_value,
            parent,
            children: Vec::new(),
            repeat_scope: scope.to_vec(),
            position: position.clone(),
            help: Vec::new(),
            is_help,
        });
        if kind == ItemType::Group && repeats {
            repeat_scope.push(id);
        }
        let children = match obj.get("item") {
            Some(Value::Array(list)) => self.items(list, Some(id), &repeat_scope, &position),
            Some(_) => {
                self.issues.push(LoadIssue {
                    path: Some(ItemPath { position, link_id: Some(self.items[id].link_id.clone()) }),
                    problem: LoadProblem::ItemsNotAList,
                });
                Vec::new()
            }
            None => Vec::new(),
        };
        // Explanations leave the children: they are shown with this item, not as items. A
        // hidden one (`questionnaire-hidden`) is not shown at all.
        let (help, children): (Vec<ItemId>, Vec<ItemId>) = children.into_iter().partition(|&c| self.items[c].is_help);
        self.items[id].help = help
            .into_iter()
            .filter(|&h| !self.items[h].hidden && !self.items[h].text.is_empty())
            .map(|h| self.items[h].text.clone())
            .collect();
        self.items[id].children = children;
        id
    }

    fn resolve_enable_when(&mut self) {
        for pending in std::mem::take(&mut self.pending) {
            let item = &self.items[pending.item];
            let path = ItemPath { position: item.position.clone(), link_id: Some(item.link_id.clone()) };
            match self.condition(&pending.raw) {
                Ok(c) => self.items[pending.item].enable_when.push(c),
                Err(problem) => self.issues.push(LoadIssue { path: Some(path), problem }),
            }
        }
    }

    fn condition(&self, raw: &Value) -> Result<EnableWhen, LoadProblem> {
        let obj = raw.as_object().ok_or(LoadProblem::EnableWhenNotAnObject)?;
        let question_link =
            obj.get("question").and_then(Value::as_str).ok_or(LoadProblem::EnableWhenMissingQuestion)?;
        let op_code = obj.get("operator").and_then(Value::as_str).unwrap_or("");
        let operator = Operator::from_code(op_code)
            .ok_or_else(|| LoadProblem::EnableWhenBadOperator { operator: op_code.to_string() })?;
        let question = *self
            .by_link_id
            .get(question_link)
            .ok_or_else(|| LoadProblem::EnableWhenTargetMissing { question: question_link.to_string() })?;
        let target = &self.items[question];
        let answer = AnswerValue::from_fhir(obj, "answer")
            .map_err(|field| LoadProblem::WrongShape { field })?
            .ok_or(LoadProblem::EnableWhenMissingAnswer)?;
        if !target.kind.is_question() && target.kind != ItemType::Unsupported {
            return Err(LoadProblem::EnableWhenTargetNotAQuestion { question: question_link.to_string() });
        }
        let fits = match operator {
            Operator::Exists => matches!(answer, AnswerValue::Boolean(_)),
            _ => target.kind == ItemType::Unsupported || target.kind.accepts(&answer),
        };
        if !fits {
            return Err(LoadProblem::EnableWhenAnswerDoesNotFit {
                question: question_link.to_string(),
                answer_type: answer.fhir_suffix().to_string(),
            });
        }
        Ok(EnableWhen { question, operator, answer })
    }

    /// An item whose enabled state depends (through enableWhen or its parents) on itself can
    /// never be decided: report the chain.
    fn check_cycles(&mut self) {
        // Edges: item → the items its state depends on (enableWhen targets and its parent).
        let deps = |i: ItemId, items: &[Item]| -> Vec<ItemId> {
            let mut d: Vec<ItemId> = items[i].enable_when.iter().map(|c| c.question).collect();
            d.extend(items[i].parent);
            d
        };
        let n = self.items.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(ItemId, Vec<ItemId>, usize)> = vec![(start, deps(start, &self.items), 0)];
            state[start] = 1;
            while let Some((node, edges, idx)) = stack.last_mut() {
                if *idx < edges.len() {
                    let next = edges[*idx];
                    *idx += 1;
                    match state[next] {
                        0 => {
                            state[next] = 1;
                            let e = deps(next, &self.items);
                            stack.push((next, e, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|(x, _, _)| *x == next).unwrap_or(0);
                            let chain = stack[from..].iter().map(|(x, _, _)| self.items[*x].link_id.clone()).collect();
                            let item = &self.items[next];
                            self.issues.push(LoadIssue {
                                path: Some(ItemPath {
                                    position: item.position.clone(),
                                    link_id: Some(item.link_id.clone()),
                                }),
                                problem: LoadProblem::EnableWhenCycle { chain },
                            });
                            state[next] = 2;
                        }
                        _ => {}
                    }
                } else {
                    state[*node] = 2;
                    stack.pop();
                }
            }
        }
    }
}

/// For each item, every item whose enabled state may change when its answer changes.
fn compute_affected(items: &[Item]) -> Vec<Vec<ItemId>> {
    let mut direct: Vec<Vec<ItemId>> = vec![Vec::new(); items.len()];
    for (i, item) in items.iter().enumerate() {
        for c in &item.enable_when {
            direct[c.question].push(i);
        }
    }
    let descendants_and_self = |i: ItemId| {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            out.extend(items[out[k]].children.iter().copied());
            k += 1;
        }
        out
    };
    (0..items.len())
        .map(|source| {
            let mut seen = vec![false; items.len()];
            let mut out = Vec::new();
            let mut queue: Vec<ItemId> = direct[source].clone();
            while let Some(d) = queue.pop() {
                for x in descendants_and_self(d) {
                    if !seen[x] {
                        seen[x] = true;
                        out.push(x);
                        queue.extend(direct[x].iter().copied());
                    }
                }
            }
            out
        })
        .collect()
}

/// Options from ValueSets inside the file: `compose.include[].concept[]` (with the include's
/// system) or, failing that, `expansion.contains[]`. Only contained sets: nothing is fetched.
fn contained_value_sets(root: &Map<String, Value>) -> HashMap<String, Vec<AnswerOption>> {
    let mut out = HashMap::new();
    for res in root.get("contained").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object) {
        if res.get("resourceType").and_then(Value::as_str) != Some("ValueSet") {
            continue;
        }
        let Some(id) = res.get("id").and_then(Value::as_str) else { continue };
        let mut options = Vec::new();
        let includes = res.get("compose").and_then(|c| c.get("include")).and_then(Value::as_array);
        for inc in includes.into_iter().flatten().filter_map(Value::as_object) {
            let system = inc.get("system").and_then(Value::as_str);
            for concept in
                inc.get("concept").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object)
            {
                let mut coding = concept.clone();
                if let Some(s) = system {
                    coding.insert("system".into(), Value::String(s.to_string()));
                }
                options.push(coding_option(&coding));
            }
        }
        if options.is_empty() {
            let contains = res.get("expansion").and_then(|e| e.get("contains")).and_then(Value::as_array);
            options.extend(contains.into_iter().flatten().filter_map(Value::as_object).map(coding_option));
        }
        out.insert(id.to_string(), options);
    }
    out
}

/// An answer option from a ValueSet concept or expansion entry (code, display, weight).
fn coding_option(c: &Map<String, Value>) -> AnswerOption {
    let value = AnswerValue::Coding(coding_from_json(c));
    let weight = extensions(c).into_iter().find_map(|e| match e.get("url").and_then(Value::as_str)? {
        EXT_ORDINAL | EXT_ITEM_WEIGHT | EXT_ISO_CO_VALUE => e.get("valueDecimal").and_then(Value::as_f64),
        _ => None,
    });
    let label = local_text(c, "display").unwrap_or_else(|| LocalText::plain(value.display_text()));
    AnswerOption { value, label, initial_selected: false, weight }
}

fn extensions(obj: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    obj.get("extension")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default()
}

fn item_control(ext: &Map<String, Value>) -> Option<Control> {
    let codings = ext.get("valueCodeableConcept")?.get("coding")?.as_array()?;
    codings.iter().find_map(|c| match c.get("code")?.as_str()? {
        "radio-button" => Some(Control::RadioButton),
        "check-box" => Some(Control::CheckBox),
        "drop-down" => Some(Control::DropDown),
        "slider" => Some(Control::Slider),
        _ => None,
    })
}

/// `help` and `flyover` (code system `questionnaire-item-control`): an explanation of the
/// parent item. The system is not checked, as [`item_control`] does not check it either.
fn is_help_control(ext: &Map<String, Value>) -> bool {
    let codings = ext.get("valueCodeableConcept").and_then(|c| c.get("coding")).and_then(Value::as_array);
    codings.into_iter().flatten().any(|c| matches!(c.get("code").and_then(Value::as_str), Some("help" | "flyover")))
}

fn option(opt: &Map<String, Value>, value: AnswerValue) -> AnswerOption {
    let label = match opt.get("valueCoding").and_then(Value::as_object) {
        Some(c) => {
            local_text(c, "display").unwrap_or_else(|| LocalText::plain(coding_from_json(c).code.unwrap_or_default()))
        }
        None => opt
            .iter()
            .find(|(k, _)| k.starts_with("value"))
            .and_then(|(k, _)| local_text(opt, k))
            .unwrap_or_else(|| LocalText::plain(value.display_text())),
    };
    // The weight may sit on the option or on its coding; the names changed between versions.
    let weight = [Some(opt), opt.get("valueCoding").and_then(Value::as_object)]
        .into_iter()
        .flatten()
        .flat_map(extensions)
        .find_map(|e| match e.get("url").and_then(Value::as_str)? {
            EXT_ORDINAL | EXT_ITEM_WEIGHT | EXT_ISO_CO_VALUE => e.get("valueDecimal").and_then(Value::as_f64),
            _ => None,
        });
    AnswerOption {
        value,
        label,
        initial_selected: opt.get("initialSelected").and_then(Value::as_bool).unwrap_or(false),
        weight,
    }
}

/// Reads `field` (a string) and its translations from `_field.extension`.
fn local_text(obj: &Map<String, Value>, field: &str) -> Option<LocalText> {
    let base = obj.get(field).and_then(Value::as_str).map(str::to_string);
    let mut translations = Vec::new();
    if let Some(meta) = obj.get(&format!("_{field}")).and_then(Value::as_object) {
        for ext in extensions(meta) {
            if ext.get("url").and_then(Value::as_str) != Some(EXT_TRANSLATION) {
                continue;
            }
            let parts = extensions(ext);
            let part = |name: &str, key: &str| {
                parts
                    .iter()
                    .find(|p| p.get("url").and_then(Value::as_str) == Some(name))
                    .and_then(|p| p.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if let (Some(lang), Some(content)) = (part("lang", "valueCode"), part("content", "valueString")) {
                translations.push((lang, content));
            }
        }
    }
    if base.is_none() && translations.is_empty() {
        return None;
    }
    Some(LocalText { base: base.unwrap_or_default(), translations })
}
