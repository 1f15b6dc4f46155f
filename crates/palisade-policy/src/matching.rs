//! A Constraint's `spec.match`: which objects it applies to, decided as Gatekeeper
//! decides it (kinds with API groups, scope, namespaces and excludedNamespaces with `*`
//! prefix/suffix globs, labelSelector, namespaceSelector, name).

use palisade_yaml::Node;

use crate::review::Review;

/// `spec.match`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Match {
    /// `(apiGroups, kinds)` pairs; empty: every kind.
    kinds: Vec<(Vec<String>, Vec<String>)>,
    namespaces: Vec<String>,
    excluded_namespaces: Vec<String>,
    label_selector: Option<Node>,
    namespace_selector: Option<Node>,
    scope: Scope,
    name: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Scope {
    #[default]
    All,
    Cluster,
    Namespaced,
}

type MatchError = (Node, String);

fn strings(node: &Node, what: &str) -> Result<Vec<String>, MatchError> {
    if node.is_null() {
        return Ok(Vec::new());
    }
    if !matches!(node.value, palisade_yaml::Value::Seq(_)) {
        return Err((node.clone(), format!("spec.match.{what} must be a list")));
    }
    node.items()
        .iter()
        .map(|i| {
            i.scalar_text()
                .map(|t| t.into_owned())
                .ok_or_else(|| (i.clone(), format!("spec.match.{what}: expected a string")))
        })
        .collect()
}

impl Match {
    pub fn parse(node: &Node) -> Result<Match, MatchError> {
        let mut m = Match::default();
        for (k, v) in node.entries() {
            match k.as_str().unwrap_or("") {
                "kinds" => {
                    for item in v.items() {
                        let groups = item
                            .get("apiGroups")
                            .map(|g| strings(g, "kinds[].apiGroups"))
                            .transpose()?
                            .unwrap_or_default();
                        let kinds = item
                            .get("kinds")
                            .map(|g| strings(g, "kinds[].kinds"))
                            .transpose()?
                            .unwrap_or_default();
                        m.kinds.push((groups, kinds));
                    }
                }
                "namespaces" => m.namespaces = strings(v, "namespaces")?,
                "excludedNamespaces" => m.excluded_namespaces = strings(v, "excludedNamespaces")?,
                "labelSelector" => m.label_selector = Some(v.clone()),
                "namespaceSelector" => m.namespace_selector = Some(v.clone()),
                "name" => m.name = v.scalar_text().map(|t| t.into_owned()),
                "scope" => {
                    m.scope = match v.as_str().unwrap_or("") {
                        "*" => Scope::All,
                        "Cluster" => Scope::Cluster,
                        "Namespaced" => Scope::Namespaced,
                        other => {
                            return Err((
                                v.clone(),
                                format!("spec.match.scope `{other}`: expected *, Cluster or Namespaced"),
                            ))
                        }
                    }
                }
                "source" => {}
                other => {
                    return Err((
                        k.clone(),
                        format!(
                            "unknown key `{other}` in spec.match, expected one of: kinds, namespaces, excludedNamespaces, labelSelector, namespaceSelector, scope, name, source"
                        ),
                    ))
                }
            }
        }
        Ok(m)
    }

    /// Whether the object under review (with `labels`) is selected.
    pub fn selects(&self, review: &Review, labels: &[(String, String)]) -> bool {
        let gvk = &review.kind;
        let kind_ok = self.kinds.is_empty()
            || self.kinds.iter().any(|(groups, kinds)| {
                (groups.is_empty() || groups.iter().any(|g| g == "*" || *g == gvk.group))
                    && (kinds.is_empty() || kinds.iter().any(|k| k == "*" || *k == gvk.kind))
            });
        if !kind_ok {
            return false;
        }
        let is_namespace = gvk.kind == "Namespace" && gvk.group.is_empty();
        // The namespace the criteria look at: a Namespace's own name, else the object's.
        let ns = if is_namespace {
            Some(review.name.as_str())
        } else {
            review.namespace.as_deref()
        };
        match self.scope {
            Scope::Cluster if review.namespace.is_some() => return false,
            Scope::Namespaced if review.namespace.is_none() => return false,
            _ => {}
        }
        // Cluster-scoped objects (other than Namespaces) are not subject to namespace
        // criteria, as in Gatekeeper.
        if let Some(ns) = ns {
            if !self.namespaces.is_empty() && !self.namespaces.iter().any(|p| glob(p, ns)) {
                return false;
            }
            if self.excluded_namespaces.iter().any(|p| glob(p, ns)) {
                return false;
            }
        }
        if let Some(sel) = &self.label_selector {
            if !palisade_k8s::selector::matches(sel, labels) {
                return false;
            }
        }
        if let Some(sel) = &self.namespace_selector {
            let ns_labels = if is_namespace {
                Some(labels)
            } else {
                review.namespace_labels.as_deref()
            };
            match ns_labels {
                Some(l) => {
                    if !palisade_k8s::selector::matches(sel, l) {
                        return false;
                    }
                }
                // Unknown namespace labels: only an empty selector is sure to select.
                None => {
                    if !sel.entries().is_empty() {
                        return false;
                    }
                }
            }
        }
        if let Some(name) = &self.name {
            if !glob(name, &review.name) {
                return false;
            }
        }
        true
    }
}

/// Gatekeeper's namespace globs: an exact name, `prefix*` or `*suffix`.
fn glob(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        true
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        value.starts_with(prefix)
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        value.ends_with(suffix)
    } else {
        pattern == value
    }
}
