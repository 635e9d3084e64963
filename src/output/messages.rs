//! One transport message per output event (`--to-redis`, `--to-kafka`): the `--to` format's
//! writer's output, cut where each event's output ends, so that every message stands alone.
//!
//! - An event's output is one message, without its last `\n`; a record whose text holds line
//!   breaks (a quoted CSV cell, a `--to raw` field) stays whole.
//! - CSV and TSV: every event is written by a writer of its own, so its message is the header
//!   line, then the row (with `--no-header`, the row alone): a consumer of any message can read
//!   it without another one (`--from-redis` decodes every CSV/TSV message on its own).
//! - What a writer writes only at a flush or at the end (`--to table`, `--to chart`: whole
//!   blocks), is cut into lines, one message each.

use std::io;

use super::http::{Body, MakeWriter};
use super::{OutputFormat, OutputStream, Sink};
use crate::error::{Location, Result};
use crate::event::Event;

/// The messages the `--to` writer's output makes, held until taken ([`EventMessages::take`]).
pub struct EventMessages {
    make: MakeWriter,
    /// The run's writer (formats without a header), writing into `out`.
    writer: Box<dyn Sink>,
    out: Body,
    /// CSV, TSV: each event is written by a writer of its own (its header line in it).
    alone: bool,
    ready: Vec<Vec<u8>>,
    /// The bytes of `ready`.
    bytes: usize,
}

impl EventMessages {
    /// The messages of `format`'s output; `make` makes its writer over a stream.
    pub fn new(format: OutputFormat, make: MakeWriter) -> Result<EventMessages> {
        let out = Body::default();
        let writer = make(OutputStream::new(Box::new(out.clone()), true))?;
        Ok(EventMessages {
            make,
            writer,
            out,
            alone: matches!(format, OutputFormat::Csv | OutputFormat::Tsv),
            ready: Vec::new(),
            bytes: 0,
        })
    }

    /// Writes `event`: its output is one message.
    pub fn write(&mut self, event: &Event) -> io::Result<()> {
        if self.alone {
            let stream = OutputStream::new(Box::new(self.out.clone()), true);
            let mut writer = (self.make)(stream).map_err(|e| io::Error::other(e.to_string()))?;
            writer.write(event)?;
            writer.finish()?;
        } else {
            // Line-buffered: the writer has written the event's output out.
            self.writer.write(event)?;
        }
        let out = self.out.clone();
        let mut text = out.0.borrow_mut();
        self.push(text.strip_suffix(b"\n").unwrap_or(&text));
        text.clear();
        Ok(())
    }

    /// Writes the events whose JSON texts are `lines` (each ending in `\n`): one message each.
    pub fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
        for line in lines.split_inclusive(|&b| b == b'\n') {
            let text = line.strip_suffix(b"\n").unwrap_or(line);
            self.write(&Event::lazy(text, Location::default(), 0))?;
        }
        Ok(())
    }

    /// Flushes the writer: what it held back comes out, a message per line.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        self.lines();
        Ok(())
    }

    /// The end: the writer writes the rest (a table's block), a message per line.
    pub fn finish(&mut self) -> io::Result<()> {
        self.writer.finish()?;
        self.lines();
        Ok(())
    }

    /// The messages held: how many, and their bytes.
    pub fn held(&self) -> (usize, usize) {
        (self.ready.len(), self.bytes)
    }

    /// Takes the messages held, in order.
    pub fn take(&mut self) -> Vec<Vec<u8>> {
        self.bytes = 0;
        std::mem::take(&mut self.ready)
    }

    /// Cuts what the writer wrote outside an event's write into lines.
    fn lines(&mut self) {
        let text = std::mem::take(&mut *self.out.0.borrow_mut());
        for line in text.split_inclusive(|&b| b == b'\n') {
            self.push(line.strip_suffix(b"\n").unwrap_or(line));
        }
    }

    fn push(&mut self, message: &[u8]) {
        if !message.is_empty() {
            self.bytes += message.len();
            self.ready.push(message.to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Shown, SinkOptions, make_sink};

    fn messages(format: OutputFormat) -> EventMessages {
        let options = SinkOptions::default();
        let make: MakeWriter =
            Box::new(move |stream| make_sink(format, stream, &options, &Shown::default()));
        EventMessages::new(format, make).unwrap()
    }

    fn event(json: &str) -> Event {
        Event::lazy(json.as_bytes(), Location::default(), 0)
    }

    #[test]
    fn every_event_is_a_message_and_csv_carries_its_header() {
        let mut csv = messages(OutputFormat::Csv);
        csv.write(&event(r#"{"a":1,"b":"x\ny"}"#)).unwrap();
        csv.write_lines(b"{\"c\":2}\n").unwrap();
        csv.finish().unwrap();
        assert_eq!(csv.take(), [&b"a,b\n1,\"x\ny\""[..], b"c\n2"]);
        let mut ndjson = messages(OutputFormat::Ndjson);
        ndjson.write_lines(b"{\"a\":1}\n{\"a\":2}\n").unwrap();
        assert_eq!(ndjson.held(), (2, 14));
        assert_eq!(ndjson.take(), [&b"{\"a\":1}"[..], b"{\"a\":2}"]);
    }
}
