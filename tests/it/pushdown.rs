//! The one harness every pushdown implementation goes through: random events and random chains
//! of the stages that offer work to the reader threads (`filter`, `map`, `select`, `parse`,
//! `count`, `window`), run with the plan (lazy decoding, the reader doing what it can, at one
//! thread and at two) and without it (`EDDY_EAGER=1`, every stage doing its own work). The
//! outputs, the messages and the `--stats` counters must be byte-identical.

use std::io::Write;
use std::process::Stdio;

use proptest::prelude::*;

use crate::common::eddy;

/// One field value, written as JSON text in one of its spellings.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (-3i64..600).prop_map(|n| n.to_string()),
        (0i64..600).prop_map(|n| format!("{n}.0")),
        (0i64..600).prop_map(|n| format!("{}e-1", n * 10)),
        Just("-0".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        "[a-c]{0,2}".prop_map(|s| format!("\"{s}\"")),
        // Longer than a reader thread holds a key inline.
        "[a-c/]{36,60}".prop_map(|s| format!("\"{s}\"")),
        Just("\"\\u0061\"".to_owned()),
        Just("\"503\"".to_owned()),
        Just("{\"status\":599}".to_owned()),
        Just("[1,\"x\"]".to_owned()),
        Just("12345678901234567890123".to_owned()),
    ]
}

/// The keys events are made of; the escaped spelling of `status` and a dotted key included.
const KEYS: &[&str] = &[
    "status",
    "host",
    "latency_ms",
    "msg",
    "stat\\u0075s",
    "id.orig_h",
];

/// One input line: mostly objects (keys possibly repeated, spacing varied, a time field in
/// several forms), sometimes a non-object value or a malformed line.
pub(crate) fn line() -> impl Strategy<Value = String> {
    let member = (0..KEYS.len(), value(), any::<bool>()).prop_map(|(k, v, spaced)| match spaced {
        true => format!(" \"{}\" : {v} ", KEYS[k]),
        false => format!("\"{}\":{v}", KEYS[k]),
    });
    let time = prop_oneof![
        (0u32..240).prop_map(|s| format!("\"ts\":\"2024-01-01T00:{:02}:{:02}Z\"", s / 60, s % 60)),
        (0u32..240).prop_map(|s| format!("\"ts\":{}", 1_704_067_200 + s)),
        Just("\"ts\":\"yesterday\"".to_owned()),
        Just(String::new()),
    ];
    let object = (prop::collection::vec(member, 0..6), time).prop_map(|(mut members, time)| {
        if !time.is_empty() {
            members.push(time);
        }
        format!("{{{}}}", members.join(","))
    });
    prop_oneof![
        12 => object,
        1 => Just("[503]".to_owned()),
        1 => Just("{\"status\":503,\"host\":\"a\"".to_owned()),
        1 => Just(String::new()),
    ]
}

/// A condition of `filter`: comparisons of a field with a constant (which the reader may read
/// from the raw text) joined by `and`/`or`, or an expression it must evaluate.
fn condition() -> impl Strategy<Value = String> {
    let field = prop::sample::select(vec!["status", "host", "latency_ms", "id.orig_h", "msg"]);
    let op = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
    let constant = prop::sample::select(vec!["500", "0", "-0", "2.5", "\"a\"", "null", "true"]);
    let comparison = (field, op, constant).prop_map(|(f, o, c)| format!("{f} {o} {c}"));
    prop_oneof![
        3 => comparison.clone(),
        2 => (comparison.clone(), prop::sample::select(vec!["and", "or"]), comparison)
            .prop_map(|(a, j, b)| format!("{a} {j} {b}")),
        1 => Just("status * 2 > 500".to_owned()),
        1 => Just("exists(host) and len(str(host)) < 3".to_owned()),
    ]
}

/// One stage that offers work to the reader, as command-line words.
pub(crate) fn stage() -> impl Strategy<Value = Vec<String>> {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    prop_oneof![
        3 => condition().prop_map(move |c| vec!["filter".to_owned(), c]),
        1 => Just(words(&["map", "x = latency_ms * 2"])),
        1 => Just(words(&["map", "status = status + 1; del(msg)"])),
        1 => Just(words(&["map", "host = upper(host)"])),
        1 => Just(words(&["select", "host,status,ts"])),
        1 => Just(words(&["select", "status,id.orig_h"])),
        1 => Just(words(&["parse", "--field", "msg", "--keep-unmatched", "json"])),
    ]
}

/// The last stage: none, or one that reads fields (and may let the reader aggregate, or, with
/// expression keys, only find its fields).
fn last_stage() -> impl Strategy<Value = Vec<String>> {
    let words = |w: &str| w.split(' ').map(str::to_owned).collect::<Vec<_>>();
    let by = |w: &str, keys: &str| {
        let mut stage = words(w);
        stage.extend(["--by".to_owned(), keys.to_owned()]);
        stage
    };
    prop_oneof![
        2 => Just(Vec::new()),
        1 => Just(words("count --by host")),
        1 => Just(by("count", "h=lower(host),status >= 500")),
        1 => Just(by(
            "window tumbling --size 1m --time-field ts --max-delay 30s --agg count",
            "str(status),id.orig_h",
        )),
        1 => Just(words("window global --by host --agg count --agg sum:latency_ms")),
        1 => Just(words(
            "window tumbling --size 1m --time-field ts --max-delay 30s --by msg,host \
             --agg count --agg p99:latency_ms"
        )),
        1 => Just(words(
            "window tumbling --size 1m --time-field ts --max-delay 30s --by host \
             --agg count --agg mean:latency_ms --agg max:status"
        )),
        1 => Just(words("head 3")),
    ]
}

/// `--stats` output without its timings, which differ from run to run.
pub(crate) fn strip_timing(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| l.split(",\"wall_seconds\"").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs eddy with `args` on the file `input`: stdout, stderr without timings, exit status.
fn run(args: &[String], input: &std::path::Path, eager: bool) -> (String, String, i32) {
    let mut cmd = eddy();
    cmd.args(args).arg(input);
    if eager {
        cmd.env("EDDY_EAGER", "1");
    } else {
        cmd.env_remove("EDDY_EAGER");
    }
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .expect("eddy runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        strip_timing(&String::from_utf8_lossy(&out.stderr)),
        out.status.code().unwrap_or(-1),
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Every chain gives the same bytes and counters with the reader doing the work (at one
    /// thread and at two) as with every stage doing its own.
    #[test]
    fn the_plan_equals_the_stages_own_work(
        lines in prop::collection::vec(line(), 1..60),
        stages in prop::collection::vec(stage(), 1..4),
        last in last_stage(),
        csv in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("events.ndjson");
        let mut file = std::fs::File::create(&input).expect("input file");
        file.write_all(lines.join("\n").as_bytes()).expect("written");
        drop(file);
        let mut chain: Vec<String> = Vec::new();
        for stage in stages.iter().chain(std::iter::once(&last)).filter(|s| !s.is_empty()) {
            if !chain.is_empty() {
                chain.push("then".into());
            }
            chain.extend(stage.iter().cloned());
        }
        let output = if csv { "csv" } else { "ndjson" };
        let with = |threads: &str| -> Vec<String> {
            ["--stats", "--to", output, "--threads", threads]
                .iter()
                .map(|s| s.to_string())
                .chain(chain.iter().cloned())
                .collect()
        };
        let reference = run(&with("1"), &input, true);
        for threads in ["1", "2"] {
            let planned = run(&with(threads), &input, false);
            prop_assert_eq!(&planned, &reference, "threads {}: {:?}", threads, chain);
        }
    }
}
