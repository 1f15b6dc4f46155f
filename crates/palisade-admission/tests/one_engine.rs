//! One engine: every fixture object gets the same findings, and so the same verdict,
//! whether it is scanned from a file or arrives as an AdmissionReview (CREATE, and UPDATE
//! with an oldObject), for every built-in rule (the whole-scan `network` family aside) and
//! every policy of `bench/policies`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use palisade_admission::engine::message;
use palisade_admission::{Config, Endpoint, Engine};
use palisade_policy::{PolicyOptions, PolicySet, Review};
use serde_json::json;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

#[test]
fn scan_and_admission_agree_on_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let policies_dir = root.join("bench/policies");
    let mut files = Vec::new();
    yaml_files(
        &root.join("crates/palisade-rules/tests/fixtures"),
        &mut files,
    );
    let corpus = root.join("../shared/corpus/psa");
    yaml_files(&corpus, &mut files);
    assert!(
        files.len() > 100,
        "fixtures and the PSS corpus are found ({} files)",
        files.len()
    );

    let config = Config {
        policies: vec![policies_dir.clone()],
        ..Config::default()
    };
    let extra = palisade_admission::policies::evaluators(&config).unwrap();
    let engine = Engine::new(config, extra).unwrap();
    let policies = PolicySet::load(&[policies_dir], &PolicyOptions::default()).unwrap();
    let settings = palisade_rules::Settings::default();

    let (mut objects_checked, mut findings_checked) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let loaded = palisade_k8s::load_str("admission", &text);
        // The webhook does not see Namespace objects: objects in a namespace whose PSS
        // version a Namespace of the same file pins are left out (see the README).
        let pinned: HashSet<&str> = loaded
            .objects
            .iter()
            .filter(|o| {
                o.kind == "Namespace" && o.labels().iter().any(|(k, _)| k.contains("pod-security"))
            })
            .map(|o| o.name.as_str())
            .collect();
        let scan = palisade_rules::run(&loaded.objects, &settings, &|m| {
            m.default_enabled && m.family != "network"
        });
        for obj in &loaded.objects {
            if pinned.contains(obj.namespace_or_default()) {
                continue;
            }
            let mut expected: Vec<String> = scan
                .findings
                .iter()
                .filter(|f| f.location.object.as_ref() == Some(&obj.reference()))
                .map(message)
                .collect();
            expected.extend(
                policies
                    .evaluate(obj, &Review::for_scan(obj))
                    .into_findings()
                    .iter()
                    .map(message),
            );
            expected.sort();
            let ns = if palisade_policy::is_cluster_scoped(&obj.kind) {
                ""
            } else {
                obj.namespace_or_default()
            };
            let object = obj.node.to_json();
            for (op, old) in [
                ("CREATE", serde_json::Value::Null),
                ("UPDATE", object.clone()),
            ] {
                let review = json!({
                    "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                    "request": {
                        "uid": "u", "operation": op, "namespace": ns, "name": obj.name,
                        "kind": {"group": "", "version": "v1", "kind": obj.kind},
                        "userInfo": {"username": "alice"},
                        "object": object, "oldObject": old
                    }
                });
                let d = engine
                    .review(Endpoint::Validate, review.to_string().as_bytes())
                    .unwrap();
                let mut got: Vec<String> = d.findings.iter().map(|j| j.message.clone()).collect();
                got.sort();
                assert_eq!(got, expected, "{} {} {op}", file.display(), obj.reference());
                let denies = d.findings.iter().any(|j| j.outcome == "deny");
                assert_eq!(!d.allowed, denies, "{}", file.display());
            }
            objects_checked += 1;
            findings_checked += expected.len();
        }
    }
    assert!(objects_checked > 150, "{objects_checked} objects");
    assert!(findings_checked > 300, "{findings_checked} findings");
}
