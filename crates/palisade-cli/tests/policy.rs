//! Rego policies from the command line: `scan --policy`, `policy test`, `policy eval`,
//! `explain --policy`, as a user types them.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn palisade() -> Command {
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  containers:\n    - name: api\n      image: shop/api:1.0\n";

const POLICY: &str = "package main\n\n# METADATA\n# title: Pods need an owner label\n# custom:\n#   id: POL100\n#   severity: low\ndeny_owner contains msg if {\n  not input.metadata.labels.owner\n  msg := sprintf(\"%s %s has no owner label\", [input.kind, input.metadata.name])\n}\n";

fn scan_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out = palisade()
        .arg("scan")
        .arg(dir.join("k8s"))
        .args(["--format", "json", "--no-secrets", "--no-config"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

fn policy_findings(v: &Value) -> Vec<&Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["tags"].as_array().unwrap().iter().any(|t| t == "policy"))
        .collect()
}

#[test]
fn scan_runs_policies_through_the_normal_pipeline() {
    let d = tree(&[("k8s/pod.yaml", POD), ("policies/owner.rego", POLICY)]);
    let pol = d.path().join("policies");
    let (code, v) = scan_json(d.path(), &["--policy", pol.to_str().unwrap()]);
    assert_eq!(code, 1);
    let found = policy_findings(&v);
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(found[0]["rule"], "POL100");
    assert_eq!(found[0]["severity"], "low");
    assert_eq!(found[0]["title"], "Pod api has no owner label");
    assert_eq!(found[0]["location"]["line"], 1);

    // --disable knows the policy's rule id; --fail-on and --min-severity apply.
    let (_, v) = scan_json(
        d.path(),
        &["--policy", pol.to_str().unwrap(), "--disable", "POL100"],
    );
    assert!(policy_findings(&v).is_empty());
    let (_, v) = scan_json(
        d.path(),
        &[
            "--policy",
            pol.to_str().unwrap(),
            "--min-severity",
            "medium",
        ],
    );
    assert!(policy_findings(&v).is_empty());
}

#[test]
fn ignores_in_configuration_apply_to_policy_findings() {
    let d = tree(&[
        ("k8s/pod.yaml", POD),
        ("policies/owner.rego", POLICY),
        (
            ".palisade.yaml",
            "ignore:\n  - rule: POL100\n    reason: owners are assigned later\n",
        ),
    ]);
    let out = palisade()
        .arg("scan")
        .arg(d.path().join("k8s"))
        .args(["--format", "json", "--no-secrets", "--policy"])
        .arg(d.path().join("policies"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(policy_findings(&v).is_empty(), "{v:#}");
}

#[test]
fn sarif_lists_policy_rules_with_their_docs() {
    let d = tree(&[("k8s/pod.yaml", POD), ("policies/owner.rego", POLICY)]);
    let out = palisade()
        .arg("scan")
        .arg(d.path().join("k8s"))
        .args([
            "--format",
            "sarif",
            "--no-secrets",
            "--no-config",
            "--policy",
        ])
        .arg(d.path().join("policies"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let r = rules
        .iter()
        .find(|r| r["id"] == "POL100")
        .expect("POL100 in rules[]");
    assert!(r.to_string().contains("Pods need an owner label"), "{r}");
}

#[test]
fn broken_policy_is_a_configuration_error_with_file_and_line() {
    let d = tree(&[
        ("k8s/pod.yaml", POD),
        (
            "policies/bad.rego",
            "package main\n\ndeny contains msg if {\n  msg := \n}\n",
        ),
    ]);
    palisade()
        .arg("scan")
        .arg(d.path().join("k8s"))
        .args(["--no-secrets", "--policy"])
        .arg(d.path().join("policies"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.rego:5").or(predicate::str::contains("bad.rego:4")));
}

#[test]
fn namespaces_select_packages() {
    let d = tree(&[
        ("k8s/pod.yaml", POD),
        (
            "policies/a.rego",
            "package main\ndeny contains \"from main\" if { true }\n",
        ),
        (
            "policies/b.rego",
            "package extra\ndeny contains \"from extra\" if { true }\n",
        ),
    ]);
    let pol = d.path().join("policies");
    let titles = |extra: &[&str]| {
        let mut args = vec!["--policy", pol.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (_, v) = scan_json(d.path(), &args);
        let mut t: Vec<String> = policy_findings(&v)
            .iter()
            .map(|f| f["title"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles(&[]), vec!["from main"]);
    assert_eq!(titles(&["--namespace", "extra"]), vec!["from extra"]);
    assert_eq!(
        titles(&["--all-namespaces"]),
        vec!["from extra", "from main"]
    );
}

#[test]
fn gatekeeper_library_on_a_scan() {
    let d = tree(&[(
        "k8s/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: debug, namespace: shop}\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n",
    )]);
    let (code, v) = scan_json(
        d.path(),
        &["--policy", repo("policies/gatekeeper").to_str().unwrap()],
    );
    assert_eq!(code, 1);
    let found = policy_findings(&v);
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(found[0]["rule"], "K8sBlockNodePort/block-node-port");
    assert!(found[0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "gatekeeper"));
}

#[test]
fn policy_test_reports_pass_fail_and_exit_codes() {
    palisade()
        .args(["policy", "test"])
        .arg(repo("examples/shop/policies"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS: 6/6"));
    let d = tree(&[
        ("p.rego", "package main\ndeny contains \"x\" if { input.kind == \"Pod\" }\n"),
        ("p_test.rego", "package main_test\nimport data.main\ntest_ok if { main.deny[\"x\"] with input as {\"kind\": \"Pod\"} }\ntest_wrong if { main.deny[\"x\"] with input as {\"kind\": \"Service\"} }\n"),
    ]);
    palisade()
        .args(["policy", "test", "-v"])
        .arg(d.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("data.main_test.test_ok: PASS"))
        .stdout(predicate::str::contains(
            "p_test.rego:4: data.main_test.test_wrong: FAIL",
        ))
        .stdout(predicate::str::contains("FAIL: 1/2"));
    palisade()
        .args(["policy", "test", "--run", "test_ok"])
        .arg(d.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS: 1/1"));
    let bad = tree(&[("x_test.rego", "package t\ntest_x if {\n")]);
    palisade()
        .args(["policy", "test"])
        .arg(bad.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("x_test.rego:"));
}

#[test]
fn policy_eval_prints_json_results() {
    let d = tree(&[("pod.yaml", POD), ("policies/owner.rego", POLICY)]);
    let out = palisade()
        .args(["policy", "eval", "--policy"])
        .arg(d.path().join("policies"))
        .arg("--input")
        .arg(d.path().join("pod.yaml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["data.main.deny_owner"],
        serde_json::json!(["Pod api has no owner label"])
    );
    let out = palisade()
        .args(["policy", "eval", "--policy"])
        .arg(d.path().join("policies"))
        .arg("--input")
        .arg(d.path().join("pod.yaml"))
        .arg("count(data.main.deny_owner)")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["result"][0]["expressions"][0]["value"], 1);
}

#[test]
fn explain_shows_policy_rule_docs() {
    palisade()
        .args(["explain", "SHOP001", "--policy"])
        .arg(repo("examples/shop/policies"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Images come from the shop's registry",
        ))
        .stdout(predicate::str::contains(
            "https://kubernetes.io/docs/concepts/containers/images",
        ));
    palisade()
        .args([
            "explain",
            "K8sRequiredLabels/workloads-have-owner",
            "--policy",
        ])
        .arg(repo("policies/gatekeeper"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Required Labels"));
}

#[test]
fn the_demo_has_policy_findings() {
    let out = palisade()
        .arg("scan")
        .arg(repo("examples/shop/k8s"))
        .args([
            "--format",
            "json",
            "--no-secrets",
            "--no-config",
            "--policy",
        ])
        .arg(repo("examples/shop/policies"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = policy_findings(&v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"SHOP001"), "{rules:?}");
    assert!(rules.contains(&"SHOP002"), "{rules:?}");
}
