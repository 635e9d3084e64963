//! `join --with FILE`: the side table, read whole before any input into a hash map from key to
//! rows, and the stage that looks each event's key up in it.

use std::collections::HashMap;

use crate::clock::SharedClock;
use crate::error::{DataError, Error, Result};
use crate::event::Event;
use crate::input::{ReadError, ReadOptions, Source, read_events};
use crate::ops::{BuildContext, Flow, Out, Stage};
use crate::path::Path;
use crate::value::{Map, Value};

use super::{Args, Attach, Dup, KeyReader, Kind, OnKeys, report_malformed};

/// The default `--max-side-rows`.
pub const DEFAULT_MAX_ROWS: usize = 1_000_000;

type Rows = HashMap<Box<[u8]>, Vec<Value>, foldhash::fast::RandomState>;

/// Builds the side-table join: reads FILE whole (a missing FILE is a usage error, too many rows
/// a resource limit), so that nothing of the input is read before it.
pub fn build(
    args: Args,
    file: String,
    on: OnKeys,
    mut attach: Attach,
    ctx: &BuildContext,
) -> Result<Box<dyn Stage>> {
    if file == "-" {
        return Err(ctx
            .usage(
                "join",
                "--with -: the side table must be a file (stdin is the input)",
            )
            .into());
    }
    match std::fs::metadata(&file) {
        Ok(m) if m.is_dir() => {
            return Err(ctx
                .usage("join", format!("--with {file}: is a directory"))
                .into());
        }
        Ok(_) => {}
        Err(e) => return Err(ctx.usage("join", format!("--with {file}: {e}")).into()),
    }
    let source = SideSource {
        file,
        options: ReadOptions {
            format: args.with_from,
            ..ReadOptions::default()
        },
        other: on.other,
        dup: args.dup.unwrap_or(Dup::All),
        max_rows: args.max_side_rows,
    };
    let stamp = Stamp::of(&source.file);
    let mut table = source.load(&mut attach).map_err(|e| match e {
        Error::Runtime(e) => Error::Runtime(e.context(format!("stage {} (join)", ctx.index))),
        other => other,
    })?;
    table.warn_dup = args.dup.is_none();
    let keys = main_keys(&on.main, &attach);
    Ok(Box::new(TableJoin {
        table,
        keys,
        scratch: Default::default(),
        attach,
        kind: args.kind,
        matched: 0,
        unmatched: 0,
        reload: args.reload.then(|| Reload {
            source,
            main: on.main,
            stamp,
            checked: ctx.clock.now(),
            clock: ctx.clock.clone(),
            reloads: 0,
            warn_dup: args.dup.is_none(),
        }),
    }))
}

/// The reader of the input's keys: it also finds, in a pristine event's text, the fields the
/// side rows add (the text path).
fn main_keys(main: &[Path], attach: &Attach) -> KeyReader {
    match attach.located() {
        Some(located) => KeyReader::locating(main, &located),
        None => KeyReader::new(main),
    }
}

/// Where the side table comes from and the rules it is read by.
struct SideSource {
    file: String,
    options: ReadOptions,
    /// The key fields of the side rows.
    other: Vec<Path>,
    dup: Dup,
    max_rows: usize,
}

impl SideSource {
    /// Reads the side table whole; `attach` learns its columns.
    fn load(&self, attach: &mut Attach) -> Result<Table> {
        let mut keys = KeyReader::new(&self.other);
        let mut table = Table {
            rows: Rows::default(),
            counts: Counts::default(),
            pending: Vec::new(),
            warn_dup: false,
            warn_keys: false,
            key_names: (self.other.iter())
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", "),
            file: self.file.clone(),
            dup: self.dup,
        };
        attach.forget_columns();
        for read in read_events(Source::Path(self.file.clone()), &self.options) {
            // Malformed records count too: their bytes are held until reported, whole, so
            // that `--errors` gets each exactly (reported as read, they would come before the
            // run's diagnostics exist, and `--on-error fail` could not stop the run unwritten).
            if table.counts.rows + table.counts.malformed >= self.max_rows as u64 {
                return Err(Error::runtime(format!(
                    "the side table {} has more than {} rows (--max-side-rows, which counts \
                     malformed ones too; raise it if the memory is there)",
                    self.file, self.max_rows
                )));
            }
            let event = match read {
                Ok(event) => event,
                Err(ReadError::Malformed { error, record }) => {
                    table.counts.malformed += 1;
                    table.pending.push((error, record));
                    continue;
                }
                Err(ReadError::Source(e)) => return Err(e),
            };
            table.counts.rows += 1;
            let row = event.into_value();
            attach.saw(&row);
            let Some(key) = keys.key_of_value(&row) else {
                table.counts.null_keys += 1;
                continue;
            };
            match table.rows.get_mut(key) {
                None => {
                    table.rows.insert(key.into(), vec![row]);
                }
                Some(rows) => {
                    table.counts.duplicates += 1;
                    match self.dup {
                        Dup::All => rows.push(row),
                        Dup::First => {}
                        Dup::Last => rows[0] = row,
                    }
                }
            }
        }
        // Rows, and not one with a key: a key field the file does not have (a typo).
        table.warn_keys = table.counts.rows > 0 && table.rows.is_empty();
        Ok(table)
    }
}

/// What tells that the side file changed: its inode, size and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp(Option<(u64, u64, std::time::SystemTime)>);

impl Stamp {
    fn of(file: &str) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp(
            std::fs::metadata(file)
                .ok()
                .and_then(|m| Some((m.ino(), m.len(), m.modified().ok()?))),
        )
    }
}

/// `--reload`: the side file is looked at at most once per [`RELOAD_CHECK`], and read again
/// when it changed.
struct Reload {
    source: SideSource,
    /// The key fields of the input's events.
    main: Vec<Path>,
    stamp: Stamp,
    /// When the file was last looked at (wall clock, ns).
    checked: i64,
    clock: SharedClock,
    reloads: u64,
    /// `--dup` was not given: a table read again warns of repeated keys too (once a run).
    warn_dup: bool,
}

/// How often `--reload` looks at the side file (ns).
const RELOAD_CHECK: i64 = 1_000_000_000;

/// The side table in memory.
struct Table {
    /// Key → its rows (one unless `--dup all`), in file order.
    rows: Rows,
    counts: Counts,
    /// Malformed records of the file, reported once the run has its diagnostics.
    pending: Vec<(DataError, Vec<u8>)>,
    /// `--dup` was not given: warn when a key has several rows.
    warn_dup: bool,
    /// No row has a key: warn that nothing can match.
    warn_keys: bool,
    /// The rows' key fields, for that warning.
    key_names: String,
    file: String,
    dup: Dup,
}

/// What reading the side table found.
#[derive(Debug, Default)]
struct Counts {
    rows: u64,
    /// Rows whose key another row had already.
    duplicates: u64,
    /// Rows with a null or missing key part (they match nothing).
    null_keys: u64,
    malformed: u64,
}

/// Looks each event's key up in the side table.
struct TableJoin {
    table: Table,
    keys: KeyReader,
    /// The text path's output buffer and placement (`Attach::in_text`).
    scratch: (Vec<u8>, crate::splice::Placement),
    attach: Attach,
    kind: Kind,
    matched: u64,
    unmatched: u64,
    reload: Option<Reload>,
}

impl TableJoin {
    /// `--reload`: reads the side file again if it changed since it was last read; a failure
    /// keeps the table as it was, with a warning.
    fn reload_if_changed(&mut self, now: i64, out: &mut Out<'_>) -> Result<()> {
        let Some(reload) = &mut self.reload else {
            return Ok(());
        };
        if now.saturating_sub(reload.checked) < RELOAD_CHECK {
            return Ok(());
        }
        reload.checked = now;
        let stamp = Stamp::of(&reload.source.file);
        if stamp == reload.stamp {
            return Ok(());
        }
        let gone = stamp.0.is_none();
        reload.stamp = stamp;
        if gone {
            // Said once until it is back (and read again).
            let message = format!(
                "join: {} is gone; the table read before is kept",
                reload.source.file
            );
            out.diag()
                .warn_once(&format!("join-gone-{}", reload.reloads), &message);
            return Ok(());
        }
        let mut attach = self.attach.clone();
        match reload.source.load(&mut attach) {
            Ok(mut table) => {
                reload.reloads += 1;
                table.warn_dup = reload.warn_dup;
                self.keys = main_keys(&reload.main, &attach);
                self.table = table;
                self.attach = attach;
            }
            Err(e) => {
                let why = match &e {
                    Error::Runtime(e) => format!("{e:#}"),
                    other => other.to_string(),
                };
                let message = format!(
                    "join: {} changed but could not be read again; the table read before is kept: {why}",
                    reload.source.file
                );
                out.diag()
                    .warn_once(&format!("join-reload-{}", reload.reloads), &message);
            }
        }
        self.report_table(out)
    }

    /// Reports what reading the side table found that the run must hear of, once.
    fn report_table(&mut self, out: &mut Out<'_>) -> Result<()> {
        for (error, record) in std::mem::take(&mut self.table.pending) {
            report_malformed(error, &record, out)?;
        }
        if self.table.warn_keys {
            self.table.warn_keys = false;
            let message = format!(
                "join: no row of {} has a value for the key {}: no event can match \
                 (is the field called differently there? --on IN=OTHER)",
                self.table.file, self.table.key_names
            );
            out.diag().warn_once("join-no-keys", &message);
        }
        if self.table.warn_dup && self.table.counts.duplicates > 0 {
            self.table.warn_dup = false;
            let n = self.table.counts.duplicates;
            let (rows, repeat) = if n == 1 {
                ("row", "repeats")
            } else {
                ("rows", "repeat")
            };
            let message = format!(
                "join: {n} {rows} of {} {repeat} an earlier row's key; each match is emitted \
                 (--dup all; --dup first or --dup last keeps one row per key)",
                self.table.file
            );
            out.diag().warn_once("join-dup", &message);
        }
        Ok(())
    }

    /// Looks `event` up and passes on what `--kind` and `--dup` make of it.
    fn join(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        // A pristine NDJSON event is read and edited as text, without parsing it whole.
        let table = &self.table.rows;
        let (rows, in_text) = match event.json_text().and_then(|t| self.keys.key_in_text(t)) {
            Some(key) => (key.and_then(|k| table.get(k)), true),
            None => (self.keys.key(&event).and_then(|k| table.get(k)), false),
        };
        let Some(rows) = rows else {
            self.unmatched += 1;
            return match self.kind {
                Kind::Inner => {
                    out.filtered();
                    Ok(Flow::Continue)
                }
                Kind::Left => {
                    if !(in_text
                        && self
                            .attach
                            .in_text(&mut event, None, &self.keys, &mut self.scratch))
                    {
                        self.attach.unmatched(&mut event);
                    }
                    out.emit(event)
                }
                Kind::Anti => out.emit(event),
            };
        };
        self.matched += 1;
        if self.kind == Kind::Anti {
            out.filtered();
            return Ok(Flow::Continue);
        }
        let Some((last, before)) = rows.split_last() else {
            return Ok(Flow::Continue);
        };
        // One event per row, in file order: the first passed on, the others made of it.
        let mut attach = |event: &mut Event, row: &Value| {
            if !(in_text
                && self
                    .attach
                    .in_text(event, Some(row), &self.keys, &mut self.scratch))
            {
                self.attach.matched(event, row);
            }
        };
        for (i, row) in before.iter().enumerate() {
            let mut copy = event.clone();
            attach(&mut copy, row);
            let flow = if i == 0 {
                out.emit(copy)?
            } else {
                out.emit_made(copy)?
            };
            if flow == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        attach(&mut event, last);
        if before.is_empty() {
            out.emit(event)
        } else {
            out.emit_made(event)
        }
    }
}

impl Stage for TableJoin {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if let Some(reload) = &self.reload {
            let now = reload.clock.now();
            self.reload_if_changed(now, out)?;
        }
        if !self.table.pending.is_empty() || self.table.warn_dup || self.table.warn_keys {
            // Before the first event is passed on, so that `--on-error fail` stops the run with
            // nothing written; the event is then settled as filtered, so the counts add up.
            if let Err(e) = self.report_table(out) {
                out.filtered();
                return Err(e);
            }
        }
        self.join(event, out)
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        self.report_table(out)
    }

    fn tick(&mut self, now: i64, out: &mut Out<'_>) -> Result<Flow> {
        self.reload_if_changed(now, out)?;
        Ok(Flow::Continue)
    }

    fn next_deadline(&self) -> Option<i64> {
        let reload = self.reload.as_ref()?;
        Some(reload.checked.saturating_add(RELOAD_CHECK))
    }

    fn stats(&self) -> Option<Value> {
        let c = &self.table.counts;
        let int = |n: u64| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
        let mut m = Map::default();
        m.insert("side_rows".into(), int(c.rows));
        m.insert("side_keys".into(), int(self.table.rows.len() as u64));
        m.insert("side_duplicate_rows".into(), int(c.duplicates));
        m.insert("side_null_keys".into(), int(c.null_keys));
        m.insert("side_malformed".into(), int(c.malformed));
        if let Some(reload) = &self.reload {
            m.insert("reloads".into(), int(reload.reloads));
        }
        m.insert(
            "dup".into(),
            Value::from(match self.table.dup {
                Dup::All => "all",
                Dup::First => "first",
                Dup::Last => "last",
            }),
        );
        m.insert("matched".into(), int(self.matched));
        m.insert("unmatched".into(), int(self.unmatched));
        Some(Value::Object(m))
    }
}
