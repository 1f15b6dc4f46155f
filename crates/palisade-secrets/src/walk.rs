//! Scanning files and directories: a parallel, `.gitignore`-aware walk (the `ignore`
//! crate) that skips what cannot hold a readable secret — binaries, images, media,
//! archives, minified bundles, files over the size limit — and counts each skip by reason.
//! Large files are read in overlapping chunks, so memory stays bounded whatever their size.
//! Unreadable files and walk errors (permission denied, broken symlinks) become
//! [`InputError`]s and the rest of the tree is scanned.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};
use palisade_core::{Finding, InputError};

use crate::{Scanner, Target};

/// Default for [`WalkOptions::max_file_size`]: 1 GiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;
/// Files up to this size are read whole; larger ones in chunks of this size.
const CHUNK: usize = 16 * 1024 * 1024;
/// Bytes shared by consecutive chunks, so a secret across a chunk boundary is seen whole.
const OVERLAP: usize = 256 * 1024;
/// How much of a file is sniffed for NUL bytes.
const SNIFF: usize = 8 * 1024;
/// A file whose first 64 KiB has lines this long on average is a minified bundle.
const MINIFIED_AVG_LINE: usize = 1000;

/// Extensions of files that are never text worth scanning.
const SKIPPED_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tif", "tiff", "psd", "heic", "avif", "mp3",
    "mp4", "m4a", "mov", "avi", "mkv", "webm", "wav", "flac", "ogg", "ttf", "otf", "woff", "woff2",
    "eot", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "ear", "whl",
    "gem", "nupkg", "deb", "rpm", "apk", "dmg", "iso", "img", "exe", "dll", "so", "dylib", "a",
    "o", "class", "pyc", "wasm", "pdf", "sqlite", "db",
];

/// Why a file was not scanned.
pub mod skip {
    /// NUL bytes in the first 8 KiB.
    pub const BINARY: &str = "binary (NUL byte in the first 8 KiB)";
    /// By extension.
    pub const MEDIA: &str = "image, media, font or archive (by extension)";
    /// Minified bundles and source maps.
    pub const MINIFIED: &str = "minified or single-line (average line over 1000 bytes)";
    /// Over `--max-file-size`.
    pub const TOO_LARGE: &str = "larger than the size limit";
    /// FIFOs, sockets and devices: reading one can block forever or never end.
    pub const SPECIAL: &str = "not a regular file (FIFO, socket or device)";
}

/// How to walk.
#[derive(Clone, Debug)]
pub struct WalkOptions {
    /// Do not honour `.gitignore`, `.ignore` and hidden-file rules.
    pub no_ignore: bool,
    /// Files larger than this are skipped (and counted).
    pub max_file_size: u64,
    /// Say on stderr what was skipped and why.
    pub debug: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            no_ignore: false,
            max_file_size: DEFAULT_MAX_FILE_BYTES,
            debug: false,
        }
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings, in no particular order.
    pub findings: Vec<Finding>,
    /// Paths that could not be read or walked.
    pub errors: Vec<InputError>,
    /// Files scanned.
    pub files: usize,
    /// Bytes scanned.
    pub bytes: u64,
    /// Files not scanned, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
}

impl Report {
    fn merge(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.errors.extend(other.errors);
        self.files += other.files;
        self.bytes += other.bytes;
        for (k, v) in other.skipped {
            *self.skipped.entry(k).or_default() += v;
        }
    }

    fn skip(&mut self, reason: &'static str, shown: &str, debug: bool) {
        if debug {
            eprintln!("debug: skip {shown}: {reason}");
        }
        *self.skipped.entry(reason).or_default() += 1;
    }

    fn error(&mut self, shown: &str, message: String) {
        self.errors.push(InputError {
            path: shown.to_string(),
            line: None,
            column: None,
            message,
        });
    }
}

/// What walker threads collect: a report whose findings are kept as each file's vector
/// (moved, never copied, until the one final vector is sized and filled).
#[derive(Default)]
struct Collected {
    report: Report,
    found: Vec<Vec<Finding>>,
}

impl Collected {
    fn merge(&mut self, other: Collected) {
        self.report.merge(other.report);
        self.found.extend(other.found);
    }

    fn found(&mut self, findings: Vec<Finding>) {
        if !findings.is_empty() {
            self.found.push(findings);
        }
    }

    fn skip(&mut self, reason: &'static str, shown: &str, debug: bool) {
        self.report.skip(reason, shown, debug)
    }

    fn error(&mut self, shown: &str, message: String) {
        self.report.error(shown, message)
    }

    /// The report, its findings in one vector sized once and sorted.
    fn finish(self) -> Report {
        let mut report = self.report;
        let total = report.findings.len() + self.found.iter().map(Vec::len).sum::<usize>();
        report.findings.reserve_exact(total - report.findings.len());
        for part in self.found {
            report.findings.extend(part);
        }
        sort_findings(&mut report.findings);
        report.errors.sort_by(|a, b| a.path.cmp(&b.path));
        report
    }
}

/// Sorts findings into their report order ([`Finding::report_order`], so
/// [`palisade_core::ScanResult::sort`] then finds them sorted), stably. The order is found
/// on indices and applied by swaps, so the large findings are moved once rather than at
/// every merge step, and no scratch copy of them is allocated.
fn sort_findings(findings: &mut [Finding]) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| findings[a].report_order().cmp(&findings[b].report_order()));
    // `order[i]` is the index of the finding that goes to `i`: follow each cycle once.
    for start in 0..order.len() {
        let mut i = start;
        while order[i] != start {
            let next = order[i];
            findings.swap(i, next);
            order[i] = i;
            i = next;
        }
        order[i] = i;
    }
}

/// Scans files and directories (walked in parallel). `-` is not handled here: read stdin
/// and call [`Scanner::scan`].
pub fn scan_paths(scanner: &Scanner, paths: &[PathBuf], opts: &WalkOptions) -> Report {
    let total = Arc::new(Mutex::new(Collected::default()));
    for path in paths {
        let shown_arg = path.to_string_lossy().replace('\\', "/");
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                lock(&total).error(&shown_arg, format!("cannot read: {e}"));
                continue;
            }
        };
        if !meta.is_file() && !meta.is_dir() {
            lock(&total).skip(skip::SPECIAL, &shown_arg, opts.debug);
            continue;
        }
        let root = RepoRoot::find(path);
        if meta.is_file() {
            let mut local = Collected::default();
            scan_one(scanner, path, &shown_arg, &root, opts, &mut local, true);
            lock(&total).merge(local);
            continue;
        }
        WalkBuilder::new(path)
            .standard_filters(!opts.no_ignore)
            .require_git(false)
            .follow_links(false)
            .build_parallel()
            .run(|| {
                let mut local = Merge {
                    collected: Collected::default(),
                    into: total.clone(),
                };
                let root = &root;
                let shown_arg = &shown_arg;
                Box::new(move |entry| {
                    match entry {
                        Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                            let p = e.path();
                            let shown = p.to_string_lossy().replace('\\', "/");
                            scan_one(scanner, p, &shown, root, opts, &mut local.collected, false);
                        }
                        Ok(e) if e.file_type().is_some_and(is_special) => {
                            let shown = e.path().to_string_lossy().replace('\\', "/");
                            local.collected.skip(skip::SPECIAL, &shown, opts.debug);
                        }
                        // Directories, and symbolic links (not followed, as ripgrep does).
                        Ok(_) => {}
                        Err(err) => {
                            local.collected.error(shown_arg, err.to_string());
                        }
                    }
                    WalkState::Continue
                })
            });
    }
    let collected = std::mem::take(&mut *lock(&total));
    collected.finish()
}

/// A FIFO, socket or device: neither a file, a directory nor a symbolic link.
fn is_special(t: std::fs::FileType) -> bool {
    !t.is_file() && !t.is_dir() && !t.is_symlink()
}

fn lock(m: &Mutex<Collected>) -> std::sync::MutexGuard<'_, Collected> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A walker thread's results, merged into the total when the thread is done.
struct Merge {
    collected: Collected,
    into: Arc<Mutex<Collected>>,
}

impl Drop for Merge {
    fn drop(&mut self) {
        let r = std::mem::take(&mut self.collected);
        lock(&self.into).merge(r);
    }
}

/// Scans one file into `out`. `explicit`: named on the command line (extension rules do not
/// apply; content rules do).
fn scan_one(
    scanner: &Scanner,
    path: &Path,
    shown: &str,
    root: &RepoRoot,
    opts: &WalkOptions,
    out: &mut Collected,
    explicit: bool,
) {
    if !explicit && skipped_by_name(path) {
        let reason = if is_minified_name(path) {
            skip::MINIFIED
        } else {
            skip::MEDIA
        };
        return out.skip(reason, shown, opts.debug);
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return out.error(shown, format!("cannot read: {e}")),
    };
    // The size costs a `statx` per file, so it is asked only when the limit is below a chunk
    // (a smaller file may be over it) or when the file fills the read buffer.
    let mut known_len = None;
    if opts.max_file_size < CHUNK as u64 {
        let len = match file.metadata() {
            Ok(m) => m.len(),
            Err(e) => return out.error(shown, format!("cannot read: {e}")),
        };
        if too_large(len, opts, shown, &mut out.report) {
            return;
        }
        known_len = Some(len);
    }
    let repo_path = root.relative(path, shown);
    let target = Target {
        shown,
        repo_path: &repo_path,
    };
    // One buffer of a chunk per thread, reused file after file: no allocation, no page
    // faults and no zeroing per file, and a whole file in one `read` (plus the one that
    // returns 0), where `read_to_end` would grow its reads from 8 KiB.
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        let n = match read_growing(&mut file, &mut buf) {
            Ok(n) => n,
            Err(e) => return out.error(shown, format!("cannot read: {e}")),
        };
        if n == CHUNK {
            let len = match known_len {
                Some(len) => len,
                None => match file.metadata() {
                    Ok(m) => m.len(),
                    Err(e) => return out.error(shown, format!("cannot read: {e}")),
                },
            };
            if too_large(len, opts, shown, &mut out.report) {
                return;
            }
            if len as usize > CHUNK {
                let first = buf[..n].to_vec();
                drop(buf);
                if let Some(reason) = content_skip(&first) {
                    return out.skip(reason, shown, opts.debug);
                }
                return match scan_chunked(scanner, &target, first, &mut file) {
                    Ok((findings, bytes)) => {
                        out.report.files += 1;
                        out.report.bytes += bytes;
                        out.found(findings);
                    }
                    Err(e) => out.error(shown, format!("cannot read: {e}")),
                };
            }
        }
        let bytes = &buf[..n];
        if let Some(reason) = content_skip(bytes) {
            return out.skip(reason, shown, opts.debug);
        }
        out.report.files += 1;
        out.report.bytes += n as u64;
        out.found(scanner.scan(&target, bytes));
    })
}

/// Whether a file of `len` bytes is over the size limit (counted and, with `--debug`, said).
fn too_large(len: u64, opts: &WalkOptions, shown: &str, out: &mut Report) -> bool {
    if len <= opts.max_file_size {
        return false;
    }
    if opts.debug {
        eprintln!(
            "debug: skip {shown}: {len} bytes, over the limit of {}",
            opts.max_file_size
        );
    }
    *out.skipped.entry(skip::TOO_LARGE).or_default() += 1;
    true
}

/// Scans a large file chunk by chunk. Each chunk after the first starts with the tail of
/// the previous one (from a line start), so a secret across a boundary is seen whole;
/// findings already reported from the shared part are not reported twice.
fn scan_chunked(
    scanner: &Scanner,
    target: &Target<'_>,
    first: Vec<u8>,
    file: &mut std::fs::File,
) -> std::io::Result<(Vec<Finding>, u64)> {
    let mut findings = Vec::new();
    let mut buf = first;
    let mut lines_before: u32 = 0;
    let mut seen: HashSet<(String, u32, u32)> = HashSet::new();
    let mut total = buf.len() as u64;
    loop {
        let mut batch = scanner.scan(target, &buf);
        let mut now_seen = HashSet::new();
        for f in &mut batch {
            f.location.line += lines_before;
        }
        for f in batch {
            let key = (f.fingerprint.clone(), f.location.line, f.location.column);
            if !seen.contains(&key) {
                findings.push(f);
            }
            now_seen.insert(key);
        }
        seen = now_seen;
        let mut next = vec![0u8; CHUNK];
        let n = read_full(file, &mut next)?;
        if n == 0 {
            break;
        }
        next.truncate(n);
        total += n as u64;
        // Keep the tail from the line start at or before len - OVERLAP.
        let cut = buf.len().saturating_sub(OVERLAP);
        let keep_from = memchr::memrchr(b'\n', &buf[..cut]).map_or(cut, |i| i + 1);
        lines_before += memchr::memchr_iter(b'\n', &buf[..keep_from]).count() as u32;
        let mut merged = buf.split_off(keep_from);
        merged.extend_from_slice(&next);
        buf = merged;
    }
    Ok((findings, total))
}

/// Reads `file` into `buf` from its start up to [`CHUNK`] bytes and returns how many were
/// read. `buf` is the thread's buffer: it grows (zeroed once) to the largest file read, a
/// chunk at most, so a scan of small files touches little memory.
fn read_growing(file: &mut std::fs::File, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut n = 0;
    loop {
        if n == buf.len() {
            if n >= CHUNK {
                return Ok(n);
            }
            buf.resize((2 * n).clamp(64 * 1024, CHUNK), 0);
        }
        match file.read(&mut buf[n..]) {
            Ok(0) => return Ok(n),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_minified_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".min.js") || name.ends_with(".min.css") || name.ends_with(".map")
}

fn skipped_by_name(path: &Path) -> bool {
    is_minified_name(path) || SKIPPED_EXTENSIONS.contains(&extension(path).as_str())
}

/// Why the content of a file is not scanned, from its first chunk.
pub fn content_skip(head: &[u8]) -> Option<&'static str> {
    if memchr::memchr(0, &head[..head.len().min(SNIFF)]).is_some() {
        return Some(skip::BINARY);
    }
    let sample = &head[..head.len().min(64 * 1024)];
    if sample.len() >= 16 * 1024 {
        // The average line is over the limit when the lines are at most this many
        // (`len / lines > limit`): newlines are counted only that far, not over the sample.
        let most = sample.len() / (MINIFIED_AVG_LINE + 1);
        let lines = memchr::memchr_iter(b'\n', sample).take(most).count() + 1;
        if lines <= most {
            return Some(skip::MINIFIED);
        }
    }
    None
}

/// The enclosing git repository, so fingerprints use repository-relative paths whatever
/// directory the scan starts from.
struct RepoRoot {
    /// The repository's top directory (canonical).
    root: Option<PathBuf>,
    /// The path given on the command line and its canonical form: a file found by the walk
    /// is that path plus a suffix free of symlinks (links are not followed), so its canonical
    /// path is found without a `realpath` per file.
    arg: Option<(PathBuf, PathBuf)>,
}

impl RepoRoot {
    fn find(path: &Path) -> RepoRoot {
        let Ok(abs) = std::fs::canonicalize(path) else {
            return RepoRoot {
                root: None,
                arg: None,
            };
        };
        RepoRoot {
            root: abs
                .ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf),
            arg: Some((path.to_path_buf(), abs)),
        }
    }

    fn relative(&self, path: &Path, shown: &str) -> String {
        let rel = self.root.as_ref().and_then(|root| {
            let abs = match &self.arg {
                Some((arg, abs_arg)) if path != arg.as_path() => match path.strip_prefix(arg) {
                    Ok(suffix) => abs_arg.join(suffix),
                    Err(_) => std::fs::canonicalize(path).ok()?,
                },
                Some((_, abs_arg)) => abs_arg.clone(),
                None => std::fs::canonicalize(path).ok()?,
            };
            abs.strip_prefix(root)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        });
        rel.unwrap_or_else(|| shown.trim_start_matches("./").to_string())
    }
}
