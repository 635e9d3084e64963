//! `--from-redis URL`: a Redis stream read by a consumer of a consumer group
//! (`XREADGROUP`), a [`Consumer`] of the transport core ([`crate::input::transport`]).
//!
//! - **Group.** The group is created at the start if the stream has none of that name
//!   (`XGROUP CREATE … MKSTREAM`, at `start=`: `0`, the stream's beginning, by default; `$`:
//!   only entries added from now on). Consumers of one group share the stream's entries.
//! - **Reading.** First the consumer's own pending entries (delivered to a consumer of the same
//!   name before and never acknowledged: a restart), then new ones (`>`), at most `count=` at a
//!   time, waiting [`crate::input::transport::POLL`] for them.
//! - **Acknowledgement.** `XACK` of an entry once the pipeline has flushed its output.
//! - **Claiming.** Entries another consumer was given and has not acknowledged for `claim=`
//!   (default 30 s: a consumer that died) are claimed (`XAUTOCLAIM`), scanned again a quarter of
//!   that time after a scan of the whole pending list; `claim=off` claims none.
//! - **Record.** The entry's field `field=` (default `data`) is the record, in the input format;
//!   an entry without it is a malformed record. `source()` is `redis://HOST:PORT/STREAM`,
//!   `source_line()` the entry's sequence in the run; `--meta-field` gives `stream`, `id` and
//!   `timestamp` (the id's milliseconds).
//! - **Close.** A consumer left with no pending entry is deleted from the group (`XGROUP
//!   DELCONSUMER`), so consumer names made of process ids do not pile up.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::Value as Reply;

use crate::error::Error;
use crate::input::transport::{At, Consumer, Received};
use crate::url::{RedisTarget, TransportUrl};
use crate::value::{Map, Value};

/// The query keys of `--from-redis`.
const KEYS: [&str; 6] = ["group", "consumer", "claim", "start", "field", "count"];

/// What `--from-redis URL` asks for.
#[derive(Debug, Clone)]
pub struct RedisSourceOptions {
    target: RedisTarget,
    group: String,
    consumer: String,
    /// `claim=`: how long an entry is pending before it is claimed; `None`: never.
    claim: Option<Duration>,
    start: String,
    field: String,
    count: u32,
}

impl RedisSourceOptions {
    /// Parses the URL (a usage error when it is bad). `checkpoints` (`--state`): claiming is
    /// off, and `claim=` refused: an entry claimed from another consumer belongs to that
    /// consumer's state, and one claimed after a checkpoint could stand below the position the
    /// checkpoint saved, to be skipped after a restart.
    pub fn parse(text: &str, checkpoints: bool) -> Result<RedisSourceOptions, String> {
        let (target, mut url) = TransportUrl::redis(text)?;
        let claim = match url.take("claim").as_deref() {
            None | Some("off") if checkpoints => None,
            Some(_) if checkpoints => {
                return Err(
                    "with --state, entries are not claimed (claim=off): a consumer's \
                            pending entries are its own state's; restart it with the same \
                            consumer= name"
                        .into(),
                );
            }
            None => Some(Duration::from_secs(30)),
            Some("off") => None,
            Some(text) => {
                let ns = crate::time::parse_duration(text)?;
                let ns = u64::try_from(ns).ok().filter(|&ns| ns >= 1_000_000);
                Some(Duration::from_nanos(
                    ns.ok_or("claim= must be at least 1ms, or off")?,
                ))
            }
        };
        let count = match url.take("count") {
            None => 1000,
            Some(n) => n
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .ok_or("count= must be a number above 0")?,
        };
        let named = |key: &str, value: Option<String>| match value.as_deref() {
            Some("") => Err(format!("{key}= needs a name")),
            _ => Ok(value),
        };
        let group = named("group", url.take("group"))?;
        let consumer = named("consumer", url.take("consumer"))?;
        let options = RedisSourceOptions {
            group: group.unwrap_or_else(|| "eddy".into()),
            consumer: consumer.unwrap_or_else(|| format!("eddy-{}", std::process::id())),
            claim,
            start: url.take("start").unwrap_or_else(|| "0".into()),
            field: url.take("field").unwrap_or_else(|| "data".into()),
            count,
            target,
        };
        url.finish(&KEYS)?;
        Ok(options)
    }
}

/// A consumer of a Redis stream's consumer group.
pub struct RedisSource {
    options: RedisSourceOptions,
    con: redis::Connection,
    /// `source()` of the events.
    source: Arc<str>,
    /// Entries read in the run.
    seq: u64,
    /// Reading the consumer's own pending entries after this id; `None`: done, new ones now.
    history: Option<String>,
    /// Where the next `XAUTOCLAIM` goes on, and when it is due.
    claim_cursor: String,
    claim_due: Instant,
    /// The ids handed on and not acknowledged yet: a claim passes over them (they are this
    /// consumer's own, idle only because the pipeline has not flushed them yet).
    in_flight: HashSet<String>,
}

/// Connects to the server and joins (creates) the group.
pub fn open(options: RedisSourceOptions) -> Result<RedisSource, Error> {
    let con = options.target.connect()?;
    let mut source = RedisSource {
        source: Arc::from(options.target.shown.as_str()),
        options,
        con,
        seq: 0,
        history: Some("0".into()),
        claim_cursor: "0-0".into(),
        claim_due: Instant::now(),
        in_flight: HashSet::new(),
    };
    let o = &source.options;
    let created = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(&o.target.stream)
        .arg(&o.group)
        .arg(&o.start)
        .arg("MKSTREAM")
        .query::<Reply>(&mut source.con);
    match created {
        Err(e) if e.code() != Some("BUSYGROUP") => Err(source.failed("XGROUP CREATE", &e)),
        _ => Ok(source),
    }
}

impl RedisSource {
    fn failed(&self, command: &str, e: &redis::RedisError) -> Error {
        Error::runtime(format!("{}: {command}: {e}", self.options.target.shown))
    }

    /// `XREADGROUP` of up to `count` entries after `id` (`>`: new entries), waiting up to
    /// `block` for them.
    fn read(&mut self, id: &str, count: u32, block: Option<Duration>) -> Result<Vec<Reply>, Error> {
        let o = &self.options;
        let mut cmd = redis::cmd("XREADGROUP");
        cmd.arg("GROUP").arg(&o.group).arg(&o.consumer);
        cmd.arg("COUNT").arg(count);
        if let Some(block) = block {
            cmd.arg("BLOCK").arg(block.as_millis().max(1) as u64);
        }
        cmd.arg("STREAMS").arg(&o.target.stream).arg(id);
        let reply: Reply = cmd
            .query(&mut self.con)
            .map_err(|e| self.failed("XREADGROUP", &e))?;
        // [[stream, [entry, …]]], or nil when none came.
        Ok(match reply {
            Reply::Array(mut streams) if !streams.is_empty() => match streams.swap_remove(0) {
                Reply::Array(mut pair) if pair.len() == 2 => into_array(pair.swap_remove(1)),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        })
    }

    /// `XAUTOCLAIM` of up to `count` entries pending longer than `min_idle`, from where the
    /// last one ended; not the ones this consumer has in flight.
    fn claim(&mut self, min_idle: Duration, count: u32) -> Result<Vec<Reply>, Error> {
        let o = &self.options;
        let reply: Reply = redis::cmd("XAUTOCLAIM")
            .arg(&o.target.stream)
            .arg(&o.group)
            .arg(&o.consumer)
            .arg(min_idle.as_millis() as u64)
            .arg(&self.claim_cursor)
            .arg("COUNT")
            .arg(count)
            .query(&mut self.con)
            .map_err(|e| self.failed("XAUTOCLAIM", &e))?;
        // [next cursor, [entry, …], [deleted id, …]]
        let mut parts = into_array(reply).into_iter();
        let cursor = parts.next().and_then(|c| text(&c));
        let mut entries = parts.next().map(into_array).unwrap_or_default();
        entries.retain(|entry| {
            let id = into_array_ref(entry).first().and_then(text);
            id.is_none_or(|id| !self.in_flight.contains(&id))
        });
        match cursor {
            Some(cursor) if cursor != "0-0" => self.claim_cursor = cursor,
            _ => {
                self.claim_cursor = "0-0".into();
                self.claim_due = Instant::now() + (min_idle / 4).max(Duration::from_millis(100));
            }
        }
        Ok(entries)
    }

    /// The messages of `entries` (`[id, [field, value, …]]`), numbered on from `seq`.
    fn received(&mut self, entries: Vec<Reply>) -> Vec<Received<String>> {
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            let mut parts = into_array(entry).into_iter();
            let Some(id) = parts.next().and_then(|id| text(&id)) else {
                continue;
            };
            // A pending entry deleted since (`XDEL`) comes back without fields (nil): reported,
            // and acknowledged with the others.
            let fields = parts.next().filter(|f| !matches!(f, Reply::Nil));
            let field = self.options.field.as_bytes();
            let value = match fields.map(into_array) {
                None => Err(format!(
                    "entry {id} was deleted from the stream while pending: acknowledged"
                )),
                Some(fields) => (fields.chunks_exact(2))
                    .find(|pair| bytes(&pair[0]) == Some(field))
                    .and_then(|pair| bytes(&pair[1]))
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| {
                        format!(
                            "entry {id} has no field `{}` (the record: field=NAME)",
                            self.options.field
                        )
                    }),
            };
            self.in_flight.insert(id.clone());
            self.seq += 1;
            let mut meta = Map::default();
            meta.insert(
                "stream".into(),
                Value::from(self.options.target.stream.as_str()),
            );
            let (millis, sequence) = id.split_once('-').unwrap_or((&id, ""));
            let at = At(millis.parse().unwrap_or(0), sequence.parse().unwrap_or(0));
            let millis = millis.parse::<i64>().ok();
            meta.insert("id".into(), Value::from(id.as_str()));
            meta.insert("timestamp".into(), millis.map_or(Value::Null, Value::Int));
            out.push(Received {
                value,
                source: Arc::clone(&self.source),
                line: self.seq,
                meta: Value::Object(meta),
                at,
                token: id,
            });
        }
        out
    }
}

impl Consumer for RedisSource {
    type Token = String;

    fn poll(&mut self, wait: Duration, room: usize) -> Result<Vec<Received<String>>, Error> {
        let count = self
            .options
            .count
            .min(u32::try_from(room).unwrap_or(u32::MAX));
        if count == 0 {
            return Ok(Vec::new());
        }
        if let Some(after) = self.history.take() {
            let entries = self.read(&after, count, None)?;
            if let Some(last) = entries.last().and_then(|e| into_array_ref(e).first()) {
                self.history = text(last);
                return Ok(self.received(entries));
            }
        }
        if let Some(min_idle) = self.options.claim
            && Instant::now() >= self.claim_due
        {
            let claimed = self.claim(min_idle, count)?;
            if !claimed.is_empty() {
                return Ok(self.received(claimed));
            }
        }
        let entries = self.read(">", count, Some(wait))?;
        Ok(self.received(entries))
    }

    fn ack(&mut self, ids: Vec<String>) -> Result<(), Error> {
        for id in &ids {
            self.in_flight.remove(id);
        }
        let o = &self.options;
        for chunk in ids.chunks(10_000) {
            redis::cmd("XACK")
                .arg(&o.target.stream)
                .arg(&o.group)
                .arg(chunk)
                .query::<Reply>(&mut self.con)
                .map_err(|e| self.failed("XACK", &e))?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), Error> {
        let o = &self.options;
        let pending: Reply = redis::cmd("XPENDING")
            .arg(&o.target.stream)
            .arg(&o.group)
            .arg("-")
            .arg("+")
            .arg(1)
            .arg(&o.consumer)
            .query(&mut self.con)
            .map_err(|e| self.failed("XPENDING", &e))?;
        if into_array(pending).is_empty() {
            redis::cmd("XGROUP")
                .arg("DELCONSUMER")
                .arg(&o.target.stream)
                .arg(&o.group)
                .arg(&o.consumer)
                .query::<Reply>(&mut self.con)
                .map_err(|e| self.failed("XGROUP DELCONSUMER", &e))?;
        }
        Ok(())
    }
}

/// The elements of an array reply (none for another reply).
fn into_array(reply: Reply) -> Vec<Reply> {
    match reply {
        Reply::Array(items) => items,
        _ => Vec::new(),
    }
}

/// [`into_array`] by reference.
fn into_array_ref(reply: &Reply) -> &[Reply] {
    match reply {
        Reply::Array(items) => items,
        _ => &[],
    }
}

/// The bytes of a string reply.
fn bytes(reply: &Reply) -> Option<&[u8]> {
    match reply {
        Reply::BulkString(b) => Some(b),
        Reply::SimpleString(s) => Some(s.as_bytes()),
        _ => None,
    }
}

/// A string reply as text (ids, cursors).
fn text(reply: &Reply) -> Option<String> {
    bytes(reply).map(|b| String::from_utf8_lossy(b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_with_defaults() {
        let o =
            RedisSourceOptions::parse("redis://127.0.0.1:7000/ev?group=g&claim=5s", false).unwrap();
        assert_eq!(o.target.stream, "ev");
        assert_eq!(o.target.server, "redis://127.0.0.1:7000/");
        assert_eq!((o.group.as_str(), o.field.as_str()), ("g", "data"));
        assert_eq!(o.claim, Some(Duration::from_secs(5)));
        assert!(o.consumer.starts_with("eddy-"));
        let o = RedisSourceOptions::parse("redis+unix:///tmp/r.sock?stream=s&claim=off", false)
            .unwrap();
        assert_eq!(
            (o.target.server.as_str(), o.claim),
            ("redis+unix:///tmp/r.sock", None)
        );
        for bad in [
            "redis://h:1/",
            "redis://h:1/s?claim=0s",
            "redis://h:1/s?count=0",
            "redis://h:1/s?grup=g",
            "kafka://h:1/s",
        ] {
            assert!(RedisSourceOptions::parse(bad, false).is_err(), "{bad}");
        }
        let o = RedisSourceOptions::parse("redis://h:1/s", true).unwrap();
        assert_eq!(o.claim, None, "no claiming under --state");
        assert!(RedisSourceOptions::parse("redis://h:1/s?claim=off", true).is_ok());
        assert!(RedisSourceOptions::parse("redis://h:1/s?claim=5s", true).is_err());
    }
}
