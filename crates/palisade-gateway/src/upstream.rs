//! Upstream clusters: endpoints chosen round-robin among the healthy ones, pooled
//! keep-alive connections (plain or TLS/mTLS), connect and response timeouts, retries of
//! idempotent body-less requests on another endpoint, and active health checks.
//!
//! Failures are classified here, once: no healthy endpoint → 503, connect or protocol
//! failure → 502, no response head in time → 504. The classification never includes the
//! upstream's text.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use http::uri::{Authority, Scheme};
use http::{Method, Request, Response, Uri};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::body::{find_limit_error, BodyLimitError, GatewayBody};
use crate::config::{HealthCheck, Upstream};
use crate::decision::{Deny, Reason};
use crate::tls::TlsError;

/// One endpoint and its health.
pub struct Endpoint {
    /// `host:port`.
    pub authority: Authority,
    healthy: AtomicBool,
    failures: AtomicU32,
}

impl Endpoint {
    /// Whether the endpoint currently takes traffic.
    pub fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::Relaxed)
    }
}

thread_local! {
    static WORKER: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// Marks the current thread as gateway worker `i`, so it uses its own upstream pool.
pub fn set_worker_index(i: usize) {
    WORKER.with(|w| w.set(i));
}

/// The gateway worker this thread is (`usize::MAX` outside the worker threads: the admin
/// runtime, health checks, tests).
pub fn worker_index() -> usize {
    WORKER.with(|w| w.get())
}

/// How many pools a cluster keeps: one per gateway worker (a worker's connections are
/// driven by tasks on its own thread, so a request never wakes another thread), plus one
/// shared by every other thread (health checks, tests).
fn pool_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()) + 1
}

enum Pool {
    Plain(Client<HttpConnector, GatewayBody>),
    Tls(Client<hyper_rustls::HttpsConnector<HttpConnector>, GatewayBody>),
}

/// A cluster of endpoints behind one route.
pub struct Cluster {
    /// The endpoints, in config order.
    pub endpoints: Vec<Endpoint>,
    next: AtomicUsize,
    /// One pool per worker thread, indexed by [`worker_index`].
    pools: Vec<Pool>,
    scheme: Scheme,
    request_timeout: Duration,
    retries: u32,
}

/// What went wrong talking to the upstream.
#[derive(Debug)]
pub enum UpstreamFailure {
    /// The gateway's own decision (no healthy endpoint, timeout, connect failure).
    Deny(Deny),
    /// The client's body broke a limit while streaming.
    Body(BodyLimitError),
}

impl Cluster {
    /// Builds the cluster and its connection pool.
    pub fn new(cfg: &Upstream) -> Result<Arc<Cluster>, TlsError> {
        let mut endpoints = Vec::with_capacity(cfg.endpoints.len());
        for e in &cfg.endpoints {
            let authority: Authority = e
                .parse()
                .map_err(|_| TlsError(format!("endpoint `{e}` is not host:port")))?;
            endpoints.push(Endpoint {
                authority,
                healthy: AtomicBool::new(true),
                failures: AtomicU32::new(0),
            });
        }
        let mut http = HttpConnector::new();
        http.set_connect_timeout(Some(cfg.connect_timeout));
        http.set_nodelay(true);
        http.enforce_http(false);
        let mut builder = Client::builder(TokioExecutor::new());
        builder
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(256);
        let scheme = if cfg.tls.is_some() {
            Scheme::HTTPS
        } else {
            Scheme::HTTP
        };
        let connector = match &cfg.tls {
            None => None,
            Some(t) => {
                // ALPN (http/1.1 only) is set by `enable_http1` below: hyper-rustls refuses
                // (panics on) a config that already names protocols.
                let tls = crate::tls::upstream_config(t)?;
                let b = hyper_rustls::HttpsConnectorBuilder::new()
                    .with_tls_config(tls)
                    .https_only();
                let b = match &t.server_name {
                    Some(name) => {
                        let name = rustls::pki_types::ServerName::try_from(name.clone()).map_err(
                            |_| TlsError(format!("`{name}` is not a valid server name")),
                        )?;
                        b.with_server_name_resolver(FixedName(name))
                    }
                    None => b,
                };
                Some(b.enable_http1().wrap_connector(http.clone()))
            }
        };
        let pools = (0..pool_count())
            .map(|_| match &connector {
                None => Pool::Plain(builder.build(http.clone())),
                Some(c) => Pool::Tls(builder.build(c.clone())),
            })
            .collect();
        Ok(Arc::new(Cluster {
            endpoints,
            next: AtomicUsize::new(0),
            pools,
            scheme,
            request_timeout: cfg.request_timeout,
            retries: cfg.retries,
        }))
    }

    /// The next healthy endpoint, round-robin.
    fn pick(&self) -> Option<&Endpoint> {
        let n = self.endpoints.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..n)
            .map(|i| &self.endpoints[(start + i) % n])
            .find(|e| e.is_healthy())
    }

    fn uri_for(&self, ep: &Endpoint, original: &Uri) -> Uri {
        let mut parts = http::uri::Parts::default();
        parts.scheme = Some(self.scheme.clone());
        parts.authority = Some(ep.authority.clone());
        parts.path_and_query = original
            .path_and_query()
            .cloned()
            .or_else(|| Some(http::uri::PathAndQuery::from_static("/")));
        Uri::from_parts(parts).unwrap_or_else(|_| original.clone())
    }

    async fn send(
        &self,
        req: Request<GatewayBody>,
    ) -> Result<Response<Incoming>, hyper_util::client::legacy::Error> {
        match &self.pools[worker_index().min(self.pools.len() - 1)] {
            Pool::Plain(c) => c.request(req).await,
            Pool::Tls(c) => c.request(req).await,
        }
    }

    /// Sends the request to a healthy endpoint, retrying idempotent body-less requests on
    /// the next endpoint when the connection fails.
    pub async fn forward(
        &self,
        req: Request<GatewayBody>,
        replayable: bool,
    ) -> Result<Response<Incoming>, UpstreamFailure> {
        let attempts = if replayable && is_idempotent(req.method()) {
            1 + self.retries
        } else {
            1
        };
        let (parts, body) = req.into_parts();
        let mut body = Some(body);
        let mut last = Reason::UpstreamUnavailable;
        for _ in 0..attempts {
            let Some(ep) = self.pick() else {
                return Err(UpstreamFailure::Deny(Deny::with(
                    Reason::UpstreamUnavailable,
                    "no healthy endpoint",
                )));
            };
            let mut r = Request::new(
                body.take()
                    .unwrap_or_else(|| crate::body::full(bytes::Bytes::new())),
            );
            *r.method_mut() = parts.method.clone();
            *r.uri_mut() = self.uri_for(ep, &parts.uri);
            *r.version_mut() = http::Version::HTTP_11;
            *r.headers_mut() = parts.headers.clone();
            *r.extensions_mut() = Default::default();
            match tokio::time::timeout(self.request_timeout, self.send(r)).await {
                Ok(Ok(resp)) => {
                    ep.failures.store(0, Ordering::Relaxed);
                    return Ok(resp);
                }
                Ok(Err(e)) => {
                    if let Some(l) = find_limit_error(&e) {
                        return Err(UpstreamFailure::Body(l));
                    }
                    last = Reason::UpstreamError;
                    if !e.is_connect() {
                        // The request may have reached the upstream: do not replay it.
                        break;
                    }
                    ep.failures.fetch_add(1, Ordering::Relaxed);
                }
                Err(_) => {
                    // A timeout is not retried: the upstream may still be working on it.
                    return Err(UpstreamFailure::Deny(Deny::with(
                        Reason::UpstreamTimeout,
                        ep.authority.as_str(),
                    )));
                }
            }
        }
        Err(UpstreamFailure::Deny(Deny::from(last)))
    }

    /// Starts the health checker; it stops by itself when the cluster is dropped (after a
    /// reload replaced it).
    pub fn spawn_health_checks(self: &Arc<Self>, hc: HealthCheck) {
        let weak: Weak<Cluster> = Arc::downgrade(self);
        // Outside a runtime (`--check`) there is nothing to check continuously.
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        handle.spawn(async move {
            let mut tick = tokio::time::interval(hc.interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(cluster) = weak.upgrade() else {
                    return;
                };
                for ep in &cluster.endpoints {
                    let ok = cluster.probe(ep, &hc).await;
                    if ok {
                        ep.failures.store(0, Ordering::Relaxed);
                        ep.healthy.store(true, Ordering::Relaxed);
                    } else {
                        let f = ep.failures.fetch_add(1, Ordering::Relaxed) + 1;
                        if f >= hc.unhealthy_after {
                            ep.healthy.store(false, Ordering::Relaxed);
                        }
                    }
                }
            }
        });
    }

    async fn probe(&self, ep: &Endpoint, hc: &HealthCheck) -> bool {
        match &hc.path {
            None => matches!(
                tokio::time::timeout(
                    hc.timeout,
                    tokio::net::TcpStream::connect(ep.authority.as_str())
                )
                .await,
                Ok(Ok(_))
            ),
            Some(path) => {
                let uri = format!("{}://{}{}", self.scheme, ep.authority, path);
                let Ok(uri) = uri.parse::<Uri>() else {
                    return false;
                };
                let mut req = Request::new(crate::body::full(bytes::Bytes::new()));
                *req.uri_mut() = uri;
                req.headers_mut().insert(
                    http::header::USER_AGENT,
                    http::HeaderValue::from_static("palisade-gateway-health"),
                );
                match tokio::time::timeout(hc.timeout, self.send(req)).await {
                    Ok(Ok(resp)) => resp.status().is_success() || resp.status().is_redirection(),
                    _ => false,
                }
            }
        }
    }
}

/// Methods safe to send twice (RFC 9110 §9.2.2).
pub fn is_idempotent(m: &Method) -> bool {
    matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// Verifies every upstream against one configured name (endpoints given as IPs).
struct FixedName(rustls::pki_types::ServerName<'static>);

impl hyper_rustls::ResolveServerName for FixedName {
    fn resolve(
        &self,
        _uri: &Uri,
    ) -> Result<rustls::pki_types::ServerName<'static>, Box<dyn std::error::Error + Sync + Send>>
    {
        Ok(self.0.clone())
    }
}
