//! Pod Security Standards, exactly as the upstream `pod-security-admission` checks define
//! them, one check per file: baseline (K8S001–K8S012) and restricted (K8S020–K8S026),
//! version-aware through [`crate::Cx::pss_version`].
//!
//! Each rule is one upstream check and runs on its own: a check whose first policy version
//! is newer than the version that applies to the object does not run at all. What makes up
//! a *level* — restricted includes baseline, minus the baseline checks that a restricted
//! check replaces — is [`level_rules`], from the table [`CHECKS`]. Use it to compute a
//! level verdict (the conformance test, the admission webhook): an object is allowed at a
//! level and version when no rule of `level_rules(level, version)` reports a finding.

use crate::{PssVersion, Rule};

mod allow_privilege_escalation;
mod app_armor_profile;
mod capabilities_baseline;
mod capabilities_restricted;
mod host_namespaces;
mod host_path_volumes;
mod host_ports;
mod host_probes;
mod privileged;
mod proc_mount;
mod proc_mount_restricted;
mod restricted_volumes;
mod run_as_non_root;
mod run_as_user;
mod se_linux_options;
mod seccomp_profile_baseline;
mod seccomp_profile_restricted;
mod sysctls;
mod util;
mod windows_host_process;

pub use allow_privilege_escalation::AllowPrivilegeEscalation;
pub use app_armor_profile::AppArmorProfile;
pub use capabilities_baseline::CapabilitiesBaseline;
pub use capabilities_restricted::CapabilitiesRestricted;
pub use host_namespaces::HostNamespaces;
pub use host_path_volumes::HostPathVolumes;
pub use host_ports::HostPorts;
pub use host_probes::HostProbes;
pub use privileged::Privileged;
pub use proc_mount::ProcMount;
pub use proc_mount_restricted::ProcMountRestricted;
pub use restricted_volumes::RestrictedVolumes;
pub use run_as_non_root::RunAsNonRoot;
pub use run_as_user::RunAsUser;
pub use se_linux_options::SeLinuxOptions;
pub use seccomp_profile_baseline::SeccompProfileBaseline;
pub use seccomp_profile_restricted::SeccompProfileRestricted;
pub use sysctls::Sysctls;
pub use windows_host_process::WindowsHostProcess;

/// The upstream lists the checks compare against, for code that compiles the same checks
/// into another language (ValidatingAdmissionPolicy CEL): one copy of each list.
pub mod tables {
    /// Capabilities the baseline level lets a container add.
    pub use super::capabilities_baseline::ALLOWED as BASELINE_CAPABILITIES;
    /// Volume sources the restricted level allows.
    pub use super::restricted_volumes::ALLOWED as ALLOWED_VOLUMES;
    /// Every other volume source of the Kubernetes API.
    pub use super::restricted_volumes::DISALLOWED as DISALLOWED_VOLUMES;
    /// Safe sysctls, each with the policy version that first allows it.
    pub use super::sysctls::SAFE as SAFE_SYSCTLS;
}

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[
    &Privileged,
    &HostNamespaces,
    &CapabilitiesBaseline,
    &HostPathVolumes,
    &HostPorts,
    &HostProbes,
    &AppArmorProfile,
    &SeLinuxOptions,
    &ProcMount,
    &SeccompProfileBaseline,
    &Sysctls,
    &WindowsHostProcess,
    &RestrictedVolumes,
    &AllowPrivilegeEscalation,
    &RunAsNonRoot,
    &RunAsUser,
    &SeccompProfileRestricted,
    &CapabilitiesRestricted,
    &ProcMountRestricted,
];

/// A Pod Security Standards level that runs checks. (`privileged`, the third level, runs
/// none and allows everything.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// `baseline`: blocks known privilege escalations.
    Baseline,
    /// `restricted`: baseline plus current hardening best practice.
    Restricted,
}

impl Level {
    /// The level's name as written in namespace labels: `baseline` or `restricted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Baseline => "baseline",
            Level::Restricted => "restricted",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One upstream check and the rule that implements it.
#[derive(Clone, Copy, Debug)]
pub struct Check {
    /// The Palisade rule id.
    pub id: &'static str,
    /// The upstream check id (`capabilities_restricted`), as in PSA messages and fixture names.
    pub upstream: &'static str,
    /// The level the check belongs to.
    pub level: Level,
    /// The first policy version that runs the check.
    pub since: PssVersion,
    /// The baseline rule this restricted check replaces in the restricted level, from
    /// `since` on.
    pub overrides: Option<&'static str>,
}

const fn check(
    id: &'static str,
    upstream: &'static str,
    level: Level,
    since: u32,
    overrides: Option<&'static str>,
) -> Check {
    Check {
        id,
        upstream,
        level,
        since: PssVersion(since),
        overrides,
    }
}

/// Every upstream check, baseline first, each level in ascending rule id order.
pub const CHECKS: &[Check] = {
    use Level::{Baseline as B, Restricted as R};
    &[
        check(
            Privileged::META.id,
            "privileged",
            B,
            privileged::SINCE,
            None,
        ),
        check(
            HostNamespaces::META.id,
            "hostNamespaces",
            B,
            host_namespaces::SINCE,
            None,
        ),
        check(
            CapabilitiesBaseline::META.id,
            "capabilities_baseline",
            B,
            capabilities_baseline::SINCE,
            None,
        ),
        check(
            HostPathVolumes::META.id,
            "hostPathVolumes",
            B,
            host_path_volumes::SINCE,
            None,
        ),
        check(HostPorts::META.id, "hostPorts", B, host_ports::SINCE, None),
        check(
            HostProbes::META.id,
            "hostProbesAndHostLifecycle",
            B,
            host_probes::SINCE,
            None,
        ),
        check(
            AppArmorProfile::META.id,
            "appArmorProfile",
            B,
            app_armor_profile::SINCE,
            None,
        ),
        check(
            SeLinuxOptions::META.id,
            "seLinuxOptions",
            B,
            se_linux_options::SINCE,
            None,
        ),
        check(ProcMount::META.id, "procMount", B, proc_mount::SINCE, None),
        check(
            SeccompProfileBaseline::META.id,
            "seccompProfile_baseline",
            B,
            seccomp_profile_baseline::SINCE,
            None,
        ),
        check(Sysctls::META.id, "sysctls", B, sysctls::SINCE, None),
        check(
            WindowsHostProcess::META.id,
            "windowsHostProcess",
            B,
            windows_host_process::SINCE,
            None,
        ),
        check(
            RestrictedVolumes::META.id,
            "restrictedVolumes",
            R,
            restricted_volumes::SINCE,
            Some(HostPathVolumes::META.id),
        ),
        check(
            AllowPrivilegeEscalation::META.id,
            "allowPrivilegeEscalation",
            R,
            allow_privilege_escalation::SINCE,
            None,
        ),
        check(
            RunAsNonRoot::META.id,
            "runAsNonRoot",
            R,
            run_as_non_root::SINCE,
            None,
        ),
        check(RunAsUser::META.id, "runAsUser", R, run_as_user::SINCE, None),
        check(
            SeccompProfileRestricted::META.id,
            "seccompProfile_restricted",
            R,
            seccomp_profile_restricted::SINCE,
            Some(SeccompProfileBaseline::META.id),
        ),
        check(
            CapabilitiesRestricted::META.id,
            "capabilities_restricted",
            R,
            capabilities_restricted::SINCE,
            Some(CapabilitiesBaseline::META.id),
        ),
        check(
            ProcMountRestricted::META.id,
            "procMount_restricted",
            R,
            proc_mount_restricted::SINCE,
            Some(ProcMount::META.id),
        ),
    ]
};

/// The rule ids that make up `level` at policy `version`, as upstream assembles a level:
/// - baseline: every baseline check whose first version is not newer than `version`;
/// - restricted: that baseline set, minus each baseline check replaced by a restricted
///   check active at `version` (`hostPathVolumes` by `restrictedVolumes` from v1.0,
///   `seccompProfile_baseline` by `seccompProfile_restricted` from v1.19,
///   `capabilities_baseline` by `capabilities_restricted` from v1.22, `procMount` by
///   `procMount_restricted` from v1.35), plus every restricted check active at `version`.
///
/// Baseline ids come first, then restricted ids, each in ascending order.
///
/// An object is allowed at `level` and `version` when none of these rules reports a
/// finding for it evaluated at `version`.
pub fn level_rules(level: Level, version: PssVersion) -> Vec<&'static str> {
    let active = |c: &&Check| c.since <= version;
    let baseline = CHECKS
        .iter()
        .filter(|c| c.level == Level::Baseline)
        .filter(active);
    match level {
        Level::Baseline => baseline.map(|c| c.id).collect(),
        Level::Restricted => {
            let restricted: Vec<&Check> = CHECKS
                .iter()
                .filter(|c| c.level == Level::Restricted)
                .filter(active)
                .collect();
            let replaced: Vec<&str> = restricted.iter().filter_map(|c| c.overrides).collect();
            baseline
                .filter(|c| !replaced.contains(&c.id))
                .chain(restricted.iter().copied())
                .map(|c| c.id)
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(level: Level, minor: u32) -> Vec<&'static str> {
        level_rules(level, PssVersion(minor))
    }

    #[test]
    fn baseline_at_latest_is_every_baseline_rule() {
        assert_eq!(
            ids(Level::Baseline, 37),
            [
                "K8S001", "K8S002", "K8S003", "K8S004", "K8S005", "K8S006", "K8S007", "K8S008",
                "K8S009", "K8S010", "K8S011", "K8S012"
            ]
        );
    }

    #[test]
    fn host_probes_join_baseline_at_1_34() {
        assert!(!ids(Level::Baseline, 33).contains(&"K8S006"));
        assert!(ids(Level::Baseline, 34).contains(&"K8S006"));
    }

    #[test]
    fn restricted_at_latest_replaces_four_baseline_checks() {
        assert_eq!(
            ids(Level::Restricted, 37),
            [
                "K8S001", "K8S002", "K8S005", "K8S006", "K8S007", "K8S008", "K8S011", "K8S012",
                "K8S020", "K8S021", "K8S022", "K8S023", "K8S024", "K8S025", "K8S026"
            ]
        );
    }

    #[test]
    fn restricted_overrides_follow_the_version_of_the_overriding_check() {
        // v1.0: only restrictedVolumes replaces hostPathVolumes; no allowPrivilegeEscalation yet.
        assert_eq!(
            ids(Level::Restricted, 0),
            [
                "K8S001", "K8S002", "K8S003", "K8S005", "K8S007", "K8S008", "K8S009", "K8S010",
                "K8S011", "K8S012", "K8S020", "K8S022"
            ]
        );
        let v = |m| ids(Level::Restricted, m);
        assert!(!v(7).contains(&"K8S021") && v(8).contains(&"K8S021"));
        assert!(v(18).contains(&"K8S010") && !v(18).contains(&"K8S024"));
        assert!(!v(19).contains(&"K8S010") && v(19).contains(&"K8S024"));
        assert!(v(21).contains(&"K8S003") && !v(21).contains(&"K8S025"));
        assert!(!v(22).contains(&"K8S003") && v(22).contains(&"K8S025"));
        assert!(!v(22).contains(&"K8S023") && v(23).contains(&"K8S023"));
        assert!(v(34).contains(&"K8S009") && !v(34).contains(&"K8S026"));
        assert!(!v(35).contains(&"K8S009") && v(35).contains(&"K8S026"));
    }

    #[test]
    fn the_check_table_lists_every_rule_once_with_its_level_tag() {
        assert_eq!(CHECKS.len(), RULES.len());
        for rule in RULES {
            let meta = rule.meta();
            let entries: Vec<&Check> = CHECKS.iter().filter(|c| c.id == meta.id).collect();
            assert_eq!(entries.len(), 1, "{} must be in CHECKS once", meta.id);
            let tag = format!("pss:{}", entries[0].level);
            assert!(
                meta.tags.contains(&tag.as_str()),
                "{} lacks tag {tag}",
                meta.id
            );
        }
        for c in CHECKS {
            if let Some(replaced) = c.overrides {
                assert_eq!(c.level, Level::Restricted);
                assert!(CHECKS
                    .iter()
                    .any(|b| b.id == replaced && b.level == Level::Baseline));
            }
        }
    }
}
