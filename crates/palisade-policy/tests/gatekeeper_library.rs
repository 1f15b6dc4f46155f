//! Our five Gatekeeper templates (`policies/gatekeeper/*`): each constraint passes its
//! `fixtures/pass.yaml` and reports exactly the expected violations in `fixtures/fail.yaml`.

use std::path::PathBuf;

use palisade_policy::{Action, PolicyOptions, PolicySet, Review};

fn library(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies/gatekeeper")
        .join(name)
}

/// (object, action, message) of every violation of `fixture` under template `name`.
fn run(name: &str, fixture: &str) -> Vec<(String, Action, String)> {
    let dir = library(name);
    let set = PolicySet::load(std::slice::from_ref(&dir), &PolicyOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(set.policy_count(), (0, 1), "{name}: one constraint");
    let path = dir.join("fixtures").join(fixture);
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = palisade_k8s::load_str(&path.display().to_string(), &text);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut out = Vec::new();
    for o in &loaded.objects {
        let ev = set.evaluate(o, &Review::for_scan(o));
        assert!(ev.errors.is_empty(), "{name}/{fixture}: {:?}", ev.errors);
        for v in ev.violations {
            out.push((o.reference().to_string(), v.action, v.finding.title));
        }
    }
    out.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    out
}

fn assert_messages(got: &[(String, Action, String)], expected: &[(&str, &str)]) {
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((obj, _, msg), (want_obj, want_part)) in got.iter().zip(expected) {
        assert_eq!(obj, want_obj, "{got:#?}");
        assert!(msg.contains(want_part), "`{msg}` lacks `{want_part}`");
    }
}

#[test]
fn required_labels() {
    assert!(run("required-labels", "pass.yaml").is_empty());
    let got = run("required-labels", "fail.yaml");
    assert_messages(
        &got,
        &[
            (
                "Deployment/shop/api",
                "Deployment api must have labels {\"owner\"}",
            ),
            (
                "Job/shop/migrate",
                "label <owner: Team_Orders> of Job migrate does not match",
            ),
        ],
    );
    assert!(got.iter().all(|g| g.1 == Action::Deny));
}

#[test]
fn allowed_repos() {
    assert!(run("allowed-repos", "pass.yaml").is_empty());
    assert_messages(
        &run("allowed-repos", "fail.yaml"),
        &[
            (
                "CronJob/shop/cleanup",
                "container <fetch> has an invalid image repo <quay.io/someone/fetcher:2>",
            ),
            (
                "Pod/shop/debug",
                "container <shell> has an invalid image repo <docker.io/library/alpine:3.20>",
            ),
        ],
    );
}

#[test]
fn block_nodeport() {
    assert!(run("block-nodeport", "pass.yaml").is_empty());
    assert_messages(
        &run("block-nodeport", "fail.yaml"),
        &[
            ("Service/shop/debug", "Service debug is of type NodePort"),
            (
                "Service/shop/lb",
                "Service lb sets nodePort 30443 on port 443",
            ),
        ],
    );
}

#[test]
fn container_limits() {
    assert!(run("container-limits", "pass.yaml").is_empty());
    let got = run("container-limits", "fail.yaml");
    assert_messages(
        &got,
        &[
            (
                "StatefulSet/shop/db",
                "container <db> cpu limit <4> is higher than the maximum allowed of <2>",
            ),
            (
                "StatefulSet/shop/db",
                "container <db> memory limit <2Gi> is higher than the maximum allowed of <1Gi>",
            ),
            (
                "StatefulSet/shop/db",
                "container <exporter> has no memory limit",
            ),
        ],
    );
    assert!(
        got.iter().all(|g| g.1 == Action::Warn),
        "the constraint warns"
    );
}

#[test]
fn disallowed_tags() {
    assert!(run("disallowed-tags", "pass.yaml").is_empty());
    assert_messages(
        &run("disallowed-tags", "fail.yaml"),
        &[
            (
                "Deployment/shop/web",
                "container <tools> image <registry.example.com:5000/shop/tools> has no tag",
            ),
            (
                "Deployment/shop/web",
                "container <web> uses a disallowed tag <ghcr.io/example/web:latest>",
            ),
        ],
    );
}

/// All five load together (distinct kinds and packages, one shared lib package name).
#[test]
fn the_whole_library_loads_at_once() {
    let set = PolicySet::load(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies/gatekeeper")],
        &PolicyOptions::default(),
    )
    .unwrap();
    assert_eq!(set.policy_count(), (0, 5));
    assert_eq!(set.rules().len(), 5);
}
