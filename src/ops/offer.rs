//! What a stage offers the pushdown layer ([`crate::pushdown`]): the one hook of
//! [`crate::ops::Stage`] answers with a [`Pushdown`], and the traits here are the shapes of the
//! work the reader threads may do in a stage's place. Each is the stage's own behaviour (its
//! condition, its text edit, its reading of fields), not a second definition of it; the pushdown
//! layer decides where it runs.

use std::sync::Arc;

use crate::error::Result;
use crate::event::{Event, FieldReader};
use crate::expr::Expr;
use crate::input::work::Found;
use crate::ops::window::TimeSpec;
use crate::ops::window::absorbed::{Absorbed, Tumbling};
use crate::ops::window::emit::Plan;
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

/// A stage that reads a few fields of its events through a [`FieldReader`] (the window
/// engine behind `window` and `count`): the reader threads may find those fields, read the
/// event time, key and values, and aggregate runs of events in its place.
pub trait FieldStage {
    /// The reader of the few top-level fields the stage reads: as the first stage, the NDJSON
    /// reader finds those fields while it validates each line.
    fn field_reader(&self) -> &FieldReader;

    /// What the reader threads need to read (and aggregate) events in the stage's place, for a
    /// stage that is the `last` of the chain or not (no stage after it may stop the run while
    /// it takes a run of aggregated events); `None` when they can only find its fields.
    fn window_offer(&self, last: bool) -> Option<WindowOffer>;

    /// Takes one event together with what the reader found for the stage in it (where its fields
    /// are, what it would read from them): the same as [`crate::ops::Stage::process`], without
    /// that work.
    fn process_found(&mut self, event: Event, found: Box<Found>, out: &mut Out<'_>)
    -> Result<Flow>;

    /// Takes the groups a reader thread aggregated in the stage's place, which stand for
    /// `absorbed.events` events.
    fn merge_absorbed(&mut self, absorbed: Absorbed, out: &mut Out<'_>) -> Result<Flow>;
}

/// A window's facts the reader threads read and aggregate events by ([`FieldStage`]).
#[derive(Debug, Clone)]
pub struct WindowOffer {
    /// How the event time is read.
    pub time: TimeSpec,
    /// The keys and aggregates.
    pub plan: Plan,
    /// How runs of events may be aggregated in the stage's place, if they may: as one global
    /// window (`None`) or into tumbling windows (`Some`).
    pub runs: Option<Option<Tumbling>>,
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
