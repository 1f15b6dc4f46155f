//! Body types: the one boxed body the gateway speaks, a request body guard (size limit and
//! slow-client deadline while streaming), and a response body that counts bytes and
//! finishes the audit record when the response is done (or abandoned).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::combinators::BoxBody;
use http_body_util::BodyExt;

/// Errors inside bodies.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The body type on both sides of the gateway.
pub type GatewayBody = BoxBody<Bytes, BoxError>;

/// A complete body from bytes.
pub fn full(b: Bytes) -> GatewayBody {
    http_body_util::Full::new(b)
        .map_err(|never| match never {})
        .boxed()
}

/// Why a request body was cut off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLimitError {
    /// More bytes than `max_body_bytes`.
    TooLarge,
    /// Not complete within `body_timeout`.
    TooSlow,
}

impl std::fmt::Display for BodyLimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BodyLimitError::TooLarge => "request body too large",
            BodyLimitError::TooSlow => "request body too slow",
        })
    }
}

impl std::error::Error for BodyLimitError {}

/// Finds a [`BodyLimitError`] anywhere in an error's source chain.
pub fn find_limit_error(e: &(dyn std::error::Error + 'static)) -> Option<BodyLimitError> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(l) = err.downcast_ref::<BodyLimitError>() {
            return Some(*l);
        }
        cur = err.source();
    }
    None
}

pin_project_lite::pin_project! {
    /// A request body with a byte limit and a deadline for the whole body.
    pub struct GuardedBody<B> {
        #[pin]
        inner: B,
        remaining: u64,
        #[pin]
        deadline: tokio::time::Sleep,
    }
}

impl<B> GuardedBody<B> {
    /// Guards `inner` with `max` bytes and `timeout` for the whole body.
    pub fn new(inner: B, max: u64, timeout: Duration) -> Self {
        GuardedBody {
            inner,
            remaining: max,
            deadline: tokio::time::sleep(timeout),
        }
    }
}

impl<B> Body for GuardedBody<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.project();
        match this.inner.poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let n = data.len() as u64;
                    if n > *this.remaining {
                        return Poll::Ready(Some(Err(Box::new(BodyLimitError::TooLarge))));
                    }
                    *this.remaining -= n;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                if this.deadline.poll(cx).is_ready() {
                    return Poll::Ready(Some(Err(Box::new(BodyLimitError::TooSlow))));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Called once when a response body is finished or dropped, with the bytes sent.
pub trait OnDone: Send + Sync + 'static {
    /// `bytes` sent to the client; `complete` is false when the body was cut short.
    fn done(&mut self, bytes: u64, complete: bool);
}

pin_project_lite::pin_project! {
    /// A response body that counts what it sends and reports when it ends.
    pub struct CountingBody<D: OnDone> {
        #[pin]
        inner: GatewayBody,
        bytes: u64,
        on_done: Option<D>,
    }

    impl<D: OnDone> PinnedDrop for CountingBody<D> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            if let Some(mut d) = this.on_done.take() {
                // hyper stops polling once `is_end_stream` says so (and never polls an
                // empty body): a body with nothing left to send was delivered whole.
                let complete = this.inner.is_end_stream();
                d.done(*this.bytes, complete);
            }
        }
    }
}

impl<D: OnDone> CountingBody<D> {
    /// Wraps `inner`.
    pub fn new(inner: GatewayBody, on_done: D) -> Self {
        CountingBody {
            inner,
            bytes: 0,
            on_done: Some(on_done),
        }
    }
}

impl<D: OnDone> Body for CountingBody<D> {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let mut this = self.project();
        let r = this.inner.as_mut().poll_frame(cx);
        match &r {
            Poll::Ready(Some(Ok(f))) => {
                if let Some(d) = f.data_ref() {
                    *this.bytes += d.len() as u64;
                }
                if this.inner.is_end_stream() {
                    if let Some(mut d) = this.on_done.take() {
                        d.done(*this.bytes, true);
                    }
                }
            }
            Poll::Ready(None) => {
                if let Some(mut d) = this.on_done.take() {
                    d.done(*this.bytes, true);
                }
            }
            _ => {}
        }
        r
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
