//! `pnpm-lock.yaml`, lockfile versions 5.x (`/name/1.2.3_peer`), 6 (`/name@1.2.3(peer)`)
//! and 9 (`name@1.2.3`, with `importers` and `snapshots`). Direct dependencies come from
//! the root importer (`importers['.']`, or the top-level lists of single-project v5 files).

use palisade_yaml::Node;

use super::npm::is_registry_version;
use super::{text, LockfileError, Package, Parsed};
use crate::Ecosystem;

/// Package key → (name, version).
fn parse_key(key: &str) -> Option<(String, String)> {
    let k = key.strip_prefix('/').unwrap_or(key);
    // Drop the peer-dependency suffix: `(peer@1.0.0)` (v6+) or `_peer@1.0.0` (v5).
    let k = k.split('(').next().unwrap_or(k);
    if let Some(at) = k.get(1..).and_then(|s| s.find('@')).map(|i| i + 1) {
        let (name, version) = (&k[..at], &k[at + 1..]);
        let slashes = name.matches('/').count();
        let plain = if name.starts_with('@') {
            slashes == 1
        } else {
            slashes == 0
        };
        if plain && !name.contains(':') {
            return Some((name.to_string(), version.to_string()));
        }
    }
    // v5: `name/1.2.3_peer` or `@scope/name/1.2.3`.
    let (name, version) = k.rsplit_once('/')?;
    let version = version.split('_').next().unwrap_or(version);
    Some((name.to_string(), version.to_string()))
}

fn direct_names(doc: &Node, input: &str) -> Option<Vec<String>> {
    let lists = ["dependencies", "devDependencies", "optionalDependencies"];
    let source = doc.get("importers").and_then(|i| i.get(".")).unwrap_or(doc);
    let mut names = Vec::new();
    let mut any = false;
    for l in lists {
        if let Some(m) = source.get(l) {
            any = true;
            for (k, _) in m.entries() {
                if let Some(n) = text::yaml_text(input, k) {
                    names.push(n);
                }
            }
        }
    }
    any.then_some(names)
}

pub fn parse(input: &str) -> Parsed {
    let docs = text::yaml(input)?;
    let mut out = Vec::new();
    for doc in &docs {
        if doc.is_null() {
            continue;
        }
        if !doc.is_map() {
            return Err(LockfileError::new(
                Some(doc.mark.line),
                "expected a mapping at the top of pnpm-lock.yaml",
            ));
        }
        let direct = direct_names(doc, input);
        let Some(packages) = doc.get("packages") else {
            continue;
        };
        for (k, v) in packages.entries() {
            let Some(key) = text::yaml_text(input, k) else {
                continue;
            };
            let named = v.get("name").and_then(|n| text::yaml_text(input, n));
            let versioned = v.get("version").and_then(|n| text::yaml_text(input, n));
            let (name, version) = match (named, versioned) {
                (Some(n), Some(ver)) => (n, ver),
                _ => match parse_key(&key) {
                    Some(nv) => nv,
                    None => continue,
                },
            };
            if !is_registry_version(&version) {
                continue;
            }
            out.push(Package {
                direct: direct.as_ref().map(|d| d.contains(&name)),
                name,
                version,
                ecosystem: Ecosystem::Npm,
                file: None,
                line: k.mark.line,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_key;

    #[test]
    fn keys_of_every_lockfile_version() {
        let nv = |k: &str| parse_key(k).map(|(a, b)| format!("{a} {b}"));
        assert_eq!(nv("/lodash/4.17.21").as_deref(), Some("lodash 4.17.21"));
        assert_eq!(
            nv("/@babel/core/7.1.0_peer@1.0.0").as_deref(),
            Some("@babel/core 7.1.0")
        );
        assert_eq!(
            nv("/@babel/core@7.1.0(peer@1.0.0)").as_deref(),
            Some("@babel/core 7.1.0")
        );
        assert_eq!(nv("acorn@8.7.0").as_deref(), Some("acorn 8.7.0"));
    }
}
