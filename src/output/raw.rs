//! Raw output (`--to raw`): the text of one field per line, without quotes or escapes.
//!
//! The field is `--raw-field` (default `line`, the field of `--from lines`). An event whose
//! field still holds its input line unchanged is written from the original bytes (invalid UTF-8
//! included), so `eddy --from lines filter ... --to raw` is an exact `grep`. A string is written
//! as is; a number, boolean or time as its JSON text; an array or object as compact JSON. An
//! event without the field (or with null) is written as an empty line, with a warning once, so
//! line counts still match.

use std::io::{self, Write};

use crate::event::Event;
use crate::output::{OutputStream, Sink, cell_text};
use crate::path::Path;
use crate::value::Value;

/// Writes one field's text per line.
pub struct RawWriter {
    stream: OutputStream,
    field: Path,
    warned: bool,
}

impl RawWriter {
    /// A writer of `field` over `stream`.
    pub fn new(stream: OutputStream, field: Path) -> RawWriter {
        RawWriter {
            stream,
            field,
            warned: false,
        }
    }
}

impl Sink for RawWriter {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let value = event.get(&self.field);
        let buf = self.stream.buffer();
        match value {
            Some(Value::Str(s))
                if !event.original().is_empty()
                    && String::from_utf8_lossy(event.original()) == s.as_str() =>
            {
                buf.extend_from_slice(event.original());
            }
            Some(v) if !matches!(v, Value::Null) => {
                if let Some(text) = cell_text(v) {
                    buf.extend_from_slice(text.as_bytes());
                }
            }
            _ => {
                if !self.warned {
                    self.warned = true;
                    let _ = writeln!(
                        io::stderr().lock(),
                        "eddy: warning: raw output: an event has no field `{}`; written as an empty line",
                        self.field
                    );
                }
            }
        }
        buf.push(b'\n');
        self.stream.end_record()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
