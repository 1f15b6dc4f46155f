use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Docker Hub personal access tokens: `dckr_pat_` followed by 27 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token pulls private images and, with write scope, pushes images that every
    /// deployment of them will run. Anyone who can read the repository — every clone, fork,
    /// CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token on Docker Hub (Account settings → Personal access
    /// tokens), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DOCKERHUB_TOKEN = "dckr_pat_…"
    /// # after
    /// DOCKERHUB_TOKEN = os.environ["DOCKERHUB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Docker docs: "Create and manage access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DOCKER_HUB_PAT {
        id: "SEC117",
        name: "docker-hub-personal-access-token",
        severity: High,
        summary: "Docker Hub personal access token",
        remediation: "Revoke the personal access token on Docker Hub (Account settings → Personal access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["dckr_pat_"],
            pattern: r#"\b(?P<secret>dckr_pat_[A-Za-z0-9_\-]{27})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
