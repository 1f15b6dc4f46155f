use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Supabase access tokens: `sbp_` followed by 40 hex characters.
    ///
    /// ## Why it matters
    /// The management token administers the user's projects: databases, auth settings, keys.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access token in the Supabase dashboard (Account → Access tokens), issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SUPABASE_ACCESS_TOKEN = "sbp_4cee59d…"
    /// # after
    /// SUPABASE_ACCESS_TOKEN = os.environ["SUPABASE_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Supabase docs: "Management API"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SUPABASE_TOKEN {
        id: "SEC146",
        name: "supabase-access-token",
        severity: Critical,
        summary: "Supabase access token",
        remediation: "Revoke the access token in the Supabase dashboard (Account → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sbp_"],
            pattern: r#"\b(?P<secret>sbp_[a-f0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
