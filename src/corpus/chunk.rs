//! Cutting a large decoded document into pieces that can be normalised,
//! segmented and scanned in parallel.
//!
//! Cuts fall at paragraph breaks (the end of a blank-line run, or a line break
//! in one-paragraph-per-line documents), so no mention, hyphen join or sentence
//! crosses a cut. A document with no line breaks is cut after a sentence end
//! (". " before a capital), or failing that at white space. The cut positions
//! depend only on the text and the chunk size, never on the thread count.

use std::ops::Range;

use super::normalize::ParagraphMode;

/// A piece of a document and whether it continues the previous piece's
/// paragraph (only when a document with no line breaks had to be cut).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub range: Range<usize>,
    pub continues_paragraph: bool,
}

/// Cuts `text` into chunks of at least `size` bytes (the last may be smaller).
pub fn chunks(text: &str, mode: ParagraphMode, size: usize) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = if text.len() - start <= size {
            text.len()
        } else {
            cut_after(text.as_bytes(), start + size, mode).unwrap_or(text.len())
        };
        out.push(Chunk {
            range: start..end,
            continues_paragraph: start > 0 && mode == ParagraphMode::None,
        });
        start = end;
    }
    out
}

/// The first cut position at or after `from`, at the end of the white space
/// that separates two paragraphs (or sentences, for [`ParagraphMode::None`]).
/// Only the bytes from `from` to the cut are looked at, so a cut found in a
/// prefix of the text is the cut in the whole.
pub(super) fn cut_after(bytes: &[u8], from: usize, mode: ParagraphMode) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let gap = at + memchr::memchr2(b'\n', b' ', &bytes[at..])?;
        let end = gap
            + bytes[gap..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(bytes.len() - gap);
        let run = &bytes[gap..end];
        let newlines = run.iter().filter(|&&b| b == b'\n').count();
        let ok = match mode {
            ParagraphMode::BlankLine => newlines >= 2,
            ParagraphMode::Line => newlines >= 1,
            ParagraphMode::None => {
                let after_stop = gap > 0 && matches!(bytes[gap - 1], b'.' | b'!' | b'?');
                let capital = bytes.get(end).is_some_and(u8::is_ascii_uppercase);
                (after_stop && capital) || end - from > 64 * 1024
            }
        };
        if ok && end < bytes.len() {
            return Some(end);
        }
        at = end.max(gap + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_blank_lines() {
        let text = "aaaa bbbb\ncccc\n\ndddd\n\neeee";
        let c = chunks(text, ParagraphMode::BlankLine, 3);
        let pieces: Vec<&str> = c.iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(pieces, vec!["aaaa bbbb\ncccc\n\n", "dddd\n\n", "eeee"]);
    }

    #[test]
    fn one_line_cuts_at_sentences() {
        let text = "One two. Three four. Five";
        let c = chunks(text, ParagraphMode::None, 2);
        let pieces: Vec<&str> = c.iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(pieces, vec!["One two. ", "Three four. ", "Five"]);
        assert!(c[1].continues_paragraph && !c[0].continues_paragraph);
    }

    #[test]
    fn small_text_is_one_chunk() {
        assert_eq!(chunks("abc", ParagraphMode::Line, 10).len(), 1);
        assert!(chunks("", ParagraphMode::Line, 10).is_empty());
    }
}
