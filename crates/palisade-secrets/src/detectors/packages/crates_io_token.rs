use crate::detectors::common::near;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// crates.io API tokens: `cio` followed by 32 base62 characters, next to a mention of
    /// cargo or crates.
    ///
    /// ## Why it matters
    /// The token publishes new versions of the user's crates. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token on crates.io (Account settings → API tokens), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CARGO_REGISTRY_TOKEN = "cio0VMIU…"
    /// # after
    /// CARGO_REGISTRY_TOKEN = os.environ["CARGO_REGISTRY_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - The Cargo Book: "Publishing on crates.io" (`cargo login`)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CRATES_IO_TOKEN {
        id: "SEC116",
        name: "crates-io-token",
        severity: Critical,
        summary: "crates.io API token",
        remediation: "Revoke the API token on crates.io (Account settings → API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["cio"],
            pattern: r#"\b(?P<secret>cio[A-Za-z0-9]{32})"#,
            validate: Some(cargo),
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}

/// `cio` is a common start of identifiers: require cargo or crates nearby.
fn cargo(c: &crate::Candidate<'_>) -> Check {
    if near(c, &["cargo", "crates"], 200) {
        Check::Pass
    } else {
        Check::Reject
    }
}
