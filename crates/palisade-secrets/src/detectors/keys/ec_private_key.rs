use crate::detectors::common::pem_check;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// PEM blocks `-----BEGIN EC PRIVATE KEY-----` (SEC1) without a passphrase. Encrypted
    /// ones are reported by SEC236.
    ///
    /// ## Why it matters
    /// An EC key signs as its owner: TLS server identity, JWT issuer (ES256), code signing.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public half wherever it is trusted
    /// (authorized_keys, certificate, deploy key), revoke the old one, and keep private keys
    /// in a secret manager or a mounted Kubernetes Secret — never in the repository.
    /// ```text
    /// # before
    /// -----BEGIN EC PRIVATE KEY-----
    /// # after
    /// # key mounted at run time from a secret store; *.pem / id_* in .gitignore
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-321: Use of Hard-coded Cryptographic Key
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static EC_PRIVATE_KEY {
        id: "SEC231",
        name: "private-key-ec",
        severity: Critical,
        summary: "EC private key (unencrypted)",
        remediation: "Revoke or replace the key pair (new key, new certificate), remove it from the repository and history, and load keys from a secret store or mount.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin"],
            pattern: r#"-----BEGIN EC PRIVATE KEY-----(?P<secret>[A-Za-z0-9+/=\s:,\-\\]{64,16384}?)-----END EC PRIVATE KEY-----"#,
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
