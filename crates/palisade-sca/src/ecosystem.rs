//! OSV ecosystems and the version scheme each one orders its versions by.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::version::Scheme;

/// A package ecosystem, named as OSV names it (`npm`, `crates.io`, `PyPI`, `Debian`, ...).
///
/// OSV ecosystem strings may carry a release after a colon (`Debian:12`, `Alpine:v3.18`,
/// `Ubuntu:22.04:LTS`); [`Ecosystem::parse`] keeps only the base name, which decides the
/// version scheme. The release is a separate matter for OS package scanning.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Ecosystem {
    /// npm (node-semver ordering).
    Npm,
    /// crates.io (Cargo's SemVer).
    CratesIo,
    /// Go modules.
    Go,
    /// Python Package Index (PEP 440).
    PyPI,
    /// Maven Central and other Maven repositories.
    Maven,
    /// RubyGems.
    RubyGems,
    /// NuGet.
    NuGet,
    /// Packagist (Composer).
    Packagist,
    /// Pub (Dart, Flutter).
    Pub,
    /// Hex (Erlang, Elixir).
    Hex,
    /// CRAN (R).
    Cran,
    /// Hackage (Haskell).
    Hackage,
    /// Debian packages.
    Debian,
    /// Ubuntu packages.
    Ubuntu,
    /// Alpine packages.
    Alpine,
    /// Any other OSV ecosystem, by its base name.
    Other(String),
}

impl Ecosystem {
    /// Parses an OSV ecosystem string (`Debian:12` → `Debian`). Names are matched exactly
    /// as OSV spells them, with a case-insensitive fallback for the well-known ones.
    pub fn parse(text: &str) -> Ecosystem {
        let base = text.split(':').next().unwrap_or(text).trim();
        match base {
            "npm" => Ecosystem::Npm,
            "crates.io" => Ecosystem::CratesIo,
            "Go" => Ecosystem::Go,
            "PyPI" => Ecosystem::PyPI,
            "Maven" => Ecosystem::Maven,
            "RubyGems" => Ecosystem::RubyGems,
            "NuGet" => Ecosystem::NuGet,
            "Packagist" => Ecosystem::Packagist,
            "Pub" => Ecosystem::Pub,
            "Hex" => Ecosystem::Hex,
            "CRAN" => Ecosystem::Cran,
            "Hackage" => Ecosystem::Hackage,
            "Debian" => Ecosystem::Debian,
            "Ubuntu" => Ecosystem::Ubuntu,
            "Alpine" => Ecosystem::Alpine,
            other => match other.to_ascii_lowercase().as_str() {
                "npm" => Ecosystem::Npm,
                "crates.io" | "cargo" => Ecosystem::CratesIo,
                "go" | "golang" => Ecosystem::Go,
                "pypi" => Ecosystem::PyPI,
                "maven" => Ecosystem::Maven,
                "rubygems" => Ecosystem::RubyGems,
                "nuget" => Ecosystem::NuGet,
                "packagist" => Ecosystem::Packagist,
                "pub" => Ecosystem::Pub,
                "hex" => Ecosystem::Hex,
                "cran" => Ecosystem::Cran,
                "hackage" => Ecosystem::Hackage,
                "debian" => Ecosystem::Debian,
                "ubuntu" => Ecosystem::Ubuntu,
                "alpine" => Ecosystem::Alpine,
                _ => Ecosystem::Other(other.to_string()),
            },
        }
    }

    /// The OSV name of the ecosystem.
    pub fn as_str(&self) -> &str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Go => "Go",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Maven => "Maven",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::NuGet => "NuGet",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::Pub => "Pub",
            Ecosystem::Hex => "Hex",
            Ecosystem::Cran => "CRAN",
            Ecosystem::Hackage => "Hackage",
            Ecosystem::Debian => "Debian",
            Ecosystem::Ubuntu => "Ubuntu",
            Ecosystem::Alpine => "Alpine",
            Ecosystem::Other(s) => s,
        }
    }

    /// How versions of this ecosystem are ordered, or `None` when we do not know the
    /// ecosystem's ordering (then only explicit `versions` lists can match).
    pub fn scheme(&self) -> Option<Scheme> {
        Some(match self {
            Ecosystem::Npm | Ecosystem::CratesIo | Ecosystem::Hex => Scheme::SemVer,
            Ecosystem::Go => Scheme::Go,
            Ecosystem::PyPI => Scheme::Pep440,
            Ecosystem::Maven => Scheme::Maven,
            Ecosystem::RubyGems => Scheme::RubyGems,
            Ecosystem::NuGet => Scheme::NuGet,
            Ecosystem::Packagist => Scheme::Packagist,
            Ecosystem::Pub => Scheme::Pub,
            Ecosystem::Cran => Scheme::Cran,
            Ecosystem::Hackage => Scheme::Hackage,
            Ecosystem::Debian | Ecosystem::Ubuntu => Scheme::Dpkg,
            Ecosystem::Alpine => Scheme::Apk,
            Ecosystem::Other(name) => match name.to_ascii_lowercase().as_str() {
                "bitnami" | "swifturl" | "github actions" | "julia" | "conancenter" => {
                    Scheme::SemVer
                }
                "ghc" => Scheme::Hackage,
                "chainguard"
                | "wolfi"
                | "minimos"
                | "alpaquita"
                | "bellsoft hardened containers" => Scheme::Apk,
                "red hat" | "redhat" | "almalinux" | "rocky linux" | "suse" | "opensuse"
                | "mageia" | "openeuler" | "azure linux" | "cbl-mariner" | "photon os"
                | "centos" | "fedora" | "oracle linux" => Scheme::Rpm,
                "opam" => Scheme::Dpkg,
                _ => return None,
            },
        })
    }

    /// The package-URL type (`pkg:TYPE/...`) of this ecosystem, when it has one.
    pub fn purl_type(&self) -> Option<&'static str> {
        Some(match self {
            Ecosystem::Npm => "npm",
            Ecosystem::CratesIo => "cargo",
            Ecosystem::Go => "golang",
            Ecosystem::PyPI => "pypi",
            Ecosystem::Maven => "maven",
            Ecosystem::RubyGems => "gem",
            Ecosystem::NuGet => "nuget",
            Ecosystem::Packagist => "composer",
            Ecosystem::Pub => "pub",
            Ecosystem::Hex => "hex",
            Ecosystem::Cran => "cran",
            Ecosystem::Hackage => "hackage",
            Ecosystem::Debian | Ecosystem::Ubuntu => "deb",
            Ecosystem::Alpine => "apk",
            Ecosystem::Other(_) => return None,
        })
    }

    /// The name under which OSV and the database index a package of this ecosystem.
    ///
    /// PyPI names are compared after PEP 503 normalisation (`Foo_Bar` = `foo-bar`);
    /// Composer, NuGet and Hackage names are case-insensitive. Every other ecosystem
    /// compares names exactly.
    pub fn normalize_name(&self, name: &str) -> String {
        match self {
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut last_sep = false;
                for c in name.trim().chars() {
                    if matches!(c, '-' | '_' | '.') {
                        if !last_sep {
                            out.push('-');
                        }
                        last_sep = true;
                    } else {
                        out.push(c.to_ascii_lowercase());
                        last_sep = false;
                    }
                }
                out
            }
            Ecosystem::Packagist | Ecosystem::NuGet | Ecosystem::Hackage => {
                name.trim().to_ascii_lowercase()
            }
            _ => name.trim().to_string(),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Ecosystem> for String {
    fn from(e: Ecosystem) -> String {
        e.as_str().to_string()
    }
}

impl From<String> for Ecosystem {
    fn from(s: String) -> Ecosystem {
        Ecosystem::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_suffix_is_dropped_and_names_round_trip() {
        assert_eq!(Ecosystem::parse("Debian:12"), Ecosystem::Debian);
        assert_eq!(Ecosystem::parse("Alpine:v3.18"), Ecosystem::Alpine);
        assert_eq!(Ecosystem::parse("crates.io").as_str(), "crates.io");
        assert_eq!(
            Ecosystem::parse("Rocky Linux:9").scheme(),
            Some(Scheme::Rpm)
        );
        assert_eq!(Ecosystem::parse("GIT").scheme(), None);
    }

    #[test]
    fn pypi_names_are_pep503_normalised() {
        let e = Ecosystem::PyPI;
        assert_eq!(e.normalize_name("Foo__Bar.baz"), "foo-bar-baz");
        assert_eq!(e.normalize_name("Django"), "django");
    }
}
