//! The typed values of the window options and their clap value parsers: each option is read
//! here, once, into the type the stage uses (durations in ns, `--max-delay`, `--emit`, the
//! `--late` / `--on-bad-time` policies, sizes, time formats, zones). What one option cannot
//! decide alone (a calendar size needs `--tz`, `--output partial` needs `--emit final`, …) is
//! checked afterwards by `validate` in `mod.rs`.
//!
//! A parser fails with a [`UsageError`]; `crate::cli` shows it as the stage's usage error
//! (`eddy: stage N (window): --max-delay: invalid duration …`, exit status 2), the shape of the
//! errors `build` reports.

use std::ffi::OsStr;

use jiff::tz::TimeZone;

use crate::error::UsageError;
use crate::path::Path;
use crate::time::{TimeFormat, parse_duration, parse_time_zone};

use super::calendar::{Align, CalUnit, calendar_unit};
use super::timefmt::OutTime;

/// A clap value parser from a function of the option's name (`--max-delay`) and its text; the
/// function's error is the message of the usage error.
#[derive(Clone, Copy)]
pub struct Typed<T>(pub fn(&str, &str) -> Result<T, String>);

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Typed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let option = arg
            .and_then(clap::Arg::get_long)
            .map_or_else(String::new, |long| format!("--{long}"));
        let parse = self.0;
        // clap keeps the error of a function parser as the source of its own error, where
        // `crate::cli` finds it.
        let typed = move |text: &str| parse(&option, text).map_err(UsageError::new);
        typed.parse_ref(cmd, arg, value)
    }
}

/// A duration of any sign (`--offset`, `--max-future`).
pub fn duration(option: &str, text: &str) -> Result<i64, String> {
    parse_duration(text).map_err(|e| format!("{option}: {e}"))
}

/// A duration > 0 (`--gap`, `--step`, `--idle-timeout`, `--max-jump`).
pub fn positive(option: &str, text: &str) -> Result<i64, String> {
    let d = duration(option, text)?;
    if d <= 0 {
        return Err(format!("{option} must be positive"));
    }
    Ok(d)
}

/// A duration ≥ 0 (`--allowed-lateness`, `--range`).
pub fn non_negative(option: &str, text: &str) -> Result<i64, String> {
    let d = duration(option, text)?;
    if d < 0 {
        return Err(format!("{option} must not be negative"));
    }
    Ok(d)
}

/// `--max-delay DUR|inf`: the bounded out-of-orderness `B` of the watermark (C1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxDelay {
    /// `W = max t − B`, `B ≥ 0`.
    Bounded(i64),
    /// `inf`: `W` stays at −∞ until end of input (batch semantics).
    Infinite,
}

impl MaxDelay {
    /// `B` in ns, `None` for `inf`.
    pub fn bound(self) -> Option<i64> {
        match self {
            MaxDelay::Bounded(b) => Some(b),
            MaxDelay::Infinite => None,
        }
    }
}

/// Parses `--max-delay`: `inf` or a duration that is not negative (for every kind).
pub fn max_delay(option: &str, text: &str) -> Result<MaxDelay, String> {
    match text {
        "inf" => Ok(MaxDelay::Infinite),
        _ => non_negative(option, text).map(MaxDelay::Bounded),
    }
}

/// `--emit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmitMode {
    /// One record per window and key (plus late updates with --allowed-lateness).
    Final,
    /// Early records after every change.
    Updates,
    /// Early records for changed windows every DUR of wall time.
    Periodic(i64),
}

/// The words of `--emit`: `final`, `updates` and the start of `periodic:DUR`.
pub const EMIT_WORDS: [&str; 3] = [EMIT_FINAL, EMIT_UPDATES, EMIT_PERIODIC];
const EMIT_FINAL: &str = "final";
const EMIT_UPDATES: &str = "updates";
const EMIT_PERIODIC: &str = "periodic:";

/// Parses `--emit final|updates|periodic:DUR`.
pub fn emit_mode(option: &str, text: &str) -> Result<EmitMode, String> {
    match text {
        EMIT_FINAL => Ok(EmitMode::Final),
        EMIT_UPDATES => Ok(EmitMode::Updates),
        other => match other.strip_prefix(EMIT_PERIODIC) {
            Some(d) => positive(&format!("{option} periodic"), d).map(EmitMode::Periodic),
            None => Err(format!(
                "invalid {option} `{other}` (expected final, updates or periodic:DUR)"
            )),
        },
    }
}

/// `--late` and `--on-bad-time`: what happens to a late record or a bad timestamp. The file
/// is only named here; the stage opens it once the whole chain is built
/// ([`crate::ops::Stage::open`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyChoice {
    /// Count and report (`drop`, `skip`).
    Drop,
    /// Write the original line to the file at this path.
    File(String),
    /// Stop with exit status 3.
    Fail,
}

/// The policy word that stops the run (`--late fail`); the other word is the option's default
/// (`drop`, `skip`).
pub const FAIL: &str = "fail";

/// What starts a policy's file name (`--late file:late.ndjson`).
pub const FILE_PREFIX: &str = "file:";

fn policy(option: &str, text: &str, drop_word: &str) -> Result<PolicyChoice, String> {
    if text == drop_word {
        return Ok(PolicyChoice::Drop);
    }
    if text == FAIL {
        return Ok(PolicyChoice::Fail);
    }
    match text.strip_prefix(FILE_PREFIX) {
        Some(p) if !p.is_empty() => Ok(PolicyChoice::File(p.to_owned())),
        _ => Err(format!(
            "invalid {option} `{text}` (expected {drop_word}, file:PATH or fail)"
        )),
    }
}

/// Parses `--late drop|file:PATH|fail`.
pub fn late_policy(option: &str, text: &str) -> Result<PolicyChoice, String> {
    policy(option, text, "drop")
}

/// Parses `--on-bad-time skip|file:PATH|fail`.
pub fn bad_time_policy(option: &str, text: &str) -> Result<PolicyChoice, String> {
    policy(option, text, "skip")
}

/// Parses `--time-field PATH`.
pub fn field_path(option: &str, text: &str) -> Result<Path, String> {
    Path::parse(text).map_err(|e| format!("{option} {text}: {e}"))
}

/// Parses `--time-format`.
pub fn time_format(_option: &str, text: &str) -> Result<TimeFormat, String> {
    text.parse()
}

/// Parses `--tz` and `--out-tz`.
pub fn time_zone(_option: &str, text: &str) -> Result<TimeZone, String> {
    parse_time_zone(text)
}

/// `--out-time-format`: `auto` (like the input), or a given format, whose zone is `--out-tz`'s.
#[derive(Debug, Clone)]
pub enum OutTimeFormat {
    /// Like the input (C3).
    Auto,
    /// This format (zone not yet applied).
    Given(OutTime),
}

/// Parses `--out-time-format`.
pub fn out_time_format(_option: &str, text: &str) -> Result<OutTimeFormat, String> {
    match text {
        "auto" => Ok(OutTimeFormat::Auto),
        other => OutTime::parse(other).map(OutTimeFormat::Given),
    }
}

/// A window size or slide that may be in calendar units (`1d`, `1w` with `--tz`; `1mo`, `1y`),
/// which only `--tz` decides: see [`Size::align`].
#[derive(Debug, Clone)]
pub struct Size {
    /// The option (`--size`, `--slide`), for messages.
    option: String,
    /// The text as given.
    text: String,
    /// The calendar reading (`d` and `w` are calendar units only in a zone).
    calendar: Option<(CalUnit, i64)>,
    /// The absolute reading in ns, or why there is none (`mo`, `y`).
    fixed: Result<i64, String>,
}

/// Parses a size: a calendar unit or a positive duration.
pub fn size(option: &str, text: &str) -> Result<Size, String> {
    let calendar = calendar_unit(text, true);
    let fixed = positive(option, text);
    if calendar.is_none() {
        fixed.clone()?;
    }
    Ok(Size {
        option: option.to_owned(),
        text: text.to_owned(),
        calendar,
        fixed,
    })
}

impl Size {
    /// The alignment: calendar units with `zone` (and mo/y, which need one), else the absolute
    /// size shifted by `offset` or to `origin` (an instant, read in `zone`).
    pub fn align(
        &self,
        offset: Option<i64>,
        origin: Option<&str>,
        zone: Option<&TimeZone>,
    ) -> Result<Align, String> {
        let (option, text) = (&self.option, &self.text);
        let calendar = self
            .calendar
            .filter(|(unit, _)| zone.is_some() || matches!(unit, CalUnit::Month | CalUnit::Year));
        if let Some((unit, n)) = calendar {
            let Some(tz) = zone else {
                return Err(format!(
                    "{option} {text}: months and years need --tz ZONE (calendar alignment)"
                ));
            };
            if offset.is_some() || origin.is_some() {
                return Err(format!(
                    "{option} {text}: --offset/--origin do not apply to calendar units"
                ));
            }
            return Ok(Align::Calendar {
                unit,
                n,
                tz: tz.clone(),
            });
        }
        let size = self.fixed.clone()?;
        let mut off = offset.unwrap_or(0);
        if let Some(o) = origin {
            let tz = zone.cloned().unwrap_or(TimeZone::UTC);
            let v = crate::value::Value::from(o);
            off = super::timefmt::parse_timestamp(&v, &TimeFormat::Rfc3339, &tz)
                .or_else(|_| super::timefmt::parse_timestamp(&v, &TimeFormat::EpochS, &tz))
                .map_err(|e| format!("--origin: {e}"))?;
        }
        // Without a zone, weeks are aligned to Monday 1970-01-05 (not Thursday 1970-01-01).
        if offset.is_none() && origin.is_none() && text.trim_end().ends_with('w') {
            off = 4 * 86_400 * 1_000_000_000;
        }
        Ok(Align::Fixed { size, offset: off })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn durations_name_their_option() {
        assert_eq!(positive("--gap", "5s"), Ok(5 * S));
        assert_eq!(
            positive("--gap", "0s").unwrap_err(),
            "--gap must be positive"
        );
        assert!(
            positive("--gap", "x")
                .unwrap_err()
                .starts_with("--gap: invalid duration")
        );
        assert_eq!(
            non_negative("--allowed-lateness", "-1s").unwrap_err(),
            "--allowed-lateness must not be negative"
        );
        assert_eq!(duration("--offset", "-8h"), Ok(-8 * 3600 * S));
    }

    #[test]
    fn max_delay_rejects_negative_durations() {
        assert_eq!(max_delay("--max-delay", "inf"), Ok(MaxDelay::Infinite));
        assert_eq!(max_delay("--max-delay", "2s"), Ok(MaxDelay::Bounded(2 * S)));
        assert_eq!(
            max_delay("--max-delay", "-5s").unwrap_err(),
            "--max-delay must not be negative"
        );
    }

    #[test]
    fn emit_and_policies() {
        assert_eq!(
            emit_mode("--emit", "periodic:5s"),
            Ok(EmitMode::Periodic(5 * S))
        );
        assert_eq!(
            emit_mode("--emit", "periodic:0s").unwrap_err(),
            "--emit periodic must be positive"
        );
        assert_eq!(
            emit_mode("--emit", "often").unwrap_err(),
            "invalid --emit `often` (expected final, updates or periodic:DUR)"
        );
        assert_eq!(
            late_policy("--late", "file:x"),
            Ok(PolicyChoice::File("x".into()))
        );
        assert_eq!(
            bad_time_policy("--on-bad-time", "drop").unwrap_err(),
            "invalid --on-bad-time `drop` (expected skip, file:PATH or fail)"
        );
    }

    #[test]
    fn sizes_wait_for_the_zone() {
        let month = size("--size", "1mo").unwrap();
        assert!(
            month
                .align(None, None, None)
                .unwrap_err()
                .contains("need --tz")
        );
        let day = size("--size", "1d").unwrap();
        assert!(matches!(
            day.align(None, None, None),
            Ok(Align::Fixed { size, offset: 0 }) if size == 86_400 * S
        ));
        assert!(matches!(
            day.align(None, None, Some(&TimeZone::UTC)),
            Ok(Align::Calendar { .. })
        ));
        let week = size("--size", "1w").unwrap();
        assert!(matches!(
            week.align(None, None, None),
            Ok(Align::Fixed { offset, .. }) if offset == 4 * 86_400 * S
        ));
        assert_eq!(size("--size", "0s").unwrap_err(), "--size must be positive");
    }
}
