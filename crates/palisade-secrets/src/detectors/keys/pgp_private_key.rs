use crate::detectors::common::pem_check;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// ASCII-armoured OpenPGP secret keys: `-----BEGIN PGP PRIVATE KEY BLOCK-----` with a
    /// real body (passphrase protection cannot be read without parsing the packets, so every
    /// block is reported).
    ///
    /// ## Why it matters
    /// A PGP secret key signs releases and commits as its owner and decrypts what was
    /// encrypted to them; an exported key is often protected by a weak passphrase or none.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public half wherever it is trusted
    /// (authorized_keys, certificate, deploy key), revoke the old one, and keep private keys
    /// in a secret manager or a mounted Kubernetes Secret — never in the repository.
    /// ```text
    /// # before
    /// -----BEGIN PGP PRIVATE KEY BLOCK-----
    /// # after
    /// # key mounted at run time from a secret store; *.pem / id_* in .gitignore
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-321: Use of Hard-coded Cryptographic Key
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PGP_PRIVATE_KEY {
        id: "SEC235",
        name: "private-key-pgp",
        severity: Critical,
        summary: "PGP private key block",
        remediation: "Revoke or replace the key pair (new key, new certificate), remove it from the repository and history, and load keys from a secret store or mount.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin"],
            pattern: r#"-----BEGIN PGP PRIVATE KEY BLOCK-----(?P<secret>[A-Za-z0-9+/=\s:,.\-\\()@<>]{64,65536}?)-----END PGP PRIVATE KEY BLOCK-----"#,
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
