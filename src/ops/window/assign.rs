//! Window assignment (C2): the [`Assigner`] trait a time-window stage is generic over, and its
//! implementation for fixed windows — tumbling (absolute or calendar), hopping, cumulate and
//! global — which keeps their groups, fires them when the watermark passes their end and
//! purges them past the allowed lateness. Sessions are `session.rs`'s.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Result;
use crate::event::Event;
use crate::input::work::Prepared;
use crate::ops::state::Field;
use crate::ops::{Flow, Out};
use crate::value::{Map, Value};

use super::absorbed::AbsorbedGroup;
use super::calendar::{Align, align, representable};
use super::core::{Core, Group, Recency, record_of, unrepresentable};
use super::emit::{Bounds, Plan, RecordWriter, refinable, refine_key};
use super::emitter::{FillEmpty, FillRun, Fills, HashMap, Order, Pending};
use super::state::{decode_group, encode_group};

/// How records map to windows: the kind of a time-window stage.
#[derive(Debug, Clone)]
pub enum Assign {
    /// Fixed windows.
    Fixed(Fixed),
    /// Sessions with this gap (ns).
    Session(i64),
}

/// The fixed (non-merging) window kinds.
#[derive(Debug, Clone)]
pub enum Fixed {
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
    /// One window per key.
    Global,
}

/// The windows of one kind: assignment of each record, firing and purging. The stage
/// ([`super::engine::Engine`]) is generic over it, so the per-event calls are static.
pub trait Assigner {
    /// `closed(w, X)` for a window ending at `end`: `X ≥ end` for fixed windows, `X > end` for
    /// sessions (C1).
    fn closed(end: i64, x: i128) -> bool;

    /// Whether every window of a record at `t` starts and ends at representable instants (a
    /// record whose window is not has a bad timestamp: [`unrepresentable`]).
    fn representable(&self, t: i64) -> bool;

    /// Assigns the record `event` at time `t` with key id `kid` to its windows, judging each
    /// with the watermark before it (C1), and updates their aggregates. `prepared`: the reader's
    /// reading of the event, else `core.fields` are loaded with it.
    fn assign(
        &mut self,
        core: &mut Core,
        event: &Event,
        prepared: Option<&Prepared>,
        t: i64,
        kid: &str,
        out: &mut Out<'_>,
    ) -> Result<Flow>;

    /// Emits the records of every window closed by the watermark and not yet fired, in output
    /// order.
    fn fire(&mut self, core: &mut Core, out: &mut Out<'_>) -> Result<Flow>;

    /// Drops the windows closed at `limit` (`W − L`).
    fn purge(&mut self, core: &mut Core, limit: i128);

    /// The watermark at which the next window closes, if any.
    fn next_end(&self) -> Option<i64>;

    /// `--emit periodic`: adds an early record of every changed, unfired window to `batch`.
    fn periodic(&mut self, core: &Core, batch: &mut Vec<Pending>);

    /// A live view ([`crate::ops::Stage::snapshot`]): adds the record every unfired window
    /// would fire with now to `batch`, changing nothing.
    fn snapshot(&self, core: &Core, batch: &mut Vec<Pending>);

    /// Removes the least recently updated group (`--on-overflow emit-early`), with its window
    /// as `(end, start)`.
    fn evict_oldest(&mut self) -> Option<((i64, i64), Group)>;

    /// The fixed windows, which the reader threads can read and aggregate for.
    fn fixed(&self) -> Option<&FixedWindows>;

    /// Takes a group the reader threads aggregated, in a window not closed.
    fn take_group(
        &mut self,
        core: &mut Core,
        group: AbsorbedGroup,
        out: &mut Out<'_>,
    ) -> Result<Flow>;

    /// Adds what the windows hold to a saved state (`--state`): every group, fired or not, until
    /// it is purged.
    fn save(&self, plan: &Plan, state: &mut Map);

    /// Takes back what [`Assigner::save`] wrote, all or nothing; returns how many groups the
    /// windows then hold.
    fn restore(&mut self, plan: &Plan, state: &Field<'_>) -> Result<usize>;
}

/// Whether a window takes a record on time or as a late update (C1, C8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    /// The window has not fired.
    OnTime,
    /// The window fired, but is within the allowed lateness.
    Late,
}

/// Tumbling, hopping, cumulate or global windows and their groups.
pub struct FixedWindows {
    /// The kind.
    pub kind: Fixed,
    /// Groups by window `(end, start)` and key id. A group is boxed: a slot of the table is
    /// then 24 bytes, and a table of a million groups and the one it grows into while both are
    /// held (the peak of a run with that many keys) take 78 MB instead of 204 MB.
    windows: BTreeMap<(i64, i64), HashMap<Box<str>, Box<Group>>>,
    /// Windows with groups that have not fired, in firing order.
    pending: BTreeSet<(i64, i64)>,
    /// The groups by their latest update (`--on-overflow emit-early`).
    recency: Recency,
    /// `--fill-empty`.
    pub fill: FillEmpty,
    /// Times whose windows are representable for sure: the windows of a time reach at most a
    /// window's length either side (counted twice for calendar units, whose days can be longer
    /// than `max_len` says in zones with DST shifts of two hours).
    safe: (i64, i64),
    /// The windows of the event being assigned (a buffer kept from event to event).
    wins: Vec<(i64, i64)>,
    /// The emptied group table of the last window purged, kept for the next window opened: its
    /// capacity is the size a window of this run reaches (growing a fresh table was a rehash
    /// per doubling, into fresh pages).
    spare: Option<HashMap<Box<str>, Box<Group>>>,
    /// Groups of purged windows, their aggregates emptied, for the groups opened next (at most
    /// [`POOLED_GROUPS`]): a group's boxes (its key and its strings, its aggregates' states) are
    /// taken again instead of freed and allocated, which with thousands of keys a window was
    /// megabytes a window given back to the system and faulted in again.
    #[allow(clippy::vec_box)] // The boxes are what is reused: the group tables hold boxes.
    pool: Vec<Box<Group>>,
}

/// Most groups [`FixedWindows`] keeps for reuse.
const POOLED_GROUPS: usize = 1 << 16;

impl FixedWindows {
    /// No windows yet; `recency`: keep the groups' order of update (`--on-overflow
    /// emit-early`).
    pub fn new(kind: Fixed, fill: FillEmpty, recency: bool) -> FixedWindows {
        let reach = match &kind {
            Fixed::Tumbling(a) | Fixed::Cumulate { outer: a, .. } => a.max_len().saturating_mul(2),
            Fixed::Hopping { size, .. } => *size,
            Fixed::Global => 0,
        };
        FixedWindows {
            kind,
            windows: BTreeMap::new(),
            pending: BTreeSet::new(),
            recency: Recency::new(recency),
            fill,
            safe: (
                i64::MIN.saturating_add(reach),
                i64::MAX.saturating_sub(reach),
            ),
            wins: Vec::new(),
            spare: None,
            pool: Vec::new(),
        }
    }

    /// Puts the windows of a record at `t` in `v` (emptied first: a buffer reused from event to
    /// event); `None` when one of them is not representable.
    fn windows_of(&self, t: i64, v: &mut Vec<(i64, i64)>) -> Option<()> {
        v.clear();
        match &self.kind {
            Fixed::Tumbling(a) => v.push(a.window_of(t)?),
            Fixed::Hopping { size, slide } => {
                let Align::Fixed { size: step, offset } = slide else {
                    return Some(());
                };
                let mut s = align(t, *step, *offset);
                let (size, step) = (i128::from(*size), i128::from(*step));
                while s > i128::from(t) - size {
                    v.push(representable(s, s + size)?);
                    s -= step;
                }
            }
            Fixed::Cumulate { outer, step } => {
                let (a, e) = outer.window_of(t)?;
                let mut j = t.saturating_sub(a) / step + 1;
                loop {
                    let end = a.saturating_add(j.saturating_mul(*step)).min(e);
                    v.push((a, end));
                    if end >= e {
                        break;
                    }
                    j += 1;
                }
            }
            Fixed::Global => v.push((i64::MIN, i64::MAX)),
        }
        Some(())
    }

    /// [`FixedWindows::windows_of`] for the event after the one whose windows `v` holds: a
    /// tumbling window of a fixed size holds every time in it, so when it holds `t` (as the
    /// last event's window mostly does) it is the window of `t`, found without the division.
    fn windows_after(&self, t: i64, v: &mut Vec<(i64, i64)>) -> Option<()> {
        let fixed = matches!(self.kind, Fixed::Tumbling(Align::Fixed { .. }));
        if fixed && matches!(v[..], [(s, e)] if s <= t && t < e) {
            return Some(());
        }
        self.windows_of(t, v)
    }

    /// A group with empty aggregates for a new key, its key to be set: one of the pool's, or
    /// a new one.
    fn spare_group(&mut self, plan: &Plan) -> Box<Group> {
        self.pool
            .pop()
            .unwrap_or_else(|| Box::new(Group::placeholder([], plan.new_accs())))
    }

    /// Opens the group `kid` of the window `(end, start)`: `g`, with its key and aggregates.
    fn add_group(
        &mut self,
        core: &mut Core,
        window: (i64, i64),
        kid: Box<str>,
        mut g: Box<Group>,
        arrival: Arrival,
    ) -> &mut Group {
        if arrival == Arrival::OnTime {
            self.pending.insert(window);
        }
        core.opened_group();
        let open = self.windows.len() + usize::from(!self.windows.contains_key(&window));
        core.stats.max_open_windows = core.stats.max_open_windows.max(open);
        self.recency.opened(&kid, window, core.seq);
        g.fired = arrival == Arrival::Late;
        g.emitted = false;
        g.dirty = false;
        g.touched = core.seq;
        let spare = &mut self.spare;
        let groups =
            (self.windows.entry(window)).or_insert_with(|| spare.take().unwrap_or_default());
        groups.entry(kid).insert_entry(g).into_mut()
    }
}

impl Assigner for FixedWindows {
    fn closed(end: i64, x: i128) -> bool {
        x >= i128::from(end)
    }

    #[inline]
    fn representable(&self, t: i64) -> bool {
        (self.safe.0 <= t && t <= self.safe.1) || self.windows_of(t, &mut Vec::new()).is_some()
    }

    fn assign(
        &mut self,
        core: &mut Core,
        event: &Event,
        prepared: Option<&Prepared>,
        t: i64,
        kid: &str,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        let mut wins = std::mem::take(&mut self.wins);
        if self.windows_after(t, &mut wins).is_none() {
            // The stage asked `representable` first.
            return core
                .bad_time(event, unrepresentable(t), out)
                .map(|()| Flow::Continue);
        }
        if wins.is_empty() {
            // In a gap between hopping windows: left out by the windows' definition.
            core.stats.unassigned += 1;
            out.filtered();
            return Ok(Flow::Continue);
        }
        let wm_before = core.wm.get();
        let lateness = i128::from(core.s.lateness);
        let mut accepted = 0;
        let mut rejected = 0;
        let mut immediate = Vec::new();
        // The record's skipped values are counted with its first window only.
        let mut counted = false;
        for &(s, e) in &wins {
            let on_time = !Self::closed(e, wm_before);
            if !on_time && Self::closed(e, wm_before - lateness) {
                rejected += 1;
                continue;
            }
            accepted += 1;
            // One lookup of the group; a new one is used as it is made.
            let found = self.windows.get_mut(&(e, s)).and_then(|m| m.get_mut(kid));
            let g = match found {
                Some(g) => &mut **g,
                None => {
                    if core.reserve_group(|| self.evict_oldest(), out)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                    let mut g = self.spare_group(&core.s.plan);
                    let from_text =
                        prepared.is_some_and(|p| core.s.plan.prepared_key_into(p, &mut g.key));
                    if !from_text {
                        if prepared.is_some() {
                            core.fields.load(event);
                        }
                        g.key = core.s.plan.key_of(core.key_root(event)).into_boxed_slice();
                    }
                    let arrival = if on_time {
                        Arrival::OnTime
                    } else {
                        Arrival::Late
                    };
                    self.add_group(core, (e, s), kid.into(), g, arrival)
                }
            };
            let seq = core.seq;
            let plan = &core.s.plan;
            let skips = (!counted).then_some(&mut core.stats.skips);
            counted = true;
            match prepared {
                Some(p) => {
                    let values = p.values();
                    let pick = |agg| core.values.pick(&values[..], agg);
                    plan.update_with(&mut g.accs, pick, t, seq, skips);
                }
                None => {
                    let root = core.fields.root(event);
                    plan.update_with(&mut g.accs, |agg| plan.value_in(root, agg), t, seq, skips);
                }
            }
            if refinable(&g.key) {
                if prepared.is_some() {
                    core.fields.load(event);
                }
                refine_key(&mut g.key, &plan.key_of(core.key_root(event)));
            }
            let touched = std::mem::replace(&mut g.touched, seq);
            g.dirty = true;
            if let Some(label) = core.emitter.update_label(on_time) {
                g.emitted = true;
                g.dirty = false;
                immediate.push(core.record(s, e, Some(label), g));
            }
            if touched != seq {
                self.recency.touched(kid, (e, s), touched, seq);
            }
        }
        self.wins = wins;
        if accepted == 0 {
            core.late_record(event, t, out)?;
        } else if rejected > 0 {
            core.stats.late_window_assignments += rejected;
            out.diag().mark_incomplete("late window assignments");
        }
        core.emitter.emit(immediate, Order::AsMade, out)
    }

    fn fire(&mut self, core: &mut Core, out: &mut Out<'_>) -> Result<Flow> {
        let wm = core.wm.get();
        let mut closed = Vec::new();
        while let Some(&(e, s)) = self.pending.first() {
            if !Self::closed(e, wm) {
                break;
            }
            self.pending.pop_first();
            closed.push((e, s));
        }
        if closed.is_empty() {
            return Ok(Flow::Continue);
        }
        let fill_align = match &self.kind {
            Fixed::Tumbling(align) | Fixed::Hopping { slide: align, .. } => Some(align),
            Fixed::Cumulate { .. } | Fixed::Global => None,
        };
        // The groups to fire, by reference: their records are made as they are written.
        let held = closed
            .iter()
            .filter_map(|w| self.windows.get(w))
            .map(HashMap::len);
        let mut batch = Vec::with_capacity(held.sum());
        let mut runs = Vec::new();
        for &(e, s) in &closed {
            let Some(groups) = self.windows.get(&(e, s)) else {
                continue;
            };
            for (k, g) in groups.iter().filter(|(_, g)| !g.fired) {
                batch.push((e, s, &**g));
                if let (FillEmpty::On(fill), Some(align)) = (&mut self.fill, fill_align)
                    && let Some(run) = fill.gap(k, &g.key, (s, e), align)
                {
                    runs.push(run);
                }
            }
        }
        core.stats.windows_emitted += batch.len() as u64;
        let fills = match (&mut self.fill, fill_align) {
            (FillEmpty::On(fill), Some(align)) => Some(Fills::new(runs, fill, align)),
            _ => None,
        };
        let label = core.emitter.on_time_label();
        let (plan, out_time, global) = (&core.s.plan, core.out_time.as_ref(), core.global);
        let make = |s, e, g: &Group| record_of(plan, global, out_time, s, e, label, g);
        // An empty window of a key is one without a group of it (a window that took a late
        // record of the key has one, and its own record).
        let windows = &self.windows;
        let empty = fills.as_ref().map(|_| plan.new_accs()).unwrap_or_default();
        let make_empty = |run: &FillRun| {
            let has_group = windows
                .get(&(run.end, run.start))
                .is_some_and(|m| m.contains_key(run.kid.as_str()));
            (!has_group).then(|| {
                let bounds = Bounds::Time(run.start, run.end);
                plan.record(bounds, label, &run.key, &empty, out_time)
            })
        };
        let writer = match fills {
            None if out.takes_lines() => RecordWriter::new(plan, label, out_time),
            _ => None,
        };
        let flow = match writer {
            Some(mut writer) => {
                let write = |s, e, g: &Group, lines: &mut Vec<u8>| {
                    writer.write((!global).then_some((s, e)), &g.key, &g.accs, lines);
                };
                core.emitter.write_firing(batch, |g| &g.key, write, out)
            }
            None => (core.emitter).emit_firing(batch, |g| &g.key, fills, make, make_empty, out),
        };
        // Fired, also when the records could not all be written.
        for w in &closed {
            for g in self
                .windows
                .get_mut(w)
                .into_iter()
                .flat_map(|m| m.values_mut())
            {
                g.fired = true;
                g.emitted = true;
            }
        }
        flow
    }

    fn purge(&mut self, core: &mut Core, limit: i128) {
        while let Some((&(e, _), _)) = self.windows.first_key_value() {
            if !Self::closed(e, limit) {
                break;
            }
            if let Some((w, mut groups)) = self.windows.pop_first() {
                core.live_groups -= groups.len();
                self.pending.remove(&w);
                for (_, mut g) in groups.drain() {
                    self.recency.forget(w, g.touched);
                    if self.pool.len() < POOLED_GROUPS {
                        for (acc, spec) in g.accs.iter_mut().zip(&core.s.plan.aggs) {
                            spec.reset_acc(acc);
                        }
                        self.pool.push(g);
                    }
                }
                self.spare = Some(groups);
            }
        }
    }

    fn next_end(&self) -> Option<i64> {
        self.pending.first().map(|(e, _)| *e)
    }

    fn periodic(&mut self, core: &Core, batch: &mut Vec<Pending>) {
        for (w, groups) in &mut self.windows {
            for g in groups.values_mut() {
                if g.dirty && !g.fired {
                    batch.push(core.record(w.1, w.0, Some("early"), g));
                    g.dirty = false;
                    g.emitted = true;
                }
            }
        }
    }

    fn snapshot(&self, core: &Core, batch: &mut Vec<Pending>) {
        let label = core.emitter.running_label();
        for (w, groups) in &self.windows {
            for g in groups.values().filter(|g| !g.fired) {
                batch.push(core.record(w.1, w.0, label, g));
            }
        }
    }

    fn evict_oldest(&mut self) -> Option<((i64, i64), Group)> {
        let (w, k) = self.recency.oldest()?;
        let groups = self.windows.get_mut(&w)?;
        let g = *groups.remove(&*k)?;
        if groups.is_empty() {
            self.windows.remove(&w);
            self.pending.remove(&w);
        }
        Some((w, g))
    }

    fn fixed(&self) -> Option<&FixedWindows> {
        Some(self)
    }

    fn save(&self, plan: &Plan, state: &mut Map) {
        let windows = self.windows.iter().map(|(&(end, start), groups)| {
            // In key order, so that a state does not depend on the table's hashing.
            let mut groups: Vec<_> = groups.iter().collect();
            groups.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let groups = groups.into_iter().map(|(kid, g)| {
                let mut m = Map::default();
                m.insert("kid".into(), Value::from(&**kid));
                encode_group(plan, g, &mut m);
                Value::Object(m)
            });
            let mut m = Map::default();
            m.insert("start".into(), Value::Int(start));
            m.insert("end".into(), Value::Int(end));
            m.insert("groups".into(), Value::Array(groups.collect()));
            Value::Object(m)
        });
        state.insert("windows".into(), Value::Array(windows.collect()));
        if let FillEmpty::On(fill) = &self.fill {
            state.insert("fill".into(), fill.save());
        }
    }

    fn restore(&mut self, plan: &Plan, state: &Field<'_>) -> Result<usize> {
        let mut windows: BTreeMap<(i64, i64), HashMap<Box<str>, Box<Group>>> = BTreeMap::new();
        let mut opened = Vec::new();
        for w in state.list("windows")? {
            let window = (w.get("end")?.int()?, w.get("start")?.int()?);
            let mut groups = HashMap::default();
            for g in w.list("groups")? {
                let kid: Box<str> = g.get("kid")?.str()?.into();
                let group = decode_group(plan, &g)?;
                opened.push((kid.clone(), window, group.touched, group.fired));
                if groups.insert(kid, Box::new(group)).is_some() {
                    return Err(g.damaged("a key twice in one window"));
                }
            }
            if windows.insert(window, groups).is_some() {
                return Err(w.damaged("a window twice"));
            }
        }
        let fill = match (&self.fill, state.opt("fill")?) {
            (FillEmpty::On(fill), Some(f)) => Some(fill.restored(&f)?),
            (FillEmpty::Off, None) => None,
            _ => return Err(state.damaged("`fill` does not match --fill-empty")),
        };
        self.windows = windows;
        self.pending.clear();
        for (kid, window, touched, fired) in &opened {
            // A window waits to fire while one of its groups has not.
            if !fired {
                self.pending.insert(*window);
            }
            self.recency.opened(kid, *window, *touched);
        }
        if let Some(fill) = fill {
            self.fill = FillEmpty::On(fill);
        }
        Ok(opened.len())
    }

    fn take_group(
        &mut self,
        core: &mut Core,
        group: AbsorbedGroup,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        core.stats.skips.merge(&group.skips);
        let seq = core.seq;
        let window = group.window;
        let g = match self
            .windows
            .get_mut(&window)
            .and_then(|m| m.get_mut(group.id.as_str()))
        {
            Some(g) => {
                if g.touched != seq {
                    self.recency.touched(&group.id, window, g.touched, seq);
                }
                for ((acc, other), spec) in
                    g.accs.iter_mut().zip(&group.accs).zip(&core.s.plan.aggs)
                {
                    acc.merge(spec, other);
                }
                refine_key(&mut g.key, &group.key);
                g
            }
            None => {
                if core.reserve_group(|| self.evict_oldest(), out)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
                let g = Group::placeholder(group.key, group.accs);
                let kid = group.id.into_boxed_str();
                self.add_group(core, window, kid, Box::new(g), Arrival::OnTime)
            }
        };
        g.touched = seq;
        g.dirty = true;
        Ok(Flow::Continue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The windows of an event found from the last event's are its own.
        #[test]
        fn the_windows_after_an_event_are_the_windows_of_its_time(
            size in 1i64..1_000_000,
            offset in -1_000_000i64..1_000_000,
            times in proptest::collection::vec(
                prop_oneof![-3_000_000i64..3_000_000, Just(i64::MIN), Just(i64::MAX)],
                1..20,
            ),
        ) {
            let align = Align::Fixed { size, offset };
            let windows = FixedWindows::new(Fixed::Tumbling(align), FillEmpty::Off, false);
            let mut after = Vec::new();
            for t in times {
                let mut of = Vec::new();
                let want = windows.windows_of(t, &mut of).map(|()| of);
                let got = windows.windows_after(t, &mut after).map(|()| after.clone());
                prop_assert_eq!(got, want);
            }
        }
    }
}
