//! Compiled once, evaluated from many threads. A regorus [`Engine`] needs `&mut self` to
//! evaluate, so each policy set keeps one prepared engine and hands out clones: an idle
//! clone is reused (a mutex-guarded stack), a new one is cloned only when every idle one is
//! busy, so a pool never holds more engines than there were concurrent evaluations.

use std::sync::Mutex;

use regorus::Engine;

/// A prepared engine and its idle clones.
pub(crate) struct EnginePool {
    prototype: Engine,
    idle: Mutex<Vec<Engine>>,
}

impl EnginePool {
    /// `prototype` must be prepared (evaluated once) so clones do not analyse the modules
    /// again.
    pub fn new(prototype: Engine) -> Self {
        EnginePool {
            prototype,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with an engine of this pool to itself.
    pub fn with<R>(&self, f: impl FnOnce(&mut Engine) -> R) -> R {
        let taken = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut engine = taken.unwrap_or_else(|| self.prototype.clone());
        let out = f(&mut engine);
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(engine);
        out
    }

    /// A fresh clone of the prepared engine (for one-off queries).
    pub fn clone_engine(&self) -> Engine {
        self.prototype.clone()
    }
}

/// Adds Rego to `engine`, trying Rego v1 first and then v0 (Gatekeeper and older Conftest
/// policies are v0). When both fail, the error of the parse that got further is the one
/// that describes the author's mistake. Returns the package (`data.x.y`).
pub(crate) fn add_rego(
    engine: &mut Engine,
    name: &str,
    text: &str,
    prefer_v0: bool,
) -> Result<String, String> {
    let order = if prefer_v0 {
        [true, false]
    } else {
        [false, true]
    };
    let mut errors = Vec::new();
    for v0 in order {
        engine.set_rego_v0(v0);
        match engine.add_policy(name.to_string(), text.to_string()) {
            Ok(pkg) => {
                engine.set_rego_v0(false);
                return Ok(pkg);
            }
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    engine.set_rego_v0(false);
    let line_of = |e: &String| {
        e.split("--> ")
            .nth(1)
            .and_then(|rest| rest.split(':').nth(1))
            .and_then(|l| l.trim().parse::<u32>().ok())
            .unwrap_or(0)
    };
    // `max_by_key` keeps the last of equals: reversed, the preferred version wins ties.
    let best = errors
        .iter()
        .rev()
        .max_by_key(|e| line_of(e))
        .cloned()
        .unwrap_or_default();
    Err(best)
}
