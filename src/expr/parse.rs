//! The parser: tokens to a syntax tree by precedence climbing.
//!
//! Precedence, lowest first: `?:` and `if`; `or ||`; `and &&`; `not`; the comparisons
//! `== != < <= > >= =~ !~ in` (not chained); `+ -`; `* / %`; unary `- !`; postfix `.name`,
//! `[index]` and calls.

use crate::expr::ast::{BinOp, Kind, Node, Statement};
use crate::expr::lex::{KEYWORDS, Span, Tok, lex};
use crate::path::{Path, Segment};
use crate::value::Value;

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Where (byte offset).
    pub offset: usize,
}

type PResult<T> = Result<T, ParseError>;

/// How deeply expressions may nest (parentheses, operator chains, prefixes). Evaluation
/// recurses along the tree, so this bounds the stack it needs.
const MAX_DEPTH: usize = 128;

/// How many parentheses, brackets, calls and branches may enclose one another (eddy-expr(7)
/// says this number): the parser recurses through every precedence level for each, so this is
/// kept lower than [`MAX_DEPTH`].
pub(crate) const MAX_NESTING: usize = 63;

/// Parses one expression.
pub fn parse_expr(text: &str) -> PResult<Node> {
    let mut p = Parser::new(text)?;
    if p.peek() == &Tok::Eof {
        return Err(p.error_here("empty expression"));
    }
    let node = p.expr()?;
    p.expect_end()?;
    Ok(node)
}

/// Parses a `map` program: statements `path = expr` or `del(path)` separated by `;` or newlines.
pub fn parse_program(text: &str) -> PResult<Vec<(Statement, Span)>> {
    let mut p = Parser::new(text)?;
    let mut out = Vec::new();
    loop {
        while p.eat(";") {}
        if p.peek() == &Tok::Eof {
            break;
        }
        let start = p.span().start;
        for stmt in p.statement()? {
            out.push((stmt, start..p.prev_end()));
        }
        if p.peek() != &Tok::Eof && !p.eat(";") {
            return Err(p.error_here(&format!(
                "expected `;` or the end after the assignment, found {}",
                p.peek().describe()
            )));
        }
    }
    if out.is_empty() {
        return Err(ParseError {
            message: "empty program (expected assignments such as `x = y + 1`)".to_owned(),
            offset: 0,
        });
    }
    Ok(out)
}

struct Parser<'t> {
    text: &'t str,
    toks: Vec<(Tok, Span)>,
    pos: usize,
    /// The depth of the node being parsed: recursion plus the position in operator chains.
    depth: usize,
    /// How many expressions enclose the current position: the whole one, and one more inside
    /// each parenthesis, bracket, argument and branch.
    nesting: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> PResult<Parser<'t>> {
        let toks = lex(text).map_err(|e| ParseError {
            message: e.message,
            offset: e.offset,
        })?;
        Ok(Parser {
            text,
            toks,
            pos: 0,
            depth: 0,
            nesting: 0,
        })
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn peek_at(&self, n: usize) -> &Tok {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)].0
    }

    fn span(&self) -> Span {
        self.toks[self.pos].1.clone()
    }

    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].1.end
        }
    }

    fn advance(&mut self) -> (Tok, Span) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, sym: &str) -> bool {
        if matches!(self.peek(), Tok::Sym(s) if *s == sym) {
            self.advance();
            true
        } else {
            false
        }
    }

    /// One level deeper; an error beyond [`MAX_DEPTH`].
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here(&format!(
                "the expression nests too deeply (more than {MAX_DEPTH} levels)"
            )));
        }
        Ok(())
    }

    /// Runs a parsing function one level deeper and restores the depth afterwards (operator
    /// chains and prefixes inside add to the depth until then).
    fn nested(&mut self, f: fn(&mut Self) -> PResult<Node>) -> PResult<Node> {
        let saved = self.depth;
        self.enter()?;
        self.nesting += 1;
        // The whole expression is no level of nesting.
        if self.nesting > MAX_NESTING + 1 {
            return Err(self.error_here(&format!(
                "the expression nests too deeply (more than {MAX_NESTING} levels of \
                 parentheses, brackets, calls and branches)"
            )));
        }
        let node = f(self);
        self.nesting -= 1;
        self.depth = saved;
        node
    }

    fn error_here(&self, message: &str) -> ParseError {
        ParseError {
            message: message.to_owned(),
            offset: self.span().start,
        }
    }

    fn expect(&mut self, sym: &str, context: &str) -> PResult<()> {
        if self.eat(sym) {
            Ok(())
        } else {
            Err(self.error_here(&format!(
                "expected `{sym}` {context}, found {}",
                self.peek().describe()
            )))
        }
    }

    fn expect_end(&self) -> PResult<()> {
        match self.peek() {
            Tok::Eof => Ok(()),
            Tok::Sym(")") => Err(self.error_here("unmatched `)`")),
            Tok::Sym("=") => Err(self
                .error_here("unexpected `=` (use `==` to compare; assignments belong in `map`)")),
            other => Err(self.error_here(&format!(
                "expected an operator or the end of the expression, found {}",
                other.describe()
            ))),
        }
    }

    /// One statement; `del(a, b)` gives one removal per field.
    fn statement(&mut self) -> PResult<Vec<Statement>> {
        if matches!(self.peek(), Tok::Ident(name) if name == "del")
            && self.peek_at(1) == &Tok::Sym("(")
        {
            self.advance();
            self.advance();
            let mut out = vec![Statement::Delete(self.target_path("del()")?)];
            while self.eat(",") {
                out.push(Statement::Delete(self.target_path("del()")?));
            }
            self.expect(")", "after the fields of del()")?;
            return Ok(out);
        }
        let path = self.target_path("an assignment")?;
        if self.peek() == &Tok::Sym("==") {
            return Err(self.error_here("expected `=` in the assignment, found `==`"));
        }
        self.expect("=", "after the field name in an assignment")?;
        let value = self.expr()?;
        Ok(vec![Statement::Assign(path, value)])
    }

    /// A field path on the left of `=` or inside `del()`.
    fn target_path(&mut self, what: &str) -> PResult<Path> {
        let node = self.postfix()?;
        match node.kind {
            Kind::Field(path) => Ok(path),
            _ => Err(ParseError {
                message: format!("expected a field name in {what}"),
                offset: node.span.start,
            }),
        }
    }

    fn expr(&mut self) -> PResult<Node> {
        self.nested(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> PResult<Node> {
        let cond = self.or()?;
        if self.eat("?") {
            let then = self.expr()?;
            self.expect(":", "in `c ? a : b`")?;
            let otherwise = self.expr()?;
            let span = cond.span.start..otherwise.span.end;
            return Ok(Node {
                kind: Kind::Cond(vec![(cond, then)], Box::new(otherwise)),
                span,
            });
        }
        Ok(cond)
    }

    fn or(&mut self) -> PResult<Node> {
        let mut left = self.and()?;
        while self.eat("or") || self.eat("||") {
            self.enter()?;
            let right = self.and()?;
            left = join(left, right, Kind::Or);
        }
        Ok(left)
    }

    fn and(&mut self) -> PResult<Node> {
        let mut left = self.not()?;
        while self.eat("and") || self.eat("&&") {
            self.enter()?;
            let right = self.not()?;
            left = join(left, right, Kind::And);
        }
        Ok(left)
    }

    fn not(&mut self) -> PResult<Node> {
        if self.peek() == &Tok::Sym("not") {
            self.enter()?;
            let start = self.advance().1.start;
            let inner = self.not()?;
            let span = start..inner.span.end;
            return Ok(Node {
                kind: Kind::Not(Box::new(inner)),
                span,
            });
        }
        self.comparison()
    }

    fn comparison_op(&self) -> Option<(BinOp, usize)> {
        let op = match self.peek() {
            Tok::Sym("==") => BinOp::Eq,
            Tok::Sym("!=") => BinOp::Ne,
            Tok::Sym("<") => BinOp::Lt,
            Tok::Sym("<=") => BinOp::Le,
            Tok::Sym(">") => BinOp::Gt,
            Tok::Sym(">=") => BinOp::Ge,
            Tok::Sym("=~") => BinOp::Match,
            Tok::Sym("!~") => BinOp::NotMatch,
            Tok::Sym("in") => BinOp::In,
            Tok::Sym("not") if self.peek_at(1) == &Tok::Sym("in") => {
                return Some((BinOp::NotIn, 2));
            }
            _ => return None,
        };
        Some((op, 1))
    }

    fn comparison(&mut self) -> PResult<Node> {
        let left = self.additive()?;
        let Some((op, n)) = self.comparison_op() else {
            return Ok(left);
        };
        for _ in 0..n {
            self.advance();
        }
        let right = self.additive()?;
        if let Some((next, _)) = self.comparison_op() {
            return Err(self.error_here(&format!(
                "comparisons do not chain: `{}` after `{}` (use `and`)",
                next.symbol(),
                op.symbol()
            )));
        }
        Ok(join(left, right, |a, b| Kind::Binary(op, a, b)))
    }

    fn additive(&mut self) -> PResult<Node> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Tok::Sym("+") => BinOp::Add,
                Tok::Sym("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            self.advance();
            self.enter()?;
            let right = self.multiplicative()?;
            left = join(left, right, |a, b| Kind::Binary(op, a, b));
        }
    }

    fn multiplicative(&mut self) -> PResult<Node> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Sym("*") => BinOp::Mul,
                Tok::Sym("/") => BinOp::Div,
                Tok::Sym("%") => BinOp::Rem,
                _ => return Ok(left),
            };
            self.advance();
            self.enter()?;
            let right = self.unary()?;
            left = join(left, right, |a, b| Kind::Binary(op, a, b));
        }
    }

    fn unary(&mut self) -> PResult<Node> {
        let neg = match self.peek() {
            Tok::Sym("-") => true,
            Tok::Sym("!") => false,
            _ => return self.postfix(),
        };
        self.enter()?;
        let start = self.advance().1.start;
        let inner = self.unary()?;
        let span = start..inner.span.end;
        // Fold `-literal` so that `-5` is a literal (and `-9223372036854775808` fits).
        if neg && let Kind::Literal(v) = &inner.kind {
            let folded = match v {
                Value::Int(i) => i.checked_neg().map(Value::Int),
                Value::Float(f) if *f == 9_223_372_036_854_775_808.0 => Some(Value::Int(i64::MIN)),
                Value::Float(f) => Some(Value::Float(-f)),
                Value::Duration(d) => d.checked_neg().map(Value::Duration),
                _ => None,
            };
            if let Some(v) = folded {
                return Ok(Node {
                    kind: Kind::Literal(v),
                    span,
                });
            }
        }
        let kind = if neg {
            Kind::Neg(Box::new(inner))
        } else {
            Kind::Not(Box::new(inner))
        };
        Ok(Node { kind, span })
    }

    fn postfix(&mut self) -> PResult<Node> {
        let mut node = self.primary()?;
        loop {
            if matches!(self.peek(), Tok::Sym("." | "[")) {
                self.enter()?;
            }
            if self.peek() == &Tok::Sym(".") {
                let dot = self.advance().1;
                let (tok, span) = self.advance();
                let (name, plain) = match tok {
                    Tok::Ident(n) => (n, true),
                    Tok::Sym(k) if KEYWORDS.contains(&k) => (k.to_owned(), true),
                    Tok::Quoted(n) | Tok::Str(n) => (n, false),
                    other => {
                        return Err(ParseError {
                            message: format!(
                                "expected a field name after `.`, found {}",
                                other.describe()
                            ),
                            offset: dot.end,
                        });
                    }
                };
                node = self.extend(node, Segment::Key(name), plain, span.end, None)?;
            } else if self.peek() == &Tok::Sym("[") {
                self.advance();
                let index = self.expr()?;
                self.expect("]", "after the index")?;
                let end = self.prev_end();
                let segment = match &index.kind {
                    Kind::Literal(Value::Int(i)) => Some(Segment::Index(*i)),
                    Kind::Literal(Value::Str(s)) => Some(Segment::Key(s.clone())),
                    _ => None,
                };
                node = match segment {
                    Some(seg) => self.extend(node, seg, false, end, Some(index))?,
                    None => Node {
                        span: node.span.start..end,
                        kind: Kind::Index(Box::new(node), Box::new(index)),
                    },
                };
            } else {
                return Ok(node);
            }
        }
    }

    /// Appends a segment to a field path, or makes a member/index access on a computed value.
    fn extend(
        &self,
        node: Node,
        seg: Segment,
        dotted: bool,
        end: usize,
        index: Option<Node>,
    ) -> PResult<Node> {
        let span = node.span.start..end;
        let kind = match node.kind {
            Kind::Field(path) => {
                let mut segments = path.segments().to_vec();
                let mut flags = path.dotted_flags().to_vec();
                segments.push(seg);
                flags.push(dotted);
                Kind::Field(Path::from_segments(
                    segments,
                    flags,
                    self.text[span.clone()].to_owned(),
                ))
            }
            other => {
                let base = Box::new(Node {
                    kind: other,
                    span: node.span,
                });
                match (seg, index) {
                    (_, Some(index)) => Kind::Index(base, Box::new(index)),
                    (Segment::Key(k), None) => Kind::Member(base, k),
                    (Segment::Index(i), None) => Kind::Index(
                        base,
                        Box::new(Node {
                            kind: Kind::Literal(Value::Int(i)),
                            span: span.clone(),
                        }),
                    ),
                }
            }
        };
        Ok(Node { kind, span })
    }

    fn primary(&mut self) -> PResult<Node> {
        let (tok, span) = self.advance();
        let lit = |v: Value| {
            Ok(Node {
                kind: Kind::Literal(v),
                span: span.clone(),
            })
        };
        match tok {
            Tok::Int(i) => lit(Value::Int(i)),
            Tok::Float(f) => lit(Value::Float(f)),
            Tok::Duration(d) => lit(Value::Duration(d)),
            Tok::Str(s) => lit(Value::Str(s)),
            Tok::Sym("true") => lit(Value::Bool(true)),
            Tok::Sym("false") => lit(Value::Bool(false)),
            Tok::Sym("null") => lit(Value::Null),
            Tok::Quoted(name) => Ok(Node {
                kind: Kind::Field(Path::from_segments(
                    vec![Segment::Key(name)],
                    vec![false],
                    self.text[span.clone()].to_owned(),
                )),
                span,
            }),
            Tok::Ident(name) => {
                if self.peek() == &Tok::Sym("(") {
                    self.advance();
                    let args = self.list(")", "argument")?;
                    let end = self.prev_end();
                    return Ok(Node {
                        kind: Kind::Call(name, span.clone(), args),
                        span: span.start..end,
                    });
                }
                Ok(Node {
                    kind: Kind::Field(Path::from_segments(
                        vec![Segment::Key(name)],
                        vec![false],
                        self.text[span.clone()].to_owned(),
                    )),
                    span,
                })
            }
            Tok::Sym("(") => {
                let inner = self.expr()?;
                self.expect(")", "to close `(`")?;
                Ok(Node {
                    kind: inner.kind,
                    span: span.start..self.prev_end(),
                })
            }
            Tok::Sym("[") => {
                let items = self.list("]", "element")?;
                Ok(Node {
                    kind: Kind::Array(items),
                    span: span.start..self.prev_end(),
                })
            }
            Tok::Sym("if") => self.if_rest(span.start),
            other => Err(self.operand_error(&other, &span)),
        }
    }

    fn operand_error(&self, found: &Tok, span: &Span) -> ParseError {
        let before = self
            .toks
            .iter()
            .take_while(|(t, s)| s.end <= span.start && *t != Tok::Eof)
            .last();
        match before {
            Some((Tok::Sym(op), s)) if !matches!(*op, ")" | "]") => ParseError {
                message: format!("expected an operand after `{op}`"),
                offset: s.end,
            },
            _ => ParseError {
                message: format!("expected an operand, found {}", found.describe()),
                offset: span.start,
            },
        }
    }

    /// `if c then a [elif c then a]... else b end` after the `if`.
    fn if_rest(&mut self, start: usize) -> PResult<Node> {
        let mut branches = Vec::new();
        loop {
            let cond = self.expr()?;
            self.expect("then", "after the condition of `if`")?;
            let then = self.expr()?;
            branches.push((cond, then));
            if !self.eat("elif") {
                break;
            }
        }
        self.expect("else", "in `if ... then ... else ... end`")?;
        let otherwise = self.expr()?;
        self.expect("end", "to close `if`")?;
        let span = start..self.prev_end();
        Ok(Node {
            kind: Kind::Cond(branches, Box::new(otherwise)),
            span,
        })
    }

    /// Comma-separated expressions up to `close` (the opening bracket is consumed).
    fn list(&mut self, close: &str, what: &str) -> PResult<Vec<Node>> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Ok(items);
        }
        loop {
            items.push(self.expr()?);
            if self.eat(close) {
                return Ok(items);
            }
            if !self.eat(",") {
                return Err(self.error_here(&format!(
                    "expected `,` or `{close}` after the {what}, found {}",
                    self.peek().describe()
                )));
            }
        }
    }
}

fn join(left: Node, right: Node, make: impl FnOnce(Box<Node>, Box<Node>) -> Kind) -> Node {
    let span = left.span.start..right.span.end;
    Node {
        kind: make(Box::new(left), Box::new(right)),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a tree in prefix form to check precedence.
    fn show(n: &Node) -> String {
        match &n.kind {
            Kind::Literal(v) => v.to_json(),
            Kind::Field(p) => p.text().to_owned(),
            Kind::Array(items) => {
                format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(" "))
            }
            Kind::Neg(a) => format!("(neg {})", show(a)),
            Kind::Not(a) => format!("(not {})", show(a)),
            Kind::Binary(op, a, b) => format!("({} {} {})", op.symbol(), show(a), show(b)),
            Kind::And(a, b) => format!("(and {} {})", show(a), show(b)),
            Kind::Or(a, b) => format!("(or {} {})", show(a), show(b)),
            // Each `elif` shown as an `if` nested in the `else`.
            Kind::Cond(branches, otherwise) => {
                branches.iter().rev().fold(show(otherwise), |rest, (c, a)| {
                    format!("(if {} {} {rest})", show(c), show(a))
                })
            }
            Kind::Call(f, _, args) => {
                format!(
                    "({f} {})",
                    args.iter().map(show).collect::<Vec<_>>().join(" ")
                )
            }
            Kind::Index(a, i) => format!("(index {} {})", show(a), show(i)),
            Kind::Member(a, k) => format!("(member {} {k})", show(a)),
        }
    }

    fn p(text: &str) -> String {
        show(&parse_expr(text).unwrap())
    }

    fn err(text: &str) -> (String, usize) {
        let e = parse_expr(text).unwrap_err();
        (e.message, e.offset)
    }

    #[test]
    fn precedence() {
        assert_eq!(p("1 + 2 * 3"), "(+ 1 (* 2 3))");
        assert_eq!(p("(1 + 2) * 3"), "(* (+ 1 2) 3)");
        assert_eq!(p("1 - 2 - 3"), "(- (- 1 2) 3)");
        assert_eq!(p("a or b and c"), "(or a (and b c))");
        assert_eq!(p("a || b && !c"), "(or a (and b (not c)))");
        assert_eq!(p("not a == b"), "(not (== a b))");
        assert_eq!(p("!a == b"), "(== (not a) b)");
        assert_eq!(p("-x * 2"), "(* (neg x) 2)");
        assert_eq!(p("-5"), "-5");
        assert_eq!(
            p("a + 1 > b * 2 and c =~ 'x'"),
            "(and (> (+ a 1) (* b 2)) (=~ c \"x\"))"
        );
        assert_eq!(p("x in [1, 2]"), "(in x [1 2])");
        assert_eq!(p("x not in [1]"), "(not in x [1])");
        assert_eq!(p("a ? b : c ? d : e"), "(if a b (if c d e))");
        assert_eq!(p("a or b ? 1 : 2"), "(if (or a b) 1 2)");
        assert_eq!(
            p("if a then 1 elif b then 2 else 3 end"),
            "(if a 1 (if b 2 3))"
        );
        assert_eq!(p("len(split(s, ',')) % 2"), "(% (len (split s \",\")) 2)");
    }

    #[test]
    fn paths() {
        assert_eq!(p("geo.country"), "geo.country");
        assert_eq!(p("tags[-1]"), "tags[-1]");
        assert_eq!(p("a.b[0].`user-agent`"), "a.b[0].`user-agent`");
        assert_eq!(p("a[\"x.y\"]"), "a[\"x.y\"]");
        assert_eq!(p("a.end"), "a.end");
        assert_eq!(p("split(s, ',')[0]"), "(index (split s \",\") 0)");
        assert_eq!(p("tags[i]"), "(index tags i)");
        let node = parse_expr("a.b[1]").unwrap();
        let Kind::Field(path) = node.kind else {
            panic!("not a field")
        };
        assert_eq!(
            path.segments(),
            [
                Segment::Key("a".into()),
                Segment::Key("b".into()),
                Segment::Index(1)
            ]
        );
    }

    #[test]
    fn errors_point_at_columns() {
        assert_eq!(
            err("status >= && host == \"a\""),
            ("expected an operand after `>=`".to_owned(), 9)
        );
        assert_eq!(err("1 +"), ("expected an operand after `+`".to_owned(), 3));
        assert_eq!(err("").0, "empty expression");
        assert_eq!(err("(1 + 2").1, 6);
        assert!(err("(1 + 2").0.contains("expected `)`"));
        assert_eq!(err("a b").1, 2);
        assert!(err("a = 1").0.contains("use `==`"));
        assert!(err("1 < x < 5").0.contains("do not chain"));
        assert!(err("f(1 2)").0.contains("expected `,` or `)`"));
        assert!(err("if a then b end").0.contains("expected `else`"));
        assert!(err("a.").0.contains("expected a field name after `.`"));
        assert_eq!(err("x == 'abc").1, 5);
    }

    #[test]
    fn programs() {
        let prog = parse_program("a = 1; b.c = a + 1\n del(x, y.z) ;").unwrap();
        assert_eq!(prog.len(), 4);
        assert!(matches!(prog[3].0, Statement::Delete(_)));
        assert!(parse_program("").is_err());
        assert!(
            parse_program("a == 1")
                .unwrap_err()
                .message
                .contains("expected `=`")
        );
        assert!(
            parse_program("1 = 2")
                .unwrap_err()
                .message
                .contains("field name")
        );
        assert!(
            parse_program("a = 1 b = 2")
                .unwrap_err()
                .message
                .contains("expected `;`")
        );
    }
}
