//! The lazy NDJSON line scanner: the fast path of NDJSON input.
//!
//! Given one line and a [`KeySet`] compiled once (the top-level keys a stage chain needs), a
//! [`Scanner`] walks the line's top-level object once, without building a [`Value`], and records
//! the raw byte span of each wanted key's value. [`raw_to_value`] turns such a span into a value
//! on demand, with fast paths for the common scalars.
//!
//! Semantics are those of the full parse ([`crate::json::parse`], i.e. `serde_json`):
//! - the scan is also a complete validator: it accepts exactly the lines `json::parse` accepts
//!   (string escapes incl. paired `\u` surrogates, no raw control characters, valid UTF-8, the
//!   number grammar and range, literals, the nesting limit of 127, whitespace, trailing bytes), so
//!   a malformed line is never silently accepted;
//! - the whole line is walked and the *last* occurrence of a duplicate key wins;
//! - keys are compared after decoding escapes (`"stat\u0075s"` is `status`); only keys that
//!   contain a backslash are decoded;
//! - a top-level value that is not an object is reported as [`TopLevel::Other`]; the caller wraps
//!   it as `{"value": ...}`.
//!
//! String bodies are skipped 8 bytes at a time (SWAR) looking for `"`, `\`, control bytes and
//! non-ASCII bytes; each non-ASCII character is checked where it stands, so an all-ASCII line
//! costs no separate UTF-8 pass. Nothing is allocated per line.

use std::fmt;
use std::ops::Range;

use crate::json;
use crate::swar::{digits_end, skip_plain_ascii};
use crate::value::Value;

/// The deepest nesting `serde_json` accepts: a 128th nested container is an error.
const MAX_DEPTH: usize = 128;

/// A set of top-level keys to look for, compiled once.
///
/// Keys are identified by their index in the list given to [`KeySet::new`]. A key listed twice
/// is recorded under both indexes.
#[derive(Debug, Clone)]
pub struct KeySet {
    keys: Vec<Box<[u8]>>,
    /// Bit `min(len, 63)` is set for the length of every key: a cheap first test.
    len_mask: u64,
    /// Identifies this set and its clones ([`SpanSet::keys`]).
    id: u64,
}

impl KeySet {
    /// Compiles the set of keys (decoded text, as written in an expression).
    pub fn new(keys: &[&str]) -> KeySet {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let keys: Vec<Box<[u8]>> = keys.iter().map(|k| Box::from(k.as_bytes())).collect();
        let len_mask = keys.iter().fold(0u64, |m, k| m | 1 << k.len().min(63));
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        KeySet { keys, len_mask, id }
    }

    /// A number shared by this set and its clones only.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key at `index` as given to [`KeySet::new`].
    pub fn key(&self, index: usize) -> &str {
        // The keys were built from `&str`s.
        std::str::from_utf8(&self.keys[index]).unwrap_or_default()
    }

    #[inline]
    fn may_contain_len(&self, len: usize) -> bool {
        self.len_mask & (1 << len.min(63)) != 0
    }
}

/// A byte range `start..end` within the scanned line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span as a range for slicing the line.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// The spans one scan found, in a compact form an event can carry, so that the stage whose key
/// set it is need not scan the line again (at most [`SpanSet::MAX_KEYS`] keys, lines below
/// 4 GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanSet {
    keys: u64,
    /// `(start, end)` per key; `start > end` when the key is absent.
    spans: [(u32, u32); SpanSet::MAX_KEYS],
    layout: Layout,
}

/// The shape of a scanned object line beyond the spans of its wanted keys: what an edit of its
/// text needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The number of top-level members, duplicates included.
    pub members: usize,
    /// True when a wanted key occurs more than once at the top level.
    pub repeated: bool,
}

impl SpanSet {
    /// The most keys a span set holds.
    pub const MAX_KEYS: usize = 6;

    /// The spans of `keys` in a text of that `layout`, one per key in order; `None` when there
    /// are more keys than a span set holds or a span is beyond 4 GiB.
    pub fn new(
        keys: &KeySet,
        spans: impl IntoIterator<Item = Option<Span>>,
        layout: Layout,
    ) -> Option<SpanSet> {
        if keys.len() > SpanSet::MAX_KEYS {
            return None;
        }
        let mut set = SpanSet {
            keys: keys.id,
            spans: [(1, 0); SpanSet::MAX_KEYS],
            layout,
        };
        for (slot, span) in set.spans.iter_mut().zip(spans) {
            if let Some(span) = span {
                *slot = (
                    u32::try_from(span.start).ok()?,
                    u32::try_from(span.end).ok()?,
                );
            }
        }
        Some(set)
    }

    /// The [`KeySet::id`] of the keys the spans belong to.
    pub fn keys(&self) -> u64 {
        self.keys
    }

    /// The layout of the line the spans are of.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The span of key `index`'s value, if the line had the key.
    pub fn get(&self, index: usize) -> Option<Span> {
        let (start, end) = *self.spans.get(index)?;
        (start <= end).then_some(Span {
            start: start as usize,
            end: end as usize,
        })
    }
}

/// What the top level of a scanned line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopLevel {
    /// An object; `open` and `close` are the positions of its `{` and `}` (an edit that appends a
    /// field splices before `close`).
    Object {
        /// Position of the opening brace.
        open: usize,
        /// Position of the closing brace.
        close: usize,
    },
    /// Any other JSON value, at this span (whitespace around it excluded). No key is found in it.
    Other(Span),
}

/// A line that is not valid JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanError {
    /// What is wrong, in `serde_json`'s words.
    pub what: &'static str,
    /// 1-based byte column where the problem was found.
    pub column: usize,
}

impl fmt::Display for ScanError {
    /// `invalid JSON: <what> at column N`, the form of the NDJSON decoder's messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON: {} at column {}", self.what, self.column)
    }
}

impl std::error::Error for ScanError {}

const EOF_VALUE: &str = "EOF while parsing a value";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_STRING: &str = "EOF while parsing a string";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_COMMA_OBJECT: &str = "expected `,` or `}`";
const EXPECTED_COMMA_LIST: &str = "expected `,` or `]`";
const EXPECTED_VALUE: &str = "expected value";
const EXPECTED_IDENT: &str = "expected ident";
const KEY_MUST_BE_STRING: &str = "key must be a string";
const TRAILING_CHARACTERS: &str = "trailing characters";
const TRAILING_COMMA: &str = "trailing comma";
const INVALID_NUMBER: &str = "invalid number";
const INVALID_ESCAPE: &str = "invalid escape";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT: &str = "recursion limit exceeded";
const INVALID_UNICODE: &str = "invalid unicode code point";

// Until `locate` turns it into a column, an error's `column` holds the number of bytes consumed
// when `serde_json` reports the error: one past the offending byte, or the length at the end.

/// An error about the byte at index `i`.
#[cold]
fn err_at(what: &'static str, i: usize) -> ScanError {
    ScanError {
        what,
        column: i + 1,
    }
}

/// An error at the end of a line of `len` bytes.
#[cold]
fn err_eof(what: &'static str, len: usize) -> ScanError {
    ScanError { what, column: len }
}

/// Scans lines for the values of a fixed set of top-level keys.
///
/// ```
/// use eddy::scan::{KeySet, Scanner, raw_to_value};
/// use eddy::value::Value;
///
/// let mut scanner = Scanner::new(KeySet::new(&["status", "path"]));
/// let line = br#"{"path":"/a","status":200,"status":503}"#;
/// scanner.scan(line).unwrap();
/// assert_eq!(scanner.get(line, 0), Some(&b"503"[..]));
/// assert!(matches!(raw_to_value(scanner.get(line, 1).unwrap()), Value::Str(s) if s == "/a"));
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    keys: KeySet,
    spans: Vec<Option<Span>>,
    layout: Layout,
    /// Scratch for keys that contain escapes.
    key_buf: Vec<u8>,
}

impl Scanner {
    /// A scanner for `keys`.
    pub fn new(keys: KeySet) -> Scanner {
        Scanner {
            spans: vec![None; keys.len()],
            layout: Layout::default(),
            keys,
            key_buf: Vec::new(),
        }
    }

    /// The keys this scanner looks for.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// Validates `line` (one record without its line terminator) and records the span of the
    /// last occurrence of each wanted top-level key. After an error the spans are meaningless.
    pub fn scan(&mut self, line: &[u8]) -> Result<TopLevel, ScanError> {
        // One or two keys, the commonest, are cleared without the set-up of the unrolled
        // loop of `fill` (some 20 instructions a line, measured).
        match &mut self.spans[..] {
            [one] => *one = None,
            [one, two] => (*one, *two) = (None, None),
            spans => spans.fill(None),
        }
        self.layout = Layout::default();
        match self.walk(line) {
            Ok(top) => Ok(top),
            Err(e) => Err(self.walk_error(line, e)),
        }
    }

    /// The error for `line`, whose walk failed with `e`. When the line is not valid UTF-8, the
    /// walk may have stopped at a bad character before a syntax error that `serde_json` reports
    /// first, so the line is walked again with its non-ASCII bytes neutralised.
    #[cold]
    fn walk_error(&mut self, line: &[u8], e: ScanError) -> ScanError {
        if std::str::from_utf8(line).is_ok() {
            return locate(line, e);
        }
        let walked = self.walk(&neutralise_non_ascii(line));
        utf8_verdict(line, walked)
    }

    /// The span of key `index`'s value in the last scanned line, if the key was there.
    pub fn span(&self, index: usize) -> Option<Span> {
        self.spans.get(index).copied().flatten()
    }

    /// The raw JSON text of key `index`'s value in `line` (the line last scanned).
    pub fn get<'a>(&self, line: &'a [u8], index: usize) -> Option<&'a [u8]> {
        self.span(index).and_then(|s| line.get(s.range()))
    }

    /// The spans of all keys, in key order.
    pub fn spans(&self) -> &[Option<Span>] {
        &self.spans
    }

    /// The layout of the last scanned line, when it was an object.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The spans of the last scan in the compact form, or `None` when there are more keys than
    /// a [`SpanSet`] holds or the line is 4 GiB or longer.
    pub fn span_set(&self) -> Option<SpanSet> {
        SpanSet::new(&self.keys, self.spans.iter().copied(), self.layout)
    }

    fn walk(&mut self, b: &[u8]) -> Result<TopLevel, ScanError> {
        let start = skip_ws(b, 0);
        let Some(&first) = b.get(start) else {
            return Err(err_eof(EOF_VALUE, b.len()));
        };
        if first != b'{' {
            let end = skip_value(b, start, 0)?;
            expect_end(b, end)?;
            return Ok(TopLevel::Other(Span { start, end }));
        }
        let mut i = skip_ws(b, start + 1);
        if b.get(i) == Some(&b'}') {
            expect_end(b, i + 1)?;
            return Ok(TopLevel::Object {
                open: start,
                close: i,
            });
        }
        match b.get(i) {
            Some(b'"') => {}
            Some(_) => return Err(err_at(KEY_MUST_BE_STRING, i)),
            None => return Err(err_eof(EOF_OBJECT, b.len())),
        }
        // Kept in locals: the loop would read and write them through `self` per member.
        let len_mask = self.keys.len_mask;
        let mut members = 0;
        loop {
            // Here `b[i]` is the key's opening quote.
            let key_start = i + 1;
            let (key_end, escaped) = string_end(b, key_start)?;
            i = expect_colon(b, key_end)?;
            let value_start = i;
            let value_end = skip_value(b, i, 1)?;
            members += 1;
            let raw_key = &b[key_start..key_end - 1];
            // An empty set has no length bit: only an escaped key (its decoded length may
            // differ) goes to `record` unfiltered.
            if escaped || len_mask & 1 << raw_key.len().min(63) != 0 {
                self.record(
                    raw_key,
                    escaped,
                    Span {
                        start: value_start,
                        end: value_end,
                    },
                );
            }
            if let Some(next) = compact_next_key(b, value_end) {
                i = next;
                continue;
            }
            i = skip_ws(b, value_end);
            match b.get(i) {
                Some(b',') => i = next_key(b, i)?,
                Some(b'}') => {
                    expect_end(b, i + 1)?;
                    self.layout.members = members;
                    return Ok(TopLevel::Object {
                        open: start,
                        close: i,
                    });
                }
                Some(_) => return Err(err_at(EXPECTED_COMMA_OBJECT, i)),
                None => return Err(err_eof(EOF_OBJECT, b.len())),
            }
        }
    }

    /// Records `span` for every wanted key equal to `raw_key` (the bytes between the quotes).
    #[inline]
    fn record(&mut self, raw_key: &[u8], escaped: bool, span: Span) {
        let key: &[u8] = if escaped {
            self.key_buf.clear();
            unescape_into(raw_key, &mut self.key_buf);
            &self.key_buf
        } else {
            raw_key
        };
        if !self.keys.may_contain_len(key.len()) {
            return;
        }
        for (slot, wanted) in self.spans.iter_mut().zip(&self.keys.keys) {
            // The first byte tells most keys of the same length apart without a `memcmp` call.
            if wanted.first() == key.first() && same_key(wanted, key) {
                self.layout.repeated |= slot.is_some();
                *slot = Some(span);
            }
        }
    }
}

/// `a == b`, without a call to `memcmp` for keys of 4 to 16 bytes (most keys): their first and
/// last 4 or 8 bytes, which overlap, are compared as two words (a call cost some 18
/// instructions a line on `filter 'status >= 500'`).
#[inline(always)]
fn same_key(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (4..=8).contains(&n) {
        let word =
            |s: &[u8], at: usize| u32::from_le_bytes([s[at], s[at + 1], s[at + 2], s[at + 3]]);
        return word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4);
    }
    if (8..=16).contains(&n) {
        let word = |s: &[u8], at: usize| {
            u64::from_le_bytes(s[at..at + 8].try_into().expect("eight bytes"))
        };
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    a == b
}

/// Validates `line` as one JSON document with the same decisions as `json::parse`, without
/// building anything.
pub fn validate(line: &[u8]) -> Result<(), ScanError> {
    let walk = |b: &[u8]| skip_value(b, skip_ws(b, 0), 0).and_then(|end| expect_end(b, end));
    match walk(line) {
        Ok(()) => Ok(()),
        Err(e) if std::str::from_utf8(line).is_ok() => Err(locate(line, e)),
        Err(_) => Err(utf8_verdict(line, walk(&neutralise_non_ascii(line)))),
    }
}

/// `line` with every non-ASCII byte replaced by `x`, a byte that, like a non-ASCII one, is plain
/// inside a string and an error at the same place anywhere else (it starts no literal, is no
/// digit, exponent, hex digit or escape): a walk of it finds the syntax errors of `line` alone.
#[cold]
fn neutralise_non_ascii(line: &[u8]) -> Vec<u8> {
    line.iter()
        .map(|&c| if c.is_ascii() { c } else { b'x' })
        .collect()
}

/// Where the top-level members of an object line are: per member, the position of its key's
/// opening quote and the span of its value, in line order. `None` when `line` is not a valid
/// JSON object.
pub fn members(line: &[u8]) -> Option<Vec<(usize, Span)>> {
    let mut out = Vec::new();
    let mut i = skip_ws(line, 0);
    if line.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(line, i + 1);
    if line.get(i) != Some(&b'}') {
        loop {
            let key_start = i;
            if line.get(i) != Some(&b'"') {
                return None;
            }
            let (key_end, _) = string_end(line, i + 1).ok()?;
            let start = expect_colon(line, key_end).ok()?;
            let end = skip_value(line, start, 1).ok()?;
            out.push((key_start, Span { start, end }));
            i = skip_ws(line, end);
            match line.get(i) {
                Some(b',') => i = next_key(line, i).ok()?,
                Some(b'}') => break,
                _ => return None,
            }
        }
    }
    // Nothing but whitespace may follow the object.
    expect_end(line, i + 1).ok()?;
    Some(out)
}

/// Like [`validate`], and says whether the document is an object (the NDJSON decoder wraps
/// anything else as `{"value": ...}`).
pub fn validate_top(line: &[u8]) -> Result<bool, ScanError> {
    validate(line)?;
    Ok(line.get(skip_ws(line, 0)) == Some(&b'{'))
}

/// The error for a line that is not valid UTF-8, whose walk with its non-ASCII bytes
/// neutralised ([`neutralise_non_ascii`]) gave `walked`: whichever error `serde_json` reports
/// first.
///
/// Which error comes first when a line has both bad UTF-8 and a syntax error depends on where
/// `serde_json` checks a string (at its closing quote) and on escapes before it; such lines are
/// rare, so the full parse decides.
#[cold]
fn utf8_verdict<T>(line: &[u8], walked: Result<T, ScanError>) -> ScanError {
    match json::parse(line) {
        Err(e) if e.to_string().starts_with(INVALID_UNICODE) => ScanError {
            what: INVALID_UNICODE,
            column: e.column(),
        },
        _ => match walked {
            Ok(_) => ScanError {
                what: INVALID_UNICODE,
                column: std::str::from_utf8(line)
                    .err()
                    .map_or(0, |e| e.valid_up_to() + 1),
            },
            Err(e) => locate(line, e),
        },
    }
}

/// Turns an error's position (bytes consumed, as `serde_json` counts) into a column: bytes since
/// the last newline before it, like `serde_json` (a record may hold newlines as whitespace).
#[cold]
fn locate(line: &[u8], mut e: ScanError) -> ScanError {
    let at = e.column.min(line.len());
    let line_start = memchr::memrchr(b'\n', &line[..at]).map_or(0, |n| n + 1);
    e.column = at - line_start;
    e
}

#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\t' | b'\r')
}

/// The first index from `i` that is not whitespace. Compact JSON has none, so the byte at `i`
/// is checked first: every whitespace byte is at most `b' '`.
#[inline(always)]
fn skip_ws(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(&c) if c > b' ' => i,
        _ => skip_ws_run(b, i),
    }
}

/// [`skip_ws`] past a run of whitespace.
#[inline(never)]
fn skip_ws_run(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ws(b[i]) {
        i += 1;
    }
    i
}

/// Nothing but whitespace may follow the top-level value.
#[inline]
fn expect_end(b: &[u8], i: usize) -> Result<(), ScanError> {
    let i = skip_ws(b, i);
    if i < b.len() {
        return Err(err_at(TRAILING_CHARACTERS, i));
    }
    Ok(())
}

/// After a key ending before `i`: whitespace, `:`, whitespace; returns the value's position.
#[inline(always)]
fn expect_colon(b: &[u8], i: usize) -> Result<usize, ScanError> {
    // Compact JSON: the colon, then the value's first byte.
    match b.get(i..i + 2) {
        Some(&[b':', c]) if c > b' ' => Ok(i + 1),
        _ => expect_colon_spaced(b, i),
    }
}

/// [`expect_colon`] where there is whitespace or an error.
#[inline(never)]
fn expect_colon_spaced(b: &[u8], i: usize) -> Result<usize, ScanError> {
    let i = skip_ws(b, i);
    match b.get(i) {
        Some(b':') => Ok(skip_ws(b, i + 1)),
        Some(_) => Err(err_at(EXPECTED_COLON, i)),
        None => Err(err_eof(EOF_OBJECT, b.len())),
    }
}

/// In compact JSON, the position of the next key's quote after a member's value ending before
/// `i`: `,"` at `i`. `None` sends the caller the long way (whitespace, the end, an error); where
/// this finds a key, that way finds it too.
#[inline(always)]
fn compact_next_key(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i..i + 2) {
        Some(b",\"") => Some(i + 1),
        _ => None,
    }
}

/// After the `,` at `i` in an object: the position of the next key's quote.
#[inline]
fn next_key(b: &[u8], i: usize) -> Result<usize, ScanError> {
    let i = skip_ws(b, i + 1);
    match b.get(i) {
        Some(b'"') => Ok(i),
        Some(b'}') => Err(err_at(TRAILING_COMMA, i)),
        Some(_) => Err(err_at(KEY_MUST_BE_STRING, i)),
        None => Err(err_eof(EOF_VALUE, b.len())),
    }
}

/// Skips one value starting at `i` (no leading whitespace); returns the index after it.
/// `depth` is the number of containers the value is inside.
///
/// Strings and numbers, most values of an event, are skipped in place; the rest goes through
/// [`skip_other`], which keeps the recursion for containers out of the caller's loop.
#[inline(always)]
fn skip_value(b: &[u8], i: usize, depth: usize) -> Result<usize, ScanError> {
    match b.get(i) {
        Some(b'"') => string_end(b, i + 1).map(|(end, _)| end),
        Some(b'-' | b'0'..=b'9') => skip_number(b, i),
        _ => skip_other(b, i, depth),
    }
}

/// [`skip_value`] out of line, for what is not a string or a number: containers, literals,
/// the end of the input and bytes that start no value.
#[inline(never)]
fn skip_other(b: &[u8], i: usize, depth: usize) -> Result<usize, ScanError> {
    match b.get(i) {
        None => Err(err_eof(EOF_VALUE, b.len())),
        Some(b'{') => skip_object(b, i, depth + 1),
        Some(b'[') => skip_array(b, i, depth + 1),
        Some(b't') => literal(b, i, b"true"),
        Some(b'f') => literal(b, i, b"false"),
        Some(b'n') => literal(b, i, b"null"),
        Some(_) => Err(err_at(EXPECTED_VALUE, i)),
    }
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Result<usize, ScanError> {
    for (k, &w) in word.iter().enumerate() {
        match b.get(i + k) {
            Some(&c) if c == w => {}
            Some(_) => return Err(err_at(EXPECTED_IDENT, i + k)),
            None => return Err(err_eof(EOF_VALUE, b.len())),
        }
    }
    Ok(i + word.len())
}

/// Skips the object whose `{` is at `i`, at nesting `depth`.
fn skip_object(b: &[u8], i: usize, depth: usize) -> Result<usize, ScanError> {
    if depth >= MAX_DEPTH {
        return Err(err_at(RECURSION_LIMIT, i));
    }
    let mut i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return Ok(i + 1);
    }
    loop {
        match b.get(i) {
            Some(b'"') => {}
            Some(_) => return Err(err_at(KEY_MUST_BE_STRING, i)),
            None => return Err(err_eof(EOF_OBJECT, b.len())),
        }
        let (key_end, _) = string_end(b, i + 1)?;
        i = expect_colon(b, key_end)?;
        let value_end = skip_value(b, i, depth)?;
        if let Some(next) = compact_next_key(b, value_end) {
            i = next;
            continue;
        }
        i = skip_ws(b, value_end);
        match b.get(i) {
            Some(b',') => i = next_key(b, i)?,
            Some(b'}') => return Ok(i + 1),
            Some(_) => return Err(err_at(EXPECTED_COMMA_OBJECT, i)),
            None => return Err(err_eof(EOF_OBJECT, b.len())),
        }
    }
}

/// Skips the array whose `[` is at `i`, at nesting `depth`.
fn skip_array(b: &[u8], i: usize, depth: usize) -> Result<usize, ScanError> {
    if depth >= MAX_DEPTH {
        return Err(err_at(RECURSION_LIMIT, i));
    }
    let mut i = skip_ws(b, i + 1);
    match b.get(i) {
        Some(b']') => return Ok(i + 1),
        None => return Err(err_eof(EOF_LIST, b.len())),
        Some(_) => {}
    }
    loop {
        i = skip_ws(b, skip_value(b, i, depth)?);
        match b.get(i) {
            Some(b',') => {
                i = skip_ws(b, i + 1);
                if b.get(i) == Some(&b']') {
                    return Err(err_at(TRAILING_COMMA, i));
                }
            }
            Some(b']') => return Ok(i + 1),
            Some(_) => return Err(err_at(EXPECTED_COMMA_LIST, i)),
            None => return Err(err_eof(EOF_LIST, b.len())),
        }
    }
}

/// Skips a number starting at `i` (a `-` or a digit), checking the grammar. Numbers beyond
/// f64's range are valid JSON (read as ±infinity, as `json::parse` does).
///
/// The common forms, `digits` and `digits.digits` without a sign, an exponent or a leading
/// zero, are skipped in place; anything else (including every error) goes to
/// [`skip_number_full`], which accepts those forms with the same end.
#[inline(always)]
fn skip_number(b: &[u8], start: usize) -> Result<usize, ScanError> {
    let mut end = digits_end(b, start);
    if end == start || (b[start] == b'0' && end > start + 1) {
        return skip_number_full(b, start);
    }
    if b.get(end) == Some(&b'.') {
        let fraction = digits_end(b, end + 1);
        if fraction == end + 1 {
            return skip_number_full(b, start);
        }
        end = fraction;
    }
    if matches!(b.get(end), Some(b'e' | b'E')) {
        return skip_number_full(b, start);
    }
    Ok(end)
}

/// [`skip_number`] for every form: the sign, the exponent and the errors.
#[inline(never)]
fn skip_number_full(b: &[u8], start: usize) -> Result<usize, ScanError> {
    let i = start + usize::from(b[start] == b'-');
    let mut end = digits_end(b, i);
    if end == i {
        return match b.get(i) {
            Some(_) => Err(err_at(INVALID_NUMBER, i)),
            None => Err(err_eof(EOF_VALUE, b.len())),
        };
    }
    if b[i] == b'0' && end > i + 1 {
        return Err(err_at(INVALID_NUMBER, i + 1));
    }
    match b.get(end) {
        Some(b'.') => {
            end = skip_digits(b, end + 1)?;
            if matches!(b.get(end), Some(b'e' | b'E')) {
                return skip_exponent(b, end + 1);
            }
            Ok(end)
        }
        Some(b'e' | b'E') => skip_exponent(b, end + 1),
        _ => Ok(end),
    }
}

/// Skips the exponent after the `e` or `E` before `i`: an optional sign and digits.
#[cold]
fn skip_exponent(b: &[u8], i: usize) -> Result<usize, ScanError> {
    skip_digits(b, i + usize::from(matches!(b.get(i), Some(b'+' | b'-'))))
}

/// Skips the digits of a fraction or an exponent starting at `i`: at least one is required.
#[inline]
fn skip_digits(b: &[u8], i: usize) -> Result<usize, ScanError> {
    let end = digits_end(b, i);
    if end > i {
        Ok(end)
    } else if i < b.len() {
        Err(err_at(INVALID_NUMBER, i))
    } else {
        Err(err_eof(EOF_VALUE, b.len()))
    }
}

/// Scans a string body starting at `i` (after the opening quote). Returns the index after the
/// closing quote and whether the body contains a backslash escape.
#[inline(always)]
fn string_end(b: &[u8], mut i: usize) -> Result<(usize, bool), ScanError> {
    let mut escaped = false;
    loop {
        i = skip_plain_ascii(b, i);
        match b.get(i) {
            Some(b'"') => return Ok((i + 1, escaped)),
            Some(b'\\') => {
                escaped = true;
                i = check_escape(b, i + 1)?;
            }
            Some(&c) if c >= 0x80 => i = check_non_ascii(b, i)?,
            Some(_) => return Err(err_at(CONTROL_CHARACTER, i)),
            None => return Err(err_eof(EOF_STRING, b.len())),
        }
    }
}

/// Checks the run of non-ASCII bytes at `i` (a string holds them only as whole UTF-8
/// characters, and every byte of a multi-byte character is non-ASCII); returns the index after
/// it. The position of an error does not matter: a line that is not valid UTF-8 is judged again
/// as a whole ([`Scanner::walk_error`]).
#[inline(never)]
fn check_non_ascii(b: &[u8], i: usize) -> Result<usize, ScanError> {
    let end = b[i..]
        .iter()
        .position(u8::is_ascii)
        .map_or(b.len(), |n| i + n);
    match std::str::from_utf8(&b[i..end]) {
        Ok(_) => Ok(end),
        Err(e) => Err(err_at(INVALID_UNICODE, i + e.valid_up_to())),
    }
}

/// Checks the escape after a backslash at `i - 1`; returns the index after it.
#[cold]
fn check_escape(b: &[u8], i: usize) -> Result<usize, ScanError> {
    match b.get(i) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(i + 1),
        Some(b'u') => {
            let n = hex4(b, i + 1)?;
            let j = i + 5;
            if (0xDC00..=0xDFFF).contains(&n) {
                return Err(err_at(LONE_SURROGATE, j - 1));
            }
            if !(0xD800..=0xDBFF).contains(&n) {
                return Ok(j);
            }
            // A leading surrogate must be followed by `\u` and a trailing surrogate.
            for (k, want) in [b'\\', b'u'].into_iter().enumerate() {
                match b.get(j + k) {
                    Some(&c) if c == want => {}
                    Some(_) => return Err(err_at(END_OF_HEX_ESCAPE, j + k)),
                    None => return Err(err_eof(EOF_STRING, b.len())),
                }
            }
            let n2 = hex4(b, j + 2)?;
            if !(0xDC00..=0xDFFF).contains(&n2) {
                return Err(err_at(LONE_SURROGATE, j + 5));
            }
            Ok(j + 6)
        }
        Some(_) => Err(err_at(INVALID_ESCAPE, i)),
        None => Err(err_eof(EOF_STRING, b.len())),
    }
}

/// The value of four hex digits at `i`.
fn hex4(b: &[u8], i: usize) -> Result<u16, ScanError> {
    let Some(digits) = b.get(i..i + 4) else {
        return Err(err_eof(EOF_STRING, b.len()));
    };
    let mut n = 0u16;
    for &c in digits {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            // serde_json reads all four bytes before it complains.
            _ => return Err(err_at(INVALID_ESCAPE, i + 3)),
        };
        n = n << 4 | u16::from(d);
    }
    Ok(n)
}

/// Decodes the escapes of a validated string body (the bytes between the quotes) into `out`.
fn unescape_into(body: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'\\', &body[i..]) {
        out.extend_from_slice(&body[i..i + off]);
        i += off + 1;
        let Some(&c) = body.get(i) else { return };
        i += 1;
        let simple = match c {
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let hex = |at: usize| {
                    body.get(at..at + 4)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                };
                let Some(mut n) = hex(i) else { return };
                i += 4;
                if (0xD800..=0xDBFF).contains(&n)
                    && body.get(i..i + 2) == Some(&b"\\u"[..])
                    && let Some(n2) = hex(i + 2)
                {
                    n = 0x10000 + ((n - 0xD800) << 10) + (n2.wrapping_sub(0xDC00) & 0x3ff);
                    i += 6;
                }
                let ch = char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER);
                out.extend_from_slice(ch.encode_utf8(&mut [0u8; 4]).as_bytes());
                continue;
            }
            other => other,
        };
        out.push(simple);
    }
    out.extend_from_slice(&body[i..]);
}

/// Exact powers of ten as `f64` (all of 1e0..=1e22 are representable).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of a raw JSON value slice, as the full parse would give it.
///
/// `raw` must be a valid JSON value (a span reported by [`Scanner`]). Fast paths: integers of up
/// to 18 digits, floats whose digits fit 2^53 with an exponent within ±22 (exact, so equal to
/// any correct parser), strings, `true`, `false`, `null`. Everything else (containers, big
/// numbers) goes through [`json::parse`]. Invalid input gives `null`.
pub fn raw_to_value(raw: &[u8]) -> Value {
    let fast = match raw.first() {
        Some(b'"') => raw_string(raw).map(Value::Str),
        Some(b'-' | b'0'..=b'9') => raw_number(raw),
        Some(b't') if raw == b"true" => Some(Value::Bool(true)),
        Some(b'f') if raw == b"false" => Some(Value::Bool(false)),
        Some(b'n') if raw == b"null" => Some(Value::Null),
        _ => None,
    };
    fast.unwrap_or_else(|| json::parse(raw).unwrap_or(Value::Null))
}

/// The number in `raw` as a float, when `raw` is a JSON number.
pub fn raw_to_f64(raw: &[u8]) -> Option<f64> {
    match raw.first() {
        Some(b'-' | b'0'..=b'9') => raw_number(raw)
            .or_else(|| json::parse(raw).ok())
            .and_then(|v| v.as_f64()),
        _ => None,
    }
}

/// The text of a raw JSON string: borrowed when it has no escape, else decoded into `scratch`.
/// `None` when `raw` is not a string.
pub fn raw_to_str<'a>(raw: &'a [u8], scratch: &'a mut Vec<u8>) -> Option<&'a str> {
    let body = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if memchr::memchr(b'\\', body).is_none() {
        return std::str::from_utf8(body).ok();
    }
    scratch.clear();
    unescape_into(body, scratch);
    std::str::from_utf8(scratch).ok()
}

fn raw_string(raw: &[u8]) -> Option<String> {
    let mut scratch = Vec::new();
    raw_to_str(raw, &mut scratch).map(str::to_owned)
}

/// Numbers with an exact fast path; `None` sends the caller to the full parse.
fn raw_number(raw: &[u8]) -> Option<Value> {
    let (negative, digits) = match raw.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, raw),
    };
    let mut i = 0;
    let mut significand: u64 = 0;
    let mut count = 0;
    while let Some(&c @ b'0'..=b'9') = digits.get(i) {
        significand = significand * 10 + u64::from(c - b'0');
        i += 1;
        count += 1;
        if count > 18 {
            return None;
        }
    }
    if count == 0 {
        return None;
    }
    if i == digits.len() {
        // serde_json reads `-0` as the float -0.0.
        return Some(match (negative, significand) {
            (true, 0) => Value::Float(-0.0),
            (true, s) => Value::Int(-(s as i64)),
            (false, s) => Value::Int(s as i64),
        });
    }
    let mut exponent: i32 = 0;
    if digits[i] == b'.' {
        i += 1;
        while let Some(&c @ b'0'..=b'9') = digits.get(i) {
            significand = significand * 10 + u64::from(c - b'0');
            exponent -= 1;
            i += 1;
            count += 1;
            if count > 18 {
                return None;
            }
        }
    }
    if matches!(digits.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match digits.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let mut e: i32 = 0;
        let mut n = 0;
        while let Some(&c @ b'0'..=b'9') = digits.get(i) {
            e = e * 10 + i32::from(c - b'0');
            i += 1;
            n += 1;
            if n > 3 {
                return None;
            }
        }
        exponent += sign * e;
    }
    if i != digits.len() || significand > 1 << 53 || exponent.unsigned_abs() > 22 {
        return None;
    }
    let pow = POW10[exponent.unsigned_abs() as usize];
    let f = if exponent >= 0 {
        significand as f64 * pow
    } else {
        significand as f64 / pow
    };
    Some(Value::Float(if negative { -f } else { f }))
}

#[cfg(test)]
mod tests;
