use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Typeform personal access tokens: `tfp_` followed by 59 characters.
    ///
    /// ## Why it matters
    /// The token reads forms and their responses — the personal data respondents entered.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in Typeform (Account → Personal tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TYPEFORM_TOKEN = "tfp_fc1FM7nbXM0…"
    /// # after
    /// TYPEFORM_TOKEN = os.environ["TYPEFORM_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Typeform developers docs: "Personal access token"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TYPEFORM_TOKEN {
        id: "SEC199",
        name: "typeform-personal-access-token",
        severity: Medium,
        summary: "Typeform personal access token",
        remediation: "Revoke the personal access token in Typeform (Account → Personal tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["tfp_"],
            pattern: r#"\b(?P<secret>tfp_[A-Za-z0-9_\-.=]{59})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
