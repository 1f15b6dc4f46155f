//! `gradle.lockfile`: `group:artifact:version=configurations` lines.

use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

pub fn parse(input: &str) -> Parsed {
    let mut out = Vec::new();
    for (i, raw) in input.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("empty=") {
            continue;
        }
        let coords = line.split('=').next().unwrap_or(line);
        let parts: Vec<&str> = coords.split(':').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(LockfileError::new(
                Some(i as u32 + 1),
                format!("expected `group:artifact:version=configurations`, found `{line}`"),
            ));
        }
        let mut p = Package::new(
            Ecosystem::Maven,
            format!("{}:{}", parts[0], parts[1]),
            parts[2],
            i as u32 + 1,
        );
        p.direct = None;
        out.push(p);
    }
    Ok(out)
}
