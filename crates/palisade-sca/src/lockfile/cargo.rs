//! `Cargo.lock` (v1 to v4). Registry packages only; the workspace's own crates (no
//! `source`) are the roots, and what they depend on is direct.

use serde::Deserialize;

use super::{text, Package, Parsed};
use crate::Ecosystem;

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Pkg>,
}

#[derive(Deserialize)]
struct Pkg {
    name: String,
    version: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

pub fn parse(input: &str) -> Parsed {
    let lock: Lock = text::toml(input)?;
    let lines = text::package_header_lines(input);
    // Dependency entries are `name`, or `name version [(source)]` when several versions
    // of `name` are locked.
    let direct: Vec<(&str, Option<&str>)> = lock
        .package
        .iter()
        .filter(|p| p.source.is_none())
        .flat_map(|p| {
            p.dependencies.iter().map(|d| {
                let mut parts = d.split(' ');
                (parts.next().unwrap_or(d), parts.next())
            })
        })
        .collect();
    let has_roots = lock.package.iter().any(|p| p.source.is_none());
    Ok(lock
        .package
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.source
                .as_deref()
                .is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+"))
        })
        .map(|(i, p)| Package {
            name: p.name.clone(),
            version: p.version.clone(),
            ecosystem: Ecosystem::CratesIo,
            file: None,
            direct: has_roots.then(|| {
                direct
                    .iter()
                    .any(|&(n, v)| n == p.name && v.is_none_or(|v| v == p.version))
            }),
            line: lines.get(i).copied().unwrap_or(1),
        })
        .collect())
}
