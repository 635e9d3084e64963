//! The driver: builds the stages, runs the reader thread, pushes batches through the stages,
//! delivers ticks and end of input, flushes when input pauses, and prints the summary and stats
//! (their timing part, the periodic reports and the progress bar are [`crate::monitor`]'s).

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use crate::cli::Invocation;
use crate::clock::{SharedClock, SystemClock};
use crate::diag::Diagnostics;
use crate::error::{DropReason, Error, Result, UsageError};
use crate::event::Event;
use crate::input::position::SourcePosition;
use crate::input::work::Found;
use crate::input::{self, Batch, Item, Message};
use crate::meter::Measure;
use crate::monitor::{Monitor, Sample};
use crate::ops::{BuildContext, Context, Flow, Out, Stage, StageCounters, enter};
use crate::output::{self, OutputStream, Sink};
use crate::pushdown;
use crate::state::{self, StateFile};
use crate::value::{Map, Value};

/// How many batches the reader may run ahead of the stages (their weight is bounded as well:
/// [`input::budget::READ_AHEAD`]).
const CHANNEL_DEPTH: usize = 16;

/// How long the acknowledgements of processed batches may wait for a flush while a transport
/// keeps the input busy (a flush also comes whenever the input pauses).
const ACK_EVERY: Duration = Duration::from_secs(1);

/// `--checkpoint-interval`'s default.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

/// The shortest time between two frames of a live view (ns): five a second at most.
const FRAME_NS: i64 = 200_000_000;

/// What a finished run reports to `main` for the exit status.
#[derive(Debug, Clone, Copy)]
pub struct RunReport {
    /// Events written to the output.
    pub written: u64,
    /// True when data was dropped or some output is incomplete (for `--strict`).
    pub anything_lost: bool,
    /// The signal that ended the run, if any (the run was flushed first).
    pub signal: Option<i32>,
}

/// Input-side counters for `--stats`.
#[derive(Debug, Default)]
struct InputCounters {
    lines: u64,
    blank: u64,
    structural: u64,
    bytes: u64,
    /// Records read but never processed because a stage stopped the run (`head`).
    unprocessed: u64,
    /// Sources that could not be opened or read to their end (each reported as it failed).
    failed_sources: u64,
}

/// A built pipeline, ready to run.
pub struct Pipeline {
    names: Vec<&'static str>,
    stages: Vec<Box<dyn Stage>>,
    /// `counters[0]` is the input; `counters[i + 1]` belongs to `stages[i]`.
    counters: Vec<StageCounters>,
    sink: Box<dyn Sink>,
    ctx: Context,
    input: InputCounters,
    /// The main thread's busy time: processing batches, ticks, the end of input.
    busy: Duration,
    monitor: Monitor,
    /// `--state`: the file, and where each source has been read to.
    state: Option<StateRun>,
    /// A live view on a terminal ([`output::live`]): when its last frame was drawn.
    live: Option<LiveFrames>,
    /// `--listen`: the listeners' counters and stop.
    listening: Option<std::sync::Arc<input::listen::Listening>>,
    /// A transport source (`--from-redis`, `--from-kafka`): its stop and last acknowledgements.
    transport: Option<std::sync::Arc<input::transport::Control>>,
    /// The acknowledgements of the batches processed since the output was last flushed (and
    /// delivered): released at the next flush ([`input::ack`]).
    acks: Vec<input::ack::Ack>,
    /// When the oldest of `acks` was taken: a flush is due [`ACK_EVERY`] after it.
    acks_since: Option<Instant>,
    /// `--state` with a transport source: the acknowledgements wait for checkpoints.
    checkpoints: Option<Checkpoints>,
}

/// `--state` with a transport source: when the next checkpoint is due. A checkpoint flushes the
/// output, saves the stages' state and the positions processed, and only then releases the
/// acknowledgements held ([`Pipeline::take_checkpoint`]).
struct Checkpoints {
    /// `--checkpoint-interval`.
    every: Duration,
    /// When the last one was taken.
    last: Instant,
    /// Something was processed since: a batch or a tick.
    dirty: bool,
    /// The messages the held acknowledgements stand for: at [`input::transport::IN_FLIGHT`]
    /// the consumer waits for them, so a checkpoint is due at once.
    held: usize,
}

/// When a live view draws: after input or ticks changed the result, [`FRAME_NS`] after the
/// last frame at the soonest, and never more than a fifth of the time (a large running result,
/// a million `count` groups, takes long to gather and draw).
struct LiveFrames {
    /// The clock's reading at the last frame.
    last: i64,
    /// The time between two frames (ns): [`FRAME_NS`], or five times what the last one took.
    gap: i64,
    /// The result may have changed since.
    dirty: bool,
}

/// A run with `--state`: the state file, the run's sources and where each stands.
struct StateRun {
    file: StateFile,
    /// Where each source has been read to (after the batches processed whole).
    positions: Vec<Option<SourcePosition>>,
    /// `--final`: the end of this run is the end of the stream.
    final_run: bool,
    /// A transport source: the last position processed of each of its sources (the saved ones
    /// until a batch of the source is processed).
    transport: input::transport::Positions,
}

/// What the reader thread is to do: read the sources, in which format, with which work.
struct ReaderSetup {
    files: Vec<String>,
    /// With `--state`: the sources as planned from it (opened, with where each resumes), read
    /// by the serial reader, which says where it read to.
    planned: Option<(Vec<input::SourceSpec>, input::ReadMode)>,
    /// `--follow`, and where it starts files no state knows.
    follow: Option<input::follow::FollowFrom>,
    format: Option<input::InputFormat>,
    options: input::DecoderOptions,
    threads: usize,
    /// False when a stage wants no input at all (`head 0`): the sources are only opened.
    wanted: bool,
    /// `--listen`: the sockets, bound, served beside the files.
    listen: Option<input::listen::Bound>,
    /// A transport source, connected: read instead of any file.
    transport: Option<input::transport::Opened>,
    /// `--meta-field` and `--exit-idle`, for the transport source.
    meta_field: Option<String>,
    exit_idle: Option<Duration>,
    /// `--state`: the transport positions the last checkpoint saved.
    skip: input::transport::Positions,
}

/// `--sort` and `--top` shape a live table, `--chart-y` a chart: with another `--to` they are
/// usage errors, not ignored.
fn view_options(global: &crate::cli::GlobalArgs, to: output::OutputFormat) -> Result<()> {
    use output::OutputFormat::{Chart, Table};
    let misplaced = if to != Chart && global.chart_y.is_some() {
        "--chart-y applies only with --to chart"
    } else if to != Table && (global.sort.is_some() || global.top.is_some()) {
        "--sort and --top apply only with --to table"
    } else {
        return Ok(());
    };
    Err(UsageError::new(misplaced).into())
}

/// The sink of `--to-kafka`: the `--to` format's writer (CSV and TSV without a header: every
/// record is a row), records keyed by `--kafka-key`.
#[cfg(feature = "kafka")]
fn kafka_sink(
    global: &crate::cli::GlobalArgs,
    to: output::OutputFormat,
    clock: &SharedClock,
) -> Result<Box<dyn Sink>> {
    use output::OutputFormat::{Chart, Table};
    let url = global.kafka.to_kafka.as_deref().unwrap_or_default();
    let parsed = crate::cli::kafka_url("--to-kafka", url)?;
    let mut timeout = output::kafka::DEFAULT_TIMEOUT;
    for (name, value) in &parsed.query {
        let ns = crate::time::parse_duration(value).ok();
        match (name.as_str(), ns.and_then(|ns| u64::try_from(ns).ok())) {
            ("timeout", Some(ns)) if ns >= 1_000_000 => timeout = Duration::from_nanos(ns),
            _ => {
                let message = format!(
                    "--to-kafka: `{url}`: `{name}={value}`: the one query parameter is \
                     timeout=DUR (1ms or more)"
                );
                return Err(UsageError::new(message).into());
            }
        }
    }
    if matches!(to, Table | Chart) {
        let message =
            "--to-kafka writes one record per event: --to ndjson, csv, tsv, logfmt or raw";
        return Err(UsageError::new(message).into());
    }
    let key = match &global.kafka.kafka_key {
        Some(text) => {
            let expr = crate::expr::compile(text).map_err(|mut e| {
                e.message = format!("--kafka-key: {}", e.message);
                e
            })?;
            let clock = clock.clone();
            let key: output::kafka::KeyOf = Box::new(move |event: &Event| {
                let env = crate::expr::Env::at(clock.now(), event.location());
                match expr.eval(event.value(), &env) {
                    Ok(Value::Null) | Err(_) => None,
                    Ok(Value::Str(s)) => Some(s.into_bytes()),
                    Ok(other) => Some(other.to_json().into_bytes()),
                }
            });
            Some(key)
        }
        None => None,
    };
    let options = global.sink_options();
    let shown = output::Shown::default();
    let make = move |stream| output::make_sink(to, stream, &options, &shown);
    let target = output::kafka::KafkaTarget {
        brokers: parsed.brokers,
        topic: parsed.topic,
        timeout,
    };
    let sink = output::kafka::KafkaSink::new(&target, to, Box::new(make), key)?;
    Ok(Box::new(sink))
}

/// `--to-kafka` in a build without the `kafka` feature: a usage error.
#[cfg(not(feature = "kafka"))]
fn kafka_sink(
    _: &crate::cli::GlobalArgs,
    _: output::OutputFormat,
    _: &SharedClock,
) -> Result<Box<dyn Sink>> {
    Err(UsageError::new("--to-kafka: this eddy was built without the cargo feature `kafka`").into())
}

/// Parses nothing, reads everything: builds the pipeline from an invocation and runs it.
pub fn run(invocation: Invocation) -> Result<RunReport> {
    run_with_clock(invocation, std::sync::Arc::new(SystemClock))
}

/// [`run`] with a given clock (tests pass a manual one): build, plan the reader's work, start
/// the reader, drive the stages, close.
pub fn run_with_clock(invocation: Invocation, clock: SharedClock) -> Result<RunReport> {
    let Invocation {
        global,
        stages,
        files,
        command_line,
    } = invocation;
    if global.follow && files.iter().any(|f| f == "-") {
        return Err(UsageError::new("--follow follows named files, not stdin").into());
    }
    match global.transport_url() {
        Some(url) if !files.is_empty() || global.follow || !global.listen.is_empty() => {
            let message = format!(
                "files, --follow and --listen are not read with a transport source ({})",
                crate::url::shown(url)
            );
            return Err(UsageError::new(message).into());
        }
        None if global.meta_field.is_some() || global.exit_idle.is_some() => {
            let message = "--meta-field and --exit-idle apply to a transport source \
                           (--from-redis, --from-kafka)";
            return Err(UsageError::new(message).into());
        }
        _ => {}
    }
    // Its URL checked before anything is connected or read.
    let transport = TransportPlan::new(&global)?;
    if global.checkpoint_interval.is_some() && transport.is_none() {
        let message = "--checkpoint-interval applies to --state with a transport source \
                       (--from-redis, --from-kafka)";
        return Err(UsageError::new(message).into());
    }
    if !global.listen.is_empty() && global.state.is_some() {
        let message = "--state saves where files were read to; sockets (--listen) have no place \
                       to resume from";
        return Err(UsageError::new(message).into());
    }
    let state = match &global.state {
        Some(path) if input::is_input_file(path, &files) => {
            return Err(UsageError::new(format!(
                "--state: `{}` is also an input file",
                path.display()
            ))
            .into());
        }
        Some(path) => {
            let identity = state::pipeline_identity(&global, &stages);
            let file = StateFile::open(path, global.state_reset, identity, command_line)?;
            Some(file)
        }
        None => None,
    };
    let resuming = state.as_ref().is_some_and(StateFile::resumes);
    // Set by the first SIGINT/SIGTERM at once, before the main loop reaches its message: a
    // sink that is trying a failing server again stops trying (`--to-http`).
    let stopping = std::sync::Arc::new(AtomicBool::new(false));
    let mut pipeline = Pipeline::build(&global, stages, &files, &clock, resuming, &stopping)?;
    if state.is_some() && transport.is_some() {
        pipeline.checkpoints = Some(Checkpoints {
            every: global.checkpoint_interval.unwrap_or(CHECKPOINT_EVERY),
            last: Instant::now(),
            dirty: false,
            held: 0,
        });
    }
    let planned = match state {
        Some(file) => Some(pipeline.resume(file, &files, global.final_run)?),
        None => None,
    };
    let mut setup = pipeline.reader_setup(&global, files)?;
    setup.planned = planned;
    if let Some(run) = &pipeline.state {
        setup.skip = run.transport.clone();
    }
    setup.follow = global
        .follow
        .then(|| global.follow_from.unwrap_or_default());
    // Bound after every usage check, before any input is read.
    if !global.listen.is_empty() {
        let bound = input::listen::bind(&global.listen)?;
        pipeline.listening = Some(std::sync::Arc::clone(&bound.listening));
        setup.listen = Some(bound);
    }
    // Connected after every usage check, before any input is read.
    if let Some(opened) = transport.map(TransportPlan::connect).transpose()? {
        pipeline.transport = Some(opened.control());
        setup.transport = Some(opened);
    }
    let (tx, rx) = mpsc::sync_channel(CHANNEL_DEPTH);
    let stop: Option<Box<dyn Fn(i32) + Send>> = match (&pipeline.listening, &pipeline.transport) {
        (Some(listening), _) => {
            let listening = std::sync::Arc::clone(listening);
            Some(Box::new(move |sig| listening.stop(sig)))
        }
        (None, Some(control)) => {
            let control = std::sync::Arc::clone(control);
            Some(Box::new(move |sig| control.stop(sig)))
        }
        (None, None) => None,
    };
    // The handlers are installed before the reader starts (a signal is kept in signal-hook's
    // pipe from then on); the thread that takes them starts after it, so the reader, which the
    // run waits for, starts sooner.
    let signals = signal_hook::iterator::Signals::new(SIGNALS).ok();
    let signal_tx = tx.clone();
    spawn_reader(setup, clock, tx, pipeline.monitor.budget())?;
    if let Some(signals) = signals {
        spawn_signal_thread(signals, signal_tx, stopping, stop);
    }
    let outcome = pipeline.drive(&rx);
    drop(rx);
    if let Some(listening) = &pipeline.listening {
        listening.close();
    }
    pipeline.close(outcome, global.stats)
}

/// Starts the reader thread, which sends what it reads on `tx` until the input ends or the
/// pipeline hangs up. With `--listen` it serves the sockets, and the files are read by a
/// thread of their own, whose end is not the run's.
fn spawn_reader(
    mut setup: ReaderSetup,
    clock: SharedClock,
    tx: mpsc::SyncSender<Message>,
    budget: input::budget::Budget,
) -> Result<()> {
    let started = |e: io::Error| Error::runtime(format!("cannot start the reader thread: {e}"));
    if let Some(opened) = setup.transport.take() {
        let feed = input::transport::Feed {
            format: setup.format,
            meta: setup
                .meta_field
                .as_deref()
                .map(input::filename::FileField::new),
            exit_idle: setup.exit_idle,
            skip: setup.skip,
            options: setup.options,
            clock,
            tx,
            budget,
        };
        return thread::Builder::new()
            .name("eddy-transport".into())
            .spawn(move || opened.run(feed))
            .map(drop)
            .map_err(started);
    }
    let Some(bound) = setup.listen.take().filter(|_| setup.wanted) else {
        return thread::Builder::new()
            .name("eddy-reader".into())
            .spawn(move || read_files(setup, clock, &tx, &budget))
            .map(drop)
            .map_err(started);
    };
    let (format, options) = (setup.format, setup.options.clone());
    if !setup.files.is_empty() {
        let (files_tx, files_rx) = mpsc::sync_channel(CHANNEL_DEPTH);
        let (files_clock, files_budget) = (clock.clone(), budget.clone());
        thread::Builder::new()
            .name("eddy-files".into())
            .spawn(move || read_files(setup, files_clock, &files_tx, &files_budget))
            .map_err(started)?;
        let forward = tx.clone();
        thread::Builder::new()
            .name("eddy-files-end".into())
            .spawn(move || {
                for message in files_rx {
                    if matches!(message, Message::End) || forward.send(message).is_err() {
                        break;
                    }
                }
            })
            .map_err(started)?;
    }
    thread::Builder::new()
        .name("eddy-reader".into())
        .spawn(move || input::listen::serve(bound, format, &options, clock, &tx, &budget))
        .map(drop)
        .map_err(started)
}

/// Reads the files of `setup` (or only opens them, for a chain that wants no input), sending
/// batches on `tx` and `End` at the end.
fn read_files(
    setup: ReaderSetup,
    clock: SharedClock,
    tx: &mpsc::SyncSender<Message>,
    budget: &input::budget::Budget,
) {
    let ReaderSetup {
        files,
        planned,
        follow,
        format,
        options,
        threads,
        wanted,
        listen: _,
        transport: _,
        meta_field: _,
        exit_idle: _,
        skip: _,
    } = setup;
    if !wanted {
        input::open_only(&files, tx);
    } else if let Some(from) = follow {
        let (sources, mode) = planned.unwrap_or_else(|| {
            let sources = files.iter().map(|f| input::SourceSpec::new(f)).collect();
            (sources, input::ReadMode::default())
        });
        input::follow::follow_all(sources, format, &options, clock, tx, budget, mode, from)
    } else if let Some((sources, mode)) = planned {
        input::read_all(sources, format, &options, clock, tx, budget, mode)
    } else if threads > 1 && input::parallel::applies(&files, format) {
        input::parallel::read_all_parallel(&files, format, &options, clock, tx, budget, threads)
    } else {
        let sources = files.iter().map(|f| input::SourceSpec::new(f)).collect();
        let mode = input::ReadMode::default();
        input::read_all(sources, format, &options, clock, tx, budget, mode)
    }
}

/// The transport source the command line names, its URL read (each transport adds its
/// variant and its arms here).
enum TransportPlan {
    /// `--from-redis`.
    #[cfg(feature = "redis")]
    Redis(input::redis::RedisSourceOptions),
    /// `--from-kafka`.
    #[cfg(feature = "kafka")]
    Kafka(input::kafka::KafkaSpec),
}

impl TransportPlan {
    /// The source the command line names, `None` without one; a bad URL is a usage error.
    fn new(global: &crate::cli::GlobalArgs) -> Result<Option<TransportPlan>> {
        #[cfg(not(feature = "redis"))]
        if global.redis.from_redis.is_some() {
            return Err(without_redis());
        }
        #[cfg(feature = "redis")]
        if let Some(url) = &global.redis.from_redis {
            let checkpoints = global.state.is_some();
            let options = input::redis::RedisSourceOptions::parse(url, checkpoints)
                .map_err(|e| UsageError::new(format!("--from-redis: {e}")))?;
            return Ok(Some(TransportPlan::Redis(options)));
        }
        if let Some(url) = &global.kafka.from_kafka {
            return kafka_plan(url).map(Some);
        }
        Ok(None)
    }

    /// Connects (joins the group).
    fn connect(self) -> Result<input::transport::Opened> {
        match self {
            #[cfg(feature = "redis")]
            TransportPlan::Redis(options) => {
                Ok(input::transport::Opened::new(input::redis::open(options)?))
            }
            #[cfg(feature = "kafka")]
            TransportPlan::Kafka(spec) => {
                Ok(input::transport::Opened::new(input::kafka::connect(spec)?))
            }
        }
    }
}

/// `--from-redis` or `--to-redis` in a build without the `redis` feature.
#[cfg(not(feature = "redis"))]
fn without_redis() -> Error {
    let message = "--from-redis and --to-redis: this eddy was built without the `redis` feature";
    UsageError::new(message).into()
}

/// `--from-kafka URL`, read.
#[cfg(feature = "kafka")]
fn kafka_plan(url: &str) -> Result<TransportPlan> {
    let parsed = crate::cli::kafka_url("--from-kafka", url)?;
    let spec = input::kafka::KafkaSpec::new(parsed.brokers, parsed.topic, &parsed.query)
        .map_err(|why| UsageError::new(format!("--from-kafka: `{url}`: {why}")))?;
    Ok(TransportPlan::Kafka(spec))
}

/// `--from-kafka` in a build without the `kafka` feature: a usage error.
#[cfg(not(feature = "kafka"))]
fn kafka_plan(_: &str) -> Result<TransportPlan> {
    let message = "--from-kafka: this eddy was built without the cargo feature `kafka`";
    Err(UsageError::new(message).into())
}

/// The signals a run handles: [`spawn_signal_thread`].
const SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// Forwards the first SIGINT/SIGTERM to the main loop (with `--listen` or a transport source,
/// to `stop`: the listeners or the consumer, which hand on what they received first) and sets
/// `stopping`; a second one aborts at once. SIGHUP asks the main loop to reopen the files it
/// writes besides stdout.
fn spawn_signal_thread(
    mut signals: signal_hook::iterator::Signals,
    tx: mpsc::SyncSender<Message>,
    stopping: std::sync::Arc<AtomicBool>,
    stop: Option<Box<dyn Fn(i32) + Send>>,
) {
    let _ = thread::Builder::new()
        .name("eddy-signals".into())
        .spawn(move || {
            let mut seen = false;
            for sig in signals.forever() {
                if sig == signal_hook::consts::SIGHUP {
                    let _ = tx.send(Message::Reopen);
                    continue;
                }
                if seen {
                    std::process::exit(128 + sig);
                }
                seen = true;
                stopping.store(true, Ordering::Relaxed);
                match &stop {
                    Some(stop) => stop(sig),
                    None => {
                        let _ = tx.send(Message::Signal(sig));
                    }
                }
            }
        });
}

impl Pipeline {
    /// Builds every stage (all usage errors surface here, before any input is read), the
    /// diagnostics and the sink.
    /// `resuming`: the run goes on from an earlier one's `--state` (the stages' side files are
    /// appended to). `stopping`: set when a signal asks the run to end.
    fn build(
        global: &crate::cli::GlobalArgs,
        commands: Vec<crate::ops::StageCommand>,
        files: &[String],
        clock: &SharedClock,
        resuming: bool,
        stopping: &std::sync::Arc<AtomicBool>,
    ) -> Result<Pipeline> {
        if let Some(errors) = &global.errors
            && input::is_input_file(errors, files)
        {
            return Err(UsageError::new(format!(
                "--errors: `{}` is also an input file: dropped lines would be read back again",
                errors.display()
            ))
            .into());
        }
        let inputs: std::sync::Arc<[String]> = files.to_vec().into();
        let mut names = Vec::with_capacity(commands.len());
        let mut stages = Vec::with_capacity(commands.len());
        for (i, command) in commands.into_iter().enumerate() {
            let name = command.name();
            let ctx = BuildContext {
                index: i + 1,
                clock: clock.clone(),
                inputs: inputs.clone(),
                chain: crate::cli::parse_chain,
            };
            let stage = command.build(&ctx).map_err(|e| e.in_stage(i + 1, name))?;
            names.push(name);
            stages.push(stage);
        }
        // Only a chain that is valid as a whole creates the stages' side files.
        for (i, (stage, name)) in stages.iter_mut().zip(&names).enumerate() {
            stage.open(resuming).map_err(|e| e.in_stage(i + 1, name))?;
        }
        let mut diag = Diagnostics::new(
            global.on_error.unwrap_or_default(),
            global.errors.as_deref(),
        )?;
        // Now that they exist: two writers of one file would interleave their lines.
        let written: Vec<std::path::PathBuf> = (stages.iter().flat_map(|s| s.files_written()))
            .chain(global.errors.clone())
            .collect();
        if let Some((first, second)) = input::same_file(&written) {
            return Err(UsageError::new(format!(
                "`{}` and `{}` are one file: route, tee and --errors each need a file of their \
                 own (their lines would interleave)",
                first.display(),
                second.display()
            ))
            .into());
        }
        for stage in &mut stages {
            stage.written_elsewhere(&written);
        }
        let stdout = io::stdout();
        let line_buffered = if global.line_buffered {
            true
        } else if global.block_buffered {
            false
        } else {
            stdout.is_terminal()
        };
        let to = global.to.unwrap_or_default();
        view_options(global, to)?;
        let http = global.http.options()?;
        let to_redis = global.redis.to_redis.is_some();
        if (http.is_some() || to_redis) && (global.line_buffered || global.block_buffered) {
            return Err(UsageError::new(
                "--line-buffered and --block-buffered apply to stdout: with --to-http, \
                 --http-batch, --http-batch-bytes and --http-flush-after bound the batches; \
                 --to-redis sends whenever the pipeline flushes",
            )
            .into());
        }
        let last = stages.last();
        // Not while the input is typed on a terminal: its echo would move the frames.
        let typed = files.iter().any(|f| f == "-") && io::stdin().is_terminal();
        let shown = output::Shown {
            live: stdout.is_terminal()
                && http.is_none()
                && !to_redis
                && global.kafka.to_kafka.is_none()
                && !typed
                && matches!(
                    to,
                    output::OutputFormat::Table | output::OutputFormat::Chart
                )
                && last.is_some_and(|s| s.snapshot().is_some()),
            key: last.and_then(|s| s.record_key()),
            series: last.and_then(|s| s.series()),
        };
        let live = shown.live.then_some(LiveFrames {
            last: i64::MIN,
            gap: FRAME_NS,
            dirty: true,
        });
        let kafka = global.kafka.to_kafka.as_deref();
        if kafka.is_some()
            && (http.is_some() || to_redis || global.line_buffered || global.block_buffered)
        {
            return Err(UsageError::new(
                "--to-kafka writes records, not stdout: it goes with neither --to-http, \
                 --to-redis nor --line-buffered and --block-buffered",
            )
            .into());
        }
        let sink: Box<dyn Sink> = match (http, &global.redis.to_redis) {
            (None, None) if kafka.is_some() => kafka_sink(global, to, clock)?,
            #[cfg(feature = "redis")]
            (None, Some(url)) => {
                let options = global.sink_options();
                let make = move |stream| output::make_sink(to, stream, &options, &shown);
                Box::new(output::redis::RedisSink::new(url, to, Box::new(make))?)
            }
            #[cfg(not(feature = "redis"))]
            (None, Some(_)) => return Err(without_redis()),
            (Some(http), _) => {
                let options = global.sink_options();
                let make = move |stream| output::make_sink(to, stream, &options, &shown);
                let stopping = stopping.clone();
                Box::new(output::http::HttpSink::new(
                    http,
                    to,
                    Box::new(make),
                    stopping,
                )?)
            }
            (None, None) => {
                let stream = OutputStream::new(Box::new(stdout.lock()), line_buffered);
                output::make_sink(to, stream, &global.sink_options(), &shown)?
            }
        };
        let monitor = Monitor::new(global, files);
        // Messages on stderr go around the progress bar and a live view's frame.
        match (monitor.progress(), sink.around_messages()) {
            (Some(progress), Some(live)) => {
                let bar = progress.around_messages();
                diag.around_messages(Box::new(move |write| live(&mut || bar(&mut *write))));
            }
            (Some(progress), None) => diag.around_messages(progress.around_messages()),
            (None, Some(live)) => diag.around_messages(live),
            (None, None) => {}
        }
        let stage_count = stages.len();
        let reads_on_closed = stages.iter().any(|s| s.writes_aside());
        let measure = monitor
            .measures()
            .then(|| Measure::new(stage_count, clock.clone()));
        Ok(Pipeline {
            counters: vec![StageCounters::default(); stages.len() + 1],
            names,
            stages,
            sink,
            ctx: Context {
                measure,
                stopping: stopping.clone(),
                reads_on_closed,
                ..Context::new(diag, clock.clone(), stage_count)
            },
            input: InputCounters::default(),
            busy: Duration::ZERO,
            monitor,
            state: None,
            live,
            listening: None,
            transport: None,
            acks: Vec::new(),
            acks_since: None,
            checkpoints: None,
        })
    }

    /// A live view: draws the current result when it may have changed and the last frame is
    /// older than the gap between frames ([`LiveFrames`]). `changed`: input or a tick was just
    /// processed.
    fn draw_live(&mut self, changed: bool) -> Result<()> {
        let Some(live) = &mut self.live else {
            return Ok(());
        };
        live.dirty |= changed;
        let now = self.ctx.clock.now();
        if !live.dirty || now.saturating_sub(live.last) < live.gap {
            return Ok(());
        }
        live.dirty = false;
        live.last = now;
        let began = Instant::now();
        let running = (self.stages.last())
            .and_then(|s| s.snapshot())
            .unwrap_or_default();
        self.sink.show(&running).map_err(Error::output)?;
        let took = i64::try_from(began.elapsed().as_nanos()).unwrap_or(i64::MAX);
        if let Some(live) = &mut self.live {
            live.gap = FRAME_NS.max(took.saturating_mul(5));
        }
        Ok(())
    }

    /// `--state`: gives every stage back what it held at the end of the last run, and plans
    /// the sources from where the last run read them to.
    fn resume(
        &mut self,
        mut file: StateFile,
        files: &[String],
        final_run: bool,
    ) -> Result<(Vec<input::SourceSpec>, input::ReadMode)> {
        // A stage that cannot keep what it holds (`join --stream`) would fail the checkpoint at
        // the end of the run (or a transport's checkpoints), after its output: refused before
        // any input instead.
        if !final_run || self.checkpoints.is_some() {
            for (i, (stage, name)) in self.stages.iter().zip(&self.names).enumerate() {
                if let Err(Error::Runtime(e)) = stage.save_state() {
                    return Err(UsageError::new(format!("{e:#}"))
                        .in_stage(i + 1, name)
                        .into());
                }
            }
        }
        let saved = file.stage_states();
        for (i, ((stage, name), saved)) in self
            .stages
            .iter_mut()
            .zip(&self.names)
            .zip(saved)
            .enumerate()
        {
            if let Some(saved) = saved {
                crate::ops::state::restore_value(stage.as_mut(), i + 1, name, saved)?;
                self.counters[i + 1].restored = stage.holding();
            }
        }
        let plan = file.plan(files)?;
        let transport = file.transport_positions();
        self.state = Some(StateRun {
            file,
            positions: plan.positions,
            final_run,
            transport,
        });
        let mode = input::ReadMode {
            track: true,
            hold_partial: !final_run,
        };
        Ok((plan.sources, mode))
    }

    /// True when the end of this run is not the end of the stream: `--state` without
    /// `--final`. The stages then keep what they hold for the next run instead of finishing.
    fn checkpoint(&self) -> bool {
        self.state.as_ref().is_some_and(|s| !s.final_run)
    }

    /// `--state`: saves where each source was read to and, at a checkpoint, what each stage
    /// holds. Called once the output is flushed: a crash before it repeats this run's output
    /// at the next run (at least once), never loses any. `mid_run`: a transport's checkpoint,
    /// the stages going on afterwards (also under `--final`).
    fn save_state(&self, mid_run: bool) -> Result<()> {
        let Some(run) = &self.state else {
            return Ok(());
        };
        let stages = if mid_run || self.checkpoint() {
            self.stages
                .iter()
                .zip(&self.names)
                .enumerate()
                .map(|(i, (stage, name))| stage.save_state().map_err(|e| e.in_stage(i + 1, name)))
                .collect::<Result<Vec<_>>>()?
        } else {
            vec![None; self.stages.len()]
        };
        let final_run = run.final_run && !mid_run;
        (run.file).save(&run.positions, &run.transport, stages, final_run)
    }

    /// A transport's checkpoint, when one is due: every `--checkpoint-interval` after something
    /// was processed, and at once when the consumer waits for the acknowledgements held.
    fn checkpoint_due(&mut self) -> Result<()> {
        let due = (self.checkpoints.as_ref()).is_some_and(|c| {
            c.dirty && (c.last.elapsed() >= c.every || c.held >= input::transport::IN_FLIGHT)
        });
        if due {
            self.take_checkpoint()?;
        }
        Ok(())
    }

    /// A transport's checkpoint: the output flushed (delivered), the side files flushed, the
    /// stages' state and the positions processed saved, and only then the acknowledgements
    /// released. Output that is not delivered yet waits for a later one.
    fn take_checkpoint(&mut self) -> Result<()> {
        self.flush_output()?;
        if self.ctx.output_closed || !self.sink.delivered() {
            if let Some(c) = &mut self.checkpoints {
                c.last = Instant::now();
            }
            return Ok(());
        }
        for (i, (stage, name)) in self.stages.iter_mut().zip(&self.names).enumerate() {
            stage.flush().map_err(|e| e.in_stage(i + 1, name))?;
        }
        self.ctx.diag.flush()?;
        self.save_state(true)?;
        self.release_acks();
        if let Some(c) = &mut self.checkpoints {
            c.last = Instant::now();
            c.dirty = false;
        }
        Ok(())
    }

    /// What the reader is to do for this chain: the format (`--from`, else what the first stage
    /// reads), the decoders' options with the work the pushdown layer plans for the reader
    /// threads ([`crate::pushdown::plan`]), and how many threads decode. A format
    /// `--multiline-start` does not apply to is a usage error.
    fn reader_setup(
        &mut self,
        global: &crate::cli::GlobalArgs,
        files: Vec<String>,
    ) -> Result<ReaderSetup> {
        let format = global
            .from
            .or_else(|| self.stages.first().and_then(|stage| stage.input_format()));
        let mut options = global.decoder_options();
        options.meter = self.monitor.meter();
        if options.multiline.is_some() {
            input::multiline::check_formats(format, &files).map_err(UsageError::new)?;
        }
        // The full path (`EDDY_EAGER=1`) leaves every stage's work to the stage itself; so do
        // `--with-filename` and `--meta-field`: the reader's work reads the records as read,
        // without the field.
        if !input::eager_decoding() && options.file_field.is_none() && global.meta_field.is_none() {
            let writes_ndjson = global.to.unwrap_or_default() == output::OutputFormat::Ndjson;
            options.work = pushdown::plan(&mut self.stages, writes_ndjson);
        }
        // Chunks are cut at line ends where no record is open, which multi-line records
        // would need the start pattern for: one thread reads them.
        let threads = match global.threads {
            _ if options.multiline.is_some() => 1,
            Some(n) => usize::from(n),
            None => input::parallel::default_threads(&files),
        };
        Ok(ReaderSetup {
            planned: None,
            follow: None,
            wanted: self.stages.iter().all(|stage| stage.wants_input()),
            listen: None,
            transport: None,
            meta_field: global.meta_field.clone(),
            exit_idle: global.exit_idle,
            skip: input::transport::Positions::new(),
            files,
            format,
            options,
            threads,
        })
    }

    /// After the run: writes what is complete (also when the run failed, but not into a closed
    /// pipe), flushes the side files, prints the summaries and, with `stats`, the `--stats`
    /// object.
    fn close(mut self, outcome: Result<Option<i32>>, stats: bool) -> Result<RunReport> {
        // Stdout closed while a stage wrote its own files: the run read on for them, and ends
        // as quietly as any other closed pipe (saving no state, as the output is incomplete).
        let outcome = match outcome {
            Ok(_) if self.ctx.output_closed => Err(Error::BrokenPipe),
            outcome => outcome,
        };
        let finished = match &outcome {
            Err(Error::BrokenPipe) => Ok(()),
            _ => self.sink.finish().map_err(Error::output),
        };
        // A closed stdout pipe ends the run quietly: the reader downstream wanted no more, and
        // the stages' summaries would speak of records nobody will see (`window … | head -1`).
        let quiet = matches!(outcome, Err(Error::BrokenPipe));
        let outcome = outcome.and_then(|signal| finished.map(|()| signal));
        // `--to-http`: records that could not be delivered fail a run that went well or was
        // interrupted (status 3, not 0, 130 or 143); a run that failed otherwise keeps its
        // error, and the count is said before it.
        let undelivered = (self.sink.delivery()).and_then(output::http::Delivery::undelivered);
        let outcome = match (outcome, undelivered) {
            (Ok(_), Some(message)) => Err(Error::runtime(message)),
            (Err(e), Some(message)) => {
                self.monitor.say(&format!("eddy: {message}"));
                Err(e)
            }
            (outcome, None) => outcome,
        };
        let flushed = self.ctx.diag.flush();
        // A run that failed saves nothing: the next run does it again from the last state.
        let saved = match (&outcome, &flushed) {
            (Ok(_) | Err(Error::InputsFailed(_)), Ok(())) => self.save_state(false),
            _ => Ok(()),
        };
        // A transport source: what was flushed and delivered (and, with `--state`, saved) is
        // acknowledged, the rest is delivered again to the next consumer; then the consumer's
        // last acknowledgements.
        if outcome.is_ok() && saved.is_ok() && self.sink.delivered() {
            self.release_acks();
        }
        self.acks.clear();
        let outcome = match (outcome, self.transport.as_ref().map(|c| c.close())) {
            (Ok(_), Some(Err(e))) => Err(e),
            (Err(e), Some(Err(also))) => {
                if let Some(line) = also.render() {
                    self.monitor.say(&line);
                }
                Err(e)
            }
            (outcome, _) => outcome,
        };
        self.monitor.finish();
        if !quiet {
            self.print_summaries();
        }
        if stats {
            self.monitor.report(&self.stats());
        }
        saved?;
        let signal = outcome?;
        flushed?;
        let datagrams_lost = self.listening.as_ref().is_some_and(|l| l.lost() > 0);
        Ok(RunReport {
            written: self.ctx.written,
            anything_lost: self.ctx.diag.anything_lost() || datagrams_lost,
            signal,
        })
    }

    /// Calls `f` with the stage at 0-based `index` and its downstream: the one way into a stage.
    fn at_stage<T>(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut dyn Stage, &mut Out<'_>) -> Result<T>,
    ) -> Result<T> {
        let (stage, rest) = self.stages[index..]
            .split_first_mut()
            .expect("stage in range");
        let mut out = Out::new(
            &mut self.counters[index + 1..],
            rest,
            &mut *self.sink,
            &mut self.ctx,
        );
        out.timed(index, |out| f(stage.as_mut(), out))
    }

    /// Runs `work` on the main thread, counted as busy; a `batch` is a sample of the stages'
    /// times ([`crate::meter::StageClock`]), other work is timed whole. The events written by
    /// then count as written now ([`crate::meter::Delays`]).
    fn busy<T>(&mut self, batch: bool, work: impl FnOnce(&mut Self) -> T) -> T {
        let began = Instant::now();
        if let Some(measure) = &mut self.ctx.measure {
            if batch {
                measure.stages.begin_batch();
            } else {
                measure.stages.begin_exact();
            }
        }
        let result = work(self);
        let took = began.elapsed();
        self.busy += took;
        if let Some(measure) = &mut self.ctx.measure {
            measure.stages.end(took);
            measure.delays.settle(self.ctx.clock.now());
        }
        result
    }

    /// Draws the progress bar and makes the `--stats-interval` report when they are due.
    fn report_due(&mut self) {
        if self.monitor.due(self.counters[0].events_out) {
            self.monitor.report(&self.stats());
        }
    }

    /// The main loop. Returns the signal that ended the run, if any.
    fn drive(&mut self, rx: &Receiver<Message>) -> Result<Option<i32>> {
        loop {
            let message = match rx.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => {
                    // The input has nothing more to give right now: flush for live readers.
                    self.draw_live(false)?;
                    self.flush_output()?;
                    // A side file that cannot be written fails the run at its end, after what
                    // is complete is out (the flush there fails again).
                    let _ = self.ctx.diag.flush();
                    for stage in &mut self.stages {
                        let _ = stage.flush();
                    }
                    self.checkpoint_due()?;
                    match self.wait(rx)? {
                        Some(m) => m,
                        None => continue,
                    }
                }
                Err(TryRecvError::Disconnected) => Message::End,
            };
            match message {
                Message::Batch(batch) => {
                    let flow =
                        self.busy(true, |pipeline| match pipeline.process_batch(batch)? {
                            Flow::Continue => pipeline.tick_due(),
                            Flow::Stop => Ok(Flow::Stop),
                        })?;
                    self.report_due();
                    if flow == Flow::Stop {
                        self.finish()?;
                        return self.sources_read();
                    }
                    self.draw_live(true)?;
                    // A partial batch that is due goes out also while the input streams in
                    // (`--to-http` with few events that pass), and a transport source's
                    // messages are acknowledged at least every second.
                    let acks_due = (self.acks_since).is_some_and(|t| t.elapsed() >= ACK_EVERY);
                    if acks_due || self.sink.wake().is_some_and(|wait| wait.is_zero()) {
                        self.flush_output()?;
                    }
                    self.checkpoint_due()?;
                }
                Message::End => {
                    self.finish()?;
                    // A stage that waited in `finish` (`join --stream`) stopped for a signal.
                    if let Some(sig) = self.signal_while_finishing(rx) {
                        return Ok(Some(sig));
                    }
                    return self.sources_read();
                }
                Message::SourceFailed(e) => {
                    // Said now, as ripgrep does; the next sources are still read.
                    if let Some(line) = e.render() {
                        self.monitor.say(&line);
                    }
                    self.input.failed_sources += 1;
                }
                Message::Failed(e) => {
                    // Emit what is complete, then fail.
                    self.finish()?;
                    return Err(e);
                }
                Message::Reopen => self.reopen()?,
                Message::Signal(sig) => {
                    self.ctx.interrupted = true;
                    self.finish()?;
                    return Ok(Some(sig));
                }
            }
        }
    }

    /// SIGHUP: the side files (`--errors`, `tee`, `--late file:`) are opened again by name.
    fn reopen(&mut self) -> Result<()> {
        self.ctx.diag.reopen()?;
        for (i, (stage, name)) in self.stages.iter_mut().zip(&self.names).enumerate() {
            stage.reopen().map_err(|e| e.in_stage(i + 1, name))?;
        }
        Ok(())
    }

    /// The signal that arrived while the stages finished after the end of input, if one did
    /// (its message follows `stopping` at once).
    fn signal_while_finishing(&self, rx: &Receiver<Message>) -> Option<i32> {
        if !self.ctx.stopping.load(Ordering::Relaxed) {
            return None;
        }
        loop {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(Message::Signal(sig)) => return Some(sig),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    /// The end of a run that was not interrupted: status 3 if a source could not be read.
    fn sources_read(&self) -> Result<Option<i32>> {
        match self.input.failed_sources {
            0 => Ok(None),
            n => Err(Error::InputsFailed(n)),
        }
    }

    /// Blocks for the next message, or until the earliest stage deadline (then ticks) or the
    /// next report ([`Monitor::wake`]).
    fn wait(&mut self, rx: &Receiver<Message>) -> Result<Option<Message>> {
        let Some(wait) = self.wait_limit() else {
            return Ok(Some(rx.recv().unwrap_or(Message::End)));
        };
        if !wait.is_zero() {
            match rx.recv_timeout(wait) {
                Ok(m) => return Ok(Some(m)),
                Err(RecvTimeoutError::Disconnected) => return Ok(Some(Message::End)),
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
        if self.busy(false, Self::tick_due)? == Flow::Stop {
            return Ok(Some(Message::End));
        }
        self.report_due();
        self.draw_live(true)?;
        Ok(None)
    }

    /// How long [`Pipeline::wait`] may wait for a message: until the earliest stage deadline or
    /// the next report; `None`: for ever.
    fn wait_limit(&self) -> Option<Duration> {
        let now = self.ctx.clock.now();
        let stages = self
            .next_deadline()
            .map(|deadline| Duration::from_nanos(deadline.saturating_sub(now).max(0) as u64));
        // A live view whose result changed within the last frame's time draws it when that
        // time is over.
        let frame = (self.live.as_ref()).filter(|live| live.dirty).map(|live| {
            let next = live.last.saturating_add(live.gap);
            Duration::from_nanos(next.saturating_sub(now).max(0) as u64)
        });
        let checkpoint = (self.checkpoints.as_ref())
            .filter(|c| c.dirty)
            .map(|c| c.every.saturating_sub(c.last.elapsed()));
        [
            stages,
            self.monitor.wake(),
            frame,
            self.sink.wake(),
            checkpoint,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn next_deadline(&self) -> Option<i64> {
        self.stages.iter().filter_map(|s| s.next_deadline()).min()
    }

    /// Ticks every stage whose deadline has passed.
    fn tick_due(&mut self) -> Result<Flow> {
        let Some(deadline) = self.next_deadline() else {
            return Ok(Flow::Continue);
        };
        let now = self.ctx.clock.now();
        if deadline > now {
            return Ok(Flow::Continue);
        }
        if let Some(c) = &mut self.checkpoints {
            c.dirty = true;
        }
        for i in 0..self.stages.len() {
            if self.at_stage(i, |stage, out| stage.tick(now, out))? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    fn process_batch(&mut self, mut batch: Batch) -> Result<Flow> {
        let position = batch.position.take();
        let ack = batch.ack.take();
        let flow = self.process_items(batch)?;
        // Processed whole: acknowledged once its output is flushed. A batch a stage stopped
        // inside (a satisfied `head`) is not: its messages are delivered again.
        if let (Some(ack), Flow::Continue) = (ack, flow) {
            if let Some(c) = &mut self.checkpoints {
                c.held += ack.messages();
            }
            if let Some(run) = &mut self.state {
                for (source, at) in ack.positions() {
                    let saved = run
                        .transport
                        .entry(std::sync::Arc::clone(source))
                        .or_insert(*at);
                    *saved = (*at).max(*saved);
                }
            }
            self.acks.push(ack);
            self.acks_since.get_or_insert_with(Instant::now);
        }
        if let Some(c) = &mut self.checkpoints {
            c.dirty = true;
        }
        // Where the source stands once the batch is processed whole (or a stage wants no more).
        if let (Some(run), Some(position)) = (&mut self.state, position) {
            let index = position.index;
            if run.positions.len() <= index {
                run.positions.resize(index + 1, None);
            }
            run.positions[index] = Some(position);
        }
        Ok(flow)
    }

    fn process_items(&mut self, batch: Batch) -> Result<Flow> {
        self.input.lines += batch.lines;
        self.input.blank += batch.blank;
        self.input.structural += batch.structural;
        self.input.bytes += batch.bytes;
        for note in &batch.notes {
            self.ctx.diag.note(note);
        }
        for (location, message) in &batch.cut {
            self.ctx.diag.record_cut(location, message);
        }
        let mut items = batch.items.into_iter();
        while let Some(item) = items.next() {
            let result = match item {
                Item::Event {
                    event,
                    start,
                    found,
                } => self.push_at(start, event, found),
                Item::Malformed(error, original) => {
                    self.counters[0].dropped[error.reason as usize] += 1;
                    self.ctx
                        .diag
                        .report(error, &original, b"")
                        .map(|()| Flow::Continue)
                }
                Item::Filtered { stage, lines } => {
                    enter(&mut self.counters, stage, lines);
                    self.counters[stage + 1].filtered += lines;
                    Ok(Flow::Continue)
                }
                Item::Absorbed(absorbed) => {
                    let stage = absorbed.stage;
                    enter(&mut self.counters, stage, absorbed.events);
                    self.at_stage(stage, |target, out| {
                        pushdown::deliver_absorbed(target, absorbed, out)
                    })
                }
                Item::Output { events, lines } => {
                    self.write_finished(events, &lines, batch.arrival)
                }
            };
            // The run stops here (a satisfied `head`, `--on-error fail`, a write error): the
            // rest of the batch was read but is never processed.
            if !matches!(result, Ok(Flow::Continue)) {
                self.input.unprocessed += items.map(|item| item.records()).sum::<u64>();
                return result;
            }
        }
        Ok(Flow::Continue)
    }

    /// Pushes an event into the chain at the 0-based stage `start` (the reader did the stages
    /// before it), with what the reader found for that stage: the one way an event read enters
    /// the chain.
    fn push_at(&mut self, start: usize, event: Event, found: Option<Box<Found>>) -> Result<Flow> {
        if let Some(found) = found {
            enter(&mut self.counters, start, 1);
            return self.at_stage(start, |stage, out| {
                pushdown::deliver_found(stage, event, found, out)
            });
        }
        // The last stage the reader did (or the input) hands the event on.
        if let Some(last_done) = start.checked_sub(1) {
            enter(&mut self.counters, last_done, 1);
        }
        let mut out = Out::new(
            &mut self.counters[start..],
            &mut self.stages[start..],
            &mut *self.sink,
            &mut self.ctx,
        );
        out.emit(event)
    }

    /// Writes the output `lines` of `events` the reader took through every stage, read at
    /// `arrival`.
    fn write_finished(&mut self, events: u64, lines: &[u8], arrival: i64) -> Result<Flow> {
        let past_last = self.stages.len();
        enter(&mut self.counters, past_last, events);
        if self.ctx.output_closed {
            return Ok(Flow::Stop);
        }
        let written = Measure::writing(
            self.ctx.measure.as_mut(),
            (arrival, events),
            past_last,
            || self.sink.write_lines(lines),
        );
        if let Err(e) = written {
            return self.ctx.output_failed(e);
        }
        self.ctx.written += events;
        Ok(Flow::Continue)
    }

    /// Flushes the output. A closed stdout is an error ending the run quietly, unless a stage
    /// [`Stage::writes_aside`]: the run then reads on, and the stages learn of it at their next
    /// event ([`Flow::Stop`]).
    fn flush_output(&mut self) -> Result<()> {
        if self.ctx.output_closed {
            return Ok(());
        }
        match self.sink.flush() {
            // With checkpoints, the acknowledgements wait for the state to be saved.
            Ok(()) if self.sink.delivered() && self.checkpoints.is_none() => {
                self.release_acks();
                Ok(())
            }
            // A transport source is acknowledged in order (Kafka's offsets): past output the
            // sink gave up on (`--to-http`), nothing could be acknowledged any more, so the
            // run stops now (status 3, the count said at the end); its messages stay
            // unacknowledged, to be delivered again.
            Ok(())
                if self.transport.is_some()
                    && self.sink.delivery().is_some_and(|d| d.records_failed > 0) =>
            {
                Err(Error::runtime(
                    "a transport source stops at output that could not be delivered: \
                     its messages are not acknowledged (they are delivered again)",
                ))
            }
            Ok(()) => Ok(()),
            Err(e) => self.ctx.output_failed(e).map(drop),
        }
    }

    /// The output of the batches processed so far is flushed and delivered: their transport
    /// source may acknowledge them.
    fn release_acks(&mut self) {
        self.acks_since = None;
        if let Some(c) = &mut self.checkpoints {
            c.held = 0;
        }
        for ack in self.acks.drain(..) {
            ack.release();
        }
    }

    /// End of input: every stage finishes in order, so what it emits reaches the later ones.
    /// At a checkpoint (`--state` without `--final`) the stages keep what they hold instead.
    fn finish(&mut self) -> Result<()> {
        self.busy(false, |pipeline| {
            if pipeline.checkpoint() {
                // What the stages keep goes into the state; their side files are flushed now,
                // so that a write error fails the run before the state is saved.
                for stage in &mut pipeline.stages {
                    stage.flush()?;
                }
            } else {
                for i in 0..pipeline.stages.len() {
                    pipeline.at_stage(i, |stage, out| stage.finish(out))?;
                }
            }
            pipeline.flush_output()
        })
    }

    fn print_summaries(&self) {
        let mut stderr = io::stderr().lock();
        for stage in &self.stages {
            if let Some(line) = stage.summary() {
                let _ = writeln!(stderr, "{line}");
            }
        }
        let listening = self.listening.as_ref().map(|l| l.summary());
        for line in [self.ctx.diag.cut_summary(), self.ctx.diag.summary()]
            .into_iter()
            .flatten()
            .chain(listening.into_iter().flatten())
        {
            let _ = writeln!(stderr, "{line}");
        }
    }

    /// The `--stats` object.
    fn stats(&self) -> Value {
        let mut root = Map::default();
        let int = |n: u64| Value::Int(n as i64);
        let read_events = self.counters[0].events_out;
        root.insert("lines_read".into(), int(self.input.lines));
        root.insert("bytes_read".into(), int(self.input.bytes));
        root.insert("blank_lines".into(), int(self.input.blank));
        root.insert("structural_lines".into(), int(self.input.structural));
        // The reader's own drops: the top-level `dropped` also counts the stages'.
        let input_dropped = |reason: DropReason| int(self.counters[0].dropped[reason as usize]);
        root.insert(
            "malformed_lines".into(),
            input_dropped(DropReason::Malformed),
        );
        root.insert("too_long_lines".into(), input_dropped(DropReason::TooLong));
        root.insert("records_cut".into(), int(self.ctx.diag.records_cut()));
        root.insert("events_read".into(), int(read_events));
        root.insert("records_unprocessed".into(), int(self.input.unprocessed));
        root.insert("inputs_failed".into(), int(self.input.failed_sources));
        root.insert("events_written".into(), int(self.ctx.written));
        let filtered: u64 = self.counters.iter().map(|c| c.filtered).sum::<u64>()
            + self.stages.iter().map(|s| s.filtered_within()).sum::<u64>();
        root.insert("events_filtered".into(), int(filtered));
        let mut dropped = Map::default();
        for reason in DropReason::ALL {
            dropped.insert(reason.key().into(), int(self.ctx.diag.dropped(reason)));
        }
        root.insert("dropped".into(), Value::Object(dropped));
        let stages = self
            .names
            .iter()
            .zip(&self.counters[1..])
            .zip(&self.stages)
            .enumerate()
            .map(|(i, ((name, c), stage))| {
                let mut m = Map::default();
                m.insert("stage".into(), Value::Int(i as i64 + 1));
                m.insert("name".into(), Value::from(*name));
                c.show(&mut m, stage.holding());
                if self.state.is_some() {
                    m.insert("restored".into(), int(c.restored));
                }
                if let Some(extra) = stage.stats() {
                    m.insert("details".into(), extra);
                }
                Value::Object(m)
            })
            .collect();
        root.insert("stages".into(), Value::Array(stages));
        if let Some(listening) = &self.listening {
            root.insert("listen".into(), listening.stats());
        }
        if let Some(delivery) = self.sink.delivery() {
            // The sinks that deliver over the network: `--to-http` and `--to-kafka`.
            let name = if delivery.url.starts_with("kafka://") {
                "kafka"
            } else {
                "http"
            };
            root.insert(name.into(), delivery_stats(delivery));
        }
        let sample = Sample {
            events_read: read_events,
            main_busy: self.busy,
            stages: &self.stages,
            names: &self.names,
            measure: self.ctx.measure.as_ref(),
            now: self.ctx.clock.now(),
        };
        self.monitor.add_timing(&mut root, &sample);
        Value::Object(root)
    }
}

/// The `http` object of `--stats` (`--to-http`): what was delivered and what was given up.
fn delivery_stats(delivery: &output::http::Delivery) -> Value {
    let int = |n: u64| Value::Int(n as i64);
    let mut m = Map::default();
    m.insert("url".into(), Value::from(delivery.url.as_str()));
    m.insert("batches_posted".into(), int(delivery.batches_posted));
    m.insert("records_posted".into(), int(delivery.records_posted));
    m.insert("bytes_posted".into(), int(delivery.bytes_posted));
    m.insert("retries".into(), int(delivery.retries));
    m.insert("batches_failed".into(), int(delivery.batches_failed));
    m.insert("records_failed".into(), int(delivery.records_failed));
    let last = delivery
        .last_error
        .as_deref()
        .map_or(Value::Null, Value::from);
    m.insert("last_error".into(), last);
    Value::Object(m)
}
