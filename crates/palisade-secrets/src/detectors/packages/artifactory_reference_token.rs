use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// JFrog Artifactory reference tokens: `cmVmdGtu` (base64 of `reftkn`) followed by 56
    /// base62 characters.
    ///
    /// ## Why it matters
    /// A reference token acts as its user on the platform with the token's scope. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the reference token in the JFrog Platform (Administration → Identity and access
    /// → Access tokens), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// JFROG_ACCESS_TOKEN = "cmVmdGtuOjAxOjE3…"
    /// # after
    /// JFROG_ACCESS_TOKEN = os.environ["JFROG_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - JFrog docs: "Access tokens" (reference tokens)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ARTIFACTORY_REFERENCE_TOKEN {
        id: "SEC119",
        name: "artifactory-reference-token",
        severity: High,
        summary: "JFrog Artifactory reference token",
        remediation: "Revoke the reference token in the JFrog Platform (Administration → Identity and access → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["cmvmdgtu"],
            pattern: r#"\b(?P<secret>cmVmdGtu[A-Za-z0-9]{56})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
