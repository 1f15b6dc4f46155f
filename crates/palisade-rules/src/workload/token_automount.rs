use palisade_core::Severity;

use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Pods and pod templates of every workload kind whose pod-level
    /// `automountServiceAccountToken` is not `false`:
    /// - set to `true` explicitly: medium;
    /// - not set: low. The pod's ServiceAccount may turn automounting off
    ///   (`automountServiceAccountToken: false` on the ServiceAccount object), and this rule
    ///   looks at one object at a time, so it cannot see that. The pod-level field overrides
    ///   the ServiceAccount's in both directions, so setting it on the pod is the setting
    ///   that is certain. If your ServiceAccounts disable automounting, suppress this rule
    ///   for those workloads or set the field on the pods too.
    ///
    /// ## Why it matters
    /// An automounted token is a bearer credential for the Kubernetes API, readable by any
    /// process in any container of the pod at
    /// `/var/run/secrets/kubernetes.io/serviceaccount/token`. Most applications never call
    /// the API, but an attacker with code execution in the pod (an RCE, a malicious
    /// dependency) reads the token and acts as the ServiceAccount from inside or outside
    /// the cluster: discover the cluster, read Secrets, create pods, depending on the
    /// account's roles (Steal Application Access Token, MITRE ATT&CK T1528; Container API
    /// credentials, T1552.007).
    ///
    /// ## How to fix
    /// Turn automounting off for pods that do not talk to the API; for those that do, mount
    /// a short-lived, audience-bound token with a projected volume instead.
    /// ```yaml
    /// # before
    /// spec:
    ///   containers: [...]
    /// # after
    /// spec:
    ///   automountServiceAccountToken: false
    ///   containers: [...]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.6 (Ensure that Service Account Tokens are only mounted where necessary)
    /// - NSA/CISA Kubernetes Hardening Guide: "Protecting Pod service account tokens"
    /// - MITRE ATT&CK for Containers: T1528 (Steal Application Access Token), T1552.007 (Container API)
    pub struct TokenAutomount {
        id: "K8S037",
        name: "service-account-token-automounted",
        family: "workload",
        severity: Low,
        summary: "Pod automounts its service account token",
        remediation: "Set automountServiceAccountToken: false in the pod spec unless the pod calls the Kubernetes API.",
        tags: ["CIS-5.1.6", "NSA-CISA:service-account-tokens", "MITRE:T1528", "MITRE:T1552.007"],
    }
}

impl Rule for TokenAutomount {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        let Some(pod) = cx.pod() else { return };
        let field = pod.field("automountServiceAccountToken");
        match pod.spec.get("automountServiceAccountToken") {
            Some(n) if n.as_bool() == Some(false) => {}
            Some(n) if n.as_bool() == Some(true) => {
                cx.report(
                    n.mark,
                    field,
                    format!(
                        "{} `{}` explicitly automounts its service account token",
                        obj.kind, obj.name
                    ),
                )
                .severity(Severity::Medium)
                .emit();
            }
            Some(n) if !n.is_null() => {
                cx.report(
                    n.mark,
                    field,
                    format!(
                        "{} `{}` sets automountServiceAccountToken to a non-boolean, so it is not `false`",
                        obj.kind, obj.name
                    ),
                )
                .emit();
            }
            _ => {
                cx.report(
                    pod.spec.mark,
                    field,
                    format!(
                        "{} `{}` automounts its service account token (automountServiceAccountToken is not false)",
                        obj.kind, obj.name
                    ),
                )
                .emit();
            }
        }
    }
}
