//! Aggregate functions: the one home of each function's accumulator, its result, its partial
//! state (`--output partial`) and its merge.
//!
//! Every accumulator is order independent where the spec asks for it: integer sums are exact
//! (`i128`), float sums use the exact accumulator of [`super::fsum`], variance is computed from
//! exact sums of `x` and `x²` (so single-pass and map/reduce runs agree to the byte), distinct
//! values are a set, percentiles keep every value, sketches merge bucket- or register-wise.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::ops::state::{decode_value, encode_value};
use crate::path::Path;
use crate::value::{Map, Value, canonical_json, compare};

use super::ddsketch::DdSketch;
use super::fsum::{FSum, two_product};
use super::hll::Hll;

/// Default cap of `collect:F` arrays.
const COLLECT_CAP: usize = 10_000;

/// The aggregate functions `--agg` names, with what each computes; `pNN` stands for any
/// percentile (`p95`, `p99.9`). The message for an unknown function and the shell completions
/// ([`completion_names`]) are made from this list.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("count", "records; count:F those with a non-null F"),
    ("sum", "sum:F, exact"),
    ("min", "min:F"),
    ("max", "max:F"),
    ("mean", "mean:F (also avg)"),
    ("var", "var:F, sample variance"),
    ("stddev", "stddev:F, sample standard deviation"),
    ("first", "first:F, earliest by time"),
    ("last", "last:F, latest by time"),
    ("distinct", "distinct:F, exact count of values"),
    ("approx_distinct", "approx_distinct:F, HyperLogLog estimate"),
    ("median", "median:F, exact"),
    ("pNN", "pNN:F, exact percentile NN"),
    ("percentile", "percentile:F:q, exact quantile q in [0, 1]"),
    (
        "approx_pNN",
        "approx_pNN:F, DDSketch estimate of percentile NN",
    ),
    ("collect", "collect:F[:max], the values in an array"),
    ("rate", "records per second of window"),
];

/// The percentiles a completion offers for `pNN`.
const COMMON_PERCENTILES: [&str; 4] = ["50", "90", "95", "99"];

/// The function names a shell completion offers, with their descriptions: [`FUNCTIONS`], `avg`,
/// and `pNN` as the common percentiles; a function that needs a field ends in `:` (`sum:`).
pub fn completion_names() -> impl Iterator<Item = (String, &'static str)> {
    FUNCTIONS
        .iter()
        .chain([&("avg", "avg:F, the same as mean")])
        .flat_map(|&(name, about)| match name.strip_suffix("NN") {
            Some(stem) => COMMON_PERCENTILES
                .iter()
                .map(|q| (format!("{stem}{q}"), about))
                .collect(),
            None => vec![(name.to_owned(), about)],
        })
        .map(|(name, about)| match AggSpec::parse(&name) {
            Ok(_) => (name, about),
            Err(_) => (format!("{name}:"), about),
        })
}

/// An aggregate function.
#[derive(Debug, Clone, PartialEq)]
pub enum Func {
    /// `count`: records; `count:F`: records with a non-null F.
    Count,
    /// `sum:F`.
    Sum,
    /// `min:F`.
    Min,
    /// `max:F`.
    Max,
    /// `mean:F` / `avg:F`.
    Mean,
    /// `var:F` (sample).
    Var,
    /// `stddev:F` (sample).
    Stddev,
    /// `first:F`.
    First,
    /// `last:F`.
    Last,
    /// `distinct:F`.
    Distinct,
    /// `approx_distinct:F`.
    ApproxDistinct,
    /// `median:F`, `pNN:F`, `percentile:F:q`: the exact quantile `num/den`.
    Percentile(u128, u128),
    /// `approx_pNN:F`: a DDSketch estimate of quantile `num/den`.
    ApproxPercentile(u128, u128),
    /// `collect:F[:max]`.
    Collect(usize),
    /// `rate`: records per second of window duration.
    Rate,
}

impl Func {
    /// True when the result is a number (or null), which `--to chart` can draw: not `first`,
    /// `last` or `collect`, which give the values they read.
    pub fn numeric(&self) -> bool {
        !matches!(self, Func::First | Func::Last | Func::Collect(_))
    }
}

/// One `--agg [NAME=]FUNC[:FIELD][:PARAM]`.
#[derive(Debug, Clone)]
pub struct AggSpec {
    /// The output field name.
    pub name: String,
    /// The function.
    pub func: Func,
    /// The field it reads (`None` for `count` and `rate`).
    pub field: Option<Path>,
    /// The spec without the name, as written (stored in partial states).
    pub text: String,
}

/// Parses a decimal such as `95`, `99.9` or `0.25` into `num/den`.
fn parse_decimal(text: &str) -> Option<(u128, u128)> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) || frac.len() > 18 {
        return None;
    }
    let den = 10u128.pow(frac.len() as u32);
    let num: u128 = format!("{int}{frac}").parse().ok()?;
    Some((num, den))
}

impl AggSpec {
    /// Parses `[NAME=]FUNC[:FIELD][:PARAM]`.
    pub fn parse(text: &str) -> Result<AggSpec, String> {
        let (name, spec) = match text.split_once('=') {
            Some((n, s)) if !n.is_empty() && !n.contains(':') => (Some(n.to_owned()), s),
            _ => (None, text),
        };
        let mut parts = spec.splitn(3, ':');
        let func_name = parts.next().unwrap_or("");
        let field_text = parts.next();
        let param = parts.next();
        let field = match field_text {
            Some(f) if !f.is_empty() => {
                Some(Path::parse(f).map_err(|e| format!("--agg {text}: bad field `{f}`: {e}"))?)
            }
            _ => None,
        };
        let needs_field = |func: Func| -> Result<Func, String> {
            if field.is_none() {
                Err(format!(
                    "--agg {text}: `{func_name}` needs a field (e.g. `{func_name}:latency`)"
                ))
            } else {
                Ok(func)
            }
        };
        let no_param = |func: Func| -> Result<Func, String> {
            if param.is_some() {
                Err(format!("--agg {text}: `{func_name}` takes no parameter"))
            } else {
                Ok(func)
            }
        };
        let func = match func_name {
            "count" => no_param(Func::Count)?,
            "rate" => {
                if field.is_some() {
                    return Err(format!("--agg {text}: `rate` takes no field"));
                }
                Func::Rate
            }
            "sum" => no_param(needs_field(Func::Sum)?)?,
            "min" => no_param(needs_field(Func::Min)?)?,
            "max" => no_param(needs_field(Func::Max)?)?,
            "mean" | "avg" => no_param(needs_field(Func::Mean)?)?,
            "var" => no_param(needs_field(Func::Var)?)?,
            "stddev" => no_param(needs_field(Func::Stddev)?)?,
            "first" => no_param(needs_field(Func::First)?)?,
            "last" => no_param(needs_field(Func::Last)?)?,
            "distinct" => no_param(needs_field(Func::Distinct)?)?,
            "approx_distinct" => no_param(needs_field(Func::ApproxDistinct)?)?,
            "median" => no_param(needs_field(Func::Percentile(1, 2))?)?,
            "collect" => {
                let cap = match param {
                    Some(p) => p
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("--agg {text}: bad maximum `{p}`"))?,
                    None => COLLECT_CAP,
                };
                needs_field(Func::Collect(cap))?
            }
            "percentile" => {
                let q = param.ok_or_else(|| {
                    format!("--agg {text}: `percentile` needs a quantile, e.g. percentile:lat:0.95")
                })?;
                let (num, den) = parse_decimal(q)
                    .filter(|(n, d)| n <= d)
                    .ok_or_else(|| format!("--agg {text}: quantile `{q}` must be in [0, 1]"))?;
                needs_field(Func::Percentile(num, den))?
            }
            other => {
                let (approx, rest) = match other.strip_prefix("approx_") {
                    Some(r) => (true, r),
                    None => (false, other),
                };
                let q = rest
                    .strip_prefix('p')
                    .and_then(parse_decimal)
                    .filter(|(n, d)| *n <= 100 * d);
                match q {
                    Some((num, den)) => {
                        let f = if approx {
                            Func::ApproxPercentile(num, den * 100)
                        } else {
                            Func::Percentile(num, den * 100)
                        };
                        no_param(needs_field(f)?)?
                    }
                    None => {
                        let names: Vec<&str> = FUNCTIONS.iter().map(|(name, _)| *name).collect();
                        return Err(format!(
                            "--agg {text}: unknown function `{other}` ({})",
                            names.join(", ")
                        ));
                    }
                }
            }
        };
        let name = name.unwrap_or_else(|| match &field {
            Some(f) => format!("{func_name}_{}", f.flat_name()),
            None => func_name.to_owned(),
        });
        Ok(AggSpec {
            name,
            func,
            field,
            text: spec.to_owned(),
        })
    }

    /// Makes `acc`, an accumulator of this aggregate, the one [`AggSpec::new_acc`] makes,
    /// keeping the boxes of the common states (a group of a purged window is reused for a new
    /// one: `assign::FixedWindows`). A list of values that grew large is let go.
    pub fn reset_acc(&self, acc: &mut Acc) {
        /// Values a reset percentile state may keep room for.
        const KEEP_VALUES: usize = 64;
        match acc {
            Acc::Count(n) => *n = 0,
            Acc::Sum(s) => s.clear(),
            Acc::Extreme(x) => *x = None,
            Acc::Moments(m) => m.clear(),
            Acc::Values(v) if v.capacity() <= KEEP_VALUES => v.clear(),
            _ => *acc = self.new_acc(),
        }
    }

    /// A fresh accumulator for this function.
    pub fn new_acc(&self) -> Acc {
        match self.func {
            Func::Count | Func::Rate => Acc::Count(0),
            Func::Sum | Func::Mean => Acc::Sum(Box::default()),
            Func::Min | Func::Max => Acc::Extreme(None),
            Func::Var | Func::Stddev => Acc::Moments(Box::default()),
            Func::First | Func::Last => Acc::Pick(None),
            Func::Distinct => Acc::Distinct(Box::default()),
            Func::ApproxDistinct => Acc::Hll(Box::default()),
            Func::Percentile(..) => Acc::Values(Box::default()),
            Func::ApproxPercentile(..) => Acc::Sketch(Box::default()),
            Func::Collect(_) => Acc::Collect(Box::default()),
        }
    }
}

/// Exact sum state: an `i128` for integers and an exact float accumulator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SumState {
    n: u64,
    ints: i128,
    floats: FSum,
    any_float: bool,
}

impl SumState {
    fn add(&mut self, v: &Value) {
        self.n += 1;
        match v {
            Value::Int(i) => self.ints += i128::from(*i),
            Value::Float(f) => {
                self.any_float = true;
                self.floats.add(*f);
            }
            _ => {}
        }
    }

    fn merge(&mut self, o: &SumState) {
        self.n += o.n;
        self.ints += o.ints;
        self.floats.merge(&o.floats);
        self.any_float |= o.any_float;
    }

    /// Empties it, keeping its buffer: then it is the default state.
    fn clear(&mut self) {
        self.n = 0;
        self.ints = 0;
        self.floats.clear();
        self.any_float = false;
    }

    /// The exact total rounded once to a float.
    fn total_f64(&self) -> f64 {
        if self.ints == 0 {
            // Adding a zero integer adds nothing (`FSum::add_int`): no copy to add it to.
            return self.floats.value();
        }
        let mut s = self.floats.clone();
        s.add_int(self.ints);
        s.value()
    }
}

/// Exact sums of `x` and `x²` for variance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Moments {
    n: u64,
    sum: FSum,
    sum_sq: FSum,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.n += 1;
        self.sum.add(x);
        let (p, e) = two_product(x, x);
        self.sum_sq.add(p);
        self.sum_sq.add(e);
    }

    /// Empties it, keeping its buffers: then it is the default state.
    fn clear(&mut self) {
        self.n = 0;
        self.sum.clear();
        self.sum_sq.clear();
    }

    fn merge(&mut self, o: &Moments) {
        self.n += o.n;
        self.sum.merge(&o.sum);
        self.sum_sq.merge(&o.sum_sq);
    }

    /// Sample variance: `Σ(x−c)²/(n−1)` with `c` the rounded mean, evaluated exactly as
    /// `Σx² − 2cΣx + nc²` and rounded once.
    fn variance(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        let c = self.sum.value() / n;
        let mut m2 = self.sum_sq.clone();
        for &p in self.sum.partials() {
            let (a, b) = two_product(p, -2.0 * c);
            m2.add(a);
            m2.add(b);
        }
        let (cc, cce) = two_product(c, c);
        for part in [cc, cce] {
            let (a, b) = two_product(part, n);
            m2.add(a);
            m2.add(b);
        }
        Some(m2.value().max(0.0) / (n - 1.0))
    }
}

/// A number `min` and `max` keep (they take numbers only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
}

impl Num {
    /// The number a value is, if it is one.
    fn of(v: &Value) -> Option<Num> {
        match v {
            Value::Int(i) => Some(Num::Int(*i)),
            Value::Float(f) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    /// As a value.
    fn value(self) -> Value {
        match self {
            Num::Int(i) => Value::Int(i),
            Num::Float(f) => Value::Float(f),
        }
    }
}

/// The state of one aggregate for one window and key. Every group holds one per aggregate, so
/// it is small (16 bytes): what is larger or grows lives behind a box.
#[derive(Debug, Clone)]
pub enum Acc {
    /// `count`, `count:F`, `rate`.
    Count(u64),
    /// `sum`, `mean`.
    Sum(Box<SumState>),
    /// `min`, `max`.
    Extreme(Option<Num>),
    /// `var`, `stddev`.
    Moments(Box<Moments>),
    /// `first`, `last`: `(t, seq, value)`.
    Pick(Option<Box<(i64, u64, Value)>>),
    /// `distinct`: canonical texts.
    Distinct(Box<BTreeSet<String>>),
    /// `approx_distinct`.
    Hll(Box<Hll>),
    /// Exact percentiles: every value.
    Values(Box<Vec<f64>>),
    /// `approx_pNN`.
    Sketch(Box<DdSketch>),
    /// `collect`: `(t, seq, value)` sorted.
    Collect(Box<Vec<(i64, u64, Value)>>),
}

/// Whether `min`/`max` replaces `cur` by `new`: `new` is smaller (`min`) or larger (`max`), or
/// equal and an integer where `cur` is not (so that the result does not depend on order).
fn better(func: &Func, cur: Num, new: Num) -> bool {
    let want = if *func == Func::Min {
        Ordering::Less
    } else {
        Ordering::Greater
    };
    // The numeric order of `compare`, without making values for the common cases.
    let o = match (new, cur) {
        (Num::Int(a), Num::Int(b)) => a.cmp(&b),
        (Num::Float(a), Num::Float(b)) => a
            .partial_cmp(&b)
            .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan())),
        _ => compare(&new.value(), &cur.value()),
    };
    match o {
        Ordering::Equal => matches!(new, Num::Int(_)) && !matches!(cur, Num::Int(_)),
        o => o == want,
    }
}

/// What the aggregates of a plan were given, and the values they skipped, per aggregate.
/// Counted only where a value is skipped, besides one count per record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skips {
    /// Records the aggregates were updated with.
    pub records: u64,
    /// Per aggregate, values null or missing (empty until one is skipped).
    pub absent: Vec<u64>,
    /// Per aggregate, values present but not numbers where one is needed (text such as `NA`,
    /// booleans, objects, a non-finite float for `mean`).
    pub not_numbers: Vec<u64>,
}

impl Skips {
    /// Counts aggregate `agg` (of `n`) skipping `value`.
    pub fn skip(&mut self, agg: usize, n: usize, value: Option<&Value>) {
        let counts = match value {
            Some(v) if !matches!(v, Value::Null) => &mut self.not_numbers,
            _ => &mut self.absent,
        };
        if counts.is_empty() {
            counts.resize(n, 0);
        }
        counts[agg] += 1;
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &Skips) {
        self.records += other.records;
        for (mine, theirs) in [
            (&mut self.absent, &other.absent),
            (&mut self.not_numbers, &other.not_numbers),
        ] {
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
    }

    /// All the values skipped.
    pub fn total(&self) -> u64 {
        self.absent.iter().chain(&self.not_numbers).sum()
    }

    /// Per aggregate that skipped values that are not numbers: its index, how many, and of how
    /// many values present (neither null nor missing).
    pub fn not_numbers(&self) -> impl Iterator<Item = (usize, u64, u64)> + '_ {
        self.not_numbers
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(agg, &n)| {
                let absent = self.absent.get(agg).copied().unwrap_or(0);
                (agg, n, self.records - absent)
            })
    }
}

impl AggSpec {
    /// Whether [`Acc::update`] skips `value` (null, missing, or not a number where one is
    /// needed), told without an accumulator.
    pub fn skips(&self, value: Option<&Value>) -> bool {
        let v = match (&self.field, value) {
            (None, _) => return false,
            (Some(_), Some(v)) if !matches!(v, Value::Null) => v,
            _ => return true,
        };
        match self.func {
            Func::Sum | Func::Mean => !v.is_number(),
            Func::Min | Func::Max => {
                Num::of(v).is_none_or(|n| matches!(n, Num::Float(f) if f.is_nan()))
            }
            Func::Var | Func::Stddev | Func::Percentile(..) | Func::ApproxPercentile(..) => {
                !v.as_f64().is_some_and(f64::is_finite)
            }
            Func::Count
            | Func::Rate
            | Func::First
            | Func::Last
            | Func::Distinct
            | Func::ApproxDistinct
            | Func::Collect(_) => false,
        }
    }
}

impl Acc {
    /// Adds one record. `value` is the field's value (`None` for `count`/`rate`), `t` the
    /// event time, `seq` the arrival number. Returns false when the value was skipped
    /// (null, missing or not a number where one is needed).
    pub fn update(&mut self, spec: &AggSpec, value: Option<&Value>, t: i64, seq: u64) -> bool {
        let v = match (&spec.field, value) {
            (None, _) => {
                if let Acc::Count(n) = self {
                    *n += 1;
                }
                return true;
            }
            (Some(_), Some(v)) if !matches!(v, Value::Null) => v,
            _ => return false,
        };
        match self {
            Acc::Count(n) => *n += 1,
            Acc::Sum(s) => {
                if !v.is_number() {
                    return false;
                }
                s.add(v);
            }
            Acc::Extreme(cur) => {
                let Some(n) = Num::of(v).filter(|n| !matches!(n, Num::Float(f) if f.is_nan()))
                else {
                    return false;
                };
                if cur.is_none_or(|c| better(&spec.func, c, n)) {
                    *cur = Some(n);
                }
            }
            Acc::Moments(m) => match v.as_f64() {
                Some(x) if x.is_finite() => m.add(x),
                _ => return false,
            },
            Acc::Pick(cur) => {
                let cand = (t, seq);
                let replace = match cur {
                    None => true,
                    Some(c) => {
                        if spec.func == Func::First {
                            cand < (c.0, c.1)
                        } else {
                            cand > (c.0, c.1)
                        }
                    }
                };
                if replace {
                    *cur = Some(Box::new((t, seq, v.clone())));
                }
            }
            Acc::Distinct(set) => {
                set.insert(canonical_json(v));
            }
            Acc::Hll(h) => h.add(&canonical_json(v)),
            Acc::Values(vals) => match v.as_f64() {
                Some(x) if x.is_finite() => vals.push(x),
                _ => return false,
            },
            Acc::Sketch(s) => match v.as_f64() {
                Some(x) if x.is_finite() => s.add(x),
                _ => return false,
            },
            Acc::Collect(items) => {
                let cap = match spec.func {
                    Func::Collect(c) => c,
                    _ => COLLECT_CAP,
                };
                insert_capped(items, (t, seq, v.clone()), cap);
            }
        }
        true
    }

    /// [`Acc::merge`] of partial states read from outside (`window merge`), which may add up
    /// past what a state holds: `Err` says which count or sum would overflow, and nothing is
    /// merged.
    pub fn merge_checked(&mut self, spec: &AggSpec, other: &Acc) -> Result<(), String> {
        let (counts, ints) = match (&*self, other) {
            (Acc::Count(a), Acc::Count(b)) => ((*a, *b), None),
            (Acc::Sum(a), Acc::Sum(b)) => ((a.n, b.n), Some((a.ints, b.ints))),
            (Acc::Moments(a), Acc::Moments(b)) => ((a.n, b.n), None),
            _ => ((0, 0), None),
        };
        if counts
            .0
            .checked_add(counts.1)
            .is_none_or(|n| n > i64::MAX as u64)
        {
            return Err(format!(
                "`{}`: the merged partial states count more than {} values (overflow)",
                spec.name,
                i64::MAX
            ));
        }
        if let Some((a, b)) = ints
            && a.checked_add(b).is_none_or(|i| i.unsigned_abs() > 1 << 126)
        {
            return Err(format!(
                "`{}`: the merged integer sum overflows (beyond 2^126)",
                spec.name
            ));
        }
        self.merge(spec, other);
        Ok(())
    }

    /// Merges another state of the same function into this one.
    pub fn merge(&mut self, spec: &AggSpec, other: &Acc) {
        match (self, other) {
            (Acc::Count(a), Acc::Count(b)) => *a += b,
            (Acc::Sum(a), Acc::Sum(b)) => a.merge(b),
            (Acc::Extreme(a), Acc::Extreme(Some(b)))
                if a.is_none_or(|c| better(&spec.func, c, *b)) =>
            {
                *a = Some(*b);
            }
            (Acc::Moments(a), Acc::Moments(b)) => a.merge(b),
            (Acc::Pick(a), Acc::Pick(Some(b))) => {
                let replace = match a {
                    None => true,
                    Some(c) => {
                        if spec.func == Func::First {
                            (b.0, b.1) < (c.0, c.1)
                        } else {
                            (b.0, b.1) > (c.0, c.1)
                        }
                    }
                };
                if replace {
                    *a = Some(b.clone());
                }
            }
            (Acc::Distinct(a), Acc::Distinct(b)) => a.extend(b.iter().cloned()),
            (Acc::Hll(a), Acc::Hll(b)) => a.merge(b),
            (Acc::Values(a), Acc::Values(b)) => a.extend_from_slice(b),
            (Acc::Sketch(a), Acc::Sketch(b)) => a.merge(b),
            (Acc::Collect(a), Acc::Collect(b)) => {
                let cap = match spec.func {
                    Func::Collect(c) => c,
                    _ => COLLECT_CAP,
                };
                for item in b.iter() {
                    insert_capped(a, item.clone(), cap);
                }
            }
            _ => {}
        }
    }

    /// The aggregate's value; `duration` is the window length in ns (for `rate`).
    pub fn result(&self, spec: &AggSpec, duration: Option<i64>) -> Value {
        match self {
            Acc::Count(n) => {
                if spec.func == Func::Rate {
                    match duration {
                        Some(d) if d > 0 => Value::Float(*n as f64 / (d as f64 / 1e9)),
                        _ => Value::Null,
                    }
                } else {
                    Value::Int(*n as i64)
                }
            }
            Acc::Sum(s) => {
                if s.n == 0 {
                    return Value::Null;
                }
                if spec.func == Func::Mean {
                    return Value::Float(s.total_f64() / s.n as f64);
                }
                if s.any_float {
                    Value::Float(s.total_f64())
                } else {
                    i64::try_from(s.ints).map_or(Value::Float(s.total_f64()), Value::Int)
                }
            }
            Acc::Extreme(v) => v.map_or(Value::Null, Num::value),
            Acc::Moments(m) => match m.variance() {
                Some(var) if spec.func == Func::Stddev => Value::Float(var.sqrt()),
                Some(var) => Value::Float(var),
                None => Value::Null,
            },
            Acc::Pick(p) => p.as_ref().map_or(Value::Null, |p| p.2.clone()),
            Acc::Distinct(set) => Value::Int(set.len() as i64),
            Acc::Hll(h) => Value::Int(h.estimate() as i64),
            Acc::Values(vals) => match spec.func {
                Func::Percentile(num, den) => exact_quantile(vals, num, den),
                _ => Value::Null,
            },
            Acc::Sketch(s) => match spec.func {
                Func::ApproxPercentile(num, den) => s
                    .quantile(num as f64 / den as f64)
                    .map_or(Value::Null, Value::Float),
                _ => Value::Null,
            },
            Acc::Collect(items) => Value::Array(items.iter().map(|(_, _, v)| v.clone()).collect()),
        }
    }

    /// Orders the arrival numbers of this state after those of earlier partitions: ties on the
    /// time of `first`, `last` and `collect` are broken by `(t, partition, seq)` (C7), where
    /// `partition` is the position of the partial record in the reducer's input.
    pub fn rebase_seq(&mut self, partition: u64) {
        const SEQ_BITS: u32 = 40;
        let rebase = |seq: &mut u64| {
            *seq = (partition << SEQ_BITS) | (*seq & ((1 << SEQ_BITS) - 1));
        };
        match self {
            Acc::Pick(Some(p)) => rebase(&mut p.1),
            Acc::Collect(items) => items.iter_mut().for_each(|(_, seq, _)| rebase(seq)),
            _ => {}
        }
    }

    /// The partial state as a JSON object (with the spec text, so a reducer needs no flags).
    pub fn to_partial(&self, spec: &AggSpec) -> Value {
        let mut m = Map::default();
        m.insert("spec".into(), Value::from(spec.text.as_str()));
        match self {
            Acc::Count(n) => {
                m.insert("n".into(), Value::Int(*n as i64));
            }
            Acc::Sum(s) => {
                m.insert("n".into(), Value::Int(s.n as i64));
                m.insert("int".into(), int128(s.ints));
                fsum_into(&mut m, "fl", &s.floats);
                m.insert("any_float".into(), Value::Bool(s.any_float));
            }
            Acc::Extreme(v) => {
                let k = if spec.func == Func::Min { "min" } else { "max" };
                let v = v.map_or(Value::Null, Num::value);
                m.insert(k.into(), encode_value(&v));
            }
            Acc::Moments(mo) => {
                m.insert("n".into(), Value::Int(mo.n as i64));
                fsum_into(&mut m, "sum", &mo.sum);
                fsum_into(&mut m, "sum_sq", &mo.sum_sq);
            }
            Acc::Pick(p) => {
                if let Some(p) = p {
                    let (t, seq, v) = &**p;
                    m.insert("t".into(), Value::Int(*t));
                    m.insert("seq".into(), Value::Int(*seq as i64));
                    m.insert("value".into(), encode_value(v));
                }
            }
            Acc::Distinct(set) => {
                let vals = set
                    .iter()
                    .map(|s| crate::json::parse(s.as_bytes()).unwrap_or(Value::Null))
                    .collect();
                m.insert("set".into(), Value::Array(vals));
            }
            Acc::Hll(h) => {
                let (form, text) = h.encode();
                m.insert(form.into(), Value::Str(text));
            }
            Acc::Values(vals) => {
                let mut sorted = vals.clone();
                sorted.sort_by(f64::total_cmp);
                m.insert("values".into(), floats(&sorted));
            }
            Acc::Sketch(s) => {
                let (pos, neg, zero) = s.buckets();
                let pairs = |b: Vec<(i32, u64)>| {
                    Value::Array(
                        b.into_iter()
                            .map(|(i, c)| {
                                Value::Array(vec![Value::Int(i64::from(i)), Value::Int(c as i64)])
                            })
                            .collect(),
                    )
                };
                m.insert("pos".into(), pairs(pos));
                m.insert("neg".into(), pairs(neg));
                m.insert("zero".into(), Value::Int(zero as i64));
            }
            Acc::Collect(items) => {
                let arr = items
                    .iter()
                    .map(|(t, s, v)| {
                        Value::Array(vec![Value::Int(*t), Value::Int(*s as i64), encode_value(v)])
                    })
                    .collect();
                m.insert("items".into(), Value::Array(arr));
            }
        }
        Value::Object(m)
    }

    /// Reads a state written by [`Acc::to_partial`].
    pub fn from_partial(spec: &AggSpec, state: &Value) -> Result<Acc, String> {
        let m = state
            .as_object()
            .ok_or_else(|| format!("partial state of `{}` is not an object", spec.name))?;
        let bad = |what: &str| format!("partial state of `{}`: bad `{what}`", spec.name);
        let int = |k: &str| -> Result<i64, String> {
            match m.get(k) {
                Some(Value::Int(i)) => Ok(*i),
                _ => Err(bad(k)),
            }
        };
        let count = |k: &str| u64::try_from(int(k)?).map_err(|_| bad(k));
        let value = |v: &Value| decode_value(v).map_err(|e| format!("{}: {e}", bad("value")));
        let fsum = |k: &str| -> Result<FSum, String> {
            let partials = m.get(k).and_then(array).ok_or_else(|| bad(k))?;
            let partials = partials
                .iter()
                .map(|v| value(v)?.as_f64().ok_or_else(|| bad(k)));
            let partials = partials.collect::<Result<Vec<f64>, String>>()?;
            let special = format!("{k}_special");
            let special = match m.get(&special) {
                Some(v) => Some(value(v)?.as_f64().ok_or_else(|| bad(&special))?),
                None => None,
            };
            Ok(FSum::from_parts(partials, special))
        };
        let mut acc = spec.new_acc();
        match &mut acc {
            Acc::Count(n) => *n = count("n")?,
            Acc::Sum(s) => {
                s.n = count("n")?;
                s.ints = match m.get("int") {
                    Some(Value::Int(i)) => i128::from(*i),
                    // No more than 2^63 integers of `i64` add up to: room for as many more.
                    Some(Value::Str(t)) => t
                        .parse()
                        .ok()
                        .filter(|i: &i128| i.unsigned_abs() <= 1 << 126)
                        .ok_or_else(|| bad("int"))?,
                    _ => return Err(bad("int")),
                };
                s.floats = fsum("fl")?;
                s.any_float = matches!(m.get("any_float"), Some(Value::Bool(true)));
            }
            Acc::Extreme(v) => {
                let k = if spec.func == Func::Min { "min" } else { "max" };
                *v = match m.get(k).map(value).transpose()? {
                    None | Some(Value::Null) => None,
                    Some(x) => Some(Num::of(&x).ok_or_else(|| bad(k))?),
                };
            }
            Acc::Moments(mo) => {
                mo.n = count("n")?;
                mo.sum = fsum("sum")?;
                mo.sum_sq = fsum("sum_sq")?;
            }
            Acc::Pick(p) => {
                if let Some(v) = m.get("value") {
                    *p = Some(Box::new((int("t")?, int("seq")? as u64, value(v)?)));
                }
            }
            Acc::Distinct(set) => {
                for v in m.get("set").and_then(array).ok_or_else(|| bad("set"))? {
                    set.insert(canonical_json(v));
                }
            }
            Acc::Hll(h) => {
                // Every register (`hll14`, also what eddy before the sparse form wrote), or the
                // set ones.
                let (form, text) = ["hll14", "hll14_sparse"]
                    .into_iter()
                    .find_map(|form| Some((form, m.get(form)?)))
                    .ok_or_else(|| bad("hll14"))?;
                let text = text.as_str().ok_or_else(|| bad(form))?;
                **h = Hll::decode(form, text)?;
            }
            Acc::Values(vals) => {
                for v in m
                    .get("values")
                    .and_then(array)
                    .ok_or_else(|| bad("values"))?
                {
                    vals.push(value(v)?.as_f64().ok_or_else(|| bad("values"))?);
                }
            }
            Acc::Sketch(s) => {
                let pairs = |k: &str| -> Result<Vec<(i32, u64)>, String> {
                    let mut out = Vec::new();
                    for p in m.get(k).and_then(array).ok_or_else(|| bad(k))? {
                        match array(p).map(Vec::as_slice) {
                            Some([Value::Int(i), Value::Int(c)]) => out.push((
                                i32::try_from(*i).map_err(|_| bad(k))?,
                                u64::try_from(*c).map_err(|_| bad(k))?,
                            )),
                            _ => return Err(bad(k)),
                        }
                    }
                    Ok(out)
                };
                **s = DdSketch::from_buckets(&pairs("pos")?, &pairs("neg")?, count("zero")?)
                    .ok_or_else(|| bad("zero"))?;
            }
            Acc::Collect(items) => {
                for it in m.get("items").and_then(array).ok_or_else(|| bad("items"))? {
                    match array(it).map(Vec::as_slice) {
                        Some([Value::Int(t), Value::Int(s), v]) => {
                            items.push((*t, *s as u64, value(v)?))
                        }
                        _ => return Err(bad("items")),
                    }
                }
            }
        }
        Ok(acc)
    }
}

fn array(v: &Value) -> Option<&Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        _ => None,
    }
}

/// Floats in a partial state (`{"$float":"inf"}` for what JSON cannot say).
fn floats(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|x| encode_value(&Value::Float(*x))).collect())
}

/// An exact float sum in a partial state: its partials at `key`, and the sum of its non-finite
/// inputs, if any, at `key_special` (`{"$float":"inf"}`: JSON has no infinities).
fn fsum_into(m: &mut Map, key: &str, sum: &FSum) {
    m.insert(key.into(), floats(sum.partials()));
    if let Some(special) = sum.special() {
        m.insert(
            format!("{key}_special"),
            encode_value(&Value::Float(special)),
        );
    }
}

fn int128(v: i128) -> Value {
    i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int)
}

fn insert_capped(items: &mut Vec<(i64, u64, Value)>, item: (i64, u64, Value), cap: usize) {
    let pos = items.partition_point(|x| (x.0, x.1) < (item.0, item.1));
    if pos >= cap {
        return;
    }
    items.insert(pos, item);
    items.truncate(cap);
}

/// The exact `num/den` quantile (R type 7): rank `h = (n−1)·q` computed in integers, only the
/// final interpolation in floating point.
pub fn exact_quantile(values: &[f64], num: u128, den: u128) -> Value {
    if values.is_empty() {
        return Value::Null;
    }
    let (a, b, rem) = quantile_pair(values, num, den);
    Value::Float(match b {
        Some(b) if rem != 0 => a + (rem as f64 / den as f64) * (b - a),
        _ => a,
    })
}

/// The values at the rank `lo = ⌊(n−1)·num/den⌋` and `lo + 1` (if any) of `values` in sorted
/// order (`f64::total_cmp`), and the remainder `(n−1)·num mod den`. By selection rather than a
/// sort: the total order makes the selected values the very ones a sort puts there.
fn quantile_pair(values: &[f64], num: u128, den: u128) -> (f64, Option<f64>, u128) {
    /// Values selected in a copy on the stack (a window's groups mostly hold a few).
    const ON_STACK: usize = 16;
    let mut stack = [0.0; ON_STACK];
    let mut heap = Vec::new();
    let copy = match stack.get_mut(..values.len()) {
        Some(copy) => {
            copy.copy_from_slice(values);
            copy
        }
        None => {
            heap.extend_from_slice(values);
            &mut heap[..]
        }
    };
    let scaled = (copy.len() as u128 - 1) * num;
    let lo = (scaled / den) as usize;
    let (_, &mut a, above) = copy.select_nth_unstable_by(lo, f64::total_cmp);
    let b = above.iter().copied().min_by(f64::total_cmp);
    (a, b, scaled % den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_tell_absent_values_from_values_that_are_not_numbers() {
        let mut a = Skips {
            records: 4,
            ..Skips::default()
        };
        a.skip(1, 2, None);
        a.skip(1, 2, Some(&Value::Null));
        a.skip(1, 2, Some(&Value::from("NA")));
        assert_eq!(
            (a.absent.clone(), a.not_numbers.clone()),
            (vec![0, 2], vec![0, 1])
        );
        let mut b = Skips {
            records: 3,
            ..Skips::default()
        };
        b.skip(0, 2, Some(&Value::Bool(true)));
        b.merge(&a);
        assert_eq!(b.records, 7);
        assert_eq!(b.total(), 4);
        assert_eq!(b.not_numbers().collect::<Vec<_>>(), [(0, 1, 7), (1, 1, 5)]);
        let mut c = Skips::default();
        c.merge(&Skips::default());
        assert_eq!((c.total(), c.not_numbers().count()), (0, 0));
    }

    /// `AggSpec::skips` tells what `Acc::update` skips, for every function and kind of value.
    #[test]
    fn skips_is_what_update_skips() {
        let specs = [
            "count",
            "count:x",
            "rate",
            "sum:x",
            "mean:x",
            "min:x",
            "max:x",
            "var:x",
            "stddev:x",
            "first:x",
            "last:x",
            "distinct:x",
            "approx_distinct:x",
            "median:x",
            "p95:x",
            "approx_p99:x",
            "collect:x",
        ];
        let values = [
            None,
            Some(Value::Null),
            Some(Value::Int(3)),
            Some(Value::Float(2.5)),
            Some(Value::Float(f64::NAN)),
            Some(Value::Float(f64::INFINITY)),
            Some(Value::from("NA")),
            Some(Value::from("12")),
            Some(Value::Bool(true)),
            Some(Value::Array(vec![Value::Int(1)])),
            Some(Value::Time(1_000)),
            Some(Value::Duration(5)),
        ];
        for spec in specs {
            let spec = AggSpec::parse(spec).unwrap();
            for value in &values {
                let updated = spec.new_acc().update(&spec, value.as_ref(), 0, 0);
                assert_eq!(
                    spec.skips(value.as_ref()),
                    !updated,
                    "{} of {value:?}",
                    spec.text
                );
            }
        }
    }

    fn run(spec: &str, vals: &[Value]) -> Value {
        let s = AggSpec::parse(spec).unwrap();
        let mut acc = s.new_acc();
        for (i, v) in vals.iter().enumerate() {
            acc.update(&s, Some(v), i as i64, i as u64);
        }
        acc.result(&s, Some(10_000_000_000))
    }

    fn ints(xs: &[i64]) -> Vec<Value> {
        xs.iter().map(|x| Value::Int(*x)).collect()
    }

    #[test]
    fn every_function_offered_parses() {
        let offered: Vec<(String, &str)> = completion_names().collect();
        assert!(offered.iter().any(|(name, _)| name == "p95:"));
        assert!(
            offered.iter().any(|(name, _)| name == "sum:"),
            "a field to come"
        );
        assert!(offered.iter().any(|(name, _)| name == "count"));
        assert!(offered.iter().any(|(name, _)| name == "rate"));
        for (name, _) in offered {
            let name = name.strip_suffix(':').unwrap_or(&name);
            let bare = AggSpec::parse(name);
            let with_field = AggSpec::parse(&format!("{name}:x"));
            let with_quantile = AggSpec::parse(&format!("{name}:x:0.5"));
            assert!(
                bare.is_ok() || with_field.is_ok() || with_quantile.is_ok(),
                "{name}"
            );
        }
        let unknown = AggSpec::parse("nope:x").unwrap_err();
        for (name, _) in FUNCTIONS {
            assert!(unknown.contains(name), "{unknown}");
        }
    }

    #[test]
    fn names_and_parse_errors() {
        assert_eq!(
            AggSpec::parse("sum:req.bytes").unwrap().name,
            "sum_req_bytes"
        );
        assert_eq!(AggSpec::parse("p95:lat").unwrap().name, "p95_lat");
        assert_eq!(AggSpec::parse("n=count").unwrap().name, "n");
        assert_eq!(AggSpec::parse("count").unwrap().name, "count");
        assert!(AggSpec::parse("sum").is_err());
        assert!(AggSpec::parse("bogus:x").is_err());
        assert!(AggSpec::parse("p101:x").is_err());
    }

    /// The exact quantile by a full sort (what [`exact_quantile`] selects).
    fn sorted_quantile(values: &[f64], num: u128, den: u128) -> Value {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let scaled = (sorted.len() as u128 - 1) * num;
        let (lo, rem) = ((scaled / den) as usize, scaled % den);
        match sorted.get(lo + 1) {
            Some(b) if rem != 0 => {
                Value::Float(sorted[lo] + (rem as f64 / den as f64) * (b - sorted[lo]))
            }
            _ => Value::Float(sorted[lo]),
        }
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// Selection finds the very values a sort puts at the rank (same bits: `-0.0` and
        /// `0.0` apart, duplicates, any order).
        #[test]
        fn quantiles_by_selection_equal_those_by_sorting(
            values in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
                    (-5i32..5).prop_map(f64::from),
                    proptest::strategy::Just(-0.0),
                ],
                1..200,
            ),
            den in 1u128..1000,
            num in 0u128..1000,
        ) {
            let num = num % (den + 1);
            let bits = |v: Value| v.as_f64().map(f64::to_bits);
            proptest::prop_assert_eq!(
                bits(exact_quantile(&values, num, den)),
                bits(sorted_quantile(&values, num, den))
            );
        }
    }

    proptest::proptest! {
        /// An accumulator reset for reuse is a fresh one: the same state, and the same results
        /// after the same values.
        #[test]
        fn a_reset_accumulator_is_a_fresh_one(
            spec in proptest::sample::select(vec![
                "count", "rate", "sum:x", "mean:x", "min:x", "max:x", "var:x", "stddev:x",
                "first:x", "distinct:x", "approx_distinct:x", "p99:x", "approx_p99:x",
                "collect:x",
            ]),
            before in proptest::collection::vec(-1e6f64..1e6, 0..100),
            after in proptest::collection::vec(-5i64..5, 0..10),
        ) {
            let spec = AggSpec::parse(spec).unwrap();
            let mut reused = spec.new_acc();
            for (i, v) in before.iter().enumerate() {
                reused.update(&spec, Some(&Value::Float(*v)), i as i64, i as u64);
            }
            spec.reset_acc(&mut reused);
            let mut fresh = spec.new_acc();
            proptest::prop_assert_eq!(format!("{reused:?}"), format!("{fresh:?}"));
            for (i, v) in after.iter().enumerate() {
                reused.update(&spec, Some(&Value::Int(*v)), i as i64, i as u64);
                fresh.update(&spec, Some(&Value::Int(*v)), i as i64, i as u64);
            }
            proptest::prop_assert_eq!(
                reused.result(&spec, Some(60)).to_json(),
                fresh.result(&spec, Some(60)).to_json()
            );
        }
    }

    #[test]
    fn percentiles_use_the_rational_rank() {
        let v = ints(&[10, 20, 30, 40]);
        assert_eq!(run("median:x", &v).to_json(), "25.0");
        assert_eq!(run("p95:x", &v).to_json(), "38.5");
        assert_eq!(run("percentile:x:0.95", &v).to_json(), "38.5");
        assert_eq!(run("p0:x", &v).to_json(), "10.0");
        assert_eq!(run("p100:x", &v).to_json(), "40.0");
    }

    #[test]
    fn sums_are_exact() {
        assert_eq!(
            run("sum:x", &ints(&[i64::MAX, 1, -1])).to_json(),
            i64::MAX.to_string()
        );
        let f = [Value::Float(0.1), Value::Float(0.2), Value::Float(0.3)];
        assert_eq!(run("sum:x", &f).to_json(), "0.6");
        assert_eq!(run("mean:x", &ints(&[10, 30])).to_json(), "20.0");
        assert_eq!(run("sum:x", &[Value::Null]).to_json(), "null");
    }

    #[test]
    fn variance_and_friends() {
        let v = ints(&[2, 4, 4, 4, 5, 5, 7, 9]);
        let var = run("var:x", &v).as_f64().unwrap();
        assert!((var - 32.0 / 7.0).abs() < 1e-12);
        assert_eq!(run("min:x", &v).to_json(), "2");
        assert_eq!(run("max:x", &v).to_json(), "9");
        assert_eq!(run("first:x", &v).to_json(), "2");
        assert_eq!(run("last:x", &v).to_json(), "9");
        assert_eq!(run("distinct:x", &v).to_json(), "5");
        assert_eq!(run("approx_distinct:x", &v).to_json(), "5");
        assert_eq!(run("collect:x:3", &v).to_json(), "[2,4,4]");
        assert_eq!(run("rate", &v).to_json(), "0.8");
    }

    /// A partial state written as JSON text and read back is the state it was: what JSON
    /// cannot say (infinite sums, a sum that overflowed, an infinite maximum, a time) included,
    /// and a float sum keeps its partials as they were (a partial state written again is the
    /// same text).
    #[test]
    fn partial_states_come_back_exactly() {
        let inf = Value::Float(f64::INFINITY);
        let cases = [
            ("sum:x", vec![inf.clone(), Value::Float(1.5), Value::Int(3)]),
            ("sum:x", vec![Value::Float(-f64::MAX); 3]),
            (
                "sum:x",
                vec![Value::Float(0.1), Value::Float(1.0), Value::Float(1.8e16)],
            ),
            (
                "var:x",
                vec![Value::Float(1e200), Value::Float(-1e200), Value::Float(3.0)],
            ),
            (
                "max:x",
                vec![Value::Int(1), Value::Float(f64::NEG_INFINITY), inf.clone()],
            ),
            ("first:x", vec![Value::Time(5), Value::Int(1)]),
            (
                "collect:x",
                vec![Value::Duration(7), inf, Value::Float(-0.0)],
            ),
        ];
        for (spec, values) in cases {
            let s = AggSpec::parse(spec).unwrap();
            let mut acc = s.new_acc();
            for (i, v) in values.iter().enumerate() {
                acc.update(&s, Some(v), 0, i as u64);
            }
            let text = acc.to_partial(&s).to_json();
            let back = Acc::from_partial(&s, &crate::json::parse(text.as_bytes()).unwrap());
            let back = back.unwrap();
            assert_eq!(back.to_partial(&s).to_json(), text, "{spec}");
            let result = |a: &Acc| format!("{:?}", a.result(&s, None));
            assert_eq!(result(&back), result(&acc), "{spec}");
        }
    }

    #[test]
    fn partial_round_trip_and_merge() {
        for spec in [
            "count",
            "sum:x",
            "mean:x",
            "var:x",
            "min:x",
            "max:x",
            "first:x",
            "last:x",
            "distinct:x",
            "approx_distinct:x",
            "p90:x",
            "approx_p50:x",
            "collect:x",
        ] {
            let s = AggSpec::parse(spec).unwrap();
            let vals: Vec<Value> = (0..20)
                .map(|i| {
                    if i % 3 == 0 {
                        Value::Float(i as f64 * 0.1)
                    } else {
                        Value::Int(i)
                    }
                })
                .collect();
            let mut whole = s.new_acc();
            let mut a = s.new_acc();
            let mut b = s.new_acc();
            for (i, v) in vals.iter().enumerate() {
                whole.update(&s, Some(v), i as i64, i as u64);
                if i % 2 == 0 { &mut a } else { &mut b }.update(&s, Some(v), i as i64, i as u64);
            }
            let a2 = Acc::from_partial(&s, &a.to_partial(&s)).unwrap();
            let mut b2 = Acc::from_partial(&s, &b.to_partial(&s)).unwrap();
            b2.merge(&s, &a2);
            assert_eq!(
                b2.result(&s, None).to_json(),
                whole.result(&s, None).to_json(),
                "{spec}"
            );
        }
    }
}
