//! `--follow`: reading named files as they grow, as `tail -F` does, without losing or repeating
//! a line when they are rotated.
//!
//! Each file is read to its end, then watched: the reader wakes when its directory changes
//! (inotify, through the `notify` crate) and at least every [`POLL`] (the fallback where no
//! watcher can be had, and a guard against missed events). At each wake-up every file is read
//! on, then checked by its path:
//! - **rename and create** (logrotate's default): the path names another file. The old one is
//!   read to its end, and on for [`RETIRE_AFTER`] in case its writer has not reopened yet; the
//!   new one is read from its start.
//! - **copytruncate and truncation**: the same file is shorter than what was read of it, or its
//!   first bytes changed: it is read again from its start.
//! - **gone**: the open file is read on; a file created later under the name is read from its
//!   start.
//!
//! A line is framed only once it ends: a writer's half-written line waits for its end.

use std::fs::{self, File};
use std::io::{Seek, SeekFrom, Write};
use std::sync::mpsc::{self, SyncSender};
use std::time::{Duration, Instant};

use crate::clock::SharedClock;
use crate::error::Error;
use crate::input::compress::Compression;
use crate::input::position::{FileId, Resume};
use crate::input::{
    DecoderOptions, InputFormat, Message, ReadMode, SourceReader, SourceSpec, budget, source_name,
};
use crate::meter::Role;

/// The longest a followed file goes unchecked.
pub const POLL: Duration = Duration::from_millis(250);

/// How long a file rotated away is still read after the rotation, for lines its writer writes
/// before it reopens the new one.
pub const RETIRE_AFTER: Duration = Duration::from_secs(2);

/// How many reads of one file a turn takes at most, before the other files' turns.
const TURN: usize = 16;

/// Where `--follow` starts reading a file no `--state` knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FollowFrom {
    /// From its start: everything it holds, then what is written to it.
    #[default]
    Start,
    /// From its end: only what is written to it from now on.
    End,
}

/// A followed file: its reader, the readers of the files it was before rotations, for a while.
struct Followed {
    path: String,
    index: usize,
    /// Its name is followed (false for the rest of a file rotated away before the run).
    by_name: bool,
    reader: Option<SourceReader>,
    retiring: Vec<(SourceReader, Instant)>,
}

/// What the reader thread shares with every followed file.
struct Follower<'a> {
    format: Option<InputFormat>,
    options: &'a DecoderOptions,
    clock: SharedClock,
    tx: &'a SyncSender<Message>,
    budget: &'a budget::Budget,
    mode: ReadMode,
    /// The index the next file opened gets.
    next_index: usize,
}

/// Follows `sources` (named files) until the pipeline hangs up: reads each to its end, in
/// order, then whatever is written to any of them, noticing rotations.
#[allow(clippy::too_many_arguments)]
pub fn follow_all(
    sources: Vec<SourceSpec>,
    format: Option<InputFormat>,
    options: &DecoderOptions,
    clock: SharedClock,
    tx: &SyncSender<Message>,
    budget: &budget::Budget,
    mode: ReadMode,
    from: FollowFrom,
) {
    let (wake_tx, wake) = mpsc::channel();
    let _watcher = watch(&sources, wake_tx);
    let mut follower = Follower {
        format,
        options,
        clock,
        tx,
        budget,
        mode,
        next_index: sources.len(),
    };
    let mut files = Vec::with_capacity(sources.len());
    for (index, mut spec) in sources.into_iter().enumerate() {
        if from == FollowFrom::End && spec.resume.is_none() {
            spec.resume = end_of(&spec.name);
        }
        let (path, by_name) = (spec.name.clone(), spec.rotated_from.is_none());
        let reader = match follower.open(spec, index) {
            Ok(reader) => Some(reader),
            Err(e) => {
                let _ = tx.send(Message::SourceFailed(e));
                None
            }
        };
        // The rest of a file rotated away before the run is read as a rotated file is.
        let (reader, retiring) = match reader {
            Some(reader) if !by_name => (None, vec![(reader, Instant::now())]),
            reader => (reader, Vec::new()),
        };
        files.push(Followed {
            path,
            index,
            by_name,
            reader,
            retiring,
        });
    }
    loop {
        let mut read_any = false;
        for file in &mut files {
            match follower.read_on(file) {
                Some(read) => read_any |= read,
                None => return,
            }
        }
        if !read_any {
            // Quiet: wait for a change in a watched directory, or the poll.
            let _ = wake.recv_timeout(POLL);
            while wake.try_recv().is_ok() {}
        }
    }
}

impl Follower<'_> {
    /// Opens a followed file as source `index`.
    fn open(&self, spec: SourceSpec, index: usize) -> Result<SourceReader, Error> {
        let mode = ReadMode {
            track: true,
            ..self.mode
        };
        let mut reader = SourceReader::open_spec(
            spec,
            index,
            self.format,
            self.options,
            self.clock.clone(),
            mode,
        )?;
        reader.following = true;
        Ok(reader)
    }

    /// Reads what `file` (and the files it was) hold now, then checks its path for a rotation.
    /// Returns whether anything was read, `None` when the pipeline hung up.
    fn read_on(&mut self, file: &mut Followed) -> Option<bool> {
        let mut read_any = false;
        for (reader, _) in &mut file.retiring {
            read_any |= self.drain(reader)?;
        }
        // Read one last time above, a file rotated away long enough ago is let go.
        let now = Instant::now();
        file.retiring
            .retain(|(_, since)| now < *since + RETIRE_AFTER);
        if let Some(reader) = &mut file.reader {
            read_any |= self.drain(reader)?;
        }
        if !read_any {
            self.check(file);
        }
        Some(read_any)
    }

    /// Sends the batches `reader` has now; whether there were any, `None` when the pipeline
    /// hung up. A read error is reported and the file is read no more.
    fn drain(&self, reader: &mut SourceReader) -> Option<bool> {
        let mut read_any = false;
        let mut busy = self.options.meter.stopwatch(Role::Reader);
        // A file written faster than it is read takes its turn with the others.
        for _ in 0..TURN {
            match reader.next_held(self.budget, &mut busy) {
                Ok(Some(batch)) => {
                    read_any = true;
                    if busy.wait(|| self.tx.send(Message::Batch(batch)).is_err()) {
                        return None;
                    }
                }
                Ok(None) => return Some(read_any),
                Err(e) => {
                    reader.done = true;
                    self.tx.send(Message::SourceFailed(e)).ok()?;
                    return Some(read_any);
                }
            }
        }
        Some(read_any)
    }

    /// Checks `file`'s path: another file under it now (rotated), or the same file shorter or
    /// with other first bytes (truncated), or a file where there was none.
    fn check(&mut self, file: &mut Followed) {
        if !file.by_name {
            return;
        }
        let Ok(mut opened) = File::open(&file.path) else {
            return; // Gone for now: the open file is read on.
        };
        let id = FileId::of(&opened);
        let current = file.reader.as_ref().and_then(|r| r.tracking.as_ref());
        let change = match current {
            None => Some(Change::Appeared),
            Some(t) if t.id != id => Some(Change::Rotated),
            Some(t) => {
                // Read through a second handle of the file just opened: the path may name yet
                // another file by now.
                let mut head = opened
                    .try_clone()
                    .ok()
                    .and_then(|f| super::compress::wrap(Box::new(f)).ok());
                // A compressed file's length on disk is not the length read of it.
                let plain = head.as_ref().is_some_and(|(_, c)| *c == Compression::None);
                let shorter = plain && opened.metadata().is_ok_and(|m| m.len() < t.framed);
                let rewritten = head
                    .as_mut()
                    .is_some_and(|(r, _)| !t.fingerprint.matches(r).unwrap_or(true));
                (shorter || rewritten).then_some(Change::Truncated)
            }
        };
        let Some(change) = change else {
            return;
        };
        if opened.seek(SeekFrom::Start(0)).is_err() {
            return;
        }
        let spec = SourceSpec {
            name: file.path.clone(),
            file: Some(opened),
            resume: None,
            rotated_from: None,
        };
        let index = match change {
            // The same file from its start again: what was read of it is gone.
            Change::Truncated => {
                let shown = source_name(&file.path);
                let note = "truncated; reading it again from its start";
                let _ = writeln!(std::io::stderr().lock(), "eddy: {shown}: {note}");
                file.index
            }
            Change::Appeared | Change::Rotated => {
                self.next_index += 1;
                self.next_index - 1
            }
        };
        match self.open(spec, index) {
            Ok(reader) => {
                if let Some(old) = file.reader.replace(reader)
                    && change == Change::Rotated
                {
                    file.retiring.push((old, Instant::now()));
                }
                file.index = index;
            }
            Err(e) => {
                let _ = self.tx.send(Message::SourceFailed(e));
            }
        }
    }
}

/// What a check of a followed file's path found ([`Follower::check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// A file where there was none.
    Appeared,
    /// Another file under the name.
    Rotated,
    /// The same file, shorter or with other first bytes.
    Truncated,
}

/// Where `--follow-from end` starts file `name`: after its last whole line, with the lines
/// before it counted (so line numbers stay true) and the first 64 KiB as its prelude (a CSV
/// header). `None` when it cannot be read (it is then read from its start).
fn end_of(name: &str) -> Option<Resume> {
    use std::io::Read;
    const PRELUDE: usize = 64 << 10;
    let mut file = File::open(name).ok()?;
    let (mut offset, mut lines, mut prelude) = (0u64, 0u64, 0u64);
    let mut buf = vec![0u8; 256 << 10];
    let mut read = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        for newline in memchr::memchr_iter(b'\n', &buf[..n]) {
            lines += 1;
            offset = read + newline as u64 + 1;
            if offset <= PRELUDE as u64 {
                prelude = offset;
            }
        }
        read += n as u64;
    }
    Some(Resume {
        offset,
        line: lines,
        prelude,
        format: None,
        skipping: false,
    })
}

/// Watches the directories of `sources` and sends on `wake` when anything in them changes;
/// `None` (polling alone) where no watcher can be had.
fn watch(sources: &[SourceSpec], wake: mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    // Reads (eddy's own among them: every check opens the files) are no change: waking on
    // them would make the watcher wake itself for ever.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if !event.is_ok_and(|e| matches!(e.kind, notify::EventKind::Access(_))) {
            let _ = wake.send(());
        }
    })
    .ok()?;
    for spec in sources {
        let path = std::path::Path::new(&spec.name);
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        let _ = watcher.watch(&dir, notify::RecursiveMode::NonRecursive);
    }
    Some(watcher)
}
