use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab personal access tokens: `glpat-` followed by at least 20 URL-safe characters
    /// (newer tokens carry a longer, dotted suffix).
    ///
    /// ## Why it matters
    /// A personal access token acts as its user on the GitLab API, Git over HTTPS and the
    /// registry, with its scopes (`api` is full access). Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in GitLab (User settings → Access tokens), issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "glpat-…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_PAT {
        id: "SEC036",
        name: "gitlab-personal-access-token",
        severity: Critical,
        summary: "GitLab personal access token",
        remediation: "Revoke the personal access token in GitLab (User settings → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glpat-"],
            pattern: r#"\b(?P<secret>glpat-[A-Za-z0-9_\-]{20,}(?:\.[A-Za-z0-9_\-]{2}\.[A-Za-z0-9]{9})?)"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
