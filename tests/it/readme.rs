//! The README's examples are tests, read from the README itself (jaq's manual-as-tests).
//!
//! Every fenced block marked `console` is a session: a line beginning with `$ ` is a command
//! (a line ending in ` \` goes on to the next), and the lines after it, up to the next command
//! or the end of the block, are exactly what it prints, stdout and stderr together as a
//! terminal shows them. The commands run with bash, the built `eddy` first on PATH, in a fresh
//! copy of `examples/data/` per block (so a later command of a block sees the files an earlier
//! one wrote), with no stdin, once lazily and once eagerly (`EDDY_EAGER=1`), which must agree.
//!
//! An example in any other block would go untested, so no other block may run eddy unless it
//! is marked `<!-- not run: WHY -->` (a crontab line, a run that never ends, a synopsis). The
//! quick start's command is checked against the output the README shows under it.
//!
//! `BLESS=1 cargo test --test it readme` writes what each command printed into the README.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cases::copy_dir;
use crate::common::EDDY;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One `$ ` command of a console block and the output the README shows for it.
struct Example {
    /// The README's line number (1-based) of the `$ ` line.
    line: usize,
    /// The command as bash reads it (continuation lines kept).
    command: String,
    /// The spaces before the block's fence, and so before each of its lines.
    indent: usize,
    /// Index range, in the README's lines, of the shown output.
    output: std::ops::Range<usize>,
}

/// The console blocks of `lines`: each a list of examples. A block may be indented (inside a
/// list item); its lines are read without the fence's indentation.
fn console_blocks(lines: &[&str]) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```console" {
            i += 1;
            continue;
        }
        let indent = fence_indent(lines[i]);
        i += 1;
        let mut block: Vec<Example> = Vec::new();
        while i < lines.len() && lines[i].trim() != "```" {
            let line = lines[i].get(indent..).unwrap_or("");
            if let Some(first) = line.strip_prefix("$ ") {
                let start = i;
                let mut command = first.to_owned();
                while command.ends_with('\\') && i + 1 < lines.len() {
                    i += 1;
                    command.push('\n');
                    command.push_str(lines[i]);
                }
                block.push(Example {
                    line: start + 1,
                    command,
                    indent,
                    output: i + 1..i + 1,
                });
            } else {
                let example = block.last_mut().unwrap_or_else(|| {
                    panic!(
                        "README.md:{}: a console block must begin with a `$ ` command",
                        i + 1
                    )
                });
                example.output.end = i + 1;
            }
            i += 1;
        }
        blocks.push(block);
        i += 1;
    }
    blocks
}

/// The spaces before a fence.
fn fence_indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `text`'s lines, each after `indent` spaces (none on an empty line), their ends kept as
/// they are (a `\r` or a missing last `\n` then shows as a difference).
fn indented(text: &str, indent: usize) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            if l == "\n" {
                l.to_owned()
            } else {
                format!("{:indent$}{l}", "")
            }
        })
        .collect()
}

/// Runs `command` in `dir` and returns what it printed, stdout and stderr in one stream.
fn run(command: &str, dir: &Path, eager: bool) -> String {
    let bin_dir = Path::new(EDDY).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut bash = Command::new("bash");
    if eager {
        bash.env("EDDY_EAGER", "1");
    } else {
        bash.env_remove("EDDY_EAGER");
    }
    // One pipe for both streams, as a terminal shows them.
    let script = format!("{{\n{command}\n}} 2>&1");
    let output = bash
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("COLUMNS")
        .env_remove("BLESS")
        .env_remove("NO_COLOR")
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What each example of `block` printed, run in order in a fresh copy of `examples/data/`.
fn run_block(block: &[Example], eager: bool) -> Vec<String> {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&examples_dir(), work.path());
    block
        .iter()
        .map(|example| indented(&run(&example.command, work.path(), eager), example.indent))
        .collect()
}

fn examples_dir() -> PathBuf {
    root().join("examples/data")
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let text = fs::read_to_string(root().join("README.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let blocks = console_blocks(&lines);
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    // (range of README lines, what replaces them), for BLESS.
    let mut rewrites: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut count = 0;
    for block in &blocks {
        let lazy = run_block(block, false);
        let eager = run_block(block, true);
        for ((example, lazy), eager) in block.iter().zip(lazy).zip(eager) {
            count += 1;
            let at = format!("README.md:{}: $ {}", example.line, example.command);
            if eager != lazy {
                failures.push(format!(
                    "{at}\n--- lazily\n{lazy}--- eagerly (EDDY_EAGER=1)\n{eager}"
                ));
            }
            let shown: String = lines[example.output.clone()]
                .iter()
                .map(|l| format!("{l}\n"))
                .collect();
            if lazy == shown {
                continue;
            }
            if bless && (lazy.is_empty() || lazy.ends_with('\n')) {
                rewrites.push((example.output.clone(), lazy));
            } else {
                failures.push(format!(
                    "{at}\n--- README shows\n{shown}--- eddy printed\n{lazy}"
                ));
            }
        }
    }
    if bless && !rewrites.is_empty() {
        let mut out = String::new();
        let mut next = 0;
        for (range, actual) in &rewrites {
            for line in &lines[next..range.start] {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(actual);
            next = range.end;
        }
        for line in &lines[next..] {
            out.push_str(line);
            out.push('\n');
        }
        fs::write(root().join("README.md"), out).unwrap();
    }
    assert!(count > 40, "only {count} README examples found");
    assert!(
        failures.is_empty(),
        "{} README examples differ (BLESS=1 writes what eddy printed into the README):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A fenced block other than `console`, or an indented code line, that runs eddy would be an
/// example nobody tests. A block right after a `<!-- not run: WHY -->` line is allowed (a
/// crontab line, a run that lasts until it is stopped, a synopsis).
#[test]
fn readme_examples_are_all_console_blocks() {
    let text = fs::read_to_string(root().join("README.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // `eddy` as a command word: at the start, after a blank, `|`, `;`, `&`, `(` or a backquote,
    // with or without a directory (`./target/release/eddy`).
    let runs_eddy = regex::Regex::new(r"(?:^|[\s|;&(`])(?:[\w.~-]*/)*eddy(?:\s|$)").unwrap();
    let mut fence: Option<bool> = None; // inside a fence: whether its lines are checked
    let mut offenders = Vec::new();
    // Inside an indented block marked not run.
    let mut not_run_block = false;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let marked = n > 0 && lines[n - 1].trim().starts_with("<!-- not run:");
        let indented = line.starts_with("    ");
        not_run_block = (not_run_block && (indented || trimmed.is_empty())) || (marked && indented);
        let not_run = marked || not_run_block;
        let command = !trimmed.starts_with('#') && runs_eddy.is_match(trimmed);
        match fence {
            None if trimmed.starts_with("```") => {
                fence = Some(trimmed != "```console" && !not_run);
            }
            None if indented && !not_run && command => {
                offenders.push(format!("README.md:{}: {line}", n + 1));
            }
            Some(_) if trimmed == "```" => fence = None,
            Some(true) if command => {
                offenders.push(format!("README.md:{}: {line}", n + 1));
            }
            _ => {}
        }
    }
    assert!(
        offenders.is_empty(),
        "eddy examples outside `console` blocks (make them `console` examples, which this test \
         runs, or mark the block <!-- not run: WHY -->):\n{}",
        offenders.join("\n")
    );
}

/// The quick start's first command, with its shown output.
#[test]
fn readme_quick_start_prints_what_the_readme_shows() {
    let text = fs::read_to_string(root().join("README.md")).unwrap();
    let section = text
        .split("<!-- quickstart -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /quickstart -->").next())
        .expect("the README marks its quick start");
    let command = section
        .lines()
        .find(|l| l.starts_with("cargo run"))
        .expect("the quick start runs eddy with cargo run");
    let args = command.split_once(" -- ").expect("cargo run ... -- ARGS").1;
    let shown = text
        .split("<!-- quickstart-output -->")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect(
            "the README shows the quick start's output in a block after <!-- quickstart-output -->",
        );
    // Past the fence's info string.
    let shown = shown.split_once('\n').map_or("", |(_, body)| body);
    let actual = run(&format!("eddy {args}"), root(), false);
    assert_eq!(
        actual, shown,
        "the quick start's output in the README is stale"
    );
}
