use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// age secret keys: `AGE-SECRET-KEY-1` followed by 58 bech32 characters.
    ///
    /// ## Why it matters
    /// The key decrypts every file encrypted to it — typically the SOPS-encrypted secrets
    /// committed to the same repository. Anyone who can read the repository — every clone,
    /// fork, CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the secret key by generating a new identity, re-encrypting the files to it and
    /// dropping the old recipient, issue a new one, and give it to the application at run
    /// time (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// SOPS_AGE_KEY = "AGE-SECRET-KEY-1GG…"
    /// # after
    /// SOPS_AGE_KEY = os.environ["SOPS_AGE_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - age specification (C2SP): "age"; SOPS docs: "Encrypting using age"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AGE_SECRET_KEY {
        id: "SEC145",
        name: "age-secret-key",
        severity: High,
        summary: "age secret key",
        remediation: "Revoke the secret key by generating a new identity, re-encrypting the files to it and dropping the old recipient, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["age-secret-key-1"],
            pattern: r#"\b(?P<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
