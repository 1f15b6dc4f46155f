//! Rego files with Conftest's conventions: in the selected packages (`main` by default),
//! every rule named `deny`, `violation` or `warn`, or starting with `deny_`, `violation_`
//! or `warn_`, runs with the object as `input`. A string result is the message; an object
//! result's `msg` is; `true` is a failure without a message.

use std::collections::{BTreeMap, HashMap};

use palisade_core::{RuleMeta, Severity};
use regorus::{Engine, Value};

use crate::metadata::{self, Annotation, Target};
use crate::pool::{add_rego, EnginePool};
use crate::set::{leak, Action, Subject};
use crate::source::SourceMap;
use crate::{EvalError, Evaluation, PolicyError, PolicyOptions};

/// The three kinds of Conftest rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleKind {
    Deny,
    Violation,
    Warn,
}

impl RuleKind {
    fn of(name: &str) -> Option<RuleKind> {
        let is = |prefix: &str| {
            name == prefix
                || name
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('_') && rest.len() > 1)
        };
        if is("deny") {
            Some(RuleKind::Deny)
        } else if is("violation") {
            Some(RuleKind::Violation)
        } else if is("warn") {
            Some(RuleKind::Warn)
        } else {
            None
        }
    }

    /// Severity when the rule's METADATA sets none: failures high, warnings medium.
    fn default_severity(self) -> Severity {
        match self {
            RuleKind::Deny | RuleKind::Violation => Severity::High,
            RuleKind::Warn => Severity::Medium,
        }
    }

    fn action(self) -> Action {
        match self {
            RuleKind::Deny | RuleKind::Violation => Action::Deny,
            RuleKind::Warn => Action::Warn,
        }
    }
}

/// One Conftest rule to run.
pub(crate) struct ConftestRule {
    pub kind: RuleKind,
    /// `data.<package>.<name>`.
    pub query: String,
    pub meta: &'static RuleMeta,
}

/// A `test_*` rule, for `palisade policy test`.
#[derive(Clone, Debug)]
pub(crate) struct TestRule {
    pub package: String,
    pub name: String,
    pub path: String,
    pub line: u32,
}

/// Every `.rego` file, compiled into one engine (files of a package, and helper packages
/// they import, see each other as in OPA).
pub(crate) struct Conftest {
    pub pool: Option<EnginePool>,
    pub rules: Vec<ConftestRule>,
    pub tests: Vec<TestRule>,
    pub sources: SourceMap,
}

impl Conftest {
    pub fn empty() -> Conftest {
        Conftest {
            pool: None,
            rules: Vec::new(),
            tests: Vec::new(),
            sources: SourceMap::default(),
        }
    }

    /// Compiles `files` (path shown, text). An empty list gives an empty set.
    pub fn load(files: &[(&str, &str)], opts: &PolicyOptions) -> Result<Conftest, PolicyError> {
        let mut engine = Engine::new();
        let mut sources = SourceMap::default();
        let mut package_notes: HashMap<String, Annotation> = HashMap::new();
        let mut rule_notes: HashMap<(String, String), Annotation> = HashMap::new();
        // (package, rule) → first head position.
        let mut heads: BTreeMap<(String, String), (String, u32)> = BTreeMap::new();
        for (path, text) in files {
            sources.add(path, path, 0);
            let pkg = add_rego(&mut engine, path, text, false)
                .map_err(|e| sources.policy_error(path, &e))?;
            let package = pkg.strip_prefix("data.").unwrap_or(&pkg).to_string();
            let scanned = metadata::scan(path, text, 0)?;
            for (target, note) in scanned.annotations {
                match target {
                    Target::Package => {
                        let merged = note.over(
                            package_notes
                                .get(&package)
                                .unwrap_or(&Annotation::default()),
                        );
                        package_notes.insert(package.clone(), merged);
                    }
                    Target::Rule(rule) => {
                        rule_notes.entry((package.clone(), rule)).or_insert(note);
                    }
                }
            }
            for h in scanned.heads {
                heads
                    .entry((package.clone(), h.name))
                    .or_insert(((*path).to_string(), h.line));
            }
        }
        let pool = if files.is_empty() {
            None
        } else {
            // Analyse once now: unsafe variables, unknown functions and the like are load
            // errors with file and line, and clones start prepared.
            engine
                .eval_query("true".to_string(), false)
                .map_err(|e| sources.policy_error(files[0].0, &format!("{e:#}")))?;
            Some(EnginePool::new(engine))
        };

        let mut metas: HashMap<String, &'static RuleMeta> = HashMap::new();
        let mut rules = Vec::new();
        let mut tests = Vec::new();
        for ((package, name), (path, line)) in heads {
            if name.starts_with("test_") {
                tests.push(TestRule {
                    package: package.clone(),
                    name: name.clone(),
                    path: path.clone(),
                    line,
                });
            }
            let Some(kind) = RuleKind::of(&name) else {
                continue;
            };
            if !opts.selects(&package) {
                continue;
            }
            let empty = Annotation::default();
            let note = rule_notes
                .get(&(package.clone(), name.clone()))
                .unwrap_or(&empty)
                .over(package_notes.get(&package).unwrap_or(&empty));
            let query = format!("data.{package}.{name}");
            let id = note
                .id
                .clone()
                .unwrap_or_else(|| format!("{package}.{name}"));
            let meta = *metas
                .entry(id.clone())
                .or_insert_with(|| rule_meta(&id, &name, kind, &note, &query, &path, line));
            rules.push(ConftestRule { kind, query, meta });
        }
        Ok(Conftest {
            pool,
            rules,
            tests,
            sources,
        })
    }

    /// Runs every selected rule with `input` (the object) and adds what they report.
    pub fn evaluate(&self, input: &Value, subject: &Subject, out: &mut Evaluation) {
        let Some(pool) = &self.pool else { return };
        if self.rules.is_empty() {
            return;
        }
        pool.with(|engine| {
            engine.set_input(input.clone());
            for rule in &self.rules {
                match engine.eval_rule(rule.query.clone()) {
                    Ok(value) => {
                        for msg in messages(&value) {
                            let title = msg.unwrap_or_else(|| rule.meta.summary.to_string());
                            let severity = rule.meta.severity;
                            out.violations.push(subject.violation(
                                rule.meta,
                                severity,
                                title,
                                rule.kind.action(),
                                "policy",
                            ));
                        }
                    }
                    Err(e) => out
                        .errors
                        .push(self.eval_error(&rule.query, &format!("{e:#}"))),
                }
            }
        });
    }

    pub fn eval_error(&self, policy: &str, text: &str) -> EvalError {
        let l = self.sources.locate_text(text);
        EvalError {
            policy: policy.to_string(),
            location: l.path.map(|p| match l.line {
                Some(line) => format!("{p}:{line}"),
                None => p,
            }),
            message: l.message,
        }
    }
}

/// The messages of one rule's value: `Some(text)`, or `None` for a failure without one.
pub(crate) fn messages(value: &Value) -> Vec<Option<String>> {
    let one = |v: &Value| -> Option<Option<String>> {
        match v {
            Value::String(s) => Some(Some(s.to_string())),
            Value::Object(o) => {
                let msg = o.get(&Value::from("msg")).and_then(|m| match m {
                    Value::String(s) => Some(s.to_string()),
                    _ => None,
                });
                Some(msg.or_else(|| v.to_json_str().ok()))
            }
            Value::Bool(true) => Some(None),
            Value::Bool(false) | Value::Undefined | Value::Null => None,
            other => Some(other.to_json_str().ok()),
        }
    };
    match value {
        Value::Set(s) => s.iter().filter_map(one).collect(),
        Value::Array(a) => a.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

fn rule_meta(
    id: &str,
    name: &str,
    kind: RuleKind,
    note: &Annotation,
    query: &str,
    path: &str,
    line: u32,
) -> &'static RuleMeta {
    let summary = note
        .title
        .clone()
        .unwrap_or_else(|| format!("Rego rule {query}"));
    let mut doc = String::new();
    if let Some(d) = &note.description {
        doc.push_str(d.trim());
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "Rego rule `{query}` ({}, Conftest conventions), defined at {path}:{line}.\n",
        match kind {
            RuleKind::Deny => "deny",
            RuleKind::Violation => "violation",
            RuleKind::Warn => "warn",
        }
    ));
    if !note.related.is_empty() {
        doc.push_str("\n## References\n\n");
        for r in &note.related {
            doc.push_str(&format!("- {r}\n"));
        }
    }
    let mut tags = vec!["policy".to_string()];
    tags.extend(note.tags.iter().cloned());
    leak(RuleMeta {
        id: Box::leak(id.to_string().into_boxed_str()),
        aliases: &[],
        name: Box::leak(name.to_string().into_boxed_str()),
        family: "policy",
        severity: note.severity.unwrap_or(kind.default_severity()),
        summary: Box::leak(summary.into_boxed_str()),
        remediation: Box::leak(
            note.remediation
                .clone()
                .unwrap_or_else(|| {
                    format!("Change the object so that {query} no longer reports it.")
                })
                .into_boxed_str(),
        ),
        tags: Box::leak(
            tags.into_iter()
                .map(|t| &*Box::leak(t.into_boxed_str()))
                .collect::<Vec<&'static str>>()
                .into_boxed_slice(),
        ),
        default_enabled: true,
        doc: Box::leak(doc.into_boxed_str()),
    })
}
