//! The driver: builds the stages, runs the reader thread, pushes batches through the stages,
//! delivers ticks and end of input, flushes when input pauses, and prints the summary and stats.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use crate::cli::Invocation;
use crate::clock::{SharedClock, SystemClock};
use crate::diag::Diagnostics;
use crate::error::{DropReason, Error, Result, UsageError};
use crate::input::{self, Batch, Item, Message};
use crate::ops::{Absorbed, BuildContext, Context, Flow, Out, Stage, StageCounters};
use crate::output::{self, OutputStream, Sink};
use crate::value::{Map, Value};

/// How many batches the reader may run ahead of the stages.
const CHANNEL_DEPTH: usize = 16;

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
    busy: Duration,
}

/// Parses nothing, reads everything: builds the pipeline from an invocation and runs it.
pub fn run(invocation: Invocation) -> Result<RunReport> {
    run_with_clock(invocation, std::sync::Arc::new(SystemClock))
}

/// [`run`] with a given clock (tests pass a manual one).
pub fn run_with_clock(invocation: Invocation, clock: SharedClock) -> Result<RunReport> {
    let Invocation {
        global,
        stages,
        files,
    } = invocation;
    // `window merge --partial-format tsv` reads `KEY<TAB>JSON` lines: not NDJSON.
    let tsv_partials = matches!(
        stages.first(),
        Some(crate::ops::StageCommand::Window(a)) if a.reads_tsv_partials()
    );
    if let Some(errors) = &global.errors
        && crate::cli::is_input_file(errors, &files)
    {
        return Err(UsageError::new(format!(
            "--errors: `{}` is also an input file: dropped lines would be read back again",
            errors.display()
        ))
        .into());
    }
    // Build every stage first: all usage errors surface before any input is read.
    let inputs: std::sync::Arc<[String]> = files.clone().into();
    let mut names = Vec::with_capacity(stages.len());
    let mut built = Vec::with_capacity(stages.len());
    for (i, command) in stages.into_iter().enumerate() {
        let name = command.name();
        let ctx = BuildContext {
            index: i + 1,
            clock: clock.clone(),
            inputs: inputs.clone(),
        };
        let stage = command.build(&ctx).map_err(|e| e.in_stage(i + 1, name))?;
        names.push(name);
        built.push(stage);
    }
    // Only a chain that is valid as a whole creates the stages' side files.
    for (i, (stage, name)) in built.iter_mut().zip(&names).enumerate() {
        stage.open().map_err(|e| e.in_stage(i + 1, name))?;
    }
    let diag = Diagnostics::new(
        global.on_error.unwrap_or_default(),
        global.errors.as_deref(),
    )?;
    let stdout = io::stdout();
    let line_buffered = if global.line_buffered {
        true
    } else if global.block_buffered {
        false
    } else {
        stdout.is_terminal()
    };
    let stream = OutputStream::new(Box::new(stdout.lock()), line_buffered);
    let sink = output::make_sink(
        global.to.unwrap_or_default(),
        stream,
        &global.sink_options(),
    )?;
    let mut pipeline = Pipeline {
        counters: vec![StageCounters::default(); built.len() + 1],
        names,
        stages: built,
        sink,
        ctx: Context {
            diag,
            clock: clock.clone(),
            written: 0,
        },
        input: InputCounters::default(),
        busy: Duration::ZERO,
    };
    let started = Instant::now();
    let (tx, rx) = mpsc::sync_channel(CHANNEL_DEPTH);
    let signal_tx = tx.clone();
    let format = global
        .from
        .or(tsv_partials.then_some(input::InputFormat::Lines));
    let mut decoder_options = global.decoder_options();
    // The full path (`EDDY_EAGER=1`) leaves every stage's work to the stage itself.
    if !input::eager_decoding()
        && let Some(mut prefix) = input::prefix::ReaderPrefix::of_chain(&pipeline.stages)
    {
        decoder_options.absorber = input::prefix::Absorber::of_chain(&pipeline.stages, &prefix);
        // Only the NDJSON writer copies the lines as they are; another would make an event of
        // each on the main thread (`Sink::write_lines`), work the reader threads do now.
        if global.to.unwrap_or_default() == output::OutputFormat::Ndjson {
            prefix.write_output(pipeline.stages.len());
        }
        decoder_options.prefix = Some(prefix);
    }
    let reader_clock = clock.clone();
    // A stage that wants nothing from the start (`head 0`): the input is not read at all.
    let wanted = pipeline.stages.iter().all(|stage| stage.wants_input());
    // With N >= 2 threads, most formats are decoded in parallel chunks, order kept.
    let threads = global
        .threads
        .map_or_else(|| input::parallel::default_threads(&files), usize::from);
    thread::Builder::new()
        .name("eddy-reader".into())
        .spawn(move || {
            if !wanted {
                input::open_only(&files, &tx);
            } else if threads > 1 && input::parallel::applies(&files, format) {
                input::parallel::read_all_parallel(
                    &files,
                    format,
                    &decoder_options,
                    reader_clock,
                    &tx,
                    threads,
                )
            } else {
                input::read_all(&files, format, &decoder_options, reader_clock, &tx)
            }
        })
        .map_err(|e| Error::runtime(format!("cannot start the reader thread: {e}")))?;
    spawn_signal_thread(signal_tx);

    let outcome = pipeline.drive(&rx);
    drop(rx);
    // Write what is complete, also when the run failed (but not into a closed pipe).
    let finished = match &outcome {
        Err(Error::BrokenPipe) => Ok(()),
        _ => pipeline.sink.finish().map_err(Error::output),
    };
    let outcome = outcome.and_then(|signal| finished.map(|()| signal));
    let flushed = pipeline.ctx.diag.flush();
    pipeline.print_summaries();
    if global.stats {
        pipeline.print_stats(started.elapsed());
    }
    let signal = outcome?;
    flushed?;
    Ok(RunReport {
        written: pipeline.ctx.written,
        anything_lost: pipeline.ctx.diag.anything_lost(),
        signal,
    })
}

/// Forwards the first SIGINT/SIGTERM to the main loop; a second one aborts at once.
fn spawn_signal_thread(tx: mpsc::SyncSender<Message>) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = thread::Builder::new()
        .name("eddy-signals".into())
        .spawn(move || {
            let mut seen = false;
            for sig in signals.forever() {
                if seen {
                    std::process::exit(128 + sig);
                }
                seen = true;
                let _ = tx.send(Message::Signal(sig));
            }
        });
}

impl Pipeline {
    /// The main loop. Returns the signal that ended the run, if any.
    fn drive(&mut self, rx: &Receiver<Message>) -> Result<Option<i32>> {
        loop {
            let message = match rx.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => {
                    // The input has nothing more to give right now: flush for live readers.
                    self.sink.flush().map_err(Error::output)?;
                    for stage in &mut self.stages {
                        stage.flush()?;
                    }
                    match self.wait(rx)? {
                        Some(m) => m,
                        None => continue,
                    }
                }
                Err(TryRecvError::Disconnected) => Message::End,
            };
            match message {
                Message::Batch(batch) => {
                    let began = Instant::now();
                    let flow = self.process_batch(batch)?;
                    let flow = match flow {
                        Flow::Continue => self.tick_due()?,
                        Flow::Stop => Flow::Stop,
                    };
                    self.busy += began.elapsed();
                    if flow == Flow::Stop {
                        self.finish()?;
                        return Ok(None);
                    }
                }
                Message::End => {
                    self.finish()?;
                    return Ok(None);
                }
                Message::Failed(e) => {
                    // Emit what is complete, then fail.
                    self.finish()?;
                    return Err(e);
                }
                Message::Signal(sig) => {
                    self.finish()?;
                    return Ok(Some(sig));
                }
            }
        }
    }

    /// Blocks for the next message, or until the earliest stage deadline (then ticks).
    fn wait(&mut self, rx: &Receiver<Message>) -> Result<Option<Message>> {
        let Some(deadline) = self.next_deadline() else {
            return Ok(Some(rx.recv().unwrap_or(Message::End)));
        };
        let now = self.ctx.clock.now();
        if deadline > now {
            let wait = Duration::from_nanos((deadline - now) as u64);
            match rx.recv_timeout(wait) {
                Ok(m) => return Ok(Some(m)),
                Err(RecvTimeoutError::Disconnected) => return Ok(Some(Message::End)),
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
        if self.tick_due()? == Flow::Stop {
            return Ok(Some(Message::End));
        }
        Ok(None)
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
        for i in 0..self.stages.len() {
            let (stage, rest) = self.stages[i..].split_first_mut().expect("index in range");
            let mut out = Out::new(
                &mut self.counters[i + 1..],
                rest,
                &mut *self.sink,
                &mut self.ctx,
            );
            if stage.tick(now, &mut out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    fn process_batch(&mut self, batch: Batch) -> Result<Flow> {
        self.input.lines += batch.lines;
        self.input.blank += batch.blank;
        self.input.structural += batch.structural;
        self.input.bytes += batch.bytes;
        let mut items = batch.items.into_iter();
        while let Some(item) = items.next() {
            let result = match item {
                Item::Event(event) => {
                    let mut out = Out::new(
                        &mut self.counters,
                        &mut self.stages,
                        &mut *self.sink,
                        &mut self.ctx,
                    );
                    out.emit(event)
                }
                Item::Malformed(error, original) => {
                    self.counters[0].dropped[DropReason::Malformed as usize] += 1;
                    self.ctx
                        .diag
                        .report(error, &original)
                        .map(|()| Flow::Continue)
                }
                Item::Filtered { stage, lines } => {
                    self.count_prefiltered(stage, lines);
                    Ok(Flow::Continue)
                }
                Item::Absorbed { stage, groups } => self.merge_absorbed(stage, groups),
                Item::Output { events, lines } => self.write_finished(events, &lines),
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

    /// Counts the lines the reader-side filter rejected as events that entered the chain and
    /// were filtered by that stage, having passed the stages before it.
    /// Counts `events` that the reader took as far as the stage at `stage` in the reader's
    /// place: read, passed by the stages before it, and into it.
    fn count_up_to(&mut self, stage: usize, events: u64) {
        self.counters[0].events_out += events;
        for before in &mut self.counters[1..=stage] {
            before.events_in += events;
            before.events_out += events;
        }
        self.counters[stage + 1].events_in += events;
    }

    /// Writes the output `lines` of `events` the reader took through every stage, counting
    /// them as having passed each.
    fn write_finished(&mut self, events: u64, lines: &[u8]) -> Result<Flow> {
        // The reader writes output lines only for a chain of one stage or more.
        if let Some(last) = self.stages.len().checked_sub(1) {
            self.count_up_to(last, events);
            self.counters[last + 1].events_out += events;
        }
        self.ctx.written += events;
        self.sink.write_lines(lines).map_err(Error::output)?;
        Ok(Flow::Continue)
    }

    fn count_prefiltered(&mut self, stage: usize, lines: u64) {
        self.count_up_to(stage, lines);
        self.counters[stage + 1].filtered += lines;
    }

    /// End of input: every stage finishes in order, so what it emits reaches the later ones.
    /// Hands the stage at `stage` the groups of events the reader aggregated for it, counting
    /// those events through the stages before it as the events themselves would have been.
    fn merge_absorbed(&mut self, stage: usize, groups: Absorbed) -> Result<Flow> {
        self.count_up_to(stage, groups.events);
        let (target, rest) = self.stages[stage..]
            .split_first_mut()
            .expect("stage in range");
        let mut out = Out::new(
            &mut self.counters[stage + 1..],
            rest,
            &mut *self.sink,
            &mut self.ctx,
        );
        target.merge_absorbed(groups, &mut out)
    }

    fn finish(&mut self) -> Result<()> {
        for i in 0..self.stages.len() {
            let (stage, rest) = self.stages[i..].split_first_mut().expect("index in range");
            let mut out = Out::new(
                &mut self.counters[i + 1..],
                rest,
                &mut *self.sink,
                &mut self.ctx,
            );
            stage.finish(&mut out)?;
        }
        self.sink.flush().map_err(Error::output)?;
        Ok(())
    }

    fn print_summaries(&self) {
        let mut stderr = io::stderr().lock();
        for stage in &self.stages {
            if let Some(line) = stage.summary() {
                let _ = writeln!(stderr, "{line}");
            }
        }
        if let Some(line) = self.ctx.diag.summary() {
            let _ = writeln!(stderr, "{line}");
        }
    }

    /// The `--stats` object.
    fn stats(&self, wall: Duration) -> Value {
        let mut root = Map::default();
        let int = |n: u64| Value::Int(n as i64);
        let read_events = self.counters[0].events_out;
        let wall_s = wall.as_secs_f64();
        let busy_s = self.busy.as_secs_f64();
        root.insert("lines_read".into(), int(self.input.lines));
        root.insert("bytes_read".into(), int(self.input.bytes));
        root.insert("blank_lines".into(), int(self.input.blank));
        root.insert("structural_lines".into(), int(self.input.structural));
        root.insert("events_read".into(), int(read_events));
        root.insert("records_unprocessed".into(), int(self.input.unprocessed));
        root.insert("events_written".into(), int(self.ctx.written));
        let filtered: u64 = self.counters.iter().map(|c| c.filtered).sum();
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
                m.insert("events_in".into(), int(c.events_in));
                m.insert("events_out".into(), int(c.events_out));
                m.insert("filtered".into(), int(c.filtered));
                let mut d = Map::default();
                for reason in DropReason::ALL {
                    if c.dropped[reason as usize] > 0 {
                        d.insert(reason.key().into(), int(c.dropped[reason as usize]));
                    }
                }
                m.insert("dropped".into(), Value::Object(d));
                if let Some(extra) = stage.stats() {
                    m.insert("details".into(), extra);
                }
                Value::Object(m)
            })
            .collect();
        root.insert("stages".into(), Value::Array(stages));
        root.insert("wall_seconds".into(), Value::Float(wall_s));
        root.insert("busy_seconds".into(), Value::Float(busy_s));
        let lambda = if wall_s > 0.0 {
            read_events as f64 / wall_s
        } else {
            0.0
        };
        let mu = if busy_s > 0.0 {
            read_events as f64 / busy_s
        } else {
            0.0
        };
        root.insert("arrival_rate".into(), Value::Float(lambda));
        root.insert("processing_rate".into(), Value::Float(mu));
        let rho = if mu > 0.0 { lambda / mu } else { 0.0 };
        root.insert("utilisation".into(), Value::Float(rho));
        Value::Object(root)
    }

    fn print_stats(&self, wall: Duration) {
        let _ = writeln!(io::stderr().lock(), "{}", self.stats(wall).to_json());
    }
}
