use std::collections::BTreeMap;
use std::io::{self, Write};

use palisade_core::{ScanResult, Severity, SCHEMA_VERSION};
use serde_json::json;

use crate::ReportContext;

/// Writes the documented JSON report (`docs/output.schema.json`).
pub fn write(result: &ScanResult, cx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut by_severity: BTreeMap<&str, usize> =
        Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for f in &result.findings {
        *by_severity.entry(f.severity.as_str()).or_default() += 1;
    }
    let doc = json!({
        "schemaVersion": SCHEMA_VERSION,
        "tool": {"name": "palisade", "version": cx.tool_version},
        "findings": result.findings,
        "errors": result.errors,
        "warnings": result.warnings,
        "summary": {
            "findings": result.findings.len(),
            "bySeverity": by_severity,
            "errors": result.errors.len(),
            "files": result.stats.files,
            "objects": result.stats.objects,
            "skippedDocuments": result.stats.skipped_documents,
            "suppressed": result.stats.suppressed,
        }
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
