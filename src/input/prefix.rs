//! Work the NDJSON reader does for the head of the chain on raw lines, while the one scan that
//! validates a line is done anyway (on the worker threads with `--threads`).
//!
//! - **Leading filters.** When the chain starts with `filter` stages, the scan also finds the
//!   fields their conditions read and the reader applies them: a rejected line never becomes an
//!   event (no allocation, no hand-over between threads). A kept line becomes a lazy event
//!   marked with the number of filters it passed ([`Event::passed`](crate::event::Event::passed)), which those stages then
//!   pass on unexamined. A condition that fails on a line (an evaluation error) stops the
//!   reader-side filtering there: the stage sees the event and reports the error as usual.
//! - **Field spans.** Otherwise, when the first stage reads a few top-level fields through a
//!   [`FieldReader`] (`window`, `count`), the scan records where they are and the event carries
//!   the spans ([`Event::with_spans`](crate::event::Event::with_spans)), so that stage converts them without scanning the line
//!   again.

use std::sync::Arc;

use crate::event::FieldReader;
use crate::expr::{Env, Expr};
use crate::ops::Stage;
use crate::scan::{ScanError, SpanSet, TopLevel};

/// The reader-side work for a chain ([`ReaderPrefix::of_chain`]); every worker holds a copy.
#[derive(Debug, Clone)]
pub struct ReaderPrefix {
    conditions: Vec<Arc<Expr>>,
    fields: FieldReader,
    /// Pass the spans on with each event (no conditions: the first stage's own reader).
    spans: bool,
}

/// What the reader-side work decided for a line that is a JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Kept; the first `passed` filters are done.
    Kept {
        /// Filters applied and true.
        passed: usize,
        /// The first stage's field spans, when that is the work.
        spans: Option<SpanSet>,
    },
    /// The filter at this 0-based position was false.
    Rejected(usize),
}

impl ReaderPrefix {
    /// The reader-side work of a built chain: its leading stages that offer a condition
    /// ([`Stage::reader_filter`]), else the first stage's [`Stage::field_reader`]; `None` when
    /// neither applies.
    pub fn of_chain(stages: &[Box<dyn Stage>]) -> Option<ReaderPrefix> {
        let conditions: Vec<Arc<Expr>> = stages.iter().map_while(|s| s.reader_filter()).collect();
        if conditions.is_empty() {
            let fields = stages.first()?.field_reader()?.clone();
            return Some(ReaderPrefix {
                conditions,
                fields,
                spans: true,
            });
        }
        let paths: Vec<_> = conditions
            .iter()
            .flat_map(|c| c.referenced_fields())
            .collect();
        Some(ReaderPrefix {
            fields: FieldReader::new(&paths),
            conditions,
            spans: false,
        })
    }

    /// Validates `line` and does the work. `Ok(None)` when the line is valid JSON but not an
    /// object (the decoder wraps it, and the stages handle it as usual).
    pub fn apply(&mut self, line: &[u8]) -> Result<Option<Verdict>, ScanError> {
        if !matches!(self.fields.load_line(line)?, TopLevel::Object { .. }) {
            return Ok(None);
        }
        if self.spans {
            return Ok(Some(Verdict::Kept {
                passed: 0,
                spans: self.fields.span_set(),
            }));
        }
        let env = Env::new(0);
        let root = self.fields.partial();
        for (position, condition) in self.conditions.iter().enumerate() {
            match condition.is_true(root, &env) {
                Ok(true) => {}
                Ok(false) => return Ok(Some(Verdict::Rejected(position))),
                Err(_) => {
                    return Ok(Some(Verdict::Kept {
                        passed: position,
                        spans: None,
                    }));
                }
            }
        }
        Ok(Some(Verdict::Kept {
            passed: self.conditions.len(),
            spans: None,
        }))
    }
}
