use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitHub fine-grained personal access tokens: `github_pat_`, 22 base62 characters, `_`,
    /// 59 base62 characters (structure checked; GitHub does not document a checksum for this
    /// format).
    ///
    /// ## Why it matters
    /// A fine-grained token acts as its user on the repositories and with the permissions it
    /// was granted, for up to a year. Anyone who can read the repository — every clone, fork,
    /// CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the fine-grained personal access token in GitHub settings, issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITHUB_TOKEN = "github_pat_JvWiVv3jsB9q…"
    /// # after
    /// GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitHub docs: "About authentication to GitHub" — token formats (github.blog, 2021-04-05, "Behind GitHub's new authentication token formats")
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITHUB_FINE_GRAINED_PAT {
        id: "SEC035",
        name: "github-fine-grained-pat",
        severity: Critical,
        summary: "GitHub fine-grained personal access token",
        remediation: "Revoke the fine-grained personal access token in GitHub settings, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["github_pat_"],
            pattern: r#"\b(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
