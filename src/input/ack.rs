//! The acknowledgement a transport source hands along with a batch ([`crate::input::Batch::ack`]):
//! opaque to the pipeline, which keeps it until the output written for the batch is flushed
//! (`--to-redis`, `--to-kafka`, `--to-http`: delivered) and only then releases it. An `Ack`
//! dropped without being released acknowledges nothing: the transport delivers its messages
//! again (a run that failed, a batch read but not processed after a satisfied `head`).

use std::fmt;

/// What acknowledges the messages of one batch to their transport, once released.
pub struct Ack(Box<dyn FnOnce() + Send>);

impl Ack {
    /// An acknowledgement that runs `release` when the batch's output is flushed.
    pub fn new(release: impl FnOnce() + Send + 'static) -> Ack {
        Ack(Box::new(release))
    }

    /// Acknowledges the batch's messages: its output is flushed.
    pub fn release(self) {
        (self.0)()
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
            Ack::new(move || {
                count.fetch_add(1, Ordering::SeqCst);
            })
        };
        drop(make());
        assert_eq!(count.load(Ordering::SeqCst), 0);
        make().release();
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }
}
