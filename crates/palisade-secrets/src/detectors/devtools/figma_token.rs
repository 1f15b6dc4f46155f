use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Figma personal access tokens: `figd_` followed by 40 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token reads the user's files — unreleased product designs. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in Figma (Settings → Security → Personal access
    /// tokens), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// FIGMA_TOKEN = "figd_fAdsIb…"
    /// # after
    /// FIGMA_TOKEN = os.environ["FIGMA_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Figma developers docs: "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static FIGMA_TOKEN {
        id: "SEC197",
        name: "figma-personal-access-token",
        severity: Medium,
        summary: "Figma personal access token",
        remediation: "Revoke the personal access token in Figma (Settings → Security → Personal access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["figd_"],
            pattern: r#"\b(?P<secret>figd_[A-Za-z0-9_\-]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
