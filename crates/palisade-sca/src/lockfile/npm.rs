//! `package-lock.json` / `npm-shrinkwrap.json`, lockfile versions 1 (nested
//! `dependencies`), 2 and 3 (flat `packages` keyed by install path).

use serde_json::Value;

use super::text::{self, JsonLines};
use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

/// `npm:real-name@1.2.3` aliases → (`real-name`, `1.2.3`).
pub(super) fn unalias(name: &str, version: &str) -> (String, String) {
    if let Some(spec) = version.strip_prefix("npm:") {
        if let Some(at) = spec[1..].find('@').map(|i| i + 1) {
            return (spec[..at].to_string(), spec[at + 1..].to_string());
        }
    }
    (name.to_string(), version.to_string())
}

/// A registry version (not a path, URL or git reference).
pub(super) fn is_registry_version(v: &str) -> bool {
    v.as_bytes().first().is_some_and(|b| b.is_ascii_digit())
}

pub fn parse(input: &str) -> Parsed {
    let doc = text::json(input)?;
    let obj = doc
        .as_object()
        .ok_or_else(|| LockfileError::new(Some(1), "expected a JSON object"))?;
    let lines = JsonLines::new(input);
    let mut out = Vec::new();
    if let Some(packages) = obj.get("packages").and_then(Value::as_object) {
        let root = packages.get("").cloned().unwrap_or(Value::Null);
        let direct: Vec<&str> = [
            "dependencies",
            "devDependencies",
            "optionalDependencies",
            "peerDependencies",
        ]
        .iter()
        .filter_map(|k| root.get(k).and_then(Value::as_object))
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
        for (key, p) in packages {
            let Some(idx) = key.rfind("node_modules/") else {
                continue;
            };
            if p.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let Some(version) = p.get("version").and_then(Value::as_str) else {
                continue;
            };
            let install_name = &key[idx + "node_modules/".len()..];
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(install_name);
            let (name, version) = unalias(name, version);
            if !is_registry_version(&version) {
                continue;
            }
            out.push(Package {
                name,
                version,
                ecosystem: Ecosystem::Npm,
                file: None,
                direct: Some(idx == 0 && direct.contains(&install_name)),
                line: lines.get(&["packages", key]),
            });
        }
        return Ok(out);
    }
    if let Some(deps) = obj.get("dependencies").and_then(Value::as_object) {
        let mut path = vec!["dependencies".to_string()];
        walk_v1(deps, &mut path, &lines, &mut out);
    }
    Ok(out)
}

fn walk_v1(
    deps: &serde_json::Map<String, Value>,
    path: &mut Vec<String>,
    lines: &JsonLines,
    out: &mut Vec<Package>,
) {
    for (name, d) in deps {
        path.push(name.clone());
        if let Some(version) = d.get("version").and_then(Value::as_str) {
            let (n, v) = unalias(name, version);
            if is_registry_version(&v) {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                out.push(Package {
                    name: n,
                    version: v,
                    ecosystem: Ecosystem::Npm,
                    file: None,
                    direct: None,
                    line: lines.get(&p),
                });
            }
        }
        if let Some(nested) = d.get("dependencies").and_then(Value::as_object) {
            path.push("dependencies".into());
            walk_v1(nested, path, lines, out);
            path.pop();
        }
        path.pop();
    }
}
