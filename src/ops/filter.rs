//! `filter EXPR`: keep the events for which an expression is true.

use std::sync::Arc;

use crate::error::{DropReason, Error, Result};
use crate::event::{Event, FieldReader};
use crate::expr::{self, Env, Expr};
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Pushdown, Stage, StageArgs};

/// What `eddy filter --help` and eddy-filter(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new("server errors", "eddy filter 'status >= 500' access.ndjson"),
    Example::new(
        "errors that mention a timeout, in any case",
        r#"eddy filter 'level == "error" and msg =~ "(?i)timeout"' events.ndjson"#,
    ),
    Example::new(
        "writes to long paths",
        r#"eddy filter 'method in ["POST", "PUT"] && len(path) > 12' access.ndjson"#,
    ),
    Example::new(
        "the first ten events from 01:30 UTC on",
        r#"eddy filter 'time(ts) >= time("2024-03-01T01:30:00Z")' then head 10 events.ndjson"#,
    ),
];

/// Keep events for which EXPR is true (null and false drop the event)
///
/// EXPR is an expression over the event's fields: paths (`geo.country`, `tags[-1]`,
/// `` `user-agent` ``), literals (`42`, `"text"`, `[1, 2]`, `5m`), `+ - * / %`, `== != < <= > >=`
/// (type-strict: `"1" != 1`), `and or not` (`&& || !`), regex `=~ !~`, `in [..]`, `c ? a : b`,
/// `if c then a else b end`. A missing field is null; arithmetic with null is null; comparing
/// different types is false.
///
/// Functions: len lower upper trim contains starts_with ends_with split join replace substr abs
/// floor ceil round min max num int str bool type exists is_null coalesce time format_time now
/// source source_line bucket hash. `eddy help expr` (man eddy-expr) describes the language and
/// every function, with examples.
///
/// An event on which EXPR fails (e.g. `"abc" * 2`) is dropped, counted and reported with its
/// file and line, and written to `--errors` if given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The condition, e.g. 'status >= 500 and host == "a"'
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    expr: String,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Compiles the expression; syntax and name errors are usage errors.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let expr =
        expr::compile(&args.expr).map_err(|e| Error::Usage(e.in_stage(ctx.index, "filter")))?;
    let fields = FieldReader::new(&expr.referenced_fields());
    Ok(Box::new(Filter {
        expr: Arc::new(expr),
        fields,
    }))
}

/// The compiled condition.
struct Filter {
    expr: Arc<Expr>,
    /// Reads only the top-level fields the expression references (every field access of the
    /// evaluator is a path from the root), so a lazily decoded line is never parsed whole here.
    fields: FieldReader,
}

impl Stage for Filter {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let env = if self.expr.uses_context() {
            Env::at(out.now(), event.location())
        } else {
            Env::new(0)
        };
        let verdict = self.expr.is_true(self.fields.read(&event), &env);
        match verdict {
            Ok(true) => out.emit(event),
            Ok(false) => {
                out.filtered();
                Ok(Flow::Continue)
            }
            Err(message) => {
                out.drop_event(&event, DropReason::EvalError, message)?;
                Ok(Flow::Continue)
            }
        }
    }

    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        // `now()` is read when the event is processed, not when its line is read; `source()`
        // reads the event's location, which the main thread has.
        (!self.expr.uses_context()).then(|| Pushdown::Condition(Arc::clone(&self.expr)))
    }
}

#[cfg(test)]
mod tests {
    use crate::expr::func::FUNCTIONS;

    #[test]
    fn help_lists_every_function() {
        let cmd = crate::cli::command();
        let filter = cmd.find_subcommand("filter").unwrap();
        let help = filter.get_long_about().unwrap().to_string();
        let listed = help.split("Functions:").nth(1).unwrap();
        for f in FUNCTIONS {
            assert!(
                listed
                    .split_whitespace()
                    .any(|w| w.trim_end_matches('.') == f.name),
                "`eddy filter --help` does not list {}",
                f.name
            );
        }
    }
}
