//! The Redis sink (`--to-redis URL`): every output event is one stream entry (`XADD STREAM
//! [MAXLEN ~ N] * FIELD MESSAGE`), the message being what the `--to` format's writer writes for
//! it, as [`super::messages`] cuts it: NDJSON, logfmt, raw: the line eddy would print on stdout
//! (without its `\n`), so the entries' values read back in order are the output byte for
//! byte; CSV and TSV: the header line and the row, so that every entry stands alone.
//!
//! Entries are sent in pipelines of up to [`BATCH_LINES`] entries (or [`BATCH_BYTES`]) as the
//! output grows, and whatever is held when the pipeline flushes (whenever the input pauses, at
//! least every second for a transport source's acknowledgements, at the end): [`Sink::flush`]
//! returns once the server has answered every `XADD`, so a flushed record is stored. A failed
//! `XADD` (the server gone, a wrong key type, out of memory) is an output error, said once with
//! the first error and the count: the run stops with status 3 and nothing after it is
//! acknowledged to a transport source. The URL's query: `maxlen=N` trims the stream to about N
//! entries (`MAXLEN ~`: whole macro nodes, cheap), `field=NAME` names the entry's field (default
//! `data`, what `--from-redis` reads).

use std::io;

use redis::Value as Reply;

use super::http::MakeWriter;
use super::messages::EventMessages;
use super::{OutputFormat, Sink};
use crate::error::{Result, SinkError, UsageError};
use crate::event::Event;
use crate::url::{RedisTarget, TransportUrl};

/// The most entries sent in one pipeline.
pub const BATCH_LINES: usize = 1000;

/// The bytes of output held before they are sent.
pub const BATCH_BYTES: usize = 1 << 20;

/// The sink of `--to-redis`.
pub struct RedisSink {
    /// The `--to` writer's output, a message per event.
    messages: EventMessages,
    con: redis::Connection,
    target: RedisTarget,
    field: String,
    maxlen: Option<u64>,
}

impl RedisSink {
    /// Parses `url`, connects, and makes the `format`'s writer with `make`.
    pub fn new(url: &str, format: OutputFormat, make: MakeWriter) -> Result<RedisSink> {
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
        let messages = EventMessages::new(format, make)?;
        let con = target.connect()?;
        Ok(RedisSink {
            messages,
            con,
            target,
            field,
            maxlen,
        })
    }

    /// Sends the messages held and waits for every answer.
    fn send(&mut self) -> io::Result<()> {
        let messages = self.messages.take();
        for chunk in messages.chunks(BATCH_LINES) {
            let mut pipe = redis::pipe();
            for message in chunk {
                let cmd = pipe.cmd("XADD").arg(&self.target.stream);
                if let Some(n) = self.maxlen {
                    cmd.arg("MAXLEN").arg("~").arg(n);
                }
                cmd.arg("*").arg(&self.field).arg(message);
            }
            let failed = |e: String| {
                let message = format!("--to-redis {}: XADD: {e}", self.target.shown);
                io::Error::other(SinkError(message))
            };
            let answers: Vec<redis::RedisResult<Reply>> = (pipe.ignore_errors())
                .query(&mut self.con)
                .map_err(|e| failed(e.to_string()))?;
            let mut errors = answers.iter().filter_map(|a| a.as_ref().err());
            if let Some(first) = errors.next() {
                let count = 1 + errors.count();
                return Err(failed(format!(
                    "{count} of {} entries not added; the first: {first}",
                    chunk.len()
                )));
            }
        }
        Ok(())
    }

    /// Sends once a pipeline's worth is held.
    fn send_when_full(&mut self) -> io::Result<()> {
        let (count, bytes) = self.messages.held();
        if count >= BATCH_LINES || bytes >= BATCH_BYTES {
            self.send()
        } else {
            Ok(())
        }
    }
}

impl Sink for RedisSink {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        self.messages.write(event)?;
        self.send_when_full()
    }

    fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
        self.messages.write_lines(lines)?;
        self.send_when_full()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.messages.flush()?;
        self.send()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.messages.finish()?;
        self.send()
    }
}
