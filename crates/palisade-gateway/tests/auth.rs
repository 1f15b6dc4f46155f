//! Identity, authorization, rate limits (local and a real redis-server) and the WAF,
//! through the real gateway with real TLS clients.

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// An ES256 signing key and its JWKS.
struct Signer {
    key: jsonwebtoken::EncodingKey,
}

impl Signer {
    fn new(dir: &std::path::Path) -> Signer {
        let kp = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let raw = kp.public_key_raw();
        let (x, y) = (&raw[1..33], &raw[33..65]);
        let jwks = serde_json::json!({"keys": [{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": "k1", "x": B64.encode(x), "y": B64.encode(y)}]});
        std::fs::write(dir.join("jwks.json"), jwks.to_string()).unwrap();
        Signer {
            key: jsonwebtoken::EncodingKey::from_ec_der(&kp.serialize_der()),
        }
    }

    fn token(&self, sub: &str, scope: &str, jti: &str) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = serde_json::json!({"sub": sub, "iss": "https://issuer.example", "aud": "orders", "exp": now + 600, "nbf": now - 5, "iat": now, "scope": scope, "jti": jti});
        let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        h.kid = Some("k1".into());
        jsonwebtoken::encode(&h, &claims, &self.key).unwrap()
    }
}

fn bearer(path: &str, token: &str) -> Request<Full<Bytes>> {
    Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .header("x-palisade-subject", "root")
        .body(Full::new(Bytes::new()))
        .unwrap()
}

fn routes_yaml(up: std::net::SocketAddr, extra: &str) -> String {
    format!(
        r#"audit_log: audit.jsonl
routes:
  - name: orders
    match: {{path_prefix: /orders}}
    upstream: {{endpoints: ["{up}"]}}
    auth:
      jwt: {{jwks_file: jwks.json, issuer: https://issuer.example, audience: orders}}
      require_scopes: [orders:read]
    rate_limit: {{key: jwt_sub, per_second: 0.01, burst: 2}}
  - name: keys
    match: {{path_prefix: /keys}}
    upstream: {{endpoints: ["{up}"]}}
    auth:
      api_keys:
        - {{id: billing-batch, hash: "sha256:{hash}", scopes: [billing]}}
{extra}"#,
        hash = sha256_hex("psk_test_key_123")
    )
}

fn sha256_hex(s: &str) -> String {
    palisade_authn::hash_api_key(s)
        .trim_start_matches("sha256:")
        .to_string()
}

#[tokio::test]
async fn jwt_scopes_revocation_rate_limit_and_api_keys() {
    let (dir, pki) = test_pki();
    let signer = Signer::new(dir.path());
    let up = upstream("a").await;
    let cfg = format!("{}{}", tls_block(false), routes_yaml(up.addr, ""));
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"h2"]);

    assert_eq!(
        send(gw.addr, c.clone(), get("/orders/1"))
            .await
            .unwrap()
            .status,
        401
    );
    assert_eq!(
        send(gw.addr, c.clone(), bearer("/orders/1", "not.a.jwt"))
            .await
            .unwrap()
            .status,
        401
    );
    // alg none is refused.
    let none = format!(
        "{}.{}.",
        B64.encode(r#"{"alg":"none"}"#),
        B64.encode(r#"{"sub":"x","iss":"https://issuer.example","aud":"orders","exp":9999999999}"#)
    );
    assert_eq!(
        send(gw.addr, c.clone(), bearer("/orders/1", &none))
            .await
            .unwrap()
            .status,
        401
    );
    // Missing scope: 403.
    let t = signer.token("carol", "profile", "t0");
    assert_eq!(
        send(gw.addr, c.clone(), bearer("/orders/1", &t))
            .await
            .unwrap()
            .status,
        403
    );

    let alice = signer.token("alice", "orders:read", "t1");
    let r = send(gw.addr, c.clone(), bearer("/orders/1", &alice))
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let h = &r.json()["headers"];
    assert_eq!(
        h["x-palisade-subject"], "alice",
        "spoofed subject must be replaced"
    );
    assert_eq!(h["x-palisade-auth-method"], "jwt");
    assert_eq!(h["x-palisade-scopes"], "orders:read");

    // Revocation through the admin API.
    let admin = gw.admin.unwrap();
    let (s, _) = admin_post(admin, "/revocations", r#"{"kind":"sub","value":"alice"}"#).await;
    assert_eq!(s, 201);
    let (_, list) = admin_get(admin, "/revocations").await;
    assert!(list.contains("alice"), "{list}");
    assert_eq!(
        send(gw.addr, c.clone(), bearer("/orders/1", &alice))
            .await
            .unwrap()
            .status,
        403
    );
    assert_eq!(
        admin_req(admin, "DELETE", "/revocations?kind=sub&value=alice")
            .await
            .0,
        200
    );
    // The burst of 2 is now used up for alice: 429 with Retry-After.
    let r = send(gw.addr, c.clone(), bearer("/orders/1", &alice))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let r = send(gw.addr, c.clone(), bearer("/orders/1", &alice))
        .await
        .unwrap();
    assert_eq!(r.status, 429);
    assert!(
        r.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // Another subject has its own bucket.
    let bob = signer.token("bob", "orders:read", "t2");
    assert_eq!(
        send(gw.addr, c.clone(), bearer("/orders/1", &bob))
            .await
            .unwrap()
            .status,
        200
    );
    let (s, _) = admin_post(admin, "/revocations", r#"{"kind":"jti","value":"t2"}"#).await;
    assert_eq!(s, 201);
    assert_eq!(
        send(gw.addr, c.clone(), bearer("/orders/1", &bob))
            .await
            .unwrap()
            .status,
        403
    );
    let (s, _) = admin_post(admin, "/revocations", r#"{"kind":"nope"}"#).await;
    assert_eq!(s, 400);

    // API keys.
    let key = |k: &str| {
        Request::get("/keys/x")
            .header("x-api-key", k)
            .body(Full::new(Bytes::new()))
            .unwrap()
    };
    let r = send(gw.addr, c.clone(), key("psk_test_key_123"))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["headers"]["x-palisade-subject"], "billing-batch");
    assert!(
        r.json()["headers"].get("x-api-key").is_none(),
        "the key itself is not forwarded"
    );
    assert_eq!(
        send(gw.addr, c.clone(), key("psk_wrong"))
            .await
            .unwrap()
            .status,
        401
    );

    // The audit log holds identities, never tokens or keys.
    let lines = wait_lines(&dir.path().join("audit.jsonl"), 12).await;
    assert!(lines.contains("\"identity\":\"jwt:alice\""), "{lines}");
    assert!(lines.contains("\"reason\":\"rate_limited\""), "{lines}");
    assert!(
        lines.contains("unauthenticated: missing_credentials"),
        "{lines}"
    );
    assert!(
        !lines.contains(&alice) && !lines.contains("psk_test_key_123"),
        "{lines}"
    );
}

async fn admin_post(addr: std::net::SocketAddr, path: &str, body: &str) -> (u16, String) {
    use http_body_util::BodyExt;
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut s, c) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tcp))
        .await
        .unwrap();
    tokio::spawn(c);
    let req = Request::post(path)
        .header("host", "admin")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap();
    let r = s.send_request(req).await.unwrap();
    let status = r.status().as_u16();
    let b = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&b).into_owned())
}

/// A real redis-server on an ephemeral port, killed on drop.
struct Redis {
    child: Child,
    port: u16,
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_redis() -> Option<Redis> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("!!! redis-server not runnable ({e}): install it (.ci/run does)");
            return None;
        }
    };
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(Redis { child, port });
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("redis-server did not start");
}

#[tokio::test]
async fn redis_rate_limit_and_fail_open_closed() {
    let Some(redis) = start_redis() else {
        panic!("redis-server is required for this test (apt-get install redis-server)");
    };
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let port = redis.port;
    let cfg = format!(
        r#"{}routes:
  - name: open
    match: {{path_prefix: /open}}
    upstream: {{endpoints: ["{a}"]}}
    rate_limit: {{key: "header:x-tenant", per_second: 0.01, burst: 2, redis: {{url: "redis://127.0.0.1:{port}/", on_error: open}}}}
  - name: closed
    match: {{path_prefix: /closed}}
    upstream: {{endpoints: ["{a}"]}}
    rate_limit: {{key: client_ip, per_second: 0.01, burst: 100, redis: {{url: "redis://127.0.0.1:{port}/", on_error: closed}}}}
"#,
        tls_block(false),
        a = up.addr
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let tenant = |t: &str| {
        Request::get("/open")
            .header("x-tenant", t)
            .body(Full::new(Bytes::new()))
            .unwrap()
    };
    assert_eq!(
        send(gw.addr, c.clone(), tenant("t1")).await.unwrap().status,
        200
    );
    assert_eq!(
        send(gw.addr, c.clone(), tenant("t1")).await.unwrap().status,
        200
    );
    let r = send(gw.addr, c.clone(), tenant("t1")).await.unwrap();
    assert_eq!(r.status, 429);
    assert!(r.headers.contains_key("retry-after"));
    assert_eq!(
        send(gw.addr, c.clone(), tenant("t2")).await.unwrap().status,
        200
    );
    assert_eq!(
        send(gw.addr, c.clone(), get("/closed"))
            .await
            .unwrap()
            .status,
        200
    );

    // Redis goes away: fail-open lets requests through, fail-closed refuses with 503.
    drop(redis);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let hits = up.hits.load(Ordering::SeqCst);
    assert_eq!(
        send(gw.addr, c.clone(), tenant("t1")).await.unwrap().status,
        200
    );
    let r = send(gw.addr, c.clone(), get("/closed")).await.unwrap();
    assert_eq!(r.status, 503);
    assert_eq!(up.hits.load(Ordering::SeqCst), hits + 1);
}

#[tokio::test]
async fn waf_block_and_detect_only() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let cfg = format!(
        r#"{}audit_log: audit.jsonl
routes:
  - name: block
    match: {{path_prefix: /block}}
    upstream: {{endpoints: ["{a}"]}}
    waf: {{mode: block}}
  - name: detect
    match: {{path_prefix: /detect}}
    upstream: {{endpoints: ["{a}"]}}
    waf: {{mode: detect}}
"#,
        tls_block(false),
        a = up.addr
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let sqli = "?id=1%27%20OR%20%271%27%3D%271%27%20--";
    let r = send(gw.addr, c.clone(), get(&format!("/block{sqli}")))
        .await
        .unwrap();
    assert_eq!(r.status, 403, "{}", r.body);
    let xss = Request::post("/block/c")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(
            r#"{"comment":"<script>alert(document.cookie)</script>"}"#,
        )))
        .unwrap();
    assert_eq!(send(gw.addr, c.clone(), xss).await.unwrap().status, 403);
    assert_eq!(
        up.hits.load(Ordering::SeqCst),
        0,
        "a blocked request reached the upstream"
    );
    let r = send(gw.addr, c.clone(), get(&format!("/detect{sqli}")))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let ok = Request::post("/block/c")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(r#"{"comment":"nice shoes"}"#)))
        .unwrap();
    let r = send(gw.addr, c.clone(), ok).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["body_len"], 24);
    let lines = wait_lines(&dir.path().join("audit.jsonl"), 4).await;
    assert!(lines.contains("waf_detected"), "{lines}");
    assert!(lines.contains("waf_blocked"), "{lines}");
}

#[tokio::test]
async fn openapi_validation_refuses_requests_outside_the_document() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/shop/api/openapi.yaml");
    std::fs::copy(spec, dir.path().join("openapi.yaml")).unwrap();
    let cfg = format!(
        "{}routes:\n  - name: api\n    match: {{path_prefix: /}}\n    upstream: {{endpoints: [\"{}\"]}}\n    openapi: openapi.yaml\n",
        tls_block(false),
        up.addr
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    assert_eq!(
        send(gw.addr, c.clone(), get("/orders?status=paid"))
            .await
            .unwrap()
            .status,
        200
    );
    assert_eq!(
        send(gw.addr, c.clone(), get("/orders/12"))
            .await
            .unwrap()
            .status,
        200
    );
    for bad in ["/orders?status=stolen", "/orders/abc", "/admin"] {
        let r = send(gw.addr, c.clone(), get(bad)).await.unwrap();
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
    assert_eq!(up.hits.load(Ordering::SeqCst), 2);
}
