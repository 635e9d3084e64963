//! eddy: a streaming event processor for the Unix pipe.
//!
//! The binary parses the command line ([`cli`]), builds the stages ([`ops`]) and runs them
//! ([`pipeline`]) between an input reader ([`input`]) and an output writer ([`output`]).

pub mod cli;
pub mod clock;
pub mod complete;
pub mod diag;
pub mod error;
pub mod event;
pub mod expr;
pub mod infer;
pub mod input;
pub mod json;
pub mod meter;
pub mod monitor;
pub mod ops;
pub mod output;
pub mod path;
pub mod pipeline;
pub mod progress;
pub mod pushdown;
pub mod scan;
pub mod splice;
pub mod state;
pub mod swar;
pub mod time;
pub mod url;
pub mod value;
