//! What a stage offers the pushdown layer ([`crate::pushdown`]): the one hook of
//! [`crate::ops::Stage`] answers with a [`Pushdown`], and the traits here are the shapes of the
//! work the reader threads may do in a stage's place. Each is the stage's own behaviour (its
//! condition, its text edit, its reading of fields), not a second definition of it; the pushdown
//! layer decides where it runs.

use std::sync::Arc;

use crate::error::{Location, Result};
use crate::event::{Event, FieldReader};
use crate::expr::Expr;
use crate::input::work::{Found, Prepared};
use crate::ops::window::absorb::Absorbed;
use crate::ops::{Flow, Out};
use crate::scan::SpanSet;
use crate::value::Value;

/// The work a stage lets the reader threads do in its place.
pub enum Pushdown<'a> {
    /// A condition the reader may test on each record before it becomes an event (`filter`).
    Condition(Arc<Expr>),
    /// An edit of each event's JSON text or decoded value (`map`, `select`, `parse`).
    Edit(Box<dyn ReaderStep>),
    /// A stage that reads a few fields of each event (`window`, `count`): the reader may find
    /// them, read them and aggregate events in its place, and the stage takes the results.
    Fields(&'a mut dyn FieldStage),
}

/// A stage that reads its events' fields through a [`FieldReader`], whose reading (and
/// aggregation) the reader threads may do in its place.
pub trait FieldStage {
    /// The reader of the few top-level fields the stage reads: as the first stage, the NDJSON
    /// reader finds those fields while it validates each line.
    fn field_reader(&self) -> &FieldReader;

    /// The stage's per-event reading of its fields, which the reader threads may do in its place
    /// when it is the first stage after the reader-side work; `None` when it offers none.
    fn reader_prep(&self) -> Option<Box<dyn ReaderPrep>>;

    /// The stage's aggregation of the events its [`FieldStage::reader_prep`] read, which the
    /// reader threads may then do in its place; `None` for stages whose result depends on the
    /// order of events or that must see each one. `last`: the stage is the last of the chain
    /// (no stage after it may stop the run while it takes a run).
    fn reader_aggregate(&self, last: bool) -> Option<Box<dyn ReaderAggregate>>;

    /// Takes one event together with what the reader found for the stage in it (where its fields
    /// are, what it would read from them): the same as [`crate::ops::Stage::process`], without
    /// that work.
    fn process_found(&mut self, event: Event, found: Found, out: &mut Out<'_>) -> Result<Flow>;

    /// Takes the groups a reader thread aggregated in the stage's place
    /// ([`FieldStage::reader_aggregate`]), which stand for `absorbed.events` events.
    fn merge_absorbed(&mut self, absorbed: Absorbed, out: &mut Out<'_>) -> Result<Flow>;
}

/// A stage's work on the JSON text of an unchanged NDJSON event, done by a reader thread in the
/// stage's place ([`Pushdown::Edit`]). The event then enters the chain after the stage.
pub trait ReaderStep: Send + std::fmt::Debug {
    /// Applies the stage to `text`, a JSON object (`spans`: where the reader found the fields of
    /// the step's [`ReaderStep::field_reader`], if it did); `None` when the stage must see the
    /// event itself (an error to report, a line the text edit does not handle).
    fn apply(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Stepped>;

    /// The fields the step reads from the text, whose spans [`ReaderStep::apply`] takes; `None`
    /// for a step that parses the whole text.
    fn field_reader(&self) -> Option<&FieldReader>;

    /// Asks the step to say, with each result, where the fields of `next` (the reader of the
    /// stage after it) are in the text it gives ([`Stepped::spans`]), so that the stage need not
    /// scan that text. Steps that cannot leave it unanswered.
    fn report_spans(&mut self, next: &FieldReader) {
        let _ = next;
    }

    /// Applies the stage to the value of an event decoded from input other than NDJSON:
    /// `Some(())` when done (`value` is the stage's result, changed or not), `None` when the
    /// stage must see the event itself (`value` is then unchanged).
    fn apply_value(&mut self, value: &mut Value) -> Option<()> {
        let _ = value;
        None
    }

    /// A copy for another reader thread.
    fn clone_step(&self) -> Box<dyn ReaderStep>;
}

/// What a [`ReaderStep`] made of a text.
#[derive(Debug, Default)]
pub struct Stepped {
    /// The new text; `None` when the event passes unchanged.
    pub text: Option<Vec<u8>>,
    /// Where the fields of the next stage's reader are in the result, when the step was asked
    /// ([`ReaderStep::report_spans`]) and knows.
    pub spans: Option<SpanSet>,
}

/// A stage's per-event reading of its fields (a window's event time, group key and aggregated
/// values), done by a reader thread in the stage's place ([`FieldStage::reader_prep`]): the
/// stage takes the event with the result ([`FieldStage::process_found`]).
pub trait ReaderPrep: Send + std::fmt::Debug {
    /// Reads the fields of `text`, a JSON object (`spans`: where the reader found the keys of
    /// the stage's [`FieldStage::field_reader`], if it did); `None` when the stage must read the
    /// event itself (a bad timestamp to report, a value the result cannot hold).
    fn prepare_text(&mut self, text: &[u8], spans: Option<SpanSet>) -> Option<Prepared>;

    /// Reads the fields of a decoded event's value, as [`ReaderPrep::prepare_text`] does.
    fn prepare_value(&mut self, root: &Value) -> Option<Prepared>;

    /// A copy for another reader thread.
    fn clone_prep(&self) -> Box<dyn ReaderPrep>;
}

/// An event as a [`ReaderAggregate`] sees it: the JSON text of an NDJSON line (edited by the
/// reader-side steps, if they did), or the value of a record of another format.
#[derive(Debug, Clone, Copy)]
pub enum EventData<'a> {
    /// The text of a JSON object.
    Text(&'a [u8]),
    /// The decoded value.
    Value(&'a Value),
}

/// A stage's aggregation of the events whose fields a reader thread read for it
/// ([`ReaderPrep`]), done by that thread in the stage's place ([`FieldStage::reader_aggregate`]):
/// the stage then takes the aggregated groups ([`FieldStage::merge_absorbed`]) instead of the
/// events.
pub trait ReaderAggregate: Send + std::fmt::Debug {
    /// Aggregates the event `data` at `location`, whose fields the prep read as `prepared`, into
    /// the current run of consecutive events; false when the stage must take the event itself
    /// (the run then ends before it: [`ReaderAggregate::take`]).
    fn absorb(
        &mut self,
        prepared: &Prepared,
        data: EventData<'_>,
        location: &dyn Fn() -> Location,
    ) -> bool;

    /// The groups of the run since the last call; `None` when it has no event.
    fn take(&mut self) -> Option<Absorbed>;

    /// A copy for another reader thread.
    fn clone_aggregate(&self) -> Box<dyn ReaderAggregate>;
}
