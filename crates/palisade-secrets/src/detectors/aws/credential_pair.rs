use crate::{Check, Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// An AWS access key id (`AKIA…`/`ASIA…`) and, within the next five lines, a 40-character
    /// secret access key: a complete, usable credential. Reported once, at the secret,
    /// instead of the id and the secret separately.
    ///
    /// ## Why it matters
    /// The pair is everything needed to call AWS as that identity. Automated scrapers find
    /// such pairs in public repositories within minutes and start mining or exfiltrating.
    ///
    /// ## How to fix
    /// Deactivate the key now, review CloudTrail for its use, then move the workload to a
    /// role (IRSA, EKS Pod Identity, instance profile).
    /// ```text
    /// # before (~/.aws/credentials committed)
    /// aws_access_key_id = AKIA...
    /// aws_secret_access_key = ...
    /// # after: the file is not in the repository; roles provide credentials
    /// ```
    ///
    /// ## References
    /// - AWS Security Blog: "What to do if you inadvertently expose an AWS access key"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AWS_CREDENTIAL_PAIR {
        id: "SEC003",
        name: "aws-credential-pair",
        severity: Critical,
        summary: "AWS access key id with its secret access key",
        remediation: "Deactivate the key pair in IAM, review CloudTrail, and use IAM roles instead of keys.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["akia", "asia"],
            pattern: r#"(?s)\b(?:AKIA|ASIA)[A-Z2-7]{16}\b.{1,400}?(?i:secret)[^\n]{0,40}?["'=:\s](?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
            lines_after: 5,
            min_entropy: 4.0,
            priority: 2,
            validate: Some(pair),
            confidence: Confidence::High,
            ..Spec::DEFAULT
        },
    }
}

fn pair(c: &crate::Candidate<'_>) -> Check {
    let id = String::from_utf8_lossy(&c.matched[..4]);
    Check::Note(format!("paired with an {id}… key id"))
}
