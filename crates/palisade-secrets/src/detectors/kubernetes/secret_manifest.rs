use palisade_core::ObjectRef;

use crate::filters::placeholder_reason;
use crate::util::base64_decode;
use crate::{Custom, FileCx, Scanner, Spec};

/// Keys that hold public material by convention (the certificate halves of TLS Secrets).
const PUBLIC_KEYS: &[&str] = &["tls.crt", "ca.crt"];
/// Manifests larger than this are not parsed for Secrets (the other detectors still run).
const MAX_MANIFEST_BYTES: usize = 8 * 1024 * 1024;

declare_detector! {
    /// ## What it checks
    /// Kubernetes `Secret` manifests (YAML or JSON, multi-document, `List`s) that carry
    /// their values: every non-empty key of `data` (base64-decoded) and `stringData`. The
    /// decoded value is scanned with every other detector, so the title says what it is — a
    /// registry credential in a `.dockerconfigjson`, a private key in `tls.key`, an AWS key.
    /// Not reported: the public `tls.crt`/`ca.crt`, placeholder and template values, `data`
    /// values that are not base64. This overlaps the manifest rule K8S053 on purpose: K8S053
    /// judges the manifest, this detector reports the secret with its redacted evidence and
    /// a fingerprint based on the value, so a rotated value is a new finding.
    ///
    /// ## Why it matters
    /// `data` is base64, an encoding and not encryption: a Secret in the repository is a
    /// plaintext credential in every clone, fork, CI log and backup, forever in history.
    ///
    /// ## How to fix
    /// Keep Secret values out of the repository: generate the Secret from a secret manager
    /// (External Secrets Operator, a CSI secrets-store driver) or commit it encrypted
    /// (Sealed Secrets, SOPS). Rotate every value that was committed.
    /// ```yaml
    /// # before
    /// kind: Secret
    /// data:
    ///   password: czNjcjN0LVBhNTU=
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
    /// - Kubernetes docs: "Good practices for Kubernetes Secrets"
    /// - CIS Kubernetes Benchmark 5.4.2 (Consider external secret storage)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SECRET_MANIFEST {
        id: "SEC273",
        name: "kubernetes-secret-manifest",
        severity: High,
        summary: "Kubernetes Secret manifest carries a secret value",
        remediation: "Generate the Secret from a secret manager or commit it encrypted (Sealed Secrets, SOPS), and rotate the committed value.",
        tags: ["CWE-798", "MITRE:T1552.001", "CIS-5.4.2"],
        spec: Spec {
            keywords: &["kind: secret", "kind: \"secret\"", "kind: 'secret'", "\"kind\": \"secret\"", "\"kind\":\"secret\""],
            custom: Some(secret_values),
            priority: 2,
            ..Spec::DEFAULT
        },
    }
}

/// Loads the manifest and reports each committed value of each Secret.
fn secret_values(scanner: &Scanner, file: &FileCx<'_>) -> Vec<Custom> {
    let mut out = Vec::new();
    if file.bytes.len() > MAX_MANIFEST_BYTES {
        return out;
    }
    let text = String::from_utf8_lossy(file.bytes);
    let loaded = palisade_k8s::load_str(file.path, &text);
    for obj in loaded.objects.iter().filter(|o| o.kind == "Secret") {
        let object = ObjectRef {
            kind: obj.kind.clone(),
            namespace: obj.namespace.clone(),
            name: obj.name.clone(),
        };
        for (field, encoded) in [("data", true), ("stringData", false)] {
            let Some(map) = obj.node.get(field) else {
                continue;
            };
            for (k, v) in map.entries() {
                let (Some(key), Some(value)) = (k.scalar_text(), v.scalar_text()) else {
                    continue;
                };
                if PUBLIC_KEYS.contains(&key.as_ref()) || value.trim().is_empty() {
                    continue;
                }
                let decoded = if encoded {
                    match base64_decode(value.as_bytes()) {
                        Some(d) => d,
                        None => continue,
                    }
                } else {
                    value.as_bytes().to_vec()
                };
                // A value another detector recognises is reported whatever it contains (a
                // `.dockerconfigjson` has braces a template check would trip on).
                let inner = scanner.matches_in(&format!("{}#{key}", file.path), &decoded);
                if inner.is_empty() && placeholder_reason(&decoded).is_some() {
                    continue;
                }
                let what = match inner.first() {
                    Some((d, _)) => format!(", decoded: {}", d.meta.summary),
                    None => String::new(),
                };
                let (line, column) = newline_position(&text, k.mark.line, k.mark.column);
                out.push(Custom {
                    line,
                    column,
                    secret: decoded,
                    note: Some(format!("Secret `{}` key `{key}`{what}", obj.name)),
                    object: Some(object.clone()),
                    field: Some(format!("{field}.{key}")),
                });
            }
        }
    }
    out
}

/// The position of a YAML mark in the scanner's terms. YAML counts a bare `\r` as a line
/// break as well as `\n` and `\r\n`; every other finding counts `\n` only, so in a file
/// with bare carriage returns the mark's line would point past the file's last line.
fn newline_position(text: &str, line: u32, column: u32) -> (u32, u32) {
    let bytes = text.as_bytes();
    let bare_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if !bare_cr {
        return (line, column);
    }
    // The start of the mark's YAML line, then `column - 1` characters on.
    let mut start = 0;
    let mut yaml_line = 1;
    while yaml_line < line && start < bytes.len() {
        match bytes[start] {
            b'\r' if bytes.get(start + 1) == Some(&b'\n') => start += 1,
            b'\r' | b'\n' => {}
            _ => {
                start += 1;
                continue;
            }
        }
        start += 1;
        yaml_line += 1;
    }
    let offset = text[start..]
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(text.len(), |(i, _)| start + i);
    let before = &text[..offset];
    let nl_line = 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (nl_line, 1 + before[line_start..].chars().count() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_marks_are_counted_in_newlines() {
        // No bare CR: unchanged (CRLF is one break for both).
        assert_eq!(newline_position("a\r\nb: c\r\n", 2, 3), (2, 3));
        // Bare CRs: YAML line 3 column 3 is the `c` of `b: c`, on the first `\n` line.
        let text = "x\ra\rb: c\nnext: d";
        assert_eq!(newline_position(text, 3, 4), (1, 8));
        assert_eq!(&text[7..8], "c");
        // After the `\n`: YAML line 4 is `\n`-line 2.
        assert_eq!(newline_position(text, 4, 1), (2, 1));
        // Marks past the end stay inside.
        let (l, _) = newline_position(text, 99, 99);
        assert!(l <= 2);
    }
}
