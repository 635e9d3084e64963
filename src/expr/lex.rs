//! The lexer: expression text to tokens with byte spans.

use std::ops::Range;

use crate::time::parse_duration;

/// A byte range in the expression text.
pub type Span = Range<usize>;

/// A lexical error at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    /// What is wrong.
    pub message: String,
    /// Where (byte offset).
    pub offset: usize,
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A plain name (`status`, `len`); keywords are separate tokens.
    Ident(String),
    /// A backquoted name (`` `user-agent` ``).
    Quoted(String),
    /// An integer literal.
    Int(i64),
    /// A float literal (also an integer literal too large for 64 bits).
    Float(f64),
    /// A duration literal (`5m`, `1h30m`), in nanoseconds.
    Duration(i64),
    /// A string literal, escapes resolved.
    Str(String),
    /// An operator or punctuation, as written (`>=`, `(`, `and`, ...); keywords too.
    Sym(&'static str),
    /// End of input.
    Eof,
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Quoted(s) => format!("`` `{s}` ``"),
            Tok::Int(i) => format!("`{i}`"),
            Tok::Float(f) => format!("`{f}`"),
            Tok::Duration(_) => "a duration".to_owned(),
            Tok::Str(_) => "a string".to_owned(),
            Tok::Sym(s) => format!("`{s}`"),
            Tok::Eof => "the end of the expression".to_owned(),
        }
    }
}

/// Operators and punctuation, longest first so that `>=` wins over `>`.
const SYMBOLS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "+", "-", "*", "/", "%", "<", ">", "!", "?",
    ":", "(", ")", "[", "]", ",", ".", ";", "=",
];

/// Words with a meaning of their own; a field of that name needs backquotes.
pub const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "if", "then", "elif", "else", "end", "true", "false", "null",
];

/// Splits `text` into tokens with their byte spans; the last token is [`Tok::Eof`].
/// Newlines are returned as `;` (statement separators for `map` programs).
pub fn lex(text: &str) -> Result<Vec<(Tok, Span)>, LexError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            out.push((Tok::Sym(";"), i..i + 1));
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'#' {
            // A comment runs to the end of the line.
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c == b'@' {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'$' | b'@'))
            {
                i += 1;
            }
            let word = &text[start..i];
            let tok = match KEYWORDS.iter().find(|k| **k == word) {
                Some(k) => Tok::Sym(k),
                None => Tok::Ident(word.to_owned()),
            };
            out.push((tok, start..i));
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let (tok, end) = lex_number(text, start)?;
            out.push((tok, start..end));
            i = end;
            continue;
        }
        if c == b'"' || c == b'\'' {
            let (s, end) = lex_string(text, start)?;
            out.push((Tok::Str(s), start..end));
            i = end;
            continue;
        }
        if c == b'`' {
            let close = text[i + 1..].find('`').ok_or(LexError {
                message: "missing closing backquote".to_owned(),
                offset: i,
            })?;
            let name = &text[i + 1..i + 1 + close];
            if name.is_empty() {
                return Err(LexError {
                    message: "empty backquoted name".to_owned(),
                    offset: i,
                });
            }
            i += close + 2;
            out.push((Tok::Quoted(name.to_owned()), start..i));
            continue;
        }
        match SYMBOLS.iter().find(|s| text[i..].starts_with(**s)) {
            Some(s) => {
                i += s.len();
                out.push((Tok::Sym(s), start..i));
            }
            None => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(LexError {
                    message: format!("unexpected character `{ch}`"),
                    offset: i,
                });
            }
        }
    }
    out.push((Tok::Eof, bytes.len()..bytes.len()));
    Ok(out)
}

/// Lexes an integer, a float or a duration literal starting at `start`.
fn lex_number(text: &str, start: usize) -> Result<(Tok, usize), LexError> {
    let bytes = text.as_bytes();
    let mut i = start;
    let digits = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
    };
    digits(&mut i);
    let mut is_float = false;
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        is_float = true;
        i += 1;
        digits(&mut i);
    }
    // An exponent: `e`, optional sign, digits (otherwise the `e` may start a unit or a name).
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            is_float = true;
            i = j;
            digits(&mut i);
        }
    }
    // A unit right after the number makes a duration: `5m`, `250ms`, `1h30m`, `1.5s`.
    if bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) || text[i..].starts_with('µ') {
        let mut j = i;
        while j < bytes.len() {
            if bytes[j].is_ascii_alphanumeric() || bytes[j] == b'.' {
                j += 1;
            } else if text[j..].starts_with('µ') {
                j += 'µ'.len_utf8();
            } else {
                break;
            }
        }
        let literal = &text[start..j];
        let ns = parse_duration(literal).map_err(|e| LexError {
            message: e,
            offset: start,
        })?;
        return Ok((Tok::Duration(ns), j));
    }
    let literal = &text[start..i];
    let out_of_range = || LexError {
        message: format!("number `{literal}` is out of range"),
        offset: start,
    };
    if !is_float && let Ok(n) = literal.parse::<i64>() {
        return Ok((Tok::Int(n), i));
    }
    let f: f64 = literal.parse().map_err(|_| out_of_range())?;
    if !f.is_finite() {
        return Err(out_of_range());
    }
    Ok((Tok::Float(f), i))
}

/// Lexes a string literal in `"` or `'` with escapes `\n \t \r \0 \" \' \\ \/ \uXXXX`.
fn lex_string(text: &str, start: usize) -> Result<(String, usize), LexError> {
    let quote = text.as_bytes()[start] as char;
    let mut out = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((off, c)) = chars.next() {
        let at = start + 1 + off;
        if c == quote {
            return Ok((out, at + 1));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let bad_escape = |what: String| LexError {
            message: what,
            offset: at,
        };
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, '0')) => out.push('\0'),
            Some((_, c @ ('"' | '\'' | '\\' | '/'))) => out.push(c),
            Some((_, 'u')) => {
                let mut code = read_hex4(&mut chars)
                    .ok_or_else(|| bad_escape("expected four hex digits after `\\u`".into()))?;
                // A surrogate pair written as two escapes.
                if (0xD800..0xDC00).contains(&code) {
                    let rest = chars.as_str();
                    if let Some(low) = rest
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|l| (0xDC00..0xE000).contains(l))
                    {
                        for _ in 0..6 {
                            chars.next();
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    }
                }
                out.push(
                    char::from_u32(code)
                        .ok_or_else(|| bad_escape(format!("invalid unicode escape {code:04x}")))?,
                );
            }
            Some((_, other)) => return Err(bad_escape(format!("unknown escape `\\{other}`"))),
            None => break,
        }
    }
    Err(LexError {
        message: "unterminated string".to_owned(),
        offset: start,
    })
}

fn read_hex4(chars: &mut std::str::CharIndices<'_>) -> Option<u32> {
    let mut code = 0;
    for _ in 0..4 {
        let (_, c) = chars.next()?;
        code = code * 16 + c.to_digit(16)?;
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        lex(text).unwrap().into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn operators_longest_first() {
        assert_eq!(
            toks("a>=1&&b!~'x'"),
            vec![
                Tok::Ident("a".into()),
                Tok::Sym(">="),
                Tok::Int(1),
                Tok::Sym("&&"),
                Tok::Ident("b".into()),
                Tok::Sym("!~"),
                Tok::Str("x".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(toks("42")[0], Tok::Int(42));
        assert_eq!(toks("9007199254740993")[0], Tok::Int(9_007_199_254_740_993));
        assert_eq!(toks("1.5")[0], Tok::Float(1.5));
        assert_eq!(toks("2e3")[0], Tok::Float(2000.0));
        assert_eq!(toks("1e-3")[0], Tok::Float(0.001));
        assert_eq!(toks("99999999999999999999")[0], Tok::Float(1e20));
        assert_eq!(toks("5m")[0], Tok::Duration(300_000_000_000));
        assert_eq!(toks("250ms")[0], Tok::Duration(250_000_000));
        assert_eq!(toks("1h30m")[0], Tok::Duration(5_400_000_000_000));
        let e = lex("x > 5x").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("invalid duration `5x`"), "{}", e.message);
        assert!(lex("1e400").unwrap_err().message.contains("out of range"));
    }

    #[test]
    fn strings_with_escapes() {
        assert_eq!(
            toks(r#""a\"b\n\u00e9\ud83d\ude00" 'it\'s'"#)[..2],
            [Tok::Str("a\"b\né😀".into()), Tok::Str("it's".into())]
        );
        assert_eq!(lex("'abc").unwrap_err().message, "unterminated string");
        assert!(
            lex(r#""\q""#)
                .unwrap_err()
                .message
                .contains("unknown escape")
        );
        assert!(lex(r#""\u12""#).is_err());
    }

    #[test]
    fn names_keywords_backquotes_and_spans() {
        let all = lex("`user-agent` and not x.y # comment\nz").unwrap();
        assert_eq!(all[0], (Tok::Quoted("user-agent".into()), 0..12));
        assert_eq!(all[1], (Tok::Sym("and"), 13..16));
        assert_eq!(all[2].0, Tok::Sym("not"));
        assert_eq!(all[4].0, Tok::Sym("."));
        assert_eq!(all[6].0, Tok::Sym(";"));
        assert_eq!(all[7].0, Tok::Ident("z".into()));
        assert!(lex("`open").is_err());
        assert_eq!(lex("a ^ b").unwrap_err().offset, 2);
    }
}
