use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Azure Storage account keys: 88 base64 characters ending in `==` assigned to an Azure
    /// or storage key variable.
    ///
    /// ## Why it matters
    /// The account key is full control of the storage account and signs SAS tokens for
    /// anyone. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the account key in the Azure portal (Storage account → Access keys → Rotate
    /// key), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// AZURE_STORAGE_KEY = "v11K9B8xEabV2isDDf304e…"
    /// # after
    /// AZURE_STORAGE_KEY = os.environ["AZURE_STORAGE_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Manage storage account access keys" / "Authorize with Shared Key"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static STORAGE_ACCOUNT_KEY {
        id: "SEC021",
        name: "azure-storage-account-key",
        severity: Critical,
        summary: "Azure Storage account key",
        remediation: "Revoke the account key in the Azure portal (Storage account → Access keys → Rotate key), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["azure", "storage"],
            pattern: r#"(?i)(?:azure|storage)[A-Za-z0-9_.\-]*key[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9+/]{86}==)"#,
            boundary: false,
            min_entropy: 4.5,
            ..Spec::DEFAULT
        },
    }
}
