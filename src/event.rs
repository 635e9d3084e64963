//! An event: a value, the original bytes of its input record, and where it came from.
//!
//! An event that no stage changed is written from its original bytes when the output format is
//! the input format ("pristine"); the first mutable access clears that, so a stage can never
//! forget to.

use std::sync::Arc;

use crate::error::Location;
use crate::path::Path;
use crate::value::{Map, Value};

/// One event flowing through the stages.
#[derive(Debug, Clone)]
pub struct Event {
    value: Value,
    original: Arc<[u8]>,
    pristine: bool,
    location: Location,
    arrival: i64,
}

impl Event {
    /// An event decoded from an input record. `pristine` says whether `original` is the exact
    /// NDJSON text of `value` (true for NDJSON input), so it may be written as is.
    pub fn from_input(
        value: Value,
        original: &[u8],
        pristine: bool,
        location: Location,
        arrival: i64,
    ) -> Event {
        Event {
            value,
            original: Arc::from(original),
            pristine,
            location,
            arrival,
        }
    }

    /// An event made by a stage (an aggregate result); it has no original bytes.
    pub fn created(value: Value) -> Event {
        Event {
            value,
            original: Arc::from(&[][..]),
            pristine: false,
            location: Location::default(),
            arrival: 0,
        }
    }

    /// The event's value (an object for everything read from input).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Mutable access to the value; the event is no longer pristine.
    pub fn value_mut(&mut self) -> &mut Value {
        self.pristine = false;
        &mut self.value
    }

    /// Mutable access to the top-level object, turning a non-object into `{"value": ...}`.
    pub fn object_mut(&mut self) -> &mut Map {
        self.pristine = false;
        if !matches!(self.value, Value::Object(_)) {
            let inner = std::mem::take(&mut self.value);
            let mut map = Map::new();
            map.insert("value".to_owned(), inner);
            self.value = Value::Object(map);
        }
        match &mut self.value {
            Value::Object(map) => map,
            _ => unreachable!("the value was just made an object"),
        }
    }

    /// Takes the value out of the event.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The field at `path`, if present.
    pub fn get(&self, path: &Path) -> Option<&Value> {
        path.get(&self.value)
    }

    /// The original bytes of the input record without its line terminator (empty for created
    /// events). Side files (`--errors`, `--late file:`) write these.
    pub fn original(&self) -> &[u8] {
        &self.original
    }

    /// True when no stage changed the event since it was read from NDJSON input.
    pub fn is_pristine(&self) -> bool {
        self.pristine
    }

    /// Where the event was read.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The wall-clock instant (ns since the epoch) at which the event's record was read; the
    /// event time of processing-time windows.
    pub fn arrival(&self) -> i64 {
        self.arrival
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_clears_pristine() {
        let v = crate::value::parse_json(b"{\"a\":1}").unwrap();
        let mut e = Event::from_input(v, b"{\"a\":1}", true, Location::default(), 0);
        assert!(e.is_pristine());
        let _ = e.value();
        assert!(e.is_pristine());
        e.object_mut().insert("b".into(), Value::Int(2));
        assert!(!e.is_pristine());
        assert_eq!(e.original(), b"{\"a\":1}");
    }

    #[test]
    fn non_objects_become_value_objects_when_changed() {
        let mut e = Event::created(Value::Int(3));
        e.object_mut().insert("b".into(), Value::Null);
        assert_eq!(e.value().to_json(), "{\"value\":3,\"b\":null}");
    }
}
