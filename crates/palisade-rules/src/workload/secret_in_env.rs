use palisade_yaml::Node;

use super::common::redact;
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// `env[].value` literals, in containers, init containers and ephemeral containers of
    /// every pod-bearing kind, that carry a secret:
    /// - the variable's name says it holds one — its last word is `PASSWORD`, `PASSWD`,
    ///   `PASS`, `PWD` (not the shell's own `PWD`), `PASSPHRASE`, `SECRET`, `TOKEN`,
    ///   `CREDENTIAL(S)`, `AUTH`, or `KEY` after `API`, `ACCESS`, `PRIVATE`, `SECRET`,
    ///   `SIGNING`, `ENCRYPTION`, ... (`DB_PASSWORD`, `dbPassword`, `GITHUB_TOKEN`,
    ///   `AWS_SECRET_ACCESS_KEY`, `SECRET_KEY_BASE`) — and the value is a non-empty literal;
    /// - or, whatever the name, the value embeds a secret: a URL with `user:password@`
    ///   (`DATABASE_URL=postgres://app:s3cret@db/shop`), a Go-style DSN
    ///   (`app:s3cret@tcp(db:3306)/shop`), or a `key=value` pair whose key names a secret
    ///   by the same test as variable names, in a connection string or option list
    ///   (`Password=…;`, `Pwd=…`, `AccountKey=…`, `-Djavax.net.ssl.keyStorePassword=…`,
    ///   `?access_token=…`).
    ///
    /// Not reported: `valueFrom` (a reference), values that are `$(VAR)` references or
    /// contain one (`postgres://app:$(DB_PASSWORD)@db`), template placeholders (`${X}`,
    /// `{{ .x }}`, `<password>`, or a placeholder that repeats the name such as
    /// `GOOGLE_API_KEY_VAL`), absolute file paths (`/var/run/secrets/...`, which point at a
    /// mounted secret), URLs without credentials, and flag-like values (`true`, `0`,
    /// `disabled`). Names whose last word is not a secret word (`SECRET_NAME`,
    /// `TOKEN_TTL`, `PASSWORD_FILE`, `AUTH_URL`) are not secrets by name. Evidence never
    /// shows the value: at most its first two characters and its length.
    ///
    /// ## Why it matters
    /// A literal in the manifest is stored in plain text wherever the manifest goes: the Git
    /// history and every clone and fork of it, CI logs, Helm release Secrets, and the
    /// object in etcd, where anyone with `get` on the Deployment (a much weaker permission
    /// than reading Secrets, and one many dashboards and CI tokens hold) can read it.
    /// Rotating it means a commit, and the old value stays in history (Unsecured
    /// Credentials, MITRE ATT&CK T1552; Credentials In Files, T1552.001).
    ///
    /// ## How to fix
    /// Keep the value in a Secret (ideally managed outside the repository: External Secrets,
    /// Sealed Secrets, a CSI secrets store) and reference it, preferably as a mounted file.
    /// ```yaml
    /// # before
    /// env:
    ///   - name: DB_PASSWORD
    ///     value: s3cret-pa55
    /// # after
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef: {name: shop-db, key: password}
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.4.1 (Prefer using secrets as files over secrets as environment variables), 5.4.2 (Consider external secret storage)
    /// - NSA/CISA Kubernetes Hardening Guide: "Secrets"
    /// - MITRE ATT&CK for Containers: T1552.001 (Unsecured Credentials: Credentials In Files)
    /// - CWE-798: Use of Hard-coded Credentials
    pub struct SecretInEnv {
        id: "K8S039",
        name: "secret-in-env-literal",
        family: "workload",
        severity: High,
        summary: "Secret passed as a literal environment variable value",
        remediation: "Move the value into a Secret (kept out of the repository) and reference it with valueFrom.secretKeyRef or a mounted file.",
        tags: ["CIS-5.4.1", "CIS-5.4.2", "NSA-CISA:secrets", "MITRE:T1552.001"],
    }
}

impl Rule for SecretInEnv {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            let env = c.node.get("env").map(Node::items).unwrap_or(&[]);
            for (i, var) in env.iter().enumerate() {
                let Some(name) = var.get("name").and_then(Node::as_str) else {
                    continue;
                };
                let Some(node) = var.get("value").filter(|v| v.as_bool().is_none()) else {
                    continue;
                };
                let Some(value) = node.scalar_text() else {
                    continue;
                };
                let value = value.trim();
                let (title, evidence) = if let Some(cred) = embedded_credential(value) {
                    (
                        format!(
                            "container `{}` has a secret embedded in the value of `{name}`",
                            c.name
                        ),
                        format!("{name}={cred}"),
                    )
                } else if secret_name(name) && literal_secret(name, value) {
                    (
                        format!(
                            "container `{}` sets secret `{name}` from a literal value",
                            c.name
                        ),
                        format!("{name}={}", redact(value)),
                    )
                } else {
                    continue;
                };
                cx.report_container(&c, Some(node), &format!("env[{i}].value"), title)
                    .key(name)
                    .evidence(evidence)
                    .emit();
            }
        }
    }
}

/// Splits an environment variable name into upper-cased words at `_`, `-`, `.` and
/// camelCase boundaries: `dbPassword` → `DB PASSWORD`, `APIKey` → `API KEY`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &ch) in chars.iter().enumerate() {
            let boundary = i > 0
                && ch.is_ascii_uppercase()
                && (chars[i - 1].is_ascii_lowercase()
                    || chars[i - 1].is_ascii_digit()
                    || (chars[i - 1].is_ascii_uppercase()
                        && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
            if boundary && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            word.push(ch.to_ascii_uppercase());
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

/// Words that, at the end of a name, only say how a secret is encoded.
const QUALIFIERS: &[&str] = &[
    "VALUE",
    "B64",
    "BASE64",
    "STRING",
    "STR",
    "PLAIN",
    "PLAINTEXT",
    "RAW",
    "HEX",
    "ENCODED",
    "DATA",
    "BASE",
    "HASH",
];

/// Words before `KEY` that make it a secret key (not a map key, a key ID or a file).
const KEY_KINDS: &[&str] = &[
    "API",
    "ACCESS",
    "PRIVATE",
    "SECRET",
    "SIGNING",
    "ENCRYPTION",
    "MASTER",
    "ACCOUNT",
    "STORAGE",
    "SESSION",
    "JWT",
    "HMAC",
    "AES",
    "CRYPTO",
    "CIPHER",
    "CLIENT",
    "SERVICE",
    "LICENSE",
    "APP",
    "SSH",
    "GPG",
    "WEBHOOK",
];

/// True when the variable's name says it holds a secret (see the rule doc).
fn secret_name(name: &str) -> bool {
    let mut w = words(name);
    while w.len() > 1 && w.last().is_some_and(|l| QUALIFIERS.contains(&l.as_str())) {
        w.pop();
    }
    let Some(last) = w.last() else { return false };
    let prev = w.len().checked_sub(2).map(|i| w[i].as_str());
    match last.as_str() {
        "PWD" => w.len() > 1,
        "PASS" | "AUTH" | "PASSPHRASE" | "CREDS" => true,
        "KEY" | "KEYS" => prev.is_some_and(|p| KEY_KINDS.contains(&p)),
        l => [
            "PASSWORD",
            "PASSWORDS",
            "PASSWD",
            "SECRET",
            "SECRETS",
            "TOKEN",
            "TOKENS",
            "APIKEY",
            "APIKEYS",
            "ACCESSKEY",
            "PRIVATEKEY",
            "SECRETKEY",
            "CREDENTIAL",
            "CREDENTIALS",
        ]
        .iter()
        .any(|s| l.ends_with(s)),
    }
}

/// True when `value` of a secret-named variable is a real literal, not a reference, a
/// placeholder, a path or a flag.
fn literal_secret(name: &str, value: &str) -> bool {
    let flag = is_flag(value);
    let reference = value.contains("$(");
    let template = value.contains("${")
        || value.contains("{{")
        || (value.starts_with('<') && value.ends_with('>'))
        || value
            .to_ascii_uppercase()
            .starts_with(&name.to_ascii_uppercase());
    let path = (value.starts_with('/') || value.starts_with("./") || value.starts_with("~/"))
        && !value.contains(char::is_whitespace);
    let plain_url = value.contains("://") && embedded_credential(value).is_none();
    !(value.is_empty() || flag || reference || template || path || plain_url)
}

/// True for values that switch something on or off rather than hold a secret.
fn is_flag(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "0"
            | "1"
            | "enabled"
            | "disabled"
            | "none"
            | "null"
            | "nil"
    )
}

/// A password written inside a value, described without revealing it.
fn embedded_credential(value: &str) -> Option<String> {
    url_credential(value)
        .or_else(|| dsn_credential(value))
        .or_else(|| pair_credential(value))
}

/// True when the password part is itself a reference or placeholder, not a literal.
fn indirect(password: &str) -> bool {
    password.is_empty()
        || password.contains("$(")
        || password.contains("${")
        || password.contains("{{")
        || (password.starts_with('<') && password.ends_with('>'))
}

/// `scheme://user:password@host/...` (any URL in the value).
fn url_credential(value: &str) -> Option<String> {
    let mut rest = value;
    while let Some(at) = rest.find("://") {
        let scheme_start = rest[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let scheme = &rest[scheme_start..at];
        let after = &rest[at + 3..];
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..end];
        if let Some((userinfo, host)) = authority.rsplit_once('@') {
            if let Some((user, password)) = userinfo.split_once(':') {
                if !scheme.is_empty() && !indirect(password) {
                    return Some(format!("{scheme}://{user}:{}@{host}", redact(password)));
                }
            }
        }
        rest = after;
    }
    None
}

/// Go MySQL driver DSNs: `user:password@tcp(host:3306)/db`, `user:password@unix(/sock)/db`.
fn dsn_credential(value: &str) -> Option<String> {
    let at = value.find("@tcp(").or_else(|| value.find("@unix("))?;
    let (user, password) = value[..at].split_once(':')?;
    (!indirect(password)).then(|| format!("{user}:{}@…", redact(password)))
}

/// `key=value` pairs whose key names a secret, in connection strings and option lists
/// (`;`, `&`, `?` or space separated): `Password=...;`, `Pwd=...`, `AccountKey=...`,
/// `-Dspring.datasource.password=...`, `?access_token=...`.
fn pair_credential(value: &str) -> Option<String> {
    value
        .split(|c: char| matches!(c, ';' | '&' | '?') || c.is_whitespace())
        .filter_map(|pair| pair.split_once('='))
        .find_map(|(k, v)| {
            let k = k
                .trim()
                .trim_start_matches('-')
                .trim_matches(|c| c == '\'' || c == '"');
            let v = v.trim().trim_matches(|c| c == '\'' || c == '"');
            let named = k.eq_ignore_ascii_case("pwd") || secret_name(k);
            (named && !indirect(v) && !is_flag(v)).then(|| format!("{k}={}", redact(v)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(words("dbPassword"), ["DB", "PASSWORD"]);
        assert_eq!(words("APIKey"), ["API", "KEY"]);
        assert_eq!(
            words("AWS_SECRET_ACCESS_KEY"),
            ["AWS", "SECRET", "ACCESS", "KEY"]
        );
        assert_eq!(words("s3.token"), ["S3", "TOKEN"]);
    }

    #[test]
    fn secret_names() {
        for n in [
            "PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "dbPassword",
            "DB_PASS",
            "DB_PWD",
            "GITHUB_TOKEN",
            "JWT_SECRET",
            "API_KEY",
            "apiKey",
            "GOOGLE_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "SECRET_KEY_BASE",
            "CLIENT_SECRET",
            "BASIC_AUTH",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "REDIS_PASSWORD_B64",
            "DBPASSWORD",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "PWD",
            "SECRET_NAME",
            "ALLOYDB_SECRET_NAME",
            "TOKEN_TTL",
            "PASSWORD_FILE",
            "AUTH_URL",
            "AUTH_ENABLED",
            "AWS_ACCESS_KEY_ID",
            "CACHE_KEY",
            "TOKENIZERS_PARALLELISM",
            "HF_TOKENIZER",
            "MYSQL_USER",
            "KEY",
        ] {
            assert!(!secret_name(n), "{n}");
        }
    }

    #[test]
    fn literal_values() {
        assert!(literal_secret("DB_PASSWORD", "s3cret"));
        assert!(literal_secret("DB_PASSWORD", "changeme"));
        assert!(!literal_secret("DB_PASSWORD", "$(SECRET_FROM_ENV)"));
        assert!(!literal_secret("DB_PASSWORD", "${DB_PASSWORD}"));
        assert!(!literal_secret("DB_PASSWORD", "{{ .Values.password }}"));
        assert!(!literal_secret("GOOGLE_API_KEY", "GOOGLE_API_KEY_VAL"));
        assert!(!literal_secret("DB_PASSWORD", "<your password>"));
        assert!(!literal_secret(
            "GOOGLE_APPLICATION_CREDENTIALS",
            "/var/secrets/google/key.json"
        ));
        assert!(!literal_secret("AUTH", "true"));
        assert!(!literal_secret("AUTH", "http://auth:8080"));
        assert!(!literal_secret("DB_PASSWORD", ""));
    }

    #[test]
    fn embedded_credentials_are_found_and_redacted() {
        assert_eq!(
            embedded_credential("postgres://app:supersecret@db:5432/shop?sslmode=require")
                .as_deref(),
            Some("postgres://app:su… (11 chars)@db:5432")
        );
        assert_eq!(
            embedded_credential("app:pw@tcp(db:3306)/shop").as_deref(),
            Some("app:… (2 chars)@…")
        );
        assert_eq!(
            embedded_credential("Server=db;User Id=sa;Password=Str0ngPassw0rd;").as_deref(),
            Some("Password=St… (14 chars)")
        );
        assert_eq!(
            embedded_credential("host=db user=app password=hunter22").as_deref(),
            Some("password=hu… (8 chars)")
        );
        assert_eq!(
            embedded_credential("Server=db;Uid=sa;Pwd=Str0ngPassw0rd").as_deref(),
            Some("Pwd=St… (14 chars)")
        );
        assert_eq!(
            embedded_credential(
                "DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=c2VjcmV0a2V5Cg==;"
            )
            .as_deref(),
            Some("AccountKey=c2… (16 chars)")
        );
        assert_eq!(
            embedded_credential("-Xmx512m -Djavax.net.ssl.keyStorePassword=changeit").as_deref(),
            Some("Djavax.net.ssl.keyStorePassword=ch… (8 chars)")
        );
        assert_eq!(embedded_credential("-Dspring.profiles.active=prod"), None);
        assert_eq!(embedded_credential("auth=true&token_type=bearer"), None);
        assert_eq!(
            embedded_credential("--token-ttl=3600 --secret-name=db"),
            None
        );
        assert_eq!(embedded_credential("postgres://app@db/shop"), None);
        assert_eq!(
            embedded_credential("postgres://app:$(DB_PASSWORD)@db/shop"),
            None
        );
        assert_eq!(embedded_credential("http://admin:@host"), None);
        assert_eq!(embedded_credential("mongodb://db:27017"), None);
        assert_eq!(embedded_credential("--password=$(PW)"), None);
        // Regression: a multi-byte character right before the scheme once split a char.
        assert_eq!(embedded_credential("é://u:pässwörd@h"), None);
        assert_eq!(
            embedded_credential("xé+s://u:password@h").as_deref(),
            Some("+s://u:pa… (8 chars)@h")
        );
    }
}
