use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `privileged`).
pub(super) const SINCE: u32 = 0;

declare_rule! {
    /// ## What it checks
    /// Containers (including init and ephemeral containers) with
    /// `securityContext.privileged: true`.
    ///
    /// ## Why it matters
    /// A privileged container has every capability, sees every host device and is not
    /// confined by seccomp or AppArmor: root in it is root on the node. Escaping to the host
    /// takes one `mount` of the node's disk (MITRE ATT&CK T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Remove the field or set it to `false`; grant the one capability the workload needs
    /// instead.
    /// ```yaml
    /// # before
    /// securityContext: {privileged: true}
    /// # after
    /// securityContext: {privileged: false, capabilities: {drop: [ALL]}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Privileged Containers" (check `privileged`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.2
    /// - NSA/CISA Kubernetes Hardening Guide: "Use containers built to run applications as non-root users"; "Pod security"
    pub struct Privileged {
        id: "K8S001",
        name: "privileged-container",
        family: "pod-security",
        severity: Critical,
        summary: "Container runs privileged",
        remediation: "Set securityContext.privileged to false (or remove it) and add only the capabilities the process needs.",
        tags: ["pss:baseline", "CIS-5.2.2", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for Privileged {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            if let Some(node) = c
                .security("privileged")
                .filter(|n| n.as_bool() == Some(true))
            {
                cx.report_container(
                    &c,
                    Some(node),
                    "securityContext.privileged",
                    format!("container `{}` runs privileged", c.name),
                )
                .emit();
            }
        }
    }
}
