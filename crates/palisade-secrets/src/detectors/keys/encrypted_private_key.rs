use crate::detectors::common::pem_check;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Private keys protected by a passphrase: PKCS#8 `ENCRYPTED PRIVATE KEY`, PEM keys with
    /// `Proc-Type: 4,ENCRYPTED`, and OpenSSH keys whose cipher is not `none`. Lower severity
    /// than an unencrypted key, but still a finding.
    ///
    /// ## Why it matters
    /// An encrypted key is one passphrase away from use: offline guessing is unlimited once
    /// the file is public, and the passphrase is often in the same repository or CI
    /// configuration.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public half wherever it is trusted
    /// (authorized_keys, certificate, deploy key), revoke the old one, and keep private keys
    /// in a secret manager or a mounted Kubernetes Secret — never in the repository.
    /// ```text
    /// # before
    /// -----BEGIN ENCRYPTED PRIVATE KEY-----
    /// # after
    /// # key mounted at run time from a secret store; *.pem / id_* in .gitignore
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-321: Use of Hard-coded Cryptographic Key
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ENCRYPTED_PRIVATE_KEY {
        id: "SEC236",
        name: "private-key-encrypted",
        severity: Medium,
        summary: "passphrase-protected private key",
        remediation: "Revoke or replace the key pair (new key, new certificate), remove it from the repository and history, and load keys from a secret store or mount.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin"],
            pattern: r#"-----BEGIN (?:ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|DSA PRIVATE KEY|OPENSSH PRIVATE KEY)-----(?P<secret>[A-Za-z0-9+/=\s:,\-\\]{64,16384}?)-----END (?:ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|DSA PRIVATE KEY|OPENSSH PRIVATE KEY)-----"#,
            lines_after: 200,
            placeholders: false,
            validate: Some(encrypted),
            ..Spec::DEFAULT
        },
    }
}

fn encrypted(c: &crate::Candidate<'_>) -> crate::Check {
    pem_check(c, true)
}
