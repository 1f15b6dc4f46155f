//! `palisade scan`: inputs → objects → rules (+ secrets) → configuration, baseline → report.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use palisade_core::baseline::Baseline;
use palisade_core::config::Config;
use palisade_core::{InputError, RuleMeta, ScanResult, Severity};
use palisade_k8s::{load_bytes, Loaded};
use palisade_report::{Format, ReportContext};
use palisade_rules::{PssVersion, Settings};
use rayon::prelude::*;

use crate::args::{ColorChoice, OutputFormat, PolicyArgs, ScanArgs};
use crate::inputs::{collect, Input, Source};
use crate::{exit, Failure};

/// Runs a scan and returns the exit code.
pub fn run(args: ScanArgs) -> Result<u8, Failure> {
    let fail_on = parse_fail_on(&args.report.fail_on)?;
    let min_severity = parse_min_severity(args.report.min_severity.as_deref())?;
    // Rego policies load first: their rule ids are valid in configuration and flags.
    let policies = crate::policy_cmd::load(&args.rego)?;
    let known = |id: &str| {
        crate::catalog::known_rule_or_family(id)
            || policies.as_ref().is_some_and(|p| {
                p.lookup(id).is_some()
                    || p.rules().iter().any(|m| m.family.eq_ignore_ascii_case(id))
            })
    };
    let config = policy_config_known(&args.policy, &args.paths, &known)?;
    let pss_text = args
        .pss_version
        .clone()
        .or_else(|| config.pss_version.clone());
    let pss_version = match pss_text {
        Some(t) => PssVersion::parse(&t).map_err(Failure::Usage)?,
        None => PssVersion::LATEST,
    };
    let baseline = load_baseline(args.policy.baseline.as_deref())?;

    // Dependencies (lockfiles → OSV database): see sca.rs for the database rule.
    let sca = crate::sca::run(&args, &config)?;
    if args.list_packages {
        let mut buf = Vec::new();
        crate::sca::write_inventory(&args, &sca, &mut buf)?;
        emit(args.report.output.as_deref(), &buf)?;
        return Ok(if sca.errors.is_empty() {
            exit::CLEAN
        } else {
            exit::FINDINGS
        });
    }

    let (mut inputs, mut errors) = collect(&args.paths, args.no_ignore, args.debug);
    // Lockfiles are read by the dependency scan, not as manifests.
    inputs.retain(|i| match &i.source {
        Source::File(p) => palisade_sca::lockfile::Format::detect(p).is_none(),
        Source::Stdin => true,
    });
    let loaded: Vec<Loaded> = inputs
        .par_iter()
        .map(|i| load_input(i, args.max_file_size, args.debug))
        .collect();

    let mut result = ScanResult::default();
    result.stats.files = inputs.len();
    let mut objects = Vec::new();
    for l in loaded {
        objects.extend(l.objects);
        errors.extend(l.errors);
        result.stats.skipped_documents += l.skipped_documents;
    }
    result.stats.objects = objects.len();

    let settings = Settings { pss_version };
    let outcome = palisade_rules::run(&objects, &settings, &|m| config.is_enabled(m));
    let mut findings = outcome.findings;
    // Rego policies (palisade-policy): every policy on every object.
    if let Some(set) = &policies {
        let (policy_findings, policy_errors) =
            crate::policy_cmd::evaluate(set, &objects, &|m| config.is_enabled(m));
        findings.extend(policy_findings);
        errors.extend(policy_errors);
    }
    // Dependency findings join the rest: one configuration pass over everything.
    findings.extend(sca.findings.iter().cloned());
    errors.extend(sca.errors.iter().cloned());

    // Secrets (palisade-secrets): every file under the scanned paths, not only manifests,
    // and stdin (the same bytes the manifest loader read).
    if !args.no_secrets {
        let secrets = crate::secrets_cmd::scan_secrets(
            &args.paths,
            &config,
            &crate::secrets_cmd::Walk {
                no_ignore: args.no_ignore,
                max_file_size: args.max_file_size,
                debug: args.debug,
                redact: !args.no_redact,
                stdin: true,
            },
        )?;
        result.stats.files = result.stats.files.max(secrets.files);
        findings.extend(secrets.findings);
        for e in secrets.errors {
            if !errors
                .iter()
                .any(|x| x.path == e.path && x.message == e.message)
            {
                errors.push(e);
            }
        }
    }

    result.stats.suppressed = outcome.suppressed;
    result.stats.files += sca.lockfiles;
    result.warnings = outcome.warnings;
    result.warnings.extend(sca.warnings.iter().cloned());
    result.errors = errors;
    let mut extra_rules = sca.rules.clone();
    if let Some(set) = &policies {
        extra_rules.extend_from_slice(set.rules());
    }
    finish(
        result,
        findings,
        &Policy {
            config: &config,
            min_severity,
            baseline: baseline.as_ref(),
            write_baseline: args.policy.write_baseline.as_deref(),
            fail_on,
            extra_rules: &extra_rules,
            force_fail: sca.db_unavailable,
        },
        &Output {
            format: args.report.format,
            output: args.report.output.as_deref(),
            color: args.report.color,
        },
    )
}

/// What decides which findings are reported and the exit code.
pub struct Policy<'a> {
    /// The configuration (severity overrides, ignores).
    pub config: &'a Config,
    /// `--min-severity`.
    pub min_severity: Option<Severity>,
    /// `--baseline`.
    pub baseline: Option<&'a Baseline>,
    /// `--write-baseline`.
    pub write_baseline: Option<&'a Path>,
    /// `--fail-on` (`None`: never).
    pub fail_on: Option<Severity>,
    /// Rules known only at run time (advisories of the vulnerability database): for
    /// configuration lookups and report metadata.
    pub extra_rules: &'a [&'static RuleMeta],
    /// Fail whatever the findings (the vulnerability database was needed and unavailable).
    pub force_fail: bool,
}

/// Where and how the report goes.
pub struct Output<'a> {
    /// `--format`.
    pub format: OutputFormat,
    /// `--output`.
    pub output: Option<&'a Path>,
    /// `--color`.
    pub color: ColorChoice,
}

/// The end shared by `scan` and `secrets`: configuration, minimum severity, baselines,
/// the report and the exit code.
pub fn finish(
    mut result: ScanResult,
    findings: Vec<palisade_core::Finding>,
    policy: &Policy<'_>,
    output: &Output<'_>,
) -> Result<u8, Failure> {
    let today = time::OffsetDateTime::now_utc().date();
    let lookup = |id: &str| {
        crate::catalog::lookup(id).or_else(|| {
            policy
                .extra_rules
                .iter()
                .copied()
                .find(|m| m.answers_to(id))
        })
    };
    let applied = policy.config.apply(findings, &lookup, today);
    result.findings = applied.findings;
    if let Some(min) = policy.min_severity {
        result.findings.retain(|f| f.severity >= min);
    }
    result.stats.suppressed += applied.suppressed;
    result.warnings.extend(applied.warnings);
    if let Some(path) = policy.write_baseline {
        Baseline::from_findings(&result.findings)
            .save(path)
            .map_err(Failure::Usage)?;
    }
    if let Some(b) = policy.baseline {
        result.stats.suppressed += b.filter(&mut result.findings);
    }
    result.sort();

    write_report(output, &result, policy.extra_rules)?;

    let failing = policy.force_fail
        || policy.fail_on.is_some_and(|t| {
            result.findings.iter().any(|f| f.severity >= t) || !result.errors.is_empty()
        });
    Ok(if failing { exit::FINDINGS } else { exit::CLEAN })
}

/// `--fail-on`: a severity or `never`.
pub fn parse_fail_on(text: &str) -> Result<Option<Severity>, Failure> {
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    text.parse::<Severity>()
        .map(Some)
        .map_err(|e| Failure::Usage(format!("--fail-on: {e} (or `never`)")))
}

/// `--min-severity`.
pub fn parse_min_severity(text: Option<&str>) -> Result<Option<Severity>, Failure> {
    text.map(|t| {
        t.parse::<Severity>()
            .map_err(|e| Failure::Usage(format!("--min-severity: {e}")))
    })
    .transpose()
}

/// `--baseline`.
pub fn load_baseline(path: Option<&Path>) -> Result<Option<Baseline>, Failure> {
    path.map(|p| Baseline::load(p).map_err(Failure::Usage))
        .transpose()
}

/// The configuration: `--config`, else `.palisade.yaml` found upward from the first path,
/// unless `--no-config`. Rule ids are checked against every known rule and detector.
pub fn load_config(
    no_config: bool,
    explicit: Option<&Path>,
    paths: &[String],
    known: &dyn Fn(&str) -> bool,
) -> Result<Config, Failure> {
    if no_config {
        return Ok(Config::default());
    }
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => paths
            .iter()
            .find(|p| *p != "-")
            .and_then(|p| Config::find_upward(Path::new(p))),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let config = Config::load(&path).map_err(|e| Failure::Usage(e.to_string()))?;
    config
        .validate_rule_ids(known)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(config)
}

/// The configuration for a run: the file (`--config`, found upward, or none with
/// `--no-config`), then `--enable` / `--disable` on top.
pub fn policy_config(policy: &PolicyArgs, paths: &[String]) -> Result<Config, Failure> {
    policy_config_known(policy, paths, &crate::catalog::known_rule_or_family)
}

/// [`policy_config`] where `known` decides which rule ids and families exist (the
/// catalog plus the rules of loaded Rego policies).
pub fn policy_config_known(
    policy: &PolicyArgs,
    paths: &[String],
    known: &dyn Fn(&str) -> bool,
) -> Result<Config, Failure> {
    apply_rule_flags(
        load_config(policy.no_config, policy.config.as_deref(), paths, known)?,
        &policy.enable,
        &policy.disable,
        known,
    )
}

/// `--enable` / `--disable` go after the configuration's lists, so the command line wins.
pub fn apply_rule_flags(
    mut config: Config,
    enable: &[String],
    disable: &[String],
    known: &dyn Fn(&str) -> bool,
) -> Result<Config, Failure> {
    for (flag, ids, list) in [
        ("--enable", enable, &mut config.enable),
        ("--disable", disable, &mut config.disable),
    ] {
        for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            if !known(id) {
                return Err(Failure::Usage(format!(
                    "{flag}: unknown rule or family `{id}` (run `palisade rules` for the list)"
                )));
            }
            list.push((id.to_string(), Default::default()));
        }
    }
    // A rule named on the command line wins over the same rule in the other list.
    config
        .disable
        .retain(|(id, _)| !enable.iter().any(|e| e.eq_ignore_ascii_case(id)));
    config
        .enable
        .retain(|(id, _)| !disable.iter().any(|d| d.eq_ignore_ascii_case(id)));
    Ok(config)
}

fn input_error(input: &Input, message: String) -> Loaded {
    Loaded {
        errors: vec![InputError {
            path: input.shown.clone(),
            line: None,
            column: None,
            message,
        }],
        ..Loaded::default()
    }
}

fn load_input(input: &Input, max_bytes: u64, debug: bool) -> Loaded {
    let bytes = match &input.source {
        Source::Stdin => match crate::stdin::bytes(max_bytes) {
            Ok(buf) => buf.to_vec(),
            Err(message) => return input_error(input, message),
        },
        Source::File(path) => {
            match std::fs::metadata(path) {
                Ok(m) if m.len() > max_bytes => {
                    return input_error(
                        input,
                        format!("file is {} bytes, larger than --max-file-size ({max_bytes} bytes); not scanned", m.len()),
                    )
                }
                Err(e) => return input_error(input, format!("cannot read: {e}")),
                _ => {}
            }
            match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => return input_error(input, format!("cannot read: {e}")),
            }
        }
    };
    // Walked files that cannot be manifests are skipped without parsing (package.json...).
    if input.discovered && !(contains(&bytes, b"apiVersion") && contains(&bytes, b"kind")) {
        if debug {
            eprintln!(
                "debug: skip {}: no apiVersion/kind, not a Kubernetes manifest",
                input.shown
            );
        }
        return Loaded {
            skipped_documents: 1,
            ..Loaded::default()
        };
    }
    let mut loaded = load_bytes(&input.shown, &bytes);
    let repo_path: Arc<str> = Arc::from(input.repo_path.as_str());
    for o in &mut loaded.objects {
        o.repo_path = repo_path.clone();
    }
    if debug {
        eprintln!(
            "debug: read {}: {} objects, {} other documents, {} errors",
            input.shown,
            loaded.objects.len(),
            loaded.skipped_documents,
            loaded.errors.len()
        );
    }
    loaded
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

fn write_report(
    output: &Output<'_>,
    result: &ScanResult,
    extra_rules: &[&'static RuleMeta],
) -> Result<(), Failure> {
    let format = match output.format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Junit => Format::Junit,
    };
    let color = match output.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            output.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut rules: Vec<&'static RuleMeta> = crate::catalog::all().to_vec();
    rules.extend_from_slice(extra_rules);
    let cx = ReportContext {
        rules: &rules,
        tool_version: env!("CARGO_PKG_VERSION"),
        color,
    };
    // Streamed to its destination through one buffer: a report of many findings is never
    // held whole in memory (growing that copy cost more than writing it).
    write_output(output.output, |out| {
        palisade_report::write(format, result, &cx, out)
    })
}

/// Bytes of a report written per `write` call.
const REPORT_BUFFER: usize = 256 * 1024;

/// Runs `write` on --output or stdout, through one buffer; a file that cannot be written is
/// an error naming it. A regular file is written beside its target and renamed over it once
/// complete, so a failure partway (a full disk) leaves the previous report, not half of a
/// new one; a device or pipe (`-o /dev/stdout`) is written directly.
fn write_output(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let Some(path) = output else {
        let mut out = std::io::BufWriter::with_capacity(REPORT_BUFFER, std::io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    };
    let failed =
        |e: std::io::Error| Failure::Usage(format!("{}: cannot write report: {e}", path.display()));
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    if special {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(failed)?;
        let mut out = std::io::BufWriter::with_capacity(REPORT_BUFFER, file);
        write(&mut out).map_err(failed)?;
        return out.flush().map_err(failed);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Removed when dropped unless persisted: an error below leaves nothing behind.
    let tmp = tempfile::Builder::new()
        .prefix(".palisade-report-")
        .tempfile_in(dir)
        .map_err(failed)?;
    let mut out = std::io::BufWriter::with_capacity(REPORT_BUFFER, tmp);
    write(&mut out).map_err(failed)?;
    let tmp = out.into_inner().map_err(|e| failed(e.into_error()))?;
    // The temporary file is private (0600); the report gets the permissions the file it
    // replaces had, or a new file's usual ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = match std::fs::metadata(path) {
            Ok(m) => m.permissions(),
            Err(_) => std::fs::Permissions::from_mode(0o644),
        };
        let _ = tmp.as_file().set_permissions(permissions);
    }
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Writes a finished report to --output or stdout.
pub fn emit(output: Option<&Path>, buf: &[u8]) -> Result<(), Failure> {
    write_output(output, |out| out.write_all(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_that_fails_partway_leaves_the_previous_one_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "previous report").unwrap();
        let err = write_output(Some(&path), |out| {
            out.write_all(&[b'x'; 3 * REPORT_BUFFER])?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        let Failure::Usage(msg) = err else {
            panic!("{err:?}")
        };
        assert!(
            msg.contains("report.json") && msg.contains("disk full"),
            "{msg}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous report");
        assert_eq!(names(dir.path()), ["report.json"]);

        write_output(Some(&path), |out| out.write_all(b"new report")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new report");
        assert_eq!(names(dir.path()), ["report.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let fresh = dir.path().join("fresh.json");
            write_output(Some(&fresh), |out| out.write_all(b"{}")).unwrap();
            let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    fn names(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    }

    #[test]
    fn a_device_is_written_in_place() {
        write_output(Some(Path::new("/dev/null")), |out| out.write_all(b"report")).unwrap();
    }
}
