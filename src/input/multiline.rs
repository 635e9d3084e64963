//! Multi-line records (`--multiline-start`): application logs whose records span lines, such as
//! a Java exception followed by its stack trace. A line that matches the start pattern starts a
//! record; the lines after it, up to the next start line, continue it (Filebeat's
//! `multiline.pattern` with `negate: true` and `match: after`, Logstash's multiline codec,
//! Vector's `multiline.start_pattern`). The first line of a source starts a record whatever it
//! holds, and a blank line never starts one (inside a record it is one of its lines).
//!
//! The framing joins the lines ([`crate::input::framing`]), asking the source's decoder for the
//! rule ([`Decoder::multiline`]); the decoder here ([`MultilineDecoder`]) wraps the format's
//! own. A record ends at the next start line, at the end of its source, when joining the next
//! line would take it past `--multiline-max-lines` or `--multiline-max-bytes` (it is cut there:
//! the line starts a new record, and the cut is counted and reported, so nothing is lost), or
//! on a live source when no line came for `--multiline-timeout` ([`crate::input`]).
//!
//! What a record's lines become depends on the format ([`Joined`]): for `lines` the whole
//! record is the `line` field; for the log formats the first line is decoded as usual and the
//! other lines are appended to its message (`message`; logfmt's `msg`), after a `\n`.

use std::time::Duration;

use regex::bytes::Regex;

use crate::input::{Decoded, Decoder, InputFormat, Record, detect};
use crate::value::{Map, Value, write_json};

/// The default `--multiline-max-lines`: as Filebeat's and Logstash's.
pub const DEFAULT_MAX_LINES: u64 = 500;

/// The default `--multiline-max-bytes`: 1 MiB, the text of thousands of stack frames.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// The default `--multiline-timeout`: a logger writes a stack trace in one burst, and a record
/// held longer than a second keeps a live tail waiting for no reason.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

/// The rule of multi-line records and its bounds.
#[derive(Debug, Clone)]
pub struct Multiline {
    /// A line that matches (without its line end) starts a record.
    pub start: Regex,
    /// The most lines one record may span.
    pub max_lines: u64,
    /// The most bytes one record may hold (its lines joined by `\n`); the smaller of this and
    /// `--max-record-size` applies.
    pub max_bytes: usize,
    /// On a live source, how long an open record waits for its next line.
    pub timeout: Duration,
}

/// Why a multi-line record ended before the next start line ([`Multiline`]'s bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// It had this many lines, the most it may span.
    Lines(u64),
    /// The next line would have taken it past this many bytes.
    Bytes(usize),
}

impl Cut {
    /// What to say of a record cut here, whose rest starts at line `next`.
    pub fn message(self, next: u64) -> String {
        let bound = match self {
            Cut::Lines(n) => format!("{n} lines (--multiline-max-lines)"),
            Cut::Bytes(n) => format!("{n} bytes (--multiline-max-bytes)"),
        };
        format!(
            "multi-line record cut at {bound}: its rest, from line {next}, is a record of its own"
        )
    }
}

/// Where the lines after the first of a multi-line record go, per format.
#[derive(Debug, Clone, Copy)]
pub enum Joined {
    /// The whole record, lines joined by `\n`, is decoded as one text (`lines`).
    Whole,
    /// The first line is decoded; the others are appended, after a `\n`, to the first of these
    /// fields the event has (else the first of them is added).
    Appended(&'static [&'static str]),
}

/// A format's decoder under `--multiline-start`: it tells the framing the rule
/// ([`Decoder::multiline`]) and decodes the records it joins ([`Joined`]).
pub struct MultilineDecoder {
    inner: Box<dyn Decoder>,
    joined: Joined,
    multiline: Multiline,
}

impl MultilineDecoder {
    /// `inner`, a decoder of a format whose lines join as `joined`, reading records by `multiline`.
    pub fn new(inner: Box<dyn Decoder>, joined: Joined, multiline: Multiline) -> MultilineDecoder {
        MultilineDecoder {
            inner,
            joined,
            multiline,
        }
    }
}

impl Decoder for MultilineDecoder {
    fn multiline(&self) -> Option<&Multiline> {
        Some(&self.multiline)
    }

    /// Any record may go on: the framing ends it at the next start line ([`Multiline`]).
    fn continues(&self, _record: &[u8]) -> bool {
        true
    }

    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let fields = match self.joined {
            Joined::Appended(fields) => fields,
            Joined::Whole => return self.inner.decode(record),
        };
        let Some(first_end) = memchr::memchr(b'\n', record) else {
            return self.inner.decode(record);
        };
        let rest = std::str::from_utf8(&record[first_end + 1..]).map_err(|e| {
            let at = first_end + 1 + e.valid_up_to();
            let line = 1 + memchr::memchr_iter(b'\n', &record[..at]).count();
            format!("invalid UTF-8 in line {line} of the record")
        })?;
        let mut decoded = self.inner.decode(&record[..first_end])?;
        if let Record::Event(Decoded {
            value: Value::Object(map),
            ..
        }) = &mut decoded
        {
            append(map, fields, rest);
        }
        Ok(decoded)
    }

    fn decode_fields(&mut self, record: &[u8], keys: &[String], into: &mut Map) -> Option<()> {
        // A record of several lines is decoded whole: its message takes the other lines.
        match (self.joined, memchr::memchr(b'\n', record)) {
            (Joined::Appended(_), Some(_)) => None,
            _ => self.inner.decode_fields(record, keys, into),
        }
    }
}

/// Appends `rest`, the lines after the first, to the first of `fields` that `map` has (a
/// string; a null is replaced, another value continues as its JSON text), else adds `fields[0]`.
fn append(map: &mut Map, fields: &[&str], rest: &str) {
    let key = fields
        .iter()
        .find(|field| map.contains_key(**field))
        .or(fields.first())
        .copied()
        .unwrap_or("message");
    let joined = match map.get(key) {
        None | Some(Value::Null) => rest.to_owned(),
        Some(Value::Str(text)) => format!("{text}\n{rest}"),
        Some(other) => {
            let mut text = Vec::new();
            write_json(other, &mut text);
            format!("{}\n{rest}", String::from_utf8_lossy(&text))
        }
    };
    map.insert(key.to_owned(), Value::Str(joined));
}

/// Checks before any input is read that `--multiline-start` applies to every source: a format
/// given by `--from` (or the first stage) or by a file's extension must be one whose records
/// can span lines this way. Sources of other names are guessed among those formats
/// ([`detect::Guess::for_multiline`]).
pub fn check_formats(from: Option<InputFormat>, files: &[String]) -> Result<(), String> {
    let refuse = |format: InputFormat, how: String| {
        Err(format!(
            "--multiline-start does not apply to {} input ({how}); it reads lines, logfmt, clf, \
             combined and syslog",
            format.name()
        ))
    };
    if let Some(format) = from {
        return match format.info().multiline {
            Some(_) => Ok(()),
            None => refuse(format, "--from".into()),
        };
    }
    for name in files {
        if let Some(format) = detect::from_extension(name)
            && format.info().multiline.is_none()
        {
            return refuse(format, format!("`{name}`, by its extension"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DecoderOptions;

    fn decoder(format: InputFormat) -> Box<dyn Decoder> {
        let options = DecoderOptions {
            multiline: Some(Multiline {
                start: Regex::new(r"^\S").unwrap(),
                max_lines: DEFAULT_MAX_LINES,
                max_bytes: DEFAULT_MAX_BYTES,
                timeout: DEFAULT_TIMEOUT,
            }),
            year: Some(2024),
            ..DecoderOptions::default()
        };
        format.decoder(&options)
    }

    fn decode(format: InputFormat, record: &[u8]) -> Result<String, String> {
        let decoded = decoder(format).decode(record)?;
        Ok(decoded.into_decoded().expect("an event").value.to_json())
    }

    #[test]
    fn the_lines_after_the_first_go_to_the_message() {
        let trace = "\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)";
        assert_eq!(
            decode(
                InputFormat::Lines,
                format!("ERROR boom\n{trace}").as_bytes()
            )
            .unwrap(),
            r#"{"line":"ERROR boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)"}"#
        );
        assert_eq!(
            decode(
                InputFormat::Logfmt,
                format!("level=error msg=boom n=1\n{trace}").as_bytes()
            )
            .unwrap(),
            r#"{"level":"error","msg":"boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)","n":1}"#
        );
        // No `msg`: `message` if it has one, else `msg` is added.
        assert_eq!(
            decode(InputFormat::Logfmt, b"message=x\n  more").unwrap(),
            r#"{"message":"x\n  more"}"#
        );
        assert_eq!(
            decode(InputFormat::Logfmt, b"level=error msg=42\n  more").unwrap(),
            r#"{"level":"error","msg":"42\n  more"}"#
        );
        assert_eq!(
            decode(InputFormat::Logfmt, b"level=error\n  more").unwrap(),
            r#"{"level":"error","msg":"  more"}"#
        );
        assert_eq!(
            decode(
                InputFormat::Syslog,
                b"Mar 27 13:06:56 h app[1]: Traceback (most recent call last):\n  File \"x.py\""
            )
            .unwrap(),
            r#"{"time":"2024-03-27T13:06:56Z","host":"h","program":"app","pid":1,"message":"Traceback (most recent call last):\n  File \"x.py\""}"#
        );
        let access = br#"127.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 500 -"#;
        let record = [&access[..], b"\nTraceback (most recent call last):"].concat();
        let got = decode(InputFormat::Clf, &record).unwrap();
        assert!(
            got.ends_with(
                r#""status":500,"bytes":null,"message":"Traceback (most recent call last):"}"#
            ),
            "{got}"
        );
    }

    #[test]
    fn a_malformed_first_line_or_bad_text_after_it_is_a_malformed_record() {
        assert!(decode(InputFormat::Syslog, b"not syslog\n  at x").is_err());
        assert_eq!(
            decode(InputFormat::Logfmt, b"a=1\nok\nbad \xff").unwrap_err(),
            "invalid UTF-8 in line 3 of the record"
        );
        // `lines` keeps invalid UTF-8 losslessly, as for one line.
        let got = decode(InputFormat::Lines, b"a\n\xff").unwrap();
        assert!(got.contains("line_base64"), "{got}");
    }

    #[test]
    fn formats_whose_records_cannot_span_lines_are_refused_before_reading() {
        assert!(check_formats(Some(InputFormat::Lines), &["x.csv".into()]).is_ok());
        let err = check_formats(Some(InputFormat::Ndjson), &[]).unwrap_err();
        assert!(err.starts_with("--multiline-start does not apply to ndjson input (--from)"));
        let err = check_formats(None, &["app.log".into(), "t.csv.gz".into()]).unwrap_err();
        assert!(err.contains("(`t.csv.gz`, by its extension)"), "{err}");
        assert!(check_formats(None, &["app.log".into(), "-".into(), "x.logfmt".into()]).is_ok());
    }
}
