//! A time window's reading of each event's fields on the reader threads ([`WindowPrep`]), so
//! that the engine on the main thread gets the event time, key and values ready
//! ([`Prepared`]). It reads them with the window's own definitions
//! ([`crate::ops::window::reading`], [`crate::ops::window::emit::key_id_into`]).

use std::mem::ManuallyDrop;

use crate::event::FieldReader;
use crate::input::work::Prepared;
use crate::ops::window::TimeSpec;
use crate::ops::window::emit::{KEY_SEPARATOR, Plan, key_id_into};
use crate::ops::window::reading::{ValueFields, read_time, time_flags};
use crate::ops::window::timefmt::{TimeFormat, parse_timestamp};
use crate::path::{Path, Segment};
use crate::scan::{SpanSet, raw_to_value};
use crate::swar::skip_plain;
use crate::time::UtcStamps;
use crate::value::{Value, write_canonical};

/// A time window's reading of an event, on a reader thread. It declines events with a bad
/// timestamp (the engine reports them) and events whose key or values [`Prepared`] cannot hold.
///
/// When every field it reads is a top-level key, it reads the raw text of those keys: a string
/// without escapes is its own canonical key text, and numbers convert without allocating.
/// Otherwise it converts the keys into a partial object and reads that.
#[derive(Debug, Clone)]
pub struct WindowPrep {
    time: TimeSpec,
    keys: Vec<Path>,
    values: ValueFields,
    /// The stage's field reader.
    fields: FieldReader,
    /// The positions of the fields among the reader's keys, when all are top-level keys.
    raw: Option<RawFields>,
    /// The key id being built (a buffer reused from event to event).
    kid: String,
    /// The timestamp being read (a string buffer reused from event to event).
    stamp: Value,
    /// Timestamp strings of the common UTC shape may be read in one pass
    /// ([`UtcStamps`]): the time format reads them as RFC 3339.
    utc_stamps: bool,
    /// The one-pass reading of such timestamps (it keeps the last minute).
    stamps: UtcStamps,
    /// The values of the fields read, reused from event to event: scalars only, which own no
    /// memory (a value replaced needs no drop).
    held: [ManuallyDrop<Value>; Prepared::MAX_VALUES],
}

/// The positions, among a [`FieldReader`]'s keys, of the fields a [`WindowPrep`] reads.
#[derive(Debug, Clone)]
struct RawFields {
    time: Option<usize>,
    keys: Vec<usize>,
    values: Vec<usize>,
}

impl WindowPrep {
    /// The reading for a window of `time` and `plan` (not for processing time) whose fields
    /// `fields` reads.
    pub fn new(time: TimeSpec, plan: &Plan, fields: FieldReader) -> WindowPrep {
        let values = ValueFields::of(plan);
        let position = |path: &Path| match path.segments() {
            [Segment::Key(key)] => fields.keys().iter().position(|k| k == key),
            _ => None,
        };
        let raw = (|| {
            Some(RawFields {
                time: match &time.field {
                    Some(field) => Some(position(field)?),
                    None => None,
                },
                keys: plan.keys.iter().map(position).collect::<Option<_>>()?,
                values: values.paths.iter().map(position).collect::<Option<_>>()?,
            })
        })();
        WindowPrep {
            keys: plan.keys.clone(),
            values,
            fields,
            raw,
            kid: String::new(),
            stamp: Value::Str(String::new()),
            utc_stamps: matches!(time.format, TimeFormat::Auto | TimeFormat::Rfc3339),
            stamps: UtcStamps::default(),
            held: Default::default(),
            time,
        }
    }

    /// Reads the raw text of top-level keys (`raw`) in `text`, after [`FieldReader::locate_text`].
    fn prepare_raw(&mut self, text: &[u8]) -> Option<Prepared> {
        let raw = self.raw.as_ref()?;
        let fields = &self.fields;
        let at = |index: usize| fields.found(index).and_then(|span| text.get(span.range()));
        let (time, flags) = match raw.time {
            Some(index) => {
                let bytes = at(index)?;
                // The common UTC shape, straight from the string's bytes (no escape can be in
                // it): no offset is missing, and it is no number (no flag).
                let fast = match bytes {
                    [b'"', body @ .., b'"'] if self.utc_stamps => self.stamps.read(body),
                    _ => None,
                };
                if let Some(t) = fast {
                    (t, 0)
                } else {
                    match (&mut self.stamp, plain_string(bytes)) {
                        (Value::Str(buffer), Some(inner)) => {
                            buffer.clear();
                            buffer.push_str(inner);
                        }
                        (stamp, _) => *stamp = raw_to_value(bytes),
                    }
                    let t = parse_timestamp(&self.stamp, &self.time.format, &self.time.tz).ok()?;
                    (t, time_flags(&self.time, &self.stamp))
                }
            }
            None => (0, 0),
        };
        let mut kid = std::mem::take(&mut self.kid).into_bytes();
        kid.clear();
        for (i, &index) in raw.keys.iter().enumerate() {
            if i > 0 {
                kid.extend_from_slice(KEY_SEPARATOR.as_bytes());
            }
            match at(index) {
                None => kid.extend_from_slice(b"null"),
                // Checked as UTF-8 once, with the whole key below.
                Some(bytes) if plain_body(bytes).is_some() => kid.extend_from_slice(bytes),
                Some(bytes) => write_canonical(&raw_to_value(bytes), &mut kid),
            }
        }
        self.kid = String::from_utf8(kid).ok()?;
        let mut present = [false; Prepared::MAX_VALUES];
        for ((slot, present), &index) in self.held.iter_mut().zip(&mut present).zip(&raw.values) {
            match at(index) {
                None => {}
                // Strings, arrays and objects: not held ([`Prepared::new`]); not converted.
                Some([b'"' | b'[' | b'{', ..]) => return None,
                Some(bytes) => match raw_to_value(bytes) {
                    value @ (Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_)) => {
                        *slot = ManuallyDrop::new(value);
                        *present = true;
                    }
                    _ => return None,
                },
            }
        }
        let values = (self.held.iter().zip(present))
            .take(raw.values.len())
            .map(|(value, present)| present.then_some(&**value));
        let mut prepared = Prepared::new(time, flags, &self.kid, values)?;
        // Each part of the id is the field's text: a plain string as is, else canonical JSON
        // of the value the stage reads from that text.
        prepared.key_text = true;
        Some(prepared)
    }
}

/// The text of a JSON string without escapes (its canonical form is then its raw form).
fn plain_string(raw: &[u8]) -> Option<&str> {
    std::str::from_utf8(plain_body(raw)?).ok()
}

/// The bytes between the quotes of a JSON string without escapes.
fn plain_body(raw: &[u8]) -> Option<&[u8]> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    (skip_plain(inner, 0) == inner.len()).then_some(inner)
}

impl WindowPrep {
    /// Reads the fields of `text`, a JSON object (`spans`: where the reader found the keys of
    /// the stage's field reader, if it did); `None` when the stage must read the event itself
    /// (a bad timestamp to report, a value a [`Prepared`] cannot hold).
    pub fn prepare_text(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Prepared> {
        if self.raw.is_some() {
            self.fields.locate_text(text, spans)?;
            return self.prepare_raw(text);
        }
        self.fields.load_text(text, spans)?;
        // The partial object is lent out while the reading borrows `self`.
        let root = std::mem::take(self.fields.partial_mut());
        let prepared = self.prepare_value(&root);
        *self.fields.partial_mut() = root;
        prepared
    }

    /// Reads the fields of a decoded event's value, as [`WindowPrep::prepare_text`] does.
    pub fn prepare_value(&mut self, root: &Value) -> Option<Prepared> {
        let (time, flags) = match &self.time.field {
            Some(field) => {
                let (t, value) = read_time(&self.time, field, root).ok()?;
                (t, time_flags(&self.time, value))
            }
            None => (0, 0),
        };
        key_id_into(
            self.keys
                .iter()
                .map(|p| p.get(root).unwrap_or(&Value::Null)),
            &mut self.kid,
        );
        Prepared::new(
            time,
            flags,
            &self.kid,
            self.values.paths.iter().map(|p| p.get(root)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::ops::BuildContext;
    use crate::ops::window::reading::NO_OFFSET;
    use proptest::prelude::*;

    /// The reader-side reading of the window stage built from `args`.
    fn prep(args: &str) -> WindowPrep {
        prep_and_plan(args).0
    }

    /// [`prep`] and the stage's plan.
    fn prep_and_plan(args: &str) -> (WindowPrep, Plan) {
        let argv = std::iter::once("eddy").chain(args.split_whitespace());
        let command = crate::cli::parse(argv)
            .unwrap()
            .stages
            .into_iter()
            .next()
            .unwrap();
        let mut stage = command
            .build(&BuildContext {
                index: 1,
                clock: std::sync::Arc::new(crate::clock::SystemClock),
                inputs: Vec::new().into(),
                chain: crate::cli::parse_chain,
            })
            .unwrap();
        match stage.pushdown() {
            Some(crate::ops::Pushdown::Fields(stage)) => {
                let offer = stage.window_offer(true).expect("offered");
                let prep = WindowPrep::new(offer.time, &offer.plan, stage.field_reader().clone());
                (prep, offer.plan)
            }
            _ => panic!("a window offers its fields"),
        }
    }

    /// What a reading found, comparably.
    fn facts(p: Option<Prepared>) -> Option<(i64, u8, String, String)> {
        p.map(|p| {
            (
                p.time,
                p.flags,
                p.key().to_owned(),
                format!("{:?}", *p.values()),
            )
        })
    }

    const LINES: &[&str] = &[
        r#"{"ts":"2024-01-01T00:00:05Z","host":"a","ms":1}"#,
        r#"{"ts":"2024-01-01T00:00:05","host":"\u0061","ms":2.5}"#,
        r#"{ "ts" : 1704067207 , "host" : 1.0 , "ms" : -0 }"#,
        r#"{"ts":"1704067208.5","host":1e2,"ms":1e400}"#,
        r#"{"ts":1704067200000,"host":"tab\there","ms":null}"#,
        r#"{"ts":"2024-01-01T00:00:05Z","host":"é\u00e9","ms":true,"ms":3}"#,
        r#"{"ts":"2024-01-01T00:00:05Z","ms":1}"#,
        r#"{"ts":"2024-01-01T00:00:05Z","host":{"a":1},"ms":1}"#,
        r#"{"ts":"2024-01-01T00:00:05Z","host":null,"ms":[1]}"#,
        r#"{"ts":"2024-01-01T00:00:05Z","host":"a","ms":"1"}"#,
        r#"{"ts":"2024-01-01T00:00:05Z","host":"0123456789012345678901234567890123456789","ms":1}"#,
        r#"{"ts":"soon","host":"a","ms":1}"#,
        r#"{"host":"a","ms":1}"#,
        r#"{"ts":null,"host":"a","ms":1}"#,
    ];

    /// Timestamps near the common UTC shape that the one-pass reading declines or reads.
    const STAMPS: &[&str] = &[
        r#"{"ts":"2024-01-01T00:00:05.123456789Z","host":"a","ms":1}"#,
        r#"{"ts":"2024-01-01T00:00:05.1234567891Z","host":"a","ms":1}"#,
        r#"{"ts":"2016-12-31T23:59:60Z","host":"a","ms":1}"#,
        r#"{"ts":"2024-02-30T00:00:05Z","host":"a","ms":1}"#,
        r#"{"ts":"2024-01-01t00:00:05z","host":"a","ms":1}"#,
        r#"{"ts":"2024-01-01T00:00:05\u005a","host":"a","ms":1}"#,
        r#"{"ts":" 2024-01-01T00:00:05Z","host":"a","ms":1}"#,
        r#"{"ts":"9999-01-01T00:00:05Z","host":"a","ms":1}"#,
    ];

    #[test]
    fn raw_reading_equals_the_reading_of_the_value() {
        for args in [
            "window tumbling --size 1m --time-field ts --by host --agg count --agg sum:ms --agg max:ms",
            "window global --by host,ms --agg count",
            "window hopping --size 2m --slide 1m --time-field ts --agg mean:ms --by id.orig_h",
            "window tumbling --size 1m --time-field ts --time-format rfc3339 --tz Europe/Berlin --by host --agg count",
            "window tumbling --size 1m --time-field ts --time-format strptime:%Y-%m-%dT%H:%M:%SZ --agg count",
        ] {
            let mut prep = prep(args);
            for line in LINES.iter().chain(STAMPS) {
                let value = json::parse(line.as_bytes()).unwrap();
                let from_text = facts(prep.prepare_text(line.as_bytes(), None));
                assert_eq!(
                    from_text,
                    facts(prep.prepare_value(&value)),
                    "{args}: {line}"
                );
            }
        }
    }

    #[test]
    fn declines_what_the_stage_must_read_itself() {
        let mut prep = prep("window tumbling --size 1m --time-field ts --by host --agg sum:ms");
        let read =
            |prep: &mut WindowPrep, line: &str| facts(prep.prepare_text(line.as_bytes(), None));
        let (t, flags, key, values) = read(&mut prep, LINES[0]).unwrap();
        assert_eq!((t, flags), (1_704_067_205_000_000_000, 0));
        assert_eq!(
            (key.as_str(), values.as_str()),
            ("\"a\"", "[Some(Int(1)), None, None, None]")
        );
        // The same key spelled with an escape, no offset flagged, `1.0` grouped with `1`.
        assert_eq!(read(&mut prep, LINES[1]).unwrap().1, NO_OFFSET);
        assert_eq!(read(&mut prep, LINES[1]).unwrap().2, "\"a\"");
        assert_eq!(read(&mut prep, LINES[2]).unwrap().2, "1");
        // Epoch seconds in milliseconds are out of range: the stage reports them.
        assert_eq!(read(&mut prep, LINES[4]), None);
        // A missing key is null; an object key is its canonical text.
        assert_eq!(read(&mut prep, LINES[6]).unwrap().2, "null");
        assert_eq!(read(&mut prep, LINES[7]).unwrap().2, r#"{"a":1}"#);
        // A key longer than those held inline is held all the same.
        let long = "\"0123456789012345678901234567890123456789\"";
        assert_eq!(read(&mut prep, LINES[10]).unwrap().2, long);
        // String, array or object values, bad times: declined.
        for line in LINES[8..].iter().filter(|l| **l != LINES[10]) {
            assert_eq!(read(&mut prep, line), None, "{line}");
        }
    }

    /// JSON texts of key values: plain and escaped strings, numbers of every spelling, the
    /// other literals, arrays and objects.
    fn key_text() -> impl Strategy<Value = Option<String>> {
        let fixed = prop::sample::select(vec![
            "null",
            "true",
            "false",
            "1",
            "1.0",
            "-0",
            "1e2",
            "[]",
            "[\"a\"]",
            "{\"k\":1}",
            "\"\\u0061\"",
            "\"a\\\"b\"",
            "\"\\/\"",
            "\"\"",
            "\"é\"",
        ])
        .prop_map(str::to_owned);
        let string = any::<String>().prop_map(|s| Value::Str(s).to_json());
        prop::option::weighted(0.9, prop_oneof![fixed, string])
    }

    proptest! {
        /// The key values a reading tells without the fields are those the stage reads.
        #[test]
        fn the_key_a_reading_tells_is_the_key_of_the_value(
            a in key_text(),
            b in key_text(),
        ) {
            let (mut prep, plan) =
                prep_and_plan("window tumbling --size 1m --time-field ts --by a,b --agg count");
            let mut line = String::from(r#"{"ts":"2024-01-01T00:00:05Z""#);
            for (name, text) in [("a", &a), ("b", &b)] {
                if let Some(text) = text {
                    line.push_str(&format!(r#","{name}":{text}"#));
                }
            }
            line.push('}');
            let value = json::parse(line.as_bytes()).unwrap();
            let prepared = prep.prepare_text(line.as_bytes(), None).unwrap();
            prop_assert_eq!(prepared.key(), crate::value::key_id(&plan.key_of(&value)));
            if let Some(key) = plan.prepared_key(&prepared) {
                // Exactly: the same types (`Debug` tells an int from a float), the same text.
                let want = plan.key_of(&value);
                prop_assert_eq!(format!("{key:?}"), format!("{want:?}"), "{}", line);
            }
            // Written into a reused group's key (another key's strings, other types, another
            // length), the same key.
            for old in [vec![Value::from("old key"), Value::Int(1)], vec![Value::Null]] {
                let mut reused = old.into_boxed_slice();
                let into = plan.prepared_key_into(&prepared, &mut reused);
                let made = plan.prepared_key(&prepared);
                prop_assert_eq!(into, made.is_some());
                if let Some(made) = made {
                    prop_assert_eq!(format!("{reused:?}"), format!("{made:?}"));
                }
            }
            // A reading of the decoded value tells no key: it may hold what JSON does not.
            prop_assert!(plan.prepared_key(&prep.prepare_value(&value).unwrap()).is_none());
        }
    }
}
