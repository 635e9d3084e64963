//! NDJSON output: pristine events as their original bytes, changed events re-serialised.

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
        if event.is_pristine() {
            buf.extend_from_slice(event.original());
        } else {
            write_json(event.value(), buf);
        }
        buf.push(b'\n');
        self.stream.end_record()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
