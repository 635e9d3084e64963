//! `drop FIELDS`: remove the named fields.

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::path::Path;

/// What `eddy drop --help` and eddy-drop(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "two top-level fields removed",
        "eddy drop user,tags events.ndjson",
    ),
    Example::new(
        "a nested field and a name with a dash removed",
        "eddy drop 'req.headers,`user-agent`' then head 5 events.ndjson",
    ),
];

/// Remove the named fields
///
/// FIELDS is one operand: field paths separated by commas (`drop debug,req.headers`), as in
/// xsv. Paths may be nested; the other fields keep their order. Missing fields are ignored, and
/// an event that holds none of them is written unchanged (its original bytes). Paths are
/// removed left to right, so `drop tags[0],tags[0]` removes the first two elements. Stateless.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Comma-separated field paths to remove
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
    let paths = ctx.paths("drop", &args.fields)?;
    Ok(Box::new(DropFields { paths }))
}

/// Removes `paths` from each event.
struct DropFields {
    paths: Vec<Path>,
}

impl Stage for DropFields {
    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        for path in &self.paths {
            // Look before touching: an event without the field stays pristine.
            if event.get(path).is_some() {
                path.remove(event.value_mut());
            }
        }
        out.emit(event)
    }
}
