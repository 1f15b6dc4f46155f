use crate::detectors::common::plain_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// JDBC URLs that carry a `password=` (or `pwd=`) parameter:
    /// `jdbc:postgresql://db:5432/shop?user=app&password=…`,
    /// `jdbc:sqlserver://db;user=app;password=…`.
    ///
    /// ## Why it matters
    /// The password opens the database as that user; JDBC URLs are logged by connection pools
    /// and frameworks at start-up.
    ///
    /// ## How to fix
    /// Change the password on the server, then take it out of the URL: pass the password
    /// separately from a secret store (a Kubernetes Secret mounted as a file, a password
    /// file, IAM database authentication).
    /// ```text
    /// # before
    /// spring.datasource.url=jdbc:postgresql://db/shop?user=app&password=s3cr3t
    /// # after
    /// spring.datasource.password=${DB_PASSWORD}   # from the environment / a mounted secret
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static JDBC_PASSWORD {
        id: "SEC257",
        name: "jdbc-url-with-password",
        severity: High,
        summary: "JDBC URL with a password parameter",
        remediation: "Rotate the password and give it to the driver separately (a DataSource property from a secret store).",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["jdbc:"],
            pattern: r#"(?i)jdbc:[a-z0-9:]+[^\s"\'<>]*?[?;&](?:password|pwd)=(?P<secret>[^&;\s"\'<>]{1,128})"#,
            validate: Some(plain_password),
            ..Spec::DEFAULT
        },
    }
}
