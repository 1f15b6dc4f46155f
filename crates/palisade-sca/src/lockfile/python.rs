//! Python: `requirements*.txt`, `poetry.lock`, `Pipfile.lock`, `uv.lock`, `pdm.lock`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::text::{self, JsonLines};
use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

/// A requirement line pinned with `==` / `===` to one version: `name[extras]==1.2.3`.
fn pinned(req: &str) -> Option<(String, String)> {
    let req = req.split(';').next()?.trim();
    // Per-requirement options (`--hash=...`) follow the specifier.
    let req = req.split(" --").next()?.trim();
    let name_end = req
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(req.len());
    let name = &req[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut rest = req[name_end..].trim_start();
    if rest.starts_with('[') {
        rest = rest[rest.find(']')? + 1..].trim_start();
    }
    let version = rest
        .strip_prefix("===")
        .or_else(|| rest.strip_prefix("=="))?
        .trim();
    let version = version.split_whitespace().next()?;
    if version.contains([',', '*', '$', '{']) || version.is_empty() {
        return None;
    }
    Some((name.to_string(), version.to_string()))
}

/// `requirements*.txt`: exact pins (`==`, `===`), with `\` continuations, comments,
/// environment markers, `--hash` options and `-r`/`--requirement` includes (relative to
/// the including file; each file read once). Other requirement forms (ranges, URLs,
/// editable installs) pin nothing and are left out.
pub fn requirements(input: &str, path: &Path) -> Parsed {
    let mut out = Vec::new();
    let mut visited = vec![path.to_path_buf()];
    requirements_into(input, path, None, &mut visited, &mut out)?;
    Ok(out)
}

fn requirements_into(
    input: &str,
    path: &Path,
    shown: Option<PathBuf>,
    visited: &mut Vec<PathBuf>,
    out: &mut Vec<Package>,
) -> Result<(), LockfileError> {
    let mut logical = String::new();
    let mut start = 0u32;
    for (i, raw) in input.lines().enumerate() {
        if logical.is_empty() {
            start = i as u32 + 1;
        }
        let line = match raw
            .find(" #")
            .or_else(|| raw.trim_start().starts_with('#').then_some(0))
        {
            Some(c) => &raw[..c],
            None => raw,
        };
        if let Some(cont) = line.trim_end().strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            continue;
        }
        logical.push_str(line);
        let entry = std::mem::take(&mut logical);
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if let Some(rest) = entry
            .strip_prefix("-r")
            .or_else(|| entry.strip_prefix("--requirement"))
        {
            let target = rest.trim_start_matches(['=', ' ']).trim();
            let include = path.parent().unwrap_or(Path::new(".")).join(target);
            if visited.contains(&include) {
                continue;
            }
            visited.push(include.clone());
            let bytes = text::read_bounded(&include).map_err(|e| {
                LockfileError::new(
                    Some(start),
                    format!("cannot read included file {}: {e}", include.display()),
                )
            })?;
            let text = text::decode(&bytes)?;
            requirements_into(&text, &include, Some(include.clone()), visited, out).map_err(
                |e| {
                    LockfileError::new(
                        Some(start),
                        format!("in included {}: {e}", include.display()),
                    )
                },
            )?;
            continue;
        }
        if entry.starts_with('-') {
            continue;
        }
        if let Some((name, version)) = pinned(entry) {
            let mut p = Package::new(Ecosystem::PyPI, name, version, start);
            p.file = shown.clone();
            out.push(p);
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct TomlLock {
    #[serde(default)]
    package: Vec<TomlPkg>,
}

#[derive(Deserialize)]
struct TomlPkg {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    source: Option<toml::Value>,
    #[serde(default)]
    dependencies: Option<toml::Value>,
}

/// `poetry.lock`: registry packages (no `source`, or a `legacy` index).
pub fn poetry(input: &str) -> Parsed {
    let lock: TomlLock = text::toml(input)?;
    let lines = text::package_header_lines(input);
    Ok(lock
        .package
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.source.as_ref().is_none_or(|s| {
                matches!(
                    s.get("type").and_then(|t| t.as_str()),
                    Some("legacy") | None
                )
            })
        })
        .filter_map(|(i, p)| {
            let v = p.version.clone()?;
            Some(Package::new(
                Ecosystem::PyPI,
                &p.name,
                v,
                lines.get(i).copied().unwrap_or(1),
            ))
        })
        .collect())
}

/// `pdm.lock`.
pub fn pdm(input: &str) -> Parsed {
    let lock: TomlLock = text::toml(input)?;
    let lines = text::package_header_lines(input);
    Ok(lock
        .package
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let v = p.version.clone()?;
            Some(Package::new(
                Ecosystem::PyPI,
                &p.name,
                v,
                lines.get(i).copied().unwrap_or(1),
            ))
        })
        .collect())
}

/// `uv.lock`: registry packages; the project itself (`editable`/`virtual` source) is the
/// root whose dependencies are direct.
pub fn uv(input: &str) -> Parsed {
    let lock: TomlLock = text::toml(input)?;
    let lines = text::package_header_lines(input);
    let is_root = |p: &TomlPkg| {
        p.source
            .as_ref()
            .is_some_and(|s| s.get("editable").is_some() || s.get("virtual").is_some())
    };
    let mut direct: Vec<String> = Vec::new();
    let mut has_root = false;
    for p in lock.package.iter().filter(|p| is_root(p)) {
        has_root = true;
        if let Some(toml::Value::Array(deps)) = &p.dependencies {
            direct.extend(deps.iter().filter_map(|d| {
                d.get("name")?
                    .as_str()
                    .map(|s| Ecosystem::PyPI.normalize_name(s))
            }));
        }
    }
    Ok(lock
        .package
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.source
                .as_ref()
                .is_none_or(|s| s.get("registry").is_some())
        })
        .filter_map(|(i, p)| {
            let mut pkg = Package::new(
                Ecosystem::PyPI,
                &p.name,
                p.version.clone()?,
                lines.get(i).copied().unwrap_or(1),
            );
            pkg.direct =
                has_root.then(|| direct.contains(&Ecosystem::PyPI.normalize_name(&p.name)));
            Some(pkg)
        })
        .collect())
}

/// `Pipfile.lock`: `default` and `develop` sections, `"version": "==1.2.3"`.
pub fn pipfile(input: &str) -> Parsed {
    let doc = text::json(input)?;
    if !doc.is_object() {
        return Err(LockfileError::new(Some(1), "expected a JSON object"));
    }
    let lines = JsonLines::new(input);
    let mut out = Vec::new();
    for section in ["default", "develop"] {
        let Some(deps) = doc.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (name, d) in deps {
            let Some(v) = d.get("version").and_then(Value::as_str) else {
                continue;
            };
            let v = v.trim_start_matches("===").trim_start_matches("==");
            out.push(Package::new(
                Ecosystem::PyPI,
                name,
                v,
                lines.get(&[section, name]),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::pinned;

    #[test]
    fn pins_extras_markers_and_hashes() {
        let p = |s: &str| pinned(s).map(|(n, v)| format!("{n} {v}"));
        assert_eq!(p("Django==4.2.1").as_deref(), Some("Django 4.2.1"));
        assert_eq!(
            p("requests[socks] == 2.31.0 ; python_version > \"3.7\"").as_deref(),
            Some("requests 2.31.0")
        );
        assert_eq!(
            p("flask==2.0.0 --hash=sha256:abc").as_deref(),
            Some("flask 2.0.0")
        );
        assert_eq!(p("six===1.16.0").as_deref(), Some("six 1.16.0"));
        assert_eq!(p("urllib3>=1.26"), None);
        assert_eq!(p("pkg==1.*"), None);
        assert_eq!(p("pkg @ https://example.invalid/pkg.whl"), None);
    }
}
