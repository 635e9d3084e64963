//! `rename OLD=NEW[,OLD=NEW...]`: rename fields, keeping their position.

use crate::error::{DropReason, Result};
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::path::{Path, Segment, split_top_level};
use crate::value::{Map, Value};

/// What `eddy rename --help` and eddy-rename(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "two fields, in place",
        "eddy rename msg=message,level=severity events.ndjson",
    ),
    Example::new(
        "a name with a dash to a plain one",
        "eddy rename '`user-agent`=ua' events.ndjson",
    ),
    Example::new(
        "a field moved into a nested object",
        "eddy rename host=server.name access.ndjson",
    ),
];

/// Rename fields, keeping their position
///
/// PAIRS is one operand: `OLD=NEW` pairs separated by commas, as in xsv. Both sides are field
/// paths. A field renamed within its object keeps its position there; renamed into another
/// object (`rename geo_cc=geo.country`) it is moved and goes last there. When NEW already
/// exists, the renamed value replaces it. Events without OLD pass unchanged. Pairs apply left
/// to right, like successive rename stages (so `a=b,b=a` does not swap). A NEW path that
/// cannot be made (a string in the way) is an evaluation error: the event is dropped and
/// reported. Stateless.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Comma-separated OLD=NEW pairs of field paths
    #[arg(value_name = "PAIRS")]
    pairs: String,
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
    let text = &args.pairs;
    let column = |offset: usize| text.get(..offset).map_or(offset, |s| s.chars().count());
    let mut pairs = Vec::new();
    for (offset, pair) in split_top_level(text, b',') {
        let sides = split_top_level(pair, b'=');
        let [(_, old), (new_at, new)] = sides[..] else {
            return Err(ctx
                .usage("rename", format!("expected OLD=NEW, found `{pair}`"))
                .with_snippet(text, column(offset))
                .into());
        };
        let parse = |side: &str, at: usize| {
            Path::parse(side).map_err(|mut e| {
                e.offset += offset + at;
                ctx.usage("rename", e.to_string())
                    .with_snippet(text, column(e.offset))
            })
        };
        pairs.push((parse(old, 0)?, parse(new, new_at)?));
    }
    Ok(Box::new(Rename { pairs }))
}

/// Renames `old` to `new` for each pair, in order.
struct Rename {
    pairs: Vec<(Path, Path)>,
}

impl Stage for Rename {
    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        for (old, new) in &self.pairs {
            if let Err(message) = rename(&mut event, old, new) {
                out.drop_event(&event, DropReason::EvalError, message)?;
                return Ok(Flow::Continue);
            }
        }
        out.emit(event)
    }
}

/// Renames one field of the event; nothing happens when `old` is missing.
fn rename(event: &mut Event, old: &Path, new: &Path) -> Result<(), String> {
    let Some(at) = old.locate(event.value()) else {
        return Ok(());
    };
    let (from, to) = (at.segments(), new.segments());
    if from == to {
        return Ok(());
    }
    // Same parent object, a key on both sides: rename in place.
    if let ([parent @ .., Segment::Key(old_key)], [new_parent @ .., Segment::Key(new_key)]) =
        (from, to)
        && parent == new_parent
    {
        let map =
            object_at(event.value_mut(), parent).ok_or_else(|| format!("cannot rename `{old}`"))?;
        rename_key(map, old_key, new_key);
        return Ok(());
    }
    let value = at.remove(event.value_mut()).unwrap_or(Value::Null);
    new.set(event.value_mut(), value)
}

/// The object at a concrete path (from [`Path::locate`]).
fn object_at<'a>(mut cur: &'a mut Value, segments: &[Segment]) -> Option<&'a mut Map> {
    for seg in segments {
        cur = match (seg, cur) {
            (Segment::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Segment::Index(i), Value::Array(items)) => items.get_mut(usize::try_from(*i).ok()?)?,
            _ => return None,
        };
    }
    match cur {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Renames `old` to `new` in place; an existing `new` is replaced (its entry removed).
fn rename_key(map: &mut Map, old: &str, new: &str) {
    if map.contains_key(new) {
        map.shift_remove(new);
    }
    let Some((index, _, value)) = map.shift_remove_full(old) else {
        return;
    };
    map.shift_insert(index, new.to_owned(), value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::json;

    fn run(pairs: &[(&str, &str)], json: &str) -> Result<String, String> {
        let v = json::parse(json.as_bytes()).unwrap();
        let mut e = Event::from_input(v, json.as_bytes(), true, Location::default(), 0);
        for (old, new) in pairs {
            rename(
                &mut e,
                &Path::parse(old).unwrap(),
                &Path::parse(new).unwrap(),
            )?;
        }
        Ok(e.value().to_json())
    }

    #[test]
    fn keeps_position() {
        assert_eq!(
            run(&[("b", "x")], r#"{"a":1,"b":2,"c":3}"#).unwrap(),
            r#"{"a":1,"x":2,"c":3}"#
        );
        assert_eq!(
            run(&[("g.b", "g.x")], r#"{"g":{"a":1,"b":2,"c":3}}"#).unwrap(),
            r#"{"g":{"a":1,"x":2,"c":3}}"#
        );
    }

    #[test]
    fn replaces_an_existing_target() {
        assert_eq!(
            run(&[("c", "a")], r#"{"a":1,"b":2,"c":3}"#).unwrap(),
            r#"{"b":2,"a":3}"#
        );
        assert_eq!(
            run(&[("a", "c")], r#"{"a":1,"b":2,"c":3}"#).unwrap(),
            r#"{"c":1,"b":2}"#
        );
    }

    #[test]
    fn moves_across_objects_and_finds_dotted_keys() {
        assert_eq!(
            run(
                &[("cc", "geo.country")],
                r#"{"cc":"DE","geo":{"city":"B"}}"#
            )
            .unwrap(),
            r#"{"geo":{"city":"B","country":"DE"}}"#
        );
        assert_eq!(
            run(&[("id.orig_h", "src")], r#"{"ts":1,"id.orig_h":"h","z":0}"#).unwrap(),
            r#"{"ts":1,"src":"h","z":0}"#
        );
    }

    #[test]
    fn missing_is_a_no_op_and_conflicts_are_errors() {
        assert_eq!(run(&[("nope", "x")], r#"{"a":1}"#).unwrap(), r#"{"a":1}"#);
        assert!(run(&[("a", "s.x")], r#"{"a":1,"s":"str"}"#).is_err());
    }
}
