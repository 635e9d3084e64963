//! `window global` and `count` aggregating on the reader threads.
//!
//! When every aggregate of a global window gives the same result whatever the order of its
//! events (no `first`, `last` or `collect`), and nothing the stage does per event depends on
//! that order (no event time, final results only, no `--max-groups`), a reader thread can
//! aggregate the events it read ([`GroupAbsorber`]) and hand the stage one set of groups per
//! batch ([`Absorbed`]) instead of one event per line. The stage merges those groups
//! ([`crate::ops::Stage::merge_absorbed`]) with the same exact merge that reducers of partial
//! states use (`Acc::merge`): sums are exact, percentiles sort their values, sketches add their
//! buckets, so the result is the one the stage would reach taking the events one by one.

use crate::event::{FieldReader, Prepared};
use crate::ops::{EventData, ReaderAggregate};
use crate::value::Value;

use super::aggregates::{Acc, Func};
use super::emit::{Plan, refine_key};
use super::prep::ValueFields;

/// Group tables are looked up once per event: a fast hasher (seeded per process).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Fewer events than this per batch say nothing about how well they group.
const MIN_EVENTS_TO_JUDGE: u64 = 64;

/// The groups a reader thread aggregated from the events of one batch.
#[derive(Debug, Clone, Default)]
pub struct Absorbed {
    /// Events aggregated.
    pub events: u64,
    /// Aggregated values that were skipped (null, missing or not a number where one is needed).
    pub skipped: u64,
    /// The groups, in the order their first event came.
    pub groups: Vec<AbsorbedGroup>,
}

/// One group of an [`Absorbed`] batch.
#[derive(Debug, Clone)]
pub struct AbsorbedGroup {
    /// The group's key id, as a [`Prepared`] event carries it.
    pub id: String,
    /// The key's values, as the stage shows them.
    pub key: Vec<Value>,
    /// The aggregates' states.
    pub accs: Vec<Acc>,
}

/// True when the result of every aggregate of `plan` is the same whatever the order of its
/// events (everything but `first`, `last` and `collect`, which keep the arrival order).
pub fn order_free(plan: &Plan) -> bool {
    plan.aggs
        .iter()
        .all(|agg| !matches!(agg.func, Func::First | Func::Last | Func::Collect(_)))
}

/// A global window's aggregation on a reader thread ([`ReaderAggregate`]).
#[derive(Debug, Clone)]
pub struct GroupAbsorber {
    plan: Plan,
    values: ValueFields,
    /// Reads the `--by` fields of an event that starts a group.
    keys: FieldReader,
    /// Group id → position in `absorbed.groups`.
    index: HashMap<String, usize>,
    absorbed: Absorbed,
    /// Set when a batch had almost as many groups as events: merging those costs the stage as
    /// much as taking the events, so this thread stops aggregating.
    off: bool,
}

impl GroupAbsorber {
    /// The aggregation of a global window with `plan`, whose aggregates are [`order_free`].
    pub fn new(plan: &Plan) -> GroupAbsorber {
        GroupAbsorber {
            plan: plan.clone(),
            values: ValueFields::of(plan),
            keys: FieldReader::new(&plan.keys),
            index: HashMap::default(),
            absorbed: Absorbed::default(),
            off: false,
        }
    }

    /// The shown key of the event `data`.
    fn key_of(&mut self, data: EventData<'_>) -> Vec<Value> {
        match data {
            EventData::Value(root) => self.plan.key_of(root),
            EventData::Text(text) => {
                if self.keys.load_text(text, None).is_none() {
                    // Text the reader validated as an object always loads.
                    return self.plan.key_of(&Value::Null);
                }
                self.plan.key_of(self.keys.partial())
            }
        }
    }
}

impl ReaderAggregate for GroupAbsorber {
    fn absorb(&mut self, prepared: &Prepared, data: EventData<'_>) -> bool {
        if self.off || prepared.flags != 0 {
            return false;
        }
        let at = match self.index.get(prepared.key()) {
            Some(&at) => at,
            None => {
                let key = self.key_of(data);
                let group = AbsorbedGroup {
                    id: prepared.key().to_owned(),
                    key,
                    accs: self.plan.new_accs(),
                };
                self.absorbed.groups.push(group);
                let at = self.absorbed.groups.len() - 1;
                self.index.insert(prepared.key().to_owned(), at);
                at
            }
        };
        let values = prepared.values();
        let group = &mut self.absorbed.groups[at];
        let pick = |agg| self.values.pick(&values, agg);
        self.absorbed.skipped += self.plan.update_with(&mut group.accs, pick, prepared.time, 0);
        // Only a float in the shown key can be refined (`1.0` and `1` are one group).
        if group.key.iter().any(|v| matches!(v, Value::Float(_))) {
            let key = self.key_of(data);
            refine_key(&mut self.absorbed.groups[at].key, &key);
        }
        self.absorbed.events += 1;
        true
    }

    fn take(&mut self) -> Option<Absorbed> {
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

    fn clone_aggregate(&self) -> Box<dyn ReaderAggregate> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::window::aggregates::AggSpec;
    use crate::ops::window::emit::TimeOut;
    use crate::path::Path;

    fn plan(keys: &[&str], aggs: &[&str]) -> Plan {
        Plan {
            kind: "global",
            keys: keys.iter().map(|k| Path::parse(k).unwrap()).collect(),
            key_names: keys.iter().map(|k| k.to_string()).collect(),
            aggs: aggs.iter().map(|a| AggSpec::parse(a).unwrap()).collect(),
            partial: false,
            tsv: false,
            time_out: TimeOut::None,
        }
    }

    fn prepared(key: &str, values: &[Value]) -> Prepared {
        Prepared::new(0, 0, key, values.iter().map(Some)).unwrap()
    }

    #[test]
    fn groups_by_id_and_counts_skipped_values() {
        let plan = plan(&["host"], &["count", "mean:ms"]);
        let mut absorber = GroupAbsorber::new(&plan);
        let lines: [(&str, &[u8], Value); 3] = [
            ("a", br#"{"host":"a","ms":1}"#, Value::Int(1)),
            ("b", br#"{"host":"b","ms":null}"#, Value::Null),
            ("a", br#"{"host":"a","ms":2.5}"#, Value::Float(2.5)),
        ];
        for (id, text, ms) in &lines {
            assert!(absorber.absorb(&prepared(id, std::slice::from_ref(ms)), EventData::Text(text)));
        }
        let absorbed = absorber.take().unwrap();
        assert_eq!((absorbed.events, absorbed.skipped), (3, 1));
        let shown: Vec<String> = absorbed
            .groups
            .iter()
            .map(|g| {
                let results = g.accs.iter().zip(&plan.aggs).map(|(a, s)| a.result(s, None));
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
        let mut absorber = GroupAbsorber::new(&plan);
        let mut root = crate::value::Map::default();
        root.insert("code".into(), Value::Float(1.0));
        assert!(absorber.absorb(&prepared("1", &[]), EventData::Value(&Value::Object(root))));
        assert!(absorber.absorb(&prepared("1", &[]), EventData::Text(br#"{"code":1}"#)));
        let absorbed = absorber.take().unwrap();
        assert_eq!(Value::Array(absorbed.groups[0].key.clone()).to_json(), "[1]");
    }

    #[test]
    fn declines_flagged_events_and_stops_when_groups_do_not_shrink() {
        let plan = plan(&["id"], &["count"]);
        let mut absorber = GroupAbsorber::new(&plan);
        let flagged = Prepared::new(0, 1, "x", std::iter::empty()).unwrap();
        assert!(!absorber.absorb(&flagged, EventData::Text(b"{}")));
        for i in 0..MIN_EVENTS_TO_JUDGE {
            let text = format!(r#"{{"id":{i}}}"#);
            assert!(absorber.absorb(&prepared(&i.to_string(), &[]), EventData::Text(text.as_bytes())));
        }
        assert_eq!(absorber.take().unwrap().groups.len() as u64, MIN_EVENTS_TO_JUDGE);
        assert!(!absorber.absorb(&prepared("0", &[]), EventData::Text(br#"{"id":0}"#)));
    }

    #[test]
    fn order_free_excludes_the_aggregates_that_keep_arrival_order() {
        assert!(order_free(&plan(&[], &["count", "p99:x", "distinct:y", "approx_p50:x"])));
        for agg in ["first:x", "last:x", "collect:x"] {
            assert!(!order_free(&plan(&[], &["count", agg])), "{agg}");
        }
    }
}
