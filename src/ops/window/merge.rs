//! `window merge`: the reducer of `--output partial` (C9). Groups partial records by window and
//! key, merges their states (sessions of a key that overlap or touch are merged into one) and
//! writes exactly what a single pass would have written, in the same order.

use std::collections::{BTreeMap, HashMap};

use crate::error::{DropReason, Location, Result};
use crate::event::Event;
use crate::input::InputFormat;
use crate::json;
use crate::ops::{Flow, Out, Stage};
use crate::path::Path;
use crate::value::Value;

use super::aggregates::{Acc, AggSpec};
use super::emit::{
    Bounds, PARTIAL_FIELD, PARTIAL_VERSION, Plan, TimeOut, compare_keys, key_id, read_time,
    refine_key,
};
use super::timefmt::OutTime;

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
    timed: bool,
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
            timed: false,
            fixed: BTreeMap::new(),
            sessions: HashMap::new(),
            partials_read: 0,
            origin,
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
        let kind = match meta.get("kind").and_then(Value::as_str) {
            Some("session") => "session",
            Some("tumbling") => "tumbling",
            Some("hopping") => "hopping",
            Some("cumulate") => "cumulate",
            Some("global") => "global",
            _ => return Err("partial record of an unknown window kind".into()),
        };
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
                let mut spec = AggSpec::parse(text)?;
                spec.name = name.clone();
                specs.push(spec);
            }
            if let Some(t) = meta.get("time") {
                self.time = Some(read_time(t)?);
            }
            self.timed = kind != "global";
            self.plan = Some(Plan {
                kind,
                keys: key_names.iter().map(|k| Path::key(k)).collect(),
                computed: None,
                key_names: key_names.clone(),
                aggs: specs,
                partial: self.output_partial,
                tsv: self.tsv,
                time_out: TimeOut::None,
                origin: self.origin.clone(),
            });
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
        let (start, end) = if self.timed {
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
            let bounds = if self.timed {
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
