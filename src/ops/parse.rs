//! `parse PATTERN`: turn a string field into fields.
//!
//! Modes: `logfmt`, `kv` (key/value pairs with chosen separators) and `json` share the input
//! decoders' parsers (one home for each syntax); anything else is a regular expression whose
//! named captures become fields, or with `--as` a simple pattern in which each `*` captures.

use regex::Regex;

use crate::error::{DropReason, Result};
use crate::event::{Event, FieldReader};
use crate::infer::infer;
use crate::input::logfmt::{PairSyntax, parse_pairs};
use crate::json;
use crate::ops::{
    BuildContext, Example, Flow, Inputs, Out, Pushdown, ReaderStep, Stage, StageArgs, Stepped,
};
use crate::path::Path;
use crate::scan::SpanSet;
use crate::value::{Map, Value};

/// What `eddy parse --help` and eddy-parse(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "the words of a message, by a `*` pattern",
        "eddy parse '* * *' --field msg --as verb,path,code events.ndjson",
    ),
    Example::new(
        "the named captures of a regex",
        r#"eddy parse '(?P<verb>[A-Z]+) (?P<path>\S+)' --field msg events.ndjson"#,
    ),
    Example::new(
        "JSON text inside a field, the field kept",
        "eddy parse json --field payload --keep-field events.ndjson",
    ),
    Example::new(
        "key:value pairs separated by `;` in a field",
        r#"eddy filter 'starts_with(payload, "region")' then parse kv --field payload --kv-sep : --pair-sep ';' events.ndjson"#,
    ),
];

/// The PATTERNs that name a syntax rather than a pattern: `logfmt`, `json`, `kv`.
pub const KEYWORDS: [&str; 3] = [LOGFMT, JSON, KV];
const LOGFMT: &str = "logfmt";
const JSON: &str = "json";
const KV: &str = "kv";

/// Turn a string field into fields: a regex, a `*` pattern, logfmt, json or key=value pairs
///
/// PATTERN is `logfmt`, `json` (a JSON object inside the field), `kv` (key=value pairs with
/// --kv-sep and --pair-sep), a regular expression whose named captures `(?P<name>...)` become
/// fields, or, with --as, a pattern in which each `*` captures (a run of spaces matches any run
/// of whitespace; the pattern must match the whole text).
///
/// The field parsed is --field, by default `line` (the field of `--from lines`), or, for events
/// without one, the whole input record. The parsed fields are added to the event (replacing
/// fields of the same name); the parsed field itself is removed unless --keep-field.
/// Captured and unquoted values are typed (integers, floats, booleans) unless --strings.
/// An event whose field is missing, not a string, or does not match is malformed: dropped,
/// counted and reported with its file and line, unless --keep-unmatched passes it on unchanged.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// logfmt, json, kv, a regex with named captures, or a `*` pattern (with --as)
    #[arg(value_name = "PATTERN")]
    pattern: String,
    /// The string field to parse (default: `line`, else the whole input record)
    #[arg(long, value_name = "FIELD")]
    field: Option<String>,
    /// Names of the `*` captures of a simple pattern, comma-separated (`_` skips one)
    #[arg(long = "as", value_name = "NAMES", value_delimiter = ',')]
    names: Vec<String>,
    /// Pass events that do not match on unchanged instead of dropping them
    #[arg(long)]
    keep_unmatched: bool,
    /// Keep the parsed field besides the fields parsed from it
    #[arg(long)]
    keep_field: bool,
    /// kv: the separator between a key and its value
    #[arg(long, value_name = "CHAR", default_value = "=")]
    kv_sep: char,
    /// kv: the separator between pairs (default: whitespace)
    #[arg(long, value_name = "CHAR")]
    pair_sep: Option<char>,
    /// Keep every parsed value a string (no numbers or booleans)
    #[arg(long)]
    strings: bool,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// How the text is parsed.
#[derive(Debug, Clone)]
enum Mode {
    Pairs(PairSyntax),
    Json,
    /// A regex and, per capture group index, the field name (`None` to skip).
    Regex(Regex, Vec<Option<String>>),
}

/// Builds the stage.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let usage = |m: String| ctx.usage("parse", m);
    let keyword = KEYWORDS.contains(&args.pattern.as_str());
    if keyword && !args.names.is_empty() {
        return Err(usage(format!(
            "--as names captures of a pattern, not of `{}`",
            args.pattern
        ))
        .into());
    }
    let mode = match args.pattern.as_str() {
        LOGFMT => Mode::Pairs(PairSyntax::LOGFMT),
        KV => {
            if args.pair_sep == Some(args.kv_sep) {
                return Err(usage("--kv-sep and --pair-sep must differ".into()).into());
            }
            Mode::Pairs(PairSyntax {
                kv_sep: args.kv_sep,
                pair_sep: args.pair_sep,
            })
        }
        JSON => Mode::Json,
        pattern if !args.names.is_empty() => {
            let (source, stars) = star_pattern_to_regex(pattern);
            if stars != args.names.len() {
                return Err(usage(format!(
                    "the pattern has {stars} `*` but --as names {}",
                    args.names.len()
                ))
                .into());
            }
            let regex = Regex::new(&source).map_err(|e| usage(format!("invalid pattern: {e}")))?;
            let mut names = vec![None];
            for n in &args.names {
                let n = n.trim();
                if n.is_empty() {
                    return Err(usage("--as has an empty name".into()).into());
                }
                names.push((n != "_").then(|| n.to_owned()));
            }
            Mode::Regex(regex, names)
        }
        pattern => {
            let regex = Regex::new(pattern).map_err(|e| {
                usage(format!(
                    "invalid regular expression: {}",
                    first_line(&e.to_string())
                ))
            })?;
            let names: Vec<Option<String>> = regex
                .capture_names()
                .map(|n| n.map(str::to_owned))
                .collect();
            if names.iter().all(Option::is_none) {
                return Err(usage(format!(
                    "the regular expression `{pattern}` has no named capture `(?P<name>...)` (use --as with a `*` pattern, or logfmt, json, kv)"
                ))
                .into());
            }
            Mode::Regex(regex, names)
        }
    };
    let field = match &args.field {
        Some(text) => Some(
            Path::parse(text).map_err(|e| usage(format!("--field: invalid path `{text}`: {e}")))?,
        ),
        None => None,
    };
    Ok(Box::new(Parse {
        mode,
        field,
        default_field: Path::key("line"),
        keep_unmatched: args.keep_unmatched,
        keep_field: args.keep_field,
        infer: !args.strings,
    }))
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .trim_start_matches("error: ")
        .to_owned()
}

/// Translates a `*` pattern to an anchored regex; returns it and the number of `*`.
fn star_pattern_to_regex(pattern: &str) -> (String, usize) {
    let mut out = String::from("^");
    let mut stars = 0;
    let mut literal = String::new();
    let flush = |literal: &mut String, out: &mut String| {
        out.push_str(&regex::escape(literal));
        literal.clear();
    };
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '*' {
            flush(&mut literal, &mut out);
            stars += 1;
            out.push_str(if chars.peek().is_none() {
                "(.*)"
            } else {
                "(.*?)"
            });
        } else if c.is_whitespace() {
            flush(&mut literal, &mut out);
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            out.push_str(r"\s+");
        } else {
            literal.push(c);
        }
    }
    flush(&mut literal, &mut out);
    out.push('$');
    (out, stars)
}

/// The stage.
#[derive(Debug, Clone)]
struct Parse {
    mode: Mode,
    field: Option<Path>,
    default_field: Path,
    keep_unmatched: bool,
    keep_field: bool,
    infer: bool,
}

impl Parse {
    fn typed(&self, text: &str) -> Value {
        if self.infer {
            infer(text)
        } else {
            Value::from(text)
        }
    }

    /// Parses `text` into fields, or says why not.
    fn fields(&self, text: &str) -> std::result::Result<Map, String> {
        match &self.mode {
            Mode::Pairs(syntax) => {
                let map = parse_pairs(text, *syntax, self.infer)?;
                if map.is_empty() {
                    return Err("no key/value pairs".into());
                }
                Ok(map)
            }
            Mode::Json => match json::parse(text.as_bytes()) {
                Ok(Value::Object(map)) => Ok(map),
                Ok(_) => Err("not a JSON object".into()),
                Err(e) => Err(crate::input::ndjson::json_error_message(&e)),
            },
            Mode::Regex(regex, names) => {
                let caps = regex
                    .captures(text)
                    .ok_or_else(|| "does not match the pattern".to_owned())?;
                let mut map = Map::default();
                for (i, name) in names.iter().enumerate() {
                    if let Some(name) = name {
                        let v = caps.get(i).map_or(Value::Null, |m| self.typed(m.as_str()));
                        map.insert(name.clone(), v);
                    }
                }
                Ok(map)
            }
        }
    }

    /// The field whose text is parsed in an event whose value is `root`: --field, else `line`
    /// when it is a string; `None` for the whole input record.
    fn source(&self, root: &Value) -> Option<&Path> {
        match &self.field {
            Some(path) => Some(path),
            None => matches!(self.default_field.get(root), Some(Value::Str(_)))
                .then_some(&self.default_field),
        }
    }

    /// Parses the field `path` of `root`, or says why not.
    fn parse_field(&self, path: &Path, root: &Value) -> std::result::Result<Map, String> {
        match path.get(root) {
            Some(Value::Str(s)) => {
                (self.fields(s)).map_err(|e| format!("parse: field `{path}`: {e}"))
            }
            Some(_) => Err(format!("field `{path}` is not a string")),
            None => Err(format!("field `{path}` is missing")),
        }
    }

    /// Parses a whole input record, or says why not.
    fn parse_record(&self, original: &[u8]) -> std::result::Result<Map, String> {
        let text = String::from_utf8_lossy(original);
        self.fields(&text)
            .map_err(|e| format!("parse: the record: {e}"))
    }

    /// Adds the parsed `fields` to the object `root`, removing the field `path` they were read
    /// from unless --keep-field.
    fn merge(&self, path: Option<&Path>, root: &mut Value, fields: Map) {
        if let Some(p) = path
            && !self.keep_field
        {
            p.remove(root);
        }
        if let Value::Object(map) = root {
            for (k, v) in fields {
                map.shift_remove(&k);
                map.insert(k, v);
            }
        }
    }

    /// The stage's work on a value, when it parses a field: `Some(true)` when the value
    /// changed, `Some(false)` when it passes unchanged (--keep-unmatched), `None` when the stage
    /// must see the event (to parse its record, to report it).
    fn apply_to(&self, root: &mut Value) -> Option<bool> {
        let path = self.source(root)?;
        match self.parse_field(path, root) {
            Ok(fields) => {
                self.merge(Some(path), root, fields);
                Some(true)
            }
            Err(_) => self.keep_unmatched.then_some(false),
        }
    }
}

impl ReaderStep for Parse {
    fn apply(&mut self, text: &[u8], _spans: Option<SpanSet>) -> Option<Stepped> {
        let mut root = json::parse(text).ok()?;
        let text = self
            .apply_to(&mut root)?
            .then(|| root.to_json().into_bytes());
        Some(Stepped { text, spans: None })
    }

    fn field_reader(&self) -> Option<&FieldReader> {
        None
    }

    fn apply_value(&mut self, root: &mut Value) -> Option<()> {
        self.apply_to(root).map(drop)
    }

    fn clone_step(&self) -> Box<dyn ReaderStep> {
        Box::new(self.clone())
    }
}

impl Stage for Parse {
    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        Some(Pushdown::Edit(Box::new(self.clone())))
    }

    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let path = self.source(event.value());
        let parsed = match path {
            Some(path) => self.parse_field(path, event.value()),
            None => self.parse_record(event.original()),
        };
        match parsed {
            Ok(fields) => {
                event.object_mut();
                self.merge(path, event.value_mut(), fields);
                out.emit(event)
            }
            Err(message) => {
                if self.keep_unmatched {
                    return out.emit(event);
                }
                let message = if message.starts_with("parse:") {
                    message
                } else {
                    format!("parse: {message}")
                };
                out.drop_event(&event, DropReason::Malformed, message)?;
                Ok(Flow::Continue)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_patterns() {
        let (re, n) = star_pattern_to_regex("user * from *  port *");
        assert_eq!(n, 3);
        assert_eq!(re, r"^user\s+(.*?)\s+from\s+(.*?)\s+port\s+(.*)$");
        let (re, _) = star_pattern_to_regex("a.b [*]");
        assert_eq!(re, r"^a\.b\s+\[(.*?)\]$");
    }
}
