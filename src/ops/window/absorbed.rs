//! What a reader thread hands a window engine for a run of consecutive events it aggregated in
//! the engine's place ([`Absorbed`], made by `crate::pushdown::window`), and the facts of the
//! window that aggregation follows ([`Tumbling`]). The engine merges the groups
//! ([`crate::ops::FieldStage::merge_absorbed`]) with the exact merge that reducers of partial
//! states use.

use crate::error::Location;
use crate::value::Value;

use super::TimeSpec;
use super::aggregates::{Acc, Func, Skips};
use super::calendar::Align;
use super::emit::Plan;
use super::timefmt::OutTime;

/// The window of a global window, as `(end, start)`.
pub const GLOBAL_WINDOW: (i64, i64) = (i64::MAX, i64::MIN);

/// The groups a reader thread aggregated from a run of consecutive events.
#[derive(Debug, Clone, Default)]
pub struct Absorbed {
    /// Events in the run.
    pub events: u64,
    /// Events late by the watermark of the run's earlier events (not in any group).
    pub late: u64,
    /// The groups, in the order their first event came.
    pub groups: Vec<AbsorbedGroup>,
    /// The event times of the run (tumbling windows).
    pub times: Option<RunTimes>,
}

/// The event times of a run, for the stage's watermark and counters.
#[derive(Debug, Clone)]
pub struct RunTimes {
    /// The first event's time.
    pub first: i64,
    /// Where the first event is (for a forward jump from the stage's events before the run).
    pub first_location: Location,
    /// The earliest time.
    pub min: i64,
    /// The latest time.
    pub max: i64,
    /// The largest lag of an event behind the run's earlier events.
    pub out_of_order: i64,
    /// The output time format the first timestamp implies (used when the stage has none yet).
    pub out_time: Option<OutTime>,
}

/// One group of an [`Absorbed`] run.
#[derive(Debug, Clone)]
pub struct AbsorbedGroup {
    /// The window, as `(end, start)`.
    pub window: (i64, i64),
    /// The group's key id, as a [`Prepared`](crate::input::work::Prepared) event carries it.
    pub id: String,
    /// The key's values, as the stage shows them.
    pub key: Vec<Value>,
    /// The aggregates' states.
    pub accs: Vec<Acc>,
    /// The latest time of the run's events before the group's first (`None` for the run's
    /// first event): the stage replays its watermark from that, so that windows close between
    /// groups as they would between events.
    pub opened_after: Option<i64>,
    /// Events in the group.
    pub events: u64,
    /// Their aggregated values skipped (null, missing or not a number where needed).
    pub skips: Skips,
}

/// True when the result of every aggregate of `plan` is the same whatever the order of its
/// events (everything but `first`, `last` and `collect`, which keep the arrival order).
pub fn order_free(plan: &Plan) -> bool {
    plan.aggs
        .iter()
        .all(|agg| !matches!(agg.func, Func::First | Func::Last | Func::Collect(_)))
}

/// How a tumbling window places and judges events.
#[derive(Debug, Clone)]
pub struct Tumbling {
    /// The window alignment.
    pub align: Align,
    /// The time extraction (for the output time format).
    pub time: TimeSpec,
    /// Whether the output time format follows the first timestamp.
    pub time_out_auto: bool,
    /// `--max-delay` in ns (`None`: the watermark waits for the end of input).
    pub max_delay: Option<i64>,
    /// `--max-jump` in ns.
    pub max_jump: i64,
}
