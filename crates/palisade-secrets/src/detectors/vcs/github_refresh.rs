use crate::detectors::common::crc32_checksum;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitHub refresh tokens: `ghr_` followed by 36 base62 characters whose last six are the
    /// CRC32 checksum of the first thirty (the checksum is verified, so random look-alikes
    /// are not reported).
    ///
    /// ## Why it matters
    /// A refresh token mints new user-to-server tokens for months. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the refresh token in GitHub settings (or with the credential revocation API),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITHUB_TOKEN = "ghr_YmNqnf…"
    /// # after
    /// GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitHub docs: "About authentication to GitHub" — token formats (github.blog, 2021-04-05, "Behind GitHub's new authentication token formats")
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITHUB_REFRESH {
        id: "SEC034",
        name: "github-refresh-token",
        severity: High,
        summary: "GitHub refresh token",
        remediation: "Revoke the refresh token in GitHub settings (or with the credential revocation API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ghr_"],
            pattern: r#"\b(?P<secret>ghr_[A-Za-z0-9]{36})"#,
            validate: Some(crc32_checksum),
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
