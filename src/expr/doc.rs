//! The reference of the expression language, `eddy-expr(7)` and `eddy help expr`: the prose
//! of `reference.md` with the function section made from the function table
//! ([`func::FUNCTIONS`]), as blocks that [`plain`] writes as text and the man page generator
//! (tests/it/man.rs) as roff.
//!
//! `reference.md` is a small markup, one block per paragraph: `# SECTION`, `## Subsection`,
//! lines indented by four spaces (code), items starting `- `, terms starting `: ` whose next
//! lines describe them, `@FUNCTIONS` (the function table), else a paragraph. In text,
//! `` `code` `` (or ``` `` a`b `` ```) marks code.

use super::func::{self, Func};

/// The prose of the page.
const REFERENCE: &str = include_str!("reference.md");

/// The page's one-line summary (its NAME section).
pub const SUMMARY: &str = "the expression language of eddy's filter, map and --by keys";

/// One block of the reference.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (`FUNCTIONS`).
    Section(String),
    /// A subsection heading.
    Subsection(String),
    /// A paragraph of running text.
    Para(String),
    /// Lines shown as they are.
    Code(Vec<String>),
    /// A list of items of running text.
    Items(Vec<String>),
    /// Terms, each with its description and lines of code under it.
    Terms(Vec<Term>),
}

/// A term of a [`Block::Terms`] list.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The term, running text (usually all code).
    pub term: String,
    /// Its description, running text.
    pub text: String,
    /// Lines shown as they are under the description (a function's examples).
    pub code: Vec<String>,
}

/// The reference, block by block.
pub fn blocks() -> Vec<Block> {
    let mut out = Vec::new();
    for chunk in REFERENCE.split("\n\n").map(|c| c.trim_matches('\n')) {
        let lines: Vec<&str> = chunk.lines().collect();
        if chunk.is_empty() {
            continue;
        } else if let Some(title) = chunk.strip_prefix("## ") {
            out.push(Block::Subsection(title.to_owned()));
        } else if let Some(title) = chunk.strip_prefix("# ") {
            out.push(Block::Section(title.to_owned()));
        } else if chunk == "@FUNCTIONS" {
            out.push(Block::Terms(func::FUNCTIONS.iter().map(function).collect()));
        } else if lines.iter().all(|l| l.starts_with("    ")) {
            out.push(Block::Code(
                lines.iter().map(|l| l[4..].to_owned()).collect(),
            ));
        } else if let Some(items) = chunk.strip_prefix("- ") {
            out.push(Block::Items(items.split("\n- ").map(joined).collect()));
        } else if let Some(terms) = chunk.strip_prefix(": ") {
            let terms = terms
                .split("\n: ")
                .map(|t| {
                    let (term, text) = t.split_once('\n').unwrap_or((t, ""));
                    Term {
                        term: term.to_owned(),
                        text: joined(text),
                        code: Vec::new(),
                    }
                })
                .collect();
            out.push(Block::Terms(terms));
        } else {
            out.push(Block::Para(joined(chunk)));
        }
    }
    out
}

/// Lines of running text as one line.
fn joined(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A function's entry: its signature, what it does, and its examples, one a line:
/// `len(tags) -> 2` with the event after it when the example reads one.
fn function(f: &Func) -> Term {
    let mut code = Vec::new();
    for ex in f.examples {
        let call = format!("{}  ->  {}", ex.expr, ex.result);
        match ex.input {
            "{}" => code.push(call),
            input if call.len() + input.len() < 64 => code.push(format!("{call}    on {input}")),
            input => code.extend([call, format!("    on {input}")]),
        }
    }
    Term {
        term: format!("`{}`", f.signature),
        text: f.about.to_owned(),
        code,
    }
}

/// Running text cut into its parts: `(true, code)` or `(false, text)`.
pub fn spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('`') {
        let ticks = if rest[at..].starts_with("`` ") {
            "``"
        } else {
            "`"
        };
        let body = &rest[at + ticks.len()..];
        let Some(end) = body.find(ticks) else { break };
        if at > 0 {
            out.push((false, &rest[..at]));
        }
        out.push((true, body[..end].trim()));
        rest = &body[end + ticks.len()..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// The reference as plain text in `width` columns (`eddy help expr`): sections flush left, the
/// text under them indented, code as it is.
pub fn plain(width: usize) -> String {
    let (body, deeper) = ("    ", "        ");
    let mut out = String::from("EDDY-EXPR(7)\n\nNAME\n");
    out.push_str(&wrap(&format!("eddy-expr - {SUMMARY}"), body, body, width));
    let mut after_heading = false;
    for block in blocks() {
        if !after_heading {
            out.push('\n');
        }
        after_heading = matches!(block, Block::Section(_) | Block::Subsection(_));
        match block {
            Block::Section(title) => {
                out.push_str(&title);
                out.push('\n');
            }
            Block::Subsection(title) => {
                out.push_str(&format!("  {title}\n"));
            }
            Block::Para(text) => out.push_str(&wrap(&bare(&text), body, body, width)),
            Block::Code(lines) => code(&mut out, &lines, deeper),
            Block::Items(items) => {
                for item in items {
                    let item = format!("- {}", bare(&item));
                    out.push_str(&wrap(&item, body, "      ", width));
                }
            }
            Block::Terms(terms) => {
                for (i, term) in terms.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(&wrap(&bare(&term.term), body, body, width));
                    out.push_str(&wrap(&bare(&term.text), deeper, deeper, width));
                    code(&mut out, &term.code, "            ");
                }
            }
        }
    }
    out
}

/// Running text for a terminal: code in single backquotes, or bare when it holds one itself.
fn bare(text: &str) -> String {
    spans(text)
        .into_iter()
        .map(|(code, s)| {
            if code && !s.contains('`') {
                format!("`{s}`")
            } else {
                s.to_owned()
            }
        })
        .collect()
}

/// Lines of code, each indented.
fn code(out: &mut String, lines: &[String], indent: &str) {
    for line in lines {
        out.push_str(&format!("{indent}{line}\n"));
    }
}

/// Running text filled into lines of `width` columns, each ending in a newline: the first line
/// starts with `first`, the others with `rest`; a word longer than a line stands alone.
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_find_code() {
        assert_eq!(
            spans("a `b` c `` `d` `` e"),
            [
                (false, "a "),
                (true, "b"),
                (false, " c "),
                (true, "`d`"),
                (false, " e")
            ]
        );
        assert_eq!(spans("no code"), [(false, "no code")]);
    }

    #[test]
    fn every_function_and_section_is_in_the_text() {
        let text = plain(80);
        for f in func::FUNCTIONS {
            assert!(text.contains(f.signature), "{}", f.name);
        }
        for section in ["OPERATORS", "FUNCTIONS", "NULL RULES", "TIME AND DURATIONS"] {
            assert!(text.contains(&format!("\n{section}\n")), "{section}");
        }
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 80 || l.starts_with("        "))
        );
    }
}
