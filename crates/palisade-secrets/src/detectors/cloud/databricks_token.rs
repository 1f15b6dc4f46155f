use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Databricks personal access tokens: `dapi` followed by 32 hex characters (and an
    /// optional `-N` suffix).
    ///
    /// ## Why it matters
    /// The token runs jobs and notebooks on the workspace's clusters and reads its data.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in the workspace (User settings → Developer → Access
    /// tokens), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DATABRICKS_TOKEN = "dapif5f9b…"
    /// # after
    /// DATABRICKS_TOKEN = os.environ["DATABRICKS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Databricks docs: "Personal access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DATABRICKS_TOKEN {
        id: "SEC142",
        name: "databricks-token",
        severity: Critical,
        summary: "Databricks personal access token",
        remediation: "Revoke the personal access token in the workspace (User settings → Developer → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["dapi"],
            pattern: r#"\b(?P<secret>dapi[a-f0-9]{32}(?:-[0-9]+)?)"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
