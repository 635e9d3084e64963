//! Every input format's decoder on arbitrary records, with two oracles:
//!
//! - a reader-side partial decode (`Decoder::decode_fields`) that succeeds gives exactly the
//!   fields the full decode gives;
//! - NDJSON's lazy path (`eddy::scan` validates, the event parses on first use) and its eager
//!   path (`eddy::json::parse`) agree on every line: valid or not, the same message when not,
//!   the same value when valid; `scan::members` finds an object's members exactly when the line
//!   is a valid object.
//!
//! Input: `FORMAT OPTIONS RECORDS`, records separated by `\n` (joined while the decoder says a
//! record continues, as the framing does). FORMAT picks the format, OPTIONS' bits the decoder
//! options (no header, no inference, ragged rows, a `;` delimiter, a null marker).

#![no_main]

use eddy::event::Event;
use eddy::input::format::FORMATS;
use eddy::input::ndjson::NdjsonDecoder;
use eddy::input::{Decoder, DecoderOptions, Record};
use eddy::json;
use eddy::scan;
use eddy::value::{Map, Value};
use libfuzzer_sys::fuzz_target;

/// The fields the partial decode is asked for, besides names taken from the first record.
const KEYS: &[&str] = &["a", "b", "_1", "_2", "msg", "level", "ts", ""];

fuzz_target!(|data: &[u8]| {
    let [format, flags, records @ ..] = data else {
        return;
    };
    let info = &FORMATS[*format as usize % FORMATS.len()];
    let options = DecoderOptions {
        no_header: flags & 1 != 0,
        no_infer: flags & 2 != 0,
        allow_ragged: flags & 4 != 0,
        delimiter: (flags & 8 != 0).then_some(b';'),
        nulls: if flags & 16 != 0 {
            vec!["NA".to_owned()]
        } else {
            Vec::new()
        },
        year: (flags & 32 != 0).then_some(2024),
        reference: (2024, 2),
        ..DecoderOptions::default()
    };
    let mut decoder = (info.decoder)(&options);
    let mut keys: Vec<String> = KEYS.iter().map(|&k| k.to_owned()).collect();
    if let Some(first) = records.split(|&b| b == b'\n').next() {
        keys.extend(
            String::from_utf8_lossy(first)
                .split([',', '\t', ';', ' ', '='])
                .take(4)
                .map(str::to_owned),
        );
    }

    let mut lines = records.split(|&b| b == b'\n');
    while let Some(line) = lines.next() {
        let mut record = line.to_vec();
        // Join continued records as the framing does, with its bound on lines per record.
        let mut joined = 0;
        while joined < 64 && decoder.continues(&record) {
            let Some(next) = lines.next() else { break };
            record.push(b'\n');
            record.extend_from_slice(next);
            joined += 1;
        }
        let mut partial = Map::default();
        let partial_ok = decoder
            .decode_fields(&record, &keys, &mut partial)
            .is_some();
        let decoded = decoder.decode(&record);
        if partial_ok {
            let Ok(Record::Event(decoded)) = &decoded else {
                panic!("decode_fields succeeded, decode gave {decoded:?}");
            };
            for key in &keys {
                let full = match &decoded.value {
                    Value::Object(map) => map.get(key.as_str()).map(Value::to_json),
                    _ => None,
                };
                let part = partial.get(key.as_str()).map(Value::to_json);
                assert_eq!(
                    full,
                    part,
                    "field {key:?} of {:?}",
                    String::from_utf8_lossy(&record)
                );
            }
        }
        if let Ok(Record::Event(d)) = &decoded {
            let _ = d.value.to_json();
        }
        ndjson_oracle(&record);
    }
});

/// The lazy NDJSON path and the full parse agree on `line`.
fn ndjson_oracle(line: &[u8]) {
    let parsed = json::parse(line);
    let validated = scan::validate(line);
    assert_eq!(
        parsed.is_ok(),
        validated.is_ok(),
        "json::parse {parsed:?} but scan::validate {validated:?}"
    );
    let is_object = matches!(parsed, Ok(Value::Object(_)));
    assert_eq!(
        scan::validate_top(line).ok(),
        parsed.as_ref().ok().map(|_| is_object)
    );
    let members = scan::members(line);
    assert_eq!(members.is_some(), is_object, "scan::members on {parsed:?}");
    if let Some(members) = members {
        for (_, span) in members {
            assert!(
                json::parse(&line[span.start..span.end]).is_ok(),
                "member span {span:?}"
            );
        }
    }

    let lazy = NdjsonDecoder { eager: false }.decode(line);
    let eager = NdjsonDecoder { eager: true }.decode(line);
    match (lazy, eager) {
        (Err(a), Err(b)) => assert_eq!(a, b, "the lazy and eager messages differ"),
        (Ok(Record::Lazy(_)), Ok(Record::Event(d))) => {
            let event = Event::lazy(line, Default::default(), 0);
            assert_eq!(event.value().to_json(), d.value.to_json());
        }
        (Ok(Record::Event(a)), Ok(Record::Event(b))) => {
            assert_eq!(a.value.to_json(), b.value.to_json());
        }
        (lazy, eager) => panic!("lazy {lazy:?} but eager {eager:?}"),
    }
}
