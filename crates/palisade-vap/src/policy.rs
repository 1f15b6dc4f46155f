//! The Kubernetes objects: one ValidatingAdmissionPolicy per group of rules and one
//! ValidatingAdmissionPolicyBinding for each (`admissionregistration.k8s.io/v1`).

use serde_json::{json, Map, Value};

use crate::validation::Validation;
use crate::variables::Variable;

/// The API version of the generated objects (GA since Kubernetes 1.30).
pub const API_VERSION: &str = "admissionregistration.k8s.io/v1";

/// The label on every generated object, so they can be listed and pruned together.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "palisade");

/// What a binding does with a failed validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Reject the request, and record the failure in the audit log.
    Deny,
    /// Admit the request with a warning to the client.
    Warn,
    /// Admit the request and record the failure in the audit log only.
    Audit,
}

impl Action {
    /// The binding's `validationActions`: `Deny` also audits, so a denied request leaves
    /// a trace (Kubernetes forbids `Deny` together with `Warn`).
    pub fn validation_actions(self) -> &'static [&'static str] {
        match self {
            Action::Deny => &["Deny", "Audit"],
            Action::Warn => &["Warn"],
            Action::Audit => &["Audit"],
        }
    }
}

/// Which namespaces a binding applies to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamespaceScope {
    /// Namespaces must carry every one of these labels (`matchLabels`).
    pub labels: Vec<(String, String)>,
    /// Namespaces never checked (by `kubernetes.io/metadata.name`, which the API server
    /// sets on every namespace).
    pub exempt: Vec<String>,
}

impl NamespaceScope {
    fn selector(&self) -> Value {
        let mut selector = Map::new();
        if !self.labels.is_empty() {
            let labels: Map<String, Value> = self
                .labels
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            selector.insert("matchLabels".into(), Value::Object(labels));
        }
        if !self.exempt.is_empty() {
            selector.insert(
                "matchExpressions".into(),
                json!([{
                    "key": "kubernetes.io/metadata.name",
                    "operator": "NotIn",
                    "values": self.exempt,
                }]),
            );
        }
        Value::Object(selector)
    }
}

/// The kinds that carry a pod spec, by API group and version: what the policies match.
pub const RESOURCE_RULES: &[(&str, &str, &[&str])] = &[
    (
        "",
        "v1",
        &[
            "pods",
            // `kubectl debug` adds ephemeral containers through this subresource.
            "pods/ephemeralcontainers",
            "replicationcontrollers",
            "podtemplates",
        ],
    ),
    (
        "apps",
        "v1",
        &["deployments", "replicasets", "statefulsets", "daemonsets"],
    ),
    ("batch", "v1", &["jobs", "cronjobs"]),
];

/// The kinds matched by [`RESOURCE_RULES`] (`object.kind` values).
pub const MATCHED_KINDS: &[&str] = &[
    "Pod",
    "ReplicationController",
    "PodTemplate",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
];

/// Skips updates that change nothing a rule reads (labels, finalizers, owner references),
/// as the Pod Security admission plugin does: otherwise an object admitted before the
/// policy existed could no longer be relabelled or have its finalizers removed.
pub const SIGNIFICANT_CHANGE: &str = "request.operation != 'UPDATE' || oldObject == null\n\
|| (has(object.spec) ? object.spec : {}) != (has(oldObject.spec) ? oldObject.spec : {})\n\
|| (has(object.template) ? object.template : {}) != (has(oldObject.template) ? oldObject.template : {})\n\
|| (has(object.metadata.annotations) ? object.metadata.annotations : {}) != (has(oldObject.metadata.annotations) ? oldObject.metadata.annotations : {})";

/// One policy to emit: its name, a description for people, and its content.
pub(crate) struct PolicySpec<'a> {
    pub name: String,
    pub annotations: Vec<(&'static str, String)>,
    pub variables: &'a [Variable],
    pub validations: &'a [Validation],
}

fn metadata(name: &str, annotations: &[(&'static str, String)]) -> Value {
    let mut labels = Map::new();
    labels.insert(MANAGED_BY.0.into(), Value::String(MANAGED_BY.1.into()));
    let mut meta = json!({ "name": name, "labels": labels });
    if !annotations.is_empty() {
        let map: Map<String, Value> = annotations
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
            .collect();
        meta["annotations"] = Value::Object(map);
    }
    meta
}

/// The ValidatingAdmissionPolicy object.
pub(crate) fn policy(spec: &PolicySpec<'_>) -> Value {
    let resource_rules: Vec<Value> = RESOURCE_RULES
        .iter()
        .map(|(group, version, resources)| {
            json!({
                "apiGroups": [group],
                "apiVersions": [version],
                "operations": ["CREATE", "UPDATE"],
                "resources": resources,
            })
        })
        .collect();
    let variables: Vec<Value> = spec
        .variables
        .iter()
        .map(|v| json!({ "name": v.name, "expression": v.expression }))
        .collect();
    let validations: Vec<Value> = spec
        .validations
        .iter()
        .map(|v| {
            let mut out = json!({
                "expression": v.expression,
                "message": v.message,
            });
            if let Some(m) = &v.message_expression {
                out["messageExpression"] = Value::String(m.clone());
            }
            out["reason"] = Value::String("Forbidden".into());
            out
        })
        .collect();
    json!({
        "apiVersion": API_VERSION,
        "kind": "ValidatingAdmissionPolicy",
        "metadata": metadata(&spec.name, &spec.annotations),
        "spec": {
            "failurePolicy": "Fail",
            "matchConstraints": {
                "matchPolicy": "Equivalent",
                "resourceRules": resource_rules,
            },
            "matchConditions": [
                { "name": "significant-change", "expression": SIGNIFICANT_CHANGE },
            ],
            "variables": variables,
            "validations": validations,
        },
    })
}

/// The binding that puts the policy `name` into force.
pub(crate) fn binding(name: &str, action: Action, scope: &NamespaceScope) -> Value {
    json!({
        "apiVersion": API_VERSION,
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": metadata(name, &[]),
        "spec": {
            "policyName": name,
            "validationActions": action.validation_actions(),
            "matchResources": {
                "namespaceSelector": scope.selector(),
            },
        },
    })
}
