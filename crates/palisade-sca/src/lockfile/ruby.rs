//! `Gemfile.lock`: gems of `GEM` sections (`    name (version[-platform])`); the
//! `DEPENDENCIES` section names the direct ones. `GIT` and `PATH` gems are not from
//! RubyGems and are left out.

use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

pub fn parse(input: &str) -> Parsed {
    let mut section = String::new();
    let mut gems: Vec<Package> = Vec::new();
    let mut direct: Vec<String> = Vec::new();
    let mut saw_section = false;
    for (i, raw) in input.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        if !raw.starts_with(' ') {
            section = raw.trim().to_string();
            saw_section = true;
            continue;
        }
        match section.as_str() {
            "GEM" => {
                // Exactly four spaces: a spec; six: one of its dependencies.
                let Some(spec) = raw.strip_prefix("    ") else {
                    continue;
                };
                if spec.starts_with(' ') {
                    continue;
                }
                let Some((name, rest)) = spec.split_once(" (") else {
                    continue;
                };
                let Some(version) = rest.strip_suffix(')') else {
                    return Err(LockfileError::new(
                        Some(i as u32 + 1),
                        format!("expected `name (version)`, found `{}`", spec.trim()),
                    ));
                };
                let version = version.split('-').next().unwrap_or(version);
                gems.push(Package::new(
                    Ecosystem::RubyGems,
                    name.trim(),
                    version,
                    i as u32 + 1,
                ));
            }
            "DEPENDENCIES" => {
                let name = raw.trim().split([' ', '!']).next().unwrap_or("");
                if !name.is_empty() {
                    direct.push(name.to_string());
                }
            }
            _ => {}
        }
    }
    if !saw_section && !input.trim().is_empty() {
        return Err(LockfileError::new(
            Some(1),
            "no Gemfile.lock sections (GEM, DEPENDENCIES, ...) found",
        ));
    }
    let has_deps = !direct.is_empty();
    for g in &mut gems {
        g.direct = has_deps.then(|| direct.contains(&g.name));
    }
    Ok(gems)
}
