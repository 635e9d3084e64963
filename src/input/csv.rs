//! CSV and TSV input (RFC 4180): a header row names the fields, cells are typed.
//!
//! - Quoting: a cell that starts with `"` is quoted up to the next lone `"`; `""` inside it is
//!   one quote; delimiters and newlines inside quotes belong to the cell (a record then spans
//!   several lines, and its location is the line where it starts). A `"` inside an unquoted cell
//!   is an ordinary character. TSV is the same syntax with a tab as the delimiter.
//! - Types: a quoted cell is always a string. An unquoted empty cell is null, and so is an
//!   unquoted cell equal to one of the `--null` markers (`--null NA`). Other unquoted cells are
//!   typed by [`crate::infer`] (integers, floats, booleans) unless `--no-infer`. This
//!   is the convention of R's `write.csv`, Python's `QUOTE_NONNUMERIC` and PostgreSQL's `COPY`
//!   (quoted `""` is the empty string, an empty cell is null), and it is what the CSV writer
//!   produces, so values survive a round trip.
//! - The header: duplicate names get a suffix (`a`, `a_2`), empty names are positional (`_3`).
//!   With `--no-header` every row is data and fields are named by position: `_1`, `_2`, ...
//! - A row with more or fewer cells than the header is malformed (reported with file:line),
//!   unless `--allow-ragged`: missing cells are then null and extra cells are named `_N` by
//!   their 1-based position.

use std::borrow::Cow;

use crate::infer::infer_scalar;
use crate::input::{Decoded, Decoder, Record};
use crate::swar::find_byte;
use crate::value::{Map, Value, map_with_capacity, set_or_remove};

/// Options of the CSV/TSV decoder.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// The delimiter byte (`,` or tab).
    pub delimiter: u8,
    /// Every row is data; fields are `_1`, `_2`, ...
    pub no_header: bool,
    /// Type unquoted cells.
    pub infer: bool,
    /// Unquoted cells that mean null, besides the empty cell.
    pub nulls: Vec<String>,
    /// Pad short rows with null and name extra cells by position instead of rejecting them.
    pub allow_ragged: bool,
}

/// Decodes CSV or TSV records of one source.
pub struct CsvDecoder {
    options: CsvOptions,
    header: Option<Vec<String>>,
    /// Scratch for [`Decoder::decode_fields`].
    spans: Vec<CellSpan>,
    /// The columns of the keys [`Decoder::decode_fields`] was last asked for.
    columns: Columns,
}

/// The 0-based columns of some keys: their place in the header, or without one their position
/// (`_3` is column 2).
#[derive(Default)]
struct Columns {
    keys: Vec<String>,
    columns: Vec<Option<usize>>,
}

impl Columns {
    fn of(keys: &[String], header: Option<&[String]>) -> Columns {
        let column = |key: &String| match header {
            Some(header) => header.iter().position(|name| name == key),
            None => key
                .strip_prefix('_')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| n > 0 && positional_name(n) == *key)
                .map(|n| n - 1),
        };
        Columns {
            keys: keys.to_vec(),
            columns: keys.iter().map(column).collect(),
        }
    }
}

/// True when every byte of `bytes` is ASCII (so it is UTF-8): sixteen bytes at a time, several
/// times faster than a UTF-8 check of ASCII text.
fn is_ascii(bytes: &[u8]) -> bool {
    let Some(last) = bytes.len().checked_sub(16) else {
        return bytes.iter().fold(0, |all, &b| all | b) < 0x80;
    };
    let word = |at: usize| {
        let mut word = [0; 16];
        word.copy_from_slice(&bytes[at..at + 16]);
        u128::from_le_bytes(word)
    };
    // The last sixteen bytes overlap the whole blocks before them.
    let all = (0..last)
        .step_by(16)
        .fold(word(last), |all, at| all | word(at));
    all & u128::from_le_bytes([0x80; 16]) == 0
}

impl CsvDecoder {
    /// A decoder that expects a header row first unless `options.no_header`.
    pub fn new(options: CsvOptions) -> CsvDecoder {
        CsvDecoder {
            options,
            header: None,
            spans: Vec::new(),
            columns: Columns::default(),
        }
    }
}

/// True when a first line is a header row of two or more names (letters, digits, `_ - . space`,
/// not starting with a digit) split by `delimiter` ([`crate::input::detect`]).
pub fn looks_like_header(line: &str, delimiter: u8) -> bool {
    split_record(line, delimiter)
        .is_ok_and(|cells| cells.len() >= 2 && cells.iter().all(|c| looks_like_a_name(&c.text)))
}

fn looks_like_a_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

/// One cell of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text, quotes removed.
    pub text: String,
    /// True when the cell was quoted.
    pub quoted: bool,
}

/// How a record ends.
enum Scan {
    Complete,
    /// Inside a quoted cell that opened at this byte offset.
    OpenQuote(usize),
}

/// One cell of a record as a byte range of its text: between the quotes of a quoted cell (where
/// a doubled `""` stands for one quote), else the whole cell.
#[derive(Debug, Clone, Copy)]
struct CellSpan {
    start: usize,
    end: usize,
    quoted: bool,
}

impl CellSpan {
    /// The cell's text in `record`, quotes removed.
    fn text(self, record: &str) -> Cow<'_, str> {
        self.unquoted(&record[self.start..self.end])
    }

    /// [`CellSpan::text`] in a record of bytes: `None` when the cell is not UTF-8.
    fn text_in(self, record: &[u8]) -> Option<Cow<'_, str>> {
        std::str::from_utf8(&record[self.start..self.end])
            .ok()
            .map(|raw| self.unquoted(raw))
    }

    /// `raw`, the cell's bytes, with a doubled quote of a quoted cell made one.
    fn unquoted(self, raw: &str) -> Cow<'_, str> {
        if self.quoted && raw.contains("\"\"") {
            Cow::Owned(raw.replace("\"\"", "\""))
        } else {
            Cow::Borrowed(raw)
        }
    }
}

/// Splits one record into cells. Errors name the 1-based column.
pub fn split_record(record: &str, delimiter: u8) -> Result<Vec<Cell>, String> {
    let mut spans = Vec::new();
    complete(record, scanned(record, delimiter, &mut spans)?)?;
    Ok(spans
        .into_iter()
        .map(|span| Cell {
            text: span.text(record).into_owned(),
            quoted: span.quoted,
        })
        .collect())
}

/// The error of a record that ends inside a quoted cell.
fn complete(record: &str, scan: Scan) -> Result<(), String> {
    match scan {
        Scan::Complete => Ok(()),
        Scan::OpenQuote(at) => Err(format!(
            "unterminated quoted cell starting at column {}",
            record[..at].chars().count() + 1
        )),
    }
}

/// [`scan`] with its error as the message that names the column.
fn scanned(record: &str, delimiter: u8, cells: &mut Vec<CellSpan>) -> Result<Scan, String> {
    scan(record.as_bytes(), delimiter, cells).map_err(|at| {
        format!(
            "unexpected text after the closing quote at column {}",
            record[..at].chars().count() + 1
        )
    })
}

/// Finds the cells of `bytes` (into `cells`, cleared first) without copying them. `Err` holds
/// the offset of text after a closing quote (the record is malformed).
fn scan(bytes: &[u8], delimiter: u8, cells: &mut Vec<CellSpan>) -> Result<Scan, usize> {
    cells.clear();
    let mut i = 0;
    loop {
        if bytes.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            let end = loop {
                match find_byte(bytes, i, b'"') {
                    None => return Ok(Scan::OpenQuote(open)),
                    Some(q) => {
                        if bytes.get(q + 1) == Some(&b'"') {
                            i = q + 2;
                        } else {
                            i = q + 1;
                            break q;
                        }
                    }
                }
            };
            cells.push(CellSpan {
                start: open + 1,
                end,
                quoted: true,
            });
            match bytes.get(i) {
                None => break,
                Some(&b) if b == delimiter => i += 1,
                Some(_) => return Err(i),
            }
        } else {
            let end = find_byte(bytes, i, delimiter).unwrap_or(bytes.len());
            cells.push(CellSpan {
                start: i,
                end,
                quoted: false,
            });
            if end == bytes.len() {
                break;
            }
            i = end + 1;
        }
    }
    Ok(Scan::Complete)
}

/// True when `record` ends inside a quoted cell (the same rules as [`split_record`], without
/// allocating: this runs on every line that has a quote). It jumps from quote to quote: a quote
/// opens a cell only at the cell's start, and after a closing quote only a delimiter may follow
/// (anything else makes the record malformed, and a malformed record does not continue).
fn ends_inside_quotes(record: &[u8], delimiter: u8) -> bool {
    // Only a quote can make a record continue; most lines have none.
    memchr::memchr(b'"', record)
        .is_some_and(|quote| ends_inside_quotes_from(record, delimiter, quote, false))
}

/// [`ends_inside_quotes`] from `at`: the record's first quote, or when `inside` a point inside
/// an open quoted cell (the record up to there was already scanned and ends inside one; every
/// quote before it paired).
fn ends_inside_quotes_from(record: &[u8], delimiter: u8, at: usize, inside: bool) -> bool {
    let mut from = at;
    let mut inside = inside;
    // Outside a quoted cell, the first turn starts at the quote found already.
    let mut at_quote = !inside;
    loop {
        if !inside {
            let open = if std::mem::take(&mut at_quote) {
                from
            } else {
                let Some(offset) = memchr::memchr(b'"', &record[from..]) else {
                    return false;
                };
                from + offset
            };
            from = open + 1;
            if open > 0 && record[open - 1] != delimiter {
                continue;
            }
        }
        inside = false;
        loop {
            let Some(close) = find_byte(record, from, b'"') else {
                return true;
            };
            match record.get(close + 1) {
                Some(b'"') => from = close + 2,
                Some(&d) if d == delimiter => {
                    from = close + 2;
                    break;
                }
                _ => return false,
            }
        }
    }
}

/// The length of the longest run of whole lines at the start of `data` (which starts a record)
/// none of which ends inside a quoted cell, as [`Decoder::continues`] judges each line on its own
/// (one `\r` before its `\n` dropped): the framer takes each of them as a whole record or a
/// blank line, so a chunk may end after any of them. It jumps from quote to quote with the rules
/// of the continuation check instead of framing every line: the parallel reader's cutter asks it
/// for every chunk. `None` for a delimiter that is itself a quote or a line end.
pub fn closed_lines(data: &[u8], delimiter: u8) -> Option<usize> {
    if matches!(delimiter, b'"' | b'\n' | b'\r') {
        return None;
    }
    let data = &data[..memchr::memrchr(b'\n', data).map_or(0, |newline| newline + 1)];
    let line_end = |from: usize| memchr::memchr(b'\n', &data[from..]).map(|n| from + n);
    let mut from = 0;
    // Outside any quoted cell at `from`.
    while let Some(offset) = memchr::memchr(b'"', &data[from..]) {
        let open = from + offset;
        from = open + 1;
        if open > 0 && data[open - 1] != b'\n' && data[open - 1] != delimiter {
            // Inside an unquoted cell: an ordinary character.
            continue;
        }
        // A quoted cell, up to the next lone quote; every quote and line end below comes
        // before the line end that ends `data`.
        loop {
            let Some(at) = memchr::memchr2(b'"', b'\n', &data[from..]).map(|at| from + at) else {
                return Some(data.len());
            };
            if data[at] == b'\n' {
                // The line ends inside the quoted cell: its record goes on.
                let line = memchr::memrchr(b'\n', &data[..open]).map_or(0, |newline| newline + 1);
                return Some(line);
            }
            if data[at + 1] == b'"' {
                from = at + 2;
            } else if data[at + 1] == delimiter {
                from = at + 2;
                break;
            } else {
                // The record ends on this line (malformed unless the line ends here): the rest
                // of the line does not matter.
                from = line_end(at + 1).map_or(data.len(), |newline| newline + 1);
                break;
            }
        }
    }
    Some(data.len())
}

/// The positional name of the 1-based column `n`: `_1`, `_2`, ...
pub fn positional_name(n: usize) -> String {
    format!("_{n}")
}

impl CsvDecoder {
    /// The value of a cell: `text` with its quotes removed, `quoted` when it had them.
    fn cell_value(&self, text: Cow<'_, str>, quoted: bool) -> Value {
        if quoted {
            return Value::Str(text.into_owned());
        }
        if text.is_empty() || self.options.nulls.iter().any(|null| *null == text) {
            return Value::Null;
        }
        let typed = self.options.infer.then(|| infer_scalar(&text)).flatten();
        typed.unwrap_or_else(|| Value::Str(text.into_owned()))
    }

    fn make_header(cells: Vec<Cell>) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(cells.len());
        for (i, cell) in cells.into_iter().enumerate() {
            let mut name = if cell.text.is_empty() {
                positional_name(i + 1)
            } else {
                cell.text
            };
            if names.contains(&name) {
                let base = name.clone();
                let mut k = 2;
                while names.contains(&name) {
                    name = format!("{base}_{k}");
                    k += 1;
                }
            }
            names.push(name);
        }
        names
    }

    /// The event of a data row whose cells are `spans` of `text`.
    fn row(&self, text: &str, spans: &[CellSpan]) -> Result<Map, String> {
        let mut map = map_with_capacity(spans.len());
        let value = |span: &CellSpan| self.cell_value(span.text(text), span.quoted);
        match &self.header {
            None => {
                for (i, span) in spans.iter().enumerate() {
                    map.insert(positional_name(i + 1), value(span));
                }
            }
            Some(header) => {
                if spans.len() != header.len() && !self.options.allow_ragged {
                    return Err(format!(
                        "row has {} fields, the header has {} (use --allow-ragged to pad)",
                        spans.len(),
                        header.len()
                    ));
                }
                for (i, span) in spans.iter().enumerate() {
                    let name = header
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| positional_name(i + 1));
                    map.insert(name, value(span));
                }
                for name in header.iter().skip(spans.len()) {
                    map.insert(name.clone(), Value::Null);
                }
            }
        }
        Ok(map)
    }
}

impl Decoder for CsvDecoder {
    fn continues(&self, record: &[u8]) -> bool {
        ends_inside_quotes(record, self.options.delimiter)
    }

    fn continues_after(&self, record: &[u8], open_at: usize) -> bool {
        ends_inside_quotes_from(record, self.options.delimiter, open_at, true)
    }

    fn closed_lines(&self, data: &[u8]) -> Option<usize> {
        closed_lines(data, self.options.delimiter)
    }

    fn decode_fields(&mut self, record: &[u8], keys: &[String], into: &mut Map) -> Option<()> {
        if self.header.is_none() && !self.options.no_header {
            return None;
        }
        // A record that is not UTF-8 is decoded whole, which reports it. An ASCII one is, and
        // its cells are checked one by one as they are read.
        if !is_ascii(record) {
            std::str::from_utf8(record).ok()?;
        }
        let mut spans = std::mem::take(&mut self.spans);
        let whole = matches!(
            scan(record, self.options.delimiter, &mut spans),
            Ok(Scan::Complete)
        );
        // Ragged rows take the full decode, whose naming rules they need.
        let plain = whole && self.header.as_ref().is_none_or(|h| h.len() == spans.len());
        if plain {
            if self.columns.keys != keys {
                self.columns = Columns::of(keys, self.header.as_deref());
            }
            for (key, column) in keys.iter().zip(&self.columns.columns) {
                let span = column.and_then(|c| spans.get(c));
                let value = span.and_then(|span| {
                    let text = span.text_in(record)?;
                    Some(self.cell_value(text, span.quoted))
                });
                set_or_remove(into, key, value);
            }
        }
        self.spans = spans;
        plain.then_some(())
    }

    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let text = std::str::from_utf8(record)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))?;
        if self.header.is_none() && !self.options.no_header {
            let cells = split_record(text, self.options.delimiter)?;
            self.header = Some(CsvDecoder::make_header(cells));
            self.columns = Columns::default();
            return Ok(Record::Structural);
        }
        // The cells as spans of `text`: a cell is copied only when it becomes a string.
        let mut spans = std::mem::take(&mut self.spans);
        let scanned = scanned(text, self.options.delimiter, &mut spans)
            .and_then(|s| complete(text, s))
            .and_then(|()| self.row(text, &spans));
        self.spans = spans;
        Ok(Record::Event(Decoded {
            value: Value::Object(scanned?),
            pristine: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> CsvOptions {
        CsvOptions {
            delimiter: b',',
            no_header: false,
            infer: true,
            nulls: vec!["NA".into()],
            allow_ragged: false,
        }
    }

    #[test]
    fn decoding_some_fields_agrees_with_the_whole_row() {
        for no_header in [false, true] {
            let keys: Vec<String> = if no_header {
                ["_2", "_1", "_9"].map(String::from).to_vec()
            } else {
                ["b", "a", "missing", "c"].map(String::from).to_vec()
            };
            let mut d = CsvDecoder::new(CsvOptions {
                no_header,
                ..opts()
            });
            let mut into = Map::default();
            if !no_header {
                assert!(d.decode_fields(b"a,b,c", &keys, &mut into).is_none());
                d.decode(b"a,b,c").unwrap();
            }
            for row in [
                r#"1,"x ""q"", y",NA"#,
                r#""",,2.5"#,
                r#"-0,true,"NA""#,
                "a\u{e9},\"\",\"\"\"\"",
            ] {
                let Value::Object(whole) = d
                    .decode(row.as_bytes())
                    .unwrap()
                    .into_decoded()
                    .unwrap()
                    .value
                else {
                    panic!("{row}");
                };
                assert!(d.decode_fields(row.as_bytes(), &keys, &mut into).is_some());
                for key in &keys {
                    let json = |v: Option<&Value>| v.map(Value::to_json);
                    assert_eq!(json(into.get(key)), json(whole.get(key)), "{row}: {key}");
                }
            }
            // Malformed and non-UTF-8 rows, and ragged rows under a header, are decoded whole.
            // A byte that is not UTF-8 in a cell not asked for too.
            for row in [
                &b"\"open,2,3"[..],
                b"\xff,2,3",
                b"1,2,\xff",
                b"1,2,\"\xc3\"",
            ] {
                assert!(d.decode_fields(row, &keys, &mut into).is_none());
            }
            // Other keys on the next call: their own columns.
            let third: &[String] = if no_header {
                &["_3".into(), "_0".into(), "_03".into()]
            } else {
                &["c".into()]
            };
            assert!(
                d.decode_fields(b"1,2,x\xc3\xa9", third, &mut into)
                    .is_some()
            );
            assert_eq!(
                into.get(&third[0]).map(Value::to_json).as_deref(),
                Some("\"x\u{e9}\"")
            );
            assert!(third[1..].iter().all(|key| into.get(key).is_none()));
            if !no_header {
                for row in [&b"1,2"[..], b"1,2,3,4"] {
                    assert!(d.decode_fields(row, &keys, &mut into).is_none());
                }
            }
        }
    }

    fn decode_all(d: &mut CsvDecoder, rows: &[&str]) -> Vec<String> {
        rows.iter()
            .filter_map(|r| match d.decode(r.as_bytes()) {
                Ok(x) => x.into_decoded().map(|x| x.value.to_json()),
                Err(e) => Some(format!("ERR {e}")),
            })
            .collect()
    }

    #[test]
    fn quoting_and_types() {
        let cells = split_record(r#"a,"b,c","d ""q""",,"""#, b',').unwrap();
        let texts: Vec<(&str, bool)> = cells.iter().map(|c| (c.text.as_str(), c.quoted)).collect();
        assert_eq!(
            texts,
            [
                ("a", false),
                ("b,c", true),
                ("d \"q\"", true),
                ("", false),
                ("", true)
            ]
        );
        let mut d = CsvDecoder::new(opts());
        let out = decode_all(
            &mut d,
            &[
                "n,x,s,e,q,b,z",
                r#"1,2.5,"3",,"",true,NA"#,
                "007,-1,a\"b,x,y,FALSE,\"NA\"",
            ],
        );
        assert_eq!(
            out,
            [
                r#"{"n":1,"x":2.5,"s":"3","e":null,"q":"","b":true,"z":null}"#,
                r#"{"n":"007","x":-1,"s":"a\"b","e":"x","q":"y","b":false,"z":"NA"}"#
            ]
        );
    }

    #[test]
    fn continuation_by_open_quote() {
        let d = CsvDecoder::new(opts());
        assert!(d.continues(b"1,\"multi"));
        assert!(!d.continues(b"1,\"multi\nline\""));
        assert!(!d.continues(b"1,5\" screen"));
        assert!(d.continues(b"1,\"a \"\"q\"\"\nb"));
    }

    /// Resuming the scan where the record so far was found open gives the whole scan's answer,
    /// line by line, for records that close, stay open, or go wrong on a later line.
    #[test]
    fn continuation_resumed_line_by_line_equals_the_whole_scan() {
        let d = CsvDecoder::new(opts());
        let records: [&[&str]; 6] = [
            &["1,\"a", "b", "c\",2"],
            &["1,\"a", "\"\"quoted\"\"", "end\""],
            &["1,\"a", "b\"x", "more"],
            &["\"", "\"\"", "\",\"next", "cell\""],
            &["1,\"a", "", "", "\",\"b", "c"],
            &["x,\"", "\"\"\"", "\",y"],
        ];
        for lines in records {
            let mut record = lines[0].as_bytes().to_vec();
            for line in &lines[1..] {
                if !d.continues(&record) {
                    break;
                }
                let open_at = record.len();
                record.push(b'\n');
                record.extend_from_slice(line.as_bytes());
                assert_eq!(
                    d.continues_after(&record, open_at),
                    d.continues(&record),
                    "{:?}",
                    String::from_utf8_lossy(&record)
                );
            }
        }
    }

    #[test]
    fn ragged_rows() {
        let mut d = CsvDecoder::new(opts());
        let out = decode_all(&mut d, &["a,b", "1", "1,2,3"]);
        assert_eq!(
            out[0],
            "ERR row has 1 fields, the header has 2 (use --allow-ragged to pad)"
        );
        let mut d = CsvDecoder::new(CsvOptions {
            allow_ragged: true,
            ..opts()
        });
        let out = decode_all(&mut d, &["a,b", "1", "1,2,3"]);
        assert_eq!(out, [r#"{"a":1,"b":null}"#, r#"{"a":1,"b":2,"_3":3}"#]);
    }

    #[test]
    fn header_names_and_no_header() {
        let mut d = CsvDecoder::new(opts());
        let out = decode_all(&mut d, &["a,a,,b", "1,2,3,4"]);
        assert_eq!(out, [r#"{"a":1,"a_2":2,"_3":3,"b":4}"#]);
        let mut d = CsvDecoder::new(CsvOptions {
            no_header: true,
            delimiter: b'\t',
            infer: false,
            ..opts()
        });
        let out = decode_all(&mut d, &["x\t1", "y\t"]);
        assert_eq!(out, [r#"{"_1":"x","_2":"1"}"#, r#"{"_1":"y","_2":null}"#]);
    }

    /// Writes cells as one RFC 4180 record, quoting where needed or asked.
    fn rfc4180(cells: &[(String, bool)]) -> String {
        let quoted: Vec<String> = cells
            .iter()
            .map(|(text, force)| {
                if *force || text.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text.clone()
                }
            })
            .collect();
        quoted.join(",")
    }

    proptest::proptest! {
        /// The `csv` crate is the reference: our splitter (which must also tell quoted cells
        /// from unquoted ones, something the crate does not expose) reads every well-formed
        /// record into the same cell texts.
        #[test]
        fn splitter_agrees_with_the_csv_crate(
            cells in proptest::collection::vec(("[a-z ,\"\né]{0,6}|[a-z ,\"]{30,50}", proptest::bool::ANY), 2..6)
        ) {
            let record = rfc4180(&cells);
            let ours: Vec<String> = split_record(&record, b',').unwrap().into_iter().map(|c| c.text).collect();
            let mut reader = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(record.as_bytes());
            let theirs: Vec<String> = reader
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            proptest::prop_assert_eq!(&ours, &theirs);
            let expected: Vec<String> = cells.iter().map(|(t, _)| t.clone()).collect();
            proptest::prop_assert_eq!(ours, expected);
        }

        /// The quote walk over many lines stops at the first line that [`Decoder::continues`]
        /// finds open on its own (its `\r` before the `\n` dropped, as the framer does), and
        /// otherwise takes every whole line.
        #[test]
        fn closed_lines_agree_with_the_continuation_check_line_by_line(
            text in "[a,\"\n\r]{0,40}|([a,\"]{0,6}\"?(\r?\n))*"
        ) {
            let d = CsvDecoder::new(opts());
            let data = text.as_bytes();
            let mut want = 0;
            for line in data.split_inclusive(|&b| b == b'\n') {
                let Some(line_text) = line.strip_suffix(b"\n") else { break };
                let line_text = line_text.strip_suffix(b"\r").unwrap_or(line_text);
                if d.continues(line_text) {
                    break;
                }
                want += line.len();
            }
            proptest::prop_assert_eq!(d.closed_lines(data), Some(want));
        }

        #[test]
        fn the_ascii_check_agrees_with_the_standard_one(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            at in 0usize..80,
        ) {
            let mut ascii: Vec<u8> = bytes.iter().map(|b| b & 0x7f).collect();
            proptest::prop_assert!(is_ascii(&ascii));
            if let Some(b) = ascii.get_mut(at) {
                *b |= 0x80;
            }
            proptest::prop_assert_eq!(is_ascii(&ascii), ascii.is_ascii());
            proptest::prop_assert_eq!(is_ascii(&bytes), bytes.is_ascii());
        }

        #[test]
        fn the_fast_continuation_check_agrees_with_the_parser(text in "[a,\"\n]{0,12}|[a,\"]{0,4}\"a{30,50}[a,\"]{0,4}") {
            let scanned = scan(text.as_bytes(), b',', &mut Vec::new());
            let open = matches!(scanned, Ok(Scan::OpenQuote(_)));
            proptest::prop_assert_eq!(ends_inside_quotes(text.as_bytes(), b','), open);
        }
    }

    #[test]
    fn errors() {
        assert!(
            split_record("\"a\"b", b',')
                .unwrap_err()
                .contains("column 4")
        );
        assert!(
            split_record("x,\"open", b',')
                .unwrap_err()
                .contains("column 3")
        );
    }
}
