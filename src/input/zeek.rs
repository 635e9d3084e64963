//! Zeek's native TSV logs (`--from zeek`): `#separator`, `#set_separator`, `#empty_field`,
//! `#unset_field`, `#fields` and `#types` header lines, then one record per line.
//!
//! Values are typed per `#types`, to give the same records as Zeek's own JSON writer (in its
//! ISO 8601 time mode, as in `weird.json.gz`): `count`, `int` and `port` are integers; `double`
//! and `interval` floats; `bool` (`T`/`F`) booleans; `time` an RFC 3339 UTC string with
//! microseconds (`2018-03-24T17:15:20.600843Z`, converted exactly from the epoch decimal);
//! `set[T]` and `vector[T]` arrays; everything else (`string`, `addr`, `subnet`, `enum`)
//! strings with `\xHH` escapes decoded. An unset field (`-`) is left out of the record, as Zeek's
//! JSON writer does; `(empty)` is an empty array (or an empty string for scalar types). Field
//! names keep their dots (`id.orig_h`), which paths find. Other `#` lines (`#path`, `#open`,
//! `#close`) are skipped.

use crate::input::{Decoded, Decoder, Record};
use crate::value::{Value, map_with_capacity};

/// Decodes a Zeek TSV log.
pub struct ZeekDecoder {
    separator: String,
    set_separator: String,
    empty: String,
    unset: String,
    fields: Vec<String>,
    types: Vec<String>,
}

impl Default for ZeekDecoder {
    fn default() -> Self {
        ZeekDecoder {
            separator: "\t".into(),
            set_separator: ",".into(),
            empty: "(empty)".into(),
            unset: "-".into(),
            fields: Vec::new(),
            types: Vec::new(),
        }
    }
}

/// True when a first line looks like a Zeek log ([`crate::input::detect`]): `#separator`.
pub fn looks_like(line: &str) -> bool {
    line.starts_with("#separator")
}

/// Decodes `\xHH` escapes (Zeek's escaping of separators and non-printable bytes).
fn unescape(s: &str) -> String {
    if !s.contains("\\x") {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && b.get(i + 1) == Some(&b'x')
            && let Some(hex) = s.get(i + 2..i + 4)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 4;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `1521911720.600843` -> `2018-03-24T17:15:20.600843Z`, exactly (no float rounding).
pub fn epoch_to_rfc3339_micros(text: &str) -> Option<String> {
    let (secs, frac) = text.split_once('.').unwrap_or((text, ""));
    let negative = secs.starts_with('-');
    let secs: i64 = secs.parse().ok()?;
    if !frac.bytes().all(|c| c.is_ascii_digit()) || frac.len() > 9 {
        return None;
    }
    let mut nanos: i64 = format!("{frac:0<9}").parse().ok()?;
    let mut secs = secs;
    if negative && nanos > 0 {
        secs -= 1;
        nanos = 1_000_000_000 - nanos;
    }
    let ts = jiff::Timestamp::from_second(secs).ok()?;
    Some(format!(
        "{}.{:06}Z",
        ts.strftime("%Y-%m-%dT%H:%M:%S"),
        nanos / 1000
    ))
}

impl ZeekDecoder {
    fn convert(&self, ty: &str, raw: &str) -> Result<Value, String> {
        if let Some(inner) = ty
            .strip_prefix("set[")
            .or_else(|| ty.strip_prefix("vector["))
            .and_then(|t| t.strip_suffix(']'))
        {
            if raw == self.empty {
                return Ok(Value::Array(Vec::new()));
            }
            return raw
                .split(self.set_separator.as_str())
                .map(|item| self.convert(inner, item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        if raw == self.empty {
            return Ok(Value::from(""));
        }
        let bad = || format!("invalid {ty} value `{raw}`");
        Ok(match ty {
            "count" | "int" | "port" => Value::Int(raw.parse().map_err(|_| bad())?),
            "double" | "interval" => Value::Float(raw.parse().map_err(|_| bad())?),
            "bool" => match raw {
                "T" => Value::Bool(true),
                "F" => Value::Bool(false),
                _ => return Err(bad()),
            },
            "time" => Value::Str(epoch_to_rfc3339_micros(raw).ok_or_else(bad)?),
            _ => Value::Str(unescape(raw)),
        })
    }

    fn header(&mut self, line: &str) {
        let (key, value) = match line.split_once(self.separator.as_str()) {
            Some(kv) => kv,
            None => match line.split_once(' ') {
                Some(kv) => kv,
                None => return,
            },
        };
        let split = |v: &str, sep: &str| v.split(sep).map(str::to_owned).collect::<Vec<_>>();
        match key {
            "#separator" => self.separator = unescape(value),
            "#set_separator" => self.set_separator = unescape(value),
            "#empty_field" => self.empty = unescape(value),
            "#unset_field" => self.unset = unescape(value),
            "#fields" => self.fields = split(value, &self.separator),
            "#types" => self.types = split(value, &self.separator),
            _ => {}
        }
    }
}

impl Decoder for ZeekDecoder {
    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let text = std::str::from_utf8(record)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))?;
        if text.starts_with('#') {
            self.header(text);
            return Ok(Record::Structural);
        }
        if self.fields.is_empty() {
            return Err("zeek record before the #fields header line".into());
        }
        let cells: Vec<&str> = text.split(self.separator.as_str()).collect();
        if cells.len() != self.fields.len() {
            return Err(format!(
                "record has {} fields, #fields names {}",
                cells.len(),
                self.fields.len()
            ));
        }
        let mut map = map_with_capacity(cells.len());
        for (i, raw) in cells.into_iter().enumerate() {
            if raw == self.unset {
                continue;
            }
            let ty = self.types.get(i).map_or("string", String::as_str);
            let value = self
                .convert(ty, raw)
                .map_err(|e| format!("field `{}`: {e}", self.fields[i]))?;
            map.insert(self.fields[i].clone(), value);
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

    #[test]
    fn typed_records() {
        let mut d = ZeekDecoder::default();
        let lines = [
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#fields\tts\tid.orig_p\tname\taddl\tnotice\tdur\ttags\tnone",
            "#types\ttime\tport\tstring\tstring\tbool\tinterval\tset[string]\tvector[count]",
            "1521911720.600843\t49562\ta\\x09b\t-\tF\t0.5\tx,y\t(empty)",
        ];
        let mut out = Vec::new();
        for l in lines {
            if let Some(d) = d.decode(l.as_bytes()).unwrap().into_decoded() {
                out.push(d.value.to_json());
            }
        }
        assert_eq!(
            out,
            [
                r#"{"ts":"2018-03-24T17:15:20.600843Z","id.orig_p":49562,"name":"a\tb","notice":false,"dur":0.5,"tags":["x","y"],"none":[]}"#
            ]
        );
        assert!(
            d.decode(b"1\t2")
                .unwrap_err()
                .contains("record has 2 fields")
        );
    }

    #[test]
    fn epoch_conversion_is_exact() {
        assert_eq!(
            epoch_to_rfc3339_micros("1521912981.262091").unwrap(),
            "2018-03-24T17:36:21.262091Z"
        );
        assert_eq!(
            epoch_to_rfc3339_micros("0").unwrap(),
            "1970-01-01T00:00:00.000000Z"
        );
        assert!(epoch_to_rfc3339_micros("x").is_none());
    }
}
