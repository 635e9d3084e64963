//! The expression language of `filter`, `map` and every stage that takes EXPR (cli.md 4).
//!
//! Text goes through the lexer ([`lex`]), the parser ([`parse`], precedence climbing), the
//! compiler ([`compile`](mod@compile): functions resolved, arity checked, regex literals compiled once,
//! constants folded) to a compiled form evaluated per event ([`eval`]). Errors carry byte spans
//! and become [`UsageError`]s with a caret under the column. The reference is [`doc`] (`eddy-expr(7)`, `eddy help expr`) and the README's Expressions section.

pub mod ast;
pub mod compile;
pub mod doc;
pub mod eval;
pub mod func;
pub mod lex;
pub mod parse;
pub mod raw;

use std::borrow::Cow;

pub use eval::Env;

use crate::error::UsageError;
use crate::event::Event;
use crate::path::Path;
use crate::value::Value;

/// A compiled expression.
#[derive(Debug)]
pub struct Expr {
    code: eval::Code,
    fields: Vec<Path>,
    uses_context: bool,
}

/// Compiles an expression; every syntax error, unknown function, wrong arity, bad regex or bad
/// literal argument is reported here, pointing at its column.
pub fn compile(text: &str) -> Result<Expr, UsageError> {
    let node = parse::parse_expr(text).map_err(|e| syntax_error(text, e.offset, &e.message))?;
    let code = compile::compile_node(&node).map_err(|e| located(text, e.offset, &e.message))?;
    let mut fields = Vec::new();
    code.fields(&mut fields);
    let uses_context = code.uses_context();
    Ok(Expr {
        code,
        fields,
        uses_context,
    })
}

impl Expr {
    /// Evaluates the expression against an event's value.
    pub fn eval(&self, event: &Value, env: &Env) -> Result<Value, String> {
        self.code.eval(event, env).map(Cow::into_owned)
    }

    /// Evaluates to a truth value (for `filter`), without copying the result.
    pub fn is_true(&self, event: &Value, env: &Env) -> Result<bool, String> {
        self.code.eval(event, env).map(|v| v.is_truthy())
    }

    /// Every field path the expression reads, in order of first appearance.
    pub fn referenced_fields(&self) -> Vec<Path> {
        self.fields.clone()
    }

    /// The expression as a [`raw::RawCondition`] on top-level fields, whose indexes `index_of`
    /// gives; `None` when it is not such a condition.
    pub fn raw_condition(
        &self,
        index_of: &dyn Fn(&str) -> Option<usize>,
    ) -> Option<raw::RawCondition> {
        raw::RawCondition::compile(&self.code, index_of)
    }

    /// True when the expression calls `now()`, `source()` or `source_line()`: the caller then
    /// gives it the clock and the event's location ([`Env::at`]), and it is not pushed down.
    pub fn uses_context(&self) -> bool {
        self.uses_context
    }

    /// The constant value of the expression, when it does not depend on the event.
    pub fn constant(&self) -> Option<&Value> {
        match &self.code {
            eval::Code::Const(v) => Some(v),
            _ => None,
        }
    }
}

/// A compiled `map` program: assignments `path = expr` and `del(path)`, run in order.
#[derive(Debug)]
pub struct Program {
    stmts: Vec<compile::Stmt>,
    uses_context: bool,
}

/// Compiles a `map` program: statements separated by `;` or newlines.
pub fn compile_program(text: &str) -> Result<Program, UsageError> {
    let stmts = parse::parse_program(text).map_err(|e| syntax_error(text, e.offset, &e.message))?;
    let stmts =
        compile::compile_statements(&stmts).map_err(|e| located(text, e.offset, &e.message))?;
    let uses_context = stmts.iter().any(|s| match s {
        compile::Stmt::Assign(_, code) => code.uses_context(),
        compile::Stmt::Delete(_) => false,
    });
    Ok(Program {
        stmts,
        uses_context,
    })
}

impl Program {
    /// Runs the statements on the event; later statements see the results of earlier ones.
    /// An existing field keeps its position; new fields go last. On error the event may be
    /// partly changed (the caller drops it; its original bytes are intact).
    pub fn apply(&self, event: &mut Event, env: &Env) -> Result<(), String> {
        // A program that only deletes fields the event lacks leaves it as it is (pristine).
        let changes = self.stmts.iter().any(|stmt| match stmt {
            compile::Stmt::Assign(..) => true,
            compile::Stmt::Delete(path) => event.get(path).is_some(),
        });
        if !changes {
            return Ok(());
        }
        event.object_mut();
        self.run(event.value_mut(), env)
    }

    /// Runs the statements on a value: the event's, or the partial object of the fields the
    /// program reads or writes ([`Program::referenced_fields`]), which gives the same for
    /// those fields. The one definition of what a program does.
    pub fn run(&self, root: &mut Value, env: &Env) -> Result<(), String> {
        for stmt in &self.stmts {
            match stmt {
                compile::Stmt::Assign(path, code) => {
                    let value = code.eval(root, env)?.into_owned();
                    path.set(root, value)?;
                }
                compile::Stmt::Delete(path) => {
                    path.remove(root);
                }
            }
        }
        Ok(())
    }

    /// The paths the program assigns to, and those it deletes.
    pub fn targets(&self) -> (Vec<&Path>, Vec<&Path>) {
        let mut assigned = Vec::new();
        let mut deleted = Vec::new();
        for stmt in &self.stmts {
            match stmt {
                compile::Stmt::Assign(path, _) => assigned.push(path),
                compile::Stmt::Delete(path) => deleted.push(path),
            }
        }
        (assigned, deleted)
    }

    /// Every field path the program's expressions read (not the paths it assigns or deletes),
    /// in order of first appearance.
    pub fn read_fields(&self) -> Vec<Path> {
        let mut out = Vec::new();
        for stmt in &self.stmts {
            if let compile::Stmt::Assign(_, code) = stmt {
                code.fields(&mut out);
            }
        }
        out
    }

    /// Every field path the program reads or writes.
    pub fn referenced_fields(&self) -> Vec<Path> {
        let mut out = Vec::new();
        for stmt in &self.stmts {
            match stmt {
                compile::Stmt::Assign(path, code) => {
                    code.fields(&mut out);
                    if !out.contains(path) {
                        out.push(path.clone());
                    }
                }
                compile::Stmt::Delete(path) => {
                    if !out.contains(path) {
                        out.push(path.clone());
                    }
                }
            }
        }
        out
    }

    /// True when the program calls `now()`, `source()` or `source_line()` (see
    /// [`Expr::uses_context`]).
    pub fn uses_context(&self) -> bool {
        self.uses_context
    }
}

/// The 0-based character column of a byte offset.
fn char_column(text: &str, offset: usize) -> usize {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].chars().count()
}

/// A syntax error: the message names the 1-based column, and the caret points at it.
fn syntax_error(text: &str, offset: usize, message: &str) -> UsageError {
    let column = char_column(text, offset);
    UsageError::new(format!("{message} at column {}", column + 1)).with_snippet(text, column)
}

/// A compile error (unknown function, arity, regex, literal argument): the caret points at it.
fn located(text: &str, offset: usize, message: &str) -> UsageError {
    UsageError::new(message).with_snippet(text, char_column(text, offset))
}

#[cfg(test)]
mod tests;
