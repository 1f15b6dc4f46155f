use palisade_core::Severity;
use palisade_k8s::ContainerKind;

use super::common::is_set;
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers of every pod-bearing kind that set no memory limit
    /// (`resources.limits.memory`, medium) or no CPU limit (`resources.limits.cpu`, reported
    /// at low severity). One finding per missing resource. Ephemeral containers are
    /// skipped, since they cannot set resources.
    ///
    /// ## Why it matters
    /// A container without a memory limit can take all of the node's memory: a leak, a
    /// crafted request that makes the process allocate (Endpoint Denial of Service, MITRE
    /// ATT&CK T1499) or a cryptominer dropped into it (Resource Hijacking, T1496) then gets
    /// other pods OOM-killed or evicted, on every node the workload runs on. A missing CPU
    /// limit is milder: CPU is compressible, and the container is throttled back to its
    /// request under contention, so it degrades its neighbours' latency but does not kill
    /// them — hence the lower severity. A `LimitRange` with `default` limits in the
    /// namespace fills the values in at admission; if yours does, suppress this rule there.
    ///
    /// ## How to fix
    /// ```yaml
    /// # before
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    /// # after
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits: {cpu: "1", memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide: "Resource policies"
    /// - Kubernetes documentation: "Resource Management for Pods and Containers"; "Limit Ranges"
    /// - MITRE ATT&CK for Containers: T1496 (Resource Hijacking), T1499 (Endpoint Denial of Service)
    pub struct MissingLimits {
        id: "K8S031",
        name: "missing-resource-limits",
        family: "workload",
        severity: Medium,
        summary: "Container sets no memory or CPU limit",
        remediation: "Set resources.limits.memory (and resources.limits.cpu) on every container, or a LimitRange default for the namespace.",
        tags: ["NSA-CISA:resource-policies", "MITRE:T1496", "MITRE:T1499"],
    }
}

impl Rule for MissingLimits {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        for c in pod
            .containers()
            .filter(|c| c.kind != ContainerKind::Ephemeral)
        {
            let limits = c.node.path(&["resources", "limits"]);
            for (resource, severity) in [("memory", Severity::Medium), ("cpu", Severity::Low)] {
                if is_set(limits.and_then(|l| l.get(resource))) {
                    continue;
                }
                cx.report_container(
                    &c,
                    limits.filter(|l| l.is_map()),
                    &format!("resources.limits.{resource}"),
                    format!("container `{}` has no {resource} limit", c.name),
                )
                .key(resource)
                .severity(severity)
                .emit();
            }
        }
    }
}
