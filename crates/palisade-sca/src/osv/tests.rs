use super::*;

fn adv(id: &str, aliases: &[&str], eco: &str, ranges: Vec<Range>, versions: &[&str]) -> Advisory {
    Advisory {
        id: id.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        summary: format!("summary of {id}"),
        modified: String::new(),
        severity: SeverityInfo::default(),
        affected: vec![AffectedEntry {
            ecosystem: eco.into(),
            ranges,
            versions: versions
                .iter()
                .map(|s| match Ecosystem::parse(eco).scheme() {
                    Some(scheme) => crate::version::canonical(scheme, s),
                    None => s.to_string(),
                })
                .collect(),
        }],
    }
}

fn eco_range(events: Vec<Event>) -> Range {
    Range {
        kind: RangeKind::Ecosystem,
        events,
    }
}

use Event::{Fixed, Introduced, LastAffected, Limit};

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn introduced_fixed_is_half_open() {
    let a = adv(
        "X-1",
        &[],
        "PyPI",
        vec![eco_range(vec![Introduced(s("1.0")), Fixed(s("1.2"))])],
        &[],
    );
    let e = Ecosystem::PyPI;
    assert!(!evaluate(&a, &e, "0.9").affected);
    assert!(evaluate(&a, &e, "1.0").affected);
    assert!(evaluate(&a, &e, "1.1.post1").affected);
    assert!(
        evaluate(&a, &e, "1.2rc1").affected,
        "a pre-release of the fix is still affected"
    );
    assert!(!evaluate(&a, &e, "1.2").affected);
    assert_eq!(evaluate(&a, &e, "1.1").fixed.as_deref(), Some("1.2"));
}

#[test]
fn last_affected_is_inclusive_and_events_are_sorted() {
    // Events deliberately out of order: the algorithm sorts them.
    let a = adv(
        "X-2",
        &[],
        "npm",
        vec![eco_range(vec![
            LastAffected(s("2.0.0")),
            Introduced(s("0")),
        ])],
        &[],
    );
    let e = Ecosystem::Npm;
    assert!(evaluate(&a, &e, "0.0.1").affected);
    assert!(evaluate(&a, &e, "2.0.0").affected);
    assert!(!evaluate(&a, &e, "2.0.1").affected);
    assert_eq!(evaluate(&a, &e, "1.0.0").fixed, None);
}

#[test]
fn several_intervals_and_limit() {
    let r = eco_range(vec![
        Introduced(s("0")),
        Fixed(s("1.5.2")),
        Introduced(s("2.0.0")),
        Fixed(s("2.3.1")),
    ]);
    let a = adv("X-3", &[], "crates.io", vec![r], &[]);
    let e = Ecosystem::CratesIo;
    assert!(evaluate(&a, &e, "1.5.1").affected);
    assert!(!evaluate(&a, &e, "1.9.0").affected);
    assert!(evaluate(&a, &e, "2.2.0").affected);
    assert_eq!(evaluate(&a, &e, "1.0.0").fixed.as_deref(), Some("1.5.2"));
    assert_eq!(evaluate(&a, &e, "2.0.0").fixed.as_deref(), Some("2.3.1"));

    let limited = adv(
        "X-4",
        &[],
        "Go",
        vec![Range {
            kind: RangeKind::Semver,
            events: vec![Introduced(s("0")), Limit(s("1.4.0"))],
        }],
        &[],
    );
    assert!(evaluate(&limited, &Ecosystem::Go, "v1.3.9").affected);
    assert!(!evaluate(&limited, &Ecosystem::Go, "v1.4.0").affected);
}

#[test]
fn go_semver_ranges_ignore_the_v_prefix_and_incompatible() {
    let a = adv(
        "GO-1",
        &[],
        "Go",
        vec![Range {
            kind: RangeKind::Semver,
            events: vec![Introduced(s("0")), Fixed(s("1.2.3"))],
        }],
        &[],
    );
    assert!(evaluate(&a, &Ecosystem::Go, "v1.2.2").affected);
    assert!(evaluate(&a, &Ecosystem::Go, "v0.0.0-20200101000000-abcdefabcdef").affected);
    assert!(!evaluate(&a, &Ecosystem::Go, "v1.2.3").affected);
    assert!(!evaluate(&a, &Ecosystem::Go, "v2.0.0+incompatible").affected);
}

#[test]
fn explicit_versions_match_by_string_or_equality() {
    let a = adv("PYSEC-1", &[], "PyPI", vec![], &["1.0", "1.1"]);
    assert!(evaluate(&a, &Ecosystem::PyPI, "1.0").affected);
    assert!(
        evaluate(&a, &Ecosystem::PyPI, "1.0.0").affected,
        "PEP 440: 1.0 == 1.0.0"
    );
    assert!(!evaluate(&a, &Ecosystem::PyPI, "1.2").affected);
}

#[test]
fn git_ranges_are_not_compared_with_versions() {
    let a = adv(
        "OSV-1",
        &[],
        "PyPI",
        vec![Range {
            kind: RangeKind::Git,
            events: vec![Introduced(s("0")), Fixed(s("abc123"))],
        }],
        &[],
    );
    assert!(!evaluate(&a, &Ecosystem::PyPI, "1.0").affected);
}

#[test]
fn aliases_merge_into_one_match_with_the_safe_fix() {
    let r = |f: &str| eco_range(vec![Introduced(s("0")), Fixed(s(f))]);
    let ghsa = adv(
        "GHSA-aaaa-bbbb-cccc",
        &["CVE-2024-1"],
        "PyPI",
        vec![r("1.2.3")],
        &[],
    );
    let pysec = adv(
        "PYSEC-2024-9",
        &["CVE-2024-1", "GHSA-aaaa-bbbb-cccc"],
        "PyPI",
        vec![r("1.2.4")],
        &[],
    );
    let other = adv(
        "PYSEC-2024-10",
        &["CVE-2024-2"],
        "PyPI",
        vec![r("2.0")],
        &[],
    );
    let m = match_package(&[ghsa, pysec, other], &Ecosystem::PyPI, "1.0");
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].id, "PYSEC-2024-10");
    assert_eq!(
        m[1].id, "PYSEC-2024-9",
        "the ecosystem database id is preferred"
    );
    assert_eq!(m[1].aliases, vec!["CVE-2024-1", "GHSA-aaaa-bbbb-cccc"]);
    assert_eq!(m[1].fixed.as_deref(), Some("1.2.4"));
    assert_eq!(m[1].records.len(), 2);
}

#[test]
fn withdrawn_records_and_packageless_entries_yield_nothing() {
    let json = br#"{"id":"GHSA-x","withdrawn":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#;
    let r = Record::from_json(json).unwrap();
    assert!(split_record(&r).is_empty());
    let json = br#"{"id":"OSV-x","affected":[{"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"0"}]}]}]}"#;
    assert!(split_record(&Record::from_json(json).unwrap()).is_empty());
}

#[test]
fn yaml_records_keep_versions_as_text() {
    let yaml = "id: PYSEC-1\nmodified: 2023-11-07T20:24:23.946863Z\naffected:\n- package:\n    ecosystem: PyPI\n    name: Foo_Bar\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: \"0\"\n    - fixed: 1.10.0\n  versions:\n  - 1.9\n  - 1.10\nseverity:\n- type: CVSS_V3\n  score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n";
    let r = Record::from_yaml(yaml).unwrap();
    assert_eq!(r.modified, "2023-11-07T20:24:23.946863Z");
    let split = split_record(&r);
    assert_eq!(split.len(), 1);
    assert_eq!(split[0].0.name, "foo-bar");
    let a = &split[0].1;
    assert_eq!(a.severity.score, Some(9.8));
    assert_eq!(a.affected[0].ranges[0].events[1], Fixed(s("1.10.0")));
    assert!(evaluate(a, &Ecosystem::PyPI, "1.9.5").affected);
    // Unquoted `1.10` is the version 1.10, not the float 1.1.
    assert!(evaluate(a, &Ecosystem::PyPI, "1.10").affected);
    assert_eq!(a.affected[0].versions, vec!["1.9", "1.10"]);
}

/// RustSec writes "introduced X, fixed X" for an empty interval (RUSTSEC-2022-0012 ends
/// with `introduced: 0.10.0, fixed: 0.10.0`). At equal versions `introduced` sorts first,
/// so the interval stays empty instead of opening forever.
#[test]
fn introduced_and_fixed_at_the_same_version_is_empty() {
    let r = eco_range(vec![
        Introduced(s("0.0.0-0")),
        Fixed(s("0.9.2")),
        Introduced(s("0.10.0")),
        Fixed(s("0.10.0")),
    ]);
    let a = adv("RUSTSEC-2022-0012", &[], "crates.io", vec![r], &[]);
    let e = Ecosystem::CratesIo;
    assert!(evaluate(&a, &e, "0.9.1").affected);
    assert!(!evaluate(&a, &e, "0.10.0").affected);
    assert!(!evaluate(&a, &e, "0.11.3").affected);
}
