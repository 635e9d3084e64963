//! Type inference for text cells (CSV, TSV, logfmt, `parse` captures): the one home of the rule.
//!
//! An unquoted cell that reads as an integer becomes an integer, one that reads as a decimal
//! float becomes a float, `true`/`false` (also `TRUE`/`FALSE`, `True`/`False`) become booleans;
//! everything else stays a string. Integers with a leading zero (`007`, `081109`) stay strings:
//! they are identifiers, dates or zip codes, and turning them into numbers would lose the zeros.
//! `inf`, `nan`, hexadecimal and numbers with a `+` sign or surrounding spaces stay strings.

use crate::value::Value;

/// The typed value of an unquoted cell.
pub fn infer(text: &str) -> Value {
    infer_scalar(text).unwrap_or_else(|| Value::from(text))
}

/// The typed value of `text` when it is a number or a boolean, else `None`.
pub fn infer_scalar(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if first.is_ascii_digit() || first == b'-' || first == b'.' {
        return infer_number(text);
    }
    match text {
        "true" | "TRUE" | "True" => Some(Value::Bool(true)),
        "false" | "FALSE" | "False" => Some(Value::Bool(false)),
        _ => None,
    }
}

fn infer_number(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let bytes = digits.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    // Integer part: digits, no leading zero unless it is the only digit.
    let int_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if int_len > 1 && bytes[0] == b'0' {
        return None;
    }
    if int_len == bytes.len() {
        return text.parse::<i64>().ok().map(Value::Int).or_else(|| {
            // Beyond i64: a float would round; keep the exact text.
            None
        });
    }
    let mut i = int_len;
    let mut frac_len = 0;
    if bytes[i] == b'.' {
        i += 1;
        frac_len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_len;
    }
    if int_len + frac_len == 0 {
        return None;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            i += 1;
        }
        let exp_len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_len == 0 {
            return None;
        }
        i += exp_len;
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float)
}

/// True when `text`, written unquoted, would be read back as something other than this string
/// (a number, a boolean), so writers must quote it.
pub fn needs_quotes_to_stay_string(text: &str) -> bool {
    infer_scalar(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(text: &str) -> String {
        infer(text).to_json()
    }

    #[test]
    fn numbers_and_booleans() {
        assert_eq!(j("42"), "42");
        assert_eq!(j("-7"), "-7");
        assert_eq!(j("0"), "0");
        assert_eq!(j("0.0"), "0.0");
        assert_eq!(j("10.357019999999999"), "10.357019999999999");
        assert_eq!(j("1e3"), "1000.0");
        assert_eq!(j(".5"), "0.5");
        assert_eq!(j("TRUE"), "true");
        assert_eq!(j("false"), "false");
    }

    #[test]
    fn things_that_stay_strings() {
        for s in [
            "081109",
            "007",
            "1.2.3",
            "inf",
            "NaN",
            "0x10",
            "+1",
            " 1",
            "1 ",
            "-",
            ".",
            "e5",
            "1e",
            "yes",
            "NA",
            "99999999999999999999",
            "2013-01-01",
        ] {
            assert_eq!(j(s), Value::from(s).to_json(), "{s}");
        }
    }
}
