//! Standard input, read once: `palisade scan -` feeds the same bytes to the manifest loader
//! and to secret detection.

use std::io::Read;
use std::sync::{Arc, OnceLock};

/// The bytes of stdin, at most `max_bytes` (a larger input is an error naming the limit).
/// The first call reads; later calls get the same bytes or the same error.
pub fn bytes(max_bytes: u64) -> Result<Arc<[u8]>, String> {
    static STDIN: OnceLock<Result<Arc<[u8]>, String>> = OnceLock::new();
    STDIN
        .get_or_init(|| {
            let mut buf = Vec::new();
            match std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut buf)
            {
                Ok(_) if buf.len() as u64 > max_bytes => Err(format!(
                    "stdin is larger than --max-file-size ({max_bytes} bytes); not scanned"
                )),
                Ok(_) => Ok(Arc::from(buf)),
                Err(e) => Err(format!("cannot read stdin: {e}")),
            }
        })
        .clone()
}
