use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Doppler tokens: `dp.pt.`, `dp.st.`, `dp.sa.`, `dp.ct.`, `dp.scim.` or `dp.audit.`
    /// followed by 40–44 base62 characters.
    ///
    /// ## Why it matters
    /// A Doppler token downloads the secrets of its project and config — every secret of that
    /// environment at once. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the token in the Doppler dashboard (Access → Tokens), issue a new one, and give
    /// it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DOPPLER_TOKEN = "dp.st.QxOPLr…"
    /// # after
    /// DOPPLER_TOKEN = os.environ["DOPPLER_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Doppler docs: "Token formats"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DOPPLER_TOKEN {
        id: "SEC135",
        name: "doppler-token",
        severity: Critical,
        summary: "Doppler token",
        remediation: "Revoke the token in the Doppler dashboard (Access → Tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
            pattern: r#"\b(?P<secret>dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
