//! Plain lines: each line becomes `{"line": "..."}`.
//!
//! Invalid UTF-8 is kept losslessly: `line` holds the text with each invalid sequence replaced
//! by U+FFFD, and `line_base64` holds the exact bytes, base64-encoded (standard alphabet, with
//! padding). `--to raw` writes the original bytes of an unchanged event.

use base64::Engine;

use crate::input::{Decoded, Decoder, Record};
use crate::value::{Map, Value};

/// Decodes each record as one `line` field.
pub struct LinesDecoder;

impl Decoder for LinesDecoder {
    fn one_line(&self) -> bool {
        true
    }

    fn decode(&mut self, record: &[u8]) -> Result<Record, String> {
        let mut map = Map::default();
        match std::str::from_utf8(record) {
            Ok(text) => {
                map.insert("line".to_owned(), Value::from(text));
            }
            Err(_) => {
                let lossy = String::from_utf8_lossy(record).into_owned();
                let exact = base64::engine::general_purpose::STANDARD.encode(record);
                map.insert("line".to_owned(), Value::Str(lossy));
                map.insert("line_base64".to_owned(), Value::Str(exact));
            }
        }
        Ok(Record::Event(Decoded {
            value: Value::Object(map),
            pristine: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_kept_losslessly() {
        let d = LinesDecoder
            .decode(b"ok \xff end")
            .unwrap()
            .into_decoded()
            .unwrap();
        assert_eq!(
            d.value.to_json(),
            "{\"line\":\"ok \u{fffd} end\",\"line_base64\":\"b2sg/yBlbmQ=\"}"
        );
        let d = LinesDecoder
            .decode(b"plain \"q\"")
            .unwrap()
            .into_decoded()
            .unwrap();
        assert_eq!(d.value.to_json(), "{\"line\":\"plain \\\"q\\\"\"}");
    }
}
