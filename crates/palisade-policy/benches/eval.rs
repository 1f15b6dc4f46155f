//! regorus evaluation time per policy: each of the five Gatekeeper templates of
//! `policies/gatekeeper` and the shop's Conftest policies, alone, on one Deployment; then
//! all of them together (what admission pays per review besides the built-in rules), and
//! the cost of converting the object and of cloning an engine instead of pooling.
//!
//! `cargo bench -p palisade-policy --bench eval`

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use palisade_policy::{PolicyOptions, PolicySet, Review};

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n  labels: {app: api}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      initContainers:\n        - name: init\n          image: docker.io/library/busybox\n      containers:\n        - name: api\n          image: ghcr.io/example/api:latest\n          ports: [{containerPort: 8080}]\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {cpu: \"4\", memory: 2Gi}\n        - name: proxy\n          image: ghcr.io/example/proxy:1.2\n          resources:\n            limits: {cpu: 200m}\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bench(c: &mut Criterion) {
    let obj = palisade_k8s::load_str("bench.yaml", DEPLOYMENT)
        .objects
        .remove(0);
    let review = Review::for_scan(&obj);
    let mut policies: Vec<(String, PathBuf)> = [
        "required-labels",
        "allowed-repos",
        "block-nodeport",
        "container-limits",
        "disallowed-tags",
    ]
    .iter()
    .map(|n| {
        (
            format!("gatekeeper/{n}"),
            root().join("policies/gatekeeper").join(n),
        )
    })
    .collect();
    policies.push((
        "conftest/shop".into(),
        root().join("examples/shop/policies/shop.rego"),
    ));

    let mut group = c.benchmark_group("policy");
    for (name, path) in &policies {
        let set = PolicySet::load(std::slice::from_ref(path), &PolicyOptions::default()).unwrap();
        group.bench_function(name.as_str(), |b| b.iter(|| set.evaluate(&obj, &review)));
    }
    let all: Vec<PathBuf> = policies.iter().map(|(_, p)| p.clone()).collect();
    let set = PolicySet::load(&all, &PolicyOptions::default()).unwrap();
    group.bench_function("all-six", |b| b.iter(|| set.evaluate(&obj, &review)));
    group.bench_function("object-to-rego-value", |b| {
        b.iter(|| palisade_policy::value::from_node(&obj.node))
    });
    group.finish();

    // Pool versus a fresh engine clone per evaluation: the pool is what PolicySet uses.
    let mut engine = regorus::Engine::new();
    engine
        .add_policy(
            "p.rego".into(),
            std::fs::read_to_string(root().join("examples/shop/policies/shop.rego")).unwrap(),
        )
        .unwrap();
    engine.eval_query("true".into(), false).unwrap();
    let input = palisade_policy::value::from_node(&obj.node);
    let mut g = c.benchmark_group("engine");
    g.bench_function("clone-per-eval", |b| {
        b.iter(|| {
            let mut e = engine.clone();
            e.set_input(input.clone());
            e.eval_rule("data.main.deny_unpinned_image".into()).unwrap()
        })
    });
    g.bench_function("reuse", |b| {
        b.iter(|| {
            engine.set_input(input.clone());
            engine
                .eval_rule("data.main.deny_unpinned_image".into())
                .unwrap()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
