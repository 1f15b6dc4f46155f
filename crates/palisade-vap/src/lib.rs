//! Compiles Palisade's built-in pod rules into Kubernetes `ValidatingAdmissionPolicy` and
//! `ValidatingAdmissionPolicyBinding` objects (`admissionregistration.k8s.io/v1`, GA in
//! Kubernetes 1.30), so that a cluster enforces them in the API server itself, with CEL,
//! and no webhook to run, secure or keep available.
//!
//! The CEL of each rule decides what the Rust rule in `palisade-rules` decides, at one Pod
//! Security Standards version: the crate's tests evaluate every generated expression with
//! a CEL interpreter on the upstream PSS conformance fixtures and every rule fixture, at
//! every policy version, and require the same failing rules as `palisade_rules::run`.
//!
//! # Compiled
//! - Pod Security Standards, baseline: K8S001–K8S012 (`privileged`, `hostNamespaces`,
//!   `capabilities_baseline`, `hostPathVolumes`, `hostPorts`, `hostProbesAndHostLifecycle`,
//!   `appArmorProfile`, `seLinuxOptions`, `procMount`, `seccompProfile_baseline`,
//!   `sysctls`, `windowsHostProcess`).
//! - Pod Security Standards, restricted: K8S020–K8S026 (`restrictedVolumes`,
//!   `allowPrivilegeEscalation`, `runAsNonRoot`, `runAsUser`, `seccompProfile_restricted`,
//!   `capabilities_restricted`, `procMount_restricted`), with the baseline checks they do
//!   not override, exactly as `pss::level_rules` assembles the level at that version.
//! - Workload rules (with [`Options::include_workload_rules`]): K8S030 missing requests,
//!   K8S031 missing limits, K8S032 missing liveness probe, K8S033 missing readiness probe,
//!   K8S034 image not pinned, K8S036 pull policy with a mutable tag, K8S037 token
//!   automount, K8S038 default service account, K8S040 writable root file system.
//!
//! # Not compiled, and why
//! See [`NOT_COMPILED`]: whole-scan network rules (an admission request sees one object),
//! RBAC and the Service/Ingress/Secret rules (not pod rules; findings to review, not
//! requests to refuse), K8S035 (off by default) and K8S039 (a heuristic over names and
//! values that CEL could only approximate).
//!
//! # Where it differs from a scan
//! - The API server evaluates objects after defaulting and validation, so invalid objects
//!   never reach the policy, and unknown fields are dropped: a volume with a source that is
//!   not a Kubernetes volume type is reported as `unknown` by K8S020 in a scan, but cannot
//!   exist on a cluster.
//! - `palisade.dev/ignore` annotations are not honoured: a workload must not be able to
//!   exempt itself from an admission policy. Exempt namespaces in the binding instead.
//! - Namespace `pod-security.kubernetes.io/*-version` labels do not pick the version: a
//!   policy is generated for one version; bind different versions to different namespaces.
//! - Updates that change neither the spec (or template) nor the annotations are not
//!   re-checked (a `matchConditions` entry), as the Pod Security admission plugin skips
//!   them, so objects admitted before the policy existed can still be relabelled.
//!
//! Deliberately not here: talking to a cluster, the admission webhook (`palisade
//! admission serve`), command-line parsing.
#![warn(missing_docs)]

mod expr;
mod policy;
mod pss;
mod validation;
mod variables;
mod workload;
mod yaml;

pub use palisade_rules::pss::Level;
pub use palisade_rules::PssVersion;
pub use policy::{
    Action, NamespaceScope, API_VERSION, MANAGED_BY, MATCHED_KINDS, RESOURCE_RULES,
    SIGNIFICANT_CHANGE,
};
pub use pss::pss_validations;
pub use validation::Validation;
pub use variables::{variables, Variable};
pub use workload::{workload_validations, WORKLOAD_RULES};
pub use yaml::to_yaml_stream;

use serde_json::{json, Value};

/// Built-in rules that are not compiled, with the reason.
pub const NOT_COMPILED: &[(&str, &str)] = &[
    ("K8S035", "image not pinned by digest: off by default in Palisade; as a cluster-wide rule it would refuse every tagged image"),
    ("K8S039", "secret in env: a heuristic over variable names (camelCase words) and values (URLs, DSNs, connection strings) that CEL could only approximate, so it could not agree with the scan"),
    ("K8S050", "Service type LoadBalancer: not a pod rule (a finding to review; exposure is often intended)"),
    ("K8S051", "Service type NodePort: not a pod rule (a finding to review; exposure is often intended)"),
    ("K8S052", "Ingress without TLS: not a pod rule (TLS is often terminated before the Ingress)"),
    ("K8S053", "Secret data in a manifest: about Secrets committed to a repository; every Secret on the API server holds data"),
    ("RBAC001", "RBAC rules: system components legitimately hold broad roles, and a binding's risk depends on other objects; review findings, not requests to refuse"),
    ("RBAC002", "RBAC rules: see RBAC001"),
    ("RBAC003", "RBAC rules: see RBAC001"),
    ("RBAC004", "RBAC rules: see RBAC001"),
    ("RBAC005", "RBAC rules: see RBAC001"),
    ("RBAC006", "RBAC rules: see RBAC001"),
    ("NET001", "network coverage: needs every NetworkPolicy and workload of the namespace, while an admission request carries one object"),
    ("NET002", "network coverage: see NET001"),
    ("NET003", "network coverage: see NET001"),
    ("NET004", "network coverage: see NET001"),
    ("NET005", "network coverage: see NET001"),
];

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Pod Security Standards level of the PSS policy.
    pub level: Level,
    /// The policy version whose checks are compiled (one version per policy).
    pub version: PssVersion,
    /// What the bindings do with a failed validation.
    pub action: Action,
    /// Which namespaces the bindings apply to.
    pub namespaces: NamespaceScope,
    /// Also emit a policy with the workload rules ([`WORKLOAD_RULES`]).
    pub include_workload_rules: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            level: Level::Restricted,
            version: PssVersion::LATEST,
            action: Action::Deny,
            namespaces: NamespaceScope {
                labels: Vec::new(),
                exempt: vec!["kube-system".to_string()],
            },
            include_workload_rules: false,
        }
    }
}

/// The name of the PSS policy for `level` at `version`: `palisade-pss-restricted-v1.37`.
pub fn pss_policy_name(level: Level, version: PssVersion) -> String {
    format!("palisade-pss-{level}-{version}")
}

/// The name of the workload policy.
pub const WORKLOAD_POLICY_NAME: &str = "palisade-workload";

/// The objects to apply, in order: each policy followed by its binding (the PSS policy,
/// then the workload policy when asked for).
pub fn compile(options: &Options) -> Vec<Value> {
    let mut docs = Vec::new();
    let pss_vars = variables(false);
    let pss = pss_validations(options.level, options.version);
    let name = pss_policy_name(options.level, options.version);
    let rules = rule_list(&pss);
    docs.push(policy::policy(&policy::PolicySpec {
        name: name.clone(),
        annotations: vec![
            ("palisade.dev/pss-level", options.level.to_string()),
            ("palisade.dev/pss-version", options.version.to_string()),
            ("palisade.dev/rules", rules),
        ],
        variables: &pss_vars,
        validations: &pss,
    }));
    docs.push(policy::binding(&name, options.action, &options.namespaces));
    if options.include_workload_rules {
        let vars = variables(true);
        let validations = workload_validations();
        docs.push(policy::policy(&policy::PolicySpec {
            name: WORKLOAD_POLICY_NAME.to_string(),
            annotations: vec![("palisade.dev/rules", rule_list(&validations))],
            variables: &vars,
            validations: &validations,
        }));
        docs.push(policy::binding(
            WORKLOAD_POLICY_NAME,
            options.action,
            &options.namespaces,
        ));
    }
    docs
}

/// `K8S001,K8S002,...`: the rules a policy implements, each once, in order.
fn rule_list(validations: &[Validation]) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for v in validations {
        if !ids.contains(&v.rule) {
            ids.push(v.rule);
        }
    }
    ids.join(",")
}

/// The objects as one JSON document: a `v1` `List`, which `kubectl apply -f` accepts.
pub fn to_json_list(docs: &[Value]) -> Value {
    json!({ "apiVersion": "v1", "kind": "List", "items": docs })
}

/// Checks a `key=value` namespace label selector term as Kubernetes would: a label key
/// (optional DNS-subdomain prefix and `/`, then a name of at most 63 characters) and a
/// label value (at most 63 characters, possibly empty).
pub fn parse_label(term: &str) -> Result<(String, String), String> {
    let (key, value) = term
        .split_once('=')
        .ok_or_else(|| format!("namespace selector `{term}`: expected `key=value`"))?;
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let bad_prefix = prefix.is_some_and(|p| {
        p.is_empty()
            || p.len() > 253
            || !p.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !part.starts_with('-')
                    && !part.ends_with('-')
            })
    });
    if bad_prefix || !label_name_ok(name, false) {
        return Err(format!(
            "namespace selector `{term}`: `{key}` is not a valid label key"
        ));
    }
    if !label_name_ok(value, true) {
        return Err(format!(
            "namespace selector `{term}`: `{value}` is not a valid label value"
        ));
    }
    Ok((key.to_string(), value.to_string()))
}

/// A label name or value: at most 63 characters of `[A-Za-z0-9_.-]`, starting and ending
/// with an alphanumeric (a value may also be empty).
fn label_name_ok(s: &str, may_be_empty: bool) -> bool {
    if s.is_empty() {
        return may_be_empty;
    }
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    s.len() <= 63
        && ends_ok(s.chars().next())
        && ends_ok(s.chars().last())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Checks a namespace name (a DNS label): what `kubernetes.io/metadata.name` can hold.
pub fn check_namespace_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "exempt namespace `{name}` is not a valid namespace name (lower-case letters, digits and `-`, at most 63)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_terms_are_checked_like_kubernetes() {
        assert_eq!(
            parse_label("pod-security.kubernetes.io/enforce=restricted"),
            Ok((
                "pod-security.kubernetes.io/enforce".into(),
                "restricted".into()
            ))
        );
        assert_eq!(parse_label("team="), Ok(("team".into(), String::new())));
        for bad in ["team", "=x", "a b=c", "Team.Example/x=y", "x=-y", "/x=y"] {
            assert!(parse_label(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn namespace_names_are_dns_labels() {
        assert!(check_namespace_name("kube-system").is_ok());
        assert!(check_namespace_name("Kube").is_err());
        assert!(check_namespace_name("").is_err());
    }

    #[test]
    fn every_rule_is_compiled_or_listed_as_not_compiled() {
        let compiled: Vec<&str> = pss_validations(Level::Restricted, PssVersion::LATEST)
            .iter()
            .chain(pss_validations(Level::Baseline, PssVersion::LATEST).iter())
            .map(|v| v.rule)
            .chain(WORKLOAD_RULES.iter().copied())
            .collect();
        for rule in palisade_rules::all() {
            let id = rule.meta().id;
            let listed = NOT_COMPILED.iter().any(|(n, _)| *n == id);
            assert!(
                compiled.contains(&id) != listed,
                "{id} must be either compiled or listed in NOT_COMPILED"
            );
        }
    }
}
