//! Output: the [`Sink`] trait, the buffering policy ([`OutputStream`]), and one writer per
//! format.
//!
//! Bulk runs fill a 256 KiB buffer before writing; line-buffered runs (a terminal, or
//! `--line-buffered`) write after every event. Whatever the mode, the pipeline flushes whenever
//! the input has nothing more to give right now, so live readers see results promptly.

pub mod collect;
pub mod ndjson;

use std::io::{self, Write};

use crate::event::Event;

/// Where events end up.
pub trait Sink {
    /// Writes one event.
    fn write(&mut self, event: &Event) -> io::Result<()>;

    /// Pushes buffered bytes to the destination.
    fn flush(&mut self) -> io::Result<()>;

    /// End of the run: write anything held back (e.g. a table block), then flush.
    fn finish(&mut self) -> io::Result<()> {
        self.flush()
    }
}

/// The output format, `--to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// One compact JSON object per line
    #[default]
    Ndjson,
}

/// Size of the output buffer in block-buffered mode.
const BLOCK_SIZE: usize = 256 * 1024;

/// A byte buffer in front of the destination, applying the buffering policy.
pub struct OutputStream {
    buf: Vec<u8>,
    dest: Box<dyn Write>,
    line_buffered: bool,
}

impl OutputStream {
    /// A stream writing to `dest`, flushing after every record when `line_buffered`.
    pub fn new(dest: Box<dyn Write>, line_buffered: bool) -> OutputStream {
        OutputStream {
            buf: Vec::with_capacity(if line_buffered { 4096 } else { BLOCK_SIZE }),
            dest,
            line_buffered,
        }
    }

    /// The buffer a writer appends one record's bytes to, before [`OutputStream::end_record`].
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Marks the end of one record: writes out when line-buffered or when the buffer is full.
    pub fn end_record(&mut self) -> io::Result<()> {
        if self.line_buffered || self.buf.len() >= BLOCK_SIZE {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything buffered and flushes the destination.
    pub fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.dest.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.dest.flush()
    }
}

/// Makes the sink for `format` over `stream`.
pub fn make_sink(format: OutputFormat, stream: OutputStream) -> Box<dyn Sink> {
    match format {
        OutputFormat::Ndjson => Box::new(ndjson::NdjsonWriter::new(stream)),
    }
}
