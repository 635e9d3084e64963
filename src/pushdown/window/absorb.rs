//! `count`, `window global` and `window tumbling` aggregating on the reader threads.
//!
//! When every aggregate of a window gives the same result whatever the order of its events (no
//! `first`, `last` or `collect`), a reader thread can aggregate a run of consecutive events it
//! read ([`GroupAbsorber`]) and hand the stage one set of groups for the run ([`Absorbed`])
//! instead of one event per line. The stage merges those groups
//! ([`crate::ops::FieldStage::merge_absorbed`]) with the exact merge that reducers of partial states
//! use (`Acc::merge`: sums are exact, percentiles sort their values, sketches add their buckets).
//!
//! For a tumbling window the stage takes the run as it would take its events one by one. An
//! event is late when the watermark before it has passed its window's end; that watermark is
//! the larger of the stage's watermark before the run (which only the stage knows) and the one
//! the run's earlier events set (which the reader knows). So the reader counts the events late
//! by the run itself, and the stage counts as late the groups whose window its own watermark
//! has closed. The reader leaves to the stage, and ends the run before, any event that needs a
//! message: a forward jump of event time, a timestamp to warn about. Before each group the
//! stage advances its watermark to where the run's events before the group's first had taken
//! it, and fires: windows close between groups as they would have between events (a window
//! that closed inside the run got no later events of it: they were late), so the records, their
//! order and the peak counts of open windows and groups are the same.

use crate::error::Location;
use crate::event::FieldReader;
use crate::input::work::Prepared;
use crate::ops::window::absorbed::{Absorbed, AbsorbedGroup, GLOBAL_WINDOW, RunTimes, Tumbling};
use crate::ops::window::aggregates::Skips;
use crate::ops::window::emit::{Plan, refinable, refine_key};
use crate::ops::window::reading::{ValueFields, read_time};
use crate::ops::window::timefmt::OutTime;
use crate::value::Value;

/// An event as [`GroupAbsorber::absorb`] sees it: the JSON text of an NDJSON line (edited by
/// the reader-side steps, if they did), or the value of a record of another format.
#[derive(Debug, Clone, Copy)]
pub enum EventData<'a> {
    /// The text of a JSON object.
    Text(&'a [u8]),
    /// The decoded value.
    Value(&'a Value),
}

/// Group tables are looked up once per event: a fast hasher (seeded per process).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Fewer events than this per run say nothing about how well they group.
const MIN_EVENTS_TO_JUDGE: u64 = 64;

/// The groups of one window: the bytes of a group id → its position in `absorbed.groups`.
type GroupIndex = HashMap<Vec<u8>, usize>;

/// A window's aggregation on a reader thread: of a global window, or of a
/// tumbling one when `tumbling` is set.
#[derive(Debug, Clone)]
pub struct GroupAbsorber {
    plan: Plan,
    values: ValueFields,
    tumbling: Option<Tumbling>,
    /// Reads the `--by` fields (and the time field) of an event that starts a group (a run).
    fields: FieldReader,
    /// Per window, group id → position in `absorbed.groups`.
    index: Vec<((i64, i64), GroupIndex)>,
    absorbed: Absorbed,
    /// Set when a run had almost as many groups as events: merging those costs the stage as
    /// much as taking the events, so this thread stops aggregating.
    off: bool,
}

impl GroupAbsorber {
    /// The aggregation of a window with `plan`, whose aggregates are [`order_free`](crate::ops::window::absorbed::order_free): a global
    /// window, or a tumbling one.
    pub fn new(plan: &Plan, tumbling: Option<Tumbling>) -> GroupAbsorber {
        let time_field = tumbling.as_ref().and_then(|t| t.time.field.as_ref());
        GroupAbsorber {
            plan: plan.clone(),
            values: ValueFields::of(plan),
            fields: FieldReader::new(plan.keys.iter().chain(time_field)),
            tumbling,
            index: Vec::new(),
            absorbed: Absorbed::default(),
            off: false,
        }
    }

    /// The group of `id` in `window`, opened with the key of `data` if new (`opened_after`: the
    /// run's latest time before this event).
    fn group(
        &mut self,
        window: (i64, i64),
        prepared: &Prepared,
        data: EventData<'_>,
        opened_after: Option<i64>,
    ) -> usize {
        let slot = match self.index.iter().position(|(w, _)| *w == window) {
            Some(slot) => slot,
            None => {
                self.index.push((window, HashMap::default()));
                self.index.len() - 1
            }
        };
        // Looked up by its bytes: no UTF-8 check per event.
        let id = prepared.key_bytes();
        if let Some(&at) = self.index[slot].1.get(id) {
            return at;
        }
        let key = match self.plan.prepared_key(prepared) {
            Some(key) => key,
            None => self.plan.key_of(load(&mut self.fields, data)),
        };
        self.absorbed.groups.push(AbsorbedGroup {
            window,
            id: prepared.key().to_owned(),
            key,
            accs: self.plan.new_accs(),
            opened_after,
            events: 0,
            skips: Skips::default(),
        });
        let at = self.absorbed.groups.len() - 1;
        self.index[slot].1.insert(id.to_vec(), at);
        at
    }

    /// Places an event at `t` in the run: its window, or `None` when it is late by the run's
    /// earlier events. `Err` when the stage must take it itself (a forward jump to report, a
    /// window that is not representable).
    fn place(
        &mut self,
        t: i64,
        data: EventData<'_>,
        location: &dyn Fn() -> Location,
    ) -> Result<Option<(i64, i64)>, ()> {
        let Some(tumbling) = &self.tumbling else {
            return Ok(Some(GLOBAL_WINDOW));
        };
        // A window that is not representable is a bad timestamp: the stage says so.
        let (start, end) = tumbling.align.window_of(t).ok_or(())?;
        let Some(times) = &mut self.absorbed.times else {
            // The first event of the run: it may be the first the stage gets.
            let out_time = match &tumbling.time.field {
                Some(field) if tumbling.time_out_auto => {
                    let root = load(&mut self.fields, data);
                    read_time(&tumbling.time, field, root)
                        .ok()
                        .map(|(_, value)| {
                            OutTime::like_input(
                                &tumbling.time.format,
                                value,
                                tumbling.time.out_tz.clone(),
                            )
                        })
                }
                _ => None,
            };
            self.absorbed.times = Some(RunTimes {
                first: t,
                first_location: location(),
                min: t,
                max: t,
                out_of_order: 0,
                out_time,
            });
            return Ok(Some((end, start)));
        };
        let before = times.max;
        if i128::from(t) - i128::from(before) > i128::from(tumbling.max_jump) {
            return Err(());
        }
        times.out_of_order = times.out_of_order.max(before.saturating_sub(t));
        times.min = times.min.min(t);
        times.max = times.max.max(t);
        let closed = tumbling
            .max_delay
            .is_some_and(|delay| i128::from(before) - i128::from(delay) >= i128::from(end));
        Ok((!closed).then_some((end, start)))
    }
}

/// Loads the fields of the event `data` into `fields`; the root to read them in.
fn load<'a>(fields: &'a mut FieldReader, data: EventData<'a>) -> &'a Value {
    match data {
        EventData::Value(root) => root,
        EventData::Text(text) => {
            // Text the reader validated as an object always loads.
            let _ = fields.load_text(text, None);
            fields.partial()
        }
    }
}

impl GroupAbsorber {
    /// Aggregates the event `data` at `location`, whose fields the prep read as `prepared`, into
    /// the current run of consecutive events; false when the stage must take the event itself
    /// (the run then ends before it: [`GroupAbsorber::take`]).
    pub fn absorb(
        &mut self,
        prepared: &Prepared,
        data: EventData<'_>,
        location: &dyn Fn() -> Location,
    ) -> bool {
        if self.off || prepared.flags != 0 {
            return false;
        }
        let before = self.absorbed.times.as_ref().map(|times| times.max);
        let window = match self.place(prepared.time, data, location) {
            Err(()) => return false,
            Ok(None) => {
                self.absorbed.events += 1;
                self.absorbed.late += 1;
                return true;
            }
            Ok(Some(window)) => window,
        };
        let at = self.group(window, prepared, data, before);
        let values = prepared.values();
        let group = &mut self.absorbed.groups[at];
        let pick = |agg| self.values.pick(&values[..], agg);
        self.plan.update_with(
            &mut group.accs,
            pick,
            prepared.time,
            0,
            Some(&mut group.skips),
        );
        group.events += 1;
        // Only a float or an object's field order can be refined (`1.0` and `1` are one group).
        if refinable(&group.key) {
            let key = self.plan.key_of(load(&mut self.fields, data));
            refine_key(&mut self.absorbed.groups[at].key, &key);
        }
        self.absorbed.events += 1;
        true
    }

    /// True once it stopped aggregating (a run had almost as many groups as events).
    pub fn is_off(&self) -> bool {
        self.off
    }

    /// The groups of the run since the last call; `None` when it has no event.
    pub fn take(&mut self) -> Option<Absorbed> {
        if self.absorbed.events == 0 {
            return None;
        }
        self.index.clear();
        let absorbed = std::mem::take(&mut self.absorbed);
        if absorbed.events >= MIN_EVENTS_TO_JUDGE
            && absorbed.groups.len() as u64 * 2 > absorbed.events
        {
            self.off = true;
        }
        Some(absorbed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::window::TimeSpec;
    use crate::ops::window::absorbed::order_free;
    use crate::ops::window::aggregates::AggSpec;
    use crate::ops::window::calendar::Align;
    use crate::ops::window::emit::TimeOut;
    use crate::path::Path;

    fn plan(keys: &[&str], aggs: &[&str]) -> Plan {
        Plan {
            kind: "global",
            keys: keys.iter().map(|k| Path::parse(k).unwrap()).collect(),
            computed: None,
            key_names: keys.iter().map(|k| k.to_string()).collect(),
            aggs: aggs.iter().map(|a| AggSpec::parse(a).unwrap()).collect(),
            partial: false,
            tsv: false,
            time_out: TimeOut::None,
            origin: Default::default(),
        }
    }

    fn prepared(key: &str, values: &[Value]) -> Prepared {
        Prepared::new(0, 0, key, values.iter().map(Some)).unwrap()
    }

    #[test]
    fn groups_by_id_and_counts_skipped_values() {
        let plan = plan(&["host"], &["count", "mean:ms"]);
        let mut absorber = GroupAbsorber::new(&plan, None);
        let lines: [(&str, &[u8], Value); 3] = [
            ("a", br#"{"host":"a","ms":1}"#, Value::Int(1)),
            ("b", br#"{"host":"b","ms":null}"#, Value::Null),
            ("a", br#"{"host":"a","ms":2.5}"#, Value::Float(2.5)),
        ];
        for (id, text, ms) in &lines {
            assert!(absorber.absorb(
                &prepared(id, std::slice::from_ref(ms)),
                EventData::Text(text),
                &Location::default
            ));
        }
        let absorbed = absorber.take().unwrap();
        let skips: Vec<(u64, u64)> = absorbed
            .groups
            .iter()
            .map(|g| (g.skips.records, g.skips.total()))
            .collect();
        assert_eq!((absorbed.events, skips), (3, vec![(2, 0), (1, 1)]));
        assert_eq!(absorbed.groups[1].skips.absent, [0, 1]);
        let shown: Vec<String> = absorbed
            .groups
            .iter()
            .map(|g| {
                let results = g
                    .accs
                    .iter()
                    .zip(&plan.aggs)
                    .map(|(a, s)| a.result(s, None));
                let key = Value::Array(g.key.clone()).to_json();
                let results = Value::Array(results.collect()).to_json();
                format!("{} {key} {results}", g.id)
            })
            .collect();
        assert_eq!(shown, ["a [\"a\"] [2,1.75]", "b [\"b\"] [1,null]"]);
        assert!(absorber.take().is_none(), "a second take has nothing");
    }

    #[test]
    fn refines_a_float_key_from_the_value() {
        let plan = plan(&["code"], &["count"]);
        let mut absorber = GroupAbsorber::new(&plan, None);
        let mut root = crate::value::Map::default();
        root.insert("code".into(), Value::Float(1.0));
        assert!(absorber.absorb(
            &prepared("1", &[]),
            EventData::Value(&Value::Object(root)),
            &Location::default
        ));
        assert!(absorber.absorb(
            &prepared("1", &[]),
            EventData::Text(br#"{"code":1}"#),
            &Location::default
        ));
        let absorbed = absorber.take().unwrap();
        assert_eq!(
            Value::Array(absorbed.groups[0].key.clone()).to_json(),
            "[1]"
        );
    }

    #[test]
    fn declines_flagged_events_and_stops_when_groups_do_not_shrink() {
        let plan = plan(&["id"], &["count"]);
        let mut absorber = GroupAbsorber::new(&plan, None);
        let flagged = Prepared::new(0, 1, "x", std::iter::empty()).unwrap();
        assert!(!absorber.absorb(&flagged, EventData::Text(b"{}"), &Location::default));
        for i in 0..MIN_EVENTS_TO_JUDGE {
            let text = format!(r#"{{"id":{i}}}"#);
            assert!(absorber.absorb(
                &prepared(&i.to_string(), &[]),
                EventData::Text(text.as_bytes()),
                &Location::default
            ));
        }
        assert!(!absorber.is_off(), "judged when a run is taken");
        assert_eq!(
            absorber.take().unwrap().groups.len() as u64,
            MIN_EVENTS_TO_JUDGE
        );
        // Off: the stage bounds the run (the extra reader threads stand down on this).
        assert!(absorber.is_off());
        assert!(!absorber.absorb(
            &prepared("0", &[]),
            EventData::Text(br#"{"id":0}"#),
            &Location::default
        ));
    }

    #[test]
    fn a_tumbling_run_counts_its_own_late_events_and_ends_before_a_jump() {
        const S: i64 = 1_000_000_000;
        let plan = plan(&[], &["count"]);
        let time = TimeSpec {
            field: Some(Path::parse("t").unwrap()),
            format: crate::ops::window::timefmt::TimeFormat::EpochS,
            tz: jiff::tz::TimeZone::UTC,
            tz_given: false,
            out: None,
            out_tz: None,
        };
        let tumbling = Tumbling {
            align: Align::Fixed {
                size: 10 * S,
                offset: 0,
            },
            time,
            time_out_auto: true,
            max_delay: Some(2 * S),
            max_jump: 60 * S,
        };
        let mut absorber = GroupAbsorber::new(&plan, Some(tumbling));
        let at = |line| {
            move || Location {
                source: "f".into(),
                line,
            }
        };
        let mut absorb = |secs: i64, line: u64| {
            let text = format!(r#"{{"t":{secs}}}"#);
            let prepared = Prepared::new(secs * S, 0, "", std::iter::empty()).unwrap();
            absorber.absorb(&prepared, EventData::Text(text.as_bytes()), &at(line))
        };
        // 15 s closes [0, 10) (watermark 13 s): the event at 9 s after it is late.
        for (secs, line) in [(5, 1), (3, 2), (15, 3), (9, 4), (11, 5)] {
            assert!(absorb(secs, line), "{secs}");
        }
        assert!(
            !absorb(100, 6),
            "a jump of more than --max-jump is left to the stage"
        );
        let run = absorber.take().unwrap();
        assert_eq!((run.events, run.late), (5, 1));
        let groups: Vec<_> = run
            .groups
            .iter()
            .map(|g| (g.window, g.events, g.opened_after))
            .collect();
        assert_eq!(
            groups,
            [((10 * S, 0), 2, None), ((20 * S, 10 * S), 2, Some(5 * S))]
        );
        let times = run.times.unwrap();
        assert_eq!(
            (times.first, times.min, times.max, times.out_of_order),
            (5 * S, 3 * S, 15 * S, 6 * S)
        );
        assert_eq!(times.first_location.line, 1);
        assert!(
            matches!(times.out_time, Some(OutTime::Epoch(_))),
            "like the first timestamp"
        );
    }

    #[test]
    fn order_free_excludes_the_aggregates_that_keep_arrival_order() {
        assert!(order_free(&plan(
            &[],
            &["count", "p99:x", "distinct:y", "approx_p50:x"]
        )));
        for agg in ["first:x", "last:x", "collect:x"] {
            assert!(!order_free(&plan(&[], &["count", agg])), "{agg}");
        }
    }
}
