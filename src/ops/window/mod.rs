//! `window KIND ...`: event-time (or processing-time) windowed aggregation, as specified in
//! `windows.md` (normative). Also the home of `count`, which is `window global --agg count`.
//!
//! Files: `mod.rs` (the command line and its validation), `engine.rs` (time windows: tumbling,
//! hopping, cumulate, session, global; watermark, lateness, firing), `seq.rs` (count and rolling
//! windows), `merge.rs` (the reducer of partial states), `emit.rs` (output records and partial
//! states), `aggregates.rs` with `fsum.rs`, `hll.rs`, `ddsketch.rs` (aggregate functions),
//! `calendar.rs` (alignment), `timefmt.rs` (time formats).

pub mod absorb;
pub mod aggregates;
pub mod calendar;
pub mod ddsketch;
pub mod emit;
pub mod engine;
pub mod fsum;
pub mod hll;
pub mod merge;
pub mod prep;
pub mod seq;
pub mod timefmt;

use std::fs::File;
use std::io::{BufWriter, Write};

use jiff::tz::TimeZone;

use crate::error::{Error, Result};
use crate::ops::{BuildContext, Inputs, Stage, StageArgs};
use crate::path::Path;
use crate::time::parse_duration;

use aggregates::AggSpec;
use calendar::{Align, calendar_unit};
use emit::{Plan, TimeOut};
use engine::{Assign, EmitMode, Engine};
use timefmt::{OutTime, TimeFormat, parse_time_zone};

const AFTER_HELP: &str = "\
Kinds:
  tumbling   fixed windows: --size
  hopping    overlapping fixed windows: --size, --slide
  cumulate   growing windows within a fixed one: --size, --step
  session    activity sessions per key: --gap
  count      every N records per key: --size [--slide]
  rolling    a trailing frame per record: --rows N or --range DUR
  global     one window per key for the whole input
  merge      the reducer for --output partial

Semantics in brief: windows are half-open [start, end), aligned to the epoch (Euclidean modulo);
the watermark W = max event time - --max-delay is global to the stage; a window emits once when W
passes its end; records behind a closed window are late: dropped with a counter and a stderr
summary (--late drop), written verbatim to a file (--late file:PATH) or fatal (--late fail).
End of input sets W = +inf and flushes every window. Final-mode output is sorted by
(window_end, window_start, key).

State: O(open windows x keys); open windows per key ~ (max-delay + allowed-lateness)/size + 1
(x size/slide for hopping, x size/step for cumulate); sessions ~ 1 + (B+L)/gap per key; rolling
--range buffers the records in range; distinct, percentiles and collect keep their values.

Examples:
  eddy window tumbling --size 1m --time-field ts --max-delay inf --by status --agg count --agg p95:latency_ms access.ndjson
  tail -F app.log | eddy window tumbling --size 10s --time-field time --max-delay 2s --idle-timeout 5s --by service --agg count
  eddy window session --gap 30m --time-field ts --by user --agg count --agg first:page --agg last:page
  eddy window rolling --rows 5 --by sensor --agg mean:value";

/// Windowed aggregation: tumbling, hopping, cumulate, session, count, rolling and global windows
///
/// Groups events into windows by event time (a field, --time-field) or processing time, per key
/// (--by), and emits one record per window and key with the aggregates (--agg) when the
/// watermark passes the window's end. Holds state: see "State" below.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP, subcommand_value_name = "KIND", subcommand_help_heading = "Kinds")]
pub struct Args {
    #[command(subcommand)]
    kind: Box<Kind>,
}

/// The window kinds.
#[derive(Debug, clap::Subcommand)]
pub enum Kind {
    /// Fixed, non-overlapping windows of --size
    #[command(after_help = "Examples:
  eddy window tumbling --size 10s --time-field ts --agg count --agg sum:v
  eddy window tumbling --size 1m --time-field ts --max-delay inf --by status --agg count --agg p95:latency_ms access.ndjson
  eddy window tumbling --size 1d --tz Europe/Berlin --time-field ts --max-delay 10m --late file:late.ndjson --strict --agg sum:amount sales.ndjson
  eddy window tumbling --size 1d --offset -8h --time-field ts --agg count")]
    Tumbling(TumblingArgs),
    /// Overlapping fixed windows of --size starting every --slide
    #[command(
        after_help = "Every record belongs to size/slide windows; with --slide larger than --size records in
the gaps belong to no window (counted as unassigned, not late). Windows that start before the
first record are emitted (e.g. [95,105) for a record at 100 with --size 10s --slide 5s).

Examples:
  eddy window hopping --size 10m --slide 5m --time-field ts --agg count
  eddy window hopping --size 1h --slide 1m --time-field ts --by host --agg mean:latency"
    )]
    Hopping(HoppingArgs),
    /// Windows growing by --step within a fixed window of --size (day-so-far totals)
    #[command(
        after_help = "For a record at t with a = start of its --size window, the windows are
[a, a+step), [a, a+2*step), ... [a, a+size) from the first that contains t.

Examples:
  eddy window cumulate --size 1d --step 1h --tz UTC --time-field ts --agg approx_distinct:user
  eddy window cumulate --size 1h --step 10m --time-field ts --agg sum:bytes"
    )]
    Cumulate(CumulateArgs),
    /// Activity sessions per key, closed after --gap of inactivity
    #[command(
        after_help = "A record at t opens [t, t+gap); sessions that overlap or touch merge, so
records at most --gap apart share a session; a session is [first, last+gap). A session that
was emitted and purged is final: a later record touching it is late.

Examples:
  eddy window session --gap 30m --time-field ts --max-delay 1m --by user --agg count --agg first:page --agg last:page
  eddy window session --gap 5s --time-field ts --by host --agg count --emit updates"
    )]
    Session(SessionArgs),
    /// Windows of every --size records per key (arrival order, no time)
    #[command(
        after_help = "Emits seq_start and seq_end (1-based, half-open, per key). At end of input
the trailing incomplete window is emitted unless --drop-partial.

Examples:
  eddy window count --size 3 --agg count --agg sum:v
  eddy window count --size 100 --slide 10 --by sensor --agg mean:value"
    )]
    Count(CountArgs),
    /// A trailing frame per record: the last --rows N records, or --range DUR of event time
    #[command(
        after_help = "Each input record is re-emitted with the aggregates of its frame appended (SQL
OVER ... ROWS N-1 PRECEDING / RANGE DUR PRECEDING). --range releases records in event-time order
once the watermark passes them; equal timestamps are peers with identical results.

Examples:
  eddy window rolling --rows 5 --by sensor --agg mean:value
  eddy window rolling --range 5m --time-field ts --by sensor --agg mean:value"
    )]
    Rolling(RollingArgs),
    /// One window per key for the whole input (emitted at end of input)
    #[command(
        after_help = "Without --by, emits exactly one record even for empty input ({\"count\":0}).

Examples:
  eddy window global --agg count
  eddy window global --by host --agg count --agg p99:latency_ms access.ndjson"
    )]
    Global(GlobalArgs),
    /// Merge partial states written with --output partial (the reducer)
    #[command(
        after_help = "Groups partial records by window and key, merges their states and writes what a
single pass would have written, byte for byte; sessions of a key that overlap or touch are
merged. Needs no other options: partial states are self-describing.

Examples:
  cat p1 p2 | eddy window merge
  mapred streaming ... -reducer \"eddy window merge --partial-format tsv\""
    )]
    Merge(MergeArgs),
    /// (not a kind: use `hopping` or `rolling`)
    #[command(hide = true)]
    Sliding(SlidingArgs),
}

/// Options shared by the kinds.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Field holding the event time (a path); without it, processing time
    #[arg(long, value_name = "PATH", help_heading = "Time")]
    time_field: Option<String>,
    /// event (from --time-field) or processing (the wall clock when the line was read)
    #[arg(
        long,
        value_name = "MODE",
        default_value = "event",
        help_heading = "Time"
    )]
    time: TimeMode,
    /// auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "auto",
        help_heading = "Time"
    )]
    time_format: String,
    /// IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units
    #[arg(long, value_name = "ZONE", help_heading = "Time")]
    tz: Option<String>,
    /// How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "auto",
        help_heading = "Time"
    )]
    out_time_format: String,
    /// Write RFC 3339 window bounds with this zone's offset instead of Z
    #[arg(long, value_name = "ZONE", help_heading = "Time")]
    out_tz: Option<String>,
    /// Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)
    #[arg(
        long,
        value_name = "DUR",
        default_value = "0s",
        help_heading = "Lateness"
    )]
    max_delay: String,
    /// After a window fired, records within this much still update it (emitted as "late")
    #[arg(
        long,
        value_name = "DUR",
        default_value = "0s",
        help_heading = "Lateness"
    )]
    allowed_lateness: String,
    /// Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)
    #[arg(
        long,
        value_name = "POLICY",
        default_value = "drop",
        help_heading = "Lateness"
    )]
    late: String,
    /// When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)
    #[arg(long, value_name = "DUR", help_heading = "Lateness")]
    idle_timeout: Option<String>,
    /// Warn when a record moves the latest time forward by more than DUR
    #[arg(
        long,
        value_name = "DUR",
        default_value = "1d",
        help_heading = "Lateness"
    )]
    max_jump: String,
    /// Treat records more than DUR ahead of the wall clock as bad timestamps
    #[arg(long, value_name = "DUR", help_heading = "Lateness")]
    max_future: Option<String>,
    /// Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)
    #[arg(
        long,
        value_name = "POLICY",
        default_value = "skip",
        help_heading = "Lateness"
    )]
    on_bad_time: String,
    /// Group by these fields (paths, comma-separated)
    #[arg(
        long,
        value_name = "FIELD,...",
        value_delimiter = ',',
        help_heading = "Aggregation"
    )]
    by: Vec<String>,
    /// [NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first,
    /// last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max],
    /// rate (repeatable; default: count)
    #[arg(long, value_name = "SPEC", help_heading = "Aggregation")]
    agg: Vec<String>,
    /// final, updates (early records after every change) or periodic:DUR
    #[arg(
        long,
        value_name = "MODE",
        default_value = "final",
        help_heading = "Output"
    )]
    emit: String,
    /// records, or partial (mergeable states for `window merge`)
    #[arg(
        long,
        value_name = "MODE",
        default_value = "records",
        help_heading = "Output"
    )]
    output: OutputMode,
    /// json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "json",
        help_heading = "Output"
    )]
    partial_format: PartialFormat,
    /// Emit zero-count windows between a key's first and last non-empty window (tumbling, hopping)
    #[arg(long, help_heading = "Output")]
    fill_empty: bool,
    /// Limit of live (window, key) groups
    #[arg(long, value_name = "N", help_heading = "Limits")]
    max_groups: Option<usize>,
    /// At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")
    #[arg(
        long,
        value_name = "POLICY",
        default_value = "fail",
        help_heading = "Limits"
    )]
    on_overflow: Overflow,
}

/// `--time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimeMode {
    /// Event time from --time-field.
    Event,
    /// The wall clock when the line was read.
    Processing,
}

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputMode {
    /// Aggregate values.
    Records,
    /// Mergeable partial states.
    Partial,
}

/// `--partial-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PartialFormat {
    /// One JSON object per line.
    Json,
    /// `KEY<TAB>JSON`.
    Tsv,
}

/// `--on-overflow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Overflow {
    /// Exit 3.
    Fail,
    /// Emit the least recently updated group as "evicted".
    EmitEarly,
}

/// `tumbling` options.
#[derive(Debug, clap::Args)]
pub struct TumblingArgs {
    /// Window size (ns us ms s m h d w; mo and y with --tz)
    #[arg(long, value_name = "DUR")]
    size: String,
    /// Shift the alignment by DUR (any sign; e.g. -8h for Shanghai midnight)
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "origin"
    )]
    offset: Option<String>,
    /// Align windows to this instant instead of the epoch
    #[arg(long, value_name = "TS")]
    origin: Option<String>,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `hopping` options.
#[derive(Debug, clap::Args)]
pub struct HoppingArgs {
    /// Window size
    #[arg(long, value_name = "DUR")]
    size: String,
    /// Distance between window starts
    #[arg(long, value_name = "DUR")]
    slide: String,
    /// Shift the alignment by DUR
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "origin"
    )]
    offset: Option<String>,
    /// Align windows to this instant instead of the epoch
    #[arg(long, value_name = "TS")]
    origin: Option<String>,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `cumulate` options.
#[derive(Debug, clap::Args)]
pub struct CumulateArgs {
    /// The enclosing window's size (a multiple of --step)
    #[arg(long, value_name = "DUR")]
    size: String,
    /// How much each window grows
    #[arg(long, value_name = "DUR")]
    step: String,
    /// Shift the alignment by DUR
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    offset: Option<String>,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `session` options.
#[derive(Debug, clap::Args)]
pub struct SessionArgs {
    /// Inactivity gap that closes a session
    #[arg(long, value_name = "DUR")]
    gap: String,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `count` options.
#[derive(Debug, clap::Args)]
pub struct CountArgs {
    /// Records per window
    #[arg(long, value_name = "N")]
    size: u64,
    /// Emit every N records over the last --size records
    #[arg(long, value_name = "N")]
    slide: Option<u64>,
    /// Do not emit the trailing incomplete window at end of input
    #[arg(long)]
    drop_partial: bool,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `rolling` options.
#[derive(Debug, clap::Args)]
pub struct RollingArgs {
    /// The frame is the last N records of the key (the current one included)
    #[arg(
        long,
        value_name = "N",
        conflicts_with = "range",
        required_unless_present = "range"
    )]
    rows: Option<usize>,
    /// The frame is the key's records with t - DUR <= t_i <= t
    #[arg(long, value_name = "DUR")]
    range: Option<String>,
    /// Suppress rows whose frame has fewer than N records
    #[arg(long, value_name = "N", default_value = "0")]
    min_rows: usize,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `global` options.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    input: Inputs,
}

/// `merge` options.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// records (final values), or partial (merged states: a combiner)
    #[arg(long, value_name = "MODE", default_value = "records")]
    output: OutputMode,
    /// json, or tsv (input and output lines are `KEY<TAB>JSON`)
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    partial_format: PartialFormat,
    #[command(flatten)]
    input: Inputs,
}

/// `sliding` (rejected with a suggestion).
#[derive(Debug, clap::Args)]
pub struct SlidingArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    rest: Vec<String>,
}

/// `sliding` takes no input files (it is rejected before reading).
static NO_INPUTS: Inputs = Inputs { files: Vec::new() };

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        match self.kind.as_ref() {
            Kind::Tumbling(a) => &a.input,
            Kind::Hopping(a) => &a.input,
            Kind::Cumulate(a) => &a.input,
            Kind::Session(a) => &a.input,
            Kind::Count(a) => &a.input,
            Kind::Rolling(a) => &a.input,
            Kind::Global(a) => &a.input,
            Kind::Merge(a) => &a.input,
            Kind::Sliding(_) => &NO_INPUTS,
        }
    }
}

impl Args {
    /// True for `window merge --partial-format tsv`, whose input lines are `KEY<TAB>JSON`.
    pub fn reads_tsv_partials(&self) -> bool {
        matches!(self.kind.as_ref(), Kind::Merge(m) if m.partial_format == PartialFormat::Tsv)
    }

    /// `window global --agg count --by ...`: the `count` stage.
    pub fn count_by(by: Vec<String>, input: Inputs) -> Args {
        Args {
            kind: Box::new(Kind::Global(GlobalArgs {
                common: Common::plain(by, vec!["count".into()]),
                input,
            })),
        }
    }
}

impl Common {
    fn plain(by: Vec<String>, agg: Vec<String>) -> Common {
        Common {
            time_field: None,
            time: TimeMode::Event,
            time_format: "auto".into(),
            tz: None,
            out_time_format: "auto".into(),
            out_tz: None,
            max_delay: "0s".into(),
            allowed_lateness: "0s".into(),
            late: "drop".into(),
            idle_timeout: None,
            max_jump: "1d".into(),
            max_future: None,
            on_bad_time: "skip".into(),
            by,
            agg,
            emit: "final".into(),
            output: OutputMode::Records,
            partial_format: PartialFormat::Json,
            fill_empty: false,
            max_groups: None,
            on_overflow: Overflow::Fail,
        }
    }
}

/// Where records go that a policy sends to a file (`--late file:`, `--on-bad-time file:`).
pub struct SideFile {
    path: String,
    writer: BufWriter<File>,
}

impl SideFile {
    /// Creates (truncates) the file now, so an empty file means "none".
    pub fn create(path: &str) -> Result<SideFile> {
        let f = File::create(path).map_err(|e| Error::runtime(format!("{path}: {e}")))?;
        Ok(SideFile {
            path: path.to_owned(),
            writer: BufWriter::new(f),
        })
    }

    /// Appends one original line.
    pub fn write_line(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.write_all(b"\n"))
            .map_err(|e| Error::runtime(format!("{}: {e}", self.path)))
    }

    /// Flushes to disk.
    pub fn flush(&mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::runtime(format!("{}: {e}", self.path)))
    }

    /// The file name.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// What happens to a late record or a bad timestamp.
pub enum Policy {
    /// Count and report (skip / drop).
    Drop,
    /// Write the original line to a file.
    File(SideFile),
    /// Stop with exit status 3.
    Fail,
}

fn parse_policy(text: &str, option: &str, drop_word: &str) -> Result<Policy, String> {
    if text == drop_word {
        return Ok(Policy::Drop);
    }
    if text == "fail" {
        return Ok(Policy::Fail);
    }
    match text.strip_prefix("file:") {
        Some(p) if !p.is_empty() => {
            Ok(Policy::File(SideFile::create(p).map_err(|e| {
                e.to_string().trim_start_matches("eddy: ").to_owned()
            })?))
        }
        _ => Err(format!(
            "invalid {option} `{text}` (expected {drop_word}, file:PATH or fail)"
        )),
    }
}

/// Builds the stage.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let usage = |m: String| -> Error { Error::Usage(ctx.usage("window", m)) };
    match *args.kind {
        Kind::Sliding(_) => Err(usage(
            "there is no `window sliding`: use `window hopping --size DUR --slide DUR` (aligned, overlapping windows) or `window rolling --rows N | --range DUR` (a trailing window per record)".into(),
        )),
        Kind::Merge(m) => Ok(Box::new(merge::Merge::new(
            m.output == OutputMode::Partial,
            m.partial_format == PartialFormat::Tsv,
        ))),
        Kind::Count(c) => {
            let plan = build_plan(&c.common, "count", &["seq_start", "seq_end"]).map_err(usage)?;
            refuse_partial(&c.common, "count").map_err(usage)?;
            refuse_firing_options(&c.common, "count").map_err(usage)?;
            if c.size == 0 {
                return Err(usage("--size must be at least 1".into()));
            }
            if c.slide == Some(0) {
                return Err(usage("--slide must be at least 1".into()));
            }
            Ok(Box::new(seq::CountWindows::new(plan, c.size, c.slide, c.drop_partial)))
        }
        Kind::Rolling(r) => {
            let plan = build_plan(&r.common, "rolling", &[]).map_err(usage)?;
            refuse_partial(&r.common, "rolling").map_err(usage)?;
            refuse_firing_options(&r.common, "rolling").map_err(usage)?;
            match (r.rows, &r.range) {
                (Some(0), _) => Err(usage("--rows must be at least 1".into())),
                (Some(n), _) => Ok(Box::new(seq::RollingRows::new(plan, n, r.min_rows))),
                (None, Some(range)) => {
                    let d = parse_duration(range).map_err(usage)?;
                    if d < 0 {
                        return Err(usage("--range must not be negative".into()));
                    }
                    let time = build_time(&r.common).map_err(usage)?;
                    let late = parse_policy(&r.common.late, "--late", "drop").map_err(usage)?;
                    let bad = parse_policy(&r.common.on_bad_time, "--on-bad-time", "skip")
                        .map_err(usage)?;
                    let max_delay = match r.common.max_delay.as_str() {
                        "inf" => None,
                        text => Some(
                            parse_duration(text)
                                .map_err(|e| usage(format!("--max-delay: {e}")))?
                                .max(0),
                        ),
                    };
                    Ok(Box::new(seq::RollingRange::new(
                        plan, d, max_delay, r.min_rows, time, late, bad,
                    )))
                }
                (None, None) => Err(usage("rolling needs --rows N or --range DUR".into())),
            }
        }
        Kind::Tumbling(a) => {
            let size = size_align(&a.size, a.offset.as_deref(), a.origin.as_deref(), &a.common, "--size")
                .map_err(usage)?;
            build_time_windows(&a.common, ctx, "tumbling", Assign::Tumbling(size))
        }
        Kind::Hopping(a) => {
            let size = parse_positive(&a.size, "--size").map_err(usage)?;
            let slide = size_align(&a.slide, a.offset.as_deref(), a.origin.as_deref(), &a.common, "--slide")
                .map_err(usage)?;
            let Align::Fixed { size: slide_ns, .. } = slide else {
                return Err(usage("hopping windows need absolute sizes (calendar units are for tumbling and cumulate)".into()));
            };
            if size / slide_ns > 1000 {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "eddy: warning: stage {} (window): --size/--slide is {}: every record updates that many windows",
                    ctx.index,
                    size / slide_ns
                );
            }
            build_time_windows(&a.common, ctx, "hopping", Assign::Hopping { size, slide })
        }
        Kind::Cumulate(a) => {
            let outer = size_align(&a.size, a.offset.as_deref(), None, &a.common, "--size").map_err(usage)?;
            let step = parse_positive(&a.step, "--step").map_err(usage)?;
            if let Align::Fixed { size, .. } = outer
                && size % step != 0
            {
                return Err(usage("cumulate --size must be a multiple of --step".into()));
            }
            build_time_windows(&a.common, ctx, "cumulate", Assign::Cumulate { outer, step })
        }
        Kind::Session(a) => {
            let gap = parse_positive(&a.gap, "--gap").map_err(usage)?;
            if a.common.fill_empty {
                return Err(usage("--fill-empty applies to tumbling and hopping windows".into()));
            }
            build_time_windows(&a.common, ctx, "session", Assign::Session(gap))
        }
        Kind::Global(a) => build_time_windows(&a.common, ctx, "global", Assign::Global),
    }
}

fn parse_positive(text: &str, option: &str) -> Result<i64, String> {
    let d = parse_duration(text).map_err(|e| format!("{option}: {e}"))?;
    if d <= 0 {
        return Err(format!("{option} must be positive"));
    }
    Ok(d)
}

/// A size with its alignment: calendar units with --tz (and mo/y), else absolute with an offset.
fn size_align(
    text: &str,
    offset: Option<&str>,
    origin: Option<&str>,
    common: &Common,
    option: &str,
) -> Result<Align, String> {
    let zone = common.tz.as_deref().map(parse_time_zone).transpose()?;
    if let Some((unit, n)) = calendar_unit(text, zone.is_some()) {
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
        return Ok(Align::Calendar { unit, n, tz });
    }
    let size = parse_positive(text, option)?;
    let mut off = match offset {
        Some(o) => parse_duration(o).map_err(|e| format!("--offset: {e}"))?,
        None => 0,
    };
    if let Some(o) = origin {
        let tz = zone.clone().unwrap_or(TimeZone::UTC);
        let v = crate::value::Value::from(o);
        off = timefmt::parse_timestamp(&v, &TimeFormat::Rfc3339, &tz)
            .or_else(|_| timefmt::parse_timestamp(&v, &TimeFormat::EpochS, &tz))
            .map_err(|e| format!("--origin: {e}"))?;
    }
    // Without a zone, weeks are aligned to Monday 1970-01-05 (not Thursday 1970-01-01).
    if offset.is_none() && origin.is_none() && text.trim_end().ends_with('w') {
        off = 4 * 86_400 * 1_000_000_000;
    }
    Ok(Align::Fixed { size, offset: off })
}

/// `count` and `rolling` windows have no watermark-driven firing: refuse the options that
/// would silently do nothing.
fn refuse_firing_options(common: &Common, kind: &str) -> Result<(), String> {
    let unused = [
        (common.emit != "final", "--emit"),
        (common.allowed_lateness != "0s", "--allowed-lateness"),
        (common.idle_timeout.is_some(), "--idle-timeout"),
        (common.fill_empty, "--fill-empty"),
        (common.max_groups.is_some(), "--max-groups"),
    ];
    match unused.iter().find(|(used, _)| *used) {
        Some((_, option)) => Err(format!("{option} does not apply to {kind} windows")),
        None => Ok(()),
    }
}

fn refuse_partial(common: &Common, kind: &str) -> Result<(), String> {
    if common.output == OutputMode::Partial {
        return Err(format!(
            "--output partial is not possible for {kind} windows (they depend on the global order of records)"
        ));
    }
    Ok(())
}

/// Keys and aggregates, with the name checks of C7.
fn build_plan(common: &Common, kind: &'static str, window_fields: &[&str]) -> Result<Plan, String> {
    let mut keys = Vec::new();
    let mut key_names = Vec::new();
    for k in &common.by {
        let p = Path::parse(k).map_err(|e| format!("--by {k}: {e}"))?;
        key_names.push(p.flat_name());
        keys.push(p);
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
                "output field `{n}` is used twice (rename an aggregate with NAME=FUNC:FIELD)"
            ));
        }
        seen.push(n);
    }
    Ok(Plan {
        kind,
        keys,
        key_names,
        aggs,
        partial: common.output == OutputMode::Partial,
        tsv: common.partial_format == PartialFormat::Tsv,
        time_out: TimeOut::None,
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

fn build_time(common: &Common) -> Result<TimeSpec, String> {
    let field = match (common.time, &common.time_field) {
        (TimeMode::Processing, _) => None,
        (TimeMode::Event, Some(f)) => {
            Some(Path::parse(f).map_err(|e| format!("--time-field {f}: {e}"))?)
        }
        (TimeMode::Event, None) => None,
    };
    let format: TimeFormat = common.time_format.parse()?;
    let tz = match &common.tz {
        Some(z) => parse_time_zone(z)?,
        None => TimeZone::UTC,
    };
    let out_tz = common.out_tz.as_deref().map(parse_time_zone).transpose()?;
    let out = match common.out_time_format.as_str() {
        "auto" => None,
        other => Some(OutTime::parse(other, out_tz.clone())?),
    };
    Ok(TimeSpec {
        field,
        format,
        tz,
        tz_given: common.tz.is_some(),
        out,
        out_tz,
    })
}

fn build_time_windows(
    common: &Common,
    ctx: &BuildContext,
    kind: &'static str,
    assign: Assign,
) -> Result<Box<dyn Stage>> {
    let usage = |m: String| -> Error { Error::Usage(ctx.usage("window", m)) };
    let global = matches!(assign, Assign::Global);
    let fields: &[&str] = if global {
        &[]
    } else {
        &["window_start", "window_end"]
    };
    let mut plan = build_plan(common, kind, fields).map_err(usage)?;
    let time = build_time(common).map_err(usage)?;
    let max_delay = match common.max_delay.as_str() {
        "inf" => None,
        d => {
            let v = parse_duration(d).map_err(|e| usage(format!("--max-delay: {e}")))?;
            if v < 0 {
                return Err(usage("--max-delay must not be negative".into()));
            }
            Some(v)
        }
    };
    let lateness = parse_duration(&common.allowed_lateness)
        .map_err(|e| usage(format!("--allowed-lateness: {e}")))?;
    if lateness < 0 {
        return Err(usage("--allowed-lateness must not be negative".into()));
    }
    let emit = match common.emit.as_str() {
        "final" => EmitMode::Final,
        "updates" => EmitMode::Updates,
        other => match other.strip_prefix("periodic:") {
            Some(d) => EmitMode::Periodic(parse_positive(d, "--emit periodic").map_err(usage)?),
            None => {
                return Err(usage(format!(
                    "invalid --emit `{other}` (expected final, updates or periodic:DUR)"
                )));
            }
        },
    };
    if plan.partial {
        if emit != EmitMode::Final {
            return Err(usage(
                "--output partial needs --emit final (partials are final states)".into(),
            ));
        }
        if lateness > 0 {
            return Err(usage("--output partial cannot be combined with --allowed-lateness (partials are final states)".into()));
        }
    }
    if common.fill_empty && !matches!(assign, Assign::Tumbling(_) | Assign::Hopping { .. }) {
        return Err(usage(
            "--fill-empty applies to tumbling and hopping windows".into(),
        ));
    }
    let idle = common
        .idle_timeout
        .as_deref()
        .map(|d| parse_positive(d, "--idle-timeout"))
        .transpose()
        .map_err(usage)?;
    let max_jump = parse_positive(&common.max_jump, "--max-jump").map_err(usage)?;
    let max_future = common
        .max_future
        .as_deref()
        .map(|d| parse_duration(d).map_err(|e| format!("--max-future: {e}")))
        .transpose()
        .map_err(usage)?;
    if common.max_groups == Some(0) {
        return Err(usage("--max-groups must be at least 1".into()));
    }
    let late = parse_policy(&common.late, "--late", "drop").map_err(usage)?;
    let bad_time = parse_policy(&common.on_bad_time, "--on-bad-time", "skip").map_err(usage)?;
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
    Ok(Box::new(Engine::new(engine::Settings {
        plan,
        assign,
        time,
        processing,
        max_delay,
        lateness,
        emit,
        idle,
        max_jump,
        max_future,
        late,
        bad_time,
        fill_empty: common.fill_empty,
        max_groups: common.max_groups,
        evict: common.on_overflow == Overflow::EmitEarly,
        clock: ctx.clock.clone(),
    })))
}

#[cfg(test)]
mod tests;
