//! An event: a value, the original bytes of its input record, and where it came from.
//!
//! An event that no stage changed is written from its original bytes when the output format is
//! the input format ("pristine"); the first mutable access clears that, so a stage can never
//! forget to.
//!
//! `map` and `select` edit a pristine event's JSON text instead of its value
//! ([`Event::replace_text`], [`crate::splice`]): the event stays pristine, its text changes, and
//! its original bytes stay those of the input record (for side files).
//!
//! NDJSON object lines are decoded lazily: the decoder only validates the line, and the event
//! parses its original bytes the first time its whole value is needed ([`Event::value`]). Stages
//! that read a few fields use a [`FieldReader`] (or [`Event::field`]), which converts only the
//! top-level fields they need, straight from the raw line.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use crate::error::Location;
use crate::path::Path;
use crate::scan::{KeySet, Layout, ScanError, Scanner, Span, SpanSet, TopLevel, raw_to_value};
use crate::value::{Map, Value, set_or_remove};

/// How an input record's last line ended: side files (`--errors`) write a record's exact
/// bytes, its own line end included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnd {
    /// `\n` (also what events not read from input are given).
    #[default]
    Lf,
    /// `\r\n`.
    CrLf,
    /// A `\r` that ends a source (a last line without `\n`).
    Cr,
    /// None: the last line of a source without a final `\n`.
    None,
}

impl LineEnd {
    /// The line end's bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            LineEnd::Lf => b"\n",
            LineEnd::CrLf => b"\r\n",
            LineEnd::Cr => b"\r",
            LineEnd::None => b"",
        }
    }
}

/// One event flowing through the stages.
#[derive(Debug, Clone)]
pub struct Event {
    /// The value; empty until first use for a lazily decoded NDJSON line.
    value: OnceCell<Value>,
    /// The input record's bytes, followed by its edited JSON text when a reader thread edited it
    /// (one allocation per event, freed by whichever thread drops the event).
    bytes: Arc<[u8]>,
    /// The length of the input record at the start of `bytes`.
    original_len: usize,
    /// The JSON text of a pristine event when a stage on this thread edited it.
    edited: Option<Vec<u8>>,
    pristine: bool,
    /// How the input record's last line ended.
    ending: LineEnd,
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
            value: OnceCell::from(value),
            bytes: Arc::from(original),
            original_len: original.len(),
            edited: None,
            pristine,
            ending: LineEnd::Lf,
            location,
            arrival,
        }
    }

    /// A pristine event of an NDJSON line that was validated as a JSON object but not parsed;
    /// the value is parsed from `original` on first use.
    pub fn lazy(original: &[u8], location: Location, arrival: i64) -> Event {
        Event::lazy_in(Arc::from(original), original.len(), location, arrival)
    }

    /// A lazy event (see [`Event::lazy`]) whose JSON text a reader thread edited to `text`
    /// ([`crate::ops::ReaderStep`]); the record and the text share one allocation.
    pub fn lazy_edited(original: &[u8], text: &[u8], location: Location, arrival: i64) -> Event {
        // Allocated once at its full length (a concatenated `Vec` would be copied again).
        let mut bytes: Arc<[u8]> = std::iter::repeat_n(0, original.len() + text.len()).collect();
        if let Some(slice) = Arc::get_mut(&mut bytes) {
            let (head, tail) = slice.split_at_mut(original.len());
            head.copy_from_slice(original);
            tail.copy_from_slice(text);
        }
        Event::lazy_in(bytes, original.len(), location, arrival)
    }

    /// A lazy event over `bytes`: the record's `original_len` bytes, then any edited text.
    fn lazy_in(bytes: Arc<[u8]>, original_len: usize, location: Location, arrival: i64) -> Event {
        Event {
            value: OnceCell::new(),
            bytes,
            original_len,
            edited: None,
            pristine: true,
            ending: LineEnd::Lf,
            location,
            arrival,
        }
    }

    /// An event made by a stage (an aggregate result); it has no original bytes.
    pub fn created(value: Value) -> Event {
        Event::created_at(value, Location::default())
    }

    /// An event made by a stage, which messages about it name as `location`
    /// ([`Location::stage_output`]); it has no original bytes.
    pub fn created_at(value: Value, location: Location) -> Event {
        Event {
            value: OnceCell::from(value),
            bytes: Arc::from(&[][..]),
            original_len: 0,
            edited: None,
            pristine: false,
            ending: LineEnd::Lf,
            location,
            arrival: 0,
        }
    }

    /// The bytes `--errors` gets for the event: its input record's, or, for an event a stage
    /// made (no input record), its JSON text.
    pub fn side_file_bytes(&self) -> Cow<'_, [u8]> {
        if self.original_len == 0 && self.location.line == 0 {
            let mut text = Vec::new();
            crate::value::write_json(self.value(), &mut text);
            Cow::Owned(text)
        } else {
            Cow::Borrowed(self.original())
        }
    }

    /// The event's value (an object for everything read from input).
    /// Parses a lazily decoded event's line on first use.
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| parse_validated(self.text()))
    }

    /// The value when it is already parsed (always, except for a lazy NDJSON event that no one
    /// needed whole yet).
    pub fn materialised(&self) -> Option<&Value> {
        self.value.get()
    }

    /// Mutable access to the value; the event is no longer pristine.
    pub fn value_mut(&mut self) -> &mut Value {
        self.pristine = false;
        if self.value.get().is_none() {
            self.value = OnceCell::from(parse_validated(self.text()));
        }
        match self.value.get_mut() {
            Some(value) => value,
            None => unreachable!("the value was just parsed"),
        }
    }

    /// Mutable access to the top-level object, turning a non-object into `{"value": ...}`.
    pub fn object_mut(&mut self) -> &mut Map {
        let value = self.value_mut();
        if !matches!(value, Value::Object(_)) {
            let inner = std::mem::take(value);
            let mut map = Map::default();
            map.insert("value".to_owned(), inner);
            *value = Value::Object(map);
        }
        match value {
            Value::Object(map) => map,
            _ => unreachable!("the value was just made an object"),
        }
    }

    /// Takes the value out of the event.
    pub fn into_value(self) -> Value {
        match self.value.into_inner() {
            Some(value) => value,
            None => {
                let text = match &self.edited {
                    Some(edited) => edited,
                    None => text_of(&self.bytes, self.original_len),
                };
                parse_validated(text)
            }
        }
    }

    /// The field at `path`, if present (parses a lazy event whole; see [`Event::field`]).
    pub fn get(&self, path: &Path) -> Option<&Value> {
        path.get(self.value())
    }

    /// The field at `path`, if present, without parsing a lazy event whole: only the top-level
    /// fields the path may read are converted from the raw line. Borrowed when the value is
    /// parsed already. For many events, a [`FieldReader`] built once is cheaper.
    pub fn field(&self, path: &Path) -> Option<Cow<'_, Value>> {
        if let Some(value) = self.value.get() {
            return path.get(value).map(Cow::Borrowed);
        }
        let mut reader = FieldReader::new([path]);
        path.get(reader.read(self)).cloned().map(Cow::Owned)
    }

    /// The original bytes of the input record without its line terminator (empty for created
    /// events). Side files (`--errors`, `--late file:`) write these.
    pub fn original(&self) -> &[u8] {
        &self.bytes[..self.original_len]
    }

    /// How the input record's last line ended (`\n` for created events).
    pub fn ending(&self) -> LineEnd {
        self.ending
    }

    /// The event with the line end its input record had.
    pub fn with_ending(mut self, ending: LineEnd) -> Event {
        self.ending = ending;
        self
    }

    /// True when the event's JSON text ([`Event::json_text`]) is exact: it was read from NDJSON
    /// input and no stage changed its value other than by editing that text.
    pub fn is_pristine(&self) -> bool {
        self.pristine
    }

    /// The JSON text to write for a pristine event: its original bytes, or the text a stage
    /// edited ([`Event::replace_text`]). `None` once a stage changed the value.
    pub fn json_text(&self) -> Option<&[u8]> {
        self.pristine.then(|| self.text())
    }

    /// Replaces the JSON text of a pristine event (see [`crate::splice`]); `text` must be a valid
    /// JSON object. The value is parsed from it when next needed; the original bytes are kept.
    pub fn replace_text(&mut self, text: Vec<u8>) {
        debug_assert!(self.pristine, "only a pristine event's text can be edited");
        self.edited = Some(text);
        self.value = OnceCell::new();
    }

    /// The text the value is (or is to be) parsed from.
    fn text(&self) -> &[u8] {
        match &self.edited {
            Some(edited) => edited,
            None => text_of(&self.bytes, self.original_len),
        }
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

/// Sets `partial` to an object of those `keys` that `line` has, converting the raw value at
/// `span_of(index)` for the key at `index`. The object is reused from line to line.
fn fill_partial(
    partial: &mut Value,
    keys: &[String],
    line: &[u8],
    span_of: impl Fn(usize) -> Option<Span>,
) {
    if !matches!(partial, Value::Object(_)) {
        *partial = Value::Object(Map::default());
    }
    let Value::Object(map) = partial else {
        return;
    };
    for (index, key) in keys.iter().enumerate() {
        let raw = span_of(index).and_then(|span| line.get(span.range()));
        set_or_remove(map, key, raw.map(raw_to_value));
    }
}

/// The JSON text in an event's `bytes`: the edited text after the record when there is one.
fn text_of(bytes: &[u8], original_len: usize) -> &[u8] {
    match bytes.get(original_len..) {
        Some(edited) if !edited.is_empty() => edited,
        _ => bytes,
    }
}

/// Parses a line the NDJSON decoder validated as a JSON object.
fn parse_validated(line: &[u8]) -> Value {
    // The scanner accepts exactly what the parser accepts, so this cannot fail; if it ever did,
    // that is a bug, and the event is an empty object rather than a panic.
    crate::json::parse(line).unwrap_or_else(|_| Value::Object(Map::default()))
}

/// Reads a fixed set of fields from many events without parsing lazy events whole.
///
/// Built once from the paths a stage reads. [`FieldReader::root`] gives, per event, a value to
/// resolve those paths in with [`Path::get`]: the event's own value when it is parsed, otherwise
/// a small object holding only the top-level keys the paths may look up ([`Path::root_keys`]),
/// converted from the raw line (the last duplicate key wins, as in the full parse). Resolving
/// any of the paths in it gives exactly what resolving it in the full value gives.
#[derive(Debug, Clone)]
pub struct FieldReader {
    scanner: Scanner,
    keys: Vec<String>,
    /// How many of `keys`, the first ones, are converted into the partial object; the others
    /// are only located ([`FieldReader::also_locating`]).
    converted: usize,
    partial: Value,
    /// The spans of the last [`FieldReader::locate_text`], per key.
    found: Vec<Option<Span>>,
}

impl FieldReader {
    /// A reader for `paths`.
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p Path>) -> FieldReader {
        let mut keys: Vec<String> = Vec::new();
        for path in paths {
            for key in path.root_keys() {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        FieldReader::of_keys(keys.len(), keys)
    }

    /// A reader of `keys` that converts the first `converted` of them.
    fn of_keys(converted: usize, keys: Vec<String>) -> FieldReader {
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        FieldReader {
            scanner: Scanner::new(KeySet::new(&refs)),
            found: vec![None; keys.len()],
            converted,
            keys,
            partial: Value::Object(Map::default()),
        }
    }

    /// A reader that also locates the `more` keys it does not have, after its own, without
    /// converting them: an edit uses it to tell the next stage where that stage's fields are.
    pub fn also_locating(&self, more: &[String]) -> FieldReader {
        let mut keys = self.keys.clone();
        for key in more {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        FieldReader::of_keys(self.converted, keys)
    }

    /// The [`SpanSet`] of this reader's keys at `spans` (one per key, in order) in a text of that
    /// `layout`; `None` when the set cannot hold them.
    pub fn span_set_of(
        &self,
        spans: impl IntoIterator<Item = Option<Span>>,
        layout: Layout,
    ) -> Option<SpanSet> {
        SpanSet::new(self.scanner.keys(), spans, layout)
    }

    /// Finds the reader's keys in `text`, an object's JSON text, using `spans` when they are of
    /// this reader's keys: afterwards [`FieldReader::found`] gives where each key's value is.
    /// `None` when `text` is not an object.
    pub fn locate_text(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Layout> {
        if let Some(spans) = spans
            && spans.keys() == self.scanner.keys().id()
        {
            for (index, slot) in self.found.iter_mut().enumerate() {
                *slot = spans.get(index);
            }
            return Some(spans.layout());
        }
        if !matches!(self.scanner.scan(text), Ok(TopLevel::Object { .. })) {
            return None;
        }
        self.found.copy_from_slice(self.scanner.spans());
        Some(self.scanner.layout())
    }

    /// Like [`FieldReader::locate_text`], and converts the keys `text` has into the partial
    /// object ([`FieldReader::partial_mut`]): a stage that edits the text works on what the
    /// text says, whether or not the event's value is parsed.
    pub fn load_text(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Layout> {
        let layout = self.locate_text(text, spans)?;
        let found = &self.found;
        let keys = &self.keys[..self.converted];
        fill_partial(&mut self.partial, keys, text, |i| found[i]);
        Some(layout)
    }

    /// Where key `index`'s value is in the text of the last [`FieldReader::locate_text`].
    pub fn found(&self, index: usize) -> Option<Span> {
        self.found.get(index).copied().flatten()
    }

    /// The partial object, to change it (see [`FieldReader::load_text`]).
    pub fn partial_mut(&mut self) -> &mut Value {
        &mut self.partial
    }

    /// The value to resolve the reader's paths in for `event`: [`FieldReader::load`], then
    /// [`FieldReader::root`].
    pub fn read<'a>(&'a mut self, event: &'a Event) -> &'a Value {
        self.load(event);
        self.root(event)
    }

    /// Prepares [`FieldReader::root`] for `event`: for a lazy event, converts the reader's
    /// top-level keys from its raw line; nothing for a parsed one.
    pub fn load(&mut self, event: &Event) {
        self.load_found(event, None);
    }

    /// [`FieldReader::load`] for an event whose fields the reader already found at `spans` while
    /// it validated the line ([`FieldReader::span_set`]), so the line is not scanned again.
    pub fn load_found(&mut self, event: &Event, spans: Option<SpanSet>) {
        // With no keys the partial object stays empty: nothing to scan.
        if event.value.get().is_some() || self.keys.is_empty() {
            return;
        }
        let line = event.text();
        if let Some(spans) = spans
            && spans.keys() == self.scanner.keys().id()
        {
            let keys = &self.keys[..self.converted];
            fill_partial(&mut self.partial, keys, line, |i| spans.get(i));
            return;
        }
        if !matches!(self.load_line(line), Ok(TopLevel::Object { .. })) {
            // Lazy events are validated objects; anything else would be a bug: parse the event
            // whole (the full path), which `root` then returns.
            let _ = event.value();
        }
    }

    /// Scans a raw NDJSON line, which also validates it, and when it is an object converts the
    /// reader's top-level keys into the partial object ([`FieldReader::partial`]).
    pub fn load_line(&mut self, line: &[u8]) -> Result<TopLevel, ScanError> {
        let top = self.scanner.scan(line)?;
        if matches!(top, TopLevel::Object { .. }) {
            let scanner = &self.scanner;
            let keys = &self.keys[..self.converted];
            fill_partial(&mut self.partial, keys, line, |i| scanner.span(i));
        }
        Ok(top)
    }

    /// The JSON text of key `index`'s value in `line`, the line last given to
    /// [`FieldReader::scan_line`] or [`FieldReader::load_line`]; `None` when it has no such key.
    pub fn raw<'a>(&self, line: &'a [u8], index: usize) -> Option<&'a [u8]> {
        self.scanner.get(line, index)
    }

    /// The top-level keys the reader locates, in order: first those it converts.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Scans a raw NDJSON line, which also validates it, for [`FieldReader::span_set`] only: the
    /// partial object is left as it was.
    pub fn scan_line(&mut self, line: &[u8]) -> Result<TopLevel, ScanError> {
        self.scanner.scan(line)
    }

    /// The spans of the last [`FieldReader::load_line`] or [`FieldReader::scan_line`], for the
    /// stage that reads that line's event ([`FieldReader::load_found`]); `None` when the reader
    /// has no keys or too many.
    pub fn span_set(&self) -> Option<SpanSet> {
        (!self.keys.is_empty())
            .then(|| self.scanner.span_set())
            .flatten()
    }

    /// The partial object of the last [`FieldReader::load_line`]: the reader's top-level keys
    /// that the line has.
    pub fn partial(&self) -> &Value {
        &self.partial
    }

    /// The value to resolve the reader's paths in: the event's value when parsed, else the
    /// partial object of the last [`FieldReader::load`], which must have been of this event.
    pub fn root<'a>(&'a self, event: &'a Event) -> &'a Value {
        event.value.get().unwrap_or(&self.partial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_event_goes_to_side_files_as_its_json_text() {
        let v = crate::json::parse(b"{\"count\":2}").unwrap();
        let e = Event::created_at(v, Location::stage_output(1, "count"));
        assert_eq!(e.location().to_string(), "stage 1 (count) output");
        assert_eq!(&*e.side_file_bytes(), b"{\"count\":2}");
        let v = crate::json::parse(b"{\"a\":1}").unwrap();
        let line = Location {
            source: "in".into(),
            line: 3,
        };
        let e = Event::from_input(v, b"{ \"a\": 1 }", true, line, 0);
        assert_eq!(&*e.side_file_bytes(), b"{ \"a\": 1 }");
    }

    #[test]
    fn mutation_clears_pristine() {
        let v = crate::json::parse(b"{\"a\":1}").unwrap();
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

    #[test]
    fn lazy_events_read_fields_without_parsing_and_agree_with_the_full_parse() {
        let line = br#"{"a":{"b":1},"x":"\"a\":9","a":{"b":[2,3]},"id.orig_h":"h","st\u0061":-0}"#;
        let full = crate::json::parse(line).unwrap();
        let e = Event::lazy(line, Location::default(), 0);
        for p in [
            "a",
            "a.b",
            "a.b[-1]",
            "id.orig_h",
            "sta",
            "x",
            "missing",
            "a.c",
        ] {
            let path = Path::parse(p).unwrap();
            let got = e.field(&path).map(|v| v.to_json());
            assert_eq!(got, path.get(&full).map(Value::to_json), "{p}");
            assert!(e.materialised().is_none(), "{p} parsed the event");
        }
        assert!(e.is_pristine());
        assert_eq!(e.value().to_json(), full.to_json());
        assert!(e.materialised().is_some());
    }

    #[test]
    fn field_reader_forgets_keys_of_the_previous_event() {
        let path = Path::parse("a").unwrap();
        let mut reader = FieldReader::new([&path]);
        let first = Event::lazy(br#"{"a":1}"#, Location::default(), 0);
        let second = Event::lazy(br#"{"b":1}"#, Location::default(), 0);
        assert_eq!(
            path.get(reader.read(&first)).map(Value::to_json).as_deref(),
            Some("1")
        );
        assert!(path.get(reader.read(&second)).is_none());
    }

    #[test]
    fn lazy_events_materialise_on_mutation() {
        let mut e = Event::lazy(br#"{"a":1}"#, Location::default(), 0);
        e.object_mut().insert("b".into(), Value::Int(2));
        assert!(!e.is_pristine());
        assert_eq!(e.value().to_json(), r#"{"a":1,"b":2}"#);
        let e = Event::lazy(br#"{"a":1}"#, Location::default(), 0);
        assert_eq!(e.into_value().to_json(), r#"{"a":1}"#);
    }
}
