use crate::util::base64_decode;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// `Authorization: Basic <base64>` headers (in code, HTTP files, curl commands, Postman
    /// exports) whose value decodes to `user:password` with a real password.
    ///
    /// ## Why it matters
    /// Base64 is an encoding: the header is the user name and password in clear for anyone
    /// who reads the repository.
    ///
    /// ## How to fix
    /// Rotate the password; build the header at run time from credentials read from a secret
    /// store.
    /// ```text
    /// # before
    /// Authorization: Basic ZGVwbG95OnMzY3IzdA==
    /// # after
    /// Authorization: Basic {{ base64(user + ":" + env.PASSWORD) }}   # built at run time
    /// ```
    ///
    /// ## References
    /// - RFC 7617 (The 'Basic' HTTP Authentication Scheme)
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BASIC_AUTH_HEADER {
        id: "SEC293",
        name: "basic-auth-header",
        severity: High,
        summary: "HTTP Basic credentials in an Authorization header",
        remediation: "Rotate the password and build the header at run time from a secret store.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["basic "],
            pattern: r#"(?i)authorization["\']?\s*[:=]\s*["\']?basic\s+(?P<secret>[A-Za-z0-9+/]{8,}={0,2})"#,
            validate: Some(user_password),
            ..Spec::DEFAULT
        },
    }
}

/// The value must decode to `user:password` with a real password.
fn user_password(c: &crate::Candidate<'_>) -> Check {
    let Some(raw) = base64_decode(c.secret) else {
        return Check::Reject;
    };
    let text = String::from_utf8_lossy(&raw);
    match text.split_once(':') {
        Some((_, pass))
            if pass.len() >= 4 && crate::filters::placeholder_reason(pass.as_bytes()).is_none() =>
        {
            Check::Pass
        }
        _ => Check::Reject,
    }
}
