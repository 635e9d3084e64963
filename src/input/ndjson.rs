//! NDJSON input: one JSON value per line; a non-object value is wrapped as `{"value": ...}`.

use crate::input::{Decoded, Decoder};
use crate::json::JsonError;
use crate::value::{Map, Value, parse_json};

/// Decodes one JSON document per record.
pub struct NdjsonDecoder;

impl Decoder for NdjsonDecoder {
    fn decode(&mut self, record: &[u8]) -> Result<Option<Decoded>, String> {
        match parse_json(record) {
            Ok(Value::Object(map)) => Ok(Some(Decoded {
                value: Value::Object(map),
                pristine: true,
            })),
            Ok(other) => {
                let mut map = Map::new();
                map.insert("value".to_owned(), other);
                Ok(Some(Decoded {
                    value: Value::Object(map),
                    pristine: false,
                }))
            }
            Err(e) => Err(json_error_message(&e)),
        }
    }
}

/// `invalid JSON: <what> at column N` (a record is one line, so no line number).
pub fn json_error_message(e: &JsonError) -> String {
    format!("invalid JSON: {} at column {}", e.message(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Result<(String, bool), String> {
        NdjsonDecoder
            .decode(s.as_bytes())
            .map(|d| d.map(|d| (d.value.to_json(), d.pristine)).unwrap())
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
}
