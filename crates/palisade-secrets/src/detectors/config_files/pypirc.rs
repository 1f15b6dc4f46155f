use crate::detectors::common::{file_name, plain_password};
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `password =` entries of `.pypirc` files (what `twine` reads to upload packages).
    ///
    /// ## Why it matters
    /// The password or token uploads releases of the project — a supply-chain attack on its
    /// users.
    ///
    /// ## How to fix
    /// Revoke the token on PyPI, use trusted publishing from CI (OIDC) or `keyring`, and keep
    /// `.pypirc` out of the repository.
    /// ```text
    /// # before
    /// [pypi]
    /// username = __token__
    /// password = pypi-AgEI...
    /// # after
    /// # CI: pypa/gh-action-pypi-publish with trusted publishing, no password
    /// ```
    ///
    /// ## References
    /// - Python Packaging User Guide: "The .pypirc file"
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PYPIRC {
        id: "SEC283",
        name: "pypirc-password",
        severity: High,
        summary: "password in a .pypirc file",
        remediation: "Rotate the password or token, delete .pypirc from the repository, and use trusted publishing or keyring.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["password"],
            pattern: r#"(?m)^[ \t]*password[ \t]*[:=][ \t]*(?P<secret>\S{4,})"#,
            paths: Some(is_pypirc),
            validate: Some(plain_password),
            priority: 0,
            ..Spec::DEFAULT
        },
    }
}

fn is_pypirc(path: &str) -> bool {
    file_name(path).ends_with("pypirc")
}
