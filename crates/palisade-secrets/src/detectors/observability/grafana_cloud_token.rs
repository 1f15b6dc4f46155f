use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Grafana Cloud access policy tokens: `glc_` followed by 32–400 base64 characters.
    ///
    /// ## Why it matters
    /// The token reads or writes metrics, logs and traces of the stack with the policy's
    /// scopes. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access policy token in Grafana Cloud (Access policies → the policy →
    /// Tokens), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GRAFANA_CLOUD_TOKEN = "glc_eyJVhHxyloImm3IG3WFMn5NQyh1…"
    /// # after
    /// GRAFANA_CLOUD_TOKEN = os.environ["GRAFANA_CLOUD_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Grafana docs: "Service accounts" and Grafana Cloud "Access policies"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GRAFANA_CLOUD_TOKEN {
        id: "SEC168",
        name: "grafana-cloud-token",
        severity: High,
        summary: "Grafana Cloud access policy token",
        remediation: "Revoke the access policy token in Grafana Cloud (Access policies → the policy → Tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glc_"],
            pattern: r#"\b(?P<secret>glc_[A-Za-z0-9+/]{32,400}={0,2})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
