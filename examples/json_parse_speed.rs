//! Throughput of eddy's JSON parser against the serde_json visitor it replaced.
//!
//! `python3 /work/shared/bench/gen_events.py 20000 42 /tmp/ev.ndjson`
//! `cargo run --release --example json_parse_speed -- /tmp/ev.ndjson`
//!
//! Parses every line into a `Value` with each parser, in alternating rounds (so machine load
//! hits both alike), and prints the best and median MB/s of each.

use std::hint::black_box;
use std::time::Instant;

#[path = "../tests/it/serde_value.rs"]
mod serde_value;

use serde_value::SerdeValue;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/ev.ndjson".to_owned());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    // Optional third argument: run only the parsers whose name contains it (for profiling).
    let only = std::env::args().nth(3).unwrap_or_default();
    let data = std::fs::read(&path)?;
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();

    type Parse = fn(&[u8]) -> bool;
    let parsers: [(&str, Parse); 3] = [
        ("eddy::json::parse", |l| eddy::json::parse(l).is_ok()),
        ("serde_json -> Value (old)", |l| {
            serde_json::from_slice::<SerdeValue>(l).is_ok()
        }),
        ("serde_json::Value", |l| {
            serde_json::from_slice::<serde_json::Value>(l).is_ok()
        }),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); parsers.len()];
    for _ in 0..rounds {
        for (i, (name, parse)) in parsers.iter().enumerate() {
            if !name.contains(&only) {
                continue;
            }
            let start = Instant::now();
            let mut ok = 0usize;
            for line in &lines {
                ok += usize::from(parse(black_box(line)));
            }
            black_box(ok);
            assert_eq!(ok, lines.len(), "every line parses");
            times[i].push(start.elapsed().as_secs_f64());
        }
    }
    println!(
        "{} lines, {:.1} MB, {rounds} rounds",
        lines.len(),
        bytes as f64 / 1e6
    );
    for ((name, _), t) in parsers.iter().zip(&mut times) {
        if t.is_empty() {
            continue;
        }
        t.sort_by(f64::total_cmp);
        let mbs = |s: f64| bytes as f64 / s / 1e6;
        println!(
            "{name:28} best {:7.1} MB/s  median {:7.1} MB/s",
            mbs(t[0]),
            mbs(t[t.len() / 2])
        );
    }
    Ok(())
}
