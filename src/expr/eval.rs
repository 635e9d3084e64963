//! The compiled form and its evaluator.
//!
//! Rules (cli.md 4): a missing field is null; arithmetic with null is null; `==` is type-strict
//! (`"1" != 1`, `1 == 1.0`); ordering comparisons of different types are false; integers stay
//! exact and overflow to floats; `/` of integers is an integer only when exact; division or
//! remainder by zero is null; `and`/`or`/`not` return booleans by truthiness (null and false
//! are false). Type errors are evaluation errors, never panics.

use std::borrow::Cow;
use std::cmp::Ordering;

use std::sync::Mutex;

use jiff::tz::TimeZone;
use regex::Regex;

use crate::error::Location;
use crate::expr::ast::BinOp;
use crate::expr::func::{Impl, compile_regex};
use crate::path::Path;
use crate::time::{TimeFormat, parse_timestamp};
use crate::value::{Value, compare, equals};

/// What an evaluation may read besides the event.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// The clock's reading (ns since the epoch), the value of `now()`.
    pub now: i64,
    /// Where the event was read, for `source()` and `source_line()`.
    pub input: Option<&'a Location>,
}

impl Env<'_> {
    /// An environment whose `now()` is `now`, of an event read from nowhere known.
    pub fn new(now: i64) -> Env<'static> {
        Env { now, input: None }
    }

    /// An environment whose `now()` is `now`, of an event read at `input`.
    pub fn at(now: i64, input: &Location) -> Env<'_> {
        Env {
            now,
            input: Some(input),
        }
    }
}

/// The compiled form of an expression.
#[derive(Debug)]
pub enum Code {
    /// A constant.
    Const(Value),
    /// A field of the event.
    Field(Path),
    /// An array built from elements.
    Array(Vec<Code>),
    /// Arithmetic negation.
    Neg(Box<Code>),
    /// Logical negation.
    Not(Box<Code>),
    /// A binary operator other than the regex and logical ones.
    Bin(BinOp, Box<Code>, Box<Code>),
    /// `=~` / `!~` with a regex compiled once.
    Match {
        /// The string to search.
        subject: Box<Code>,
        /// The compiled pattern.
        regex: Box<Regex>,
        /// True for `!~`.
        negate: bool,
    },
    /// `=~` / `!~` with a pattern computed per event.
    MatchDyn {
        /// The string to search.
        subject: Box<Code>,
        /// The pattern expression.
        pattern: Box<Code>,
        /// True for `!~`.
        negate: bool,
        /// The last pattern and its compiled form.
        cache: Mutex<Option<(String, Regex)>>,
    },
    /// Short-circuit `and`.
    And(Box<Code>, Box<Code>),
    /// Short-circuit `or`.
    Or(Box<Code>, Box<Code>),
    /// `c ? a : b`
    Cond(Vec<(Code, Code)>, Box<Code>),
    /// A function call with its name for messages.
    Call(&'static str, Impl, Vec<Code>),
    /// `coalesce(...)`: the first non-null, evaluating lazily.
    Coalesce(Vec<Code>),
    /// `exists(path)`
    Exists(Path),
    /// `now()`
    Now,
    /// `time(x, "format", "zone")` with literal format and zone, resolved once.
    Time {
        /// The value to read.
        value: Box<Code>,
        /// How to read it.
        format: TimeFormat,
        /// The zone of times without an offset.
        tz: TimeZone,
    },
    /// `x[i]` on a computed value.
    Index(Box<Code>, Box<Code>),
    /// `source()` or `source_line()`: where the event was read.
    Source(SourceField),
    /// `x.name` on a computed value.
    Member(Box<Code>, String),
}

/// What `source()` and `source_line()` read of an event's input location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceField {
    /// The file name as given, or `<stdin>`.
    Name,
    /// The 1-based number of the record's first line.
    Line,
}

impl Code {
    fn children(&self) -> Vec<&Code> {
        match self {
            Code::Const(_) | Code::Field(_) | Code::Exists(_) | Code::Now | Code::Source(_) => {
                Vec::new()
            }
            Code::Array(items) | Code::Call(_, _, items) | Code::Coalesce(items) => {
                items.iter().collect()
            }
            Code::Neg(a) | Code::Not(a) | Code::Member(a, _) => vec![a],
            Code::Time { value, .. } => vec![value],
            Code::Match { subject, .. } => vec![subject],
            Code::MatchDyn {
                subject, pattern, ..
            } => vec![subject, pattern],
            Code::Bin(_, a, b) | Code::And(a, b) | Code::Or(a, b) | Code::Index(a, b) => {
                vec![a, b]
            }
            Code::Cond(branches, otherwise) => branches
                .iter()
                .flat_map(|(c, a)| [c, a])
                .chain([&**otherwise])
                .collect(),
        }
    }

    /// True when the node depends on neither the event nor the clock and is not a constant.
    pub fn is_foldable(&self) -> bool {
        match self {
            Code::Const(_) | Code::Field(_) | Code::Exists(_) | Code::Now | Code::Source(_) => {
                false
            }
            other => other.children().iter().all(|c| matches!(c, Code::Const(_))),
        }
    }

    /// Every field path read, in order of appearance.
    pub fn fields(&self, out: &mut Vec<Path>) {
        match self {
            Code::Field(p) | Code::Exists(p) => {
                if !out.contains(p) {
                    out.push(p.clone());
                }
            }
            other => {
                for c in other.children() {
                    c.fields(out);
                }
            }
        }
    }

    /// True when `now()`, `source()` or `source_line()` occurs: the value depends on the run
    /// and on where the event was read, not on the event alone.
    pub fn uses_context(&self) -> bool {
        matches!(self, Code::Now | Code::Source(_))
            || self.children().iter().any(|c| c.uses_context())
    }

    /// Evaluates against an event.
    pub fn eval<'a>(&'a self, event: &'a Value, env: &Env) -> Result<Cow<'a, Value>, String> {
        Ok(match self {
            Code::Const(v) => Cow::Borrowed(v),
            Code::Field(p) => p.get(event).map_or(Cow::Owned(Value::Null), Cow::Borrowed),
            Code::Array(items) => Cow::Owned(Value::Array(
                items
                    .iter()
                    .map(|c| c.eval(event, env).map(Cow::into_owned))
                    .collect::<Result<_, _>>()?,
            )),
            Code::Neg(a) => Cow::Owned(negate(&*a.eval(event, env)?)?),
            Code::Not(a) => Cow::Owned(Value::Bool(!a.eval(event, env)?.is_truthy())),
            Code::And(a, b) => Cow::Owned(Value::Bool(
                a.eval(event, env)?.is_truthy() && b.eval(event, env)?.is_truthy(),
            )),
            Code::Or(a, b) => Cow::Owned(Value::Bool(
                a.eval(event, env)?.is_truthy() || b.eval(event, env)?.is_truthy(),
            )),
            Code::Cond(branches, otherwise) => {
                for (c, a) in branches {
                    if c.eval(event, env)?.is_truthy() {
                        return a.eval(event, env);
                    }
                }
                otherwise.eval(event, env)?
            }
            Code::Bin(op, a, b) => {
                Cow::Owned(binary(*op, &*a.eval(event, env)?, &*b.eval(event, env)?)?)
            }
            Code::Match {
                subject,
                regex,
                negate,
            } => Cow::Owned(regex_match(&*subject.eval(event, env)?, regex, *negate)?),
            Code::MatchDyn {
                subject,
                pattern,
                negate,
                cache,
            } => {
                let s = subject.eval(event, env)?;
                let p = pattern.eval(event, env)?;
                Cow::Owned(match &*p {
                    Value::Null => Value::Null,
                    Value::Str(p) => {
                        // The last pattern is kept: a per-event pattern is often the same.
                        let mut last = cache.lock().unwrap_or_else(|e| e.into_inner());
                        if last.as_ref().is_none_or(|(text, _)| text != p) {
                            *last = Some((p.clone(), compile_regex(p)?));
                        }
                        match last.as_ref() {
                            Some((_, regex)) => regex_match(&s, regex, *negate)?,
                            None => Value::Null,
                        }
                    }
                    other => {
                        return Err(format!(
                            "a regex must be a string, not a {}",
                            other.type_name()
                        ));
                    }
                })
            }
            Code::Call(_, imp, args) => Cow::Owned(call(*imp, args, event, env)?),
            Code::Coalesce(args) => {
                for c in args {
                    let v = c.eval(event, env)?;
                    if !matches!(*v, Value::Null) {
                        return Ok(v);
                    }
                }
                Cow::Owned(Value::Null)
            }
            Code::Exists(p) => Cow::Owned(Value::Bool(p.get(event).is_some())),
            Code::Time { value, format, tz } => Cow::Owned(match &*value.eval(event, env)? {
                Value::Null => Value::Null,
                v => Value::Time(parse_timestamp(v, format, tz)?),
            }),
            Code::Now => Cow::Owned(Value::Time(env.now)),
            Code::Source(what) => Cow::Owned(match env.input.filter(|at| at.line > 0) {
                None => Value::Null,
                Some(at) => match what {
                    SourceField::Name => Value::Str(at.source.to_string()),
                    SourceField::Line => Value::Int(i64::try_from(at.line).unwrap_or(i64::MAX)),
                },
            }),
            Code::Index(a, i) => {
                let base = a.eval(event, env)?;
                let index = i.eval(event, env)?;
                Cow::Owned(index_value(&base, &index))
            }
            Code::Member(a, k) => Cow::Owned(match &*a.eval(event, env)? {
                Value::Object(m) => m.get(k).cloned().unwrap_or(Value::Null),
                _ => Value::Null,
            }),
        })
    }
}

/// Calls a function with borrowed arguments; up to three without allocating.
fn call(imp: Impl, args: &[Code], event: &Value, env: &Env) -> Result<Value, String> {
    match args {
        [] => imp(&[]),
        [a] => imp(&[&*a.eval(event, env)?]),
        [a, b] => imp(&[&*a.eval(event, env)?, &*b.eval(event, env)?]),
        [a, b, c] => imp(&[
            &*a.eval(event, env)?,
            &*b.eval(event, env)?,
            &*c.eval(event, env)?,
        ]),
        _ => {
            let values: Vec<Cow<'_, Value>> = args
                .iter()
                .map(|c| c.eval(event, env))
                .collect::<Result<_, _>>()?;
            let refs: Vec<&Value> = values.iter().map(|v| &**v).collect();
            imp(&refs)
        }
    }
}

fn index_value(base: &Value, index: &Value) -> Value {
    match (base, index) {
        (Value::Array(items), Value::Int(i)) => {
            let idx = if *i < 0 { items.len() as i64 + i } else { *i };
            usize::try_from(idx)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Value::Null)
        }
        (Value::Object(m), Value::Str(k)) => m.get(k).cloned().unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

fn regex_match(subject: &Value, regex: &Regex, negate: bool) -> Result<Value, String> {
    match subject {
        Value::Str(s) => Ok(Value::Bool(regex.is_match(s) != negate)),
        Value::Null => Ok(Value::Null),
        other => Err(format!(
            "`{}` needs a string on the left, got a {}",
            if negate { "!~" } else { "=~" },
            other.type_name()
        )),
    }
}

fn negate(v: &Value) -> Result<Value, String> {
    Ok(match v {
        Value::Null => Value::Null,
        Value::Int(i) => i
            .checked_neg()
            .map_or(Value::Float(-(*i as f64)), Value::Int),
        Value::Float(f) => Value::Float(-f),
        Value::Duration(d) => d.checked_neg().map_or(Value::Null, Value::Duration),
        other => return Err(format!("cannot negate a {}", other.type_name())),
    })
}

/// True when an ordering comparison between the two is meaningful: both numbers, strings,
/// booleans, times, durations or arrays.
fn same_class(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (
            Value::Int(_) | Value::Float(_),
            Value::Int(_) | Value::Float(_)
        ) | (Value::Str(_), Value::Str(_))
            | (Value::Bool(_), Value::Bool(_))
            | (Value::Time(_), Value::Time(_))
            | (Value::Duration(_), Value::Duration(_))
            | (Value::Array(_), Value::Array(_))
    )
}

fn type_mismatch(op: BinOp, a: &Value, b: &Value) -> String {
    format!(
        "cannot apply `{}` to a {} and a {}",
        op.symbol(),
        a.type_name(),
        b.type_name()
    )
}

/// Integer arithmetic that falls back to floats on overflow.
fn int_op(a: i64, b: i64, exact: fn(i64, i64) -> Option<i64>, float: fn(f64, f64) -> f64) -> Value {
    exact(a, b).map_or_else(|| Value::Float(float(a as f64, b as f64)), Value::Int)
}

fn time_err() -> String {
    "time arithmetic is out of range".to_owned()
}

/// Applies a binary operator to two values.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value, String> {
    use Value::{Duration as D, Float as F, Int as I, Null, Time as T};
    let ordering =
        |want: fn(Ordering) -> bool| Value::Bool(same_class(a, b) && want(compare(a, b)));
    match op {
        BinOp::Eq => return Ok(Value::Bool(equals(a, b))),
        BinOp::Ne => return Ok(Value::Bool(!equals(a, b))),
        BinOp::Lt => return Ok(ordering(Ordering::is_lt)),
        BinOp::Le => return Ok(ordering(Ordering::is_le)),
        BinOp::Gt => return Ok(ordering(Ordering::is_gt)),
        BinOp::Ge => return Ok(ordering(Ordering::is_ge)),
        BinOp::In | BinOp::NotIn => {
            let found = match (a, b) {
                (_, Null) => return Ok(Null),
                (x, Value::Array(items)) => items.iter().any(|i| equals(i, x)),
                (Value::Str(s), Value::Str(hay)) => hay.contains(s.as_str()),
                (Value::Str(k), Value::Object(m)) => m.contains_key(k),
                (Null, _) => return Ok(Null),
                _ => return Err(type_mismatch(op, a, b)),
            };
            return Ok(Value::Bool(found != (op == BinOp::NotIn)));
        }
        BinOp::Match | BinOp::NotMatch => {
            return Err("internal: regex operators are compiled separately".to_owned());
        }
        _ => {}
    }
    if matches!(a, Null) || matches!(b, Null) {
        return Ok(Null);
    }
    let result = match (op, a, b) {
        (BinOp::Add, I(x), I(y)) => int_op(*x, *y, i64::checked_add, |x, y| x + y),
        (BinOp::Sub, I(x), I(y)) => int_op(*x, *y, i64::checked_sub, |x, y| x - y),
        (BinOp::Mul, I(x), I(y)) => int_op(*x, *y, i64::checked_mul, |x, y| x * y),
        (BinOp::Div, I(_), I(0)) | (BinOp::Rem, I(_), I(0)) => Null,
        (BinOp::Div, I(x), I(y)) => match x.checked_rem(*y) {
            Some(0) => int_op(*x, *y, i64::checked_div, |x, y| x / y),
            _ => F(*x as f64 / *y as f64),
        },
        (BinOp::Rem, I(x), I(y)) => I(x.checked_rem(*y).unwrap_or(0)),
        (_, I(_) | F(_), I(_) | F(_)) => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            match op {
                BinOp::Add => F(x + y),
                BinOp::Sub => F(x - y),
                BinOp::Mul => F(x * y),
                BinOp::Div | BinOp::Rem if y == 0.0 => Null,
                BinOp::Div => F(x / y),
                _ => F(x % y),
            }
        }
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Value::Str(s)
        }
        (BinOp::Add, Value::Array(x), Value::Array(y)) => {
            Value::Array(x.iter().chain(y).cloned().collect())
        }
        (BinOp::Add, T(t), D(d)) | (BinOp::Add, D(d), T(t)) => {
            T(t.checked_add(*d).ok_or_else(time_err)?)
        }
        (BinOp::Sub, T(t), D(d)) => T(t.checked_sub(*d).ok_or_else(time_err)?),
        (BinOp::Sub, T(x), T(y)) => D(x.checked_sub(*y).ok_or_else(time_err)?),
        (BinOp::Add, D(x), D(y)) => D(x.checked_add(*y).ok_or_else(time_err)?),
        (BinOp::Sub, D(x), D(y)) => D(x.checked_sub(*y).ok_or_else(time_err)?),
        (BinOp::Mul, D(d), n) | (BinOp::Mul, n, D(d)) if n.is_number() => match n {
            I(k) => D(d.checked_mul(*k).ok_or_else(time_err)?),
            _ => D(scale_duration(*d, n.as_f64().unwrap_or(0.0))?),
        },
        (BinOp::Div, D(_), n) if n.as_f64() == Some(0.0) => Null,
        (BinOp::Div, D(d), I(k)) => D(d.checked_div(*k).ok_or_else(time_err)?),
        (BinOp::Div, D(d), F(k)) => D(scale_duration(*d, 1.0 / k)?),
        (BinOp::Div, D(_), D(0)) | (BinOp::Rem, D(_), D(0)) => Null,
        (BinOp::Div, D(x), D(y)) => binary(BinOp::Div, &I(*x), &I(*y))?,
        (BinOp::Rem, D(x), D(y)) => D(x.checked_rem(*y).unwrap_or(0)),
        _ => return Err(type_mismatch(op, a, b)),
    };
    Ok(result)
}

fn scale_duration(d: i64, k: f64) -> Result<i64, String> {
    let ns = (d as f64 * k).round();
    if ns.is_finite() && ns.abs() < 9.2e18 {
        Ok(ns as i64)
    } else {
        Err(time_err())
    }
}
