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
    let Some(m) = crate::catalog::lookup(&args.rule) else {
        return Err(Failure::Usage(format!(
            "unknown rule `{}` (run `palisade rules` for the list)",
            args.rule
        )));
    };
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
