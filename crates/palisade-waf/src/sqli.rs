//! SQL injection detection, in the spirit of libinjection.
//!
//! A value is tokenised the way a SQL lexer would read it, in each context it may be pasted
//! into by the application: as code (`WHERE id = $v`), inside single quotes
//! (`WHERE name = '$v'`) and inside double quotes. In a quoted context everything up to
//! the first quote of that kind is string content, so `O'Reilly` becomes the harmless word
//! `Reilly` and `admin'--` becomes a comment right after a closed string. The token
//! sequence is then judged by a few rules, each naming the attack it recognises; a word
//! such as `select` or `or` on its own is never enough.

use crate::config::Paranoia;
use crate::rules::*;

/// Most tokens judged per value and context.
const MAX_TOKENS: usize = 512;

/// A rule that matched and where (byte offset into the inspected text).
pub(crate) struct Hit {
    pub(crate) rule: &'static str,
    pub(crate) at: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A quoted string; `closed` is false when the text ended inside it.
    Str {
        closed: bool,
    },
    Num,
    Word,
    /// `@x` or `@@version`.
    Var,
    /// `and`, `or`, `xor`, `&&`, `||`.
    Logic,
    /// `=`, `<`, `>`, `<=`, `>=`, `<>`, `!=`, `<=>`, `like`, `rlike`, `regexp`, `is`, `in`.
    Cmp,
    /// Arithmetic and bit operators, `not`, `!`.
    Op,
    LParen,
    RParen,
    Comma,
    Semi,
    Dot,
    /// `--`, `#` or `/* */`; `bare` when it runs to the end of the text with nothing but
    /// whitespace after the marker, or the marker is followed by whitespace.
    Comment {
        bare: bool,
    },
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Returns the first SQL injection form found in `text`.
pub(crate) fn detect(text: &str, paranoia: Paranoia) -> Option<Hit> {
    let bytes = text.as_bytes();
    let level = paranoia.level();
    // As code.
    let tokens = tokenize(bytes, 0);
    if let Some(hit) = judge(bytes, &tokens, false, level) {
        return Some(hit);
    }
    // Inside '…' and "…": what follows the first quote is what the database runs.
    for quote in [b'\'', b'"'] {
        if let Some(pos) = memchr::memchr(quote, bytes) {
            let tokens = tokenize(bytes, pos + 1);
            if let Some(hit) = judge(bytes, &tokens, true, level) {
                return Some(hit);
            }
        }
    }
    None
}

fn tokenize(b: &[u8], from: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = from;
    while i < b.len() && out.len() < MAX_TOKENS {
        let c = b[i];
        let start = i;
        let kind = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0 => {
                i += 1;
                continue;
            }
            // Non-breaking space (U+00A0), which MySQL treats as whitespace in some modes.
            0xc2 if b.get(i + 1) == Some(&0xa0) => {
                i += 2;
                continue;
            }
            b'\'' | b'"' | b'`' => {
                let (end, closed) = scan_string(b, i);
                i = end;
                if c == b'`' {
                    Kind::Word
                } else {
                    Kind::Str { closed }
                }
            }
            b'0'..=b'9' => {
                i = scan_number(b, i);
                // `1union`: MySQL reads a number glued to a keyword as two tokens; a number
                // glued to other letters (`2pm`, `3rd`) is a word.
                let word_end = scan_word(b, i);
                if word_end > i {
                    if is_glue_keyword(&b[i..word_end]) {
                        out.push(Token {
                            kind: Kind::Num,
                            start,
                            end: i,
                        });
                        let kind = word_kind(&b[i..word_end]);
                        out.push(Token {
                            kind,
                            start: i,
                            end: word_end,
                        });
                        i = word_end;
                        continue;
                    }
                    i = word_end;
                    Kind::Word
                } else {
                    Kind::Num
                }
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = scan_number(b, i);
                Kind::Num
            }
            b'@' => {
                i += 1;
                if b.get(i) == Some(&b'@') {
                    i += 1;
                }
                i = scan_word(b, i);
                Kind::Var
            }
            b'#' => {
                let bare = b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
                i = line_end(b, i);
                Kind::Comment { bare }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                let bare = b
                    .get(i + 2)
                    .is_none_or(|c| c.is_ascii_whitespace() || *c == b'-');
                i = line_end(b, i);
                Kind::Comment { bare }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                if b.get(i + 2) == Some(&b'!') {
                    // MySQL executable comment `/*!50000 union*/`: its content is code.
                    i += 3;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    continue;
                }
                match memchr::memmem::find(&b[i + 2..], b"*/") {
                    Some(j) => i = i + 2 + j + 2,
                    None => i = b.len(),
                }
                Kind::Comment { bare: true }
            }
            // The end of an executable comment.
            b'*' if b.get(i + 1) == Some(&b'/') => {
                i += 2;
                continue;
            }
            b'(' => {
                i += 1;
                Kind::LParen
            }
            b')' => {
                i += 1;
                Kind::RParen
            }
            b',' => {
                i += 1;
                Kind::Comma
            }
            b';' => {
                i += 1;
                Kind::Semi
            }
            b'.' => {
                i += 1;
                Kind::Dot
            }
            b'=' | b'<' | b'>' | b'!' => {
                i += 1;
                while i < b.len() && matches!(b[i], b'=' | b'<' | b'>') && i - start < 3 {
                    i += 1;
                }
                if c == b'!' && i == start + 1 {
                    Kind::Op
                } else {
                    Kind::Cmp
                }
            }
            b'|' if b.get(i + 1) == Some(&b'|') => {
                i += 2;
                Kind::Logic
            }
            b'&' if b.get(i + 1) == Some(&b'&') => {
                i += 2;
                Kind::Logic
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'~' | b'|' | b'&' | b':' => {
                i += 1;
                Kind::Op
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                // N'…', X'…', B'…', E'…' string prefixes.
                if matches!(c | 0x20, b'n' | b'x' | b'b' | b'e')
                    && matches!(b.get(i + 1), Some(b'\''))
                {
                    let (end, closed) = scan_string(b, i + 1);
                    i = end;
                    Kind::Str { closed }
                } else {
                    i = scan_word(b, i);
                    word_kind(&b[start..i])
                }
            }
            _ => {
                // Skip one UTF-8 character.
                i += 1;
                while i < b.len() && (b[i] & 0xc0) == 0x80 {
                    i += 1;
                }
                Kind::Other
            }
        };
        out.push(Token {
            kind,
            start,
            end: i,
        });
    }
    out
}

fn scan_string(b: &[u8], open: usize) -> (usize, bool) {
    let quote = b[open];
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote != b'`' => i += 2,
            c if c == quote => {
                // A doubled quote is an escaped quote inside the string.
                if b.get(i + 1) == Some(&quote) {
                    i += 2;
                } else {
                    return (i + 1, true);
                }
            }
            _ => i += 1,
        }
    }
    (b.len(), false)
}

fn scan_number(b: &[u8], mut i: usize) -> usize {
    if b[i] == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X' | b'b' | b'B')) {
        let hex = matches!(b[i + 1], b'x' | b'X');
        let mut j = i + 2;
        while j < b.len()
            && (if hex {
                b[j].is_ascii_hexdigit()
            } else {
                matches!(b[j], b'0' | b'1')
            })
        {
            j += 1;
        }
        if j > i + 2 {
            return j;
        }
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i < b.len()
        && matches!(b[i], b'e' | b'E')
        && b.get(i + 1)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'-' || *c == b'+')
    {
        i += 2;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

fn scan_word(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'$')) {
        i += 1;
    }
    i
}

fn line_end(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j)
}

fn is_glue_keyword(w: &[u8]) -> bool {
    [
        "union", "or", "and", "xor", "from", "order", "limit", "having", "group", "like",
    ]
    .iter()
    .any(|k| w.eq_ignore_ascii_case(k.as_bytes()))
}

fn word_kind(w: &[u8]) -> Kind {
    let is = |k: &str| w.eq_ignore_ascii_case(k.as_bytes());
    if is("and") || is("or") || is("xor") {
        Kind::Logic
    } else if is("like") || is("rlike") || is("regexp") || is("is") || is("in") || is("sounds") {
        Kind::Cmp
    } else if is("not") || is("div") || is("mod") {
        Kind::Op
    } else {
        Kind::Word
    }
}

/// The token sequence with comments removed, and helpers to read it.
struct View<'a> {
    text: &'a [u8],
    all: &'a [Token],
    sig: Vec<Token>,
}

impl View<'_> {
    fn word(&self, i: usize, w: &str) -> bool {
        self.sig.get(i).is_some_and(|t| {
            t.kind == Kind::Word && self.text[t.start..t.end].eq_ignore_ascii_case(w.as_bytes())
        })
    }
    fn word_any(&self, i: usize, words: &[&str]) -> bool {
        words.iter().any(|w| self.word(i, w))
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.sig.get(i).map(|t| t.kind)
    }
    fn is(&self, i: usize, k: Kind) -> bool {
        self.kind(i) == Some(k)
    }
    fn text(&self, i: usize) -> &[u8] {
        self.sig
            .get(i)
            .map_or(&[][..], |t| &self.text[t.start..t.end])
    }
    fn at(&self, i: usize) -> usize {
        self.sig.get(i).map_or(self.text.len(), |t| t.start)
    }
    /// A function call: a word directly followed by `(`.
    fn call(&self, i: usize, names: &[&str]) -> bool {
        self.word_any(i, names) && self.is(i + 1, Kind::LParen)
    }
    fn end(&self, i: usize) -> bool {
        i >= self.sig.len()
    }
    /// A literal operand: string, number, `true`/`false`/`null`, variable; with a unary
    /// prefix (`-1`, `!0`, `not 0`) and redundant parentheses allowed. Returns the index
    /// after it.
    fn literal(&self, mut i: usize) -> Option<usize> {
        let mut parens = 0;
        while self.is(i, Kind::LParen) {
            parens += 1;
            i += 1;
        }
        while self.is(i, Kind::Op) && matches!(self.text(i), b"-" | b"+" | b"!" | b"~")
            || self.word(i, "not")
        {
            i += 1;
        }
        let ok = matches!(self.kind(i), Some(Kind::Str { .. } | Kind::Num | Kind::Var))
            || self.word_any(i, &["true", "false", "null"]);
        if !ok {
            return None;
        }
        i += 1;
        while parens > 0 && self.is(i, Kind::RParen) {
            parens -= 1;
            i += 1;
        }
        Some(i)
    }
}

fn judge(text: &[u8], tokens: &[Token], quoted: bool, level: u8) -> Option<Hit> {
    if tokens.is_empty() {
        return None;
    }
    let sig: Vec<Token> = tokens
        .iter()
        .copied()
        .filter(|t| !matches!(t.kind, Kind::Comment { .. }))
        .collect();
    let v = View {
        text,
        all: tokens,
        sig,
    };
    let hit = |rule, i| Some(Hit { rule, at: v.at(i) });

    // Where an injection starts: right after the closing quote (quoted context), or after
    // a leading number (numeric context, `1 or 1=1`), skipping `)` that close the
    // application's own parentheses.
    let mut first = 0;
    if !quoted {
        first = v.literal(0).unwrap_or(usize::MAX);
    }
    if first != usize::MAX {
        while v.is(first, Kind::RParen) {
            first += 1;
        }
    }

    if quoted {
        if let Some(h) = comment_after_break(&v, 0) {
            return Some(h);
        }
    } else if matches!(v.all[0].kind, Kind::Str { closed: true }) {
        // `"admin"--` pasted where the application expects code.
        if let Some(h) = comment_after_break(&v, 1) {
            return Some(h);
        }
    }

    if first != usize::MAX {
        // `' or '1'='1`, `1 or 1=1`, `') or ('a'='a`, `' or 1--`.
        if v.is(first, Kind::Logic) {
            if let Some(after) = v.literal(first + 1) {
                let cmp = v.is(after, Kind::Cmp) && v.literal(after + 1).is_some();
                let between = v.word(after, "between")
                    && v.literal(after + 1)
                        .is_some_and(|k| v.is(k, Kind::Logic) && v.literal(k + 1).is_some());
                let tail = v.end(after)
                    || matches!(v.kind(after), Some(Kind::Semi | Kind::RParen))
                    || v.is(after, Kind::Logic);
                let boolean = v.word_any(first + 1, &["true", "false"]);
                if cmp || between || (tail && (quoted || boolean || level >= 2)) {
                    return hit(SQLI_TAUTOLOGY, first);
                }
                // `' and 1=convert(int,@@version)`, `1 or 1=(select …)`
                if v.is(after, Kind::Cmp)
                    && (v.call(after + 1, SQL_FUNCTIONS)
                        || v.is(after + 1, Kind::LParen) && v.word(after + 2, "select"))
                {
                    return hit(SQLI_PROBE, first);
                }
            }
            // `1 and ascii(substring(…))>64`
            if v.call(first + 1, SQL_FUNCTIONS) {
                return hit(SQLI_PROBE, first);
            }
            // `' or username=0x61646d696e--`: a column compared, and the rest cut off.
            if quoted && v.is(first + 1, Kind::Word) && v.is(first + 2, Kind::Cmp) {
                if let Some(after) = v.literal(first + 3) {
                    if v.end(after) || v.is(after, Kind::Logic) {
                        return hit(SQLI_TAUTOLOGY, first);
                    }
                }
            }
            // `' or a=a`
            if v.is(first + 1, Kind::Word)
                && v.is(first + 2, Kind::Cmp)
                && v.text(first + 1).eq_ignore_ascii_case(v.text(first + 3))
            {
                return hit(SQLI_TAUTOLOGY, first);
            }
            // `' and (select …)`, `1 or exists(select …)`
            if v.is(first + 1, Kind::LParen) && v.word(first + 2, "select")
                || v.call(first + 1, &["exists"])
            {
                return hit(SQLI_PROBE, first);
            }
            if quoted && level >= 2 {
                return hit(SQLI_GENERIC, first);
            }
        }
        // `'='`, `'<>'` — the empty-string comparison auth bypass.
        if quoted && first == 0 && v.is(0, Kind::Cmp) && matches!(v.kind(1), Some(Kind::Str { .. }))
        {
            return hit(SQLI_TAUTOLOGY, 0);
        }
        // `' order by 3--`, `1 order by 3`, `' group by …`, `' having 1=1`, `procedure analyse`
        let order_by = v.word_any(first, &["order", "group"])
            && v.word(first + 1, "by")
            && ((quoted && (v.is(first + 2, Kind::Num) || level >= 2))
                || (v.is(first + 2, Kind::Num) && v.end(first + 3)));
        let having =
            v.word(first, "having") && v.literal(first + 1).is_some() && (quoted || level >= 2);
        let analyse = v.word(first, "procedure") && v.word(first + 1, "analyse");
        if order_by || having || analyse {
            return hit(SQLI_PROBE, first);
        }
        if quoted && v.is(first, Kind::Semi) && (v.end(first + 1) || level >= 2) {
            return hit(SQLI_COMMENT, first);
        }
    }

    for i in 0..v.sig.len() {
        if let Some(h) = at_token(&v, i, quoted, level) {
            return Some(h);
        }
    }
    None
}

/// `admin'--`, `x')#`, `a'/*`: the rest of the application's statement commented out.
fn comment_after_break(v: &View<'_>, from: usize) -> Option<Hit> {
    let mut i = from;
    while i < v.all.len() && v.all[i].kind == Kind::RParen {
        i += 1;
    }
    if i < v.all.len() && v.all[i].kind == Kind::Semi {
        i += 1;
    }
    let t = v.all.get(i)?;
    if let Kind::Comment { bare } = t.kind {
        // `'#tag'` in prose is not a comment; `'#` at the end or before a space is.
        let marker = v.text[t.start];
        if bare || marker != b'#' {
            return Some(Hit {
                rule: SQLI_COMMENT,
                at: t.start,
            });
        }
    }
    None
}

/// Functions whose call right after an injected `and`/`or` gives the attempt away.
const SQL_FUNCTIONS: &[&str] = &[
    "ascii",
    "ord",
    "substring",
    "substr",
    "mid",
    "length",
    "char_length",
    "count",
    "if",
    "ifnull",
    "coalesce",
    "version",
    "user",
    "database",
    "current_user",
    "exists",
    "elt",
    "make_set",
    "instr",
    "locate",
    "hex",
    "bin",
    "conv",
    "cast",
    "convert",
    "sleep",
    "pg_sleep",
    "benchmark",
    "extractvalue",
    "updatexml",
    "rand",
    "schema",
    "db_name",
    "user_name",
    "system_user",
    "ascii_str",
    "unicode",
];

const STATEMENT_OBJECTS: &[&str] = &[
    "table",
    "database",
    "view",
    "procedure",
    "function",
    "index",
    "user",
    "schema",
    "trigger",
    "login",
];

fn at_token(v: &View<'_>, i: usize, quoted: bool, level: u8) -> Option<Hit> {
    let hit = |rule| Some(Hit { rule, at: v.at(i) });
    let t = v.sig[i];
    match t.kind {
        Kind::Word => {}
        Kind::Semi => {
            let j = i + 1;
            let stacked = (v.word_any(j, &["drop", "create", "alter"])
                && v.word_any(j + 1, STATEMENT_OBJECTS))
                || (v.word(j, "delete") && v.word(j + 1, "from"))
                || (v.word(j, "insert") && v.word(j + 1, "into"))
                || (v.word(j, "update") && v.is(j + 1, Kind::Word) && v.word(j + 2, "set"))
                || (v.word(j, "truncate") && v.is(j + 1, Kind::Word))
                || (v.word(j, "select") && select_list(v, j + 1, level))
                || (v.word_any(j, &["exec", "execute"])
                    && (v.is(j + 1, Kind::Word)
                        || v.is(j + 1, Kind::LParen)
                        || v.is(j + 1, Kind::Var)))
                || (v.word(j, "declare") && v.is(j + 1, Kind::Var))
                || (v.word(j, "shutdown") && v.end(j + 1))
                || (v.word(j, "grant") && v.is(j + 1, Kind::Word) && (quoted || level >= 2));
            return if stacked { hit(SQLI_STACKED) } else { None };
        }
        _ => return None,
    }
    let w = &v.text[t.start..t.end];
    let is = |k: &str| w.eq_ignore_ascii_case(k.as_bytes());
    if is("union") {
        let mut j = i + 1;
        if v.word_any(j, &["all", "distinct"]) {
            j += 1;
        }
        while v.is(j, Kind::LParen) {
            j += 1;
        }
        if v.word(j, "select") && (select_list(v, j + 1, level) || level >= 2) {
            return hit(SQLI_UNION);
        }
        return None;
    }
    if v.is(i + 1, Kind::LParen) {
        let arg = i + 2;
        if is("sleep") || is("pg_sleep") {
            if v.is(arg, Kind::Num)
                || v.is(arg, Kind::LParen)
                || v.word(arg, "select")
                || v.is(arg, Kind::Var)
            {
                return hit(SQLI_TIME);
            }
        } else if is("benchmark") {
            if v.is(arg, Kind::Num) && v.is(arg + 1, Kind::Comma) {
                return hit(SQLI_TIME);
            }
        } else if is("extractvalue") || is("updatexml") {
            if v.is(arg + 1, Kind::Comma) || v.literal(arg).is_some() {
                return hit(SQLI_ERROR);
            }
        } else if (is("exp") && v.is(arg, Kind::Op) && v.text(arg) == b"~")
            || (is("floor") && v.call(arg, &["rand"]))
        {
            return hit(SQLI_ERROR);
        } else if is("load_file") || is("lo_import") {
            return hit(SQLI_FILE);
        } else if is("char") || is("chr") || is("nchar") {
            // char(97,100,109) or char(97)+char(100): strings spelled as codes.
            let mut j = arg;
            let mut codes = 0;
            while v.is(j, Kind::Num) {
                codes += 1;
                j += 1;
                if v.is(j, Kind::Comma) {
                    j += 1;
                }
            }
            if codes > 0 && v.is(j, Kind::RParen) {
                let joined = matches!(v.kind(j + 1), Some(Kind::Op | Kind::Logic))
                    && (v.call(j + 2, &["char", "chr", "nchar"]) || level >= 2);
                if codes >= 3 || joined || (quoted && level >= 2) {
                    return hit(SQLI_ENCODING);
                }
            }
        } else if is("unhex") || is("concat") || is("concat_ws") {
            let hex = v.is(arg, Kind::Num)
                && v.text(arg).len() > 4
                && v.text(arg)[..2].eq_ignore_ascii_case(b"0x");
            if hex
                || v.call(arg, &["char", "chr", "unhex"])
                || (is("concat") && v.word(arg, "select"))
            {
                return hit(SQLI_ENCODING);
            }
        } else if is("utl_inaddr") || is("xmltype") {
            return hit(SQLI_ERROR);
        }
        return None;
    }
    if is("waitfor")
        && v.word_any(i + 1, &["delay", "time"])
        && matches!(v.kind(i + 2), Some(Kind::Str { .. }))
    {
        return hit(SQLI_TIME);
    }
    if (is("dbms_lock") || is("dbms_pipe")) && v.is(i + 1, Kind::Dot) {
        return hit(SQLI_TIME);
    }
    if (is("utl_inaddr") || is("utl_http") || is("dbms_xmlgen")) && v.is(i + 1, Kind::Dot) {
        return hit(SQLI_ERROR);
    }
    if is("xp_cmdshell") || is("sp_oacreate") || is("sp_execute_external_script") {
        return hit(SQLI_FILE);
    }
    if is("into") && v.word_any(i + 1, &["outfile", "dumpfile"]) {
        return hit(SQLI_FILE);
    }
    if is("information_schema")
        || is("sqlite_master")
        || is("sqlite_schema")
        || is("pg_catalog")
        || is("pg_shadow")
        || is("sysobjects")
        || is("syscolumns")
        || is("all_tab_columns")
        || is("msysobjects")
        || (is("mysql") && v.is(i + 1, Kind::Dot) && v.word_any(i + 2, &["user", "db"]))
    {
        let sql_context = i > 0 && v.word_any(i - 1, &["from", "join"])
            || (i > 1 && v.is(i - 1, Kind::LParen) && v.word(i - 2, "from"))
            || v.is(i + 1, Kind::Dot)
            || quoted
            || level >= 3;
        if sql_context {
            return hit(SQLI_SCHEMA);
        }
        return None;
    }
    if level >= 2 && is("select") && select_list(v, i + 1, level) {
        // `select … from` within a few tokens.
        let from = (i + 2..(i + 12).min(v.sig.len())).any(|j| v.word(j, "from"));
        if from && (quoted || level >= 3 || v.sig.len() > i + 3) {
            return hit(SQLI_GENERIC);
        }
    }
    None
}

/// Does a select list start at `i`? `null`, numbers, strings, `*`, variables, function
/// calls, `@@version`, or a column followed by `,` or `from`. `select a size` is prose.
fn select_list(v: &View<'_>, i: usize, level: u8) -> bool {
    match v.kind(i) {
        Some(Kind::Num | Kind::Str { .. } | Kind::Var | Kind::LParen) => true,
        Some(Kind::Op) => v.text(i) == b"*",
        Some(Kind::Word) => {
            v.word_any(i, &["null", "all", "distinct", "top", "case", "if"])
                || v.is(i + 1, Kind::LParen)
                || v.is(i + 1, Kind::Comma)
                || v.is(i + 1, Kind::Dot)
                || v.word(i + 1, "from")
                || (v.end(i + 1) && level >= 2)
        }
        None => level >= 3,
        _ => false,
    }
}
