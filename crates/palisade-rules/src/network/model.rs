//! What the network rules share: the workloads and Kubernetes NetworkPolicies of the whole
//! scan, grouped by namespace, and which policy selects which workload.
//!
//! Semantics follow the `networking.k8s.io/v1` API:
//! - a policy applies to the pods of its own namespace (unset = `default`) whose labels its
//!   `spec.podSelector` selects; a missing, null or empty selector selects every pod;
//! - `policyTypes`, when empty or absent, is defaulted by the API server to `[Ingress]`, plus
//!   `Egress` when `spec.egress` has at least one rule (an empty `egress: []` does not add
//!   it); an explicit list wins;
//! - a pod is isolated for a direction as soon as one policy selecting it has that direction
//!   in its `policyTypes`, even with no rules (which then denies everything).
//!
//! Only Kubernetes NetworkPolicies (`networking.k8s.io/*`, `extensions/v1beta1`) count:
//! Calico, Cilium or AdminNetworkPolicy objects have other semantics and are not read.
//! Policies the API server would reject (a `podSelector` that is not a mapping, an unknown
//! policy type, rules that are not lists...) are ignored, as if absent.
//!
//! Selecting is indexed: workloads are bucketed by label key and value per namespace, and a
//! selector is only evaluated against the smallest bucket one of its requirements implies
//! (a `matchLabels` pair, an `In` or `Exists` expression), so a scan of thousands of
//! workloads and policies stays near linear.

use std::borrow::Cow;
use std::collections::HashMap;

use palisade_k8s::{selector, Object};

use crate::ScanCx;
use palisade_yaml::Node;

/// The kinds that run pods NetworkPolicies can select.
pub(crate) const POD_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Pod",
];

/// A traffic direction of a NetworkPolicy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    /// The `policyTypes` value.
    pub(crate) fn policy_type(self) -> &'static str {
        match self {
            Direction::Ingress => "Ingress",
            Direction::Egress => "Egress",
        }
    }

    /// The spec field holding the rules: `ingress` / `egress`.
    pub(crate) fn field(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    /// The rule field holding the peers: `from` / `to`.
    pub(crate) fn peers(self) -> &'static str {
        match self {
            Direction::Ingress => "from",
            Direction::Egress => "to",
        }
    }
}

/// A pod-bearing object of the scan.
pub(crate) struct Workload<'a> {
    pub obj: &'a Object,
    /// Index into [`Network::namespaces`].
    pub namespace: usize,
    /// Labels of its pods (the pod template's).
    pub labels: Vec<(String, String)>,
    /// `hostNetwork: true`: NetworkPolicy does not apply to such pods.
    pub host_network: bool,
}

impl Workload<'_> {
    /// `app=api, tier=web` (or `no labels`), for evidence.
    pub(crate) fn labels_text(&self) -> String {
        if self.labels.is_empty() {
            return "no labels".to_string();
        }
        self.labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A valid Kubernetes NetworkPolicy of the scan.
pub(crate) struct Policy<'a> {
    pub obj: &'a Object,
    /// Index into [`Network::namespaces`].
    pub namespace: usize,
    /// `spec`.
    pub spec: &'a Node,
    /// `spec.podSelector` when present and not null.
    pub selector: Option<&'a Node>,
    /// The selector selects every pod of the namespace.
    pub select_all: bool,
    /// Effective `policyTypes` (after API defaulting).
    pub ingress: bool,
    pub egress: bool,
}

impl<'a> Policy<'a> {
    fn parse(obj: &'a Object) -> Option<Policy<'a>> {
        let is_k8s = obj.api_version.starts_with("networking.k8s.io/")
            || obj.api_version == "extensions/v1beta1";
        if obj.kind != "NetworkPolicy" || !is_k8s {
            return None;
        }
        let spec = obj.node.get("spec").filter(|s| s.is_map())?;
        let present = |n: Option<&'a Node>| n.filter(|n| !n.is_null());
        let selector = present(spec.get("podSelector"));
        if let Some(sel) = selector {
            // `podSelector: {app: api}` (labels without `matchLabels`) is a classic slip:
            // kubectl's strict field validation rejects it; it never selects everything.
            let known = |k: &Node| matches!(k.as_str(), Some("matchLabels" | "matchExpressions"));
            if !sel.is_map() || !sel.entries().iter().all(|(k, _)| known(k)) {
                return None;
            }
            if present(sel.get("matchLabels")).is_some_and(|m| !m.is_map())
                || present(sel.get("matchExpressions")).is_some_and(|e| !is_seq(e))
            {
                return None;
            }
        }
        for field in ["ingress", "egress", "policyTypes"] {
            if present(spec.get(field)).is_some_and(|n| !is_seq(n)) {
                return None;
            }
        }
        let types = spec.get("policyTypes").map(Node::items).unwrap_or(&[]);
        let (mut ingress, mut egress) = (false, false);
        for t in types {
            match t.as_str() {
                Some("Ingress") => ingress = true,
                Some("Egress") => egress = true,
                _ => return None,
            }
        }
        if types.is_empty() {
            ingress = true;
            egress = !spec
                .get("egress")
                .map(Node::items)
                .unwrap_or(&[])
                .is_empty();
        }
        Some(Policy {
            obj,
            namespace: 0,
            spec,
            selector,
            select_all: selector.is_none_or(selects_everything),
            ingress,
            egress,
        })
    }

    /// True when `policyTypes` (after defaulting) contains `dir`.
    pub(crate) fn has(&self, dir: Direction) -> bool {
        match dir {
            Direction::Ingress => self.ingress,
            Direction::Egress => self.egress,
        }
    }

    /// The rules of a direction (`spec.ingress` / `spec.egress`).
    pub(crate) fn rules(&self, dir: Direction) -> &'a [Node] {
        self.spec.get(dir.field()).map(Node::items).unwrap_or(&[])
    }

    /// True when this policy selects every pod and denies `dir` by default: it has `dir` in
    /// its `policyTypes` and no rule of that direction, or only rules that let specific pods
    /// through (every peer has a non-empty `podSelector`: "allow from the monitoring
    /// pods", "allow to the DNS pods") or, for egress, only DNS (port 53).
    pub(crate) fn default_denies(&self, dir: Direction) -> bool {
        self.select_all
            && self.has(dir)
            && self
                .rules(dir)
                .iter()
                .all(|rule| narrow_exception(rule, dir))
    }

    /// `app=api`, `tier In (web, api)`... for titles and evidence.
    pub(crate) fn selector_text(&self) -> String {
        self.selector
            .map_or_else(|| "{}".to_string(), selector_text)
    }
}

/// A namespace of the scan: its Namespace object, workloads and policies.
pub(crate) struct Namespace<'a> {
    pub name: &'a str,
    /// The first `Namespace` object of that name in the scan.
    pub object: Option<&'a Object>,
    /// Indexes into [`Network::workloads`].
    pub workloads: Vec<usize>,
    /// Indexes into [`Network::policies`].
    pub policies: Vec<usize>,
}

/// Every workload and policy of the scan, and who selects whom.
pub(crate) struct Network<'a> {
    pub workloads: Vec<Workload<'a>>,
    pub policies: Vec<Policy<'a>>,
    /// In order of first appearance in the scan.
    pub namespaces: Vec<Namespace<'a>>,
    /// For each workload, the policies selecting it.
    pub selected_by: Vec<Vec<usize>>,
    /// For each policy, the workloads it selects.
    pub selects: Vec<Vec<usize>>,
}

impl<'a> Network<'a> {
    /// Indexes `objects`.
    pub(crate) fn new(objects: &'a [Object]) -> Network<'a> {
        let mut net = Network {
            workloads: Vec::new(),
            policies: Vec::new(),
            namespaces: Vec::new(),
            selected_by: Vec::new(),
            selects: Vec::new(),
        };
        let mut by_name: HashMap<&'a str, usize> = HashMap::new();
        let mut ns_index = |namespaces: &mut Vec<Namespace<'a>>, name: &'a str| {
            *by_name.entry(name).or_insert_with(|| {
                namespaces.push(Namespace {
                    name,
                    object: None,
                    workloads: Vec::new(),
                    policies: Vec::new(),
                });
                namespaces.len() - 1
            })
        };
        for obj in objects {
            if obj.kind == "Namespace" && obj.api_version == "v1" {
                let ns = ns_index(&mut net.namespaces, &obj.name);
                net.namespaces[ns].object.get_or_insert(obj);
            } else if POD_KINDS.contains(&obj.kind.as_str()) {
                let Some(pod) = obj.pod() else { continue };
                let ns = ns_index(&mut net.namespaces, obj.namespace_or_default());
                net.namespaces[ns].workloads.push(net.workloads.len());
                net.workloads.push(Workload {
                    obj,
                    namespace: ns,
                    labels: pod.labels(),
                    host_network: pod.spec.get("hostNetwork").and_then(Node::as_bool) == Some(true),
                });
            } else if let Some(mut policy) = Policy::parse(obj) {
                let ns = ns_index(&mut net.namespaces, obj.namespace_or_default());
                policy.namespace = ns;
                net.namespaces[ns].policies.push(net.policies.len());
                net.policies.push(policy);
            }
        }
        net.selected_by = vec![Vec::new(); net.workloads.len()];
        net.selects = vec![Vec::new(); net.policies.len()];
        for ns in &net.namespaces {
            if ns.workloads.is_empty() || ns.policies.is_empty() {
                continue;
            }
            let index = LabelIndex::new(&net.workloads, &ns.workloads);
            for &p in &ns.policies {
                let policy = &net.policies[p];
                let selector = policy.selector.filter(|_| !policy.select_all);
                let candidates = selector.map_or(Cow::Borrowed(&ns.workloads[..]), |sel| {
                    index.candidates(sel)
                });
                for &w in candidates.iter() {
                    let labels = &net.workloads[w].labels;
                    if selector.is_none_or(|sel| selector::matches(sel, labels)) {
                        net.selects[p].push(w);
                        net.selected_by[w].push(p);
                    }
                }
            }
        }
        net
    }

    /// True when some policy selecting workload `w` has `dir` in its `policyTypes`.
    pub(crate) fn isolated(&self, w: usize, dir: Direction) -> bool {
        self.selected_by[w]
            .iter()
            .any(|&p| self.policies[p].has(dir))
    }
}

/// Reports, at the workload, every workload (but `hostNetwork` ones) that no policy
/// isolates for `dir`: NET001 and NET002.
pub(crate) fn report_unisolated(cx: &mut ScanCx<'_>, dir: Direction) {
    let net = cx.network();
    let word = dir.field();
    for (w, workload) in net.workloads.iter().enumerate() {
        if workload.host_network || net.isolated(w, dir) {
            continue;
        }
        let ns = &net.namespaces[workload.namespace];
        let of_dir = ns
            .policies
            .iter()
            .filter(|&&p| net.policies[p].has(dir))
            .count();
        let context = match (ns.policies.len(), of_dir) {
            (0, _) => format!("namespace `{}` has no NetworkPolicy", ns.name),
            (n, 0) => format!(
                "namespace `{}` has {n} NetworkPolicy object(s), none with policyType {}",
                ns.name,
                dir.policy_type()
            ),
            (_, m) => format!(
                "namespace `{}` has {m} {word} NetworkPolicy object(s), none selects these labels",
                ns.name
            ),
        };
        cx.report(
            workload.obj,
            workload.obj.mark(),
            "",
            format!(
                "{} in namespace `{}` is selected by no NetworkPolicy for {word}: all {word} traffic is allowed",
                describe(workload.obj),
                ns.name
            ),
        )
        .evidence(format!("pod labels: {}; {context}", workload.labels_text()))
        .emit();
    }
}

/// The workloads of one namespace by label key and value, to narrow down the workloads a
/// selector can select before evaluating it.
struct LabelIndex<'w> {
    all: &'w [usize],
    by_key: HashMap<&'w str, KeyBucket<'w>>,
}

/// The workloads carrying one label key: all of them, and by value.
#[derive(Default)]
struct KeyBucket<'w> {
    all: Vec<usize>,
    by_value: HashMap<&'w str, Vec<usize>>,
}

impl<'w> LabelIndex<'w> {
    fn new(workloads: &'w [Workload<'_>], members: &'w [usize]) -> LabelIndex<'w> {
        let mut by_key: HashMap<&str, KeyBucket<'_>> = HashMap::new();
        for &w in members {
            for (k, v) in &workloads[w].labels {
                let bucket = by_key.entry(k).or_default();
                bucket.all.push(w);
                bucket.by_value.entry(v).or_default().push(w);
            }
        }
        LabelIndex {
            all: members,
            by_key,
        }
    }

    fn with_key(&self, key: &str) -> &[usize] {
        self.by_key.get(key).map_or(&[], |b| &b.all)
    }

    fn with_pair(&self, key: &str, value: &str) -> &[usize] {
        self.by_key
            .get(key)
            .and_then(|b| b.by_value.get(value))
            .map_or(&[], |w| w)
    }

    /// A superset of the workloads `sel` selects: the smallest set one of its requirements
    /// implies (a `matchLabels` pair, an `In` or an `Exists` expression), every workload
    /// when it has none of them. Selected workloads meet every requirement, so any one of
    /// them bounds the set.
    fn candidates<'s>(&'s self, sel: &Node) -> Cow<'s, [usize]> {
        let mut best: Option<Vec<&'s [usize]>> = None;
        let mut consider = |buckets: Vec<&'s [usize]>| {
            let size = |b: &Vec<&[usize]>| b.iter().map(|w| w.len()).sum::<usize>();
            if best.as_ref().is_none_or(|b| size(&buckets) < size(b)) {
                best = Some(buckets);
            }
        };
        for (k, v) in match_labels(sel) {
            consider(vec![self.with_pair(&k, &v)]);
        }
        for e in sel.get("matchExpressions").map(Node::items).unwrap_or(&[]) {
            let Some(key) = e.get("key").and_then(Node::as_str) else {
                continue;
            };
            match e.get("operator").and_then(Node::as_str) {
                Some("In") => consider(
                    e.get("values")
                        .map(Node::items)
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(|v| v.scalar_text())
                        .map(|v| self.with_pair(key, &v))
                        .collect(),
                ),
                Some("Exists") => consider(vec![self.with_key(key)]),
                _ => {}
            }
        }
        match best {
            None => Cow::Borrowed(self.all),
            Some(buckets) if buckets.len() == 1 => Cow::Borrowed(buckets[0]),
            Some(buckets) => {
                let mut all: Vec<usize> = buckets.concat();
                all.sort_unstable();
                all.dedup();
                Cow::Owned(all)
            }
        }
    }
}

fn is_seq(n: &Node) -> bool {
    matches!(n.value, palisade_yaml::Value::Seq(_))
}

/// The usable `matchLabels` pairs (string-like key and value), as `selector::matches` reads
/// them.
fn match_labels(sel: &Node) -> Vec<(String, String)> {
    sel.get("matchLabels")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| Some((k.scalar_text()?.into_owned(), v.scalar_text()?.into_owned())))
        .collect()
}

/// True when a LabelSelector mapping constrains nothing (`{}`, `matchLabels: null`...).
fn selects_everything(sel: &Node) -> bool {
    match_labels(sel).is_empty()
        && sel
            .get("matchExpressions")
            .map(Node::items)
            .unwrap_or(&[])
            .is_empty()
}

/// A rule that only lets specific pods through (every peer has a non-empty `podSelector`
/// and no `ipBlock`), or, for egress, only DNS.
fn narrow_exception(rule: &Node, dir: Direction) -> bool {
    let peers = rule.get(dir.peers()).map(Node::items).unwrap_or(&[]);
    let pods_only = !peers.is_empty()
        && peers.iter().all(|peer| {
            peer.get("ipBlock").is_none()
                && peer
                    .get("podSelector")
                    .is_some_and(|s| s.is_map() && !selects_everything(s))
        });
    let ports = rule.get("ports").map(Node::items).unwrap_or(&[]);
    let dns_only = dir == Direction::Egress
        && !ports.is_empty()
        && ports.iter().all(|p| {
            p.get("port").and_then(|n| n.scalar_text()).as_deref() == Some("53")
                && p.get("endPort").is_none()
        });
    pods_only || dns_only
}

/// Renders a LabelSelector: `app=api, tier In (web, api)`; `{}` when it selects everything.
pub(crate) fn selector_text(sel: &Node) -> String {
    let mut parts: Vec<String> = match_labels(sel)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for e in sel.get("matchExpressions").map(Node::items).unwrap_or(&[]) {
        let text = |k: &str| e.get(k).and_then(|n| n.scalar_text()).unwrap_or_default();
        let values: Vec<_> = e
            .get("values")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|v| v.scalar_text())
            .collect();
        let mut part = format!("{} {}", text("key"), text("operator"));
        if !values.is_empty() {
            part.push_str(&format!(" ({})", values.join(", ")));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        "{}".to_string()
    } else {
        parts.join(", ")
    }
}

/// `Deployment `api``, for titles.
pub(crate) fn describe(obj: &Object) -> String {
    format!("{} `{}`", obj.kind, obj.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Vec<Object> {
        let l = palisade_k8s::load_str("t.yaml", yaml);
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        l.objects
    }

    const API: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a}]}\n";

    fn policy(spec: &str) -> String {
        format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: shop}}\nspec: {spec}\n"
        )
    }

    fn types(spec: &str) -> Option<(bool, bool)> {
        let objects = load(&policy(spec));
        Policy::parse(&objects[0]).map(|p| (p.ingress, p.egress))
    }

    #[test]
    fn policy_types_default_like_the_api_server() {
        assert_eq!(types("{podSelector: {}}"), Some((true, false)));
        assert_eq!(types("{podSelector: {}, egress: [{}]}"), Some((true, true)));
        // An empty egress list does not make the policy an egress policy.
        assert_eq!(types("{podSelector: {}, egress: []}"), Some((true, false)));
        // An explicit list wins, rules or not.
        assert_eq!(
            types("{podSelector: {}, policyTypes: [Egress], ingress: [{}]}"),
            Some((false, true))
        );
        assert_eq!(
            types("{podSelector: {}, policyTypes: [], egress: [{}]}"),
            Some((true, true))
        );
    }

    #[test]
    fn invalid_policies_are_ignored() {
        assert_eq!(types("{podSelector: app}"), None);
        assert_eq!(types("{podSelector: {matchLabels: [a]}}"), None);
        assert_eq!(types("{podSelector: {app: api}}"), None);
        assert_eq!(types("{podSelector: {}, policyTypes: Ingress}"), None);
        assert_eq!(types("{podSelector: {}, policyTypes: [ingress]}"), None);
        assert_eq!(types("{podSelector: {}, ingress: {from: []}}"), None);
        assert_eq!(types("notamap"), None);
        let calico = load("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {selector: all()}\n");
        assert!(Policy::parse(&calico[0]).is_none());
    }

    #[test]
    fn missing_or_null_selectors_select_every_pod() {
        for spec in [
            "{}",
            "{podSelector: null}",
            "{podSelector: {matchLabels: null}}",
            "{podSelector: {matchLabels: {}, matchExpressions: []}}",
        ] {
            let objects = load(&format!("{API}{}", policy(spec)));
            let net = Network::new(&objects);
            assert!(net.policies[0].select_all, "{spec}");
            assert!(net.isolated(0, Direction::Ingress), "{spec}");
            assert!(!net.isolated(0, Direction::Egress), "{spec}");
        }
    }

    #[test]
    fn selection_uses_labels_expressions_and_namespace() {
        let cases = [
            ("{podSelector: {matchLabels: {app: api}}}", true),
            ("{podSelector: {matchLabels: {app: api, tier: web}}}", false),
            ("{podSelector: {matchLabels: {app: db}}}", false),
            (
                "{podSelector: {matchExpressions: [{key: app, operator: In, values: [api, db]}]}}",
                true,
            ),
            (
                "{podSelector: {matchExpressions: [{key: app, operator: Bogus}]}}",
                false,
            ),
        ];
        for (spec, selected) in cases {
            let objects = load(&format!("{API}{}", policy(spec)));
            let net = Network::new(&objects);
            assert_eq!(net.isolated(0, Direction::Ingress), selected, "{spec}");
        }
        // The same policy in another namespace selects nothing here.
        let other = policy("{podSelector: {}}").replace("shop", "other");
        let objects = load(&format!("{API}{other}"));
        let net = Network::new(&objects);
        assert!(!net.isolated(0, Direction::Ingress));
    }

    #[test]
    fn default_deny_allows_narrow_exceptions_only() {
        let deny = |spec: &str, dir| {
            let objects = load(&policy(spec));
            Policy::parse(&objects[0]).is_some_and(|p| p.default_denies(dir))
        };
        use Direction::*;
        assert!(deny("{podSelector: {}}", Ingress));
        assert!(!deny("{podSelector: {}}", Egress));
        assert!(deny(
            "{podSelector: {}, policyTypes: [Ingress, Egress]}",
            Egress
        ));
        assert!(!deny("{podSelector: {matchLabels: {app: x}}}", Ingress));
        assert!(!deny("{podSelector: {}, ingress: [{}]}", Ingress));
        assert!(!deny("{podSelector: {}, ingress: [{from: []}]}", Ingress));
        assert!(!deny(
            "{podSelector: {}, ingress: [{ports: [{port: 80}]}]}",
            Ingress
        ));
        assert!(!deny(
            "{podSelector: {}, ingress: [{from: [{namespaceSelector: {}}]}]}",
            Ingress
        ));
        assert!(!deny(
            "{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}",
            Ingress
        ));
        assert!(deny(
            "{podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {app: prometheus}}}]}]}",
            Ingress
        ));
        assert!(deny(
            "{podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]}",
            Egress
        ));
        assert!(!deny(
            "{podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 443}]}]}",
            Egress
        ));
    }

    #[test]
    fn selectors_render_for_people() {
        let objects = load(&policy(
            "{podSelector: {matchLabels: {app: api}, matchExpressions: [{key: tier, operator: In, values: [web, db]}, {key: canary, operator: DoesNotExist}]}}",
        ));
        let p = Policy::parse(&objects[0]).unwrap();
        assert_eq!(
            p.selector_text(),
            "app=api, tier In (web, db), canary DoesNotExist"
        );
    }
}
