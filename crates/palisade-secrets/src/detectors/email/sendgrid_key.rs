use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// SendGrid API keys: `SG.`, 22 URL-safe characters, `.`, 43 URL-safe characters.
    ///
    /// ## Why it matters
    /// The key sends e-mail from the company's verified domains (phishing that passes SPF and
    /// DKIM) and reads contact lists. Anyone who can read the repository — every clone, fork,
    /// CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in SendGrid (Settings → API Keys), issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// SENDGRID_API_KEY = "SG.VMl7N2Q2JDVxqY…"
    /// # after
    /// SENDGRID_API_KEY = os.environ["SENDGRID_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Twilio SendGrid docs: "API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SENDGRID_KEY {
        id: "SEC092",
        name: "sendgrid-api-key",
        severity: High,
        summary: "SendGrid API key",
        remediation: "Revoke the API key in SendGrid (Settings → API Keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sg."],
            pattern: r#"\b(?P<secret>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
