//! One upstream HTTP/1.1 connection: the gateway's own client side of the protocol.
//!
//! hyper's client was the largest piece of the proxy's user-space work (callgrind, bench
//! TLS proxy: ~10k of ~40k instructions per request): its dispatcher is a general state
//! machine polled three times per request (write the request, read the head, read the
//! body), each poll walking read, write, flush and keep-alive states, behind a channel
//! between the request handle and the connection. A proxy's upstream exchange is one
//! straight line: write the head (and a small body with it, one `write`), read until the
//! response head parses, hand the body out as slices of the same buffer. That is all this
//! does, in the task of the request that uses the connection, with no channel and no
//! second task. The wire rules (framing, strict `Content-Length`, chunked coding) are in
//! the `palisade-h1` crate.
//!
//! While the request is written, the response side is polled too: an upstream that answers
//! early (a 413 before the whole body) is heard, and the connection is then not reused.
//! An idle pooled connection is checked before it is used: if the upstream closed it (or
//! sent something unasked), the request comes back unsent and goes on a new connection.
//! The check costs no system call while the socket has had no event since its last read.

use std::future::{poll_fn, Future};
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Bytes, BytesMut};
use http::{Method, Request, StatusCode};
use http_body::Body;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::body::{BoxError, GatewayBody};
use palisade_h1::{
    encode_chunk, encode_request_head, parse_response_head, ChunkedDecoder, ChunkedError, Decoded,
    HeadError, RequestFraming, ResponseFraming, ResponseHead, LAST_CHUNK,
};

/// Bytes asked of the socket per read.
const READ_CHUNK: usize = 16 * 1024;
/// Largest read while a long body streams through.
const MAX_READ: usize = 64 * 1024;
/// Largest response head accepted.
const MAX_HEAD: usize = 256 * 1024;
/// Request body bytes queued before they are written (a small body goes out with the head).
const WRITE_BATCH: usize = 64 * 1024;

/// The socket under a connection: plain TCP or TLS over it.
pub enum Io {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Io {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Io {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_flush(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// What went wrong in an exchange. Never shown to the client (it gets a 502).
#[derive(Debug)]
pub enum ExchangeError {
    Io(io::Error),
    /// The upstream closed the connection before the response head was complete.
    Closed,
    Head(HeadError),
    HeadTooLarge,
    /// The client's request body failed (a limit, or the client went away).
    Body(BoxError),
    /// The request body's length differed from the one announced upstream.
    BodyLength,
    Chunked(ChunkedError),
    /// The connection ended inside the response body.
    Truncated,
    /// A `101 Switching Protocols` to a request that asked for no upgrade.
    UnaskedSwitch,
}

impl std::fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExchangeError::Io(e) => write!(f, "upstream i/o: {e}"),
            ExchangeError::Closed => {
                f.write_str("upstream closed the connection before responding")
            }
            ExchangeError::Head(e) => e.fmt(f),
            ExchangeError::HeadTooLarge => f.write_str("upstream response head too large"),
            ExchangeError::Body(e) => write!(f, "request body: {e}"),
            ExchangeError::BodyLength => f.write_str("request body length differs from its header"),
            ExchangeError::Chunked(e) => write!(f, "upstream response body: {e}"),
            ExchangeError::Truncated => f.write_str("upstream response body cut short"),
            ExchangeError::UnaskedSwitch => f.write_str("upstream switched protocols unasked"),
        }
    }
}

impl std::error::Error for ExchangeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExchangeError::Io(e) => Some(e),
            ExchangeError::Body(e) => Some(&**e),
            _ => None,
        }
    }
}

/// Why [`UpstreamConn::request`] returned no response head.
pub(crate) enum SendError {
    /// The pooled connection was closed before anything was written: the request is
    /// intact and may go on another connection, whatever its method.
    Unsent(Box<Request<GatewayBody>>),
    /// No response head before the deadline.
    Timeout,
    Failed(ExchangeError),
}

/// Where a response body stands.
#[derive(Debug)]
pub(crate) enum BodyState {
    /// This many bytes to go.
    Length(u64),
    Chunked(ChunkedDecoder),
    UntilClose,
    /// Read to its end (or there was none).
    Done,
    /// `101`: the connection belongs to the upgraded protocol.
    Upgrade,
}

impl BodyState {
    /// The state a response head's framing starts the body in.
    pub fn of(head: &ResponseHead) -> BodyState {
        if head.status == StatusCode::SWITCHING_PROTOCOLS {
            return BodyState::Upgrade;
        }
        match head.framing {
            ResponseFraming::Empty | ResponseFraming::Length(0) => BodyState::Done,
            ResponseFraming::Length(n) => BodyState::Length(n),
            ResponseFraming::Chunked => BodyState::Chunked(ChunkedDecoder::default()),
            ResponseFraming::UntilClose => BodyState::UntilClose,
        }
    }
}

/// A keep-alive connection to one endpoint.
pub(crate) struct UpstreamConn {
    io: Io,
    /// Bytes read and not yet handed out; response body frames are slices of it.
    rbuf: BytesMut,
    /// The request being written, reused from one request to the next.
    wbuf: Vec<u8>,
    /// The response-head deadline's timer: one per connection, created on first use and
    /// moved only when it fires before the deadline of the request in hand (it was set for
    /// an earlier one), so a request costs a clock read rather than a timer registration.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Whether a request was sent on it already (a fresh one needs no liveness check).
    used: bool,
    /// Whether the last response allows another request on the connection.
    keep_alive: bool,
}

impl UpstreamConn {
    pub fn new(io: Io) -> UpstreamConn {
        UpstreamConn {
            io,
            rbuf: BytesMut::new(),
            wbuf: Vec::new(),
            timer: None,
            used: false,
            keep_alive: true,
        }
    }

    /// Whether the connection can carry another request: the last response allowed it and
    /// nothing is left over from it.
    pub fn is_reusable(&self) -> bool {
        self.keep_alive && self.rbuf.is_empty()
    }

    /// The socket and the bytes the upstream sent after its `101` head, for the upgraded
    /// protocol.
    pub fn into_upgraded(self) -> (Io, Bytes) {
        (self.io, self.rbuf.freeze())
    }

    /// Reads what the socket has into `rbuf`, room for at least `want` bytes made first.
    fn poll_fill(&mut self, cx: &mut Context<'_>, want: usize) -> Poll<io::Result<usize>> {
        self.rbuf.reserve(want);
        tokio_util::io::poll_read_buf(Pin::new(&mut self.io), cx, &mut self.rbuf)
    }

    /// Whether an idle connection is still open and quiet. Polled, not awaited: a pending
    /// read is the good case.
    fn poll_still_open(&mut self, cx: &mut Context<'_>) -> bool {
        self.rbuf.is_empty() && self.poll_fill(cx, READ_CHUNK).is_pending()
    }

    /// Whether `deadline` has passed; if not, `cx` is woken when it does.
    fn deadline_passed(&mut self, cx: &mut Context<'_>, deadline: tokio::time::Instant) -> bool {
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        // Set for a later deadline (a request with a longer timeout, e.g. a health probe's
        // shorter one follows a proxied request's): brought forward, or it would fire late.
        if timer.deadline() > deadline {
            timer.as_mut().reset(deadline);
        }
        loop {
            if timer.as_mut().poll(cx).is_pending() {
                return false;
            }
            if tokio::time::Instant::now() >= deadline {
                return true;
            }
            timer.as_mut().reset(deadline);
        }
    }

    /// Sends `req` (its body streamed as it comes) and reads the response head, by
    /// `deadline`. `upgrade`: the request asks to switch protocols, so a `101` is an answer.
    pub async fn request(
        &mut self,
        req: Request<GatewayBody>,
        deadline: tokio::time::Instant,
        upgrade: bool,
    ) -> Result<ResponseHead, SendError> {
        if self.used && !poll_fn(|cx| Poll::Ready(self.poll_still_open(cx))).await {
            self.keep_alive = false;
            return Err(SendError::Unsent(Box::new(req)));
        }
        self.used = true;
        self.keep_alive = false;
        let (parts, mut body) = req.into_parts();
        let head_request = parts.method == Method::HEAD;
        let framing = RequestFraming::of(
            &parts.method,
            body.is_end_stream(),
            body.size_hint().exact(),
        );
        self.wbuf.clear();
        let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        encode_request_head(
            &mut self.wbuf,
            &parts.method,
            target,
            &parts.headers,
            framing,
        );
        drop(parts);
        let mut body_done = body.is_end_stream();
        let mut sent: u64 = 0;
        let mut written = 0;
        let mut flushed = false;
        // A failed write (the upstream answered early and closed) is reported only if no
        // response head can be read: the answer is what the client should get.
        let mut write_error: Option<io::Error> = None;
        poll_fn(|cx| {
            while write_error.is_none() {
                // Queue what the body has ready behind the head, up to a batch.
                while !body_done && self.wbuf.len() - written < WRITE_BATCH {
                    match Pin::new(&mut body).poll_frame(cx) {
                        Poll::Ready(Some(Ok(frame))) => {
                            let Ok(data) = frame.into_data() else {
                                continue; // trailers are not forwarded
                            };
                            sent += data.len() as u64;
                            match framing {
                                RequestFraming::Chunked => encode_chunk(&mut self.wbuf, &data),
                                RequestFraming::Length(n) if sent > n => {
                                    return Poll::Ready(Err(fail(ExchangeError::BodyLength)));
                                }
                                _ => self.wbuf.extend_from_slice(&data),
                            }
                        }
                        Poll::Ready(Some(Err(e))) => {
                            return Poll::Ready(Err(fail(ExchangeError::Body(e))));
                        }
                        Poll::Ready(None) => {
                            body_done = true;
                            match framing {
                                RequestFraming::Chunked => self.wbuf.extend_from_slice(LAST_CHUNK),
                                RequestFraming::Length(n) if sent != n => {
                                    return Poll::Ready(Err(fail(ExchangeError::BodyLength)));
                                }
                                _ => {}
                            }
                        }
                        Poll::Pending => break,
                    }
                }
                if written < self.wbuf.len() {
                    match Pin::new(&mut self.io).poll_write(cx, &self.wbuf[written..]) {
                        Poll::Ready(Ok(0)) => {
                            write_error = Some(io::ErrorKind::WriteZero.into());
                        }
                        Poll::Ready(Ok(n)) => {
                            written += n;
                            if written == self.wbuf.len() {
                                self.wbuf.clear();
                                written = 0;
                            }
                            continue;
                        }
                        Poll::Ready(Err(e)) => write_error = Some(e),
                        Poll::Pending => {}
                    }
                } else if body_done && !flushed {
                    match Pin::new(&mut self.io).poll_flush(cx) {
                        Poll::Ready(Ok(())) => flushed = true,
                        Poll::Ready(Err(e)) => write_error = Some(e),
                        Poll::Pending => {}
                    }
                }
                break;
            }
            // The response side, also while the request is still going out.
            match self.poll_head(cx, head_request, upgrade) {
                Poll::Ready(Ok(head)) => {
                    // An early answer leaves the request half-sent: the connection goes.
                    self.keep_alive =
                        head.keep_alive && body_done && flushed && write_error.is_none();
                    return Poll::Ready(Ok(head));
                }
                Poll::Ready(Err(e)) => {
                    return Poll::Ready(Err(fail(match write_error.take() {
                        Some(w) => ExchangeError::Io(w),
                        None => e,
                    })));
                }
                Poll::Pending => {}
            }
            if let Some(e) = write_error.take() {
                return Poll::Ready(Err(fail(ExchangeError::Io(e))));
            }
            if self.deadline_passed(cx, deadline) {
                return Poll::Ready(Err(SendError::Timeout));
            }
            Poll::Pending
        })
        .await
    }

    /// Reads until a final response head (or a `101` when `upgrade`) parses. Interim
    /// responses (`100 Continue`, `103 Early Hints`) are read and dropped.
    fn poll_head(
        &mut self,
        cx: &mut Context<'_>,
        head_request: bool,
        upgrade: bool,
    ) -> Poll<Result<ResponseHead, ExchangeError>> {
        loop {
            if !self.rbuf.is_empty() {
                match parse_response_head(&mut self.rbuf, head_request) {
                    Ok(Some(head)) if head.status == StatusCode::SWITCHING_PROTOCOLS => {
                        return Poll::Ready(if upgrade {
                            Ok(head)
                        } else {
                            Err(ExchangeError::UnaskedSwitch)
                        });
                    }
                    Ok(Some(head)) if head.status.is_informational() => continue,
                    Ok(Some(head)) => return Poll::Ready(Ok(head)),
                    Ok(None) if self.rbuf.len() > MAX_HEAD => {
                        return Poll::Ready(Err(ExchangeError::HeadTooLarge));
                    }
                    Ok(None) => {}
                    Err(e) => return Poll::Ready(Err(ExchangeError::Head(e))),
                }
            }
            match ready!(self.poll_fill(cx, READ_CHUNK)) {
                Ok(0) => return Poll::Ready(Err(ExchangeError::Closed)),
                Ok(_) => {}
                Err(e) => return Poll::Ready(Err(ExchangeError::Io(e))),
            }
        }
    }

    /// The next piece of the response body in `state`; `None` at its end.
    pub fn poll_body(
        &mut self,
        state: &mut BodyState,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, ExchangeError>>> {
        loop {
            let want = match state {
                BodyState::Done | BodyState::Upgrade => return Poll::Ready(None),
                BodyState::Length(left) => {
                    if !self.rbuf.is_empty() {
                        let n = self
                            .rbuf
                            .len()
                            .min(usize::try_from(*left).unwrap_or(usize::MAX));
                        *left -= n as u64;
                        if *left == 0 {
                            *state = BodyState::Done;
                        }
                        return Poll::Ready(Some(Ok(self.rbuf.split_to(n).freeze())));
                    }
                    usize::try_from(*left)
                        .unwrap_or(MAX_READ)
                        .clamp(READ_CHUNK, MAX_READ)
                }
                BodyState::Chunked(decoder) => match decoder.decode(&mut self.rbuf) {
                    Ok(Decoded::Data(b)) => return Poll::Ready(Some(Ok(b))),
                    Ok(Decoded::Done) => {
                        *state = BodyState::Done;
                        return Poll::Ready(None);
                    }
                    Ok(Decoded::NeedMore) => MAX_READ,
                    Err(e) => {
                        self.keep_alive = false;
                        return Poll::Ready(Some(Err(ExchangeError::Chunked(e))));
                    }
                },
                BodyState::UntilClose => {
                    if !self.rbuf.is_empty() {
                        return Poll::Ready(Some(Ok(self.rbuf.split().freeze())));
                    }
                    MAX_READ
                }
            };
            match ready!(self.poll_fill(cx, want)) {
                Ok(0) if matches!(state, BodyState::UntilClose) => {
                    *state = BodyState::Done;
                    return Poll::Ready(None);
                }
                Ok(0) => {
                    self.keep_alive = false;
                    return Poll::Ready(Some(Err(ExchangeError::Truncated)));
                }
                Ok(_) => {}
                Err(e) => {
                    self.keep_alive = false;
                    return Poll::Ready(Some(Err(ExchangeError::Io(e))));
                }
            }
        }
    }
}

fn fail(e: ExchangeError) -> SendError {
    SendError::Failed(e)
}
