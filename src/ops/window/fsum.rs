//! Exact, order-independent float summation (Shewchuk's algorithm, as Python's `math.fsum`).
//!
//! The accumulator holds the exact sum as a list of non-overlapping partials; [`FSum::value`]
//! rounds that exact sum once, so the result does not depend on the order of the additions or on
//! how the inputs were split into partial states and merged. Non-finite inputs are tracked apart.

/// An exact float accumulator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FSum {
    partials: Vec<f64>,
    /// Sum of non-finite inputs (inf, -inf, NaN), kept apart so they do not poison the partials.
    special: Option<f64>,
}

/// `a * b` as an exact pair `(product, error)` (needs no overflow or underflow).
pub fn two_product(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

impl FSum {
    /// The accumulator whose [`FSum::partials`] and [`FSum::special`] these are, as they were
    /// (added again, partials can come out split differently, and a partial state written
    /// from them would differ; after an overflow a partial can be non-finite).
    pub fn from_parts(partials: Vec<f64>, special: Option<f64>) -> FSum {
        FSum { partials, special }
    }

    /// Empties it, keeping the partials' buffer: then it is the default accumulator.
    pub fn clear(&mut self) {
        self.partials.clear();
        self.special = None;
    }

    /// Adds `x` exactly.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.special = Some(self.special.unwrap_or(0.0) + x);
            return;
        }
        let mut x = x;
        let mut i = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        self.partials.truncate(i);
        if !x.is_finite() {
            // Overflow of the running sum: fall back to the non-finite track.
            self.special = Some(self.special.unwrap_or(0.0) + x);
            return;
        }
        self.partials.push(x);
    }

    /// Adds an `i128` exactly (in chunks that floats hold exactly).
    pub fn add_int(&mut self, v: i128) {
        let negative = v < 0;
        let mut rest = v.unsigned_abs();
        let mut scale = 1.0f64;
        while rest != 0 {
            let chunk = (rest & ((1u128 << 48) - 1)) as f64 * scale;
            self.add(if negative { -chunk } else { chunk });
            rest >>= 48;
            scale *= 281_474_976_710_656.0; // 2^48
        }
    }

    /// Adds everything another accumulator holds.
    pub fn merge(&mut self, other: &FSum) {
        for &p in &other.partials {
            self.add(p);
        }
        if let Some(s) = other.special {
            self.special = Some(self.special.unwrap_or(0.0) + s);
        }
    }

    /// The partials (exact floats whose sum is the accumulated value), for partial states.
    pub fn partials(&self) -> &[f64] {
        &self.partials
    }

    /// The sum of the non-finite inputs (and of overflowed running sums), kept apart from the
    /// partials; `None` when there were none.
    pub fn special(&self) -> Option<f64> {
        self.special
    }

    /// The exact sum correctly rounded to the nearest float.
    pub fn value(&self) -> f64 {
        if let Some(s) = self.special {
            return s;
        }
        let p = &self.partials;
        let mut n = p.len();
        if n == 0 {
            return 0.0;
        }
        n -= 1;
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        // Round half-even correctly when the remaining partials push past the halfway point.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
        hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_order_independent() {
        let xs = [1e100, 1.0, -1e100, 0.1, 0.2, 0.3, 1e-30];
        let mut a = FSum::default();
        for x in xs {
            a.add(x);
        }
        let mut b = FSum::default();
        for x in xs.iter().rev() {
            b.add(*x);
        }
        assert_eq!(a.value(), b.value());
        assert_eq!(a.value(), 1.6);
        let mut c = FSum::default();
        c.add(0.1);
        c.add(0.2);
        assert_eq!(c.value(), 0.30000000000000004);
    }

    #[test]
    fn merge_equals_single_pass() {
        let xs: Vec<f64> = (0..100).map(|i| (i as f64) * 0.37 - 12.1).collect();
        let mut whole = FSum::default();
        xs.iter().for_each(|x| whole.add(*x));
        let (mut l, mut r) = (FSum::default(), FSum::default());
        xs[..37].iter().for_each(|x| l.add(*x));
        xs[37..].iter().for_each(|x| r.add(*x));
        r.merge(&l);
        assert_eq!(whole.value(), r.value());
    }

    #[test]
    fn big_integers() {
        let mut s = FSum::default();
        s.add_int(i128::from(i64::MAX));
        s.add_int(-i128::from(i64::MAX));
        s.add(0.5);
        assert_eq!(s.value(), 0.5);
    }
}
