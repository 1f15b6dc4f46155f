//! The webhook as the API server sees it: real TLS on 127.0.0.1, real AdmissionReviews.

mod common;

use base64::Engine as _;
use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_config_high_findings_deny_and_the_rest_warn() {
    let w = start(None, |_| {}).await;
    let r = w
        .review(
            "/validate",
            &review("u1", "CREATE", "shop", privileged_pod("bad")),
        )
        .await;
    assert_eq!(r["allowed"], false);
    assert_eq!(r["status"]["code"], 403);
    let msg = r["status"]["message"].as_str().unwrap();
    assert!(msg.starts_with("palisade denied Pod shop/bad:"), "{msg}");
    assert!(
        msg.contains("[K8S001]"),
        "one message per violated rule: {msg}"
    );

    let r = w
        .review(
            "/validate",
            &review("u2", "CREATE", "shop", sloppy_pod("ok")),
        )
        .await;
    assert_eq!(r["allowed"], true, "{r}");
    assert!(r.get("status").is_none());
    let warnings = r["warnings"]
        .as_array()
        .expect("warnings for lower findings");
    assert!(!warnings.is_empty());
    assert!(warnings
        .iter()
        .all(|w| w.as_str().unwrap().starts_with('[')));

    let audit = w.audit_lines();
    assert_eq!(audit.len(), 2, "one audit line per decision");
    assert_eq!(audit[0]["uid"], "u1");
    assert_eq!(audit[0]["allowed"], false);
    assert!(rules_of(&audit[0]["findings"]).contains(&"K8S001".to_string()));
    assert_eq!(audit[1]["allowed"], true);
    assert!(audit[1]["latency_us"].is_u64());
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modes_per_rule_and_per_namespace() {
    let config = "rules:\n  K8S001: warn\n  workload: audit\nnamespaces:\n  dev-*:\n    mode: audit\n  strict:\n    rules:\n      workload: enforce\n";
    let w = start(Some(config), |_| {}).await;

    // K8S001 is a warning everywhere but dev-*; other pod-security findings still deny.
    let r = w
        .review(
            "/validate",
            &review("a", "CREATE", "shop", privileged_pod("p")),
        )
        .await;
    let warnings: Vec<String> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("[K8S001]")),
        "{warnings:?}"
    );
    assert!(!r["status"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("K8S001"));

    // In dev-* everything is audit: allowed, no warnings, findings in the audit log.
    let r = w
        .review(
            "/validate",
            &review("b", "CREATE", "dev-alice", privileged_pod("p")),
        )
        .await;
    assert_eq!(r["allowed"], true);
    assert!(r.get("warnings").is_none(), "{r}");
    let line = w
        .audit_lines()
        .into_iter()
        .find(|l| l["uid"] == "b")
        .unwrap();
    assert!(line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["outcome"] == "audit"));
    assert!(rules_of(&line["findings"]).contains(&"K8S001".to_string()));

    // The workload family is audit globally (no warnings from it) but enforced in `strict`.
    let r = w
        .review("/validate", &review("c", "CREATE", "shop", sloppy_pod("s")))
        .await;
    assert_eq!(r["allowed"], true);
    let r = w
        .review(
            "/validate",
            &review("d", "CREATE", "strict", sloppy_pod("s")),
        )
        .await;
    assert_eq!(r["allowed"], false, "{r}");
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_turned_off_are_not_reported() {
    let w = start(Some("rules: {pod-security: off, workload: off}\n"), |_| {}).await;
    let r = w
        .review(
            "/validate",
            &review("a", "CREATE", "shop", privileged_pod("p")),
        )
        .await;
    assert_eq!(r["allowed"], true, "{r}");
    assert!(r.get("warnings").is_none(), "{r}");
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exemptions_by_namespace_user_and_group() {
    let config = "exemptions:\n  namespaces: [kube-system, ops-*]\n  users: ['system:serviceaccount:ci:deployer']\n  groups: ['system:masters']\n";
    let w = start(Some(config), |_| {}).await;
    let r = w
        .review(
            "/validate",
            &review("ns", "CREATE", "ops-tools", privileged_pod("p")),
        )
        .await;
    assert_eq!(r["allowed"], true);
    let mut by_user = review("user", "CREATE", "shop", privileged_pod("p"));
    by_user["request"]["userInfo"] =
        json!({"username": "system:serviceaccount:ci:deployer", "groups": []});
    assert_eq!(w.review("/validate", &by_user).await["allowed"], true);
    let mut by_group = review("group", "CREATE", "shop", privileged_pod("p"));
    by_group["request"]["userInfo"] = json!({"username": "bob", "groups": ["system:masters"]});
    assert_eq!(w.review("/validate", &by_group).await["allowed"], true);
    // Everyone else is still judged.
    let r = w
        .review(
            "/validate",
            &review("other", "CREATE", "shop", privileged_pod("p")),
        )
        .await;
    assert_eq!(r["allowed"], false);
    let audit = w.audit_lines();
    assert!(audit[0]["skipped"]
        .as_str()
        .unwrap()
        .contains("namespace `ops-tools` is exempt"));
    assert!(audit[1]["skipped"].as_str().unwrap().contains("user"));
    assert!(audit[2]["skipped"]
        .as_str()
        .unwrap()
        .contains("group `system:masters`"));
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_gets_the_same_verdict_and_is_recorded_as_such() {
    let w = start(None, |_| {}).await;
    let mut rv = review("dry", "CREATE", "shop", privileged_pod("p"));
    rv["request"]["dryRun"] = json!(true);
    let r = w.review("/validate", &rv).await;
    assert_eq!(r["allowed"], false);
    let audit = w.audit_lines();
    assert_eq!(audit[0]["dry_run"], true);
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_judges_the_new_object_and_delete_is_allowed() {
    let w = start(None, |_| {}).await;
    let mut up = review("up", "UPDATE", "shop", privileged_pod("p"));
    up["request"]["oldObject"] = sloppy_pod("p");
    assert_eq!(w.review("/validate", &up).await["allowed"], false);
    let mut fixed = review("fix", "UPDATE", "shop", sloppy_pod("p"));
    fixed["request"]["oldObject"] = privileged_pod("p");
    assert_eq!(w.review("/validate", &fixed).await["allowed"], true);
    let mut del = review("del", "DELETE", "shop", Value::Null);
    del["request"]["oldObject"] = privileged_pod("p");
    let r = w.review("/validate", &del).await;
    assert_eq!(r["allowed"], true);
    let mut status = review("st", "UPDATE", "shop", privileged_pod("p"));
    status["request"]["subResource"] = json!("status");
    assert_eq!(w.review("/validate", &status).await["allowed"], true);
    w.stop().await;
}

fn apply_patch(object: &Value, response: &Value) -> Value {
    assert_eq!(response["patchType"], "JSONPatch");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(response["patch"].as_str().unwrap())
        .unwrap();
    let patch: json_patch::Patch = serde_json::from_slice(&bytes).unwrap();
    let mut doc = object.clone();
    json_patch::patch(&mut doc, &patch).expect("the patch applies");
    doc
}

/// Every leaf of `before` is unchanged in `after` (mutation only adds).
fn assert_only_added(before: &Value, after: &Value, at: &str) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, v) in b {
                assert_only_added(v, &a[k], &format!("{at}/{k}"));
            }
        }
        (Value::Array(b), Value::Array(a)) => {
            assert_eq!(b.len(), a.len(), "{at}");
            for (i, v) in b.iter().enumerate() {
                assert_only_added(v, &a[i], &format!("{at}/{i}"));
            }
        }
        (b, a) => assert_eq!(b, a, "user value changed at {at}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutation_adds_safe_defaults_only_where_unset() {
    let w = start(None, |_| {}).await;
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "m"},
        "spec": {
            "securityContext": {"fsGroup": 2000},
            "initContainers": [{"name": "init", "image": "busybox:1.36"}],
            "containers": [
                {"name": "a", "image": "nginx:1.27"},
                {"name": "b", "image": "nginx:1.27", "securityContext": {"allowPrivilegeEscalation": true, "capabilities": {"add": ["NET_BIND_SERVICE"]}}},
                {"name": "c", "image": "nginx:1.27", "securityContext": {"privileged": true}}
            ]
        }
    });
    let r = w
        .review("/mutate", &review("m", "CREATE", "shop", pod.clone()))
        .await;
    assert_eq!(r["allowed"], true);
    let patched = apply_patch(&pod, &r);
    assert_only_added(&pod, &patched, "");
    let spec = &patched["spec"];
    assert_eq!(spec["securityContext"]["runAsNonRoot"], true);
    assert_eq!(
        spec["securityContext"]["seccompProfile"]["type"],
        "RuntimeDefault"
    );
    assert_eq!(spec["securityContext"]["fsGroup"], 2000);
    for c in [&spec["containers"][0], &spec["initContainers"][0]] {
        assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
        assert_eq!(c["securityContext"]["capabilities"]["drop"], json!(["ALL"]));
    }
    let b = &spec["containers"][1]["securityContext"];
    assert_eq!(b["allowPrivilegeEscalation"], true, "user value kept");
    assert_eq!(b["capabilities"]["drop"], json!(["ALL"]));
    assert_eq!(b["capabilities"]["add"], json!(["NET_BIND_SERVICE"]));
    // allowPrivilegeEscalation=false is invalid with privileged: left out.
    assert!(spec["containers"][2]["securityContext"]
        .get("allowPrivilegeEscalation")
        .is_none());

    // After mutation the defaults' findings are gone: validate the patched pod.
    let before = w
        .review(
            "/validate",
            &review("v1", "CREATE", "shop", sloppy_pod("s0")),
        )
        .await;
    let plain = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "plain"},
        "spec": {"containers": [{"name": "a", "image": "nginx:1.27"}]}});
    let r = w
        .review("/mutate", &review("m2", "CREATE", "shop", plain.clone()))
        .await;
    let patched = apply_patch(&plain, &r);
    let after = w
        .review("/validate", &review("v2", "CREATE", "shop", patched))
        .await;
    assert_eq!(after["allowed"], true, "{after}");
    let ids = |r: &Value| -> Vec<String> {
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().split(']').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&after),
        ids(&before),
        "the patched pod is as good as a hand-hardened one"
    );

    // A pod with everything set gets no patch at all.
    let r = w
        .review("/mutate", &review("m3", "CREATE", "shop", sloppy_pod("s")))
        .await;
    assert!(r.get("patch").is_none(), "{r}");
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutation_respects_explicit_root_and_can_be_disabled() {
    let w = start(
        Some("mutation: {run_as_non_root: true, seccomp_runtime_default: false}\n"),
        |_| {},
    )
    .await;
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "r"},
        "spec": {"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "image": "x:1"}]}});
    let r = w
        .review("/mutate", &review("r", "CREATE", "shop", pod.clone()))
        .await;
    let patched = apply_patch(&pod, &r);
    assert!(
        patched["spec"]["securityContext"]
            .get("runAsNonRoot")
            .is_none(),
        "explicit root kept runnable"
    );
    assert!(
        patched["spec"]["securityContext"]
            .get("seccompProfile")
            .is_none(),
        "disabled default"
    );
    w.stop().await;
    let w = start(Some("mutation: {enabled: false}\n"), |_| {}).await;
    let r = w
        .review("/mutate", &review("x", "CREATE", "shop", pod))
        .await;
    assert!(r.get("patch").is_none());
    w.stop().await;
}

fn workload(kind: &str, api: &str, pod_spec: Value) -> Value {
    let template = json!({"metadata": {"labels": {"app": "x"}}, "spec": pod_spec});
    let spec = match kind {
        "Pod" => {
            return json!({"apiVersion": api, "kind": kind, "metadata": {"name": "w"}, "spec": template["spec"]})
        }
        "PodTemplate" => {
            return json!({"apiVersion": api, "kind": kind, "metadata": {"name": "w"}, "template": template})
        }
        "CronJob" => {
            json!({"schedule": "* * * * *", "jobTemplate": {"spec": {"template": template}}})
        }
        "Job" | "ReplicationController" => json!({"template": template}),
        _ => json!({"selector": {"matchLabels": {"app": "x"}}, "template": template}),
    };
    json!({"apiVersion": api, "kind": kind, "metadata": {"name": "w"}, "spec": spec})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_workload_kind_is_judged_and_mutated() {
    let w = start(None, |_| {}).await;
    let kinds = [
        ("Pod", "v1"),
        ("PodTemplate", "v1"),
        ("ReplicationController", "v1"),
        ("Deployment", "apps/v1"),
        ("StatefulSet", "apps/v1"),
        ("DaemonSet", "apps/v1"),
        ("ReplicaSet", "apps/v1"),
        ("Job", "batch/v1"),
        ("CronJob", "batch/v1"),
    ];
    for (kind, api) in kinds {
        let bad = workload(kind, api, privileged_pod("x")["spec"].clone());
        let r = w
            .review("/validate", &review(kind, "CREATE", "shop", bad))
            .await;
        assert_eq!(r["allowed"], false, "{kind}: {r}");
        assert!(
            r["status"]["message"]
                .as_str()
                .unwrap()
                .contains("[K8S001]"),
            "{kind}"
        );
        let plain = workload(
            kind,
            api,
            json!({"containers": [{"name": "a", "image": "nginx:1.27"}]}),
        );
        let r = w
            .review("/mutate", &review(kind, "CREATE", "shop", plain.clone()))
            .await;
        let patched = apply_patch(&plain, &r);
        assert_only_added(&plain, &patched, kind);
        let text = patched.to_string();
        assert!(
            text.contains("RuntimeDefault") && text.contains("\"ALL\""),
            "{kind}: {text}"
        );
    }
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_400_with_a_message_and_the_server_keeps_serving() {
    let w = start(Some("max_body_bytes: 65536\n"), |o| {
        o.read_timeout = std::time::Duration::from_secs(1)
    })
    .await;
    let (status, body) = w.request("POST", "/validate", b"{not json".to_vec()).await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("malformed AdmissionReview JSON"));

    let mut v1beta1 = review("x", "CREATE", "shop", sloppy_pod("p"));
    v1beta1["apiVersion"] = json!("admission.k8s.io/v1beta1");
    let (status, body) = w
        .request("POST", "/validate", v1beta1.to_string().into_bytes())
        .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body)
        .contains("unsupported apiVersion `admission.k8s.io/v1beta1`"));

    let (status, _) = w
        .request(
            "POST",
            "/validate",
            b"{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}".to_vec(),
        )
        .await;
    assert_eq!(status, 400, "no request");

    // The server answers 413 as soon as it sees the length and closes; the client may still
    // be writing the body then, and see the connection closed instead of the status.
    let huge = vec![b' '; 200_000];
    let mut send = w.connect().await;
    match try_send_on(&mut send, "POST", "/validate", huge).await {
        Ok((status, body)) => assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body)),
        Err(e) => {
            let io = std::error::Error::source(&e)
                .and_then(|s| s.downcast_ref::<std::io::Error>())
                .map(|io| io.kind());
            assert!(
                matches!(
                    io,
                    Some(std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset)
                ),
                "the oversized body got neither a 413 nor a closed connection: {e:?}"
            );
        }
    }

    let (status, _) = w.request("GET", "/validate", Vec::new()).await;
    assert_eq!(status, 405);
    let (status, _) = w.request("GET", "/nope", Vec::new()).await;
    assert_eq!(status, 404);

    // Deeply nested JSON is refused by the loader's depth bound, not a stack overflow.
    let deep = format!(
        "{}{}",
        "{\"a\":".repeat(300),
        "1".to_string() + &"}".repeat(300)
    );
    let mut rv = review("deep", "CREATE", "shop", sloppy_pod("p"));
    rv["request"]["object"] = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "d"}});
    let text = rv.to_string().replace(
        "{\"name\":\"d\"}",
        &format!("{{\"name\":\"d\",\"x\":{deep}}}"),
    );
    let (status, body) = w.request("POST", "/validate", text.into_bytes()).await;
    assert!(status == 400 || status == 200, "{status}");
    if status == 200 {
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["response"]["allowed"], false, "fails closed: {v}");
    }

    // Still serving.
    let r = w
        .review(
            "/validate",
            &review("after", "CREATE", "shop", sloppy_pod("p")),
        )
        .await;
    assert_eq!(r["allowed"], true);
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_get_a_bounded_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let w = start(None, |o| o.read_timeout = std::time::Duration::from_secs(1)).await;
    let tls_to = |w: &Webhook| {
        let connector = w.connector.clone();
        let addr = w.addr;
        async move {
            let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
            connector
                .connect(
                    rustls::pki_types::ServerName::try_from("localhost").unwrap(),
                    tcp,
                )
                .await
                .unwrap()
        }
    };
    // Headers promise a body that never comes: 408 after the read timeout.
    let mut s = tls_to(&w).await;
    s.write_all(
        b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-length: 1000\r\n\r\n{\"api",
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(30), s.read_to_end(&mut out))
        .await
        .expect("bounded")
        .ok();
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");

    // Headers that never finish: the connection is closed.
    let mut s = tls_to(&w).await;
    s.write_all(b"POST /validate HTTP/1.1\r\nhost: local")
        .await
        .unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(30), s.read_to_end(&mut out))
        .await
        .expect("the server closes a connection whose headers never finish")
        .ok();

    // A TCP client that never starts TLS is dropped too, and others are served meanwhile.
    let mut idle = tokio::net::TcpStream::connect(w.addr).await.unwrap();
    let r = w
        .review(
            "/validate",
            &review("ok", "CREATE", "shop", sloppy_pod("p")),
        )
        .await;
    assert_eq!(r["allowed"], true);
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), idle.read(&mut buf))
        .await
        .expect("handshake timeout closes the connection");
    assert!(matches!(n, Ok(0) | Err(_)));
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_handshake_with_the_generated_ca() {
    let w = start(None, |_| {}).await;
    for name in [
        "localhost",
        "palisade-admission.palisade-system.svc",
        "127.0.0.1",
    ] {
        let tcp = tokio::net::TcpStream::connect(w.addr).await.unwrap();
        let server_name = rustls::pki_types::ServerName::try_from(name)
            .unwrap()
            .to_owned();
        w.connector
            .connect(server_name, tcp)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // A name outside the SANs is refused.
    let tcp = tokio::net::TcpStream::connect(w.addr).await.unwrap();
    let wrong = rustls::pki_types::ServerName::try_from("evil.example").unwrap();
    assert!(w.connector.connect(wrong, tcp).await.is_err());
    // A client trusting another CA is refused.
    let other = tempfile::tempdir().unwrap();
    write_certs(other.path());
    let stranger = connector(&other.path().join("ca.crt"));
    let tcp = tokio::net::TcpStream::connect(w.addr).await.unwrap();
    assert!(stranger
        .connect(
            rustls::pki_types::ServerName::try_from("localhost").unwrap(),
            tcp
        )
        .await
        .is_err());
    // Plain HTTP gets no answer but does not hurt the server.
    let (status, _) = w.request("GET", "/healthz", Vec::new()).await;
    assert_eq!(status, 200);
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_health_and_readiness() {
    let w = start(None, |_| {}).await;
    w.review(
        "/validate",
        &review("a", "CREATE", "shop", privileged_pod("p")),
    )
    .await;
    w.review("/validate", &review("b", "CREATE", "shop", sloppy_pod("p")))
        .await;
    let (status, body) = w.request("GET", "/metrics", Vec::new()).await;
    assert_eq!(status, 200);
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains("palisade_admission_decisions_total{rule=\"K8S001\",outcome=\"deny\"} 1"),
        "{text}"
    );
    assert!(text
        .contains("palisade_admission_requests_total{endpoint=\"validate\",result=\"denied\"} 1"));
    assert!(text.contains("palisade_admission_request_duration_seconds_count 2"));
    assert!(text.contains("palisade_admission_request_duration_seconds_bucket{le=\"+Inf\"} 2"));
    assert_eq!(w.request("GET", "/healthz", Vec::new()).await.0, 200);
    assert_eq!(w.request("GET", "/readyz", Vec::new()).await.0, 200);
    w.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_mistakes_are_reported_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write_certs(dir.path());
    let cfg = dir.path().join("admission.yaml");
    std::fs::write(&cfg, "rules:\n  K8S999: warn\n").unwrap();
    let opts = palisade_admission::ServeOptions {
        config: Some(cfg.clone()),
        listen: Some("127.0.0.1:0".into()),
        tls_cert: Some(dir.path().join("tls.crt")),
        tls_key: Some(dir.path().join("tls.key")),
        ..Default::default()
    };
    let e = palisade_admission::Server::bind(opts.clone())
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("admission.yaml:2:3: unknown rule, family or policy `K8S999`"),
        "{e}"
    );
    std::fs::write(&cfg, "listen: 127.0.0.1:0\nexemption: {}\n").unwrap();
    let e = palisade_admission::Server::bind(opts.clone())
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("admission.yaml:2:1: unknown key `exemption`"),
        "{e}"
    );
    let mut bad_cert = opts;
    bad_cert.config = None;
    bad_cert.tls_cert = Some(dir.path().join("tls.key"));
    let e = palisade_admission::Server::bind(bad_cert)
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("no CERTIFICATE block"), "{e}");
}
