//! OPA's `# METADATA` annotations (YAML in comments before a package or rule), read from
//! the Rego text: regorus parses Rego but does not expose annotations. Only what Palisade
//! turns into rule documentation is kept: title, description, related resources and the
//! `custom` keys `id`, `severity`, `remediation` and `tags`.

use palisade_core::Severity;
use palisade_yaml::{Node, Value};

use crate::PolicyError;

/// One annotation block, attached to a package or a rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Annotation {
    pub title: Option<String>,
    pub description: Option<String>,
    /// `related_resources`: `ref` URLs (with their description, when given).
    pub related: Vec<String>,
    pub id: Option<String>,
    pub severity: Option<Severity>,
    pub remediation: Option<String>,
    pub tags: Vec<String>,
}

impl Annotation {
    /// Fields of `self` win; missing ones come from `outer` (the package's annotation).
    pub fn over(&self, outer: &Annotation) -> Annotation {
        Annotation {
            title: self.title.clone().or_else(|| outer.title.clone()),
            description: self
                .description
                .clone()
                .or_else(|| outer.description.clone()),
            related: if self.related.is_empty() {
                outer.related.clone()
            } else {
                self.related.clone()
            },
            id: self.id.clone().or_else(|| outer.id.clone()),
            severity: self.severity.or(outer.severity),
            remediation: self
                .remediation
                .clone()
                .or_else(|| outer.remediation.clone()),
            tags: if self.tags.is_empty() {
                outer.tags.clone()
            } else {
                self.tags.clone()
            },
        }
    }
}

/// What an annotation is attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The package (and so every rule in it).
    Package,
    /// The rule with this name.
    Rule(String),
}

/// A rule head found at the start of a line: its name and 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RuleHead {
    pub name: String,
    pub line: u32,
}

/// Everything read from one Rego file's text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scanned {
    pub annotations: Vec<(Target, Annotation)>,
    pub heads: Vec<RuleHead>,
}

/// Reads annotations and top-level rule heads. `path` and `line_offset` place errors.
pub(crate) fn scan(path: &str, text: &str, line_offset: u32) -> Result<Scanned, PolicyError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Scanned::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "# METADATA" {
            let start = i + 1;
            let mut yaml = String::new();
            i += 1;
            while i < lines.len() && lines[i].trim_start().starts_with('#') {
                let body = lines[i].trim_start().trim_start_matches('#');
                yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
                yaml.push('\n');
                i += 1;
            }
            let first_line = line_offset + start as u32 + 1;
            let (annotation, scope) = parse_block(path, &yaml, first_line)?;
            // The block belongs to the next non-blank line.
            while i < lines.len() && lines[i].trim().is_empty() {
                i += 1;
            }
            let next = lines.get(i).copied().unwrap_or("");
            let target = if next.trim_start().starts_with("package ")
                || scope.as_deref() == Some("package")
                || scope.as_deref() == Some("subpackages")
            {
                Target::Package
            } else {
                match head_name(next) {
                    Some(name) => Target::Rule(name.to_string()),
                    None => Target::Package,
                }
            };
            out.annotations.push((target, annotation));
            continue;
        }
        if let Some(name) = head_name(line) {
            out.heads.push(RuleHead {
                name: name.to_string(),
                line: line_offset + i as u32 + 1,
            });
        }
        i += 1;
    }
    Ok(out)
}

/// The rule name at the very start of `line` (`deny[msg] {`, `deny contains msg if`,
/// `warn_x := ...`, `test_ok if`), or `None` for anything else.
fn head_name(line: &str) -> Option<&str> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let name = &line[..end];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if matches!(
        name,
        "package" | "import" | "default" | "some" | "every" | "not" | "with" | "else"
    ) {
        return None;
    }
    let rest = line[end..].trim_start();
    let is_head = rest.is_empty()
        || rest.starts_with('[')
        || rest.starts_with('{')
        || rest.starts_with('(')
        || rest.starts_with('=')
        || rest.starts_with(":=")
        || rest.starts_with("contains ")
        || rest.starts_with("if ")
        || rest.starts_with("if{")
        || rest.starts_with('.');
    is_head.then_some(name)
}

fn parse_block(
    path: &str,
    yaml: &str,
    first_line: u32,
) -> Result<(Annotation, Option<String>), PolicyError> {
    let shift = |line: u32| first_line + line.saturating_sub(1);
    let stream = palisade_yaml::load(yaml);
    if let Some(e) = stream.error {
        return Err(PolicyError::at(
            path,
            shift(e.mark.line),
            e.mark.column + 2,
            format!("invalid METADATA block: {}", e.message),
        ));
    }
    let Some(doc) = stream.documents.into_iter().next() else {
        return Ok((Annotation::default(), None));
    };
    let root = doc.root;
    if !root.is_map() {
        return Err(PolicyError::at(
            path,
            shift(root.mark.line),
            1,
            "invalid METADATA block: expected a mapping (title:, description:, custom:, ...)",
        ));
    }
    let text = |n: &Node| n.scalar_text().map(|t| t.into_owned());
    let mut a = Annotation::default();
    let mut scope = None;
    for (k, v) in root.entries() {
        match k.as_str().unwrap_or("") {
            "title" => a.title = text(v),
            "description" => a.description = text(v),
            "scope" => scope = text(v),
            "related_resources" => {
                for item in v.items() {
                    if let Some(url) = text(item) {
                        a.related.push(url);
                    } else if let Some(url) = item.get("ref").and_then(text) {
                        match item.get("description").and_then(text) {
                            Some(d) => a.related.push(format!("{url} ({d})")),
                            None => a.related.push(url),
                        }
                    }
                }
            }
            "custom" => {
                for (ck, cv) in v.entries() {
                    match ck.as_str().unwrap_or("") {
                        "id" => a.id = text(cv),
                        "severity" => {
                            let t = text(cv).unwrap_or_default();
                            a.severity = Some(t.parse().map_err(|m: String| {
                                PolicyError::at(
                                    path,
                                    shift(cv.mark.line),
                                    cv.mark.column + 2,
                                    format!("custom.severity: {m}"),
                                )
                            })?);
                        }
                        "remediation" => a.remediation = text(cv),
                        "tags" => {
                            a.tags = match &cv.value {
                                Value::Seq(items) => items.iter().filter_map(text).collect(),
                                _ => text(cv).into_iter().collect(),
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok((a, scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_of_v0_and_v1_rules() {
        for (line, name) in [
            ("deny[msg] {", Some("deny")),
            ("deny contains msg if {", Some("deny")),
            ("warn_latest[msg] {", Some("warn_latest")),
            ("violation[{\"msg\": msg}] {", Some("violation")),
            ("test_denies if {", Some("test_denies")),
            ("test_x {", Some("test_x")),
            ("deny := true", Some("deny")),
            ("  deny[msg] {", None),
            ("package main", None),
            ("import rego.v1", None),
            ("# deny[msg]", None),
        ] {
            assert_eq!(head_name(line), name, "{line}");
        }
    }

    #[test]
    fn metadata_attaches_to_next_rule_and_package() {
        let text = "# METADATA\n# title: Shop policies\n# custom:\n#   severity: low\npackage main\n\n# METADATA\n# title: No latest\n# description: Pin images.\n# related_resources:\n# - ref: https://example.com/pin\n#   description: why\n# custom:\n#   id: POL001\n#   severity: critical\ndeny_latest contains msg if {\n  true\n}\n";
        let s = scan("p.rego", text, 0).unwrap();
        assert_eq!(s.annotations[0].0, Target::Package);
        assert_eq!(s.annotations[0].1.severity, Some(Severity::Low));
        assert_eq!(s.annotations[1].0, Target::Rule("deny_latest".into()));
        let a = &s.annotations[1].1;
        assert_eq!(a.id.as_deref(), Some("POL001"));
        assert_eq!(a.severity, Some(Severity::Critical));
        assert_eq!(a.related, vec!["https://example.com/pin (why)".to_string()]);
        assert_eq!(
            s.heads,
            vec![RuleHead {
                name: "deny_latest".into(),
                line: 16
            }]
        );
    }

    #[test]
    fn bad_severity_names_the_line() {
        let text = "package main\n# METADATA\n# custom:\n#   severity: urgent\ndeny[msg] { msg := \"x\" }\n";
        let e = scan("p.rego", text, 0).unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("unknown severity"), "{e}");
    }
}
