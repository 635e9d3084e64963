//! `window KIND ...`: event-time (or processing-time) windowed aggregation, as specified in
//! `windows.md` (normative). Also the home of `count`, which is `window global --agg count`.
//!
//! Files: `mod.rs` (building the stage: `validate` checks the rules between options),
//! `args.rs` (the command line), `options.rs` (the typed option values and their parsers),
//! `policy.rs` (late records, bad timestamps, side files); time windows: `engine.rs` (the
//! stage: time and key of each record, policies, group limit), `watermark.rs` (the watermark
//! and its time domain), `assign.rs` (the assigner trait; fixed windows: tumbling, hopping,
//! cumulate, global), `session.rs` (sessions), `emitter.rs` (labels, output order, periodic
//! emission, fill-empty); `seq.rs` (count and rolling windows), `merge.rs` (the reducer of
//! partial states), `emit.rs` (output records and partial states), `aggregates.rs` with
//! `fsum.rs`, `hll.rs`, `ddsketch.rs` (aggregate functions), `calendar.rs` (alignment),
//! `timefmt.rs` (time formats); `prep.rs` and `absorb.rs` (the reader-side reading and
//! aggregation of events).

pub mod absorbed;
pub mod aggregates;
pub mod args;
pub mod assign;
pub mod calendar;
pub mod core;
pub mod ddsketch;
pub mod discard;
pub mod emit;
pub mod emitter;
pub mod engine;
pub mod fsum;
pub mod hll;
pub mod merge;
pub mod options;
pub mod policy;
pub mod reading;
pub mod seq;
pub mod session;
pub mod state;
pub mod timefmt;
pub mod watermark;

use std::io::Write;

use jiff::tz::TimeZone;

use crate::error::{Error, Location, Result};
use crate::ops::by::{self, Keys};
use crate::ops::{BuildContext, Stage};
use crate::path::Path;

pub use args::{Args, EXAMPLES, OutputMode, PartialFormat};

use aggregates::AggSpec;
use args::{Common, Kind, TimeMode};
use assign::{Assign, Fixed};
use calendar::Align;
use emit::{Plan, TimeOut};
use emitter::FillEmpty;
use options::{EmitMode, OutTimeFormat, PolicyChoice};
use policy::Policy;
use timefmt::{OutTime, TimeFormat};
use watermark::TimeDomain;

/// Builds the stage.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    build_as(args, ctx, "window")
}

/// Builds the stage for the command `name` (`count` is a window stage too): the records it
/// makes are named `stage N (name) output` in messages.
pub fn build_as(args: Args, ctx: &BuildContext, name: &str) -> Result<Box<dyn Stage>> {
    let usage = |m: String| -> Error { Error::Usage(ctx.usage(name, m)) };
    let mut config = validate(*args.kind, ctx).map_err(usage)?;
    let origin = Location::stage_output(ctx.index, name);
    match &mut config {
        Config::Merge { .. } => {}
        Config::Count { plan, .. } | Config::Rows { plan, .. } | Config::Range { plan, .. } => {
            plan.origin = origin.clone();
        }
        Config::Time { settings, .. } => settings.plan.origin = origin.clone(),
    }
    Ok(match config {
        Config::Merge {
            partial,
            tsv,
            sorted,
        } => Box::new(merge::Merge::new(partial, tsv, sorted, origin)),
        Config::Count {
            plan,
            size,
            slide,
            drop_partial,
        } => Box::new(seq::CountWindows::new(plan, size, slide, drop_partial)),
        Config::Rows {
            plan,
            rows,
            min_rows,
        } => Box::new(seq::RollingRows::new(plan, rows, min_rows)),
        Config::Range {
            plan,
            range,
            max_delay,
            min_rows,
            time,
            late,
            bad_time,
        } => Box::new(seq::RollingRange::new(
            plan, range, max_delay, min_rows, *time, late, bad_time,
        )),
        Config::Time {
            settings,
            assign,
            fill,
        } => engine::stage(*settings, assign, fill),
    })
}

/// A window stage's options once [`validate`]d: what [`build`] makes the stage of.
enum Config {
    Merge {
        partial: bool,
        tsv: bool,
        sorted: bool,
    },
    Count {
        plan: Plan,
        size: u64,
        slide: Option<u64>,
        drop_partial: bool,
    },
    Rows {
        plan: Plan,
        rows: usize,
        min_rows: usize,
    },
    Range {
        plan: Plan,
        range: i64,
        max_delay: Option<i64>,
        min_rows: usize,
        time: Box<TimeSpec>,
        late: Policy,
        bad_time: Policy,
    },
    Time {
        settings: Box<core::Settings>,
        assign: Assign,
        fill: FillEmpty,
    },
}

/// Every rule between the options of a kind (each option alone was checked by its parser in
/// `options.rs`), and what they resolve to; `Err` is the usage error's message.
fn validate(kind: Kind, ctx: &BuildContext) -> Result<Config, String> {
    match kind {
        Kind::Sliding(_) => Err(
            "there is no `window sliding`: use `window hopping --size DUR --slide DUR` (aligned, overlapping windows) or `window rolling --rows N | --range DUR` (a trailing window per record)".into(),
        ),
        Kind::Merge(m) if m.sorted && m.partial_format != PartialFormat::Tsv => Err(
            "--sorted reads input sorted by the key of --partial-format tsv: add --partial-format tsv"
                .into(),
        ),
        Kind::Merge(m) => Ok(Config::Merge {
            partial: m.output == OutputMode::Partial,
            tsv: m.partial_format == PartialFormat::Tsv,
            sorted: m.sorted,
        }),
        Kind::Count(c) => {
            let plan = build_plan(&c.common, "count", &["seq_start", "seq_end"])?;
            refuse_firing_options(&c.common, "count")?;
            if c.size == 0 {
                return Err("--size must be at least 1".into());
            }
            if c.slide == Some(0) {
                return Err("--slide must be at least 1".into());
            }
            Ok(Config::Count {
                plan,
                size: c.size,
                slide: c.slide,
                drop_partial: c.drop_partial,
            })
        }
        Kind::Rolling(r) => {
            let plan = build_plan(&r.common, "rolling", &[])?;
            refuse_firing_options(&r.common, "rolling")?;
            match (r.rows, r.range) {
                (Some(0), _) => Err("--rows must be at least 1".into()),
                (Some(rows), _) => Ok(Config::Rows {
                    plan,
                    rows,
                    min_rows: r.min_rows,
                }),
                (None, Some(range)) => {
                    require_time_choice(&r.common, "rolling --range")?;
                    refuse_input_files(&r.common, ctx)?;
                    Ok(Config::Range {
                    plan,
                    range,
                    max_delay: r.common.max_delay.bound(),
                    min_rows: r.min_rows,
                    time: Box::new(build_time(&r.common)),
                    late: r.common.late.into(),
                    bad_time: r.common.on_bad_time.into(),
                    })
                }
                (None, None) => Err("rolling needs --rows N or --range DUR".into()),
            }
        }
        Kind::Tumbling(a) => {
            let zone = a.common.tz.as_ref();
            let size = a.size.align(a.offset, a.origin.as_deref(), zone)?;
            time_windows(a.common, ctx, "tumbling", Assign::Fixed(Fixed::Tumbling(size)))
        }
        Kind::Hopping(a) => {
            let zone = a.common.tz.as_ref();
            let slide = a.slide.align(a.offset, a.origin.as_deref(), zone)?;
            let Align::Fixed { size: slide_ns, .. } = slide else {
                return Err("hopping windows need absolute sizes (calendar units are for tumbling and cumulate)".into());
            };
            let per_event = windows_per_event(a.size, slide_ns, "--size/--slide", "--slide")?;
            if per_event > 1000 {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "eddy: warning: stage {} (window): --size/--slide is {per_event}: every record updates that many windows",
                    ctx.index,
                );
            }
            let assign = Assign::Fixed(Fixed::Hopping {
                size: a.size,
                slide,
            });
            time_windows(a.common, ctx, "hopping", assign)
        }
        Kind::Cumulate(a) => {
            let outer = a.size.align(a.offset, None, a.common.tz.as_ref())?;
            if let Align::Fixed { size, .. } = outer
                && size % a.step != 0
            {
                return Err("cumulate --size must be a multiple of --step".into());
            }
            windows_per_event(outer.max_len(), a.step, "--size/--step", "--step")?;
            let assign = Assign::Fixed(Fixed::Cumulate {
                outer,
                step: a.step,
            });
            time_windows(a.common, ctx, "cumulate", assign)
        }
        Kind::Session(a) => time_windows(a.common, ctx, "session", Assign::Session(a.gap)),
        Kind::Global(a) => time_windows(a.common, ctx, "global", Assign::Fixed(Fixed::Global)),
    }
}

/// The most windows one record may belong to (hopping `--size/--slide`, cumulate
/// `--size/--step`): every record updates each of them, and each key holds that many open.
pub const MAX_WINDOWS_PER_EVENT: i64 = 10_000;

/// How many windows of length `size` laid every `step` one record belongs to; a usage error
/// past [`MAX_WINDOWS_PER_EVENT`].
fn windows_per_event(size: i64, step: i64, ratio: &str, option: &str) -> Result<i64, String> {
    let (size, step) = (i128::from(size), i128::from(step.max(1)));
    let per_event = i64::try_from((size + step - 1) / step).unwrap_or(i64::MAX);
    if per_event > MAX_WINDOWS_PER_EVENT {
        return Err(format!(
            "{ratio} is {per_event}: every record would belong to that many windows \
             (at most {MAX_WINDOWS_PER_EVENT}; use a larger {option})"
        ));
    }
    Ok(per_event)
}

/// A side file (`--late file:PATH`, `--on-bad-time file:PATH`) must not be one of the run's
/// input files: creating it would truncate the input (as `tee` and `--errors` refuse).
fn refuse_input_files(common: &Common, ctx: &BuildContext) -> Result<(), String> {
    for (option, choice) in [
        ("--late", &common.late),
        ("--on-bad-time", &common.on_bad_time),
    ] {
        if let PolicyChoice::File(path) = choice
            && crate::input::is_input_file(std::path::Path::new(path), &ctx.inputs)
        {
            return Err(format!(
                "{option} file:{path}: `{path}` is also an input file: it would be truncated"
            ));
        }
    }
    Ok(())
}

/// `count` and `rolling` windows have no watermark-driven firing and depend on the global order
/// of records: refuse the options that would silently do nothing, and partial output.
fn refuse_firing_options(common: &Common, kind: &str) -> Result<(), String> {
    if common.output == OutputMode::Partial {
        return Err(format!(
            "--output partial is not possible for {kind} windows (they depend on the global order of records)"
        ));
    }
    let unused = [
        (common.emit != EmitMode::Final, "--emit"),
        (common.allowed_lateness != 0, "--allowed-lateness"),
        (common.idle_timeout.is_some(), "--idle-timeout"),
        (common.fill_empty, "--fill-empty"),
        (common.max_fill.is_some(), "--max-fill"),
        (common.max_groups.is_some(), "--max-groups"),
    ];
    match unused.iter().find(|(used, _)| *used) {
        Some((_, option)) => Err(format!("{option} does not apply to {kind} windows")),
        None => Ok(()),
    }
}

/// Keys and aggregates, with the name checks of C7.
fn build_plan(common: &Common, kind: &'static str, window_fields: &[&str]) -> Result<Plan, String> {
    let by = Keys::all(&common.by);
    let key_names: Vec<String> = by.iter().map(|k| k.name.clone()).collect();
    // Keys that are not all paths are computed into an object of their values by name.
    let (keys, computed) = match by::paths(&by) {
        Some(paths) => (paths, None),
        None => {
            let names = key_names.iter().map(|name| Path::key(name)).collect();
            (names, Some(by.into()))
        }
    };
    if common.partial_format == PartialFormat::Tsv && common.output != OutputMode::Partial {
        return Err("--partial-format tsv applies with --output partial".into());
    }
    let agg_texts: Vec<String> = if common.agg.is_empty() {
        vec!["count".into()]
    } else {
        common.agg.clone()
    };
    let mut aggs = Vec::new();
    for a in &agg_texts {
        aggs.push(AggSpec::parse(a)?);
    }
    let mut seen: Vec<&str> = window_fields.to_vec();
    seen.push("window_emit");
    for n in key_names.iter().chain(aggs.iter().map(|a| &a.name)) {
        if seen.contains(&n.as_str()) {
            return Err(format!(
                "output field `{n}` is used twice (name a key with NAME=KEY, an aggregate with NAME=FUNC:FIELD)"
            ));
        }
        seen.push(n);
    }
    Ok(Plan {
        kind,
        keys,
        computed,
        key_names,
        aggs,
        partial: common.output == OutputMode::Partial,
        tsv: common.partial_format == PartialFormat::Tsv,
        time_out: TimeOut::None,
        origin: Location::default(),
    })
}

/// The time extraction settings.
#[derive(Debug, Clone)]
pub struct TimeSpec {
    /// The field, `None` for processing time.
    pub field: Option<Path>,
    /// The input format.
    pub format: TimeFormat,
    /// The zone for timestamps without offset.
    pub tz: TimeZone,
    /// Whether --tz was given (else a warning for offset-less timestamps).
    pub tz_given: bool,
    /// `--out-time-format` (None = auto) and `--out-tz`.
    pub out: Option<OutTime>,
    /// `--out-tz`.
    pub out_tz: Option<TimeZone>,
}

fn build_time(common: &Common) -> TimeSpec {
    let field = match common.time {
        TimeMode::Processing => None,
        TimeMode::Event => common.time_field.clone(),
    };
    let out = match &common.out_time_format {
        OutTimeFormat::Auto => None,
        OutTimeFormat::Given(o) => Some(o.clone().in_zone(common.out_tz.clone())),
    };
    TimeSpec {
        field,
        format: common.time_format.clone(),
        tz: common.tz.clone().unwrap_or(TimeZone::UTC),
        tz_given: common.tz.is_some(),
        out,
        out_tz: common.out_tz.clone(),
    }
}

/// A window of time needs event time (`--time-field`) or processing time (`--time processing`)
/// chosen (C3): a forgotten `--time-field` would bucket a file's events into "now".
fn require_time_choice(common: &Common, kind: &str) -> Result<(), String> {
    if common.time == TimeMode::Event && common.time_field.is_none() {
        return Err(format!(
            "{kind} windows need --time-field FIELD (event time) or --time processing (the time each line is read)"
        ));
    }
    Ok(())
}

/// The rules of the time-window kinds (all but count and rolling), and their settings.
fn time_windows(
    common: Common,
    ctx: &BuildContext,
    kind: &'static str,
    assign: Assign,
) -> Result<Config, String> {
    let global = matches!(assign, Assign::Fixed(Fixed::Global));
    if !global {
        require_time_choice(&common, kind)?;
    }
    let fields: &[&str] = if global {
        &[]
    } else {
        &["window_start", "window_end"]
    };
    let mut plan = build_plan(&common, kind, fields)?;
    refuse_input_files(&common, ctx)?;
    let time = build_time(&common);
    if plan.partial {
        if common.emit != EmitMode::Final {
            return Err("--output partial needs --emit final (partials are final states)".into());
        }
        if common.allowed_lateness > 0 {
            return Err("--output partial cannot be combined with --allowed-lateness (partials are final states)".into());
        }
        if common.fill_empty {
            return Err("--output partial cannot be combined with --fill-empty (each mapper would fill only the gaps of its own input; the merged output has no empty windows)".into());
        }
    }
    let fill = match (&assign, common.fill_empty) {
        (_, false) if common.max_fill.is_some() => {
            return Err("--max-fill applies with --fill-empty".into());
        }
        (_, false) => FillEmpty::Off,
        (Assign::Fixed(Fixed::Tumbling(_) | Fixed::Hopping { .. }), true) => {
            match common.max_fill.unwrap_or(emitter::DEFAULT_MAX_FILL) {
                0 => return Err("--max-fill must be at least 1".into()),
                max => FillEmpty::On(emitter::Fill::new(max)),
            }
        }
        (_, true) => {
            return Err("--fill-empty applies to tumbling and hopping windows".into());
        }
    };
    if common.max_groups == Some(0) {
        return Err("--max-groups must be at least 1".into());
    }
    let processing = time.field.is_none() && !global;
    plan.time_out = if global {
        TimeOut::None
    } else if processing {
        TimeOut::Fixed(time.out.clone().unwrap_or(OutTime::Rfc3339 {
            tz: time.out_tz.clone(),
            millis: true,
        }))
    } else {
        match &time.out {
            Some(o) => TimeOut::Fixed(o.clone()),
            None => TimeOut::Auto,
        }
    };
    let domain = if processing {
        TimeDomain::Processing
    } else {
        TimeDomain::Event {
            max_delay: common.max_delay.bound(),
            idle: common.idle_timeout,
        }
    };
    let settings = core::Settings {
        plan,
        time,
        domain,
        lateness: common.allowed_lateness,
        emit: common.emit,
        max_jump: common.max_jump,
        max_future: common.max_future,
        late: common.late.into(),
        bad_time: common.on_bad_time.into(),
        max_groups: common.max_groups,
        overflow: common.on_overflow,
        clock: ctx.clock.clone(),
    };
    Ok(Config::Time {
        settings: Box::new(settings),
        assign,
        fill,
    })
}

#[cfg(test)]
mod tests;
