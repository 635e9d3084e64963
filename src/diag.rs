//! Diagnostics: the counters of dropped data, the stderr reports, and the `--errors` side file.
//!
//! Nothing is lost silently: every dropped line is counted by reason, the first few are reported
//! in full with file and line, a summary follows at the end of the run, and with `--errors FILE`
//! the exact bytes of each dropped line are appended to FILE.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::{DataError, DropReason, Error, Location, Result};

/// How many data errors are printed in full before only the summary counts them.
const REPORTED_IN_FULL: usize = 5;
/// How many locations per reason the summary names.
const NAMED_IN_SUMMARY: usize = 3;

/// What to do with a bad line: `--on-error skip|fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OnError {
    /// Count, report and go on.
    #[default]
    Skip,
    /// Stop at the first bad line with exit status 3.
    Fail,
}

/// A side file of records (`--errors`, `--late file:`): each record's exact bytes with its own
/// line end. A record that had none (the last line of a source without `\n`) gets a `\n` only
/// when another record follows it, so that the records of two sources never share a line.
pub struct RecordFile<W: Write> {
    writer: W,
    /// The last record written ended without `\n`.
    unended: bool,
}

impl<W: Write> RecordFile<W> {
    /// Records written to `writer`.
    pub fn new(writer: W) -> RecordFile<W> {
        RecordFile {
            writer,
            unended: false,
        }
    }

    /// Appends one record: `bytes`, then its line end `ending` (empty when it had none, or when
    /// `bytes` holds it).
    pub fn write_record(&mut self, bytes: &[u8], ending: &[u8]) -> io::Result<()> {
        if self.unended {
            self.writer.write_all(b"\n")?;
        }
        self.writer.write_all(bytes)?;
        self.writer.write_all(ending)?;
        // Some callers pass the record with its line end in `bytes`.
        if let Some(&last) = ending.last().or(bytes.last()) {
            self.unended = last != b'\n';
        }
        Ok(())
    }

    /// Flushes the writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Opens the `--errors` file to append to, creating it if need be.
fn open_errors_file(path: &Path) -> Result<RecordFile<BufWriter<File>>> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::runtime(format!("{}: {e}", path.display())))?;
    Ok(RecordFile::new(BufWriter::new(file)))
}

/// Counters and reports of dropped data for one run.
pub struct Diagnostics {
    policy: OnError,
    counts: [u64; DropReason::ALL.len()],
    first: [Vec<Location>; DropReason::ALL.len()],
    reported: usize,
    incomplete: Vec<String>,
    warned: BTreeSet<String>,
    /// Multi-line records cut at a bound ([`Diagnostics::record_cut`]).
    cut: u64,
    errors_file: Option<RecordFile<BufWriter<File>>>,
    /// Runs the writing of each message (so that a progress bar steps aside), if set.
    around_messages: Option<AroundMessages>,
    errors_path: Option<std::path::PathBuf>,
}

/// What runs the writing of a message on stderr ([`Diagnostics::around_messages`]).
pub type AroundMessages = Box<dyn Fn(&mut dyn FnMut())>;

impl Diagnostics {
    /// Diagnostics with the given policy, appending dropped lines to `errors_path` if given.
    pub fn new(policy: OnError, errors_path: Option<&Path>) -> Result<Diagnostics> {
        let errors_file = errors_path.map(open_errors_file).transpose()?;
        Ok(Diagnostics {
            policy,
            counts: [0; DropReason::ALL.len()],
            first: Default::default(),
            reported: 0,
            incomplete: Vec::new(),
            warned: BTreeSet::new(),
            cut: 0,
            errors_file,
            around_messages: None,
            errors_path: errors_path.map(Path::to_owned),
        })
    }

    /// Has each message written through `around` (a progress bar's `suspend`).
    pub fn around_messages(&mut self, around: AroundMessages) {
        self.around_messages = Some(around);
    }

    /// Writes one message line on stderr.
    fn say(&self, line: std::fmt::Arguments<'_>) {
        let mut write = || {
            let _ = writeln!(io::stderr().lock(), "{line}");
        };
        match &self.around_messages {
            Some(around) => around(&mut write),
            None => write(),
        }
    }

    /// Records a dropped record: counts it, reports it (the first few in full), appends its
    /// exact bytes to the `--errors` file: `original` then its line end `ending` (`b""` when
    /// `original` holds it, or it had none). Under `--on-error fail` returns the error.
    pub fn report(&mut self, error: DataError, original: &[u8], ending: &[u8]) -> Result<()> {
        self.write_side_file(original, ending)?;
        if self.policy == OnError::Fail {
            self.count(error.reason, 1);
            return Err(Error::Data(error));
        }
        self.note_location(error.reason, &error.location);
        self.count(error.reason, 1);
        if self.reported < REPORTED_IN_FULL {
            self.reported += 1;
            self.say(format_args!("eddy: {error}"));
        }
        Ok(())
    }

    /// Counts drops that a stage reports in its own way (a window's late records).
    pub fn count(&mut self, reason: DropReason, n: u64) {
        self.counts[reason as usize] += n;
    }

    /// Notes that some output is incomplete without a record being dropped (e.g. a late window
    /// assignment in a hopping window); `--strict` then exits 4.
    pub fn mark_incomplete(&mut self, what: &str) {
        if !self.incomplete.iter().any(|w| w == what) {
            self.incomplete.push(what.to_owned());
        }
    }

    /// Writes `line` (a whole message, `eddy: ...`) on stderr, in order with the other messages.
    pub fn note(&self, line: &str) {
        self.say(format_args!("{line}"));
    }

    /// Prints `eddy: warning: MESSAGE` once per distinct key.
    pub fn warn_once(&mut self, key: &str, message: &str) {
        if self.warned.insert(key.to_owned()) {
            self.say(format_args!("eddy: warning: {message}"));
        }
    }

    /// Notes a multi-line record cut at a bound (`--multiline-max-lines`, `--multiline-max-bytes`)
    /// at `location`: nothing is lost, the rest of it is a record of its own, but the events are
    /// not what the start pattern says. Counted, and the first few reported in full.
    pub fn record_cut(&mut self, location: &Location, message: &str) {
        self.cut += 1;
        if self.cut <= REPORTED_IN_FULL as u64 {
            self.say(format_args!("eddy: warning: {location}: {message}"));
        }
    }

    /// How many multi-line records were cut at a bound.
    pub fn records_cut(&self) -> u64 {
        self.cut
    }

    /// The end-of-run line for the multi-line records cut, when more were cut than reported.
    pub fn cut_summary(&self) -> Option<String> {
        (self.cut > REPORTED_IN_FULL as u64).then(|| {
            format!(
                "eddy: warning: {} multi-line records were cut at --multiline-max-lines or \
                 --multiline-max-bytes",
                self.cut
            )
        })
    }

    /// The count of drops for one reason.
    pub fn dropped(&self, reason: DropReason) -> u64 {
        self.counts[reason as usize]
    }

    /// The count of all drops.
    pub fn dropped_total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// True when `--strict` must fail: something was dropped or some output is incomplete.
    pub fn anything_lost(&self) -> bool {
        self.dropped_total() > 0 || !self.incomplete.is_empty()
    }

    /// The end-of-run summary line for drops that were reported here, if any.
    ///
    /// Late records are summarised by the window stage, which knows the watermark.
    pub fn summary(&self) -> Option<String> {
        if self.policy == OnError::Fail {
            // The failing line's message says it all; nothing was skipped.
            return None;
        }
        let parts: Vec<String> = DropReason::ALL
            .iter()
            .filter(|r| **r != DropReason::Late && self.counts[**r as usize] > 0)
            .map(|r| {
                let n = self.counts[*r as usize];
                let named: Vec<String> = self.first[*r as usize]
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                if named.is_empty() {
                    format!("{n} {}", r.phrase(n))
                } else {
                    let more = if n as usize > named.len() {
                        ", ..."
                    } else {
                        ""
                    };
                    format!("{n} {} ({}{more})", r.phrase(n), named.join(", "))
                }
            })
            .collect();
        (!parts.is_empty()).then(|| {
            let total: u64 = DropReason::ALL
                .iter()
                .filter(|r| **r != DropReason::Late)
                .map(|r| self.counts[*r as usize])
                .sum();
            let noun = if total == 1 { "line" } else { "lines" };
            format!("eddy: skipped {total} {noun}: {}", parts.join(", "))
        })
    }

    /// Flushes the `--errors` file.
    pub fn flush(&mut self) -> Result<()> {
        if let Some(f) = &mut self.errors_file {
            f.flush()
                .map_err(|e| Error::runtime(format!("--errors file: {e}")))?;
        }
        Ok(())
    }

    /// SIGHUP: flushes the `--errors` file and opens it again by name (logrotate moved it).
    pub fn reopen(&mut self) -> Result<()> {
        self.flush()?;
        if let Some(path) = &self.errors_path {
            self.errors_file = Some(open_errors_file(path)?);
        }
        Ok(())
    }

    fn note_location(&mut self, reason: DropReason, location: &Location) {
        let named = &mut self.first[reason as usize];
        if named.len() < NAMED_IN_SUMMARY && location.line > 0 {
            named.push(location.clone());
        }
    }

    fn write_side_file(&mut self, original: &[u8], ending: &[u8]) -> Result<()> {
        if let Some(f) = &mut self.errors_file {
            f.write_record(original, ending)
                .map_err(|e| Error::runtime(format!("--errors file: {e}")))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_without_line_end_gets_one_only_when_another_follows() {
        let mut file = RecordFile::new(Vec::new());
        file.write_record(b"a", b"\r\n").unwrap();
        file.write_record(b"b", b"").unwrap();
        assert_eq!(file.writer, b"a\r\nb");
        file.write_record(b"c", b"\r").unwrap();
        file.write_record(b"d", b"\n").unwrap();
        assert_eq!(file.writer, b"a\r\nb\nc\r\nd\n");
        file.write_record(b"e\n", b"").unwrap();
        file.write_record(b"f", b"").unwrap();
        assert_eq!(file.writer, b"a\r\nb\nc\r\nd\ne\nf");
    }

    fn err(line: u64, reason: DropReason) -> DataError {
        DataError {
            location: Location {
                source: "in.ndjson".into(),
                line,
            },
            reason,
            message: "bad".into(),
        }
    }

    #[test]
    fn counts_and_summarises_by_reason() {
        let mut d = Diagnostics::new(OnError::Skip, None).unwrap();
        for line in 1..=5 {
            d.report(err(line, DropReason::Malformed), b"x", b"\n")
                .unwrap();
        }
        d.report(err(9, DropReason::EvalError), b"y", b"\n")
            .unwrap();
        assert_eq!(d.dropped(DropReason::Malformed), 5);
        assert_eq!(d.dropped_total(), 6);
        assert_eq!(
            d.summary().unwrap(),
            "eddy: skipped 6 lines: 5 malformed (in.ndjson:1, in.ndjson:2, in.ndjson:3, ...), 1 evaluation error (in.ndjson:9)"
        );
    }

    #[test]
    fn fail_policy_stops_at_the_first() {
        let mut d = Diagnostics::new(OnError::Fail, None).unwrap();
        assert!(matches!(
            d.report(err(1, DropReason::Malformed), b"x", b"\n"),
            Err(Error::Data(_))
        ));
    }

    #[test]
    fn side_file_gets_exact_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("errors.txt");
        let mut d = Diagnostics::new(OnError::Skip, Some(&path)).unwrap();
        d.report(err(1, DropReason::Malformed), b"{\"a\":\xff", b"\n")
            .unwrap();
        d.flush().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":\xff\n");
    }

    #[test]
    fn incomplete_output_counts_as_lost() {
        let mut d = Diagnostics::new(OnError::Skip, None).unwrap();
        assert!(!d.anything_lost());
        d.mark_incomplete("late window assignments");
        assert!(d.anything_lost());
        assert!(d.summary().is_none());
    }
}
