use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Grafana service account tokens: `glsa_`, 32 base62 characters, `_` and 8 hex
    /// characters.
    ///
    /// ## Why it matters
    /// The token acts as the service account: dashboards, data sources (with their
    /// credentials), alerting. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the service account token in Grafana (Administration → Service accounts), issue
    /// a new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GRAFANA_TOKEN = "glsa_qHNlJG…"
    /// # after
    /// GRAFANA_TOKEN = os.environ["GRAFANA_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Grafana docs: "Service accounts" and Grafana Cloud "Access policies"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GRAFANA_SERVICE_ACCOUNT_TOKEN {
        id: "SEC169",
        name: "grafana-service-account-token",
        severity: High,
        summary: "Grafana service account token",
        remediation: "Revoke the service account token in Grafana (Administration → Service accounts), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glsa_"],
            pattern: r#"\b(?P<secret>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
