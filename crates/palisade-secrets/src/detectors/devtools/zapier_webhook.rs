use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Zapier catch hook URLs: `https://hooks.zapier.com/hooks/catch/<account>/<hook>/`.
    ///
    /// ## Why it matters
    /// Anyone with the URL triggers the Zap with data of their choosing. Anyone who can read
    /// the repository — every clone, fork, CI log and backup, and the git history after the
    /// line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the catch hook URL by turning the Zap off and creating a new hook URL, issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// ZAPIER_HOOK_URL = "https://hooks…"
    /// # after
    /// ZAPIER_HOOK_URL = os.environ["ZAPIER_HOOK_URL"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Zapier help: "Trigger Zaps from webhooks"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ZAPIER_WEBHOOK {
        id: "SEC205",
        name: "zapier-webhook-url",
        severity: Medium,
        summary: "Zapier catch hook URL",
        remediation: "Revoke the catch hook URL by turning the Zap off and creating a new hook URL, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["hooks.zapier.com"],
            pattern: r#"(?P<secret>https://hooks\.zapier\.com/hooks/catch/[0-9]+/[a-z0-9]{6,}/?)"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
