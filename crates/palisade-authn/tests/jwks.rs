//! JWKS loading and refreshing: parsing rules, files, and a real HTTP server on 127.0.0.1
//! serving a key set that rotates, fails and disappears.

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::*;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use jsonwebtoken::Algorithm;
use palisade_authn::{Denial, JwtSettings, JwtVerifier, KeySet, KeySource};
use serde_json::json;
use tokio::net::TcpListener;

#[test]
fn parses_the_fixture_set() {
    let set = KeySet::from_jwks_json(&read_fixture("jwks.json")).expect("jwks");
    assert_eq!(set.len(), 4);
    assert_eq!(set.key_ids(), vec!["rsa-1", "ec-256", "ec-384", "ed25519"]);
    assert_eq!(set.skipped(), 0);
}

#[test]
fn unusable_keys_are_skipped_not_fatal() {
    let good: serde_json::Value = serde_json::from_slice(&read_fixture("jwks.json")).expect("json");
    let mut keys = good["keys"].as_array().expect("keys").clone();
    keys.push(json!({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}));
    keys.push(json!({"kty": "EC", "kid": "p521", "crv": "P-521", "x": "AA", "y": "AA"}));
    keys.push(json!({"kty": "OKP", "kid": "x25519", "crv": "X25519", "x": "AA"}));
    let mut enc = good["keys"][0].clone();
    enc["use"] = json!("enc");
    enc["kid"] = json!("enc-key");
    keys.push(enc);
    let mut bad_alg = good["keys"][1].clone();
    bad_alg["alg"] = json!("RS256"); // an EC key claiming an RSA algorithm
    bad_alg["kid"] = json!("liar");
    keys.push(bad_alg);
    keys.push(json!({"kty": "RSA", "kid": "no-n", "e": "AQAB"}));
    keys.push(json!("not an object"));
    let set = KeySet::from_jwks_json(json!({"keys": keys}).to_string().as_bytes()).expect("jwks");
    assert_eq!(set.len(), 4);
    assert_eq!(set.skipped(), 7);
}

#[test]
fn documents_without_usable_keys_are_errors() {
    for doc in [
        "not json",
        "[]",
        "{\"keys\": 5}",
        "{\"keys\": []}",
        "{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0\"}]}",
    ] {
        assert!(KeySet::from_jwks_json(doc.as_bytes()).is_err(), "{doc}");
    }
    let huge = vec![b' '; 2 * 1024 * 1024];
    assert!(KeySet::from_jwks_json(&huge).unwrap_err().contains("bytes"));
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.json");
    let err = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(missing),
        ISSUER,
        AUDIENCE,
    ))
    .expect_err("error")
    .to_string();
    assert!(err.contains("missing.json"), "{err}");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"keys\": [").expect("write");
    let err = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(broken),
        ISSUER,
        AUDIENCE,
    ))
    .expect_err("error")
    .to_string();
    assert!(err.contains("broken.json") && err.contains("JSON"), "{err}");
}

#[tokio::test]
async fn file_source_reload_picks_up_rotation_and_keeps_keys_on_a_bad_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("jwks.json");
    std::fs::write(&path, read_fixture("jwks.json")).expect("write");
    let v = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(path.clone()),
        ISSUER,
        AUDIENCE,
    ))
    .expect("verifier");
    let old = sign(Algorithm::RS256, "rsa-1", Some("rsa-1"), &claims());
    let new = sign(Algorithm::RS256, "rsa-2", Some("rsa-2"), &claims());
    assert!(v.verify(&old, now()).is_ok());
    let before = v.key_generation();
    std::fs::write(&path, read_fixture("jwks-rotated.json")).expect("write");
    assert_eq!(v.refresh().await.expect("reload"), 2);
    // Callers caching verified tokens see that the keys changed.
    assert_ne!(v.key_generation(), before);
    assert!(v.verify(&new, now()).is_ok());
    assert_eq!(v.verify(&old, now()), Err(Denial::UnknownKid));
    let good = v.key_generation();
    std::fs::write(&path, "garbage").expect("write");
    assert!(v.refresh().await.is_err());
    assert!(v.verify(&new, now()).is_ok(), "last good key set kept");
    assert_eq!(v.key_generation(), good, "a refused reload changes no keys");
}

#[test]
fn jwks_urls_must_be_https_except_on_loopback() {
    for url in [
        "http://issuer.example/jwks.json",
        "ftp://127.0.0.1/jwks",
        "not a url",
        "/jwks.json",
    ] {
        let err = JwtVerifier::new(JwtSettings::new(
            KeySource::JwksUrl(url.into()),
            ISSUER,
            AUDIENCE,
        ))
        .err()
        .unwrap_or_else(|| panic!("{url} accepted"));
        assert!(err.to_string().contains("jwt.jwks_url"), "{err}");
    }
    for url in [
        "http://127.0.0.1:1/jwks",
        "http://localhost:1/jwks",
        "http://[::1]:1/jwks",
        "https://issuer.example/jwks",
    ] {
        assert!(
            JwtVerifier::new(JwtSettings::new(
                KeySource::JwksUrl(url.into()),
                ISSUER,
                AUDIENCE
            ))
            .is_ok(),
            "{url}"
        );
    }
}

#[test]
fn a_bad_ca_file_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, "no certificates here").expect("write");
    let mut settings = JwtSettings::new(
        KeySource::JwksUrl("https://issuer.example/jwks".into()),
        ISSUER,
        AUDIENCE,
    );
    settings.ca_file = Some(ca);
    let err = JwtVerifier::new(settings).expect_err("error").to_string();
    assert!(err.contains("ca.pem"), "{err}");
}

/// A JWKS server on 127.0.0.1: serves whatever `body` holds (or `status`), counts requests.
struct JwksServer {
    addr: SocketAddr,
    body: Arc<Mutex<Vec<u8>>>,
    status: Arc<Mutex<u16>>,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl JwksServer {
    async fn start(initial: Vec<u8>) -> JwksServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        JwksServer::serve_on(listener, initial)
    }

    async fn start_on(addr: SocketAddr, initial: Vec<u8>) -> JwksServer {
        let listener = TcpListener::bind(addr).await.expect("bind");
        JwksServer::serve_on(listener, initial)
    }

    /// Every response says `connection: close`, so stopping the server really makes the
    /// next fetch fail (no pooled connection survives).
    fn serve_on(listener: TcpListener, initial: Vec<u8>) -> JwksServer {
        let addr = listener.local_addr().expect("addr");
        let body = Arc::new(Mutex::new(initial));
        let status = Arc::new(Mutex::new(200u16));
        let hits = Arc::new(AtomicUsize::new(0));
        let (b, s, h) = (body.clone(), status.clone(), hits.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (b, s, h) = (b.clone(), s.clone(), h.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |_req| {
                        h.fetch_add(1, Ordering::SeqCst);
                        let body = b.lock().expect("lock").clone();
                        let status = *s.lock().expect("lock");
                        async move {
                            Ok::<_, Infallible>(
                                hyper::Response::builder()
                                    .status(status)
                                    .header("content-type", "application/json")
                                    .header("connection", "close")
                                    .body(Full::new(Bytes::from(body)))
                                    .expect("response"),
                            )
                        }
                    });
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        JwksServer {
            addr,
            body,
            status,
            hits,
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/.well-known/jwks.json", self.addr)
    }

    fn serve(&self, body: Vec<u8>) {
        *self.body.lock().expect("lock") = body;
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

fn url_settings(url: String) -> JwtSettings {
    let mut settings = JwtSettings::new(KeySource::JwksUrl(url), ISSUER, AUDIENCE);
    settings.fetch_timeout = Duration::from_secs(5);
    settings
}

/// Polls `condition` every 20 ms for up to 20 s (a bound against hangs, not a timing claim).
async fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..1000 {
        if condition() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn url_source_fetches_on_refresh_and_refuses_before() {
    let server = JwksServer::start(read_fixture("jwks.json")).await;
    let v = JwtVerifier::new(url_settings(server.url())).expect("verifier");
    let token = sign(Algorithm::RS256, "rsa-1", Some("rsa-1"), &claims());
    assert!(!v.has_keys());
    assert_eq!(v.verify(&token, now()), Err(Denial::NoKeys));
    assert_eq!(v.refresh().await.expect("fetch"), 4);
    assert!(v.has_keys());
    assert!(v.verify(&token, now()).is_ok());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn rotation_is_picked_up_on_unknown_kid_and_old_keys_go() {
    let server = JwksServer::start(read_fixture("jwks.json")).await;
    let mut settings = url_settings(server.url());
    settings.refresh_interval = Duration::from_secs(3600);
    settings.min_refresh_interval = Duration::from_millis(100);
    let v = JwtVerifier::new(settings).expect("verifier");
    v.refresh().await.expect("first fetch");
    let _refresher = v.spawn_refresh();

    let old = sign(Algorithm::RS256, "rsa-1", Some("rsa-1"), &claims());
    let new = sign(Algorithm::RS256, "rsa-2", Some("rsa-2"), &claims());
    assert!(v.verify(&old, now()).is_ok());
    server.serve(read_fixture("jwks-rotated.json"));
    // The first token with the new kid is refused (the hot path never waits) and asks for
    // a refresh; the refresher fetches the rotated set.
    assert_eq!(v.verify(&new, now()), Err(Denial::UnknownKid));
    assert!(eventually(|| v.key_ids().contains(&"rsa-2".to_string())).await);
    assert!(v.verify(&new, now()).is_ok());
    assert_eq!(v.verify(&old, now()), Err(Denial::UnknownKid));
}

#[tokio::test]
async fn unknown_kid_floods_do_not_cause_fetch_floods() {
    let server = JwksServer::start(read_fixture("jwks.json")).await;
    let mut settings = url_settings(server.url());
    settings.refresh_interval = Duration::from_secs(3600);
    settings.min_refresh_interval = Duration::from_secs(3600);
    let v = JwtVerifier::new(settings).expect("verifier");
    v.refresh().await.expect("first fetch");
    let _refresher = v.spawn_refresh();
    for i in 0..500 {
        let kid = format!("forged-{i}");
        let token = sign(Algorithm::RS256, "rsa-2", Some(&kid), &claims());
        assert_eq!(v.verify(&token, now()), Err(Denial::UnknownKid));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        server.hits(),
        1,
        "no fetch before min_refresh_interval has passed"
    );
}

#[tokio::test]
async fn failed_fetches_keep_the_last_good_keys() {
    let server = JwksServer::start(read_fixture("jwks.json")).await;
    let v = JwtVerifier::new(url_settings(server.url())).expect("verifier");
    v.refresh().await.expect("first fetch");
    let token = sign(Algorithm::ES256, "ec-256", Some("ec-256"), &claims());

    *server.status.lock().expect("lock") = 500;
    let err = v.refresh().await.expect_err("500 fails").to_string();
    assert!(err.contains("500") && err.contains(&server.url()), "{err}");
    assert!(v.verify(&token, now()).is_ok());

    *server.status.lock().expect("lock") = 200;
    server.serve(b"{\"keys\": []}".to_vec());
    assert!(v.refresh().await.is_err(), "an empty set is not a rotation");
    assert!(v.verify(&token, now()).is_ok());

    server.serve(b"<html>".to_vec());
    assert!(v.refresh().await.is_err());
    assert!(v.verify(&token, now()).is_ok());

    // A valid, rotated set: if anything still answered, the refresh would succeed.
    server.serve(read_fixture("jwks-rotated.json"));
    server.task.abort();
    let _ = server.task.await;
    let err = v.refresh().await.expect_err("server down fails");
    assert!(err.to_string().contains("JWKS"), "{err}");
    assert!(
        v.verify(&token, now()).is_ok(),
        "server down keeps old keys"
    );
}

#[tokio::test]
async fn the_refresher_retries_when_the_first_fetch_failed() {
    // The issuer is down when the gateway starts; keys arrive once it is up.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let mut settings = url_settings(format!("http://{addr}/jwks"));
    settings.min_refresh_interval = Duration::from_millis(50);
    settings.fetch_timeout = Duration::from_millis(500);
    let v = JwtVerifier::new(settings).expect("verifier");
    assert!(v.refresh().await.is_err());
    let _refresher = v.spawn_refresh();
    let Ok(listener) = TcpListener::bind(addr).await else {
        eprintln!("port {addr} was taken meanwhile; skipping the rest");
        return;
    };
    drop(listener);
    // Serve on the same port now.
    let server = JwksServer::start_on(addr, read_fixture("jwks.json")).await;
    assert!(eventually(|| v.has_keys()).await);
    assert!(server.hits() >= 1);
}
