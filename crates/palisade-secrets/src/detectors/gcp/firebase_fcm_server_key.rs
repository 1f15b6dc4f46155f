use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Firebase Cloud Messaging legacy server keys: `AAAA`, 7 characters, `:APA91b` and about
    /// 134 URL-safe characters.
    ///
    /// ## Why it matters
    /// The server key sends push notifications to every install of the app. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the Cloud Messaging legacy server key in the Firebase console (Project settings
    /// → Cloud Messaging), and migrate to the HTTP v1 API, issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// FCM_SERVER_KEY = "AAAAAbeuEch:APA91bU89K1D5a0HECbLMQsNcC…"
    /// # after
    /// FCM_SERVER_KEY = os.environ["FCM_SERVER_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Firebase docs: "Migrate from legacy FCM APIs to HTTP v1"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static FIREBASE_FCM_SERVER_KEY {
        id: "SEC015",
        name: "firebase-cloud-messaging-server-key",
        severity: High,
        summary: "Firebase Cloud Messaging legacy server key",
        remediation: "Revoke the Cloud Messaging legacy server key in the Firebase console (Project settings → Cloud Messaging), and migrate to the HTTP v1 API, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &[":apa91b"],
            pattern: r#"\b(?P<secret>AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{120,160})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
