//! What a window stage keeps between runs (`--state`): the parts every kind shares. A group's
//! aggregates are kept in their partial-state form (C9, [`Acc::to_partial`]), the one
//! encoding of an aggregate's state; keys and values in the lossless form of
//! [`crate::ops::state`]. The time-window stage adds its watermark and counters here
//! ([`save_core`], [`CoreState`]); the windows themselves are saved by their assigner
//! (`assign.rs`, `session.rs`), count and rolling windows by `seq.rs`, `window merge` by
//! `merge.rs`.

use crate::error::Result;
use crate::ops::state::{self, Field, count, encode_value, int128};
use crate::time::TimeFormat;
use crate::value::{Map, Value};

use super::aggregates::Acc;
use super::core::{Core, Group};
use super::emit::{Plan, TimeOut};
use super::timefmt::OutTime;
use super::watermark::{NEG_INF, POS_INF};

/// The options that shape what a window stage of `plan` holds (its keys and aggregates), with
/// the kind's own (`extra`): a state saved with others is refused.
pub fn settings(plan: &Plan, extra: &[(&str, Value)]) -> Value {
    let mut m = Map::default();
    let by = plan.key_names.iter().map(|k| Value::from(k.as_str()));
    m.insert("by".into(), Value::Array(by.collect()));
    let aggs = plan
        .aggs
        .iter()
        .map(|a| Value::from(format!("{}={}", a.name, a.text)));
    m.insert("aggs".into(), Value::Array(aggs.collect()));
    for (k, v) in extra {
        m.insert((*k).into(), v.clone());
    }
    Value::Object(m)
}

/// The state kind of a window stage of `plan` (`window tumbling`).
pub fn kind(plan: &Plan) -> String {
    format!("window {}", plan.kind)
}

/// Aggregates in their partial-state form, in `--agg` order.
pub fn encode_accs(plan: &Plan, accs: &[Acc]) -> Value {
    Value::Array(
        accs.iter()
            .zip(&plan.aggs)
            .map(|(acc, spec)| acc.to_partial(spec))
            .collect(),
    )
}

/// Reads what [`encode_accs`] wrote.
pub fn decode_accs(plan: &Plan, f: &Field<'_>) -> Result<Vec<Acc>> {
    let items: Vec<Field<'_>> = f.items()?.collect();
    if items.len() != plan.aggs.len() {
        return Err(f.damaged(format!(
            "{} aggregates for {}",
            items.len(),
            plan.aggs.len()
        )));
    }
    items
        .iter()
        .zip(&plan.aggs)
        .map(|(item, spec)| Acc::from_partial(spec, item.raw()).map_err(|e| item.damaged(e)))
        .collect()
}

/// A key's values.
pub fn encode_key(key: &[Value]) -> Value {
    Value::Array(key.iter().map(encode_value).collect())
}

/// Reads what [`encode_key`] wrote: one value per `--by` field of `plan`.
pub fn decode_key(plan: &Plan, f: &Field<'_>) -> Result<Vec<Value>> {
    let key = f.values()?;
    if key.len() != plan.keys.len() {
        return Err(f.damaged(format!("{} key values for {}", key.len(), plan.keys.len())));
    }
    Ok(key)
}

/// A group of a time window: its key, aggregates, what it emitted and when it was updated
/// (the window and key id are the caller's).
pub fn encode_group(plan: &Plan, g: &Group, m: &mut Map) {
    m.insert("key".into(), encode_key(&g.key));
    m.insert("accs".into(), encode_accs(plan, &g.accs));
    m.insert("fired".into(), Value::Bool(g.fired));
    m.insert("emitted".into(), Value::Bool(g.emitted));
    m.insert("dirty".into(), Value::Bool(g.dirty));
    m.insert("touched".into(), count(g.touched));
}

/// Reads what [`encode_group`] wrote.
pub fn decode_group(plan: &Plan, f: &Field<'_>) -> Result<Group> {
    Ok(Group {
        key: decode_key(plan, &f.get("key")?)?.into(),
        accs: decode_accs(plan, &f.get("accs")?)?.into(),
        fired: f.get("fired")?.bool()?,
        emitted: f.get("emitted")?.bool()?,
        dirty: f.get("dirty")?.bool()?,
        touched: f.get("touched")?.count()?,
    })
}

/// What the time-window stage keeps besides its windows: the record count (arrival numbers
/// break ties of `first`/`last`/`collect` and order `--on-overflow emit-early`), the watermark
/// and latest event time, the output time format learnt from the first timestamp, and whether
/// any group was opened (an unkeyed `global` window's record for empty input).
pub fn save_core(c: &Core, m: &mut Map) {
    m.insert("seq".into(), count(c.seq));
    if c.wm.get() != NEG_INF {
        m.insert("watermark".into(), int128(c.wm.get()));
    }
    if let Some(t) = c.wm.max_t() {
        m.insert("max_t".into(), Value::Int(t));
    }
    let learnt = match (&c.s.plan.time_out, &c.out_time) {
        (TimeOut::Auto, Some(OutTime::Epoch(scale))) => {
            let mut e = Map::default();
            e.insert("epoch".into(), Value::Int(*scale));
            Value::Object(e)
        }
        (TimeOut::Auto, Some(_)) => Value::from("rfc3339"),
        _ => Value::Null,
    };
    m.insert("out_time".into(), learnt);
    m.insert("grouped".into(), Value::Bool(c.ever_grouped));
}

/// What [`save_core`] wrote, read but not yet applied (the windows are read first).
pub struct CoreState {
    seq: u64,
    watermark: i128,
    max_t: Option<i64>,
    out_time: Option<OutTime>,
    grouped: bool,
}

impl CoreState {
    /// Reads what [`save_core`] wrote for the stage `c`.
    pub fn read(c: &Core, f: &Field<'_>) -> Result<CoreState> {
        let watermark = match f.opt("watermark")? {
            None => NEG_INF,
            Some(w) => {
                let v = w.int128()?;
                if !(NEG_INF..=POS_INF).contains(&v) {
                    return Err(w.damaged("out of range"));
                }
                v
            }
        };
        let out_time = match f.opt("out_time")? {
            None => None,
            Some(o) => match (o.raw(), &c.s.plan.time_out) {
                (Value::Str(s), TimeOut::Auto) if s == "rfc3339" => Some(OutTime::like_input(
                    &TimeFormat::Rfc3339,
                    &Value::Null,
                    c.s.time.out_tz.clone(),
                )),
                (Value::Object(_), TimeOut::Auto) => {
                    let scale = o.get("epoch")?;
                    match scale.int()? {
                        s @ (1 | 1_000 | 1_000_000 | 1_000_000_000) => Some(OutTime::Epoch(s)),
                        _ => return Err(scale.damaged("not an epoch unit")),
                    }
                }
                _ => return Err(o.damaged("not an output time format of this stage")),
            },
        };
        Ok(CoreState {
            seq: f.get("seq")?.count()?,
            watermark,
            max_t: f.opt("max_t")?.map(|t| t.int()).transpose()?,
            out_time,
            grouped: f.get("grouped")?.bool()?,
        })
    }

    /// Applies it to `c`, whose windows now hold `groups` groups; the idle timer starts at
    /// the wall clock's reading now.
    pub fn apply(self, c: &mut Core, groups: usize) {
        c.seq = self.seq;
        let now = c.s.clock.now();
        c.wm.resume(self.watermark, self.max_t, now);
        if self.out_time.is_some() {
            c.out_time = self.out_time;
        }
        c.ever_grouped = self.grouped;
        c.live_groups = groups;
        c.stats.max_groups = groups;
    }
}

/// Saves a time-window stage: its frame, [`save_core`], then what `windows` adds.
pub fn save_engine(c: &Core, extra: &[(&str, Value)], windows: impl FnOnce(&mut Map)) -> Value {
    let mut m = state::frame(&kind(&c.s.plan), settings(&c.s.plan, extra));
    save_core(c, &mut m);
    windows(&mut m);
    Value::Object(m)
}
