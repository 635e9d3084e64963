//! Table output (`--to table`): aligned columns for people reading a terminal.
//!
//! Rows are held in blocks of up to [`BLOCK_ROWS`] and printed when the block is full or the
//! pipeline flushes (the input paused), so `tail -F app.log | eddy ... --to table` shows rows as
//! they come. Column widths only grow from block to block (a column that grows gets a quarter
//! more room, so this is rare); the header is printed again when the columns change or widen. The whole row is fit into the width of the terminal (`COLUMNS`,
//! else the terminal's width, else 100 characters) by narrowing the widest columns; a cut cell
//! ends with `…`. Numbers are right-aligned; null is an empty cell; line breaks and tabs inside
//! a cell are shown as `\n` and `\t`. Widths are display columns (`unicode-width`): a CJK
//! character or an emoji takes two, a combining accent none, and a cell is cut between
//! characters, never inside a wide one.

use std::io::{self, IsTerminal};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::event::Event;
use crate::output::{OutputStream, Sink, cell_text, flatten};
use crate::value::Value;

/// Rows per block.
pub const BLOCK_ROWS: usize = 100;
/// The narrowest a column is cut to.
const MIN_WIDTH: usize = 3;
/// Spaces between columns.
const GAP: usize = 2;

/// The most columns or lines taken from `COLUMNS`, `LINES` or the terminal (a terminal's size
/// is 16 bits; a larger `COLUMNS` is taken as "no limit" within that).
const MAX_SIDE: usize = u16::MAX as usize;

/// The size to fit rows and frames into, in columns and lines: `COLUMNS` and `LINES`, else the
/// terminal's, else 100 columns and 24 lines; at most 65,535 each.
pub fn terminal_size() -> (usize, usize) {
    // The names stay at the calls: tests/it/layers.rs checks which variables are read.
    let var = |value: Result<String, std::env::VarError>| {
        (value.ok())
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
    };
    let asked = || {
        io::stdout()
            .is_terminal()
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, h)| (usize::from(w.0), usize::from(h.0)))
    };
    let width = var(std::env::var("COLUMNS"))
        .or_else(|| asked().map(|s| s.0).filter(|w| *w > 0))
        .unwrap_or(100);
    let height = var(std::env::var("LINES"))
        .or_else(|| asked().map(|s| s.1).filter(|h| *h > 0))
        .unwrap_or(24);
    (width.min(MAX_SIDE), height.min(MAX_SIDE))
}

/// One cell: its display text and whether it is right-aligned.
struct Cell {
    text: String,
    numeric: bool,
}

/// Writes events as aligned rows.
pub struct TableWriter {
    stream: OutputStream,
    width: usize,
    columns: Vec<String>,
    widths: Vec<usize>,
    printed_columns: Vec<String>,
    printed_widths: Vec<usize>,
    /// The widths the columns' contents asked for (slack included) when the last block was
    /// printed, before fitting: a column grows when its contents outgrow these.
    asked_widths: Vec<usize>,
    rows: Vec<Vec<(usize, Cell)>>,
}

impl TableWriter {
    /// A writer fitting rows into `width` characters.
    pub fn new(stream: OutputStream, width: usize) -> TableWriter {
        TableWriter {
            stream,
            width,
            columns: Vec::new(),
            widths: Vec::new(),
            printed_columns: Vec::new(),
            printed_widths: Vec::new(),
            asked_widths: Vec::new(),
            rows: Vec::new(),
        }
    }

    fn column_index(&mut self, name: &str) -> usize {
        match self.columns.iter().position(|c| c == name) {
            Some(i) => i,
            None => {
                self.columns.push(name.to_owned());
                self.widths.push(name.width());
                self.columns.len() - 1
            }
        }
    }

    /// The widths after fitting the row into the terminal.
    fn fitted_widths(&self) -> Vec<usize> {
        fit_widths(&self.widths, self.width)
    }

    fn print_block(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        // A column that outgrows what was printed gets some slack, so that the header is not
        // repeated for every slightly longer value.
        for (i, asked) in self.asked_widths.iter().enumerate() {
            if self.widths[i] > *asked {
                self.widths[i] += (self.widths[i] / 4).max(2);
            }
        }
        self.asked_widths.clone_from(&self.widths);
        let widths = self.fitted_widths();
        let rows = std::mem::take(&mut self.rows);
        let buf = self.stream.buffer();
        if self.columns != self.printed_columns || widths != self.printed_widths {
            if !self.printed_columns.is_empty() {
                buf.push(b'\n');
            }
            let header: Vec<(usize, Cell)> = self
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    (
                        i,
                        Cell {
                            text: c.clone(),
                            numeric: false,
                        },
                    )
                })
                .collect();
            write_row(&header, &widths, buf);
            self.printed_columns = self.columns.clone();
            self.printed_widths = widths.clone();
        }
        for row in &rows {
            write_row(row, &widths, buf);
        }
    }
}

/// `widths` narrowed to fit `width` columns with [`GAP`] between them: the widest column loses
/// a column at a time (of equally wide ones the last first), none below [`MIN_WIDTH`]. Done a
/// level at a time, so the cost does not grow with how much wider the contents are.
fn fit_widths(widths: &[usize], width: usize) -> Vec<usize> {
    let mut widths = widths.to_vec();
    let gaps = GAP * widths.len().saturating_sub(1);
    loop {
        let total = widths.iter().sum::<usize>() + gaps;
        let widest = widths.iter().copied().max().unwrap_or(0);
        if total <= width || widest <= MIN_WIDTH {
            return widths;
        }
        let excess = total - width;
        let next = widths.iter().copied().filter(|&w| w < widest).max();
        let level = next.unwrap_or(0).max(MIN_WIDTH);
        let at_widest: Vec<usize> = (0..widths.len()).filter(|&i| widths[i] == widest).collect();
        let k = at_widest.len();
        if k * (widest - level) <= excess {
            for &i in &at_widest {
                widths[i] = level;
            }
            continue;
        }
        let (rounds, extra) = (excess / k, excess % k);
        for (n, &i) in at_widest.iter().enumerate() {
            widths[i] = widest - rounds - usize::from(n >= k - extra);
        }
        return widths;
    }
}

/// Cuts `text` to `width` display columns, marking a cut with `…`; returns the text and its
/// width (one less than `width` when a wide character would have straddled the cut). The cut is
/// measured as the whole text is, as a string (`❤` and U+FE0F are two columns together, one
/// and none apart): characters are taken while their sum fits, then dropped again while the
/// string is wider.
pub fn fit(text: &str, width: usize) -> (String, usize) {
    let n = text.width();
    if n <= width {
        return (text.to_owned(), n);
    }
    let room = width.saturating_sub(1);
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        cut.push(c);
    }
    let mut used = cut.width();
    while used > room {
        cut.pop();
        used = cut.width();
    }
    cut.push('…');
    (cut, used + 1)
}

fn write_row(row: &[(usize, Cell)], widths: &[usize], buf: &mut Vec<u8>) {
    let mut line = String::new();
    for (i, &w) in widths.iter().enumerate() {
        let cell = row.iter().find(|(c, _)| *c == i).map(|(_, cell)| cell);
        let (text, n) = cell.map_or((String::new(), 0), |c| fit(&c.text, w));
        let pad = " ".repeat(w - n);
        if i > 0 {
            line.push_str(&" ".repeat(GAP));
        }
        if cell.is_some_and(|c| c.numeric) {
            line.push_str(&pad);
            line.push_str(&text);
        } else {
            line.push_str(&text);
            line.push_str(&pad);
        }
    }
    buf.extend_from_slice(line.trim_end().as_bytes());
    buf.push(b'\n');
}

fn display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

impl TableWriter {
    /// Takes one row into the block being gathered.
    fn add(&mut self, value: &Value) {
        let flat = flatten(value);
        let mut row = Vec::with_capacity(flat.len());
        for (name, value) in flat {
            let i = self.column_index(&name);
            let text = cell_text(value).map(|t| display(&t)).unwrap_or_default();
            self.widths[i] = self.widths[i].max(text.width());
            row.push((
                i,
                Cell {
                    text,
                    numeric: matches!(value, Value::Int(_) | Value::Float(_)),
                },
            ));
        }
        self.rows.push(row);
    }

    /// Writes one row: printed with its block.
    pub fn push(&mut self, value: &Value) -> io::Result<()> {
        self.add(value);
        if self.rows.len() >= BLOCK_ROWS {
            self.print_block();
            self.stream.end_record()?;
        }
        Ok(())
    }

    /// Fits the rows of the next blocks into `width` (the terminal was resized).
    pub fn resize(&mut self, width: usize) {
        self.width = width;
    }

    /// The buffer of the stream written to, for a live view's escape sequences.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        self.stream.buffer()
    }
}

/// The rows `values` as one table of `width` columns (a live view's frame).
pub fn render<'a>(values: impl IntoIterator<Item = &'a Value>, width: usize) -> Vec<u8> {
    let mut table = TableWriter::new(OutputStream::new(Box::new(io::sink()), false), width);
    for value in values {
        table.add(value);
    }
    table.print_block();
    std::mem::take(table.stream.buffer())
}

impl Sink for TableWriter {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        self.push(event.value())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.print_block();
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::output::csv::tests::Shared;

    fn table(width: usize, events: &[&str]) -> String {
        let dest = Shared::default();
        dest.written(&mut TableWriter::new(dest.stream(), width), events)
    }

    /// The level-at-a-time fitting equals narrowing the widest column one column at a time.
    #[test]
    fn fitting_by_levels_is_narrowing_one_column_at_a_time() {
        fn one_at_a_time(widths: &[usize], width: usize) -> Vec<usize> {
            let mut widths = widths.to_vec();
            let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
            while total(&widths) > width {
                let (i, &widest) = widths.iter().enumerate().max_by_key(|(_, w)| **w).unwrap();
                if widest <= MIN_WIDTH {
                    break;
                }
                widths[i] -= 1;
            }
            widths
        }
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..3000 {
            let widths: Vec<usize> = (0..=next(8)).map(|_| next(60) as usize).collect();
            let width = next(200) as usize;
            assert_eq!(
                fit_widths(&widths, width),
                one_at_a_time(&widths, width),
                "{widths:?} into {width}"
            );
        }
    }

    /// Columns cut to fit do not grow by their slack again at every block (which made the
    /// widths, and the time to fit them, grow without bound).
    #[test]
    fn cut_columns_keep_their_width_from_block_to_block() {
        let long = "x".repeat(300);
        let events: Vec<String> = (0..(BLOCK_ROWS * 50))
            .map(|i| format!(r#"{{"n":{},"text":"{long}"}}"#, 1000 + i))
            .collect();
        let mut w = TableWriter::new(OutputStream::new(Box::new(Shared::default()), false), 40);
        for e in &events {
            w.write(&Event::created(json::parse(e.as_bytes()).unwrap()))
                .unwrap();
        }
        w.finish().unwrap();
        assert_eq!(w.widths, [4, 300]);
    }

    #[test]
    fn aligned_columns() {
        let out = table(
            100,
            &[
                r#"{"host":"a","status":200,"msg":"ok"}"#,
                r#"{"host":"bbbbb","status":5,"msg":null}"#,
            ],
        );
        assert_eq!(
            out,
            "host   status  msg\na         200  ok\nbbbbb       5\n"
        );
    }

    #[test]
    fn width_limit_cuts_the_widest_column() {
        let out = table(20, &[r#"{"a":"xyz","msg":"a very long message indeed"}"#]);
        assert_eq!(out, "a    msg\nxyz  a very long me…\n");
        assert!(out.lines().all(|l| l.chars().count() <= 20));
    }

    #[test]
    fn wide_and_combining_characters_align_by_display_width() {
        // 東京 is 4 columns wide, 🚀 2, and é written as e + U+0301 is 1.
        let out = table(
            100,
            &[
                r#"{"city":"東京","n":1}"#,
                r#"{"city":"🚀","n":22}"#,
                r#"{"city":"Pe\u0301rez","n":333}"#,
                r#"{"city":"abcdef","n":4}"#,
            ],
        );
        assert_eq!(
            out,
            "city    n\n東京      1\n🚀       22\nPe\u{301}rez   333\nabcdef    4\n"
        );
        let widths: Vec<usize> = out.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths, [9, 11, 11, 11, 11]);
    }

    #[test]
    fn cells_are_cut_at_display_width() {
        // Nine columns for 東京都庁舎 (10 wide): four characters and the mark, the half column
        // left over is padding.
        assert_eq!(fit("東京都庁舎", 9), ("東京都庁…".to_owned(), 9));
        assert_eq!(fit("東京都庁舎", 8), ("東京都…".to_owned(), 7));
        assert_eq!(fit("🚀🚀🚀", 4), ("🚀…".to_owned(), 3));
        // A combining accent stays with its letter.
        assert_eq!(
            fit("e\u{301}e\u{301}e\u{301}e\u{301}", 3),
            ("e\u{301}e\u{301}…".to_owned(), 3)
        );
        // An emoji with U+FE0F is two columns as a string, as the row is measured.
        let hearts = "\u{2764}\u{fe0f}".repeat(6);
        let (cut, n) = fit(&hearts, 6);
        assert_eq!(
            (cut.as_str(), cut.width(), n),
            ("\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}…", 6, 6)
        );
        let out = table(
            12,
            &[
                &format!(r#"{{"k":"{hearts}","n":1}}"#),
                r#"{"k":"abcdefghijkl","n":2}"#,
            ],
        );
        assert!(out.lines().all(|l| l.width() <= 12), "{out}");
        let out = table(12, &[r#"{"a":"x","msg":"日本語のメッセージ"}"#]);
        assert_eq!(out, "a  msg\nx  日本語の…\n");
        assert!(out.lines().all(|l| l.width() <= 12));
    }

    #[test]
    fn new_columns_reprint_the_header_per_block() {
        let dest = Shared::default();
        let mut w = TableWriter::new(OutputStream::new(Box::new(dest.clone()), false), 80);
        w.write(&Event::created(json::parse(br#"{"a":1}"#).unwrap()))
            .unwrap();
        w.flush().unwrap();
        w.write(&Event::created(json::parse(br#"{"a":2}"#).unwrap()))
            .unwrap();
        w.flush().unwrap();
        w.write(&Event::created(json::parse(br#"{"b":"x"}"#).unwrap()))
            .unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(dest.0.borrow().clone()).unwrap(),
            "a\n1\n2\n\na  b\n   x\n"
        );
    }

    #[test]
    fn a_widening_column_gets_slack() {
        let dest = Shared::default();
        let mut w = TableWriter::new(OutputStream::new(Box::new(dest.clone()), false), 80);
        for (i, v) in ["ab", "abc", "abcd", "abcde"].iter().enumerate() {
            let e = format!(r#"{{"k":"{v}","n":{i}}}"#);
            w.write(&Event::created(json::parse(e.as_bytes()).unwrap()))
                .unwrap();
            w.flush().unwrap();
        }
        w.finish().unwrap();
        // "abc" widens k from 2 to 3 + 2 slack; "abcd" and "abcde" then fit.
        assert_eq!(
            String::from_utf8(dest.0.borrow().clone()).unwrap(),
            "k   n\nab  0\n\nk      n\nabc    1\nabcd   2\nabcde  3\n"
        );
    }
}
