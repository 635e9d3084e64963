//! Stages: the [`Stage`] trait, the [`Out`] handle through which a stage passes events on, and
//! the registry of stage commands ([`StageCommand`]). One stage per file.
//!
//! Push model, as ripgrep's searcher and sink: the pipeline pushes each event into the first
//! stage; a stage pushes what it emits into the rest of the chain through [`Out::emit`], which
//! answers [`Flow::Stop`] when nothing downstream wants more (a satisfied `head`). At end of input
//! each stage's [`Stage::finish`] runs in order; when time passes with no input, [`Stage::tick`].

pub mod count;
pub mod dedupe;
pub mod drop;
pub mod filter;
pub mod head;
pub mod map;
pub mod parse;
pub mod rename;
pub mod sample;
pub mod select;
pub mod sort;
pub mod tail;
pub mod tee;
pub mod unnest;
pub mod window;

use crate::clock::SharedClock;
use crate::diag::Diagnostics;
use crate::error::{DataError, DropReason, Error, Result, UsageError};
use crate::event::{Event, FieldReader};
use crate::output::Sink;
use crate::path::Path;
use crate::value::Value;
pub use window::absorb::Absorbed;

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

    /// Opens the files the stage writes besides its output (a window's `--late file:PATH`).
    /// The pipeline calls it once every stage of the chain is built, so that a usage error in
    /// a later stage leaves no file created or truncated.
    fn open(&mut self) -> Result<()> {
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

    /// A line for stderr at the end of the run (e.g. the window's late-data summary), if any.
    fn summary(&self) -> Option<String> {
        None
    }

    /// The condition of a `filter` stage, which the NDJSON reader may apply to raw lines before
    /// they become events ([`crate::input::prefix`]); `None` for every other stage.
    fn reader_filter(&self) -> Option<std::sync::Arc<crate::expr::Expr>> {
        None
    }

    /// The stage's work on the JSON text of unchanged NDJSON events, which the reader threads
    /// may then do in its place when it follows the reader-side filters
    /// ([`crate::input::prefix`]); `None` for stages that do not edit text.
    fn reader_step(&self) -> Option<Box<dyn ReaderStep>> {
        None
    }

    /// The stage's per-event reading of its fields, which the reader threads may do in its place
    /// when it is the first stage after the reader-side work ([`crate::input::prefix`]); `None`
    /// for stages that do not offer it. Such a stage also has a [`Stage::field_reader`].
    fn reader_prep(&self) -> Option<Box<dyn ReaderPrep>> {
        None
    }

    /// The stage's aggregation of the events its [`Stage::reader_prep`] read, which the reader
    /// threads may then do in its place ([`crate::input::prefix::Absorber`]); `None` for stages
    /// whose result depends on the order of events or that must see each one. `last`: the stage
    /// is the last of the chain (no stage after it may stop the run while it takes a run).
    fn reader_aggregate(&self, last: bool) -> Option<Box<dyn ReaderAggregate>> {
        let _ = last;
        None
    }

    /// Takes the groups a reader thread aggregated from events for this stage
    /// ([`Stage::reader_aggregate`]), which stand for `absorbed.events` events.
    fn merge_absorbed(&mut self, absorbed: Absorbed, out: &mut Out<'_>) -> Result<Flow> {
        let _ = (absorbed, out);
        Err(Error::runtime(
            "internal error: aggregated events reached a stage that does not aggregate",
        ))
    }

    /// The reader of the few top-level fields the stage reads, if it reads events that way: as
    /// the first stage, the NDJSON reader then finds those fields while it validates each line
    /// ([`crate::input::prefix`]).
    fn field_reader(&self) -> Option<&FieldReader> {
        None
    }

    /// The input paused: push out whatever the stage buffers outside the event stream (the
    /// file of `tee`), so live readers see it promptly. Called beside the output's flush.
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }

    /// False when the stage, before any event, already wants none (`head 0`): the run then
    /// reads no input at all.
    fn wants_input(&self) -> bool {
        true
    }
}

/// Counters of one stage, shown by `--stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageCounters {
    /// Events that entered the stage.
    pub events_in: u64,
    /// Events the stage passed on or created.
    pub events_out: u64,
    /// Events the stage removed by the user's request (a false filter, beyond `head`, a repeat).
    pub filtered: u64,
    /// Events the stage dropped because of bad data, by reason.
    pub dropped: [u64; DropReason::ALL.len()],
}

/// State shared by all stages of a run.
pub struct Context {
    /// Counters and reports of dropped data.
    pub diag: Diagnostics,
    /// The wall clock.
    pub clock: SharedClock,
    /// Events written to the output.
    pub written: u64,
}

/// The downstream of a stage: the rest of the chain, then the sink.
pub struct Out<'a> {
    /// `counters[0]` belongs to the stage holding this handle; `counters[1..]` to `stages`.
    counters: &'a mut [StageCounters],
    stages: &'a mut [Box<dyn Stage>],
    sink: &'a mut dyn Sink,
    ctx: &'a mut Context,
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
        }
    }

    /// Passes one event downstream.
    pub fn emit(&mut self, event: Event) -> Result<Flow> {
        self.counters[0].events_out += 1;
        let Some((next, rest)) = self.stages.split_first_mut() else {
            self.ctx.written += 1;
            self.sink.write(&event).map_err(Error::output)?;
            return Ok(Flow::Continue);
        };
        let (_, counters) = self.counters.split_first_mut().expect("counters align");
        counters[0].events_in += 1;
        let mut out = Out::new(counters, rest, &mut *self.sink, &mut *self.ctx);
        next.process(event, &mut out)
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
        self.ctx.diag.report(error, event.original())
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

/// A stage's work on the JSON text of an unchanged NDJSON event, done by a reader thread in the
/// stage's place ([`Stage::reader_step`]). The event then reaches the stage marked as passed
/// ([`crate::event::Event::passed`]), and the stage hands it on unexamined.
pub trait ReaderStep: Send + std::fmt::Debug {
    /// Applies the stage to `text`, a JSON object (`spans`: where the reader found the fields of
    /// the step's [`ReaderStep::field_reader`], if it did); `None` when the stage must see the
    /// event itself (an error to report, a line the text edit does not handle).
    fn apply(&mut self, text: &[u8], spans: Option<crate::scan::SpanSet>) -> Option<Stepped>;

    /// The fields the step reads from the text, whose spans [`ReaderStep::apply`] takes; `None`
    /// for a step that parses the whole text.
    fn field_reader(&self) -> Option<&FieldReader>;

    /// Asks the step to say, with each result, where the fields of `next` (the reader of the
    /// stage after it) are in the text it gives ([`Stepped::spans`]), so that the stage need not
    /// scan that text. Steps that cannot leave it unanswered.
    fn report_spans(&mut self, next: &FieldReader) {
        let _ = next;
    }

    /// Applies the stage to the value of an event decoded from input other than NDJSON:
    /// `Some(())` when done (`value` is the stage's result, changed or not), `None` when the
    /// stage must see the event itself (`value` is then unchanged).
    fn apply_value(&mut self, value: &mut Value) -> Option<()> {
        let _ = value;
        None
    }

    /// A copy for another reader thread.
    fn clone_step(&self) -> Box<dyn ReaderStep>;
}

/// What a [`ReaderStep`] made of a text.
#[derive(Debug, Default)]
pub struct Stepped {
    /// The new text; `None` when the event passes unchanged.
    pub text: Option<Vec<u8>>,
    /// Where the fields of the next stage's reader are in the result, when the step was asked
    /// ([`ReaderStep::report_spans`]) and knows.
    pub spans: Option<crate::scan::SpanSet>,
}

/// A stage's per-event reading of its fields (a window's event time, group key and aggregated
/// values), done by a reader thread in the stage's place ([`Stage::reader_prep`]): the event
/// reaches the stage carrying the result ([`crate::event::Event::prepared`]).
pub trait ReaderPrep: Send + std::fmt::Debug {
    /// Reads the fields of `text`, a JSON object (`spans`: where the reader found the keys of
    /// the stage's [`Stage::field_reader`], if it did); `None` when the stage must read the
    /// event itself (a bad timestamp to report, a value the result cannot hold).
    fn prepare_text(
        &mut self,
        text: &[u8],
        spans: Option<crate::scan::SpanSet>,
    ) -> Option<crate::event::Prepared>;

    /// Reads the fields of a decoded event's value, as [`ReaderPrep::prepare_text`] does.
    fn prepare_value(&mut self, root: &Value) -> Option<crate::event::Prepared>;

    /// A copy for another reader thread.
    fn clone_prep(&self) -> Box<dyn ReaderPrep>;
}

/// An event as a [`ReaderAggregate`] sees it: the JSON text of an NDJSON line (edited by the
/// reader-side steps, if they did), or the value of a record of another format.
#[derive(Debug, Clone, Copy)]
pub enum EventData<'a> {
    /// The text of a JSON object.
    Text(&'a [u8]),
    /// The decoded value.
    Value(&'a Value),
}

/// A stage's aggregation of the events whose fields a reader thread read for it
/// ([`ReaderPrep`]), done by that thread in the stage's place ([`Stage::reader_aggregate`]): the
/// stage then takes the aggregated groups ([`Stage::merge_absorbed`]) instead of the events.
pub trait ReaderAggregate: Send + std::fmt::Debug {
    /// Aggregates the event `data` at `location`, whose fields the prep read as `prepared`, into
    /// the current run of consecutive events; false when the stage must take the event itself
    /// (the run then ends before it: [`ReaderAggregate::take`]).
    fn absorb(
        &mut self,
        prepared: &crate::event::Prepared,
        data: EventData<'_>,
        location: &dyn Fn() -> crate::error::Location,
    ) -> bool;

    /// The groups of the run since the last call; `None` when it has no event.
    fn take(&mut self) -> Option<Absorbed>;

    /// A copy for another reader thread.
    fn clone_aggregate(&self) -> Box<dyn ReaderAggregate>;
}

/// What a stage constructor may need besides its own arguments.
pub struct BuildContext {
    /// The 1-based position of the stage in the chain.
    pub index: usize,
    /// The wall clock (for `now()` in expressions and processing-time windows).
    pub clock: SharedClock,
    /// The run's input files (`-` for stdin), so that a stage writing a file can refuse one of
    /// them ([`crate::cli::is_input_file`]).
    pub inputs: std::sync::Arc<[String]>,
}

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
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
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
    Window(window),
    Count(count),
}
