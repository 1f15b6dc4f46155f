use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Azure Storage shared access signatures: a query string with `sv=<date>` and a `sig=`
    /// signature of at least 40 characters.
    ///
    /// ## Why it matters
    /// A SAS grants its permissions (often read-write-delete on the whole account) to anyone
    /// holding it until it expires — and account SAS cannot be revoked one by one. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the shared access signature by rotating the account key that signed it (or
    /// revoking the stored access policy / user delegation key), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// AZURE_SAS = "sv=2022-11-02&ss=b&srt=sco&sp=rwdlacup…"
    /// # after
    /// AZURE_SAS = os.environ["AZURE_SAS"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Grant limited access to Azure Storage resources using shared access signatures (SAS)"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SAS_TOKEN {
        id: "SEC022",
        name: "azure-sas-token",
        severity: High,
        summary: "Azure Storage shared access signature",
        remediation: "Revoke the shared access signature by rotating the account key that signed it (or revoking the stored access policy / user delegation key), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sig="],
            pattern: r#"(?P<secret>sv=20[0-9]{2}-[0-9]{2}-[0-9]{2}&[^\s"\'<>]{0,400}?sig=[A-Za-z0-9%+/]{40,}(?:%3D|=)*)"#,
            boundary: false,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
