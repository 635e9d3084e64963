//! Work the reader does for the head of the chain while it decodes a record (on the worker
//! threads with `--threads`), so that the main thread gets less to do.
//!
//! - **Leading filters.** When the chain starts with `filter` stages, the scan also finds the
//!   fields their conditions read and the reader applies them: a rejected line never becomes an
//!   event (no allocation, no hand-over between threads). A kept line becomes a lazy event
//!   marked with the number of filters it passed ([`Event::passed`](crate::event::Event::passed)), which those stages then
//!   pass on unexamined. A condition that fails on a line (an evaluation error) stops the
//!   reader-side filtering there: the stage sees the event and reports the error as usual.
//!   Other formats get the same on the decoded record ([`ReaderPrefix::decode`]), converting
//!   only the fields the conditions read when the decoder can ([`Decoder::decode_fields`]).
//! - **Text edits.** `map` and `select` stages right after those filters edit the line's text
//!   ([`crate::ops::ReaderStep`]): a kept line becomes an event with the edited text, marked as
//!   having passed them too. A step that declines (an evaluation error, a line it does not edit)
//!   stops the reader-side work there; the stage then does its own work and reports any error.
//! - **Field spans.** Otherwise, when the first stage reads a few top-level fields through a
//!   [`FieldReader`] (`window`, `count`), the scan records where they are and the event carries
//!   the spans ([`Event::with_spans`](crate::event::Event::with_spans)), so that stage converts them without scanning the line
//!   again.

use std::sync::Arc;

use crate::event::FieldReader;
use crate::expr::{Env, Expr};
use crate::input::{Decoder, Record};
use crate::ops::{ReaderStep, Stage};
use crate::scan::{ScanError, SpanSet, TopLevel};
use crate::value::{Map, Value};

/// The reader-side work for a chain ([`ReaderPrefix::of_chain`]); every worker holds a copy.
#[derive(Debug)]
pub struct ReaderPrefix {
    conditions: Vec<Arc<Expr>>,
    /// The text edits of the stages after the conditions.
    steps: Vec<Box<dyn ReaderStep>>,
    fields: FieldReader,
    /// Pass the spans on with each event (no conditions: the first stage's own reader).
    spans: bool,
    /// The fields the conditions read, as [`Decoder::decode_fields`] converted them.
    partial: Value,
}

impl Clone for ReaderPrefix {
    fn clone(&self) -> ReaderPrefix {
        ReaderPrefix {
            conditions: self.conditions.clone(),
            steps: self.steps.iter().map(|s| s.clone_step()).collect(),
            fields: self.fields.clone(),
            spans: self.spans,
            partial: self.partial.clone(),
        }
    }
}

/// What the reader-side work decided for a line that is a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Kept; the first `passed` stages are done.
    Kept {
        /// Filters applied and true, then text edits made.
        passed: usize,
        /// The first stage's field spans, when that is the work.
        spans: Option<SpanSet>,
        /// The edited text, when a text edit changed it.
        text: Option<Vec<u8>>,
    },
    /// The filter at this 0-based position was false.
    Rejected(usize),
}

impl ReaderPrefix {
    /// The reader-side work of a built chain: its leading stages that offer a condition
    /// ([`Stage::reader_filter`]) and the text edits of the stages after them
    /// ([`Stage::reader_step`]), else the first stage's [`Stage::field_reader`]; `None` when
    /// none applies.
    pub fn of_chain(stages: &[Box<dyn Stage>]) -> Option<ReaderPrefix> {
        let conditions: Vec<Arc<Expr>> = stages.iter().map_while(|s| s.reader_filter()).collect();
        let steps: Vec<Box<dyn ReaderStep>> = stages[conditions.len()..]
            .iter()
            .map_while(|s| s.reader_step())
            .collect();
        // What the validating scan looks for: the fields the conditions read; else the first
        // stage's fields, for its text edit or, with no edit, for the stage itself (`spans`).
        let spans = conditions.is_empty() && steps.is_empty();
        let fields = if conditions.is_empty() {
            match stages.first().and_then(|s| s.field_reader()) {
                Some(fields) => fields.clone(),
                None if spans => return None,
                None => FieldReader::new(&[]),
            }
        } else {
            let paths: Vec<_> = conditions
                .iter()
                .flat_map(|c| c.referenced_fields())
                .collect();
            FieldReader::new(&paths)
        };
        Some(ReaderPrefix {
            conditions,
            steps,
            fields,
            spans,
            partial: Value::Object(Map::default()),
        })
    }

    /// Decodes `record` with a decoder other than NDJSON's (which does this work itself, in
    /// [`ReaderPrefix::apply`]) and applies the leading filters, so that a rejected record is
    /// dropped on the reader thread. When the decoder can convert just the fields the
    /// conditions read ([`Decoder::decode_fields`]), a rejected record is never decoded whole.
    pub fn decode(&mut self, decoder: &mut dyn Decoder, record: &[u8]) -> Result<Record, String> {
        if self.conditions.is_empty() {
            return decoder.decode(record);
        }
        if let Value::Object(partial) = &mut self.partial
            && decoder
                .decode_fields(record, self.fields.keys(), partial)
                .is_some()
        {
            let passed = match test(&self.conditions, &self.partial) {
                Err(stage) => return Ok(Record::Filtered(stage)),
                Ok(passed) => passed,
            };
            return decoder.decode(record).map(|decoded| match decoded {
                Record::Event(d) => Record::Kept(d, passed),
                other => other,
            });
        }
        let decoded = decoder.decode(record)?;
        let Record::Event(d) = decoded else {
            return Ok(decoded);
        };
        match test(&self.conditions, &d.value) {
            Err(stage) => Ok(Record::Filtered(stage)),
            Ok(passed) => Ok(Record::Kept(d, passed)),
        }
    }

    /// Validates an NDJSON `line` and does the work. `Ok(None)` when the line is valid JSON but
    /// not an object (the decoder wraps it and [`ReaderPrefix::decode`]'s rules apply).
    pub fn apply(&mut self, line: &[u8]) -> Result<Option<Verdict>, ScanError> {
        if self.spans {
            let object = matches!(self.fields.scan_line(line)?, TopLevel::Object { .. });
            return Ok(object.then(|| Verdict::Kept {
                passed: 0,
                spans: self.fields.span_set(),
                text: None,
            }));
        }
        if self.conditions.is_empty() {
            if !matches!(self.fields.scan_line(line)?, TopLevel::Object { .. }) {
                return Ok(None);
            }
            let spans = self.fields.span_set();
            return Ok(Some(self.edit(line, 0, spans)));
        }
        if !matches!(self.fields.load_line(line)?, TopLevel::Object { .. }) {
            return Ok(None);
        }
        let passed = match test(&self.conditions, self.fields.partial()) {
            Err(stage) => return Ok(Some(Verdict::Rejected(stage))),
            Ok(passed) => passed,
        };
        if passed < self.conditions.len() {
            return Ok(Some(Verdict::Kept {
                passed,
                spans: None,
                text: None,
            }));
        }
        Ok(Some(self.edit(line, passed, None)))
    }

    /// Runs the text edits on a kept `line` that passed `passed` stages (all the conditions);
    /// `spans` are the first edit's fields in the line, if the scan found them.
    fn edit(&mut self, line: &[u8], mut passed: usize, mut spans: Option<SpanSet>) -> Verdict {
        let mut text: Option<Vec<u8>> = None;
        for step in &mut self.steps {
            match step.apply(text.as_deref().unwrap_or(line), spans.take()) {
                None => break,
                Some(None) => {}
                Some(Some(edited)) => text = Some(edited),
            }
            passed += 1;
        }
        Verdict::Kept {
            passed,
            spans: None,
            text,
        }
    }
}

/// Applies `conditions` in order to `root`: `Err(i)` when condition `i` is false, else
/// `Ok(passed)`, the number that held before the end or before one failed to evaluate (its
/// stage then reports the error).
fn test(conditions: &[Arc<Expr>], root: &Value) -> Result<usize, usize> {
    let env = Env::new(0);
    for (position, condition) in conditions.iter().enumerate() {
        match condition.is_true(root, &env) {
            Ok(true) => {}
            Ok(false) => return Err(position),
            Err(_) => return Ok(position),
        }
    }
    Ok(conditions.len())
}
