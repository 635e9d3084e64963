//! Conditions read straight from the raw JSON text of top-level fields: the reader threads'
//! fast path for the commonest filters (`status >= 500`, `level == "error" && code != 404`).
//!
//! Only comparisons of a top-level field with a constant, joined by `&&` and `||`, compile.
//! Each field's text becomes a value with [`raw_to_value`] (as the partial object of
//! [`crate::event::FieldReader`] would hold it) and is compared by [`binary`], so the answer is
//! the one [`Expr::is_true`](super::Expr::is_true) gives, without building an object per line.
//! Other formats' readers, which convert the fields anyway, hand over the values instead
//! ([`RawCondition::is_true_on_values`]), which skips the evaluator's tree walk.

use std::borrow::Cow;

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
    /// `field op constant`, or `constant op field` when `field_first` is false.
    Compare {
        op: BinOp,
        field: usize,
        constant: Value,
        field_first: bool,
    },
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
}

impl RawCondition {
    /// Compiles `code` when it is made only of comparisons between a top-level field whose key
    /// `index_of` knows and a constant, joined by `&&` and `||`.
    pub(super) fn compile(code: &Code, index_of: &dyn Fn(&str) -> Option<usize>) -> Option<Self> {
        node(code, index_of).map(|node| RawCondition { node })
    }

    /// Evaluates the condition; `raw(i)` is the JSON text of field `i`, `None` when absent.
    pub fn is_true<'a>(&self, raw: &dyn Fn(usize) -> Option<&'a [u8]>) -> bool {
        self.node
            .is_true(&|i| Cow::Owned(raw(i).map_or(Value::Null, raw_to_value)))
    }

    /// Evaluates the condition on converted fields; `value(i)` is field `i`, `None` when absent.
    pub fn is_true_on_values<'a>(&self, value: &dyn Fn(usize) -> Option<&'a Value>) -> bool {
        self.node
            .is_true(&|i| value(i).map_or(Cow::Owned(Value::Null), Cow::Borrowed))
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
        Code::Bin(op, a, b) if is_comparison(*op) => match (&**a, &**b) {
            (_, Code::Const(constant)) => Some(Node::Compare {
                op: *op,
                field: field(a)?,
                constant: constant.clone(),
                field_first: true,
            }),
            (Code::Const(constant), _) => Some(Node::Compare {
                op: *op,
                field: field(b)?,
                constant: constant.clone(),
                field_first: false,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// The operators whose [`binary`] never fails and needs no clock.
fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

impl Node {
    fn is_true<'a>(&self, field_value: &dyn Fn(usize) -> Cow<'a, Value>) -> bool {
        match self {
            Node::And(a, b) => a.is_true(field_value) && b.is_true(field_value),
            Node::Or(a, b) => a.is_true(field_value) || b.is_true(field_value),
            Node::Compare {
                op,
                field,
                constant,
                field_first,
            } => {
                let value = field_value(*field);
                let result = if *field_first {
                    binary(*op, &value, constant)
                } else {
                    binary(*op, constant, &value)
                };
                result.is_ok_and(|v| v.is_truthy())
            }
        }
    }
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
                    let got = raw.is_true(&|i| [a, b][i].map(str::as_bytes));
                    assert_eq!(got, want, "{text} with a={a:?} b={b:?}");
                    let values = [a, b].map(|field| field.map(|t| raw_to_value(t.as_bytes())));
                    let got = raw.is_true_on_values(&|i| values[i].as_ref());
                    assert_eq!(got, want, "{text} on values a={a:?} b={b:?}");
                }
            }
        }
    }
}
