//! DDSketch (relative error α = 1 %) for `approx_pNN`: log-spaced buckets whose counts add on
//! merge, so the estimate does not depend on order or partitioning.
//!
//! The buckets of each side are a hash map, sorted only when a quantile or the partial state is
//! asked for: adding a value costs a logarithm and a hash probe (a `BTreeMap` cost about four
//! times as much, docs/decisions.md), and a sketch holds only the buckets it has seen.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// `[index, count]` pairs of one side of the sketch.
pub type Buckets = Vec<(i32, u64)>;

/// Relative accuracy.
const ALPHA: f64 = 0.01;
/// Values closer to zero than this go to the zero bucket.
const MIN_INDEXABLE: f64 = 1e-9;

/// The counts of one side's buckets by index.
type Side = HashMap<i32, u64, FixedState>;

/// A side's buckets in index order.
fn sorted(side: &Side) -> Buckets {
    let mut buckets: Buckets = side.iter().map(|(i, c)| (*i, *c)).collect();
    buckets.sort_unstable_by_key(|b| b.0);
    buckets
}

/// A DDSketch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DdSketch {
    positive: Side,
    negative: Side,
    zero: u64,
    count: u64,
}

fn gamma() -> f64 {
    (1.0 + ALPHA) / (1.0 - ALPHA)
}

fn index(x: f64) -> i32 {
    (x.ln() / gamma().ln()).ceil() as i32
}

fn bucket_value(i: i32) -> f64 {
    let g = gamma();
    2.0 * g.powi(i) / (g + 1.0)
}

impl DdSketch {
    /// Adds one value.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.count += 1;
        if x > MIN_INDEXABLE {
            *self.positive.entry(index(x)).or_insert(0) += 1;
        } else if x < -MIN_INDEXABLE {
            *self.negative.entry(index(-x)).or_insert(0) += 1;
        } else {
            self.zero += 1;
        }
    }

    /// Bucket-wise addition.
    pub fn merge(&mut self, other: &DdSketch) {
        for (i, c) in &other.positive {
            *self.positive.entry(*i).or_insert(0) += c;
        }
        for (i, c) in &other.negative {
            *self.negative.entry(*i).or_insert(0) += c;
        }
        self.zero += other.zero;
        self.count += other.count;
    }

    /// The estimate of the `q` quantile (0 ≤ q ≤ 1), `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let rank = (q * (self.count - 1) as f64).floor() as u64;
        let (positive, negative, zero) = self.buckets();
        let mut seen = 0u64;
        for (i, c) in negative.iter().rev() {
            seen += c;
            if seen > rank {
                return Some(-bucket_value(*i));
            }
        }
        seen += zero;
        if seen > rank {
            return Some(0.0);
        }
        for (i, c) in &positive {
            seen += c;
            if seen > rank {
                return Some(bucket_value(*i));
            }
        }
        positive.last().map(|(i, _)| bucket_value(*i))
    }

    /// The buckets as `(positive, negative, zero)` lists of `[index, count]`.
    pub fn buckets(&self) -> (Buckets, Buckets, u64) {
        (sorted(&self.positive), sorted(&self.negative), self.zero)
    }

    /// Rebuilds a sketch from [`DdSketch::buckets`]; `None` when the counts add up beyond
    /// `i64::MAX` (a damaged state: that leaves room for as many more values).
    pub fn from_buckets(pos: &[(i32, u64)], neg: &[(i32, u64)], zero: u64) -> Option<DdSketch> {
        let mut s = DdSketch {
            zero,
            count: zero,
            ..DdSketch::default()
        };
        for (side, buckets) in [(&mut s.positive, pos), (&mut s.negative, neg)] {
            for (i, c) in buckets {
                let n = side.entry(*i).or_insert(0);
                *n = n.checked_add(*c)?;
                s.count = s.count.checked_add(*c)?;
            }
        }
        (s.count <= i64::MAX as u64).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_error_is_bounded() {
        let mut s = DdSketch::default();
        for i in 1..=1000 {
            s.add(i as f64);
        }
        let p50 = s.quantile(0.5).unwrap();
        assert!((p50 - 500.0).abs() / 500.0 <= 0.011, "{p50}");
        let p99 = s.quantile(0.99).unwrap();
        assert!((p99 - 990.0).abs() / 990.0 <= 0.011, "{p99}");
        let mut a = DdSketch::default();
        let mut b = DdSketch::default();
        (1..=500).for_each(|i| a.add(i as f64));
        (501..=1000).for_each(|i| b.add(i as f64));
        a.merge(&b);
        assert_eq!(a, s);
        s.add(-3.0);
        s.add(0.0);
        assert!(s.quantile(0.0).unwrap() < -2.9);
    }
}
