//! The Redis limiter against a real `redis-server` started by each test on a free
//! 127.0.0.1 port (no persistence, killed on drop). CI installs `redis-server`.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use palisade_ratelimit::{
    Decision, Degraded, FailPolicy, Quota, RateLimitError, RedisLimiter, RedisLimiterSettings,
};

struct RedisServer {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

impl RedisServer {
    fn start() -> RedisServer {
        RedisServer::start_on(free_port())
    }

    fn start_on(port: u16) -> RedisServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server must be installed (CI installs it: see .ci/run APT_PACKAGES)");
        let server = RedisServer {
            child,
            port,
            _dir: dir,
        };
        // Wait (bounded) until it accepts connections; on failure Drop kills it.
        for _ in 0..500 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn limiter(url: String, policy: FailPolicy) -> RedisLimiter {
    let mut settings = RedisLimiterSettings::new(url, policy);
    // Generous: the machine is shared and slow; degraded paths are tested with a dead port.
    settings.timeout = Duration::from_secs(2);
    RedisLimiter::new(settings).expect("limiter")
}

async fn allowed(limiter: &RedisLimiter, key: &[u8], quota: &Quota) -> bool {
    let answer = limiter.check(key, quota).await;
    assert_eq!(answer.degraded, None, "Redis should be answering");
    answer.decision.is_allowed()
}

#[tokio::test]
async fn burst_then_deny_with_the_right_retry_after() {
    let redis = RedisServer::start();
    let l = limiter(redis.url(), FailPolicy::Closed);
    // One per minute, burst 3: Retry-After must be just under 60 s.
    let quota = Quota::new(1, Duration::from_secs(60), 3).expect("quota");
    for remaining in (0..3).rev() {
        let answer = l.check(b"user-1", &quota).await;
        assert_eq!(answer.degraded, None);
        assert_eq!(answer.decision, Decision::Allow { remaining });
    }
    let answer = l.check(b"user-1", &quota).await;
    let Decision::Deny { retry_after } = answer.decision else {
        panic!("4th request allowed: {answer:?}");
    };
    assert!(answer.degraded.is_none());
    assert!(
        retry_after > Duration::from_secs(55) && retry_after <= Duration::from_secs(60),
        "{retry_after:?}"
    );
    assert_eq!(answer.decision.retry_after_header(), Some(60));
}

#[tokio::test]
async fn steady_rate_resumes_after_retry_after() {
    let redis = RedisServer::start();
    let l = limiter(redis.url(), FailPolicy::Closed);
    let quota = Quota::per_second(5, 2).expect("quota");
    assert!(allowed(&l, b"k", &quota).await);
    assert!(allowed(&l, b"k", &quota).await);
    for _ in 0..3 {
        let answer = l.check(b"k", &quota).await;
        let Decision::Deny { retry_after } = answer.decision else {
            panic!("over the burst: {answer:?}");
        };
        assert!(retry_after <= Duration::from_millis(200), "{retry_after:?}");
        tokio::time::sleep(retry_after + Duration::from_millis(5)).await;
        assert!(
            allowed(&l, b"k", &quota).await,
            "allowed once Retry-After has passed"
        );
    }
}

#[tokio::test]
async fn two_gateways_share_one_budget() {
    let redis = RedisServer::start();
    let a = limiter(redis.url(), FailPolicy::Closed);
    let b = limiter(redis.url(), FailPolicy::Closed);
    let quota = Quota::new(1, Duration::from_secs(60), 10).expect("quota");
    let mut passed = 0;
    for i in 0..30 {
        let gateway = if i % 2 == 0 { &a } else { &b };
        if allowed(gateway, b"shared-client", &quota).await {
            passed += 1;
        }
    }
    assert_eq!(passed, 10);
    // Concurrent requests from both: still exact.
    let quota = Quota::new(1, Duration::from_secs(60), 25).expect("quota");
    let mut tasks = Vec::new();
    for i in 0..100 {
        let gateway = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            gateway.check(b"burst-client", &quota).await
        }));
    }
    let mut passed = 0;
    for task in tasks {
        let answer = task.await.expect("task");
        assert!(answer.degraded.is_none());
        passed += usize::from(answer.decision.is_allowed());
    }
    assert_eq!(passed, 25);
}

#[tokio::test]
async fn keys_with_odd_bytes_are_kept_apart() {
    let redis = RedisServer::start();
    let l = limiter(redis.url(), FailPolicy::Closed);
    let quota = Quota::new(1, Duration::from_secs(60), 1).expect("quota");
    let long = vec![0xfe; 2048];
    let keys: [&[u8]; 7] = [
        b"",
        b"\0",
        b"\0\0",
        b"a b\r\n*3\r\n",
        "ключ 🔑".as_bytes(),
        &long,
        b"{hash-tag}",
    ];
    for key in keys {
        assert!(allowed(&l, key, &quota).await, "{key:?}");
    }
    for key in keys {
        assert!(!allowed(&l, key, &quota).await, "{key:?}");
    }
}

#[tokio::test]
async fn limiter_keys_expire_once_refilled() {
    let redis = RedisServer::start();
    let l = limiter(redis.url(), FailPolicy::Closed);
    let quota = Quota::new(1, Duration::from_secs(60), 2).expect("quota");
    assert!(allowed(&l, b"ttl", &quota).await);
    let client = redis::Client::open(redis.url()).expect("client");
    let mut connection = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let ttl: i64 = redis::cmd("PTTL")
        .arg("palisade:rl:ttl")
        .query_async(&mut connection)
        .await
        .expect("pttl");
    assert!(ttl > 0 && ttl <= 60_000, "{ttl}");
}

#[tokio::test]
async fn redis_down_fail_open_allows_and_fail_closed_denies() {
    let url = format!("redis://127.0.0.1:{}/", free_port());
    let quota = Quota::per_second(1, 1).expect("quota");
    let open = limiter(url.clone(), FailPolicy::Open);
    let closed = limiter(url, FailPolicy::Closed);
    for _ in 0..3 {
        let answer = open.check(b"k", &quota).await;
        assert!(answer.decision.is_allowed());
        assert!(answer.degraded.is_some());
        let answer = closed.check(b"k", &quota).await;
        assert_eq!(
            answer.decision,
            Decision::Deny {
                retry_after: Duration::from_secs(1)
            }
        );
        assert!(matches!(
            answer.degraded,
            Some(Degraded::Unreachable | Degraded::Timeout)
        ));
    }
    assert!(closed.ping().await.is_err());
}

#[tokio::test]
async fn a_slow_redis_is_treated_as_down() {
    // A listener that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let mut settings =
        RedisLimiterSettings::new(format!("redis://127.0.0.1:{port}/"), FailPolicy::Open);
    settings.timeout = Duration::from_millis(200);
    let l = RedisLimiter::new(settings).expect("limiter");
    let answer = l
        .check(b"k", &Quota::per_second(1, 1).expect("quota"))
        .await;
    assert!(answer.decision.is_allowed());
    assert!(answer.degraded.is_some());
    hold.abort();
}

#[tokio::test]
async fn limits_resume_after_a_redis_restart() {
    let mut redis = RedisServer::start();
    let port = redis.port;
    let l = limiter(redis.url(), FailPolicy::Closed);
    let quota = Quota::new(1, Duration::from_secs(60), 1).expect("quota");
    assert!(allowed(&l, b"k", &quota).await);
    assert!(!allowed(&l, b"k", &quota).await);
    redis.stop();
    let answer = l.check(b"k", &quota).await;
    assert!(answer.degraded.is_some(), "{answer:?}");
    assert!(!answer.decision.is_allowed(), "fail closed");

    // A fresh Redis (no data, no cached script: NOSCRIPT is handled by loading it again).
    let _redis = RedisServer::start_on(port);
    let mut answer = l.check(b"k", &quota).await;
    for _ in 0..200 {
        if answer.degraded.is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        answer = l.check(b"k", &quota).await;
    }
    assert_eq!(answer.degraded, None, "the limiter reconnects");
    assert_eq!(answer.decision, Decision::Allow { remaining: 0 });
    assert!(!allowed(&l, b"k", &quota).await, "limits enforced again");
    assert!(l.ping().await.is_ok());
}

#[tokio::test]
async fn bad_urls_are_refused_up_front() {
    let err = RedisLimiter::new(RedisLimiterSettings::new(
        "http://127.0.0.1/",
        FailPolicy::Open,
    ))
    .expect_err("refused");
    assert!(matches!(err, RateLimitError::BadUrl { .. }));
    assert!(err.to_string().contains("rate_limit.redis_url"), "{err}");
}
