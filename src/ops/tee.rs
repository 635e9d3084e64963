//! `tee FILE`: copy the stream so far to a file and pass it on.

use std::fs::{File, OpenOptions};
use std::io;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::output::ndjson::NdjsonWriter;
use crate::output::{OutputStream, Sink};

/// What `eddy tee --help` and eddy-tee(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "a copy of the server errors, counted by host",
        "eddy filter 'status >= 500' then tee errors.ndjson then count --by host access.ndjson",
    ),
    Example::new(
        "a raw copy of a live log, and its times and messages",
        "tail -F events.ndjson | eddy tee raw-copy.ndjson then select ts,msg",
    ),
];

/// Copy the stream so far to a file and pass it on
///
/// Writes every event that reaches this stage to OUTFILE as NDJSON (whatever `--to` says;
/// unchanged events as their original bytes) and passes it on unchanged. OUTFILE is created
/// before any input is read and emptied when the run starts (a usage error anywhere on the
/// command line leaves an existing OUTFILE as it was); it is flushed whenever the input pauses
/// and at the end. An OUTFILE that is also an input file, or written by another `tee`, a
/// `route` or `--errors`, is refused. Stateless.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to write the copy to
    #[arg(value_name = "OUTFILE", value_hint = clap::ValueHint::FilePath)]
    file: String,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage: creates the file (emptied when the run starts).
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    // Any input of the run counts, not only the files after this stage's operands.
    if crate::input::is_input_file(std::path::Path::new(&args.file), &ctx.inputs) {
        return Err(ctx
            .usage(
                "tee",
                format!(
                    "`{}` is also an input file: tee would truncate it",
                    args.file
                ),
            )
            .into());
    }
    // Created now, so an unwritable OUTFILE fails before any input is read; emptied only when
    // the run starts, so a usage error in a later stage leaves an existing file as it was.
    let cannot_create = |e: io::Error| {
        Error::runtime(format!(
            "stage {} (tee): cannot create {}: {e}",
            ctx.index, args.file
        ))
    };
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&args.file)
        .map_err(cannot_create)?;
    // Only a regular file can be emptied (a device such as /dev/full cannot).
    let to_truncate = match file.metadata() {
        Ok(m) if m.is_file() => Some(file.try_clone().map_err(cannot_create)?),
        _ => None,
    };
    let stream = OutputStream::new(Box::new(file), false);
    Ok(Box::new(Tee {
        writer: NdjsonWriter::new(stream),
        to_truncate,
        name: args.file,
        index: ctx.index,
    }))
}

/// Writes a copy of each event to its file.
struct Tee {
    writer: NdjsonWriter,
    /// The file, until it has been emptied at the start of the run.
    to_truncate: Option<File>,
    name: String,
    index: usize,
}

impl Tee {
    /// Empties the file the first time the run touches this stage.
    fn start(&mut self) -> Result<()> {
        if let Some(file) = self.to_truncate.take() {
            file.set_len(0).map_err(|e| self.failed(e))?;
        }
        Ok(())
    }

    /// Writes to the file by its name from now on, appending (creating it if need be).
    fn open_appending(&mut self) -> Result<()> {
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.name)
            .map_err(|e| self.failed(e))?;
        self.writer = NdjsonWriter::new(OutputStream::new(Box::new(file), false));
        Ok(())
    }

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
    fn files_written(&self) -> Vec<std::path::PathBuf> {
        vec![self.name.clone().into()]
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        self.start()?;
        if let Err(e) = self.writer.write(&event) {
            // Settled before the run fails, so that `--stats` still adds up.
            out.absorbed(1);
            return Err(self.failed(e));
        }
        out.emit(event)
    }

    fn finish(&mut self, _out: &mut Out<'_>) -> Result<()> {
        self.start()?;
        self.writer.finish().map_err(|e| self.failed(e))
    }

    fn flush(&mut self) -> Result<()> {
        self.start()?;
        self.writer.flush().map_err(|e| self.failed(e))
    }

    fn open(&mut self, append: bool) -> Result<()> {
        if append {
            // A run resumed from `--state` goes on with the copy the earlier runs made.
            self.to_truncate = None;
            self.open_appending()?;
        }
        Ok(())
    }

    fn reopen(&mut self) -> Result<()> {
        self.flush()?;
        self.open_appending()
    }
}
