use crate::detectors::common::pem_check;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// PKCS#8 PEM blocks `-----BEGIN PRIVATE KEY-----` (RSA, EC or Ed25519 keys as OpenSSL 3,
    /// Java and most libraries write them), including the JSON-escaped form inside service-
    /// account files (`\n` line breaks). Encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`) is
    /// reported by SEC236.
    ///
    /// ## Why it matters
    /// The private key is the identity of a TLS server, a client certificate or a cloud
    /// service account.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public half wherever it is trusted
    /// (authorized_keys, certificate, deploy key), revoke the old one, and keep private keys
    /// in a secret manager or a mounted Kubernetes Secret — never in the repository.
    /// ```text
    /// # before
    /// -----BEGIN PRIVATE KEY-----
    /// # after
    /// # key mounted at run time from a secret store; *.pem / id_* in .gitignore
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-321: Use of Hard-coded Cryptographic Key
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PKCS8_PRIVATE_KEY {
        id: "SEC234",
        name: "private-key-pkcs8",
        severity: Critical,
        summary: "PKCS#8 private key (unencrypted)",
        remediation: "Revoke or replace the key pair (new key, new certificate), remove it from the repository and history, and load keys from a secret store or mount.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin"],
            pattern: r#"-----BEGIN PRIVATE KEY-----(?P<secret>[A-Za-z0-9+/=\s:,\-\\]{64,16384}?)-----END PRIVATE KEY-----"#,
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
