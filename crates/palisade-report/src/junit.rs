use std::collections::BTreeMap;
use std::io::{self, Write};

use palisade_core::ScanResult;

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes JUnit XML: one test suite per file, one failing test case per finding, one
/// erroring test case per unreadable input; a clean scan is one passing test case.
pub fn write(result: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
    let mut suites: BTreeMap<&str, (Vec<String>, usize, usize)> = BTreeMap::new();
    for f in &result.findings {
        let object = f
            .location
            .object
            .as_ref()
            .map(|o| o.to_string())
            .unwrap_or_default();
        let case = format!(
            "    <testcase classname=\"{cls}\" name=\"{name}\">\n      <failure type=\"{sev}\" message=\"{msg}\">{body}</failure>\n    </testcase>\n",
            cls = xml_escape(&f.location.path),
            name = xml_escape(&format!("{} {object}: {}", f.rule, f.title)),
            sev = f.severity,
            msg = xml_escape(&f.title),
            body = xml_escape(&format!(
                "{}:{}:{} {} [{}]\n{}\n{}",
                f.location.path,
                f.location.line,
                f.location.column,
                f.rule,
                f.severity,
                f.location.field.as_deref().unwrap_or(""),
                f.remediation.as_deref().unwrap_or("")
            )),
        );
        let entry = suites.entry(&f.location.path).or_default();
        entry.0.push(case);
        entry.1 += 1;
    }
    for e in &result.errors {
        let case = format!(
            "    <testcase classname=\"{cls}\" name=\"read {cls}\">\n      <error message=\"{msg}\"/>\n    </testcase>\n",
            cls = xml_escape(&e.path),
            msg = xml_escape(&e.to_string()),
        );
        let entry = suites.entry(&e.path).or_default();
        entry.0.push(case);
        entry.2 += 1;
    }
    let failures: usize = suites.values().map(|s| s.1).sum();
    let errors: usize = suites.values().map(|s| s.2).sum();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    if suites.is_empty() {
        writeln!(
            out,
            "<testsuites name=\"palisade\" tests=\"1\" failures=\"0\" errors=\"0\">"
        )?;
        writeln!(
            out,
            "  <testsuite name=\"palisade scan\" tests=\"1\" failures=\"0\" errors=\"0\">"
        )?;
        writeln!(
            out,
            "    <testcase classname=\"palisade\" name=\"no findings\"/>"
        )?;
        writeln!(out, "  </testsuite>")?;
    } else {
        writeln!(
            out,
            "<testsuites name=\"palisade\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
            failures + errors
        )?;
        for (path, (cases, f, e)) in &suites {
            writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"{e}\">",
                xml_escape(path),
                cases.len()
            )?;
            for c in cases {
                out.write_all(c.as_bytes())?;
            }
            writeln!(out, "  </testsuite>")?;
        }
    }
    writeln!(out, "</testsuites>")
}
