use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use palisade_core::{ScanResult, Severity};

use crate::ReportContext;

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Critical => AnsiColor::BrightRed,
        Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
        Severity::Info => AnsiColor::BrightBlack,
    };
    let style = Style::new().fg_color(Some(color.into()));
    if s >= Severity::High {
        style.bold()
    } else {
        style
    }
}

/// Writes findings grouped by file, then object, then position.
pub fn write(result: &ScanResult, cx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let paint = |style: Style, text: &str| -> String {
        if cx.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut last_path: Option<&str> = None;
    let mut last_object: Option<String> = None;
    for f in &result.findings {
        if last_path != Some(f.location.path.as_str()) {
            if last_path.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", paint(bold.underline(), &f.location.path))?;
            last_path = Some(&f.location.path);
            last_object = None;
        }
        let object = f
            .location
            .object
            .as_ref()
            .map(|o| o.to_string())
            .unwrap_or_default();
        if last_object.as_deref() != Some(object.as_str()) {
            // Findings about a file rather than an object (secrets) have no object line.
            if !object.is_empty() {
                writeln!(out, "  {}", paint(bold, &object))?;
            }
            last_object = Some(object);
        }
        let sev = format!("{:<8}", f.severity.as_str().to_uppercase());
        writeln!(
            out,
            "    {:>5}:{:<3} {} {:<7} {}",
            f.location.line,
            f.location.column,
            paint(severity_style(f.severity), &sev),
            f.rule,
            f.title
        )?;
    }
    if !result.findings.is_empty() {
        writeln!(out)?;
    }
    for e in &result.errors {
        writeln!(
            out,
            "{} {e}",
            paint(severity_style(Severity::High), "error:")
        )?;
    }
    for w in &result.warnings {
        writeln!(
            out,
            "{} {w}",
            paint(severity_style(Severity::Medium), "warning:")
        )?;
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = result.findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| paint(severity_style(*s), &format!("{n} {s}")))
        })
        .collect();
    let breakdown = if counts.is_empty() {
        String::new()
    } else {
        format!(" ({})", counts.join(", "))
    };
    let s = &result.stats;
    writeln!(
        out,
        "{} {} finding{}{breakdown} in {} file{}, {} object{}{}{}",
        paint(bold, "Summary:"),
        result.findings.len(),
        if result.findings.len() == 1 { "" } else { "s" },
        s.files,
        if s.files == 1 { "" } else { "s" },
        s.objects,
        if s.objects == 1 { "" } else { "s" },
        if s.suppressed > 0 {
            paint(dim, &format!("; {} suppressed", s.suppressed))
        } else {
            String::new()
        },
        if result.errors.is_empty() {
            String::new()
        } else {
            format!(
                "; {} input error{}",
                result.errors.len(),
                if result.errors.len() == 1 { "" } else { "s" }
            )
        },
    )
}
