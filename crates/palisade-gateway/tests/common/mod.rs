//! Test harness: real certificates (rcgen), a real hyper upstream, a real rustls client,
//! and the gateway itself, all on 127.0.0.1 with ephemeral ports.

#![allow(dead_code)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rcgen::{BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, KeyPair, SanType};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A CA with a server certificate for 127.0.0.1/localhost and client certificates.
pub struct Pki {
    pub dir: PathBuf,
    ca_cert: rcgen::Certificate,
    ca_key: KeyPair,
}

impl Pki {
    pub fn new(dir: &Path) -> Pki {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "palisade test CA");
        let ca_key = KeyPair::generate().unwrap();
        let ca_cert = p.self_signed(&ca_key).unwrap();
        std::fs::write(dir.join("ca.crt"), ca_cert.pem()).unwrap();
        let pki = Pki {
            dir: dir.to_path_buf(),
            ca_cert,
            ca_key,
        };
        pki.leaf("server", &["localhost", "127.0.0.1"], None, false);
        pki
    }

    /// Writes NAME.crt / NAME.key signed by the CA.
    pub fn leaf(&self, name: &str, sans: &[&str], spiffe: Option<&str>, client: bool) {
        let mut p =
            CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        if let Some(id) = spiffe {
            p.subject_alt_names
                .push(SanType::URI(id.try_into().unwrap()));
        }
        p.extended_key_usages = vec![if client {
            ExtendedKeyUsagePurpose::ClientAuth
        } else {
            ExtendedKeyUsagePurpose::ServerAuth
        }];
        let key = KeyPair::generate().unwrap();
        let cert = p.signed_by(&key, &self.ca_cert, &self.ca_key).unwrap();
        std::fs::write(self.dir.join(format!("{name}.crt")), cert.pem()).unwrap();
        std::fs::write(self.dir.join(format!("{name}.key")), key.serialize_pem()).unwrap();
    }

    /// A rustls client config trusting the CA, optionally with a client certificate.
    pub fn client(&self, cert: Option<&str>, alpn: &[&[u8]]) -> Arc<rustls::ClientConfig> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.ca_cert.der().clone()).unwrap();
        let b = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
        let mut c = match cert {
            Some(name) => {
                let certs = load_certs(&self.dir.join(format!("{name}.crt")));
                let key = load_key(&self.dir.join(format!("{name}.key")));
                b.with_client_auth_cert(certs, key).unwrap()
            }
            None => b.with_no_client_auth(),
        };
        c.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Arc::new(c)
    }
}

/// A temporary directory holding a fresh test PKI: where every gateway test starts.
pub fn test_pki() -> (tempfile::TempDir, Pki) {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(dir.path());
    (dir, pki)
}

pub fn load_certs(p: &Path) -> Vec<CertificateDer<'static>> {
    rustls_pemfile::certs(&mut std::fs::read(p).unwrap().as_slice())
        .collect::<Result<_, _>>()
        .unwrap()
}

pub fn load_key(p: &Path) -> PrivateKeyDer<'static> {
    rustls_pemfile::private_key(&mut std::fs::read(p).unwrap().as_slice())
        .unwrap()
        .unwrap()
}

/// A real HTTP/1.1 upstream that echoes what it received as JSON.
pub struct Upstream {
    pub addr: SocketAddr,
    pub hits: Arc<AtomicUsize>,
    pub healthy: Arc<AtomicBool>,
}

/// Size of the upstream's `/big` response body.
pub const BIG_BODY: usize = 32 << 20;
/// How long the test upstream takes to answer a path ending in `/pause`.
pub const PAUSE: Duration = Duration::from_millis(400);

pub async fn upstream(id: &'static str) -> Upstream {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let healthy = Arc::new(AtomicBool::new(true));
    let (h2, ok2) = (hits.clone(), healthy.clone());
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (hits, healthy) = (h2.clone(), ok2.clone());
            tokio::spawn(async move {
                let svc = service_fn(move |req| echo(id, hits.clone(), healthy.clone(), req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), svc)
                    .with_upgrades()
                    .await;
            });
        }
    });
    Upstream {
        addr,
        hits,
        healthy,
    }
}

async fn echo(
    id: &'static str,
    hits: Arc<AtomicUsize>,
    healthy: Arc<AtomicBool>,
    mut req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.uri().path() == "/health" {
        let ok = healthy.load(Ordering::SeqCst);
        let mut r = Response::new(Full::new(Bytes::new()));
        *r.status_mut() = if ok {
            StatusCode::OK
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        return Ok(r);
    }
    hits.fetch_add(1, Ordering::SeqCst);
    if req.uri().path().ends_with("/slow") {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    if req.uri().path().ends_with("/pause") {
        tokio::time::sleep(PAUSE).await;
    }
    if req.uri().path().ends_with("/big") {
        // More than the loopback socket buffers hold: a client that does not read stalls
        // the gateway's writes.
        return Ok(Response::new(Full::new(Bytes::from(vec![b'x'; BIG_BODY]))));
    }
    if req.headers().contains_key(http::header::UPGRADE) {
        let up = hyper::upgrade::on(&mut req);
        tokio::spawn(async move {
            if let Ok(io) = up.await {
                let mut io = TokioIo::new(io);
                let mut buf = [0u8; 1024];
                while let Ok(n) = io.read(&mut buf).await {
                    if n == 0 || io.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        });
        let mut r = Response::new(Full::new(Bytes::new()));
        *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        r.headers_mut()
            .insert("upgrade", "websocket".parse().unwrap());
        r.headers_mut()
            .insert("connection", "upgrade".parse().unwrap());
        return Ok(r);
    }
    let headers: serde_json::Map<String, serde_json::Value> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").into()))
        .collect();
    let method = req.method().to_string();
    let path = req.uri().to_string();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let j = serde_json::json!({"id": id, "method": method, "path": path, "headers": headers, "body_len": body.len()});
    let mut r = Response::new(Full::new(Bytes::from(j.to_string())));
    r.headers_mut()
        .insert("server", "leaky/1.0".parse().unwrap());
    Ok(r)
}

/// A running gateway.
pub struct Gw {
    pub addr: SocketAddr,
    pub admin: Option<SocketAddr>,
    pub gw: Arc<palisade_gateway::Gateway>,
    pub dir: PathBuf,
}

/// Writes `config.yaml` into `dir` and starts the gateway from it. `listen` and `admin`
/// are added with ephemeral ports.
pub async fn gateway(dir: &Path, body: &str) -> Gw {
    let text = format!("listen: 127.0.0.1:0\nadmin: {{listen: 127.0.0.1:0}}\n{body}");
    let path = dir.join("config.yaml");
    std::fs::write(&path, text).unwrap();
    let gw = palisade_gateway::Gateway::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let (bound, serve) = gw.bind().await.unwrap();
    tokio::spawn(serve);
    Gw {
        addr: bound.public,
        admin: bound.admin,
        gw,
        dir: dir.to_path_buf(),
    }
}

/// A response as the client saw it.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
    pub version: http::Version,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// Sends one request over a fresh TLS connection (HTTP/2 when negotiated by ALPN).
pub async fn send(
    addr: SocketAddr,
    tls: Arc<rustls::ClientConfig>,
    req: Request<Full<Bytes>>,
) -> Result<Resp, String> {
    let tcp = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let conn = tokio_rustls::TlsConnector::from(tls)
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .map_err(|e| format!("tls: {e}"))?;
    let h2 = conn.get_ref().1.alpn_protocol() == Some(b"h2");
    let io = TokioIo::new(conn);
    let resp = if h2 {
        let (mut s, c) = hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(c);
        let mut req = req;
        *req.version_mut() = http::Version::HTTP_2;
        if req.uri().authority().is_none() {
            let uri = format!("https://localhost{}", req.uri());
            *req.uri_mut() = uri.parse().unwrap();
        }
        s.send_request(req).await.map_err(|e| e.to_string())?
    } else {
        let (mut s, c) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(c);
        let mut req = req;
        if !req.headers().contains_key("host") {
            req.headers_mut()
                .insert("host", "localhost".parse().unwrap());
        }
        s.send_request(req).await.map_err(|e| e.to_string())?
    };
    let status = resp.status().as_u16();
    let version = resp.version();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok(Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        version,
    })
}

pub fn get(path: &str) -> Request<Full<Bytes>> {
    Request::get(path).body(Full::new(Bytes::new())).unwrap()
}

/// Writes raw bytes over TLS and returns everything read until close (or 5 s).
pub async fn raw(addr: SocketAddr, tls: Arc<rustls::ClientConfig>, bytes: &[u8]) -> String {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut conn = tokio_rustls::TlsConnector::from(tls)
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    conn.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), conn.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// GET on the admin listener (plain HTTP).
pub async fn admin_get(addr: SocketAddr, path: &str) -> (u16, String) {
    admin_req(addr, "GET", path).await
}

pub async fn admin_req(addr: SocketAddr, method: &str, path: &str) -> (u16, String) {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let (mut s, c) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
        .await
        .unwrap();
    tokio::spawn(c);
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "admin")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let r = s.send_request(req).await.unwrap();
    let status = r.status().as_u16();
    let b = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&b).into_owned())
}

/// The common TLS preamble of a config.
pub fn tls_block(mtls: bool) -> String {
    if mtls {
        "tls: {cert: server.crt, key: server.key, client_ca: ca.crt}\n".into()
    } else {
        "tls: {cert: server.crt, key: server.key}\n".into()
    }
}

/// The file at `p` once it has at least `n` lines (audit logs are written in the
/// background), or whatever it has after 5 s.
pub async fn wait_lines(p: &std::path::Path, n: usize) -> String {
    for _ in 0..100 {
        let s = std::fs::read_to_string(p).unwrap_or_default();
        if s.lines().count() >= n {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    std::fs::read_to_string(p).unwrap_or_default()
}
