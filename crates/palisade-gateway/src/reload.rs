//! Hot reload: on SIGHUP or when the config file changes, re-read, check and swap it in.
//! A bad config is refused with its `file:line:col` and the running config stays.

use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::server::Gateway;

fn apply(gw: &Gateway, why: &str) {
    match gw.reload() {
        Ok(()) => eprintln!("palisade gateway: config reloaded ({why})"),
        Err(e) => eprintln!("palisade gateway: reload refused, keeping the running config: {e}"),
    }
}

/// Reloads on SIGHUP (Unix) until the task is dropped.
pub async fn on_sighup(gw: Arc<Gateway>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hup) = signal(SignalKind::hangup()) else {
            eprintln!("palisade gateway: cannot listen for SIGHUP; file watch only");
            return;
        };
        while hup.recv().await.is_some() {
            apply(&gw, "SIGHUP");
        }
    }
    #[cfg(not(unix))]
    {
        let _ = gw;
        std::future::pending::<()>().await;
    }
}

/// Watches the config file's directory and reloads when the file changes (editors replace
/// files by rename, so the directory is watched, not the inode). Events are debounced.
pub async fn watch_file(gw: Arc<Gateway>) {
    let path = gw.config_path.clone();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_os_string());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            if ev.kind.is_access() {
                return;
            }
            if ev
                .paths
                .iter()
                .any(|p| p.file_name().map(|n| n.to_os_string()) == name)
            {
                let _ = tx.send(());
            }
        }
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            eprintln!("palisade gateway: cannot watch the config file ({e}); SIGHUP only");
            return;
        }
    };
    if let Err(e) = watcher.watch(&dir, RecursiveMode::NonRecursive) {
        eprintln!(
            "palisade gateway: cannot watch {} ({e}); SIGHUP only",
            dir.display()
        );
        return;
    }
    while rx.recv().await.is_some() {
        // Debounce: an editor's save is several events.
        tokio::time::sleep(Duration::from_millis(150)).await;
        while rx.try_recv().is_ok() {}
        apply(&gw, "file changed");
    }
}
