use crate::detectors::common::{literal_value, not_env_file};
use crate::{Check, Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Secrets assigned in code and configuration: a name containing `secret`, `private_key`,
    /// `signing_key`, `encryption_key`, `master_key` or `salt` (`SECRET_KEY = `,
    /// `client_secret:`, `jwtSecret`) followed by a literal value. The value must be a
    /// literal of at least 8 characters (quoted in source code), mix two kinds of characters,
    /// reach 3.0 bits of entropy per character, and not be a placeholder, a template
    /// (`${VAR}`, `{{ x }}`), code (`os.environ[...]`), a URL or a path; names ending like
    /// `_FILE`, `_URL`, `_TTL` are settings about a secret, not secrets. When a specific
    /// detector matches the same value (a GitHub token, a database URL), only the specific
    /// finding is reported. Dotenv files are covered by SEC280.
    ///
    /// ## Why it matters
    /// Hard-coded credentials outlive their authors: they are copied into every clone, image
    /// and log, and rotating them means a code change — so they rarely are.
    ///
    /// ## How to fix
    /// Rotate the value, then read it at run time: an environment variable populated from a
    /// secret manager, or a file mounted from a Kubernetes Secret.
    /// ```text
    /// # before
    /// secret = "Zx9!q..."
    /// # after
    /// secret = os.environ["SECRET"]
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - OWASP ASVS V2.10 (Service Authentication)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SECRET_ASSIGNMENT {
        id: "SEC291",
        name: "generic-secret",
        severity: High,
        summary: "hard-coded secret",
        remediation: "Rotate the value and read it at run time from the environment or a secret store.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["secret", "private_key", "privatekey", "signing_key", "signingkey", "encryption_key", "master_key", "salt"],
            pattern: r#"(?i)(?:^|[^A-Za-z0-9])(?P<key>[A-Za-z0-9_.\-]*(?:secret|private[_.\-]?key|signing[_.\-]?key|encryption[_.\-]?key|master[_.\-]?key|salt)[A-Za-z0-9_.\-]*)["\']?[ \t]*(?::=|=>|==|=|:)[ \t]*(?:[A-Za-z]*\()?["\'`]?(?P<secret>[^\s"\'`,;]{8,256})"#,
            paths: Some(not_env_file),
            validate: Some(literal),
            min_entropy: 3.0,
            priority: 0,
            confidence: Confidence::Low,
            keyword_check: Some(crate::detectors::common::assignment_follows),
            window_names: &["private.key", "private-key", "signing.key", "signing-key", "encryption.key", "encryption-key", "encryptionkey", "master.key", "master-key", "masterkey"],
            ..Spec::DEFAULT
        },
    }
}

fn literal(c: &crate::Candidate<'_>) -> Check {
    if literal_value(c) {
        Check::Pass
    } else {
        Check::Reject
    }
}
