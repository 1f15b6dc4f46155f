//! Gatekeeper's ConstraintTemplates and Constraints. A template's Rego (with its `libs`)
//! is compiled into an engine of its own, as Gatekeeper does, and runs with
//! `input.review` (the admission request around the object) and `input.parameters` (the
//! Constraint's `spec.parameters`); each `violation[{"msg": ...}]` is a finding. A
//! Constraint applies to the objects its `spec.match` selects.

use std::collections::HashMap;

use palisade_core::{RuleMeta, Severity};
use palisade_yaml::Node;
use regorus::{Engine, Value};

use crate::conftest::messages;
use crate::matching::Match;
use crate::metadata;
use crate::pool::{add_rego, EnginePool};
use crate::set::{leak, Action, Subject};
use crate::source::SourceMap;
use crate::value::{from_node, object};
use crate::{EvalError, Evaluation, PolicyError, Review};

/// A compiled ConstraintTemplate.
pub(crate) struct Template {
    pub name: String,
    /// `spec.crd.spec.names.kind`: the kind of its Constraints.
    pub kind: String,
    /// `data.<package>.violation`.
    pub query: String,
    pub pool: EnginePool,
    pub sources: SourceMap,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Option<Severity>,
    pub path: String,
    pub line: u32,
}

/// A Constraint bound to its template.
pub(crate) struct Constraint {
    pub template: usize,
    pub id: String,
    pub matcher: Match,
    pub parameters: Value,
    pub action: Action,
    pub meta: &'static RuleMeta,
}

/// All templates and constraints found.
#[derive(Default)]
pub(crate) struct Gatekeeper {
    pub templates: Vec<Template>,
    pub constraints: Vec<Constraint>,
}

/// One YAML document that is a Gatekeeper object.
pub(crate) struct Doc<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub root: Node,
}

/// Whether a document is a ConstraintTemplate (`templates.gatekeeper.sh/*`).
pub(crate) fn is_template(root: &Node) -> bool {
    api_group(root) == "templates.gatekeeper.sh" && kind(root) == "ConstraintTemplate"
}

/// Whether a document is a Constraint (`constraints.gatekeeper.sh/*`).
pub(crate) fn is_constraint(root: &Node) -> bool {
    api_group(root) == "constraints.gatekeeper.sh"
}

fn api_group(root: &Node) -> &str {
    root.get("apiVersion")
        .and_then(Node::as_str)
        .and_then(|v| v.split_once('/'))
        .map_or("", |(g, _)| g)
}

fn kind(root: &Node) -> &str {
    root.get("kind").and_then(Node::as_str).unwrap_or("")
}

fn text(node: Option<&Node>) -> Option<String> {
    node.and_then(|n| n.scalar_text()).map(|t| t.into_owned())
}

fn annotation(root: &Node, key: &str) -> Option<String> {
    text(root.path(&["metadata", "annotations", key]))
}

fn severity_annotation(doc: &Doc<'_>) -> Result<Option<Severity>, PolicyError> {
    let Some(node) = doc
        .root
        .path(&["metadata", "annotations", "palisade.dev/severity"])
    else {
        return Ok(None);
    };
    let t = node.scalar_text().unwrap_or_default();
    t.parse().map(Some).map_err(|m: String| {
        PolicyError::at(
            doc.path,
            node.mark.line,
            node.mark.column,
            format!("palisade.dev/severity: {m}"),
        )
    })
}

impl Gatekeeper {
    /// Compiles the templates, then binds each constraint to its template.
    pub fn load(templates: &[Doc<'_>], constraints: &[Doc<'_>]) -> Result<Gatekeeper, PolicyError> {
        let mut gk = Gatekeeper::default();
        for doc in templates {
            let t = compile_template(doc)?;
            if let Some(prev) = gk.templates.iter().find(|p| p.kind == t.kind) {
                return Err(PolicyError::at(
                    doc.path,
                    doc.root.mark.line,
                    doc.root.mark.column,
                    format!(
                        "a second ConstraintTemplate for kind `{}` (the first is {}:{})",
                        t.kind, prev.path, prev.line
                    ),
                ));
            }
            gk.templates.push(t);
        }
        let mut ids: HashMap<String, (String, u32)> = HashMap::new();
        for doc in constraints {
            let c = gk.bind_constraint(doc)?;
            if let Some((p, l)) =
                ids.insert(c.id.clone(), (doc.path.to_string(), doc.root.mark.line))
            {
                return Err(PolicyError::at(
                    doc.path,
                    doc.root.mark.line,
                    doc.root.mark.column,
                    format!("Constraint {} is defined twice (also at {p}:{l})", c.id),
                ));
            }
            gk.constraints.push(c);
        }
        Ok(gk)
    }

    fn bind_constraint(&self, doc: &Doc<'_>) -> Result<Constraint, PolicyError> {
        let root = &doc.root;
        let err = |n: &Node, m: String| PolicyError::at(doc.path, n.mark.line, n.mark.column, m);
        let kind = kind(root).to_string();
        let Some(template) = self.templates.iter().position(|t| t.kind == kind) else {
            let known: Vec<&str> = self.templates.iter().map(|t| t.kind.as_str()).collect();
            return Err(err(
                root,
                format!(
                    "Constraint of kind `{kind}` has no ConstraintTemplate (templates loaded: {}); add its template to the --policy paths",
                    if known.is_empty() { "none".to_string() } else { known.join(", ") }
                ),
            ));
        };
        let name = text(root.path(&["metadata", "name"])).ok_or_else(|| {
            err(
                root,
                format!("Constraint of kind `{kind}` needs metadata.name"),
            )
        })?;
        let spec = root.get("spec");
        let action = match spec.and_then(|s| s.get("enforcementAction")) {
            None => Action::Deny,
            Some(n) => match n.as_str().unwrap_or("") {
                "deny" => Action::Deny,
                "warn" => Action::Warn,
                "dryrun" => Action::DryRun,
                other => {
                    return Err(err(
                        n,
                        format!(
                        "unsupported enforcementAction `{other}`, expected deny, warn or dryrun"
                    ),
                    ))
                }
            },
        };
        let matcher = match spec.and_then(|s| s.get("match")) {
            Some(m) => Match::parse(m).map_err(|(n, m)| err(&n, m))?,
            None => Match::default(),
        };
        let parameters = spec
            .and_then(|s| s.get("parameters"))
            .map_or_else(Value::new_object, from_node);
        let t = &self.templates[template];
        let id = format!("{kind}/{name}");
        let severity = severity_annotation(doc)?
            .or(t.severity)
            .unwrap_or(match action {
                Action::Deny => Severity::High,
                Action::Warn => Severity::Medium,
                Action::DryRun => Severity::Low,
            });
        let meta = constraint_meta(&id, &name, t, severity, doc, action);
        Ok(Constraint {
            template,
            id,
            matcher,
            parameters,
            action,
            meta,
        })
    }

    /// Runs every constraint whose match selects the object.
    pub fn evaluate(
        &self,
        review_value: &Value,
        review: &Review,
        labels: &[(String, String)],
        subject: &Subject,
        out: &mut Evaluation,
    ) {
        for c in &self.constraints {
            if !c.matcher.selects(review, labels) {
                continue;
            }
            let t = &self.templates[c.template];
            let input = object(vec![
                ("review", review_value.clone()),
                ("parameters", c.parameters.clone()),
            ]);
            let result = t.pool.with(|engine| {
                engine.set_input(input);
                engine.eval_rule(t.query.clone())
            });
            match result {
                Ok(value) => {
                    for msg in messages(&value) {
                        let title = msg.unwrap_or_else(|| c.meta.summary.to_string());
                        out.violations.push(subject.violation(
                            c.meta,
                            c.meta.severity,
                            title,
                            c.action,
                            "gatekeeper",
                        ));
                    }
                }
                Err(e) => {
                    let l = t.sources.locate_text(&format!("{e:#}"));
                    out.errors.push(EvalError {
                        policy: c.id.clone(),
                        location: l.path.map(|p| match l.line {
                            Some(line) => format!("{p}:{line}"),
                            None => p,
                        }),
                        message: l.message,
                    });
                }
            }
        }
    }
}

/// The line the text of a scalar starts on, minus one: a block scalar (`rego: |`) starts
/// on the line after its indicator.
fn line_offset(file_text: &str, node: &Node) -> u32 {
    let line = file_text
        .lines()
        .nth(node.mark.line.saturating_sub(1) as usize)
        .unwrap_or("");
    let at: String = line
        .chars()
        .skip(node.mark.column.saturating_sub(1) as usize)
        .take(1)
        .collect();
    if at == "|" || at == ">" {
        node.mark.line
    } else {
        node.mark.line.saturating_sub(1)
    }
}

fn compile_template(doc: &Doc<'_>) -> Result<Template, PolicyError> {
    let root = &doc.root;
    let err = |n: &Node, m: String| PolicyError::at(doc.path, n.mark.line, n.mark.column, m);
    let name = text(root.path(&["metadata", "name"]))
        .ok_or_else(|| err(root, "ConstraintTemplate needs metadata.name".into()))?;
    let kind = text(root.path(&["spec", "crd", "spec", "names", "kind"])).ok_or_else(|| {
        err(
            root,
            format!("ConstraintTemplate {name} needs spec.crd.spec.names.kind"),
        )
    })?;
    let targets = root
        .path(&["spec", "targets"])
        .map(Node::items)
        .unwrap_or(&[]);
    let target = targets
        .iter()
        .find(|t| text(t.get("target")).as_deref() == Some("admission.k8s.gatekeeper.sh"))
        .or_else(|| targets.first())
        .ok_or_else(|| {
            err(
                root,
                format!("ConstraintTemplate {name} has no spec.targets"),
            )
        })?;
    // `rego`/`libs` directly, or the newer `code: [{engine: Rego, source: {...}}]`.
    let code_source = target
        .get("code")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .find(|c| text(c.get("engine")).as_deref() == Some("Rego"))
        .and_then(|c| c.get("source"));
    let holder = match target.get("rego") {
        Some(_) => target,
        None => code_source.ok_or_else(|| {
            err(
                target,
                format!("ConstraintTemplate {name}: target has no `rego`"),
            )
        })?,
    };
    let rego_node = holder.get("rego").ok_or_else(|| {
        err(
            holder,
            format!("ConstraintTemplate {name}: target has no `rego`"),
        )
    })?;
    let prefer_v0 = text(holder.get("version")).as_deref() != Some("v1");
    let rego = rego_node.scalar_text().unwrap_or_default().into_owned();
    let mut engine = Engine::new();
    let mut sources = SourceMap::default();
    // Gatekeeper's referential data: empty in a scan and in a webhook without sync.
    if let Err(e) = engine.add_data(object(vec![("inventory", Value::new_object())])) {
        return Err(PolicyError::new(doc.path, format!("{e:#}")));
    }
    for (i, lib) in holder
        .get("libs")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let source_name = format!("{}#libs[{i}]", doc.path);
        sources.add(&source_name, doc.path, line_offset(doc.text, lib));
        let lib_text = lib.scalar_text().unwrap_or_default();
        add_rego(&mut engine, &source_name, &lib_text, prefer_v0)
            .map_err(|e| sources.policy_error(doc.path, &e))?;
    }
    let source_name = format!("{}#rego", doc.path);
    let offset = line_offset(doc.text, rego_node);
    sources.add(&source_name, doc.path, offset);
    let package = add_rego(&mut engine, &source_name, &rego, prefer_v0)
        .map_err(|e| sources.policy_error(doc.path, &e))?;
    let scanned = metadata::scan(doc.path, &rego, offset)?;
    if !scanned.heads.iter().any(|h| h.name == "violation") {
        return Err(err(
            rego_node,
            format!("ConstraintTemplate {name}: the Rego has no `violation` rule"),
        ));
    }
    engine
        .eval_query("true".to_string(), false)
        .map_err(|e| sources.policy_error(doc.path, &format!("{e:#}")))?;
    Ok(Template {
        name,
        kind,
        query: format!("{package}.violation"),
        pool: EnginePool::new(engine),
        sources,
        title: annotation(root, "metadata.gatekeeper.sh/title"),
        description: annotation(root, "description"),
        severity: severity_annotation(doc)?,
        path: doc.path.to_string(),
        line: root.mark.line,
    })
}

fn constraint_meta(
    id: &str,
    name: &str,
    t: &Template,
    severity: Severity,
    doc: &Doc<'_>,
    action: Action,
) -> &'static RuleMeta {
    let summary = annotation(&doc.root, "metadata.gatekeeper.sh/title")
        .or_else(|| t.title.clone())
        .unwrap_or_else(|| format!("Gatekeeper constraint {id}"));
    let mut body = String::new();
    if let Some(d) = annotation(&doc.root, "description").or_else(|| t.description.clone()) {
        body.push_str(d.trim());
        body.push_str("\n\n");
    }
    body.push_str(&format!(
        "Gatekeeper Constraint `{id}` ({}:{}), enforcementAction `{}`, from ConstraintTemplate `{}` ({}:{}).\n",
        doc.path,
        doc.root.mark.line,
        action.as_str(),
        t.name,
        t.path,
        t.line
    ));
    leak(RuleMeta {
        id: Box::leak(id.to_string().into_boxed_str()),
        aliases: &[],
        name: Box::leak(name.to_string().into_boxed_str()),
        family: "gatekeeper",
        severity,
        summary: Box::leak(summary.into_boxed_str()),
        remediation: Box::leak(
            format!("Change the object so that it satisfies Constraint {id}.").into_boxed_str(),
        ),
        tags: &["policy", "gatekeeper"],
        default_enabled: true,
        doc: Box::leak(body.into_boxed_str()),
    })
}
