//! The read-ahead budget: how much input the reader may hold between reading it and the stages
//! being done with it.
//!
//! Every chunk the parallel reader cuts and every batch the single-threaded reader makes takes
//! its weight from one [`Budget`] before it is handed on, and gives it back when the batch is
//! dropped (after the pipeline processed it, or when a hung-up pipeline discards it). The
//! reader waits while the budget is spent, so that a slow stage, a slow chunk holding back the
//! parallel reader's reordering, or a deep channel cannot make the reader run ahead without
//! bound: memory follows the budget, not the input's size. One weight may always be taken when
//! nothing else is held, so a record larger than the budget still passes (alone).
//!
//! What is held is the input between the reader and the end of the chain, so the budget also
//! measures it for `--stats` ([`Budget::queue`]): the lines and input bytes held, and their
//! integrals over time from when they were read (decoding included), whose means over the run
//! are the queue length of Little's law.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The read-ahead allowed to a run: 4 MiB of weight ([`weight`]).
pub const READ_AHEAD: u64 = 4 << 20;

/// What one item of a batch costs besides its bytes: the item, the event and its allocation.
const ITEM_COST: u64 = 160;

/// The weight of a batch of `bytes` input bytes decoded into `items` items: an estimate of the
/// memory it holds.
pub fn weight(bytes: u64, items: usize) -> u64 {
    bytes + items as u64 * ITEM_COST
}

/// A shared allowance of weight. Cloning shares it.
#[derive(Clone, Debug)]
pub struct Budget {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    limit: u64,
    state: Mutex<State>,
    freed: Condvar,
    /// The weight of the last decoded chunk per KiB of its input ([`Budget::learn`]).
    per_kib: AtomicU64,
}

/// What the budget's holders hold: weight against the limit, and the queue they stand for.
#[derive(Debug)]
struct State {
    /// The weight held.
    used: u64,
    /// Lines and input bytes held (also while their holder waits for weight).
    queued: Queued,
    /// `∫ queued dt` since the budget was made, in line-seconds and byte-seconds, up to
    /// `changed`.
    line_seconds: f64,
    byte_seconds: f64,
    changed: Instant,
}

impl State {
    /// Adds the time since the last change to the integrals.
    fn integrate(&mut self) {
        let now = Instant::now();
        let dt = now.duration_since(self.changed).as_secs_f64();
        self.line_seconds += self.queued.lines as f64 * dt;
        self.byte_seconds += self.queued.bytes as f64 * dt;
        self.changed = now;
    }
}

/// Input held between the reader and the end of the chain: its lines (every line read, blank
/// ones too) and bytes as read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Queued {
    /// Lines.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// The queue of a run so far ([`Budget::queue`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct QueueReading {
    /// What is held now.
    pub now: Queued,
    /// `∫ lines dt` since the budget was made, in line-seconds.
    pub line_seconds: f64,
    /// `∫ bytes dt` since the budget was made, in byte-seconds.
    pub byte_seconds: f64,
}

impl Budget {
    /// A budget of `limit`.
    pub fn new(limit: u64) -> Budget {
        Budget {
            shared: Arc::new(Shared {
                limit,
                state: Mutex::new(State {
                    used: 0,
                    queued: Queued::default(),
                    line_seconds: 0.0,
                    byte_seconds: 0.0,
                    changed: Instant::now(),
                }),
                freed: Condvar::new(),
                per_kib: AtomicU64::new(1024),
            }),
        }
    }

    /// A budget that never makes anyone wait (tests, [`crate::input::read_events`]).
    pub fn unlimited() -> Budget {
        Budget::new(u64::MAX)
    }

    /// Takes `amount` for `queued` input, waiting while it would exceed the limit and
    /// something else is held. The input counts as queued from the call on, and in the
    /// integrals `already` before it (since it was read: the time it took to decode).
    pub fn take(&self, amount: u64, queued: Queued, already: Duration) -> Held {
        let shared = &self.shared;
        let mut state = shared.lock();
        state.integrate();
        let already = already.as_secs_f64();
        state.line_seconds += queued.lines as f64 * already;
        state.byte_seconds += queued.bytes as f64 * already;
        state.queued.lines += queued.lines;
        state.queued.bytes += queued.bytes;
        while state.used > 0 && state.used.saturating_add(amount) > shared.limit {
            state = shared.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.used = state.used.saturating_add(amount);
        Held {
            shared: Some(Arc::clone(shared)),
            amount,
            queued,
        }
    }

    /// [`Budget::take`] that waits no later than `deadline` (`--listen`'s datagrams and HTTP
    /// bodies, which are not held up): `None` when the weight could not be had by then, and
    /// nothing is then held or queued.
    pub fn take_until(&self, amount: u64, queued: Queued, deadline: Instant) -> Option<Held> {
        let shared = &self.shared;
        let mut state = shared.lock();
        while state.used > 0 && state.used.saturating_add(amount) > shared.limit {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = (shared.freed.wait_timeout(state, left))
                .map_or_else(|e| e.into_inner().0, |(state, _)| state);
        }
        state.integrate();
        state.queued.lines += queued.lines;
        state.queued.bytes += queued.bytes;
        state.used = state.used.saturating_add(amount);
        Some(Held {
            shared: Some(Arc::clone(shared)),
            amount,
            queued,
        })
    }

    /// The queue so far.
    pub fn queue(&self) -> QueueReading {
        let mut state = self.shared.lock();
        state.integrate();
        QueueReading {
            now: state.queued,
            line_seconds: state.line_seconds,
            byte_seconds: state.byte_seconds,
        }
    }

    /// The weight `bytes` of input will likely have once decoded: as much per byte as the last
    /// chunk had (short lines make many items), so that the parallel reader takes it before
    /// the chunk is decoded.
    pub fn estimate(&self, bytes: u64) -> u64 {
        let per_kib = self.shared.per_kib.load(Ordering::Relaxed);
        bytes.saturating_mul(per_kib) / 1024
    }

    /// Notes that `bytes` of input were decoded into `weight`, for [`Budget::estimate`].
    pub fn learn(&self, bytes: u64, weight: u64) {
        if let Some(per_kib) = weight.saturating_mul(1024).checked_div(bytes) {
            self.shared
                .per_kib
                .store(per_kib.max(1024), Ordering::Relaxed);
        }
    }

    /// The weight held now (for tests).
    #[cfg(test)]
    fn used(&self) -> u64 {
        self.shared.lock().used
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Weight taken from a [`Budget`], given back when dropped, with the input it stands for. The
/// default holds nothing.
#[derive(Debug, Default)]
pub struct Held {
    shared: Option<Arc<Shared>>,
    amount: u64,
    queued: Queued,
}

impl Held {
    /// Changes the weight held to `amount` without waiting (a chunk became a decoded batch): a
    /// rise counts against later takers, a fall lets them on.
    pub fn set(&mut self, amount: u64) {
        let Some(shared) = &self.shared else { return };
        let mut state = shared.lock();
        state.used = state
            .used
            .saturating_sub(self.amount)
            .saturating_add(amount);
        if amount < self.amount {
            shared.freed.notify_all();
        }
        self.amount = amount;
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let Some(shared) = &self.shared else { return };
        let mut state = shared.lock();
        state.integrate();
        state.queued.lines -= self.queued.lines;
        state.queued.bytes -= self.queued.bytes;
        state.used = state.used.saturating_sub(self.amount);
        if self.amount > 0 {
            shared.freed.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;

    #[test]
    fn waits_until_enough_is_given_back() {
        let budget = Budget::new(10);
        let first = budget.take(8, Queued::default(), Duration::ZERO);
        let (tx, rx) = mpsc::channel();
        let waiter = {
            let budget = budget.clone();
            thread::spawn(move || {
                let held = budget.take(5, Queued::default(), Duration::ZERO);
                tx.send(()).expect("send");
                drop(held);
            })
        };
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err());
        drop(first);
        rx.recv_timeout(Duration::from_secs(10)).expect("let on");
        waiter.join().expect("waiter");
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn a_take_until_a_deadline_gives_up_holding_nothing() {
        let budget = Budget::new(10);
        let first = budget.take(8, Queued::default(), Duration::ZERO);
        let soon = Instant::now() + Duration::from_millis(20);
        let queued = Queued { lines: 3, bytes: 5 };
        assert!(budget.take_until(5, queued, soon).is_none());
        assert_eq!((budget.used(), budget.queue().now), (8, Queued::default()));
        drop(first);
        let held = budget.take_until(5, queued, Instant::now()).expect("room");
        assert_eq!((budget.used(), budget.queue().now), (5, queued));
        drop(held);
    }

    #[test]
    fn one_weight_larger_than_the_limit_passes_alone() {
        let budget = Budget::new(10);
        let mut held = budget.take(100, Queued::default(), Duration::ZERO);
        assert_eq!(budget.used(), 100);
        held.set(3);
        assert_eq!(budget.used(), 3);
        drop(held);
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn the_queue_is_integrated_over_time() {
        let budget = Budget::new(10);
        let queued = Queued {
            lines: 100,
            bytes: 1000,
        };
        let held = budget.take(1, queued, Duration::from_secs(1));
        thread::sleep(Duration::from_millis(50));
        assert_eq!(budget.queue().now, queued);
        drop(held);
        let after = budget.queue();
        assert_eq!(after.now, Queued::default());
        // 100 lines for 1 s before the call and 50 ms after it.
        assert!(
            after.line_seconds >= 105.0 && after.line_seconds < 150.0,
            "{after:?}"
        );
        assert!((after.byte_seconds / after.line_seconds - 10.0).abs() < 1e-9);
        assert_eq!(budget.used(), 0);
    }
}
