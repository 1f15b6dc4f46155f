//! HTTP/1.1 as bytes, for the gateway's upstream client: the request head it writes, the
//! response head it reads (with the body's framing decided once, RFC 9112 §6.3), and the
//! chunked transfer coding both ways.
//!
//! A crate of its own because it is where a hostile or broken upstream's bytes are first
//! interpreted: pure functions over buffers, no I/O, so they are tested exhaustively and
//! fuzzed alone (`fuzz/fuzz_targets/upstream_response.rs`) without building the gateway.

pub mod chunked;
pub mod head;

pub use chunked::{encode_chunk, ChunkedDecoder, ChunkedError, Decoded, LAST_CHUNK};
pub use head::{
    encode_request_head, parse_content_length, parse_response_head, HeadError, RequestFraming,
    ResponseFraming, ResponseHead, MAX_HEAD, MAX_HEADERS,
};
