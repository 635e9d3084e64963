//! Editing an event's JSON text instead of re-serialising its value.
//!
//! `map` and `select` change a few top-level members of events that no stage has changed yet
//! (pristine NDJSON objects). Rather than parse the whole line, change the value and write it
//! again, they find the members they touch with the scanner and copy the line with the changes
//! spliced in:
//!
//! - a changed member gets its new value, written as the value path writes it, in its place;
//! - a removed member is cut out with one of the commas around it;
//! - a new member goes last, before the closing brace;
//! - everything else keeps its original bytes, whitespace and number forms included.
//!
//! The result parses to exactly the value the value path gives (same keys, order and values);
//! for compact input in eddy's own output form it is the same bytes. Lines with a touched key
//! occurring twice take the value path (cutting one copy would uncover the other).

use std::ops::Range;

use crate::scan::{self, Span};
use crate::value::{Value, write_json, write_json_string};

/// What happens to a member the text has.
#[derive(Debug, Clone, Copy)]
pub enum Change<'v> {
    /// Its value becomes this.
    Set(&'v Value),
    /// It is removed.
    Remove,
}

/// Where the values of an edited text ended up in the output of [`splice`], which `out` held
/// from its start: so that the stage after an edit finds its fields without scanning the result.
/// Reused from edit to edit.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// `(input range, output start)` of each stretch of the input copied as it was.
    copied: Vec<(Range<usize>, usize)>,
    /// `(input span, output span)` of each value replaced by a new one.
    written: Vec<(Range<usize>, Span)>,
    /// The output span of each appended value, in order.
    appended: Vec<Span>,
}

impl Placement {
    /// Where the value at `span` of the input is in the output: its new value's span when it was
    /// set, `None` when it was removed.
    pub fn moved(&self, span: Span) -> Option<Span> {
        let range = span.range();
        if let Some((_, out)) = self.written.iter().find(|(input, _)| *input == range) {
            return Some(*out);
        }
        let (input, out) = self
            .copied
            .iter()
            .find(|(input, _)| input.start <= range.start && range.end <= input.end)?;
        let start = out + (range.start - input.start);
        Some(Span {
            start,
            end: start + range.len(),
        })
    }

    /// The output span of the value of the `n`th appended member.
    pub fn appended(&self, n: usize) -> Option<Span> {
        self.appended.get(n).copied()
    }
}

/// Writes `text`, a valid JSON object, into `out` with `changes` made to its members (each
/// given by the span of the member's value; a member at most once) and the `appended` members
/// added at the end, in order; `placement` then says where the values went. `None` (and `out`
/// unspecified) when `text` is not an object.
pub fn splice(
    text: &[u8],
    changes: &mut [(Span, Change<'_>)],
    appended: &[(&str, &Value)],
    out: &mut Vec<u8>,
    placement: &mut Placement,
) -> Option<()> {
    let close = text.iter().rposition(|&b| b == b'}')?;
    changes.sort_unstable_by_key(|(span, _)| span.start);
    let cuts = if changes.iter().any(|(_, c)| matches!(c, Change::Remove)) {
        removal_cuts(text, changes)?
    } else {
        Vec::new()
    };
    let mut edits: Vec<(Range<usize>, Option<&Value>)> = changes
        .iter()
        .filter_map(|(span, change)| match change {
            Change::Set(value) => Some((span.range(), Some(*value))),
            Change::Remove => None,
        })
        .chain(cuts.into_iter().map(|range| (range, None)))
        .collect();
    edits.sort_unstable_by_key(|(range, _)| range.start);

    placement.copied.clear();
    placement.written.clear();
    placement.appended.clear();
    let mut at = 0;
    for (range, value) in edits {
        placement.copied.push((at..range.start, out.len()));
        out.extend_from_slice(text.get(at..range.start)?);
        if let Some(value) = value {
            let start = out.len();
            write_json(value, out);
            let end = out.len();
            placement.written.push((range.clone(), Span { start, end }));
        }
        at = range.end;
    }
    placement.copied.push((at..close, out.len()));
    out.extend_from_slice(text.get(at..close)?);
    if !appended.is_empty() {
        // New members go after the last member (or right after the brace), before any
        // whitespace that precedes the closing brace. No value lies in that whitespace, so the
        // copied stretches still say where the values are.
        let body_end = out
            .iter()
            .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .map_or(0, |i| i + 1);
        let gap = out.split_off(body_end);
        let mut comma = out.last() != Some(&b'{');
        for (key, value) in appended {
            if comma {
                out.push(b',');
            }
            comma = true;
            write_member_prefix(key, out);
            let start = out.len();
            write_json(value, out);
            let end = out.len();
            placement.appended.push(Span { start, end });
        }
        out.extend_from_slice(&gap);
    }
    out.extend_from_slice(&text[close..]);
    Some(())
}

/// The byte ranges to cut from `text` to remove the members whose values are at the spans of
/// the `Remove` changes, each with one adjacent comma: a run of removed members followed by a
/// kept one is cut up to that member's key; a run at the end is cut from the end of the member
/// before it.
fn removal_cuts(text: &[u8], changes: &[(Span, Change<'_>)]) -> Option<Vec<Range<usize>>> {
    let members = scan::members(text)?;
    let removed: Vec<bool> = members
        .iter()
        .map(|(_, value)| {
            changes
                .iter()
                .any(|(span, c)| matches!(c, Change::Remove) && span.start == value.start)
        })
        .collect();
    let mut cuts = Vec::new();
    let mut index = 0;
    while index < members.len() {
        if !removed[index] {
            index += 1;
            continue;
        }
        let first = index;
        while index < members.len() && removed[index] {
            index += 1;
        }
        let last = index - 1;
        cuts.push(match (members.get(index), first.checked_sub(1)) {
            (Some((next_key, _)), _) => members[first].0..*next_key,
            (None, Some(before)) => members[before].1.end..members[last].1.end,
            (None, None) => members[first].0..members[last].1.end,
        });
    }
    Some(cuts)
}

/// `"key":`, the start of a member as the value path writes it, for [`project`].
pub fn member_prefix(key: &str) -> Box<[u8]> {
    let mut prefix = Vec::with_capacity(key.len() + 3);
    write_member_prefix(key, &mut prefix);
    prefix.into_boxed_slice()
}

/// Writes `"key":` into `out`.
fn write_member_prefix(key: &str, out: &mut Vec<u8>) {
    write_json_string(key, out);
    out.push(b':');
}

/// Writes the object of the `picks` (the member's [`member_prefix`], span of its value in
/// `text`) into `out`, in order: each value as its original bytes.
pub fn project(text: &[u8], picks: &[(&[u8], Span)], out: &mut Vec<u8>) {
    out.push(b'{');
    for (n, (prefix, span)) in picks.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(prefix);
        out.extend_from_slice(&text[span.range()]);
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{KeySet, Scanner};

    /// Splices `text` with `sets` (key, new value as JSON, or `None` to remove) and `appended`.
    fn edit(text: &str, sets: &[(&str, Option<&str>)], appended: &[(&str, &str)]) -> String {
        placed(text, sets, appended).0
    }

    /// [`edit`], and the text at the place the [`Placement`] gives for each key of `sets` (in
    /// order) and each appended value.
    fn placed(
        text: &str,
        sets: &[(&str, Option<&str>)],
        appended: &[(&str, &str)],
    ) -> (String, Vec<Option<String>>, Vec<String>) {
        let keys: Vec<&str> = sets.iter().map(|(k, _)| *k).collect();
        let mut scanner = Scanner::new(KeySet::new(&keys));
        scanner.scan(text.as_bytes()).unwrap();
        let values: Vec<Option<Value>> = sets
            .iter()
            .map(|(_, v)| v.map(|v| crate::json::parse(v.as_bytes()).unwrap()))
            .collect();
        let mut changes: Vec<(Span, Change<'_>)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let change = v.as_ref().map_or(Change::Remove, Change::Set);
                (scanner.span(i).unwrap(), change)
            })
            .collect();
        let new: Vec<(String, Value)> = appended
            .iter()
            .map(|(k, v)| (k.to_string(), crate::json::parse(v.as_bytes()).unwrap()))
            .collect();
        let new: Vec<(&str, &Value)> = new.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let spans: Vec<Span> = changes.iter().map(|(span, _)| *span).collect();
        let mut out = Vec::new();
        let mut placement = Placement::default();
        splice(
            text.as_bytes(),
            &mut changes,
            &new,
            &mut out,
            &mut placement,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        let at = |span: Span| out[span.range()].to_owned();
        let moved = spans.iter().map(|&s| placement.moved(s).map(at)).collect();
        let appended = (0..new.len())
            .map(|n| at(placement.appended(n).unwrap()))
            .collect();
        (out.clone(), moved, appended)
    }

    #[test]
    fn untouched_members_keep_their_bytes() {
        assert_eq!(
            edit(
                r#"{"a": 1.50, "b":2}"#,
                &[("b", Some("3"))],
                &[("c", "\"x\"")]
            ),
            r#"{"a": 1.50, "b":3,"c":"x"}"#
        );
        assert_eq!(edit("{ }", &[], &[("c", "1")]), r#"{"c":1 }"#);
        assert_eq!(
            edit(" {\"a\":1} ", &[], &[("c", "1")]),
            " {\"a\":1,\"c\":1} "
        );
    }

    #[test]
    fn removals_take_one_comma_along() {
        let t = r#"{"a":1,"b":2,"c":3,"d":4}"#;
        assert_eq!(edit(t, &[("a", None)], &[]), r#"{"b":2,"c":3,"d":4}"#);
        assert_eq!(
            edit(t, &[("b", None), ("c", None)], &[]),
            r#"{"a":1,"d":4}"#
        );
        assert_eq!(
            edit(t, &[("d", None), ("c", None)], &[]),
            r#"{"a":1,"b":2}"#
        );
        assert_eq!(
            edit(t, &[("a", None), ("b", Some("9")), ("d", None)], &[]),
            r#"{"b":9,"c":3}"#
        );
        assert_eq!(
            edit(
                t,
                &[("a", None), ("b", None), ("c", None), ("d", None)],
                &[]
            ),
            "{}"
        );
        assert_eq!(
            edit(
                t,
                &[("a", None), ("b", None), ("c", None), ("d", None)],
                &[("e", "5")]
            ),
            r#"{"e":5}"#
        );
        assert_eq!(
            edit(r#"{ "a" : 1 , "b" : 2 }"#, &[("b", None)], &[("c", "3")]),
            r#"{ "a" : 1,"c":3 }"#
        );
    }

    #[test]
    fn every_edit_parses_to_the_value_path_result() {
        let t = r#"{"k1":{"x":[1,2]},"k2":"s","k3":-0.5e1,"k4":null}"#;
        let full = crate::json::parse(t.as_bytes()).unwrap();
        for mask in 0..81u32 {
            // Each key: untouched, set to a new value, or removed.
            let mut sets = Vec::new();
            let mut expected = full.clone();
            for (n, key) in ["k1", "k2", "k3", "k4"].iter().enumerate() {
                let Value::Object(map) = &mut expected else {
                    unreachable!()
                };
                match mask / 3u32.pow(n as u32) % 3 {
                    1 => {
                        sets.push((*key, Some("[true]")));
                        map.insert(key.to_string(), Value::Array(vec![Value::Bool(true)]));
                    }
                    2 => {
                        sets.push((*key, None));
                        map.shift_remove(*key);
                    }
                    _ => {}
                }
            }
            let (got, moved, appended) = placed(t, &sets, &[("new", "7")]);
            if let Value::Object(map) = &mut expected {
                map.insert("new".into(), Value::Int(7));
            }
            let reparsed = crate::json::parse(got.as_bytes()).unwrap();
            assert_eq!(reparsed.to_json(), expected.to_json(), "{got}");
            // Each set value is where the placement says; a removed one is nowhere.
            for ((_, new), moved) in sets.iter().zip(&moved) {
                assert_eq!(moved.as_deref(), *new, "{got}");
            }
            assert_eq!(appended, ["7"], "{got}");
        }
    }

    #[test]
    fn placement_follows_untouched_values_through_the_edit() {
        let t = r#"{ "a" : 1.50 , "b":[2], "c" :"x" , "d":{"e":4} }"#;
        let mut scanner = Scanner::new(KeySet::new(&["a", "b", "c", "d"]));
        scanner.scan(t.as_bytes()).unwrap();
        let span = |i| scanner.span(i).unwrap();
        let (new_b, appended) = (Value::Bool(true), Value::Int(5));
        let mut changes = [(span(1), Change::Set(&new_b)), (span(2), Change::Remove)];
        let (mut out, mut placement) = (Vec::new(), Placement::default());
        splice(
            t.as_bytes(),
            &mut changes,
            &[("e", &appended)],
            &mut out,
            &mut placement,
        )
        .unwrap();
        let at = |span: Option<Span>| span.map(|s| String::from_utf8_lossy(&out[s.range()]));
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#"{ "a" : 1.50 , "b":true, "d":{"e":4},"e":5 }"#
        );
        assert_eq!(at(placement.moved(span(0))).as_deref(), Some("1.50"));
        assert_eq!(at(placement.moved(span(1))).as_deref(), Some("true"));
        assert_eq!(at(placement.moved(span(2))), None);
        assert_eq!(at(placement.moved(span(3))).as_deref(), Some(r#"{"e":4}"#));
        assert_eq!(at(placement.appended(0)).as_deref(), Some("5"));
        assert_eq!(placement.appended(1), None);
    }

    #[test]
    fn projections_keep_value_bytes() {
        let t = r#"{"a": [1, 2], "b":"x"}"#;
        let mut scanner = Scanner::new(KeySet::new(&["a", "b"]));
        scanner.scan(t.as_bytes()).unwrap();
        let (a, b) = (scanner.span(0).unwrap(), scanner.span(1).unwrap());
        let mut out = Vec::new();
        let (b_key, a_key) = (member_prefix("b\n"), member_prefix("a"));
        project(t.as_bytes(), &[(&b_key, b), (&a_key, a)], &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"b\n":"x","a":[1, 2]}"#);
    }
}
