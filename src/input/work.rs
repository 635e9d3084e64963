//! What the reader does for the chain besides decoding: the interface through which the layer
//! above hands it a plan ([`ReaderWork`], built by [`crate::pushdown`]), and what the plan's work
//! leaves with a record ([`Done`], [`Found`], [`Prepared`]). The reader runs the plan on every
//! record and knows nothing of stages or expressions.

use std::any::Any;
use std::mem::ManuallyDrop;

use crate::error::Location;
use crate::input::{Decoder, Record};
use crate::scan::SpanSet;
use crate::value::Value;

/// Work done on each record on the reader threads in the place of the chain's first stages (one
/// copy per reader thread).
pub trait ReaderWork: Send + std::fmt::Debug {
    /// Decodes `record` with `decoder` and does the work on it: a record the work filtered out
    /// is [`Record::Filtered`], a kept one carries what was done ([`Record::Lazy`],
    /// [`Record::Kept`]).
    fn decode(&mut self, decoder: &mut dyn Decoder, record: &[u8]) -> Result<Record, String>;

    /// Aggregates the event of a kept `record` (at `location`) in its stage's place; false when
    /// that stage must take the event itself. Asked only of records the work found something
    /// for ([`Found::prepared`]). The work may take back what it gave an aggregated record (it
    /// is dropped after).
    fn absorb(
        &mut self,
        record: &mut Record,
        bytes: &[u8],
        location: &dyn Fn() -> Location,
    ) -> bool;

    /// What [`ReaderWork::absorb`] aggregated since the last call, if anything.
    fn take_absorbed(&mut self) -> Option<Absorbed>;

    /// True once the stage the work aggregates for takes every event itself again (its groups
    /// were about as many as its events): the run is then bound by that stage, and more than one
    /// reader thread only takes CPU from it.
    fn stage_bound(&self) -> bool {
        false
    }

    /// A copy for another reader thread.
    fn clone_work(&self) -> Box<dyn ReaderWork>;
}

impl Clone for Box<dyn ReaderWork> {
    fn clone(&self) -> Box<dyn ReaderWork> {
        self.clone_work()
    }
}

/// Events aggregated on a reader thread in the place of the stage at `stage`: a payload only
/// that stage's side of the plan understands.
pub struct Absorbed {
    /// The 0-based position of the stage in the chain.
    pub stage: usize,
    /// How many events the groups stand for.
    pub events: u64,
    /// The groups.
    pub groups: Box<dyn Any + Send>,
}

/// What the reader's work did for a record it kept.
#[derive(Debug, Clone, Default)]
pub struct Done {
    /// The 0-based position of the first stage the work did not do: the event enters the chain
    /// there.
    pub start: usize,
    /// The edited text, when a text edit changed it.
    pub text: Option<Vec<u8>>,
    /// The record passed every stage and the reader writes its output line itself: the edited
    /// text, or the record's bytes when no edit changed them (an NDJSON line; NDJSON output).
    pub output: bool,
    /// What the work found for the stage at `start`, if anything: boxed, so that a record moves
    /// through decoding and batching as a few words (a [`Found`] is some 200 bytes).
    pub found: Option<Box<Found>>,
}

/// What the reader found in a record for the first stage it did not do, so that the stage need
/// not look again.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Where that stage's fields are in the line's text.
    pub spans: Option<SpanSet>,
    /// What that stage would derive from those fields.
    pub prepared: Option<Prepared>,
}

impl Found {
    /// What a [`Done`] carries of `spans` and `prepared`: `None` when both are. The box is
    /// `spare`'s when it holds one (taken back from an event the work aggregated), so that such
    /// events cost no allocation.
    pub fn boxed(
        spans: Option<SpanSet>,
        prepared: Option<Prepared>,
        spare: &mut Option<Box<Found>>,
    ) -> Option<Box<Found>> {
        if spans.is_none() && prepared.is_none() {
            return None;
        }
        let found = Found { spans, prepared };
        Some(match spare.take() {
            Some(mut boxed) => {
                *boxed = found;
                boxed
            }
            None => Box::new(found),
        })
    }

    /// The prepared facts of `found`, if any.
    pub fn prepared_of(found: &Option<Box<Found>>) -> Option<&Prepared> {
        found.as_deref().and_then(|found| found.prepared.as_ref())
    }
}

/// What a reader thread derived from an event's fields for the first stage that reads it (a
/// window's event time, group key and aggregated values: `crate::pushdown::window::WindowPrep`), so that
/// the stage, on the main thread, need not convert those fields itself. A key of up to
/// [`Prepared::KEY_BYTES`] is held inline, a longer one in an allocation of its own.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The event time (ns since the epoch); 0 when the stage reads none.
    pub time: i64,
    /// Conditions the stage may have to warn about (bits the stage defines).
    pub flags: u8,
    /// The key id's parts are the JSON texts of the key's fields as the line spells them (a
    /// plain string as is), so that [`Prepared::key`] tells the key's values
    /// (`crate::ops::window::emit::key_of_text`).
    pub key_text: bool,
    key: KeyBytes,
    /// The values of the fields the stage aggregates, in its order.
    values: [Scalar; Prepared::MAX_VALUES],
}

/// The bytes of a [`Prepared`] group key: inline when short, else on the heap.
#[derive(Debug, Clone)]
enum KeyBytes {
    Inline(u8, [u8; Prepared::KEY_BYTES]),
    Heap(Box<str>),
}

/// A field value that owns no heap memory, as a [`Prepared`] event holds it (a quarter of the
/// size of a [`Value`]).
#[derive(Debug, Clone, Copy, Default)]
enum Scalar {
    /// The field is absent.
    #[default]
    Absent,
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Prepared {
    /// The longest group key held inline.
    pub const KEY_BYTES: usize = 38;
    /// The most values held.
    pub const MAX_VALUES: usize = 4;

    /// Facts for an event at `time` whose group key is `key` and whose aggregated fields hold
    /// `values`; `None` when there are too many values, or one owns heap memory (a string,
    /// array or object): the stage then reads the event itself.
    pub fn new<'v>(
        time: i64,
        flags: u8,
        key: &str,
        values: impl ExactSizeIterator<Item = Option<&'v Value>>,
    ) -> Option<Prepared> {
        if values.len() > Prepared::MAX_VALUES {
            return None;
        }
        let key = match u8::try_from(key.len()) {
            Ok(len) if key.len() <= Prepared::KEY_BYTES => {
                let mut bytes = [0; Prepared::KEY_BYTES];
                bytes[..key.len()].copy_from_slice(key.as_bytes());
                KeyBytes::Inline(len, bytes)
            }
            _ => KeyBytes::Heap(key.into()),
        };
        let mut prepared = Prepared {
            time,
            flags,
            key_text: false,
            key,
            values: Default::default(),
        };
        for (slot, value) in prepared.values.iter_mut().zip(values) {
            *slot = match value {
                None => Scalar::Absent,
                Some(Value::Null) => Scalar::Null,
                Some(Value::Bool(b)) => Scalar::Bool(*b),
                Some(Value::Int(i)) => Scalar::Int(*i),
                Some(Value::Float(f)) => Scalar::Float(*f),
                Some(_) => return None,
            };
        }
        Some(prepared)
    }

    /// The group key.
    pub fn key(&self) -> &str {
        match &self.key {
            // Built from a `&str` of `len` bytes.
            KeyBytes::Inline(len, bytes) => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            KeyBytes::Heap(key) => key,
        }
    }

    /// The bytes of [`Prepared::key`], without checking them as UTF-8 again.
    pub fn key_bytes(&self) -> &[u8] {
        match &self.key {
            KeyBytes::Inline(len, bytes) => &bytes[..usize::from(*len)],
            KeyBytes::Heap(key) => key.as_bytes(),
        }
    }

    /// The values of the aggregated fields, in the stage's order (`None` when absent). They own
    /// no heap memory, so there is nothing to free: `ManuallyDrop` spares every event the drop
    /// of four `Value`s.
    pub fn values(&self) -> ManuallyDrop<[Option<Value>; Prepared::MAX_VALUES]> {
        ManuallyDrop::new(self.values.map(|scalar| match scalar {
            Scalar::Absent => None,
            Scalar::Null => Some(Value::Null),
            Scalar::Bool(b) => Some(Value::Bool(b)),
            Scalar::Int(i) => Some(Value::Int(i)),
            Scalar::Float(f) => Some(Value::Float(f)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spare_box_is_reused_with_the_new_contents() {
        let prepared = |key: &str| Prepared::new(7, 0, key, std::iter::empty());
        let mut spare = None;
        assert!(Found::boxed(None, None, &mut spare).is_none());
        let first = Found::boxed(None, prepared(&"k".repeat(100)), &mut spare).unwrap();
        let at: *const Found = &*first;
        spare = Some(first);
        let second = Found::boxed(None, prepared("short"), &mut spare).unwrap();
        assert!(spare.is_none());
        assert!(std::ptr::eq(&*second, at));
        let second = second.prepared.as_ref().unwrap();
        assert_eq!((second.time, second.key()), (7, "short"));
    }
}
