//! Output: the [`Sink`] trait, the buffering policy ([`OutputStream`]), and one writer per
//! format.
//!
//! Bulk runs fill a 256 KiB buffer before writing; line-buffered runs (a terminal, or
//! `--line-buffered`) write after every event. Whatever the mode, the pipeline flushes whenever
//! the input has nothing more to give right now, so live readers see results promptly.

pub mod chart;
pub mod collect;
pub mod csv;
pub mod http;
#[cfg(feature = "kafka")]
pub mod kafka;
pub mod live;
pub mod logfmt;
#[cfg(any(feature = "redis", feature = "kafka"))]
pub mod messages;
pub mod ndjson;
pub mod raw;
#[cfg(feature = "redis")]
pub mod redis;
#[cfg(test)]
mod roundtrip;
pub mod table;

use std::io::{self, Write};

use crate::error::{Location, Result, UsageError};
use crate::event::Event;
use crate::value::{Value, write_float, write_json};

/// Where events end up.
pub trait Sink {
    /// Writes one event.
    fn write(&mut self, event: &Event) -> io::Result<()>;

    /// Writes the events whose JSON texts are `lines`, each ending in `\n` (what the reader
    /// made of events it took through the whole chain, [`crate::input::Item::Output`]). The
    /// NDJSON writer copies them; this default writes each as a lazy event.
    fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
        for line in lines.split_inclusive(|&b| b == b'\n') {
            let text = line.strip_suffix(b"\n").unwrap_or(line);
            self.write(&Event::lazy(text, Location::default(), 0))?;
        }
        Ok(())
    }

    /// True when the sink writes every event as its compact JSON text on a line of its own (the
    /// NDJSON writer, unless line-buffered): [`Sink::write_lines`] of that text is then the same
    /// as writing the events, so a stage may make the text of its records instead of the
    /// records. A line-buffered stream writes each record out on its own, so that a failed
    /// write stops at the record it failed on (and `--stats` counts up to it): there the
    /// records are written one by one.
    fn json_lines(&self) -> bool {
        false
    }

    /// Pushes buffered bytes to the destination.
    fn flush(&mut self) -> io::Result<()>;

    /// A live view on a terminal ([`live`]) draws the result again: the records written so far
    /// with `running`, the last stage's records not emitted yet ([`crate::ops::Stage::snapshot`]).
    /// The pipeline calls it only for a live view; other sinks ignore it.
    fn show(&mut self, running: &[Event]) -> io::Result<()> {
        let _ = running;
        Ok(())
    }

    /// A live view: what a message on stderr must be written through, so that it is not drawn
    /// over ([`live::Screen::around_messages`]); `None` for other sinks.
    fn around_messages(&self) -> Option<crate::diag::AroundMessages> {
        None
    }

    /// How soon the sink wants [`Sink::flush`] called although no input comes (a partial
    /// batch of [`http::HttpSink`] that is due); `None`: no such wish.
    fn wake(&self) -> Option<std::time::Duration> {
        None
    }

    /// What a sink that delivers over the network delivered and lost ([`http::HttpSink`]).
    fn delivery(&self) -> Option<&http::Delivery> {
        None
    }

    /// True when everything written so far has reached its destination once flushed; false
    /// while a sink that batches holds records back or lost some ([`http::HttpSink`]): a
    /// transport source's acknowledgements wait for it ([`crate::input::ack`]).
    fn delivered(&self) -> bool {
        true
    }

    /// End of the run: write anything held back (e.g. a table block), then flush.
    fn finish(&mut self) -> io::Result<()> {
        self.flush()
    }
}

/// The output format, `--to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// One compact JSON object per line
    #[default]
    Ndjson,
    /// Comma-separated values, header from the first event
    Csv,
    /// Tab-separated values, header from the first event
    Tsv,
    /// key=value pairs, one event per line
    Logfmt,
    /// Aligned columns for reading on a terminal (drawn live there over a window or count)
    Table,
    /// The text of one string field per line (--raw-field, default `line`)
    Raw,
    /// A time window's series as braille line charts, one per key (drawn live on a terminal)
    Chart,
}

/// Options of the writers, from the global command line.
#[derive(Debug, Clone, Default)]
pub struct SinkOptions {
    /// CSV/TSV delimiter, overriding `,` or tab.
    pub delimiter: Option<u8>,
    /// CSV/TSV: write no header row.
    pub no_header: bool,
    /// `--to raw`: the field to write (default `line`).
    pub raw_field: Option<String>,
    /// `--sort` and `--top` of a live table.
    pub sort: Option<String>,
    /// `--top`: rows of a live table.
    pub top: Option<usize>,
    /// `--to chart`: the field drawn (`--chart-y`).
    pub chart_y: Option<String>,
    /// CSV/TSV: the run's count of events, shared by the writers made with these options.
    pub csv_run: csv::RunCount,
}

/// What the last stage makes, for the writers that need to know: a live view, a chart.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// The output is a terminal and the last stage has a running result: draw it live.
    pub live: bool,
    /// The fields that with a record's bounds identify it ([`crate::ops::Stage::record_key`]).
    pub key: Option<Vec<String>>,
    /// The last stage's time series, if any (`--to chart` needs one).
    pub series: Option<chart::Series>,
}

/// Size of the output buffer in block-buffered mode.
const BLOCK_SIZE: usize = 256 * 1024;

/// A byte buffer in front of the destination, applying the buffering policy.
pub struct OutputStream {
    buf: Vec<u8>,
    dest: Box<dyn Write>,
    line_buffered: bool,
}

impl OutputStream {
    /// A stream writing to `dest`, flushing after every record when `line_buffered`.
    pub fn new(dest: Box<dyn Write>, line_buffered: bool) -> OutputStream {
        OutputStream {
            buf: Vec::with_capacity(if line_buffered { 4096 } else { BLOCK_SIZE }),
            dest,
            line_buffered,
        }
    }

    /// The buffer a writer appends one record's bytes to, before [`OutputStream::end_record`].
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// True when every record is written out on its own ([`OutputStream::end_record`]).
    pub fn is_line_buffered(&self) -> bool {
        self.line_buffered
    }

    /// Marks the end of one record: writes out when line-buffered or when the buffer is full.
    pub fn end_record(&mut self) -> io::Result<()> {
        if self.line_buffered || self.buf.len() >= BLOCK_SIZE {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything buffered and flushes the destination.
    pub fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.dest.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.dest.flush()
    }
}

/// Makes the sink for `format` over `stream`. A bad `--raw-field` path is a usage error.
pub fn make_sink(
    format: OutputFormat,
    stream: OutputStream,
    options: &SinkOptions,
    shown: &Shown,
) -> Result<Box<dyn Sink>> {
    let path = |option: &str, field: &str| {
        crate::path::Path::parse(field)
            .map_err(|e| UsageError::new(format!("{option}: invalid field path `{field}`: {e}")))
    };
    Ok(match format {
        OutputFormat::Ndjson => Box::new(ndjson::NdjsonWriter::new(stream)),
        OutputFormat::Csv => Box::new(csv::CsvWriter::new(
            stream,
            options.delimiter.unwrap_or(b','),
            !options.no_header,
            options.csv_run.clone(),
        )),
        OutputFormat::Tsv => Box::new(csv::CsvWriter::new(
            stream,
            options.delimiter.unwrap_or(b'\t'),
            !options.no_header,
            options.csv_run.clone(),
        )),
        OutputFormat::Logfmt => Box::new(logfmt::LogfmtWriter::new(stream)),
        OutputFormat::Table if shown.live => {
            let shape = live::Shape {
                sort: (options.sort.as_deref())
                    .map(|f| path("--sort", f))
                    .transpose()?,
                top: options.top,
            };
            let key = shown.key.clone();
            Box::new(live::LiveTable::new(
                stream,
                live::Size::Terminal,
                shape,
                key,
            ))
        }
        OutputFormat::Table => Box::new(table::TableWriter::new(stream, table::terminal_size().0)),
        OutputFormat::Chart => {
            let series = shown.series.as_ref().ok_or_else(|| {
                UsageError::new(
                    "--to chart draws the series of a time window (tumbling, hopping, cumulate, \
                     session): the last stage's records have no window_start to draw along",
                )
            })?;
            let y = series
                .y_field(options.chart_y.as_deref())
                .map_err(UsageError::new)?;
            let size = live::Size::Terminal;
            Box::new(chart::ChartWriter::new(stream, series, y, size, shown.live))
        }
        OutputFormat::Raw => {
            let field = options.raw_field.as_deref().unwrap_or("line");
            Box::new(raw::RawWriter::new(stream, path("--raw-field", field)?))
        }
    })
}

/// The separator between the keys of nested objects in flat formats (CSV, TSV, logfmt, table):
/// `{"geo":{"cc":"US"}}` becomes the column `geo.cc`, which the path `geo.cc` finds again.
pub const FLATTEN_SEPARATOR: char = '.';

/// The flat columns of an event: nested objects are flattened with [`FLATTEN_SEPARATOR`];
/// arrays and empty objects stay whole (written as JSON text). A non-object is one column
/// `value`. Top-level names are borrowed, so flat events cost no allocation per field.
pub fn flatten(value: &Value) -> Vec<(std::borrow::Cow<'_, str>, &Value)> {
    use std::borrow::Cow;
    fn walk<'a>(prefix: &str, v: &'a Value, out: &mut Vec<(Cow<'a, str>, &'a Value)>) {
        match v {
            Value::Object(map) if !map.is_empty() => {
                for (k, item) in map {
                    walk(&format!("{prefix}{FLATTEN_SEPARATOR}{k}"), item, out);
                }
            }
            other => out.push((Cow::Owned(prefix.to_owned()), other)),
        }
    }
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            out.reserve(map.len());
            for (k, item) in map {
                match item {
                    Value::Object(inner) if !inner.is_empty() => walk(k, item, &mut out),
                    other => out.push((Cow::Borrowed(k.as_str()), other)),
                }
            }
        }
        other => out.push((Cow::Borrowed("value"), other)),
    }
    out
}

/// The text of a scalar in a flat format: strings as they are, numbers as in JSON, times in
/// RFC 3339, arrays and objects as compact JSON. `None` for null (and non-finite floats).
pub fn cell_text(v: &Value) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    Some(match v {
        Value::Null => return None,
        Value::Str(s) => Cow::Borrowed(s.as_str()),
        Value::Float(f) if !f.is_finite() => return None,
        Value::Float(f) => {
            let mut buf = Vec::new();
            write_float(*f, &mut buf);
            Cow::Owned(String::from_utf8(buf).unwrap_or_default())
        }
        other => {
            let mut buf = Vec::new();
            write_json(other, &mut buf);
            let text = String::from_utf8(buf).unwrap_or_default();
            // A time is a JSON string: drop its quotes.
            match other {
                Value::Time(_) => Cow::Owned(text.trim_matches('"').to_owned()),
                _ => Cow::Owned(text),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn flattening() {
        let v = json::parse(br#"{"a":1,"geo":{"cc":"US","x":{"y":null}},"tags":[1,2],"e":{}}"#)
            .unwrap();
        let flat: Vec<String> = flatten(&v)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", v.to_json()))
            .collect();
        assert_eq!(
            flat,
            ["a=1", "geo.cc=\"US\"", "geo.x.y=null", "tags=[1,2]", "e={}"]
        );
        assert_eq!(cell_text(&Value::Float(2.0)).unwrap(), "2.0");
        assert_eq!(cell_text(&Value::Time(0)).unwrap(), "1970-01-01T00:00:00Z");
        assert!(cell_text(&Value::Null).is_none());
    }
}
