//! The admin listener: `/healthz`, `/readyz`, `/metrics`, `POST /reload`, and the
//! revocation list (`GET`/`POST`/`DELETE /revocations`).
//!
//! It is a separate listener so that it can be bound to loopback or a management network
//! while the public listener faces clients; nothing here is reachable through routes.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

use crate::body::GatewayBody;
use crate::server::{text, Gateway};

/// Serves the admin API until the task is dropped.
pub async fn serve(listener: TcpListener, gw: Arc<Gateway>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        let gw = gw.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| {
                let gw = gw.clone();
                async move { Ok::<_, std::convert::Infallible>(route(gw, req).await) }
            });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(tcp), svc)
                .await;
        });
    }
}

async fn route(gw: Arc<Gateway>, req: Request<Incoming>) -> Response<GatewayBody> {
    match (req.method(), req.uri().path()) {
        (&Method::GET, "/healthz") => text(StatusCode::OK, "ok\n"),
        (&Method::GET, "/readyz") => {
            let rt = gw.current.load();
            let ready = rt
                .routes
                .iter()
                .all(|r| r.cluster.endpoints.iter().any(|e| e.is_healthy()));
            if ready {
                text(StatusCode::OK, "ready\n")
            } else {
                text(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "an upstream cluster has no healthy endpoint\n",
                )
            }
        }
        (&Method::GET, "/metrics") => {
            let s = &gw.shared;
            let body = s.metrics.render(&[
                (
                    "palisade_gateway_audit_dropped_total",
                    "Audit lines dropped because the writer could not keep up.",
                    s.audit.dropped(),
                ),
                (
                    "palisade_gateway_reloads_total",
                    "Successful config reloads.",
                    s.reloads.load(Ordering::Relaxed),
                ),
                (
                    "palisade_gateway_reload_failures_total",
                    "Config reloads refused (the running config stayed).",
                    s.reload_failures.load(Ordering::Relaxed),
                ),
            ]);
            let mut r = text(StatusCode::OK, body);
            r.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("text/plain; version=0.0.4"),
            );
            r
        }
        (_, "/revocations") => revocations(&gw, req).await,
        (&Method::POST, "/reload") => match gw.reload() {
            Ok(()) => text(StatusCode::OK, "reloaded\n"),
            Err(e) => text(StatusCode::UNPROCESSABLE_ENTITY, format!("{e}\n")),
        },
        _ => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// `GET` lists active revocations; `POST` adds one (`{"kind":"jti"|"sub","value":…,
/// "expires_at"?, "reason"?}`); `DELETE` removes one (same body, or `?kind=&value=`).
async fn revocations(gw: &Gateway, req: Request<Incoming>) -> Response<GatewayBody> {
    use palisade_authn::{Revocation, RevocationKind};
    let list = &gw.shared.revocations;
    let json = |status: StatusCode, v: serde_json::Value| {
        let mut r = text(status, format!("{v}\n"));
        r.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        r
    };
    let bad = |msg: &str| json(StatusCode::BAD_REQUEST, serde_json::json!({"error": msg}));
    match *req.method() {
        Method::GET => json(
            StatusCode::OK,
            serde_json::json!({"revocations": list.list(std::time::SystemTime::now())}),
        ),
        Method::POST => {
            let Some(body) = crate::server::read_body(req, 64 * 1024).await else {
                return bad("body unreadable or over 64 KiB");
            };
            let mut rev: Revocation = match serde_json::from_slice(&body) {
                Ok(r) => r,
                Err(e) => {
                    return bad(&format!(
                        "expected {{\"kind\": \"jti\"|\"sub\", \"value\": ...}}: {e}"
                    ))
                }
            };
            if rev.value.is_empty() {
                return bad("`value` must not be empty");
            }
            if rev.added_at == 0 {
                rev.added_at = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
            }
            match list.add(rev) {
                Ok(new) => json(
                    if new {
                        StatusCode::CREATED
                    } else {
                        StatusCode::OK
                    },
                    serde_json::json!({"added": new}),
                ),
                Err(e) => json(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    serde_json::json!({"error": e.to_string()}),
                ),
            }
        }
        Method::DELETE => {
            let query = req.uri().query().unwrap_or("").to_string();
            let mut kind = None;
            let mut value = None;
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some(("kind", k)) => kind = Some(k.to_string()),
                    Some(("value", v)) => value = Some(v.to_string()),
                    _ => {}
                }
            }
            if value.is_none() {
                if let Some(body) = crate::server::read_body(req, 64 * 1024).await {
                    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&body) {
                        kind = v["kind"].as_str().map(str::to_string);
                        value = v["value"].as_str().map(str::to_string);
                    }
                }
            }
            let kind = match kind.as_deref() {
                Some("jti") => RevocationKind::Jti,
                Some("sub") => RevocationKind::Sub,
                _ => return bad("`kind` must be `jti` or `sub`"),
            };
            let Some(value) = value else {
                return bad("`value` is required");
            };
            match list.remove(kind, &value) {
                Ok(true) => json(StatusCode::OK, serde_json::json!({"removed": true})),
                Ok(false) => json(StatusCode::NOT_FOUND, serde_json::json!({"removed": false})),
                Err(e) => json(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    serde_json::json!({"error": e.to_string()}),
                ),
            }
        }
        _ => text(StatusCode::METHOD_NOT_ALLOWED, "GET, POST or DELETE\n"),
    }
}
