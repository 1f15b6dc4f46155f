//! Every detector has a fixture that must trigger it (`fail.*`, snapshotted) and one that
//! must trigger nothing at all (`pass.*`), under `tests/fixtures/<ID>/`. A detector without
//! them fails here, as does one whose documentation lacks a section.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use palisade_core::Finding;
use palisade_secrets::{all, Scanner, Target};

fn fixture(dir: &Path, stem: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n == stem || n.starts_with(&format!("{stem}.")))
        })
}

fn scan(id: &str, file: &Path) -> Vec<Finding> {
    let bytes = std::fs::read(file).unwrap();
    let shown = format!("{id}/{}", file.file_name().unwrap().to_string_lossy());
    Scanner::default_scanner().scan(
        &Target {
            shown: &shown,
            repo_path: &shown,
        },
        &bytes,
    )
}

fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} [{}] {} | {}\n",
                f.location.path,
                f.location.line,
                f.location.column,
                f.rule,
                f.severity,
                f.title,
                f.evidence.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn every_detector_triggers_on_its_fail_fixture_and_nothing_triggers_on_its_pass_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut problems = Vec::new();
    for d in all() {
        let id = d.meta.id;
        let dir = root.join(id);
        let (Some(fail), Some(pass)) = (fixture(&dir, "fail"), fixture(&dir, "pass")) else {
            problems.push(format!("{id}: needs tests/fixtures/{id}/fail.* and pass.*"));
            continue;
        };
        let mine: Vec<Finding> = scan(id, &fail)
            .into_iter()
            .filter(|f| f.rule == id)
            .collect();
        if mine.is_empty() {
            problems.push(format!("{id}: did not trigger on {}", fail.display()));
        } else {
            insta::assert_snapshot!(id, render(&mine));
        }
        let wrong = scan(id, &pass);
        if !wrong.is_empty() {
            problems.push(format!(
                "{id}: its pass fixture triggered:\n{}",
                render(&wrong)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn detector_ids_are_unique_documented_and_compile() {
    let mut seen = HashSet::new();
    for d in all() {
        let m = &d.meta;
        assert!(seen.insert(m.id), "duplicate id {}", m.id);
        assert!(
            m.id.starts_with("SEC") && m.id.len() == 6,
            "bad id {}",
            m.id
        );
        assert_eq!(m.family, "secrets");
        for section in [
            "## What it checks",
            "## Why it matters",
            "## How to fix",
            "## References",
        ] {
            assert!(m.doc.contains(section), "{} lacks `{section}`", m.id);
        }
        assert!(!d.spec.keywords.is_empty(), "{} has no keyword", m.id);
        for k in d.spec.keywords {
            assert_eq!(
                *k,
                k.to_ascii_lowercase(),
                "{}: keywords are lowercase",
                m.id
            );
        }
        if d.spec.custom.is_none() {
            let _ = d.regex();
        }
    }
}

/// A silent rename or removal of a detector id breaks users' ignores and baselines.
#[test]
fn detector_id_list_is_stable() {
    let list: String = all()
        .iter()
        .map(|d| format!("{} {} {}\n", d.meta.id, d.meta.name, d.meta.severity))
        .collect();
    insta::assert_snapshot!("detector_ids", list);
}
