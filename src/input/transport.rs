//! Event transports as sources (`--from-redis`, `--from-kafka`): what both share. A transport's
//! client is a [`Consumer`]: it polls for messages, each with the token that acknowledges it,
//! and acknowledges tokens it is given back. [`Opened::run`] runs it on the reader thread: each poll's
//! messages become one batch (every message framed as a whole message, [`Messages`]: its value
//! in the input format, sniffed from the first one without `--from`; a CSV/TSV message decoded
//! on its own, its first line the header), carrying an [`Ack`] that
//! hands the tokens back once the pipeline has flushed the batch's output. So a message is
//! acknowledged only after its output is written (at least once; README, "Reading from and
//! writing to Kafka and Redis").
//!
//! - **Positions.** Every message says where it stands in its source ([`Received::at`]: a Redis
//!   entry's id, a Kafka record's offset). Under `--state` the pipeline saves, at each
//!   checkpoint, the last position processed of each source with the stages' state before it
//!   releases the acknowledgements; a restart skips (acknowledges without processing) every
//!   message at or below the saved position of its source ([`Feed::skip`]), so windows count
//!   each message once across a kill -9.
//! - **Metadata.** `--meta-field NAME` sets field NAME of every event to the message's metadata
//!   object ([`Received::meta`]); `source()` is the message's source (`redis://HOST:PORT/STREAM`,
//!   `kafka://HOST:PORT/TOPIC/PARTITION`), `source_line()` its line ([`Received::line`]).
//! - **In flight.** At most [`IN_FLIGHT`] messages are handed on and not yet acknowledged (a
//!   poll takes at most the room left); at the bound, no poll until acknowledgements come back.
//! - **Stop.** SIGINT/SIGTERM ([`Control::stop`]): no message is polled any more, the signal
//!   follows the last batch, and the consumer acknowledges what the pipeline releases as it
//!   finishes, then closes ([`Consumer::close`]: leaves its group). `--exit-idle DUR` ends the
//!   run the same way (end of input) once no message came for DUR; time spent waiting for the
//!   pipeline (a full queue, [`IN_FLIGHT`] reached) is not idle. The pipeline waits for the
//!   last acknowledgements before it exits ([`Control::close`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Location};
use crate::input::ack::Ack;
pub use crate::input::ack::At;
use crate::input::budget::{self, Budget};
use crate::input::filename::FileField;
use crate::input::messages::Messages;
use crate::input::{Batch, DecoderOptions, InputFormat, Item, Message};
use crate::value::Value;

/// The longest a poll waits for a message: how soon a quiet transport sees a stop.
pub const POLL: Duration = Duration::from_millis(100);

/// The most messages handed on to the pipeline and not acknowledged yet: what a consumer
/// killed at once leaves for redelivery, and what waits for its acknowledgement while the
/// pipeline works through its queue (a Redis entry that waits longer than `claim=` is claimed
/// by another consumer).
pub const IN_FLIGHT: usize = 4096;

/// How long the pipeline waits at its end for the consumer's last acknowledgements.
const CLOSE_WAIT: Duration = Duration::from_secs(30);

/// The last position of each source (its [`Received::source`]) that a batch holds or a
/// checkpoint saved.
pub type Positions = HashMap<Arc<str>, At>;

/// One message consumed from a transport, with the token that acknowledges it.
pub struct Received<T> {
    /// The record's bytes, or why the message holds none (a malformed record).
    pub value: Result<Vec<u8>, String>,
    /// `source()` of its events.
    pub source: Arc<str>,
    /// `source_line()` of its first line: Kafka the offset + 1 (lines count from 1), Redis the
    /// entry's sequence in the run.
    pub line: u64,
    /// What `--meta-field` sets.
    pub meta: Value,
    /// Where it stands in its source: later messages of a source stand higher.
    pub at: At,
    /// Acknowledges the message ([`Consumer::ack`]).
    pub token: T,
}

/// A transport's client, as a source.
pub trait Consumer: Send + 'static {
    /// What acknowledges one message.
    type Token: Send + 'static;

    /// The messages that came, at most `room` of them, waiting up to `wait` for the first;
    /// none when none came.
    fn poll(&mut self, wait: Duration, room: usize) -> Result<Vec<Received<Self::Token>>, Error>;

    /// Acknowledges the messages of `tokens`: their output is flushed.
    fn ack(&mut self, tokens: Vec<Self::Token>) -> Result<(), Error>;

    /// Ends the consumer's part once everything released is acknowledged (leaves its group).
    fn close(&mut self) -> Result<(), Error> {
        Ok(())
    }
}

/// The pipeline's hold on a transport source: its stop, and the end of its acknowledgements.
#[derive(Default)]
pub struct Control {
    /// 0: running; a signal number: stopped by it; -1: the pipeline is done.
    stop: AtomicI32,
    /// Set by the source once its last acknowledgement is done: its error, if any.
    done: Mutex<Option<Option<String>>>,
    ended: Condvar,
}

impl Control {
    /// SIGINT/SIGTERM: the source polls no more, sends the signal after its last batch.
    pub fn stop(&self, signal: i32) {
        let _ = self
            .stop
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// The pipeline is done (every batch's acknowledgement is released or dropped): waits for
    /// the source to acknowledge and close; an acknowledgement that failed is an error.
    pub fn close(&self) -> Result<(), Error> {
        self.stop(-1);
        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let (done, _) = self
            .ended
            .wait_timeout_while(done, CLOSE_WAIT, |done| done.is_none())
            .unwrap_or_else(|e| e.into_inner());
        match &*done {
            Some(None) => Ok(()),
            Some(Some(message)) => Err(Error::runtime(message)),
            None => Err(Error::runtime(
                "the transport did not acknowledge the last messages in time",
            )),
        }
    }

    fn finished(&self, error: Option<String>) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
        self.ended.notify_all();
    }
}

/// How the reader thread feeds the pipeline from a transport.
pub struct Feed {
    /// `--from`.
    pub format: Option<InputFormat>,
    /// The decoders' options, with the reader's work.
    pub options: DecoderOptions,
    /// The run's clock.
    pub clock: SharedClock,
    /// Where batches go.
    pub tx: SyncSender<Message>,
    /// The read-ahead.
    pub budget: Budget,
    /// `--meta-field`.
    pub meta: Option<FileField>,
    /// `--exit-idle`: end the run once no message came for this long.
    pub exit_idle: Option<Duration>,
    /// `--state`: the positions the last checkpoint saved; a message at or below its source's
    /// is acknowledged without being processed (it is in the stages' state already).
    pub skip: Positions,
}

/// What runs a connected consumer on the reader thread ([`serve`]).
type Run = Box<dyn FnOnce(Feed, &Control) + Send>;

/// A connected transport source, to be run on the reader thread ([`Opened::run`]).
pub struct Opened {
    run: Run,
    control: Arc<Control>,
}

impl Opened {
    /// The source that `consumer` (connected, its group joined) feeds.
    pub fn new<C: Consumer>(consumer: C) -> Opened {
        Opened {
            run: Box::new(move |feed, control| serve(consumer, feed, control)),
            control: Arc::default(),
        }
    }

    /// Its control, for the signal thread and the pipeline's end.
    pub fn control(&self) -> Arc<Control> {
        Arc::clone(&self.control)
    }

    /// Consumes until stopped, idle for `--exit-idle`, failed or the pipeline hangs up; then
    /// acknowledges what the pipeline releases and closes the consumer.
    pub fn run(self, feed: Feed) {
        (self.run)(feed, &self.control)
    }
}

/// [`Opened::run`] for one consumer.
fn serve<C: Consumer>(mut consumer: C, feed: Feed, control: &Control) {
    let Feed {
        format,
        options,
        clock,
        tx,
        budget,
        mut meta,
        exit_idle,
        skip,
    } = feed;
    let (ack_tx, ack_rx) = mpsc::channel::<Vec<C::Token>>();
    let chosen = OnceLock::new();
    // One framer per source (a Kafka partition): line numbers are the source's own.
    let mut framers: HashMap<Arc<str>, Messages> = HashMap::new();
    let mut last = Instant::now();
    // What the pipeline is told after the last batch (`None`: it is gone or done).
    // Messages handed on and not acknowledged yet.
    let mut in_flight = 0;
    let ending = 'consume: loop {
        // At most [`IN_FLIGHT`] messages are handed on unacknowledged: beyond, the consumer
        // waits for acknowledgements (the pipeline flushes once its queue is empty).
        let wait = if in_flight >= IN_FLIGHT {
            POLL
        } else {
            Duration::ZERO
        };
        let mut next = ack_rx.recv_timeout(wait).ok();
        while let Some(tokens) = next {
            in_flight -= tokens.len();
            if let Err(e) = consumer.ack(tokens) {
                break 'consume Some(Message::Failed(e));
            }
            next = ack_rx.try_recv().ok();
        }
        match control.stop.load(Ordering::SeqCst) {
            0 => {}
            -1 => break None,
            signal => break Some(Message::Signal(signal)),
        }
        if in_flight >= IN_FLIGHT {
            // Not idle: the pipeline is behind.
            last = Instant::now();
            continue;
        }
        if exit_idle.is_some_and(|idle| last.elapsed() >= idle) {
            break Some(Message::End);
        }
        let mut received = match consumer.poll(POLL, IN_FLIGHT - in_flight) {
            Ok(received) if received.is_empty() => continue,
            Ok(received) => received,
            Err(e) => break Some(Message::Failed(e)),
        };
        // Processed before the checkpoint that saved `skip`: acknowledged, not processed again.
        let done = |m: &Received<C::Token>| skip.get(&m.source).is_some_and(|saved| m.at <= *saved);
        if received.iter().any(done) {
            let (skipped, rest): (Vec<_>, Vec<_>) = received.into_iter().partition(done);
            if let Err(e) = consumer.ack(skipped.into_iter().map(|m| m.token).collect()) {
                break Some(Message::Failed(e));
            }
            received = rest;
            if received.is_empty() {
                last = Instant::now();
                continue;
            }
        }
        let mut batch = Batch {
            arrival: clock.now(),
            ..Batch::default()
        };
        let mut tokens = Vec::with_capacity(received.len());
        let mut positions: Vec<(Arc<str>, At)> = Vec::new();
        // The source whose framer's work may hold absorbed events (a run of its messages):
        // closed before another source's message, the batch's flag of absorbed events being
        // one for all framers (else the others' events stay held, and are lost at the end).
        let mut open: Option<Arc<str>> = None;
        for message in received {
            if let Some(source) = open.take_if(|s| *s != message.source)
                && let Some(framer) = framers.get_mut(&source)
            {
                framer.close(&mut batch);
            }
            open = Some(Arc::clone(&message.source));
            let framer = framers
                .entry(Arc::clone(&message.source))
                .or_insert_with(|| Messages::new(format, &options, clock.now(), &chosen).headed());
            framer.next_line(message.line);
            let first = batch.items.len();
            match &message.value {
                Ok(value) => framer.frame(value, &message.source, &mut batch, &chosen),
                Err(why) => {
                    batch.lines += 1;
                    let location = Location {
                        source: Arc::clone(&message.source),
                        line: message.line,
                    };
                    let error = DataError {
                        location,
                        reason: DropReason::Malformed,
                        message: why.clone(),
                    };
                    batch.items.push(Item::Malformed(error, Vec::new()));
                }
            }
            if let Some(meta) = &mut meta {
                for item in &mut batch.items[first..] {
                    if let Item::Event { event, .. } = item {
                        meta.set_to(event, message.meta.clone());
                    }
                }
            }
            match positions.iter_mut().find(|(s, _)| *s == message.source) {
                Some((_, at)) => *at = message.at.max(*at),
                None => positions.push((Arc::clone(&message.source), message.at)),
            }
            tokens.push(message.token);
        }
        if let Some(framer) = open.and_then(|source| framers.get_mut(&source)) {
            framer.close(&mut batch);
        }
        in_flight += tokens.len();
        let acks = ack_tx.clone();
        batch.ack = Some(Ack::new(tokens.len(), positions, move || {
            let _ = acks.send(tokens);
        }));
        let weight = budget::weight(batch.bytes, batch.items.len());
        let queued = budget::Queued {
            lines: batch.lines,
            bytes: batch.bytes,
        };
        batch.held = budget.take(weight, queued, Duration::ZERO);
        if tx.send(Message::Batch(batch)).is_err() {
            break None;
        }
        // Idle from when the batch was taken: a send that waited for a pipeline behind
        // (its output blocked) is not a quiet transport.
        last = Instant::now();
    };
    // A failed poll is the pipeline's to report; a failed acknowledgement is [`Control::close`]'s.
    // Once the consumer failed (the server gone), it is not tried again: the pipeline says
    // the cause, and what is not acknowledged is delivered again.
    let mut failed = None;
    let mut broken = matches!(ending, Some(Message::Failed(_)));
    if let Some(message) = ending {
        let _ = tx.send(message);
    }
    drop(tx);
    drop(ack_tx);
    // What the pipeline releases as it finishes, until every batch's `Ack` is released or
    // dropped.
    for tokens in ack_rx {
        if !broken && let Err(e) = consumer.ack(tokens) {
            failed = e.render();
            broken = true;
        }
    }
    if !broken && let Err(e) = consumer.close() {
        failed = e.render();
    }
    control.finished(failed.map(|m| m.trim_start_matches("eddy: ").to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    /// A transport of messages in memory: what it acknowledged is shared with the test.
    struct Memory {
        queue: Vec<&'static str>,
        acked: Arc<Mutex<Vec<u64>>>,
        closed: Arc<Mutex<bool>>,
    }

    impl Consumer for Memory {
        type Token = u64;

        fn poll(&mut self, wait: Duration, room: usize) -> Result<Vec<Received<u64>>, Error> {
            if self.queue.is_empty() {
                std::thread::sleep(wait);
            }
            let source: Arc<str> = Arc::from("memory://q");
            let taken = self.queue.drain(..self.queue.len().min(2).min(room));
            Ok((taken.enumerate())
                .map(|(i, text)| Received {
                    value: Ok(text.as_bytes().to_vec()),
                    source: Arc::clone(&source),
                    line: 10 + i as u64,
                    meta: Value::from("m"),
                    at: At(text.len() as u64, 0),
                    token: text.len() as u64,
                })
                .collect())
        }

        fn ack(&mut self, tokens: Vec<u64>) -> Result<(), Error> {
            self.acked.lock().unwrap().extend(tokens);
            Ok(())
        }

        fn close(&mut self) -> Result<(), Error> {
            *self.closed.lock().unwrap() = true;
            Ok(())
        }
    }

    /// Each poll is a batch with its acknowledgement and its sources' last positions; only
    /// released ones reach the consumer, a message at or below a saved position is acknowledged
    /// unprocessed, the metadata is set, `--exit-idle` ends the feed, and the close waits for
    /// the consumer.
    #[test]
    fn messages_are_acknowledged_only_once_released() {
        let acked = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(Mutex::new(false));
        let memory = Memory {
            queue: vec![r#"{"a":1}"#, r#"{"a":22}"#, r#"{"a":333}"#],
            acked: Arc::clone(&acked),
            closed: Arc::clone(&closed),
        };
        let opened = Opened::new(memory);
        let control = opened.control();
        let (tx, rx) = mpsc::sync_channel(16);
        let feed = Feed {
            format: Some(InputFormat::Ndjson),
            options: DecoderOptions::default(),
            clock: Arc::new(SystemClock),
            tx,
            budget: Budget::unlimited(),
            meta: Some(FileField::new("_m")),
            exit_idle: Some(Duration::from_millis(300)),
            skip: Positions::from([(Arc::from("memory://q"), At(7, 0))]),
        };
        let reader = std::thread::spawn(move || opened.run(feed));
        let mut batches = Vec::new();
        for message in &rx {
            match message {
                Message::Batch(batch) => batches.push(batch),
                Message::End => break,
                _ => panic!("unexpected message"),
            }
        }
        assert_eq!(batches.len(), 2);
        let Item::Event { event, .. } = &batches[1].items[0] else {
            panic!("an event")
        };
        assert_eq!(event.value().to_json(), r#"{"a":333,"_m":"m"}"#);
        assert_eq!(event.location().line, 10);
        assert_eq!(batches[0].items.len(), 1, "the first message is skipped");
        let positions = batches[0].ack.as_ref().unwrap().positions();
        assert_eq!(positions, [(Arc::from("memory://q"), At(8, 0))]);
        assert_eq!(*acked.lock().unwrap(), [7], "acknowledged unprocessed");
        batches[0].ack.take().unwrap().release();
        drop(batches);
        drop(rx);
        control.close().unwrap();
        reader.join().unwrap();
        assert_eq!(*acked.lock().unwrap(), [7, 8]);
        assert!(*closed.lock().unwrap());
    }
}
