//! NDJSON input: one JSON value per line; a non-object value is wrapped as `{"value": ...}`.

use crate::input::prefix::{Done, ReaderPrefix, Verdict};
use crate::input::{Decoded, Decoder, Record};
use crate::json;
use crate::json::JsonError;
use crate::scan;
use crate::value::{Map, Value};

/// Decodes one JSON document per record.
///
/// An object line is only validated with the scanner ([`crate::scan`], which accepts exactly
/// what the full parse accepts, with the same messages); its event parses the line on first use.
/// With a [`ReaderPrefix`], that same scan also applies the chain's leading filters (a line they
/// reject never becomes an event) or finds the first stage's fields. `eager` (the `EDDY_EAGER=1`
/// debugging switch) parses every line up front instead, without the reader-side filter.
pub struct NdjsonDecoder {
    /// Parse every line into a value up front (the full path).
    pub eager: bool,
    /// The reader-side work for the head of the chain.
    pub prefix: Option<ReaderPrefix>,
}

impl Decoder for NdjsonDecoder {
    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        if !self.eager {
            let object = match &mut self.prefix {
                Some(prefix) => match prefix.apply(record) {
                    Ok(Some(Verdict::Kept(done))) => return Ok(Record::Lazy(done)),
                    Ok(Some(Verdict::Rejected(stage))) => return Ok(Record::Filtered(stage)),
                    Ok(None) => false,
                    Err(e) => return Err(e.to_string()),
                },
                None => scan::validate_top(record).map_err(|e| e.to_string())?,
            };
            if object {
                return Ok(Record::Lazy(Done::default()));
            }
            // Not an object: parsed now and wrapped below.
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
        NdjsonDecoder {
            eager: true,
            prefix: None,
        }
        .decode(s.as_bytes())
        .map(|d| {
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
        let lazy = |s: &str| {
            NdjsonDecoder {
                eager: false,
                prefix: None,
            }
            .decode(s.as_bytes())
        };
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
            Ok(Record::Lazy(Done { passed: 0, .. }))
        ));
        let d = lazy(" [1] ").unwrap().into_decoded().unwrap();
        assert!(!d.pristine);
        assert_eq!(d.value.to_json(), "{\"value\":[1]}");
    }

    /// A decoder whose chain starts with `filter A then filter B`.
    fn prefiltered(a: &str, b: &str) -> NdjsonDecoder {
        let ctx = |index| crate::ops::BuildContext {
            index,
            clock: std::sync::Arc::new(crate::clock::SystemClock),
            inputs: std::sync::Arc::from(Vec::new()),
        };
        let stages = [a, b]
            .iter()
            .enumerate()
            .map(|(i, expr)| {
                let invocation = crate::cli::parse(["eddy", "filter", expr]).unwrap();
                let command = invocation.stages.into_iter().next().unwrap();
                command.build(&ctx(i + 1)).unwrap()
            })
            .collect::<Vec<_>>();
        NdjsonDecoder {
            eager: false,
            prefix: ReaderPrefix::of_chain(&stages),
        }
    }

    #[test]
    fn the_reader_side_filter_rejects_keeps_and_defers() {
        let mut d = prefiltered("status >= 500", "host == \"a\"");
        let mut decode = |s: &str| d.decode(s.as_bytes());
        assert!(matches!(
            decode(r#"{"status":503,"host":"a"}"#),
            Ok(Record::Lazy(Done { passed: 2, .. }))
        ));
        assert!(matches!(
            decode(r#"{"status":200,"host":"a"}"#),
            Ok(Record::Filtered(0))
        ));
        assert!(matches!(
            decode(r#"{"status":500,"host":"b"}"#),
            Ok(Record::Filtered(1))
        ));
        // Nested and string look-alikes do not count; the last duplicate wins.
        assert!(matches!(
            decode(r#"{"x":{"status":999},"y":"\"status\":999","status":1}"#),
            Ok(Record::Filtered(0))
        ));
        assert!(matches!(
            decode(r#"{"status":1,"st\u0061tus":600,"host":"a"}"#),
            Ok(Record::Lazy(Done { passed: 2, .. }))
        ));
        // Malformed lines get the full parse's message; non-objects are left to the stages.
        assert_eq!(
            decode(r#"{"status":503 "host":"a"}"#).unwrap_err(),
            "invalid JSON: expected `,` or `}` at column 15"
        );
        assert!(matches!(decode("[503]"), Ok(Record::Event(_))));
    }

    #[test]
    fn an_evaluation_error_is_left_to_the_stage() {
        let mut d = prefiltered("true", "status * 2 > 1");
        assert!(matches!(
            d.decode(br#"{"status":"x"}"#),
            Ok(Record::Lazy(Done { passed: 1, .. }))
        ));
    }
}
