//! `window merge`: the reducer of `--output partial` (C9). Groups partial records by window and
//! key, merges their states (sessions of a key that overlap or touch are merged into one) and
//! writes exactly what a single pass would have written, in the same order. With `--sorted`
//! (input sorted by the TSV key, as a Hadoop or Spark shuffle delivers it) it streams: a group
//! is written when the key changes, and only that group is held.

use std::collections::{BTreeMap, HashMap};

use crate::error::{DataError, DropReason, Error, Location, Result};
use crate::event::Event;
use crate::input::InputFormat;
use crate::json;
use crate::ops::state::{self, Field, count, decode_value};
use crate::ops::{Flow, Out, Stage};
use crate::path::Path;
use crate::value::{Map, Value};

use super::aggregates::{Acc, AggSpec};
use super::emit::{
    Bounds, KEY_VALUES, PARTIAL_FIELD, PARTIAL_VERSION, Plan, TimeOut, compare_keys, describe_time,
    key_id, read_time, refine_key, sort_key,
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

/// The groups of one key of sorted input (`--sorted`): one merged part for a fixed window, the
/// key's partial sessions for sessions.
struct Run {
    key: String,
    parts: Vec<Part>,
}

/// The reducer stage.
pub struct Merge {
    output_partial: bool,
    tsv: bool,
    /// `--sorted`: stream group by group.
    sorted: bool,
    run: Option<Run>,
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
    /// A reducer writing records (or merged partials with `output_partial`); `sorted` for input
    /// sorted by the partial records' [`sort_key`].
    pub fn new(output_partial: bool, tsv: bool, sorted: bool, origin: Location) -> Merge {
        Merge {
            output_partial,
            tsv,
            sorted,
            run: None,
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

    /// The settings a saved state must have been saved with: `--sorted` holds one key's groups.
    fn settings(&self) -> Value {
        let mut m = Map::default();
        if self.sorted {
            m.insert("sorted".into(), Value::Bool(true));
        }
        Value::Object(m)
    }

    /// Reads one partial record: its group.
    fn read(&mut self, event: &Event) -> std::result::Result<Part, String> {
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
        let key = match meta.get(KEY_VALUES) {
            // Times and durations, which the record's fields spell as strings and numbers.
            Some(Value::Array(typed)) if typed.len() == plan.keys.len() => typed
                .iter()
                .map(decode_value)
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| format!("bad `{KEY_VALUES}`: {e}"))?,
            Some(_) => return Err(format!("bad `{KEY_VALUES}`")),
            None => plan.key_of(value),
        };
        let int = |k: &str| match meta.get(k) {
            Some(Value::Int(i)) => Ok(*i),
            _ => Err(format!("partial record without `{k}`")),
        };
        let (start, end) = if plan.kind != "global" {
            (int("start")?, int("end")?)
        } else {
            (0, 0)
        };
        Ok(Part {
            start,
            end,
            key,
            accs,
        })
    }

    /// Holds a group until end of input; `Err` when merging it would overflow.
    fn hold(&mut self, part: Part) -> std::result::Result<(), String> {
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        let kid = key_id(&part.key);
        if plan.kind == "session" {
            self.sessions.entry(kid).or_default().push(part);
            return Ok(());
        }
        match self.fixed.get_mut(&(part.end, part.start, kid.clone())) {
            Some(p) => {
                merge_into(&plan.aggs, &mut p.accs, &part.accs)?;
                refine_key(&mut p.key, &part.key);
            }
            None => {
                self.fixed.insert((part.end, part.start, kid), part);
            }
        }
        Ok(())
    }

    /// `--sorted`: merges a group into the run of its key, or writes the run before it and
    /// starts one; a key that sorts before the run's is an error (the input is not sorted).
    fn stream(&mut self, part: Part, event: &Event, out: &mut Out<'_>) -> Result<Flow> {
        let Some(plan) = &self.plan else {
            return Ok(Flow::Continue);
        };
        let session = plan.kind == "session";
        let key = sort_key(session, bounds(plan, &part), &part.key);
        match &mut self.run {
            Some(run) if run.key == key => {
                if session {
                    run.parts.push(part);
                } else if let Some(p) = run.parts.first_mut() {
                    merge_into(&plan.aggs, &mut p.accs, &part.accs)
                        .map_err(|m| merge_error(event.location(), m))?;
                    refine_key(&mut p.key, &part.key);
                }
                Ok(Flow::Continue)
            }
            Some(run) if key < run.key => Err(Error::Data(DataError {
                location: event.location().clone(),
                reason: DropReason::Malformed,
                message: format!(
                    "window merge --sorted: the input is not sorted by key (`{key}` after `{}`): sort the partial lines with `LC_ALL=C sort -t$'\\t' -k1,1`",
                    run.key
                ),
            })),
            _ => {
                let flow = self.write_run(out)?;
                self.run = Some(Run {
                    key,
                    parts: vec![part],
                });
                Ok(flow)
            }
        }
    }

    /// `--sorted`: writes the run held, if any.
    fn write_run(&mut self, out: &mut Out<'_>) -> Result<Flow> {
        let (Some(plan), Some(run)) = (&self.plan, self.run.take()) else {
            return Ok(Flow::Continue);
        };
        let parts = if plan.kind == "session" {
            merge_sessions(&plan.aggs, run.parts).map_err(|m| merge_error(&self.origin, m))?
        } else {
            run.parts
        };
        write_parts(plan, self.time.as_ref(), parts, out)
    }
}

/// A group's window bounds.
fn bounds(plan: &Plan, p: &Part) -> Bounds {
    if plan.kind != "global" {
        Bounds::Time(p.start, p.end)
    } else {
        Bounds::None
    }
}

/// The partial sessions of one key merged: those that overlap or touch become one, in order of
/// time, all showing the key's refined spelling; `Err` when merging would overflow.
fn merge_sessions(aggs: &[AggSpec], mut list: Vec<Part>) -> std::result::Result<Vec<Part>, String> {
    list.sort_by_key(|p| (p.start, p.end));
    let mut key = list.first().map(|p| p.key.clone()).unwrap_or_default();
    for p in &list {
        refine_key(&mut key, &p.key);
    }
    let mut merged = Vec::new();
    let mut cur: Option<Part> = None;
    for mut p in list {
        p.key.clone_from(&key);
        match &mut cur {
            Some(c) if p.start <= c.end => {
                c.end = c.end.max(p.end);
                merge_into(aggs, &mut c.accs, &p.accs)?;
            }
            _ => {
                merged.extend(cur.take());
                cur = Some(p);
            }
        }
    }
    merged.extend(cur);
    Ok(merged)
}

/// Writes merged groups in the order given.
fn write_parts(
    plan: &Plan,
    time: Option<&OutTime>,
    parts: Vec<Part>,
    out: &mut Out<'_>,
) -> Result<Flow> {
    for p in parts {
        let e = plan.record(bounds(plan, &p), None, &p.key, &p.accs, time);
        if out.emit_made(e)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
    }
    Ok(Flow::Continue)
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

/// Merges the states `from` of a group into `into`; `Err` when a count or sum would overflow.
fn merge_into(
    specs: &[AggSpec],
    into: &mut [Acc],
    from: &[Acc],
) -> std::result::Result<(), String> {
    for ((a, b), spec) in into.iter_mut().zip(from).zip(specs) {
        a.merge_checked(spec, b)?;
    }
    Ok(())
}

/// The error of partial states that cannot be merged (at `location`): the output would be
/// wrong, so the run fails.
fn merge_error(location: &Location, message: String) -> Error {
    Error::Data(DataError {
        location: location.clone(),
        reason: DropReason::Malformed,
        message: format!("window merge: {message}"),
    })
}

impl Stage for Merge {
    fn input_format(&self) -> Option<InputFormat> {
        // `--partial-format tsv` lines are `KEY<TAB>JSON`: not NDJSON.
        self.tsv.then_some(InputFormat::Lines)
    }

    /// The partial records read so far, and once one was read, what they are of (kind, keys,
    /// aggregates, output time) and the groups merged so far.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame(MERGE_KIND, self.settings());
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
        // With `--sorted`, the run held: its groups, as if held until end of input.
        let run = self.run.iter().flat_map(|r| &r.parts);
        let (run_fixed, run_sessions) = if plan.kind == "session" {
            (None, Some(run))
        } else {
            (Some(run), None)
        };
        let fixed = self.fixed.values().chain(run_fixed.into_iter().flatten());
        let fixed = fixed.map(|part| save_part(plan, part));
        m.insert("fixed".into(), Value::Array(fixed.collect()));
        let mut sessions: Vec<_> = self.sessions.iter().collect();
        sessions.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let sessions = sessions.into_iter().flat_map(|(_, list)| list);
        let sessions = sessions.chain(run_sessions.into_iter().flatten());
        let sessions = sessions.map(|part| save_part(plan, part));
        m.insert("sessions".into(), Value::Array(sessions.collect()));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, MERGE_KIND, &self.settings())?;
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
        if self.sorted {
            // The run held when the state was saved: one key's groups.
            let session = plan.kind == "session";
            let parts: Vec<Part> = fixed
                .into_values()
                .chain(sessions.into_values().flatten())
                .collect();
            self.run = parts.first().map(|p| Run {
                key: sort_key(session, bounds(&plan, p), &p.key),
                parts: Vec::new(),
            });
            if let Some(run) = &mut self.run {
                run.parts = parts;
            }
        } else {
            self.fixed = fixed;
            self.sessions = sessions;
        }
        self.plan = Some(plan);
        self.time = time;
        self.partials_read = read;
        Ok(())
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        match self.read(&event) {
            Ok(part) => {
                out.absorbed(1);
                if self.sorted {
                    return self.stream(part, &event, out);
                }
                self.hold(part)
                    .map_err(|m| merge_error(event.location(), m))?;
            }
            Err(message) => out.drop_event(&event, DropReason::Malformed, message)?,
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        self.write_run(out)?;
        let Some(plan) = self.plan.take() else {
            return Ok(());
        };
        let mut parts: Vec<Part> = std::mem::take(&mut self.fixed).into_values().collect();
        for (_, list) in std::mem::take(&mut self.sessions) {
            parts.extend(
                merge_sessions(&plan.aggs, list).map_err(|m| merge_error(&self.origin, m))?,
            );
        }
        parts.sort_by(|a, b| {
            (a.end, a.start)
                .cmp(&(b.end, b.start))
                .then_with(|| compare_keys(&a.key, &b.key))
        });
        write_parts(&plan, self.time.as_ref(), parts, out)?;
        Ok(())
    }
}
