//! The command line: global options, the split of argv into stages at `then`, and parsing each
//! segment with clap.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diag::OnError;
use crate::error::{Error, Result, UsageError, exit};
use crate::expr::doc::wrap;
use crate::input::InputFormat;
use crate::input::filename::FileField;
use crate::input::multiline::{self, Multiline};
use crate::ops::{Example, StageCommand};
use crate::output::OutputFormat;

const ABOUT: &str = "Stream processor for the Unix pipe: filter, reshape and window events";

const LONG_ABOUT: &str = "\
eddy reads newline-delimited events (NDJSON; CSV, TSV, logfmt, web-server, syslog and Zeek logs, \
plain lines; gzip and zstd looked through) from files or stdin, runs a chain of stages separated \
by `then`, and writes the results to stdout as they are ready: a window's result when the window \
closes, not at end of input.";

const AFTER_HELP: &str = "\
`eddy help STAGE` shows a stage's options, as `eddy STAGE --help` does; `eddy help expr`
describes the expression language of filter, map and --by (man eddy-expr).";

/// What `eddy --help` and eddy(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new("server errors", "eddy filter 'status >= 500' access.ndjson"),
    Example::new(
        "the time and message of each error in a live log",
        r#"tail -F events.ndjson | eddy filter 'level == "error"' then select ts,msg"#,
    ),
    Example::new(
        "the first five events, with a field computed",
        "eddy head 5 then map 'latency_s = latency_ms / 1000' access.ndjson",
    ),
    Example::new(
        "requests per status and minute, with their 95th percentile latency",
        "eddy window tumbling --size 1m --time-field ts --by status --agg count --agg p95:latency_ms access.ndjson",
    ),
];

/// The exit statuses, for `eddy --help` and the EXIT STATUS section of eddy(1).
pub const EXIT_STATUS: &[(i32, &str)] = &[
    (
        exit::OK,
        "success, also when the reader of the output went away",
    ),
    (
        exit::NO_OUTPUT,
        "no event was written, with --exit-status (-e)",
    ),
    (
        exit::USAGE,
        "a usage or expression error; no input was read",
    ),
    (
        exit::RUNTIME,
        "a runtime failure: I/O (also a --listen address that cannot be bound), --on-error fail, \
         --late fail, a resource limit",
    ),
    (exit::DROPPED, "input was dropped, with --strict"),
    (
        exit::SIGINT,
        "interrupted by SIGINT, after writing what was complete",
    ),
    (exit::SIGTERM, "interrupted by SIGTERM, likewise"),
];

/// The examples of the command at `path`: `[]` for eddy itself, `["head"]`,
/// `["window", "tumbling"]`.
pub fn examples(path: &[&str]) -> &'static [Example] {
    if path.is_empty() {
        EXAMPLES
    } else {
        crate::ops::examples(path)
    }
}

/// `command` as lines of at most `width` columns where it can be, each line but the last ending
/// in ` \`, the lines after the first indented by four spaces: broken before an option, a
/// `then` or `|` with the stage after it, or the files, else between any words outside quotes;
/// never between an option and its value where that suffices.
pub fn command_lines(command: &str, width: usize) -> Vec<String> {
    let words = shell_words(command).into_iter().map(|w| &command[w.span]);
    // An option and its value stay together, and `then` or `|` with the stage and operands
    // after it.
    let mut units: Vec<String> = Vec::new();
    let (mut takes_value, mut takes_operands) = (false, false);
    for word in words {
        let keyword = word == "then" || word == "|";
        match units.last_mut() {
            Some(unit)
                if !word.starts_with("--") && !keyword && (takes_value || takes_operands) =>
            {
                unit.push(' ');
                unit.push_str(word);
                takes_value = false;
            }
            _ => {
                units.push(word.to_owned());
                takes_value = word.starts_with("--");
                takes_operands = keyword;
            }
        }
    }
    // Broken before an option, a stage after `then` or `|`, or the last word (the files) where
    // that suffices, else between any two of the units.
    let last = units.len().saturating_sub(1);
    let lines = fill(&units, width, |i, unit| {
        i == last || unit.starts_with("--") || unit.starts_with("then ") || unit.starts_with("| ")
    });
    if lines.iter().all(|l| l.chars().count() <= width) {
        lines
    } else {
        let words: Vec<String> = units
            .iter()
            .flat_map(|unit| {
                shell_words(unit)
                    .into_iter()
                    .map(|w| unit[w.span].to_owned())
            })
            .collect();
        fill(&words, width, |_, _| true)
    }
}

/// A word of a command line as a POSIX shell reads it ([`shell_words`]).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ShellWord {
    /// Where it stands in the line, quotes and all.
    pub span: std::ops::Range<usize>,
    /// The word the command receives: quotes and backslashes removed.
    pub text: String,
    /// Whether it is an unquoted `|`, `;`, `&`, `(` or `)`, which ends a command.
    pub ends_command: bool,
}

/// The words of `line` as a POSIX shell splits them: at blanks outside quotes, `'…'` taken as
/// it is, `"…"` with `\` escaping `"`, `\`, `$` and `` ` ``, `\` escaping any character
/// outside quotes, a backslash-newline outside single quotes dropped (a continued line), and
/// `|`, `||`, `;`, `&`, `&&`, `(` and `)` words of their own ([`ShellWord::ends_command`]).
pub(crate) fn shell_words(line: &str) -> Vec<ShellWord> {
    let mut words = Vec::new();
    let mut text = String::new();
    let mut start = None;
    let end = |words: &mut Vec<ShellWord>, start: &mut Option<usize>, text: &mut String, at| {
        if let Some(from) = start.take() {
            words.push(ShellWord {
                span: from..at,
                text: std::mem::take(text),
                ends_command: false,
            });
        }
    };
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {
                chars.next();
            }
            '\\' => {
                start.get_or_insert(i);
                text.extend(chars.next().map(|(_, c)| c));
            }
            '\'' => {
                start.get_or_insert(i);
                text.extend(chars.by_ref().map(|(_, c)| c).take_while(|&c| c != '\''));
            }
            '"' => {
                start.get_or_insert(i);
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next().map(|(_, c)| c) {
                            Some('\n') | None => {}
                            Some(e @ ('"' | '\\' | '$' | '`')) => text.push(e),
                            Some(e) => text.extend(['\\', e]),
                        },
                        c => text.push(c),
                    }
                }
            }
            '|' | ';' | '&' | '(' | ')' => {
                end(&mut words, &mut start, &mut text, i);
                // `&&` and `||` are one operator.
                let doubled = matches!(c, '&' | '|') && chars.next_if(|&(_, n)| n == c).is_some();
                let len = if doubled { 2 } else { 1 };
                words.push(ShellWord {
                    span: i..i + len,
                    text: line[i..i + len].to_owned(),
                    ends_command: true,
                });
            }
            c if c.is_whitespace() => end(&mut words, &mut start, &mut text, i),
            c => {
                start.get_or_insert(i);
                text.push(c);
            }
        }
    }
    end(&mut words, &mut start, &mut text, line.len());
    words
}

/// `units` filled into lines of `width` columns, broken before unit `i` when `may_break(i,
/// unit)` and it does not fit; see [`command_lines`].
fn fill(units: &[String], width: usize, may_break: impl Fn(usize, &str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (i, unit) in units.iter().enumerate() {
        let fits = line.chars().count() + 1 + unit.chars().count() + 2 <= width;
        if !fits && !line.trim().is_empty() && may_break(i, unit) {
            lines.push(format!("{line} \\"));
            line = "   ".to_owned();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(unit);
    }
    lines.push(line);
    lines
}

/// The examples as `--help` shows them in `width` columns: what each does as a shell comment,
/// then the command.
fn examples_help(examples: &[Example], width: usize) -> String {
    // Two columns of indent, and clap wraps a line that reaches the last column.
    let width = width.saturating_sub(3);
    let mut text = String::from("Examples:");
    for example in examples {
        text.push('\n');
        text.push_str(wrap(example.about, "  # ", "  # ", width + 2).trim_end());
        for line in command_lines(example.command, width) {
            text.push_str(&format!("\n  {line}"));
        }
    }
    text
}

/// The exit statuses as `eddy --help` shows them in `width` columns.
fn exit_status_help(width: usize) -> String {
    let width = width.saturating_sub(1);
    let mut text = String::from("Exit status:");
    for (code, meaning) in EXIT_STATUS {
        text.push('\n');
        text.push_str(wrap(meaning, &format!("  {code:<4} "), "       ", width).trim_end());
    }
    text
}

/// The width `--help` lays the examples out in: the terminal's (else `COLUMNS`), at most 80.
fn help_width() -> usize {
    let terminal = terminal_size::terminal_size()
        .map(|(terminal_size::Width(w), _)| usize::from(w))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok());
    terminal.unwrap_or(80).clamp(20, 80)
}

/// Options that apply to the whole run. They may be given before the first stage or among any
/// stage's arguments. Their help comes after a stage's own options, under a heading of its
/// own.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Input format (default: from the file extension, else guessed from the first lines)
    #[arg(long, global = true, value_name = "FORMAT")]
    pub from: Option<InputFormat>,
    /// Output format
    #[arg(long, global = true, value_name = "FORMAT")]
    pub to: Option<OutputFormat>,
    /// Append every input line that could not be read or evaluated to FILE, byte for byte
    #[arg(long, global = true, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Exit with status 4 at the end if any input was dropped
    #[arg(long, global = true)]
    pub strict: bool,
    /// What to do with a bad line: count, report and go on, or stop with status 3
    #[arg(long, global = true, value_name = "POLICY")]
    pub on_error: Option<OnError>,
    /// Print a JSON object of counters and timings (the queue model: rates, utilisation, queue
    /// length, delay) to stderr at exit
    ///
    /// The counts: lines_read, bytes_read, blank_lines, structural_lines, malformed_lines,
    /// too_long_lines, events_read, records_unprocessed, inputs_failed, events_written,
    /// events_filtered, dropped (by reason), stages (per stage: events_in, events_out, filtered,
    /// dropped, passed, absorbed, details), listen (per --listen URL: connections, datagrams,
    /// datagrams_dropped, datagrams_dropped_by_kernel, requests_accepted, requests_rejected,
    /// requests_bad). The timings, from wall_seconds on: busy_seconds (the
    /// busy time of all threads, waits left out; busy.main, busy.reader, busy.decoders),
    /// arrival_rate λ (events read per second), processing_rate μ (events read per busy second),
    /// utilisation ρ = λ/μ (threads at work on average; about 1 when one thread works all the
    /// time), queue (lines and bytes read and not yet through the chain, averaged over the run;
    /// lines_now and bytes_now in the read-ahead; unread_bytes of the input files), delay (from
    /// reading an event to writing it: events, mean_seconds, p99_seconds), stage_busy (the main
    /// thread's time in each stage and in writing the output; a time window's
    /// watermark_lag_seconds). With --to-http, http: batches_posted, records_posted,
    /// bytes_posted, retries, batches_failed, records_failed, last_error. See the README,
    /// "Errors and nothing lost".
    #[arg(long, global = true)]
    pub stats: bool,
    /// Also print the --stats object as one JSON line on stderr every DUR while the run goes on
    /// (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats
    #[arg(long, global = true, value_name = "DUR", value_parser = parse_interval)]
    pub stats_interval: Option<std::time::Duration>,
    /// Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal,
    /// from the start (default: when stderr is a terminal and stdout is not, once the run has
    /// lasted a second)
    #[arg(long, global = true, overrides_with = "no_progress")]
    pub progress: bool,
    /// Never show the progress bar
    #[arg(long, global = true, overrides_with = "progress")]
    pub no_progress: bool,
    /// Flush the output after every event (default on a terminal)
    #[arg(long, global = true, conflicts_with = "block_buffered")]
    pub line_buffered: bool,
    /// Write the output in large blocks, flushing only when input pauses (default elsewhere)
    #[arg(long, global = true)]
    pub block_buffered: bool,
    /// Exit with status 1 when no event was written
    #[arg(short = 'e', long, global = true)]
    pub exit_status: bool,
    /// Threads decoding (and filtering) input in parallel, order kept, when --from or the file
    /// extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input
    /// files of 4 MiB or more; else 1)
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is
    /// dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to
    /// --errors) without being held whole (default: 64MiB)
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    pub max_record_size: Option<u64>,
    /// Multi-line records (stack traces): a line matching REGEX starts a record, the lines after
    /// it up to the next such line join it. For `lines` the record is the `line` field (lines
    /// joined by \n); for logfmt, clf, combined and syslog the first line is decoded and the
    /// others are appended to its `message` (logfmt: `msg`) after a \n. Not for NDJSON, CSV,
    /// TSV or Zeek input; read by one thread
    #[arg(long, global = true, value_name = "REGEX", value_parser = parse_multiline_start)]
    pub multiline_start: Option<regex::bytes::Regex>,
    /// With --multiline-start: the most lines of one record; the line past them starts a new
    /// record (the cut is reported and counted as `records_cut`) [default: 500]
    #[arg(long, global = true, value_name = "N", requires = "multiline_start",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub multiline_max_lines: Option<u64>,
    /// With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line
    /// that would pass them starts a new record (reported, counted) [default: 1MiB]
    #[arg(long, global = true, value_name = "SIZE", requires = "multiline_start",
          value_parser = parse_size)]
    pub multiline_max_bytes: Option<u64>,
    /// With --multiline-start: on a live source (a pipe), a record still open when no input
    /// came for DUR ends then, instead of waiting for the next start line [default: 1s]
    #[arg(long, global = true, value_name = "DUR", requires = "multiline_start",
          value_parser = parse_timeout)]
    pub multiline_timeout: Option<Duration>,
    /// Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the
    /// top-level field FIELD, `_file` unless given (`--with-filename=path`), as
    /// `map 'FIELD = source()'` would; records a stage makes (window rows) have none. The
    /// reader then does none of the stages' work on its threads
    #[arg(long, global = true, value_name = "FIELD", num_args = 0..=1, require_equals = true,
          default_missing_value = "_file")]
    pub with_filename: Option<String>,
    /// CSV/TSV input delimiter: one ASCII character, `\t` for a tab
    #[arg(long, global = true, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written
    #[arg(long, global = true)]
    pub no_header: bool,
    /// Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)
    #[arg(long, global = true)]
    pub no_infer: bool,
    /// An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)
    #[arg(long = "null", global = true, value_name = "MARKER")]
    pub nulls: Vec<String>,
    /// CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them
    #[arg(long, global = true)]
    pub allow_ragged: bool,
    /// Syslog: the year of timestamps without one (default: the latest year that puts the
    /// timestamp not after the file's modification time, or now on stdin)
    #[arg(long, global = true, value_name = "YEAR")]
    pub year: Option<i32>,
    /// With --to raw: the field whose text is written, one per line (default: line)
    #[arg(long, global = true, value_name = "FIELD")]
    pub raw_field: Option<String>,
    /// CSV/TSV output delimiter: one ASCII character, `\t` for a tab
    #[arg(long, global = true, value_name = "CHAR", value_parser = parse_delimiter)]
    pub out_delimiter: Option<u8>,
    /// With --to table, live on a terminal: show the rows with the largest FIELD first
    /// (default: the latest rows). A pipe gets the whole table as it streams: sort it with
    /// the `sort` stage
    #[arg(long, global = true, value_name = "FIELD")]
    pub sort: Option<String>,
    /// With --to table, live on a terminal: show at most N rows (default: what fits the
    /// screen)
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: Option<u32>,
    /// With --to chart: the aggregate drawn (default: the window's first numeric one)
    #[arg(long, global = true, value_name = "NAME")]
    pub chart_y: Option<String>,
    /// Resume where the last run with FILE stopped and save, at the end, where each input file
    /// was read to and what every stage holds (open windows, dedupe memory), for runs from cron:
    /// the runs' outputs together are one run's over the whole input (README, "cron")
    #[arg(long, global = true, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Follow the named files as they grow, like `tail -F`: rotation (rename and create,
    /// copytruncate) loses and repeats no line; windows with --idle-timeout close while the
    /// files are quiet. Runs until interrupted (SIGINT, SIGTERM)
    #[arg(short = 'F', long, global = true)]
    pub follow: bool,
    /// With --follow: where to start a file no --state knows: its start (everything it holds)
    /// or its end (only what is written from now on)
    #[arg(long, global = true, value_name = "WHERE", requires = "follow")]
    pub follow_from: Option<crate::input::follow::FollowFrom>,
    /// Listen on a socket for input, beside the files or instead of them (with only --listen,
    /// stdin is not read); repeatable. tcp://ADDR:PORT and unix:PATH: each connection is a
    /// source of its own (`source()` is tcp://PEER:PORT); udp://ADDR:PORT: each datagram's
    /// lines; http://ADDR:PORT: POSTed bodies, answered 202 once queued, 503 when the pipeline is
    /// behind. An empty ADDR is 127.0.0.1 (loopback only: 0.0.0.0 listens on every network);
    /// port 0 picks a free one; "listening on URL" is said on stderr. Runs until SIGINT or
    /// SIGTERM, which read what was received and finish the stages (README, "Listening on
    /// sockets and HTTP")
    #[arg(long, global = true, value_name = "URL", value_parser = crate::input::listen::Endpoint::parse,
          value_hint = clap::ValueHint::Url)]
    pub listen: Vec<crate::input::listen::Endpoint>,
    /// With a transport source (--from-redis, --from-kafka): set field NAME of every event to
    /// an object of the message's metadata (Redis: stream, id, timestamp; Kafka: topic,
    /// partition, offset, key, timestamp, headers); timestamps are milliseconds since the epoch
    #[arg(long, global = true, value_name = "NAME")]
    pub meta_field: Option<String>,
    /// With a transport source (--from-redis, --from-kafka): end the run once no message came
    /// for DUR (a batch run over what the transport holds); without it the run goes on until
    /// SIGINT or SIGTERM
    #[arg(long, global = true, value_name = "DUR", value_parser = parse_interval)]
    pub exit_idle: Option<Duration>,
    /// With --state: ignore what FILE holds and start over (every input from its start)
    #[arg(long, global = true, requires = "state")]
    pub state_reset: bool,
    /// With --state: this run ends the stream: open windows close and `sort`, `tail` and
    /// `count` write, as without --state; only where the files were read to is saved
    #[arg(long = "final", global = true, requires = "state")]
    pub final_run: bool,
    /// With --state and a transport source (--from-redis, --from-kafka): save the stages' state
    /// and the positions processed every DUR (and at the run's end), and only then acknowledge
    /// the messages: window results are exactly once across restarts, even after kill -9
    /// [default: 10s]
    #[arg(long, global = true, value_name = "DUR", value_parser = parse_interval, requires = "state")]
    pub checkpoint_interval: Option<Duration>,
    /// `--to-http` and its `--http-*` options.
    #[command(flatten)]
    pub http: HttpArgs,
    /// `--from-kafka`, `--to-kafka` and `--kafka-key`.
    #[command(flatten)]
    pub kafka: KafkaArgs,
    /// `--from-redis` and `--to-redis`.
    #[command(flatten)]
    pub redis: RedisArgs,
}

/// Kafka as a source and a sink: `--from-kafka URL`, `--to-kafka URL`, `--kafka-key EXPR`
/// ([`crate::input::kafka`], [`crate::output::kafka`]; the cargo feature `kafka`).
#[derive(Debug, Clone, Default, Args)]
pub struct KafkaArgs {
    /// Read records from a Kafka topic as a member of a consumer group instead of files:
    /// kafka://HOST:PORT/TOPIC?group=G&start=WHERE
    ///
    /// Each record's value is read in the --from format (sniffed when not given); the group
    /// (default: eddy) shares the partitions among its members. Offsets are committed only once
    /// the output of their records is flushed (at least once). A partition resumes at the
    /// group's committed offset; start= says where one without begins: earliest (the default),
    /// latest or an RFC 3339 time. Several brokers: HOST:PORT,HOST:PORT. Runs until SIGINT or
    /// SIGTERM (or --exit-idle), which flush, commit and leave the group (README, "Reading from
    /// and writing to Kafka and Redis")
    #[arg(long, global = true, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub from_kafka: Option<String>,
    /// Write each output event as a record to a Kafka topic instead of stdout:
    /// kafka://HOST:PORT/TOPIC
    ///
    /// The record's value is the event as the --to format writes it, without its line end (CSV
    /// and TSV: the row, no header). Every flush waits for the broker's delivery reports;
    /// records not delivered within ?timeout=DUR (default 30s) are reported and give exit
    /// status 3
    #[arg(long, global = true, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub to_kafka: Option<String>,
    /// With --to-kafka: the record key, an expression on the output event (a string as it is,
    /// null: no key, anything else as JSON)
    #[arg(long, global = true, value_name = "EXPR", requires = "to_kafka")]
    pub kafka_key: Option<String>,
}

impl KafkaArgs {
    /// Folds options given in a later stage segment into these.
    fn merge(&mut self, later: KafkaArgs) {
        self.from_kafka = later.from_kafka.or(self.from_kafka.take());
        self.to_kafka = later.to_kafka.or(self.to_kafka.take());
        self.kafka_key = later.kafka_key.or(self.kafka_key.take());
    }
}

/// A `kafka://BROKERS/TOPIC?QUERY` URL in its parts.
#[derive(Debug, Clone)]
pub struct KafkaUrl {
    /// `HOST:PORT[,HOST:PORT...]`.
    pub brokers: String,
    /// The topic.
    pub topic: String,
    /// The query's `name=value` pairs, in order.
    pub query: Vec<(String, String)>,
}

/// Parses a `kafka://BROKERS/TOPIC?QUERY` URL; `option` names the option in messages.
pub fn kafka_url(option: &str, url: &str) -> Result<KafkaUrl> {
    let bad = |why: &str| UsageError::new(format!("{option}: `{url}`: {why}"));
    let rest = url
        .strip_prefix("kafka://")
        .ok_or_else(|| bad("expected kafka://HOST:PORT/TOPIC"))?;
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (brokers, topic) = rest
        .split_once('/')
        .ok_or_else(|| bad("no topic (kafka://HOST:PORT/TOPIC)"))?;
    let broker_ok = |b: &str| {
        b.rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok())
    };
    if brokers.is_empty() || !brokers.split(',').all(broker_ok) {
        return Err(bad("expected HOST:PORT brokers, comma-separated").into());
    }
    let topic_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if topic.is_empty() || topic.len() > 249 || !topic.chars().all(topic_ok) {
        return Err(bad("a topic is 1 to 249 of a-z, A-Z, 0-9, `.`, `_` and `-`").into());
    }
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| bad(&format!("`{pair}` in the query is not NAME=VALUE")))?;
        pairs.push((name.to_owned(), value.to_owned()));
    }
    Ok(KafkaUrl {
        brokers: brokers.to_owned(),
        topic: topic.to_owned(),
        query: pairs,
    })
}

/// Redis Streams as source and sink (README, "Reading from and writing to Kafka and Redis").
#[derive(Debug, Clone, Default, Args)]
pub struct RedisArgs {
    /// Read the entries of a Redis stream as a consumer of a consumer group, instead of files
    /// and stdin: redis://HOST:PORT/STREAM?group=G&consumer=C&claim=30s (USER:PASSWORD@ before
    /// HOST to authenticate; redis+unix:///PATH?stream=STREAM&… for a Unix socket)
    ///
    /// The entry's field `data` (field=NAME) is the record, in the input format. An entry is
    /// acknowledged (XACK) only once its output is flushed: at least once. Entries another
    /// consumer left pending for claim= (default 30s; off) are claimed (XAUTOCLAIM). A new group
    /// starts at start= (0: the stream's beginning; $: new entries only); count= entries are
    /// read at a time (1000). A CSV/TSV entry is decoded on its own, its first line the header.
    /// Runs until SIGINT/SIGTERM, or --exit-idle
    #[arg(long, global = true, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub from_redis: Option<String>,
    /// Add every output event to a Redis stream as one entry instead of writing it to stdout:
    /// redis://HOST:PORT/STREAM?maxlen=N&field=NAME
    ///
    /// XADD STREAM [MAXLEN ~ N] * data MESSAGE (field=NAME names the field): the event's output
    /// line, or for CSV/TSV its header line and row; a flush returns once the server stored
    /// every entry; a failed XADD is exit status 3
    #[arg(long, global = true, value_name = "URL", value_hint = clap::ValueHint::Url,
          conflicts_with = "to_http")]
    pub to_redis: Option<String>,
}

/// The HTTP sink's options: `--to-http URL` and the bounds of its batches and tries
/// ([`crate::output::http`]).
#[derive(Debug, Clone, Default, Args)]
pub struct HttpArgs {
    /// Post the output to URL in batches instead of writing it to stdout (http://, and https://
    /// in builds with the `https` feature)
    ///
    /// One request per batch, its body in the --to format (a CSV body with its header), the
    /// Content-Type to match. Failed requests are tried again; records that could not be
    /// delivered are reported and give exit status 3 (README, "Sending output over HTTP")
    #[arg(long, global = true, value_name = "URL")]
    pub to_http: Option<String>,
    /// With --to-http: a header sent with every request, `Name: value` (`Authorization: Bearer
    /// TOKEN`, `Content-Type: ...` to name another type); repeatable
    #[arg(long = "http-header", global = true, value_name = "HEADER", requires = "to_http",
          value_parser = crate::output::http::parse_header)]
    pub http_headers: Vec<(String, String)>,
    /// With --to-http: the most records in one request [default: 500]
    #[arg(long, global = true, value_name = "N", requires = "to_http",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub http_batch: Option<u32>,
    /// With --to-http: post a batch once its body reaches SIZE (`256KiB`, `4MiB`); the record
    /// that reaches it is the batch's last, a record is never split [default: 1MiB]
    #[arg(long, global = true, value_name = "SIZE", requires = "to_http", value_parser = parse_size)]
    pub http_batch_bytes: Option<u64>,
    /// With --to-http: post a batch at the latest DUR after its first record, also while the
    /// input is quiet (`0s`: whenever the input pauses) [default: 1s]
    #[arg(long, global = true, value_name = "DUR", requires = "to_http",
          value_parser = parse_timeout)]
    pub http_flush_after: Option<Duration>,
    /// With --to-http: the longest one request may take, from connecting to the end of the
    /// answer [default: 10s]
    #[arg(long, global = true, value_name = "DUR", requires = "to_http",
          value_parser = parse_interval)]
    pub http_timeout: Option<Duration>,
    /// With --to-http: try a request again up to N times after a 5xx, 429 or 408 answer or a
    /// network error, waiting 0.2 s, 0.4 s, 0.8 s, ... (at most 30 s; a Retry-After up to 30 s);
    /// other answers than 2xx are not tried again [default: 5]
    #[arg(long, global = true, value_name = "N", requires = "to_http")]
    pub http_retries: Option<u32>,
}

impl HttpArgs {
    /// Folds options given in a later stage segment into these.
    fn merge(&mut self, later: HttpArgs) {
        self.to_http = later.to_http.or(self.to_http.take());
        self.http_headers.extend(later.http_headers);
        self.http_batch = later.http_batch.or(self.http_batch);
        self.http_batch_bytes = later.http_batch_bytes.or(self.http_batch_bytes);
        self.http_flush_after = later.http_flush_after.or(self.http_flush_after);
        self.http_timeout = later.http_timeout.or(self.http_timeout);
        self.http_retries = later.http_retries.or(self.http_retries);
    }

    /// The HTTP sink's options, `None` without `--to-http`; a bad URL is a usage error.
    pub fn options(&self) -> Result<Option<crate::output::http::HttpOptions>> {
        let Some(url) = &self.to_http else {
            return Ok(None);
        };
        let mut options = crate::output::http::HttpOptions::new(url)?;
        options.headers = self.http_headers.clone();
        if let Some(n) = self.http_batch {
            options.batch = n as usize;
        }
        if let Some(n) = self.http_batch_bytes {
            options.batch_bytes = usize::try_from(n).unwrap_or(usize::MAX);
        }
        options.flush_after = self.http_flush_after.unwrap_or(options.flush_after);
        options.timeout = self.http_timeout.unwrap_or(options.timeout);
        options.retries = self.http_retries.unwrap_or(options.retries);
        Ok(Some(options))
    }
}

/// Parses a size (`--max-record-size`, `--multiline-max-bytes`): a number of bytes, with an
/// optional `KiB`, `MiB` or `GiB` (also `K`, `M`, `G`; powers of 1024).
fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &text[digits.len()..];
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => return Err(format!("unknown unit `{unit}` (use KiB, MiB or GiB)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| "expected a number of bytes such as `64MiB`, `1GiB` or `4096`".to_owned())?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0 && usize::try_from(n).is_ok())
        .ok_or_else(|| "expected a size from 1 byte up to the address space".to_owned())
}

/// Parses `--stats-interval`: a duration (`10s`, `500ms`) above zero.
fn parse_interval(text: &str) -> std::result::Result<std::time::Duration, String> {
    let ns = crate::time::parse_duration(text)?;
    u64::try_from(ns)
        .ok()
        .filter(|&ns| ns > 0)
        .map(std::time::Duration::from_nanos)
        .ok_or_else(|| "expected a duration above zero, such as `10s` or `500ms`".to_owned())
}

/// Parses `--multiline-start`: a regular expression of the `regex` crate, matched against each
/// line without its line end.
fn parse_multiline_start(text: &str) -> std::result::Result<regex::bytes::Regex, String> {
    crate::expr::func::compile_bytes_regex(text)
}

/// Parses `--multiline-timeout`: a duration (`1s`, `500ms`), zero or more.
fn parse_timeout(text: &str) -> std::result::Result<Duration, String> {
    let ns = crate::time::parse_duration(text)?;
    u64::try_from(ns)
        .map(Duration::from_nanos)
        .map_err(|_| format!("expected a duration of zero or more, got `{text}`"))
}

/// Parses `--delimiter`: one ASCII character, or `\t`/`tab` for a tab.
fn parse_delimiter(text: &str) -> std::result::Result<u8, String> {
    match text {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() && text != "\"" && text != "\n" => {
            Ok(text.as_bytes()[0])
        }
        _ => Err("expected one ASCII character other than `\"` (or `\\t` for a tab)".into()),
    }
}

impl GlobalArgs {
    /// Folds options given in a later stage segment into these.
    fn merge(&mut self, later: GlobalArgs) {
        self.from = later.from.or(self.from);
        self.to = later.to.or(self.to);
        self.errors = later.errors.or(self.errors.take());
        self.strict |= later.strict;
        self.on_error = later.on_error.or(self.on_error);
        self.stats |= later.stats;
        self.stats_interval = later.stats_interval.or(self.stats_interval);
        // The last of --progress and --no-progress wins.
        if later.progress || later.no_progress {
            (self.progress, self.no_progress) = (later.progress, later.no_progress);
        }
        self.line_buffered |= later.line_buffered;
        self.block_buffered |= later.block_buffered;
        self.exit_status |= later.exit_status;
        self.threads = later.threads.or(self.threads);
        self.delimiter = later.delimiter.or(self.delimiter);
        self.max_record_size = later.max_record_size.or(self.max_record_size);
        self.multiline_start = later.multiline_start.or(self.multiline_start.take());
        self.multiline_max_lines = later.multiline_max_lines.or(self.multiline_max_lines);
        self.multiline_max_bytes = later.multiline_max_bytes.or(self.multiline_max_bytes);
        self.multiline_timeout = later.multiline_timeout.or(self.multiline_timeout);
        self.with_filename = later.with_filename.or(self.with_filename.take());
        self.no_header |= later.no_header;
        self.no_infer |= later.no_infer;
        self.nulls.extend(later.nulls);
        self.allow_ragged |= later.allow_ragged;
        self.year = later.year.or(self.year);
        self.raw_field = later.raw_field.or(self.raw_field.take());
        self.out_delimiter = later.out_delimiter.or(self.out_delimiter);
        self.sort = later.sort.or(self.sort.take());
        self.top = later.top.or(self.top);
        self.chart_y = later.chart_y.or(self.chart_y.take());
        self.state = later.state.or(self.state.take());
        self.follow |= later.follow;
        self.listen.extend(later.listen);
        self.meta_field = later.meta_field.or(self.meta_field.take());
        self.exit_idle = later.exit_idle.or(self.exit_idle);
        self.follow_from = later.follow_from.or(self.follow_from);
        self.state_reset |= later.state_reset;
        self.final_run |= later.final_run;
        self.checkpoint_interval = later.checkpoint_interval.or(self.checkpoint_interval);
        self.http.merge(later.http);
        self.kafka.merge(later.kafka);
        self.redis.from_redis = later.redis.from_redis.or(self.redis.from_redis.take());
        self.redis.to_redis = later.redis.to_redis.or(self.redis.to_redis.take());
    }

    /// The URL of the transport source (`--from-redis`, `--from-kafka`), if one is given: it
    /// is read instead of files and stdin. Each transport adds its option here.
    pub fn transport_url(&self) -> Option<&str> {
        (self.kafka.from_kafka.as_deref()).or(self.redis.from_redis.as_deref())
    }

    /// The decoders' options.
    pub fn decoder_options(&self) -> crate::input::DecoderOptions {
        crate::input::DecoderOptions {
            delimiter: self.delimiter,
            no_header: self.no_header,
            no_infer: self.no_infer,
            nulls: self.nulls.clone(),
            allow_ragged: self.allow_ragged,
            year: self.year,
            reference: (0, 0),
            max_record_size: self.max_record_size,
            multiline: self.multiline(),
            file_field: self.with_filename.as_deref().map(FileField::new),
            work: None,
            meter: Default::default(),
        }
    }

    /// `--multiline-start` with its bounds, defaults filled in.
    fn multiline(&self) -> Option<Multiline> {
        Some(Multiline {
            start: self.multiline_start.clone()?,
            max_lines: self
                .multiline_max_lines
                .unwrap_or(multiline::DEFAULT_MAX_LINES),
            max_bytes: self
                .multiline_max_bytes
                .map_or(multiline::DEFAULT_MAX_BYTES, |n| {
                    usize::try_from(n).unwrap_or(usize::MAX)
                }),
            timeout: self.multiline_timeout.unwrap_or(multiline::DEFAULT_TIMEOUT),
        })
    }

    /// The writers' options.
    pub fn sink_options(&self) -> crate::output::SinkOptions {
        crate::output::SinkOptions {
            delimiter: self.out_delimiter,
            no_header: self.no_header,
            raw_field: self.raw_field.clone(),
            sort: self.sort.clone(),
            top: self.top.map(|n| n as usize),
            chart_y: self.chart_y.clone(),
            csv_run: crate::output::csv::RunCount::default(),
        }
    }
}

/// `eddy [OPTIONS] STAGE [STAGE OPTIONS] [then STAGE [STAGE OPTIONS]]... [FILE]...`
///
/// The top-level settings (version, about, help layout) live in one builder function, shared
/// by [`command`] and the one-stage command a segment is parsed with first ([`parse`]).
#[derive(Debug, Parser)]
#[command(name = "eddy")]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    stage: StageCommand,
}

/// `--version`: the version and how this build was made (allocator, static linking); `-V` gives
/// the version alone, as the man page does.
const LONG_VERSION: &str = match (
    cfg!(feature = "mimalloc"),
    cfg!(target_feature = "crt-static"),
) {
    (true, false) => concat!(env!("CARGO_PKG_VERSION"), " (allocator: mimalloc)"),
    (false, false) => concat!(env!("CARGO_PKG_VERSION"), " (allocator: system)"),
    (true, true) => concat!(env!("CARGO_PKG_VERSION"), " (allocator: mimalloc, static)"),
    (false, true) => concat!(env!("CARGO_PKG_VERSION"), " (allocator: system, static)"),
};

/// The top-level usage: the chain of stages, then the files.
const USAGE: &str =
    "eddy [OPTIONS] STAGE [STAGE OPTIONS] [then STAGE [STAGE OPTIONS]]... [FILE]...";

/// The settings of the `eddy` command itself; with a `width`, the examples (and eddy's exit
/// statuses) laid out in it are added to every command's after-help text.
fn top_level(cmd: clap::Command, width: Option<usize>) -> clap::Command {
    let cmd = cmd
        .version(env!("CARGO_PKG_VERSION"))
        .long_version(LONG_VERSION)
        .override_usage(USAGE)
        .mut_subcommands(|stage| with_grammar(stage, "eddy [OPTIONS]", &[], width))
        .about(ABOUT)
        .long_about(LONG_ABOUT)
        .subcommand_value_name("STAGE")
        .subcommand_help_heading("Stages")
        .disable_help_subcommand(true)
        .max_term_width(100)
        // Among eddy's own options, not the global ones flattened in before.
        .next_help_heading(None::<&str>)
        .arg(
            clap::Arg::new("completions")
                .long("completions")
                .value_name("SHELL")
                .value_parser(clap::value_parser!(Shell))
                .exclusive(true)
                .help("Print the completion script for SHELL and exit")
                .long_help(
                    "Print the completion script for SHELL and exit: \
                     `eddy --completions bash > ~/.local/share/bash-completion/completions/eddy`, \
                     zsh: `_eddy` in a directory of $fpath, fish: \
                     `~/.config/fish/completions/eddy.fish`, elvish: \
                     `~/.config/elvish/lib/eddy.elv` and `use eddy` in rc.elv. The script asks \
                     `eddy --complete SHELL` for the words that fit, so it knows the stages, \
                     `then`, each stage's options and their values (README, \"Completions\")",
                ),
        );
    let cmd = cmd.after_help(AFTER_HELP);
    match width {
        Some(width) => with_laid_out(
            cmd,
            &format!(
                "{}\n\n{}",
                examples_help(EXAMPLES, width),
                exit_status_help(width)
            ),
        ),
        None => cmd,
    }
}

/// `cmd` with `text` (laid out in the help's width already: examples, exit statuses) after its
/// after-help notes, as written: in the help template, which clap does not wrap (it would break
/// a quoted expression too long for the width inside its quotes, making it two commands), where
/// the after-help text is wrapped. `text` names no template tag (`{usage}`) and has no `{`
/// without a `}`.
fn with_laid_out(cmd: clap::Command, text: &str) -> clap::Command {
    cmd.help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n\
         {{all-args}}{{after-help}}\n\n{text}"
    ))
}

/// A shell `--completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// GNU bash (with or without the bash-completion package)
    Bash,
    /// zsh, through its completion system (compinit)
    Zsh,
    /// fish
    Fish,
    /// elvish
    Elvish,
}

/// `stage` (under `parent`, `eddy [OPTIONS]` or the window's, whose names are `path`) with a
/// usage that shows its place in the chain, `eddy [OPTIONS] head [OPTIONS] <N> [then STAGE
/// ...]... [FILE]...`, and with a `width` its examples after its notes; its subcommands (the
/// window kinds) likewise.
fn with_grammar(
    stage: clap::Command,
    parent: &str,
    path: &[String],
    width: Option<usize>,
) -> clap::Command {
    let usage_path = format!("{parent} {}", stage.get_name());
    let names: Vec<String> = path
        .iter()
        .cloned()
        .chain([stage.get_name().to_owned()])
        .collect();
    let mut usage = format!("{usage_path} [OPTIONS]");
    for arg in stage.get_positionals().filter(|a| a.get_id() != "files") {
        let name = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| arg.get_id().to_string(), ToString::to_string);
        let many = if matches!(arg.get_action(), clap::ArgAction::Append) {
            "..."
        } else {
            ""
        };
        if arg.is_required_set() {
            usage.push_str(&format!(" <{name}>{many}"));
        } else {
            usage.push_str(&format!(" [{name}]{many}"));
        }
    }
    if stage.has_subcommands() {
        let kind = stage.get_subcommand_value_name().unwrap_or("COMMAND");
        usage.push_str(&format!(" <{kind}>"));
    }
    usage.push_str(" [then STAGE ...]... [FILE]...");
    let examples = examples(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let stage = match width {
        Some(width) if !examples.is_empty() => {
            with_laid_out(stage, &examples_help(examples, width))
        }
        _ => stage,
    };
    stage
        .override_usage(usage)
        .mut_subcommands(|kind| with_grammar(kind, &usage_path, &names, width))
}

/// A parsed command line.
#[derive(Debug)]
pub struct Invocation {
    /// Options for the whole run.
    pub global: GlobalArgs,
    /// The stages in order.
    pub stages: Vec<StageCommand>,
    /// The input files (`-` for stdin), never empty without `--listen`.
    pub files: Vec<String>,
    /// The command line as given, for messages (`--state` names the run that saved a file).
    pub command_line: String,
}

/// The clap command, for help and completions.
pub fn command() -> clap::Command {
    top_level(Cli::command(), Some(help_width()))
}

/// The command as the man pages describe it: the help texts without the examples and exit
/// statuses, which the pages give sections of their own ([`examples`], [`EXIT_STATUS`]).
pub fn reference_command() -> clap::Command {
    top_level(Cli::command(), None)
}

/// The `eddy` command with only the stage `name` (the global options and that one subcommand),
/// or `None` for a name that is no stage. Building every stage's command with the global options
/// propagated to each is most of a short run's start-up time, so a command line is parsed with
/// this first ([`parse`]) and with the whole [`command`] only for its errors and help. `globals`
/// is `eddy` with the global options ([`global_options`]). Without a `width`, the help texts
/// lack the examples and exit statuses (laying them out is a fifth of a short run's work): the
/// command then only parses, and a command line it fails on (help included) is parsed again
/// with the whole command.
fn stage_command(
    globals: clap::Command,
    name: &OsStr,
    width: Option<usize>,
) -> Option<clap::Command> {
    StageCommand::with_one_stage(globals, name.to_str()?).map(|cmd| top_level(cmd, width))
}

/// `eddy` with the global options only.
fn global_options() -> clap::Command {
    GlobalArgs::augment_args(clap::Command::new("eddy"))
}

/// The word of a segment that names its stage: the first that names a stage and is not the
/// value of a global option (of `globals`, [`global_options`]) before it (in
/// `--sort count window ...`, `window`).
fn stage_word<'a>(globals: &clap::Command, segment: &'a [OsString]) -> Option<&'a str> {
    let takes_value = |option: &str| {
        globals.get_arguments().any(|arg| {
            let named = match option.strip_prefix("--") {
                Some(long) => arg.get_long() == Some(long),
                None => option.chars().nth(1) == arg.get_short() && option.len() == 2,
            };
            named && arg.get_action().takes_values() && !arg.is_require_equals_set()
        })
    };
    let mut words = segment.iter().filter_map(|w| w.to_str());
    while let Some(word) = words.next() {
        if word.starts_with('-') {
            if !word.contains('=') && takes_value(word) {
                words.next();
            }
        } else if StageCommand::has_subcommand(word) {
            return Some(word);
        }
    }
    None
}

/// Parses one segment (`eddy` and a stage's arguments): with the one-stage command of its stage
/// word when that parses, else with the whole command, whose errors and help are the ones to
/// show.
fn parse_segment(segment: &[OsString]) -> Result<Cli> {
    let argv = || std::iter::once(OsString::from("eddy")).chain(segment.iter().cloned());
    let globals = global_options();
    let quick = stage_word(&globals, segment)
        .and_then(|word| stage_command(globals, OsStr::new(word), None))
        .and_then(|cmd| cmd.try_get_matches_from(argv()).ok())
        .and_then(|matches| Cli::from_arg_matches(&matches).ok());
    if let Some(cli) = quick {
        return Ok(cli);
    }
    let matches = command()
        .try_get_matches_from(argv())
        .map_err(Error::Clap)?;
    Cli::from_arg_matches(&matches).map_err(Error::Clap)
}

/// A stage option whose value parser failed with a [`UsageError`] (the window's durations and
/// policies): the stage's usage error, `stage N (NAME): MESSAGE`, as the errors of its build
/// read. Other errors as they are.
fn stage_usage(e: Error, index: usize, segment: &[OsString]) -> Error {
    let Error::Clap(clap_error) = &e else {
        return e;
    };
    let usage = std::error::Error::source(clap_error).and_then(|s| s.downcast_ref::<UsageError>());
    match (usage, stage_word(&global_options(), segment)) {
        (Some(usage), Some(name)) => Error::Usage(usage.clone().in_stage(index, name)),
        _ => e,
    }
}

/// `eddy help [STAGE [KIND]]`, as `git help`: the long help of the stage named, as
/// `eddy STAGE --help` shows it, or of eddy itself (no stage is called `help`); `eddy help expr`
/// the expression language, as `eddy-expr(7)` says it.
fn help(words: &[OsString]) -> Error {
    if words.first().is_some_and(|w| w == HELP_EXPR) {
        return match words.get(1) {
            None => Error::Text(crate::expr::doc::plain(help_width())),
            Some(extra) => UsageError::new(format!(
                "unexpected `{}` after `help expr`",
                extra.to_string_lossy()
            ))
            .into(),
        };
    }
    let argv = std::iter::once(OsString::from("eddy"))
        .chain(words.iter().cloned())
        .chain([OsString::from("--help")]);
    match command().try_get_matches_from(argv) {
        Err(e) => Error::Clap(e),
        Ok(_) => unreachable!("--help always ends parsing"),
    }
}

/// The first word that asks for help instead of a run: `eddy help [STAGE [KIND]]`, as git's.
pub(crate) const HELP: &str = "help";

/// The topic of `eddy help` that is no stage: the expression language (eddy-expr(7)).
pub(crate) const HELP_EXPR: &str = "expr";

/// Splits `args` (without the program name) into stage segments at each `then` before `--`.
fn split_stages(args: &[OsString]) -> Vec<&[OsString]> {
    let mut segments = Vec::new();
    let mut start = 0;
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        if arg == "then" {
            segments.push(&args[start..i]);
            start = i + 1;
        }
    }
    segments.push(&args[start..]);
    segments
}

/// `word` as a shell would need it written: as it is when it is plain, else in single quotes.
fn shell_quoted(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Parses a chain of stages written as one word, as a `route` branch gives it (`count --by host
/// then head 5`): split into words as a shell would (`shell_words`), into stages at `then`,
/// each stage read with its own options as on the command line, without global options. The
/// last stage's trailing operands are left in its files for the caller to read.
pub fn parse_chain(text: &str) -> Result<Vec<StageCommand>> {
    let text = text.trim();
    let words = shell_words(text);
    if let Some(word) = words.iter().find(|w| w.ends_command) {
        return Err(UsageError::new(format!(
            "`{}` in a chain: its stages are joined by `then`",
            word.text
        ))
        .with_snippet(text, text[..word.span.start].chars().count())
        .into());
    }
    let args: Vec<OsString> = words.into_iter().map(|w| w.text.into()).collect();
    let segments = split_stages(&args);
    let count = segments.len();
    let mut stages = Vec::with_capacity(count);
    for (i, segment) in segments.into_iter().enumerate() {
        let Some(name) = segment.first().and_then(|w| w.to_str()) else {
            return Err(UsageError::new(format!("expected a stage in `{text}`")).into());
        };
        let Some(cmd) = StageCommand::with_one_stage(clap::Command::new("eddy"), name) else {
            return Err(UsageError::new(format!("unknown stage `{name}` in `{text}`")).into());
        };
        let argv = std::iter::once(OsString::from("eddy")).chain(segment.iter().cloned());
        let stage = cmd
            .try_get_matches_from(argv)
            .and_then(|m| StageCommand::from_arg_matches(&m))
            .map_err(|e| {
                let shown = e.render().to_string();
                let first = shown.lines().next().unwrap_or_default();
                UsageError::new(first.trim_start_matches("error: ").to_owned())
                    .in_stage(i + 1, name)
            })?;
        if i + 1 < count
            && let Some(extra) = stage.files().first()
        {
            return Err(UsageError::new(format!(
                "unexpected operand `{extra}` (stages are separated by `then`)"
            ))
            .in_stage(i + 1, name)
            .into());
        }
        stages.push(stage);
    }
    Ok(stages)
}

/// Parses a command line (including the program name).
pub fn parse<I, T>(argv: I) -> Result<Invocation>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = argv.into_iter().skip(1).map(Into::into).collect();
    match args.split_first() {
        // As grep does: the usage and where to read more, not the whole help.
        None => {
            return Err(Error::Brief(format!(
                "Usage: {USAGE}\nTry 'eddy --help' for more information."
            )));
        }
        Some((first, words)) if first == HELP => return Err(help(words)),
        Some(_) => {}
    }
    let command_line = std::iter::once("eddy".to_owned())
        .chain(args.iter().map(|a| shell_quoted(&a.to_string_lossy())))
        .collect::<Vec<_>>()
        .join(" ");
    let segments = split_stages(&args);
    let mut global = GlobalArgs::default();
    let mut stages = Vec::with_capacity(segments.len());
    let count = segments.len();
    for (i, segment) in segments.into_iter().enumerate() {
        if segment.is_empty() && i > 0 {
            return Err(UsageError::new(format!(
                "expected a stage after `then` (stage {})",
                i + 1
            ))
            .into());
        }
        if segment.is_empty() && count > 1 {
            return Err(UsageError::new("expected a stage before `then`").into());
        }
        let cli = parse_segment(segment).map_err(|e| stage_usage(e, i + 1, segment))?;
        global.merge(cli.global);
        if i + 1 < count
            && let Some(extra) = cli.stage.files().first()
        {
            return Err(UsageError::new(format!(
                "unexpected operand `{extra}` (stages are separated by `then`; files come last)"
            ))
            .in_stage(i + 1, cli.stage.name())
            .into());
        }
        stages.push(cli.stage);
    }
    let mut files = stages
        .last()
        .map(|s| s.files().to_vec())
        .unwrap_or_default();
    // `--listen` alone reads its sockets, a transport source its messages, not stdin.
    if files.is_empty() && global.listen.is_empty() && global.transport_url().is_none() {
        files.push("-".to_owned());
    }
    Ok(Invocation {
        global,
        stages,
        files,
        command_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_then_but_not_after_double_dash() {
        let args: Vec<OsString> = ["head", "1", "then", "head", "2", "--", "then"]
            .iter()
            .map(OsString::from)
            .collect();
        let segs = split_stages(&args);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[1].len(), 4);
    }

    #[test]
    fn the_one_stage_command_matches_the_whole_command() {
        let mut whole = command();
        whole.build();
        for sub in whole.get_subcommands() {
            let name = sub.get_name();
            assert!(StageCommand::has_subcommand(name), "{name}");
            let mut one =
                stage_command(global_options(), OsStr::new(name), Some(help_width())).unwrap();
            one.build();
            assert_eq!(one.get_subcommands().count(), 1);
            let mut quick = one.find_subcommand(name).unwrap().clone();
            assert_eq!(
                quick.render_long_help().to_string(),
                sub.clone().render_long_help().to_string(),
                "{name}"
            );
        }
        for word in ["then", "help", "windows", ""] {
            // `eddy help STAGE` is read before the stages.
            assert!(stage_command(global_options(), OsStr::new(word), None).is_none());
            assert!(!StageCommand::has_subcommand(word), "{word}");
        }
        // Parsed with the one-stage command or the whole one, a command line means the same.
        for line in [
            &["eddy", "--errors", "head", "filter", "a > 1", "x.ndjson"][..],
            &[
                "eddy", "--stats", "window", "tumbling", "--size", "1m", "--agg", "count",
            ],
            &["eddy", "head", "3", "a.ndjson", "--threads", "2"],
        ] {
            let segment: Vec<OsString> = line[1..].iter().map(OsString::from).collect();
            let matches = command().try_get_matches_from(line).unwrap();
            let whole = Cli::from_arg_matches(&matches).unwrap();
            let quick = parse_segment(&segment).unwrap();
            assert_eq!(format!("{quick:?}"), format!("{whole:?}"));
        }
    }

    #[test]
    fn files_come_from_the_last_stage() {
        let inv = parse([
            "eddy", "head", "1", "then", "head", "2", "a.ndjson", "b.ndjson",
        ])
        .unwrap();
        assert_eq!(inv.stages.len(), 2);
        assert_eq!(inv.files, ["a.ndjson", "b.ndjson"]);
        let inv = parse(["eddy", "head", "1"]).unwrap();
        assert_eq!(inv.files, ["-"]);
    }

    #[test]
    fn operands_before_then_are_an_error() {
        let err = parse(["eddy", "head", "1", "x.ndjson", "then", "head", "2"]).unwrap_err();
        assert!(
            err.to_string()
                .contains("stage 1 (head): unexpected operand `x.ndjson`")
        );
        assert!(parse(["eddy", "head", "1", "then"]).is_err());
        let err = parse(["eddy", "then", "head", "1"]).unwrap_err();
        assert_eq!(err.to_string(), "eddy: expected a stage before `then`");
    }

    #[test]
    fn global_options_anywhere() {
        let inv = parse([
            "eddy", "head", "1", "--strict", "then", "head", "2", "--stats",
        ])
        .unwrap();
        assert!(inv.global.strict && inv.global.stats);
    }

    #[test]
    fn commands_break_between_options_with_continuations() {
        let command = "eddy window tumbling --size 1m --time-field ts --by status --agg count \
                       --agg p95:latency_ms access.ndjson";
        let lines = command_lines(command, 50);
        assert_eq!(
            lines,
            [
                "eddy window tumbling --size 1m --time-field ts \\",
                "    --by status --agg count --agg p95:latency_ms \\",
                "    access.ndjson",
            ]
        );
        assert_eq!(command_lines(command, 200), [command]);
        // Quotes are never broken; a stage stays with `then`.
        let lines = command_lines("eddy filter 'a >= 1 and b' then select ts,msg x.ndjson", 34);
        assert_eq!(
            lines,
            [
                "eddy filter 'a >= 1 and b' \\",
                "    then select ts,msg x.ndjson"
            ]
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        command().debug_assert();
    }
}
