//! Reload on file change: the configuration file, policy directories and the certificate
//! are watched (their directories, so editors' rename-on-save and Kubernetes' `..data`
//! symlink swaps are seen). Changes are debounced, then the whole state is rebuilt off the
//! request path and swapped in atomically; requests in flight finish on the old state, and
//! a broken new configuration is logged and ignored.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::AdmissionError;

/// Keeps watching while alive.
pub struct WatchGuard {
    _watcher: notify::RecommendedWatcher,
}

/// Calls `reload` (on a thread of its own) after files under `paths` change; each entry is
/// a path and whether it is a directory watched recursively.
pub fn watch(
    reload: impl Fn() + Send + 'static,
    paths: &[(PathBuf, bool)],
) -> Result<WatchGuard, AdmissionError> {
    let (tx, rx) = mpsc::channel::<()>();
    let files: Vec<PathBuf> = paths.iter().map(|(p, _)| absolute(p)).collect();
    let filter_files = files.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let relevant = event.paths.iter().any(|p| {
            filter_files.iter().any(|f| p == f || p.starts_with(f))
                || p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".."))
        });
        if relevant {
            let _ = tx.send(());
        }
    })
    .map_err(|e| AdmissionError::new(format!("cannot watch files for reload: {e}")))?;
    let mut dirs: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    for ((_, recursive), abs) in paths.iter().zip(&files) {
        let target = if *recursive && abs.is_dir() {
            (abs.clone(), RecursiveMode::Recursive)
        } else {
            let parent = abs
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            (parent, RecursiveMode::NonRecursive)
        };
        if !dirs.iter().any(|(d, _)| *d == target.0) {
            dirs.push(target);
        }
    }
    for (dir, mode) in &dirs {
        watcher.watch(dir, *mode).map_err(|e| {
            AdmissionError::new(format!("{}: cannot watch for reload: {e}", dir.display()))
        })?;
    }
    std::thread::Builder::new()
        .name("palisade-reload".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                // Debounce: editors and `kubectl` write in several steps.
                std::thread::sleep(Duration::from_millis(150));
                while rx.try_recv().is_ok() {}
                reload();
            }
        })
        .map_err(|e| AdmissionError::new(format!("cannot start the reload thread: {e}")))?;
    Ok(WatchGuard { _watcher: watcher })
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
