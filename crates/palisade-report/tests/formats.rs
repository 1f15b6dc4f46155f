//! Every format is checked against what consumes it: SARIF against the official 2.1.0
//! schema, JSON against our published schema, JUnit for well-formed structure.

use std::path::Path;

use palisade_core::{
    Finding, InputError, Location, ObjectRef, RuleMeta, ScanResult, ScanStats, Severity,
};
use palisade_report::{write, Format, ReportContext};

static RULE: RuleMeta = RuleMeta {
    id: "K8S001",
    aliases: &[],
    name: "privileged-container",
    family: "pod-security",
    severity: Severity::Critical,
    summary: "Container runs privileged",
    remediation: "Set privileged to false.",
    tags: &["pss:baseline"],
    default_enabled: true,
    doc: " ## What it checks\n Privileged <containers> & \"quotes\".\n",
};

fn sample() -> ScanResult {
    ScanResult {
        findings: vec![Finding {
            rule: "K8S001".into(),
            severity: Severity::Critical,
            title: "container `api` runs privileged <&>".into(),
            location: Location {
                path: "./k8s/my app.yaml".into(),
                line: 19,
                column: 25,
                object: Some(ObjectRef {
                    kind: "Deployment".into(),
                    namespace: Some("shop".into()),
                    name: "api".into(),
                }),
                field: Some("spec.template.spec.containers[0].securityContext.privileged".into()),
            },
            container: Some("api".into()),
            evidence: None,
            remediation: Some("Set privileged to false.".into()),
            tags: vec!["pss:baseline".into()],
            fingerprint: "0123456789abcdef0123456789abcdef".into(),
        }],
        errors: vec![InputError {
            path: "bad.yaml".into(),
            line: Some(3),
            column: Some(1),
            message: "invalid YAML: \u{1} control".into(),
        }],
        warnings: vec!["an ignore expired".into()],
        stats: ScanStats {
            files: 2,
            objects: 1,
            skipped_documents: 0,
            suppressed: 0,
        },
    }
}

fn render(format: Format, result: &ScanResult) -> String {
    let rules = [&RULE];
    let cx = ReportContext {
        rules: &rules,
        tool_version: "0.1.0",
        color: false,
    };
    let mut out = Vec::new();
    write(format, result, &cx, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn validate(schema_path: &Path, doc: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} violations:\n{}",
        schema_path.display(),
        errors.join("\n")
    );
}

fn shared_schema(name: &str) -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/schemas")
        .join(name);
    p.is_file().then_some(p)
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let text = render(Format::Sarif, &sample());
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(run["results"][0]["ruleId"], "K8S001");
    assert_eq!(run["results"][0]["ruleIndex"], 0);
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "k8s/my%20app.yaml"
    );
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        19
    );
    assert_eq!(
        run["results"][0]["partialFingerprints"]["palisadeFingerprint/v1"],
        "0123456789abcdef0123456789abcdef"
    );
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["properties"]["security-severity"],
        "9.5"
    );
    assert!(run["tool"]["driver"]["rules"][0]["help"]["markdown"]
        .as_str()
        .unwrap()
        .starts_with("## What it checks"));
    match shared_schema("sarif-schema-2.1.0.json") {
        Some(schema) => {
            validate(&schema, &doc);
            // The validator must be able to fail: a wrong version is rejected.
            let mut broken = doc.clone();
            broken["version"] = "2.0".into();
            let compiled = jsonschema::validator_for(
                &serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap(),
            )
            .unwrap();
            assert!(!compiled.is_valid(&broken));
        }
        None => eprintln!("shared/schemas not found; SARIF schema validation skipped"),
    }
}

#[test]
fn sarif_of_a_clean_scan_is_valid() {
    let text = render(Format::Sarif, &ScanResult::default());
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 0);
    if let Some(schema) = shared_schema("sarif-schema-2.1.0.json") {
        validate(&schema, &doc);
    }
}

#[test]
fn json_matches_the_published_schema() {
    let text = render(Format::Json, &sample());
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["findings"][0]["severity"], "critical");
    assert_eq!(doc["findings"][0]["location"]["line"], 19);
    assert_eq!(doc["errors"][0]["path"], "bad.yaml");
    assert_eq!(doc["summary"]["bySeverity"]["critical"], 1);
    validate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/output.schema.json"),
        &doc,
    );
}

#[test]
fn junit_escapes_and_counts() {
    let text = render(Format::Junit, &sample());
    assert!(text.starts_with("<?xml"));
    assert!(
        text.contains("tests=\"2\" failures=\"1\" errors=\"1\""),
        "{text}"
    );
    assert!(text.contains("runs privileged &lt;&amp;&gt;"));
    assert!(
        !text.contains('\u{1}'),
        "control characters must be dropped"
    );
    assert_eq!(
        text.matches("<testsuite ").count(),
        text.matches("</testsuite>").count()
    );
    let clean = render(Format::Junit, &ScanResult::default());
    assert!(clean.contains("tests=\"1\" failures=\"0\""));
}

#[test]
fn table_groups_by_file_and_object() {
    let text = render(Format::Table, &sample());
    assert!(
        text.starts_with("./k8s/my app.yaml\n  Deployment/shop/api\n"),
        "{text}"
    );
    assert!(
        text.contains("19:25  CRITICAL K8S001  container `api` runs privileged"),
        "{text}"
    );
    assert!(text.contains("error: bad.yaml:3:1: invalid YAML"), "{text}");
    assert!(
        text.contains("Summary: 1 finding (1 critical) in 2 files, 1 object; 1 input error"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes when colour is off"
    );
}
