//! Word-at-a-time (SWAR) byte search: eight bytes per step, for the JSON string skips of the
//! scanner and the writer and the CSV cell search. A base module: it imports nothing of eddy.

/// A byte of `1` in every lane.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every lane.
const HIGHS: u64 = ONES << 7;

/// The bytes of the little-endian `word` equal to `byte`, flagged by their high bit. The lowest
/// flag is exact (a borrow only propagates upwards, past a byte that is itself flagged), so
/// `trailing_zeros() / 8` of a non-zero result is the first match.
#[inline(always)]
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The first index from `i` holding `"`, `\` or a control byte, or `b.len()`.
#[inline]
pub fn skip_plain(b: &[u8], i: usize) -> usize {
    skip_until_special(b, i, 0)
}

/// The first index from `i` holding `"`, `\`, a control byte or a non-ASCII byte, or
/// `b.len()`: the plain ASCII run of a string body.
#[inline]
pub fn skip_plain_ascii(b: &[u8], i: usize) -> usize {
    skip_until_special(b, i, HIGHS)
}

/// The first index from `i` holding `"`, `\`, a control byte or (when `non_ascii` is
/// [`HIGHS`]) a byte of 0x80 or more.
///
/// Eight bytes at a time: for each test the lowest flagged byte is exact (a borrow only
/// propagates upwards, past a byte that is itself flagged), so the lowest bit of the union is
/// the first special byte. When non-ASCII bytes stop the skip too, the tests need not exclude
/// them (a byte of 0x80 or more is flagged anyway, and no byte below the first flagged one
/// borrows), which saves a third of the work.
#[inline(always)]
fn skip_until_special(b: &[u8], mut i: usize, non_ascii: u64) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let found = if non_ascii == 0 {
            let ctrl = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
            ctrl | bytes_equal(w, b'"') | bytes_equal(w, b'\\')
        } else {
            let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
            let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
            (quote | backslash | w.wrapping_sub(ONES * 0x20) | w) & HIGHS
        };
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let stop_high = non_ascii != 0;
    while i < b.len() && !matches!(b[i], b'"' | b'\\' | 0..=0x1f) && !(stop_high && b[i] >= 0x80) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swar_finds_the_first_special_byte_at_every_offset() {
        for len in 0..20 {
            for special in [b'"', b'\\', 0x00, 0x1f] {
                for filler in [b'a', 0x20, 0x7f, 0x80, 0xff, b'!', 0x21] {
                    let mut b = vec![filler; len];
                    b.push(special);
                    b.extend_from_slice(&[0u8, b'"', b'\\']);
                    assert_eq!(skip_plain(&b, 0), len, "{len} {special} {filler}");
                    for start in 0..len {
                        assert_eq!(skip_plain(&b, start), len);
                    }
                }
            }
            assert_eq!(skip_plain(&vec![b'x'; len], 0), len);
            // The string skip of the scanner also stops at the first non-ASCII byte.
            for high in [0x80, 0xc3, 0xff] {
                let mut b = vec![b'a'; len];
                b.push(high);
                b.push(b'"');
                for start in 0..=len {
                    assert_eq!(skip_plain_ascii(&b, start), len, "{len} {high}");
                }
            }
        }
    }
}
