use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// AWS session tokens assigned to `aws_session_token`, `AWS_SECURITY_TOKEN` or
    /// `sessionToken`: long base64 values (at least 100 characters) such as those STS returns
    /// (`IQoJb3JpZ2luX2Vj…`, `FwoGZXIvYXdzE…`).
    ///
    /// ## Why it matters
    /// With its `ASIA…` key id and secret, a session token is a working credential until it
    /// expires (up to 36 hours, longer for some role chains), and it often belongs to a
    /// privileged role assumed by a developer or CI.
    ///
    /// ## How to fix
    /// Revoke the role's active sessions (IAM console: "Revoke active sessions"), and keep
    /// temporary credentials in the environment of the process that needs them.
    /// ```text
    /// # before
    /// aws_session_token = IQoJb3JpZ2luX2VjE...
    /// # after
    /// # `aws sso login` / `aws configure export-credentials` at run time, never committed
    /// ```
    ///
    /// ## References
    /// - AWS IAM User Guide: "Revoking IAM role temporary security credentials"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AWS_SESSION_TOKEN {
        id: "SEC004",
        name: "aws-session-token",
        severity: High,
        summary: "AWS session token",
        remediation: "Revoke the role's active sessions and keep temporary credentials out of files.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["session_token", "security_token", "sessiontoken", "session-token"],
            pattern: r#"(?i)(?:aws_?)?(?:session|security)[_\-]?token["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9/+]{100,}={0,2})"#,
            min_entropy: 4.5,
            ..Spec::DEFAULT
        },
    }
}
