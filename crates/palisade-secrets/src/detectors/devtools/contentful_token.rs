use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Contentful personal access tokens: `CFPAT-` followed by 43 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token changes and publishes the content of every space of the user: website
    /// defacement. Anyone who can read the repository — every clone, fork, CI log and backup,
    /// and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in Contentful (Settings → CMA tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CONTENTFUL_MANAGEMENT_TOKEN = "CFPAT-SYJNb9…"
    /// # after
    /// CONTENTFUL_MANAGEMENT_TOKEN = os.environ["CONTENTFUL_MANAGEMENT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Contentful docs: "Personal access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CONTENTFUL_TOKEN {
        id: "SEC196",
        name: "contentful-management-token",
        severity: High,
        summary: "Contentful personal access token",
        remediation: "Revoke the personal access token in Contentful (Settings → CMA tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["cfpat-"],
            pattern: r#"\b(?P<secret>CFPAT-[A-Za-z0-9_\-]{43})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
