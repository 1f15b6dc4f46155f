use palisade_yaml::Node;

use crate::{Cx, Rule};

/// Keys that hold public material by convention (the certificate halves of TLS Secrets).
const PUBLIC_KEYS: &[&str] = &["tls.crt", "ca.crt"];

declare_rule! {
    /// ## What it checks
    /// `Secret` objects that carry their values in the manifest: one finding per non-empty
    /// key of `data` or `stringData` (when both set a key, the `stringData` one is
    /// reported, as it wins on write). Values are never shown, only their length. Not
    /// reported: empty values and Secrets with no data (a
    /// `kubernetes.io/service-account-token` Secret whose token the controller fills in,
    /// a Secret populated by an operator), placeholder values (`${VAR}`, `{{ .x }}`), and
    /// the public certificate keys `tls.crt` and `ca.crt` (the private `tls.key` is
    /// reported).
    ///
    /// ## Why it matters
    /// `data` is base64, which is an encoding, not encryption: a Secret in the manifest is
    /// a plaintext credential in the repository, in every clone, fork, CI log and backup of
    /// it, forever in its history even after it is "removed". Anyone who can read the
    /// repository holds the credential (Unsecured Credentials: Credentials In Files, MITRE
    /// ATT&CK T1552.001).
    ///
    /// ## How to fix
    /// Keep the value out of the repository: create the Secret from a secret manager
    /// (External Secrets Operator, a CSI secrets store driver), or commit it encrypted
    /// (Sealed Secrets, SOPS). Rotate any credential that was committed.
    /// ```yaml
    /// # before
    /// kind: Secret
    /// data:
    ///   password: cGFzc3dvcmQ=
    /// # after
    /// kind: ExternalSecret
    /// spec:
    ///   secretStoreRef: {name: vault, kind: ClusterSecretStore}
    ///   data:
    ///     - secretKey: password
    ///       remoteRef: {key: shop/db, property: password}
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.4.2 (Consider external secret storage)
    /// - NSA/CISA Kubernetes Hardening Guide: "Secrets"
    /// - MITRE ATT&CK for Containers: T1552.001 (Unsecured Credentials: Credentials In Files)
    /// - CWE-798: Use of Hard-coded Credentials
    pub struct SecretDataInManifest {
        id: "K8S053",
        name: "secret-data-in-manifest",
        family: "objects",
        severity: High,
        summary: "Secret manifest carries its secret values",
        remediation: "Keep Secret values out of manifests: use an external secret store or commit them encrypted (Sealed Secrets, SOPS), and rotate committed values.",
        tags: ["CIS-5.4.2", "NSA-CISA:secrets", "MITRE:T1552.001"],
    }
}

impl Rule for SecretDataInManifest {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        if obj.kind != "Secret" {
            return;
        }
        let string_data = obj.node.get("stringData");
        let overridden = |key: &str| string_data.is_some_and(|s| filled(s.get(key)));
        for (field, encoded) in [("data", true), ("stringData", false)] {
            let Some(map) = obj.node.get(field) else {
                continue;
            };
            for (k, v) in map.entries() {
                let Some(key) = k.scalar_text() else { continue };
                if !filled(Some(v))
                    || PUBLIC_KEYS.contains(&key.as_ref())
                    || (encoded && overridden(&key))
                {
                    continue;
                }
                let len = v.scalar_text().map_or(0, |t| t.chars().count());
                let what = match (encoded, len) {
                    (true, 1) => "base64 character",
                    (true, _) => "base64 characters",
                    (false, 1) => "character",
                    (false, _) => "characters",
                };
                let path = if key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    format!("{field}.{key}")
                } else {
                    format!("{field}[{key:?}]")
                };
                cx.report(
                    k.mark,
                    path,
                    format!(
                        "Secret `{}` carries the value of `{key}` in the manifest",
                        obj.name
                    ),
                )
                .key(key.to_string())
                .evidence(format!("value not shown ({len} {what})"))
                .emit();
            }
        }
    }
}

/// True for a non-empty value that is not a template placeholder.
fn filled(v: Option<&Node>) -> bool {
    let Some(text) = v.and_then(Node::scalar_text) else {
        return false;
    };
    let t = text.trim();
    !(t.is_empty() || t.contains("${") || t.contains("{{"))
}
