//! Time windows — tumbling, hopping, cumulate, session and global — with the watermark, the
//! acceptance rule for late records, firing in output order and purging (C1, C2, C4, C5, C8).
//!
//! The order of operations per record is the one C1 fixes: extract `t` and the key; assign
//! windows and judge each with the watermark *before* the record (`W_before`); update
//! aggregates (late-accepted windows re-emit); advance `W`; fire every closed window in
//! `(window_end, window_start, key)` order; purge what is beyond the allowed lateness.
//! The watermark is an `i128` so `±∞` and `end + L` never overflow.

use std::collections::{BTreeMap, BTreeSet};

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Location, Result};
use crate::event::{Event, FieldReader, Prepared};
use crate::ops::{Absorbed, Flow, Out, ReaderAggregate, ReaderPrep, Stage};
use crate::time::format_duration;
use crate::value::{Map, Value};

use super::TimeSpec;
use super::absorb::{self, GroupAbsorber, RunTimes};
use super::aggregates::Acc;
use super::calendar::Align;
use super::emit::{Bounds, Plan, TimeOut, compare_keys, key_id_into, refine_key};
use super::options::EmitMode;
use super::policy::Policy;
use super::prep::{EPOCH_MS, NO_OFFSET, ValueFields, WindowPrep, read_time, time_flags};
use super::timefmt::{OutTime, round_up_duration};

/// Group tables are looked up once or more per event: a fast hasher (seeded per process).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

const NEG_INF: i128 = i128::MIN / 4;
const POS_INF: i128 = i128::MAX / 4;
/// Most empty windows `--fill-empty` writes for one gap of one key.
const MAX_FILL: usize = 100_000;
/// How many forward jumps are reported.
const MAX_JUMP_WARNINGS: u64 = 5;
/// Live groups at which a warning is printed.
const GROUPS_WARNING: usize = 1_000_000;

/// How records map to windows.
#[derive(Debug, Clone)]
pub enum Assign {
    /// `[a, a+size)`.
    Tumbling(Align),
    /// Every aligned window of `size` containing `t`, starts aligned to `slide`.
    Hopping {
        /// Window size in ns.
        size: i64,
        /// Start alignment.
        slide: Align,
    },
    /// `[a, a+j·step)` within the outer window.
    Cumulate {
        /// The enclosing window.
        outer: Align,
        /// Growth step in ns.
        step: i64,
    },
    /// Sessions with this gap (ns).
    Session(i64),
    /// One window per key.
    Global,
}

/// Everything the engine needs, validated by `build`.
pub struct Settings {
    /// Keys, aggregates, output.
    pub plan: Plan,
    /// The kind.
    pub assign: Assign,
    /// Time extraction.
    pub time: TimeSpec,
    /// Processing time (no time field).
    pub processing: bool,
    /// `--max-delay` (None = inf).
    pub max_delay: Option<i64>,
    /// `--allowed-lateness`.
    pub lateness: i64,
    /// `--emit`.
    pub emit: EmitMode,
    /// `--idle-timeout`.
    pub idle: Option<i64>,
    /// `--max-jump`.
    pub max_jump: i64,
    /// `--max-future`.
    pub max_future: Option<i64>,
    /// `--late`.
    pub late: Policy,
    /// `--on-bad-time`.
    pub bad_time: Policy,
    /// `--fill-empty`.
    pub fill_empty: bool,
    /// `--max-groups`.
    pub max_groups: Option<usize>,
    /// `--on-overflow emit-early`.
    pub evict: bool,
    /// The wall clock (for the periodic timer's start).
    pub clock: SharedClock,
}

struct Group {
    key: Vec<Value>,
    accs: Vec<Acc>,
    fired: bool,
    emitted: bool,
    dirty: bool,
    touched: u64,
}

struct Session {
    start: i64,
    end: i64,
    g: Group,
}

struct KeySessions {
    key: Vec<Value>,
    list: Vec<Session>,
    purged_end: Option<i64>,
}

#[derive(Default)]
struct Stats {
    records_in: u64,
    records_out: u64,
    windows_emitted: u64,
    late_dropped: u64,
    late_to_file: u64,
    late_window_assignments: u64,
    bad_time: u64,
    unassigned: u64,
    skipped_values: u64,
    evicted: u64,
    jumps: u64,
    max_ooo: i64,
    max_open_windows: usize,
    max_groups: usize,
}

/// The time-window stage.
pub struct Engine {
    s: Settings,
    /// Reads the time, `--by` and aggregate fields without parsing lazy events whole; loaded
    /// once per event at the start of `process`.
    fields: FieldReader,
    out_time: Option<OutTime>,
    wm: i128,
    wm_before_eof: i128,
    max_t: Option<i64>,
    seq: u64,
    windows: BTreeMap<(i64, i64), HashMap<String, Group>>,
    pending: BTreeSet<(i64, i64)>,
    sessions: HashMap<String, KeySessions>,
    alive: BTreeSet<(i64, i64, String)>,
    /// Keys whose only state is a purged session's end, by the instant that end stops mattering
    /// (`end + gap`): dropped then, so per-key memory does not grow with every key ever seen.
    expiry: BTreeSet<(i64, String)>,
    live_groups: usize,
    last_wall: i64,
    next_periodic: Option<i64>,
    fill_last: HashMap<String, i64>,
    ever_grouped: bool,
    stats: Stats,
    /// The key id of the event being processed (a buffer reused from event to event).
    kid_buf: String,
    /// The fields the aggregates read, to find their values in a prepared event.
    values: ValueFields,
    /// The time warnings given ([`NO_OFFSET`], [`EPOCH_MS`]): a prepared event flagged with
    /// another takes the full path, which gives it.
    warned: u8,
}

/// A record ready to be emitted, with its sort key.
struct Pending {
    end: i64,
    start: i64,
    key: Vec<Value>,
    event: Event,
}

impl Engine {
    /// A stage from validated settings.
    pub fn new(s: Settings) -> Engine {
        let out_time = match &s.plan.time_out {
            TimeOut::Fixed(t) => Some(t.clone()),
            _ => None,
        };
        let next_periodic = match s.emit {
            EmitMode::Periodic(d) => Some(s.clock.now().saturating_add(d)),
            _ => None,
        };
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
        Engine {
            s,
            fields,
            out_time,
            wm: NEG_INF,
            wm_before_eof: NEG_INF,
            max_t: None,
            seq: 0,
            windows: BTreeMap::new(),
            pending: BTreeSet::new(),
            sessions: HashMap::default(),
            alive: BTreeSet::new(),
            expiry: BTreeSet::new(),
            live_groups: 0,
            last_wall: 0,
            next_periodic,
            fill_last: HashMap::default(),
            ever_grouped: false,
            stats: Stats::default(),
            kid_buf: String::new(),
            values,
            warned: 0,
        }
    }

    fn multi_emit(&self) -> bool {
        self.s.emit != EmitMode::Final || self.s.lateness > 0 || self.s.evict
    }

    fn on_time_label(&self) -> Option<&'static str> {
        self.multi_emit().then_some("on_time")
    }

    fn is_global(&self) -> bool {
        matches!(self.s.assign, Assign::Global)
    }

    /// `closed(w, X)`: `X ≥ end` for fixed windows, `X > end` for sessions.
    fn closed(&self, end: i64, x: i128) -> bool {
        if matches!(self.s.assign, Assign::Session(_)) {
            x > i128::from(end)
        } else {
            x >= i128::from(end)
        }
    }

    fn record(&self, start: i64, end: i64, emit: Option<&str>, g: &Group) -> Pending {
        let bounds = if self.is_global() {
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

    fn emit_all(&mut self, mut batch: Vec<Pending>, sort: bool, out: &mut Out<'_>) -> Result<Flow> {
        if batch.is_empty() {
            return Ok(Flow::Continue);
        }
        if sort {
            batch.sort_by(|a, b| {
                (a.end, a.start)
                    .cmp(&(b.end, b.start))
                    .then_with(|| compare_keys(&a.key, &b.key))
            });
        }
        let mut flow = Flow::Continue;
        for p in batch {
            self.stats.records_out += 1;
            if out.emit(p.event)? == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
        out.flush()?;
        Ok(flow)
    }

    /// The windows of a record at `t` (fixed kinds).
    fn windows_of(&self, t: i64) -> Vec<(i64, i64)> {
        match &self.s.assign {
            Assign::Tumbling(a) => vec![a.window_of(t)],
            Assign::Hopping { size, slide } => {
                let mut v = Vec::new();
                let (mut s, _) = slide.window_of(t);
                let Align::Fixed { size: step, .. } = slide else {
                    return v;
                };
                while i128::from(s) > i128::from(t) - i128::from(*size) {
                    v.push((s, s.saturating_add(*size)));
                    if s == i64::MIN {
                        break;
                    }
                    s = s.saturating_sub(*step);
                }
                v
            }
            Assign::Cumulate { outer, step } => {
                let (a, e) = outer.window_of(t);
                let mut v = Vec::new();
                let mut j = t.saturating_sub(a) / step + 1;
                loop {
                    let end = a.saturating_add(j.saturating_mul(*step)).min(e);
                    v.push((a, end));
                    if end >= e {
                        break;
                    }
                    j += 1;
                }
                v
            }
            Assign::Global => vec![(i64::MIN, i64::MAX)],
            Assign::Session(_) => Vec::new(),
        }
    }

    /// Extracts the event time; `Err` carries the bad-time message.
    fn event_time(&mut self, event: &Event, out: &mut Out<'_>) -> std::result::Result<i64, String> {
        if self.s.processing {
            let t = if event.arrival() != 0 {
                event.arrival()
            } else {
                out.now()
            };
            // A processing-time record is never late.
            return Ok(i64::try_from(i128::from(t).max(self.wm)).unwrap_or(t));
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

    fn late_record(&mut self, event: &Event, t: i64, out: &mut Out<'_>) -> Result<()> {
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

    /// Makes room for one more group under `--max-groups`.
    fn reserve_group(&mut self, out: &mut Out<'_>) -> Result<Flow> {
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
        if !self.s.evict {
            return Err(Error::runtime(format!(
                "window: more than {max} live groups (--max-groups); raise the limit or use --on-overflow emit-early"
            )));
        }
        // Evict the least recently updated group.
        let mut best: Option<(u64, (i64, i64), String, bool)> = None;
        for (w, groups) in &self.windows {
            for (k, g) in groups {
                if best.as_ref().is_none_or(|b| g.touched < b.0) {
                    best = Some((g.touched, *w, k.clone(), false));
                }
            }
        }
        for (k, ks) in &self.sessions {
            for s in &ks.list {
                if best.as_ref().is_none_or(|b| s.g.touched < b.0) {
                    best = Some((s.g.touched, (s.end, s.start), k.clone(), true));
                }
            }
        }
        let Some((_, (end, start), k, session)) = best else {
            return Ok(Flow::Continue);
        };
        let group = if session {
            let Some(ks) = self.sessions.get_mut(&k) else {
                return Ok(Flow::Continue);
            };
            let Some(i) = ks
                .list
                .iter()
                .position(|s| s.start == start && s.end == end)
            else {
                return Ok(Flow::Continue);
            };
            self.alive.remove(&(end, start, k.clone()));
            ks.list.remove(i).g
        } else {
            let Some(groups) = self.windows.get_mut(&(end, start)) else {
                return Ok(Flow::Continue);
            };
            let Some(g) = groups.remove(&k) else {
                return Ok(Flow::Continue);
            };
            if groups.is_empty() {
                self.windows.remove(&(end, start));
                self.pending.remove(&(end, start));
            }
            g
        };
        self.live_groups -= 1;
        self.stats.evicted += 1;
        if group.fired {
            return Ok(Flow::Continue);
        }
        let p = self.record(start, end, Some("evicted"), &group);
        out.diag()
            .mark_incomplete("evicted window groups (--max-groups)");
        self.emit_all(vec![p], false, out)
    }

    /// Takes what a run of events the reader aggregated says about their times, as `process`
    /// takes each event's: the output time format, the lag behind earlier events, a forward
    /// jump of the run's first event (the reader ends a run before any other jump).
    fn take_run_times(&mut self, times: &RunTimes, out: &mut Out<'_>) {
        if self.out_time.is_none() && matches!(self.s.plan.time_out, TimeOut::Auto) {
            self.out_time = times.out_time.clone();
        }
        self.stats.max_ooo = self.stats.max_ooo.max(times.out_of_order);
        let Some(m) = self.max_t else {
            return;
        };
        self.stats.max_ooo = self.stats.max_ooo.max(m.saturating_sub(times.min));
        if m <= times.first {
            self.check_jump(m, times.first, &times.first_location, out);
        }
    }

    /// Moves the watermark to where an event at `t` takes it (with `--max-delay`), and fires
    /// the windows that closes.
    fn advance(&mut self, t: i64, out: &mut Out<'_>) -> Result<Flow> {
        if let Some(b) = self.s.max_delay {
            self.wm = self.wm.max(i128::from(t) - i128::from(b));
        }
        self.fire(out)
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

    /// Opens the group `kid` of the fixed window `(end, start)` with `key` and `accs`.
    fn add_group(
        &mut self,
        window: (i64, i64),
        kid: String,
        key: Vec<Value>,
        accs: Vec<Acc>,
        on_time: bool,
    ) -> &mut Group {
        if on_time {
            self.pending.insert(window);
        }
        self.live_groups += 1;
        self.ever_grouped = true;
        self.stats.max_groups = self.stats.max_groups.max(self.live_groups);
        let open = self.windows.len() + usize::from(!self.windows.contains_key(&window));
        self.stats.max_open_windows = self.stats.max_open_windows.max(open);
        let g = Group {
            key,
            accs,
            fired: !on_time,
            emitted: false,
            dirty: false,
            touched: 0,
        };
        let groups = self.windows.entry(window).or_default();
        groups.entry(kid).insert_entry(g).into_mut()
    }

    /// Assigns an event to its tumbling, hopping, cumulate or global windows. `prepared`: the
    /// reader's reading of the event, else its fields are loaded.
    fn process_fixed(
        &mut self,
        event: &Event,
        prepared: Option<&Prepared>,
        t: i64,
        kid: &str,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        let wins = self.windows_of(t);
        if wins.is_empty() {
            self.stats.unassigned += 1;
            return Ok(Flow::Continue);
        }
        let wm_before = self.wm;
        let lateness = i128::from(self.s.lateness);
        let mut accepted = 0;
        let mut rejected = 0;
        let mut immediate = Vec::new();
        for (s, e) in wins {
            let on_time = !self.closed(e, wm_before);
            if !on_time && self.closed(e, wm_before - lateness) {
                rejected += 1;
                continue;
            }
            accepted += 1;
            let exists = self
                .windows
                .get(&(e, s))
                .is_some_and(|g| g.contains_key(kid));
            if !exists {
                if self.reserve_group(out)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
                if prepared.is_some() {
                    self.fields.load(event);
                }
                let key = self.s.plan.key_of(self.fields.root(event));
                let accs = self.s.plan.new_accs();
                self.add_group((e, s), kid.to_owned(), key, accs, on_time);
            }
            let seq = self.seq;
            let plan = &self.s.plan;
            let Some(g) = self.windows.get_mut(&(e, s)).and_then(|m| m.get_mut(kid)) else {
                continue;
            };
            self.stats.skipped_values += match prepared {
                Some(p) => {
                    let values = p.values();
                    plan.update_with(&mut g.accs, |agg| self.values.pick(&values, agg), t, seq)
                }
                None => plan.update(&mut g.accs, self.fields.root(event), t, seq),
            };
            // Only a float in the shown key can be refined.
            if g.key.iter().any(|v| matches!(v, Value::Float(_))) {
                if prepared.is_some() {
                    self.fields.load(event);
                }
                refine_key(&mut g.key, &plan.key_of(self.fields.root(event)));
            }
            g.touched = seq;
            g.dirty = true;
            let label = if !on_time {
                Some("late")
            } else if self.s.emit == EmitMode::Updates {
                Some("early")
            } else {
                None
            };
            if let Some(label) = label {
                g.emitted = true;
                g.dirty = false;
                let g = &self.windows[&(e, s)][kid];
                immediate.push(self.record(s, e, Some(label), g));
            }
        }
        if accepted == 0 {
            self.late_record(event, t, out)?;
        } else if rejected > 0 {
            self.stats.late_window_assignments += rejected;
            out.diag().mark_incomplete("late window assignments");
        }
        self.emit_all(immediate, false, out)
    }

    fn process_session(
        &mut self,
        event: &Event,
        t: i64,
        gap: i64,
        key: Vec<Value>,
        kid: String,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        let wm_before = self.wm;
        let lateness = i128::from(self.s.lateness);
        let (ps, pe) = (t, t.saturating_add(gap));
        {
            let ks = self
                .sessions
                .entry(kid.clone())
                .or_insert_with(|| KeySessions {
                    key: key.clone(),
                    list: Vec::new(),
                    purged_end: None,
                });
            if let Some(e) = ks.purged_end
                && wm_before - lateness > i128::from(e) + i128::from(gap)
            {
                ks.purged_end = None;
            }
            // A finalised (fired and purged) session is final: touching it is late.
            refine_key(&mut ks.key, &key);
            if ks.purged_end.is_some_and(|e| e >= ps) {
                return self.late_record(event, t, out).map(|()| Flow::Continue);
            }
        }
        let ks = &self.sessions[&kid];
        let touching: Vec<usize> = ks
            .list
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start <= pe && s.end >= ps)
            .map(|(i, _)| i)
            .collect();
        let mut start = ps;
        let mut end = pe;
        for &i in &touching {
            start = start.min(ks.list[i].start);
            end = end.max(ks.list[i].end);
        }
        let on_time = !self.closed(end, wm_before);
        if !on_time && self.closed(end, wm_before - lateness) {
            return self.late_record(event, t, out).map(|()| Flow::Continue);
        }
        if touching.is_empty() && self.reserve_group(out)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
        let plan = &self.s.plan;
        let mut merged = plan.new_accs();
        let mut retract = Vec::new();
        let Some(ks) = self.sessions.get_mut(&kid) else {
            return Ok(Flow::Continue);
        };
        for &i in touching.iter().rev() {
            let old = ks.list.remove(i);
            self.alive.remove(&(old.end, old.start, kid.clone()));
            for ((m, o), spec) in merged.iter_mut().zip(&old.g.accs).zip(&plan.aggs) {
                m.merge(spec, o);
            }
            if old.g.emitted && (old.start, old.end) != (start, end) {
                retract.push((old.start, old.end));
            }
        }
        self.live_groups = self.live_groups + 1 - touching.len();
        self.ever_grouped = true;
        self.stats.max_groups = self.stats.max_groups.max(self.live_groups);
        let seq = self.seq;
        self.stats.skipped_values += plan.update(&mut merged, self.fields.root(event), t, seq);
        let mut g = Group {
            key: ks.key.clone(),
            accs: merged,
            fired: !on_time,
            emitted: false,
            dirty: true,
            touched: seq,
        };
        let label = if !on_time {
            Some("late")
        } else if self.s.emit == EmitMode::Updates {
            Some("early")
        } else {
            None
        };
        let mut batch = Vec::new();
        retract.sort_unstable();
        for (s, e) in retract {
            let empty = Group {
                key: g.key.clone(),
                accs: Vec::new(),
                fired: true,
                emitted: true,
                dirty: false,
                touched: 0,
            };
            batch.push(self.record(s, e, Some("retract"), &empty));
        }
        if let Some(label) = label {
            g.emitted = true;
            g.dirty = false;
            batch.push(self.record(start, end, Some(label), &g));
        }
        let Some(ks) = self.sessions.get_mut(&kid) else {
            return Ok(Flow::Continue);
        };
        let pos = ks.list.partition_point(|s| s.start < start);
        ks.list.insert(pos, Session { start, end, g });
        self.alive.insert((end, start, kid));
        self.stats.max_open_windows = self.stats.max_open_windows.max(self.alive.len());
        self.emit_all(batch, false, out)
    }

    /// Fires every closed, unfired window in output order, then purges.
    fn fire(&mut self, out: &mut Out<'_>) -> Result<Flow> {
        let mut batch = Vec::new();
        let label = self.on_time_label();
        if matches!(self.s.assign, Assign::Session(_)) {
            let closed: Vec<(i64, i64, String)> = self
                .alive
                .iter()
                .take_while(|(e, _, _)| self.closed(*e, self.wm))
                .cloned()
                .collect();
            for (e, s, k) in closed {
                // The key as refined over every record of the key so far.
                if let Some(ks) = self.sessions.get_mut(&k) {
                    let key = ks.key.clone();
                    if let Some(x) = ks.list.iter_mut().find(|x| x.start == s && x.end == e) {
                        x.g.key = key;
                    }
                }
                let Some(sess) = self
                    .sessions
                    .get(&k)
                    .and_then(|ks| ks.list.iter().find(|x| x.start == s && x.end == e))
                else {
                    continue;
                };
                if sess.g.fired {
                    continue;
                }
                batch.push(self.record(s, e, label, &sess.g));
                self.stats.windows_emitted += 1;
                if let Some(sess) = self
                    .sessions
                    .get_mut(&k)
                    .and_then(|ks| ks.list.iter_mut().find(|x| x.start == s && x.end == e))
                {
                    sess.g.fired = true;
                    sess.g.emitted = true;
                }
            }
        } else {
            while let Some(&(e, s)) = self.pending.first() {
                if !self.closed(e, self.wm) {
                    break;
                }
                self.pending.pop_first();
                let Some(groups) = self.windows.get(&(e, s)) else {
                    continue;
                };
                let mut fired = Vec::new();
                for (k, g) in groups {
                    if !g.fired {
                        batch.push(self.record(s, e, label, g));
                        self.stats.windows_emitted += 1;
                        fired.push(k.clone());
                    }
                }
                if self.s.fill_empty {
                    for k in &fired {
                        if self.fill_gaps(k, s, e, &mut batch) {
                            out.diag().warn_once(
                                "window-fill-cap",
                                &format!("--fill-empty: a gap of more than {MAX_FILL} empty windows was not filled completely"),
                            );
                        }
                    }
                }
                if let Some(groups) = self.windows.get_mut(&(e, s)) {
                    for k in fired {
                        if let Some(g) = groups.get_mut(&k) {
                            g.fired = true;
                            g.emitted = true;
                        }
                    }
                }
            }
        }
        let flow = self.emit_all(batch, true, out)?;
        self.purge();
        Ok(flow)
    }

    /// `--fill-empty`: zero windows between the key's previous non-empty window and `[s, e)`.
    fn fill_gaps(&mut self, kid: &str, s: i64, e: i64, batch: &mut Vec<Pending>) -> bool {
        let mut filled = 0usize;
        let step = match &self.s.assign {
            Assign::Tumbling(Align::Fixed { size, .. }) => Some(*size),
            Assign::Hopping {
                slide: Align::Fixed { size, .. },
                ..
            } => Some(*size),
            _ => None,
        };
        let len = e.saturating_sub(s);
        let Some(groups) = self.windows.get(&(e, s)) else {
            return false;
        };
        let Some(g) = groups.get(kid) else {
            return false;
        };
        let key = g.key.clone();
        if let Some(&last) = self.fill_last.get(kid) {
            let mut cur = match (step, &self.s.assign) {
                (Some(st), _) => last.saturating_add(st),
                (None, Assign::Tumbling(a)) => a.window_of(a.window_of(last).1).0,
                _ => s,
            };
            let empty = Group {
                key: key.clone(),
                accs: self.s.plan.new_accs(),
                fired: true,
                emitted: true,
                dirty: false,
                touched: 0,
            };
            while cur < s {
                filled += 1;
                if filled > MAX_FILL {
                    break;
                }
                let end = match (&self.s.assign, step) {
                    (Assign::Tumbling(a), None) => a.window_of(cur).1,
                    _ => cur.saturating_add(len),
                };
                // Windows that received records (of this key) were emitted on their own.
                if !self
                    .windows
                    .get(&(end, cur))
                    .is_some_and(|m| m.contains_key(kid))
                {
                    batch.push(self.record(cur, end, self.on_time_label(), &empty));
                }
                cur = match step {
                    Some(st) => cur.saturating_add(st),
                    None => end,
                };
            }
        }
        let last = self.fill_last.entry(kid.to_owned()).or_insert(s);
        *last = (*last).max(s);
        filled > MAX_FILL
    }

    fn purge(&mut self) {
        let limit = self.wm - i128::from(self.s.lateness);
        if matches!(self.s.assign, Assign::Session(_)) {
            while let Some((e, s, k)) = self.alive.first().cloned() {
                if !self.closed(e, limit) {
                    break;
                }
                self.alive.pop_first();
                if let Some(ks) = self.sessions.get_mut(&k) {
                    if let Some(i) = ks.list.iter().position(|x| x.start == s && x.end == e) {
                        ks.list.remove(i);
                        self.live_groups -= 1;
                    }
                    ks.purged_end = Some(ks.purged_end.map_or(e, |p| p.max(e)));
                    if let Assign::Session(gap) = self.s.assign {
                        self.expiry.insert((e.saturating_add(gap), k.clone()));
                    }
                }
            }
            while let Some((x, k)) = self.expiry.first().cloned() {
                if limit <= i128::from(x) {
                    break;
                }
                self.expiry.pop_first();
                let gap = match self.s.assign {
                    Assign::Session(g) => g,
                    _ => 0,
                };
                let done = self.sessions.get(&k).is_some_and(|ks| {
                    ks.list.is_empty()
                        && ks
                            .purged_end
                            .is_none_or(|e| limit > i128::from(e) + i128::from(gap))
                });
                if done {
                    self.sessions.remove(&k);
                }
            }
        } else {
            while let Some((&(e, _), _)) = self.windows.first_key_value() {
                if !self.closed(e, limit) {
                    break;
                }
                if let Some((w, groups)) = self.windows.pop_first() {
                    self.live_groups -= groups.len();
                    self.pending.remove(&w);
                }
            }
        }
    }

    /// The end of the next window to close, if any.
    fn next_end(&self) -> Option<i64> {
        if matches!(self.s.assign, Assign::Session(_)) {
            self.alive
                .iter()
                .find(|(e, s, k)| {
                    self.sessions
                        .get(k)
                        .and_then(|ks| ks.list.iter().find(|x| x.start == *s && x.end == *e))
                        .is_some_and(|x| !x.g.fired)
                })
                .map(|(e, _, _)| e.saturating_add(1))
        } else {
            self.pending.first().map(|(e, _)| *e)
        }
    }

    fn periodic(&mut self, out: &mut Out<'_>) -> Result<Flow> {
        let mut batch = Vec::new();
        let mut marks = Vec::new();
        for (w, groups) in &self.windows {
            for (k, g) in groups {
                if g.dirty && !g.fired {
                    batch.push(self.record(w.1, w.0, Some("early"), g));
                    marks.push((*w, k.clone()));
                }
            }
        }
        for (k, ks) in &self.sessions {
            for s in &ks.list {
                if s.g.dirty && !s.g.fired {
                    batch.push(self.record(s.start, s.end, Some("early"), &s.g));
                    marks.push(((s.end, s.start), k.clone()));
                }
            }
        }
        for (w, k) in marks {
            if let Some(g) = self.windows.get_mut(&w).and_then(|m| m.get_mut(&k)) {
                g.dirty = false;
                g.emitted = true;
            }
            if let Some(s) = self
                .sessions
                .get_mut(&k)
                .and_then(|ks| ks.list.iter_mut().find(|x| (x.end, x.start) == w))
            {
                s.g.dirty = false;
                s.g.emitted = true;
            }
        }
        self.emit_all(batch, true, out)
    }
}

impl Stage for Engine {
    fn open(&mut self) -> Result<()> {
        self.s.late.open()?;
        self.s.bad_time.open()
    }

    fn field_reader(&self) -> Option<&FieldReader> {
        Some(&self.fields)
    }

    fn reader_prep(&self) -> Option<Box<dyn ReaderPrep>> {
        let fixed = !matches!(self.s.assign, Assign::Session(_));
        (fixed && !self.s.processing).then(|| {
            let prep = WindowPrep::new(self.s.time.clone(), &self.s.plan, self.fields.clone());
            Box::new(prep) as Box<dyn ReaderPrep>
        })
    }

    fn reader_aggregate(&self, last: bool) -> Option<Box<dyn ReaderAggregate>> {
        // Only where what the stage does per event does not depend on their order beyond what a
        // run tells it (`absorb`): one final record per group, no group limit, late events
        // counted only. A tumbling window fires while it takes events, so no stage after it
        // may stop the run in the middle of one.
        let s = &self.s;
        let common = !s.processing
            && !self.multi_emit()
            && s.max_groups.is_none()
            && !s.fill_empty
            && absorb::order_free(&s.plan);
        let tumbling = match &s.assign {
            Assign::Global if s.time.field.is_none() && s.idle.is_none() => None,
            Assign::Tumbling(align)
                if last && s.max_future.is_none() && matches!(s.late, Policy::Drop) =>
            {
                Some(absorb::Tumbling {
                    align: align.clone(),
                    time: s.time.clone(),
                    time_out_auto: matches!(s.plan.time_out, TimeOut::Auto),
                    max_delay: s.max_delay,
                    max_jump: s.max_jump,
                })
            }
            _ => return None,
        };
        common.then(|| Box::new(GroupAbsorber::new(&s.plan, tumbling)) as Box<dyn ReaderAggregate>)
    }

    fn merge_absorbed(&mut self, absorbed: Absorbed, out: &mut Out<'_>) -> Result<Flow> {
        self.stats.records_in += absorbed.events;
        self.seq += absorbed.events;
        let run_max = match &absorbed.times {
            Some(times) => {
                self.take_run_times(times, out);
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
            let (end, start) = group.window;
            if self.closed(end, self.wm) {
                late += group.events;
                continue;
            }
            self.stats.skipped_values += group.skipped;
            let seq = self.seq;
            let plan = &self.s.plan;
            let g = match self
                .windows
                .get_mut(&group.window)
                .and_then(|m| m.get_mut(&group.id))
            {
                Some(g) => {
                    for ((acc, other), spec) in g.accs.iter_mut().zip(&group.accs).zip(&plan.aggs) {
                        acc.merge(spec, other);
                    }
                    refine_key(&mut g.key, &group.key);
                    g
                }
                None => {
                    if self.reserve_group(out)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                    self.add_group((end, start), group.id, group.key, group.accs, true)
                }
            };
            g.touched = seq;
            g.dirty = true;
        }
        if late > 0 {
            self.stats.late_dropped += late;
            out.count_dropped(DropReason::Late, late);
        }
        self.max_t = Some(self.max_t.map_or(run_max, |m| m.max(run_max)));
        if self.is_global() {
            return Ok(Flow::Continue);
        }
        if self.s.idle.is_some() {
            self.last_wall = out.now();
        }
        self.advance(run_max, out)
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        self.stats.records_in += 1;
        let prepared = event.prepared().filter(|p| self.takes(p, out));
        let t = match prepared {
            Some(p) => p.time,
            None => {
                self.fields.load(&event);
                match self.event_time(&event, out) {
                    Ok(t) => t,
                    Err(message) => {
                        self.bad_time(&event, message, out)?;
                        return Ok(Flow::Continue);
                    }
                }
            }
        };
        self.seq += 1;
        if self.s.idle.is_some() {
            self.last_wall = out.now();
        }
        let timed = !self.is_global() || self.s.time.field.is_some();
        if timed && let Some(m) = self.max_t {
            if m > t {
                self.stats.max_ooo = self.stats.max_ooo.max(m.saturating_sub(t));
            } else {
                self.check_jump(m, t, event.location(), out);
            }
        }
        let mut kid = std::mem::take(&mut self.kid_buf);
        match prepared {
            Some(p) => {
                kid.clear();
                kid.push_str(p.key());
            }
            None => key_id_into(
                (self.s.plan.keys.iter())
                    .map(|p| p.get(self.fields.root(&event)).unwrap_or(&Value::Null)),
                &mut kid,
            ),
        }
        let flow = match self.s.assign {
            Assign::Session(gap) => {
                let key = self.s.plan.key_of(self.fields.root(&event));
                self.process_session(&event, t, gap, key, kid.clone(), out)
            }
            _ => self.process_fixed(&event, prepared, t, &kid, out),
        };
        self.kid_buf = kid;
        let flow = flow?;
        if flow == Flow::Stop {
            return Ok(Flow::Stop);
        }
        self.max_t = Some(self.max_t.map_or(t, |m| m.max(t)));
        if self.is_global() {
            return self.fire(out);
        }
        if self.s.processing {
            self.wm = self.wm.max(i128::from(t));
            return self.fire(out);
        }
        self.advance(t, out)
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        self.wm_before_eof = self.wm;
        self.wm = POS_INF;
        self.fire(out)?;
        if self.is_global() && self.s.plan.keys.is_empty() && !self.ever_grouped {
            // SQL's aggregate without GROUP BY: one record even for empty input.
            let g = Group {
                key: Vec::new(),
                accs: self.s.plan.new_accs(),
                fired: true,
                emitted: true,
                dirty: false,
                touched: 0,
            };
            let p = self.record(0, 0, self.on_time_label(), &g);
            self.stats.windows_emitted += 1;
            self.emit_all(vec![p], false, out)?;
        }
        self.s.late.flush()?;
        self.s.bad_time.flush()
    }

    fn tick(&mut self, now: i64, out: &mut Out<'_>) -> Result<Flow> {
        if let Some(next) = self.next_periodic
            && now >= next
            && let EmitMode::Periodic(d) = self.s.emit
        {
            self.next_periodic = Some(now.saturating_add(d));
            if self.periodic(out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if self.is_global() {
            return Ok(Flow::Continue);
        }
        if self.s.processing {
            self.wm = self.wm.max(i128::from(now));
            return self.fire(out);
        }
        if let (Some(idle), Some(max_t), Some(b)) = (self.s.idle, self.max_t, self.s.max_delay) {
            let silence = now.saturating_sub(self.last_wall);
            if silence >= idle {
                let w = i128::from(max_t) + i128::from(silence) - i128::from(b);
                if w > self.wm {
                    self.wm = w;
                    return self.fire(out);
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn next_deadline(&self) -> Option<i64> {
        let mut best = self.next_periodic;
        let mut consider = |d: i64| best = Some(best.map_or(d, |b: i64| b.min(d)));
        if self.is_global() {
            return best;
        }
        if let Some(end) = self.next_end() {
            if self.s.processing {
                consider(end);
            } else if let (Some(idle), Some(max_t), Some(b)) =
                (self.s.idle, self.max_t, self.s.max_delay)
            {
                let need = i128::from(end) + i128::from(b) - i128::from(max_t);
                let wait = need.max(i128::from(idle));
                let at = i128::from(self.last_wall) + wait;
                consider(i64::try_from(at).unwrap_or(i64::MAX));
            }
        }
        best
    }

    fn stats(&self) -> Option<Value> {
        let mut m = Map::default();
        let int = |n: u64| Value::Int(n as i64);
        let st = &self.stats;
        m.insert("records_in".into(), int(st.records_in));
        m.insert("records_out".into(), int(st.records_out));
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
        let wm = if self.wm == POS_INF {
            self.wm_before_eof
        } else {
            self.wm
        };
        let wm_value = if wm <= NEG_INF || wm >= POS_INF {
            Value::Null
        } else {
            let ns = i64::try_from(wm).unwrap_or(0);
            self.out_time
                .as_ref()
                .map_or(Value::Int(ns), |o| o.render(ns))
        };
        m.insert("watermark_final".into(), wm_value);
        Some(Value::Object(m))
    }

    fn summary(&self) -> Option<String> {
        let st = &self.stats;
        let late = st.late_dropped + st.late_to_file;
        let mut parts = Vec::new();
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if let Policy::File(f) = &self.s.late
            && st.late_to_file > 0
        {
            {
                parts.push(format!(
                    "wrote {} to {}",
                    plural(st.late_to_file, "late record", "late records"),
                    f.path()
                ));
            }
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
