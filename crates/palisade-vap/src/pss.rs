//! The Pod Security Standards checks (K8S001–K8S012 baseline, K8S020–K8S026 restricted) as
//! CEL, each written to decide exactly what its rule in `palisade_rules::pss` decides at
//! one policy version: the level's check set comes from `pss::level_rules` (so overrides
//! such as `capabilities_restricted` replacing `capabilities_baseline` from v1.22 are the
//! rules' own), and each check's version-gated variant (Windows and user-namespace
//! relaxations, the sysctl and SELinux lists, seccomp annotations before v1.19) is chosen
//! here for that version.

use palisade_rules::pss::tables::{
    ALLOWED_VOLUMES, BASELINE_CAPABILITIES, DISALLOWED_VOLUMES, SAFE_SYSCTLS,
};
use palisade_rules::pss::{level_rules, Check, Level, CHECKS};
use palisade_rules::PssVersion;

use crate::expr::{has, is, list, quote};
use crate::validation::{containers, pod, Validation};

/// Every container (init, app, ephemeral), as the Pod Security Standards count them.
const ALL: &str = "variables.allContainers";
/// The pod spec.
const SPEC: &str = "variables.podSpec";
/// The pod-level `securityContext` (`{}` when absent).
const POD_SC: &str = "variables.podSecurityContext";
/// The pod (template) annotations (`{}` when absent).
const ANNOTATIONS: &str = "variables.annotations";

/// Allowed SELinux types and the policy version that added each (`""` is always allowed).
const SELINUX_TYPES: &[(u32, &str)] = &[
    (0, "container_t"),
    (0, "container_init_t"),
    (0, "container_kvm_t"),
    (31, "container_engine_t"),
];

const VALID_PROFILES: &[&str] = &["RuntimeDefault", "Localhost"];

/// Pods on Windows (`spec.os.name: windows`) skip three restricted checks from v1.25.
const WINDOWS_EXEMPT_FROM: u32 = 25;
/// User-namespace pods (`hostUsers: false`) are relaxed from v1.35.
const HOST_USERS_RELAXATION: u32 = 35;
/// seccompProfile_baseline reads fields from v1.19, annotations before.
const SECCOMP_FIELDS_FROM: u32 = 19;

/// The validations of `level` at `version`: the rules of `pss::level_rules(level,
/// version)`, in that order, each as one or a few validations.
pub fn pss_validations(level: Level, version: PssVersion) -> Vec<Validation> {
    level_rules(level, version)
        .into_iter()
        .filter_map(|id| CHECKS.iter().find(|c| c.id == id))
        .flat_map(|check| check_validations(check, version))
        .collect()
}

fn check_validations(check: &Check, version: PssVersion) -> Vec<Validation> {
    let id = check.id;
    let head = format!("{} (PSS {} {version})", check.upstream, check.level);
    let head = head.as_str();
    let windows_exempt = version
        .at_least(WINDOWS_EXEMPT_FROM)
        .then_some("variables.isWindows");
    let host_users_exempt = version
        .at_least(HOST_USERS_RELAXATION)
        .then_some("variables.hostUsersFalse");
    match check.upstream {
        "privileged" => vec![containers(
            id,
            head,
            ALL,
            &is("c", "securityContext.privileged", "== true"),
            None,
            "must not set securityContext.privileged: true",
        )],
        "hostNamespaces" => {
            let fields = ["hostNetwork", "hostPID", "hostIPC"];
            let set: Vec<String> = fields.iter().map(|f| is(SPEC, f, "== true")).collect();
            let named: Vec<String> = fields
                .iter()
                .zip(&set)
                .map(|(f, s)| format!("({s} ? '{f}: true ' : '')"))
                .collect();
            let mut v = pod(
                id,
                head,
                format!("!({})", set.join(" || ")),
                "the pod must not set hostNetwork, hostPID or hostIPC to true",
            );
            v.message_expression = Some(format!(
                "{} + {} + {}",
                quote(&format!("{id} {head}: the pod must not set ")),
                named.join(" + "),
                quote("(share the node's namespaces)")
            ));
            vec![v]
        }
        "capabilities_baseline" => vec![containers(
            id,
            head,
            ALL,
            &is(
                "c",
                "securityContext.capabilities.add",
                &format!(".exists(a, !(a in {}))", list(BASELINE_CAPABILITIES)),
            ),
            None,
            &format!(
                "must add only capabilities of the baseline set ({}) in securityContext.capabilities.add",
                BASELINE_CAPABILITIES.join(", ")
            ),
        )],
        "hostPathVolumes" => vec![volumes(
            id,
            head,
            "has(v.hostPath)",
            "must not use hostPath",
        )],
        "hostPorts" => vec![containers(
            id,
            head,
            ALL,
            "(has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0))",
            None,
            "must not set ports[].hostPort (remove it, or set 0)",
        )],
        "hostProbesAndHostLifecycle" => {
            let mut terms = Vec::new();
            for handler in [
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
                "lifecycle.postStart",
                "lifecycle.preStop",
            ] {
                for kind in ["httpGet", "tcpSocket"] {
                    terms.push(is("c", &format!("{handler}.{kind}.host"), "!= ''"));
                }
            }
            vec![containers(
                id,
                head,
                ALL,
                &format!("({})", terms.join("\n  || ")),
                None,
                "must not set host in httpGet or tcpSocket of probes and lifecycle handlers",
            )]
        }
        "appArmorProfile" => {
            let prefix = "container.apparmor.security.beta.kubernetes.io/";
            let bad_annotation = format!(
                "k.startsWith({}) && !({a}[k] == '' || {a}[k] == 'runtime/default' || {a}[k].startsWith('localhost/'))",
                quote(prefix),
                a = ANNOTATIONS
            );
            let mut annotations = pod(
                id,
                head,
                format!("!{ANNOTATIONS}.exists(k, {bad_annotation})"),
                "AppArmor annotations must be runtime/default, localhost/<profile> or empty",
            );
            annotations.message_expression = Some(format!(
                "{} + {ANNOTATIONS}.filter(k, {bad_annotation}).join(', ') + {}",
                quote(&format!("{id} {head}: annotation(s) ")),
                quote(" must be runtime/default, localhost/<profile> or empty")
            ));
            vec![
                annotations,
                pod(
                    id,
                    head,
                    format!("!{}", bad_apparmor(POD_SC)),
                    "spec.securityContext.appArmorProfile.type must be RuntimeDefault or Localhost",
                ),
                containers(
                    id,
                    head,
                    ALL,
                    &format!("(has(c.securityContext) && {})", bad_apparmor("c.securityContext")),
                    None,
                    "must set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (or leave it unset)",
                ),
            ]
        }
        "seLinuxOptions" => {
            let types: Vec<&str> = SELINUX_TYPES
                .iter()
                .filter(|(since, _)| version.at_least(*since))
                .map(|(_, t)| *t)
                .collect();
            let tail = format!(
                "must use an SELinux type of {} (or none) and set no SELinux user or role",
                types.join(", ")
            );
            vec![
                pod(
                    id,
                    head,
                    format!("!{}", bad_selinux(POD_SC, &types)),
                    &format!("spec.securityContext.seLinuxOptions {tail}"),
                ),
                containers(
                    id,
                    head,
                    ALL,
                    &format!(
                        "(has(c.securityContext) && {})",
                        bad_selinux("c.securityContext", &types)
                    ),
                    None,
                    &format!("(securityContext.seLinuxOptions) {tail}"),
                ),
            ]
        }
        "procMount" => vec![containers(
            id,
            head,
            ALL,
            &is("c", "securityContext.procMount", "!= 'Default'"),
            host_users_exempt,
            "must leave securityContext.procMount unset or Default",
        )],
        "procMount_restricted" => vec![containers(
            id,
            head,
            ALL,
            &is("c", "securityContext.procMount", "!= 'Default'"),
            None,
            "must leave securityContext.procMount unset or Default",
        )],
        "seccompProfile_baseline" if !version.at_least(SECCOMP_FIELDS_FROM) => {
            let pod_key = quote("seccomp.security.alpha.kubernetes.io/pod");
            let container_key = format!(
                "({} + (has(c.name) ? c.name : ''))",
                quote("container.seccomp.security.alpha.kubernetes.io/")
            );
            vec![
                pod(
                    id,
                    head,
                    format!(
                        "!({pod_key} in {ANNOTATIONS}) || {}",
                        allowed_seccomp_annotation(&format!("{ANNOTATIONS}[{pod_key}]"))
                    ),
                    "the seccomp.security.alpha.kubernetes.io/pod annotation must be runtime/default, docker/default or localhost/<profile>",
                ),
                containers(
                    id,
                    head,
                    ALL,
                    &format!(
                        "({container_key} in {ANNOTATIONS} && !{})",
                        allowed_seccomp_annotation(&format!("{ANNOTATIONS}[{container_key}]"))
                    ),
                    None,
                    "must have a container.seccomp.security.alpha.kubernetes.io annotation of runtime/default, docker/default or localhost/<profile>",
                ),
            ]
        }
        "seccompProfile_baseline" => vec![
            pod(
                id,
                head,
                format!("!{}", bad_seccomp(POD_SC)),
                "spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost (or unset)",
            ),
            containers(
                id,
                head,
                ALL,
                &format!("(has(c.securityContext) && {})", bad_seccomp("c.securityContext")),
                None,
                "must set securityContext.seccompProfile.type to RuntimeDefault or Localhost (or leave it unset)",
            ),
        ],
        "seccompProfile_restricted" => {
            let pod_valid = format!("{} && {POD_SC}.seccompProfile.type in {}", has(POD_SC, "seccompProfile.type"), list(VALID_PROFILES));
            let pod_check = format!("!{}", bad_seccomp(POD_SC));
            let pod_ok = match windows_exempt {
                Some(e) => format!("{e} || {pod_check}"),
                None => pod_check,
            };
            vec![
                pod(
                    id,
                    head,
                    pod_ok,
                    "spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost",
                ),
                containers(
                    id,
                    head,
                    ALL,
                    &format!(
                        "((has(c.securityContext) && has(c.securityContext.seccompProfile)) ? {} : !({pod_valid}))",
                        bad_seccomp("c.securityContext")
                    ),
                    windows_exempt,
                    "must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, or inherit a valid pod-level profile",
                ),
            ]
        }
        "sysctls" => {
            let safe: Vec<&str> = SAFE_SYSCTLS
                .iter()
                .filter(|(since, _)| version.at_least(*since))
                .map(|(_, n)| *n)
                .collect();
            let bad = format!("has(s.name) && !(s.name in {})", list(&safe));
            let mut v = pod(
                id,
                head,
                format!("!({} && {POD_SC}.sysctls.exists(s, {bad}))", has(POD_SC, "sysctls")),
                &format!("spec.securityContext.sysctls may only name {}", safe.join(", ")),
            );
            v.message_expression = Some(format!(
                "{} + {POD_SC}.sysctls.filter(s, {bad}).map(s, s.name).join(', ') + {}",
                quote(&format!("{id} {head}: sysctl(s) ")),
                quote(&format!(" not in the safe set at {version}"))
            ));
            vec![v]
        }
        "windowsHostProcess" => vec![
            pod(
                id,
                head,
                format!("!{}", is(POD_SC, "windowsOptions.hostProcess", "== true")),
                "spec.securityContext.windowsOptions.hostProcess must not be true",
            ),
            containers(
                id,
                head,
                ALL,
                &is("c", "securityContext.windowsOptions.hostProcess", "== true"),
                None,
                "must not set securityContext.windowsOptions.hostProcess: true",
            ),
        ],
        "restrictedVolumes" => {
            let any = |names: &[&str]| {
                let terms: Vec<String> = names.iter().map(|n| format!("has(v.{n})")).collect();
                format!("({})", terms.join(" || "))
            };
            vec![volumes(
                id,
                head,
                &format!("!{} && {}", any(ALLOWED_VOLUMES), any(DISALLOWED_VOLUMES)),
                &format!("must use only {} volumes", ALLOWED_VOLUMES.join(", ")),
            )]
        }
        "allowPrivilegeEscalation" => vec![containers(
            id,
            head,
            ALL,
            &format!("!{}", is("c", "securityContext.allowPrivilegeEscalation", "== false")),
            windows_exempt,
            "must set securityContext.allowPrivilegeEscalation: false",
        )],
        "runAsNonRoot" => {
            let pod_false = is(POD_SC, "runAsNonRoot", "== false");
            let pod_true = is(POD_SC, "runAsNonRoot", "== true");
            let pod_check = format!("!{pod_false}");
            let pod_ok = match host_users_exempt {
                Some(e) => format!("{e} || {pod_check}"),
                None => pod_check,
            };
            vec![
                pod(id, head, pod_ok, "spec.securityContext.runAsNonRoot must not be false"),
                containers(
                    id,
                    head,
                    ALL,
                    &format!(
                        "(({}) ? c.securityContext.runAsNonRoot != true : !{pod_true})",
                        has("c", "securityContext.runAsNonRoot")
                    ),
                    host_users_exempt,
                    "must set securityContext.runAsNonRoot: true, or inherit it from the pod (and never set false)",
                ),
            ]
        }
        "runAsUser" => {
            let pod_check = format!("!{}", is(POD_SC, "runAsUser", "== 0"));
            let pod_ok = match host_users_exempt {
                Some(e) => format!("{e} || {pod_check}"),
                None => pod_check,
            };
            vec![
                pod(id, head, pod_ok, "spec.securityContext.runAsUser must not be 0"),
                containers(
                    id,
                    head,
                    ALL,
                    &is("c", "securityContext.runAsUser", "== 0"),
                    host_users_exempt,
                    "must not set securityContext.runAsUser: 0",
                ),
            ]
        }
        "capabilities_restricted" => vec![containers(
            id,
            head,
            ALL,
            &format!(
                "(!({} && 'ALL' in c.securityContext.capabilities.drop) || {})",
                has("c", "securityContext.capabilities.drop"),
                is(
                    "c",
                    "securityContext.capabilities.add",
                    ".exists(a, a != 'NET_BIND_SERVICE')"
                )
            ),
            windows_exempt,
            "must set securityContext.capabilities.drop: [ALL] and add at most NET_BIND_SERVICE",
        )],
        _ => Vec::new(),
    }
}

/// A pod-level check over `spec.volumes`: fails when a volume matches `bad` (over `v`).
fn volumes(id: &'static str, head: &str, bad: &str, tail: &str) -> Validation {
    let present = has(SPEC, "volumes");
    let mut v = pod(
        id,
        head,
        format!("!({present} && {SPEC}.volumes.exists(v, {bad}))"),
        &format!("volumes {tail}"),
    );
    v.message_expression = Some(format!(
        "{} + {SPEC}.volumes.filter(v, {bad}).map(v, has(v.name) ? v.name : '<unnamed>').join(', ') + {}",
        quote(&format!("{id} {head}: volume(s) ")),
        quote(&format!(" {tail}"))
    ));
    v
}

/// `base.appArmorProfile` is present with a type other than RuntimeDefault or Localhost
/// (or none).
fn bad_apparmor(base: &str) -> String {
    format!(
        "({} && !(has({base}.appArmorProfile.type) && {base}.appArmorProfile.type in {}))",
        has(base, "appArmorProfile"),
        list(VALID_PROFILES)
    )
}

/// `base.seccompProfile` is present with a type other than RuntimeDefault or Localhost
/// (or none).
fn bad_seccomp(base: &str) -> String {
    format!(
        "({} && !(has({base}.seccompProfile.type) && {base}.seccompProfile.type in {}))",
        has(base, "seccompProfile"),
        list(VALID_PROFILES)
    )
}

/// `base.seLinuxOptions` sets a type outside `types` (empty is fine), or a user or role.
fn bad_selinux(base: &str, types: &[&str]) -> String {
    let o = format!("{base}.seLinuxOptions");
    format!(
        "({} && ({} && !({o}.type in {}) || {} || {}))",
        has(base, "seLinuxOptions"),
        is(&o, "type", "!= ''"),
        list(types),
        is(&o, "user", "!= ''"),
        is(&o, "role", "!= ''"),
    )
}

/// A seccomp annotation value that the annotation-based check (before v1.19) accepts.
fn allowed_seccomp_annotation(value: &str) -> String {
    format!(
        "({value} in ['runtime/default', 'docker/default'] || {value}.startsWith('localhost/'))"
    )
}
