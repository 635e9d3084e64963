//! `window merge`: the reducer of `--output partial` (C9). Groups partial records by window and
//! key, merges their states (sessions of a key that overlap or touch are merged into one) and
//! writes exactly what a single pass would have written, in the same order.

use std::collections::{BTreeMap, HashMap};

use crate::error::{DropReason, Location, Result};
use crate::event::Event;
use crate::input::InputFormat;
use crate::json;
use crate::ops::state::{self, Field, count};
use crate::ops::{Flow, Out, Stage};
use crate::path::Path;
use crate::value::{Map, Value};

use super::aggregates::{Acc, AggSpec};
use super::emit::{
    Bounds, PARTIAL_FIELD, PARTIAL_VERSION, Plan, TimeOut, compare_keys, describe_time, key_id,
    read_time, refine_key,
};
use super::state::{decode_accs, decode_key, encode_accs, encode_key};
use super::timefmt::OutTime;

/// The state kind of the stage.
const MERGE_KIND: &str = "window merge";

/// One group being merged.
struct Part {
    start: i64,
    end: i64,
    key: Vec<Value>,
    accs: Vec<Acc>,
}

/// The reducer stage.
pub struct Merge {
    output_partial: bool,
    tsv: bool,
    plan: Option<Plan>,
    time: Option<OutTime>,
    fixed: BTreeMap<(i64, i64, String), Part>,
    sessions: HashMap<String, Vec<Part>>,
    /// Partial records read so far (their position breaks ties between partitions).
    partials_read: u64,
    /// Where its records come from, for messages about them.
    origin: Location,
}

impl Merge {
    /// A reducer writing records (or merged partials with `output_partial`).
    pub fn new(output_partial: bool, tsv: bool, origin: Location) -> Merge {
        Merge {
            output_partial,
            tsv,
            plan: None,
            time: None,
            fixed: BTreeMap::new(),
            sessions: HashMap::new(),
            partials_read: 0,
            origin,
        }
    }

    /// The plan of partial records of a `kind` window with these keys and aggregates.
    fn plan_of(&self, kind: &'static str, key_names: Vec<String>, aggs: Vec<AggSpec>) -> Plan {
        Plan {
            kind,
            keys: key_names.iter().map(|k| Path::key(k)).collect(),
            computed: None,
            key_names,
            aggs,
            partial: self.output_partial,
            tsv: self.tsv,
            time_out: TimeOut::None,
            origin: self.origin.clone(),
        }
    }

    fn read(&mut self, event: &Event) -> std::result::Result<(), String> {
        let owned;
        let value = match event.value() {
            Value::Object(m) if m.contains_key(PARTIAL_FIELD) => event.value(),
            Value::Object(m) => {
                // `--from lines` input, or a TSV line: KEY<TAB>JSON.
                let line = m
                    .get("line")
                    .and_then(Value::as_str)
                    .ok_or("not a partial record (no `_eddy_partial` field)")?;
                let json = line.split_once('\t').map_or(line, |(_, j)| j);
                owned = json::parse(json.as_bytes())
                    .map_err(|e| format!("invalid partial record: {e}"))?;
                &owned
            }
            _ => return Err("not a partial record".into()),
        };
        let Some(Value::Object(meta)) = value.as_object().and_then(|m| m.get(PARTIAL_FIELD)) else {
            return Err("not a partial record (no `_eddy_partial` field)".into());
        };
        if meta.get("v").and_then(Value::as_f64) != Some(PARTIAL_VERSION as f64) {
            return Err(format!(
                "unsupported partial-state version (this eddy reads version {PARTIAL_VERSION})"
            ));
        }
        let kind = meta
            .get("kind")
            .and_then(Value::as_str)
            .and_then(known_kind)
            .ok_or("partial record of an unknown window kind")?;
        let key_names: Vec<String> = match meta.get("keys") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|k| k.as_str().map(str::to_owned).ok_or("bad `keys`"))
                .collect::<std::result::Result<_, _>>()?,
            _ => return Err("partial record without `keys`".into()),
        };
        let Some(Value::Object(aggs)) = meta.get("aggs") else {
            return Err("partial record without `aggs`".into());
        };
        if self.plan.is_none() {
            let mut specs = Vec::new();
            for (name, state) in aggs {
                let text = state
                    .as_object()
                    .and_then(|m| m.get("spec"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("partial state of `{name}` has no `spec`"))?;
                specs.push(spec_named(name, text)?);
            }
            if let Some(t) = meta.get("time") {
                self.time = Some(read_time(t)?);
            }
            self.plan = Some(self.plan_of(kind, key_names.clone(), specs));
        }
        self.partials_read += 1;
        let Some(plan) = &self.plan else {
            return Err("no plan".into());
        };
        if plan.kind != kind
            || plan.key_names != key_names
            || !plan.aggs.iter().map(|a| &a.name).eq(aggs.keys())
        {
            return Err("partial records of different window commands cannot be merged".into());
        }
        let mut accs = Vec::with_capacity(plan.aggs.len());
        for spec in &plan.aggs {
            let state = aggs
                .get(&spec.name)
                .ok_or_else(|| format!("partial record lacks aggregate `{}`", spec.name))?;
            let mut acc = Acc::from_partial(spec, state)?;
            acc.rebase_seq(self.partials_read);
            accs.push(acc);
        }
        let key = plan.key_of(value);
        let kid = key_id(&key);
        let int = |k: &str| match meta.get(k) {
            Some(Value::Int(i)) => Ok(*i),
            _ => Err(format!("partial record without `{k}`")),
        };
        let (start, end) = if plan.kind != "global" {
            (int("start")?, int("end")?)
        } else {
            (0, 0)
        };
        let part = Part {
            start,
            end,
            key,
            accs,
        };
        if kind == "session" {
            self.sessions.entry(kid).or_default().push(part);
        } else {
            match self.fixed.get_mut(&(end, start, kid.clone())) {
                Some(p) => {
                    merge_into(&plan.aggs, &mut p.accs, &part.accs);
                    refine_key(&mut p.key, &part.key);
                }
                None => {
                    self.fixed.insert((end, start, kid), part);
                }
            }
        }
        Ok(())
    }
}

/// The window kinds whose partial records `window merge` reads.
fn known_kind(name: &str) -> Option<&'static str> {
    ["session", "tumbling", "hopping", "cumulate", "global"]
        .into_iter()
        .find(|k| *k == name)
}

/// The aggregate `spec` (as written in a partial state) with its output name.
fn spec_named(name: &str, spec: &str) -> std::result::Result<AggSpec, String> {
    let mut spec = AggSpec::parse(spec)?;
    spec.name = name.to_owned();
    Ok(spec)
}

/// A group being merged in a saved state.
fn save_part(plan: &Plan, p: &Part) -> Value {
    let mut m = Map::default();
    m.insert("start".into(), Value::Int(p.start));
    m.insert("end".into(), Value::Int(p.end));
    m.insert("key".into(), encode_key(&p.key));
    m.insert("accs".into(), encode_accs(plan, &p.accs));
    Value::Object(m)
}

/// Reads what [`save_part`] wrote, with its key id.
fn restore_part(plan: &Plan, f: &Field<'_>) -> Result<(String, Part)> {
    let key = decode_key(plan, &f.get("key")?)?;
    let part = Part {
        start: f.get("start")?.int()?,
        end: f.get("end")?.int()?,
        accs: decode_accs(plan, &f.get("accs")?)?,
        key,
    };
    Ok((key_id(&part.key), part))
}

fn merge_into(specs: &[AggSpec], into: &mut [Acc], from: &[Acc]) {
    for ((a, b), spec) in into.iter_mut().zip(from).zip(specs) {
        a.merge(spec, b);
    }
}

impl Stage for Merge {
    fn input_format(&self) -> Option<InputFormat> {
        // `--partial-format tsv` lines are `KEY<TAB>JSON`: not NDJSON.
        self.tsv.then_some(InputFormat::Lines)
    }

    /// The partial records read so far, and once one was read, what they are of (kind, keys,
    /// aggregates, output time) and the groups merged so far.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame(MERGE_KIND, Value::Object(Map::default()));
        m.insert("read".into(), count(self.partials_read));
        let Some(plan) = &self.plan else {
            return Ok(Some(Value::Object(m)));
        };
        let mut p = Map::default();
        p.insert("kind".into(), Value::from(plan.kind));
        let keys = plan.key_names.iter().map(|k| Value::from(k.as_str()));
        p.insert("keys".into(), Value::Array(keys.collect()));
        let aggs = plan.aggs.iter().map(|a| {
            Value::Array(vec![
                Value::from(a.name.as_str()),
                Value::from(a.text.as_str()),
            ])
        });
        p.insert("aggs".into(), Value::Array(aggs.collect()));
        if let Some(t) = &self.time {
            p.insert("time".into(), describe_time(t));
        }
        m.insert("plan".into(), Value::Object(p));
        let fixed = self.fixed.values().map(|part| save_part(plan, part));
        m.insert("fixed".into(), Value::Array(fixed.collect()));
        let mut sessions: Vec<_> = self.sessions.iter().collect();
        sessions.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let sessions = sessions.into_iter().flat_map(|(_, list)| list);
        let sessions = sessions.map(|part| save_part(plan, part));
        m.insert("sessions".into(), Value::Array(sessions.collect()));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, MERGE_KIND, &Value::Object(Map::default()))?;
        let read = f.get("read")?.count()?;
        let Some(p) = f.opt("plan")? else {
            self.partials_read = read;
            return Ok(());
        };
        let kind = p.get("kind")?;
        let kind = known_kind(kind.str()?).ok_or_else(|| kind.damaged("unknown window kind"))?;
        let keys = p.list("keys")?;
        let key_names = keys.iter().map(|k| k.str().map(str::to_owned));
        let key_names = key_names.collect::<Result<Vec<_>>>()?;
        let mut aggs = Vec::new();
        for a in p.list("aggs")? {
            let pair: Vec<Field<'_>> = a.items()?.collect();
            let [name, text] = pair.as_slice() else {
                return Err(a.damaged("not a [name, spec] pair"));
            };
            aggs.push(spec_named(name.str()?, text.str()?).map_err(|e| a.damaged(e))?);
        }
        let time = match p.opt("time")? {
            Some(t) => Some(read_time(t.raw()).map_err(|e| t.damaged(e))?),
            None => None,
        };
        let plan = self.plan_of(kind, key_names, aggs);
        let mut fixed = BTreeMap::new();
        for part in f.list("fixed")? {
            let (kid, p) = restore_part(&plan, &part)?;
            if fixed.insert((p.end, p.start, kid), p).is_some() {
                return Err(part.damaged("a group twice"));
            }
        }
        let mut sessions: HashMap<String, Vec<Part>> = HashMap::new();
        for part in f.list("sessions")? {
            let (kid, p) = restore_part(&plan, &part)?;
            sessions.entry(kid).or_default().push(p);
        }
        self.plan = Some(plan);
        self.time = time;
        self.fixed = fixed;
        self.sessions = sessions;
        self.partials_read = read;
        Ok(())
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        match self.read(&event) {
            Ok(()) => out.absorbed(1),
            Err(message) => out.drop_event(&event, DropReason::Malformed, message)?,
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        let Some(plan) = self.plan.take() else {
            return Ok(());
        };
        let mut parts: Vec<Part> = std::mem::take(&mut self.fixed).into_values().collect();
        for (_, mut list) in std::mem::take(&mut self.sessions) {
            list.sort_by_key(|p| (p.start, p.end));
            let mut key = list.first().map(|p| p.key.clone()).unwrap_or_default();
            for p in &list {
                refine_key(&mut key, &p.key);
            }
            for p in &mut list {
                p.key = key.clone();
            }
            let mut cur: Option<Part> = None;
            for p in list {
                match &mut cur {
                    Some(c) if p.start <= c.end => {
                        c.end = c.end.max(p.end);
                        refine_key(&mut c.key, &p.key);
                        merge_into(&plan.aggs, &mut c.accs, &p.accs);
                    }
                    _ => {
                        if let Some(c) = cur.take() {
                            parts.push(c);
                        }
                        cur = Some(p);
                    }
                }
            }
            parts.extend(cur);
        }
        parts.sort_by(|a, b| {
            (a.end, a.start)
                .cmp(&(b.end, b.start))
                .then_with(|| compare_keys(&a.key, &b.key))
        });
        for p in parts {
            let bounds = if plan.kind != "global" {
                Bounds::Time(p.start, p.end)
            } else {
                Bounds::None
            };
            let e = plan.record(bounds, None, &p.key, &p.accs, self.time.as_ref());
            if out.emit_made(e)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }
}
