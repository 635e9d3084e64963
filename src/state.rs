//! `--state FILE`: incremental runs, for cron. A run resumes where the last one with the same
//! state file stopped, and saves at its end, atomically, where it read each input file to and
//! what every stage still holds (open windows, the watermark, a dedupe memory, a `tail`
//! buffer). The format is versioned and documented in the README ("cron").
//!
//! Files are known by device, inode and a fingerprint of their first bytes, not by name
//! ([`crate::input::position`]): a log renamed by rotation is found under its new name, in the
//! directory of its old one, and its rest is read before the new log; a log truncated in place
//! (copytruncate) is read again from its start, after the rest of its copy.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::cli::GlobalArgs;
use crate::error::{Error, Result};
use crate::input::compress::{self, Compression};
use crate::input::position::{FileId, Fingerprint, Resume, SourcePosition};
use crate::input::transport::{At, Positions};
use crate::input::{InputFormat, SourceSpec};
use crate::ops::StageCommand;
use crate::value::{Map, Value};

/// The version of the state file's format.
const FORMAT: i64 = 1;

/// What the state file says about one input file.
#[derive(Debug, Clone)]
struct SavedInput {
    name: String,
    id: Option<FileId>,
    fingerprint: Fingerprint,
    resume: Resume,
}

/// A state file, locked for the run.
pub struct StateFile {
    path: PathBuf,
    /// Held for the whole run: a second run on the same state file waits for none, it fails.
    _lock: File,
    /// What the last run saved (none at the first run or with `--state-reset`).
    inputs: Vec<SavedInput>,
    stages: Vec<Option<Value>>,
    /// A transport source's: the last position processed of each of its sources.
    transport: Positions,
    /// The identity of the pipeline the run is for.
    pipeline: String,
    /// The command line, for the message when another pipeline finds the file.
    command: String,
}

/// The sources of a run, planned from the state: which files, opened, from where.
pub struct Plan {
    /// The sources in reading order: each named file, preceded by the rest of a file that was
    /// rotated away since the last run.
    pub sources: Vec<SourceSpec>,
    /// Where each source stands before anything is read (what is saved for a source the run
    /// does not get to).
    pub positions: Vec<Option<SourcePosition>>,
}

/// The identity of a pipeline: its stages with their arguments as parsed (so `--size 60s` and
/// `--size 1m` are one pipeline), the input format and the decoders' options, not the files nor
/// the options that change how the run goes but not what it computes (`--threads`, `--stats`).
pub fn pipeline_identity(global: &GlobalArgs, stages: &[StageCommand]) -> String {
    let mut text = String::new();
    for stage in stages {
        let mut shown = format!("{stage:?}");
        let files = crate::ops::Inputs {
            files: stage.files().to_vec(),
        };
        shown = shown.replacen(
            &format!("{files:?}"),
            &format!("{:?}", crate::ops::Inputs::default()),
            1,
        );
        text.push_str(&shown);
        text.push('\n');
    }
    let options = global.decoder_options();
    text.push_str(&format!(
        "from={:?} delimiter={:?} no_header={} no_infer={} nulls={:?} ragged={} year={:?} max={}",
        global.from,
        options.delimiter,
        options.no_header,
        options.no_infer,
        options.nulls,
        options.allow_ragged,
        options.year,
        options.max_record(),
    ));
    // Only when given, so that the identity of runs without them stays what it was.
    if let Some(field) = &global.with_filename {
        text.push_str(&format!(" with_filename={field:?}"));
    }
    if let Some(m) = &options.multiline {
        text.push_str(&format!(
            " multiline={:?} lines={} bytes={}",
            m.start.as_str(),
            m.max_lines,
            m.max_bytes
        ));
    }
    format!("{:016x}", Fingerprint::of_all(text.as_bytes()))
}

impl StateFile {
    /// Locks and reads the state file at `path` for a run of `pipeline` (its identity) started as
    /// `command`; `reset` ignores what it holds. A file of another pipeline, another format
    /// version, or damaged, is an error (status 3).
    pub fn open(path: &Path, reset: bool, pipeline: String, command: String) -> Result<StateFile> {
        let fail = |what: String| Error::runtime(format!("--state {}: {what}", path.display()));
        let lock_path = lock_path(path);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| fail(format!("cannot create {}: {e}", lock_path.display())))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(fail("another eddy run is using this state file".into()));
            }
            Err(fs::TryLockError::Error(e)) => return Err(fail(format!("cannot lock: {e}"))),
        }
        let mut state = StateFile {
            path: path.to_owned(),
            _lock: lock,
            inputs: Vec::new(),
            stages: Vec::new(),
            transport: Positions::new(),
            pipeline,
            command,
        };
        if reset {
            return Ok(state);
        }
        let text = match fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(state),
            Err(e) => return Err(fail(format!("cannot read: {e}"))),
        };
        state.load(&text).map_err(|what| {
            fail(format!(
                "{what}; --state-reset starts over (reading every input from its start)"
            ))
        })?;
        Ok(state)
    }

    /// Takes what a saved file says, checking it whole first.
    fn load(&mut self, text: &[u8]) -> std::result::Result<(), String> {
        let damaged = |what: &str| format!("the state file is damaged ({what})");
        // The stages' states hold values up to 127 levels deep (the input's limit) a few levels
        // down: the file may be nested deeper than an input line.
        let value = crate::json::parse_nested(text, u8::MAX).map_err(|e| damaged(e.message()))?;
        let Value::Object(mut root) = value else {
            return Err(damaged("not a JSON object"));
        };
        let checksum = match root.shift_remove("checksum") {
            Some(Value::Str(sum)) => sum,
            _ => return Err(damaged("no checksum")),
        };
        let body = Value::Object(root);
        if checksum != checksum_of(&body) {
            return Err(damaged("its checksum does not match its contents"));
        }
        let Value::Object(root) = body else {
            unreachable!("an object")
        };
        match root.get("eddy_state") {
            Some(Value::Int(FORMAT)) => {}
            Some(Value::Int(v)) => {
                return Err(format!(
                    "the state file has format version {v}; this eddy reads version {FORMAT}"
                ));
            }
            _ => return Err("not an eddy state file".into()),
        }
        if root.get("pipeline").and_then(Value::as_str) != Some(self.pipeline.as_str()) {
            let by = root.get("command").and_then(Value::as_str).unwrap_or("?");
            return Err(format!(
                "the state file belongs to another pipeline (saved by `{by}`); use another state \
                 file for this one"
            ));
        }
        let inputs = match root.get("inputs") {
            Some(Value::Array(items)) => items,
            _ => return Err(damaged("no inputs")),
        };
        self.inputs = inputs
            .iter()
            .map(saved_input)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| damaged("an input entry"))?;
        self.stages = match root.get("stages") {
            Some(Value::Array(stages)) => stages
                .iter()
                .map(|s| (!matches!(s, Value::Null)).then(|| s.clone()))
                .collect(),
            _ => return Err(damaged("no stages")),
        };
        // Absent from the files of runs over files.
        if let Some(transport) = root.get("transport") {
            self.transport = saved_positions(transport).ok_or_else(|| damaged("transport"))?;
        }
        Ok(())
    }

    /// True when an earlier run saved this state: the run goes on from it.
    pub fn resumes(&self) -> bool {
        !self.inputs.is_empty() || !self.stages.is_empty() || !self.transport.is_empty()
    }

    /// The transport positions the last checkpoint saved (empty at the first run).
    pub fn transport_positions(&mut self) -> Positions {
        std::mem::take(&mut self.transport)
    }

    /// What the last run saved of each stage (`None` for a stage that held nothing); empty at
    /// the first run.
    pub fn stage_states(&mut self) -> Vec<Option<Value>> {
        std::mem::take(&mut self.stages)
    }

    /// Plans the run's sources, the named `files`: where each resumes, and the rest of a file
    /// rotated away since the last run, read before the file that took its name. Says on
    /// stderr what it cannot account for (a file read last time that is gone).
    pub fn plan(&self, files: &[String]) -> Result<Plan> {
        let mut opened = Vec::with_capacity(files.len());
        // Files that exist but cannot be opened now (no permission, no file descriptors left):
        // what the last run saved of them is kept as it is, for a run that can read them.
        let mut unreadable = Vec::with_capacity(files.len());
        for name in files {
            let file = match name.as_str() {
                "-" => Ok(None),
                _ => File::open(name).map(Some),
            };
            unreadable.push(
                file.as_ref()
                    .is_err_and(|e| e.kind() != io::ErrorKind::NotFound),
            );
            let file = file.ok().flatten();
            let id = file.as_ref().and_then(FileId::of);
            opened.push((name, file, id));
        }
        let mut matched = vec![false; self.inputs.len()];
        let mut found = Vec::with_capacity(files.len());
        for ((name, file, id), unreadable) in opened.iter_mut().zip(unreadable) {
            let saved = match file.as_mut() {
                Some(file) => self.inputs.iter().enumerate().position(|(i, saved)| {
                    !matched[i] && saved.id.is_some() && saved.id == *id && still_holds(file, saved)
                }),
                None if unreadable => self
                    .inputs
                    .iter()
                    .enumerate()
                    .position(|(i, saved)| !matched[i] && saved.name == **name),
                None => None,
            };
            if let Some(i) = saved {
                matched[i] = true;
            }
            found.push(saved);
        }
        // The saved files no named file is: rotated away (renamed, or copied and truncated).
        // The rest of each is read before the named file that took its name (else first).
        let mut rotated: Vec<Vec<(SourceSpec, &SavedInput)>> =
            (0..files.len()).map(|_| Vec::new()).collect();
        for (i, saved) in self.inputs.iter().enumerate() {
            if matched[i] {
                continue;
            }
            match find_rotated(saved, files) {
                Some((path, file)) => {
                    let before = files.iter().position(|f| *f == saved.name).unwrap_or(0);
                    let spec = SourceSpec {
                        name: path,
                        file: Some(file),
                        resume: Some(saved.resume.clone()),
                        rotated_from: Some(saved.name.clone()),
                    };
                    rotated[before].push((spec, saved));
                }
                None if files.contains(&saved.name) => {
                    let _ = writeln!(
                        io::stderr().lock(),
                        "eddy: {}: not the file read last time, which is gone (moved out of its \
                         directory or compressed): what was written to it after the last run, \
                         if anything, is not read",
                        saved.name
                    );
                }
                None => {}
            }
        }
        let mut plan = Plan {
            sources: Vec::new(),
            positions: Vec::new(),
        };
        for (((name, file, _), found), rotated) in opened.into_iter().zip(found).zip(rotated) {
            for (spec, saved) in rotated {
                plan.positions
                    .push(Some(position_of(plan.sources.len(), saved)));
                plan.sources.push(spec);
            }
            let saved = found.map(|i| &self.inputs[i]);
            plan.positions
                .push(saved.map(|saved| position_of(plan.sources.len(), saved)));
            plan.sources.push(SourceSpec {
                name: name.clone(),
                file,
                resume: saved.map(|saved| saved.resume.clone()),
                rotated_from: None,
            });
        }
        Ok(plan)
    }

    /// Saves the state atomically (a temporary file beside it, synced, renamed over it):
    /// where each source was read to (files, or a transport's sources) and each stage's state.
    pub fn save(
        &self,
        positions: &[Option<SourcePosition>],
        transport: &Positions,
        stages: Vec<Option<Value>>,
        final_run: bool,
    ) -> Result<()> {
        let mut root = Map::default();
        root.insert("eddy_state".into(), Value::Int(FORMAT));
        root.insert("eddy".into(), Value::from(env!("CARGO_PKG_VERSION")));
        root.insert("pipeline".into(), Value::from(self.pipeline.as_str()));
        root.insert("command".into(), Value::from(self.command.as_str()));
        root.insert("final".into(), Value::Bool(final_run));
        let mut inputs: Vec<Value> = Vec::new();
        for position in positions.iter().flatten() {
            if position.id.is_some() {
                inputs.push(input_value(position));
            }
        }
        root.insert("inputs".into(), Value::Array(inputs));
        if !transport.is_empty() {
            root.insert("transport".into(), positions_value(transport));
        }
        let stages = stages
            .into_iter()
            .map(|s| s.unwrap_or(Value::Null))
            .collect();
        root.insert("stages".into(), Value::Array(stages));
        let body = Value::Object(root);
        let checksum = checksum_of(&body);
        let Value::Object(mut root) = body else {
            unreachable!("an object")
        };
        root.insert("checksum".into(), Value::Str(checksum));
        let mut text = Value::Object(root).to_json();
        text.push('\n');
        write_atomically(&self.path, text.as_bytes()).map_err(|e| {
            Error::runtime(format!("--state {}: cannot save: {e}", self.path.display()))
        })
    }
}

/// The lock file beside a state file: `FILE.lock`.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The checksum of a state file's body: FNV-1a of its JSON text, in hex.
fn checksum_of(body: &Value) -> String {
    format!("{:016x}", Fingerprint::of_all(body.to_json().as_bytes()))
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one whole.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".tmp.{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let written = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
        return written;
    }
    // The rename itself is durable once the directory is synced.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// True when the open `file` still starts with the bytes `saved` fingerprinted and is at least
/// as long as it was read: the same file, grown or not (not truncated and written again).
fn still_holds(file: &mut File, saved: &SavedInput) -> bool {
    use std::io::{Seek, SeekFrom};
    let holds = (|| -> io::Result<bool> {
        file.seek(SeekFrom::Start(0))?;
        let (mut reader, compression) = compress::wrap(Box::new(file.try_clone()?))?;
        if !saved.fingerprint.matches(&mut reader)? {
            return Ok(false);
        }
        if compression == Compression::None {
            return Ok(file.metadata()?.len() >= saved.resume.offset);
        }
        // A compressed file's length after decompression is known only by decompressing it.
        let rest = saved
            .resume
            .offset
            .saturating_sub(u64::from(saved.fingerprint.len));
        let skipped = io::copy(&mut reader.take(rest), &mut io::sink())?;
        Ok(skipped == rest)
    })();
    let _ = file.seek(SeekFrom::Start(0));
    holds.unwrap_or(false)
}

/// The file a saved input became, if it is still in its directory under another name (not one
/// of the named `files`): the same inode, else (copytruncate's copy) the same first bytes, and at
/// least as long as it was read.
fn find_rotated(saved: &SavedInput, files: &[String]) -> Option<(String, File)> {
    let old = Path::new(&saved.name);
    let dir = old
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Not a named file, and not the file under its own name: one no longer named was not
    // rotated, it is just not read.
    let mut skipped: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| fs::canonicalize(f).ok())
        .collect();
    skipped.extend(fs::canonicalize(old).ok());
    let mut candidates: Vec<(bool, std::time::SystemTime, String, File)> = Vec::new();
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_file())
            || fs::canonicalize(&path).is_ok_and(|p| skipped.contains(&p))
        {
            continue;
        }
        let Ok(mut file) = File::open(&path) else {
            continue;
        };
        let same_inode = saved.id.is_some() && FileId::of(&file) == saved.id;
        if still_holds(&mut file, saved) {
            let shown = if dir == Path::new(".") && old.parent() != Some(Path::new(".")) {
                path.strip_prefix("./").unwrap_or(&path).to_owned()
            } else {
                path.clone()
            };
            let modified = file
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            let shown = shown.to_string_lossy().into_owned();
            candidates.push((same_inode, modified, shown, file));
        }
    }
    // The renamed file itself before a copy of it; of copies with the same first bytes (a CSV
    // header), the one written last: the latest rotation.
    candidates
        .sort_by_key(|(same_inode, modified, _, _)| (!*same_inode, std::cmp::Reverse(*modified)));
    candidates
        .into_iter()
        .next()
        .map(|(_, _, name, file)| (name, file))
}

/// The position a saved input stands at, as the `index`th source.
fn position_of(index: usize, saved: &SavedInput) -> SourcePosition {
    SourcePosition {
        index,
        name: saved.name.as_str().into(),
        id: saved.id,
        fingerprint: saved.fingerprint,
        resume: saved.resume.clone(),
    }
}

/// One input entry of the file.
fn input_value(position: &SourcePosition) -> Value {
    let int = |n: u64| Value::Int(n as i64);
    let mut m = Map::default();
    m.insert("name".into(), Value::from(&*position.name));
    if let Some(id) = position.id {
        // Saved as the bits of an i64 (JSON integers here are i64): inodes of 2^63 and more
        // (NFS, FUSE, overlayfs) come back as they were.
        m.insert("dev".into(), Value::Int(id.dev as i64));
        m.insert("ino".into(), Value::Int(id.ino as i64));
        if let Some(born) = id.born.and_then(|b| i64::try_from(b).ok()) {
            m.insert("born".into(), Value::Int(born));
        }
    }
    m.insert(
        "fingerprint_len".into(),
        int(u64::from(position.fingerprint.len)),
    );
    m.insert(
        "fingerprint".into(),
        Value::Str(format!("{:016x}", position.fingerprint.hash)),
    );
    m.insert("offset".into(), int(position.resume.offset));
    m.insert("line".into(), int(position.resume.line));
    m.insert("prelude".into(), int(position.resume.prelude));
    if position.resume.skipping {
        m.insert("skipping".into(), Value::Bool(true));
    }
    if let Some(format) = position.resume.format {
        m.insert("format".into(), Value::from(format.name()));
    }
    Value::Object(m)
}

/// A transport's positions: `{SOURCE: [A, B]}`, sorted by source (the bits of `u64`s as
/// JSON's `i64`s).
fn positions_value(positions: &Positions) -> Value {
    let mut sorted: Vec<_> = positions.iter().collect();
    sorted.sort();
    let mut m = Map::default();
    for (source, At(a, b)) in sorted {
        let pair = vec![Value::Int(*a as i64), Value::Int(*b as i64)];
        m.insert((**source).into(), Value::Array(pair));
    }
    Value::Object(m)
}

/// Reads [`positions_value`]'s object; `None` when it is damaged.
fn saved_positions(value: &Value) -> Option<Positions> {
    let bits = |v: &Value| match v {
        Value::Int(n) => Some(*n as u64),
        _ => None,
    };
    let mut positions = Positions::new();
    for (source, pair) in value.as_object()? {
        let Value::Array(pair) = pair else {
            return None;
        };
        let [a, b] = pair.as_slice() else {
            return None;
        };
        positions.insert(source.as_str().into(), At(bits(a)?, bits(b)?));
    }
    Some(positions)
}

/// Reads one input entry; `None` when it is damaged.
fn saved_input(value: &Value) -> Option<SavedInput> {
    let m = value.as_object()?;
    let uint = |key: &str| match m.get(key) {
        Some(Value::Int(n)) if *n >= 0 => Some(*n as u64),
        _ => None,
    };
    let bits = |key: &str| match m.get(key) {
        Some(Value::Int(n)) => Some(*n as u64),
        _ => None,
    };
    let born = match m.get("born") {
        Some(Value::Int(n)) => Some(i128::from(*n)),
        None => None,
        Some(_) => return None,
    };
    let id = match (bits("dev"), bits("ino")) {
        (Some(dev), Some(ino)) => Some(FileId { dev, ino, born }),
        _ => None,
    };
    let format = match m.get("format") {
        Some(Value::Str(name)) => Some(
            <InputFormat as clap::ValueEnum>::value_variants()
                .iter()
                .copied()
                .find(|f| f.name() == name.as_str())?,
        ),
        None => None,
        Some(_) => return None,
    };
    let hash = u64::from_str_radix(m.get("fingerprint")?.as_str()?, 16).ok()?;
    Some(SavedInput {
        name: m.get("name")?.as_str()?.to_owned(),
        id,
        fingerprint: Fingerprint {
            len: u32::try_from(uint("fingerprint_len")?).ok()?,
            hash,
        },
        resume: Resume {
            offset: uint("offset")?,
            line: uint("line")?,
            prelude: uint("prelude")?,
            format,
            skipping: matches!(m.get("skipping"), Some(Value::Bool(true))),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn transport_positions_come_back_as_saved_and_damage_is_refused() {
        let positions = Positions::from([
            (
                Arc::from("redis://127.0.0.1:6379/ev"),
                At(1_733_420_000_000, 3),
            ),
            (Arc::from("kafka://k:9092/t/5"), At(u64::MAX, 0)),
        ]);
        let text = positions_value(&positions).to_json();
        assert_eq!(
            text,
            r#"{"kafka://k:9092/t/5":[-1,0],"redis://127.0.0.1:6379/ev":[1733420000000,3]}"#
        );
        let back = saved_positions(&crate::json::parse(text.as_bytes()).unwrap());
        assert_eq!(back, Some(positions));
        for damaged in [r#"[]"#, r#"{"s":[1]}"#, r#"{"s":[1,"2"]}"#, r#"{"s":3}"#] {
            let value = crate::json::parse(damaged.as_bytes()).unwrap();
            assert_eq!(saved_positions(&value), None, "{damaged}");
        }
    }

    #[test]
    fn an_input_entry_comes_back_as_it_was_saved_also_with_inodes_past_i64() {
        let position = SourcePosition {
            index: 0,
            name: "app.log".into(),
            id: Some(FileId {
                dev: u64::MAX - 1,
                ino: 1 << 63,
                born: Some(1_700_000_000_123_456_789),
            }),
            fingerprint: Fingerprint::of(b"{\"a\":1}\n"),
            resume: Resume {
                offset: 8,
                line: 1,
                prelude: 0,
                format: Some(InputFormat::Ndjson),
                skipping: true,
            },
        };
        let text = input_value(&position).to_json();
        let back = saved_input(&crate::json::parse(text.as_bytes()).unwrap()).unwrap();
        assert_eq!(back.name, "app.log");
        assert_eq!(back.id, position.id);
        assert_eq!(back.id.unwrap().ino, 1 << 63);
        assert_eq!(back.fingerprint, position.fingerprint);
        assert_eq!(back.resume, position.resume);
    }
}
