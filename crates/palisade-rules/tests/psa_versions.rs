//! The version gates of the Pod Security Standards rules: the same pod evaluated at
//! different policy versions, as a namespace pinned with
//! `pod-security.kubernetes.io/enforce-version` would see it. Fixtures are upstream files
//! copied under `tests/fixtures/psa-copy/` and small ones of ours under
//! `tests/fixtures/psa-versions/`.

use std::collections::BTreeSet;
use std::path::Path;

use palisade_rules::pss::{level_rules, Level};
use palisade_rules::{run, PssVersion, Settings};

use Level::{Baseline, Restricted};

fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rules of `level` at `v1.<minor>` that deny `rel`: empty means allowed.
fn denied_by(rel: &str, level: Level, minor: u32) -> BTreeSet<String> {
    let text = fixture(rel);
    let loaded = palisade_k8s::load_str(rel, &text);
    assert!(loaded.errors.is_empty(), "{rel}: {:?}", loaded.errors);
    let version = PssVersion(minor);
    let rules = level_rules(level, version);
    let settings = Settings {
        pss_version: version,
    };
    run(&loaded.objects, &settings, &|m| rules.contains(&m.id))
        .findings
        .into_iter()
        .map(|f| f.rule.into_owned())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

const SYSCTLS1: &str = "psa-copy/baseline/v1.37/pass/sysctls1.yaml";
const HOST_PROBES0: &str = "psa-copy/baseline/v1.37/fail/hostprobesandhostlifecycle0.yaml";
const PROCMOUNT1: &str = "psa-copy/baseline/v1.37/pass/procmount1.yaml";
const RESTRICTED_BASE: &str = "psa-copy/restricted/v1.37/pass/base.yaml";
const BASE_WINDOWS: &str = "psa-copy/restricted/v1.37/pass/base_windows.yaml";
const RUN_AS_USER0: &str = "psa-copy/restricted/v1.37/fail/runasuser0.yaml";
const PROCMOUNT_RESTRICTED0: &str = "psa-copy/restricted/v1.37/fail/procmount_restricted0.yaml";
const CAPABILITIES_BASELINE0: &str = "psa-copy/restricted/v1.37/fail/capabilities_baseline0.yaml";

#[test]
fn the_copied_fixtures_agree_with_their_folder_at_v1_37() {
    for (rel, level, allowed) in [
        (SYSCTLS1, Baseline, true),
        (PROCMOUNT1, Baseline, true),
        (HOST_PROBES0, Baseline, false),
        (RESTRICTED_BASE, Restricted, true),
        (BASE_WINDOWS, Restricted, true),
        (RUN_AS_USER0, Restricted, false),
        (PROCMOUNT_RESTRICTED0, Restricted, false),
        (CAPABILITIES_BASELINE0, Restricted, false),
    ] {
        let found = denied_by(rel, level, 37);
        assert_eq!(
            found.is_empty(),
            allowed,
            "{rel} at {level} v1.37: {found:?}"
        );
    }
}

#[test]
fn sysctls_added_at_1_37_pass_only_from_1_37() {
    assert_eq!(denied_by(SYSCTLS1, Baseline, 37), set(&[]));
    assert_eq!(denied_by(SYSCTLS1, Baseline, 36), set(&["K8S011"]));
    assert_eq!(denied_by(SYSCTLS1, Baseline, 0), set(&["K8S011"]));
}

#[test]
fn host_probes_are_not_checked_before_1_34() {
    assert_eq!(denied_by(HOST_PROBES0, Baseline, 34), set(&["K8S006"]));
    assert_eq!(denied_by(HOST_PROBES0, Baseline, 33), set(&[]));
}

#[test]
fn run_as_user_is_not_checked_before_1_23() {
    assert_eq!(denied_by(RUN_AS_USER0, Restricted, 23), set(&["K8S023"]));
    assert_eq!(denied_by(RUN_AS_USER0, Restricted, 22), set(&[]));
}

#[test]
fn windows_pods_are_exempt_from_three_restricted_checks_from_1_25() {
    assert_eq!(denied_by(BASE_WINDOWS, Restricted, 25), set(&[]));
    assert_eq!(
        denied_by(BASE_WINDOWS, Restricted, 24),
        set(&["K8S021", "K8S024", "K8S025"])
    );
    // Each check joins at its own first version.
    assert_eq!(
        denied_by(BASE_WINDOWS, Restricted, 21),
        set(&["K8S021", "K8S024"])
    );
    assert_eq!(denied_by(BASE_WINDOWS, Restricted, 18), set(&["K8S021"]));
    assert_eq!(denied_by(BASE_WINDOWS, Restricted, 7), set(&[]));
}

#[test]
fn user_namespace_pods_may_unmask_proc_at_baseline_from_1_35() {
    assert_eq!(denied_by(PROCMOUNT1, Baseline, 35), set(&[]));
    assert_eq!(denied_by(PROCMOUNT1, Baseline, 34), set(&["K8S009"]));
}

#[test]
fn restricted_keeps_the_proc_mount_block_for_user_namespace_pods() {
    // From v1.35 procMount_restricted replaces the (now relaxed) baseline check...
    assert_eq!(
        denied_by(PROCMOUNT_RESTRICTED0, Restricted, 35),
        set(&["K8S026"])
    );
    // ...and before, restricted runs the unrelaxed baseline procMount.
    assert_eq!(
        denied_by(PROCMOUNT_RESTRICTED0, Restricted, 34),
        set(&["K8S009"])
    );
}

#[test]
fn user_namespace_pods_may_run_as_root_from_1_35() {
    let rel = "psa-versions/userns-root.yaml";
    assert_eq!(denied_by(rel, Restricted, 35), set(&[]));
    assert_eq!(denied_by(rel, Restricted, 34), set(&["K8S022", "K8S023"]));
}

#[test]
fn seccomp_annotations_are_judged_before_1_19_and_fields_from_1_19() {
    let annotations = "psa-versions/seccomp-annotations.yaml";
    let fields = "psa-versions/seccomp-field-unconfined.yaml";
    assert_eq!(denied_by(annotations, Baseline, 18), set(&["K8S010"]));
    assert_eq!(denied_by(annotations, Baseline, 19), set(&[]));
    assert_eq!(denied_by(fields, Baseline, 18), set(&[]));
    assert_eq!(denied_by(fields, Baseline, 19), set(&["K8S010"]));

    // The pod annotation and the empty one for container1; not the ones for initcontainer1
    // (runtime/default) or for `ghost` (no such container).
    let text = fixture(annotations);
    let loaded = palisade_k8s::load_str(annotations, &text);
    let settings = Settings {
        pss_version: PssVersion(18),
    };
    let mut fields: Vec<String> = run(&loaded.objects, &settings, &|m| m.id == "K8S010")
        .findings
        .into_iter()
        .filter_map(|f| f.location.field)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "metadata.annotations['container.seccomp.security.alpha.kubernetes.io/container1']",
            "metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']",
        ]
    );
}

#[test]
fn restricted_runs_baseline_capabilities_until_capabilities_restricted_exists() {
    assert_eq!(
        denied_by(CAPABILITIES_BASELINE0, Restricted, 21),
        set(&["K8S003"])
    );
    assert_eq!(
        denied_by(CAPABILITIES_BASELINE0, Restricted, 22),
        set(&["K8S025"])
    );
}

#[test]
fn selinux_container_engine_t_is_allowed_from_1_31() {
    let rel = "psa-versions/selinux-engine.yaml";
    assert_eq!(denied_by(rel, Baseline, 31), set(&[]));
    assert_eq!(denied_by(rel, Baseline, 30), set(&["K8S008"]));
}

#[test]
fn a_namespace_enforce_version_label_pins_the_version_of_its_pods() {
    let rel = "psa-versions/namespace-pin.yaml";
    let text = fixture(rel);
    let loaded = palisade_k8s::load_str(rel, &text);
    let findings = run(&loaded.objects, &Settings::default(), &|m| m.id == "K8S006").findings;
    let namespaces: Vec<Option<String>> = findings
        .iter()
        .map(|f| f.location.object.as_ref().and_then(|o| o.namespace.clone()))
        .collect();
    assert_eq!(namespaces, [Some("current".to_string())]);
}

#[test]
fn pss_version_parsing_clamps_to_the_newest_version() {
    assert_eq!(PssVersion::LATEST, PssVersion(37));
    assert_eq!(PssVersion::parse("latest"), Ok(PssVersion::LATEST));
    assert_eq!(PssVersion::parse("v1.99"), Ok(PssVersion::LATEST));
    assert_eq!(PssVersion::parse("v1.37"), Ok(PssVersion(37)));
    assert_eq!(PssVersion::parse("v1.25"), Ok(PssVersion(25)));
    assert_eq!(PssVersion::parse("v1.0"), Ok(PssVersion(0)));
    assert!(PssVersion::parse("v2.0").is_err());
    assert!(PssVersion::parse("bogus").is_err());
    assert_eq!(PssVersion(25).to_string(), "v1.25");
    // v1.99 is evaluated exactly like latest.
    assert_eq!(
        level_rules(Restricted, PssVersion::parse("v1.99").unwrap()),
        level_rules(Restricted, PssVersion::LATEST)
    );
}

/// Without an enforce-version label, the version the namespace warns or audits at applies;
/// enforce-version wins when several are set.
#[test]
fn warn_and_audit_version_labels_apply_when_enforce_version_is_absent() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      readinessProbe: {httpGet: {host: example.com, port: 80}}\n";
    let ns = |labels: &str| {
        format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  labels: {{{labels}}}\n---\n{pod}")
    };
    let fired = |text: String| {
        let loaded = palisade_k8s::load_str("ns.yaml", &text);
        !run(&loaded.objects, &Settings::default(), &|m| m.id == "K8S006")
            .findings
            .is_empty()
    };
    // hostProbesAndHostLifecycle exists from v1.34.
    assert!(fired(ns("")));
    assert!(!fired(ns("pod-security.kubernetes.io/warn-version: v1.33")));
    assert!(!fired(ns(
        "pod-security.kubernetes.io/audit-version: v1.30"
    )));
    assert!(fired(ns("pod-security.kubernetes.io/enforce-version: v1.34, pod-security.kubernetes.io/warn-version: v1.30")));
    // An invalid value means latest, as in the admission plugin.
    assert!(fired(ns(
        "pod-security.kubernetes.io/enforce-version: banana"
    )));
}
