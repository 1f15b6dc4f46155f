//! Chunked transfer coding (RFC 9112 §7.1), both ways, for the upstream HTTP/1.1 client.
//!
//! Decoding is strict where leniency is what request smuggling and response splitting
//! feed on: hex sizes of at most 16 digits, CRLF line ends (a bare LF is an error), bounded
//! chunk extensions and trailers. Extensions and trailer fields are read and dropped: the
//! gateway forwards the body, not the upstream's framing metadata.

use bytes::{Buf, Bytes, BytesMut};

/// Longest chunk-size line (size, extensions) accepted.
const MAX_SIZE_LINE: usize = 4096;
/// Most bytes of trailer fields accepted after the last chunk.
const MAX_TRAILERS: usize = 16 * 1024;

/// Why a chunked body could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkedError {
    /// A character where the grammar does not allow it.
    Syntax,
    /// A chunk size over 16 hex digits.
    SizeOverflow,
    /// A size line or the trailers longer than the limits above.
    TooLong,
}

impl std::fmt::Display for ChunkedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChunkedError::Syntax => "malformed chunked body",
            ChunkedError::SizeOverflow => "chunk size too large",
            ChunkedError::TooLong => "chunk line or trailers too long",
        })
    }
}

/// What one call to [`ChunkedDecoder::decode`] produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Body bytes (a slice of the buffer, not a copy).
    Data(Bytes),
    /// The buffer ran out mid-message: read more and call again.
    NeedMore,
    /// The last chunk and the trailers were read: the body is over.
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading the hex size; `digits` so far.
    Size {
        size: u64,
        digits: u8,
    },
    /// Whitespace after the size, before `;` or CR.
    SizeSpace {
        size: u64,
    },
    /// Inside chunk extensions, until CR.
    Extension {
        size: u64,
    },
    /// After the size line's CR.
    SizeLf {
        size: u64,
    },
    /// Inside a chunk's data, this many bytes left.
    Data(u64),
    /// After a chunk's data: CR, then LF.
    DataCr,
    DataLf,
    /// At the start of a trailer line (or of the final CRLF).
    TrailerStart,
    /// Inside a trailer field line, until CR.
    Trailer,
    /// After a trailer line's CR.
    TrailerLf,
    /// After the final CR.
    FinalLf,
    Done,
}

/// Incremental decoder: fed the connection's read buffer, it consumes what it understands
/// and leaves the rest (the next response, if the upstream pipelined one) in place.
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    state: State,
    /// Bytes of the current size line, or of all trailers, seen so far.
    line: usize,
}

impl Default for ChunkedDecoder {
    fn default() -> Self {
        ChunkedDecoder {
            state: State::Size { size: 0, digits: 0 },
            line: 0,
        }
    }
}

impl ChunkedDecoder {
    /// Consumes framing from `buf` until it can return body bytes, needs more input, or the
    /// body is over.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Decoded, ChunkedError> {
        loop {
            if let State::Data(left) = self.state {
                if buf.is_empty() {
                    return Ok(Decoded::NeedMore);
                }
                let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                let left = left - n as u64;
                self.state = if left == 0 {
                    State::DataCr
                } else {
                    State::Data(left)
                };
                return Ok(Decoded::Data(buf.split_to(n).freeze()));
            }
            if self.state == State::Done {
                return Ok(Decoded::Done);
            }
            let Some(&b) = buf.first() else {
                return Ok(Decoded::NeedMore);
            };
            buf.advance(1);
            self.state = self.step(b)?;
        }
    }

    /// One framing byte.
    fn step(&mut self, b: u8) -> Result<State, ChunkedError> {
        use State::*;
        let in_size_line = matches!(
            self.state,
            Size { .. } | SizeSpace { .. } | Extension { .. } | SizeLf { .. }
        );
        if in_size_line {
            self.line += 1;
            if self.line > MAX_SIZE_LINE {
                return Err(ChunkedError::TooLong);
            }
        }
        if matches!(self.state, Trailer | TrailerLf | TrailerStart | FinalLf) {
            self.line += 1;
            if self.line > MAX_TRAILERS {
                return Err(ChunkedError::TooLong);
            }
        }
        Ok(match (self.state, b) {
            (Size { size, digits }, _) if b.is_ascii_hexdigit() => {
                if digits == 16 {
                    return Err(ChunkedError::SizeOverflow);
                }
                let d = (b as char).to_digit(16).unwrap_or(0);
                Size {
                    size: size << 4 | u64::from(d),
                    digits: digits + 1,
                }
            }
            (Size { size, digits }, b' ' | b'\t') if digits > 0 => SizeSpace { size },
            (Size { size, digits }, b'\r') if digits > 0 => SizeLf { size },
            (SizeSpace { size } | Extension { size }, b'\r') => SizeLf { size },
            (Size { size, digits }, b';') if digits > 0 => Extension { size },
            (SizeSpace { size }, b' ' | b'\t') => SizeSpace { size },
            (SizeSpace { size }, b';') => Extension { size },
            // Extensions are dropped; only a line end inside them is refused.
            (Extension { size }, _) if b != b'\n' => Extension { size },
            (SizeLf { size }, b'\n') => {
                self.line = 0;
                if size == 0 {
                    TrailerStart
                } else {
                    Data(size)
                }
            }
            (DataCr, b'\r') => DataLf,
            (DataLf, b'\n') => Size { size: 0, digits: 0 },
            (TrailerStart, b'\r') => FinalLf,
            (TrailerStart | Trailer, _) if b != b'\n' && b != b'\r' => Trailer,
            (Trailer, b'\r') => TrailerLf,
            (TrailerLf, b'\n') => TrailerStart,
            (FinalLf, b'\n') => Done,
            _ => return Err(ChunkedError::Syntax),
        })
    }
}

/// Appends `data` as one chunk to `out` (nothing for empty data: an empty chunk would end
/// the body).
pub fn encode_chunk(out: &mut Vec<u8>, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    let mut hex = [0u8; 16];
    let mut n = data.len();
    let mut i = hex.len();
    while n > 0 || i == hex.len() {
        i -= 1;
        hex[i] = b"0123456789abcdef"[n & 0xf];
        n >>= 4;
    }
    out.extend_from_slice(&hex[i..]);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}

/// The last chunk, with no trailers.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `input` fed in pieces of `step` bytes; returns the body and what was left.
    fn decode_in_pieces(input: &[u8], step: usize) -> Result<(Vec<u8>, Vec<u8>), ChunkedError> {
        let mut d = ChunkedDecoder::default();
        let mut buf = BytesMut::new();
        let mut body = Vec::new();
        let mut fed = 0;
        loop {
            match d.decode(&mut buf)? {
                Decoded::Data(b) => body.extend_from_slice(&b),
                Decoded::Done => return Ok((body, buf.to_vec())),
                Decoded::NeedMore => {
                    if fed == input.len() {
                        return Err(ChunkedError::Syntax);
                    }
                    let end = (fed + step).min(input.len());
                    buf.extend_from_slice(&input[fed..end]);
                    fed = end;
                }
            }
        }
    }

    #[test]
    fn decodes_chunks_extensions_and_trailers_in_any_split() {
        let msg = b"5\r\nhello\r\n1A;name=value;x\r\nabcdefghijklmnopqrstuvwxyz\r\n0 ; last\r\nx-trailer: 1\r\nx-other: two\r\n\r\nHTTP/1.1 200 OK\r\n";
        for step in [1, 2, 3, 7, msg.len()] {
            let (body, rest) = decode_in_pieces(msg, step).unwrap();
            assert_eq!(body, b"helloabcdefghijklmnopqrstuvwxyz", "step {step}");
            // What follows the body stays in the buffer, whole when fed at once.
            if step == msg.len() {
                assert_eq!(rest, b"HTTP/1.1 200 OK\r\n");
            }
        }
    }

    #[test]
    fn refuses_malformed_framing() {
        for (bad, why) in [
            (&b"x\r\n"[..], "not hex"),
            (b"\r\n", "no size"),
            (b"5\nhello\r\n0\r\n\r\n", "bare LF after size"),
            (b"5\r\nhelloX\r\n0\r\n\r\n", "data longer than its size"),
            (b"5\r\nhello\r\n0\r\n\n", "bare LF at the end"),
            (b"-5\r\nhello\r\n", "negative"),
            (b"0x5\r\nhello\r\n", "0x prefix"),
            (b"5;ext\nx\r\nhello\r\n", "LF inside extensions"),
            (b"0\r\nx-t: 1\nx\r\n\r\n", "bare LF in trailers"),
        ] {
            assert_eq!(
                decode_in_pieces(bad, 1).unwrap_err(),
                ChunkedError::Syntax,
                "{why}"
            );
        }
        assert_eq!(
            decode_in_pieces(b"10000000000000000\r\n", 4).unwrap_err(),
            ChunkedError::SizeOverflow
        );
        let long_ext = [b"1;".to_vec(), vec![b'a'; 5000], b"\r\n".to_vec()].concat();
        assert_eq!(
            decode_in_pieces(&long_ext, 100).unwrap_err(),
            ChunkedError::TooLong
        );
        let long_trailers = [b"0\r\n".to_vec(), b"x-a: b\r\n".repeat(3000)].concat();
        assert_eq!(
            decode_in_pieces(&long_trailers, 512).unwrap_err(),
            ChunkedError::TooLong
        );
    }

    #[test]
    fn a_truncated_body_needs_more_and_never_ends() {
        let mut d = ChunkedDecoder::default();
        let mut buf = BytesMut::from(&b"5\r\nhel"[..]);
        assert_eq!(
            d.decode(&mut buf).unwrap(),
            Decoded::Data(Bytes::from_static(b"hel"))
        );
        assert_eq!(d.decode(&mut buf).unwrap(), Decoded::NeedMore);
        assert_eq!(d.state, State::Data(2));
    }

    /// A tiny deterministic generator (xorshift), so the test needs no crate and replays.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn mutated_bodies_never_panic_and_any_split_decodes_alike() {
        let base = b"5;a=b\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nx-t: 1\r\n\r\nrest";
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..3000 {
            let mut input = base.to_vec();
            for _ in 0..(next(&mut rng) % 4) {
                let i = (next(&mut rng) as usize) % input.len();
                match next(&mut rng) % 3 {
                    0 => input[i] = next(&mut rng) as u8,
                    1 => {
                        input.remove(i);
                    }
                    _ => input.insert(i, b"\r\n;0fF \t"[(next(&mut rng) % 8) as usize]),
                }
            }
            let whole = decode_in_pieces(&input, input.len());
            let step = 1 + (next(&mut rng) as usize) % 9;
            let split = decode_in_pieces(&input, step);
            // Fed at once or in pieces, the same body or the same refusal (what is left
            // over can differ: pieces stop at the end).
            match (&whole, &split) {
                (Ok((a, _)), Ok((b, _))) => assert_eq!(a, b, "{input:?}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{input:?}"),
                _ => panic!("{input:?}: {whole:?} vs {split:?}"),
            }
        }
    }

    #[test]
    fn encoding_round_trips() {
        let mut out = Vec::new();
        for piece in [&b"a"[..], &[b'z'; 300][..], b"", &[7u8; 4096][..]] {
            encode_chunk(&mut out, piece);
        }
        out.extend_from_slice(LAST_CHUNK);
        assert!(out.starts_with(b"1\r\na\r\n12c\r\n"));
        let (body, rest) = decode_in_pieces(&out, 5).unwrap();
        assert_eq!(body.len(), 1 + 300 + 4096);
        assert!(rest.is_empty());
    }
}
