//! The admin listener: `/healthz`, `/readyz`, `/metrics` and `POST /reload`.
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
        (&Method::POST, "/reload") => match gw.reload() {
            Ok(()) => text(StatusCode::OK, "reloaded\n"),
            Err(e) => text(StatusCode::UNPROCESSABLE_ENTITY, format!("{e}\n")),
        },
        _ => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}
