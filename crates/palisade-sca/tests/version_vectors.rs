//! Walks every file under `shared/corpus/osv/version-vectors` and checks that our
//! orderings agree with each vector, 100%. Prints the count per scheme.
//!
//! npm range files (`range-include.json`, `range-exclude.json`) test node-semver *ranges*,
//! which OSV matching never uses (OSV ranges are event lists) but `package.json` does;
//! they are checked against [`npm_range::satisfies`].

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use palisade_sca::version::{
    self, go, npm_range, pep440::Pep440, semver::Ident, semver::SemVer, Scheme, Version,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/osv/version-vectors")
}

#[derive(Default)]
struct Tally {
    counts: BTreeMap<String, usize>,
    failures: Vec<String>,
    skipped: Vec<String>,
    /// Maven 3.8.7 answers we knowingly differ from (tests/data/maven-3.8.7-vs-3.9.tsv):
    /// (A, B) → our operator.
    maven_known: BTreeMap<(String, String), String>,
    known_hits: usize,
}

impl Tally {
    /// True when (a, b) is a listed Maven 3.8.7-vs-3.9 difference and we give the listed
    /// 3.9 answer.
    fn known_maven(&mut self, label: &str, a: &str, b: &str, got: Ordering) -> bool {
        if label != "Maven" {
            return false;
        }
        let hit = self
            .maven_known
            .get(&(a.to_string(), b.to_string()))
            .is_some_and(|op| op == op_of(got));
        if hit {
            self.known_hits += 1;
        }
        hit
    }
}

impl Tally {
    fn check(&mut self, scheme: &str, ok: bool, what: impl FnOnce() -> String) {
        *self.counts.entry(scheme.to_string()).or_default() += 1;
        if !ok {
            self.failures.push(format!("[{scheme}] {}", what()));
        }
    }
}

fn op_of(o: Ordering) -> &'static str {
    match o {
        Ordering::Less => "<",
        Ordering::Equal => "=",
        Ordering::Greater => ">",
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
        .map(str::to_string)
        .collect()
}

/// `A OP B` lines.
fn pairs(t: &mut Tally, label: &str, scheme: Scheme, path: &Path) {
    for line in lines(path) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let Some(i) = parts.iter().position(|p| matches!(*p, "<" | "=" | ">")) else {
            t.failures
                .push(format!("{}: unreadable line {line:?}", path.display()));
            continue;
        };
        let a = parts[..i].join(" ");
        let b = parts[i + 1..].join(" ");
        let got = version::compare(scheme, &a, &b);
        let back = version::compare(scheme, &b, &a);
        if t.known_maven(label, &a, &b, got) && back == got.reverse() {
            continue;
        }
        t.check(
            label,
            op_of(got) == parts[i] && back == got.reverse(),
            || {
                format!(
                    "{a} {} {b}: got {} (reverse {})",
                    parts[i],
                    op_of(got),
                    op_of(back)
                )
            },
        );
        // `canonical` must agree with equality (it is how `versions` lists are matched).
        if CANONICAL.contains(&scheme) {
            let (ca, cb) = (
                version::canonical(scheme, &a),
                version::canonical(scheme, &b),
            );
            if (ca == cb) != (got == Ordering::Equal) {
                t.failures.push(format!(
                    "[{label}] canonical {a} -> {ca}, {b} -> {cb}, but {a} {} {b}",
                    op_of(got)
                ));
            }
        }
    }
}

/// Schemes whose `canonical` form is more than the trimmed text.
const CANONICAL: [Scheme; 6] = [
    Scheme::Pep440,
    Scheme::SemVer,
    Scheme::Go,
    Scheme::NuGet,
    Scheme::Maven,
    Scheme::RubyGems,
];

/// One version per line, ascending; equal neighbours allowed unless `strict`.
fn sorted(t: &mut Tally, label: &str, scheme: Scheme, path: &Path, strict: bool) {
    let vs = lines(path);
    for w in vs.windows(2) {
        let got = version::compare(scheme, &w[0], &w[1]);
        if t.known_maven(label, &w[0], &w[1], got) {
            continue;
        }
        let ok = got == Ordering::Less || (!strict && got == Ordering::Equal);
        t.check(label, ok, || {
            format!("{} then {}: got {}", w[0], w[1], op_of(got))
        });
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn scheme_of_scalibr(file: &str) -> Option<Scheme> {
    let eco = file.split('-').next()?;
    Some(match eco {
        "semver" => Scheme::SemVer,
        "pypi" => Scheme::Pep440,
        "debian" => Scheme::Dpkg,
        "alpine" => Scheme::Apk,
        "rubygems" => Scheme::RubyGems,
        "maven" => Scheme::Maven,
        "nuget" => Scheme::NuGet,
        "packagist" => Scheme::Packagist,
        "pub" => Scheme::Pub,
        "cran" => Scheme::Cran,
        "hackage" => Scheme::Hackage,
        "redhat" => Scheme::Rpm,
        _ => return None,
    })
}

fn scheme_of_real_world(eco: &str) -> Option<Scheme> {
    Some(match eco {
        "Debian" | "Ubuntu" => Scheme::Dpkg,
        "Maven" => Scheme::Maven,
        "PyPI" => Scheme::Pep440,
        "RubyGems" => Scheme::RubyGems,
        "crates.io" | "npm" => Scheme::SemVer,
        _ => return None,
    })
}

fn ident_json(i: &Ident) -> serde_json::Value {
    match i {
        Ident::Num(n) => serde_json::json!(n.parse::<u64>().unwrap()),
        Ident::Alpha(s) => serde_json::json!(s),
    }
}

fn check_file(t: &mut Tally, dir: &str, name: &str, path: &Path) {
    let label = |s: Scheme| format!("{s:?}");
    match (dir, name) {
        ("osv-scalibr-semantic", "maven-3.8.7-disagreements.tsv") => {
            // Documentation of where Maven 3.8.7 differs from the 3.9 rules we follow: we
            // must give the scalibr (3.9) answer for each.
            for line in lines(path) {
                let f: Vec<&str> = line.split('\t').collect();
                let got = version::compare(Scheme::Maven, f[1], f[3]);
                t.check("Maven", op_of(got) == f[2], || {
                    format!("3.9 rule {line}: got {}", op_of(got))
                });
            }
        }
        ("osv-scalibr-semantic", n) => match scheme_of_scalibr(n) {
            Some(s) => pairs(t, &label(s), s, path),
            None => t.failures.push(format!("no scheme for {n}")),
        },
        ("osv.dev-alpine", "valid_versions.txt") => {
            for v in lines(path) {
                t.check("Apk", version::is_valid(Scheme::Apk, &v), || {
                    format!("{v} should be valid")
                });
            }
        }
        ("osv.dev-alpine", "invalid_versions.txt") => {
            for v in lines(path) {
                t.check("Apk", !version::is_valid(Scheme::Apk, &v), || {
                    format!("{v} should be invalid")
                });
            }
        }
        ("pep440-pypa-packaging", "sorted-versions.txt") => {
            sorted(t, "Pep440", Scheme::Pep440, path, true)
        }
        ("pep440-pypa-packaging", "pairs.txt") => pairs(t, "Pep440", Scheme::Pep440, path),
        ("pep440-pypa-packaging", "normalization.json") => {
            for c in json(path)["cases"].as_array().unwrap() {
                let input = c["input"].as_str().unwrap();
                let want = c["normalized"].as_str().unwrap();
                let got = Pep440::parse_strict(input).map(|v| v.to_string());
                t.check("Pep440", got.as_deref() == Some(want), || {
                    format!("normalize {input:?}: want {want}, got {got:?}")
                });
            }
        }
        ("pep440-pypa-packaging", "invalid-versions.json") => {
            for v in json(path)["invalid"].as_array().unwrap() {
                let v = v.as_str().unwrap();
                t.check("Pep440", Pep440::parse_strict(v).is_none(), || {
                    format!("{v:?} should be invalid")
                });
            }
        }
        ("pep440-pypa-packaging", "specifier-contains.tsv") => {
            for line in lines(path) {
                let f: Vec<&str> = line.split('\t').collect();
                let got = version::pep440::specifier_contains(f[1], f[0]);
                let want = f[2] == "true";
                t.check("Pep440", got == Some(want), || {
                    format!("{} in {}: want {want}, got {got:?}", f[0], f[1])
                });
            }
        }
        ("npm-node-semver", "comparisons.json") => {
            for c in json(path)["cases"].as_array().unwrap() {
                let (a, b) = (c[0].as_str().unwrap(), c[1].as_str().unwrap());
                let got = version::compare(Scheme::SemVer, a, b);
                t.check("SemVer", got == Ordering::Greater, || {
                    format!("{a} > {b}: got {}", op_of(got))
                });
            }
        }
        ("npm-node-semver", "equality.json") => {
            for c in json(path)["cases"].as_array().unwrap() {
                let (a, b) = (c[0].as_str().unwrap(), c[1].as_str().unwrap());
                let got = version::compare(Scheme::SemVer, a, b);
                t.check("SemVer", got == Ordering::Equal, || {
                    format!("{a} = {b}: got {}", op_of(got))
                });
            }
        }
        ("npm-node-semver", "valid-versions.json") => {
            for c in json(path)["cases"].as_array().unwrap() {
                let text = c[0].as_str().unwrap();
                let v = SemVer::parse(text, 3);
                let nums: Vec<serde_json::Value> = v
                    .components
                    .iter()
                    .map(|n| serde_json::json!(n.parse::<u64>().unwrap_or(u64::MAX)))
                    .collect();
                let pre: Vec<serde_json::Value> = v.pre.iter().map(ident_json).collect();
                let build: Vec<serde_json::Value> = if v.build.is_empty() {
                    vec![]
                } else {
                    v.build.split('.').map(|s| serde_json::json!(s)).collect()
                };
                let ok = nums == [c[1].clone(), c[2].clone(), c[3].clone()]
                    && serde_json::Value::Array(pre.clone()) == c[4]
                    && serde_json::Value::Array(build.clone()) == c[5];
                t.check("SemVer", ok, || {
                    format!("parse {text}: got {nums:?} {pre:?} {build:?}, want {c}")
                });
            }
        }
        ("npm-node-semver", n @ ("range-include.json" | "range-exclude.json")) => {
            let want = n == "range-include.json";
            for c in json(path)["cases"].as_array().unwrap() {
                // node-semver's fixtures include a non-string version (`false`): never satisfies.
                let (range, v) = (c[0].as_str().unwrap(), c[1].as_str());
                let o = match c.get(2) {
                    Some(serde_json::Value::Bool(b)) => npm_range::Options {
                        loose: *b,
                        include_prerelease: false,
                    },
                    Some(obj @ serde_json::Value::Object(_)) => npm_range::Options {
                        loose: obj["loose"].as_bool().unwrap_or(false),
                        include_prerelease: obj["includePrerelease"].as_bool().unwrap_or(false),
                    },
                    _ => npm_range::Options::default(),
                };
                let got = v.is_some_and(|v| npm_range::satisfies(v, range, o));
                t.check("npm range", got == want, || {
                    format!("{v:?} in {range:?} {o:?}: want {want}, got {got}")
                });
            }
        }
        ("dpkg-reference", "dpkg-pairs.txt") => pairs(t, "Dpkg", Scheme::Dpkg, path),
        ("dpkg-reference", "dpkg-sorted.txt") => sorted(t, "Dpkg", Scheme::Dpkg, path, false),
        ("dpkg-reference", "dpkg-bad-syntax.txt") => {
            for v in lines(path) {
                t.check("Dpkg", !version::is_valid(Scheme::Dpkg, &v), || {
                    format!("{v} should be invalid")
                });
            }
        }
        ("go-module-semver", "go-pairs.txt") => pairs(t, "Go", Scheme::Go, path),
        ("go-module-semver", "go-sorted.txt") => sorted(t, "Go", Scheme::Go, path, false),
        ("go-module-semver", "go-invalid.txt") => {
            for v in lines(path) {
                t.check("Go", !go::is_valid(&v), || format!("{v} should be invalid"));
            }
        }
        ("go-module-semver", "go-pseudo-versions.tsv") => {
            for line in lines(path) {
                let f: Vec<&str> = line.split('\t').collect();
                let get = |i: usize| f.get(i).copied().unwrap_or("");
                let v = get(0);
                let p = go::pseudo(v);
                let want_pseudo = get(1) == "true";
                let mut ok = p.is_some() == want_pseudo;
                if let (true, Some(p)) = (want_pseudo, &p) {
                    let ts = get(3).replace(['-', 'T', ':', 'Z'], "");
                    ok &= p.base == get(2) && p.timestamp == ts && p.rev == get(4);
                }
                ok &= go::canonical(v) == get(5)
                    && go::prerelease(v) == get(6)
                    && go::build(v) == get(7);
                t.check("Go", ok, || {
                    format!(
                        "{v}: got {p:?} canonical {} pre {} build {}; want {line}",
                        go::canonical(v),
                        go::prerelease(v),
                        go::build(v)
                    )
                });
            }
        }
        ("real-world-sorted", "PyPI-not-pep440.txt") => {
            for v in lines(path) {
                t.check("Pep440", Pep440::parse(&v).is_legacy(), || {
                    format!("{v} should be legacy")
                });
            }
        }
        ("real-world-sorted", n) => {
            let (eco, kind) = n.rsplit_once('-').unwrap();
            let Some(s) = scheme_of_real_world(eco) else {
                t.failures.push(format!("no scheme for {n}"));
                return;
            };
            if kind == "pairs.txt" {
                pairs(t, &label(s), s, path);
            } else {
                sorted(t, &label(s), s, path, false);
            }
        }
        (_, "VERIFICATION.md") => {}
        _ => t
            .failures
            .push(format!("no check for {dir}/{name}: add one")),
    }
}

#[test]
fn every_version_vector_agrees() {
    let root = root();
    if !root.is_dir() {
        eprintln!(
            "skipping: {} not found (shared corpus absent)",
            root.display()
        );
        return;
    }
    let mut t = Tally::default();
    let known = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/maven-3.8.7-vs-3.9.tsv");
    for line in lines(&known) {
        let f: Vec<&str> = line.split('\t').collect();
        t.maven_known
            .insert((f[0].to_string(), f[2].to_string()), f[3].to_string());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            for f in std::fs::read_dir(entry.path()).unwrap() {
                files.push(f.unwrap().path());
            }
        } else {
            files.push(entry.path());
        }
    }
    files.sort();
    for path in &files {
        let dir = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        check_file(&mut t, dir, name, path);
    }
    let total: usize = t.counts.values().sum();
    eprintln!("version vectors: {} files, {total} checks", files.len());
    for (scheme, n) in &t.counts {
        eprintln!("  {scheme:<10} {n}");
    }
    eprintln!(
        "  known Maven 3.8.7-vs-3.9 differences (tests/data/maven-3.8.7-vs-3.9.tsv): {} checks",
        t.known_hits
    );
    for s in &t.skipped {
        eprintln!("  skipped: {s}");
    }
    for f in t.failures.iter().take(400) {
        eprintln!("FAIL {f}");
    }
    assert!(
        total > 90_000,
        "expected the full vector set, got {total} checks"
    );
    assert!(
        t.failures.is_empty(),
        "{} of {total} vector checks disagree",
        t.failures.len()
    );
    // Every listed difference must still occur (two checks each: pair and sorted list):
    // a stale list would hide nothing, but it would mislead.
    assert_eq!(
        t.known_hits,
        2 * t.maven_known.len(),
        "stale tests/data/maven-3.8.7-vs-3.9.tsv"
    );
    let _ = Version::parse(Scheme::SemVer, "1");
}
