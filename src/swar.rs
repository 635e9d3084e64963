//! Byte search for the JSON string skips of the scanner and the writer, the scanner's digit runs
//! and the CSV cell search: sixteen bytes per step with SSE2 on x86_64, eight bytes per step
//! (SWAR, word at a time) elsewhere and for inputs shorter than sixteen bytes. A base module: it
//! imports nothing of eddy.

/// A byte of `1` in every lane.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every lane.
const HIGHS: u64 = ONES << 7;

/// The bytes of the little-endian `word` equal to `byte`, flagged by their high bit. The lowest
/// flag is exact (a borrow only propagates upwards, past a byte that is itself flagged), so
/// `trailing_zeros() / 8` of a non-zero result is the first match.
#[inline(always)]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The first index from `i` holding `"`, `\` or a control byte, or `b.len()`.
#[inline]
pub fn skip_plain(b: &[u8], i: usize) -> usize {
    skip_until_special(b, i, false)
}

/// The first index from `i` holding `"`, `\`, a control byte or a non-ASCII byte, or
/// `b.len()`: the plain ASCII run of a string body.
#[inline]
pub fn skip_plain_ascii(b: &[u8], i: usize) -> usize {
    skip_until_special(b, i, true)
}

/// The first index from `i` holding `"`, `\`, a control byte or (when `non_ascii`) a byte of
/// 0x80 or more, or `b.len()` (`i` itself when it is past the end).
#[inline(always)]
fn skip_until_special(b: &[u8], i: usize, non_ascii: bool) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if b.len() >= 16 {
            sse2::skip_until_special(b, i, non_ascii)
        } else {
            skip_until_special_short(b, i, non_ascii)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    skip_until_special_swar(b, i, non_ascii)
}

/// [`skip_until_special_swar`] out of line, for inputs too short for SSE2: its constants stay
/// out of the callers' loops.
#[cfg(target_arch = "x86_64")]
#[inline(never)]
fn skip_until_special_short(b: &[u8], i: usize, non_ascii: bool) -> usize {
    skip_until_special_swar(b, i, non_ascii)
}

/// The position of the first `byte` in `haystack` from `from` on: sixteen bytes at a time with
/// SSE2 on x86_64 (the CSV cell search: cells are short, so no set-up may cost more than a
/// short search).
#[inline]
pub fn find_byte(haystack: &[u8], from: usize, byte: u8) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if haystack.len() >= 16 {
        return sse2::find_byte(haystack, from, byte);
    }
    find_byte_swar(haystack, from, byte)
}

/// [`find_byte`]'s portable path: the first 32 bytes eight at a time, then `memchr`.
fn find_byte_swar(haystack: &[u8], from: usize, byte: u8) -> Option<usize> {
    let mut i = from;
    while i < from + 32 {
        let Some(chunk) = haystack.get(i..i + 8) else {
            let rest = haystack.get(i..)?;
            return rest.iter().position(|&b| b == byte).map(|o| i + o);
        };
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let found = bytes_equal(u64::from_le_bytes(word), byte);
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    memchr::memchr(byte, &haystack[i..]).map(|o| i + o)
}

/// The first index from `i` that does not hold an ASCII digit, or `b.len()` (`i` itself when it
/// is past the end): eight bytes at a time, then byte by byte.
///
/// Of a non-digit byte `c`, `c + 0x46` has its high bit set when `c > b'9'`, `c - 0x30` when
/// `c < b'0'`, and `c` itself when it is not ASCII; no digit below it carries or borrows into it,
/// so the lowest flag is exact.
#[inline(always)]
pub fn digits_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let other = (w.wrapping_add(ONES * 0x46) | w.wrapping_sub(ONES * 0x30) | w) & HIGHS;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// [`skip_until_special`] eight bytes at a time, then byte by byte: the portable path.
///
/// For each test the lowest flagged byte is exact (a borrow only propagates upwards, past a
/// byte that is itself flagged), so the lowest bit of the union is the first special byte. When
/// non-ASCII bytes stop the skip too, the tests need not exclude them (a byte of 0x80 or more
/// is flagged anyway, and no byte below the first flagged one borrows), which saves a third of
/// the work.
#[inline(always)]
fn skip_until_special_swar(b: &[u8], mut i: usize, non_ascii: bool) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let found = if non_ascii {
            let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
            let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
            (quote | backslash | w.wrapping_sub(ONES * 0x20) | w) & HIGHS
        } else {
            let ctrl = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
            ctrl | bytes_equal(w, b'"') | bytes_equal(w, b'\\')
        };
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !is_special(b[i], non_ascii) {
        i += 1;
    }
    i
}

/// The byte test all the skips implement.
#[inline(always)]
fn is_special(c: u8, non_ascii: bool) -> bool {
    matches!(c, b'"' | b'\\' | 0..=0x1f) || (non_ascii && c >= 0x80)
}

/// [`skip_until_special`] sixteen bytes at a time with SSE2, which every x86_64 has: the
/// crate's only `unsafe` outside the allocator and the closed-stdout check, measured to matter
/// (docs/perf.md).
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_xor_si128,
    };

    /// Bit `k` set when byte `k` of `chunk` is special (see [`super::is_special`]).
    #[inline(always)]
    fn special_mask(chunk: &[u8; 16], non_ascii: bool) -> u32 {
        // SAFETY: `chunk` is 16 readable bytes and `loadu` has no alignment requirement; the
        // other intrinsics only need SSE2, which every x86_64 has.
        unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            let rest = if non_ascii {
                // `x ^ 2` is at most 0x20 (signed) exactly for the control bytes and `"`
                // (0x22 ^ 2 = 0x20); a byte of 0x80 or more stays negative: one compare for
                // three tests.
                _mm_cmplt_epi8(_mm_xor_si128(x, _mm_set1_epi8(2)), _mm_set1_epi8(0x21))
            } else {
                // Unsigned `x <= 0x1f`: the minimum with 0x1f is `x` itself.
                let ctrl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
                _mm_or_si128(ctrl, _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8)))
            };
            _mm_movemask_epi8(_mm_or_si128(rest, backslash)) as u32
        }
    }

    /// Bit `k` set when byte `k` of `chunk` is `byte`.
    #[inline(always)]
    fn equal_mask(chunk: &[u8; 16], byte: u8) -> u32 {
        // SAFETY: as in `special_mask`.
        unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(byte as i8))) as u32
        }
    }

    /// [`super::find_byte`] for a haystack of at least 16 bytes, as
    /// [`skip_until_special`] searches.
    #[inline]
    pub(super) fn find_byte(b: &[u8], mut i: usize, byte: u8) -> Option<usize> {
        let last = b.len() - 16;
        while i <= last {
            let c = chunk(b, i)?;
            let m = equal_mask(c, byte);
            if m != 0 {
                return Some(i + m.trailing_zeros() as usize);
            }
            i += 16;
        }
        if i >= b.len() {
            return None;
        }
        let m = equal_mask(chunk(b, last)?, byte) >> (i - last);
        (m != 0).then(|| i + m.trailing_zeros() as usize)
    }

    /// The 16 bytes of `b` at `at..at + 16`, if it has them.
    #[inline(always)]
    fn chunk(b: &[u8], at: usize) -> Option<&[u8; 16]> {
        b.get(at..at + 16).and_then(|c| c.try_into().ok())
    }

    /// [`super::skip_until_special`] for `b` of at least 16 bytes: whole chunks from `i`, then
    /// the last 16 bytes of `b` (overlapping what was already tested) with the tested bytes
    /// masked off, so no byte is tested one at a time.
    #[inline(always)]
    pub(super) fn skip_until_special(b: &[u8], mut i: usize, non_ascii: bool) -> usize {
        let last = b.len() - 16;
        while i <= last {
            let Some(c) = chunk(b, i) else { break };
            let m = special_mask(c, non_ascii);
            if m != 0 {
                return i + m.trailing_zeros() as usize;
            }
            i += 16;
        }
        if i >= b.len() {
            return i;
        }
        // Fewer than 16 bytes are left: `last < i < b.len()`.
        let Some(c) = chunk(b, last) else {
            return b.len();
        };
        let m = special_mask(c, non_ascii) >> (i - last);
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        b.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain byte loop every skip must agree with.
    fn plain(b: &[u8], i: usize, non_ascii: bool) -> usize {
        (i..b.len())
            .find(|&k| is_special(b[k], non_ascii))
            .unwrap_or(i.max(b.len()))
    }

    /// Bytes mostly plain, with some of every kind the skips stop at or must not stop at.
    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            8 => b'a'..=b'z',
            1 => Just(b'"'),
            1 => Just(b'\\'),
            1 => 0u8..0x20,
            1 => 0x7eu8..=0x81,
            1 => 0xc0u8..=0xff,
            1 => Just(0x20u8),
        ];
        proptest::collection::vec(byte, 0..70)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The skip (SSE2 on x86_64), the portable SWAR skip and the byte loop agree at every
        /// start offset, for every length.
        #[test]
        fn skips_agree_with_the_byte_loop(b in bytes()) {
            for non_ascii in [false, true] {
                for i in 0..=b.len() + 1 {
                    let want = plain(&b, i, non_ascii);
                    prop_assert_eq!(skip_until_special(&b, i, non_ascii), want);
                    prop_assert_eq!(skip_until_special_swar(&b, i, non_ascii), want);
                }
            }
        }

        /// The byte search agrees with a plain search at every start offset, with SSE2 and
        /// without.
        #[test]
        fn find_byte_agrees_with_the_byte_loop(b in bytes(), byte in prop_oneof![Just(b'"'), Just(b','), Just(0x80u8)]) {
            for i in 0..=b.len() + 1 {
                let want = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == byte)).map(|o| i + o);
                prop_assert_eq!(find_byte(&b, i, byte), want);
                prop_assert_eq!(find_byte_swar(&b, i, byte), want);
            }
        }

        /// The digit search agrees with the byte loop at every start offset.
        #[test]
        fn digits_end_agrees_with_the_byte_loop(
            b in proptest::collection::vec(prop_oneof![
                6 => b'0'..=b'9',
                1 => any::<u8>(),
                1 => prop_oneof![Just(b'/'), Just(b':'), Just(0x80u8), Just(0xb9u8), Just(0xffu8)],
            ], 0..40)
        ) {
            for i in 0..=b.len() + 1 {
                let want = (i..b.len()).find(|&k| !b[k].is_ascii_digit()).unwrap_or(i.max(b.len()));
                prop_assert_eq!(digits_end(&b, i), want);
            }
        }
    }

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
