//! Loading and reloading the key set: on demand, on an interval, and when a token names an
//! unknown `kid` (rate-limited). A failed load keeps the last good key set.

use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use crate::jwks::KeySet;
use crate::jwt::{JwtVerifier, KeySource};
use crate::AuthnError;

/// The background refresher started by [`JwtVerifier::spawn_refresh`]. Dropping it stops
/// the task.
#[derive(Debug)]
pub struct RefreshHandle {
    task: Option<JoinHandle<()>>,
}

impl RefreshHandle {
    /// Stops the refresher.
    pub fn stop(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl Drop for RefreshHandle {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl JwtVerifier {
    /// Loads the key set now (file or URL) and swaps it in; returns the number of usable
    /// keys. On failure the previous key set stays in use and the error says why. With a
    /// shared secret there is nothing to load and this returns `Ok(0)`.
    pub async fn refresh(&self) -> Result<usize, AuthnError> {
        let inner = &*self.inner;
        let result = match &inner.settings.keys {
            KeySource::SharedSecret(_) => return Ok(0),
            KeySource::JwksFile(path) => match tokio::fs::read(path).await {
                Ok(bytes) => KeySet::from_jwks_json(&bytes).map_err(|reason| AuthnError::File {
                    path: path.clone(),
                    reason,
                }),
                Err(e) => Err(AuthnError::File {
                    path: path.clone(),
                    reason: e.to_string(),
                }),
            },
            KeySource::JwksUrl(_) => match &inner.fetcher {
                Some(fetcher) => match fetcher.fetch().await {
                    Ok(bytes) => {
                        KeySet::from_jwks_json(&bytes).map_err(|reason| AuthnError::Fetch {
                            url: fetcher.url().to_string(),
                            reason,
                        })
                    }
                    Err(e) => Err(e),
                },
                None => Ok(KeySet::default()),
            },
        };
        if let Ok(mut last) = inner.last_load.lock() {
            *last = Some(Instant::now());
        }
        let set = result?;
        let count = set.len();
        inner.keys.store(std::sync::Arc::new(set));
        inner
            .key_generation
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(count)
    }

    /// Starts the background refresher on the current tokio runtime: it reloads every
    /// `refresh_interval`, after a failure again after `min_refresh_interval`, and when
    /// [`verify`](JwtVerifier::verify) met an unknown `kid` — but never sooner than
    /// `min_refresh_interval` after the previous load. Failures are logged (`tracing`
    /// warn) and the last good key set stays. With a shared secret the task just idles.
    pub fn spawn_refresh(&self) -> RefreshHandle {
        let verifier = self.clone();
        let task = tokio::spawn(async move {
            if matches!(verifier.inner.settings.keys, KeySource::SharedSecret(_)) {
                return;
            }
            let settings = &verifier.inner.settings;
            let mut last_failed = !verifier.has_keys();
            loop {
                let wait = if last_failed {
                    settings.min_refresh_interval
                } else {
                    settings.refresh_interval
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = verifier.inner.refresh_wanted.notified() => {
                        let since = verifier.since_last_load();
                        if since < settings.min_refresh_interval {
                            tokio::time::sleep(settings.min_refresh_interval - since).await;
                        }
                    }
                }
                match verifier.refresh().await {
                    Ok(count) => {
                        last_failed = false;
                        tracing::debug!(keys = count, "JWKS reloaded");
                    }
                    Err(error) => {
                        last_failed = true;
                        tracing::warn!(%error, "JWKS reload failed; keeping the last good key set");
                    }
                }
            }
        });
        RefreshHandle { task: Some(task) }
    }

    fn since_last_load(&self) -> Duration {
        self.inner
            .last_load
            .lock()
            .ok()
            .and_then(|last| last.map(|t| t.elapsed()))
            .unwrap_or(Duration::MAX)
    }
}
