//! `head N`: the first N events, then stop reading input.

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Flow, Inputs, Out, Stage, StageArgs};

/// Keep the first N events, then stop reading input
///
/// Once N events have passed, eddy stops reading: `eddy head 1 huge.ndjson` returns at once,
/// and so does `yes '{"a":1}' | eddy head 2`. `head 0` reads no input at all.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  eddy head 10 app.ndjson                      the first ten events
  eddy filter 'status >= 500' then head 1      the first server error, then stop")]
pub struct Args {
    /// How many events to keep
    #[arg(value_name = "N")]
    count: u64,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage.
pub fn build(args: Args, _ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    Ok(Box::new(Head {
        remaining: args.count,
    }))
}

/// Passes events on while `remaining` is positive.
struct Head {
    remaining: u64,
}

impl Stage for Head {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if self.remaining == 0 {
            out.filtered();
            return Ok(Flow::Stop);
        }
        self.remaining -= 1;
        let flow = out.emit(event)?;
        Ok(if self.remaining == 0 {
            Flow::Stop
        } else {
            flow
        })
    }

    fn wants_input(&self) -> bool {
        self.remaining > 0
    }
}
