//! Input: sources, framing into records, and one decoder per format.
//!
//! A reader thread opens the sources in order, reads large blocks, splits them into lines
//! (`\n`, with an optional `\r` before it; the last line may lack `\n`; a UTF-8 BOM at the start
//! of a source is ignored), joins lines while the decoder says a record continues (CSV quotes),
//! decodes each record into an event, and sends one [`Batch`] per read to the pipeline. The
//! pipeline receives with a timeout, so ticks reach the stages even when input blocks forever.

pub mod lines;
pub mod ndjson;
pub mod parallel;

use std::fs::File;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::mpsc::SyncSender;

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Location};
use crate::event::Event;
use crate::value::Value;

/// The input format, `--from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormat {
    /// One JSON value per line (non-objects become `{"value": ...}`)
    #[default]
    Ndjson,
    /// Each line becomes `{"line": "..."}`
    Lines,
}

impl InputFormat {
    /// A fresh decoder for one source.
    pub fn decoder(self) -> Box<dyn Decoder> {
        match self {
            InputFormat::Ndjson => Box::new(ndjson::NdjsonDecoder),
            InputFormat::Lines => Box::new(lines::LinesDecoder),
        }
    }
}

/// A decoded record.
pub struct Decoded {
    /// The event's value.
    pub value: Value,
    /// True when the record's bytes are exactly the NDJSON text of `value`.
    pub pristine: bool,
}

/// Turns records of one source into values.
pub trait Decoder: Send {
    /// True when `record` is not complete and continues on the next line (an open CSV quote).
    fn continues(&self, record: &[u8]) -> bool {
        let _ = record;
        false
    }

    /// Decodes one record (without its line terminator). `Ok(None)` means the record is not an
    /// event (a header or a comment line); `Err` is a malformed record with the message.
    fn decode(&mut self, record: &[u8]) -> Result<Option<Decoded>, String>;
}

/// One item of a batch: an event or a malformed record.
pub enum Item {
    /// A decoded event.
    Event(Event),
    /// A record that could not be decoded, with its original bytes.
    Malformed(DataError, Vec<u8>),
}

/// What one read produced.
#[derive(Default)]
pub struct Batch {
    /// Events and malformed records, in input order.
    pub items: Vec<Item>,
    /// Lines read (every line, blank ones included).
    pub lines: u64,
    /// Blank lines skipped.
    pub blank: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// Messages to the pipeline's main loop.
pub enum Message {
    /// Records from one read.
    Batch(Batch),
    /// All sources are exhausted.
    End,
    /// A source could not be read; the run fails with status 3.
    Failed(Error),
    /// SIGINT or SIGTERM arrived.
    Signal(i32),
}

/// The name shown for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Opens a source: `-` is stdin, anything else a file.
pub fn open_source(name: &str) -> io::Result<Box<dyn Read + Send>> {
    if name == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(File::open(name)?))
    }
}

/// Initial read-buffer size (grows for longer lines).
const READ_SIZE: usize = 256 * 1024;

/// Reads every source in order and sends batches until done or the receiver hangs up.
pub fn read_all(
    sources: &[String],
    format: InputFormat,
    clock: SharedClock,
    tx: &SyncSender<Message>,
) {
    for name in sources {
        let shown: Arc<str> = if name == "-" {
            Arc::from(STDIN_NAME)
        } else {
            Arc::from(name.as_str())
        };
        let reader = match open_source(name) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send(Message::Failed(Error::runtime(format!("{shown}: {e}"))));
                return;
            }
        };
        let mut source = SourceReader::new(reader, shown, format.decoder(), clock.clone());
        match source.run(tx) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                let _ = tx.send(Message::Failed(e));
                return;
            }
        }
    }
    let _ = tx.send(Message::End);
}

/// Frames and decodes one source.
struct SourceReader {
    reader: Box<dyn Read + Send>,
    name: Arc<str>,
    decoder: Box<dyn Decoder>,
    clock: SharedClock,
    line: u64,
    /// Lines of a record that continues (CSV quoted newline), and its first line number.
    pending: Vec<u8>,
    pending_line: u64,
}

impl SourceReader {
    fn new(
        reader: Box<dyn Read + Send>,
        name: Arc<str>,
        decoder: Box<dyn Decoder>,
        clock: SharedClock,
    ) -> SourceReader {
        SourceReader {
            reader,
            name,
            decoder,
            clock,
            line: 0,
            pending: Vec::new(),
            pending_line: 0,
        }
    }

    /// Reads to the end. Returns `Ok(false)` when the receiver hung up (stop everything).
    fn run(&mut self, tx: &SyncSender<Message>) -> Result<bool, Error> {
        let mut buf = vec![0u8; READ_SIZE];
        let mut filled = 0;
        let mut first_read = true;
        // Bytes of a read held back while waiting for a whole BOM, counted with the next batch.
        let mut carried = 0u64;
        loop {
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            let n = match self.reader.read(&mut buf[filled..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::runtime(format!("{}: {e}", self.name))),
            };
            let mut batch = Batch {
                bytes: n as u64 + std::mem::take(&mut carried),
                ..Batch::default()
            };
            let mut start = 0;
            if first_read && n > 0 {
                // A BOM can only be recognised once three bytes are there.
                if filled + n < 3 && n > 0 && buf[..filled + n] == b"\xEF\xBB\xBF"[..filled + n] {
                    carried = batch.bytes;
                    filled += n;
                    continue;
                }
                first_read = false;
                if buf[..filled + n].starts_with(b"\xEF\xBB\xBF") {
                    start = 3;
                }
            }
            filled += n;
            let at_end = n == 0;
            let arrival = self.clock.now();
            let mut consumed = start;
            for end in memchr::memchr_iter(b'\n', &buf[start..filled]) {
                let end = start + end;
                self.take_line(&buf[consumed..end], arrival, &mut batch);
                consumed = end + 1;
            }
            if at_end && consumed < filled {
                self.take_line(&buf[consumed..filled], arrival, &mut batch);
                consumed = filled;
            }
            if at_end && !self.pending.is_empty() {
                // The source ended inside a record that wanted more lines.
                let record = std::mem::take(&mut self.pending);
                self.decode(&record, self.pending_line, arrival, &mut batch);
            }
            buf.copy_within(consumed..filled, 0);
            filled -= consumed;
            if (!batch.items.is_empty() || batch.lines > 0 || batch.bytes > 0)
                && tx.send(Message::Batch(batch)).is_err()
            {
                return Ok(false);
            }
            if at_end {
                return Ok(true);
            }
        }
    }

    /// Handles one line without its `\n`.
    fn take_line(&mut self, line: &[u8], arrival: i64, batch: &mut Batch) {
        self.line += 1;
        batch.lines += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if self.pending.is_empty() {
            if line.is_empty() {
                batch.blank += 1;
                return;
            }
            if self.decoder.continues(line) {
                self.pending.extend_from_slice(line);
                self.pending_line = self.line;
                return;
            }
            self.decode(line, self.line, arrival, batch);
        } else {
            self.pending.push(b'\n');
            self.pending.extend_from_slice(line);
            if !self.decoder.continues(&self.pending) {
                let record = std::mem::take(&mut self.pending);
                self.decode(&record, self.pending_line, arrival, batch);
            }
        }
    }

    fn decode(&mut self, record: &[u8], line: u64, arrival: i64, batch: &mut Batch) {
        let location = Location {
            source: self.name.clone(),
            line,
        };
        match self.decoder.decode(record) {
            Ok(Some(d)) => batch.items.push(Item::Event(Event::from_input(
                d.value, record, d.pristine, location, arrival,
            ))),
            Ok(None) => {}
            Err(message) => batch.items.push(Item::Malformed(
                DataError {
                    location,
                    reason: DropReason::Malformed,
                    message,
                },
                record.to_vec(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use std::sync::mpsc;

    /// Reads `input` as one source and returns (values as JSON or errors, lines, blank).
    fn read(input: &[u8], format: InputFormat) -> (Vec<String>, u64, u64) {
        let (tx, rx) = mpsc::sync_channel(1024);
        let mut src = SourceReader::new(
            Box::new(io::Cursor::new(input.to_vec())),
            Arc::from("t"),
            format.decoder(),
            Arc::new(SystemClock),
        );
        assert!(src.run(&tx).unwrap());
        drop(tx);
        let (mut out, mut lines, mut blank) = (Vec::new(), 0, 0);
        for msg in rx {
            if let Message::Batch(b) = msg {
                lines += b.lines;
                blank += b.blank;
                for item in b.items {
                    out.push(match item {
                        Item::Event(e) => format!("{}@{}", e.value().to_json(), e.location().line),
                        Item::Malformed(err, _) => format!("ERR {err}"),
                    });
                }
            }
        }
        (out, lines, blank)
    }

    #[test]
    fn crlf_bom_blank_and_missing_final_newline() {
        let (out, lines, blank) = read(
            b"\xEF\xBB\xBF{\"a\":1}\r\n\n{\"a\":2}\r\n{\"a\":3}",
            InputFormat::Ndjson,
        );
        assert_eq!(out, ["{\"a\":1}@1", "{\"a\":2}@3", "{\"a\":3}@4"]);
        assert_eq!((lines, blank), (4, 1));
    }

    #[test]
    fn malformed_lines_are_reported_with_location() {
        let (out, _, _) = read(b"{\"a\":1}\n{\"a\" 2}\n", InputFormat::Ndjson);
        assert_eq!(out[0], "{\"a\":1}@1");
        assert!(out[1].starts_with("ERR t:2: invalid JSON"), "{}", out[1]);
    }

    #[test]
    fn very_long_lines() {
        let long = format!("{{\"s\":\"{}\"}}\n", "x".repeat(3 * READ_SIZE));
        let (out, _, _) = read(long.as_bytes(), InputFormat::Ndjson);
        assert_eq!(out.len(), 1);
        assert!(out[0].len() > 3 * READ_SIZE);
    }
}
