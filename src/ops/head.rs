//! `head N`: the first N events, then stop reading input.

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs, state};
use crate::value::Value;

/// What `eddy head --help` and eddy-head(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new("the first ten events", "eddy head 10 events.ndjson"),
    Example::new(
        "the first server error, then stop reading",
        "eddy filter 'status >= 500' then head 1 access.ndjson",
    ),
];

/// Keep the first N events, then stop reading input
///
/// Once N events have passed, eddy stops reading: `eddy head 1 huge.ndjson` returns at once,
/// and so does `yes '{"a":1}' | eddy head 2`. `head 0` reads no input at all.
#[derive(Debug, clap::Args)]
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
        count: args.count,
        remaining: args.count,
    }))
}

/// Passes events on while `remaining` is positive.
struct Head {
    /// N.
    count: u64,
    remaining: u64,
}

impl Head {
    /// The options that shape what the stage holds between runs.
    fn settings(&self) -> Value {
        Value::Array(vec![state::count(self.count)])
    }
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

    /// How many events passed: `head N` passes N over all runs.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame("head", self.settings());
        m.insert("passed".into(), state::count(self.count - self.remaining));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, "head", &self.settings())?;
        let passed = f.get("passed")?;
        self.remaining = (self.count.checked_sub(passed.count()?))
            .ok_or_else(|| passed.damaged(format!("more than {}", self.count)))?;
        Ok(())
    }
}
