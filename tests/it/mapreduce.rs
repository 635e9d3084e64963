//! The Hadoop Streaming contract without Hadoop (README, "Running on Spark or Hadoop"): mappers
//! on splits of the input write `KEY<TAB>PARTIAL` lines, `LC_ALL=C sort -t$'\t' -k1,1` is the
//! shuffle, a combiner (`window merge --output partial --sorted`) may run on each mapper's
//! sorted output, and reducers (`window merge --sorted`) each see a range of keys. Concatenated
//! in key order, the reducers' outputs are the bytes of one eddy process: on the Zeek DNS log
//! and on a generated stream, for every mergeable window kind and `count`. The Spark job itself
//! runs on a real cluster in `examples/spark/e2e.py` (scripts/ci-extra.sh).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{eddy, realdata, run_in};

/// Runs eddy with `args` on `input`; its stdout, which must succeed.
fn run(dir: &Path, args: &[&str], input: &[u8]) -> Vec<u8> {
    let out = run_in(dir, args, input);
    assert!(
        out.status.success(),
        "eddy {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `LC_ALL=C sort -t$'\t' -k1,1`, the shuffle of the README's Hadoop Streaming recipe.
fn shuffle_sort(lines: &[u8]) -> Vec<u8> {
    let mut child = Command::new("sort")
        .args(["-t", "\t", "-k1,1"])
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sort(1)");
    let mut stdin = child.stdin.take().unwrap();
    let data = lines.to_vec();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &data));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    out.stdout
}

/// Splits sorted `KEY<TAB>...` lines into `n` ranges of keys, never cutting a key.
fn key_ranges(sorted: &[u8], n: usize) -> Vec<Vec<u8>> {
    let lines: Vec<&[u8]> = sorted.split_inclusive(|&b| b == b'\n').collect();
    let key = |l: &[u8]| l.split(|&b| b == b'\t').next().unwrap().to_vec();
    let mut keys: Vec<Vec<u8>> = lines.iter().map(|l| key(l)).collect();
    keys.dedup();
    let bounds: Vec<&Vec<u8>> = (1..n).map(|i| &keys[keys.len() * i / n]).collect();
    let mut ranges = vec![Vec::new(); n];
    for l in lines {
        let k = key(l);
        let r = bounds.iter().take_while(|b| k >= ***b).count();
        ranges[r].extend_from_slice(l);
    }
    ranges
}

/// Splits input lines into `n` contiguous parts, as Hadoop splits a file.
fn splits(input: &[u8], n: usize) -> Vec<Vec<u8>> {
    let lines: Vec<&[u8]> = input.split_inclusive(|&b| b == b'\n').collect();
    lines
        .chunks(lines.len().div_ceil(n))
        .map(|c| c.concat())
        .collect()
}

/// One stage `stage` through the contract: 4 mappers (with or without a combiner each), the
/// sort, 3 reducers on key ranges; checked equal to one process. Returns the record count.
fn check_contract(dir: &Path, input: &[u8], stage: &str, combiner: bool) -> usize {
    let args: Vec<&str> = stage.split_whitespace().collect();
    let single = run(dir, &args, input);
    let mut mapper = args.clone();
    mapper.extend(["--output", "partial", "--partial-format", "tsv"]);
    let combine = [
        "window",
        "merge",
        "--partial-format",
        "tsv",
        "--sorted",
        "--output",
        "partial",
    ];
    let mut mapped = Vec::new();
    for split in splits(input, 4) {
        let partials = run(dir, &mapper, &split);
        mapped.extend(if combiner {
            run(dir, &combine, &shuffle_sort(&partials))
        } else {
            partials
        });
    }
    let sorted = shuffle_sort(&mapped);
    let reduce = ["window", "merge", "--partial-format", "tsv", "--sorted"];
    let one_reducer = run(dir, &reduce, &sorted);
    let mut three: Vec<u8> = Vec::new();
    for range in key_ranges(&sorted, 3) {
        three.extend(run(dir, &reduce, &range));
    }
    // Without `--sorted`, a reducer reads the mappers' lines in any order.
    let unsorted = run(dir, &reduce[..4], &mapped);
    let lines = |b: &[u8]| {
        let mut l: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
        l.sort();
        l
    };
    if stage.contains("session") {
        // Reducers write sessions key by key, a single pass by time: the same records.
        assert_eq!(lines(&one_reducer), lines(&single), "{stage}: one reducer");
        assert_eq!(lines(&three), lines(&single), "{stage}: three reducers");
    } else {
        assert!(one_reducer == single, "{stage}: one reducer differs");
        assert!(three == single, "{stage}: three key-range reducers differ");
        assert!(unsorted == single, "{stage}: an unsorted reducer differs");
    }
    single.iter().filter(|&&b| b == b'\n').count()
}

/// The Zeek DNS log (53,615 records, disordered by up to 13 s), decompressed.
fn zeek_dns() -> Vec<u8> {
    let path = realdata().join("zeek-wrccdc2018/dns.json.gz");
    let out = Command::new("gzip").arg("-dc").arg(&path).output().unwrap();
    assert!(out.status.success(), "gzip -dc {}", path.display());
    out.stdout
}

const DNS_AGGS: &str = "--agg count --agg sum:rtt --agg mean:rtt --agg min:rtt --agg max:rtt \
    --agg p95:rtt --agg approx_p99:rtt --agg distinct:qtype_name --agg approx_distinct:query \
    --agg stddev:rtt";

#[test]
fn hadoop_contract_on_zeek_dns() {
    let dir = tempfile::tempdir().unwrap();
    let input = zeek_dns();
    let stages = [
        format!("window tumbling --size 1m --time-field ts --by qtype_name {DNS_AGGS} --max-delay inf"),
        format!("window hopping --size 5m --slide 1m --time-field ts --by rcode_name,qtype {DNS_AGGS} --max-delay inf"),
        format!("window cumulate --size 10m --step 2m --time-field ts --by proto {DNS_AGGS} --max-delay inf"),
        format!("window global --by qtype_name,rcode {DNS_AGGS}"),
        "window session --gap 30s --time-field ts --by query --agg count --agg max:rtt --max-delay inf".into(),
        "count --by qtype_name,rcode_name".into(),
        "count".into(),
    ];
    for (i, stage) in stages.iter().enumerate() {
        let records = check_contract(dir.path(), &input, stage, i % 2 == 1);
        assert!(records > 0, "{stage}: no output");
        println!("same bytes: {records} records: eddy {stage}");
    }
}

#[test]
fn hadoop_contract_on_a_generated_stream() {
    let generator = realdata().join("../bench/gen_events.py");
    let out = Command::new("python3")
        .arg(&generator)
        .args(["40000", "7", "/dev/stdout"])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let aggs = "--agg count --agg sum:bytes --agg mean:latency_ms --agg min:latency_ms \
        --agg max:latency_ms --agg p99:latency_ms --agg approx_p95:latency_ms \
        --agg distinct:status --agg approx_distinct:path";
    for (stage, combiner) in [
        (format!("window tumbling --size 1m --time-field ts --by host,geo.country {aggs} --max-delay inf"), true),
        (format!("window hopping --size 1m --slide 20s --time-field ts --by method {aggs} --max-delay inf"), false),
        ("window session --gap 1s --time-field ts --by host --agg count --agg mean:latency_ms --max-delay inf".into(), true),
        ("count --by status,method".into(), false),
    ] {
        let records = check_contract(dir.path(), &out.stdout, &stage, combiner);
        assert!(records > 0, "{stage}: no output");
        println!("same bytes: {records} records: eddy {stage}");
    }
}

/// A reducer given unsorted input with `--sorted` fails (exit 3) and says how to sort.
#[test]
fn sorted_merge_refuses_unsorted_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = b"{\"ts\":0,\"k\":\"b\"}\n{\"ts\":0,\"k\":\"a\"}\n";
    let partials = run(
        dir.path(),
        &[
            "window",
            "tumbling",
            "--size",
            "1s",
            "--time-field",
            "ts",
            "--by",
            "k",
            "--output",
            "partial",
            "--partial-format",
            "tsv",
            "--max-delay",
            "inf",
        ],
        input,
    );
    let mut lines: Vec<&[u8]> = partials.split_inclusive(|&b| b == b'\n').collect();
    lines.reverse();
    let out = eddy()
        .args(["window", "merge", "--partial-format", "tsv", "--sorted"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            std::io::Write::write_all(c.stdin.as_mut().unwrap(), &lines.concat())?;
            drop(c.stdin.take());
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not sorted by key") && err.contains("LC_ALL=C sort"),
        "{err}"
    );
}

/// Keys that are times or durations (computed by `--by`) sort as the single pass does: as
/// instants and spans, not as their JSON text (where `…00.5Z` comes before `…00Z`).
#[test]
fn time_and_duration_keys_sort_as_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..24 {
        let frac = if i % 5 == 0 { ".5" } else { "" };
        let sec = (i * 7) % 12;
        input.push_str(&format!(
            "{{\"t\":\"2024-03-01T00:00:{sec:02}{frac}Z\",\"s\":\"2024-03-01T00:00:0{}Z\"}}\n",
            i % 4
        ));
    }
    let single = run(
        dir.path(),
        &["count", "--by", "tt=time(t)"],
        input.as_bytes(),
    );
    assert!(
        String::from_utf8_lossy(&single).starts_with("{\"tt\":\"2024-03-01T00:00:00Z\""),
        "{}",
        String::from_utf8_lossy(&single)
    );
    for stage in [
        "count --by tt=time(t)",
        "count --by d=time(t)-time(s)",
        "count --by d=time(t)-time(s),tt=time(t)",
        "window tumbling --size 5s --time-field t --by tt=time(t) --agg count --max-delay inf",
    ] {
        let records = check_contract(dir.path(), input.as_bytes(), stage, true);
        assert!(records > 1, "{stage}: {records} records");
    }
}

/// Equal keys spelled differently (`1` and `1.0`, also inside arrays and objects; an object's
/// fields in another order) are shown in one spelling, whichever partition saw which: the
/// single pass and the reducers write the same bytes.
#[test]
fn nested_key_spellings_do_not_depend_on_partitions() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        "{\"x\":[1]}\n",
        "{\"x\":{\"b\":[1.0],\"a\":1.0}}\n",
        "{\"x\":{\"a\":-0.0}}\n",
        "{\"x\":[1.0]}\n",
        "{\"x\":{\"a\":1,\"b\":[1]}}\n",
        "{\"x\":[2.0,{\"c\":1.0,\"d\":2}]}\n",
        "{\"x\":{\"a\":0.0}}\n",
        "{\"x\":\"s\"}\n",
        "{\"x\":[2,{\"d\":2.0,\"c\":1}]}\n",
    );
    let single = run(dir.path(), &["count", "--by", "x"], input.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&single),
        concat!(
            "{\"x\":\"s\",\"count\":1}\n",
            "{\"x\":[1],\"count\":2}\n",
            "{\"x\":[2,{\"c\":1,\"d\":2}],\"count\":2}\n",
            "{\"x\":{\"a\":0.0},\"count\":2}\n",
            "{\"x\":{\"a\":1,\"b\":[1]},\"count\":2}\n",
        )
    );
    check_contract(dir.path(), input.as_bytes(), "count --by x", false);
    check_contract(dir.path(), input.as_bytes(), "count --by x", true);
}

/// Partial counts whose sum passes `i64::MAX` are a data error of the reducer (exit 3), not a
/// negative count.
#[test]
fn merged_count_overflow_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let partial = run(
        dir.path(),
        &["count", "--output", "partial", "--partial-format", "tsv"],
        b"{}\n",
    );
    let partial = String::from_utf8(partial).unwrap();
    assert!(partial.contains("\"n\":1}"), "{partial}");
    let big = partial.replace("\"n\":1}", "\"n\":9223372036854775000}");
    for sorted in [true, false] {
        let mut args = vec!["window", "merge", "--partial-format", "tsv"];
        if sorted {
            args.push("--sorted");
        }
        let out = run_in(dir.path(), &args, big.repeat(2).as_bytes());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert!(err.contains("overflow"), "{err}");
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let one = run(dir.path(), &args, big.as_bytes());
        assert_eq!(
            String::from_utf8(one).unwrap(),
            "{\"count\":9223372036854775000}\n"
        );
    }
}
