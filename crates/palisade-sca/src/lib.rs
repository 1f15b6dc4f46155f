//! Dependency vulnerabilities, offline: what a project's lockfiles pin, and which OSV
//! advisories affect it.
//!
//! - [`version`]: version ordering with the exact rules of each ecosystem (SemVer for npm
//!   and crates.io, Go modules, PEP 440, Maven, RubyGems, NuGet, Packagist, Pub, Hex,
//!   Debian dpkg, Alpine apk, RPM, CRAN, Hackage), checked against reference vectors.
//!
//! Deliberately not here: walking directories, reporting, or any network access during a
//! scan. Resolving dependency trees (running `npm`, `pip`, Maven) is out of scope: we read
//! what the lockfiles pin, as they pin it.
#![warn(missing_docs)]

pub mod db;
pub mod ecosystem;
pub mod fetch;
pub mod finding;
pub mod lockfile;
pub mod osv;
pub mod version;

pub use ecosystem::Ecosystem;
