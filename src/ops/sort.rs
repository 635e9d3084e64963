//! `sort --by F[,F...] [--reverse] [--limit N]`: order events by fields, at end of input.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs, state};
use crate::path::Path;
use crate::value::{Map, Value, compare};

/// What `eddy sort --help` and eddy-sort(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new("in time order", "eddy sort --by ts events.ndjson"),
    Example::new(
        "by host, then latency, descending",
        "eddy sort --by host,latency_ms --reverse access.ndjson",
    ),
    Example::new(
        "the ten slowest, in bounded memory",
        "eddy sort --by latency_ms --reverse --limit 10 access.ndjson",
    ),
];

/// Sort events by fields (holds all input in memory)
///
/// Events are ordered by the first `--by` field, then the next, in the typed order of values:
/// null < false < true < numbers < times < durations < strings < arrays < objects; numbers
/// compare numerically (`2 < 10`), strings bytewise. A missing field sorts as null. The sort is
/// stable: events with equal keys keep their input order, also with `--reverse`, which only
/// turns the order of keys around.
///
/// sort holds all input in memory and writes when the input ends. With `--limit N` it keeps
/// only the first N events of the order (a bounded heap: memory for N events) and counts the
/// rest as filtered, so `sort --by latency --reverse --limit 10` finds the ten slowest events
/// of any amount of input.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Comma-separated field paths to sort by
    #[arg(long, value_name = "FIELDS", required = true)]
    by: String,
    /// Descending order (equal keys still keep their input order)
    #[arg(long)]
    reverse: bool,
    /// Keep only the first N events of the order, in memory for N events
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let by = ctx.paths("sort", &args.by)?;
    let held = match args.limit {
        Some(limit) => Held::Top(BinaryHeap::new(), limit),
        None => Held::All(Vec::new()),
    };
    Ok(Box::new(Sort {
        by,
        reverse: args.reverse,
        seq: 0,
        held,
        passing: Vec::new(),
    }))
}

/// An event with its sort keys and input position.
struct Entry {
    keys: Vec<Value>,
    seq: u64,
    reverse: bool,
    event: Event,
}

impl Entry {
    /// The sort order; ties go by input position, so the sort is stable.
    fn order(&self, other: &Entry) -> Ordering {
        let mut o = Ordering::Equal;
        for (a, b) in self.keys.iter().zip(&other.keys) {
            o = compare(a, b);
            if o != Ordering::Equal {
                break;
            }
        }
        if self.reverse {
            o = o.reverse();
        }
        o.then(self.seq.cmp(&other.seq))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.order(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order(other)
    }
}

/// What the stage holds until the end of input.
enum Held {
    /// Every event.
    All(Vec<Entry>),
    /// The first N of the order; the top of the heap is the last of them, dropped first.
    Top(BinaryHeap<Entry>, usize),
}

impl Held {
    fn len(&self) -> usize {
        match self {
            Held::All(all) => all.len(),
            Held::Top(heap, _) => heap.len(),
        }
    }
}

/// Holds events and writes them in order at the end of input.
struct Sort {
    by: Vec<Path>,
    reverse: bool,
    seq: u64,
    held: Held,
    /// At the end of input, the events in order, the last first, while they are passed on.
    passing: Vec<Entry>,
}

impl Sort {
    /// The entry of `event`, taken at input position `seq`.
    fn entry(&self, event: Event, seq: u64) -> Entry {
        Entry {
            keys: self
                .by
                .iter()
                .map(|p| {
                    event
                        .field(p)
                        .map_or(Value::Null, std::borrow::Cow::into_owned)
                })
                .collect(),
            seq,
            reverse: self.reverse,
            event,
        }
    }

    /// Holds `entry`; true when an entry (this one or one held) was left out (`--limit`).
    fn hold(&mut self, entry: Entry) -> bool {
        match &mut self.held {
            Held::All(all) => {
                all.push(entry);
                false
            }
            Held::Top(heap, limit) => push_bounded(heap, *limit, entry),
        }
    }

    /// The options that shape what the stage holds between runs.
    fn settings(&self) -> Value {
        let mut m = Map::default();
        let by = self.by.iter().map(|p| Value::from(p.to_string()));
        m.insert("by".into(), Value::Array(by.collect()));
        m.insert("reverse".into(), Value::Bool(self.reverse));
        let limit = match &self.held {
            Held::All(_) => Value::Null,
            Held::Top(_, limit) => state::count(*limit),
        };
        m.insert("limit".into(), limit);
        Value::Object(m)
    }
}

impl Stage for Sort {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let entry = self.entry(event, self.seq);
        self.seq += 1;
        if self.hold(entry) {
            out.filtered();
        }
        Ok(Flow::Continue)
    }

    /// The input position reached and the events held with theirs (ties keep input order);
    /// their sort keys are read again from them.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame("sort", self.settings());
        m.insert("seq".into(), state::count(self.seq));
        let mut held: Vec<&Entry> = match &self.held {
            Held::All(all) => all.iter().collect(),
            Held::Top(heap, _) => heap.iter().collect(),
        };
        held.extend(&self.passing);
        held.sort_unstable_by_key(|e| e.seq);
        let held = held.into_iter().map(|e| {
            let mut h = Map::default();
            h.insert("seq".into(), state::count(e.seq));
            h.insert("event".into(), state::encode_event(&e.event));
            Value::Object(h)
        });
        m.insert("held".into(), Value::Array(held.collect()));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, "sort", &self.settings())?;
        let held = f.list("held")?;
        if let Held::Top(_, limit) = &self.held
            && held.len() > *limit
        {
            return Err(f.damaged(format!("more than --limit {limit} events held")));
        }
        let entries = held.iter().map(|h| {
            let seq = h.get("seq")?.count()?;
            Ok(self.entry(h.get("event")?.event()?, seq))
        });
        let entries = entries.collect::<Result<Vec<_>>>()?;
        self.seq = f.get("seq")?.count()?;
        for entry in entries {
            self.hold(entry);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        let sorted = match std::mem::replace(&mut self.held, Held::All(Vec::new())) {
            Held::All(mut all) => {
                // The position breaks ties, so an unstable sort gives the stable order.
                all.sort_unstable();
                all
            }
            Held::Top(heap, _) => heap.into_sorted_vec(),
        };
        // Taken from the end, so that what a failure downstream leaves is still held.
        self.passing = sorted;
        self.passing.reverse();
        while let Some(entry) = self.passing.pop() {
            if out.emit(entry.event)? == Flow::Stop {
                break;
            }
        }
        // Nothing downstream wants the rest (a satisfied `head`): they count as filtered.
        for _ in self.passing.drain(..) {
            out.filtered();
        }
        Ok(())
    }

    fn holding(&self) -> u64 {
        (self.held.len() + self.passing.len()) as u64
    }
}

/// Adds `entry` to a heap holding at most `limit` of the smallest entries; returns true when an
/// entry (this one or the largest held) was left out.
fn push_bounded<T: Ord>(heap: &mut BinaryHeap<T>, limit: usize, entry: T) -> bool {
    if heap.len() < limit {
        heap.push(entry);
        return false;
    }
    if let Some(mut largest) = heap.peek_mut()
        && entry < *largest
    {
        *largest = entry;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_heap_keeps_the_smallest() {
        let mut heap = BinaryHeap::new();
        let left_out: usize = [5, 1, 9, 3, 7, 2, 8]
            .into_iter()
            .map(|x| push_bounded(&mut heap, 3, x) as usize)
            .sum();
        assert_eq!(left_out, 4);
        assert_eq!(heap.into_sorted_vec(), [1, 2, 3]);
    }

    #[test]
    fn bounded_heap_of_zero_keeps_nothing() {
        let mut heap = BinaryHeap::new();
        assert!(push_bounded(&mut heap, 0, 1));
        assert!(heap.is_empty());
    }

    fn entry(key: Value, seq: u64, reverse: bool) -> Entry {
        Entry {
            keys: vec![key],
            seq,
            reverse,
            event: Event::created(Value::Null),
        }
    }

    #[test]
    fn ties_keep_input_order_also_reversed() {
        for reverse in [false, true] {
            let mut entries = [
                entry(Value::Int(1), 0, reverse),
                entry(Value::Int(2), 1, reverse),
                entry(Value::Float(1.0), 2, reverse),
                entry(Value::Null, 3, reverse),
            ];
            entries.sort_unstable();
            let seqs: Vec<u64> = entries.iter().map(|e| e.seq).collect();
            assert_eq!(seqs, if reverse { [1, 0, 2, 3] } else { [3, 0, 2, 1] });
        }
    }

    #[test]
    fn limit_with_ties_keeps_the_earliest() {
        let mut heap = BinaryHeap::new();
        for seq in 0..5 {
            push_bounded(&mut heap, 2, entry(Value::Int(1), seq, false));
        }
        let seqs: Vec<u64> = heap.into_sorted_vec().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [0, 1]);
    }

    proptest::proptest! {
        /// `--limit N` keeps exactly the first N events of the full stable sort.
        #[test]
        fn limit_is_a_prefix_of_the_full_sort(
            keys in proptest::collection::vec(0i64..5, 0..60),
            limit in 0usize..10,
            reverse: bool,
        ) {
            let entries = || {
                keys.iter()
                    .enumerate()
                    .map(|(i, &k)| entry(Value::Int(k), i as u64, reverse))
            };
            let mut all: Vec<Entry> = entries().collect();
            all.sort_unstable();
            let mut heap = BinaryHeap::new();
            for e in entries() {
                push_bounded(&mut heap, limit, e);
            }
            let top: Vec<u64> = heap.into_sorted_vec().iter().map(|e| e.seq).collect();
            let prefix: Vec<u64> = all.iter().take(limit).map(|e| e.seq).collect();
            proptest::prop_assert_eq!(top, prefix);
        }
    }
}
