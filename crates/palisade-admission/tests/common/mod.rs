//! A real webhook on 127.0.0.1 with certificates from `certs::generate`, and a real
//! rustls + hyper client that trusts the generated CA.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use palisade_admission::{ServeOptions, Server};
use rustls::pki_types::ServerName;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

pub struct Webhook {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    pub connector: TlsConnector,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    join: Option<tokio::task::JoinHandle<()>>,
}

pub fn write_certs(dir: &Path) {
    palisade_admission::certs::generate("palisade-admission", "palisade-system", dir, 1)
        .expect("certificates");
}

pub fn connector(ca: &Path) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for c in palisade_admission::tls::read_certs(ca).expect("CA") {
        roots.add(c).expect("root");
    }
    let cfg = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    TlsConnector::from(Arc::new(cfg))
}

/// Starts a webhook with `config` (YAML text, or none) and `tweak` applied to the options.
pub async fn start(config: Option<&str>, tweak: impl FnOnce(&mut ServeOptions)) -> Webhook {
    let dir = tempfile::tempdir().expect("tempdir");
    write_certs(dir.path());
    let mut opts = ServeOptions {
        listen: Some("127.0.0.1:0".into()),
        tls_cert: Some(dir.path().join("tls.crt")),
        tls_key: Some(dir.path().join("tls.key")),
        audit_log: Some(dir.path().join("audit.jsonl")),
        watch: false,
        ..ServeOptions::default()
    };
    if let Some(text) = config {
        let path = dir.path().join("admission.yaml");
        std::fs::write(&path, text).expect("config");
        opts.config = Some(path);
    }
    tweak(&mut opts);
    let server = Server::bind(opts).await.expect("server starts");
    let addr = server.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let join = tokio::spawn(async move {
        server
            .run(async {
                let _ = stopped.await;
            })
            .await
            .expect("server runs");
    });
    Webhook {
        addr,
        connector: connector(&dir.path().join("ca.crt")),
        dir,
        stop: Some(stop),
        join: Some(join),
    }
}

impl Webhook {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new TLS connection (server name `localhost`) with an HTTP/1.1 client on it.
    pub async fn connect(&self) -> SendRequest<Full<Bytes>> {
        let tcp = TcpStream::connect(self.addr).await.expect("connect");
        let tls = self
            .connector
            .connect(ServerName::try_from("localhost").expect("name"), tcp)
            .await
            .expect("TLS handshake");
        let (send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls))
            .await
            .expect("HTTP handshake");
        tokio::spawn(conn);
        send
    }

    pub async fn request(&self, method: &str, path: &str, body: Vec<u8>) -> (u16, Bytes) {
        let mut send = self.connect().await;
        send_on(&mut send, method, path, body).await
    }

    /// POSTs a review and returns the `response` part (panics on a non-200).
    pub async fn review(&self, path: &str, review: &Value) -> Value {
        let (status, body) = self
            .request("POST", path, serde_json::to_vec(review).expect("json"))
            .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let v: Value = serde_json::from_slice(&body).expect("response JSON");
        assert_eq!(v["apiVersion"], "admission.k8s.io/v1");
        assert_eq!(v["kind"], "AdmissionReview");
        assert_eq!(v["response"]["uid"], review["request"]["uid"]);
        v["response"].clone()
    }

    pub fn audit_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.path("audit.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("audit line is JSON"))
            .collect()
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(j) = self.join.take() {
            tokio::time::timeout(Duration::from_secs(60), j)
                .await
                .expect("server stops")
                .expect("server task");
        }
    }
}

/// Like [`send_on`], but gives back the client-side error: a server that answers an
/// oversized body early and closes may do so before the client has finished writing it,
/// and then the client sees a broken pipe rather than the status (a race, not a bug).
pub async fn try_send_on(
    send: &mut SendRequest<Full<Bytes>>,
    method: &str,
    path: &str,
    body: Vec<u8>,
) -> Result<(u16, Bytes), hyper::Error> {
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    let resp = send.send_request(req).await?;
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

pub async fn send_on(
    send: &mut SendRequest<Full<Bytes>>,
    method: &str,
    path: &str,
    body: Vec<u8>,
) -> (u16, Bytes) {
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    let resp = send.send_request(req).await.expect("response");
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, body)
}

/// An AdmissionReview for `object` (JSON) with the given operation, namespace and user.
pub fn review(uid: &str, op: &str, namespace: &str, object: Value) -> Value {
    let kind = object["kind"].as_str().unwrap_or("Pod").to_string();
    json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "kind": {"group": "", "version": "v1", "kind": kind},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "namespace": namespace,
            "name": object["metadata"]["name"].clone(),
            "operation": op,
            "userInfo": {"username": "alice", "groups": ["developers", "system:authenticated"]},
            "object": object,
            "oldObject": null,
            "dryRun": false
        }
    })
}

/// A pod whose only container is privileged (critical) and has no limits (low/medium).
pub fn privileged_pod(name: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name},
        "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}
    })
}

/// A pod with no high or critical finding but some lower ones.
pub fn sloppy_pod(name: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name},
        "spec": {
            "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [{"name": "app", "image": "nginx:1.27",
                "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]
        }
    })
}

pub fn rules_of(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["rule"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
