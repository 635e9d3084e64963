//! The value model shared by events, expressions and aggregates.
//!
//! This module is the one home for three rules every stage relies on: the typed total order of
//! values (`compare`), numeric equality across integers and floats (`equals`), and JSON
//! serialisation including number formatting (`write_json`, `write_float`).

use std::cmp::Ordering;
use std::fmt;

use indexmap::IndexMap;

/// An ordered JSON object: key order is the order of first insertion, as read from the input.
pub type Map = IndexMap<String, Value, foldhash::fast::RandomState>;

/// Sets `key` in a map reused from record to record: to `value`, keeping the key's allocation
/// when it is there already, or removes it for `None`.
pub fn set_or_remove(map: &mut Map, key: &str, value: Option<Value>) {
    match (value, map.get_mut(key)) {
        (Some(value), Some(slot)) => *slot = value,
        (Some(value), None) => {
            map.insert(key.to_owned(), value);
        }
        (None, _) => {
            map.swap_remove(key);
        }
    }
}

/// An empty [`Map`] with room for `n` fields.
pub fn map_with_capacity(n: usize) -> Map {
    Map::with_capacity_and_hasher(n, Default::default())
}

/// A value in an event or an expression.
///
/// JSON values plus two expression-only kinds: `Time` (a UTC instant) and `Duration`. Both are
/// written to JSON as documented in [`write_json`].
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// JSON `null`, and the value of a missing field.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit integer, kept exact.
    Int(i64),
    /// A floating-point number (also integers outside the `i64` range).
    Float(f64),
    /// A UTF-8 string.
    Str(String),
    /// A JSON array.
    Array(Vec<Value>),
    /// A JSON object with its key order.
    Object(Map),
    /// An instant: nanoseconds since 1970-01-01T00:00:00Z.
    Time(i64),
    /// A span of time in nanoseconds.
    Duration(i64),
}

impl Value {
    /// The type name used in error messages and by the `type()` function.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Time(_) => "time",
            Value::Duration(_) => "duration",
        }
    }

    /// Truthiness for `filter` and logical operators: only `null` and `false` are false.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Value::Null | Value::Bool(false))
    }

    /// The value as a float when it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The string slice when the value is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The map when the value is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// True for `Int` and `Float`.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Float(_))
    }

    /// Compact JSON text of the value.
    pub fn to_json(&self) -> String {
        let mut buf = Vec::new();
        write_json(self, &mut buf);
        // write_json only produces UTF-8: keys and strings are Rust strings, the rest is ASCII.
        String::from_utf8(buf).unwrap_or_default()
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl fmt::Display for Value {
    /// Strings display without quotes; everything else as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            other => f.write_str(&other.to_json()),
        }
    }
}

/// Rank of a value's type in the total order: null < false < true < numbers < times < durations
/// < strings < arrays < objects.
fn type_rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Float(_) => 2,
        Value::Time(_) => 3,
        Value::Duration(_) => 4,
        Value::Str(_) => 5,
        Value::Array(_) => 6,
        Value::Object(_) => 7,
    }
}

/// Compares two numbers exactly, also an `i64` against a float beyond 2^53.
fn compare_numbers(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(x), Value::Float(y)) => compare_int_float(*x, *y),
        (Value::Float(x), Value::Int(y)) => compare_int_float(*y, *x).reverse(),
        // `-0.0 == 0.0` (as `0 == -0.0` above); NaN (from `inf - inf`) sorts after every number,
        // as `compare_int_float` places it, so the order stays total and transitive.
        (Value::Float(x), Value::Float(y)) => x
            .partial_cmp(y)
            .unwrap_or_else(|| x.is_nan().cmp(&y.is_nan())),
        _ => Ordering::Equal,
    }
}

fn compare_int_float(i: i64, f: f64) -> Ordering {
    if f.is_nan() {
        return Ordering::Less;
    }
    // i64 range as floats: [-2^63, 2^63).
    if f >= 9_223_372_036_854_775_808.0 {
        return Ordering::Less;
    }
    if f < -9_223_372_036_854_775_808.0 {
        return Ordering::Greater;
    }
    let truncated = f.trunc();
    match i.cmp(&(truncated as i64)) {
        Ordering::Equal => 0.0f64
            .partial_cmp(&(f - truncated))
            .unwrap_or(Ordering::Equal),
        other => other,
    }
}

/// The typed total order used by `sort`, grouping keys and window output.
///
/// null < false < true < numbers (numerically, `1 == 1.0`) < times < durations < strings
/// (bytewise) < arrays (element-wise) < objects (by canonical JSON text).
pub fn compare(a: &Value, b: &Value) -> Ordering {
    let (ra, rb) = (type_rank(a), type_rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Time(x), Value::Time(y)) | (Value::Duration(x), Value::Duration(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = compare(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Object(_), Value::Object(_)) => canonical_json(a).cmp(&canonical_json(b)),
        (Value::Null, Value::Null) => Ordering::Equal,
        _ => compare_numbers(a, b),
    }
}

/// Type-strict equality: values of different types are never equal, numbers compare numerically.
pub fn equals(a: &Value, b: &Value) -> bool {
    type_rank(a) == type_rank(b) && compare(a, b) == Ordering::Equal
}

/// Canonical JSON: object keys sorted, numbers that are whole written as integers.
///
/// Two values that are `equals` have the same canonical text, so it serves as a grouping key.
pub fn canonical_json(v: &Value) -> String {
    let mut buf = Vec::new();
    write_canonical(v, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Between the values of a key in its id ([`key_id_into`]).
pub const KEY_SEPARATOR: &str = "\u{1f}";

/// The grouping identity of a key: canonical JSON (so `1` and `1.0` group together).
pub fn key_id(key: &[Value]) -> String {
    let mut id = String::new();
    key_id_into(key.iter(), &mut id);
    id
}

/// [`key_id`] of the key values `key`, written into `id` (cleared first, its buffer reused).
pub fn key_id_into<'a>(key: impl Iterator<Item = &'a Value>, id: &mut String) {
    let mut bytes = std::mem::take(id).into_bytes();
    bytes.clear();
    for (i, k) in key.enumerate() {
        if i > 0 {
            bytes.extend_from_slice(KEY_SEPARATOR.as_bytes());
        }
        write_canonical(k, &mut bytes);
    }
    // Canonical JSON is UTF-8.
    *id = String::from_utf8(bytes).unwrap_or_default();
}

/// Appends [`canonical_json`] of `v` to `out`.
pub fn write_canonical(v: &Value, out: &mut Vec<u8>) {
    match v {
        // Every integral float in i64's range (−2^63 ≤ f < 2^63) is written as the int it equals.
        Value::Float(f)
            if f.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(f) =>
        {
            out.extend_from_slice(itoa::Buffer::new().format(*f as i64).as_bytes())
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_string(k, out);
                out.push(b':');
                write_canonical(&map[k], out);
            }
            out.push(b'}');
        }
        other => write_json(other, out),
    }
}

/// Appends the compact JSON text of `v` to `out`.
///
/// Times are written as RFC 3339 strings in UTC (`Z`, fractional digits only when non-zero);
/// durations as a number of seconds (an integer when whole).
pub fn write_json(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Int(i) => out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes()),
        Value::Float(f) => write_float(*f, out),
        Value::Str(s) => write_json_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_string(k, out);
                out.push(b':');
                write_json(item, out);
            }
            out.push(b'}');
        }
        Value::Time(ns) => write_json_string(&format_rfc3339(*ns), out),
        Value::Duration(ns) => write_seconds(*ns, out),
    }
}

/// Formats an instant (a [`Value::Time`]) as RFC 3339 in UTC: `Z`, seconds always present, fractional digits only
/// when non-zero (`2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.25Z`).
pub fn format_rfc3339(ns: i64) -> String {
    match jiff::Timestamp::from_nanosecond(i128::from(ns)) {
        Ok(ts) => ts.to_string(),
        Err(_) => ns.to_string(),
    }
}

/// Writes a nanosecond count as seconds: an integer when whole, else the shortest float.
fn write_seconds(ns: i64, out: &mut Vec<u8>) {
    if ns % 1_000_000_000 == 0 {
        out.extend_from_slice(itoa::Buffer::new().format(ns / 1_000_000_000).as_bytes());
    } else {
        write_float(ns as f64 / 1e9, out);
    }
}

/// Writes a float in its shortest round-trip form, always with a decimal point or an exponent
/// (`25.0`, `1e16`, `0.07044199999999999`). JSON has no infinities or NaN; as jq does,
/// `±infinity` (from input such as `1e400`) is written as `±1.7976931348623157e308`, the
/// largest finite double, and NaN as `null`.
pub fn write_float(f: f64, out: &mut Vec<u8>) {
    if f.is_nan() {
        out.extend_from_slice(b"null");
        return;
    }
    let f = if f.is_infinite() {
        f64::MAX.copysign(f)
    } else {
        f
    };
    out.extend_from_slice(ryu::Buffer::new().format_finite(f).as_bytes());
}

/// Appends `s` as a JSON string literal, escaping `"`, `\` and control characters.
pub fn write_json_string(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        // Runs of plain bytes are found eight at a time.
        let i = crate::swar::skip_plain(bytes, start);
        out.extend_from_slice(&bytes[start..i]);
        let Some(&b) = bytes.get(i) else { break };
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => b"",
        };
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: &Value) -> String {
        v.to_json()
    }

    #[test]
    fn rfc3339_output() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(250_000_000), "1970-01-01T00:00:00.25Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999999999Z");
    }

    #[test]
    fn floats_always_show_a_point_or_exponent() {
        assert_eq!(json(&Value::Float(25.0)), "25.0");
        assert_eq!(json(&Value::Float(70.442 / 1000.0)), "0.07044199999999999");
        assert_eq!(json(&Value::Float(1e16)), "1e16");
        assert_eq!(json(&Value::Float(f64::NAN)), "null");
    }

    #[test]
    fn strings_escape_controls_and_keep_unicode() {
        let v = Value::from("a\"b\\c\n\u{1}é");
        assert_eq!(json(&v), "\"a\\\"b\\\\c\\n\\u0001é\"");
    }

    #[test]
    fn typed_order() {
        let vals = [
            Value::Null,
            Value::Bool(false),
            Value::Bool(true),
            Value::Int(-1),
            Value::Float(0.5),
            Value::Int(1),
            Value::from("1"),
            Value::Array(vec![]),
        ];
        for w in vals.windows(2) {
            assert_eq!(
                compare(&w[0], &w[1]),
                Ordering::Less,
                "{:?} < {:?}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn equality_is_type_strict_but_numeric() {
        assert!(equals(&Value::Int(1), &Value::Float(1.0)));
        assert!(!equals(&Value::Int(1), &Value::from("1")));
        assert!(!equals(&Value::Null, &Value::Bool(false)));
    }

    #[test]
    fn big_integers_compare_exactly_with_floats() {
        let big = Value::Int(9_007_199_254_740_993);
        assert_eq!(
            compare(&big, &Value::Float(9_007_199_254_740_992.0)),
            Ordering::Greater
        );
        assert_eq!(
            compare(&Value::Int(i64::MAX), &Value::Float(9.3e18)),
            Ordering::Less
        );
    }

    #[test]
    fn signed_zeros_are_equal() {
        let (neg, pos) = (Value::Float(-0.0), Value::Float(0.0));
        assert!(equals(&neg, &pos));
        assert!(equals(&neg, &Value::Int(0)));
        assert_eq!(canonical_json(&neg), canonical_json(&pos));
    }

    fn number() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            any::<i64>().prop_map(Value::Int),
            (-3i64..3).prop_map(Value::Int),
            any::<f64>().prop_map(Value::Float),
            proptest::sample::select(vec![
                -0.0,
                0.0,
                1.0,
                f64::NAN,
                -f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                9_223_372_036_854_775_808.0,
                -9_223_372_036_854_775_808.0,
            ])
            .prop_map(Value::Float),
        ]
    }

    proptest::proptest! {
        /// `compare` on numbers is a total order: antisymmetric and transitive (sorting relies
        /// on it), whatever mix of integers, floats, signed zeros and NaN.
        #[test]
        fn number_order_is_total(a in number(), b in number(), c in number()) {
            proptest::prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
            if compare(&a, &b).is_le() && compare(&b, &c).is_le() {
                proptest::prop_assert!(compare(&a, &c).is_le(), "{:?} {:?} {:?}", a, b, c);
            }
            if equals(&a, &b) && equals(&b, &c) {
                proptest::prop_assert!(equals(&a, &c), "{:?} {:?} {:?}", a, b, c);
            }
        }
    }

    #[test]
    fn canonical_json_sorts_keys_and_unifies_numbers() {
        let object = |members: [(&str, Value); 2]| {
            Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
            )
        };
        let a = object([
            ("b", Value::Float(1.0)),
            ("a", Value::Array(vec![Value::Int(2)])),
        ]);
        let b = object([
            ("a", Value::Array(vec![Value::Int(2)])),
            ("b", Value::Int(1)),
        ]);
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(canonical_json(&a), r#"{"a":[2],"b":1}"#);
    }
}
