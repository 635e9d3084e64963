//! A file a stage writes events to besides its output (`route`'s branches, `split`'s keys,
//! `tee`'s copy, which empties it once when the run starts): NDJSON (unchanged events as their original bytes), opened by name appending (created if
//! need be), block-buffered, flushed when the input pauses and at the end, closed and opened
//! again by name on SIGHUP.

use std::fs::OpenOptions;
use std::io;
use std::path::PathBuf;

use crate::event::Event;
use crate::output::ndjson::NdjsonWriter;
use crate::output::{OutputStream, Sink};

/// A side file, open or closed; its errors name it (`cannot write out/a.ndjson: …`).
pub struct SideFile {
    path: PathBuf,
    writer: Option<NdjsonWriter>,
}

impl SideFile {
    /// The file at `path`, not opened yet.
    pub fn new(path: impl Into<PathBuf>) -> SideFile {
        SideFile {
            path: path.into(),
            writer: None,
        }
    }

    /// Whether the file is open.
    pub fn is_open(&self) -> bool {
        self.writer.is_some()
    }

    /// Opens the file by its name, appending; `mkdir`: creates its missing directories first.
    pub fn open(&mut self, mkdir: bool) -> io::Result<()> {
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        let file = match options.open(&self.path) {
            Err(e) if mkdir && e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| self.named("create", e))?;
                }
                options.open(&self.path)
            }
            opened => opened,
        }
        .map_err(|e| self.named("create", e))?;
        self.writer = Some(NdjsonWriter::new(OutputStream::new(Box::new(file), false)));
        Ok(())
    }

    /// Flushes and closes the file (a later write needs [`SideFile::open`] again).
    pub fn close(&mut self) -> io::Result<()> {
        let flushed = self.flush();
        self.writer = None;
        flushed
    }

    /// SIGHUP: an open file is closed and opened again by its name (after logrotate moved it).
    pub fn reopen(&mut self) -> io::Result<()> {
        if self.is_open() {
            self.close()?;
            self.open(false)?;
        }
        Ok(())
    }

    /// `e` with the file's name and what was being done.
    fn named(&self, doing: &str, e: io::Error) -> io::Error {
        io::Error::new(
            e.kind(),
            format!("cannot {doing} {}: {e}", self.path.display()),
        )
    }
}

impl Sink for SideFile {
    /// Writes one event; the file must be open.
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let result = match &mut self.writer {
            Some(writer) => writer.write(event),
            None => Err(io::Error::other("the file is closed")),
        };
        result.map_err(|e| self.named("write", e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.writer.as_mut().map_or(Ok(()), |w| w.flush());
        result.map_err(|e| self.named("write", e))
    }
}

impl Drop for SideFile {
    /// A run that stops on an error still leaves what was written so far.
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
