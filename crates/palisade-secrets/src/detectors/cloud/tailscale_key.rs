use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Tailscale auth or API keys: `tskey-auth-`, `tskey-api-` or `tskey-client-`, an id and
    /// a random part.
    ///
    /// ## Why it matters
    /// An auth key joins any machine to the tailnet; an API key manages the tailnet, its ACLs
    /// and devices. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the auth or API key in the Tailscale admin console (Settings → Keys), issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TS_AUTHKEY = "tskey-auth-k0u…"
    /// # after
    /// TS_AUTHKEY = os.environ["TS_AUTHKEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Tailscale docs: "Auth keys" and "API access"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TAILSCALE_KEY {
        id: "SEC149",
        name: "tailscale-key",
        severity: High,
        summary: "Tailscale auth or API key",
        remediation: "Revoke the auth or API key in the Tailscale admin console (Settings → Keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["tskey-"],
            pattern: r#"\b(?P<secret>tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
