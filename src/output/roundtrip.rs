//! Property tests: values survive NDJSON -> CSV/TSV -> NDJSON and CSV -> logfmt -> CSV through
//! eddy's own writers and readers (the framing of the reader thread included).

use proptest::prelude::*;

use crate::event::Event;
use crate::input::{DecoderOptions, InputFormat, Item, read_items};
use crate::output::csv::tests::Shared;
use crate::output::csv::{CsvWriter, RunCount};
use crate::output::logfmt::LogfmtWriter;
use crate::output::{OutputStream, Sink};
use crate::value::{Map, Value, canonical_json};

/// Scalars as they come from NDJSON: no `\r` in strings (a CRLF inside a quoted cell is read
/// back as LF, like every line end).
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::Float),
        "[a-z0-9 ,\"'=\\\\\n\t;:.é€😀-]{0,12}".prop_map(Value::Str),
        prop_oneof![
            Just("".to_owned()),
            Just("123".to_owned()),
            Just("true".to_owned()),
            Just("1.5".to_owned()),
            Just("007".to_owned()),
            Just("NA".to_owned()),
            Just(" x ".to_owned()),
            Just("\"".to_owned()),
        ]
        .prop_map(Value::Str),
    ]
}

fn records(keys: &'static [&'static str]) -> impl Strategy<Value = Vec<Value>> {
    proptest::collection::vec(
        proptest::collection::vec(scalar(), keys.len()).prop_map(move |vals| {
            let mut m = Map::default();
            for (k, v) in keys.iter().zip(vals) {
                m.insert((*k).to_owned(), v);
            }
            Value::Object(m)
        }),
        1..8,
    )
}

fn write(sink: &mut dyn Sink, records: &[Value]) {
    for r in records {
        sink.write(&Event::created(r.clone())).unwrap();
    }
    sink.finish().unwrap();
}

fn read(bytes: &[u8], format: InputFormat) -> Vec<Value> {
    let (items, _, _) = read_items(bytes, Some(format), &DecoderOptions::default());
    items
        .into_iter()
        .map(|i| match i {
            Item::Event { event, .. } => event.into_value(),
            Item::Filtered { .. } | Item::Absorbed(_) | Item::Output { .. } => {
                unreachable!("no reader-side work here")
            }
            Item::Malformed(e, raw) => {
                panic!(
                    "{e}: {:?} in\n{}",
                    String::from_utf8_lossy(&raw),
                    String::from_utf8_lossy(bytes)
                )
            }
        })
        .collect()
}

fn to_csv(records: &[Value], delimiter: u8) -> Vec<u8> {
    let dest = Shared::default();
    let mut w = CsvWriter::new(
        OutputStream::new(Box::new(dest.clone()), false),
        delimiter,
        true,
        RunCount::default(),
    );
    write(&mut w, records);
    dest.0.borrow().clone()
}

fn same(a: &[Value], b: &[Value]) -> Result<(), TestCaseError> {
    let a: Vec<String> = a.iter().map(canonical_json).collect();
    let b: Vec<String> = b.iter().map(canonical_json).collect();
    prop_assert_eq!(a, b);
    Ok(())
}

/// Ints and floats keep their types: canonical JSON would merge `1` and `1.0`.
fn typed(v: &[Value]) -> Vec<String> {
    v.iter()
        .flat_map(|r| match r {
            Value::Object(m) => m.values().map(|x| format!("{x:?}")).collect::<Vec<_>>(),
            _ => vec![],
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ndjson_csv_ndjson(recs in records(&["id", "text", "a,b", "say \"x\""])) {
        let back = read(&to_csv(&recs, b','), InputFormat::Csv);
        same(&recs, &back)?;
        prop_assert_eq!(typed(&recs), typed(&back));
    }

    #[test]
    fn ndjson_tsv_ndjson(recs in records(&["id", "text"])) {
        let back = read(&to_csv(&recs, b'\t'), InputFormat::Tsv);
        same(&recs, &back)?;
    }

    #[test]
    fn csv_logfmt_csv(recs in records(&["id", "text", "n"])) {
        let csv = to_csv(&recs, b',');
        let from_csv = read(&csv, InputFormat::Csv);
        let dest = Shared::default();
        let mut w = LogfmtWriter::new(OutputStream::new(Box::new(dest.clone()), false));
        write(&mut w, &from_csv);
        let logfmt = dest.0.borrow().clone();
        let from_logfmt = read(&logfmt, InputFormat::Logfmt);
        same(&from_csv, &from_logfmt)?;
        prop_assert_eq!(typed(&from_csv), typed(&from_logfmt));
        prop_assert_eq!(to_csv(&from_logfmt, b','), csv);
    }
}
