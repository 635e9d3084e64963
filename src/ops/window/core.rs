//! The state every window kind shares (`Core`): the settings, reading each record's time and
//! key, the late and bad-time policies, `--max-groups`, the counters; and one window's
//! aggregates for one key (`Group`). The engine (`engine.rs`) and the assigners (`assign.rs`,
//! `session.rs`) work on it.

use std::collections::BTreeMap;

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Location, Result};
use crate::event::{Event, FieldReader};
use crate::input::work::Prepared;
use crate::ops::{Flow, Out};
use crate::time::format_duration;
use crate::value::Value;

use super::TimeSpec;
use super::absorbed::RunTimes;
use super::aggregates::{Acc, Skips};
use super::args::Overflow;
use super::emit::{Bounds, Plan, TimeOut};
use super::emitter::{Emitter, Order, Pending};
use super::options::EmitMode;
use super::policy::Policy;
use super::reading::{EPOCH_MS, NO_OFFSET, ValueFields, read_time, time_flags};
use super::timefmt::OutTime;
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

/// The aggregates of one window and key. A stage may hold millions: boxed slices, not vectors
/// (no capacity to keep), and small accumulators ([`Acc`]).
pub struct Group {
    /// The key's values as shown (refined from float to integer when one arrives).
    pub key: Box<[Value]>,
    /// The aggregates' states.
    pub accs: Box<[Acc]>,
    /// The window fired (its on-time record is out).
    pub fired: bool,
    /// Some record of the window is out (an early one, say).
    pub emitted: bool,
    /// Updated since its last record.
    pub dirty: bool,
    /// The sequence number of the latest record (for eviction: [`Recency`]).
    pub touched: u64,
}

impl Group {
    /// A group that only stands for its key in a record (empty fill windows, retractions).
    pub fn placeholder(key: impl Into<Box<[Value]>>, accs: impl Into<Box<[Acc]>>) -> Group {
        Group {
            key: key.into(),
            accs: accs.into(),
            fired: true,
            emitted: true,
            dirty: false,
            touched: 0,
        }
    }
}

/// The groups in the order of their latest update, for `--on-overflow emit-early`: the least
/// recently updated is the first, found in O(log n) where a scan of every group made eviction
/// quadratic (369 s for 1 M keys under `--max-groups 100000`). Kept only with emit-early.
#[derive(Default)]
pub struct Recency {
    /// Kept at all.
    on: bool,
    /// `(latest update's record number, window end, window start)` → key id. A record updates
    /// one group of its key per window, so no two groups share a triple; of the groups a record
    /// updated last, the one of the earliest window comes first. (Groups merged from the reader
    /// threads all carry one record number, but that path is off under `--max-groups`:
    /// `Engine::window_offer`.)
    order: BTreeMap<(u64, i64, i64), Box<str>>,
}

impl Recency {
    /// An index kept when `on` (`--on-overflow emit-early`).
    pub fn new(on: bool) -> Recency {
        Recency {
            on,
            order: BTreeMap::new(),
        }
    }

    /// The group `kid` of the window `(end, start)` was opened by record `seq`.
    pub fn opened(&mut self, kid: &str, (end, start): (i64, i64), seq: u64) {
        if self.on {
            self.order.insert((seq, end, start), kid.into());
        }
    }

    /// The group `kid` of the window `(end, start)`, last updated by record `old`, was updated by
    /// record `new`.
    #[inline]
    pub fn touched(&mut self, kid: &str, (end, start): (i64, i64), old: u64, new: u64) {
        if self.on {
            let kid = self
                .order
                .remove(&(old, end, start))
                .unwrap_or_else(|| kid.into());
            self.order.insert((new, end, start), kid);
        }
    }

    /// The group of the window `(end, start)` last updated by record `touched` is gone.
    pub fn forget(&mut self, (end, start): (i64, i64), touched: u64) {
        if self.on {
            self.order.remove(&(touched, end, start));
        }
    }

    /// Takes out the least recently updated group: its window `(end, start)` and key id.
    pub fn oldest(&mut self) -> Option<((i64, i64), Box<str>)> {
        let ((_, end, start), kid) = self.order.pop_first()?;
        Some(((end, start), kid))
    }
}

/// Why a record at `t` whose window is not representable has a bad timestamp: its window would
/// start before the first representable instant or end after the last (C1: times are `i64`
/// nanoseconds, 1677 to 2262). Such a window is not clamped: it would not be the window its
/// records belong to.
pub fn unrepresentable(t: i64) -> String {
    let at = crate::value::format_rfc3339(t);
    if t < 0 {
        let first = crate::value::format_rfc3339(i64::MIN);
        format!(
            "timestamp {at}: its window would start before {first}, the first instant eddy can represent"
        )
    } else {
        let last = crate::value::format_rfc3339(i64::MAX);
        format!(
            "timestamp {at}: its window would end after {last}, the last instant eddy can represent"
        )
    }
}

/// The record of the window `[start, end)` for group `g`, labelled `emit`, from the parts of
/// [`Core`] it needs (so that it can be made while the emitter is busy): no bounds in the
/// records of a `global` window.
pub fn record_of(
    plan: &Plan,
    global: bool,
    out_time: Option<&OutTime>,
    start: i64,
    end: i64,
    emit: Option<&str>,
    g: &Group,
) -> Event {
    let bounds = if global {
        Bounds::None
    } else {
        Bounds::Time(start, end)
    };
    plan.record(bounds, emit, &g.key, &g.accs, out_time)
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
    /// Records aggregated and the values skipped.
    pub skips: Skips,
    /// Groups evicted by `--max-groups`.
    pub evicted: u64,
    /// Late records no further behind the latest time than `--max-delay`: late only because
    /// `--idle-timeout` advanced event time (the summary's hint says so).
    pub late_after_idle: u64,
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
/// per-event reading of fields. The assigner is handed it by the stage.
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
    pub(super) kid_buf: String,
    /// With computed keys ([`Plan::computed`]), the object of the key values of the event
    /// being processed ([`Core::key_root`]).
    pub(super) key_object: Value,
    /// The fields the aggregates read, to find their values in a prepared event.
    pub values: ValueFields,
    /// The time warnings given ([`NO_OFFSET`], [`EPOCH_MS`]): a prepared event flagged with
    /// another takes the full path, which gives it.
    pub(super) warned: u8,
}

impl Core {
    /// The value the keys of `event`, the event being processed, resolve in: the object of its
    /// computed key values, or its fields.
    pub fn key_root<'a>(&'a self, event: &'a Event) -> &'a Value {
        match self.s.plan.computed {
            Some(_) => &self.key_object,
            None => self.fields.root(event),
        }
    }

    /// A record of the window `[start, end)` for group `g`, labelled `emit`.
    pub fn record(&self, start: i64, end: i64, emit: Option<&str>, g: &Group) -> Pending {
        let out_time = self.out_time.as_ref();
        Pending {
            end,
            start,
            key: g.key.to_vec(),
            event: record_of(&self.s.plan, self.global, out_time, start, end, emit, g),
        }
    }

    /// SQL's aggregate without GROUP BY: the one record a global window without keys that
    /// took no record makes (`{"count":0}`), or `None`.
    pub fn empty_aggregate(&self) -> Option<Pending> {
        (self.global && self.s.plan.keys.is_empty() && !self.ever_grouped).then(|| {
            let g = Group::placeholder(Vec::new(), self.s.plan.new_accs());
            self.record(0, 0, self.emitter.on_time_label(), &g)
        })
    }

    /// Counts a newly opened group.
    pub fn opened_group(&mut self) {
        self.live_groups += 1;
        self.ever_grouped = true;
        self.stats.max_groups = self.stats.max_groups.max(self.live_groups);
    }

    /// Extracts the event time; `Err` carries the bad-time message.
    pub(super) fn event_time(
        &mut self,
        event: &Event,
        out: &mut Out<'_>,
    ) -> std::result::Result<i64, String> {
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

    pub(super) fn bad_time(
        &mut self,
        event: &Event,
        message: String,
        out: &mut Out<'_>,
    ) -> Result<()> {
        self.stats.bad_time += 1;
        match &mut self.s.bad_time {
            Policy::Drop => out.drop_event(event, DropReason::BadTime, message),
            Policy::File(f) => {
                f.write_record(event)?;
                out.count_dropped(DropReason::BadTime, 1);
                Ok(())
            }
            Policy::Fail => {
                out.count_dropped(DropReason::BadTime, 1);
                Err(Error::Data(DataError {
                    location: event.location().clone(),
                    reason: DropReason::BadTime,
                    message,
                }))
            }
        }
    }

    /// A record every window of which rejected it: the `--late` policy.
    pub fn late_record(&mut self, event: &Event, t: i64, out: &mut Out<'_>) -> Result<()> {
        // Without the idle timer `W <= max t - B`, and a record that close to the latest time
        // is in no closed window: only the idle timer made it late.
        if let TimeDomain::Event {
            max_delay: Some(b),
            idle: Some(_),
        } = self.s.domain
            && self
                .wm
                .max_t()
                .is_some_and(|m| i128::from(m) - i128::from(t) <= i128::from(b))
        {
            self.stats.late_after_idle += 1;
        }
        match &mut self.s.late {
            Policy::Drop => {
                self.stats.late_dropped += 1;
                out.count_dropped(DropReason::Late, 1);
                Ok(())
            }
            Policy::File(f) => {
                self.stats.late_to_file += 1;
                f.write_record(event)?;
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
    /// emit-early` evicts the least recently updated group, which `evict_oldest` takes out of
    /// the windows (emitted as "evicted" unless it had fired).
    pub fn reserve_group(
        &mut self,
        evict_oldest: impl FnOnce() -> Option<((i64, i64), Group)>,
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
        let Some(((end, start), group)) = evict_oldest() else {
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
    pub(super) fn take_run_times(&mut self, times: &RunTimes, out: &mut Out<'_>) {
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
    pub(super) fn check_jump(&mut self, max: i64, t: i64, location: &Location, out: &mut Out<'_>) {
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
    pub(super) fn takes(&self, prepared: &Prepared, out: &Out<'_>) -> bool {
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
