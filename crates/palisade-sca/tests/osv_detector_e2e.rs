//! End to end against another scanner: osv-detector's outputs for its large real-world
//! lockfiles (`lockfiles/osv-detector-e2e/*.out.txt`) list the vulnerabilities it found
//! with the live OSV database of its day. Ours is built from the corpus, which holds only
//! some of those advisories (PyPI as of 2024-10, npm/Maven samples), so the check is: every
//! vulnerability osv-detector reported that our database knows for that package (as an id
//! or alias, not withdrawn) we report too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use palisade_sca::db::Database;
use palisade_sca::fetch;
use palisade_sca::lockfile::{self, Format};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/osv")
}

/// Reported by osv-detector with the data of its day; the records in the corpus were revised
/// since (checked by reading them), so our "not affected" follows the current record.
const REVISED: &[(&str, &str, &str)] = &[
    (
        "glob-parent@3.1.0",
        "GHSA-ww39-953v-wcq6",
        "the record now says introduced 4.0.0 (modified 2025-01-14)",
    ),
    (
        "node-fetch@1.7.3",
        "GHSA-w7rc-rwvf-8q5r",
        "the record now says introduced 2.0.0 (and 3.0.0-beta.1)",
    ),
];

#[test]
fn every_reported_vulnerability_our_database_knows_is_found() {
    let root = corpus();
    if !root.is_dir() {
        eprintln!("skipping: corpus absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("osv.db");
    fetch::import_from(root.join("advisories").to_str().unwrap(), &db_path, &|_| {}).unwrap();
    let db = Database::open(&db_path).unwrap();
    let e2e = root.join("lockfiles/osv-detector-e2e");
    let mut outs: Vec<PathBuf> = std::fs::read_dir(&e2e)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".out.txt"))
        .collect();
    outs.sort();
    let (mut expected_known, mut unknown) = (0, 0);
    let mut missed = Vec::new();
    for out in outs {
        let lock = PathBuf::from(out.to_string_lossy().trim_end_matches(".out.txt"));
        let real = lock
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .split_once('-')
            .unwrap()
            .1
            .to_string();
        let format = Format::detect(Path::new(&real)).unwrap();
        let packages = lockfile::parse_file(format, &lock).unwrap();
        // (package@version lowercased, id) pairs osv-detector reported.
        let mut reported = BTreeSet::new();
        let mut pkg: Option<String> = None;
        for l in std::fs::read_to_string(&out).unwrap().lines() {
            if let Some(p) = l
                .strip_prefix("  ")
                .and_then(|r| r.strip_suffix(" is affected by the following vulnerabilities:"))
            {
                pkg = Some(p.to_lowercase());
            } else if let (Some(p), Some(id)) = (
                &pkg,
                l.strip_prefix("    ").and_then(|r| r.split(':').next()),
            ) {
                reported.insert((p.clone(), id.to_string()));
            }
        }
        for (p, id) in reported {
            let (name, version) = p.rsplit_once('@').unwrap();
            let Some(pk) = packages.iter().find(|x| {
                x.name.to_lowercase() == name
                    && x.version.to_lowercase().trim_start_matches('v')
                        == version.trim_start_matches('v')
            }) else {
                missed.push(format!("{real}: {p} not among our packages"));
                continue;
            };
            let known = db
                .advisories(&pk.ecosystem, &pk.name)
                .unwrap()
                .iter()
                .any(|a| a.id == id || a.aliases.contains(&id));
            if !known {
                unknown += 1;
                continue;
            }
            expected_known += 1;
            let found = db
                .match_package(&pk.ecosystem, &pk.name, &pk.version)
                .unwrap()
                .iter()
                .any(|m| m.id == id || m.aliases.contains(&id));
            if !found && !REVISED.iter().any(|(rp, rid, _)| *rp == p && *rid == id) {
                missed.push(format!("{real}: {p} {id}"));
            }
        }
    }
    eprintln!(
        "{expected_known} reported vulnerabilities our database knows, {unknown} it does not hold"
    );
    assert!(
        expected_known > 50,
        "expected a real overlap, got {expected_known}"
    );
    assert!(missed.is_empty(), "missed: {missed:#?}");
}
