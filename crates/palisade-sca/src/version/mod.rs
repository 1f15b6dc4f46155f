//! Version ordering per ecosystem.
//!
//! Each [`Scheme`] has its own module implementing the ecosystem's published rules (or,
//! where the rules are only an implementation, that implementation's behaviour):
//!
//! | scheme | ecosystems | reference |
//! |---|---|---|
//! | [`Scheme::SemVer`] | npm, crates.io, Hex, Bitnami, SwiftURL | SemVer 2.0 precedence; loose forms (`v1.2`, `=1.2.3`, 4+ components) as node-semver reads them |
//! | [`Scheme::Go`] | Go | `golang.org/x/mod/semver` (pseudo-versions, `+incompatible`) |
//! | [`Scheme::Pep440`] | PyPI | PEP 440, legacy (pre-PEP 440) strings below every valid version |
//! | [`Scheme::Maven`] | Maven | Maven `ComparableVersion` (3.9 rules) |
//! | [`Scheme::RubyGems`] | RubyGems | `Gem::Version` |
//! | [`Scheme::NuGet`] | NuGet | NuGet SemVer (4 components, case-insensitive labels) |
//! | [`Scheme::Packagist`] | Packagist | PHP `version_compare` |
//! | [`Scheme::Pub`] | Pub | `pub_semver` |
//! | [`Scheme::Dpkg`] | Debian, Ubuntu, opam | `dpkg --compare-versions` |
//! | [`Scheme::Apk`] | Alpine, Wolfi, Chainguard | `apk version` |
//! | [`Scheme::Rpm`] | Red Hat, AlmaLinux, Rocky, SUSE, ... | `rpmvercmp` with epoch and release |
//! | [`Scheme::Cran`] | CRAN | R `package_version` |
//! | [`Scheme::Hackage`] | Hackage, GHC | Haskell `Data.Version` |
//!
//! Parsing is total: every string gets a place in the order (as the reference tools do for
//! the odd strings found in real advisories); `is_valid` answers the stricter question for
//! schemes that define validity.

use std::cmp::Ordering;

pub mod apk;
pub mod cran;
pub mod dpkg;
pub mod go;
pub mod hackage;
pub mod maven;
pub mod npm_range;
pub mod nuget;
pub mod packagist;
pub mod pep440;
pub mod pubdev;
pub mod rpm;
pub mod rubygems;
pub mod semver;

/// A version ordering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Semantic Versioning 2.0.
    SemVer,
    /// Go module versions.
    Go,
    /// Python PEP 440.
    Pep440,
    /// Maven.
    Maven,
    /// RubyGems.
    RubyGems,
    /// NuGet.
    NuGet,
    /// Packagist / PHP.
    Packagist,
    /// Dart Pub.
    Pub,
    /// Debian dpkg.
    Dpkg,
    /// Alpine apk.
    Apk,
    /// RPM.
    Rpm,
    /// R / CRAN.
    Cran,
    /// Haskell / Hackage.
    Hackage,
}

/// A version parsed under one scheme, ready to be compared many times.
#[derive(Clone, Debug)]
pub enum Version {
    /// SemVer and Go.
    SemVer(semver::SemVer),
    /// PEP 440.
    Pep440(pep440::Pep440),
    /// Maven.
    Maven(maven::MavenVersion),
    /// RubyGems.
    RubyGems(rubygems::GemVersion),
    /// NuGet.
    NuGet(nuget::NuGetVersion),
    /// Packagist.
    Packagist(packagist::PackagistVersion),
    /// Pub.
    Pub(pubdev::PubVersion),
    /// dpkg.
    Dpkg(dpkg::DpkgVersion),
    /// apk.
    Apk(apk::ApkVersion),
    /// RPM.
    Rpm(rpm::RpmVersion),
    /// CRAN.
    Cran(cran::CranVersion),
    /// Hackage.
    Hackage(hackage::HackageVersion),
}

impl Version {
    /// Parses `text` under `scheme`. Never fails: odd strings get the place the
    /// ecosystem's reference tool gives them.
    pub fn parse(scheme: Scheme, text: &str) -> Version {
        match scheme {
            Scheme::SemVer => Version::SemVer(semver::SemVer::parse(text, 3)),
            Scheme::Go => Version::SemVer(semver::SemVer::parse(text, 3)),
            Scheme::Pep440 => Version::Pep440(pep440::Pep440::parse(text)),
            Scheme::Maven => Version::Maven(maven::MavenVersion::parse(text)),
            Scheme::RubyGems => Version::RubyGems(rubygems::GemVersion::parse(text)),
            Scheme::NuGet => Version::NuGet(nuget::NuGetVersion::parse(text)),
            Scheme::Packagist => Version::Packagist(packagist::PackagistVersion::parse(text)),
            Scheme::Pub => Version::Pub(pubdev::PubVersion::parse(text)),
            Scheme::Dpkg => Version::Dpkg(dpkg::DpkgVersion::parse(text)),
            Scheme::Apk => Version::Apk(apk::ApkVersion::parse(text)),
            Scheme::Rpm => Version::Rpm(rpm::RpmVersion::parse(text)),
            Scheme::Cran => Version::Cran(cran::CranVersion::parse(text)),
            Scheme::Hackage => Version::Hackage(hackage::HackageVersion::parse(text)),
        }
    }

    /// Orders two versions of the same scheme. Versions of different schemes are not
    /// comparable and compare as `Equal` (never happens for versions of one package).
    pub fn compare(&self, other: &Version) -> Ordering {
        use Version as V;
        match (self, other) {
            (V::SemVer(a), V::SemVer(b)) => a.cmp(b),
            (V::Pep440(a), V::Pep440(b)) => a.cmp(b),
            (V::Maven(a), V::Maven(b)) => a.cmp(b),
            (V::RubyGems(a), V::RubyGems(b)) => a.cmp(b),
            (V::NuGet(a), V::NuGet(b)) => a.cmp(b),
            (V::Packagist(a), V::Packagist(b)) => a.cmp(b),
            (V::Pub(a), V::Pub(b)) => a.cmp(b),
            (V::Dpkg(a), V::Dpkg(b)) => a.cmp(b),
            (V::Apk(a), V::Apk(b)) => a.cmp(b),
            (V::Rpm(a), V::Rpm(b)) => a.cmp(b),
            (V::Cran(a), V::Cran(b)) => a.cmp(b),
            (V::Hackage(a), V::Hackage(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// Compares two version strings under `scheme`.
pub fn compare(scheme: Scheme, a: &str, b: &str) -> Ordering {
    Version::parse(scheme, a).compare(&Version::parse(scheme, b))
}

/// A string that two versions share exactly when `scheme` orders them equal (`1.0` and
/// `1.0.0` in PEP 440 and Maven, `v1.2.3` and `1.2.3+incompatible` in Go), so explicit
/// `versions` lists can be matched by string comparison instead of parsing every entry.
/// Schemes whose equality is string equality return the trimmed text.
pub fn canonical(scheme: Scheme, text: &str) -> String {
    match scheme {
        Scheme::Pep440 => pep440::Pep440::parse(text).canonical(text),
        Scheme::SemVer | Scheme::Go => semver::SemVer::parse(text, 3).canonical(),
        Scheme::NuGet => semver::SemVer::parse(&text.to_ascii_lowercase(), 4).canonical(),
        Scheme::Maven => maven::MavenVersion::parse(text).canonical(),
        Scheme::RubyGems => rubygems::GemVersion::parse(text).canonical(),
        _ => text.trim().to_string(),
    }
}

fn trim0(s: &str) -> &str {
    let t = s.trim_start_matches('0');
    if t.is_empty() {
        "0"
    } else {
        t
    }
}

/// Whether `text` is a valid version under the scheme's own definition of validity.
/// Schemes without a notion of invalid versions accept every non-empty string.
pub fn is_valid(scheme: Scheme, text: &str) -> bool {
    match scheme {
        Scheme::Go => go::is_valid(text) || go::is_valid(&format!("v{text}")),
        Scheme::Pep440 => pep440::Pep440::parse_strict(text).is_some(),
        Scheme::Dpkg => dpkg::is_valid(text),
        Scheme::Apk => apk::is_valid(text),
        _ => !text.trim().is_empty(),
    }
}

/// Compares two strings of ASCII digits as unbounded non-negative integers.
pub(crate) fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// True when `s` is non-empty and only ASCII digits.
pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Compares two lists of digit strings, the shorter padded with zeros.
pub(crate) fn cmp_padded(a: &[String], b: &[String]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).map_or("0", String::as_str);
        let y = b.get(i).map_or("0", String::as_str);
        match cmp_digits(x, y) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    Ordering::Equal
}
