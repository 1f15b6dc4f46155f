use palisade_core::Severity;

use super::policy::{for_role, policy_rules, WRITE_VERBS};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Rules of Roles and ClusterRoles whose `resources` or `apiGroups` contain `*`:
    /// - `resources: ["*"]` with a state-changing verb (`create`, `update`, `patch`,
    ///   `delete`, `deletecollection`, `*`) on a sensitive built-in group or every group:
    ///   high;
    /// - other `resources: ["*"]` (read-only verbs, or only custom/metrics groups): medium;
    /// - `apiGroups: ["*"]` with named resources: low (the same resource name in every
    ///   group, including groups installed later).
    ///
    /// `*/<subresource>` is narrower and is not reported here (RBAC005 reports `*/exec` and
    /// `*/attach`). Roles named `system:…` are checked one severity level lower (see
    /// RBAC001). Rules without resources grant nothing through them and are skipped.
    ///
    /// ## Why it matters
    /// `resources: ["*"]` covers every resource and every subresource of the groups listed
    /// — Secrets, `pods/exec`, `serviceaccounts/token`, RBAC objects — and every resource
    /// a CRD adds later: read access becomes credential theft (Container API, MITRE ATT&CK
    /// T1552.007), write access becomes control of the cluster (T1098.006).
    /// `apiGroups: ["*"]` silently extends a rule to any group that later defines a
    /// resource with the same name.
    ///
    /// ## How to fix
    /// ```yaml
    /// # before
    /// rules:
    ///   - apiGroups: ["*"]
    ///     resources: ["*"]
    ///     verbs: [get, list, watch]
    /// # after
    /// rules:
    ///   - apiGroups: ["", apps]
    ///     resources: [pods, services, deployments]
    ///     verbs: [get, list, watch]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.3 (Minimize wildcard use in Roles and ClusterRoles)
    /// - NSA/CISA Kubernetes Hardening Guide: "Authentication and authorization"
    /// - MITRE ATT&CK for Containers: T1552.007 (Container API), T1098.006 (Additional Container Cluster Roles)
    pub struct WildcardResources {
        id: "RBAC002",
        name: "rbac-wildcard-resources",
        family: "rbac",
        severity: Medium,
        summary: "Role grants access to every resource or API group (`*`)",
        remediation: "List the API groups and resources the subject needs instead of `*`.",
        tags: ["CIS-5.1.3", "NSA-CISA:rbac", "MITRE:T1552.007", "MITRE:T1098.006"],
    }
}

impl Rule for WildcardResources {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        for rule in policy_rules(obj) {
            if rule.resources.is_empty() {
                continue;
            }
            let all_resources = rule.resources.iter().find(|(_, r)| *r == "*");
            let all_groups = rule.groups.iter().find(|(_, g)| *g == "*");
            let verbs = rule.verb_list();
            let (node, field, title, severity) = match (all_resources, all_groups) {
                (Some((n, _)), _) => {
                    let where_ = if all_groups.is_some() {
                        "in every API group".to_string()
                    } else {
                        format!("in {}", rule.group_list())
                    };
                    let severity = if rule.sensitive() && rule.grants_any(WRITE_VERBS) {
                        Severity::High
                    } else {
                        Severity::Medium
                    };
                    (
                        *n,
                        "resources",
                        format!(
                            "{} `{}` grants `{verbs}` on every resource (`*`) {where_}",
                            obj.kind, obj.name
                        ),
                        severity,
                    )
                }
                (None, Some((n, _))) => {
                    let resources: Vec<&str> = rule.resources.iter().map(|(_, r)| *r).collect();
                    (
                        *n,
                        "apiGroups",
                        format!(
                            "{} `{}` grants `{verbs}` on `{}` in every API group (`*`)",
                            obj.kind,
                            obj.name,
                            resources.join(", ")
                        ),
                        Severity::Low,
                    )
                }
                (None, None) => continue,
            };
            cx.report(node.mark, rule.field(field), title)
                .key(rule.key())
                .severity(for_role(obj, severity))
                .emit();
        }
    }
}
