//! `palisade scan`: inputs → objects → rules → configuration, baseline → report.

use std::io::{IsTerminal, Read, Write};
use std::sync::Arc;

use palisade_core::baseline::Baseline;
use palisade_core::config::Config;
use palisade_core::{InputError, RuleMeta, ScanResult, Severity};
use palisade_k8s::{load_bytes, Loaded};
use palisade_report::{Format, ReportContext};
use palisade_rules::{PssVersion, Settings};
use rayon::prelude::*;

use crate::args::{ColorChoice, OutputFormat, ScanArgs};
use crate::inputs::{collect, Input, Source};
use crate::{exit, Failure};

/// Runs a scan and returns the exit code.
pub fn run(args: ScanArgs) -> Result<u8, Failure> {
    let fail_on = parse_fail_on(&args.fail_on)?;
    let min_severity = match &args.min_severity {
        Some(t) => Some(
            t.parse::<Severity>()
                .map_err(|e| Failure::Usage(format!("--min-severity: {e}")))?,
        ),
        None => None,
    };
    let config = apply_rule_flags(load_config(&args)?, &args)?;
    let pss_text = args
        .pss_version
        .clone()
        .or_else(|| config.pss_version.clone());
    let pss_version = match pss_text {
        Some(t) => PssVersion::parse(&t).map_err(Failure::Usage)?,
        None => PssVersion::LATEST,
    };
    let baseline = match &args.baseline {
        Some(p) => Some(Baseline::load(p).map_err(Failure::Usage)?),
        None => None,
    };

    // Dependencies (lockfiles → OSV database): see sca.rs for the database rule.
    let sca = crate::sca::run(&args, &config)?;
    if args.list_packages {
        let mut buf = Vec::new();
        crate::sca::write_inventory(&args, &sca, &mut buf)?;
        emit(&args, &buf)?;
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
    // Manifest and dependency findings go through one configuration pass (ignores by
    // rule or advisory id, severity overrides by id or family).
    let lookup = |id: &str| {
        palisade_rules::lookup(id)
            .map(|r| r.meta())
            .or_else(|| sca.rules.iter().copied().find(|m| m.answers_to(id)))
    };
    let today = time::OffsetDateTime::now_utc().date();
    let mut all = outcome.findings;
    all.extend(sca.findings.iter().cloned());
    let applied = config.apply(all, &lookup, today);

    result.findings = applied.findings;
    errors.extend(sca.errors.iter().cloned());
    if let Some(min) = min_severity {
        result.findings.retain(|f| f.severity >= min);
    }
    result.stats.suppressed = outcome.suppressed + applied.suppressed;
    result.stats.files += sca.lockfiles;
    result.warnings = outcome.warnings;
    result.warnings.extend(applied.warnings);
    result.warnings.extend(sca.warnings.iter().cloned());
    if let Some(path) = &args.write_baseline {
        Baseline::from_findings(&result.findings)
            .save(path)
            .map_err(Failure::Usage)?;
    }
    if let Some(b) = &baseline {
        result.stats.suppressed += b.filter(&mut result.findings);
    }
    result.errors = errors;
    result.sort();

    write_report(&args, &result, &sca.rules)?;

    let failing = sca.db_unavailable
        || fail_on.is_some_and(|t| {
            result.findings.iter().any(|f| f.severity >= t) || !result.errors.is_empty()
        });
    Ok(if failing { exit::FINDINGS } else { exit::CLEAN })
}

fn parse_fail_on(text: &str) -> Result<Option<Severity>, Failure> {
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    text.parse::<Severity>()
        .map(Some)
        .map_err(|e| Failure::Usage(format!("--fail-on: {e} (or `never`)")))
}

fn load_config(args: &ScanArgs) -> Result<Config, Failure> {
    if args.no_config {
        return Ok(Config::default());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => args
            .paths
            .iter()
            .find(|p| *p != "-")
            .and_then(|p| Config::find_upward(std::path::Path::new(p))),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let config = Config::load(&path).map_err(|e| Failure::Usage(e.to_string()))?;
    config
        .validate_rule_ids(&known_rule_or_family)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(config)
}

fn known_rule_or_family(id: &str) -> bool {
    crate::sca::is_advisory_id(id)
        || palisade_rules::lookup(id).is_some()
        || palisade_rules::all()
            .iter()
            .any(|r| r.meta().family.eq_ignore_ascii_case(id))
}

/// `--enable` / `--disable` go after the configuration's lists, so the command line wins.
fn apply_rule_flags(mut config: Config, args: &ScanArgs) -> Result<Config, Failure> {
    for (flag, ids, list) in [
        ("--enable", &args.enable, &mut config.enable),
        ("--disable", &args.disable, &mut config.disable),
    ] {
        for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            if !known_rule_or_family(id) {
                return Err(Failure::Usage(format!(
                    "{flag}: unknown rule or family `{id}` (run `palisade rules` for the list)"
                )));
            }
            list.push((id.to_string(), Default::default()));
        }
    }
    // A rule named on the command line wins over the same rule in the other list.
    let (enable, disable) = (args.enable.clone(), args.disable.clone());
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
        Source::Stdin => {
            let mut buf = Vec::new();
            match std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut buf)
            {
                Ok(_) if buf.len() as u64 > max_bytes => {
                    return input_error(
                        input,
                        format!(
                            "stdin is larger than --max-file-size ({max_bytes} bytes); not scanned"
                        ),
                    )
                }
                Ok(_) => buf,
                Err(e) => return input_error(input, format!("cannot read stdin: {e}")),
            }
        }
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
    hay.windows(needle.len()).any(|w| w == needle)
}

fn write_report(
    args: &ScanArgs,
    result: &ScanResult,
    advisories: &[&'static RuleMeta],
) -> Result<(), Failure> {
    let format = match args.format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Junit => Format::Junit,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut rules: Vec<&'static RuleMeta> =
        palisade_rules::all().iter().map(|r| r.meta()).collect();
    rules.extend_from_slice(advisories);
    let cx = ReportContext {
        rules: &rules,
        tool_version: env!("CARGO_PKG_VERSION"),
        color,
    };
    let mut buf = Vec::new();
    palisade_report::write(format, result, &cx, &mut buf)?;
    emit(args, &buf)
}

/// Writes a finished report to --output or stdout.
fn emit(args: &ScanArgs, buf: &[u8]) -> Result<(), Failure> {
    match &args.output {
        Some(path) => std::fs::write(path, buf)
            .map_err(|e| Failure::Usage(format!("{}: cannot write report: {e}", path.display())))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(buf)?;
            out.flush()?;
        }
    }
    Ok(())
}
