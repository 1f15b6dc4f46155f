//! Getting OSV data: `db update` downloads OSV's per-ecosystem exports
//! (`{base}/{ecosystem}/all.zip`, OSV's public storage layout); `db update --from`
//! imports a zip, a directory of JSON/YAML records, one record, or a zip at a URL.
//!
//! Every download goes to a temporary file first and is checked (length, zip structure)
//! before anything is imported; the new database replaces the old one only when the
//! whole import succeeded. An interrupted download therefore loses nothing.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::db::{Builder, DbError, DbInfo};

/// OSV's public export location.
pub const DEFAULT_BASE_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The ecosystems `db update` fetches by default: those our lockfile parsers produce.
pub const DEFAULT_ECOSYSTEMS: [&str; 10] = [
    "crates.io",
    "npm",
    "Go",
    "PyPI",
    "Maven",
    "RubyGems",
    "NuGet",
    "Packagist",
    "Pub",
    "Hex",
];

/// Largest download accepted (OSV's biggest per-ecosystem export is well under this).
pub const MAX_DOWNLOAD_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Percent-encodes a path segment (`Rocky Linux` → `Rocky%20Linux`).
fn encode_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The export URL of one ecosystem.
pub fn ecosystem_url(base: &str, ecosystem: &str) -> String {
    format!(
        "{}/{}/all.zip",
        base.trim_end_matches('/'),
        encode_segment(ecosystem)
    )
}

/// Downloads `url` into `dest`, failing on HTTP errors, bodies shorter than their
/// `Content-Length`, and bodies over [`MAX_DOWNLOAD_BYTES`].
pub fn download(url: &str, dest: &Path) -> Result<u64, DbError> {
    let agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_body(Some(Duration::from_secs(600)))
        .http_status_as_error(true)
        .build()
        .new_agent();
    let response = agent
        .get(url)
        .call()
        .map_err(|e| DbError::Source(format!("{url}: download failed: {e}")))?;
    let expected: Option<u64> = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let mut body = response.into_body();
    let mut reader = body.as_reader().take(MAX_DOWNLOAD_BYTES + 1);
    let mut file = std::fs::File::create(dest).map_err(|e| DbError::Io(dest.to_path_buf(), e))?;
    let mut buf = vec![0u8; 256 * 1024];
    let mut got: u64 = 0;
    loop {
        let n = reader.read(&mut buf).map_err(|e| {
            DbError::Source(format!(
                "{url}: download interrupted after {got} bytes: {e}"
            ))
        })?;
        if n == 0 {
            break;
        }
        got += n as u64;
        file.write_all(&buf[..n])
            .map_err(|e| DbError::Io(dest.to_path_buf(), e))?;
    }
    if got > MAX_DOWNLOAD_BYTES {
        return Err(DbError::Source(format!(
            "{url}: larger than {MAX_DOWNLOAD_BYTES} bytes; refusing"
        )));
    }
    if let Some(len) = expected {
        if got != len {
            return Err(DbError::Source(format!(
                "{url}: download interrupted: got {got} of {len} bytes"
            )));
        }
    }
    file.sync_all()
        .map_err(|e| DbError::Io(dest.to_path_buf(), e))?;
    Ok(got)
}

/// A temporary directory inside the cache directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(cache_dir: &Path) -> Result<Scratch, DbError> {
        let dir = cache_dir.join(format!("download-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| DbError::Io(dir.clone(), e))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn import_zip_file(builder: &mut Builder, path: &Path, source: &str) -> Result<(), DbError> {
    let f = std::fs::File::open(path).map_err(|e| DbError::Io(path.to_path_buf(), e))?;
    builder.add_zip(std::io::BufReader::new(f), source)
}

/// `db update`: downloads each ecosystem's export from `base_url` and replaces the
/// database at `db_path`. Any failure leaves the existing database as it was.
pub fn update(
    base_url: &str,
    ecosystems: &[String],
    db_path: &Path,
    progress: &dyn Fn(&str),
) -> Result<Imported, DbError> {
    let cache_dir = db_path.parent().unwrap_or(Path::new("."));
    let scratch = Scratch::new(cache_dir)?;
    let mut builder = Builder::new();
    for eco in ecosystems {
        let url = ecosystem_url(base_url, eco);
        progress(&format!("downloading {url}"));
        let dest = scratch.0.join(format!("{}.zip", encode_segment(eco)));
        let bytes = download(&url, &dest)?;
        progress(&format!("importing {eco} ({bytes} bytes)"));
        import_zip_file(&mut builder, &dest, &url)?;
        builder.add_source(&url);
    }
    finish(builder, db_path)
}

/// `db update --from SOURCE`: a zip file, a directory of records, one record file, or
/// an `http(s)://` URL of a zip. Replaces the database at `db_path` on success.
pub fn import_from(
    source: &str,
    db_path: &Path,
    progress: &dyn Fn(&str),
) -> Result<Imported, DbError> {
    let mut builder = Builder::new();
    if source.starts_with("http://") || source.starts_with("https://") {
        let cache_dir = db_path.parent().unwrap_or(Path::new("."));
        let scratch = Scratch::new(cache_dir)?;
        let dest = scratch.0.join("import.zip");
        progress(&format!("downloading {source}"));
        download(source, &dest)?;
        import_zip_file(&mut builder, &dest, source)?;
    } else {
        let path = Path::new(source);
        let meta = std::fs::metadata(path).map_err(|e| DbError::Io(path.to_path_buf(), e))?;
        progress(&format!("importing {source}"));
        if meta.is_dir() {
            builder.add_dir(path)?;
        } else if source.to_ascii_lowercase().ends_with(".zip") {
            import_zip_file(&mut builder, path, source)?;
        } else {
            let bytes = std::fs::read(path).map_err(|e| DbError::Io(path.to_path_buf(), e))?;
            builder.add_bytes(source, &bytes);
        }
    }
    builder.add_source(source);
    finish(builder, db_path)
}

/// What an import produced: the new database's summary and the files that were not
/// valid records (name, reason).
pub type Imported = (DbInfo, Vec<(String, String)>);

fn finish(builder: Builder, db_path: &Path) -> Result<Imported, DbError> {
    if builder.record_count() == 0 {
        return Err(DbError::Source(
            "no OSV records found in the source; the database was not changed".into(),
        ));
    }
    let problems = builder.problems.clone();
    let info = builder.write(db_path)?;
    Ok((info, problems))
}
