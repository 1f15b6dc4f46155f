//! One upstream HTTP/1.1 connection, driven by whichever task is using it.
//!
//! hyper's client splits a connection in two: a `SendRequest` handle and a `Connection`
//! future that does the I/O, normally spawned as a task of its own. A proxied request then
//! hops between two tasks: the request goes over a channel to the connection's task, the
//! response head comes back over a oneshot, each body chunk over another channel, and every
//! hop is a wake-up and a task poll: five task polls per proxied request (callgrind, bench
//! TLS proxy). nginx does it all in one event handler.
//!
//! Here the `Connection` future is kept next to its handle and polled by the task that sent
//! the request — while it waits for the response head ([`UpstreamConn::poll_with`] around
//! the response future) and while the response body is read (the body polls it before each
//! frame): two task polls per request. Idle connections sit in the pool unpolled. One the
//! upstream closed meanwhile is noticed by the first poll after a request is queued on it:
//! hyper reads before it writes, so it sees the end of the stream and hands the request
//! back unsent, and the cluster sends it on a new connection (`exchange`).
//!
//! Polling the connection from inside the same task wakes that task: hyper's channels wake
//! the receiver when the connection pushes into them. Those wake-ups are caught by
//! [`InlineWaker`] while the task is polling and turned into another turn of the loop
//! instead of a second poll of the whole connection task. Wake-ups from outside (the
//! reactor: the upstream socket became readable) go to the task as usual.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use hyper::client::conn::http1::SendRequest;

use crate::body::GatewayBody;

/// The connection future hyper returns from its handshake, boxed once per connection.
pub(crate) type Driver = Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>;

/// How many times one poll loops on wake-ups it caused itself before it hands the wake-up
/// to the task (tokio's cooperative budget wakes the task to make it yield: looping on that
/// forever would spin).
const MAX_TURNS: usize = 8;

/// A pooled upstream connection: its request handle and its I/O future.
pub(crate) struct UpstreamConn {
    pub handle: Handle,
    /// `None` once the connection has finished (closed by either side, or failed). In a
    /// `Mutex` only to make the connection `Sync` (a response body must be): it is only
    /// ever reached through `&mut`, so it is never locked.
    driver: Mutex<Option<Driver>>,
    waker: Arc<InlineWaker>,
    /// A waker over `waker`, built once.
    inline: Waker,
}

impl UpstreamConn {
    pub fn new(sender: SendRequest<GatewayBody>, driver: Driver) -> UpstreamConn {
        let waker = Arc::new(InlineWaker::default());
        UpstreamConn {
            handle: Handle {
                sender,
                timer: None,
            },
            driver: Mutex::new(Some(driver)),
            inline: Waker::from(waker.clone()),
            waker,
        }
    }

    /// Whether the connection has finished: it can carry no more requests.
    pub fn is_closed(&self) -> bool {
        match self.driver.lock() {
            Ok(d) => d.is_none(),
            Err(_) => true,
        }
    }

    /// Polls the connection's I/O once with `cx` (the inline waker's context).
    fn drive(&mut self, cx: &mut Context<'_>) {
        let Ok(slot) = self.driver.get_mut() else {
            return;
        };
        if let Some(driver) = slot {
            if driver.as_mut().poll(cx).is_ready() {
                *slot = None;
            }
        }
    }

    /// Polls the connection and then `f` (the response future or the body, given the
    /// connection's [`Handle`]), on behalf of the task behind `cx`, looping while they wake
    /// each other.
    pub fn poll_with<T>(
        &mut self,
        cx: &mut Context<'_>,
        mut f: impl FnMut(&mut Handle, &mut Context<'_>) -> Poll<T>,
    ) -> Poll<T> {
        self.waker.task.register(cx.waker());
        let inline = self.inline.clone();
        let mut icx = Context::from_waker(&inline);
        self.waker.polling.store(true, Ordering::Release);
        let mut turns = 0;
        let out = loop {
            self.waker.woken.store(false, Ordering::Release);
            self.drive(&mut icx);
            if let Poll::Ready(v) = f(&mut self.handle, &mut icx) {
                break Poll::Ready(v);
            }
            turns += 1;
            if !self.waker.woken.load(Ordering::Acquire) || turns == MAX_TURNS {
                break Poll::Pending;
            }
        };
        self.waker.polling.store(false, Ordering::Release);
        // A wake-up that came in after the last check, or the one the loop gave up on.
        if out.is_pending() && self.waker.woken.swap(false, Ordering::AcqRel) {
            cx.waker().wake_by_ref();
        }
        out
    }

    /// Queues `req` on the connection; the returned future, polled through
    /// [`UpstreamConn::poll_with`], yields the response. The connection's wake-up of its own
    /// task is swallowed: the next `poll_with` drives the connection anyway.
    pub fn send(
        &mut self,
        req: http::Request<GatewayBody>,
    ) -> impl Future<
        Output = Result<
            http::Response<hyper::body::Incoming>,
            hyper::client::conn::TrySendError<http::Request<GatewayBody>>,
        >,
    > {
        self.waker.polling.store(true, Ordering::Release);
        let pending = self.handle.sender.try_send_request(req);
        self.waker.polling.store(false, Ordering::Release);
        self.waker.woken.store(false, Ordering::Release);
        pending
    }

    /// Called when the connection goes back to the pool: the task that used it last must
    /// not be woken by what happens on it while it is idle.
    pub fn park(&mut self) {
        self.waker.task.take();
    }

    /// Hands the connection's I/O to a task of its own: after a `101 Switching Protocols`
    /// it must run to completion to hand the socket over to the upgraded protocol, whoever
    /// reads the response.
    pub fn spawn_driver(mut self) {
        if let Ok(Some(driver)) = self.driver.get_mut().map(Option::take) {
            tokio::spawn(driver);
        }
    }
}

/// What [`UpstreamConn::poll_with`] lends its closure besides the context.
pub(crate) struct Handle {
    pub sender: SendRequest<GatewayBody>,
    /// The response-head deadline's timer: one per connection, created on first use and
    /// moved only when it fires before the deadline of the request in hand (it was set for
    /// an earlier one), so a request costs a clock read rather than a timer registration.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Handle {
    /// Whether `deadline` has passed; if not, `cx` is woken when it does.
    pub fn deadline_passed(
        &mut self,
        cx: &mut Context<'_>,
        deadline: tokio::time::Instant,
    ) -> bool {
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
}

/// The waker the connection and the body are polled with: wake-ups while the task is in
/// [`UpstreamConn::poll_with`] are noted there; others go to the task.
#[derive(Default)]
struct InlineWaker {
    task: atomic_waker::AtomicWaker,
    polling: AtomicBool,
    woken: AtomicBool,
}

impl Wake for InlineWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.polling.load(Ordering::Acquire) {
            self.woken.store(true, Ordering::Release);
        } else {
            self.task.wake();
        }
    }
}
