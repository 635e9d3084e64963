//! Syslog lines (`--from syslog`): RFC 3164 (BSD) and RFC 5424, told apart per line.
//!
//! RFC 3164: `[<PRI>]Mar 27 10:05:01 host prog[pid]: message` gives `time`, `host`, `program`,
//! `pid` (an integer, absent without `[pid]`), `message`, and with `<PRI>` also `priority`,
//! `facility`, `severity`. A line whose tag is not `prog:` or `prog[pid]:` (`syslogd 1.4.1:
//! restart.`) has no `program` and the whole rest as `message`.
//! The timestamp has no year and no zone: the time is taken as UTC, and the year is `--year`,
//! else the latest year that puts the timestamp not after the file's modification time (now on
//! stdin): a log is never written in the future (rsyslog's and syslog_loose's rule). `time` is an
//! RFC 3339 string (`2026-03-27T10:05:01Z`) that `window` reads.
//!
//! RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG` gives `priority`, `facility`,
//! `severity`, `version`, `time` (as written), `host`, `app`, `procid`, `msgid`,
//! `structured_data` (the raw text) and `message`; the nil value `-` is null.

use crate::input::{Decoded, Decoder, Record};
use crate::value::{Map, Value, map_with_capacity};

/// The month number (1..=12) of an English three-letter abbreviation.
pub fn month_number(abbrev: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS
        .iter()
        .position(|m| *m == abbrev)
        .map(|i| i as u32 + 1)
}

/// True when a first line reads as a syslog line with a program or a version
/// ([`crate::input::detect`]).
pub fn looks_like(line: &str) -> bool {
    let mut syslog = SyslogDecoder {
        year: Some(2000),
        reference: reference_time((0, 0)),
    };
    matches!(
        syslog.decode(line.as_bytes()),
        Ok(Record::Event(d)) if matches!(
            &d.value,
            Value::Object(m) if m.contains_key("program") || m.contains_key("version")
        )
    )
}

/// Decodes syslog lines of one source.
pub struct SyslogDecoder {
    /// The year for RFC 3164 timestamps, exactly (`--year`).
    pub year: Option<i32>,
    /// The instant no timestamp is after, in UTC, for guessing the year (file mtime or now).
    pub reference: jiff::civil::DateTime,
}

/// The UTC civil time of an instant given as seconds and nanoseconds since the Unix epoch.
pub fn reference_time((seconds, nanos): (i64, i32)) -> jiff::civil::DateTime {
    jiff::Timestamp::new(seconds, nanos)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .datetime()
}

/// An RFC 3164 timestamp without its year: month, day, hour, minute, second (60 for a leap
/// second), nanoseconds.
type Stamp = (u32, u32, u32, u32, u32, u32);

impl SyslogDecoder {
    /// `--year`, else the latest year that puts `stamp` not after the reference time (for
    /// Feb 29, the latest such leap year).
    fn year_for(&self, stamp: Stamp) -> i32 {
        if let Some(y) = self.year {
            return y;
        }
        let r = &self.reference;
        let reference: Stamp = (
            r.month() as u32,
            r.day() as u32,
            r.hour() as u32,
            r.minute() as u32,
            r.second() as u32,
            r.subsec_nanosecond() as u32,
        );
        let mut year = i32::from(r.year()) - i32::from(stamp > reference);
        if (stamp.0, stamp.1) == (2, 29) {
            while !jiff::civil::date(year as i16, 1, 1).in_leap_year() {
                year -= 1;
            }
        }
        year
    }
}

fn nil(s: &str) -> Value {
    if s == "-" {
        Value::Null
    } else {
        Value::from(s)
    }
}

/// Splits off the next space-delimited token.
fn token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches(' ');
    if s.is_empty() {
        return None;
    }
    Some(match s.find(' ') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    })
}

impl Decoder for SyslogDecoder {
    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let text = std::str::from_utf8(record)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))?;
        let mut map = map_with_capacity(12);
        let mut rest = text;
        if let Some(after) = text.strip_prefix('<') {
            let close = after
                .find('>')
                .filter(|&i| (1..=3).contains(&i))
                .ok_or("expected `<PRI>` at column 1")?;
            let pri: i64 = after[..close]
                .parse()
                .ok()
                .filter(|p| *p <= 191)
                .ok_or("invalid priority at column 2")?;
            map.insert("priority".into(), Value::Int(pri));
            map.insert("facility".into(), Value::Int(pri / 8));
            map.insert("severity".into(), Value::Int(pri % 8));
            rest = &after[close + 1..];
            if let Some(r5424) = rest.strip_prefix("1 ") {
                decode_5424(r5424, &mut map)?;
                return Ok(Record::Event(Decoded {
                    value: Value::Object(map),
                    pristine: false,
                }));
            }
        }
        self.decode_3164(rest, &mut map)?;
        Ok(Record::Event(Decoded {
            value: Value::Object(map),
            pristine: false,
        }))
    }
}

impl SyslogDecoder {
    fn decode_3164(&self, text: &str, map: &mut Map) -> Result<(), String> {
        let bad_time = || "expected a timestamp like `Mar 27 10:05:01` at the start".to_owned();
        let month = text.get(0..3).and_then(month_number).ok_or_else(bad_time)?;
        let b = text.as_bytes();
        if b.get(3) != Some(&b' ') {
            return Err(bad_time());
        }
        // Day: `27` or ` 5` (space-padded) or `5`.
        let day_text = text.get(4..6).ok_or_else(bad_time)?;
        let (day, after_day) = match day_text.trim_start().parse::<u32>() {
            Ok(d) if b.get(6) == Some(&b' ') => (d, 7),
            _ => {
                let d = text.get(4..5).and_then(|t| t.parse::<u32>().ok());
                match d {
                    Some(d) if b.get(5) == Some(&b' ') => (d, 6),
                    _ => return Err(bad_time()),
                }
            }
        };
        let clock = text.get(after_day..after_day + 8).ok_or_else(bad_time)?;
        let cb = clock.as_bytes();
        if cb[2] != b':' || cb[5] != b':' {
            return Err(bad_time());
        }
        let part = |r: std::ops::Range<usize>| clock[r].parse::<u32>().ok();
        let (h, m, s) = match (part(0..2), part(3..5), part(6..8)) {
            (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s <= 60 => (h, m, s),
            _ => return Err(bad_time()),
        };
        let mut pos = after_day + 8;
        // Optional fraction.
        let mut frac = "";
        if b.get(pos) == Some(&b'.') {
            let n = b[pos + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            frac = &text[pos..pos + 1 + n];
            pos += 1 + n;
        }
        let nanos = frac
            .bytes()
            .skip(1)
            .chain(std::iter::repeat(b'0'))
            .take(9)
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'));
        let year = self.year_for((month, day, h, m, s, nanos));
        if jiff::civil::Date::new(year as i16, month as i8, day as i8).is_err() {
            return Err(format!(
                "invalid date `{}` in year {year}",
                &text[..after_day - 1]
            ));
        }
        map.insert(
            "time".into(),
            Value::Str(format!(
                "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{frac}Z"
            )),
        );
        let rest = text.get(pos..).unwrap_or("");
        let (host, rest) = token(rest).ok_or("expected a host name after the timestamp")?;
        map.insert("host".into(), Value::from(host));
        let rest = rest.trim_start_matches(' ');
        // The tag: `prog:` or `prog[pid]:`, no spaces.
        let tag_end = rest.find([' ', ':', '[']).unwrap_or(rest.len());
        let prog = &rest[..tag_end];
        let after = &rest[tag_end..];
        let mut tagged = None;
        if !prog.is_empty() {
            if let Some(msg) = after.strip_prefix(':') {
                tagged = Some((None, msg));
            } else if let Some(inner) = after.strip_prefix('[')
                && let Some(close) = inner.find("]:")
                && let Ok(pid) = inner[..close].parse::<i64>()
            {
                tagged = Some((Some(pid), &inner[close + 2..]));
            }
        }
        match tagged {
            Some((pid, msg)) => {
                map.insert("program".into(), Value::from(prog));
                if let Some(pid) = pid {
                    map.insert("pid".into(), Value::Int(pid));
                }
                map.insert(
                    "message".into(),
                    Value::from(msg.strip_prefix(' ').unwrap_or(msg)),
                );
            }
            None => {
                map.insert("message".into(), Value::from(rest));
            }
        }
        Ok(())
    }
}

fn decode_5424(text: &str, map: &mut Map) -> Result<(), String> {
    map.insert("version".into(), Value::Int(1));
    let missing = |what: &str| format!("expected the {what} (RFC 5424)");
    let (time, rest) = token(text).ok_or_else(|| missing("timestamp"))?;
    if time != "-" && jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%.f%:z", time).is_err() {
        let ok = time.parse::<jiff::Timestamp>().is_ok();
        if !ok {
            return Err(format!("invalid timestamp `{time}` (RFC 5424)"));
        }
    }
    map.insert("time".into(), nil(time));
    let (host, rest) = token(rest).ok_or_else(|| missing("host name"))?;
    map.insert("host".into(), nil(host));
    let (app, rest) = token(rest).ok_or_else(|| missing("app name"))?;
    map.insert("app".into(), nil(app));
    let (procid, rest) = token(rest).ok_or_else(|| missing("process id"))?;
    map.insert("procid".into(), nil(procid));
    let (msgid, rest) = token(rest).ok_or_else(|| missing("message id"))?;
    map.insert("msgid".into(), nil(msgid));
    let rest = rest.trim_start_matches(' ');
    let (sd, msg) = if let Some(r) = rest.strip_prefix('-') {
        (Value::Null, r)
    } else if rest.starts_with('[') {
        // Structured data: `[...]` elements, `]` inside values escaped as `\]`.
        let b = rest.as_bytes();
        let mut i = 0;
        while b.get(i) == Some(&b'[') {
            let mut j = i + 1;
            loop {
                match b.get(j) {
                    None => return Err("unterminated structured data (RFC 5424)".into()),
                    Some(b'\\') => j += 2,
                    Some(b']') => break,
                    Some(_) => j += 1,
                }
            }
            i = j + 1;
        }
        (Value::from(&rest[..i]), &rest[i..])
    } else {
        return Err(missing("structured data"));
    };
    map.insert("structured_data".into(), sd);
    let msg = msg.strip_prefix(' ').unwrap_or(msg);
    let msg = msg.strip_prefix('\u{feff}').unwrap_or(msg);
    map.insert("message".into(), Value::from(msg));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(year: Option<i32>, line: &str) -> Result<String, String> {
        SyslogDecoder {
            year,
            reference: jiff::civil::datetime(2026, 11, 20, 12, 0, 0, 0),
        }
        .decode(line.as_bytes())
        .map(|d| d.into_decoded().unwrap().value.to_json())
    }

    #[test]
    fn bsd_lines() {
        assert_eq!(
            decode(
                None,
                "Mar 27 13:06:56 ip-10-77-20-248 sshd[1291]: Server listening"
            )
            .unwrap(),
            r#"{"time":"2026-03-27T13:06:56Z","host":"ip-10-77-20-248","program":"sshd","pid":1291,"message":"Server listening"}"#
        );
        assert_eq!(
            decode(Some(2005), "Jul  3 04:08:03 combo syslogd 1.4.1: restart.").unwrap(),
            r#"{"time":"2005-07-03T04:08:03Z","host":"combo","message":"syslogd 1.4.1: restart."}"#
        );
        assert_eq!(
            decode(
                None,
                "<38>Dec 10 06:55:46 LabSZ sudo: pam_unix(sudo:session): x"
            )
            .unwrap(),
            r#"{"priority":38,"facility":4,"severity":6,"time":"2025-12-10T06:55:46Z","host":"LabSZ","program":"sudo","message":"pam_unix(sudo:session): x"}"#
        );
        assert_eq!(
            decode(
                Some(2005),
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: auth"
            )
            .unwrap(),
            r#"{"time":"2005-06-14T15:16:01Z","host":"combo","program":"sshd(pam_unix)","pid":19939,"message":"auth"}"#
        );
    }

    /// The year guessed for `stamp` (month, day, h, m, s, ns) against the reference `r`.
    fn year(r: jiff::civil::DateTime, stamp: Stamp) -> i32 {
        SyslogDecoder {
            year: None,
            reference: r,
        }
        .year_for(stamp)
    }

    #[test]
    fn the_year_never_puts_a_timestamp_in_the_future() {
        use jiff::civil::datetime;
        let new_year = datetime(2027, 1, 1, 0, 0, 0, 0);
        assert_eq!(year(new_year, (12, 31, 23, 59, 59, 0)), 2026);
        assert_eq!(year(new_year, (1, 1, 0, 0, 0, 0)), 2027);
        assert_eq!(year(new_year, (1, 1, 0, 0, 1, 0)), 2026);
        assert_eq!(year(new_year, (1, 1, 0, 0, 0, 1)), 2026);
        let last = datetime(2026, 12, 31, 23, 59, 59, 500_000_000);
        assert_eq!(year(last, (12, 31, 23, 59, 59, 500_000_000)), 2026);
        assert_eq!(year(last, (12, 31, 23, 59, 59, 500_000_001)), 2025);
        assert_eq!(year(last, (12, 31, 23, 59, 60, 0)), 2025);
        // The copied log: December lines, the copy's mtime in the same month but earlier.
        assert_eq!(
            year(datetime(2026, 12, 5, 0, 0, 0, 0), (12, 10, 6, 55, 46, 0)),
            2025
        );
        assert_eq!(
            year(datetime(2026, 12, 10, 7, 0, 0, 0), (12, 10, 6, 55, 46, 0)),
            2026
        );
    }

    #[test]
    fn feb_29_is_in_the_latest_leap_year_not_after_the_reference() {
        use jiff::civil::datetime;
        let feb_29 = (2, 29, 12, 0, 0, 0);
        assert_eq!(year(datetime(2024, 3, 1, 0, 0, 0, 0), feb_29), 2024);
        assert_eq!(year(datetime(2024, 2, 29, 11, 0, 0, 0), feb_29), 2020);
        assert_eq!(year(datetime(2027, 6, 1, 0, 0, 0, 0), feb_29), 2024);
        assert_eq!(year(datetime(2028, 1, 1, 0, 0, 0, 0), feb_29), 2024);
        assert_eq!(year(datetime(2028, 2, 29, 12, 0, 0, 0), feb_29), 2028);
        assert_eq!(year(datetime(2101, 3, 1, 0, 0, 0, 0), feb_29), 2096);
        assert_eq!(
            year(datetime(2027, 3, 1, 0, 0, 0, 0), (2, 28, 0, 0, 0, 0)),
            2027
        );
        assert!(
            decode(Some(2027), "Feb 29 10:00:00 h p: x")
                .unwrap_err()
                .contains("invalid date")
        );
        assert_eq!(
            decode(None, "Feb 29 10:00:00 h p: x").unwrap(),
            r#"{"time":"2024-02-29T10:00:00Z","host":"h","program":"p","message":"x"}"#
        );
    }

    #[test]
    fn rfc5424_lines() {
        assert_eq!(
            decode(None, r#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventID="1011"] An application event"#).unwrap(),
            r#"{"priority":165,"facility":20,"severity":5,"version":1,"time":"2003-10-11T22:14:15.003Z","host":"mymachine.example.com","app":"evntslog","procid":null,"msgid":"ID47","structured_data":"[exampleSDID@32473 iut=\"3\" eventID=\"1011\"]","message":"An application event"}"#
        );
        assert_eq!(
            decode(None, "<34>1 - - su - - - hi").unwrap(),
            r#"{"priority":34,"facility":4,"severity":2,"version":1,"time":null,"host":null,"app":"su","procid":null,"msgid":null,"structured_data":null,"message":"hi"}"#
        );
    }

    #[test]
    fn bad_lines() {
        assert!(decode(None, "hello world").is_err());
        assert!(
            decode(None, "Feb 30 10:00:00 h p: x")
                .unwrap_err()
                .contains("invalid date")
        );
        assert!(decode(None, "<999>Mar 27 13:06:56 h p: x").is_err());
    }
}
