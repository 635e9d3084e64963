//! Micro-benchmarks of the NDJSON hot path: the lazy scanner against the full parse.
//!
//! Input: `benches/data/events.ndjson`, 400 lines from `gen_events.py 400 42` (about 310 bytes a
//! line). Every benchmark processes all lines per iteration; throughput is in input bytes, so
//! criterion prints MB/s (MiB/s). Run with `cargo bench --bench scan`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eddy::json;
use eddy::scan::{KeySet, Scanner, raw_to_f64, raw_to_str, raw_to_value, validate};
use eddy::value::Value;

const DATA: &[u8] = include_bytes!("data/events.ndjson");

fn lines() -> Vec<&'static [u8]> {
    DATA.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

fn benches(c: &mut Criterion) {
    let lines = lines();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut group = c.benchmark_group("ndjson");
    group.throughput(Throughput::Bytes(bytes as u64));

    // The baseline: a full `Value` per line (what the decoder does today).
    group.bench_function("parse_json (full Value)", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                if let Ok(Value::Object(map)) = json::parse(line) {
                    n += map.len();
                }
            }
            black_box(n)
        })
    });

    // serde_json's validation alone, for reference.
    group.bench_function("serde_json IgnoredAny (validation only)", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                n += serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok() as usize;
            }
            black_box(n)
        })
    });

    group.bench_function("scan: validate only", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                n += validate(line).is_ok() as usize;
            }
            black_box(n)
        })
    });

    // `filter 'status >= 500'`: one key, compared as a number.
    let mut status = Scanner::new(KeySet::new(&["status"]));
    group.bench_function("scan: status >= 500", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                if status.scan(line).is_ok()
                    && status
                        .get(line, 0)
                        .and_then(raw_to_f64)
                        .is_some_and(|s| s >= 500.0)
                {
                    n += 1;
                }
            }
            black_box(n)
        })
    });

    // `filter 'status >= 500 and path starts_with "/api"'`: two keys.
    let mut two = Scanner::new(KeySet::new(&["status", "path"]));
    let mut scratch = Vec::new();
    group.bench_function("scan: status >= 500 && path starts_with /api", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                if two.scan(line).is_err() {
                    continue;
                }
                let hot = two
                    .get(line, 0)
                    .and_then(raw_to_f64)
                    .is_some_and(|s| s >= 500.0);
                if hot
                    && two
                        .get(line, 1)
                        .and_then(|raw| raw_to_str(raw, &mut scratch))
                        .is_some_and(|p| p.starts_with("/api"))
                {
                    n += 1;
                }
            }
            black_box(n)
        })
    });

    // Group-by shape: three keys turned into values.
    let mut three = Scanner::new(KeySet::new(&["host", "latency_ms", "status"]));
    group.bench_function("scan: host, latency_ms, status to Value", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                if three.scan(line).is_ok() {
                    for i in 0..3 {
                        if let Some(raw) = three.get(line, i) {
                            n += matches!(raw_to_value(raw), Value::Str(_)) as usize;
                        }
                    }
                }
            }
            black_box(n)
        })
    });

    // The same three fields through the full parse.
    group.bench_function("parse_json: host, latency_ms, status", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                if let Ok(Value::Object(map)) = json::parse(line) {
                    for key in ["host", "latency_ms", "status"] {
                        n += matches!(map.get(key), Some(Value::Str(_))) as usize;
                    }
                }
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(scan, benches);
criterion_main!(scan);
