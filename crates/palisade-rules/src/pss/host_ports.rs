use palisade_yaml::Node;

use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `hostPorts`).
pub(super) const SINCE: u32 = 0;

declare_rule! {
    /// ## What it checks
    /// Container ports with a non-zero `hostPort` (`ports[*].hostPort` on init, app and
    /// ephemeral containers; upstream check `hostPorts`, baseline, v1.0+). Unset and `0`
    /// pass; every other value fails, there are no allowed ranges. One finding per port.
    /// Severity: medium.
    ///
    /// ## Why it matters
    /// A host port opens the node's own address to the container, bypassing Services and
    /// most NetworkPolicy implementations. It exposes the workload on every network the node
    /// is on, ties the pod to nodes where the port is free, and lets a compromised pod
    /// impersonate a node service on that port.
    ///
    /// ## How to fix
    /// Remove `hostPort` and publish the port through a Service (NodePort or LoadBalancer
    /// when it must be reachable from outside).
    /// ```yaml
    /// # before
    /// ports: [{containerPort: 8080, hostPort: 8080}]
    /// # after
    /// ports: [{containerPort: 8080}]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Host Ports" (check `hostPorts`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.13
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"; "Network separation and hardening"
    pub struct HostPorts {
        id: "K8S005",
        name: "host-ports",
        family: "pod-security",
        severity: Medium,
        summary: "Container binds a port of the node (hostPort)",
        remediation: "Remove ports[].hostPort and expose the port through a Service.",
        tags: ["pss:baseline", "CIS-5.2.13", "NSA-CISA:pod-security", "NSA-CISA:network-separation"],
    }
}

impl Rule for HostPorts {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            let Some(ports) = c.node.get("ports") else {
                continue;
            };
            for (i, port) in ports.items().iter().enumerate() {
                let Some(host_port) = port.get("hostPort") else {
                    continue;
                };
                let Some(number) = host_port.as_i64().filter(|p| *p != 0) else {
                    continue;
                };
                let protocol = port.get("protocol").and_then(Node::as_str).unwrap_or("TCP");
                cx.report_container(
                    &c,
                    Some(host_port),
                    &format!("ports[{i}].hostPort"),
                    format!("container `{}` binds host port {number}", c.name),
                )
                .key(format!("{number}/{protocol}"))
                .emit();
            }
        }
    }
}
