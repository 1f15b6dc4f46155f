//! What a detector is: its rule metadata (documentation included) and a [`Spec`] that says
//! which keywords wake it, which regex finds the secret and how matches are checked.

use std::sync::OnceLock;

use palisade_core::{ObjectRef, RuleMeta};
use regex::bytes::Regex;

/// How sure a detector is that a match is a live credential; lowered one step for files
/// under test-fixture paths (the finding is still reported).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Assignment-style guesses scored by entropy.
    Low,
    /// A recognisable format without a checksum, or a keyword plus structure.
    Medium,
    /// A distinctive prefix and exact format, or a validated checksum or structure.
    High,
}

impl Confidence {
    /// Lowercase name, as used in tags (`confidence:high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// One step lower (test fixtures).
    pub fn lowered(self) -> Confidence {
        match self {
            Confidence::High => Confidence::Medium,
            _ => Confidence::Low,
        }
    }
}

/// The verdict of a validator on one match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// Not a secret (bad checksum, wrong structure, a public value).
    Reject,
    /// A secret.
    Pass,
    /// A secret, with a detail for the title (`checksum valid`, `encrypted`).
    Note(String),
}

/// What a validator or a custom detector sees.
pub struct FileCx<'a> {
    /// Repository path of the file (`/`-separated).
    pub path: &'a str,
    /// The whole file.
    pub bytes: &'a [u8],
}

/// A match to check: the secret, the whole regex match, and the file around them.
pub struct Candidate<'a> {
    /// The file.
    pub file: &'a FileCx<'a>,
    /// The secret bytes (the `secret` capture group, or group 1, or the whole match).
    pub secret: &'a [u8],
    /// The whole regex match.
    pub matched: &'a [u8],
    /// Byte offset of the whole match in the file.
    pub match_start: usize,
    /// Byte offset of the secret in the file.
    pub secret_start: usize,
}

/// A secret found by a custom detector, positioned by line and column.
#[derive(Clone, Debug)]
pub struct Custom {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The secret (hashed for the fingerprint, redacted in the evidence).
    pub secret: Vec<u8>,
    /// Title detail.
    pub note: Option<String>,
    /// The object it belongs to (Kubernetes manifests).
    pub object: Option<ObjectRef>,
    /// Field path in the object.
    pub field: Option<String>,
}

/// A validator: structure, checksum or context checks on one match.
pub type Validator = fn(&Candidate<'_>) -> Check;

/// A detector that needs the whole file (structured formats such as Kubernetes Secrets).
/// It may use the scanner to look inside decoded values.
pub type CustomFn = fn(&crate::Scanner, &FileCx<'_>) -> Vec<Custom>;

/// How a detector finds its secrets.
#[derive(Clone, Copy)]
pub struct Spec {
    /// Lowercase ASCII literals, matched case-insensitively; a detector runs only on the
    /// windows around a hit of one of them.
    pub keywords: &'static [&'static str],
    /// The regex (bytes, ASCII semantics, compiled once). The secret is the `secret` group, else group 1,
    /// else the whole match.
    pub pattern: &'static str,
    /// Extra checks on each match.
    pub validate: Option<Validator>,
    /// Minimum Shannon entropy of the secret, in bits per byte (0: no threshold).
    pub min_entropy: f64,
    /// Base confidence of a finding.
    pub confidence: Confidence,
    /// Lines before the keyword's line included in the window.
    pub lines_before: u32,
    /// Lines after the keyword's line included in the window.
    pub lines_after: u32,
    /// Only files whose repository path passes this run the detector.
    pub paths: Option<fn(&str) -> bool>,
    /// Apply the placeholder filter (`EXAMPLE`, `xxxx`, `${VAR}`...).
    pub placeholders: bool,
    /// The secret must not be glued to more letters or digits on either side.
    pub boundary: bool,
    /// When two matches overlap, only the higher priority ones are kept: 0 for generic
    /// assignment detectors, 1 for specific formats, 2 for composites (key pairs).
    pub priority: u8,
    /// A detector that reads the whole file instead of using `pattern`.
    pub custom: Option<CustomFn>,
    /// A cheap test of one keyword hit before its window is built and searched: `false`
    /// promises that the window holds no match the pattern would find through this hit
    /// (e.g. a generic `password = value` needs `=` or `:` after the name). Most keyword
    /// hits in source code are names such as `token_count(...)`, and finding their line and
    /// running the regex on it is most of what the scan costs after the keyword pass; the
    /// test must stay a necessary condition of the pattern, or findings are lost. It sees
    /// the hit, not the window: a single-line window is the hit's line, cut at
    /// 4 KiB before the hit and after it (`MAX_LINE_REACH`).
    pub keyword_check: Option<KeywordCheck>,
    /// Names the pattern matches without a keyword (`access.key` where only `access_key`
    /// is a keyword), lowercase: a window whose hit fails the [`Spec::keyword_check`] is
    /// still searched when it holds one of them (ASCII case-insensitively). The keyword
    /// pass looks for them too, so a file without any costs nothing more: its rejected
    /// hits need no window at all.
    pub window_names: &'static [&'static str],
}

/// See [`Spec::keyword_check`]: the file and the keyword hit's span.
pub type KeywordCheck = fn(file: &FileCx<'_>, hit: (usize, usize)) -> bool;

impl Spec {
    /// The defaults every detector starts from: `..Spec::DEFAULT`.
    pub const DEFAULT: Spec = Spec {
        keywords: &[],
        pattern: "",
        validate: None,
        min_entropy: 0.0,
        confidence: Confidence::High,
        lines_before: 0,
        lines_after: 0,
        paths: None,
        placeholders: true,
        boundary: false,
        priority: 1,
        custom: None,
        keyword_check: None,
        window_names: &[],
    };
}

/// One secret detector: rule metadata (the `secrets` family) and how it matches.
pub struct Detector {
    /// Rule metadata; `doc` is the detector file's doc comment.
    pub meta: RuleMeta,
    /// How it matches.
    pub spec: Spec,
    /// The compiled regex.
    pub regex: OnceLock<Regex>,
    /// Settings of detectors built at run time (imported gitleaks rules); `None` for the
    /// built-in ones.
    pub extra: Option<Box<Extra>>,
}

/// What imported rules can say beyond a [`Spec`]: a path regex, the capture group holding
/// the secret, and an allowlist.
#[derive(Debug, Default)]
pub struct Extra {
    /// Only files whose repository path matches run the detector.
    pub path: Option<Regex>,
    /// The capture group of the secret (0: the default choice).
    pub secret_group: usize,
    /// Matches to drop (any list matching drops it).
    pub allow: Vec<Allowlist>,
}

/// Matches to drop: by path, by regex (on the secret, the whole match or the line), or by
/// stopword (a substring of the secret, case-insensitive).
#[derive(Clone, Debug, Default)]
pub struct Allowlist {
    /// Repository paths (regexes).
    pub paths: Vec<Regex>,
    /// Regexes tested against `target`.
    pub regexes: Vec<Regex>,
    /// What the regexes are tested against.
    pub target: AllowTarget,
    /// Substrings of the secret.
    pub stopwords: Vec<String>,
}

/// What an allowlist regex is tested against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AllowTarget {
    /// The secret (the default).
    #[default]
    Secret,
    /// The whole regex match.
    Match,
    /// The line of the match.
    Line,
}

impl Allowlist {
    /// True when nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.regexes.is_empty() && self.stopwords.is_empty()
    }

    /// True when `path` is allowlisted.
    pub fn allows_path(&self, path: &str) -> bool {
        self.paths.iter().any(|r| r.is_match(path.as_bytes()))
    }

    /// True when the match is allowlisted.
    pub fn allows(&self, secret: &[u8], matched: &[u8], line: &[u8]) -> bool {
        let hay = match self.target {
            AllowTarget::Secret => secret,
            AllowTarget::Match => matched,
            AllowTarget::Line => line,
        };
        self.regexes.iter().any(|r| r.is_match(hay))
            || self
                .stopwords
                .iter()
                .any(|w| crate::util::contains_ci(secret, w.as_bytes()))
    }
}

impl Detector {
    /// The compiled regex (built on first use; the patterns are tested to compile).
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            regex::bytes::RegexBuilder::new(self.spec.pattern)
                .unicode(false)
                .size_limit(1 << 24)
                .build()
                .unwrap_or_else(|e| panic!("detector {}: bad pattern: {e}", self.meta.id))
        })
    }
}
