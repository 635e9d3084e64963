//! Golden cases: every folder under `tests/cases/` is one run of eddy, twice: lazily (the
//! default) and eagerly (`EDDY_EAGER=1`), which must give exactly the same results.
//!
//! A case folder holds `cmd` (one shell line, run with bash in a copy of the folder with the
//! built `eddy` first on PATH), optional `stdin`, and the expectations: `stdout` (exact),
//! `status` (default 0), `stderr` (exact) or `stderr_contains` (each line must appear), and
//! `expect/NAME` for files the command must leave behind with exactly that content.
//!
//! - `cargo test --test it cases::` runs the golden cases only.
//! - `CASE=PATTERN` picks the case folders by name: a substring (`CASE=window`), or a glob with
//!   `*` and `?` matched against the whole name (`CASE='count-*'`); several patterns are
//!   separated by commas (`CASE=head,tail-*`). A pattern that matches no folder fails the run.
//! - `BLESS=1 cargo test --test it cases::` rewrites `stdout`, `status` and an existing
//!   `stderr` from the lazy run (combine with `CASE=` to refresh a few); the eager run of each
//!   case then checks the blessed files.
//!
//! The cases run in parallel on a small pool of threads (`CASE_THREADS=N` to choose, default
//! twice the available cores: most of a case's time is spent starting bash and eddy). Each case
//! runs lazily then eagerly on one thread, so blessing never races with a check. The two tests
//! below share that one run and each reports every case that failed in its mode, with the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::common::{EDDY, realdata};

/// Copies the folder `from` to `to`, recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
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

/// Runs one case; `eager` sets `EDDY_EAGER=1` (NDJSON parsed whole up front, the full path),
/// which must give exactly the same results as the default lazy decoding.
fn run_case(dir: &Path, bless: bool, eager: bool) -> Vec<String> {
    let bless = bless && !eager;
    let cmd = fs::read_to_string(dir.join("cmd")).unwrap();
    let work = tempfile::tempdir().unwrap();
    copy_dir(dir, work.path());
    let bin_dir = Path::new(EDDY).parent().unwrap().to_path_buf();
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
        .env("REALDATA", realdata())
        .env_remove("CASE")
        .env_remove("CASE_THREADS")
        .env_remove("BLESS")
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

#[test]
fn golden_cases() {
    report(false);
}

/// Every golden case again with the full-parse path (`EDDY_EAGER=1`): lazy NDJSON decoding must
/// not change any output.
#[test]
fn golden_cases_eager() {
    report(true);
}

/// What one case gave in each mode: a description of every mismatch.
struct Outcome {
    name: String,
    lazy: Vec<String>,
    eager: Vec<String>,
}

/// The run of every selected case, done once for both tests.
struct Run {
    filter: Option<String>,
    outcomes: Vec<Outcome>,
}

/// Fails the test with one report of every case that failed in this mode.
fn report(eager: bool) {
    let run = run_all();
    let failures: Vec<String> = run
        .outcomes
        .iter()
        .filter_map(|o| {
            let problems = if eager { &o.eager } else { &o.lazy };
            (!problems.is_empty()).then(|| format!("=== case {}\n{}", o.name, problems.join("\n")))
        })
        .collect();
    let selected = match &run.filter {
        Some(filter) => format!(" (CASE={filter})"),
        None => String::new(),
    };
    assert!(
        failures.is_empty(),
        "{} of {} golden cases{selected} failed (eager: {eager}):\n{}",
        failures.len(),
        run.outcomes.len(),
        failures.join("\n")
    );
}

/// Runs every selected case lazily then eagerly, on a pool of threads; the first caller does
/// the work, the other waits for it.
fn run_all() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let bless = std::env::var_os("BLESS").is_some();
        let filter = std::env::var("CASE").ok().filter(|f| !f.is_empty());
        let dirs = case_dirs(filter.as_deref());
        let next = AtomicUsize::new(0);
        let outcomes = Mutex::new(Vec::with_capacity(dirs.len()));
        let threads = pool_size().min(dirs.len());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    while let Some(dir) = dirs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let outcome = Outcome {
                            name: case_name(dir),
                            lazy: run_case(dir, bless, false),
                            eager: run_case(dir, bless, true),
                        };
                        outcomes.lock().unwrap().push(outcome);
                    }
                });
            }
        });
        let mut outcomes = outcomes.into_inner().unwrap();
        outcomes.sort_by(|a, b| a.name.cmp(&b.name));
        Run { filter, outcomes }
    })
}

/// The case folders, sorted, that `filter` (the `CASE` variable) selects.
fn case_dirs(filter: Option<&str>) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("cmd").exists())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no golden cases found");
    if let Some(filter) = filter {
        dirs.retain(|dir| selected(filter, &case_name(dir)));
        assert!(!dirs.is_empty(), "CASE={filter} matches no golden case");
    }
    dirs
}

fn case_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// Threads for the golden cases: `CASE_THREADS`, else twice the available cores.
fn pool_size() -> usize {
    match std::env::var("CASE_THREADS") {
        Ok(n) => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| panic!("CASE_THREADS={n} is not a positive number")),
        Err(_) => std::thread::available_parallelism().map_or(2, |n| n.get() * 2),
    }
}

/// Whether the `CASE` filter selects the case `name`: any of its comma-separated patterns is a
/// substring of the name or, with `*` or `?` in it, a glob matching the whole name.
fn selected(filter: &str, name: &str) -> bool {
    filter
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .any(|pattern| {
            if pattern.contains(['*', '?']) {
                glob_match(pattern.as_bytes(), name.as_bytes())
            } else {
                name.contains(pattern)
            }
        })
}

/// `*` matches any run of bytes, `?` any one byte, everything else itself.
fn glob_match(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|skip| glob_match(rest, &name[skip..])),
        Some((&p, rest)) => match name.split_first() {
            Some((&c, name_rest)) if p == b'?' || p == c => glob_match(rest, name_rest),
            _ => false,
        },
    }
}

#[test]
fn case_filter_takes_substrings_and_globs() {
    assert!(selected("window", "window-tumbling-count"));
    assert!(!selected("window", "count-by-key"));
    assert!(selected("count-*", "count-by-key"));
    assert!(
        !selected("count-*", "window-count"),
        "a glob matches the whole name"
    );
    assert!(selected("*-key", "count-by-key"));
    assert!(selected("count-b?-key", "count-by-key"));
    assert!(!selected("count-b?-key", "count-bye-key"));
    assert!(
        selected("nope, count-by", "count-by-key"),
        "any of the patterns"
    );
    assert!(!selected("nope,other*", "count-by-key"));
}
