//! `pubspec.lock`: hosted packages; `dependency: direct main|dev|overridden` marks direct
//! ones.

use super::{text, LockfileError, Package, Parsed};
use crate::Ecosystem;

pub fn parse(input: &str) -> Parsed {
    let docs = text::yaml(input)?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err(LockfileError::new(
            Some(doc.mark.line),
            "expected a mapping with `packages`",
        ));
    }
    let mut out = Vec::new();
    let Some(packages) = doc.get("packages") else {
        return Ok(out);
    };
    for (k, v) in packages.entries() {
        let Some(name) = text::yaml_text(input, k) else {
            continue;
        };
        let source = v
            .get("source")
            .and_then(|s| text::yaml_text(input, s))
            .unwrap_or_default();
        if source != "hosted" {
            continue;
        }
        let Some(version) = v.get("version").and_then(|s| text::yaml_text(input, s)) else {
            continue;
        };
        let mut p = Package::new(Ecosystem::Pub, name, version, k.mark.line);
        p.direct = v
            .get("dependency")
            .and_then(|d| text::yaml_text(input, d))
            .map(|d| d.starts_with("direct"));
        out.push(p);
    }
    Ok(out)
}
