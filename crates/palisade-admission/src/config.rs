//! `admission.yaml`: how the webhook listens and how findings become decisions. Parsed with
//! positions so every mistake reads `file:line:col: reason`, and strictly: an unknown key is
//! an error listing the keys valid there (a typo must never silently relax a policy).

use std::path::{Path, PathBuf};

use palisade_core::Severity;
use palisade_yaml::{Mark, Node, Value};

use crate::AdmissionError;

/// What happens to a finding at admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Deny the request with the finding's message.
    Enforce,
    /// Allow, and return the finding as an admission warning (`kubectl` prints it).
    Warn,
    /// Allow silently, and record the finding in the audit log.
    Audit,
    /// Ignore the rule.
    Off,
}

impl Mode {
    /// Parses `enforce|deny|warn|audit|off`.
    pub fn parse(text: &str) -> Option<Mode> {
        match text.to_ascii_lowercase().as_str() {
            "enforce" | "deny" => Some(Mode::Enforce),
            "warn" => Some(Mode::Warn),
            "audit" => Some(Mode::Audit),
            "off" => Some(Mode::Off),
            _ => None,
        }
    }

    /// The name used in logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "deny",
            Mode::Warn => "warn",
            Mode::Audit => "audit",
            Mode::Off => "off",
        }
    }
}

/// A rule (id or family) with the mode configured for it.
#[derive(Clone, Debug)]
pub struct RuleMode {
    /// Rule id, alias, policy name or family.
    pub rule: String,
    /// Its mode.
    pub mode: Mode,
    /// Where it is written.
    pub mark: Mark,
}

/// Settings that apply to one namespace.
#[derive(Clone, Debug, Default)]
pub struct NamespaceConfig {
    /// Mode of every finding in the namespace unless a rule entry says otherwise.
    pub mode: Option<Mode>,
    /// Per rule modes in this namespace (they win over everything else).
    pub rules: Vec<RuleMode>,
}

/// Requests that are allowed without evaluation.
#[derive(Clone, Debug, Default)]
pub struct Exemptions {
    /// Namespaces (exact, or a prefix ending in `*`).
    pub namespaces: Vec<String>,
    /// User names (exact), e.g. `system:serviceaccount:kube-system:replicaset-controller`.
    pub users: Vec<String>,
    /// Groups (exact), e.g. `system:masters`.
    pub groups: Vec<String>,
}

/// Which safe defaults `/mutate` adds where the field is unset.
#[derive(Clone, Debug)]
pub struct Mutation {
    /// Whether `/mutate` returns patches at all.
    pub enabled: bool,
    /// Pod `securityContext.runAsNonRoot: true`.
    pub run_as_non_root: bool,
    /// Pod `securityContext.seccompProfile.type: RuntimeDefault`.
    pub seccomp_runtime_default: bool,
    /// Container `securityContext.capabilities.drop: [ALL]`.
    pub drop_all_capabilities: bool,
    /// Container `securityContext.allowPrivilegeEscalation: false`.
    pub disallow_privilege_escalation: bool,
}

impl Default for Mutation {
    fn default() -> Self {
        Mutation {
            enabled: true,
            run_as_non_root: true,
            seccomp_runtime_default: true,
            drop_all_capabilities: true,
            disallow_privilege_escalation: true,
        }
    }
}

/// TLS files.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    /// PEM certificate chain.
    pub cert: PathBuf,
    /// PEM private key.
    pub key: PathBuf,
}

/// A parsed `admission.yaml` (or the defaults when the server runs without one).
#[derive(Clone, Debug)]
pub struct Config {
    /// Where it was read from (empty for defaults).
    pub path: String,
    /// Listen address, e.g. `0.0.0.0:8443`.
    pub listen: Option<String>,
    /// Serving certificate and key.
    pub tls: Option<TlsFiles>,
    /// JSON lines audit log: a file path, or `-` for standard output.
    pub audit_log: Option<PathBuf>,
    /// Mode of every finding not named elsewhere; unset means "by severity".
    pub default_mode: Option<Mode>,
    /// Findings at or above this severity are denied by default.
    pub deny_at: Severity,
    /// Findings below `deny_at` and at or above this severity are warnings; below, audit.
    pub warn_at: Severity,
    /// Per rule (or family) modes.
    pub rules: Vec<RuleMode>,
    /// Per namespace settings.
    pub namespaces: Vec<(String, NamespaceConfig)>,
    /// Who and where is never evaluated.
    pub exemptions: Exemptions,
    /// Safe defaults added by `/mutate`.
    pub mutation: Mutation,
    /// Directories (or files) of Rego policies.
    pub policies: Vec<PathBuf>,
    /// Pod Security Standards version the PSS rules apply (`v1.NN` or `latest`).
    pub pss_version: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: String::new(),
            listen: None,
            tls: None,
            audit_log: None,
            default_mode: None,
            deny_at: Severity::High,
            warn_at: Severity::Info,
            rules: Vec::new(),
            namespaces: Vec::new(),
            exemptions: Exemptions::default(),
            mutation: Mutation::default(),
            policies: Vec::new(),
            pss_version: None,
            // The API server never sends more than 3 MiB of object; leave room for oldObject.
            max_body_bytes: 7 * 1024 * 1024,
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "version",
    "listen",
    "tls",
    "audit_log",
    "default_mode",
    "deny_at",
    "warn_at",
    "rules",
    "namespaces",
    "exemptions",
    "mutation",
    "policies",
    "pss_version",
    "max_body_bytes",
];

impl Config {
    /// Reads and parses `path`. Relative paths inside are relative to the file's directory.
    pub fn load(path: &Path) -> Result<Config, AdmissionError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| AdmissionError::new(format!("{shown}: cannot read configuration: {e}")))?;
        let base = path.parent().unwrap_or(Path::new("."));
        Config::parse(&shown, &text, base)
    }

    /// Parses configuration text; `path` is used in messages, `base` resolves relative paths.
    pub fn parse(path: &str, text: &str, base: &Path) -> Result<Config, AdmissionError> {
        let err =
            |mark: Mark, message: String| AdmissionError::new(format!("{path}:{mark}: {message}"));
        let stream = palisade_yaml::load(text);
        if let Some(e) = stream.error {
            return Err(err(e.mark, format!("invalid YAML: {}", e.message)));
        }
        let mut cfg = Config {
            path: path.to_string(),
            ..Config::default()
        };
        let Some(doc) = stream.documents.into_iter().next() else {
            return Ok(cfg);
        };
        let root = doc.root;
        if root.is_null() {
            return Ok(cfg);
        }
        let resolve = |p: String| -> PathBuf {
            let p = PathBuf::from(p);
            if p.is_absolute() || p.as_os_str() == "-" {
                p
            } else {
                base.join(p)
            }
        };
        for (k, v) in map(&root, "the configuration", &err)? {
            match key(k) {
                "version" => {
                    if v.as_i64() != Some(1) {
                        return Err(err(v.mark, "unsupported `version`, expected 1".into()));
                    }
                }
                "listen" => cfg.listen = Some(string(v, "`listen`", &err)?),
                "tls" => {
                    let (mut cert, mut key_file) = (None, None);
                    for (tk, tv) in map(v, "`tls`", &err)? {
                        match key(tk) {
                            "cert" => cert = Some(resolve(string(tv, "`tls.cert`", &err)?)),
                            "key" => key_file = Some(resolve(string(tv, "`tls.key`", &err)?)),
                            other => return Err(unknown(tk.mark, other, &["cert", "key"], &err)),
                        }
                    }
                    match (cert, key_file) {
                        (Some(cert), Some(key)) => cfg.tls = Some(TlsFiles { cert, key }),
                        _ => return Err(err(v.mark, "`tls` needs both `cert` and `key`".into())),
                    }
                }
                "audit_log" => cfg.audit_log = Some(resolve(string(v, "`audit_log`", &err)?)),
                "default_mode" => cfg.default_mode = Some(mode(v, &err)?),
                "deny_at" => cfg.deny_at = severity(v, &err)?,
                "warn_at" => cfg.warn_at = severity(v, &err)?,
                "rules" => cfg.rules = rule_modes(v, "`rules`", &err)?,
                "namespaces" => {
                    for (nk, nv) in map(v, "`namespaces`", &err)? {
                        let mut ns = NamespaceConfig::default();
                        for (sk, sv) in map(nv, "a namespace entry", &err)? {
                            match key(sk) {
                                "mode" => ns.mode = Some(mode(sv, &err)?),
                                "rules" => ns.rules = rule_modes(sv, "`rules`", &err)?,
                                other => {
                                    return Err(unknown(sk.mark, other, &["mode", "rules"], &err))
                                }
                            }
                        }
                        cfg.namespaces.push((key(nk).to_string(), ns));
                    }
                }
                "exemptions" => {
                    for (ek, ev) in map(v, "`exemptions`", &err)? {
                        let list = strings(ev, &err)?;
                        match key(ek) {
                            "namespaces" => cfg.exemptions.namespaces = list,
                            "users" => cfg.exemptions.users = list,
                            "groups" => cfg.exemptions.groups = list,
                            other => {
                                return Err(unknown(
                                    ek.mark,
                                    other,
                                    &["namespaces", "users", "groups"],
                                    &err,
                                ))
                            }
                        }
                    }
                }
                "mutation" => {
                    for (mk, mv) in map(v, "`mutation`", &err)? {
                        let flag = mv.as_bool().ok_or_else(|| {
                            err(
                                mv.mark,
                                format!("`mutation.{}` must be true or false", key(mk)),
                            )
                        })?;
                        let m = &mut cfg.mutation;
                        match key(mk) {
                            "enabled" => m.enabled = flag,
                            "run_as_non_root" => m.run_as_non_root = flag,
                            "seccomp_runtime_default" => m.seccomp_runtime_default = flag,
                            "drop_all_capabilities" => m.drop_all_capabilities = flag,
                            "disallow_privilege_escalation" => {
                                m.disallow_privilege_escalation = flag
                            }
                            other => {
                                return Err(unknown(
                                    mk.mark,
                                    other,
                                    &[
                                        "enabled",
                                        "run_as_non_root",
                                        "seccomp_runtime_default",
                                        "drop_all_capabilities",
                                        "disallow_privilege_escalation",
                                    ],
                                    &err,
                                ))
                            }
                        }
                    }
                }
                "policies" => cfg.policies = strings(v, &err)?.into_iter().map(resolve).collect(),
                "pss_version" => {
                    let text = v.scalar_text().unwrap_or_default().into_owned();
                    palisade_rules::PssVersion::parse(&text).map_err(|m| err(v.mark, m))?;
                    cfg.pss_version = Some(text);
                }
                "max_body_bytes" => match v.as_i64() {
                    Some(n) if n >= 1024 => cfg.max_body_bytes = n as usize,
                    _ => {
                        return Err(err(
                            v.mark,
                            "`max_body_bytes` must be an integer of at least 1024".into(),
                        ))
                    }
                },
                other => return Err(unknown(k.mark, other, TOP_KEYS, &err)),
            }
        }
        Ok(cfg)
    }

    /// Checks that every rule or family named exists; `known` answers for built-in rules,
    /// families and policies.
    pub fn validate_rules(&self, known: &dyn Fn(&str) -> bool) -> Result<(), AdmissionError> {
        let all = self
            .rules
            .iter()
            .chain(self.namespaces.iter().flat_map(|(_, ns)| ns.rules.iter()));
        for r in all {
            if !known(&r.rule) {
                return Err(AdmissionError::new(format!(
                    "{}:{}: unknown rule, family or policy `{}` (run `palisade rules` for the list)",
                    self.path, r.mark, r.rule
                )));
            }
        }
        Ok(())
    }
}

type ErrFn<'a> = dyn Fn(Mark, String) -> AdmissionError + 'a;

fn key(n: &Node) -> &str {
    n.as_str().unwrap_or("")
}

fn map<'n>(n: &'n Node, what: &str, err: &ErrFn<'_>) -> Result<&'n [(Node, Node)], AdmissionError> {
    match &n.value {
        Value::Map(entries) => Ok(entries),
        Value::Null => Ok(&[]),
        _ => Err(err(n.mark, format!("{what} must be a mapping"))),
    }
}

fn string(n: &Node, what: &str, err: &ErrFn<'_>) -> Result<String, AdmissionError> {
    match &n.value {
        Value::Str(s) => Ok(s.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            Ok(n.scalar_text().unwrap_or_default().into_owned())
        }
        _ => Err(err(n.mark, format!("{what} must be a string"))),
    }
}

fn strings(n: &Node, err: &ErrFn<'_>) -> Result<Vec<String>, AdmissionError> {
    match &n.value {
        Value::Seq(items) => items.iter().map(|i| string(i, "each entry", err)).collect(),
        Value::Null => Ok(Vec::new()),
        _ => Err(err(n.mark, "expected a list of strings".into())),
    }
}

fn mode(n: &Node, err: &ErrFn<'_>) -> Result<Mode, AdmissionError> {
    // YAML 1.1 reads a bare `off` as the boolean false.
    if n.value == Value::Bool(false) {
        return Ok(Mode::Off);
    }
    let text = n.scalar_text().unwrap_or_default();
    Mode::parse(&text).ok_or_else(|| {
        err(
            n.mark,
            format!("unknown mode `{text}`, expected one of: enforce, warn, audit, off"),
        )
    })
}

fn severity(n: &Node, err: &ErrFn<'_>) -> Result<Severity, AdmissionError> {
    let text = n.scalar_text().unwrap_or_default();
    text.parse().map_err(|m: String| err(n.mark, m))
}

fn rule_modes(n: &Node, what: &str, err: &ErrFn<'_>) -> Result<Vec<RuleMode>, AdmissionError> {
    map(n, what, err)?
        .iter()
        .map(|(k, v)| {
            Ok(RuleMode {
                rule: key(k).to_string(),
                mode: mode(v, err)?,
                mark: k.mark,
            })
        })
        .collect()
}

fn unknown(mark: Mark, found: &str, valid: &[&str], err: &ErrFn<'_>) -> AdmissionError {
    err(
        mark,
        format!(
            "unknown key `{found}`, expected one of: {}",
            valid.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_file_line_and_column() {
        let e = Config::parse("a.yaml", "listen: x\nrulez: {}\n", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("a.yaml:2:1: unknown key `rulez`"), "{e}");
        let e = Config::parse("a.yaml", "rules:\n  K8S001: block\n", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("a.yaml:2:11: unknown mode `block`"), "{e}");
    }

    #[test]
    fn full_configuration_parses() {
        let text = "version: 1\nlisten: 127.0.0.1:8443\ntls: {cert: c.pem, key: k.pem}\naudit_log: audit.jsonl\ndeny_at: critical\nwarn_at: medium\nrules: {K8S001: warn, rbac: off}\nnamespaces:\n  dev: {mode: audit, rules: {K8S002: enforce}}\nexemptions: {namespaces: [kube-*], users: [admin], groups: ['system:masters']}\nmutation: {enabled: true, run_as_non_root: false}\npolicies: [policies]\npss_version: v1.30\n";
        let c = Config::parse("a.yaml", text, Path::new("/etc/p")).unwrap();
        assert_eq!(c.deny_at, Severity::Critical);
        assert_eq!(c.rules[1].mode, Mode::Off);
        assert_eq!(c.namespaces[0].1.mode, Some(Mode::Audit));
        assert_eq!(c.policies[0], PathBuf::from("/etc/p/policies"));
        assert!(!c.mutation.run_as_non_root);
        assert_eq!(c.exemptions.groups, vec!["system:masters"]);
    }
}
