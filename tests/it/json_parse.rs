//! Differential tests: eddy's JSON parser against serde_json.
//!
//! The rule under test: eddy accepts exactly the texts serde_json accepts, plus those serde_json
//! rejects only with "number out of range"; a rejection has serde_json's message and column; an
//! accepted text gives the value serde_json gives (floats within serde_json's own rounding error,
//! since serde_json without `float_roundtrip` is not correctly rounded and eddy is).

use eddy::json;
use eddy::value::Value;
use proptest::prelude::*;

use crate::serde_value::SerdeValue;

/// serde_json's verdict: `Ok(value)` built by the same `Value` visitor as before, or the error as
/// `(message, column, out_of_range, byte index)`.
fn serde_verdict(text: &[u8]) -> Result<Value, (String, usize, bool, usize)> {
    // Accept/reject is decided by serde_json's own DOM; the values are compared through our
    // `Value` so that key order and duplicate keys are part of the comparison.
    match serde_json::from_slice::<serde_json::Value>(text) {
        Ok(_) => Ok(serde_json::from_slice::<SerdeValue>(text)
            .expect("same parser, same verdict")
            .0),
        Err(e) => {
            let s = e.to_string();
            let what = s.rsplit_once(" at line ").map_or(s.as_str(), |p| p.0);
            // The byte index of the position: start of line `e.line()` plus the column.
            let line_start = if e.line() <= 1 {
                0
            } else {
                text.iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .nth(e.line() - 2)
                    .map_or(0, |(i, _)| i + 1)
            };
            Err((
                what.to_owned(),
                e.column(),
                what == "number out of range",
                line_start + e.column(),
            ))
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b
        || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
        || (a.abs() < 1e-290 && b.abs() < 1e-290)
}

/// Same structure, same strings and keys in the same order, same integers, floats close.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => {
            close(*x, *y) && x.is_sign_negative() == y.is_sign_negative()
        }
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, p), (l, q))| k == l && same(p, q))
        }
        _ => false,
    }
}

/// `text` with the number token around byte `at` replaced by `0 `: back to where the number
/// starts, then forward by the number grammar only.
fn zero_number_at(text: &[u8], at: usize) -> Vec<u8> {
    let at = at.min(text.len());
    let mut start = at;
    while start > 0 && (text[start - 1].is_ascii_digit() || b"+-.eE".contains(&text[start - 1])) {
        start -= 1;
    }
    let digits = |mut i: usize| {
        while i < text.len() && text[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = start;
    if text.get(end) == Some(&b'-') {
        end += 1;
    }
    end = digits(end);
    if text.get(end) == Some(&b'.') {
        end = digits(end + 1);
    }
    if matches!(text.get(end), Some(b'e' | b'E')) {
        end += 1;
        if matches!(text.get(end), Some(b'+' | b'-')) {
            end += 1;
        }
        end = digits(end);
    }
    // `0 `: the space keeps what follows from joining the number (`1e400e5` is not `0e5`).
    [&text[..start], b"0 ", &text[end..]].concat()
}

/// Checks the rule on one text; returns a description of a disagreement.
///
/// Where serde_json stops at a number out of range, the rule is judged on the text with that
/// number replaced by `0`: same verdict and same message (the column moves with the length).
fn check(text: &[u8]) -> Result<(), String> {
    let ours = json::parse(text);
    let serde = serde_verdict(text);
    if let Err((_, _, true, mut at)) = serde {
        let mut zeroed = text.to_vec();
        let theirs = loop {
            let next = zero_number_at(&zeroed, at);
            if next.len() >= zeroed.len() {
                return Err(format!("no number to replace at {at}"));
            }
            zeroed = next;
            match serde_verdict(&zeroed) {
                Err((_, _, true, next_at)) => at = next_at,
                verdict => break verdict,
            }
        };
        return match (theirs, ours) {
            (Ok(_), Ok(_)) => Ok(()),
            (Err((what, _, _, _)), Err(e)) if e.message() == what => Ok(()),
            (theirs, ours) => Err(format!(
                "out of range: with it zeroed serde says {:?}, we say {:?}",
                theirs.map(|v| v.to_json()),
                ours.map(|v| v.to_json())
            )),
        };
    }
    match (serde, ours) {
        (Ok(theirs), Ok(ours)) if same(&theirs, &ours) => Ok(()),
        (Ok(theirs), Ok(ours)) => Err(format!(
            "values differ: serde {} ours {}",
            theirs.to_json(),
            ours.to_json()
        )),
        (Ok(_), Err(e)) => Err(format!("serde accepts, we reject: {e}")),
        (Err((_, _, true, _)), _) => Ok(()),
        (Err((what, col, false, _)), Ok(v)) => Err(format!(
            "serde rejects ({what} at {col}), we accept: {}",
            v.to_json()
        )),
        (Err((what, col, false, _)), Err(e)) => {
            if e.message() == what && e.column() == col {
                Ok(())
            } else {
                Err(format!("serde: {what} at {col}; ours: {e}"))
            }
        }
    }
}

/// A JSON number text: any grammar-valid shape, including huge and tiny exponents.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|u| u.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        "-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,25})?([eE][+-]?[0-9]{1,4})?",
        "-?[1-9]\\.[0-9]{1,5}[eE]\\+?3[0-9][0-9]",
    ]
}

/// A JSON string literal of `s`, each character written raw or as a `\u` escape (a surrogate
/// pair beyond the BMP) or a short escape.
fn encode(s: &[(char, u8)]) -> String {
    let mut out = String::from("\"");
    for &(c, how) in s {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\t' => Some("\\t"),
            '\r' => Some("\\r"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '/' if how % 2 == 0 => Some("\\/"),
            _ => None,
        };
        if let (Some(esc), true) = (
            short,
            how % 3 != 0 || (c as u32) < 0x20 || c == '"' || c == '\\',
        ) {
            out.push_str(esc);
        } else if (c as u32) < 0x20 || how % 3 == 0 {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                if how % 2 == 0 {
                    out.push_str(&format!("\\u{u:04x}"));
                } else {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            }
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn string_literal() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop_oneof![
                any::<char>(),
                prop::char::range('\0', '\u{7f}'),
                prop::sample::select(vec!['"', '\\', '/', '\n', 'é', '😀', '\u{2028}']),
            ],
            any::<u8>(),
        ),
        0..12,
    )
    .prop_map(|chars| encode(&chars))
}

fn ws() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => "[ \t\r\n]{1,3}",
    ]
}

/// A valid JSON text with random whitespace, escapes and number shapes (duplicate keys likely:
/// keys come from a small set).
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number(),
        string_literal(),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let item = (ws(), inner, ws())
            .prop_map(|(a, v, b)| format!("{a}{v}{b}"))
            .boxed();
        prop_oneof![
            prop::collection::vec(item.clone(), 0..6)
                .prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec(
                (
                    prop_oneof![
                        string_literal(),
                        prop::sample::select(vec!["\"a\"", "\"b\"", "\"\\u0061\""])
                            .prop_map(str::to_owned),
                    ],
                    ws(),
                    item
                ),
                0..6
            )
            .prop_map(|members| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(k, w, v)| format!("{k}{w}:{v}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// Bytes that matter to a JSON parser, and a few that do not belong anywhere.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"{}[]:,\"\\/ \t\r\nu0123456789abcdefABCDEF.eE+-ntrfls".to_vec()),
        prop::sample::select(vec![
            0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf, 0xc3, 0xa9, 0xed, 0xa0, 0xf4, 0x90, 0xff
        ]),
        any::<u8>(),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Replace(i, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        let n = bytes.len();
        match *e {
            Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
            Edit::Delete(i) if n > 0 => {
                bytes.remove(i % n);
            }
            Edit::Replace(i, b) if n > 0 => bytes[i % n] = b,
            Edit::Truncate(i) if n > 0 => bytes.truncate(i % n),
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn valid_texts_agree_with_serde(text in json_text()) {
        prop_assert_eq!(check(text.as_bytes()), Ok(()), "{}", text);
        // Valid text: we must accept it, even where serde_json finds a number out of range.
        prop_assert!(json::parse(text.as_bytes()).is_ok(), "{}", text);
    }

    #[test]
    fn mutated_texts_agree_with_serde(
        text in json_text(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let bytes = apply(&text, &edits);
        prop_assert_eq!(check(&bytes), Ok(()), "{:?}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_bytes_agree_with_serde(bytes in prop::collection::vec(interesting_byte(), 0..24)) {
        prop_assert_eq!(check(&bytes), Ok(()), "{:?}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn numbers_agree_with_serde_or_are_out_of_range(n in number()) {
        let ours = json::parse(n.as_bytes());
        let Ok(Value::Int(_) | Value::Float(_)) = ours else {
            return Err(TestCaseError::fail(format!("{n} not a number: {ours:?}")));
        };
        // Correctly rounded: the value is exactly what Rust's parser gives for the text
        // (integers that fit i64 exactly).
        match ours {
            Ok(Value::Int(i)) => prop_assert_eq!(n.parse::<i64>(), Ok(i)),
            Ok(Value::Float(f)) => {
                let expected: f64 = n.parse().unwrap();
                prop_assert_eq!(f.to_bits(), expected.to_bits(), "{}", n);
            }
            _ => unreachable!(),
        }
        prop_assert_eq!(check(n.as_bytes()), Ok(()), "{}", n);
    }
}

#[test]
fn out_of_range_numbers_are_the_only_difference() {
    for text in [
        "1e400",
        "-1e400",
        "[1e309]",
        "{\"x\":1.8e308}",
        "123e999999999999",
    ] {
        assert!(
            matches!(serde_verdict(text.as_bytes()), Err((_, _, true, _))),
            "{text}"
        );
        assert_eq!(check(text.as_bytes()), Ok(()), "{text}");
        assert!(json::parse(text.as_bytes()).is_ok(), "{text}");
    }
    // serde_json stops at the big number; the rest of the text is still judged, as if the
    // number were 0.
    assert!(json::parse(b"[1e400,]").is_err());
    assert_eq!(check(b"[1e400,]"), Ok(()));
    assert_eq!(check(b"[1e400 x]"), Ok(()));
    assert_eq!(zero_number_at(b"[1,-1.5e400]", 9), b"[1,0 ]");
    assert_eq!(check(b"1e400e"), Ok(()));
    assert_eq!(check(b"[1e400e5,2e999]"), Ok(()));
}
