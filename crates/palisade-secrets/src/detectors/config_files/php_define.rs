use crate::detectors::common::plain_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `define('DB_PASSWORD', '…')` and other `define()` calls whose constant name says
    /// secret (`PASSWORD`, `SECRET`, `KEY`, `TOKEN`, `SALT`) and whose value is a literal —
    /// the shape of `wp-config.php`.
    ///
    /// ## Why it matters
    /// `wp-config.php` holds the database password and the authentication salts: with them an
    /// attacker reads the database and forges login cookies.
    ///
    /// ## How to fix
    /// Rotate the password and salts; read them from the environment: `define('DB_PASSWORD',
    /// getenv('DB_PASSWORD'));`.
    /// ```text
    /// # before
    /// define('DB_PASSWORD', 's3cr3t');
    /// # after
    /// define('DB_PASSWORD', getenv('DB_PASSWORD'));
    /// ```
    ///
    /// ## References
    /// - WordPress developer docs: "Editing wp-config.php"
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PHP_DEFINE {
        id: "SEC286",
        name: "php-define-secret",
        severity: High,
        summary: "secret in a PHP define()",
        remediation: "Rotate the value and read it from the environment (getenv) in wp-config.php and similar files.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["define("],
            pattern: r#"define\(\s*['"](?P<key>[A-Z0-9_]*(?:PASSWORD|SECRET|KEY|TOKEN|SALT)[A-Z0-9_]*)['"]\s*,\s*['"](?P<secret>[^'"]{6,256})['"]\s*\)"#,
            validate: Some(plain_password),
            min_entropy: 2.5,
            priority: 1,
            ..Spec::DEFAULT
        },
    }
}
