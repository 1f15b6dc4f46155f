use crate::detectors::common::plain_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `curl -u user:password` and `curl --user user:password` in scripts, Dockerfiles, CI
    /// files and docs, with a literal password.
    ///
    /// ## Why it matters
    /// The password is in the repository, in shell history and in the process list of the
    /// machine that runs the script.
    ///
    /// ## How to fix
    /// Rotate the password; use `curl --netrc-file` with a file provisioned from a secret
    /// store, or `-u "$USER:$PASSWORD"` with variables from CI secrets.
    /// ```text
    /// # before
    /// curl -u deploy:s3cr3t https://repo.internal/upload
    /// # after
    /// curl -u "deploy:${REPO_PASSWORD}" https://repo.internal/upload
    /// ```
    ///
    /// ## References
    /// - curl man page: `--user`, `--netrc-file`
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CURL_USER {
        id: "SEC295",
        name: "curl-user-password",
        severity: High,
        summary: "password on a curl command line",
        remediation: "Rotate the password and pass credentials to curl from a netrc file or a variable filled from a secret store.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["curl"],
            pattern: r#"(?i)\bcurl\b[^\n]*?\s(?:-u|--user)[ \t=]*["\']?(?P<user>[^:\s"\'$]+):(?P<secret>[^\s"\'@]{4,128})"#,
            validate: Some(plain_password),
            ..Spec::DEFAULT
        },
    }
}
