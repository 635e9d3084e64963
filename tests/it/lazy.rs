//! Lazy NDJSON decoding (the default) against the full parse (`EDDY_EAGER=1`) on adversarial
//! lines: every command must give the same stdout, stderr and status both ways.

use crate::common::eddy_assert;

/// Lines designed to trip a field reader that does not follow the full parse exactly.
const ADVERSARIAL: &str = concat!(
    // keys inside strings, nested keys of the same name
    "{\"msg\":\"\\\"status\\\":999, \\\"host\\\":\\\"x\\\"\",\"status\":200,\"host\":\"a\",\"ts\":\"2024-01-01T00:00:05Z\",\"latency_ms\":1}\n",
    "{\"inner\":{\"status\":599,\"host\":\"zz\"},\"status\":503,\"host\":\"a\",\"ts\":\"2024-01-01T00:00:10Z\",\"latency_ms\":2.5}\n",
    // escaped keys
    "{\"stat\\u0075s\":504,\"h\\u006fst\":\"b\",\"ts\":\"2024-01-01T00:00:20Z\",\"latency_\\u006ds\":3}\n",
    // duplicate keys: the last wins
    "{\"status\":100,\"host\":\"c\",\"status\":500,\"host\":\"b\",\"ts\":\"2024-01-01T00:01:00Z\",\"latency_ms\":1,\"latency_ms\":7}\n",
    // whitespace everywhere
    " \t{ \"status\" :\t501 ,\r\"host\" : \"c\" , \"ts\" : \"2024-01-01T00:01:30Z\" , \"latency_ms\" : 4 } \t\n",
    // numbers in every form
    "{\"status\":5e2,\"host\":\"d\",\"ts\":\"2024-01-01T00:02:00Z\",\"latency_ms\":1e400}\n",
    "{\"status\":-0,\"host\":\"d\",\"ts\":\"2024-01-01T00:02:01Z\",\"latency_ms\":-0}\n",
    "{\"status\":500.0,\"host\":\"d\",\"ts\":\"2024-01-01T00:02:02Z\",\"latency_ms\":1E+2}\n",
    "{\"status\":9223372036854775808,\"host\":\"e\",\"ts\":\"2024-01-01T00:02:03Z\",\"latency_ms\":-1.5e-3}\n",
    "{\"status\":-9223372036854775808,\"host\":\"e\",\"ts\":\"2024-01-01T00:02:04Z\",\"latency_ms\":0.1}\n",
    "{\"status\":12345678901234567890123,\"host\":\"e\",\"ts\":\"2024-01-01T00:02:05Z\",\"latency_ms\":0e400}\n",
    // missing and null fields, a non-object line, dotted (Zeek-style) keys, a malformed line
    "{\"host\":null,\"ts\":\"2024-01-01T00:02:06Z\"}\n",
    "[1,2]\n",
    "{\"id.orig_h\":\"10.0.0.1\",\"status\":502,\"host\":\"f\",\"ts\":\"2024-01-01T00:02:07Z\",\"latency_ms\":5}\n",
    "{\"id\":{\"orig_h\":\"10.0.0.2\"},\"id.orig_h\":\"shadowed\",\"status\":502,\"host\":\"f\",\"ts\":\"2024-01-01T00:02:08Z\"}\n",
    "{\"status\":503,\"host\":\"a\"\n",
    "{\"status\":\"503\",\"host\":\"\\u0061\",\"ts\":\"2024-01-01T00:02:09Z\",\"latency_ms\":\"6\"}\n",
);

fn run(args: &[&str], eager: bool) -> (String, String, i32) {
    run_on(ADVERSARIAL, args, eager)
}

/// Runs `args` on `input`, lazily or eagerly: stdout, stderr and the exit status.
fn run_on(input: &str, args: &[&str], eager: bool) -> (String, String, i32) {
    let mut cmd = eddy_assert();
    if eager {
        cmd.env("EDDY_EAGER", "1");
    } else {
        cmd.env_remove("EDDY_EAGER");
    }
    let out = cmd.args(args).write_stdin(input).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Runs `args` lazily and eagerly; both must agree, and the lazy run must produce output.
fn agree(args: &[&str]) -> String {
    let lazy = run(args, false);
    let eager = run(args, true);
    assert_eq!(lazy, eager, "lazy and eager differ for {args:?}");
    assert!(!lazy.0.is_empty(), "no output for {args:?}: {}", lazy.1);
    lazy.0
}

#[test]
fn filter_agrees() {
    let out = agree(&["filter", "status >= 500"]);
    // the escaped key and the last duplicate count; keys inside strings and nested objects don't
    assert!(out.contains("\"stat\\u0075s\":504"));
    assert!(out.contains("\"status\":100,\"host\":\"c\",\"status\":500"));
    assert!(!out.contains("\"status\":200"));
    agree(&["filter", "status == 503 and host == \"a\""]);
    agree(&["filter", "exists(latency_ms) and latency_ms > 2"]);
    agree(&[
        "filter",
        "id.orig_h == \"10.0.0.1\" or id.orig_h == \"10.0.0.2\"",
    ]);
    agree(&["filter", "inner.status == 599"]);
    agree(&["filter", "status == -0 or status == 0"]);
    agree(&["filter", "value[0] == 1"]);
    agree(&["filter", "not exists(host)"]);
    // Comparisons with constants, read from the fields' raw text on the reader threads.
    agree(&["filter", "500 <= status"]);
    agree(&["filter", "status == \"503\" or latency_ms < \"7\""]);
    agree(&["filter", "host != null and status > 5e2"]);
    agree(&["filter", "host == null or host >= \"c\""]);
    agree(&[
        "filter",
        "status != 500 && status != 503 && latency_ms >= 1",
    ]);
}

#[test]
fn count_by_agrees() {
    agree(&["count", "--by", "host"]);
    agree(&["count", "--by", "status"]);
    agree(&["count", "--by", "id.orig_h"]);
}

#[test]
fn window_agrees() {
    for agg in [
        "sum:latency_ms",
        "mean:latency_ms",
        "max:status",
        "p99:latency_ms",
    ] {
        agree(&[
            "window",
            "tumbling",
            "--size",
            "1m",
            "--time-field",
            "ts",
            "--by",
            "host",
            "--agg",
            "count",
            "--agg",
            agg,
        ]);
    }
}

#[test]
fn chains_agree() {
    agree(&["filter", "status >= 500", "then", "count", "--by", "host"]);
    agree(&[
        "filter",
        "status >= 500",
        "then",
        "sort",
        "--by",
        "latency_ms",
    ]);
    agree(&["filter", "true", "then", "dedupe", "--by", "host"]);
    agree(&["select", "host,status"]);
    agree(&["sort", "--by", "status,host"]);
    agree(&[
        "dedupe",
        "--by",
        "status",
        "--within",
        "1m",
        "--time-field",
        "ts",
    ]);
    agree(&["dedupe", "--by", "id.orig_h"]);
}

/// Leading filters run in the reader on raw lines: stage counters, evaluation errors (left to
/// the stage) and malformed lines must come out as with the full parse, also in parallel.
/// `--stats` output without its timings, which differ from run to run.
fn strip_timing(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| l.split(",\"wall_seconds\"").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `args` (with `--stats`) on `input` lazily and eagerly; stdout, the exit status and
/// stderr without timings must agree. Returns the lazy run's stdout and stderr.
fn agree_with_stats(input: &str, args: &[&str]) -> (String, String) {
    let (out, err, code) = run_on(input, args, false);
    let (eager_out, eager_err, eager_code) = run_on(input, args, true);
    assert_eq!((&out, code), (&eager_out, eager_code), "{args:?}");
    assert_eq!(strip_timing(&err), strip_timing(&eager_err), "{args:?}");
    (out, err)
}

/// [`agree_with_stats`] for the chain made of `parts`, with `--stats`, at one thread and two:
/// the stdout and stderr of each run.
fn agree_at_one_and_two_threads(input: &str, parts: &[&[&str]]) -> Vec<(String, String)> {
    let chain = parts.concat();
    ["1", "2"]
        .into_iter()
        .map(|threads| {
            let mut args = vec!["--stats", "--threads", threads];
            args.extend_from_slice(&chain);
            agree_with_stats(input, &args)
        })
        .collect()
}

#[test]
fn reader_side_filters_agree_with_their_stats() {
    for (threads, head) in [("1", "4"), ("2", "4"), ("1", "100"), ("2", "100")] {
        let args = [
            "--stats",
            "--threads",
            threads,
            "filter",
            "status >= 500 or host == \"d\" or host == \"a\"",
            "then",
            "filter",
            "status * 1 > 500",
            "then",
            "head",
            head,
        ];
        let (_, err) = agree_with_stats(ADVERSARIAL, &args);
        // Without the early stop, the string status fails in stage 2 and is reported.
        assert_eq!(head == "100", err.contains("\"eval_error\":1"), "{err}");
    }
}

/// The reader-side filter of CSV input converts only the cells the condition reads; its output,
/// errors and counts must equal those of the whole-row path (forced here by a first stage that
/// does nothing: renaming an absent field).
#[test]
fn reader_side_filters_on_csv_agree_with_whole_rows() {
    let csv = concat!(
        "status,host,note\n",
        "503,a,\"x, \"\"quoted\"\"\"\n",
        "200,b,\n",
        "\"503\",c,NA\n",
        "504,d\n",
        ",e,multi \"\n",
        "\"line\n",
        "500.0,f,\"y\"\n",
        "oops,g,z\n",
    );
    let run = |args: &[&str]| {
        let out = eddy_assert()
            .args(["--from", "csv", "--null", "NA"])
            .args(args)
            .write_stdin(csv)
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for condition in [
        "status >= 500",
        "status * 2 > 0",
        "note == null or host == \"f\"",
    ] {
        let fast = run(&["filter", condition]);
        let (whole_out, whole_err) = run(&["rename", "absent=other", "then", "filter", condition]);
        assert_eq!(fast.0, whole_out, "{condition}");
        assert_eq!(
            fast.1.replace("stage 1 (filter)", "stage 2 (filter)"),
            whole_err,
            "{condition}"
        );
        assert!(!fast.0.is_empty(), "{condition}: {}", fast.1);
    }
}

/// `map` and `select` edit the text of pristine events; the result must parse to exactly what
/// the value path gives (same keys, order and values). A first `map` that deletes what it
/// assigns takes the value path and re-serialises, which is also how outputs are compared.
#[test]
fn text_edits_equal_the_value_path() {
    const REWRITE: &str = "q_ = 0; del(q_)";
    let canonical = |text: &str| -> String {
        let out = eddy_assert()
            .args(["map", REWRITE])
            .write_stdin(text.to_owned())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let programs: &[&[&str]] = &[
        &["map", "latency_s = latency_ms / 1000"],
        &["map", "status = status + 1; del(ts)"],
        &["map", "del(host, latency_ms); new = host"],
        &["map", "inner.status = 1; id.orig_h = \"x\""],
        &["map", "del(status, host, ts, latency_ms, msg, inner)"],
        // Keys only assigned or deleted are not converted from the line: new ones still go
        // last in the order the program first assigns them, whether read or not.
        &["map", "b = 1; a = coalesce(a, 0) + 1; b = status"],
        &["map", "a = coalesce(a, 0) + 1; b = 1; status = 7; del(msg)"],
        &["select", "ts,host,latency_s"],
        &["select", "latency_ms,status"],
        &[
            "map",
            "latency_s = latency_ms / 1000",
            "then",
            "select",
            "ts,latency_s",
        ],
        // The edit tells the next step where its fields went: set in place, removed, untouched
        // behind a changed value, appended; and for a second edit, fields the first one added.
        &[
            "map",
            "status = status + 1; del(ts)",
            "then",
            "select",
            "latency_ms,ts,status,host",
        ],
        &[
            "map",
            "del(host); latency_s = latency_ms * 1000000",
            "then",
            "select",
            "latency_s,status,msg",
        ],
        &[
            "map",
            "x = status; inner = 0",
            "then",
            "map",
            "y = x + 1; host = inner",
            "then",
            "select",
            "y,host,x,inner,ts",
        ],
    ];
    for program in programs {
        let edited = agree(program);
        let mut by_value = vec!["map", REWRITE, "then"];
        by_value.extend_from_slice(program);
        let (expected, _, _) = run(&by_value, false);
        assert_eq!(canonical(&edited), expected, "{program:?}");
        // The text edits are what ran: some line kept a non-canonical spelling.
        if program[0] == "map" && program.len() == 2 {
            assert_ne!(
                edited, expected,
                "{program:?} took the value path everywhere"
            );
        }
    }
}

/// Chains of filters and text edits only, all of which the reader threads can do: a filter
/// alone, edits after a filter, edits first, a second `map` after `select`.
const READER_CHAINS: &[&[&str]] = &[
    &["filter", "status >= 500 or host == \"d\""],
    &[
        "map",
        "x = status * 2; del(msg)",
        "then",
        "select",
        "x,host",
    ],
    &[
        "filter",
        "status >= 500",
        "then",
        "map",
        "x = latency_ms + 1",
        "then",
        "select",
        "host,x,status",
        "then",
        "map",
        "y = x",
    ],
    &["select", "status,host", "then", "map", "s = status * 1"],
];

/// `map` and `select` after the leading filters run on the reader threads as text edits; an
/// evaluation error leaves the event to the stage. Output, errors and stage counters must equal
/// the full path's, also after a `head` stop.
#[test]
fn reader_side_text_edits_agree_with_their_stats() {
    for chain in READER_CHAINS {
        for (threads, head) in [("1", "3"), ("2", "3"), ("1", "100"), ("2", "100")] {
            let mut args = vec!["--stats", "--threads", threads];
            args.extend_from_slice(chain);
            args.extend_from_slice(&["then", "head", head]);
            let (out, _) = agree_with_stats(ADVERSARIAL, &args);
            assert!(!out.is_empty(), "{args:?}");
        }
    }
}

/// When the chain is all filters and text edits, the reader writes the output lines of the
/// events that pass it all, and the main thread just writes them. Output, errors and every
/// stage's counters must equal the full path's, with the events that fall back to the stages
/// (an evaluation error, a malformed line, a non-object) in between, whatever the output mode.
#[test]
fn chains_done_by_the_reader_agree_with_their_stats() {
    for chain in READER_CHAINS {
        // `--from ndjson` lets standard input be read in parallel chunks with `--threads 2`.
        let modes: [&[&str]; 4] = [
            &[],
            &["--from", "ndjson"],
            &["--line-buffered"],
            &["--to", "csv"],
        ];
        for mode in modes {
            for (out, err) in agree_at_one_and_two_threads(ADVERSARIAL, &[mode, chain]) {
                assert!(!out.is_empty(), "{chain:?} {mode:?}");
                assert!(err.contains("\"events_written\""), "{err}");
            }
        }
    }
}

/// Timestamps and keys of every kind for the window's reader-side reading: offsets and none,
/// epoch numbers and numeric strings, bad and missing times, late records, keys spelled two
/// ways (`"\u0061"` and `"a"`, `1` and `1.0`), a key too long to be held, string values.
const WINDOW_LINES: &str = concat!(
    "{\"ts\":\"2024-01-01T00:00:05Z\",\"host\":\"a\",\"ms\":1}\n",
    "{\"ts\":\"2024-01-01T00:00:06\",\"host\":\"\\u0061\",\"ms\":2.5}\n",
    "{\"ts\":1704067207,\"host\":1,\"ms\":-0}\n",
    "{\"ts\":\"1704067208.5\",\"host\":1.0,\"ms\":1e400}\n",
    "{\"ts\":\"yesterday\",\"host\":\"a\",\"ms\":3}\n",
    "{\"host\":\"a\",\"ms\":3}\n",
    "{\"ts\":\"2024-01-01T00:01:30+01:00\",\"host\":\"b\",\"ms\":\"7\"}\n",
    "{\"ts\":\"2024-01-01T00:01:31Z\",\"host\":\"a-host-name-that-is-longer-than-forty-bytes.example\",\"ms\":4}\n",
    "{\"ts\":\"2024-01-01T00:01:32Z\",\"host\":{\"dc\":\"x\"},\"ms\":null}\n",
    "{\"ts\":\"2024-01-01T00:02:33Z\",\"host\":null,\"ms\":true,\"status\":500}\n",
    "{\"ts\":\"2024-01-01T00:00:01Z\",\"host\":\"a\",\"ms\":9}\n",
    "{\"ts\":\"2024-01-01T00:03:00Z\",\"ho\\u0073t\":\"c\",\"ms\":5,\"ms\":6}\n",
    "{\"ts\":1704067500000,\"host\":\"c\",\"ms\":5}\n",
);

/// Time windows and `count` as the first stage (or after reader-side filters and text edits)
/// read their fields on the reader threads; output, warnings, errors and counters must equal
/// the full path's, at one thread and two.
#[test]
fn reader_side_window_reading_agrees_with_its_stats() {
    let window = [
        "window",
        "tumbling",
        "--size",
        "1m",
        "--time-field",
        "ts",
        "--max-delay",
        "5s",
    ];
    let tails: &[&[&str]] = &[
        &[
            "--by", "host", "--agg", "count", "--agg", "sum:ms", "--agg", "max:ms",
        ],
        &[
            "--by",
            "host,status",
            "--agg",
            "count",
            "--agg",
            "p99:ms",
            "--emit",
            "updates",
        ],
        &[
            "--agg",
            "count",
            "--agg",
            "mean:ms",
            "--allowed-lateness",
            "1m",
        ],
    ];
    let heads: &[&[&str]] = &[
        &[],
        &["filter", "ms != 1", "then"],
        &["map", "ms2 = 1", "then"],
        // The edit tells the window where its fields went (set, moved, removed, added).
        &["map", "ms = ms * 2; del(status); tag = host", "then"],
        &["map", "host = ts; del(status)", "then"],
        &[
            "map",
            "status = ms",
            "then",
            "select",
            "ts,ms,status,host",
            "then",
        ],
    ];
    for head in heads {
        for tail in tails {
            for (out, err) in agree_at_one_and_two_threads(WINDOW_LINES, &[head, &window, tail]) {
                assert!(out.lines().count() > 3, "{head:?} {tail:?}: {out}{err}");
            }
        }
    }
    for by in ["host", "host,ms", "ts"] {
        let args = ["--stats", "--threads", "2", "count", "--by", by];
        let (out, err) = agree_with_stats(WINDOW_LINES, &args);
        assert!(!out.is_empty(), "{args:?}: {err}");
    }
}

/// `parse` runs on the reader threads too: on the value of an event from NDJSON, written back
/// as its text. A field that is missing, not a string or does not match leaves the event to the
/// stage, which reports it; output, errors and counters must equal the full path's.
#[test]
fn reader_side_parse_agrees_with_its_stats() {
    let lines = concat!(
        "{\"msg\":\"a=1 b=x\",\"k\":1,\"big\":1e400}\n",
        "{\"msg\":\"no pairs\",\"k\":2}\n",
        "{\"msg\":5}\n",
        "{\"k\":3}\n",
        "{\"msg\":\"a=2 k=9\",\"k\":4.50,\"s\":\"\\u00e9\"}\n",
        "{\"line\":\"a=3\"}\n",
    );
    let chains: &[&[&str]] = &[
        &["parse", "kv", "--field", "msg"],
        &[
            "parse",
            "kv",
            "--field",
            "msg",
            "--keep-unmatched",
            "then",
            "map",
            "z = k",
        ],
        &[
            "filter",
            "k != 2",
            "then",
            "parse",
            "logfmt",
            "--field",
            "msg",
            "--keep-field",
        ],
        &["parse", "kv", "then", "select", "a,line,k"],
        &[
            "map",
            "msg = \"k=7\"",
            "then",
            "parse",
            "kv",
            "--field",
            "msg",
            "then",
            "count",
            "--by",
            "k",
        ],
        &[
            "--from",
            "lines",
            "parse",
            "{\"*\":*",
            "--as",
            "first,rest",
            "then",
            "select",
            "first",
        ],
    ];
    for chain in chains {
        for (out, err) in agree_at_one_and_two_threads(lines, &[chain]) {
            assert!(!out.is_empty(), "{chain:?}: {err}");
        }
    }
}

/// `count` and `window global` let the reader threads aggregate the events when the result
/// cannot depend on their order; the stage merges one set of groups per batch. Output, errors
/// and counters must equal the full path's, over an input of many batches, with aggregates
/// that merge (sums, percentiles, sketches, sets), ones that keep arrival order (`first`, which
/// turns the reader-side aggregation off), keys spelled two ways, and values it declines.
#[test]
fn reader_side_aggregation_agrees_with_its_stats() {
    let mut input = String::new();
    for i in 0..3000 {
        for line in WINDOW_LINES.lines() {
            input.push_str(&line.replace("\"b\"", &format!("\"b{}\"", i % 7)));
            input.push('\n');
        }
        // A key shown as a float until the same number comes as an integer.
        input.push_str("{\"host\":2.0,\"ms\":1}\n{\"host\":2,\"ms\":1}\n");
    }
    assert!(input.len() > 1 << 20, "the input spans several batches");
    let global = ["window", "global", "--by"];
    let chains: &[&[&str]] = &[
        &["count", "--by", "host"],
        &["count"],
        &[
            &["filter", "ms != 1", "then"][..],
            &global,
            &[
                "host", "--agg", "count", "--agg", "sum:ms", "--agg", "mean:ms",
            ],
            &[
                "--agg",
                "p50:ms",
                "--agg",
                "approx_p90:ms",
                "--agg",
                "distinct:ms",
            ],
            &["--agg", "min:ms", "--agg", "max:ms", "--agg", "stddev:ms"],
            &["then", "head", "3"],
        ]
        .concat(),
        &[
            &["map", "ms2 = ms * 2", "then"][..],
            &global,
            &[
                "host,status",
                "--agg",
                "count",
                "--agg",
                "sum:ms2",
                "--agg",
                "rate",
            ],
        ]
        .concat(),
        &[
            &global[..],
            &["host", "--agg", "count", "--agg", "first:ms"],
        ]
        .concat(),
        &[
            "--from",
            "lines",
            "parse",
            "{\"*\":*,\"host\":*,*",
            "--as",
            "k,v,host,rest",
            "then",
            "count",
            "--by",
            "host",
        ],
    ];
    for chain in chains {
        for (out, err) in agree_at_one_and_two_threads(&input, &[chain]) {
            assert!(!out.is_empty(), "{chain:?}: {err}");
        }
    }
}

/// About 2 MB of events about 37 ms apart, up to 4 s out of order, with a line every so often
/// that the reader-side aggregation of a tumbling window must leave to the stage or count as
/// late: a bad timestamp, one without offset, an epoch number, a string value, a long key, a
/// late event; and forward jumps of event time.
fn timed_events() -> String {
    // An instant `ms` milliseconds into 2024-01-01, without the offset.
    let stamp = |ms: i64| {
        let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
        format!("2024-01-01T{h:02}:{m:02}:{s:02}.{:03}", ms % 1000)
    };
    let mut input = String::new();
    for i in 0..30_000i64 {
        // Time goes forward by a jump of 5 s every 9973 events.
        let ms = 70_000 + i * 37 - (i * 7919) % 4000 + i / 9973 * 5000;
        let ts = stamp(ms);
        let host = ["a", "b", "c", "d", "e"][(i % 5) as usize];
        let line = match i % 997 {
            13 => format!("{{\"ts\":\"{ts}\",\"host\":\"{host}\",\"ms\":{i}}}"),
            17 => format!("{{\"ts\":\"soon\",\"host\":\"{host}\",\"ms\":{i}}}"),
            19 => format!(
                "{{\"ts\":{},\"host\":\"{host}\",\"ms\":{i}}}",
                1_704_067_200 + ms / 1000
            ),
            23 => format!("{{\"ts\":\"{ts}Z\",\"host\":\"{host}\",\"ms\":\"{i}\"}}"),
            29 => format!(
                "{{\"ts\":\"{ts}Z\",\"host\":\"{}\",\"ms\":1}}",
                "h".repeat(50)
            ),
            31 => format!(
                "{{\"ts\":\"{}Z\",\"host\":\"{host}\",\"ms\":1}}",
                stamp(ms - 60_000)
            ),
            _ => format!(
                "{{\"ts\":\"{ts}Z\",\"host\":\"{host}\",\"ms\":{}.5}}",
                i % 100
            ),
        };
        input.push_str(&line);
        input.push('\n');
    }
    input
}

/// A tumbling window as the last stage lets the reader threads aggregate runs of events; the
/// stage judges lateness, replays its watermark between groups and fires as it would event by
/// event. Output, warnings (forward jumps, no offset), errors and counters (late, peaks of open
/// windows and groups) must equal the full path's, at one thread and two.
#[test]
fn reader_side_tumbling_aggregation_agrees_with_its_stats() {
    let input = timed_events();
    assert!(input.len() > 1 << 20, "the input spans several batches");
    let window = ["window", "tumbling", "--time-field", "ts", "--by", "host"];
    let tails: &[&[&str]] = &[
        &[
            "--size",
            "1m",
            "--max-delay",
            "2s",
            "--agg",
            "count",
            "--agg",
            "mean:ms",
            "--agg",
            "p99:ms",
        ],
        &[
            "--size",
            "1s",
            "--max-delay",
            "500ms",
            "--agg",
            "count",
            "--agg",
            "sum:ms",
            "--max-jump",
            "1s",
        ],
        &[
            "--size",
            "10s",
            "--agg",
            "count",
            "--agg",
            "max:ms",
            "--idle-timeout",
            "1m",
        ],
        &[
            "--size",
            "10s",
            "--max-delay",
            "1s",
            "--agg",
            "count",
            "--tz",
            "UTC",
            "--out-time-format",
            "epoch_ms",
        ],
        // Not aggregated on the reader threads: order-dependent, or a stage after it.
        &["--size", "10s", "--max-delay", "1s", "--agg", "last:ms"],
        &[
            "--size",
            "10s",
            "--max-delay",
            "1s",
            "--agg",
            "count",
            "then",
            "map",
            "n = count",
        ],
    ];
    for tail in tails {
        for (out, err) in agree_at_one_and_two_threads(&input, &[&window, tail]) {
            assert!(out.lines().count() > 5, "{tail:?}: {err}");
            assert!(
                err.contains("\"late\":") && err.contains("bad_time"),
                "{err}"
            );
        }
    }
}
