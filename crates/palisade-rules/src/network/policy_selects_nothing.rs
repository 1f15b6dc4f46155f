use std::collections::BTreeSet;

use palisade_k8s::Object;

use super::model::{describe, Network};
use crate::{Rule, ScanCx};

declare_rule! {
    /// ## What it checks
    /// NetworkPolicies whose `spec.podSelector` selects none of the workloads the scan holds
    /// in the policy's namespace (unset = `default`), or only `hostNetwork` pods, to which
    /// NetworkPolicy does not apply. Workloads are matched by their pod template labels
    /// (`matchLabels` and `matchExpressions`).
    ///
    /// Stays silent when the scan holds no workload in that namespace: the pods may come from
    /// a chart or another repository, so "selects nothing" cannot be told. Policies that
    /// select every pod (`podSelector: {}`) are never reported. Labels added at run time
    /// (`pod-template-hash`, `job-name`, `statefulset.kubernetes.io/pod-name`) are not known,
    /// so a policy selecting only by them is reported; suppress it with the
    /// `palisade.dev/ignore` annotation.
    ///
    /// ## Why it matters
    /// A policy that selects nothing protects nothing: usually a typo in a label
    /// (`name: cart` for pods labelled `name: carts`) or a label renamed in the Deployment
    /// but not in its policy. The workload it was written for is left open while the
    /// repository looks protected, and reviews and audits trust the policy that is there.
    ///
    /// ## How to fix
    /// Make the selector match the labels of the pod template (not the Deployment's own
    /// labels), or delete the stale policy.
    /// ```yaml
    /// # before (pods are labelled name=carts)
    /// spec:
    ///   podSelector: {matchLabels: {name: cart}}
    /// # after
    /// spec:
    ///   podSelector: {matchLabels: {name: carts}}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Network Policies" (the `podSelector` field), "Labels and Selectors"
    /// - NSA/CISA Kubernetes Hardening Guide: "Network policies"
    pub struct PolicySelectsNothing {
        id: "NET004",
        name: "network-policy-selects-nothing",
        family: "network",
        severity: Low,
        summary: "NetworkPolicy selects no workload of the scan",
        remediation: "Fix spec.podSelector so that it matches the pod template labels of the workload it is meant to protect, or remove the policy.",
        tags: ["NSA-CISA:network-separation"],
    }
}

impl Rule for PolicySelectsNothing {
    fn check_scan(&self, _objects: &[Object], cx: &mut ScanCx<'_>) {
        let net = cx.network();
        for (p, policy) in net.policies.iter().enumerate() {
            let ns = &net.namespaces[policy.namespace];
            let Some(selector) = policy.selector else {
                continue;
            };
            if policy.select_all || ns.workloads.is_empty() {
                continue;
            }
            let selected = &net.selects[p];
            let title = if selected.is_empty() {
                format!(
                    "NetworkPolicy `{}` selects no workload in namespace `{}` (podSelector `{}`)",
                    policy.obj.name,
                    ns.name,
                    policy.selector_text()
                )
            } else if selected.iter().all(|&w| net.workloads[w].host_network) {
                let names: Vec<String> = selected
                    .iter()
                    .map(|&w| describe(net.workloads[w].obj))
                    .collect();
                format!(
                    "NetworkPolicy `{}` selects only hostNetwork pods ({}), to which NetworkPolicy does not apply",
                    policy.obj.name,
                    names.join(", ")
                )
            } else {
                continue;
            };
            cx.report(policy.obj, selector.mark, "spec.podSelector", title)
                .evidence(nearby_labels(net, policy.namespace, selector))
                .emit();
        }
    }
}

/// What the workloads of the namespace carry under the selector's first `matchLabels` key,
/// closest to the wanted value first, so a typo shows next to the right value.
fn nearby_labels(net: &Network<'_>, ns: usize, selector: &palisade_yaml::Node) -> String {
    let ns = &net.namespaces[ns];
    let wanted = selector
        .get("matchLabels")
        .and_then(|m| m.entries().first())
        .and_then(|(k, v)| Some((k.scalar_text()?, v.scalar_text()?)));
    let Some((key, value)) = wanted else {
        return format!(
            "{} workload(s) in namespace `{}`",
            ns.workloads.len(),
            ns.name
        );
    };
    let values: BTreeSet<&str> = ns
        .workloads
        .iter()
        .flat_map(|&w| &net.workloads[w].labels)
        .filter(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
        .collect();
    if values.is_empty() {
        return format!(
            "no workload in namespace `{}` has the label `{key}`",
            ns.name
        );
    }
    let shared = |v: &str| {
        v.chars()
            .zip(value.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut sorted: Vec<&str> = values.into_iter().collect();
    sorted.sort_by_key(|v| std::cmp::Reverse(shared(v)));
    let more = sorted.len().saturating_sub(8);
    sorted.truncate(8);
    format!(
        "`{key}` values in namespace `{}`: {}{}",
        ns.name,
        sorted.join(", "),
        if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        }
    )
}
