use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// SonarQube / SonarCloud tokens: `squ_`, `sqp_` or `sqa_` followed by 40 hex characters.
    ///
    /// ## Why it matters
    /// The token reads the analysed source code and its security hotspots, and can change
    /// quality gates. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the token in SonarQube (My account → Security → Revoke), issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SONAR_TOKEN = "squ_c166c29…"
    /// # after
    /// SONAR_TOKEN = os.environ["SONAR_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - SonarQube docs: "Managing your tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SONARQUBE_TOKEN {
        id: "SEC193",
        name: "sonarqube-token",
        severity: High,
        summary: "SonarQube / SonarCloud token",
        remediation: "Revoke the token in SonarQube (My account → Security → Revoke), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["squ_", "sqp_", "sqa_"],
            pattern: r#"\b(?P<secret>sq[upa]_[a-f0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
