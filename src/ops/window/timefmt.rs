//! Time input and output for windows: the `--time-format` of C3 and the rendering of window
//! bounds (`--out-time-format`, `--out-tz`).
//!
//! Parsing is `crate::time`'s (re-exported here); this module adds what only windows need: the
//! "like the input" output representation and the `--max-delay` suggested in messages (durations
//! themselves are written by [`crate::time::format_duration`]).

use jiff::tz::TimeZone;

use crate::value::Value;

pub use crate::time::{TimeFormat, lacks_offset, parse_time_zone, parse_timestamp};

const NS: i64 = 1_000_000_000;

/// The scale of an epoch unit in nanoseconds.
fn unit_scale(format: &TimeFormat) -> i64 {
    match format {
        TimeFormat::EpochMs => 1_000_000,
        TimeFormat::EpochUs => 1_000,
        TimeFormat::EpochNs => 1,
        _ => NS,
    }
}

/// How window bounds are written.
#[derive(Debug, Clone)]
pub enum OutTime {
    /// RFC 3339 (UTC `Z`, or with the offset of a zone); `millis` always prints 3 digits.
    Rfc3339 {
        /// `--out-tz`.
        tz: Option<TimeZone>,
        /// Always millisecond precision (processing-time windows).
        millis: bool,
    },
    /// A number in epoch units of `scale` ns (integer when exact).
    Epoch(i64),
    /// A strftime pattern.
    Strftime(String, Option<TimeZone>),
}

impl OutTime {
    /// The representation matching an input time format (for `--out-time-format auto`).
    pub fn like_input(format: &TimeFormat, value: &Value, tz: Option<TimeZone>) -> OutTime {
        match format {
            TimeFormat::EpochS
            | TimeFormat::EpochMs
            | TimeFormat::EpochUs
            | TimeFormat::EpochNs => OutTime::Epoch(unit_scale(format)),
            TimeFormat::Auto
                if value.is_number()
                    || value
                        .as_str()
                        .is_some_and(|t| t.trim().parse::<f64>().is_ok()) =>
            {
                OutTime::Epoch(NS)
            }
            _ => OutTime::Rfc3339 { tz, millis: false },
        }
    }

    /// Parses `--out-time-format` (other than `auto`), in UTC: see [`OutTime::in_zone`].
    pub fn parse(text: &str) -> Result<OutTime, String> {
        let tz = None;
        Ok(match text {
            "rfc3339" => OutTime::Rfc3339 { tz, millis: false },
            "epoch_s" => OutTime::Epoch(NS),
            "epoch_ms" => OutTime::Epoch(1_000_000),
            "epoch_us" => OutTime::Epoch(1_000),
            "epoch_ns" => OutTime::Epoch(1),
            other => match other.strip_prefix("strftime:") {
                Some(f) if !f.is_empty() => OutTime::Strftime(f.to_owned(), tz),
                _ => {
                    return Err(format!(
                        "invalid output time format `{text}` (expected auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strftime:FMT)"
                    ));
                }
            },
        })
    }

    /// The same format with the offsets of `tz` (`--out-tz`) instead of `Z`, where it writes
    /// offsets.
    pub fn in_zone(self, tz: Option<TimeZone>) -> OutTime {
        match self {
            OutTime::Rfc3339 { millis, .. } => OutTime::Rfc3339 { tz, millis },
            OutTime::Strftime(f, _) => OutTime::Strftime(f, tz),
            epoch @ OutTime::Epoch(_) => epoch,
        }
    }

    /// Renders an instant.
    pub fn render(&self, ns: i64) -> Value {
        match self {
            OutTime::Epoch(scale) => {
                if ns % scale == 0 {
                    Value::Int(ns / scale)
                } else {
                    Value::Float(ns as f64 / *scale as f64)
                }
            }
            OutTime::Rfc3339 { tz, millis } => {
                let rendered = if *millis {
                    let zone = tz.clone().unwrap_or(TimeZone::UTC);
                    let suffix = if tz.is_some() { "%:z" } else { "Z" };
                    crate::time::format_timestamp(
                        ns,
                        Some(&format!("%Y-%m-%dT%H:%M:%S%.3f{suffix}")),
                        Some(&zone),
                    )
                } else {
                    crate::time::format_timestamp(ns, None, tz.as_ref())
                };
                rendered.map_or(Value::Int(ns), Value::Str)
            }
            OutTime::Strftime(f, tz) => crate::time::format_timestamp(ns, Some(f), tz.as_ref())
                .map_or(Value::Int(ns), Value::Str),
        }
    }
}

/// Rounds a duration up to a whole second (or millisecond below one second), for suggesting a
/// `--max-delay` that is at least the given out-of-orderness.
pub fn round_up_duration(ns: i64) -> i64 {
    let unit = if ns >= NS {
        NS
    } else if ns >= 1_000_000 {
        1_000_000
    } else {
        1
    };
    let r = ns.rem_euclid(unit);
    if r == 0 {
        ns
    } else {
        ns.saturating_add(unit - r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output() {
        assert_eq!(OutTime::Epoch(NS).render(10 * NS).to_json(), "10");
        assert_eq!(OutTime::Epoch(NS).render(NS / 2).to_json(), "0.5");
        let r = OutTime::Rfc3339 {
            tz: None,
            millis: false,
        };
        assert_eq!(r.render(0).to_json(), "\"1970-01-01T00:00:00Z\"");
        let m = OutTime::Rfc3339 {
            tz: None,
            millis: true,
        };
        assert_eq!(m.render(0).to_json(), "\"1970-01-01T00:00:00.000Z\"");
        let b = OutTime::Rfc3339 {
            tz: Some(parse_time_zone("Europe/Berlin").unwrap()),
            millis: false,
        };
        assert_eq!(b.render(0).to_json(), "\"1970-01-01T01:00:00+01:00\"");
    }
}
