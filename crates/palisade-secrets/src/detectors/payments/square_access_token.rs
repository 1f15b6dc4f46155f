use crate::detectors::common::near;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// Square access tokens: `sq0atp-` followed by 22 URL-safe characters, or `EAAA` followed
    /// by 60 URL-safe characters next to a mention of Square.
    ///
    /// ## Why it matters
    /// An access token takes payments, issues refunds and reads customer data of the seller
    /// account. Anyone who can read the repository — every clone, fork, CI log and backup,
    /// and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access token in the Square Developer Console (Credentials → Replace), issue
    /// a new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SQUARE_ACCESS_TOKEN = "EAAAa4d-UiCEnR3V…"
    /// # after
    /// SQUARE_ACCESS_TOKEN = os.environ["SQUARE_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Square developer docs: "Access tokens and other Square credentials"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SQUARE_ACCESS_TOKEN {
        id: "SEC074",
        name: "square-access-token",
        severity: Critical,
        summary: "Square access token",
        remediation: "Revoke the access token in the Square Developer Console (Credentials → Replace), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sq0atp-", "eaaa"],
            pattern: r#"\b(?P<secret>sq0atp-[0-9A-Za-z_\-]{22}|EAAA[A-Za-z0-9_\-]{60})"#,
            validate: Some(square),
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}

/// `sq0atp-` stands alone; `EAAA` (shared with other vendors' tokens) needs "square" nearby.
fn square(c: &crate::Candidate<'_>) -> Check {
    if c.secret.starts_with(b"sq0atp-") || near(c, &["square", "sq0"], 300) {
        Check::Pass
    } else {
        Check::Reject
    }
}
