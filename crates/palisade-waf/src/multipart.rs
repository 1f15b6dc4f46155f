//! A small, bounded reader for `multipart/form-data` bodies: enough to find each part's
//! field name, content type and data, so text fields can be inspected and files skipped.
//! It never allocates per byte and gives up quietly on malformed input (what cannot be
//! parsed is not inspected; the gateway's body limits still apply).

use memchr::memmem;

/// Most parts read from one body.
const MAX_PARTS: usize = 256;

/// One part of a multipart body.
pub(crate) struct Part<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) filename: Option<&'a str>,
    pub(crate) content_type: Option<&'a str>,
    pub(crate) data: &'a [u8],
}

impl Part<'_> {
    /// Text fields and text files are inspected; binary uploads are not.
    pub(crate) fn is_text(&self) -> bool {
        let Some(ct) = self.content_type else {
            // RFC 7578: a file part without a type is `application/octet-stream`.
            return self.filename.is_none();
        };
        let ct = ct.trim().to_ascii_lowercase();
        ct.starts_with("text/")
            || ct.starts_with("application/json")
            || ct.starts_with("application/x-www-form-urlencoded")
            || ct.starts_with("application/xml")
    }
}

/// Splits `body` into parts at `--boundary` lines.
pub(crate) fn parts<'a>(body: &'a [u8], boundary: &str) -> Vec<Part<'a>> {
    let mut out = Vec::new();
    if boundary.is_empty() || boundary.len() > 200 {
        return out;
    }
    let delimiter = format!("--{boundary}");
    let finder = memmem::Finder::new(delimiter.as_bytes());
    let positions: Vec<usize> = finder.find_iter(body).take(MAX_PARTS + 1).collect();
    for pair in positions.windows(2) {
        let start = pair[0] + delimiter.len();
        let end = pair[1];
        if start > end {
            continue;
        }
        let mut chunk = &body[start..end];
        // Each part starts after the delimiter's line break and ends before the CRLF that
        // precedes the next delimiter.
        chunk = chunk
            .strip_prefix(b"\r\n")
            .or_else(|| chunk.strip_prefix(b"\n"))
            .unwrap_or(chunk);
        chunk = chunk
            .strip_suffix(b"\r\n")
            .or_else(|| chunk.strip_suffix(b"\n"))
            .unwrap_or(chunk);
        let (head, data) = match memmem::find(chunk, b"\r\n\r\n") {
            Some(i) => (&chunk[..i], &chunk[i + 4..]),
            None => match memmem::find(chunk, b"\n\n") {
                Some(i) => (&chunk[..i], &chunk[i + 2..]),
                None => continue,
            },
        };
        let Ok(head_str) = std::str::from_utf8(head) else {
            continue;
        };
        let mut part = Part {
            name: None,
            filename: None,
            content_type: None,
            data,
        };
        for line in head_str.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim();
            if key.eq_ignore_ascii_case("content-disposition") {
                part.name = disposition_param(value, "name");
                part.filename = disposition_param(value, "filename");
            } else if key.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim());
            }
        }
        out.push(part);
    }
    out
}

fn disposition_param<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"'))
    })
}
