use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Azure Storage connection strings:
    /// `DefaultEndpointsProtocol=…;AccountName=…;AccountKey=<88 base64 characters>`.
    ///
    /// ## Why it matters
    /// The account key is full control of the storage account: every blob, queue, table and
    /// file share, and it signs SAS tokens for anyone. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the connection string in the Azure portal (Storage account → Access keys →
    /// Rotate key), and move to Microsoft Entra ID auth, issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// AZURE_STORAGE_CONNECTION_STRING = "tHmPvd00jnqO850AzOQQ2l…"
    /// # after
    /// AZURE_STORAGE_CONNECTION_STRING = os.environ["AZURE_STORAGE_CONNECTION_STRING"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Manage storage account access keys" / "Authorize with Shared Key"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static STORAGE_CONNECTION_STRING {
        id: "SEC020",
        name: "azure-storage-connection-string",
        severity: Critical,
        summary: "Azure Storage connection string",
        remediation: "Revoke the connection string in the Azure portal (Storage account → Access keys → Rotate key), and move to Microsoft Entra ID auth, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["accountkey="],
            pattern: r#"(?i)DefaultEndpointsProtocol=https?;AccountName=[a-z0-9]{3,24};AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)"#,
            priority: 2,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
