//! `join --stream FILE`: the stream–stream join within a time bound, in event time.
//!
//! Two sides: the input (the events the chain brings) and the other stream (FILE, read by a
//! thread through [`read_events`]). Each side has its own watermark `W = max t − --max-delay`
//! (the windows' [`Watermark`]); an event behind its own side's `W` is late (`--late`). An event
//! `a` matches each event `b` of the other side with the same key and `|t_a − t_b| <= within`;
//! the pair is emitted when the later of the two arrives, as the earlier is still buffered: a
//! buffered event is forgotten once the *other* side's `W` passes its time + within, and an
//! event that is not late has `t >= W` of its side, so its matches were not forgotten. An input
//! event forgotten without a match is emitted unmatched under `--kind left`. End of input is
//! `W = +∞` on both sides.
//!
//! Reading the other side: which pairs are found does not depend on it (a pair is missed only
//! when one of its events is late, which its own side's order decides). A regular FILE is read
//! up to the latest time of the input (its events whose time is not after it), so that memory
//! and output order do not depend on timing either; a live FILE (pipe, socket) is read for what
//! its thread has received up to that time + within (what may match a buffered input event),
//! before each input event and at each tick; the rest waits in a bounded channel, so that its
//! reader thread cannot run ahead (back-pressure on the pipe).
//!
//! A side that ended has `W = +∞`: the other side's events are then matched against its buffer
//! and not buffered themselves (an input event of `--kind left` without a match is emitted at
//! once). At end of input, FILE is read on, waiting for a live one, until it ends or nothing
//! more can match (no input event is buffered: the other side's `W` passed the last one's time
//! + within); a signal stops the wait.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, sync_channel};

use jiff::tz::TimeZone;

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Result};
use crate::event::Event;
use crate::input::{ReadError, ReadOptions, Source, read_events};
use crate::ops::window::policy::Policy;
use crate::ops::window::watermark::{NEG_INF, POS_INF, TimeDomain, Watermark};
use crate::ops::{BuildContext, Flow, Out, Stage};
use crate::path::Path;
use crate::time::{TimeFormat, lacks_offset, parse_time_zone, parse_timestamp};
use crate::value::{Map, Value};

use super::{Args, Attach, KeyReader, Kind, OnKeys, report_read_error};

/// How often a live other stream is looked at while the input is quiet (ns).
const POLL: i64 = 100_000_000;

/// How many events of the other stream its reader thread may be ahead.
const CHANNEL: usize = 1024;

/// Builds the stream join; its reader thread starts when the chain is whole ([`Stage::open`]).
pub fn build(args: Args, on: OnKeys, attach: Attach, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let usage = |m: String| -> Error { ctx.usage("join", m).into() };
    let Some(file) = args.stream.clone() else {
        return Err(usage("--with or --stream is needed".into()));
    };
    if args.kind == Kind::Anti {
        return Err(usage("--kind anti is for --with (a side table)".into()));
    }
    if args.dup.is_some() {
        return Err(usage("--dup is for --with (a side table)".into()));
    }
    let Some(within) = args.within else {
        return Err(usage("--stream needs --within DUR".into()));
    };
    let Some(time_text) = &args.time_field else {
        return Err(usage("--stream needs --time-field PATH".into()));
    };
    let time_path =
        |text: &str| Path::parse(text).map_err(|e| usage(format!("--time-field {text}: {e}")));
    let main_time = time_path(time_text)?;
    let other_time = match &args.other_time_field {
        Some(text) => time_path(text)?,
        None => main_time.clone(),
    };
    let format = args
        .time_format
        .parse::<TimeFormat>()
        .map_err(|e| usage(format!("--time-format: {e}")))?;
    let tz = match &args.tz {
        Some(z) => parse_time_zone(z).map_err(usage)?,
        None => TimeZone::UTC,
    };
    if file == "-" {
        return Err(usage(
            "--stream -: the other stream must be a file or a pipe (stdin is the input)".into(),
        ));
    }
    let live = match std::fs::metadata(&file) {
        Ok(m) if m.is_dir() => return Err(usage(format!("--stream {file}: is a directory"))),
        Ok(m) => !m.is_file(),
        Err(e) => return Err(usage(format!("--stream {file}: {e}"))),
    };
    let domain = TimeDomain::Event {
        max_delay: args.max_delay.bound(),
        idle: None,
    };
    let side = |keys: &[Path], time: Path| Side {
        wm: Watermark::new(domain),
        time,
        keys: KeyReader::new(keys),
        held: HashMap::default(),
        by_key: HashMap::default(),
        order: BinaryHeap::new(),
        seq: 0,
        max_held: 0,
        late: 0,
    };
    Ok(Box::new(StreamJoin {
        main: side(&on.main, main_time),
        other: side(&on.other, other_time),
        attach,
        kind: args.kind,
        within,
        warn_no_offset: args.tz.is_none()
            && matches!(format, TimeFormat::Auto | TimeFormat::Rfc3339),
        format,
        tz,
        late: Policy::from(args.late),
        file,
        format_of_file: args.with_from,
        live,
        rx: None,
        ahead: None,
        clock: ctx.clock.clone(),
        last_poll: 0,
        counts: Counts::default(),
    }))
}

/// What one side holds: its watermark and its buffered events by key.
struct Side {
    wm: Watermark,
    time: Path,
    keys: KeyReader,
    /// Sequence number → the buffered event.
    held: HashMap<u64, Held, foldhash::fast::RandomState>,
    /// Key → its buffered events' times and sequence numbers, by time (a match is a range).
    by_key: HashMap<Box<[u8]>, BTreeSet<(i64, u64)>, foldhash::fast::RandomState>,
    /// The buffered events by time, earliest first: the eviction order.
    order: BinaryHeap<Reverse<(i64, u64)>>,
    seq: u64,
    max_held: usize,
    late: u64,
}

/// A buffered event.
struct Held {
    key: Box<[u8]>,
    event: Event,
    /// It matched an event of the other side (an input event of `--kind left` that did not is
    /// emitted unmatched when it is forgotten).
    matched: bool,
}

impl Side {
    /// Buffers `event` at `t` under `key`.
    fn hold(&mut self, t: i64, key: &[u8], event: Event, matched: bool) {
        self.seq += 1;
        let key: Box<[u8]> = key.into();
        self.by_key
            .entry(key.clone())
            .or_default()
            .insert((t, self.seq));
        self.order.push(Reverse((t, self.seq)));
        self.held.insert(
            self.seq,
            Held {
                key,
                event,
                matched,
            },
        );
        self.max_held = self.max_held.max(self.held.len());
    }

    /// Takes out the earliest buffered event if its time + `within` is behind `w`.
    fn evict_one(&mut self, w: i128, within: i64) -> Option<Held> {
        let Reverse((t, seq)) = *self.order.peek()?;
        if i128::from(t) + i128::from(within) >= w {
            return None;
        }
        self.order.pop();
        let held = self.held.remove(&seq)?;
        if let Some(seqs) = self.by_key.get_mut(&held.key) {
            seqs.remove(&(t, seq));
            if seqs.is_empty() {
                self.by_key.remove(&held.key);
            }
        }
        Some(held)
    }
}

/// What `--stats` shows besides the buffers.
#[derive(Debug, Default)]
struct Counts {
    other_events: u64,
    pairs: u64,
    unmatched: u64,
    late_to_file: u64,
}

/// The stream join.
struct StreamJoin {
    main: Side,
    other: Side,
    attach: Attach,
    kind: Kind,
    within: i64,
    format: TimeFormat,
    tz: TimeZone,
    /// No `--tz`: warn once of a timestamp without an offset.
    warn_no_offset: bool,
    late: Policy,
    file: String,
    format_of_file: Option<crate::input::InputFormat>,
    /// FILE is not a regular file: read for what its thread has received.
    live: bool,
    rx: Option<Receiver<Result<Event, ReadError>>>,
    /// The next event of FILE, read and not taken yet (its time is after what is taken).
    ahead: Option<(Event, i64)>,
    clock: SharedClock,
    last_poll: i64,
    counts: Counts,
}

/// How [`StreamJoin::next_other`] waits for the other stream.
#[derive(Clone, Copy)]
enum Wait {
    /// Until its next item (a regular FILE).
    Block,
    /// Not: what has arrived.
    No,
    /// Until its next item or a signal.
    UntilSignal,
}

/// Which side an event comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Main,
    Other,
}

impl StreamJoin {
    /// The time of `event` on side `which`.
    /// Warns once, as windows do, of a timestamp without an offset read in UTC for want of
    /// `--tz`.
    fn time_of(&mut self, which: Which, event: &Event, out: &mut Out<'_>) -> Result<i64, String> {
        let path = match which {
            Which::Main => &self.main.time,
            Which::Other => &self.other.time,
        };
        let value = event.field(path);
        let value = value.as_deref().unwrap_or(&Value::Null);
        let t = parse_timestamp(value, &self.format, &self.tz)
            .map_err(|e| format!("bad timestamp in `{path}`: {e}"))?;
        if self.warn_no_offset
            && let Value::Str(text) = value
            && lacks_offset(text)
        {
            self.warn_no_offset = false;
            out.diag().warn_once(
                "join-no-offset",
                &format!(
                    "timestamp `{text}` has no UTC offset: read as UTC (give --tz ZONE to choose)"
                ),
            );
        }
        Ok(t)
    }

    /// The next item of the other stream: waiting for it (a regular FILE), or, for a live one,
    /// if it is there (`grace`: if it comes within [`POLL`]).
    fn next_other(&mut self, wait: Wait, out: &Out<'_>) -> Option<Result<Event, ReadError>> {
        let rx = self.rx.as_ref()?;
        let item = match wait {
            Wait::Block => rx.recv().ok(),
            Wait::No => match rx.try_recv() {
                Ok(item) => Some(item),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => None,
            },
            Wait::UntilSignal => loop {
                if out.stopping() {
                    return None;
                }
                match rx.recv_timeout(std::time::Duration::from_nanos(POLL as u64)) {
                    Ok(item) => break Some(item),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break None,
                }
            },
        };
        if item.is_none() {
            self.rx = None;
            self.other.wm.end_of_input();
        }
        item
    }

    /// Takes the other stream's events up to time `until` (keeping the next one back), or all
    /// with `None` (at end of input, until nothing more can match); of a live FILE, while the
    /// input goes on, only what has arrived.
    fn pull_other(&mut self, until: Option<i64>, out: &mut Out<'_>) -> Result<Flow> {
        let wait = match until {
            None if out.interrupted() => Wait::No,
            None => Wait::UntilSignal,
            Some(_) if self.live => Wait::No,
            Some(_) => Wait::Block,
        };
        loop {
            if until.is_none() && self.main.held.is_empty() {
                // The input ended and no event of it is buffered: nothing more can match.
                self.rx = None;
                return Ok(Flow::Continue);
            }
            let (event, t) = match self.ahead.take() {
                Some(ahead) => ahead,
                None => {
                    let Some(item) = self.next_other(wait, out) else {
                        if self.rx.is_none() {
                            // FILE ended: `W = +∞` on its side, every input event settled.
                            return self.evict(Which::Other, POS_INF, out);
                        }
                        return Ok(Flow::Continue);
                    };
                    let event = match item {
                        Ok(event) => event,
                        Err(e) => {
                            report_read_error(e, out)?;
                            continue;
                        }
                    };
                    self.counts.other_events += 1;
                    match self.time_of(Which::Other, &event, out) {
                        Ok(t) => (event, t),
                        Err(message) => {
                            let error = DataError {
                                location: event.location().clone(),
                                reason: DropReason::BadTime,
                                message,
                            };
                            let bytes = event.side_file_bytes();
                            out.diag().report(error, &bytes, event.ending().bytes())?;
                            continue;
                        }
                    }
                }
            };
            if until.is_some_and(|u| t > u) {
                self.ahead = Some((event, t));
                return Ok(Flow::Continue);
            }
            if self.take(Which::Other, event, t, out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
    }

    /// Takes one event of side `which` at time `t`: late, or matched against the other side's
    /// buffer, buffered, and the other side's events its watermark passed forgotten.
    fn take(&mut self, which: Which, event: Event, t: i64, out: &mut Out<'_>) -> Result<Flow> {
        let (own, theirs) = match which {
            Which::Main => (&mut self.main, &mut self.other),
            Which::Other => (&mut self.other, &mut self.main),
        };
        if i128::from(t) < own.wm.get() {
            own.late += 1;
            return self
                .late_event(which, &event, t, out)
                .map(|()| Flow::Continue);
        }
        own.wm.see(t);
        own.wm.advance(t);
        if which == Which::Other {
            self.attach.saw(event.value());
        }
        // A null or missing key matches nothing (an input event's was settled before).
        let Some(key) = own.keys.key(&event).map(<[u8]>::to_vec) else {
            return Ok(Flow::Continue);
        };
        let mut matched = false;
        let mut pairs = Vec::new();
        if let Some(times) = theirs.by_key.get(&key[..]) {
            let range =
                (t.saturating_sub(self.within), 0)..=(t.saturating_add(self.within), u64::MAX);
            for (_, seq) in times.range(range) {
                let Some(held) = theirs.held.get_mut(seq) else {
                    continue;
                };
                matched = true;
                let (mut input, row) = match which {
                    Which::Main => (event.clone(), held.event.value()),
                    Which::Other => {
                        held.matched = true;
                        (held.event.clone(), event.value())
                    }
                };
                self.attach.matched(&mut input, row);
                pairs.push(input);
            }
        }
        for pair in pairs {
            self.counts.pairs += 1;
            if out.emit_made(pair)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        let (own, theirs) = match which {
            Which::Main => (&mut self.main, &self.other),
            Which::Other => (&mut self.other, &self.main),
        };
        if theirs.wm.get() < POS_INF {
            own.hold(t, &key, event, matched);
        } else if which == Which::Main && self.kind == Kind::Left && !matched {
            // The other side ended: nothing more can match it.
            let mut event = event;
            self.attach.unmatched(&mut event);
            self.counts.unmatched += 1;
            if out.emit_made(event)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        let w = match which {
            Which::Main => self.main.wm.get(),
            Which::Other => self.other.wm.get(),
        };
        self.evict(which, w, out)
    }

    /// Forgets the events of the side opposite `which` whose time + within is behind `w`
    /// (`which`'s watermark); input events of `--kind left` that matched nothing are emitted.
    fn evict(&mut self, which: Which, w: i128, out: &mut Out<'_>) -> Result<Flow> {
        let side = match which {
            Which::Main => &mut self.other,
            Which::Other => &mut self.main,
        };
        while let Some(held) = side.evict_one(w, self.within) {
            if which == Which::Other && self.kind == Kind::Left && !held.matched {
                let mut event = held.event;
                self.attach.unmatched(&mut event);
                self.counts.unmatched += 1;
                if out.emit_made(event)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Continue)
    }

    /// A late event: `--late`.
    fn late_event(&mut self, which: Which, event: &Event, t: i64, out: &mut Out<'_>) -> Result<()> {
        // Only the input's events are the stage's: the other stream's count in the run's total.
        let count = |out: &mut Out<'_>| match which {
            Which::Main => out.count_dropped(DropReason::Late, 1),
            Which::Other => out.diag().count(DropReason::Late, 1),
        };
        match &mut self.late {
            Policy::Drop => {
                count(out);
                Ok(())
            }
            Policy::File(f) => {
                self.counts.late_to_file += 1;
                f.write_record(event)?;
                count(out);
                Ok(())
            }
            Policy::Fail => {
                count(out);
                let w = match which {
                    Which::Main => self.main.wm.get(),
                    Which::Other => self.other.wm.get(),
                };
                Err(Error::Data(DataError {
                    location: event.location().clone(),
                    reason: DropReason::Late,
                    message: format!(
                        "late record (time {} is behind its side's watermark {}; raise --max-delay)",
                        rfc3339(t),
                        rfc3339(i64::try_from(w).unwrap_or(i64::MIN)),
                    ),
                }))
            }
        }
    }

    /// The latest time of the other stream to take before an input event at `t`: the input's
    /// latest time; of a live FILE, + within (what may match a buffered input event).
    fn until(&self, t: i64) -> i64 {
        let latest = self.main.wm.max_t().map_or(t, |m| m.max(t));
        match self.live {
            true => latest.saturating_add(self.within),
            false => latest,
        }
    }

    /// Starts the other stream's reader thread.
    fn start(&mut self) -> Result<()> {
        let (tx, rx) = sync_channel(CHANNEL);
        let source = Source::Path(self.file.clone());
        let options = ReadOptions {
            format: self.format_of_file,
            ..ReadOptions::default()
        };
        std::thread::Builder::new()
            .name("eddy-join-stream".into())
            .spawn(move || {
                for item in read_events(source, &options) {
                    if tx.send(item).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| Error::runtime(format!("cannot start the --stream reader: {e}")))?;
        self.rx = Some(rx);
        Ok(())
    }
}

impl Stage for StreamJoin {
    fn open(&mut self, append: bool) -> Result<()> {
        self.late.open(append)?;
        self.last_poll = self.clock.now();
        self.start()
    }

    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if self.main.keys.key(&event).is_none() {
            // A null or missing key matches nothing: unmatched at once.
            self.counts.unmatched += 1;
            if self.kind == Kind::Left {
                self.attach.unmatched(&mut event);
                return out.emit(event);
            }
            out.filtered();
            return Ok(Flow::Continue);
        }
        let t = match self.time_of(Which::Main, &event, out) {
            Ok(t) => t,
            Err(message) => {
                out.drop_event(&event, DropReason::BadTime, message)?;
                return Ok(Flow::Continue);
            }
        };
        if i128::from(t) < self.main.wm.get() {
            // Late: settled by `--late` (the other side cannot change the input's watermark).
            return self.take(Which::Main, event, t, out);
        }
        // Held from now on; settled first, so that a failure reading FILE leaves counts that
        // add up.
        out.absorbed(1);
        if self.pull_other(Some(self.until(t)), out)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
        self.take(Which::Main, event, t, out)
    }

    fn tick(&mut self, now: i64, out: &mut Out<'_>) -> Result<Flow> {
        self.last_poll = now;
        if self.live
            && let Some(t) = self.main.wm.max_t()
        {
            return self.pull_other(Some(self.until(t)), out);
        }
        Ok(Flow::Continue)
    }

    fn next_deadline(&self) -> Option<i64> {
        (self.live && self.rx.is_some()).then(|| self.last_poll.saturating_add(POLL))
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        // End of input: `W = +∞` on its side; what the other side buffered can match nothing.
        self.main.wm.end_of_input();
        if self.evict(Which::Main, POS_INF, out)? == Flow::Stop
            || self.pull_other(None, out)? == Flow::Stop
            || self.evict(Which::Other, POS_INF, out)? == Flow::Stop
        {
            return Ok(());
        }
        self.late.flush()
    }

    fn flush(&mut self) -> Result<()> {
        self.late.flush()
    }

    fn reopen(&mut self) -> Result<()> {
        self.late.reopen()
    }

    fn save_state(&self) -> Result<Option<Value>> {
        // What it holds would be lost, and where FILE was read to is not kept: refused rather
        // than silently dropped.
        Err(Error::runtime(
            "join --stream keeps nothing between --state runs: run it without --state, or end \
             the stream with --final",
        ))
    }

    fn watermark(&self) -> Option<i64> {
        let w = self.main.wm.get().min(self.other.wm.get());
        (w > NEG_INF && w < POS_INF)
            .then(|| i64::try_from(w).ok())
            .flatten()
    }

    fn stats(&self) -> Option<Value> {
        let int = |n: u64| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
        let mut m = Map::default();
        m.insert("other_events".into(), int(self.counts.other_events));
        m.insert("pairs".into(), int(self.counts.pairs));
        m.insert("unmatched".into(), int(self.counts.unmatched));
        m.insert("buffered_input".into(), int(self.main.held.len() as u64));
        m.insert("buffered_other".into(), int(self.other.held.len() as u64));
        m.insert("max_buffered_input".into(), int(self.main.max_held as u64));
        m.insert("max_buffered_other".into(), int(self.other.max_held as u64));
        m.insert("late_input".into(), int(self.main.late));
        m.insert("late_other".into(), int(self.other.late));
        m.insert("late_to_file".into(), int(self.counts.late_to_file));
        Some(Value::Object(m))
    }

    fn summary(&self) -> Option<String> {
        let late = self.main.late + self.other.late;
        if late == 0 {
            return None;
        }
        let whereto = match &self.late {
            Policy::File(f) => format!("written to {}", f.path()),
            Policy::Drop => "dropped".to_owned(),
            // The run stopped at it, and said so.
            Policy::Fail => return None,
        };
        Some(format!(
            "eddy join: {late} late record{} {whereto} ({} of the input, {} of {}; \
             a larger --max-delay keeps more, and holds more in memory; \
             max buffered {} + {} events)",
            if late == 1 { "" } else { "s" },
            self.main.late,
            self.other.late,
            self.file,
            self.main.max_held,
            self.other.max_held,
        ))
    }
}

/// An instant as RFC 3339 (its nanoseconds when out of range).
fn rfc3339(ns: i64) -> String {
    crate::time::format_timestamp(ns, None, None).unwrap_or_else(|_| format!("{ns} ns"))
}
