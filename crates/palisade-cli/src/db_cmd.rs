//! `palisade db update` and `palisade db status`: wiring of `palisade_sca::{db, fetch}`.

use std::io::Write;
use std::path::{Path, PathBuf};

use palisade_sca::db::{self, Database, DbError};
use palisade_sca::fetch;
use serde_json::json;

use crate::args::{DbCommand, DbStatusArgs, DbUpdateArgs, ListFormat};
use crate::{exit, Failure};

/// Runs a `db` subcommand.
pub fn run(cmd: DbCommand) -> Result<u8, Failure> {
    match cmd {
        DbCommand::Update(args) => update(args),
        DbCommand::Status(args) => status(args),
    }
}

/// The database file for an optional `--cache-dir`.
pub fn db_path(cache_dir: Option<&Path>) -> Result<PathBuf, Failure> {
    let dir = match cache_dir {
        Some(d) => d.to_path_buf(),
        None => db::default_cache_dir().ok_or_else(|| {
            Failure::Usage(
                "cannot find a cache directory: set PALISADE_CACHE_DIR or pass --cache-dir".into(),
            )
        })?,
    };
    Ok(dir.join(db::FILE_NAME))
}

fn update(args: DbUpdateArgs) -> Result<u8, Failure> {
    let path = db_path(args.cache_dir.as_deref())?;
    let progress = |msg: &str| eprintln!("{msg}");
    let started = std::time::Instant::now();
    let result = match &args.from {
        Some(source) => fetch::import_from(source, &path, &progress),
        None => {
            let base = args
                .base_url
                .clone()
                .or_else(|| {
                    std::env::var("PALISADE_OSV_BASE_URL")
                        .ok()
                        .filter(|s| !s.is_empty())
                })
                .unwrap_or_else(|| fetch::DEFAULT_BASE_URL.to_string());
            let ecosystems: Vec<String> = if args.ecosystem.is_empty() {
                fetch::DEFAULT_ECOSYSTEMS
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            } else {
                args.ecosystem
                    .iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            fetch::update(&base, &ecosystems, &path, &progress)
        }
    };
    match result {
        Ok((info, problems)) => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "imported {} advisories ({} withdrawn skipped, {} files not valid OSV records) for {} packages in {:.1}s into {}",
                info.records,
                info.withdrawn,
                info.invalid,
                info.packages,
                started.elapsed().as_secs_f64(),
                path.display()
            )?;
            if args.debug {
                for (name, why) in &problems {
                    eprintln!("debug: not imported: {name}: {why}");
                }
            } else if !problems.is_empty() {
                eprintln!(
                    "note: {} files were not valid OSV records (--debug lists them)",
                    problems.len()
                );
            }
            Ok(exit::CLEAN)
        }
        Err(e) => {
            eprintln!("error: {e}");
            if path.exists() {
                eprintln!(
                    "the existing database at {} was kept unchanged",
                    path.display()
                );
            }
            Ok(exit::FINDINGS)
        }
    }
}

/// Age of a database in whole days, from its import time.
pub fn age_days(imported_at: &str) -> Option<i64> {
    let t =
        time::OffsetDateTime::parse(imported_at, &time::format_description::well_known::Rfc3339)
            .ok()?;
    Some((time::OffsetDateTime::now_utc() - t).whole_days())
}

fn status(args: DbStatusArgs) -> Result<u8, Failure> {
    let path = db_path(args.cache_dir.as_deref())?;
    let db = match Database::open(&path) {
        Ok(db) => db,
        Err(e @ DbError::Missing(_)) => {
            eprintln!("error: {e}; run `palisade db update` (or `palisade db update --from PATH`) to create it");
            return Ok(exit::FINDINGS);
        }
        Err(e) => {
            eprintln!("error: {e}; run `palisade db update` to rebuild it");
            return Ok(exit::FINDINGS);
        }
    };
    let info = db.info();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let age = age_days(&info.imported_at);
    let mut out = std::io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let v = json!({
                "path": path.display().to_string(),
                "formatVersion": db::FORMAT_VERSION,
                "sizeBytes": size,
                "ageDays": age,
                "info": info,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
        ListFormat::Table => {
            writeln!(
                out,
                "database   {} ({} bytes, format {})",
                path.display(),
                size,
                db::FORMAT_VERSION
            )?;
            writeln!(
                out,
                "imported   {}{}",
                info.imported_at,
                age.map(|d| format!(" ({d} days ago)")).unwrap_or_default()
            )?;
            for s in &info.sources {
                writeln!(out, "source     {s}")?;
            }
            writeln!(
                out,
                "newest     {} (most recent `modified` among the records)",
                info.newest_modified
            )?;
            writeln!(
                out,
                "records    {} advisories for {} packages ({} withdrawn skipped, {} invalid files)",
                info.records, info.packages, info.withdrawn, info.invalid
            )?;
            for (eco, n) in &info.ecosystems {
                writeln!(out, "  {eco:<20} {n}")?;
            }
        }
    }
    Ok(exit::CLEAN)
}
