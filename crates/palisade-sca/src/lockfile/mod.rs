//! Lockfile parsers: what each lockfile pins, with the line it is pinned on.
//!
//! Each parser reports every package with a concrete version as [`Package`]: name (as the
//! ecosystem spells it), version, ecosystem, whether it is a direct dependency when the
//! file says so, and the 1-based line of its entry. Packages that are not from the
//! ecosystem's registry (local paths, workspace members, git checkouts without a
//! version) are left out: no advisory can name them.
//!
//! A file that is not valid for its format (truncated JSON, bad TOML, a YAML error) is a
//! [`LockfileError`] with the line where the problem was found; the caller reports it and
//! goes on with the other files.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Ecosystem;

mod cargo;
mod dotnet;
mod elixir;
mod golang;
mod gradle;
mod maven;
mod npm;
mod php;
mod pnpm;
mod pubdev;
mod python;
mod ruby;
mod text;
mod yarn;

/// One pinned package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// Name as the ecosystem spells it (`@types/node`, `org.slf4j:slf4j-api`).
    pub name: String,
    /// The pinned version.
    pub version: String,
    /// Ecosystem.
    pub ecosystem: Ecosystem,
    /// `Some(true)` for a direct dependency, `Some(false)` for a transitive one, `None`
    /// when the lockfile does not say.
    pub direct: Option<bool>,
    /// 1-based line of the package's entry in the lockfile.
    pub line: u32,
    /// The file the entry is in, when it is not the parsed file itself (a requirements
    /// file included with `-r`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<std::path::PathBuf>,
}

impl Package {
    pub(crate) fn new(
        ecosystem: Ecosystem,
        name: impl Into<String>,
        version: impl Into<String>,
        line: u32,
    ) -> Package {
        Package {
            name: name.into(),
            version: version.into(),
            ecosystem,
            direct: None,
            line,
            file: None,
        }
    }
}

/// A lockfile that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockfileError {
    /// 1-based line where the problem was found, when known.
    pub line: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LockfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LockfileError {}

impl LockfileError {
    pub(crate) fn new(line: Option<u32>, message: impl Into<String>) -> Self {
        LockfileError {
            line,
            message: message.into(),
        }
    }
}

/// Result of parsing one lockfile.
pub type Parsed = Result<Vec<Package>, LockfileError>;

/// The lockfile formats we read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// `Cargo.lock`.
    CargoLock,
    /// `package-lock.json` (v1, v2, v3) and `npm-shrinkwrap.json`.
    PackageLock,
    /// `yarn.lock` (v1 and berry).
    YarnLock,
    /// `pnpm-lock.yaml` (v5 to v9).
    PnpmLock,
    /// `requirements*.txt` (pins, hashes, `-r` includes, markers).
    Requirements,
    /// `poetry.lock`.
    PoetryLock,
    /// `Pipfile.lock`.
    PipfileLock,
    /// `uv.lock`.
    UvLock,
    /// `pdm.lock`.
    PdmLock,
    /// `go.mod`.
    GoMod,
    /// `Gemfile.lock` / `gems.locked`.
    GemfileLock,
    /// `composer.lock`.
    ComposerLock,
    /// `pom.xml` (direct dependencies, properties resolved).
    PomXml,
    /// `gradle.lockfile`.
    GradleLockfile,
    /// NuGet `packages.lock.json`.
    NugetLock,
    /// `mix.lock`.
    MixLock,
    /// `pubspec.lock`.
    PubspecLock,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 17] = [
        Format::CargoLock,
        Format::PackageLock,
        Format::YarnLock,
        Format::PnpmLock,
        Format::Requirements,
        Format::PoetryLock,
        Format::PipfileLock,
        Format::UvLock,
        Format::PdmLock,
        Format::GoMod,
        Format::GemfileLock,
        Format::ComposerLock,
        Format::PomXml,
        Format::GradleLockfile,
        Format::NugetLock,
        Format::MixLock,
        Format::PubspecLock,
    ];

    /// The usual file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::CargoLock => "Cargo.lock",
            Format::PackageLock => "package-lock.json",
            Format::YarnLock => "yarn.lock",
            Format::PnpmLock => "pnpm-lock.yaml",
            Format::Requirements => "requirements.txt",
            Format::PoetryLock => "poetry.lock",
            Format::PipfileLock => "Pipfile.lock",
            Format::UvLock => "uv.lock",
            Format::PdmLock => "pdm.lock",
            Format::GoMod => "go.mod",
            Format::GemfileLock => "Gemfile.lock",
            Format::ComposerLock => "composer.lock",
            Format::PomXml => "pom.xml",
            Format::GradleLockfile => "gradle.lockfile",
            Format::NugetLock => "packages.lock.json",
            Format::MixLock => "mix.lock",
            Format::PubspecLock => "pubspec.lock",
        }
    }

    /// The ecosystem of the packages the format pins.
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Format::CargoLock => Ecosystem::CratesIo,
            Format::PackageLock | Format::YarnLock | Format::PnpmLock => Ecosystem::Npm,
            Format::Requirements
            | Format::PoetryLock
            | Format::PipfileLock
            | Format::UvLock
            | Format::PdmLock => Ecosystem::PyPI,
            Format::GoMod => Ecosystem::Go,
            Format::GemfileLock => Ecosystem::RubyGems,
            Format::ComposerLock => Ecosystem::Packagist,
            Format::PomXml | Format::GradleLockfile => Ecosystem::Maven,
            Format::NugetLock => Ecosystem::NuGet,
            Format::MixLock => Ecosystem::Hex,
            Format::PubspecLock => Ecosystem::Pub,
        }
    }

    /// Recognises a lockfile by its file name, as tools write it: `Cargo.lock`,
    /// `package-lock.json`, `npm-shrinkwrap.json`, `requirements*.txt`, ...
    pub fn detect(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?;
        Some(match name {
            "Cargo.lock" => Format::CargoLock,
            "package-lock.json" | "npm-shrinkwrap.json" => Format::PackageLock,
            "yarn.lock" => Format::YarnLock,
            "pnpm-lock.yaml" => Format::PnpmLock,
            "poetry.lock" => Format::PoetryLock,
            "Pipfile.lock" => Format::PipfileLock,
            "uv.lock" => Format::UvLock,
            "pdm.lock" => Format::PdmLock,
            "go.mod" => Format::GoMod,
            "Gemfile.lock" | "gems.locked" => Format::GemfileLock,
            "composer.lock" => Format::ComposerLock,
            "pom.xml" => Format::PomXml,
            "gradle.lockfile" => Format::GradleLockfile,
            "packages.lock.json" => Format::NugetLock,
            "mix.lock" => Format::MixLock,
            "pubspec.lock" => Format::PubspecLock,
            n if n.starts_with("requirements") && n.ends_with(".txt") => Format::Requirements,
            _ => return None,
        })
    }
}

/// Parses `bytes` as `format`. `path` is used to resolve `-r` includes of requirements
/// files (relative to the file) and is not otherwise read.
pub fn parse(format: Format, path: &Path, bytes: &[u8]) -> Parsed {
    let text = text::decode(bytes)?;
    let mut packages = match format {
        Format::CargoLock => cargo::parse(&text),
        Format::PackageLock => npm::parse(&text),
        Format::YarnLock => yarn::parse(&text),
        Format::PnpmLock => pnpm::parse(&text),
        Format::Requirements => python::requirements(&text, path),
        Format::PoetryLock => python::poetry(&text),
        Format::PipfileLock => python::pipfile(&text),
        Format::UvLock => python::uv(&text),
        Format::PdmLock => python::pdm(&text),
        Format::GoMod => golang::parse(&text, path),
        Format::GemfileLock => ruby::parse(&text),
        Format::ComposerLock => php::parse(&text),
        Format::PomXml => maven::parse(&text),
        Format::GradleLockfile => gradle::parse(&text),
        Format::NugetLock => dotnet::parse(&text),
        Format::MixLock => elixir::parse(&text),
        Format::PubspecLock => pubdev::parse(&text),
    }?;
    for p in &mut packages {
        p.line = p.line.max(1);
    }
    // One entry per (file, name, version): nested copies of a package (npm v1, pnpm peer
    // variants, NuGet target frameworks) are reported once, at their first line, direct
    // if any copy is.
    let mut seen: std::collections::HashMap<(Option<std::path::PathBuf>, String, String), usize> =
        std::collections::HashMap::new();
    let mut out: Vec<Package> = Vec::with_capacity(packages.len());
    for p in packages {
        let key = (p.file.clone(), p.name.clone(), p.version.clone());
        match seen.get(&key) {
            Some(&i) => {
                if p.direct == Some(true) {
                    out[i].direct = Some(true);
                }
            }
            None => {
                seen.insert(key, out.len());
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// The text of a YAML scalar as written (shared with the OSV YAML loader).
pub(crate) fn yaml_raw_text(text: &str, node: &palisade_yaml::Node) -> Option<String> {
    text::yaml_text(text, node)
}

/// Reads and parses a lockfile from disk.
pub fn parse_file(format: Format, path: &Path) -> Parsed {
    let bytes =
        std::fs::read(path).map_err(|e| LockfileError::new(None, format!("cannot read: {e}")))?;
    parse(format, path, &bytes)
}

#[cfg(test)]
mod tests;
