use crate::detectors::common::{is_env_file, literal_value};
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// Assignments in dotenv files (`.env`, `.env.production`, `prod.env`; not
    /// `.env.example`/`.sample`/`.template`) whose name says secret (`PASSWORD`, `SECRET`,
    /// `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `CREDENTIAL`, `CLIENT_SECRET`) and
    /// whose value is a literal of at least 6 characters with two kinds of characters and 2.5
    /// bits of entropy per character. Generic assignment detectors skip dotenv files, so each
    /// value is reported once.
    ///
    /// ## Why it matters
    /// A committed `.env` is the whole production configuration in one file: every credential
    /// the service uses, readable by anyone with the repository.
    ///
    /// ## How to fix
    /// Delete the file from the repository and its history, rotate every value in it, commit
    /// a `.env.example` with placeholders instead, and add `.env*` to `.gitignore`.
    /// ```text
    /// # before
    /// # .env
    /// STRIPE_SECRET_KEY=sk_live_...
    /// DB_PASSWORD=s3cr3t
    /// # after
    /// # .env.example (committed)
    /// DB_PASSWORD=<set in your secret manager>
    /// ```
    ///
    /// ## References
    /// - The Twelve-Factor App: "Config"
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DOTENV {
        id: "SEC280",
        name: "dotenv-secret",
        severity: High,
        summary: "secret in a .env file",
        remediation: "Remove the .env file from the repository (commit a .env.example with placeholders), rotate the value, and add .env to .gitignore.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pass", "pwd", "secret", "token", "key", "credential", "auth"],
            pattern: r#"(?mi)^[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*(?:password|passwd|pwd|secret|token|api[_.\-]?key|apikey|access[_.\-]?key|auth[_.\-]?key|private[_.\-]?key|credential|client[_.\-]?secret)[A-Za-z0-9_.\-]*)[ \t]*=[ \t]*["\']?(?P<secret>[^\s"\'#]{6,512})"#,
            paths: Some(is_env_file),
            validate: Some(literal),
            min_entropy: 2.5,
            priority: 0,
            ..Spec::DEFAULT
        },
    }
}

fn literal(c: &crate::Candidate<'_>) -> Check {
    if literal_value(c) {
        Check::Pass
    } else {
        Check::Reject
    }
}
