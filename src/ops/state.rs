//! What a stage keeps between runs (`--state`, [`Stage::save_state`] and
//! [`Stage::restore_state`]): the frame every stage's state shares (a version, the stage's kind
//! and the options that shape what it holds), reading a state back with errors that say where it
//! is damaged ([`Field`]), and the lossless JSON forms of what stages hold: values, bytes and
//! events.
//!
//! A state is JSON text between runs, so everything in it must come back exactly: a value keeps
//! what JSON cannot say (times, durations, infinities, NaN) in one-member objects with a `$` key
//! ([`encode_value`]), an event keeps its original bytes, its text and where it was read
//! ([`encode_event`]), so a held event is written byte for byte as it would have been.

use std::fmt;
use std::sync::Arc;

use base64::Engine;

use crate::error::{Error, Location, Result};
use crate::event::{Event, LineEnd};
use crate::ops::Stage;
use crate::value::{Map, Value};

/// Version of the state format.
pub const STATE_VERSION: i64 = 1;

/// What is wrong with a state, said of it: "is damaged: …", "was saved by …". Shown as
/// `state …`, or by [`restore`] as `state of stage N (name) …`.
#[derive(Debug)]
pub struct StateError(String);

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "state {}", self.0)
    }
}

impl std::error::Error for StateError {}

/// The error of a state that `predicate` says is wrong ("cannot be taken: …").
pub fn state_error(predicate: impl Into<String>) -> Error {
    Error::Runtime(anyhow::Error::new(StateError(predicate.into())))
}

/// A new state of a stage of `kind`, saved with `settings` (the options that shape what the
/// stage holds; [`open`] refuses a state saved with others).
pub fn frame(kind: &str, settings: Value) -> Map {
    let mut m = Map::default();
    m.insert("v".into(), Value::Int(STATE_VERSION));
    m.insert("kind".into(), Value::from(kind));
    m.insert("settings".into(), settings);
    m
}

/// Checks the frame of a state [`frame`] made for a stage of `kind` with `settings`, and gives
/// the state to read the rest from.
pub fn open<'a>(state: &'a Value, kind: &str, settings: &Value) -> Result<Field<'a>> {
    let root = Field {
        value: state,
        path: String::new(),
    };
    if !matches!(state, Value::Object(_)) {
        return Err(state_error("is damaged: not an object"));
    }
    let version = root.get("v")?.int()?;
    if version != STATE_VERSION {
        return Err(state_error(format!(
            "was saved by another version of eddy (state version {version}; this eddy reads version {STATE_VERSION})"
        )));
    }
    let saved = root.get("kind")?.str()?;
    if saved != kind {
        return Err(state_error(format!(
            "was saved by another stage (`{saved}`; this stage is `{kind}`)"
        )));
    }
    let saved = root.get("settings")?.value;
    if saved.to_json() != settings.to_json() {
        return Err(state_error(format!(
            "was saved with other options ({}; now {})",
            saved.to_json(),
            settings.to_json()
        )));
    }
    Ok(root)
}

/// Saves what `stage` holds as JSON text: `None` when it holds nothing across events. The form
/// the pipeline writes between runs.
pub fn save(stage: &dyn Stage) -> Result<Option<String>> {
    Ok(stage.save_state()?.map(|state| state.to_json()))
}

/// Parses `text` (what [`save`] gave for stage `index`, `name`, in an earlier run) and gives it
/// to `stage`: an error names the stage, `state of stage 2 (window) is damaged: …`.
pub fn restore(stage: &mut dyn Stage, index: usize, name: &str, text: &[u8]) -> Result<()> {
    let restored = match crate::json::parse(text) {
        Ok(state) => stage.restore_state(state),
        Err(e) => Err(state_error(format!("is damaged: {e}"))),
    };
    restored.map_err(|e| in_stage(e, index, name))
}

/// Gives `stage` (stage `index`, `name`) the state an earlier run saved of it, parsed (as the
/// state file holds it): an error names the stage, `state of stage 2 (window) is damaged: …`.
pub fn restore_value(stage: &mut dyn Stage, index: usize, name: &str, state: Value) -> Result<()> {
    stage
        .restore_state(state)
        .map_err(|e| in_stage(e, index, name))
}

/// A restore's error, said of stage `index` (`name`).
fn in_stage(e: Error, index: usize, name: &str) -> Error {
    match e {
        Error::Runtime(e) => match e.downcast_ref::<StateError>() {
            Some(StateError(predicate)) => {
                Error::runtime(format!("state of stage {index} ({name}) {predicate}"))
            }
            None => Error::Runtime(e.context(format!("state of stage {index} ({name})"))),
        },
        other => other,
    }
}

/// A part of a state being read, with its place in the state for messages
/// (`` `windows[2].groups[0].end` ``).
#[derive(Debug, Clone)]
pub struct Field<'a> {
    value: &'a Value,
    path: String,
}

impl<'a> Field<'a> {
    /// The error of a state damaged here: `what` is wrong.
    pub fn damaged(&self, what: impl fmt::Display) -> Error {
        if self.path.is_empty() {
            state_error(format!("is damaged: {what}"))
        } else {
            state_error(format!("is damaged: `{}`: {what}", self.path))
        }
    }

    /// The value as it is.
    pub fn raw(&self) -> &'a Value {
        self.value
    }

    /// The member `key` of this object; an error when it is missing.
    pub fn get(&self, key: &str) -> Result<Field<'a>> {
        self.opt(key)?
            .ok_or_else(|| self.damaged(format!("no `{key}`")))
    }

    /// The member `key` of this object; `None` when it is missing or null.
    pub fn opt(&self, key: &str) -> Result<Option<Field<'a>>> {
        let Value::Object(map) = self.value else {
            return Err(self.damaged("not an object"));
        };
        Ok(map
            .get(key)
            .filter(|v| !matches!(v, Value::Null))
            .map(|value| Field {
                value,
                path: if self.path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{}.{key}", self.path)
                },
            }))
    }

    /// The elements of this array.
    pub fn items(&self) -> Result<impl ExactSizeIterator<Item = Field<'a>> + '_> {
        let Value::Array(items) = self.value else {
            return Err(self.damaged("not an array"));
        };
        Ok(items.iter().enumerate().map(|(i, value)| Field {
            value,
            path: format!("{}[{i}]", self.path),
        }))
    }

    /// The elements of the array `key`.
    pub fn list(&self, key: &str) -> Result<Vec<Field<'a>>> {
        Ok(self.get(key)?.items()?.collect())
    }

    /// An integer.
    pub fn int(&self) -> Result<i64> {
        match self.value {
            Value::Int(i) => Ok(*i),
            _ => Err(self.damaged("not an integer")),
        }
    }

    /// An integer that is not negative (a count).
    pub fn count(&self) -> Result<u64> {
        u64::try_from(self.int()?).map_err(|_| self.damaged("negative"))
    }

    /// A count that is also an index or a length.
    pub fn size(&self) -> Result<usize> {
        usize::try_from(self.count()?).map_err(|_| self.damaged("too large"))
    }

    /// An `i128` written by [`int128`].
    pub fn int128(&self) -> Result<i128> {
        match self.value {
            Value::Int(i) => Ok(i128::from(*i)),
            Value::Str(text) => text.parse().map_err(|_| self.damaged("not an integer")),
            _ => Err(self.damaged("not an integer")),
        }
    }

    /// A `u64` written by [`uint64`].
    pub fn uint64(&self) -> Result<u64> {
        match self.value {
            Value::Str(text) => text.parse().map_err(|_| self.damaged("not an integer")),
            _ => Err(self.damaged("not an integer")),
        }
    }

    /// A boolean.
    pub fn bool(&self) -> Result<bool> {
        match self.value {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.damaged("not a boolean")),
        }
    }

    /// A string.
    pub fn str(&self) -> Result<&'a str> {
        self.value
            .as_str()
            .ok_or_else(|| self.damaged("not a string"))
    }

    /// A value written by [`encode_value`].
    pub fn value(&self) -> Result<Value> {
        decode_value(self.value).map_err(|e| self.damaged(e))
    }

    /// A list of values, each written by [`encode_value`].
    pub fn values(&self) -> Result<Vec<Value>> {
        self.items()?.map(|item| item.value()).collect()
    }

    /// Bytes written by [`encode_bytes`].
    pub fn bytes(&self) -> Result<Vec<u8>> {
        match self.value {
            Value::Str(text) => Ok(text.as_bytes().to_vec()),
            Value::Object(_) => base64::engine::general_purpose::STANDARD
                .decode(self.get("base64")?.str()?)
                .map_err(|e| self.damaged(e)),
            _ => Err(self.damaged("not bytes")),
        }
    }

    /// An event written by [`encode_event`].
    pub fn event(&self) -> Result<Event> {
        let original = match self.opt("orig")? {
            Some(f) => f.bytes()?,
            None => Vec::new(),
        };
        let location = Location {
            source: Arc::from(match self.opt("src")? {
                Some(f) => f.str()?,
                None => "",
            }),
            line: match self.opt("line")? {
                Some(f) => f.count()?,
                None => 0,
            },
        };
        let arrival = match self.opt("arrival")? {
            Some(f) => f.int()?,
            None => 0,
        };
        let ending = match self.opt("end")?.map(|f| f.str()).transpose()? {
            None => LineEnd::Lf,
            Some("crlf") => LineEnd::CrLf,
            Some("cr") => LineEnd::Cr,
            Some("none") => LineEnd::None,
            Some(other) => return Err(self.damaged(format!("unknown line end `{other}`"))),
        };
        let pristine = self.get("pristine")?.bool()?;
        let event = match (pristine, self.opt("value")?) {
            (true, None) => {
                // Written as it is: it must be the JSON object it stands for.
                let text = match self.opt("text")? {
                    Some(f) => Some(f.bytes()?),
                    None => None,
                };
                let json = text.as_deref().unwrap_or(&original);
                if !matches!(crate::scan::validate_top(json), Ok(true)) {
                    return Err(self.damaged("the text of the event is not a JSON object"));
                }
                match &text {
                    Some(text) => Event::lazy_edited(&original, text, location, arrival),
                    None => Event::lazy(&original, location, arrival),
                }
            }
            (pristine, Some(value)) => {
                Event::from_input(value.value()?, &original, pristine, location, arrival)
            }
            (false, None) => return Err(self.damaged("no `value`")),
        };
        Ok(event.with_ending(ending))
    }
}

/// An `i128` in a state: an integer, or its decimal text beyond the `i64` range.
pub fn int128(v: i128) -> Value {
    i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int)
}

/// A `u64` in a state (beyond the range of JSON integers eddy reads): its decimal text.
pub fn uint64(v: u64) -> Value {
    Value::Str(v.to_string())
}

/// A count in a state.
pub fn count(n: impl TryInto<i64>) -> Value {
    Value::Int(n.try_into().unwrap_or(i64::MAX))
}

/// The keys of the one-member objects that stand for what JSON cannot say.
const FLOAT_TAG: &str = "$float";
const TIME_TAG: &str = "$time";
const DURATION_TAG: &str = "$duration";
/// Wraps an object of the user's that would read as one of the others.
const OBJECT_TAG: &str = "$object";
const TAGS: [&str; 4] = [FLOAT_TAG, TIME_TAG, DURATION_TAG, OBJECT_TAG];

/// A value as JSON that [`decode_value`] reads back exactly: JSON values as they are, except
/// non-finite floats (`{"$float":"inf"}`, `"-inf"`, `"nan"`), times (`{"$time":NS}`),
/// durations (`{"$duration":NS}`), and an object that would read as one of these, which is
/// wrapped (`{"$object":{…}}`).
pub fn encode_value(v: &Value) -> Value {
    let tagged = |tag: &str, v: Value| {
        let mut m = Map::default();
        m.insert(tag.into(), v);
        Value::Object(m)
    };
    match v {
        Value::Float(f) if f.is_nan() => tagged(FLOAT_TAG, Value::from("nan")),
        Value::Float(f) if f.is_infinite() => tagged(
            FLOAT_TAG,
            Value::from(if *f > 0.0 { "inf" } else { "-inf" }),
        ),
        Value::Time(ns) => tagged(TIME_TAG, Value::Int(*ns)),
        Value::Duration(ns) => tagged(DURATION_TAG, Value::Int(*ns)),
        Value::Array(items) => Value::Array(items.iter().map(encode_value).collect()),
        Value::Object(map) => {
            let members = Value::Object(
                map.iter()
                    .map(|(k, item)| (k.clone(), encode_value(item)))
                    .collect(),
            );
            match map.keys().next() {
                Some(key) if map.len() == 1 && TAGS.contains(&key.as_str()) => {
                    tagged(OBJECT_TAG, members)
                }
                _ => members,
            }
        }
        other => other.clone(),
    }
}

/// Reads what [`encode_value`] wrote; `Err` says what is wrong.
pub fn decode_value(v: &Value) -> Result<Value, String> {
    let members = |map: &Map| -> Result<Value, String> {
        let mut out = crate::value::map_with_capacity(map.len());
        for (k, item) in map {
            out.insert(k.clone(), decode_value(item)?);
        }
        Ok(Value::Object(out))
    };
    match v {
        Value::Array(items) => Ok(Value::Array(
            items.iter().map(decode_value).collect::<Result<_, _>>()?,
        )),
        Value::Object(map) if map.len() == 1 => {
            let Some((tag, inner)) = map.first() else {
                return members(map);
            };
            match (tag.as_str(), inner) {
                (FLOAT_TAG, Value::Str(s)) => match s.as_str() {
                    "nan" => Ok(Value::Float(f64::NAN)),
                    "inf" => Ok(Value::Float(f64::INFINITY)),
                    "-inf" => Ok(Value::Float(f64::NEG_INFINITY)),
                    _ => Err(format!("bad `{FLOAT_TAG}` value `{s}`")),
                },
                (TIME_TAG, Value::Int(ns)) => Ok(Value::Time(*ns)),
                (DURATION_TAG, Value::Int(ns)) => Ok(Value::Duration(*ns)),
                (OBJECT_TAG, Value::Object(inner)) => members(inner),
                (tag, _) if TAGS.contains(&tag) => Err(format!("bad `{tag}` value")),
                _ => members(map),
            }
        }
        Value::Object(map) => members(map),
        other => Ok(other.clone()),
    }
}

/// Bytes in a state: a string when they are UTF-8, else `{"base64":"…"}`.
pub fn encode_bytes(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        Ok(text) => Value::from(text),
        Err(_) => {
            let mut m = Map::default();
            let text = base64::engine::general_purpose::STANDARD.encode(bytes);
            m.insert("base64".into(), Value::Str(text));
            Value::Object(m)
        }
    }
}

/// An event a stage holds, as [`Field::event`] reads it back: the bytes of its input record
/// (`orig`, for side files), the JSON text a stage edited (`text`), its value unless it is
/// pristine (written from its text), how its line ended, its source, line and arrival time.
pub fn encode_event(event: &Event) -> Value {
    let mut m = Map::default();
    m.insert("pristine".into(), Value::Bool(event.is_pristine()));
    if !event.original().is_empty() {
        m.insert("orig".into(), encode_bytes(event.original()));
    }
    match event.json_text() {
        Some(text) => {
            if text != event.original() {
                m.insert("text".into(), encode_bytes(text));
            }
            // A pristine event whose text is not its value's (a partial record's `KEY<TAB>JSON`
            // line) keeps its value too.
            if !matches!(crate::scan::validate_top(text), Ok(true)) {
                m.insert("value".into(), encode_value(event.value()));
            }
        }
        None => {
            m.insert("value".into(), encode_value(event.value()));
        }
    }
    let end = match event.ending() {
        LineEnd::Lf => None,
        LineEnd::CrLf => Some("crlf"),
        LineEnd::Cr => Some("cr"),
        LineEnd::None => Some("none"),
    };
    if let Some(end) = end {
        m.insert("end".into(), Value::from(end));
    }
    let location = event.location();
    if !location.source.is_empty() {
        m.insert("src".into(), Value::from(&*location.source));
    }
    if location.line != 0 {
        m.insert("line".into(), count(location.line));
    }
    if event.arrival() != 0 {
        m.insert("arrival".into(), Value::Int(event.arrival()));
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(v: &Value) -> Value {
        let text = encode_value(v).to_json();
        decode_value(&crate::json::parse(text.as_bytes()).unwrap()).unwrap()
    }

    /// Exact equality, also of what `equals` takes as equal (`1` and `1.0`, `-0.0` and `0.0`).
    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Float(x), Value::Float(y)) => {
                x.to_bits() == y.to_bits() || x.is_nan() && y.is_nan()
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
            }
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y))
            | (Value::Time(x), Value::Time(y))
            | (Value::Duration(x), Value::Duration(y)) => x == y,
            (Value::Str(x), Value::Str(y)) => x == y,
            _ => false,
        }
    }

    fn object(members: Vec<(&str, Value)>) -> Value {
        Value::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    #[test]
    fn values_come_back_exactly() {
        let values = [
            Value::Float(f64::INFINITY),
            Value::Float(f64::NEG_INFINITY),
            Value::Float(f64::NAN),
            Value::Float(-0.0),
            Value::Float(0.1 + 0.2),
            Value::Float(1e16),
            Value::Float(5e-324),
            Value::Int(i64::MIN),
            Value::Time(-5),
            Value::Duration(1_500_000_000),
            object(vec![("$time", Value::Int(3))]),
            object(vec![(
                "$object",
                object(vec![("$float", Value::from("inf"))]),
            )]),
            object(vec![("$time", Value::Int(3)), ("b", Value::Time(4))]),
            Value::Array(vec![Value::Null, Value::from("x\u{1}"), Value::Bool(true)]),
        ];
        for v in &values {
            let back = round_trip(v);
            assert!(same(v, &back), "{v:?} came back as {back:?}");
        }
        // Plain JSON is written as it is.
        let plain = object(vec![
            ("a", Value::Array(vec![Value::Int(1)])),
            ("$x", Value::Null),
        ]);
        assert_eq!(encode_value(&plain).to_json(), plain.to_json());
    }

    #[test]
    fn bad_tags_are_errors() {
        for text in [
            r#"{"$float":"infinity"}"#,
            r#"{"$time":"x"}"#,
            r#"{"$object":1}"#,
        ] {
            let v = crate::json::parse(text.as_bytes()).unwrap();
            assert!(decode_value(&v).is_err(), "{text}");
        }
    }

    fn event_round_trip(e: &Event) -> Event {
        let text = encode_event(e).to_json();
        let v = crate::json::parse(text.as_bytes()).unwrap();
        Field {
            value: &v,
            path: String::new(),
        }
        .event()
        .unwrap()
    }

    /// What a writer and a side file see of an event.
    fn facts(e: &Event) -> (Option<Vec<u8>>, String, Vec<u8>, LineEnd, String, i64, bool) {
        (
            e.json_text().map(<[u8]>::to_vec),
            e.value().to_json(),
            e.side_file_bytes().into_owned(),
            e.ending(),
            e.location().to_string(),
            e.arrival(),
            e.is_pristine(),
        )
    }

    #[test]
    fn events_come_back_as_they_would_be_written() {
        let at = Location {
            source: "app.log".into(),
            line: 7,
        };
        let lazy = Event::lazy(br#"{ "a" : 1.50 }"#, at.clone(), 9).with_ending(LineEnd::CrLf);
        let edited = Event::lazy_edited(br#"{"a":1}"#, br#"{"a":1,"b":2}"#, at.clone(), 0);
        let mut changed = Event::lazy(br#"{"a":1}"#, at.clone(), 0);
        changed.object_mut().insert("t".into(), Value::Time(5));
        let latin1 = Event::from_input(
            object(vec![("line", Value::from("caf\u{e9}"))]),
            b"caf\xe9",
            false,
            at,
            0,
        )
        .with_ending(LineEnd::None);
        let made = Event::created_at(
            object(vec![("count", Value::Int(2))]),
            Location::stage_output(2, "count"),
        );
        let partial = crate::ops::window::emit::tsv_event(
            false,
            crate::ops::window::emit::Bounds::Time(0, 10),
            &[Value::from("k")],
            object(vec![("n", Value::Int(1))]),
            &Location::default(),
        );
        for e in [lazy, edited, changed, latin1, made, partial] {
            let back = event_round_trip(&e);
            assert_eq!(facts(&back), facts(&e));
            let t = |e: &Event| e.value().as_object().and_then(|m| m.get("t")).cloned();
            if let (Some(a), Some(b)) = (t(&e), t(&back)) {
                assert!(same(&a, &b), "{a:?} came back as {b:?}");
            }
        }
    }

    #[test]
    fn a_pristine_event_must_be_an_object() {
        let v = crate::json::parse(br#"{"pristine":true,"orig":"[1]"}"#).unwrap();
        let f = Field {
            value: &v,
            path: "held[0]".into(),
        };
        let e = f.event().unwrap_err().to_string();
        assert!(
            e.contains("`held[0]`: the text of the event is not a JSON object"),
            "{e}"
        );
    }

    #[test]
    fn frames_refuse_other_versions_kinds_and_settings() {
        let settings = Value::Array(vec![Value::Int(3)]);
        let good = Value::Object(frame("tail", settings.clone()));
        assert!(open(&good, "tail", &settings).is_ok());
        let cases = [
            (r#"[]"#, "state is damaged: not an object"),
            (r#"{"kind":"tail"}"#, "state is damaged: no `v`"),
            (
                r#"{"v":2,"kind":"tail","settings":[3]}"#,
                "state was saved by another version of eddy (state version 2; this eddy reads version 1)",
            ),
            (
                r#"{"v":1,"kind":"sort","settings":[3]}"#,
                "state was saved by another stage (`sort`; this stage is `tail`)",
            ),
            (
                r#"{"v":1,"kind":"tail","settings":[4]}"#,
                "state was saved with other options ([4]; now [3])",
            ),
            (
                r#"{"v":"1","kind":"tail","settings":[3]}"#,
                "state is damaged: `v`: not an integer",
            ),
        ];
        for (text, message) in cases {
            let v = crate::json::parse(text.as_bytes()).unwrap();
            let e = open(&v, "tail", &settings).unwrap_err();
            assert_eq!(e.to_string(), format!("eddy: {message}"), "{text}");
        }
    }
}
