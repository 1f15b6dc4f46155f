//! Secret detection for Palisade: finds hard-coded credentials (cloud keys, API tokens,
//! private keys, passwords in URLs and assignments, Kubernetes Secret values) in files, and
//! reports them as ordinary [`palisade_core::Finding`]s with the secret redacted.
//!
//! How it works: every detector is one file under `src/detectors/<family>/`, declared with
//! [`declare_detector!`], whose doc comment is its documentation (`palisade explain SEC001`).
//! A detector names literal *keywords*; one pass of a shift-or filter over all keywords
//! (`keywords.rs`: exactly aho-corasick's overlapping hits, ~3× faster) finds where any of
//! them occur, a cheap per-detector check may discard a hit that its pattern cannot use
//! ([`Spec::keyword_check`]), and only the lines around the remaining hits (the *windows*)
//! are handed to that detector's regex (compiled once). Each match then passes the precision
//! filters — placeholders and documentation examples, per-detector entropy threshold,
//! format or checksum validation — and a finding is built whose evidence holds a short
//! prefix and a hash of the secret, never the secret itself (unless
//! [`Options::redact`] is turned off), and whose fingerprint is the detector's origin id,
//! the repository path and a hash of the secret: stable when lines move.
//!
//! Entry points: [`scan_file`] for one buffer, [`Scanner`] for a configured set of
//! detectors, [`walk::scan_paths`] for directories (parallel, `.gitignore`-aware,
//! skipping binaries, images, archives and minified bundles with a counted reason), and
//! [`git::scan_history`] / [`git::scan_staged`] for a repository's history or index (read
//! with gitoxide).
//!
//! Deliberately not here: checking whether a credential is live (no network calls, ever),
//! configuration files and suppression (`palisade-core`), output formats
//! (`palisade-report`).
#![warn(missing_docs)]

#[macro_use]
mod macros;
mod detector;
pub mod detectors;
mod engine;
mod filters;
pub mod git;
pub mod gitleaks;
mod keywords;
pub mod util;
pub mod walk;

pub use detector::{
    AllowTarget, Allowlist, Candidate, Check, Confidence, Custom, CustomFn, Detector, Extra,
    FileCx, KeywordCheck, Spec, Validator,
};
pub use detectors::{all, lookup, metas};
pub use engine::{Options, Scanner, Target};

use palisade_core::Finding;

/// Scans one buffer with every default detector and redaction on. `path` is used both as
/// the shown path and as the repository path of fingerprints.
pub fn scan_file(path: &str, bytes: &[u8]) -> Vec<Finding> {
    Scanner::default_scanner().scan(
        &Target {
            shown: path,
            repo_path: path,
        },
        bytes,
    )
}
