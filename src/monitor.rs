//! What a run tells of itself while it goes and at its end, besides its counters: the timing
//! part of the `--stats` object (the queue model of the README's `--stats` section: arrival
//! rate, service rate, utilisation, queue length, delay; busy time by thread and by stage; the
//! windows' watermark lag), the periodic reports of `--stats-interval`, and the progress bar.
//!
//! The pipeline asks [`Monitor::wake`] how long its main loop may wait, and calls
//! [`Monitor::due`] after each message and wake-up: the reports come from the main loop, also
//! while input is quiet, and cost nothing per event.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::cli::GlobalArgs;
use crate::input::budget::{Budget, READ_AHEAD};
use crate::meter::{Measure, Meter, Role};
use crate::ops::Stage;
use crate::progress::{Progress, When};
use crate::value::{Map, Value};

/// The run's measurements and reports.
pub struct Monitor {
    started: Instant,
    /// The read-ahead budget, which measures the queue.
    budget: Budget,
    /// The reader threads' busy time and bytes read.
    meter: Meter,
    /// The sizes of the input files that are regular files, added up.
    file_bytes: u64,
    /// `--stats` or `--stats-interval`: the main thread measures delays and stage times.
    measures: bool,
    /// `--stats-interval`, and when the next report is due.
    interval: Option<Duration>,
    next_report: Option<Instant>,
    progress: Option<Progress>,
    next_draw: Option<Instant>,
}

/// What the pipeline knows that the timing part of the `--stats` object shows.
pub struct Sample<'a> {
    /// Events read so far.
    pub events_read: u64,
    /// The main thread's busy time.
    pub main_busy: Duration,
    /// The stages, in order.
    pub stages: &'a [Box<dyn Stage>],
    /// The stages' names.
    pub names: &'a [&'static str],
    /// What the main thread measured.
    pub measure: Option<&'a Measure>,
    /// The wall clock's reading (ns), for the watermarks' lag.
    pub now: i64,
}

/// The sizes of `files` that are regular files, and whether all are.
fn file_sizes(files: &[String]) -> (u64, bool) {
    let mut all = true;
    let mut total = 0;
    for name in files {
        match std::fs::metadata(name) {
            Ok(m) if name != "-" && m.is_file() => total += m.len(),
            _ => all = false,
        }
    }
    (total, all)
}

/// Seconds as a JSON number.
fn seconds(d: Duration) -> Value {
    Value::Float(d.as_secs_f64())
}

/// `n / d`, or 0 when `d` is 0.
fn ratio(n: f64, d: f64) -> f64 {
    if d > 0.0 { n / d } else { 0.0 }
}

impl Monitor {
    /// The monitor of a run with these options and input files.
    pub fn new(global: &GlobalArgs, files: &[String]) -> Monitor {
        let (file_bytes, all_files) = file_sizes(files);
        let when = if global.no_progress {
            When::Never
        } else if global.progress {
            When::Always
        } else {
            When::Auto
        };
        let started = Instant::now();
        // Followed files grow: their total is not known.
        let total = (all_files && !global.follow).then_some(file_bytes);
        let progress = Progress::new(when, total);
        Monitor {
            started,
            budget: Budget::new(READ_AHEAD),
            meter: Meter::default(),
            file_bytes,
            measures: global.stats || global.stats_interval.is_some(),
            interval: global.stats_interval,
            next_report: global.stats_interval.map(|i| started + i),
            // Drawn first after the first batch.
            next_draw: progress.as_ref().map(|_| started),
            progress,
        }
    }

    /// The read-ahead budget the reader is to take from.
    pub fn budget(&self) -> Budget {
        self.budget.clone()
    }

    /// The meter the reader threads are to count in.
    pub fn meter(&self) -> Meter {
        self.meter.clone()
    }

    /// True when the main thread is to measure delays and stage times (`--stats`,
    /// `--stats-interval`).
    pub fn measures(&self) -> bool {
        self.measures
    }

    /// The progress bar, if one is shown.
    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    /// How long the main loop may wait before [`Monitor::due`] has something to do; `None`:
    /// for ever.
    pub fn wake(&self) -> Option<Duration> {
        let next = match (self.next_report, self.next_draw) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        next.map(|at| at.saturating_duration_since(Instant::now()))
    }

    /// Draws the progress bar if it is time to, after `events_read` events; true when a
    /// `--stats-interval` report is due (the pipeline then makes it: [`Monitor::report`]).
    pub fn due(&mut self, events_read: u64) -> bool {
        let now = Instant::now();
        if let (Some(progress), Some(at)) = (&mut self.progress, &mut self.next_draw)
            && now >= *at
        {
            let read = self.meter.bytes_read();
            progress.update(read.files + read.streams, events_read, now - self.started);
            *at = now + Progress::EVERY;
        }
        match (self.interval, &mut self.next_report) {
            (Some(interval), Some(at)) if now >= *at => {
                // The next one an interval after this one, not a burst after a long batch.
                *at = (*at + interval).max(now);
                true
            }
            _ => false,
        }
    }

    /// Writes the `--stats` object as one line on stderr, with the progress bar out of the way.
    pub fn report(&self, stats: &Value) {
        self.say(&stats.to_json());
    }

    /// Writes `line` on stderr, with the progress bar out of the way.
    pub fn say(&self, line: &str) {
        let write = || {
            let _ = writeln!(io::stderr().lock(), "{line}");
        };
        match &self.progress {
            Some(progress) => progress.suspend(write),
            None => write(),
        }
    }

    /// Removes the progress bar: the run is over.
    pub fn finish(&self) {
        if let Some(progress) = &self.progress {
            progress.clear();
        }
    }

    /// Adds the timing part of the `--stats` object to `root`: every field from `wall_seconds`
    /// on (the fields before it are counts, the same in every run of the same input).
    pub fn add_timing(&self, root: &mut Map, sample: &Sample<'_>) {
        let wall = self.started.elapsed();
        let reader = self.meter.busy(Role::Reader);
        let decoders = self.meter.busy(Role::Decoders);
        let busy = sample.main_busy + reader + decoders;
        let wall_s = wall.as_secs_f64();
        let events = sample.events_read as f64;
        let lambda = ratio(events, wall_s);
        let mu = ratio(events, busy.as_secs_f64());
        root.insert("wall_seconds".into(), Value::Float(wall_s));
        root.insert("busy_seconds".into(), seconds(busy));
        root.insert("arrival_rate".into(), Value::Float(lambda));
        root.insert("processing_rate".into(), Value::Float(mu));
        // λ/μ is busy time over wall time: said so, it is defined before the first event too.
        root.insert(
            "utilisation".into(),
            Value::Float(ratio(busy.as_secs_f64(), wall_s)),
        );
        let mut by_thread = Map::default();
        by_thread.insert("main".into(), seconds(sample.main_busy));
        by_thread.insert("reader".into(), seconds(reader));
        by_thread.insert("decoders".into(), seconds(decoders));
        root.insert("busy".into(), Value::Object(by_thread));
        root.insert("queue".into(), self.queue(wall_s));
        if let Some(measure) = sample.measure {
            root.insert("delay".into(), delay(measure));
            root.insert("stage_busy".into(), stage_busy(sample, measure));
        }
    }

    /// The `queue` object: the input held between the reader and the end of the chain, now and
    /// on average over the `wall_s` seconds of the run, and what is left to read of the files.
    fn queue(&self, wall_s: f64) -> Value {
        let q = self.budget.queue();
        let int = |n: u64| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
        let mut m = Map::default();
        m.insert("lines".into(), Value::Float(ratio(q.line_seconds, wall_s)));
        m.insert("bytes".into(), Value::Float(ratio(q.byte_seconds, wall_s)));
        m.insert("lines_now".into(), int(q.now.lines));
        m.insert("bytes_now".into(), int(q.now.bytes));
        let unread = self
            .file_bytes
            .saturating_sub(self.meter.bytes_read().files);
        m.insert("unread_bytes".into(), int(unread));
        Value::Object(m)
    }
}

/// The `delay` object: from reading events to writing them.
fn delay(measure: &Measure) -> Value {
    let d = &measure.delays;
    let mut m = Map::default();
    m.insert(
        "events".into(),
        Value::Int(i64::try_from(d.events()).unwrap_or(i64::MAX)),
    );
    let or_null = |d: Option<Duration>| d.map_or(Value::Null, seconds);
    m.insert("mean_seconds".into(), or_null(d.mean()));
    m.insert("p99_seconds".into(), or_null(d.quantile(0.99)));
    Value::Object(m)
}

/// The `stage_busy` array: the main thread's time in each stage, then in writing the output,
/// and a window's watermark lag.
fn stage_busy(sample: &Sample<'_>, measure: &Measure) -> Value {
    let times = measure.stages.estimate();
    let mut list: Vec<Value> = sample
        .names
        .iter()
        .zip(sample.stages)
        .zip(&times)
        .enumerate()
        .map(|(i, ((name, stage), time))| {
            let mut m = Map::default();
            m.insert("stage".into(), Value::Int(i as i64 + 1));
            m.insert("name".into(), Value::from(*name));
            m.insert("busy_seconds".into(), seconds(*time));
            if let Some(w) = stage.watermark() {
                let lag = sample.now.saturating_sub(w) as f64 / 1e9;
                m.insert("watermark_lag_seconds".into(), Value::Float(lag));
            }
            Value::Object(m)
        })
        .collect();
    let mut output = Map::default();
    output.insert("name".into(), Value::from("output"));
    let written = times.last().copied().unwrap_or_default();
    output.insert("busy_seconds".into(), seconds(written));
    list.push(Value::Object(output));
    Value::Array(list)
}
