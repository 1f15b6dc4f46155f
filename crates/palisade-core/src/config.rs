//! `.palisade.yaml`: which rules run, severity overrides and ignores (each with a reason and
//! an optional expiry). Parsed with positions so every mistake names its file and line, and
//! strictly: an unknown key is an error listing the keys that are valid there.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use palisade_yaml::{Mark, Node, Value};
use time::Date;

use crate::{Finding, RuleMeta, Severity};

/// The file name looked for upward from the scanned path.
pub const FILE_NAME: &str = ".palisade.yaml";

/// A configuration mistake, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Config file path.
    pub path: String,
    /// Position of the offending value.
    pub mark: Mark,
    /// What is wrong and what is expected.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.mark, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// One ignore entry.
#[derive(Clone, Debug)]
pub struct Ignore {
    /// Rule id (or alias) it applies to; `*` for every rule.
    pub rule: String,
    /// Path glob the finding's file must match, if given.
    pub path: Option<GlobMatcher>,
    /// Object glob (`Kind/namespace/name` or `Kind/name`), if given.
    pub object: Option<GlobMatcher>,
    /// Why the finding is acceptable (required).
    pub reason: String,
    /// Date after which the ignore stops applying.
    pub expires: Option<Date>,
    /// Where the entry is written, for messages.
    pub mark: Mark,
}

/// A parsed `.palisade.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Path the configuration was read from (empty for the default configuration).
    pub path: String,
    /// Rules turned off.
    pub disable: Vec<(String, Mark)>,
    /// Rules turned on (including rules that are off by default).
    pub enable: Vec<(String, Mark)>,
    /// Severity overrides by rule id.
    pub severity: Vec<(String, Severity, Mark)>,
    /// Ignore entries.
    pub ignores: Vec<Ignore>,
    /// Default Pod Security Standards version (`v1.NN` or `latest`).
    pub pss_version: Option<String>,
    /// What secret detection must not report (`secrets:` section).
    pub secrets: SecretsAllowlist,
}

/// The `secrets:` section: allowlists applied by secret detection before anything is
/// reported. Patterns are checked (and compiled) by the secret scanner, which reports a bad
/// one with its position here.
#[derive(Clone, Debug, Default)]
pub struct SecretsAllowlist {
    /// Path globs (repository-relative) whose files are not reported.
    pub paths: Vec<(String, Mark)>,
    /// Regexes: a secret that matches one is not reported.
    pub regexes: Vec<(String, Mark)>,
    /// Words: a secret that contains one (case-insensitive) is not reported.
    pub stopwords: Vec<String>,
}

/// What applying the configuration to findings produced.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings still reported.
    pub findings: Vec<Finding>,
    /// How many were hidden by ignores.
    pub suppressed: usize,
    /// Notices: expired ignores, ignores that matched nothing.
    pub warnings: Vec<String>,
}

impl Config {
    /// Finds `.palisade.yaml` in `start` (or its directory, for a file) or any parent.
    pub fn find_upward(start: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(start).ok()?;
        let mut dir = if abs.is_dir() {
            abs
        } else {
            abs.parent()?.to_path_buf()
        };
        loop {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            if !dir.pop() {
                return None;
            }
        }
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: shown.clone(),
            mark: Mark::default(),
            message: format!("cannot read configuration: {e}"),
        })?;
        Config::parse(&shown, &text)
    }

    /// Parses configuration text; `path` is used in messages.
    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        let err = |mark: Mark, message: String| ConfigError {
            path: path.to_string(),
            mark,
            message,
        };
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
        let top = expect_map(&root, "the configuration", &err)?;
        for (k, v) in top {
            match key(k) {
                "version" => match v.as_i64() {
                    Some(1) => {}
                    _ => return Err(err(v.mark, "unsupported `version`, expected 1".into())),
                },
                "rules" => {
                    for (rk, rv) in expect_map(v, "`rules`", &err)? {
                        let list = string_list(rv, &err)?;
                        match key(rk) {
                            "disable" => cfg.disable.extend(list),
                            "enable" => cfg.enable.extend(list),
                            other => {
                                return Err(unknown(rk.mark, other, &["enable", "disable"], &err))
                            }
                        }
                    }
                }
                "severity" => {
                    for (rk, rv) in expect_map(v, "`severity`", &err)? {
                        let text = rv.scalar_text().unwrap_or_default();
                        let sev: Severity = text.parse().map_err(|m: String| err(rv.mark, m))?;
                        cfg.severity.push((key(rk).to_string(), sev, rk.mark));
                    }
                }
                "ignore" => {
                    let items = match &v.value {
                        Value::Seq(items) => items,
                        _ => return Err(err(v.mark, "`ignore` must be a list of entries".into())),
                    };
                    for item in items {
                        cfg.ignores.push(parse_ignore(item, &err)?);
                    }
                }
                "pss" => {
                    for (pk, pv) in expect_map(v, "`pss`", &err)? {
                        match key(pk) {
                            "version" => {
                                cfg.pss_version =
                                    Some(pv.scalar_text().unwrap_or_default().into_owned())
                            }
                            other => return Err(unknown(pk.mark, other, &["version"], &err)),
                        }
                    }
                }
                "secrets" => {
                    for (sk, sv) in expect_map(v, "`secrets`", &err)? {
                        let list = string_list(sv, &err)?;
                        match key(sk) {
                            "allow_paths" => cfg.secrets.paths.extend(list),
                            "allow_regexes" => cfg.secrets.regexes.extend(list),
                            "stopwords" => cfg
                                .secrets
                                .stopwords
                                .extend(list.into_iter().map(|(w, _)| w)),
                            other => {
                                return Err(unknown(
                                    sk.mark,
                                    other,
                                    &["allow_paths", "allow_regexes", "stopwords"],
                                    &err,
                                ))
                            }
                        }
                    }
                }
                other => {
                    return Err(unknown(
                        k.mark,
                        other,
                        &["version", "rules", "severity", "ignore", "pss", "secrets"],
                        &err,
                    ))
                }
            }
        }
        Ok(cfg)
    }

    /// Checks every rule id (or family, in `enable`/`disable`) the configuration names
    /// against the known rules.
    pub fn validate_rule_ids(&self, known: &dyn Fn(&str) -> bool) -> Result<(), ConfigError> {
        let named = self
            .disable
            .iter()
            .chain(self.enable.iter())
            .map(|(id, m)| (id.as_str(), *m))
            .chain(self.severity.iter().map(|(id, _, m)| (id.as_str(), *m)))
            .chain(
                self.ignores
                    .iter()
                    .filter(|i| i.rule != "*")
                    .map(|i| (i.rule.as_str(), i.mark)),
            );
        for (id, mark) in named {
            if !known(id) {
                return Err(ConfigError {
                    path: self.path.clone(),
                    mark,
                    message: format!(
                        "unknown rule or family `{id}` (run `palisade rules` for the list)"
                    ),
                });
            }
        }
        Ok(())
    }

    /// Whether `rule` runs under this configuration. `enable`/`disable` entries name a rule
    /// (id or alias) or a whole family (`rbac`, `network`, ...); a rule named by id wins over
    /// its family, so `disable: [network], enable: [NET001]` runs NET001 alone.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        let by_id = |list: &[(String, Mark)]| list.iter().any(|(id, _)| rule.answers_to(id));
        let by_family = |list: &[(String, Mark)]| {
            list.iter()
                .any(|(id, _)| rule.family.eq_ignore_ascii_case(id))
        };
        if by_id(&self.disable) {
            return false;
        }
        if by_id(&self.enable) {
            return true;
        }
        if by_family(&self.disable) {
            return false;
        }
        rule.default_enabled || by_family(&self.enable)
    }

    /// The severity `rule` reports at: an override naming the rule wins over one naming its
    /// family.
    pub fn severity_for(&self, rule: &RuleMeta) -> Severity {
        let by_id = self
            .severity
            .iter()
            .rev()
            .find(|(id, _, _)| rule.answers_to(id));
        let by_family = || {
            self.severity
                .iter()
                .rev()
                .find(|(id, _, _)| rule.family.eq_ignore_ascii_case(id))
        };
        by_id
            .or_else(by_family)
            .map_or(rule.severity, |(_, s, _)| *s)
    }

    /// Applies severity overrides and ignores. `lookup` resolves a finding's rule id to its
    /// metadata (so ignores written with an old alias still match).
    pub fn apply(
        &self,
        findings: Vec<Finding>,
        lookup: &dyn Fn(&str) -> Option<&'static RuleMeta>,
        today: Date,
    ) -> Applied {
        let mut out = Applied::default();
        let mut used = vec![false; self.ignores.len()];
        for (i, ig) in self.ignores.iter().enumerate() {
            if let Some(exp) = ig.expires {
                if exp < today {
                    out.warnings.push(format!(
                        "{}:{}: ignore of {} expired on {exp} and no longer applies (reason was: {})",
                        self.path, ig.mark, ig.rule, ig.reason
                    ));
                    used[i] = true;
                }
            }
        }
        // Filtered in place: a large scan's findings are neither copied nor reallocated. The
        // rule's metadata and severity are looked up once per distinct rule id (a scan has
        // thousands of findings of a few rules, and the lookup walks the catalog).
        let mut findings = findings;
        let mut rules: Vec<(Cow<'static, str>, Known)> = Vec::new();
        findings.retain_mut(|f| {
            let known = match rules.iter().find(|(id, _)| *id == f.rule) {
                Some((_, known)) => *known,
                None => {
                    let known = lookup(&f.rule).map(|m| (m, self.severity_for(m)));
                    rules.push((f.rule.clone(), known));
                    known
                }
            };
            let meta = known.map(|(m, severity)| {
                f.severity = severity;
                m
            });
            let hit = self.ignores.iter().enumerate().find(|(_, ig)| {
                ig.expires.is_none_or(|e| e >= today) && ignore_matches(ig, f, meta)
            });
            match hit {
                Some((i, _)) => {
                    used[i] = true;
                    out.suppressed += 1;
                    false
                }
                None => true,
            }
        });
        out.findings = findings;
        for (i, ig) in self.ignores.iter().enumerate() {
            if !used[i] {
                out.warnings.push(format!(
                    "{}:{}: ignore of {} matched no finding; remove it if it is no longer needed",
                    self.path, ig.mark, ig.rule
                ));
            }
        }
        out
    }
}

/// A rule id's metadata and effective severity (`None`: an id no rule answers to).
type Known = Option<(&'static RuleMeta, Severity)>;

fn ignore_matches(ig: &Ignore, f: &Finding, meta: Option<&RuleMeta>) -> bool {
    let rule_ok = ig.rule == "*"
        || f.rule.eq_ignore_ascii_case(&ig.rule)
        || meta.is_some_and(|m| m.answers_to(&ig.rule) || m.family.eq_ignore_ascii_case(&ig.rule));
    let path_ok = ig
        .path
        .as_ref()
        .is_none_or(|g| g.is_match(&f.location.path));
    let object_ok = ig.object.as_ref().is_none_or(|g| {
        f.location
            .object
            .as_ref()
            .is_some_and(|o| g.is_match(o.to_string()))
    });
    rule_ok && path_ok && object_ok
}

type ErrFn<'a> = dyn Fn(Mark, String) -> ConfigError + 'a;

fn key(node: &Node) -> &str {
    node.as_str().unwrap_or("")
}

fn expect_map<'n>(
    node: &'n Node,
    what: &str,
    err: &ErrFn,
) -> Result<&'n [(Node, Node)], ConfigError> {
    if node.is_map() {
        Ok(node.entries())
    } else {
        Err(err(node.mark, format!("{what} must be a mapping")))
    }
}

fn unknown(mark: Mark, found: &str, valid: &[&str], err: &ErrFn) -> ConfigError {
    err(
        mark,
        format!(
            "unknown key `{found}`, expected one of: {}",
            valid.join(", ")
        ),
    )
}

fn string_list(node: &Node, err: &ErrFn) -> Result<Vec<(String, Mark)>, ConfigError> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .map(|i| match i.scalar_text() {
                Some(t) => Ok((t.into_owned(), i.mark)),
                None => Err(err(i.mark, "expected a string".into())),
            })
            .collect(),
        Value::Null => Ok(Vec::new()),
        _ => Err(err(node.mark, "expected a list".into())),
    }
}

fn glob(node: &Node, err: &ErrFn) -> Result<GlobMatcher, ConfigError> {
    let text = node.scalar_text().unwrap_or_default();
    Glob::new(&text)
        .map(|g| g.compile_matcher())
        .map_err(|e| err(node.mark, format!("invalid glob `{text}`: {e}")))
}

fn parse_ignore(item: &Node, err: &ErrFn) -> Result<Ignore, ConfigError> {
    let entries = expect_map(item, "an `ignore` entry", err)?;
    let mut rule = None;
    let mut path = None;
    let mut object = None;
    let mut reason = None;
    let mut expires = None;
    for (k, v) in entries {
        match key(k) {
            "rule" => rule = v.scalar_text().map(|t| t.into_owned()),
            "path" => path = Some(glob(v, err)?),
            "object" => object = Some(glob(v, err)?),
            "reason" => reason = v.scalar_text().map(|t| t.into_owned()),
            "expires" => {
                let text = v.scalar_text().unwrap_or_default();
                let fmt = time::macros::format_description!("[year]-[month]-[day]");
                expires = Some(Date::parse(&text, &fmt).map_err(|_| {
                    err(
                        v.mark,
                        format!("invalid date `{text}`, expected YYYY-MM-DD"),
                    )
                })?);
            }
            other => {
                return Err(unknown(
                    k.mark,
                    other,
                    &["rule", "path", "object", "reason", "expires"],
                    err,
                ))
            }
        }
    }
    let rule =
        rule.ok_or_else(|| err(item.mark, "ignore entry needs `rule` (an id or `*`)".into()))?;
    let reason = reason
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| err(item.mark, format!("ignore of {rule} needs a `reason`")))?;
    Ok(Ignore {
        rule,
        path,
        object,
        reason,
        expires,
        mark: item.mark,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_list_the_valid_ones_with_line() {
        let e = Config::parse("c.yaml", "version: 1\nignores: []\n").unwrap_err();
        assert_eq!(e.mark.line, 2);
        assert!(e.message.contains("expected one of: version, rules"), "{e}");
    }

    #[test]
    fn ignore_requires_reason() {
        let e = Config::parse("c.yaml", "ignore:\n  - rule: K8S001\n").unwrap_err();
        assert!(e.message.contains("reason"), "{e}");
    }

    #[test]
    fn bad_dates_are_errors() {
        let e = Config::parse(
            "c.yaml",
            "ignore:\n  - {rule: K8S001, reason: x, expires: soon}\n",
        )
        .unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn parses_full_example() {
        let c = Config::parse(
            "c.yaml",
            "version: 1\nrules: {disable: [K8S030], enable: [K8S099]}\nseverity: {K8S031: low}\nignore:\n  - rule: K8S001\n    path: 'test/**'\n    object: 'Deployment/*/api'\n    reason: test fixture\n    expires: 2030-01-01\npss: {version: v1.30}\n",
        )
        .unwrap();
        assert_eq!(c.disable[0].0, "K8S030");
        assert_eq!(c.severity[0].1, Severity::Low);
        assert_eq!(c.ignores.len(), 1);
        assert_eq!(c.pss_version.as_deref(), Some("v1.30"));
    }

    static RENAMED: RuleMeta = RuleMeta {
        id: "K8S100",
        aliases: &["K8S099"],
        name: "renamed",
        family: "test",
        severity: Severity::High,
        summary: "s",
        remediation: "r",
        tags: &[],
        default_enabled: true,
        doc: "",
    };

    fn finding(rule: &str) -> Finding {
        Finding {
            rule: rule.to_string().into(),
            severity: Severity::High,
            title: "t".into(),
            location: crate::Location {
                path: "k8s/a.yaml".into(),
                line: 1,
                column: 1,
                object: None,
                field: None,
            },
            container: None,
            evidence: None,
            remediation: None,
            tags: vec![],
            fingerprint: String::new(),
        }
    }

    /// A renamed rule keeps answering to its old id in ignores and severity overrides.
    #[test]
    fn old_rule_ids_still_match_after_a_rename() {
        let c = Config::parse(
            "c.yaml",
            "severity: {K8S099: low}\nignore:\n  - {rule: K8S099, path: 'k8s/*', reason: legacy}\n",
        )
        .unwrap();
        let today = Date::from_calendar_date(2026, time::Month::January, 1).unwrap();
        let lookup = |_: &str| Some(&RENAMED);
        let applied = c.apply(vec![finding("K8S100")], &lookup, today);
        assert_eq!(applied.suppressed, 1);
        assert!(applied.warnings.is_empty(), "{:?}", applied.warnings);
        assert_eq!(c.severity_for(&RENAMED), Severity::Low);
        assert_eq!(
            RENAMED.origin_id(),
            "K8S099",
            "fingerprints keep using the oldest id"
        );
    }

    #[test]
    fn ignores_expire_at_the_end_of_their_day() {
        let c = Config::parse(
            "c.yaml",
            "ignore:\n  - {rule: K8S100, reason: r, expires: 2026-01-01}\n",
        )
        .unwrap();
        let lookup = |_: &str| Some(&RENAMED);
        let on_day = Date::from_calendar_date(2026, time::Month::January, 1).unwrap();
        assert_eq!(
            c.apply(vec![finding("K8S100")], &lookup, on_day).suppressed,
            1
        );
        let after = on_day.next_day().unwrap();
        let applied = c.apply(vec![finding("K8S100")], &lookup, after);
        assert_eq!(applied.suppressed, 0);
        assert!(
            applied.warnings[0].contains("expired on 2026-01-01"),
            "{:?}",
            applied.warnings
        );
    }

    #[test]
    fn families_select_rules_and_ids_win_over_families() {
        let c = Config::parse(
            "c.yaml",
            "rules: {disable: [test], enable: [K8S099]}\nseverity: {test: info}\n",
        )
        .unwrap();
        assert!(
            c.is_enabled(&RENAMED),
            "enabled by (old) id although its family is disabled"
        );
        let c = Config::parse(
            "c.yaml",
            "rules: {disable: [test]}\nseverity: {test: info, K8S100: critical}\n",
        )
        .unwrap();
        assert!(!c.is_enabled(&RENAMED));
        assert_eq!(c.severity_for(&RENAMED), Severity::Critical);
    }
}
