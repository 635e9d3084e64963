//! Input: sources, framing into records, and one decoder per format.
//!
//! A reader thread opens the sources in order, reads large blocks, splits them into lines
//! (`\n`, with an optional `\r` before it; the last line may lack `\n`; a UTF-8 BOM at the start
//! of a source is ignored), joins lines while the decoder says a record continues (CSV quotes),
//! decodes each record into an event, and sends one [`Batch`] per read to the pipeline. The
//! pipeline receives with a timeout, so ticks reach the stages even when input blocks forever.
//! The framing is [`framing::LineFramer`], shared with the parallel reader ([`parallel`]); each
//! format's facts are a row of [`format`](mod@format). [`read_events`] reads one source the same
//! way, as an iterator of events, for whoever needs a whole file (a side table).

pub mod ack;
pub mod budget;
pub mod clf;
pub mod compress;
pub mod csv;
pub mod detect;
pub mod filename;
pub mod follow;
pub mod format;
pub mod framing;
#[cfg(feature = "kafka")]
pub mod kafka;
pub mod lines;
pub mod listen;
pub mod logfmt;
pub mod messages;
pub mod multiline;
pub mod ndjson;
pub mod parallel;
pub mod position;
#[cfg(feature = "redis")]
pub mod redis;
pub mod syslog;
pub mod timed;
pub mod transport;
pub mod work;
pub mod zeek;

use std::fs::File;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::mpsc::SyncSender;

use crate::clock::SharedClock;
use crate::error::{DataError, DropReason, Error, Location};
use crate::event::{Event, LineEnd};
use crate::meter::Meter;
use crate::value::{Map, Value};
pub use format::InputFormat;
use framing::{Framed, LineFramer};
use position::{FileId, Fingerprint, Resume, SourcePosition};
use work::{Absorbed, Done, Found, ReaderWork};

/// Options of the decoders, from the global command line.
#[derive(Debug, Clone, Default)]
pub struct DecoderOptions {
    /// CSV/TSV delimiter, overriding `,` or tab.
    pub delimiter: Option<u8>,
    /// CSV/TSV: no header row; fields are `_1`, `_2`, ...
    pub no_header: bool,
    /// Keep every cell and logfmt value a string.
    pub no_infer: bool,
    /// Unquoted cells that mean null, besides the empty cell.
    pub nulls: Vec<String>,
    /// CSV/TSV: pad short rows, name extra cells by position.
    pub allow_ragged: bool,
    /// Syslog: the year of RFC 3164 timestamps.
    pub year: Option<i32>,
    /// Syslog: the instant the year guess reads back from (the source's modification time, or
    /// now), as seconds and nanoseconds since the Unix epoch; set per source when it is opened.
    pub reference: (i64, i32),
    /// `--max-record-size`: the longest record, in bytes; `None`: [`DEFAULT_MAX_RECORD`].
    pub max_record_size: Option<u64>,
    /// `--multiline-start` and its bounds: records of the line formats span lines.
    pub multiline: Option<multiline::Multiline>,
    /// `--with-filename`: the field every event read gets its source's name in.
    pub file_field: Option<filename::FileField>,
    /// The work the reader does for the head of the chain ([`crate::pushdown`]).
    pub work: Option<Box<dyn ReaderWork>>,
    /// Where the reader threads count their busy time and the bytes they read.
    pub meter: Meter,
}

/// The default `--max-record-size`: 64 MiB.
pub const DEFAULT_MAX_RECORD: usize = 64 << 20;

impl DecoderOptions {
    /// The longest record, in bytes (`--max-record-size`).
    pub fn max_record(&self) -> usize {
        self.max_record_size
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(DEFAULT_MAX_RECORD)
    }
}

/// A decoded record.
#[derive(Debug)]
pub struct Decoded {
    /// The event's value.
    pub value: Value,
    /// True when the record's bytes are exactly the NDJSON text of `value`.
    pub pristine: bool,
}

/// What a decoder made of one record.
#[derive(Debug)]
pub enum Record {
    /// An event with its value.
    Event(Decoded),
    /// An event with its value, for which the reader already did the work `.1`
    /// ([`ReaderWork::decode`]).
    Kept(Decoded, Done),
    /// An NDJSON object line that was validated but not parsed: its event parses the original
    /// bytes on first use ([`Event::lazy`]). The reader may already have done some of the
    /// chain's work for it ([`ReaderWork`]).
    Lazy(Done),
    /// Not an event: a header row, a comment or directive line.
    Structural,
    /// Rejected by the reader-side filter: stage `0` (0-based) of the chain was false for it.
    Filtered(usize),
}

impl Record {
    /// Makes the batch item of a decoded record (`Event`, `Kept` or `Lazy`): its event, where it
    /// enters the chain and what the reader found for that stage; `None` for the other outcomes.
    /// `ending` is how the record's last line ended (kept for `--errors`).
    pub fn into_item(
        self,
        record: &[u8],
        ending: LineEnd,
        location: Location,
        arrival: i64,
    ) -> Option<Item> {
        let (event, done) = match self {
            Record::Event(d) => {
                let event = Event::from_input(d.value, record, d.pristine, location, arrival);
                (event, Done::default())
            }
            Record::Kept(d, done) => {
                let event = Event::from_input(d.value, record, d.pristine, location, arrival);
                (event, done)
            }
            Record::Lazy(mut done) => {
                let event = match done.text.take() {
                    Some(text) => Event::lazy_edited(record, &text, location, arrival),
                    None => Event::lazy(record, location, arrival),
                };
                (event, done)
            }
            Record::Structural | Record::Filtered(_) => return None,
        };
        Some(Item::Event {
            event: event.with_ending(ending),
            start: done.start,
            found: done.found,
        })
    }

    /// The decoded value of an `Event` record (for tests of the decoders).
    #[cfg(test)]
    pub(crate) fn into_decoded(self) -> Option<Decoded> {
        match self {
            Record::Event(d) => Some(d),
            _ => None,
        }
    }
}

/// True when `EDDY_EAGER=1` is set: a debugging switch for the full path, in which NDJSON input
/// parses every line into a value up front instead of decoding lazily, and the reader does none
/// of the chain's work ([`crate::pushdown`]): every stage does its own. Read once per process.
pub fn eager_decoding() -> bool {
    static EAGER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *EAGER.get_or_init(|| std::env::var_os("EDDY_EAGER").is_some_and(|v| v == "1"))
}

/// Turns records of one source into values.
pub trait Decoder: Send {
    /// True when records are JSON text that the reader's work may validate and read itself
    /// ([`ReaderWork::decode`]): NDJSON, decoded lazily.
    fn json_text(&self) -> bool {
        false
    }

    /// True when every record is one line: [`Decoder::continues`] is always false and there is
    /// no [`Decoder::multiline`] rule. The framer then tells a line's record once a chunk,
    /// without asking per line ([`crate::input::framing::Take::line`]).
    fn one_line(&self) -> bool {
        false
    }

    /// True when `record` is not complete and continues on the next line (an open CSV quote).
    fn continues(&self, record: &[u8]) -> bool {
        let _ = record;
        false
    }

    /// The rule by which a record spans lines when it is not the decoder's own
    /// (`--multiline-start`): the framing then joins lines up to the next start line.
    fn multiline(&self) -> Option<&multiline::Multiline> {
        None
    }

    /// [`Decoder::continues`] for a record whose first `open_at` bytes were already found to
    /// continue (they end inside an open quoted cell): only the rest needs a look, so a record
    /// of many lines costs time linear in its length.
    fn continues_after(&self, record: &[u8], open_at: usize) -> bool {
        let _ = open_at;
        self.continues(record)
    }

    /// How many bytes of `data`, which starts a record, are whole lines that each close their
    /// record ([`Decoder::continues`] is false for each on its own), found without framing them
    /// line by line ([`csv::closed_lines`]): the parallel reader may cut a chunk after any of
    /// them. `None` when the decoder cannot tell so.
    fn closed_lines(&self, data: &[u8]) -> Option<usize> {
        let _ = data;
        None
    }

    /// Decodes one record (without its line terminator). `Err` is a malformed record with the
    /// message.
    fn decode(&mut self, record: &[u8]) -> Result<Record, String>;

    /// Converts only the top-level fields `keys` of `record` into `into` (a key the record
    /// lacks is removed from it), for the reader-side filter ([`ReaderWork::decode`]). `None`
    /// when the decoder cannot, or the record is not a plain event (a header, a malformed or
    /// ragged row): the record is then decoded whole.
    fn decode_fields(&mut self, record: &[u8], keys: &[String], into: &mut Map) -> Option<()> {
        let _ = (record, keys, into);
        None
    }
}

/// One item of a batch: an event, a malformed record, or a run of lines a reader-side filter
/// rejected.
// Events are the common item: boxing them would cost an allocation per event.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    /// A decoded event, which enters the chain at the 0-based stage `start` (the reader did the
    /// stages before it), with what the reader found for that stage.
    Event {
        /// The event.
        event: Event,
        /// The stage it enters the chain at.
        start: usize,
        /// What the reader found for that stage, if anything.
        found: Option<Box<Found>>,
    },
    /// A record that could not be decoded, with its original bytes and line end.
    Malformed(DataError, Vec<u8>),
    /// Consecutive lines rejected by the filter at 0-based `stage` ([`Record::Filtered`]).
    Filtered {
        /// The stage that rejected them.
        stage: usize,
        /// How many.
        lines: u64,
    },
    /// Consecutive events the reader took through the whole chain, as the NDJSON lines the
    /// output writes for them, each ending in `\n` ([`work::Done::output`]).
    Output {
        /// How many events.
        events: u64,
        /// Their lines.
        lines: Vec<u8>,
    },
    /// Events the reader aggregated in a stage's place ([`ReaderWork::absorb`]).
    Absorbed(Absorbed),
}

impl Item {
    /// The number of input records the item stands for.
    pub fn records(&self) -> u64 {
        match self {
            Item::Filtered { lines, .. } => *lines,
            Item::Absorbed(absorbed) => absorbed.events,
            Item::Output { events, .. } => *events,
            Item::Event { .. } | Item::Malformed(..) => 1,
        }
    }
}

/// What one read produced.
#[derive(Default)]
pub struct Batch {
    /// Events and malformed records, in input order.
    pub items: Vec<Item>,
    /// Lines read (every line, blank ones included). A record's lines count once the record
    /// ends: a read that ends inside a record spanning lines leaves its lines to a later batch.
    pub lines: u64,
    /// Blank lines skipped.
    pub blank: u64,
    /// Lines that belong to the format rather than to an event of their own: header rows,
    /// comment and directive lines, and the continuation lines of records spanning lines.
    pub structural: u64,
    /// Bytes read.
    pub bytes: u64,
    /// When its records were read (the clock's reading, the arrival of each of its events).
    pub arrival: i64,
    /// Multi-line records cut at a bound (`--multiline-max-lines`, `--multiline-max-bytes`):
    /// where each starts and what to say of it. Nothing of them is lost: their lines are in
    /// the records read.
    pub cut: Vec<(Location, String)>,
    /// Lines for stderr that go before the batch's own messages: the format guessed for a
    /// source (`choose_format`). The main thread writes them, in batch order with the data
    /// errors, so the two never interleave by timing.
    pub notes: Vec<String>,
    /// The reader's work holds absorbed events not yet added ([`Batch::close_absorbed`]).
    absorbing: bool,
    /// The batch's weight in the read-ahead budget, given back when it is dropped.
    pub held: budget::Held,
    /// How far its source has been read once the batch is processed (when the run tracks
    /// positions: `--state`, `--follow`).
    pub position: Option<SourcePosition>,
    /// A transport source's acknowledgement of the batch's messages, released once their output
    /// is flushed ([`ack`]).
    pub ack: Option<ack::Ack>,
}

/// What decodes the records of one source into a [`Batch`] ([`Batch::take_framed`]).
pub(crate) struct RecordReader<'a> {
    /// The source's decoder.
    pub decoder: &'a mut dyn Decoder,
    /// The reader-side work for the head of the chain.
    pub work: Option<&'a mut (dyn ReaderWork + 'static)>,
    /// `--with-filename`: sets a field of every event to its source's name.
    pub file: Option<&'a mut filename::FileField>,
    /// The source's name, for locations.
    pub source: &'a Arc<str>,
    /// When the records' bytes were read.
    pub arrival: i64,
}

/// Hands what [`LineFramer`] makes of a source's lines to a batch ([`Batch::take_framed`]): the
/// taker of the single-threaded reader and of the parallel reader's workers.
pub(crate) struct ToBatch<'a> {
    batch: &'a mut Batch,
    work: Option<&'a mut (dyn ReaderWork + 'static)>,
    file: Option<&'a mut filename::FileField>,
    source: &'a Arc<str>,
    arrival: i64,
    /// The source's position (`--state`, `--follow`) and the offset in the source of the data
    /// framed.
    tracking: Option<(&'a mut Tracking, u64)>,
}

impl<'a> ToBatch<'a> {
    /// A taker into `batch` of the records of `source`, read at `arrival`, with the reader-side
    /// `work` and `--with-filename`'s `file` field.
    pub(crate) fn new(
        batch: &'a mut Batch,
        work: Option<&'a mut (dyn ReaderWork + 'static)>,
        file: Option<&'a mut filename::FileField>,
        source: &'a Arc<str>,
        arrival: i64,
    ) -> ToBatch<'a> {
        ToBatch {
            batch,
            work,
            file,
            source,
            arrival,
            tracking: None,
        }
    }

    /// The batch, what decodes the records with `decoder`, and the tracking.
    #[inline(always)]
    fn parts<'r>(
        &'r mut self,
        decoder: &'r mut dyn Decoder,
    ) -> (
        &'r mut Batch,
        RecordReader<'r>,
        Option<&'r mut (&'a mut Tracking, u64)>,
    ) {
        let reader = RecordReader {
            decoder,
            work: self.work.as_deref_mut(),
            file: self.file.as_deref_mut(),
            source: self.source,
            arrival: self.arrival,
        };
        (&mut *self.batch, reader, self.tracking.as_mut())
    }
}

impl framing::Take for ToBatch<'_> {
    fn framed(&mut self, framed: Framed<'_>, decoder: &mut dyn Decoder, after: usize) {
        match self.parts(decoder) {
            (batch, reader, None) => batch.take_framed(framed, reader),
            (batch, reader, Some((t, base))) => {
                t.take_framed(batch, framed, reader, *base + after as u64);
            }
        }
    }

    /// Inlined into the framing loop: a line without `--state` or `--follow` goes straight to
    /// the batch ([`Batch::take_line`]).
    #[inline(always)]
    fn line(
        &mut self,
        text: &[u8],
        line: u64,
        end: LineEnd,
        decoder: &mut dyn Decoder,
        after: usize,
    ) {
        if self.tracking.is_some() {
            self.framed(Framed::line(text, line, end), decoder, after);
            return;
        }
        let (batch, reader, _) = self.parts(decoder);
        batch.take_line(text, line, end, reader);
    }
}

impl Batch {
    /// Adds a record the reader drops (`reason`), at `(source, line, continuation lines)`, with
    /// the bytes its side file gets.
    fn reject(
        &mut self,
        (source, line, continuation): (&Arc<str>, u64, u64),
        reason: DropReason,
        message: String,
        bytes: Vec<u8>,
    ) {
        self.lines += 1 + continuation;
        self.structural += continuation;
        let location = Location {
            source: Arc::clone(source),
            line,
        };
        let error = DataError {
            location,
            reason,
            message,
        };
        self.items.push(Item::Malformed(error, bytes));
    }

    /// Adds what the framer made of a line: a blank line is counted, a whole record is decoded
    /// (its continuation lines count as structural), a record cut off is malformed.
    ///
    /// Inlined into the read loop for the commonest case, a one-line record with reader-side
    /// work (most of them rejected by a leading filter); the rest goes out of line
    /// ([`Batch::take_other`]), the same way.
    #[inline(always)]
    pub(crate) fn take_framed(&mut self, framed: Framed<'_>, reader: RecordReader<'_>) {
        if let Framed::Record {
            text,
            line,
            continuation: 0,
            end,
            cut: None,
        } = &framed
            && reader.work.is_some()
        {
            self.take_line(text, *line, *end, reader);
            return;
        }
        self.take_other(framed, reader);
    }

    /// Adds a record of one line, number `line`: its `text` without its line end (`end`), as
    /// [`Batch::take_framed`] adds a [`Framed::Record`] of it.
    #[inline(always)]
    fn take_line(&mut self, text: &[u8], line: u64, end: LineEnd, mut reader: RecordReader<'_>) {
        let Some(work) = reader.work.as_deref_mut() else {
            self.take_other(Framed::line(text, line, end), reader);
            return;
        };
        self.lines += 1;
        let decoded = work.decode(reader.decoder, text);
        if let Ok(Record::Filtered(stage)) = decoded {
            self.push_filtered(stage);
            // It owns nothing: forgotten, not dropped through the generic (out-of-line)
            // drop of a `Record` (25 instructions a line, measured).
            std::mem::forget(decoded);
            return;
        }
        self.take_decoded(decoded, (text, line, end), reader);
    }

    /// [`Batch::take_framed`] out of line.
    #[inline(never)]
    fn take_other(&mut self, framed: Framed<'_>, mut reader: RecordReader<'_>) {
        let (text, line, ending) = match framed {
            Framed::Blank => {
                self.lines += 1;
                self.blank += 1;
                return;
            }
            Framed::Continues => return,
            Framed::CutOff {
                text,
                line,
                continuation,
            } => {
                // As read: the source has nothing after it, not even a line end.
                let at = (reader.source, line, continuation);
                self.reject(at, DropReason::Malformed, CUT_OFF.into(), text);
                return;
            }
            Framed::TooLong {
                prefix,
                line,
                continuation,
            } => {
                let message = format!(
                    "record longer than --max-record-size ({} bytes)",
                    prefix.len()
                );
                // The side file gets the first SIZE bytes, ended by `\n` (README, Limits).
                let mut kept = Vec::with_capacity(prefix.len() + 1);
                kept.extend_from_slice(&prefix);
                kept.push(b'\n');
                let at = (reader.source, line, continuation);
                self.reject(at, DropReason::TooLong, message, kept);
                return;
            }
            Framed::Record {
                text,
                line,
                continuation,
                end,
                cut,
            } => {
                self.lines += 1 + continuation;
                self.structural += continuation;
                if let Some(cut) = cut {
                    let at = Location {
                        source: Arc::clone(reader.source),
                        line,
                    };
                    self.cut.push((at, cut.message(line + continuation + 1)));
                }
                (text, line, end)
            }
        };
        let decoded = match reader.work.as_deref_mut() {
            Some(work) => work.decode(reader.decoder, &text),
            None => reader.decoder.decode(&text),
        };
        self.take_decoded(decoded, (&text, line, ending), reader);
    }

    /// Adds what `reader` decoded of `text` (line `line`, whose last line ended as `ending`).
    fn take_decoded(
        &mut self,
        decoded: Result<Record, String>,
        (text, line, ending): (&[u8], u64, LineEnd),
        reader: RecordReader<'_>,
    ) {
        let work = reader.work;
        let decoded = match decoded {
            Ok(Record::Lazy(done)) if work.is_some() && done.output => {
                self.push_output(done.text.as_deref().unwrap_or(text));
                return;
            }
            // Most records a leading filter rejects: counted here, without moving the whole
            // `Record` into `push`.
            Ok(Record::Filtered(stage)) => {
                self.push_filtered(stage);
                return;
            }
            decoded => decoded,
        };
        let location = || Location {
            source: Arc::clone(reader.source),
            line,
        };
        let items = self.items.len();
        self.push(decoded, (text, ending), location, reader.arrival, work);
        if let Some(file) = reader.file
            && self.items.len() > items
            && let Some(Item::Event { event, .. }) = self.items.last_mut()
        {
            file.set(event);
        }
    }

    /// Adds the output `line` of an event the reader took through the whole chain.
    fn push_output(&mut self, line: &[u8]) {
        if let Some(Item::Output { events, lines }) = self.items.last_mut() {
            *events += 1;
            lines.extend_from_slice(line);
            lines.push(b'\n');
            return;
        }
        // A run cut short by other items (every seventh line passes a filter) predicts short
        // runs: room for twice the last one, not a read's worth per item.
        let last_run = self.items.iter().rev().take(4).find_map(|item| match item {
            Item::Output { lines, .. } => Some(lines.len()),
            _ => None,
        });
        let room = last_run.map_or(OUTPUT_CAPACITY, |last| (2 * last).min(OUTPUT_CAPACITY));
        let mut lines = Vec::with_capacity(room.max(line.len() + 1));
        lines.extend_from_slice(line);
        lines.push(b'\n');
        self.items.push(Item::Output { events: 1, lines });
    }

    /// Counts a record that the leading filter at chain position `stage` rejected.
    fn push_filtered(&mut self, stage: usize) {
        match self.items.last_mut() {
            Some(Item::Filtered { stage: last, lines }) if *last == stage => *lines += 1,
            _ => self.items.push(Item::Filtered { stage, lines: 1 }),
        }
    }

    /// Adds what a decoder made of `record` (its text and how its last line ended); `location`
    /// is only built for an event or an error.
    /// An event the `work` absorbs is kept back ([`Batch::close_absorbed`] adds the groups).
    pub fn push(
        &mut self,
        decoded: Result<Record, String>,
        (record, ending): (&[u8], LineEnd),
        location: impl Fn() -> Location,
        arrival: i64,
        work: Option<&mut (dyn ReaderWork + 'static)>,
    ) {
        match decoded {
            Ok(Record::Structural) => self.structural += 1,
            Ok(Record::Filtered(stage)) => self.push_filtered(stage),
            Ok(mut record_kind) => {
                if let Some(work) = work {
                    let prepared = match &record_kind {
                        Record::Lazy(done) | Record::Kept(_, done) => {
                            Found::prepared_of(&done.found).is_some()
                        }
                        _ => false,
                    };
                    if prepared && work.absorb(&mut record_kind, record, &location) {
                        self.absorbing = true;
                        // A lazy record's work is dropped as such, not through the generic
                        // (out-of-line) drop of a `Record` (some 20 instructions a line).
                        if let Record::Lazy(done) = record_kind {
                            drop(done);
                        }
                        return;
                    }
                    self.close_absorbed(work);
                }
                if let Some(item) = record_kind.into_item(record, ending, location(), arrival) {
                    self.items.push(item);
                }
            }
            Err(message) => self.items.push(Item::Malformed(
                DataError {
                    location: location(),
                    reason: DropReason::Malformed,
                    message,
                },
                [record, ending.bytes()].concat(),
            )),
        }
    }
}

impl Batch {
    /// Adds the groups of the events the `work` kept back, if any: at the end of a batch, and
    /// before an event the stage takes itself, so that it gets everything in input order.
    pub fn close_absorbed(&mut self, work: &mut dyn ReaderWork) {
        if !std::mem::take(&mut self.absorbing) {
            return;
        }
        if let Some(absorbed) = work.take_absorbed() {
            self.items.push(Item::Absorbed(absorbed));
        }
    }
}

/// What a record cut off by a failing source is reported as ([`Framed::CutOff`]).
const CUT_OFF: &str = "record cut off: reading the source failed before its end";

/// Messages to the pipeline's main loop.
pub enum Message {
    /// Records from one read.
    Batch(Batch),
    /// All sources are exhausted.
    End,
    /// The reader cannot go on (a thread could not start); the run fails with status 3.
    Failed(Error),
    /// A source could not be opened or read to its end (its records read before are in the
    /// batches before this): it is reported, the next sources are read, and the run ends with
    /// status 3.
    SourceFailed(Error),
    /// SIGINT or SIGTERM arrived.
    Signal(i32),
    /// SIGHUP arrived: reopen the files written besides stdout.
    Reopen,
}

/// The name shown for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// The name a source is shown by in messages: the file name as given, or `<stdin>` for `-`.
pub fn source_name(name: &str) -> Arc<str> {
    Arc::from(if name == "-" { STDIN_NAME } else { name })
}

/// Opens a source: `-` is stdin, anything else a file; gzip and zstd are decompressed
/// (recognised by their magic bytes). The bytes read from it are counted in `meter`.
pub fn open_source(name: &str, meter: &Meter) -> io::Result<Box<dyn Read + Send>> {
    let raw: Box<dyn Read + Send> = if name == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(name)?)
    };
    Ok(compress::wrap(meter.counting(raw, is_regular_file(name)))?.0)
}

/// True when source `name` (`-` is stdin) is a regular file, which never makes a read wait.
fn is_regular_file(name: &str) -> bool {
    let path = if name == "-" { "/dev/stdin" } else { name };
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The run-failing error for a source that cannot be opened or read: `NAME: reason`.
pub fn source_error(shown: &str, e: &io::Error) -> Error {
    Error::runtime(format!("{shown}: {e}"))
}

/// True when `path` is a regular file that is one of the input `files`, by its real path (so
/// also when spelt differently or reached through a link; `-` is whatever stdin is). A file the
/// run writes (`tee`, `--errors`) must not be one it reads: it would be truncated, or grow
/// forever.
pub fn is_input_file(path: &std::path::Path, files: &[String]) -> bool {
    // Only a regular file can be truncated or grow: `/dev/null` may be both read and written.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(target) = std::fs::canonicalize(path) else {
        return false;
    };
    files.iter().any(|f| {
        let f = if f == "-" { "/dev/stdin" } else { f.as_str() };
        std::fs::canonicalize(f).is_ok_and(|p| p == target)
    })
}

/// The first two of `paths` that name one regular file (the same device and inode: through
/// `./`, a symbolic link or a hard link too), as given; files that do not exist, and devices
/// such as `/dev/null`, are no one's.
pub fn same_file(paths: &[std::path::PathBuf]) -> Option<(&std::path::Path, &std::path::Path)> {
    let mut seen: Vec<((u64, u64), &std::path::Path)> = Vec::new();
    for path in paths {
        let Some(id) = file_id(path) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == id) {
            return Some((first, path));
        }
        seen.push((id, path));
    }
    None
}

/// The device and inode of `path` when it is a regular file: what [`same_file`] compares.
pub fn file_id(path: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((meta.dev(), meta.ino()))
}

/// For a run that wants no input (`head 0`): opens every named file without reading it, so a
/// missing file is still an error (`SourceFailed`), then sends `End`.
pub fn open_only(sources: &[String], tx: &SyncSender<Message>) {
    for name in sources.iter().filter(|name| *name != "-") {
        if let Err(e) = File::open(name) {
            let shown = source_name(name);
            if tx
                .send(Message::SourceFailed(source_error(&shown, &e)))
                .is_err()
            {
                return;
            }
        }
    }
    let _ = tx.send(Message::End);
}

/// A file's modification time, or `now_ns` for stdin and when the time is unknown, as seconds
/// and nanoseconds since the Unix epoch.
fn reference_instant(name: &str, now_ns: i64) -> (i64, i32) {
    let mtime = (name != "-")
        .then(|| std::fs::metadata(name).and_then(|m| m.modified()).ok())
        .flatten()
        .and_then(|t| jiff::Timestamp::try_from(t).ok());
    let ts = mtime
        .or_else(|| jiff::Timestamp::from_nanosecond(i128::from(now_ns)).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    (ts.as_second(), ts.subsec_nanosecond())
}

/// Initial read-buffer size (grows for longer lines).
const READ_SIZE: usize = 256 * 1024;

/// The room an [`Item::Output`] starts with: a good part of a read's lines, so that it grows
/// a few times per read rather than a dozen.
const OUTPUT_CAPACITY: usize = 64 * 1024;

/// One source of a run as the reader is to read it.
#[derive(Debug)]
pub struct SourceSpec {
    /// Its name: a path, or `-` for stdin.
    pub name: String,
    /// The file, already opened (by `--state`, which checked it is the file it knows).
    pub file: Option<File>,
    /// Where an earlier run stopped reading it.
    pub resume: Option<Resume>,
    /// For the rest of a file rotated away since the last run (`--state`), the name it was read
    /// under then: its position is saved under that name (so the next run looks for it as
    /// rotated again), and `--follow` reads it to its end and lets it go, it does not follow
    /// its new name.
    pub rotated_from: Option<String>,
}

impl SourceSpec {
    /// A source read from its start.
    pub fn new(name: &str) -> SourceSpec {
        SourceSpec {
            name: name.to_owned(),
            file: None,
            resume: None,
            rotated_from: None,
        }
    }
}

/// How the serial reader reads its sources.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadMode {
    /// Send each batch's [`SourcePosition`] (`--state`).
    pub track: bool,
    /// Leave a file's last line unread while it has no line end: its writer may not have
    /// finished it (`--state` without `--final`; the next run reads it whole).
    pub hold_partial: bool,
}

/// Reads every source in order and sends batches until done or the receiver hangs up.
///
/// `format` is `--from`; without it each source's format comes from its extension or its first
/// line ([`detect`]).
pub fn read_all(
    sources: Vec<SourceSpec>,
    format: Option<InputFormat>,
    options: &DecoderOptions,
    clock: SharedClock,
    tx: &SyncSender<Message>,
    budget: &budget::Budget,
    mode: ReadMode,
) {
    for (index, spec) in sources.into_iter().enumerate() {
        let read = SourceReader::open_spec(spec, index, format, options, clock.clone(), mode)
            .and_then(|mut source| source.run(tx, budget));
        match read {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                if tx.send(Message::SourceFailed(e)).is_err() {
                    return;
                }
            }
        }
    }
    let _ = tx.send(Message::End);
}

/// Where [`read_events`] reads from.
pub enum Source {
    /// A file, or standard input for `-`, opened as the command line's sources are.
    Path(String),
    /// An open reader, shown as `name` in locations and messages.
    Reader {
        /// The name of the source.
        name: String,
        /// Its bytes.
        reader: Box<dyn Read + Send>,
    },
}

/// How [`read_events`] reads a source.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The format; `None`: from the extension or the first line, as without `--from`
    /// ([`detect`]).
    pub format: Option<InputFormat>,
    /// The decoders' options (`--delimiter`, `--no-header`, ...). Their reader-side work for a
    /// chain (`prefix`, `absorber`) is not done.
    pub decoder: DecoderOptions,
}

/// Why [`Events`] yields no event.
#[derive(Debug)]
pub enum ReadError {
    /// A record that could not be decoded; reading goes on after it.
    Malformed {
        /// Where it is and why it was rejected.
        error: DataError,
        /// Its original bytes, its line end included (as `--errors` writes them).
        record: Vec<u8>,
    },
    /// The source cannot be opened or read; this is the last item.
    Source(Error),
}

/// Reads one source into events through the same framing and decoders as the command line's
/// sources (decompressing gzip and zstd, skipping a byte order mark, joining CSV records that
/// span lines), for anyone who needs a whole file, such as a side table. The format guess, if
/// any, is said on stderr as for the command line's sources.
pub fn read_events(source: Source, options: &ReadOptions) -> Events {
    let decoder_options = DecoderOptions {
        work: None,
        ..options.decoder.clone()
    };
    let clock: SharedClock = Arc::new(crate::clock::SystemClock);
    let opened = match source {
        Source::Path(name) => SourceReader::open(&name, options.format, &decoder_options, clock),
        Source::Reader { name, reader } => compress::wrap(reader)
            .map_err(|e| source_error(&name, &e))
            .map(|(reader, _)| {
                SourceReader::with_reader(reader, &name, options.format, &decoder_options, clock)
            }),
    };
    match opened {
        Ok(source) => Events {
            source: Some(source),
            items: Vec::new().into_iter(),
            failed: None,
        },
        Err(e) => Events {
            source: None,
            items: Vec::new().into_iter(),
            failed: Some(e),
        },
    }
}

/// The events of one source, in order ([`read_events`]).
pub struct Events {
    /// `None` once the source is exhausted or failed.
    source: Option<SourceReader>,
    /// The rest of the last batch.
    items: std::vec::IntoIter<Item>,
    /// A failure to open the source, yielded first.
    failed: Option<Error>,
}

impl Iterator for Events {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            return Some(Err(ReadError::Source(e)));
        }
        loop {
            for item in self.items.by_ref() {
                match item {
                    Item::Event { event, .. } => return Some(Ok(event)),
                    Item::Malformed(error, record) => {
                        return Some(Err(ReadError::Malformed { error, record }));
                    }
                    // Only the reader-side work for a chain makes these, and none is asked for.
                    Item::Filtered { .. } | Item::Output { .. } | Item::Absorbed { .. } => {}
                }
            }
            match self.source.as_mut()?.next_batch() {
                Ok(Some(batch)) => self.items = batch.items.into_iter(),
                Ok(None) => {
                    self.source = None;
                    return None;
                }
                Err(e) => {
                    self.source = None;
                    return Some(Err(ReadError::Source(e)));
                }
            }
        }
    }
}

/// Frames and decodes one source, one read at a time.
struct SourceReader {
    reader: timed::TimedReader,
    name: Arc<str>,
    /// `None` until the first lines choose the format (no `--from`, no known extension).
    decoder: Option<Box<dyn Decoder>>,
    /// While the format is not chosen and some lines are held: when to choose it with the
    /// lines there are ([`detect::SAMPLE_WAIT`] after the first came).
    sample_until: Option<std::time::Instant>,
    /// How long the format guess waits for more lines after the first came
    /// ([`detect::SAMPLE_WAIT`]); `None` for a regular file, whose reads never wait for a writer:
    /// the guess then reads on to its sample without a deadline, so that it does not depend on
    /// timing.
    sample_wait: Option<std::time::Duration>,
    options: DecoderOptions,
    clock: SharedClock,
    lines: LineFramer,
    /// The bytes read and not framed yet are `buf[..filled]`.
    buf: Vec<u8>,
    filled: usize,
    /// False while the source may still start with a byte order mark.
    bom_checked: bool,
    /// Bytes of a read held back while waiting for a whole byte order mark, counted with the
    /// next batch.
    carried: u64,
    /// Room for as many items as the last batch had saves growing the list of a bulk read.
    items: usize,
    /// The source is exhausted.
    done: bool,
    /// The error that ended the source, returned after the batch of what it cut off.
    failed: Option<Error>,
    /// Time spent waiting for a writer in reads since [`SourceReader::run`] last looked.
    waited: std::time::Duration,
    /// The format of its records, once chosen.
    format: Option<InputFormat>,
    /// Notes for stderr not yet in a batch ([`Batch::notes`]).
    notes: Vec<String>,
    /// Where it has been read to, when the run tracks positions.
    tracking: Option<Tracking>,
    /// Followed (`--follow`): its end is a pause, not the end ([`follow`]).
    following: bool,
    /// Since when a followed file has been idle with a multi-line record open.
    idle_since: Option<std::time::Instant>,
    /// A connection (`--listen`): its end cuts off a last line without its line end, which is
    /// dropped as `what` says ([`listen`]), not read as a record.
    connection: Option<&'static str>,
}

/// What a source keeps to say where it was read to ([`SourcePosition`]).
struct Tracking {
    index: usize,
    /// The name its position is saved under, when not its own ([`SourceSpec::rotated_from`]).
    known_as: Option<Arc<str>>,
    id: Option<FileId>,
    fingerprint: Fingerprint,
    /// Bytes framed (after decompression), the byte order mark included.
    framed: u64,
    /// The end of the last whole record (or blank line): where the next run resumes.
    offset: u64,
    /// The number of its last line.
    line: u64,
    /// The bytes at the start that are only header, comment and blank lines.
    prelude: u64,
    /// No event has been read yet.
    in_prelude: bool,
    hold_partial: bool,
}

impl Tracking {
    /// Adds to `batch` what the framer made of a line, as [`Batch::take_framed`] does, and
    /// moves the position past it when it ends a record (or is blank), `end` being the offset
    /// after its line. Kept out of the framing loop's closure: runs without `--state` and
    /// `--follow` never call it.
    #[inline(never)]
    fn take_framed(
        &mut self,
        batch: &mut Batch,
        framed: Framed<'_>,
        reader: RecordReader<'_>,
        end: u64,
    ) {
        let last_line = framed.last_line();
        let before = (batch.lines, batch.structural + batch.blank);
        batch.take_framed(framed, reader);
        if batch.lines == before.0 {
            return; // A line of a record still open.
        }
        self.offset = end;
        self.line = last_line.unwrap_or(self.line + 1);
        if self.in_prelude {
            // A record all of whose lines are blank or structural sets the decoder up.
            if batch.lines - before.0 == batch.structural + batch.blank - before.1 {
                self.prelude = self.offset;
            } else {
                self.in_prelude = false;
            }
        }
    }
}

impl SourceReader {
    fn new(
        reader: Box<dyn Read + Send>,
        name: Arc<str>,
        decoder: Option<Box<dyn Decoder>>,
        clock: SharedClock,
    ) -> SourceReader {
        SourceReader {
            reader: timed::TimedReader::new(reader),
            name,
            decoder,
            sample_until: None,
            sample_wait: Some(detect::SAMPLE_WAIT),
            options: DecoderOptions::default(),
            clock,
            lines: LineFramer::default(),
            buf: vec![0u8; READ_SIZE],
            filled: 0,
            bom_checked: false,
            carried: 0,
            items: 0,
            done: false,
            failed: None,
            waited: std::time::Duration::ZERO,
            format: None,
            notes: Vec::new(),
            tracking: None,
            following: false,
            idle_since: None,
            connection: None,
        }
    }

    /// Opens the source of `spec`, the `index`th of the run, resuming where an earlier run
    /// stopped if it says so (the bytes before are not read again: a file is sought to the
    /// offset, a compressed one decompressed up to it), with the decoder set up by the file's
    /// prelude.
    fn open_spec(
        spec: SourceSpec,
        index: usize,
        format: Option<InputFormat>,
        options: &DecoderOptions,
        clock: SharedClock,
        mode: ReadMode,
    ) -> Result<SourceReader, Error> {
        let SourceSpec {
            name,
            file,
            resume,
            rotated_from,
        } = spec;
        if !mode.track {
            return SourceReader::open(&name, format, options, clock);
        }
        let shown = source_name(&name);
        let file = match file {
            Some(file) => Some(file),
            None if name == "-" => None,
            None => Some(File::open(&name).map_err(|e| source_error(&shown, &e))?),
        };
        let id = file.as_ref().and_then(FileId::of);
        let resume = resume.unwrap_or(Resume {
            offset: 0,
            line: 0,
            prelude: 0,
            format: None,
            skipping: false,
        });
        let format = format.or(resume.format);
        // Only a regular file can be read again from an offset: a pipe is read as it comes.
        let opened = match file {
            Some(file) if id.is_some() => position::open_at(file, &resume, &options.meter),
            Some(file) => compress::wrap(options.meter.counting(Box::new(file), false))
                .map(|(reader, _)| (reader, Vec::new())),
            None => open_source("-", &options.meter).map(|reader| (reader, Vec::new())),
        };
        let (reader, head) = opened.map_err(|e| source_error(&shown, &e))?;
        let mut source = SourceReader::with_reader(reader, &name, format, options, clock);
        if is_regular_file(&name) {
            source.sample_wait = None;
        }
        source.lines = LineFramer::starting_at(resume.line + 1, options.max_record());
        if resume.skipping {
            source.lines.skip_rest_of_line();
        }
        source.bom_checked = resume.offset > 0;
        let prelude = &head[..(resume.prelude as usize).min(head.len())];
        // Reading from the middle, the format is guessed from the file's start when no
        // extension or earlier run says it (`--follow-from end`): its first lines are there.
        if source.decoder.is_none() {
            let start = framing::bom_len(prelude, true).unwrap_or(0);
            let sample = detect::sample(&prelude[start..], true);
            if !sample.lines.is_empty() {
                let multiline = options.multiline.is_some();
                let format =
                    choose_format(&source.name, &sample.lines, multiline, &mut source.notes);
                source.decoder = Some(format.decoder(&source.options));
                source.format = Some(format);
            }
        }
        if let Some(decoder) = &mut source.decoder {
            position::replay_prelude(decoder.as_mut(), prelude, options.max_record());
        }
        let fingerprint = Fingerprint::of(&head[..head.len().min(resume.offset as usize)]);
        source.tracking = Some(Tracking {
            index,
            known_as: rotated_from.map(Arc::from),
            id,
            fingerprint,
            framed: resume.offset,
            offset: resume.offset,
            line: resume.line,
            prelude: resume.prelude,
            in_prelude: resume.offset == resume.prelude,
            hold_partial: mode.hold_partial,
        });
        Ok(source)
    }

    /// Where the source has been read to.
    fn position(&self) -> Option<SourcePosition> {
        let t = self.tracking.as_ref()?;
        Some(SourcePosition {
            index: t.index,
            name: Arc::clone(t.known_as.as_ref().unwrap_or(&self.name)),
            id: t.id,
            fingerprint: t.fingerprint,
            resume: Resume {
                offset: t.offset,
                line: t.line,
                prelude: t.prelude,
                format: self.format,
                skipping: self.lines.skipping(),
            },
        })
    }

    /// Opens source `name` (`-` is stdin) in `format`, else the format of its extension, else
    /// the one its first line looks like.
    fn open(
        name: &str,
        format: Option<InputFormat>,
        options: &DecoderOptions,
        clock: SharedClock,
    ) -> Result<SourceReader, Error> {
        let reader =
            open_source(name, &options.meter).map_err(|e| source_error(&source_name(name), &e))?;
        let mut source = SourceReader::with_reader(reader, name, format, options, clock);
        if is_regular_file(name) {
            source.sample_wait = None;
        }
        Ok(source)
    }

    /// Reads `reader`, the bytes of source `name`, as [`SourceReader::open`] does.
    fn with_reader(
        reader: Box<dyn Read + Send>,
        name: &str,
        format: Option<InputFormat>,
        options: &DecoderOptions,
        clock: SharedClock,
    ) -> SourceReader {
        let mut options = options.clone();
        options.reference = reference_instant(name, clock.now());
        let format = format.or_else(|| detect::from_extension(name));
        let decoder = format.map(|f| f.decoder(&options));
        let mut source = SourceReader::new(reader, source_name(name), decoder, clock);
        source.format = format;
        source.lines = LineFramer::new(options.max_record());
        source.options = options;
        source
    }

    /// Reads to the end, sending a batch per read, each taking its weight from `budget` (which
    /// waits while the batches sent and not yet processed weigh too much). Returns `Ok(false)`
    /// when the receiver hung up (stop everything). The time not spent waiting is the reader's
    /// busy time.
    fn run(&mut self, tx: &SyncSender<Message>, budget: &budget::Budget) -> Result<bool, Error> {
        let mut busy = self.options.meter.stopwatch(crate::meter::Role::Reader);
        while let Some(batch) = self.next_held(budget, &mut busy)? {
            if busy.wait(|| tx.send(Message::Batch(batch)).is_err()) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// [`SourceReader::next_batch`], its weight taken from `budget`; the time it took, less
    /// its waits (for a writer, for room), counted in `busy`.
    fn next_held(
        &mut self,
        budget: &budget::Budget,
        busy: &mut crate::meter::Busy,
    ) -> Result<Option<Batch>, Error> {
        let next = self.next_batch();
        busy.exclude(std::mem::take(&mut self.waited));
        let Some(mut batch) = next? else {
            return Ok(None);
        };
        let weight = budget::weight(batch.bytes, batch.items.len());
        let queued = budget::Queued {
            lines: batch.lines,
            bytes: batch.bytes,
        };
        // Held since it was read: its decoding.
        let decoding = u64::try_from(self.clock.now().saturating_sub(batch.arrival));
        let decoding = std::time::Duration::from_nanos(decoding.unwrap_or(0));
        batch.held = busy.wait(|| budget.take(weight, queued, decoding));
        Ok(Some(batch))
    }

    /// Reads once and frames and decodes what was read; `None` at the end of the source. A
    /// source that fails hands on what it cut off first ([`SourceReader::cut_off`]), then its
    /// error.
    fn next_batch(&mut self) -> Result<Option<Batch>, Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        // Whatever is held unframed is shorter than a record too long (the framer takes that as
        // soon as it is known), so the buffer needs no more room than that.
        let max_held = self.options.max_record().saturating_add(2);
        while !self.done {
            if self.filled == self.buf.len() {
                let grown = (self.buf.len() * 2).min(max_held.max(self.buf.len() + 1));
                self.buf.resize(grown, 0);
            }
            // While lines wait for the format to be chosen, a pipe that pauses is not waited
            // for: the format is chosen with what it sent (`paused`). So is one that pauses
            // inside a multi-line record: the record ends.
            let deadline = self.sample_until.or_else(|| self.record_deadline());
            let room = &mut self.buf[self.filled..];
            // A read of a source that is not a regular file waits for its writer: not busy.
            let began = self.sample_wait.map(|_| std::time::Instant::now());
            let read = match deadline {
                Some(deadline) => self.reader.read_until(room, deadline),
                None => Some(self.reader.read(room)),
            };
            self.waited += began.map(|b| b.elapsed()).unwrap_or_default();
            let (n, paused) = match read {
                Some(Ok(n)) => (n, false),
                None => (0, true),
                Some(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                Some(Err(e)) => return self.cut_off(source_error(&self.name, &e)),
            };
            // A followed file at its end is not ended: it is idle until its writer writes more.
            let idle = n == 0 && !paused && self.following;
            if n > 0 {
                self.idle_since = None;
            }
            let paused = paused || idle;
            let bytes = n as u64 + std::mem::take(&mut self.carried);
            let at_end = n == 0 && !paused;
            if let Some(t) = &mut self.tracking
                && !t.fingerprint.full()
            {
                t.fingerprint
                    .extend(&self.buf[self.filled..self.filled + n]);
            }
            self.filled += n;
            let mut start = 0;
            if !self.bom_checked {
                let Some(bom) = framing::bom_len(&self.buf[..self.filled], at_end) else {
                    self.carried = bytes;
                    if idle {
                        return Ok(None);
                    }
                    continue;
                };
                self.bom_checked = true;
                start = bom;
            }
            // A read that ends no line leaves nothing to frame: read on without scanning what is
            // held again (a long line arriving in small reads from a pipe stays linear).
            if !at_end
                && !paused
                && start == 0
                && self.filled < max_held
                && memchr::memchr(b'\n', &self.buf[self.filled - n..self.filled]).is_none()
            {
                self.carried = bytes;
                continue;
            }
            if !at_end && !paused && self.samples(start) {
                self.carried = bytes;
                continue;
            }
            let hold = self.tracking.as_ref().is_some_and(|t| t.hold_partial);
            let ending = if at_end && self.connection.is_some() {
                Ending::CutOff
            } else if at_end && !hold {
                Ending::End
            } else if paused && self.sample_until.is_none() && (!idle || self.idle_record_ends()) {
                Ending::Paused
            } else {
                Ending::More
            };
            let mut batch = self.frame_held(start, bytes, ending);
            if let Some(what) = self.connection.filter(|_| at_end) {
                listen::closed_inside_a_line(&mut batch, what);
            }
            self.done = at_end;
            let any = !batch.items.is_empty()
                || batch.lines > 0
                || batch.bytes > 0
                || !batch.notes.is_empty();
            if any || idle {
                return Ok(any.then_some(batch));
            }
        }
        Ok(None)
    }

    /// When to end the multi-line record open on a live source if no line comes by then
    /// (`--multiline-timeout`); `None` when none is open, or for a regular file, whose reads
    /// never wait for a writer (its end ends the record).
    fn record_deadline(&self) -> Option<std::time::Instant> {
        let rule = self.decoder.as_ref()?.multiline()?;
        let live = self.sample_wait.is_some();
        (live && self.lines.record_open()).then(|| std::time::Instant::now() + rule.timeout)
    }

    /// A followed file is idle with a multi-line record open: true once it has been idle for
    /// `--multiline-timeout` (the record ends then, as on a pipe that pauses); the first idle
    /// read starts the wait. False without multi-line records: a CSV record whose quote is open
    /// waits for its lines.
    fn idle_record_ends(&mut self) -> bool {
        let Some(rule) = self.decoder.as_ref().and_then(|d| d.multiline()) else {
            return false;
        };
        if !self.lines.record_open() {
            return false;
        }
        let now = std::time::Instant::now();
        now >= *self.idle_since.get_or_insert(now) + rule.timeout
    }

    /// True while the format is still to be chosen and the lines held from `start` are not
    /// enough to choose it yet ([`detect::sample`]): the lines are held, and on a live source the
    /// next read waits until [`detect::SAMPLE_WAIT`] after the first came, not longer.
    fn samples(&mut self, start: usize) -> bool {
        if self.decoder.is_some() {
            return false;
        }
        let sample = detect::sample(&self.buf[start..self.filled], false);
        if sample.lines.is_empty() || sample.full {
            return false;
        }
        if let Some(wait) = self.sample_wait {
            let now = std::time::Instant::now();
            let until = *self.sample_until.get_or_insert(now + wait);
            if now >= until {
                return false;
            }
        }
        // The byte order mark goes now: what is held is framed from its start later.
        self.buf.copy_within(start..self.filled, 0);
        self.filled -= start;
        if let Some(t) = &mut self.tracking {
            t.framed += start as u64;
        }
        true
    }

    /// The source failed with `error`: the bytes held unframed, with a record still open, are
    /// the last record, which the failure cut off. They go in a last batch, malformed
    /// ([`Framed::CutOff`]); the next call returns the error.
    fn cut_off(&mut self, error: Error) -> Result<Option<Batch>, Error> {
        self.done = true;
        let bytes = std::mem::take(&mut self.carried);
        let start = if self.bom_checked {
            0
        } else {
            framing::bom_len(&self.buf[..self.filled], true).unwrap_or(0)
        };
        let batch = self.frame_held(start, bytes, Ending::CutOff);
        if batch.items.is_empty() && batch.lines == 0 && batch.bytes == 0 && batch.notes.is_empty()
        {
            return Err(error);
        }
        self.failed = Some(error);
        Ok(Some(batch))
    }

    /// Frames and decodes the bytes held from `start` into a batch of `bytes` bytes read, as
    /// `ending` says, choosing the format first if it is not chosen yet and can be.
    fn frame_held(&mut self, start: usize, bytes: u64, ending: Ending) -> Batch {
        let arrival = self.clock.now();
        let mut batch = Batch {
            bytes,
            arrival,
            items: Vec::with_capacity(self.items),
            ..Batch::default()
        };
        let data = &self.buf[start..self.filled];
        if self.decoder.is_none() {
            let sample = detect::sample(data, ending == Ending::End);
            if !sample.lines.is_empty() {
                let multiline = self.options.multiline.is_some();
                let format = choose_format(&self.name, &sample.lines, multiline, &mut self.notes);
                self.decoder = Some(format.decoder(&self.options));
                self.format = Some(format);
                self.sample_until = None;
            }
        }
        batch.notes = std::mem::take(&mut self.notes);
        // Until the format is chosen every line is blank, and the framer asks no decoder
        // about blank lines.
        let mut no_decoder = lines::LinesDecoder;
        let decoder: &mut dyn Decoder = match &mut self.decoder {
            Some(decoder) => decoder.as_mut(),
            None => &mut no_decoder,
        };
        let take = &mut ToBatch {
            batch: &mut batch,
            work: self.options.work.as_deref_mut(),
            file: self.options.file_field.as_mut(),
            source: &self.name,
            arrival,
            tracking: (self.tracking.as_mut()).map(|t| {
                let base = t.framed + start as u64;
                (t, base)
            }),
        };
        let taken = match ending {
            Ending::More => self.lines.frame_to(data, false, decoder, take),
            Ending::Paused => self.lines.frame_paused(data, decoder, take),
            Ending::End => self.lines.frame_to(data, true, decoder, take),
            Ending::CutOff => {
                self.lines.frame_cut_off(data, decoder, take);
                data.len()
            }
        };
        let consumed = start + taken;
        self.buf.copy_within(consumed..self.filled, 0);
        self.filled -= consumed;
        if let Some(t) = &mut self.tracking {
            t.framed += consumed as u64;
        }
        batch.position = self.position();
        if let Some(work) = &mut self.options.work {
            batch.close_absorbed(work.as_mut());
        }
        self.items = batch.items.len();
        batch
    }
}

/// How the bytes a source holds unframed end ([`SourceReader::frame_held`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// More may follow: only whole lines are framed.
    More,
    /// More may follow, but a live source paused with a multi-line record open for
    /// `--multiline-timeout`: whole lines are framed, and the record ends.
    Paused,
    /// The source ended: the last line may lack its `\n`.
    End,
    /// Reading the source failed: the rest is a record cut off.
    CutOff,
}

/// The format the first non-blank `lines` of source `name` say it is ([`detect::guess`];
/// under `--multiline-start`, of the formats it applies to), with a line for stderr in `notes`
/// unless they are all JSON ([`Batch::notes`]).
pub(crate) fn choose_format(
    name: &str,
    lines: &[&[u8]],
    multiline: bool,
    notes: &mut Vec<String>,
) -> InputFormat {
    let mut guess = detect::guess(lines);
    if multiline {
        guess = guess.for_multiline();
    }
    if let Some(note) = guess.note() {
        notes.push(format!("eddy: {name}: {note}"));
    }
    guess.format.unwrap_or(InputFormat::Lines)
}

/// Reads `input` as one source named `t` (for tests): the items, lines and blank lines.
#[cfg(test)]
pub(crate) fn read_items(
    input: &[u8],
    format: Option<InputFormat>,
    options: &DecoderOptions,
) -> (Vec<Item>, u64, u64) {
    let (tx, rx) = std::sync::mpsc::sync_channel(1 << 16);
    let mut src = SourceReader::new(
        Box::new(io::Cursor::new(input.to_vec())),
        Arc::from("t"),
        format.map(|f| f.decoder(options)),
        Arc::new(crate::clock::SystemClock),
    );
    src.options = options.clone();
    assert!(src.run(&tx, &budget::Budget::unlimited()).unwrap_or(false));
    drop(tx);
    let (mut items, mut lines, mut blank) = (Vec::new(), 0, 0);
    for msg in rx {
        if let Message::Batch(b) = msg {
            lines += b.lines;
            blank += b.blank;
            items.extend(b.items);
        }
    }
    (items, lines, blank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_files_are_recognised_by_their_real_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("in.ndjson");
        std::fs::write(&file, "{}\n").unwrap();
        let other = dir.path().join("other.ndjson");
        let spelt = format!("{}/./in.ndjson", dir.path().display());
        assert!(is_input_file(&file, &["x".into(), spelt]));
        assert!(!is_input_file(&file, &[other.display().to_string()]));
        assert!(!is_input_file(&other, &[file.display().to_string()]));
        // Devices are not files that could be truncated: `--errors /dev/null < /dev/null`.
        let null = std::path::Path::new("/dev/null");
        assert!(!is_input_file(null, &["/dev/null".into(), "-".into()]));
    }

    /// Reads `input` as one source and returns (values as JSON or errors, lines, blank).
    fn read(input: &[u8], format: InputFormat) -> (Vec<String>, u64, u64) {
        read_with(input, Some(format), &DecoderOptions::default())
    }

    fn read_with(
        input: &[u8],
        format: Option<InputFormat>,
        options: &DecoderOptions,
    ) -> (Vec<String>, u64, u64) {
        let (items, lines, blank) = read_items(input, format, options);
        let out = items
            .into_iter()
            .map(|item| match item {
                Item::Event { event: e, .. } => {
                    format!("{}@{}", e.value().to_json(), e.location().line)
                }
                Item::Malformed(err, _) => format!("ERR {err}"),
                Item::Filtered { stage, lines } => format!("FILTERED {stage} {lines}"),
                Item::Absorbed(a) => format!("ABSORBED {} {}", a.stage, a.events),
                Item::Output { events, lines } => {
                    format!("OUTPUT {events} {}", String::from_utf8_lossy(&lines))
                }
            })
            .collect();
        (out, lines, blank)
    }

    #[test]
    fn csv_framing_crlf_bom_embedded_newlines_and_no_final_newline() {
        let input = b"\xEF\xBB\xBFid,text\r\n1,\"two\r\nlines, \"\"quoted\"\"\"\r\n\r\n2,plain\r\n3,\"\"\r\n4,\"open";
        let (out, lines, blank) = read(input, InputFormat::Csv);
        assert_eq!(
            out,
            [
                r#"{"id":1,"text":"two\nlines, \"quoted\""}@2"#,
                r#"{"id":2,"text":"plain"}@5"#,
                r#"{"id":3,"text":""}@6"#,
                "ERR t:7: unterminated quoted cell starting at column 3",
            ]
        );
        assert_eq!((lines, blank), (7, 1));
    }

    #[test]
    fn times_of_log_formats_are_read_by_the_window_time_parser() {
        use crate::time::{TimeFormat, parse_timestamp};
        let options = DecoderOptions {
            year: Some(2018),
            ..DecoderOptions::default()
        };
        for (format, line, expected) in [
            (
                InputFormat::Combined,
                r#"1.2.3.4 - - [17/May/2015:10:05:03 -0700] "GET / HTTP/1.1" 200 5 "-" "x""#,
                "2015-05-17T17:05:03Z",
            ),
            (
                InputFormat::Syslog,
                "Mar 27 13:06:56 h sshd[1]: x",
                "2018-03-27T13:06:56Z",
            ),
            (
                InputFormat::Syslog,
                "<34>1 2018-10-11T22:14:15.003Z h su - - - x",
                "2018-10-11T22:14:15.003Z",
            ),
        ] {
            let d = format
                .decoder(&options)
                .decode(line.as_bytes())
                .unwrap()
                .into_decoded()
                .unwrap();
            let Value::Object(m) = d.value else { panic!() };
            let ns =
                parse_timestamp(&m["time"], &TimeFormat::Auto, &jiff::tz::TimeZone::UTC).unwrap();
            assert_eq!(crate::value::format_rfc3339(ns), expected);
        }
    }

    #[test]
    fn a_stray_quote_does_not_swallow_the_input() {
        let mut input = b"a,b\n1,\"stray\n".to_vec();
        for _ in 0..framing::MAX_RECORD_LINES + 5 {
            input.extend_from_slice(b"2,x\n");
        }
        let (out, _, _) = read(&input, InputFormat::Csv);
        assert!(
            out[0].starts_with("ERR t:2: unterminated quoted cell"),
            "{}",
            out[0]
        );
        assert_eq!(out.len(), 1 + 6);
        assert_eq!(out[1], r#"{"a":2,"b":"x"}@10002"#);
    }

    #[test]
    fn ragged_rows_report_their_line() {
        let (out, _, _) = read(b"a,b\n1,2\n3\n4,5\n", InputFormat::Tsv);
        assert_eq!(out.len(), 3);
        let (out, _, _) = read(b"a,b\n1,2\n3\n4,\"x\ny\",6\n", InputFormat::Csv);
        assert_eq!(
            out[1],
            "ERR t:3: row has 1 fields, the header has 2 (use --allow-ragged to pad)"
        );
        assert_eq!(
            out[2],
            "ERR t:4: row has 3 fields, the header has 2 (use --allow-ragged to pad)"
        );
    }

    #[test]
    fn sniffing_picks_a_format_or_lines() {
        let (out, _, _) = read_with(b"a,b\n1,x\n", None, &DecoderOptions::default());
        assert_eq!(out, [r#"{"a":1,"b":"x"}@2"#]);
        // The first line is judged without its `\r`.
        let (out, _, _) = read_with(b"\r\na,b\r\n1,x\r\n", None, &DecoderOptions::default());
        assert_eq!(out, [r#"{"a":1,"b":"x"}@3"#]);
        let (out, _, _) = read_with(b"\nhello\nworld", None, &DecoderOptions::default());
        assert_eq!(out, [r#"{"line":"hello"}@2"#, r#"{"line":"world"}@3"#]);
        // A banner before JSON lines, also one behind a byte order mark, is a malformed line
        // of NDJSON.
        let (out, _, _) = read_with(
            b"\xEF\xBB\xBFStarting\n{\"a\":1}\n",
            None,
            &DecoderOptions::default(),
        );
        assert!(out[0].starts_with("ERR t:1: invalid JSON"), "{out:?}");
        assert_eq!(out[1], r#"{"a":1}@2"#);
    }

    /// A pipe fed from a channel: each read waits for the next chunk; it ends when the sender
    /// is dropped.
    pub(crate) struct Pipe(pub(crate) std::sync::mpsc::Receiver<Vec<u8>>);

    impl Read for Pipe {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let chunk = self.0.recv().unwrap_or_default();
            buf[..chunk.len()].copy_from_slice(&chunk);
            Ok(chunk.len())
        }
    }

    /// The format is guessed from the lines a live pipe sends in quick succession, and a pipe
    /// that pauses is not waited for: its lines so far decide, and they are handed on.
    #[test]
    fn the_guess_samples_a_pipe_without_waiting_for_it() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut src = SourceReader::new(
            Box::new(Pipe(rx)),
            Arc::from("t"),
            None,
            Arc::new(crate::clock::SystemClock),
        );
        // A wait no scheduler delay reaches, so the second read always comes within it.
        src.sample_wait = Some(std::time::Duration::from_secs(2));
        // Two writes: the first read gets the banner alone.
        tx.send(b"Starting app\n".to_vec()).unwrap();
        tx.send(b"{\"a\":1}\n".to_vec()).unwrap();
        let started = std::time::Instant::now();
        let batch = src
            .next_batch()
            .unwrap()
            .expect("a batch while the pipe is open");
        let kinds: Vec<&str> = batch
            .items
            .iter()
            .map(|item| match item {
                Item::Malformed(..) => "malformed",
                Item::Event { .. } => "event",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["malformed", "event"]);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        // Later lines are read with the format chosen, without waiting.
        tx.send(b"{\"a\":2}\n".to_vec()).unwrap();
        let batch = src.next_batch().unwrap().expect("the next line");
        assert_eq!((batch.items.len(), batch.lines), (1, 1));
        drop(tx);
        assert!(src.next_batch().unwrap().is_none());
    }

    #[test]
    fn compressed_sources_are_read_through() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"a\tb\n1\t2\n").unwrap();
        let gz = enc.finish().unwrap();
        let (reader, _) = compress::wrap(Box::new(io::Cursor::new(gz))).unwrap();
        let (tx, rx) = std::sync::mpsc::sync_channel(16);
        let mut src = SourceReader::new(
            reader,
            Arc::from("t"),
            Some(InputFormat::Tsv.decoder(&DecoderOptions::default())),
            Arc::new(crate::clock::SystemClock),
        );
        assert!(src.run(&tx, &budget::Budget::unlimited()).unwrap());
        drop(tx);
        let mut got = Vec::new();
        for msg in rx {
            if let Message::Batch(b) = msg {
                for item in b.items {
                    if let Item::Event { event: e, .. } = item {
                        got.push(e.value().to_json());
                    }
                }
            }
        }
        assert_eq!(got, [r#"{"a":1,"b":2}"#]);
    }

    #[test]
    fn crlf_bom_blank_and_missing_final_newline() {
        let (out, lines, blank) = read(
            b"\xEF\xBB\xBF{\"a\":1}\r\n\n{\"a\":2}\r\n{\"a\":3}",
            InputFormat::Ndjson,
        );
        assert_eq!(out, ["{\"a\":1}@1", "{\"a\":2}@3", "{\"a\":3}@4"]);
        assert_eq!((lines, blank), (4, 1));
    }

    #[test]
    fn malformed_lines_are_reported_with_location() {
        let (out, _, _) = read(b"{\"a\":1}\n{\"a\" 2}\n", InputFormat::Ndjson);
        assert_eq!(out[0], "{\"a\":1}@1");
        assert!(out[1].starts_with("ERR t:2: invalid JSON"), "{}", out[1]);
    }

    /// What `read_events` yields for `input` in `format`: events as JSON with their line, and
    /// errors with the original bytes.
    fn events(input: Vec<u8>, format: Option<InputFormat>) -> Vec<String> {
        let source = Source::Reader {
            name: "side".to_owned(),
            reader: Box::new(io::Cursor::new(input)),
        };
        let options = ReadOptions {
            format,
            ..ReadOptions::default()
        };
        read_events(source, &options)
            .map(|item| match item {
                Ok(e) => format!("{}@{}", e.value().to_json(), e.location()),
                Err(ReadError::Malformed { error, record }) => {
                    format!("ERR {error} {:?}", String::from_utf8_lossy(&record))
                }
                Err(ReadError::Source(e)) => format!("FAILED {e}"),
            })
            .collect()
    }

    #[test]
    fn read_events_yields_ndjson_events_and_malformed_lines() {
        let got = events(
            b"\xEF\xBB\xBF{\"a\":1}\r\n\n{\"a\" 2}\n[3]".to_vec(),
            Some(InputFormat::Ndjson),
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], r#"{"a":1}@side:1"#);
        assert!(
            got[1].starts_with("ERR side:3: invalid JSON") && got[1].ends_with(r#" "{\"a\" 2}\n""#),
            "{}",
            got[1]
        );
        assert_eq!(got[2], r#"{"value":[3]}@side:4"#);
    }

    #[test]
    fn read_events_joins_csv_records_across_lines() {
        let got = events(b"id,text\n1,\"two\nlines\"\n2,x\n3\n".to_vec(), None);
        assert_eq!(
            got,
            [
                r#"{"id":1,"text":"two\nlines"}@side:2"#,
                r#"{"id":2,"text":"x"}@side:4"#,
                r#"ERR side:5: row has 1 fields, the header has 2 (use --allow-ragged to pad) "3\n""#,
            ]
        );
    }

    #[test]
    fn read_events_reads_gzip_and_reports_a_missing_file() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"a\tb\n1\t2\n").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(
            events(gz, Some(InputFormat::Tsv)),
            [r#"{"a":1,"b":2}@side:2"#]
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("table.csv.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"k,v\nx,1\n").unwrap();
        std::fs::write(&path, enc.finish().unwrap()).unwrap();
        let path = path.to_string_lossy().into_owned();
        let got: Vec<_> = read_events(Source::Path(path.clone()), &ReadOptions::default())
            .map(|item| item.map(|e| e.value().to_json()).unwrap())
            .collect();
        assert_eq!(got, [r#"{"k":"x","v":1}"#]);
        let missing = format!("{path}.nope");
        let mut items = read_events(Source::Path(missing.clone()), &ReadOptions::default());
        match items.next() {
            Some(Err(ReadError::Source(e))) => assert!(e.to_string().contains(&missing), "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(items.next().is_none());
    }

    /// A reader that hands out a few bytes per read, as a pipe does under a slow writer.
    struct Trickle(io::Cursor<Vec<u8>>, usize);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.1);
            self.0.read(&mut buf[..n])
        }
    }

    /// A long line that arrives a few bytes per read is read once, not rescanned per read
    /// (which took time quadratic in its length: 100 MB from a pipe in 4.3 s, 400 MB in 63 s).
    /// Half a million reads here; rescanning would cost ~10^11 byte comparisons.
    #[test]
    fn a_long_line_from_small_reads_is_read_in_linear_time() {
        let line = format!("{{\"s\":\"{}\"}}\n{{\"a\":1}}", "x".repeat(1 << 20));
        let (tx, rx) = std::sync::mpsc::sync_channel(1 << 16);
        let mut src = SourceReader::new(
            Box::new(Trickle(io::Cursor::new(line.into_bytes()), 2)),
            Arc::from("t"),
            Some(InputFormat::Ndjson.decoder(&DecoderOptions::default())),
            Arc::new(crate::clock::SystemClock),
        );
        assert!(src.run(&tx, &budget::Budget::unlimited()).unwrap());
        drop(tx);
        let (mut events, mut bytes, mut lines) = (0, 0, 0);
        for msg in rx {
            if let Message::Batch(b) = msg {
                events += b.items.len();
                bytes += b.bytes;
                lines += b.lines;
            }
        }
        assert_eq!((events, lines, bytes), (2, 2, (1 << 20) + 9 + 7));
    }

    #[test]
    fn very_long_lines() {
        let long = format!("{{\"s\":\"{}\"}}\n", "x".repeat(3 * READ_SIZE));
        let (out, _, _) = read(long.as_bytes(), InputFormat::Ndjson);
        assert_eq!(out.len(), 1);
        assert!(out[0].len() > 3 * READ_SIZE);
    }
}
