use palisade_core::Severity;
use palisade_yaml::Node;

use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// ClusterRoleBindings and RoleBindings whose `roleRef` is the ClusterRole
    /// `cluster-admin`, one finding per subject (User, Group or ServiceAccount):
    /// - through a ClusterRoleBinding: critical (every permission, in every namespace);
    /// - through a RoleBinding: high (every permission in that namespace, including its
    ///   Secrets and its RBAC).
    ///
    /// The built-in binding of the group `system:masters` is lowered one level: members of
    /// that group bypass RBAC anyway, so the binding grants them nothing new. Bindings
    /// with no subjects grant nothing and are not reported. Anonymous and
    /// `system:authenticated`/`system:unauthenticated` subjects keep the full severity: they
    /// hand cluster-admin to everyone who can reach the API server.
    ///
    /// ## Why it matters
    /// `cluster-admin` is `*` on everything: whoever holds it reads every Secret, runs any
    /// pod on any node (privileged, host-mounted), and grants themselves anything else.
    /// A ServiceAccount bound to it turns any code execution in its pods into control of
    /// the whole cluster — the classic Tiller, dashboard and CI-runner compromise (Account
    /// Manipulation: Additional Container Cluster Roles, MITRE ATT&CK T1098.006; Valid
    /// Accounts, T1078).
    ///
    /// ## How to fix
    /// Bind a role with only the permissions needed, in the namespaces where they are
    /// needed; keep `cluster-admin` for break-glass human access.
    /// ```yaml
    /// # before
    /// kind: ClusterRoleBinding
    /// roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
    /// subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
    /// # after
    /// kind: RoleBinding
    /// metadata: {namespace: shop}
    /// roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: shop-deployer}
    /// subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.1 (Ensure that the cluster-admin role is only used where required)
    /// - NSA/CISA Kubernetes Hardening Guide: "Authentication and authorization"
    /// - MITRE ATT&CK for Containers: T1098.006 (Additional Container Cluster Roles), T1078 (Valid Accounts)
    pub struct ClusterAdminBinding {
        id: "RBAC003",
        name: "rbac-cluster-admin-binding",
        family: "rbac",
        severity: Critical,
        summary: "Subject bound to the cluster-admin ClusterRole",
        remediation: "Bind a least-privilege Role instead of cluster-admin, scoped to the namespaces that need it.",
        tags: ["CIS-5.1.1", "NSA-CISA:rbac", "MITRE:T1098.006", "MITRE:T1078"],
    }
}

impl Rule for ClusterAdminBinding {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        let cluster_wide = match obj.kind.as_str() {
            "ClusterRoleBinding" => true,
            "RoleBinding" => false,
            _ => return,
        };
        let role_ref = obj.node.get("roleRef");
        let text = |k: &str| role_ref.and_then(|r| r.get(k)).and_then(Node::as_str);
        if text("kind") != Some("ClusterRole") || text("name") != Some("cluster-admin") {
            return;
        }
        let subjects = obj.node.get("subjects").map(Node::items).unwrap_or(&[]);
        for (i, subject) in subjects.iter().enumerate() {
            let kind = subject.get("kind").and_then(Node::as_str).unwrap_or("");
            let Some(name) = subject.get("name").and_then(Node::as_str) else {
                continue;
            };
            let who = match subject.get("namespace").and_then(Node::as_str) {
                Some(ns) if kind == "ServiceAccount" => format!("{kind} `{ns}/{name}`"),
                None if kind == "ServiceAccount" => {
                    format!("{kind} `{}/{name}`", obj.namespace_or_default())
                }
                _ => format!("{kind} `{name}`"),
            };
            let mut severity = if cluster_wide {
                Severity::Critical
            } else {
                Severity::High
            };
            if kind == "Group" && name == "system:masters" {
                severity = super::policy::lower(severity);
            }
            let title = if cluster_wide {
                format!(
                    "ClusterRoleBinding `{}` grants cluster-admin to {who}",
                    obj.name
                )
            } else {
                format!(
                    "RoleBinding `{}` grants cluster-admin in namespace `{}` to {who}",
                    obj.name,
                    obj.namespace_or_default()
                )
            };
            cx.report(subject.mark, format!("subjects[{i}]"), title)
                .key(format!(
                    "{kind}/{}/{name}",
                    subject
                        .get("namespace")
                        .and_then(Node::as_str)
                        .unwrap_or("")
                ))
                .severity(severity)
                .emit();
        }
    }
}
