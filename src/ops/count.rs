//! `count [--by F,...]`: the number of events, per group. Sugar for `window global --agg count`
//! and built by the same code.

use crate::error::Result;
use crate::ops::by::{self, Keys};
use crate::ops::window::{OutputMode, PartialFormat};
use crate::ops::{BuildContext, Example, Inputs, Stage, StageArgs, window};

/// What `eddy count --help` and eddy-count(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(r#"all events: {"count":N}"#, "eddy count events.ndjson"),
    Example::new(
        "one record per status and method",
        "eddy count --by status,method access.ndjson",
    ),
    Example::new(
        "server errors per host",
        "eddy filter 'status >= 500' then count --by host access.ndjson",
    ),
    Example::new(
        "as a map/reduce mapper: partial counts keyed for the shuffle, merged by `window merge`",
        "eddy count --by host --output partial --partial-format tsv access.ndjson | LC_ALL=C sort | eddy window merge --partial-format tsv --sorted",
    ),
];

/// Count events, per group (the same as `window global --agg count`)
///
/// Without --by, prints one record even for empty input: {"count":0}. With --by, one record per
/// distinct key at end of input, sorted by key (null < false < true < numbers < strings).
/// Holds one counter per key.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Group by these keys (comma-separated): field paths, or expressions (`lower(host)`,
    /// `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by
    /// its path, its text, or NAME=KEY; repeatable
    #[arg(long, value_name = "KEY,...", value_parser = by::parse)]
    by: Vec<Keys>,
    /// records, or partial (mergeable states for `window merge`: a mapper)
    #[arg(long, value_name = "MODE", default_value = "records")]
    output: OutputMode,
    /// json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark; with
    /// --output partial)
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    partial_format: PartialFormat,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage as `window global --agg count [--by ...]`.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let args = window::Args::count_by(args.by, args.output, args.partial_format, args.input);
    window::build_as(args, ctx, "count")
}
