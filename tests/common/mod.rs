//! Helpers shared by the tests that drive the `eddy` binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use assert_cmd::cargo::cargo_bin;

/// The built binary, with backtraces off so a panic message stays one recognisable line.
pub fn eddy() -> Command {
    let mut cmd = Command::new(cargo_bin("eddy"));
    cmd.env("RUST_BACKTRACE", "0");
    cmd
}

/// Runs eddy in `dir` with `args`, feeding `stdin` from a thread (so a large input cannot
/// deadlock against a full stdout pipe), and returns everything it produced.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = eddy()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
