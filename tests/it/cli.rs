//! Behaviour of the binary as a whole: exit statuses, error reporting, nothing lost, live
//! flushing, closed pipes, help.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{EDDY, eddy, run_in};

/// Runs eddy with `args` and `stdin`; returns (status, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = run_in(Path::new("."), args, stdin.as_bytes());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const WITH_BAD_LINE: &str = "{\"a\":1}\n{\"a\":\n{\"a\":3}\n";

#[test]
fn malformed_lines_are_counted_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let errors = dir.path().join("errors.ndjson");
    let errors_arg = errors.to_str().unwrap();
    let (status, stdout, stderr) = run(&["--errors", errors_arg, "head", "10"], WITH_BAD_LINE);
    assert_eq!(status, 0);
    assert_eq!(stdout, "{\"a\":1}\n{\"a\":3}\n");
    assert!(stderr.contains("eddy: <stdin>:2: invalid JSON"), "{stderr}");
    assert!(
        stderr.contains("skipped 1 line: 1 malformed (<stdin>:2)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&errors).unwrap(), b"{\"a\":\n");
}

#[test]
fn strict_and_on_error_fail_change_the_exit_status() {
    let (status, stdout, _) = run(&["--strict", "head", "10"], WITH_BAD_LINE);
    assert_eq!((status, stdout.as_str()), (4, "{\"a\":1}\n{\"a\":3}\n"));
    let (status, stdout, stderr) = run(&["--on-error", "fail", "head", "10"], WITH_BAD_LINE);
    assert_eq!(status, 3);
    assert_eq!(
        stdout, "{\"a\":1}\n",
        "what came before the bad line is written"
    );
    assert!(stderr.contains("<stdin>:2: invalid JSON"), "{stderr}");
}

#[test]
fn exit_status_flag_reports_no_output() {
    assert_eq!(run(&["-e", "head", "1"], "").0, 1);
    assert_eq!(run(&["-e", "head", "1"], "{\"a\":1}\n").0, 0);
}

#[test]
fn crlf_bom_blank_lines_and_missing_final_newline() {
    let (status, stdout, stderr) = run(&["head", "10"], "\u{feff}{\"a\":1}\r\n\r\n{\"b\":2}");
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stdout, "{\"a\":1}\n{\"b\":2}\n");
}

#[test]
fn non_objects_are_wrapped() {
    let (_, stdout, _) = run(&["head", "10"], "5\n\"s\"\n[1]\n");
    assert_eq!(
        stdout,
        "{\"value\":5}\n{\"value\":\"s\"}\n{\"value\":[1]}\n"
    );
}

#[test]
fn lines_mode_keeps_invalid_utf8() {
    let mut child = eddy()
        .args(["--from", "lines", "head", "5"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"caf\xe9 ok\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"line\":\"caf\u{fffd} ok\",\"line_base64\":\"Y2Fm6SBvaw==\"}\n"
    );
}

#[test]
fn unreadable_file_is_a_runtime_error_naming_it() {
    let (status, _, stderr) = run(&["head", "1", "/nonexistent/x.ndjson"], "");
    assert_eq!(status, 3);
    assert!(stderr.contains("eddy: /nonexistent/x.ndjson:"), "{stderr}");
}

#[test]
fn files_are_read_in_order_as_one_stream() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ndjson");
    let b = dir.path().join("b.ndjson");
    std::fs::write(&a, "{\"n\":1}\n{\"n\":2}").unwrap();
    std::fs::write(&b, "{\"n\":3}\n").unwrap();
    let (status, stdout, _) = run(
        &["head", "5", a.to_str().unwrap(), "-", b.to_str().unwrap()],
        "{\"n\":\"stdin\"}\n",
    );
    assert_eq!(status, 0);
    assert_eq!(
        stdout,
        "{\"n\":1}\n{\"n\":2}\n{\"n\":\"stdin\"}\n{\"n\":3}\n"
    );
}

#[test]
fn usage_errors_exit_2_before_reading_input() {
    // stdin is a directory: reading it would fail with status 3.
    let status = |args: &[&str]| {
        eddy()
            .args(args)
            .stdin(std::fs::File::open("/").unwrap())
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(status(&["nosuchstage"]), Some(2));
    assert_eq!(status(&["head"]), Some(2));
    assert_eq!(status(&["head", "x"]), Some(2));
    assert_eq!(status(&["head", "1", "then"]), Some(2));
    assert_eq!(status(&["head", "1", "--no-such-option"]), Some(2));
    // The same stdin does make a run fail once it is read.
    assert_eq!(status(&["head", "1"]), Some(3));
}

#[test]
fn stats_account_for_every_line() {
    let input = "{\"a\":1}\n\nnot json\n{\"a\":2}\n{\"a\":3}\n";
    let (status, _, stderr) = run(&["--stats", "head", "2"], input);
    assert_eq!(status, 0);
    let stats: serde_json::Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    let n = |k: &str| stats[k].as_u64().unwrap();
    assert_eq!(n("lines_read"), 5);
    assert_eq!(n("blank_lines"), 1);
    assert_eq!(stats["dropped"]["malformed"], 1);
    assert_eq!(n("events_written"), 2);
    // Every line read is blank, malformed, processed, or left unprocessed after `head` stopped.
    crate::accounting::check(&stderr).unwrap();
    assert_eq!(n("malformed_lines"), 1);
    assert_eq!(stats["stages"][0]["events_in"], 2);
    assert_eq!(stats["stages"][0]["events_out"], 2);
}

#[test]
fn stats_count_header_and_continuation_lines() {
    // A header row, a record spanning two lines, a malformed (ragged) row, a blank line.
    let input = "a,b\n1,\"x\ny\"\n1,2,3\n\n3,4\n";
    let (status, _, stderr) = run(&["--from", "csv", "--stats", "head", "5"], input);
    assert_eq!(status, 0, "{stderr}");
    let stats: serde_json::Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    let n = |k: &str| stats[k].as_u64().unwrap();
    assert_eq!(n("lines_read"), 6);
    assert_eq!(
        n("structural_lines"),
        2,
        "the header and one continuation line"
    );
    assert_eq!(n("events_read"), 2);
    crate::accounting::check(&stderr).unwrap();
}

#[test]
fn closed_stdout_ends_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ndjson");
    let line =
        "{\"a\":1,\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n";
    std::fs::write(&big, line.repeat(200_000)).unwrap();
    let script = format!(
        "{} head 100000000 {} | head -1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
        EDDY,
        big.display()
    );
    let out = Command::new("bash").arg("-c").arg(script).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn every_stage_help_shows_examples() {
    let cmd = eddy::cli::command();
    for sub in cmd.get_subcommands() {
        let out = eddy().args([sub.get_name(), "--help"]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Examples:"),
            "`eddy {} --help` has no examples",
            sub.get_name()
        );
    }
}

#[test]
fn version_and_help() {
    let out = eddy().arg("--version").output().unwrap();
    let allocator = if cfg!(feature = "mimalloc") {
        "mimalloc"
    } else {
        "system"
    };
    let static_link = if cfg!(target_feature = "crt-static") {
        ", static"
    } else {
        ""
    };
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "eddy {} (allocator: {allocator}{static_link})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    let out = eddy().arg("-V").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("eddy {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = eddy().arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit status"));
}

/// A closed stdout (`>&-`) is a write error like any other (exit 3, said on stderr), found
/// before any input is read; it used to exit 0 having written nothing. A redirect to
/// `/dev/null`, by the shell or by a parent process, is an open stdout and stays quiet.
#[test]
fn a_closed_stdout_is_an_error_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ndjson");
    std::fs::write(&input, "{\"a\":1}\n").unwrap();
    let shell = |redirect: &str| {
        let line = format!("'{EDDY}' filter true '{}' {redirect}", input.display());
        let out = Command::new("bash").args(["-c", &line]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), stderr)
    };
    assert_eq!(
        shell(">&-"),
        (Some(3), "eddy: stdout: Bad file descriptor\n".to_owned())
    );
    assert_eq!(shell(">/dev/null"), (Some(0), String::new()));
    let devnull = eddy()
        .args(["filter", "true"])
        .arg(&input)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(devnull.code(), Some(0));
}

/// A closed stdout pipe ends the run quietly: no summary of late records (or of anything else)
/// the reader downstream will never see (`window … | head -1` said "dropped N late records").
#[test]
fn a_closed_pipe_ends_the_run_without_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ndjson");
    // Minute windows that close one after another, each followed by a record late for it.
    let mut text = String::new();
    for minute in 0..20_000 {
        text.push_str(&format!(
            "{{\"ts\":{}}}\n{{\"ts\":{}}}\n",
            minute * 60 + 61,
            minute * 60
        ));
    }
    std::fs::write(&input, text).unwrap();
    let window = format!(
        "'{EDDY}' window tumbling --size 1m --time-field ts --max-delay 0s --agg count \
         then select window_start,count '{}'",
        input.display()
    );
    let piped = Command::new("bash")
        .args(["-c", &format!("{window} | head -1")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&piped.stdout).lines().count(), 1);
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
    // Read to the end, the same run does report them.
    let whole = Command::new("bash")
        .args(["-c", &format!("{window} > /dev/null")])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&whole.stderr).contains("late records"),
        "{}",
        String::from_utf8_lossy(&whole.stderr)
    );
}

/// The usage lines and the man pages' synopses show the grammar: stages joined by `then`, the
/// files after the last one.
#[test]
fn usage_shows_then_and_the_files() {
    let usage = |args: &[&str]| {
        let out = eddy().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find(|line| line.starts_with("Usage: "))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        usage(&["--help"]),
        "Usage: eddy [OPTIONS] STAGE [STAGE OPTIONS] [then STAGE [STAGE OPTIONS]]... [FILE]..."
    );
    assert_eq!(
        usage(&["head", "--help"]),
        "Usage: eddy [OPTIONS] head [OPTIONS] <N> [then STAGE ...]... [FILE]..."
    );
    assert_eq!(
        usage(&["window", "tumbling", "--help"]),
        "Usage: eddy [OPTIONS] window tumbling [OPTIONS] [then STAGE ...]... [FILE]..."
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in ["eddy.1", "eddy-filter.1", "eddy-window-tumbling.1"] {
        let text = std::fs::read_to_string(root.join("man").join(page)).unwrap();
        let synopsis = text.split(".SH SYNOPSIS\n").nth(1).unwrap();
        let synopsis = synopsis.lines().next().unwrap();
        assert!(
            synopsis.contains("then") && synopsis.ends_with("[FILE]..."),
            "{page}: {synopsis}"
        );
    }
}

/// `eddy help STAGE` prints what `eddy STAGE --help` prints; `eddy help`, the top-level help.
#[test]
fn help_subcommand_shows_a_stages_help() {
    let stdout = |args: &[&str]| {
        let out = eddy().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(stdout(&["help"]), stdout(&["--help"]));
    assert_eq!(stdout(&["help", "head"]), stdout(&["head", "--help"]));
    let tumbling = stdout(&["help", "window", "tumbling"]);
    assert_eq!(tumbling, stdout(&["window", "tumbling", "--help"]));
    assert!(tumbling.contains("--size"), "{tumbling}");
    let out = eddy().args(["help", "filtre"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("similar subcommand exists: 'filter'"),
        "{stderr}"
    );
}

/// No arguments: a short usage and where to read more, status 2, as grep does.
#[test]
fn no_arguments_print_a_short_usage() {
    let out = eddy().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Usage: eddy [OPTIONS] STAGE [STAGE OPTIONS] [then STAGE [STAGE OPTIONS]]... [FILE]...\n\
         Try 'eddy --help' for more information.\n"
    );
}

/// clap's argument errors begin with `eddy:` as eddy's own do, keep clap's tips and status 2.
#[test]
fn argument_errors_begin_with_eddy() {
    for (args, tip) in [
        (
            &["filtre", "true"][..],
            "a similar subcommand exists: 'filter'",
        ),
        (
            &["head", "1", "--stat"],
            "a similar argument exists: '--state'",
        ),
        (&["head", "x"], "invalid value 'x' for '<N>'"),
    ] {
        let out = eddy().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("eddy: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
        assert!(stderr.contains(tip), "{args:?}: {stderr}");
        assert!(stderr.ends_with("try '--help'.\n"), "{args:?}: {stderr}");
    }
}

/// `eddy help expr` prints the expression language's reference (the text of eddy-expr(7)) to
/// stdout with status 0, in 80 columns off a terminal; a word after it is a usage error.
#[test]
fn help_expr_prints_the_language_reference() {
    let out = crate::common::eddy()
        .args(["help", "expr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, eddy::expr::doc::plain(80));
    for heading in [
        "OPERATORS",
        "FUNCTIONS",
        "NULL RULES",
        "TIME AND DURATIONS",
        "REGULAR EXPRESSIONS",
        "FIELD PATHS",
    ] {
        assert!(text.contains(&format!("\n{heading}\n")), "{heading}");
    }
    assert!(text.contains("substr(\"abcdef\", 1, 3)  ->  \"bcd\""));
    let out = crate::common::eddy()
        .args(["help", "expr", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("eddy: unexpected `x`"));
}

/// In `--help`, every example is laid out in the terminal's width (80 down to 40 columns): a
/// comment, then the command whose lines, joined at their `\` continuations, are the example's
/// command; no line is wrapped by clap in the middle of a command (inside a quoted expression
/// that would make two commands). A line wider than the terminal is one word that no break
/// can shorten (a long quoted expression), as command_lines left it.
#[test]
fn help_examples_fit_the_terminal() {
    let mut paths: Vec<Vec<&str>> = vec![vec![]];
    let cmd = eddy::cli::reference_command();
    for stage in cmd.get_subcommands() {
        paths.push(vec![stage.get_name()]);
        for kind in stage.get_subcommands().filter(|k| !k.is_hide_set()) {
            paths.push(vec![stage.get_name(), kind.get_name()]);
        }
    }
    for columns in [80, 60, 45, 40] {
        for path in &paths {
            let out = crate::common::eddy()
                .args(path)
                .arg("--help")
                .env("COLUMNS", columns.to_string())
                .output()
                .unwrap();
            let help = String::from_utf8(out.stdout).unwrap();
            let section = help.split("\nExamples:\n").nth(1).expect("examples");
            let lines: Vec<&str> = section.lines().take_while(|l| !l.is_empty()).collect();
            for line in &lines {
                let words = line.trim().trim_end_matches(" \\").trim_end();
                let command = eddy::cli::command_lines(words, usize::MAX);
                assert!(
                    line.chars().count() < columns
                        || (!line.trim_start().starts_with('#')
                            && eddy::cli::command_lines(words, 1) == command),
                    "{path:?} at {columns}: {line}\n{section}"
                );
            }
            let mut commands = Vec::new();
            let mut command = String::new();
            for line in lines.iter().filter(|l| !l.trim_start().starts_with('#')) {
                let (text, continued) = match line.trim().strip_suffix(" \\") {
                    Some(text) => (text, true),
                    None => (line.trim(), false),
                };
                if !command.is_empty() {
                    command.push(' ');
                }
                command.push_str(text);
                if !continued {
                    commands.push(std::mem::take(&mut command));
                }
            }
            let want: Vec<&str> = eddy::cli::examples(path)
                .iter()
                .map(|e| e.command)
                .collect();
            assert_eq!(commands, want, "{path:?} at {columns}:\n{section}");
        }
    }
}

/// A stage's or window kind's own options come first in its `--help`, before the options of
/// the whole run, which come last under "Global options" (clap would otherwise interleave the
/// two, numbering each group from zero).
#[test]
fn a_commands_own_options_come_before_the_global_ones() {
    let mut cmd = eddy::cli::reference_command();
    cmd.build();
    let mut commands: Vec<(Vec<&str>, &clap::Command)> = vec![(vec![], &cmd)];
    for stage in cmd.get_subcommands() {
        commands.push((vec![stage.get_name()], stage));
        for kind in stage.get_subcommands().filter(|k| !k.is_hide_set()) {
            commands.push((vec![stage.get_name(), kind.get_name()], kind));
        }
    }
    for (path, command) in commands {
        let out = crate::common::eddy()
            .args(&path)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        let globals = help
            .find("\nGlobal options:\n")
            .expect("a Global options heading");
        let at = |long: &str| {
            help.lines()
                .scan(0, |offset, line| {
                    let start = *offset;
                    *offset += line.len() + 1;
                    Some((start, line))
                })
                .find(|(_, line)| {
                    let option = line
                        .trim_start()
                        .trim_start_matches("-e, ")
                        .trim_start_matches("-F, ");
                    option.starts_with(&format!("--{long} "))
                        || option.starts_with(&format!("--{long}["))
                        || option == format!("--{long}")
                })
                .map(|(start, _)| start)
                .unwrap_or_else(|| panic!("{path:?}: --{long} not in the help"))
        };
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            let Some(long) = arg.get_long() else { continue };
            if long == "help" || long == "version" {
                continue;
            }
            let global = arg.is_global_set();
            assert_eq!(at(long) > globals, global, "{path:?}: --{long}\n{help}");
        }
    }
}
