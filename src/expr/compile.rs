//! The compiler: syntax tree to the compiled form. Resolves functions and checks their arity,
//! compiles regex literals once, checks literal arguments (durations, time formats, zones), and
//! folds constant subexpressions (a constant that cannot be evaluated is a compile error).

use std::sync::Mutex;

use jiff::tz::TimeZone;

use crate::expr::ast::{BinOp, Kind, Node, Statement};
use crate::expr::eval::{Code, Env, SourceField};
use crate::expr::func::{self, Func};
use crate::expr::lex::Span;
use crate::path::Path;
use crate::time::TimeFormat;
use crate::value::Value;

/// A compile error at a byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    /// What is wrong.
    pub message: String,
    /// Where (byte offset).
    pub offset: usize,
}

type CResult<T> = Result<T, CompileError>;

fn error(span: &Span, message: String) -> CompileError {
    CompileError {
        message,
        offset: span.start,
    }
}

/// Compiles an expression tree.
pub fn compile_node(node: &Node) -> CResult<Code> {
    let code = match &node.kind {
        Kind::Literal(v) => Code::Const(v.clone()),
        Kind::Field(p) => Code::Field(p.clone()),
        Kind::Array(items) => Code::Array(items.iter().map(compile_node).collect::<CResult<_>>()?),
        Kind::Neg(a) => Code::Neg(Box::new(compile_node(a)?)),
        Kind::Not(a) => Code::Not(Box::new(compile_node(a)?)),
        Kind::And(a, b) => Code::And(Box::new(compile_node(a)?), Box::new(compile_node(b)?)),
        Kind::Or(a, b) => Code::Or(Box::new(compile_node(a)?), Box::new(compile_node(b)?)),
        Kind::Cond(branches, otherwise) => Code::Cond(
            branches
                .iter()
                .map(|(c, a)| Ok((compile_node(c)?, compile_node(a)?)))
                .collect::<CResult<_>>()?,
            Box::new(compile_node(otherwise)?),
        ),
        Kind::Binary(op @ (BinOp::Match | BinOp::NotMatch), a, b) => {
            let subject = Box::new(compile_node(a)?);
            let negate = *op == BinOp::NotMatch;
            match compile_node(b)? {
                Code::Const(Value::Str(pattern)) => Code::Match {
                    subject,
                    regex: Box::new(func::compile_regex(&pattern).map_err(|e| error(&b.span, e))?),
                    negate,
                },
                Code::Const(other) if !matches!(other, Value::Null) => {
                    return Err(error(
                        &b.span,
                        format!("a regex must be a string, not a {}", other.type_name()),
                    ));
                }
                pattern => Code::MatchDyn {
                    subject,
                    pattern: Box::new(pattern),
                    negate,
                    cache: Mutex::new(None),
                },
            }
        }
        Kind::Binary(op, a, b) => {
            Code::Bin(*op, Box::new(compile_node(a)?), Box::new(compile_node(b)?))
        }
        Kind::Index(a, i) => Code::Index(Box::new(compile_node(a)?), Box::new(compile_node(i)?)),
        Kind::Member(a, k) => Code::Member(Box::new(compile_node(a)?), k.clone()),
        Kind::Call(name, name_span, args) => return compile_call(node, name, name_span, args),
    };
    fold(code, &node.span)
}

fn compile_call(node: &Node, name: &str, name_span: &Span, args: &[Node]) -> CResult<Code> {
    let Some(f) = func::lookup(name) else {
        let hint = func::suggest(name)
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default();
        return Err(error(name_span, format!("unknown function '{name}'{hint}")));
    };
    check_arity(f, args.len(), name_span)?;
    match name {
        "exists" => {
            return match &args[0].kind {
                Kind::Field(p) => Ok(Code::Exists(p.clone())),
                _ => Err(error(
                    &args[0].span,
                    "exists() takes a field name, e.g. exists(user.id)".to_owned(),
                )),
            };
        }
        "now" => return Ok(Code::Now),
        "source" => return Ok(Code::Source(SourceField::Name)),
        "source_line" => return Ok(Code::Source(SourceField::Line)),
        _ => {}
    }
    let compiled: Vec<Code> = args.iter().map(compile_node).collect::<CResult<_>>()?;
    if name == "coalesce" {
        return fold(Code::Coalesce(compiled), &node.span);
    }
    if let Some(check) = f.check {
        let literals: Vec<Option<&Value>> = compiled
            .iter()
            .map(|c| match c {
                Code::Const(v) => Some(v),
                _ => None,
            })
            .collect();
        check(&literals).map_err(|(i, message)| error(&args[i].span, message))?;
    }
    if name == "time"
        && let Some((format, tz)) = literal_time_args(&compiled)
    {
        let mut compiled = compiled;
        compiled.truncate(1);
        if let Some(value) = compiled.pop() {
            let code = Code::Time {
                value: Box::new(value),
                format,
                tz,
            };
            return fold(code, &node.span);
        }
        return Err(error(name_span, "time() needs a value".to_owned()));
    }
    let Some(imp) = f.imp else {
        return Err(error(name_span, format!("{name}() cannot be called here")));
    };
    fold(Code::Call(f.name, imp, compiled), &node.span)
}

/// The format and zone of `time(x, format [, zone])` when both are literals (checked already),
/// so they are resolved once; `None` when they are computed or absent.
fn literal_time_args(args: &[Code]) -> Option<(TimeFormat, TimeZone)> {
    let format = match args.get(1) {
        Some(Code::Const(Value::Str(f))) => func::time_format(f).ok()?,
        _ => return None,
    };
    let tz = match args.get(2) {
        None => TimeZone::UTC,
        Some(Code::Const(Value::Str(z))) => crate::time::parse_time_zone(z).ok()?,
        Some(_) => return None,
    };
    Some((format, tz))
}

fn check_arity(f: &Func, n: usize, span: &Span) -> CResult<()> {
    if (f.min..=f.max).contains(&n) {
        return Ok(());
    }
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let expected = if f.min == f.max {
        format!("{} {}", f.min, plural(f.min))
    } else if f.max == usize::MAX {
        format!("at least {} {}", f.min, plural(f.min))
    } else {
        format!("{} to {} arguments", f.min, f.max)
    };
    Err(error(span, format!("{} takes {expected}, got {n}", f.name)))
}

/// Evaluates a node whose children are all constants; a failure is a compile error.
fn fold(code: Code, span: &Span) -> CResult<Code> {
    if !code.is_foldable() {
        return Ok(code);
    }
    let env = Env::new(0);
    match code.eval(&Value::Null, &env) {
        Ok(v) => Ok(Code::Const(v.into_owned())),
        Err(e) => Err(error(span, e)),
    }
}

/// A compiled `map` statement.
#[derive(Debug)]
pub enum Stmt {
    /// Set the field to the value.
    Assign(Path, Code),
    /// Remove the field.
    Delete(Path),
}

/// Compiles the statements of a program.
pub fn compile_statements(stmts: &[(Statement, Span)]) -> CResult<Vec<Stmt>> {
    stmts
        .iter()
        .map(|(s, _)| {
            Ok(match s {
                Statement::Assign(p, node) => Stmt::Assign(p.clone(), compile_node(node)?),
                Statement::Delete(p) => Stmt::Delete(p.clone()),
            })
        })
        .collect()
}
