use palisade_yaml::Node;

use crate::pss::util::host_users_false;
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `runAsUser`).
pub(super) const SINCE: u32 = 23;

/// From this version user-namespace pods (`hostUsers: false`) pass.
const HOST_USERS_RELAXATION: u32 = 35;

declare_rule! {
    /// ## What it checks
    /// An explicit root user: `runAsUser: 0` in `spec.securityContext` or in the
    /// `securityContext` of an init, app or ephemeral container (upstream check
    /// `runAsUser`, restricted, **v1.23+**: not run at older policy versions). Unset and
    /// non-zero values pass; a container's non-zero value does not excuse a pod-level `0`.
    /// From **v1.35**, pods with `spec.hostUsers: false` pass. Severity: medium.
    ///
    /// ## Why it matters
    /// UID 0 in a container without a user namespace is UID 0 on the node: any writable
    /// host path, leaked file descriptor or runtime bug is exploited with full root
    /// rights (MITRE ATT&CK T1611, Escape to Host). Setting it explicitly also defeats
    /// `runAsNonRoot` checks that trust the image's user.
    ///
    /// ## How to fix
    /// Use a dedicated non-zero UID.
    /// ```yaml
    /// # before
    /// securityContext: {runAsUser: 0}
    /// # after
    /// securityContext: {runAsUser: 10001, runAsNonRoot: true}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Running as Non-root user" (check `runAsUser`, v1.23+, `hostUsers: false` relaxation from v1.35)
    /// - CIS Kubernetes Benchmark 5.2.7
    /// - NSA/CISA Kubernetes Hardening Guide: "Use containers built to run applications as non-root users"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct RunAsUser {
        id: "K8S023",
        name: "run-as-root-user",
        family: "pod-security",
        severity: Medium,
        summary: "Pod or container runs as UID 0 (runAsUser: 0)",
        remediation: "Set runAsUser to a non-zero UID (or remove it and use runAsNonRoot: true with a non-root image).",
        tags: ["pss:restricted", "CIS-5.2.7", "NSA-CISA:non-root", "MITRE:T1611"],
    }
}

impl Rule for RunAsUser {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if cx.pss_version.at_least(HOST_USERS_RELAXATION) && host_users_false(&pod) {
            return;
        }
        if let Some(node) = root(pod.security("runAsUser")) {
            cx.report(
                node.mark,
                pod.field("securityContext.runAsUser"),
                "pod runs as root (runAsUser: 0)",
            )
            .emit();
        }
        for c in pod.containers() {
            if let Some(node) = root(c.security("runAsUser")) {
                cx.report_container(
                    &c,
                    Some(node),
                    "securityContext.runAsUser",
                    format!("container `{}` runs as root (runAsUser: 0)", c.name),
                )
                .emit();
            }
        }
    }
}

fn root(node: Option<&Node>) -> Option<&Node> {
    node.filter(|n| n.as_i64() == Some(0))
}
