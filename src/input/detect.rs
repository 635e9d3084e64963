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

use crate::input::Decoder;
use crate::input::InputFormat;
use crate::input::clf::ClfDecoder;
use crate::input::compress::strip_compression_suffix;
use crate::input::csv::split_record;
use crate::input::logfmt::{PairSyntax, parse_pairs};
use crate::input::syslog::SyslogDecoder;
use crate::json;
use crate::value::Value;

/// The format named by a file's extension, looking through compression suffixes.
pub fn from_extension(name: &str) -> Option<InputFormat> {
    let inner = strip_compression_suffix(name);
    let ext = std::path::Path::new(inner).extension()?.to_str()?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "csv" => InputFormat::Csv,
        "tsv" | "tab" => InputFormat::Tsv,
        "ndjson" | "jsonl" | "json" => InputFormat::Ndjson,
        "logfmt" => InputFormat::Logfmt,
        _ => return None,
    })
}

/// The format the first line looks like; `None` when unsure.
pub fn sniff(line: &[u8]) -> Option<InputFormat> {
    let text = std::str::from_utf8(line).ok()?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || json::parse(line).is_ok() {
        return Some(InputFormat::Ndjson);
    }
    if text.starts_with("#separator") {
        return Some(InputFormat::Zeek);
    }
    if (ClfDecoder { combined: true }).decode(line).is_ok() {
        return Some(InputFormat::Combined);
    }
    if (ClfDecoder { combined: false }).decode(line).is_ok() {
        return Some(InputFormat::Clf);
    }
    let mut syslog = SyslogDecoder {
        year: Some(2000),
        reference: (2000, 12),
    };
    if let Ok(crate::input::Record::Event(d)) = syslog.decode(line)
        && let Value::Object(m) = &d.value
        && (m.contains_key("program") || m.contains_key("version"))
    {
        return Some(InputFormat::Syslog);
    }
    if let Ok(pairs) = parse_pairs(text, PairSyntax::LOGFMT, false)
        && pairs.len() >= 2
        && pairs.values().all(|v| !matches!(v, Value::Bool(true)))
    {
        return Some(InputFormat::Logfmt);
    }
    for (delimiter, format) in [(b'\t', InputFormat::Tsv), (b',', InputFormat::Csv)] {
        if let Ok(cells) = split_record(text, delimiter)
            && cells.len() >= 2
            && cells.iter().all(|c| looks_like_a_name(&c.text))
        {
            return Some(format);
        }
    }
    None
}

fn looks_like_a_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
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
