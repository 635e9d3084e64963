//! What a window stage does with a late record or a bad timestamp (`--late`, `--on-bad-time`,
//! C3 and C4), and the side file a `file:PATH` policy writes. The file is created (truncated) by
//! [`Policy::open`], which the pipeline calls once every stage of the chain is built
//! ([`crate::ops::Stage::open`]): an invalid later stage leaves no file behind.

use std::fs::File;
use std::io::BufWriter;

use crate::diag::RecordFile;
use crate::error::{Error, Result, UsageError};
use crate::event::Event;

use super::options::PolicyChoice;

/// Where records go that a policy sends to a file (`--late file:`, `--on-bad-time file:`).
pub struct PolicyFile {
    path: String,
    /// `None` until [`PolicyFile::open`].
    writer: Option<RecordFile<BufWriter<File>>>,
    /// A write failed: the run fails with that error, and nothing may claim the lines written.
    failed: bool,
}

impl PolicyFile {
    /// Creates (truncates) the file, so an empty file means "none", or with `append` (a run
    /// resumed from `--state`) appends to it. Failing is a usage error (as a bad option is:
    /// nothing was read yet).
    fn open(&mut self, append: bool) -> Result<()> {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(&self.path)
            .map_err(|e| UsageError::new(format!("{}: {e}", self.path)))?;
        self.writer = Some(RecordFile::new(BufWriter::new(f)));
        Ok(())
    }

    /// Flushes the file and opens it again by name, appending (SIGHUP, after logrotate).
    fn reopen(&mut self) -> Result<()> {
        if self.writer.is_none() {
            return Ok(());
        }
        self.flush()?;
        let f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::runtime(format!("{}: {e}", self.path)))?;
        self.writer = Some(RecordFile::new(BufWriter::new(f)));
        Ok(())
    }

    /// Appends the record `event` was read from, byte for byte with its own line end (as
    /// `--errors` does); an event made by an earlier stage is written as its JSON text.
    pub fn write_record(&mut self, event: &Event) -> Result<()> {
        let Some(writer) = &mut self.writer else {
            return Err(Error::runtime(format!(
                "internal error: {} was not opened",
                self.path
            )));
        };
        let written = writer.write_record(&event.side_file_bytes(), event.ending().bytes());
        self.failed |= written.is_err();
        written.map_err(|e| Error::runtime(format!("{}: {e}", self.path)))
    }

    /// Flushes to disk.
    fn flush(&mut self) -> Result<()> {
        let Some(writer) = &mut self.writer else {
            return Ok(());
        };
        let flushed = writer.flush();
        self.failed |= flushed.is_err();
        flushed.map_err(|e| Error::runtime(format!("{}: {e}", self.path)))
    }

    /// Whether every line given was written (no write or flush failed).
    pub fn intact(&self) -> bool {
        !self.failed
    }

    /// The file name.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// What happens to a late record or a bad timestamp.
pub enum Policy {
    /// Count and report (skip / drop).
    Drop,
    /// Write the original line to a file.
    File(PolicyFile),
    /// Stop with exit status 3.
    Fail,
}

impl From<PolicyChoice> for Policy {
    fn from(choice: PolicyChoice) -> Policy {
        match choice {
            PolicyChoice::Drop => Policy::Drop,
            PolicyChoice::File(path) => Policy::File(PolicyFile {
                path,
                writer: None,
                failed: false,
            }),
            PolicyChoice::Fail => Policy::Fail,
        }
    }
}

impl Policy {
    /// Creates the side file, if the policy has one.
    pub fn open(&mut self, append: bool) -> Result<()> {
        match self {
            Policy::File(f) => f.open(append),
            Policy::Drop | Policy::Fail => Ok(()),
        }
    }

    /// Opens the side file again, if the policy has one ([`crate::ops::Stage::reopen`]).
    pub fn reopen(&mut self) -> Result<()> {
        match self {
            Policy::File(f) => f.reopen(),
            Policy::Drop | Policy::Fail => Ok(()),
        }
    }

    /// Flushes the side file, if the policy has one.
    pub fn flush(&mut self) -> Result<()> {
        match self {
            Policy::File(f) => f.flush(),
            Policy::Drop | Policy::Fail => Ok(()),
        }
    }
}
