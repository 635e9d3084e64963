//! `filter` and `map` through the binary: accounting, side files, usage errors before input.

use std::fs;
use std::process::{Command, Stdio};

use crate::common::eddy;

#[test]
fn filter_accounts_for_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ndjson");
    fs::write(
        &input,
        "{\"x\":1}\n{\"x\":\"a\"}\n{\"x\":5}\n{\"x\":null}\n",
    )
    .unwrap();
    let out = eddy()
        .args(["--stats", "filter", "x * 2 > 3", "then", "map", "y = x"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\"x\":5,\"y\":5}\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stats = stderr.lines().last().unwrap();
    assert!(
        stats.contains(r#"{"stage":1,"name":"filter","events_in":4,"events_out":1,"filtered":2,"dropped":{"eval_error":1},"passed":1,"absorbed":0}"#),
        "{stats}"
    );
}

#[test]
fn map_errors_write_the_original_line_not_a_half_changed_event() {
    let dir = tempfile::tempdir().unwrap();
    let errors = dir.path().join("errors.ndjson");
    let out = eddy()
        .args(["map", "a = 1; b = upper(x)", "--errors"])
        .arg(&errors)
        .stdin(Stdio::piped())
        .output_with_stdin(b"{ \"x\" : 5 }\n{\"x\":\"q\"}\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"x\":\"q\",\"a\":1,\"b\":\"Q\"}\n"
    );
    assert_eq!(fs::read(&errors).unwrap(), b"{ \"x\" : 5 }\n");
}

#[test]
fn a_bad_later_stage_stops_the_run_before_reading() {
    // stdin is a directory: reading it would fail with status 3.
    let out = eddy()
        .args(["filter", "true", "then", "map", "x = substr(y)"])
        .stdin(fs::File::open("/").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "eddy: stage 2 (map): substr takes 2 to 3 arguments, got 1\n  x = substr(y)\n      ^\n"
    );
}

/// `Command::output` with bytes on stdin.
trait OutputWithStdin {
    fn output_with_stdin(&mut self, input: &[u8]) -> std::process::Output;
}

impl OutputWithStdin for Command {
    fn output_with_stdin(&mut self, input: &[u8]) -> std::process::Output {
        use std::io::Write;
        let mut child = self
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    }
}

/// Every example of the function table (`eddy help expr`, `eddy-expr(7)`) gives its stated
/// result through the binary, and every function has one that calls it.
#[test]
fn documented_function_examples_hold() {
    let mut wrong = Vec::new();
    for f in eddy::expr::func::FUNCTIONS {
        assert!(!f.examples.is_empty(), "{} has no example", f.name);
        assert!(
            f.signature.starts_with(&format!("{}(", f.name)),
            "{}: signature {}",
            f.name,
            f.signature
        );
        for ex in f.examples {
            assert!(
                ex.expr.contains(&format!("{}(", f.name)),
                "{}'s example `{}` does not call it",
                f.name,
                ex.expr
            );
            let out = eddy()
                .args(["map", &format!("r = {}", ex.expr), "then", "select", "r"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write;
                    child
                        .stdin
                        .take()
                        .unwrap()
                        .write_all(format!("{}\n", ex.input).as_bytes())?;
                    child.wait_with_output()
                })
                .unwrap();
            let got = String::from_utf8_lossy(&out.stdout);
            let want = format!("{{\"r\":{}}}\n", ex.result);
            if got != want || !out.status.success() {
                wrong.push(format!(
                    "{} on {}: want {} got {} {}",
                    ex.expr,
                    ex.input,
                    ex.result,
                    got.trim_end(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The README's function table names the functions of the function table (the reference of
/// `eddy help expr`), with the same signatures, in the same order.
#[test]
fn readme_lists_the_functions_of_the_reference() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("\n### Functions\n")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("README has a Functions section");
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split("` |").next())
        .collect();
    let reference: Vec<&str> = eddy::expr::func::FUNCTIONS
        .iter()
        .map(|f| f.signature)
        .collect();
    assert_eq!(listed, reference);
}

/// The README's operator table and the reference's (`src/expr/reference.md`, the text of
/// `eddy help expr`) give the same operators at each precedence level.
#[test]
fn readme_and_reference_agree_on_precedence() {
    use std::collections::BTreeSet;
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let reference = std::fs::read_to_string(format!("{root}/src/expr/reference.md")).unwrap();
    // The words of the code spans of `text`.
    let tokens = |text: &str| -> BTreeSet<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .flat_map(|code| code.split_whitespace().map(str::to_owned))
            .collect()
    };
    let mut levels = 0;
    for line in readme.lines() {
        let cells: Vec<&str> = line.split(" | ").collect();
        let Some(level) = cells[0]
            .strip_prefix("| ")
            .filter(|l| l.parse::<u8>().is_ok())
        else {
            continue;
        };
        if cells.len() < 3 {
            continue;
        }
        let ours = reference
            .lines()
            .find(|l| l.starts_with(&format!(": {level} ")))
            .unwrap_or_else(|| panic!("level {level} is not in the reference"));
        assert_eq!(
            tokens(&cells[1].replace("\\|", "|")),
            tokens(ours),
            "level {level}"
        );
        levels += 1;
    }
    assert_eq!(levels, 9);
}
