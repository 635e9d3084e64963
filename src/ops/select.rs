//! `select FIELDS`: keep only the named fields, in the order given.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::error::Result;
use crate::event::{Event, FieldReader};
use crate::ops::{
    BuildContext, Example, Flow, Inputs, Out, Pushdown, ReaderStep, Stage, StageArgs, Stepped,
};
use crate::path::{Path, Segment};
use crate::scan::SpanSet;
use crate::splice;
use crate::value::{Map, Value, map_with_capacity};

/// What `eddy select --help` and eddy-select(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "three fields, in this order",
        "eddy select ts,host,status access.ndjson",
    ),
    Example::new(
        "a nested field and a name with a dash",
        "eddy select 'ts,geo.country,`user-agent`' events.ndjson",
    ),
    Example::new(
        "the time and message of each error",
        r#"eddy filter 'level == "error"' then select ts,msg events.ndjson"#,
    ),
];

/// Keep only the named fields, in the order given
///
/// FIELDS is one operand: field paths separated by commas (`ts,host,geo.country`), as in xsv;
/// quote it when a path has spaces. A nested path gives nested output: `select geo.country`
/// writes `{"geo":{"country":"DE"}}`. Fields missing from an event are left out (no null is
/// invented); an event with none of them becomes `{}`. Array elements keep their order in the
/// array, without gaps: `select tags[-1]` writes `{"tags":["last"]}`. An event that already
/// holds exactly the fields, in that order, is written unchanged (its original bytes). On NDJSON
/// events that no stage has changed, the kept values keep their original text (`1.50` stays
/// `1.50`). Stateless.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Comma-separated field paths to keep
    #[arg(value_name = "FIELDS")]
    fields: String,
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
    let paths = ctx.paths("select", &args.fields)?;
    let simple = paths
        .iter()
        .map(|p| match p.segments() {
            [Segment::Key(k)] => Some(k.clone()),
            _ => None,
        })
        .collect::<Option<Vec<String>>>();
    let projector = simple
        .as_ref()
        .map(|_| Projector::new(FieldReader::new(&paths)));
    Ok(Box::new(Select {
        paths,
        simple,
        projector,
    }))
}

/// Projects each event onto `paths`.
struct Select {
    paths: Vec<Path>,
    /// The top-level names when every path is one plain key (the common, fast case).
    simple: Option<Vec<String>>,
    /// Finds the simple names in the text of pristine events, to project the text.
    projector: Option<Projector>,
}

impl Stage for Select {
    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if let Some(projector) = &mut self.projector
            && let Some(text) = event.json_text()
            && let Some(projected) = projector.project(text, None)
        {
            if let Some(text) = projected {
                event.replace_text(text);
            }
            return out.emit(event);
        }
        if let Some(names) = &self.simple {
            if let Some(map) = event.value().as_object()
                && already_selected(map, names)
            {
                return out.emit(event);
            }
            let mut source = std::mem::take(event.object_mut());
            let mut kept = map_with_capacity(names.len());
            for name in names {
                if let Some(v) = source.swap_remove(name) {
                    kept.insert(name.clone(), v);
                }
            }
            *event.value_mut() = Value::Object(kept);
            return out.emit(event);
        }
        let mut pick = Pick::parts();
        for path in &self.paths {
            if let Some(found) = path.locate(event.value()) {
                pick.add(found.segments());
            }
        }
        let projected = match pick.project(event.value()) {
            Value::Object(map) => Value::Object(map),
            _ => Value::Object(Map::default()),
        };
        *event.value_mut() = projected;
        out.emit(event)
    }

    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        let projector = self.projector.clone()?;
        Some(Pushdown::Edit(Box::new(SelectStep { projector })))
    }
}

/// `select` of plain names on a reader thread.
#[derive(Debug, Clone)]
struct SelectStep {
    projector: Projector,
}

impl ReaderStep for SelectStep {
    fn apply(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Stepped> {
        let text = self.projector.project(text, spans)?;
        Some(Stepped { text, spans: None })
    }

    fn field_reader(&self) -> Option<&FieldReader> {
        Some(&self.projector.fields)
    }

    fn clone_step(&self) -> Box<dyn ReaderStep> {
        Box::new(self.clone())
    }
}

/// Projects pristine events' JSON text onto top-level keys.
#[derive(Debug, Clone)]
struct Projector {
    /// Finds the keys.
    fields: FieldReader,
    /// Each key's [`splice::member_prefix`].
    prefixes: Vec<Box<[u8]>>,
}

impl Projector {
    fn new(fields: FieldReader) -> Projector {
        let prefixes = fields
            .keys()
            .iter()
            .map(|key| splice::member_prefix(key))
            .collect();
        Projector { fields, prefixes }
    }

    /// Projects `text` ([`splice::project`]; `spans`: where the reader found the keys, if it
    /// did): `None` when the text cannot be projected (not an object, or a key occurs twice),
    /// `Some(None)` when it already holds exactly those keys in that order (the event is
    /// written unchanged).
    fn project(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Option<Vec<u8>>> {
        let layout = self.fields.locate_text(text, spans)?;
        if layout.repeated {
            return None;
        }
        let fields = &self.fields;
        let picks: Vec<(&[u8], crate::scan::Span)> = (self.prefixes.iter().enumerate())
            .filter_map(|(index, prefix)| Some((&prefix[..], fields.found(index)?)))
            .collect();
        let in_order = picks.windows(2).all(|w| w[0].1.start < w[1].1.start);
        if in_order && picks.len() == layout.members {
            return Some(None);
        }
        let mut projected = Vec::with_capacity(text.len().min(256));
        splice::project(text, &picks, &mut projected);
        Some(Some(projected))
    }
}

/// True when `map` holds exactly the present ones of `names`, in that order.
fn already_selected(map: &Map, names: &[String]) -> bool {
    let mut keys = map.keys();
    let mut seen = 0;
    for name in names {
        if map.contains_key(name) {
            if keys.next() != Some(name) {
                return false;
            }
            seen += 1;
        }
    }
    seen == map.len()
}

/// The shape of a selection: which keys (in selection order) and which array positions (in
/// array order) to keep, down to the values kept whole.
#[derive(Debug)]
enum Pick {
    Whole,
    Parts {
        keys: IndexMap<String, Pick>,
        items: BTreeMap<usize, Pick>,
    },
}

impl Pick {
    fn parts() -> Pick {
        Pick::Parts {
            keys: IndexMap::new(),
            items: BTreeMap::new(),
        }
    }

    /// Adds one concrete path (from [`Path::locate`]).
    fn add(&mut self, segments: &[Segment]) {
        let Pick::Parts { keys, items } = self else {
            return;
        };
        let Some((first, rest)) = segments.split_first() else {
            *self = Pick::Whole;
            return;
        };
        let child = match first {
            Segment::Key(k) => keys.entry(k.clone()).or_insert_with(Pick::parts),
            Segment::Index(i) => items
                .entry(usize::try_from(*i).unwrap_or(0))
                .or_insert_with(Pick::parts),
        };
        child.add(rest);
    }

    fn project(&self, value: &Value) -> Value {
        let Pick::Parts { keys, items } = self else {
            return value.clone();
        };
        match value {
            Value::Object(map) => Value::Object(
                keys.iter()
                    .filter_map(|(k, pick)| map.get(k).map(|v| (k.clone(), pick.project(v))))
                    .collect(),
            ),
            Value::Array(array) => Value::Array(
                items
                    .iter()
                    .filter_map(|(&i, pick)| array.get(i).map(|v| pick.project(v)))
                    .collect(),
            ),
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn select(fields: &str, json: &str) -> String {
        let v = json::parse(json.as_bytes()).unwrap();
        let mut pick = Pick::parts();
        for p in Path::parse_list(fields).unwrap() {
            if let Some(found) = p.locate(&v) {
                pick.add(found.segments());
            }
        }
        pick.project(&v).to_json()
    }

    #[test]
    fn projects_in_the_order_given_with_nesting() {
        let doc = r#"{"ts":1,"host":"a","geo":{"country":"DE","city":"B"},"x":0}"#;
        assert_eq!(
            select("geo.country,ts,missing", doc),
            r#"{"geo":{"country":"DE"},"ts":1}"#
        );
        assert_eq!(
            select("geo.city,host,geo.country", doc),
            r#"{"geo":{"city":"B","country":"DE"},"host":"a"}"#
        );
        assert_eq!(
            select("geo.city,geo", doc),
            r#"{"geo":{"country":"DE","city":"B"}}"#
        );
    }

    #[test]
    fn arrays_keep_their_order_without_gaps() {
        let doc = r#"{"tags":["x","y","z"],"r":[{"a":1,"b":2},{"a":3}]}"#;
        assert_eq!(select("tags[-1],tags[0]", doc), r#"{"tags":["x","z"]}"#);
        assert_eq!(select("r[1].a,r[0].b", doc), r#"{"r":[{"b":2},{"a":3}]}"#);
    }

    #[test]
    fn dotted_literal_keys_stay_literal() {
        let doc = r#"{"id.orig_h":"10.0.0.1","ts":2}"#;
        assert_eq!(select("id.orig_h", doc), r#"{"id.orig_h":"10.0.0.1"}"#);
    }

    #[test]
    fn unchanged_detection() {
        let map = json::parse(br#"{"a":1,"b":2}"#).unwrap();
        let map = map.as_object().unwrap();
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(already_selected(map, &names(&["a", "b"])));
        assert!(already_selected(map, &names(&["a", "c", "b"])));
        assert!(!already_selected(map, &names(&["b", "a"])));
        assert!(!already_selected(map, &names(&["a"])));
        assert!(!already_selected(map, &names(&["a", "b", "a"])));
    }
}
