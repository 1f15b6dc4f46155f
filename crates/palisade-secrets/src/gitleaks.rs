//! `--gitleaks-config FILE`: gitleaks-format custom rules and allowlists (TOML), so teams
//! bring their rules along. Supported: `[[rules]]` with `id`, `description`, `regex`,
//! `secretGroup`, `entropy`, `keywords`, `path`, `tags` and per-rule allowlists
//! (`[rules.allowlist]` or `[[rules.allowlists]]`); global `[allowlist]` / `[[allowlists]]`
//! with `paths`, `regexes`, `regexTarget` (`secret`, `match`, `line`) and `stopwords`.
//! Not supported (reported as warnings, the rest is loaded): path-only rules without a
//! `regex`, allowlist `commits`, `condition = "AND"`, composite `[[rules.required]]`.
//! Imported rules join the built-in detectors (family `gitleaks`, their own ids); the
//! built-in ones stay on whatever `[extend]` says.

use std::sync::OnceLock;

use palisade_core::{RuleMeta, Severity};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::{AllowTarget, Allowlist, Confidence, Detector, Extra, Spec};

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    rules: Vec<Rule>,
    allowlist: Option<AllowSpec>,
    #[serde(default)]
    allowlists: Vec<AllowSpec>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    description: Option<String>,
    regex: Option<String>,
    path: Option<String>,
    #[serde(default)]
    secret_group: usize,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    allowlist: Option<AllowSpec>,
    #[serde(default)]
    allowlists: Vec<AllowSpec>,
    required: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AllowSpec {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    regex_target: Option<String>,
    #[serde(default)]
    commits: Vec<String>,
    condition: Option<String>,
}

/// What a gitleaks configuration brought.
pub struct Imported {
    /// Detectors built from its rules (alive for the rest of the process).
    pub detectors: Vec<&'static Detector>,
    /// Its global allowlists.
    pub allowlists: Vec<Allowlist>,
    /// What was not imported, and why.
    pub warnings: Vec<String>,
}

/// Reads a gitleaks TOML configuration. Errors name the file and the rule.
pub fn load(path: &std::path::Path) -> Result<Imported, String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    parse(&shown, &text)
}

/// Parses gitleaks TOML; `shown` is used in messages and rule docs.
pub fn parse(shown: &str, text: &str) -> Result<Imported, String> {
    let file: File = toml::from_str(text).map_err(|e| format!("{shown}: {e}"))?;
    let mut out = Imported {
        detectors: Vec::new(),
        allowlists: Vec::new(),
        warnings: Vec::new(),
    };
    let mut global = file.allowlists;
    global.extend(file.allowlist);
    for spec in global {
        out.allowlists.push(allowlist(
            &spec,
            shown,
            "the global allowlist",
            &mut out.warnings,
        )?);
    }
    for rule in file.rules {
        let Some(pattern) = rule.regex.clone() else {
            out.warnings.push(format!(
                "{shown}: rule `{}` has no `regex` (path-only rules are not supported); skipped",
                rule.id
            ));
            continue;
        };
        if rule.required.is_some() {
            out.warnings.push(format!(
                "{shown}: rule `{}`: `required` (composite rules) is not supported; the rule runs alone",
                rule.id
            ));
        }
        let regex = compile(&pattern)
            .map_err(|e| format!("{shown}: rule `{}`: invalid regex: {e}", rule.id))?;
        let path = match &rule.path {
            Some(p) => Some(
                compile(p)
                    .map_err(|e| format!("{shown}: rule `{}`: invalid path: {e}", rule.id))?,
            ),
            None => None,
        };
        let mut allow = Vec::new();
        let mut specs = rule.allowlists;
        specs.extend(rule.allowlist);
        let what = format!("rule `{}`", rule.id);
        for spec in &specs {
            allow.push(allowlist(spec, shown, &what, &mut out.warnings)?);
        }
        let keywords: Vec<&'static str> = rule
            .keywords
            .iter()
            .map(|k| leak(k.to_ascii_lowercase()))
            .collect();
        let summary = rule.description.clone().unwrap_or_else(|| rule.id.clone());
        let doc = format!(
            " ## What it checks\n Imported from `{shown}` (gitleaks format): {summary}.\n\n \
             ```text\n {pattern}\n ```\n\n ## Why it matters\n A rule your team wrote for a \
             credential format of its own.\n\n ## How to fix\n Rotate the credential and remove \
             it from the repository; see the rule's owner.\n\n ## References\n - gitleaks \
             configuration format (`[[rules]]`)\n"
        );
        let detector = Detector {
            meta: RuleMeta {
                id: leak(rule.id.clone()),
                aliases: &[],
                name: leak(rule.id.clone()),
                family: "gitleaks",
                severity: Severity::High,
                summary: leak(summary),
                remediation: "Rotate the credential and remove it from the repository (imported gitleaks rule).",
                tags: Box::leak(
                    rule.tags
                        .iter()
                        .map(|t| leak(t.clone()))
                        .collect::<Vec<_>>()
                        .into_boxed_slice(),
                ),
                default_enabled: true,
                doc: leak(doc),
            },
            spec: Spec {
                keywords: Box::leak(keywords.into_boxed_slice()),
                pattern: leak(pattern),
                min_entropy: rule.entropy.unwrap_or(0.0),
                confidence: Confidence::Medium,
                ..Spec::DEFAULT
            },
            regex: OnceLock::from(regex),
            extra: Some(Box::new(Extra {
                path,
                secret_group: rule.secret_group,
                allow,
            })),
        };
        out.detectors.push(Box::leak(Box::new(detector)));
    }
    Ok(out)
}

fn allowlist(
    spec: &AllowSpec,
    shown: &str,
    what: &str,
    warnings: &mut Vec<String>,
) -> Result<Allowlist, String> {
    if !spec.commits.is_empty() {
        warnings.push(format!(
            "{shown}: {what}: allowlist `commits` are not supported; ignored"
        ));
    }
    if spec
        .condition
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("and"))
    {
        warnings.push(format!(
            "{shown}: {what}: `condition = \"AND\"` is not supported; entries apply on their own (OR)"
        ));
    }
    let target = match spec.regex_target.as_deref() {
        None | Some("secret") => AllowTarget::Secret,
        Some("match") => AllowTarget::Match,
        Some("line") => AllowTarget::Line,
        Some(other) => {
            return Err(format!(
                "{shown}: {what}: unknown regexTarget `{other}`, expected secret, match or line"
            ))
        }
    };
    let regexes = spec
        .regexes
        .iter()
        .map(|r| compile(r).map_err(|e| format!("{shown}: {what}: invalid allowlist regex: {e}")))
        .collect::<Result<_, _>>()?;
    let paths = spec
        .paths
        .iter()
        .map(|r| compile(r).map_err(|e| format!("{shown}: {what}: invalid allowlist path: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(Allowlist {
        paths,
        regexes,
        target,
        stopwords: spec.stopwords.clone(),
    })
}

/// Go (RE2) patterns mostly read the same in Rust's regex; ASCII semantics first, Unicode
/// classes (`\p{L}`) when the pattern needs them.
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 24)
        .build()
        .or_else(|_| RegexBuilder::new(pattern).size_limit(1 << 24).build())
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Scanner, Target};

    const CONFIG: &str = r#"
title = "team rules"

[extend]
useDefault = true

[[rules]]
id = "shop-internal-token"
description = "Shop internal API token"
regex = '''shop_(?:live|test)_([a-z0-9]{32})'''
secretGroup = 1
entropy = 3.0
keywords = ["SHOP_"]
tags = ["internal"]

[rules.allowlist]
stopwords = ["deadbeef"]

[[rules]]
id = "files-only"
path = '''\.p12$'''

[allowlist]
paths = ['''(^|/)vendor/''']
regexes = ['''^shop_test_''']
regexTarget = "match"
"#;

    fn scanner(i: &Imported) -> Scanner {
        Scanner::with_extra(
            &|_| true,
            Options::default(),
            &i.detectors,
            i.allowlists.clone(),
        )
    }

    fn scan(s: &Scanner, path: &str, text: &str) -> Vec<String> {
        s.scan(
            &Target {
                shown: path,
                repo_path: path,
            },
            text.as_bytes(),
        )
        .into_iter()
        .map(|f| f.rule.into_owned())
        .collect()
    }

    #[test]
    fn imports_rules_with_group_entropy_keywords_and_allowlists() {
        let i = parse("gitleaks.toml", CONFIG).unwrap();
        assert_eq!(i.detectors.len(), 1);
        assert!(i.warnings[0].contains("files-only"), "{:?}", i.warnings);
        let s = scanner(&i);
        let live = "token = shop_live_9f2k4m7q1x8z3c6v0b5n2m8k4j7h1g3d\n";
        assert_eq!(scan(&s, "src/a.py", live), ["shop-internal-token"]);
        // Global allowlist: the match starts with shop_test_.
        let test = "token = shop_test_9f2k4m7q1x8z3c6v0b5n2m8k4j7h1g3d\n";
        assert!(scan(&s, "src/a.py", test).is_empty());
        // Global path allowlist.
        assert!(scan(&s, "vendor/lib/a.py", live).is_empty());
        // Rule stopword.
        let stop = "token = shop_live_deadbeef1x8z3c6v0b5n2m8k4j7h1g3d\n";
        assert!(scan(&s, "src/a.py", stop).is_empty());
        // Entropy threshold.
        let low = "token = shop_live_abababababababababababababababab\n";
        assert!(scan(&s, "src/a.py", low).is_empty());
    }

    #[test]
    fn bad_regexes_name_the_rule() {
        let e = parse("g.toml", "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n")
            .err()
            .unwrap();
        assert!(e.contains("rule `x`") && e.contains("g.toml"), "{e}");
        assert!(parse("g.toml", "rules = 3").is_err());
    }
}
