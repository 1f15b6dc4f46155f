use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Dropbox short-lived access tokens: `sl.` followed by 130–160 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token reads and writes the files the app may access, for its lifetime. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the short-lived access token in the Dropbox App Console (and revoke the app's
    /// sessions), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DROPBOX_TOKEN = "sl.BAx98cWndHS-t72J7rem9ehbWIKX-pOL…"
    /// # after
    /// DROPBOX_TOKEN = os.environ["DROPBOX_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Dropbox developers docs: "OAuth guide"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DROPBOX_TOKEN {
        id: "SEC209",
        name: "dropbox-access-token",
        severity: High,
        summary: "Dropbox short-lived access token",
        remediation: "Revoke the short-lived access token in the Dropbox App Console (and revoke the app's sessions), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sl."],
            pattern: r#"\b(?P<secret>sl\.[A-Za-z0-9_\-]{130,160})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
