use palisade_yaml::Node;

use crate::pss::util::{host_users_false, present};
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `runAsNonRoot`).
pub(super) const SINCE: u32 = 0;

/// From this version user-namespace pods (`hostUsers: false`) pass.
const HOST_USERS_RELAXATION: u32 = 35;

declare_rule! {
    /// ## What it checks
    /// That the pod may only run non-root processes (upstream check `runAsNonRoot`,
    /// restricted, v1.0+), from `spec.securityContext.runAsNonRoot` and
    /// `securityContext.runAsNonRoot` of init, app and ephemeral containers:
    /// - a pod-level `false` fails, even when every container sets `true`;
    /// - a container-level `false` fails, even when the pod level is `true`;
    /// - a container that does not set it passes only when the pod level is `true`.
    ///
    /// From **v1.35**, pods with `spec.hostUsers: false` (their own user namespace) pass.
    /// Windows pods are not exempt. Severity: medium.
    ///
    /// ## Why it matters
    /// With `runAsNonRoot: true` the kubelet refuses to start a container whose user is
    /// root, whatever the image says. Root in a container is root on the node for every
    /// kernel or runtime bug, every writable host mount and every capability left in the
    /// bounding set; most container escapes need it (MITRE ATT&CK T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Set it once at pod level (and run the image as a numeric non-root user).
    /// ```yaml
    /// # before
    /// spec: {containers: [{name: app, image: app:1.0}]}
    /// # after
    /// spec: {securityContext: {runAsNonRoot: true, runAsUser: 10001}, containers: [{name: app, image: app:1.0}]}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Running as Non-root" (check `runAsNonRoot`, v1.0+, `hostUsers: false` relaxation from v1.35)
    /// - CIS Kubernetes Benchmark 5.2.7
    /// - NSA/CISA Kubernetes Hardening Guide: "Use containers built to run applications as non-root users"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct RunAsNonRoot {
        id: "K8S022",
        name: "run-as-non-root",
        family: "pod-security",
        severity: Medium,
        summary: "Pod or container may run as root (runAsNonRoot is not true)",
        remediation: "Set securityContext.runAsNonRoot: true at pod level (and never false on a container).",
        tags: ["pss:restricted", "CIS-5.2.7", "NSA-CISA:non-root", "MITRE:T1611"],
    }
}

impl Rule for RunAsNonRoot {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if cx.pss_version.at_least(HOST_USERS_RELAXATION) && host_users_false(&pod) {
            return;
        }
        let pod_node = pod.security("runAsNonRoot");
        let pod_value = pod_node.and_then(Node::as_bool);
        if let (Some(false), Some(node)) = (pod_value, pod_node) {
            cx.report(
                node.mark,
                pod.field("securityContext.runAsNonRoot"),
                "pod sets runAsNonRoot: false",
            )
            .emit();
        }
        for c in pod.containers() {
            let node = c.security("runAsNonRoot");
            match node.and_then(Node::as_bool) {
                Some(true) => {}
                Some(false) => cx
                    .report_container(
                        &c,
                        node,
                        "securityContext.runAsNonRoot",
                        format!("container `{}` sets runAsNonRoot: false", c.name),
                    )
                    .emit(),
                None if pod_value == Some(true) => {}
                None => cx
                    .report_container(
                        &c,
                        present(node),
                        "securityContext.runAsNonRoot",
                        format!(
                            "container `{}` does not set runAsNonRoot: true, nor does the pod",
                            c.name
                        ),
                    )
                    .emit(),
            }
        }
    }
}
