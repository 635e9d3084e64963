//! Conditions read straight from the raw JSON text of top-level fields: the reader threads'
//! fast path for the commonest filters (`status >= 500`, `level == "error" && code != 404`).
//!
//! Only comparisons of a top-level field with a constant, joined by `&&` and `||`, compile.
//! Each field's text becomes a value with [`raw_to_value`] (as the partial object of
//! [`crate::event::FieldReader`] would hold it) and is compared by [`binary`], so the answer is
//! the one [`Expr::is_true`](super::Expr::is_true) gives, without building an object per line.
//! An integer field compared with an integer constant skips even that: both are read as `i64`
//! and compared as `binary` compares two integers.
//! Other formats' readers, which convert the fields anyway, hand over the values instead
//! ([`RawCondition::is_true_on_values`]), which skips the evaluator's tree walk.

use super::ast::BinOp;
use super::eval::{Code, binary};
use crate::path::Segment;
use crate::scan::raw_to_value;
use crate::value::Value;

/// A condition on top-level fields, identified by their index in the caller's list of keys.
#[derive(Debug, Clone)]
pub struct RawCondition {
    node: Node,
}

#[derive(Debug, Clone)]
enum Node {
    Compare(Comparison),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
}

/// `field op constant`, or `constant op field` when `field_first` is false.
#[derive(Debug, Clone)]
struct Comparison {
    op: BinOp,
    field: usize,
    constant: Value,
    field_first: bool,
    /// With an integer constant: the integers of the field that make it true.
    ints: Option<IntRange>,
}

/// The integers `n` for which a comparison with an integer constant holds: those in
/// `lo..=lo + width` when `inside`, the others otherwise (one test for every operator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IntRange {
    lo: i64,
    width: u64,
    inside: bool,
}

impl IntRange {
    /// The integers `n` for which `n op constant` holds (`constant op n` when `field_first`
    /// is false); `None` for an operator that is not a comparison.
    fn of(op: BinOp, constant: i64, field_first: bool) -> Option<IntRange> {
        // `constant op n` is `n op' constant` with the ordering turned round.
        let op = match (op, field_first) {
            (BinOp::Lt, false) => BinOp::Gt,
            (BinOp::Le, false) => BinOp::Ge,
            (BinOp::Gt, false) => BinOp::Lt,
            (BinOp::Ge, false) => BinOp::Le,
            (op, _) => op,
        };
        let (lo, hi, inside) = match op {
            BinOp::Eq => (constant, constant, true),
            BinOp::Ne => (constant, constant, false),
            BinOp::Ge => (constant, i64::MAX, true),
            BinOp::Lt => (constant, i64::MAX, false),
            BinOp::Le => (i64::MIN, constant, true),
            BinOp::Gt => (i64::MIN, constant, false),
            _ => return None,
        };
        Some(IntRange {
            lo,
            width: hi.wrapping_sub(lo) as u64,
            inside,
        })
    }

    /// True when the comparison holds for `n`.
    #[inline(always)]
    fn holds(self, n: i64) -> bool {
        (n.wrapping_sub(self.lo) as u64 <= self.width) == self.inside
    }
}

impl RawCondition {
    /// Compiles `code` when it is made only of comparisons between a top-level field whose key
    /// `index_of` knows and a constant, joined by `&&` and `||`.
    pub(super) fn compile(code: &Code, index_of: &dyn Fn(&str) -> Option<usize>) -> Option<Self> {
        node(code, index_of).map(|node| RawCondition { node })
    }

    /// Evaluates the condition; `raw(i)` is the JSON text of field `i`, `None` when absent.
    /// Generic, so that the per-line call of the reader's filter is inlined whole.
    #[inline]
    pub fn is_true<'a>(&self, raw: impl Fn(usize) -> Option<&'a [u8]>) -> bool {
        // One comparison, the commonest condition: no tree to walk.
        if let Node::Compare(c) = &self.node {
            return c.on_raw(raw(c.field));
        }
        self.node.holds(&|c| c.on_raw(raw(c.field)))
    }

    /// Evaluates the condition on converted fields; `value(i)` is field `i`, `None` when absent.
    pub fn is_true_on_values<'a>(&self, value: impl Fn(usize) -> Option<&'a Value>) -> bool {
        self.node.holds(&|c| match value(c.field) {
            Some(v) => c.on_value(v),
            None => c.on_value(&Value::Null),
        })
    }
}

fn node(code: &Code, index_of: &dyn Fn(&str) -> Option<usize>) -> Option<Node> {
    let field = |code: &Code| match code {
        Code::Field(path) => match path.segments() {
            [Segment::Key(key)] => index_of(key),
            _ => None,
        },
        _ => None,
    };
    match code {
        Code::And(a, b) => Some(Node::And(
            Box::new(node(a, index_of)?),
            Box::new(node(b, index_of)?),
        )),
        Code::Or(a, b) => Some(Node::Or(
            Box::new(node(a, index_of)?),
            Box::new(node(b, index_of)?),
        )),
        Code::Bin(op, a, b) => {
            if !is_comparison(*op) {
                return None;
            }
            let (field, constant, field_first) = match (&**a, &**b) {
                (_, Code::Const(constant)) => (field(a)?, constant, true),
                (Code::Const(constant), _) => (field(b)?, constant, false),
                _ => return None,
            };
            let ints = match constant {
                Value::Int(constant) => IntRange::of(*op, *constant, field_first),
                _ => None,
            };
            Some(Node::Compare(Comparison {
                op: *op,
                field,
                constant: constant.clone(),
                field_first,
                ints,
            }))
        }
        _ => None,
    }
}

/// True for the comparison operators (those whose [`binary`] never fails and needs no clock).
fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

impl Node {
    /// The condition, with `leaf` deciding each comparison.
    #[inline]
    fn holds(&self, leaf: &impl Fn(&Comparison) -> bool) -> bool {
        match self {
            Node::And(a, b) => a.holds(leaf) && b.holds(leaf),
            Node::Or(a, b) => a.holds(leaf) || b.holds(leaf),
            Node::Compare(comparison) => leaf(comparison),
        }
    }
}

impl Comparison {
    /// The comparison with the field's value.
    fn on_value(&self, value: &Value) -> bool {
        let result = if self.field_first {
            binary(self.op, value, &self.constant)
        } else {
            binary(self.op, &self.constant, value)
        };
        result.is_ok_and(|v| v.is_truthy())
    }

    /// The comparison with the field's JSON text (`None`: absent). An integer field and an
    /// integer constant, the commonest case (`status >= 500`), are compared without building a
    /// value: two integers compare as `binary` compares them ([`IntRange`]). Inlined into the
    /// reader's per-line filter; the other cases go out of line.
    #[inline(always)]
    fn on_raw(&self, raw: Option<&[u8]>) -> bool {
        if let (Some(ints), Some(n)) = (self.ints, raw.and_then(plain_int)) {
            return ints.holds(n);
        }
        self.on_raw_value(raw)
    }

    /// [`Comparison::on_raw`] on the value the text converts into.
    #[inline(never)]
    fn on_raw_value(&self, raw: Option<&[u8]>) -> bool {
        self.on_value(&raw.map_or(Value::Null, raw_to_value))
    }
}

/// The value of `raw` when it is an integer literal of at most 18 digits (no fraction, exponent
/// or minus zero), which [`raw_to_value`] reads as exactly that integer; `None` otherwise.
#[inline]
fn plain_int(raw: &[u8]) -> Option<i64> {
    let (negative, digits) = match raw.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, raw),
    };
    let leading_zero = digits.first() == Some(&b'0') && (digits.len() > 1 || negative);
    if digits.is_empty() || digits.len() > 18 || leading_zero {
        return None;
    }
    // The commonest lengths (status codes, ports, small counts) without a loop.
    let n = match *digits {
        [a] => digit(a)?,
        [a, b] => digit(a)? * 10 + digit(b)?,
        [a, b, c] => digit(a)? * 100 + digit(b)? * 10 + digit(c)?,
        _ => {
            let mut n: i64 = 0;
            for &d in digits {
                n = n * 10 + digit(d)?;
            }
            n
        }
    };
    Some(if negative { -n } else { n })
}

/// The value of the ASCII digit `d`.
#[inline(always)]
fn digit(d: u8) -> Option<i64> {
    let value = d.wrapping_sub(b'0');
    (value <= 9).then_some(i64::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{Env, compile};
    use crate::value::Map;

    const KEYS: &[&str] = &["a", "b"];

    fn raw_condition(text: &str) -> Option<RawCondition> {
        let index_of = |key: &str| KEYS.iter().position(|k| *k == key);
        compile(text).unwrap().raw_condition(&index_of)
    }

    #[test]
    fn only_comparisons_of_top_level_fields_with_constants_compile() {
        for text in [
            "a >= 500",
            "500 < a",
            "a == \"x\" && b != null",
            "a == 1 || (b > 2 && a < 0)",
            "a == -1.5e3",
        ] {
            assert!(raw_condition(text).is_some(), "{text}");
        }
        for text in [
            "a",
            "a.b == 1",
            "c == 1",
            "a == b",
            "a + 1 > 2",
            "not (a == 1)",
            "a =~ \"x\"",
            "a in [1, 2]",
            "exists(a) && a > 1",
            "len(a) > 1",
        ] {
            assert!(raw_condition(text).is_none(), "{text}");
        }
    }

    #[test]
    fn plain_integers_are_read_and_other_numbers_left_alone() {
        for (text, want) in [
            ("0", Some(0)),
            ("7", Some(7)),
            ("-42", Some(-42)),
            ("999999999999999999", Some(999_999_999_999_999_999)),
            ("-999999999999999999", Some(-999_999_999_999_999_999)),
            ("1000000000000000000", None),
            ("-0", None),
            ("", None),
            ("-", None),
            ("5.0", None),
            ("5e2", None),
            ("\"5\"", None),
            ("true", None),
        ] {
            assert_eq!(plain_int(text.as_bytes()), want, "{text}");
        }
    }

    /// The raw reading agrees with the expression evaluated on the object the fields' text
    /// converts into, for every pair of field texts (absent included).
    #[test]
    fn agrees_with_the_evaluator() {
        let texts: &[Option<&str>] = &[
            None,
            Some("null"),
            Some("true"),
            Some("false"),
            Some("0"),
            Some("-0"),
            Some("-1"),
            Some("-500"),
            Some("499"),
            Some("501"),
            Some("123456789012345678"),
            Some("1234567890123456789"),
            Some("500"),
            Some("500.0"),
            Some("5e2"),
            Some("499.999"),
            Some("9223372036854775808"),
            Some("1e400"),
            Some("\"500\""),
            Some("\"x\""),
            Some("\"\\u0078\""),
            Some("\"\""),
            Some("[500]"),
            Some("{\"a\":1}"),
        ];
        let conditions = [
            "a >= 500",
            "a < 500",
            "500 <= a",
            "a == 500",
            "a != 500",
            "a == \"x\"",
            "a > \"w\"",
            "a == null",
            "a != null",
            "a == true",
            "a > false",
            "a == 500 && b == \"x\"",
            "a < 1 || b >= 500",
            "a == [500]",
            "a > -1",
            "a == 0",
            "-500 < a",
            "0 >= a",
            "a <= 123456789012345678",
            "a != 1234567890123456789",
        ];
        let env = Env::new(0);
        for text in conditions {
            let expr = compile(text).unwrap();
            let raw = raw_condition(text).unwrap_or_else(|| panic!("{text} compiles"));
            for a in texts {
                for b in texts {
                    let mut object = Map::default();
                    for (key, field) in KEYS.iter().zip([a, b]) {
                        if let Some(field) = field {
                            object.insert((*key).to_owned(), raw_to_value(field.as_bytes()));
                        }
                    }
                    let want = expr
                        .is_true(&Value::Object(object), &env)
                        .unwrap_or_else(|e| panic!("{text}: {e}"));
                    let got = raw.is_true(|i: usize| [a, b][i].map(str::as_bytes));
                    assert_eq!(got, want, "{text} with a={a:?} b={b:?}");
                    let values = [a, b].map(|field| field.map(|t| raw_to_value(t.as_bytes())));
                    let got = raw.is_true_on_values(|i: usize| values[i].as_ref());
                    assert_eq!(got, want, "{text} on values a={a:?} b={b:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// `plain_int` reads exactly the integer literals of at most 18 digits, without a
        /// leading zero or minus zero, as Rust parses them.
        #[test]
        fn plain_int_reads_what_rust_parses(
            text in "-?[0-9]{0,20}|-?[0-9a.e+ -]{0,6}|-?[1-9][0-9]{0,2}",
        ) {
            let digits = text.strip_prefix('-').unwrap_or(&text);
            let plain = (1..=18).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (!digits.starts_with('0') || (digits == "0" && digits.len() == text.len()));
            let want = plain.then(|| text.parse::<i64>().unwrap());
            proptest::prop_assert_eq!(plain_int(text.as_bytes()), want);
        }

        /// The integer test of a comparison with an integer constant agrees with [`binary`] on
        /// the two integers, for every operator, both orders and the ends of the range.
        #[test]
        fn the_integer_range_agrees_with_binary(
            op in proptest::sample::select(vec![
                BinOp::Eq, BinOp::Ne, BinOp::Lt, BinOp::Le, BinOp::Gt, BinOp::Ge,
            ]),
            constant in proptest::prop_oneof![
                proptest::num::i64::ANY,
                -3i64..3,
                proptest::sample::select(vec![i64::MIN, i64::MIN + 1, i64::MAX - 1, i64::MAX]),
            ],
            delta in -2i64..=2,
            n in proptest::num::i64::ANY,
            near in proptest::bool::ANY,
            field_first in proptest::bool::ANY,
        ) {
            let n = if near { constant.saturating_add(delta) } else { n };
            let ints = IntRange::of(op, constant, field_first).unwrap();
            let (a, b) = (Value::Int(n), Value::Int(constant));
            let want = if field_first { binary(op, &a, &b) } else { binary(op, &b, &a) };
            proptest::prop_assert_eq!(ints.holds(n), want.unwrap().is_truthy());
        }
    }
}
