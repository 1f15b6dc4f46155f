use crate::detectors::common::url_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// AMQP (RabbitMQ) connection URLs that embed a password:
    /// `amqp://orders:PASSWORD@rabbitmq.internal:5672/shop`. Not reported: template
    /// references (`${DB_PASSWORD}`, `{{ .Values.x }}`), placeholder passwords (`password`,
    /// `changeme`, `xxxx`), and URLs whose password equals the user name (local defaults).
    ///
    /// ## Why it matters
    /// The password reads and publishes messages of the virtual host: orders, payments
    /// events, jobs. Connection URLs travel: into logs, error messages, CI output and crash
    /// reports.
    ///
    /// ## How to fix
    /// Change the password on the server, then take it out of the URL: pass the password
    /// separately from a secret store (a Kubernetes Secret mounted as a file, a password
    /// file, IAM database authentication).
    /// ```text
    /// # before
    /// amqp://orders:s3cr3t@rabbitmq.internal:5672/shop
    /// # after
    /// amqp://user@host/db   # password from PGPASSFILE / a mounted secret
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AMQP_URL {
        id: "SEC254",
        name: "amqp-url-with-password",
        severity: High,
        summary: "AMQP (RabbitMQ) URL with a password",
        remediation: "Rotate the password and pass it separately from a secret store instead of embedding it in the URL.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["amqp"],
            pattern: r#"(?i)(?:^|[^A-Za-z0-9+.\-])(?P<scheme>amqps?)://(?P<user>[^:/?#\s@"\'`<>]{0,128}):(?P<secret>[^@/?#\s"\'`<>]{1,256})@(?P<host>[A-Za-z0-9_.\-]+|\[[0-9a-fA-F:]+\])"#,
            validate: Some(url_password),
            priority: 1,
            ..Spec::DEFAULT
        },
    }
}
