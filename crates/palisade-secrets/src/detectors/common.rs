//! Validators and path tests shared by several detectors.

use crate::engine::MAX_LINE_REACH;
use crate::util::{base64_decode, contains_ci, crc32_base62_ok};
use crate::{Candidate, Check, FileCx};

/// GitHub and npm tokens: the last six characters are the base62 CRC32 of the random part.
pub fn crc32_checksum(c: &Candidate<'_>) -> Check {
    let body = match c.secret.iter().rposition(|b| *b == b'_') {
        Some(i) => &c.secret[i + 1..],
        None => c.secret,
    };
    if crc32_base62_ok(body) {
        Check::Note("checksum valid".into())
    } else {
        Check::Reject
    }
}

/// True when one of `words` occurs within `reach` bytes of the match (either side),
/// ASCII case-insensitively: vendor names around tokens whose format alone is too plain.
pub fn near(c: &Candidate<'_>, words: &[&str], reach: usize) -> bool {
    let start = c.match_start.saturating_sub(reach);
    let end = c
        .file
        .bytes
        .len()
        .min(c.match_start + c.matched.len() + reach);
    let hay = &c.file.bytes[start..end];
    words.iter().any(|w| contains_ci(hay, w.as_bytes()))
}

/// The file name part of a repository path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `.env`, `.env.production`, `prod.env`: dotenv files.
pub fn is_env_file(path: &str) -> bool {
    // ASCII case-insensitive comparisons rather than a lowercased copy: this runs on every
    // file (the detectors' path tests decide which keywords apply).
    let name = file_name(path).as_bytes();
    let starts = |p: &[u8]| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p);
    let ends =
        |p: &[u8]| name.len() >= p.len() && name[name.len() - p.len()..].eq_ignore_ascii_case(p);
    (name.eq_ignore_ascii_case(b".env") || starts(b".env.") || ends(b".env"))
        && !ends(b".example")
        && !ends(b".sample")
        && !ends(b".template")
        && !ends(b".dist")
}

/// Everything but dotenv files (the `.env` detector covers those).
pub fn not_env_file(path: &str) -> bool {
    !is_env_file(path)
}

/// True when the file looks like a kubeconfig (`kind: Config` or `clusters:` and
/// `users:`).
pub fn is_kubeconfig(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let line_is = |want: &[u8]| {
        head.split(|b| *b == b'\n')
            .any(|l| l.trim_ascii().eq_ignore_ascii_case(want))
    };
    line_is(b"kind: Config") || (line_is(b"clusters:") && line_is(b"users:"))
}

/// A base64 value that decodes to text containing `needle`.
pub fn decodes_to(secret: &[u8], needle: &[u8]) -> bool {
    base64_decode(secret).is_some_and(|d| contains_ci(&d, needle))
}

/// Values in assignments that are code, not literals: calls, member access, lookups.
pub fn looks_like_code(v: &[u8]) -> bool {
    let text = String::from_utf8_lossy(v);
    let t = text.trim();
    t.contains(['(', ')', '[', ']', '{', '}', '`', ' '])
        || t.starts_with("os.")
        || t.starts_with("process.env")
        || t.starts_with("env.")
        || t.starts_with("self.")
        || t.starts_with("this.")
        || t.starts_with("config.")
        || t.starts_with("settings.")
        || t.starts_with("secrets.")
        || t.starts_with("vars.")
        || t.starts_with("ENV[")
        || t.starts_with("System.getenv")
        || t.ends_with(".get")
        || dotted_reference(t)
}

/// `var.db_password`, `local.settings.token`, `module.db.password`: references in
/// Terraform, HCL and many templating languages.
fn dotted_reference(t: &str) -> bool {
    let mut parts = t.split('.');
    let ident = |p: &str| {
        !p.is_empty()
            && p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    t.contains('.') && parts.all(ident) && !t.chars().any(|c| c.is_ascii_uppercase())
}

/// `postgres-password`, `api_token`: the *name* of a secret (a key in a Secret, a Helm
/// `secretKeys` entry), lowercase words joined by `-` or `_` with a secret word among them.
pub fn names_a_secret(v: &[u8]) -> bool {
    let t = String::from_utf8_lossy(v);
    let words: Vec<&str> = t.split(['-', '_']).collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        && words.iter().any(|w| {
            matches!(
                *w,
                "password"
                    | "passwd"
                    | "pwd"
                    | "secret"
                    | "token"
                    | "key"
                    | "apikey"
                    | "credentials"
            )
        })
}

/// Letters only, or digits only: identifiers, words and numbers rather than secrets.
pub fn single_class(v: &[u8]) -> bool {
    let has = |f: fn(&u8) -> bool| v.iter().any(f);
    let classes = [
        has(|b| b.is_ascii_lowercase()),
        has(|b| b.is_ascii_uppercase()),
        has(|b| b.is_ascii_digit()),
        has(|b| !b.is_ascii_alphanumeric()),
    ];
    classes.iter().filter(|c| **c).count() < 2
}

/// Private key blocks: the body must be real base64 of a plausible length (not a `...`
/// sample), and `want_encrypted` selects passphrase-protected keys (PKCS#8 `ENCRYPTED`,
/// `Proc-Type: 4,ENCRYPTED`, OpenSSH keys whose cipher is not `none`) or unprotected ones.
pub fn pem_check(c: &Candidate<'_>, want_encrypted: bool) -> Check {
    let body = c.secret;
    let b64 = body
        .iter()
        .filter(|b| b.is_ascii_alphanumeric() || **b == b'+' || **b == b'/')
        .count();
    if b64 < 64 {
        return Check::Reject;
    }
    let openssh = c.matched.starts_with(b"-----BEGIN OPENSSH");
    let (encrypted, how) = if openssh {
        match openssh_cipher(body) {
            Some(cipher) if cipher == "none" => (false, String::new()),
            Some(cipher) => (true, format!("cipher {cipher}")),
            None => return Check::Reject,
        }
    } else if c.matched.starts_with(b"-----BEGIN ENCRYPTED") {
        (true, "encrypted PKCS#8".to_string())
    } else if contains_ci(body, b"Proc-Type: 4,ENCRYPTED") {
        (true, "PEM encryption header".to_string())
    } else {
        (false, String::new())
    };
    match (encrypted, want_encrypted) {
        (true, true) => Check::Note(how),
        (false, false) => Check::Pass,
        _ => Check::Reject,
    }
}

/// The cipher name of an OpenSSH private key body (`openssh-key-v1\0`, then a
/// length-prefixed cipher name).
fn openssh_cipher(body: &[u8]) -> Option<String> {
    let raw = base64_decode(body)?;
    let rest = raw.strip_prefix(b"openssh-key-v1\0")?;
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let name = rest.get(4..4 + len.min(64))?;
    Some(String::from_utf8_lossy(name).into_owned())
}

/// Hosts of documentation examples: a URL pointing there is a sample.
const SAMPLE_HOSTS: &[&str] = &[
    "host",
    "hostname",
    "server",
    "example.com",
    "example.org",
    "example.net",
    "domain.com",
    "your-host",
    "yourhost",
];

/// Passwords in URLs: not the user name repeated (local defaults such as
/// `postgres:postgres`), not a sample host, not a template; `localhost` is said in the title.
pub fn url_password(c: &Candidate<'_>) -> Check {
    let rel = c.secret_start.saturating_sub(c.match_start);
    let before = &c.matched[..rel.min(c.matched.len())];
    let user = match before.windows(3).rposition(|w| w == b"://") {
        Some(i) => &before[i + 3..before.len().saturating_sub(1)],
        None => &[][..],
    };
    if c.secret.eq_ignore_ascii_case(user) || !plain_value(c.secret) {
        return Check::Reject;
    }
    let host = match c.matched.iter().rposition(|b| *b == b'@') {
        Some(i) => String::from_utf8_lossy(&c.matched[i + 1..]).to_ascii_lowercase(),
        None => String::new(),
    };
    if SAMPLE_HOSTS.contains(&host.as_str()) || host.ends_with(".example.com") {
        return Check::Reject;
    }
    if host == "localhost" || host.starts_with("127.") || host == "[::1]" {
        return Check::Note("local host".into());
    }
    Check::Pass
}

/// A password-like literal: not a template (`{NAME}`, `@name@`, `%NAME%`).
pub fn plain_password(c: &Candidate<'_>) -> Check {
    if plain_value(c.secret) {
        Check::Pass
    } else {
        Check::Reject
    }
}

/// False for values that are template references rather than literals.
pub fn plain_value(v: &[u8]) -> bool {
    let v = v.trim_ascii();
    let wrapped = |open: u8, close: u8| v.len() >= 2 && v[0] == open && v[v.len() - 1] == close;
    !(v.is_empty()
        || wrapped(b'{', b'}')
        || wrapped(b'@', b'@')
        || wrapped(b'%', b'%')
        || wrapped(b'[', b']')
        || v.starts_with(b"{{")
        || v.starts_with(b"$"))
}

/// Name suffixes of settings that are about a secret without holding it.
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "env",
    "var",
    "name",
    "field",
    "len",
    "length",
    "min",
    "max",
    "policy",
    "regex",
    "pattern",
    "type",
    "prompt",
    "placeholder",
    "hint",
    "format",
    "template",
    "ref",
    "ttl",
    "timeout",
    "expiry",
    "expires",
    "age",
    "count",
    "size",
    "header",
    "location",
    "mode",
    "enabled",
    "required",
    "label",
    "strategy",
    "provider",
    "source",
    "id",
];

/// Source files where an unquoted value is an identifier, not a literal.
const CODE_EXTENSIONS: &[&str] = &[
    "py", "js", "mjs", "cjs", "jsx", "ts", "tsx", "go", "java", "kt", "kts", "scala", "rb", "php",
    "cs", "rs", "swift", "c", "cc", "cpp", "h", "hpp", "m", "dart", "groovy", "lua", "pl", "ex",
    "exs", "clj",
];

/// An assignment's value that is a literal secret: not code, not a template, not a word or
/// a number, not a URL or a path; the name does not end like `_FILE`/`_URL`/`_TTL`; in
/// source code, the value is quoted.
pub fn literal_value(c: &Candidate<'_>) -> bool {
    let v = c.secret;
    let before = c
        .secret_start
        .checked_sub(1)
        .and_then(|i| c.file.bytes.get(i));
    let quoted = matches!(before, Some(b'"' | b'\'' | b'`'));
    if !plain_value(v) || single_class(v) || names_a_secret(v) || (!quoted && looks_like_code(v)) {
        return false;
    }
    // `Type::method`, `:symbol`: code and prose, not values.
    if v.starts_with(b":") {
        return false;
    }
    // Base64 of a placeholder (`cGFzc3dvcmQ=` is "password"), as in Secret manifests.
    if v.len() >= 8 && v.len() & 3 == 0 {
        if let Some(decoded) = base64_decode(v) {
            if decoded.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
                && crate::filters::placeholder_reason(&decoded).is_some()
            {
                return false;
            }
        }
    }
    // Letters only, and short: an identifier or a word in CamelCase, not a secret.
    if v.len() < 32 && v.iter().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    if contains_ci(v, b"://")
        || v.starts_with(b"/")
        || v.starts_with(b"./")
        || v.starts_with(b"../")
        || v.starts_with(b"~/")
    {
        return false;
    }
    let rel = c
        .secret_start
        .saturating_sub(c.match_start)
        .min(c.matched.len());
    if settings_name(&c.matched[..rel]) {
        return false;
    }
    // In source code and JSON a literal is quoted; unquoted text there is code or prose.
    quoted || !literals_are_quoted(c.file.path)
}

/// Whether the name at the start of `text` (after any punctuation, up to a blank,
/// operator or quote) names a setting about a secret rather than a secret: its last word
/// (numbers aside) is `file`, `url`, `ttl`..., or it ends so. Used by [`literal_value`] on
/// the text of a match before its secret, and by [`assignment_follows`] on a keyword hit's
/// name.
fn settings_name(text: &[u8]) -> bool {
    let start = text
        .iter()
        .position(u8::is_ascii_alphanumeric)
        .unwrap_or(text.len());
    let len = text[start..]
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'=' | b':' | b'"' | b'\'' | b'>'))
        .unwrap_or(text.len() - start);
    let key = &text[start..start + len];
    if !key.is_ascii() {
        return settings_name_lossy(text);
    }
    // The same steps as `settings_name_lossy` on an ASCII name, without allocating (it runs
    // on most keyword hits of the generic detectors followed by an operator). The words
    // that count are those with a byte that is neither a separator nor a digit: the last
    // one holds the last such byte, and there is another if one comes before it. Its
    // lowercased bytes are then looked up as a number in a sorted table (a few branch-free
    // steps, not a comparison per suffix).
    let sep = |b: u8| matches!(b, b'_' | b'-' | b'.');
    let counts = |b: &u8| !sep(*b) && !b.is_ascii_digit();
    if let Some(p) = key.iter().rposition(counts) {
        let word_start = key[..p].iter().rposition(|&b| sep(b)).map_or(0, |i| i + 1);
        let word_end = key[p..]
            .iter()
            .position(|&b| sep(b))
            .map_or(key.len(), |i| p + i);
        // Digits at the end of the word are no part of it (`policy12`); `p` is its last
        // byte that is not one.
        let last = &key[word_start..(p + 1).min(word_end)];
        if key[..word_start].iter().any(counts) && is_not_secret_suffix(last) {
            return true;
        }
    }
    let mut buf = [0u8; LONGEST_SUFFIX];
    let tail_len = key.len().min(LONGEST_SUFFIX);
    let tail = &mut buf[..tail_len];
    tail.copy_from_slice(&key[key.len() - tail_len..]);
    tail.make_ascii_lowercase();
    let last_byte = tail.last().copied();
    NOT_SECRET_SUFFIXES.iter().any(|s| {
        s.len() >= 3
            && key.len() > s.len() + 3
            && s.as_bytes().last().copied() == last_byte
            && tail.ends_with(s.as_bytes())
    })
}

/// Length of the longest of [`NOT_SECRET_SUFFIXES`].
const LONGEST_SUFFIX: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < NOT_SECRET_SUFFIXES.len() {
        if NOT_SECRET_SUFFIXES[i].len() > longest {
            longest = NOT_SECRET_SUFFIXES[i].len();
        }
        i += 1;
    }
    longest
};

/// An ASCII word of up to 16 bytes as a number (little-endian, zero-padded): equal words,
/// equal numbers.
const fn word_key(word: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// [`NOT_SECRET_SUFFIXES`] as [`word_key`]s, sorted (for a binary search).
const SUFFIX_KEYS: [u128; NOT_SECRET_SUFFIXES.len()] = {
    assert!(LONGEST_SUFFIX <= 16, "a suffix must fit a u128");
    let mut keys = [0u128; NOT_SECRET_SUFFIXES.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(NOT_SECRET_SUFFIXES[i].as_bytes());
        // Insertion sort (a const context has no `sort`).
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j - 1];
            keys[j - 1] = keys[j];
            keys[j] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Whether `word`, ASCII-lowercased, is one of [`NOT_SECRET_SUFFIXES`].
fn is_not_secret_suffix(word: &[u8]) -> bool {
    if word.len() > LONGEST_SUFFIX {
        return false;
    }
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    buf.make_ascii_lowercase();
    // `word_key` of the word: its bytes, little-endian, zero-padded.
    SUFFIX_KEYS.binary_search(&u128::from_le_bytes(buf)).is_ok()
}

/// [`settings_name`] for any bytes (the name lowercased and read as UTF-8, lossily).
fn settings_name_lossy(text: &[u8]) -> bool {
    let key: Vec<u8> = text
        .iter()
        .copied()
        .skip_while(|b| !b.is_ascii_alphanumeric())
        .take_while(|b| !matches!(b, b' ' | b'\t' | b'=' | b':' | b'"' | b'\'' | b'>'))
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let key = String::from_utf8_lossy(&key);
    // The last word of the name, numbers aside (`password_policy_12` ends in `policy`).
    let words: Vec<&str> = key
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let last = words
        .last()
        .map_or("", |w| w.trim_end_matches(|c: char| c.is_ascii_digit()));
    (words.len() > 1 && NOT_SECRET_SUFFIXES.contains(&last))
        || NOT_SECRET_SUFFIXES
            .iter()
            .any(|s| s.len() >= 3 && key.len() > s.len() + 3 && key.ends_with(s))
}

/// Whether `path` is source code or JSON, where [`literal_value`] accepts quoted values
/// only (by the text after the path's last `.`, ASCII case-insensitive).
pub fn literals_are_quoted(path: &str) -> bool {
    let ext = path.rsplit('.').next().unwrap_or("");
    ext.eq_ignore_ascii_case("json") || CODE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

/// The name characters of the generic assignment patterns (`[A-Za-z0-9_.\-]`), by byte.
const NAME_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-';
        b += 1;
    }
    table
};

/// [`crate::Spec::keyword_check`] of the generic assignment detectors whose every name
/// alternative is a keyword or one of their [`crate::Spec::window_names`]
/// (`password|passwd|pwd`): their pattern is `name-chars* keyword name-chars* quote?
/// [ \t]* (:=|=>|==|=|:) ...`, and the name characters after the keyword cannot stop
/// before a quote, blank or operator, so they run to the end of the name: the hit is part
/// of a match only if the name is followed by an optional quote, blanks and `:` or `=`.
/// [`literal_value`] (their validator) then rejects the match when the name is a
/// setting's (`token_count`, `password_policy`: the match's name is the whole run of name
/// characters around the hit, since the pattern starts it after a character that is not a
/// letter or digit) and, in source code and JSON, when the value is not quoted, so a quote
/// must follow on the line (matches do not cross lines after the name).
///
/// These detectors' windows are single lines, cut [`MAX_LINE_REACH`] bytes before the hit
/// and after it: the name is looked for back to that bound (name characters never cross a
/// newline), the quote forwards to the line's end or that bound, so the window itself is
/// not needed (most hits are rejected before it is found).
pub fn assignment_follows(file: &FileCx<'_>, hit: (usize, usize)) -> bool {
    let bytes = file.bytes;
    let name_char = |b: u8| NAME_CHARS[usize::from(b)];
    // Forwards first: most hits are names not followed by an operator, rejected before
    // the name's start is looked for.
    let mut i = hit.1;
    while bytes.get(i).is_some_and(|&b| name_char(b)) {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if !matches!(bytes.get(i), Some(b':' | b'=')) {
        return false;
    }
    let floor = hit.0.saturating_sub(MAX_LINE_REACH);
    let mut start = hit.0;
    while start > floor && name_char(bytes[start - 1]) {
        start -= 1;
    }
    if settings_name(&bytes[start..i]) {
        return false;
    }
    if !literals_are_quoted(file.path) {
        return true;
    }
    let ceil = bytes.len().min(hit.1.saturating_add(MAX_LINE_REACH));
    bytes
        .get(i..ceil)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b != b'\n')
        .any(|b| matches!(b, b'"' | b'\'' | b'`'))
}

/// [`crate::Spec::keyword_check`] of token formats that are a keyword prefix and then at
/// least 35 letters or digits (Notion's `secret_` + 43, `ntn_` + 46): fewer after the hit
/// cannot match.
pub fn alnum_35_follow(file: &FileCx<'_>, hit: (usize, usize)) -> bool {
    let bytes = file.bytes;
    bytes.len() >= hit.1 + 35
        && bytes[hit.1..hit.1 + 35]
            .iter()
            .all(u8::is_ascii_alphanumeric)
}

/// [`crate::Spec::keyword_check`] of `.npmrc` settings (`_auth = value`): the keyword is the
/// setting's name, so blanks and `=` must follow it.
pub fn equals_follows(file: &FileCx<'_>, hit: (usize, usize)) -> bool {
    let mut i = hit.1;
    while matches!(file.bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    file.bytes.get(i) == Some(&b'=')
}

#[cfg(test)]
mod keyword_check_tests {
    use super::*;

    /// The table lookup of a word is the list's membership test, in any case.
    #[test]
    fn suffix_lookup_is_the_lists_membership() {
        for s in NOT_SECRET_SUFFIXES {
            assert!(is_not_secret_suffix(s.as_bytes()), "{s}");
            assert!(
                is_not_secret_suffix(s.to_ascii_uppercase().as_bytes()),
                "{s}"
            );
            let longer = format!("{s}s");
            assert_eq!(
                is_not_secret_suffix(longer.as_bytes()),
                NOT_SECRET_SUFFIXES.contains(&longer.as_str()),
                "{longer}"
            );
            assert!(
                !is_not_secret_suffix(&s.as_bytes()[1..]) || NOT_SECRET_SUFFIXES.contains(&&s[1..])
            );
        }
        for w in ["", "token", "key", "secret", "i", "placeholders", "x\0"] {
            assert!(!is_not_secret_suffix(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn settings_name_without_allocating_is_the_lossy_one() {
        let parts: [&[u8]; 16] = [
            b"token",
            b"_",
            b"-",
            b".",
            b"count",
            b"12",
            b"Name",
            b"FILE",
            b"url",
            b"x",
            b"ttl",
            b"path",
            b" ",
            b"=",
            b"\"",
            b"\xc3\xa9",
        ];
        let mut seed = 3u64;
        for _ in 0..20_000 {
            let mut text = Vec::new();
            for _ in 0..1 + seed % 7 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.extend_from_slice(parts[(seed % 16) as usize]);
            }
            assert_eq!(settings_name(&text), settings_name_lossy(&text), "{text:?}");
        }
    }
}
