use palisade_core::Severity;

use super::policy::{for_role, policy_rules, PolicyRule};
use crate::{Cx, Rule};

const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

declare_rule! {
    /// ## What it checks
    /// Rules of Roles and ClusterRoles that grant the privilege-escalation verbs:
    /// - `escalate` or `bind` on `roles` / `clusterroles` (API group
    ///   `rbac.authorization.k8s.io` or `*`);
    /// - `impersonate` on `users`, `groups`, `serviceaccounts` (core group), `uids` or
    ///   `userextras/…` (`authentication.k8s.io`).
    ///
    /// A `*` verb on those resources (or on `resources: ["*"]`) grants these verbs too and
    /// is reported once per rule (for `escalate`+`bind`, and for `impersonate`). Verbs
    /// granted on other resources, where they mean nothing, are ignored. One finding per
    /// listed verb and rule; high, medium when
    /// `resourceNames` limits the rule to named roles or identities. Roles named
    /// `system:…` are checked one severity level lower (see RBAC001).
    ///
    /// ## Why it matters
    /// These verbs switch off RBAC's own escalation check. `escalate` lets a subject write
    /// a role with permissions it does not hold; `bind` lets it bind any role, including
    /// `cluster-admin`, to itself; `impersonate` lets it send requests as any user or
    /// group — `system:masters` included. Each is one API call away from cluster-admin
    /// (Account Manipulation: Additional Container Cluster Roles, MITRE ATT&CK T1098.006).
    ///
    /// ## How to fix
    /// Remove the verbs; where a controller really needs `bind`, limit it with
    /// `resourceNames` to the roles it hands out.
    /// ```yaml
    /// # before
    /// rules:
    ///   - apiGroups: [rbac.authorization.k8s.io]
    ///     resources: [clusterroles]
    ///     verbs: [bind, escalate]
    /// # after
    /// rules:
    ///   - apiGroups: [rbac.authorization.k8s.io]
    ///     resources: [clusterroles]
    ///     resourceNames: [shop-viewer]
    ///     verbs: [bind]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.8 (Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster)
    /// - NSA/CISA Kubernetes Hardening Guide: "Authentication and authorization"
    /// - Kubernetes documentation: "Using RBAC Authorization" (privilege escalation prevention and bootstrapping)
    /// - MITRE ATT&CK for Containers: T1098.006 (Additional Container Cluster Roles)
    pub struct EscalationVerbs {
        id: "RBAC006",
        name: "rbac-escalate-bind-impersonate",
        family: "rbac",
        severity: High,
        summary: "Role grants escalate, bind or impersonate",
        remediation: "Remove escalate, bind and impersonate (and `*` verbs) on roles and identities, or limit them with resourceNames.",
        tags: ["CIS-5.1.8", "NSA-CISA:rbac", "MITRE:T1098.006"],
    }
}

impl Rule for EscalationVerbs {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        for rule in policy_rules(obj) {
            for family in [&["escalate", "bind"][..], &["impersonate"][..]] {
                let targets = targets(&rule, family[0]);
                if targets.is_empty() {
                    continue;
                }
                let explicit: Vec<_> = rule
                    .verbs
                    .iter()
                    .filter(|(_, v)| family.contains(v))
                    .map(|(n, v)| (*n, format!("`{v}`"), v.to_string()))
                    .collect();
                let grants = if explicit.is_empty() {
                    // `*` grants the whole family at once: one finding, not one per verb.
                    let Some((star, _)) = rule.verbs.iter().find(|(_, v)| *v == "*") else {
                        continue;
                    };
                    let verbs = family
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(" and ");
                    vec![(
                        *star,
                        format!("every verb (`*`, which includes {verbs})"),
                        "*".to_string(),
                    )]
                } else {
                    explicit
                };
                let (severity, limited) = if rule.names.is_empty() {
                    (Severity::High, String::new())
                } else {
                    (
                        Severity::Medium,
                        format!(" limited to {}", rule.names.join(", ")),
                    )
                };
                for (node, how, key) in grants {
                    cx.report(
                        node.mark,
                        rule.field("verbs"),
                        format!(
                            "{} `{}` grants {how} on {}{limited}",
                            obj.kind,
                            obj.name,
                            targets
                                .iter()
                                .map(|t| format!("`{t}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .key(format!("{}#{}#{key}", rule.key(), family[0]))
                    .severity(for_role(obj, severity))
                    .emit();
                }
            }
        }
    }
}

/// The resources of `rule` on which `verb` has its escalating meaning.
fn targets<'a>(rule: &PolicyRule<'a>, verb: &str) -> Vec<&'a str> {
    let wanted: &[(&str, &str)] = match verb {
        "impersonate" => &[
            ("", "users"),
            ("", "groups"),
            ("", "serviceaccounts"),
            ("authentication.k8s.io", "uids"),
            ("authentication.k8s.io", "userextras"),
        ],
        _ => &[(RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")],
    };
    let mut out = Vec::new();
    for (_, r) in &rule.resources {
        let hit = wanted.iter().any(|(group, resource)| {
            rule.in_group(group)
                && (*r == "*"
                    || *r == *resource
                    || (*resource == "userextras" && r.starts_with("userextras/")))
        });
        if hit && !out.contains(r) {
            out.push(*r);
        }
    }
    out
}
