use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Airtable personal access tokens: `pat`, 14 base62 characters, `.`, 64 hex characters.
    ///
    /// ## Why it matters
    /// The token reads and writes the bases it is scoped to — often customer or operations
    /// data. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in Airtable (Developer hub → Personal access tokens),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// AIRTABLE_TOKEN = "pateTuAaXsuWSSREN.cf…"
    /// # after
    /// AIRTABLE_TOKEN = os.environ["AIRTABLE_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Airtable support: "Creating personal access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AIRTABLE_PAT {
        id: "SEC198",
        name: "airtable-personal-access-token",
        severity: High,
        summary: "Airtable personal access token",
        remediation: "Revoke the personal access token in Airtable (Developer hub → Personal access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pat"],
            pattern: r#"\b(?P<secret>pat[A-Za-z0-9]{14}\.[a-f0-9]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
