//! Output records and partial states: one place that lays out a window's record
//! (`window_start`, `window_end`, `window_emit`, keys, aggregates — C8) and its partial form
//! (`_eddy_partial`, C9), so single-pass runs and `window merge` write the same bytes.

use std::cmp::Ordering;

use jiff::tz::TimeZone;

use crate::error::Location;
use std::sync::Arc;

use crate::event::Event;
use crate::input::work::Prepared;
use crate::ops::by::{self, Key};
use crate::ops::state::encode_value;
use crate::path::Path;
use crate::value::{Map, Value, canonical_json, compare, write_json, write_json_string};

use super::aggregates::{Acc, AggSpec, Skips};
use super::timefmt::OutTime;

/// Version of the partial-state format.
pub const PARTIAL_VERSION: i64 = 1;
/// The field holding partial states.
pub const PARTIAL_FIELD: &str = "_eddy_partial";
/// The field of a partial state holding its key values typed ([`encode_value`]), when they hold
/// times or durations: their JSON text would read back as strings and numbers.
pub const KEY_VALUES: &str = "key_values";

/// How window bounds are rendered.
#[derive(Debug, Clone)]
pub enum TimeOut {
    /// No time bounds (count, rolling, global).
    None,
    /// Like the input: decided by the first timestamp read.
    Auto,
    /// Decided.
    Fixed(OutTime),
}

/// The fields of a window record other than keys and aggregates.
#[derive(Debug, Clone, Copy)]
pub enum Bounds {
    /// `global`: none.
    None,
    /// `window_start`, `window_end` in ns.
    Time(i64, i64),
    /// `seq_start`, `seq_end`.
    Seq(u64, u64),
}

/// Keys, aggregates and output settings of a window stage.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The kind's name (stored in partial states).
    pub kind: &'static str,
    /// `--by` paths; with [`Plan::computed`] keys, their names in the object of their values.
    pub keys: Vec<Path>,
    /// `--by` keys that are not all field paths ([`crate::ops::by`]): their values are computed
    /// per event into an object by name ([`Plan::key_object`]), which `keys` read. The reader
    /// threads then read no key ([`crate::ops::WindowOffer`] is not made).
    pub computed: Option<Arc<[Key]>>,
    /// Their output names (`a.b` → `a_b`).
    pub key_names: Vec<String>,
    /// `--agg` specs.
    pub aggs: Vec<AggSpec>,
    /// `--output partial`.
    pub partial: bool,
    /// `--partial-format tsv`.
    pub tsv: bool,
    /// How bounds are rendered.
    pub time_out: TimeOut,
    /// Where the records come from, for messages about them ([`Location::stage_output`]).
    pub origin: Location,
}

/// Compares keys in the typed order.
pub fn compare_keys(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = compare(x, y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

pub use crate::value::{KEY_SEPARATOR, key_id, key_id_into};

/// The key values of `kid`, a key id of `n` fields whose parts are the JSON texts of their
/// values as read ([`crate::input::work::Prepared::key_text`]), when each part is a string
/// without escapes, `true`, `false` or `null` (absent or null): what [`Plan::key_of`] reads
/// from those fields. `None` for any other part (a number, whose spelling the id does not
/// keep; an escaped string; an array or object): the caller reads the fields.
pub fn key_of_text(kid: &str, n: usize) -> Option<Vec<Value>> {
    if n == 0 {
        return kid.is_empty().then(Vec::new);
    }
    let mut key = Vec::with_capacity(n);
    for part in key_parts(kid) {
        if key.len() == n {
            return None;
        }
        key.push(match text_part(part)? {
            TextPart::Str(s) => Value::Str(s.to_owned()),
            TextPart::Other(v) => v,
        });
    }
    (key.len() == n).then_some(key)
}

/// [`key_of_text`] written into `key`, one value per field: a string goes into the `String` a
/// slot holds, so a reused group's key takes no allocation. `false` (`key` then undefined) where
/// [`key_of_text`] answers `None`.
pub fn key_of_text_into(kid: &str, key: &mut [Value]) -> bool {
    if key.is_empty() {
        return kid.is_empty();
    }
    let mut parts = key_parts(kid);
    for slot in key.iter_mut() {
        let Some(part) = parts.next().and_then(text_part) else {
            return false;
        };
        match (slot, part) {
            (Value::Str(s), TextPart::Str(t)) => {
                s.clear();
                s.push_str(t);
            }
            (slot, TextPart::Str(t)) => *slot = Value::Str(t.to_owned()),
            (slot, TextPart::Other(v)) => *slot = v,
        }
    }
    parts.next().is_none()
}

/// The parts of a key id.
fn key_parts(kid: &str) -> impl Iterator<Item = &str> {
    let separator = KEY_SEPARATOR.as_bytes()[0];
    let mut rest = Some(kid);
    std::iter::from_fn(move || {
        let r = rest?;
        // The separator is one ASCII byte: the parts are `str`s.
        Some(match memchr::memchr(separator, r.as_bytes()) {
            Some(end) => {
                rest = Some(&r[end + 1..]);
                &r[..end]
            }
            None => {
                rest = None;
                r
            }
        })
    })
}

/// A part of a key id as [`key_of_text`] reads it.
enum TextPart<'a> {
    /// A string without escapes: the text between the quotes.
    Str(&'a str),
    /// `null`, `true` or `false`.
    Other(Value),
}

/// The value of one part of a key id, when [`key_of_text`] reads it from the text.
fn text_part(part: &str) -> Option<TextPart<'_>> {
    Some(match part {
        "null" => TextPart::Other(Value::Null),
        "true" => TextPart::Other(Value::Bool(true)),
        "false" => TextPart::Other(Value::Bool(false)),
        _ => {
            let inner = part.strip_prefix('"')?.strip_suffix('"')?;
            if memchr::memchr(b'\\', inner.as_bytes()).is_some() {
                return None;
            }
            TextPart::Str(inner)
        }
    })
}

/// Makes the shown key independent of arrival order: of two equal keys (`1` and `1.0`, which
/// group together), the integer spelling wins, also inside arrays and objects; `0.0` wins over
/// `-0.0`; of two equal objects with their fields in different orders, the fields sorted by
/// name (the order `==` compares them in). The result depends only on the spellings seen, not on
/// their order: a reducer shows the key as a single pass does.
pub fn refine_key(cur: &mut [Value], new: &[Value]) {
    for (c, n) in cur.iter_mut().zip(new) {
        refine_value(c, n);
    }
}

/// Whether [`refine_key`] could change the shown key: it holds a float, or an object of more
/// than one field, at some depth (the callers skip reading the key again otherwise).
pub fn refinable(key: &[Value]) -> bool {
    fn value(v: &Value) -> bool {
        match v {
            Value::Float(_) => true,
            Value::Array(items) => items.iter().any(value),
            Value::Object(m) => m.len() > 1 || m.values().any(value),
            _ => false,
        }
    }
    key.iter().any(value)
}

/// [`refine_key`] of one value.
fn refine_value(cur: &mut Value, new: &Value) {
    match (cur, new) {
        (c @ Value::Float(_), Value::Int(_)) => *c = new.clone(),
        (Value::Float(c), Value::Float(n)) if c.is_sign_negative() && !n.is_sign_negative() => {
            *c = *n;
        }
        (Value::Array(c), Value::Array(n)) => {
            for (c, n) in c.iter_mut().zip(n) {
                refine_value(c, n);
            }
        }
        (Value::Object(c), Value::Object(n)) => {
            if !c.keys().eq(n.keys()) {
                c.sort_unstable_keys();
            }
            for (k, c) in c.iter_mut() {
                if let Some(n) = n.get(k) {
                    refine_value(c, n);
                }
            }
        }
        _ => {}
    }
}

/// Whether a key holds a time or a duration (at any depth), which JSON text cannot tell from a
/// string or a number: its partial record then carries the typed key (`key_values`).
fn has_typed(v: &Value) -> bool {
    match v {
        Value::Time(_) | Value::Duration(_) => true,
        Value::Array(items) => items.iter().any(has_typed),
        Value::Object(m) => m.values().any(has_typed),
        _ => false,
    }
}

/// Serialises an output time format into a partial state.
pub fn describe_time(t: &OutTime) -> Value {
    let mut m = Map::default();
    let zone = |tz: &Option<TimeZone>| {
        tz.as_ref()
            .and_then(|z| z.iana_name())
            .map_or(Value::Null, Value::from)
    };
    match t {
        OutTime::Epoch(scale) => {
            m.insert("epoch".into(), Value::Int(*scale));
        }
        OutTime::Rfc3339 { tz, millis } => {
            m.insert("rfc3339".into(), zone(tz));
            m.insert("millis".into(), Value::Bool(*millis));
        }
        OutTime::Strftime(f, tz) => {
            m.insert("strftime".into(), Value::from(f.as_str()));
            m.insert("tz".into(), zone(tz));
        }
    }
    Value::Object(m)
}

/// Reads [`describe_time`]'s output.
pub fn read_time(v: &Value) -> Result<OutTime, String> {
    let m = v.as_object().ok_or("bad time description")?;
    let zone = |k: &str| -> Result<Option<TimeZone>, String> {
        match m.get(k) {
            Some(Value::Str(z)) => super::timefmt::parse_time_zone(z).map(Some),
            _ => Ok(None),
        }
    };
    if let Some(Value::Int(s)) = m.get("epoch") {
        return Ok(OutTime::Epoch(*s));
    }
    if m.contains_key("rfc3339") {
        return Ok(OutTime::Rfc3339 {
            tz: zone("rfc3339")?,
            millis: matches!(m.get("millis"), Some(Value::Bool(true))),
        });
    }
    if let Some(Value::Str(f)) = m.get("strftime") {
        return Ok(OutTime::Strftime(f.clone(), zone("tz")?));
    }
    Err("bad time description".into())
}

impl Plan {
    /// The key values of an event (missing fields are null): read from its value `v`, or with
    /// [`Plan::computed`] keys from the object of their values.
    pub fn key_of(&self, v: &Value) -> Vec<Value> {
        self.keys.iter().map(|p| p.get_or_null(v)).collect()
    }

    /// The key values the reader's reading `p` tells without the event's fields, if it does
    /// ([`key_of_text`]).
    pub fn prepared_key(&self, p: &Prepared) -> Option<Vec<Value>> {
        p.key_text
            .then(|| key_of_text(p.key(), self.keys.len()))
            .flatten()
    }

    /// [`Plan::prepared_key`] written into `key` (made one value per field first): `false`
    /// where that answers `None`, `key` then undefined.
    pub fn prepared_key_into(&self, p: &Prepared, key: &mut Box<[Value]>) -> bool {
        if key.len() != self.keys.len() {
            *key = vec![Value::Null; self.keys.len()].into_boxed_slice();
        }
        p.key_text && key_of_text_into(p.key(), key)
    }

    /// With [`Plan::computed`] keys, the object of the key values of `event`, whose fields
    /// resolve in `root` (`now` reads the clock for `now()`); `Err` when an expression failed;
    /// `None` for keys that are all paths, which [`Plan::key_of`] reads from the event.
    pub fn key_object(
        &self,
        root: &Value,
        event: &Event,
        now: impl Fn() -> i64,
    ) -> Option<Result<Value, String>> {
        let computed = self.computed.as_deref()?;
        Some(by::object(computed, root, event, now))
    }

    /// The fields of an event the keys read: their paths, or what the computed keys read.
    pub fn key_fields(&self) -> Vec<Path> {
        match &self.computed {
            Some(computed) => by::fields(computed),
            None => self.keys.clone(),
        }
    }

    /// Field values the aggregates read, one per aggregate.
    pub fn values_of(&self, v: &Value) -> Vec<Option<Value>> {
        self.aggs
            .iter()
            .map(|a| a.field.as_ref().and_then(|p| p.get(v)).cloned())
            .collect()
    }

    /// Fresh accumulators.
    pub fn new_accs(&self) -> Vec<Acc> {
        self.aggs.iter().map(AggSpec::new_acc).collect()
    }

    /// The value of aggregate `agg` in `event`.
    pub fn value_in<'v>(&self, event: &'v Value, agg: usize) -> Option<&'v Value> {
        self.aggs[agg].field.as_ref().and_then(|p| p.get(event))
    }

    /// Counts in `skips` one record whose aggregated values are `values` (one per aggregate),
    /// and the values the aggregates skip, without aggregating: for the stages that aggregate
    /// a record in many frames (`window count --slide`, `window rolling`).
    pub fn count_skips(&self, values: &[Option<Value>], skips: &mut Skips) {
        skips.records += 1;
        for (agg, (spec, value)) in self.aggs.iter().zip(values).enumerate() {
            if spec.skips(value.as_ref()) {
                skips.skip(agg, self.aggs.len(), value.as_ref());
            }
        }
    }

    /// One line per aggregate that skipped values that are not numbers, for the stage's
    /// summary. Null and missing values are left out silently, as SQL's aggregates and
    /// Miller's `stats1` do.
    pub fn skip_summary<'a>(&'a self, skips: &'a Skips) -> impl Iterator<Item = String> + 'a {
        let stage = self.origin.stage().unwrap_or("window");
        skips.not_numbers().map(move |(agg, n, of)| {
            format!(
                "eddy: {stage}: {} skipped {n} of {of} values that are not numbers (null and \
                 missing ones are left out silently; --null MARKER reads a marker such as NA as null)",
                self.aggs[agg].text
            )
        })
    }

    /// Updates accumulators with one record whose value for aggregate `i` is `value_of(i)`,
    /// counting it and the values skipped in `skips` when given (`None` for a record already
    /// counted: the second and later windows of a hopping or cumulating one).
    pub fn update_with<'v>(
        &self,
        accs: &mut [Acc],
        value_of: impl Fn(usize) -> Option<&'v Value>,
        t: i64,
        seq: u64,
        mut skips: Option<&mut Skips>,
    ) {
        if let Some(skips) = skips.as_deref_mut() {
            skips.records += 1;
        }
        for (agg, (acc, spec)) in accs.iter_mut().zip(&self.aggs).enumerate() {
            let value = value_of(agg);
            if !acc.update(spec, value, t, seq)
                && let Some(skips) = skips.as_deref_mut()
            {
                skips.skip(agg, self.aggs.len(), value);
            }
        }
    }

    /// Builds one output record.
    pub fn record(
        &self,
        bounds: Bounds,
        emit: Option<&str>,
        key: &[Value],
        accs: &[Acc],
        time: Option<&OutTime>,
    ) -> Event {
        let mut m = Map::default();
        let mut duration = None;
        match bounds {
            Bounds::None => {}
            Bounds::Time(s, e) => {
                duration = Some(e.saturating_sub(s));
                let render = |ns| time.map_or(Value::Int(ns), |t| t.render(ns));
                m.insert("window_start".into(), render(s));
                m.insert("window_end".into(), render(e));
            }
            Bounds::Seq(s, e) => {
                m.insert("seq_start".into(), Value::Int(s as i64));
                m.insert("seq_end".into(), Value::Int(e as i64));
            }
        }
        if let Some(e) = emit {
            m.insert("window_emit".into(), Value::from(e));
        }
        for (name, v) in self.key_names.iter().zip(key) {
            m.insert(name.clone(), v.clone());
        }
        if emit == Some("retract") {
            return Event::created_at(Value::Object(m), self.origin.clone());
        }
        if self.partial {
            let mut p = Map::default();
            p.insert("v".into(), Value::Int(PARTIAL_VERSION));
            p.insert("kind".into(), Value::from(self.kind));
            if let Bounds::Time(s, e) = bounds {
                p.insert("start".into(), Value::Int(s));
                p.insert("end".into(), Value::Int(e));
                if let Some(t) = time {
                    p.insert("time".into(), describe_time(t));
                }
            }
            if key.iter().any(has_typed) {
                p.insert(
                    KEY_VALUES.into(),
                    Value::Array(key.iter().map(encode_value).collect()),
                );
            }
            p.insert(
                "keys".into(),
                Value::Array(
                    self.key_names
                        .iter()
                        .map(|k| Value::from(k.as_str()))
                        .collect(),
                ),
            );
            let mut aggs = Map::default();
            for (spec, acc) in self.aggs.iter().zip(accs) {
                aggs.insert(spec.name.clone(), acc.to_partial(spec));
            }
            p.insert("aggs".into(), Value::Object(aggs));
            m.insert(PARTIAL_FIELD.into(), Value::Object(p));
            let value = Value::Object(m);
            if self.tsv {
                return tsv_event(self.kind == "session", bounds, key, value, &self.origin);
            }
            return Event::created_at(value, self.origin.clone());
        }
        for (spec, acc) in self.aggs.iter().zip(accs) {
            m.insert(spec.name.clone(), acc.result(spec, duration));
        }
        Event::created_at(Value::Object(m), self.origin.clone())
    }
}

/// Writes the JSON text of records ([`Plan::record`] of bounds in time or none, not partial
/// states) without making them: byte for byte what [`write_json`] writes of the record's value.
/// The fields' names are escaped once, the window's bounds rendered once per window.
pub struct RecordWriter<'p> {
    plan: &'p Plan,
    time: Option<&'p OutTime>,
    emit: Option<&'p str>,
    /// `"name":` of each key, then of each aggregate.
    names: Vec<Vec<u8>>,
    /// The window `(start, end)` whose opening text `head` is (`None`: not yet written).
    window: Option<(i64, i64)>,
    /// `{` and the fields before the keys.
    head: Vec<u8>,
}

impl<'p> RecordWriter<'p> {
    /// A writer of the records of `plan` labelled `emit`, with bounds rendered by `time`;
    /// `None` for partial states and for records with a field name twice (a key named like an
    /// aggregate or a bound: the record's value holds it once).
    pub fn new(
        plan: &'p Plan,
        emit: Option<&'p str>,
        time: Option<&'p OutTime>,
    ) -> Option<RecordWriter<'p>> {
        if plan.partial {
            return None;
        }
        let bounds = ["window_start", "window_end", "window_emit"];
        let names: Vec<&str> = (plan.key_names.iter().map(String::as_str))
            .chain(plan.aggs.iter().map(|a| a.name.as_str()))
            .collect();
        let mut all: Vec<&str> = names.iter().copied().chain(bounds).collect();
        all.sort_unstable();
        if all.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
        let names = names
            .into_iter()
            .map(|name| {
                let mut text = Vec::new();
                write_json_string(name, &mut text);
                text.push(b':');
                text
            })
            .collect();
        Some(RecordWriter {
            plan,
            time,
            emit,
            names,
            window: None,
            head: Vec::new(),
        })
    }

    /// Appends the text of the record of window `[start, end)` (`None`: a global window's) for
    /// key values `key` and accumulators `accs` to `out`, without a line end.
    pub fn write(
        &mut self,
        window: Option<(i64, i64)>,
        key: &[Value],
        accs: &[Acc],
        out: &mut Vec<u8>,
    ) {
        if self.head.is_empty() || self.window != window {
            self.head.clear();
            self.head.push(b'{');
            if let Some((s, e)) = window {
                let render = |ns| self.time.map_or(Value::Int(ns), |t| t.render(ns));
                self.head.extend_from_slice(b"\"window_start\":");
                write_json(&render(s), &mut self.head);
                self.head.extend_from_slice(b",\"window_end\":");
                write_json(&render(e), &mut self.head);
            }
            if let Some(emit) = self.emit {
                if window.is_some() {
                    self.head.push(b',');
                }
                self.head.extend_from_slice(b"\"window_emit\":");
                write_json_string(emit, &mut self.head);
            }
            self.window = window;
        }
        out.extend_from_slice(&self.head);
        let mut first = self.head.len() == 1;
        let mut field = |name: &[u8], value: &Value| {
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(name);
            write_json(value, out);
        };
        let (key_names, agg_names) = self.names.split_at(self.plan.key_names.len());
        for (name, value) in key_names.iter().zip(key) {
            field(name, value);
        }
        let duration = window.map(|(s, e)| e.saturating_sub(s));
        for (name, (spec, acc)) in agg_names.iter().zip(self.plan.aggs.iter().zip(accs)) {
            field(name, &acc.result(spec, duration));
        }
        out.push(b'}');
    }
}

/// A partial record as `KEY<TAB>JSON`, KEY its [`sort_key`].
pub fn tsv_event(
    session: bool,
    bounds: Bounds,
    key: &[Value],
    value: Value,
    origin: &Location,
) -> Event {
    let mut line = sort_key(session, bounds, key).into_bytes();
    line.push(b'\t');
    write_json(&value, &mut line);
    Event::from_input(value, &line, true, origin.clone(), 0)
}

/// The key of a partial record in `--partial-format tsv`: (window end, window start, keys), of
/// the keys only for sessions (so every partial session of a key reaches the same reducer),
/// written so that its bytes sort as the records do: `LC_ALL=C sort -t$'\t' -k1,1`, Spark's
/// sort of strings and Hadoop's shuffle put the groups in the output order of a single pass,
/// `(window_end, window_start, keys)` in the typed order, and equal keys (`1`, `1.0`) are the
/// same text. Fields are separated by a space: a time is `P` (or `N` before 1970) and 19
/// digits of nanoseconds; a value is a type tag and its encoding (`push_sort_value`).
pub fn sort_key(session: bool, bounds: Bounds, key: &[Value]) -> String {
    let mut out = String::new();
    if let (false, Bounds::Time(s, e)) = (session, bounds) {
        for t in [e, s] {
            let (sign, n) = if t >= 0 {
                ('P', t as u64)
            } else {
                ('N', t.wrapping_sub(i64::MIN) as u64)
            };
            out.push(sign);
            out.push_str(&format!("{n:019}"));
            out.push(' ');
        }
    }
    for v in key {
        push_sort_value(v, &mut out);
        out.push(' ');
    }
    out.pop();
    out
}

/// Appends a value's sort encoding, its type tag first in the order of [`compare`]: `0` null,
/// `1` false, `2` true; `3` and 20 hex digits for a number (its `f64` bits made to sort as
/// numbers, then the exact remainder of an integer beyond 2^53); `4` a time and `5` a duration,
/// each with 16 hex digits of its nanoseconds (sign bit flipped); `6` and the bytes of a string,
/// those up to `"` escaped as `"` and a letter, ended by `!` (which sorts before any other byte,
/// so a prefix sorts first); `7`, the items, `/` for an array; `8` and the canonical JSON text as
/// a string for an object.
fn push_sort_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push('0'),
        Value::Bool(b) => out.push(if *b { '2' } else { '1' }),
        Value::Int(i) => {
            let f = *i as f64;
            push_sort_number(f, i128::from(*i) - f as i128, out);
        }
        Value::Float(f) => push_sort_number(if *f == 0.0 { 0.0 } else { *f }, 0, out),
        Value::Time(ns) | Value::Duration(ns) => {
            let tag = if matches!(v, Value::Time(_)) {
                '4'
            } else {
                '5'
            };
            out.push_str(&format!("{tag}{:016x}", (*ns as u64) ^ 1 << 63));
        }
        Value::Str(s) => {
            out.push('6');
            push_sort_text(s, out);
        }
        Value::Array(items) => {
            out.push('7');
            for item in items {
                push_sort_value(item, out);
            }
            out.push('/');
        }
        Value::Object(_) => {
            out.push('8');
            push_sort_text(&canonical_json(v), out);
        }
    }
}

/// A number as `3`, its order-preserving `f64` bits and the remainder `r` (|r| ≤ 1024) of an
/// integer that the `f64` rounded, each as fixed-width hex.
fn push_sort_number(f: f64, r: i128, out: &mut String) {
    let bits = f.to_bits();
    let ordered = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    out.push_str(&format!("3{ordered:016x}{:04x}", r + 0x8000));
}

/// A string's bytes, those up to `"` escaped, then `!`.
fn push_sort_text(s: &str, out: &mut String) {
    for c in s.chars() {
        if c <= '"' {
            out.push('"');
            out.push(char::from(0x40 + c as u8));
        } else {
            out.push(c);
        }
    }
    out.push('!');
}

#[cfg(test)]
mod sort_key_tests {
    use proptest::prelude::*;

    use super::*;

    /// Key values of every type, with numbers at the edges of `f64` and `i64`.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::Int),
            (-3i64..3).prop_map(Value::Int),
            prop_oneof![
                Just(i64::MAX),
                Just(i64::MIN),
                Just(1 << 53),
                Just((1 << 53) + 1),
                Just(i64::MAX - 1)
            ]
            .prop_map(Value::Int),
            any::<f64>()
                .prop_filter("JSON numbers", |f| f.is_finite())
                .prop_map(Value::Float),
            prop_oneof![
                Just(-0.0),
                Just(0.5),
                Just(-2.0),
                Just(9_223_372_036_854_775_808.0),
                Just(9_007_199_254_740_992.0)
            ]
            .prop_map(Value::Float),
            "[a-c\t\n \"!#é]{0,4}".prop_map(Value::Str),
            any::<i64>().prop_map(Value::Time),
            (-3i64..3).prop_map(Value::Time),
            any::<i64>().prop_map(Value::Duration),
            (-3i64..3).prop_map(Value::Duration),
        ];
        leaf.prop_recursive(2, 6, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::vec(("[a-c]{0,2}", inner), 0..3)
                    .prop_map(|fields| Value::Object(fields.into_iter().collect())),
            ]
        })
    }

    /// Another spelling of a value equal to it (`==` groups them together): integers as floats
    /// where exact, `0` as `-0.0`, objects with their fields reversed; `pick` chooses which.
    fn respell(v: &Value, pick: &mut impl FnMut() -> bool) -> Value {
        match v {
            Value::Int(i) if (*i as f64) as i64 == *i && i.unsigned_abs() < 1 << 53 && pick() => {
                Value::Float(if *i == 0 && pick() { -0.0 } else { *i as f64 })
            }
            Value::Float(f) if *f == 0.0 && pick() => Value::Float(-f),
            Value::Array(items) => Value::Array(items.iter().map(|i| respell(i, pick)).collect()),
            Value::Object(m) => {
                let mut fields: Vec<_> = m
                    .iter()
                    .map(|(k, v)| (k.clone(), respell(v, pick)))
                    .collect();
                if pick() {
                    fields.reverse();
                }
                Value::Object(fields.into_iter().collect())
            }
            other => other.clone(),
        }
    }

    /// A plan over keys named `keys` (names may repeat those of the aggregates or bounds).
    fn record_plan(keys: &[&str], aggs: &[&str]) -> Plan {
        Plan {
            kind: "tumbling",
            keys: keys.iter().map(|k| Path::parse(k).unwrap()).collect(),
            computed: None,
            key_names: keys.iter().map(|k| (*k).to_owned()).collect(),
            aggs: aggs.iter().map(|a| AggSpec::parse(a).unwrap()).collect(),
            partial: false,
            tsv: false,
            time_out: TimeOut::Auto,
            origin: Location::default(),
        }
    }

    proptest! {
        /// A record's text written without making it is the text of the record made.
        #[test]
        fn written_records_are_the_records_made(
            names in prop::collection::vec(prop::sample::select(
                vec!["host", "path", "a.b", "tab\there", "é", "count", "window_end", "sum_x"]), 0..3),
            keys in prop::collection::vec(prop::collection::vec(value(), 3), 1..4),
            values in prop::collection::vec(value(), 0..6),
            windows in prop::collection::vec((any::<i64>(), 0i64..1 << 40), 1..3),
            global in any::<bool>(),
            emit in prop::option::of(prop::sample::select(vec!["on_time", "partial"])),
            time in 0..4u8,
        ) {
            let plan = record_plan(&names, &["count", "sum:x", "p99:x", "max:x", "distinct:x"]);
            let mut accs = plan.new_accs();
            for (seq, v) in values.iter().enumerate() {
                plan.update_with(&mut accs, |_| Some(v), 0, seq as u64, None);
            }
            let time = match time {
                0 => None,
                1 => Some(OutTime::Rfc3339 { tz: None, millis: false }),
                2 => Some(OutTime::Epoch(1_000_000)),
                _ => Some(OutTime::Rfc3339 { tz: Some(TimeZone::get("Europe/Paris").unwrap()), millis: true }),
            };
            let Some(mut writer) = RecordWriter::new(&plan, emit, time.as_ref()) else {
                let mut all: Vec<&str> = names.clone();
                all.extend(["count", "sum_x", "p99_x", "max_x", "distinct_x", "window_end"]);
                all.sort_unstable();
                prop_assert!(all.windows(2).any(|w| w[0] == w[1]), "refused {:?}", names);
                return Ok(());
            };
            let mut written = Vec::new();
            let mut made = Vec::new();
            for (start, len) in &windows {
                let window = (!global).then(|| (*start, start.saturating_add(*len)));
                for key in &keys {
                    let key = &key[..names.len()];
                    writer.write(window, key, &accs, &mut written);
                    written.push(b'\n');
                    let bounds = window.map_or(Bounds::None, |(s, e)| Bounds::Time(s, e));
                    let record = plan.record(bounds, emit, key, &accs, time.as_ref());
                    write_json(record.value(), &mut made);
                    made.push(b'\n');
                }
            }
            prop_assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&made));
        }

        /// The sort key's bytes order groups as the output does, and equal keys are one text.
        #[test]
        fn sort_key_orders_as_the_output(
            a in prop::collection::vec(value(), 2),
            b in prop::collection::vec(value(), 2),
            (s1, e1, s2, e2) in (any::<i64>(), any::<i64>(), any::<i64>(), any::<i64>()),
        ) {
            for session in [false, true] {
                let ka = sort_key(session, Bounds::Time(s1, e1), &a);
                let kb = sort_key(session, Bounds::Time(s2, e2), &b);
                let keys = compare_keys(&a, &b);
                let want = if session { keys } else { (e1, s1).cmp(&(e2, s2)).then(keys) };
                prop_assert_eq!(ka.as_bytes().cmp(kb.as_bytes()), want, "{} vs {}", ka, kb);
                prop_assert!(!ka.contains(['\t', '\n']));
            }
        }

        /// Equal keys spelled differently (`1`, `1.0`; fields in another order) are shown in one
        /// spelling whatever order they arrive in, and they have one sort key.
        #[test]
        fn refined_key_is_independent_of_arrival(
            key in prop::collection::vec(value(), 1..3),
            bits in prop::collection::vec(any::<bool>(), 64),
            order in prop::collection::vec(any::<u8>(), 4),
        ) {
            let mut next = bits.into_iter().cycle();
            let mut pick = move || next.next().unwrap_or(false);
            let spellings: Vec<Vec<Value>> = (0..4)
                .map(|_| key.iter().map(|v| respell(v, &mut pick)).collect())
                .collect();
            let shown = |order: &mut dyn Iterator<Item = &Vec<Value>>| {
                let mut first = order.next().cloned().unwrap_or_default();
                for k in order {
                    refine_key(&mut first, k);
                }
                let mut text = Vec::new();
                write_json(&Value::Array(first), &mut text);
                text
            };
            let mut shuffled: Vec<(u8, &Vec<Value>)> = order.iter().copied().zip(&spellings).collect();
            shuffled.sort_by_key(|(o, _)| *o);
            let forward = shown(&mut spellings.iter());
            prop_assert_eq!(&forward, &shown(&mut spellings.iter().rev()));
            prop_assert_eq!(&forward, &shown(&mut shuffled.into_iter().map(|(_, k)| k)));
            for k in &spellings {
                prop_assert_eq!(compare_keys(k, &key), Ordering::Equal);
                prop_assert_eq!(sort_key(false, Bounds::None, k), sort_key(false, Bounds::None, &key));
            }
        }
    }
}
