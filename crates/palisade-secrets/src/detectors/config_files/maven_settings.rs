use crate::detectors::common::plain_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `<password>…</password>` elements (Maven `settings.xml`, `server` entries, and any XML
    /// configuration) holding a literal — not a Maven-encrypted `{…}` value and not a `${…}`
    /// property.
    ///
    /// ## Why it matters
    /// Repository passwords deploy artifacts that every downstream build will consume.
    ///
    /// ## How to fix
    /// Rotate the password; reference an environment variable
    /// (`<password>${env.REPO_PASSWORD}</password>`) or use Maven password encryption.
    /// ```text
    /// # before
    /// <password>s3cr3t</password>
    /// # after
    /// <password>${env.REPO_PASSWORD}</password>
    /// ```
    ///
    /// ## References
    /// - Apache Maven: "Password Encryption" and "Settings Reference"
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static MAVEN_SETTINGS {
        id: "SEC282",
        name: "maven-settings-password",
        severity: High,
        summary: "plain-text password in Maven settings",
        remediation: "Rotate the password, and use encrypted passwords (`mvn --encrypt-password`) or environment variables (`${env.REPO_PASSWORD}`).",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["<password>"],
            pattern: r#"<password>\s*(?P<secret>[^<{$\s][^<]{3,256}?)\s*</password>"#,
            validate: Some(plain_password),
            priority: 0,
            ..Spec::DEFAULT
        },
    }
}
