use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `hostProbesAndHostLifecycle`).
pub(super) const SINCE: u32 = 34;

/// Probe and lifecycle handlers whose `host` is inspected, as paths under the container.
const HANDLERS: &[&[&str]] = &[
    &["livenessProbe"],
    &["readinessProbe"],
    &["startupProbe"],
    &["lifecycle", "postStart"],
    &["lifecycle", "preStop"],
];

declare_rule! {
    /// ## What it checks
    /// Probes and lifecycle hooks that send the kubelet to another host: a non-empty
    /// `host` in `httpGet` or `tcpSocket` of `livenessProbe`, `readinessProbe`,
    /// `startupProbe`, `lifecycle.postStart` or `lifecycle.preStop`, on init, app and
    /// ephemeral containers (upstream check `hostProbesAndHostLifecycle`, baseline,
    /// **v1.34+**: not run at older policy versions). Loopback is not exempt: `127.0.0.1`
    /// and `::1` fail too. `exec` and `grpc` handlers are not inspected. Severity: medium.
    ///
    /// ## Why it matters
    /// The kubelet runs probes and HTTP lifecycle hooks from the node, with the node's
    /// network position. A `host` pointing elsewhere turns the kubelet into a proxy for
    /// the pod's author: it can reach node-local services, the cloud metadata endpoint or
    /// other networks the pod itself is cut off from (server-side request forgery), and
    /// leak the answers through probe status and events.
    ///
    /// ## How to fix
    /// Leave `host` out: the kubelet then targets the pod's own IP.
    /// ```yaml
    /// # before
    /// readinessProbe: {httpGet: {host: 169.254.169.254, path: /, port: 80}}
    /// # after
    /// readinessProbe: {httpGet: {path: /healthz, port: 8080}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Probes / Lifecycle Hooks" (check `hostProbesAndHostLifecycle`, v1.34+)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    pub struct HostProbes {
        id: "K8S006",
        name: "host-probes-and-lifecycle",
        family: "pod-security",
        severity: Medium,
        summary: "Probe or lifecycle hook targets a host other than the pod",
        remediation: "Remove the host field from httpGet/tcpSocket probes and lifecycle hooks so they target the pod itself.",
        tags: ["pss:baseline", "NSA-CISA:pod-security"],
    }
}

impl Rule for HostProbes {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            for handler in HANDLERS {
                let Some(h) = c.node.path(handler) else {
                    continue;
                };
                for kind in ["httpGet", "tcpSocket"] {
                    let Some(host) = h.path(&[kind, "host"]) else {
                        continue;
                    };
                    let Some(value) = host.scalar_text().filter(|v| !v.is_empty()) else {
                        continue;
                    };
                    let rest = format!("{}.{kind}.host", handler.join("."));
                    cx.report_container(
                        &c,
                        Some(host),
                        &rest,
                        format!(
                            "container `{}` {} targets host `{value}`",
                            c.name,
                            handler.join(".")
                        ),
                    )
                    .key(rest.clone())
                    .emit();
                }
            }
        }
    }
}
