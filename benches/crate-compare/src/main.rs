//! eddy's hand-written parts against the crates that do the same job: the measurements behind
//! docs/decisions.md. Not part of eddy's build; run one part at a time:
//!
//! ```text
//! cargo run --release --manifest-path benches/crate-compare/Cargo.toml -- durations
//! cargo run --release --manifest-path benches/crate-compare/Cargo.toml -- ddsketch
//! cargo run --release --manifest-path benches/crate-compare/Cargo.toml -- csv /tmp/events.csv
//! cargo run --release --manifest-path benches/crate-compare/Cargo.toml -- csv-writer
//! ```
//!
//! Times are the best of five runs in CPU time of the measuring thread (the machine is shared).

use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

use eddy::input::csv::{CsvDecoder, CsvOptions};
use eddy::input::{Decoder, Record};
use eddy::ops::window::aggregates::AggSpec;
use eddy::ops::window::ddsketch::DdSketch;
use eddy::value::{Map, Value};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("durations") => durations(),
        Some("ddsketch") => ddsketch(),
        Some("csv") => csv(args.get(1).map_or("/tmp/events.csv", String::as_str)),
        Some("csv-writer") => csv_writer(),
        _ => eprintln!("usage: crate-compare durations | ddsketch | csv [FILE] | csv-writer"),
    }
}

/// The best of five runs of `f`, in CPU time of this thread (the machine is shared: wall time
/// would count the time other processes had the core).
fn best<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..5)
        .map(|_| {
            let start = thread_cpu_time();
            black_box(f());
            thread_cpu_time() - start
        })
        .min()
        .expect("five runs")
}

fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// What eddy and jiff make of the duration texts users type.
fn durations() {
    let texts = [
        "1m",
        "500ms",
        "1h30m",
        "1.5s",
        "-8h",
        "1d",
        "1w",
        "90s",
        "250us",
        "1µs",
        "1h 30m",
        "1 hour",
        "5 minutes",
        "PT1H30M",
        "1mo",
        "1y",
        "8h ago",
        "1M",
        "1H",
        "5",
        "5x",
        "",
        "1m30",
        "1s1s",
        "1m1h",
        "0.5m",
        "1.5h30m",
    ];
    println!("text\teddy\tjiff SignedDuration\tjiff Span (days of 24 h)");
    for t in texts {
        let eddy = match eddy::time::parse_duration(t) {
            Ok(ns) => eddy::time::format_duration(ns),
            Err(e) => format!("error: {e}"),
        };
        let signed = match jiff::SignedDuration::from_str(t) {
            Ok(d) => format!("{d:#}"),
            Err(e) => format!("error: {e}"),
        };
        let span = match jiff::Span::from_str(t)
            .and_then(|s| s.to_duration(jiff::SpanRelativeTo::days_are_24_hours()))
        {
            Ok(d) => format!("{d:#}"),
            Err(e) => format!("error: {e}"),
        };
        println!("{t:?}\t{eddy}\t{signed}\t{span}");
    }
}

/// A xorshift generator: the same values on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-300), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

fn distribution(name: &str, n: usize) -> Vec<f64> {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|_| match name {
            "uniform 1..1000" => 1.0 + 999.0 * r.next(),
            "lognormal (latency ms)" => (3.0 + 1.0 * r.normal()).exp(),
            "exponential" => -r.next().max(1e-300).ln() * 100.0,
            "pareto a=1.2" => 1.0 / r.next().max(1e-300).powf(1.0 / 1.2),
            "normal ±" => 50.0 * r.normal(),
            "1e-6..1e9 log-uniform" => 10f64.powf(-6.0 + 15.0 * r.next()),
            _ => unreachable!(),
        })
        .collect()
}

/// Accuracy, insert and merge speed, and partial size: eddy's DDSketch against
/// `sketches-ddsketch` (both α = 1 %).
fn ddsketch() {
    const N: usize = 1_000_000;
    let qs = [0.5, 0.9, 0.99, 0.999];
    let config = sketches_ddsketch::Config::defaults();
    println!("distribution\tq\texact\teddy (rel. err)\tcrate (rel. err)");
    for name in [
        "uniform 1..1000",
        "lognormal (latency ms)",
        "exponential",
        "pareto a=1.2",
        "normal ±",
        "1e-6..1e9 log-uniform",
    ] {
        let xs = distribution(name, N);
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let mut ours = DdSketch::default();
        let mut theirs = sketches_ddsketch::DDSketch::new(config);
        for &x in &xs {
            ours.add(x);
            theirs.add(x);
        }
        for q in qs {
            // Both sketches take the value of rank floor(q (n - 1)).
            let exact = sorted[(q * (N - 1) as f64).floor() as usize];
            let a = ours.quantile(q).unwrap();
            let b = theirs.quantile(q).unwrap().unwrap();
            let rel = |v: f64| ((v - exact) / exact).abs() * 100.0;
            println!(
                "{name}\t{q}\t{exact:.4}\t{a:.4} ({:.3} %)\t{b:.4} ({:.3} %)",
                rel(a),
                rel(b)
            );
        }
        let ours_insert = best(|| {
            let mut s = DdSketch::default();
            xs.iter().for_each(|&x| s.add(x));
            s
        });
        let theirs_insert = best(|| {
            let mut s = sketches_ddsketch::DDSketch::new(config);
            xs.iter().for_each(|&x| s.add(x));
            s
        });
        println!(
            "{name}\tinsert 1M\teddy {:.1} ms ({:.1} ns/value)\tcrate {:.1} ms ({:.1} ns/value)",
            ms(ours_insert),
            ns_per(ours_insert, N),
            ms(theirs_insert),
            ns_per(theirs_insert, N)
        );
        // Merge: 100 partial sketches of 10 000 values each into one.
        let ours_parts: Vec<DdSketch> = xs
            .chunks(N / 100)
            .map(|c| {
                let mut s = DdSketch::default();
                c.iter().for_each(|&x| s.add(x));
                s
            })
            .collect();
        let theirs_parts: Vec<sketches_ddsketch::DDSketch> = xs
            .chunks(N / 100)
            .map(|c| {
                let mut s = sketches_ddsketch::DDSketch::new(config);
                c.iter().for_each(|&x| s.add(x));
                s
            })
            .collect();
        let ours_merge = best(|| {
            let mut s = DdSketch::default();
            ours_parts.iter().for_each(|p| s.merge(p));
            s
        });
        let theirs_merge = best(|| {
            let mut s = sketches_ddsketch::DDSketch::new(config);
            theirs_parts.iter().for_each(|p| s.merge(p).unwrap());
            s
        });
        println!(
            "{name}\tmerge 100 x 10k\teddy {:.1} us\tcrate {:.1} us",
            ours_merge.as_secs_f64() * 1e6,
            theirs_merge.as_secs_f64() * 1e6
        );
        // The partial state of one of those sketches: eddy's `--partial` object, and the crate's
        // two formats (serde JSON of the struct; the DDSketch protobuf bytes, as base64 would be).
        let spec = AggSpec::parse("approx_p99:x").unwrap();
        let mut acc = spec.new_acc();
        for &x in &xs[..N / 100] {
            acc.update(&spec, Some(&Value::Float(x)), 0, 0);
        }
        let eddy_partial = acc.to_partial(&spec).to_json().len();
        let serde = serde_json::to_string(&theirs_parts[0]).unwrap().len();
        let proto = theirs_parts[0].to_java_bytes().len().div_ceil(3) * 4;
        println!(
            "{name}\tpartial of 10k values\teddy {eddy_partial} B (JSON pairs)\tcrate {serde} B (serde JSON), {proto} B (protobuf as base64)"
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ns_per(d: Duration, n: usize) -> f64 {
    d.as_secs_f64() * 1e9 / n as f64
}

/// Reading a CSV file into events: eddy's reader against the `csv` crate.
fn csv(path: &str) {
    let data = std::fs::read(path).expect("the CSV file");
    let options = CsvOptions {
        delimiter: b',',
        no_header: false,
        infer: true,
        nulls: Vec::new(),
        allow_ragged: false,
    };
    let rows = memchr_count(&data);
    println!("{path}: {} MB, {rows} lines", data.len() / 1_000_000);
    // eddy: lines (this file has no quoted newlines), each decoded into a typed event.
    let eddy = best(|| {
        let mut decoder = CsvDecoder::new(options.clone());
        let mut fields = 0usize;
        for line in lines(&data) {
            if let Ok(Record::Event(d)) = decoder.decode(line) {
                if let Value::Object(m) = &d.value {
                    fields += m.len();
                }
            }
        }
        fields
    });
    // The csv crate, the same events: header names, empty cell null, other cells typed. It cannot
    // say whether a cell was quoted, so `"123"` would become a number here.
    let crate_events = best(|| {
        let mut reader = csv::ReaderBuilder::new().from_reader(&data[..]);
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let mut record = csv::StringRecord::new();
        let mut fields = 0usize;
        while reader.read_record(&mut record).unwrap() {
            let mut m = Map::default();
            for (name, cell) in header.iter().zip(record.iter()) {
                let v = if cell.is_empty() {
                    Value::Null
                } else {
                    eddy::infer::infer_scalar(cell).unwrap_or_else(|| Value::Str(cell.to_owned()))
                };
                m.insert(name.clone(), v);
            }
            fields += m.len();
        }
        fields
    });
    // The csv crate splitting cells only (no events): its floor.
    let crate_split = best(|| {
        let mut reader = csv::ReaderBuilder::new().from_reader(&data[..]);
        let mut record = csv::ByteRecord::new();
        let mut fields = 0usize;
        while reader.read_byte_record(&mut record).unwrap() {
            fields += record.len();
        }
        fields
    });
    // eddy splitting cells only (quotes removed, each cell copied).
    let eddy_split = best(|| {
        let mut fields = 0usize;
        for line in lines(&data) {
            let text = std::str::from_utf8(line).unwrap();
            fields += eddy::input::csv::split_record(text, b',').unwrap().len();
        }
        fields
    });
    let mbs = |d: Duration| data.len() as f64 / 1e6 / d.as_secs_f64();
    println!(
        "events: eddy {:.0} ms ({:.0} MB/s)\tcsv crate + same typing {:.0} ms ({:.0} MB/s)",
        ms(eddy),
        mbs(eddy),
        ms(crate_events),
        mbs(crate_events)
    );
    println!(
        "cells only: eddy split_record {:.0} ms ({:.0} MB/s)\tcsv crate ByteRecord {:.0} ms ({:.0} MB/s)",
        ms(eddy_split),
        mbs(eddy_split),
        ms(crate_split),
        mbs(crate_split)
    );
}

fn memchr_count(data: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', data).count()
}

/// The non-empty lines of `data`, found with `memchr` as eddy's framing finds them (this file
/// has no quoted line breaks).
fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', data)
        .map(move |end| {
            let line = &data[start..end];
            start = end + 1;
            line
        })
        .filter(|l| !l.is_empty())
}

/// Which values survive a round trip through the `csv` crate's writer (each quote style) and
/// eddy's CSV reader; eddy's own writer is checked by its golden cases and `tests/it/formats.rs`.
fn csv_writer() {
    let values = [
        Value::Str("123".into()),
        Value::Str("1.5".into()),
        Value::Str("true".into()),
        Value::Str(String::new()),
        Value::Null,
        Value::Int(123),
        Value::Str("a,b".into()),
    ];
    for (name, style) in [
        ("Necessary", csv::QuoteStyle::Necessary),
        ("NonNumeric", csv::QuoteStyle::NonNumeric),
        ("Always", csv::QuoteStyle::Always),
    ] {
        let mut w = csv::WriterBuilder::new()
            .quote_style(style)
            .from_writer(Vec::new());
        w.write_record(["k", "v"]).unwrap();
        for v in &values {
            let text = match v {
                Value::Str(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_json(),
            };
            w.write_record(["1".to_owned(), text]).unwrap();
        }
        let out = w.into_inner().unwrap();
        let mut decoder = CsvDecoder::new(CsvOptions {
            delimiter: b',',
            no_header: false,
            infer: true,
            nulls: Vec::new(),
            allow_ragged: false,
        });
        decoder.decode(b"k,v").expect("the header");
        let mut lost = Vec::new();
        let lines = out.split(|&b| b == b'\n').filter(|l| !l.is_empty());
        for (line, v) in lines.skip(1).zip(&values) {
            let back = match decoder.decode(line) {
                Ok(Record::Event(d)) => d.value.to_json(),
                _ => "error".into(),
            };
            let want = format!("{{\"k\":1,\"v\":{}}}", v.to_json());
            if back != want {
                lost.push(format!(
                    "{} -> {}",
                    v.to_json(),
                    String::from_utf8_lossy(line)
                ));
            }
        }
        println!(
            "csv crate, QuoteStyle::{name}: {} of {} values change type: {}",
            lost.len(),
            values.len(),
            lost.join("; ")
        );
    }
}
