use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// RubyGems API keys: `rubygems_` followed by 48 hex characters.
    ///
    /// ## Why it matters
    /// The key pushes new versions of the user's gems. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the API key on rubygems.org (Settings → API keys), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GEM_HOST_API_KEY = "rubygems_080fb…"
    /// # after
    /// GEM_HOST_API_KEY = os.environ["GEM_HOST_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - RubyGems guides: "API key scopes"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static RUBYGEMS_KEY {
        id: "SEC113",
        name: "rubygems-api-key",
        severity: Critical,
        summary: "RubyGems API key",
        remediation: "Revoke the API key on rubygems.org (Settings → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["rubygems_"],
            pattern: r#"\b(?P<secret>rubygems_[a-f0-9]{48})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
