//! Output formats for a [`ScanResult`]: a table for people, JSON (our own versioned
//! schema, `docs/output.schema.json`), SARIF 2.1.0 for code-scanning platforms and JUnit
//! XML for CI test reports. One module per format; each writes to any `io::Write`.
//!
//! Deliberately not here: deciding what is reported (`palisade-core`) or where the bytes
//! go (the CLI).
#![warn(missing_docs)]

mod json;
mod junit;
mod sarif;
mod table;

use std::io::{self, Write};

use palisade_core::{RuleMeta, ScanResult};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Findings grouped by file and object, for a terminal.
    Table,
    /// Palisade's JSON schema.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
}

/// What the writers need besides the result.
pub struct ReportContext<'a> {
    /// Metadata of the rules (SARIF embeds rule help; the table does not need it).
    pub rules: &'a [&'static RuleMeta],
    /// Palisade's version.
    pub tool_version: &'a str,
    /// Use ANSI colours (table only).
    pub color: bool,
}

/// Writes `result` in `format`.
pub fn write(
    format: Format,
    result: &ScanResult,
    cx: &ReportContext<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::write(result, cx, out),
        Format::Json => json::write(result, cx, out),
        Format::Sarif => sarif::write(result, cx, out),
        Format::Junit => junit::write(result, out),
    }
}
