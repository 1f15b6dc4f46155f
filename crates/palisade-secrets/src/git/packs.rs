//! Which pack file is damaged, when objects could not be read.
//!
//! gitoxide skips a pack index it cannot load, so the objects of a truncated or corrupt
//! `.idx` are merely "not found"; and a truncated `.pack` fails object by object without
//! naming the file. After a scan that met unreadable objects, each pack of the object
//! database is checked and what is wrong is reported against its file: an index that does
//! not load or whose checksum fails, a pack that does not load, is shorter than its index
//! says, or is not the pack its index was made for. The checks read each index once and
//! only the header and trailer of each pack (a pack's own checksum would mean reading
//! gigabytes), and run only when something was already wrong.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gix::odb::pack;
use palisade_core::InputError;

use super::error;
use super::read::reason;

/// Reports what is wrong with each pack under `objects_dir` (`.git/objects`).
pub(super) fn check(objects_dir: &Path, hash: gix::hash::Kind, errors: &mut Vec<InputError>) {
    let dir = objects_dir.join("pack");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for path in &files {
        match path.extension().and_then(|e| e.to_str()) {
            Some("idx") => check_pair(path, &path.with_extension("pack"), hash, errors),
            Some("pack") if !path.with_extension("idx").exists() => errors.push(error(
                &path.display().to_string(),
                "has no index (.idx): its objects cannot be read".into(),
            )),
            _ => {}
        }
    }
    let midx = dir.join("multi-pack-index");
    if midx.exists() {
        let shown = midx.display().to_string();
        match pack::multi_index::File::at(&midx, None) {
            Ok(file) => {
                if let Err(e) =
                    file.verify_checksum(&mut gix::progress::Discard, &AtomicBool::new(false))
                {
                    errors.push(error(&shown, format!("corrupt: {}", reason(&e))));
                }
            }
            Err(e) => errors.push(error(&shown, format!("cannot be read: {}", reason(&e)))),
        }
    }
}

/// Checks one index and the pack it belongs to.
fn check_pair(
    idx_path: &Path,
    pack_path: &Path,
    hash: gix::hash::Kind,
    errors: &mut Vec<InputError>,
) {
    let idx_shown = idx_path.display().to_string();
    let pack_shown = pack_path.display().to_string();
    let index = match pack::index::File::at(idx_path, hash) {
        Ok(i) => i,
        Err(e) => {
            errors.push(error(&idx_shown, format!("cannot be read: {}", reason(&e))));
            return;
        }
    };
    if let Err(e) = index.verify_checksum(&mut gix::progress::Discard, &AtomicBool::new(false)) {
        let why = reason(&e);
        errors.push(error(
            &idx_shown,
            format!("corrupt: its checksum does not match its content ({why})"),
        ));
        return;
    }
    if !pack_path.exists() {
        errors.push(error(&pack_shown, "is missing (its index remains)".into()));
        return;
    }
    let data = match pack::data::File::at(pack_path, hash) {
        Ok(d) => d,
        Err(e) => {
            errors.push(error(
                &pack_shown,
                format!("cannot be read: {}", reason(&e)),
            ));
            return;
        }
    };
    if data.checksum() == index.pack_checksum() {
        return;
    }
    // The pack's trailer is not the checksum its index records: say why, as best we can.
    let last = index.sorted_offsets().last().copied().unwrap_or(0);
    let len = data.data_len() as u64;
    let message = if data.num_objects() != index.num_objects() {
        format!(
            "does not match its index {idx_shown}: the pack holds {} objects, the index lists {}",
            data.num_objects(),
            index.num_objects()
        )
    } else if last >= len.saturating_sub(hash.len_in_bytes() as u64) {
        format!("truncated: {len} bytes, but its index places an object at offset {last}")
    } else {
        format!(
            "corrupt, or not the pack its index {idx_shown} was made for: its checksum is {}, the index expects {}",
            data.checksum(),
            index.pack_checksum()
        )
    };
    errors.push(error(&pack_shown, message));
}
