//! `tee FILE`: copy the stream so far to a file and pass it on.

use std::fs::File;
use std::io;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::ops::{BuildContext, Flow, Inputs, Out, Stage, StageArgs};
use crate::output::ndjson::NdjsonWriter;
use crate::output::{OutputStream, Sink};

/// Copy the stream so far to a file and pass it on
///
/// Writes every event that reaches this stage to OUTFILE as NDJSON (whatever `--to` says;
/// unchanged events as their original bytes) and passes it on unchanged. OUTFILE is created, or
/// truncated, before any input is read; it is flushed whenever the input pauses and at the end.
/// An OUTFILE that is also an input file is refused. Stateless.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  eddy filter 'status >= 500' then tee errors.ndjson then count --by host
  tail -F app.ndjson | eddy tee raw-copy.ndjson then select ts,msg")]
pub struct Args {
    /// The file to write the copy to
    #[arg(value_name = "OUTFILE")]
    file: String,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage: creates (truncates) the file.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    if let Ok(target) = std::fs::canonicalize(&args.file) {
        for input in &args.input.files {
            if std::fs::canonicalize(input).is_ok_and(|p| p == target) {
                return Err(ctx
                    .usage(
                        "tee",
                        format!("`{}` is also an input file: tee would truncate it", args.file),
                    )
                    .into());
            }
        }
    }
    let file = File::create(&args.file).map_err(|e| {
        Error::runtime(format!(
            "stage {} (tee): cannot create {}: {e}",
            ctx.index, args.file
        ))
    })?;
    let stream = OutputStream::new(Box::new(file), false);
    Ok(Box::new(Tee {
        writer: NdjsonWriter::new(stream),
        name: args.file,
        index: ctx.index,
    }))
}

/// Writes a copy of each event to its file.
struct Tee {
    writer: NdjsonWriter,
    name: String,
    index: usize,
}

impl Tee {
    /// A write error on the file: a runtime failure (never the quiet exit of a closed stdout).
    fn failed(&self, e: io::Error) -> Error {
        Error::runtime(format!(
            "stage {} (tee): cannot write {}: {e}",
            self.index, self.name
        ))
    }
}

impl Drop for Tee {
    /// A run that stops on an error still leaves what was copied so far.
    fn drop(&mut self) {
        let _ = self.writer.flush();
    }
}

impl Stage for Tee {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if let Err(e) = self.writer.write(&event) {
            return Err(self.failed(e));
        }
        out.emit(event)
    }

    fn finish(&mut self, _out: &mut Out<'_>) -> Result<()> {
        self.writer.finish().map_err(|e| self.failed(e))
    }

    fn flush(&mut self) -> Result<()> {
        self.writer.flush().map_err(|e| self.failed(e))
    }
}
