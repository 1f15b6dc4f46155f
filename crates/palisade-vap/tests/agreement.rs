//! The generated CEL agrees with the built-in rules.
//!
//! Every policy is generated as a user gets it (YAML), read back with the project's YAML
//! loader, and each expression is evaluated with the `cel` interpreter on each object, as
//! the API server would: `object` is the manifest as stored (explicit nulls dropped),
//! `variables` are evaluated in order. The set of rules whose validations fail must equal
//! the set of rules `palisade_rules::run` reports for the same object at the same Pod
//! Security Standards version, restricted to the rules the policy compiles; and the
//! message of a failing container check must name every container the rule reports.
//!
//! Objects: the upstream PSS conformance fixtures (each at its level and its version,
//! v1.37, and whether it is admitted must match its `pass/` or `fail/` folder), every
//! `palisade-rules` fixture, and probes for the version-gated lists; then the fixtures at
//! every policy version from v1.0 to the newest, both levels; and the real-world
//! manifests of the corpus for the workload rules.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cel::Env;
use common::{api_object, env, read_back, Policy};
use palisade_k8s::Object;
use palisade_rules::pss::Level;
use palisade_rules::{run, PssVersion, Settings};
use palisade_vap::{compile, to_yaml_stream, Action, Options, MATCHED_KINDS};

/// The generated policies for `level` at `version` (and the workload policy), read back
/// from the YAML a user would apply.
fn policies(env: &Env, level: Level, version: PssVersion, workload: bool) -> Vec<Policy> {
    let docs = compile(&Options {
        level,
        version,
        action: Action::Deny,
        include_workload_rules: workload,
        ..Options::default()
    });
    let back = read_back(&to_yaml_stream(&docs));
    assert_eq!(back, docs, "the YAML output reads back as the same objects");
    docs.iter()
        .filter(|d| d["kind"] == "ValidatingAdmissionPolicy")
        .map(|d| Policy::from_document(env, d))
        .collect()
}

/// A manifest file's objects.
fn load(path: &Path) -> Vec<Object> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let loaded = palisade_k8s::load_str(&path.display().to_string(), &text);
    loaded.objects
}

/// Rule ids the built-in rules report for `obj` alone at `version`, among `rules`.
fn expected(
    obj: &Object,
    version: PssVersion,
    rules: &BTreeSet<String>,
) -> Vec<(String, Option<String>)> {
    let settings = Settings {
        pss_version: version,
    };
    run(std::slice::from_ref(obj), &settings, &|m| {
        rules.contains(m.id)
    })
    .findings
    .into_iter()
    .map(|f| (f.rule.into_owned(), f.container))
    .collect()
}

/// What one comparison found wrong, if anything.
fn compare(
    env: &Arc<Env>,
    policy: &Policy,
    obj: &Object,
    version: PssVersion,
    label: &str,
) -> Result<bool, String> {
    let rules = policy.rules();
    let findings = expected(obj, version, &rules);
    let object = api_object(&obj.node.to_json());
    let failing = match policy.evaluate(env, &object) {
        Ok(f) => f,
        Err(e) => return Err(format!("{label}: {}: evaluation error: {e}", policy.name)),
    };
    let want: BTreeSet<&str> = findings.iter().map(|(r, _)| r.as_str()).collect();
    let got: BTreeSet<&str> = failing.keys().map(String::as_str).collect();
    if want != got {
        return Err(format!(
            "{label} ({} {}) at {version}: rules report {want:?}, CEL fails {got:?}",
            obj.kind, obj.name
        ));
    }
    for (rule, container) in &findings {
        let Some(name) = container.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        let messages = &failing[rule.as_str()];
        if !messages.iter().any(|m| m.contains(name)) {
            return Err(format!(
                "{label} ({} {}): {rule} reports container `{name}`, the messages do not name it: {messages:?}",
                obj.kind, obj.name
            ));
        }
    }
    for (rule, messages) in &failing {
        if let Some(m) = messages
            .iter()
            .find(|m| !m.is_empty() && !m.starts_with(rule.as_str()))
        {
            return Err(format!(
                "{label}: message of {rule} does not start with its id: {m}"
            ));
        }
    }
    Ok(!want.is_empty())
}

/// Objects of kinds the policies do not match get no finding from a compiled rule: the
/// policies' `matchConstraints` cover every kind the rules look at.
fn assert_unmatched_kind_is_clean(obj: &Object, rules: &BTreeSet<String>, label: &str) {
    let findings = expected(obj, PssVersion::LATEST, rules);
    assert!(
        findings.is_empty(),
        "{label}: {} {} is not matched by the policies, yet the rules report {findings:?}",
        obj.kind,
        obj.name
    );
}

/// Fixture objects with a field of the wrong type, kept in the rule fixtures to show the
/// rules do not crash on them. The API server cannot decode them, so they never reach
/// admission: they are left out of the comparison (and must still exist, so this list
/// cannot go stale).
const API_INVALID: &[(&str, &str, &str)] = &[
    (
        "K8S003/pass.yaml",
        "web",
        "capabilities.add is a string, not a list",
    ),
    (
        "K8S005/pass.yaml",
        "api",
        "hostPort is a list, not an integer",
    ),
];

fn api_invalid(label: &str, obj: &Object) -> bool {
    API_INVALID
        .iter()
        .any(|(file, name, _)| label == *file && obj.name == *name)
}

fn matched(obj: &Object) -> bool {
    MATCHED_KINDS.contains(&obj.kind.as_str())
}

/// Every `fail.yaml`/`pass.yaml` of the rule fixtures, plus the version fixtures.
fn fixture_files() -> Vec<PathBuf> {
    common::yaml_files(&common::rule_fixtures())
}

/// Pods that exercise the version-gated lists and the edges of each check, one field
/// at a time (YAML flow style, which is JSON).
fn probes() -> Vec<Object> {
    let mut docs: Vec<String> = Vec::new();
    let pod = |spec: &str, meta: &str| {
        format!(
            "{{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {{\"name\": \"probe\"{meta}}}, \"spec\": {spec}}}"
        )
    };
    let with_container = |c: &str, podsc: &str| {
        pod(
            &format!(
                "{{\"securityContext\": {podsc}, \"containers\": [{{\"name\": \"app\", \"image\": \"app:1.0\"{c}}}]}}"
            ),
            "",
        )
    };
    for name in [
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
        "net.ipv4.tcp_slow_start_after_idle",
        "net.ipv4.tcp_notsent_lowat",
        "kernel.msgmax",
        "net.ipv4/tcp_syncookies",
    ] {
        docs.push(with_container(
            "",
            &format!("{{\"sysctls\": [{{\"name\": \"{name}\", \"value\": \"1\"}}]}}"),
        ));
    }
    for t in [
        "container_t",
        "container_init_t",
        "container_kvm_t",
        "container_engine_t",
        "",
        "spc_t",
    ] {
        docs.push(with_container(
            &format!(", \"securityContext\": {{\"seLinuxOptions\": {{\"type\": \"{t}\", \"level\": \"s0\"}}}}"),
            "{}",
        ));
        docs.push(with_container(
            "",
            &format!("{{\"seLinuxOptions\": {{\"type\": \"{t}\"}}}}"),
        ));
    }
    for (field, value) in [("user", "system_u"), ("role", "object_r"), ("user", "")] {
        docs.push(with_container(
            &format!(", \"securityContext\": {{\"seLinuxOptions\": {{\"{field}\": \"{value}\"}}}}"),
            "{}",
        ));
    }
    for cap in [
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
        "NET_RAW",
        "ALL",
        "SYS_ADMIN",
        "chown",
    ] {
        docs.push(with_container(
            &format!(", \"securityContext\": {{\"capabilities\": {{\"drop\": [\"ALL\"], \"add\": [\"{cap}\"]}}}}"),
            "{}",
        ));
    }
    for volume in [
        "{\"name\": \"v\"}",
        "{\"name\": \"v\", \"image\": {\"reference\": \"x:1\"}}",
        "{\"name\": \"v\", \"csi\": {\"driver\": \"d\"}}",
        "{\"name\": \"v\", \"ephemeral\": {}}",
        "{\"name\": \"v\", \"nfs\": {\"server\": \"s\", \"path\": \"/\"}}",
        "{\"name\": \"v\", \"hostPath\": {\"path\": \"/\"}}",
        "{\"name\": \"v\", \"secret\": {\"secretName\": \"s\"}, \"hostPath\": {\"path\": \"/\"}}",
    ] {
        docs.push(pod(
            &format!("{{\"volumes\": [{volume}], \"containers\": [{{\"name\": \"app\", \"image\": \"app:1.0\"}}]}}"),
            "",
        ));
    }
    for profile in ["RuntimeDefault", "Localhost", "Unconfined", ""] {
        let p = if profile.is_empty() {
            "{}".to_string()
        } else {
            format!("{{\"type\": \"{profile}\"}}")
        };
        docs.push(with_container(
            "",
            &format!("{{\"seccompProfile\": {p}, \"appArmorProfile\": {p}}}"),
        ));
        docs.push(with_container(
            &format!(
                ", \"securityContext\": {{\"seccompProfile\": {p}, \"appArmorProfile\": {p}}}"
            ),
            "{\"seccompProfile\": {\"type\": \"RuntimeDefault\"}}",
        ));
    }
    for (key, value) in [
        ("seccomp.security.alpha.kubernetes.io/pod", "unconfined"),
        ("seccomp.security.alpha.kubernetes.io/pod", "docker/default"),
        ("seccomp.security.alpha.kubernetes.io/pod", ""),
        (
            "container.seccomp.security.alpha.kubernetes.io/app",
            "localhost/x",
        ),
        (
            "container.seccomp.security.alpha.kubernetes.io/app",
            "unconfined",
        ),
        (
            "container.seccomp.security.alpha.kubernetes.io/other",
            "unconfined",
        ),
        (
            "container.apparmor.security.beta.kubernetes.io/app",
            "unconfined",
        ),
        ("container.apparmor.security.beta.kubernetes.io/x", ""),
        (
            "container.apparmor.security.beta.kubernetes.io/app",
            "localhost/p",
        ),
    ] {
        docs.push(pod(
            "{\"containers\": [{\"name\": \"app\", \"image\": \"app:1.0\"}]}",
            &format!(", \"annotations\": {{\"{key}\": \"{value}\"}}"),
        ));
    }
    for host_users in ["true", "false"] {
        for sc in [
            "{\"procMount\": \"Unmasked\"}",
            "{\"procMount\": \"Default\"}",
            "{\"runAsUser\": 0, \"runAsNonRoot\": false}",
        ] {
            docs.push(pod(
                &format!("{{\"hostUsers\": {host_users}, \"containers\": [{{\"name\": \"app\", \"image\": \"app:1.0\", \"securityContext\": {sc}}}]}}"),
                "",
            ));
        }
    }
    for image in [
        "nginx",
        "nginx:latest",
        "nginx:LATEST",
        "nginx:1.27",
        "registry:5000/app",
        "registry:5000/team/app:2.1",
        "app@sha256:abc",
        "app:latest@sha256:abc",
        "app@",
        "app:",
        "${IMAGE}",
        "{{ .image }}",
        "<image>",
        " nginx:1.2 ",
        "",
    ] {
        for policy in [
            "",
            ", \"imagePullPolicy\": \"IfNotPresent\"",
            ", \"imagePullPolicy\": \"Always\"",
        ] {
            docs.push(pod(
                &format!(
                    "{{\"containers\": [{{\"name\": \"app\", \"image\": \"{image}\"{policy}}}]}}"
                ),
                "",
            ));
        }
    }
    for resources in [
        "{\"requests\": {\"cpu\": \"100m\", \"memory\": \"64Mi\"}}",
        "{\"limits\": {\"cpu\": 1, \"memory\": \"64Mi\"}}",
        "{\"requests\": {\"cpu\": \"\", \"memory\": \" \"}}",
    ] {
        docs.push(pod(
            &format!("{{\"containers\": [{{\"name\": \"app\", \"image\": \"app:1.0\", \"resources\": {resources}}}]}}"),
            "",
        ));
    }
    for sa in [
        "\"serviceAccountName\": \"api\"",
        "\"serviceAccountName\": \" default \"",
        "\"serviceAccountName\": \"\", \"serviceAccount\": \"api\"",
        "\"serviceAccount\": \"default\"",
        "\"automountServiceAccountToken\": false",
        "\"automountServiceAccountToken\": true",
        "\"restartPolicy\": \"OnFailure\"",
        "\"os\": {\"name\": \"windows\"}",
    ] {
        docs.push(pod(
            &format!("{{{sa}, \"containers\": [{{\"name\": \"app\", \"image\": \"app:1.0\", \"ports\": [{{\"containerPort\": 80}}]}}]}}"),
            "",
        ));
    }
    let text = docs.join("\n---\n");
    let loaded = palisade_k8s::load_str("probes.yaml", &text);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.objects.len(), docs.len());
    loaded.objects
}

/// The upstream conformance fixtures, each at its own level and version.
#[test]
fn every_pss_corpus_fixture_agrees_at_its_level_and_version() {
    let root = common::corpus_root().join("psa");
    if !root.is_dir() {
        eprintln!(
            "SKIPPED: PSS corpus not found at {} (it exists in CI)",
            root.display()
        );
        return;
    }
    let env = env();
    let mut disagreements = Vec::new();
    let mut evaluated = 0;
    let mut cache: BTreeMap<(Level, u32), Vec<Policy>> = BTreeMap::new();
    for file in common::yaml_files(&root) {
        let rel = file.strip_prefix(&root).expect("under the root");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let [level, version, expect, _name] = parts.as_slice() else {
            panic!("unexpected corpus path {}", rel.display());
        };
        let level = match level.as_str() {
            "baseline" => Level::Baseline,
            "restricted" => Level::Restricted,
            other => panic!("unknown level {other}"),
        };
        let version = PssVersion::parse(version).expect("a version folder");
        let policies = cache
            .entry((level, version.0))
            .or_insert_with(|| policies(&env, level, version, false));
        for obj in load(&file) {
            evaluated += 1;
            let label = rel.display().to_string();
            if let Err(d) = compare(&env, &policies[0], &obj, version, &label) {
                disagreements.push(d);
                continue;
            }
            let object = api_object(&obj.node.to_json());
            let denied = !policies[0]
                .evaluate(&env, &object)
                .expect("evaluated above")
                .is_empty();
            if denied != (expect == "fail") {
                disagreements.push(format!(
                    "{label}: expected {expect}, the policy denied = {denied}"
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {evaluated} corpus fixtures disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert_eq!(evaluated, 148, "the v1.37 corpus holds 148 fixtures");
    eprintln!("PSS corpus: {evaluated}/{evaluated} fixtures agree (CEL = rules = upstream folder)");
}

/// Every object of every fixture (rule fixtures, version fixtures, probes, and the PSS
/// corpus) at every policy version and both levels, plus the workload policy.
#[test]
fn every_fixture_agrees_at_every_version_and_level() {
    let env = env();
    let mut objects: Vec<(String, Object)> = Vec::new();
    for file in fixture_files() {
        let label = file
            .strip_prefix(common::rule_fixtures())
            .unwrap_or(&file)
            .display()
            .to_string();
        for obj in load(&file) {
            objects.push((label.clone(), obj));
        }
    }
    for obj in probes() {
        objects.push(("probes".into(), obj));
    }
    let corpus = common::corpus_root().join("psa");
    for file in common::yaml_files(&corpus) {
        for obj in load(&file) {
            objects.push((format!("corpus {}", file.display()), obj));
        }
    }
    let excluded = objects.iter().filter(|(l, o)| api_invalid(l, o)).count();
    assert_eq!(
        excluded,
        API_INVALID.len(),
        "every API_INVALID entry names a fixture object"
    );
    objects.retain(|(l, o)| !api_invalid(l, o));
    let (pods, others): (Vec<_>, Vec<_>) = objects.into_iter().partition(|(_, o)| matched(o));

    let mut disagreements = Vec::new();
    let mut comparisons = 0;
    let mut denied = 0;
    let mut rules_seen = BTreeSet::new();
    for minor in 0..=PssVersion::LATEST.0 {
        let version = PssVersion(minor);
        for level in [Level::Baseline, Level::Restricted] {
            let workload = minor == PssVersion::LATEST.0 && level == Level::Restricted;
            for policy in policies(&env, level, version, workload) {
                rules_seen.extend(policy.rules());
                for (label, obj) in &pods {
                    comparisons += 1;
                    match compare(&env, &policy, obj, version, label) {
                        Ok(true) => denied += 1,
                        Ok(false) => {}
                        Err(d) => disagreements.push(d),
                    }
                }
            }
        }
    }
    for (label, obj) in &others {
        assert_unmatched_kind_is_clean(obj, &rules_seen, label);
    }
    assert!(
        disagreements.is_empty(),
        "{} of {comparisons} comparisons disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    eprintln!(
        "agreement: {} pod-bearing objects x {} policies (v1.0..{} x 2 levels + workload), {comparisons} comparisons ({denied} with failing rules) over {} rules, all agree; {excluded} API-invalid objects left out; {} objects of other kinds get no finding from them",
        pods.len(),
        2 * (PssVersion::LATEST.0 as usize + 1) + 1,
        PssVersion::LATEST,
        rules_seen.len(),
        others.len()
    );
}

/// The workload rules on the real-world manifests of the corpus (Online Boutique, Sock
/// Shop, Bookinfo, kubernetes/examples), and the PSS policies at the newest version.
#[test]
fn real_world_manifests_agree() {
    let root = common::corpus_root();
    if !root.join("online-boutique").is_dir() {
        eprintln!(
            "SKIPPED: corpus not found at {} (it exists in CI)",
            root.display()
        );
        return;
    }
    let env = env();
    let policies = policies(&env, Level::Restricted, PssVersion::LATEST, true);
    let mut disagreements = Vec::new();
    let mut evaluated = 0;
    for dir in ["online-boutique", "manifests"] {
        for file in common::yaml_files(&root.join(dir)) {
            for obj in load(&file).into_iter().filter(matched) {
                evaluated += 1;
                for policy in &policies {
                    let label = file.display().to_string();
                    if let Err(d) = compare(&env, policy, &obj, PssVersion::LATEST, &label) {
                        disagreements.push(d);
                    }
                }
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements over {evaluated} real-world objects:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(evaluated > 50, "only {evaluated} pod-bearing objects found");
    eprintln!("real-world manifests: {evaluated} pod-bearing objects agree with the restricted and workload policies");
}
