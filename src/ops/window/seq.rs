//! Windows over arrival order and per-record frames: `count` (tumbling or sliding by record
//! count) and `rolling` (`--rows N`, `--range DUR`).
//!
//! Rolling frames are recomputed from the buffered values of the frame for every record
//! (O(frame) per record, never "subtract the evicted value": float sums stay exact).

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::error::{DataError, DropReason, Error, Result};
use crate::event::Event;
use crate::ops::{Flow, Out, Stage};
use crate::time::format_duration;
use crate::value::{Map, Value};

use super::TimeSpec;
use super::aggregates::Acc;
use super::emit::{Bounds, Plan, compare_keys, key_id};
use super::policy::Policy;
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
        }
    }
}

impl Stage for CountWindows {
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
                plan.update(&mut k.accs, event.value(), 0, self.seq);
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
                k.rows.push_back(row_of(plan, event.value(), 0, self.seq));
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

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        if self.drop_partial || self.slide.is_some() {
            return Ok(());
        }
        let mut rest: Vec<&CountKey> = self
            .keys
            .values()
            .filter(|k| k.seen >= k.window_start)
            .collect();
        rest.sort_by(|a, b| compare_keys(&a.key, &b.key));
        for k in rest {
            let r = self.plan.record(
                Bounds::Seq(k.window_start, k.seen + 1),
                None,
                &k.key,
                &k.accs,
                None,
            );
            if out.emit_made(r)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }
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
        }
    }
}

impl Stage for RollingRows {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let Some(key) = key_of(&self.plan, &event, out)? else {
            return Ok(Flow::Continue);
        };
        self.seq += 1;
        let kid = key_id(&key);
        let frame = self.keys.entry(kid).or_default();
        frame.push(&self.plan, row_of(&self.plan, event.value(), 0, self.seq));
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

impl Stage for RollingRange {
    fn open(&mut self) -> Result<()> {
        self.late.open()?;
        self.bad_time.open()
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

    fn summary(&self) -> Option<String> {
        (self.late_count > 0).then(|| {
            let d = format_duration(self.max_ooo);
            let b = format_duration(round_up_duration(self.max_ooo));
            format!(
                "eddy window: dropped {} late record{} (max out-of-orderness {d}; --max-delay {b} would have kept them)",
                self.late_count,
                if self.late_count == 1 { "" } else { "s" }
            )
        })
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
