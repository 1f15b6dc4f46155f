//! `palisade scan` on lockfiles and `palisade db`, as a user types them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const ADVISORY: &str = r#"{"id":"GHSA-jf85-cpcp-j695","modified":"2024-01-01T00:00:00Z",
"aliases":["CVE-2019-10744"],"summary":"Prototype Pollution in lodash",
"affected":[{"package":{"ecosystem":"npm","name":"lodash"},
 "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"4.17.12"}]}]}],
"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}"#;

const LOCK: &str = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": { "dependencies": { "lodash": "^4.17.0" } },
    "node_modules/lodash": { "version": "4.17.11" },
    "node_modules/left-pad": { "version": "1.3.0" }
  }
}
"#;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n";

fn palisade(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.env("PALISADE_CACHE_DIR", cache).env("NO_COLOR", "1");
    cmd
}

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, body) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    dir
}

fn with_db() -> TempDir {
    let cache = tempfile::tempdir().unwrap();
    let records = cache.path().join("records");
    fs::create_dir_all(&records).unwrap();
    fs::write(records.join("GHSA-jf85-cpcp-j695.json"), ADVISORY).unwrap();
    palisade(cache.path())
        .args(["db", "update", "--from", records.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 1 advisories"));
    cache
}

#[test]
fn manifests_only_need_no_database() {
    let cache = tempfile::tempdir().unwrap();
    let dir = project(&[("k8s/pod.yaml", POD), ("web/package.json", "{}")]);
    let out = palisade(cache.path())
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn lockfiles_without_a_database_fail_loudly_unless_skip_db() {
    let cache = tempfile::tempdir().unwrap();
    let dir = project(&[("web/package-lock.json", LOCK)]);
    palisade(cache.path())
        .args(["scan", "--fail-on", "never"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not checked for vulnerabilities"))
        .stdout(predicate::str::contains("palisade db update"));
    palisade(cache.path())
        .args(["scan", "--skip-db"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "--skip-db: 2 packages in 1 lockfiles were not checked",
        ));
}

#[test]
fn a_stale_database_is_refused() {
    let cache = with_db();
    let db = cache.path().join("osv.db");
    let mut bytes = fs::read(&db).unwrap();
    let key = b"\"imported_at\":\"";
    let at = bytes.windows(key.len()).position(|w| w == key).unwrap() + key.len();
    bytes[at..at + 4].copy_from_slice(b"2001");
    fs::write(&db, bytes).unwrap();
    let dir = project(&[("package-lock.json", LOCK)]);
    palisade(cache.path())
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("days old (--db-max-age 7)"));
    palisade(cache.path())
        .args(["scan", "--db-max-age", "100000", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("GHSA-jf85-cpcp-j695"));
}

#[test]
fn vulnerable_dependency_is_a_vul_finding_at_the_lockfile_line() {
    let cache = with_db();
    let dir = project(&[("web/package-lock.json", LOCK), ("k8s/pod.yaml", POD)]);
    let out = palisade(cache.path())
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "GHSA-jf85-cpcp-j695")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["location"]["line"], 6);
    assert!(f["location"]["path"]
        .as_str()
        .unwrap()
        .ends_with("web/package-lock.json"));
    assert_eq!(f["location"]["object"]["name"], "lodash@4.17.11");
    assert_eq!(f["evidence"], "pkg:npm/lodash@4.17.11");
    assert_eq!(f["remediation"], "upgrade lodash to 4.17.12 or later");
    assert!(f["tags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("CVE-2019-10744")));

    // SARIF: the result points at the lockfile line and has the advisory's rule help.
    let out = palisade(cache.path())
        .args(["scan", "--format", "sarif"])
        .arg(dir.path())
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &s["runs"][0];
    let r = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "GHSA-jf85-cpcp-j695")
        .unwrap();
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    let idx = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][idx]["id"],
        "GHSA-jf85-cpcp-j695"
    );

    // Both documents stay valid against their schemas with dependency findings in them.
    let schema =
        |p: &Path| -> Value { serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap() };
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/output.schema.json");
    let validator = jsonschema::validator_for(&schema(&ours)).unwrap();
    assert!(
        validator.is_valid(&v),
        "JSON output invalid: {:?}",
        validator.iter_errors(&v).next()
    );
    let sarif = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/schemas/sarif-schema-2.1.0.json");
    if sarif.is_file() {
        let validator = jsonschema::validator_for(&schema(&sarif)).unwrap();
        assert!(
            validator.is_valid(&s),
            "SARIF invalid: {:?}",
            validator.iter_errors(&s).next()
        );
    }
}

#[test]
fn severity_of_the_family_can_be_overridden() {
    let cache = with_db();
    let config = "version: 1\nseverity:\n  VUL: low\n";
    let dir = project(&[("package-lock.json", LOCK), (".palisade.yaml", config)]);
    let out = palisade(cache.path())
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["severity"], "low", "{v}");
    palisade(cache.path())
        .args(["scan", "--fail-on", "medium"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn advisories_can_be_ignored_with_a_reason_and_the_family_disabled() {
    let cache = with_db();
    let config = "version: 1\nignore:\n  - rule: GHSA-jf85-cpcp-j695\n    reason: lodash is only used at build time\n";
    let dir = project(&[("package-lock.json", LOCK), (".palisade.yaml", config)]);
    palisade(cache.path())
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(0);
    let dir = project(&[("package-lock.json", LOCK)]);
    palisade(cache.path())
        .args(["scan", "--disable", "VUL"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn list_packages_shows_the_inventory() {
    let cache = tempfile::tempdir().unwrap();
    let dir = project(&[
        ("web/package-lock.json", LOCK),
        ("svc/requirements.txt", "flask==2.2.2\nrequests>=2\n"),
    ]);
    let out = palisade(cache.path())
        .args(["scan", "--list-packages", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "no database needed to list");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pkgs = v["packages"].as_array().unwrap();
    assert_eq!(pkgs.len(), 3);
    let lodash = pkgs.iter().find(|p| p["name"] == "lodash").unwrap();
    assert_eq!(lodash["direct"], true);
    assert_eq!(lodash["purl"], "pkg:npm/lodash@4.17.11");
    palisade(cache.path())
        .args(["scan", "--list-packages"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("flask\t2.2.2"))
        .stdout(predicate::str::contains("3 packages in 2 lockfiles"));
}

#[test]
fn broken_lockfile_is_an_error_with_its_line() {
    let cache = with_db();
    let dir = project(&[("package-lock.json", "{\n  \"packages\": {\n")]);
    palisade(cache.path())
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("package-lock.json:3"));
}

#[test]
fn db_status_before_and_after_an_update() {
    let cache = tempfile::tempdir().unwrap();
    palisade(cache.path())
        .args(["db", "status"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("palisade db update"));
    let cache = with_db();
    let out = palisade(cache.path())
        .args(["db", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["info"]["records"], 1);
    assert_eq!(v["info"]["ecosystems"]["npm"], 1);
    // A failed import keeps the database.
    palisade(cache.path())
        .args(["db", "update", "--from", "/nonexistent/records"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("kept unchanged"));
    palisade(cache.path())
        .args(["db", "status"])
        .assert()
        .success();
}

/// Serves `body` at `/npm/all.zip` on 127.0.0.1; with `cut`, announces the full length
/// but closes after half the body. Stops after `n` requests.
fn serve_zip(body: Vec<u8>, cut: bool, n: usize) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let mut s = stream.unwrap();
            let mut req = Vec::new();
            let mut buf = [0u8; 1024];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => req.extend_from_slice(&buf[..k]),
                }
            }
            let ok = String::from_utf8_lossy(&req).starts_with("GET /npm/all.zip ");
            if !ok {
                let _ = s.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue;
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(if cut {
                &body[..body.len() / 2]
            } else {
                &body[..]
            });
        }
    });
    format!("http://{addr}")
}

fn zip_with(name: &str, body: &str) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn db_update_over_http_and_an_interrupted_one_keeps_the_database() {
    let cache = tempfile::tempdir().unwrap();
    let zip = zip_with("GHSA-jf85-cpcp-j695.json", ADVISORY);
    let good = serve_zip(zip.clone(), false, 4);
    palisade(cache.path())
        .args(["db", "update", "--ecosystem", "npm", "--base-url", &good])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 1 advisories"));
    let before = fs::read(cache.path().join("osv.db")).unwrap();
    let cut = serve_zip(zip, true, 4);
    palisade(cache.path())
        .args(["db", "update", "--ecosystem", "npm", "--base-url", &cut])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("interrupted"))
        .stderr(predicate::str::contains("kept unchanged"));
    assert_eq!(fs::read(cache.path().join("osv.db")).unwrap(), before);
    let dir = project(&[("package-lock.json", LOCK)]);
    palisade(cache.path())
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("GHSA-jf85-cpcp-j695"));
}

#[test]
fn advisory_ids_are_known_rules_but_typos_are_not() {
    let cache = tempfile::tempdir().unwrap();
    let dir = project(&[("k8s/pod.yaml", POD)]);
    palisade(cache.path())
        .args(["scan", "--disable", "GHSA-jf85-cpcp-j695,RUSTSEC-2020-0071"])
        .arg(dir.path())
        .assert()
        .code(predicate::in_iter([0, 1]));
    palisade(cache.path())
        .args(["scan", "--disable", "K8S-001"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}

#[test]
fn explain_an_advisory_from_the_database() {
    let cache = with_db();
    palisade(cache.path())
        .args(["explain", "CVE-2019-10744"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "GHSA-jf85-cpcp-j695 — Prototype Pollution in lodash",
        ))
        .stdout(predicate::str::contains("Severity: critical (CVSS 9.8"))
        .stdout(predicate::str::contains("Affected: npm lodash"))
        .stdout(predicate::str::contains(
            "SEMVER: introduced 0, fixed 4.17.12",
        ));
    palisade(cache.path())
        .args(["explain", "GHSA-0000-0000-0000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no advisory"));
}
