use crate::detectors::common::pem_check;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// PEM blocks `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1) without a passphrase (no `Proc-
    /// Type: 4,ENCRYPTED` header), whose body is real base64 of a plausible length — not a
    /// truncated `...` sample. Encrypted ones are reported by SEC236.
    ///
    /// ## Why it matters
    /// The private key is the identity: it decrypts TLS traffic recorded earlier (without
    /// forward secrecy), signs as the server or the user, and opens every SSH account that
    /// trusts it.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public half wherever it is trusted
    /// (authorized_keys, certificate, deploy key), revoke the old one, and keep private keys
    /// in a secret manager or a mounted Kubernetes Secret — never in the repository.
    /// ```text
    /// # before
    /// -----BEGIN RSA PRIVATE KEY-----
    /// # after
    /// # key mounted at run time from a secret store; *.pem / id_* in .gitignore
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-321: Use of Hard-coded Cryptographic Key
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static RSA_PRIVATE_KEY {
        id: "SEC230",
        name: "private-key-rsa",
        severity: Critical,
        summary: "RSA private key (unencrypted)",
        remediation: "Revoke or replace the key pair (new key, new certificate), remove it from the repository and history, and load keys from a secret store or mount.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin"],
            pattern: r#"-----BEGIN RSA PRIVATE KEY-----(?P<secret>[A-Za-z0-9+/=\s:,\-\\]{64,16384}?)-----END RSA PRIVATE KEY-----"#,
            lines_after: 200,
            placeholders: false,
            validate: Some(unencrypted),
            ..Spec::DEFAULT
        },
    }
}

fn unencrypted(c: &crate::Candidate<'_>) -> crate::Check {
    pem_check(c, false)
}
