//! Session windows (C2): per key, a record at `t` opens `[t, t+gap)`; sessions that overlap or
//! touch merge (`[first, last+gap)`); a session closes when `W > end`. A session that fired and
//! was purged is final: a record touching it is late. The key keeps the end of its last purged
//! session for the rest of the run: an open session can be extended backwards by out-of-order
//! records that merge into it, without bound, so no watermark makes that end safe to forget
//! (one `i64` per key that ever had a purged session).

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::input::work::Prepared;
use crate::ops::state::Field;
use crate::ops::{Flow, Out};
use crate::value::{Map, Value};

use super::absorbed::AbsorbedGroup;
use super::assign::{Assigner, FixedWindows};
use super::core::{Core, Group, Recency};
use super::emit::{Plan, refine_key};
use super::emitter::{HashMap, Order, Pending};
use super::state::{decode_group, decode_key, encode_group, encode_key};

struct Session {
    start: i64,
    end: i64,
    g: Group,
}

struct KeySessions {
    key: Box<[Value]>,
    list: Vec<Session>,
    purged_end: Option<i64>,
}

/// The sessions of every key.
pub struct Sessions {
    gap: i64,
    sessions: HashMap<String, KeySessions>,
    /// Open sessions by `(end, start, key id)`: firing and purging order.
    alive: BTreeSet<(i64, i64, String)>,
    /// The sessions by their latest update (`--on-overflow emit-early`).
    recency: Recency,
}

impl Sessions {
    /// No sessions yet; `gap` in ns; `recency`: keep the sessions' order of update
    /// (`--on-overflow emit-early`).
    pub fn new(gap: i64, recency: bool) -> Sessions {
        Sessions {
            gap,
            sessions: HashMap::default(),
            alive: BTreeSet::new(),
            recency: Recency::new(recency),
        }
    }

    fn find(&self, k: &str, s: i64, e: i64) -> Option<&Session> {
        self.sessions
            .get(k)
            .and_then(|ks| ks.list.iter().find(|x| x.start == s && x.end == e))
    }

    fn find_mut(&mut self, k: &str, s: i64, e: i64) -> Option<&mut Session> {
        self.sessions
            .get_mut(k)
            .and_then(|ks| ks.list.iter_mut().find(|x| x.start == s && x.end == e))
    }
}

impl Assigner for Sessions {
    fn closed(end: i64, x: i128) -> bool {
        x > i128::from(end)
    }

    fn representable(&self, t: i64) -> bool {
        t.checked_add(self.gap).is_some()
    }

    fn assign(
        &mut self,
        core: &mut Core,
        event: &Event,
        _prepared: Option<&Prepared>,
        t: i64,
        kid: &str,
        out: &mut Out<'_>,
    ) -> Result<Flow> {
        let key = core.s.plan.key_of(core.key_root(event));
        let kid = kid.to_owned();
        let gap = self.gap;
        let wm_before = core.wm.get();
        let lateness = i128::from(core.s.lateness);
        // Exact: the stage asked `representable` first.
        let (ps, pe) = (t, t.saturating_add(gap));
        {
            let ks = self
                .sessions
                .entry(kid.clone())
                .or_insert_with(|| KeySessions {
                    key: key.clone().into(),
                    list: Vec::new(),
                    purged_end: None,
                });
            // A finalised (fired and purged) session is final: touching it is late. (A record
            // at `t <= e` that touches no purged session is behind one too, and every window it
            // could merge into is closed, so it is late either way.)
            refine_key(&mut ks.key, &key);
            if ks.purged_end.is_some_and(|e| e >= ps) {
                return core.late_record(event, t, out).map(|()| Flow::Continue);
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
        let on_time = !Self::closed(end, wm_before);
        if !on_time && Self::closed(end, wm_before - lateness) {
            return core.late_record(event, t, out).map(|()| Flow::Continue);
        }
        if touching.is_empty() && core.reserve_group(|| self.evict_oldest(), out)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
        let plan = &core.s.plan;
        let mut merged = plan.new_accs();
        let mut retract = Vec::new();
        let Some(ks) = self.sessions.get_mut(&kid) else {
            return Ok(Flow::Continue);
        };
        for &i in touching.iter().rev() {
            let old = ks.list.remove(i);
            self.alive.remove(&(old.end, old.start, kid.clone()));
            self.recency.forget((old.end, old.start), old.g.touched);
            for ((m, o), spec) in merged.iter_mut().zip(&old.g.accs).zip(&plan.aggs) {
                m.merge(spec, o);
            }
            if old.g.emitted && (old.start, old.end) != (start, end) {
                retract.push((old.start, old.end));
            }
        }
        core.live_groups -= touching.len();
        core.opened_group();
        let seq = core.seq;
        let plan = &core.s.plan;
        let root = core.fields.root(event);
        let value_of = |agg| plan.value_in(root, agg);
        plan.update_with(&mut merged, value_of, t, seq, Some(&mut core.stats.skips));
        let mut g = Group {
            key: ks.key.clone(),
            accs: merged.into(),
            fired: !on_time,
            emitted: false,
            dirty: true,
            touched: seq,
        };
        let mut batch = Vec::new();
        retract.sort_unstable();
        for (s, e) in retract {
            let empty = Group::placeholder(g.key.clone(), Vec::new());
            batch.push(core.record(s, e, Some("retract"), &empty));
        }
        if let Some(label) = core.emitter.update_label(on_time) {
            g.emitted = true;
            g.dirty = false;
            batch.push(core.record(start, end, Some(label), &g));
        }
        let Some(ks) = self.sessions.get_mut(&kid) else {
            return Ok(Flow::Continue);
        };
        let pos = ks.list.partition_point(|s| s.start < start);
        ks.list.insert(pos, Session { start, end, g });
        self.recency.opened(&kid, (end, start), seq);
        self.alive.insert((end, start, kid));
        core.stats.max_open_windows = core.stats.max_open_windows.max(self.alive.len());
        core.emitter.emit(batch, Order::AsMade, out)
    }

    fn fire(&mut self, core: &mut Core, out: &mut Out<'_>) -> Result<Flow> {
        let mut batch = Vec::new();
        let label = core.emitter.on_time_label();
        let wm = core.wm.get();
        let closed: Vec<(i64, i64, String)> = self
            .alive
            .iter()
            .take_while(|(e, _, _)| Self::closed(*e, wm))
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
            let Some(sess) = self.find(&k, s, e) else {
                continue;
            };
            if sess.g.fired {
                continue;
            }
            batch.push(core.record(s, e, label, &sess.g));
            core.stats.windows_emitted += 1;
            if let Some(sess) = self.find_mut(&k, s, e) {
                sess.g.fired = true;
                sess.g.emitted = true;
            }
        }
        core.emitter.emit(batch, Order::Output, out)
    }

    fn purge(&mut self, core: &mut Core, limit: i128) {
        while let Some((e, s, k)) = self.alive.first().cloned() {
            if !Self::closed(e, limit) {
                break;
            }
            self.alive.pop_first();
            if let Some(ks) = self.sessions.get_mut(&k) {
                if let Some(i) = ks.list.iter().position(|x| x.start == s && x.end == e) {
                    let gone = ks.list.remove(i);
                    self.recency.forget((e, s), gone.g.touched);
                    core.live_groups -= 1;
                }
                ks.purged_end = Some(ks.purged_end.map_or(e, |p| p.max(e)));
            }
        }
    }

    fn next_end(&self) -> Option<i64> {
        self.alive
            .iter()
            .find(|(e, s, k)| self.find(k, *s, *e).is_some_and(|x| !x.g.fired))
            .map(|(e, _, _)| e.saturating_add(1))
    }

    fn periodic(&mut self, core: &Core, batch: &mut Vec<Pending>) {
        for ks in self.sessions.values_mut() {
            for s in &mut ks.list {
                if s.g.dirty && !s.g.fired {
                    batch.push(core.record(s.start, s.end, Some("early"), &s.g));
                    s.g.dirty = false;
                    s.g.emitted = true;
                }
            }
        }
    }

    fn snapshot(&self, core: &Core, batch: &mut Vec<Pending>) {
        let label = core.emitter.running_label();
        for s in self.sessions.values().flat_map(|ks| &ks.list) {
            if !s.g.fired {
                batch.push(core.record(s.start, s.end, label, &s.g));
            }
        }
    }

    fn evict_oldest(&mut self) -> Option<((i64, i64), Group)> {
        let ((end, start), k) = self.recency.oldest()?;
        let ks = self.sessions.get_mut(&*k)?;
        let i = ks
            .list
            .iter()
            .position(|s| s.start == start && s.end == end)?;
        self.alive.remove(&(end, start, k.into()));
        Some(((end, start), ks.list.remove(i).g))
    }

    fn fixed(&self) -> Option<&FixedWindows> {
        None
    }

    fn save(&self, plan: &Plan, state: &mut Map) {
        // In key order, so that a state does not depend on the table's hashing.
        let mut keys: Vec<(&String, &KeySessions)> = self.sessions.iter().collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let keys = keys.into_iter().map(|(kid, ks)| {
            let sessions = ks.list.iter().map(|x| {
                let mut m = Map::default();
                m.insert("start".into(), Value::Int(x.start));
                m.insert("end".into(), Value::Int(x.end));
                encode_group(plan, &x.g, &mut m);
                Value::Object(m)
            });
            let mut m = Map::default();
            m.insert("kid".into(), Value::from(kid.as_str()));
            m.insert("key".into(), encode_key(&ks.key));
            if let Some(e) = ks.purged_end {
                m.insert("purged_end".into(), Value::Int(e));
            }
            m.insert("sessions".into(), Value::Array(sessions.collect()));
            Value::Object(m)
        });
        state.insert("keys".into(), Value::Array(keys.collect()));
    }

    fn restore(&mut self, plan: &Plan, state: &Field<'_>) -> Result<usize> {
        let mut sessions = HashMap::default();
        let mut alive = BTreeSet::new();
        for k in state.list("keys")? {
            let kid = k.get("kid")?.str()?.to_owned();
            let mut list = Vec::new();
            for x in k.list("sessions")? {
                let (start, end) = (x.get("start")?.int()?, x.get("end")?.int()?);
                if !alive.insert((end, start, kid.clone())) {
                    return Err(x.damaged("a session twice"));
                }
                let g = decode_group(plan, &x)?;
                list.push(Session { start, end, g });
            }
            // New sessions are inserted by their start.
            list.sort_by_key(|x| x.start);
            let ks = KeySessions {
                key: decode_key(plan, &k.get("key")?)?.into(),
                list,
                purged_end: k.opt("purged_end")?.map(|e| e.int()).transpose()?,
            };
            if sessions.insert(kid, ks).is_some() {
                return Err(k.damaged("a key twice"));
            }
        }
        self.sessions = sessions;
        self.alive = alive;
        for (kid, ks) in &self.sessions {
            for x in &ks.list {
                self.recency.opened(kid, (x.end, x.start), x.g.touched);
            }
        }
        Ok(self.alive.len())
    }

    fn take_group(
        &mut self,
        _core: &mut Core,
        _group: AbsorbedGroup,
        _out: &mut Out<'_>,
    ) -> Result<Flow> {
        // `reader_aggregate` offers no reader-side aggregation for sessions.
        Err(Error::runtime(
            "internal error: aggregated events reached a session window",
        ))
    }
}
