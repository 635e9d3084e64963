//! `map EXPR`: assignments that add, change and remove fields.

use std::sync::Arc;

use crate::error::{DropReason, Error, Result};
use crate::event::{Event, FieldReader};
use crate::expr::{self, Env, Program};
use crate::ops::{
    BuildContext, Example, Flow, Inputs, Out, Pushdown, ReaderStep, Stage, StageArgs, Stepped,
};
use crate::scan::{Layout, SpanSet};
use crate::splice::{self, Change, Placement};
use crate::value::Value;

/// What `eddy map --help` and eddy-map(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "seconds from milliseconds, and a field in upper case",
        "eddy map 'secs = latency_ms / 1000; svc = upper(service)' events.ndjson",
    ),
    Example::new(
        "the minute of each event, and a field removed",
        "eddy map 'minute = bucket(time(ts), 1m); del(tags)' events.ndjson",
    ),
    Example::new(
        "a computed field to count by",
        r#"eddy map 'class = status >= 500 ? "error" : "ok"' then count --by class access.ndjson"#,
    ),
    Example::new(
        "the day in Berlin",
        r#"eddy map 'day = format_time(ts, "%F", "Europe/Berlin")' events.ndjson"#,
    ),
];

/// Add, change or remove fields with assignments
///
/// EXPR is a list of assignments `FIELD = EXPRESSION` separated by `;` or newlines, and
/// `del(FIELD, ...)` to remove fields. Later assignments see the results of earlier ones. A field
/// that exists keeps its position; new fields go last. An event on which an assignment fails is
/// dropped, counted and reported with its file and line, and written to `--errors` if given.
///
/// The expressions are those of `filter`: `eddy help expr` (man eddy-expr) describes them.
///
/// On NDJSON events that no stage has changed, `map` edits the line instead of rewriting it:
/// fields it does not assign keep their original text (spacing, number forms such as `1.50`),
/// assigned fields are written as eddy writes values, new fields go last. The result is the
/// same JSON value either way.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assignments, e.g. 'x = y * 2; del(tmp)'
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    program: String,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Compiles the program; syntax and name errors are usage errors.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let program = expr::compile_program(&args.program)
        .map_err(|e| Error::Usage(e.in_stage(ctx.index, "map")))?;
    let text = TextEdit::for_program(&program);
    Ok(Box::new(Map {
        program: Arc::new(program),
        text,
    }))
}

/// The compiled assignments.
struct Map {
    program: Arc<Program>,
    /// Edits the text of pristine events, when the program allows it.
    text: Option<TextEdit>,
}

impl Stage for Map {
    fn process(&mut self, mut event: Event, out: &mut Out<'_>) -> Result<Flow> {
        // The event changes below: `source()` reads a copy of where it was read.
        let location = (self.program.uses_context()).then(|| event.location().clone());
        let env = match &location {
            Some(at) => Env::at(out.now(), at),
            None => Env::new(0),
        };
        let edited = match (&mut self.text, event.json_text()) {
            (Some(edit), Some(text)) => edit.apply(&self.program, text, None, &env),
            _ => None,
        };
        let applied = match edited {
            Some(Ok(stepped)) => {
                if let Some(text) = stepped.text {
                    event.replace_text(text);
                }
                Ok(())
            }
            Some(Err(message)) => Err(message),
            None => self.program.apply(&mut event, &env),
        };
        match applied {
            Ok(()) => out.emit(event),
            Err(message) => {
                out.drop_event(&event, DropReason::EvalError, message)?;
                Ok(Flow::Continue)
            }
        }
    }

    fn pushdown(&mut self) -> Option<Pushdown<'_>> {
        let edit = self.text.clone()?;
        (!self.program.uses_context()).then(|| {
            Pushdown::Edit(Box::new(MapStep {
                program: Arc::clone(&self.program),
                edit,
            }))
        })
    }
}

/// `map` on a reader thread: the text edit, with an error left to the stage to report.
#[derive(Debug)]
struct MapStep {
    program: Arc<Program>,
    edit: TextEdit,
}

impl ReaderStep for MapStep {
    fn apply(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Stepped> {
        self.edit
            .apply(&self.program, text, spans, &Env::new(0))?
            .ok()
    }

    fn field_reader(&self) -> Option<&FieldReader> {
        Some(&self.edit.reader)
    }

    fn report_spans(&mut self, next: &FieldReader) {
        let reader = self.edit.reader.also_locating(next.keys());
        // Every key of `next` is one of `reader`'s now.
        let index = next
            .keys()
            .iter()
            .map(|key| reader.keys().iter().position(|own| own == key))
            .collect::<Option<Vec<usize>>>();
        if let Some(index) = index {
            self.edit.reader = reader;
            self.edit.next = Some(NextFields {
                reader: next.clone(),
                index,
            });
        }
    }

    fn clone_step(&self) -> Box<dyn ReaderStep> {
        Box::new(MapStep {
            program: Arc::clone(&self.program),
            edit: self.edit.clone(),
        })
    }
}

/// Runs the program on the fields it touches, read from a pristine event's text, and splices
/// the changes into that text ([`crate::splice`]).
#[derive(Debug, Clone)]
struct TextEdit {
    /// Reads every top-level key the program reads or writes (and locates those of `next`).
    reader: FieldReader,
    /// Indexes (in the reader's keys) of the top-level keys an assignment or deletion may change.
    written: Vec<usize>,
    /// When every target is a top-level key: the indexes of the assigned keys in the order
    /// they are first assigned, which is the order they are appended in when new.
    assigned: Option<Vec<usize>>,
    /// The fields of the stage after, when the edit reports where they are in its result.
    next: Option<NextFields>,
    /// Where the last edit put the values.
    placement: Placement,
}

/// The fields of the stage after an edit ([`ReaderStep::report_spans`]).
#[derive(Debug, Clone)]
struct NextFields {
    /// That stage's reader, whose key set the reported spans are of.
    reader: FieldReader,
    /// For each of its keys, the key's index in the edit's own reader.
    index: Vec<usize>,
}

impl NextFields {
    /// Where the keys are in the result of an edit of a text of `layout`, in which `own` found
    /// its keys, `placement` says where values went and `appended` members were added.
    fn spans(
        &self,
        own: &FieldReader,
        placement: &Placement,
        appended: &[(&str, &Value)],
        layout: Layout,
    ) -> Option<SpanSet> {
        let spans = self.index.iter().map(|&index| match own.found(index) {
            Some(span) => placement.moved(span),
            None => {
                let key = own.keys()[index].as_str();
                let n = appended.iter().position(|(k, _)| *k == key)?;
                placement.appended(n)
            }
        });
        self.reader.span_set_of(spans, layout)
    }
}

impl TextEdit {
    /// The editor for `program`, or `None` when a top-level key may be both deleted and assigned
    /// (the value path moves such a key to the end; an edit in place could not).
    fn for_program(program: &Program) -> Option<TextEdit> {
        let (assigned, deleted) = program.targets();
        let roots = |paths: &[&crate::path::Path]| -> Vec<String> {
            paths.iter().flat_map(|p| p.root_keys()).collect()
        };
        // With only top-level keys as targets, a key the expressions never read need not be
        // converted from the line: an assignment replaces it whole, a deletion removes it.
        let single_keys = |paths: &[&crate::path::Path]| -> Option<Vec<String>> {
            paths
                .iter()
                .map(|p| p.single_key().map(str::to_owned))
                .collect()
        };
        let targets = single_keys(&assigned).zip(single_keys(&deleted));
        let (assigned, deleted) = (roots(&assigned), roots(&deleted));
        if assigned.iter().any(|k| deleted.contains(k)) {
            return None;
        }
        let (reader, assigned_order) = match targets {
            Some((assigned_keys, deleted_keys)) => {
                // The targets the expressions do not read are located, not converted.
                let reader = FieldReader::new(&program.read_fields())
                    .also_locating(&[assigned_keys.as_slice(), &deleted_keys].concat());
                let mut order: Vec<usize> = Vec::new();
                for key in &assigned_keys {
                    let index = reader.keys().iter().position(|k| k == key)?;
                    if !order.contains(&index) {
                        order.push(index);
                    }
                }
                (reader, Some(order))
            }
            None => (FieldReader::new(&program.referenced_fields()), None),
        };
        let written = reader
            .keys()
            .iter()
            .enumerate()
            .filter(|(_, key)| assigned.contains(key) || deleted.contains(key))
            .map(|(index, _)| index)
            .collect();
        Some(TextEdit {
            reader,
            written,
            assigned: assigned_order,
            next: None,
            placement: Placement::default(),
        })
    }

    /// Applies the program to `text`, a pristine event's JSON text (`spans`: where the reader
    /// found the fields, if it did), giving the edited text and, when asked, where the next
    /// stage's fields are in it; `None` when the text is not one this can edit (not an object,
    /// or a located key occurs twice): the value path then runs.
    fn apply(
        &mut self,
        program: &Program,
        text: &[u8],
        spans: Option<SpanSet>,
        env: &Env,
    ) -> Option<std::result::Result<Stepped, String>> {
        let layout = self.reader.load_text(text, spans)?;
        if layout.repeated {
            return None;
        }
        if let Err(message) = program.run(self.reader.partial_mut(), env) {
            return Some(Err(message));
        }
        let Value::Object(fields) = self.reader.partial() else {
            return None;
        };
        let mut changes = Vec::new();
        for &index in &self.written {
            if let Some(span) = self.reader.found(index) {
                let change = fields
                    .get(self.reader.keys()[index].as_str())
                    .map_or(Change::Remove, Change::Set);
                changes.push((span, change));
            }
        }
        let keys = self.reader.keys();
        let mut appended = Vec::new();
        match &self.assigned {
            // Assigned keys the line lacks, in the order the program added them; the partial
            // object may hold keys it did not convert from this line, so its order is not that.
            Some(order) => {
                for &index in order {
                    if self.reader.found(index).is_none() {
                        let key = keys[index].as_str();
                        appended.push((key, fields.get(key)?));
                    }
                }
            }
            // Keys the line lacks were removed from the partial object before the program ran:
            // those in it now were added by the program, in its order.
            None => {
                for (key, value) in fields {
                    let index = keys.iter().position(|k| k == key)?;
                    if self.reader.found(index).is_none() {
                        appended.push((key.as_str(), value));
                    }
                }
            }
        }
        let removed = changes
            .iter()
            .filter(|(_, change)| matches!(change, Change::Remove))
            .count();
        let mut edited = Vec::with_capacity(text.len() + 16 * (appended.len() + 1));
        let placement = &mut self.placement;
        splice::splice(text, &mut changes, &appended, &mut edited, placement)?;
        let spans = self.next.as_ref().and_then(|next| {
            let layout = Layout {
                members: layout.members - removed + appended.len(),
                repeated: false,
            };
            next.spans(&self.reader, placement, &appended, layout)
        });
        Some(Ok(Stepped {
            text: Some(edited),
            spans,
        }))
    }
}
