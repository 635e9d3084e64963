//! HyperLogLog with p = 14 (16 384 registers, about 0.8 % standard error) for `approx_distinct`.
//!
//! Values are hashed from their canonical JSON text, so `1` and `1.0` count once. Merging is a
//! register-wise maximum: exact, associative and order independent.
//!
//! Most registers of a sketch that has seen few values are zero, so it keeps only the others
//! (HLL++'s sparse form, at the same precision: the registers, and so the estimate, are those
//! of the dense form) until more than 4 096 (`SPARSE_MAX`) are set. A partial state is written
//! in the form the sketch has: `hll14` holds all registers, `hll14_sparse` the set ones; both
//! are read (docs/decisions.md).

use base64::Engine;

/// Precision (bits of the hash used for the register index).
const P: u32 = 14;
/// Number of registers.
const M: usize = 1 << P;
/// The most set registers kept in the sparse form (its memory, 4 bytes a register, is then that
/// of the dense form; its text, 3 bytes a register, three quarters of it).
const SPARSE_MAX: usize = M / 4;
/// The highest rank: the bits of the hash left after the index, plus one.
const MAX_RANK: u8 = (64 - P + 1) as u8;

/// A HyperLogLog sketch.
#[derive(Debug, Clone)]
pub struct Hll {
    registers: Registers,
}

#[derive(Debug, Clone)]
enum Registers {
    /// The set registers as `index << 8 | rank`, in index order.
    Sparse(Vec<u32>),
    /// All registers.
    Dense(Vec<u8>),
}

impl Default for Hll {
    fn default() -> Self {
        Hll {
            registers: Registers::Sparse(Vec::new()),
        }
    }
}

/// Two sketches are equal when their registers are, whatever their form.
impl PartialEq for Hll {
    fn eq(&self, other: &Hll) -> bool {
        self.dense() == other.dense()
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
        self.raise(index, rank);
    }

    /// Raises register `index` to `rank` if it is lower.
    fn raise(&mut self, index: usize, rank: u8) {
        match &mut self.registers {
            Registers::Dense(registers) => {
                if registers[index] < rank {
                    registers[index] = rank;
                }
            }
            Registers::Sparse(set) => {
                let entry = ((index as u32) << 8) | u32::from(rank);
                match set.binary_search_by_key(&index, |e| (e >> 8) as usize) {
                    Ok(at) => set[at] = set[at].max(entry),
                    Err(at) => {
                        set.insert(at, entry);
                        if set.len() > SPARSE_MAX {
                            self.registers = Registers::Dense(self.dense());
                        }
                    }
                }
            }
        }
    }

    /// Every register, in index order.
    fn dense(&self) -> Vec<u8> {
        match &self.registers {
            Registers::Dense(registers) => registers.clone(),
            Registers::Sparse(set) => {
                let mut registers = vec![0; M];
                for e in set {
                    registers[(e >> 8) as usize] = *e as u8;
                }
                registers
            }
        }
    }

    /// A sketch of these registers, sparse when few are set.
    fn from_registers(registers: Vec<u8>) -> Hll {
        let set = registers.iter().filter(|&&r| r > 0).count();
        let registers = if set <= SPARSE_MAX {
            let entries = registers.iter().enumerate().filter(|(_, r)| **r > 0);
            Registers::Sparse(
                entries
                    .map(|(i, r)| ((i as u32) << 8) | u32::from(*r))
                    .collect(),
            )
        } else {
            Registers::Dense(registers)
        };
        Hll { registers }
    }

    /// Register-wise maximum.
    pub fn merge(&mut self, other: &Hll) {
        match (&mut self.registers, &other.registers) {
            (Registers::Dense(a), Registers::Dense(b)) => {
                for (a, b) in a.iter_mut().zip(b) {
                    *a = (*a).max(*b);
                }
            }
            (_, Registers::Sparse(set)) => {
                for e in set {
                    self.raise((e >> 8) as usize, *e as u8);
                }
            }
            (Registers::Sparse(_), Registers::Dense(b)) => {
                let mut merged = b.clone();
                for (i, r) in self.dense().into_iter().enumerate() {
                    merged[i] = merged[i].max(r);
                }
                self.registers = Registers::Dense(merged);
            }
        }
    }

    /// The cardinality estimate (with the linear-counting correction for small sets). The
    /// registers are summed in index order whatever the form, so both forms give the same
    /// estimate to the last bit.
    pub fn estimate(&self) -> u64 {
        let m = M as f64;
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let mut sum = 0.0;
        let mut zeros = 0usize;
        let mut add = |r: u8| {
            sum += 1.0 / (1u64 << r) as f64;
            if r == 0 {
                zeros += 1;
            }
        };
        match &self.registers {
            Registers::Dense(registers) => registers.iter().for_each(|&r| add(r)),
            Registers::Sparse(set) => {
                let mut next = 0;
                for e in set {
                    let index = (e >> 8) as usize;
                    (next..index).for_each(|_| add(0));
                    add(*e as u8);
                    next = index + 1;
                }
                (next..M).for_each(|_| add(0));
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

    /// The partial state: the name of its form and its text, `hll14` (every register, base64)
    /// or, while at most `SPARSE_MAX` registers are set, `hll14_sparse` (each set register as
    /// its index in two bytes, big endian, and its rank in one, in index order, base64).
    pub fn encode(&self) -> (&'static str, String) {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        match &self.registers {
            Registers::Dense(registers) => ("hll14", b64(registers)),
            Registers::Sparse(set) => {
                let bytes: Vec<u8> = set
                    .iter()
                    .flat_map(|e| [(e >> 16) as u8, (e >> 8) as u8, *e as u8])
                    .collect();
                ("hll14_sparse", b64(&bytes))
            }
        }
    }

    /// Reads a state written by [`Hll::encode`] in the form `form` (`hll14` or `hll14_sparse`).
    pub fn decode(form: &str, text: &str) -> Result<Hll, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| format!("bad HyperLogLog registers: {e}"))?;
        let bad = |what: &str| Err(format!("bad HyperLogLog registers: {what}"));
        let registers = if form == "hll14_sparse" {
            if bytes.len() % 3 != 0 {
                return bad("wrong length");
            }
            let mut registers = vec![0; M];
            let mut next = 0;
            for entry in bytes.chunks_exact(3) {
                let index = usize::from(u16::from_be_bytes([entry[0], entry[1]]));
                if index < next || index >= M {
                    return bad("an index out of order or out of range");
                }
                if entry[2] == 0 {
                    return bad("a rank out of range");
                }
                registers[index] = entry[2];
                next = index + 1;
            }
            registers
        } else if bytes.len() == M {
            bytes
        } else {
            return bad("wrong length");
        };
        if registers.iter().any(|&r| r > MAX_RANK) {
            return bad("a rank out of range");
        }
        Ok(Hll::from_registers(registers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: std::ops::Range<u32>) -> Hll {
        let mut h = Hll::default();
        values.for_each(|i| h.add(&i.to_string()));
        h
    }

    /// The same registers in the dense form, as an older eddy kept and wrote them.
    fn dense(h: &Hll) -> Hll {
        Hll {
            registers: Registers::Dense(h.dense()),
        }
    }

    #[test]
    fn estimates_within_a_few_percent() {
        let e = of(0..100_000).estimate() as f64;
        assert!((e - 100_000.0).abs() / 100_000.0 < 0.03, "{e}");
        let mut small = of(0..10);
        small.merge(&of(0..10));
        assert_eq!(small.estimate(), 10);
    }

    #[test]
    fn the_sparse_form_keeps_the_registers_and_estimates_of_the_dense_one() {
        for n in [0, 1, 10, 100, 1000, 4000, 5000, 100_000] {
            let h = of(0..n);
            let set = h.dense().iter().filter(|&&r| r > 0).count();
            assert_eq!(
                matches!(h.registers, Registers::Sparse(_)),
                set <= SPARSE_MAX,
                "{n}"
            );
            assert_eq!(h.estimate(), dense(&h).estimate(), "{n}");
            // Written and read back in its own form; a dense text (an older eddy's) reads too.
            let (form, text) = h.encode();
            assert_eq!(form == "hll14_sparse", set <= SPARSE_MAX, "{n}");
            assert_eq!(Hll::decode(form, &text).unwrap(), h, "{n}");
            let (old_form, old_text) = dense(&h).encode();
            assert_eq!(old_form, "hll14");
            let old = Hll::decode(old_form, &old_text).unwrap();
            assert_eq!(old.encode(), (form, text), "{n}");
        }
    }

    #[test]
    fn merging_is_exact_across_forms() {
        let whole = of(0..6000);
        for split in [1, 10, 3000, 5999] {
            let (a, b) = (of(0..split), of(split..6000));
            for (x, y) in [(&a, &b), (&b, &a)] {
                for (x, y) in [
                    (x.clone(), y.clone()),
                    (dense(x), y.clone()),
                    (x.clone(), dense(y)),
                ] {
                    let mut m = x;
                    m.merge(&y);
                    assert_eq!(m, whole, "{split}");
                    assert_eq!(m.estimate(), whole.estimate(), "{split}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Any values cut into any partitions, each sketch in either form, merge in any order
        /// into the sketch of all values; its text reads back to the same sketch.
        #[test]
        fn partitions_merge_into_the_whole_in_either_form(
            values in proptest::collection::vec(0u32..20_000, 0..6_000),
            cuts in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..4),
            dense_parts in proptest::prelude::any::<u8>(),
        ) {
            let mut whole = Hll::default();
            values.iter().for_each(|v| whole.add(&v.to_string()));
            let mut at: Vec<usize> = cuts.iter().map(|c| c.index(values.len() + 1)).collect();
            at.extend([0, values.len()]);
            at.sort_unstable();
            let mut merged = Hll::default();
            for (i, w) in at.windows(2).enumerate().rev() {
                let mut part = Hll::default();
                values[w[0]..w[1]].iter().for_each(|v| part.add(&v.to_string()));
                let part = if dense_parts >> (i % 8) & 1 == 1 { dense(&part) } else { part };
                merged.merge(&part);
            }
            proptest::prop_assert_eq!(&merged, &whole);
            proptest::prop_assert_eq!(merged.estimate(), whole.estimate());
            let (form, text) = whole.encode();
            proptest::prop_assert_eq!(Hll::decode(form, &text).unwrap(), whole);
        }
    }

    #[test]
    fn damaged_sparse_texts_are_refused() {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        for (bytes, what) in [
            (&[0, 1, 3, 0][..], "wrong length"),
            (&[0, 2, 3, 0, 1, 3], "out of order"),
            (&[0, 2, 3, 0, 2, 4], "out of order"),
            (&[0x40, 0, 3], "out of range"),
            (&[0, 1, 0], "a rank out of range"),
            (&[0, 1, MAX_RANK + 1], "a rank out of range"),
        ] {
            let e = Hll::decode("hll14_sparse", &b64(bytes)).unwrap_err();
            assert!(e.starts_with("bad HyperLogLog registers: "), "{e}");
            assert!(e.contains(what), "{bytes:?}: {e}");
        }
        assert!(Hll::decode("hll14_sparse", "").unwrap().estimate() == 0);
    }
}
