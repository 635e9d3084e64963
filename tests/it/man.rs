//! The man pages: made here (tests/it/generated.rs checks them in), checked with groff, and
//! their examples run.
//!
//! A command's page is clap_mangen's sections (NAME, SYNOPSIS, DESCRIPTION with the command's
//! notes, OPTIONS, the stages or kinds, VERSION) and eddy's own EXAMPLES, EXIT STATUS and SEE
//! ALSO, from the tables the `--help` texts use (`eddy::cli::examples`, `EXIT_STATUS`).
//! eddy-expr(7) is `eddy::expr::doc`'s blocks in roff, as `eddy help expr` writes them as text.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use eddy::expr::doc::{self, Block};

use crate::cases::copy_dir;
use crate::common::EDDY;

/// The date the pages carry (a fixed one, so that they only change when their text does).
const DATE: &str = "2026-11-22";

/// The columns an example's lines take at most in a page: 80, less the indent of the body (7)
/// and of the example (4), less one.
const EXAMPLE_WIDTH: usize = 68;

/// Every man page: path relative to the repository root -> content.
pub fn pages(files: &mut BTreeMap<String, Vec<u8>>) {
    // The pages name the version, not the features of the build that made them (`--version`).
    let mut cmd = eddy::cli::reference_command().long_version(None);
    cmd.build();
    add_command_pages(&cmd, &[], files);
    files.insert("man/eddy-expr.7".to_owned(), expr_page().into_bytes());
}

/// The names of the stages' pages, `eddy-head`, and of the window kinds' `eddy-window-tumbling`.
fn page_names(cmd: &clap::Command, prefix: &str) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| format!("{prefix}-{}", s.get_name()))
        .collect()
}

/// One page for `cmd` (whose names under eddy are `path`), then one per subcommand.
fn add_command_pages(cmd: &clap::Command, path: &[&str], files: &mut BTreeMap<String, Vec<u8>>) {
    let name = std::iter::once("eddy")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-");
    // clap wants 'static names here; the test process is short-lived.
    let title: &'static str = Box::leak(name.clone().into_boxed_str());
    let bin_name: &'static str = Box::leak(name.replace('-', " ").into_boxed_str());
    let man = clap_mangen::Man::new(cmd.clone().name(title).bin_name(bin_name)).date(DATE);
    let mut page = Vec::new();
    render_part(&mut page, |w| man.render_title(w));
    render_part(&mut page, |w| man.render_name_section(w));
    render_part(&mut page, |w| man.render_synopsis_section(w));
    render_part(&mut page, |w| man.render_description_section(w));
    if let Some(notes) = cmd.get_after_help() {
        page.extend(notes_roff(&notes.to_string()).into_bytes());
    }
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        render_part(&mut page, |w| man.render_options_section(w));
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        render_part(&mut page, |w| man.render_subcommands_section(w));
    }
    let mut roff = String::new();
    let examples = eddy::cli::examples(path);
    if !examples.is_empty() {
        roff.push_str(".SH EXAMPLES\n");
        for example in examples {
            roff.push_str(&format!(".PP\n{}\n", text(&capitalised(example.about))));
            code_block(
                &mut roff,
                &eddy::cli::command_lines(example.command, EXAMPLE_WIDTH),
            );
        }
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in eddy::cli::EXIT_STATUS {
        roff.push_str(&format!(
            ".TP\n.B {code}\n{}\n",
            text(&capitalised(meaning))
        ));
    }
    page.extend(roff.into_bytes());
    if cmd.get_version().is_some() {
        render_part(&mut page, |w| man.render_version_section(w));
    }
    // eddy and the page above this one, the language, the pages below.
    let mut see_also: Vec<String> = match path {
        [] => Vec::new(),
        [_] => vec!["eddy(1)".to_owned()],
        [parent, ..] => vec!["eddy(1)".to_owned(), format!("eddy-{parent}(1)")],
    };
    see_also.push("eddy-expr(7)".to_owned());
    see_also.extend(page_names(cmd, &name).iter().map(|p| format!("{p}(1)")));
    let refs: Vec<String> = see_also
        .iter()
        .map(|r| {
            let (page, section) = r.split_once('(').unwrap();
            // \% : not hyphenated.
            format!("\\fB\\%{}\\fR({section}", escape(page))
        })
        .collect();
    page.extend(format!(".SH \"SEE ALSO\"\n.ad l\n{}\n", refs.join(", ")).into_bytes());
    files.insert(format!("man/{name}.1"), page);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_path: Vec<&str> = path.iter().copied().chain([sub.get_name()]).collect();
        add_command_pages(sub, &sub_path, files);
    }
}

/// The roff preamble clap_mangen writes before every part (it defines `\*(Aq`, an apostrophe).
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// A part of a page rendered by clap_mangen, its preamble written once, in plain ASCII roff
/// ([`ascii_roff`]).
fn render_part(page: &mut Vec<u8>, render: impl Fn(&mut Vec<u8>) -> std::io::Result<()>) {
    let mut part = Vec::new();
    render(&mut part).expect("render man page");
    let body = part
        .strip_prefix(PREAMBLE.as_bytes())
        .expect("roff preamble");
    if page.is_empty() {
        page.extend(PREAMBLE.as_bytes());
    }
    page.extend(ascii_roff(std::str::from_utf8(body).expect("UTF-8 roff")).into_bytes());
}

/// clap_mangen's roff with the help texts' `code` in bold, as eddy's own sections have it
/// (clap_mangen writes the backticks as they are), and every character outside ASCII as its
/// code point, `\[u03BB]`: groff without `-k` (no preconv) reads bytes as Latin-1.
fn ascii_roff(roff: &str) -> String {
    let mut out = String::new();
    for line in roff.split_inclusive('\n') {
        if line.starts_with('.') || line.starts_with('\'') {
            out.push_str(line);
            continue;
        }
        for (code, part) in doc::spans(line) {
            if code {
                out.push_str(&format!("\\fB{}\\fR", part.replace('`', "\\(ga")));
            } else {
                out.push_str(part);
            }
        }
    }
    out.chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            c => format!("\\[u{:04X}]", u32::from(c)),
        })
        .collect()
}

/// A command's notes (its after-help text without the examples), added to its DESCRIPTION:
/// paragraphs, or lines as they are where they are indented (a list of kinds).
fn notes_roff(notes: &str) -> String {
    let mut roff = String::new();
    for paragraph in notes.split("\n\n") {
        roff.push_str(".PP\n");
        if paragraph.lines().skip(1).any(|l| l.starts_with(' ')) {
            roff.push_str(".nf\n");
            for line in paragraph.lines() {
                roff.push_str(&text(line));
                roff.push('\n');
            }
            roff.push_str(".fi\n");
        } else {
            roff.push_str(&text(&paragraph.replace('\n', " ")));
            roff.push('\n');
        }
    }
    roff
}

/// `s` with a capital first letter.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Text escaped for roff: backslashes, hyphens (minus signs, so that options copy as typed),
/// quotes, and characters outside ASCII by their code point.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\*(Aq"),
            '`' => out.push_str("\\(ga"),
            '^' => out.push_str("\\(ha"),
            '~' => out.push_str("\\(ti"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("\\[u{:04X}]", u32::from(c))),
        }
    }
    out
}

/// A line of running text in roff: code in bold; a line that would start with a control
/// character starts with `\&`.
fn text(s: &str) -> String {
    let mut out = String::new();
    for (code, part) in doc::spans(s) {
        if code {
            out.push_str(&format!("\\fB{}\\fR", escape(part)));
        } else {
            out.push_str(&escape(part));
        }
    }
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

/// Lines shown as they are, indented.
fn code_block(roff: &mut String, lines: &[String]) {
    roff.push_str(".RS 4\n.EX\n");
    for line in lines {
        let mut line = escape(line);
        if line.starts_with('.') {
            line.insert_str(0, "\\&");
        }
        roff.push_str(&line);
        roff.push('\n');
    }
    roff.push_str(".EE\n.RE\n");
}

/// eddy-expr(7) in roff.
fn expr_page() -> String {
    let mut roff = format!(
        "{PREAMBLE}.TH eddy-expr 7 {DATE} \"eddy {}\"\n.SH NAME\n{}\n",
        env!("CARGO_PKG_VERSION"),
        text(&format!("eddy-expr - {}", doc::SUMMARY))
    );
    for block in doc::blocks() {
        match block {
            Block::Section(title) => roff.push_str(&format!(".SH \"{}\"\n", escape(&title))),
            Block::Subsection(title) => roff.push_str(&format!(".SS \"{}\"\n", escape(&title))),
            Block::Para(para) => roff.push_str(&format!(".PP\n{}\n", text(&para))),
            Block::Code(lines) => {
                roff.push_str(".PP\n");
                code_block(&mut roff, &lines);
            }
            Block::Items(items) => {
                for item in items {
                    roff.push_str(&format!(".IP \\(bu 2\n{}\n", text(&item)));
                }
            }
            Block::Terms(terms) => {
                for term in terms {
                    roff.push_str(&format!(
                        ".TP\n{}\n{}\n",
                        text(&term.term),
                        text(&term.text)
                    ));
                    if !term.code.is_empty() {
                        roff.push_str(".br\n.nf\n");
                        for line in &term.code {
                            roff.push_str(&format!("{}\n", escape(line)));
                        }
                        roff.push_str(".fi\n");
                    }
                }
            }
        }
    }
    roff
}

/// Every page in man/ is plain ASCII and renders without a warning (groff -ww, without -k:
/// no preconv, so any byte outside ASCII would be read as Latin-1 and warned about), when groff
/// is installed; CI (the env var `CI`) insists on it.
#[test]
fn man_pages_render_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if Command::new("groff").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "groff is not installed (.ci/run installs it)"
        );
        eprintln!("groff is not installed: the man pages were not rendered");
        return;
    }
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("man"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.iter().any(|p| p.ends_with("eddy-expr.7")));
    for page in pages {
        let roff = std::fs::read(&page).unwrap();
        assert!(roff.is_ascii(), "{}: not ASCII", page.display());
        let out = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}: {}",
            page.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The command pages' paths under eddy: `[]`, `["head"]`, `["window", "tumbling"]`.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_owned());
            walk(sub, sub_path, out);
        }
        out.push(path);
    }
    let mut out = Vec::new();
    walk(&eddy::cli::reference_command(), Vec::new(), &mut out);
    out
}

/// Every example of every page runs, as the page shows it (with its `\` continuations), by
/// `sh` in a directory holding the example data, `eddy` first on the PATH, the data also on
/// stdin, exits 0 and prints something on stdout (an example is there to show a result); one
/// reading a live log (`tail -F`) is stopped after two seconds without having said an error,
/// having printed something by then.
#[test]
fn every_example_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("examples/data");
    let bin = Path::new(EDDY).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failed = Vec::new();
    let mut ran = 0;
    for names in command_paths() {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for example in eddy::cli::examples(&names) {
            let dir = tempfile::tempdir().unwrap();
            copy_dir(&data, dir.path());
            let script = eddy::cli::command_lines(example.command, EXAMPLE_WIDTH).join("\n");
            let mut child = Command::new("sh")
                .args(["-c", &format!("exec >output 2>errors\n{script}")])
                .current_dir(dir.path())
                .env("PATH", &path)
                .stdin(Stdio::piped())
                .process_group(0)
                .spawn()
                .unwrap();
            let input = std::fs::read(data.join("events.ndjson")).unwrap();
            let _ = child.stdin.take().unwrap().write_all(&input);
            let live = example.command.contains("tail -F");
            let start = Instant::now();
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break Some(status);
                }
                if start.elapsed() > Duration::from_secs(if live { 2 } else { 60 }) {
                    // The whole group: sh, tail and eddy.
                    let _ = Command::new("kill")
                        .args(["-s", "TERM", "--", &format!("-{}", child.id())])
                        .status();
                    let _ = child.wait();
                    break None;
                }
                std::thread::sleep(Duration::from_millis(20));
            };
            let read =
                |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
            let (output, text) = (read("output"), read("errors"));
            ran += 1;
            let ok = match status {
                Some(status) => status.success(),
                // Stopped by the signal: no error before it (a warning that windows were cut
                // short by it is what a stopped window says).
                None => {
                    live && !text
                        .lines()
                        .any(|l| l.starts_with("eddy: ") && !l.starts_with("eddy: warning: "))
                }
            };
            if !ok {
                failed.push(format!("{script}\n  {status:?}: {output}{text}"));
            } else if output.trim().is_empty() {
                failed.push(format!("{script}\n  printed nothing: {text}"));
            }
        }
    }
    assert!(ran > 40, "only {ran} examples");
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
