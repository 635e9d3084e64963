//! The acknowledgement a transport source hands along with a batch ([`crate::input::Batch::ack`]):
//! opaque to the pipeline, which keeps it until the output written for the batch is flushed
//! (`--to-redis`, `--to-kafka`, `--to-http`: delivered) and only then releases it. An `Ack`
//! dropped without being released acknowledges nothing: the transport delivers its messages
//! again (a run that failed, a batch read but not processed after a satisfied `head`).

use std::fmt;
use std::sync::Arc;

/// Where a message stands in its source, comparable within the source: a Redis entry id's
/// milliseconds and sequence, a Kafka record's offset and 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At(pub u64, pub u64);

/// What acknowledges the messages of one batch to their transport, once released.
pub struct Ack(Box<Held>);

/// What an [`Ack`] holds (boxed: a batch stays small).
struct Held {
    messages: usize,
    at: Vec<(Arc<str>, At)>,
    release: Box<dyn FnOnce() + Send>,
}

impl Ack {
    /// An acknowledgement of `messages` messages, the last of each source at `at` (what
    /// `--state`'s checkpoints save), that runs `release` when the batch's output is flushed.
    pub fn new(
        messages: usize,
        at: Vec<(Arc<str>, At)>,
        release: impl FnOnce() + Send + 'static,
    ) -> Ack {
        Ack(Box::new(Held {
            messages,
            at,
            release: Box::new(release),
        }))
    }

    /// The last position of each source among its messages.
    pub fn positions(&self) -> &[(Arc<str>, At)] {
        &self.0.at
    }

    /// How many messages it acknowledges.
    pub fn messages(&self) -> usize {
        self.0.messages
    }

    /// Acknowledges the batch's messages: its output is flushed.
    pub fn release(self) {
        (self.0.release)()
    }
}

impl fmt::Debug for Ack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ack")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn only_a_release_acknowledges() {
        let count = Arc::new(AtomicUsize::new(0));
        let make = || {
            let count = Arc::clone(&count);
            Ack::new(1, Vec::new(), move || {
                count.fetch_add(1, Ordering::SeqCst);
            })
        };
        drop(make());
        assert_eq!(count.load(Ordering::SeqCst), 0);
        make().release();
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }
}
