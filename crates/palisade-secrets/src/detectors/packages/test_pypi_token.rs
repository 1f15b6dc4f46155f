use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// TestPyPI upload tokens: `pypi-AgENdGVzdC5weXBpLm9yZw` (a macaroon for test.pypi.org)
    /// followed by at least 50 URL-safe characters.
    ///
    /// ## Why it matters
    /// A TestPyPI token publishes to the test index only; it is often the same account as
    /// production and shows how releases are made. Anyone who can read the repository — every
    /// clone, fork, CI log and backup, and the git history after the line is deleted — holds
    /// it.
    ///
    /// ## How to fix
    /// Revoke the upload token on test.pypi.org (Account settings → API tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TWINE_PASSWORD = "pypi-AgENdGVzdC5weXBpLm9yZw9M71uUC6dXE67HSyD…"
    /// # after
    /// TWINE_PASSWORD = os.environ["TWINE_PASSWORD"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - PyPI help: "API tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TEST_PYPI_TOKEN {
        id: "SEC112",
        name: "test-pypi-upload-token",
        severity: Low,
        summary: "TestPyPI upload token",
        remediation: "Revoke the upload token on test.pypi.org (Account settings → API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pypi-agendgvzdc5wexbplm9yzw"],
            pattern: r#"\b(?P<secret>pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_\-]{50,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
