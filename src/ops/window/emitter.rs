//! When and in which order a time-window stage emits (C8): the label of each record
//! (`window_emit`: on time, early, late, evicted, retract), firing batches in output order
//! `(window_end, window_start, key)`, the timer of `--emit periodic:DUR`, and the empty windows
//! of `--fill-empty`. The layout of one record is `emit.rs`'s.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::error::Result;
use crate::event::Event;
use crate::ops::state::{Field, count};
use crate::ops::{Flow, Out};
use crate::value::{Map, Value};

use super::calendar::Align;
use super::emit::compare_keys;
use super::options::EmitMode;

/// Group tables are looked up once or more per event: a fast hasher (seeded per process).
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Most empty windows `--fill-empty` writes in a run unless `--max-fill` says otherwise.
pub const DEFAULT_MAX_FILL: u64 = 1_000_000;

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

/// Sorts records in output order, `(window_end, window_start, key)`.
pub fn sort_output(batch: &mut [Pending]) {
    batch.sort_by(|a, b| {
        (a.end, a.start)
            .cmp(&(b.end, b.start))
            .then_with(|| compare_keys(&a.key, &b.key))
    });
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
    /// The block of record lines [`Emitter::write_firing`] fills, kept from firing to firing
    /// (a fresh one each time was fresh pages to fault in).
    lines: Vec<u8>,
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
            lines: Vec::new(),
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

    /// The label of an open window's record in a live view ([`crate::ops::Stage::snapshot`]):
    /// `early`, as `--emit periodic` labels one, when records are labelled, else none.
    pub fn running_label(&self) -> Option<&'static str> {
        self.labelled.then_some("early")
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
            sort_output(&mut batch);
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

    /// Emits a firing batch in output order `(window_end, window_start, key)`: the records of
    /// `groups` (`(end, start, group)`, the group's key given by `key`), each made by `make`
    /// when its turn comes and written at once, with the empty windows of `fills` merged in,
    /// made by `make_empty` (`None`: the key has a record of its own there). So a batch holds
    /// what its records are made of, never the records themselves nor a gap's empty windows.
    /// Past the run's budget of empty windows the rest are not written: a warning, and the
    /// output is incomplete for `--strict`.
    pub fn emit_firing<G>(
        &mut self,
        mut groups: Vec<(i64, i64, G)>,
        key: impl Fn(&G) -> &[Value],
        mut fills: Option<Fills<'_>>,
        mut make: impl FnMut(i64, i64, G) -> Event,
        mut make_empty: impl FnMut(&FillRun) -> Option<Event>,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        if groups.is_empty() && fills.as_ref().and_then(Fills::peek).is_none() {
            return Ok(Flow::Continue);
        }
        sort_firing(&mut groups, &key);
        let mut groups = groups.into_iter().peekable();
        let mut flow = Flow::Continue;
        loop {
            let empty = fills.as_mut().filter(|f| match (f.peek(), groups.peek()) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(run), Some((end, start, g))) => {
                    run.cmp_record(*end, *start, key(g)) == Ordering::Less
                }
            });
            let event = match empty {
                Some(f) => match f.take(&mut make_empty, out) {
                    Some(event) => event,
                    None => continue,
                },
                None => match groups.next() {
                    Some((end, start, g)) => make(start, end, g),
                    None => break,
                },
            };
            self.records_out += 1;
            if out.emit_made(event)? == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
        out.flush()?;
        Ok(flow)
    }
}

impl Emitter {
    /// [`Emitter::emit_firing`] without empty windows, for an output that takes the records'
    /// JSON text ([`Out::takes_lines`]): `write` appends the text of each record, in the same
    /// order, and the output gets them in blocks of lines instead of one event each.
    pub fn write_firing<G>(
        &mut self,
        mut groups: Vec<(i64, i64, G)>,
        key: impl Fn(&G) -> &[Value],
        mut write: impl FnMut(i64, i64, G, &mut Vec<u8>),
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        if groups.is_empty() {
            return Ok(Flow::Continue);
        }
        sort_firing(&mut groups, &key);
        let mut lines = std::mem::take(&mut self.lines);
        lines.clear();
        lines.reserve(LINES_BLOCK + LINES_BLOCK / 4);
        let mut made = 0;
        let mut flow = Flow::Continue;
        for (end, start, g) in groups {
            write(start, end, g, &mut lines);
            lines.push(b'\n');
            made += 1;
            if lines.len() >= LINES_BLOCK {
                flow = self.write_lines(made, &lines, out)?;
                lines.clear();
                made = 0;
                if flow == Flow::Stop {
                    break;
                }
            }
        }
        if made > 0 {
            flow = self.write_lines(made, &lines, out)?;
        }
        self.lines = lines;
        out.flush()?;
        Ok(flow)
    }

    /// Writes the `made` records whose texts are `lines`, counting them as
    /// [`Emitter::emit_firing`] does (up to the one that found the output closed).
    fn write_lines(&mut self, made: u64, lines: &[u8], out: &mut Out<'_>) -> Result<Flow> {
        let flow = out.emit_made_lines(made, lines);
        self.records_out += match flow {
            Ok(Flow::Stop) => 1,
            _ => made,
        };
        flow
    }
}

/// The bytes of records' lines [`Emitter::write_firing`] hands the output at a time.
const LINES_BLOCK: usize = 64 * 1024;

/// Sorts a firing batch of `(end, start, group)` in output order, `key` giving a group's key.
/// When every key value is a string, as keys read from text mostly are, their bytes are
/// compared directly: the typed order of strings is their bytes' order ([`compare_keys`]).
/// Such a batch is sorted unstably, in place: no two of its groups compare equal (a window's
/// groups have distinct key ids, the canonical texts of their values, and equal bytes are equal
/// strings), so every sort gives the one order a stable sort gives.
fn sort_firing<G>(groups: &mut [(i64, i64, G)], key: &impl Fn(&G) -> &[Value]) {
    let strings = |g: &G| key(g).iter().all(|v| matches!(v, Value::Str(_)));
    if groups.iter().all(|(_, _, g)| strings(g)) {
        groups.sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| string_bytes(key(&a.2)).cmp(string_bytes(key(&b.2))))
        });
        return;
    }
    groups.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| compare_keys(key(&a.2), key(&b.2)))
    });
}

/// The bytes of key values that are all strings.
fn string_bytes(key: &[Value]) -> impl Iterator<Item = &[u8]> {
    key.iter().map(|v| match v {
        Value::Str(s) => s.as_bytes(),
        _ => &[],
    })
}

/// The empty windows of `--fill-empty` a firing batch brings, in output order: a run per gap,
/// with the run's budget and the alignment that lays them.
pub struct Fills<'a> {
    runs: BinaryHeap<Reverse<FillRun>>,
    fill: &'a mut Fill,
    align: &'a Align,
}

impl<'a> Fills<'a> {
    /// The empty windows of the gaps `runs`, laid by `align`, within the budget of `fill`.
    pub fn new(runs: Vec<FillRun>, fill: &'a mut Fill, align: &'a Align) -> Fills<'a> {
        Fills {
            runs: runs.into_iter().map(Reverse).collect(),
            fill,
            align,
        }
    }

    /// The next empty window in output order.
    fn peek(&self) -> Option<&FillRun> {
        self.runs.peek().map(|Reverse(run)| run)
    }

    /// Makes the next empty window with `make` and moves past it; `None` when it is not
    /// written: the key has a record of its own there, or the budget is spent (then no more
    /// are, with a warning, and the output is incomplete for `--strict`).
    fn take(
        &mut self,
        make: impl FnOnce(&FillRun) -> Option<Event>,
        out: &mut Out<'_>,
    ) -> Option<Event> {
        let Reverse(mut run) = self.runs.pop()?;
        let made = make(&run);
        if run.advance(self.align) {
            self.runs.push(Reverse(run));
        }
        let event = made?;
        if self.fill.left == 0 {
            self.runs.clear();
            let max = self.fill.max;
            out.diag().warn_once(
                "window-fill-limit",
                &format!("--fill-empty: stopped after {max} empty windows (--max-fill); later gaps are not filled"),
            );
            out.diag()
                .mark_incomplete("empty windows not written (--max-fill)");
            return None;
        }
        self.fill.left -= 1;
        Some(event)
    }
}

/// `--fill-empty` (tumbling and hopping windows): per key, the start of the latest non-empty
/// window emitted, to emit zero windows over the gap before the next.
pub enum FillEmpty {
    /// Windows without records are not emitted.
    Off,
    /// Empty windows are emitted, within the run's budget.
    On(Fill),
}

/// The state of `--fill-empty`: where each key's last non-empty window started, and how many
/// empty windows the run may still write (`--max-fill`, over every key and gap: the number of
/// empty windows between two records depends on the window size, not on the input).
pub struct Fill {
    /// Key id → start of its latest non-empty window.
    last_of: HashMap<String, i64>,
    /// Empty windows the run may still write.
    left: u64,
    /// `--max-fill`.
    max: u64,
}

impl Fill {
    /// No key seen yet; at most `max` empty windows in the run.
    pub fn new(max: u64) -> Fill {
        Fill {
            last_of: HashMap::default(),
            left: max,
            max,
        }
    }

    /// What `--fill-empty` keeps between runs (`--state`): the budget left and each key's
    /// latest non-empty window, as `[key id, start]` in key order.
    pub fn save(&self) -> Value {
        let mut last: Vec<(&String, &i64)> = self.last_of.iter().collect();
        last.sort_unstable();
        let last = last
            .into_iter()
            .map(|(kid, start)| Value::Array(vec![Value::from(kid.as_str()), Value::Int(*start)]));
        let mut m = Map::default();
        m.insert("left".into(), count(self.left));
        m.insert("last".into(), Value::Array(last.collect()));
        Value::Object(m)
    }

    /// This stage's fill (its `--max-fill`) resumed from what [`Fill::save`] wrote.
    pub fn restored(&self, f: &Field<'_>) -> Result<Fill> {
        let mut last_of = HashMap::default();
        for item in f.list("last")? {
            let pair: Vec<Field<'_>> = item.items()?.collect();
            let [kid, start] = pair.as_slice() else {
                return Err(item.damaged("not a [key id, start] pair"));
            };
            last_of.insert(kid.str()?.to_owned(), start.int()?);
        }
        let left = f.get("left")?;
        Ok(Fill {
            last_of,
            left: Some(left.count()?)
                .filter(|n| *n <= self.max)
                .ok_or_else(|| left.damaged(format!("more than --max-fill {}", self.max)))?,
            max: self.max,
        })
    }

    /// The empty windows of key `kid` (shown as `key`) between its previous non-empty window
    /// and `[s, e)`, laid by `align` (tumbling: the window alignment; hopping: the slide's,
    /// which is absolute, with windows of `e − s`); `None` when there are none.
    pub fn gap(
        &mut self,
        kid: &str,
        key: &[Value],
        (s, e): (i64, i64),
        align: &Align,
    ) -> Option<FillRun> {
        // Absolute sizes step by the size (tumbling) or slide (hopping); calendar (tumbling)
        // windows follow the calendar.
        let step = match align {
            Align::Fixed { size, .. } => Some(*size),
            Align::Calendar { .. } => None,
        };
        let len = e.saturating_sub(s);
        let run = self.last_of.get(kid).and_then(|&last| {
            let start = match step {
                Some(st) => last.checked_add(st)?,
                None => align.window_of(last)?.1,
            };
            let end = match step {
                Some(_) => start.saturating_add(len),
                None => align.window_of(start)?.1,
            };
            (start < s).then(|| FillRun {
                kid: kid.to_owned(),
                key: key.to_vec(),
                start,
                end,
                stop: s,
                step,
                len,
            })
        });
        let last = self.last_of.entry(kid.to_owned()).or_insert(s);
        *last = (*last).max(s);
        run
    }
}

/// The empty windows of one key in one gap, made one at a time as they are written.
pub struct FillRun {
    /// The key id.
    pub kid: String,
    /// The key's values as shown.
    pub key: Vec<Value>,
    /// The next empty window's start.
    pub start: i64,
    /// Its end.
    pub end: i64,
    /// The start of the key's non-empty window after the gap.
    stop: i64,
    /// The distance between starts (`None`: calendar windows, one after the other).
    step: Option<i64>,
    /// The length of absolute windows.
    len: i64,
}

impl FillRun {
    /// Moves to the next empty window; false when the gap is done.
    fn advance(&mut self, align: &Align) -> bool {
        let next = match self.step {
            Some(st) => self.start.checked_add(st),
            None => Some(self.end),
        };
        let Some(start) = next.filter(|&n| n < self.stop) else {
            return false;
        };
        self.start = start;
        // Empty windows lie before a non-empty one: they are representable.
        let end = match self.step {
            Some(_) => start.checked_add(self.len),
            None => align.window_of(start).map(|(_, end)| end),
        };
        let Some(end) = end else {
            return false;
        };
        self.end = end;
        true
    }

    /// Its place in output order against the record of window `[start, end)` and `key`.
    fn cmp_record(&self, end: i64, start: i64, key: &[Value]) -> Ordering {
        (self.end, self.start)
            .cmp(&(end, start))
            .then_with(|| compare_keys(&self.key, key))
    }
}

impl PartialEq for FillRun {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for FillRun {}

impl PartialOrd for FillRun {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FillRun {
    /// Output order of the next empty windows.
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_record(other.end, other.start, &other.key)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Key values: mostly strings (sharing prefixes, with bytes above ASCII), some not.
    fn key_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            8 => string_value().prop_map(Value::Str),
            1 => Just(Value::Null),
            1 => (-2i64..2).prop_map(Value::Int),
        ]
    }

    /// Strings sharing prefixes, with bytes above ASCII and zeros.
    fn string_value() -> impl Strategy<Value = String> {
        "(/a|/ab|é|\u{0}|\u{1f}|Z|/api/v1/orders/){0,6}"
    }

    proptest! {
        /// A firing batch of string keys, sorted unstably by their bytes, is in the typed order
        /// of the records.
        #[test]
        fn firing_order_of_strings_is_the_output_order(
            groups in prop::collection::btree_set(
                ((0i64..2, 0i64..2), prop::collection::vec(string_value(), 2)), 0..60)
                .prop_map(|set| set.into_iter().collect::<Vec<_>>())
                .prop_shuffle(),
        ) {
            let strings = |key: Vec<String>| key.into_iter().map(Value::Str).collect();
            let mut batch: Vec<(i64, i64, Vec<Value>)> =
                groups.into_iter().map(|((e, s), key)| (e, s, strings(key))).collect();
            let mut want = batch.clone();
            want.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| compare_keys(&a.2, &b.2)));
            sort_firing(&mut batch, &|k: &Vec<Value>| k.as_slice());
            prop_assert_eq!(format!("{batch:?}"), format!("{want:?}"));
        }

        /// A firing batch sorted by its keys' bytes is in the typed order of the records.
        #[test]
        fn firing_order_is_the_output_order(
            groups in prop::collection::vec(
                ((0i64..3, 0i64..2), prop::collection::vec(key_value(), 2)), 0..40),
        ) {
            let mut batch: Vec<(i64, i64, Vec<Value>)> =
                groups.into_iter().map(|((e, s), key)| (e, s, key)).collect();
            let mut want = batch.clone();
            want.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| compare_keys(&a.2, &b.2)));
            sort_firing(&mut batch, &|k: &Vec<Value>| k.as_slice());
            prop_assert_eq!(format!("{batch:?}"), format!("{want:?}"));
        }
    }
}
