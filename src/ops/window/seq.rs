//! Windows over arrival order and per-record frames: `count` (tumbling or sliding by record
//! count) and `rolling` (`--rows N`, `--range DUR`).
//!
//! Rolling frames are recomputed from the buffered values of the frame for every record
//! (O(frame) per record, never "subtract the evicted value": float sums stay exact).

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::error::{DataError, DropReason, Error, Result};
use crate::event::Event;
use crate::ops::state::{self, Field, count, encode_event, encode_value};
use crate::ops::{Flow, Out, Stage};
use crate::time::format_duration;
use crate::value::{Map, Value};

use super::TimeSpec;
use super::aggregates::{Acc, Skips};
use super::emit::{Bounds, Plan, compare_keys, key_id};
use super::policy::Policy;
use super::state::{decode_accs, decode_key, encode_accs, encode_key, kind, settings};
use super::timefmt::{parse_timestamp, round_up_duration};

/// The values a buffered record contributes to the aggregates.
struct Row {
    t: i64,
    seq: u64,
    values: Vec<Option<Value>>,
}

/// The key values of `event`; `None` when a computed key failed to evaluate: the event is then
/// dropped as an evaluation error.
fn key_of(plan: &Plan, event: &Event, out: &mut Out<'_>) -> Result<Option<Vec<Value>>> {
    match plan.key_object(event.value(), event, || out.now()) {
        None => Ok(Some(plan.key_of(event.value()))),
        Some(Ok(object)) => Ok(Some(plan.key_of(&object))),
        Some(Err(message)) => {
            out.drop_event(event, DropReason::EvalError, message)?;
            Ok(None)
        }
    }
}

fn row_of(plan: &Plan, v: &Value, t: i64, seq: u64) -> Row {
    Row {
        t,
        seq,
        values: plan.values_of(v),
    }
}

impl Row {
    /// The row in a saved state (`--state`): time, arrival number, the values it aggregates.
    fn save(&self) -> Value {
        let mut m = Map::default();
        m.insert("t".into(), Value::Int(self.t));
        m.insert("seq".into(), count(self.seq));
        let values = self
            .values
            .iter()
            .map(|v| v.as_ref().map_or(Value::Null, encode_value));
        m.insert("values".into(), Value::Array(values.collect()));
        Value::Object(m)
    }

    /// Reads what [`Row::save`] wrote for a stage of `plan` (a null value is a missing one:
    /// aggregates skip both).
    fn restore(plan: &Plan, f: &Field<'_>) -> Result<Row> {
        let values = f.get("values")?;
        let values: Vec<Option<Value>> = values
            .values()?
            .into_iter()
            .map(|v| (!matches!(v, Value::Null)).then_some(v))
            .collect();
        if values.len() != plan.aggs.len() {
            return Err(f.damaged(format!(
                "{} values for {} aggregates",
                values.len(),
                plan.aggs.len()
            )));
        }
        Ok(Row {
            t: f.get("t")?.int()?,
            seq: f.get("seq")?.count()?,
            values,
        })
    }
}

/// Each key's state in key order (a saved state does not depend on the table's hashing), as
/// `save` makes it, with its key id.
fn save_keys<'a, T: 'a>(
    keys: impl Iterator<Item = (&'a String, &'a T)>,
    save: impl Fn(&T, &mut Map),
) -> Value {
    let mut keys: Vec<_> = keys.collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let keys = keys.into_iter().map(|(kid, k)| {
        let mut m = Map::default();
        m.insert("kid".into(), Value::from(kid.as_str()));
        save(k, &mut m);
        Value::Object(m)
    });
    Value::Array(keys.collect())
}

/// Reads the keys [`save_keys`] wrote, each with `restore`.
fn restore_keys<T>(
    f: &Field<'_>,
    restore: impl Fn(&Field<'_>) -> Result<T>,
) -> Result<HashMap<String, T>> {
    let mut keys = HashMap::new();
    for k in f.list("keys")? {
        if keys
            .insert(k.get("kid")?.str()?.to_owned(), restore(&k)?)
            .is_some()
        {
            return Err(k.damaged("a key twice"));
        }
    }
    Ok(keys)
}

fn aggregate<'a>(plan: &Plan, rows: impl Iterator<Item = &'a Row>) -> (Vec<Acc>, u64) {
    let mut accs = plan.new_accs();
    let mut skipped = 0;
    for r in rows {
        for ((acc, spec), v) in accs.iter_mut().zip(&plan.aggs).zip(&r.values) {
            if !acc.update(spec, v.as_ref(), r.t, r.seq) {
                skipped += 1;
            }
        }
    }
    (accs, skipped)
}

struct CountKey {
    key: Vec<Value>,
    seen: u64,
    accs: Vec<Acc>,
    window_start: u64,
    rows: VecDeque<Row>,
}

/// `window count --size N [--slide S] [--drop-partial]`.
pub struct CountWindows {
    plan: Plan,
    size: u64,
    slide: Option<u64>,
    drop_partial: bool,
    keys: HashMap<String, CountKey>,
    seq: u64,
    /// The values the aggregates skipped, each record counted once (for the summary).
    skips: Skips,
}

impl CountWindows {
    /// A stage.
    pub fn new(plan: Plan, size: u64, slide: Option<u64>, drop_partial: bool) -> CountWindows {
        CountWindows {
            plan,
            size,
            slide,
            drop_partial,
            keys: HashMap::new(),
            seq: 0,
            skips: Skips::default(),
        }
    }
}

impl CountWindows {
    /// The options that shape what the stage holds between runs.
    fn settings(&self) -> Value {
        let slide = self.slide.map_or(Value::Null, count);
        settings(&self.plan, &[("size", count(self.size)), ("slide", slide)])
    }
}

impl CountWindows {
    /// The records of the windows not full yet, by key, which the end of input emits (none
    /// with `--drop-partial` or `--slide`).
    fn partial_windows(&self) -> Vec<Event> {
        if self.drop_partial || self.slide.is_some() {
            return Vec::new();
        }
        let mut rest: Vec<&CountKey> = self
            .keys
            .values()
            .filter(|k| k.seen >= k.window_start)
            .collect();
        rest.sort_by(|a, b| compare_keys(&a.key, &b.key));
        let bounds = |k: &CountKey| Bounds::Seq(k.window_start, k.seen + 1);
        (rest.into_iter())
            .map(|k| self.plan.record(bounds(k), None, &k.key, &k.accs, None))
            .collect()
    }
}

impl Stage for CountWindows {
    fn save_state(&self) -> Result<Option<Value>> {
        let plan = &self.plan;
        let mut m = state::frame(&kind(plan), self.settings());
        m.insert("seq".into(), count(self.seq));
        let keys = save_keys(self.keys.iter(), |k, m| {
            m.insert("key".into(), encode_key(&k.key));
            m.insert("seen".into(), count(k.seen));
            m.insert("start".into(), count(k.window_start));
            m.insert("accs".into(), encode_accs(plan, &k.accs));
            let rows = k.rows.iter().map(Row::save);
            m.insert("rows".into(), Value::Array(rows.collect()));
        });
        m.insert("keys".into(), keys);
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let plan = &self.plan;
        let f = state::open(&saved, &kind(plan), &self.settings())?;
        let keys = restore_keys(&f, |k| {
            let rows = k.list("rows")?;
            let rows = rows.iter().map(|r| Row::restore(plan, r));
            let key = CountKey {
                key: decode_key(plan, &k.get("key")?)?,
                seen: k.get("seen")?.count()?,
                accs: decode_accs(plan, &k.get("accs")?)?,
                window_start: k.get("start")?.count()?,
                rows: rows.collect::<Result<_>>()?,
            };
            // The open window starts after the last one closed and holds fewer than --size
            // records; the sliding frame holds the last --size records at most.
            let open = key.seen.checked_sub(key.window_start.wrapping_sub(1));
            let held = key.rows.len() as u64;
            let tumbling = self.slide.is_none();
            if key.window_start == 0
                || open.is_none_or(|n| tumbling && n >= self.size)
                || held > self.size.min(key.seen)
            {
                return Err(k.damaged("its positions do not fit the window"));
            }
            Ok(key)
        })?;
        self.seq = f.get("seq")?.count()?;
        self.keys = keys;
        Ok(())
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let Some(key) = key_of(&self.plan, &event, out)? else {
            return Ok(Flow::Continue);
        };
        out.absorbed(1);
        self.seq += 1;
        let kid = key_id(&key);
        let plan = &self.plan;
        let k = self.keys.entry(kid).or_insert_with(|| CountKey {
            key,
            seen: 0,
            accs: plan.new_accs(),
            window_start: 1,
            rows: VecDeque::new(),
        });
        k.seen += 1;
        let i = k.seen;
        let record = match self.slide {
            None => {
                let value_of = |agg| plan.value_in(event.value(), agg);
                plan.update_with(&mut k.accs, value_of, 0, self.seq, Some(&mut self.skips));
                if i - k.window_start + 1 == self.size {
                    let r = plan.record(
                        Bounds::Seq(k.window_start, i + 1),
                        None,
                        &k.key,
                        &k.accs,
                        None,
                    );
                    k.accs = plan.new_accs();
                    k.window_start = i + 1;
                    Some(r)
                } else {
                    None
                }
            }
            Some(s) => {
                let row = row_of(plan, event.value(), 0, self.seq);
                plan.count_skips(&row.values, &mut self.skips);
                k.rows.push_back(row);
                if k.rows.len() as u64 > self.size {
                    k.rows.pop_front();
                }
                if i.is_multiple_of(s) {
                    let (accs, _) = aggregate(plan, k.rows.iter());
                    let start = i + 1 - k.rows.len() as u64;
                    Some(plan.record(Bounds::Seq(start, i + 1), None, &k.key, &accs, None))
                } else {
                    None
                }
            }
        };
        match record {
            // The pipeline flushes whenever the input pauses, which is what live readers need.
            Some(r) => out.emit_made(r),
            None => Ok(Flow::Continue),
        }
    }

    fn snapshot(&self) -> Option<Vec<Event>> {
        Some(self.partial_windows())
    }

    fn record_key(&self) -> Option<Vec<String>> {
        Some(self.plan.key_names.clone())
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        for r in self.partial_windows() {
            if out.emit_made(r)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }

    fn summary(&self) -> Option<String> {
        joined(self.plan.skip_summary(&self.skips))
    }
}

/// Summary lines as one text, if there are any.
fn joined(lines: impl Iterator<Item = String>) -> Option<String> {
    let lines: Vec<String> = lines.collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn append_aggs(plan: &Plan, mut event: Event, accs: &[Acc]) -> Event {
    let map: &mut Map = event.object_mut();
    for (spec, acc) in plan.aggs.iter().zip(accs) {
        map.insert(spec.name.clone(), acc.result(spec, None));
    }
    event
}

/// A FIFO of rows answering "aggregate of everything inside" in O(1) amortised merges (the
/// two-stack sliding-window aggregation). Every merge in `aggregates` is exact and commutative,
/// so merging partial aggregates equals recomputing the frame, without ever "subtracting" a row.
#[derive(Default)]
struct TwoStacks {
    /// Rows pushed since the last flip, newest last, and their aggregate.
    back: Vec<Row>,
    back_agg: Option<Vec<Acc>>,
    /// After a flip: the oldest row last; each entry aggregates itself and every newer front row.
    front: Vec<Vec<Acc>>,
}

impl TwoStacks {
    fn len(&self) -> usize {
        self.front.len() + self.back.len()
    }

    fn push(&mut self, plan: &Plan, row: Row) {
        let agg = self.back_agg.get_or_insert_with(|| plan.new_accs());
        for ((acc, spec), v) in agg.iter_mut().zip(&plan.aggs).zip(&row.values) {
            acc.update(spec, v.as_ref(), row.t, row.seq);
        }
        self.back.push(row);
    }

    fn pop(&mut self, plan: &Plan) {
        if self.front.is_empty() {
            let mut cum = plan.new_accs();
            for row in self.back.drain(..).rev() {
                for ((acc, spec), v) in cum.iter_mut().zip(&plan.aggs).zip(&row.values) {
                    acc.update(spec, v.as_ref(), row.t, row.seq);
                }
                self.front.push(cum.clone());
            }
            self.back_agg = None;
        }
        self.front.pop();
    }

    fn aggregate(&self, plan: &Plan) -> Vec<Acc> {
        let mut out = match self.front.last() {
            Some(f) => f.clone(),
            None => plan.new_accs(),
        };
        if let Some(b) = &self.back_agg {
            for ((o, x), spec) in out.iter_mut().zip(b).zip(&plan.aggs) {
                o.merge(spec, x);
            }
        }
        out
    }
}

/// `window rolling --rows N`.
pub struct RollingRows {
    plan: Plan,
    rows: usize,
    min_rows: usize,
    keys: HashMap<String, TwoStacks>,
    seq: u64,
    /// The values the aggregates skipped, each record counted once (for the summary).
    skips: Skips,
}

impl RollingRows {
    /// A stage.
    pub fn new(plan: Plan, rows: usize, min_rows: usize) -> RollingRows {
        RollingRows {
            plan,
            rows,
            min_rows,
            keys: HashMap::new(),
            seq: 0,
            skips: Skips::default(),
        }
    }
}

impl RollingRows {
    /// The state kind and the options that shape what the stage holds between runs.
    fn frame(&self) -> (&'static str, Value) {
        let rows = count(self.rows);
        (
            "window rolling --rows",
            settings(&self.plan, &[("rows", rows)]),
        )
    }
}

impl Stage for RollingRows {
    /// Every record's frame is emitted as the record comes: nothing is still to come.
    fn snapshot(&self) -> Option<Vec<Event>> {
        Some(Vec::new())
    }

    fn record_key(&self) -> Option<Vec<String>> {
        Some(self.plan.key_names.clone())
    }

    /// Each key's frame as its two stacks: the rows pushed since the last flip, and the
    /// aggregates of the older rows (their rows are gone: each entry aggregates one of them
    /// and every newer row of that stack).
    fn save_state(&self) -> Result<Option<Value>> {
        let plan = &self.plan;
        let (kind, settings) = self.frame();
        let mut m = state::frame(kind, settings);
        m.insert("seq".into(), count(self.seq));
        let keys = save_keys(self.keys.iter(), |frame, m| {
            let back = frame.back.iter().map(Row::save);
            m.insert("back".into(), Value::Array(back.collect()));
            let front = frame.front.iter().map(|accs| encode_accs(plan, accs));
            m.insert("front".into(), Value::Array(front.collect()));
        });
        m.insert("keys".into(), keys);
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let plan = &self.plan;
        let (kind, settings) = self.frame();
        let f = state::open(&saved, kind, &settings)?;
        let keys = restore_keys(&f, |k| {
            let mut frame = TwoStacks::default();
            for accs in k.get("front")?.items()? {
                frame.front.push(decode_accs(plan, &accs)?);
            }
            // Pushed again in order: the back aggregate is made as it was.
            for row in k.list("back")? {
                frame.push(plan, Row::restore(plan, &row)?);
            }
            if frame.len() > self.rows {
                return Err(k.damaged(format!("more than {} rows", self.rows)));
            }
            Ok(frame)
        })?;
        self.seq = f.get("seq")?.count()?;
        self.keys = keys;
        Ok(())
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let Some(key) = key_of(&self.plan, &event, out)? else {
            return Ok(Flow::Continue);
        };
        self.seq += 1;
        let kid = key_id(&key);
        let frame = self.keys.entry(kid).or_default();
        let row = row_of(&self.plan, event.value(), 0, self.seq);
        self.plan.count_skips(&row.values, &mut self.skips);
        frame.push(&self.plan, row);
        if frame.len() > self.rows {
            frame.pop(&self.plan);
        }
        if frame.len() < self.min_rows {
            out.filtered();
            return Ok(Flow::Continue);
        }
        let accs = frame.aggregate(&self.plan);
        out.emit(append_aggs(&self.plan, event, &accs))
    }

    fn summary(&self) -> Option<String> {
        joined(self.plan.skip_summary(&self.skips))
    }
}

/// `window rolling --range DUR`: rows released in event-time order once `W > t`.
pub struct RollingRange {
    plan: Plan,
    range: i64,
    max_delay: Option<i64>,
    min_rows: usize,
    time: TimeSpec,
    late: Policy,
    bad_time: Policy,
    /// Unreleased records by `(t, seq)`.
    buffer: BTreeMap<(i64, u64), (String, Event)>,
    /// Per key, the rows a future frame may need.
    history: HashMap<String, BTreeMap<(i64, u64), Row>>,
    wm: Option<i64>,
    max_t: Option<i64>,
    max_ooo: i64,
    late_count: u64,
    seq: u64,
    /// The values the aggregates skipped, each record counted once (for the summary).
    skips: Skips,
}

impl RollingRange {
    /// A stage.
    pub fn new(
        plan: Plan,
        range: i64,
        max_delay: Option<i64>,
        min_rows: usize,
        time: TimeSpec,
        late: Policy,
        bad_time: Policy,
    ) -> RollingRange {
        RollingRange {
            plan,
            range,
            max_delay,
            min_rows,
            time,
            late,
            bad_time,
            buffer: BTreeMap::new(),
            history: HashMap::new(),
            wm: None,
            max_t: None,
            max_ooo: 0,
            late_count: 0,
            seq: 0,
            skips: Skips::default(),
        }
    }

    fn release(&mut self, upto: Option<i64>, out: &mut Out<'_>) -> Result<Flow> {
        let mut flow = Flow::Continue;
        while let Some((&(t, _), _)) = self.buffer.first_key_value() {
            if upto.is_some_and(|w| t >= w) {
                break;
            }
            let Some((_, (kid, event))) = self.buffer.pop_first() else {
                break;
            };
            let rows = self.history.get(&kid);
            let lo = t.saturating_sub(self.range);
            let frame: Vec<&Row> = rows
                .map(|h| h.range((lo, 0)..=(t, u64::MAX)).map(|(_, r)| r).collect())
                .unwrap_or_default();
            if frame.len() < self.min_rows {
                out.filtered();
                continue;
            }
            let (accs, _) = aggregate(&self.plan, frame.into_iter());
            if out.emit(append_aggs(&self.plan, event, &accs))? == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
        // Rows older than every future frame can go.
        if let Some(w) = upto {
            let keep_from = w.saturating_sub(self.range);
            for h in self.history.values_mut() {
                while h
                    .first_key_value()
                    .is_some_and(|((t, _), _)| *t < keep_from)
                {
                    h.pop_first();
                }
            }
        }
        Ok(flow)
    }
}

impl RollingRange {
    /// The state kind and the options that shape what the stage holds between runs.
    fn frame(&self) -> (&'static str, Value) {
        let range = Value::Int(self.range);
        (
            "window rolling --range",
            settings(&self.plan, &[("range", range)]),
        )
    }
}

impl Stage for RollingRange {
    fn open(&mut self, append: bool) -> Result<()> {
        self.late.open(append)?;
        self.bad_time.open(append)
    }

    fn reopen(&mut self) -> Result<()> {
        self.late.reopen()?;
        self.bad_time.reopen()
    }

    fn flush(&mut self) -> Result<()> {
        self.late.flush()?;
        self.bad_time.flush()
    }

    /// The watermark, the latest time, the records not released yet, and per key the rows a
    /// later frame may need.
    fn save_state(&self) -> Result<Option<Value>> {
        let (kind, settings) = self.frame();
        let mut m = state::frame(kind, settings);
        m.insert("seq".into(), count(self.seq));
        if let Some(w) = self.wm {
            m.insert("watermark".into(), Value::Int(w));
        }
        if let Some(t) = self.max_t {
            m.insert("max_t".into(), Value::Int(t));
        }
        let buffer = self.buffer.iter().map(|(&(t, seq), (kid, event))| {
            let mut b = Map::default();
            b.insert("t".into(), Value::Int(t));
            b.insert("seq".into(), count(seq));
            b.insert("kid".into(), Value::from(kid.as_str()));
            b.insert("event".into(), encode_event(event));
            Value::Object(b)
        });
        m.insert("buffer".into(), Value::Array(buffer.collect()));
        let keys = save_keys(self.history.iter(), |rows, m| {
            let rows = rows.values().map(Row::save);
            m.insert("rows".into(), Value::Array(rows.collect()));
        });
        m.insert("keys".into(), keys);
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let plan = &self.plan;
        let (kind, settings) = self.frame();
        let f = state::open(&saved, kind, &settings)?;
        let mut buffer = BTreeMap::new();
        for b in f.list("buffer")? {
            let at = (b.get("t")?.int()?, b.get("seq")?.count()?);
            let held = (b.get("kid")?.str()?.to_owned(), b.get("event")?.event()?);
            if buffer.insert(at, held).is_some() {
                return Err(b.damaged("a record twice"));
            }
        }
        let history = restore_keys(&f, |k| {
            let mut rows = BTreeMap::new();
            for r in k.list("rows")? {
                let row = Row::restore(plan, &r)?;
                if rows.insert((row.t, row.seq), row).is_some() {
                    return Err(r.damaged("a row twice"));
                }
            }
            Ok(rows)
        })?;
        self.seq = f.get("seq")?.count()?;
        self.wm = f.opt("watermark")?.map(|w| w.int()).transpose()?;
        self.max_t = f.opt("max_t")?.map(|t| t.int()).transpose()?;
        self.buffer = buffer;
        self.history = history;
        Ok(())
    }

    fn watermark(&self) -> Option<i64> {
        self.wm
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let t = match &self.time.field {
            None => {
                if event.arrival() != 0 {
                    event.arrival()
                } else {
                    out.now()
                }
            }
            Some(f) => {
                let parsed = f
                    .get(event.value())
                    .ok_or_else(|| format!("missing time field `{f}`"))
                    .and_then(|v| parse_timestamp(v, &self.time.format, &self.time.tz));
                match parsed {
                    Ok(t) => t,
                    Err(message) => {
                        match &mut self.bad_time {
                            Policy::Drop => out.drop_event(&event, DropReason::BadTime, message)?,
                            Policy::File(file) => {
                                file.write_record(&event)?;
                                out.count_dropped(DropReason::BadTime, 1);
                            }
                            Policy::Fail => {
                                out.count_dropped(DropReason::BadTime, 1);
                                return Err(Error::Data(DataError {
                                    location: event.location().clone(),
                                    reason: DropReason::BadTime,
                                    message,
                                }));
                            }
                        }
                        return Ok(Flow::Continue);
                    }
                }
            }
        };
        let Some(key) = key_of(&self.plan, &event, out)? else {
            return Ok(Flow::Continue);
        };
        if let Some(m) = self.max_t
            && m > t
        {
            self.max_ooo = self.max_ooo.max(m.saturating_sub(t));
        }
        self.max_t = Some(self.max_t.map_or(t, |m| m.max(t)));
        if self.wm.is_some_and(|w| t < w) {
            self.late_count += 1;
            out.count_dropped(DropReason::Late, 1);
            match &mut self.late {
                Policy::Drop => {}
                Policy::File(f) => f.write_record(&event)?,
                Policy::Fail => {
                    return Err(Error::Data(DataError {
                        location: event.location().clone(),
                        reason: DropReason::Late,
                        message:
                            "late record (rows after it were already released; raise --max-delay)"
                                .into(),
                    }));
                }
            }
            return Ok(Flow::Continue);
        }
        self.seq += 1;
        let kid = key_id(&key);
        let row = row_of(&self.plan, event.value(), t, self.seq);
        self.plan.count_skips(&row.values, &mut self.skips);
        self.history
            .entry(kid.clone())
            .or_default()
            .insert((t, self.seq), row);
        self.buffer.insert((t, self.seq), (kid, event));
        // W = max t − max-delay (with `inf`, rows are released at end of input).
        if let Some(b) = self.max_delay {
            let w = t.saturating_sub(b);
            self.wm = Some(self.wm.map_or(w, |x| x.max(w)));
        }
        let Some(w) = self.wm else {
            return Ok(Flow::Continue);
        };
        self.release(Some(w), out)
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        self.release(None, out)?;
        // Nothing downstream wants the rest (a satisfied `head`): they count as filtered.
        for _ in std::mem::take(&mut self.buffer) {
            out.filtered();
        }
        self.late.flush()?;
        self.bad_time.flush()
    }

    fn holding(&self) -> u64 {
        self.buffer.len() as u64
    }

    fn stats(&self) -> Option<Value> {
        let mut m = Map::default();
        m.insert("max_out_of_orderness".into(), Value::Duration(self.max_ooo));
        Some(Value::Object(m))
    }

    fn summary(&self) -> Option<String> {
        let late = (self.late_count > 0).then(|| {
            let d = format_duration(self.max_ooo);
            let b = format_duration(round_up_duration(self.max_ooo));
            let records = format!(
                "{} late record{}",
                self.late_count,
                if self.late_count == 1 { "" } else { "s" }
            );
            // A side file that failed is reported by its error (the run fails), not as written.
            let what = match &self.late {
                Policy::File(f) if f.intact() => format!("wrote {records} to {}", f.path()),
                _ => format!("dropped {records}"),
            };
            format!(
                "eddy window: {what} (max out-of-orderness {d}; --max-delay {b} would have kept them)"
            )
        });
        joined(late.into_iter().chain(self.plan.skip_summary(&self.skips)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::window::aggregates::AggSpec;
    use crate::ops::window::emit::TimeOut;

    #[test]
    fn two_stacks_equal_recomputing_the_frame() {
        let plan = Plan {
            kind: "rolling",
            keys: Vec::new(),
            computed: None,
            key_names: Vec::new(),
            aggs: [
                "count:v", "sum:v", "min:v", "max:v", "mean:v", "var:v", "p50:v", "last:v",
            ]
            .iter()
            .map(|a| AggSpec::parse(a).unwrap())
            .collect(),
            partial: false,
            tsv: false,
            time_out: TimeOut::None,
            origin: Default::default(),
        };
        for n in [1usize, 2, 3, 7] {
            let mut swag = TwoStacks::default();
            let mut naive: VecDeque<Row> = VecDeque::new();
            for i in 0..60u64 {
                let v = match i % 5 {
                    0 => Value::Null,
                    1 => Value::Float(i as f64 * 0.1),
                    _ => Value::Int((i * 7 % 13) as i64 - 6),
                };
                let mut obj = Map::default();
                obj.insert("v".into(), v);
                let value = Value::Object(obj);
                swag.push(&plan, row_of(&plan, &value, 0, i));
                naive.push_back(row_of(&plan, &value, 0, i));
                if swag.len() > n {
                    swag.pop(&plan);
                    naive.pop_front();
                }
                let got = swag.aggregate(&plan);
                let (want, _) = aggregate(&plan, naive.iter());
                for ((g, w), spec) in got.iter().zip(&want).zip(&plan.aggs) {
                    assert_eq!(
                        g.result(spec, None).to_json(),
                        w.result(spec, None).to_json(),
                        "n={n} i={i} {}",
                        spec.name
                    );
                }
            }
        }
    }
}
