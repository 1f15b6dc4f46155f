//! `mix.lock`: `"key": {:hex, :package, "version", ...}` entries (git and path
//! dependencies are not Hex packages).

use std::sync::LazyLock;

use regex::Regex;

use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

static HEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*"([^"]+)"\s*:\s*\{\s*:hex\s*,\s*:"?([^,"\s]+)"?\s*,\s*"([^"]+)""#)
        .expect("regex")
});

pub fn parse(input: &str) -> Parsed {
    let trimmed = input.trim();
    if !trimmed.is_empty() && !trimmed.starts_with("%{") {
        return Err(LockfileError::new(
            Some(1),
            "expected a mix.lock map (`%{`)",
        ));
    }
    Ok(input
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let c = HEX.captures(l)?;
            Some(Package::new(Ecosystem::Hex, &c[2], &c[3], i as u32 + 1))
        })
        .collect())
}
