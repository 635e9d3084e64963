//! Framing a source's bytes into lines and records: the one read loop of eddy.
//!
//! A source may start with a UTF-8 byte order mark, which is skipped ([`bom_len`]). Lines end in
//! `\n`, with an optional `\r` before it; the last line of a source may lack the `\n`. Lines are
//! numbered from 1 per source. A record is one line unless the decoder says it continues (a CSV
//! quoted cell with a line break), in which case the following lines join it ([`Framer`]); a
//! blank line outside a record is no record. The single-threaded reader, the parallel reader's
//! cutter and its workers, and [`crate::input::read_events`] all frame through
//! [`LineFramer::frame`], so they agree on where every record starts and ends and on its
//! line number.

use std::borrow::Cow;

use crate::input::Decoder;

/// The most lines one record may span (a quoted CSV cell with line breaks). A stray quote must
/// not swallow the rest of the input: past this limit the record is decoded as it is (and
/// reported as malformed).
pub const MAX_RECORD_LINES: u64 = 10_000;

/// Joins the lines of records that continue on the next line.
#[derive(Debug, Default)]
pub struct Framer {
    /// The lines so far of a record that continues, joined by `\n`.
    pending: Vec<u8>,
    /// The line number of its first line.
    pending_line: u64,
}

/// What one line completes.
#[derive(Debug, PartialEq, Eq)]
pub enum Framed<'a> {
    /// A blank line outside any record.
    Blank,
    /// A line of a record that continues on the next line.
    Continues,
    /// A whole record.
    Record {
        /// Its text, lines joined by `\n`, without the final line end.
        text: Cow<'a, [u8]>,
        /// The number of its first line.
        line: u64,
        /// How many lines after the first it spans.
        continuation: u64,
    },
}

impl Framer {
    /// Frames `line` (number `line_no`, without its `\n`; one `\r` before it is dropped).
    pub fn take<'a>(&mut self, line: &'a [u8], line_no: u64, decoder: &dyn Decoder) -> Framed<'a> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if self.pending.is_empty() {
            if line.is_empty() {
                return Framed::Blank;
            }
            if !decoder.continues(line) {
                return Framed::Record {
                    text: Cow::Borrowed(line),
                    line: line_no,
                    continuation: 0,
                };
            }
            self.pending.extend_from_slice(line);
            self.pending_line = line_no;
            return Framed::Continues;
        }
        // The record so far ends inside an open quoted cell: only the new line needs a look.
        let open_at = self.pending.len();
        self.pending.push(b'\n');
        self.pending.extend_from_slice(line);
        if line_no - self.pending_line + 1 < MAX_RECORD_LINES
            && decoder.continues_after(&self.pending, open_at)
        {
            return Framed::Continues;
        }
        self.take_pending()
    }

    /// The open record as it is, at the end of its source; `None` when none is open.
    pub fn close(&mut self) -> Option<Framed<'static>> {
        (!self.pending.is_empty()).then(|| self.take_pending())
    }

    /// The lines joined so far as one record.
    fn take_pending(&mut self) -> Framed<'static> {
        let text = std::mem::take(&mut self.pending);
        let continuation = memchr::memchr_iter(b'\n', &text).count() as u64;
        Framed::Record {
            text: Cow::Owned(text),
            line: self.pending_line,
            continuation,
        }
    }
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The length of the byte order mark that `head`, the first bytes of a source, starts with (3
/// or 0); `None` while it cannot tell: `head` is a proper start of a mark and the source has
/// more (`end` is false).
pub fn bom_len(head: &[u8], end: bool) -> Option<usize> {
    if head.starts_with(BOM) {
        Some(BOM.len())
    } else if !end && BOM.starts_with(head) {
        None
    } else {
        Some(0)
    }
}

/// Splits one source's bytes into numbered lines and frames them into records.
#[derive(Debug, Default)]
pub struct LineFramer {
    framer: Framer,
    /// The number of the last line taken.
    line: u64,
}

impl LineFramer {
    /// A framer whose next line is number `first_line` (a chunk of a source starts mid-way).
    pub fn starting_at(first_line: u64) -> LineFramer {
        LineFramer {
            framer: Framer::default(),
            line: first_line - 1,
        }
    }

    /// The number of the last line taken (0 before the first).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Frames the lines of `data` (after any byte order mark), asking `decoder` where records
    /// end, and hands each outcome to `take` with the decoder and the offset in `data` after
    /// the line that completed it. Takes every line that ends in `\n`; at the `end` of the
    /// source also the rest (a last line without `\n`) and then a record the source ended
    /// inside. Returns how many bytes of `data` it took: the rest starts an unfinished line.
    #[inline]
    pub fn frame(
        &mut self,
        data: &[u8],
        end: bool,
        decoder: &mut dyn Decoder,
        mut take: impl FnMut(Framed<'_>, &mut dyn Decoder, usize),
    ) -> usize {
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', data) {
            self.line += 1;
            let framed = self.framer.take(&data[start..newline], self.line, decoder);
            start = newline + 1;
            take(framed, decoder, start);
        }
        if end {
            if start < data.len() {
                self.line += 1;
                let framed = self.framer.take(&data[start..], self.line, decoder);
                start = data.len();
                take(framed, decoder, start);
            }
            if let Some(framed) = self.framer.close() {
                take(framed, decoder, start);
            }
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DecoderOptions;
    use crate::input::InputFormat;

    fn frame(input: &[u8]) -> Vec<String> {
        let decoder = InputFormat::Csv.decoder(&DecoderOptions::default());
        let mut framer = Framer::default();
        let mut out = Vec::new();
        let mut show = |framed: Framed<'_>| match framed {
            Framed::Blank => out.push("blank".to_owned()),
            Framed::Continues => out.push("continues".to_owned()),
            Framed::Record {
                text,
                line,
                continuation,
            } => out.push(format!(
                "{line}+{continuation} {}",
                String::from_utf8_lossy(&text)
            )),
        };
        for (i, line) in input.split(|&b| b == b'\n').enumerate() {
            show(framer.take(line, i as u64 + 1, decoder.as_ref()));
        }
        if let Some(framed) = framer.close() {
            show(framed);
        }
        out
    }

    #[test]
    fn records_join_lines_inside_quotes_and_keep_their_first_line() {
        assert_eq!(
            frame(b"a,b\r\n\n1,\"x\r\ny\"\n2,\"open"),
            [
                "1+0 a,b",
                "blank",
                "continues",
                "3+1 1,\"x\ny\"",
                "continues",
                "5+0 2,\"open",
            ]
        );
    }

    #[test]
    fn a_stray_quote_ends_its_record_after_the_line_limit() {
        let mut input = b"1,\"stray".to_vec();
        for _ in 0..MAX_RECORD_LINES {
            input.extend_from_slice(b"\n2,x");
        }
        let framed = frame(&input);
        let records: Vec<&String> = framed.iter().filter(|f| *f != "continues").collect();
        assert_eq!(records.len(), 2, "{:?}", &records[..]);
        assert!(records[0].starts_with(&format!("1+{} ", MAX_RECORD_LINES - 1)));
        assert_eq!(records[1], &format!("{}+0 2,x", MAX_RECORD_LINES + 1));
    }
}
