use palisade_core::Severity;
use palisade_k8s::Object;

use super::model::Direction;
use crate::{Rule, ScanCx};

declare_rule! {
    /// ## What it checks
    /// Namespaces without a default-deny NetworkPolicy. A namespace is checked when the
    /// scan declares it (a `Namespace` object) or holds workloads in it (unset namespace =
    /// `default`), and only when the scan contains workloads at all. It has a default deny
    /// for a direction when one of its policies selects every pod (`podSelector: {}`), has
    /// that direction in its `policyTypes` (as the API server defaults it) and has no rule
    /// of that direction, or only rules that let specific pods through (every peer has a
    /// non-empty `podSelector`, such as "from the Prometheus pods") or, for egress, only
    /// DNS (port 53). Any broader rule (no `from`/`to`, an `ipBlock`, a whole namespace)
    /// means the policy is an allow, not a default deny.
    ///
    /// One finding per namespace, at its `Namespace` object when the scan has one, else at
    /// its first workload; the title says which directions lack a default deny. A namespace
    /// missing only the egress default deny is reported with severity low.
    ///
    /// The legacy `net.beta.kubernetes.io/network-policy` Namespace annotation
    /// (`DefaultDeny`) is not honoured: Kubernetes removed it in 1.7.
    ///
    /// ## Why it matters
    /// Per-workload policies protect the workloads that exist today. Without a namespace
    /// default deny, the next Deployment someone adds (a debug pod, a new service, a
    /// forgotten admin tool) is reachable from, and can reach, the whole cluster until
    /// someone writes its policy. A default deny makes least privilege the default (MITRE
    /// ATT&CK T1046, Network Service Discovery).
    ///
    /// ## How to fix
    /// Add a policy that selects every pod and allows nothing, then allow flows workload by
    /// workload.
    /// ```yaml
    /// # before: only per-app policies in namespace shop
    /// # after
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: default-deny, namespace: shop}
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress, Egress]
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Network Policies", "Default policies"
    /// - CIS Kubernetes Benchmark 5.3.2 (Ensure that all Namespaces have NetworkPolicies defined)
    /// - NSA/CISA Kubernetes Hardening Guide: "Network policies" (create a default deny policy)
    /// - MITRE ATT&CK: T1046 Network Service Discovery
    pub struct NoDefaultDeny {
        id: "NET003",
        name: "namespace-without-default-deny",
        family: "network",
        severity: Medium,
        summary: "Namespace has no default-deny NetworkPolicy",
        remediation: "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules, then allow each workload's flows explicitly.",
        tags: ["CIS-5.3.2", "NSA-CISA:network-separation", "MITRE:T1046"],
    }
}

impl Rule for NoDefaultDeny {
    fn check_scan(&self, _objects: &[Object], cx: &mut ScanCx<'_>) {
        let net = cx.network();
        if net.workloads.is_empty() {
            return;
        }
        for ns in &net.namespaces {
            let Some(at) = ns
                .object
                .or_else(|| ns.workloads.first().map(|&w| net.workloads[w].obj))
            else {
                continue;
            };
            let denies = |dir| {
                ns.policies
                    .iter()
                    .any(|&p| net.policies[p].default_denies(dir))
            };
            let (ingress, egress) = (denies(Direction::Ingress), denies(Direction::Egress));
            let missing = match (ingress, egress) {
                (true, true) => continue,
                (false, false) => "ingress and egress",
                (false, true) => "ingress",
                (true, false) => "egress",
            };
            let finding = cx
                .report(
                    at,
                    at.mark(),
                    "",
                    format!(
                        "namespace `{}` has no default-deny NetworkPolicy for {missing}",
                        ns.name
                    ),
                )
                .evidence(format!(
                    "{} NetworkPolicy object(s) in the namespace, {} workload(s) in the scan",
                    ns.policies.len(),
                    ns.workloads.len()
                ))
                .key(ns.name);
            if ingress {
                finding.severity(Severity::Low).emit();
            } else {
                finding.emit();
            }
        }
    }
}
