//! Web-server access logs: Common Log Format (`--from clf`) and the Combined format
//! (`--from combined`, CLF plus the quoted referer and user agent).
//!
//! `83.149.9.216 - frank [17/May/2015:10:05:03 +0000] "GET /a.png HTTP/1.1" 200 203023 "http://x/" "Mozilla/5.0"`
//! becomes `remote`, `ident`, `user`, `time`, `method`, `path`, `protocol`, `status`, `bytes`,
//! and for combined `referer`, `user_agent`. `-` is null (ident, user, bytes, referer, user
//! agent). `time` is an RFC 3339 string with the log's own offset (`2015-05-17T10:05:03+00:00`),
//! which `window --time-field time` reads. A request line that is not `METHOD PATH PROTOCOL`
//! (garbage, `-`) leaves `method` and `protocol` null and `path` holding the whole request text.
//! `--from clf` also accepts combined lines and then adds the two extra fields; `--from combined`
//! rejects lines without them. A user agent that lacks its closing quote at the end of the line
//! (a truncated line, as in the Elastic sample) is taken to the end of the line.

use crate::input::{Decoded, Decoder, Record};
use crate::value::{Value, map_with_capacity};

/// Decodes access-log lines.
pub struct ClfDecoder {
    /// Require the referer and user agent (the combined format).
    pub combined: bool,
}

/// True when a first line reads as an access-log line ([`crate::input::detect`]), with the
/// referer and user agent when `combined`.
pub fn looks_like(line: &str, combined: bool) -> bool {
    (ClfDecoder { combined }).decode(line.as_bytes()).is_ok()
}

/// A cursor over one line.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn column(&self) -> usize {
        self.text[..self.pos].chars().count() + 1
    }

    fn err(&self, what: &str) -> String {
        format!("expected {what} at column {}", self.column())
    }

    fn skip_spaces(&mut self) {
        while self.text.as_bytes().get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// A token up to the next space.
    fn token(&mut self, what: &str) -> Result<&'a str, String> {
        self.skip_spaces();
        let rest = &self.text[self.pos..];
        let len = rest.find(' ').unwrap_or(rest.len());
        if len == 0 {
            return Err(self.err(what));
        }
        self.pos += len;
        Ok(&rest[..len])
    }

    /// `[...]`.
    fn bracketed(&mut self, what: &str) -> Result<&'a str, String> {
        self.skip_spaces();
        let rest = &self.text[self.pos..];
        if !rest.starts_with('[') {
            return Err(self.err(what));
        }
        let close = rest.find(']').ok_or_else(|| self.err("`]`"))?;
        self.pos += close + 1;
        Ok(&rest[1..close])
    }

    /// `"..."` with `\"` and `\\` escapes. With `to_end`, a missing closing quote at the end
    /// of the line is forgiven (real logs have truncated user agents).
    fn quoted(&mut self, what: &str, to_end: bool) -> Result<String, String> {
        self.skip_spaces();
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) != Some(&b'"') {
            return Err(self.err(what));
        }
        let start = self.pos + 1;
        let mut i = start;
        let mut out = String::new();
        let mut seg = start;
        loop {
            match bytes.get(i) {
                None if to_end => {
                    out.push_str(&self.text[seg..]);
                    self.pos = self.text.len();
                    return Ok(out);
                }
                None => {
                    return Err(format!(
                        "unterminated quoted {what} at column {}",
                        self.column()
                    ));
                }
                Some(b'\\') if matches!(bytes.get(i + 1), Some(b'"' | b'\\')) => {
                    out.push_str(&self.text[seg..i]);
                    out.push(bytes[i + 1] as char);
                    i += 2;
                    seg = i;
                }
                Some(b'"') => {
                    out.push_str(&self.text[seg..i]);
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(_) => i += 1,
            }
        }
    }
}

fn dash_null(s: &str) -> Value {
    if s == "-" {
        Value::Null
    } else {
        Value::from(s)
    }
}

/// Converts `17/May/2015:10:05:03 +0000` to `2015-05-17T10:05:03+00:00`.
pub fn clf_time_to_rfc3339(s: &str) -> Option<String> {
    let b = s.as_bytes();
    // dd/Mon/yyyy:HH:MM:SS +hhmm
    if b.len() != 26 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' || b[20] != b' ' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let day = num(0..2)?;
    let month = crate::input::syslog::month_number(s.get(3..6)?)?;
    let year = num(7..11)?;
    let (h, m, sec) = (num(12..14)?, num(15..17)?, num(18..20)?);
    if b[14] != b':' || b[17] != b':' || !(b[21] == b'+' || b[21] == b'-') {
        return None;
    }
    let (oh, om) = (num(22..24)?, num(24..26)?);
    jiff::civil::Date::new(year as i16, month as i8, day as i8).ok()?;
    if h > 23 || m > 59 || sec > 60 || oh > 23 || om > 59 {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{sec:02}{}{oh:02}:{om:02}",
        b[21] as char
    ))
}

impl Decoder for ClfDecoder {
    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let text = std::str::from_utf8(record)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))?;
        let mut c = Cursor { text, pos: 0 };
        let mut map = map_with_capacity(12);
        map.insert("remote".into(), Value::from(c.token("the remote host")?));
        map.insert("ident".into(), dash_null(c.token("the ident field")?));
        map.insert("user".into(), dash_null(c.token("the user field")?));
        let time_col = {
            c.skip_spaces();
            c.column()
        };
        let raw_time = c.bracketed("`[` and the time")?;
        let time = clf_time_to_rfc3339(raw_time).ok_or_else(|| {
            format!("invalid time `{raw_time}` at column {time_col} (expected 17/May/2015:10:05:03 +0000)")
        })?;
        map.insert("time".into(), Value::Str(time));
        let request = c.quoted("the request", false)?;
        let parts: Vec<&str> = request.split(' ').collect();
        let (method, path, protocol) = match parts.as_slice() {
            [m, p, v] if !m.is_empty() && !p.is_empty() => {
                (Value::from(*m), Value::from(*p), Value::from(*v))
            }
            [m, p] if !m.is_empty() && !p.is_empty() => {
                (Value::from(*m), Value::from(*p), Value::Null)
            }
            _ => (Value::Null, Value::from(request.as_str()), Value::Null),
        };
        map.insert("method".into(), method);
        map.insert("path".into(), path);
        map.insert("protocol".into(), protocol);
        let status_col = {
            c.skip_spaces();
            c.column()
        };
        let status = c.token("the status")?;
        let status = match status.parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) if status == "-" => Value::Null,
            Err(_) => return Err(format!("invalid status `{status}` at column {status_col}")),
        };
        map.insert("status".into(), status);
        let bytes_col = {
            c.skip_spaces();
            c.column()
        };
        let bytes = c.token("the byte count")?;
        let bytes = match bytes.parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) if bytes == "-" => Value::Null,
            Err(_) => {
                return Err(format!(
                    "invalid byte count `{bytes}` at column {bytes_col}"
                ));
            }
        };
        map.insert("bytes".into(), bytes);
        c.skip_spaces();
        if self.combined || !c.at_end() {
            let referer = c.quoted("the referer", false)?;
            map.insert("referer".into(), dash_null(&referer));
            let agent = c.quoted("the user agent", true)?;
            map.insert("user_agent".into(), dash_null(&agent));
            c.skip_spaces();
            if !c.at_end() {
                return Err(format!(
                    "unexpected text after the user agent at column {}",
                    c.column()
                ));
            }
        }
        Ok(Record::Event(Decoded {
            value: Value::Object(map),
            pristine: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(combined: bool, line: &str) -> Result<String, String> {
        ClfDecoder { combined }
            .decode(line.as_bytes())
            .map(|d| d.into_decoded().unwrap().value.to_json())
    }

    #[test]
    fn combined_line() {
        let line = r#"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a.png HTTP/1.1" 200 203023 "http://x/" "Mozilla/5.0 (\"X\")""#;
        assert_eq!(
            decode(true, line).unwrap(),
            r#"{"remote":"83.149.9.216","ident":null,"user":null,"time":"2015-05-17T10:05:03+00:00","method":"GET","path":"/a.png","protocol":"HTTP/1.1","status":200,"bytes":203023,"referer":"http://x/","user_agent":"Mozilla/5.0 (\"X\")"}"#
        );
        assert_eq!(decode(false, line).unwrap(), decode(true, line).unwrap());
    }

    #[test]
    fn common_line_and_dashes() {
        let line = r#"10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "-" 400 -"#;
        assert_eq!(
            decode(false, line).unwrap(),
            r#"{"remote":"10.0.0.1","ident":null,"user":"frank","time":"2000-10-10T13:55:36-07:00","method":null,"path":"-","protocol":null,"status":400,"bytes":null}"#
        );
        assert!(
            decode(true, line)
                .unwrap_err()
                .contains("expected the referer")
        );
    }

    #[test]
    fn bad_lines() {
        assert_eq!(
            decode(
                false,
                r#"1.2.3.4 - - [32/May/2015:10:05:03 +0000] "GET / HTTP/1.0" 200 1"#
            )
            .unwrap_err(),
            "invalid time `32/May/2015:10:05:03 +0000` at column 13 (expected 17/May/2015:10:05:03 +0000)"
        );
        assert!(decode(false, "hello").is_err());
        assert!(
            decode(
                true,
                r#"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.0" 200 1 "-"#
            )
            .is_err()
        );
        assert!(
            decode(true, r#"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.0" 200 1 "-" "Mozilla (cut"#)
                .unwrap()
                .ends_with(r#""user_agent":"Mozilla (cut"}"#)
        );
        assert!(
            decode(
                false,
                r#"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.0" x 1"#
            )
            .unwrap_err()
            .contains("invalid status `x`")
        );
    }
}
