use crate::Severity;

/// What every rule declares about itself. The documentation is the doc comment of the
/// rule's own source file, captured at compile time, so it is written exactly once.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable identifier, e.g. `K8S001`. Never changes meaning once shipped.
    pub id: &'static str,
    /// Earlier identifiers of this rule, oldest first. Ignores and baselines written with
    /// them keep working.
    pub aliases: &'static [&'static str],
    /// Short kebab-case name, e.g. `privileged-container`.
    pub name: &'static str,
    /// Rule family, e.g. `pod-security`, `workload`, `network`, `rbac`.
    pub family: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One-line summary of what the rule finds.
    pub summary: &'static str,
    /// One-line default remediation.
    pub remediation: &'static str,
    /// Control mappings: `pss:baseline`, `CIS-5.2.1`, `NSA-CISA:pod-security`, `MITRE:T1611`.
    pub tags: &'static [&'static str],
    /// Whether the rule runs when configuration says nothing about it.
    pub default_enabled: bool,
    /// Full documentation (What it checks / Why it matters / How to fix / References).
    pub doc: &'static str,
}

impl RuleMeta {
    /// The identifier fingerprints are computed from: the oldest id this rule ever had, so a
    /// rename does not invalidate baselines.
    pub fn origin_id(&self) -> &'static str {
        self.aliases.first().copied().unwrap_or(self.id)
    }

    /// The documentation as plain Markdown (doc comments keep one leading space per line).
    pub fn doc_markdown(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// True when `id` names this rule (its id or one of its aliases), ignoring case.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id.eq_ignore_ascii_case(id) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }
}
