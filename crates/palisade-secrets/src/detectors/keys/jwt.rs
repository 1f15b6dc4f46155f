use crate::util::base64_decode;
use crate::{Check, Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// JSON Web Tokens: three base64url segments (`eyJ….eyJ….…`) whose header decodes to a
    /// JSON object with an `alg` and whose payload decodes to a JSON object. Look-alikes that
    /// do not decode are not reported; the jwt.io sample token is not reported. The title
    /// says what the token is when the claims tell: a Kubernetes service-account token, an
    /// unsigned token (`alg: none`), an expired one.
    ///
    /// ## Why it matters
    /// A bearer token is a credential: whoever presents it is its subject until it expires
    /// — and tokens committed to repositories are typically long-lived service tokens
    /// (service-account tokens, Supabase `service_role` keys, API keys issued as JWTs).
    ///
    /// ## How to fix
    /// Revoke the token at its issuer (delete the service-account token Secret, rotate the
    /// signing key if the issuer cannot revoke), and request short-lived tokens at run time
    /// (projected service-account tokens, OAuth client credentials).
    /// ```text
    /// # before
    /// Authorization: Bearer eyJhbGciOiJSUzI1NiIs...
    /// # after
    /// # token read at run time from /var/run/secrets/... (projected, auto-rotated)
    /// ```
    ///
    /// ## References
    /// - RFC 7519 (JSON Web Token), RFC 8725 (JWT Best Current Practices)
    /// - Kubernetes docs: "Service account tokens" (bound, projected tokens)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static JWT {
        id: "SEC240",
        name: "json-web-token",
        severity: High,
        summary: "JSON Web Token",
        remediation: "Revoke the token at its issuer (or rotate its signing key) and fetch short-lived tokens at run time.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["eyj"],
            pattern: r"\b(?P<secret>eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*)",
            validate: Some(structure),
            confidence: Confidence::Medium,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}

/// Decodes header and payload; rejects anything that is not a JWT.
fn structure(c: &crate::Candidate<'_>) -> Check {
    let mut parts = c.secret.split(|b| *b == b'.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else {
        return Check::Reject;
    };
    let json = |seg: &[u8]| -> Option<serde_json::Map<String, serde_json::Value>> {
        let raw = base64_decode(seg)?;
        match serde_json::from_slice(&raw).ok()? {
            serde_json::Value::Object(m) => Some(m),
            _ => None,
        }
    };
    let (Some(header), Some(payload)) = (json(h), json(p)) else {
        return Check::Reject;
    };
    let Some(alg) = header.get("alg").and_then(|a| a.as_str()) else {
        return Check::Reject;
    };
    let mut notes = Vec::new();
    let iss = payload.get("iss").and_then(|v| v.as_str()).unwrap_or("");
    if iss.contains("kubernetes") || payload.contains_key("kubernetes.io") {
        notes.push("Kubernetes service-account token".to_string());
    } else if let Some(role) = payload.get("role").and_then(|v| v.as_str()) {
        notes.push(format!("role `{role}`"));
    }
    if alg.eq_ignore_ascii_case("none") {
        notes.push("unsigned: alg none".to_string());
    } else {
        notes.push(format!("alg {alg}"));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match payload.get("exp").and_then(|v| v.as_u64()) {
        Some(exp) if exp < now => notes.push("expired".to_string()),
        None => notes.push("no expiry".to_string()),
        _ => {}
    }
    Check::Note(notes.join(", "))
}
