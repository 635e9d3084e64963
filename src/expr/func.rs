//! The function table: name, arity range, implementation, and compile-time checks of literal
//! arguments. `exists`, `coalesce` and `now` are special forms handled by the compiler. Also the
//! one regex compilation ([`compile_regex`]) of literal patterns (the compiler) and computed
//! ones (the evaluator).

use std::cmp::Ordering;

use regex::Regex;

use crate::time::{
    self, TimeFormat, format_duration, format_timestamp, parse_duration, parse_time_zone,
    parse_timestamp,
};
use crate::value::{Value, canonical_json, compare, format_rfc3339};

/// Compiles a regex with the linear-time engine of the `regex` crate.
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    // The regex crate matches in time linear in the text (no backtracking); these bound what a
    // pattern, also one taken from the data, may cost to compile and to hold.
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| regex_error(pattern, &e))
}

/// [`compile_regex`] for matching bytes that need not be UTF-8 (`--multiline-start` matches
/// raw input lines), with the same bounds and messages.
pub fn compile_bytes_regex(pattern: &str) -> Result<regex::bytes::Regex, String> {
    regex::bytes::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| regex_error(pattern, &e))
}

/// The message of a pattern the regex crate refused.
fn regex_error(pattern: &str, e: &regex::Error) -> String {
    let detail = e.to_string();
    // The crate's message spans several lines; keep the last, which says what is wrong.
    let last = detail
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ");
    format!("invalid regex `{pattern}`: {last}")
}

/// The most heap a compiled regex may take (the `regex` crate's default, stated here).
pub const REGEX_SIZE_LIMIT: usize = 10 << 20;
/// The most heap a regex's lazy DFA cache may take (the `regex` crate's default).
pub const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;

/// A function's implementation over evaluated arguments (borrowed: fields are not copied).
pub type Impl = fn(&[&Value]) -> Result<Value, String>;

/// Validates the literal arguments of a call at compile time: `args[i]` is `Some` for a literal.
/// Returns the index of the bad argument and the message.
pub type Check = fn(&[Option<&Value>]) -> Result<(), (usize, String)>;

/// One entry of the function table, with its documentation: the one source of the function
/// section of `eddy-expr(7)` and `eddy help expr`, whose examples a test evaluates.
pub struct Func {
    /// The name as called.
    pub name: &'static str,
    /// Fewest arguments.
    pub min: usize,
    /// Most arguments (`usize::MAX`: any number).
    pub max: usize,
    /// The implementation; `None` for special forms compiled by the compiler.
    pub imp: Option<Impl>,
    /// A check of literal arguments, run at compile time.
    pub check: Option<Check>,
    /// The call as documented, `substr(s, start [, n])`.
    pub signature: &'static str,
    /// What it returns, one sentence.
    pub about: &'static str,
    /// Calls and what they give.
    pub examples: &'static [Example],
}

/// A documented call: the expression, the event it is evaluated on and its result, both as
/// eddy writes JSON (a time as an RFC 3339 string, a duration as seconds).
pub struct Example {
    /// The expression.
    pub expr: &'static str,
    /// The input event (`{}` when the expression reads no field).
    pub input: &'static str,
    /// The result.
    pub result: &'static str,
}

const ANY: usize = usize::MAX;

macro_rules! f {
    ($name:literal, $min:expr, $max:expr, $imp:expr, $check:expr, $sig:literal, $about:literal,
     [$(($expr:literal, $input:literal, $result:literal)),+ $(,)?]) => {
        Func {
            name: $name,
            min: $min,
            max: $max,
            imp: $imp,
            check: $check,
            signature: $sig,
            about: $about,
            examples: &[$(Example { expr: $expr, input: $input, result: $result }),+],
        }
    };
}

/// Every function, in the order of the documentation.
pub static FUNCTIONS: &[Func] = &[
    f!(
        "len",
        1,
        1,
        Some(len),
        None,
        "len(x)",
        "The characters of a string, the elements of an array, the keys of an object.",
        [
            (r#"len("héllo")"#, "{}", "5"),
            ("len(tags)", r#"{"tags":["a","b"]}"#, "2")
        ]
    ),
    f!(
        "lower",
        1,
        1,
        Some(lower),
        None,
        "lower(s)",
        "The string in lower case.",
        [(r#"lower("GET")"#, "{}", r#""get""#)]
    ),
    f!(
        "upper",
        1,
        1,
        Some(upper),
        None,
        "upper(s)",
        "The string in upper case.",
        [("upper(cc)", r#"{"cc":"de"}"#, r#""DE""#)]
    ),
    f!(
        "trim",
        1,
        1,
        Some(trim),
        None,
        "trim(s)",
        "The string without white space at either end.",
        [(r#"trim("  a ")"#, "{}", r#""a""#)]
    ),
    f!(
        "contains",
        2,
        2,
        Some(contains),
        None,
        "contains(s, sub)",
        "Whether the string holds the text sub, or the array an element equal to sub.",
        [
            (r#"contains("abc", "b")"#, "{}", "true"),
            ("contains(tags, 2)", r#"{"tags":[1,2]}"#, "true")
        ]
    ),
    f!(
        "starts_with",
        2,
        2,
        Some(starts_with),
        None,
        "starts_with(s, prefix)",
        "Whether the string starts with the prefix.",
        [(
            r#"starts_with(path, "/api/")"#,
            r#"{"path":"/api/v1/users"}"#,
            "true"
        )]
    ),
    f!(
        "ends_with",
        2,
        2,
        Some(ends_with),
        None,
        "ends_with(s, suffix)",
        "Whether the string ends with the suffix.",
        [(
            r#"ends_with(file, ".gz")"#,
            r#"{"file":"app.log.gz"}"#,
            "true"
        )]
    ),
    f!(
        "split",
        2,
        2,
        Some(split),
        None,
        "split(s, sep)",
        "The parts of the string between the separators; an empty separator splits into characters.",
        [
            (r#"split("a,b", ",")"#, "{}", r#"["a","b"]"#),
            (r#"split("ab", "")"#, "{}", r#"["a","b"]"#)
        ]
    ),
    f!(
        "join",
        2,
        2,
        Some(join),
        None,
        "join(arr, sep)",
        "The elements, converted as by str(), joined by the separator.",
        [(r#"join(["a", 1], "-")"#, "{}", r#""a-1""#)]
    ),
    f!(
        "replace",
        3,
        3,
        Some(replace),
        None,
        "replace(s, from, to)",
        "The string with every occurrence of the literal text from replaced by to.",
        [(r#"replace("a-b-c", "-", "+")"#, "{}", r#""a+b+c""#)]
    ),
    f!(
        "substr",
        2,
        3,
        Some(substr),
        None,
        "substr(s, start [, n])",
        "n characters (or the rest) from character start, counted from the end when negative.",
        [
            (r#"substr("abcdef", 1, 3)"#, "{}", r#""bcd""#),
            (r#"substr("abcdef", -2)"#, "{}", r#""ef""#)
        ]
    ),
    f!(
        "abs",
        1,
        1,
        Some(abs),
        None,
        "abs(x)",
        "The absolute value of a number or a duration.",
        [("abs(-3)", "{}", "3"), ("abs(-90s)", "{}", "90")]
    ),
    f!(
        "floor",
        1,
        1,
        Some(floor),
        None,
        "floor(x)",
        "The largest whole number not above x (an integer when it fits).",
        [("floor(2.7)", "{}", "2"), ("floor(-2.5)", "{}", "-3")]
    ),
    f!(
        "ceil",
        1,
        1,
        Some(ceil),
        None,
        "ceil(x)",
        "The smallest whole number not below x (an integer when it fits).",
        [("ceil(2.1)", "{}", "3")]
    ),
    f!(
        "round",
        1,
        2,
        Some(round),
        None,
        "round(x [, digits])",
        "x rounded half away from zero. Without digits a whole number, an integer when it fits (as floor and ceil); with digits, to that many decimals (tens, hundreds when negative), of the type of x.",
        [
            ("round(2.5)", "{}", "3"),
            ("round(2.5, 0)", "{}", "3.0"),
            ("round(3.14159, 2)", "{}", "3.14"),
            ("round(1250, -2)", "{}", "1300")
        ]
    ),
    f!(
        "min",
        1,
        ANY,
        Some(min),
        None,
        "min(a, b, ...), min(arr)",
        "The smallest argument, or element of one array argument; nulls are skipped, null when none is left.",
        [
            ("min(3, 1, 2)", "{}", "1"),
            ("min(a, b)", r#"{"a":4,"b":null}"#, "4")
        ]
    ),
    f!(
        "max",
        1,
        ANY,
        Some(max),
        None,
        "max(a, b, ...), max(arr)",
        "The largest argument, or element of one array argument; nulls are skipped, null when none is left.",
        [("max([3, 1, 2])", "{}", "3")]
    ),
    f!(
        "num",
        1,
        1,
        Some(num),
        None,
        "num(x)",
        "A number: strings that are one read, true is 1, durations and times in seconds, else null.",
        [
            (r#"num("42")"#, "{}", "42"),
            (r#"num("1.5")"#, "{}", "1.5"),
            (r#"num("n/a")"#, "{}", "null"),
            ("num(5m)", "{}", "300")
        ]
    ),
    f!(
        "int",
        1,
        1,
        Some(int),
        None,
        "int(x)",
        "An integer, toward zero: numbers, strings that are one, times as epoch seconds.",
        [(r#"int("3.7")"#, "{}", "3"), ("int(-2.5)", "{}", "-2")]
    ),
    f!(
        "str",
        1,
        1,
        Some(str_),
        None,
        "str(x)",
        "A string: a string as it is, a duration in its canonical form (largest unit first, as `1m30s` for 90s, `7d` for 1w), a time in RFC 3339, others as their JSON text.",
        [
            ("str(42)", "{}", r#""42""#),
            ("str(5m)", "{}", r#""5m""#),
            ("str(90s)", "{}", r#""1m30s""#),
            ("str([1])", "{}", r#""[1]""#)
        ]
    ),
    f!(
        "bool",
        1,
        1,
        Some(bool_),
        None,
        "bool(x)",
        "The truthiness of x, except that the string \"false\" is false.",
        [
            ("bool(0)", "{}", "true"),
            (r#"bool("false")"#, "{}", "false"),
            ("bool(null)", "{}", "false")
        ]
    ),
    f!(
        "type",
        1,
        1,
        Some(type_),
        None,
        "type(x)",
        "The type's name: null, boolean, number, string, array, object, time or duration.",
        [
            ("type(1.5)", "{}", r#""number""#),
            ("type(5m)", "{}", r#""duration""#),
            ("type(missing)", "{}", r#""null""#)
        ]
    ),
    f!(
        "exists",
        1,
        1,
        None,
        None,
        "exists(field)",
        "Whether the event has the field, also when its value is null; takes a field path.",
        [
            ("exists(user.id)", r#"{"user":{"id":null}}"#, "true"),
            ("exists(user.id)", "{}", "false")
        ]
    ),
    f!(
        "is_null",
        1,
        1,
        Some(is_null),
        None,
        "is_null(x)",
        "Whether x is null or missing.",
        [("is_null(user)", "{}", "true")]
    ),
    f!(
        "coalesce",
        1,
        ANY,
        None,
        None,
        "coalesce(a, b, ...)",
        "The first argument that is not null; the arguments after it are not evaluated.",
        [
            (r#"coalesce(user, "-")"#, "{}", r#""-""#),
            (r#"coalesce(user, "-")"#, r#"{"user":"ann"}"#, r#""ann""#)
        ]
    ),
    f!(
        "time",
        1,
        3,
        Some(time_fn),
        Some(check_time),
        "time(x [, format [, tz]])",
        "x read as a time: RFC 3339 text or epoch seconds, or by the format, in the zone tz when it has no offset.",
        [
            (
                r#"time("2024-05-01T10:00:00+02:00")"#,
                "{}",
                r#""2024-05-01T08:00:00Z""#
            ),
            (
                r#"time(ts, "epoch_ms")"#,
                r#"{"ts":1714557600250}"#,
                r#""2024-05-01T10:00:00.25Z""#
            ),
            (
                r#"time(t, "%d/%b/%Y:%H:%M:%S %z")"#,
                r#"{"t":"01/May/2024:10:00:00 +0200"}"#,
                r#""2024-05-01T08:00:00Z""#
            )
        ]
    ),
    f!(
        "format_time",
        1,
        3,
        Some(format_time),
        Some(check_format_time),
        "format_time(t [, format] [, tz])",
        "The time as text: RFC 3339 in UTC, or by a strftime pattern, in the zone tz.",
        [
            (
                r#"format_time(time(ts), "%Y-%m-%d")"#,
                r#"{"ts":"2024-05-01T23:30:00Z"}"#,
                r#""2024-05-01""#
            ),
            (
                r#"format_time(ts, "Europe/Berlin")"#,
                r#"{"ts":"2024-05-01T10:00:00Z"}"#,
                r#""2024-05-01T12:00:00+02:00""#
            ),
            (
                r#"format_time(ts, "%H:%M %Z", "America/New_York")"#,
                r#"{"ts":"2024-05-01T10:00:00Z"}"#,
                r#""06:00 EDT""#
            )
        ]
    ),
    f!(
        "now",
        0,
        0,
        None,
        None,
        "now()",
        "The current time from the run's clock, read once per event.",
        [(
            "now() - time(ts) > 5m",
            r#"{"ts":"2024-05-01T10:00:00Z"}"#,
            "true"
        )]
    ),
    f!(
        "source",
        0,
        0,
        None,
        None,
        "source()",
        "The file the event was read from, as given, or <stdin>; null for a record a stage made.",
        [("source()", "{}", r#""<stdin>""#)]
    ),
    f!(
        "source_line",
        0,
        0,
        None,
        None,
        "source_line()",
        "The number of the event's first line in that file; null for a record a stage made.",
        [(
            r#"source() + ":" + str(source_line())"#,
            "{}",
            r#""<stdin>:1""#
        )]
    ),
    f!(
        "bucket",
        2,
        2,
        Some(bucket),
        Some(check_bucket),
        "bucket(x, size)",
        "A time aligned down to a multiple of a duration since the epoch, or a number to a multiple of a number.",
        [
            (
                "bucket(time(ts), 5m)",
                r#"{"ts":"2024-05-01T10:07:30Z"}"#,
                r#""2024-05-01T10:05:00Z""#
            ),
            ("bucket(latency_ms, 100)", r#"{"latency_ms":503}"#, "500"),
            ("bucket(-5, 10)", "{}", "-10")
        ]
    ),
    f!(
        "hash",
        1,
        1,
        Some(hash),
        None,
        "hash(x)",
        "A 64-bit integer, FNV-1a of the canonical JSON of x: equal values (also 1 and 1.0) hash equally, on every machine.",
        [
            ("hash(1)", "{}", "-5808609649712063748"),
            ("hash(1.0) == hash(1)", "{}", "true")
        ]
    ),
];

/// Looks a function up by name.
pub fn lookup(name: &str) -> Option<&'static Func> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The closest function name to a misspelt one, if any is close.
pub fn suggest(name: &str) -> Option<&'static str> {
    FUNCTIONS
        .iter()
        .map(|f| (edit_distance(name, f.name), f.name))
        .filter(|(d, n)| *d <= 2.min(n.len().saturating_sub(1)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn type_error(func: &str, expected: &str, got: &Value) -> String {
    format!("{func}() expects {expected}, got a {}", got.type_name())
}

/// The string argument, `Ok(None)` for null, an error for other types.
fn string_arg<'a>(func: &str, v: &'a Value) -> Result<Option<&'a str>, String> {
    match v {
        Value::Str(s) => Ok(Some(s)),
        Value::Null => Ok(None),
        other => Err(type_error(func, "a string", other)),
    }
}

fn len(a: &[&Value]) -> Result<Value, String> {
    Ok(match a[0] {
        Value::Str(s) => Value::Int(s.chars().count() as i64),
        Value::Array(items) => Value::Int(items.len() as i64),
        Value::Object(m) => Value::Int(m.len() as i64),
        Value::Null => Value::Null,
        other => return Err(type_error("len", "a string, an array or an object", other)),
    })
}

fn map_str(name: &str, v: &Value, f: impl Fn(&str) -> String) -> Result<Value, String> {
    Ok(string_arg(name, v)?.map_or(Value::Null, |s| Value::Str(f(s))))
}

fn lower(a: &[&Value]) -> Result<Value, String> {
    map_str("lower", a[0], str::to_lowercase)
}

fn upper(a: &[&Value]) -> Result<Value, String> {
    map_str("upper", a[0], str::to_uppercase)
}

fn trim(a: &[&Value]) -> Result<Value, String> {
    map_str("trim", a[0], |s| s.trim().to_owned())
}

fn contains(a: &[&Value]) -> Result<Value, String> {
    Ok(match (a[0], a[1]) {
        (Value::Null, _) | (_, Value::Null) if !matches!(a[0], Value::Array(_)) => Value::Null,
        (Value::Str(s), Value::Str(sub)) => Value::Bool(s.contains(sub.as_str())),
        (Value::Array(items), x) => Value::Bool(items.iter().any(|i| crate::value::equals(i, x))),
        (Value::Str(_), other) => {
            return Err(type_error("contains", "a string to look for", other));
        }
        (other, _) => return Err(type_error("contains", "a string or an array", other)),
    })
}

fn affix(name: &str, a: &[&Value], f: fn(&str, &str) -> bool) -> Result<Value, String> {
    match (string_arg(name, a[0])?, string_arg(name, a[1])?) {
        (Some(s), Some(p)) => Ok(Value::Bool(f(s, p))),
        _ => Ok(Value::Null),
    }
}

fn starts_with(a: &[&Value]) -> Result<Value, String> {
    affix("starts_with", a, |s, p| s.starts_with(p))
}

fn ends_with(a: &[&Value]) -> Result<Value, String> {
    affix("ends_with", a, |s, p| s.ends_with(p))
}

fn split(a: &[&Value]) -> Result<Value, String> {
    let (Some(s), Some(sep)) = (string_arg("split", a[0])?, string_arg("split", a[1])?) else {
        return Ok(Value::Null);
    };
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::Str(c.to_string())).collect()
    } else {
        s.split(sep).map(Value::from).collect()
    };
    Ok(Value::Array(parts))
}

fn join(a: &[&Value]) -> Result<Value, String> {
    let sep = match string_arg("join", a[1])? {
        Some(s) => s,
        None => return Ok(Value::Null),
    };
    match a[0] {
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                match str_(&[item])? {
                    Value::Str(s) => parts.push(s),
                    other => parts.push(other.to_string()),
                }
            }
            Ok(Value::Str(parts.join(sep)))
        }
        Value::Null => Ok(Value::Null),
        other => Err(type_error("join", "an array", other)),
    }
}

fn replace(a: &[&Value]) -> Result<Value, String> {
    match (
        string_arg("replace", a[0])?,
        string_arg("replace", a[1])?,
        string_arg("replace", a[2])?,
    ) {
        (Some(s), Some(from), Some(to)) if !from.is_empty() => Ok(Value::Str(s.replace(from, to))),
        (Some(s), Some(_), Some(_)) => Ok(Value::from(s)),
        _ => Ok(Value::Null),
    }
}

fn int_arg(func: &str, v: &Value) -> Result<Option<i64>, String> {
    match v {
        Value::Int(i) => Ok(Some(*i)),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Ok(Some(*f as i64)),
        Value::Null => Ok(None),
        other => Err(type_error(func, "an integer", other)),
    }
}

fn substr(a: &[&Value]) -> Result<Value, String> {
    let Some(s) = string_arg("substr", a[0])? else {
        return Ok(Value::Null);
    };
    let Some(start) = int_arg("substr", a[1])? else {
        return Ok(Value::Null);
    };
    let count = s.chars().count() as i64;
    let from = if start < 0 {
        (count + start).max(0)
    } else {
        start.min(count)
    };
    let take = match a.get(2) {
        Some(v) => match int_arg("substr", v)? {
            Some(n) => n.max(0),
            None => return Ok(Value::Null),
        },
        None => count,
    };
    Ok(Value::Str(
        s.chars().skip(from as usize).take(take as usize).collect(),
    ))
}

fn number_op(
    name: &str,
    v: &Value,
    int: fn(i64) -> Option<i64>,
    float: fn(f64) -> f64,
) -> Result<Value, String> {
    Ok(match v {
        Value::Int(i) => int(*i).map_or_else(|| Value::Float(float(*i as f64)), Value::Int),
        Value::Float(f) => float_to_value(float(*f)),
        Value::Null => Value::Null,
        other => return Err(type_error(name, "a number", other)),
    })
}

/// A whole float becomes an integer when it fits; anything else stays a float.
fn float_to_value(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e18 {
        Value::Int(f as i64)
    } else {
        Value::Float(f)
    }
}

fn abs(a: &[&Value]) -> Result<Value, String> {
    if let Value::Duration(d) = a[0] {
        return Ok(d.checked_abs().map_or(Value::Null, Value::Duration));
    }
    match a[0] {
        Value::Float(f) => Ok(Value::Float(f.abs())),
        other => number_op("abs", other, i64::checked_abs, f64::abs),
    }
}

fn floor(a: &[&Value]) -> Result<Value, String> {
    number_op("floor", a[0], Some, f64::floor)
}

fn ceil(a: &[&Value]) -> Result<Value, String> {
    number_op("ceil", a[0], Some, f64::ceil)
}

fn round(a: &[&Value]) -> Result<Value, String> {
    let Some(digits) = a.get(1) else {
        return number_op("round", a[0], Some, f64::round);
    };
    let Some(digits) = int_arg("round", digits)? else {
        return Ok(Value::Null);
    };
    match a[0] {
        // Whole already, unless rounding to tens, hundreds, ...: `round(1234, -2) == 1200`,
        // halves away from zero as for floats.
        Value::Int(i) if digits >= 0 => Ok(Value::Int(*i)),
        Value::Int(i) => {
            let Some(unit) = 10i128.checked_pow(digits.unsigned_abs().min(30) as u32) else {
                return Ok(Value::Int(0));
            };
            let x = i128::from(*i);
            let rounded = (x + x.signum() * (unit / 2)) / unit * unit;
            Ok(i64::try_from(rounded).map_or(Value::Float(rounded as f64), Value::Int))
        }
        Value::Float(f) => {
            let digits = digits.clamp(-15, 15) as i32;
            let scale = 10f64.powi(digits);
            Ok(Value::Float((f * scale).round() / scale))
        }
        Value::Null => Ok(Value::Null),
        other => Err(type_error("round", "a number", other)),
    }
}

fn extreme(a: &[&Value], want: Ordering) -> Result<Value, String> {
    let items: Vec<&Value> = match a {
        [Value::Array(items)] => items.iter().collect(),
        _ => a.to_vec(),
    };
    let mut best: Option<&Value> = None;
    for v in items.into_iter().filter(|v| !matches!(v, Value::Null)) {
        if best.is_none_or(|b| compare(v, b) == want) {
            best = Some(v);
        }
    }
    Ok(best.cloned().unwrap_or(Value::Null))
}

fn min(a: &[&Value]) -> Result<Value, String> {
    extreme(a, Ordering::Less)
}

fn max(a: &[&Value]) -> Result<Value, String> {
    extreme(a, Ordering::Greater)
}

/// Parses text as a JSON-style number: an integer when it is one and fits, else a float.
fn parse_number(s: &str) -> Option<Value> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::Int(i));
    }
    // Rust also accepts "inf", "nan" and "infinity"; those are not numbers here.
    if !t.bytes().any(|b| b.is_ascii_digit())
        || t.bytes()
            .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E')
    {
        return None;
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float)
}

fn seconds(ns: i64) -> Value {
    if ns % time::NANOS_PER_SEC == 0 {
        Value::Int(ns / time::NANOS_PER_SEC)
    } else {
        Value::Float(ns as f64 / 1e9)
    }
}

fn num(a: &[&Value]) -> Result<Value, String> {
    Ok(match a[0] {
        Value::Int(_) | Value::Float(_) => a[0].clone(),
        Value::Str(s) => parse_number(s).unwrap_or(Value::Null),
        Value::Bool(b) => Value::Int(i64::from(*b)),
        Value::Time(ns) | Value::Duration(ns) => seconds(*ns),
        _ => Value::Null,
    })
}

fn int(a: &[&Value]) -> Result<Value, String> {
    let truncate = |f: f64| {
        if f.is_finite() && f.abs() < 9.2e18 {
            Value::Int(f.trunc() as i64)
        } else {
            Value::Null
        }
    };
    Ok(match a[0] {
        Value::Int(_) => a[0].clone(),
        Value::Float(f) => truncate(*f),
        Value::Str(s) => match parse_number(s) {
            Some(Value::Float(f)) => truncate(f),
            Some(v) => v,
            None => Value::Null,
        },
        Value::Bool(b) => Value::Int(i64::from(*b)),
        Value::Time(ns) | Value::Duration(ns) => Value::Int(ns.div_euclid(time::NANOS_PER_SEC)),
        _ => Value::Null,
    })
}

fn str_(a: &[&Value]) -> Result<Value, String> {
    Ok(match a[0] {
        Value::Str(_) => a[0].clone(),
        Value::Time(ns) => Value::Str(format_rfc3339(*ns)),
        Value::Duration(ns) => Value::Str(format_duration(*ns)),
        other => Value::Str(other.to_json()),
    })
}

fn bool_(a: &[&Value]) -> Result<Value, String> {
    Ok(Value::Bool(match a[0] {
        Value::Str(s) if s == "false" => false,
        other => other.is_truthy(),
    }))
}

fn type_(a: &[&Value]) -> Result<Value, String> {
    Ok(Value::from(a[0].type_name()))
}

fn is_null(a: &[&Value]) -> Result<Value, String> {
    Ok(Value::Bool(matches!(a[0], Value::Null)))
}

/// Reads a time format argument: a name (`epoch_ms`, `strptime:...`) or a bare pattern with `%`.
pub fn time_format(text: &str) -> Result<TimeFormat, String> {
    match text.parse::<TimeFormat>() {
        Ok(f) => Ok(f),
        Err(_) if text.contains('%') => Ok(TimeFormat::Strptime(text.to_owned())),
        Err(e) => Err(e),
    }
}

fn time_fn(a: &[&Value]) -> Result<Value, String> {
    let format = match a.get(1) {
        Some(Value::Str(s)) => time_format(s)?,
        Some(Value::Null) | None => TimeFormat::Auto,
        Some(other) => return Err(type_error("time", "a format string", other)),
    };
    let tz = match a.get(2) {
        Some(Value::Str(s)) => parse_time_zone(s)?,
        Some(Value::Null) | None => jiff::tz::TimeZone::UTC,
        Some(other) => return Err(type_error("time", "a time zone name", other)),
    };
    match a[0] {
        Value::Null => Ok(Value::Null),
        v => parse_timestamp(v, &format, &tz).map(Value::Time),
    }
}

fn check_time(a: &[Option<&Value>]) -> Result<(), (usize, String)> {
    if let Some(Some(Value::Str(f))) = a.get(1) {
        time_format(f).map_err(|e| (1, e))?;
    }
    if let Some(Some(Value::Str(z))) = a.get(2) {
        parse_time_zone(z).map_err(|e| (2, e))?;
    }
    Ok(())
}

/// Splits the optional arguments of `format_time` into a pattern and a zone: with one, text with
/// a `%` is a pattern and other text a zone; with two, the pattern comes first.
fn format_time_args(a: &[Option<&str>]) -> (Option<String>, Option<String>) {
    let pattern = |s: &str| (s != "rfc3339").then(|| s.to_owned());
    match a {
        [Some(x)] if x.contains('%') || *x == "rfc3339" => (pattern(x), None),
        [Some(x)] => (None, Some((*x).to_owned())),
        [f, z, ..] => (f.and_then(pattern), z.map(str::to_owned)),
        _ => (None, None),
    }
}

fn format_time(a: &[&Value]) -> Result<Value, String> {
    let ns = match a[0] {
        Value::Null => return Ok(Value::Null),
        Value::Time(ns) => *ns,
        v => parse_timestamp(v, &TimeFormat::Auto, &jiff::tz::TimeZone::UTC)?,
    };
    let mut rest = Vec::new();
    for v in &a[1..] {
        rest.push(string_arg("format_time", v)?);
    }
    let (pattern, zone) = format_time_args(&rest);
    let tz = zone.as_deref().map(parse_time_zone).transpose()?;
    format_timestamp(ns, pattern.as_deref(), tz.as_ref()).map(Value::Str)
}

fn check_format_time(a: &[Option<&Value>]) -> Result<(), (usize, String)> {
    let rest: Vec<Option<&str>> = a[1..].iter().map(|v| v.and_then(Value::as_str)).collect();
    let (pattern, zone) = format_time_args(&rest);
    let zone_index = if a.len() == 3 { 2 } else { 1 };
    if let Some(z) = zone {
        parse_time_zone(&z).map_err(|e| (zone_index, e))?;
    }
    if let Some(p) = pattern {
        format_timestamp(0, Some(&p), None).map_err(|e| (1, e))?;
    }
    Ok(())
}

/// The bucket size argument as a duration, when it is one.
fn duration_arg(v: &Value) -> Result<Option<i64>, String> {
    match v {
        Value::Duration(d) => Ok(Some(*d)),
        Value::Str(s) => parse_duration(s).map(Some),
        _ => Ok(None),
    }
}

fn bucket(a: &[&Value]) -> Result<Value, String> {
    if matches!(a[0], Value::Null) || matches!(a[1], Value::Null) {
        return Ok(Value::Null);
    }
    if let Some(size) = duration_arg(a[1])? {
        if size <= 0 {
            return Err("bucket() needs a positive size".to_owned());
        }
        let t = match a[0] {
            Value::Time(ns) => *ns,
            v => parse_timestamp(v, &TimeFormat::Auto, &jiff::tz::TimeZone::UTC)?,
        };
        return t
            .checked_sub(t.rem_euclid(size))
            .map(Value::Time)
            .ok_or_else(|| "bucket() is out of the range of times".to_owned());
    }
    match (a[0], a[1]) {
        // Integers stay exact; a bucket below the 64-bit range becomes a float.
        (Value::Int(x), Value::Int(n)) if *n > 0 => {
            Ok(x.checked_sub(x.rem_euclid(*n)).map_or_else(
                || Value::Float((*x as f64 / *n as f64).floor() * *n as f64),
                Value::Int,
            ))
        }
        (x, n) if x.is_number() && n.is_number() => {
            let (x, n) = (x.as_f64().unwrap_or(0.0), n.as_f64().unwrap_or(0.0));
            if n > 0.0 {
                Ok(float_to_value((x / n).floor() * n))
            } else {
                Err("bucket() needs a positive size".to_owned())
            }
        }
        (_, n) if n.is_number() => {
            Err(type_error("bucket", "a number to bucket by a number", a[0]))
        }
        (_, other) => Err(type_error(
            "bucket",
            "a duration or a number as the size",
            other,
        )),
    }
}

fn check_bucket(a: &[Option<&Value>]) -> Result<(), (usize, String)> {
    match a.get(1) {
        Some(Some(v)) => match duration_arg(v) {
            Ok(Some(d)) if d <= 0 => Err((1, "bucket() needs a positive size".to_owned())),
            Err(e) => Err((1, e)),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// FNV-1a, 64 bits, over the canonical JSON text: the same for equal values on every platform.
fn hash(a: &[&Value]) -> Result<Value, String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical_json(a[0]).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    Ok(Value::Int(h as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("lenn"), Some("len"));
        assert_eq!(suggest("uper"), Some("upper"));
        assert_eq!(suggest("startswith"), Some("starts_with"));
        assert_eq!(suggest("zzzzzz"), None);
    }

    #[test]
    fn table_is_consistent() {
        for f in FUNCTIONS {
            assert!(f.min <= f.max, "{}", f.name);
            assert_eq!(lookup(f.name).map(|g| g.name), Some(f.name));
        }
    }

    #[test]
    fn round_to_tens_agrees_for_integers_and_floats() {
        let r = |x: Value, d: i64| round(&[&x, &Value::Int(d)]).unwrap().to_json();
        assert_eq!(r(Value::Int(1234), -2), "1200");
        assert_eq!(r(Value::Float(1234.0), -2), "1200.0");
        assert_eq!(r(Value::Int(1250), -2), "1300");
        assert_eq!(r(Value::Int(-1250), -2), "-1300");
        assert_eq!(r(Value::Int(-1249), -2), "-1200");
        assert_eq!(r(Value::Int(1234), 2), "1234");
        assert_eq!(r(Value::Int(5), -1), "10");
        assert_eq!(r(Value::Int(i64::MAX), -1), "9.223372036854776e18");
        assert_eq!(r(Value::Int(i64::MIN), -30), "0");
        assert_eq!(r(Value::Int(i64::MAX), -40), "0");
    }

    #[test]
    fn bucket_at_the_ends_of_the_range() {
        let b = |x: Value, n: Value| bucket(&[&x, &n]);
        assert_eq!(
            b(Value::Int(i64::MIN), Value::Int(7)).unwrap().to_json(),
            "-9.223372036854776e18"
        );
        assert_eq!(
            b(Value::Int(i64::MAX), Value::Int(7)).unwrap().to_json(),
            (i64::MAX - i64::MAX.rem_euclid(7)).to_string()
        );
        assert_eq!(b(Value::Int(-7), Value::Int(7)).unwrap().to_json(), "-7");
        let hour = 3_600 * time::NANOS_PER_SEC;
        assert!(b(Value::Time(i64::MIN), Value::Duration(hour)).is_err());
        assert!(b(Value::Time(i64::MAX), Value::Duration(hour)).is_ok());
    }

    #[test]
    fn hash_is_stable() {
        // FNV-1a of "1".
        assert_eq!(
            hash(&[&Value::Int(1)]).unwrap().to_json(),
            "-5808609649712063748"
        );
        assert_eq!(
            hash(&[&Value::Float(1.0)]).unwrap().to_json(),
            hash(&[&Value::Int(1)]).unwrap().to_json()
        );
    }
}
