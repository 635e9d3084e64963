//! Work the reader does for the head of the chain while it decodes a record (on the worker
//! threads with `--threads`), so that the main thread gets less to do.
//!
//! - **Leading filters.** When the chain starts with `filter` stages, the scan also finds the
//!   fields their conditions read and the reader applies them: a rejected line never becomes an
//!   event (no allocation, no hand-over between threads). A kept line becomes a lazy event
//!   that enters the chain after the filters it passed ([`Done::start`]). A condition that fails on a line (an evaluation error) stops the
//!   reader-side filtering there: the stage sees the event and reports the error as usual.
//!   Other formats get the same on the decoded record ([`ReaderWork::decode`]), converting
//!   only the fields the conditions read when the decoder can ([`Decoder::decode_fields`]).
//! - **Text edits.** `map` and `select` stages right after those filters edit the line's text
//!   ([`crate::ops::ReaderStep`]): a kept line becomes an event with the edited text, which
//!   enters the chain after them. A step that declines (an evaluation error, a line it does not edit)
//!   stops the reader-side work there; the stage then does its own work and reports any error.
//! - **Field spans.** Otherwise, when the first stage reads a few top-level fields through a
//!   [`FieldReader`] (`window`, `count`), the scan records where they are and the stage gets
//!   the spans with the event ([`Found::spans`]), so it converts them without scanning the line
//!   again.
//! - **Prepared fields.** When the stage after all that work reads its fields through a
//!   [`WindowPrep`] (time windows and `count`), the reader does that reading too: the stage
//!   gets the event time, group key and aggregated values with the event ([`Found::prepared`]),
//!   and on the main thread only updates its windows. A prep that declines (a bad timestamp, a string value)
//!   leaves the event to the stage.
//! - **Aggregation.** When that stage is a global or tumbling window whose result does not
//!   depend on the order of events, the reader aggregates runs of events too ([`Absorber`]): a
//!   batch carries one set of groups per run instead of the events.

use std::sync::Arc;

use crate::error::Location;
use crate::event::FieldReader;
use crate::expr::raw::RawCondition;
use crate::expr::{Env, Expr};
use crate::input::work::{Absorbed, Done, Found, ReaderWork};
use crate::input::{Decoded, Decoder, Record};
use crate::ops::ReaderStep;
use crate::pushdown::window::{EventData, GroupAbsorber, WindowPrep};
use crate::scan::{ScanError, SpanSet, TopLevel};
use crate::value::Value;

/// The reader-side work for a chain ([`crate::pushdown::plan`]); every worker holds a copy.
#[derive(Debug)]
pub struct ReaderPrefix {
    pub(super) conditions: Vec<Arc<Expr>>,
    /// The conditions as comparisons of fields with constants, when every one of them is
    /// ([`Expr::raw_condition`]): read from the fields' raw text on NDJSON, on the converted
    /// fields otherwise.
    pub(super) raw_conditions: Option<Vec<RawCondition>>,
    /// The text edits of the stages after the conditions.
    pub(super) steps: Vec<Box<dyn ReaderStep>>,
    pub(super) fields: FieldReader,
    /// Pass the spans on with each event (no conditions: the first stage's own reader).
    pub(super) spans: bool,
    /// The fields the conditions read, as [`Decoder::decode_fields`] converted them.
    pub(super) partial: Value,
    /// The field reading of the stage after the conditions and edits.
    pub(super) prep: Option<WindowPrep>,
    /// The aggregation in the place of that stage, when it offers one.
    pub(super) absorber: Option<Absorber>,
    /// The box of what was found for the last event the absorber took, for the next event.
    pub(super) spare: Option<Box<Found>>,
    /// The reader writes the output lines of events that pass every stage
    /// ([`ReaderPrefix::finished`]).
    pub(super) finishes: bool,
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
            prep: self.prep.clone(),
            absorber: self.absorber.clone(),
            spare: None,
            finishes: self.finishes,
        }
    }
}

/// What the reader-side work decided for a line that is a JSON object.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Kept, with the work done.
    Kept(Done),
    /// The filter at this 0-based position was false.
    Rejected(usize),
}

impl ReaderPrefix {
    /// Decodes `record` and does the work. An NDJSON line is validated by the work's own scan
    /// ([`ReaderPrefix::apply`]); another record is decoded and the leading filters applied to
    /// it, so that a rejected record is dropped on the reader thread. When the decoder can
    /// convert just the fields the conditions read ([`Decoder::decode_fields`]), a rejected
    /// record is never decoded whole.
    fn decode_record(
        &mut self,
        decoder: &mut dyn Decoder,
        record: &[u8],
    ) -> Result<Record, String> {
        if decoder.json_text() {
            match self.apply(record) {
                Ok(Some(Verdict::Kept(mut done))) => {
                    // The reader writes the output line of a line that passed every stage (a
                    // chain of conditions and edits only, NDJSON output): its text as the last
                    // edit left it, as the NDJSON writer writes a lazy event's text.
                    done.output =
                        self.finishes && done.start == self.conditions.len() + self.steps.len();
                    return Ok(Record::Lazy(done));
                }
                Ok(Some(Verdict::Rejected(stage))) => return Ok(Record::Filtered(stage)),
                // Not an object: the decoder wraps it, and the rules below apply.
                Ok(None) => {}
                Err(e) => return Err(e.to_string()),
            }
        } else if !self.conditions.is_empty()
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
                        .position(|c| !c.is_true_on_values(value))
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
                start: passed,
                found: Found::boxed(None, prepared, &mut self.spare),
                ..Done::default()
            },
        )
    }

    /// Validates an NDJSON `line` and does the work. `Ok(None)` when the line is valid JSON but
    /// not an object (the decoder wraps it and [`ReaderWork::decode`]'s rules apply).
    pub fn apply(&mut self, line: &[u8]) -> Result<Option<Verdict>, ScanError> {
        if self.spans {
            if !matches!(self.fields.scan_line(line)?, TopLevel::Object { .. }) {
                return Ok(None);
            }
            let spans = self.fields.span_set();
            let prepared = (self.prep.as_mut()).and_then(|prep| prep.prepare_text(line, spans));
            return Ok(Some(Verdict::Kept(Done {
                found: Found::boxed(spans, prepared, &mut self.spare),
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
            match raw_conditions.iter().position(|c| !c.is_true(raw)) {
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
                start: passed,
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
            start: passed,
            text,
            found: Found::boxed(None, prepared, &mut self.spare),
            ..Done::default()
        })
    }
}

/// The reader-side aggregation of the stage whose fields the reader reads
/// ([`GroupAbsorber`]): a batch keeps back the events it absorbs and ends with
/// their groups ([`crate::input::Item::Absorbed`]) instead.
#[derive(Debug)]
pub struct Absorber {
    /// The 0-based position of the stage in the chain.
    pub(super) stage: usize,
    pub(super) aggregate: GroupAbsorber,
}

impl Clone for Absorber {
    fn clone(&self) -> Absorber {
        Absorber {
            stage: self.stage,
            aggregate: self.aggregate.clone(),
        }
    }
}

impl Absorber {
    /// Aggregates the event of `record` (whose bytes are `bytes`, at `location`) when the reader
    /// did all the work before the stage and the stage's aggregation takes it.
    fn absorb(&mut self, record: &Record, bytes: &[u8], location: &dyn Fn() -> Location) -> bool {
        let (done, data) = match record {
            Record::Lazy(done) => (done, EventData::Text(done.text.as_deref().unwrap_or(bytes))),
            Record::Kept(decoded, done) => (done, EventData::Value(&decoded.value)),
            _ => return false,
        };
        match Found::prepared_of(&done.found) {
            Some(prepared) if done.start == self.stage => {
                self.aggregate.absorb(prepared, data, location)
            }
            _ => false,
        }
    }

    /// The groups of the events it kept back since the last call, if any.
    fn take(&mut self) -> Option<Absorbed> {
        let groups = self.aggregate.take()?;
        Some(Absorbed {
            stage: self.stage,
            events: groups.events,
            groups: Box::new(groups),
        })
    }
}

impl ReaderWork for ReaderPrefix {
    fn decode(&mut self, decoder: &mut dyn Decoder, record: &[u8]) -> Result<Record, String> {
        self.decode_record(decoder, record)
    }

    fn absorb(
        &mut self,
        record: &mut Record,
        bytes: &[u8],
        location: &dyn Fn() -> Location,
    ) -> bool {
        let absorbed = (self.absorber.as_mut())
            .is_some_and(|absorber| absorber.absorb(record, bytes, location));
        if absorbed && let Record::Lazy(done) | Record::Kept(_, done) = record {
            self.spare = done.found.take();
        }
        absorbed
    }

    fn take_absorbed(&mut self) -> Option<Absorbed> {
        self.absorber.as_mut()?.take()
    }

    fn stage_bound(&self) -> bool {
        (self.absorber.as_ref()).is_some_and(|absorber| absorber.aggregate.is_off())
    }

    fn clone_work(&self) -> Box<dyn ReaderWork> {
        Box::new(self.clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ndjson::NdjsonDecoder;

    /// An NDJSON decoder and the reader's work for a chain that starts with
    /// `filter A then filter B`.
    struct Prefiltered {
        decoder: NdjsonDecoder,
        work: Box<dyn ReaderWork>,
    }

    impl Prefiltered {
        fn decode(&mut self, line: &[u8]) -> Result<Record, String> {
            self.work.decode(&mut self.decoder, line)
        }
    }

    fn prefiltered(a: &str, b: &str) -> Prefiltered {
        let ctx = |index| crate::ops::BuildContext {
            index,
            clock: std::sync::Arc::new(crate::clock::SystemClock),
            inputs: std::sync::Arc::from(Vec::new()),
            chain: crate::cli::parse_chain,
        };
        let mut stages = [a, b]
            .iter()
            .enumerate()
            .map(|(i, expr)| {
                let invocation = crate::cli::parse(["eddy", "filter", expr]).unwrap();
                let command = invocation.stages.into_iter().next().unwrap();
                command.build(&ctx(i + 1)).unwrap()
            })
            .collect::<Vec<_>>();
        Prefiltered {
            decoder: NdjsonDecoder { eager: false },
            work: crate::pushdown::plan(&mut stages, false).expect("planned"),
        }
    }

    #[test]
    fn the_reader_side_filter_rejects_keeps_and_defers() {
        let mut d = prefiltered("status >= 500", "host == \"a\"");
        let mut decode = |s: &str| d.decode(s.as_bytes());
        assert!(matches!(
            decode(r#"{"status":503,"host":"a"}"#),
            Ok(Record::Lazy(Done { start: 2, .. }))
        ));
        assert!(matches!(
            decode(r#"{"status":200,"host":"a"}"#),
            Ok(Record::Filtered(0))
        ));
        assert!(matches!(
            decode(r#"{"status":500,"host":"b"}"#),
            Ok(Record::Filtered(1))
        ));
        // Nested and string look-alikes do not count; the last duplicate wins.
        assert!(matches!(
            decode(r#"{"x":{"status":999},"y":"\"status\":999","status":1}"#),
            Ok(Record::Filtered(0))
        ));
        assert!(matches!(
            decode(r#"{"status":1,"st\u0061tus":600,"host":"a"}"#),
            Ok(Record::Lazy(Done { start: 2, .. }))
        ));
        // Malformed lines get the full parse's message; a non-object is wrapped as
        // `{"value": ...}`, which the conditions then judge (it has no `status`).
        assert_eq!(
            decode(r#"{"status":503 "host":"a"}"#).unwrap_err(),
            "invalid JSON: expected `,` or `}` at column 15"
        );
        assert!(matches!(decode("[503]"), Ok(Record::Filtered(0))));
    }

    #[test]
    fn an_evaluation_error_is_left_to_the_stage() {
        let mut d = prefiltered("true", "status * 2 > 1");
        assert!(matches!(
            d.decode(br#"{"status":"x"}"#),
            Ok(Record::Lazy(Done { start: 1, .. }))
        ));
    }
}
