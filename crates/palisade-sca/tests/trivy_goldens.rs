//! Cross-check with another scanner: Trivy's integration goldens
//! (`lockfiles/trivy/integration/golden/*.json.golden`) list, for one small project per
//! format, every package Trivy found (name, version, line, direct/indirect, purl) and the
//! vulnerable packages it reported. We parse the same fixture lockfiles and compare.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use palisade_sca::finding::purl;
use palisade_sca::lockfile::{self, Format};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/osv/lockfiles/trivy/integration")
}

/// golden file → fixture directory.
const CASES: &[(&str, &str)] = &[
    ("cargo.lock.json.golden", "cargo"),
    ("composer.lock.json.golden", "composer"),
    ("gomod.json.golden", "gomod"),
    ("gradle.json.golden", "gradle"),
    ("mix.lock.json.golden", "mixlock"),
    ("npm.json.golden", "npm"),
    ("nuget.json.golden", "nuget"),
    ("pip.json.golden", "pip"),
    ("pipenv.json.golden", "pipenv"),
    ("pnpm.json.golden", "pnpm"),
    ("poetry.json.golden", "poetry"),
    ("pom.json.golden", "pom"),
    ("pubspec.lock.json.golden", "pubspec"),
    ("uv.json.golden", "uv"),
    ("yarn.json.golden", "yarn"),
    ("test-repo.json.golden", "trivy-ci-test"),
];

#[test]
fn packages_lines_and_vulnerable_packages_agree_with_trivy() {
    let root = root();
    if !root.is_dir() {
        eprintln!("skipping: corpus absent");
        return;
    }
    let mut problems = Vec::new();
    let mut compared = 0;
    for (golden, dir) in CASES {
        let g: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("golden").join(golden)).unwrap(),
        )
        .unwrap();
        for result in g["Results"].as_array().unwrap() {
            let target = result["Target"].as_str().unwrap();
            let path = root.join("fixtures/repo").join(dir).join(target);
            let Some(format) = Format::detect(&path) else {
                continue;
            };
            let ours = lockfile::parse_file(format, &path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let find = |name: &str, version: &str| {
                ours.iter().find(|p| {
                    (p.name == name
                        || p.ecosystem.normalize_name(&p.name) == p.ecosystem.normalize_name(name))
                        && p.version.trim_start_matches('v') == version.trim_start_matches('v')
                })
            };
            // Every vulnerable package Trivy reported is one we list.
            for v in result["Vulnerabilities"].as_array().into_iter().flatten() {
                let (n, ver) = (
                    v["PkgName"].as_str().unwrap(),
                    v["InstalledVersion"].as_str().unwrap(),
                );
                compared += 1;
                if find(n, ver).is_none() {
                    problems.push(format!(
                        "{golden} {target}: vulnerable {n}@{ver} not listed by us"
                    ));
                }
            }
            let Some(pkgs) = result["Packages"].as_array() else {
                continue;
            };
            let mut theirs = BTreeSet::new();
            for p in pkgs {
                let (n, ver) = (p["Name"].as_str().unwrap(), p["Version"].as_str().unwrap());
                let rel = p["Relationship"].as_str().unwrap_or("");
                if rel == "root" || rel == "workspace" {
                    continue; // the project itself: not a dependency
                }
                theirs.insert(format!("{n}@{ver}"));
                compared += 1;
                let Some(ours) = find(n, ver) else {
                    problems.push(format!(
                        "{golden} {target}: {n}@{ver} ({rel}) not listed by us"
                    ));
                    continue;
                };
                if let Some(line) = p["Locations"][0]["StartLine"].as_u64() {
                    if u64::from(ours.line) != line {
                        problems.push(format!(
                            "{golden} {target}: {n}@{ver} at line {} by us, {line} by Trivy",
                            ours.line
                        ));
                    }
                }
                match (rel, ours.direct) {
                    ("direct", Some(false)) | ("indirect", Some(true)) => problems.push(format!(
                        "{golden} {target}: {n}@{ver} is {rel} for Trivy, direct={:?} for us",
                        ours.direct
                    )),
                    _ => {}
                }
                if let Some(tp) = p["Identifier"]["PURL"].as_str() {
                    let mine = purl(&ours.ecosystem, &ours.name, &ours.version).unwrap_or_default();
                    if !tp.eq_ignore_ascii_case(&mine) {
                        problems.push(format!(
                            "{golden} {target}: purl {mine} by us, {tp} by Trivy"
                        ));
                    }
                }
            }
            for p in &ours {
                if !theirs.contains(&format!("{}@{}", p.name, p.version)) && !theirs.is_empty() {
                    eprintln!(
                        "note: {golden} {target}: we also list {}@{} (line {})",
                        p.name, p.version, p.line
                    );
                }
            }
        }
    }
    for p in &problems {
        eprintln!("DIFF {p}");
    }
    eprintln!("{compared} packages compared");
    assert!(compared > 60);
    assert!(problems.is_empty(), "{} differences", problems.len());
}
