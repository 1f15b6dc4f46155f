//! Runs every rule over real public manifests (Online Boutique, Sock Shop, Istio Bookinfo,
//! kubernetes/examples, from the shared corpus): nothing may panic, every file must load
//! (except known, legitimate failures), and secret evidence must stay redacted. Counts per
//! rule are printed for review:
//!
//! ```text
//! cargo test -p palisade-rules --test real_manifests -- --nocapture
//! PALISADE_PRINT_FINDINGS=1 cargo test -p palisade-rules --test real_manifests -- --nocapture
//! ```
//!
//! The corpus lives outside the repository; when it is absent the test says so and passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use palisade_rules::{all, run, Settings};

/// Files that legitimately fail to load, with the reason.
const KNOWN_LOAD_ERRORS: &[(&str, &str)] = &[(
    "manifests/sock-shop/manifests-monitoring/23-grafana-import-dash-batch.yaml",
    "a multi-line single-quoted annotation whose closing line `]'` is indented no deeper \
     than its key: invalid YAML 1.2 (yaml-rust2 rejects it) that go-yaml/kubectl accept",
)];

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn real_manifests_scan_cleanly() {
    let root = corpus_root();
    if !root.is_dir() {
        eprintln!(
            "skipping: corpus not found at {} (it is not part of the repository)",
            root.display()
        );
        return;
    }
    let print_all = std::env::var_os("PALISADE_PRINT_FINDINGS").is_some();
    let mut totals: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for corpus in ["online-boutique", "manifests"] {
        let dir = root.join(corpus);
        let mut files = Vec::new();
        yaml_files(&dir, &mut files);
        assert!(!files.is_empty(), "no YAML under {}", dir.display());

        let mut objects = Vec::new();
        let mut errors = Vec::new();
        for file in &files {
            let shown = file
                .strip_prefix(&root)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{shown}: {e}"));
            let loaded = palisade_k8s::load_bytes(&shown, &bytes);
            for e in loaded.errors {
                if !KNOWN_LOAD_ERRORS.iter().any(|(p, _)| *p == shown) {
                    errors.push(e.to_string());
                }
            }
            objects.extend(loaded.objects);
        }
        assert!(
            errors.is_empty(),
            "unexpected load errors:\n{}",
            errors.join("\n")
        );

        let outcome = run(&objects, &Settings::default(), &|_| true);
        let counts = totals.entry(corpus).or_default();
        for rule in all() {
            counts.insert(rule.meta().id.to_string(), 0);
        }
        let mut findings = outcome.findings;
        findings.sort_by(|a, b| {
            (&a.rule, &a.location.path, a.location.line).cmp(&(
                &b.rule,
                &b.location.path,
                b.location.line,
            ))
        });
        for f in &findings {
            *counts.entry(f.rule.to_string()).or_default() += 1;
            if f.rule == "K8S039" {
                let ev = f.evidence.as_deref().unwrap_or("");
                assert!(ev.contains('…'), "unredacted K8S039 evidence: {ev}");
            }
            if f.rule == "K8S053" {
                let ev = f.evidence.as_deref().unwrap_or("");
                assert!(ev.starts_with("value not shown"), "K8S053 evidence: {ev}");
            }
            if print_all {
                println!(
                    "{}:{}:{} {} [{}] {}{}",
                    f.location.path,
                    f.location.line,
                    f.location.column,
                    f.rule,
                    f.severity,
                    f.title,
                    f.evidence
                        .as_deref()
                        .map(|e| format!(" — {e}"))
                        .unwrap_or_default()
                );
            }
        }
        println!(
            "{corpus}: {} files, {} objects, {} findings",
            files.len(),
            objects.len(),
            findings.len()
        );
    }
    println!("\nfindings per rule:");
    println!(
        "{:<8} {:>16} {:>10}",
        "rule", "online-boutique", "manifests"
    );
    for rule in all() {
        let id = rule.meta().id;
        let n = |c: &str| totals.get(c).and_then(|m| m.get(id)).copied().unwrap_or(0);
        println!(
            "{id:<8} {:>16} {:>10}",
            n("online-boutique"),
            n("manifests")
        );
    }
}
