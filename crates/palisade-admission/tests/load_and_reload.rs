//! Bounded load (20,000 reviews, none lost) and reload on file change without failed
//! requests, over real TLS on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_reviews_none_lost() {
    let w = Arc::new(start(None, |o| o.audit_log = None).await);
    const CONNECTIONS: usize = 16;
    const PER_CONNECTION: usize = 1250;
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let mut send = w.connect().await;
            let mut ok = 0usize;
            for i in 0..PER_CONNECTION {
                let uid = format!("{c}-{i}");
                let (path, pod) = if i % 2 == 0 {
                    ("/validate", privileged_pod("p"))
                } else {
                    ("/mutate", sloppy_pod("p"))
                };
                let body = serde_json::to_vec(&review(&uid, "CREATE", "shop", pod)).unwrap();
                let (status, resp) = send_on(&mut send, "POST", path, body).await;
                assert_eq!(status, 200);
                let v: Value = serde_json::from_slice(&resp).unwrap();
                assert_eq!(v["response"]["uid"], uid.as_str());
                assert_eq!(v["response"]["allowed"], path == "/mutate");
                ok += 1;
            }
            ok
        }));
    }
    let mut answered = 0;
    for t in tasks {
        answered += tokio::time::timeout(Duration::from_secs(600), t)
            .await
            .expect("bounded in time")
            .unwrap();
    }
    assert_eq!(answered, CONNECTIONS * PER_CONNECTION);
    let (_, metrics) = w.request("GET", "/metrics", Vec::new()).await;
    let text = String::from_utf8_lossy(&metrics);
    assert!(
        text.contains("palisade_admission_request_duration_seconds_count 20000"),
        "{text}"
    );
    Arc::try_unwrap(w).ok().expect("sole owner").stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_reloads_on_change_without_failed_requests() {
    let w = Arc::new(start(Some("rules: {K8S001: enforce}\n"), |o| o.watch = true).await);
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let sent = Arc::new(AtomicUsize::new(0));
    // Traffic during the whole test; every request must get a 200.
    let traffic = {
        let (w, stop, failures, sent) = (w.clone(), stop.clone(), failures.clone(), sent.clone());
        tokio::spawn(async move {
            let mut send = w.connect().await;
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) && i < 100_000 {
                i += 1;
                let body = serde_json::to_vec(&review(
                    &format!("t{i}"),
                    "CREATE",
                    "shop",
                    sloppy_pod("p"),
                ))
                .unwrap();
                let (status, _) = send_on(&mut send, "POST", "/validate", body).await;
                sent.fetch_add(1, Ordering::SeqCst);
                if status != 200 {
                    failures.fetch_add(1, Ordering::SeqCst);
                }
            }
        })
    };
    let verdict = |w: Arc<Webhook>| async move {
        w.review(
            "/validate",
            &review("v", "CREATE", "shop", privileged_pod("p")),
        )
        .await["allowed"]
            == true
    };
    assert!(!verdict(w.clone()).await);
    std::fs::write(w.path("admission.yaml"), "rules: {pod-security: warn}\n").unwrap();
    let mut changed = false;
    for _ in 0..300 {
        if verdict(w.clone()).await {
            changed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(changed, "the new configuration applies without a restart");

    // A broken configuration is refused and the previous one stays in force.
    std::fs::write(w.path("admission.yaml"), "rules: {pod-security: maybe}\n").unwrap();
    let mut reported = false;
    for _ in 0..300 {
        let (_, m) = w.request("GET", "/metrics", Vec::new()).await;
        if String::from_utf8_lossy(&m)
            .contains("palisade_admission_reloads_total{result=\"error\"}")
        {
            reported = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reported, "the failed reload is counted");
    assert!(
        verdict(w.clone()).await,
        "the previous configuration is kept"
    );

    stop.store(true, Ordering::SeqCst);
    tokio::time::timeout(Duration::from_secs(120), traffic)
        .await
        .unwrap()
        .unwrap();
    assert!(sent.load(Ordering::SeqCst) > 0);
    assert_eq!(
        failures.load(Ordering::SeqCst),
        0,
        "no request failed during reloads"
    );
    Arc::try_unwrap(w).ok().expect("sole owner").stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rego_policies_run_beside_the_built_in_rules() {
    let policies = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/policies");
    let config = format!(
        "policies: [{}]\nrules:\n  BENCH008: warn\n  BENCH006: audit\n",
        policies.display()
    );
    let w = start(Some(&config), |_| {}).await;
    let mut pod = sloppy_pod("p");
    pod["metadata"]["labels"] = serde_json::json!({"team": "shop"});
    pod["metadata"]["namespace"] = "default".into();
    pod["spec"]["containers"][0]["image"] = "registry.shop.example/api:latest".into();
    let r = w
        .review("/validate", &review("a", "CREATE", "default", pod))
        .await;
    assert_eq!(r["allowed"], false, "{r}");
    let msg = r["status"]["message"].as_str().unwrap();
    assert!(
        msg.contains("[BENCH002] container app uses the latest tag"),
        "{msg}"
    );
    assert!(!msg.contains("BENCH001"), "labelled");
    assert!(!msg.contains("BENCH003"), "from the registry");
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("BENCH008"),
        "configured as warn: {warnings}"
    );
    let audit = w.audit_lines();
    let findings = &audit[0]["findings"];
    assert!(findings
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "BENCH006" && f["outcome"] == "audit"));
    w.stop().await;
}
