use std::collections::BTreeMap;
use std::io::{self, Write};

use palisade_core::{Finding, InputError, ScanResult, Severity, SCHEMA_VERSION};
use serde::Serialize;

use crate::ReportContext;

/// The report as written: borrows the result, so findings are streamed to the writer
/// rather than copied into a JSON tree first (that copy was a third of a large scan).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    schema_version: &'static str,
    tool: Tool<'a>,
    findings: &'a [Finding],
    errors: &'a [InputError],
    warnings: &'a [String],
    summary: Summary,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    findings: usize,
    by_severity: BTreeMap<&'static str, usize>,
    errors: usize,
    files: usize,
    objects: usize,
    skipped_documents: usize,
    suppressed: usize,
}

/// Writes the documented JSON report (`docs/output.schema.json`).
pub fn write(result: &ScanResult, cx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut by_severity: BTreeMap<&'static str, usize> =
        Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for f in &result.findings {
        *by_severity.entry(f.severity.as_str()).or_default() += 1;
    }
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "palisade",
            version: cx.tool_version,
        },
        findings: &result.findings,
        errors: &result.errors,
        warnings: &result.warnings,
        summary: Summary {
            findings: result.findings.len(),
            by_severity,
            errors: result.errors.len(),
            files: result.stats.files,
            objects: result.stats.objects,
            skipped_documents: result.stats.skipped_documents,
            suppressed: result.stats.suppressed,
        },
    };
    let mut buffered = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut buffered, &report)?;
    writeln!(buffered)?;
    buffered.flush()
}
