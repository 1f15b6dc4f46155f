//! Library behaviour users rely on: Conftest conventions, METADATA, errors with lines,
//! Gatekeeper matching and enforcement actions.

use std::path::{Path, PathBuf};

use palisade_core::Severity;
use palisade_k8s::{load_str, Object};

use crate::*;

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn load(dir: &Path, opts: &PolicyOptions) -> Result<PolicySet, PolicyError> {
    PolicySet::load(&[dir.to_path_buf()], opts)
}

fn objects(yaml: &str) -> Vec<Object> {
    let l = load_str("k8s/app.yaml", yaml);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    l.objects
}

fn eval(set: &PolicySet, yaml: &str) -> Evaluation {
    let mut all = Evaluation::default();
    for o in objects(yaml) {
        let e = set.evaluate(&o, &Review::for_scan(&o));
        all.violations.extend(e.violations);
        all.errors.extend(e.errors);
    }
    all
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n  labels: {app: api}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: api\n          image: shop/api:latest\n";

#[test]
fn policy_set_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PolicySet>();
}

#[test]
fn conftest_deny_warn_violation_and_prefixes_in_v0_and_v1() {
    let d = dir_with(&[
        ("v1.rego", "package main\n\ndeny contains msg if {\n  input.kind == \"Deployment\"\n  msg := sprintf(\"%s has %d replica\", [input.metadata.name, input.spec.replicas])\n}\n\nwarn_latest contains msg if {\n  some c in input.spec.template.spec.containers\n  endswith(c.image, \":latest\")\n  msg := sprintf(\"container %s uses latest\", [c.name])\n}\n"),
        ("v0.rego", "package main\n\nviolation[{\"msg\": msg, \"details\": {}}] {\n  input.metadata.namespace == \"shop\"\n  msg := \"in shop\"\n}\n\ndeny_never[msg] {\n  false\n  msg := \"x\"\n}\n"),
    ]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let ev = eval(&set, DEPLOY);
    assert!(ev.errors.is_empty(), "{:?}", ev.errors);
    let mut got: Vec<(String, String, Severity, Action)> = ev
        .violations
        .iter()
        .map(|v| {
            (
                v.finding.rule.to_string(),
                v.finding.title.clone(),
                v.finding.severity,
                v.action,
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            (
                "main.deny".into(),
                "api has 1 replica".into(),
                Severity::High,
                Action::Deny
            ),
            (
                "main.violation".into(),
                "in shop".into(),
                Severity::High,
                Action::Deny
            ),
            (
                "main.warn_latest".into(),
                "container api uses latest".into(),
                Severity::Medium,
                Action::Warn
            ),
        ]
    );
    let f = &ev.violations[0].finding;
    assert_eq!(f.location.path, "k8s/app.yaml");
    assert_eq!(f.location.line, 1);
    assert!(f.tags.iter().any(|t| t == "policy"));
    assert_eq!(
        f.location.object.as_ref().unwrap().to_string(),
        "Deployment/shop/api"
    );
}

#[test]
fn namespaces_choose_which_packages_run() {
    let d = dir_with(&[
        (
            "a.rego",
            "package main\ndeny contains \"main\" if { true }\n",
        ),
        (
            "b.rego",
            "package k8s.extra\ndeny contains \"extra\" if { true }\n",
        ),
    ]);
    let titles = |opts: &PolicyOptions| {
        let set = load(d.path(), opts).unwrap();
        let mut t: Vec<String> = eval(&set, DEPLOY)
            .violations
            .into_iter()
            .map(|v| v.finding.title)
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles(&PolicyOptions::default()), vec!["main"]);
    assert_eq!(
        titles(&PolicyOptions {
            namespaces: vec!["k8s.extra".into()],
            all_namespaces: false
        }),
        vec!["extra"]
    );
    assert_eq!(
        titles(&PolicyOptions {
            namespaces: vec![],
            all_namespaces: true
        }),
        vec!["extra", "main"]
    );
}

#[test]
fn boolean_rules_and_object_results() {
    let d = dir_with(&[(
        "p.rego",
        "package main\n# METADATA\n# title: Deployments are not allowed here\ndeny_deployments if { input.kind == \"Deployment\" }\n\ndeny_obj contains {\"msg\": \"from object\", \"x\": 1} if { true }\n",
    )]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let mut titles: Vec<String> = eval(&set, DEPLOY)
        .violations
        .into_iter()
        .map(|v| v.finding.title)
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        vec!["Deployments are not allowed here", "from object"]
    );
}

#[test]
fn metadata_becomes_rule_id_severity_and_docs() {
    let d = dir_with(&[(
        "p.rego",
        "# METADATA\n# title: Shop rules\n# custom:\n#   severity: low\npackage main\n\n# METADATA\n# title: Images must be pinned\n# description: A moving tag deploys code nobody reviewed.\n# related_resources:\n# - https://example.com/pinning\n# custom:\n#   id: SHOP001\n#   severity: critical\n#   remediation: Pin the image by digest.\ndeny_latest contains msg if {\n  some c in input.spec.template.spec.containers\n  endswith(c.image, \":latest\")\n  msg := sprintf(\"%s uses latest\", [c.name])\n}\n\nwarn_any contains \"package severity\" if { true }\n",
    )]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let m = set.lookup("shop001").expect("custom.id is the rule id");
    assert_eq!(m.severity, Severity::Critical);
    assert_eq!(m.summary, "Images must be pinned");
    assert_eq!(m.remediation, "Pin the image by digest.");
    assert!(m.doc.contains("A moving tag"), "{}", m.doc);
    assert!(m.doc.contains("https://example.com/pinning"), "{}", m.doc);
    assert!(m.doc.contains("p.rego:16"), "{}", m.doc);
    let w = set.lookup("main.warn_any").unwrap();
    assert_eq!(
        w.severity,
        Severity::Low,
        "package METADATA applies to its rules"
    );
    let ev = eval(&set, DEPLOY);
    let f = ev
        .violations
        .iter()
        .find(|v| v.finding.rule == "SHOP001")
        .unwrap();
    assert_eq!(f.finding.severity, Severity::Critical);
    assert_eq!(f.finding.title, "api uses latest");
    assert_eq!(
        f.finding.remediation.as_deref(),
        Some("Pin the image by digest.")
    );
}

#[test]
fn rego_syntax_errors_name_file_and_line() {
    let d = dir_with(&[(
        "bad.rego",
        "package main\n\ndeny contains msg if {\n  msg := \"x\"\n  input.a ==\n}\n",
    )]);
    let e = load(d.path(), &PolicyOptions::default()).unwrap_err();
    assert!(e.path.ends_with("bad.rego"), "{e}");
    assert!(matches!(e.line, Some(5) | Some(6)), "{e}");
}

#[test]
fn rego_compile_errors_name_file_and_line() {
    let d = dir_with(&[(
        "unsafe.rego",
        "package main\n\ndeny contains msg if {\n  x == 1\n  msg := \"x\"\n}\n",
    )]);
    let e = load(d.path(), &PolicyOptions::default()).unwrap_err();
    assert!(e.path.ends_with("unsafe.rego"), "{e}");
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn runtime_errors_are_reported_and_other_rules_still_run() {
    let d = dir_with(&[(
        "p.rego",
        "package main\ndeny contains msg if { msg := sprintf(\"%d\", [to_number(\"abc\")]) }\nwarn contains \"still here\" if { true }\n",
    )]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let ev = eval(&set, DEPLOY);
    assert_eq!(ev.violations.len(), 1, "{:?}", ev);
    assert_eq!(ev.errors.len(), 1, "{:?}", ev);
    assert!(
        ev.errors[0].policy.contains("data.main.deny"),
        "{}",
        ev.errors[0]
    );
}

const TEMPLATE: &str = r#"apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8srequiredlabels
  annotations:
    metadata.gatekeeper.sh/title: Required Labels
    description: Requires resources to carry the given labels.
spec:
  crd:
    spec:
      names:
        kind: K8sRequiredLabels
  targets:
    - target: admission.k8s.gatekeeper.sh
      libs:
        - |
          package lib.labels
          provided(obj) := {l | obj.metadata.labels[l]}
      rego: |
        package k8srequiredlabels
        import data.lib.labels

        violation[{"msg": msg}] {
          required := {l | l := input.parameters.labels[_]}
          missing := required - labels.provided(input.review.object)
          count(missing) > 0
          msg := sprintf("%s/%s is missing labels %v", [input.review.kind.kind, input.review.name, missing])
        }
"#;

fn constraint(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: {name}\nspec:\n{spec}"
    )
}

fn gk_titles(constraints: &str, objects_yaml: &str) -> Vec<(String, String, Action)> {
    let d = dir_with(&[
        ("template.yaml", TEMPLATE),
        ("constraint.yaml", constraints),
    ]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let ev = eval(&set, objects_yaml);
    assert!(ev.errors.is_empty(), "{:?}", ev.errors);
    ev.violations
        .into_iter()
        .map(|v| {
            (
                v.finding.rule.to_string(),
                v.finding.location.object.unwrap().to_string(),
                v.action,
            )
        })
        .collect()
}

const OBJECTS: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop, labels: {tier: web}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: kube-system}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n";

#[test]
fn gatekeeper_kinds_with_api_groups() {
    let got = gk_titles(
        &constraint("apps-only", "  match:\n    kinds:\n      - apiGroups: [apps]\n        kinds: [Deployment, Service]\n  parameters:\n    labels: [owner]\n"),
        OBJECTS,
    );
    assert_eq!(
        got,
        vec![(
            "K8sRequiredLabels/apps-only".into(),
            "Deployment/shop/api".into(),
            Action::Deny
        )]
    );
    let got = gk_titles(
        &constraint("core", "  match:\n    kinds:\n      - apiGroups: [\"\"]\n        kinds: [\"*\"]\n  parameters:\n    labels: [owner]\n"),
        OBJECTS,
    );
    let objs: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        objs,
        vec![
            "Service/shop/api",
            "ConfigMap/kube-system/cfg",
            "Namespace/shop"
        ]
    );
}

#[test]
fn gatekeeper_namespaces_and_excluded_namespaces() {
    let got = gk_titles(
        &constraint(
            "only-shop",
            "  match:\n    namespaces: [shop]\n  parameters: {labels: [owner]}\n",
        ),
        OBJECTS,
    );
    let objs: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    // A Namespace matches by its own name; cluster-scoped objects ignore namespace criteria.
    assert_eq!(
        objs,
        vec![
            "Deployment/shop/api",
            "Service/shop/api",
            "Namespace/shop",
            "ClusterRole/reader"
        ]
    );
    let got = gk_titles(
        &constraint("not-kube", "  match:\n    excludedNamespaces: [\"kube-*\"]\n    scope: Namespaced\n  parameters: {labels: [owner]}\n"),
        OBJECTS,
    );
    let objs: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(objs, vec!["Deployment/shop/api", "Service/shop/api"]);
}

#[test]
fn gatekeeper_label_selector_with_expressions() {
    let got = gk_titles(
        &constraint("web", "  match:\n    labelSelector:\n      matchLabels: {tier: web}\n  parameters: {labels: [owner]}\n"),
        OBJECTS,
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "Deployment/shop/api");
    let got = gk_titles(
        &constraint("no-tier", "  match:\n    labelSelector:\n      matchExpressions:\n        - {key: tier, operator: DoesNotExist}\n    kinds: [{apiGroups: [\"\"], kinds: [Service]}]\n  parameters: {labels: [owner]}\n"),
        OBJECTS,
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "Service/shop/api");
}

#[test]
fn gatekeeper_enforcement_actions_set_action_and_severity() {
    let docs = format!(
        "{}---\n{}---\n{}",
        constraint("d", "  match: {kinds: [{apiGroups: [apps], kinds: [Deployment]}]}\n  parameters: {labels: [owner]}\n"),
        constraint("w", "  enforcementAction: warn\n  match: {kinds: [{apiGroups: [apps], kinds: [Deployment]}]}\n  parameters: {labels: [owner]}\n"),
        constraint("r", "  enforcementAction: dryrun\n  match: {kinds: [{apiGroups: [apps], kinds: [Deployment]}]}\n  parameters: {labels: [owner]}\n"),
    );
    let d = dir_with(&[("template.yaml", TEMPLATE), ("c.yaml", &docs)]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let ev = eval(&set, OBJECTS);
    let got: Vec<(String, Action, Severity)> = ev
        .violations
        .iter()
        .map(|v| (v.finding.rule.to_string(), v.action, v.finding.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            ("K8sRequiredLabels/d".into(), Action::Deny, Severity::High),
            ("K8sRequiredLabels/w".into(), Action::Warn, Severity::Medium),
            ("K8sRequiredLabels/r".into(), Action::DryRun, Severity::Low),
        ]
    );
    assert!(
        ev.violations[0].finding.title.contains("missing labels"),
        "{}",
        ev.violations[0].finding.title
    );
    assert!(ev.violations[0]
        .finding
        .tags
        .iter()
        .any(|t| t == "gatekeeper"));
    let m = set.lookup("K8sRequiredLabels/d").unwrap();
    assert_eq!(m.summary, "Required Labels");
    assert!(m.doc.contains("Requires resources"), "{}", m.doc);
}

#[test]
fn constraint_without_template_is_an_error_with_line() {
    let d = dir_with(&[(
        "c.yaml",
        &format!(
            "# leading comment\n{}",
            constraint("x", "  parameters: {}\n")
        ),
    )]);
    let e = load(d.path(), &PolicyOptions::default()).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("no ConstraintTemplate"), "{e}");
}

#[test]
fn template_rego_errors_point_into_the_yaml_file() {
    let broken = TEMPLATE.replace("count(missing) > 0", "count(missing) >");
    let d = dir_with(&[("template.yaml", &broken)]);
    let e = load(d.path(), &PolicyOptions::default()).unwrap_err();
    assert!(e.path.ends_with("template.yaml"), "{e}");
    let line_of_error = TEMPLATE
        .lines()
        .position(|l| l.contains("count(missing) > 0"))
        .unwrap() as u32
        + 1;
    assert!(
        e.line == Some(line_of_error) || e.line == Some(line_of_error + 1),
        "expected line {line_of_error}: {e}"
    );
}

#[test]
fn malformed_gatekeeper_yaml_is_an_error_with_line() {
    let d = dir_with(&[(
        "t.yaml",
        "apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata: {name: x\n",
    )]);
    let e = load(d.path(), &PolicyOptions::default()).unwrap_err();
    assert!(e.message.contains("invalid YAML"), "{e}");
    assert!(e.line.is_some(), "{e}");
}

#[test]
fn admission_review_input_carries_request_fields() {
    let template = TEMPLATE.replace(
        "violation[{\"msg\": msg}] {",
        "violation[{\"msg\": \"no deletes by bob\"}] {\n          input.review.operation == \"DELETE\"\n          input.review.userInfo.username == \"bob\"\n        }\n\n        violation[{\"msg\": msg}] {",
    );
    let d = dir_with(&[
        ("template.yaml", &template),
        ("c.yaml", &constraint("c", "  parameters: {labels: []}\n")),
    ]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let request = serde_json::json!({
        "uid": "1", "operation": "DELETE", "name": "cfg", "namespace": "shop",
        "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "userInfo": {"username": "bob"},
        "object": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}
    });
    let review = Review::from_admission_request(&request);
    let ev = set.evaluate_json(&request["object"], "admission", &review);
    assert!(ev.denies());
    assert_eq!(ev.violations[0].finding.title, "no deletes by bob");
    assert_eq!(
        ev.violations[0]
            .finding
            .location
            .object
            .as_ref()
            .unwrap()
            .to_string(),
        "ConfigMap/shop/cfg"
    );
}

#[test]
fn policy_test_runs_test_rules() {
    let d = dir_with(&[
        ("p.rego", "package main\ndeny contains \"no\" if { input.kind == \"Pod\" }\n"),
        ("p_test.rego", "package main_test\nimport data.main\ntest_pod_denied if { main.deny[\"no\"] with input as {\"kind\": \"Pod\"} }\ntest_fails if { main.deny[\"no\"] with input as {\"kind\": \"Service\"} }\ntest_errors if { to_number(\"x\") == 1 }\n"),
    ]);
    let results = run_tests(&[d.path().to_path_buf()], None).unwrap();
    let got: Vec<(&str, &TestOutcome)> = results
        .iter()
        .map(|r| (r.name.as_str(), &r.outcome))
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.contains(&("test_pod_denied", &TestOutcome::Pass)),
        "{got:?}"
    );
    assert!(got.contains(&("test_fails", &TestOutcome::Fail)), "{got:?}");
    assert!(
        results
            .iter()
            .any(|r| r.name == "test_errors" && matches!(r.outcome, TestOutcome::Error(_))),
        "{got:?}"
    );
    let only = regex::Regex::new("pod").unwrap();
    assert_eq!(
        run_tests(&[d.path().to_path_buf()], Some(&only))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn query_evaluates_one_input() {
    let d = dir_with(&[(
        "p.rego",
        "package main\ndeny contains \"pod\" if { input.kind == \"Pod\" }\n",
    )]);
    let set = load(d.path(), &PolicyOptions::default()).unwrap();
    let input = serde_json::json!({"kind": "Pod"});
    let all = set.query(&input, None).unwrap();
    assert_eq!(all["data.main.deny"], serde_json::json!(["pod"]));
    let one = set.query(&input, Some("data.main.deny")).unwrap();
    assert_eq!(
        one["result"][0]["expressions"][0]["value"],
        serde_json::json!(["pod"])
    );
}

#[test]
fn missing_policy_path_is_an_error() {
    let e = PolicySet::load(
        &[PathBuf::from("/nonexistent/policies")],
        &PolicyOptions::default(),
    )
    .unwrap_err();
    assert!(e.message.contains("cannot read policy path"), "{e}");
}
