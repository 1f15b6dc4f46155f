//! [`PolicySet`]: every policy under the given paths, compiled once, evaluated per object
//! from any number of threads.

use std::path::PathBuf;
use std::sync::Arc;

use palisade_core::{fingerprint, Finding, Location, ObjectRef, RuleMeta, Severity};
use palisade_k8s::Object;
use regorus::Value;

use crate::conftest::Conftest;
use crate::files::{self, FileKind};
use crate::gatekeeper::{self, Doc, Gatekeeper};
use crate::value::{from_json, from_node, to_json};
use crate::{EvalError, PolicyError, PolicyOptions, Review};

/// What a policy result asks of an admission gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Reject the request: Conftest `deny`/`violation`, Gatekeeper `enforcementAction: deny`.
    Deny,
    /// Admit with a warning: Conftest `warn`, Gatekeeper `enforcementAction: warn`.
    Warn,
    /// Record only (audit): Gatekeeper `enforcementAction: dryrun`.
    DryRun,
}

impl Action {
    /// `deny`, `warn` or `dryrun`, as Gatekeeper writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Deny => "deny",
            Action::Warn => "warn",
            Action::DryRun => "dryrun",
        }
    }
}

/// One policy result: the finding (for every report) and what it asks of a gate.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The finding, ready for the scan pipeline (ignores, baselines, reports).
    pub finding: Finding,
    /// Deny, warn or record only.
    pub action: Action,
}

/// What evaluating one object produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Results of every policy that reported the object, in policy order.
    pub violations: Vec<Violation>,
    /// Policies that failed on this object; the others still ran.
    pub errors: Vec<EvalError>,
}

impl Evaluation {
    /// Just the findings (for a scan).
    pub fn into_findings(self) -> Vec<Finding> {
        self.violations.into_iter().map(|v| v.finding).collect()
    }

    /// Whether any result asks to reject the request.
    pub fn denies(&self) -> bool {
        self.violations.iter().any(|v| v.action == Action::Deny)
    }
}

/// Where findings about one object point.
pub(crate) struct Subject {
    path: Arc<str>,
    repo_path: Arc<str>,
    line: u32,
    column: u32,
    object: ObjectRef,
}

impl Subject {
    pub fn violation(
        &self,
        meta: &'static RuleMeta,
        severity: Severity,
        title: String,
        action: Action,
        tag: &'static str,
    ) -> Violation {
        let mut tags: Vec<std::borrow::Cow<'static, str>> =
            meta.tags.iter().map(|t| (*t).into()).collect();
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.into());
        }
        let fp = fingerprint(
            meta.origin_id(),
            &self.repo_path,
            Some(&self.object),
            None,
            Some(&title),
        );
        Violation {
            finding: Finding {
                rule: meta.id.into(),
                severity,
                title,
                location: Location {
                    path: self.path.to_string(),
                    line: self.line,
                    column: self.column,
                    object: Some(self.object.clone()),
                    field: None,
                },
                container: None,
                evidence: None,
                remediation: Some(meta.remediation.into()),
                tags,
                fingerprint: fp,
            },
            action,
        }
    }
}

/// Leaks rule metadata: policies are loaded once per process (a scan, a webhook start),
/// and [`RuleMeta`] is `'static` everywhere else in the pipeline.
pub(crate) fn leak(meta: RuleMeta) -> &'static RuleMeta {
    Box::leak(Box::new(meta))
}

/// Every Rego policy (Conftest conventions) and Gatekeeper ConstraintTemplate/Constraint
/// under some paths, compiled once. `Send + Sync`: share it (e.g. in an `Arc`) and call
/// [`PolicySet::evaluate`] from any thread; each evaluation borrows a prepared engine from
/// a pool, so no lock is held while Rego runs.
pub struct PolicySet {
    conftest: Conftest,
    gatekeeper: Gatekeeper,
    rules: Vec<&'static RuleMeta>,
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field(
                "rules",
                &self.rules.iter().map(|m| m.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl PolicySet {
    /// Loads every `.rego` file and every Gatekeeper ConstraintTemplate and Constraint
    /// (`.yaml`/`.yml`/`.json`) under `paths` (files or directories, walked recursively;
    /// other YAML documents are ignored). Fails on the first file that cannot be used, with
    /// its path, line and reason: unreadable, malformed YAML, Rego that does not compile, a
    /// Constraint without its template.
    pub fn load(paths: &[PathBuf], opts: &PolicyOptions) -> Result<PolicySet, PolicyError> {
        let found = files::collect(paths)?;
        let rego: Vec<(&str, &str)> = found
            .iter()
            .filter(|f| f.kind == FileKind::Rego)
            .map(|f| (f.shown.as_str(), f.text.as_str()))
            .collect();
        let conftest = Conftest::load(&rego, opts)?;
        let mut templates = Vec::new();
        let mut constraints = Vec::new();
        for f in found.iter().filter(|f| f.kind == FileKind::Yaml) {
            // Files that never mention Gatekeeper are not policies (fixtures, data).
            if !f.text.contains("gatekeeper.sh") {
                continue;
            }
            let stream = palisade_yaml::load(&f.text);
            if let Some(e) = stream.error {
                return Err(PolicyError::at(
                    &f.shown,
                    e.mark.line,
                    e.mark.column,
                    format!("invalid YAML: {}", e.message),
                ));
            }
            for d in stream.documents {
                let doc = Doc {
                    path: &f.shown,
                    text: &f.text,
                    root: d.root,
                };
                if gatekeeper::is_template(&doc.root) {
                    templates.push(doc);
                } else if gatekeeper::is_constraint(&doc.root) {
                    constraints.push(doc);
                }
            }
        }
        let gatekeeper = Gatekeeper::load(&templates, &constraints)?;
        let mut rules: Vec<&'static RuleMeta> = Vec::new();
        for m in conftest
            .rules
            .iter()
            .map(|r| r.meta)
            .chain(gatekeeper.constraints.iter().map(|c| c.meta))
        {
            if !rules.iter().any(|r| std::ptr::eq(*r, m)) {
                rules.push(m);
            }
        }
        Ok(PolicySet {
            conftest,
            gatekeeper,
            rules,
        })
    }

    /// A set with no policies (evaluates to nothing).
    pub fn empty() -> PolicySet {
        PolicySet {
            conftest: Conftest::empty(),
            gatekeeper: Gatekeeper::default(),
            rules: Vec::new(),
        }
    }

    /// Whether the set holds no rule that can report anything.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Metadata of every rule the set can report: one per Conftest rule id (`custom.id`,
    /// else `<package>.<rule>`) and one per Constraint (`<Kind>/<name>`). For
    /// configuration, `explain` and SARIF `rules[]`.
    pub fn rules(&self) -> &[&'static RuleMeta] {
        &self.rules
    }

    /// The rule answering to `id` (case-insensitive).
    pub fn lookup(&self, id: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().copied().find(|m| m.answers_to(id))
    }

    /// How many Conftest rules and Constraints the set runs.
    pub fn policy_count(&self) -> (usize, usize) {
        (self.conftest.rules.len(), self.gatekeeper.constraints.len())
    }

    /// Runs every policy on one object: Conftest rules with the object as `input`, and
    /// every Constraint whose `spec.match` selects it with `input.review` built from
    /// `review` (use [`Review::for_scan`] for files). The object is converted to a Rego
    /// value once and shared by all policies. Findings point at the object's position.
    pub fn evaluate(&self, obj: &Object, review: &Review) -> Evaluation {
        if self.rules.is_empty() {
            return Evaluation::default();
        }
        let subject = Subject {
            path: obj.path.clone(),
            repo_path: obj.repo_path.clone(),
            line: obj.node.mark.line.max(1),
            column: obj.node.mark.column.max(1),
            object: obj.reference(),
        };
        self.evaluate_value(&from_node(&obj.node), &obj.labels(), &subject, review)
    }

    /// [`PolicySet::evaluate`] for an object that arrives as JSON (an AdmissionReview's
    /// `request.object`); findings point at `path`, line 1, and name the object from
    /// `review`.
    pub fn evaluate_json(
        &self,
        object: &serde_json::Value,
        path: &str,
        review: &Review,
    ) -> Evaluation {
        if self.rules.is_empty() {
            return Evaluation::default();
        }
        let labels: Vec<(String, String)> = object["metadata"]["labels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let path: Arc<str> = Arc::from(path);
        let subject = Subject {
            repo_path: path.clone(),
            path,
            line: 1,
            column: 1,
            object: ObjectRef {
                kind: review.kind.kind.clone(),
                namespace: review.namespace.clone(),
                name: review.name.clone(),
            },
        };
        self.evaluate_value(&from_json(object), &labels, &subject, review)
    }

    fn evaluate_value(
        &self,
        input: &Value,
        labels: &[(String, String)],
        subject: &Subject,
        review: &Review,
    ) -> Evaluation {
        let mut out = Evaluation::default();
        self.conftest.evaluate(input, subject, &mut out);
        if !self.gatekeeper.constraints.is_empty() {
            let review_value = review.to_value(input);
            self.gatekeeper
                .evaluate(&review_value, review, labels, subject, &mut out);
        }
        out
    }

    /// For `palisade policy eval`: runs `query` (e.g. `data.main.deny`) over the Rego
    /// files with `input`, or, without a query, every selected Conftest rule (keyed by
    /// its path) and every Constraint that selects the input (keyed by `<Kind>/<name>`).
    pub fn query(
        &self,
        input: &serde_json::Value,
        query: Option<&str>,
    ) -> Result<serde_json::Value, EvalError> {
        let value = from_json(input);
        if let Some(q) = query {
            let Some(pool) = &self.conftest.pool else {
                return Err(EvalError {
                    policy: q.to_string(),
                    location: None,
                    message: "no .rego files were loaded".into(),
                });
            };
            let mut engine = pool.clone_engine();
            engine.set_input(value);
            let results = engine
                .eval_query(q.to_string(), false)
                .map_err(|e| self.conftest.eval_error(q, &format!("{e:#}")))?;
            return serde_json::to_value(&results).map_err(|e| EvalError {
                policy: q.to_string(),
                location: None,
                message: e.to_string(),
            });
        }
        let mut out = serde_json::Map::new();
        if let Some(pool) = &self.conftest.pool {
            let mut engine = pool.clone_engine();
            engine.set_input(value.clone());
            for rule in &self.conftest.rules {
                let v = engine
                    .eval_rule(rule.query.clone())
                    .map_err(|e| self.conftest.eval_error(&rule.query, &format!("{e:#}")))?;
                out.insert(rule.query.clone(), to_json(&v));
            }
        }
        if !self.gatekeeper.constraints.is_empty() {
            let text = |k: &str| input[k].as_str().unwrap_or_default().to_string();
            let mut review = Review {
                kind: crate::GroupVersionKind::from_api_version(&text("apiVersion"), &text("kind")),
                name: input["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                ..Review::default()
            };
            review.namespace = input["metadata"]["namespace"]
                .as_str()
                .map(str::to_string)
                .or_else(|| {
                    (!crate::review::is_cluster_scoped(&review.kind.kind))
                        .then(|| "default".to_string())
                });
            let ev = self.evaluate_json(input, "-", &review);
            let mut by_id = serde_json::Map::new();
            for v in ev
                .violations
                .iter()
                .filter(|v| v.finding.tags.iter().any(|t| t == "gatekeeper"))
            {
                let e = by_id
                    .entry(v.finding.rule.to_string())
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                if let serde_json::Value::Array(a) = e {
                    a.push(serde_json::Value::String(v.finding.title.clone()));
                }
            }
            if let Some(e) = ev.errors.first() {
                return Err(e.clone());
            }
            out.insert("constraints".into(), serde_json::Value::Object(by_id));
        }
        Ok(serde_json::Value::Object(out))
    }

    pub(crate) fn conftest(&self) -> &Conftest {
        &self.conftest
    }
}
