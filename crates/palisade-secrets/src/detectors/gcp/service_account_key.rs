use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::detectors::common::near;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// Google Cloud service-account key files: JSON with `"type": "service_account"`, a
    /// `client_email` at `*.gserviceaccount.com` and a `"private_key"` holding a PKCS#8 PEM
    /// key. Reported once, at the private key, naming the service account in the title (the
    /// embedded key is not reported again as a bare PKCS#8 key).
    ///
    /// ## Why it matters
    /// The key file is the service account: anyone holding it gets every IAM role granted to
    /// that account, on every project where it is granted, from anywhere, until the key is
    /// deleted. User-managed keys do not expire by default.
    ///
    /// ## How to fix
    /// Delete the key (`gcloud iam service-accounts keys delete KEY_ID
    /// --iam-account=SA_EMAIL`), check Cloud Audit Logs for its use, and stop using keys:
    /// Workload Identity Federation (GKE Workload Identity, GitHub OIDC) gives workloads the
    /// account without a file.
    /// ```text
    /// # before
    /// GOOGLE_APPLICATION_CREDENTIALS=./deploy-sa.json   (committed)
    /// # after
    /// # GKE: serviceAccountName bound with iam.gke.io/gcp-service-account; no key file
    /// ```
    ///
    /// ## References
    /// - Google Cloud docs: "Best practices for managing service account keys"
    /// - Google Cloud docs: "Workload Identity Federation"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GCP_SERVICE_ACCOUNT_KEY {
        id: "SEC010",
        name: "gcp-service-account-key",
        severity: Critical,
        summary: "Google Cloud service account key",
        remediation: "Delete the key in IAM, review audit logs, and use Workload Identity (Federation) instead of key files.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["\"private_key\""],
            pattern: r#""private_key"\s*:\s*"(?P<secret>-----BEGIN PRIVATE KEY-----[^"]{64,8000}?-----END PRIVATE KEY-----[^"]{0,4})""#,
            validate: Some(service_account),
            lines_before: 10,
            lines_after: 10,
            placeholders: false,
            priority: 2,
            ..Spec::DEFAULT
        },
    }
}

static CLIENT_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#""client_email"\s*:\s*"([^"@\s]{1,100}@[a-z0-9\-.]{1,100}\.gserviceaccount\.com)""#,
    )
    .expect("valid regex")
});

/// A service-account file: `"type": "service_account"` near the key; names the account.
fn service_account(c: &crate::Candidate<'_>) -> Check {
    if !near(c, &["service_account"], 8192) {
        return Check::Reject;
    }
    let start = c.match_start.saturating_sub(8192);
    let end = c
        .file
        .bytes
        .len()
        .min(c.match_start + c.matched.len() + 8192);
    match CLIENT_EMAIL
        .captures(&c.file.bytes[start..end])
        .and_then(|m| m.get(1))
    {
        Some(email) => Check::Note(format!("`{}`", String::from_utf8_lossy(email.as_bytes()))),
        None => Check::Pass,
    }
}
