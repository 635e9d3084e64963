//! `tee FILE`: copy the stream so far to a file and pass it on.

use std::fs::{File, OpenOptions};
use std::io;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::ops::side::SideFile;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::output::Sink;

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
    let failed = |e: io::Error| Error::runtime(format!("stage {} (tee): {e}", ctx.index));
    let mut file = SideFile::new(&args.file);
    file.open(false).map_err(failed)?;
    // Only a regular file can be emptied (a device such as /dev/full cannot).
    let to_truncate = match std::fs::metadata(&args.file) {
        Ok(m) if m.is_file() => Some(OpenOptions::new().write(true).open(&args.file).map_err(
            |e| {
                failed(io::Error::new(
                    e.kind(),
                    format!("cannot create {}: {e}", args.file),
                ))
            },
        )?),
        _ => None,
    };
    Ok(Box::new(Tee {
        file,
        to_truncate,
        name: args.file,
        index: ctx.index,
    }))
}

/// Writes a copy of each event to its file (appending: the file is emptied once, at the start).
struct Tee {
    file: SideFile,
    /// The file, until it has been emptied at the start of the run.
    to_truncate: Option<File>,
    name: String,
    index: usize,
}

impl Tee {
    /// Empties the file the first time the run touches this stage.
    fn start(&mut self) -> Result<()> {
        if let Some(file) = self.to_truncate.take() {
            file.set_len(0).map_err(|e| {
                self.failed(io::Error::new(
                    e.kind(),
                    format!("cannot write {}: {e}", self.name),
                ))
            })?;
        }
        Ok(())
    }

    /// A failure of the file, which names it: a runtime failure (never the quiet exit of a
    /// closed stdout).
    fn failed(&self, e: io::Error) -> Error {
        Error::runtime(format!("stage {} (tee): {e}", self.index))
    }
}

impl Stage for Tee {
    fn files_written(&self) -> Vec<std::path::PathBuf> {
        vec![self.name.clone().into()]
    }

    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        self.start()?;
        if let Err(e) = self.file.write(&event) {
            // Settled before the run fails, so that `--stats` still adds up.
            out.absorbed(1);
            return Err(self.failed(e));
        }
        out.emit(event)
    }

    fn finish(&mut self, _out: &mut Out<'_>) -> Result<()> {
        self.start()?;
        self.file.flush().map_err(|e| self.failed(e))
    }

    fn flush(&mut self) -> Result<()> {
        self.start()?;
        self.file.flush().map_err(|e| self.failed(e))
    }

    fn open(&mut self, append: bool) -> Result<()> {
        if append {
            // A run resumed from `--state` goes on with the copy the earlier runs made.
            self.to_truncate = None;
        }
        Ok(())
    }

    fn reopen(&mut self) -> Result<()> {
        self.start()?;
        self.file.reopen().map_err(|e| self.failed(e))
    }
}
