use palisade_core::Severity;

use super::policy::{for_role, policy_rules};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Rules of Roles and ClusterRoles whose `verbs` contain `*`. High when the rule reaches
    /// a sensitive built-in API group (core, `apps`, `batch`, RBAC, admission, CRDs,
    /// certificates, authentication, `policy`, networking, storage), every group (`*`), or
    /// every non-resource URL; medium for other groups (custom resources, metrics APIs).
    /// Roles named `system:…` are reserved for Kubernetes components and add-ons, whose
    /// permissions are usually required by design: they are still checked, one severity
    /// level lower. Rules that list no resource and no URL grant nothing and are skipped;
    /// so are aggregated ClusterRoles' empty `rules` (the roles they aggregate are checked
    /// themselves).
    ///
    /// ## Why it matters
    /// `*` grants every verb that exists today and every verb added later, including the
    /// ones nobody meant to hand out: `delete` and `deletecollection`, `escalate` and
    /// `bind` on roles, `impersonate` on users, `create` on `pods/exec`. An attacker who
    /// steals the token of an account holding it can do far more than the workload ever
    /// needed (Account Manipulation: Additional Container Cluster Roles, MITRE ATT&CK
    /// T1098.006).
    ///
    /// ## How to fix
    /// List the verbs the workload uses (the API server audit log, or `kubectl auth
    /// can-i --list`, tells you which).
    /// ```yaml
    /// # before
    /// rules:
    ///   - apiGroups: [apps]
    ///     resources: [deployments]
    ///     verbs: ["*"]
    /// # after
    /// rules:
    ///   - apiGroups: [apps]
    ///     resources: [deployments]
    ///     verbs: [get, list, watch, patch]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.3 (Minimize wildcard use in Roles and ClusterRoles)
    /// - NSA/CISA Kubernetes Hardening Guide: "Authentication and authorization" (RBAC, least privilege)
    /// - MITRE ATT&CK for Containers: T1098.006 (Additional Container Cluster Roles)
    pub struct WildcardVerbs {
        id: "RBAC001",
        name: "rbac-wildcard-verbs",
        family: "rbac",
        severity: High,
        summary: "Role grants every verb (`*`)",
        remediation: "Replace `*` in verbs with the verbs the subject actually needs.",
        tags: ["CIS-5.1.3", "NSA-CISA:rbac", "MITRE:T1098.006"],
    }
}

impl Rule for WildcardVerbs {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        for rule in policy_rules(obj) {
            let Some((star, _)) = rule.verbs.iter().find(|(_, v)| *v == "*") else {
                continue;
            };
            if rule.resources.is_empty() && rule.urls.is_empty() {
                continue;
            }
            let severity = if rule.sensitive() {
                Severity::High
            } else {
                Severity::Medium
            };
            cx.report(
                star.mark,
                rule.field("verbs"),
                format!(
                    "{} `{}` grants every verb (`*`) on {}",
                    obj.kind,
                    obj.name,
                    rule.scope()
                ),
            )
            .key(rule.key())
            .severity(for_role(obj, severity))
            .emit();
        }
    }
}
