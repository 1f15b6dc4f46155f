//! The gateway end to end: real TLS clients, a real upstream, real sockets.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;

fn route(name: &str, prefix: &str, endpoints: &[std::net::SocketAddr], extra: &str) -> String {
    let eps: Vec<String> = endpoints.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "  - name: {name}\n    match: {{path_prefix: {prefix}}}\n    upstream: {{endpoints: [{}]{extra}}}\n",
        eps.join(", ")
    )
}

#[tokio::test]
async fn proxies_http1_and_h2_with_audit_metrics_and_security_headers() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let cfg = format!(
        "{}audit_log: audit.jsonl\nroutes:\n{}",
        tls_block(false),
        route("orders", "/orders", &[up.addr], "")
    );
    let gw = gateway(dir.path(), &cfg).await;

    // HTTP/1.1: the upstream sees the request, the client a clean response.
    let mut req = get("/orders/7?token=secret123");
    req.headers_mut()
        .insert("x-palisade-subject", "admin".parse().unwrap());
    req.headers_mut().insert(
        "authorization",
        "Bearer sekrit.token.value".parse().unwrap(),
    );
    let r = send(gw.addr, pki.client(None, &[b"http/1.1"]), req)
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    assert_eq!(j["path"], "/orders/7?token=secret123");
    // Spoofed identity headers never reach the upstream.
    assert!(j["headers"].get("x-palisade-subject").is_none());
    assert_eq!(j["headers"]["x-forwarded-proto"], "https");
    assert_eq!(j["headers"]["x-forwarded-for"], "127.0.0.1");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert!(r.headers.contains_key("strict-transport-security"));
    assert!(
        !r.headers.contains_key("server"),
        "upstream server header leaks"
    );

    // HTTP/2 through ALPN.
    let r = send(gw.addr, pki.client(None, &[b"h2"]), get("/orders/8"))
        .await
        .unwrap();
    assert_eq!(r.version, http::Version::HTTP_2);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["headers"]["host"], "localhost");

    // No route.
    let r = send(gw.addr, pki.client(None, &[b"http/1.1"]), get("/nope"))
        .await
        .unwrap();
    assert_eq!(r.status, 404);
    assert_eq!(r.body.trim(), "{\"error\":\"no_route\"}");

    // Metrics and health on the admin listener.
    let admin = gw.admin.unwrap();
    assert_eq!(admin_get(admin, "/healthz").await.0, 200);
    let (_, m) = admin_get(admin, "/metrics").await;
    assert!(
        m.contains("palisade_gateway_requests_total{route=\"orders\",code=\"2xx\"} 2"),
        "{m}"
    );
    assert!(m.contains("reason=\"no_route\"} 1"), "{m}");
    assert!(m.contains("palisade_gateway_request_duration_seconds_count{route=\"orders\"} 2"));

    // One audit line per request, without tokens or query strings.
    let lines = wait_lines(&dir.path().join("audit.jsonl"), 3).await;
    assert!(
        !lines.contains("secret123") && !lines.contains("sekrit"),
        "{lines}"
    );
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["route"], "orders");
    assert_eq!(first["status"], 200);
    assert_eq!(first["decision"], "allow");
    assert_eq!(first["client_ip"], "127.0.0.1");
    assert_eq!(first["path"], "/orders/7");
    assert!(first["bytes_out"].as_u64().unwrap() > 0);
    // Every response here reached the client whole (hyper stops polling a body once it
    // says it has ended, so "complete" must not depend on one more poll).
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["complete"], true, "{line}");
    }
    assert!(lines.contains("\"reason\":\"no_route\""));
}

#[tokio::test]
async fn round_robin_retries_and_upstream_failures_map_to_502_503_504() {
    let (dir, pki) = test_pki();
    let a = upstream("a").await;
    let b = upstream("b").await;
    // A port with nothing listening.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let cfg = format!(
        "{}routes:\n{}{}{}{}",
        tls_block(false),
        route("rr", "/rr", &[a.addr, b.addr], ""),
        route("retry", "/retry", &[dead, a.addr], ", retries: 1"),
        route("down", "/down", &[dead], ""),
        route("slow", "/slow", &[a.addr], ", request_timeout: 300ms"),
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let mut ids = Vec::new();
    for _ in 0..4 {
        let r = send(gw.addr, c.clone(), get("/rr/x")).await.unwrap();
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    ids.sort();
    assert_eq!(ids, ["a", "a", "b", "b"]);

    // GET is retried on the next endpoint when the connection fails: always 200.
    for _ in 0..4 {
        assert_eq!(
            send(gw.addr, c.clone(), get("/retry/x"))
                .await
                .unwrap()
                .status,
            200
        );
    }
    // POST is not idempotent: no retry, so a dead first endpoint yields 502 at least once.
    let mut codes = Vec::new();
    for _ in 0..2 {
        let req = Request::post("/retry/x")
            .body(Full::new(Bytes::from("x")))
            .unwrap();
        codes.push(send(gw.addr, c.clone(), req).await.unwrap().status);
    }
    codes.sort();
    assert_eq!(codes, [200, 502]);

    let r = send(gw.addr, c.clone(), get("/down")).await.unwrap();
    assert_eq!(r.status, 502);
    assert!(
        !r.body.contains("refused") && !r.body.contains("127.0.0.1"),
        "{}",
        r.body
    );
    let r = send(gw.addr, c.clone(), get("/slow")).await.unwrap();
    assert_eq!(r.status, 504);
}

/// The response-head deadline is kept by one timer per upstream connection, set for the
/// first request and moved only when it fires: a request that reuses the connection after
/// the earlier request's deadline has come and gone still gets its own full timeout.
#[tokio::test]
async fn a_reused_upstream_connection_gives_each_request_its_own_deadline() {
    let (dir, pki) = test_pki();
    let a = upstream("a").await;
    let cfg = format!(
        "{}routes:\n{}",
        tls_block(false),
        route("timed", "/timed", &[a.addr], ", request_timeout: 600ms"),
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    // t = 0: a fast request opens the connection; its deadline would be t = 600 ms.
    let r = send(gw.addr, c.clone(), get("/timed/x")).await.unwrap();
    assert_eq!(r.status, 200);
    // t ≈ 400 ms: a request the upstream answers in 400 ms (`PAUSE`), on the same
    // connection. The first request's deadline passes while it waits (t = 600 ms); its own
    // is t ≈ 1000 ms.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = send(gw.addr, c.clone(), get("/timed/pause")).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    // Each request still gets no more than its own timeout.
    let r = send(gw.addr, c.clone(), get("/timed/slow")).await.unwrap();
    assert_eq!(r.status, 504);
    assert_eq!(a.hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn health_checks_take_endpoints_out_and_back() {
    let (dir, pki) = test_pki();
    let a = upstream("a").await;
    let b = upstream("b").await;
    let cfg = format!(
        "{}routes:\n{}",
        tls_block(false),
        route(
            "hc",
            "/",
            &[a.addr, b.addr],
            ", health_check: {path: /health, interval: 50ms, timeout: 1s}"
        ),
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    b.healthy.store(false, Ordering::SeqCst);
    let b_hits = b.hits.load(Ordering::SeqCst);
    wait_until(|| async { admin_get(gw.admin.unwrap(), "/readyz").await.0 == 200 }).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..4 {
        let r = send(gw.addr, c.clone(), get("/x")).await.unwrap();
        assert_eq!(r.json()["id"], "a");
    }
    assert_eq!(b.hits.load(Ordering::SeqCst), b_hits);
    a.healthy.store(false, Ordering::SeqCst);
    wait_until(|| async { admin_get(gw.admin.unwrap(), "/readyz").await.0 == 503 }).await;
    assert_eq!(
        send(gw.addr, c.clone(), get("/x")).await.unwrap().status,
        503
    );
    b.healthy.store(true, Ordering::SeqCst);
    wait_until(|| async { admin_get(gw.admin.unwrap(), "/readyz").await.0 == 200 }).await;
    assert_eq!(
        send(gw.addr, c.clone(), get("/x")).await.unwrap().json()["id"],
        "b"
    );
}

pub async fn wait_until<F, Fut>(f: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if f().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("condition never became true");
}

#[tokio::test]
async fn hygiene_limits_and_smuggling_are_refused_before_the_upstream() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let cfg = format!(
        "{}limits: {{max_body_bytes: 16, max_header_bytes: 2048, methods: [GET, POST], content_types: [application/json]}}\nroutes:\n{}",
        tls_block(false),
        route("r", "/", &[up.addr], "")
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let status = |r: &str| r.split(' ').nth(1).unwrap_or("").to_string();

    for (name, bytes) in [
        ("cl+te", "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("dup cl", "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x"),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"),
        ("te identity", "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n"),
        ("space before colon", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello"),
    ] {
        let r = raw(gw.addr, c.clone(), bytes.as_bytes()).await;
        assert!(status(&r).starts_with('4'), "{name}: {r}");
    }
    for (name, path, want) in [
        ("traversal", "/a/../etc/passwd", "400"),
        ("encoded traversal", "/a/%2e%2e/etc/passwd", "400"),
        ("double encoding", "/a/%252e%252e/x", "400"),
        ("encoded slash", "/a%2fb", "400"),
    ] {
        let r = raw(
            gw.addr,
            c.clone(),
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        assert_eq!(status(&r), want, "{name}: {r}");
    }
    let r = raw(
        gw.addr,
        c.clone(),
        b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status(&r), "405");
    let r = raw(gw.addr, c.clone(), b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 2\r\nConnection: close\r\n\r\n<>").await;
    assert_eq!(status(&r), "415");
    let r = raw(gw.addr, c.clone(), b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{\"a\":\"123456789\"}").await;
    assert_eq!(status(&r), "413");
    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(3000)
    );
    let r = raw(gw.addr, c.clone(), big.as_bytes()).await;
    assert_eq!(status(&r), "431");
    assert_eq!(
        up.hits.load(Ordering::SeqCst),
        0,
        "a refused request reached the upstream"
    );

    // A chunked body over the limit is cut off while streaming: 413.
    let r = raw(gw.addr, c.clone(), b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n").await;
    assert_eq!(status(&r), "413", "{r}");
    // Within limits it goes through.
    let r = raw(gw.addr, c.clone(), b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}").await;
    assert_eq!(status(&r), "200", "{r}");
}

#[tokio::test]
async fn mtls_spiffe_allowlist_and_ip_rules() {
    let (dir, pki) = test_pki();
    pki.leaf(
        "web",
        &["web"],
        Some("spiffe://shop/ns/web/sa/frontend"),
        true,
    );
    pki.leaf(
        "batch",
        &["batch"],
        Some("spiffe://shop/ns/batch/sa/job"),
        true,
    );
    let up = upstream("a").await;
    let cfg = format!(
        "{}trusted_proxies: [127.0.0.1/32]\nroutes:\n{}    auth: {{mtls: {{spiffe_ids: [\"spiffe://shop/ns/web/*\"]}}}}\n{}    network: {{deny: [\"203.0.113.0/24\", \"2001:db8::/32\"]}}\n",
        tls_block(true),
        route("orders", "/orders", &[up.addr], ""),
        route("open", "/open", &[up.addr], ""),
    );
    let gw = gateway(dir.path(), &cfg).await;
    // No client certificate: the handshake itself fails.
    let err = send(gw.addr, pki.client(None, &[b"http/1.1"]), get("/open")).await;
    assert!(err.is_err(), "{err:?}");
    let web = pki.client(Some("web"), &[b"http/1.1"]);
    let batch = pki.client(Some("batch"), &[b"h2"]);
    let r = send(gw.addr, web.clone(), get("/orders")).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["headers"]["x-palisade-spiffe-id"],
        "spiffe://shop/ns/web/sa/frontend"
    );
    let r = send(gw.addr, batch.clone(), get("/orders")).await.unwrap();
    assert_eq!(r.status, 403);
    // XFF from a trusted proxy decides the client IP for the deny list.
    let mut req = get("/open");
    req.headers_mut()
        .insert("x-forwarded-for", "203.0.113.5".parse().unwrap());
    assert_eq!(send(gw.addr, web.clone(), req).await.unwrap().status, 403);
    let mut req = get("/open");
    req.headers_mut()
        .insert("x-forwarded-for", "2001:db8::7".parse().unwrap());
    assert_eq!(send(gw.addr, web.clone(), req).await.unwrap().status, 403);
    let mut req = get("/open");
    req.headers_mut()
        .insert("x-forwarded-for", "198.51.100.1".parse().unwrap());
    let r = send(gw.addr, web.clone(), req).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["headers"]["x-forwarded-for"],
        "198.51.100.1, 198.51.100.1"
    );
}

#[tokio::test]
async fn cors_preflight_and_websocket_upgrade() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let cfg = format!(
        "{}cors: {{allow_origins: [\"https://shop.example\"], allow_methods: [GET, POST], allow_headers: [authorization]}}\nsecurity_headers: {{csp: \"default-src 'none'\"}}\nroutes:\n{}",
        tls_block(false),
        route("r", "/", &[up.addr], "")
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let req = Request::options("/x")
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let r = send(gw.addr, c.clone(), req).await.unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "https://shop.example"
    );
    assert_eq!(r.headers["access-control-allow-methods"], "GET, POST");
    let req = Request::options("/x")
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .body(Full::new(Bytes::new()))
        .unwrap();
    assert_eq!(send(gw.addr, c.clone(), req).await.unwrap().status, 403);
    let req = Request::get("/x")
        .header("origin", "https://shop.example")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let r = send(gw.addr, c.clone(), req).await.unwrap();
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "https://shop.example"
    );
    assert_eq!(r.headers["content-security-policy"], "default-src 'none'");
    assert_eq!(
        up.hits.load(Ordering::SeqCst),
        1,
        "preflights are not forwarded"
    );

    // WebSocket-style upgrade: after 101 the bytes flow both ways.
    let r = raw_ws(gw.addr, c.clone()).await;
    assert!(r.starts_with("HTTP/1.1 101"), "{r}");
    assert!(r.ends_with("ping-through-gateway"), "{r}");
}

async fn raw_ws(addr: std::net::SocketAddr, tls: std::sync::Arc<rustls::ClientConfig>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut s = tokio_rustls::TlsConnector::from(tls)
        .connect(
            rustls::pki_types::ServerName::try_from("localhost").unwrap(),
            tcp,
        )
        .await
        .unwrap();
    s.write_all(b"GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").await.unwrap();
    let mut buf = vec![0u8; 4096];
    let mut out = Vec::new();
    // Read the 101 head.
    while !out.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed: {}", String::from_utf8_lossy(&out));
        out.extend_from_slice(&buf[..n]);
    }
    s.write_all(b"ping-through-gateway").await.unwrap();
    while !out.ends_with(b"ping-through-gateway") {
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn reload_applies_good_configs_and_refuses_bad_ones_with_their_line() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let base = format!(
        "{}routes:\n{}",
        tls_block(false),
        route("one", "/one", &[up.addr], "")
    );
    let gw = gateway(dir.path(), &base).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let admin = gw.admin.unwrap();
    // A connection opened before the reload keeps working after it.
    assert_eq!(
        send(gw.addr, c.clone(), get("/one")).await.unwrap().status,
        200
    );
    let path = dir.path().join("config.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}    rate_limt: {{key: client_ip, per_second: 1}}\n"),
    )
    .unwrap();
    let (s, body) = admin_req(admin, "POST", "/reload").await;
    assert_eq!(s, 422);
    assert!(
        body.contains("config.yaml:8:5: unknown key `rate_limt`"),
        "{body}"
    );
    assert_eq!(
        send(gw.addr, c.clone(), get("/one")).await.unwrap().status,
        200
    );
    // A good change is picked up by the file watcher (or an explicit reload).
    tokio::spawn(palisade_gateway::reload::watch_file(gw.gw.clone()));
    tokio::time::sleep(Duration::from_millis(200)).await;
    std::fs::write(
        &path,
        format!("{text}{}", route("two", "/two", &[up.addr], "")),
    )
    .unwrap();
    wait_until(|| async {
        send(gw.addr, c.clone(), get("/two"))
            .await
            .map(|r| r.status)
            == Ok(200)
    })
    .await;
    let (_, m) = admin_get(admin, "/metrics").await;
    assert!(
        m.contains("palisade_gateway_reload_failures_total 1"),
        "{m}"
    );
}

/// An HTTP/1.1 upstream that counts the connections it accepts; with `idle_close` it
/// closes each connection that long after accepting it, without saying so (as an upstream
/// with a short keep-alive timeout does).
async fn counting_upstream(
    idle_close: Option<Duration>,
) -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use hyper_util::rt::TokioIo;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(|_req| async {
                    Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::from(
                        "ok",
                    ))))
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), svc);
                match idle_close {
                    Some(after) => {
                        let _ = tokio::time::timeout(after, conn).await;
                    }
                    None => {
                        let _ = conn.await;
                    }
                }
            });
        }
    });
    (addr, accepted)
}

#[tokio::test]
async fn upstream_connections_are_reused_and_closed_idle_ones_replaced() {
    let (dir, pki) = test_pki();
    let (keep, keep_accepted) = counting_upstream(None).await;
    let (flaky, flaky_accepted) = counting_upstream(Some(Duration::from_millis(100))).await;
    let cfg = format!(
        "{}routes:\n{}{}",
        tls_block(false),
        route("keep", "/keep", &[keep], ""),
        route("flaky", "/flaky", &[flaky], ""),
    );
    let gw = gateway(dir.path(), &cfg).await;
    let c = pki.client(None, &[b"http/1.1"]);
    // Sequential requests (each on a new client connection) share one upstream connection.
    for _ in 0..5 {
        let r = send(gw.addr, c.clone(), get("/keep/x")).await.unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "ok"));
    }
    // Responses without a body (HEAD) hand the connection back too.
    for _ in 0..3 {
        let head = Request::head("/keep/x")
            .body(Full::new(Bytes::new()))
            .unwrap();
        let r = send(gw.addr, c.clone(), head).await.unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, ""));
    }
    let r = send(gw.addr, c.clone(), get("/keep/x")).await.unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "ok"));
    assert_eq!(keep_accepted.load(Ordering::SeqCst), 1);

    // The upstream drops each idle connection after 100 ms: a request after that gets a new
    // connection instead of an error — a POST too, as nothing was sent on the dead one.
    for i in 0..3 {
        let req = Request::post("/flaky/x")
            .body(Full::new(Bytes::from("payload")))
            .unwrap();
        let r = send(gw.addr, c.clone(), req).await.unwrap();
        assert_eq!(r.status, 200, "request {i}: {}", r.body);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(flaky_accepted.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_http10_request_without_host_reaches_the_upstream_with_one() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (dir, pki) = test_pki();
    let a = upstream("a").await;
    let cfg = format!(
        "{}routes:\n{}",
        tls_block(false),
        route("old", "/", &[a.addr], "")
    );
    let gw = gateway(dir.path(), &cfg).await;
    let tcp = tokio::net::TcpStream::connect(gw.addr).await.unwrap();
    let mut s = tokio_rustls::TlsConnector::from(pki.client(None, &[b"http/1.1"]))
        .connect(
            rustls::pki_types::ServerName::try_from("localhost").unwrap(),
            tcp,
        )
        .await
        .unwrap();
    s.write_all(b"GET /x HTTP/1.0\r\n\r\n").await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.starts_with("HTTP/1.0 200") || text.starts_with("HTTP/1.1 200"),
        "{text}"
    );
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["headers"]["host"], a.addr.to_string(), "{body}");
}
