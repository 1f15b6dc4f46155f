use palisade_core::Severity;

use super::policy::{for_role, policy_rules};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Rules of Roles and ClusterRoles that allow running commands in, or attaching to,
    /// running containers: `create`, `get` or `*` on `pods/exec` or `pods/attach` in the
    /// core API group (`""` or `*`). The authorizer also grants these through
    /// `resources: ["*"]` and `["*/exec"]`/`["*/attach"]`, which are reported too.
    /// `create` is what kubectl's SPDY streams need, `get` what WebSocket clients need
    /// (and newer API servers check `create` for both), so either is enough. Severity is
    /// high, medium when `resourceNames` limits it to named pods.
    ///
    /// `pods/*` is **not** a wildcard in Kubernetes RBAC: the authorizer expands only `*`
    /// and `*/<subresource>`, so `pods/*` matches a subresource literally named `*` and
    /// grants no exec. A rule listing it is reported at info severity, since it shows an
    /// intent the role does not fulfil (and a later "fix" to `*/*` or `*` would grant
    /// far more).
    ///
    /// Roles named `system:…` are checked one severity level lower (see RBAC001).
    ///
    /// ## Why it matters
    /// Exec into a pod is a shell as the container's user, with its mounted Secrets, its
    /// ServiceAccount token and its network position; attach reaches the main process's
    /// stdin/stdout. Whoever holds it holds every credential of every pod in scope
    /// (Container Administration Command, MITRE ATT&CK T1609), and, with a privileged pod
    /// in scope, the node.
    ///
    /// ## How to fix
    /// Grant exec only to humans who need it, through a separate break-glass role bound
    /// for a limited time, and to named pods where possible.
    /// ```yaml
    /// # before
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [pods, pods/exec, pods/log]
    ///     verbs: [get, create]
    /// # after
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [pods, pods/log]
    ///     verbs: [get]
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide: "Authentication and authorization"
    /// - Kubernetes documentation: "RBAC Good Practices" (exec into pods)
    /// - MITRE ATT&CK for Containers: T1609 (Container Administration Command)
    pub struct PodExec {
        id: "RBAC005",
        name: "rbac-pod-exec-attach",
        family: "rbac",
        severity: High,
        summary: "Role can exec into or attach to pods",
        remediation: "Remove pods/exec and pods/attach from the role, or limit them to named pods in a break-glass role.",
        tags: ["NSA-CISA:rbac", "MITRE:T1609"],
    }
}

impl Rule for PodExec {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        for rule in policy_rules(obj) {
            if !rule.in_group("") {
                continue;
            }
            let verbs: Vec<&str> = ["create", "get"]
                .into_iter()
                .filter(|v| rule.verb(v).is_some())
                .collect();
            if verbs.is_empty() {
                continue;
            }
            let mut granted = false;
            for sub in ["exec", "attach"] {
                let Some(node) = rule.resource("pods", Some(sub)) else {
                    continue;
                };
                granted = true;
                let how = match node.as_str() {
                    Some(r) if r != format!("pods/{sub}") => format!(" (through `{r}`)"),
                    _ => String::new(),
                };
                let (scope, severity) = if rule.names.is_empty() {
                    ("pods".to_string(), Severity::High)
                } else {
                    (
                        format!("the pods named {}", rule.names.join(", ")),
                        Severity::Medium,
                    )
                };
                let action = if sub == "exec" {
                    "exec into"
                } else {
                    "attach to"
                };
                cx.report(
                    node.mark,
                    rule.field("resources"),
                    format!(
                        "{} `{}` can {action} {scope} (`{}` on `pods/{sub}`){how}",
                        obj.kind,
                        obj.name,
                        verbs.join("`, `")
                    ),
                )
                .key(format!("{}#{sub}", rule.key()))
                .severity(for_role(obj, severity))
                .emit();
            }
            if granted {
                continue;
            }
            if let Some((node, r)) = rule
                .resources
                .iter()
                .find(|(_, r)| *r == "pods/*" || *r == "*/*")
            {
                cx.report(
                    node.mark,
                    rule.field("resources"),
                    format!(
                        "{} `{}` lists `{r}`, which RBAC does not expand: it grants no pods/exec or pods/attach",
                        obj.kind, obj.name
                    ),
                )
                .key(format!("{}#{r}", rule.key()))
                .severity(Severity::Info)
                .emit();
            }
        }
    }
}
