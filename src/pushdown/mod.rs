//! Pushdown: the chain's work that the reader threads may do in the stages' place, planned from
//! what each stage offers ([`crate::ops::Stage::pushdown`]) and kept apart from the stages whose
//! behaviour it runs (as a query planner's pushdown rules are kept apart from its operators).
//!
//! [`plan`] looks at the head of a built chain: leading conditions (`filter`), then text edits
//! (`map`, `select`, `parse`), then one stage that reads fields (`window`, `count`), and hands the
//! reader a [`ReaderWork`] that does as much of that as it can on each record
//! ([`prefix::ReaderPrefix`]). The reader then tells the pipeline, per event, at which stage it
//! enters the chain and what was found for that stage; [`deliver_found`] and [`deliver_absorbed`] hand
//! that to the stage. Every fast path here runs the stage's own definition of its work (its
//! condition, its edit, its reading of fields); the generic harness (`tests/it/pushdown.rs`:
//! random events and chains) and `tests/it/lazy.rs` check that a chain gives the same bytes and
//! counters with and without the plan.

pub mod prefix;
pub mod window;

use crate::error::{Error, Result};
use crate::event::{Event, FieldReader};
use crate::input::work::{Absorbed, Found, ReaderWork};
use crate::ops::window::absorbed::{self, order_free};
use crate::ops::{FieldStage, Flow, Out, Pushdown, ReaderStep, Stage};
use crate::value::{Map, Value};
use prefix::{Absorber, ReaderPrefix};
use window::{GroupAbsorber, WindowPrep};

/// The reader's work for a built chain of `stages`: its leading conditions, the text edits of
/// the stages after them, and the field reading (and aggregation) of the stage after those;
/// `None` when none applies. With `writes_ndjson`, the reader also writes the output line of
/// each event that passes a chain made only of conditions and edits.
pub fn plan(stages: &mut [Box<dyn Stage>], writes_ndjson: bool) -> Option<Box<dyn ReaderWork>> {
    let count = stages.len();
    let mut conditions = Vec::new();
    let mut steps: Vec<Box<dyn ReaderStep>> = Vec::new();
    let mut reads: Option<&mut dyn FieldStage> = None;
    for stage in stages.iter_mut() {
        match stage.pushdown() {
            Some(Pushdown::Condition(condition)) if steps.is_empty() => conditions.push(condition),
            Some(Pushdown::Edit(step)) => steps.push(step),
            Some(Pushdown::Fields(stage)) => {
                reads = Some(stage);
                break;
            }
            _ => break,
        }
    }
    let position = conditions.len() + steps.len();
    let offer = reads
        .as_deref()
        .and_then(|stage| stage.window_offer(position + 1 == count));
    let prep = match (&offer, reads.as_deref()) {
        (Some(offer), Some(stage)) => Some(WindowPrep::new(
            offer.time.clone(),
            &offer.plan,
            stage.field_reader().clone(),
        )),
        _ => None,
    };
    // Each step tells the next one (or the prep) where its fields are in the edited text,
    // which may make the step locate more fields: so the last step is asked first.
    let mut next: Option<&FieldReader> = match (&prep, reads.as_deref()) {
        (Some(_), Some(stage)) => Some(stage.field_reader()),
        _ => None,
    };
    for step in steps.iter_mut().rev() {
        if let Some(next) = next {
            step.report_spans(next);
        }
        next = step.field_reader();
    }
    // What the validating scan looks for: the fields the conditions read; else the first
    // step's fields, for its text edit, or with no step the first stage's, for the stage
    // itself (`spans`).
    let spans = position == 0;
    let fields = if conditions.is_empty() {
        match steps.first() {
            Some(step) => (step.field_reader().cloned()).unwrap_or_else(|| FieldReader::new(&[])),
            None => reads.as_deref()?.field_reader().clone(),
        }
    } else {
        let paths: Vec<_> = conditions
            .iter()
            .flat_map(|c| c.referenced_fields())
            .collect();
        FieldReader::new(&paths)
    };
    // Runs of events are aggregated when the window allows it and every aggregate gives the
    // same result whatever the order of its events.
    let absorber = offer.and_then(|offer| {
        let tumbling = offer.runs.filter(|_| order_free(&offer.plan))?;
        Some(Absorber {
            stage: position,
            aggregate: GroupAbsorber::new(&offer.plan, tumbling),
        })
    });
    let index_of = |key: &str| fields.keys().iter().position(|k| k == key);
    let raw_conditions = conditions
        .iter()
        .map(|condition| condition.raw_condition(&index_of))
        .collect();
    Some(Box::new(ReaderPrefix {
        conditions,
        raw_conditions,
        steps,
        fields,
        spans,
        partial: Value::Object(Map::default()),
        prep,
        absorber,
        spare: None,
        // Only the NDJSON writer copies the lines as they are; another would make an event of
        // each on the main thread (`Sink::write_lines`), work the reader threads do now.
        finishes: writes_ndjson && position == count,
    }))
}

/// Pushes `event` into `stage`, the stage at which the reader said it enters the chain, with
/// what the reader found for that stage.
pub fn deliver_found(
    stage: &mut dyn Stage,
    event: Event,
    found: Box<Found>,
    out: &mut Out<'_>,
) -> Result<Flow> {
    match stage.pushdown() {
        Some(Pushdown::Fields(stage)) => stage.process_found(event, found, out),
        _ => stage.process(event, out),
    }
}

/// Hands `stage` the groups a reader thread aggregated in its place.
pub fn deliver_absorbed(
    stage: &mut dyn Stage,
    absorbed: Absorbed,
    out: &mut Out<'_>,
) -> Result<Flow> {
    let groups = absorbed.groups.downcast::<absorbed::Absorbed>();
    match (stage.pushdown(), groups) {
        (Some(Pushdown::Fields(stage)), Ok(groups)) => stage.merge_absorbed(*groups, out),
        _ => Err(Error::runtime(
            "internal error: aggregated events reached a stage that does not aggregate",
        )),
    }
}
