use crate::detectors::common::{literal_value, not_env_file};
use crate::{Check, Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Tokens and API keys assigned in code and configuration: a name containing `token`,
    /// `api_key`/`apiKey`, `access_key`, `auth_key` or `credential` followed by a literal
    /// value. The value must be a literal of at least 16 characters (quoted in source code),
    /// mix two kinds of characters, reach 3.5 bits of entropy per character, and not be a
    /// placeholder, a template (`${VAR}`, `{{ x }}`), code (`os.environ[...]`), a URL or a
    /// path; names ending like `_FILE`, `_URL`, `_TTL` are settings about a secret, not
    /// secrets. When a specific detector matches the same value (a GitHub token, a database
    /// URL), only the specific finding is reported. Dotenv files are covered by SEC280.
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
    /// token = "Zx9!q..."
    /// # after
    /// token = os.environ["TOKEN"]
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - OWASP ASVS V2.10 (Service Authentication)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TOKEN_ASSIGNMENT {
        id: "SEC292",
        name: "generic-token",
        severity: High,
        summary: "hard-coded token or API key",
        remediation: "Rotate the value and read it at run time from the environment or a secret store.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["token", "api_key", "apikey", "api-key", "api.key", "access_key", "accesskey", "auth_key", "authkey", "credential"],
            pattern: r#"(?i)(?:^|[^A-Za-z0-9])(?P<key>[A-Za-z0-9_.\-]*(?:token|api[_.\-]?key|apikey|access[_.\-]?key|auth[_.\-]?key|credential)[A-Za-z0-9_.\-]*)["\']?[ \t]*(?::=|=>|==|=|:)[ \t]*(?:[A-Za-z]*\()?["\'`]?(?P<secret>[^\s"\'`,;]{16,256})"#,
            paths: Some(not_env_file),
            validate: Some(literal),
            min_entropy: 3.5,
            priority: 0,
            confidence: Confidence::Low,
            keyword_check: Some(crate::detectors::common::assignment_follows),
            window_names: &["access.key", "access-key", "auth.key", "auth-key"],
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
