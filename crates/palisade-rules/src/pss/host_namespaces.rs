use palisade_yaml::Node;

use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `hostNamespaces`).
pub(super) const SINCE: u32 = 0;

declare_rule! {
    /// ## What it checks
    /// Pods that share a namespace of the node: `spec.hostNetwork`, `spec.hostPID` or
    /// `spec.hostIPC` set to `true` (upstream check `hostNamespaces`, baseline, v1.0+).
    /// `false` and unset pass. One finding per offending field. Severity: high.
    ///
    /// ## Why it matters
    /// `hostNetwork` puts the pod on the node's network stack: it can bind any node port,
    /// sniff node traffic and reach services that listen on localhost only (the kubelet's
    /// read-only port, cloud metadata proxies). `hostPID` shows every process of the node;
    /// with a little privilege it can read their environment and memory or `nsenter` into
    /// them. `hostIPC` gives access to the node's shared memory. Each is a step towards
    /// escaping to the host (MITRE ATT&CK T1611).
    ///
    /// ## How to fix
    /// Remove the fields (or set them to `false`); expose network services through a
    /// Service instead of the node's network.
    /// ```yaml
    /// # before
    /// spec: {hostNetwork: true, hostPID: true}
    /// # after
    /// spec: {}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Host Namespaces" (check `hostNamespaces`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.3 (hostPID), 5.2.4 (hostIPC), 5.2.5 (hostNetwork)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct HostNamespaces {
        id: "K8S002",
        name: "host-namespaces",
        family: "pod-security",
        severity: High,
        summary: "Pod shares the node's network, PID or IPC namespace",
        remediation: "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC (or set them to false).",
        tags: ["pss:baseline", "CIS-5.2.3", "CIS-5.2.4", "CIS-5.2.5", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for HostNamespaces {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        for (field, what) in [
            ("hostNetwork", "network"),
            ("hostPID", "process (PID)"),
            ("hostIPC", "IPC"),
        ] {
            if let Some(node) = pod.spec.get(field).filter(|n| n.as_bool() == Some(true)) {
                report(cx, node, pod.field(field), field, what);
            }
        }
    }
}

fn report(cx: &mut Cx<'_>, node: &Node, path: String, field: &str, what: &str) {
    cx.report(
        node.mark,
        path,
        format!("pod shares the node's {what} namespace (`{field}: true`)"),
    )
    .key(field)
    .emit();
}
