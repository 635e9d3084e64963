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
//! - **Prepared fields.** When the stage after all that work reads its fields through a
//!   [`ReaderPrep`] (time windows and `count`), the reader does that reading too: the event
//!   carries the event time, group key and aggregated values
//!   ([`Event::with_prepared`](crate::event::Event::with_prepared)), and the stage on the main
//!   thread only updates its windows. A prep that declines (a bad timestamp, a string value)
//!   leaves the event to the stage.
//! - **Aggregation.** When that stage is a global or tumbling window whose result does not
//!   depend on the order of events, the reader aggregates runs of events too ([`Absorber`]): a
//!   batch carries one set of groups per run instead of the events.

use std::sync::Arc;

use crate::error::Location;
use crate::event::{FieldReader, Prepared};
use crate::expr::raw::RawCondition;
use crate::expr::{Env, Expr};
use crate::input::{Batch, Decoded, Decoder, Item, Record};
use crate::ops::{EventData, ReaderAggregate, ReaderPrep, ReaderStep, Stage};
use crate::scan::{ScanError, SpanSet, TopLevel};
use crate::value::{Map, Value};

/// The reader-side work for a chain ([`ReaderPrefix::of_chain`]); every worker holds a copy.
#[derive(Debug)]
pub struct ReaderPrefix {
    conditions: Vec<Arc<Expr>>,
    /// The conditions as comparisons of fields with constants, when every one of them is
    /// ([`Expr::raw_condition`]): read from the fields' raw text on NDJSON, on the converted
    /// fields otherwise.
    raw_conditions: Option<Vec<RawCondition>>,
    /// The text edits of the stages after the conditions.
    steps: Vec<Box<dyn ReaderStep>>,
    fields: FieldReader,
    /// Pass the spans on with each event (no conditions: the first stage's own reader).
    spans: bool,
    /// The fields the conditions read, as [`Decoder::decode_fields`] converted them.
    partial: Value,
    /// The field reading of the stage after the conditions and edits.
    prep: Option<Box<dyn ReaderPrep>>,
    /// The reader writes the output lines of events that pass every stage
    /// ([`ReaderPrefix::write_output`]).
    finishes: bool,
}

impl Clone for ReaderPrefix {
    fn clone(&self) -> ReaderPrefix {
        ReaderPrefix {
            conditions: self.conditions.clone(),
            raw_conditions: self.raw_conditions.clone(),
            steps: self.steps.iter().map(|s| s.clone_step()).collect(),
            fields: self.fields.clone(),
            spans: self.spans,
            partial: self.partial.clone(),
            prep: self.prep.as_ref().map(|prep| prep.clone_prep()),
            finishes: self.finishes,
        }
    }
}

/// What the reader-side work did for a record it kept.
#[derive(Debug, Clone, Default)]
pub struct Done {
    /// Leading stages done: filters applied and true, then text edits made.
    pub passed: usize,
    /// The first stage's field spans, when that is the work.
    pub spans: Option<SpanSet>,
    /// The edited text, when a text edit changed it.
    pub text: Option<Vec<u8>>,
    /// What the stage at `passed` would read from the fields ([`ReaderPrep`]).
    pub prepared: Option<Prepared>,
}

/// What the reader-side work decided for a line that is a JSON object.
#[derive(Debug, Clone)]
// Boxing `Done` would cost an allocation per kept line; a rejection is the small variant.
#[allow(clippy::large_enum_variant)]
pub enum Verdict {
    /// Kept, with the work done.
    Kept(Done),
    /// The filter at this 0-based position was false.
    Rejected(usize),
}

impl ReaderPrefix {
    /// The reader-side work of a built chain: its leading stages that offer a condition
    /// ([`Stage::reader_filter`]), the text edits of the stages after them
    /// ([`Stage::reader_step`]) and the field reading of the stage after those
    /// ([`Stage::reader_prep`]), else the first stage's [`Stage::field_reader`]; `None` when
    /// none applies.
    pub fn of_chain(stages: &[Box<dyn Stage>]) -> Option<ReaderPrefix> {
        let conditions: Vec<Arc<Expr>> = stages.iter().map_while(|s| s.reader_filter()).collect();
        let mut steps: Vec<Box<dyn ReaderStep>> = stages[conditions.len()..]
            .iter()
            .map_while(|s| s.reader_step())
            .collect();
        let after_steps = stages.get(conditions.len() + steps.len());
        let prep = after_steps.and_then(|stage| stage.reader_prep());
        // Each step tells the next one (or the prep) where its fields are in the edited text,
        // which may make the step locate more fields: so the last step is asked first.
        let mut next = prep
            .is_some()
            .then(|| after_steps.and_then(|stage| stage.field_reader()))
            .flatten();
        for step in steps.iter_mut().rev() {
            if let Some(next) = next {
                step.report_spans(next);
            }
            next = step.field_reader();
        }
        // What the validating scan looks for: the fields the conditions read; else the first
        // step's fields, for its text edit, or with no step the first stage's, for the stage
        // itself (`spans`).
        let spans = conditions.is_empty() && steps.is_empty();
        let fields = if conditions.is_empty() {
            match steps.first() {
                Some(step) => {
                    (step.field_reader().cloned()).unwrap_or_else(|| FieldReader::new(&[]))
                }
                None => stages.first().and_then(|s| s.field_reader())?.clone(),
            }
        } else {
            let paths: Vec<_> = conditions
                .iter()
                .flat_map(|c| c.referenced_fields())
                .collect();
            FieldReader::new(&paths)
        };
        let index_of = |key: &str| fields.keys().iter().position(|k| k == key);
        let raw_conditions = conditions
            .iter()
            .map(|condition| condition.raw_condition(&index_of))
            .collect();
        Some(ReaderPrefix {
            conditions,
            raw_conditions,
            steps,
            fields,
            spans,
            partial: Value::Object(Map::default()),
            prep,
            finishes: false,
        })
    }

    /// For NDJSON output of a chain of `stages` stages: when the reader does them all (filters
    /// and text edits only), it also writes the output line of each event that passes them
    /// ([`ReaderPrefix::finished`]), so that such an event never becomes an
    /// [`Event`](crate::event::Event) for the main thread to hand down the chain.
    pub fn write_output(&mut self, stages: usize) {
        self.finishes = self.conditions.len() + self.steps.len() == stages;
    }

    /// The output line (without its newline) of a `record` whose bytes are `bytes`, when the
    /// reader writes the output and the record passed every stage: the line's text as the
    /// last edit left it. The NDJSON writer writes a lazy event's text just so.
    pub fn finished<'a>(&self, record: &'a Record, bytes: &'a [u8]) -> Option<&'a [u8]> {
        match record {
            Record::Lazy(done)
                if self.finishes && done.passed == self.conditions.len() + self.steps.len() =>
            {
                Some(done.text.as_deref().unwrap_or(bytes))
            }
            _ => None,
        }
    }

    /// Decodes `record` with a decoder other than NDJSON's (which does this work itself, in
    /// [`ReaderPrefix::apply`]) and applies the leading filters, so that a rejected record is
    /// dropped on the reader thread. When the decoder can convert just the fields the
    /// conditions read ([`Decoder::decode_fields`]), a rejected record is never decoded whole.
    pub fn decode(&mut self, decoder: &mut dyn Decoder, record: &[u8]) -> Result<Record, String> {
        if !self.conditions.is_empty()
            && let Value::Object(partial) = &mut self.partial
            && decoder
                .decode_fields(record, self.fields.keys(), partial)
                .is_some()
        {
            let verdict = match &self.raw_conditions {
                Some(raw_conditions) => {
                    let keys = self.fields.keys();
                    let value = |index: usize| partial.get(&keys[index]);
                    match raw_conditions
                        .iter()
                        .position(|c| !c.is_true_on_values(&value))
                    {
                        Some(stage) => Err(stage),
                        None => Ok(raw_conditions.len()),
                    }
                }
                None => test(&self.conditions, &self.partial),
            };
            let passed = match verdict {
                Err(stage) => return Ok(Record::Filtered(stage)),
                Ok(passed) => passed,
            };
            return decoder.decode(record).map(|decoded| match decoded {
                Record::Event(d) => self.kept(d, passed),
                other => other,
            });
        }
        // Returned as it came unless it is a whole event: a record is large, and taking it out
        // of its `Result` and putting it back would copy it.
        let decoded = decoder.decode(record);
        let Ok(Record::Event(d)) = decoded else {
            return decoded;
        };
        match test(&self.conditions, &d.value) {
            Err(stage) => Ok(Record::Filtered(stage)),
            Ok(passed) => Ok(self.kept(d, passed)),
        }
    }

    /// A decoded record that passed `passed` conditions: when that is all of them, the stages
    /// after them that work on values do so ([`ReaderStep::apply_value`]), then the prep when
    /// they all did.
    fn kept(&mut self, mut decoded: Decoded, mut passed: usize) -> Record {
        if passed == self.conditions.len() {
            for step in &mut self.steps {
                if step.apply_value(&mut decoded.value).is_none() {
                    break;
                }
                // The value may have changed: its record no longer spells it.
                decoded.pristine = false;
                passed += 1;
            }
        }
        let prepared = match &mut self.prep {
            Some(prep) if passed == self.conditions.len() + self.steps.len() => {
                prep.prepare_value(&decoded.value)
            }
            _ => None,
        };
        Record::Kept(
            decoded,
            Done {
                passed,
                prepared,
                ..Done::default()
            },
        )
    }

    /// Validates an NDJSON `line` and does the work. `Ok(None)` when the line is valid JSON but
    /// not an object (the decoder wraps it and [`ReaderPrefix::decode`]'s rules apply).
    pub fn apply(&mut self, line: &[u8]) -> Result<Option<Verdict>, ScanError> {
        if self.spans {
            if !matches!(self.fields.scan_line(line)?, TopLevel::Object { .. }) {
                return Ok(None);
            }
            let spans = self.fields.span_set();
            let prepared = (self.prep.as_mut()).and_then(|prep| prep.prepare_text(line, spans));
            return Ok(Some(Verdict::Kept(Done {
                spans,
                prepared,
                ..Done::default()
            })));
        }
        if self.conditions.is_empty() {
            if !matches!(self.fields.scan_line(line)?, TopLevel::Object { .. }) {
                return Ok(None);
            }
            let spans = self.fields.span_set();
            return Ok(Some(self.edit(line, 0, spans)));
        }
        let passed = if let Some(raw_conditions) = &self.raw_conditions {
            if !matches!(self.fields.scan_line(line)?, TopLevel::Object { .. }) {
                return Ok(None);
            }
            let fields = &self.fields;
            let raw = |index: usize| fields.raw(line, index);
            match raw_conditions.iter().position(|c| !c.is_true(&raw)) {
                Some(stage) => return Ok(Some(Verdict::Rejected(stage))),
                None => raw_conditions.len(),
            }
        } else {
            if !matches!(self.fields.load_line(line)?, TopLevel::Object { .. }) {
                return Ok(None);
            }
            match test(&self.conditions, self.fields.partial()) {
                Err(stage) => return Ok(Some(Verdict::Rejected(stage))),
                Ok(passed) => passed,
            }
        };
        if passed < self.conditions.len() {
            return Ok(Some(Verdict::Kept(Done {
                passed,
                ..Done::default()
            })));
        }
        Ok(Some(self.edit(line, passed, None)))
    }

    /// Runs the text edits on a kept `line` that passed `passed` stages (all the conditions),
    /// then the prep when they all ran; `spans` are the first edit's fields in the line, if the
    /// scan found them.
    fn edit(&mut self, line: &[u8], mut passed: usize, mut spans: Option<SpanSet>) -> Verdict {
        let mut text: Option<Vec<u8>> = None;
        for step in &mut self.steps {
            let Some(stepped) = step.apply(text.as_deref().unwrap_or(line), spans.take()) else {
                break;
            };
            if let Some(edited) = stepped.text {
                text = Some(edited);
            }
            spans = stepped.spans;
            passed += 1;
        }
        let prepared = match &mut self.prep {
            Some(prep) if passed == self.conditions.len() + self.steps.len() => {
                prep.prepare_text(text.as_deref().unwrap_or(line), spans)
            }
            _ => None,
        };
        Verdict::Kept(Done {
            passed,
            text,
            prepared,
            ..Done::default()
        })
    }
}

/// The reader-side aggregation of the stage whose fields the reader reads
/// ([`crate::ops::ReaderAggregate`]): a batch keeps back the events it absorbs and ends with
/// their groups ([`Item::Absorbed`]) instead.
#[derive(Debug)]
pub struct Absorber {
    /// The 0-based position of the stage in the chain.
    stage: usize,
    aggregate: Box<dyn ReaderAggregate>,
}

impl Clone for Absorber {
    fn clone(&self) -> Absorber {
        Absorber {
            stage: self.stage,
            aggregate: self.aggregate.clone_aggregate(),
        }
    }
}

impl Absorber {
    /// The aggregation of the stage `prefix` reads the fields of, when that stage offers one
    /// ([`Stage::reader_aggregate`]).
    pub fn of_chain(stages: &[Box<dyn Stage>], prefix: &ReaderPrefix) -> Option<Absorber> {
        prefix.prep.as_ref()?;
        let stage = prefix.conditions.len() + prefix.steps.len();
        let aggregate = stages
            .get(stage)?
            .reader_aggregate(stage + 1 == stages.len())?;
        Some(Absorber { stage, aggregate })
    }

    /// Aggregates the event of `record` (whose bytes are `bytes`, at `location`) when the reader
    /// did all the work before the stage and the stage's aggregation takes it.
    pub fn absorb(
        &mut self,
        record: &Record,
        bytes: &[u8],
        location: &dyn Fn() -> Location,
    ) -> bool {
        let (done, data) = match record {
            Record::Lazy(done) => (done, EventData::Text(done.text.as_deref().unwrap_or(bytes))),
            Record::Kept(decoded, done) => (done, EventData::Value(&decoded.value)),
            _ => return false,
        };
        match &done.prepared {
            Some(prepared) if done.passed == self.stage => {
                self.aggregate.absorb(prepared, data, location)
            }
            _ => false,
        }
    }

    /// Adds to `batch` the groups of the events it kept back, if any: at the end of the batch,
    /// and before an event the stage takes itself, so that it gets everything in input order.
    pub fn close(&mut self, batch: &mut Batch) {
        if let Some(groups) = self.aggregate.take() {
            batch.items.push(Item::Absorbed {
                stage: self.stage,
                groups,
            });
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
