//! Parallel ordered decoding (`--threads N`, N ≥ 2) for NDJSON, plain lines, logfmt, access
//! logs, CSV and TSV.
//!
//! The reader thread cuts each source into chunks of whole records (about [`CHUNK`] bytes,
//! ending at a `\n`; a longer record makes a longer chunk), numbers them, and hands them to N
//! workers. CSV and TSV records may span lines, so for them the reader cuts only where no record
//! is open: it walks the quotes to skip the lines that close their record
//! ([`Decoder::closed_lines`]) and frames the others as the workers will ([`LineFramer`]). Their
//! decoder keeps one piece of state, the header: the reader finds the header record and sends it
//! with every chunk after the one that holds it, so that each worker's decoder reads it first.
//! Each worker frames and decodes its chunk with its own decoder into the same [`Batch`] the
//! single-threaded reader would make of those lines (same items, locations and counters). The
//! batches are put back in sequence order before the pipeline sees them, without a thread of
//! their own (`Sequencer`: whoever finishes the next one in order forwards it and those
//! waiting after it), so the stages receive exactly the single-threaded event sequence: output
//! is identical. When the stage bounds the run and one worker is left (the others stood
//! down), the cutter decodes its chunks itself, as the serial reader does (`Crew`).
//!
//! Every chunk takes its input bytes from the run's read-ahead [`Budget`] before it is handed
//! out, and its batch holds its decoded weight until the pipeline is done with it: a slow chunk
//! holds back the reordering, and the cutter then stops, so finished chunks waiting behind an
//! unfinished one, like batches waiting for the stages, never weigh more than the budget. At
//! most `2 × N` chunks wait for a worker. A read that
//! returns short (a pipe, a terminal) is sent at once, so live input is not held back. Workers
//! hand their chunk buffers back to the reader (a pool, which keeps up to `2 × N` of them, none
//! larger than four chunks), so that reading does not pay for fresh memory (page faults, zeroing)
//! per chunk.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::clock::SharedClock;
use crate::error::Error;
use crate::input::budget::{self, Budget, Held, Queued};
use crate::input::filename::FileField;
use crate::input::framing::{Framed, LineFramer, bom_len};
use crate::input::work::ReaderWork;
use crate::input::{
    Batch, Decoder, DecoderOptions, InputFormat, Message, Record, ToBatch, detect, is_regular_file,
    open_source, source_name,
};
use crate::meter::{Busy, Role};

/// Target chunk size.
pub const CHUNK: usize = 256 * 1024;

/// The format of source `name`: `--from`, else its extension (`None`: decided by sniffing the
/// first line, which the parallel reader does not do).
fn source_format(name: &str, from: Option<InputFormat>) -> Option<InputFormat> {
    from.or_else(|| detect::from_extension(name))
}

/// True when every source is in a format the parallel reader handles
/// ([`FormatInfo::parallel`](crate::input::format::FormatInfo::parallel)), given by `--from` or
/// by the file extension.
pub fn applies(sources: &[String], from: Option<InputFormat>) -> bool {
    sources
        .iter()
        .all(|name| source_format(name, from).is_some_and(InputFormat::parallel))
}

/// Input below this size is read by one thread unless `--threads` says otherwise: starting the
/// workers costs more than they save.
pub const MIN_PARALLEL_BYTES: u64 = 4 << 20;

/// The default number of decoding threads: the number of cores, at most 8 (a single reader
/// bounds the gain beyond that), when every source is a regular file and together they hold at
/// least [`MIN_PARALLEL_BYTES`]; otherwise 1 (standard input, pipes, small files).
pub fn default_threads(sources: &[String]) -> usize {
    let total: Option<u64> = sources
        .iter()
        .map(|name| {
            std::fs::metadata(name)
                .ok()
                .filter(|m| name != "-" && m.is_file())
                .map(|m| m.len())
        })
        .sum();
    if total.is_some_and(|bytes| bytes >= MIN_PARALLEL_BYTES) {
        thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    }
}

/// Lines of one source, cut at a line end where no record is open.
struct Job {
    seq: u64,
    source: Arc<str>,
    format: InputFormat,
    /// The record that set the source's decoder state before this chunk (the CSV header);
    /// `None`: the chunk is decoded by a fresh decoder.
    header: Option<Arc<[u8]>>,
    /// Whole lines; only the last chunk of a source may lack the final `\n`.
    data: Vec<u8>,
    /// Line number of the chunk's first line.
    first_line: u64,
    /// Bytes read for this chunk (including a skipped BOM).
    bytes: u64,
    arrival: i64,
    /// Its weight in the read-ahead budget, handed on to its batch.
    held: Held,
    /// `--max-record-size`.
    max_record: usize,
    /// The source failed after `data`: its end is a record the failure cut off
    /// ([`LineFramer::frame_cut_off`]).
    cut_off: bool,
}

/// A result for the pipeline, in its place in the sequence.
enum Done {
    Batch(Batch),
    /// A source failed to open or read, after the batches of what was read of it; the
    /// sources after it are still read.
    SourceFailed(Error),
    /// All sources are exhausted.
    End,
}

/// [`crate::input::read_all`] with `workers` decoding threads, for sources where [`applies`]
/// holds. Sends the same messages in the same order (batches may be cut differently).
pub fn read_all_parallel(
    sources: &[String],
    format: Option<InputFormat>,
    options: &DecoderOptions,
    clock: SharedClock,
    tx: &SyncSender<Message>,
    budget: &Budget,
    workers: usize,
) {
    let setup = Chunking {
        workers: workers.max(1),
        chunk: CHUNK,
        budget: budget.clone(),
    };
    read_chunked(sources, format, options, clock, tx, &setup);
}

/// How the parallel reader cuts and decodes.
struct Chunking {
    workers: usize,
    /// The target chunk size.
    chunk: usize,
    /// The run's read-ahead budget.
    budget: Budget,
}

/// Reads `sources` as [`read_all_parallel`] does; returns how many chunks the cutter decoded
/// itself ([`Crew::cutter_decodes`]).
fn read_chunked(
    sources: &[String],
    format: Option<InputFormat>,
    options: &DecoderOptions,
    clock: SharedClock,
    tx: &SyncSender<Message>,
    setup: &Chunking,
) -> u64 {
    let Chunking { workers, chunk, .. } = *setup;
    let (job_tx, job_rx) = sync_channel::<Job>(2 * workers);
    let (pool, returned) = Pool::new(2 * workers, chunk);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let order = Arc::new(Sequencer::new(tx.clone()));
    let crew = Arc::new(Crew::new(workers));
    // Workers kept when the stage bounds the run: the main thread needs a core of its own.
    let kept = thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    let mut handles = Vec::with_capacity(workers);
    for i in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let order = Arc::clone(&order);
        let crew = Arc::clone(&crew);
        let decoding = Decoding::new(options, returned.clone(), setup.budget.clone());
        let meter = options.meter.clone();
        let spawned = thread::Builder::new()
            .name(format!("eddy-decode-{i}"))
            .spawn(move || work(i < kept, &job_rx, &order, &crew, decoding, &meter));
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                let _ = tx.send(Message::Failed(Error::runtime(format!(
                    "cannot start a decoding thread: {e}"
                ))));
                return 0;
            }
        }
    }
    // Only the workers hold the job receiver: when they are gone, the reader's sends fail.
    drop(job_rx);
    let mut seq = 0u64;
    let mut handing = Handing {
        jobs: Some(job_tx),
        order: &order,
        crew: &crew,
        own: Decoding::new(options, returned, setup.budget.clone()),
        decoded: 0,
    };
    let finished = cut_sources(
        sources,
        format,
        options,
        &clock,
        &mut handing,
        &mut seq,
        &pool,
        &setup.budget,
    );
    if finished {
        order.post(seq, Done::End);
    }
    // The workers end when the jobs do.
    handing.jobs = None;
    for h in handles {
        let _ = h.join();
    }
    handing.decoded
}

/// Puts the results of the workers and the cutter back in sequence order for the pipeline,
/// without a thread of its own: whoever posts the next result in order forwards it and every
/// result after it that is already there; a result that comes early waits in `pending`. One
/// poster forwards at a time (outside the lock); results posted meanwhile are forwarded by it,
/// so a poster never waits for the pipeline unless it forwards.
struct Sequencer {
    order: Mutex<Order>,
    tx: SyncSender<Message>,
}

/// The [`Sequencer`]'s state.
#[derive(Default)]
struct Order {
    /// The sequence number of the next result to forward.
    next: u64,
    /// Results that came before the one they follow.
    pending: BTreeMap<u64, Done>,
    /// A poster is forwarding.
    forwarding: bool,
    /// The pipeline hung up, or the end was forwarded: nothing more is.
    closed: bool,
}

impl Sequencer {
    fn new(tx: SyncSender<Message>) -> Sequencer {
        Sequencer {
            order: Mutex::new(Order::default()),
            tx,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Order> {
        self.order.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Posts result `seq`, forwarding what is next in order. False when the pipeline hung up
    /// (the results waiting are dropped, which frees their share of the budget).
    fn post(&self, seq: u64, done: Done) -> bool {
        let mut order = self.lock();
        if order.closed {
            return false;
        }
        order.pending.insert(seq, done);
        if order.forwarding {
            return true;
        }
        order.forwarding = true;
        loop {
            let next = order.next;
            let Some(item) = order.pending.remove(&next) else {
                order.forwarding = false;
                return true;
            };
            order.next += 1;
            drop(order);
            let (message, last) = match item {
                Done::Batch(b) => (Message::Batch(b), false),
                Done::SourceFailed(e) => (Message::SourceFailed(e), false),
                Done::End => (Message::End, true),
            };
            let sent = self.tx.send(message).is_ok();
            order = self.lock();
            if !sent || last {
                order.closed = true;
                order.forwarding = false;
                let dropped = std::mem::take(&mut order.pending);
                drop(order);
                drop(dropped);
                return sent;
            }
        }
    }
}

/// How many workers still take chunks, and whether the cutter decodes its chunks itself.
struct Crew {
    /// Workers that have not stood down.
    active: AtomicUsize,
    /// Set once the stage bounds the run and at most one worker is left: the cutter then
    /// decodes its chunks itself (the serial reader's shape), and the worker left decodes the
    /// chunks already queued, then waits.
    cutter_decodes: AtomicBool,
}

impl Crew {
    fn new(workers: usize) -> Crew {
        Crew {
            active: AtomicUsize::new(workers),
            cutter_decodes: AtomicBool::new(false),
        }
    }
}

/// Where the cutter hands its numbered chunks: to the workers, or, once they stood down
/// ([`Crew::cutter_decodes`]), to its own decoding, whose batch it posts in sequence.
struct Handing<'a> {
    /// The workers' queue; `None` once the cutter is done.
    jobs: Option<SyncSender<Job>>,
    order: &'a Sequencer,
    crew: &'a Crew,
    own: Decoding,
    /// Chunks the cutter decoded itself.
    decoded: u64,
}

impl Handing<'_> {
    /// Hands `job` on; false when the pipeline hung up.
    fn hand(&mut self, job: Job, busy: &mut Busy) -> bool {
        if self.crew.cutter_decodes.load(Ordering::Relaxed) {
            let seq = job.seq;
            let batch = self.own.batch(job);
            self.decoded += 1;
            return busy.wait(|| self.order.post(seq, Done::Batch(batch)));
        }
        // The queue goes only once the cutting is done: no chunk comes after.
        let Some(jobs) = &self.jobs else { return false };
        !busy.wait(|| jobs.send(job).is_err())
    }

    /// Posts the failure of a source in place `seq`; false when the pipeline hung up.
    fn failed(&self, seq: u64, error: Error) -> bool {
        self.order.post(seq, Done::SourceFailed(error))
    }
}

/// Reads and cuts every source; a source that fails to open or read is a
/// [`Done::SourceFailed`] in its place, and the next one is read. Returns false when the
/// pipeline hung up.
#[allow(clippy::too_many_arguments)]
fn cut_sources(
    sources: &[String],
    from: Option<InputFormat>,
    options: &DecoderOptions,
    clock: &SharedClock,
    handing: &mut Handing<'_>,
    seq: &mut u64,
    pool: &Pool,
    budget: &Budget,
) -> bool {
    let failed = |handing: &Handing<'_>, seq: &mut u64, error: Error| {
        let sent = handing.failed(*seq, error);
        *seq += 1;
        sent
    };
    let mut busy = options.meter.stopwatch(Role::Reader);
    for name in sources {
        let shown = source_name(name);
        let reader = match open_source(name, &options.meter) {
            Ok(r) => r,
            Err(e) => {
                if !failed(handing, seq, super::source_error(&shown, &e)) {
                    return false;
                }
                continue;
            }
        };
        let format = source_format(name, from)
            .filter(|f| f.parallel())
            .unwrap_or(InputFormat::Lines);
        let cuts = format
            .records_span_lines()
            .then(|| RecordCuts::new(format.decoder(options), options.max_record()));
        let cutting = Cutting {
            handing,
            seq,
            pool,
            budget,
            max_record: options.max_record(),
            busy: &mut busy,
            regular: is_regular_file(name),
        };
        match cut_source(reader, &shown, format, cuts, clock, cutting) {
            Ok(true) => {}
            Ok(false) => return false,
            Err(e) => {
                if !failed(handing, seq, e) {
                    return false;
                }
            }
        }
    }
    true
}

/// Where the cutter sends its chunks, and what it takes for them.
struct Cutting<'a, 'b> {
    handing: &'a mut Handing<'b>,
    /// The next chunk's sequence number.
    seq: &'a mut u64,
    pool: &'a Pool,
    budget: &'a Budget,
    /// `--max-record-size`.
    max_record: usize,
    /// The reader thread's busy time: all but its waits for room, for a worker, and for the
    /// writer of a source that is not a regular file.
    busy: &'a mut Busy,
    /// The source is a regular file: its reads wait for no writer.
    regular: bool,
}

/// Cuts one source into jobs; `cuts` frames the records of formats where they may span lines.
/// `Ok(false)`: the pipeline hung up.
fn cut_source(
    mut reader: Box<dyn Read + Send>,
    name: &Arc<str>,
    format: InputFormat,
    mut cuts: Option<RecordCuts>,
    clock: &SharedClock,
    cutting: Cutting<'_, '_>,
) -> Result<bool, Error> {
    let Cutting {
        handing,
        seq,
        pool,
        budget,
        max_record,
        busy,
        regular,
    } = cutting;
    // True while the rest of a record too long is skipped (its start went to a worker).
    let mut skipping = false;
    let max_held = max_record.saturating_add(2);
    // `buf` is always initialised to its full length; its first `filled` bytes are input.
    let mut buf = pool.take(0);
    let mut filled = 0;
    let mut line = 1u64;
    let mut bom_checked = false;
    // Bytes read into `buf` and not yet sent (a skipped BOM included).
    let mut unsent = 0u64;
    loop {
        if filled == buf.len() {
            // An unfinished record is cut or skipped once it is known too long; lines of an
            // open CSV record may hold a `\r` each beyond that.
            let most = if cuts.is_some() {
                2 * max_held
            } else {
                max_held
            };
            let grown = (2 * buf.len()).min(most.max(buf.len() + 4096));
            buf.resize(grown, 0);
        }
        let read = if regular {
            reader.read(&mut buf[filled..])
        } else {
            busy.wait(|| reader.read(&mut buf[filled..]))
        };
        let n = match read {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                // What is held is the record the failure cut off (whole records were sent): a
                // worker frames it as the single-threaded reader does, before the error.
                if filled > 0 || unsent > 0 {
                    let bom = if bom_checked {
                        0
                    } else {
                        bom_len(&buf[..filled], true).unwrap_or(0)
                    };
                    let data = buf[bom..filled].to_vec();
                    let queued = Queued {
                        lines: memchr::memchr_iter(b'\n', &data).count() as u64 + 1,
                        bytes: unsent,
                    };
                    let arrival = clock.now();
                    let weight = budget.estimate(filled as u64);
                    let job = Job {
                        seq: *seq,
                        source: Arc::clone(name),
                        format,
                        header: cuts.as_ref().and_then(|c| c.header.clone()),
                        data,
                        first_line: line,
                        bytes: unsent,
                        arrival,
                        held: busy.wait(|| budget.take(weight, queued, Duration::ZERO)),
                        max_record,
                        cut_off: true,
                    };
                    *seq += 1;
                    if !handing.hand(job, busy) {
                        return Ok(false);
                    }
                }
                return Err(super::source_error(name, &e));
            }
        };
        filled += n;
        unsent += n as u64;
        let at_end = n == 0;
        if !bom_checked {
            let Some(bom) = bom_len(&buf[..filled], at_end) else {
                continue;
            };
            bom_checked = true;
            buf.copy_within(bom..filled, 0);
            filled -= bom;
        }
        if skipping {
            // The rest of a record too long: dropped up to its line's end, counted as read.
            let skipped = match memchr::memchr(b'\n', &buf[..filled]) {
                Some(newline) => {
                    skipping = false;
                    newline + 1
                }
                None => filled,
            };
            buf.copy_within(skipped..filled, 0);
            filled -= skipped;
        }
        // Send every complete record; at the end, also the last line without `\n`. A record
        // known too long before its end is sent as far as it was read (the worker's framer
        // makes the same decision), and the rest of it skipped.
        let header = cuts.as_ref().and_then(|c| c.header.clone());
        let mut long = false;
        let cut = if at_end {
            Some(filled)
        } else if skipping {
            None
        } else if let Some(cuts) = &mut cuts {
            let cut = cuts.advance(&buf[..filled]);
            long = cuts.lines.skipping();
            Some(if long { filled } else { cut }).filter(|&cut| cut > 0)
        } else {
            let cut = memchr::memrchr(b'\n', &buf[..filled]).map(|p| p + 1);
            long = LineFramer::too_long_so_far(max_record, 0, filled - cut.unwrap_or(0));
            if long { Some(filled) } else { cut }
        };
        if let Some(cut) = cut.filter(|&c| c > 0 || unsent > 0) {
            if let Some(cuts) = &mut cuts {
                if long {
                    cuts.restart();
                } else {
                    cuts.cut_at(cut);
                }
            }
            skipping = long;
            let rest = filled - cut;
            let mut next = if at_end { Vec::new() } else { pool.take(rest) };
            next[..rest].copy_from_slice(&buf[cut..filled]);
            let mut data = std::mem::replace(&mut buf, next);
            data.truncate(cut);
            filled = rest;
            let lines = memchr::memchr_iter(b'\n', &data).count() as u64
                + u64::from((at_end || long) && data.last().is_some_and(|&b| b != b'\n'));
            // Back-pressure: wait while the chunks handed out and their batches not yet
            // processed weigh too much (a slow chunk holds back all that follow it).
            let arrival = clock.now();
            let weight = budget.estimate(data.len() as u64);
            let queued = Queued {
                lines,
                bytes: unsent,
            };
            let held = busy.wait(|| budget.take(weight, queued, Duration::ZERO));
            let job = Job {
                seq: *seq,
                source: Arc::clone(name),
                format,
                header,
                data,
                first_line: line,
                bytes: unsent,
                arrival,
                held,
                max_record,
                cut_off: false,
            };
            unsent = 0;
            line += lines;
            *seq += 1;
            if !handing.hand(job, busy) {
                return Ok(false);
            }
        }
        if at_end {
            return Ok(true);
        }
    }
}

/// Chunk buffers: the reader takes one for each chunk, and whoever decodes it (a worker, or the
/// reader itself) gives it back.
struct Pool {
    returned: Receiver<Vec<u8>>,
    /// The size of a new buffer.
    chunk: usize,
}

impl Pool {
    /// A pool that keeps up to `keep` returned buffers, and the end the workers return them to.
    fn new(keep: usize, chunk: usize) -> (Pool, SyncSender<Vec<u8>>) {
        let (tx, returned) = sync_channel(keep);
        (Pool { returned, chunk }, tx)
    }

    /// A buffer of the chunk size (more when `at_least` is more), initialised to its full
    /// length: a returned one when there is one (only its part beyond the previous chunk's
    /// length is zeroed again), else a new one.
    fn take(&self, at_least: usize) -> Vec<u8> {
        let mut buf = self.returned.try_recv().unwrap_or_default();
        if buf.capacity() > 4 * self.chunk {
            // Grown for a long record: not kept for the rest of the run.
            buf = Vec::new();
        }
        buf.resize(self.chunk.max(at_least), 0);
        buf
    }
}

/// Where the cutter may end a chunk of a format whose records may span lines: after a line that
/// closes a record (or is blank). It looks at each line once ([`RecordCuts::advance`]).
struct RecordCuts {
    /// Answers whether a record continues, and reads the header.
    decoder: Box<dyn Decoder>,
    /// Frames the lines (their numbers only matter for the framer's limit).
    lines: LineFramer,
    /// Bytes of the buffer framed or skipped so far, up to a line end.
    framed: usize,
    /// The end of the last line after which no record was open.
    boundary: usize,
    /// True until the decoder has taken its first record: the header, or (without one) the
    /// first event. Records before it that fail are decoded here and again by a worker.
    looking: bool,
    /// The header record, once found.
    header: Option<Arc<[u8]>>,
}

impl RecordCuts {
    fn new(decoder: Box<dyn Decoder>, max_record: usize) -> RecordCuts {
        RecordCuts {
            decoder,
            lines: LineFramer::new(max_record),
            framed: 0,
            boundary: 0,
            looking: true,
            header: None,
        }
    }

    /// Finds where a chunk may end in `buf`, from where the last call stopped, and returns it.
    /// Once the first record is read, lines that each close their record are skipped without
    /// framing ([`Decoder::closed_lines`]: for CSV one walk over the quotes); only a line that
    /// ends inside a quoted cell, the lines of its record, and an unfinished last line are
    /// framed, each as the workers will. The chunk that holds the header is decoded from its
    /// start, header included; every later chunk carries it.
    fn advance(&mut self, buf: &[u8]) -> usize {
        loop {
            if self.looking || self.lines.skipping() {
                self.frame(&buf[self.framed..]);
                return self.boundary;
            }
            if !self.lines.record_open() {
                let Some(closed) = self.decoder.closed_lines(&buf[self.framed..]) else {
                    self.frame(&buf[self.framed..]);
                    return self.boundary;
                };
                // Each of those lines is a record, a blank line or one too long: the framer
                // would end them all, and starts afresh after them.
                self.framed += closed;
                self.boundary = self.framed;
            }
            let rest = &buf[self.framed..];
            match memchr::memchr(b'\n', rest) {
                Some(newline) => self.frame(&rest[..=newline]),
                None => {
                    self.frame(rest);
                    return self.boundary;
                }
            }
        }
    }

    /// Frames the complete lines of `data`, which starts at `framed`, moving the boundary past
    /// every line after which no record is open.
    fn frame(&mut self, data: &[u8]) {
        let from = self.framed;
        let RecordCuts {
            decoder,
            lines,
            boundary,
            looking,
            header,
            ..
        } = self;
        let taken = lines.frame(
            data,
            false,
            decoder.as_mut(),
            |framed, decoder, after| match framed {
                Framed::Continues => {}
                Framed::Blank | Framed::TooLong { .. } | Framed::CutOff { .. } => {
                    *boundary = from + after;
                }
                Framed::Record { text, .. } => {
                    *boundary = from + after;
                    if *looking {
                        match decoder.decode(&text) {
                            Ok(Record::Structural) => {
                                *looking = false;
                                *header = Some(Arc::from(&*text));
                            }
                            Ok(_) => *looking = false,
                            Err(_) => {}
                        }
                    }
                }
            },
        );
        self.framed = from + taken;
    }

    /// The buffer was cut after a record too long, at the end of what was read of it: the
    /// framing starts again after its line, which the cutter skips.
    fn restart(&mut self) {
        self.lines = LineFramer::new(self.lines.max());
        self.framed = 0;
        self.boundary = 0;
    }

    /// The buffer was cut at `cut` (a boundary): offsets move to the rest.
    fn cut_at(&mut self, cut: usize) {
        self.framed = self.framed.saturating_sub(cut);
        self.boundary = self.boundary.saturating_sub(cut);
    }
}

/// A worker's decoder, and what it was made for.
struct WorkerDecoder {
    format: InputFormat,
    /// The header it read first.
    header: Option<Arc<[u8]>>,
    decoder: Box<dyn Decoder>,
}

impl WorkerDecoder {
    /// A decoder for `job`: fresh, or having read the job's header.
    fn new(job: &Job, options: &DecoderOptions) -> WorkerDecoder {
        let mut decoder = job.format.decoder(options);
        if let Some(header) = &job.header {
            // Only the state matters: the chunk before reported the header.
            let _ = decoder.decode(header);
        }
        WorkerDecoder {
            format: job.format,
            header: job.header.clone(),
            decoder,
        }
    }

    /// True when it can decode `job`: always for formats without state, for CSV when the job
    /// carries the header it read.
    fn fits(&self, job: &Job) -> bool {
        self.format == job.format
            && (!self.format.records_span_lines()
                || matches!((&self.header, &job.header), (Some(a), Some(b)) if Arc::ptr_eq(a, b)))
    }
}

/// What a thread that decodes chunks keeps from one to the next.
struct Decoding {
    /// The decoder of the last chunk, kept for the next one that [`WorkerDecoder::fits`].
    current: Option<WorkerDecoder>,
    reader_work: Option<Box<dyn ReaderWork>>,
    file_field: Option<FileField>,
    options: DecoderOptions,
    /// Where chunk buffers go back to the cutter ([`Pool`]).
    returned: SyncSender<Vec<u8>>,
    budget: Budget,
    /// Chunks are alike: room for as many items as the last one had saves growing the list.
    items: usize,
}

impl Decoding {
    fn new(options: &DecoderOptions, returned: SyncSender<Vec<u8>>, budget: Budget) -> Decoding {
        Decoding {
            current: None,
            reader_work: options.work.clone(),
            file_field: options.file_field.clone(),
            options: options.clone(),
            returned,
            budget,
            items: 0,
        }
    }

    /// Decodes `job` into its batch, which takes over the job's weight in the budget; the
    /// chunk's buffer goes back to the pool.
    fn batch(&mut self, job: Job) -> Batch {
        let decoder = match &mut self.current {
            Some(decoder) if decoder.fits(&job) => decoder,
            _ => self.current.insert(WorkerDecoder::new(&job, &self.options)),
        };
        let mut batch = decode_chunk(
            &job,
            decoder.decoder.as_mut(),
            self.reader_work.as_deref_mut(),
            self.file_field.as_mut(),
            self.items,
        );
        self.items = batch.items.len();
        let Job { data, held, .. } = job;
        let weight = budget::weight(data.len() as u64, batch.items.len());
        self.budget.learn(data.len() as u64, weight);
        batch.held = held;
        batch.held.set(weight);
        // A full pool: the buffer is freed.
        let _ = self.returned.try_send(data);
        batch
    }

    /// The stage the reader work aggregates for takes every event itself now and bounds the
    /// run ([`ReaderWork::stage_bound`]).
    fn stage_bound(&self) -> bool {
        self.reader_work
            .as_ref()
            .is_some_and(|work| work.stage_bound())
    }
}

/// A worker: decodes jobs until the reader is done, or, unless it is `kept`, until the stage its
/// reader work aggregates for bounds the run. The last worker left then has the cutter decode
/// its chunks itself ([`Crew::cutter_decodes`]) and waits for the end.
fn work(
    kept: bool,
    jobs: &Mutex<Receiver<Job>>,
    order: &Sequencer,
    crew: &Crew,
    mut decoding: Decoding,
    meter: &crate::meter::Meter,
) {
    let mut busy = meter.stopwatch(Role::Decoders);
    loop {
        let job = busy.wait(|| match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => Err(std::sync::mpsc::RecvError),
        });
        let Ok(job) = job else { return };
        let seq = job.seq;
        let batch = decoding.batch(job);
        if !busy.wait(|| order.post(seq, Done::Batch(batch))) {
            return;
        }
        // The workers beyond the cores the main thread leaves would only take CPU from it, and
        // with one worker left, handing it the chunks only adds a thread to wake per chunk
        // (docs/perf.md, "Parallel ordered chunks").
        if decoding.stage_bound() {
            if !kept {
                crew.active.fetch_sub(1, Ordering::Relaxed);
                return;
            }
            if crew.active.load(Ordering::Relaxed) <= 1 {
                crew.cutter_decodes.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// Frames and decodes one chunk exactly as the single-threaded reader does ([`LineFramer`]), into
/// a batch with room for `items` items; `file_field` names the source in every event
/// (`--with-filename`).
fn decode_chunk(
    job: &Job,
    decoder: &mut dyn Decoder,
    mut reader_work: Option<&mut (dyn ReaderWork + 'static)>,
    file_field: Option<&mut FileField>,
    items: usize,
) -> Batch {
    let mut batch = Batch {
        bytes: job.bytes,
        arrival: job.arrival,
        items: Vec::with_capacity(items),
        ..Batch::default()
    };
    let mut lines = LineFramer::starting_at(job.first_line, job.max_record);
    let take = &mut ToBatch::new(
        &mut batch,
        reader_work.as_deref_mut(),
        file_field,
        &job.source,
        job.arrival,
    );
    // A chunk holds whole records and, the last of its source, may end without `\n`, or in a
    // record the source's failure cut off.
    if job.cut_off {
        lines.frame_cut_off(&job.data, decoder, take);
    } else {
        lines.frame_to(&job.data, true, decoder, take);
    }
    if let Some(reader_work) = reader_work {
        batch.close_absorbed(reader_work);
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::input::Item;
    use crate::input::read_all;
    use crate::input::{ReadMode, SourceSpec};
    use std::io::Write;
    use std::sync::mpsc;

    /// Everything the pipeline would see, independent of batch boundaries.
    #[derive(Debug, PartialEq)]
    struct Seen {
        items: Vec<String>,
        lines: u64,
        blank: u64,
        structural: u64,
        bytes: u64,
        end: String,
    }

    fn observe(rx: Receiver<Message>) -> Seen {
        let mut seen = Seen {
            items: Vec::new(),
            lines: 0,
            blank: 0,
            structural: 0,
            bytes: 0,
            end: "none".into(),
        };
        for msg in rx {
            match msg {
                Message::Batch(b) => {
                    seen.lines += b.lines;
                    seen.blank += b.blank;
                    seen.structural += b.structural;
                    seen.bytes += b.bytes;
                    for item in b.items {
                        seen.items.push(match item {
                            Item::Event {
                                event: e, start, ..
                            } => format!(
                                "{} {} {}:{} {:?} {}",
                                e.value().to_json(),
                                e.is_pristine(),
                                e.location().source,
                                e.location().line,
                                String::from_utf8_lossy(e.original()),
                                start
                            ),
                            Item::Malformed(err, raw) => {
                                format!("ERR {err} {:?}", String::from_utf8_lossy(&raw))
                            }
                            Item::Filtered { stage, lines } => format!("FILTERED {stage} {lines}"),
                            Item::Absorbed(a) => format!("ABSORBED {} {}", a.stage, a.events),
                            Item::Output { events, lines } => {
                                format!("OUTPUT {events} {}", String::from_utf8_lossy(&lines))
                            }
                        });
                    }
                }
                Message::End => {
                    seen.end = "end".into();
                    break;
                }
                Message::Failed(e) => {
                    seen.end = format!("failed: {e}");
                    break;
                }
                Message::SourceFailed(e) => seen.items.push(format!("FAILED {e}")),
                Message::Signal(_) | Message::Reopen => {}
            }
        }
        seen
    }

    fn single(sources: &[String], format: InputFormat) -> Seen {
        single_with(sources, format, &DecoderOptions::default())
    }

    fn single_with(sources: &[String], format: InputFormat, options: &DecoderOptions) -> Seen {
        let (tx, rx) = mpsc::sync_channel(1 << 16);
        read_all(
            sources.iter().map(|s| SourceSpec::new(s)).collect(),
            Some(format),
            options,
            Arc::new(SystemClock),
            &tx,
            &Budget::unlimited(),
            ReadMode::default(),
        );
        drop(tx);
        observe(rx)
    }

    fn parallel(sources: &[String], format: InputFormat, workers: usize, chunk: usize) -> Seen {
        parallel_with(sources, format, &DecoderOptions::default(), workers, chunk)
    }

    fn parallel_with(
        sources: &[String],
        format: InputFormat,
        options: &DecoderOptions,
        workers: usize,
        chunk: usize,
    ) -> Seen {
        let (tx, rx) = mpsc::sync_channel(4);
        let sources = sources.to_vec();
        let options = options.clone();
        let reader = thread::spawn(move || {
            // A tight budget: the cutter waits for the pipeline often.
            let setup = Chunking {
                workers,
                chunk,
                budget: Budget::new(4 * chunk as u64),
            };
            read_chunked(
                &sources,
                Some(format),
                &options,
                Arc::new(SystemClock),
                &tx,
                &setup,
            )
        });
        let seen = observe(rx);
        reader.join().expect("reader thread");
        seen
    }

    fn file(dir: &tempfile::TempDir, name: &str, data: &[u8]) -> String {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(data))
            .expect("write test file");
        path.to_string_lossy().into_owned()
    }

    fn mixed_input(lines: usize) -> Vec<u8> {
        let mut data = b"\xEF\xBB\xBF".to_vec();
        for i in 0..lines {
            match i % 7 {
                0 => data.extend_from_slice(format!("{{\"i\":{i},\"s\":\"x\"}}\r\n").as_bytes()),
                1 => data.extend_from_slice(b"\n"),
                2 => data.extend_from_slice(format!("{{\"i\":{i} broken\n").as_bytes()),
                3 => data.extend_from_slice(format!("[{i}]\n").as_bytes()),
                4 => data.extend_from_slice(
                    format!("{{\"long\":\"{}\"}}\n", "y".repeat(i % 300)).as_bytes(),
                ),
                5 => data.extend_from_slice(b"\r\n"),
                _ => data.extend_from_slice(format!("{{\"i\":{i}}}\n").as_bytes()),
            }
        }
        data.extend_from_slice(b"{\"last\":\"no newline\"}");
        data
    }

    /// CSV with everything that makes framing hard: blank lines and a malformed line before the
    /// header, quoted cells with line breaks (CRLF too) and doubled quotes, ragged rows, a quote
    /// inside an unquoted cell, and a record still open at the end of the source.
    fn csv_input(rows: usize) -> Vec<u8> {
        let mut data = b"\xEF\xBB\xBF\nbad\xFF,header\nid,text,n\r\n".to_vec();
        for i in 0..rows {
            let row = match i % 9 {
                0 => format!("{i},\"two\nlines\",1\n"),
                1 => format!("{i},\"crlf\r\ninside, and \"\"quoted\"\"\",2\r\n"),
                2 => "\n".to_owned(),
                3 => format!("{i},ragged\n"),
                4 => format!("{i},5\" inch,{i}.5\n"),
                5 => format!("{i},\"{}\",\n", "long\n".repeat(i % 40)),
                6 => format!("{i},\"x\"y,3\n"),
                _ => format!("{i},plain,{i}\n"),
            };
            data.extend_from_slice(row.as_bytes());
        }
        data.extend_from_slice(b"last,\"open at the end\n,no newline");
        data
    }

    #[test]
    fn parallel_equals_single_threaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = file(&dir, "a.ndjson", &mixed_input(2000));
        let b = file(&dir, "b.ndjson", b"");
        let c = file(&dir, "c.ndjson", b"\xEF\xBB");
        let d = file(&dir, "d.ndjson", &mixed_input(50));
        let e = file(&dir, "e.csv", &csv_input(1500));
        let f = file(&dir, "f.csv", b"only,a,header\n");
        let g = file(&dir, "g.csv", &csv_input(40));
        let no_header = DecoderOptions {
            no_header: true,
            ..DecoderOptions::default()
        };
        let cases = [
            (InputFormat::Ndjson, &DecoderOptions::default()),
            (InputFormat::Lines, &DecoderOptions::default()),
            (InputFormat::Logfmt, &DecoderOptions::default()),
            (InputFormat::Csv, &DecoderOptions::default()),
            (InputFormat::Csv, &no_header),
        ];
        for (format, options) in cases {
            let sources = match format {
                InputFormat::Csv => vec![e.clone(), b.clone(), f.clone(), g.clone(), e.clone()],
                _ => vec![a.clone(), b.clone(), c.clone(), d.clone(), e.clone()],
            };
            let want = single_with(&sources, format, options);
            assert!(want.items.len() > 1400, "{}", want.items.len());
            let events = want.items.iter().filter(|i| i.starts_with('{')).count();
            assert!(events > 1000, "{format:?}: {events} events");
            assert_eq!(want.end, "end");
            for (workers, chunk) in [(1, 64), (2, 7), (3, 64), (2, 1000), (4, CHUNK)] {
                let got = parallel_with(&sources, format, options, workers, chunk);
                let first_diff = got.items.iter().zip(&want.items).position(|(g, w)| g != w);
                assert_eq!(
                    (
                        first_diff,
                        got.items.len(),
                        got.lines,
                        got.blank,
                        got.structural,
                        got.bytes,
                        &got.end
                    ),
                    (
                        None,
                        want.items.len(),
                        want.lines,
                        want.blank,
                        want.structural,
                        want.bytes,
                        &want.end
                    ),
                    "{format:?} workers {workers} chunk {chunk}: {:?}",
                    first_diff.map(|i| (&got.items[i], &want.items[i]))
                );
            }
        }
    }

    #[test]
    fn a_missing_source_is_reported_in_its_place_and_the_next_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = file(&dir, "a.ndjson", &mixed_input(300));
        let b = file(&dir, "b.ndjson", &mixed_input(200));
        let missing = dir.path().join("nope").to_string_lossy().into_owned();
        let sources = vec![a, missing, b];
        let want = single(&sources, InputFormat::Ndjson);
        assert_eq!(want.end, "end");
        let failed = want.items.iter().position(|i| i.starts_with("FAILED "));
        let failed = failed.expect("the missing source is reported");
        assert!(
            want.items[failed].contains("nope"),
            "{}",
            want.items[failed]
        );
        assert!(
            failed > 0 && failed + 1 < want.items.len(),
            "between a and b"
        );
        assert_eq!(parallel(&sources, InputFormat::Ndjson, 2, 50), want);
    }

    /// A compressed source cut short: what was complete is read, the record the failure cut
    /// off (a CSV record spanning lines, an NDJSON line) is malformed with the bytes read of
    /// it, then the failure is reported; the same with one thread and with several.
    #[test]
    fn a_record_cut_off_by_a_read_error_is_malformed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gzip_cut = |data: &[u8]| {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(data).expect("compressed");
            let gz = gz.finish().expect("compressed");
            gz[..gz.len() - 30].to_vec()
        };
        let mut csv = csv_input(300);
        csv.extend_from_slice(b"\n9,\"open");
        for i in 0..3000 {
            csv.extend_from_slice(format!("\n{}", i * 7919 % 10007).as_bytes());
        }
        let mut ndjson = mixed_input(300);
        for i in 0..3000 {
            ndjson.extend_from_slice(format!("\n{{\"i\":{}}}", i * 7919 % 10007).as_bytes());
        }
        for (format, data) in [(InputFormat::Csv, csv), (InputFormat::Ndjson, ndjson)] {
            let source = vec![file(&dir, "cut.gz", &gzip_cut(&data))];
            let want = single(&source, format);
            assert_eq!(want.end, "end");
            let [.., last, failed] = &want.items[..] else {
                panic!("too few items: {:?}", want.items);
            };
            assert!(failed.starts_with("FAILED "), "{failed}");
            assert!(
                last.starts_with("ERR ") && last.contains("record cut off"),
                "{last}"
            );
            for (workers, chunk) in [(1, 64), (2, 7), (3, 1000)] {
                assert_eq!(
                    parallel(&source, format, workers, chunk),
                    want,
                    "{format:?}"
                );
            }
        }
    }

    #[test]
    fn stops_when_the_pipeline_hangs_up() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = file(&dir, "a.ndjson", &mixed_input(5000));
        let bound = DecoderOptions {
            work: Some(Box::new(StageBound)),
            ..DecoderOptions::default()
        };
        // Two workers; eight on tiny chunks; one that soon leaves the chunks to the cutter.
        for (workers, chunk, options) in [
            (2, 64, DecoderOptions::default()),
            (8, 7, DecoderOptions::default()),
            (1, 64, bound),
        ] {
            for received in [1, 40] {
                let (tx, rx) = mpsc::sync_channel(1);
                let a = a.clone();
                let options = options.clone();
                let reader = thread::spawn(move || {
                    let setup = Chunking {
                        workers,
                        chunk,
                        budget: Budget::new(1000),
                    };
                    read_chunked(
                        &[a],
                        Some(InputFormat::Ndjson),
                        &options,
                        Arc::new(SystemClock),
                        &tx,
                        &setup,
                    )
                });
                for _ in 0..received {
                    assert!(matches!(rx.recv(), Ok(Message::Batch(_))));
                }
                drop(rx);
                reader.join().expect("the reader ends");
            }
        }
    }

    /// Reader work whose stage bounds the run from the start: the workers stand down and the
    /// cutter decodes.
    #[derive(Debug, Clone)]
    struct StageBound;

    impl ReaderWork for StageBound {
        fn decode(&mut self, decoder: &mut dyn Decoder, record: &[u8]) -> Result<Record, String> {
            decoder.decode(record)
        }

        fn absorb(
            &mut self,
            _: &mut Record,
            _: &[u8],
            _: &dyn Fn() -> crate::error::Location,
        ) -> bool {
            false
        }

        fn take_absorbed(&mut self) -> Option<crate::input::work::Absorbed> {
            None
        }

        fn stage_bound(&self) -> bool {
            true
        }

        fn clone_work(&self) -> Box<dyn ReaderWork> {
            Box::new(self.clone())
        }
    }

    /// Many workers on tiny chunks finish out of order; a source missing and one failing
    /// mid-read are reported in their places; once the stage bounds the run the cutter decodes
    /// the chunks the last worker leaves. The pipeline sees the single-threaded sequence.
    #[test]
    fn out_of_order_completion_keeps_the_sequence() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = file(&dir, "a.ndjson", &mixed_input(1500));
        let missing = dir.path().join("nope").to_string_lossy().into_owned();
        let mut cut = mixed_input(400);
        for i in 0..3000 {
            cut.extend_from_slice(format!("\n{{\"i\":{}}}", i * 7919 % 10007).as_bytes());
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&cut).expect("compressed");
        let gz = gz.finish().expect("compressed");
        let cut = file(&dir, "cut.gz", &gz[..gz.len() - 30]);
        let d = file(&dir, "d.ndjson", &mixed_input(700));
        let sources = vec![a, missing, cut, d];
        let bound = DecoderOptions {
            work: Some(Box::new(StageBound)),
            ..DecoderOptions::default()
        };
        for options in [DecoderOptions::default(), bound] {
            let want = single_with(&sources, InputFormat::Ndjson, &options);
            assert_eq!(want.end, "end");
            assert_eq!(
                want.items
                    .iter()
                    .filter(|i| i.starts_with("FAILED "))
                    .count(),
                2
            );
            for (workers, chunk) in [(8, 7), (6, 16), (2, 7), (1, 7)] {
                let (tx, rx) = mpsc::sync_channel(1);
                let (sources, run_options) = (sources.clone(), options.clone());
                let reader = thread::spawn(move || {
                    let setup = Chunking {
                        workers,
                        chunk,
                        budget: Budget::new(64 * chunk as u64),
                    };
                    let format = Some(InputFormat::Ndjson);
                    let clock = Arc::new(SystemClock);
                    read_chunked(&sources, format, &run_options, clock, &tx, &setup)
                });
                assert_eq!(observe(rx), want, "workers {workers} chunk {chunk}");
                let by_cutter = reader.join().expect("reader thread");
                // Only the last worker left hands its chunks to the cutter (each worker stands
                // down on this machine's cores less one).
                let left = workers.min(thread::available_parallelism().map_or(1, |n| n.get()) - 1);
                if options.work.is_some() && left <= 1 {
                    assert!(by_cutter > 1000, "the cutter decoded {by_cutter} chunks");
                } else {
                    assert_eq!(by_cutter, 0);
                }
            }
        }
    }

    /// Results posted from many threads in any order reach the pipeline in sequence, then the
    /// end; a result posted after the pipeline hung up is refused.
    #[test]
    fn the_sequencer_forwards_in_order() {
        let (tx, rx) = mpsc::sync_channel(2);
        let order = Arc::new(Sequencer::new(tx));
        let posters: Vec<_> = (0..4u64)
            .map(|t| {
                let order = Arc::clone(&order);
                thread::spawn(move || {
                    // Thread t posts t, t+4, ... from the last to the first.
                    for seq in (0..500).rev().filter(|s| s % 4 == t) {
                        let batch = Batch {
                            lines: seq,
                            ..Batch::default()
                        };
                        assert!(order.post(seq, Done::Batch(batch)));
                    }
                })
            })
            .collect();
        let mut seen = Vec::new();
        let end = thread::spawn(move || {
            for p in posters {
                p.join().expect("poster");
            }
            assert!(order.post(500, Done::End));
            order
        });
        for message in rx {
            match message {
                Message::Batch(b) => seen.push(b.lines),
                Message::End => break,
                _ => panic!("unexpected message"),
            }
        }
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
        let order = end.join().expect("end");
        assert!(!order.post(501, Done::End), "closed after the end");
        let (tx, rx) = mpsc::sync_channel(1);
        let order = Sequencer::new(tx);
        assert!(order.post(1, Done::End), "waits for 0");
        drop(rx);
        assert!(!order.post(0, Done::End), "the pipeline hung up");
        assert!(!order.post(2, Done::End));
    }

    /// The reader does not run ahead of a pipeline that keeps its batches: what it hands on
    /// weighs at most the budget (plus one chunk), however much input is left.
    #[test]
    fn the_budget_bounds_what_is_read_ahead() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = file(&dir, "a.ndjson", &mixed_input(20_000));
        let (tx, rx) = mpsc::sync_channel(1 << 16);
        let budget = Budget::new(4096);
        let reader = {
            let budget = budget.clone();
            thread::spawn(move || {
                let setup = Chunking {
                    workers: 3,
                    chunk: 256,
                    budget,
                };
                read_chunked(
                    &[a],
                    Some(InputFormat::Ndjson),
                    &DecoderOptions::default(),
                    Arc::new(SystemClock),
                    &tx,
                    &setup,
                )
            })
        };
        thread::sleep(std::time::Duration::from_millis(300));
        let mut kept = Vec::new();
        while let Ok(Message::Batch(batch)) = rx.try_recv() {
            kept.push(batch);
        }
        let bytes: u64 = kept.iter().map(|b| b.bytes).sum();
        assert!(!kept.is_empty());
        assert!(bytes <= 4096 + 2 * 256, "read ahead {bytes} bytes");
        drop(kept);
        let rest = observe(rx);
        assert_eq!(rest.end, "end");
        reader.join().expect("reader thread");
    }

    #[test]
    fn formats_without_state_across_sources_qualify() {
        assert!(InputFormat::Ndjson.parallel());
        assert!(InputFormat::Lines.parallel());
        assert!(InputFormat::Csv.parallel());
        assert!(!InputFormat::Syslog.parallel());
        assert!(!InputFormat::Zeek.parallel());
        let files = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert!(applies(&files(&["a.ndjson", "b.jsonl.gz"]), None));
        assert!(applies(&files(&["a.ndjson", "b.csv"]), None));
        assert!(!applies(&files(&["a.ndjson", "b.log"]), None));
        assert!(!applies(&files(&["-"]), None));
        assert!(applies(&files(&["-"]), Some(InputFormat::Lines)));
        assert!(!applies(&files(&["a.ndjson"]), Some(InputFormat::Zeek)));
    }
}

#[cfg(test)]
mod cut_tests {
    use super::*;

    /// A decoder that answers as the one it wraps but cannot skip lines unframed: its cuts are
    /// found by framing every line.
    struct FramedOnly(Box<dyn Decoder>);

    impl Decoder for FramedOnly {
        fn continues(&self, record: &[u8]) -> bool {
            self.0.continues(record)
        }

        fn continues_after(&self, record: &[u8], open_at: usize) -> bool {
            self.0.continues_after(record, open_at)
        }

        fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
            self.0.decode(record)
        }
    }

    proptest::proptest! {
        /// Skipping the lines that close their records finds the same cuts as framing every
        /// line, read after read, whether the chunk is cut or not, through records too long,
        /// quoted cells with line breaks and malformed quotes.
        #[test]
        fn skipping_closed_lines_cuts_where_framing_does(
            text in "h,i\r?\n([a,\"\n\r]{0,30}|[a,]{0,5}\"[a,\n\r]{0,12}\"\"?[a,]{0,3}\n){0,12}",
            reads in proptest::collection::vec((1usize..40, proptest::bool::ANY), 1..40),
            max in 6usize..60,
            no_header in proptest::bool::ANY,
        ) {
            let options = DecoderOptions { no_header, ..DecoderOptions::default() };
            let mut fast = RecordCuts::new(InputFormat::Csv.decoder(&options), max);
            let framing_only = FramedOnly(InputFormat::Csv.decoder(&options));
            let mut framed = RecordCuts::new(Box::new(framing_only), max);
            let mut input = text.as_bytes();
            let mut buf = Vec::new();
            let mut skipping = false;
            for (n, cut) in reads {
                let (read, rest) = input.split_at(n.min(input.len()));
                input = rest;
                let mut read = read;
                if skipping {
                    let Some(newline) = memchr::memchr(b'\n', read) else { continue };
                    read = &read[newline + 1..];
                    skipping = false;
                }
                buf.extend_from_slice(read);
                let at = fast.advance(&buf);
                proptest::prop_assert_eq!(at, framed.advance(&buf));
                proptest::prop_assert_eq!(fast.lines.skipping(), framed.lines.skipping());
                proptest::prop_assert_eq!(&fast.header, &framed.header);
                if fast.lines.skipping() {
                    fast.restart();
                    framed.restart();
                    buf.clear();
                    skipping = true;
                } else if cut && at > 0 {
                    fast.cut_at(at);
                    framed.cut_at(at);
                    buf.drain(..at);
                }
            }
        }
    }
}
