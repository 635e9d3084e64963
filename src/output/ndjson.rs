//! NDJSON output: pristine events as their JSON text (the original bytes, or as `map` and
//! `select` edited them), changed events re-serialised.

use std::io;

use crate::event::Event;
use crate::output::{OutputStream, Sink};
use crate::value::write_json;

/// Writes one compact JSON object per line.
pub struct NdjsonWriter {
    stream: OutputStream,
}

impl NdjsonWriter {
    /// A writer over `stream`.
    pub fn new(stream: OutputStream) -> NdjsonWriter {
        NdjsonWriter { stream }
    }
}

impl Sink for NdjsonWriter {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let buf = self.stream.buffer();
        match event.json_text() {
            Some(text) => buf.extend_from_slice(text),
            None => write_json(event.value(), buf),
        }
        buf.push(b'\n');
        self.stream.end_record()
    }

    fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
        self.stream.buffer().extend_from_slice(lines);
        self.stream.end_record()
    }

    fn json_lines(&self) -> bool {
        !self.stream.is_line_buffered()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
