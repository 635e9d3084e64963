//! `split --by KEY,... TEMPLATE`: each event appended to the file its keys name.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{DropReason, Error, Result};
use crate::event::{Event, FieldReader};
use crate::ops::by::{self, Key, Keys};
use crate::ops::side::SideFile;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::output::Sink;
use crate::value::{Map, Value};

/// What `eddy split --help` and eddy-split(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "one file of requests per host",
        "eddy split --by host 'by-host/{host}.ndjson' access.ndjson && ls by-host",
    ),
    Example::new(
        "the server errors, one file per host and status",
        "eddy filter 'status >= 500' then split --by host,status 'server-errors/{host}-{status}.ndjson' access.ndjson && ls server-errors",
    ),
    Example::new(
        "one file per level, named in lower case, at most 2 files open at once",
        "eddy split --by 'lvl=lower(level)' 'levels/{lvl}.ndjson' --max-open 2 events.ndjson && wc -l levels/*",
    ),
];

/// Append each event to the file its keys name
///
/// TEMPLATE (`'out/{host}.ndjson'`; not an option, `--to` is the output format) names the file of an event: each `{NAME}` in it is replaced by the value of the
/// `--by` key of that name (a field path's name is its flat name, `geo.country` gives
/// `{geo_country}`; `NAME=EXPR` names an expression), `{{` and `}}` are literal braces. Every
/// key must appear in TEMPLATE. A string is put in as it is, a number or boolean as JSON writes
/// it. Events are written as NDJSON (whatever `--to` says; unchanged events as their original
/// bytes, as `tee` writes them); split passes nothing on (put `tee` before it to keep the stream).
///
/// A key's value must make one file name part: an event whose key is missing or null, an array
/// or an object, empty, `.` or `..`, longer than 255 bytes, or holds `/` or NUL (so that it
/// would name a file outside the directory TEMPLATE gives) is dropped, counted and reported with
/// its file and line, and written to `--errors` if given, as an expression's failure is. So is
/// an event whose file cannot be made for its name alone: a part of the name longer than 255
/// bytes (the key with the text around it), a file where a directory of the name should be, a
/// directory where the file should be. A failure that is not the name's (the disk full, too
/// many open files, no permission) ends the run (exit 3).
///
/// Files are opened when their first event comes, with their missing directories created,
/// never emptied: they are appended to (remove them first for a fresh run). They are flushed
/// whenever the input pauses and at the end, and closed on SIGHUP (after logrotate moved them):
/// the next event of each opens its file again by name. At most `--max-open` files are open at
/// once: the one used least recently is closed when another must be opened, and opened again,
/// appending, when its key comes back. A file that is an input of the run is refused. split
/// remembers the name of every file it wrote (memory grows with the number of distinct keys).
/// `--stats` shows the files written, how many times files were opened and how many were closed
/// to stay under the bound.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The keys that choose the file (comma-separated): field paths, or expressions
    /// (`lower(host)`), each named by `NAME=` if wanted; repeatable
    #[arg(long, value_name = "KEY,...", value_parser = by::parse, required = true)]
    by: Vec<Keys>,
    /// The file name of an event, with `{NAME}` for each key: 'out/{host}.ndjson'
    #[arg(value_name = "TEMPLATE", value_hint = clap::ValueHint::FilePath)]
    template: String,
    /// The most files open at once (the least recently used is closed first)
    #[arg(long, value_name = "N", default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..))]
    max_open: u64,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// A part of the template.
enum Part {
    /// Text as it is.
    Text(String),
    /// The value of the key at this index.
    Key(usize),
}

/// Reads TEMPLATE against the keys; a placeholder no key has, a brace left open, a key not in
/// TEMPLATE are usage errors.
fn template(text: &str, keys: &[Key], ctx: &BuildContext) -> Result<Vec<Part>> {
    let error = |message: String, at: usize| -> Error {
        let column = text[..at].chars().count();
        ctx.usage("split", format!("TEMPLATE: {message}"))
            .with_snippet(text, column)
            .into()
    };
    if text.ends_with('/') {
        return Err(error(
            "it ends in `/`, a directory: end it with the file's name ('out/{host}.ndjson')".into(),
            text.len() - 1,
        ));
    }
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut used = vec![false; keys.len()];
    let mut rest = text.char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        match c {
            '{' if rest.peek().is_some_and(|&(_, n)| n == '{') => {
                rest.next();
                literal.push('{');
            }
            '}' if rest.peek().is_some_and(|&(_, n)| n == '}') => {
                rest.next();
                literal.push('}');
            }
            '{' => {
                let Some(close) = text[at..].find('}') else {
                    return Err(error(
                        "`{` without its `}` (write `{{` for a brace)".into(),
                        at,
                    ));
                };
                let name = &text[at + 1..at + close];
                let Some(index) = keys.iter().position(|k| k.name == name) else {
                    let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
                    return Err(error(
                        format!(
                            "no --by key is named `{name}` (the keys: {})",
                            names.join(", ")
                        ),
                        at,
                    ));
                };
                used[index] = true;
                if !literal.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                }
                parts.push(Part::Key(index));
                while rest.next_if(|&(i, _)| i <= at + close).is_some() {}
            }
            '}' => {
                return Err(error(
                    "`}` without its `{` (write `}}` for a brace)".into(),
                    at,
                ));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Text(literal));
    }
    if let Some(unused) = used.iter().position(|u| !u) {
        return Err(error(
            format!(
                "the key `{}` is not in the file name: write `{{{}}}` where it goes",
                keys[unused].name, keys[unused].name
            ),
            text.len(),
        ));
    }
    Ok(parts)
}

/// Builds the stage: the keys and the template.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let keys = Keys::all(&args.by);
    for (i, key) in keys.iter().enumerate() {
        if keys[..i].iter().any(|k| k.name == key.name) {
            let message = format!(
                "--by: the key name `{}` is used twice (name a key with NAME=KEY)",
                key.name
            );
            return Err(ctx.usage("split", message).into());
        }
    }
    let parts = template(&args.template, &keys, ctx)?;
    Ok(Box::new(Split {
        fields: FieldReader::new(&by::fields(&keys)),
        keys,
        parts,
        max_open: usize::try_from(args.max_open).unwrap_or(usize::MAX),
        files: HashMap::new(),
        lru: BTreeMap::new(),
        uses: 0,
        opened: 0,
        closed_for_limit: 0,
        inputs: ctx.inputs.clone(),
        elsewhere: Vec::new(),
        index: ctx.index,
    }))
}

/// A file split has written to, open or not.
struct Slot {
    file: SideFile,
    /// When it was last used (the LRU's key while it is open).
    used: u64,
}

/// The keys, the template and the files.
struct Split {
    keys: Vec<Key>,
    fields: FieldReader,
    parts: Vec<Part>,
    max_open: usize,
    /// Every file written to, by path.
    files: HashMap<PathBuf, Slot>,
    /// The open files by last use, oldest first.
    lru: BTreeMap<u64, PathBuf>,
    /// Uses so far: the clock of the LRU.
    uses: u64,
    /// Files opened (again, too).
    opened: u64,
    /// Files closed to open another.
    closed_for_limit: u64,
    inputs: Arc<[String]>,
    /// The files the run writes elsewhere (`tee`, `route`, `--errors`), by device and inode,
    /// with their names as given ([`Stage::written_elsewhere`]).
    elsewhere: Vec<((u64, u64), PathBuf)>,
    index: usize,
}

/// The longest part of a path a file system takes (bytes).
const NAME_MAX: usize = 255;

/// Whether a file that cannot be opened fails for its own name only (a part of its path too
/// long, a file where a directory should be, a directory where the file should be): the event
/// is then dropped, and the run goes on with the next. Any other failure (the disk full, too
/// many files open, no permission) would fail every file: it ends the run.
fn fails_for_its_name(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{InvalidFilename, IsADirectory, NotADirectory};
    matches!(e.kind(), InvalidFilename | IsADirectory | NotADirectory)
}

/// A key's value as a part of a file name, or why it cannot be one.
fn name_part(key: &Key, value: &Value) -> std::result::Result<String, String> {
    let text = match value {
        Value::Null => return Err(format!("split: the key `{}` is missing or null", key.name)),
        Value::Array(_) | Value::Object(_) => {
            return Err(format!(
                "split: the key `{}` is an {}, not a file name",
                key.name,
                value.type_name()
            ));
        }
        Value::Str(s) => s.clone(),
        other => {
            let json = other.to_json();
            json.trim_matches('"').to_owned()
        }
    };
    let bad = text.is_empty()
        || text == "."
        || text == ".."
        || text.contains('/')
        || text.contains('\0')
        || text.len() > NAME_MAX;
    if bad {
        return Err(format!(
            "split: the key `{}` is {}: a file name part may not be empty, `.`, `..`, longer \
             than 255 bytes, or hold `/` or NUL",
            key.name,
            Value::Str(text).to_json()
        ));
    }
    Ok(text)
}

impl Split {
    /// The file of `event`, or why it has none.
    fn path_of(&mut self, event: &Event, out: &Out<'_>) -> std::result::Result<PathBuf, String> {
        let root = self.fields.read(event);
        let values = by::values(&self.keys, root, event, || out.now())?;
        let mut path = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => path.push_str(text),
                Part::Key(i) => path.push_str(&name_part(&self.keys[*i], &values[*i])?),
            }
        }
        if let Some(long) = path.split('/').find(|part| part.len() > NAME_MAX) {
            return Err(format!(
                "split: the file name {} has a part of {} bytes: at most {NAME_MAX} can be",
                Value::from(path.as_str()).to_json(),
                long.len()
            ));
        }
        Ok(PathBuf::from(path))
    }

    /// A file error: a runtime failure of the stage.
    fn failed(&self, e: std::io::Error) -> Error {
        Error::runtime(format!("stage {} (split): {e}", self.index))
    }

    /// Makes `path`'s file open and the most recently used, closing the least recently used
    /// one if the bound is reached; `Ok(Err(message))`: the file cannot be opened for its name
    /// alone ([`fails_for_its_name`]).
    fn open(&mut self, path: &PathBuf) -> Result<std::result::Result<(), String>> {
        let new = !self.files.contains_key(path);
        if new {
            if crate::input::is_input_file(path, &self.inputs) {
                return Err(Error::runtime(format!(
                    "stage {} (split): `{}` is also an input file: split would append to what \
                     it reads",
                    self.index,
                    path.display()
                )));
            }
            let id = crate::input::file_id(path);
            if let Some((_, other)) = self.elsewhere.iter().find(|(seen, _)| Some(*seen) == id) {
                let named = if other == path {
                    format!("`{}` is", path.display())
                } else {
                    format!(
                        "`{}` and `{}` are one file,",
                        path.display(),
                        other.display()
                    )
                };
                return Err(Error::runtime(format!(
                    "stage {} (split): {named} also written elsewhere (tee, route, --errors): \
                     their lines would interleave",
                    self.index,
                )));
            }
            let slot = Slot {
                file: SideFile::new(path),
                used: 0,
            };
            self.files.insert(path.clone(), slot);
        }
        let used = self.files[path].used;
        if self.files[path].file.is_open() {
            self.lru.remove(&used);
        } else {
            if self.lru.len() >= self.max_open
                && let Some((_, oldest)) = self.lru.pop_first()
            {
                self.closed_for_limit += 1;
                let closed = self.files.get_mut(&oldest).map(|s| s.file.close());
                closed.unwrap_or(Ok(())).map_err(|e| self.failed(e))?;
            }
            let opened = self.files.get_mut(path).map(|s| s.file.open(true));
            match opened.unwrap_or(Ok(())) {
                Ok(()) => {}
                Err(e) if fails_for_its_name(&e) => {
                    if new {
                        self.files.remove(path);
                    }
                    return Ok(Err(format!("split: {e}")));
                }
                Err(e) => return Err(self.failed(e)),
            }
            self.opened += 1;
        }
        self.uses += 1;
        if let Some(slot) = self.files.get_mut(path) {
            slot.used = self.uses;
        }
        self.lru.insert(self.uses, path.clone());
        Ok(Ok(()))
    }

    /// Calls `f` on every open file.
    fn each_open(&mut self, mut f: impl FnMut(&mut SideFile) -> std::io::Result<()>) -> Result<()> {
        for path in self.lru.values() {
            if let Some(slot) = self.files.get_mut(path) {
                f(&mut slot.file)
                    .map_err(|e| Error::runtime(format!("stage {} (split): {e}", self.index)))?;
            }
        }
        Ok(())
    }

    /// Closes every open file.
    fn close_all(&mut self) -> Result<()> {
        let closed = self.each_open(SideFile::close);
        self.lru.clear();
        closed
    }
}

impl Stage for Split {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let path = match self.path_of(&event, out) {
            Ok(path) => match self.open(&path) {
                Ok(opened) => opened.map(|()| path),
                Err(e) => {
                    // Settled before the run ends, so that the counts add up.
                    out.absorbed(1);
                    return Err(e);
                }
            },
            Err(message) => Err(message),
        };
        let path = match path {
            Ok(path) => path,
            Err(message) => {
                out.drop_event(&event, DropReason::EvalError, message)?;
                return Ok(Flow::Continue);
            }
        };
        out.absorbed(1);
        let written = self.files.get_mut(&path).map(|s| s.file.write(&event));
        written.unwrap_or(Ok(())).map_err(|e| self.failed(e))?;
        Ok(Flow::Continue)
    }

    fn finish(&mut self, _out: &mut Out<'_>) -> Result<()> {
        self.close_all()
    }

    fn written_elsewhere(&mut self, files: &[PathBuf]) {
        let ids = files
            .iter()
            .filter_map(|f| Some((crate::input::file_id(f)?, f.clone())));
        self.elsewhere.extend(ids);
    }

    fn writes_aside(&self) -> bool {
        true
    }

    fn flush(&mut self) -> Result<()> {
        self.each_open(SideFile::flush)
    }

    fn reopen(&mut self) -> Result<()> {
        self.close_all()
    }

    fn stats(&self) -> Option<Value> {
        let int = |n: u64| Value::Int(n as i64);
        let mut m = Map::default();
        m.insert("files".into(), int(self.files.len() as u64));
        m.insert("opened".into(), int(self.opened));
        m.insert("closed_for_limit".into(), int(self.closed_for_limit));
        m.insert("open".into(), int(self.lru.len() as u64));
        Some(Value::Object(m))
    }
}
