//! The syntax tree produced by the parser, with byte spans for error messages.

use crate::expr::lex::Span;
use crate::path::Path;
use crate::value::Value;

/// Binary operators (the logical ones are separate nodes: they short-circuit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=~`
    Match,
    /// `!~`
    NotMatch,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Match => "=~",
            BinOp::NotMatch => "!~",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
        }
    }
}

/// A node of the syntax tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: Kind,
    /// Where it is in the text.
    pub span: Span,
}

/// The kinds of nodes.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A literal value.
    Literal(Value),
    /// A field path read from the event.
    Field(Path),
    /// `[a, b, ...]`
    Array(Vec<Node>),
    /// `-x`
    Neg(Box<Node>),
    /// `not x`, `!x`
    Not(Box<Node>),
    /// `a OP b`
    Binary(BinOp, Box<Node>, Box<Node>),
    /// `a and b`
    And(Box<Node>, Box<Node>),
    /// `a or b`
    Or(Box<Node>, Box<Node>),
    /// `c ? a : b`, `if c then a [elif c then a]... else b end`: the (condition, value)
    /// branches in order, then the value when none holds. A flat list, so that a long `elif`
    /// chain costs no recursion anywhere (parsing, compiling, evaluating, dropping).
    Cond(Vec<(Node, Node)>, Box<Node>),
    /// `name(args)`, with the span of the name.
    Call(String, Span, Vec<Node>),
    /// `x[i]` on a computed value.
    Index(Box<Node>, Box<Node>),
    /// `x.name` on a computed value.
    Member(Box<Node>, String),
}

/// One statement of a `map` program.
#[derive(Debug, Clone)]
pub enum Statement {
    /// `path = expr`
    Assign(Path, Node),
    /// `del(path)`
    Delete(Path),
}
