//! The offline advisory database: one file, `osv.db`, built from OSV records and read
//! at scan time without any network access.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic   "PALISADE-OSV-DB\n"         16 bytes
//! version u32                          format version (FORMAT_VERSION)
//! header  u64 length + JSON            DbInfo: source, import date, counts
//! index   u64 length + postcard        [(ecosystem \0 normalised name, offset, length)], sorted
//! blobs   ...                          per package: postcard Vec<Advisory>
//! ```
//!
//! Why this shape: the data is rebuilt whole on every update and only read afterwards, so
//! a B-tree store with transactions (redb, sled, SQLite) would buy nothing but size and
//! build time. One sequential read loads the file; the sorted index is binary-searched;
//! only the blobs of packages actually present in the scanned lockfiles are decoded.
//! Updates write a new file beside the old one and `rename` it into place, so a failed or
//! interrupted update never leaves a half-written database: the old one stays usable.

use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::osv::{self, Advisory, PackageKey, Record};
use crate::Ecosystem;

const MAGIC: &[u8; 16] = b"PALISADE-OSV-DB\n";
/// Version of the file format; a file of another version must be rebuilt.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the database file inside the cache directory.
pub const FILE_NAME: &str = "osv.db";

/// Limits on imported archives (hostile input: zip bombs, huge records).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
/// Largest total of uncompressed bytes read from one archive.
pub const MAX_ARCHIVE_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// What a database holds and where it came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DbInfo {
    /// The sources it was built from (URLs or paths).
    pub sources: Vec<String>,
    /// When it was built (RFC 3339, UTC).
    pub imported_at: String,
    /// The newest `modified` time among its records.
    pub newest_modified: String,
    /// Distinct records imported (withdrawn ones excluded).
    pub records: usize,
    /// Withdrawn records skipped.
    pub withdrawn: usize,
    /// Files that were not valid OSV records (skipped, with their reasons in the build report).
    pub invalid: usize,
    /// Distinct packages named.
    pub packages: usize,
    /// Advisories per ecosystem.
    pub ecosystems: BTreeMap<String, usize>,
}

/// Why the database could not be used.
#[derive(Debug)]
pub enum DbError {
    /// No database file at the path.
    Missing(PathBuf),
    /// The file is not a database of our format (or is damaged).
    Corrupt(PathBuf, String),
    /// Reading or writing failed.
    Io(PathBuf, std::io::Error),
    /// An import source could not be read.
    Source(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Missing(p) => write!(f, "no vulnerability database at {}", p.display()),
            DbError::Corrupt(p, why) => write!(
                f,
                "{} is not a usable vulnerability database ({why})",
                p.display()
            ),
            DbError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            DbError::Source(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for DbError {}

#[derive(Serialize, Deserialize)]
struct IndexEntry {
    key: String,
    offset: u64,
    len: u32,
}

fn index_key(ecosystem: &Ecosystem, normalized_name: &str) -> String {
    format!("{}\u{0}{}", ecosystem.as_str(), normalized_name)
}

/// An opened database.
pub struct Database {
    path: PathBuf,
    info: DbInfo,
    index: Vec<IndexEntry>,
    blobs: Vec<u8>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .field("info", &self.info)
            .finish()
    }
}

fn take<'a>(buf: &'a [u8], at: &mut usize, n: usize) -> Option<&'a [u8]> {
    let end = at.checked_add(n)?;
    let s = buf.get(*at..end)?;
    *at = end;
    Some(s)
}

fn read_u64(buf: &[u8], at: &mut usize) -> Option<u64> {
    Some(u64::from_le_bytes(take(buf, at, 8)?.try_into().ok()?))
}

impl Database {
    /// Opens the database file at `path`.
    pub fn open(path: &Path) -> Result<Database, DbError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(DbError::Missing(path.to_path_buf()))
            }
            Err(e) => return Err(DbError::Io(path.to_path_buf(), e)),
        };
        let corrupt = |why: &str| DbError::Corrupt(path.to_path_buf(), why.to_string());
        let mut at = 0;
        if take(&bytes, &mut at, 16) != Some(MAGIC.as_slice()) {
            return Err(corrupt("wrong file signature"));
        }
        let version = u32::from_le_bytes(
            take(&bytes, &mut at, 4)
                .ok_or_else(|| corrupt("truncated"))?
                .try_into()
                .unwrap_or_default(),
        );
        if version != FORMAT_VERSION {
            return Err(corrupt(&format!(
                "format version {version}, this palisade reads {FORMAT_VERSION}"
            )));
        }
        let hlen = read_u64(&bytes, &mut at).ok_or_else(|| corrupt("truncated"))? as usize;
        let header = take(&bytes, &mut at, hlen).ok_or_else(|| corrupt("truncated header"))?;
        let info: DbInfo =
            serde_json::from_slice(header).map_err(|e| corrupt(&format!("bad header: {e}")))?;
        let ilen = read_u64(&bytes, &mut at).ok_or_else(|| corrupt("truncated"))? as usize;
        let index_bytes = take(&bytes, &mut at, ilen).ok_or_else(|| corrupt("truncated index"))?;
        let index: Vec<IndexEntry> =
            postcard::from_bytes(index_bytes).map_err(|e| corrupt(&format!("bad index: {e}")))?;
        let blobs = bytes[at..].to_vec();
        if index
            .iter()
            .any(|e| e.offset + e.len as u64 > blobs.len() as u64)
        {
            return Err(corrupt("index points past the end of the file"));
        }
        Ok(Database {
            path: path.to_path_buf(),
            info,
            index,
            blobs,
        })
    }

    /// What the database holds.
    pub fn info(&self) -> &DbInfo {
        &self.info
    }

    /// Every package the database names: (ecosystem, normalised name), sorted.
    pub fn packages(&self) -> impl Iterator<Item = (Ecosystem, &str)> + '_ {
        self.index.iter().filter_map(|e| {
            let (eco, name) = e.key.split_once('\u{0}')?;
            Some((Ecosystem::parse(eco), name))
        })
    }

    /// Every advisory whose id or alias is `id`, with the package it names (a full scan
    /// of the file: for `palisade explain`, not for matching).
    pub fn find(&self, id: &str) -> Result<Vec<(Ecosystem, String, Advisory)>, DbError> {
        let mut out = Vec::new();
        for e in &self.index {
            let Some((eco, name)) = e.key.split_once('\u{0}') else {
                continue;
            };
            let blob = &self.blobs[e.offset as usize..(e.offset + e.len as u64) as usize];
            let advisories: Vec<Advisory> = postcard::from_bytes(blob)
                .map_err(|err| DbError::Corrupt(self.path.clone(), err.to_string()))?;
            for a in advisories {
                if a.id.eq_ignore_ascii_case(id)
                    || a.aliases.iter().any(|x| x.eq_ignore_ascii_case(id))
                {
                    out.push((Ecosystem::parse(eco), name.to_string(), a));
                }
            }
        }
        Ok(out)
    }

    /// Where it was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every advisory naming `name` in `ecosystem` (the name is normalised for the
    /// ecosystem first).
    pub fn advisories(&self, ecosystem: &Ecosystem, name: &str) -> Result<Vec<Advisory>, DbError> {
        let key = index_key(ecosystem, &ecosystem.normalize_name(name));
        let Ok(i) = self
            .index
            .binary_search_by(|e| e.key.as_str().cmp(key.as_str()))
        else {
            return Ok(Vec::new());
        };
        let e = &self.index[i];
        let blob = &self.blobs[e.offset as usize..(e.offset + e.len as u64) as usize];
        postcard::from_bytes(blob).map_err(|err| {
            DbError::Corrupt(self.path.clone(), format!("bad record for {name}: {err}"))
        })
    }

    /// Matches one installed package against the database.
    pub fn match_package(
        &self,
        ecosystem: &Ecosystem,
        name: &str,
        version: &str,
    ) -> Result<Vec<osv::VulnMatch>, DbError> {
        let advisories = self.advisories(ecosystem, name)?;
        Ok(osv::match_package(&advisories, ecosystem, version))
    }
}

/// Builds a database from OSV records.
#[derive(Default)]
pub struct Builder {
    packages: BTreeMap<String, Vec<Advisory>>,
    /// Ids seen, so a record exported under two ecosystems (or imported from two
    /// sources) counts once.
    seen: std::collections::HashSet<String>,
    info: DbInfo,
    /// Files that were not valid records: (name, reason).
    pub problems: Vec<(String, String)>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds one record.
    pub fn add_record(&mut self, record: &Record) {
        let first_time = self.seen.insert(record.id.clone());
        if record.is_withdrawn() {
            if first_time {
                self.info.withdrawn += 1;
            }
            return;
        }
        if first_time {
            self.info.records += 1;
        }
        if record.modified > self.info.newest_modified {
            self.info.newest_modified = record.modified.clone();
        }
        let mut ecos: Vec<String> = Vec::new();
        for (key, adv) in osv::split_record(record) {
            let PackageKey { ecosystem, name } = key;
            if !ecos.contains(&ecosystem.as_str().to_string()) {
                ecos.push(ecosystem.as_str().to_string());
            }
            let list = self
                .packages
                .entry(index_key(&ecosystem, &name))
                .or_default();
            // The same record imported twice (two sources): keep the newest.
            match list.iter_mut().find(|a| a.id == adv.id) {
                Some(existing) => {
                    if adv.modified >= existing.modified {
                        *existing = adv;
                    }
                }
                None => list.push(adv),
            }
        }
        if first_time {
            for e in ecos {
                *self.info.ecosystems.entry(e).or_default() += 1;
            }
        }
    }

    /// Adds a record from a file's bytes (JSON, or YAML by extension); an invalid file is
    /// counted and remembered, not fatal.
    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) {
        match Record::from_file_bytes(name, bytes) {
            Ok(r) => self.add_record(&r),
            Err(e) => {
                self.info.invalid += 1;
                self.problems.push((name.to_string(), e.to_string()));
            }
        }
    }

    /// Adds every `.json`/`.yaml`/`.yml` file under `dir`, recursively.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), DbError> {
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d).map_err(|e| DbError::Io(d.clone(), e))?;
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                let ft = std::fs::symlink_metadata(&p).map_err(|e| DbError::Io(p.clone(), e))?;
                if ft.is_dir() {
                    stack.push(p);
                } else if ft.is_file() && is_record_name(&p.to_string_lossy()) {
                    if ft.len() > MAX_RECORD_BYTES {
                        self.info.invalid += 1;
                        self.problems.push((
                            p.display().to_string(),
                            format!("larger than {MAX_RECORD_BYTES} bytes"),
                        ));
                        continue;
                    }
                    let bytes = std::fs::read(&p).map_err(|e| DbError::Io(p.clone(), e))?;
                    self.add_bytes(&p.to_string_lossy(), &bytes);
                }
            }
        }
        Ok(())
    }

    /// Adds every record of a zip archive (OSV's `all.zip`). Entry names are only used to
    /// choose JSON or YAML, never as paths on disk; sizes are bounded.
    pub fn add_zip<R: Read + Seek>(&mut self, reader: R, source: &str) -> Result<(), DbError> {
        let mut zip = zip::ZipArchive::new(reader)
            .map_err(|e| DbError::Source(format!("{source}: not a readable zip archive ({e})")))?;
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| DbError::Source(format!("{source}: damaged zip entry {i} ({e})")))?;
            let name = entry.name().to_string();
            if !entry.is_file() || !is_record_name(&name) {
                continue;
            }
            if entry.size() > MAX_RECORD_BYTES {
                self.info.invalid += 1;
                self.problems
                    .push((name, format!("larger than {MAX_RECORD_BYTES} bytes")));
                continue;
            }
            let mut buf = Vec::with_capacity(entry.size() as usize);
            (&mut entry)
                .take(MAX_RECORD_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| DbError::Source(format!("{source}: cannot read {name} ({e})")))?;
            total += buf.len() as u64;
            if total > MAX_ARCHIVE_BYTES {
                return Err(DbError::Source(format!(
                    "{source}: more than {MAX_ARCHIVE_BYTES} bytes uncompressed; refusing"
                )));
            }
            self.add_bytes(&name, &buf);
        }
        Ok(())
    }

    /// Records (and withdrawn records) seen so far.
    pub fn record_count(&self) -> usize {
        self.info.records + self.info.withdrawn
    }

    /// Records where the data came from.
    pub fn add_source(&mut self, source: &str) {
        self.info.sources.push(source.to_string());
    }

    /// Writes the database to `path` atomically (a temporary file in the same directory,
    /// then a rename) and returns what it holds.
    pub fn write(mut self, path: &Path) -> Result<DbInfo, DbError> {
        let io = |e: std::io::Error| DbError::Io(path.to_path_buf(), e);
        self.info.packages = self.packages.len();
        self.info.imported_at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let mut blobs = Vec::new();
        let mut index = Vec::with_capacity(self.packages.len());
        for (key, mut advisories) in std::mem::take(&mut self.packages) {
            advisories.sort_by(|a, b| a.id.cmp(&b.id));
            let blob = postcard::to_allocvec(&advisories)
                .map_err(|e| io(std::io::Error::other(e.to_string())))?;
            index.push(IndexEntry {
                key,
                offset: blobs.len() as u64,
                len: blob.len() as u32,
            });
            blobs.extend_from_slice(&blob);
        }
        let header = serde_json::to_vec(&self.info).map_err(|e| io(std::io::Error::other(e)))?;
        let index_bytes =
            postcard::to_allocvec(&index).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let mut out = Vec::with_capacity(32 + header.len() + index_bytes.len() + blobs.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u64).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&(index_bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(&index_bytes);
        out.extend_from_slice(&blobs);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = path.with_extension(format!("db.tmp-{}", std::process::id()));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(io)?;
            f.write_all(&out).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })?;
        Ok(self.info)
    }
}

fn is_record_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml"))
        && !lower.rsplit('/').next().unwrap_or("").starts_with('.')
}

/// The cache directory: `$PALISADE_CACHE_DIR`, else `$XDG_CACHE_HOME/palisade`, else
/// `~/.cache/palisade` (on macOS `~/Library/Caches/palisade`, on Windows
/// `%LOCALAPPDATA%\palisade`).
pub fn default_cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env("PALISADE_CACHE_DIR") {
        return Some(d);
    }
    if let Some(d) = env("XDG_CACHE_HOME") {
        return Some(d.join("palisade"));
    }
    if cfg!(windows) {
        return env("LOCALAPPDATA").map(|d| d.join("palisade"));
    }
    let home = env("HOME")?;
    if cfg!(target_os = "macos") {
        return Some(home.join("Library/Caches/palisade"));
    }
    Some(home.join(".cache/palisade"))
}
