//! NDJSON input: one JSON value per line; a non-object value is wrapped as `{"value": ...}`.

use crate::input::work::Done;
use crate::input::{Decoded, Decoder, Record};
use crate::json;
use crate::json::JsonError;
use crate::scan;
use crate::value::{Map, Value};

/// Decodes one JSON document per record.
///
/// An object line is only validated with the scanner ([`crate::scan`], which accepts exactly
/// what the full parse accepts, with the same messages); its event parses the line on first use.
/// The reader's work for the chain ([`crate::input::work::ReaderWork`]) does that scan itself
/// when it has one, and may also apply the chain's leading filters in it (a line they reject never
/// becomes an event) or find the first stage's fields. `eager` (the `EDDY_EAGER=1` debugging
/// switch) parses every line up front instead, and the reader does none of the chain's work.
pub struct NdjsonDecoder {
    /// Parse every line into a value up front (the full path).
    pub eager: bool,
}

impl Decoder for NdjsonDecoder {
    fn one_line(&self) -> bool {
        true
    }

    fn json_text(&self) -> bool {
        !self.eager
    }

    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        // Not an object: parsed now and wrapped below.
        if !self.eager && scan::validate_top(record).map_err(|e| e.to_string())? {
            return Ok(Record::Lazy(Done::default()));
        }
        match json::parse(record) {
            Ok(Value::Object(map)) => Ok(Record::Event(Decoded {
                value: Value::Object(map),
                pristine: true,
            })),
            Ok(other) => {
                let mut map = Map::default();
                map.insert("value".to_owned(), other);
                Ok(Record::Event(Decoded {
                    value: Value::Object(map),
                    pristine: false,
                }))
            }
            Err(e) => Err(json_error_message(&e)),
        }
    }
}

/// True when a first line looks like NDJSON ([`crate::input::detect`]): it starts with `{`
/// (an object, even a broken one) or is a JSON value.
pub fn looks_like(line: &str) -> bool {
    line.trim_start().starts_with('{') || json::parse(line.as_bytes()).is_ok()
}

/// `invalid JSON: <what> at column N` (a record is one line, so no line number).
pub fn json_error_message(e: &JsonError) -> String {
    format!("invalid JSON: {} at column {}", e.message(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Result<(String, bool), String> {
        NdjsonDecoder { eager: true }.decode(s.as_bytes()).map(|d| {
            d.into_decoded()
                .map(|d| (d.value.to_json(), d.pristine))
                .unwrap()
        })
    }

    #[test]
    fn objects_are_pristine_and_scalars_wrapped() {
        assert_eq!(decode("{\"a\": 1}"), Ok(("{\"a\":1}".into(), true)));
        assert_eq!(decode("[1,2]"), Ok(("{\"value\":[1,2]}".into(), false)));
        assert_eq!(decode("\"s\""), Ok(("{\"value\":\"s\"}".into(), false)));
    }

    #[test]
    fn numbers_beyond_the_double_range_are_valid() {
        assert_eq!(
            decode("{\"x\":1e400}"),
            Ok(("{\"x\":1.7976931348623157e308}".into(), true))
        );
    }

    #[test]
    fn errors_name_the_column() {
        assert_eq!(
            decode("{\"a\":1 \"b\":2}").unwrap_err(),
            "invalid JSON: expected `,` or `}` at column 8"
        );
        assert!(
            decode("{\"a\":1}x")
                .unwrap_err()
                .contains("trailing characters")
        );
    }

    #[test]
    fn lazy_decoding_validates_with_the_same_messages() {
        let lazy = |s: &str| NdjsonDecoder { eager: false }.decode(s.as_bytes());
        for bad in [
            "{\"a\":1 \"b\":2}",
            "{\"a\":1}x",
            "{\"a\":\"\\q\"}",
            "{",
            "{\"a\":01}",
        ] {
            assert_eq!(lazy(bad).unwrap_err(), decode(bad).unwrap_err(), "{bad}");
        }
        assert!(matches!(
            lazy("{\"a\": 1}"),
            Ok(Record::Lazy(Done { start: 0, .. }))
        ));
        let d = lazy(" [1] ").unwrap().into_decoded().unwrap();
        assert!(!d.pristine);
        assert_eq!(d.value.to_json(), "{\"value\":[1]}");
    }
}
