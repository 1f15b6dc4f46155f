//! From a request body to a decision: parse the review, start the response from the
//! request (its uid), skip what is exempt, evaluate the object once with every evaluator,
//! give each finding its mode (per rule and per namespace), then deny, warn, audit or
//! patch. Built once per configuration; nothing here parses configuration per request.

use base64::Engine as _;
use palisade_core::{Finding, Severity};

use palisade_k8s::Object;
use serde::Serialize;

use crate::config::{Config, Mode, RuleMode};
use crate::evaluate::{BuiltinRules, Evaluated, Evaluator, ReviewContext};
use crate::review::{present, AdmissionResponse, AdmissionReview, Status, API_VERSION};
use crate::AdmissionError;

/// Which webhook endpoint a review came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `/validate`: allow, warn or deny.
    Validate,
    /// `/mutate`: allow with a patch of safe defaults.
    Mutate,
}

impl Endpoint {
    /// The name in logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Validate => "validate",
            Endpoint::Mutate => "mutate",
        }
    }
}

/// One finding with the mode it was given.
#[derive(Serialize, Debug, Clone)]
pub struct Judged {
    /// Rule id or policy name.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// deny, warn or audit.
    pub outcome: &'static str,
    /// The message shown to the user.
    pub message: String,
}

/// The decision and what to record about it.
#[derive(Serialize, Debug)]
pub struct Decision {
    /// The response sent back (not logged as such).
    #[serde(skip)]
    pub response: AdmissionResponse,
    /// Request uid.
    pub uid: String,
    /// validate or mutate.
    pub endpoint: &'static str,
    /// CREATE, UPDATE, DELETE, CONNECT.
    pub operation: String,
    /// Kind of the object.
    pub kind: String,
    /// Namespace (empty for cluster-scoped objects).
    pub namespace: String,
    /// Object name.
    pub name: String,
    /// Requesting user.
    pub user: String,
    /// A dry-run request: decided the same way, recorded as such, no other effect.
    pub dry_run: bool,
    /// The verdict.
    pub allowed: bool,
    /// Why evaluation was skipped (exemption, DELETE, subresource), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Every finding with its outcome.
    pub findings: Vec<Judged>,
    /// Number of JSONPatch operations returned by `/mutate`.
    pub patch_ops: usize,
}

/// The configuration turned into everything a request needs.
pub struct Engine {
    config: Config,
    evaluators: Vec<Box<dyn Evaluator>>,
}

impl Engine {
    /// Builds the engine: the built-in rules (minus whole-scan rules and rules turned off
    /// everywhere) and any `extra` evaluators (Rego policies).
    pub fn new(
        mut config: Config,
        extra: Vec<Box<dyn Evaluator>>,
    ) -> Result<Engine, AdmissionError> {
        let settings = palisade_rules::Settings {
            pss_version: match &config.pss_version {
                Some(v) => palisade_rules::PssVersion::parse(v).map_err(AdmissionError::new)?,
                None => palisade_rules::PssVersion::LATEST,
            },
        };
        // Rule entries are compared with findings' ids: store the canonical id for aliases.
        let canonical = |rm: &mut RuleMode| {
            if let Some(r) = palisade_rules::lookup(&rm.rule) {
                rm.rule = r.meta().id.to_string();
            }
        };
        config.rules.iter_mut().for_each(canonical);
        for (_, ns) in &mut config.namespaces {
            ns.rules.iter_mut().for_each(canonical);
        }
        let named = |id: &str, family: &str| {
            config
                .rules
                .iter()
                .chain(config.namespaces.iter().flat_map(|(_, n)| n.rules.iter()))
                .filter(|r| r.rule.eq_ignore_ascii_case(id) || r.rule.eq_ignore_ascii_case(family))
                .map(|r| r.mode)
                .collect::<Vec<_>>()
        };
        let builtin = BuiltinRules::new(settings, &|m| {
            let modes = named(m.id, m.family);
            let off_everywhere = !modes.is_empty()
                && modes.iter().all(|x| *x == Mode::Off)
                && config.namespaces.iter().all(|(_, n)| n.mode.is_none());
            // A rule off by default runs when the configuration gives it a mode.
            (m.default_enabled || modes.iter().any(|x| *x != Mode::Off)) && !off_everywhere
        });
        let mut evaluators: Vec<Box<dyn Evaluator>> = vec![Box::new(builtin)];
        evaluators.extend(extra);
        config.validate_rules(&|name| evaluators.iter().any(|e| e.knows(name)))?;
        Ok(Engine { config, evaluators })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Decides on one review. `Err` is a malformed request (HTTP 400) with its reason.
    pub fn review(&self, endpoint: Endpoint, body: &[u8]) -> Result<Decision, String> {
        let review: AdmissionReview<'_> = serde_json::from_slice(body)
            .map_err(|e| format!("malformed AdmissionReview JSON: {e}"))?;
        match review.api_version.as_deref() {
            Some(API_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "unsupported apiVersion `{other}`: this webhook serves {API_VERSION}"
                ))
            }
            None => return Err(format!("missing apiVersion: expected {API_VERSION}")),
        }
        if review.kind.as_deref() != Some("AdmissionReview") {
            return Err("kind must be `AdmissionReview`".into());
        }
        let req = review
            .request
            .ok_or("the AdmissionReview has no `request`")?;
        if req.uid.is_empty() {
            return Err("request.uid is empty".into());
        }
        let dry_run = req.dry_run.unwrap_or(false);
        let mut d = Decision {
            response: AdmissionResponse {
                uid: req.uid.clone(),
                allowed: true,
                ..AdmissionResponse::default()
            },
            uid: req.uid.clone(),
            endpoint: endpoint.as_str(),
            operation: req.operation.clone(),
            kind: req.kind.kind.clone(),
            namespace: req.namespace.clone().unwrap_or_default(),
            name: req.name.clone().unwrap_or_default(),
            user: req.user_info.username.clone(),
            dry_run,
            allowed: true,
            skipped: None,
            findings: Vec::new(),
            patch_ops: 0,
        };
        if let Some(why) = self.exempt(&d.namespace, &req.user_info.username, &req.user_info.groups)
        {
            d.skipped = Some(why);
            return Ok(d);
        }
        if req.operation != "CREATE" && req.operation != "UPDATE" {
            d.skipped = Some(format!("{} requests are not evaluated", req.operation));
            return Ok(d);
        }
        if let Some(sub) = req.sub_resource.as_deref().filter(|s| !s.is_empty()) {
            d.skipped = Some(format!("subresource `{sub}` is not evaluated"));
            return Ok(d);
        }
        let Some(text) = present(req.object) else {
            d.skipped = Some("the request carries no object".into());
            return Ok(d);
        };
        let loaded = palisade_k8s::load_str("admission", text);
        let object = match (loaded.errors.first(), loaded.objects.into_iter().next()) {
            (None, Some(o)) => o,
            (e, _) => {
                let why = e.map_or("not a Kubernetes object".to_string(), |e| e.message.clone());
                deny(&mut d, format!("palisade cannot read the object: {why}"));
                return Ok(d);
            }
        };
        if d.name.is_empty() {
            d.name = object.name.clone();
        }
        if d.namespace.is_empty() {
            d.namespace = object.namespace.clone().unwrap_or_default();
        }
        let (name, namespace) = (d.name.clone(), d.namespace.clone());
        match endpoint {
            Endpoint::Mutate => self.mutate(&object, &mut d),
            Endpoint::Validate => {
                let cx = ReviewContext {
                    uid: &req.uid,
                    kind: &req.kind,
                    name: &name,
                    namespace: &namespace,
                    user_info: &req.user_info,
                    operation: &req.operation,
                    username: &req.user_info.username,
                    groups: &req.user_info.groups,
                    old_object: present(req.old_object),
                    dry_run,
                };
                self.validate(&object, &cx, &mut d)
            }
        }
        Ok(d)
    }

    /// Findings for an object as the webhook sees it (used by tests that compare with a
    /// scan of the same object from a file).
    pub fn findings(&self, object: &Object, cx: &ReviewContext<'_>) -> Vec<Evaluated> {
        self.evaluators
            .iter()
            .flat_map(|e| e.evaluate(object, cx))
            .collect()
    }

    fn validate(&self, object: &Object, cx: &ReviewContext<'_>, d: &mut Decision) {
        let mut denials = Vec::new();
        for Evaluated {
            finding: f,
            mode: own,
        } in self.findings(object, cx)
        {
            let family = self
                .evaluators
                .iter()
                .find_map(|e| e.family_of(&f.rule))
                .unwrap_or("");
            let mode = self.mode_for(&f.rule, family, f.severity, &d.namespace, own);
            if mode == Mode::Off {
                continue;
            }
            let message = message(&f);
            match mode {
                Mode::Enforce => denials.push(message.clone()),
                Mode::Warn => d.response.warnings.push(truncate(&message, 256)),
                Mode::Audit | Mode::Off => {}
            }
            d.findings.push(Judged {
                rule: f.rule.into_owned(),
                severity: f.severity,
                outcome: mode.as_str(),
                message,
            });
        }
        if !denials.is_empty() {
            let what = format!(
                "{} {}{}",
                object.kind,
                object
                    .namespace
                    .as_deref()
                    .or(Some(d.namespace.as_str()))
                    .filter(|n| !n.is_empty())
                    .map(|n| format!("{n}/"))
                    .unwrap_or_default(),
                d.name
            );
            let msg = format!(
                "palisade denied {what}: {} violation{}: {}",
                denials.len(),
                if denials.len() == 1 { "" } else { "s" },
                denials.join("; ")
            );
            deny(d, msg);
        }
    }

    fn mutate(&self, object: &Object, d: &mut Decision) {
        let m = &self.config.mutation;
        if !m.enabled {
            d.skipped = Some("mutation is disabled".into());
            return;
        }
        let ops = crate::mutate::safe_defaults(object, m);
        if ops.is_empty() {
            return;
        }
        d.patch_ops = ops.len();
        let json = serde_json::Value::Array(ops).to_string();
        d.response.patch = Some(base64::engine::general_purpose::STANDARD.encode(json));
        d.response.patch_type = Some("JSONPatch");
    }

    fn exempt(&self, namespace: &str, user: &str, groups: &[String]) -> Option<String> {
        let ex = &self.config.exemptions;
        if !namespace.is_empty() && ex.namespaces.iter().any(|p| name_matches(p, namespace)) {
            return Some(format!("namespace `{namespace}` is exempt"));
        }
        if ex.users.iter().any(|u| u == user) {
            return Some(format!("user `{user}` is exempt"));
        }
        groups
            .iter()
            .find(|g| ex.groups.contains(g))
            .map(|g| format!("group `{g}` is exempt"))
    }

    /// The mode of a finding. Most specific wins: a namespace's rule entry (id, then
    /// family), the namespace's `mode`, a global rule entry (id, then family), the mode
    /// the policy itself asks for (`own`), `default_mode`, then severity (`deny_at` and
    /// above deny, `warn_at` and above warn, the rest audit).
    pub fn mode_for(
        &self,
        rule: &str,
        family: &str,
        severity: Severity,
        namespace: &str,
        own: Option<Mode>,
    ) -> Mode {
        let pick = |entries: &[RuleMode]| {
            entries
                .iter()
                .rev()
                .find(|r| r.rule.eq_ignore_ascii_case(rule))
                .or_else(|| {
                    entries
                        .iter()
                        .rev()
                        .find(|r| !family.is_empty() && r.rule.eq_ignore_ascii_case(family))
                })
                .map(|r| r.mode)
        };
        let ns = self
            .config
            .namespaces
            .iter()
            .rev()
            .find(|(pattern, _)| name_matches(pattern, namespace))
            .map(|(_, n)| n);
        if let Some(ns) = ns {
            if let Some(m) = pick(&ns.rules).or(ns.mode) {
                return m;
            }
        }
        if let Some(m) = pick(&self.config.rules)
            .or(own)
            .or(self.config.default_mode)
        {
            return m;
        }
        if severity >= self.config.deny_at {
            Mode::Enforce
        } else if severity >= self.config.warn_at {
            Mode::Warn
        } else {
            Mode::Audit
        }
    }
}

fn deny(d: &mut Decision, message: String) {
    d.allowed = false;
    d.response.allowed = false;
    d.response.status = Some(Status {
        code: 403,
        message,
        reason: "Forbidden",
    });
}

/// The message for one finding, e.g. `[K8S001] container `api` runs privileged (spec...privileged; fix: ...)`.
pub fn message(f: &Finding) -> String {
    let mut m = format!("[{}] {}", f.rule, f.title);
    let field = f.location.field.as_deref();
    let fix = f.remediation.as_deref();
    match (field, fix) {
        (Some(field), Some(fix)) => m.push_str(&format!(" ({field}; fix: {fix})")),
        (Some(field), None) => m.push_str(&format!(" ({field})")),
        (None, Some(fix)) => m.push_str(&format!(" (fix: {fix})")),
        (None, None) => {}
    }
    m
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max - 3;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// Exact match, or a prefix match for patterns ending in `*`.
fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}
