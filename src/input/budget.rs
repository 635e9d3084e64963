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

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

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
    used: Mutex<u64>,
    freed: Condvar,
    /// The weight of the last decoded chunk per KiB of its input ([`Budget::learn`]).
    per_kib: AtomicU64,
}

impl Budget {
    /// A budget of `limit`.
    pub fn new(limit: u64) -> Budget {
        Budget {
            shared: Arc::new(Shared {
                limit,
                used: Mutex::new(0),
                freed: Condvar::new(),
                per_kib: AtomicU64::new(1024),
            }),
        }
    }

    /// A budget that never makes anyone wait (tests, [`crate::input::read_events`]).
    pub fn unlimited() -> Budget {
        Budget::new(u64::MAX)
    }

    /// Takes `amount`, waiting while it would exceed the limit and something else is held.
    pub fn take(&self, amount: u64) -> Held {
        let shared = &self.shared;
        let mut used = shared.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && used.saturating_add(amount) > shared.limit {
            used = shared.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used = used.saturating_add(amount);
        Held {
            shared: Some(Arc::clone(shared)),
            amount,
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
        *self.shared.used.lock().expect("budget lock")
    }
}

/// Weight taken from a [`Budget`], given back when dropped. The default holds nothing.
#[derive(Debug, Default)]
pub struct Held {
    shared: Option<Arc<Shared>>,
    amount: u64,
}

impl Held {
    /// Changes the weight held to `amount` without waiting (a chunk became a decoded batch): a
    /// rise counts against later takers, a fall lets them on.
    pub fn set(&mut self, amount: u64) {
        let Some(shared) = &self.shared else { return };
        let mut used = shared.used.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(self.amount).saturating_add(amount);
        if amount < self.amount {
            shared.freed.notify_all();
        }
        self.amount = amount;
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.set(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn waits_until_enough_is_given_back() {
        let budget = Budget::new(10);
        let first = budget.take(8);
        let (tx, rx) = mpsc::channel();
        let waiter = {
            let budget = budget.clone();
            thread::spawn(move || {
                let held = budget.take(5);
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
    fn one_weight_larger_than_the_limit_passes_alone() {
        let budget = Budget::new(10);
        let mut held = budget.take(100);
        assert_eq!(budget.used(), 100);
        held.set(3);
        assert_eq!(budget.used(), 3);
        drop(held);
        assert_eq!(budget.used(), 0);
    }
}
