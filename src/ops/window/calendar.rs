//! Window alignment: epoch-aligned fixed sizes with Euclidean modulo (pre-epoch correct), and
//! calendar units (`d`, `w`, `mo`, `y`) in a time zone, where a day runs from local midnight to
//! local midnight (23 h or 25 h across DST), a week starts on Monday, a month on the 1st.
//!
//! DST only moves window *boundaries*; assignment arithmetic stays in UTC nanoseconds.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalUnit {
    /// Local days.
    Day,
    /// ISO weeks (Monday 00:00 local).
    Week,
    /// Months (the 1st, 00:00 local).
    Month,
    /// Years (January 1st, 00:00 local).
    Year,
}

/// How a size or slide lays windows on the time line.
#[derive(Debug, Clone)]
pub enum Align {
    /// Absolute size in ns, shifted by `offset`.
    Fixed {
        /// Size (or slide) in ns, > 0.
        size: i64,
        /// Offset in ns (any sign).
        offset: i64,
    },
    /// `n` calendar units in a zone.
    Calendar {
        /// The unit.
        unit: CalUnit,
        /// How many units.
        n: i64,
        /// The zone.
        tz: TimeZone,
    },
}

/// `align(t) = t − ((t − o) mod⁺ p)`, in a wider type: near 1677 the start may not be
/// representable.
pub fn align(t: i64, size: i64, offset: i64) -> i128 {
    // `t − o` fits an `i64` but for offsets near the range's ends: no 128-bit division then.
    let rem = match t.checked_sub(offset) {
        Some(d) => i128::from(d.rem_euclid(size)),
        None => (i128::from(t) - i128::from(offset)).rem_euclid(i128::from(size)),
    };
    i128::from(t) - rem
}

/// `[start, end)` when both ends are representable instants (1677-09-21T00:12:43.145224192Z to
/// 2262-04-11T23:47:16.854775807Z): a window past either is not clamped (it would not be the
/// window its records belong to) but has no representation.
pub fn representable(start: i128, end: i128) -> Option<(i64, i64)> {
    Some((i64::try_from(start).ok()?, i64::try_from(end).ok()?))
}

/// Splits a size such as `3mo` into a calendar unit when it is one (`d`, `w` only with a zone).
pub fn calendar_unit(text: &str, zoned: bool) -> Option<(CalUnit, i64)> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit())?;
    let n: i64 = t[..digits].parse().ok()?;
    let unit = match &t[digits..] {
        "mo" => CalUnit::Month,
        "y" => CalUnit::Year,
        "d" if zoned => CalUnit::Day,
        "w" if zoned => CalUnit::Week,
        _ => return None,
    };
    (n > 0).then_some((unit, n))
}

/// Days from 1970-01-01 to `d`.
fn day_number(d: Date) -> i64 {
    let epoch = Date::constant(1970, 1, 1);
    i64::from((d - epoch).get_days())
}

fn date_from_days(days: i64) -> Option<Date> {
    Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

/// The instant of local midnight starting `d` (the first valid instant on DST gaps), if it is
/// representable.
fn midnight(d: Date, tz: &TimeZone) -> Option<i64> {
    let ts = tz
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .ok()?;
    i64::try_from(ts.as_nanosecond()).ok()
}

impl Align {
    /// The longest window this alignment lays, in ns (a calendar unit at its longest: a day
    /// with a DST hour more, a 31-day month, a leap year).
    pub fn max_len(&self) -> i64 {
        const HOUR: i64 = 3_600_000_000_000;
        match self {
            Align::Fixed { size, .. } => *size,
            Align::Calendar { unit, n, .. } => {
                let longest = match unit {
                    CalUnit::Day => 25 * HOUR,
                    CalUnit::Week => 7 * 24 * HOUR + HOUR,
                    CalUnit::Month => 31 * 24 * HOUR + HOUR,
                    CalUnit::Year => 366 * 24 * HOUR + HOUR,
                };
                n.saturating_mul(longest)
            }
        }
    }

    /// The window `[start, end)` of this alignment that contains `t`; `None` when it starts or
    /// ends beyond the representable instants ([`representable`]).
    pub fn window_of(&self, t: i64) -> Option<(i64, i64)> {
        match self {
            Align::Fixed { size, offset } => {
                // In 64 bits when `t − offset` and the start fit, else in 128.
                if let Some(d) = t.checked_sub(*offset)
                    && let Some(start) = t.checked_sub(d.rem_euclid(*size))
                {
                    return Some((start, start.checked_add(*size)?));
                }
                let s = align(t, *size, *offset);
                representable(s, s + i128::from(*size))
            }
            Align::Calendar { unit, n, tz } => {
                let ts = jiff::Timestamp::from_nanosecond(i128::from(t)).ok()?;
                let date = ts.to_zoned(tz.clone()).date();
                let (start, end) = match unit {
                    CalUnit::Day | CalUnit::Week => {
                        // Weeks count from Monday 1970-01-05.
                        let (base, len) = if *unit == CalUnit::Day {
                            (0, *n)
                        } else {
                            (4, 7 * n)
                        };
                        let days = day_number(date) - base;
                        let first = days - days.rem_euclid(len) + base;
                        (date_from_days(first)?, date_from_days(first + len)?)
                    }
                    CalUnit::Month | CalUnit::Year => {
                        let len = if *unit == CalUnit::Month { *n } else { 12 * n };
                        let months =
                            (i64::from(date.year()) - 1970) * 12 + i64::from(date.month()) - 1;
                        let first = months - months.rem_euclid(len);
                        let mk = |m: i64| {
                            let y = 1970 + m.div_euclid(12);
                            let mo = m.rem_euclid(12) + 1;
                            Date::new(i16::try_from(y).ok()?, mo as i8, 1).ok()
                        };
                        (mk(first)?, mk(first + len)?)
                    }
                };
                Some((midnight(start, tz)?, midnight(end, tz)?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn euclidean_alignment_before_the_epoch() {
        assert_eq!(align(-1, 10 * S, 0), -10 * i128::from(S));
        assert_eq!(align(-10 * S, 10 * S, 0), -10 * i128::from(S));
        assert_eq!(align(7 * S, 10 * S, 5 * S), 5 * i128::from(S));
        assert_eq!(align(3 * S, 10 * S, -8 * S), 2 * i128::from(S));
    }

    proptest::proptest! {
        /// The 64-bit remainder gives the start (and the window) the 128-bit one gives, up to
        /// the range's ends.
        #[test]
        fn alignment_in_64_bits_equals_the_wide_one(
            t in proptest::prelude::any::<i64>(),
            size in 1i64..=i64::MAX,
            offset in proptest::prelude::any::<i64>(),
            small in (-100 * S..100 * S, 1..100 * S, -100 * S..100 * S),
        ) {
            let wide = |t: i64, size: i64, offset: i64| {
                i128::from(t) - (i128::from(t) - i128::from(offset)).rem_euclid(i128::from(size))
            };
            let window = |t: i64, size: i64, offset: i64| {
                let start = wide(t, size, offset);
                representable(start, start + i128::from(size))
            };
            let fixed = |size, offset| Align::Fixed { size, offset };
            proptest::prop_assert_eq!(align(t, size, offset), wide(t, size, offset));
            proptest::prop_assert_eq!(fixed(size, offset).window_of(t), window(t, size, offset));
            let (t, size, offset) = small;
            proptest::prop_assert_eq!(align(t, size, offset), wide(t, size, offset));
            proptest::prop_assert_eq!(fixed(size, offset).window_of(t), window(t, size, offset));
        }
    }

    #[test]
    fn berlin_days_across_dst() {
        let tz = jiff::tz::db().get("Europe/Berlin").unwrap();
        let a = Align::Calendar {
            unit: CalUnit::Day,
            n: 1,
            tz,
        };
        // 2024-03-31 12:00 UTC is on the 23-hour day.
        let t: i64 = "2024-03-31T12:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_nanosecond() as i64;
        let (s, e) = a.window_of(t).unwrap();
        assert_eq!(e - s, 23 * 3600 * S);
        assert_eq!(crate::value::format_rfc3339(s), "2024-03-30T23:00:00Z");
        let t: i64 = "2024-10-27T12:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_nanosecond() as i64;
        let (s, e) = a.window_of(t).unwrap();
        assert_eq!(e - s, 25 * 3600 * S);
    }

    #[test]
    fn weeks_and_months() {
        let a = Align::Calendar {
            unit: CalUnit::Week,
            n: 1,
            tz: TimeZone::UTC,
        };
        let (s, e) = a.window_of(0).unwrap();
        assert_eq!(crate::value::format_rfc3339(s), "1969-12-29T00:00:00Z");
        assert_eq!(e - s, 7 * 86_400 * S);
        let m = Align::Calendar {
            unit: CalUnit::Month,
            n: 1,
            tz: TimeZone::UTC,
        };
        let t: i64 = "2024-02-10T00:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_nanosecond() as i64;
        let (s, e) = m.window_of(t).unwrap();
        assert_eq!(crate::value::format_rfc3339(s), "2024-02-01T00:00:00Z");
        assert_eq!(crate::value::format_rfc3339(e), "2024-03-01T00:00:00Z");
        assert_eq!(calendar_unit("1d", false), None);
        assert_eq!(calendar_unit("3mo", false), Some((CalUnit::Month, 3)));
    }

    #[test]
    fn windows_past_the_representable_instants_have_none() {
        let minute = Align::Fixed {
            size: 60 * S,
            offset: 0,
        };
        // i64::MAX ns is 2262-04-11T23:47:16.854775807Z: the last whole minute ends at :47:00.
        assert_eq!(
            minute.window_of(9_223_372_019 * S),
            Some((9_223_371_960 * S, 9_223_372_020 * S))
        );
        assert_eq!(minute.window_of(9_223_372_020 * S), None);
        assert_eq!(minute.window_of(i64::MAX), None);
        // i64::MIN ns is 1677-09-21T00:12:43.145224192Z: the first whole minute starts at :13:00.
        assert_eq!(
            minute.window_of(-9_223_372_020 * S),
            Some((-9_223_372_020 * S, -9_223_371_960 * S))
        );
        assert_eq!(minute.window_of(-9_223_372_020 * S - 1), None);
        assert_eq!(minute.window_of(i64::MIN), None);
        let nanos = Align::Fixed { size: 1, offset: 0 };
        assert_eq!(
            nanos.window_of(i64::MAX - 1),
            Some((i64::MAX - 1, i64::MAX))
        );
        assert_eq!(nanos.window_of(i64::MAX), None);
        assert_eq!(nanos.window_of(i64::MIN), Some((i64::MIN, i64::MIN + 1)));
        let day = Align::Calendar {
            unit: CalUnit::Day,
            n: 1,
            tz: TimeZone::UTC,
        };
        let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap().as_nanosecond() as i64;
        let (s, e) = day.window_of(at("2262-04-10T12:00:00Z")).unwrap();
        assert_eq!(crate::value::format_rfc3339(s), "2262-04-10T00:00:00Z");
        assert_eq!(crate::value::format_rfc3339(e), "2262-04-11T00:00:00Z");
        assert_eq!(day.window_of(at("2262-04-11T12:00:00Z")), None);
        assert_eq!(day.window_of(at("1677-09-21T12:00:00Z")), None);
        let (s, _) = day.window_of(at("1677-09-22T12:00:00Z")).unwrap();
        assert_eq!(crate::value::format_rfc3339(s), "1677-09-22T00:00:00Z");
    }
}
