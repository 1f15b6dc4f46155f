//! The `rules[]` of Roles and ClusterRoles, read the way the RBAC authorizer matches them
//! (`k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go`): verbs, API groups and
//! resource names match exactly or through `*`; a resource matches exactly, through `*`
//! (every resource and subresource), or through `*/<sub>` (that subresource of every
//! resource). Nothing else is a pattern: `pods/*` matches only a subresource literally
//! named `*`.

use palisade_core::Severity;
use palisade_k8s::Object;
use palisade_yaml::Node;

/// One entry of `rules[]`, with the position of each listed value.
pub(crate) struct PolicyRule<'a> {
    /// Index in `rules`.
    pub index: usize,
    /// `apiGroups` strings.
    pub groups: Vec<(&'a Node, &'a str)>,
    /// `resources` strings.
    pub resources: Vec<(&'a Node, &'a str)>,
    /// `verbs` strings.
    pub verbs: Vec<(&'a Node, &'a str)>,
    /// `resourceNames` strings.
    pub names: Vec<&'a str>,
    /// `nonResourceURLs` strings.
    pub urls: Vec<&'a str>,
}

/// The policy rules of a Role or ClusterRole; nothing for other kinds. An aggregated
/// ClusterRole (`aggregationRule`) usually has no `rules` in its manifest: the controller
/// fills them in from the roles it selects, which are checked on their own.
pub(crate) fn policy_rules(obj: &Object) -> Vec<PolicyRule<'_>> {
    if !matches!(obj.kind.as_str(), "Role" | "ClusterRole") {
        return Vec::new();
    }
    obj.node
        .get("rules")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_map())
        .map(|(index, rule)| PolicyRule {
            index,
            groups: list(rule, "apiGroups"),
            resources: list(rule, "resources"),
            verbs: list(rule, "verbs"),
            names: list(rule, "resourceNames")
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
            urls: list(rule, "nonResourceURLs")
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
        })
        .collect()
}

fn list<'a>(rule: &'a Node, key: &str) -> Vec<(&'a Node, &'a str)> {
    rule.get(key)
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.as_str().map(|s| (n, s.trim())))
        .collect()
}

/// API groups whose resources lead to workloads, credentials or cluster control (the core
/// group, workload controllers, RBAC, admission, CRDs, certificates, authentication).
/// Wildcards over other groups (custom resources, metrics APIs) are reported at a lower
/// severity.
const SENSITIVE_GROUPS: &[&str] = &[
    "",
    "apps",
    "batch",
    "rbac.authorization.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "certificates.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "policy",
    "networking.k8s.io",
    "storage.k8s.io",
];

/// Verbs that change state.
pub(crate) const WRITE_VERBS: &[&str] = &[
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "*",
];

impl<'a> PolicyRule<'a> {
    /// Field path of `rest` in this rule, e.g. `rules[2].verbs`.
    pub fn field(&self, rest: &str) -> String {
        format!("rules[{}].{rest}", self.index)
    }

    /// The first listed verb that grants `verb` (itself or `*`).
    pub fn verb(&self, verb: &str) -> Option<&'a Node> {
        self.verbs
            .iter()
            .find(|(_, v)| *v == verb)
            .or_else(|| self.verbs.iter().find(|(_, v)| *v == "*"))
            .map(|(n, _)| *n)
    }

    /// True when any of `verbs` is granted.
    pub fn grants_any(&self, verbs: &[&str]) -> bool {
        verbs.iter().any(|v| self.verb(v).is_some())
    }

    /// True when the rule applies to API group `group` (itself or `*`).
    pub fn in_group(&self, group: &str) -> bool {
        self.groups.iter().any(|(_, g)| *g == group || *g == "*")
    }

    /// The first listed resource that matches `resource` (with optional `subresource`) the
    /// way the authorizer does.
    pub fn resource(&self, resource: &str, subresource: Option<&str>) -> Option<&'a Node> {
        let combined = match subresource {
            Some(s) => format!("{resource}/{s}"),
            None => resource.to_string(),
        };
        self.resources
            .iter()
            .find(|(_, r)| {
                *r == "*"
                    || *r == combined
                    || subresource.is_some_and(|s| r.strip_prefix("*/") == Some(s))
            })
            .map(|(n, _)| *n)
    }

    /// True when the rule reaches a sensitive built-in API group (or every group), or every
    /// non-resource URL.
    pub fn sensitive(&self) -> bool {
        SENSITIVE_GROUPS.iter().any(|g| self.in_group(g)) || self.urls.contains(&"*")
    }

    /// A stable description used in fingerprints: groups, resources and URLs, sorted.
    pub fn key(&self) -> String {
        let sorted = |v: Vec<&str>| {
            let mut v = v;
            v.sort_unstable();
            v.dedup();
            v.join(",")
        };
        format!(
            "{}|{}|{}|{}",
            sorted(self.groups.iter().map(|(_, g)| *g).collect()),
            sorted(self.resources.iter().map(|(_, r)| *r).collect()),
            sorted(self.urls.clone()),
            sorted(self.names.clone()),
        )
    }

    /// What the rule applies to, for titles: `` `pods`, `deployments.apps` ``, `` `*.*` ``,
    /// `` non-resource URLs `/metrics` ``.
    pub fn scope(&self) -> String {
        let mut items: Vec<String> = Vec::new();
        for (_, r) in &self.resources {
            for (_, g) in &self.groups {
                items.push(if g.is_empty() {
                    format!("`{r}`")
                } else {
                    format!("`{r}.{g}`")
                });
            }
        }
        if !self.urls.is_empty() {
            items.push(format!("non-resource URLs `{}`", self.urls.join("`, `")));
        }
        const SHOWN: usize = 4;
        let more = items.len().saturating_sub(SHOWN);
        items.truncate(SHOWN);
        let mut text = items.join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        if text.is_empty() {
            "nothing".to_string()
        } else {
            text
        }
    }

    /// The listed API groups, for titles: `the core group`, `` `apps` ``.
    pub fn group_list(&self) -> String {
        self.groups
            .iter()
            .map(|(_, g)| {
                if g.is_empty() {
                    "the core group".to_string()
                } else {
                    format!("`{g}`")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The listed verbs, for titles.
    pub fn verb_list(&self) -> String {
        self.verbs
            .iter()
            .map(|(_, v)| *v)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Roles named `system:…` are reserved for Kubernetes components and add-ons, whose
/// permissions are usually required by design: findings on them are kept (a manifest can
/// still redefine one, and add-ons use the prefix too) but lowered one level.
pub(crate) fn for_role(obj: &Object, severity: Severity) -> Severity {
    if obj.name.starts_with("system:") {
        lower(severity)
    } else {
        severity
    }
}

/// One severity level lower (info stays info).
pub(crate) fn lower(severity: Severity) -> Severity {
    match severity {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        Severity::Low | Severity::Info => Severity::Info,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(rules: &str) -> Object {
        let text = format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: r}}\nrules: {rules}\n");
        palisade_k8s::load_str("r.yaml", &text).objects.remove(0)
    }

    #[test]
    fn resources_match_like_the_authorizer() {
        let obj =
            role("[{apiGroups: [''], resources: ['*/exec', 'pods/*', secrets], verbs: [get]}]");
        let rules = policy_rules(&obj);
        let r = &rules[0];
        assert!(r.resource("pods", Some("exec")).is_some());
        assert!(r.resource("pods", Some("attach")).is_none());
        assert!(r.resource("secrets", None).is_some());
        assert!(r.resource("pods", None).is_none());
        assert!(r.in_group(""));
        assert!(!r.in_group("apps"));
        assert!(r.verb("get").is_some());
        assert!(r.verb("list").is_none());
    }

    #[test]
    fn wrong_types_are_not_matched() {
        let obj = role("[{apiGroups: '*', resources: {a: b}, verbs: [1, true, null]}, 'x', null]");
        let rules = policy_rules(&obj);
        assert_eq!(rules.len(), 1);
        assert!(rules[0].groups.is_empty() && rules[0].resources.is_empty());
        assert!(rules[0].verbs.is_empty());
        assert_eq!(policy_rules(&role("'nope'")).len(), 0);
    }
}
