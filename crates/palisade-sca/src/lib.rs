//! Dependency vulnerabilities, offline: what a project's lockfiles pin, and which OSV
//! advisories affect it.
//!
//! - [`version`]: version ordering with the exact rules of each ecosystem (SemVer for npm
//!   and crates.io, Go modules, PEP 440, Maven, RubyGems, NuGet, Packagist, Pub, Hex,
//!   Debian dpkg, Alpine apk, RPM, CRAN, Hackage; node-semver ranges), checked against
//!   reference vectors.
//! - [`osv`]: OSV records (JSON and YAML), reduced per package, and matching exactly as
//!   the OSV schema's evaluation algorithm defines it (SEMVER/ECOSYSTEM ranges,
//!   `introduced`/`fixed`/`last_affected`/`limit`, `versions` lists, withdrawn records,
//!   aliases merged, CVSS v3/v4 base scores, the smallest fix above the installed version).
//! - [`lockfile`]: 17 lockfile formats → pinned packages with their line.
//! - [`db`]: the offline database (one file, sorted index, atomic replacement).
//! - [`fetch`]: building it from OSV's per-ecosystem exports or a local copy.
//! - [`finding`]: matches as Palisade findings (family `VUL`), package URLs.
//!
//! Deliberately not here: walking directories, reporting, or any network access during a
//! scan (only [`fetch`] talks to the network, and only when asked to update). Resolving
//! dependency trees (running `npm`, `pip`, Maven) is out of scope: we read what the
//! lockfiles pin, as they pin it. OS package databases and container images belong to a
//! later crate.
#![warn(missing_docs)]

pub mod db;
pub mod ecosystem;
pub mod fetch;
pub mod finding;
pub mod lockfile;
pub mod osv;
pub mod version;

pub use ecosystem::Ecosystem;
