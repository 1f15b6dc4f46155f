use super::common::is_set;
use crate::{Cx, Rule};
use palisade_k8s::ContainerKind;

declare_rule! {
    /// ## What it checks
    /// Containers and init containers of every pod-bearing kind (Pod, Deployment,
    /// StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) that set no
    /// CPU or no memory request (`resources.requests.cpu` / `.memory`). One finding per
    /// missing resource. A limit without a request is fine: the API server then copies the
    /// limit into the request. Ephemeral containers are skipped, since they cannot set
    /// resources.
    ///
    /// ## Why it matters
    /// Without requests the scheduler places the pod as if it needed nothing, so nodes get
    /// overcommitted and a busy or compromised neighbour (a cryptominer, MITRE ATT&CK T1496)
    /// starves everything else on the node; a pod with no requests at all is `BestEffort`
    /// and is the first to be evicted under memory pressure (Endpoint Denial of Service,
    /// T1499). A `LimitRange` with `defaultRequest` in the namespace fills the values in at
    /// admission; if yours does, suppress this rule for that namespace.
    ///
    /// ## How to fix
    /// Set requests from observed usage.
    /// ```yaml
    /// # before
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    /// # after
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    ///     resources:
    ///       requests: {cpu: 100m, memory: 128Mi}
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide: "Resource policies" (LimitRange, ResourceQuota, per-container requests)
    /// - Kubernetes documentation: "Resource Management for Pods and Containers"
    /// - MITRE ATT&CK for Containers: T1496 (Resource Hijacking), T1499 (Endpoint Denial of Service)
    pub struct MissingRequests {
        id: "K8S030",
        name: "missing-resource-requests",
        family: "workload",
        severity: Low,
        summary: "Container sets no CPU or memory request",
        remediation: "Set resources.requests.cpu and resources.requests.memory on every container (or a LimitRange defaultRequest for the namespace).",
        tags: ["NSA-CISA:resource-policies", "MITRE:T1496", "MITRE:T1499"],
    }
}

impl Rule for MissingRequests {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        for c in pod
            .containers()
            .filter(|c| c.kind != ContainerKind::Ephemeral)
        {
            let requests = c.node.path(&["resources", "requests"]);
            for resource in ["cpu", "memory"] {
                if is_set(requests.and_then(|r| r.get(resource)))
                    || is_set(c.node.path(&["resources", "limits", resource]))
                {
                    continue;
                }
                cx.report_container(
                    &c,
                    requests.filter(|r| r.is_map()),
                    &format!("resources.requests.{resource}"),
                    format!("container `{}` has no {resource} request", c.name),
                )
                .key(resource)
                .emit();
            }
        }
    }
}
