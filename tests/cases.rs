//! Golden cases: every folder under `tests/cases/` is one run of eddy.
//!
//! A case folder holds `cmd` (one shell line, run with bash in a copy of the folder with the
//! built `eddy` first on PATH), optional `stdin`, and the expectations: `stdout` (exact),
//! `status` (default 0), `stderr` (exact) or `stderr_contains` (each line must appear), and
//! `expect/NAME` for files the command must leave behind with exactly that content.
//! `BLESS=1 cargo test --test cases` rewrites `stdout`, `status` and an existing `stderr`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs one case; returns a description of every mismatch.
/// Runs one case; `eager` sets `EDDY_EAGER=1` (NDJSON parsed whole up front, the full path),
/// which must give exactly the same results as the default lazy decoding.
fn run_case(dir: &Path, bless: bool, eager: bool) -> Vec<String> {
    let bless = bless && !eager;
    let cmd = fs::read_to_string(dir.join("cmd")).unwrap();
    let work = tempfile::tempdir().unwrap();
    copy_dir(dir, work.path());
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_eddy"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let stdin = match fs::File::open(dir.join("stdin")) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    let mut command = Command::new("bash");
    if eager {
        command.env("EDDY_EAGER", "1");
    } else {
        command.env_remove("EDDY_EAGER");
    }
    let output = command
        .arg("-c")
        .arg(cmd.trim_end())
        .current_dir(work.path())
        .env("PATH", path)
        .env("REALDATA", realdata_dir())
        .env_remove("NO_COLOR")
        .stdin(stdin)
        .output()
        .unwrap();
    let status = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut problems = Vec::new();
    if bless {
        fs::write(dir.join("stdout"), &output.stdout).unwrap();
        if status != 0 || dir.join("status").exists() {
            fs::write(dir.join("status"), format!("{status}\n")).unwrap();
        }
        if dir.join("stderr").exists() {
            fs::write(dir.join("stderr"), &output.stderr).unwrap();
        }
    }
    let expected_out = fs::read_to_string(dir.join("stdout")).unwrap_or_default();
    if stdout != expected_out {
        problems.push(format!(
            "stdout differs\n--- expected\n{expected_out}--- actual\n{stdout}--- stderr\n{stderr}"
        ));
    }
    let expected_status: i32 = fs::read_to_string(dir.join("status"))
        .map(|s| s.trim().parse().unwrap())
        .unwrap_or(0);
    if status != expected_status {
        problems.push(format!(
            "status {status}, expected {expected_status}; stderr:\n{stderr}"
        ));
    }
    if let Ok(expected) = fs::read_to_string(dir.join("stderr"))
        && expected != stderr
    {
        problems.push(format!(
            "stderr differs\n--- expected\n{expected}--- actual\n{stderr}"
        ));
    }
    if let Ok(needles) = fs::read_to_string(dir.join("stderr_contains")) {
        for needle in needles.lines().filter(|l| !l.is_empty()) {
            if !stderr.contains(needle) {
                problems.push(format!("stderr lacks `{needle}`:\n{stderr}"));
            }
        }
    }
    if let Ok(entries) = fs::read_dir(dir.join("expect")) {
        for entry in entries {
            let entry = entry.unwrap();
            let expected = fs::read(entry.path()).unwrap();
            match fs::read(work.path().join(entry.file_name())) {
                Ok(actual) if actual == expected => {}
                Ok(actual) => problems.push(format!(
                    "file {:?} differs\n--- expected\n{}--- actual\n{}",
                    entry.file_name(),
                    String::from_utf8_lossy(&expected),
                    String::from_utf8_lossy(&actual)
                )),
                Err(e) => problems.push(format!("file {:?} missing: {e}", entry.file_name())),
            }
        }
    }
    problems
}

/// `../shared/realdata` beside the repository, as CI lays it out.
fn realdata_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata")
}

#[test]
fn golden_cases() {
    run_all(false);
}

/// Every golden case again with the full-parse path (`EDDY_EAGER=1`): lazy NDJSON decoding must
/// not change any output.
#[test]
fn golden_cases_eager() {
    run_all(true);
}

fn run_all(eager: bool) {
    let bless = std::env::var_os("BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("cmd").exists())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no golden cases found");
    let mut failures = Vec::new();
    for dir in &dirs {
        let problems = run_case(dir, bless, eager);
        if !problems.is_empty() {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            failures.push(format!("=== case {name}\n{}", problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed (eager: {eager}):\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}
