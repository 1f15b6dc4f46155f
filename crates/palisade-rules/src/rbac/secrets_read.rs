use palisade_core::Severity;

use super::policy::{for_role, policy_rules};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Rules of Roles and ClusterRoles that allow reading Secrets: `get`, `list`, `watch`
    /// or `*` on `secrets` (or on every resource, `*`) in the core API group (`""` or
    /// `*`). Severity:
    /// - high: `list` or `watch` (or `*`) without `resourceNames` — every Secret in scope;
    /// - medium: `get` only, without `resourceNames` — any Secret whose name is known,
    ///   and names are easy to learn (they appear in pod specs);
    /// - low: narrowed by `resourceNames` to named Secrets (the authorizer then also limits
    ///   `list`/`watch` to those names).
    ///
    /// Roles named `system:…` are checked one severity level lower (see RBAC001). A
    /// ClusterRole grants this in every namespace when bound by a ClusterRoleBinding, in
    /// one namespace through a RoleBinding.
    ///
    /// ## Why it matters
    /// Secrets hold database passwords, API keys, TLS private keys and ServiceAccount
    /// tokens, including those of more privileged accounts: read access to them is
    /// usually a path to everything those credentials open, inside and outside the
    /// cluster (Unsecured Credentials: Container API, MITRE ATT&CK T1552.007). `list`
    /// returns the values, not just the names.
    ///
    /// ## How to fix
    /// Mount the Secrets the workload needs instead of reading them through the API; if it
    /// must read them, name them.
    /// ```yaml
    /// # before
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [secrets]
    ///     verbs: [get, list, watch]
    /// # after
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [secrets]
    ///     resourceNames: [shop-db]
    ///     verbs: [get]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.2 (Minimize access to secrets)
    /// - NSA/CISA Kubernetes Hardening Guide: "Authentication and authorization"; "Secrets"
    /// - MITRE ATT&CK for Containers: T1552.007 (Unsecured Credentials: Container API)
    pub struct SecretsRead {
        id: "RBAC004",
        name: "rbac-secrets-read",
        family: "rbac",
        severity: High,
        summary: "Role can read Secrets",
        remediation: "Remove get/list/watch on secrets, or narrow it with resourceNames to the Secrets the subject needs.",
        tags: ["CIS-5.1.2", "NSA-CISA:rbac", "MITRE:T1552.007"],
    }
}

impl Rule for SecretsRead {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        for rule in policy_rules(obj) {
            if !rule.in_group("") {
                continue;
            }
            let Some(node) = rule.resource("secrets", None) else {
                continue;
            };
            let verbs: Vec<&str> = ["get", "list", "watch"]
                .into_iter()
                .filter(|v| rule.verb(v).is_some())
                .collect();
            if verbs.is_empty() {
                continue;
            }
            let via = if node.as_str() == Some("*") {
                " (through `resources: [\"*\"]`)"
            } else {
                ""
            };
            let (which, severity) = if !rule.names.is_empty() {
                (
                    format!("the Secrets named {}", rule.names.join(", ")),
                    Severity::Low,
                )
            } else if verbs.contains(&"list") || verbs.contains(&"watch") {
                ("every Secret in scope".to_string(), Severity::High)
            } else {
                ("any Secret by name".to_string(), Severity::Medium)
            };
            cx.report(
                node.mark,
                rule.field("resources"),
                format!(
                    "{} `{}` can {} {which}{via}",
                    obj.kind,
                    obj.name,
                    verbs.join(", ")
                ),
            )
            .key(rule.key())
            .severity(for_role(obj, severity))
            .emit();
        }
    }
}
