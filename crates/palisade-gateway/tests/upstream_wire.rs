//! The gateway's upstream HTTP/1.1 client against upstreams that answer with scripted
//! bytes: every response framing, interim responses, and the malformed, truncated,
//! oversized and ambiguous answers a proxy must not pass on or be confused by.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the scripted upstream does after writing its answer.
#[derive(Clone, Copy, PartialEq)]
enum After {
    KeepOpen,
    Close,
    /// Answers as soon as the head is read, without reading the body, then half-closes
    /// and drains what the client still sends (a lingering close, as nginx does).
    AnswerEarly,
}

struct Scripted {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    /// Every request as received (head and body bytes), in order.
    received: Arc<Mutex<Vec<Vec<u8>>>>,
}

/// An upstream that answers a request for `path` with exactly the bytes scripted for it.
async fn scripted(script: Vec<(&'static str, Vec<u8>, After)>) -> Scripted {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let received = Arc::new(Mutex::new(Vec::new()));
    let script: Arc<HashMap<&str, (Vec<u8>, After)>> =
        Arc::new(script.into_iter().map(|(p, b, a)| (p, (b, a))).collect());
    let (count, log) = (accepted.clone(), received.clone());
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let (script, log) = (script.clone(), log.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    let Some(head_end) = read_until(&mut tcp, &mut buf, b"\r\n\r\n").await else {
                        return;
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
                    let path = head.split(' ').nth(1).unwrap_or("").to_string();
                    let (answer, after) = script.get(path.as_str()).cloned().unwrap_or((
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".to_vec(),
                        After::KeepOpen,
                    ));
                    if after == After::AnswerEarly {
                        log.lock().unwrap().push(buf[..head_end].to_vec());
                        let _ = tcp.write_all(&answer).await;
                        let _ = tcp.shutdown().await;
                        let mut sink = [0u8; 65536];
                        while matches!(tcp.read(&mut sink).await, Ok(n) if n > 0) {}
                        return;
                    }
                    let end = if let Some(len) = header(&head, "content-length") {
                        let end = head_end + len.parse::<usize>().unwrap();
                        while buf.len() < end {
                            if !fill(&mut tcp, &mut buf).await {
                                return;
                            }
                        }
                        end
                    } else if header(&head, "transfer-encoding").is_some() {
                        match read_until(&mut tcp, &mut buf, b"\r\n0\r\n\r\n").await {
                            Some(e) => e,
                            None => return,
                        }
                    } else {
                        head_end
                    };
                    log.lock().unwrap().push(buf[..end].to_vec());
                    buf.drain(..end);
                    if tcp.write_all(&answer).await.is_err() || after == After::Close {
                        return;
                    }
                }
            });
        }
    });
    Scripted {
        addr,
        accepted,
        received,
    }
}

/// Reads until `buf` contains `marker`; the index just past it.
async fn read_until(
    tcp: &mut tokio::net::TcpStream,
    buf: &mut Vec<u8>,
    marker: &[u8],
) -> Option<usize> {
    loop {
        if let Some(i) = buf.windows(marker.len()).position(|w| w == marker) {
            return Some(i + marker.len());
        }
        if !fill(tcp, buf).await {
            return None;
        }
    }
}

async fn fill(tcp: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 65536];
    match tcp.read(&mut chunk).await {
        Ok(n) if n > 0 => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
        _ => false,
    }
}

/// A header's value in a lowercased head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

fn route_to(addr: SocketAddr, extra: &str) -> String {
    format!(
        "{}routes:\n  - name: r\n    match: {{path_prefix: /}}\n    upstream: {{endpoints: [\"{addr}\"]{extra}}}\n",
        tls_block(false)
    )
}

#[tokio::test]
async fn every_response_framing_reaches_the_client_intact() {
    let (dir, pki) = test_pki();
    let up = scripted(vec![
        (
            "/chunked",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: t\r\n\r\n".to_vec(),
            After::KeepOpen,
        ),
        (
            "/length",
            b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-Up: 1\r\n\r\nlength".to_vec(),
            After::KeepOpen,
        ),
        (
            "/continue",
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok".to_vec(),
            After::KeepOpen,
        ),
        (
            "/until-close",
            b"HTTP/1.1 200 OK\r\n\r\nread until the upstream closes".to_vec(),
            After::Close,
        ),
        (
            "/te-and-cl",
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n".to_vec(),
            After::KeepOpen,
        ),
        (
            "/no-content",
            b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
            After::KeepOpen,
        ),
    ])
    .await;
    let gw = gateway(dir.path(), &route_to(up.addr, "")).await;
    for alpn in [&b"http/1.1"[..], b"h2"] {
        let c = pki.client(None, &[alpn]);
        for (path, status, body) in [
            ("/chunked", 200, "hello world"),
            ("/length", 200, "length"),
            ("/continue", 201, "ok"),
            ("/until-close", 200, "read until the upstream closes"),
            ("/te-and-cl", 200, "ok"),
            ("/no-content", 204, ""),
        ] {
            let r = send(gw.addr, c.clone(), get(path)).await.unwrap();
            assert_eq!(
                (r.status, r.body.as_str()),
                (status, body),
                "{path} over {alpn:?}"
            );
            if path == "/te-and-cl" {
                // The length the coding overrode is not passed on.
                assert_ne!(
                    r.headers.get("content-length").map(|v| v.as_bytes()),
                    Some(&b"100"[..])
                );
            }
            if path == "/length" {
                assert_eq!(r.headers["x-up"], "1");
            }
        }
    }
    // Connections are reused after every framing that allows it: the close-delimited body
    // and the TE+CL answer cost a new connection each time (2 per round), the rest none.
    let accepted = up.accepted.load(Ordering::SeqCst);
    assert!(
        accepted <= 5,
        "{accepted} upstream connections for 12 requests"
    );
}

#[tokio::test]
async fn broken_and_ambiguous_answers_become_502_and_are_not_reused() {
    let (dir, pki) = test_pki();
    let huge_head = [
        b"HTTP/1.1 200 OK\r\n".to_vec(),
        b"x-filler: ".to_vec(),
        vec![b'a'; 300 * 1024],
        b"\r\ncontent-length: 0\r\n\r\n".to_vec(),
    ]
    .concat();
    let up = scripted(vec![
        (
            "/two-lengths",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok".to_vec(),
            After::KeepOpen,
        ),
        ("/not-http", b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec(), After::KeepOpen),
        ("/huge-head", huge_head, After::KeepOpen),
        (
            "/unasked-switch",
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".to_vec(),
            After::KeepOpen,
        ),
        ("/silent-close", Vec::new(), After::Close),
        (
            "/bad-chunk",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n".to_vec(),
            After::KeepOpen,
        ),
        (
            "/truncated",
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this".to_vec(),
            After::Close,
        ),
        (
            "/extra-bytes",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled".to_vec(),
            After::KeepOpen,
        ),
        (
            "/fine",
            b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine".to_vec(),
            After::KeepOpen,
        ),
    ])
    .await;
    let gw = gateway(dir.path(), &route_to(up.addr, ", request_timeout: 2s")).await;
    let c = pki.client(None, &[b"http/1.1"]);
    for path in [
        "/two-lengths",
        "/not-http",
        "/huge-head",
        "/unasked-switch",
        "/silent-close",
    ] {
        let r = send(gw.addr, c.clone(), get(path)).await.unwrap();
        assert_eq!(r.status, 502, "{path}: {}", r.body);
        // The upstream's bytes are not passed on.
        assert!(
            !r.body.contains("SSH") && !r.body.contains("ok"),
            "{path}: {}",
            r.body
        );
    }
    // Once the head is out, a broken body can only cut the response short.
    for path in ["/bad-chunk", "/truncated"] {
        match send(gw.addr, c.clone(), get(path)).await {
            Err(_) => {}
            Ok(r) => assert!(
                r.body.len() < 100 && !r.body.contains("hello"),
                "{path}: {r:?}"
            ),
        }
    }
    // Bytes after a complete response are not taken for the next response: the connection
    // is dropped, and the next request gets its own answer.
    let r = send(gw.addr, c.clone(), get("/extra-bytes")).await.unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "ok"));
    let before = up.accepted.load(Ordering::SeqCst);
    let r = send(gw.addr, c.clone(), get("/fine")).await.unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "fine"));
    assert_eq!(up.accepted.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn request_bodies_are_framed_by_the_gateway() {
    let (dir, pki) = test_pki();
    let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".to_vec();
    let up = scripted(vec![("/upload", ok, After::KeepOpen)]).await;
    let gw = gateway(dir.path(), &route_to(up.addr, "")).await;
    let h1 = pki.client(None, &[b"http/1.1"]);
    let h2 = pki.client(None, &[b"h2"]);

    // A known length goes as Content-Length, exactly.
    let req = Request::post("/upload")
        .body(Full::new(Bytes::from("twelve bytes")))
        .unwrap();
    assert_eq!(send(gw.addr, h1.clone(), req).await.unwrap().status, 200);
    // A chunked HTTP/1.1 upload, with extensions and trailers, is re-chunked cleanly.
    let raw_resp = raw(
        gw.addr,
        h1.clone(),
        b"POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nx-t: 1\r\n\r\n",
    )
    .await;
    assert!(raw_resp.starts_with("HTTP/1.1 200"), "{raw_resp}");
    // An HTTP/2 upload without content-length goes chunked.
    let mut req = Request::post("/upload")
        .body(Full::new(Bytes::from("from h2")))
        .unwrap();
    req.headers_mut().remove("content-length");
    assert_eq!(send(gw.addr, h2.clone(), req).await.unwrap().status, 200);
    // An empty POST says so.
    let req = Request::post("/upload")
        .body(Full::new(Bytes::new()))
        .unwrap();
    assert_eq!(send(gw.addr, h1.clone(), req).await.unwrap().status, 200);

    let got: Vec<String> = up
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|r| String::from_utf8_lossy(r).into_owned())
        .collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(
        got[0].contains("content-length: 12\r\n") && got[0].ends_with("\r\n\r\ntwelve bytes"),
        "{}",
        got[0]
    );
    assert!(!got[0].contains("transfer-encoding"), "{}", got[0]);
    let chunked = &got[1];
    assert!(
        chunked.contains("transfer-encoding: chunked\r\n"),
        "{chunked}"
    );
    assert!(!chunked.contains("content-length"), "{chunked}");
    assert!(
        !chunked.contains("x=y") && !chunked.contains("x-t"),
        "{chunked}"
    );
    let body = &chunked[chunked.find("\r\n\r\n").unwrap() + 4..];
    assert_eq!(dechunk(body), "abcde", "{body:?}");
    assert!(got[2].contains("from h2"), "{}", got[2]);
    assert!(got[3].contains("content-length: 0\r\n"), "{}", got[3]);
}

/// The body of a chunked message (no extensions), for checking what the upstream got.
fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = s.split_once("\r\n").unwrap();
        let n = usize::from_str_radix(size, 16).unwrap();
        if n == 0 {
            assert_eq!(rest, "\r\n");
            return out;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].strip_prefix("\r\n").unwrap();
    }
}

#[tokio::test]
async fn an_early_answer_reaches_the_client_and_the_connection_is_not_reused() {
    let (dir, pki) = test_pki();
    let up = scripted(vec![
        (
            "/early",
            b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo much".to_vec(),
            After::AnswerEarly,
        ),
        (
            "/fine",
            b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine".to_vec(),
            After::KeepOpen,
        ),
    ])
    .await;
    let gw = gateway(dir.path(), &route_to(up.addr, "")).await;
    let c = pki.client(None, &[b"http/1.1"]);
    let req = Request::post("/early")
        .body(Full::new(Bytes::from(vec![b'x'; 900 * 1024])))
        .unwrap();
    let r = send(gw.addr, c.clone(), req).await.unwrap();
    assert_eq!((r.status, r.body.as_str()), (413, "too much"));
    let r = send(gw.addr, c.clone(), get("/fine")).await.unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "fine"));
    assert_eq!(up.accepted.load(Ordering::SeqCst), 2);
}
