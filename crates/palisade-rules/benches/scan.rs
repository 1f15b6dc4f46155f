//! Parsing versus parsing plus every rule, on an in-memory tree of generated manifests.
//!
//!     cargo bench -p palisade-rules --bench scan
//!
//! The tree (built here, deterministically, no files) is 500 manifests of one Deployment
//! and one Service each, plus 8 files of a Namespace and two NetworkPolicies so the
//! whole-scan network rules have work to do: 508 files, 1,024 objects, 0.6 MB of YAML.
//! Workloads vary the way real ones do: hardened or not, privileged, host namespaces,
//! hostPath, probes and resources present or absent, images tagged or not, sidecars.
//!
//! Benchmarks, all on one thread (rules run on rayon in `palisade_rules::run`; they are
//! pinned to a one-thread pool here so the comparison is CPU time against CPU time):
//! - `scan/parse`: `palisade_k8s::load_str` of every file;
//! - `scan/parse+rules`: the same, then `palisade_rules::run` with every rule enabled;
//! - `scan/rules`: `palisade_rules::run` alone on the already parsed objects.
//!
//! The overhead of rules over parsing is `parse+rules / parse - 1`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, Criterion, Throughput};
use palisade_k8s::{load_str, Object};
use palisade_rules::{run, Settings};

/// Files in the generated tree (each one Deployment + one Service).
const FILES: usize = 500;

/// A xorshift64* generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TEAMS: &[&str] = &[
    "payments", "search", "identity", "catalog", "checkout", "shipping", "ads", "ml",
];
const WORDS: &[&str] = &[
    "api", "worker", "gateway", "web", "cache", "indexer", "proxy", "sync", "exporter",
];
const IMAGES: &[&str] = &[
    "nginx",
    "ghcr.io/acme/api",
    "registry.example.com/team/worker",
    "redis",
    "docker.io/library/postgres",
];

fn container(r: &mut Rng, out: &mut String, name: &str, port: usize, profile: usize) {
    let image = r.pick(IMAGES);
    let _ = writeln!(out, "      - name: {name}");
    match r.below(4) {
        0 => {
            let _ = writeln!(out, "        image: {image}");
        }
        1 => {
            let _ = writeln!(out, "        image: \"{image}:latest\"");
        }
        _ => {
            let _ = writeln!(
                out,
                "        image: {image}:1.{}.{}",
                r.below(30),
                r.below(9)
            );
        }
    }
    let _ = writeln!(out, "        ports:\n        - containerPort: {port}");
    if profile == 3 && r.chance(30) {
        let _ = writeln!(out, "          hostPort: {port}");
    }
    if r.chance(40) {
        let _ = writeln!(
            out,
            "        env:\n        - name: MODE\n          value: \"{}\"\n        - name: TOKEN\n          valueFrom:\n            secretKeyRef: {{name: {name}-secret, key: token}}",
            r.pick(WORDS)
        );
    }
    if r.chance(60) {
        let _ = writeln!(
            out,
            "        resources:\n          requests: {{cpu: 100m, memory: 128Mi}}\n          limits:\n            cpu: \"1\"\n            memory: 512Mi"
        );
    }
    if r.chance(60) {
        let _ = writeln!(
            out,
            "        livenessProbe:\n          httpGet:\n            path: /healthz\n            port: {port}\n          periodSeconds: 10"
        );
    }
    if r.chance(50) {
        let _ = writeln!(
            out,
            "        readinessProbe:\n          tcpSocket: {{port: {port}}}"
        );
    }
    match profile {
        0 => {
            let _ = writeln!(
                out,
                "        securityContext:\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          runAsNonRoot: true\n          capabilities:\n            drop: [\"ALL\"]\n          seccompProfile:\n            type: RuntimeDefault"
            );
        }
        1 => {
            let _ = writeln!(
                out,
                "        securityContext:\n          runAsUser: 0\n          capabilities: {{drop: [NET_RAW]}}"
            );
        }
        3 => {
            let _ = writeln!(
                out,
                "        securityContext:\n          privileged: true\n          capabilities:\n            add: [NET_ADMIN, SYS_ADMIN]"
            );
        }
        _ => {}
    }
}

fn deployment(r: &mut Rng, out: &mut String, app: &str, ns: &str, port: usize) {
    let profile = r.below(4); // 0 hardened, 1 partial, 2 nothing, 3 privileged
    let tier = r.pick(&["web", "backend", "data"]);
    let _ = writeln!(
        out,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\n  namespace: {ns}\n  labels:\n    app: {app}\n    tier: {tier}\nspec:\n  replicas: {}\n  selector:\n    matchLabels: {{app: {app}}}\n  template:\n    metadata:\n      labels:\n        app: {app}\n        tier: {tier}\n    spec:",
        1 + r.below(5)
    );
    if profile == 0 {
        let _ = writeln!(
            out,
            "      securityContext:\n        runAsNonRoot: true\n        runAsUser: {}\n        seccompProfile: {{type: RuntimeDefault}}",
            1000 + r.below(60000)
        );
    }
    if profile == 3 && r.chance(50) {
        let _ = writeln!(out, "      hostNetwork: true\n      hostPID: true");
    }
    let _ = writeln!(out, "      containers:");
    container(r, out, app, port, profile);
    if r.chance(25) {
        let profile = r.below(3);
        container(r, out, "sidecar", port + 1, profile);
    }
    if profile == 3 && r.chance(60) {
        let _ = writeln!(
            out,
            "      volumes:\n      - name: docker\n        hostPath:\n          path: /var/run/docker.sock"
        );
    } else if r.chance(30) {
        let _ = writeln!(
            out,
            "      volumes:\n      - name: data\n        emptyDir: {{}}"
        );
    }
}

fn service(r: &mut Rng, out: &mut String, app: &str, ns: &str, port: usize) {
    let kind = r.pick(&[
        "ClusterIP",
        "ClusterIP",
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
    ]);
    let _ = writeln!(
        out,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  namespace: {ns}\n  labels: {{app: {app}}}\nspec:\n  type: {kind}\n  selector:\n    app: {app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: {port}"
    );
}

/// `(path, text)` of every generated file.
fn tree() -> Vec<(String, String)> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let namespaces: Vec<String> = TEAMS
        .iter()
        .flat_map(|t| [format!("{t}-prod"), format!("{t}-dev")])
        .collect();
    let mut files = Vec::with_capacity(FILES + namespaces.len());
    for i in 0..FILES {
        let ns = &namespaces[r.below(namespaces.len())];
        let app = format!("{}-{}-{i}", r.pick(TEAMS), r.pick(WORDS));
        let port = [80, 8080, 9090, 3000][r.below(4)];
        let mut text = String::new();
        deployment(&mut r, &mut text, &app, ns, port);
        text.push_str("---\n");
        service(&mut r, &mut text, &app, ns, port);
        files.push((format!("{ns}/{app}.yaml"), text));
    }
    // Half the namespaces have a default deny and a per-app allow; the others none.
    for (i, ns) in namespaces.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let text = format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{pod-security.kubernetes.io/enforce-version: v1.{}}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: default-deny, namespace: {ns}}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: allow-web, namespace: {ns}}}\nspec:\n  podSelector:\n    matchLabels: {{tier: web}}\n  ingress:\n  - from:\n    - ipBlock: {{cidr: 0.0.0.0/0}}\n",
            25 + i % 12
        );
        files.push((format!("{ns}/network.yaml"), text));
    }
    files
}

fn parse(files: &[(String, String)]) -> Vec<Object> {
    let mut objects = Vec::new();
    for (path, text) in files {
        objects.extend(load_str(path, text).objects);
    }
    objects
}

fn rules(objects: &[Object]) -> usize {
    run(objects, &Settings::default(), &|_| true).findings.len()
}

fn bench(c: &mut Criterion) {
    let files = tree();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let objects = parse(&files);
    let findings = rules(&objects);
    eprintln!(
        "scan bench: {} files, {} bytes, {} objects, {findings} findings",
        files.len(),
        bytes,
        objects.len()
    );
    assert!(objects.len() >= 2 * FILES && findings > 0);

    // One thread: `run` parallelises per-object rules; parsing here does not.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(bytes as u64))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    g.bench_function("parse", |b| b.iter(|| parse(black_box(&files))));
    g.bench_function("parse+rules", |b| {
        b.iter(|| pool.install(|| rules(&parse(black_box(&files)))))
    });
    g.bench_function("rules", |b| {
        b.iter(|| pool.install(|| rules(black_box(&objects))))
    });
    g.finish();
}

criterion_group!(benches, bench);

/// `criterion_main!`, plus two modes for a machine shared with other work, where
/// criterion's wall times drift with the load:
///
/// - one-shot runs for instruction counting (deterministic):
///
///       SCAN_BENCH_ONCE=parse valgrind --tool=callgrind target/release/deps/scan-<hash>
///       SCAN_BENCH_ONCE=full  valgrind --tool=callgrind target/release/deps/scan-<hash>
///
///   (`full` is parse + rules: the difference of the two totals is the rules' cost; `tree`
///   only generates the input);
/// - `SCAN_BENCH_ONCE=compare` (`SCAN_BENCH_ROUNDS`, default 40): parse and parse + rules
///   timed alternately, round after round, so both see the same load; prints the minimum
///   and median of each and the overhead.
fn main() {
    if let Ok(what) = std::env::var("SCAN_BENCH_ONCE") {
        let files = tree();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool");
        let n = match what.as_str() {
            "tree" => files.len(),
            "parse" => parse(&files).len(),
            "full" => pool.install(|| rules(&parse(&files))),
            "compare" => {
                compare(&files, &pool);
                return;
            }
            other => {
                panic!("SCAN_BENCH_ONCE={other}: expected `tree`, `parse`, `full` or `compare`")
            }
        };
        println!("{what}: {n}");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

fn compare(files: &[(String, String)], pool: &rayon::ThreadPool) {
    let rounds: usize = std::env::var("SCAN_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let time = |f: &dyn Fn() -> usize| {
        let start = std::time::Instant::now();
        black_box(f());
        start.elapsed().as_secs_f64() * 1e3
    };
    let (mut parse_ms, mut full_ms) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        parse_ms.push(time(&|| parse(black_box(files)).len()));
        full_ms.push(time(&|| pool.install(|| rules(&parse(black_box(files))))));
    }
    for v in [&mut parse_ms, &mut full_ms] {
        v.sort_by(f64::total_cmp);
    }
    let (min_p, min_f) = (parse_ms[0], full_ms[0]);
    let (med_p, med_f) = (parse_ms[rounds / 2], full_ms[rounds / 2]);
    println!("{rounds} rounds, one thread");
    println!("parse        min {min_p:7.2} ms   median {med_p:7.2} ms");
    println!("parse+rules  min {min_f:7.2} ms   median {med_f:7.2} ms");
    println!(
        "rules add    {:+.0}% (min)   {:+.0}% (median)",
        (min_f / min_p - 1.0) * 100.0,
        (med_f / med_p - 1.0) * 100.0
    );
}
