//! The HTTPS server: rustls in front of hyper (HTTP/1.1 and HTTP/2), the routes
//! (`/validate`, `/mutate`, `/metrics`, `/healthz`, `/readyz`), bounded bodies and read
//! times, reload on file change and graceful shutdown. Assembled in [`Server::run`].

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::audit::AuditLog;
use crate::config::{Config, TlsFiles};
use crate::engine::{Endpoint, Engine};
use crate::metrics::Metrics;
use crate::tls::{server_config, CertStore};
use crate::{log, AdmissionError};

/// How to start the server: a configuration file, flags that override it, and bounds.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// `admission.yaml`; without it the defaults apply (deny high and critical, warn below).
    pub config: Option<PathBuf>,
    /// Listen address (overrides the configuration's `listen`).
    pub listen: Option<String>,
    /// Serving certificate (overrides `tls.cert`).
    pub tls_cert: Option<PathBuf>,
    /// Serving key (overrides `tls.key`).
    pub tls_key: Option<PathBuf>,
    /// Audit log (overrides `audit_log`).
    pub audit_log: Option<PathBuf>,
    /// Longest wait for a TLS handshake, request headers, or a request body.
    pub read_timeout: Duration,
    /// Longest wait for in-flight requests at shutdown.
    pub drain_timeout: Duration,
    /// Watch the configuration, policies and certificates and reload on change.
    pub watch: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            config: None,
            listen: None,
            tls_cert: None,
            tls_key: None,
            audit_log: None,
            read_timeout: Duration::from_secs(10),
            drain_timeout: Duration::from_secs(25),
            watch: true,
        }
    }
}

/// Everything a request needs, swapped whole on reload.
struct State {
    engine: Engine,
    audit: AuditLog,
    max_body: usize,
}

struct Shared {
    state: ArcSwap<State>,
    metrics: Metrics,
    ready: AtomicBool,
    opts: ServeOptions,
    certs: Arc<CertStore>,
    tls_files: TlsFiles,
}

/// A bound server, ready to [`Server::run`].
pub struct Server {
    shared: Arc<Shared>,
    listener: TcpListener,
    acceptor: TlsAcceptor,
}

/// Loads the configuration (or defaults) and applies the flags.
pub fn load_config(opts: &ServeOptions) -> Result<Config, AdmissionError> {
    let mut config = match &opts.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(l) = &opts.listen {
        config.listen = Some(l.clone());
    }
    match (&opts.tls_cert, &opts.tls_key) {
        (Some(cert), Some(key)) => {
            config.tls = Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
            })
        }
        (None, None) => {}
        _ => return Err(AdmissionError::new("--tls-cert and --tls-key go together")),
    }
    if let Some(a) = &opts.audit_log {
        config.audit_log = Some(a.clone());
    }
    Ok(config)
}

fn build_state(config: Config) -> Result<State, AdmissionError> {
    let audit = match &config.audit_log {
        Some(p) => AuditLog::open(p)?,
        None => AuditLog::none(),
    };
    let max_body = config.max_body_bytes;
    let extra = crate::policies::evaluators(&config)?;
    Ok(State {
        engine: Engine::new(config, extra)?,
        audit,
        max_body,
    })
}

impl Server {
    /// Validates everything (configuration, policies, certificates) and binds the socket;
    /// any mistake is reported here, before a request is served.
    pub async fn bind(opts: ServeOptions) -> Result<Server, AdmissionError> {
        let config = load_config(&opts)?;
        let listen = config.listen.clone().ok_or_else(|| {
            AdmissionError::new(
                "no listen address: pass --listen ADDR or set `listen` in the configuration",
            )
        })?;
        let tls_files = config.tls.clone().ok_or_else(|| {
            AdmissionError::new("no certificate: pass --tls-cert and --tls-key or set `tls` in the configuration (`palisade admission certs` makes them)")
        })?;
        let certs = Arc::new(CertStore::load(&tls_files.cert, &tls_files.key)?);
        let acceptor = TlsAcceptor::from(Arc::new(server_config(certs.clone())?));
        let state = build_state(config)?;
        let listener = TcpListener::bind(&listen)
            .await
            .map_err(|e| AdmissionError::new(format!("cannot listen on {listen}: {e}")))?;
        Ok(Server {
            shared: Arc::new(Shared {
                state: ArcSwap::from_pointee(state),
                metrics: Metrics::default(),
                ready: AtomicBool::new(true),
                opts,
                certs,
                tls_files,
            }),
            listener,
            acceptor,
        })
    }

    /// The bound address (useful with port 0).
    pub fn local_addr(&self) -> Result<SocketAddr, AdmissionError> {
        self.listener
            .local_addr()
            .map_err(|e| AdmissionError::new(format!("no local address: {e}")))
    }

    /// Serves until `shutdown` completes, then stops accepting, reports not ready and
    /// waits (up to the drain timeout) for requests in flight.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> Result<(), AdmissionError> {
        let Server {
            shared,
            listener,
            acceptor,
        } = self;
        let _watcher = if shared.opts.watch {
            Some(crate::reload::watch(
                shared_reloader(shared.clone()),
                &watched_paths(&shared),
            )?)
        } else {
            None
        };
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(shared.opts.read_timeout);
        builder.http2().timer(TokioTimer::new());
        let graceful = GracefulShutdown::new();
        tokio::pin!(shutdown);
        log(
            "info",
            &format!(
                "listening on https://{}",
                listener
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default()
            ),
        );
        loop {
            let (tcp, _peer) = tokio::select! {
                biased;
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a little, keep serving.
                        log("warn", &format!("accept failed: {e}"));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let _ = tcp.set_nodelay(true);
            let acceptor = acceptor.clone();
            let builder = builder.clone();
            let shared = shared.clone();
            let watcher = graceful.watcher();
            tokio::spawn(async move {
                let tls = match tokio::time::timeout(shared.opts.read_timeout, acceptor.accept(tcp))
                    .await
                {
                    Ok(Ok(tls)) => tls,
                    // Failed or slow handshakes only cost the client its connection.
                    _ => return,
                };
                let svc = hyper::service::service_fn(move |req| handle(shared.clone(), req));
                let conn = builder.serve_connection(TokioIo::new(tls), svc);
                let _ = watcher.watch(conn).await;
            });
        }
        shared.ready.store(false, Ordering::SeqCst);
        drop(listener);
        log("info", "shutting down: waiting for requests in flight");
        tokio::select! {
            () = graceful.shutdown() => log("info", "shut down cleanly"),
            () = tokio::time::sleep(shared.opts.drain_timeout) => log("warn", "drain timeout reached; closing remaining connections"),
        }
        Ok(())
    }
}

fn watched_paths(shared: &Shared) -> Vec<(PathBuf, bool)> {
    let mut paths = Vec::new();
    if let Some(c) = &shared.opts.config {
        paths.push((c.clone(), false));
    }
    paths.push((shared.tls_files.cert.clone(), false));
    paths.push((shared.tls_files.key.clone(), false));
    for p in &shared.state.load().engine.config().policies {
        paths.push((p.clone(), true));
    }
    paths
}

fn shared_reloader(shared: Arc<Shared>) -> impl Fn() + Send + Sync + 'static {
    move || {
        let result = load_config(&shared.opts).and_then(|config| {
            let tls = config
                .tls
                .clone()
                .unwrap_or_else(|| shared.tls_files.clone());
            let state = build_state(config)?;
            shared.certs.reload(&tls.cert, &tls.key)?;
            Ok(state)
        });
        match result {
            Ok(state) => {
                shared.state.store(Arc::new(state));
                shared.metrics.reload("ok");
                log("info", "configuration, policies and certificate reloaded");
            }
            Err(e) => {
                shared.metrics.reload("error");
                log(
                    "error",
                    &format!("reload failed, keeping the previous configuration: {e}"),
                );
            }
        }
    }
}

type Resp = Response<Full<Bytes>>;

fn reply(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Resp {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type),
    );
    r
}

fn error_reply(status: StatusCode, message: &str) -> Resp {
    let body = serde_json::json!({ "error": message }).to_string();
    reply(status, "application/json", body)
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let endpoint = match req.uri().path() {
        "/validate" => Endpoint::Validate,
        "/mutate" => Endpoint::Mutate,
        "/healthz" => return Ok(reply(StatusCode::OK, "text/plain", "ok\n")),
        "/readyz" => {
            return Ok(if shared.ready.load(Ordering::SeqCst) {
                reply(StatusCode::OK, "text/plain", "ready\n")
            } else {
                reply(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/plain",
                    "shutting down\n",
                )
            })
        }
        "/metrics" => {
            return Ok(reply(
                StatusCode::OK,
                "text/plain; version=0.0.4",
                shared.metrics.render(),
            ))
        }
        _ => {
            return Ok(error_reply(
                StatusCode::NOT_FOUND,
                "not found: use /validate or /mutate",
            ))
        }
    };
    if req.method() != Method::POST {
        return Ok(error_reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "AdmissionReviews are POSTed",
        ));
    }
    let start = Instant::now();
    let state = shared.state.load_full();
    let name = endpoint.as_str();
    let too_big = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > state.max_body as u64);
    let limit_msg = || format!("request body larger than {} bytes", state.max_body);
    if too_big {
        shared.metrics.request(name, "too_large", start.elapsed());
        return Ok(error_reply(StatusCode::PAYLOAD_TOO_LARGE, &limit_msg()));
    }
    let body = Limited::new(req.into_body(), state.max_body);
    let body = match tokio::time::timeout(shared.opts.read_timeout, body.collect()).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            shared.metrics.request(name, "too_large", start.elapsed());
            return Ok(error_reply(StatusCode::PAYLOAD_TOO_LARGE, &limit_msg()));
        }
        Ok(Err(e)) => {
            shared.metrics.request(name, "bad_request", start.elapsed());
            return Ok(error_reply(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the request body: {e}"),
            ));
        }
        Err(_) => {
            shared.metrics.request(name, "timeout", start.elapsed());
            return Ok(error_reply(
                StatusCode::REQUEST_TIMEOUT,
                "the request body did not arrive in time",
            ));
        }
    };
    match state.engine.review(endpoint, &body) {
        Err(msg) => {
            shared.metrics.request(name, "bad_request", start.elapsed());
            Ok(error_reply(StatusCode::BAD_REQUEST, &msg))
        }
        Ok(decision) => {
            for f in &decision.findings {
                shared.metrics.decision(&f.rule, f.outcome);
            }
            let out = decision.response.to_review_json();
            let result = if !decision.allowed {
                "denied"
            } else if decision.patch_ops > 0 {
                "patched"
            } else if !decision.response.warnings.is_empty() {
                "warned"
            } else {
                "allowed"
            };
            let latency = start.elapsed();
            shared.metrics.request(name, result, latency);
            state.audit.record(&decision, latency.as_micros() as u64);
            Ok(reply(StatusCode::OK, "application/json", out))
        }
    }
}
