//! The scan of one buffer: keyword prefilter → windows → regexes → filters → findings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use palisade_core::{fingerprint, Finding, Location, RuleMeta};

use crate::detector::{Allowlist, Candidate, Check, Custom, Detector, FileCx, KeywordCheck};
use crate::filters::{is_test_path, placeholder_reason};
use crate::keywords::{Hit, KeywordSearch};
use crate::util::{contains_ci, sha256_hex, shannon_entropy};

/// How far a single-line window reaches around a keyword on very long lines (minified
/// code, one-line JSON): a secret is never this long, and the scan stays linear.
pub(crate) const MAX_LINE_REACH: usize = 4096;
/// How far a multi-line window (private key blocks) reaches after its keyword.
const MAX_BLOCK_REACH: usize = 64 * 1024;
/// Longest secret shown with `--no-redact` before it is cut.
const MAX_SHOWN: usize = 120;

/// Scan options.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Replace each secret by a short prefix and a hash in the evidence (the default). Turn
    /// off only on explicit request (`--no-redact`).
    pub redact: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { redact: true }
    }
}

/// The paths of the buffer being scanned.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// Path shown in findings.
    pub shown: &'a str,
    /// Repository-relative path, used by fingerprints and path-based detectors.
    pub repo_path: &'a str,
}

/// A configured set of detectors with their keyword search; build once, scan many buffers
/// from many threads.
pub struct Scanner {
    detectors: Vec<&'static Detector>,
    /// Detectors that run only on some paths (a path function, an imported rule's path
    /// regex or allowlisted paths).
    path_filtered: Vec<usize>,
    /// Keyword searches by which of `path_filtered` apply to the file: a detector that
    /// cannot run on a file contributes no keywords there (so `.env`-only keywords such as
    /// `pass` or `key` cost nothing in source code). Built on first use; few distinct.
    keyword_sets: Mutex<HashMap<Vec<bool>, Arc<Option<KeywordSet>>>>,
    /// Detectors without keywords (imported rules): they run on every file.
    always: Vec<usize>,
    /// Matches dropped for every detector.
    allow: Vec<Allowlist>,
    options: Options,
    /// Apply the detectors' [`crate::Spec::keyword_check`]s (off only in tests that show
    /// they change no finding).
    keyword_checks: bool,
}

/// The keywords of some detectors and which detectors each one wakes.
struct KeywordSet {
    /// Every keyword and every window name ([`crate::Spec::window_names`]), ASCII
    /// case-insensitive.
    search: KeywordSearch,
    /// Keyword (pattern id) → what a hit does for each detector it wakes.
    by_pattern: Vec<Vec<Wake>>,
    /// Pattern id → whether it is some detector's window name.
    window_name: Vec<bool>,
}

/// What a keyword hit does for one detector: the parts of its [`crate::Spec`] the per-hit
/// loop reads, copied side by side (the specs are statics spread over the binary, and
/// reading them cost cache misses on every one of millions of hits).
#[derive(Clone, Copy)]
struct Wake {
    /// Index into `Scanner::detectors`.
    det: usize,
    /// A custom detector: the hit only says the file is worth reading whole.
    custom: bool,
    /// The detector's lines before and after its keyword's line.
    lines_before: u32,
    lines_after: u32,
    keyword_check: Option<KeywordCheck>,
    /// The detector's window names (the hit is a keyword's).
    window_names: &'static [&'static str],
}

impl Wake {
    fn new(det: usize, d: &Detector) -> Wake {
        Wake {
            det,
            custom: d.spec.custom.is_some(),
            lines_before: d.spec.lines_before,
            lines_after: d.spec.lines_after,
            keyword_check: d.spec.keyword_check,
            window_names: d.spec.window_names,
        }
    }
}

impl KeywordSet {
    fn new(detectors: &[&'static Detector], include: impl Fn(usize) -> bool) -> Option<Self> {
        let mut keywords: Vec<&'static str> = Vec::new();
        let mut by_pattern: Vec<Vec<Wake>> = Vec::new();
        let mut window_name: Vec<bool> = Vec::new();
        let mut add = |k: &'static str, wake: Option<Wake>| {
            let p = match keywords.iter().position(|x| x.eq_ignore_ascii_case(k)) {
                Some(p) => p,
                None => {
                    keywords.push(k);
                    by_pattern.push(Vec::new());
                    window_name.push(false);
                    keywords.len() - 1
                }
            };
            match wake {
                Some(w) => by_pattern[p].push(w),
                None => window_name[p] = true,
            }
        };
        for (i, d) in detectors.iter().enumerate() {
            if !include(i) {
                continue;
            }
            for k in d.spec.keywords {
                add(k, Some(Wake::new(i, d)));
            }
            for k in d.spec.window_names {
                add(k, None);
            }
        }
        if keywords.is_empty() {
            return None;
        }
        Some(KeywordSet {
            search: KeywordSearch::new(&keywords),
            by_pattern,
            window_name,
        })
    }
}

/// A match that passed the filters, before it becomes a finding.
struct Raw {
    det: usize,
    /// Byte span of the whole match (for overlap resolution).
    span: (usize, usize),
    /// Byte offset of the secret (for the position).
    at: usize,
    secret: Vec<u8>,
    note: Option<String>,
    custom: Option<Custom>,
}

impl Scanner {
    /// A scanner over the detectors `enabled` accepts.
    pub fn new(enabled: &dyn Fn(&RuleMeta) -> bool, options: Options) -> Scanner {
        Scanner::with_extra(enabled, options, &[], Vec::new())
    }

    /// A scanner over the built-in detectors `enabled` accepts plus `extra` ones (imported
    /// gitleaks rules), with an allowlist applied to every detector.
    pub fn with_extra(
        enabled: &dyn Fn(&RuleMeta) -> bool,
        options: Options,
        extra: &[&'static Detector],
        allow: Vec<Allowlist>,
    ) -> Scanner {
        let detectors: Vec<&'static Detector> = crate::all()
            .iter()
            .chain(extra.iter())
            .copied()
            .filter(|d| enabled(&d.meta))
            .collect();
        let always = detectors
            .iter()
            .enumerate()
            .filter(|(_, d)| d.spec.keywords.is_empty())
            .map(|(i, _)| i)
            .collect();
        let mut scanner = Scanner {
            detectors,
            path_filtered: Vec::new(),
            keyword_sets: Mutex::new(HashMap::new()),
            always,
            allow,
            options,
            keyword_checks: true,
        };
        scanner.path_filtered = (0..scanner.detectors.len())
            .filter(|&d| scanner.path_filtered_detector(d))
            .collect();
        scanner
    }

    /// Whether detector `d` runs only on some paths.
    fn path_filtered_detector(&self, d: usize) -> bool {
        let det = self.detectors[d];
        det.spec.paths.is_some()
            || det
                .extra
                .as_ref()
                .is_some_and(|x| x.path.is_some() || x.allow.iter().any(|a| !a.paths.is_empty()))
    }

    /// The keyword search for the detectors that run on `path`.
    fn keyword_set(&self, path: &str) -> Arc<Option<KeywordSet>> {
        let applies: Vec<bool> = self
            .path_filtered
            .iter()
            .map(|&d| self.path_ok(d, path))
            .collect();
        let mut sets = self.keyword_sets.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(set) = sets.get(&applies) {
            return set.clone();
        }
        let excluded: Vec<usize> = self
            .path_filtered
            .iter()
            .zip(&applies)
            .filter(|(_, ok)| !**ok)
            .map(|(d, _)| *d)
            .collect();
        let set = Arc::new(KeywordSet::new(&self.detectors, |d| !excluded.contains(&d)));
        sets.insert(applies, set.clone());
        set
    }

    /// Every default detector, redaction on; built once per process.
    pub fn default_scanner() -> &'static Scanner {
        static DEFAULT: OnceLock<Scanner> = OnceLock::new();
        DEFAULT.get_or_init(|| Scanner::new(&|m| m.default_enabled, Options::default()))
    }

    /// The detectors this scanner runs.
    pub fn detectors(&self) -> &[&'static Detector] {
        &self.detectors
    }

    /// Scans one buffer (any bytes: invalid UTF-8 and NUL bytes are fine).
    pub fn scan(&self, target: &Target<'_>, bytes: &[u8]) -> Vec<Finding> {
        let mut raws = self.raw(target.repo_path, bytes, true);
        raws.sort_by_key(|r| r.at);
        let test_path = is_test_path(target.repo_path);
        let mut lines = LineCounter::new(bytes);
        raws.into_iter()
            .map(|r| {
                let (line, column) = match &r.custom {
                    Some(c) => (c.line, c.column),
                    None => lines.position(r.at),
                };
                self.finding(target, test_path, r, line, column)
            })
            .collect()
    }

    /// What the detectors (custom ones excepted) find in a decoded value: the detector
    /// and the secret of each match. Custom detectors use it to look inside base64 data.
    pub fn matches_in(&self, path: &str, bytes: &[u8]) -> Vec<(&'static Detector, Vec<u8>)> {
        self.raw(path, bytes, false)
            .into_iter()
            .map(|r| (self.detectors[r.det], r.secret))
            .collect()
    }

    fn finding(
        &self,
        target: &Target<'_>,
        test_path: bool,
        r: Raw,
        line: u32,
        column: u32,
    ) -> Finding {
        let det = self.detectors[r.det];
        let meta = &det.meta;
        let mut confidence = det.spec.confidence;
        if test_path {
            confidence = confidence.lowered();
        }
        let secret_hash = sha256_hex(&r.secret);
        let shown_secret = if self.options.redact {
            redact(&r.secret, &secret_hash)
        } else {
            reveal(&r.secret)
        };
        let evidence = format!(
            "{shown_secret} ({} chars), confidence {}{}",
            r.secret.len(),
            confidence.as_str(),
            if test_path {
                " (lowered: test-fixture path)"
            } else {
                ""
            }
        );
        // The title names the secret by its redacted prefix (even with `--no-redact`, which
        // only changes the evidence), so a table shows which value is meant.
        let prefix = redacted_prefix(&r.secret);
        let title = match &r.note {
            Some(n) => format!("{} `{prefix}…` ({n})", meta.summary),
            None => format!("{} `{prefix}…`", meta.summary),
        };
        let (object, field) = match r.custom {
            Some(c) => (c.object, c.field),
            None => (None, None),
        };
        let mut tags: Vec<std::borrow::Cow<'static, str>> =
            meta.tags.iter().map(|t| (*t).into()).collect();
        tags.push(format!("confidence:{}", confidence.as_str()).into());
        Finding {
            rule: meta.id.into(),
            severity: meta.severity,
            title,
            location: Location {
                path: target.shown.to_string(),
                line,
                column,
                object,
                field,
            },
            container: None,
            evidence: Some(evidence),
            remediation: Some(meta.remediation.into()),
            tags,
            fingerprint: fingerprint(
                meta.origin_id(),
                target.repo_path,
                None,
                None,
                Some(&secret_hash),
            ),
        }
    }

    /// Every match that passes the filters, overlaps resolved by priority.
    fn raw(&self, path: &str, bytes: &[u8], allow_custom: bool) -> Vec<Raw> {
        if self.allow.iter().any(|a| a.allows_path(path)) {
            return Vec::new();
        }
        let n = self.detectors.len();
        let mut windows: Vec<Vec<(usize, usize)>> = Vec::new();
        if !self.always.is_empty() {
            windows = vec![Vec::new(); n];
            for &d in &self.always {
                if self.path_ok(d, path) {
                    windows[d].push((0, bytes.len()));
                }
            }
        }
        let file = FileCx { path, bytes };
        let set = self.keyword_set(path);
        if let Some(set) = set.as_ref() {
            // The hits are collected first (in a buffer the thread reuses), so that whether
            // the file holds any window name is known before they are looked at: without
            // one, a hit that fails its keyword check is dropped before its line is found.
            thread_local! {
                static HITS: std::cell::Cell<Vec<Hit>> = const { std::cell::Cell::new(Vec::new()) };
            }
            let mut hits = HITS.take();
            hits.clear();
            let mut names_seen = false;
            set.search.for_each_hit(bytes, |m| {
                names_seen |= set.window_name[m.pattern];
                hits.push(m);
            });
            if !hits.is_empty() {
                windows.resize(n, Vec::new());
            }
            // The single-line window of the last hit that had one: hits come in clusters on
            // the same line (`api_key_id = compute(api_key_id)`), and its line is found once.
            let mut line: Option<(usize, usize)> = None;
            // The last window each detector with window names asked about, and the answer.
            let mut window_checks: Vec<(usize, (usize, usize), bool)> = Vec::new();
            for m in &hits {
                for wake in &set.by_pattern[m.pattern] {
                    let d = wake.det;
                    if wake.custom {
                        if allow_custom && windows[d].is_empty() {
                            windows[d].push((0, bytes.len()));
                        }
                        continue;
                    }
                    if let Some(&prev) = windows[d].last() {
                        if window_covers(bytes, prev, m, wake.lines_before, wake.lines_after) {
                            continue;
                        }
                    }
                    let rejected = self.keyword_checks
                        && wake
                            .keyword_check
                            .is_some_and(|check| !check(&file, (m.start, m.end)));
                    // A rejected hit's window is searched only if it holds a window name,
                    // and there is none in the file unless the keyword pass found one.
                    if rejected && (wake.window_names.is_empty() || !names_seen) {
                        continue;
                    }
                    let single = wake.lines_before == 0 && wake.lines_after == 0;
                    let win = match line {
                        Some(w) if single && same_line_window(bytes, w, m.start, m.end) => w,
                        _ => {
                            let w =
                                window(bytes, m.start, m.end, wake.lines_before, wake.lines_after);
                            if single && memchr::memchr(b'\n', &bytes[m.start..m.end]).is_none() {
                                line = Some(w);
                            }
                            w
                        }
                    };
                    if rejected {
                        let holds_name = |w: (usize, usize)| {
                            let text = &bytes[w.0..w.1];
                            wake.window_names
                                .iter()
                                .any(|name| contains_ci(text, name.as_bytes()))
                        };
                        // Once per detector and window: a line's hits share it.
                        let kept = match window_checks.iter_mut().find(|c| c.0 == d) {
                            Some(c) if c.1 == win => c.2,
                            Some(c) => {
                                *c = (d, win, holds_name(win));
                                c.2
                            }
                            None => {
                                let kept = holds_name(win);
                                window_checks.push((d, win, kept));
                                kept
                            }
                        };
                        if !kept {
                            continue;
                        }
                    }
                    windows[d].push(win);
                }
            }
            HITS.set(hits);
        }
        let mut raws = Vec::new();
        for (d, wins) in windows.iter_mut().enumerate() {
            if wins.is_empty() {
                continue;
            }
            let det = self.detectors[d];
            if let Some(custom) = det.spec.custom {
                for c in custom(self, &file) {
                    // The line a custom finding is on is its span, so a generic match of
                    // the same value on that line yields to it.
                    let span = line_span(bytes, c.line);
                    raws.push(Raw {
                        det: d,
                        span,
                        at: span.0,
                        secret: c.secret.clone(),
                        note: c.note.clone(),
                        custom: Some(c),
                    });
                }
                continue;
            }
            wins.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(wins.len());
            for &(s, e) in wins.iter() {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            for (s, e) in merged {
                self.run_regex(d, &file, s, e, &mut raws);
            }
        }
        resolve_overlaps(raws, &self.detectors)
    }

    /// Whether detector `d` runs on `path` (its path function, or an imported rule's path
    /// regex and allowlisted paths).
    fn path_ok(&self, d: usize, path: &str) -> bool {
        let det = self.detectors[d];
        det.spec.paths.is_none_or(|f| f(path))
            && det.extra.as_ref().is_none_or(|x| {
                x.path.as_ref().is_none_or(|r| r.is_match(path.as_bytes()))
                    && !x.allow.iter().any(|a| a.allows_path(path))
            })
    }

    fn run_regex(&self, d: usize, file: &FileCx<'_>, s: usize, e: usize, out: &mut Vec<Raw>) {
        let det = self.detectors[d];
        let spec = &det.spec;
        let hay = &file.bytes[s..e];
        let group = det.extra.as_ref().map_or(0, |x| x.secret_group);
        for caps in det.regex().captures_iter(hay) {
            let Some(whole) = caps.get(0) else { continue };
            let sec = if group > 0 {
                caps.get(group)
            } else {
                caps.name("secret").or_else(|| caps.get(1))
            }
            .unwrap_or(whole);
            let at = s + sec.start();
            let end = s + sec.end();
            let secret = sec.as_bytes();
            if secret.is_empty() {
                continue;
            }
            if spec.boundary {
                let glued = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
                if glued(at.checked_sub(1).and_then(|i| file.bytes.get(i)))
                    || glued(file.bytes.get(end))
                {
                    continue;
                }
            }
            if spec.placeholders && placeholder_reason(secret).is_some() {
                continue;
            }
            if spec.min_entropy > 0.0 && shannon_entropy(secret) < spec.min_entropy {
                continue;
            }
            let own_allow: &[Allowlist] = det.extra.as_ref().map_or(&[], |x| &x.allow);
            if !self.allow.is_empty() || !own_allow.is_empty() {
                let abs = s + whole.start();
                let line_start = memchr::memrchr(b'\n', &file.bytes[..abs]).map_or(0, |i| i + 1);
                let line_end =
                    memchr::memchr(b'\n', &file.bytes[abs..]).map_or(file.bytes.len(), |i| abs + i);
                let line = &file.bytes[line_start..line_end];
                if self
                    .allow
                    .iter()
                    .chain(own_allow)
                    .any(|a| a.allows(secret, whole.as_bytes(), line))
                {
                    continue;
                }
            }
            let note = match spec.validate {
                None => None,
                Some(v) => match v(&Candidate {
                    file,
                    secret,
                    matched: whole.as_bytes(),
                    match_start: s + whole.start(),
                    secret_start: at,
                }) {
                    Check::Reject => continue,
                    Check::Pass => None,
                    Check::Note(n) => Some(n),
                },
            };
            out.push(Raw {
                det: d,
                span: (s + whole.start(), s + whole.end()),
                at,
                secret: secret.to_vec(),
                note,
                custom: None,
            });
        }
    }
}

/// A priority level, the spans of higher levels sorted by start, and their running maximum end.
type Level = (u8, Vec<(usize, usize)>, Vec<usize>);

/// Drops every match overlapped by a match of a higher-priority detector (a generic
/// `token = ...` assignment whose value is a GitHub token is reported as the GitHub token).
fn resolve_overlaps(raws: Vec<Raw>, detectors: &[&'static Detector]) -> Vec<Raw> {
    let prio = |r: &Raw| detectors[r.det].spec.priority;
    let levels: Vec<u8> = {
        let mut l: Vec<u8> = raws.iter().map(prio).collect();
        l.sort_unstable();
        l.dedup();
        l
    };
    if levels.len() < 2 {
        return raws;
    }
    // For each level, the spans of strictly higher levels sorted by start, with the
    // running maximum of their ends: an overlap exists when some span starting before our
    // end ends after our start.
    let mut higher: Vec<Level> = Vec::new();
    for &p in &levels {
        let mut spans: Vec<(usize, usize)> = raws
            .iter()
            .filter(|r| prio(r) > p)
            .map(|r| r.span)
            .collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.1);
            max_end.push(m);
        }
        higher.push((p, spans, max_end));
    }
    raws.into_iter()
        .filter(|r| {
            let p = prio(r);
            let Some((_, spans, max_end)) = higher.iter().find(|(l, _, _)| *l == p) else {
                return true;
            };
            let idx = spans.partition_point(|s| s.0 < r.span.1);
            !(idx > 0 && max_end[idx - 1] > r.span.0)
        })
        .collect()
}

/// Byte range of 1-based line `line` (empty at the end for a line past the end).
fn line_span(bytes: &[u8], line: u32) -> (usize, usize) {
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => start += i + 1,
            None => return (bytes.len(), bytes.len()),
        }
    }
    let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
    (start, end)
}

/// The window a detector's regex runs on: the keyword's line plus `before`/`after` lines,
/// bounded in bytes so very long lines stay cheap.
fn window(bytes: &[u8], s: usize, e: usize, before: u32, after: u32) -> (usize, usize) {
    let floor = s.saturating_sub(MAX_LINE_REACH);
    let mut start = s;
    let mut lines = before + 1;
    loop {
        match memchr::memrchr(b'\n', &bytes[floor..start]) {
            Some(i) => {
                let nl = floor + i;
                lines -= 1;
                if lines == 0 {
                    start = nl + 1;
                    break;
                }
                start = nl;
            }
            None => {
                start = floor;
                break;
            }
        }
    }
    let reach = if after > 0 {
        MAX_BLOCK_REACH
    } else {
        MAX_LINE_REACH
    };
    let ceil = bytes.len().min(e.saturating_add(reach));
    let mut end = e;
    let mut lines = after + 1;
    loop {
        match memchr::memchr(b'\n', &bytes[end..ceil]) {
            Some(i) => {
                let nl = end + i;
                lines -= 1;
                if lines == 0 {
                    end = nl;
                    break;
                }
                end = nl + 1;
            }
            None => {
                end = ceil;
                break;
            }
        }
    }
    (start, end)
}

/// Whether the window `w` of an earlier hit of the same detector already covers what hit
/// `m`'s own window would: `m` lies in it and its window would not reach further. On lines
/// longer than [`MAX_LINE_REACH`] a later hit's window does reach further (the earlier one
/// was cut by the reach), and skipping it would cut a secret near the earlier window's end.
/// Checked in O(1) in the common case (`w` ends at a newline or the end of the buffer).
fn window_covers(bytes: &[u8], w: (usize, usize), m: &Hit, before: u32, after: u32) -> bool {
    if m.start < w.0 || m.end > w.1 {
        return false;
    }
    if after > 0 {
        return window(bytes, m.start, m.end, before, after).1 <= w.1;
    }
    w.1 == bytes.len()
        || bytes[w.1] == b'\n'
        || m.end.saturating_add(MAX_LINE_REACH) <= w.1
        || memchr::memchr(b'\n', &bytes[m.end..w.1]).is_some()
}

/// Whether `window(bytes, s, e, 0, 0)` is `w`, the single-line window of an earlier hit
/// without a newline: the hit lies in it, and `w`'s ends are the newlines (or buffer ends)
/// that `window` would find from this hit within its reach.
fn same_line_window(bytes: &[u8], w: (usize, usize), s: usize, e: usize) -> bool {
    let starts_here = if w.0 == 0 {
        s <= MAX_LINE_REACH
    } else {
        bytes[w.0 - 1] == b'\n' && w.0 > s.saturating_sub(MAX_LINE_REACH)
    };
    let ends_here = if w.1 == bytes.len() {
        e.saturating_add(MAX_LINE_REACH) >= bytes.len()
    } else {
        bytes.get(w.1) == Some(&b'\n') && w.1 < e.saturating_add(MAX_LINE_REACH)
    };
    s >= w.0 && e <= w.1 && starts_here && ends_here
}

/// `ghp_R8…` plus 8 hex digits of the secret's SHA-256: enough to find and deduplicate it,
/// too little to use it. At most a quarter of the secret (and 6 characters) is shown.
fn redact(secret: &[u8], hash: &str) -> String {
    format!("`{}…` sha256:{}", redacted_prefix(secret), &hash[..8])
}

/// At most a quarter of the secret, and at most 6 characters, control characters dropped.
fn redacted_prefix(secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    text.chars()
        .take((secret.len() / 4).min(6))
        .filter(|c| !c.is_control() && *c != '`')
        .collect()
}

/// The secret itself (`--no-redact`), cut when very long and with control characters
/// escaped.
fn reveal(secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    let mut shown: String = text.chars().take(MAX_SHOWN).collect::<String>();
    if text.chars().count() > MAX_SHOWN {
        shown.push('…');
    }
    format!("`{}`", shown.escape_debug())
}

/// Turns byte offsets into 1-based line and column, for offsets given in increasing order.
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn position(&mut self, at: usize) -> (u32, u32) {
        let at = at.min(self.bytes.len());
        if at < self.pos {
            *self = LineCounter::new(self.bytes);
        }
        // Counted, not iterated: memchr's count is vectorized, and the line start is the
        // last newline, found backwards.
        let skipped = &self.bytes[self.pos..at];
        self.line += memchr::memchr_iter(b'\n', skipped).count() as u32;
        if let Some(i) = memchr::memrchr(b'\n', skipped) {
            self.line_start = self.pos + i + 1;
        }
        self.pos = at;
        // Columns count characters: UTF-8 continuation bytes do not start one.
        let column = self.bytes[self.line_start..at]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count() as u32
            + 1;
        (self.line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_lines_and_bounded() {
        let text = b"one\ntwo key three\nfour\nfive";
        let k = 8;
        assert_eq!(
            &text[{
                let (s, e) = window(text, k, k + 3, 0, 0);
                s..e
            }],
            b"two key three"
        );
        let (s, e) = window(text, k, k + 3, 1, 1);
        assert_eq!(&text[s..e], b"one\ntwo key three\nfour");
        let long = vec![b'a'; 100_000];
        let (s, e) = window(&long, 50_000, 50_003, 0, 0);
        assert!(e - s <= 2 * MAX_LINE_REACH + 3);
    }

    /// A reused line window is always the one `window` would compute: short and long lines
    /// (past the reach), hits near both ends of the buffer.
    #[test]
    fn reused_line_windows_are_what_window_gives() {
        let mut text = Vec::new();
        for len in [0usize, 3, 40, 4000, 4096, 5000, 9000, 12] {
            text.extend(std::iter::repeat_n(b'x', len));
            text.push(b'\n');
        }
        text.extend(std::iter::repeat_n(b'y', 6000));
        let mut checked = 0;
        for s1 in (0..text.len() - 3).step_by(97) {
            let first = window(&text, s1, s1 + 3, 0, 0);
            for s2 in (s1..(s1 + 9000).min(text.len() - 3)).step_by(89) {
                if same_line_window(&text, first, s2, s2 + 3) {
                    assert_eq!(first, window(&text, s2, s2 + 3, 0, 0), "hits {s1}, {s2}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "too few reuses checked: {checked}");
    }

    /// `window_covers` agrees with computing the later hit's window: it says "covered" only
    /// when that window ends no further than the earlier one (short and long lines).
    #[test]
    fn a_covered_hit_would_not_reach_further() {
        let mut text = Vec::new();
        for len in [3usize, 40, 4000, 4096, 5000, 9000, 12] {
            text.extend(std::iter::repeat_n(b'x', len));
            text.push(b'\n');
        }
        text.extend(std::iter::repeat_n(b'y', 6000));
        let (mut covered, mut not) = (0, 0);
        for s1 in (0..text.len() - 3).step_by(97) {
            let first = window(&text, s1, s1 + 3, 0, 0);
            for s2 in (s1..(s1 + 9000).min(text.len() - 3)).step_by(89) {
                let hit = Hit {
                    pattern: 0,
                    start: s2,
                    end: s2 + 3,
                };
                let own = window(&text, s2, s2 + 3, 0, 0);
                if window_covers(&text, first, &hit, 0, 0) {
                    assert!(own.1 <= first.1 && own.0 >= first.0, "hits {s1}, {s2}");
                    covered += 1;
                } else if s2 >= first.0 && s2 + 3 <= first.1 {
                    // Inside, but its own window reaches further (a long line).
                    assert!(own.1 > first.1, "hits {s1}, {s2}");
                    not += 1;
                }
            }
        }
        assert!(
            covered > 1000 && not > 10,
            "{covered} covered, {not} reaching further"
        );
    }

    /// Two tokens on one line longer than the window's reach, the second starting just
    /// before the first one's window ends: both are found (the second used to be cut).
    #[test]
    fn a_second_hit_near_a_long_lines_window_end_is_found() {
        let token = "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";
        let mut line = format!("first={token} ");
        let first_end = line.find(token).unwrap() + 4;
        while line.len() < first_end + MAX_LINE_REACH - 10 {
            line.push_str("lorem ipsum ");
        }
        line.truncate(first_end + MAX_LINE_REACH - 11);
        line.push(' ');
        line.push_str(token);
        line.push_str(&" filler".repeat(1000));
        let target = crate::Target {
            shown: "notes.txt",
            repo_path: "notes.txt",
        };
        let found = Scanner::default_scanner().scan(&target, line.as_bytes());
        let columns: Vec<u32> = found
            .iter()
            .filter(|f| f.rule == "SEC030")
            .map(|f| f.location.column)
            .collect();
        assert_eq!(columns.len(), 2, "{found:#?}");
    }

    #[test]
    fn line_counter_counts_characters() {
        let text = "é\nab x".as_bytes();
        let mut c = LineCounter::new(text);
        assert_eq!(c.position(0), (1, 1));
        assert_eq!(c.position(text.len() - 1), (2, 4));
    }

    /// The keyword checks skip windows, never findings: the same files scanned with and
    /// without them give the same findings. Lines mix the generic detectors' names with
    /// everything that can follow a name (operators, quotes, blanks, calls, `key`).
    #[test]
    fn keyword_checks_change_no_finding() {
        let with = Scanner::new(&|m| m.default_enabled, Options::default());
        let names = [
            "password",
            "db_PASSWORD",
            "passwd",
            "pwd",
            "secret",
            "client_secret",
            "private-key",
            "signing.key",
            "token",
            "api_key",
            "access-key",
            "auth.key",
            "credential",
            "_auth",
            "_authToken",
            "_password",
            "secret_",
            "ntn_",
            "x",
            "key",
            "masterkey",
            "encryption-key",
            "auth-key",
            "Private.Key",
            "token_count",
            "password_policy_12",
            "secret_name",
            "api_key_id",
            "auth_token_ttl",
            "db.password.file",
            "_passwordUrl",
        ];
        let glue = [
            " = ", "=", ": ", ":=", " => ", "\" : ", "' = ", "(", ", ", " ", "\t=\t", "_x = ",
            "-1: ", "\n", ".", "==", "",
        ];
        let values = [
            "\"Zx9!qA7#mB2$kL5pQ8\"",
            "'hG7$kL2@pQ9!xZ4'",
            "s3cr3tV4lu3_9f8e7d6c5b4a",
            "compute_retry(api_key_id, 5)",
            "0123456789012345678901234567890123456789012",
            "abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJabc",
            "a8Kd93jf0Qw7Zx2Lm5Np1Rt6Vb4Yc8Hg3Js9Df2Gk7P",
            "872484830420MeLjwyZqV0BVY5CIBAxjOgOkRAhXOKnJgP",
            "01234567890abcdefghijABCDEFGHIJabcdefghijABCDEF",
            "${TOKEN}",
            "",
        ];
        let mut seed = 7u64;
        let mut pick = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut text = String::new();
        for _ in 0..4000 {
            for _ in 0..1 + pick(3) {
                text.push_str(names[pick(names.len())]);
                text.push_str(glue[pick(glue.len())]);
                text.push_str(values[pick(values.len())]);
                text.push_str(glue[pick(glue.len())]);
            }
            text.push('\n');
        }
        let mut without = Scanner::new(&|m| m.default_enabled, Options::default());
        without.keyword_checks = false;
        for path in [
            "src/app.py",
            "web/app.JS",
            "data.json",
            "config/app.yaml",
            "app.properties",
            ".npmrc",
            "notes.md",
        ] {
            let target = Target {
                shown: path,
                repo_path: path,
            };
            let a = with.scan(&target, text.as_bytes());
            let b = without.scan(&target, text.as_bytes());
            assert!(!b.is_empty(), "{path}: the text should hold findings");
            assert_eq!(a, b, "{path}: keyword checks changed the findings");
            let mut rules: Vec<&str> = a.iter().map(|f| f.rule.as_ref()).collect();
            rules.sort_unstable();
            rules.dedup();
            eprintln!("{path}: {} findings, rules {rules:?}", a.len());
        }
    }

    /// A hit that fails its keyword check still has its line searched when the line holds
    /// one of the detector's window names (a name its pattern matches without a keyword),
    /// found by the keyword pass; lines without one are not searched.
    #[test]
    fn window_names_keep_a_rejected_hits_line() {
        let scanner = Scanner::new(&|m| m.default_enabled, Options::default());
        let target = Target {
            shown: "src/app.py",
            repo_path: "src/app.py",
        };
        let rules = |text: &str| -> Vec<String> {
            scanner
                .scan(&target, text.as_bytes())
                .into_iter()
                .map(|f| f.rule.to_string())
                .collect()
        };
        let value = "\"Zx9!qA7#mB2$kL5pQ8vW\"";
        assert_eq!(
            rules(&format!("n = token_count(1); x.access.KEY = {value}\n")),
            ["SEC292"]
        );
        assert_eq!(
            rules(&format!("n = secret_name(1); master-key: {value}\n")),
            ["SEC291"]
        );
        // The name alone is no keyword: its line is not searched (as before window names
        // were looked for by the keyword pass).
        assert!(rules(&format!("n = token_count(1)\nx.access.KEY = {value}\n")).is_empty());
    }

    #[test]
    fn redaction_shows_little() {
        let r = redact(b"s3cr3t-Pa55", "0123456789abcdef");
        assert_eq!(r, "`s3…` sha256:01234567");
    }
}
