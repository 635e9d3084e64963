//! Durations, timestamps and time zones: the one home of time parsing and formatting.
//!
//! Instants are `i64` nanoseconds since 1970-01-01T00:00:00Z (1677 to 2262); durations are `i64`
//! nanoseconds. Parsing never panics: values outside that range are errors.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::fmt::strtime;
use jiff::tz::{Offset, TimeZone};

use crate::value::Value;

/// Nanoseconds in one second.
pub const NANOS_PER_SEC: i64 = 1_000_000_000;

/// Seconds in one day.
const SECS_PER_DAY: i64 = 86_400;

/// Parses a duration such as `250ms`, `5s`, `1m30s`, `2h`, `1d`, `1w` (suffixes `ns us ms s m h
/// d w`; several parts add up, largest unit first and each unit once, and only the last part
/// may have a fraction, as jiff's friendly format has it). Returns nanoseconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let bad = || {
        format!("invalid duration `{text}` (expected a number and a unit, e.g. 5s, 250ms, 1m30s)")
    };
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    let negative = rest.starts_with('-');
    if negative {
        rest = &rest[1..];
        if rest.is_empty() {
            return Err(bad());
        }
    }
    let mut total: i64 = 0;
    // The scale of the part before, and whether it had a fraction.
    let mut previous: Option<(i64, bool)> = None;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        if digits == 0 {
            return Err(bad());
        }
        let number = &rest[..digits];
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale: i64 = match unit {
            "ns" => 1,
            "us" | "µs" => 1_000,
            "ms" => 1_000_000,
            "s" => NANOS_PER_SEC,
            "m" => 60 * NANOS_PER_SEC,
            "h" => 3_600 * NANOS_PER_SEC,
            "d" => 86_400 * NANOS_PER_SEC,
            "w" => 7 * 86_400 * NANOS_PER_SEC,
            _ => return Err(bad()),
        };
        match previous {
            Some((_, true)) => {
                return Err(format!(
                    "invalid duration `{text}` (only the last part may have a fraction)"
                ));
            }
            Some((larger, false)) if larger <= scale => {
                return Err(format!(
                    "invalid duration `{text}` (units go from the largest to the smallest, each once)"
                ));
            }
            _ => previous = Some((scale, number.contains('.'))),
        }
        let part = if number.contains('.') {
            let f: f64 = number.parse().map_err(|_| bad())?;
            let ns = f * scale as f64;
            if !ns.is_finite() || ns.abs() > i64::MAX as f64 {
                return Err(bad());
            }
            ns.round() as i64
        } else {
            let n: i64 = number.parse().map_err(|_| bad())?;
            n.checked_mul(scale).ok_or_else(bad)?
        };
        total = total.checked_add(part).ok_or_else(bad)?;
    }
    Ok(if negative { -total } else { total })
}

/// Formats a duration compactly with the units of [`parse_duration`]: `1h30m`, `250ms`,
/// `1m0.5s` is written `1m500ms`, zero is `0s`, negative durations start with `-`.
pub fn format_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    if ns < 0 {
        out.push('-');
    }
    let mut rest = ns.unsigned_abs();
    const UNITS: [(&str, u64); 7] = [
        ("d", 86_400_000_000_000),
        ("h", 3_600_000_000_000),
        ("m", 60_000_000_000),
        ("s", 1_000_000_000),
        ("ms", 1_000_000),
        ("us", 1_000),
        ("ns", 1),
    ];
    for (unit, size) in UNITS {
        if rest >= size {
            out.push_str(&(rest / size).to_string());
            out.push_str(unit);
            rest %= size;
        }
    }
    out
}

/// How timestamps are written in the input (windows.md C3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TimeFormat {
    /// Strings as RFC 3339, numbers as epoch seconds.
    #[default]
    Auto,
    /// RFC 3339 / ISO 8601 strings.
    Rfc3339,
    /// Seconds since the epoch, integer or decimal.
    EpochS,
    /// Milliseconds since the epoch.
    EpochMs,
    /// Microseconds since the epoch.
    EpochUs,
    /// Nanoseconds since the epoch.
    EpochNs,
    /// A strptime pattern (jiff's `strtime` dialect), e.g. `%d/%b/%Y:%H:%M:%S %z`.
    Strptime(String),
}

impl FromStr for TimeFormat {
    type Err = String;

    /// `auto`, `rfc3339`, `epoch_s`, `epoch_ms`, `epoch_us`, `epoch_ns`, `strptime:FMT`.
    fn from_str(s: &str) -> Result<TimeFormat, String> {
        Ok(match s {
            "auto" => TimeFormat::Auto,
            "rfc3339" => TimeFormat::Rfc3339,
            "epoch_s" => TimeFormat::EpochS,
            "epoch_ms" => TimeFormat::EpochMs,
            "epoch_us" => TimeFormat::EpochUs,
            "epoch_ns" => TimeFormat::EpochNs,
            _ => match s.strip_prefix("strptime:") {
                Some(fmt) if !fmt.is_empty() => TimeFormat::Strptime(fmt.to_owned()),
                _ => {
                    return Err(format!(
                        "invalid time format `{s}` (expected auto, rfc3339, epoch_s, epoch_ms, \
                         epoch_us, epoch_ns or strptime:FMT)"
                    ));
                }
            },
        })
    }
}

impl TimeFormat {
    /// Nanoseconds per unit for the epoch formats.
    fn epoch_scale(&self) -> Option<i64> {
        match self {
            TimeFormat::EpochS => Some(NANOS_PER_SEC),
            TimeFormat::EpochMs => Some(1_000_000),
            TimeFormat::EpochUs => Some(1_000),
            TimeFormat::EpochNs => Some(1),
            _ => None,
        }
    }
}

/// Looks up a time zone: `UTC` (or `Z`), a fixed offset (`+08:00`, `-0530`), or an IANA name
/// from the bundled time zone database (`Europe/Berlin`).
pub fn parse_time_zone(name: &str) -> Result<TimeZone, String> {
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Ok(TimeZone::UTC);
    }
    if name.starts_with(['+', '-']) {
        if let Some((secs, used)) = parse_offset(name.as_bytes())
            && used == name.len()
        {
            return Offset::from_seconds(secs)
                .map(TimeZone::fixed)
                .map_err(|e| format!("invalid time zone `{name}`: {e}"));
        }
        return Err(format!(
            "invalid time zone `{name}` (expected an IANA name such as Europe/Berlin, UTC, or an \
             offset such as +08:00)"
        ));
    }
    TimeZone::get(name).map_err(|_| {
        format!("unknown time zone `{name}` (expected an IANA name such as Europe/Berlin, or UTC)")
    })
}

/// Parses a JSON value as an instant (ns since the epoch).
///
/// Strings are read per `format`; numbers (and numeric strings) as epoch units. `auto`: strings
/// as RFC 3339 (a string that is only a number as epoch seconds), numbers as epoch seconds. A
/// timestamp without an offset is interpreted in `tz`. A `Time` value is returned as is.
pub fn parse_timestamp(value: &Value, format: &TimeFormat, tz: &TimeZone) -> Result<i64, String> {
    match value {
        Value::Time(ns) => Ok(*ns),
        Value::Int(i) => match format {
            TimeFormat::Auto | TimeFormat::Rfc3339 => scale_int(*i, NANOS_PER_SEC),
            TimeFormat::Strptime(fmt) => parse_strptime(&i.to_string(), fmt, tz),
            other => scale_int(*i, other.epoch_scale().unwrap_or(1)),
        },
        Value::Float(f) => {
            let scale = format.epoch_scale().unwrap_or(NANOS_PER_SEC);
            if !f.is_finite() {
                return Err(format!("timestamp {f} is not a finite number"));
            }
            // The shortest decimal text of the float is what the input most likely said
            // (`1714557600.123`); reading that text is exact where `f * 1e9` is not.
            let text = ryu::Buffer::new().format_finite(*f).to_owned();
            parse_decimal_scaled(&text, scale)
        }
        Value::Str(s) => {
            if matches!(format, TimeFormat::Auto | TimeFormat::Rfc3339)
                && let Some(t) = parse_utc_stamp(s.as_bytes())
            {
                return Ok(t);
            }
            let text = s.trim();
            match format {
                TimeFormat::Auto => {
                    if looks_numeric(text) {
                        parse_decimal_scaled(text, NANOS_PER_SEC)
                    } else {
                        parse_rfc3339(text, tz)
                    }
                }
                TimeFormat::Rfc3339 => parse_rfc3339(text, tz),
                TimeFormat::Strptime(fmt) => parse_strptime(s, fmt, tz),
                other => parse_decimal_scaled(text, other.epoch_scale().unwrap_or(1)),
            }
        }
        Value::Null => Err("missing timestamp".to_owned()),
        other => Err(format!("expected a timestamp, got a {}", other.type_name())),
    }
}

/// True when an RFC 3339-like string carries no offset (`2024-05-01 10:00:00`), for the
/// one-time warning of windows.md C3. Numbers and other text are not "lacking an offset".
pub fn lacks_offset(text: &str) -> bool {
    let text = text.trim();
    // A final `Z` is an offset or makes the text no timestamp at all: no need to split it.
    if text.ends_with(['Z', 'z']) {
        return false;
    }
    match split_rfc3339(text.as_bytes()) {
        Some(parts) => parts.offset.is_none(),
        None => false,
    }
}

/// Formats an instant.
///
/// `None` format: RFC 3339 with seconds always present and fractional digits only when non-zero,
/// in UTC with `Z` (also when `tz` is UTC), or with the zone's offset at that instant when `tz` is
/// another zone. `Some(fmt)`: a strftime pattern (jiff's `strtime` dialect), in `tz` or UTC.
pub fn format_timestamp(
    ns: i64,
    format: Option<&str>,
    tz: Option<&TimeZone>,
) -> Result<String, String> {
    let ts = Timestamp::from_nanosecond(i128::from(ns))
        .map_err(|_| format!("timestamp {ns} ns is out of range"))?;
    let tz = tz.filter(|z| **z != TimeZone::UTC);
    match (format, tz) {
        (None, None) => Ok(ts.to_string()),
        (None, Some(z)) => Ok(ts.display_with_offset(z.to_offset(ts)).to_string()),
        (Some(fmt), zone) => {
            let zoned = ts.to_zoned(zone.cloned().unwrap_or(TimeZone::UTC));
            strtime::format(fmt, &zoned).map_err(|e| format!("invalid time format `{fmt}`: {e}"))
        }
    }
}

fn out_of_range() -> String {
    "timestamp is out of range (years 1677 to 2262)".to_owned()
}

fn scale_int(i: i64, scale: i64) -> Result<i64, String> {
    i.checked_mul(scale).ok_or_else(out_of_range)
}

/// True for `[+-]digits[.digits][e[+-]digits]`. A sign only leads the text or follows the
/// exponent's `e`, so a date (`2024-05-01`) is not a number. One pass that stops at the first
/// byte no number has: a date costs four bytes.
fn looks_numeric(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let mut mantissa_digit = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => mantissa_digit = true,
            b'.' => {}
            b'e' | b'E' => break,
            _ => return false,
        }
        i += 1;
    }
    if !mantissa_digit {
        return false;
    }
    if i == b.len() {
        return true;
    }
    // The exponent, after the `e` at `i`.
    let mut j = i + 1;
    if matches!(b.get(j), Some(b'-' | b'+')) {
        j += 1;
    }
    let digits = b.get(j..).unwrap_or_default();
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// Reads decimal text (`1714557600.123`, `-1.5`, `1.7e9`) exactly and multiplies by `scale`
/// nanoseconds per unit; digits below one nanosecond are truncated toward zero.
fn parse_decimal_scaled(text: &str, scale: i64) -> Result<i64, String> {
    let bad = || format!("invalid epoch timestamp `{text}`");
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(p) => {
            let e: i32 = body[p + 1..].parse().map_err(|_| bad())?;
            (&body[..p], e)
        }
        None => (body, 0),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, ""),
    };
    if (int_part.is_empty() && frac_part.is_empty())
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // All digits with the decimal point moved: value = digits * 10^(exp10).
    let digits: String = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    let exp10 = i64::from(exponent) - frac_part.len() as i64;
    // scale is a power of ten: fold it into the exponent.
    let scale_exp = i64::from(scale.ilog10());
    let exp = exp10 + scale_exp;
    if digits.is_empty() {
        return Ok(0);
    }
    let magnitude: i128 = if exp >= 0 {
        if digits.len() as i64 + exp > 20 {
            return Err(out_of_range());
        }
        let base: i128 = digits.parse().map_err(|_| bad())?;
        base.checked_mul(10i128.pow(exp as u32))
            .ok_or_else(out_of_range)?
    } else {
        let keep = digits.len() as i64 + exp;
        if keep <= 0 {
            0
        } else if keep > 20 {
            return Err(out_of_range());
        } else {
            digits[..keep as usize].parse().map_err(|_| bad())?
        }
    };
    let signed = if negative { -magnitude } else { magnitude };
    i64::try_from(signed).map_err(|_| out_of_range())
}

/// The pieces of an RFC 3339-like timestamp.
struct Rfc3339Parts {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanos: i64,
    /// Offset east of UTC in seconds; `None` when absent.
    offset: Option<i32>,
}

fn digits_at(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let s = b.get(at..at + n)?;
    let mut v = 0i64;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// Parses `±HH:MM`, `±HHMM` or `±HH`; returns seconds east and the bytes used.
fn parse_offset(b: &[u8]) -> Option<(i32, usize)> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = digits_at(b, 1, 2)?;
    let (minutes, used) = if b.get(3) == Some(&b':') {
        (digits_at(b, 4, 2)?, 6)
    } else if b.len() >= 5 {
        (digits_at(b, 3, 2)?, 5)
    } else {
        (0, 3)
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((sign * (hours * 3600 + minutes * 60) as i32, used))
}

/// Splits `YYYY-MM-DD(T| )HH:MM[:SS[.fffffffff]][Z|±HH:MM|±HHMM]` (or a date alone) into its
/// fields.
fn split_rfc3339(b: &[u8]) -> Option<Rfc3339Parts> {
    let year = digits_at(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits_at(b, 5, 2)?;
    let day = digits_at(b, 8, 2)?;
    if b.len() == 10 {
        // A date alone is its midnight.
        return Some(Rfc3339Parts {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            offset: None,
        });
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let hour = digits_at(b, 11, 2)?;
    let minute = digits_at(b, 14, 2)?;
    let mut i = 16;
    let mut second = 0;
    let mut nanos = 0;
    if b.get(i) == Some(&b':') {
        second = digits_at(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let n = i - start;
            if n == 0 || n > 9 {
                return None;
            }
            nanos = digits_at(b, start, n)? * 10i64.pow(9 - n as u32);
        }
    }
    let offset = match b.get(i) {
        None => None,
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(0),
        Some(b'+' | b'-') => {
            let (secs, used) = parse_offset(&b[i..])?;
            if i + used != b.len() {
                return None;
            }
            Some(secs)
        }
        _ => return None,
    };
    Some(Rfc3339Parts {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        offset,
    })
}

/// The instant of `b` when it has the common shape of a UTC timestamp,
/// `YYYY-MM-DDTHH:MM:SS[.f]Z` with 1 to 9 fraction digits, read in one pass at fixed positions;
/// `None` for any other text (also a leap second or an instant out of range), which the full
/// parser then reads. For this shape [`parse_timestamp`] with `auto` or `rfc3339` gives the same
/// instant in every zone (the text has no spaces, is no number and carries its offset).
pub fn parse_utc_stamp(b: &[u8]) -> Option<i64> {
    let (head, tail) = b.split_first_chunk::<16>()?;
    utc_instant(utc_minute(head)?, tail)
}

/// [`parse_utc_stamp`] that keeps the minute of the last timestamp it read: events in time order
/// mostly share their date, hour and minute, whose reading this then skips.
#[derive(Debug, Clone, Default)]
pub struct UtcStamps {
    /// The text `YYYY-MM-DDTHH:MM` of the last minute read and its seconds since the epoch.
    minute: Option<([u8; 16], i64)>,
}

impl UtcStamps {
    /// What [`parse_utc_stamp`] gives for `b`.
    pub fn read(&mut self, b: &[u8]) -> Option<i64> {
        let (head, tail) = b.split_first_chunk::<16>()?;
        let minute = match self.minute {
            Some((text, secs)) if text == *head => secs,
            _ => {
                let secs = utc_minute(head)?;
                self.minute = Some((*head, secs));
                secs
            }
        };
        utc_instant(minute, tail)
    }
}

/// The seconds since the epoch of `YYYY-MM-DDTHH:MM` (a valid date, hour and minute).
fn utc_minute(head: &[u8; 16]) -> Option<i64> {
    if head[4] != b'-' || head[7] != b'-' || head[10] != b'T' || head[13] != b':' {
        return None;
    }
    let two = |at: usize| Some(digit(head[at])? * 10 + digit(head[at + 1])?);
    let year = two(0)? * 100 + two(2)?;
    let (month, day, hour, minute) = (two(5)?, two(8)?, two(11)?, two(14)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * SECS_PER_DAY + hour * 3600 + minute * 60)
}

/// Nanoseconds per unit of the last of `i` fraction digits.
const SCALE: [i64; 10] = [
    NANOS_PER_SEC,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// The instant `:SS[.f]Z` (`tail`) after the minute at `minute` seconds since the epoch.
fn utc_instant(minute: i64, tail: &[u8]) -> Option<i64> {
    let [b':', s1, s2, rest @ ..] = tail else {
        return None;
    };
    let second = digit(*s1)? * 10 + digit(*s2)?;
    let nanos = match rest {
        [b'Z'] => 0,
        [b'.', fraction @ .., b'Z'] if (1..=9).contains(&fraction.len()) => {
            let mut n = 0i64;
            for &c in fraction {
                n = n * 10 + digit(c)?;
            }
            n * SCALE[fraction.len()]
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    (minute + second)
        .checked_mul(NANOS_PER_SEC)?
        .checked_add(nanos)
}

/// The value of an ASCII digit.
#[inline(always)]
fn digit(c: u8) -> Option<i64> {
    let d = c.wrapping_sub(b'0');
    (d < 10).then_some(i64::from(d))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses RFC 3339 / ISO 8601 text; without an offset the wall time is taken in `tz`.
/// A leap second `:60` is folded to `:59.999999999`.
fn parse_rfc3339(text: &str, tz: &TimeZone) -> Result<i64, String> {
    let bad = || format!("invalid RFC 3339 timestamp `{text}`");
    let p = split_rfc3339(text.as_bytes()).ok_or_else(bad)?;
    if !(1..=12).contains(&p.month)
        || p.day < 1
        || p.day > days_in_month(p.year, p.month)
        || p.hour > 23
        || p.minute > 59
        || p.second > 60
    {
        return Err(bad());
    }
    let (second, nanos) = if p.second == 60 {
        (59, NANOS_PER_SEC - 1)
    } else {
        (p.second, p.nanos)
    };
    let offset = match p.offset {
        Some(o) => i64::from(o),
        None if *tz == TimeZone::UTC => 0,
        None => {
            let dt = DateTime::new(
                p.year as i16,
                p.month as i8,
                p.day as i8,
                p.hour as i8,
                p.minute as i8,
                second as i8,
                0,
            )
            .map_err(|_| bad())?;
            let ts = tz
                .to_timestamp(dt)
                .map_err(|e| format!("invalid local time `{text}`: {e}"))?;
            return ts
                .as_second()
                .checked_mul(NANOS_PER_SEC)
                .and_then(|s| s.checked_add(nanos))
                .ok_or_else(out_of_range);
        }
    };
    let secs = days_from_civil(p.year, p.month, p.day) * SECS_PER_DAY
        + p.hour * 3600
        + p.minute * 60
        + second
        - offset;
    secs.checked_mul(NANOS_PER_SEC)
        .and_then(|s| s.checked_add(nanos))
        .ok_or_else(out_of_range)
}

/// Parses `text` with a strptime pattern. With an offset (`%z`) or zone name (`%Q`) in the text,
/// that is used; otherwise the wall time is taken in `tz`. A missing time of day is midnight.
fn parse_strptime(text: &str, fmt: &str, tz: &TimeZone) -> Result<i64, String> {
    let bad = |e: jiff::Error| format!("timestamp `{text}` does not match `{fmt}`: {e}");
    let tm = strtime::parse(fmt, text).map_err(bad)?;
    let ts = if tm.iana_time_zone().is_some() {
        tm.to_zoned().map_err(bad)?.timestamp()
    } else if tm.offset().is_some() {
        tm.to_timestamp().map_err(bad)?
    } else {
        let dt = match tm.to_datetime() {
            Ok(dt) => dt,
            Err(e) => match tm.to_date() {
                Ok(d) if tm.hour().is_none() => d.to_datetime(jiff::civil::Time::midnight()),
                _ => return Err(bad(e)),
            },
        };
        tz.to_timestamp(dt).map_err(bad)?
    };
    i64::try_from(ts.as_nanosecond()).map_err(|_| out_of_range())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::format_rfc3339;

    const UTC: TimeZone = TimeZone::UTC;

    fn rfc(text: &str) -> Result<i64, String> {
        parse_timestamp(&Value::from(text), &TimeFormat::Rfc3339, &UTC)
    }

    fn fmt(ns: i64) -> String {
        format_rfc3339(ns)
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(250_000_000));
        assert_eq!(parse_duration("1m30s"), Ok(90 * NANOS_PER_SEC));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("-8h"), Ok(-8 * 3_600 * NANOS_PER_SEC));
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
        // A sign alone is no duration (it was read as 0s: `--max-delay -`).
        assert!(parse_duration("-").is_err());
        assert!(parse_duration(" - ").is_err());
        assert_eq!(parse_duration("1d2h3m4s5ms6us7ns"), Ok(93_784_005_006_007));
        assert_eq!(parse_duration("1m0.5s"), Ok(60_500_000_000));
        // As jiff's friendly format: units largest first, each once; a fraction only last.
        let order = "units go from the largest to the smallest, each once";
        let fraction = "only the last part may have a fraction";
        for (text, why) in [
            ("1s1s", order),
            ("1m1h", order),
            ("500ms1s", order),
            ("1.5h30m", fraction),
            ("0.5m1s", fraction),
        ] {
            let message = format!("invalid duration `{text}` ({why})");
            assert_eq!(parse_duration(text), Err(message));
        }
    }

    #[test]
    fn duration_text_round_trips() {
        for text in ["0s", "1h30m", "250ms", "1d2h3m4s5ms6us7ns", "-5m"] {
            assert_eq!(format_duration(parse_duration(text).unwrap()), text);
        }
        // The window messages' values (`max out-of-orderness 13s915ms171us`).
        assert_eq!(format_duration(90 * NANOS_PER_SEC + 5_000_000), "1m30s5ms");
        assert_eq!(format_duration(13_915_171_000), "13s915ms171us");
        assert_eq!(
            format_duration(i64::MIN),
            "-106751d23h47m16s854ms775us808ns"
        );
    }

    #[test]
    fn time_format_names() {
        assert_eq!("auto".parse(), Ok(TimeFormat::Auto));
        assert_eq!("epoch_ms".parse(), Ok(TimeFormat::EpochMs));
        assert_eq!(
            "strptime:%Y".parse(),
            Ok(TimeFormat::Strptime("%Y".to_owned()))
        );
        assert!("strptime:".parse::<TimeFormat>().is_err());
        assert!("epoch".parse::<TimeFormat>().is_err());
    }

    #[test]
    fn numeric_text_is_told_from_dates() {
        for t in [
            "1714557600",
            "-1.5",
            "+3",
            ".5",
            "1.7e9",
            "1e-3",
            "2E+2",
            "123e-4",
            "1.5.5",
            "5.",
        ] {
            assert!(looks_numeric(t), "{t}");
        }
        for t in [
            "2024-05-01",
            "1-2",
            "e5",
            "1e",
            "1e+",
            "-",
            "",
            "1.5.x",
            "10:00",
            ".",
            "+",
            "1e5e5",
            "1e-",
            "--1",
            "1-2e3",
            "2024-05-01T10:00:00Z",
            "1e+5 ",
        ] {
            assert!(!looks_numeric(t), "{t}");
        }
    }

    #[test]
    fn rfc3339_offsets() {
        let base = rfc("2024-05-01T10:00:00Z").unwrap();
        assert_eq!(fmt(base), "2024-05-01T10:00:00Z");
        assert_eq!(rfc("2024-05-01T12:00:00+02:00"), Ok(base));
        assert_eq!(rfc("2024-05-01T12:00:00+0200"), Ok(base));
        assert_eq!(rfc("2024-05-01T05:30:00-04:30"), Ok(base));
        assert_eq!(rfc("2024-05-01 10:00:00z"), Ok(base));
        assert_eq!(rfc("2024-05-01t10:00:00Z"), Ok(base));
        assert_eq!(rfc("2024-05-01T10:00Z"), Ok(base));
        assert!(rfc("2024-05-01T10:00:00+2").is_err());
        assert!(rfc("2024-05-01T10:00:00Zjunk").is_err());
        assert!(rfc("2024-13-01T10:00:00Z").is_err());
        assert!(rfc("2023-02-29T10:00:00Z").is_err());
        assert!(rfc("2024-02-29T10:00:00Z").is_ok());
        assert!(rfc("2024-05-01T24:00:00Z").is_err());
        assert!(rfc("yesterday").is_err());
        assert_eq!(rfc("2024-05-01"), rfc("2024-05-01T00:00:00Z"));
        assert!(lacks_offset("2024-05-01"));
        // `auto` reads a date alone as a date, not as an epoch number.
        assert_eq!(
            parse_timestamp(&Value::from("2024-05-01"), &TimeFormat::Auto, &UTC),
            rfc("2024-05-01T00:00:00Z")
        );
        assert!(rfc("2024-05-01T").is_err());
        assert!(rfc("2024-05-1").is_err());
    }

    #[test]
    fn rfc3339_fractions() {
        let base = rfc("2024-05-01T10:00:00Z").unwrap();
        assert_eq!(rfc("2024-05-01T10:00:00.5Z"), Ok(base + 500_000_000));
        assert_eq!(
            rfc("2024-05-01T10:00:00.123456789Z"),
            Ok(base + 123_456_789)
        );
        assert_eq!(rfc("2024-05-01T10:00:00,25Z"), Ok(base + 250_000_000));
        assert_eq!(rfc("2024-05-01T10:00:00.000Z"), Ok(base));
        assert!(rfc("2024-05-01T10:00:00.1234567891Z").is_err());
        assert!(rfc("2024-05-01T10:00:00.Z").is_err());
    }

    #[test]
    fn leap_second_folds() {
        assert_eq!(
            fmt(rfc("2016-12-31T23:59:60Z").unwrap()),
            "2016-12-31T23:59:59.999999999Z"
        );
        assert_eq!(
            fmt(rfc("2016-12-31T23:59:60.5Z").unwrap()),
            "2016-12-31T23:59:59.999999999Z"
        );
    }

    #[test]
    fn pre_epoch_and_range() {
        assert_eq!(rfc("1969-12-31T23:59:59Z"), Ok(-NANOS_PER_SEC));
        assert_eq!(
            fmt(rfc("1900-01-01T00:00:00.1Z").unwrap()),
            "1900-01-01T00:00:00.1Z"
        );
        assert!(rfc("1600-01-01T00:00:00Z").is_err());
        assert!(rfc("2300-01-01T00:00:00Z").is_err());
        assert!(rfc("9999-12-31T23:59:59Z").is_err());
    }

    #[test]
    fn no_offset_uses_the_zone() {
        let berlin = parse_time_zone("Europe/Berlin").unwrap();
        let v = Value::from("2024-05-01 12:00:00.5");
        assert_eq!(
            fmt(parse_timestamp(&v, &TimeFormat::Auto, &berlin).unwrap()),
            "2024-05-01T10:00:00.5Z"
        );
        assert_eq!(
            fmt(parse_timestamp(&v, &TimeFormat::Auto, &UTC).unwrap()),
            "2024-05-01T12:00:00.5Z"
        );
        assert!(lacks_offset("2024-05-01 12:00:00"));
        assert!(!lacks_offset("2024-05-01T12:00:00Z"));
        assert!(!lacks_offset("2024-05-01T12:00:00-01:00"));
        assert!(!lacks_offset("1714557600"));
        // An offset in the text wins over the zone.
        let v = Value::from("2024-05-01T12:00:00Z");
        assert_eq!(
            fmt(parse_timestamp(&v, &TimeFormat::Rfc3339, &berlin).unwrap()),
            "2024-05-01T12:00:00Z"
        );
    }

    #[test]
    fn epoch_units() {
        let s = |v: Value, f: TimeFormat| parse_timestamp(&v, &f, &UTC);
        let base = 1_714_557_600 * NANOS_PER_SEC;
        assert_eq!(s(Value::Int(1_714_557_600), TimeFormat::Auto), Ok(base));
        assert_eq!(
            s(Value::Float(1_714_557_600.123), TimeFormat::Auto),
            Ok(base + 123_000_000)
        );
        assert_eq!(
            s(Value::from("1714557600.123"), TimeFormat::EpochS),
            Ok(base + 123_000_000)
        );
        assert_eq!(s(Value::from("1714557600"), TimeFormat::Auto), Ok(base));
        assert_eq!(
            s(Value::Int(1_714_557_600_123), TimeFormat::EpochMs),
            Ok(base + 123_000_000)
        );
        assert_eq!(
            s(Value::from("1714557600123.5"), TimeFormat::EpochMs),
            Ok(base + 123_500_000)
        );
        assert_eq!(
            s(Value::Int(1_714_557_600_123_456), TimeFormat::EpochUs),
            Ok(base + 123_456_000)
        );
        assert_eq!(
            s(Value::Int(1_714_557_600_123_456_789), TimeFormat::EpochNs),
            Ok(base + 123_456_789)
        );
        assert_eq!(
            s(Value::from("-1.5"), TimeFormat::EpochS),
            Ok(-1_500_000_000)
        );
        assert_eq!(
            s(Value::Float(1.7e9), TimeFormat::EpochS),
            Ok(1_700_000_000 * NANOS_PER_SEC)
        );
        assert_eq!(
            s(Value::from("1e3"), TimeFormat::EpochMs),
            Ok(NANOS_PER_SEC)
        );
        assert_eq!(s(Value::from("0.0000000001"), TimeFormat::EpochS), Ok(0));
        assert!(s(Value::Int(i64::MAX), TimeFormat::EpochS).is_err());
        assert!(s(Value::from("1e300"), TimeFormat::EpochS).is_err());
        assert!(s(Value::Float(1e300), TimeFormat::EpochS).is_err());
        assert!(s(Value::from("12x"), TimeFormat::EpochS).is_err());
        assert!(s(Value::from("."), TimeFormat::EpochS).is_err());
        assert!(s(Value::Null, TimeFormat::Auto).is_err());
        assert!(s(Value::Bool(true), TimeFormat::Auto).is_err());
        assert_eq!(s(Value::Time(5), TimeFormat::EpochMs), Ok(5));
    }

    #[test]
    fn strptime_patterns() {
        let f = TimeFormat::Strptime("%d/%b/%Y:%H:%M:%S %z".to_owned());
        let ns = parse_timestamp(&Value::from("10/Oct/2000:13:55:36 -0700"), &f, &UTC).unwrap();
        assert_eq!(fmt(ns), "2000-10-10T20:55:36Z");
        let f = TimeFormat::Strptime("%Y-%m-%d %H:%M:%S".to_owned());
        let berlin = parse_time_zone("Europe/Berlin").unwrap();
        let ns = parse_timestamp(&Value::from("2024-01-15 12:00:00"), &f, &berlin).unwrap();
        assert_eq!(fmt(ns), "2024-01-15T11:00:00Z");
        let f = TimeFormat::Strptime("%Y%m%d".to_owned());
        let ns = parse_timestamp(&Value::Int(20_240_501), &f, &UTC).unwrap();
        assert_eq!(fmt(ns), "2024-05-01T00:00:00Z");
        let f = TimeFormat::Strptime("%a %b %d %H:%M:%S %Y".to_owned());
        let ns = parse_timestamp(&Value::from("Sun Dec 04 04:47:44 2005"), &f, &UTC).unwrap();
        assert_eq!(fmt(ns), "2005-12-04T04:47:44Z");
        assert!(parse_timestamp(&Value::from("nope"), &f, &UTC).is_err());
    }

    #[test]
    fn zones() {
        assert_eq!(parse_time_zone("UTC"), Ok(TimeZone::UTC));
        assert!(parse_time_zone("America/New_York").is_ok());
        assert!(parse_time_zone("Mars/Olympus").is_err());
        let plus8 = parse_time_zone("+08:00").unwrap();
        assert_eq!(
            format_timestamp(0, None, Some(&plus8)).unwrap(),
            "1970-01-01T08:00:00+08:00"
        );
        assert!(parse_time_zone("+8").is_err());
        let berlin = parse_time_zone("Europe/Berlin").unwrap();
        let summer = rfc("2024-07-01T10:00:00.25Z").unwrap();
        let winter = rfc("2024-01-01T10:00:00Z").unwrap();
        assert_eq!(
            format_timestamp(summer, None, Some(&berlin)).unwrap(),
            "2024-07-01T12:00:00.25+02:00"
        );
        assert_eq!(
            format_timestamp(winter, None, Some(&berlin)).unwrap(),
            "2024-01-01T11:00:00+01:00"
        );
        assert_eq!(
            format_timestamp(winter, None, Some(&TimeZone::UTC)).unwrap(),
            "2024-01-01T10:00:00Z"
        );
        assert_eq!(
            format_timestamp(winter, Some("%Y-%m-%d %H:%M %Z"), Some(&berlin)).unwrap(),
            "2024-01-01 11:00 CET"
        );
        assert_eq!(
            format_timestamp(winter, Some("%d/%b/%Y:%H:%M:%S %z"), None).unwrap(),
            "01/Jan/2024:10:00:00 +0000"
        );
        assert!(format_timestamp(winter, Some("%Q%!"), None).is_err());
    }

    /// A timestamp of the common UTC shape built from its pieces, `sep` between date and time.
    fn stamp(p: (u32, u32, u32, u32, u32, u32), sep: &str, fraction: &str, end: &str) -> String {
        let (y, mo, d, h, mi, s) = p;
        format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{fraction}{end}")
    }

    proptest::proptest! {
        /// The one-pass reading of the common shape gives what the full parser gives, in any
        /// zone, and declines every other shape and every bad field (the full parser reads or
        /// rejects those).
        #[test]
        fn utc_stamps_read_as_the_full_parser_reads_them(
            pieces in (0u32..10_000, 0u32..14, 0u32..33, 0u32..26, 0u32..62, 0u32..62),
            sep in proptest::sample::select(vec!["T", "t", " ", "x"]),
            fraction in proptest::sample::select(vec!["", ".", ",5", ".1", ".123", ".123456789", ".1234567891", ".12a"]),
            end in proptest::sample::select(vec!["Z", "z", "", "+01:00", "-0530", "Z ", "ZZ"]),
        ) {
            let text = stamp(pieces, sep, fraction, end);
            let fast = parse_utc_stamp(text.as_bytes());
            let full = parse_rfc3339(&text, &UTC);
            let berlin = parse_time_zone("Europe/Berlin").unwrap();
            // Read after another timestamp of the same minute and after one of another.
            let mut stamps = UtcStamps::default();
            let same_minute = format!("{}:00Z", text.get(..16).unwrap_or_default());
            let _ = stamps.read(same_minute.as_bytes());
            proptest::prop_assert_eq!(stamps.read(text.as_bytes()), fast);
            let _ = stamps.read(b"2024-01-01T00:00:00Z");
            proptest::prop_assert_eq!(stamps.read(text.as_bytes()), fast);
            if let Some(t) = fast {
                proptest::prop_assert_eq!(&full, &Ok(t));
                proptest::prop_assert_eq!(parse_rfc3339(&text, &berlin), Ok(t));
            }
            let common = sep == "T"
                && end == "Z"
                && matches!(fraction, "" | ".1" | ".123" | ".123456789")
                && pieces.5 < 60;
            if common {
                proptest::prop_assert_eq!(fast, full.ok());
            } else {
                proptest::prop_assert_eq!(fast, None);
            }
            // Through the public entry, which takes the one pass first.
            let value = Value::from(text.as_str());
            for format in [TimeFormat::Auto, TimeFormat::Rfc3339] {
                proptest::prop_assert_eq!(
                    parse_timestamp(&value, &format, &berlin),
                    parse_rfc3339(text.trim(), &berlin)
                );
            }
        }

        /// Any byte changed in a valid timestamp: the one pass never disagrees with the full
        /// parser, and never panics.
        #[test]
        fn changed_stamps_never_disagree(
            at in 0usize..24,
            byte in proptest::prelude::any::<u8>(),
            secs in -5_000_000_000i64..9_000_000_000,
        ) {
            let mut text = crate::value::format_rfc3339(secs * NANOS_PER_SEC + 123_000_000).into_bytes();
            if let Some(b) = text.get_mut(at) {
                *b = byte;
            }
            if let Some(t) = parse_utc_stamp(&text) {
                let text = std::str::from_utf8(&text).unwrap();
                proptest::prop_assert_eq!(parse_rfc3339(text, &UTC), Ok(t));
            }
        }
    }
}
