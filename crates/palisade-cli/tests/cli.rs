//! The CLI as a user types it: every flag, every exit code, hostile inputs.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  containers:\n    - name: api\n      image: shop/api:1.0\n      securityContext:\n        privileged: true\n";

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

fn json_scan(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out = palisade()
        .arg("scan")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

fn rules_of(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn finding_exits_1_and_points_at_the_field() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    let (code, v) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "K8S001")
        .unwrap();
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["location"]["line"], 11);
    assert_eq!(f["location"]["column"], 21);
    assert_eq!(f["location"]["object"]["kind"], "Pod");
    assert_eq!(
        f["location"]["field"],
        "spec.containers[0].securityContext.privileged"
    );
    assert!(f["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "pss:baseline"));
    assert_eq!(v["schemaVersion"], "1.0");
}

#[test]
fn fail_on_threshold_decides_the_exit_code() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--fail-on", "critical"])
        .assert()
        .code(1);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--fail-on", "bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fail-on"));
}

#[test]
fn clean_input_exits_0() {
    let dir = tree(&[(
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n",
    )]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 findings"));
}

#[test]
fn stdin_is_read_with_dash() {
    palisade()
        .args(["scan", "-", "--format", "json"])
        .write_stdin(PRIVILEGED_POD)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"path\": \"-\""))
        .stdout(predicate::str::contains("K8S001"));
}

#[test]
fn malformed_yaml_is_reported_and_the_rest_is_scanned() {
    let dir = tree(&[
        (
            "a-bad.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n",
        ),
        ("b-pod.yaml", PRIVILEGED_POD),
    ]);
    let (code, v) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    let e = &v["errors"][0];
    assert!(e["path"].as_str().unwrap().ends_with("a-bad.yaml"));
    assert!(e["line"].as_u64().unwrap() >= 3);
    assert!(e["message"].as_str().unwrap().contains("invalid YAML"));
    assert!(rules_of(&v).contains(&"K8S001".to_string()));
}

#[test]
fn input_errors_fail_the_gate_even_without_findings() {
    let dir = tree(&[("bad.yaml", "apiVersion: v1\nkind: [\n")]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error:"));
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
}

#[test]
fn missing_path_is_an_input_error() {
    palisade()
        .args(["scan", "/definitely/not/here.yaml", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("cannot read"));
}

#[test]
fn alias_bomb_is_bounded_and_reported() {
    let mut bomb = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let mut prev = "a".to_string();
    for i in 0..9 {
        let n = format!("l{i}");
        bomb.push_str(&format!("  {n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = n;
    }
    let dir = tree(&[("bomb.yaml", &bomb), ("pod.yaml", PRIVILEGED_POD)]);
    let (code, v) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("alias"),
        "{v}"
    );
    assert!(rules_of(&v).contains(&"K8S001".to_string()));
}

#[test]
fn files_over_the_size_limit_are_reported_not_parsed() {
    let big = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: big}}\ndata:\n  blob: \"{}\"\n",
        "x".repeat(4096)
    );
    let dir = tree(&[("big.yaml", &big)]);
    let (code, v) = json_scan(dir.path(), &["--max-file-size", "1024"]);
    assert_eq!(code, 1);
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("--max-file-size"));
}

#[test]
fn invalid_utf8_and_nul_bytes_do_not_panic() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("bin.yaml"),
        b"apiVersion: v1\nkind: Pod\n\xff\xfe\x00\x00",
    )
    .unwrap();
    fs::write(
        dir.path().join("nul.yaml"),
        b"apiVersion: v1\nkind: Pod\nmetadata: {name: \"a\x00b\"}\n",
    )
    .unwrap();
    let (code, v) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["message"].as_str().unwrap().contains("UTF-8")));
}

#[test]
fn non_kubernetes_yaml_and_json_are_skipped_quietly() {
    let dir = tree(&[
        ("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}"),
        (".github/workflows/ci.yml", "on: push\njobs: {}\n"),
        ("docker-compose.yaml", "services: {web: {image: nginx}}\n"),
    ]);
    let (code, v) = json_scan(dir.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn gitignored_files_are_not_scanned_unless_asked() {
    let dir = tree(&[
        (".gitignore", "generated/\n"),
        ("generated/pod.yaml", PRIVILEGED_POD),
    ]);
    palisade().arg("scan").arg(dir.path()).assert().code(0);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .arg("--no-ignore")
        .assert()
        .code(1);
}

#[test]
fn lists_and_json_manifests_are_scanned() {
    let list = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"x:1\", \"securityContext\": {\"privileged\": true}}]}}]}";
    let dir = tree(&[("all.json", list)]);
    let (_, v) = json_scan(dir.path(), &[]);
    assert!(rules_of(&v).contains(&"K8S001".to_string()));
}

#[test]
fn sarif_and_junit_and_output_file() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    let out = dir.path().join("report.sarif");
    palisade()
        .arg("scan")
        .arg(dir.path().join("pod.yaml"))
        .args(["--format", "sarif", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    let sarif: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ruleId"] == "K8S001"));
    palisade()
        .arg("scan")
        .arg(dir.path().join("pod.yaml"))
        .args(["--format", "junit"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<testsuites").and(predicate::str::contains("<failure")));
}

#[test]
fn table_is_colourless_when_asked_and_coloured_when_forced() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--color", "never"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn config_ignores_with_reason_and_expiry() {
    let live = "version: 1\nignore:\n  - rule: K8S001\n    object: 'Pod/shop/*'\n    reason: test fixture\n    expires: 2999-01-01\n";
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD), (".palisade.yaml", live)]);
    let (_, v) = json_scan(dir.path(), &[]);
    assert!(!rules_of(&v).contains(&"K8S001".to_string()));
    assert!(v["summary"]["suppressed"].as_u64().unwrap() >= 1);

    let expired = live.replace("2999-01-01", "2000-01-01");
    fs::write(dir.path().join(".palisade.yaml"), expired).unwrap();
    let (_, v) = json_scan(dir.path(), &[]);
    assert!(rules_of(&v).contains(&"K8S001".to_string()));
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("expired")));

    // --no-config ignores the file entirely.
    fs::write(dir.path().join(".palisade.yaml"), live).unwrap();
    let (_, v) = json_scan(dir.path(), &["--no-config"]);
    assert!(rules_of(&v).contains(&"K8S001".to_string()));
}

#[test]
fn config_can_disable_and_reseverity_rules() {
    let cfg = "version: 1\nrules: {disable: [K8S001]}\n";
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD), ("cfg.yaml", cfg)]);
    let (_, v) = json_scan(
        &dir.path().join("pod.yaml"),
        &["--config", dir.path().join("cfg.yaml").to_str().unwrap()],
    );
    assert!(!rules_of(&v).contains(&"K8S001".to_string()));
    fs::write(dir.path().join("cfg.yaml"), "severity: {K8S001: low}\n").unwrap();
    let (_, v) = json_scan(
        &dir.path().join("pod.yaml"),
        &["--config", dir.path().join("cfg.yaml").to_str().unwrap()],
    );
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "K8S001")
        .unwrap();
    assert_eq!(f["severity"], "low");
}

#[test]
fn bad_config_is_a_usage_error_naming_file_and_line() {
    let dir = tree(&[
        ("pod.yaml", PRIVILEGED_POD),
        (".palisade.yaml", "version: 1\nignores: []\n"),
    ]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(".palisade.yaml:2:1")
                .and(predicate::str::contains("expected one of")),
        );
    fs::write(
        dir.path().join(".palisade.yaml"),
        "rules: {disable: [NOPE999]}\n",
    )
    .unwrap();
    palisade()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule or family `NOPE999`"));
}

#[test]
fn annotation_ignores_one_object() {
    let pod = PRIVILEGED_POD.replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    palisade.dev/ignore: \"K8S001: debug pod, deleted after the incident\"\n");
    let dir = tree(&[("pod.yaml", &pod)]);
    let (_, v) = json_scan(dir.path(), &[]);
    assert!(!rules_of(&v).contains(&"K8S001".to_string()));
    let bad = PRIVILEGED_POD.replace(
        "  namespace: shop\n",
        "  namespace: shop\n  annotations:\n    palisade.dev/ignore: \"K8S001\"\n",
    );
    fs::write(dir.path().join("pod.yaml"), bad).unwrap();
    let (_, v) = json_scan(dir.path(), &[]);
    assert!(
        rules_of(&v).contains(&"K8S001".to_string()),
        "an ignore without a reason does not apply"
    );
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("malformed")));
}

#[test]
fn baseline_reports_only_new_findings_and_survives_line_moves() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    let base = dir.path().join("baseline.json");
    palisade()
        .arg("scan")
        .arg(dir.path().join("pod.yaml"))
        .arg("--write-baseline")
        .arg(&base)
        .assert()
        .code(1);
    // Move every line down and change the image tag: still the same findings.
    let moved = format!(
        "# a comment\n\n{}",
        PRIVILEGED_POD.replace("shop/api:1.0", "shop/api:2.0")
    );
    fs::write(dir.path().join("pod.yaml"), moved).unwrap();
    let (code, v) = json_scan(
        &dir.path().join("pod.yaml"),
        &["--baseline", base.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{v}");
    assert!(v["findings"].as_array().unwrap().is_empty());
    // A new privileged container is new.
    let more = PRIVILEGED_POD.to_string()
        + "    - name: sidecar\n      image: x:1\n      securityContext: {privileged: true}\n";
    fs::write(dir.path().join("pod.yaml"), more).unwrap();
    let (_, v) = json_scan(
        &dir.path().join("pod.yaml"),
        &["--baseline", base.to_str().unwrap()],
    );
    let k8s001: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "K8S001")
        .collect();
    assert_eq!(k8s001.len(), 1);
    assert_eq!(k8s001[0]["container"], "sidecar");
}

#[test]
fn bad_baseline_is_a_usage_error() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD), ("b.json", "{not json")]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .arg("--baseline")
        .arg(dir.path().join("b.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("b.json"));
}

#[test]
fn pss_version_flag_is_validated() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--pss-version", "v1.25"])
        .assert()
        .code(1);
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--pss-version", "2.0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("v1.NN"));
}

#[test]
fn unknown_flags_are_usage_errors() {
    palisade().args(["scan", "--frobnicate"]).assert().code(2);
    palisade().arg("frobnicate").assert().code(2);
}

#[test]
fn rules_and_explain() {
    palisade()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("K8S001"));
    let out = palisade()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["doc"].as_str().unwrap().contains("## Why it matters")));
    palisade()
        .args(["explain", "k8s001"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("## What it checks")
                .and(predicate::str::contains("## References")),
        );
    palisade()
        .args(["explain", "NOPE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}

#[test]
fn help_documents_every_scan_flag() {
    let out = palisade().args(["scan", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--format",
        "--output",
        "--fail-on",
        "--config",
        "--no-config",
        "--pss-version",
        "--baseline",
        "--write-baseline",
        "--max-file-size",
        "--no-ignore",
        "--color",
        "--debug",
        "Exit codes",
    ] {
        assert!(help.contains(flag), "scan --help lacks {flag}");
    }
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    for flag in [
        "--format",
        "--output",
        "--fail-on",
        "--config",
        "--no-config",
        "--pss-version",
        "--baseline",
        "--write-baseline",
        "--max-file-size",
        "--no-ignore",
        "--color",
        "--debug",
    ] {
        assert!(readme.contains(flag), "README lacks {flag}");
    }
}

#[test]
fn the_readme_config_example_parses() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let start = readme
        .find("```yaml\nversion: 1")
        .expect("README has a config example")
        + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    palisade_core::config::Config::parse("README.md", &readme[start..end])
        .expect("README example parses");
}

#[test]
fn rules_and_families_can_be_chosen_on_the_command_line() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    let (_, v) = json_scan(dir.path(), &["--disable", "pod-security"]);
    assert!(
        !rules_of(&v)
            .iter()
            .any(|r| r.starts_with("K8S0") && r.as_str() < "K8S030"),
        "{:?}",
        rules_of(&v)
    );
    assert!(
        rules_of(&v).contains(&"K8S034".to_string())
            || rules_of(&v).contains(&"K8S030".to_string())
    );
    let (_, v) = json_scan(
        dir.path(),
        &["--disable", "pod-security,workload", "--enable", "K8S001"],
    );
    assert!(rules_of(&v).contains(&"K8S001".to_string()));
    assert!(!rules_of(&v).contains(&"K8S021".to_string()));
    let (_, v) = json_scan(dir.path(), &["--enable", "K8S035"]);
    assert!(
        rules_of(&v).contains(&"K8S035".to_string()),
        "opt-in rule turned on"
    );
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--disable", "NOPE1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--disable: unknown rule or family `NOPE1`",
        ));
}

#[test]
fn min_severity_filters_the_report() {
    let dir = tree(&[("pod.yaml", PRIVILEGED_POD)]);
    let (code, v) = json_scan(dir.path(), &["--min-severity", "critical"]);
    assert_eq!(code, 1);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "critical"));
    assert!(!v["findings"].as_array().unwrap().is_empty());
    palisade()
        .arg("scan")
        .arg(dir.path())
        .args(["--min-severity", "loud"])
        .assert()
        .code(2);
}
