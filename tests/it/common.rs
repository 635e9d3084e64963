//! Helpers shared by the tests that drive the `eddy` binary: the one way every test finds it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `eddy` binary cargo built for this test run.
pub const EDDY: &str = env!("CARGO_BIN_EXE_eddy");

/// The built binary, with backtraces off so a panic message stays one recognisable line.
pub fn eddy() -> Command {
    let mut cmd = Command::new(EDDY);
    cmd.env("RUST_BACKTRACE", "0");
    cmd
}

/// [`eddy`] as an `assert_cmd` command (for `write_stdin` and `assert`).
pub fn eddy_assert() -> assert_cmd::Command {
    assert_cmd::Command::from_std(eddy())
}

/// `../shared/realdata` beside the repository, as CI lays it out.
pub fn realdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata")
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

/// Appends `text` to the file at `path`, creating it, as a logger writes.
pub fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// The lines `child` writes to stdout, as they come, on a channel (its stdout must be piped):
/// for tests that watch a run while it goes on.
pub fn stdout_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}
