//! Choosing the input format when `--from` is not given.
//!
//! 1. By file extension, looking through `.gz`/`.zst`: `.csv` csv, `.tsv`/`.tab` tsv,
//!    `.ndjson`/`.jsonl`/`.json` ndjson, `.logfmt` logfmt.
//! 2. Otherwise (stdin, `.log`, `.txt`, no extension) by the first non-blank line:
//!    a JSON value or a line starting with `{` is ndjson (the default, no message);
//!    `#separator` is zeek; a line that reads as a combined or common access-log line is
//!    combined or clf; a syslog line (`Mar 27 10:05:01 host prog[pid]: ...` or RFC 5424) is
//!    syslog; two or more `key=value` pairs and nothing else is logfmt; a comma- or tab-separated
//!    row of two or more names (letters, digits, `_ - . space`, not starting with a digit) is a
//!    csv or tsv header. The guess is said once on stderr. Anything else is read as `lines`, and
//!    that is said too: a wrong guess is never silent.
//!
//! Both rules read the format table ([`crate::input::format`]): each row's `extensions`, and
//! its `sniff` tried in the order of their ranks.

use crate::input::InputFormat;
use crate::input::compress::strip_compression_suffix;
use crate::input::format::FORMATS;

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

/// The format the first line looks like; `None` when unsure. Of the formats it looks like, the
/// one of lowest [`rank`](crate::input::format::Sniff::rank) is taken.
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
}
