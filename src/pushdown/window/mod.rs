//! The window engine's work on the reader threads: reading each event's time, key and values
//! ([`WindowPrep`]) and aggregating runs of events ([`GroupAbsorber`]) in the engine's place,
//! with the window's own definitions of that reading and of its aggregates.

pub mod absorb;
pub mod prep;

pub use absorb::{EventData, GroupAbsorber};
pub use prep::WindowPrep;
