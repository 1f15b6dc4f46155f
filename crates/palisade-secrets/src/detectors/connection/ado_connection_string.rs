use crate::detectors::common::plain_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// ADO.NET / ODBC style connection strings with a server and a `Password=` or `Pwd=`
    /// part: `Server=db;Database=shop;User Id=app;Password=…;`.
    ///
    /// ## Why it matters
    /// The password opens the database as that user; connection strings are copied into logs
    /// and configuration exports.
    ///
    /// ## How to fix
    /// Rotate the password; prefer managed identities (Azure SQL `Authentication=Active
    /// Directory Managed Identity`) or read the password from a secret store at start-up.
    /// ```text
    /// # before
    /// "Server=db;Database=shop;User Id=app;Password=s3cr3t;"
    /// # after
    /// "Server=db;Database=shop;Authentication=Active Directory Managed Identity;"
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Connection string syntax" and "Protecting connection information"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ADO_CONNECTION_STRING {
        id: "SEC258",
        name: "connection-string-with-password",
        severity: High,
        summary: "database connection string with a password",
        remediation: "Rotate the password and use integrated/managed-identity authentication or a secret store.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["password=", "pwd="],
            pattern: r#"(?i)(?:server|data source|host|address)\s*=\s*[^;"\'\n]+;[^"\'\n]{0,300}?(?:password|pwd)\s*=\s*(?P<secret>[^;"\'\n]{1,128})"#,
            validate: Some(plain_password),
            ..Spec::DEFAULT
        },
    }
}
