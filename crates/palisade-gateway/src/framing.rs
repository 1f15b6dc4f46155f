//! A request-smuggling guard on the raw HTTP/1 byte stream.
//!
//! hyper resolves ambiguous framing the RFC way (a `Content-Length` next to
//! `Transfer-Encoding` is dropped, identical duplicate lengths are merged), which is safe for
//! hyper itself but hides the attempt: the header map we see no longer shows it. A gateway
//! should refuse such requests outright, because the next hop may frame them differently.
//! This guard follows the client's bytes before hyper does — each request head is parsed
//! with `httparse` and its body skipped by its declared length or chunked framing — and on
//! conflicting `Content-Length`/`Transfer-Encoding`, duplicate `Content-Length`, an invalid
//! length or a malformed head (obs-fold, space before the colon) it answers
//! `400 Bad Request` itself and closes the connection. No byte of that request reaches an
//! upstream, because hyper never sees its head.
//!
//! Once a connection upgrades (WebSocket) or turns out to be HTTP/2, the guard steps aside.

use std::future::Future;
use std::io;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::activity::ConnActivity;

/// The answer to a client that took longer than the header timeout to send a request head.
const TIMEOUT: &[u8] = b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: 28\r\nconnection: close\r\n\r\n{\"error\":\"request_timeout\"}\n";

const REJECT: &[u8] = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 30\r\nconnection: close\r\n\r\n{\"error\":\"ambiguous_framing\"}\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Collecting a request head.
    Head,
    /// Skipping a fixed-length body.
    Body(u64),
    /// Reading a chunk-size line.
    ChunkSize,
    /// Skipping chunk data.
    ChunkData(u64),
    /// Expecting the CRLF after chunk data.
    ChunkEnd(u8),
    /// Reading trailer lines until an empty one.
    Trailers,
    /// Not HTTP/1 framing any more (upgrade, HTTP/2): pass through.
    Off,
    /// A violation or a timeout: sending this answer (so many bytes sent), then EOF.
    Reject(&'static [u8], usize),
    /// Answered and closed.
    Closed,
}

/// What the framing guard decided about a complete request head.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadVerdict {
    /// Body of this many bytes follows.
    Length(u64),
    /// A chunked body follows.
    Chunked,
    /// The connection switches protocols after this request.
    Upgrade,
    /// Refuse.
    Reject(&'static str),
}

/// Judges one complete request head.
pub fn judge_head(req: &httparse::Request<'_, '_>) -> HeadVerdict {
    let mut cl: Option<u64> = None;
    let mut cl_count = 0;
    let mut te: Option<&[u8]> = None;
    let mut te_count = 0;
    let mut upgrade = false;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            cl_count += 1;
            let Some(n) = palisade_h1::parse_content_length(h.value) else {
                return HeadVerdict::Reject("invalid content-length");
            };
            cl = Some(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            te_count += 1;
            te = Some(h.value);
        } else if h.name.eq_ignore_ascii_case("upgrade") {
            upgrade = true;
        }
    }
    if cl_count > 1 {
        return HeadVerdict::Reject("duplicate content-length");
    }
    if te_count > 0 && cl_count > 0 {
        return HeadVerdict::Reject("content-length with transfer-encoding");
    }
    if te_count > 1 || te.is_some_and(|v| !trim(v).eq_ignore_ascii_case(b"chunked")) {
        return HeadVerdict::Reject("transfer-encoding other than chunked");
    }
    if upgrade || req.method == Some("CONNECT") {
        return HeadVerdict::Upgrade;
    }
    if te.is_some() {
        return HeadVerdict::Chunked;
    }
    HeadVerdict::Length(cl.unwrap_or(0))
}

fn trim(v: &[u8]) -> &[u8] {
    let s = v
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(v.len());
    let e = v
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(s, |e| e + 1);
    &v[s..e]
}

/// What parsing the bytes of a request head so far gave.
enum HeadOutcome {
    /// The head is not complete yet.
    Partial,
    /// The head is this many bytes long; the verdict on it.
    Complete(usize, HeadVerdict),
    /// More header lines than the guard follows: left to hyper (which refuses it).
    TooManyHeaders,
    /// Not a valid request head.
    Malformed,
}

/// The guard around a connection's stream.
pub struct FramingGuard<S> {
    inner: S,
    state: State,
    /// Bytes of the head or line being collected.
    buf: Vec<u8>,
    max_head: usize,
    first: bool,
    /// The slow-client defence: how long the connection may wait for a complete request
    /// head while no request is in flight, and what it is doing.
    header_timeout: Option<(Duration, Arc<ConnActivity>)>,
    /// One timer per connection, armed at the first wait and re-armed only when it fires
    /// (the deadline moves with every response; checking it then is enough).
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    /// The last write or flush could not complete: a response is still on its way to a
    /// client that is not reading, so the connection is not idle (and a 408 written now
    /// would land in the middle of it).
    write_blocked: bool,
}

impl<S> FramingGuard<S> {
    /// Guards `inner`; heads larger than `max_head` are left to hyper (which answers 431).
    pub fn new(inner: S, max_head: usize) -> Self {
        FramingGuard {
            inner,
            state: State::Head,
            buf: Vec::new(),
            max_head: max_head.max(1024) + 1024,
            first: true,
            header_timeout: None,
            timer: None,
            write_blocked: false,
        }
    }

    /// Closes the connection with `408 Request Timeout` when it has waited `timeout` for a
    /// request head with no request in flight (hyper's `header_read_timeout`, without a
    /// timer per request).
    pub fn with_header_timeout(mut self, timeout: Duration, activity: Arc<ConnActivity>) -> Self {
        self.header_timeout = Some((timeout, activity));
        self
    }

    /// Whether the header timeout has passed; otherwise makes sure the connection's timer
    /// will wake it when it might have. Called when a read would block.
    fn header_deadline_passed(&mut self, cx: &mut Context<'_>) -> bool {
        if self.state == State::Off {
            return false;
        }
        let Some((timeout, activity)) = &self.header_timeout else {
            return false;
        };
        let write_blocked = self.write_blocked;
        let deadline = |now: Instant| {
            if activity.busy() || write_blocked {
                now + *timeout
            } else {
                activity.idle_since() + *timeout
            }
        };
        let timer = self.timer.get_or_insert_with(|| {
            Box::pin(tokio::time::sleep_until(deadline(Instant::now()).into()))
        });
        // A timer that fires early (the deadline moved on meanwhile) is re-armed here.
        while timer.as_mut().poll(cx).is_ready() {
            let now = Instant::now();
            let due = deadline(now);
            if now >= due {
                return true;
            }
            timer.as_mut().reset(due.into());
        }
        false
    }

    /// A guard that only passes bytes through (HTTP/2 negotiated by ALPN).
    pub fn off(inner: S) -> Self {
        let mut g = FramingGuard::new(inner, 0);
        g.state = State::Off;
        g
    }

    /// Follows `data` through the framing; returns false on a violation.
    fn feed(&mut self, mut data: &[u8]) -> bool {
        if self.first && !data.is_empty() {
            self.first = false;
            if data.starts_with(b"PRI * HTTP/2.0") {
                self.state = State::Off;
            }
        }
        while !data.is_empty() {
            match self.state {
                State::Off | State::Reject(..) | State::Closed => return true,
                State::Body(n) => {
                    let k = (n as usize).min(data.len());
                    data = &data[k..];
                    let left = n - k as u64;
                    self.state = if left == 0 {
                        State::Head
                    } else {
                        State::Body(left)
                    };
                }
                State::ChunkData(n) => {
                    let k = (n as usize).min(data.len());
                    data = &data[k..];
                    let left = n - k as u64;
                    self.state = if left == 0 {
                        State::ChunkEnd(0)
                    } else {
                        State::ChunkData(left)
                    };
                }
                State::ChunkEnd(seen) => {
                    let want = if seen == 0 { b'\r' } else { b'\n' };
                    if data[0] != want {
                        return false;
                    }
                    data = &data[1..];
                    self.state = if seen == 0 {
                        State::ChunkEnd(1)
                    } else {
                        State::ChunkSize
                    };
                }
                State::ChunkSize | State::Trailers => {
                    let Some(nl) = data.iter().position(|b| *b == b'\n') else {
                        self.buf.extend_from_slice(data);
                        return self.buf.len() <= 4096;
                    };
                    self.buf.extend_from_slice(&data[..=nl]);
                    data = &data[nl + 1..];
                    let line = std::mem::take(&mut self.buf);
                    let line = line.strip_suffix(b"\r\n").unwrap_or(&line);
                    if self.state == State::Trailers {
                        if line.is_empty() {
                            self.state = State::Head;
                        }
                        continue;
                    }
                    let hex = line.split(|b| *b == b';').next().unwrap_or(b"");
                    let hex = std::str::from_utf8(hex).unwrap_or("");
                    let Ok(size) = u64::from_str_radix(hex, 16) else {
                        return false;
                    };
                    self.state = if size == 0 {
                        State::Trailers
                    } else {
                        State::ChunkData(size)
                    };
                }
                State::Head => {
                    // Blank lines between requests are tolerated (RFC 9112 §2.2).
                    if self.buf.is_empty() {
                        let skip = data
                            .iter()
                            .take_while(|b| **b == b'\r' || **b == b'\n')
                            .count();
                        data = &data[skip..];
                        if data.is_empty() {
                            return true;
                        }
                    }
                    // A head that arrives whole (the common case) is parsed where it
                    // lies; only a head split across reads is collected in `buf`.
                    let before = self.buf.len();
                    let outcome = {
                        let head: &[u8] = if before == 0 {
                            data
                        } else {
                            self.buf.extend_from_slice(data);
                            &self.buf
                        };
                        // Uninitialised slots: httparse fills what it uses, so 4 KiB of
                        // header slots are not zeroed for every request.
                        let mut headers = [const { MaybeUninit::uninit() }; 128];
                        let mut req = httparse::Request::new(&mut []);
                        match req.parse_with_uninit_headers(head, &mut headers) {
                            Ok(httparse::Status::Partial) => HeadOutcome::Partial,
                            Ok(httparse::Status::Complete(n)) => {
                                HeadOutcome::Complete(n, judge_head(&req))
                            }
                            Err(httparse::Error::TooManyHeaders) => HeadOutcome::TooManyHeaders,
                            Err(_) => HeadOutcome::Malformed,
                        }
                    };
                    match outcome {
                        HeadOutcome::Partial => {
                            if before == 0 {
                                self.buf.extend_from_slice(data);
                            }
                            if self.buf.len() > self.max_head {
                                // hyper will refuse it as too large.
                                self.state = State::Off;
                            }
                            return true;
                        }
                        HeadOutcome::Complete(n, verdict) => {
                            let consumed = n - before;
                            data = &data[consumed..];
                            self.buf.clear();
                            self.state = match verdict {
                                HeadVerdict::Reject(_) => return false,
                                HeadVerdict::Upgrade => State::Off,
                                HeadVerdict::Chunked => State::ChunkSize,
                                HeadVerdict::Length(0) => State::Head,
                                HeadVerdict::Length(n) => State::Body(n),
                            };
                        }
                        HeadOutcome::TooManyHeaders => {
                            self.state = State::Off;
                            return true;
                        }
                        HeadOutcome::Malformed => return false,
                    }
                }
            }
        }
        true
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for FramingGuard<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            match this.state {
                State::Closed => return Poll::Ready(Ok(())),
                State::Reject(answer, sent) => {
                    if sent < answer.len() {
                        match Pin::new(&mut this.inner).poll_write(cx, &answer[sent..]) {
                            Poll::Ready(Ok(n)) if n > 0 => {
                                this.state = State::Reject(answer, sent + n);
                                continue;
                            }
                            Poll::Ready(_) => {
                                this.state = State::Closed;
                                continue;
                            }
                            Poll::Pending => return Poll::Pending,
                        }
                    }
                    match Pin::new(&mut this.inner).poll_shutdown(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(_) => {
                            this.state = State::Closed;
                            // EOF for hyper: the connection ends without its own answer.
                            return Poll::Ready(Ok(()));
                        }
                    }
                }
                _ => {}
            }
            let start = buf.filled().len();
            match Pin::new(&mut this.inner).poll_read(cx, buf) {
                Poll::Ready(Ok(())) => {
                    if this.state == State::Off {
                        return Poll::Ready(Ok(()));
                    }
                    let new = &buf.filled()[start..];
                    if this.feed(new) {
                        return Poll::Ready(Ok(()));
                    }
                    // Hide the offending bytes from hyper and answer ourselves.
                    buf.set_filled(start);
                    this.state = State::Reject(REJECT, 0);
                }
                Poll::Pending => {
                    if this.header_deadline_passed(cx) {
                        this.state = State::Reject(TIMEOUT, 0);
                        continue;
                    }
                    return Poll::Pending;
                }
                other => return other,
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for FramingGuard<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if matches!(this.state, State::Reject(..) | State::Closed) {
            // Our 400 owns the wire now; what hyper writes is dropped.
            return Poll::Ready(Ok(data.len()));
        }
        let out = Pin::new(&mut this.inner).poll_write(cx, data);
        this.write_blocked = out.is_pending();
        out
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let out = Pin::new(&mut this.inner).poll_flush(cx);
        this.write_blocked = out.is_pending();
        out
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if matches!(this.state, State::Reject(..) | State::Closed) {
            return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
        }
        let out = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.write_blocked = out.is_pending();
        out
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> bool {
        let mut g = FramingGuard::new((), 8192);
        // Feed byte by byte and in one piece: both must agree.
        let whole = g.feed(bytes);
        let mut g2 = FramingGuard::new((), 8192);
        let split = bytes.iter().all(|b| g2.feed(std::slice::from_ref(b)));
        assert_eq!(whole, split, "{}", String::from_utf8_lossy(bytes));
        // And in two reads, split anywhere (a head parsed in place, then one collected).
        for at in 0..bytes.len() {
            let mut g3 = FramingGuard::new((), 8192);
            let two = g3.feed(&bytes[..at]) && g3.feed(&bytes[at..]);
            assert_eq!(
                whole,
                two,
                "split at {at}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
        whole
    }

    #[test]
    fn keep_alive_sequences_are_followed() {
        assert!(run(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assert!(run(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    }

    #[test]
    fn smuggling_shapes_are_refused() {
        for bad in [
            &b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -4\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            // Smuggled second request hidden in a body that a CL-reading hop would see.
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        ] {
            assert!(!run(bad), "{}", String::from_utf8_lossy(bad));
        }
    }
}
