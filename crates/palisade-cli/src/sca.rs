//! The dependency part of `palisade scan`: find lockfiles in the scanned tree, parse
//! them, match them against the offline vulnerability database, and hand findings back
//! to `scan.rs`. The logic lives in `palisade_sca`; this is wiring.
//!
//! The database rule: a scan that finds no lockfile never needs a database (manifest-only
//! users are unaffected). A scan that finds lockfiles needs one no older than
//! `--db-max-age` days; when it is missing, stale or damaged, every lockfile is reported
//! as not checked and the scan exits 1 whatever `--fail-on` says — never a silent pass —
//! unless `--skip-db` was given.

use std::io::Write;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use palisade_core::config::Config;
use palisade_core::{Finding, InputError, RuleMeta, Severity};
use palisade_sca::db::{Database, DbError};
use palisade_sca::lockfile::{self, Format, Package};
use palisade_sca::{finding, osv::VulnMatch};
use rayon::prelude::*;
use serde_json::json;

use crate::args::{OutputFormat, ScanArgs};
use crate::inputs::RepoRoot;
use crate::{db_cmd, Failure};

/// One lockfile found by the scan.
pub struct Lockfile {
    /// Where it is.
    pub path: PathBuf,
    /// Path as shown in findings.
    pub shown: String,
    /// Repository-relative path (fingerprints).
    pub repo_path: String,
    /// Its format.
    pub format: Format,
}

/// Lockfiles among the scanned paths: explicit files with a lockfile name, and every
/// lockfile found walking directories (honouring .gitignore unless `no_ignore`).
pub fn discover(paths: &[String], no_ignore: bool, debug: bool) -> Vec<Lockfile> {
    let mut out = Vec::new();
    for arg in paths.iter().filter(|p| *p != "-") {
        let path = Path::new(arg);
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        let repo = RepoRoot::find(path);
        let mut found = Vec::new();
        if meta.is_file() {
            if let Some(f) = Format::detect(path) {
                found.push((path.to_path_buf(), f));
            }
        } else {
            for entry in WalkBuilder::new(path)
                .standard_filters(!no_ignore)
                .require_git(false)
                .follow_links(false)
                .build()
                .flatten()
            {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                if let Some(f) = Format::detect(entry.path()) {
                    found.push((entry.path().to_path_buf(), f));
                }
            }
            found.sort_by(|a, b| a.0.cmp(&b.0));
        }
        for (p, format) in found {
            let shown = p.to_string_lossy().replace('\\', "/");
            if debug {
                eprintln!("debug: lockfile {shown} ({})", format.file_name());
            }
            out.push(Lockfile {
                repo_path: repo.relative(&p, &shown),
                shown,
                path: p,
                format,
            });
        }
    }
    out
}

/// What the dependency scan produced.
#[derive(Default)]
pub struct Outcome {
    /// Vulnerability findings (before configuration and baseline).
    pub findings: Vec<Finding>,
    /// Lockfiles that could not be read, or not checked.
    pub errors: Vec<InputError>,
    /// Notices.
    pub warnings: Vec<String>,
    /// Rule metadata of the advisories found (for SARIF help and severity overrides).
    pub rules: Vec<&'static RuleMeta>,
    /// True when lockfiles were found but no usable database: the scan must fail.
    pub db_unavailable: bool,
    /// Lockfiles read.
    pub lockfiles: usize,
    /// Their paths as shown, by index.
    pub shown: Vec<String>,
    /// Every package pinned, with the lockfile it came from.
    pub packages: Vec<(usize, Package)>,
}

/// The family switch: `--disable VUL` / `rules: {disable: [VUL]}` turns matching off.
pub static VUL_FAMILY: RuleMeta = RuleMeta {
    id: "VUL",
    aliases: &[],
    name: "vulnerable-dependency",
    family: finding::FAMILY,
    severity: Severity::High,
    summary: "a dependency pinned in a lockfile has a known vulnerability (OSV advisory)",
    remediation: "upgrade the package to a fixed version",
    tags: &[],
    default_enabled: true,
    doc: "",
};

/// Id prefixes of the OSV databases (<https://ossf.github.io/osv-schema/#id-modified-fields>).
const ADVISORY_PREFIXES: &[&str] = &[
    "GHSA", "CVE", "RUSTSEC", "GO", "PYSEC", "OSV", "MAL", "GSD", "UVI", "DSA", "DLA", "DTSA",
    "USN", "UBUNTU", "LSN", "ALSA", "ALBA", "ALEA", "RLSA", "RXSA", "RHSA", "RHBA", "RHEA", "SUSE",
    "OPENSUSE", "BIT", "CGA", "MGASA", "ALPINE", "HSEC", "RSEC", "PSF", "JLSEC", "EEF", "ECHO",
    "MINI", "CURL", "BELL", "AZL", "PHSA", "ASB", "PUB", "DRUPAL", "OESA",
];

/// True for `VUL` and for ids of OSV databases (`GHSA-…`, `CVE-…`, `RUSTSEC-…`,
/// `GO-…`, `PYSEC-…`), so configuration and `--enable/--disable` accept them; a typo
/// such as `K8S-001` is still an unknown rule.
pub fn is_advisory_id(id: &str) -> bool {
    id.eq_ignore_ascii_case(finding::FAMILY)
        || id.split_once('-').is_some_and(|(prefix, rest)| {
            !rest.is_empty()
                && ADVISORY_PREFIXES
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(prefix))
        })
}

fn not_checked(lf: &Lockfile, why: &str) -> InputError {
    InputError {
        path: lf.shown.clone(),
        line: None,
        column: None,
        message: format!("dependencies not checked for vulnerabilities: {why}"),
    }
}

/// Parses the lockfiles and, unless `--skip-db`/`--list-packages`, matches them.
pub fn run(args: &ScanArgs, config: &Config) -> Result<Outcome, Failure> {
    let mut outcome = Outcome::default();
    if !config.is_enabled(&VUL_FAMILY) && !args.list_packages {
        return Ok(outcome);
    }
    let lockfiles = discover(&args.paths, args.no_ignore, args.debug);
    if lockfiles.is_empty() {
        return Ok(outcome);
    }
    outcome.lockfiles = lockfiles.len();
    outcome.shown = lockfiles.iter().map(|l| l.shown.clone()).collect();
    let parsed: Vec<Result<Vec<Package>, lockfile::LockfileError>> = lockfiles
        .par_iter()
        .map(|lf| {
            match std::fs::metadata(&lf.path) {
                Ok(m) if m.len() > args.max_file_size => {
                    return Err(lockfile::LockfileError {
                        line: None,
                        message: format!(
                            "file is {} bytes, larger than --max-file-size ({} bytes); not scanned",
                            m.len(),
                            args.max_file_size
                        ),
                    })
                }
                _ => {}
            }
            lockfile::parse_file(lf.format, &lf.path)
        })
        .collect();
    for (i, r) in parsed.into_iter().enumerate() {
        match r {
            Ok(pkgs) => outcome.packages.extend(pkgs.into_iter().map(|p| (i, p))),
            Err(e) => outcome.errors.push(InputError {
                path: lockfiles[i].shown.clone(),
                line: e.line,
                column: None,
                message: e.message,
            }),
        }
    }
    if args.list_packages {
        return Ok(outcome);
    }
    if args.skip_db {
        outcome.warnings.push(format!(
            "--skip-db: {} packages in {} lockfiles were not checked for vulnerabilities",
            outcome.packages.len(),
            lockfiles.len()
        ));
        return Ok(outcome);
    }
    let path = db_cmd::db_path(args.cache_dir.as_deref())?;
    let hint = "run `palisade db update` (or `palisade db update --from PATH`), or pass --skip-db";
    let db = match Database::open(&path) {
        Ok(db) => db,
        Err(e) => {
            let why = match &e {
                DbError::Missing(_) => format!("{e}; {hint}"),
                _ => format!("{e}; {hint}"),
            };
            outcome.db_unavailable = true;
            outcome
                .errors
                .extend(lockfiles.iter().map(|lf| not_checked(lf, &why)));
            return Ok(outcome);
        }
    };
    if let Some(age) = db_cmd::age_days(&db.info().imported_at) {
        if age > i64::from(args.db_max_age) {
            let why = format!(
                "the vulnerability database at {} is {age} days old (--db-max-age {}); {hint}",
                path.display(),
                args.db_max_age
            );
            outcome.db_unavailable = true;
            outcome
                .errors
                .extend(lockfiles.iter().map(|lf| not_checked(lf, &why)));
            return Ok(outcome);
        }
    }
    let matched: Vec<Result<Vec<(usize, VulnMatch)>, DbError>> = outcome
        .packages
        .par_iter()
        .enumerate()
        .map(|(k, (_, p))| {
            db.match_package(&p.ecosystem, &p.name, &p.version)
                .map(|ms| ms.into_iter().map(|m| (k, m)).collect())
        })
        .collect();
    let mut metas: std::collections::BTreeMap<String, &'static RuleMeta> = Default::default();
    for r in matched {
        let hits = match r {
            Ok(h) => h,
            Err(e) => {
                outcome.db_unavailable = true;
                outcome.errors.push(InputError {
                    path: path.display().to_string(),
                    line: None,
                    column: None,
                    message: format!("{e}; run `palisade db update` to rebuild it"),
                });
                continue;
            }
        };
        for (k, m) in hits {
            let (lf_index, pkg) = &outcome.packages[k];
            let lf = &lockfiles[*lf_index];
            let (shown, repo_path) = match &pkg.file {
                Some(f) => {
                    let s = f.to_string_lossy().replace('\\', "/");
                    (s.clone(), RepoRoot::find(f).relative(f, &s))
                }
                None => (lf.shown.clone(), lf.repo_path.clone()),
            };
            metas
                .entry(m.id.clone())
                .or_insert_with(|| finding::rule_meta(&m));
            outcome
                .findings
                .push(finding::to_finding(pkg, &shown, &repo_path, &m));
        }
    }
    outcome.rules = metas.into_values().collect();
    Ok(outcome)
}

/// `--list-packages`: the inventory, as a table or JSON.
pub fn write_inventory(
    args: &ScanArgs,
    outcome: &Outcome,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let where_ = |i: usize, p: &Package| match &p.file {
        Some(f) => f.to_string_lossy().replace('\\', "/"),
        None => outcome.shown.get(i).cloned().unwrap_or_default(),
    };
    match args.report.format {
        OutputFormat::Json => {
            let packages: Vec<_> = outcome
                .packages
                .iter()
                .map(|(i, p)| {
                    json!({
                        "path": where_(*i, p),
                        "line": p.line,
                        "ecosystem": p.ecosystem.as_str(),
                        "name": p.name,
                        "version": p.version,
                        "direct": p.direct,
                        "purl": finding::purl(&p.ecosystem, &p.name, &p.version),
                    })
                })
                .collect();
            let doc = json!({
                "schemaVersion": palisade_core::SCHEMA_VERSION,
                "lockfiles": outcome.lockfiles,
                "packages": packages,
                "errors": outcome.errors,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )?;
        }
        OutputFormat::Table => {
            for (i, p) in &outcome.packages {
                let direct = match p.direct {
                    Some(true) => "direct",
                    Some(false) => "transitive",
                    None => "-",
                };
                writeln!(
                    out,
                    "{}:{}\t{}\t{}\t{}\t{direct}",
                    where_(*i, p),
                    p.line,
                    p.ecosystem,
                    p.name,
                    p.version
                )?;
            }
            for e in &outcome.errors {
                writeln!(out, "error: {e}")?;
            }
            writeln!(
                out,
                "{} packages in {} lockfiles",
                outcome.packages.len(),
                outcome.lockfiles
            )?;
        }
        OutputFormat::Sarif | OutputFormat::Junit => {
            return Err(Failure::Usage(
                "--list-packages writes table or json".into(),
            ));
        }
    }
    Ok(())
}
