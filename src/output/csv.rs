//! CSV and TSV output.
//!
//! The header comes from the first event's (flattened) fields. Later events are written in
//! those columns, a missing field as an empty cell. An event with a field the header lacks
//! starts a new block: an empty line, then a new header with the old columns and the new ones
//! after them; a warning on stderr says so once a run, numbering the event in the run (with
//! `--no-header`, rows simply get the extra columns). Nothing is dropped silently; to get one
//! block, fix the columns upstream (`select a,b,c`).
//!
//! Cells: null is an empty cell; a string is quoted when it is empty (`""`), contains the
//! delimiter, a quote or a line break, or would read back as a number or a boolean (`"123"`,
//! `"true"`), so that eddy's CSV input gives back the same values. Nested objects are flattened
//! with `.` (`geo.cc`); arrays are written as JSON text.

use std::cell::Cell;
use std::collections::HashSet;
use std::io::{self, Write};
use std::rc::Rc;

use crate::event::Event;
use crate::infer::needs_quotes_to_stay_string;
use crate::output::{OutputStream, Sink, cell_text, flatten};
use crate::value::Value;

/// Writes events as CSV or TSV rows.
pub struct CsvWriter {
    stream: OutputStream,
    delimiter: u8,
    write_header: bool,
    columns: Vec<String>,
    known: HashSet<String>,
    started: bool,
    run: RunCount,
}

/// The events the CSV writers of a run wrote and whether they warned of new columns, shared by
/// them: `--to-http` makes a writer per batch, and the warning is still said once a run and
/// numbers the event in the run. A clone shares the count.
#[derive(Debug, Clone, Default)]
pub struct RunCount {
    events: Rc<Cell<u64>>,
    warned: Rc<Cell<bool>>,
}

impl CsvWriter {
    /// A writer with the given delimiter, writing a header row unless `write_header` is false,
    /// counting its events in `run`.
    pub fn new(
        stream: OutputStream,
        delimiter: u8,
        write_header: bool,
        run: RunCount,
    ) -> CsvWriter {
        CsvWriter {
            stream,
            delimiter,
            write_header,
            columns: Vec::new(),
            known: HashSet::new(),
            started: false,
            run,
        }
    }
}

/// Appends one cell, quoting when needed.
fn write_cell(text: &str, is_string: bool, delimiter: u8, out: &mut Vec<u8>) {
    let needs_quotes = text.is_empty() && is_string
        || text
            .bytes()
            .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r')
        || is_string && needs_quotes_to_stay_string(text);
    if !needs_quotes {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    out.push(b'"');
    for b in text.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

impl CsvWriter {
    fn write_header_row(&mut self) {
        let delimiter = self.delimiter;
        let buf = self.stream.buffer();
        for (i, name) in self.columns.iter().enumerate() {
            if i > 0 {
                buf.push(delimiter);
            }
            write_cell(name, true, delimiter, buf);
        }
        buf.push(b'\n');
    }
}

impl Sink for CsvWriter {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let events = &self.run.events;
        events.set(events.get() + 1);
        let flat = flatten(event.value());
        let new: Vec<&str> = flat
            .iter()
            .map(|(k, _)| k.as_ref())
            .filter(|k| !self.known.contains(*k))
            .collect();
        if !new.is_empty() || !self.started {
            if self.started {
                if !self.run.warned.replace(true) {
                    let _ = writeln!(
                        io::stderr().lock(),
                        "eddy: warning: csv output: event {} has fields not in the header ({}); \
                         starting a new header block (fix the columns with `select`)",
                        self.run.events.get(),
                        new.join(", ")
                    );
                }
                if self.write_header {
                    self.stream.buffer().push(b'\n');
                }
            }
            let new: Vec<String> = new.into_iter().map(str::to_owned).collect();
            for name in new {
                self.known.insert(name.clone());
                self.columns.push(name);
            }
            if self.write_header {
                self.write_header_row();
            }
            self.started = true;
        }
        let delimiter = self.delimiter;
        let buf = self.stream.buffer();
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                buf.push(delimiter);
            }
            // Events rarely have many fields: a linear search beats hashing here.
            if let Some((_, v)) = flat.iter().find(|(k, _)| k == column)
                && let Some(text) = cell_text(v)
            {
                write_cell(&text, matches!(v, Value::Str(_)), delimiter, buf);
            }
        }
        buf.push(b'\n');
        self.stream.end_record()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::json;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A destination the test can read back.
    #[derive(Clone, Default)]
    pub struct Shared(pub Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        /// An output stream into this destination.
        pub fn stream(&self) -> OutputStream {
            OutputStream::new(Box::new(self.clone()), false)
        }

        /// Writes `events` (JSON texts) with `sink`, finishes it and returns what it wrote.
        pub fn written(&self, sink: &mut dyn Sink, events: &[&str]) -> String {
            for e in events {
                sink.write(&Event::created(json::parse(e.as_bytes()).unwrap()))
                    .unwrap();
            }
            sink.finish().unwrap();
            String::from_utf8(self.0.borrow().clone()).unwrap()
        }
    }

    fn write_all(delimiter: u8, events: &[&str]) -> String {
        let dest = Shared::default();
        dest.written(
            &mut CsvWriter::new(dest.stream(), delimiter, true, RunCount::default()),
            events,
        )
    }

    /// The default [`Sink::write_lines`] writes each line as the event it is.
    #[test]
    fn lines_are_written_as_their_events() {
        let lines = "{\"a\":1,\"b\":\"x\"}\n{\"a\":2}\n";
        let dest = Shared::default();
        let stream = OutputStream::new(Box::new(dest.clone()), false);
        let mut w = CsvWriter::new(stream, b',', true, RunCount::default());
        w.write_lines(lines.as_bytes()).unwrap();
        w.finish().unwrap();
        let by_lines = String::from_utf8(dest.0.borrow().clone()).unwrap();
        assert_eq!(
            by_lines,
            write_all(b',', &[r#"{"a":1,"b":"x"}"#, r#"{"a":2}"#])
        );
        assert_eq!(by_lines, "a,b\n1,x\n2,\n");
    }

    #[test]
    fn quoting_rules() {
        let out = write_all(
            b',',
            &[
                r#"{"a":"x,y","b":"say \"hi\"","c":"","d":null,"e":"12","f":12,"g":"line\nbreak","h":true,"i":"true","j":2.0}"#,
            ],
        );
        assert_eq!(
            out,
            "a,b,c,d,e,f,g,h,i,j\n\"x,y\",\"say \"\"hi\"\"\",\"\",,\"12\",12,\"line\nbreak\",true,\"true\",2.0\n"
        );
    }

    #[test]
    fn nested_and_new_fields() {
        let out = write_all(
            b'\t',
            &[
                r#"{"a":1,"geo":{"cc":"US"},"tags":["x","y"]}"#,
                r#"{"a":2}"#,
                r#"{"a":3,"b":"new"}"#,
            ],
        );
        assert_eq!(
            out,
            "a\tgeo.cc\ttags\n1\tUS\t\"[\"\"x\"\",\"\"y\"\"]\"\n2\t\t\n\na\tgeo.cc\ttags\tb\n3\t\t\tnew\n"
        );
    }
}
