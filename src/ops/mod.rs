//! Stages: the [`Stage`] trait, the [`Out`] handle through which a stage passes events on, and
//! the registry of stage commands ([`StageCommand`]). One stage per file.
//!
//! Push model, as ripgrep's searcher and sink: the pipeline pushes each event into the first
//! stage; a stage pushes what it emits into the rest of the chain through [`Out::emit`], which
//! answers [`Flow::Stop`] when nothing downstream wants more (a satisfied `head`). At end of input
//! each stage's [`Stage::finish`] runs in order; when time passes with no input, [`Stage::tick`].

pub mod by;
pub mod chain;
pub mod count;
pub mod dedupe;
pub mod drop;
pub mod filter;
pub mod head;
pub mod join;
pub mod map;
pub mod offer;
pub mod parse;
pub mod rename;
pub mod route;
pub mod sample;
pub mod select;
pub mod side;
pub mod sort;
pub mod split;
pub mod state;
pub mod tail;
pub mod tee;
pub mod unnest;
pub mod window;

use crate::clock::SharedClock;
use crate::diag::Diagnostics;
use crate::error::{DataError, DropReason, Error, Result, UsageError};
use crate::event::Event;
use crate::meter::Measure;
use crate::output::Sink;
use crate::path::Path;
use crate::value::{Map, Value};
pub use offer::{FieldStage, Pushdown, ReaderStep, Stepped, WindowOffer};

/// Whether the producer should go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep sending events.
    Continue,
    /// Nothing downstream wants more events: stop reading input.
    Stop,
}

/// A stage of the pipeline.
pub trait Stage {
    /// Takes one event; passes on zero or more events through `out`.
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow>;

    /// Opens the files the stage writes besides its output (a window's `--late file:PATH`):
    /// created anew, or appended to when the run goes on from an earlier one (`append`: a run
    /// resumed from `--state`). The pipeline calls it once every stage of the chain is built, so
    /// that a usage error in a later stage leaves no file created or truncated.
    fn open(&mut self, append: bool) -> Result<()> {
        let _ = append;
        Ok(())
    }

    /// End of input: emit whatever is held (sorted events, open windows).
    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        let _ = out;
        Ok(())
    }

    /// Wall-clock time has passed with no input; `now` is the clock's reading.
    fn tick(&mut self, now: i64, out: &mut Out<'_>) -> Result<Flow> {
        let _ = (now, out);
        Ok(Flow::Continue)
    }

    /// The wall-clock instant (ns) at which this stage next wants a [`Stage::tick`], if any.
    fn next_deadline(&self) -> Option<i64> {
        None
    }

    /// Stage-specific counters for `--stats` (an object), if any.
    fn stats(&self) -> Option<Value> {
        None
    }

    /// The stage's watermark (ns since the epoch), whose lag behind the wall clock `--stats`
    /// shows; `None` for a stage without one or before it has one.
    fn watermark(&self) -> Option<i64> {
        None
    }

    /// A line for stderr at the end of the run (e.g. the window's late-data summary), if any.
    fn summary(&self) -> Option<String> {
        None
    }

    /// The input paused: push out whatever the stage buffers outside the event stream (the
    /// file of `tee`), so live readers see it promptly. Called beside the output's flush.
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }

    /// SIGHUP: closes the files the stage writes besides its output and opens them again by
    /// name, appending (after logrotate moved them away).
    fn reopen(&mut self) -> Result<()> {
        Ok(())
    }

    /// Whether the stage writes files of its own that it goes on writing when nothing down the
    /// chain wants more events (`route`'s FILE branches, `split`): a closed stdout then does
    /// not end the run, which reads on for them as past a satisfied `head`.
    fn writes_aside(&self) -> bool {
        false
    }

    /// Events the stages of chains held inside the stage filtered (`route`'s branch chains),
    /// which the run's `events_filtered` counts with every stage's.
    fn filtered_within(&self) -> u64 {
        0
    }

    /// The files the stage writes besides its output whose names it knows before any input
    /// (`tee`'s, `route`'s), as given: the pipeline refuses two writers of one file.
    fn files_written(&self) -> Vec<std::path::PathBuf> {
        Vec::new()
    }

    /// The files the run writes elsewhere (other stages' [`Stage::files_written`], `--errors`),
    /// told once they exist: a stage that names its files only while it runs (`split`) refuses
    /// to write one of them, as the pipeline refuses two writers of a file named beforehand.
    fn written_elsewhere(&mut self, files: &[std::path::PathBuf]) {
        let _ = files;
    }

    /// False when the stage, before any event, already wants none (`head 0`): the run then
    /// reads no input at all.
    fn wants_input(&self) -> bool {
        true
    }

    /// The input format the stage reads when it is the first stage and `--from` is not given,
    /// if it needs one (`window merge --partial-format tsv` reads `KEY<TAB>JSON` lines).
    fn input_format(&self) -> Option<crate::input::InputFormat> {
        None
    }

    /// The work the stage lets the reader threads do in its place ([`Pushdown`]), which the
    /// pushdown layer plans and runs ([`crate::pushdown`]); `None` for most stages.
    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        None
    }

    /// A live view's running result (`--to table` or `--to chart` on a terminal): the records
    /// the stage would still emit for what it holds if the input ended now (a time window's
    /// open windows, `count`'s running counts), in output order, made without changing what it
    /// holds (labelled `early` where records carry `window_emit`). `None` (the default): the
    /// stage's result is not a table that changes as it runs.
    fn snapshot(&self) -> Option<Vec<Event>> {
        None
    }

    /// The fields that, with a record's bounds (`window_start`, `window_end`, `seq_start`,
    /// `seq_end`, those it has), identify a record of the stage's result, for a live table to
    /// replace a row by its update: the `--by` keys' output names. `None` (the default): each
    /// record is a row of its own.
    fn record_key(&self) -> Option<Vec<String>> {
        None
    }

    /// The time series the stage's records make, for `--to chart`: a record per window and key
    /// with `window_start`; `None` (the default) when they make none.
    fn series(&self) -> Option<crate::output::chart::Series> {
        None
    }

    /// How many events the stage holds to pass on later (`sort`, `tail`): taken in and not
    /// passed on yet, they count as `absorbed` in `--stats` (none once [`Stage::finish`] has
    /// passed them on; some when a failure stopped the run first).
    fn holding(&self) -> u64 {
        0
    }

    /// What the stage holds between runs, for `--state` (open windows and their partial
    /// aggregates, the watermark, a dedupe memory, a `tail` buffer), as a JSON-shaped value that
    /// [`Stage::restore_state`] takes back; `None` for a stage that holds nothing across events.
    /// Called at the end of a run instead of [`Stage::finish`] when the run is a checkpoint.
    fn save_state(&self) -> Result<Option<Value>> {
        Ok(None)
    }

    /// Takes back what [`Stage::save_state`] of the same stage, built from the same arguments,
    /// returned in an earlier run, before any event. A value it cannot take (another version,
    /// damaged) is an error naming what is wrong ([`state::state_error`]); it never
    /// half-restores silently. [`state::save`] and [`state::restore`] are the JSON text of it.
    fn restore_state(&mut self, state: Value) -> Result<()> {
        let _ = state;
        Err(state::state_error(
            "cannot be taken: the stage keeps nothing between runs",
        ))
    }
}

/// Counters of one stage, shown by `--stats`. Every event that enters a stage leaves its
/// accounting one way: `events_in = filtered + dropped + passed + absorbed`; what it sends on is
/// `events_out = passed + the events it made`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageCounters {
    /// Events that entered the stage.
    pub events_in: u64,
    /// Events the stage sent down the chain: those it passed on and those it made (aggregate
    /// rows, the elements of `unnest`).
    pub events_out: u64,
    /// Events the stage removed by the user's request (a false filter, beyond `head`, a repeat).
    pub filtered: u64,
    /// Events the stage dropped because of bad data, by reason.
    pub dropped: [u64; DropReason::ALL.len()],
    /// Events the stage took in and passed on, changed or not ([`Out::emit`]).
    pub passed: u64,
    /// Events the stage took in and did not pass on: aggregated (a window), or replaced by the
    /// events it made of them (`unnest`) ([`Out::absorbed`]). Events a stage holds are added
    /// when the counters are shown ([`Stage::holding`]).
    pub absorbed: u64,
    /// Events the stage held at the end of the last run and took back from `--state` (`sort`,
    /// `tail`): they did not enter in this run but are settled in it, so
    /// `events_in + restored = filtered + dropped + passed + absorbed`.
    pub restored: u64,
}

impl StageCounters {
    /// Writes the counters into `m` as `--stats` shows a stage's; `holding`, the events the
    /// stage holds ([`Stage::holding`]), count as absorbed.
    pub fn show(&self, m: &mut Map, holding: u64) {
        let int = |n: u64| Value::Int(n as i64);
        m.insert("events_in".into(), int(self.events_in));
        m.insert("events_out".into(), int(self.events_out));
        m.insert("filtered".into(), int(self.filtered));
        let mut d = Map::default();
        for reason in DropReason::ALL {
            if self.dropped[reason as usize] > 0 {
                d.insert(reason.key().into(), int(self.dropped[reason as usize]));
            }
        }
        m.insert("dropped".into(), Value::Object(d));
        m.insert("passed".into(), int(self.passed));
        m.insert("absorbed".into(), int(self.absorbed + holding));
    }

    /// The events the stage took in and settled: filtered, dropped, passed on or absorbed.
    fn settled(&self) -> u64 {
        self.filtered + self.dropped.iter().sum::<u64>() + self.passed + self.absorbed
    }
}

/// The accounting of events moving down the chain, the one rule every count of `--stats`
/// follows: `events` leave the producer whose counters are `counters[0]` (the input, or a
/// stage), pass the `skip` stages after it untouched (the reader did their work), and enter the
/// stage after those, `counters[skip + 1]`, if there is one (else they reached the sink).
pub fn enter(counters: &mut [StageCounters], skip: usize, events: u64) {
    counters[0].events_out += events;
    for passed in &mut counters[1..=skip] {
        passed.events_in += events;
        passed.passed += events;
        passed.events_out += events;
    }
    if let Some(next) = counters.get_mut(skip + 1) {
        next.events_in += events;
    }
}

/// State shared by all stages of a run.
pub struct Context {
    /// Counters and reports of dropped data.
    pub diag: Diagnostics,
    /// The wall clock.
    pub clock: SharedClock,
    /// Events written to the output.
    pub written: u64,
    /// A signal ended the run: what the stages hold and emit at [`Stage::finish`] is cut short.
    pub interrupted: bool,
    /// What is measured for `--stats` (`None` without it).
    pub measure: Option<Measure>,
    /// The number of stages of the chain (the index of the output in [`Out::timed`]).
    pub stage_count: usize,
    /// Some stage [`Stage::writes_aside`]: a closed stdout is then a downstream that wants no
    /// more events ([`Flow::Stop`]), not the end of the run.
    pub reads_on_closed: bool,
    /// Stdout was closed (a broken pipe) and the run reads on: nothing more is written to it.
    pub output_closed: bool,
    /// Set by the first SIGINT/SIGTERM at once, before the main loop reads its message: a stage
    /// that waits in [`Stage::finish`] (`join --stream`) stops waiting.
    pub stopping: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Context {
    /// The context of a chain of `stage_count` stages before anything was written: not
    /// measured, no signal, stdout open and its closing the end of the run.
    pub fn new(diag: Diagnostics, clock: SharedClock, stage_count: usize) -> Context {
        Context {
            diag,
            clock,
            written: 0,
            interrupted: false,
            measure: None,
            stage_count,
            reads_on_closed: false,
            output_closed: false,
            stopping: Default::default(),
        }
    }

    /// What a write to stdout that failed with `e` means: with [`Context::reads_on_closed`],
    /// a closed pipe is [`Flow::Stop`] (and stdout is written no more); else an error (the
    /// quiet end of the run for a closed pipe).
    pub fn output_failed(&mut self, e: std::io::Error) -> Result<Flow> {
        match Error::output(e) {
            Error::BrokenPipe if self.reads_on_closed => {
                self.output_closed = true;
                Ok(Flow::Stop)
            }
            e => Err(e),
        }
    }
}

/// The downstream of a stage: the rest of the chain, then the sink.
pub struct Out<'a> {
    /// `counters[0]` belongs to the stage holding this handle; `counters[1..]` to `stages`.
    counters: &'a mut [StageCounters],
    stages: &'a mut [Box<dyn Stage>],
    sink: &'a mut dyn Sink,
    ctx: &'a mut Context,
    /// The handle of a chain inside a stage ([`Out::nested`]): its sink is not the run's
    /// output, and its stages are timed as part of the stage that holds them.
    nested: bool,
}

impl<'a> Out<'a> {
    /// A handle whose owner's counters are `counters[0]` and whose downstream is `stages`.
    pub fn new(
        counters: &'a mut [StageCounters],
        stages: &'a mut [Box<dyn Stage>],
        sink: &'a mut dyn Sink,
        ctx: &'a mut Context,
    ) -> Out<'a> {
        debug_assert_eq!(counters.len(), stages.len() + 1);
        Out {
            counters,
            stages,
            sink,
            ctx,
            nested: false,
        }
    }

    /// A handle into a chain held inside the owning stage (a `route` branch): `counters[0]`
    /// belongs to the chain's input, `counters[1..]` to `stages`, whose output goes to `sink`.
    /// Drops are reported as the run's; what reaches `sink` is not counted as written.
    pub fn nested<'b>(
        &'b mut self,
        counters: &'b mut [StageCounters],
        stages: &'b mut [Box<dyn Stage>],
        sink: &'b mut dyn Sink,
    ) -> Out<'b> {
        let mut out = Out::new(counters, stages, sink, &mut *self.ctx);
        out.nested = true;
        out
    }

    /// Passes on one event the owning stage took in (changed or not): counted as `passed`.
    pub fn emit(&mut self, event: Event) -> Result<Flow> {
        self.counters[0].passed += 1;
        self.send(event)
    }

    /// Sends downstream an event the owning stage made (an aggregate row, an element of
    /// `unnest`); the events it made it of are [`Out::absorbed`].
    pub fn emit_made(&mut self, event: Event) -> Result<Flow> {
        self.send(event)
    }

    /// True when what the owning stage emits goes straight to an output that writes each event
    /// as its compact JSON text on a line ([`Sink::json_lines`]): the stage may then make the
    /// lines instead of the events ([`Out::emit_made_lines`]).
    pub fn takes_lines(&self) -> bool {
        self.stages.is_empty() && !self.nested && self.sink.json_lines()
    }

    /// Writes `lines`, the JSON texts of `events` events the owning stage made, each ending in
    /// `\n`, as [`Out::emit_made`] writes those events one by one; only when
    /// [`Out::takes_lines`].
    pub fn emit_made_lines(&mut self, events: u64, lines: &[u8]) -> Result<Flow> {
        debug_assert!(self.takes_lines());
        if self.ctx.output_closed {
            // As the first of the events would find it.
            enter(self.counters, 0, 1);
            return Ok(Flow::Stop);
        }
        enter(self.counters, 0, events);
        let (measure, stages) = (self.ctx.measure.as_mut(), self.ctx.stage_count);
        let written = Measure::writing(measure, (0, events), stages, || {
            self.sink.write_lines(lines)
        });
        if let Err(e) = written {
            return self.ctx.output_failed(e);
        }
        self.ctx.written += events;
        Ok(Flow::Continue)
    }

    /// Records that the owning stage took `n` events into its state, or replaced them by events
    /// it made, rather than passing them on.
    pub fn absorbed(&mut self, n: u64) {
        self.counters[0].absorbed += n;
    }

    /// Runs `take` on one event the owning stage takes in, and counts the event as absorbed
    /// unless `take` filtered, dropped or passed it on: the accounting of a stage that
    /// aggregates what it takes, whichever way its work on the event ends.
    pub fn absorbing<T>(&mut self, take: impl FnOnce(&mut Self) -> T) -> T {
        let settled = self.counters[0].settled();
        let result = take(self);
        if self.counters[0].settled() == settled {
            self.counters[0].absorbed += 1;
        }
        result
    }

    /// Sends one event to the next stage, or to the sink after the last.
    fn send(&mut self, event: Event) -> Result<Flow> {
        enter(self.counters, 0, 1);
        let Some((next, rest)) = self.stages.split_first_mut() else {
            if self.nested {
                // A branch's sink names its file in its errors; one that wants no more events
                // (down a chain that is satisfied) says so as a closed pipe.
                return match self.sink.write(&event) {
                    Ok(()) => Ok(Flow::Continue),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Flow::Stop),
                    Err(e) => Err(Error::runtime(e.to_string())),
                };
            }
            if self.ctx.output_closed {
                return Ok(Flow::Stop);
            }
            let (measure, stages) = (self.ctx.measure.as_mut(), self.ctx.stage_count);
            let written = Measure::writing(measure, (event.arrival(), 1), stages, || {
                self.sink.write(&event)
            });
            if let Err(e) = written {
                return self.ctx.output_failed(e);
            }
            self.ctx.written += 1;
            return Ok(Flow::Continue);
        };
        let index = self.ctx.stage_count.saturating_sub(rest.len() + 1);
        let mut out = Out::new(
            &mut self.counters[1..],
            rest,
            &mut *self.sink,
            &mut *self.ctx,
        );
        out.nested = self.nested;
        out.timed(index, |out| next.process(event, out))
    }

    /// Runs `call`, a call into the stage at 0-based `index` (the number of stages: the output)
    /// that passes on through `self`, timing it when [`Context::measure`] says so.
    pub fn timed<T>(&mut self, index: usize, call: impl FnOnce(&mut Self) -> T) -> T {
        if self.nested {
            return call(self);
        }
        let entered = self.ctx.measure.as_mut().and_then(|m| m.stages.enter());
        let result = call(self);
        if let (Some(entered), Some(measure)) = (entered, &mut self.ctx.measure) {
            measure.stages.leave(index, entered);
        }
        result
    }

    /// Records that the owning stage removed an event on the user's request.
    pub fn filtered(&mut self) {
        self.counters[0].filtered += 1;
    }

    /// Drops an event because of bad data: counted, reported with its location, its original
    /// bytes written to `--errors`. Returns an error under `--on-error fail`.
    pub fn drop_event(
        &mut self,
        event: &Event,
        reason: DropReason,
        message: impl Into<String>,
    ) -> Result<()> {
        self.counters[0].dropped[reason as usize] += 1;
        let error = DataError {
            location: event.location().clone(),
            reason,
            message: message.into(),
        };
        self.ctx
            .diag
            .report(error, &event.side_file_bytes(), event.ending().bytes())
    }

    /// Counts events dropped by the owning stage that it reports in its own way (late records).
    pub fn count_dropped(&mut self, reason: DropReason, n: u64) {
        self.counters[0].dropped[reason as usize] += n;
        self.ctx.diag.count(reason, n);
    }

    /// Diagnostics of the run, for warnings and incomplete-output notes.
    pub fn diag(&mut self) -> &mut Diagnostics {
        &mut self.ctx.diag
    }

    /// True when a signal ended the run (the stages are finishing early).
    pub fn interrupted(&self) -> bool {
        self.ctx.interrupted
    }

    /// True once a signal asked the run to end, also before the main loop has seen it.
    pub fn stopping(&self) -> bool {
        self.ctx.interrupted || self.ctx.stopping.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The wall clock's current reading.
    pub fn now(&self) -> i64 {
        self.ctx.clock.now()
    }

    /// Flushes the output now (after a window firing batch, for live readers).
    pub fn flush(&mut self) -> Result<()> {
        self.sink.flush().map_err(Error::output)?;
        Ok(())
    }
}

/// What a stage constructor may need besides its own arguments.
pub struct BuildContext {
    /// The 1-based position of the stage in the chain.
    pub index: usize,
    /// The wall clock (for `now()` in expressions and processing-time windows).
    pub clock: SharedClock,
    /// The run's input files (`-` for stdin), so that a stage writing a file can refuse one of
    /// them ([`crate::input::is_input_file`]).
    pub inputs: std::sync::Arc<[String]>,
    /// Reads a chain of stages written as one word (`count --by host then head 5`), as the
    /// command line's grammar reads stages: what a `route` branch runs.
    pub chain: ChainParser,
}

/// Parses the stages of a chain written as one word ([`BuildContext::chain`]); the command
/// line's parser (`cli::parse_chain`), handed down so that stages need not import it.
pub type ChainParser = fn(&str) -> Result<Vec<StageCommand>>;

impl BuildContext {
    /// A usage error attributed to this stage.
    pub fn usage(&self, name: &str, message: impl Into<String>) -> UsageError {
        UsageError::new(message).in_stage(self.index, name)
    }

    /// Parses a comma-separated list of field paths (`ts,host,geo.country`); a bad path is a
    /// usage error whose caret points into `text`.
    pub fn paths(&self, name: &str, text: &str) -> Result<Vec<Path>, UsageError> {
        Path::parse_list(text).map_err(|e| {
            let column = text.get(..e.offset).map_or(e.offset, |s| s.chars().count());
            self.usage(name, e.to_string()).with_snippet(text, column)
        })
    }
}

/// The input files a stage command may end with (only the last stage's may be non-empty).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Inputs {
    /// Input files, read in order as one stream; none or `-` reads stdin
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<String>,
}

/// A command line that shows a use of a stage, and what it does: `--help` and the man pages
/// (EXAMPLES) show it, and a test runs every one over the example data (access.ndjson,
/// events.ndjson).
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// What the command does, one line.
    pub about: &'static str,
    /// The command, on one line (`--help` and the man pages break it into lines).
    pub command: &'static str,
}

impl Example {
    /// An example: what it does, and the command.
    pub const fn new(about: &'static str, command: &'static str) -> Example {
        Example { about, command }
    }
}

/// The examples of the stage at `path` (`["head"]`, `["window", "tumbling"]`).
pub fn examples(path: &[&str]) -> &'static [Example] {
    match path {
        ["window", kind] => window::args::kind_examples(kind),
        [name] => StageCommand::examples(name),
        _ => &[],
    }
}

/// Implemented by every stage's clap arguments.
pub trait StageArgs {
    /// The trailing input files.
    fn inputs(&self) -> &Inputs;
}

/// Declares the stage registry: `Variant(module)` for each stage, where `module::Args` holds
/// the stage's clap arguments (its doc comment is the stage's help) and `module::build`
/// compiles them into a [`Stage`].
macro_rules! stage_commands {
    ($($variant:ident($module:ident)),* $(,)?) => {
        /// The stage commands, one variant per stage.
        #[derive(Debug, clap::Subcommand)]
        pub enum StageCommand {
            $(#[allow(missing_docs)] $variant($module::Args),)*
        }

        impl StageCommand {
            /// The stage's name as typed on the command line.
            pub fn name(&self) -> &'static str {
                match self {
                    $(StageCommand::$variant(_) => stringify!($module),)*
                }
            }

            /// `parent` with the stage called `name` as its only subcommand, built as the
            /// derived [`StageCommand`] builds it; `None` when no stage has that name.
            pub fn with_one_stage(parent: clap::Command, name: &str) -> Option<clap::Command> {
                match name {
                    $(stringify!($module) => Some(parent.subcommand(
                        <$module::Args as clap::Args>::augment_args(clap::Command::new(stringify!($module))),
                    )),)*
                    _ => None,
                }
            }

            /// The examples of the stage called `name`.
            fn examples(name: &str) -> &'static [Example] {
                match name {
                    $(stringify!($module) => $module::EXAMPLES,)*
                    _ => &[],
                }
            }

            /// The input files given after the stage's operands.
            pub fn files(&self) -> &[String] {
                match self {
                    $(StageCommand::$variant(args) => &args.inputs().files,)*
                }
            }

            /// Compiles and validates the stage; every usage error surfaces here, before any
            /// input is read.
            pub fn build(self, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
                match self {
                    $(StageCommand::$variant(args) => $module::build(args, ctx),)*
                }
            }
        }
    };
}

stage_commands! {
    Filter(filter),
    Map(map),
    Head(head),
    Parse(parse),
    Select(select),
    Drop(drop),
    Rename(rename),
    Tail(tail),
    Dedupe(dedupe),
    Sample(sample),
    Sort(sort),
    Unnest(unnest),
    Tee(tee),
    Route(route),
    Split(split),
    Window(window),
    Count(count),
    Join(join),
}
