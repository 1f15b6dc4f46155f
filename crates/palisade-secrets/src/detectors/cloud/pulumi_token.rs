use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Pulumi access tokens: `pul-` followed by 40 hex characters.
    ///
    /// ## Why it matters
    /// The token reads stacks and their state (with decrypted secrets) and runs updates.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access token in Pulumi Cloud (Settings → Access tokens), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// PULUMI_ACCESS_TOKEN = "pul-f640f3c…"
    /// # after
    /// PULUMI_ACCESS_TOKEN = os.environ["PULUMI_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Pulumi docs: "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PULUMI_TOKEN {
        id: "SEC134",
        name: "pulumi-access-token",
        severity: Critical,
        summary: "Pulumi access token",
        remediation: "Revoke the access token in Pulumi Cloud (Settings → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pul-"],
            pattern: r#"\b(?P<secret>pul-[a-f0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
