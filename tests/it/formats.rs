//! Input and output formats through the binary, on generated data and on the real-world files
//! in `shared/realdata` (see its README for the quirks these tests rely on).

use eddy::json;
use eddy::value::{Value, canonical_json};

use crate::common::{eddy_assert, realdata};

fn file(rel: &str) -> String {
    realdata().join(rel).to_string_lossy().into_owned()
}

/// Runs eddy with `args`; returns (stdout, stderr, status).
fn eddy(args: &[&str], stdin: &[u8]) -> (String, String, i32) {
    let out = eddy_assert()
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The `--stats` object of a run (the last stderr line).
fn stats(stderr: &str) -> Value {
    let line = stderr.lines().last().unwrap_or_default();
    json::parse(line.as_bytes()).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

fn int(v: &Value, key: &str) -> i64 {
    match v {
        Value::Object(m) => match m.get(key) {
            Some(Value::Int(n)) => *n,
            other => panic!("{key}: {other:?}"),
        },
        _ => panic!("not an object"),
    }
}

fn dropped(s: &Value) -> i64 {
    match s {
        Value::Object(m) => match m.get("dropped") {
            Some(Value::Object(d)) => d
                .values()
                .map(|v| if let Value::Int(n) = v { *n } else { 0 })
                .sum(),
            _ => panic!("no dropped"),
        },
        _ => panic!(),
    }
}

fn events(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| json::parse(l.as_bytes()).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    match v {
        Value::Object(m) => m.get(key).unwrap_or(&Value::Null),
        _ => &Value::Null,
    }
}

#[test]
fn loghub_structured_csvs_have_one_row_per_raw_line() {
    for system in ["Apache", "HDFS", "OpenSSH", "Zookeeper"] {
        let raw =
            std::fs::read(realdata().join(format!("loghub/{system}/{system}_2k.log"))).unwrap();
        let raw_lines = raw.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count() as i64;
        assert_eq!(raw_lines, 2000);
        let csv = file(&format!("loghub/{system}/{system}_2k.log_structured.csv"));
        let (out, err, status) = eddy(&["--stats", "head", "1000000", &csv], b"");
        assert_eq!(status, 0, "{err}");
        let s = stats(&err);
        assert_eq!(int(&s, "events_read"), raw_lines, "{system}");
        assert_eq!(dropped(&s), 0, "{system}");
        let evs = events(&out);
        // LineId is typed and runs 1..=2000; Content has its embedded commas back.
        for (i, e) in evs.iter().enumerate() {
            assert!(matches!(field(e, "LineId"), Value::Int(n) if *n == i as i64 + 1));
            assert!(matches!(field(e, "Content"), Value::Str(_)));
        }
    }
}

#[test]
fn zookeeper_quoted_time_cells_keep_their_commas() {
    let csv = file("loghub/Zookeeper/Zookeeper_2k.log_structured.csv");
    let (out, _, _) = eddy(&["head", "1", &csv], b"");
    assert!(out.contains(r#""Time":"17:41:44,747""#), "{out}");
}

#[test]
fn apache_combined_log_reads_every_line() {
    let log = file("elastic-examples/apache_access_combined.log");
    let (out, err, status) = eddy(
        &["--from", "combined", "--stats", "head", "100000", &log],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    let s = stats(&err);
    assert_eq!(int(&s, "events_read"), 10_000);
    assert_eq!(dropped(&s), 0);
    let evs = events(&out);
    for e in &evs {
        let Value::Str(t) = field(e, "time") else {
            panic!("time")
        };
        assert!(t.parse::<jiff::Timestamp>().is_ok(), "{t}");
        assert!(matches!(field(e, "status"), Value::Int(_)));
        assert!(matches!(field(e, "bytes"), Value::Int(_) | Value::Null));
    }
    // Sniffed from the first line when --from is absent, and said so.
    let (_, err, _) = eddy(&["head", "1", &log], b"");
    assert!(
        err.contains("reading combined (guessed from the first line"),
        "{err}"
    );
}

#[test]
fn zeek_json_gz_files_have_their_documented_line_counts() {
    for (name, lines) in [
        ("dns", 53_615),
        ("ssl", 49_474),
        ("rdp", 4_122),
        ("smtp", 1_188),
        ("weird", 24_202),
        ("syslog", 2_378),
        ("notice", 207),
    ] {
        let f = file(&format!("zeek-wrccdc2018/{name}.json.gz"));
        let (_, err, status) = eddy(&["--stats", "head", "1000000", &f], b"");
        assert_eq!(status, 0, "{err}");
        let s = stats(&err);
        assert_eq!(int(&s, "events_read"), lines, "{name}");
        assert_eq!(dropped(&s), 0, "{name}");
    }
}

#[test]
fn zeek_tsv_gives_the_same_records_as_zeek_json() {
    let (tsv, err, status) = eddy(
        &[
            "--from",
            "zeek",
            "head",
            "1000000",
            &file("zeek-wrccdc2018/weird.zeek-tsv.log.gz"),
        ],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    let (json, _, _) = eddy(
        &["head", "1000000", &file("zeek-wrccdc2018/weird.json.gz")],
        b"",
    );
    let strip = |v: Value| match v {
        Value::Object(mut m) => {
            // Added by the JSON conversion, absent from the TSV log.
            m.shift_remove("_path");
            m.shift_remove("_write_ts");
            canonical_json(&Value::Object(m))
        }
        other => canonical_json(&other),
    };
    let a: Vec<String> = events(&tsv).into_iter().map(strip).collect();
    let b: Vec<String> = events(&json).into_iter().map(strip).collect();
    assert_eq!(a.len(), 24_202);
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "record {}", i + 1);
    }
}

#[test]
fn auth_log_syslog_times_are_windowable() {
    let log = file("elastic-examples/auth.log");
    let (out, err, status) = eddy(
        &[
            "--from", "syslog", "--year", "2018", "--stats", "head", "100000", &log,
        ],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    let s = stats(&err);
    assert_eq!(int(&s, "events_read"), 7_121);
    assert_eq!(dropped(&s), 0);
    let evs = events(&out);
    let first = field(&evs[0], "time");
    assert!(
        matches!(first, Value::Str(t) if t == "2018-03-27T13:06:56Z"),
        "{first:?}"
    );
    let mut last = jiff::Timestamp::MIN;
    for e in &evs {
        let Value::Str(t) = field(e, "time") else {
            panic!("time")
        };
        let ts: jiff::Timestamp = t.parse().unwrap();
        // The README says the file is in order.
        assert!(ts >= last, "{t}");
        last = ts;
        assert!(matches!(field(e, "host"), Value::Str(_)));
    }
    let last = field(evs.last().unwrap(), "time");
    assert!(
        matches!(last, Value::Str(t) if t.starts_with("2018-04-20")),
        "{last:?}"
    );
}

/// Every non-null value of a column has one JSON type (integers and floats count as numbers).
fn column_types(
    evs: &[Value],
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<&'static str>> {
    let mut types: std::collections::BTreeMap<String, std::collections::BTreeSet<&'static str>> =
        Default::default();
    for e in evs {
        let Value::Object(m) = e else { panic!() };
        for (k, v) in m {
            let t = match v {
                Value::Null => "null",
                Value::Int(_) | Value::Float(_) => "number",
                Value::Str(_) => "string",
                Value::Bool(_) => "bool",
                _ => "other",
            };
            types.entry(k.clone()).or_default().insert(t);
        }
    }
    types
}

#[test]
fn nycflights_and_vega_csvs_are_typed_with_na_as_null() {
    let (out, err, status) = eddy(
        &[
            "--null",
            "NA",
            "--stats",
            "head",
            "100000",
            &file("nycflights13/flights_2013_01.csv"),
        ],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    assert_eq!(int(&stats(&err), "events_read"), 27_004);
    let evs = events(&out);
    let types = column_types(&evs);
    for numeric in [
        "year",
        "dep_time",
        "dep_delay",
        "arr_delay",
        "air_time",
        "distance",
    ] {
        let t = &types[numeric];
        assert!(
            t.contains("number") && !t.contains("string"),
            "{numeric}: {t:?}"
        );
    }
    assert!(types["dep_time"].contains("null"));
    for text in ["carrier", "origin", "time_hour"] {
        assert_eq!(
            types[text].iter().copied().collect::<Vec<_>>(),
            ["string"],
            "{text}"
        );
    }
    let with_null = evs
        .iter()
        .filter(|e| matches!(e, Value::Object(m) if m.values().any(|v| matches!(v, Value::Null))))
        .count();
    assert_eq!(with_null, 606);
    assert!(!out.contains("\"NA\""));

    let (out, _, _) = eddy(
        &[
            "--null",
            "NA",
            "head",
            "100000",
            &file("nycflights13/weather.csv"),
        ],
        b"",
    );
    let evs = events(&out);
    assert_eq!(evs.len(), 26_115);
    let types = column_types(&evs);
    assert!(types["wind_gust"].contains("null") && types["wind_gust"].contains("number"));
    assert!(!types["temp"].contains("string"));

    for (name, rows, numeric) in [
        ("seattle-weather", 1461, "temp_max"),
        ("sf-temps", 8759, "temp"),
        ("stocks", 560, "price"),
    ] {
        let (out, err, _) = eddy(
            &[
                "head",
                "100000",
                &file(&format!("vega-datasets/{name}.csv")),
            ],
            b"",
        );
        let evs = events(&out);
        assert_eq!(evs.len(), rows, "{name}: {err}");
        let types = column_types(&evs);
        assert_eq!(
            types[numeric].iter().copied().collect::<Vec<_>>(),
            ["number"],
            "{name}"
        );
        assert_eq!(
            types["date"].iter().copied().collect::<Vec<_>>(),
            ["string"],
            "{name}"
        );
    }
}

#[test]
fn csv_round_trip_through_the_binary() {
    let ndjson = concat!(
        r#"{"id":1,"text":"comma, \"quote\"\nnewline","n":null,"e":"","u":"é😀","s":"12"}"#,
        "\n",
        r#"{"id":2,"text":"plain","n":1.5,"e":"x","u":"true","s":"007"}"#,
        "\n"
    );
    let (csv, err, status) = eddy(&["--to", "csv", "head", "10"], ndjson.as_bytes());
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        csv,
        "id,text,n,e,u,s\n1,\"comma, \"\"quote\"\"\nnewline\",,\"\",é😀,\"12\"\n2,plain,1.5,x,\"true\",007\n"
    );
    let (back, _, _) = eddy(&["--from", "csv", "head", "10"], csv.as_bytes());
    assert_eq!(back, ndjson);
    let (logfmt, _, _) = eddy(
        &["--from", "csv", "--to", "logfmt", "head", "10"],
        csv.as_bytes(),
    );
    let (csv2, _, _) = eddy(
        &["--from", "logfmt", "--to", "csv", "head", "10"],
        logfmt.as_bytes(),
    );
    assert_eq!(csv2, csv);
}

#[test]
fn gzip_and_zstd_on_stdin_are_detected_by_magic() {
    use std::io::Write;
    let data = b"a,b\n1,x\n2,y\n";
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    let gz = enc.finish().unwrap();
    let (out, _, _) = eddy(&["--from", "csv", "head", "5"], &gz);
    assert_eq!(out, "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\"}\n");
    let zst = zstd::stream::encode_all(&data[..], 1).unwrap();
    let (out2, _, _) = eddy(&["--from", "csv", "head", "5"], &zst);
    assert_eq!(out2, out);
}

#[test]
fn raw_output_of_unchanged_lines_keeps_invalid_utf8() {
    let out = eddy_assert()
        .args(["--from", "lines", "--to", "raw", "head", "2"])
        .write_stdin(&b"first \xff byte\r\nsecond\nthird\n"[..])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"first \xff byte\nsecond\n");
}

#[test]
fn real_csvs_come_back_byte_identical_through_csv_output() {
    for rel in [
        "loghub/Apache/Apache_2k.log_structured.csv",
        "loghub/HDFS/HDFS_2k.log_structured.csv",
        "loghub/OpenSSH/OpenSSH_2k.log_structured.csv",
        "loghub/Zookeeper/Zookeeper_2k.log_structured.csv",
        "vega-datasets/seattle-weather.csv",
        "nycflights13/flights_2013_01.csv",
    ] {
        let original = std::fs::read(realdata().join(rel)).unwrap();
        // eddy writes LF line ends and always a final newline.
        let mut expected: Vec<u8> = original.into_iter().filter(|b| *b != b'\r').collect();
        if expected.last() != Some(&b'\n') {
            expected.push(b'\n');
        }
        let out = eddy_assert()
            .args(["--to", "csv", "head", "1000000", &file(rel)])
            .output()
            .unwrap();
        assert!(out.stdout == expected, "{rel} differs");
    }
}

#[test]
fn syslog_year_comes_from_the_file_time_with_rollover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("messages");
    std::fs::write(
        &path,
        "Dec 31 23:59:59 h cron[1]: old\nJan  1 00:00:01 h cron[2]: new\n",
    )
    .unwrap();
    // Written early in January 2021: the December line belongs to 2020.
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_609_502_400);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let p = path.to_string_lossy().into_owned();
    let (out, err, _) = eddy(&["--from", "syslog", "head", "5", &p], b"");
    let evs = events(&out);
    assert_eq!(evs.len(), 2, "{err}");
    assert!(matches!(field(&evs[0], "time"), Value::Str(t) if t == "2020-12-31T23:59:59Z"));
    assert!(matches!(field(&evs[1], "time"), Value::Str(t) if t == "2021-01-01T00:00:01Z"));
    let (out, _, _) = eddy(
        &["--from", "syslog", "--year", "1999", "head", "1", &p],
        b"",
    );
    assert!(out.contains("\"1999-12-31T23:59:59Z\""), "{out}");
}

/// Writes `input` to a live eddy and returns the first `n` output lines, read while its stdin is
/// still open (the rows must not wait for end of input).
fn live_lines(args: &[&str], input: &[u8], n: usize) -> Vec<String> {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let mut child = crate::common::eddy()
        .args(args)
        .env("COLUMNS", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        for _ in 0..n {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            tx.send(line).unwrap();
        }
    });
    // Generous: the lines must arrive while stdin is still open, not at EOF.
    let lines = (0..n)
        .map(|_| {
            rx.recv_timeout(std::time::Duration::from_secs(20))
                .expect("no output while input open")
        })
        .collect();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    lines
}

/// The format guess on a pipe that pauses is made with the lines it sent (a banner and a JSON
/// line: NDJSON), and they are handed on without waiting for more.
#[test]
fn the_format_guess_does_not_wait_for_a_paused_pipe() {
    let lines = live_lines(&["head", "10"], b"Starting app\n{\"live\":1}\n", 1);
    assert_eq!(lines, ["{\"live\":1}\n"]);
}

#[test]
fn table_and_csv_rows_reach_a_live_reader() {
    let lines = live_lines(
        &["--to", "table", "head", "10"],
        b"{\"host\":\"a\",\"n\":1}\n",
        2,
    );
    assert_eq!(lines, ["host  n\n", "a     1\n"]);
    let lines = live_lines(
        &["--from", "csv", "--to", "csv", "head", "10"],
        b"x,y\n1,2\n",
        2,
    );
    assert_eq!(lines, ["x,y\n", "1,2\n"]);
}

#[test]
fn openssh_syslog_fields_match_loghub_ground_truth() {
    let raw = file("loghub/OpenSSH/OpenSSH_2k.log");
    let truth = file("loghub/OpenSSH/OpenSSH_2k.log_structured.csv");
    let (out, err, _) = eddy(
        &["--from", "syslog", "--year", "2017", "head", "100000", &raw],
        b"",
    );
    let parsed = events(&out);
    let (out, _, _) = eddy(&["--no-infer", "head", "100000", &truth], b"");
    let expected = events(&out);
    assert_eq!(parsed.len(), 2000, "{err}");
    assert_eq!(parsed.len(), expected.len());
    for (p, t) in parsed.iter().zip(&expected) {
        let s = |v: &Value| match v {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(s(field(p, "host")), s(field(t, "Component")));
        assert_eq!(s(field(p, "pid")), s(field(t, "Pid")));
        assert_eq!(
            s(field(p, "message")).trim_end(),
            s(field(t, "Content")).trim_end()
        );
        let time = s(field(p, "time"));
        assert!(
            time.ends_with(&format!("T{}Z", s(field(t, "Time")))),
            "{time}"
        );
    }
}

/// windows.md C2 on real, disordered data (Zeek DNS, 13,003 records behind the running max):
/// no two sessions of one key overlap or touch, key `"*"` included.
#[test]
fn zeek_dns_sessions_of_a_key_are_disjoint() {
    let f = file("zeek-wrccdc2018/dns.json.gz");
    let (out, err, status) = eddy(
        &[
            "window",
            "session",
            "--gap",
            "30s",
            "--time-field",
            "ts",
            "--by",
            "query",
            "--max-delay",
            "5s",
            "--out-time-format",
            "epoch_ns",
            "--agg",
            "count",
            &f,
        ],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    let mut sessions: Vec<(String, i64, i64)> = events(&out)
        .iter()
        .map(|v| {
            let key = match v {
                Value::Object(m) => canonical_json(m.get("query").unwrap_or(&Value::Null)),
                _ => panic!("not an object"),
            };
            (key, int(v, "window_start"), int(v, "window_end"))
        })
        .collect();
    assert!(
        sessions.iter().any(|s| s.0 == "\"*\""),
        "key \"*\" has sessions"
    );
    sessions.sort();
    for w in sessions.windows(2) {
        assert!(
            w[0].0 != w[1].0 || w[0].2 < w[1].1,
            "sessions {:?} and {:?} of one key overlap or touch",
            w[0],
            w[1]
        );
    }
}

/// The note on the format guessed and the data errors come out in input order, written by one
/// thread: the same stderr every time, whatever the threads' timing (the note was written by
/// the reader thread and could come before or after the main thread's first error).
#[test]
fn the_format_note_and_data_errors_come_out_in_one_order() {
    let input = b"{\"a\":1}\n{\"bbbbbbbbbbbbbbbbbbbb\":2}\n";
    let want = "eddy: <stdin>:1: record longer than --max-record-size (1 bytes)\n\
                eddy: <stdin>: reading NDJSON (1 of 2 sampled lines were not JSON; use --from \
                to choose)\n\
                eddy: <stdin>:2: record longer than --max-record-size (1 bytes)\n\
                eddy: skipped 2 lines: 2 too long (<stdin>:1, <stdin>:2)\n";
    for _ in 0..20 {
        let (out, err, status) = eddy(&["--max-record-size", "1", "filter", "true"], input);
        assert_eq!((out.as_str(), err.as_str(), status), ("", want, 0));
    }
    // A guess made before any error: the note comes first.
    let (_, err, _) = eddy(&["--max-record-size", "3", "filter", "true"], b"hello\n");
    assert!(
        err.starts_with("eddy: <stdin>: input format not recognised"),
        "{err}"
    );
}
