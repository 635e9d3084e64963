//! Chart output (`--to chart`): a time window's series drawn in the terminal with braille dots
//! (`textplots`). One small line chart per key (one per `--by` value, e.g. per host), all on
//! the same y scale so that they compare, x the windows in order of `window_start` (one step
//! per window that has a record: `--fill-empty` makes the gaps show), y one numeric aggregate
//! (`--chart-y NAME`, else the first numeric one). The keys with the largest sum come first.
//!
//! In a pipe or a file the chart is drawn once, at the end, as plain text (braille characters
//! and spaces, no escape sequences); on a terminal it is drawn live ([`crate::output::live`]),
//! as many keys as the screen holds, and the whole chart is printed at the end.

use std::borrow::Cow;
use std::io;

use indexmap::IndexMap;
use textplots::{Chart, Plot, Shape};
use unicode_width::UnicodeWidthStr;

use crate::diag::AroundMessages;
use crate::event::Event;
use crate::output::live::{Screen, Size};
use crate::output::table::fit;
use crate::output::{OutputStream, Sink, cell_text};
use crate::value::{Value, compare, key_id_into, write_json};

/// The field of a window's start in its records.
pub const START: &str = "window_start";
/// Text rows of each key's chart.
const ROWS: usize = 3;
/// The narrowest chart, in characters (textplots draws 32 dots and more).
const MIN_CHARS: usize = 17;
/// The widest chart, in characters (a wider one is no more legible, and textplots' canvas
/// arithmetic overflows on widths far beyond any screen).
const MAX_CHARS: usize = 1000;

/// The time series a stage's records make ([`crate::ops::Stage::series`]).
#[derive(Debug, Clone)]
pub struct Series {
    /// The key fields, one series per distinct key.
    pub keys: Vec<String>,
    /// The numeric aggregates, which `--chart-y` may name.
    pub values: Vec<String>,
}

impl Series {
    /// The field drawn: `chosen` (`--chart-y`) when it is one of the numeric aggregates, else
    /// the first of them; the message of the usage error otherwise.
    pub fn y_field(&self, chosen: Option<&str>) -> Result<String, String> {
        match chosen {
            Some(name) if self.values.iter().any(|v| v == name) => Ok(name.to_owned()),
            Some(name) => Err(format!(
                "--chart-y: `{name}` is not a numeric aggregate of the window (it has: {})",
                if self.values.is_empty() {
                    "none".to_owned()
                } else {
                    self.values.join(", ")
                }
            )),
            None => self.values.first().cloned().ok_or_else(|| {
                "--to chart: the window has no numeric aggregate to draw (first, last and \
                 collect give values, not numbers)"
                    .to_owned()
            }),
        }
    }
}

/// A point: the window start's value, the aggregate's and the key's label, by key id
/// ([`key_id_into`] of the key values: two keys whose texts are alike stay apart) and start
/// text (a window's later record, an update, replaces its earlier one).
type Points = IndexMap<(String, String), (Value, f64, String)>;

/// A key's points on the chart: x (the window's place) and y.
type Line = Vec<(f32, f32)>;

/// Writes the chart at the end, or live on a terminal.
pub struct ChartWriter {
    stream: OutputStream,
    keys: Vec<String>,
    y: String,
    size: Size,
    points: Points,
    /// On a terminal: the live region.
    live: Option<Screen>,
}

impl ChartWriter {
    /// A chart of `y` per key of `series` over `stream`, fit into `size`; drawn `live` on a
    /// terminal.
    pub fn new(
        stream: OutputStream,
        series: &Series,
        y: String,
        size: Size,
        live: bool,
    ) -> ChartWriter {
        ChartWriter {
            stream,
            keys: series.keys.clone(),
            y,
            size,
            points: Points::default(),
            live: live.then(Screen::default),
        }
    }

    /// Adds the point of a record to `points`; records without a start or a number are left
    /// out.
    fn add(&self, value: &Value, points: &mut Points) {
        let Value::Object(m) = value else { return };
        let (Some(start), Some(y)) = (m.get(START), m.get(self.y.as_str())) else {
            return;
        };
        let y = match y {
            Value::Int(n) => *n as f64,
            Value::Float(f) if f.is_finite() => *f,
            _ => return,
        };
        let null = Value::Null;
        let values = || (self.keys.iter()).map(|k| m.get(k.as_str()).unwrap_or(&null));
        let mut id = String::new();
        key_id_into(values(), &mut id);
        let label = values().map(label).collect::<Vec<_>>().join(" ");
        let start_text = cell_text(start).unwrap_or_default().into_owned();
        points.insert((id, start_text), (start.clone(), y, label));
    }

    /// The chart of `points`, at most `max_keys` keys.
    fn render(&self, points: &Points, max_keys: Option<usize>, width: usize) -> String {
        let width = width.min(MAX_CHARS);
        let mut starts: Vec<(&str, &Value)> = Vec::new();
        for ((_, text), (start, ..)) in points {
            starts.push((text, start));
        }
        starts.sort_by(|a, b| compare(a.1, b.1).then_with(|| a.0.cmp(b.0)));
        starts.dedup_by(|a, b| a.0 == b.0);
        let mut out = String::new();
        let (Some(first), Some(last)) = (starts.first(), starts.last()) else {
            out.push_str(&format!("{}: no windows\n", self.y));
            return out;
        };
        let x_of: IndexMap<&str, f32> = (starts.iter().enumerate())
            .map(|(i, (text, _))| (*text, i as f32))
            .collect();
        // By key id: the label of its first point.
        let mut series: IndexMap<&str, (&str, Line)> = IndexMap::new();
        let (mut lo, mut hi) = (0f64, f64::MIN);
        for ((key, start), (_, y, label)) in points {
            (series
                .entry(key.as_str())
                .or_insert_with(|| (label, Vec::new()))
                .1)
                .push((x_of[start.as_str()], *y as f32));
            lo = lo.min(*y);
            hi = hi.max(*y);
        }
        if hi <= lo {
            hi = lo + 1.0;
        }
        let mut keys: Vec<(&str, Line)> = series.into_values().collect();
        for (_, pts) in &mut keys {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let sum = |pts: &[(f32, f32)]| pts.iter().map(|p| f64::from(p.1)).sum::<f64>();
        keys.sort_by(|a, b| sum(&b.1).total_cmp(&sum(&a.1)));
        let total = keys.len();
        let shown = max_keys.unwrap_or(total).min(total);
        let line = |text: String, out: &mut String| {
            out.push_str(&fit(&text, width).0);
            out.push('\n');
        };
        line(
            format!(
                "{} per {START}, {} windows, y {} … {}",
                self.y,
                starts.len(),
                number(lo),
                number(hi)
            ),
            &mut out,
        );
        let chars = width.max(MIN_CHARS);
        let xmax = (starts.len() - 1).max(1) as f32;
        for (key, pts) in &keys[..shown] {
            let last_y = pts.last().map_or(0.0, |p| f64::from(p.1));
            let max_y = pts.iter().map(|p| f64::from(p.1)).fold(f64::MIN, f64::max);
            let values = format!("last {}, max {}", number(last_y), number(max_y));
            let label = if key.is_empty() {
                values
            } else {
                format!("{key}  {values}")
            };
            line(label, &mut out);
            let dots = 2 * (chars as u32 - 1);
            let height = 4 * ROWS as u32 - 1;
            let mut chart = Chart::new_with_y_range(dots, height, 0.0, xmax, lo as f32, hi as f32);
            let shape = if pts.len() == 1 {
                Shape::Points(pts)
            } else {
                Shape::Lines(pts)
            };
            // textplots ties the borrow of `lineplot` to the chart's life: draw through it.
            let drawn = chart.lineplot(&shape);
            drawn.figures();
            for row in drawn.frame().lines() {
                out.push_str(row.trim_end());
                out.push('\n');
            }
        }
        if shown < total {
            line(format!("… {shown} of {total} keys"), &mut out);
        }
        let (a, b) = (first.0, last.0);
        let gap = chars.saturating_sub(a.width() + b.width()).max(2);
        line(format!("{a}{}{b}", " ".repeat(gap)), &mut out);
        out
    }
}

/// A key value as (a part of) a key's label: its text, in JSON quotes where it could be read
/// as another (empty, with a space or a quote in it, or `null`), so that `"x y" z` and
/// `x "y z"` differ.
fn label(value: &Value) -> Cow<'_, str> {
    match value {
        Value::Str(text) if text.is_empty() || text == "null" || text.contains([' ', '"']) => {
            let mut quoted = Vec::new();
            write_json(value, &mut quoted);
            Cow::Owned(String::from_utf8_lossy(&quoted).into_owned())
        }
        other => cell_text(other).unwrap_or(Cow::Borrowed("null")),
    }
}

/// A number as a label: an integer without a fraction, else shortest.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Sink for ChartWriter {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        let mut points = std::mem::take(&mut self.points);
        self.add(event.value(), &mut points);
        self.points = points;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        // The chart is drawn by `show` (live) or at the end.
        Ok(())
    }

    fn show(&mut self, running: &[Event]) -> io::Result<()> {
        if self.live.is_none() {
            return Ok(());
        }
        // The header and the x labels, the line of hidden keys, one line for the cursor.
        let (width, height) = self.size.now();
        let room = height.saturating_sub(4) / (ROWS + 1);
        let mut points = Cow::Borrowed(&self.points);
        for event in running {
            self.add(event.value(), points.to_mut());
        }
        let frame = self.render(&points, Some(room), width.saturating_sub(1));
        if let Some(screen) = &mut self.live {
            screen.draw(frame.as_bytes(), (width, height), self.stream.buffer());
        }
        self.stream.flush()
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(screen) = &mut self.live {
            screen.clear(self.stream.buffer());
        }
        let chart = self.render(&self.points, None, self.size.now().0);
        self.stream.buffer().extend_from_slice(chart.as_bytes());
        self.stream.flush()
    }

    fn around_messages(&self) -> Option<AroundMessages> {
        self.live.as_ref().map(Screen::around_messages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::csv::tests::Shared;

    fn chart(width: usize, events: &[&str]) -> String {
        let dest = Shared::default();
        let series = Series {
            keys: vec!["host".into()],
            values: vec!["count".into()],
        };
        let size = Size::Fixed(width, 0);
        let mut w = ChartWriter::new(dest.stream(), &series, "count".into(), size, false);
        dest.written(&mut w, events)
    }

    #[test]
    fn one_chart_per_key_on_one_scale() {
        let out = chart(
            20,
            &[
                r#"{"window_start":"10:00","host":"a","count":1}"#,
                r#"{"window_start":"10:00","host":"b","count":4}"#,
                r#"{"window_start":"10:01","host":"a","count":2}"#,
                r#"{"window_start":"10:01","host":"b","count":4}"#,
                r#"{"window_start":"10:01","host":"b","count":8}"#,
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "count per window_st…");
        // b (sum 12: its update replaced the 4) before a (sum 3).
        assert_eq!(lines[1], "b  last 8, max 8");
        assert_eq!(lines[5], "a  last 2, max 2");
        assert_eq!(lines[9], "10:00          10:01");
        assert_eq!(lines.len(), 10);
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn keys_whose_texts_are_alike_are_apart() {
        let out = chart(
            40,
            &[
                r#"{"window_start":1,"host":"x y","count":1}"#,
                r#"{"window_start":1,"host":["x","y"],"count":2}"#,
                r#"{"window_start":1,"host":null,"count":3}"#,
                r#"{"window_start":1,"host":"null","count":4}"#,
                r#"{"window_start":1,"count":5}"#,
            ],
        );
        let labels: Vec<&str> = out.lines().filter(|l| l.contains("last")).collect();
        assert_eq!(
            labels,
            // A missing key is null, as the window groups it: its 5 replaced null's 3.
            [
                "null  last 5, max 5",
                r#""null"  last 4, max 4"#,
                r#"["x","y"]  last 2, max 2"#,
                r#""x y"  last 1, max 1"#,
            ],
            "{out}"
        );
    }

    #[test]
    fn any_numbers_draw_without_panic_and_others_are_left_out() {
        let events = [
            r#"{"window_start":1,"host":"a","count":1e300}"#,
            r#"{"window_start":2,"host":"a","count":-1e300}"#,
            r#"{"window_start":3,"host":"a","count":9223372036854775807}"#,
            r#"{"window_start":3,"host":["x"],"count":"NA"}"#,
            r#"{"window_start":4,"count":null}"#,
            r#"{"count":5}"#,
        ];
        // The narrowest chart is 17 characters, whatever the width.
        let narrow = chart(1, &events);
        assert_eq!(narrow.lines().count(), 6, "{narrow}");
        assert!(narrow.lines().nth(2).unwrap().chars().count() <= 17);
        let huge = chart(100_000_000, &events);
        assert!(huge.lines().all(|l| l.width() <= 1000), "{huge}");
        let out = chart(60, &events);
        assert!(
            out.starts_with("count per window_start, 3 windows"),
            "{out}"
        );
        assert_eq!(chart(40, &[]), "count: no windows\n");
    }

    #[test]
    fn y_field_is_chosen_or_the_first_numeric_one() {
        let s = Series {
            keys: vec![],
            values: vec!["n".into(), "p99".into()],
        };
        assert_eq!(s.y_field(None).unwrap(), "n");
        assert_eq!(s.y_field(Some("p99")).unwrap(), "p99");
        assert!(s.y_field(Some("x")).unwrap_err().contains("n, p99"));
        let none = Series {
            keys: vec![],
            values: vec![],
        };
        assert!(none.y_field(None).is_err());
    }
}
