use palisade_k8s::Object;

use super::model::{report_unisolated, Direction};
use crate::{Rule, ScanCx};

declare_rule! {
    /// ## What it checks
    /// Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
    /// Job, CronJob and bare Pods) whose pods no NetworkPolicy of the scan isolates for
    /// ingress: no policy in the workload's namespace (unset = `default`) selects the pod
    /// template's labels with `Ingress` in its `policyTypes`. `policyTypes` is read as the
    /// API server defaults it: absent or empty means `[Ingress]` (plus `Egress` when the
    /// policy has egress rules), so nearly every policy isolates for ingress. A policy with
    /// no ingress rule still isolates: it denies all ingress.
    ///
    /// Computed over the whole scan: policies and workloads may live in different files.
    /// Scan the workloads together with their policies, or every workload is reported. A
    /// scan without workloads reports nothing.
    ///
    /// Pods with `hostNetwork: true` are skipped: they share the node's network namespace and
    /// NetworkPolicy does not apply to them (its behaviour for them is undefined upstream).
    /// Only Kubernetes `networking.k8s.io` NetworkPolicies count; Calico, Cilium or
    /// AdminNetworkPolicy objects are not read, and a cluster relying on them will see
    /// findings here that it can ignore.
    ///
    /// ## Why it matters
    /// Without a policy selecting it, a pod accepts connections from every pod of every
    /// namespace and from anything that can route to the pod network. One compromised pod
    /// anywhere in the cluster can then probe and reach the database, the admin endpoint or
    /// the unauthenticated metrics port of this workload (MITRE ATT&CK T1046, Network
    /// Service Discovery; T1210, Exploitation of Remote Services).
    ///
    /// ## How to fix
    /// Add a policy that selects the workload's pods and allows only the clients it serves,
    /// ideally on top of a namespace-wide default deny (see NET003).
    /// ```yaml
    /// # before: no NetworkPolicy selects app=api
    /// # after
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   podSelector: {matchLabels: {app: api}}
    ///   policyTypes: [Ingress]
    ///   ingress:
    ///     - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ///       ports: [{port: 8080, protocol: TCP}]
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Network Policies" (isolated and non-isolated pods)
    /// - CIS Kubernetes Benchmark 5.3.2 (Ensure that all Namespaces have NetworkPolicies defined)
    /// - NSA/CISA Kubernetes Hardening Guide: "Network separation and hardening", "Network policies"
    /// - MITRE ATT&CK: T1046 Network Service Discovery, T1210 Exploitation of Remote Services
    pub struct NoIngressPolicy {
        id: "NET001",
        name: "workload-without-ingress-policy",
        family: "network",
        severity: Medium,
        summary: "Workload is selected by no NetworkPolicy for ingress",
        remediation: "Add a NetworkPolicy that selects the workload's pods with policyType Ingress and allows only the clients it serves.",
        tags: ["CIS-5.3.2", "NSA-CISA:network-separation", "MITRE:T1046", "MITRE:T1210"],
    }
}

impl Rule for NoIngressPolicy {
    fn check_scan(&self, _objects: &[Object], cx: &mut ScanCx<'_>) {
        report_unisolated(cx, Direction::Ingress);
    }
}
