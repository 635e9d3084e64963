//! The live views under a pseudo-terminal: `--to table` over a window or `count`, and
//! `--to chart`, redraw in place while the input comes, and leave on the screen exactly what a
//! pipe gets. The terminal is util-linux's `script` (on every Debian system: bsdutils is
//! essential), which runs a command with its stdout on a pty and copies what the pty shows; the
//! input is fed through a pipe one line at a time with a pause, so that frames are drawn. What
//! the terminal shows at the end is worked out by [`screen`], a terminal that knows the few
//! sequences a live view writes. No test here times anything, nor counts on a frame showing a given state of the input: how
//! many frames are drawn depends on the machine's load; the frames drawn are checked for form
//! and the screen left at the end for content.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{EDDY, eddy};

const LINES: [&str; 8] = [
    r#"{"ts":"2024-01-01T10:00:01Z","host":"web-1","latency":12}"#,
    r#"{"ts":"2024-01-01T10:00:21Z","host":"web-2","latency":40}"#,
    r#"{"ts":"2024-01-01T10:01:01Z","host":"web-1","latency":15}"#,
    r#"{"ts":"2024-01-01T10:01:31Z","host":"web-1","latency":9}"#,
    r#"{"ts":"2024-01-01T10:02:01Z","host":"web-2","latency":30}"#,
    r#"{"ts":"2024-01-01T10:02:11Z","host":"web-2","latency":35}"#,
    r#"{"ts":"2024-01-01T10:03:01Z","host":"web-3","latency":15}"#,
    r#"{"ts":"2024-01-01T10:04:01Z","host":"web-1","latency":15}"#,
];

/// The size of the terminal the tests draw in.
const SIZE: [(&str, &str); 2] = [("COLUMNS", "72"), ("LINES", "12")];

/// `text` as one shell word.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Writes `lines` to `input.ndjson` in `dir`.
fn input(dir: &Path, lines: &[&str]) -> std::path::PathBuf {
    let path = dir.join("input.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Runs `eddy ARGS` with stdout on a pseudo-terminal, its stdin a pipe fed [`LINES`] one at a
/// time, 0.3 s apart. Returns what the terminal got, with the pty's `\r\n` as `\n`.
fn in_pty(args: &[&str]) -> String {
    in_pty_fed(args, &LINES)
}

/// [`in_pty`] fed `lines`; stderr goes to the terminal too.
fn in_pty_fed(args: &[&str], lines: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path(), lines);
    let eddy_cmd: Vec<String> = std::iter::once(EDDY)
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    let shell = format!(
        "while IFS= read -r l; do printf '%s\\n' \"$l\"; sleep 0.3; done < {} | {}",
        quote(&input.to_string_lossy()),
        eddy_cmd.join(" ")
    );
    let out = Command::new("script")
        .args(["-qfec", &shell, "/dev/null"])
        .envs(SIZE)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{shell}: {text}");
    text.replace("\r\n", "\n")
}

/// The same run with stdout a pipe.
fn in_pipe(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path(), &LINES);
    let out = eddy().args(args).arg(&input).envs(SIZE).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The lines a terminal shows after `text`: characters overwrite, `\r` goes to the line's
/// start, `\n` down a line, `ESC[nA` up n lines, `ESC[K` clears the rest of the line, `ESC[J`
/// also every line below. Any other sequence fails the test.
fn screen(text: &str) -> String {
    let mut rows: Vec<Vec<char>> = vec![Vec::new()];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                col = 0;
                if rows.len() <= row {
                    rows.push(Vec::new());
                }
            }
            '\x1b' => {
                assert_eq!(chars.next(), Some('['), "{text:?}");
                let mut n = String::new();
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    n.push(d);
                }
                match chars.next() {
                    Some('A') => row -= n.parse::<usize>().unwrap_or(1),
                    Some('K') => rows[row].truncate(col),
                    Some('J') => {
                        rows[row].truncate(col);
                        rows.truncate(row + 1);
                    }
                    other => panic!("unexpected sequence ESC[{n}{other:?}"),
                }
            }
            c => {
                let line = &mut rows[row];
                if line.len() <= col {
                    line.resize(col + 1, ' ');
                }
                line[col] = c;
                col += 1;
            }
        }
    }
    let mut shown: Vec<String> = rows.into_iter().map(|r| r.into_iter().collect()).collect();
    while shown.last().is_some_and(String::is_empty) {
        shown.pop();
    }
    shown.into_iter().map(|l| l + "\n").collect()
}

/// The frames drawn, each as its lines: a frame's lines end in `ESC[K` (the final table's do
/// not) and the frame in `ESC[J`. Every frame is checked to fit the terminal of [`SIZE`]: at
/// most 11 lines (one for the cursor) of at most 71 columns, with no other sequence in them.
/// How many frames there are, and which states of the input they show, depends on timing (the
/// feed's pauses against the frame gap); the tests ask for at least one.
fn frames(text: &str) -> Vec<Vec<String>> {
    let mut frames = Vec::new();
    for chunk in text.split("\x1b[J") {
        let lines: Vec<String> = chunk
            .split('\n')
            .filter_map(|l| l.strip_suffix("\x1b[K"))
            .map(|l| {
                // A frame's first line starts by going back over the last frame.
                let l = l.trim_start_matches('\r');
                match l.strip_prefix("\x1b[") {
                    Some(rest) => rest
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .strip_prefix('A')
                        .unwrap_or_else(|| panic!("unexpected sequence in {l:?}"))
                        .to_owned(),
                    None => l.to_owned(),
                }
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        assert!(
            lines.len() <= 11,
            "a frame taller than the screen: {lines:#?}"
        );
        for line in &lines {
            assert!(
                line.chars().count() <= 71,
                "a line as wide as the screen: {line:?}"
            );
            assert!(!line.contains('\x1b'), "{line:?}");
        }
        frames.push(lines);
    }
    frames
}

/// A window of a minute per host, shown as a table; the test adds its aggregate.
const WINDOW: [&str; 11] = [
    "--to",
    "table",
    "window",
    "tumbling",
    "--size",
    "1m",
    "--time-field",
    "ts",
    "--by",
    "host",
    "--agg",
];

#[test]
fn a_window_table_redraws_in_place_and_leaves_what_a_pipe_gets() {
    let mut args = WINDOW.to_vec();
    args.push("count");
    let tty = in_pty(&args);
    let frames = frames(&tty);
    assert!(!frames.is_empty(), "{tty:?}");
    // Each frame is the table's header and rows of the windows so far.
    for frame in &frames {
        assert!(frame[0].starts_with("window_start"), "{frame:#?}");
        assert!(
            frame[1..].iter().all(|l| l.starts_with("2024-01-01T10:0")),
            "{frame:#?}"
        );
    }
    let pipe = in_pipe(&args);
    assert!(!pipe.contains('\x1b'));
    assert_eq!(screen(&tty), pipe);
    assert_eq!(
        pipe,
        "window_start          window_end            host   count\n\
         2024-01-01T10:00:00Z  2024-01-01T10:01:00Z  web-1      1\n\
         2024-01-01T10:00:00Z  2024-01-01T10:01:00Z  web-2      1\n\
         2024-01-01T10:01:00Z  2024-01-01T10:02:00Z  web-1      2\n\
         2024-01-01T10:02:00Z  2024-01-01T10:03:00Z  web-2      2\n\
         2024-01-01T10:03:00Z  2024-01-01T10:04:00Z  web-3      1\n\
         2024-01-01T10:04:00Z  2024-01-01T10:05:00Z  web-1      1\n"
    );
}

#[test]
fn count_shows_its_running_counts_top_n_by_a_field() {
    let args = [
        "--to", "table", "--sort", "count", "--top", "2", "count", "--by", "host",
    ];
    let tty = in_pty(&args);
    let frames = frames(&tty);
    assert!(!frames.is_empty(), "{tty:?}");
    // While the input comes: at most the two largest counts, largest first, and what is
    // hidden once there are more hosts.
    for frame in &frames {
        assert_eq!(frame[0], "host   count", "{frame:#?}");
        let counts: Vec<u64> = (frame[1..].iter())
            .filter(|l| l.starts_with("web-"))
            .map(|l| l.split_whitespace().nth(1).unwrap().parse().unwrap())
            .collect();
        assert!(
            counts.len() <= 2 && counts.is_sorted_by(|a, b| a >= b),
            "{frame:#?}"
        );
        let rest = &frame[1 + counts.len()..];
        assert!(
            rest.is_empty()
                || (rest.len() == 1 && rest[0].starts_with("… top 2 by count of 3 rows")),
            "{frame:#?}"
        );
    }
    // At the end: the whole result, as in a pipe (sorted by key, all of it).
    let pipe = in_pipe(&args);
    assert_eq!(
        pipe,
        "host   count\nweb-1      4\nweb-2      3\nweb-3      1\n"
    );
    assert_eq!(screen(&tty), pipe);
}

#[test]
fn a_chart_redraws_live_and_leaves_the_static_chart() {
    let mut args = WINDOW.to_vec();
    args[1] = "chart";
    args.push("n=count");
    let tty = in_pty(&args);
    let frames = frames(&tty);
    assert!(!frames.is_empty(), "{tty:?}");
    for frame in &frames {
        // Before the first window: what the chart says when there is none.
        let first = &frame[0];
        assert!(
            first.starts_with("n per window_start, ") || first == "n: no windows",
            "{frame:#?}"
        );
    }
    let pipe = in_pipe(&args);
    assert!(!pipe.contains('\x1b'));
    assert_eq!(screen(&tty), pipe);
    let lines: Vec<&str> = pipe.lines().collect();
    assert_eq!(lines[0], "n per window_start, 5 windows, y 0 … 2");
    assert_eq!(lines[1], "web-1  last 1, max 2");
    assert_eq!(lines[5], "web-2  last 2, max 2");
    assert_eq!(lines[9], "web-3  last 1, max 1");
    assert_eq!(
        lines[13],
        "2024-01-01T10:00:00Z                                2024-01-01T10:04:00Z"
    );
    assert_eq!(lines.len(), 14);
    // Braille dots and spaces only between the labels.
    assert!(lines[2..5].iter().all(|l| {
        l.chars()
            .all(|c| c == ' ' || ('\u{2800}'..='\u{28ff}').contains(&c))
    }));
}

#[test]
fn a_message_on_stderr_takes_the_frames_place_and_stays() {
    let mut lines = LINES.to_vec();
    lines.insert(3, "not json");
    let args = ["--to", "table", "count", "--by", "host"];
    let tty = in_pty_fed(&args, &lines);
    assert!(!frames(&tty).is_empty(), "{tty:?}");
    let pipe = in_pipe(&args);
    // The frame was cleared for the message, drawn again below it, and replaced by the final
    // table at the end; the summary follows.
    assert_eq!(
        screen(&tty),
        format!(
            "eddy: <stdin>:4: invalid JSON: expected ident at column 2\n{pipe}\
             eddy: skipped 1 line: 1 malformed (<stdin>:4)\n"
        )
    );
}

#[test]
fn input_typed_on_the_terminal_gets_the_plain_table() {
    // `script` passes its stdin to the terminal: eddy reads what is "typed" there, whose echo
    // would move the frames, so the table is the plain one.
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path(), &LINES[..2]);
    let shell = format!("{} --to table count --by host", quote(EDDY));
    let out = Command::new("script")
        .args(["-qfec", &shell, "/dev/null"])
        .envs(SIZE)
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    let tty = String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n");
    assert!(out.status.success(), "{tty}");
    assert!(!tty.contains('\x1b'), "{tty:?}");
    assert!(
        tty.ends_with("host   count\nweb-1      1\nweb-2      1\n"),
        "{tty:?}"
    );
}
