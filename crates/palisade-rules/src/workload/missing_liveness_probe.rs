use palisade_k8s::ContainerKind;

use super::common::runs_to_completion;
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Regular containers (`containers`) of long-running workloads (Pod, Deployment,
    /// StatefulSet, DaemonSet, ReplicaSet, ReplicationController) without a
    /// `livenessProbe`. Skipped, because a liveness probe makes no sense there: Jobs,
    /// CronJobs, Pods created by a Job, and any pod with `restartPolicy: Never` or
    /// `OnFailure` (they run to completion); init containers (they must exit) including
    /// native sidecars (`restartPolicy: Always` init containers, whose probes are optional
    /// by design); ephemeral containers (probes are not allowed on them).
    ///
    /// ## Why it matters
    /// Without a liveness probe the kubelet restarts a container only when its process
    /// exits. A process that deadlocks, leaks until it stops answering, or is wedged by a
    /// crafted request (Endpoint Denial of Service, MITRE ATT&CK T1499) stays up and keeps
    /// its replica slot while serving nothing, until a person notices.
    ///
    /// ## How to fix
    /// Probe something cheap that fails when the process is stuck (not its dependencies).
    /// ```yaml
    /// # before
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    /// # after
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    ///     livenessProbe:
    ///       httpGet: {path: /healthz, port: 8080}
    ///       periodSeconds: 10
    ///       failureThreshold: 3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Configure Liveness, Readiness and Startup Probes"
    /// - MITRE ATT&CK for Containers: T1499 (Endpoint Denial of Service)
    pub struct MissingLivenessProbe {
        id: "K8S032",
        name: "missing-liveness-probe",
        family: "workload",
        severity: Low,
        summary: "Long-running container has no liveness probe",
        remediation: "Add a livenessProbe that fails when the process is stuck.",
        tags: ["MITRE:T1499"],
    }
}

impl Rule for MissingLivenessProbe {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        let Some(pod) = cx.pod() else { return };
        if runs_to_completion(obj, &pod) {
            return;
        }
        for c in pod
            .containers()
            .filter(|c| c.kind == ContainerKind::Container)
        {
            if c.node.get("livenessProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            cx.report_container(
                &c,
                None,
                "livenessProbe",
                format!("container `{}` has no liveness probe", c.name),
            )
            .emit();
        }
    }
}
