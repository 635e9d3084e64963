//! Time parsing with arbitrary text: durations, time zones, time formats (`strptime:` patterns
//! too), timestamps of every JSON type in every format, and formatting instants with arbitrary
//! `strftime` patterns. Oracles: a formatted duration parses back to itself, and an instant
//! written as RFC 3339 reads back as the same instant.
//!
//! Input: `SELECT TEXT [\0 FORMAT [\0 ZONE]]`.

#![no_main]

use eddy::time::{
    TimeFormat, format_duration, format_timestamp, lacks_offset, parse_duration, parse_time_zone,
    parse_timestamp,
};
use eddy::value::Value;
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&select, rest)) = data.split_first() else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    let mut parts = rest.splitn(3, '\0');
    let text = parts.next().unwrap_or_default();
    let format_text = parts.next().unwrap_or("auto");
    let zone_text = parts.next().unwrap_or("UTC");

    if let Ok(ns) = parse_duration(text) {
        let written = format_duration(ns);
        assert_eq!(
            parse_duration(&written),
            Ok(ns),
            "duration {text:?} written {written:?}"
        );
    }
    let tz = parse_time_zone(zone_text).unwrap_or(TimeZone::UTC);
    let format = format_text
        .parse::<TimeFormat>()
        .unwrap_or_else(|_| TimeFormat::Strptime(format_text.to_owned()));
    let _ = lacks_offset(text);

    let value = match select % 4 {
        0 => Value::Str(text.to_owned()),
        1 => match text.trim().parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Str(text.to_owned()),
        },
        2 => match text.trim().parse::<f64>() {
            Ok(f) => Value::Float(f),
            Err(_) => Value::Str(text.to_owned()),
        },
        _ => Value::Time(i64::from_le_bytes(
            *text.as_bytes().first_chunk::<8>().unwrap_or(&[0; 8]),
        )),
    };
    if let Ok(ns) = parse_timestamp(&value, &format, &tz) {
        let written = format_timestamp(ns, None, None).expect("an instant eddy read is writable");
        let read = parse_timestamp(&Value::Str(written.clone()), &TimeFormat::Rfc3339, &tz);
        assert_eq!(
            read,
            Ok(ns),
            "{value:?} in {format:?} is {ns} written {written:?}"
        );
        let _ = format_timestamp(ns, None, Some(&tz));
        let _ = format_timestamp(ns, Some(format_text), Some(&tz));
    }
});
