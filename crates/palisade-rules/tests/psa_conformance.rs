//! Agreement with the upstream Pod Security Admission conformance fixtures: every file of
//! the shared corpus copy (`/work/shared/corpus/psa/<level>/v1.37/<pass|fail>/*.yaml`) is
//! evaluated at its level with `level_rules(level, v1.37)`. A `pass/` file must produce no
//! finding, a `fail/` file at least one.

use std::path::{Path, PathBuf};

use palisade_rules::pss::{level_rules, Level, CHECKS};
use palisade_rules::{run, PssVersion, Settings};

/// Files in the v1.37 corpus copy (see the corpus README): 49 baseline + 99 restricted.
const EXPECTED_FIXTURES: usize = 148;

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/psa")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Rule ids that report a finding for `file` at `level` and `version`, with the titles.
fn verdict(file: &Path, level: Level, version: PssVersion) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let loaded = palisade_k8s::load_str(&file.display().to_string(), &text);
    assert!(
        loaded.errors.is_empty(),
        "{}: {:?}",
        file.display(),
        loaded.errors
    );
    assert_eq!(
        loaded.objects.len(),
        1,
        "{}: one Pod expected",
        file.display()
    );
    let rules = level_rules(level, version);
    let settings = Settings {
        pss_version: version,
    };
    run(&loaded.objects, &settings, &|m| rules.contains(&m.id))
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.title))
        .collect()
}

/// The rule a `fail/` fixture is about: its file name is the lower-cased upstream check id
/// and an index.
fn expected_rule(file_name: &str, level: Level, version: PssVersion) -> &'static str {
    let stem = file_name.trim_end_matches(".yaml");
    let prefix = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    let check = CHECKS
        .iter()
        .find(|c| c.upstream.to_ascii_lowercase() == prefix)
        .unwrap_or_else(|| panic!("{file_name}: no check named `{prefix}`"));
    let rules = level_rules(level, version);
    if rules.contains(&check.id) {
        return check.id;
    }
    CHECKS
        .iter()
        .find(|c| c.overrides == Some(check.id) && rules.contains(&c.id))
        .unwrap_or_else(|| panic!("{file_name}: {} is not part of {level}", check.id))
        .id
}

#[test]
fn every_corpus_fixture_agrees_with_upstream_at_v1_37() {
    let root = corpus_root();
    if !root.is_dir() {
        eprintln!(
            "skipping PSA conformance: corpus not found at {} (it exists in CI)",
            root.display()
        );
        return;
    }
    let version = PssVersion::parse("v1.37").expect("valid version");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);

    let mut evaluated = 0;
    let mut disagreements = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&root).expect("under the corpus root");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let [level, folder, expect, name] = parts.as_slice() else {
            panic!("unexpected corpus path {}", rel.display());
        };
        assert_eq!(
            folder,
            "v1.37",
            "{}: only v1.37 is in the corpus",
            rel.display()
        );
        let level = match level.as_str() {
            "baseline" => Level::Baseline,
            "restricted" => Level::Restricted,
            other => panic!("{}: unknown level {other}", rel.display()),
        };
        let found = verdict(file, level, version);
        evaluated += 1;
        match expect.as_str() {
            "pass" if !found.is_empty() => disagreements.push(format!(
                "{}: expected allowed, got {found:?}",
                rel.display()
            )),
            "fail" if found.is_empty() => disagreements.push(format!(
                "{}: expected denied, got no finding",
                rel.display()
            )),
            "fail" => {
                // Denied, and for the right reason: the check the fixture is named after, or
                // the restricted check that replaces it at this level.
                let expected = expected_rule(name, level, version);
                if !found.iter().any(|f| f.starts_with(&format!("{expected} "))) {
                    disagreements.push(format!(
                        "{}: denied, but not by {expected}: {found:?}",
                        rel.display()
                    ));
                }
            }
            "pass" => {}
            other => panic!("{}: unknown expectation folder {other}", rel.display()),
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {evaluated} fixtures disagree with upstream:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert_eq!(
        evaluated, EXPECTED_FIXTURES,
        "the v1.37 PSA corpus should hold {EXPECTED_FIXTURES} fixtures"
    );
    eprintln!("PSA conformance: {evaluated}/{EXPECTED_FIXTURES} fixtures agree with upstream");
}
