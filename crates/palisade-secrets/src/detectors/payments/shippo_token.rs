use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Shippo live API tokens: `shippo_live_` followed by 40 hex characters.
    ///
    /// ## Why it matters
    /// The token buys postage on the account's card and reads customer shipping addresses.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the live API token in the Shippo dashboard (Settings → API), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SHIPPO_TOKEN = "shippo_live_6…"
    /// # after
    /// SHIPPO_TOKEN = os.environ["SHIPPO_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Shippo docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SHIPPO_TOKEN {
        id: "SEC078",
        name: "shippo-live-token",
        severity: High,
        summary: "Shippo live API token",
        remediation: "Revoke the live API token in the Shippo dashboard (Settings → API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["shippo_live_"],
            pattern: r#"\b(?P<secret>shippo_live_[a-f0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
