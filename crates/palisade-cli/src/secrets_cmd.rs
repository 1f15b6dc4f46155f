//! `palisade secrets`: files and directories (or stdin) → secret detectors → configuration,
//! baseline → report. Also the secret part of `palisade scan` ([`scan_secrets`]).

use std::path::PathBuf;

use palisade_core::config::Config;
use palisade_core::{InputError, ScanResult};
use palisade_secrets::walk::{scan_paths, Report, WalkOptions};
use palisade_secrets::{git, AllowTarget, Allowlist, Options, Scanner, Target};

use crate::args::SecretsArgs;
use crate::scan::{
    finish, load_baseline, parse_fail_on, parse_min_severity, policy_config, Output, Policy,
};
use crate::Failure;

/// How to look for secrets.
pub struct Walk {
    /// `--no-ignore`.
    pub no_ignore: bool,
    /// `--max-file-size`.
    pub max_file_size: u64,
    /// `--debug`.
    pub debug: bool,
    /// Redact secrets in evidence (everything but `--no-redact`).
    pub redact: bool,
    /// Scan `-` (stdin, read once and shared with the manifest loader).
    pub stdin: bool,
}

/// Runs `palisade secrets` and returns the exit code.
pub fn run(args: SecretsArgs) -> Result<u8, Failure> {
    let fail_on = parse_fail_on(&args.report.fail_on)?;
    let min_severity = parse_min_severity(args.report.min_severity.as_deref())?;
    let config = policy_config(&args.policy, &args.paths)?;
    let baseline = load_baseline(args.policy.baseline.as_deref())?;
    // Ignores of rules that do not run here (the Kubernetes rules of a shared
    // .palisade.yaml) are set aside, so they are not reported as matching nothing.
    let mut config = config;
    config.ignores.retain(|ig| {
        ig.rule == "*"
            || ig.rule.eq_ignore_ascii_case("secrets")
            || crate::catalog::lookup(&ig.rule).is_some_and(|m| m.family == "secrets")
    });
    let imported = match &args.gitleaks_config {
        Some(path) => Some(palisade_secrets::gitleaks::load(path).map_err(Failure::Usage)?),
        None => None,
    };
    let scanner = match &imported {
        Some(i) => Scanner::with_extra(
            &|m| config.is_enabled(m),
            Options {
                redact: !args.no_redact,
            },
            &i.detectors,
            i.allowlists
                .iter()
                .cloned()
                .chain(config_allowlist(&config)?)
                .collect(),
        ),
        None => Scanner::with_extra(
            &|m| config.is_enabled(m),
            Options {
                redact: !args.no_redact,
            },
            &[],
            config_allowlist(&config)?,
        ),
    };
    let report = if args.git || args.staged {
        let (report, line) = scan_git(&args, &scanner);
        eprintln!("{line}");
        report
    } else {
        let report = scan_with(
            &scanner,
            &args.paths,
            &Walk {
                no_ignore: args.no_ignore,
                max_file_size: args.max_file_size,
                debug: args.debug,
                redact: !args.no_redact,
                stdin: true,
            },
        );
        eprintln!("{}", summary(&report));
        report
    };
    let mut result = ScanResult::default();
    result.stats.files = report.files;
    result.errors = report.errors;
    if let Some(i) = imported {
        result.warnings = i.warnings;
    }
    finish(
        result,
        report.findings,
        &Policy {
            config: &config,
            min_severity,
            baseline: baseline.as_ref(),
            write_baseline: args.policy.write_baseline.as_deref(),
            fail_on,
            extra_rules: &[],
            force_fail: false,
        },
        &Output {
            format: args.report.format,
            output: args.report.output.as_deref(),
            color: args.report.color,
        },
    )
}

/// Scans `paths` with the detectors the configuration enables and its `secrets:`
/// allowlist.
pub fn scan_secrets(paths: &[String], config: &Config, walk: &Walk) -> Result<Report, Failure> {
    let scanner = Scanner::with_extra(
        &|m| config.is_enabled(m),
        Options {
            redact: walk.redact,
        },
        &[],
        config_allowlist(config)?,
    );
    Ok(scan_with(&scanner, paths, walk))
}

/// The `secrets:` section of `.palisade.yaml` (path globs, regexes, stopwords), compiled; a
/// bad pattern is a configuration error naming its line.
pub fn config_allowlist(config: &Config) -> Result<Vec<Allowlist>, Failure> {
    let s = &config.secrets;
    if s.paths.is_empty() && s.regexes.is_empty() && s.stopwords.is_empty() {
        return Ok(Vec::new());
    }
    let bad = |mark: String, what: &str, e: String| {
        Failure::Usage(format!("{}:{mark}: invalid {what}: {e}", config.path))
    };
    let paths = s
        .paths
        .iter()
        .map(|(glob, mark)| {
            // Like .gitignore: a glob matches at any depth unless it starts with `/`.
            let glob = match glob.strip_prefix('/') {
                Some(anchored) => anchored.to_string(),
                None if glob.starts_with("**") => glob.clone(),
                None => format!("**/{glob}"),
            };
            let glob = globset::Glob::new(&glob)
                .map_err(|e| bad(mark.to_string(), "path glob", e.to_string()))?;
            regex::bytes::Regex::new(glob.regex())
                .map_err(|e| bad(mark.to_string(), "path glob", e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    let regexes = s
        .regexes
        .iter()
        .map(|(re, mark)| {
            regex::bytes::Regex::new(re).map_err(|e| bad(mark.to_string(), "regex", e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    Ok(vec![Allowlist {
        paths,
        regexes,
        target: AllowTarget::Secret,
        stopwords: s.stopwords.clone(),
    }])
}

/// Scans `paths` (files, directories, `-`) with `scanner`.
fn scan_with(scanner: &Scanner, paths: &[String], walk: &Walk) -> Report {
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| *p != "-")
        .map(PathBuf::from)
        .collect();
    let mut report = scan_paths(
        scanner,
        &files,
        &WalkOptions {
            no_ignore: walk.no_ignore,
            max_file_size: walk.max_file_size,
            debug: walk.debug,
        },
    );
    if walk.stdin && paths.iter().any(|p| p == "-") {
        match crate::stdin::bytes(walk.max_file_size) {
            Err(message) => report.errors.push(InputError {
                path: "-".into(),
                line: None,
                column: None,
                message,
            }),
            Ok(buf) => {
                report.files += 1;
                report.bytes += buf.len() as u64;
                report.findings.extend(scanner.scan(
                    &Target {
                        shown: "-",
                        repo_path: "-",
                    },
                    &buf,
                ));
            }
        }
    }
    report
}

/// `--git` / `--staged`: the history or the index of the repository at each path.
fn scan_git(args: &SecretsArgs, scanner: &Scanner) -> (Report, String) {
    let mut total = Report::default();
    let (mut commits, mut skipped) = (0, 0);
    for path in args.paths.iter().filter(|p| *p != "-") {
        let path = std::path::Path::new(path);
        let r = if args.staged {
            git::scan_staged(scanner, path, args.max_file_size)
        } else {
            git::scan_range(scanner, path, args.max_file_size, args.range.as_deref())
        };
        commits += r.commits;
        skipped += r.skipped;
        total.files += r.blobs;
        total.bytes += r.bytes;
        total.findings.extend(r.findings);
        total.errors.extend(r.errors);
    }
    let what = if args.staged {
        "staged".to_string()
    } else {
        format!("{commits} commits,")
    };
    let line = format!(
        "secrets: scanned {what} {} distinct blobs ({:.1} MiB); skipped {skipped} blobs (binary, minified or over the size limit)",
        total.files,
        total.bytes as f64 / (1024.0 * 1024.0)
    );
    (total, line)
}

/// One line for stderr: what was scanned and what was skipped, by reason.
fn summary(r: &Report) -> String {
    let mut line = format!(
        "secrets: scanned {} file{} ({:.1} MiB)",
        r.files,
        if r.files == 1 { "" } else { "s" },
        r.bytes as f64 / (1024.0 * 1024.0)
    );
    if !r.skipped.is_empty() {
        let parts: Vec<String> = r.skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
        line.push_str(&format!("; skipped {}", parts.join(", ")));
    }
    line
}
