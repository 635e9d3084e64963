//! logfmt output: `key=value` pairs separated by spaces, one event per line.
//!
//! Null is `key=` (empty); a string is bare when it is non-empty, has no space, `=`, `"`,
//! backslash or control character, and would not read back as a number or boolean; otherwise
//! it is quoted as a JSON string literal (`msg="say \"hi\""`, `code="007"` stays bare since it
//! reads back as a string, `n="12"` is quoted). Nested objects are flattened with `.`; arrays
//! are written as JSON text. Characters that cannot appear in a key (space, `=`, `"`) are
//! replaced by `_`, with a warning once.

use std::io::{self, Write};

use crate::event::Event;
use crate::infer::needs_quotes_to_stay_string;
use crate::output::{OutputStream, Sink, cell_text, flatten};
use crate::value::{Value, write_json_string};

/// Writes events as logfmt lines.
pub struct LogfmtWriter {
    stream: OutputStream,
    warned: bool,
}

impl LogfmtWriter {
    /// A writer over `stream`.
    pub fn new(stream: OutputStream) -> LogfmtWriter {
        LogfmtWriter {
            stream,
            warned: false,
        }
    }
}

fn bad_key_char(c: char) -> bool {
    c.is_whitespace() || c == '=' || c == '"' || c.is_control()
}

/// Appends `text` as a logfmt value.
pub fn write_value(text: &str, is_string: bool, out: &mut Vec<u8>) {
    let special =
        |c: char| c.is_whitespace() || c == '=' || c == '"' || c == '\\' || c.is_control();
    let quote = text.is_empty()
        || text.chars().any(special)
        || (is_string && needs_quotes_to_stay_string(text));
    if !quote {
        out.extend_from_slice(text.as_bytes());
    } else {
        write_json_string(text, out);
    }
}

impl Sink for LogfmtWriter {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let flat = flatten(event.value());
        let buf = self.stream.buffer();
        let mut renamed = false;
        for (i, (key, value)) in flat.iter().enumerate() {
            if i > 0 {
                buf.push(b' ');
            }
            if key.is_empty() || key.chars().any(bad_key_char) {
                renamed = true;
                let fixed: String = key
                    .chars()
                    .map(|c| if bad_key_char(c) { '_' } else { c })
                    .collect();
                buf.extend_from_slice(if fixed.is_empty() { "_" } else { &fixed }.as_bytes());
            } else {
                buf.extend_from_slice(key.as_bytes());
            }
            buf.push(b'=');
            if let Some(text) = cell_text(value) {
                write_value(&text, matches!(value, Value::Str(_)), buf);
            }
        }
        buf.push(b'\n');
        if renamed && !self.warned {
            self.warned = true;
            let _ = writeln!(
                io::stderr().lock(),
                "eddy: warning: logfmt output: field names with spaces, `=` or quotes are written with `_` in their place"
            );
        }
        self.stream.end_record()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::output::csv::tests::Shared;

    #[test]
    fn values() {
        let dest = Shared::default();
        let mut w = LogfmtWriter::new(OutputStream::new(Box::new(dest.clone()), false));
        let e = r#"{"a":"plain","b":"two words","c":"","d":null,"e":"12","f":12,"g":"x=y","h":{"i":true},"j":[1],"k":"a\\b","l":"é"}"#;
        w.write(&Event::created(json::parse(e.as_bytes()).unwrap()))
            .unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(dest.0.borrow().clone()).unwrap(),
            "a=plain b=\"two words\" c=\"\" d= e=\"12\" f=12 g=\"x=y\" h.i=true j=[1] k=\"a\\\\b\" l=é\n"
        );
    }
}
