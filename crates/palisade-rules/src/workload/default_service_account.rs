use palisade_core::Severity;
use palisade_yaml::Node;

use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Pods and pod templates of every workload kind that run as the namespace's `default`
    /// ServiceAccount: `serviceAccountName` unset, empty or `default`. When
    /// `serviceAccountName` is unset the API server falls back to the deprecated
    /// `serviceAccount` field, so that field is read too (`serviceAccount: default` is
    /// reported; `serviceAccount: api` is fine). When the pod sets
    /// `automountServiceAccountToken: false` the identity is not usable from inside the pod
    /// and the finding is lowered to info.
    ///
    /// ## Why it matters
    /// Every pod of the namespace that names no account shares `default`. Any permission
    /// granted to it — for one workload's convenience, or by a Helm chart that binds
    /// `default` — is silently granted to all of them, and an attacker who compromises the
    /// least important pod of the namespace inherits it (Valid Accounts: Default Accounts,
    /// MITRE ATT&CK T1078.001). Separate accounts also make audit logs say which workload
    /// made a call.
    ///
    /// ## How to fix
    /// Create one ServiceAccount per workload, grant it only what the workload needs, and
    /// leave `default` with no bindings and `automountServiceAccountToken: false`.
    /// ```yaml
    /// # before
    /// spec:
    ///   containers: [...]
    /// # after
    /// spec:
    ///   serviceAccountName: checkout
    ///   containers: [...]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.5 (Ensure that default service accounts are not actively used)
    /// - NSA/CISA Kubernetes Hardening Guide: "Protecting Pod service account tokens"
    /// - MITRE ATT&CK for Containers: T1078.001 (Valid Accounts: Default Accounts)
    pub struct DefaultServiceAccount {
        id: "K8S038",
        name: "default-service-account",
        family: "workload",
        severity: Low,
        summary: "Pod runs as the namespace's default service account",
        remediation: "Create a dedicated ServiceAccount for the workload and set serviceAccountName to it.",
        tags: ["CIS-5.1.5", "NSA-CISA:service-account-tokens", "MITRE:T1078.001"],
    }
}

impl Rule for DefaultServiceAccount {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        let Some(pod) = cx.pod() else { return };
        let named = |key: &str| {
            pod.spec.get(key).and_then(|n| {
                n.scalar_text()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .map(|t| (n, t))
            })
        };
        // serviceAccountName wins; the deprecated serviceAccount counts only when it is unset.
        let (node, field): (Option<&Node>, &str) = match named("serviceAccountName")
            .map(|n| (n, "serviceAccountName"))
            .or_else(|| named("serviceAccount").map(|n| (n, "serviceAccount")))
        {
            Some(((_, name), _)) if name != "default" => return,
            Some(((n, _), field)) => (Some(n), field),
            None => (None, "serviceAccountName"),
        };
        let explicit = node.is_some();
        let token_off = pod
            .spec
            .get("automountServiceAccountToken")
            .and_then(Node::as_bool)
            == Some(false);
        let how = if explicit {
            "names the `default` service account"
        } else {
            "sets no serviceAccountName, so it runs as `default`"
        };
        // An empty serviceAccountName is pointed at; a missing one at the pod spec.
        let mark = node
            .or_else(|| pod.spec.get("serviceAccountName").filter(|n| !n.is_null()))
            .map_or(pod.spec.mark, |n| n.mark);
        let mut f = cx.report(
            mark,
            pod.field(field),
            format!("{} `{}` {how}", obj.kind, obj.name),
        );
        if token_off {
            f = f.severity(Severity::Info);
        }
        f.emit();
    }
}
