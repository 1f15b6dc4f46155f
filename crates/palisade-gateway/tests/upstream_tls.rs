//! Upstream TLS and mTLS (a real rustls upstream on 127.0.0.1 with an rcgen CA), and the
//! slow-client defences (a stalled TLS handshake, half a request line).

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::*;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A TLS upstream serving `server.crt`; with `require_client_cert` it refuses clients
/// without a certificate from the test CA. Each response names whether the client
/// presented a certificate; handshakes are recorded as "ok" / "refused".
async fn tls_upstream(
    pki: &Pki,
    require_client_cert: bool,
) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if require_client_cert {
        let mut roots = rustls::RootCertStore::empty();
        for c in load_certs(&pki.dir.join("ca.crt")) {
            roots.add(c).unwrap();
        }
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let cfg = builder
        .with_single_cert(
            load_certs(&pki.dir.join("server.crt")),
            load_key(&pki.dir.join("server.key")),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cfg));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let log2 = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, log) = (acceptor.clone(), log2.clone());
            tokio::spawn(async move {
                let tls = match acceptor.accept(tcp).await {
                    Ok(t) => t,
                    Err(_) => {
                        log.lock().unwrap().push("refused".into());
                        return;
                    }
                };
                log.lock().unwrap().push("ok".into());
                let client_cert = tls.get_ref().1.peer_certificates().is_some();
                let svc = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let body = format!("tls upstream {} client_cert={client_cert}", req.uri());
                    async move {
                        Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(
                            Bytes::from(body),
                        )))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), svc)
                    .await;
            });
        }
    });
    (addr, log)
}

fn tls_route(name: &str, prefix: &str, ep: SocketAddr, tls: &str) -> String {
    format!(
        "  - name: {name}\n    match: {{path_prefix: {prefix}}}\n    upstream: {{endpoints: [\"{ep}\"], tls: {tls}}}\n"
    )
}

#[tokio::test]
async fn upstream_tls_verifies_the_upstream_and_upstream_mtls_presents_the_client_cert() {
    let (dir, pki) = test_pki();
    pki.leaf("gateway-client", &["gateway.internal"], None, true);
    // A second, unrelated CA: an upstream signed by the test CA must not verify with it.
    let other = tempfile::tempdir().unwrap();
    let _ = Pki::new(other.path());
    std::fs::copy(other.path().join("ca.crt"), dir.path().join("other-ca.crt")).unwrap();

    let (plain_tls, plain_log) = tls_upstream(&pki, false).await;
    let (mtls, mtls_log) = tls_upstream(&pki, true).await;
    let cfg = format!(
        "{}routes:\n{}{}{}{}",
        tls_block(false),
        tls_route("tls", "/tls", plain_tls, "{ca: ca.crt}"),
        tls_route(
            "mtls",
            "/mtls",
            mtls,
            "{ca: ca.crt, cert: gateway-client.crt, key: gateway-client.key, server_name: localhost}"
        ),
        tls_route("nocert", "/nocert", mtls, "{ca: ca.crt}"),
        tls_route("wrongca", "/wrongca", plain_tls, "{ca: other-ca.crt}"),
    );
    let gw = gateway(dir.path(), &cfg).await;
    let client = pki.client(None, &[b"http/1.1"]);

    // TLS to the upstream, verified against the configured CA (endpoint given as an IP).
    let r = send(gw.addr, client.clone(), get("/tls/a")).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, "tls upstream /tls/a client_cert=false");
    // mTLS: the upstream requires a client certificate and gets the configured one.
    let r = send(gw.addr, client.clone(), get("/mtls/b")).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, "tls upstream /mtls/b client_cert=true");
    // Pooled: a second request reuses the upstream connection (no new handshake).
    let r = send(gw.addr, client.clone(), get("/mtls/c")).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(mtls_log.lock().unwrap().as_slice(), ["ok"]);

    // Without a client certificate the mTLS upstream refuses the handshake: 502, and the
    // upstream's words never reach the client.
    let r = send(gw.addr, client.clone(), get("/nocert/d"))
        .await
        .unwrap();
    assert_eq!(r.status, 502, "{}", r.body);
    assert!(!r.body.contains("tls upstream"), "{}", r.body);
    assert!(mtls_log.lock().unwrap().iter().any(|l| l == "refused"));

    // An upstream certificate from a CA the route does not trust: 502, nothing sent.
    let before = plain_log.lock().unwrap().len();
    let r = send(gw.addr, client, get("/wrongca/e")).await.unwrap();
    assert_eq!(r.status, 502, "{}", r.body);
    // (A failed handshake counts as a connect failure, so an idempotent GET is retried.)
    let after = plain_log.lock().unwrap();
    assert!(after.len() > before);
    assert!(after[before..].iter().all(|l| l == "refused"), "{after:?}");
}

/// Reads until the server closes the connection; returns what it sent. Bounded: the test
/// fails if the connection is still open after `bound`.
async fn read_until_closed<S: tokio::io::AsyncRead + Unpin>(s: &mut S, bound: Duration) -> String {
    let mut out = Vec::new();
    match tokio::time::timeout(bound, s.read_to_end(&mut out)).await {
        Ok(_) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => panic!("the gateway kept a stalled connection open for more than {bound:?}"),
    }
}

/// A raw HTTP/1.1-over-TLS connection to the gateway, for writing bytes by hand.
async fn http1_tls_client(
    addr: SocketAddr,
    pki: &Pki,
) -> tokio_rustls::client::TlsStream<TcpStream> {
    let tcp = TcpStream::connect(addr).await.unwrap();
    tokio_rustls::TlsConnector::from(pki.client(None, &[b"http/1.1"]))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap()
}

#[tokio::test]
async fn slow_clients_are_closed_after_the_header_timeout() {
    let (dir, pki) = test_pki();
    let up = upstream("a").await;
    let cfg = format!(
        "{}limits: {{header_timeout: 1s}}\nroutes:\n  - name: a\n    match: {{path_prefix: /}}\n    upstream: {{endpoints: [\"{}\"]}}\n",
        tls_block(false),
        up.addr
    );
    let gw = gateway(dir.path(), &cfg).await;
    // The bound is generous (the machine is noisy); the header timeout is 1 s.
    let bound = Duration::from_secs(20);

    // 1. A client that opens TCP and never starts the TLS handshake.
    let mut tcp = TcpStream::connect(gw.addr).await.unwrap();
    read_until_closed(&mut tcp, bound).await;

    // 2. A client that completes TLS, sends half a request line and stalls.
    let mut tls = http1_tls_client(gw.addr, &pki).await;
    tls.write_all(b"GET /half-a-req").await.unwrap();
    tls.flush().await.unwrap();
    let got = read_until_closed(&mut tls, bound).await;
    assert!(
        got.is_empty() || got.starts_with("HTTP/1.1 408"),
        "unexpected answer to a stalled request: {got}"
    );

    // 3. A client that sends the request line and some headers, then stalls.
    let mut tls = http1_tls_client(gw.addr, &pki).await;
    tls.write_all(b"GET / HTTP/1.1\r\nhost: localhost\r\nx-a: 1\r\n")
        .await
        .unwrap();
    read_until_closed(&mut tls, bound).await;
    // Nothing of the stalled requests reached the upstream.
    assert_eq!(up.hits.load(std::sync::atomic::Ordering::SeqCst), 0);

    // The gateway still serves well-behaved clients.
    let r = send(gw.addr, pki.client(None, &[b"http/1.1"]), get("/ok"))
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);

    // 4. The clock only runs while no request is in flight: an upstream that takes 3 s
    //    (three header timeouts) still gets its answer through.
    let r = send(gw.addr, pki.client(None, &[b"http/1.1"]), get("/slow"))
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);

    // 5. A keep-alive connection left idle after its response is closed with a 408.
    let mut tls = http1_tls_client(gw.addr, &pki).await;
    tls.write_all(b"GET /idle HTTP/1.1\r\nhost: localhost\r\n\r\n")
        .await
        .unwrap();
    let got = read_until_closed(&mut tls, bound).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(got.contains("HTTP/1.1 408 Request Timeout"), "{got}");

    // 6. A client that stops reading its (large) response for three header timeouts is not
    //    idle: the response arrives whole, and only then does the idle clock start. (Here
    //    the response is still in flight while the client stalls; the guard's other
    //    safeguard, a blocked write counting as busy, covers a response whose last bytes sit
    //    in buffers after it ended, which this test cannot arrange deterministically.)
    let mut tls = http1_tls_client(gw.addr, &pki).await;
    tls.write_all(b"GET /big HTTP/1.1\r\nhost: localhost\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let got = read_until_closed(&mut tls, bound).await;
    let head_end = got.find("\r\n\r\n").expect("a response head") + 4;
    assert!(got.starts_with("HTTP/1.1 200"), "{}", &got[..head_end]);
    let body = &got[head_end..];
    assert!(
        body.len() > BIG_BODY,
        "the response was cut: {} bytes",
        body.len()
    );
    assert!(
        body.as_bytes()[..BIG_BODY].iter().all(|b| *b == b'x'),
        "something was written into the middle of the response"
    );
    assert!(
        body[BIG_BODY..].starts_with("HTTP/1.1 408"),
        "{}",
        &body[BIG_BODY..]
    );
}
