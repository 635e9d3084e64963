//! logfmt input (`key=value key2="quoted value" bare`), and the key/value parser that the
//! `parse` stage shares (`parse logfmt`, `parse kv`).
//!
//! Values: a quoted value is a JSON string literal (`\"`, `\\`, `\n`, `\t`, `\uXXXX`) and stays
//! a string; an unquoted value is typed by [`crate::infer`] (unless `--no-infer`); an
//! empty unquoted value (`key=`) is null; a bare key without `=` is `true`. A later duplicate key
//! replaces the earlier value.

use crate::infer::infer;
use crate::input::{Decoded, Decoder, Record};
use crate::json;
use crate::value::{Map, Value};

/// Separators of a key/value syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairSyntax {
    /// Between a key and its value (`=` in logfmt).
    pub kv_sep: char,
    /// Between pairs; `None` means any run of whitespace (logfmt).
    pub pair_sep: Option<char>,
}

impl PairSyntax {
    /// logfmt: `=` between key and value, whitespace between pairs.
    pub const LOGFMT: PairSyntax = PairSyntax {
        kv_sep: '=',
        pair_sep: None,
    };
}

/// Decodes one logfmt line per record.
pub struct LogfmtDecoder {
    /// Type unquoted values.
    pub infer: bool,
}

impl Decoder for LogfmtDecoder {
    fn one_line(&self) -> bool {
        true
    }

    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let text = std::str::from_utf8(record)
            .map_err(|e| format!("invalid UTF-8 in logfmt at column {}", e.valid_up_to() + 1))?;
        let map = parse_pairs(text, PairSyntax::LOGFMT, self.infer)?;
        if map.is_empty() {
            return Err("no key=value pairs".to_owned());
        }
        Ok(Record::Event(Decoded {
            value: Value::Object(map),
            pristine: false,
        }))
    }
}

/// True when a first line holds two or more `key=value` pairs and nothing else (no bare key)
/// ([`crate::input::detect`]).
pub fn looks_like(line: &str) -> bool {
    parse_pairs(line, PairSyntax::LOGFMT, false).is_ok_and(|pairs| {
        pairs.len() >= 2 && pairs.values().all(|v| !matches!(v, Value::Bool(true)))
    })
}

/// Parses `key=value` pairs. Errors name the 1-based column.
pub fn parse_pairs(text: &str, syntax: PairSyntax, infer_types: bool) -> Result<Map, String> {
    let mut map = Map::default();
    let is_pair_sep = |c: char| match syntax.pair_sep {
        None => c.is_whitespace(),
        Some(sep) => c == sep,
    };
    // With an explicit pair separator, spaces inside keys and values are kept (and trimmed at
    // their ends); in logfmt whitespace separates pairs.
    let explicit = syntax.pair_sep.is_some();
    let ends_token = |c: char| is_pair_sep(c) || (!explicit && c.is_whitespace());
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    let column = |byte: usize| text[..byte].chars().count() + 1;
    loop {
        // Skip separators (and, with an explicit separator, the spaces around it).
        while let Some(&(_, c)) = chars.peek() {
            if is_pair_sep(c) || c.is_whitespace() {
                chars.next();
            } else {
                break;
            }
        }
        let Some(&(key_start, _)) = chars.peek() else {
            break;
        };
        let mut key_end = text.len();
        let mut has_value = false;
        while let Some(&(i, c)) = chars.peek() {
            if c == syntax.kv_sep {
                key_end = i;
                has_value = true;
                chars.next();
                break;
            }
            if ends_token(c) {
                key_end = i;
                break;
            }
            chars.next();
        }
        let key = text[key_start..key_end].trim_end();
        if key.is_empty() {
            return Err(format!(
                "expected a key before `{}` at column {}",
                syntax.kv_sep,
                column(key_start)
            ));
        }
        if !has_value {
            map.insert(key.to_owned(), Value::Bool(true));
            continue;
        }
        if explicit {
            while chars
                .peek()
                .is_some_and(|&(_, c)| c.is_whitespace() && !is_pair_sep(c))
            {
                chars.next();
            }
        }
        let value_start = chars.peek().map_or(text.len(), |&(i, _)| i);
        if bytes.get(value_start) == Some(&b'"') {
            // Quoted: up to the next unescaped quote.
            chars.next();
            let mut escaped = false;
            let mut close = None;
            for (i, c) in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    close = Some(i);
                    break;
                }
            }
            let Some(close) = close else {
                return Err(format!(
                    "unterminated quoted value at column {}",
                    column(value_start)
                ));
            };
            if let Some(&(i, c)) = chars.peek()
                && !(is_pair_sep(c) || c.is_whitespace())
            {
                return Err(format!(
                    "expected a separator after the quoted value at column {}",
                    column(i)
                ));
            }
            let literal = &text[value_start..=close];
            let value = match json::parse(literal.as_bytes()) {
                Ok(Value::Str(s)) => s,
                _ => unescape_lenient(&text[value_start + 1..close]),
            };
            map.insert(key.to_owned(), Value::Str(value));
        } else {
            let mut value_end = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if ends_token(c) {
                    value_end = i;
                    break;
                }
                chars.next();
            }
            let raw = text[value_start..value_end].trim_end();
            let value = if raw.is_empty() {
                Value::Null
            } else if infer_types {
                infer(raw)
            } else {
                Value::from(raw)
            };
            map.insert(key.to_owned(), value);
        }
    }
    Ok(map)
}

/// Unescapes `\"` and `\\` and the usual single-letter escapes; anything else is kept as is.
fn unescape_lenient(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other @ ('"' | '\\')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> String {
        Value::Object(parse_pairs(text, PairSyntax::LOGFMT, true).unwrap()).to_json()
    }

    #[test]
    fn logfmt_values() {
        assert_eq!(
            json(r#"level=info msg="hello \"world\"" n=3 x=1.5 ok=true empty= q="" debug"#),
            r#"{"level":"info","msg":"hello \"world\"","n":3,"x":1.5,"ok":true,"empty":null,"q":"","debug":true}"#
        );
        assert_eq!(json(r#"a="7" path="C:\x""#), r#"{"a":"7","path":"C:\\x"}"#);
        assert_eq!(json("  a=1\t\tb=é  "), r#"{"a":1,"b":"é"}"#);
    }

    #[test]
    fn logfmt_errors() {
        let err = |t: &str| parse_pairs(t, PairSyntax::LOGFMT, true).unwrap_err();
        assert_eq!(err("a=1 =2"), "expected a key before `=` at column 5");
        assert_eq!(err(r#"a="open"#), "unterminated quoted value at column 3");
        assert!(err(r#"a="x"y"#).contains("column 6"));
    }

    #[test]
    fn kv_with_other_separators() {
        let syntax = PairSyntax {
            kv_sep: ':',
            pair_sep: Some(';'),
        };
        let m = parse_pairs(
            "user:bob; id:7;note:\"a;b\" ; full name : Jo Smith;flag",
            syntax,
            true,
        )
        .unwrap();
        assert_eq!(
            Value::Object(m).to_json(),
            r#"{"user":"bob","id":7,"note":"a;b","full name":"Jo Smith","flag":true}"#
        );
    }
}
