//! `palisade gateway --check` as a user types it.

use assert_cmd::Command;
use predicates::str::contains;

const OK: &str = "listen: 127.0.0.1:8443\nroutes:\n  - name: a\n    match: {path_prefix: /}\n    upstream: {endpoints: [\"127.0.0.1:9001\"]}\n";

#[test]
fn check_accepts_a_valid_config() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gw.yaml");
    std::fs::write(&p, OK).unwrap();
    Command::cargo_bin("palisade")
        .unwrap()
        .args(["gateway", "--check", "--config"])
        .arg(&p)
        .assert()
        .success()
        .stdout(contains("ok"));
}

#[test]
fn check_refuses_a_bad_config_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gw.yaml");
    std::fs::write(&p, OK.replace("upstream:", "upstrem:")).unwrap();
    Command::cargo_bin("palisade")
        .unwrap()
        .args(["gateway", "--check", "--config"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(contains("gw.yaml:5:5: unknown key `upstrem`"));
    // Missing certificate files are configuration errors too.
    std::fs::write(&p, format!("tls: {{cert: nope.crt, key: nope.key}}\n{OK}")).unwrap();
    Command::cargo_bin("palisade")
        .unwrap()
        .args(["gateway", "--check", "--config"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(contains("nope.crt"));
}
