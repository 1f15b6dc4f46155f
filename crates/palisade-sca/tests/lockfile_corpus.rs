//! Every lockfile of a supported format in `shared/corpus/osv/lockfiles` (per its
//! INDEX.tsv) parses; the deliberately invalid fixtures fail with a line number.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use palisade_sca::lockfile::{self, Format};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/osv/lockfiles")
}

fn format_of(index_format: &str) -> Option<Format> {
    Some(match index_format {
        "Cargo.lock" => Format::CargoLock,
        f if f.starts_with("package-lock.json") => Format::PackageLock,
        f if f.starts_with("yarn.lock") => Format::YarnLock,
        "pnpm-lock.yaml" => Format::PnpmLock,
        "requirements.txt" => Format::Requirements,
        "poetry.lock" => Format::PoetryLock,
        "Pipfile.lock" => Format::PipfileLock,
        "uv.lock" => Format::UvLock,
        "pdm.lock" => Format::PdmLock,
        "go.mod" => Format::GoMod,
        "Gemfile.lock" => Format::GemfileLock,
        "composer.lock" => Format::ComposerLock,
        "pom.xml" => Format::PomXml,
        "gradle.lockfile" => Format::GradleLockfile,
        "packages.lock.json (NuGet)" => Format::NugetLock,
        "mix.lock" => Format::MixLock,
        "pubspec.lock" => Format::PubspecLock,
        _ => return None,
    })
}

/// Fixtures that are invalid on purpose (by their upstream names and contents).
const INVALID: &[&str] = &[
    "cargolock/testdata/not-toml.txt",
    "cargo/testdata/cargo_invalid.lock",
    "pipfilelock/testdata/empty-file",
    "pipfilelock/testdata/not-json.txt",
    "composerlock/testdata/not-json.txt",
    "composerlock/testdata/null.jsontest",
    "locks-many-with-invalid/composer.lock",
    "gomod/testdata/not-go-mod.mod",
    "gradlelockfile/testdata/with-bad-pkg",
    "packageslockjson/testdata/invalid/invalid",
    "pdmlock/testdata/not-toml.txt",
    "pomxml/testdata/invalid-syntax.xml",
    "pomxml/testdata/not-pom.txt",
    "pubspec/testdata/not-yaml.txt",
    "pub/testdata/broken.lock",
    "uvlock/testdata/not-toml.txt",
];

/// Files the INDEX heuristic put under a lockfile format that are something else: Trivy's
/// vulnerability-DB fixture, Maven settings and repository metadata, txtar archives and
/// an osv-scanner config. They must be rejected (with a line), not parsed as lockfiles.
const NOT_LOCKFILES: &[&str] = &[
    "integration/fixtures/db/composer.yaml",
    "maven-transitive/osv-scanner.toml",
    ".txtar",
    "maven-metadata.xml",
    "settings.xml",
];

#[test]
fn every_supported_corpus_lockfile_parses() {
    let root = root();
    let Ok(index) = std::fs::read_to_string(root.join("INDEX.tsv")) else {
        eprintln!("skipping: {} not found", root.display());
        return;
    };
    let mut stats: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut invalid_ok = Vec::new();
    for line in index.lines().filter(|l| !l.starts_with('#')) {
        let Some((fmt, rel)) = line.split_once('\t') else {
            continue;
        };
        let Some(format) = format_of(fmt) else {
            continue;
        };
        if rel.ends_with(".golden") || rel.ends_with(".out.txt") || rel.ends_with(".snap") {
            continue;
        }
        let path = root.join(rel);
        let result = lockfile::parse_file(format, &path);
        let s = stats.entry(format!("{format:?}")).or_default();
        s.0 += 1;
        let expected_invalid = INVALID
            .iter()
            .chain(NOT_LOCKFILES)
            .any(|i| rel.ends_with(i));
        match result {
            Ok(pkgs) => {
                s.1 += pkgs.len();
                if expected_invalid {
                    invalid_ok.push(rel.to_string());
                }
            }
            Err(e) => {
                s.2 += 1;
                eprintln!("error {rel}: {e}");
                if !expected_invalid {
                    unexpected.push(format!("{rel}: {e}"));
                }
                assert!(e.line.is_some(), "{rel}: error without a line: {e}");
            }
        }
    }
    for (f, (files, pkgs, errs)) in &stats {
        eprintln!("  {f:<15} {files:>4} files {pkgs:>6} packages {errs:>3} invalid");
    }
    assert!(stats.values().map(|s| s.0).sum::<usize>() > 300);
    assert!(
        invalid_ok.is_empty(),
        "invalid fixtures that parsed: {invalid_ok:?}"
    );
    assert!(
        unexpected.is_empty(),
        "{} files failed: {unexpected:#?}",
        unexpected.len()
    );
}

/// Where we deliberately count fewer packages than osv-detector, and why.
const FEWER_THAN_OSV_DETECTOR: &[(&str, usize, &str)] = &[
    (
        "1-Gemfile.lock",
        1,
        "one gem from a GIT section, not from RubyGems",
    ),
    (
        "1-composer.lock",
        5,
        "five `dev-<branch>` versions, which no advisory range can order",
    ),
    ("2-composer.lock", 1, "one `dev-<branch>` version"),
    (
        "3-yarn.lock",
        4,
        "the workspace root, and three `patch:` entries that repeat a listed name and version",
    ),
];

/// osv-detector's end-to-end outputs say how many packages each large real-world
/// lockfile holds (`found N packages`).
#[test]
fn package_counts_match_osv_detector() {
    let dir = root().join("osv-detector-e2e");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let mut checked = 0;
    let mut mismatches = Vec::new();
    let mut names: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    names.sort();
    for out in names
        .iter()
        .filter(|p| p.to_str().unwrap().ends_with(".out.txt"))
    {
        let lock = PathBuf::from(out.to_str().unwrap().trim_end_matches(".out.txt"));
        let file = lock.file_name().unwrap().to_str().unwrap();
        let real = file.split_once('-').unwrap().1;
        let Some(format) = Format::detect(Path::new(real)) else {
            continue;
        };
        let text = std::fs::read_to_string(out).unwrap();
        let want: usize = text
            .lines()
            .find_map(|l| l.split(": found ").nth(1))
            .and_then(|s| s.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        let got = lockfile::parse_file(format, &lock).unwrap().len();
        let fewer = FEWER_THAN_OSV_DETECTOR
            .iter()
            .find(|(f, _, _)| *f == file)
            .map_or(0, |(_, n, _)| *n);
        let want = want - fewer;
        eprintln!("  {file:<22} want {want:>5} got {got:>5}");
        checked += 1;
        if got != want {
            mismatches.push(format!("{file}: want {want}, got {got}"));
        }
    }
    assert!(checked >= 15);
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

/// Hostile and damaged input: every supported corpus lockfile cut at a third and at two
/// thirds of its length (a download or checkout cut short) must not panic, and any error
/// must carry a line number.
#[test]
fn truncated_lockfiles_never_panic_and_errors_have_lines() {
    let root = root();
    let Ok(index) = std::fs::read_to_string(root.join("INDEX.tsv")) else {
        eprintln!("skipping: corpus absent");
        return;
    };
    let mut cases = 0;
    let mut errors = 0;
    for line in index.lines().filter(|l| !l.starts_with('#')) {
        let Some((fmt, rel)) = line.split_once('\t') else {
            continue;
        };
        let Some(format) = format_of(fmt) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(root.join(rel)) else {
            continue;
        };
        for cut in [bytes.len() / 3, 2 * bytes.len() / 3] {
            let part = &bytes[..cut];
            let r = std::panic::catch_unwind(|| lockfile::parse(format, &root.join(rel), part));
            let r = r.unwrap_or_else(|_| panic!("{rel} cut at {cut} bytes: parser panicked"));
            cases += 1;
            if let Err(e) = r {
                errors += 1;
                assert!(
                    e.line.is_some(),
                    "{rel} cut at {cut}: error without a line: {e}"
                );
            }
        }
    }
    eprintln!(
        "{cases} truncated files, {errors} rejected with a line, the rest read as far as they go"
    );
    assert!(cases > 600);
}
