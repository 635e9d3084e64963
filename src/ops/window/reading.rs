//! Reading a time window's fields: the event time and its warnings, and the fields the
//! aggregates read. One definition, which the engine uses on the main thread and the pushdown
//! layer on the reader threads (`crate::pushdown::window`), handing the result over as a
//! [`Prepared`](crate::input::work::Prepared).

use crate::path::Path;
use crate::value::Value;

use super::TimeSpec;
use super::emit::Plan;
use super::timefmt::{TimeFormat, lacks_offset, parse_timestamp};

/// [`Prepared::flags`](crate::input::work::Prepared::flags) bit: an RFC 3339 timestamp without a UTC offset and no `--tz`.
pub const NO_OFFSET: u8 = 1;
/// [`Prepared::flags`](crate::input::work::Prepared::flags) bit: an `epoch_s` timestamp that looks like milliseconds.
pub const EPOCH_MS: u8 = 2;

/// The fields the aggregates read, each once, and which of them each aggregate reads (`count`
/// and `count:F`, `mean:F` and `p99:F` read one value).
#[derive(Debug, Clone)]
pub struct ValueFields {
    /// The fields, each once.
    pub paths: Vec<Path>,
    /// Per aggregate, the index of its field in `paths`.
    slots: Vec<Option<usize>>,
}

impl ValueFields {
    /// The fields of `plan`'s aggregates.
    pub fn of(plan: &Plan) -> ValueFields {
        let mut paths: Vec<Path> = Vec::new();
        let slots = plan
            .aggs
            .iter()
            .map(|agg| {
                let field = agg.field.as_ref()?;
                Some(match paths.iter().position(|p| p == field) {
                    Some(slot) => slot,
                    None => {
                        paths.push(field.clone());
                        paths.len() - 1
                    }
                })
            })
            .collect();
        ValueFields { paths, slots }
    }

    /// The value aggregate `agg` reads, given the values of the fields (a prepared event's
    /// [`Prepared::values`](crate::input::work::Prepared::values)).
    pub fn pick<'v>(&self, values: &'v [Option<Value>], agg: usize) -> Option<&'v Value> {
        let slot = self.slots.get(agg).copied().flatten()?;
        values.get(slot)?.as_ref()
    }
}

/// The event time in `root` (the field `field` of `spec`) and the value it was read from;
/// `Err` carries the bad-time message.
pub fn read_time<'v>(
    spec: &TimeSpec,
    field: &Path,
    root: &'v Value,
) -> Result<(i64, &'v Value), String> {
    let value = field
        .get(root)
        .ok_or_else(|| format!("missing time field `{field}`"))?;
    match parse_timestamp(value, &spec.format, &spec.tz) {
        Ok(t) => Ok((t, value)),
        Err(message) => Err(finer_unit(spec, value).unwrap_or(message)),
    }
}

/// For an epoch-seconds timestamp out of range, the unit its magnitude suggests (C3: units are
/// never guessed, but the message says which `--time-format` reads it).
fn finer_unit(spec: &TimeSpec, value: &Value) -> Option<String> {
    if !matches!(spec.format, TimeFormat::Auto | TimeFormat::EpochS) {
        return None;
    }
    let f = match value {
        Value::Str(s) => s.trim().parse::<f64>().ok()?,
        v => v.as_f64()?,
    }
    .abs();
    let unit = match f {
        f if f < 1e11 => return None,
        f if f < 1e14 => "milliseconds; use --time-format epoch_ms",
        f if f < 1e17 => "microseconds; use --time-format epoch_us",
        _ => "nanoseconds; use --time-format epoch_ns",
    };
    Some(format!(
        "epoch_s timestamp {value} is out of range (years 1677 to 2262): it looks like {unit}"
    ))
}

/// What to warn about for a timestamp `value` that parsed ([`NO_OFFSET`], [`EPOCH_MS`]).
pub fn time_flags(spec: &TimeSpec, value: &Value) -> u8 {
    let mut flags = 0;
    if let Value::Str(s) = value
        && !spec.tz_given
        && matches!(spec.format, TimeFormat::Auto | TimeFormat::Rfc3339)
        && lacks_offset(s)
    {
        flags |= NO_OFFSET;
    }
    if matches!(spec.format, TimeFormat::Auto | TimeFormat::EpochS)
        && value.as_f64().is_some_and(|f| f.abs() > 1e11)
    {
        flags |= EPOCH_MS;
    }
    flags
}
