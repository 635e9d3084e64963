//! `--with-filename`: the name of the source every event was read from, as a field of the event
//! (grep's `-H`, jq's `input_filename`, Miller's `FILENAME`), set as the event is read, so that
//! every stage can use it (`filter`, `--by`). The value is what `source()` gives: the name as
//! given on the command line, `<stdin>` for standard input.
//!
//! The field is set as `map 'FIELD = source()'` sets it: a pristine NDJSON event's text is edited
//! ([`crate::splice`]): the member keeps its place, or goes last, and the rest of the line keeps
//! its bytes; any other event's value is changed. The reader then does none of the chain's work
//! ([`crate::pushdown`] reads the text as read, without the field): the pipeline leaves it off.

use crate::event::{Event, FieldReader};
use crate::path::Path;
use crate::splice::{self, Change, Placement};
use crate::value::Value;

/// Sets one field of every event read to its source's name (one per reading thread).
#[derive(Debug, Clone)]
pub struct FileField {
    /// The field's name: a top-level key (a dot is part of the name).
    key: String,
    /// Locates the field in an event's JSON text.
    reader: FieldReader,
    placement: Placement,
}

impl FileField {
    /// Sets the top-level field `key`.
    pub fn new(key: &str) -> FileField {
        FileField {
            key: key.to_owned(),
            reader: FieldReader::new([&Path::key(key)]),
            placement: Placement::default(),
        }
    }

    /// Sets the field of `event` to the name of its source.
    pub fn set(&mut self, event: &mut Event) {
        let name = Value::from(&*event.location().source);
        self.set_to(event, name);
    }

    /// Sets the field of `event` to `value` (a transport's metadata: `--meta-field`).
    pub fn set_to(&mut self, event: &mut Event, value: Value) {
        if let Some(edited) = event.json_text().and_then(|text| self.edit(text, &value)) {
            event.replace_text(edited);
            return;
        }
        event.object_mut().insert(self.key.clone(), value);
    }

    /// `text`, an object's JSON text, with the field set to `value`; `None` when it is not an
    /// object or holds the key twice (the value is then changed instead).
    fn edit(&mut self, text: &[u8], value: &Value) -> Option<Vec<u8>> {
        let layout = self.reader.locate_text(text, None)?;
        if layout.repeated {
            return None;
        }
        let mut changes = Vec::new();
        let mut appended = Vec::new();
        match self.reader.found(0) {
            Some(span) => changes.push((span, Change::Set(value))),
            None => appended.push((self.key.as_str(), value)),
        }
        let mut edited = Vec::with_capacity(text.len() + self.key.len() + 32);
        splice::splice(
            text,
            &mut changes,
            &appended,
            &mut edited,
            &mut self.placement,
        )?;
        Some(edited)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn named(line: &str) -> String {
        let at = Location {
            source: "logs/a b.ndjson".into(),
            line: 1,
        };
        let mut event = Event::lazy(line.as_bytes(), at, 0);
        FileField::new("_file").set(&mut event);
        assert!(event.is_pristine());
        String::from_utf8(event.json_text().unwrap().to_vec()).unwrap()
    }

    /// The line keeps its bytes; the field goes last, or stays where it was (as `map` does).
    #[test]
    fn the_name_is_spliced_into_the_line() {
        assert_eq!(
            named(r#"{ "a": 1.50, "s":"\u00e9" }"#),
            r#"{ "a": 1.50, "s":"\u00e9","_file":"logs/a b.ndjson" }"#
        );
        assert_eq!(
            named(r#"{"_file":0,"b":2}"#),
            r#"{"_file":"logs/a b.ndjson","b":2}"#
        );
        assert_eq!(named("{}"), r#"{"_file":"logs/a b.ndjson"}"#);
    }

    #[test]
    fn a_repeated_key_or_a_decoded_event_changes_the_value() {
        let at = Location {
            source: "<stdin>".into(),
            line: 3,
        };
        let mut event = Event::lazy(br#"{"_file":1,"x":2,"_file":3}"#, at.clone(), 0);
        FileField::new("_file").set(&mut event);
        assert_eq!(event.value().to_json(), r#"{"_file":"<stdin>","x":2}"#);
        let value = crate::json::parse(br#"{"line":"a"}"#).unwrap();
        let mut event = Event::from_input(value, b"a", false, at, 0);
        FileField::new("_file").set(&mut event);
        assert_eq!(event.value().to_json(), r#"{"line":"a","_file":"<stdin>"}"#);
    }
}
