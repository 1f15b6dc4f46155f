//! OSV advisories: the record format, a compact per-package form for storage, and
//! matching exactly as the OSV schema's evaluation algorithm defines it.
//!
//! - `ranges` of type `SEMVER` (SemVer 2.0 precedence) and `ECOSYSTEM` (the ecosystem's
//!   own ordering, see [`crate::version`]); `GIT` ranges name commits, not versions, and
//!   are not evaluated against package versions.
//! - Events are sorted by version (`introduced: "0"` first; at equal versions
//!   `introduced` before the others) and walked: `introduced` opens, `fixed` (at or
//!   above) and `last_affected` (strictly above) close; `limit` events cap the range.
//! - An explicit `versions` list matches by exact string, or by equality under the
//!   ecosystem's ordering (`1.0` = `1.0.0` for PyPI and Maven, `v1.2.3` = `1.2.3` for Go).
//! - Withdrawn records are skipped; records naming the same vulnerability (through ids
//!   and `aliases`) are merged into one match per package.

pub mod record;
pub mod severity;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::version::{Scheme, Version};
use crate::Ecosystem;
pub use record::Record;
pub use severity::SeverityInfo;

/// An advisory as stored for one package: the parts of an OSV record that matching and
/// reporting need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// OSV id.
    pub id: String,
    /// Other ids (CVE, GHSA, ...).
    pub aliases: Vec<String>,
    /// One-line summary (or the first line of the details).
    pub summary: String,
    /// Last modification time.
    pub modified: String,
    /// Severity.
    pub severity: SeverityInfo,
    /// The `affected[]` entries that name this package.
    pub affected: Vec<AffectedEntry>,
}

/// One `affected[]` entry, reduced to what matching needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffectedEntry {
    /// The OSV ecosystem string as written (`Debian:12`).
    pub ecosystem: String,
    /// Version ranges.
    pub ranges: Vec<Range>,
    /// Explicit versions, in the canonical form of the ecosystem's scheme
    /// ([`crate::version::canonical`]).
    pub versions: Vec<String>,
}

/// Kind of a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RangeKind {
    /// SemVer 2.0 versions.
    Semver,
    /// The ecosystem's own versions.
    Ecosystem,
    /// Git commits (not evaluated against versions).
    Git,
}

/// A range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Range {
    /// Kind.
    pub kind: RangeKind,
    /// Events, in record order.
    pub events: Vec<Event>,
}

/// A range event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// Affected from this version (`0`: from the beginning).
    Introduced(String),
    /// Fixed in this version.
    Fixed(String),
    /// Last affected version.
    LastAffected(String),
    /// Upper limit.
    Limit(String),
}

impl Event {
    fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Event::Introduced(_) => 0,
            Event::LastAffected(_) => 1,
            Event::Fixed(_) => 2,
            Event::Limit(_) => 3,
        }
    }
}

/// A package named by an advisory: the key it is stored and looked up under.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PackageKey {
    /// Ecosystem (base name).
    pub ecosystem: Ecosystem,
    /// Name normalised for the ecosystem ([`Ecosystem::normalize_name`]).
    pub name: String,
}

impl PackageKey {
    /// The key for `name` in `ecosystem`.
    pub fn new(ecosystem: Ecosystem, name: &str) -> PackageKey {
        let name = ecosystem.normalize_name(name);
        PackageKey { ecosystem, name }
    }
}

fn summary_of(r: &Record) -> String {
    let s = r.summary.trim();
    if !s.is_empty() {
        return s.to_string();
    }
    let first = r
        .details
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = first.chars().take(160).collect();
    if first.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// Splits a record into one [`Advisory`] per package it names. Withdrawn records and
/// `affected[]` entries without a package yield nothing.
pub fn split_record(r: &Record) -> Vec<(PackageKey, Advisory)> {
    if r.is_withdrawn() {
        return Vec::new();
    }
    let mut out: Vec<(PackageKey, Advisory)> = Vec::new();
    for (i, a) in r.affected.iter().enumerate() {
        let Some(p) = &a.package else { continue };
        if p.name.trim().is_empty() || p.ecosystem.trim().is_empty() {
            continue;
        }
        let key = PackageKey::new(Ecosystem::parse(&p.ecosystem), &p.name);
        let entry = AffectedEntry {
            ecosystem: p.ecosystem.clone(),
            ranges: a
                .ranges
                .iter()
                .filter_map(|rg| {
                    let kind = match rg.kind.as_str() {
                        "SEMVER" => RangeKind::Semver,
                        "ECOSYSTEM" => RangeKind::Ecosystem,
                        "GIT" => RangeKind::Git,
                        _ => return None,
                    };
                    let events = rg
                        .events
                        .iter()
                        .flat_map(|e| {
                            let mut v = Vec::new();
                            if let Some(x) = &e.introduced {
                                v.push(Event::Introduced(x.0.clone()));
                            }
                            if let Some(x) = &e.fixed {
                                v.push(Event::Fixed(x.0.clone()));
                            }
                            if let Some(x) = &e.last_affected {
                                v.push(Event::LastAffected(x.0.clone()));
                            }
                            if let Some(x) = &e.limit {
                                v.push(Event::Limit(x.0.clone()));
                            }
                            v
                        })
                        .collect();
                    Some(Range { kind, events })
                })
                .collect(),
            versions: {
                let scheme = key
                    .ecosystem
                    .scheme()
                    .or_else(|| Ecosystem::parse(&p.ecosystem).scheme());
                a.versions
                    .iter()
                    .map(|v| match scheme {
                        Some(s) => crate::version::canonical(s, &v.0),
                        None => v.0.clone(),
                    })
                    .collect()
            },
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, adv)) => adv.affected.push(entry),
            None => out.push((
                key,
                Advisory {
                    id: r.id.clone(),
                    aliases: r.aliases.clone(),
                    summary: summary_of(r),
                    modified: r.modified.clone(),
                    severity: severity::of_record(r, Some(i)),
                    affected: vec![entry],
                },
            )),
        }
    }
    out
}

/// An installed version, parsed lazily under each scheme a range asks for, once per
/// package (not once per advisory).
struct Installed<'a> {
    text: &'a str,
    parsed: Vec<(Scheme, Version)>,
    canonical: Vec<(Scheme, String)>,
}

impl<'a> Installed<'a> {
    fn new(text: &'a str) -> Self {
        Installed {
            text,
            parsed: Vec::new(),
            canonical: Vec::new(),
        }
    }

    /// Index of the version parsed under `scheme` in `parsed`.
    fn ensure(&mut self, scheme: Scheme) -> usize {
        if let Some(i) = self.parsed.iter().position(|(s, _)| *s == scheme) {
            return i;
        }
        self.parsed
            .push((scheme, Version::parse(scheme, self.text)));
        self.parsed.len() - 1
    }

    fn canonical(&mut self, scheme: Scheme) -> &str {
        let i = match self.canonical.iter().position(|(s, _)| *s == scheme) {
            Some(i) => i,
            None => {
                self.canonical
                    .push((scheme, crate::version::canonical(scheme, self.text)));
                self.canonical.len() - 1
            }
        };
        &self.canonical[i].1
    }
}

/// Result of evaluating one advisory against one installed version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the version is affected.
    pub affected: bool,
    /// The smallest `fixed` version above the installed one, when affected.
    pub fixed: Option<String>,
}

fn is_zero(v: &str) -> bool {
    v.trim() == "0"
}

/// Evaluates one range against `installed`, per the OSV schema's algorithm.
fn range_includes(range: &Range, scheme: Scheme, installed: &Version) -> bool {
    // Sort events by version; `introduced: 0` is below every version.
    let mut events: Vec<(Option<Version>, &Event)> = range
        .events
        .iter()
        .map(|e| {
            let v = match e {
                Event::Introduced(x) if is_zero(x) => None,
                Event::Limit(x) if x.trim() == "*" => None,
                e => Some(Version::parse(scheme, e.version())),
            };
            (v, e)
        })
        .collect();
    events.sort_by(|(va, ea), (vb, eb)| {
        let ord = match (va, vb) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) => a.compare(b),
        };
        ord.then(ea.rank().cmp(&eb.rank()))
    });
    let mut vulnerable = false;
    let mut limits = Vec::new();
    for (v, e) in &events {
        match (e, v) {
            (Event::Introduced(_), None) => vulnerable = true,
            (Event::Introduced(_), Some(x)) if installed.compare(x) != Ordering::Less => {
                vulnerable = true
            }
            (Event::Fixed(_), Some(x)) if installed.compare(x) != Ordering::Less => {
                vulnerable = false
            }
            (Event::LastAffected(_), Some(x)) if installed.compare(x) == Ordering::Greater => {
                vulnerable = false
            }
            (Event::Limit(_), lim) => limits.push(lim),
            _ => {}
        }
    }
    if vulnerable && !limits.is_empty() {
        // `limit: "*"` (None) is no limit at all.
        return limits.iter().any(|l| match l {
            None => true,
            Some(x) => installed.compare(x) == Ordering::Less,
        });
    }
    vulnerable
}

fn scheme_for(kind: RangeKind, eco: &Ecosystem) -> Option<Scheme> {
    match kind {
        RangeKind::Semver => Some(Scheme::SemVer),
        RangeKind::Ecosystem => eco.scheme(),
        RangeKind::Git => None,
    }
}

fn version_listed(list: &[String], scheme: Option<Scheme>, installed: &mut Installed) -> bool {
    let text = installed.text;
    if list.iter().any(|v| v == text) {
        return true;
    }
    let Some(scheme) = scheme else { return false };
    // Lists are stored in canonical form (split_record), so equality under the scheme
    // is one string comparison per entry.
    let c = installed.canonical(scheme);
    list.iter().any(|v| v == c)
}

/// Evaluates `advisory` against version `installed` of a package of `ecosystem`.
pub fn evaluate(advisory: &Advisory, ecosystem: &Ecosystem, installed: &str) -> Verdict {
    evaluate_with(advisory, ecosystem, &mut Installed::new(installed))
}

fn evaluate_with(advisory: &Advisory, ecosystem: &Ecosystem, inst: &mut Installed) -> Verdict {
    let mut affected = false;
    for entry in &advisory.affected {
        let eco = Ecosystem::parse(&entry.ecosystem);
        let eco = if eco.scheme().is_some() {
            eco
        } else {
            ecosystem.clone()
        };
        if version_listed(&entry.versions, eco.scheme(), inst) {
            affected = true;
            break;
        }
        for range in &entry.ranges {
            let Some(scheme) = scheme_for(range.kind, &eco) else {
                continue;
            };
            let i = inst.ensure(scheme);
            if range_includes(range, scheme, &inst.parsed[i].1) {
                affected = true;
                break;
            }
        }
        if affected {
            break;
        }
    }
    if !affected {
        return Verdict {
            affected: false,
            fixed: None,
        };
    }
    Verdict {
        affected: true,
        fixed: smallest_fix_above(advisory, ecosystem, inst),
    }
}

fn smallest_fix_above(
    advisory: &Advisory,
    ecosystem: &Ecosystem,
    inst: &mut Installed,
) -> Option<String> {
    let mut best: Option<(Version, String)> = None;
    for entry in &advisory.affected {
        let eco = Ecosystem::parse(&entry.ecosystem);
        let eco = if eco.scheme().is_some() {
            eco
        } else {
            ecosystem.clone()
        };
        for range in &entry.ranges {
            let Some(scheme) = scheme_for(range.kind, &eco) else {
                continue;
            };
            let i = inst.ensure(scheme);
            let iv = &inst.parsed[i].1;
            for e in &range.events {
                if let Event::Fixed(f) = e {
                    let fv = Version::parse(scheme, f);
                    if fv.compare(iv) == Ordering::Greater
                        && best
                            .as_ref()
                            .is_none_or(|(b, _)| fv.compare(b) == Ordering::Less)
                    {
                        best = Some((fv, f.clone()));
                    }
                }
            }
        }
    }
    best.map(|(_, s)| s)
}

/// One vulnerability affecting one installed package: merged advisories (same id or
/// alias) reported once.
#[derive(Clone, Debug, PartialEq)]
pub struct VulnMatch {
    /// The identifier reported (an ecosystem database id such as `RUSTSEC-…`, `GO-…`,
    /// `PYSEC-…` when one matched, else the GHSA, else the CVE).
    pub id: String,
    /// Every other id of the merged records and their aliases, sorted.
    pub aliases: Vec<String>,
    /// Summary of the primary record.
    pub summary: String,
    /// The highest severity among the merged records.
    pub severity: SeverityInfo,
    /// The version to upgrade to: among the merged records' smallest fixed versions above
    /// the installed one, the highest (so every record considers it fixed).
    pub fixed: Option<String>,
    /// Ids of the records that matched.
    pub records: Vec<String>,
}

fn id_rank(id: &str) -> u8 {
    if id.starts_with("GHSA-") {
        1
    } else if id.starts_with("CVE-") {
        2
    } else {
        0
    }
}

/// Evaluates every advisory of one package against `installed` and merges the matches
/// that are the same vulnerability.
pub fn match_package(
    advisories: &[Advisory],
    ecosystem: &Ecosystem,
    installed: &str,
) -> Vec<VulnMatch> {
    let mut inst = Installed::new(installed);
    let hits: Vec<(&Advisory, Verdict)> = advisories
        .iter()
        .map(|a| (a, evaluate_with(a, ecosystem, &mut inst)))
        .filter(|(_, v)| v.affected)
        .collect();
    // Union-find over records sharing an id or alias.
    let n = hits.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (hits[i].0, hits[j].0);
            let share = a.id == b.id
                || a.aliases.contains(&b.id)
                || b.aliases.contains(&a.id)
                || a.aliases.iter().any(|x| b.aliases.contains(x));
            if share {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        match roots.iter().position(|x| *x == r) {
            Some(g) => groups[g].push(i),
            None => {
                roots.push(r);
                groups.push(vec![i]);
            }
        }
    }
    let scheme = ecosystem.scheme();
    let mut out: Vec<VulnMatch> = groups
        .into_iter()
        .map(|g| {
            let mut members: Vec<&(&Advisory, Verdict)> = g.iter().map(|i| &hits[*i]).collect();
            members.sort_by(|a, b| (id_rank(&a.0.id), &a.0.id).cmp(&(id_rank(&b.0.id), &b.0.id)));
            let primary = members[0].0;
            let mut ids: Vec<String> = members
                .iter()
                .flat_map(|(a, _)| std::iter::once(a.id.clone()).chain(a.aliases.iter().cloned()))
                .filter(|x| *x != primary.id)
                .collect();
            ids.sort();
            ids.dedup();
            let severity = members
                .iter()
                .map(|(a, _)| a.severity.clone())
                .max_by(|a, b| {
                    a.level
                        .cmp(&b.level)
                        .then(a.score.partial_cmp(&b.score).unwrap_or(Ordering::Equal))
                })
                .unwrap_or_default();
            let fixed = members
                .iter()
                .filter_map(|(_, v)| v.fixed.clone())
                .max_by(|a, b| match scheme {
                    Some(s) => crate::version::compare(s, a, b),
                    None => a.cmp(b),
                });
            VulnMatch {
                id: primary.id.clone(),
                aliases: ids,
                summary: primary.summary.clone(),
                severity,
                fixed,
                records: members.iter().map(|(a, _)| a.id.clone()).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests;
