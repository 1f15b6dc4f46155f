use std::collections::HashSet;

use palisade_k8s::{selector, Object};
use palisade_yaml::Node;

use super::model::{describe, Direction, Workload};
use crate::{Rule, ScanCx};

declare_rule! {
    /// ## What it checks
    /// NetworkPolicy ingress rules that allow traffic from anywhere: a rule without `from`
    /// or with an empty `from` list (the API reads both as "every source"), or with an
    /// `ipBlock` of `0.0.0.0/0` or `::/0` — reported when the policy (with `Ingress` in its
    /// effective `policyTypes`) selects workloads of the scan that are not public anyway.
    /// A workload is public when a Service of type `LoadBalancer` or `NodePort`, a Service
    /// with `externalIPs`, or a Service used as backend by an Ingress or a Gateway API route
    /// (`HTTPRoute`, `GRPCRoute`, `TLSRoute`, `TCPRoute`, `UDPRoute`) selects its pods: an
    /// open ingress rule on a storefront is intended.
    ///
    /// Port restrictions do not change the verdict (the rule still accepts every source on
    /// those ports). A `namespaceSelector: {}` peer (every pod of the cluster) is not
    /// reported here. Computed over the whole scan: Services, Ingresses and routes
    /// elsewhere in the scan count, those outside it do not.
    ///
    /// ## Why it matters
    /// Internal services (databases, queues, admin and metrics endpoints) are usually meant
    /// for a handful of clients. An allow-all rule undoes the isolation the policy seems to
    /// provide: every pod of every namespace, and any address that routes to the pod network,
    /// can connect, which is the lateral movement path after a single pod compromise (MITRE
    /// ATT&CK T1210, Exploitation of Remote Services).
    ///
    /// ## How to fix
    /// Name the clients in `from`.
    /// ```yaml
    /// # before
    /// ingress:
    ///   - ports: [{port: 5432}]
    /// # after
    /// ingress:
    ///   - from: [{podSelector: {matchLabels: {app: api}}}]
    ///     ports: [{port: 5432}]
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation: "Network Policies" (`NetworkPolicyIngressRule.from`)
    /// - NSA/CISA Kubernetes Hardening Guide: "Network policies"
    /// - MITRE ATT&CK: T1210 Exploitation of Remote Services
    pub struct IngressFromAnywhere {
        id: "NET005",
        name: "network-policy-allows-ingress-from-anywhere",
        family: "network",
        severity: Low,
        summary: "NetworkPolicy allows ingress from anywhere to workloads that are not exposed",
        remediation: "List the allowed clients in the rule's `from` (podSelector / namespaceSelector / a narrow ipBlock).",
        tags: ["NSA-CISA:network-separation", "MITRE:T1210"],
    }
}

impl Rule for IngressFromAnywhere {
    fn check_scan(&self, objects: &[Object], cx: &mut ScanCx<'_>) {
        let net = cx.network();
        let mut exposed: Option<Exposed<'_>> = None;
        for (p, policy) in net.policies.iter().enumerate() {
            if !policy.has(Direction::Ingress) {
                continue;
            }
            for (i, rule) in policy.rules(Direction::Ingress).iter().enumerate() {
                let Some((node, field, what)) = open_source(rule, i) else {
                    continue;
                };
                let exposed = exposed.get_or_insert_with(|| Exposed::new(objects));
                let internal: Vec<&Workload<'_>> = net.selects[p]
                    .iter()
                    .map(|&w| &net.workloads[w])
                    .filter(|w| !w.host_network && !exposed.public(w))
                    .collect();
                if internal.is_empty() {
                    continue;
                }
                let mut names: Vec<String> =
                    internal.iter().take(3).map(|w| describe(w.obj)).collect();
                if internal.len() > 3 {
                    names.push(format!("{} more", internal.len() - 3));
                }
                cx.report(
                    policy.obj,
                    node.mark,
                    field,
                    format!(
                        "NetworkPolicy `{}` allows ingress from anywhere ({what}) to {}, which no LoadBalancer/NodePort Service, Ingress or route exposes",
                        policy.obj.name,
                        names.join(", ")
                    ),
                )
                .key(format!("ingress[{i}]"))
                .emit();
            }
        }
    }
}

/// Where and why ingress rule `i` accepts every source.
fn open_source(rule: &Node, i: usize) -> Option<(&Node, String, String)> {
    if !rule.is_map() {
        return None;
    }
    let field = format!("spec.ingress[{i}]");
    let Some(from) = rule.get("from").filter(|f| !f.is_null()) else {
        return Some((rule, field, "rule without `from`".into()));
    };
    let peers = match &from.value {
        palisade_yaml::Value::Seq(peers) => peers,
        _ => return None,
    };
    if peers.is_empty() {
        return Some((from, format!("{field}.from"), "empty `from`".into()));
    }
    peers.iter().enumerate().find_map(|(j, peer)| {
        let cidr = peer.path(&["ipBlock", "cidr"])?;
        let text = cidr.as_str()?.trim();
        matches!(text, "0.0.0.0/0" | "::/0").then(|| {
            (
                cidr,
                format!("{field}.from[{j}].ipBlock.cidr"),
                format!("ipBlock {text}"),
            )
        })
    })
}

/// Pod selectors of the Services that make pods reachable from outside the cluster, by
/// namespace.
struct Exposed<'a> {
    selectors: Vec<(&'a str, &'a Node)>,
}

impl<'a> Exposed<'a> {
    fn new(objects: &'a [Object]) -> Exposed<'a> {
        let mut backends: HashSet<(&str, &str)> = HashSet::new();
        for obj in objects {
            let ns = obj.namespace_or_default();
            let spec = obj.node.get("spec");
            match (obj.kind.as_str(), spec) {
                ("Ingress", Some(spec)) => {
                    let rules = spec.get("rules").map(Node::items).unwrap_or(&[]);
                    let paths = rules
                        .iter()
                        .flat_map(|r| r.path(&["http", "paths"]).map(Node::items).unwrap_or(&[]))
                        .filter_map(|p| p.get("backend"));
                    let defaults = [spec.get("defaultBackend"), spec.get("backend")];
                    for backend in paths.chain(defaults.into_iter().flatten()) {
                        let name = backend
                            .path(&["service", "name"])
                            .or_else(|| backend.get("serviceName"))
                            .and_then(Node::as_str);
                        if let Some(name) = name {
                            backends.insert((ns, name));
                        }
                    }
                }
                ("HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" | "UDPRoute", Some(spec))
                    if obj.api_version.starts_with("gateway.networking.k8s.io/") =>
                {
                    let rules = spec.get("rules").map(Node::items).unwrap_or(&[]);
                    for r in rules
                        .iter()
                        .flat_map(|r| r.get("backendRefs").map(Node::items).unwrap_or(&[]))
                    {
                        let text = |k| r.get(k).and_then(Node::as_str);
                        let is_service = text("kind").is_none_or(|k| k == "Service")
                            && text("group").is_none_or(str::is_empty);
                        if let (true, Some(name)) = (is_service, text("name")) {
                            backends.insert((text("namespace").unwrap_or(ns), name));
                        }
                    }
                }
                _ => {}
            }
        }
        let selectors = objects
            .iter()
            .filter(|o| o.kind == "Service" && o.api_version == "v1")
            .filter_map(|svc| {
                let spec = svc.node.get("spec")?;
                let ns = svc.namespace_or_default();
                let external = matches!(
                    spec.get("type").and_then(Node::as_str),
                    Some("LoadBalancer" | "NodePort")
                ) || !spec
                    .get("externalIPs")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .is_empty()
                    || backends.contains(&(ns, svc.name.as_str()));
                external
                    .then(|| spec.get("selector"))
                    .flatten()
                    .map(|sel| (ns, sel))
            })
            .collect();
        Exposed { selectors }
    }

    fn public(&self, w: &Workload<'_>) -> bool {
        let ns = w.obj.namespace_or_default();
        self.selectors
            .iter()
            .any(|(sns, sel)| *sns == ns && selector::map_matches(sel, &w.labels))
    }
}
