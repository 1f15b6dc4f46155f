use crate::detectors::common::file_name;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `machine … login … password …` entries of `.netrc`/`_netrc` files (read by curl, git,
    /// ftp and pip).
    ///
    /// ## Why it matters
    /// A netrc password is sent to that host by every tool that reads the file: usually a Git
    /// or package-registry token.
    ///
    /// ## How to fix
    /// Rotate the credential, delete the file from the repository, and use a credential
    /// helper (`git credential-manager`, `gh auth setup-git`) or CI secrets.
    /// ```text
    /// # before
    /// machine github.com login ci password ghp_...
    /// # after
    /// # ~/.netrc written by the CI job from a masked secret, never committed
    /// ```
    ///
    /// ## References
    /// - GNU inetutils manual: "The .netrc file"
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NETRC {
        id: "SEC281",
        name: "netrc-password",
        severity: High,
        summary: "password in a .netrc file",
        remediation: "Remove the .netrc from the repository, rotate the password or token, and use a credential helper.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["machine"],
            pattern: r#"(?s)machine\s+(?P<host>\S+)\s+login\s+\S+\s+password\s+(?P<secret>\S+)"#,
            paths: Some(is_netrc),
            lines_after: 3,
            priority: 0,
            ..Spec::DEFAULT
        },
    }
}

fn is_netrc(path: &str) -> bool {
    let name = file_name(path);
    name.ends_with("netrc")
}
