//! Go module versions, as `golang.org/x/mod/semver` and `golang.org/x/mod/module` define
//! them. Ordering is SemVer precedence (see [`super::semver`]); this module adds validity
//! (`v` prefix, no leading zeros, shorthand `v1`/`v1.2` without suffixes) and the parts of
//! pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`).

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn is_ident_list(s: &str, numeric_no_leading_zero: bool) -> bool {
    !s.is_empty()
        && s.split('.').all(|id| {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && (!numeric_no_leading_zero
                    || !id.bytes().all(|b| b.is_ascii_digit())
                    || id == "0"
                    || !id.starts_with('0'))
        })
}

struct Parts<'a> {
    major: &'a str,
    minor: Option<&'a str>,
    patch: Option<&'a str>,
    pre: Option<&'a str>,
    build: Option<&'a str>,
}

fn parts(v: &str) -> Option<Parts<'_>> {
    let v = v.strip_prefix('v')?;
    let (v, build) = match v.split_once('+') {
        Some((a, b)) => (a, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match v.find('-') {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let mut it = core.split('.');
    let major = it.next()?;
    let minor = it.next();
    let patch = it.next();
    if it.next().is_some() {
        return None;
    }
    Some(Parts {
        major,
        minor,
        patch,
        pre,
        build,
    })
}

/// `semver.IsValid`: `vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]`.
pub fn is_valid(v: &str) -> bool {
    let Some(p) = parts(v) else { return false };
    if !is_num(p.major)
        || p.minor.is_some_and(|m| !is_num(m))
        || p.patch.is_some_and(|m| !is_num(m))
    {
        return false;
    }
    if p.patch.is_none() && (p.pre.is_some() || p.build.is_some()) {
        return false;
    }
    p.pre.is_none_or(|s| is_ident_list(s, true)) && p.build.is_none_or(|s| is_ident_list(s, false))
}

/// `semver.Canonical`: `v1` → `v1.0.0`, build metadata dropped; `""` when invalid.
pub fn canonical(v: &str) -> String {
    if !is_valid(v) {
        return String::new();
    }
    let p = parts(v).expect("valid");
    let mut out = format!(
        "v{}.{}.{}",
        p.major,
        p.minor.unwrap_or("0"),
        p.patch.unwrap_or("0")
    );
    if let Some(pre) = p.pre {
        out.push('-');
        out.push_str(pre);
    }
    out
}

/// `semver.Prerelease`: `-pre` or `""`.
pub fn prerelease(v: &str) -> String {
    if !is_valid(v) {
        return String::new();
    }
    parts(v)
        .and_then(|p| p.pre)
        .map(|p| format!("-{p}"))
        .unwrap_or_default()
}

/// `semver.Build`: `+build` or `""`.
pub fn build(v: &str) -> String {
    if !is_valid(v) {
        return String::new();
    }
    parts(v)
        .and_then(|p| p.build)
        .map(|b| format!("+{b}"))
        .unwrap_or_default()
}

/// The parts of a pseudo-version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pseudo {
    /// The version it is based on (`""` for `v0.0.0-…` / `vX.0.0-…`).
    pub base: String,
    /// The commit time, `yyyymmddhhmmss` (UTC).
    pub timestamp: String,
    /// The abbreviated commit hash.
    pub rev: String,
}

static PSEUDO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$",
    )
    .expect("valid regex")
});

/// `module.IsPseudoVersion` plus `PseudoVersionBase/Time/Rev`; `None` when `v` is not a
/// pseudo-version (or, like x/mod, when its base cannot be derived).
pub fn pseudo(v: &str) -> Option<Pseudo> {
    if v.matches('-').count() < 2 || !is_valid(v) || !PSEUDO.is_match(v) {
        return None;
    }
    let b = build(v);
    let v = v.strip_suffix(b.as_str()).unwrap_or(v);
    let (v, rev) = v.rsplit_once('-')?;
    let i = v.rfind('-')?;
    let (base, timestamp) = match v.rfind('.') {
        Some(j) if j > i => (&v[..j], &v[j + 1..]),
        _ => (&v[..i], &v[i + 1..]),
    };
    let base = match prerelease(base).as_str() {
        "" => {
            if !b.is_empty() {
                return None;
            }
            String::new()
        }
        "-0" => {
            let core = base.strip_suffix("-0")?;
            let (head, patch) = core.rsplit_once('.')?;
            let n: u128 = patch.parse().ok()?;
            if n == 0 {
                return None;
            }
            format!("{head}.{}{b}", n - 1)
        }
        _ => format!("{}{b}", base.strip_suffix(".0")?),
    };
    Some(Pseudo {
        base,
        timestamp: timestamp.to_string(),
        rev: rev.to_string(),
    })
}
