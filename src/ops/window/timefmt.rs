//! Time input and output for windows: the `--time-format` of C3 and the rendering of window
//! bounds (`--out-time-format`, `--out-tz`).
//!
//! The parsing half mirrors the API of `crate::time` being written on the `expr` branch
//! (`TimeFormat`, `parse_timestamp`, `parse_time_zone`); once it lands, these functions delegate.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use crate::value::Value;

const NS: i64 = 1_000_000_000;

/// How timestamps are written in the input (`--time-format`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeFormat {
    /// Strings as RFC 3339, numbers as epoch seconds.
    Auto,
    /// RFC 3339 / ISO 8601.
    Rfc3339,
    /// Seconds since the epoch (integer or decimal).
    EpochS,
    /// Milliseconds since the epoch.
    EpochMs,
    /// Microseconds since the epoch.
    EpochUs,
    /// Nanoseconds since the epoch.
    EpochNs,
    /// A strptime pattern.
    Strptime(String),
}

impl FromStr for TimeFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "auto" => TimeFormat::Auto,
            "rfc3339" => TimeFormat::Rfc3339,
            "epoch_s" => TimeFormat::EpochS,
            "epoch_ms" => TimeFormat::EpochMs,
            "epoch_us" => TimeFormat::EpochUs,
            "epoch_ns" => TimeFormat::EpochNs,
            other => match other.strip_prefix("strptime:") {
                Some(f) if !f.is_empty() => TimeFormat::Strptime(f.to_owned()),
                _ => {
                    return Err(format!(
                        "invalid time format `{s}` (expected auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT)"
                    ));
                }
            },
        })
    }
}

/// An IANA time zone from the bundled database.
pub fn parse_time_zone(name: &str) -> Result<TimeZone, String> {
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Ok(TimeZone::UTC);
    }
    jiff::tz::db()
        .get(name)
        .map_err(|_| format!("unknown time zone `{name}` (expected an IANA name such as Europe/Berlin)"))
}

/// The scale of an epoch unit in nanoseconds.
fn unit_scale(format: &TimeFormat) -> i64 {
    match format {
        TimeFormat::EpochMs => 1_000_000,
        TimeFormat::EpochUs => 1_000,
        TimeFormat::EpochNs => 1,
        _ => NS,
    }
}

/// Parses a decimal number of `scale`-ns units exactly into nanoseconds.
fn parse_epoch_text(text: &str, scale: i64) -> Option<i64> {
    let t = text.trim();
    if t.contains(['e', 'E']) {
        let f: f64 = t.parse().ok()?;
        let ns = f * scale as f64;
        return (ns.is_finite() && ns.abs() < 9.2e18).then(|| ns.round() as i64);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut ns = whole.checked_mul(i128::from(scale))?;
    // Fractional digits beyond nanoseconds are truncated.
    let mut unit = i128::from(scale);
    for d in frac.bytes() {
        unit /= 10;
        if unit == 0 {
            break;
        }
        ns += i128::from(d - b'0') * unit;
    }
    let ns = if neg { -ns } else { ns };
    i64::try_from(ns).ok()
}

/// True when an RFC 3339-like text carries no UTC offset (so `--tz` applies).
pub fn lacks_offset(text: &str) -> bool {
    let t = text.trim();
    if t.ends_with('Z') || t.ends_with('z') {
        return false;
    }
    // An offset is a sign after the time part (after the 'T' or the space).
    let time_part = match t.find(['T', 't', ' ']) {
        Some(i) => &t[i + 1..],
        None => return true,
    };
    !time_part.contains(['+', '-'])
}

/// Parses an RFC 3339 text (with `T` or space, optional offset interpreted in `tz`).
fn parse_rfc3339(text: &str, tz: &TimeZone) -> Result<i64, String> {
    let t = text.trim();
    // Leap second `:60` folds to `:59.999999999`.
    let (text, leap) = fold_leap_second(t);
    let text = text.as_str();
    let ns = if lacks_offset(text) {
        let dt: DateTime = text
            .parse()
            .map_err(|e| format!("invalid timestamp `{t}`: {e}"))?;
        tz.to_timestamp(dt)
            .map_err(|e| format!("invalid timestamp `{t}`: {e}"))?
            .as_nanosecond()
    } else {
        let ts: Timestamp = text
            .parse()
            .map_err(|e| format!("invalid timestamp `{t}`: {e}"))?;
        ts.as_nanosecond()
    };
    let ns = i64::try_from(ns).map_err(|_| format!("timestamp `{t}` is out of range"))?;
    Ok(if leap { ns + (NS - 1) } else { ns })
}

/// Replaces a `:60` second by `:59` (returns whether it did, so the caller adds 999999999 ns).
fn fold_leap_second(t: &str) -> (String, bool) {
    if let Some(i) = t.find(":60") {
        let after = &t[i + 3..];
        let before = &t[..i];
        if before.matches(':').count() == 1 && !after.starts_with(|c: char| c.is_ascii_digit()) {
            // Drop any fraction: the folded instant is the last nanosecond of :59.
            let rest = after.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
            return (format!("{before}:59{rest}"), true);
        }
    }
    (t.to_owned(), false)
}

/// Parses one timestamp value into nanoseconds since the epoch.
pub fn parse_timestamp(value: &Value, format: &TimeFormat, tz: &TimeZone) -> Result<i64, String> {
    match (format, value) {
        (TimeFormat::Auto | TimeFormat::Rfc3339, Value::Str(s)) => parse_rfc3339(s, tz),
        (TimeFormat::Auto, v) if v.is_number() => number_epoch(v, NS),
        (TimeFormat::EpochS | TimeFormat::EpochMs | TimeFormat::EpochUs | TimeFormat::EpochNs, v) => {
            let scale = unit_scale(format);
            match v {
                Value::Str(s) => parse_epoch_text(s, scale)
                    .ok_or_else(|| format!("invalid epoch timestamp `{s}`")),
                v if v.is_number() => number_epoch(v, scale),
                other => Err(format!("expected an epoch number, found {}", other.type_name())),
            }
        }
        (TimeFormat::Strptime(fmt), Value::Str(s)) => {
            let tm = jiff::fmt::strtime::BrokenDownTime::parse(fmt, s)
                .map_err(|e| format!("`{s}` does not match `{fmt}`: {e}"))?;
            let ns = if tm.offset().is_some() {
                tm.to_timestamp()
                    .map_err(|e| format!("invalid timestamp `{s}`: {e}"))?
                    .as_nanosecond()
            } else {
                let dt = tm
                    .to_datetime()
                    .map_err(|e| format!("invalid timestamp `{s}`: {e}"))?;
                tz.to_timestamp(dt)
                    .map_err(|e| format!("invalid timestamp `{s}`: {e}"))?
                    .as_nanosecond()
            };
            i64::try_from(ns).map_err(|_| format!("timestamp `{s}` is out of range"))
        }
        (TimeFormat::Rfc3339 | TimeFormat::Strptime(_), Value::Time(ns)) => Ok(*ns),
        (_, Value::Time(ns)) => Ok(*ns),
        (_, Value::Null) => Err("missing timestamp".into()),
        (_, other) => Err(format!("expected a timestamp, found {}", other.type_name())),
    }
}

fn number_epoch(v: &Value, scale: i64) -> Result<i64, String> {
    match v {
        Value::Int(i) => i
            .checked_mul(scale)
            .ok_or_else(|| format!("epoch timestamp {i} is out of range")),
        Value::Float(f) => {
            // Through the shortest decimal text, so 1714557600.123 is exact to the digit.
            let text = ryu::Buffer::new().format(*f).to_owned();
            parse_epoch_text(&text, scale).ok_or_else(|| format!("invalid epoch timestamp {f}"))
        }
        _ => Err("expected a number".into()),
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
            TimeFormat::EpochS | TimeFormat::EpochMs | TimeFormat::EpochUs | TimeFormat::EpochNs => {
                OutTime::Epoch(unit_scale(format))
            }
            TimeFormat::Auto if value.is_number() => OutTime::Epoch(NS),
            _ => OutTime::Rfc3339 { tz, millis: false },
        }
    }

    /// Parses `--out-time-format` (other than `auto`).
    pub fn parse(text: &str, tz: Option<TimeZone>) -> Result<OutTime, String> {
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
                let Ok(ts) = Timestamp::from_nanosecond(i128::from(ns)) else {
                    return Value::Int(ns);
                };
                let pattern = if *millis { "%Y-%m-%dT%H:%M:%S%.3f" } else { "%Y-%m-%dT%H:%M:%S%.f" };
                match tz {
                    None => {
                        if *millis {
                            Value::Str(format!("{}Z", ts.strftime(pattern)))
                        } else {
                            Value::Str(crate::time::format_rfc3339(ns))
                        }
                    }
                    Some(zone) => {
                        let z = ts.to_zoned(zone.clone());
                        Value::Str(format!("{}", z.strftime(&format!("{pattern}%:z"))))
                    }
                }
            }
            OutTime::Strftime(f, tz) => match Timestamp::from_nanosecond(i128::from(ns)) {
                Ok(ts) => {
                    let z = ts.to_zoned(tz.clone().unwrap_or(TimeZone::UTC));
                    Value::Str(z.strftime(f).to_string())
                }
                Err(_) => Value::Int(ns),
            },
        }
    }
}

/// Formats a duration for messages: `6s`, `1m30s`, `250ms`, `inf`.
pub fn format_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let mut rest = ns.unsigned_abs();
    let mut out = String::new();
    if ns < 0 {
        out.push('-');
    }
    for (unit, scale) in [
        ("d", 86_400 * NS as u64),
        ("h", 3_600 * NS as u64),
        ("m", 60 * NS as u64),
        ("s", NS as u64),
        ("ms", 1_000_000),
        ("us", 1_000),
        ("ns", 1),
    ] {
        if rest >= scale {
            out.push_str(&format!("{}{unit}", rest / scale));
            rest %= scale;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: Value, f: &str) -> Result<i64, String> {
        parse_timestamp(&v, &f.parse().unwrap(), &TimeZone::UTC)
    }

    #[test]
    fn formats() {
        assert_eq!(p(Value::Int(12), "auto"), Ok(12 * NS));
        assert_eq!(p(Value::Float(1714557600.123), "auto"), Ok(1_714_557_600_123_000_000));
        assert_eq!(p(Value::from("1714557600.5"), "epoch_s"), Ok(1_714_557_600_500_000_000));
        assert_eq!(p(Value::Int(1500), "epoch_ms"), Ok(1_500_000_000));
        assert_eq!(p(Value::from("1970-01-01T00:00:01Z"), "auto"), Ok(NS));
        assert_eq!(p(Value::from("1970-01-01 00:00:01+01:00"), "rfc3339"), Ok(NS - 3600 * NS));
        assert_eq!(p(Value::from("1970-01-01T00:00:01"), "rfc3339"), Ok(NS));
        assert_eq!(p(Value::from("1969-12-31T23:59:60Z"), "rfc3339"), Ok(-1));
        assert_eq!(
            p(Value::from("10/Oct/2000:13:55:36 -0700"), "strptime:%d/%b/%Y:%H:%M:%S %z"),
            Ok(971_211_336 * NS)
        );
        assert!(p(Value::Null, "auto").is_err());
        assert!(p(Value::from("nope"), "auto").is_err());
    }

    #[test]
    fn output() {
        assert_eq!(OutTime::Epoch(NS).render(10 * NS).to_json(), "10");
        assert_eq!(OutTime::Epoch(NS).render(NS / 2).to_json(), "0.5");
        let r = OutTime::Rfc3339 { tz: None, millis: false };
        assert_eq!(r.render(0).to_json(), "\"1970-01-01T00:00:00Z\"");
        let m = OutTime::Rfc3339 { tz: None, millis: true };
        assert_eq!(m.render(0).to_json(), "\"1970-01-01T00:00:00.000Z\"");
        let b = OutTime::Rfc3339 { tz: Some(parse_time_zone("Europe/Berlin").unwrap()), millis: false };
        assert_eq!(b.render(0).to_json(), "\"1970-01-01T01:00:00+01:00\"");
        assert_eq!(format_duration(6 * NS), "6s");
        assert_eq!(format_duration(90 * NS + 5_000_000), "1m30s5ms");
    }
}
