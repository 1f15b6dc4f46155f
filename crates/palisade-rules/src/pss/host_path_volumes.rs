use palisade_yaml::Node;

use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `hostPathVolumes`).
pub(super) const SINCE: u32 = 0;

declare_rule! {
    /// ## What it checks
    /// Pod volumes with a `hostPath` source (`spec.volumes[*].hostPath`; upstream check
    /// `hostPathVolumes`, baseline, v1.0+). One finding per volume. Severity: high.
    ///
    /// In the restricted level this check is replaced by K8S020 (`restrictedVolumes`),
    /// which forbids `hostPath` along with every other non-ephemeral source.
    ///
    /// ## Why it matters
    /// A `hostPath` volume mounts a directory of the node into the container. Mounting `/`,
    /// `/etc`, `/var/lib/kubelet` or the container runtime socket
    /// (`/var/run/docker.sock`, `/run/containerd/containerd.sock`) hands the node over:
    /// read other pods' secrets, write a cron job or start a privileged container (MITRE
    /// ATT&CK T1611, Escape to Host). Even read-only mounts leak credentials and logs.
    ///
    /// ## How to fix
    /// Use `emptyDir`, a ConfigMap/Secret, or a PersistentVolumeClaim; for node agents that
    /// really need the host, run them in a namespace with a privileged policy.
    /// ```yaml
    /// # before
    /// volumes: [{name: data, hostPath: {path: /var/lib/data}}]
    /// # after
    /// volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostPath Volumes" (check `hostPathVolumes`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.12
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct HostPathVolumes {
        id: "K8S004",
        name: "host-path-volumes",
        family: "pod-security",
        severity: High,
        summary: "Pod mounts a directory of the node (hostPath volume)",
        remediation: "Replace the hostPath volume with emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim.",
        tags: ["pss:baseline", "CIS-5.2.12", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for HostPathVolumes {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        let Some(volumes) = pod.spec.get("volumes") else {
            return;
        };
        for (i, volume) in volumes.items().iter().enumerate() {
            let Some((key, host_path)) = volume.entry("hostPath").filter(|(_, v)| !v.is_null())
            else {
                continue;
            };
            let name = volume.get("name").and_then(Node::as_str).unwrap_or("");
            let title = match host_path.get("path").and_then(Node::as_str) {
                Some(path) => format!("volume `{name}` mounts host path `{path}`"),
                None => format!("volume `{name}` mounts a host path"),
            };
            cx.report(
                key.mark,
                pod.field(&format!("volumes[{i}].hostPath")),
                title,
            )
            .key(name)
            .emit();
        }
    }
}
