//! No input and no expression makes eddy panic (common brief: "a panic is a bug"), and the
//! `--stats` accounting holds whatever the input.
//!
//! Property tests drive the binary with random input (JSON-ish lines, deep nesting, huge
//! numbers, invalid UTF-8, NULs, lone `\r`, very long lines) through a set of pipelines, and
//! random expression texts through `filter` and `map`. Case counts are kept small so the file
//! runs in a few seconds in debug builds.

use std::io::Write;
use std::process::Stdio;

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::accounting;
use crate::common::eddy;

/// Cases per property: `default`, or `EDDY_FUZZ_CASES` for a longer hunt.
fn fuzz_cases(default: u32) -> u32 {
    std::env::var("EDDY_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// What one run left behind.
struct Run {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs eddy with `args`, feeding `stdin` (or /dev/null when `None`).
fn run(args: &[String], stdin: Option<&[u8]>) -> Run {
    let mut cmd = eddy();
    cmd.args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = cmd.spawn().expect("run eddy");
    let writer = stdin.map(|data| {
        let data = data.to_vec();
        let mut input = child.stdin.take().expect("stdin");
        // eddy may stop reading early (head): a broken pipe here is fine.
        std::thread::spawn(move || {
            let _ = input.write_all(&data);
        })
    });
    let out = child.wait_with_output().expect("wait for eddy");
    if let Some(w) = writer {
        w.join().expect("writer thread");
    }
    Run {
        status: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Fails unless the run ended normally (an exit status, not a signal such as SIGABRT from an
/// allocation failure) without a panic.
fn assert_no_panic(args: &[String], r: &Run) -> Result<(), TestCaseError> {
    prop_assert!(
        r.status.is_some() && r.status != Some(101) && !r.stderr.contains("panicked"),
        "eddy {:?} crashed (status {:?}):\n{}",
        args,
        r.status,
        r.stderr
    );
    Ok(())
}

/// One input line (without its terminator), from a mix of shapes that stress the reader, the
/// JSON decoder and the stages.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let scalar = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|f| if f.is_finite() {
            format!("{f:e}")
        } else {
            "1e400".to_owned()
        }),
        Just("-9223372036854775808".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("123456789012345678901234567890".to_owned()),
        Just("1e400".to_owned()),
        Just("-0".to_owned()),
        "[a-z0-9 .\\-:]{0,12}".prop_map(|s| format!("{s:?}")),
        Just("\"2024-05-01T10:00:00Z\"".to_owned()),
        Just("\"\\ud800\"".to_owned()),
        Just("\"\\u0000\"".to_owned()),
    ];
    let object = (
        proptest::collection::vec(
            (
                prop_oneof![
                    Just("a"),
                    Just("b"),
                    Just("ts"),
                    Just("tags"),
                    Just("id.orig_h"),
                    Just("geo"),
                    Just("")
                ],
                scalar.clone(),
            ),
            0..5,
        ),
        proptest::collection::vec(scalar.clone(), 0..4),
        scalar,
    )
        .prop_map(|(fields, tags, inner)| {
            let mut parts: Vec<String> = fields
                .into_iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect();
            parts.push(format!("\"tags\":[{}]", tags.join(",")));
            parts.push(format!(
                "\"geo\":{{\"country\":{inner},\"deep\":{{\"x\":[{inner}]}}}}"
            ));
            format!("{{{}}}", parts.join(",")).into_bytes()
        });
    prop_oneof![
        6 => object,
        1 => proptest::collection::vec(any::<u8>(), 0..40),
        1 => (1usize..100_000).prop_map(|n| "[".repeat(n).into_bytes()),
        1 => (1usize..2000).prop_map(|n| format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        1 => Just(b"{\"a\":1}\r{\"a\":2}".to_vec()),
        1 => Just(b"{\"a\":\"nul\0here\"}".to_vec()),
        1 => Just(b"\xEF\xBB\xBF{\"bom\":1}".to_vec()),
        1 => Just(b"{\"s\":\"\xff\xfe\"}".to_vec()),
        1 => Just(format!("{{\"long\":\"{}\"}}", "x".repeat(300_000)).into_bytes()),
        1 => Just(Vec::new()),
        1 => Just(b"\x1f\x8b\x08 not really gzip".to_vec()),
        1 => Just(b"a=1 b=\"x y\" c=".to_vec()),
        1 => Just(b"h1,h2,\"h\n3".to_vec()),
        1 => Just(b"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326".to_vec()),
    ]
}

/// A whole input: lines joined by `\n` or `\r\n`, with or without a final newline.
fn input() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec((line(), any::<bool>()), 0..12),
        any::<bool>(),
    )
        .prop_map(|(lines, final_newline)| {
            let mut out = Vec::new();
            let n = lines.len();
            for (i, (l, crlf)) in lines.into_iter().enumerate() {
                out.extend_from_slice(&l);
                if i + 1 < n || final_newline {
                    out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                }
            }
            out
        })
}

/// True when the input starts with gzip's or zstd's magic bytes: eddy then decompresses, and
/// random bytes after the magic are a read failure (exit 3).
fn looks_compressed(data: &[u8]) -> bool {
    data.starts_with(&[0x1f, 0x8b]) || data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
}

/// Pipelines covering every stage on main, with odd paths and expressions.
const PIPELINES: &[&[&str]] = &[
    &["head", "3"],
    &["tail", "2"],
    &["filter", "a > 1 or b == \"x\""],
    &["filter", "len(tags) > 1 and tags[-1] != null"],
    &["filter", "a * 2 + b / 3 % 7 > ts"],
    &["filter", "a =~ \"^[0-9]+$\" or str(a) =~ b"],
    &["filter", "time(ts) > time(\"2000-01-01\") - 1d"],
    &[
        "filter",
        "bucket(a, 7) == a or bucket(time(ts), 1h) != null",
    ],
    &["filter", "abs(a) >= 0 and -a <= 0 and round(a, 2) == a"],
    &["filter", "format_time(time(ts), b) != null"],
    &[
        "filter",
        "substr(b, a, a) != \"\" and split(b, \"\") != null",
    ],
    &["filter", "hash(geo) % 3 == 0 and num(b) > int(b)"],
    &["map", "c = a + 1; geo.cc = upper(geo.country); del(tags)"],
    &["map", "tags[3] = a; geo.deep.x[-1] = b"],
    &["map", "tags[-5] = 1; x.y.z = tags"],
    &[
        "map",
        "a = a * a * a * a; b = a / 0; del(geo.deep, id.orig_h)",
    ],
    &[
        "map",
        "d = coalesce(a, 1) + len(str(geo)); e = split(str(tags), \",\")",
    ],
    &["map", "d = a - 1ns; e = d / -1; f = bucket(d, 3)"],
    &["select", "a,geo.country,tags[-1],`id.orig_h`,[\"x.y\"]"],
    &["select", "tags[0],tags[-1],geo.deep.x[0]"],
    &["drop", "tags[0],tags[0],geo.deep,id.orig_h"],
    &["rename", "a=b,b=geo.x,tags=tags.inner"],
    &["rename", "geo.country=tags[0],id.orig_h=src"],
    &["unnest", "tags"],
    &["unnest", "geo.deep.x"],
    &["sort", "--by", "a,b", "--reverse"],
    &["sort", "--by", "geo.country", "--limit", "2"],
    &["dedupe", "--by", "a"],
    &["dedupe", "--last", "2"],
    &["sample", "--rate", "0.5", "--seed", "7"],
    &["--from", "lines", "filter", "line =~ \"a\""],
    &["--from", "lines", "map", "n = len(line)"],
    &[
        "unnest", "tags", "then", "sort", "--by", "tags", "then", "tail", "3",
    ],
    &["filter", "true", "then", "head", "2", "then", "select", "a"],
    &["dedupe", "--by", "tags", "then", "head", "1"],
];

/// Checks the `--stats` object against the accounting the README promises (also of a run that
/// failed: what a stage still holds is absorbed).
fn check_stats(args: &[String], stderr: &str) -> Result<(), TestCaseError> {
    accounting::check(stderr)
        .map(drop)
        .map_err(|e| TestCaseError::fail(format!("eddy {args:?}: {e}")))
}

proptest! {
    #![proptest_config(Config { cases: fuzz_cases(160), failure_persistence: None, ..Config::default() })]

    /// Any input through any pipeline: no panic, exit 0, and the accounting holds.
    #[test]
    fn pipelines_survive_any_input(
        pipeline in 0..PIPELINES.len(),
        data in input(),
        fail in proptest::bool::weighted(0.2),
        detect in any::<bool>(),
    ) {
        let mut args: Vec<String> = vec!["--stats".to_owned()];
        // Without --from the format is guessed from the first line (any format may come out).
        if !detect && PIPELINES[pipeline][0] != "--from" {
            args.extend(["--from".to_owned(), "ndjson".to_owned()]);
        }
        if fail {
            args.extend(["--on-error".to_owned(), "fail".to_owned()]);
        }
        args.extend(PIPELINES[pipeline].iter().map(|s| (*s).to_owned()));
        let r = run(&args, Some(&data));
        assert_no_panic(&args, &r)?;
        // `--on-error fail` stops at the first bad line with 3; otherwise bad lines are skipped.
        let nothing_dropped = r.stderr.contains(
            "\"dropped\":{\"malformed\":0,\"eval_error\":0,\"late\":0,\"bad_time\":0,\"too_long\":0}",
        );
        let expected = if (fail && !nothing_dropped) || looks_compressed(&data) { 3 } else { 0 };
        prop_assert!(
            r.status == Some(expected) || (looks_compressed(&data) && r.status == Some(0)),
            "eddy {:?}: status {:?}, expected {}: {}",
            args,
            r.status,
            expected,
            r.stderr
        );
        check_stats(&args, &r.stderr)?;
        // Output is one JSON object per line.
        for out_line in r.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            // Unchanged lines keep numbers beyond the double range, which serde_json rejects.
            let judged = String::from_utf8_lossy(out_line).replace("1e400", "1");
            let v: Result<serde_json::Value, _> = serde_json::from_str(&judged);
            prop_assert!(
                v.as_ref().is_ok_and(serde_json::Value::is_object),
                "eddy {:?} wrote a line that is not a JSON object: {:?}",
                args,
                String::from_utf8_lossy(out_line)
            );
        }
    }
}

/// What `eddy filter 'not exists(value)'` must write for `data`, modelled independently: the
/// lines (a BOM at the start ignored, `\r` before `\n` removed, blank lines skipped) that are
/// JSON objects without a top-level `value` key, each with its original bytes.
fn passthrough_model(data: &[u8]) -> Vec<u8> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = Vec::new();
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // eddy reads numbers beyond the double range (`1e400`) as ±infinity, serde_json rejects
        // them: judge validity with a small number in their place.
        let judged = String::from_utf8_lossy(line).replace("1e400", "1");
        if std::str::from_utf8(line).is_ok()
            && let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&judged)
            && !map.contains_key("value")
        {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    out
}

proptest! {
    #![proptest_config(Config { cases: fuzz_cases(120), failure_persistence: None, ..Config::default() })]

    /// Events no stage changed are written with their original bytes (cli.md 6), whatever else
    /// the input holds.
    #[test]
    fn unchanged_events_keep_their_bytes(data in input()) {
        prop_assume!(!looks_compressed(&data));
        let args: Vec<String> = ["--from", "ndjson", "filter", "not exists(value)"]
            .map(str::to_owned)
            .to_vec();
        let r = run(&args, Some(&data));
        assert_no_panic(&args, &r)?;
        prop_assert_eq!(r.status, Some(0));
        let expected = passthrough_model(&data);
        prop_assert!(
            r.stdout == expected,
            "output differs:\n{}\nexpected:\n{}",
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&expected)
        );
    }
}

/// Pieces of expression text: real tokens, awkward literals and plain noise.
fn expr_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "a",
            "b",
            "tags",
            "tags[-1]",
            "geo.country",
            "`user-agent`",
            "id.orig_h",
            "x[0]",
            "x.y",
            "len(",
            "lower(",
            "upper(",
            "trim(",
            "contains(",
            "starts_with(",
            "ends_with(",
            "split(",
            "join(",
            "replace(",
            "substr(",
            "abs(",
            "floor(",
            "ceil(",
            "round(",
            "min(",
            "max(",
            "num(",
            "int(",
            "str(",
            "bool(",
            "type(",
            "exists(",
            "is_null(",
            "coalesce(",
            "time(",
            "format_time(",
            "now()",
            "bucket(",
            "hash(",
            "nosuch(",
            "(",
            ")",
            "[",
            "]",
            ",",
            ".",
            ";",
            "=",
            "+",
            "-",
            "*",
            "/",
            "%",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "and",
            "or",
            "not",
            "&&",
            "||",
            "!",
            "=~",
            "!~",
            "in",
            "?",
            ":",
            "if",
            "then",
            "else",
            "end",
            "elif",
            "true",
            "false",
            "null",
            "del(",
            "0",
            "1",
            "-1",
            "2.5",
            "1e308",
            "1e400",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "5m",
            "250ms",
            "1h30m",
            "9223372036854775807ns",
            "1.5s",
            "99999999999w",
            "\"\"",
            "\"a\"",
            "'b'",
            "\"\\u00e9\"",
            "\"\\ud800\"",
            "\"\\u\"",
            "\"(\"",
            "\"[a-\"",
            "\"%Y-%m-%d\"",
            "\"%\"",
            "\"%Q\"",
            "\"Europe/Berlin\"",
            "\"Nowhere/Zone\"",
            "\"epoch_ms\"",
            "#",
            "\n",
            "`",
            "``",
            "'",
            "\"",
            "\\",
            "$",
            "@",
            "µs",
            "é",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,3}",
    ]
}

fn expr_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(expr_piece(), 0..14).prop_map(|p| p.join(" ")),
        proptest::collection::vec(expr_piece(), 0..14).prop_map(|p| p.concat()),
        (1usize..400).prop_map(|n| format!("{}a{}", "(".repeat(n), ")".repeat(n))),
        (1usize..400).prop_map(|n| format!("{}1", "-".repeat(n))),
        (1usize..400).prop_map(|n| format!("{}1", "not ".repeat(n))),
        (1usize..400).prop_map(|n| format!("a{}", " + a".repeat(n))),
    ]
}

proptest! {
    #![proptest_config(Config { cases: fuzz_cases(160), failure_persistence: None, ..Config::default() })]

    /// Any expression text: compiled or rejected with status 2, never a panic; no input is read.
    #[test]
    fn expressions_compile_or_fail_with_status_2(text in expr_text(), as_map in any::<bool>()) {
        let args = vec![if as_map { "map" } else { "filter" }.to_owned(), text];
        let r = run(&args, None);
        assert_no_panic(&args, &r)?;
        prop_assert!(
            matches!(r.status, Some(0 | 2)),
            "eddy {:?}: status {:?}\n{}",
            args,
            r.status,
            r.stderr
        );
        if r.status == Some(2) {
            prop_assert!(r.stderr.starts_with("eddy: "),
                "{}", r.stderr);
        }
    }

    /// Expressions that compile also evaluate on odd events without a panic: evaluation
    /// errors are data errors (exit 0, counted).
    #[test]
    fn expressions_evaluate_without_panic(text in expr_text(), as_map in any::<bool>()) {
        let data = concat!(
            "{\"a\":-9223372036854775808,\"b\":\"%Y\",\"tags\":[1,\"x\",null],\"x\":[{\"y\":1}]}\n",
            "{\"a\":9223372036854775807,\"b\":0.5,\"geo\":{\"country\":\"de\"},\"id.orig_h\":\"h\"}\n",
            "{\"a\":1e308,\"b\":\"Europe/Berlin\",\"tags\":{},\"user-agent\":[]}\n",
            "{\"a\":\"2024-05-01T10:00:00Z\",\"b\":null,\"x\":\"\\u0000\"}\n",
            "[1,2]\n\"str\"\n{}\n",
        );
        let args = vec!["--stats".to_owned(), if as_map { "map" } else { "filter" }.to_owned(), text];
        let r = run(&args, Some(data.as_bytes()));
        assert_no_panic(&args, &r)?;
        prop_assert!(matches!(r.status, Some(0 | 2)), "eddy {:?}: {:?}\n{}", args, r.status, r.stderr);
        if r.status == Some(0) {
            check_stats(&args, &r.stderr)?;
        }
    }
}

/// Programs that once crashed eddy: each must give a value or an evaluation error.
#[test]
fn known_crashers_do_not_crash() {
    let data = b"{\"min\":-9223372036854775808,\"max\":9223372036854775807,\"tags\":[1]}\n";
    let programs: [&str; 14] = [
        "y = bucket(min, 7)",
        "y = bucket(max, -7)",
        "y = bucket(time(-9223372036) - 1h, 7h)",
        "y = (0ns - 9223372036854775807ns - 1ns) / -1",
        "d = 0ns - 9223372036854775807ns - 1ns; y = d / -1",
        "y = min % -1",
        "y = min / -1",
        "y = -min",
        "y = abs(min)",
        "tags[9223372036854775807] = 1",
        "tags[100000000000] = 1",
        "tags[-9223372036854775808] = 1",
        "x[100000000000].y = 1",
        &"x = [x]; ".repeat(5000),
    ];
    for program in programs {
        let args = vec!["map".to_owned(), program.to_owned()];
        let r = run(&args, Some(data));
        assert!(
            r.status.is_some() && r.status != Some(101) && !r.stderr.contains("panicked"),
            "eddy map {program:?} crashed (status {:?}):\n{}",
            r.status,
            r.stderr
        );
    }
}

/// A rename to a very long path used to build an event too deep to write or drop.
#[test]
fn rename_to_a_very_long_path_is_an_evaluation_error() {
    let target = vec!["b"; 20_000].join(".");
    let args = vec![
        "--stats".to_owned(),
        "rename".to_owned(),
        format!("a={target}"),
    ];
    let r = run(&args, Some(b"{\"a\":1}\n"));
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("would nest more than 128 levels"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\"eval_error\":1"), "{}", r.stderr);
}
