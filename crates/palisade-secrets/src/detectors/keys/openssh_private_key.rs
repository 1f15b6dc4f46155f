use crate::detectors::common::pem_check;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// OpenSSH-format private keys (`-----BEGIN OPENSSH PRIVATE KEY-----`, what `ssh-keygen`
    /// writes since 7.8). The body is decoded and its cipher read: a key whose cipher is
    /// `none` (no passphrase) is reported here, a passphrase-protected one by SEC236.
    ///
    /// ## Why it matters
    /// An unencrypted SSH key logs in to every host and Git server whose `authorized_keys` or
    /// deploy keys trust it — often production bastions and CI deploy targets.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public half wherever it is trusted
    /// (authorized_keys, certificate, deploy key), revoke the old one, and keep private keys
    /// in a secret manager or a mounted Kubernetes Secret — never in the repository.
    /// ```text
    /// # before
    /// -----BEGIN OPENSSH PRIVATE KEY-----
    /// # after
    /// # key mounted at run time from a secret store; *.pem / id_* in .gitignore
    /// ```
    ///
    /// ## References
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-321: Use of Hard-coded Cryptographic Key
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static OPENSSH_PRIVATE_KEY {
        id: "SEC233",
        name: "private-key-openssh",
        severity: Critical,
        summary: "OpenSSH private key (unencrypted)",
        remediation: "Revoke or replace the key pair (new key, new certificate), remove it from the repository and history, and load keys from a secret store or mount.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin"],
            pattern: r#"-----BEGIN OPENSSH PRIVATE KEY-----(?P<secret>[A-Za-z0-9+/=\s:,\-\\]{64,16384}?)-----END OPENSSH PRIVATE KEY-----"#,
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
