//! The time-window stage — tumbling, hopping, cumulate, session and global (C1, C2, C4, C5,
//! C8): reading each record's time and key, the late and bad-time policies, `--max-groups`, and
//! the [`Stage`] methods. What is specific to a kind is its [`Assigner`] (`assign.rs` for fixed
//! windows, `session.rs` for sessions); the watermark is `watermark.rs`'s, emission
//! `emitter.rs`'s.
//!
//! The order of operations per record is the one C1 fixes: extract `t` and the key; assign
//! windows and judge each with the watermark *before* the record (`W_before`); update
//! aggregates (late-accepted windows re-emit); advance `W`; fire every closed window in
//! `(window_end, window_start, key)` order; purge what is beyond the allowed lateness.

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Location, Result};
use crate::event::{Event, FieldReader};
use crate::input::work::{Found, Prepared};
use crate::ops::{FieldStage, Flow, Out, Pushdown, Stage, WindowOffer};
use crate::time::format_duration;
use crate::value::{Map, Value};

use super::TimeSpec;
use super::absorbed::{Absorbed, RunTimes, Tumbling};
use super::aggregates::Acc;
use super::args::Overflow;
use super::assign::{Assign, Assigner, Fixed, FixedWindows};
use super::emit::{Bounds, Plan, TimeOut, key_id_into};
use super::emitter::{Emitter, FillEmpty, Order, Pending};
use super::options::EmitMode;
use super::policy::Policy;
use super::reading::{EPOCH_MS, NO_OFFSET, ValueFields, read_time, time_flags};
use super::session::Sessions;
use super::timefmt::{OutTime, round_up_duration};
use super::watermark::{TimeDomain, Watermark};

/// How many forward jumps are reported.
const MAX_JUMP_WARNINGS: u64 = 5;
/// Live groups at which a warning is printed.
const GROUPS_WARNING: usize = 1_000_000;

/// Everything the stage needs, validated by `build`.
pub struct Settings {
    /// Keys, aggregates, output.
    pub plan: Plan,
    /// Time extraction.
    pub time: TimeSpec,
    /// Event or processing time, and what moves the watermark.
    pub domain: TimeDomain,
    /// `--allowed-lateness`.
    pub lateness: i64,
    /// `--emit`.
    pub emit: EmitMode,
    /// `--max-jump`.
    pub max_jump: i64,
    /// `--max-future`.
    pub max_future: Option<i64>,
    /// `--late`.
    pub late: Policy,
    /// `--on-bad-time`.
    pub bad_time: Policy,
    /// `--max-groups`.
    pub max_groups: Option<usize>,
    /// `--on-overflow`.
    pub overflow: Overflow,
    /// The wall clock (for the periodic timer's start).
    pub clock: SharedClock,
}

/// The stage for validated settings, over fixed windows (with `fill`) or sessions.
pub fn stage(s: Settings, assign: Assign, fill: FillEmpty) -> Box<dyn Stage> {
    match assign {
        Assign::Fixed(kind) => Box::new(Engine::new(s, FixedWindows::new(kind, fill))),
        Assign::Session(gap) => Box::new(Engine::new(s, Sessions::new(gap))),
    }
}

/// The aggregates of one window and key.
pub struct Group {
    /// The key's values as shown (refined from float to integer when one arrives).
    pub key: Vec<Value>,
    /// The aggregates' states.
    pub accs: Vec<Acc>,
    /// The window fired (its on-time record is out).
    pub fired: bool,
    /// Some record of the window is out (an early one, say).
    pub emitted: bool,
    /// Updated since its last record.
    pub dirty: bool,
    /// The sequence number of the latest record (for eviction).
    pub touched: u64,
}

impl Group {
    /// A group that only stands for its key in a record (empty fill windows, retractions).
    pub fn placeholder(key: Vec<Value>, accs: Vec<Acc>) -> Group {
        Group {
            key,
            accs,
            fired: true,
            emitted: true,
            dirty: false,
            touched: 0,
        }
    }
}

/// Counters for `--stats` and the summary.
#[derive(Default)]
pub struct Stats {
    /// Records taken.
    pub records_in: u64,
    /// Windows fired.
    pub windows_emitted: u64,
    /// Late records dropped.
    pub late_dropped: u64,
    /// Late records written to the `--late` file.
    pub late_to_file: u64,
    /// Windows a record was too late for, while others took it.
    pub late_window_assignments: u64,
    /// Bad timestamps.
    pub bad_time: u64,
    /// Records in no window (hopping gaps).
    pub unassigned: u64,
    /// Aggregated values skipped.
    pub skipped_values: u64,
    /// Groups evicted by `--max-groups`.
    pub evicted: u64,
    /// Forward jumps warned about.
    pub jumps: u64,
    /// Largest lag of a record behind the latest time before it.
    pub max_ooo: i64,
    /// Most windows open at once.
    pub max_open_windows: usize,
    /// Most groups live at once.
    pub max_groups: usize,
}

/// What the stage holds besides the windows: settings, watermark, emitter, counters, and the
/// per-event reading of fields. The [`Assigner`] is handed it by the stage.
pub struct Core {
    /// The settings.
    pub s: Settings,
    /// The global window (no bounds in records, no watermark before end of input).
    pub global: bool,
    /// Reads the time, `--by` and aggregate fields without parsing lazy events whole; loaded
    /// once per event at the start of `process`.
    pub fields: FieldReader,
    /// How window bounds are written (with `auto`, learnt from the first timestamp).
    pub out_time: Option<OutTime>,
    /// The watermark.
    pub wm: Watermark,
    /// Records taken so far (the sequence number of the latest).
    pub seq: u64,
    /// Live groups.
    pub live_groups: usize,
    /// Some group was ever opened.
    pub ever_grouped: bool,
    /// Counters.
    pub stats: Stats,
    /// Labels, batches, periodic timer.
    pub emitter: Emitter,
    /// The key id of the event being processed (a buffer reused from event to event).
    kid_buf: String,
    /// The fields the aggregates read, to find their values in a prepared event.
    pub values: ValueFields,
    /// The time warnings given ([`NO_OFFSET`], [`EPOCH_MS`]): a prepared event flagged with
    /// another takes the full path, which gives it.
    warned: u8,
}

/// The time-window stage, over the windows of one kind.
pub struct Engine<A> {
    core: Core,
    windows: A,
}

impl<A: Assigner> Engine<A> {
    /// A stage from validated settings.
    fn new(s: Settings, windows: A) -> Engine<A> {
        let out_time = match &s.plan.time_out {
            TimeOut::Fixed(t) => Some(t.clone()),
            _ => None,
        };
        let labelled =
            s.emit != EmitMode::Final || s.lateness > 0 || s.overflow == Overflow::EmitEarly;
        let emitter = Emitter::new(s.emit, labelled, s.clock.now());
        let fields = {
            let plan = &s.plan;
            let paths = s
                .time
                .field
                .iter()
                .chain(&plan.keys)
                .chain(plan.aggs.iter().filter_map(|a| a.field.as_ref()));
            FieldReader::new(paths)
        };
        let values = ValueFields::of(&s.plan);
        let global = windows
            .fixed()
            .is_some_and(|f| matches!(f.kind, Fixed::Global));
        let wm = Watermark::new(s.domain);
        Engine {
            core: Core {
                s,
                global,
                fields,
                out_time,
                wm,
                seq: 0,
                live_groups: 0,
                ever_grouped: false,
                stats: Stats::default(),
                emitter,
                kid_buf: String::new(),
                values,
                warned: 0,
            },
            windows,
        }
    }

    /// Fires every closed, unfired window in output order, then purges.
    fn fire(&mut self, out: &mut Out<'_>) -> Result<Flow> {
        let mut batch = Vec::new();
        self.windows.fire(&mut self.core, &mut batch, out);
        let flow = self.core.emitter.emit(batch, Order::Output, out)?;
        let limit = self.core.wm.get() - i128::from(self.core.s.lateness);
        self.windows.purge(&mut self.core, limit);
        Ok(flow)
    }

    /// Moves the watermark to where an event at `t` takes it, and fires the windows that closes.
    fn advance(&mut self, t: i64, out: &mut Out<'_>) -> Result<Flow> {
        self.core.wm.advance(t);
        self.fire(out)
    }
}

impl Core {
    /// A record of the window `[start, end)` for group `g`, labelled `emit`.
    pub fn record(&self, start: i64, end: i64, emit: Option<&str>, g: &Group) -> Pending {
        let bounds = if self.global {
            Bounds::None
        } else {
            Bounds::Time(start, end)
        };
        Pending {
            end,
            start,
            key: g.key.clone(),
            event: self
                .s
                .plan
                .record(bounds, emit, &g.key, &g.accs, self.out_time.as_ref()),
        }
    }

    /// Counts a newly opened group.
    pub fn opened_group(&mut self) {
        self.live_groups += 1;
        self.ever_grouped = true;
        self.stats.max_groups = self.stats.max_groups.max(self.live_groups);
    }

    /// Extracts the event time; `Err` carries the bad-time message.
    fn event_time(&mut self, event: &Event, out: &mut Out<'_>) -> std::result::Result<i64, String> {
        if self.wm.domain() == TimeDomain::Processing {
            let t = if event.arrival() != 0 {
                event.arrival()
            } else {
                out.now()
            };
            return Ok(self.wm.processing_time(t));
        }
        let Some(field) = &self.s.time.field else {
            return Ok(0);
        };
        let (t, value) = read_time(&self.s.time, field, self.fields.root(event))?;
        let flags = time_flags(&self.s.time, value);
        if flags & NO_OFFSET != 0 {
            out.diag().warn_once(
                "window-no-offset",
                &format!(
                    "timestamp `{}` has no UTC offset: read as UTC (give --tz ZONE to choose)",
                    value.as_str().unwrap_or_default()
                ),
            );
        }
        if flags & EPOCH_MS != 0 {
            out.diag().warn_once(
                "window-epoch-ms",
                &format!(
                    "epoch_s timestamp {value} looks like milliseconds; use --time-format epoch_ms"
                ),
            );
        }
        self.warned |= flags;
        if let Some(mf) = self.s.max_future
            && i128::from(t) > i128::from(out.now()) + i128::from(mf)
        {
            return Err(format!(
                "timestamp {value} is more than {} in the future (--max-future)",
                format_duration(mf)
            ));
        }
        if self.out_time.is_none() && matches!(self.s.plan.time_out, TimeOut::Auto) {
            self.out_time = Some(OutTime::like_input(
                &self.s.time.format,
                value,
                self.s.time.out_tz.clone(),
            ));
        }
        Ok(t)
    }

    fn bad_time(&mut self, event: &Event, message: String, out: &mut Out<'_>) -> Result<()> {
        self.stats.bad_time += 1;
        match &mut self.s.bad_time {
            Policy::Drop => out.drop_event(event, DropReason::BadTime, message),
            Policy::File(f) => {
                f.write_line(event.original())?;
                out.count_dropped(DropReason::BadTime, 1);
                Ok(())
            }
            Policy::Fail => Err(Error::Data(DataError {
                location: event.location().clone(),
                reason: DropReason::BadTime,
                message,
            })),
        }
    }

    /// A record every window of which rejected it: the `--late` policy.
    pub fn late_record(&mut self, event: &Event, t: i64, out: &mut Out<'_>) -> Result<()> {
        match &mut self.s.late {
            Policy::Drop => {
                self.stats.late_dropped += 1;
                out.count_dropped(DropReason::Late, 1);
                Ok(())
            }
            Policy::File(f) => {
                self.stats.late_to_file += 1;
                f.write_line(event.original())?;
                out.count_dropped(DropReason::Late, 1);
                Ok(())
            }
            Policy::Fail => {
                out.count_dropped(DropReason::Late, 1);
                let t_text = self
                    .out_time
                    .as_ref()
                    .map_or(Value::Int(t), |o| o.render(t));
                Err(Error::Data(DataError {
                    location: event.location().clone(),
                    reason: DropReason::Late,
                    message: format!(
                        "late record (time {t_text} is behind a closed window; max out-of-orderness so far {}; raise --max-delay)",
                        format_duration(self.stats.max_ooo)
                    ),
                }))
            }
        }
    }

    /// Makes room for one more group under `--max-groups`: fails, or with `--on-overflow
    /// emit-early` evicts the least recently updated group of `windows` (emitted as "evicted"
    /// unless it had fired).
    pub fn reserve_group<A: Assigner>(
        &mut self,
        windows: &mut A,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        if self.live_groups >= GROUPS_WARNING {
            out.diag().warn_once(
                "window-groups",
                "more than 1000000 live window groups (--max-groups N limits memory)",
            );
        }
        let Some(max) = self.s.max_groups else {
            return Ok(Flow::Continue);
        };
        if self.live_groups < max {
            return Ok(Flow::Continue);
        }
        if self.s.overflow == Overflow::Fail {
            return Err(Error::runtime(format!(
                "window: more than {max} live groups (--max-groups); raise the limit or use --on-overflow emit-early"
            )));
        }
        let Some(((end, start), group)) = windows.evict_oldest() else {
            return Ok(Flow::Continue);
        };
        self.live_groups -= 1;
        self.stats.evicted += 1;
        if group.fired {
            return Ok(Flow::Continue);
        }
        let p = self.record(start, end, Some("evicted"), &group);
        out.diag()
            .mark_incomplete("evicted window groups (--max-groups)");
        self.emitter.emit(vec![p], Order::AsMade, out)
    }

    /// Takes what a run of events the reader aggregated says about their times, as `process`
    /// takes each event's: the output time format, the lag behind earlier events, a forward
    /// jump of the run's first event (the reader ends a run before any other jump).
    fn take_run_times(&mut self, times: &RunTimes, out: &mut Out<'_>) {
        if self.out_time.is_none() && matches!(self.s.plan.time_out, TimeOut::Auto) {
            self.out_time = times.out_time.clone();
        }
        self.stats.max_ooo = self.stats.max_ooo.max(times.out_of_order);
        let Some(m) = self.wm.max_t() else {
            return;
        };
        self.stats.max_ooo = self.stats.max_ooo.max(m.saturating_sub(times.min));
        if m <= times.first {
            self.check_jump(m, times.first, &times.first_location, out);
        }
    }

    /// Warns (up to [`MAX_JUMP_WARNINGS`] times) when the event at `location` moves the event
    /// time forward from `max` to `t` by more than `--max-jump`.
    fn check_jump(&mut self, max: i64, t: i64, location: &Location, out: &mut Out<'_>) {
        if i128::from(t) - i128::from(max) > i128::from(self.s.max_jump)
            && self.stats.jumps < MAX_JUMP_WARNINGS
        {
            self.stats.jumps += 1;
            let line = location.to_string();
            out.diag().warn_once(
                &format!("window-jump-{line}"),
                &format!(
                    "{line}: event time jumps forward by {} (more than --max-jump {})",
                    format_duration(t.saturating_sub(max)),
                    format_duration(self.s.max_jump)
                ),
            );
        }
    }

    /// Whether the engine can take the reader's reading of an event as it is: not when it must
    /// still warn about a flagged timestamp, learn the output time format from the first
    /// timestamp, or report one beyond `--max-future` (the full path does those).
    fn takes(&self, prepared: &Prepared, out: &Out<'_>) -> bool {
        let format_known = self.out_time.is_some()
            || self.s.time.field.is_none()
            || !matches!(self.s.plan.time_out, TimeOut::Auto);
        let in_future = self
            .s
            .max_future
            .is_some_and(|mf| i128::from(prepared.time) > i128::from(out.now()) + i128::from(mf));
        prepared.flags & !self.warned == 0 && format_known && !in_future
    }
}

impl<A: Assigner> FieldStage for Engine<A> {
    fn field_reader(&self) -> &FieldReader {
        &self.core.fields
    }

    fn window_offer(&self, last: bool) -> Option<WindowOffer> {
        // The reader can read the time, key and values of fixed windows in event time.
        let s = &self.core.s;
        let TimeDomain::Event { max_delay, idle } = s.domain else {
            return None;
        };
        let fixed = self.windows.fixed()?;
        // Runs can be aggregated only where what the stage does per event does not depend on
        // their order beyond what a run tells it: one final record per group, no group limit,
        // late events counted only (the pushdown layer also asks for order-free aggregates). A tumbling window fires while it takes events, so no stage
        // after it may stop the run in the middle of one.
        let common = !self.core.emitter.labelled()
            && s.max_groups.is_none()
            && matches!(fixed.fill, FillEmpty::Off);
        let runs = match &fixed.kind {
            Fixed::Global if s.time.field.is_none() && idle.is_none() => Some(None),
            Fixed::Tumbling(align)
                if last && s.max_future.is_none() && matches!(s.late, Policy::Drop) =>
            {
                Some(Some(Tumbling {
                    align: align.clone(),
                    time: s.time.clone(),
                    time_out_auto: matches!(s.plan.time_out, TimeOut::Auto),
                    max_delay,
                    max_jump: s.max_jump,
                }))
            }
            _ => None,
        };
        Some(WindowOffer {
            time: s.time.clone(),
            plan: s.plan.clone(),
            runs: runs.filter(|_| common),
        })
    }

    fn merge_absorbed(&mut self, absorbed: Absorbed, out: &mut Out<'_>) -> Result<Flow> {
        let c = &mut self.core;
        c.stats.records_in += absorbed.events;
        c.seq += absorbed.events;
        let run_max = match &absorbed.times {
            Some(times) => {
                c.take_run_times(times, out);
                times.max
            }
            // As `process` leaves it after events without a time field.
            None => 0,
        };
        let mut late = absorbed.late;
        for group in absorbed.groups {
            if let Some(before) = group.opened_after
                && self.advance(before, out)? == Flow::Stop
            {
                return Ok(Flow::Stop);
            }
            let (end, _) = group.window;
            if A::closed(end, self.core.wm.get()) {
                late += group.events;
                continue;
            }
            if self.windows.take_group(&mut self.core, group, out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        let c = &mut self.core;
        if late > 0 {
            c.stats.late_dropped += late;
            out.count_dropped(DropReason::Late, late);
        }
        c.wm.see(run_max);
        if c.global {
            return Ok(Flow::Continue);
        }
        c.wm.heard(|| out.now());
        self.advance(run_max, out)
    }

    fn process_found(&mut self, event: Event, found: Found, out: &mut Out<'_>) -> Result<Flow> {
        let c = &mut self.core;
        c.stats.records_in += 1;
        let prepared = found.prepared.as_ref().filter(|p| c.takes(p, out));
        let t = match prepared {
            Some(p) => p.time,
            None => {
                c.fields.load_found(&event, found.spans);
                match c.event_time(&event, out) {
                    Ok(t) => t,
                    Err(message) => {
                        c.bad_time(&event, message, out)?;
                        return Ok(Flow::Continue);
                    }
                }
            }
        };
        c.seq += 1;
        c.wm.heard(|| out.now());
        let timed = !c.global || c.s.time.field.is_some();
        if timed && let Some(m) = c.wm.max_t() {
            if m > t {
                c.stats.max_ooo = c.stats.max_ooo.max(m.saturating_sub(t));
            } else {
                c.check_jump(m, t, event.location(), out);
            }
        }
        let mut kid = std::mem::take(&mut c.kid_buf);
        match prepared {
            Some(p) => {
                kid.clear();
                kid.push_str(p.key());
            }
            None => key_id_into(
                (c.s.plan.keys.iter())
                    .map(|p| p.get(c.fields.root(&event)).unwrap_or(&Value::Null)),
                &mut kid,
            ),
        }
        let flow = self
            .windows
            .assign(&mut self.core, &event, prepared, t, &kid, out);
        self.core.kid_buf = kid;
        if flow? == Flow::Stop {
            return Ok(Flow::Stop);
        }
        self.core.wm.see(t);
        if self.core.global {
            return self.fire(out);
        }
        self.advance(t, out)
    }
}

impl<A: Assigner> Stage for Engine<A> {
    fn open(&mut self) -> Result<()> {
        self.core.s.late.open()?;
        self.core.s.bad_time.open()
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        self.process_found(event, Found::default(), out)
    }

    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        Some(Pushdown::Fields(self))
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        self.core.wm.end_of_input();
        self.fire(out)?;
        let c = &mut self.core;
        if c.global && c.s.plan.keys.is_empty() && !c.ever_grouped {
            // SQL's aggregate without GROUP BY: one record even for empty input.
            let g = Group::placeholder(Vec::new(), c.s.plan.new_accs());
            let p = c.record(0, 0, c.emitter.on_time_label(), &g);
            c.stats.windows_emitted += 1;
            c.emitter.emit(vec![p], Order::AsMade, out)?;
        }
        c.s.late.flush()?;
        c.s.bad_time.flush()
    }

    fn tick(&mut self, now: i64, out: &mut Out<'_>) -> Result<Flow> {
        if self.core.emitter.periodic_due(now) {
            let mut batch = Vec::new();
            self.windows.periodic(&self.core, &mut batch);
            if self.core.emitter.emit(batch, Order::Output, out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if self.core.global || !self.core.wm.tick(now) {
            return Ok(Flow::Continue);
        }
        self.fire(out)
    }

    fn next_deadline(&self) -> Option<i64> {
        let periodic = self.core.emitter.next_periodic();
        if self.core.global {
            return periodic;
        }
        let closing = self
            .windows
            .next_end()
            .and_then(|end| self.core.wm.deadline(end));
        match (periodic, closing) {
            (Some(p), Some(c)) => Some(p.min(c)),
            (p, c) => p.or(c),
        }
    }

    fn stats(&self) -> Option<Value> {
        let mut m = Map::default();
        let int = |n: u64| Value::Int(n as i64);
        let c = &self.core;
        let st = &c.stats;
        m.insert("records_in".into(), int(st.records_in));
        m.insert("records_out".into(), int(c.emitter.records_out));
        m.insert("windows_emitted".into(), int(st.windows_emitted));
        m.insert("late_dropped".into(), int(st.late_dropped));
        m.insert("late_to_file".into(), int(st.late_to_file));
        m.insert(
            "late_window_assignments".into(),
            int(st.late_window_assignments),
        );
        m.insert("bad_time".into(), int(st.bad_time));
        m.insert("unassigned".into(), int(st.unassigned));
        m.insert("skipped_values".into(), int(st.skipped_values));
        m.insert("evicted".into(), int(st.evicted));
        m.insert("max_out_of_orderness".into(), Value::Duration(st.max_ooo));
        m.insert("max_open_windows".into(), int(st.max_open_windows as u64));
        m.insert("max_groups".into(), int(st.max_groups as u64));
        let wm_value = match c.wm.reported() {
            None => Value::Null,
            Some(ns) => c.out_time.as_ref().map_or(Value::Int(ns), |o| o.render(ns)),
        };
        m.insert("watermark_final".into(), wm_value);
        Some(Value::Object(m))
    }

    fn summary(&self) -> Option<String> {
        let st = &self.core.stats;
        let late = st.late_dropped + st.late_to_file;
        let mut parts = Vec::new();
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if let Policy::File(f) = &self.core.s.late
            && st.late_to_file > 0
        {
            parts.push(format!(
                "wrote {} to {}",
                plural(st.late_to_file, "late record", "late records"),
                f.path()
            ));
        }
        if st.late_dropped > 0 {
            parts.push(format!(
                "dropped {}",
                plural(st.late_dropped, "late record", "late records")
            ));
        }
        if st.late_window_assignments > 0 {
            parts.push(format!(
                "rejected {} (older windows are incomplete)",
                plural(
                    st.late_window_assignments,
                    "late window assignment",
                    "late window assignments"
                )
            ));
        }
        if st.evicted > 0 {
            parts.push(format!(
                "evicted {} early (--max-groups)",
                plural(st.evicted, "window group", "window groups")
            ));
        }
        if parts.is_empty() {
            return None;
        }
        let mut line = format!("eddy window: {}", parts.join(", "));
        if late > 0 || st.late_window_assignments > 0 {
            let d = format_duration(st.max_ooo);
            let b = format_duration(round_up_duration(st.max_ooo));
            line.push_str(&format!(
                " (max out-of-orderness {d}; --max-delay {b} would have kept them)"
            ));
        }
        Some(line)
    }
}
