//! The evaluator interface: something that turns one object under review into findings.
//! The built-in rules are one evaluator; Rego policies are another. Keeping the interface
//! this small is what lets the same engine serve `palisade scan` and the webhook.

use palisade_core::{Finding, RuleMeta};
use palisade_k8s::Object;
use palisade_rules::Settings;

use crate::config::Mode;
use crate::review::{GroupVersionKind, UserInfo};

/// A finding and the mode its source asks for (a Gatekeeper `enforcementAction`, a
/// Conftest `warn` rule); `None` leaves it to the configuration and severity.
#[derive(Clone, Debug)]
pub struct Evaluated {
    /// The finding.
    pub finding: Finding,
    /// The mode the policy itself asks for.
    pub mode: Option<Mode>,
}

/// What an evaluator knows about the request besides the object.
#[derive(Clone, Copy, Debug)]
pub struct ReviewContext<'a> {
    /// Request uid.
    pub uid: &'a str,
    /// `request.kind`.
    pub kind: &'a GroupVersionKind,
    /// Object name.
    pub name: &'a str,
    /// Namespace of the request (empty for cluster-scoped objects).
    pub namespace: &'a str,
    /// `request.userInfo`.
    pub user_info: &'a UserInfo,
    /// CREATE, UPDATE, DELETE or CONNECT.
    pub operation: &'a str,
    /// The requesting user.
    pub username: &'a str,
    /// The user's groups.
    pub groups: &'a [String],
    /// The existing object as JSON text (UPDATE).
    pub old_object: Option<&'a str>,
    /// Dry-run request.
    pub dry_run: bool,
}

/// Turns one object into findings.
pub trait Evaluator: Send + Sync {
    /// Findings for `object`.
    fn evaluate(&self, object: &Object, review: &ReviewContext<'_>) -> Vec<Evaluated>;
    /// Whether `name` is a rule, family or policy this evaluator answers to (config checks).
    fn knows(&self, name: &str) -> bool;
    /// The family a finding's rule belongs to, for `rules: {family: mode}` entries.
    fn family_of(&self, rule: &str) -> Option<&str>;
}

/// Why rules of the `network` family never run at admission: they judge NetworkPolicy
/// coverage across every object of a scan, and a webhook sees one object at a time.
pub const WHOLE_SCAN_FAMILY: &str = "network";

/// The built-in rules, minus the whole-scan `network` family.
pub struct BuiltinRules {
    settings: Settings,
    enabled: Vec<&'static str>,
}

impl BuiltinRules {
    /// `enabled` decides which rules run (the configuration's modes).
    pub fn new(settings: Settings, enabled: &dyn Fn(&RuleMeta) -> bool) -> Self {
        let enabled = palisade_rules::all()
            .iter()
            .map(|r| r.meta())
            .filter(|m| admission_capable(m) && enabled(m))
            .map(|m| m.id)
            .collect();
        BuiltinRules { settings, enabled }
    }

    /// Ids of the rules that run.
    pub fn enabled(&self) -> &[&'static str] {
        &self.enabled
    }
}

/// True for rules that can judge one object alone.
pub fn admission_capable(meta: &RuleMeta) -> bool {
    meta.family != WHOLE_SCAN_FAMILY
}

impl Evaluator for BuiltinRules {
    fn evaluate(&self, object: &Object, _review: &ReviewContext<'_>) -> Vec<Evaluated> {
        let objects = std::slice::from_ref(object);
        palisade_rules::run(objects, &self.settings, &|m| self.enabled.contains(&m.id))
            .findings
            .into_iter()
            .map(|finding| Evaluated {
                finding,
                mode: None,
            })
            .collect()
    }

    fn knows(&self, name: &str) -> bool {
        palisade_rules::lookup(name).is_some()
            || palisade_rules::all()
                .iter()
                .any(|r| r.meta().family.eq_ignore_ascii_case(name))
    }

    fn family_of(&self, rule: &str) -> Option<&str> {
        palisade_rules::lookup(rule).map(|r| r.meta().family)
    }
}
