use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Flutterwave secret keys: `FLWSECK-` or `FLWSECK_TEST-`, 32 hex characters and `-X`.
    ///
    /// ## Why it matters
    /// The secret key charges customers, makes transfers and reads transactions of the
    /// account. Anyone who can read the repository — every clone, fork, CI log and backup,
    /// and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the secret key in the Flutterwave dashboard (Settings → API), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// FLW_SECRET_KEY = "FLWSECK-3e…"
    /// # after
    /// FLW_SECRET_KEY = os.environ["FLW_SECRET_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Flutterwave docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static FLUTTERWAVE_SECRET_KEY {
        id: "SEC077",
        name: "flutterwave-secret-key",
        severity: Critical,
        summary: "Flutterwave secret key",
        remediation: "Revoke the secret key in the Flutterwave dashboard (Settings → API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["flwseck"],
            pattern: r#"\b(?P<secret>FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
