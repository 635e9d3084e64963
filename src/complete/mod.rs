//! Shell completion that knows the pipeline. The scripts under `completions/` ([`script`]) are
//! thin: they hand the command line to `eddy --complete SHELL` ([`run`]), which reads it with
//! eddy's grammar (global options anywhere, a stage name at the start and after each `then`,
//! that stage's options and operands, then files) and prints the words that fit, one a line.
//!
//! Everything offered comes from the clap definition ([`crate::cli::command`]): stage and kind
//! names, options, clap's possible values and value hints. The values clap cannot list come from
//! where eddy defines them: time zones (jiff's database, for options whose parser makes a
//! `TimeZone`), the window policies (`drop`/`skip`, `fail`, `file:PATH`), the `--emit` words
//! ([`crate::ops::window::options::EMIT_WORDS`]), parse's keywords
//! ([`crate::ops::parse::KEYWORDS`]), the `--agg` functions
//! ([`crate::ops::window::aggregates::FUNCTIONS`]) and `help`'s topics (`cli::HELP`,
//! `cli::HELP_EXPR`).
//!
//! Where a file name fits, the output is the line `__files__`, a tab and the part of the word
//! before the name (`--errors=`, `file:`, or nothing): the script then runs the shell's own file
//! name completion.

mod scripts;

use std::ffi::OsString;

use clap::builder::ValueHint;
use clap::{Arg, Command};

use crate::cli::{HELP, HELP_EXPR, Shell};
use crate::error::{Result, UsageError};
use crate::input::listen;
use crate::ops::parse;
use crate::ops::window::aggregates;
use crate::ops::window::options::{EMIT_WORDS, EmitMode, FAIL, FILE_PREFIX, PolicyChoice};

pub use scripts::script;

/// The line that asks the shell for its file name completion.
const FILES: &str = "__files__";

/// The shell named `name` (`bash`, `zsh`, `fish`, `elvish`).
fn shell_named(name: &str) -> Option<Shell> {
    <Shell as clap::ValueEnum>::from_str(name, false).ok()
}

/// What fits the word under the cursor.
#[derive(Debug, Default, PartialEq, Eq)]
struct Completion {
    /// Whole words that fit, each with a short description (maybe empty).
    words: Vec<(String, String)>,
    /// When a file name fits: the part of the word before it (`--errors=`, `file:`, or empty).
    files: Option<String>,
}

/// Where in a stage's words the cursor's word stands.
struct Place<'c> {
    /// The command whose options apply: eddy itself, a stage or a window kind.
    cmd: &'c Command,
    /// Whether a stage was named in this segment (else the word is a stage name).
    in_stage: bool,
    /// Operands of the stage seen so far.
    operands: usize,
}

impl<'c> Place<'c> {
    /// The start of a segment (of the line, or after `then`), where a stage is named.
    fn start(root: &'c Command) -> Place<'c> {
        Place {
            cmd: root,
            in_stage: false,
            operands: 0,
        }
    }
}

/// The completion of the last of `words` (the words after `eddy`; the last is the one under
/// the cursor, empty after a space).
fn complete(words: &[String]) -> Completion {
    let mut root = crate::cli::command();
    root.build();
    let Some((current, before)) = words.split_last() else {
        return Completion::default();
    };
    if before.first().is_some_and(|w| w == HELP) {
        return help_topic(&root, &before[1..], current);
    }
    let mut place = Place::start(&root);
    // The option whose value the next word is, and which of its values (`--when EXPR DEST`).
    let mut pending: Option<(&Arg, usize)> = None;
    let mut double_dash = false;
    for word in before {
        if let Some((arg, index)) = pending.take() {
            let count = arg.get_num_args().map_or(1, |n| n.min_values().max(1));
            pending = (index + 1 < count).then_some((arg, index + 1));
            continue;
        }
        if double_dash {
            place.operands += 1;
        } else if word == "--" {
            double_dash = true;
        } else if word == "then" {
            place = Place::start(&root);
        } else if is_option(&place, word) {
            pending = option_word(place.cmd, word)
                .filter(|arg| takes_next_word(arg))
                .map(|arg| (arg, 0));
        } else if let Some(sub) = subcommand(&place, word) {
            place = Place {
                cmd: sub,
                in_stage: true,
                operands: 0,
            };
        } else {
            place.operands += 1;
        }
    }
    if let Some((arg, index)) = pending {
        let names = arg.get_value_names().unwrap_or_default();
        if names.get(index).is_some_and(|name| name.as_str() == "DEST") {
            // `route`'s DEST: `-` or a file (a `| CHAIN` is the user's).
            let mut dest = only_matching(plain(&["-"]), current);
            dest.files = Some(String::new());
            return dest;
        }
        return values(arg, "", current);
    }
    if double_dash {
        return files_only("");
    }
    // Where an operand may begin with `-`, a word is an option only once it begins with `--`.
    if current.starts_with('-') && (!takes_hyphen_operand(&place) || current.starts_with("--")) {
        if let Some((name, value)) = current.strip_prefix("--").and_then(|o| o.split_once('='))
            && let Some(arg) = option_word(place.cmd, &format!("--{name}"))
        {
            return values(arg, &current[..name.len() + 3], value);
        }
        return options(place.cmd, current);
    }
    if !place.in_stage || place.cmd.has_subcommands() {
        let mut names = subcommands(place.cmd, current);
        if before.is_empty() {
            // `help` asks for help only as the first word.
            let help = (HELP.to_owned(), "a stage's help, or `help expr`".to_owned());
            names.words.extend(only_matching(vec![help], current).words);
        }
        return names;
    }
    let operands: Vec<&Arg> = place.cmd.get_positionals().collect();
    match operands.get(place.operands) {
        Some(arg) if !is_files(arg) => values(arg, "", current),
        // Files come last: `then` only before the first.
        Some(_) => {
            let mut then = only_matching(
                vec![("then".to_owned(), "the next stage".to_owned())],
                current,
            );
            then.files = Some(String::new());
            then
        }
        None => files_only(""),
    }
}

/// Whether `arg` is the trailing list of input files (the last positional that takes many).
fn is_files(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.max_values() > 1) && arg.get_index().is_some()
}

/// Whether the next operand may begin with `-` (a filter's expression `-x > 1`).
fn takes_hyphen_operand(place: &Place) -> bool {
    place.in_stage
        && place
            .cmd
            .get_positionals()
            .nth(place.operands)
            .is_some_and(|arg| arg.is_allow_hyphen_values_set() && !is_files(arg))
}

/// Whether `word` is an option here: a word that begins with `-`, except where an operand may
/// begin with `-` (a filter's `-x > 1`); there, as clap reads it, only a word that names an
/// option (`--strict`, `--to=csv`, `-e`) is one.
fn is_option(place: &Place, word: &str) -> bool {
    if !word.starts_with('-') || word.len() < 2 {
        return false;
    }
    if !takes_hyphen_operand(place) {
        return true;
    }
    match word.strip_prefix("--") {
        Some(long) => {
            let name = long.split_once('=').map_or(long, |(name, _)| name);
            option_word(place.cmd, &format!("--{name}")).is_some()
        }
        None => word[1..]
            .chars()
            .all(|c| place.cmd.get_arguments().any(|a| a.get_short() == Some(c))),
    }
}

/// The option a word (`--agg`, `--agg=count`, `-e`, `-eF`) names in `cmd`: for a cluster of
/// short flags, the last.
fn option_word<'c>(cmd: &'c Command, word: &str) -> Option<&'c Arg> {
    if let Some(long) = word.strip_prefix("--") {
        if long.contains('=') {
            return None;
        }
        return cmd.get_arguments().find(|a| {
            a.get_long() == Some(long) || a.get_all_aliases().is_some_and(|al| al.contains(&long))
        });
    }
    let last = word.chars().last()?;
    cmd.get_arguments().find(|a| a.get_short() == Some(last))
}

/// Whether `arg` takes the word after it as its value (not `--with-filename[=FIELD]`).
fn takes_next_word(arg: &Arg) -> bool {
    arg.get_action().takes_values()
        && !(arg.is_require_equals_set() && arg.get_num_args().is_some_and(|n| n.min_values() == 0))
}

/// The stage (or window kind) `word` names in this place, if any.
fn subcommand<'c>(place: &Place<'c>, word: &str) -> Option<&'c Command> {
    if place.in_stage && !place.cmd.has_subcommands() {
        return None;
    }
    place.cmd.find_subcommand(word)
}

/// The stage names (or a window's kinds) that start with `current`.
fn subcommands(cmd: &Command, current: &str) -> Completion {
    let words = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| (s.get_name().to_owned(), about(s.get_about())))
        .collect();
    only_matching(words, current)
}

/// `eddy help [STAGE [KIND]]`: stage names, then kinds.
fn help_topic(root: &Command, topic: &[String], current: &str) -> Completion {
    let mut cmd = root;
    for word in topic {
        match cmd.find_subcommand(word) {
            Some(sub) => cmd = sub,
            None => return Completion::default(),
        }
    }
    let mut topics = subcommands(cmd, current);
    if topic.is_empty() {
        topics.words.extend(
            only_matching(
                vec![(HELP_EXPR.to_owned(), "the expression language".to_owned())],
                current,
            )
            .words,
        );
    }
    topics
}

/// The long options of `cmd` (its own and the global ones) that start with `current`.
fn options(cmd: &Command, current: &str) -> Completion {
    let words = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter_map(|a| Some((format!("--{}", a.get_long()?), about(a.get_help()))))
        .collect();
    only_matching(words, current)
}

/// The values of `arg` that start with `typed`, each written after `prefix` (`--tz=`).
fn values(arg: &Arg, prefix: &str, typed: &str) -> Completion {
    let hint = arg.get_value_hint();
    let parser = arg.get_value_parser();
    let words: Vec<(String, String)> = if !arg.get_possible_values().is_empty() {
        arg.get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| (v.get_name().to_owned(), about(v.get_help())))
            .collect()
    } else if matches!(
        hint,
        ValueHint::FilePath | ValueHint::AnyPath | ValueHint::DirPath
    ) {
        return files_only(prefix);
    } else if parser.type_id() == std::any::TypeId::of::<jiff::tz::TimeZone>() {
        let zones = jiff::tz::db().available().map(|name| name.to_string());
        std::iter::once("UTC".to_owned())
            .chain(zones.filter(|name| name != "UTC"))
            .map(|name| (name, String::new()))
            .collect()
    } else if parser.type_id() == std::any::TypeId::of::<EmitMode>() {
        plain(&EMIT_WORDS)
    } else if parser.type_id() == std::any::TypeId::of::<PolicyChoice>() {
        if typed.starts_with(FILE_PREFIX) {
            return files_only(&format!("{prefix}{FILE_PREFIX}"));
        }
        // The option's default is its word for going on (`--late drop`, `--on-bad-time skip`).
        arg.get_default_values()
            .iter()
            .map(|word| (word.to_string_lossy().into_owned(), String::new()))
            .chain([
                (FAIL.to_owned(), String::new()),
                (
                    FILE_PREFIX.to_owned(),
                    "file:PATH, the original lines".to_owned(),
                ),
            ])
            .collect()
    } else if hint == ValueHint::Url && arg.get_id() == "listen" {
        // `--listen`: the schemes; a Unix socket's path is a file name.
        if typed.starts_with(listen::UNIX) {
            return files_only(&format!("{prefix}{}", listen::UNIX));
        }
        (listen::SCHEMES.iter())
            .map(|(scheme, about)| (scheme.to_string(), about.to_string()))
            .collect()
    } else if arg.get_id() == "agg" {
        aggregates::completion_names()
            .map(|(name, about)| (name, about.to_owned()))
            .collect()
    } else if arg.get_id() == "pattern" {
        // parse's PATTERN: the syntaxes it names; any other pattern is the user's.
        plain(&parse::KEYWORDS)
    } else {
        Vec::new()
    };
    let mut completion = only_matching(words, typed);
    for (word, _) in &mut completion.words {
        word.insert_str(0, prefix);
    }
    completion
}

/// `words` without descriptions.
fn plain(words: &[&str]) -> Vec<(String, String)> {
    words
        .iter()
        .map(|word| (word.to_string(), String::new()))
        .collect()
}

/// Only the file names, after `prefix`.
fn files_only(prefix: &str) -> Completion {
    Completion {
        words: Vec::new(),
        files: Some(prefix.to_owned()),
    }
}

/// The `words` that start with `current`.
fn only_matching(mut words: Vec<(String, String)>, current: &str) -> Completion {
    words.retain(|(word, _)| word.starts_with(current));
    Completion { words, files: None }
}

/// The start of a help text, short enough for a completion menu: up to the first `(`, `;` or
/// `: `, at most about 60 characters.
fn about(text: Option<&clap::builder::StyledStr>) -> String {
    let text = text.map(ToString::to_string).unwrap_or_default();
    let line = text.lines().next().unwrap_or("");
    let mut short = line
        .split(['(', ';'])
        .next()
        .and_then(|s| s.split(": ").next())
        .unwrap_or("")
        .trim_end_matches(['.', ' ', ','])
        .to_owned();
    if short.chars().count() > 60 {
        let cut: String = short.chars().take(60).collect();
        short = format!(
            "{}…",
            cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head)
        );
    }
    short
}

/// The words of the command a line ends in, as a POSIX shell splits them
/// ([`crate::cli::shell_words`]), without the command's name; the last is the word the line
/// ends in, empty after a blank or a `|`.
fn split_line(line: &str) -> Vec<String> {
    let words = crate::cli::shell_words(line);
    let command = words
        .iter()
        .rposition(|w| w.ends_command)
        .map_or(&words[..], |i| &words[i + 1..]);
    let mut texts: Vec<String> = command.iter().map(|w| w.text.clone()).collect();
    if command.last().is_none_or(|w| w.span.end < line.len()) {
        texts.push(String::new());
    }
    texts.into_iter().skip(1).collect()
}

/// The lines `eddy --complete SHELL` prints for `completion`: for zsh, fish and elvish each word
/// with its description after a tab.
fn render(shell: Shell, completion: &Completion) -> String {
    let mut out = String::new();
    for (word, description) in &completion.words {
        match shell {
            Shell::Zsh | Shell::Fish | Shell::Elvish if !description.is_empty() => {
                out.push_str(&format!("{word}\t{description}\n"));
            }
            _ => out.push_str(&format!("{word}\n")),
        }
    }
    if let Some(prefix) = &completion.files {
        out.push_str(&format!("{FILES}\t{prefix}\n"));
    }
    out
}

/// `eddy --complete SHELL (--line LINE | -- WORD...)` and `eddy --completions SHELL`, read
/// before the rest of the command line: `None` when `args` (without the program name) are
/// neither, else what to print or the usage error.
pub fn run(args: &[OsString]) -> Option<Result<String>> {
    let (first, rest) = args.split_first()?;
    let rest: Vec<String> = rest
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let shell = |name: Option<&String>| {
        name.and_then(|n| shell_named(n))
            .ok_or_else(|| UsageError::new("expected a shell: bash, zsh, fish or elvish").into())
    };
    if first == "--completions" {
        return Some(match rest.as_slice() {
            [name] => shell(Some(name)).map(|s| script(s).to_owned()),
            _ => Err(UsageError::new("usage: eddy --completions bash|zsh|fish|elvish").into()),
        });
    }
    if first != "--complete" {
        return None;
    }
    Some(shell(rest.first()).and_then(|shell| {
        let words = match rest.get(1).map(String::as_str) {
            Some("--line") if rest.len() == 3 => split_line(&rest[2]),
            Some("--") => rest[2..].to_vec(),
            _ => {
                let usage = "usage: eddy --complete SHELL (--line LINE | -- WORD...)";
                return Err(UsageError::new(usage).into());
            }
        };
        Ok(render(shell, &complete(&words)))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words offered after `line` (the text after `eddy`), and whether files are.
    fn offered(line: &str) -> (Vec<String>, Option<String>) {
        let words = split_line(&format!("eddy {line}"));
        let c = complete(&words);
        (c.words.into_iter().map(|(w, _)| w).collect(), c.files)
    }

    #[test]
    fn stage_names_at_the_start_and_after_then() {
        let (words, files) = offered("");
        assert!(words.contains(&"filter".to_owned()) && words.contains(&"window".to_owned()));
        assert_eq!(files, None);
        let (words, _) = offered("filter 'a > 1' then ");
        assert!(words.contains(&"count".to_owned()) && words.contains(&"select".to_owned()));
        assert!(!words.iter().any(|w| w.starts_with('-')));
        assert_eq!(offered("--stats fil").0, ["filter"]);
        assert_eq!(offered("head 1 then w").0, ["window"]);
    }

    #[test]
    fn a_stages_own_options_and_the_global_ones() {
        assert_eq!(
            offered("filter x then count --b").0,
            ["--by", "--block-buffered"]
        );
        let (words, _) = offered("window tumbling --");
        for option in [
            "--size",
            "--agg",
            "--time-field",
            "--late",
            "--tz",
            "--stats",
        ] {
            assert!(words.contains(&option.to_owned()), "{option}: {words:?}");
        }
        assert!(!offered("head --").0.contains(&"--size".to_owned()));
        assert!(offered("--").0.contains(&"--from".to_owned()));
    }

    #[test]
    fn window_kinds_after_window() {
        let (words, _) = offered("window ");
        assert!(words.contains(&"tumbling".to_owned()) && words.contains(&"session".to_owned()));
        assert!(!words.contains(&"sliding".to_owned()), "hidden");
        assert_eq!(offered("head 2 then window t").0, ["tumbling"]);
    }

    #[test]
    fn values_of_options() {
        let (aggs, _) = offered("window tumbling --size 1m --agg ");
        for agg in [
            "count",
            "sum:",
            "p95:",
            "approx_p99:",
            "approx_distinct:",
            "rate",
        ] {
            assert!(aggs.contains(&agg.to_owned()), "{agg}: {aggs:?}");
        }
        assert!(offered("--from ").0.contains(&"csv".to_owned()));
        assert!(offered("head 1 --to ").0.contains(&"ndjson".to_owned()));
        assert_eq!(offered("--to=nd").0, ["--to=ndjson"]);
        assert!(
            offered("window tumbling --tz Europe/Be")
                .0
                .contains(&"Europe/Berlin".to_owned())
        );
        assert_eq!(
            offered("window global --late ").0,
            ["drop", "fail", "file:"]
        );
        assert_eq!(
            offered("window global --on-bad-time ").0,
            ["skip", "fail", "file:"]
        );
        assert_eq!(
            offered("window global --late file:x").1.as_deref(),
            Some("file:")
        );
        assert_eq!(offered("window global --time ").0, ["event", "processing"]);
        assert_eq!(
            offered("window global --emit ").0,
            ["final", "updates", "periodic:"]
        );
        assert_eq!(offered("parse ").0, ["logfmt", "json", "kv"]);
        let schemes = ["tcp://", "udp://", "unix:", "http://"];
        assert_eq!(offered("head 1 --listen ").0, schemes);
        assert_eq!(
            offered("head 1 --listen unix:/r").1.as_deref(),
            Some("unix:")
        );
        assert_eq!(offered("parse j").0, ["json"]);
        let zones = offered("window global --tz U").0;
        assert_eq!(zones.iter().filter(|z| *z == "UTC").count(), 1, "{zones:?}");
        assert_eq!(offered("window global --agg su").0, ["sum:"]);
        assert_eq!(offered("window global --agg cou").0, ["count"]);
        assert_eq!(offered("head 1 --errors ").1.as_deref(), Some(""));
        assert_eq!(offered("--state=s").1.as_deref(), Some("--state="));
        // A value already given is not the next word's place.
        assert!(offered("window tumbling --size 1m ").1.is_some());
    }

    #[test]
    fn files_after_the_operands() {
        assert_eq!(offered("head 5 ").0, ["then"]);
        assert_eq!(offered("head 5 ").1.as_deref(), Some(""));
        assert_eq!(offered("head 5 a.ndjson "), (vec![], Some(String::new())));
        assert_eq!(offered("head 5 a.ndjson t"), (vec![], Some(String::new())));
        // An operand's place: nothing to offer, no files.
        assert_eq!(offered("filter "), (vec![], None));
        assert_eq!(
            offered("filter -").0,
            Vec::<String>::new(),
            "an expression may start with -"
        );
        // As the CLI reads it: an option's name is the option, anything else the expression.
        assert_eq!(offered("filter --str").0, ["--strict"]);
        assert_eq!(offered("filter --strict "), (vec![], None));
        assert_eq!(offered("filter -e "), (vec![], None));
        assert_eq!(offered("filter --to=csv "), (vec![], None));
        assert_eq!(offered("filter -x ").0, ["then"]);
        assert_eq!(
            offered("filter --st ").0,
            ["then"],
            "an unknown option is the expression"
        );
        assert_eq!(
            offered("tee ").1.as_deref(),
            Some(""),
            "tee writes to a file"
        );
        assert_eq!(offered("window tumbling ").1.as_deref(), Some(""));
        assert_eq!(offered("head 5 -- ").1.as_deref(), Some(""));
        assert_eq!(offered("help w").0, ["window"]);
        assert_eq!(offered("help e").0, ["expr"]);
        assert_eq!(offered("help expr "), (vec![], None));
        assert!(offered("").0.contains(&"help".to_owned()));
        assert_eq!(offered("h").0, ["head", "help"]);
        assert_eq!(
            offered("head 1 then h").0,
            ["head"],
            "help only comes first"
        );
        assert!(offered("help window ").0.contains(&"rolling".to_owned()));
    }

    #[test]
    fn route_branches_take_an_expression_then_a_dest() {
        assert_eq!(offered("route --when "), (vec![], None));
        let dest = (vec!["-".to_owned()], Some(String::new()));
        assert_eq!(offered("route --when 'a > 1' "), dest);
        assert_eq!(offered("route --else "), dest);
        assert_eq!(offered("route --when 'a > 1' x.ndjson ").0, ["then"]);
        assert!(
            offered("route --when 'a > 1' x.ndjson --")
                .0
                .contains(&"--else".to_owned())
        );
        assert_eq!(offered("route --when 'a > 1' - --else - ").0, ["then"]);
    }

    #[test]
    fn flags_take_no_value_and_options_take_theirs() {
        assert_eq!(offered("--with-filename head 1 --thr").0, ["--threads"]);
        assert_eq!(offered("--with-filename=f -e he").0, ["head"]);
        let (words, _) = offered("-e window tumbling --offset -8h --max-d");
        assert_eq!(words, ["--max-delay"]);
        assert_eq!(offered("--from csv he").0, ["head"]);
    }

    #[test]
    fn lines_split_as_a_shell_splits_them() {
        assert_eq!(
            split_line(r#"cat x | eddy filter 'a > 1' then map "b = \"c\"" d\ e "#),
            ["filter", "a > 1", "then", "map", "b = \"c\"", "d e", ""]
        );
        assert_eq!(split_line("eddy --to=nd"), ["--to=nd"]);
        assert_eq!(split_line("eddy"), [""; 0]);
        assert_eq!(split_line("eddy head 1|eddy he"), ["he"]);
        // A backslash-newline continues the line, outside single quotes.
        assert_eq!(
            split_line("eddy head 1 \\\nthen co"),
            ["head", "1", "then", "co"]
        );
        assert_eq!(
            split_line("eddy he\\\nad \"a\\\nb\" 'c\\\nd'"),
            ["head", "ab", "c\\\nd"]
        );
        assert_eq!(offered("head 1 \\\nthen co").0, ["count"]);
    }

    #[test]
    fn what_each_shell_reads() {
        let c = complete(&split_line("eddy --to=nd"));
        assert_eq!(render(Shell::Bash, &c), "--to=ndjson\n");
        assert!(render(Shell::Fish, &c).starts_with("--to=ndjson\t"));
        let c = complete(&split_line("eddy window global --late file:o"));
        assert_eq!(render(Shell::Bash, &c), "__files__\tfile:\n");
        assert_eq!(render(Shell::Zsh, &c), "__files__\tfile:\n");
    }

    #[test]
    fn the_entry_point() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(run(&args(&["head", "1"])).is_none());
        let out = run(&args(&["--complete", "fish", "--", "window", ""]))
            .unwrap()
            .unwrap();
        assert!(out.lines().any(|l| l.starts_with("tumbling\t")));
        let out = run(&args(&[
            "--complete",
            "bash",
            "--line",
            "eddy head 1 then co",
        ]));
        assert_eq!(out.unwrap().unwrap(), "count\n");
        let error = run(&args(&["--complete", "tcsh", "--", ""])).unwrap();
        let error = error.unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert_eq!(
            error.render().unwrap(),
            "eddy: expected a shell: bash, zsh, fish or elvish"
        );
        assert!(
            run(&args(&["--completions", "zsh"]))
                .unwrap()
                .unwrap()
                .contains("#compdef eddy")
        );
    }
}
