//! Live views on a terminal: `--to table` over a window or `count`, and `--to chart`, draw the
//! current result at the bottom of the screen and draw it again in place as it changes, as
//! angle-grinder does; at the end the region is cleared and the final result printed as plain
//! text, so that the scrollback holds what a pipe would get (without the pauses' blocks).
//!
//! The pipeline decides that a run is live (stdout is a terminal and the last stage has a
//! running result: [`crate::ops::Stage::snapshot`]) and when to draw ([`crate::output::Sink::show`],
//! a few times a second at most). Redrawing is plain ANSI: `ESC[nA` (cursor up over the lines
//! drawn before), `ESC[K` after each line (clear the rest of it), `ESC[J` (clear what is below).
//! A frame is never taller than the screen less one line (a taller one would scroll, and the
//! cursor could not go back up over it) nor wider than it (a wrapped line would be two).

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use indexmap::IndexMap;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::diag::AroundMessages;

use crate::event::Event;
use crate::output::table::{self, TableWriter};
use crate::output::{OutputStream, Sink};
use crate::path::Path;
use crate::value::{Value, compare, key_id_into};

/// The cells a live view fits its frames into.
#[derive(Debug, Clone, Copy)]
pub enum Size {
    /// The terminal's (`COLUMNS`, `LINES`, else asked), read again for every frame, so that a
    /// resized terminal gets frames of its new size.
    Terminal,
    /// Columns and lines given (tests).
    Fixed(usize, usize),
}

impl Size {
    /// The columns and lines now.
    pub fn now(self) -> (usize, usize) {
        match self {
            Size::Terminal => table::terminal_size(),
            Size::Fixed(width, height) => (width, height),
        }
    }
}

/// The region at the bottom of the terminal a live view draws in.
#[derive(Debug, Default)]
pub struct Screen {
    /// Lines drawn by the last frame (the cursor is on the line below them); shared with the
    /// hook that clears the frame before a message on stderr ([`Screen::around_messages`]).
    lines: Arc<AtomicUsize>,
}

impl Screen {
    /// Draws `frame` (lines ending in `\n`) over the last frame, into `buf`, on a terminal
    /// `width` columns wide and `height` lines high: each line is cut one column short of the
    /// width (a line that filled it would wrap, or leave the cursor in the last column, where
    /// `ESC[K` erases), and a frame taller than the height less one line (the cursor's) is
    /// replaced by one line saying so (by none on a terminal of one line).
    pub fn draw(&mut self, frame: &[u8], (width, height): (usize, usize), buf: &mut Vec<u8>) {
        home(self.lines.load(Relaxed), buf);
        let room = width.saturating_sub(1).max(1);
        let fits = frame.iter().filter(|&&b| b == b'\n').count() < height;
        let small = format!("… terminal too small ({width}×{height})\n");
        let frame = match (fits, height) {
            (true, _) => frame,
            (false, 0 | 1) => &[][..],
            (false, _) => small.as_bytes(),
        };
        let mut lines = 0;
        for line in frame.split_inclusive(|&b| b == b'\n') {
            let line = String::from_utf8_lossy(line.strip_suffix(b"\n").unwrap_or(line));
            buf.extend_from_slice(table::fit(&line, room).0.as_bytes());
            buf.extend_from_slice(b"\x1b[K\n");
            lines += 1;
        }
        buf.extend_from_slice(b"\x1b[J");
        self.lines.store(lines, Relaxed);
    }

    /// Clears the last frame, leaving the cursor where it began: the terminal is as before.
    pub fn clear(&mut self, buf: &mut Vec<u8>) {
        let lines = self.lines.swap(0, Relaxed);
        if lines > 0 {
            home(lines, buf);
            buf.extend_from_slice(b"\x1b[J");
        }
    }

    /// What a message on stderr is written through while a frame is drawn
    /// ([`crate::diag::Diagnostics::around_messages`]): the frame is cleared first, straight
    /// on stdout (the writer flushes every frame, so nothing of it is buffered), so that the
    /// message takes its place and stays; the next frame is drawn below it.
    pub fn around_messages(&self) -> AroundMessages {
        let lines = Arc::clone(&self.lines);
        Box::new(move |write| {
            let drawn = lines.swap(0, Relaxed);
            if drawn > 0 {
                let mut buf = Vec::new();
                home(drawn, &mut buf);
                buf.extend_from_slice(b"\x1b[J");
                let mut stdout = io::stdout().lock();
                let _ = stdout.write_all(&buf).and_then(|()| stdout.flush());
            }
            write();
        })
    }
}

/// Moves the cursor to the start of a frame `lines` high, drawn above it.
fn home(lines: usize, buf: &mut Vec<u8>) {
    buf.push(b'\r');
    if lines > 0 {
        buf.extend_from_slice(format!("\x1b[{lines}A").as_bytes());
    }
}

/// What a live view shows of the result: its top rows by a field (`--sort`, `--top`).
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// `--sort FIELD`: largest first; without it the rows in output order (the order first
    /// written: a time window's windows by start, `count`'s keys in key order), the last shown.
    pub sort: Option<Path>,
    /// `--top N`: at most N rows (default: what fits the screen).
    pub top: Option<usize>,
}

impl Shape {
    /// The rows to show of `rows`, at most `room`: the first by `--sort`, else the last.
    pub fn pick<'a>(&self, mut rows: Vec<&'a Value>, room: usize) -> (Vec<&'a Value>, usize) {
        let n = self.top.unwrap_or(room).min(room);
        let hidden = rows.len().saturating_sub(n);
        match &self.sort {
            Some(path) => {
                // Stable: equal rows keep their order. Largest first, a missing field last.
                let null = Value::Null;
                rows.sort_by(|a, b| {
                    let (x, y) = (path.get(a).unwrap_or(&null), path.get(b).unwrap_or(&null));
                    compare(y, x)
                });
                rows.truncate(n);
            }
            None => {
                rows.drain(..hidden);
            }
        }
        (rows, hidden)
    }
}

/// The fields of a record's bounds, which with its key identify it.
const BOUNDS: [&str; 4] = ["window_start", "window_end", "seq_start", "seq_end"];

/// `--to table` on a terminal over a stage with a running result: the live table.
pub struct LiveTable {
    writer: TableWriter,
    size: Size,
    shape: Shape,
    /// The key fields that, with the bounds, identify a row; `None`: every record is a row.
    key: Option<Vec<String>>,
    /// The result so far: the latest record of each window and key, by [`LiveTable::id`], in
    /// the order first written (a retraction removes its row); without a key, every record.
    rows: IndexMap<String, Value>,
    screen: Screen,
}

impl LiveTable {
    /// A live table over `stream`, fitting its frames into `size`, its rows identified by the
    /// fields `key` with their bounds.
    pub fn new(
        stream: OutputStream,
        size: Size,
        shape: Shape,
        key: Option<Vec<String>>,
    ) -> LiveTable {
        LiveTable {
            writer: TableWriter::new(stream, size.now().0),
            size,
            shape,
            key,
            rows: IndexMap::new(),
            screen: Screen::default(),
        }
    }

    /// The identity of the row `value`: the key id ([`key_id_into`]) of its bounds and key
    /// fields (a missing one is null); `None` without a key.
    fn id(&self, value: &Value) -> Option<String> {
        let key = self.key.as_ref()?;
        let mut id = String::new();
        let null = Value::Null;
        match value {
            Value::Object(m) => {
                let fields = BOUNDS.iter().copied().chain(key.iter().map(String::as_str));
                key_id_into(fields.map(|f| m.get(f).unwrap_or(&null)), &mut id);
            }
            other => key_id_into(std::iter::once(other), &mut id),
        }
        Some(id)
    }
}

impl Sink for LiveTable {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let value = event.value();
        let id = (self.id(value)).unwrap_or_else(|| self.rows.len().to_string());
        let retract = matches!(value, Value::Object(m)
            if m.get("window_emit").and_then(Value::as_str) == Some("retract"));
        if retract {
            self.rows.shift_remove(&id);
        } else {
            self.rows.insert(id, value.clone());
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Frames are drawn by `show`; nothing is buffered in between.
        Ok(())
    }

    fn show(&mut self, running: &[Event]) -> io::Result<()> {
        // The running rows replace the rows written of their window and key, the others follow.
        let ids: Vec<Option<String>> = running.iter().map(|e| self.id(e.value())).collect();
        let mut open: HashMap<&str, &Value> = (ids.iter().zip(running))
            .filter_map(|(id, e)| Some((id.as_deref()?, e.value())))
            .collect();
        let mut all: Vec<&Value> = (self.rows.iter())
            .map(|(id, row)| open.remove(id.as_str()).unwrap_or(row))
            .collect();
        for (id, event) in ids.iter().zip(running) {
            if id.as_deref().is_none_or(|id| open.remove(id).is_some()) {
                all.push(event.value());
            }
        }
        let total = all.len();
        // The header and the line saying what is hidden, and one line for the cursor.
        let (width, height) = self.size.now();
        let room = height.saturating_sub(3);
        let (shown, hidden) = self.shape.pick(all, room);
        let mut frame = table::render(shown, width.saturating_sub(1));
        if hidden > 0 {
            let by = match &self.shape.sort {
                Some(path) => format!("top {} by {path} of {total} rows\n", total - hidden),
                None => format!("last {} of {total} rows in output order\n", total - hidden),
            };
            frame.extend_from_slice(format!("… {by}").as_bytes());
        }
        let mut buf = std::mem::take(self.writer.buffer());
        self.screen.draw(&frame, (width, height), &mut buf);
        *self.writer.buffer() = buf;
        self.writer.flush()
    }

    fn finish(&mut self) -> io::Result<()> {
        let mut buf = std::mem::take(self.writer.buffer());
        self.screen.clear(&mut buf);
        *self.writer.buffer() = buf;
        self.writer.resize(self.size.now().0);
        for row in std::mem::take(&mut self.rows).into_values() {
            self.writer.push(&row)?;
        }
        self.writer.finish()
    }

    fn around_messages(&self) -> Option<AroundMessages> {
        Some(self.screen.around_messages())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::output::csv::tests::Shared;

    fn event(text: &str) -> Event {
        Event::created(json::parse(text.as_bytes()).unwrap())
    }

    #[test]
    fn frames_redraw_in_place_and_the_end_leaves_the_plain_table() {
        let dest = Shared::default();
        let stream = OutputStream::new(Box::new(dest.clone()), true);
        let shape = Shape {
            sort: Some(Path::parse("count").unwrap()),
            top: Some(2),
        };
        let mut live = LiveTable::new(
            stream,
            Size::Fixed(40, 24),
            shape,
            Some(vec!["host".into()]),
        );
        live.show(&[event(r#"{"host":"a","count":1}"#)]).unwrap();
        let running = [
            event(r#"{"host":"a","count":1}"#),
            event(r#"{"host":"b","count":5}"#),
            event(r#"{"host":"c","count":3}"#),
        ];
        live.show(&running).unwrap();
        for e in &running {
            live.write(e).unwrap();
        }
        live.finish().unwrap();
        let out = String::from_utf8(dest.0.borrow().clone()).unwrap();
        assert_eq!(
            out,
            "\rhost  count\x1b[K\na         1\x1b[K\n\x1b[J\
             \r\x1b[2Ahost  count\x1b[K\nb         5\x1b[K\nc         3\x1b[K\n\
             … top 2 by count of 3 rows\x1b[K\n\x1b[J\
             \r\x1b[4A\x1b[J\
             host  count\na         1\nb         5\nc         3\n"
        );
    }

    #[test]
    fn a_row_per_window_and_key_with_its_latest_value_and_retractions_removed() {
        let dest = Shared::default();
        let stream = OutputStream::new(Box::new(dest.clone()), true);
        let key = Some(vec!["host".into()]);
        let mut live = LiveTable::new(stream, Size::Fixed(60, 24), Shape::default(), key);
        let w = |start: i64, host: &str, emit: &str, n: i64| {
            event(&format!(
                r#"{{"window_start":{start},"window_end":{},"window_emit":"{emit}","host":"{host}","count":{n}}}"#,
                start + 60
            ))
        };
        // Updates (--emit updates, late records) replace their row; a retraction removes it.
        for e in [
            w(0, "a", "early", 1),
            w(0, "b", "early", 1),
            w(0, "a", "early", 2),
        ] {
            live.write(&e).unwrap();
        }
        live.write(&w(60, "a", "on_time", 5)).unwrap();
        live.write(&w(60, "a", "retract", 0)).unwrap();
        // The running rows replace the written rows of their window and key.
        let before = dest.0.borrow().len();
        live.show(&[w(0, "b", "early", 3), w(120, "c", "early", 1)])
            .unwrap();
        let frame = String::from_utf8(dest.0.borrow()[before..].to_vec()).unwrap();
        let rows: Vec<&str> = frame
            .lines()
            .skip(1)
            .filter(|l| l.ends_with("\x1b[K"))
            .collect();
        assert_eq!(rows.len(), 3, "{frame}");
        assert!(
            rows[0].ends_with("early        a         2\x1b[K"),
            "{frame}"
        );
        assert!(
            rows[1].ends_with("early        b         3\x1b[K"),
            "{frame}"
        );
        assert!(rows[2].starts_with("         120"), "{frame}");
        live.write(&w(0, "b", "on_time", 3)).unwrap();
        live.finish().unwrap();
        let out = String::from_utf8(dest.0.borrow().clone()).unwrap();
        let end = &out[out.rfind("\x1b[J").unwrap() + 3..];
        assert_eq!(
            end,
            concat!(
                "window_start  window_end  window_emit  host  count\n",
                "           0          60  early        a         2\n",
                "           0          60  on_time      b         3\n",
            )
        );
    }

    #[test]
    fn a_frame_is_never_taller_than_the_screen_less_one_line() {
        let frame = b"a\nb\nc\n";
        let drawn = |height| {
            let mut buf = Vec::new();
            Screen::default().draw(frame, (30, height), &mut buf);
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(drawn(4), "\ra\x1b[K\nb\x1b[K\nc\x1b[K\n\x1b[J");
        assert_eq!(drawn(3), "\r… terminal too small (30×3)\x1b[K\n\x1b[J");
        assert_eq!(drawn(1), "\r\x1b[J");
        // The live table and the chart on screens of 1 to 8 lines.
        for height in 1..=8 {
            let dest = Shared::default();
            let stream = OutputStream::new(Box::new(dest.clone()), true);
            let size = Size::Fixed(40, height);
            let mut live = LiveTable::new(stream, size, Shape::default(), None);
            let rows: Vec<Event> = (0..10)
                .map(|i| event(&format!(r#"{{"host":"h{i}","count":{i}}}"#)))
                .collect();
            live.show(&rows).unwrap();
            let out = String::from_utf8(dest.0.borrow().clone()).unwrap();
            assert!(out.matches('\n').count() < height.max(2), "{height}: {out}");
            let dest = Shared::default();
            let stream = OutputStream::new(Box::new(dest.clone()), true);
            let series = crate::output::chart::Series {
                keys: vec!["host".into()],
                values: vec!["count".into()],
            };
            let mut chart =
                crate::output::chart::ChartWriter::new(stream, &series, "count".into(), size, true);
            let rows: Vec<Event> = (0..10)
                .map(|i| {
                    event(&format!(
                        r#"{{"window_start":{i},"host":"h{i}","count":{i}}}"#
                    ))
                })
                .collect();
            chart.show(&rows).unwrap();
            let out = String::from_utf8(dest.0.borrow().clone()).unwrap();
            assert!(out.matches('\n').count() < height.max(2), "{height}: {out}");
        }
    }

    #[test]
    fn without_sort_the_last_rows_in_output_order_are_shown_and_said_so() {
        let dest = Shared::default();
        let stream = OutputStream::new(Box::new(dest.clone()), true);
        let key = Some(vec!["host".into()]);
        let mut live = LiveTable::new(stream, Size::Fixed(40, 5), Shape::default(), key);
        let rows: Vec<Event> = ["a", "b", "c"]
            .iter()
            .map(|h| event(&format!(r#"{{"host":"{h}","count":1}}"#)))
            .collect();
        live.show(&rows).unwrap();
        let out = String::from_utf8(dest.0.borrow().clone()).unwrap();
        assert_eq!(
            out,
            "\rhost  count\x1b[K\nb         1\x1b[K\nc         1\x1b[K\n\
             … last 2 of 3 rows in output order\x1b[K\n\x1b[J"
        );
    }

    #[test]
    fn frame_lines_stay_one_column_short_of_the_width() {
        let mut screen = Screen::default();
        let mut buf = Vec::new();
        screen.draw(b"abcdefgh\nab\n", (6, 3), &mut buf);
        assert_eq!(buf, "\rabcd…\x1b[K\nab\x1b[K\n\x1b[J".as_bytes());
        buf.clear();
        screen.clear(&mut buf);
        assert_eq!(buf, b"\r\x1b[2A\x1b[J");
    }
}
