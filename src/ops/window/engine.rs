//! The time-window stage — tumbling, hopping, cumulate, session and global (C1, C2, C4, C5,
//! C8): the order of operations per record and the [`Stage`] methods. What every kind shares
//! (reading each record's time and key, the late and bad-time policies, `--max-groups`) is
//! `core.rs`'s; what is specific to a kind is its [`Assigner`] (`assign.rs` for fixed windows,
//! `session.rs` for sessions); the watermark is `watermark.rs`'s, emission `emitter.rs`'s.
//!
//! The order of operations per record is the one C1 fixes: extract `t` and the key; assign
//! windows and judge each with the watermark *before* the record (`W_before`); update
//! aggregates (late-accepted windows re-emit); advance `W`; fire every closed window in
//! `(window_end, window_start, key)` order; purge what is beyond the allowed lateness.

use crate::error::{DropReason, Result};
use crate::event::{Event, FieldReader};
use crate::input::work::Found;
use crate::ops::{FieldStage, Flow, Out, Pushdown, Stage, WindowOffer};
use crate::output::chart::Series;
use crate::time::format_duration;
use crate::value::{Map, Value};

use super::absorbed::{Absorbed, Tumbling};
use super::args::Overflow;
use super::assign::{Assign, Assigner, Fixed, FixedWindows};
use super::core::{Core, Settings, Stats, unrepresentable};
use super::discard::Discard;
use super::emit::{TimeOut, key_id_into};
use super::emitter::{Emitter, FillEmpty, Order, sort_output};
use super::options::EmitMode;
use super::policy::Policy;
use super::reading::ValueFields;
use super::session::Sessions;
use super::state::{self, CoreState};
use super::timefmt::round_up_duration;
use super::watermark::{TimeDomain, Watermark};

/// The stage for validated settings, over fixed windows (with `fill`) or sessions.
pub fn stage(s: Settings, assign: Assign, fill: FillEmpty) -> Box<dyn Stage> {
    // Eviction asks for the least recently updated group.
    let recency = s.max_groups.is_some() && s.overflow == Overflow::EmitEarly;
    match assign {
        Assign::Fixed(kind) => Box::new(Engine::new(s, FixedWindows::new(kind, fill, recency))),
        Assign::Session(gap) => Box::new(Engine::new(s, Sessions::new(gap, recency))),
    }
}

/// The time-window stage, over the windows of one kind.
pub struct Engine<A> {
    core: Core,
    windows: A,
    /// The events taken, dropped on another thread.
    discard: Discard,
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
            let keys = plan.key_fields();
            let paths = s
                .time
                .field
                .iter()
                .chain(&keys)
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
                key_object: Value::Null,
                values,
                warned: 0,
            },
            windows,
            discard: Discard::default(),
        }
    }

    /// The options besides keys and aggregates that shape what the stage holds between runs.
    fn settings(&self) -> [(&'static str, Value); 1] {
        let fixed = self.windows.fixed();
        let fill = fixed.is_some_and(|f| matches!(f.fill, FillEmpty::On(_)));
        [("fill_empty", Value::Bool(fill))]
    }

    /// Fires every closed, unfired window in output order, then purges.
    fn fire(&mut self, out: &mut Out<'_>) -> Result<Flow> {
        let flow = self.windows.fire(&mut self.core, out)?;
        let limit = self.core.wm.get() - i128::from(self.core.s.lateness);
        self.windows.purge(&mut self.core, limit);
        Ok(flow)
    }

    /// Moves the watermark to where an event at `t` takes it, and fires the windows that closes.
    fn advance(&mut self, t: i64, out: &mut Out<'_>) -> Result<Flow> {
        self.core.wm.advance(t);
        self.fire(out)
    }

    /// Takes one event with what the reader found for it: time, key, windows, aggregates.
    fn take(&mut self, event: &Event, found: &Found, out: &mut Out<'_>) -> Result<Flow> {
        let c = &mut self.core;
        c.stats.records_in += 1;
        let prepared = found.prepared.as_ref().filter(|p| c.takes(p, out));
        let t = match prepared {
            Some(p) => p.time,
            None => {
                c.fields.load_found(event, found.spans);
                match c.event_time(event, out) {
                    Ok(t) => t,
                    Err(message) => {
                        c.bad_time(event, message, out)?;
                        return Ok(Flow::Continue);
                    }
                }
            }
        };
        if !self.windows.representable(t) {
            c.bad_time(event, unrepresentable(t), out)?;
            return Ok(Flow::Continue);
        }
        match c
            .s
            .plan
            .key_object(c.fields.root(event), event, || out.now())
        {
            Some(Ok(object)) => c.key_object = object,
            Some(Err(message)) => {
                out.drop_event(event, DropReason::EvalError, message)?;
                return Ok(Flow::Continue);
            }
            None => {}
        }
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
                (c.s.plan.keys.iter()).map(|p| p.get(c.key_root(event)).unwrap_or(&Value::Null)),
                &mut kid,
            ),
        }
        let flow = self
            .windows
            .assign(&mut self.core, event, prepared, t, &kid, out);
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
        // Computed keys are evaluated by the stage: the reader only finds the fields.
        if s.plan.computed.is_some() {
            return None;
        }
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
        // The late records of the run are counted also when the run stops part-way (a full
        // downstream, a write error), as the records before that point were judged.
        let mut flow = Ok(Flow::Continue);
        for group in absorbed.groups {
            if let Some(before) = group.opened_after {
                flow = self.advance(before, out);
                if !matches!(flow, Ok(Flow::Continue)) {
                    break;
                }
            }
            let (end, _) = group.window;
            if A::closed(end, self.core.wm.get()) {
                late += group.events;
                continue;
            }
            flow = self.windows.take_group(&mut self.core, group, out);
            if !matches!(flow, Ok(Flow::Continue)) {
                break;
            }
        }
        let c = &mut self.core;
        if late > 0 {
            c.stats.late_dropped += late;
            out.count_dropped(DropReason::Late, late);
        }
        // Also the events of groups not taken when the run stopped part-way: the reader
        // aggregated them in the stage's place.
        out.absorbed(absorbed.events - late);
        if !matches!(flow, Ok(Flow::Continue)) {
            return flow;
        }
        c.wm.see(run_max);
        if c.global {
            return Ok(Flow::Continue);
        }
        c.wm.heard(|| out.now());
        self.advance(run_max, out)
    }

    fn process_found(
        &mut self,
        event: Event,
        found: Box<Found>,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        // Every event taken is aggregated unless it is dropped (late, bad time) or in no window.
        let flow = out.absorbing(|out| self.take(&event, &found, out));
        self.discard.push(event, Some(found));
        flow
    }
}

impl<A: Assigner> Stage for Engine<A> {
    fn open(&mut self, append: bool) -> Result<()> {
        self.core.s.late.open(append)?;
        self.core.s.bad_time.open(append)
    }

    fn reopen(&mut self) -> Result<()> {
        self.core.s.late.reopen()?;
        self.core.s.bad_time.reopen()
    }

    fn flush(&mut self) -> Result<()> {
        self.core.s.late.flush()?;
        self.core.s.bad_time.flush()
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let flow = out.absorbing(|out| self.take(&event, &Found::default(), out));
        self.discard.push(event, None);
        flow
    }

    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        Some(Pushdown::Fields(self))
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        if out.interrupted() {
            // The windows still open had not closed: what they hold is cut short.
            self.core.emitter.interrupt();
            let what = "windows cut short by a signal (\"window_emit\":\"partial\")";
            out.diag().mark_incomplete(what);
            out.diag().warn_once("window-partial", what);
        }
        self.core.wm.end_of_input();
        self.fire(out)?;
        let c = &mut self.core;
        if let Some(p) = c.empty_aggregate() {
            c.stats.windows_emitted += 1;
            c.emitter.emit(vec![p], Order::AsMade, out)?;
        }
        c.s.late.flush()?;
        c.s.bad_time.flush()
    }

    fn snapshot(&self) -> Option<Vec<Event>> {
        let c = &self.core;
        if c.s.plan.partial {
            return None;
        }
        let mut batch = Vec::new();
        self.windows.snapshot(c, &mut batch);
        batch.extend(c.empty_aggregate());
        sort_output(&mut batch);
        Some(batch.into_iter().map(|p| p.event).collect())
    }

    fn record_key(&self) -> Option<Vec<String>> {
        Some(self.core.s.plan.key_names.clone())
    }

    fn series(&self) -> Option<Series> {
        let plan = &self.core.s.plan;
        (!self.core.global && !plan.partial).then(|| Series {
            keys: plan.key_names.clone(),
            values: (plan.aggs.iter())
                .filter(|a| a.func.numeric())
                .map(|a| a.name.clone())
                .collect(),
        })
    }

    fn save_state(&self) -> Result<Option<Value>> {
        let settings = self.settings();
        let windows = |m: &mut Map| self.windows.save(&self.core.s.plan, m);
        Ok(Some(state::save_engine(&self.core, &settings, windows)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let settings = state::settings(&self.core.s.plan, &self.settings());
        let c = &self.core;
        let f = crate::ops::state::open(&saved, &state::kind(&c.s.plan), &settings)?;
        let core = CoreState::read(c, &f)?;
        let groups = self.windows.restore(&c.s.plan, &f)?;
        core.apply(&mut self.core, groups);
        Ok(())
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

    fn watermark(&self) -> Option<i64> {
        (!self.core.global)
            .then(|| self.core.wm.reported())
            .flatten()
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
        m.insert("skipped_values".into(), int(st.skips.total()));
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
        let lines: Vec<String> = self
            .late_summary()
            .into_iter()
            .chain(self.core.s.plan.skip_summary(&self.core.stats.skips))
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

impl<A: Assigner> Engine<A> {
    /// The line about late records, if any.
    fn late_summary(&self) -> Option<String> {
        let st = &self.core.stats;
        let late = st.late_dropped + st.late_to_file;
        let mut parts = Vec::new();
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        // A side file that failed is reported by its error (the run fails), not as written.
        if let Policy::File(f) = &self.core.s.late
            && st.late_to_file > 0
            && f.intact()
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
        let idle = match self.core.s.domain {
            TimeDomain::Event { idle: Some(i), .. } => format_duration(i),
            _ => String::new(),
        };
        if late > 0 && st.late_after_idle == late && st.late_window_assignments == 0 {
            // `--max-delay` would not have helped: they were within it.
            line.push_str(&format!(
                " (they came after --idle-timeout {idle} advanced event time past their windows; \
                 a larger --idle-timeout would have kept them)"
            ));
        } else if late > 0 || st.late_window_assignments > 0 {
            let d = format_duration(st.max_ooo);
            let b = format_duration(round_up_duration(st.max_ooo));
            line.push_str(&format!(
                " (max out-of-orderness {d}; --max-delay {b} would have kept them"
            ));
            if st.late_after_idle > 0 {
                line.push_str(&format!(
                    "; {} came after --idle-timeout {idle} advanced event time",
                    st.late_after_idle
                ));
            }
            line.push(')');
        }
        Some(line)
    }
}
