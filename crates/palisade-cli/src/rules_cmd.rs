//! `palisade rules` and `palisade explain`: the documentation lives in each rule's (or
//! secret detector's) file.

use std::io::Write;

use serde_json::json;

use crate::args::{ExplainArgs, ListFormat, RulesArgs};
use crate::{exit, Failure};

/// Lists every rule.
pub fn list(args: RulesArgs) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    let rules = crate::catalog::all();
    match args.format {
        ListFormat::Table => {
            for m in rules {
                let default = if m.default_enabled {
                    ""
                } else {
                    " (off by default)"
                };
                writeln!(
                    out,
                    "{:<7} {:<8} {:<13} {}{default}\n        {}",
                    m.id,
                    m.severity.as_str(),
                    m.family,
                    m.summary,
                    m.tags.join(" ")
                )?;
            }
            writeln!(
                out,
                "{} rules. `palisade explain ID` prints a rule's documentation.",
                rules.len()
            )?;
        }
        ListFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|m| {
                    json!({
                        "id": m.id, "aliases": m.aliases, "name": m.name, "family": m.family,
                        "severity": m.severity, "summary": m.summary, "tags": m.tags,
                        "defaultEnabled": m.default_enabled, "remediation": m.remediation,
                        "doc": m.doc_markdown(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
    }
    Ok(exit::CLEAN)
}

/// Prints one rule's documentation.
pub fn explain(args: ExplainArgs) -> Result<u8, Failure> {
    // Policy rules (`--policy`) first: their ids are the user's own.
    let policy_rule = crate::policy_cmd::load(&args.rego)?.and_then(|set| set.lookup(&args.rule));
    if let Some(m) = policy_rule {
        return print_rule(m);
    }
    if crate::catalog::lookup(&args.rule).is_none() && crate::sca::is_advisory_id(&args.rule) {
        return explain_advisory(&args);
    }
    let Some(m) = crate::catalog::lookup(&args.rule) else {
        return Err(Failure::Usage(format!(
            "unknown rule `{}` (run `palisade rules` for the list)",
            args.rule
        )));
    };
    print_rule(m)
}

fn print_rule(m: &palisade_core::RuleMeta) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {} {} — {}", m.id, m.name, m.summary)?;
    writeln!(out)?;
    writeln!(out, "Severity: {}    Family: {}", m.severity, m.family)?;
    writeln!(out, "Tags: {}", m.tags.join(", "))?;
    if !m.aliases.is_empty() {
        writeln!(out, "Also answers to: {}", m.aliases.join(", "))?;
    }
    if !m.default_enabled {
        writeln!(
            out,
            "Off by default: enable it in .palisade.yaml under rules.enable."
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", m.doc_markdown().trim_end())?;
    Ok(exit::CLEAN)
}

/// `palisade explain GHSA-…`: the advisory as the vulnerability database holds it.
fn explain_advisory(args: &ExplainArgs) -> Result<u8, Failure> {
    use palisade_sca::osv::{Event, RangeKind};
    let path = crate::db_cmd::db_path(args.cache_dir.as_deref())?;
    let db = palisade_sca::db::Database::open(&path).map_err(|e| {
        Failure::Usage(format!(
            "{e}; run `palisade db update` to look advisories up"
        ))
    })?;
    let found = db
        .find(&args.rule)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    if found.is_empty() {
        return Err(Failure::Usage(format!(
            "no advisory `{}` in the vulnerability database at {}",
            args.rule,
            path.display()
        )));
    }
    let mut out = std::io::stdout().lock();
    let (_, _, first) = &found[0];
    writeln!(out, "# {} — {}", first.id, first.summary)?;
    writeln!(out)?;
    let sev = &first.severity;
    match (sev.level, sev.score, &sev.vector) {
        (Some(l), Some(score), Some(v)) => writeln!(out, "Severity: {l} (CVSS {score:.1}, {v})")?,
        (Some(l), _, _) => writeln!(
            out,
            "Severity: {l} ({})",
            sev.source.as_deref().unwrap_or("database")
        )?,
        _ => writeln!(out, "Severity: not rated")?,
    }
    if !first.aliases.is_empty() {
        writeln!(out, "Aliases: {}", first.aliases.join(", "))?;
    }
    writeln!(out)?;
    for (eco, name, a) in &found {
        if a.id != first.id {
            writeln!(out, "Record {} (same vulnerability):", a.id)?;
        }
        for entry in &a.affected {
            writeln!(out, "Affected: {eco} {name} ({})", entry.ecosystem)?;
            for r in &entry.ranges {
                let kind = match r.kind {
                    RangeKind::Semver => "SEMVER",
                    RangeKind::Ecosystem => "ECOSYSTEM",
                    RangeKind::Git => "GIT",
                };
                let events: Vec<String> = r
                    .events
                    .iter()
                    .map(|e| match e {
                        Event::Introduced(v) => format!("introduced {v}"),
                        Event::Fixed(v) => format!("fixed {v}"),
                        Event::LastAffected(v) => format!("last_affected {v}"),
                        Event::Limit(v) => format!("limit {v}"),
                    })
                    .collect();
                writeln!(out, "  {kind}: {}", events.join(", "))?;
            }
            if !entry.versions.is_empty() {
                writeln!(out, "  {} versions listed", entry.versions.len())?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "Details: https://osv.dev/vulnerability/{}", first.id)?;
    Ok(exit::CLEAN)
}
