//! `palisade admission` as an operator runs it, with the real binary: the printed
//! manifests against the Kubernetes OpenAPI schemas (kubernetes-validate, offline) and
//! against our own scan, a review over HTTPS, a SIGTERM drain with a request in flight,
//! and `serve --check` on a bad configuration.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

/// A Kubernetes version the kubernetes-validate of `.ci/run` ships schemas for.
const KUBERNETES_VERSION: &str = "1.30";

fn palisade() -> Command {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
}

/// Certificates made by `palisade admission certs` in a fresh directory.
fn certs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = palisade()
        .args(["admission", "certs", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn manifests(ca: &Path) -> Vec<u8> {
    let out = palisade()
        .args(["admission", "manifests", "--ca-file"])
        .arg(ca)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The kubernetes-validate `.ci/run` installs; `None` (after a loud message) outside CI
/// when it is missing, a failure under CI.
fn kubernetes_validate() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").unwrap_or_default();
    let tool =
        Path::new(&home).join(".cache/palisade/venvs/kubernetes-validate/bin/kubernetes-validate");
    if tool.is_file() {
        return Some(tool);
    }
    let required = std::env::var_os("CI").is_some()
        || std::env::var("PALISADE_REQUIRE_KUBERNETES_VALIDATE").as_deref() == Ok("1");
    assert!(
        !required,
        "kubernetes-validate is missing at {} although CI requires it (.ci/run installs it)",
        tool.display()
    );
    eprintln!(
        "SKIPPED: kubernetes-validate not installed at {} (.ci/run installs it)",
        tool.display()
    );
    None
}

#[test]
fn manifests_validate_against_the_kubernetes_schemas_offline() {
    let Some(tool) = kubernetes_validate() else {
        return;
    };
    let dir = certs();
    let text = manifests(&dir.path().join("ca.crt"));
    let file = dir.path().join("manifests.yaml");
    std::fs::write(&file, &text).unwrap();
    let documents = String::from_utf8_lossy(&text)
        .lines()
        .filter(|l| l.starts_with("kind:"))
        .count();
    assert!(documents >= 6, "expected every object, got {documents}");
    let out = Command::new(&tool)
        .args(["--strict", "--kubernetes-version", KUBERNETES_VERSION])
        .arg(&file)
        .output()
        .expect("kubernetes-validate runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "kubernetes-validate rejects the manifests:\n{report}"
    );
    // One "passed for resource" line per document: nothing was skipped as unknown.
    let valid = report.matches(" passed for resource ").count();
    assert_eq!(valid, documents, "every document validated:\n{report}");
}

#[test]
fn printed_deployment_passes_our_own_scan_with_no_high_finding() {
    let dir = certs();
    let text = manifests(&dir.path().join("ca.crt"));
    let mut child = palisade()
        .args(["scan", "-", "--fail-on", "high", "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "high findings in our own manifests:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running `palisade admission serve` and the address it reported.
struct Served {
    child: Child,
    addr: String,
    stderr: BufReader<std::process::ChildStderr>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// The child is waited for by `Served`'s Drop; a test that panics before then fails anyway.
#[allow(clippy::zombie_processes)]
fn serve(dir: &Path) -> Served {
    let mut child = palisade()
        .args([
            "admission",
            "serve",
            "--no-reload",
            "--listen",
            "127.0.0.1:0",
        ])
        .arg("--tls-cert")
        .arg(dir.join("tls.crt"))
        .arg("--tls-key")
        .arg(dir.join("tls.key"))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        let n = stderr.read_line(&mut line).unwrap();
        assert!(n > 0, "serve exited before listening");
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        if let Some(addr) = v["msg"]
            .as_str()
            .and_then(|m| m.strip_prefix("listening on https://"))
        {
            return Served {
                addr: addr.to_string(),
                child,
                stderr,
            };
        }
    }
}

fn tls_connect(dir: &Path, addr: &str) -> rustls::StreamOwned<rustls::ClientConnection, TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(dir.join("ca.crt")).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let conn =
        rustls::ClientConnection::new(Arc::new(config), ServerName::try_from("localhost").unwrap())
            .unwrap();
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    rustls::StreamOwned::new(conn, tcp)
}

fn review_body(privileged: bool) -> String {
    serde_json::json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": "0b4e5a1c-cli",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "name": "web",
            "namespace": "shop",
            "operation": "CREATE",
            "userInfo": {"username": "alice", "groups": ["system:authenticated"]},
            "object": {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "web", "namespace": "shop"},
                "spec": {"containers": [{
                    "name": "web",
                    "image": "nginx:1.27",
                    "securityContext": {"privileged": privileged}
                }]}
            }
        }
    })
    .to_string()
}

fn request_head(addr: &str, len: usize) -> String {
    format!(
        "POST /validate HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n"
    )
}

/// Status code and parsed JSON body of an HTTP/1.1 response read to the end.
fn read_response(stream: &mut impl Read) -> (u16, serde_json::Value) {
    let mut raw = Vec::new();
    // A peer closing without close_notify is not this test's concern.
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {text:?}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    let json = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
    (status, json)
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn serve_reviews_over_https_and_drains_in_flight_requests_on_sigterm() {
    let dir = certs();
    let mut served = serve(dir.path());

    // A privileged pod is denied, a plain one allowed.
    for (privileged, allowed) in [(true, false), (false, true)] {
        let body = review_body(privileged);
        let mut s = tls_connect(dir.path(), &served.addr);
        s.write_all(request_head(&served.addr, body.len()).as_bytes())
            .unwrap();
        s.write_all(body.as_bytes()).unwrap();
        let (status, json) = read_response(&mut s);
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["response"]["uid"], "0b4e5a1c-cli");
        assert_eq!(json["response"]["allowed"], allowed, "{json}");
        if !allowed {
            let message = json["response"]["status"]["message"].as_str().unwrap();
            assert!(message.contains("K8S"), "names the rule: {message}");
        }
    }

    // A request in flight (headers and half the body sent) when SIGTERM arrives still gets
    // its answer, then the server exits 0.
    let body = review_body(true);
    let (first, rest) = body.split_at(body.len() / 2);
    let mut s = tls_connect(dir.path(), &served.addr);
    s.write_all(request_head(&served.addr, body.len()).as_bytes())
        .unwrap();
    s.write_all(first.as_bytes()).unwrap();
    s.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &served.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        served.child.try_wait().unwrap().is_none(),
        "exited with a request in flight"
    );
    s.write_all(rest.as_bytes()).unwrap();
    let (status, json) = read_response(&mut s);
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["response"]["allowed"], false, "{json}");

    let code = wait_exit(&mut served.child, Duration::from_secs(20));
    let mut log = String::new();
    let _ = served.stderr.read_to_string(&mut log);
    assert_eq!(code, Some(0), "exit after SIGTERM; log:\n{log}");
    assert!(log.contains("shut down cleanly"), "{log}");
}

#[test]
fn check_with_a_bad_configuration_exits_2_naming_file_line_and_column() {
    let dir = certs();
    let config = dir.path().join("admission.yaml");
    std::fs::write(&config, "listen: 127.0.0.1:0\nrules:\n  K8S001: block\n").unwrap();
    let out = palisade()
        .args(["admission", "serve", "--check", "--config"])
        .arg(&config)
        .arg("--tls-cert")
        .arg(dir.path().join("tls.crt"))
        .arg("--tls-key")
        .arg(dir.path().join("tls.key"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let want = format!("{}:3:11: unknown mode `block`", config.display());
    assert!(stderr.contains(&want), "wanted {want:?} in {stderr}");

    // The same file fixed passes.
    std::fs::write(&config, "listen: 127.0.0.1:0\nrules:\n  K8S001: deny\n").unwrap();
    let out = palisade()
        .args(["admission", "serve", "--check", "--config"])
        .arg(&config)
        .arg("--tls-cert")
        .arg(dir.path().join("tls.crt"))
        .arg("--tls-key")
        .arg(dir.path().join("tls.key"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
