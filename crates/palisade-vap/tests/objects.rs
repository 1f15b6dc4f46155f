//! The generated objects have the shape `admissionregistration.k8s.io/v1` requires, the
//! bindings do what the options say, and the match condition skips only updates that
//! change nothing the rules read.

mod common;

use std::path::Path;

use palisade_rules::pss::Level;
use palisade_rules::PssVersion;
use palisade_vap::{compile, to_json_list, to_yaml_stream, Action, NamespaceScope, Options};
use serde_json::{json, Value};

fn options() -> Options {
    Options {
        include_workload_rules: true,
        ..Options::default()
    }
}

fn str_of<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} must be a string, got {v}"))
}

/// The fields the API server validates for a ValidatingAdmissionPolicy (v1).
fn assert_policy_shape(doc: &Value) {
    assert_eq!(doc["apiVersion"], "admissionregistration.k8s.io/v1");
    assert_eq!(doc["kind"], "ValidatingAdmissionPolicy");
    let name = str_of(&doc["metadata"]["name"], "metadata.name");
    assert!(
        name.len() <= 253
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
        "{name} is not a DNS subdomain"
    );
    let spec = &doc["spec"];
    assert_eq!(spec["failurePolicy"], "Fail");
    let rules = spec["matchConstraints"]["resourceRules"]
        .as_array()
        .expect("resourceRules");
    let resources: Vec<&str> = rules
        .iter()
        .flat_map(|r| r["resources"].as_array().unwrap().iter())
        .map(|r| r.as_str().unwrap())
        .collect();
    for wanted in [
        "pods",
        "pods/ephemeralcontainers",
        "deployments",
        "replicasets",
        "statefulsets",
        "daemonsets",
        "jobs",
        "cronjobs",
        "replicationcontrollers",
    ] {
        assert!(
            resources.contains(&wanted),
            "{name} does not match {wanted}"
        );
    }
    for rule in rules {
        assert_eq!(rule["operations"], json!(["CREATE", "UPDATE"]));
    }
    let mut names = std::collections::HashSet::new();
    for v in spec["variables"].as_array().expect("variables") {
        let n = str_of(&v["name"], "variable name");
        assert!(
            n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "variable name {n} is not a CEL identifier"
        );
        assert!(names.insert(n), "variable {n} declared twice");
        str_of(&v["expression"], "variable expression");
    }
    for c in spec["matchConditions"].as_array().expect("matchConditions") {
        str_of(&c["name"], "matchCondition name");
        str_of(&c["expression"], "matchCondition expression");
    }
    let validations = spec["validations"].as_array().expect("validations");
    assert!(!validations.is_empty());
    for v in validations {
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        for k in &keys {
            assert!(
                ["expression", "message", "messageExpression", "reason"].contains(&k.as_str()),
                "unknown validation field {k}"
            );
        }
        str_of(&v["expression"], "expression");
        let message = str_of(&v["message"], "message");
        assert!(
            !message.contains('\n') && message.len() <= 5000,
            "message must be one line: {message}"
        );
        assert!(
            message.starts_with("K8S0"),
            "message names its rule: {message}"
        );
        assert_eq!(v["reason"], "Forbidden");
    }
}

fn assert_binding_shape(doc: &Value, policy: &str, actions: &[&str], scope: &NamespaceScope) {
    assert_eq!(doc["apiVersion"], "admissionregistration.k8s.io/v1");
    assert_eq!(doc["kind"], "ValidatingAdmissionPolicyBinding");
    assert_eq!(doc["spec"]["policyName"], policy);
    assert_eq!(doc["spec"]["validationActions"], json!(actions));
    let selector = &doc["spec"]["matchResources"]["namespaceSelector"];
    for (k, v) in &scope.labels {
        assert_eq!(selector["matchLabels"][k], json!(v));
    }
    if scope.exempt.is_empty() {
        assert!(selector.get("matchExpressions").is_none());
    } else {
        assert_eq!(
            selector["matchExpressions"],
            json!([{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": scope.exempt}])
        );
    }
}

#[test]
fn every_level_and_version_produces_well_formed_policies_and_bindings() {
    for minor in 0..=PssVersion::LATEST.0 {
        for level in [Level::Baseline, Level::Restricted] {
            let docs = compile(&Options {
                level,
                version: PssVersion(minor),
                ..options()
            });
            assert_eq!(
                docs.len(),
                4,
                "PSS policy + binding, workload policy + binding"
            );
            assert_policy_shape(&docs[0]);
            assert_eq!(
                docs[0]["metadata"]["name"],
                format!("palisade-pss-{level}-v1.{minor}")
            );
            assert_binding_shape(
                &docs[1],
                docs[0]["metadata"]["name"].as_str().unwrap(),
                &["Deny", "Audit"],
                &Options::default().namespaces,
            );
            assert_policy_shape(&docs[2]);
            assert_eq!(docs[2]["metadata"]["name"], "palisade-workload");
            assert_binding_shape(
                &docs[3],
                "palisade-workload",
                &["Deny", "Audit"],
                &Options::default().namespaces,
            );
        }
    }
}

#[test]
fn actions_and_namespace_scope_reach_every_binding() {
    let scope = NamespaceScope {
        labels: vec![("pod-security.palisade.dev/enforce".into(), "true".into())],
        exempt: vec!["kube-system".into(), "monitoring".into()],
    };
    for (action, expected) in [
        (Action::Deny, &["Deny", "Audit"][..]),
        (Action::Warn, &["Warn"][..]),
        (Action::Audit, &["Audit"][..]),
    ] {
        let docs = compile(&Options {
            action,
            namespaces: scope.clone(),
            ..options()
        });
        assert_binding_shape(
            &docs[1],
            docs[0]["metadata"]["name"].as_str().unwrap(),
            expected,
            &scope,
        );
        assert_binding_shape(&docs[3], "palisade-workload", expected, &scope);
    }
    // No exemptions and no labels: every namespace.
    let docs = compile(&Options {
        namespaces: NamespaceScope::default(),
        ..options()
    });
    assert_eq!(
        docs[1]["spec"]["matchResources"]["namespaceSelector"],
        json!({})
    );
}

#[test]
fn the_restricted_policy_names_its_level_version_and_rules() {
    let docs = compile(&Options::default());
    let annotations = &docs[0]["metadata"]["annotations"];
    assert_eq!(annotations["palisade.dev/pss-level"], "restricted");
    assert_eq!(annotations["palisade.dev/pss-version"], "v1.37");
    assert_eq!(
        annotations["palisade.dev/rules"],
        "K8S001,K8S002,K8S005,K8S006,K8S007,K8S008,K8S011,K8S012,K8S020,K8S021,K8S022,K8S023,K8S024,K8S025,K8S026"
    );
    assert_eq!(docs.len(), 2, "no workload policy unless asked");
}

#[test]
fn json_output_is_a_list_and_yaml_output_reads_back_identically() {
    let docs = compile(&options());
    let list = to_json_list(&docs);
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().unwrap().len(), docs.len());
    let yaml = to_yaml_stream(&docs);
    assert_eq!(common::read_back(&yaml), docs);
    assert_eq!(yaml.matches("\n---\n").count() + 1, docs.len());
}

#[test]
fn the_match_condition_skips_only_updates_that_change_nothing_checked() {
    let env = common::env();
    let docs = compile(&options());
    let policy = common::Policy::from_document(&env, &docs[0]);
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"a": "1"}},
        "spec": {"containers": [{"name": "app", "image": "app:1"}]}});
    let mut relabelled = pod.clone();
    relabelled["metadata"]["labels"]["a"] = json!("2");
    let mut respec = pod.clone();
    respec["spec"]["containers"][0]["securityContext"] = json!({"privileged": true});
    let mut annotated = pod.clone();
    annotated["metadata"]["annotations"] =
        json!({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"});
    let create = json!({"operation": "CREATE"});
    let update = json!({"operation": "UPDATE"});
    assert!(policy.matches(&env, &create, &pod, &Value::Null));
    assert!(
        !policy.matches(&env, &update, &relabelled, &pod),
        "a label change is not re-checked"
    );
    assert!(policy.matches(&env, &update, &respec, &pod));
    assert!(policy.matches(&env, &update, &annotated, &pod));
    let template = json!({"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "t"},
        "template": {"spec": {"containers": [{"name": "app", "image": "app:1"}]}}});
    let mut changed = template.clone();
    changed["template"]["spec"]["hostPID"] = json!(true);
    assert!(policy.matches(&env, &update, &changed, &template));
    assert!(!policy.matches(&env, &update, &template, &template));
}

/// `kubernetes-validate` checks the objects against the Kubernetes OpenAPI schemas
/// offline, when `.ci/run` has installed it in its venv.
#[test]
fn kubernetes_validate_accepts_the_objects_when_installed() {
    let Some(home) = std::env::var_os("HOME") else {
        eprintln!("SKIPPED: kubernetes-validate: HOME is not set");
        return;
    };
    let tool =
        Path::new(&home).join(".cache/palisade/venvs/kubernetes-validate/bin/kubernetes-validate");
    if !tool.is_file() {
        let required = std::env::var_os("CI").is_some()
            || std::env::var("PALISADE_REQUIRE_KUBERNETES_VALIDATE").as_deref() == Ok("1");
        assert!(
            !required,
            "kubernetes-validate is missing at {} although CI requires it (.ci/run installs it)",
            tool.display()
        );
        eprintln!(
            "SKIPPED: kubernetes-validate not installed at {} (.ci/run installs it)",
            tool.display()
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("palisade-vap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policies.yaml");
    std::fs::write(&file, to_yaml_stream(&compile(&options()))).unwrap();
    let out = std::process::Command::new(&tool)
        .args(["--strict", "--kubernetes-version", "1.30"])
        .arg(&file)
        .output()
        .expect("kubernetes-validate runs");
    let _ = std::fs::remove_dir_all(&dir);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if text.contains("unknown")
        && text.contains("ValidatingAdmissionPolicy")
        && !out.status.success()
    {
        eprintln!(
            "SKIPPED: this kubernetes-validate does not know ValidatingAdmissionPolicy v1: {text}"
        );
        return;
    }
    assert!(
        out.status.success(),
        "kubernetes-validate rejects the objects:\n{text}"
    );
}
