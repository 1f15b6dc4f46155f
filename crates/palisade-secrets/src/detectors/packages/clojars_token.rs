use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Clojars deploy tokens: `CLOJARS_` followed by 60 lowercase letters and digits.
    ///
    /// ## Why it matters
    /// The token deploys artifacts under the user's groups. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the deploy token on clojars.org (Deploy tokens), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CLOJARS_PASSWORD = "CLOJARS_smh8hv9ss…"
    /// # after
    /// CLOJARS_PASSWORD = os.environ["CLOJARS_PASSWORD"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Clojars wiki: "Deploy tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CLOJARS_TOKEN {
        id: "SEC115",
        name: "clojars-deploy-token",
        severity: Critical,
        summary: "Clojars deploy token",
        remediation: "Revoke the deploy token on clojars.org (Deploy tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["clojars_"],
            pattern: r#"\b(?P<secret>CLOJARS_[a-z0-9]{60})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
