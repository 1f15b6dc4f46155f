//! Arbitrary bytes as what an upstream sends back: the response head is parsed as the
//! gateway's client does (growing a byte at a time, then whole), and a chunked body is
//! decoded from what follows, fed in pieces. It may refuse, never panic, and the result
//! must not depend on how the bytes were split across reads.
//!
//!     cargo +nightly fuzz run upstream_response -- -max_len=8192
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use palisade_h1::{parse_response_head, ChunkedDecoder, Decoded, ResponseFraming};

fuzz_target!(|data: &[u8]| {
    let Some((&control, data)) = data.split_first() else {
        return;
    };
    let head_request = control & 1 == 1;
    let step = usize::from(control >> 1) + 1;

    let mut whole = BytesMut::from(data);
    let parsed = parse_response_head(&mut whole, head_request);
    let mut grown = Ok(None);
    let mut end = 0;
    while end < data.len() && matches!(grown, Ok(None)) {
        end = (end + step).min(data.len());
        grown = parse_response_head(&mut BytesMut::from(&data[..end]), head_request);
    }
    match (&parsed, &grown) {
        (Ok(Some(a)), Ok(Some(b))) => {
            assert_eq!((a.status, a.framing, a.keep_alive), (b.status, b.framing, b.keep_alive));
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (Ok(None), Ok(None)) => {}
        _ => panic!("whole {parsed:?} vs grown {grown:?}"),
    }
    let Ok(Some(head)) = parsed else {
        return;
    };
    if head.framing != ResponseFraming::Chunked {
        return;
    }
    // `whole` now holds what followed the head.
    let body: Vec<u8> = whole.to_vec();
    let decode = |piece: usize| {
        let mut d = ChunkedDecoder::default();
        let mut buf = BytesMut::new();
        let mut out = Vec::new();
        let mut fed = 0;
        loop {
            match d.decode(&mut buf) {
                Ok(Decoded::Data(b)) => out.extend_from_slice(&b),
                Ok(Decoded::Done) => return Ok((out, true)),
                Ok(Decoded::NeedMore) if fed == body.len() => return Ok((out, false)),
                Ok(Decoded::NeedMore) => {
                    let e = (fed + piece).min(body.len());
                    buf.extend_from_slice(&body[fed..e]);
                    fed = e;
                }
                Err(e) => return Err(e),
            }
        }
    };
    let at_once = decode(body.len().max(1));
    let in_pieces = decode(step);
    assert_eq!(at_once, in_pieces);
});
