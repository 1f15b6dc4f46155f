//! `yarn.lock`, both the classic v1 format and berry (v2+, YAML). Read line by line: an
//! unindented `spec[, spec...]:` header opens an entry, its two-space-indented `version`
//! line pins it. Workspace, link, file, patch and git entries are not registry packages.

use super::npm::is_registry_version;
use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"')
}

/// `@scope/name@npm:^1.0.0` → (`@scope/name`, `npm:^1.0.0`).
fn split_spec(spec: &str) -> Option<(&str, &str)> {
    let at = spec.get(1..)?.find('@')? + 1;
    Some((&spec[..at], &spec[at + 1..]))
}

/// Protocols of entries that are not registry packages. (`patch:` entries patch a
/// registry package and keep its version, so they stay.)
const LOCAL: [&str; 7] = [
    "workspace:",
    "link:",
    "portal:",
    "file:",
    "git",
    "exec:",
    "http",
];

pub fn parse(input: &str) -> Parsed {
    let mut out = Vec::new();
    let mut current: Option<(String, u32, bool)> = None; // name, line, skip
    let mut version: Option<String> = None;
    let mut resolved_local = false;
    let mut flush =
        |cur: &mut Option<(String, u32, bool)>, version: &mut Option<String>, local: &mut bool| {
            if let (Some((name, line, skip)), Some(v)) = (cur.take(), version.take()) {
                if !skip && !*local && is_registry_version(&v) {
                    out.push(Package {
                        name,
                        version: v,
                        ecosystem: Ecosystem::Npm,
                        file: None,
                        direct: None,
                        line,
                    });
                }
            }
            *cur = None;
            *version = None;
            *local = false;
        };
    let mut saw_header = false;
    for (i, raw) in input.lines().enumerate() {
        let line_no = i as u32 + 1;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if !raw.starts_with(' ') {
            flush(&mut current, &mut version, &mut resolved_local);
            let header = raw.trim_end();
            let Some(header) = header.strip_suffix(':') else {
                return Err(LockfileError::new(
                    Some(line_no),
                    format!("expected an entry header ending in `:`, found `{header}`"),
                ));
            };
            saw_header = true;
            let first = unquote(header.split(", ").next().unwrap_or(header));
            if first == "__metadata" {
                current = Some((String::new(), line_no, true));
                continue;
            }
            let Some((name, range)) = split_spec(first) else {
                current = Some((String::new(), line_no, true));
                continue;
            };
            let skip = LOCAL
                .iter()
                .any(|p| range.starts_with(p) || range.contains(&format!("@{p}")));
            current = Some((name.to_string(), line_no, skip));
            continue;
        }
        // Only the entry's own fields (two spaces), not nested dependency lists.
        let Some(field) = raw.strip_prefix("  ") else {
            continue;
        };
        if field.starts_with(' ') {
            continue;
        }
        let (key, value) = match field.split_once(':') {
            Some((k, v)) if !k.contains(' ') && !k.contains('"') => (k.trim(), v.trim()),
            _ => match field.split_once(' ') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => continue,
            },
        };
        let value = unquote(value);
        match key {
            "version" => version = Some(value.to_string()),
            "resolved" => {
                resolved_local |= value.starts_with("git")
                    || value.starts_with("file:")
                    || value.contains("codeload.github.com");
            }
            "resolution" => {
                if let Some((_, proto)) = split_spec(value) {
                    let patched_npm = proto.starts_with("patch:") && proto.contains("@npm%3A");
                    resolved_local |= !(proto.starts_with("npm:") || patched_npm);
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut version, &mut resolved_local);
    if !saw_header
        && !input.trim().is_empty()
        && !input
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(LockfileError::new(Some(1), "no yarn.lock entries found"));
    }
    Ok(out)
}
