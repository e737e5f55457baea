//! Where a match may start: the positions worth an anchored search.
//!
//! A whole-word match starts with the first two bytes of some pattern, and
//! not right after an ASCII letter or digit when it starts with one (after a
//! non-ASCII character, [`super::starts_word`] decides). In English prose
//! about one position in forty passes both tests; a table of the patterns'
//! first four bytes (hashed, so a few positions pass that no pattern begins
//! at) then leaves those where a pattern may begin, and the automaton runs
//! at those only. When every pattern starts with an ASCII letter or digit or a
//! non-ASCII character (every real gazetteer), the word starts of a block of
//! 64 bytes are found sixteen bytes at a time; otherwise a byte at a time.

use crate::corpus::masks::{BLOCK, block_at, masks};

/// Bits of the hash of a pattern's first four bytes: a 32 KiB table, which
/// stays in the L1 or L2 cache, a few % full with 100,000 patterns.
const QUAD_BITS: u32 = 18;

/// The first two bytes of every pattern, and how to look for them.
#[derive(Debug, Clone)]
pub struct Starts {
    /// Bit `a << 8 | b` is set when some pattern starts with bytes `a, b`
    /// (with `ignore_case`, in either ASCII case); a pattern of one byte
    /// marks its byte before anything.
    pairs: Box<[u64; 1024]>,
    /// The pairs that begin a pattern shorter than four bytes, at which the
    /// `quads` test does not apply.
    short: Box<[u64; 1024]>,
    /// Bit `quad_hash(a, b, c, d)` is set when some pattern starts with
    /// bytes `a, b, c, d` (ASCII lowercased with `ignore_case`).
    quads: Box<[u64; 1 << (QUAD_BITS - 6)]>,
    ignore_case: bool,
    /// Whether every pattern starts with an ASCII letter or digit or a
    /// non-ASCII character, so that only word starts and non-ASCII leading
    /// bytes need the pair test.
    at_words: bool,
}

impl Starts {
    pub fn new(patterns: &[String], ignore_case: bool) -> Starts {
        let mut pairs = Box::new([0u64; 1024]);
        let mut short = Box::new([0u64; 1024]);
        let mut quads = Box::new([0u64; 1 << (QUAD_BITS - 6)]);
        let cases = |b: u8| {
            if ignore_case {
                [b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                [b, b]
            }
        };
        for p in patterns.iter().map(String::as_bytes) {
            let seconds: Vec<u8> = match p {
                [] => continue,
                [_] => (0..=255).collect(),
                [_, b, ..] => cases(*b).to_vec(),
            };
            for a in cases(p[0]) {
                for &b in &seconds {
                    let k = usize::from(a) << 8 | usize::from(b);
                    set(&mut pairs[..], k);
                    if p.len() < 4 {
                        set(&mut short[..], k);
                    }
                }
            }
            if let Some(&quad) = p.first_chunk::<4>() {
                set(&mut quads[..], quad_hash(quad, ignore_case));
            }
        }
        let at_words = patterns
            .iter()
            .filter_map(|p| p.as_bytes().first())
            .all(|&b| b.is_ascii_alphanumeric() || b >= 0x80);
        Starts {
            pairs,
            short,
            quads,
            ignore_case,
            at_words,
        }
    }

    /// Whether a pattern may start at `i`: one starts with the byte there
    /// and the one after it (none after the last byte: only a one-byte
    /// pattern starts there), and is shorter than four bytes or may start
    /// with the four bytes there.
    #[inline]
    fn pair_at(&self, bytes: &[u8], i: usize) -> bool {
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let k = usize::from(bytes[i]) << 8 | usize::from(second);
        if !is_set(&self.pairs[..], k) {
            return false;
        }
        if is_set(&self.short[..], k) {
            return true;
        }
        bytes[i..]
            .first_chunk::<4>()
            .is_some_and(|&quad| is_set(&self.quads[..], quad_hash(quad, self.ignore_case)))
    }

    /// The first candidate position at or after `pos`.
    pub fn next(&self, bytes: &[u8], pos: usize) -> Option<usize> {
        if self.at_words {
            self.next_at_words(bytes, pos)
        } else {
            self.next_bytewise(bytes, pos)
        }
    }

    fn next_bytewise(&self, bytes: &[u8], pos: usize) -> Option<usize> {
        let mut before = after_word(bytes, pos);
        for (i, &b) in bytes.iter().enumerate().skip(pos) {
            let word = b.is_ascii_alphanumeric();
            if !(before && word) && self.pair_at(bytes, i) {
                return Some(i);
            }
            before = word;
        }
        None
    }

    fn next_at_words(&self, bytes: &[u8], mut pos: usize) -> Option<usize> {
        while pos < bytes.len() {
            let mut bits = word_starts(bytes, pos);
            while bits != 0 {
                let i = pos + bits.trailing_zeros() as usize;
                if self.pair_at(bytes, i) {
                    return Some(i);
                }
                bits &= bits - 1;
            }
            pos += BLOCK;
        }
        None
    }
}

/// The `quads` bit of four bytes.
#[inline]
fn quad_hash(quad: [u8; 4], ignore_case: bool) -> usize {
    let quad = if ignore_case {
        quad.map(|b| b.to_ascii_lowercase())
    } else {
        quad
    };
    (u32::from_le_bytes(quad).wrapping_mul(0x9E37_79B1) >> (32 - QUAD_BITS)) as usize
}

fn set(bits: &mut [u64], k: usize) {
    bits[k >> 6] |= 1 << (k & 63);
}

#[inline]
fn is_set(bits: &[u64], k: usize) -> bool {
    bits[k >> 6] & (1 << (k & 63)) != 0
}

/// Whether the byte before `pos` is an ASCII letter or digit.
fn after_word(bytes: &[u8], pos: usize) -> bool {
    pos.checked_sub(1)
        .is_some_and(|b| bytes[b].is_ascii_alphanumeric())
}

/// Bit k set when byte `pos + k` is an ASCII letter or digit after a byte
/// that is not one, or the first byte of a non-ASCII character (from 0xC0).
fn word_starts(bytes: &[u8], pos: usize) -> u64 {
    let m = masks(&block_at(bytes, pos).0);
    let word_before = m.word << 1 | u64::from(after_word(bytes, pos));
    m.word & !word_before | m.lead
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every candidate from `pos` on, as `Starts::next` gives them.
    fn all(starts: &Starts, bytes: &[u8]) -> Vec<usize> {
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(i) = starts.next(bytes, pos) {
            found.push(i);
            pos = i + 1;
        }
        found
    }

    #[test]
    fn word_starts_and_pairs() {
        let patterns = ["Lenin", "Сталин", "X", "1923", "KPD"].map(String::from);
        let starts = Starts::new(&patterns, false);
        assert!(starts.at_words);
        // Pieces of text, and whether each starts a candidate.
        let pieces = [
            ("xLenin ", false),
            ("Lenin.", true),
            ("Сталин ", true),
            ("Л", false),
            // After a Cyrillic letter: starts_word rejects it later.
            ("Сталин ", true),
            ("X ", true),
            ("1923 ", true),
            // The first two bytes of "Lenin" but not its first four.
            ("Le ", false),
            ("Lenix ", true),
            // A pattern shorter than four bytes begins with "KP".
            ("KPx ", true),
            ("x", false),
            ("X ", false),
            ("X", true),
        ];
        let text: String = pieces.iter().map(|p| p.0).collect();
        let mut want = Vec::new();
        let mut at = 0;
        for (piece, start) in pieces {
            if start {
                want.push(at);
            }
            at += piece.len();
        }
        assert_eq!(all(&starts, text.as_bytes()), want);
        let bytewise = Starts {
            at_words: false,
            ..starts.clone()
        };
        assert_eq!(all(&bytewise, text.as_bytes()), want);
    }

    #[test]
    fn other_first_bytes_fall_back() {
        let patterns = ["(KPD)", "Lenin"].map(String::from);
        let starts = Starts::new(&patterns, false);
        assert!(!starts.at_words);
        assert_eq!(all(&starts, b"the (KPD) and Lenin"), vec![4, 14]);
        assert_eq!(starts.next(b"", 0), None);
    }

    #[test]
    fn either_case() {
        let starts = Starts::new(&["Lenin".to_string()], true);
        assert_eq!(all(&starts, b"lenin LENIN lEnin"), vec![0, 6, 12]);
    }
}
