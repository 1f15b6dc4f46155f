//! Every rule has a fixture that must trigger it (`fail.yaml`, snapshotted) and one that
//! must not (`pass.yaml`), under `tests/fixtures/<RULE-ID>/`. A rule without them fails here.

use std::collections::HashSet;
use std::path::Path;

use palisade_rules::{all, run, Settings};

fn findings_for(id: &str, file: &Path) -> Vec<palisade_core::Finding> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let shown = format!(
        "fixtures/{id}/{}",
        file.file_name().unwrap().to_string_lossy()
    );
    let loaded = palisade_k8s::load_str(&shown, &text);
    assert!(loaded.errors.is_empty(), "{shown}: {:?}", loaded.errors);
    let mut out = run(&loaded.objects, &Settings::default(), &|m| m.id == id).findings;
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, &a.title).cmp(&(
            b.location.line,
            b.location.column,
            &b.title,
        ))
    });
    out
}

fn render(findings: &[palisade_core::Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} [{}] {} ({})\n",
                f.location.path,
                f.location.line,
                f.location.column,
                f.rule,
                f.severity,
                f.title,
                f.location.field.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn every_rule_triggers_on_its_fail_fixture_and_not_on_its_pass_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in all() {
        let id = rule.meta().id;
        let dir = root.join(id);
        let fail = dir.join("fail.yaml");
        let pass = dir.join("pass.yaml");
        assert!(
            fail.is_file() && pass.is_file(),
            "rule {id} needs tests/fixtures/{id}/fail.yaml and pass.yaml"
        );
        let bad = findings_for(id, &fail);
        assert!(
            !bad.is_empty(),
            "rule {id} did not trigger on its fail fixture"
        );
        insta::assert_snapshot!(id, render(&bad));
        let good = findings_for(id, &pass);
        assert!(
            good.is_empty(),
            "rule {id} triggered on its pass fixture:\n{}",
            render(&good)
        );
    }
}

#[test]
fn rule_ids_are_unique_and_documented_in_every_section() {
    let mut seen = HashSet::new();
    for rule in all() {
        let m = rule.meta();
        for id in std::iter::once(m.id).chain(m.aliases.iter().copied()) {
            assert!(
                seen.insert(id.to_ascii_uppercase()),
                "duplicate rule id or alias {id}"
            );
        }
        for section in [
            "## What it checks",
            "## Why it matters",
            "## How to fix",
            "## References",
        ] {
            assert!(
                m.doc.contains(section),
                "rule {} lacks the doc section `{section}`",
                m.id
            );
        }
        assert!(
            !m.summary.is_empty() && !m.remediation.is_empty(),
            "rule {} lacks summary/remediation",
            m.id
        );
    }
}

/// A silent rename or removal of a rule id breaks users' ignores and baselines: the full
/// list is snapshotted so any change is deliberate.
#[test]
fn rule_id_list_is_stable() {
    let list: String = all()
        .iter()
        .map(|r| {
            let m = r.meta();
            format!("{} {} {} {}\n", m.id, m.name, m.severity, m.tags.join(","))
        })
        .collect();
    insta::assert_snapshot!("rule_ids", list);
}

/// `docs/rules.md` is generated from the rules' doc comments and must not go stale.
#[test]
fn rule_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let fresh = palisade_rules::docs::reference_markdown();
    if std::env::var_os("PALISADE_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "docs/rules.md is stale: run PALISADE_UPDATE_DOCS=1 cargo test -p palisade-rules --test rules"
    );
}
