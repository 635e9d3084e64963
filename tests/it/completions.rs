//! The completion scripts of `completions/` in real shells: bash (the completion function called
//! with `COMP_WORDS`, `COMP_CWORD`, `COMP_LINE` and `COMP_POINT` set as bash sets them), zsh (an
//! interactive zsh on a pty with compinit, Tab pressed; the matches captured from `compadd`),
//! fish (`complete -C`) and elvish (interactive on a pty, its argument completer called). Each
//! runs the built eddy, first on `PATH`, in a directory with two files.
//!
//! A shell that is not installed is skipped with a note, except where `CI` is set: CI installs
//! bash, zsh, fish and elvish (`.ci/run`) and must run these.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::EDDY;

/// The repository's `completions/` directory.
fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

/// Whether `shell` can run here; where it cannot, a note, or under CI a failure.
fn installed(shell: &str) -> bool {
    // `script` (util-linux) runs a command on a pty; its typescript goes nowhere.
    let args: &[&str] = match shell {
        "script" => &["-qec", "true", "/dev/null"],
        _ => &["-c", "true"],
    };
    let ok = Command::new(shell)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{shell} is not installed: CI must run the completion tests (.ci/run installs it)"
        );
        eprintln!("note: {shell} is not installed, its completion test is skipped");
    }
    ok
}

/// `shell` with the built eddy first on `PATH`, run in a directory that holds `data.ndjson`,
/// `late.log` and `my file.log`.
fn shell_in(shell: &str, dir: &Path) -> Command {
    let bin = Path::new(EDDY).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let mut cmd = Command::new(shell);
    cmd.current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env_remove("COMP_WORDBREAKS");
    cmd
}

/// A directory with the files the cases complete.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.ndjson"), "{}\n").unwrap();
    std::fs::write(dir.path().join("late.log"), "").unwrap();
    std::fs::write(dir.path().join("my file.log"), "").unwrap();
    dir
}

/// What every shell must offer: (command line up to the cursor, words that must be among the
/// completions, words that must not). File names come back whole (`file:late.log`), as zsh and
/// fish show them; [`check`] cuts them where bash splits words.
const CASES: &[(&str, &[&str], &[&str])] = &[
    // Stage names after `then`, not the options of the stage before.
    (
        "eddy filter x then ",
        &["count", "window", "select", "head"],
        &["--by", "--strict"],
    ),
    ("eddy head 3 then win", &["window"], &["filter"]),
    ("eddy filter 'a > 1' then co", &["count"], &["filter"]),
    ("eddy ", &["filter", "window", "help"], &["then"]),
    ("eddy help ", &["window", "expr"], &["help", "then"]),
    // A stage's own options after its name.
    (
        "eddy filter x then count --b",
        &["--by", "--block-buffered"],
        &[],
    ),
    (
        "eddy window tumbling --",
        &[
            "--size",
            "--agg",
            "--time-field",
            "--late",
            "--tz",
            "--stats",
        ],
        &["--rows", "--gap"],
    ),
    (
        "eddy window ",
        &["tumbling", "session", "rolling"],
        &["--size"],
    ),
    // A filter's expression may begin with `-`, but `--strict` is the global option.
    ("eddy filter --str", &["--strict"], &[]),
    ("eddy filter --strict ", &[], &["then", "data.ndjson"]),
    // Values of options.
    (
        "eddy window tumbling --size 1m --agg ",
        &["count", "sum:", "p95:", "approx_distinct:", "rate"],
        &["data.ndjson", "sum"],
    ),
    (
        "eddy window global --emit ",
        &["final", "updates", "periodic:"],
        &[],
    ),
    ("eddy parse ", &["logfmt", "json", "kv"], &["then"]),
    ("eddy --from ", &["csv", "ndjson", "logfmt"], &[]),
    ("eddy head 1 --to=nd", &["--to=ndjson"], &[]),
    ("eddy window global --tz Europe/Be", &["Europe/Berlin"], &[]),
    ("eddy window global --late ", &["drop", "fail"], &["skip"]),
    // A function that needs a field comes with its `:` (and no space after).
    ("eddy window global --agg su", &["sum:"], &["sum"]),
    // File names after the operands and for options that take a file.
    ("eddy head 5 ", &["then", "data.ndjson", "late.log"], &[]),
    // Files come last: no `then` after the first.
    ("eddy head 5 data.ndjson ", &["late.log"], &["then"]),
    (
        "eddy filter x then head 5 da",
        &["data.ndjson"],
        &["late.log"],
    ),
    ("eddy window global --late file:la", &["file:late.log"], &[]),
    ("eddy --errors=la", &["--errors=late.log"], &[]),
    (
        "eddy head 1 --state ",
        &["data.ndjson", "late.log"],
        &["then"],
    ),
];

/// Words after an opening quote or a backslash, as bash and fish offer them: (line up to the
/// cursor, the word offered). bash replaces the text after the quote (readline then closes it:
/// `'file:my file.log'`); fish matches against the word without its quotes.
const QUOTED: &[(&str, &str)] = &[
    ("eddy head 5 'my", "my file.log"),
    ("eddy head 5 \"my", "my file.log"),
    ("eddy head 5 my\\ f", "my file.log"),
    ("eddy window global --late 'file:my", "file:my file.log"),
    ("eddy window global --late \"file:la", "file:late.log"),
];

/// Checks that `shell` offered each [`QUOTED`] word.
fn check_quoted(shell: &str, offered: impl Fn(&str) -> Vec<String>) {
    for (line, word) in QUOTED {
        let got = offered(line);
        assert!(
            got.iter().any(|g| g == word),
            "{shell}: `{line}` should offer `{word}`; got {got:?}"
        );
    }
}

/// Checks what `shell` offered for each case (the cases at once, one shell each); `cut` turns
/// an expected word into what the shell shows (bash: the part after its word breaks).
fn check(shell: &str, offered: impl Fn(&str) -> Vec<String> + Sync, cut: fn(&str) -> &str) {
    let results: Vec<Vec<String>> = std::thread::scope(|scope| {
        let runs: Vec<_> = CASES
            .iter()
            .map(|(line, _, _)| scope.spawn(|| offered(line)))
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for ((line, wanted, unwanted), got) in CASES.iter().zip(results) {
        for word in wanted.iter().map(|w| cut(w)) {
            assert!(
                got.iter().any(|g| g == word),
                "{shell}: `{line}` should offer `{word}`; got {got:?}"
            );
        }
        for word in unwanted.iter().map(|w| cut(w)) {
            assert!(
                !got.iter().any(|g| g == word),
                "{shell}: `{line}` should not offer `{word}`; got {got:?}"
            );
        }
    }
}

/// `line` split into words as bash's completion splits it: at blanks, and around runs of `=`
/// and `:` when `COMP_WORDBREAKS` holds them (`breaks`, as by default); an empty last word after
/// a blank.
fn bash_words(line: &str, breaks_at: &[char]) -> Vec<String> {
    let mut words = Vec::new();
    // Blanks inside quotes or after a backslash do not split; nor do `=` and `:` in a quoted
    // word.
    let (mut quote, mut escaped) = (None, false);
    let blank_split = line.split(|c: char| {
        let blank = c.is_whitespace() && quote.is_none() && !escaped;
        match c {
            '\'' | '"' if !escaped && quote.is_none_or(|q| q == c) => {
                quote = if quote.is_some() { None } else { Some(c) };
            }
            _ => {}
        }
        escaped = c == '\\' && !escaped && quote != Some('\'');
        blank
    });
    for blank_split in blank_split.filter(|w| !w.is_empty()) {
        if blank_split.starts_with(['\'', '"']) {
            words.push(blank_split.to_owned());
            continue;
        }
        let mut rest = blank_split;
        while !rest.is_empty() {
            let breaks = rest.starts_with(breaks_at);
            let end = rest
                .find(|c: char| breaks_at.contains(&c) != breaks)
                .unwrap_or(rest.len());
            words.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    if line.ends_with(' ') {
        words.push(String::new());
    }
    words
}

/// The part of a word after bash's last word break (`=` or `:`) but one that ends it (`sum:`
/// is offered whole).
fn after_bash_break(word: &str) -> &str {
    let inner = &word[..word.len().saturating_sub(1)];
    inner.rfind(['=', ':']).map_or(word, |i| &word[i + 1..])
}

#[test]
fn bash_completes_the_pipeline() {
    if !installed("bash") {
        return;
    }
    let dir = workdir();
    let script = scripts().join("eddy.bash");
    // The line, where the cursor is (else at its end) and the word breaks.
    let offered_at = |line: &str, point: Option<usize>, breaks_at: &[char]| {
        let words = bash_words(line, breaks_at);
        let cword = match point {
            // The word the cursor is in: the count of words wholly before it.
            Some(point) => bash_words(&line[..point], breaks_at).len() - 1,
            None => words.len() - 1,
        };
        let out = shell_in("bash", dir.path())
            .args(["--norc", "--noprofile", "-c"])
            .arg(
                r#"source "$1"; COMP_LINE=$2; COMP_POINT=${3:-${#COMP_LINE}}; COMP_CWORD=$4
                shift 4; COMP_WORDS=("$@"); COMPREPLY=()
                _eddy eddy "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\n' "${COMPREPLY[@]}""#,
            )
            .arg("bash")
            .arg(&script)
            .arg(line)
            .arg(point.map(|p| p.to_string()).unwrap_or_default())
            .arg(cword.to_string())
            .args(&words)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines(&out.stdout)
    };
    let offered = |line: &str, breaks_at: &[char]| offered_at(line, None, breaks_at);
    check("bash", |line| offered(line, &['=', ':']), after_bash_break);
    // A COMP_WORDBREAKS without `=` and `:` (some users take `:` out): whole words.
    check("bash (whole words)", |line| offered(line, &[]), |word| word);
    check_quoted("bash", |line| offered(line, &['=', ':']));
    // Tab with the cursor inside a word: what is before the cursor is completed.
    for (line, point, wanted) in [
        ("eddy filter x then cou", 20, "count"),
        ("eddy filter x then count --bx", 28, "--by"),
        ("eddy head 1 --to=ndx", 19, "ndjson"),
        ("eddy head 5 dat.x", 15, "data.ndjson"),
        (
            "eddy window global --late 'file:my x",
            35,
            "file:my file.log",
        ),
    ] {
        let got = offered_at(line, Some(point), &['=', ':']);
        assert!(
            got.iter().any(|g| g == wanted),
            "bash: `{line}` at {point} should offer `{wanted}`; got {got:?}"
        );
    }
    // The same with the bash-completion package loaded, as most users have it.
    let package = Path::new("/usr/share/bash-completion/bash_completion");
    if package.exists() {
        let out = shell_in("bash", dir.path())
            .args(["--norc", "--noprofile", "-c"])
            .arg(
                r#"source "$1"; source "$2"; COMP_LINE='eddy head 1 then co'; COMP_POINT=20
                COMP_WORDS=(eddy head 1 then co); COMP_CWORD=4; _eddy; printf '%s\n' "${COMPREPLY[@]}""#,
            )
            .arg("bash")
            .arg(package)
            .arg(&script)
            .output()
            .unwrap();
        assert_eq!(lines(&out.stdout), ["count"], "{out:?}");
    }
}

/// Drives an interactive zsh on a pty: compinit with `completions/` on `fpath`, the line typed
/// and Tab pressed; `compadd` is wrapped to print the matches zsh keeps (after its own matching
/// against the word), between two marker lines.
const ZSH_CAPTURE: &str = r#"
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'bindkey "^I" complete-word'
zpty -w z 'mark-line () { echo -E - "@@MARK""@@" }'
zpty -w z 'compprefuncs=( mark-line ); comppostfuncs=( mark-line )'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"; return $?
  fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  local h
  for h in $__hits; do echo -E - "MATCH:$IPREFIX$h"; done
}'
zpty -w z "echo ready"
local line
while zpty -r z line; do [[ $line == ready* ]] && break; done
zpty -n -w z "$2"$'\t'
local out
zpty -r z out '*@@MARK@@*@@MARK@@*' || exit 2
out=${${out#*@@MARK@@}%@@MARK@@*}
for line in "${(@f)out}"; do
  [[ $line == MATCH:* ]] && print -r -- "${${line#MATCH:}%$'\r'}"
done
zpty -d z
"#;

#[test]
fn zsh_completes_the_pipeline() {
    if !installed("zsh") {
        return;
    }
    let dir = workdir();
    let offered = |line: &str| {
        let out = shell_in("zsh", dir.path())
            .args(["-f", "-c", ZSH_CAPTURE, "zsh"])
            .arg(scripts())
            .arg(line)
            .output()
            .unwrap();
        assert!(out.status.success(), "zsh on `{line}`: {out:?}");
        lines(&out.stdout)
    };
    check("zsh", offered, |word| word);
}

#[test]
fn fish_completes_the_pipeline() {
    if !installed("fish") {
        return;
    }
    let dir = workdir();
    let script = scripts().join("eddy.fish");
    let offered = |line: &str| {
        let out = shell_in("fish", dir.path())
            .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
            .arg(&script)
            .arg(line)
            .output()
            .unwrap();
        assert!(out.status.success(), "fish on `{line}`: {out:?}");
        // `word<TAB>description`
        lines(&out.stdout)
            .into_iter()
            .map(|l| l.split('\t').next().unwrap_or("").to_owned())
            .collect()
    };
    check("fish", offered, |word| word);
    check_quoted("fish", offered);
    // A command line of two lines (an expression with a newline) is one line to eddy.
    assert_eq!(offered("eddy filter 'a >\n1' then co"), ["count"]);
}

/// `line`'s words as a shell splits them (blanks inside single quotes do not split), the last
/// empty after a blank.
fn words(line: &str) -> Vec<String> {
    let mut quoted = false;
    let mut out: Vec<String> = line
        .split(|c: char| {
            quoted ^= c == '\'';
            c.is_whitespace() && !quoted
        })
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('\'', ""))
        .collect();
    if line.ends_with(' ') {
        out.push(String::new());
    }
    out
}

/// Elvish on a pty (`script`): the completion script loaded, then its argument completer
/// called with each case's words, as Tab calls it; elvish then keeps the candidates that start
/// with the word (its prefix matcher), which the test does.
#[test]
fn elvish_completes_the_pipeline() {
    if !installed("elvish") || !installed("script") {
        return;
    }
    let dir = workdir();
    let quote = |word: &str| format!("'{}'", word.replace('\'', "''"));
    let mut program = format!(
        "eval (slurp < {})\nvar complete~ = $edit:completion:arg-completer[eddy]\n",
        quote(&scripts().join("eddy.elv").to_string_lossy())
    );
    for (i, (line, _, _)) in CASES.iter().enumerate() {
        let words: Vec<String> = words(line).iter().map(|w| quote(w)).collect();
        program.push_str(&format!(
            "for c [(complete {})] {{ echo '@@{i}@@'$c[stem]'@@' }}\n",
            words.join(" ")
        ));
    }
    std::fs::write(dir.path().join("cases.elv"), program).unwrap();
    let mut child = shell_in("script", dir.path())
        .args(["-qec", "elvish -norc", "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"eval (slurp < cases.elv); exit\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut found: Vec<Vec<String>> = vec![Vec::new(); CASES.len()];
    for piece in text.split("@@").collect::<Vec<_>>().windows(3) {
        if let Ok(i) = piece[0].parse::<usize>()
            && i < CASES.len()
            && !piece[1].contains(['\n', '\r', '\''])
        {
            found[i].push(piece[1].to_owned());
        }
    }
    let offered = |line: &str| {
        let i = CASES.iter().position(|(l, _, _)| *l == line).unwrap();
        let current = words(line).pop().unwrap_or_default();
        let all = &found[i];
        all.iter()
            .filter(|c| c.starts_with(&current))
            .cloned()
            .collect()
    };
    check("elvish", offered, |word| word);
}

/// The script each shell loads is the one `eddy --completions SHELL` prints.
#[test]
fn the_checked_in_scripts_are_what_eddy_prints() {
    for (shell, file) in [
        ("bash", "eddy.bash"),
        ("zsh", "_eddy"),
        ("fish", "eddy.fish"),
    ] {
        let out = Command::new(EDDY)
            .args(["--completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            out.stdout,
            std::fs::read(scripts().join(file)).unwrap(),
            "{shell}"
        );
    }
    let out = Command::new(EDDY)
        .args(["--completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("eddy: "));
}

/// Non-empty output lines.
fn lines(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
