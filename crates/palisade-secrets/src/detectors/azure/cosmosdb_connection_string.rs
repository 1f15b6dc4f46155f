use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Azure Cosmos DB connection strings: `AccountEndpoint=https://…;AccountKey=<88 base64
    /// characters>`.
    ///
    /// ## Why it matters
    /// The primary key reads and writes every database and container of the account. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the connection string in the Azure portal (Cosmos DB → Keys → Regenerate),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// COSMOS_CONNECTION = "zA3hq9fv2F0zdCsqB9XUFd…"
    /// # after
    /// COSMOS_CONNECTION = os.environ["COSMOS_CONNECTION"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Secure access to data in Azure Cosmos DB"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static COSMOSDB_CONNECTION_STRING {
        id: "SEC025",
        name: "azure-cosmosdb-connection-string",
        severity: Critical,
        summary: "Azure Cosmos DB connection string",
        remediation: "Revoke the connection string in the Azure portal (Cosmos DB → Keys → Regenerate), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["accountendpoint="],
            pattern: r#"(?i)AccountEndpoint=https://[^;\s]+;AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)"#,
            boundary: false,
            priority: 2,
            ..Spec::DEFAULT
        },
    }
}
