use std::collections::HashMap;

use palisade_core::{fingerprint, Finding, Location, RuleMeta};
use palisade_k8s::{ContainerView, Object, PodView};
use palisade_yaml::{Mark, Node};

use crate::network::model::Network;

/// A Pod Security Standards policy version: `v1.<minor>`. `latest` is [`PssVersion::LATEST`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PssVersion(pub u32);

impl PssVersion {
    /// The newest policy version this build implements.
    pub const LATEST: PssVersion = PssVersion(37);

    /// Parses `v1.25`, `1.25` or `latest`.
    pub fn parse(text: &str) -> Result<PssVersion, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("latest") {
            return Ok(PssVersion::LATEST);
        }
        let t = t.strip_prefix('v').unwrap_or(t);
        let minor = t
            .strip_prefix("1.")
            .and_then(|m| m.parse::<u32>().ok())
            .ok_or_else(|| {
                format!(
                    "invalid Pod Security Standards version `{text}`, expected `v1.NN` or `latest`"
                )
            })?;
        // Versions newer than we know are evaluated as the newest we know, like the plugin.
        Ok(PssVersion(minor.min(Self::LATEST.0)))
    }

    /// True when this version is at least `v1.<minor>`.
    pub fn at_least(self, minor: u32) -> bool {
        self.0 >= minor
    }
}

impl std::fmt::Display for PssVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v1.{}", self.0)
    }
}

/// Settings that shape how rules evaluate.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Default Pod Security Standards version (`--pss-version`).
    pub pss_version: PssVersion,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            pss_version: PssVersion::LATEST,
        }
    }
}

/// What a per-object rule sees besides the object: the policy version that applies to it,
/// and where its findings go.
pub struct Cx<'a> {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) obj: &'a Object,
    /// The Pod Security Standards version that applies to this object (its namespace's
    /// `pod-security.kubernetes.io/enforce-version` label, else the scan's default).
    pub pss_version: PssVersion,
    pub(crate) pod: Option<PodView<'a>>,
    pub(crate) out: &'a mut Vec<Finding>,
}

/// What a whole-scan rule sees: the settings and where its findings go.
pub struct ScanCx<'a> {
    pub(crate) meta: &'static RuleMeta,
    /// Scan settings.
    pub settings: &'a Settings,
    /// PSS versions set by Namespace labels, by namespace name.
    pub namespace_versions: &'a HashMap<String, PssVersion>,
    /// The scan's network index, built once for all network rules (absent when no network
    /// rule is enabled).
    pub(crate) network: Option<&'a Network<'a>>,
    pub(crate) out: &'a mut Vec<Finding>,
}

impl<'a> Cx<'a> {
    /// The object's pod template (computed once per object for every rule); `None` for
    /// kinds without pods.
    pub fn pod(&self) -> Option<PodView<'a>> {
        self.pod
    }

    /// The object being checked.
    pub fn object(&self) -> &'a Object {
        self.obj
    }

    /// Starts a finding at `mark` (the offending value, or the object/container when the
    /// field is missing), for the field path `field`.
    pub fn report(
        &mut self,
        mark: Mark,
        field: impl Into<String>,
        title: impl Into<String>,
    ) -> FindingBuilder<'_> {
        FindingBuilder::new(
            self.meta,
            self.obj,
            mark,
            field.into(),
            title.into(),
            self.out,
        )
    }

    /// Starts a finding about a container: at `node` when the field is present, else at the
    /// container itself. Sets the container name (used in the fingerprint).
    pub fn report_container(
        &mut self,
        c: &ContainerView<'_>,
        node: Option<&Node>,
        rest: &str,
        title: impl Into<String>,
    ) -> FindingBuilder<'_> {
        let mark = node.map_or(c.node.mark, |n| n.mark);
        let name = c.name.to_string();
        self.report(mark, c.field(rest), title).container(name)
    }
}

impl<'a> ScanCx<'a> {
    /// Workloads and NetworkPolicies of the whole scan, indexed by namespace; built once by
    /// the engine and shared by every network rule.
    pub(crate) fn network(&self) -> &'a Network<'a> {
        self.network
            .expect("the engine builds the network index whenever a network rule runs")
    }

    /// Starts a finding about `obj`.
    pub fn report(
        &mut self,
        obj: &Object,
        mark: Mark,
        field: impl Into<String>,
        title: impl Into<String>,
    ) -> FindingBuilder<'_> {
        FindingBuilder::new(self.meta, obj, mark, field.into(), title.into(), self.out)
    }
}

/// A finding under construction; call [`FindingBuilder::emit`] to record it.
#[must_use = "call .emit() to record the finding"]
pub struct FindingBuilder<'o> {
    meta: &'static RuleMeta,
    finding: Finding,
    key: Option<String>,
    repo_path: std::sync::Arc<str>,
    out: &'o mut Vec<Finding>,
}

impl<'o> FindingBuilder<'o> {
    fn new(
        meta: &'static RuleMeta,
        obj: &Object,
        mark: Mark,
        field: String,
        title: String,
        out: &'o mut Vec<Finding>,
    ) -> Self {
        FindingBuilder {
            meta,
            finding: Finding {
                rule: meta.id.into(),
                severity: meta.severity,
                title,
                location: Location {
                    path: obj.path.to_string(),
                    line: mark.line,
                    column: mark.column,
                    object: Some(obj.reference()),
                    field: (!field.is_empty()).then_some(field),
                },
                container: None,
                evidence: None,
                remediation: (!meta.remediation.is_empty()).then_some(meta.remediation.into()),
                tags: meta.tags.iter().map(|t| (*t).into()).collect(),
                fingerprint: String::new(),
            },
            key: None,
            repo_path: obj.repo_path.clone(),
            out,
        }
    }

    /// The container the finding is about.
    pub fn container(mut self, name: impl Into<String>) -> Self {
        self.finding.container = Some(name.into());
        self
    }

    /// A stable discriminator for the fingerprint (capability, volume, port, subject...):
    /// needed when one rule can fire several times for the same object and container.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The offending value, shown to people (never secret material).
    pub fn evidence(mut self, evidence: impl Into<String>) -> Self {
        self.finding.evidence = Some(evidence.into());
        self
    }

    /// A remediation more specific than the rule's default.
    pub fn remediation(mut self, text: impl Into<String>) -> Self {
        self.finding.remediation = Some(text.into().into());
        self
    }

    /// Overrides the default severity for this finding (e.g. a worse variant).
    pub fn severity(mut self, severity: palisade_core::Severity) -> Self {
        self.finding.severity = severity;
        self
    }

    /// Records the finding.
    pub fn emit(mut self) {
        self.finding.fingerprint = fingerprint(
            self.meta.origin_id(),
            &self.repo_path,
            self.finding.location.object.as_ref(),
            self.finding.container.as_deref(),
            self.key.as_deref(),
        );
        self.out.push(self.finding);
    }
}
