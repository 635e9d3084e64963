//! HyperLogLog with p = 14 (16 384 registers, about 0.8 % standard error) for `approx_distinct`.
//!
//! Values are hashed from their canonical JSON text, so `1` and `1.0` count once. Merging is a
//! register-wise maximum: exact, associative and order independent.

use base64::Engine;

/// Precision (bits of the hash used for the register index).
const P: u32 = 14;
/// Number of registers.
const M: usize = 1 << P;

/// A HyperLogLog sketch.
#[derive(Debug, Clone, PartialEq)]
pub struct Hll {
    registers: Vec<u8>,
}

impl Default for Hll {
    fn default() -> Self {
        Hll {
            registers: vec![0; M],
        }
    }
}

/// A 64-bit hash of bytes: FNV-1a folded through the MurmurHash3 finaliser (stable across
/// platforms and releases, since the registers are part of the partial-state format).
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

impl Hll {
    /// Adds a value given by its canonical text.
    pub fn add(&mut self, canonical: &str) {
        let h = hash64(canonical.as_bytes());
        let index = (h >> (64 - P)) as usize;
        let rest = (h << P) | (1 << (P - 1));
        let rank = rest.leading_zeros() as u8 + 1;
        if self.registers[index] < rank {
            self.registers[index] = rank;
        }
    }

    /// Register-wise maximum.
    pub fn merge(&mut self, other: &Hll) {
        for (a, b) in self.registers.iter_mut().zip(&other.registers) {
            *a = (*a).max(*b);
        }
    }

    /// The cardinality estimate (with the linear-counting correction for small sets).
    pub fn estimate(&self) -> u64 {
        let m = M as f64;
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let mut sum = 0.0;
        let mut zeros = 0usize;
        for &r in &self.registers {
            sum += 1.0 / (1u64 << r) as f64;
            if r == 0 {
                zeros += 1;
            }
        }
        let raw = alpha * m * m / sum;
        let est = if raw <= 2.5 * m && zeros > 0 {
            m * (m / zeros as f64).ln()
        } else {
            raw
        };
        est.round() as u64
    }

    /// The registers as base64 text (the partial state).
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.registers)
    }

    /// Reads registers written by [`Hll::encode`].
    pub fn decode(text: &str) -> Result<Hll, String> {
        let registers = base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| format!("bad HyperLogLog registers: {e}"))?;
        if registers.len() != M {
            return Err("bad HyperLogLog registers: wrong length".into());
        }
        // A rank is at most the bits of the hash left after the index, plus one.
        if registers.iter().any(|&r| u32::from(r) > 64 - P + 1) {
            return Err("bad HyperLogLog registers: a rank out of range".into());
        }
        Ok(Hll { registers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_within_a_few_percent() {
        let mut h = Hll::default();
        for i in 0..100_000 {
            h.add(&i.to_string());
        }
        let e = h.estimate() as f64;
        assert!((e - 100_000.0).abs() / 100_000.0 < 0.03, "{e}");
        let mut small = Hll::default();
        for i in 0..10 {
            small.add(&i.to_string());
            small.add(&i.to_string());
        }
        assert_eq!(small.estimate(), 10);
        let back = Hll::decode(&small.encode()).unwrap();
        assert_eq!(back, small);
    }
}
