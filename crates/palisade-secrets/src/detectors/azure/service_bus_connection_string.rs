use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Azure Service Bus / Event Hubs connection strings:
    /// `Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=<44 base64 characters>`.
    ///
    /// ## Why it matters
    /// The key sends, receives or manages messages of the namespace with the policy's rights.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the connection string in the Azure portal (Shared access policies → Regenerate
    /// key), and prefer Entra ID auth, issue a new one, and give it to the application at run
    /// time (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// SERVICEBUS_CONNECTION = "WbBN8fGeN2m…"
    /// # after
    /// SERVICEBUS_CONNECTION = os.environ["SERVICEBUS_CONNECTION"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Service Bus authentication with Shared Access Signatures"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SERVICE_BUS_CONNECTION_STRING {
        id: "SEC024",
        name: "azure-service-bus-connection-string",
        severity: High,
        summary: "Azure Service Bus / Event Hubs connection string",
        remediation: "Revoke the connection string in the Azure portal (Shared access policies → Regenerate key), and prefer Entra ID auth, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sharedaccesskey="],
            pattern: r#"(?i)Endpoint=sb://[^;\s]+;SharedAccessKeyName=[^;\s]+;SharedAccessKey=(?P<secret>[A-Za-z0-9+/]{43}=)"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
