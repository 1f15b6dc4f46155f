use palisade_yaml::Node;

use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `windowsHostProcess`).
pub(super) const SINCE: u32 = 0;

declare_rule! {
    /// ## What it checks
    /// Windows HostProcess containers: `windowsOptions.hostProcess: true` in
    /// `spec.securityContext` or in the `securityContext` of init, app or ephemeral
    /// containers (upstream check `windowsHostProcess`, baseline, v1.0+). Applies to every
    /// pod, whatever its `spec.os`. Severity: critical.
    ///
    /// ## Why it matters
    /// A HostProcess container is a process on the Windows node, not in a container: it
    /// shares the node's network, file system and processes and can run as `SYSTEM`. It is
    /// the Windows equivalent of a privileged container with host namespaces, and owning it
    /// means owning the node (MITRE ATT&CK T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Remove `hostProcess` (or set it to `false`); run node administration tools in a
    /// namespace with a privileged policy.
    /// ```yaml
    /// # before
    /// securityContext: {windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\SYSTEM"}}
    /// # after
    /// securityContext: {windowsOptions: {runAsUserName: ContainerUser}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostProcess" (check `windowsHostProcess`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.11
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct WindowsHostProcess {
        id: "K8S012",
        name: "windows-host-process",
        family: "pod-security",
        severity: Critical,
        summary: "Windows HostProcess container (runs directly on the node)",
        remediation: "Remove windowsOptions.hostProcess or set it to false.",
        tags: ["pss:baseline", "CIS-5.2.11", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for WindowsHostProcess {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if let Some(node) = host_process(pod.security("windowsOptions")) {
            cx.report(
                node.mark,
                pod.field("securityContext.windowsOptions.hostProcess"),
                "pod runs as Windows HostProcess containers",
            )
            .emit();
        }
        for c in pod.containers() {
            if let Some(node) = host_process(c.security("windowsOptions")) {
                cx.report_container(
                    &c,
                    Some(node),
                    "securityContext.windowsOptions.hostProcess",
                    format!(
                        "container `{}` runs as a Windows HostProcess container",
                        c.name
                    ),
                )
                .emit();
            }
        }
    }
}

fn host_process(options: Option<&Node>) -> Option<&Node> {
    options?
        .get("hostProcess")
        .filter(|n| n.as_bool() == Some(true))
}
