use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Harness personal access or service account tokens: `pat.` or `sat.`, a 22-character
    /// account id, a 24-hex token id and 20 base62 characters.
    ///
    /// ## Why it matters
    /// The token runs pipelines and reads the account's connectors and secrets with its
    /// user's permissions. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access or service account token in Harness (My profile → My API
    /// keys), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// HARNESS_API_KEY = "pat.AW_A4a5HY2g5hX…"
    /// # after
    /// HARNESS_API_KEY = os.environ["HARNESS_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Harness docs: "Add and manage API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static HARNESS_PAT {
        id: "SEC152",
        name: "harness-access-token",
        severity: High,
        summary: "Harness personal access or service account token",
        remediation: "Revoke the personal access or service account token in Harness (My profile → My API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pat.", "sat."],
            pattern: r#"\b(?P<secret>(?:pat|sat)\.[A-Za-z0-9_\-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
