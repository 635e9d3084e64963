//! `join`: enrich each event from another input by key. `--with FILE` joins a side table held in
//! memory (`table.rs`); `--stream FILE` joins a second stream within a time bound, each side
//! with its own watermark (`stream.rs`). This file holds what both share: the arguments, the
//! keys (`--on`), how key values compare (as `==` does) and where the other side's fields go
//! (`--as`, or merged at the top level).

pub mod stream;
pub mod table;

use crate::error::{DataError, Result};
use crate::event::{Event, FieldReader};
use crate::input::{InputFormat, ReadError};
use crate::ops::window::options::{self, MaxDelay, PolicyChoice, Typed};
use crate::ops::{BuildContext, Example, Inputs, Out, Stage, StageArgs};
use crate::path::{Path, Segment, split_top_level};
use crate::value::{KEY_SEPARATOR, Map, Value, write_canonical};

/// What `eddy join --help` and eddy-join(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "each request with its host's row of hosts.csv (rack, owner)",
        "eddy join --with hosts.csv --on host=name access.ndjson",
    ),
    Example::new(
        "the side row under `h`, requests of unknown hosts kept (h is null)",
        "eddy join --with hosts.csv --on host=name --as h --kind left access.ndjson",
    ),
    Example::new(
        "requests from hosts the table does not know",
        "eddy join --with hosts.csv --on host=name --kind anti access.ndjson",
    ),
    Example::new(
        "each page view with its user's purchases within 2 minutes, or buy: null",
        "eddy join --stream purchases.ndjson --on user --within 2m --time-field ts --other-time-field time --as buy --kind left clicks.ndjson",
    ),
    Example::new(
        "the same in a live tail, late purchases and views kept in a file",
        "tail -F clicks.ndjson | eddy join --stream purchases.ndjson --on user --within 2m --time-field ts --other-time-field time --max-delay 30s --late file:late.ndjson",
    ),
];

/// Enrich each event from a side table, or from a second stream within a time bound
///
/// Side table (`--with FILE`): FILE is read whole before any input, with the same readers as the
/// input (any format, compressed or not; `--with-from`, else from its extension or first lines,
/// with each format's defaults: a header row, inferred types) and held in memory as a hash map
/// from key to rows: memory is about the size of the rows as values, bounded by
/// `--max-side-rows` (exceeding it stops the run before any input, exit 3). A malformed record
/// in FILE is reported with its file and line, and written to `--errors`, like one of the input;
/// it is held until then, so `--max-side-rows` counts it too.
/// With `--reload`, FILE is looked at once a second and read again when it changed (inode, size
/// or modification time); a new table that cannot be read leaves the old one in use, with a
/// warning.
///
/// Stream (`--stream FILE`): an event matches each event of FILE with the same key whose time
/// is at most `--within` apart (`|t - t'| <= DUR`). Each side has its own watermark
/// (`W = max time seen - --max-delay`, as windows have); an event behind its own side's
/// watermark is late (`--late`); a buffered event is forgotten once the other side's watermark
/// passes its time + DUR (for `--kind left`, an input event that matched nothing is then emitted
/// unmatched). Memory is the events of about DUR + `--max-delay` on each side (time bound x
/// rate), shown in `--stats` (`buffered_*`, `max_buffered_*`). Which pairs are found does not
/// depend on the order the two sides are read in (only memory and output order do): a regular
/// FILE is read as far as the input's latest event time, so that runs are reproducible; a pipe or
/// other live FILE is read by a thread, and what it has sent (up to the input's latest time +
/// DUR; the thread waits for the rest) is taken before each input event and while the input is
/// quiet. At the end of input FILE is read on, a pipe waited for, until it ends or nothing more
/// can match (its watermark passed every buffered input event's time + DUR); a signal stops the
/// wait. Then every buffered event is settled.
///
/// Keys (`--on`): a comma-separated list of field paths; `IN=OTHER` names a field that is
/// called differently on the other side (`--on user_id=id`). Keys compare as `==` does: `1` and
/// `1.0` are the same, the string `"1"` is not the number `1`; an event or row whose key has a
/// null or missing part matches nothing (as in SQL). A key is a field, not an expression.
///
/// Where the other side's fields go: with `--as NAME`, the whole other row under the field NAME
/// (a path of names, without an index; replacing one of that name; null when unmatched, with `--kind left`); without, its fields are
/// added at the top level after the event's own, except its top-level `--on` key fields (a
/// nested key's object is added whole), and on a name
/// clash the event's own field is kept. Unmatched events of `--kind left` get the other side's
/// fields (as seen so far) as null. `--kind inner` (the default) passes matched events only,
/// `left` every event, `anti` (side table only) the events without a match, unchanged.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("other").required(true).args(["with", "stream"])))]
pub struct Args {
    /// The side table: a file of any input format, read whole before the input
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    with: Option<String>,
    /// The other stream: a file (or pipe) of events to join within --within of each other
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    stream: Option<String>,
    /// The keys: field paths, comma-separated; IN=OTHER when the other side calls it OTHER
    #[arg(long, value_name = "KEY[=KEY],...", required = true)]
    on: String,
    /// Put the other side's row under this field instead of merging its fields in
    #[arg(long = "as", value_name = "NAME")]
    as_field: Option<String>,
    /// Which events pass: inner (matched), left (all), anti (unmatched; side table only)
    #[arg(long, value_name = "KIND", default_value = "inner")]
    kind: Kind,
    /// The format of the --with or --stream file (default: from its extension, else guessed)
    #[arg(long, value_name = "FORMAT")]
    with_from: Option<InputFormat>,
    /// Several side rows with one key: all (one event per row, as SQL), first or last row
    /// [default: all, with a warning when a key has several rows]
    #[arg(long, value_name = "RULE", help_heading = "Side table")]
    dup: Option<Dup>,
    /// The most rows the side table may have, malformed ones too (its memory bound)
    #[arg(
        long,
        value_name = "N",
        default_value_t = table::DEFAULT_MAX_ROWS,
        help_heading = "Side table"
    )]
    max_side_rows: usize,
    /// Read the side table again when its file changes (looked at once a second): for a live
    /// tail; replace the file atomically (write another, rename it over)
    #[arg(long, requires = "with", help_heading = "Side table")]
    reload: bool,
    /// Events match when their times are at most DUR apart (e.g. 1s, 5m)
    #[arg(long, value_name = "DUR", requires = "stream", value_parser = Typed(options::non_negative), help_heading = "Stream")]
    within: Option<i64>,
    /// The event time of the input's events (and of the other stream's, without
    /// --other-time-field)
    #[arg(
        long,
        value_name = "PATH",
        requires = "stream",
        help_heading = "Stream"
    )]
    time_field: Option<String>,
    /// The event time of the other stream's events
    #[arg(
        long,
        value_name = "PATH",
        requires = "stream",
        help_heading = "Stream"
    )]
    other_time_field: Option<String>,
    /// How the times are written: auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns,
    /// strptime:FMT
    #[arg(
        long,
        value_name = "FMT",
        requires = "stream",
        default_value = "auto",
        help_heading = "Stream"
    )]
    time_format: String,
    /// Time zone of times without an offset [default: UTC]
    #[arg(
        long,
        value_name = "ZONE",
        requires = "stream",
        help_heading = "Stream"
    )]
    tz: Option<String>,
    /// Tolerated out-of-orderness of each side: its watermark is this much behind its latest
    /// time (inf: at end of input)
    #[arg(
        long,
        value_name = "DUR",
        requires = "stream",
        default_value = "0s",
        value_parser = Typed(options::max_delay),
        help_heading = "Stream"
    )]
    max_delay: MaxDelay,
    /// Late events of either side: drop (counted, summarised), file:PATH (original lines), fail
    /// (exit 3)
    #[arg(
        long,
        value_name = "POLICY",
        requires = "stream",
        default_value = "drop",
        value_parser = Typed(options::late_policy),
        help_heading = "Stream"
    )]
    late: PolicyChoice,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Matched events only.
    Inner,
    /// Every event; unmatched ones with the other side's fields null.
    Left,
    /// Unmatched events only, unchanged.
    Anti,
}

/// `--dup`: which side rows a key with several keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dup {
    /// Every row: an event matching n rows becomes n events.
    All,
    /// The first row of the key in the file.
    First,
    /// The last row of the key in the file.
    Last,
}

/// Builds the stage: a side-table join or a stream join.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let on = OnKeys::parse(&args.on).map_err(|e| ctx.usage("join", e))?;
    let attach = match &args.as_field {
        Some(text) => {
            let path = Path::parse(text).map_err(|e| {
                ctx.usage("join", format!("--as {text}: {e}"))
                    .with_snippet(text, e.offset)
            })?;
            // An index would make the row an element of an array the event may not have: a
            // field path of names only (its objects are made as needed).
            if path
                .segments()
                .iter()
                .any(|s| matches!(s, Segment::Index(_)))
            {
                let column = text.find('[').unwrap_or(0);
                return Err(ctx
                    .usage(
                        "join",
                        format!("--as {text}: NAME is a field path of names, without an index"),
                    )
                    .with_snippet(text, column)
                    .into());
            }
            Attach::under(path)
        }
        None => Attach::merged(&on.other),
    };
    if let Some(file) = &args.with {
        for (given, option) in [
            (args.within.is_some(), "--within"),
            (args.time_field.is_some(), "--time-field"),
        ] {
            if given {
                return Err(ctx
                    .usage("join", format!("{option} needs --stream, not --with"))
                    .into());
            }
        }
        if args.kind == Kind::Anti && args.as_field.is_some() {
            return Err(ctx
                .usage(
                    "join",
                    "--as is not for --kind anti (its events get nothing)",
                )
                .into());
        }
        let file = file.clone();
        return table::build(args, file, on, attach, ctx);
    }
    stream::build(args, on, attach, ctx)
}

/// The `--on` keys: the paths on the input's side and, in the same order, on the other's.
#[derive(Debug, Clone)]
pub struct OnKeys {
    /// The key fields of the input's events.
    pub main: Vec<Path>,
    /// The key fields of the other side's rows.
    pub other: Vec<Path>,
}

impl OnKeys {
    /// Parses `KEY[=KEY],...`.
    fn parse(text: &str) -> Result<OnKeys, String> {
        let mut on = OnKeys {
            main: Vec::new(),
            other: Vec::new(),
        };
        for (_, item) in split_top_level(text, b',') {
            let sides = split_top_level(item, b'=');
            let path = |s: &str| {
                let s = s.trim();
                // An expression is not a key: `len(tags)` would be read as a field of that name.
                if s.contains(['(', ')']) && !s.contains('`') {
                    return Err(format!(
                        "--on `{text}`: `{s}` is not a field path (keys are fields, not \
                         expressions; a name with parentheses is written in backquotes)"
                    ));
                }
                Path::parse(s).map_err(|e| format!("--on `{text}`: `{s}`: {e}"))
            };
            match sides.as_slice() {
                [(_, both)] => {
                    let p = path(both)?;
                    on.main.push(p.clone());
                    on.other.push(p);
                }
                [(_, main), (_, other)] => {
                    on.main.push(path(main)?);
                    on.other.push(path(other)?);
                }
                _ => return Err(format!("--on `{text}`: `{item}` has more than one `=`")),
            }
        }
        Ok(on)
    }
}

/// Reads the key of events or rows: the `--on` paths of one side, through a [`FieldReader`] so
/// that a lazily read NDJSON event is not parsed whole to find it.
pub struct KeyReader {
    paths: Vec<Path>,
    reader: FieldReader,
    buf: Vec<u8>,
}

impl KeyReader {
    /// A reader of the keys at `paths`.
    pub fn new(paths: &[Path]) -> KeyReader {
        KeyReader {
            paths: paths.to_vec(),
            reader: FieldReader::new(paths),
            buf: Vec::new(),
        }
    }

    /// The key of `event`, `None` when a part of it is null or missing (it matches nothing).
    /// Values that are `==` give the same key (canonical JSON, `1.0` as `1`; a time or a
    /// duration is marked, so that it never equals the string or number it is written as).
    pub fn key(&mut self, event: &Event) -> Option<&[u8]> {
        let root = self.reader.read(event);
        key_into(&self.paths, root, &mut self.buf).then_some(&self.buf[..])
    }

    /// The key of a value (a side row), as [`KeyReader::key`].
    pub fn key_of_value(&mut self, root: &Value) -> Option<&[u8]> {
        key_into(&self.paths, root, &mut self.buf).then_some(&self.buf[..])
    }

    /// A reader of the keys at `paths` that, in an event's JSON text, also finds the top-level
    /// fields `more` ([`KeyReader::key_in_text`], [`KeyReader::text_has`]).
    pub fn locating(paths: &[Path], more: &[String]) -> KeyReader {
        KeyReader {
            paths: paths.to_vec(),
            reader: FieldReader::new(paths).also_locating(more),
            buf: Vec::new(),
        }
    }

    /// The key read from `text`, a pristine event's JSON text, as [`KeyReader::key`] reads it
    /// from its value (inner `None`: a null or missing part); outer `None` when the text is not
    /// an object or repeats a field the reader finds (the value path then decides).
    pub fn key_in_text(&mut self, text: &[u8]) -> Option<Option<&[u8]>> {
        let layout = self.reader.load_text(text, None)?;
        if layout.repeated {
            return None;
        }
        let root = self.reader.partial();
        Some(key_into(&self.paths, root, &mut self.buf).then_some(&self.buf[..]))
    }

    /// Whether the text of the last [`KeyReader::key_in_text`] has the top-level field `name`
    /// (one of the keys' root fields or of the fields [`KeyReader::locating`] was given).
    pub fn text_has(&self, name: &str) -> bool {
        let keys = self.reader.keys();
        keys.iter()
            .position(|k| k == name)
            .is_some_and(|i| self.reader.found(i).is_some())
    }

    /// Whether [`KeyReader::text_has`] knows of the field `name`.
    fn locates(&self, name: &str) -> bool {
        self.reader.keys().iter().any(|k| k == name)
    }
}

/// Writes the key of `root` at `paths` into `buf`; false when a part is null or missing.
fn key_into(paths: &[Path], root: &Value, buf: &mut Vec<u8>) -> bool {
    buf.clear();
    for (i, path) in paths.iter().enumerate() {
        if i > 0 {
            buf.extend_from_slice(KEY_SEPARATOR.as_bytes());
        }
        match path.get(root) {
            None | Some(Value::Null) => return false,
            Some(Value::Time(_)) => buf.extend_from_slice(b"\x01t"),
            Some(Value::Duration(_)) => buf.extend_from_slice(b"\x01d"),
            Some(_) => {}
        }
        if let Some(value) = path.get(root) {
            write_canonical(value, buf);
        }
    }
    true
}

/// Where the other side's row goes in a matched event.
#[derive(Clone)]
pub struct Attach {
    /// `--as NAME`: the row under this field.
    under: Option<Path>,
    /// Without `--as`: the other side's key fields, not added (the event has its own).
    skip: Vec<String>,
    /// The other side's field names seen so far, in order: what an unmatched event of
    /// `--kind left` gets as null without `--as`.
    columns: indexmap::IndexSet<String, foldhash::fast::RandomState>,
}

impl Attach {
    /// The row under `path` (`--as`).
    fn under(path: Path) -> Attach {
        Attach {
            under: Some(path),
            skip: Vec::new(),
            columns: Default::default(),
        }
    }

    /// The row's fields merged at the top level, but for the key fields `keys`.
    fn merged(keys: &[Path]) -> Attach {
        Attach {
            under: None,
            skip: keys
                .iter()
                .filter_map(|k| k.single_key().map(str::to_owned))
                .collect(),
            columns: Default::default(),
        }
    }

    /// Forgets the other side's fields seen (a side table read again).
    fn forget_columns(&mut self) {
        self.columns.clear();
    }

    /// Notes the fields of a row of the other side (for [`Attach::unmatched`]).
    pub fn saw(&mut self, row: &Value) {
        if self.under.is_some() {
            return;
        }
        if let Value::Object(map) = row {
            for key in map.keys() {
                if !self.columns.contains(key) && !self.skip.contains(key) {
                    self.columns.insert(key.clone());
                }
            }
        }
    }

    /// Adds `row` to `event`.
    pub fn matched(&self, event: &mut Event, row: &Value) {
        match &self.under {
            Some(path) => set_under(event, path, row.clone()),
            None => {
                let map = event.object_mut();
                if let Value::Object(fields) = row {
                    for (key, value) in fields {
                        if !map.contains_key(key) && !self.skip.contains(key) {
                            map.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
        }
    }

    /// The other side's fields the text path needs to find in an event's text: its columns
    /// without `--as`, NAME with an `--as NAME` of one field; `None` for an `--as` path deeper
    /// than that (the value path sets it).
    pub fn located(&self) -> Option<Vec<String>> {
        match &self.under {
            Some(path) => path.single_key().map(|k| vec![k.to_owned()]),
            None => Some(self.columns.iter().cloned().collect()),
        }
    }

    /// Adds `row` to a pristine event (`None`: marks it unmatched) by editing its text, as
    /// [`Attach::matched`] and [`Attach::unmatched`] change its value: the members go last, in
    /// the same order. `keys` read the text last ([`KeyReader::key_in_text`]). False when the
    /// text path cannot (an `--as` field to replace, a field it was not told to find): the
    /// caller then changes the value.
    pub fn in_text(
        &self,
        event: &mut Event,
        row: Option<&Value>,
        keys: &KeyReader,
        scratch: &mut (Vec<u8>, crate::splice::Placement),
    ) -> bool {
        static NULL: Value = Value::Null;
        let Some(text) = event.json_text() else {
            return false;
        };
        let mut members: Vec<(&str, &Value)> = Vec::new();
        match &self.under {
            Some(path) => {
                let Some(name) = path.single_key() else {
                    return false;
                };
                if !keys.locates(name) || keys.text_has(name) {
                    return false;
                }
                members.push((name, row.unwrap_or(&NULL)));
            }
            None => match row {
                Some(Value::Object(fields)) => {
                    for (key, value) in fields {
                        if self.skip.contains(key) {
                            continue;
                        }
                        if !keys.locates(key) {
                            return false;
                        }
                        if !keys.text_has(key) {
                            members.push((key, value));
                        }
                    }
                }
                Some(_) => {}
                None => {
                    for key in &self.columns {
                        if !keys.locates(key) {
                            return false;
                        }
                        if !keys.text_has(key) {
                            members.push((key, &NULL));
                        }
                    }
                }
            },
        }
        if members.is_empty() {
            return true;
        }
        let (out, placement) = scratch;
        out.clear();
        if crate::splice::splice(text, &mut [], &members, out, placement).is_none() {
            return false;
        }
        event.replace_text(std::mem::take(out));
        true
    }

    /// Marks `event` as matching nothing (`--kind left`): null under `--as`, else the other
    /// side's fields as null.
    pub fn unmatched(&self, event: &mut Event) {
        match &self.under {
            Some(path) => set_under(event, path, Value::Null),
            None => {
                let map = event.object_mut();
                for key in &self.columns {
                    if !map.contains_key(key) {
                        map.insert(key.clone(), Value::Null);
                    }
                }
            }
        }
    }
}

/// Sets the field at `path` of `event`; a path through a non-object is replaced by objects.
fn set_under(event: &mut Event, path: &Path, value: Value) {
    let root = event.value_mut();
    if path.set(root, value.clone()).is_err() {
        // A scalar in the way: the top-level field of the path is made an object.
        if let Some(top) = path.top_key() {
            event
                .object_mut()
                .insert(top.to_owned(), Value::Object(Map::default()));
            let _ = path.set(event.value_mut(), value);
        }
    }
}

/// Reports a record of the other side that could not be read (as a malformed input record is:
/// counted, shown with its file and line, written to `--errors`); a source that fails is an
/// error of the run.
pub fn report_read_error(error: ReadError, out: &mut Out<'_>) -> Result<()> {
    match error {
        ReadError::Malformed { error, record } => report_malformed(error, &record, out),
        ReadError::Source(e) => Err(e),
    }
}

/// [`report_read_error`] of a malformed record.
fn report_malformed(error: DataError, record: &[u8], out: &mut Out<'_>) -> Result<()> {
    out.diag().report(error, record, b"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(paths: &str, json: &str) -> Option<Vec<u8>> {
        let on = OnKeys::parse(paths).unwrap();
        let value = crate::json::parse(json.as_bytes()).unwrap();
        let mut buf = Vec::new();
        key_into(&on.main, &value, &mut buf).then_some(buf)
    }

    #[test]
    fn keys_compare_as_equality_does() {
        assert_eq!(key("a", r#"{"a":1}"#), key("a", r#"{"a":1.0}"#));
        assert_ne!(key("a", r#"{"a":1}"#), key("a", r#"{"a":"1"}"#));
        assert_eq!(
            key("a,b", r#"{"a":1,"b":"x"}"#),
            key("b,a", r#"{"b":1,"a":"x"}"#)
        );
        assert_eq!(key("a", r#"{"a":null}"#), None);
        assert_eq!(key("a,b", r#"{"a":1}"#), None);
        assert_eq!(
            key("a", r#"{"a":{"x":1,"y":2}}"#),
            key("a", r#"{"a":{"y":2,"x":1.0}}"#)
        );
    }

    #[test]
    fn on_takes_renamed_keys() {
        let on = OnKeys::parse("user_id=id,origin").unwrap();
        assert_eq!(on.main[0].to_string(), "user_id");
        assert_eq!(on.other[0].to_string(), "id");
        assert_eq!(on.other[1].to_string(), "origin");
        assert!(OnKeys::parse("a=b=c").is_err());
        assert!(OnKeys::parse("a,").is_err());
        assert!(OnKeys::parse("len(tags)=t").is_err());
        assert!(OnKeys::parse("`len(tags)`=t").is_ok());
    }
}
