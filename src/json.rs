//! JSON text to [`Value`]: a recursive-descent parser over bytes (RFC 8259).
//!
//! This module owns which JSON texts eddy accepts. The rule is serde_json's, decision for
//! decision, with one exception: a number outside the `f64` range (`1e400`, `-1e400`) is valid
//! JSON and is accepted here as `±infinity`, where serde_json rejects it as "number out of range".
//! Everything else serde_json rejects is rejected with the same message and column: raw control
//! characters in strings, invalid UTF-8 inside strings, lone surrogate escapes (`"\ud800"`),
//! leading zeros, `+1`, `.5`, `1.`, trailing commas, trailing characters, and more than 127
//! nested arrays or objects ("recursion limit exceeded", checked before recursing).
//!
//! Values: an integer that fits `i64` is [`Value::Int`]; `-0`, other integers and every number
//! with a fraction or an exponent are [`Value::Float`], correctly rounded. Object keys keep their
//! order; a repeated key's last value wins at the position of the first.

use std::cell::Cell;
use std::fmt;

use crate::value::{Map, Value, map_with_capacity};

/// Why a text is not JSON. The messages are serde_json's, so errors read the same as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text ended inside an array.
    EofWhileParsingList,
    /// The text ended inside an object.
    EofWhileParsingObject,
    /// The text ended inside a string.
    EofWhileParsingString,
    /// The text ended where a value was expected.
    EofWhileParsingValue,
    /// An object key is not followed by `:`.
    ExpectedColon,
    /// An array element is followed by something else than `,` or `]`.
    ExpectedListCommaOrEnd,
    /// An object member is followed by something else than `,` or `}`.
    ExpectedObjectCommaOrEnd,
    /// A misspelt `null`, `true` or `false`.
    ExpectedSomeIdent,
    /// Something that cannot start a value.
    ExpectedSomeValue,
    /// A backslash escape that JSON does not have, or a `\u` with non-hex digits.
    InvalidEscape,
    /// A number that breaks the grammar (`01`, `1.`, `1e`, `-x`).
    InvalidNumber,
    /// A string that is not valid UTF-8.
    InvalidUnicodeCodePoint,
    /// A raw byte below 0x20 inside a string.
    ControlCharacterWhileParsingString,
    /// An object key that is not a string.
    KeyMustBeAString,
    /// A `\u` surrogate escape without its partner.
    LoneLeadingSurrogateInHexEscape,
    /// A `,` directly before `]` or `}`.
    TrailingComma,
    /// More text after the value.
    TrailingCharacters,
    /// A leading surrogate escape not followed by `\u`.
    UnexpectedEndOfHexEscape,
    /// More than 127 nested arrays and objects.
    RecursionLimitExceeded,
}

impl ErrorKind {
    /// The message, as serde_json words it.
    pub fn message(self) -> &'static str {
        match self {
            ErrorKind::EofWhileParsingList => "EOF while parsing a list",
            ErrorKind::EofWhileParsingObject => "EOF while parsing an object",
            ErrorKind::EofWhileParsingString => "EOF while parsing a string",
            ErrorKind::EofWhileParsingValue => "EOF while parsing a value",
            ErrorKind::ExpectedColon => "expected `:`",
            ErrorKind::ExpectedListCommaOrEnd => "expected `,` or `]`",
            ErrorKind::ExpectedObjectCommaOrEnd => "expected `,` or `}`",
            ErrorKind::ExpectedSomeIdent => "expected ident",
            ErrorKind::ExpectedSomeValue => "expected value",
            ErrorKind::InvalidEscape => "invalid escape",
            ErrorKind::InvalidNumber => "invalid number",
            ErrorKind::InvalidUnicodeCodePoint => "invalid unicode code point",
            ErrorKind::ControlCharacterWhileParsingString => {
                "control character (\\u0000-\\u001F) found while parsing a string"
            }
            ErrorKind::KeyMustBeAString => "key must be a string",
            ErrorKind::LoneLeadingSurrogateInHexEscape => "lone leading surrogate in hex escape",
            ErrorKind::TrailingComma => "trailing comma",
            ErrorKind::TrailingCharacters => "trailing characters",
            ErrorKind::UnexpectedEndOfHexEscape => "unexpected end of hex escape",
            ErrorKind::RecursionLimitExceeded => "recursion limit exceeded",
        }
    }
}

/// A JSON syntax error with its position: 1-based line, and column counted in bytes from the
/// start of that line (serde_json's convention: the column of the offending byte, or of the last
/// byte read when the error is found after reading it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    kind: ErrorKind,
    line: usize,
    column: usize,
}

impl JsonError {
    fn at(kind: ErrorKind, bytes: &[u8], index: usize) -> JsonError {
        let index = index.min(bytes.len());
        let before = &bytes[..index];
        let start_of_line = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        JsonError {
            kind,
            line: 1 + memchr::memchr_iter(b'\n', &before[..start_of_line]).count(),
            column: index - start_of_line,
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &'static str {
        self.kind.message()
    }

    /// The 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column in bytes from the start of the line.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for JsonError {
    /// `WHAT at column N`, with `line L` too when the text has several lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 1 {
            write!(f, "{} at column {}", self.message(), self.column)
        } else {
            write!(
                f,
                "{} at line {} column {}",
                self.message(),
                self.line,
                self.column
            )
        }
    }
}

impl std::error::Error for JsonError {}

thread_local! {
    /// Members of the objects being read, reused from one text to the next: an object's members
    /// are gathered here and moved into a map sized once.
    static MEMBERS: Cell<Vec<(String, Value)>> = const { Cell::new(Vec::new()) };
}

/// Parses one JSON text (surrounding whitespace allowed) into a [`Value`]. Duplicate object
/// keys: the last occurrence wins (as jq and `serde_json` do) and keeps the position of the
/// first. Numbers beyond the `f64` range are accepted as `±infinity`.
pub fn parse(bytes: &[u8]) -> Result<Value> {
    parse_nested(bytes, 128)
}

/// [`parse`] with another nesting limit: an array or object that brings `depth` to 0 is
/// refused (`parse` has serde_json's 128, 127 levels). For texts eddy wrote itself around
/// values that may already be 127 levels deep (the `--state` file).
pub fn parse_nested(bytes: &[u8], depth: u8) -> Result<Value> {
    let mut p = Parser {
        bytes,
        // Valid UTF-8 as a whole (the usual case): strings are then slices of this `str` and
        // need no check of their own. Otherwise each string is checked where it ends, which
        // reports the same errors as serde_json in the same order.
        text: std::str::from_utf8(bytes).ok(),
        i: 0,
        remaining_depth: depth,
        members: MEMBERS.take(),
    };
    let result = p.value().and_then(|value| match p.whitespace() {
        None => Ok(value),
        Some(_) => Err(p.peek_error(ErrorKind::TrailingCharacters)),
    });
    let mut members = p.members;
    // Kept for the next text unless one huge object made it big.
    if members.capacity() <= 1024 {
        members.clear();
        MEMBERS.set(members);
    }
    result
}

struct Parser<'a> {
    bytes: &'a [u8],
    /// `bytes` when they are valid UTF-8.
    text: Option<&'a str>,
    /// Index of the next byte to read.
    i: usize,
    /// serde_json's depth counter: an array or object that brings it to 0 is refused.
    remaining_depth: u8,
    /// A stack of the members of the objects being read.
    members: Vec<(String, Value)>,
}

type Result<T> = std::result::Result<T, JsonError>;

impl Parser<'_> {
    /// An error found after reading the byte before `i` (serde_json's `error`).
    #[cold]
    fn error(&self, kind: ErrorKind) -> JsonError {
        JsonError::at(kind, self.bytes, self.i)
    }

    /// An error about the byte at `i`, not yet read (serde_json's `peek_error`).
    #[cold]
    fn peek_error(&self, kind: ErrorKind) -> JsonError {
        JsonError::at(kind, self.bytes, self.i + 1)
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    /// Skips whitespace; returns the next byte without reading it.
    #[inline]
    fn whitespace(&mut self) -> Option<u8> {
        while let Some(&c) = self.bytes.get(self.i) {
            match c {
                b' ' | b'\n' | b'\t' | b'\r' => self.i += 1,
                _ => return Some(c),
            }
        }
        None
    }

    fn value(&mut self) -> Result<Value> {
        let Some(c) = self.whitespace() else {
            return Err(self.peek_error(ErrorKind::EofWhileParsingValue));
        };
        match c {
            b'"' => {
                self.i += 1;
                self.string().map(Value::Str)
            }
            b'{' => self.object(),
            b'[' => self.array(),
            b'-' | b'0'..=b'9' => self.number(),
            b'n' => self.ident(b"null", Value::Null),
            b't' => self.ident(b"true", Value::Bool(true)),
            b'f' => self.ident(b"false", Value::Bool(false)),
            _ => Err(self.peek_error(ErrorKind::ExpectedSomeValue)),
        }
    }

    /// Reads a literal whose first byte is known to match.
    fn ident(&mut self, word: &[u8], value: Value) -> Result<Value> {
        self.i += 1;
        for &expected in &word[1..] {
            match self.peek() {
                None => return Err(self.error(ErrorKind::EofWhileParsingValue)),
                Some(c) => {
                    self.i += 1;
                    if c != expected {
                        return Err(self.error(ErrorKind::ExpectedSomeIdent));
                    }
                }
            }
        }
        Ok(value)
    }

    /// Enters an array or object at `i` (not yet read), refusing one level too deep.
    #[inline]
    fn enter(&mut self) -> Result<()> {
        self.remaining_depth -= 1;
        if self.remaining_depth == 0 {
            return Err(self.peek_error(ErrorKind::RecursionLimitExceeded));
        }
        self.i += 1;
        Ok(())
    }

    fn array(&mut self) -> Result<Value> {
        self.enter()?;
        let mut items = Vec::new();
        match self.whitespace() {
            None => return Err(self.peek_error(ErrorKind::EofWhileParsingList)),
            Some(b']') => {
                self.i += 1;
                self.remaining_depth += 1;
                return Ok(Value::Array(items));
            }
            Some(_) => {}
        }
        loop {
            items.push(self.value()?);
            match self.whitespace() {
                Some(b',') => {
                    self.i += 1;
                    match self.whitespace() {
                        Some(b']') => return Err(self.peek_error(ErrorKind::TrailingComma)),
                        Some(_) => {}
                        None => return Err(self.peek_error(ErrorKind::EofWhileParsingValue)),
                    }
                }
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                Some(_) => return Err(self.peek_error(ErrorKind::ExpectedListCommaOrEnd)),
                None => return Err(self.peek_error(ErrorKind::EofWhileParsingList)),
            }
        }
        self.remaining_depth += 1;
        Ok(Value::Array(items))
    }

    fn object(&mut self) -> Result<Value> {
        self.enter()?;
        match self.whitespace() {
            None => return Err(self.peek_error(ErrorKind::EofWhileParsingObject)),
            Some(b'}') => {
                self.i += 1;
                self.remaining_depth += 1;
                return Ok(Value::Object(Map::default()));
            }
            Some(b'"') => {}
            Some(_) => return Err(self.peek_error(ErrorKind::KeyMustBeAString)),
        }
        let first = self.members.len();
        loop {
            // At the opening quote of a key.
            self.i += 1;
            let key = self.string()?;
            match self.whitespace() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.peek_error(ErrorKind::ExpectedColon)),
                None => return Err(self.peek_error(ErrorKind::EofWhileParsingObject)),
            }
            let value = self.value()?;
            self.members.push((key, value));
            match self.whitespace() {
                Some(b',') => {
                    self.i += 1;
                    match self.whitespace() {
                        Some(b'"') => {}
                        Some(b'}') => return Err(self.peek_error(ErrorKind::TrailingComma)),
                        Some(_) => return Err(self.peek_error(ErrorKind::KeyMustBeAString)),
                        None => return Err(self.peek_error(ErrorKind::EofWhileParsingValue)),
                    }
                }
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                Some(_) => return Err(self.peek_error(ErrorKind::ExpectedObjectCommaOrEnd)),
                None => return Err(self.peek_error(ErrorKind::EofWhileParsingObject)),
            }
        }
        self.remaining_depth += 1;
        let mut map = map_with_capacity(self.members.len() - first);
        // `insert` keeps a repeated key at its first position with its last value.
        for (key, value) in self.members.drain(first..) {
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// Advances `i` to the next `"`, `\` or control byte (or the end).
    #[inline]
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Eight bytes at a time: flag bytes equal to `"` or `\`, or below 0x20. A flag can be
        // spurious only above a real one (borrow propagation), so the lowest flag is exact.
        while let Some(chunk) = self.bytes.get(self.i..).and_then(|r| r.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*chunk);
            let quote = w ^ (ONES * u64::from(b'"'));
            let backslash = w ^ (ONES * u64::from(b'\\'));
            let found = (quote.wrapping_sub(ONES) & !quote)
                | (backslash.wrapping_sub(ONES) & !backslash)
                | (w.wrapping_sub(ONES * 0x20) & !w);
            let found = found & HIGH;
            if found != 0 {
                self.i += (found.trailing_zeros() / 8) as usize;
                return;
            }
            self.i += 8;
        }
        while let Some(&c) = self.bytes.get(self.i) {
            if c == b'"' || c == b'\\' || c < 0x20 {
                return;
            }
            self.i += 1;
        }
    }

    /// Reads a string after its opening quote.
    fn string(&mut self) -> Result<String> {
        let start = self.i;
        self.skip_plain();
        match self.peek() {
            Some(b'"') => {
                let end = self.i;
                self.i += 1;
                // Both ends are ASCII quotes, so always char boundaries.
                if let Some(s) = self.text.and_then(|t| t.get(start..end)) {
                    return Ok(s.to_owned());
                }
                match std::str::from_utf8(&self.bytes[start..end]) {
                    Ok(s) => Ok(s.to_owned()),
                    Err(e) => Err(JsonError::at(
                        ErrorKind::InvalidUnicodeCodePoint,
                        self.bytes,
                        start + e.valid_up_to() + 1,
                    )),
                }
            }
            Some(b'\\') => self.escaped_string(start),
            Some(_) => {
                self.i += 1;
                Err(self.error(ErrorKind::ControlCharacterWhileParsingString))
            }
            None => Err(self.error(ErrorKind::EofWhileParsingString)),
        }
    }

    /// Continues a string at its first backslash: decodes into a new buffer.
    #[cold]
    fn escaped_string(&mut self, start: usize) -> Result<String> {
        let mut buf = Vec::with_capacity(self.i - start + 16);
        buf.extend_from_slice(&self.bytes[start..self.i]);
        loop {
            // At a backslash.
            self.i += 1;
            let Some(c) = self.peek() else {
                return Err(self.error(ErrorKind::EofWhileParsingString));
            };
            self.i += 1;
            match c {
                b'"' => buf.push(b'"'),
                b'\\' => buf.push(b'\\'),
                b'/' => buf.push(b'/'),
                b'b' => buf.push(0x08),
                b'f' => buf.push(0x0c),
                b'n' => buf.push(b'\n'),
                b'r' => buf.push(b'\r'),
                b't' => buf.push(b'\t'),
                b'u' => self.unicode_escape(&mut buf)?,
                _ => return Err(self.error(ErrorKind::InvalidEscape)),
            }
            let segment = self.i;
            self.skip_plain();
            buf.extend_from_slice(&self.bytes[segment..self.i]);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return String::from_utf8(buf).map_err(|e| {
                        // As serde_json: back from the closing quote by the undecodable tail.
                        let tail = e.as_bytes().len() - e.utf8_error().valid_up_to();
                        JsonError::at(
                            ErrorKind::InvalidUnicodeCodePoint,
                            self.bytes,
                            self.i.saturating_sub(tail),
                        )
                    });
                }
                Some(b'\\') => {}
                Some(_) => {
                    self.i += 1;
                    return Err(self.error(ErrorKind::ControlCharacterWhileParsingString));
                }
                None => return Err(self.error(ErrorKind::EofWhileParsingString)),
            }
        }
    }

    /// Reads the four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u16> {
        let Some(digits) = self.bytes.get(self.i..self.i + 4) else {
            self.i = self.bytes.len();
            return Err(self.error(ErrorKind::EofWhileParsingString));
        };
        self.i += 4;
        let mut n: u16 = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error(ErrorKind::InvalidEscape)),
            };
            n = (n << 4) | u16::from(v);
        }
        Ok(n)
    }

    /// Decodes a `\u` escape (after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self, buf: &mut Vec<u8>) -> Result<()> {
        let n = self.hex4()?;
        let code = match n {
            0xDC00..=0xDFFF => {
                return Err(self.error(ErrorKind::LoneLeadingSurrogateInHexEscape));
            }
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    match self.peek() {
                        None => return Err(self.error(ErrorKind::EofWhileParsingString)),
                        Some(c) => {
                            self.i += 1;
                            if c != expected {
                                return Err(self.error(ErrorKind::UnexpectedEndOfHexEscape));
                            }
                        }
                    }
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error(ErrorKind::LoneLeadingSurrogateInHexEscape));
                }
                ((u32::from(n - 0xD800) << 10) | u32::from(low - 0xDC00)) + 0x1_0000
            }
            _ => u32::from(n),
        };
        let Some(ch) = char::from_u32(code) else {
            return Err(self.error(ErrorKind::InvalidUnicodeCodePoint));
        };
        buf.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }

    /// Reads a number starting at `-` or a digit.
    fn number(&mut self) -> Result<Value> {
        let start = self.i;
        let negative = self.bytes[start] == b'-';
        if negative {
            self.i += 1;
        }
        // Integer part, accumulated (wrapping) while scanning; checked below by digit count.
        let mut mantissa: u64 = 0;
        match self.peek() {
            None => return Err(self.error(ErrorKind::EofWhileParsingValue)),
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(ErrorKind::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                    self.i += 1;
                }
            }
            Some(_) => {
                self.i += 1;
                return Err(self.error(ErrorKind::InvalidNumber));
            }
        }
        let int_digits = self.i - start - usize::from(negative);
        let mut fraction_digits = 0;
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            let digits = self.i;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                self.i += 1;
            }
            fraction_digits = self.i - digits;
            if fraction_digits == 0 {
                return Err(match self.peek() {
                    Some(_) => self.peek_error(ErrorKind::InvalidNumber),
                    None => self.peek_error(ErrorKind::EofWhileParsingValue),
                });
            }
            is_float = true;
        }
        let mut exponent: i64 = 0;
        let mut exponent_digits = 0;
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            let negative_exponent = match self.peek() {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            match self.peek() {
                None => return Err(self.error(ErrorKind::EofWhileParsingValue)),
                Some(b'0'..=b'9') => {}
                Some(_) => {
                    self.i += 1;
                    return Err(self.error(ErrorKind::InvalidNumber));
                }
            }
            let digits = self.i;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                exponent = exponent
                    .saturating_mul(10)
                    .saturating_add(i64::from(d - b'0'));
                self.i += 1;
            }
            exponent_digits = self.i - digits;
            if negative_exponent {
                exponent = -exponent;
            }
            is_float = true;
        }
        let text = &self.bytes[start..self.i];

        if !is_float {
            // At most 19 digits cannot overflow u64; the exact value then decides Int or Float.
            if int_digits <= 19 {
                return Ok(match (negative, i64::try_from(mantissa)) {
                    (false, Ok(i)) => Value::Int(i),
                    (false, Err(_)) => Value::Float(mantissa as f64),
                    (true, _) if mantissa == 0 => Value::Float(-0.0),
                    (true, Ok(i)) => Value::Int(-i),
                    (true, Err(_)) if mantissa == 1 << 63 => Value::Int(i64::MIN),
                    (true, Err(_)) => Value::Float(-(mantissa as f64)),
                });
            }
            return Ok(Value::Float(self.parse_float(text)?));
        }

        // Clinger's fast path: a mantissa below 2^53 and a power of ten below 10^23 are both
        // exact doubles, so one multiplication or division rounds correctly.
        let digits = int_digits + fraction_digits;
        if digits <= 19 && exponent_digits <= 4 && mantissa <= (1 << 53) {
            let e = exponent - fraction_digits as i64;
            if (-22..=22).contains(&e) {
                let m = mantissa as f64;
                let pow = POW10[e.unsigned_abs() as usize];
                let f = if e < 0 { m / pow } else { m * pow };
                return Ok(Value::Float(if negative { -f } else { f }));
            }
        }
        Ok(Value::Float(self.parse_float(text)?))
    }

    /// Correctly rounded value of a number text already checked against the JSON grammar
    /// (which `f64::from_str` accepts); `±inf` beyond the range.
    #[cold]
    fn parse_float(&self, text: &[u8]) -> Result<f64> {
        std::str::from_utf8(text)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .ok_or_else(|| self.error(ErrorKind::InvalidNumber))
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_exact() {
        let v = parse(b"{\"x\":9007199254740993}").unwrap();
        assert_eq!(v.to_json(), "{\"x\":9007199254740993}");
    }

    #[test]
    fn key_order_is_kept_and_duplicates_last_win() {
        let v = parse(br#"{"b":1,"a":2,"b":3}"#).unwrap();
        assert_eq!(v.to_json(), r#"{"b":3,"a":2}"#);
    }

    fn ok(text: &str) -> String {
        match parse(text.as_bytes()) {
            Ok(v) => v.to_json(),
            Err(e) => panic!("{text:?} rejected: {e}"),
        }
    }

    fn err(text: &[u8]) -> String {
        match parse(text) {
            Ok(v) => panic!("{text:?} accepted as {}", v.to_json()),
            Err(e) => e.to_string(),
        }
    }

    /// serde_json's verdict, for comparison (`None` when it accepts).
    fn serde_err(text: &[u8]) -> Option<String> {
        serde_json::from_slice::<serde_json::Value>(text)
            .err()
            .map(|e| {
                let s = e.to_string();
                let what = s.rsplit_once(" at line ").map_or(s.as_str(), |p| p.0);
                format!("{what} at column {}", e.column())
            })
    }

    #[test]
    fn scalars_and_whitespace() {
        assert_eq!(ok(" \t\r\n null \n"), "null");
        assert_eq!(ok("true"), "true");
        assert_eq!(ok("false"), "false");
        assert_eq!(ok("\"\""), "\"\"");
        assert_eq!(ok("[ ]"), "[]");
        assert_eq!(ok("{ }"), "{}");
        assert_eq!(ok("[1 , [2,{\"a\" :[]}] ]"), "[1,[2,{\"a\":[]}]]");
    }

    #[test]
    fn numbers() {
        assert_eq!(ok("0"), "0");
        assert_eq!(ok("-0"), "-0.0");
        assert_eq!(ok("-0.0"), "-0.0");
        assert_eq!(ok("9223372036854775807"), "9223372036854775807");
        assert_eq!(ok("-9223372036854775808"), "-9223372036854775808");
        assert_eq!(ok("9223372036854775808"), "9.223372036854776e18");
        assert_eq!(ok("-9223372036854775809"), "-9.223372036854776e18");
        assert_eq!(ok("18446744073709551616"), "1.8446744073709552e19");
        assert_eq!(ok("9007199254740993"), "9007199254740993");
        assert_eq!(ok("1.5"), "1.5");
        assert_eq!(ok("1E+2"), "100.0");
        assert_eq!(ok("1e-2"), "0.01");
        assert_eq!(ok("0.1"), "0.1");
        assert_eq!(ok("1.7976931348623157e308"), "1.7976931348623157e308");
        assert_eq!(ok("5e-324"), "5e-324");
        assert_eq!(ok("1e-400"), "0.0");
        assert_eq!(ok("-1e-400"), "-0.0");
        assert_eq!(ok("1e99999999999999999999"), "1.7976931348623157e308");
        assert_eq!(ok("0e99999999999999999999"), "0.0");
        // Correct rounding where a naive multiply is off by one ulp.
        assert_eq!(ok("2.2250738585072011e-308"), "2.225073858507201e-308");
        assert_eq!(ok("9007199254740993.0"), "9007199254740992.0");
        for bad in [
            "01", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-a", "--1", "0x10", "1_0",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn out_of_range_numbers_are_infinite() {
        let v = parse(b"[1e400,-1e400,1.8e308,123456789012345678901234567890]").unwrap();
        let Value::Array(items) = v else {
            panic!("not an array")
        };
        assert_eq!(items[0].as_f64(), Some(f64::INFINITY));
        assert_eq!(items[1].as_f64(), Some(f64::NEG_INFINITY));
        assert_eq!(items[2].as_f64(), Some(f64::INFINITY));
        assert_eq!(items[3].as_f64(), Some(1.2345678901234568e29));
        assert!(matches!(items[3], Value::Float(_)));
        assert!(serde_err(b"1e400").unwrap().contains("number out of range"));
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            ok(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#),
            r#""a\"b\\c/d\be\ff\ng\rh\ti""#
        );
        assert_eq!(ok(r#""caf\u00e9 \u00E9""#), "\"café é\"");
        assert_eq!(ok(r#""\ud83d\ude00""#), "\"😀\"");
        assert_eq!(ok(r#""\u0000""#), "\"\\u0000\"");
        assert_eq!(ok("\"😀 é \u{7f}\""), "\"😀 é \u{7f}\"");
        assert_eq!(ok(r#""\uffff""#), "\"\u{ffff}\"");
    }

    #[test]
    fn objects_keep_order_and_last_duplicate_wins() {
        assert_eq!(ok(r#"{"b":1,"a":2,"b":3}"#), r#"{"b":3,"a":2}"#);
        assert_eq!(ok(r#"{"k\u0061":1,"ka":2}"#), r#"{"ka":2}"#);
    }

    #[test]
    fn nested_and_large_objects_keep_their_own_members() {
        assert_eq!(
            ok(r#"{"a":{"a":1,"b":{"a":2,"a":3}},"b":[{"c":4},{}],"a":{"z":5}}"#),
            r#"{"a":{"z":5},"b":[{"c":4},{}]}"#
        );
        let members: Vec<String> = (0..3000).map(|i| format!("\"k{i}\":{i}")).collect();
        let big = format!("{{{}}}", members.join(","));
        for _ in 0..2 {
            let Ok(Value::Object(map)) = parse(big.as_bytes()) else {
                panic!("not an object")
            };
            assert_eq!(map.len(), 3000);
            assert_eq!(map.get_index(2999).map(|(k, _)| k.as_str()), Some("k2999"));
        }
        // An error inside an object leaves nothing behind for the next text.
        assert!(parse(br#"{"a":1,"b":{"c":2,"d":x}}"#).is_err());
        assert_eq!(ok(r#"{"e":5}"#), r#"{"e":5}"#);
    }

    #[test]
    fn depth_limit_is_serdes() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(deep(127).as_bytes()).is_ok());
        assert_eq!(
            err(deep(128).as_bytes()),
            "recursion limit exceeded at column 128"
        );
        let objects = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
        assert!(err(objects.as_bytes()).starts_with("recursion limit exceeded"));
        // Far deeper than any stack: refused at level 128, no recursion beyond it.
        assert!(parse("[".repeat(1_000_000).as_bytes()).is_err());
    }

    #[test]
    fn errors_match_serde_json_message_and_column() {
        let cases: &[&[u8]] = &[
            b"",
            b"   ",
            b"{\"a\":1 \"b\":2}",
            b"{\"a\":1}x",
            b"{\"a\":1,}",
            b"[1,]",
            b"[1 2]",
            b"[1,",
            b"[",
            b"{",
            b"{\"a\"",
            b"{\"a\" 1}",
            b"{\"a\":}",
            b"{1:2}",
            b"{\"a\":1,2}",
            b"{\"a\":1,",
            b"nul",
            b"nulx",
            b"tru",
            b"fals",
            b"x",
            b"-",
            b"-x",
            b"01",
            b"1.",
            b"1.x",
            b"1e",
            b"1ex",
            b"1e+",
            b"+1",
            b".5",
            b"\"abc",
            b"\"a\x01b\"",
            b"\"a\tb\"",
            b"\"\\x\"",
            b"\"\\",
            b"\"\\u12\"",
            b"\"\\u12",
            b"\"\\u12g4\"",
            b"\"\\ud800\"",
            b"\"\\ud800\\n\"",
            b"\"\\ud800\\u0041\"",
            b"\"\\udc00\"",
            b"\"\\ud800",
            b"\"\\ud800\\",
            b"\"a\xffb\"",
            b"\"\xc3\"",
            b"\"\xed\xa0\x80\"",
            b"\"\\n\xff\"",
            b"[\"\xc3\xa9\xc3\",1]",
            b"\xef\xbb\xbf{}",
            b"{}\n{}",
            b"[1]\n\n x",
            b"[\n1 2]",
        ];
        for text in cases {
            let expected = serde_err(text).expect("serde_json accepts");
            let ours = parse(text).expect_err("accepted");
            assert_eq!(
                format!("{} at column {}", ours.message(), ours.column()),
                expected,
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn display_names_the_line_only_when_there_are_several() {
        assert_eq!(err(b"[1 2]"), "expected `,` or `]` at column 4");
        assert_eq!(err(b"[\n1 2]"), "expected `,` or `]` at line 2 column 3");
    }
}
