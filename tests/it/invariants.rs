//! Invariants of any run, under random inputs and random chains of the stateless stages that
//! can drop records (`filter`, `map`, `select`, `parse`; generators shared with the pushdown
//! harness): one reader thread and four give byte-identical stdout, `--errors` file and
//! `--stats` counters, and every record written to `--errors` replays to the same error. And
//! under random NDJSON, CSV and sniffed inputs and random chains of every kind of stage, the
//! two identities of `--stats` hold ([`crate::accounting`]), at one thread and at four alike.
//! `PROPTEST_CASES` sets the number of cases (1,000 by default, as CI runs it).

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use proptest::prelude::*;

use crate::accounting;
use crate::common::eddy;
use crate::pushdown::{line, stage, strip_timing};

/// What one run left: stdout, stderr without timings, exit status, the `--errors` file.
#[derive(Debug, PartialEq)]
struct Run {
    stdout: String,
    stderr: String,
    status: Option<i32>,
    errors: Vec<u8>,
}

/// Runs `chain` on `input` with `--stats --errors` at `threads` reader threads.
fn run(chain: &[String], input: &Path, threads: &str, dir: &Path) -> Run {
    let errors = dir.join(format!(
        "errors-{threads}-{}",
        input.display().to_string().len()
    ));
    let out = eddy()
        .args([
            "--stats",
            "--from",
            "ndjson",
            "--threads",
            threads,
            "--errors",
        ])
        .arg(&errors)
        .args(chain)
        .arg(input)
        .stdin(Stdio::null())
        .output()
        .expect("eddy runs");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: strip_timing(&String::from_utf8_lossy(&out.stderr)),
        status: out.status.code(),
        errors: std::fs::read(&errors).unwrap_or_default(),
    }
}

/// The messages of a run's dropped records without their locations (`eddy: FILE:LINE: WHAT`
/// gives `WHAT`), in order.
fn messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("eddy: ") && !l.starts_with("eddy: skipped"))
        .filter_map(|l| l.splitn(3, ": ").nth(2).map(str::to_owned))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn threads_agree_and_dropped_records_replay_to_their_error(
        lines in prop::collection::vec(line(), 1..24),
        stages in prop::collection::vec(stage(), 1..4),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("in.ndjson");
        let mut file = std::fs::File::create(&input).expect("input file");
        file.write_all(lines.join("\n").as_bytes()).expect("written");
        drop(file);
        let mut chain: Vec<String> = Vec::new();
        for stage in &stages {
            if !chain.is_empty() {
                chain.push("then".into());
            }
            chain.extend(stage.iter().cloned());
        }
        let one = run(&chain, &input, "1", dir.path());
        let four = run(&chain, &input, "4", dir.path());
        prop_assert_eq!(&one, &four, "{:?}", chain);
        // The dropped records, read again through the same chain, are dropped again with the
        // same messages, and nothing else comes out.
        let replay_input = dir.path().join("replay.ndjson");
        std::fs::write(&replay_input, &one.errors).expect("replay file");
        let replay = run(&chain, &replay_input, "1", dir.path());
        prop_assert_eq!(&replay.stdout, "", "{:?}", chain);
        prop_assert_eq!(messages(&replay.stderr), messages(&one.stderr), "{:?}", chain);
        prop_assert_eq!(&replay.errors, &one.errors, "{:?}", chain);
    }
}

/// One CSV row of the columns `status,host,msg,ts`: typed and quoted cells, a cell spanning
/// lines (CRLF inside too), a ragged row, a blank line, now and then a stray quote that joins the
/// rows after it into one record.
fn csv_row() -> impl Strategy<Value = String> {
    let status = prop_oneof![
        (0i64..600).prop_map(|n| n.to_string()),
        Just(String::new()),
        Just("\"503\"".to_owned()),
    ];
    let msg = prop::sample::select(vec![
        "ok",
        "\"two\nlines\"",
        "\"{\"\"status\"\":1}\"",
        "\"a, \"\"b\"\"\r\nc\"",
        "",
    ]);
    let ts = prop_oneof![
        (0u32..240).prop_map(|s| (1_704_067_200 + s).to_string()),
        Just("yesterday".to_owned()),
    ];
    prop_oneof![
        12 => (status, "[a-c]{0,2}", msg, ts)
            .prop_map(|(s, h, m, t)| format!("{s},{h},{m},{t}")),
        1 => Just("1,2".to_owned()),
        1 => Just(String::new()),
        1 => Just("9,\"stray,x,1".to_owned()),
    ]
}

/// One line of an application log read with `--multiline-start '^(level|[A-Z]{3})'`: start
/// lines, malformed logfmt, stack frames, blank lines.
fn log_line() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "level=error status=503 host=a msg=boom",
        "level=info status=200 host=b",
        "level=warn msg=\"open quote",
        "ERR status=1",
        "\tat a.B.c(B.java:1)",
        "  ... 3 more",
        "",
    ])
}

/// An input file: its name (the extension chooses the format, `.log` is sniffed), bytes, and
/// the global options it is read with.
fn input() -> impl Strategy<Value = (&'static str, Vec<u8>, Vec<&'static str>)> {
    let end = prop::sample::select(vec!["\n", "\r\n"]);
    let ndjson = (prop::collection::vec(line(), 0..24), end.clone())
        .prop_map(|(lines, end)| ("in.ndjson", lines.join(end).into_bytes(), vec![]));
    let csv = (
        prop::collection::vec(csv_row(), 0..16),
        end.clone(),
        any::<bool>(),
    )
        .prop_map(|(rows, end, last)| {
            let mut text = format!("status,host,msg,ts{end}{}", rows.join(end));
            if last {
                text.push_str(end);
            }
            ("in.csv", text.into_bytes(), vec![])
        });
    let banner = prop::sample::select(vec!["", "Starting app\n", "a\":1}\n", "\n \n"]);
    let sniffed = (banner, prop::collection::vec(line(), 1..12)).prop_map(|(banner, lines)| {
        (
            "in.log",
            format!("{banner}{}", lines.join("\n")).into_bytes(),
            vec![],
        )
    });
    let format = prop::sample::select(vec!["lines", "logfmt"]);
    let multiline =
        (prop::collection::vec(log_line(), 0..16), end, format).prop_map(|(lines, end, format)| {
            let args = vec![
                "--from",
                format,
                "--multiline-start",
                "^(level|[A-Z]{3})",
                "--multiline-max-lines",
                "3",
            ];
            ("app.log", lines.join(end).into_bytes(), args)
        });
    prop_oneof![3 => ndjson, 2 => csv, 1 => sniffed, 1 => multiline]
}

/// The other side of the `join` stages: repeated, null and malformed keys, a bad time.
const JOIN_SIDE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/join-side.ndjson");

/// Any stage, as command-line words: those the reader may do (shared with the pushdown
/// harness), and those that stop the run, drop, hold, aggregate or make events (`route`
/// with branch chains too, `join` with a side table and a stream; `tee` and `split`, which
/// write files, are left out).
fn any_stage() -> impl Strategy<Value = Vec<String>> {
    let words = |w: &str| w.split(' ').map(str::to_owned).collect::<Vec<_>>();
    prop_oneof![
        4 => stage(),
        2 => (0u32..4).prop_map(|n| vec!["head".to_owned(), n.to_string()]),
        1 => Just(words("parse --field msg json")),
        1 => Just(vec!["parse".into(), "--field".into(), "host".into(), "(?P<h>[ab]+)".into()]),
        1 => Just(words("count --by host")),
        1 => Just(words("window tumbling --size 1m --time-field ts --max-delay 5s --agg count")),
        1 => Just(words("window hopping --size 10s --slide 1m --time-field ts --by host --agg sum:status")),
        1 => Just(words("window session --gap 30s --time-field ts --max-delay 0s --agg count")),
        1 => Just(words("window count --size 2 --by host --agg count")),
        1 => Just(words("window rolling --range 1m --time-field ts --max-delay 10s --min-rows 2 --agg count")),
        1 => Just(words("window rolling --rows 2 --min-rows 2 --agg max:status")),
        1 => Just(words("unnest msg")),
        1 => Just(words("sort --by status --limit 3")),
        1 => Just(words("sort --by host --reverse")),
        1 => Just(words("tail 2")),
        1 => Just(words("dedupe --by host")),
        1 => Just(words("dedupe --by lower(host)")),
        1 => Just(vec!["count".into(), "--by".into(), "upper(host),status > 300".into()]),
        1 => Just(words("window count --size 2 --by str(host) --agg count")),
        1 => Just(words("sample --rate 0.5 --seed 3")),
        1 => Just(vec!["route".into(), "--when".into(), "status >= 500".into(),
            "| count --by host".into(), "--else".into(), "-".into()]),
        1 => Just(vec!["route".into(), "--when".into(), "status > 300".into(), "-".into(),
            "--when".into(), "host == \"a\"".into(), "| head 1 then map 'x = 1'".into()]),
        1 => Just(words(&format!("join --with {JOIN_SIDE} --on host --kind left"))),
        1 => Just(words(&format!("join --with {JOIN_SIDE} --on host --as s --dup last"))),
        1 => Just(words(&format!(
            "join --stream {JOIN_SIDE} --on host --within 30s --time-field ts --max-delay 5s --kind left"
        ))),
    ]
}

/// Runs `args` on `input` at one reader thread and at four, at once: (stdout, stderr, exit
/// status) of each.
fn run_twice(args: &[String], input: &Path) -> [(String, String, Option<i32>); 2] {
    let spawn = |threads: &str| {
        eddy()
            .args(["--stats", "--threads", threads])
            .args(args)
            .arg(input)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("eddy runs")
    };
    [spawn("1"), spawn("4")].map(|child| {
        let out = child.wait_with_output().expect("eddy ends");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000),
        ..ProptestConfig::default()
    })]

    /// Every line read and every event a stage takes is accounted for, in every format and
    /// chain, also in a run `--on-error fail` stops; and one thread counts as four do.
    #[test]
    fn the_accounting_holds_for_any_input_and_chain(
        (name, data, options) in input(),
        stages in prop::collection::vec(any_stage(), 1..4),
        fail in prop::bool::weighted(0.2),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, &data).expect("input file");
        let mut args: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        if fail {
            args.extend(["--on-error".to_owned(), "fail".to_owned()]);
        }
        for (i, stage) in stages.iter().enumerate() {
            if i > 0 {
                args.push("then".into());
            }
            args.extend(stage.iter().cloned());
        }
        let [one, four] = run_twice(&args, &path);
        prop_assert!(matches!(one.2, Some(0 | 3)), "{:?}: {:?}\n{}", args, one.2, one.1);
        if let Err(e) = accounting::check(&one.1) {
            return Err(TestCaseError::fail(format!("{args:?} on {name}: {e}")));
        }
        let timeless = |run: &(String, String, Option<i32>)| {
            (run.0.clone(), strip_timing(&run.1), run.2)
        };
        prop_assert_eq!(timeless(&one), timeless(&four), "{:?} on {}", args, name);
    }
}
