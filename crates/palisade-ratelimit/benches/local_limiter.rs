//! Throughput of `LocalLimiter::check` (one hot key, 10k rotating keys) and the round trip
//! of `RedisLimiter::check` against a local `redis-server` (skipped if it is not installed).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use palisade_ratelimit::{FailPolicy, LocalLimiter, Quota, RedisLimiter, RedisLimiterSettings};

fn local(c: &mut Criterion) {
    let quota = Quota::per_second(1_000_000, 1_000_000).expect("quota");
    let limiter = LocalLimiter::default();
    c.bench_function("local_check_one_key", |b| {
        b.iter(|| limiter.check(b"client-1", &quota, Instant::now()))
    });
    let keys: Vec<String> = (0..10_000)
        .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
        .collect();
    let mut i = 0;
    c.bench_function("local_check_10k_keys", |b| {
        b.iter(|| {
            i = (i + 1) % keys.len();
            limiter.check(keys[i].as_bytes(), &quota, Instant::now())
        })
    });
}

fn redis_round_trip(c: &mut Criterion) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let Ok(mut child) = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .spawn()
    else {
        eprintln!("redis-server not installed: skipping the Redis round trip");
        return;
    };
    for _ in 0..500 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let limiter = runtime.block_on(async {
        RedisLimiter::new(RedisLimiterSettings::new(
            format!("redis://127.0.0.1:{port}/"),
            FailPolicy::Closed,
        ))
        .expect("limiter")
    });
    let quota = Quota::per_second(1_000_000, 1_000_000).expect("quota");
    c.bench_function("redis_check_round_trip", |b| {
        b.iter(|| runtime.block_on(limiter.check(b"client-1", &quota)))
    });
    let _ = child.kill();
    let _ = child.wait();
}

criterion_group!(benches, local, redis_round_trip);
criterion_main!(benches);
