//! The integration tests: one test binary, one module per area.
//!
//! `cargo test --test it` runs them all; a name filter picks a module or a test, e.g.
//! `cargo test --test it cases::` or `cargo test --test it sigint`. Every module reaches the
//! built `eddy` the same way, through [`common`]. Proptest regression seeds of these modules are
//! kept in `tests/proptest-regressions/<module>.txt` (proptest's default place for a source
//! file beside a `main.rs`).

mod accounting;
mod cases;
mod cli;
mod common;
mod completions;
mod contract;
mod expr;
mod filename;
mod follow;
mod formats;
mod generated;
mod invariants;
mod join;
mod json_parse;
#[cfg(feature = "kafka")]
mod kafka;
mod layers;
mod lazy;
mod limits;
mod listen;
mod live;
mod man;
mod mapreduce;
mod multiline;
mod parallel;
mod pushdown;
mod readme;
mod redis;
mod robustness;
mod route;
mod serde_value;
mod stage_state;
mod stages;
mod state;
mod stats;
mod to_http;
mod window_live;
mod window_props;
