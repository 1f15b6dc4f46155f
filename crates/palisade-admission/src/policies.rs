//! Rego policies (`policies: [dirs]`: Conftest-style modules and Gatekeeper templates with
//! their constraints, loaded by `palisade-policy`) as an evaluator beside the built-in
//! rules. Gatekeeper's `input.review` is filled from the AdmissionReview itself, so
//! policies on `userInfo`, `operation` or `oldObject` see what the API server sent.

use palisade_core::Severity;
use palisade_k8s::Object;
use palisade_policy::{Action, Operation, PolicyOptions, PolicySet, Review};

use crate::config::{Config, Mode};
use crate::evaluate::{Evaluated, Evaluator, ReviewContext};
use crate::AdmissionError;

/// A loaded policy set.
pub struct Policies {
    set: PolicySet,
}

impl Policies {
    /// Loads every policy under `paths`.
    pub fn load(paths: &[std::path::PathBuf]) -> Result<Policies, AdmissionError> {
        let set = PolicySet::load(paths, &PolicyOptions::default())
            .map_err(|e| AdmissionError::new(e.to_string()))?;
        Ok(Policies { set })
    }

    /// The Gatekeeper review for an admission request.
    fn review(cx: &ReviewContext<'_>) -> Review {
        let mut r = Review::default();
        r.uid = cx.uid.to_string();
        r.operation = Operation::parse(cx.operation).unwrap_or_default();
        r.kind = palisade_policy::GroupVersionKind {
            group: cx.kind.group.clone(),
            version: cx.kind.version.clone(),
            kind: cx.kind.kind.clone(),
        };
        r.name = cx.name.to_string();
        r.namespace = Some(cx.namespace.to_string()).filter(|n| !n.is_empty());
        r.user_info = serde_json::to_value(cx.user_info).unwrap_or_default();
        r.old_object = cx.old_object.and_then(|t| serde_json::from_str(t).ok());
        r.dry_run = cx.dry_run;
        r
    }
}

impl Evaluator for Policies {
    fn evaluate(&self, object: &Object, cx: &ReviewContext<'_>) -> Vec<Evaluated> {
        let eval = self.set.evaluate(object, &Self::review(cx));
        let mut out: Vec<Evaluated> = eval
            .violations
            .into_iter()
            .map(|v| Evaluated {
                finding: v.finding,
                mode: Some(match v.action {
                    Action::Deny => Mode::Enforce,
                    Action::Warn => Mode::Warn,
                    Action::DryRun => Mode::Audit,
                }),
            })
            .collect();
        // A policy that fails to evaluate is reported, never silently passed.
        for e in eval.errors {
            crate::log("error", &format!("policy evaluation failed: {e}"));
            out.push(Evaluated {
                finding: error_finding(object, &e.to_string()),
                mode: Some(Mode::Warn),
            });
        }
        out
    }

    fn knows(&self, name: &str) -> bool {
        self.set.lookup(name).is_some()
            || self
                .set
                .rules()
                .iter()
                .any(|m| m.family.eq_ignore_ascii_case(name))
    }

    fn family_of(&self, rule: &str) -> Option<&str> {
        self.set.lookup(rule).map(|m| m.family)
    }
}

fn error_finding(object: &Object, message: &str) -> palisade_core::Finding {
    palisade_core::Finding {
        rule: "POLICY-ERROR".into(),
        severity: Severity::Medium,
        title: format!("a policy failed to evaluate: {message}"),
        location: palisade_core::Location {
            path: object.path.to_string(),
            line: 1,
            column: 1,
            object: Some(object.reference()),
            field: None,
        },
        container: None,
        evidence: None,
        remediation: None,
        tags: Vec::new(),
        fingerprint: String::new(),
    }
}

/// The policy evaluators the configuration asks for.
pub fn evaluators(config: &Config) -> Result<Vec<Box<dyn Evaluator>>, AdmissionError> {
    if config.policies.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![Box::new(Policies::load(&config.policies)?)])
}
