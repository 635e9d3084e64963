//! `tail N`: the last N events, written at end of input.

use std::collections::VecDeque;

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs, state};
use crate::value::Value;

/// What `eddy tail --help` and eddy-tail(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new("the last ten events", "eddy tail 10 events.ndjson"),
    Example::new(
        "the last server error",
        "eddy filter 'status >= 500' then tail 1 access.ndjson",
    ),
];

/// Keep the last N events
///
/// Holds up to N events in memory (a ring buffer) and writes them when the input ends, so on an
/// endless input (`tail -F app.log | eddy tail 5`) it writes nothing. Earlier events are counted
/// as filtered.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many events to keep
    #[arg(value_name = "N")]
    count: usize,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage.
pub fn build(args: Args, _ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    Ok(Box::new(Tail {
        ring: Ring::new(args.count),
    }))
}

/// A buffer of the last `capacity` items pushed.
#[derive(Debug)]
struct Ring<T> {
    items: VecDeque<T>,
    capacity: usize,
}

impl<T> Ring<T> {
    fn new(capacity: usize) -> Ring<T> {
        // Grows as needed: `tail 1000000000` must not reserve memory up front.
        Ring {
            items: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
        }
    }

    /// Adds an item; returns the one that fell out (or `item` itself when the capacity is 0).
    fn push(&mut self, item: T) -> Option<T> {
        if self.capacity == 0 {
            return Some(item);
        }
        let evicted = if self.items.len() == self.capacity {
            self.items.pop_front()
        } else {
            None
        };
        self.items.push_back(item);
        evicted
    }

    fn drain(&mut self) -> impl Iterator<Item = T> + '_ {
        self.items.drain(..)
    }

    /// Takes the oldest item out.
    fn pop_front(&mut self) -> Option<T> {
        self.items.pop_front()
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

/// Keeps the last events until the end of input.
struct Tail {
    ring: Ring<Event>,
}

impl Stage for Tail {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if self.ring.push(event).is_some() {
            out.filtered();
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        // One at a time, so that what a failure downstream leaves is still held.
        while let Some(event) = self.ring.pop_front() {
            if out.emit(event)? == Flow::Stop {
                break;
            }
        }
        // Nothing downstream wants the rest (a satisfied `head`): they count as filtered.
        for _ in self.ring.drain() {
            out.filtered();
        }
        Ok(())
    }

    fn holding(&self) -> u64 {
        self.ring.len() as u64
    }

    /// The events held, oldest first.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame("tail", self.settings());
        let held = self.ring.items.iter().map(state::encode_event);
        m.insert("held".into(), Value::Array(held.collect()));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, "tail", &self.settings())?;
        let held = f.get("held")?;
        let items = held.items()?;
        if items.len() > self.ring.capacity {
            return Err(held.damaged(format!("more than {} events", self.ring.capacity)));
        }
        self.ring.items = items.map(|e| e.event()).collect::<Result<_>>()?;
        Ok(())
    }
}

impl Tail {
    /// The options that shape what the stage holds between runs.
    fn settings(&self) -> Value {
        Value::Array(vec![state::count(self.ring.capacity)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_items() {
        let mut ring = Ring::new(3);
        let evicted: Vec<_> = (1..=5).filter_map(|i| ring.push(i)).collect();
        assert_eq!(evicted, [1, 2]);
        assert_eq!(ring.drain().collect::<Vec<_>>(), [3, 4, 5]);
    }

    #[test]
    fn fewer_items_than_capacity() {
        let mut ring = Ring::new(10);
        assert_eq!(ring.push('a'), None);
        assert_eq!(ring.drain().collect::<Vec<_>>(), ['a']);
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let mut ring = Ring::new(0);
        assert_eq!(ring.push(1), Some(1));
        assert_eq!(ring.drain().count(), 0);
    }

    proptest::proptest! {
        /// The ring holds the last N items in order; the rest fell out in order.
        #[test]
        fn ring_is_the_suffix(
            items in proptest::collection::vec(0u8..255, 0..100),
            n in 0usize..20,
        ) {
            let mut ring = Ring::new(n);
            let evicted: Vec<u8> = items.iter().filter_map(|&i| ring.push(i)).collect();
            let kept: Vec<u8> = ring.drain().collect();
            let split = items.len().saturating_sub(n);
            proptest::prop_assert_eq!(&evicted[..], &items[..split]);
            proptest::prop_assert_eq!(&kept[..], &items[split..]);
        }
    }
}
