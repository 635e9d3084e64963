//! Choosing the input format when `--from` is not given.
//!
//! 1. By file extension, looking through `.gz`/`.zst`: `.csv` csv, `.tsv`/`.tab` tsv,
//!    `.ndjson`/`.jsonl`/`.json` ndjson, `.logfmt` logfmt.
//! 2. Otherwise (stdin, `.log`, `.txt`, no extension) by a sample of the first lines
//!    ([`sample`]): up to [`SAMPLE_LINES`] non-blank lines, as many as the source holds within
//!    its first [`SAMPLE_BYTES`], or has sent within [`SAMPLE_WAIT`] of its first line (a live
//!    pipe that pauses is not waited for). When at least half of the sampled lines are JSON
//!    objects, the source is ndjson: a banner or a line cut off at the start (`a":1}` from
//!    `tail`) does not make it text, and the other lines are malformed records of it.
//!    Otherwise the first sampled line decides: a JSON value or a line starting with `{` is
//!    ndjson; `#separator` is zeek; a line that reads as a combined or common access-log line is
//!    combined or clf; a syslog line (`Mar 27 10:05:01 host prog[pid]: ...` or RFC 5424) is
//!    syslog; two or more `key=value` pairs and nothing else is logfmt; a comma- or
//!    tab-separated row of two or more names (letters, digits, `_ - . space`, not starting with a
//!    digit) is a csv or tsv header. Anything else is read as `lines`. Every guess but a
//!    unanimous ndjson is said once on stderr ([`Guess::note`]): a wrong guess is never silent.
//!
//! Both rules read the format table ([`crate::input::format`]): each row's `extensions`, and
//! its `sniff` tried in the order of their ranks.

use std::time::Duration;

use crate::input::InputFormat;
use crate::input::compress::strip_compression_suffix;
use crate::input::format::FORMATS;
use crate::input::ndjson;

/// The most non-blank lines the guess looks at.
pub const SAMPLE_LINES: usize = 100;

/// Once a source holds this many bytes, the guess is made on the lines among them.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The longest the guess waits for more lines after the first came: a live pipe that pauses
/// is read as what it sent so far says.
pub const SAMPLE_WAIT: Duration = Duration::from_millis(100);

/// The format named by a file's extension, looking through compression suffixes.
pub fn from_extension(name: &str) -> Option<InputFormat> {
    let inner = strip_compression_suffix(name);
    let ext = std::path::Path::new(inner).extension()?.to_str()?;
    let ext = ext.to_ascii_lowercase();
    FORMATS
        .iter()
        .find(|f| f.extensions.contains(&ext.as_str()))
        .map(|f| f.format)
}

/// The first non-blank lines of a source's bytes so far, without their line ends.
#[derive(Debug)]
pub struct Sample<'a> {
    /// Up to [`SAMPLE_LINES`] lines, each ended by `\n` unless the source ended.
    pub lines: Vec<&'a [u8]>,
    /// True when no more lines are needed: [`SAMPLE_LINES`] of them, or [`SAMPLE_BYTES`] held.
    pub full: bool,
}

/// The sample of `data`, the first bytes of a source (after a byte order mark); a last line
/// without `\n` counts only at the `end` of the source.
pub fn sample(data: &[u8], end: bool) -> Sample<'_> {
    let whole = if end {
        data.len()
    } else {
        memchr::memrchr(b'\n', data).map_or(0, |p| p + 1)
    };
    let lines: Vec<&[u8]> = data[..whole]
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .take(SAMPLE_LINES)
        .collect();
    Sample {
        full: lines.len() == SAMPLE_LINES || data.len() >= SAMPLE_BYTES,
        lines,
    }
}

/// What a sample says a source is.
#[derive(Debug, PartialEq, Eq)]
pub struct Guess {
    /// The format; `None` when nothing fits (the source is read as `lines`).
    pub format: Option<InputFormat>,
    /// How many lines were sampled.
    pub sampled: usize,
    /// Of them, how many do not look like JSON (counted when the guess is ndjson).
    pub not_json: usize,
    /// The format they look like when it is not one `--multiline-start` applies to (the source
    /// is then read as `lines`: [`Guess::for_multiline`]).
    pub instead_of: Option<InputFormat>,
}

impl Guess {
    /// The line that says on stderr what was chosen, after `eddy: SOURCE: `; `None` for a
    /// sample of JSON lines only, read as ndjson.
    pub fn note(&self) -> Option<String> {
        if let Some(format) = self.instead_of {
            return Some(format!(
                "reading plain lines: the first lines look like {}, to which --multiline-start \
                 does not apply (use --from to choose)",
                format.name()
            ));
        }
        match self.format {
            Some(InputFormat::Ndjson) if self.not_json == 0 => None,
            Some(InputFormat::Ndjson) => Some(format!(
                "reading NDJSON ({} of {} sampled lines were not JSON; use --from to choose)",
                self.not_json, self.sampled
            )),
            Some(format) => Some(format!(
                "reading {} (guessed from the first line; use --from to choose)",
                format.name()
            )),
            None => Some(
                "input format not recognised, reading plain lines (use --from to choose)".into(),
            ),
        }
    }

    /// The guess under `--multiline-start`, which applies to the line formats only: a source
    /// that looks like another format (NDJSON, CSV, TSV, Zeek) is read as `lines`.
    pub fn for_multiline(mut self) -> Guess {
        if let Some(format) = self.format
            && format.info().multiline.is_none()
        {
            self.format = None;
            self.instead_of = Some(format);
        }
        self
    }
}

/// The format of a source whose first non-blank lines are `lines` (not empty): ndjson when at
/// least half of them are JSON objects, else the format the first one looks like ([`sniff`]).
pub fn guess(lines: &[&[u8]]) -> Guess {
    let objects = lines.iter().filter(|line| is_object_like(line)).count();
    let format = match lines.first() {
        _ if objects > 0 && 2 * objects >= lines.len() => Some(InputFormat::Ndjson),
        Some(first) => sniff(first),
        None => None,
    };
    let not_json = match format {
        Some(InputFormat::Ndjson) => lines
            .iter()
            .filter(|line| std::str::from_utf8(line).map_or(true, |l| !ndjson::looks_like(l)))
            .count(),
        _ => 0,
    };
    Guess {
        format,
        sampled: lines.len(),
        not_json,
        instead_of: None,
    }
}

/// True when `line` starts like a JSON object (`{`, after spaces): one, or a broken one.
fn is_object_like(line: &[u8]) -> bool {
    line.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// The format one line looks like; `None` when unsure. Of the formats it looks like, the one
/// of lowest [`rank`](crate::input::format::Sniff::rank) is taken.
pub fn sniff(line: &[u8]) -> Option<InputFormat> {
    let text = std::str::from_utf8(line).ok()?;
    let mut guesses: Vec<_> = FORMATS
        .iter()
        .filter_map(|f| Some((f.sniff.as_ref()?, f.format)))
        .collect();
    guesses.sort_by_key(|(sniff, _)| sniff.rank);
    guesses
        .into_iter()
        .find(|(sniff, _)| (sniff.looks_like)(text))
        .map(|(_, format)| format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(from_extension("a.csv"), Some(InputFormat::Csv));
        assert_eq!(from_extension("dir.x/a.TSV.gz"), Some(InputFormat::Tsv));
        assert_eq!(from_extension("weird.json.gz"), Some(InputFormat::Ndjson));
        assert_eq!(from_extension("a.jsonl.zst"), Some(InputFormat::Ndjson));
        assert_eq!(from_extension("access.log"), None);
        assert_eq!(from_extension("-"), None);
    }

    #[test]
    fn first_lines() {
        let s = |t: &str| sniff(t.as_bytes());
        assert_eq!(s("{\"a\":1}"), Some(InputFormat::Ndjson));
        assert_eq!(s("{broken"), Some(InputFormat::Ndjson));
        assert_eq!(s("42"), Some(InputFormat::Ndjson));
        assert_eq!(s("#separator \\x09"), Some(InputFormat::Zeek));
        assert_eq!(
            s(r#"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl""#),
            Some(InputFormat::Combined)
        );
        assert_eq!(
            s(r#"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5"#),
            Some(InputFormat::Clf)
        );
        assert_eq!(
            s("Mar 27 13:06:56 ip-10-77-20-248 sshd[1291]: Server listening"),
            Some(InputFormat::Syslog)
        );
        assert_eq!(s("level=info msg=\"hi there\""), Some(InputFormat::Logfmt));
        assert_eq!(s("year,month,time_hour"), Some(InputFormat::Csv));
        assert_eq!(s("name\tcount"), Some(InputFormat::Tsv));
        assert_eq!(s("hello world"), None);
        assert_eq!(s("1,2,3"), None);
        assert_eq!(s("a=1"), None);
    }

    fn guessed(text: &str) -> Guess {
        guess(&sample(text.as_bytes(), true).lines)
    }

    #[test]
    fn most_lines_being_objects_make_ndjson() {
        let ndjson = |sampled, not_json| Guess {
            format: Some(InputFormat::Ndjson),
            sampled,
            not_json,
            instead_of: None,
        };
        assert_eq!(guessed("{\"a\":1}\n\n{\"a\":2}\n"), ndjson(2, 0));
        assert_eq!(
            guessed("Starting app\n{\"level\":\"error\"}\n"),
            ndjson(2, 1)
        );
        assert_eq!(guessed("a\":1}\n{\"a\":2}\n{\"a\":3}"), ndjson(3, 1));
        // A minority of objects: the first line decides, as it did alone.
        assert_eq!(guessed("hello\n{\"a\":1}\nworld").format, None);
        assert_eq!(guessed("{\"a\":1}\nhello\nworld"), ndjson(3, 2));
        assert_eq!(guessed("1\n2\n3"), ndjson(3, 0));
        assert_eq!(guessed("count\n1\n2\n3").format, None);
        assert_eq!(guessed("a,b\n1,2\n3,4").format, Some(InputFormat::Csv));
        assert_eq!(
            guessed("level=info a=1\nlevel=warn a=2").format,
            Some(InputFormat::Logfmt)
        );
    }

    #[test]
    fn notes_say_what_was_chosen_unless_all_lines_are_json() {
        assert_eq!(guessed("{}\n[1]").note(), None);
        assert_eq!(
            guessed("Starting app\n{}").note().unwrap(),
            "reading NDJSON (1 of 2 sampled lines were not JSON; use --from to choose)"
        );
        assert_eq!(
            guessed("a,b\n1,2").note().unwrap(),
            "reading csv (guessed from the first line; use --from to choose)"
        );
        assert!(guessed("hello").note().unwrap().contains("not recognised"));
    }

    #[test]
    fn the_sample_stops_at_its_lines_or_bytes() {
        let many = "{}\n".repeat(SAMPLE_LINES + 5);
        let s = sample(many.as_bytes(), false);
        assert_eq!((s.lines.len(), s.full), (SAMPLE_LINES, true));
        let s = sample(b"\r\n{}\r\n\n{\"a\"", false);
        assert_eq!((s.lines, s.full), (vec![&b"{}"[..]], false));
        let s = sample(b"{}\n{\"a\"", true);
        assert_eq!(s.lines.len(), 2);
        let long = format!("{{}}\n{}", "x".repeat(SAMPLE_BYTES));
        assert!(sample(long.as_bytes(), false).full);
    }
}
