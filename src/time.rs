//! Durations, timestamps and time zones: the one home of time parsing and formatting.
//!
//! Instants are `i64` nanoseconds since 1970-01-01T00:00:00Z (1677 to 2262); durations are `i64`
//! nanoseconds.

use jiff::Timestamp;

/// Nanoseconds in one second.
pub const NANOS_PER_SEC: i64 = 1_000_000_000;

/// Parses a duration such as `250ms`, `5s`, `1m30s`, `2h`, `1d`, `1w` (suffixes `ns us ms s m h
/// d w`; several parts add up). Returns nanoseconds.
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
    }
    let mut total: i64 = 0;
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

/// Formats an instant as RFC 3339 in UTC: `Z`, seconds always present, fractional digits only
/// when non-zero (`2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.25Z`).
pub fn format_rfc3339(ns: i64) -> String {
    match Timestamp::from_nanosecond(i128::from(ns)) {
        Ok(ts) => ts.to_string(),
        Err(_) => ns.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(250_000_000));
        assert_eq!(parse_duration("1m30s"), Ok(90 * NANOS_PER_SEC));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("-8h"), Ok(-8 * 3_600 * NANOS_PER_SEC));
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn rfc3339_output() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(250_000_000), "1970-01-01T00:00:00.25Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999999999Z");
    }
}
