//! `unnest FIELD`: one event per element of an array field.

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::path::Path;
use crate::value::Value;

/// What `eddy unnest --help` and eddy-unnest(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new("one event per tag", "eddy unnest tags events.ndjson"),
    Example::new(
        "events per tag",
        "eddy unnest tags then count --by tags events.ndjson",
    ),
];

/// One event per element of an array field
///
/// Each element replaces the array in a copy of the event, at the same position:
/// `{"id":1,"tags":["a","b"]}` becomes `{"id":1,"tags":"a"}` and `{"id":1,"tags":"b"}`. An
/// empty array gives no event (counted as filtered). An event whose field is missing, null or
/// not an array passes unchanged. Stateless.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Field path of the array
    #[arg(value_name = "FIELD")]
    field: String,
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
    let mut paths = ctx.paths("unnest", &args.field)?;
    if paths.len() != 1 {
        return Err(ctx
            .usage(
                "unnest",
                format!("expected one field, got `{}`", args.field),
            )
            .into());
    }
    Ok(Box::new(Unnest {
        field: paths.remove(0),
    }))
}

/// Fans each array field out into one event per element.
struct Unnest {
    field: Path,
}

impl Stage for Unnest {
    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let Some(at) = self.field.locate(event.value()) else {
            return out.emit(event);
        };
        let items = match at.get(event.value()) {
            Some(Value::Array(items)) if items.is_empty() => {
                out.filtered();
                return Ok(Flow::Continue);
            }
            // A copy, so the field is replaced in place (removing it would move it last).
            Some(Value::Array(items)) => items.clone(),
            _ => return out.emit(event),
        };
        // The event is replaced by the events made of it, one per element.
        out.absorbed(1);
        let last = items.len() - 1;
        for (i, item) in items.into_iter().enumerate() {
            let mut copy = if i == last {
                std::mem::replace(&mut event, Event::created(Value::Null))
            } else {
                event.clone()
            };
            at.set(copy.value_mut(), item)
                .map_err(crate::error::Error::runtime)?;
            if out.emit_made(copy)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }
}
