//! Tests of the scanner: hand-written cases, a differential check against the full parse on a
//! seeded adversarial generator (valid lines and mutated ones), and property tests.

use super::*;
use crate::input::ndjson::json_error_message;
use crate::json;
use crate::value::{Value, equals};
use proptest::prelude::*;

/// The keys every differential check looks for.
const WANTED: &[&str] = &[
    "status", "path", "geo", "value", "", "sta\"tus", "é", "\u{2028}", "a\\b",
];

/// Checks one line against the full parse: same accept/reject decision; for accepted lines,
/// every wanted key has the same value (or is absent on both sides); for rejected lines, the
/// same error message. Returns whether the line was accepted.
fn check(scanner: &mut Scanner, line: &[u8]) -> bool {
    let full = json::parse(line);
    let scanned = scanner.scan(line);
    assert_eq!(
        members(line).is_some(),
        matches!(full, Ok(Value::Object(_))),
        "members of {}",
        String::from_utf8_lossy(line)
    );
    match (&full, &scanned) {
        (Ok(value), Ok(top)) => {
            match (value, top) {
                (Value::Object(map), TopLevel::Object { open, close }) => {
                    assert_eq!(line[*open], b'{', "{}", String::from_utf8_lossy(line));
                    assert_eq!(line[*close], b'}', "{}", String::from_utf8_lossy(line));
                    for (i, key) in WANTED.iter().enumerate() {
                        let want = map.get(*key);
                        let got = scanner.get(line, i).map(raw_to_value);
                        match (want, &got) {
                            (None, None) => {}
                            (Some(w), Some(g)) => {
                                assert!(
                                    equals(w, g) && w.to_json() == g.to_json(),
                                    "key {key:?}: full {w:?}, scanned {g:?} in {}",
                                    String::from_utf8_lossy(line)
                                );
                                check_typed(scanner.get(line, i).unwrap_or_default(), w);
                            }
                            _ => panic!(
                                "key {key:?}: full {want:?}, scanned {got:?} in {}",
                                String::from_utf8_lossy(line)
                            ),
                        }
                    }
                }
                (other, TopLevel::Other(span)) => {
                    assert!(!matches!(other, Value::Object(_)));
                    assert!(scanner.spans().iter().all(Option::is_none));
                    let got = raw_to_value(&line[span.range()]);
                    assert!(
                        equals(other, &got) && other.to_json() == got.to_json(),
                        "top level: full {other:?}, scanned {got:?}"
                    );
                }
                (v, t) => panic!(
                    "shape differs: {v:?} vs {t:?} in {}",
                    String::from_utf8_lossy(line)
                ),
            }
            true
        }
        (Err(e), Err(s)) => {
            // The same message as the NDJSON decoder's, column included.
            assert_eq!(
                s.to_string(),
                json_error_message(e),
                "{:?}",
                String::from_utf8_lossy(line)
            );
            false
        }
        (Ok(v), Err(e)) => panic!(
            "scanner rejects a valid line ({e}): {:?} -> {v:?}",
            String::from_utf8_lossy(line)
        ),
        (Err(e), Ok(_)) => panic!(
            "scanner accepts an invalid line ({e}): {:?} / {:x?}",
            String::from_utf8_lossy(line),
            line
        ),
    }
}

/// The typed accessors agree with the full value.
fn check_typed(raw: &[u8], want: &Value) {
    assert_eq!(
        raw_to_f64(raw).map(f64::to_bits),
        want.as_f64().map(f64::to_bits),
        "{}",
        String::from_utf8_lossy(raw)
    );
    let mut scratch = Vec::new();
    assert_eq!(raw_to_str(raw, &mut scratch), want.as_str());
}

fn scanner() -> Scanner {
    Scanner::new(KeySet::new(WANTED))
}

fn accepts(line: &str) -> bool {
    check(&mut scanner(), line.as_bytes())
}

fn status(line: &[u8]) -> Option<String> {
    let mut s = Scanner::new(KeySet::new(&["status"]));
    s.scan(line).unwrap();
    s.get(line, 0)
        .map(|raw| String::from_utf8_lossy(raw).into_owned())
}

#[test]
fn finds_top_level_keys_only() {
    let line = br#"{"a":{"status":1},"s":"\"status\":999","status" : 503 ,"b":[{"status":2}]}"#;
    assert_eq!(status(line).as_deref(), Some("503"));
    assert_eq!(status(br#"{"a":{"status":1}}"#), None);
    assert_eq!(status(br#"{"x":"status","y":"\"status\":1"}"#), None);
}

#[test]
fn last_duplicate_wins() {
    assert_eq!(
        status(br#"{"status":1,"x":0,"status":"two"}"#).as_deref(),
        Some("\"two\"")
    );
    assert_eq!(
        status(br#"{"status":1,"stat\u0075s":2}"#).as_deref(),
        Some("2")
    );
}

#[test]
fn escaped_keys_match_decoded() {
    assert_eq!(status(br#"{"stat\u0075s":200}"#).as_deref(), Some("200"));
    assert_eq!(
        status(br#"{"\u0073\u0074atus":[1, 2]}"#).as_deref(),
        Some("[1, 2]")
    );
    assert_eq!(status(br#"{"stat\"us":1}"#), None);
    assert!(accepts(r#"{"sta\"tus":1,"a\\b":2,"\u00e9":3,"\u2028":4}"#));
}

#[test]
fn spans_exclude_whitespace() {
    let line = b" \t{ \"status\" :\t[ 1 , 2 ] \r, \"path\":\"/\" } ";
    let mut s = Scanner::new(KeySet::new(&["status", "path"]));
    let top = s.scan(line).unwrap();
    assert_eq!(s.get(line, 0), Some(&b"[ 1 , 2 ]"[..]));
    assert_eq!(s.get(line, 1), Some(&b"\"/\""[..]));
    assert_eq!(
        top,
        TopLevel::Object {
            open: 2,
            close: line.len() - 2
        }
    );
}

/// `members` answers `None` for anything but one valid object: also for an object followed by
/// more text (found by the `decoders` fuzz target: `{"a":1,"a":2}r` had members) and for one whose
/// first key lacks its opening quote (`{\ustatus":1}`, found by `check` once it asked `members`).
#[test]
fn members_only_of_a_whole_valid_object() {
    let line = b" {\"a\": 1 ,\"b\":[2]} ";
    assert_eq!(
        members(line),
        Some(vec![
            (2, Span { start: 7, end: 8 }),
            (10, Span { start: 14, end: 17 })
        ])
    );
    assert_eq!(members(b"{}"), Some(vec![]));
    for bad in [
        &br#"{"a":1,"a":2}r"#[..],
        br#"{"a":1} {"b":2}"#,
        br#"{"a":1},"#,
        br#"{"a":1"#,
        br#"[{"a":1}]"#,
        br#"{a":1}"#,
        br#"{1:1}"#,
        b"",
    ] {
        assert_eq!(members(bad), None, "{}", String::from_utf8_lossy(bad));
    }
}

#[test]
fn non_objects_are_reported() {
    let mut s = Scanner::new(KeySet::new(&["value"]));
    assert_eq!(
        s.scan(b" [1,{\"value\":2}] "),
        Ok(TopLevel::Other(Span { start: 1, end: 16 }))
    );
    assert_eq!(s.span(0), None);
    assert_eq!(
        s.scan(b"\"s\""),
        Ok(TopLevel::Other(Span { start: 0, end: 3 }))
    );
    for line in ["3", "-0", "null", "true", "\"x\"", "[]", "1e5"] {
        assert!(accepts(line), "{line}");
    }
}

#[test]
fn numbers_in_every_form() {
    let valid = [
        "0",
        "-0",
        "-0.0",
        "0.0",
        "1E+2",
        "1e-2",
        "1E2",
        "1e400",
        "-1e400",
        "1e309",
        "0e400",
        "1e-400",
        "-1e-400",
        "0e99999999999999",
        "1e-99999999999999",
        "123456789012345678901234567890",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "1.7976931348623157e308",
        "1.8e308",
        "4.9e-324",
        "5e-324",
        "500.0",
        "5e2",
        "70.442",
        "9007199254740993",
        "9007199254740993.0",
        "0.1000000000000000055511151231257827",
        "100000000000000000000000000000e-10",
        "1e22",
        "1e23",
        "123456789012345678.5",
        "0.000000000000000000000000001",
        "1e0000000000000000000000000000000000000000000000000000000000000100",
        "1e00000000000000000000000000000000000000000000000000000000000000400",
    ];
    let mut s = scanner();
    for n in valid {
        for line in [n.to_owned(), format!("{{\"status\":{n}}}")] {
            let accepted = check(&mut s, line.as_bytes());
            assert_eq!(accepted, json::parse(line.as_bytes()).is_ok(), "{line}");
        }
    }
    for bad in [
        "01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "1.e5", "-a", "1ee2", "00",
        "1.5.3", "--1",
    ] {
        let line = format!("{{\"status\":{bad}}}");
        assert!(!accepts(&line), "{line}");
    }
}

#[test]
fn negative_zero_and_big_integers_keep_their_kind() {
    assert!(matches!(raw_to_value(b"-0"), Value::Float(f) if f.to_bits() == (-0.0f64).to_bits()));
    assert!(matches!(raw_to_value(b"-5"), Value::Int(-5)));
    assert!(matches!(
        raw_to_value(b"9223372036854775807"),
        Value::Int(i64::MAX)
    ));
    assert!(matches!(
        raw_to_value(b"9223372036854775808"),
        Value::Float(_)
    ));
    assert!(matches!(raw_to_value(b"500.0"), Value::Float(f) if f == 500.0));
    assert_eq!(raw_to_f64(b"\"1\""), None);
    assert_eq!(raw_to_f64(b"1e2"), Some(100.0));
}

#[test]
fn strings_and_escapes() {
    let valid = [
        r#""""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u0000\u001f\u00e9\u2028\uFFFF""#,
        r#""\ud83d\ude00""#,
        r#""\uD83D\uDE00x""#,
        "\"caf\u{e9} \u{2028} \u{1f600} \u{7f}\"",
        r#""\"status\":999""#,
    ];
    for s in valid {
        assert!(accepts(s), "{s}");
        assert!(accepts(&format!("{{\"path\":{s}, \"x\":{s}}}")), "{s}");
    }
    let invalid = [
        r#""\ud800""#,
        r#""\udc00""#,
        r#""\ud800\u0041""#,
        r#""\ud800\ud800""#,
        r#""\ud800x""#,
        r#""\ud800\n""#,
        r#""\x""#,
        r#""\u12""#,
        r#""\u12g4""#,
        r#""\"#,
        r#""abc"#,
        "\"tab\there\"",
        "\"nl\nhere\"",
        "\"\u{1}\"",
    ];
    for s in invalid {
        assert!(!accepts(s), "{s}");
        assert!(!accepts(&format!("{{\"path\":{s}}}")), "{s}");
    }
}

#[test]
fn invalid_utf8_is_rejected() {
    for bytes in [
        &b"{\"path\":\"\xff\"}"[..],
        b"{\"path\":\"\xc3\"}",
        b"{\"path\":\"\xed\xa0\x80\"}",
        b"{\"path\":\"\xc0\x80\"}",
        b"{\"\xe9\":1}",
        b"{\"a\":1}\xc3\xa9",
        // A bad character, then a syntax error that serde_json reports first.
        b"{\"path\":\"\xff\x01\"}",
        b"{\"path\":\"\xff",
        b"{\"path\":\"\xc3\xa9\xff\\q\"}",
        b"{\"path\":\"\xf0\x9f\x98\"",
        b"[\"\xe2\x82\", tru]",
    ] {
        let accepted = check(&mut scanner(), bytes);
        assert!(!accepted);
    }
    assert!(check(&mut scanner(), "{\"é\":\"é\"}".as_bytes()));
    assert!(check(&mut scanner(), "{\"é\":\"中文 😀 x\"}".as_bytes()));
}

#[test]
fn structure_errors() {
    for bad in [
        "",
        " ",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\":1,",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "{\"a\":1}}",
        "{\"a\":1} x",
        "{\"a\":1}{}",
        "{\"a\":[1,]}",
        "{\"a\":[1 2]}",
        "{\"a\":[}",
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{\"a\":True}",
        "{\"a\":falsey}",
        "{\"a\":undefined}",
        "{\"a\":'x'}",
        "[1,2",
        "{\"a\":{\"b\":1,}}",
        "\u{feff}{}",
    ] {
        assert!(!accepts(bad), "{bad:?}");
    }
    for good in [
        "{}",
        " { } ",
        "{\"a\":{}}",
        "{\"a\":[]}",
        "{\"a\":[[],{}]}",
        "\t{\"a\"\n:\r1}\n",
    ] {
        assert!(accepts(good), "{good:?}");
    }
}

#[test]
fn error_columns_match_serde() {
    let mut s = scanner();
    for bad in [
        "{\"a\":1 \"b\":2}",
        "{\"a\":1}x",
        "{\"a\":01}",
        "{\"a\":\"\\x\"}",
        "{\"a\":[1,]}",
        "{\"a\":1,}",
        "{1:2}",
        "{\"a\":tru}",
        "{\"a\":\"abc",
        "{\"a\"",
        "",
        "{\"a\":\"\u{1}\"}",
    ] {
        // `check` compares the messages, columns included.
        assert!(!check(&mut s, bad.as_bytes()), "{bad:?}");
    }
    let err = s.scan(b"{\"a\":1 \"b\":2}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid JSON: expected `,` or `}` at column 8"
    );
}

#[test]
fn nesting_limit_matches_serde() {
    for depth in [126, 127, 128, 129, 200] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        check(&mut scanner(), arrays.as_bytes());
        let objects = format!("{}1{}", "{\"status\":".repeat(depth), "}".repeat(depth));
        check(&mut scanner(), objects.as_bytes());
    }
    let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(accepts(&ok));
    let too_deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(!accepts(&too_deep));
}

#[test]
fn generated_events_agree() {
    let line = br#"{"ts":"2024-03-01T00:00:00.001Z","host":"web-38.example.internal","method":"DELETE","path":"/metrics","status":200,"latency_ms":40.399,"bytes":338,"user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","geo":{"country":"US","city":"New York"},"trace_id":"a25d6b29afffcfd2341ef40b57c700aa"}"#;
    assert!(check(&mut scanner(), line));
    let mut s = Scanner::new(KeySet::new(&["latency_ms", "status", "host", "nope"]));
    s.scan(line).unwrap();
    assert_eq!(s.get(line, 0), Some(&b"40.399"[..]));
    assert_eq!(s.get(line, 1), Some(&b"200"[..]));
    assert_eq!(s.get(line, 2), Some(&b"\"web-38.example.internal\""[..]));
    assert_eq!(s.get(line, 3), None);
}

#[test]
fn repeated_wanted_keys_fill_every_index() {
    let line = br#"{"a":1}"#;
    let mut s = Scanner::new(KeySet::new(&["a", "b", "a"]));
    s.scan(line).unwrap();
    assert_eq!(
        (s.span(0), s.span(1), s.span(2)),
        (
            Some(Span { start: 5, end: 6 }),
            None,
            Some(Span { start: 5, end: 6 })
        )
    );
    assert_eq!(s.keys().key(2), "a");
    assert!(Scanner::new(KeySet::new(&[])).scan(line).is_ok());
    assert!(validate(line).is_ok());
    assert!(validate(b"[1,").is_err());
}

// ---------------------------------------------------------------------------------------------
// The adversarial generator (seeded, deterministic).

/// xorshift64*: small, deterministic, good enough to pick test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const KEYS: &[&str] = &[
    "\"status\"",
    "\"path\"",
    "\"geo\"",
    "\"value\"",
    "\"\"",
    "\"stat\\u0075s\"",
    "\"\\u0073tatus\"",
    "\"sta\\\"tus\"",
    "\"Status\"",
    "\"status \"",
    "\"a\\\\b\"",
    "\"\\u00e9\"",
    "\"é\"",
    "\"\\u2028\"",
    "\"\u{2028}\"",
    "\"host\"",
    "\"\\\"status\\\":999\"",
    "\"p\\u0061th\"",
    "\"\\ud83d\\ude00\"",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "200",
    "503",
    "500.0",
    "5e2",
    "1E+2",
    "1e-2",
    "1e400",
    "-1e400",
    "1e-400",
    "0e400",
    "70.442",
    "-12.5e-3",
    "123456789012345678901234567890",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "9007199254740993",
    "1.7976931348623157e308",
    "1.8e308",
    "4.9e-324",
    "0.1000000000000000055511151231257827",
    "1e22",
    "1e23",
    "3.14159",
];

const STRING_PIECES: &[&str] = &[
    "plain",
    "/api/v1/orders",
    "\\\"status\\\":999",
    "\\\"",
    "\\\\",
    "\\/",
    "\\b\\f\\n\\r\\t",
    "{}[]:,",
    "\", \"",
    "\": \"",
    "\\u00e9",
    "\\u2028",
    "\u{2028}",
    "é",
    "中文",
    "\u{1f600}",
    "\\ud83d\\ude00",
    "\\uD83D\\uDE00",
    "\\u0000",
    " ",
    "\u{7f}",
    "status",
    "12345678",
];

fn gen_ws(r: &mut Rng, out: &mut String) {
    if r.chance(70) {
        return;
    }
    for _ in 0..=r.below(3) {
        out.push_str(r.pick(&[" ", "\t", "\r", "\n", "  "]));
    }
}

fn gen_string(r: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..r.below(5) {
        out.push_str(r.pick(STRING_PIECES));
    }
    out.push('"');
}

fn gen_value(r: &mut Rng, depth: usize, out: &mut String) {
    let kind = if depth > 3 { r.below(5) } else { r.below(8) };
    match kind {
        0 | 1 => out.push_str(r.pick(NUMBERS)),
        2 | 3 => gen_string(r, out),
        4 => out.push_str(r.pick(&["true", "false", "null"])),
        5 | 6 => gen_object(r, depth + 1, out),
        _ => {
            out.push('[');
            let n = r.below(4);
            for i in 0..n {
                if i > 0 {
                    out.push(',');
                }
                gen_ws(r, out);
                gen_value(r, depth + 1, out);
                gen_ws(r, out);
            }
            out.push(']');
        }
    }
}

fn gen_object(r: &mut Rng, depth: usize, out: &mut String) {
    out.push('{');
    gen_ws(r, out);
    let n = r.below(7);
    for i in 0..n {
        if i > 0 {
            out.push(',');
            gen_ws(r, out);
        }
        out.push_str(r.pick(KEYS));
        gen_ws(r, out);
        out.push(':');
        gen_ws(r, out);
        gen_value(r, depth, out);
        gen_ws(r, out);
    }
    out.push('}');
}

/// One line: mostly objects, sometimes other values, with whitespace around.
fn gen_line(r: &mut Rng) -> Vec<u8> {
    let mut s = String::new();
    gen_ws(r, &mut s);
    if r.chance(90) {
        gen_object(r, 1, &mut s);
    } else {
        gen_value(r, 1, &mut s);
    }
    gen_ws(r, &mut s);
    s.into_bytes()
}

const NOISE: &[&[u8]] = &[
    b"\"",
    b"\\",
    b",",
    b":",
    b"}",
    b"]",
    b"{",
    b"[",
    b"x",
    b" ",
    b"0",
    b"-",
    b".",
    b"e",
    b"\x00",
    b"\x01",
    b"\x1f",
    b"\x7f",
    b"\x80",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xc0\x80",
    b"\xf4\x90\x80\x80",
    b"\\u",
    b"\\ud800",
    b"\\udc00",
    b"\\ud800\\u0041",
    b"\\x",
    b"tru",
    b"null",
    b"1e999",
    b"\"status\":",
    b",\"status\":1",
    b"01",
    b"\n",
    b"\t",
];

/// A mutated copy of a valid line: truncated, with a byte changed, inserted or removed, or
/// with trailing garbage.
fn mutate(r: &mut Rng, line: &[u8]) -> Vec<u8> {
    let mut out = line.to_vec();
    let at = |r: &mut Rng, len: usize| if len == 0 { 0 } else { r.below(len + 1) };
    match r.below(5) {
        0 => {
            let n = at(r, out.len());
            out.truncate(n);
        }
        1 => {
            let n = at(r, out.len());
            let noise = r.pick(NOISE);
            out.splice(n..n, noise.iter().copied());
        }
        2 => {
            if !out.is_empty() {
                let n = r.below(out.len());
                out.remove(n);
            }
        }
        3 => {
            if !out.is_empty() {
                let n = r.below(out.len());
                let noise = r.pick(NOISE);
                out.splice(n..n + 1, noise.iter().copied());
            }
        }
        _ => out.extend_from_slice(r.pick(NOISE)),
    }
    out
}

#[test]
fn adversarial_lines_agree_with_the_full_parse() {
    let mut r = Rng(7);
    let mut s = scanner();
    let (mut valid, mut invalid, mut mutated_valid) = (0, 0, 0);
    for _ in 0..20_000 {
        let line = gen_line(&mut r);
        let accepted = check(&mut s, &line);
        if accepted {
            valid += 1;
        }
        for _ in 0..3 {
            let bad = mutate(&mut r, &line);
            if check(&mut s, &bad) {
                mutated_valid += 1;
            } else {
                invalid += 1;
            }
        }
    }
    // The generator must exercise both sides (1e400 and friends make some lines invalid).
    assert!(valid > 10_000, "{valid}");
    assert!(invalid > 30_000, "{invalid}");
    assert!(mutated_valid > 1_000, "{mutated_valid}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Token soup: any concatenation of JSON fragments, valid or not.
    #[test]
    fn token_soup_agrees(parts in proptest::collection::vec(
        prop_oneof![
            Just("{".to_owned()), Just("}".to_owned()), Just("[".to_owned()), Just("]".to_owned()),
            Just(",".to_owned()), Just(":".to_owned()), Just(" ".to_owned()),
            Just("\"status\"".to_owned()), Just("\"stat\\u0075s\"".to_owned()),
            Just("\"path\"".to_owned()), Just("\"value\"".to_owned()),
            proptest::sample::select(NUMBERS).prop_map(str::to_owned),
            proptest::sample::select(STRING_PIECES).prop_map(|p| format!("\"{p}\"")),
            Just("true".to_owned()), Just("null".to_owned()),
            "[ -~]{0,3}",
            "\\PC{0,2}",
        ],
        0..24,
    )) {
        let line = parts.concat();
        check(&mut scanner(), line.as_bytes());
    }

    /// The in-place number skip agrees with the full one (end or error, column included) at
    /// every start offset of number-like bytes, valid or not.
    #[test]
    fn number_skip_agrees_with_the_full_one(b in proptest::collection::vec(
        proptest::sample::select(&b"0123456789000-+.eE,}x "[..]), 0..30,
    )) {
        for start in 0..b.len() {
            if b[start] == b'-' || b[start].is_ascii_digit() {
                prop_assert_eq!(skip_number(&b, start), skip_number_full(&b, start));
            }
        }
    }

    /// Arbitrary bytes (mostly rejected; must never be accepted wrongly or panic).
    #[test]
    fn arbitrary_bytes_agree(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        check(&mut scanner(), &bytes);
    }

    /// Generated valid objects, with a seed chosen by proptest.
    #[test]
    fn generated_lines_agree(seed in 1u64..u64::MAX) {
        let mut r = Rng(seed);
        let line = gen_line(&mut r);
        check(&mut scanner(), &line);
        let bad = mutate(&mut r, &line);
        check(&mut scanner(), &bad);
    }

    /// Any string round-trips through serialisation and the scanner's key matching.
    #[test]
    fn any_key_and_string_value(key in "\\PC{0,6}", value in "\\PC{0,12}") {
        let mut line = Vec::new();
        line.push(b'{');
        crate::value::write_json_string(&key, &mut line);
        line.push(b':');
        crate::value::write_json_string(&value, &mut line);
        line.push(b'}');
        let mut s = Scanner::new(KeySet::new(&[key.as_str()]));
        prop_assert!(s.scan(&line).is_ok());
        let raw = s.get(&line, 0).expect("key found");
        prop_assert!(matches!(raw_to_value(raw), Value::Str(v) if v == value));
    }
}

proptest::proptest! {
    /// `same_key` is slice equality, at every length around its word sizes.
    #[test]
    fn same_key_is_equality(
        a in proptest::collection::vec(proptest::sample::select(b"ab".to_vec()), 0..20),
        b in proptest::collection::vec(proptest::sample::select(b"ab".to_vec()), 0..20),
        copy in proptest::bool::ANY,
        flip in 0usize..20,
    ) {
        // A copy of `a`, with one byte changed when `flip` is within it.
        let b = if copy {
            let mut b = a.clone();
            if let Some(byte) = b.get_mut(flip) {
                *byte ^= 3;
            }
            b
        } else {
            b
        };
        proptest::prop_assert_eq!(super::same_key(&a, &b), a == b);
    }
}
