//! HTTP/1.1 message heads to and from upstreams, as bytes: the request head the gateway writes
//! and the response head it reads, with the response body's framing decided once here
//! (RFC 9112 §6.3).
//!
//! Framing is where proxies get smuggled through, so the rules are the RFC's strict ones:
//! `Transfer-Encoding` overrides `Content-Length` (and the `Content-Length` is dropped, and
//! the connection not reused); differing or malformed `Content-Length` values are an
//! error; a body without either runs to the end of the connection, which then is not
//! reused. The request's framing is the gateway's own: whatever the client sent in
//! `Content-Length`/`Transfer-Encoding` is replaced by what the forwarded body really is.

use bytes::{Bytes, BytesMut};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode, Version};

/// Most header fields in a response head (hyper's default too).
pub const MAX_HEADERS: usize = 100;
/// Room left in a response's header map for the fields the gateway adds (security headers,
/// CORS), so adding them does not grow and rehash the map: that growth was ~1.2k
/// instructions per request (callgrind).
const ADDED_HEADERS_ROOM: usize = 8;
/// Largest response head accepted, in bytes.
pub const MAX_HEAD: usize = 256 * 1024;

/// How a request body goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestFraming {
    /// No body and no length header (a `GET`).
    None,
    /// `Content-Length: n`.
    Length(u64),
    /// `Transfer-Encoding: chunked` (length unknown when the head is written).
    Chunked,
}

impl RequestFraming {
    /// The framing for a body that is over already (`empty`) or has `exact` bytes, for
    /// `method`: an empty `POST`, `PUT` or `PATCH` says `Content-Length: 0`, as clients do.
    pub fn of(method: &Method, empty: bool, exact: Option<u64>) -> RequestFraming {
        if empty {
            if matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
                RequestFraming::Length(0)
            } else {
                RequestFraming::None
            }
        } else {
            match exact {
                Some(n) => RequestFraming::Length(n),
                None => RequestFraming::Chunked,
            }
        }
    }
}

/// Writes the request line and header fields of a request to `out`. `Content-Length` and
/// `Transfer-Encoding` from `headers` are left out: `framing` says what the body is.
pub fn encode_request_head(
    out: &mut Vec<u8>,
    method: &Method,
    target: &str,
    headers: &HeaderMap,
    framing: RequestFraming,
) {
    out.extend_from_slice(method.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(if target.is_empty() { "/" } else { target }.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    for (name, value) in headers {
        if name == header::CONTENT_LENGTH || name == header::TRANSFER_ENCODING {
            continue;
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    match framing {
        RequestFraming::None => {}
        RequestFraming::Length(n) => {
            out.extend_from_slice(b"content-length: ");
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        RequestFraming::Chunked => out.extend_from_slice(b"transfer-encoding: chunked\r\n"),
    }
    out.extend_from_slice(b"\r\n");
}

/// How a response body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFraming {
    /// No body (`HEAD`, 204, 304).
    Empty,
    /// Exactly this many bytes.
    Length(u64),
    /// Chunked transfer coding.
    Chunked,
    /// Until the upstream closes the connection.
    UntilClose,
}

/// A parsed response head.
#[derive(Debug)]
pub struct ResponseHead {
    pub status: StatusCode,
    pub version: Version,
    pub headers: HeaderMap,
    pub framing: ResponseFraming,
    /// Whether the connection may carry another request after this response.
    pub keep_alive: bool,
}

/// Why a response head was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// Not an HTTP/1.x response head (httparse's reason).
    Malformed(httparse::Error),
    /// A status code outside 100–999.
    BadStatus,
    /// More than [`MAX_HEADERS`] fields.
    TooManyHeaders,
    /// More than [`MAX_HEAD`] bytes.
    TooLarge,
    /// Differing or non-numeric `Content-Length` values.
    BadContentLength,
    /// A header field name or value `http` refuses.
    BadHeader,
}

impl std::fmt::Display for HeadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeadError::Malformed(why) => write!(f, "malformed response head: {why}"),
            HeadError::BadStatus => f.write_str("invalid response status code"),
            HeadError::TooManyHeaders => f.write_str("too many response header fields"),
            HeadError::TooLarge => f.write_str("response head too large"),
            HeadError::BadContentLength => f.write_str("invalid Content-Length in response"),
            HeadError::BadHeader => f.write_str("invalid response header field"),
        }
    }
}

/// Parses a response head at the start of `buf`. On success the head's bytes are taken
/// out of `buf` (header values keep pointing into them: no copy), and what follows (the
/// body) stays. `Ok(None)`: the head is not complete yet. `head_request`: the request was a
/// `HEAD`, so the response has no body whatever its headers say.
pub fn parse_response_head(
    buf: &mut BytesMut,
    head_request: bool,
) -> Result<Option<ResponseHead>, HeadError> {
    // Uninitialised slots: httparse fills what it uses (3 KiB not zeroed per response).
    let mut fields = [const { std::mem::MaybeUninit::uninit() }; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut []);
    let len = match httparse::ParserConfig::default().parse_response_with_uninit_headers(
        &mut resp,
        buf,
        &mut fields,
    ) {
        Ok(httparse::Status::Complete(n)) if n <= MAX_HEAD => n,
        Ok(httparse::Status::Partial) if buf.len() <= MAX_HEAD => return Ok(None),
        Ok(_) => return Err(HeadError::TooLarge),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooManyHeaders),
        Err(e) => return Err(HeadError::Malformed(e)),
    };
    let status = StatusCode::from_u16(resp.code.unwrap_or(0)).map_err(|_| HeadError::BadStatus)?;
    let version = if resp.version == Some(0) {
        Version::HTTP_10
    } else {
        Version::HTTP_11
    };
    // Offsets of names and values in `buf`, so the head can be frozen and shared.
    let base = buf.as_ptr() as usize;
    let spans: Vec<(usize, usize, usize, usize)> = resp
        .headers
        .iter()
        .map(|h| {
            let n = h.name.as_ptr() as usize - base;
            let v = h.value.as_ptr() as usize - base;
            (n, n + h.name.len(), v, v + h.value.len())
        })
        .collect();
    let head: Bytes = buf.split_to(len).freeze();
    let mut headers = HeaderMap::with_capacity(spans.len() + ADDED_HEADERS_ROOM);
    let mut length: Option<u64> = None;
    let mut length_bad = false;
    let mut chunked_last = None;
    let mut close = false;
    let mut keep_alive_token = false;
    for (ns, ne, vs, ve) in spans {
        let name = HeaderName::from_bytes(&head[ns..ne]).map_err(|_| HeadError::BadHeader)?;
        let value =
            HeaderValue::from_maybe_shared(head.slice(vs..ve)).map_err(|_| HeadError::BadHeader)?;
        if name == header::CONTENT_LENGTH {
            for part in value.as_bytes().split(|&b| b == b',') {
                match parse_content_length(part) {
                    Some(n) if length.is_none_or(|l| l == n) => length = Some(n),
                    _ => length_bad = true,
                }
            }
        } else if name == header::TRANSFER_ENCODING {
            // The last coding of the last field decides.
            let last = value
                .as_bytes()
                .rsplit(|&b| b == b',')
                .next()
                .unwrap_or(b"");
            chunked_last = Some(trim(last).eq_ignore_ascii_case(b"chunked"));
        } else if name == header::CONNECTION {
            for token in value.as_bytes().split(|&b| b == b',') {
                let token = trim(token);
                close |= token.eq_ignore_ascii_case(b"close");
                keep_alive_token |= token.eq_ignore_ascii_case(b"keep-alive");
            }
        }
        headers.append(name, value);
    }
    let mut keep_alive = match version {
        Version::HTTP_10 => keep_alive_token && !close,
        _ => !close,
    };
    let no_body = head_request
        || status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    let framing = if no_body {
        ResponseFraming::Empty
    } else if let Some(chunked) = chunked_last {
        if headers.contains_key(header::CONTENT_LENGTH) {
            // Both: the coding wins, the length goes, and so does the connection.
            headers.remove(header::CONTENT_LENGTH);
            keep_alive = false;
        }
        if chunked {
            ResponseFraming::Chunked
        } else {
            keep_alive = false;
            ResponseFraming::UntilClose
        }
    } else if length_bad {
        return Err(HeadError::BadContentLength);
    } else if let Some(n) = length {
        ResponseFraming::Length(n)
    } else {
        keep_alive = false;
        ResponseFraming::UntilClose
    };
    Ok(Some(ResponseHead {
        status,
        version,
        headers,
        framing,
        keep_alive,
    }))
}

/// One `Content-Length` value: ASCII digits only (no sign, no spaces inside), at most 18,
/// optional whitespace around. The one definition for both directions: the gateway's
/// request-smuggling guard and the upstream response parser.
pub fn parse_content_length(v: &[u8]) -> Option<u64> {
    let v = trim(v);
    if v.is_empty() || v.len() > 18 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

fn trim(v: &[u8]) -> &[u8] {
    let start = v.iter().position(|b| !matches!(b, b' ' | b'\t'));
    let end = v.iter().rposition(|b| !matches!(b, b' ' | b'\t'));
    match (start, end) {
        (Some(s), Some(e)) => &v[s..=e],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str, head_request: bool) -> Result<Option<ResponseHead>, HeadError> {
        let mut buf = BytesMut::from(raw.as_bytes());
        parse_response_head(&mut buf, head_request)
    }

    fn framing(raw: &str) -> (ResponseFraming, bool) {
        let h = parse(raw, false).unwrap().unwrap();
        (h.framing, h.keep_alive)
    }

    #[test]
    fn request_head_has_the_gateways_framing_only() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("svc"));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("999"));
        h.insert(
            header::TRANSFER_ENCODING,
            HeaderValue::from_static("chunked"),
        );
        h.append("x-many", HeaderValue::from_static("a"));
        h.append("x-many", HeaderValue::from_static("b"));
        let mut out = Vec::new();
        encode_request_head(
            &mut out,
            &Method::POST,
            "/a?b=c",
            &h,
            RequestFraming::Length(12345678901),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "POST /a?b=c HTTP/1.1\r\nhost: svc\r\nx-many: a\r\nx-many: b\r\ncontent-length: 12345678901\r\n\r\n"
        );
        let mut out = Vec::new();
        encode_request_head(
            &mut out,
            &Method::GET,
            "",
            &HeaderMap::new(),
            RequestFraming::Chunked,
        );
        assert_eq!(out, b"GET / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n");
        let mut out = Vec::new();
        encode_request_head(
            &mut out,
            &Method::GET,
            "/",
            &HeaderMap::new(),
            RequestFraming::Length(0),
        );
        assert_eq!(out, b"GET / HTTP/1.1\r\ncontent-length: 0\r\n\r\n");
    }

    #[test]
    fn request_framing_follows_the_body() {
        assert_eq!(
            RequestFraming::of(&Method::GET, true, Some(0)),
            RequestFraming::None
        );
        assert_eq!(
            RequestFraming::of(&Method::POST, true, Some(0)),
            RequestFraming::Length(0)
        );
        assert_eq!(
            RequestFraming::of(&Method::PUT, false, Some(7)),
            RequestFraming::Length(7)
        );
        assert_eq!(
            RequestFraming::of(&Method::POST, false, None),
            RequestFraming::Chunked
        );
    }

    #[test]
    fn parses_a_head_and_leaves_the_body() {
        let mut buf = BytesMut::from(
            &b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello"[..],
        );
        let h = parse_response_head(&mut buf, false).unwrap().unwrap();
        assert_eq!(h.status, StatusCode::CREATED);
        assert_eq!(h.version, Version::HTTP_11);
        assert_eq!(h.framing, ResponseFraming::Length(5));
        assert!(h.keep_alive);
        assert_eq!(h.headers.get_all("x-a").iter().count(), 2);
        assert_eq!(&buf[..], b"hello");
        assert!(parse("HTTP/1.1 200 OK\r\nContent-Le", false)
            .unwrap()
            .is_none());
    }

    #[test]
    fn framing_follows_rfc_9112() {
        use ResponseFraming::*;
        assert_eq!(
            framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
            (Chunked, true)
        );
        assert_eq!(
            framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"),
            (Chunked, true)
        );
        // Chunked not last: the body runs to the close.
        assert_eq!(
            framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
            (UntilClose, false)
        );
        // TE and CL: TE wins, CL is dropped, the connection is not reused.
        let h = parse(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            false,
        )
        .unwrap()
        .unwrap();
        assert_eq!((h.framing, h.keep_alive), (Chunked, false));
        assert!(!h.headers.contains_key(header::CONTENT_LENGTH));
        assert_eq!(framing("HTTP/1.1 200 OK\r\n\r\n"), (UntilClose, false));
        assert_eq!(
            framing("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n"),
            (Empty, true)
        );
        assert_eq!(framing("HTTP/1.1 304 Not Modified\r\n\r\n"), (Empty, true));
        assert_eq!(framing("HTTP/1.1 100 Continue\r\n\r\n"), (Empty, true));
        let head = parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", true)
            .unwrap()
            .unwrap();
        assert_eq!(head.framing, Empty);
        assert_eq!(
            framing("HTTP/1.1 200 OK\r\nContent-Length: 4, 4\r\n\r\n"),
            (Length(4), true)
        );
        assert_eq!(
            framing("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Close\r\n\r\n"),
            (Length(0), false)
        );
        assert_eq!(
            framing("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
            (Length(0), false)
        );
        assert_eq!(
            framing("HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"),
            (Length(0), true)
        );
    }

    #[test]
    fn mutated_heads_never_panic_and_parse_alike_whole_or_growing() {
        let base = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: gzip, chunked\r\nConnection: keep-alive, close\r\nX-A: b\r\n\r\nhello";
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for _ in 0..3000 {
            let mut input = base.to_vec();
            for _ in 0..(next() % 4) {
                let i = (next() as usize) % input.len();
                match next() % 3 {
                    0 => input[i] = next() as u8,
                    1 => {
                        input.remove(i);
                    }
                    _ => input.insert(i, b"\r\n:, 0\t\x7f"[(next() % 8) as usize]),
                }
            }
            let whole = parse_response_head(&mut BytesMut::from(&input[..]), false);
            // Growing one byte at a time, as reads may deliver it: the first complete
            // parse (or error) is the same as parsing it whole.
            let mut grown = Ok(None);
            for end in 1..=input.len() {
                grown = parse_response_head(&mut BytesMut::from(&input[..end]), false);
                if !matches!(grown, Ok(None)) {
                    break;
                }
            }
            match (&whole, &grown) {
                (Ok(Some(a)), Ok(Some(b))) => {
                    assert_eq!(
                        (a.status, a.framing, a.keep_alive),
                        (b.status, b.framing, b.keep_alive)
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a, b, "{input:?}"),
                (Ok(None), Ok(None)) => {}
                _ => panic!("{input:?}: {whole:?} vs {grown:?}"),
            }
        }
    }

    #[test]
    fn refuses_bad_heads() {
        for bad in [
            "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 4, 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: +4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
        ] {
            assert_eq!(
                parse(bad, false).unwrap_err(),
                HeadError::BadContentLength,
                "{bad}"
            );
        }
        assert!(matches!(
            parse("HTTP/2 200\r\n\r\n", false),
            Err(HeadError::Malformed(_))
        ));
        assert!(matches!(
            parse("SSH-2.0-OpenSSH\r\n\r\n", false),
            Err(HeadError::Malformed(_))
        ));
        assert!(parse("HTTP/1.1 999999 X\r\n\r\n", false).is_err());
        let big = format!("HTTP/1.1 200 OK\r\nx-a: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(parse(&big, false).unwrap_err(), HeadError::TooLarge);
        assert_eq!(
            parse(&big[..MAX_HEAD + 1], false).unwrap_err(),
            HeadError::TooLarge
        );
        let many = format!(
            "HTTP/1.1 200 OK\r\n{}\r\n",
            "x-a: 1\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(parse(&many, false).unwrap_err(), HeadError::TooManyHeaders);
    }
}
