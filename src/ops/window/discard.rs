//! Events the stage is done with, dropped on a thread of their own (`Discard`).
//!
//! An event is made on a reader thread; freeing it on the main thread is a cross-thread free of
//! its text (and of the box of what the reader found in it) and an atomic decrement of its
//! source name's count, which the reader threads increment for every event they make: cache
//! lines that come from another core, for each of the thousands of events a second a window
//! takes, on the thread that bounds a run with many keys. The window hands them, 1,024 at a
//! time, to a thread that drops them; dropping has no effect besides the memory, so nothing the
//! stage writes changes. When that thread cannot be started, or is behind by `IN_FLIGHT`
//! lots, the events are dropped where they are.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use crate::event::Event;
use crate::input::work::Found;

/// Events handed over at a time.
const LOT: usize = 1024;
/// Lots on their way to the dropping thread at most.
const IN_FLIGHT: usize = 4;

/// An event and what the reader found in it.
type Taken = (Event, Option<Box<Found>>);

/// The dropping thread's two ways: full lots there, emptied ones back for reuse.
struct Dropper {
    full: SyncSender<Vec<Taken>>,
    emptied: Receiver<Vec<Taken>>,
}

/// Events waiting to be dropped, and the thread that drops them (started with the first full
/// lot, so a short run starts none).
#[derive(Default)]
pub struct Discard {
    held: Vec<Taken>,
    dropper: Option<Dropper>,
    /// The thread could not be started: drop here.
    inline: bool,
}

impl Discard {
    /// Drops `event` and `found`, later and elsewhere.
    #[inline]
    pub fn push(&mut self, event: Event, found: Option<Box<Found>>) {
        if self.held.capacity() == 0 {
            self.held.reserve_exact(LOT);
        }
        self.held.push((event, found));
        if self.held.len() >= LOT {
            self.hand_over();
        }
    }

    /// Hands the held lot to the dropping thread, or drops it here.
    fn hand_over(&mut self) {
        if self.dropper.is_none() && !self.inline {
            self.dropper = start();
            self.inline = self.dropper.is_none();
        }
        let Some(dropper) = &self.dropper else {
            self.held.clear();
            return;
        };
        let empty = (dropper.emptied.try_recv()).unwrap_or_else(|_| Vec::with_capacity(LOT));
        let lot = std::mem::replace(&mut self.held, empty);
        if let Err(TrySendError::Full(mut lot) | TrySendError::Disconnected(mut lot)) =
            dropper.full.try_send(lot)
        {
            lot.clear();
            self.held = lot;
        }
    }
}

/// Starts the dropping thread; `None` when it cannot be.
fn start() -> Option<Dropper> {
    let (full, lots) = sync_channel::<Vec<Taken>>(IN_FLIGHT);
    let (back, emptied) = sync_channel(IN_FLIGHT);
    std::thread::Builder::new()
        .name("eddy-discard".into())
        .spawn(move || {
            for mut lot in lots {
                lot.clear();
                // The stage may be gone, or have lots enough: then this one is freed here.
                let _ = back.try_send(lot);
            }
        })
        .ok()?;
    Some(Dropper { full, emptied })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event handed over is dropped, in lots and in what is left at the end.
    #[test]
    fn every_event_is_dropped() {
        use crate::error::Location;
        use std::sync::Arc;
        use std::time::{Duration, Instant};

        let source: Arc<str> = Arc::from("events.ndjson");
        let event = |line| {
            let at = Location {
                source: Arc::clone(&source),
                line,
            };
            Event::lazy(b"{}", at, 0)
        };
        let mut discard = Discard::default();
        for line in 0..(3 * LOT as u64 + 5) {
            discard.push(event(line), Some(Box::default()));
        }
        assert!(discard.dropper.is_some(), "the thread takes the full lots");
        drop(discard);
        // The dropping thread finishes its lots after the stage let go of them.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Arc::strong_count(&source) > 1 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(Arc::strong_count(&source), 1);
    }
}
