//! Upstream clusters: endpoints chosen round-robin among the healthy ones, pooled
//! keep-alive connections (plain or TLS/mTLS), connect and response timeouts, retries of
//! idempotent body-less requests on another endpoint, and active health checks.
//!
//! Failures are classified here, once: no healthy endpoint → 503, connect or protocol
//! failure → 502, no response head in time → 504. The classification never includes the
//! upstream's text.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::uri::{Authority, PathAndQuery};
use http::{Method, Request, Response, Uri};
use http_body::{Body, Frame, SizeHint};
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;

use crate::body::{find_limit_error, BodyLimitError, GatewayBody};
use crate::config::{HealthCheck, Upstream};
use crate::decision::{Deny, Reason};
use crate::tls::TlsError;
use crate::upstream_conn::{BodyState, ExchangeError, Io, SendError, UpstreamConn};

thread_local! {
    static WORKER: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// Marks the current thread as gateway worker `i`, so it uses its own idle connections.
pub fn set_worker_index(i: usize) {
    WORKER.with(|w| w.set(i));
}

/// The gateway worker this thread is (`usize::MAX` outside the worker threads: the admin
/// runtime, health checks, tests).
pub fn worker_index() -> usize {
    WORKER.with(|w| w.get())
}

/// How many idle lists an endpoint keeps: one per gateway worker (a connection is driven
/// by a task on the thread that opened it, so a request never wakes another thread), plus
/// one shared by every other thread (health checks, tests).
fn slot_count() -> usize {
    match WORKERS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()) + 1,
        n => n + 1,
    }
}

/// The number of gateway workers, when set (0: one per core).
static WORKERS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many workers clusters compiled from now on keep idle lists for.
pub fn set_worker_count(n: usize) {
    WORKERS.store(n, Ordering::Relaxed);
}

/// Idle keep-alive connections, most recently used last.
type IdleList = Mutex<Vec<UpstreamConn>>;

/// Most idle connections kept per endpoint and worker; more are closed when they finish.
const MAX_IDLE: usize = 256;

/// One endpoint, its health and its idle connections.
pub struct Endpoint {
    /// `host:port`.
    pub authority: Authority,
    healthy: AtomicBool,
    failures: AtomicU32,
    /// Idle connections by worker slot ([`worker_index`], the last for other threads).
    idle: Vec<IdleList>,
}

impl Endpoint {
    /// Whether the endpoint currently takes traffic.
    pub fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::Relaxed)
    }

    fn slot(&self) -> &IdleList {
        &self.idle[worker_index().min(self.idle.len() - 1)]
    }

    /// An idle connection that is still open and ready, if any; one that is not is dropped.
    fn take_idle(&self) -> Option<UpstreamConn> {
        loop {
            let conn = self
                .slot()
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop()?;
            // Not read here: if the upstream closed it while it sat idle, the request
            // notices before it writes, and comes back unsent.
            if conn.is_reusable() {
                return Some(conn);
            }
        }
    }

    fn give_back(&self, conn: UpstreamConn) {
        if !conn.is_reusable() {
            return;
        }
        let mut idle = self.slot().lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}

/// How connections to the upstream are made.
enum Connector {
    Plain,
    Tls {
        tls: tokio_rustls::TlsConnector,
        /// Verify every endpoint against this name (endpoints given as IPs).
        server_name: Option<ServerName<'static>>,
    },
}

/// A cluster of endpoints behind one route.
///
/// HTTP/1.1 connections are made and pooled here (the gateway's own client,
/// [`UpstreamConn`], one idle list per worker thread) rather than through a
/// general-purpose pooled client: no hashing of pool keys, no locks shared between
/// threads, no hop through another task to find a connection.
pub struct Cluster {
    /// The endpoints, in config order.
    pub endpoints: Vec<Arc<Endpoint>>,
    next: AtomicUsize,
    connector: Connector,
    connect_timeout: Duration,
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

/// Why one attempt failed.
enum Attempt {
    /// No connection could be made: nothing was sent, another endpoint may be tried.
    Connect,
    /// The exchange failed after the request may have reached the upstream.
    Exchange(ExchangeError),
    /// No response head before the deadline (`request_timeout`).
    Timeout,
}

impl Cluster {
    /// Builds the cluster and its TLS settings.
    pub fn new(cfg: &Upstream) -> Result<Arc<Cluster>, TlsError> {
        let slots = slot_count();
        let mut endpoints = Vec::with_capacity(cfg.endpoints.len());
        for e in &cfg.endpoints {
            let authority: Authority = e
                .parse()
                .map_err(|_| TlsError(format!("endpoint `{e}` is not host:port")))?;
            endpoints.push(Arc::new(Endpoint {
                authority,
                healthy: AtomicBool::new(true),
                failures: AtomicU32::new(0),
                idle: (0..slots).map(|_| Mutex::new(Vec::new())).collect(),
            }));
        }
        let connector = match &cfg.tls {
            None => Connector::Plain,
            Some(t) => {
                let mut tls = crate::tls::upstream_config(t)?;
                tls.alpn_protocols = vec![b"http/1.1".to_vec()];
                let server_name =
                    match &t.server_name {
                        Some(name) => Some(ServerName::try_from(name.clone()).map_err(|_| {
                            TlsError(format!("`{name}` is not a valid server name"))
                        })?),
                        None => None,
                    };
                Connector::Tls {
                    tls: tokio_rustls::TlsConnector::from(Arc::new(tls)),
                    server_name,
                }
            }
        };
        Ok(Arc::new(Cluster {
            endpoints,
            next: AtomicUsize::new(0),
            connector,
            connect_timeout: cfg.connect_timeout,
            request_timeout: cfg.request_timeout,
            retries: cfg.retries,
        }))
    }

    /// Opens a new HTTP/1.1 connection to `ep` (TCP, then TLS when configured); the task
    /// that uses it drives it ([`UpstreamConn`]).
    async fn connect(&self, ep: &Endpoint) -> Option<UpstreamConn> {
        let tcp = tokio::time::timeout(
            self.connect_timeout,
            TcpStream::connect(ep.authority.as_str()),
        )
        .await
        .ok()?
        .ok()?;
        let _ = tcp.set_nodelay(true);
        match &self.connector {
            Connector::Plain => Some(UpstreamConn::new(Io::Plain(tcp))),
            Connector::Tls { tls, server_name } => {
                let name = match server_name {
                    Some(n) => n.clone(),
                    None => ServerName::try_from(ep.authority.host().to_string()).ok()?,
                };
                let stream = tokio::time::timeout(self.connect_timeout, tls.connect(name, tcp))
                    .await
                    .ok()?
                    .ok()?;
                Some(UpstreamConn::new(Io::Tls(Box::new(stream))))
            }
        }
    }

    /// One request to `ep` on an idle connection or a new one. A pooled connection the
    /// upstream closed before the request went out is replaced by a new one (the request
    /// comes back unsent, so this is safe for any method).
    async fn exchange(
        &self,
        ep: &Arc<Endpoint>,
        mut req: Request<GatewayBody>,
        deadline: tokio::time::Instant,
    ) -> Result<Response<PooledBody>, Attempt> {
        let upgrade = req.headers().contains_key(http::header::UPGRADE);
        loop {
            let mut conn = match ep.take_idle() {
                Some(c) => c,
                None => {
                    // Boxed: a connect (TCP, TLS handshake) is rare next to reuse, and its
                    // state would otherwise make every request's future a few KiB larger.
                    Box::pin(tokio::time::timeout_at(deadline, self.connect(ep)))
                        .await
                        .map_err(|_| Attempt::Timeout)?
                        .ok_or(Attempt::Connect)?
                }
            };
            match conn.request(req, deadline, upgrade).await {
                Ok(head) => return Ok(PooledBody::wrap(head, conn, ep)),
                // Only a reused connection can come back unsent.
                Err(SendError::Unsent(unsent)) => req = *unsent,
                Err(SendError::Timeout) => return Err(Attempt::Timeout),
                Err(SendError::Failed(e)) => return Err(Attempt::Exchange(e)),
            }
        }
    }
    /// The next healthy endpoint, round-robin.
    fn pick(&self) -> Option<&Arc<Endpoint>> {
        let n = self.endpoints.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..n)
            .map(|i| &self.endpoints[(start + i) % n])
            .find(|e| e.is_healthy())
    }

    /// Sends the request to a healthy endpoint, retrying idempotent body-less requests on
    /// the next endpoint when the connection fails.
    pub async fn forward(
        &self,
        req: Request<GatewayBody>,
        replayable: bool,
    ) -> Result<Response<PooledBody>, UpstreamFailure> {
        let attempts = if replayable && is_idempotent(req.method()) {
            1 + self.retries
        } else {
            1
        };
        let (mut parts, body) = req.into_parts();
        let mut body = Some(body);
        // Origin-form on the wire; `Host` was set by the caller.
        let target = parts
            .uri
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        let target = Uri::from(target);
        let mut last = Reason::UpstreamUnavailable;
        for attempt in 1..=attempts {
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
            *r.uri_mut() = target.clone();
            *r.version_mut() = http::Version::HTTP_11;
            // The last attempt takes the headers instead of copying them.
            *r.headers_mut() = if attempt == attempts {
                std::mem::take(&mut parts.headers)
            } else {
                parts.headers.clone()
            };
            // HTTP/1.1 needs a Host; a client that sent none (HTTP/1.0) gets the endpoint's.
            if !r.headers().contains_key(http::header::HOST) {
                if let Ok(host) = http::HeaderValue::from_str(ep.authority.as_str()) {
                    r.headers_mut().insert(http::header::HOST, host);
                }
            }
            let deadline = tokio::time::Instant::now() + self.request_timeout;
            match self.exchange(ep, r, deadline).await {
                Ok(resp) => {
                    if ep.failures.load(Ordering::Relaxed) != 0 {
                        ep.failures.store(0, Ordering::Relaxed);
                    }
                    return Ok(resp);
                }
                Err(Attempt::Connect) => {
                    last = Reason::UpstreamError;
                    ep.failures.fetch_add(1, Ordering::Relaxed);
                }
                Err(Attempt::Exchange(e)) => {
                    if let Some(l) = find_limit_error(&e) {
                        return Err(UpstreamFailure::Body(l));
                    }
                    // The request may have reached the upstream: do not replay it.
                    return Err(UpstreamFailure::Deny(Deny::from(Reason::UpstreamError)));
                }
                Err(Attempt::Timeout) => {
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

    async fn probe(&self, ep: &Arc<Endpoint>, hc: &HealthCheck) -> bool {
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
                let Ok(uri) = path.parse::<Uri>() else {
                    return false;
                };
                let mut req = Request::new(crate::body::full(bytes::Bytes::new()));
                *req.uri_mut() = uri;
                let h = req.headers_mut();
                if let Ok(host) = http::HeaderValue::from_str(ep.authority.as_str()) {
                    h.insert(http::header::HOST, host);
                }
                h.insert(
                    http::header::USER_AGENT,
                    http::HeaderValue::from_static("palisade-gateway-health"),
                );
                let probe = async {
                    let deadline = tokio::time::Instant::now() + hc.timeout;
                    let resp = self.exchange(ep, req, deadline).await.ok()?;
                    let ok = resp.status().is_success() || resp.status().is_redirection();
                    // Read the (small) body so the connection can be reused next time.
                    use http_body_util::BodyExt;
                    resp.into_body().collect().await.ok()?;
                    Some(ok)
                };
                matches!(
                    tokio::time::timeout(hc.timeout, probe).await,
                    Ok(Some(true))
                )
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

/// An upstream response body, read from its connection's buffer (see [`UpstreamConn`]),
/// that hands the connection back to the worker's idle list once the body has been read to
/// the end. A body dropped early takes the connection with it (HTTP/1.1 cannot reuse a
/// connection with unread response bytes).
pub struct PooledBody {
    state: BodyState,
    conn: Option<(UpstreamConn, Arc<Endpoint>)>,
}

/// The socket of an upstream connection that switched protocols, and the bytes the
/// upstream sent after its `101` head.
pub struct Upgraded {
    pub io: crate::upstream_conn::Io,
    pub early: Bytes,
}

impl PooledBody {
    fn wrap(
        head: palisade_h1::ResponseHead,
        conn: UpstreamConn,
        ep: &Arc<Endpoint>,
    ) -> Response<PooledBody> {
        let mut body = PooledBody {
            state: BodyState::of(&head),
            conn: Some((conn, ep.clone())),
        };
        body.give_back_if_done();
        let mut resp = Response::new(body);
        *resp.status_mut() = head.status;
        *resp.version_mut() = head.version;
        *resp.headers_mut() = head.headers;
        resp
    }

    /// The connection, after a `101 Switching Protocols`: it now belongs to the upgraded
    /// protocol and is never pooled.
    pub fn take_upgraded(&mut self) -> Option<Upgraded> {
        if !matches!(self.state, BodyState::Upgrade) {
            return None;
        }
        let (conn, _) = self.conn.take()?;
        let (io, early) = conn.into_upgraded();
        Some(Upgraded { io, early })
    }

    fn give_back_if_done(&mut self) {
        if matches!(self.state, BodyState::Done) {
            if let Some((conn, ep)) = self.conn.take() {
                ep.give_back(conn);
            }
        }
    }
}

impl Body for PooledBody {
    type Data = Bytes;
    type Error = ExchangeError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ExchangeError>>> {
        let this = self.get_mut();
        let Some((conn, _)) = &mut this.conn else {
            return Poll::Ready(None);
        };
        let out = conn.poll_body(&mut this.state, cx);
        // Handed back as soon as the last byte is out: hyper stops polling a body whose
        // `is_end_stream` says so.
        this.give_back_if_done();
        out.map(|o| o.map(|r| r.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.state, BodyState::Done)
    }

    fn size_hint(&self) -> SizeHint {
        match self.state {
            BodyState::Done => SizeHint::with_exact(0),
            BodyState::Length(n) => SizeHint::with_exact(n),
            _ => SizeHint::default(),
        }
    }
}
