//! node-semver ranges (`^1.2.3`, `~1.2`, `1.x || >=2.0.0 <3`, `1.2.3 - 2.3.4`) with its
//! `loose` and `includePrerelease` options, as `semver.satisfies` evaluates them.
//!
//! OSV ranges are event lists, not range expressions, so matching never needs this; it
//! exists for manifests that declare ranges (`package.json`) and is checked against
//! node-semver's own range fixtures. The implementation follows node-semver's pipeline
//! step by step (hyphen ranges, operator trimming, caret/tilde/x-range/star expansion,
//! then comparator sets), because its corner cases are defined by that pipeline.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// node-semver options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Accept loose version syntax.
    pub loose: bool,
    /// Let pre-releases satisfy ranges without a pre-release of the same tuple.
    pub include_prerelease: bool,
}

const MAX_SAFE: u64 = (1 << 53) - 1;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Id {
    Num(u64),
    Str(String),
}

/// A version as node-semver's `SemVer` class holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NodeVersion {
    main: [u64; 3],
    pre: Vec<Id>,
}

impl NodeVersion {
    fn cmp(&self, o: &NodeVersion) -> Ordering {
        self.main
            .cmp(&o.main)
            .then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&o.pre) {
                        let ord = match (a, b) {
                            (Id::Num(x), Id::Num(y)) => x.cmp(y),
                            (Id::Num(_), Id::Str(_)) => Ordering::Less,
                            (Id::Str(_), Id::Num(_)) => Ordering::Greater,
                            (Id::Str(x), Id::Str(y)) => x.cmp(y),
                        };
                        if ord != Ordering::Equal {
                            return ord;
                        }
                    }
                    self.pre.len().cmp(&o.pre.len())
                }
            })
    }

    fn text(&self) -> String {
        let mut s = format!("{}.{}.{}", self.main[0], self.main[1], self.main[2]);
        if !self.pre.is_empty() {
            let ids: Vec<String> = self
                .pre
                .iter()
                .map(|i| match i {
                    Id::Num(n) => n.to_string(),
                    Id::Str(s) => s.clone(),
                })
                .collect();
            s.push('-');
            s.push_str(&ids.join("."));
        }
        s
    }
}

const NUM: &str = "0|[1-9][0-9]*";
const NUM_LOOSE: &str = "[0-9]+";
const NONNUM: &str = "[0-9]*[a-zA-Z-][a-zA-Z0-9-]*";
const BUILD: &str = r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)";
const GTLT: &str = "(?:<|>)?=?";

fn pre(loose: bool) -> String {
    let id = format!("(?:{}|{NONNUM})", if loose { NUM_LOOSE } else { NUM });
    format!(
        "(?:-{}(?P<pre>{id}(?:\\.{id})*))",
        if loose { "?" } else { "" }
    )
}

fn plain(loose: bool) -> String {
    let n = if loose { NUM_LOOSE } else { NUM };
    let lead = if loose { r"[v=\s]*" } else { "v?" };
    format!(
        "{lead}(?P<M>{n})\\.(?P<m>{n})\\.(?P<p>{n}){}?{BUILD}?",
        pre(loose)
    )
}

/// XRANGEPLAIN, with group names prefixed by `g` (so two can share a pattern).
fn xplain(loose: bool, g: &str) -> String {
    let id = format!("{}|x|X|\\*", if loose { NUM_LOOSE } else { NUM });
    let p = pre(loose).replace("?P<pre>", &format!("?P<{g}pr>"));
    format!(r"[v=\s]*(?P<{g}M>{id})(?:\.(?P<{g}m>{id})(?:\.(?P<{g}p>{id})(?:{p})?{BUILD}?)?)?")
}

fn strip_names(p: &str) -> String {
    static NAMES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\?P<[A-Za-z]+>").expect("regex"));
    NAMES.replace_all(p, "?:").into_owned()
}

struct Res {
    full: Regex,
    comparator: Regex,
    hyphen: Regex,
    comparator_trim: Regex,
    caret: Regex,
    tilde: Regex,
    xrange: Regex,
}

fn res(loose: bool) -> Res {
    let r = |p: String| Regex::new(&p).expect("node-semver regex");
    Res {
        full: r(format!("^{}$", plain(loose))),
        comparator: r(format!(
            "^(?P<op>{GTLT})\\s*(?P<v>{})$|^$",
            strip_names(&plain(loose))
        )),
        hyphen: r(format!(
            r"^\s*(?P<from>{})\s+-\s+(?P<to>{})\s*$",
            xplain(loose, "f"),
            xplain(loose, "t")
        )),
        comparator_trim: r(format!(
            r"(?P<ws>\s*)(?P<op>{GTLT})\s*(?P<v>{}|{})",
            strip_names(&plain(true)),
            strip_names(&xplain(loose, "x"))
        )),
        caret: r(format!(r"^\^{}$", xplain(loose, ""))),
        tilde: r(format!(r"^~>?{}$", xplain(loose, ""))),
        xrange: r(format!(r"^(?P<op>{GTLT})\s*{}$", xplain(loose, ""))),
    }
}

static STRICT: LazyLock<Res> = LazyLock::new(|| res(false));
static LOOSE: LazyLock<Res> = LazyLock::new(|| res(true));
static TILDE_TRIM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\s*)~>?\s+").expect("regex"));
static CARET_TRIM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\s*)\^\s+").expect("regex"));
static STAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(<|>)?=?\s*\*").expect("regex"));
static BUILD_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(BUILD).expect("regex"));
static GTE0: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*>=\s*0\.0\.0\s*$").expect("regex"));
static GTE0PRE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*>=\s*0\.0\.0-0\s*$").expect("regex"));

fn re(o: Options) -> &'static Res {
    if o.loose {
        &LOOSE
    } else {
        &STRICT
    }
}

fn num(s: &str) -> Option<u64> {
    s.parse::<u64>().ok().filter(|n| *n <= MAX_SAFE)
}

fn parse_version(text: &str, o: Options) -> Option<NodeVersion> {
    let t = text.trim();
    if t.len() > 256 {
        return None;
    }
    let c = re(o).full.captures(t)?;
    let main = [num(&c["M"])?, num(&c["m"])?, num(&c["p"])?];
    let pre = match c.name("pre") {
        Some(p) => p
            .as_str()
            .split('.')
            .map(|id| {
                if id.bytes().all(|b| b.is_ascii_digit()) {
                    num(id).map(Id::Num)
                } else {
                    Some(Id::Str(id.to_string()))
                }
            })
            .collect::<Option<Vec<_>>>()?,
        None => Vec::new(),
    };
    Some(NodeVersion { main, pre })
}

fn is_x(id: Option<&str>) -> bool {
    match id {
        None => true,
        Some(s) => s.is_empty() || s.eq_ignore_ascii_case("x") || s == "*",
    }
}

fn g<'a>(c: &'a Captures, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

fn inc(s: Option<&str>) -> u64 {
    s.and_then(|x| x.parse::<u64>().ok()).unwrap_or(0) + 1
}

fn hyphen_replace(c: &Captures, inc_pr: bool) -> String {
    let z = if inc_pr { "-0" } else { "" };
    let (fm_, fmi, fp) = (g(c, "fM"), g(c, "fm"), g(c, "fp"));
    let from = if is_x(fm_) {
        String::new()
    } else if is_x(fmi) {
        format!(">={}.0.0{z}", fm_.unwrap_or("0"))
    } else if is_x(fp) {
        format!(">={}.{}.0{z}", fm_.unwrap_or("0"), fmi.unwrap_or("0"))
    } else if g(c, "fpr").is_some() {
        format!(">={}", &c["from"])
    } else {
        format!(">={}{z}", &c["from"])
    };
    let (tm_, tmi, tp) = (g(c, "tM"), g(c, "tm"), g(c, "tp"));
    let to = if is_x(tm_) {
        String::new()
    } else if is_x(tmi) {
        format!("<{}.0.0-0", inc(tm_))
    } else if is_x(tp) {
        format!("<{}.{}.0-0", tm_.unwrap_or("0"), inc(tmi))
    } else if let Some(pr) = g(c, "tpr") {
        format!(
            "<={}.{}.{}-{pr}",
            tm_.unwrap_or("0"),
            tmi.unwrap_or("0"),
            tp.unwrap_or("0")
        )
    } else if inc_pr {
        format!(
            "<{}.{}.{}-0",
            tm_.unwrap_or("0"),
            tmi.unwrap_or("0"),
            inc(tp)
        )
    } else {
        format!("<={}", &c["to"])
    };
    format!("{from} {to}").trim().to_string()
}

fn replace_caret(comp: &str, o: Options) -> String {
    let Some(c) = re(o).caret.captures(comp) else {
        return comp.to_string();
    };
    let z = if o.include_prerelease { "-0" } else { "" };
    let (mj, mi, p, pr) = (g(&c, "M"), g(&c, "m"), g(&c, "p"), g(&c, "pr"));
    let (mjs, mis, ps) = (mj.unwrap_or(""), mi.unwrap_or(""), p.unwrap_or(""));
    if is_x(mj) {
        String::new()
    } else if is_x(mi) {
        format!(">={mjs}.0.0{z} <{}.0.0-0", inc(mj))
    } else if is_x(p) {
        if mjs == "0" {
            format!(">={mjs}.{mis}.0{z} <{mjs}.{}.0-0", inc(mi))
        } else {
            format!(">={mjs}.{mis}.0{z} <{}.0.0-0", inc(mj))
        }
    } else if let Some(pr) = pr {
        if mjs == "0" {
            if mis == "0" {
                format!(">={mjs}.{mis}.{ps}-{pr} <{mjs}.{mis}.{}-0", inc(p))
            } else {
                format!(">={mjs}.{mis}.{ps}-{pr} <{mjs}.{}.0-0", inc(mi))
            }
        } else {
            format!(">={mjs}.{mis}.{ps}-{pr} <{}.0.0-0", inc(mj))
        }
    } else if mjs == "0" {
        if mis == "0" {
            format!(">={mjs}.{mis}.{ps} <{mjs}.{mis}.{}-0", inc(p))
        } else {
            format!(">={mjs}.{mis}.{ps} <{mjs}.{}.0-0", inc(mi))
        }
    } else {
        format!(">={mjs}.{mis}.{ps} <{}.0.0-0", inc(mj))
    }
}

fn replace_tilde(comp: &str, o: Options) -> String {
    let Some(c) = re(o).tilde.captures(comp) else {
        return comp.to_string();
    };
    let z = if o.include_prerelease { "-0" } else { "" };
    let (mj, mi, p, pr) = (g(&c, "M"), g(&c, "m"), g(&c, "p"), g(&c, "pr"));
    let (mjs, mis, ps) = (mj.unwrap_or(""), mi.unwrap_or(""), p.unwrap_or(""));
    if is_x(mj) {
        String::new()
    } else if is_x(mi) {
        format!(">={mjs}.0.0{z} <{}.0.0-0", inc(mj))
    } else if is_x(p) {
        format!(">={mjs}.{mis}.0{z} <{mjs}.{}.0-0", inc(mi))
    } else if let Some(pr) = pr {
        format!(">={mjs}.{mis}.{ps}-{pr} <{mjs}.{}.0-0", inc(mi))
    } else {
        format!(">={mjs}.{mis}.{ps} <{mjs}.{}.0-0", inc(mi))
    }
}

fn replace_xrange(comp: &str, o: Options) -> String {
    let Some(c) = re(o).xrange.captures(comp) else {
        return comp.to_string();
    };
    let mut op = c["op"].to_string();
    let (mj, mi, p) = (g(&c, "M"), g(&c, "m"), g(&c, "p"));
    let xm_ = is_x(mj);
    let xmi = xm_ || is_x(mi);
    let xp = xmi || is_x(p);
    let any_x = xp;
    if op == "=" && any_x {
        op.clear();
    }
    let mut pr = if o.include_prerelease { "-0" } else { "" }.to_string();
    if xm_ {
        if op == ">" || op == "<" {
            "<0.0.0-0".into()
        } else {
            "*".into()
        }
    } else if !op.is_empty() && any_x {
        let mut major: u64 = mj.and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut minor: u64 = if xmi {
            0
        } else {
            mi.and_then(|s| s.parse().ok()).unwrap_or(0)
        };
        let patch = 0;
        if op == ">" {
            op = ">=".into();
            if xmi {
                major += 1;
                minor = 0;
            } else {
                minor += 1;
            }
        } else if op == "<=" {
            op = "<".into();
            if xmi {
                major += 1;
            } else {
                minor += 1;
            }
        }
        if op == "<" {
            pr = "-0".into();
        }
        format!("{op}{major}.{minor}.{patch}{pr}")
    } else if xmi {
        format!(">={}.0.0{pr} <{}.0.0-0", mj.unwrap_or("0"), inc(mj))
    } else if xp {
        format!(
            ">={}.{}.0{pr} <{}.{}.0-0",
            mj.unwrap_or("0"),
            mi.unwrap_or("0"),
            mj.unwrap_or("0"),
            inc(mi)
        )
    } else {
        comp.to_string()
    }
}

fn each(comp: &str, f: impl Fn(&str) -> String) -> String {
    comp.split_whitespace().map(f).collect::<Vec<_>>().join(" ")
}

fn parse_comparator(comp: &str, o: Options) -> String {
    let comp = BUILD_RE.replace(comp, "").into_owned();
    let comp = each(&comp, |c| replace_caret(c, o));
    let comp = each(&comp, |c| replace_tilde(c, o));
    let comp = each(&comp, |c| replace_xrange(c, o));
    STAR.replace(comp.trim(), "").into_owned()
}

#[derive(Clone, Debug)]
struct Comparator {
    op: String,
    version: Option<NodeVersion>,
}

impl Comparator {
    fn value(&self) -> String {
        match &self.version {
            None => String::new(),
            Some(v) => format!("{}{}", self.op, v.text()),
        }
    }

    fn test(&self, v: &NodeVersion) -> bool {
        let Some(w) = &self.version else { return true };
        let ord = v.cmp(w);
        match self.op.as_str() {
            "" => ord == Ordering::Equal,
            ">" => ord == Ordering::Greater,
            ">=" => ord != Ordering::Less,
            "<" => ord == Ordering::Less,
            "<=" => ord != Ordering::Greater,
            _ => false,
        }
    }
}

fn parse_set(range: &str, o: Options) -> Option<Vec<Comparator>> {
    let r = re(o);
    let range = match r.hyphen.captures(range) {
        Some(c) => hyphen_replace(&c, o.include_prerelease),
        None => range.to_string(),
    };
    let range = r
        .comparator_trim
        .replace_all(&range, "$ws$op$v")
        .into_owned();
    let range = TILDE_TRIM.replace_all(&range, "${1}~").into_owned();
    let range = CARET_TRIM.replace_all(&range, "${1}^").into_owned();
    let joined: Vec<String> = range.split(' ').map(|c| parse_comparator(c, o)).collect();
    let joined = joined.join(" ");
    let gte0 = if o.include_prerelease {
        &*GTE0PRE
    } else {
        &*GTE0
    };
    let mut list: Vec<String> = joined
        .split_whitespace()
        .map(|c| gte0.replace(c.trim(), "").into_owned())
        .collect();
    if joined.trim().is_empty() {
        list = vec![String::new()];
    }
    if o.loose {
        list.retain(|c| r.comparator.is_match(c));
    }
    let mut set: Vec<Comparator> = Vec::new();
    for c in list {
        let caps = r.comparator.captures(&c)?;
        let op = caps.name("op").map_or("", |m| m.as_str());
        let op = if op == "=" { "" } else { op };
        let version = match caps.name("v") {
            Some(v) => Some(parse_version(v.as_str(), o)?),
            None => None,
        };
        let comp = Comparator {
            op: op.to_string(),
            version,
        };
        if comp.value() == "<0.0.0-0" {
            return Some(vec![comp]);
        }
        let value = comp.value();
        match set.iter_mut().find(|x| x.value() == value) {
            Some(x) => *x = comp,
            None => set.push(comp),
        }
    }
    if set.len() > 1 {
        set.retain(|c| !c.value().is_empty());
    }
    Some(set)
}

fn parse_range(range: &str, o: Options) -> Option<Vec<Vec<Comparator>>> {
    let raw = range.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut sets: Vec<Vec<Comparator>> = Vec::new();
    for part in raw.split("||") {
        let set = parse_set(part.trim(), o)?;
        if !set.is_empty() {
            sets.push(set);
        }
    }
    if sets.is_empty() {
        return None;
    }
    if sets.len() > 1 {
        let first = sets[0].clone();
        sets.retain(|s| s[0].value() != "<0.0.0-0");
        if sets.is_empty() {
            sets = vec![first];
        } else if sets.len() > 1 {
            if let Some(any) = sets
                .iter()
                .find(|s| s.len() == 1 && s[0].value().is_empty())
            {
                sets = vec![any.clone()];
            }
        }
    }
    Some(sets)
}

fn test_set(set: &[Comparator], v: &NodeVersion, o: Options) -> bool {
    if !set.iter().all(|c| c.test(v)) {
        return false;
    }
    if !v.pre.is_empty() && !o.include_prerelease {
        return set.iter().any(|c| {
            c.version
                .as_ref()
                .is_some_and(|w| !w.pre.is_empty() && w.main == v.main)
        });
    }
    true
}

/// `semver.satisfies(version, range, options)`: false for an invalid version or range.
pub fn satisfies(version: &str, range: &str, o: Options) -> bool {
    let Some(sets) = parse_range(range, o) else {
        return false;
    };
    let Some(v) = parse_version(version, o) else {
        return false;
    };
    sets.iter().any(|s| test_set(s, &v, o))
}
