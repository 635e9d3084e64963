//! `sample --rate R [--seed S]`: keep a deterministic pseudo-random fraction of events.

use crate::error::Result;
use crate::event::Event;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs, state};
use crate::value::Value;

/// What `eddy sample --help` and eddy-sample(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "about one event in four",
        "eddy sample --rate 0.25 events.ndjson",
    ),
    Example::new(
        "another, repeatable 10% sample, counted",
        "eddy sample --rate 0.1 --seed 7 then count access.ndjson",
    ),
];

/// Keep a deterministic random fraction of events
///
/// Each event is kept with probability R, independently of its content: the n-th event draws
/// the n-th number of a splitmix64 sequence started from the seed and is kept when that number,
/// as a fraction of 2^64, is below R. The same input with the same seed gives the same output,
/// on any machine; a different seed gives a different sample. Because the draw belongs to the
/// position in the stream, identical events are sampled independently. Stateless apart from
/// the position.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The fraction of events to keep, greater than 0 and at most 1
    #[arg(long, value_name = "R")]
    rate: f64,
    /// Seed of the pseudo-random sequence
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Builds the stage.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    if !(args.rate > 0.0 && args.rate <= 1.0) {
        return Err(ctx
            .usage(
                "sample",
                format!(
                    "--rate must be greater than 0 and at most 1, got {}",
                    args.rate
                ),
            )
            .into());
    }
    Ok(Box::new(Sample {
        rng: SplitMix64(args.seed),
        threshold: threshold(args.rate),
    }))
}

/// The draws below which an event is kept, on the 53-bit scale of [`keep`].
fn threshold(rate: f64) -> u64 {
    // Exact for rate 1: 2^53 is above every 53-bit draw.
    (rate * (1u64 << 53) as f64) as u64
}

/// Whether a 64-bit draw keeps the event.
fn keep(draw: u64, threshold: u64) -> bool {
    (draw >> 11) < threshold
}

/// splitmix64 (Steele, Lea, Flood 2014): a tiny generator with good statistical quality.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Keeps each event when its draw is below the threshold.
struct Sample {
    rng: SplitMix64,
    threshold: u64,
}

impl Sample {
    /// The options that shape what the stage holds between runs.
    fn settings(&self) -> Value {
        Value::Array(vec![state::uint64(self.threshold)])
    }
}

impl Stage for Sample {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        if keep(self.rng.next(), self.threshold) {
            out.emit(event)
        } else {
            out.filtered();
            Ok(Flow::Continue)
        }
    }

    /// The position in the pseudo-random sequence: the next run draws where this one stopped.
    fn save_state(&self) -> Result<Option<Value>> {
        let mut m = state::frame("sample", self.settings());
        m.insert("rng".into(), state::uint64(self.rng.0));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, "sample", &self.settings())?;
        self.rng = SplitMix64(f.get("rng")?.uint64()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // First outputs for seed 1234567 from the reference implementation.
        let mut rng = SplitMix64(1234567);
        assert_eq!(rng.next(), 6457827717110365317);
        assert_eq!(rng.next(), 3203168211198807973);
        assert_eq!(rng.next(), 9817491932198370423);
    }

    fn kept(rate: f64, seed: u64, n: usize) -> Vec<bool> {
        let mut rng = SplitMix64(seed);
        let t = threshold(rate);
        (0..n).map(|_| keep(rng.next(), t)).collect()
    }

    #[test]
    fn rate_one_keeps_everything() {
        assert!(kept(1.0, 3, 10_000).into_iter().all(|k| k));
    }

    #[test]
    fn fraction_is_close_to_the_rate_and_repeatable() {
        let a = kept(0.1, 42, 100_000);
        let n = a.iter().filter(|&&k| k).count();
        assert!((9_500..=10_500).contains(&n), "{n}");
        assert_eq!(a, kept(0.1, 42, 100_000));
        assert_ne!(a, kept(0.1, 43, 100_000));
    }
}
