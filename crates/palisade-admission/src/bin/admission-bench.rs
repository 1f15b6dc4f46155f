//! Open-loop load generator for the webhook: starts it on 127.0.0.1 (all built-in rules
//! plus the policies given), sends pod AdmissionReviews over HTTPS at a fixed rate, and
//! prints throughput and p50/p99/max latency. Latency counts from the moment a request was
//! due, not when it was sent, so a stalled server cannot hide its queue (no coordinated
//! omission).
//!
//! Usage: admission-bench [--rate N] [--seconds S] [--policies DIR]

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use palisade_admission::{ServeOptions, Server};
use rustls::pki_types::ServerName;
use tokio::sync::Mutex;

type Conn = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let rate: u64 = arg("--rate").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(10);
    let policies = arg("--policies");
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runtime: {e}");
            std::process::exit(3);
        }
    };
    if let Err(e) = rt.block_on(run(rate, seconds, policies)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run(rate: u64, seconds: u64, policies: Option<String>) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("palisade-admission-bench-{}", std::process::id()));
    palisade_admission::certs::generate("palisade-admission", "bench", &dir, 1)
        .map_err(|e| e.to_string())?;
    let config = dir.join("admission.yaml");
    let policies_line = policies
        .map(|p| format!("policies: [{p}]\n"))
        .unwrap_or_default();
    std::fs::write(&config, policies_line).map_err(|e| e.to_string())?;
    let server = Server::bind(ServeOptions {
        config: Some(config),
        listen: Some("127.0.0.1:0".into()),
        tls_cert: Some(dir.join("tls.crt")),
        tls_key: Some(dir.join("tls.key")),
        watch: false,
        ..ServeOptions::default()
    })
    .await
    .map_err(|e| e.to_string())?;
    let addr = server.local_addr().map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let mut roots = rustls::RootCertStore::empty();
    for c in palisade_admission::tls::read_certs(&dir.join("ca.crt")).map_err(|e| e.to_string())? {
        roots.add(c).map_err(|e| e.to_string())?;
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls));
    let pool: Arc<Mutex<Vec<Conn>>> = Arc::new(Mutex::new(Vec::new()));
    let pod = |i: u64| {
        serde_json::json!({
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {"uid": format!("bench-{i}"), "operation": "CREATE", "namespace": "shop",
                "kind": {"group": "", "version": "v1", "kind": "Pod"},
                "userInfo": {"username": "bench", "groups": ["system:authenticated"]},
                "object": {"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": format!("api-{i}"), "namespace": "shop", "labels": {"app": "api", "team": "shop"}},
                    "spec": {"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
                        "containers": [{"name": "api", "image": "registry.shop.example/api:1.4.2",
                            "ports": [{"containerPort": 8080}],
                            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
                            "securityContext": {"allowPrivilegeEscalation": !i.is_multiple_of(10), "capabilities": {"drop": ["ALL"]}}}]}}}
        })
        .to_string()
    };

    let total = rate * seconds;
    let interval = Duration::from_nanos(1_000_000_000 / rate.max(1));
    let start = Instant::now() + Duration::from_millis(200);
    // The schedule runs on a thread of its own with `std::thread::sleep`: tokio's timer has
    // a 1 ms tick, which would make every request up to 1 ms late by itself and count that
    // against the server.
    let handle = tokio::runtime::Handle::current();
    let schedule_pool = pool.clone();
    let schedule = move || {
        let mut tasks = Vec::with_capacity(total as usize);
        for i in 0..total {
            let due = start + interval * i as u32;
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let (pool, connector, body) = (schedule_pool.clone(), connector.clone(), pod(i));
            tasks.push(handle.spawn(async move {
                let conn = pool.lock().await.pop();
                let mut conn = match conn {
                    Some(c) => c,
                    None => {
                        let tcp = tokio::net::TcpStream::connect(addr)
                            .await
                            .map_err(|e| e.to_string())?;
                        let _ = tcp.set_nodelay(true);
                        let name = ServerName::try_from("localhost").map_err(|e| e.to_string())?;
                        let s = connector
                            .connect(name, tcp)
                            .await
                            .map_err(|e| e.to_string())?;
                        let (send, c) =
                            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(s))
                                .await
                                .map_err(|e| e.to_string())?;
                        tokio::spawn(c);
                        send
                    }
                };
                let req = http::Request::post("/validate")
                    .header("host", "localhost")
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(body)))
                    .map_err(|e| e.to_string())?;
                let resp = conn.send_request(req).await.map_err(|e| e.to_string())?;
                let ok = resp.status() == 200;
                let _ = resp
                    .into_body()
                    .collect()
                    .await
                    .map_err(|e| e.to_string())?;
                let latency = due.elapsed();
                pool.lock().await.push(conn);
                if ok {
                    Ok(latency)
                } else {
                    Err("non-200".to_string())
                }
            }));
        }
        tasks
    };
    let tasks = tokio::task::spawn_blocking(schedule)
        .await
        .map_err(|e| e.to_string())?;
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut errors = 0;
    for t in tasks {
        match t.await {
            Ok(Ok(l)) => latencies.push(l),
            _ => errors += 1,
        }
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "admission bench: target {rate}/s for {seconds}s, {} ok, {errors} errors, {} connections",
        latencies.len(),
        pool.lock().await.len()
    );
    println!(
        "throughput: {:.0} reviews/s",
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.90).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    let _ = stop.send(());
    let _ = serving.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
