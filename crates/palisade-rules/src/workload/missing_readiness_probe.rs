use palisade_k8s::ContainerKind;

use super::common::runs_to_completion;
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Regular containers (`containers`) of long-running workloads (Pod, Deployment,
    /// StatefulSet, DaemonSet, ReplicaSet, ReplicationController) that declare at least one
    /// port in `ports` but have no `readinessProbe`. Skipped, because readiness makes no
    /// sense there: Jobs, CronJobs, Pods created by a Job, pods with `restartPolicy: Never`
    /// or `OnFailure`; init containers, native sidecars and ephemeral containers; and
    /// containers that declare no port, which we take to be workers that receive no Service
    /// traffic (readiness only decides whether a pod is an endpoint of its Services and
    /// whether a rollout may continue). Declaring ports is optional in Kubernetes, so a
    /// serving container that leaves them out is missed by this rule.
    ///
    /// ## Why it matters
    /// Without a readiness probe a pod becomes a Service endpoint the moment its process
    /// starts, and stays one while it is overloaded or has lost its database: requests are
    /// sent to a replica that fails them, and a rolling update replaces healthy replicas
    /// with broken ones without stopping, turning one bad release into an outage
    /// (availability, MITRE ATT&CK T1499).
    ///
    /// ## How to fix
    /// ```yaml
    /// # before
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    ///     ports: [{containerPort: 8080}]
    /// # after
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    ///     ports: [{containerPort: 8080}]
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8080}
    ///       periodSeconds: 5
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Configure Liveness, Readiness and Startup Probes"
    /// - MITRE ATT&CK for Containers: T1499 (Endpoint Denial of Service)
    pub struct MissingReadinessProbe {
        id: "K8S033",
        name: "missing-readiness-probe",
        family: "workload",
        severity: Low,
        summary: "Serving container has no readiness probe",
        remediation: "Add a readinessProbe that fails while the container cannot serve requests.",
        tags: ["MITRE:T1499"],
    }
}

impl Rule for MissingReadinessProbe {
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
            let serves = c.node.get("ports").is_some_and(|p| !p.items().is_empty());
            if !serves || c.node.get("readinessProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            cx.report_container(
                &c,
                None,
                "readinessProbe",
                format!("container `{}` has no readiness probe", c.name),
            )
            .emit();
        }
    }
}
