//! Field paths: the one home of field-path syntax and resolution.
//!
//! Syntax: `name`, `a.b.c`, `tags[0]`, `tags[-1]` (from the end), `a["odd.key"]`, and backquotes
//! for awkward names (`` `user-agent` ``, `` a.`x.y` ``). Resolution falls back to literal dotted
//! keys, so `id.orig_h` finds the Zeek field named `"id.orig_h"` when there is no object `id`.

use std::fmt;

use crate::value::{Map, Value};

/// How many nulls [`Path::set`] may insert to reach an index beyond the end of an array.
pub const MAX_PADDING: usize = 65_536;

/// How deeply [`Path::set`] lets an event nest (objects and arrays), as deeply as JSON input
/// may nest: deeper values could not be written back without overflowing the stack, nor read.
pub const MAX_NESTING: usize = 128;

/// True when `value` has more than `levels` levels of arrays and objects. Looks no deeper than
/// `levels + 1`, so it never recurses far.
fn nests_deeper_than(value: &Value, levels: usize) -> bool {
    match value {
        Value::Array(items) => {
            levels == 0 || items.iter().any(|c| nests_deeper_than(c, levels - 1))
        }
        Value::Object(map) => levels == 0 || map.values().any(|c| nests_deeper_than(c, levels - 1)),
        _ => false,
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object key.
    Key(String),
    /// An array index; negative counts from the end.
    Index(i64),
}

/// A parsed field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    segments: Vec<Segment>,
    /// True for key segments written with a plain `.` after a key, for the dotted-key fallback.
    dotted: Vec<bool>,
    text: String,
}

/// A path that does not parse, with the byte offset of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong.
    pub message: String,
    /// Byte offset into the path text.
    pub offset: usize,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.offset + 1)
    }
}

impl std::error::Error for PathError {}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Path {
    /// A path of one top-level key, taken literally.
    pub fn key(name: &str) -> Path {
        Path {
            segments: vec![Segment::Key(name.to_owned())],
            dotted: vec![false],
            text: name.to_owned(),
        }
    }

    /// Builds a path from segments (used by the expression parser, which lexes paths itself).
    pub fn from_segments(segments: Vec<Segment>, dotted: Vec<bool>, text: String) -> Path {
        debug_assert_eq!(segments.len(), dotted.len());
        Path {
            segments,
            dotted,
            text,
        }
    }

    /// Parses the path syntax described in the module documentation.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        let bytes = text.as_bytes();
        let mut segments = Vec::new();
        let mut dotted = Vec::new();
        let mut i = 0;
        let err = |message: &str, offset: usize| PathError {
            message: message.to_owned(),
            offset,
        };
        if text.is_empty() {
            return Err(err("empty field path", 0));
        }
        let mut after_dot = false;
        while i < bytes.len() {
            match bytes[i] {
                b'[' => {
                    let close = text[i..]
                        .find(']')
                        .map(|p| p + i)
                        .ok_or_else(|| err("missing `]`", i))?;
                    let inner = text[i + 1..close].trim();
                    if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                        segments.push(Segment::Key(q.replace("\\\"", "\"")));
                    } else {
                        let n: i64 = inner
                            .parse()
                            .map_err(|_| err("expected an index or a quoted key in `[...]`", i))?;
                        segments.push(Segment::Index(n));
                    }
                    dotted.push(false);
                    i = close + 1;
                    after_dot = false;
                    if i < bytes.len() && bytes[i] == b'.' {
                        i += 1;
                        after_dot = true;
                        if i == bytes.len() {
                            return Err(err("expected a name after `.`", i));
                        }
                    }
                }
                b'`' => {
                    let close = text[i + 1..]
                        .find('`')
                        .map(|p| p + i + 1)
                        .ok_or_else(|| err("missing closing backquote", i))?;
                    segments.push(Segment::Key(text[i + 1..close].to_owned()));
                    dotted.push(false);
                    i = close + 1;
                    after_dot = false;
                    if i < bytes.len() && bytes[i] == b'.' {
                        i += 1;
                        after_dot = true;
                    }
                }
                b'.' => return Err(err("unexpected `.`", i)),
                _ => {
                    let end = bytes[i..]
                        .iter()
                        .position(|&b| b == b'.' || b == b'[')
                        .map_or(bytes.len(), |p| p + i);
                    segments.push(Segment::Key(text[i..end].to_owned()));
                    dotted.push(after_dot);
                    i = end;
                    after_dot = false;
                    if i < bytes.len() && bytes[i] == b'.' {
                        i += 1;
                        after_dot = true;
                        if i == bytes.len() {
                            return Err(err("expected a name after `.`", i));
                        }
                    }
                }
            }
        }
        Ok(Path {
            segments,
            dotted,
            text: text.to_owned(),
        })
    }

    /// The segments of the path.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// For each segment, whether it is a key written after a plain `.` (for the dotted-key
    /// fallback); the expression parser extends paths segment by segment.
    pub fn dotted_flags(&self) -> &[bool] {
        &self.dotted
    }

    /// The path as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first key when the path starts with one (the top-level field it reads).
    pub fn top_key(&self) -> Option<&str> {
        match self.segments.first() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The key when the path is one top-level key and nothing more (`x`, not `x.y` or `x[0]`).
    pub fn single_key(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [Segment::Key(k)] => Some(k),
            _ => None,
        }
    }

    /// The top-level keys [`Path::get`] may look up at the root of an object: the first key,
    /// then the literal dotted keys of the fallback (`id.orig_h` for `id.orig_h`). An object
    /// holding just these keys of a value resolves the path exactly as the value does.
    pub fn root_keys(&self) -> Vec<String> {
        let Some(Segment::Key(first)) = self.segments.first() else {
            return Vec::new();
        };
        let mut keys = vec![first.clone()];
        let mut name = first.clone();
        for (seg, dotted) in self.segments.iter().zip(&self.dotted).skip(1) {
            match (seg, dotted) {
                (Segment::Key(k), true) => {
                    name.push('.');
                    name.push_str(k);
                    keys.push(name.clone());
                }
                _ => break,
            }
        }
        keys
    }

    /// A flat name for output columns: segments joined by `_` (`req.bytes` → `req_bytes`).
    pub fn flat_name(&self) -> String {
        let parts: Vec<String> = self
            .segments
            .iter()
            .map(|s| match s {
                Segment::Key(k) => k.replace('.', "_"),
                Segment::Index(i) => i.to_string(),
            })
            .collect();
        parts.join("_")
    }

    /// Resolves the path in `root`; `None` when any step is missing or of the wrong type.
    pub fn get<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        get_from(root, &self.segments, &self.dotted)
    }

    /// Resolves the path and clones the value, `Null` when missing.
    pub fn get_or_null(&self, root: &Value) -> Value {
        self.get(root).cloned().unwrap_or(Value::Null)
    }

    /// Sets the value at the path, creating objects on the way. Setting inside a value that is
    /// neither an object nor an array (or an index into a non-array) is an error. An index
    /// beyond the end pads the array with nulls, at most [`MAX_PADDING`] of them (further is an
    /// error).
    ///
    /// Like [`Path::get`], a literal dotted key that exists is used: `id.orig_h` sets the Zeek
    /// field `"id.orig_h"` when there is one and no object `id`.
    pub fn set(&self, root: &mut Value, value: Value) -> Result<(), String> {
        let merged = merge_dotted(root, &self.segments, &self.dotted);
        let segments = merged.as_deref().unwrap_or(&self.segments);
        // The value sits inside one container per segment (the event itself for the first).
        let room = MAX_NESTING.saturating_sub(segments.len());
        if segments.len() > MAX_NESTING || nests_deeper_than(&value, room) {
            return Err(format!(
                "cannot set `{}`: the event would nest more than {MAX_NESTING} levels",
                self.text
            ));
        }
        let mut cur = root;
        for (n, seg) in segments.iter().enumerate() {
            let last = n + 1 == segments.len();
            if matches!(cur, Value::Null) {
                *cur = match seg {
                    Segment::Key(_) => Value::Object(Map::default()),
                    Segment::Index(_) => Value::Array(Vec::new()),
                };
            }
            cur = match (seg, cur) {
                (Segment::Key(k), Value::Object(map)) => {
                    if last {
                        // The key's string is only copied when the key is new.
                        match map.get_mut(k.as_str()) {
                            Some(slot) => *slot = value,
                            None => {
                                map.insert(k.clone(), value);
                            }
                        }
                        return Ok(());
                    }
                    map.entry(k.clone()).or_insert(Value::Null)
                }
                (Segment::Index(i), Value::Array(items)) => {
                    let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                    if idx < 0 {
                        return Err(format!("index {i} is out of range in `{}`", self.text));
                    }
                    let idx = usize::try_from(idx).unwrap_or(usize::MAX);
                    if idx >= items.len() {
                        // Padding with nulls is bounded: `tags[100000000000] = 1` must not try to
                        // allocate terabytes.
                        if idx - items.len() > MAX_PADDING {
                            return Err(format!(
                                "index {i} is too far beyond the end of `{}` (an array of {} \
                                 elements may grow by at most {MAX_PADDING} nulls)",
                                self.text,
                                items.len()
                            ));
                        }
                        items.resize(idx + 1, Value::Null);
                    }
                    if last {
                        items[idx] = value;
                        return Ok(());
                    }
                    &mut items[idx]
                }
                (_, other) => {
                    return Err(format!(
                        "cannot set `{}`: a {} is in the way",
                        self.text,
                        other.type_name()
                    ));
                }
            };
        }
        *cur = value;
        Ok(())
    }

    /// Removes the value at the path and returns it; missing paths remove nothing.
    pub fn remove(&self, root: &mut Value) -> Option<Value> {
        remove_from(root, &self.segments, &self.dotted)
    }

    /// Where the path resolves in `root`, as a concrete path: literal dotted keys found by the
    /// fallback become one key, negative indexes become positions. `None` when missing. Setting
    /// or removing at the concrete path touches exactly the value [`Path::get`] finds.
    pub fn locate(&self, root: &Value) -> Option<Path> {
        let mut found = Vec::with_capacity(self.segments.len());
        locate_from(root, &self.segments, &self.dotted, &mut found)?;
        let dotted = vec![false; found.len()];
        Some(Path::from_segments(found, dotted, self.text.clone()))
    }

    /// Parses a comma-separated list of paths (`ts,host,geo.country`). Commas inside `[...]`,
    /// quotes or backquotes belong to the path. Offsets in errors count from the list's start.
    pub fn parse_list(text: &str) -> Result<Vec<Path>, PathError> {
        split_top_level(text, b',')
            .into_iter()
            .map(|(offset, part)| {
                Path::parse(part).map_err(|e| PathError {
                    message: e.message,
                    offset: e.offset + offset,
                })
            })
            .collect()
    }
}

/// Splits `text` at every `sep` outside `[...]`, `(...)` (an expression's call), double quotes
/// and backquotes; returns each piece with its byte offset. An empty text gives one empty
/// piece.
pub fn split_top_level(text: &str, sep: u8) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let (mut start, mut depth, mut quote) = (0, 0usize, None::<u8>);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == b'\\' && q == b'"' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'`' => quote = Some(b),
                b'[' | b'(' => depth += 1,
                b']' | b')' => depth = depth.saturating_sub(1),
                _ if b == sep && depth == 0 => {
                    pieces.push((start, &text[start..i]));
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    pieces.push((start, &text[start..]));
    pieces
}

fn locate_from(
    cur: &Value,
    segments: &[Segment],
    dotted: &[bool],
    found: &mut Vec<Segment>,
) -> Option<()> {
    let Some((first, _)) = segments.split_first() else {
        return Some(());
    };
    match (first, cur) {
        (Segment::Key(k), Value::Object(map)) => {
            if let Some(v) = map.get(k) {
                found.push(first.clone());
                return locate_from(v, &segments[1..], &dotted[1..], found);
            }
            // A literal dotted key, as `get` would find it.
            let mut name = k.clone();
            for end in 1..segments.len() {
                match (&segments[end], dotted[end]) {
                    (Segment::Key(next), true) => {
                        name.push('.');
                        name.push_str(next);
                        if let Some(v) = map.get(&name) {
                            found.push(Segment::Key(name));
                            return locate_from(v, &segments[end + 1..], &dotted[end + 1..], found);
                        }
                    }
                    _ => return None,
                }
            }
            None
        }
        (Segment::Index(i), Value::Array(items)) => {
            let idx = resolve_index(*i, items.len())?;
            found.push(Segment::Index(idx as i64));
            locate_from(&items[idx], &segments[1..], &dotted[1..], found)
        }
        _ => None,
    }
}

/// The segments with runs of dotted keys merged where the literal dotted key exists in `root`
/// (and the first key of the run does not), as [`Path::get`] resolves them; `None` when no run
/// is merged.
fn merge_dotted(root: &Value, segments: &[Segment], dotted: &[bool]) -> Option<Vec<Segment>> {
    // Only a key written after a dot can be merged; most paths have none.
    if !dotted.iter().skip(1).any(|&d| d) {
        return None;
    }
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut cur = Some(root);
    let mut changed = false;
    let mut n = 0;
    while n < segments.len() {
        let seg = &segments[n];
        let mut next = n + 1;
        let mut merged = None;
        if let (Segment::Key(k), Some(Value::Object(map))) = (seg, cur)
            && !map.contains_key(k)
        {
            let mut name = k.clone();
            for end in n + 1..segments.len() {
                match (&segments[end], dotted[end]) {
                    (Segment::Key(part), true) => {
                        name.push('.');
                        name.push_str(part);
                        if map.contains_key(&name) {
                            merged = Some(name.clone());
                            next = end + 1;
                            break;
                        }
                    }
                    _ => break,
                }
            }
        }
        let step = match merged {
            Some(name) => {
                changed = true;
                let v = cur.and_then(|c| c.as_object()).and_then(|m| m.get(&name));
                out.push(Segment::Key(name));
                v
            }
            None => {
                out.push(seg.clone());
                match (seg, cur) {
                    (Segment::Key(k), Some(Value::Object(map))) => map.get(k),
                    (Segment::Index(i), Some(Value::Array(items))) => {
                        resolve_index(*i, items.len()).map(|idx| &items[idx])
                    }
                    _ => None,
                }
            }
        };
        cur = step;
        n = next;
    }
    changed.then_some(out)
}

fn remove_from(cur: &mut Value, segments: &[Segment], dotted: &[bool]) -> Option<Value> {
    let (first, rest) = segments.split_first()?;
    match (first, cur) {
        (Segment::Key(k), Value::Object(map)) => {
            if map.contains_key(k) {
                if rest.is_empty() {
                    return map.shift_remove(k);
                }
                return remove_from(map.get_mut(k)?, rest, &dotted[1..]);
            }
            // A literal dotted key, as `get` would find it.
            let mut name = k.clone();
            for end in 1..segments.len() {
                match (&segments[end], dotted[end]) {
                    (Segment::Key(next), true) => {
                        name.push('.');
                        name.push_str(next);
                        if map.contains_key(&name) {
                            if end + 1 == segments.len() {
                                return map.shift_remove(&name);
                            }
                            return remove_from(
                                map.get_mut(&name)?,
                                &segments[end + 1..],
                                &dotted[end + 1..],
                            );
                        }
                    }
                    _ => return None,
                }
            }
            None
        }
        (Segment::Index(i), Value::Array(items)) => {
            let idx = resolve_index(*i, items.len())?;
            if rest.is_empty() {
                Some(items.remove(idx))
            } else {
                remove_from(&mut items[idx], rest, &dotted[1..])
            }
        }
        _ => None,
    }
}

fn resolve_index(i: i64, len: usize) -> Option<usize> {
    let idx = if i < 0 { len as i64 + i } else { i };
    (0..len as i64).contains(&idx).then_some(idx as usize)
}

fn get_from<'a>(mut cur: &'a Value, segments: &[Segment], dotted: &[bool]) -> Option<&'a Value> {
    for (n, seg) in segments.iter().enumerate() {
        cur = match (seg, cur) {
            (Segment::Key(k), Value::Object(map)) => match map.get(k) {
                Some(v) => v,
                None => return dotted_fallback(map, segments, dotted, n),
            },
            (Segment::Index(i), Value::Array(items)) => &items[resolve_index(*i, items.len())?],
            _ => return None,
        };
    }
    Some(cur)
}

/// When `a` is missing at this level, tries the literal keys `a.b`, `a.b.c`, ... formed from the
/// following dot-separated segments, then resolves the rest of the path below the match.
fn dotted_fallback<'a>(
    map: &'a Map,
    segments: &[Segment],
    dotted: &[bool],
    start: usize,
) -> Option<&'a Value> {
    let Segment::Key(first) = &segments[start] else {
        return None;
    };
    let mut name = first.clone();
    for end in start + 1..segments.len() {
        match (&segments[end], dotted[end]) {
            (Segment::Key(k), true) => {
                name.push('.');
                name.push_str(k);
                if let Some(v) = map.get(&name) {
                    return get_from(v, &segments[end + 1..], &dotted[end + 1..]);
                }
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn doc() -> Value {
        json::parse(br#"{"a":{"b":[1,{"c":2}]},"tags":["x","y"],"id.orig_h":"10.0.0.1","odd.key":3,"user-agent":"ua"}"#).unwrap()
    }

    fn get(p: &str) -> Option<String> {
        Path::parse(p).unwrap().get(&doc()).map(Value::to_json)
    }

    #[test]
    fn root_keys_cover_the_dotted_fallback() {
        let keys = |p: &str| Path::parse(p).unwrap().root_keys();
        assert_eq!(keys("a"), vec!["a"]);
        assert_eq!(keys("id.orig_h"), vec!["id", "id.orig_h"]);
        assert_eq!(keys("a.b[0].c"), vec!["a", "a.b"]);
        assert_eq!(keys("a[\"x.y\"]"), vec!["a"]);
    }

    #[test]
    fn resolves_keys_indexes_and_quoted_names() {
        assert_eq!(get("a.b[0]").as_deref(), Some("1"));
        assert_eq!(get("a.b[1].c").as_deref(), Some("2"));
        assert_eq!(get("tags[-1]").as_deref(), Some("\"y\""));
        assert_eq!(get("tags[2]"), None);
        assert_eq!(get("[\"odd.key\"]").as_deref(), Some("3"));
        assert_eq!(get("`user-agent`").as_deref(), Some("\"ua\""));
        assert_eq!(get("missing.x"), None);
        assert_eq!(get("a.b.c"), None);
    }

    #[test]
    fn dotted_literal_keys_are_found() {
        assert_eq!(get("id.orig_h").as_deref(), Some("\"10.0.0.1\""));
        let mut v = doc();
        assert!(Path::parse("id.orig_h").unwrap().remove(&mut v).is_some());
        assert!(v.as_object().unwrap().get("id.orig_h").is_none());
    }

    #[test]
    fn set_creates_objects_and_reports_conflicts() {
        let mut v = doc();
        Path::parse("geo.cc")
            .unwrap()
            .set(&mut v, Value::from("DE"))
            .unwrap();
        assert_eq!(get_json(&v, "geo"), "{\"cc\":\"DE\"}");
        let err = Path::parse("tags.x")
            .unwrap()
            .set(&mut v, Value::Null)
            .unwrap_err();
        assert!(err.contains("array"), "{err}");
        Path::parse("tags[3]")
            .unwrap()
            .set(&mut v, Value::Int(1))
            .unwrap();
        assert_eq!(get_json(&v, "tags"), "[\"x\",\"y\",null,1]");
        // Padding is bounded; a huge index is an error, not an allocation failure.
        for huge in [
            "tags[100000000000]",
            "tags[9223372036854775807]",
            "n[70000]",
        ] {
            let err = Path::parse(huge)
                .unwrap()
                .set(&mut v, Value::Int(1))
                .unwrap_err();
            assert!(err.contains("too far beyond the end"), "{err}");
        }
        Path::parse("n[65535]")
            .unwrap()
            .set(&mut v, Value::Int(1))
            .unwrap();
        assert_eq!(get_json(&v, "n[-1]"), "1");
    }

    #[test]
    fn set_bounds_the_nesting_of_the_event() {
        let deep = |levels: usize| {
            let mut v = Value::Int(1);
            for _ in 0..levels {
                v = Value::Array(vec![v]);
            }
            v
        };
        let mut v = doc();
        // One segment: the root object and the field hold MAX_NESTING - 1 levels more.
        let x = Path::parse("x").unwrap();
        x.set(&mut v, deep(MAX_NESTING - 1)).unwrap();
        let err = x.set(&mut v, deep(MAX_NESTING)).unwrap_err();
        assert!(err.contains("would nest more than 128 levels"), "{err}");
        // A long path counts as well.
        let long = vec!["b"; MAX_NESTING + 1].join(".");
        assert!(
            Path::parse(&long)
                .unwrap()
                .set(&mut v, Value::Int(1))
                .is_err()
        );
        let fits = vec!["b"; MAX_NESTING].join(".");
        Path::parse(&fits)
            .unwrap()
            .set(&mut v, Value::Int(1))
            .unwrap();
        // Wrapping a field in itself again and again stops at the limit.
        let mut v = doc();
        let mut result = Ok(());
        for _ in 0..1000 {
            let wrapped = Value::Array(vec![x.get_or_null(&v)]);
            result = x.set(&mut v, wrapped);
            if result.is_err() {
                break;
            }
        }
        assert!(result.is_err());
    }

    #[test]
    fn set_uses_existing_dotted_keys() {
        let mut v = doc();
        Path::parse("id.orig_h")
            .unwrap()
            .set(&mut v, Value::from("x"))
            .unwrap();
        assert_eq!(get_json(&v, "[\"id.orig_h\"]"), "\"x\"");
        assert!(v.as_object().unwrap().get("id").is_none());
        // Without such a key, objects are created as usual.
        Path::parse("id.resp_h")
            .unwrap()
            .set(&mut v, Value::from("y"))
            .unwrap();
        assert_eq!(get_json(&v, "id"), "{\"resp_h\":\"y\"}");
    }

    fn get_json(v: &Value, p: &str) -> String {
        Path::parse(p).unwrap().get(v).unwrap().to_json()
    }

    #[test]
    fn parse_errors_carry_offsets() {
        assert_eq!(Path::parse("a.").unwrap_err().offset, 2);
        assert_eq!(Path::parse("a[x]").unwrap_err().offset, 1);
        assert!(Path::parse("").is_err());
    }

    #[test]
    fn locate_gives_concrete_paths() {
        let v = doc();
        let at = |p: &str| {
            Path::parse(p)
                .unwrap()
                .locate(&v)
                .map(|p| p.segments().to_vec())
        };
        assert_eq!(
            at("id.orig_h"),
            Some(vec![Segment::Key("id.orig_h".into())])
        );
        assert_eq!(
            at("tags[-1]"),
            Some(vec![Segment::Key("tags".into()), Segment::Index(1)])
        );
        assert_eq!(
            at("a.b[1].c"),
            Some(vec![
                Segment::Key("a".into()),
                Segment::Key("b".into()),
                Segment::Index(1),
                Segment::Key("c".into())
            ])
        );
        assert_eq!(at("a.x"), None);
        assert_eq!(at("tags[5]"), None);
    }

    #[test]
    fn lists_split_outside_brackets_and_quotes() {
        let texts = |t: &str| -> Vec<String> {
            Path::parse_list(t)
                .unwrap()
                .iter()
                .map(|p| p.text().to_owned())
                .collect()
        };
        assert_eq!(texts("ts,host,geo.country"), ["ts", "host", "geo.country"]);
        assert_eq!(texts("a[\"x,y\"],`b,c`,d"), ["a[\"x,y\"]", "`b,c`", "d"]);
        assert_eq!(Path::parse_list("a,,b").unwrap_err().offset, 2);
        assert_eq!(Path::parse_list("a,b.").unwrap_err().offset, 4);
        assert_eq!(split_top_level("a=b", b'='), [(0, "a"), (2, "b")]);
    }

    #[test]
    fn flat_names() {
        assert_eq!(Path::parse("req.bytes").unwrap().flat_name(), "req_bytes");
        assert_eq!(Path::parse("id.orig_h").unwrap().flat_name(), "id_orig_h");
    }
}
