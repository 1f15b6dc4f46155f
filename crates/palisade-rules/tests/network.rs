//! The network rules on real applications: Google's Online Boutique (kustomize base + its
//! network-policies component) and Weaveworks' Sock Shop (manifests + manifests-policy), read
//! from the shared corpus (skipped with a message when it is absent), plus whole-scan
//! behaviours the one-file fixtures cannot show.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use palisade_core::{Finding, Severity};
use palisade_k8s::Object;
use palisade_rules::{run, Settings};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: shared corpus not found at {}", dir.display());
        None
    }
}

/// Every `*.yaml` / `*.yml` file of `dir` (sorted) whose name passes `keep`.
fn load_dir(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<Object> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".yaml") || name.ends_with(".yml")) && keep(&name)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no manifests in {}", dir.display());
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let loaded = palisade_k8s::load_str(&f.display().to_string(), &text);
            assert!(
                loaded.errors.is_empty(),
                "{}: {:?}",
                f.display(),
                loaded.errors
            );
            loaded.objects
        })
        .collect()
}

fn findings(objects: &[Object], id: &str) -> Vec<Finding> {
    run(objects, &Settings::default(), &|m| m.id == id).findings
}

/// The object names the findings of `id` are about.
fn names(objects: &[Object], id: &str) -> BTreeSet<String> {
    findings(objects, id)
        .into_iter()
        .map(|f| {
            f.location
                .object
                .expect("findings are about an object")
                .name
        })
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

const BOUTIQUE: [&str; 12] = [
    "adservice",
    "cartservice",
    "checkoutservice",
    "currencyservice",
    "emailservice",
    "frontend",
    "loadgenerator",
    "paymentservice",
    "productcatalogservice",
    "recommendationservice",
    "redis-cart",
    "shippingservice",
];

fn boutique(with_policies: impl Fn(&str) -> bool) -> Option<Vec<Object>> {
    let root = corpus()?.join("online-boutique/kustomize");
    let mut objects = load_dir(&root.join("base"), |_| true);
    objects.extend(load_dir(
        &root.join("components/network-policies"),
        with_policies,
    ));
    Some(objects)
}

#[test]
fn online_boutique_with_its_policies_is_fully_covered() {
    let Some(objects) = boutique(|_| true) else {
        return;
    };
    // deny-all (podSelector {}, Ingress+Egress) isolates every pod both ways; the per-app
    // policies then allow their clients and `egress: [{}]` (all egress, on purpose per the
    // component's README) — isolated, but wide open, which NET002 does not judge.
    for id in ["NET001", "NET002", "NET003", "NET004"] {
        assert!(
            findings(&objects, id).is_empty(),
            "{id}: {:#?}",
            findings(&objects, id)
        );
    }
    // frontend's `ingress: [{}]` is from anywhere, but frontend-external is a LoadBalancer.
    assert!(findings(&objects, "NET005").is_empty());
}

#[test]
fn online_boutique_without_policies_leaves_every_workload_open() {
    let Some(objects) = boutique(|name| name == "kustomization.yaml") else {
        return;
    };
    assert_eq!(names(&objects, "NET001"), set(&BOUTIQUE));
    assert_eq!(names(&objects, "NET002"), set(&BOUTIQUE));
    let ns = findings(&objects, "NET003");
    assert_eq!(ns.len(), 1, "{ns:#?}");
    assert_eq!(
        ns[0].title,
        "namespace `default` has no default-deny NetworkPolicy for ingress and egress"
    );
    // No Namespace object: reported at the first workload of the scan.
    assert_eq!(ns[0].location.object.as_ref().unwrap().name, "adservice");
    assert!(findings(&objects, "NET004").is_empty());
}

#[test]
fn online_boutique_loadgenerator_relies_on_deny_all_for_ingress() {
    // loadgenerator's own policy is Egress-only: without deny-all nothing isolates its
    // ingress, while every other workload has an Ingress policy of its own.
    let Some(objects) = boutique(|name| name != "network-policy-deny-all.yaml") else {
        return;
    };
    assert_eq!(names(&objects, "NET001"), set(&["loadgenerator"]));
    assert!(findings(&objects, "NET002").is_empty());
    let ns = findings(&objects, "NET003");
    assert_eq!(ns.len(), 1);
    assert!(
        ns[0].title.ends_with("for ingress and egress"),
        "{}",
        ns[0].title
    );
}

const SOCK_SHOP: [&str; 14] = [
    "carts",
    "carts-db",
    "catalogue",
    "catalogue-db",
    "front-end",
    "orders",
    "orders-db",
    "payment",
    "queue-master",
    "rabbitmq",
    "session-db",
    "shipping",
    "user",
    "user-db",
];

fn sock_shop(policies: Option<&dyn Fn(&str) -> bool>) -> Option<Vec<Object>> {
    let root = corpus()?.join("manifests/sock-shop");
    let mut objects = load_dir(&root.join("manifests"), |_| true);
    if let Some(keep) = policies {
        objects.extend(load_dir(&root.join("manifests-policy"), keep));
    }
    Some(objects)
}

#[test]
fn sock_shop_with_its_policies() {
    let Some(objects) = sock_shop(Some(&|_: &str| true)) else {
        return;
    };
    // cortex-access has `podSelector: {matchLabels: }`: it selects every pod of sock-shop
    // for ingress, so every workload is isolated for ingress.
    assert!(findings(&objects, "NET001").is_empty());
    // No policy has egress rules or policyTypes: nothing is isolated for egress.
    assert_eq!(names(&objects, "NET002"), set(&SOCK_SHOP));
    // cortex-access is a default deny for ingress with one exception (pods name=cortex);
    // the legacy DefaultDeny Namespace annotation is not honoured, and nothing denies egress.
    let ns = findings(&objects, "NET003");
    assert_eq!(ns.len(), 1, "{ns:#?}");
    assert_eq!(
        ns[0].title,
        "namespace `sock-shop` has no default-deny NetworkPolicy for egress"
    );
    assert_eq!(ns[0].severity, Severity::Low);
    assert_eq!(ns[0].location.object.as_ref().unwrap().kind, "Namespace");
    assert!(ns[0].location.path.ends_with("00-sock-shop-ns.yaml"));
    // A real typo: cart-access selects name=cart, the pods are labelled name=carts.
    let dead = findings(&objects, "NET004");
    assert_eq!(dead.len(), 1, "{dead:#?}");
    assert_eq!(
        dead[0].location.object.as_ref().unwrap().name,
        "cart-access"
    );
    // The evidence puts the values closest to the typo first.
    let evidence = dead[0].evidence.as_deref().unwrap_or("");
    assert!(
        evidence.starts_with("`name` values in namespace `sock-shop`: carts, carts-db, "),
        "{evidence}"
    );
    // front-end-access allows every source on 8079, but front-end is a NodePort Service.
    assert!(findings(&objects, "NET005").is_empty());
}

#[test]
fn sock_shop_without_the_catch_all_policy_shows_the_gaps() {
    let Some(objects) = sock_shop(Some(&|name: &str| name != "netpol-cortex-access.yaml")) else {
        return;
    };
    // carts (the typo), and queue-master and session-db, which have no policy at all.
    assert_eq!(
        names(&objects, "NET001"),
        set(&["carts", "queue-master", "session-db"])
    );
    let ns = findings(&objects, "NET003");
    assert_eq!(ns.len(), 1);
    assert!(ns[0].title.ends_with("for ingress and egress"));
    assert_eq!(ns[0].severity, Severity::Medium);
}

#[test]
fn sock_shop_without_policies_leaves_every_workload_open() {
    let Some(objects) = sock_shop(None) else {
        return;
    };
    assert_eq!(names(&objects, "NET001"), set(&SOCK_SHOP));
    assert_eq!(names(&objects, "NET002"), set(&SOCK_SHOP));
    assert_eq!(findings(&objects, "NET003").len(), 1);
    assert!(findings(&objects, "NET004").is_empty());
    assert!(findings(&objects, "NET005").is_empty());
}

fn load(text: &str) -> Vec<Object> {
    let loaded = palisade_k8s::load_str("scan.yaml", text);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.objects
}

const NETWORK: [&str; 5] = ["NET001", "NET002", "NET003", "NET004", "NET005"];

#[test]
fn a_scan_without_workloads_reports_nothing() {
    // A Service, a Namespace and a policy alone: the workloads live elsewhere.
    let objects = load(
        "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec: {podSelector: {matchLabels: {app: api}}, ingress: [{}]}\n",
    );
    for id in NETWORK {
        assert!(findings(&objects, id).is_empty(), "{id}");
    }
}

#[test]
fn policies_and_workloads_in_different_files_meet() {
    let mut objects = load(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api}]}\n",
    );
    let policy = palisade_k8s::load_str(
        "policies.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n",
    );
    objects.extend(policy.objects);
    for id in NETWORK {
        assert!(findings(&objects, id).is_empty(), "{id}");
    }
}

#[test]
fn a_namespace_finding_is_keyed_by_namespace() {
    // Two namespaces reported at the same kind of place must not share a fingerprint.
    let objects = load(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: one}\nspec: {containers: [{name: a}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: two}\nspec: {containers: [{name: a}]}\n",
    );
    let f = findings(&objects, "NET003");
    assert_eq!(f.len(), 2);
    assert_ne!(f[0].fingerprint, f[1].fingerprint);
}

/// Thousands of workloads and policies in one namespace, selecting by `matchLabels` and by
/// `In` expressions: selection is indexed by label, so this stays far from workloads ×
/// policies selector evaluations (speed itself is for benchmarks, not asserted here).
#[test]
fn two_thousand_workloads_with_their_policies() {
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{i}, namespace: big}}\nspec:\n  template:\n    metadata: {{labels: {{app: app-{i}, team: t{}}}}}\n    spec: {{containers: [{{name: c}}]}}\n",
            i % 10
        ));
        // Every other workload gets its own policy; one policy per 500 selects nothing.
        if i % 2 == 0 {
            let app = if i % 500 == 0 {
                format!("typo-{i}")
            } else {
                format!("app-{i}")
            };
            let selector = if i % 4 == 0 {
                format!("{{matchExpressions: [{{key: app, operator: In, values: [{app}, gone]}}]}}")
            } else {
                format!("{{matchLabels: {{app: {app}}}}}")
            };
            text.push_str(&format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p-{i}, namespace: big}}\nspec: {{podSelector: {selector}, policyTypes: [Ingress, Egress]}}\n"
            ));
        }
    }
    let objects = load(&text);
    assert_eq!(findings(&objects, "NET001").len(), 1000 + 4);
    assert_eq!(findings(&objects, "NET002").len(), 1000 + 4);
    assert_eq!(findings(&objects, "NET004").len(), 4);
    assert_eq!(findings(&objects, "NET003").len(), 1);
}
