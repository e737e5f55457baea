//! Byte classes of a block of text as bit masks, one bit per byte: what the
//! word-start walks of segmentation and of the scanner's candidate search
//! read, sixteen bytes at a time with SSE2.

/// Bytes per block: one bit each in a `u64`.
pub const BLOCK: usize = 64;

/// Per-byte bit masks of one block: ASCII letters and digits (`word`),
/// letters (`alpha`), apostrophes (`quote`), non-ASCII bytes (`high`) and
/// the first bytes of non-ASCII characters (`lead`, from 0xC0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masks {
    pub word: u64,
    pub alpha: u64,
    pub quote: u64,
    pub high: u64,
    pub lead: u64,
}

/// The block of `bytes` at `pos`, padded with zero bytes past the end, and
/// how many bytes of it are text.
#[inline]
pub fn block_at(bytes: &[u8], pos: usize) -> ([u8; BLOCK], usize) {
    let len = BLOCK.min(bytes.len() - pos);
    let mut block = [0u8; BLOCK];
    block[..len].copy_from_slice(&bytes[pos..pos + len]);
    (block, len)
}

/// [`Masks`] of a block, sixteen bytes at a time (SSE2 is part of x86_64).
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn masks(block: &[u8; BLOCK]) -> Masks {
    use std::arch::x86_64::*;
    let mut m = Masks::default();
    for k in 0..BLOCK / 16 {
        // SAFETY: the 16 bytes read are inside `block`; SSE2 is always there
        // on x86_64.
        let bits = unsafe {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast());
            let within = |v, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            // Bytes from 0x80 are negative as i8: no range above takes them,
            // and those from 0xC0 are the ones above -65.
            let digit = within(v, b'0', b'9');
            let alpha = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\'' as i8));
            let lead = _mm_and_si128(v, _mm_cmpgt_epi8(v, _mm_set1_epi8(-65)));
            [
                _mm_movemask_epi8(_mm_or_si128(digit, alpha)),
                _mm_movemask_epi8(alpha),
                _mm_movemask_epi8(quote),
                _mm_movemask_epi8(v),
                _mm_movemask_epi8(lead),
            ]
            .map(|b| u64::from(b as u16) << (16 * k))
        };
        m.word |= bits[0];
        m.alpha |= bits[1];
        m.quote |= bits[2];
        m.high |= bits[3];
        m.lead |= bits[4];
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
pub use masks_portable as masks;

/// [`masks`] a byte at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
pub fn masks_portable(block: &[u8; BLOCK]) -> Masks {
    let mut m = Masks::default();
    for (k, &b) in block.iter().enumerate() {
        m.word |= u64::from(b.is_ascii_alphanumeric()) << k;
        m.alpha |= u64::from(b.is_ascii_alphabetic()) << k;
        m.quote |= u64::from(b == b'\'') << k;
        m.high |= u64::from(b >= 0x80) << k;
        m.lead |= u64::from(b >= 0xC0) << k;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_masks_of_every_byte_value() {
        // Four blocks hold the 256 byte values; each is classified both ways.
        for first in (0..=255u8).step_by(BLOCK) {
            let block: [u8; BLOCK] = std::array::from_fn(|k| first.wrapping_add(k as u8));
            assert_eq!(masks(&block), masks_portable(&block), "block from {first}");
        }
    }

    #[test]
    fn block_masks_of_text_agree() {
        let text = "Leon\tTrotsky, Сталин’s 1923 — (KPD) x\u{308}é\u{301}y~\x7f\u{10348}!";
        let mut block = [0u8; BLOCK];
        for (k, b) in text.bytes().cycle().take(BLOCK).enumerate() {
            block[k] = b;
        }
        assert_eq!(masks(&block), masks_portable(&block));
    }
}
