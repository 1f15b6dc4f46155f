use palisade_k8s::Object;

use super::model::{report_unisolated, Direction};
use crate::{Rule, ScanCx};

declare_rule! {
    /// ## What it checks
    /// Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
    /// Job, CronJob and bare Pods) whose pods no NetworkPolicy of the scan isolates for
    /// egress: no policy in the workload's namespace (unset = `default`) selects the pod
    /// template's labels with `Egress` in its `policyTypes`. Mind the API defaulting: a
    /// policy without `policyTypes` is an egress policy only when it has at least one egress
    /// rule (`egress: []` is not enough); list `policyTypes: [Ingress, Egress]` explicitly.
    ///
    /// Computed over the whole scan, like NET001: scan workloads together with their
    /// policies. Pods with `hostNetwork: true` are skipped (NetworkPolicy does not apply to
    /// them), and only Kubernetes `networking.k8s.io` NetworkPolicies count.
    ///
    /// ## Why it matters
    /// A pod without egress isolation can open connections anywhere: to every service of the
    /// cluster, to the cloud metadata endpoint (169.254.169.254) and its credentials, and to
    /// any host on the Internet. That is what turns a code-execution bug into lateral
    /// movement, credential theft and data exfiltration (MITRE ATT&CK T1552.005, Cloud
    /// Instance Metadata API; T1041, Exfiltration Over C2 Channel).
    ///
    /// ## How to fix
    /// Select the workload's pods with an egress policy that allows DNS and the destinations
    /// it really needs.
    /// ```yaml
    /// # before: no NetworkPolicy with policyType Egress selects app=api
    /// # after
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: api-egress, namespace: shop}
    /// spec:
    ///   podSelector: {matchLabels: {app: api}}
    ///   policyTypes: [Egress]
    ///   egress:
    ///     - to: [{podSelector: {matchLabels: {app: db}}}]
    ///       ports: [{port: 5432, protocol: TCP}]
    ///     - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ///       ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Network Policies" (isolated and non-isolated pods)
    /// - CIS Kubernetes Benchmark 5.3.2 (Ensure that all Namespaces have NetworkPolicies defined)
    /// - NSA/CISA Kubernetes Hardening Guide: "Network separation and hardening", "Network policies"
    /// - MITRE ATT&CK: T1552.005 Cloud Instance Metadata API, T1041 Exfiltration Over C2 Channel
    pub struct NoEgressPolicy {
        id: "NET002",
        name: "workload-without-egress-policy",
        family: "network",
        severity: Low,
        summary: "Workload is selected by no NetworkPolicy for egress",
        remediation: "Add a NetworkPolicy with policyType Egress that selects the workload's pods and allows only DNS and the destinations it needs.",
        tags: ["CIS-5.3.2", "NSA-CISA:network-separation", "MITRE:T1552.005", "MITRE:T1041"],
    }
}

impl Rule for NoEgressPolicy {
    fn check_scan(&self, _objects: &[Object], cx: &mut ScanCx<'_>) {
        report_unisolated(cx, Direction::Egress);
    }
}
