use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// PyPI upload tokens: `pypi-AgEIcHlwaS5vcmc` (a macaroon for pypi.org) followed by at
    /// least 50 URL-safe characters.
    ///
    /// ## Why it matters
    /// An upload token publishes new releases of the projects it is scoped to (or of every
    /// project of its user). Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the upload token on pypi.org (Account settings → API tokens), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TWINE_PASSWORD = "pypi-AgEIcHlwaS5vcmcBO-yY1vy1Dx71XJWCS-eOE…"
    /// # after
    /// TWINE_PASSWORD = os.environ["TWINE_PASSWORD"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - PyPI help: "API tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PYPI_TOKEN {
        id: "SEC111",
        name: "pypi-upload-token",
        severity: Critical,
        summary: "PyPI upload token",
        remediation: "Revoke the upload token on pypi.org (Account settings → API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pypi-ageichlwas5vcmc"],
            pattern: r#"\b(?P<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
