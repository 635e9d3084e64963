//! Framing a source's bytes into lines and records: the one read loop of eddy.
//!
//! A source may start with a UTF-8 byte order mark, which is skipped ([`bom_len`]). Lines end in
//! `\n`, with an optional `\r` before it; the last line of a source may lack the `\n`. Lines are
//! numbered from 1 per source. A record is one line unless the decoder says it continues (a CSV
//! quoted cell with a line break), in which case the following lines join it ([`Framer`]); a
//! blank line outside a record is no record. Under `--multiline-start` the decoder gives the
//! rule instead ([`Decoder::multiline`]): a record goes on until a line that starts one, and a
//! line that would take it past a bound starts a new one ([`crate::input::multiline`]). The single-threaded reader, the parallel reader's
//! cutter and its workers, and [`crate::input::read_events`] all frame through
//! [`LineFramer::frame`], so they agree on where every record starts and ends and on its
//! line number.
//!
//! A record longer than `--max-record-size` ([`LineFramer::new`]) is not held whole: the framer
//! hands on its first bytes as [`Framed::TooLong`] as soon as the record is known to be too
//! long (its text so far exceeds the limit by two bytes, so that a `\r` before a `\n` still to
//! come cannot make it fit), then skips the rest of its line.

use std::borrow::Cow;

use crate::event::LineEnd;
use crate::input::Decoder;
use crate::input::multiline::Cut;

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
    /// How its last line so far ended.
    pending_end: LineEnd,
    /// Why the multi-line record taken next ends before its next start line, if it does.
    cut: Option<Cut>,
}

/// What one line completes.
#[derive(Debug, PartialEq, Eq)]
pub enum Framed<'a> {
    /// A blank line outside any record.
    Blank,
    /// A line of a record that continues on the next line.
    Continues,
    /// A record longer than the limit: its first bytes (as many as the limit), its first line
    /// and how many lines after it were taken with it.
    TooLong {
        /// Its first bytes.
        prefix: Cow<'a, [u8]>,
        /// The number of its first line.
        line: u64,
        /// How many lines after the first it spans (as far as it was read).
        continuation: u64,
    },
    /// What was read of the last record of a source whose reading failed: the lines of a record
    /// still open and a last line without its `\n` ([`LineFramer::frame_cut_off`]).
    CutOff {
        /// Its bytes as read (the lines of an open record joined by `\n`).
        text: Vec<u8>,
        /// The number of its first line.
        line: u64,
        /// How many lines after the first it spans.
        continuation: u64,
    },
    /// A whole record.
    Record {
        /// Its text, lines joined by `\n`, without the final line end.
        text: Cow<'a, [u8]>,
        /// The number of its first line.
        line: u64,
        /// How many lines after the first it spans.
        continuation: u64,
        /// How its last line ended.
        end: LineEnd,
        /// Why it ended before the next start line, when it is a multi-line record cut at a
        /// bound ([`crate::input::multiline`]): the lines after it are a record of their own.
        cut: Option<Cut>,
    },
}

impl<'a> Framed<'a> {
    /// A whole record of one line, number `line`: its `text` without the line end `end`.
    #[inline(always)]
    pub fn line(text: &'a [u8], line: u64, end: LineEnd) -> Framed<'a> {
        Framed::Record {
            text: Cow::Borrowed(text),
            line,
            continuation: 0,
            end,
            cut: None,
        }
    }

    /// The number of the record's last line; `None` for a blank line or a line of a record
    /// still open, which carry none.
    pub fn last_line(&self) -> Option<u64> {
        match self {
            Framed::Record {
                line, continuation, ..
            }
            | Framed::TooLong {
                line, continuation, ..
            }
            | Framed::CutOff {
                line, continuation, ..
            } => Some(line + continuation),
            Framed::Blank | Framed::Continues => None,
        }
    }
}

impl Framer {
    /// Frames `line` (number `line_no`, without its `\n`, which it had when `ended`; one `\r`
    /// before it is dropped); a record longer than `max` bytes is [`Framed::TooLong`].
    ///
    /// Inlined into the read loop: most lines are a whole record each, and take only the first
    /// tests; the rest goes out of line (`Framer::take_more`).
    #[inline(always)]
    pub fn take<'a>(
        &mut self,
        line: &'a [u8],
        line_no: u64,
        decoder: &dyn Decoder,
        max: usize,
        ended: bool,
    ) -> Framed<'a> {
        let (line, end) = split_line_end(line, ended);
        if self.pending.is_empty() && !line.is_empty() && line.len() <= max {
            if !decoder.continues(line) {
                return Framed::line(line, line_no, end);
            }
            self.pending.extend_from_slice(line);
            self.pending_line = line_no;
            self.pending_end = end;
            return Framed::Continues;
        }
        self.take_more(line, line_no, decoder, max, end)
    }

    /// [`Framer::take`] for a blank line, a line too long and a line joined to an open record;
    /// `line` is without its line end, which was `end`.
    #[inline(never)]
    fn take_more<'a>(
        &mut self,
        line: &'a [u8],
        line_no: u64,
        decoder: &dyn Decoder,
        max: usize,
        end: LineEnd,
    ) -> Framed<'a> {
        if self.pending.is_empty() {
            if line.is_empty() {
                return Framed::Blank;
            }
            return Framed::TooLong {
                prefix: Cow::Borrowed(&line[..max]),
                line: line_no,
                continuation: 0,
            };
        }
        if self.pending.len() + 1 + line.len() > max {
            return self.too_long(line, max);
        }
        // The record so far ends inside an open quoted cell: only the new line needs a look.
        let open_at = self.pending.len();
        self.pending.push(b'\n');
        self.pending.extend_from_slice(line);
        self.pending_end = end;
        let more = match decoder.multiline() {
            // The record's end and bounds were asked before this line ([`Framer::ends_before`]).
            Some(_) => true,
            None => {
                line_no - self.pending_line + 1 < MAX_RECORD_LINES
                    && decoder.continues_after(&self.pending, open_at)
            }
        };
        if more {
            return Framed::Continues;
        }
        self.take_pending()
    }

    /// True when the open record ends before `line` (number `line_no`, without its `\n`) under
    /// `--multiline-start`: the line starts a record, or joining it would take the record past
    /// its most lines or bytes (the smaller of those of the rule and `max`), which cuts it there.
    #[inline(always)]
    fn ends_before(
        &mut self,
        line: &[u8],
        line_no: u64,
        decoder: &dyn Decoder,
        max: usize,
    ) -> bool {
        // Most lines start no record spanning lines: the one check made per line.
        !self.pending.is_empty() && self.open_record_ends_before(line, line_no, decoder, max)
    }

    /// [`Framer::ends_before`] with a record open.
    fn open_record_ends_before(
        &mut self,
        line: &[u8],
        line_no: u64,
        decoder: &dyn Decoder,
        max: usize,
    ) -> bool {
        let Some(rule) = decoder.multiline() else {
            return false;
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() && rule.start.is_match(line) {
            return true;
        }
        if line.len() > max {
            // A line too long for any record is dropped as such: the record before it just
            // ends, it is not cut.
            self.cut = None;
            return true;
        }
        let max_bytes = rule.max_bytes.min(max);
        self.cut = if line_no - self.pending_line >= rule.max_lines {
            Some(Cut::Lines(rule.max_lines))
        } else if self.pending.len() + 1 + line.len() > max_bytes {
            Some(Cut::Bytes(max_bytes))
        } else {
            None
        };
        self.cut.is_some()
    }

    /// The length of the text a line not ended yet would be joined to: the open record's, or
    /// none under `--multiline-start` (the record ends before a line too long to join it).
    fn joined_len(&self, decoder: &dyn Decoder) -> usize {
        match decoder.multiline() {
            Some(_) => 0,
            None => self.pending.len(),
        }
    }

    /// The open record as it is, at the end of its source; `None` when none is open.
    pub fn close(&mut self) -> Option<Framed<'static>> {
        (!self.pending.is_empty()).then(|| self.take_pending())
    }

    /// The open record continued by `rest`, the start of line `line_no` (without its `\n`), as
    /// the record a failure of the source cut off; `None` when there is neither.
    fn cut_off(&mut self, rest: &[u8], line_no: u64) -> Option<Framed<'static>> {
        if self.pending.is_empty() {
            return (!rest.is_empty()).then(|| Framed::CutOff {
                text: rest.to_vec(),
                line: line_no,
                continuation: 0,
            });
        }
        let mut text = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            text.push(b'\n');
            text.extend_from_slice(rest);
        }
        let continuation = memchr::memchr_iter(b'\n', &text).count() as u64;
        Some(Framed::CutOff {
            text,
            line: self.pending_line,
            continuation,
        })
    }

    /// The open record continued by `rest` (its last line, or as much of it as was read) as a
    /// record too long: its first `max` bytes.
    fn too_long(&mut self, rest: &[u8], max: usize) -> Framed<'static> {
        let mut prefix = std::mem::take(&mut self.pending);
        let continuation = memchr::memchr_iter(b'\n', &prefix).count() as u64 + 1;
        prefix.push(b'\n');
        prefix.extend_from_slice(&rest[..rest.len().min(max.saturating_sub(prefix.len()))]);
        prefix.truncate(max);
        Framed::TooLong {
            prefix: Cow::Owned(prefix),
            line: self.pending_line,
            continuation,
        }
    }

    /// The lines joined so far as one record.
    fn take_pending(&mut self) -> Framed<'static> {
        let text = std::mem::take(&mut self.pending);
        let continuation = memchr::memchr_iter(b'\n', &text).count() as u64;
        Framed::Record {
            text: Cow::Owned(text),
            line: self.pending_line,
            continuation,
            end: self.pending_end,
            cut: self.cut.take(),
        }
    }
}

/// A line without its `\n` (`ended`: it had one) or last `\r`, and how it ended.
#[inline(always)]
fn split_line_end(line: &[u8], ended: bool) -> (&[u8], LineEnd) {
    match line.strip_suffix(b"\r") {
        Some(line) if ended => (line, LineEnd::CrLf),
        Some(line) => (line, LineEnd::Cr),
        None if ended => (line, LineEnd::Lf),
        None => (line, LineEnd::None),
    }
}

/// What [`LineFramer`] hands each outcome of framing to, with the decoder and the offset in
/// the data after the line that completed it. Every closure
/// `FnMut(Framed<'_>, &mut dyn Decoder, usize)` is one.
pub trait Take {
    /// Takes one outcome.
    fn framed(&mut self, framed: Framed<'_>, decoder: &mut dyn Decoder, after: usize);

    /// Takes a whole record of one line, number `line`: its `text`, without its line end
    /// (`end`). The framer's commonest outcome, for a decoder whose records are all one line
    /// ([`Decoder::one_line`]); a taker may handle it without building a [`Framed`].
    #[inline(always)]
    fn line(
        &mut self,
        text: &[u8],
        line: u64,
        end: LineEnd,
        decoder: &mut dyn Decoder,
        after: usize,
    ) {
        self.framed(Framed::line(text, line, end), decoder, after);
    }
}

impl<F: FnMut(Framed<'_>, &mut dyn Decoder, usize)> Take for F {
    #[inline(always)]
    fn framed(&mut self, framed: Framed<'_>, decoder: &mut dyn Decoder, after: usize) {
        self(framed, decoder, after);
    }
}

/// Finds the line ends of a chunk, one search a line: with memchr's AVX2 searcher, made once
/// a chunk when the machine has AVX2, a search skips memchr's dispatch on every call (two
/// calls through a function pointer, about 30 instructions a line, measured); else memchr.
struct Newlines {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::One>,
}

impl Newlines {
    fn new() -> Newlines {
        Newlines {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::One::new(b'\n'),
        }
    }

    /// The offset of the first `\n` of `data`.
    #[inline(always)]
    fn find(&self, data: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = &self.avx2 {
            return avx2.find(data);
        }
        memchr::memchr(b'\n', data)
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
#[derive(Debug)]
pub struct LineFramer {
    framer: Framer,
    /// The number of the last line taken.
    line: u64,
    /// The longest record, in bytes.
    max: usize,
    /// True while the rest of a line too long is skipped, up to its `\n`.
    skipping: bool,
}

impl Default for LineFramer {
    fn default() -> LineFramer {
        LineFramer::new(crate::input::DEFAULT_MAX_RECORD)
    }
}

impl LineFramer {
    /// A framer of records up to `max` bytes.
    pub fn new(max: usize) -> LineFramer {
        LineFramer::starting_at(1, max)
    }

    /// A framer whose next line is number `first_line` (a chunk of a source starts mid-way).
    pub fn starting_at(first_line: u64, max: usize) -> LineFramer {
        LineFramer {
            framer: Framer::default(),
            line: first_line - 1,
            max,
            skipping: false,
        }
    }

    /// The longest record, in bytes.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Skips what comes up to the next `\n`: the rest of a line too long that an earlier run
    /// reported (`--state`).
    pub fn skip_rest_of_line(&mut self) {
        self.skipping = true;
    }

    /// True while the rest of a line too long is being skipped.
    pub fn skipping(&self) -> bool {
        self.skipping
    }

    /// True when a record would be known too long if `rest`, the start of a line not ended yet,
    /// went on: the cutter of the parallel reader asks this as [`LineFramer::frame`] decides.
    pub fn too_long_so_far(max: usize, open_record: usize, rest: usize) -> bool {
        let so_far = if open_record == 0 {
            rest
        } else {
            open_record + 1 + rest
        };
        so_far >= max.saturating_add(2)
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
        self.frame_to(data, end, decoder, &mut take)
    }

    /// [`LineFramer::frame`], handing the outcomes to `take`. A line of a decoder whose
    /// records are all one line ([`Decoder::one_line`]) that is a record (neither blank nor
    /// too long) goes to [`Take::line`]: what [`Framer::take`] would make of it is known
    /// without asking the decoder.
    #[inline]
    pub fn frame_to(
        &mut self,
        data: &[u8],
        end: bool,
        decoder: &mut dyn Decoder,
        take: &mut impl Take,
    ) -> usize {
        let mut start = 0;
        if self.skipping {
            match memchr::memchr(b'\n', data) {
                Some(newline) => {
                    self.skipping = false;
                    start = newline + 1;
                }
                None => return data.len(),
            }
        }
        // No record open and none ever will be: a line's record is told here.
        let one_line = decoder.one_line() && self.framer.pending.is_empty();
        let newlines = Newlines::new();
        while let Some(newline) = newlines.find(&data[start..]).map(|p| p + start) {
            self.line += 1;
            let line = &data[start..newline];
            if one_line {
                let (text, end) = split_line_end(line, true);
                if !text.is_empty() && text.len() <= self.max {
                    start = newline + 1;
                    take.line(text, self.line, end, decoder, start);
                    continue;
                }
            }
            if self.framer.ends_before(line, self.line, decoder, self.max) {
                take.framed(self.framer.take_pending(), decoder, start);
            }
            let framed = self.framer.take(line, self.line, decoder, self.max, true);
            start = newline + 1;
            take.framed(framed, decoder, start);
        }
        let rest = &data[start..];
        let joined = self.framer.joined_len(decoder);
        if !end && LineFramer::too_long_so_far(self.max, joined, rest.len()) {
            // Known too long before its end: hand on its start, skip the rest of its line.
            self.end_multiline(decoder, take, start);
            self.line += 1;
            let framed = if self.framer.pending.is_empty() {
                Framed::TooLong {
                    prefix: Cow::Borrowed(&rest[..self.max]),
                    line: self.line,
                    continuation: 0,
                }
            } else {
                self.framer.too_long(rest, self.max)
            };
            self.skipping = true;
            take.framed(framed, decoder, data.len());
            return data.len();
        }
        if end {
            if start < data.len() {
                self.line += 1;
                if self.framer.ends_before(rest, self.line, decoder, self.max) {
                    take.framed(self.framer.take_pending(), decoder, start);
                }
                let framed = self.framer.take(rest, self.line, decoder, self.max, false);
                start = data.len();
                take.framed(framed, decoder, start);
            }
            if let Some(framed) = self.framer.close() {
                take.framed(framed, decoder, start);
            }
            self.skipping = false;
        }
        start
    }

    /// Frames the lines of `data` as [`LineFramer::frame`] does with more to come, then hands on
    /// the multi-line record still open (`--multiline-start`): the source paused for
    /// `--multiline-timeout` with it open. Returns how many bytes of `data` it took.
    pub fn frame_paused(
        &mut self,
        data: &[u8],
        decoder: &mut dyn Decoder,
        take: &mut impl Take,
    ) -> usize {
        let taken = self.frame_to(data, false, decoder, take);
        if !self.skipping {
            self.end_multiline(decoder, take, taken);
        }
        taken
    }

    /// True while a record is open: its lines so far wait for the next ones.
    pub fn record_open(&self) -> bool {
        !self.framer.pending.is_empty()
    }

    /// Under `--multiline-start`, hands on the record still open, which ends before offset
    /// `after`; nothing otherwise (an open CSV record waits for its closing quote).
    fn end_multiline(&mut self, decoder: &mut dyn Decoder, take: &mut impl Take, after: usize) {
        if decoder.multiline().is_some()
            && let Some(record) = self.framer.close()
        {
            take.framed(record, decoder, after);
        }
    }

    /// Frames the last bytes read of a source whose reading failed, as [`LineFramer::frame`]
    /// does its lines, then hands on what is left, the lines of a record still open and a last
    /// line without its `\n`, as one [`Framed::CutOff`] record: the source broke off inside it.
    /// The rest of a record too long, which was handed on already, is not.
    pub fn frame_cut_off(&mut self, data: &[u8], decoder: &mut dyn Decoder, take: &mut impl Take) {
        let taken = self.frame_to(data, false, decoder, take);
        if std::mem::take(&mut self.skipping) {
            return;
        }
        // A multi-line record's lines are whole: it ends before what the failure cut off.
        self.end_multiline(decoder, take, taken);
        let rest = &data[taken..];
        if !rest.is_empty() {
            self.line += 1;
        }
        if let Some(framed) = self.framer.cut_off(rest, self.line) {
            take.framed(framed, decoder, data.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DecoderOptions;
    use crate::input::InputFormat;

    /// What a test shows of a framed outcome.
    fn show(framed: Framed<'_>) -> String {
        match framed {
            Framed::Blank => "blank".to_owned(),
            Framed::Continues => "continues".to_owned(),
            Framed::TooLong { prefix, line, .. } => {
                format!("{line} too long {}", String::from_utf8_lossy(&prefix))
            }
            Framed::CutOff {
                text,
                line,
                continuation,
            } => format!(
                "{line}+{continuation} cut off {}",
                String::from_utf8_lossy(&text)
            ),
            Framed::Record {
                text,
                line,
                continuation,
                ..
            } => format!("{line}+{continuation} {}", String::from_utf8_lossy(&text)),
        }
    }

    fn frame(input: &[u8]) -> Vec<String> {
        let decoder = InputFormat::Csv.decoder(&DecoderOptions::default());
        let mut framer = Framer::default();
        let mut out = Vec::new();
        let mut show = |framed: Framed<'_>| out.push(show(framed));
        for (i, line) in input.split(|&b| b == b'\n').enumerate() {
            show(framer.take(line, i as u64 + 1, decoder.as_ref(), usize::MAX, true));
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

    /// The last bytes of a source that failed: whole lines are framed, then the open record and
    /// the unfinished line are one record, as read; nothing of a record too long is left.
    #[test]
    fn what_a_failure_cuts_off_is_one_record() {
        let cut_off = |input: &[u8], max: usize| {
            let mut decoder = InputFormat::Csv.decoder(&DecoderOptions::default());
            let mut framer = LineFramer::new(max);
            let mut out = Vec::new();
            let mut take = |framed: Framed<'_>, _: &mut dyn Decoder, _: usize| {
                out.push(show(framed));
            };
            framer.frame_cut_off(input, decoder.as_mut(), &mut take);
            (out, framer.line())
        };
        assert_eq!(
            cut_off(b"a,b\n\n1,\"x\r\ny\n2,z\r", 100),
            (
                vec![
                    "1+0 a,b".to_owned(),
                    "blank".to_owned(),
                    "continues".to_owned(),
                    "continues".to_owned(),
                    "3+2 cut off 1,\"x\ny\n2,z\r".to_owned(),
                ],
                5
            )
        );
        assert_eq!(
            cut_off(b"a,b\n1,2", 100),
            (vec!["1+0 a,b".to_owned(), "2+0 cut off 1,2".to_owned()], 2)
        );
        assert_eq!(cut_off(b"a,b\n", 100), (vec!["1+0 a,b".to_owned()], 1));
        assert_eq!(
            cut_off(b"a,b\n1,2345678", 5),
            (vec!["1+0 a,b".to_owned(), "2 too long 1,234".to_owned()], 2)
        );
    }

    /// However the bytes arrive, a record longer than the limit is its first bytes and one
    /// line, and framing goes on after its line end.
    #[test]
    fn a_record_too_long_is_handed_on_early_and_skipped() {
        let input = b"ab\r\nlong line here\r\nxyzw\r\n\nlast\r";
        let mut want = None;
        for piece in 1..input.len() {
            let mut decoder = crate::input::lines::LinesDecoder;
            let mut framer = LineFramer::new(5);
            let mut out = Vec::new();
            let mut held = Vec::new();
            for chunk in input.chunks(piece).chain([&b""[..]]) {
                held.extend_from_slice(chunk);
                let end = chunk.is_empty();
                let taken = framer.frame(&held, end, &mut decoder, |framed, _, _| {
                    out.push(match framed {
                        Framed::TooLong { prefix, line, .. } => {
                            format!("{line}: too long {}", String::from_utf8_lossy(&prefix))
                        }
                        Framed::Record { text, line, .. } => {
                            format!("{line}: {}", String::from_utf8_lossy(&text))
                        }
                        other => format!("{other:?}"),
                    })
                });
                held.drain(..taken);
                assert!(held.len() < 7, "{piece}: {} held", held.len());
            }
            let want = want.get_or_insert_with(|| out.clone());
            assert_eq!(&out, want, "pieces of {piece}");
        }
        assert_eq!(
            want.expect("some pieces"),
            ["1: ab", "2: too long long ", "3: xyzw", "Blank", "5: last"].map(String::from)
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

    /// A `lines` decoder under `--multiline-start '^\S'` with these bounds.
    fn multiline_decoder(max_lines: u64, max_bytes: usize) -> Box<dyn Decoder> {
        let multiline = crate::input::multiline::Multiline {
            start: regex::bytes::Regex::new(r"^\S").unwrap(),
            max_lines,
            max_bytes,
            timeout: std::time::Duration::from_secs(1),
        };
        let options = DecoderOptions {
            multiline: Some(multiline),
            ..DecoderOptions::default()
        };
        InputFormat::Lines.decoder(&options)
    }

    /// What framing `input` in pieces of `piece` bytes gives: each outcome with the offset after
    /// it, as the serial reader feeds the framer (the bytes not taken are held for the next read).
    fn frame_pieces(
        input: &[u8],
        piece: usize,
        decoder: &mut dyn Decoder,
        max: usize,
    ) -> Vec<String> {
        let mut framer = LineFramer::new(max);
        let mut out = Vec::new();
        let (mut held, mut base) = (Vec::new(), 0);
        for chunk in input.chunks(piece).chain([&b""[..]]) {
            held.extend_from_slice(chunk);
            let end = chunk.is_empty();
            let taken = framer.frame(&held, end, decoder, |framed, _, after| {
                if framed != Framed::Continues {
                    let cut = match &framed {
                        Framed::Record { cut: Some(cut), .. } => format!(" {cut:?}"),
                        _ => String::new(),
                    };
                    out.push(format!("{}{cut} @{}", show(framed), base + after));
                }
            });
            held.drain(..taken);
            base += taken;
        }
        out
    }

    /// Under `--multiline-start` a record runs from a start line to the line before the next
    /// (blank lines inside it included), ends at a bound with the line past it starting the next
    /// record, and ends where its last line does (the next run of `--state` resumes there), however
    /// the bytes arrive.
    #[test]
    fn multi_line_records_end_before_the_next_start_line() {
        let input =
            b"\nERROR a\r\n\tat x\r\n\r\n\tat y\r\nINFO b\n  1\n  2\n  3\n  4\nWARN \xff\n  c";
        let mut want = None;
        for piece in 1..input.len() {
            let mut decoder = multiline_decoder(4, 100);
            let got = frame_pieces(input, piece, decoder.as_mut(), 100);
            assert_eq!(
                &got,
                want.get_or_insert_with(|| got.clone()),
                "pieces of {piece}"
            );
        }
        assert_eq!(
            want.unwrap(),
            [
                "blank @1",
                "2+3 ERROR a\n\tat x\n\n\tat y @26",
                "6+3 INFO b\n  1\n  2\n  3 Lines(4) @45",
                "10+0   4 @49",
                "11+1 WARN \u{fffd}\n  c @59",
            ]
        );
    }

    #[test]
    fn a_multi_line_record_is_cut_at_its_bytes_and_a_line_too_long_is_its_own() {
        let input = b"A 1\n  22\n  333\nB\n  long line here\n  x\nC\n";
        let mut decoder = multiline_decoder(100, 9);
        assert_eq!(
            frame_pieces(input, 4, decoder.as_mut(), 12),
            [
                "1+1 A 1\n  22 Bytes(9) @9",
                "3+0   333 @15",
                "4+0 B @17",
                "5 too long   long line  @32",
                "6+0   x @38",
                "7+0 C @40",
            ]
        );
        // The smaller of the two limits applies.
        let mut decoder = multiline_decoder(100, 1000);
        assert_eq!(
            frame_pieces(b"A 1\n  22\n", 100, decoder.as_mut(), 5),
            ["1+0 A 1 Bytes(5) @4", "2+0   22 @9"]
        );
    }

    /// A live source that pauses hands on the record it holds open; a source that fails does
    /// too, before what the failure cut off.
    #[test]
    fn a_pause_or_a_failure_ends_the_open_multi_line_record() {
        let mut decoder = multiline_decoder(100, 100);
        let mut framer = LineFramer::new(100);
        let mut out = Vec::new();
        let mut take = |framed: Framed<'_>, _: &mut dyn Decoder, after: usize| {
            out.push(format!("{} @{after}", show(framed)));
        };
        let taken = framer.frame_paused(b"E x\n  at y\n  at", decoder.as_mut(), &mut take);
        assert_eq!(
            (taken, out),
            (
                11,
                vec![
                    "continues @4".to_owned(),
                    "continues @11".to_owned(),
                    "1+1 E x\n  at y @11".to_owned()
                ]
            )
        );
        assert!(!framer.record_open());
        let mut out = Vec::new();
        let mut take = |framed: Framed<'_>, _: &mut dyn Decoder, _: usize| out.push(show(framed));
        framer.frame_cut_off(b"  at z\nF", decoder.as_mut(), &mut take);
        assert_eq!(out, ["continues", "3+0   at z", "4+0 cut off F"]);
        // An open CSV record is not ended by a pause: it waits for its closing quote.
        let mut csv = InputFormat::Csv.decoder(&DecoderOptions::default());
        let mut framer = LineFramer::new(100);
        let mut take = |_: Framed<'_>, _: &mut dyn Decoder, _: usize| {};
        framer.frame_paused(b"a\n\"x\n", csv.as_mut(), &mut take);
        assert!(framer.record_open());
    }

    /// The lines decoder as the framer saw every decoder before [`Decoder::one_line`]: asked
    /// about every line.
    struct AskedPerLine;

    impl Decoder for AskedPerLine {
        fn decode(&mut self, record: &[u8]) -> Result<crate::input::Record, String> {
            crate::input::lines::LinesDecoder.decode(record)
        }
    }

    /// Frames `input` read in pieces cut at `cuts`, as the reader does (what a call leaves is
    /// framed again with the next piece), into what each outcome shows with its line end and
    /// the offset after it.
    fn frame_in_pieces(
        input: &[u8],
        cuts: &[usize],
        max: usize,
        decoder: &mut dyn Decoder,
    ) -> Vec<String> {
        let mut framer = LineFramer::new(max);
        let mut out = Vec::new();
        let mut take = |framed: Framed<'_>, _: &mut dyn Decoder, after: usize| {
            let end = match &framed {
                Framed::Record { end, .. } => format!("{end:?}"),
                _ => String::new(),
            };
            out.push(format!("{} {end} @{after}", show(framed)));
        };
        let (mut held, mut read) = (Vec::new(), 0);
        for &cut in cuts.iter().chain([&input.len()]) {
            let cut = cut.clamp(read, input.len());
            held.extend_from_slice(&input[read..cut]);
            read = cut;
            let end = read == input.len();
            let taken = framer.frame_to(&held, end, decoder, &mut take);
            held.drain(..taken);
            if end {
                break;
            }
        }
        out
    }

    proptest::proptest! {
        /// [`Newlines`] finds the first `\n` as memchr does, at every length and offset.
        #[test]
        fn newlines_are_found_as_memchr_finds_them(
            data in proptest::collection::vec(proptest::sample::select(b"ab\n".to_vec()), 0..300),
            sparse in proptest::bool::ANY,
            from in 0usize..300,
        ) {
            let data: Vec<u8> = if sparse {
                data.iter().map(|&b| if b == b'\n' { b'a' } else { b }).collect()
            } else {
                data
            };
            let data = &data[from.min(data.len())..];
            proptest::prop_assert_eq!(Newlines::new().find(data), memchr::memchr(b'\n', data));
        }

        /// The framing of a decoder whose records are all one line ([`Take::line`]) is the
        /// framing that asks the decoder about each line: the same records, blank lines and
        /// records too long, with the same numbers, line ends and offsets, however the input
        /// is read.
        #[test]
        fn one_line_records_frame_as_asked_per_line(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab \r\n\n".to_vec()), 0..80),
            cuts in proptest::collection::vec(0usize..80, 0..6),
            max in 1usize..12,
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            let mut lines = crate::input::lines::LinesDecoder;
            proptest::prop_assert!(lines.one_line());
            let fast = frame_in_pieces(&input, &cuts, max, &mut lines);
            let asked = frame_in_pieces(&input, &cuts, max, &mut AskedPerLine);
            proptest::prop_assert_eq!(fast, asked);
        }
    }
}
