//! Invariants of any run, under random inputs and random chains of the stateless stages that
//! can drop records (`filter`, `map`, `select`, `parse`; generators shared with the pushdown
//! harness): one reader thread and four give byte-identical stdout, `--errors` file and
//! `--stats` counters, and every record written to `--errors` replays to the same error.
//! `PROPTEST_CASES` sets the number of cases (1,000 by default, as CI runs it).

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use proptest::prelude::*;

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
