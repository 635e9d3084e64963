//! When and in which order a time-window stage emits (C8): the label of each record
//! (`window_emit`: on time, early, late, evicted, retract), firing batches in output order
//! `(window_end, window_start, key)`, the timer of `--emit periodic:DUR`, and the empty windows
//! of `--fill-empty`. The layout of one record is `emit.rs`'s.

use crate::error::Result;
use crate::event::Event;
use crate::ops::{Flow, Out};
use crate::value::Value;

use super::calendar::Align;
use super::emit::compare_keys;
use super::options::EmitMode;

/// Group tables are looked up once or more per event: a fast hasher (seeded per process).
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Most empty windows `--fill-empty` writes for one gap of one key.
pub const MAX_FILL: usize = 100_000;

/// A record ready to be emitted, with its sort key.
pub struct Pending {
    /// `window_end`.
    pub end: i64,
    /// `window_start`.
    pub start: i64,
    /// The key's values.
    pub key: Vec<Value>,
    /// The record.
    pub event: Event,
}

/// The order of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Sorted by `(window_end, window_start, key)`: a firing batch.
    Output,
    /// As made: the updates caused by one record.
    AsMade,
}

/// Labels, batches and the periodic timer.
pub struct Emitter {
    mode: EmitMode,
    /// A window may be emitted more than once (updates, late records, eviction): every record
    /// carries `window_emit`.
    labelled: bool,
    /// A signal ended the run: the windows fired now are cut short (`partial`).
    interrupted: bool,
    next_periodic: Option<i64>,
    /// Records emitted.
    pub records_out: u64,
}

impl Emitter {
    /// An emitter for `--emit mode`, started at wall-clock time `now`; `labelled` when a window
    /// may be emitted more than once.
    pub fn new(mode: EmitMode, labelled: bool, now: i64) -> Emitter {
        let next_periodic = match mode {
            EmitMode::Periodic(d) => Some(now.saturating_add(d)),
            EmitMode::Final | EmitMode::Updates => None,
        };
        Emitter {
            mode,
            labelled,
            interrupted: false,
            next_periodic,
            records_out: 0,
        }
    }

    /// Whether every record carries `window_emit`.
    pub fn labelled(&self) -> bool {
        self.labelled
    }

    /// The label of a window's firing: `partial` once a signal cut the run short (whatever
    /// `--emit` says: the window had not closed), else `on_time` when records are labelled.
    pub fn on_time_label(&self) -> Option<&'static str> {
        if self.interrupted {
            return Some("partial");
        }
        self.labelled.then_some("on_time")
    }

    /// A signal ended the run: every window fired from now on is labelled `partial`.
    pub fn interrupt(&mut self) {
        self.interrupted = true;
    }

    /// The label of the record a window emits at once when a record updates it: `late` for a
    /// window that had fired, `early` with `--emit updates`, else none (it waits to fire).
    pub fn update_label(&self, on_time: bool) -> Option<&'static str> {
        if !on_time {
            Some("late")
        } else if self.mode == EmitMode::Updates {
            Some("early")
        } else {
            None
        }
    }

    /// The wall-clock instant of the next periodic emission.
    pub fn next_periodic(&self) -> Option<i64> {
        self.next_periodic
    }

    /// True when the periodic emission is due at `now` (and schedules the next one).
    pub fn periodic_due(&mut self, now: i64) -> bool {
        match (self.next_periodic, self.mode) {
            (Some(next), EmitMode::Periodic(d)) if now >= next => {
                self.next_periodic = Some(now.saturating_add(d));
                true
            }
            _ => false,
        }
    }

    /// Emits a batch in `order`, then flushes the output (for live readers).
    pub fn emit(
        &mut self,
        mut batch: Vec<Pending>,
        order: Order,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        if batch.is_empty() {
            return Ok(Flow::Continue);
        }
        if order == Order::Output {
            batch.sort_by(|a, b| {
                (a.end, a.start)
                    .cmp(&(b.end, b.start))
                    .then_with(|| compare_keys(&a.key, &b.key))
            });
        }
        let mut flow = Flow::Continue;
        for p in batch {
            self.records_out += 1;
            if out.emit_made(p.event)? == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
        out.flush()?;
        Ok(flow)
    }
}

/// `--fill-empty` (tumbling and hopping windows): per key, the start of the latest non-empty
/// window emitted, to emit zero windows over the gap before the next.
pub enum FillEmpty {
    /// Windows without records are not emitted.
    Off,
    /// Key id → start of its latest non-empty window.
    On(HashMap<String, i64>),
}

impl FillEmpty {
    /// The empty windows of key `kid` between its previous non-empty window and `[s, e)`, by
    /// `align` (tumbling: the window alignment; hopping: the slide's, which is absolute, with
    /// windows of `e − s`), each given to `each(start, end)`; true when the gap had more than
    /// [`MAX_FILL`] windows (the rest is not filled).
    pub fn gaps(
        &mut self,
        kid: &str,
        (s, e): (i64, i64),
        align: &Align,
        mut each: impl FnMut(i64, i64),
    ) -> bool {
        let FillEmpty::On(last_of) = self else {
            return false;
        };
        let mut filled = 0usize;
        // Absolute sizes step by the size (tumbling) or slide (hopping); calendar (tumbling)
        // windows follow the calendar.
        let step = match align {
            Align::Fixed { size, .. } => Some(*size),
            Align::Calendar { .. } => None,
        };
        let len = e.saturating_sub(s);
        if let Some(&last) = last_of.get(kid) {
            let mut cur = match step {
                Some(st) => last.saturating_add(st),
                None => align.window_of(align.window_of(last).1).0,
            };
            while cur < s {
                filled += 1;
                if filled > MAX_FILL {
                    break;
                }
                let end = match step {
                    Some(_) => cur.saturating_add(len),
                    None => align.window_of(cur).1,
                };
                each(cur, end);
                cur = match step {
                    Some(st) => cur.saturating_add(st),
                    None => end,
                };
            }
        }
        let last = last_of.entry(kid.to_owned()).or_insert(s);
        *last = (*last).max(s);
        filled > MAX_FILL
    }
}
