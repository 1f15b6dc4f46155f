//! Turning matches into Palisade findings (family `VUL`): the advisory id is the rule id,
//! the lockfile line is the location, the package URL is the evidence, and the fixed
//! version is the remediation.

use palisade_core::{fingerprint, Finding, Location, ObjectRef, RuleMeta, Severity};

use crate::lockfile::Package;
use crate::osv::VulnMatch;
use crate::Ecosystem;

/// The family of every dependency-vulnerability finding.
pub const FAMILY: &str = "VUL";

/// Severity reported when an advisory carries none we can read: `MAL-` (malicious
/// package) records are critical, anything else medium.
pub fn unrated_severity(id: &str) -> Severity {
    if id.starts_with("MAL-") {
        Severity::Critical
    } else {
        Severity::Medium
    }
}

fn pct(s: &str, keep: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.as_bytes().contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The package URL (<https://github.com/package-url/purl-spec>) of a package.
pub fn purl(ecosystem: &Ecosystem, name: &str, version: &str) -> Option<String> {
    let ty = ecosystem.purl_type()?;
    let v = pct(version, "");
    let path = match ecosystem {
        Ecosystem::Maven => {
            let (g, a) = name.split_once(':')?;
            format!("{}/{}", pct(g, ""), pct(a, ""))
        }
        Ecosystem::PyPI => pct(&ecosystem.normalize_name(name), ""),
        Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist => pct(name, "/"),
        _ => pct(name, ""),
    };
    Some(format!("pkg:{ty}/{path}@{v}"))
}

/// A finding for `m` affecting `pkg`, found in the lockfile shown as `path`
/// (`repo_path`: repository-relative, for the fingerprint).
pub fn to_finding(pkg: &Package, path: &str, repo_path: &str, m: &VulnMatch) -> Finding {
    let severity = m.severity.level.unwrap_or_else(|| unrated_severity(&m.id));
    let summary = if m.summary.is_empty() {
        m.id.as_str()
    } else {
        m.summary.as_str()
    };
    let remediation = match &m.fixed {
        Some(f) => format!("upgrade {} to {f} or later", pkg.name),
        None => format!(
            "no fixed version of {} is known: remove or replace it, or record an ignore with the reason",
            pkg.name
        ),
    };
    let mut tags: Vec<std::borrow::Cow<'static, str>> = vec![FAMILY.into()];
    tags.extend(m.aliases.iter().map(|a| a.clone().into()));
    let key = format!("{}/{}", pkg.ecosystem, pkg.name);
    Finding {
        rule: m.id.clone().into(),
        severity,
        title: format!("{} {}: {summary}", pkg.name, pkg.version),
        location: Location {
            path: path.to_string(),
            line: pkg.line,
            column: 1,
            object: Some(ObjectRef {
                kind: pkg.ecosystem.to_string(),
                namespace: None,
                name: format!("{}@{}", pkg.name, pkg.version),
            }),
            field: None,
        },
        container: None,
        evidence: purl(&pkg.ecosystem, &pkg.name, &pkg.version),
        remediation: Some(remediation.into()),
        tags,
        fingerprint: fingerprint(&m.id, repo_path, None, None, Some(&key)),
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Rule metadata for an advisory, so SARIF carries its help text and configuration can
/// override its severity. Leaked on purpose: built once per advisory per process.
pub fn rule_meta(m: &VulnMatch) -> &'static RuleMeta {
    let aliases: Vec<&'static str> = m.aliases.iter().map(|a| leak(a.clone())).collect();
    let severity = m.severity.level.unwrap_or_else(|| unrated_severity(&m.id));
    let mut doc = format!(
        " {}\n\n",
        if m.summary.is_empty() {
            &m.id
        } else {
            &m.summary
        }
    );
    if !m.aliases.is_empty() {
        doc.push_str(&format!(" Also known as: {}.\n\n", m.aliases.join(", ")));
    }
    if let (Some(score), Some(vector)) = (m.severity.score, &m.severity.vector) {
        doc.push_str(&format!(" CVSS base score {score:.1} ({vector}).\n\n"));
    }
    doc.push_str(&format!(
        " Details: https://osv.dev/vulnerability/{}\n",
        m.id
    ));
    Box::leak(Box::new(RuleMeta {
        id: leak(m.id.clone()),
        aliases: Box::leak(aliases.into_boxed_slice()),
        name: "vulnerable-dependency",
        family: FAMILY,
        severity,
        summary: leak(if m.summary.is_empty() {
            m.id.clone()
        } else {
            m.summary.clone()
        }),
        remediation: "upgrade the package to a fixed version",
        tags: &[],
        default_enabled: true,
        doc: leak(doc),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_per_ecosystem() {
        assert_eq!(
            purl(&Ecosystem::Npm, "@babel/core", "7.1.0").unwrap(),
            "pkg:npm/%40babel/core@7.1.0"
        );
        assert_eq!(
            purl(&Ecosystem::PyPI, "Django_Rest", "1.0").unwrap(),
            "pkg:pypi/django-rest@1.0"
        );
        assert_eq!(
            purl(
                &Ecosystem::Maven,
                "org.apache.logging.log4j:log4j-core",
                "2.14.1"
            )
            .unwrap(),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
        );
        assert_eq!(
            purl(&Ecosystem::Go, "golang.org/x/net", "v0.1.0+incompatible").unwrap(),
            "pkg:golang/golang.org/x/net@v0.1.0%2Bincompatible"
        );
        assert_eq!(
            purl(&Ecosystem::CratesIo, "time", "0.1.45").unwrap(),
            "pkg:cargo/time@0.1.45"
        );
    }
}
