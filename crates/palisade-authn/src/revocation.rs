//! The revocation list: tokens refused before their `exp`, by `jti` (one token) or by
//! `sub` (everything a subject holds), managed through the gateway's admin API.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use serde::{Deserialize, Serialize};

use crate::jwt::Verified;
use crate::{AuthnError, Denial};

/// What a revocation matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationKind {
    /// One token, by its `jti`.
    Jti,
    /// Every token (and API key identity) of a subject.
    Sub,
}

/// One entry of the list, as the admin API shows and accepts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// What `value` is.
    pub kind: RevocationKind,
    /// The `jti` or `sub`.
    pub value: String,
    /// Unix seconds after which the entry lapses (e.g. the token's own `exp`, after which
    /// keeping it is pointless); `None` keeps it until removed.
    #[serde(default)]
    pub expires_at: Option<u64>,
    /// Why, for the operators' records.
    #[serde(default)]
    pub reason: Option<String>,
    /// Unix seconds when it was added.
    #[serde(default)]
    pub added_at: u64,
}

impl Revocation {
    /// Revokes one token by `jti`, without expiry.
    pub fn jti(value: impl Into<String>) -> Self {
        Revocation::new(RevocationKind::Jti, value)
    }

    /// Revokes every token of a subject, without expiry.
    pub fn subject(value: impl Into<String>) -> Self {
        Revocation::new(RevocationKind::Sub, value)
    }

    fn new(kind: RevocationKind, value: impl Into<String>) -> Self {
        Revocation {
            kind,
            value: value.into(),
            expires_at: None,
            reason: None,
            added_at: unix_now(SystemTime::now()),
        }
    }

    /// Sets the lapse time (Unix seconds).
    pub fn expiring_at(mut self, unix_seconds: u64) -> Self {
        self.expires_at = Some(unix_seconds);
        self
    }

    /// Sets the reason.
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    fn active(&self, now: u64) -> bool {
        self.expires_at.is_none_or(|exp| now < exp)
    }
}

#[derive(Debug, Clone, Default)]
struct Lists {
    by_jti: HashMap<String, Revocation>,
    by_sub: HashMap<String, Revocation>,
}

impl Lists {
    fn map_mut(&mut self, kind: RevocationKind) -> &mut HashMap<String, Revocation> {
        match kind {
            RevocationKind::Jti => &mut self.by_jti,
            RevocationKind::Sub => &mut self.by_sub,
        }
    }
}

/// On-disk form, versioned so it can change.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    version: u32,
    revocations: Vec<Revocation>,
}

/// A thread-safe revocation list. Lookups (every request) read a snapshot without locking;
/// changes (admin API, rare) copy, persist, then swap, one at a time.
///
/// With a file ([`Revocations::open`]) every change is written to a temporary file in the
/// same directory, synced and renamed over the old one, so a crash leaves either the old
/// or the new list, never half of one; revocations survive restarts.
#[derive(Debug)]
pub struct Revocations {
    lists: ArcSwap<Lists>,
    path: Option<PathBuf>,
    writer: Mutex<()>,
}

fn unix_now(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Revocations {
    /// A list kept only in memory (lost on restart).
    pub fn in_memory() -> Revocations {
        Revocations {
            lists: ArcSwap::from_pointee(Lists::default()),
            path: None,
            writer: Mutex::new(()),
        }
    }

    /// A list persisted at `path`: loaded now if the file exists (a missing file is an
    /// empty list; an unreadable or invalid one is an error naming it), rewritten on every
    /// change.
    pub fn open(path: impl AsRef<Path>) -> Result<Revocations, AuthnError> {
        let path = path.as_ref().to_path_buf();
        let file_error = |reason: String| AuthnError::File {
            path: path.clone(),
            reason,
        };
        let mut lists = Lists::default();
        match std::fs::read(&path) {
            Ok(bytes) => {
                let form: FileForm = serde_json::from_slice(&bytes)
                    .map_err(|e| file_error(format!("not a revocation list: {e}")))?;
                if form.version != 1 {
                    return Err(file_error(format!(
                        "version {} is not supported (expected 1)",
                        form.version
                    )));
                }
                for r in form.revocations {
                    lists.map_mut(r.kind).insert(r.value.clone(), r);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(file_error(e.to_string())),
        }
        Ok(Revocations {
            lists: ArcSwap::from_pointee(lists),
            path: Some(path),
            writer: Mutex::new(()),
        })
    }

    /// Adds (or replaces) an entry; returns whether it was new. Persisted before it takes
    /// effect in memory, so an error means nothing changed.
    pub fn add(&self, revocation: Revocation) -> Result<bool, AuthnError> {
        self.change(|lists| {
            lists
                .map_mut(revocation.kind)
                .insert(revocation.value.clone(), revocation)
                .is_none()
        })
    }

    /// Removes an entry; returns whether there was one.
    pub fn remove(&self, kind: RevocationKind, value: &str) -> Result<bool, AuthnError> {
        self.change(|lists| lists.map_mut(kind).remove(value).is_some())
    }

    /// Drops entries that have lapsed at `now`; returns how many.
    pub fn purge_expired(&self, now: SystemTime) -> Result<usize, AuthnError> {
        let now = unix_now(now);
        self.change(|lists| {
            let before = lists.by_jti.len() + lists.by_sub.len();
            lists.by_jti.retain(|_, r| r.active(now));
            lists.by_sub.retain(|_, r| r.active(now));
            before - lists.by_jti.len() - lists.by_sub.len()
        })
    }

    /// Entries in force at `now`, sorted by kind and value (stable admin API output).
    pub fn list(&self, now: SystemTime) -> Vec<Revocation> {
        let now = unix_now(now);
        let lists = self.lists.load();
        let mut out: Vec<Revocation> = lists
            .by_jti
            .values()
            .chain(lists.by_sub.values())
            .filter(|r| r.active(now))
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            (a.kind == RevocationKind::Sub, &a.value)
                .cmp(&(b.kind == RevocationKind::Sub, &b.value))
        });
        out
    }

    /// Whether the token's `jti` or `sub` is revoked at `now`.
    pub fn is_revoked(&self, verified: &Verified, now: SystemTime) -> bool {
        let now = unix_now(now);
        let lists = self.lists.load();
        let jti_hit = verified
            .token_id
            .as_deref()
            .and_then(|jti| lists.by_jti.get(jti))
            .is_some_and(|r| r.active(now));
        jti_hit
            || lists
                .by_sub
                .get(&verified.subject)
                .is_some_and(|r| r.active(now))
    }

    /// Whether a subject (of any authentication method) is revoked at `now`.
    pub fn is_subject_revoked(&self, subject: &str, now: SystemTime) -> bool {
        self.lists
            .load()
            .by_sub
            .get(subject)
            .is_some_and(|r| r.active(unix_now(now)))
    }

    /// [`is_revoked`](Revocations::is_revoked) as a [`Denial::Revoked`].
    pub fn check(&self, verified: &Verified, now: SystemTime) -> Result<(), Denial> {
        if self.is_revoked(verified, now) {
            Err(Denial::Revoked)
        } else {
            Ok(())
        }
    }

    fn change<T>(&self, edit: impl FnOnce(&mut Lists) -> T) -> Result<T, AuthnError> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = Lists::clone(&self.lists.load());
        let out = edit(&mut next);
        if let Some(path) = &self.path {
            persist(path, &next)?;
        }
        self.lists.store(Arc::new(next));
        Ok(out)
    }
}

fn persist(path: &Path, lists: &Lists) -> Result<(), AuthnError> {
    let file_error = |reason: String| AuthnError::File {
        path: path.to_path_buf(),
        reason,
    };
    let mut revocations: Vec<Revocation> = lists
        .by_jti
        .values()
        .chain(lists.by_sub.values())
        .cloned()
        .collect();
    revocations.sort_by(|a, b| {
        (a.kind == RevocationKind::Sub, &a.value).cmp(&(b.kind == RevocationKind::Sub, &b.value))
    });
    let json = serde_json::to_vec_pretty(&FileForm {
        version: 1,
        revocations,
    })
    .map_err(|e| file_error(e.to_string()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "revocations".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        file_error(format!("could not save the revocation list: {e}"))
    })
}
