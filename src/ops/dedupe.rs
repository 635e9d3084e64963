//! `dedupe [--by KEY,...] [--within DUR | --last N]`: drop repeats, with bounded memory.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use jiff::tz::TimeZone;

use crate::error::{DropReason, Result};
use crate::event::Event;
use crate::ops::by::{self, Key, KeyOf, Keys};
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs, state};
use crate::path::Path;
use crate::time::{TimeFormat, parse_duration, parse_time_zone, parse_timestamp};
use crate::value::{Map, Value, canonical_json};

/// How many keys `dedupe` remembers when neither `--within` nor `--last` is given.
const DEFAULT_LAST: usize = 1_000_000;

/// What `eddy dedupe --help` and eddy-dedupe(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "exact repeats of whole events dropped",
        "eddy dedupe events.ndjson",
    ),
    Example::new(
        "one event per user and level per 10 minutes",
        "eddy dedupe --by user,level --within 10m events.ndjson",
    ),
    Example::new(
        "the same, in event time",
        "eddy dedupe --by user,level --within 10m --time-field ts events.ndjson",
    ),
    Example::new(
        "paths forgotten after 100000 other paths",
        "eddy dedupe --by path --last 100000 access.ndjson",
    ),
    Example::new(
        "one event per user, in any case",
        "eddy dedupe --by 'lower(user)' events.ndjson",
    ),
];

/// Drop repeated events, with bounded memory
///
/// The key of an event is the values of the `--by` keys (field paths, a missing field counting as
/// null, or expressions, as `window --by` takes them), or the whole event without `--by`. An
/// event on which a key expression fails is dropped as an evaluation error. Values compare as `==` does: `1` and `1.0` are the same, key
/// order inside objects does not matter. The first event with a key passes; repeats are counted
/// as filtered.
///
/// Memory is bounded. `--last N` remembers the N most recently seen keys (a repeat makes its key
/// recent again; the least recently seen key is forgotten first), so it drops repeats that come
/// within N distinct keys of each other. `--within DUR` drops a repeat less than DUR after the
/// first occurrence of its key; a key is forgotten once an event DUR after its first
/// occurrence is seen, so memory holds the keys of the last DUR. Time is the event's
/// `--time-field` (event time; an event whose timestamp is missing or bad is dropped and
/// reported), or without it the instant eddy read the event (processing time). Without
/// either option: `--last 1000000`. Each remembered key holds the canonical JSON of its values.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Comma-separated keys forming the key: field paths, or expressions (`lower(user)`: a key
    /// with one of `()+*/%<>=!?:&|"` is one) (default: the whole event)
    #[arg(long, value_name = "KEY,...", value_parser = by::parse)]
    by: Option<Keys>,
    /// Drop repeats less than DUR after the first occurrence of their key (e.g. 5m)
    #[arg(long, value_name = "DUR", conflicts_with = "last")]
    within: Option<String>,
    /// Remember the N most recently seen keys [default: 1000000]
    #[arg(long, value_name = "N")]
    last: Option<usize>,
    /// Measure --within in event time: the timestamp at this field path
    #[arg(long, value_name = "PATH", requires = "within")]
    time_field: Option<String>,
    /// How --time-field is written: auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns,
    /// strptime:FMT
    #[arg(long, value_name = "FMT", requires = "time_field")]
    time_format: Option<String>,
    /// Time zone of --time-field values without an offset [default: UTC]
    #[arg(long, value_name = "ZONE", requires = "time_field")]
    tz: Option<String>,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let by = args.by.map(|Keys(keys)| By {
        paths: by::paths(&keys),
        keys,
    });
    let clock = match &args.time_field {
        None => TimeSource::Arrival,
        Some(text) => {
            let mut field = ctx.paths("dedupe", text)?;
            if field.len() != 1 {
                return Err(ctx
                    .usage(
                        "dedupe",
                        format!("--time-field takes one field, got `{text}`"),
                    )
                    .into());
            }
            let format = match &args.time_format {
                Some(f) => f
                    .parse::<TimeFormat>()
                    .map_err(|e| ctx.usage("dedupe", e))?,
                None => TimeFormat::Auto,
            };
            let tz = match &args.tz {
                Some(z) => parse_time_zone(z).map_err(|e| ctx.usage("dedupe", e))?,
                None => TimeZone::UTC,
            };
            TimeSource::Field {
                field: field.remove(0),
                format,
                tz,
            }
        }
    };
    let seen = match (&args.within, args.last) {
        (Some(text), _) => {
            let window = parse_duration(text).map_err(|e| ctx.usage("dedupe", e))?;
            if window <= 0 {
                return Err(ctx
                    .usage("dedupe", format!("--within must be positive, got `{text}`"))
                    .into());
            }
            Seen::Within(Within::new(window), clock)
        }
        (None, last) => {
            let last = last.unwrap_or(DEFAULT_LAST);
            if last == 0 {
                return Err(ctx.usage("dedupe", "--last must be at least 1").into());
            }
            Seen::Last(Lru::new(last))
        }
    };
    Ok(Box::new(Dedupe { by, seen }))
}

/// Where `--within` reads the time of an event.
enum TimeSource {
    /// The instant the event was read (processing time).
    Arrival,
    /// The event's own timestamp (event time).
    Field {
        field: Path,
        format: TimeFormat,
        tz: TimeZone,
    },
}

impl TimeSource {
    fn time_of(&self, event: &Event) -> Result<i64, String> {
        match self {
            TimeSource::Arrival => Ok(event.arrival()),
            TimeSource::Field { field, format, tz } => {
                let value = event.field(field);
                parse_timestamp(value.as_deref().unwrap_or(&Value::Null), format, tz)
                    .map_err(|e| format!("bad timestamp in `{field}`: {e}"))
            }
        }
    }
}

/// Passes the first event of each key.
struct Dedupe {
    by: Option<By>,
    seen: Seen,
}

/// The memory of keys seen.
enum Seen {
    /// `--last N`.
    Last(Lru),
    /// `--within DUR`, with where the time of an event comes from.
    Within(Within, TimeSource),
}

impl Dedupe {
    /// The options that shape what the stage holds between runs.
    fn settings(&self) -> Value {
        let mut m = Map::default();
        let by = self.by.as_ref().map_or(Value::Null, |by| {
            let keys = by.keys.iter().map(|key| match &key.of {
                KeyOf::Path(path) => Value::from(path.to_string()),
                KeyOf::Expr(_, text) => Value::from(format!("{}={text}", key.name)),
            });
            Value::Array(keys.collect())
        });
        m.insert("by".into(), by);
        match &self.seen {
            Seen::Last(lru) => {
                m.insert("last".into(), state::count(lru.capacity));
            }
            Seen::Within(within, source) => {
                m.insert("within".into(), Value::Int(within.window));
                let time = match source {
                    TimeSource::Arrival => Value::Null,
                    TimeSource::Field { field, .. } => Value::from(field.to_string()),
                };
                m.insert("time_field".into(), time);
            }
        }
        Value::Object(m)
    }
}

/// The `--by` keys.
struct By {
    keys: Vec<Key>,
    /// Their paths, when they are all field paths: read without parsing an event whole.
    paths: Option<Vec<Path>>,
}

/// The event's key: canonical JSON of the `--by` values (comma-separated) or of the event;
/// `Err` when a key expression failed. `now` reads the clock for `now()`.
fn key_of(by: Option<&By>, event: &Event, now: impl Fn() -> i64) -> Result<String, String> {
    let Some(by) = by else {
        return Ok(canonical_json(event.value()));
    };
    let mut key = String::new();
    let mut push = |i: usize, value: Option<&Value>| {
        if i > 0 {
            key.push(',');
        }
        key.push_str(&value.map_or_else(|| "null".to_owned(), canonical_json));
    };
    match &by.paths {
        Some(paths) => {
            for (i, path) in paths.iter().enumerate() {
                push(i, event.field(path).as_deref());
            }
        }
        None => {
            let values = by::values(&by.keys, event.value(), event, now)?;
            for (i, value) in values.iter().enumerate() {
                push(i, Some(value));
            }
        }
    }
    Ok(key)
}

impl Stage for Dedupe {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let key = match key_of(self.by.as_ref(), &event, || out.now()) {
            Ok(key) => key,
            Err(message) => {
                out.drop_event(&event, DropReason::EvalError, message)?;
                return Ok(Flow::Continue);
            }
        };
        let repeat = match &mut self.seen {
            Seen::Last(lru) => lru.check(&key),
            Seen::Within(within, clock) => match clock.time_of(&event) {
                Ok(at) => within.check(&key, at),
                Err(message) => {
                    out.drop_event(&event, DropReason::BadTime, message)?;
                    return Ok(Flow::Continue);
                }
            },
        };
        if repeat {
            out.filtered();
            return Ok(Flow::Continue);
        }
        out.emit(event)
    }

    /// The keys remembered: for `--last`, from the least to the most recently seen; for
    /// `--within`, each with the instant of its first occurrence, and the latest instant seen.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame("dedupe", self.settings());
        match &self.seen {
            Seen::Last(lru) => {
                let keys = lru.oldest_first().map(Value::from);
                m.insert("keys".into(), Value::Array(keys.collect()));
            }
            Seen::Within(within, _) => {
                let mut keys: Vec<(i64, &Arc<str>)> =
                    within.first.iter().map(|(k, t)| (*t, k)).collect();
                keys.sort_unstable();
                let keys = keys
                    .into_iter()
                    .map(|(t, k)| Value::Array(vec![Value::from(&**k), Value::Int(t)]));
                m.insert("keys".into(), Value::Array(keys.collect()));
                m.insert("latest".into(), Value::Int(within.latest));
            }
        }
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, "dedupe", &self.settings())?;
        let keys = f.list("keys")?;
        match &mut self.seen {
            Seen::Last(lru) => {
                if keys.len() > lru.capacity {
                    return Err(f.damaged(format!("more than --last {} keys", lru.capacity)));
                }
                let keys = keys.iter().map(|k| k.str()).collect::<Result<Vec<_>>>()?;
                let mut restored = Lru::new(lru.capacity);
                for key in keys {
                    if restored.check(key) {
                        return Err(f.damaged(format!("the key {key} twice")));
                    }
                }
                *lru = restored;
            }
            Seen::Within(within, _) => {
                let mut restored = Within::new(within.window);
                restored.latest = f.get("latest")?.int()?;
                for item in keys {
                    let pair: Vec<state::Field<'_>> = item.items()?.collect();
                    let [key, t0] = pair.as_slice() else {
                        return Err(item.damaged("not a [key, instant] pair"));
                    };
                    let key: Arc<str> = Arc::from(key.str()?);
                    let t0 = t0.int()?;
                    if restored.first.insert(key.clone(), t0).is_some() {
                        return Err(item.damaged("a key twice"));
                    }
                    restored.expiry.push(Reverse((t0, key)));
                }
                *within = restored;
            }
        }
        Ok(())
    }

    fn stats(&self) -> Option<Value> {
        let held = match &self.seen {
            Seen::Last(lru) => lru.len(),
            Seen::Within(within, _) => within.len(),
        };
        let mut m = Map::default();
        m.insert("keys_held".into(), Value::Int(held as i64));
        Some(Value::Object(m))
    }
}

const NIL: usize = usize::MAX;

/// A set of at most `capacity` keys that forgets the least recently seen one first.
///
/// The recency list is doubly linked through indexes into `nodes`, so every operation is O(1).
struct Lru {
    capacity: usize,
    index: HashMap<Arc<str>, usize>,
    nodes: Vec<Node>,
    /// The most recently seen node.
    newest: usize,
    /// The least recently seen node: forgotten first.
    oldest: usize,
}

struct Node {
    key: Arc<str>,
    newer: usize,
    older: usize,
}

impl Lru {
    fn new(capacity: usize) -> Lru {
        Lru {
            capacity,
            index: HashMap::new(),
            nodes: Vec::new(),
            newest: NIL,
            oldest: NIL,
        }
    }

    fn len(&self) -> usize {
        self.index.len()
    }

    /// True when `key` was remembered; either way it is now the most recent key.
    fn check(&mut self, key: &str) -> bool {
        if let Some(&n) = self.index.get(key) {
            self.unlink(n);
            self.link_newest(n);
            return true;
        }
        let key: Arc<str> = Arc::from(key);
        let n = if self.nodes.len() < self.capacity {
            self.nodes.push(Node {
                key: key.clone(),
                newer: NIL,
                older: NIL,
            });
            self.nodes.len() - 1
        } else {
            // Reuse the slot of the oldest key.
            let n = self.oldest;
            self.unlink(n);
            let old = std::mem::replace(&mut self.nodes[n].key, key.clone());
            self.index.remove(&old);
            n
        };
        self.index.insert(key, n);
        self.link_newest(n);
        false
    }

    /// The keys from the least to the most recently seen.
    fn oldest_first(&self) -> impl Iterator<Item = &str> {
        let mut n = self.oldest;
        std::iter::from_fn(move || {
            let node = self.nodes.get(n)?;
            n = node.newer;
            Some(&*node.key)
        })
    }

    fn unlink(&mut self, n: usize) {
        let (newer, older) = (self.nodes[n].newer, self.nodes[n].older);
        match newer {
            NIL => self.newest = older,
            m => self.nodes[m].older = older,
        }
        match older {
            NIL => self.oldest = newer,
            m => self.nodes[m].newer = newer,
        }
    }

    fn link_newest(&mut self, n: usize) {
        self.nodes[n].newer = NIL;
        self.nodes[n].older = self.newest;
        match self.newest {
            NIL => self.oldest = n,
            m => self.nodes[m].newer = n,
        }
        self.newest = n;
    }
}

/// The `--within` memory: keys with the instant of their first occurrence, forgotten `window`
/// after it.
struct Within {
    window: i64,
    first: HashMap<Arc<str>, i64>,
    /// First occurrences, earliest on top, for expiry.
    expiry: BinaryHeap<Reverse<(i64, Arc<str>)>>,
    /// The latest instant seen: keys whose first occurrence is `window` before it are forgotten.
    latest: i64,
}

impl Within {
    fn new(window: i64) -> Within {
        Within {
            window,
            first: HashMap::new(),
            expiry: BinaryHeap::new(),
            latest: i64::MIN,
        }
    }

    fn len(&self) -> usize {
        self.first.len()
    }

    /// True when `key` first occurred less than `window` away from `at`.
    fn check(&mut self, key: &str, at: i64) -> bool {
        self.latest = self.latest.max(at);
        while let Some(Reverse((t0, _))) = self.expiry.peek() {
            if t0.saturating_add(self.window) > self.latest {
                break;
            }
            if let Some(Reverse((_, k))) = self.expiry.pop() {
                self.first.remove(&k);
            }
        }
        if let Some(&t0) = self.first.get(key) {
            // Out-of-order instants: an event up to `window` before the first one is a repeat
            // too. One further back passes and leaves the remembered occurrence as it was.
            return at.abs_diff(t0) < self.window.unsigned_abs();
        }
        let key: Arc<str> = Arc::from(key);
        self.first.insert(key.clone(), at);
        self.expiry.push(Reverse((at, key)));
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lru_forgets_the_least_recently_seen() {
        let mut lru = Lru::new(2);
        assert!(!lru.check("a"));
        assert!(!lru.check("b"));
        assert!(lru.check("a")); // a is now the most recent
        assert!(!lru.check("c")); // forgets b
        assert_eq!(lru.len(), 2);
        assert!(lru.check("a"));
        assert!(!lru.check("b")); // forgets c
        assert!(!lru.check("c")); // forgets a
        assert!(!lru.check("a"));
    }

    #[test]
    fn lru_of_one() {
        let mut lru = Lru::new(1);
        assert!(!lru.check("a"));
        assert!(lru.check("a"));
        assert!(!lru.check("b"));
        assert!(!lru.check("a"));
        assert_eq!(lru.len(), 1);
    }

    #[test]
    fn lru_matches_a_naive_model() {
        // Deterministic pseudo-random keys against a Vec-based model.
        let mut lru = Lru::new(5);
        let mut model: Vec<String> = Vec::new();
        let mut x: u64 = 7;
        for _ in 0..2000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = ((x >> 33) % 9).to_string();
            let expected = if let Some(p) = model.iter().position(|k| *k == key) {
                model.remove(p);
                true
            } else {
                if model.len() == 5 {
                    model.remove(0);
                }
                false
            };
            model.push(key.clone());
            assert_eq!(lru.check(&key), expected, "key {key}");
            assert_eq!(lru.len(), model.len());
        }
    }

    #[test]
    fn window_drops_repeats_within_and_expires() {
        let mut w = Within::new(10);
        assert!(!w.check("a", 0));
        assert!(w.check("a", 9));
        assert!(!w.check("b", 9));
        assert!(!w.check("a", 10)); // 10 after the first: a new first occurrence
        assert!(w.check("a", 15));
        assert!(w.check("b", 18));
        assert!(!w.check("c", 30)); // forgets a and b
        assert_eq!(w.len(), 1);
        assert!(!w.check("b", 30));
    }

    #[test]
    fn window_with_out_of_order_instants() {
        let mut w = Within::new(10);
        assert!(!w.check("a", 100));
        assert!(w.check("a", 95));
        assert!(!w.check("a", 80));
        assert_eq!(w.len(), 1);
    }

    proptest::proptest! {
        /// With times in order, forgetting expired keys never changes a decision: the bounded
        /// memory answers as an unbounded map of first occurrences would.
        #[test]
        fn within_matches_an_unbounded_model(
            steps in proptest::collection::vec((0u8..6, 0i64..8), 0..200),
            window in 1i64..20,
        ) {
            let mut within = Within::new(window);
            let mut model: HashMap<String, i64> = HashMap::new();
            let mut now = 0;
            for (key, gap) in steps {
                now += gap;
                let key = key.to_string();
                let expected = match model.get(&key) {
                    Some(&t0) if now - t0 < window => true,
                    _ => {
                        model.insert(key.clone(), now);
                        false
                    }
                };
                proptest::prop_assert_eq!(within.check(&key, now), expected);
                proptest::prop_assert!(within.len() <= model.len());
            }
        }
    }
}
