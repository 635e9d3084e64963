//! The command line of `window`: the kinds and their options, as clap parses them. Each
//! option's value is typed by its parser in `options.rs`; `validate` in `mod.rs` checks the
//! rules between options.

use jiff::tz::TimeZone;

use crate::ops::by::{self, Keys};
use crate::ops::{Example, Inputs, StageArgs};
use crate::path::Path;
use crate::time::TimeFormat;

use super::options::{self, EmitMode, MaxDelay, OutTimeFormat, PolicyChoice, Size, Typed};

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
--range buffers the records in range; distinct, percentiles and collect keep their values.";

/// What `eddy window --help` and eddy-window(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "requests and their 95th percentile latency per minute and status",
        "eddy window tumbling --size 1m --time-field ts --max-delay inf --by status --agg count --agg p95:latency_ms access.ndjson",
    ),
    Example::new(
        "a live count per service every 10 seconds, closed when the log is quiet",
        "tail -F events.ndjson | eddy window tumbling --size 10s --time-field ts --max-delay 2s --idle-timeout 5s --by service --agg count",
    ),
    Example::new(
        "sessions per user, closed after 30 minutes without events",
        "eddy window session --gap 30m --time-field ts --max-delay 1m --by user --agg count --agg first:msg --agg last:msg events.ndjson",
    ),
    Example::new(
        "each event with the mean latency of its host's last five",
        "eddy window rolling --rows 5 --by host --agg mean:latency_ms access.ndjson",
    ),
];

/// The examples of `window tumbling`.
const TUMBLING: &[Example] = &[
    Example::new(
        "events and bytes every 10 seconds",
        "eddy window tumbling --size 10s --time-field ts --agg count --agg sum:bytes access.ndjson",
    ),
    Example::new(
        "requests and their 95th percentile latency per minute and status",
        "eddy window tumbling --size 1m --time-field ts --max-delay inf --by status --agg count --agg p95:latency_ms access.ndjson",
    ),
    Example::new(
        "daily bytes in Berlin's days, late events to a file, exit 4 if any",
        "eddy window tumbling --size 1d --tz Europe/Berlin --time-field ts --max-delay 10m --late file:late.ndjson --strict --agg sum:bytes access.ndjson",
    ),
    Example::new(
        "days that start at 16:00 UTC",
        "eddy window tumbling --size 1d --offset -8h --time-field ts --agg count access.ndjson",
    ),
];

/// The examples of `window hopping`.
const HOPPING: &[Example] = &[
    Example::new(
        "1-minute windows every 30 seconds",
        "eddy window hopping --size 1m --slide 30s --time-field ts --agg count access.ndjson",
    ),
    Example::new(
        "the mean latency per host over the last two minutes, every minute",
        "eddy window hopping --size 2m --slide 1m --time-field ts --by host --agg mean:latency_ms access.ndjson",
    ),
];

/// The examples of `window cumulate`.
const CUMULATE: &[Example] = &[
    Example::new(
        "distinct users so far each day, hour by hour",
        "eddy window cumulate --size 1d --step 1h --tz UTC --time-field ts --agg approx_distinct:user events.ndjson",
    ),
    Example::new(
        "bytes so far each minute, every 20 seconds",
        "eddy window cumulate --size 1m --step 20s --time-field ts --agg sum:bytes access.ndjson",
    ),
];

/// The examples of `window session`.
const SESSION: &[Example] = &[
    Example::new(
        "sessions per user, closed after 30 minutes without events",
        "eddy window session --gap 30m --time-field ts --max-delay 1m --by user --agg count --agg first:msg --agg last:msg events.ndjson",
    ),
    Example::new(
        "counts per host, updated while its session lasts",
        "eddy window session --gap 5s --time-field ts --by host --agg count --emit updates access.ndjson",
    ),
];

/// The examples of `window count`.
const COUNT: &[Example] = &[
    Example::new(
        "every 3 events: how many, and their bytes",
        "eddy window count --size 3 --agg count --agg sum:bytes access.ndjson",
    ),
    Example::new(
        "the mean latency of 4 events per host, every 2",
        "eddy window count --size 4 --slide 2 --by host --agg mean:latency_ms access.ndjson",
    ),
];

/// The examples of `window rolling`.
const ROLLING: &[Example] = &[
    Example::new(
        "each event with the mean latency of its host's last five",
        "eddy window rolling --rows 5 --by host --agg mean:latency_ms access.ndjson",
    ),
    Example::new(
        "each event with the mean latency of its host's last five minutes",
        "eddy window rolling --range 5m --time-field ts --by host --agg mean:latency_ms access.ndjson",
    ),
];

/// The examples of `window global`.
const GLOBAL: &[Example] = &[
    Example::new(
        "one count for the whole input",
        "eddy window global --agg count access.ndjson",
    ),
    Example::new(
        "per host: events and the 99th percentile latency",
        "eddy window global --by host --agg count --agg p99:latency_ms access.ndjson",
    ),
];

/// The examples of `window merge`.
const MERGE: &[Example] = &[Example::new(
    "partial states written by one process, merged by another",
    "eddy window tumbling --size 1m --time-field ts --agg count --output partial access.ndjson | eddy window merge",
)];

/// The examples of the window kind `kind` (`tumbling`), for its `--help` and man page.
pub fn kind_examples(kind: &str) -> &'static [Example] {
    match kind {
        "tumbling" => TUMBLING,
        "hopping" => HOPPING,
        "cumulate" => CUMULATE,
        "session" => SESSION,
        "count" => COUNT,
        "rolling" => ROLLING,
        "global" => GLOBAL,
        "merge" => MERGE,
        _ => &[],
    }
}

/// Windowed aggregation: tumbling, hopping, cumulate, session, count, rolling and global windows
///
/// Groups events into windows by event time (a field, --time-field) or processing time, per key
/// (--by), and emits one record per window and key with the aggregates (--agg) when the
/// watermark passes the window's end. Holds state: see "State" below.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP, subcommand_value_name = "KIND", subcommand_help_heading = "Kinds")]
pub struct Args {
    #[command(subcommand)]
    pub(super) kind: Box<Kind>,
}

/// The window kinds.
#[derive(Debug, clap::Subcommand)]
pub enum Kind {
    /// Fixed, non-overlapping windows of --size
    Tumbling(TumblingArgs),
    /// Overlapping fixed windows of --size starting every --slide
    #[command(
        after_help = "Every record belongs to size/slide windows; with --slide larger than --size records in
the gaps belong to no window (counted as unassigned, not late). Windows that start before the
first record are emitted (e.g. [95,105) for a record at 100 with --size 10s --slide 5s).
size/slide above 1000 gets a warning; above 10000 it is a usage error (every record would
update that many windows)."
    )]
    Hopping(HoppingArgs),
    /// Windows growing by --step within a fixed window of --size (day-so-far totals)
    #[command(
        after_help = "For a record at t with a = start of its --size window, the windows are
[a, a+step), [a, a+2*step), ... [a, a+size) from the first that contains t. size/step may be
at most 10000 (a calendar --size counts at its longest: 31 days for a month)."
    )]
    Cumulate(CumulateArgs),
    /// Activity sessions per key, closed after --gap of inactivity
    #[command(
        after_help = "A record at t opens [t, t+gap); sessions that overlap or touch merge, so
records at most --gap apart share a session; a session is [first, last+gap). A session that
was emitted and purged is final: a later record touching it is late."
    )]
    Session(SessionArgs),
    /// Windows of every --size records per key (arrival order, no time)
    #[command(
        after_help = "Emits seq_start and seq_end (1-based, half-open, per key). At end of input
the trailing incomplete window is emitted unless --drop-partial."
    )]
    Count(CountArgs),
    /// A trailing frame per record: the last --rows N records, or --range DUR of event time
    #[command(
        after_help = "Each input record is re-emitted with the aggregates of its frame appended (SQL
OVER ... ROWS N-1 PRECEDING / RANGE DUR PRECEDING). --range releases records in event-time order
once the watermark passes them; equal timestamps are peers with identical results."
    )]
    Rolling(RollingArgs),
    /// One window per key for the whole input (emitted at end of input)
    #[command(
        after_help = "Without --by, emits exactly one record even for empty input ({\"count\":0})."
    )]
    Global(GlobalArgs),
    /// Merge partial states written with --output partial (the reducer)
    #[command(
        after_help = "Groups partial records by window and key, merges their states and writes what a
single pass would have written, byte for byte; sessions of a key that overlap or touch are
merged. Needs no other options: partial states are self-describing."
    )]
    Merge(MergeArgs),
    /// (not a kind: use `hopping` or `rolling`)
    #[command(hide = true)]
    Sliding(SlidingArgs),
}

/// Options shared by the kinds.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Field holding the event time (a path); time windows need it or --time processing
    #[arg(long, value_parser = Typed(options::field_path), value_name = "PATH", help_heading = "Time")]
    pub(super) time_field: Option<Path>,
    /// event (from --time-field) or processing (the wall clock when the line was read)
    #[arg(
        long,
        value_name = "MODE",
        default_value = "event",
        help_heading = "Time"
    )]
    pub(super) time: TimeMode,
    /// auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT
    #[arg(
        value_parser = Typed(options::time_format),
        long,
        value_name = "FORMAT",
        default_value = "auto",
        help_heading = "Time"
    )]
    pub(super) time_format: TimeFormat,
    /// IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units
    #[arg(long, value_parser = Typed(options::time_zone), value_name = "ZONE", help_heading = "Time")]
    pub(super) tz: Option<TimeZone>,
    /// How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT
    #[arg(
        value_parser = Typed(options::out_time_format),
        long,
        value_name = "FORMAT",
        default_value = "auto",
        help_heading = "Time"
    )]
    pub(super) out_time_format: OutTimeFormat,
    /// Write RFC 3339 window bounds with this zone's offset instead of Z
    #[arg(long, value_parser = Typed(options::time_zone), value_name = "ZONE", help_heading = "Time")]
    pub(super) out_tz: Option<TimeZone>,
    /// Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)
    #[arg(
        value_parser = Typed(options::max_delay),
        long,
        value_name = "DUR",
        default_value = "0s",
        help_heading = "Lateness"
    )]
    pub(super) max_delay: MaxDelay,
    /// After a window fired, records within this much still update it (emitted as "late")
    #[arg(
        value_parser = Typed(options::non_negative),
        long,
        value_name = "DUR",
        default_value = "0s",
        help_heading = "Lateness"
    )]
    pub(super) allowed_lateness: i64,
    /// Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)
    #[arg(
        value_parser = Typed(options::late_policy),
        long,
        value_name = "POLICY",
        default_value = "drop",
        help_heading = "Lateness"
    )]
    pub(super) late: PolicyChoice,
    /// When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)
    #[arg(long, value_parser = Typed(options::positive), value_name = "DUR", help_heading = "Lateness")]
    pub(super) idle_timeout: Option<i64>,
    /// Warn when a record moves the latest time forward by more than DUR
    #[arg(
        value_parser = Typed(options::positive),
        long,
        value_name = "DUR",
        default_value = "1d",
        help_heading = "Lateness"
    )]
    pub(super) max_jump: i64,
    /// Treat records more than DUR ahead of the wall clock as bad timestamps
    #[arg(long, value_parser = Typed(options::duration), value_name = "DUR", help_heading = "Lateness")]
    pub(super) max_future: Option<i64>,
    /// Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)
    #[arg(
        value_parser = Typed(options::bad_time_policy),
        long,
        value_name = "POLICY",
        default_value = "skip",
        help_heading = "Lateness"
    )]
    pub(super) on_bad_time: PolicyChoice,
    /// Group by these keys (comma-separated): field paths, or expressions (`lower(host)`,
    /// `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by
    /// its path, its text, or NAME=KEY; repeatable
    #[arg(
        long,
        value_name = "KEY,...",
        value_parser = by::parse,
        help_heading = "Aggregation"
    )]
    pub(super) by: Vec<Keys>,
    /// [NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first,
    /// last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max],
    /// rate (repeatable; default: count). Null and missing values are left out; the values a
    /// numeric aggregate skipped as not numbers (text such as NA) are reported on stderr
    #[arg(long, value_name = "SPEC", help_heading = "Aggregation")]
    pub(super) agg: Vec<String>,
    /// final, updates (early records after every change) or periodic:DUR
    #[arg(
        value_parser = Typed(options::emit_mode),
        long,
        value_name = "MODE",
        default_value = "final",
        help_heading = "Output"
    )]
    pub(super) emit: EmitMode,
    /// records, or partial (mergeable states for `window merge`)
    #[arg(
        long,
        value_name = "MODE",
        default_value = "records",
        help_heading = "Output"
    )]
    pub(super) output: OutputMode,
    /// json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark; with
    /// --output partial)
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "json",
        help_heading = "Output"
    )]
    pub(super) partial_format: PartialFormat,
    /// Emit zero-count windows between a key's first and last non-empty window (tumbling, hopping;
    /// not with --output partial)
    #[arg(long, help_heading = "Output")]
    pub(super) fill_empty: bool,
    /// Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not
    /// filled (a warning; --strict: exit 4)
    #[arg(long, value_name = "N", help_heading = "Limits")]
    pub(super) max_fill: Option<u64>,
    /// Limit of live (window, key) groups
    #[arg(long, value_name = "N", help_heading = "Limits")]
    pub(super) max_groups: Option<usize>,
    /// At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")
    #[arg(
        long,
        value_name = "POLICY",
        default_value = "fail",
        help_heading = "Limits"
    )]
    pub(super) on_overflow: Overflow,
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
    #[arg(long, value_parser = Typed(options::size), value_name = "DUR")]
    pub(super) size: Size,
    /// Shift the alignment by DUR (any sign; e.g. -8h for Shanghai midnight)
    #[arg(
        value_parser = Typed(options::duration),
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "origin"
    )]
    pub(super) offset: Option<i64>,
    /// Align windows to this instant instead of the epoch
    #[arg(long, value_name = "TS")]
    pub(super) origin: Option<String>,
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
}

/// `hopping` options.
#[derive(Debug, clap::Args)]
pub struct HoppingArgs {
    /// Window size
    #[arg(long, value_parser = Typed(options::positive), value_name = "DUR")]
    pub(super) size: i64,
    /// Distance between window starts
    #[arg(long, value_parser = Typed(options::size), value_name = "DUR")]
    pub(super) slide: Size,
    /// Shift the alignment by DUR
    #[arg(
        value_parser = Typed(options::duration),
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "origin"
    )]
    pub(super) offset: Option<i64>,
    /// Align windows to this instant instead of the epoch
    #[arg(long, value_name = "TS")]
    pub(super) origin: Option<String>,
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
}

/// `cumulate` options.
#[derive(Debug, clap::Args)]
pub struct CumulateArgs {
    /// The enclosing window's size (a multiple of --step)
    #[arg(long, value_parser = Typed(options::size), value_name = "DUR")]
    pub(super) size: Size,
    /// How much each window grows
    #[arg(long, value_parser = Typed(options::positive), value_name = "DUR")]
    pub(super) step: i64,
    /// Shift the alignment by DUR
    #[arg(long, value_parser = Typed(options::duration), value_name = "DUR", allow_hyphen_values = true)]
    pub(super) offset: Option<i64>,
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
}

/// `session` options.
#[derive(Debug, clap::Args)]
pub struct SessionArgs {
    /// Inactivity gap that closes a session
    #[arg(long, value_parser = Typed(options::positive), value_name = "DUR")]
    pub(super) gap: i64,
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
}

/// `count` options.
#[derive(Debug, clap::Args)]
pub struct CountArgs {
    /// Records per window
    #[arg(long, value_name = "N")]
    pub(super) size: u64,
    /// Emit every N records over the last --size records
    #[arg(long, value_name = "N")]
    pub(super) slide: Option<u64>,
    /// Do not emit the trailing incomplete window at end of input
    #[arg(long)]
    pub(super) drop_partial: bool,
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
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
    pub(super) rows: Option<usize>,
    /// The frame is the key's records with t - DUR <= t_i <= t
    #[arg(long, value_parser = Typed(options::non_negative), value_name = "DUR")]
    pub(super) range: Option<i64>,
    /// Suppress rows whose frame has fewer than N records
    #[arg(long, value_name = "N", default_value = "0")]
    pub(super) min_rows: usize,
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
}

/// `global` options.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) input: Inputs,
}

/// `merge` options.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// records (final values), or partial (merged states: a combiner)
    #[arg(long, value_name = "MODE", default_value = "records")]
    pub(super) output: OutputMode,
    /// json, or tsv (input and output lines are `KEY<TAB>JSON`)
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub(super) partial_format: PartialFormat,
    /// The input is sorted by the TSV key (`LC_ALL=C sort -t$'\t' -k1,1`, a Hadoop or Spark
    /// shuffle): stream, writing each group when its key ends and holding only that group;
    /// sessions come out key by key; a key out of order is an error (exit 3). Needs
    /// --partial-format tsv
    #[arg(long)]
    pub(super) sorted: bool,
    #[command(flatten)]
    pub(super) input: Inputs,
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
    /// `window global --agg count --by ... --output ... --partial-format ...`: the `count`
    /// stage.
    pub fn count_by(
        by: Vec<Keys>,
        output: OutputMode,
        partial_format: PartialFormat,
        input: Inputs,
    ) -> Args {
        let mut common = Common::plain(by, vec!["count".into()]);
        common.output = output;
        common.partial_format = partial_format;
        Args {
            kind: Box::new(Kind::Global(GlobalArgs { common, input })),
        }
    }
}

impl Common {
    fn plain(by: Vec<Keys>, agg: Vec<String>) -> Common {
        Common {
            time_field: None,
            time: TimeMode::Event,
            time_format: TimeFormat::Auto,
            tz: None,
            out_time_format: OutTimeFormat::Auto,
            out_tz: None,
            max_delay: MaxDelay::Bounded(0),
            allowed_lateness: 0,
            late: PolicyChoice::Drop,
            idle_timeout: None,
            max_jump: 86_400 * 1_000_000_000,
            max_future: None,
            on_bad_time: PolicyChoice::Drop,
            by,
            agg,
            emit: EmitMode::Final,
            output: OutputMode::Records,
            partial_format: PartialFormat::Json,
            fill_empty: false,
            max_fill: None,
            max_groups: None,
            on_overflow: Overflow::Fail,
        }
    }
}
