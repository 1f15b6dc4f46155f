use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Severity;

/// The Kubernetes object (or other artifact) a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    /// Object kind, e.g. `Deployment`.
    pub kind: String,
    /// Namespace, when set in the manifest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Object name.
    pub name: String,
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{}/{}/{}", self.kind, ns, self.name),
            None => write!(f, "{}/{}", self.kind, self.name),
        }
    }
}

/// Where a finding is: file, exact position, object and field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Path as given on the command line (or `-` for stdin), `/`-separated.
    pub path: String,
    /// 1-based line of the offending field (or of the object when the field is missing).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The object the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectRef>,
    /// Field path inside the object, e.g. `spec.containers[0].securityContext.privileged`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// One problem found by any analyzer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule identifier, e.g. `K8S001`.
    pub rule: Cow<'static, str>,
    /// Effective severity (after configuration overrides).
    pub severity: Severity,
    /// One specific line: "container `api` runs privileged".
    pub title: String,
    /// Where it is.
    pub location: Location,
    /// Container name, for container-level findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The offending value, when short and not secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// What to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Cow<'static, str>>,
    /// Control mappings copied from the rule.
    pub tags: Vec<Cow<'static, str>>,
    /// Stable identity across runs and line moves (see [`fingerprint`]).
    pub fingerprint: String,
}

impl Finding {
    /// The key reports are ordered by: path, line, column, rule, title.
    pub fn report_order(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.location.path,
            self.location.line,
            self.location.column,
            &self.rule,
            &self.title,
        )
    }
}

/// An input that could not be read or parsed (fully or in part).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputError {
    /// Path of the input.
    pub path: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// What went wrong, for a person.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Counters describing what a scan looked at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanStats {
    /// Files read.
    pub files: usize,
    /// Kubernetes objects analysed.
    pub objects: usize,
    /// YAML/JSON documents that were not Kubernetes objects (skipped quietly).
    pub skipped_documents: usize,
    /// Findings hidden by ignores, annotations or the baseline.
    pub suppressed: usize,
}

/// Everything a scan produced, before formatting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanResult {
    /// Findings, sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    /// Inputs that could not be read.
    pub errors: Vec<InputError>,
    /// Notices for people: expired ignores, ignores that matched nothing.
    pub warnings: Vec<String>,
    /// Counters.
    pub stats: ScanStats,
}

impl ScanResult {
    /// Sorts findings and errors into their stable report order.
    pub fn sort(&mut self) {
        self.findings
            .sort_by(|a, b| a.report_order().cmp(&b.report_order()));
        self.errors
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }

    /// The highest severity among the findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// A fingerprint stable under line moves and image-tag changes: the rule's origin id, the
/// repository-relative path, the object identity, the container and a rule-chosen key
/// (e.g. the capability or volume name). Hex of the first 16 bytes of SHA-256.
pub fn fingerprint(
    rule_origin_id: &str,
    path: &str,
    object: Option<&ObjectRef>,
    container: Option<&str>,
    key: Option<&str>,
) -> String {
    // Each part followed by a NUL; the object as displayed (`Kind/namespace/name` or
    // `Kind/name`), hashed piece by piece rather than formatted first.
    let mut h = Sha256::new();
    h.update(rule_origin_id.as_bytes());
    h.update([0u8]);
    h.update(path.as_bytes());
    h.update([0u8]);
    if let Some(o) = object {
        h.update(o.kind.as_bytes());
        if let Some(ns) = &o.namespace {
            h.update(b"/");
            h.update(ns.as_bytes());
        }
        h.update(b"/");
        h.update(o.name.as_bytes());
    }
    h.update([0u8]);
    h.update(container.unwrap_or("").as_bytes());
    h.update([0u8]);
    h.update(key.unwrap_or("").as_bytes());
    h.update([0u8]);
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in &digest[..16] {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_nothing_but_is_stable() {
        let obj = ObjectRef {
            kind: "Deployment".into(),
            namespace: Some("shop".into()),
            name: "api".into(),
        };
        let a = fingerprint("K8S001", "k8s/api.yaml", Some(&obj), Some("api"), None);
        let b = fingerprint("K8S001", "k8s/api.yaml", Some(&obj), Some("api"), None);
        let c = fingerprint("K8S001", "k8s/api.yaml", Some(&obj), Some("sidecar"), None);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 32);
    }

    /// The definition, written the slow obvious way: fingerprints in baselines on disk
    /// depend on it, so the fast implementation must agree byte for byte.
    #[test]
    fn fingerprint_is_sha256_of_nul_terminated_parts() {
        fn reference(parts: [&str; 5]) -> String {
            let mut h = Sha256::new();
            for p in parts {
                h.update(p.as_bytes());
                h.update([0u8]);
            }
            h.finalize()[..16]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        }
        let namespaced = ObjectRef {
            kind: "Deployment".into(),
            namespace: Some("shop".into()),
            name: "api".into(),
        };
        let cluster = ObjectRef {
            kind: "ClusterRole".into(),
            namespace: None,
            name: "admin".into(),
        };
        for (obj, container, key) in [
            (Some(&namespaced), Some("api"), None),
            (Some(&namespaced), None, Some("SYS_ADMIN")),
            (Some(&cluster), None, None),
            (None, Some("c"), Some("k")),
            (None, None, None),
        ] {
            let shown = obj.map(|o| o.to_string()).unwrap_or_default();
            assert_eq!(
                fingerprint("K8S003", "k8s/a.yaml", obj, container, key),
                reference([
                    "K8S003",
                    "k8s/a.yaml",
                    &shown,
                    container.unwrap_or(""),
                    key.unwrap_or("")
                ])
            );
        }
    }
}
