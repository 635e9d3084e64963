//! Measurements of a run for `--stats`, `--stats-interval` and the progress bar: the busy time of
//! the reader threads and the bytes they read ([`Meter`], shared by every thread), the delay from
//! reading an event to writing it ([`Delays`]) and the main thread's time in each stage
//! ([`StageClock`]).
//!
//! Busy time is measured between the points where a thread waits (for input from a pipe, for
//! room in the read-ahead budget, for a channel), an `Instant` read at each: per batch or chunk,
//! never per event. Events are timed through their arrival stamp ([`crate::event::Event::arrival`])
//! and one clock reading per batch.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::clock::SharedClock;

/// Who did the work a [`Busy`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The reader thread: reading, and with one thread framing, decoding and the reader's work
    /// for the chain; with several, cutting the input into chunks (and decoding them once the
    /// workers stood down).
    Reader,
    /// The parallel decoding workers (`--threads N`), added up.
    Decoders,
}

/// Counters the reader threads add to and the main thread reads; cloning shares them.
#[derive(Debug, Clone, Default)]
pub struct Meter {
    shared: Arc<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    /// Busy nanoseconds by [`Role`].
    reader: AtomicU64,
    decoders: AtomicU64,
    /// Bytes read from regular files and from other sources (pipes, terminals), as stored
    /// (compressed input before it is decompressed).
    file_bytes: AtomicU64,
    stream_bytes: AtomicU64,
}

/// Bytes read so far from the sources, as stored ([`Meter::bytes_read`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BytesRead {
    /// From regular files.
    pub files: u64,
    /// From pipes, terminals and other streams.
    pub streams: u64,
}

impl Meter {
    fn busy_counter(&self, role: Role) -> &AtomicU64 {
        match role {
            Role::Reader => &self.shared.reader,
            Role::Decoders => &self.shared.decoders,
        }
    }

    /// The busy time of `role` so far.
    pub fn busy(&self, role: Role) -> Duration {
        Duration::from_nanos(self.busy_counter(role).load(Ordering::Relaxed))
    }

    /// The bytes read so far.
    pub fn bytes_read(&self) -> BytesRead {
        BytesRead {
            files: self.shared.file_bytes.load(Ordering::Relaxed),
            streams: self.shared.stream_bytes.load(Ordering::Relaxed),
        }
    }

    /// Counts `bytes` as read (from a regular file when `regular`) without reading them (a file
    /// resumed at an offset).
    pub fn count_read(&self, regular: bool, bytes: u64) {
        let counter = if regular {
            &self.shared.file_bytes
        } else {
            &self.shared.stream_bytes
        };
        counter.fetch_add(bytes, Ordering::Relaxed);
    }

    /// A stopwatch for a thread of `role`, running from now.
    pub fn stopwatch(&self, role: Role) -> Busy {
        Busy {
            meter: self.clone(),
            role,
            since: Instant::now(),
            excluded: Duration::ZERO,
        }
    }

    /// `reader`, counting the bytes read from it (`regular`: it is a regular file).
    pub fn counting(&self, reader: Box<dyn Read + Send>, regular: bool) -> Box<dyn Read + Send> {
        Box::new(Counting {
            reader,
            meter: self.clone(),
            regular,
        })
    }
}

/// A reader that counts what it reads in a [`Meter`] ([`Meter::counting`]).
struct Counting {
    reader: Box<dyn Read + Send>,
    meter: Meter,
    regular: bool,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.reader.read(buf)?;
        self.meter.count_read(self.regular, n as u64);
        Ok(n)
    }
}

/// A thread's busy time: the time since it was started, less the waits it was told of. It adds
/// what it measured to its [`Meter`] before each wait and when dropped, so the main thread sees
/// it while the run goes on.
#[derive(Debug)]
pub struct Busy {
    meter: Meter,
    role: Role,
    since: Instant,
    /// Time since `since` spent waiting in a way [`Busy::wait`] cannot wrap.
    excluded: Duration,
}

impl Busy {
    /// Runs `wait`, which waits for something (input, room, a channel): its time is not busy.
    pub fn wait<T>(&mut self, wait: impl FnOnce() -> T) -> T {
        self.add();
        let result = wait();
        self.since = Instant::now();
        result
    }

    /// Leaves out `waited`, time since the last wait that was spent waiting (a read from a pipe
    /// deep in the reader).
    pub fn exclude(&mut self, waited: Duration) {
        self.excluded += waited;
    }

    fn add(&mut self) {
        let busy = self
            .since
            .elapsed()
            .saturating_sub(std::mem::take(&mut self.excluded));
        let nanos = u64::try_from(busy.as_nanos()).unwrap_or(u64::MAX);
        self.meter
            .busy_counter(self.role)
            .fetch_add(nanos, Ordering::Relaxed);
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.add();
    }
}

/// The delays from reading events to writing them: their exact mean, and quantiles from a
/// histogram of logarithmic buckets (8 per power of two: within 6 % of the true value) of
/// bounded size.
///
/// Writing an event notes its arrival stamp ([`Delays::written`]); the clock is read once per
/// batch ([`Delays::settle`]), so every event written while a batch was processed counts as
/// written when the batch was done.
pub struct Delays {
    clock: SharedClock,
    /// Arrival stamps written since the last [`Delays::settle`], with how many events had each
    /// (the events of one read share a stamp).
    pending: Vec<(i64, u64)>,
    counts: Box<[u64; BUCKETS]>,
    events: u64,
    /// The sum of the delays, in nanoseconds.
    total: u128,
    /// When the run started: an event read before (by an earlier run, held in `--state`) is
    /// not this run's to time.
    since: i64,
}

/// Sub-buckets per power of two, as a power of two.
const SUB_BITS: u32 = 3;
/// Buckets: exact below `2^(SUB_BITS + 1)`, then 8 per power of two up to `2^64`.
const BUCKETS: usize = ((64 - SUB_BITS as usize) << SUB_BITS) + (1 << SUB_BITS);
/// Distinct arrival stamps held before the clock is read for them anyway.
const MAX_PENDING: usize = 1024;

/// The bucket of `ns`.
fn bucket(ns: u64) -> usize {
    if ns < 1 << (SUB_BITS + 1) {
        return ns as usize;
    }
    let exp = 63 - ns.leading_zeros();
    let sub = (ns >> (exp - SUB_BITS)) & ((1 << SUB_BITS) - 1);
    (((exp - SUB_BITS + 1) << SUB_BITS) as usize) + sub as usize
}

/// The smallest value of `bucket` and the width of the bucket.
fn bucket_range(bucket: usize) -> (u64, u64) {
    if bucket < 1 << (SUB_BITS + 1) {
        return (bucket as u64, 1);
    }
    let exp = (bucket >> SUB_BITS) as u32 + SUB_BITS - 1;
    let sub = (bucket & ((1 << SUB_BITS) - 1)) as u64;
    let width = 1u64 << (exp - SUB_BITS);
    (((1 << SUB_BITS) + sub) * width, width)
}

impl Delays {
    /// No delays yet; `clock` is the one arrival stamps come from.
    pub fn new(clock: SharedClock) -> Delays {
        Delays {
            since: clock.now(),
            clock,
            pending: Vec::new(),
            counts: Box::new([0; BUCKETS]),
            events: 0,
            total: 0,
        }
    }

    /// `events` read at `arrival` were written. Events a stage made have no arrival (`0`): they
    /// are not counted, nor events an earlier run read (taken back from `--state`).
    pub fn written(&mut self, arrival: i64, events: u64) {
        if arrival == 0 || arrival < self.since {
            return;
        }
        match self.pending.last_mut() {
            Some((last, n)) if *last == arrival => *n += events,
            _ => {
                if self.pending.len() >= MAX_PENDING {
                    self.settle(self.clock.now());
                }
                self.pending.push((arrival, events));
            }
        }
    }

    /// The events noted since the last call were written by `now`.
    pub fn settle(&mut self, now: i64) {
        for (arrival, n) in self.pending.drain(..) {
            let ns = u64::try_from(now.saturating_sub(arrival)).unwrap_or(0);
            self.counts[bucket(ns)] += n;
            self.events += n;
            self.total += u128::from(ns) * u128::from(n);
        }
    }

    /// How many delays were measured.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The mean delay; `None` before any.
    pub fn mean(&self) -> Option<Duration> {
        let mean = self.total.checked_div(u128::from(self.events))?;
        Some(Duration::from_nanos(
            u64::try_from(mean).unwrap_or(u64::MAX),
        ))
    }

    /// The `q` quantile (`0.99`): the middle of its bucket; `None` before any delay.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        let rank = ((q * self.events as f64).ceil() as u64).clamp(1, self.events.max(1));
        let mut seen = 0;
        for (i, &n) in self.counts.iter().enumerate() {
            seen += n;
            if n > 0 && seen >= rank {
                let (low, width) = bucket_range(i);
                return Some(Duration::from_nanos(low + width / 2));
            }
        }
        None
    }
}

/// How the main thread's calls into stages are timed now ([`StageClock`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timing {
    Off,
    /// A sampled batch: the times are scaled to all batches.
    Sampled,
    /// A call timed always (end of input, a tick while input is quiet).
    Exact,
}

/// The main thread's time in each stage, not counting the later stages it passed events to:
/// measured on one batch in [`StageClock::SAMPLE`] (two clock readings per event and stage
/// would slow bulk runs) and scaled to the time of all batches; the end of input and the ticks
/// while input is quiet are timed whole. One more slot after the stages is the writing of the
/// output.
#[derive(Debug)]
pub struct StageClock {
    timing: Timing,
    /// Time spent in calls nested in the one being timed.
    nested: Duration,
    /// Per stage (and the output): time in sampled batches, time in exact calls.
    sampled: Vec<Duration>,
    exact: Vec<Duration>,
    /// The main thread's busy time in sampled batches, and in all.
    sampled_batches: Duration,
    all_batches: Duration,
    batches: u64,
}

/// What [`StageClock::enter`] hands to [`StageClock::leave`].
#[derive(Debug)]
pub struct Entered {
    began: Instant,
    outer_nested: Duration,
}

impl StageClock {
    /// One batch in this many is timed.
    pub const SAMPLE: u64 = 16;

    /// A clock for `stages` stages and the output.
    pub fn new(stages: usize) -> StageClock {
        StageClock {
            timing: Timing::Off,
            nested: Duration::ZERO,
            sampled: vec![Duration::ZERO; stages + 1],
            exact: vec![Duration::ZERO; stages + 1],
            sampled_batches: Duration::ZERO,
            all_batches: Duration::ZERO,
            batches: 0,
        }
    }

    /// A batch begins: it is timed if it is the one of its [`StageClock::SAMPLE`].
    pub fn begin_batch(&mut self) {
        self.batches += 1;
        if self.batches % Self::SAMPLE == 1 {
            self.timing = Timing::Sampled;
        }
    }

    /// Calls that are timed always begin (the end of input, ticks while input is quiet).
    pub fn begin_exact(&mut self) {
        self.timing = Timing::Exact;
    }

    /// The batch or the exact calls ended, after `busy` of the main thread's time.
    pub fn end(&mut self, busy: Duration) {
        match self.timing {
            Timing::Sampled => {
                self.sampled_batches += busy;
                self.all_batches += busy;
            }
            Timing::Off => self.all_batches += busy,
            Timing::Exact => {}
        }
        self.timing = Timing::Off;
    }

    /// A call into a stage or the output begins: `None` when calls are not timed now.
    pub fn enter(&mut self) -> Option<Entered> {
        if self.timing == Timing::Off {
            return None;
        }
        Some(Entered {
            began: Instant::now(),
            outer_nested: std::mem::take(&mut self.nested),
        })
    }

    /// The call that [`StageClock::enter`] began ended; it was into stage `index` (0-based; the
    /// number of stages for the output).
    pub fn leave(&mut self, index: usize, entered: Entered) {
        let took = entered.began.elapsed();
        let own = took.saturating_sub(self.nested);
        self.nested = entered.outer_nested + took;
        let slot = match self.timing {
            Timing::Sampled => &mut self.sampled,
            _ => &mut self.exact,
        };
        if let Some(time) = slot.get_mut(index) {
            *time += own;
        }
    }

    /// The time of each stage and of the output.
    pub fn estimate(&self) -> Vec<Duration> {
        let scale = if self.sampled_batches.is_zero() {
            0.0
        } else {
            self.all_batches.as_secs_f64() / self.sampled_batches.as_secs_f64()
        };
        self.sampled
            .iter()
            .zip(&self.exact)
            .map(|(sampled, exact)| sampled.mul_f64(scale) + *exact)
            .collect()
    }
}

/// What the main thread measures when statistics are asked for: the delays of the events it
/// writes and its time in each stage.
pub struct Measure {
    /// From reading events to writing them.
    pub delays: Delays,
    /// The main thread's time per stage.
    pub stages: StageClock,
}

impl Measure {
    /// Measuring a chain of `stages` stages whose arrival stamps come from `clock`.
    pub fn new(stages: usize, clock: SharedClock) -> Measure {
        Measure {
            delays: Delays::new(clock),
            stages: StageClock::new(stages),
        }
    }

    /// Runs `write`, which writes `events` read at `arrival` to the output, noting their delay
    /// and timing it as the output's (the slot after the `stages` stages) when `measure` is
    /// given.
    pub fn writing<T>(
        measure: Option<&mut Measure>,
        (arrival, events): (i64, u64),
        stages: usize,
        write: impl FnOnce() -> T,
    ) -> T {
        let Some(measure) = measure else {
            return write();
        };
        measure.delays.written(arrival, events);
        let entered = measure.stages.enter();
        let result = write();
        if let Some(entered) = entered {
            measure.stages.leave(stages, entered);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    #[test]
    fn buckets_cover_every_value_in_order() {
        let mut last = 0;
        for ns in (0..100_000).chain([u64::MAX / 3, u64::MAX - 1, u64::MAX]) {
            let b = bucket(ns);
            assert!(b >= last && b < BUCKETS, "{ns}");
            let (low, width) = bucket_range(b);
            assert!(low <= ns && ns - low < width, "{ns} in {low}+{width}");
            last = b;
        }
    }

    #[test]
    fn delays_settle_with_one_clock_reading() {
        // The run started at 1: stamps from before (an earlier run's) are not timed.
        let clock = ManualClock::new(1);
        let mut d = Delays::new(clock.clone());
        clock.set(1_000);
        d.written(0, 5);
        d.written(900, 3);
        d.written(900, 1);
        d.written(500, 1);
        assert_eq!(d.events(), 0);
        d.settle(1_000);
        assert_eq!(d.events(), 5);
        assert_eq!(d.mean(), Some(Duration::from_nanos((4 * 100 + 500) / 5)));
        // 80 % of the delays are 100 ns, the rest 500.
        let p50 = d.quantile(0.5).unwrap().as_nanos();
        assert!((96..=104).contains(&p50), "{p50}");
        let p99 = d.quantile(0.99).unwrap().as_nanos();
        assert!((480..=520).contains(&p99), "{p99}");
    }

    #[test]
    fn many_distinct_stamps_read_the_clock_themselves() {
        let clock = ManualClock::new(1);
        let mut d = Delays::new(clock.clone());
        clock.set(10_000);
        for arrival in 1..=(MAX_PENDING as i64 + 1) {
            d.written(arrival, 1);
        }
        assert_eq!(d.events(), MAX_PENDING as u64);
        assert!(d.pending.len() == 1);
    }

    #[test]
    fn nested_calls_count_once() {
        let mut clock = StageClock::new(2);
        clock.begin_batch();
        let outer = clock.enter().unwrap();
        let inner = clock.enter().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        clock.leave(1, inner);
        clock.leave(0, outer);
        clock.end(Duration::from_millis(20));
        // The next batches are not timed, but scale the sampled one.
        for _ in 1..StageClock::SAMPLE {
            clock.begin_batch();
            assert!(clock.enter().is_none());
            clock.end(Duration::from_millis(20));
        }
        let times = clock.estimate();
        assert!(times[0] < Duration::from_millis(5), "{times:?}");
        assert!(times[1] >= Duration::from_millis(20 * StageClock::SAMPLE));
        assert_eq!(times[2], Duration::ZERO);
    }
}
