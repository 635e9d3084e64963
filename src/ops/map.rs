//! `map EXPR`: assignments that add, change and remove fields.

use crate::error::{DropReason, Error, Result};
use crate::event::Event;
use crate::expr::{self, Env, Program};
use crate::ops::{BuildContext, Flow, Inputs, Out, Stage, StageArgs};

/// Add, change or remove fields with assignments
///
/// EXPR is a list of assignments `FIELD = EXPRESSION` separated by `;` or newlines, and
/// `del(FIELD, ...)` to remove fields. Later assignments see the results of earlier ones. A field
/// that exists keeps its position; new fields go last. An event on which an assignment fails is
/// dropped, counted and reported with its file and line, and written to `--errors` if given.
///
/// The expressions are those of `filter` (see `eddy filter --help`).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  eddy map 'latency_s = latency_ms / 1000; geo.cc = upper(geo.country)'
  eddy map 'minute = bucket(time(ts), 1m); del(raw)' app.ndjson
  eddy map 'level = status >= 500 ? \"error\" : \"ok\"' then count --by level
  eddy map 'day = format_time(time(ts), \"%Y-%m-%d\", \"Europe/Berlin\")'")]
pub struct Args {
    /// The assignments, e.g. 'x = y * 2; del(tmp)'
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    program: String,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Compiles the program; syntax and name errors are usage errors.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let program = expr::compile_program(&args.program)
        .map_err(|e| Error::Usage(e.in_stage(ctx.index, "map")))?;
    Ok(Box::new(Map { program }))
}

/// The compiled assignments.
struct Map {
    program: Program,
}

impl Stage for Map {
    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let env = Env::new(if self.program.uses_now() { out.now() } else { 0 });
        match self.program.apply(&mut event, &env) {
            Ok(()) => out.emit(event),
            Err(message) => {
                out.drop_event(&event, DropReason::EvalError, message)?;
                Ok(Flow::Continue)
            }
        }
    }
}
