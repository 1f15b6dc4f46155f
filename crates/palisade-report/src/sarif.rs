use std::collections::BTreeMap;
use std::io::{self, Write};

use palisade_core::{RuleMeta, ScanResult, Severity};
use serde_json::{json, Value};

use crate::ReportContext;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning reads `security-severity` (0–10) to rank alerts.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// Paths in SARIF are URIs relative to the checkout: `/`-separated, no leading `./`,
/// reserved characters percent-encoded.
fn uri(path: &str) -> String {
    let p = path.trim_start_matches("./");
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let doc = m
        .doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    json!({
        "id": m.id,
        "name": m.name,
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": m.summary},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {
            "tags": m.tags.iter().copied().chain(["security", m.family]).collect::<Vec<_>>(),
            "precision": "very-high",
            "security-severity": security_severity(m.severity),
        }
    })
}

/// Writes SARIF 2.1.0: one run, rule metadata with help text for every rule that has a
/// result, results with physical and logical locations and partial fingerprints; unreadable
/// inputs become tool execution notifications.
pub fn write(result: &ScanResult, cx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    for f in &result.findings {
        if index.contains_key(&*f.rule) {
            continue;
        }
        if let Some(m) = cx.rules.iter().find(|m| m.id == f.rule) {
            index.insert(m.id, rules.len());
            rules.push(rule_descriptor(m));
        }
    }
    let results: Vec<Value> = result
        .findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.title},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.location.path)},
                        "region": {"startLine": f.location.line.max(1), "startColumn": f.location.column.max(1)}
                    },
                    "logicalLocations": f.location.object.as_ref().map(|o| vec![json!({
                        "fullyQualifiedName": o.to_string(),
                        "name": o.name,
                        "kind": "object",
                    })]).unwrap_or_default(),
                }],
                "partialFingerprints": {"palisadeFingerprint/v1": f.fingerprint},
                "properties": {
                    "severity": f.severity,
                    "tags": f.tags,
                    "field": f.location.field,
                    "container": f.container,
                    "remediation": f.remediation,
                }
            });
            if let Some(i) = index.get(&*f.rule) {
                r["ruleIndex"] = json!(i);
            }
            r
        })
        .collect();
    let notifications: Vec<Value> = result
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": {"text": e.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&e.path)},
                    "region": {"startLine": e.line.unwrap_or(1).max(1)}
                }}]
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "palisade",
                "informationUri": "https://github.com/palisade-dev/palisade",
                "semanticVersion": cx.tool_version,
                "version": cx.tool_version,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("./k8s/my app.yaml"), "k8s/my%20app.yaml");
        assert_eq!(uri("a\\b.yaml"), "a/b.yaml");
    }
}
