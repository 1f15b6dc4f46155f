use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Frame.io developer tokens: `fio-u-` followed by 64 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token reads and shares the team's unreleased media. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the developer token in the Frame.io developer site (Tokens), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// FRAMEIO_TOKEN = "fio-u-39m-7CxmzDq…"
    /// # after
    /// FRAMEIO_TOKEN = os.environ["FRAMEIO_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Frame.io developer docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static FRAMEIO_TOKEN {
        id: "SEC201",
        name: "frameio-developer-token",
        severity: Medium,
        summary: "Frame.io developer token",
        remediation: "Revoke the developer token in the Frame.io developer site (Tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["fio-u-"],
            pattern: r#"\b(?P<secret>fio-u-[A-Za-z0-9_=\-]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
