use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Splunk HTTP Event Collector tokens: a UUID assigned to a Splunk token variable.
    ///
    /// ## Why it matters
    /// The token writes arbitrary events into the indexes it allows: forged audit trails.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the HTTP Event Collector token in Splunk (Settings → Data inputs → HTTP Event
    /// Collector), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SPLUNK_HEC_TOKEN = "afb7d0b0-…"
    /// # after
    /// SPLUNK_HEC_TOKEN = os.environ["SPLUNK_HEC_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Splunk docs: "Set up and use HTTP Event Collector"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SPLUNK_HEC_TOKEN {
        id: "SEC171",
        name: "splunk-hec-token",
        severity: Medium,
        summary: "Splunk HTTP Event Collector token",
        remediation: "Revoke the HTTP Event Collector token in Splunk (Settings → Data inputs → HTTP Event Collector), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["splunk"],
            pattern: r#"(?i)splunk[A-Za-z0-9_.\-]*(?:token|key)[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
