//! The Redis sink (`--to-redis URL`): every line the `--to` format's writer writes (what eddy
//! would print on stdout) is added to a stream as one entry (`XADD STREAM [MAXLEN ~ N] * FIELD
//! LINE`, the line without its `\n`), so the entries' values read back in order are the output
//! byte for byte.
//!
//! Entries are sent in pipelines of up to [`BATCH_LINES`] lines (or [`BATCH_BYTES`]) as the
//! output grows, and whatever is held when the pipeline flushes (whenever the input pauses, at
//! least every second for a transport source's acknowledgements, at the end): [`Sink::flush`]
//! returns once the server has answered every `XADD`, so a flushed record is stored. A failed
//! `XADD` (the server gone, a wrong key type, out of memory) is an output error: the run stops
//! with status 3 and nothing after it is acknowledged to a transport source. The URL's query:
//! `maxlen=N` trims the stream to about N entries (`MAXLEN ~`: whole macro nodes, cheap),
//! `field=NAME` names the entry's field (default `data`, what `--from-redis` reads).

use std::io;

use redis::Value as Reply;

use super::http::Body;
use super::{OutputStream, Sink};
use crate::error::{Result, SinkError, UsageError};
use crate::event::Event;
use crate::url::{RedisTarget, TransportUrl};

/// The most entries sent in one pipeline.
pub const BATCH_LINES: usize = 1000;

/// The bytes of output held before they are sent.
pub const BATCH_BYTES: usize = 1 << 20;

/// Makes the `--to` format's writer over a stream.
pub type MakeWriter = Box<dyn FnOnce(OutputStream) -> Result<Box<dyn Sink>>>;

/// The sink of `--to-redis`.
pub struct RedisSink {
    /// The `--to` writer, writing into `lines`.
    writer: Box<dyn Sink>,
    lines: Body,
    con: redis::Connection,
    target: RedisTarget,
    field: String,
    maxlen: Option<u64>,
    /// Records written since the last send.
    records: usize,
}

impl RedisSink {
    /// Parses `url`, connects, and makes the format's writer with `make`.
    pub fn new(url: &str, make: MakeWriter) -> Result<RedisSink> {
        let usage = |e: String| UsageError::new(format!("--to-redis: {e}"));
        let (target, mut query) = TransportUrl::redis(url).map_err(usage)?;
        let maxlen = match query.take("maxlen") {
            None => None,
            Some(n) => Some(
                n.parse()
                    .ok()
                    .filter(|&n: &u64| n > 0)
                    .ok_or_else(|| usage("maxlen= must be a number above 0".into()))?,
            ),
        };
        let field = query.take("field").unwrap_or_else(|| "data".into());
        query.finish(&["maxlen", "field"]).map_err(usage)?;
        let lines = Body::default();
        let writer = make(OutputStream::new(Box::new(lines.clone()), true))?;
        let con = target.connect()?;
        Ok(RedisSink {
            writer,
            lines,
            con,
            target,
            field,
            maxlen,
            records: 0,
        })
    }

    /// Sends the whole lines held (at the `end`, the rest too) and waits for every answer.
    fn send(&mut self, end: bool) -> io::Result<()> {
        self.records = 0;
        let held = std::mem::take(&mut *self.lines.0.borrow_mut());
        let cut = match memchr::memrchr(b'\n', &held) {
            _ if end => held.len(),
            Some(last) => last + 1,
            None => 0,
        };
        let (whole, rest) = held.split_at(cut);
        let lines: Vec<&[u8]> = (whole.split_inclusive(|&b| b == b'\n'))
            .map(|line| line.strip_suffix(b"\n").unwrap_or(line))
            .collect();
        for chunk in lines.chunks(BATCH_LINES) {
            let mut pipe = redis::pipe();
            for line in chunk {
                let cmd = pipe.cmd("XADD").arg(&self.target.stream);
                if let Some(n) = self.maxlen {
                    cmd.arg("MAXLEN").arg("~").arg(n);
                }
                cmd.arg("*").arg(&self.field).arg(*line);
            }
            pipe.query::<Vec<Reply>>(&mut self.con).map_err(|e| {
                let message = format!("--to-redis {}: XADD: {e}", self.target.shown);
                io::Error::other(SinkError(message))
            })?;
        }
        self.lines.0.borrow_mut().extend_from_slice(rest);
        Ok(())
    }

    /// Sends once a pipeline's worth is held.
    fn send_when_full(&mut self) -> io::Result<()> {
        if self.records >= BATCH_LINES || self.lines.0.borrow().len() >= BATCH_BYTES {
            self.send(false)
        } else {
            Ok(())
        }
    }
}

impl Sink for RedisSink {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        self.writer.write(event)?;
        self.records += 1;
        self.send_when_full()
    }

    fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
        self.writer.write_lines(lines)?;
        self.records += memchr::memchr_iter(b'\n', lines).count();
        self.send_when_full()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        self.send(false)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer.finish()?;
        self.send(true)
    }
}
