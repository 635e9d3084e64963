//! The `--by` keys of `window`, `count` and `dedupe`: comma-separated, each a field path as
//! always (`host`, `geo.country`, `user-agent`, `tags[0]`), or an expression over the event
//! (`lower(host)`, `source()`, `status >= 500`), optionally named: `NAME=KEY`.
//!
//! A key is an expression when it holds one of `( ) + * / % < > = ! ? : & | "` outside
//! `[...]` and backquotes; otherwise it is a field path, read exactly as before (a name may hold
//! any other character: `user-agent` is the field of that name). A key's name, the field a
//! window's records show it in, is NAME, else the path's flat name (`geo.country` gives
//! `geo_country`), else the expression's text (SQL's `GROUP BY lower(host)` column, DuckDB's
//! naming). Keys that are all paths keep every fast path; an expression is evaluated per event
//! like a `filter` condition (a failure drops the event as an evaluation error).

use std::fmt;
use std::sync::Arc;

use crate::error::UsageError;
use crate::event::Event;
use crate::expr::{self, Env, Expr};
use crate::path::{Path, split_top_level};
use crate::value::{Map, Value};

/// One `--by` key: where its value comes from, and its name.
#[derive(Clone)]
pub struct Key {
    /// The name of its field in the records a window makes.
    pub name: String,
    /// How its value is read from an event.
    pub of: KeyOf,
}

/// Where a key's value comes from.
#[derive(Clone)]
pub enum KeyOf {
    /// A field path (a missing field is null).
    Path(Path),
    /// An expression, with its text.
    Expr(Arc<Expr>, String),
}

/// The keys of one `--by` value, as the command line gives them (a stage may take several).
#[derive(Clone)]
pub struct Keys(pub Vec<Key>);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.of {
            KeyOf::Path(path) => write!(f, "{}={path}", self.name),
            KeyOf::Expr(_, text) => write!(f, "{}={text}", self.name),
        }
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// The characters that make a key an expression, outside `[...]` and backquotes.
const EXPRESSION_MARKS: &[u8] = b"()+*/%<>=!?:&|\"";

/// Parses one `--by` value: keys separated by commas outside `[...]`, `(...)`, double quotes and
/// backquotes. An expression that does not compile is a usage error with a caret under it.
pub fn parse(text: &str) -> Result<Keys, UsageError> {
    split_top_level(text, b',')
        .into_iter()
        .map(|(_, part)| parse_key(part))
        .collect::<Result<_, _>>()
        .map(Keys)
}

/// Parses one `[NAME=]KEY`.
fn parse_key(text: &str) -> Result<Key, UsageError> {
    let (name, key) = match named(text) {
        Some((name, key)) => (Some(name), key),
        None => (None, text),
    };
    if !is_expression(key) {
        let path = Path::parse(key).map_err(|e| {
            let column = key.get(..e.offset).map_or(e.offset, |s| s.chars().count());
            UsageError::new(format!("--by {key}: {e}")).with_snippet(key, column)
        })?;
        let name = name.map_or_else(|| path.flat_name(), str::to_owned);
        return Ok(Key {
            name,
            of: KeyOf::Path(path),
        });
    }
    let key = key.trim();
    let compiled = expr::compile(key).map_err(|mut e| {
        e.message = format!("--by: {}", e.message);
        e
    })?;
    Ok(Key {
        name: name.unwrap_or(key).to_owned(),
        of: KeyOf::Expr(Arc::new(compiled), key.to_owned()),
    })
}

/// `NAME` and `KEY` of `NAME=KEY`, when `text` starts with a name (letters, digits, `_`, not a
/// digit first) and one `=` (not `==`).
fn named(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = text.split_once('=')?;
    let name = name.trim();
    let mut chars = name.chars();
    let first = chars.next()?;
    let is_name = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    (is_name && !rest.starts_with('=')).then_some((name, rest.trim()))
}

/// True when `key` holds a character of [`EXPRESSION_MARKS`] outside `[...]` and backquotes.
fn is_expression(key: &str) -> bool {
    let (mut depth, mut quoted) = (0usize, false);
    key.bytes().any(|b| {
        match b {
            b'`' => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth = depth.saturating_sub(1),
            _ if !quoted && depth == 0 => return EXPRESSION_MARKS.contains(&b),
            _ => {}
        }
        false
    })
}

impl Keys {
    /// The keys of several `--by` values, in order.
    pub fn all(values: &[Keys]) -> Vec<Key> {
        values
            .iter()
            .flat_map(|keys| keys.0.iter().cloned())
            .collect()
    }
}

/// The keys' paths when every key is a field path (what the fast paths read), else `None`.
pub fn paths(keys: &[Key]) -> Option<Vec<Path>> {
    keys.iter()
        .map(|key| match &key.of {
            KeyOf::Path(path) => Some(path.clone()),
            KeyOf::Expr(..) => None,
        })
        .collect()
}

/// Every field path the keys read: their paths, and the fields their expressions read.
pub fn fields(keys: &[Key]) -> Vec<Path> {
    let mut out: Vec<Path> = Vec::new();
    for key in keys {
        let read = match &key.of {
            KeyOf::Path(path) => vec![path.clone()],
            KeyOf::Expr(expr, _) => expr.referenced_fields(),
        };
        for path in read {
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    out
}

/// The values of the keys for `event`, whose fields resolve in `root` (the event's value, or a
/// partial object of the fields the keys read); `now` gives the clock for `now()`. `Err` is
/// the message of an expression that failed.
pub fn values(
    keys: &[Key],
    root: &Value,
    event: &Event,
    now: impl Fn() -> i64,
) -> Result<Vec<Value>, String> {
    let context = keys
        .iter()
        .any(|key| matches!(&key.of, KeyOf::Expr(expr, _) if expr.uses_context()));
    let env = match context {
        true => Env::at(now(), event.location()),
        false => Env::new(0),
    };
    keys.iter()
        .map(|key| match &key.of {
            KeyOf::Path(path) => Ok(path.get_or_null(root)),
            KeyOf::Expr(expr, _) => expr.eval(root, &env),
        })
        .collect()
}

/// [`values`] as an object of the keys' values by name, which the paths `Path::key(name)` read.
pub fn object(
    keys: &[Key],
    root: &Value,
    event: &Event,
    now: impl Fn() -> i64,
) -> Result<Value, String> {
    let values = values(keys, root, event, now)?;
    let map: Map = keys.iter().map(|k| k.name.clone()).zip(values).collect();
    Ok(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        match parse(text) {
            Ok(keys) => format!("{keys:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn paths_stay_paths_and_expressions_are_told_by_their_operators() {
        assert_eq!(
            shown("host,geo.country"),
            "[host=host, geo_country=geo.country]"
        );
        assert_eq!(
            shown("user-agent,first name"),
            "[user-agent=user-agent, first name=first name]"
        );
        assert_eq!(shown(r#"a["x,y"],`b,c`"#), r#"[a_x,y=a["x,y"], b,c=`b,c`]"#);
        assert_eq!(
            shown("lower(host), substr(path, 0, 4),status >= 500"),
            "[lower(host)=lower(host), substr(path, 0, 4)=substr(path, 0, 4), status >= 500=status >= 500]"
        );
        assert_eq!(shown("source()"), "[source()=source()]");
        assert_eq!(
            shown("h=lower(host),zone = geo.country,ok=status==200"),
            "[h=lower(host), zone=geo.country, ok=status==200]"
        );
        // `==` is no name: the whole key is the expression.
        assert_eq!(shown("status==200"), "[status==200=status==200]");
    }

    #[test]
    fn a_bad_expression_is_a_usage_error_with_a_caret() {
        assert_eq!(
            shown("host,lowr(host)"),
            "--by: unknown function 'lowr' (did you mean 'lower'?)\n  lowr(host)\n  ^"
        );
        assert!(
            shown("(status").starts_with("--by: "),
            "{}",
            shown("(status")
        );
        assert!(
            shown("a..b").starts_with("--by a..b: "),
            "{}",
            shown("a..b")
        );
    }

    #[test]
    fn values_read_paths_and_evaluate_expressions() {
        let keys = parse("host,lower(host),source(),n=status / 100").unwrap().0;
        assert_eq!(fields(&keys).len(), 2);
        assert!(paths(&keys).is_none());
        assert!(paths(&parse("a,b.c").unwrap().0).is_some());
        let value = crate::json::parse(br#"{"host":"WEB","status":503}"#).unwrap();
        let at = crate::error::Location {
            source: "x.log".into(),
            line: 3,
        };
        let event = Event::from_input(value.clone(), b"", false, at, 0);
        let object = object(&keys, &value, &event, || 0).unwrap();
        assert_eq!(
            object.to_json(),
            r#"{"host":"WEB","lower(host)":"web","source()":"x.log","n":5.03}"#
        );
        let bad = parse("upper(status)").unwrap().0;
        assert!(values(&bad, &value, &event, || 0).is_err());
    }
}
