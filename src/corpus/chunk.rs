//! Cutting a large decoded document into pieces that can be normalised,
//! segmented and scanned in parallel, with the same results as the whole.
//!
//! Cuts fall at paragraph breaks (the end of a blank-line run, or a line break
//! in one-paragraph-per-line documents), which no mention, hyphen join or
//! sentence crosses. A document without paragraph breaks (hard-wrapped text
//! without blank lines, or a single line) is cut at white space where the
//! text around it, normalised, is the two sides' joined by one space (not a
//! word hyphenated across a line break), no alias of the gazetteer spans it
//! ("J. V. Stalin"), and, if there is one within [`SENTENCE_SEARCH`] bytes,
//! a sentence ends ([`segment`]'s rule); failing that the cut is inside a
//! sentence and the next chunk says so. The cut positions depend only on
//! the text, the chunk size and the gazetteer, never on the thread count.

use std::ops::Range;

use super::normalize::{ParagraphMode, normalize};
use super::segment::segment;

/// How far past the chunk size a cut between sentences is looked for before
/// one inside a sentence is taken.
pub const SENTENCE_SEARCH: usize = 64 * 1024;

/// Raw bytes of context looked at either side of a candidate cut, at first
/// (doubled while their normalised text is shorter than the longest alias).
const CONTEXT: usize = 1024;

/// At most this much context is looked at: a cut whose answer needs more
/// (a longest alias made of kilobytes of white space) is not taken.
const CONTEXT_MAX: usize = 64 * 1024;

/// A piece of a document and what of the previous piece it continues (only
/// when a document without paragraph breaks had to be cut).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub range: Range<usize>,
    pub continues_paragraph: bool,
    /// Cut inside a sentence: the chunk's first sentence is the previous
    /// chunk's last.
    pub continues_sentence: bool,
}

/// What only the scanner knows: whether cutting would split a mention.
pub trait Aliases: Sync {
    /// The longest alias, in bytes of normalised text.
    fn longest(&self) -> usize;
    /// Whether an alias occurs in `text` (normalised) over byte `at`.
    fn span(&self, text: &str, at: usize) -> bool;
}

/// A cut: where the next chunk starts, and whether a sentence ends there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cut {
    pub end: usize,
    pub sentence: bool,
}

/// Cuts `text` into chunks of at least `size` bytes (the last may be smaller).
pub fn chunks(text: &str, mode: ParagraphMode, size: usize, aliases: &dyn Aliases) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut sentence = true;
    while start < text.len() {
        let cut = if text.len() - start <= size {
            None
        } else {
            cut_after(&text.as_bytes()[start..], size, mode, true, aliases)
        };
        let end = cut.map_or(text.len(), |c| start + c.end);
        out.push(Chunk {
            range: start..end,
            continues_paragraph: start > 0 && mode == ParagraphMode::None,
            continues_sentence: !sentence,
        });
        sentence = cut.is_none_or(|c| c.sentence);
        start = end;
    }
    out
}

/// The first cut at or after `from` in `bytes` (a chunk's text and what
/// follows it), at the end of the white space that separates two
/// paragraphs or, for [`ParagraphMode::None`], at white space as the module
/// documentation says. `complete`: `bytes` runs to the end of the text;
/// if not, `None` may also mean that more text is needed to decide.
/// Nothing before the chunk is looked at, so that a file read a chunk at a
/// time is cut as the whole text is.
pub(super) fn cut_after(
    bytes: &[u8],
    from: usize,
    mode: ParagraphMode,
    complete: bool,
    aliases: &dyn Aliases,
) -> Option<Cut> {
    let mut at = from;
    while at < bytes.len() {
        let gap = at + memchr::memchr2(b'\n', b' ', &bytes[at..])?;
        // The run of white space around it.
        let start = bytes[..gap]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |k| k + 1);
        let end = gap
            + bytes[gap..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(bytes.len() - gap);
        if end >= bytes.len() {
            return None;
        }
        let newlines = bytes[start..end].iter().filter(|&&b| b == b'\n').count();
        let cut = match mode {
            ParagraphMode::BlankLine => (newlines >= 2).then_some(Cut {
                end,
                sentence: true,
            }),
            ParagraphMode::Line => (newlines >= 1).then_some(Cut {
                end,
                sentence: true,
            }),
            ParagraphMode::None => {
                let late = end - from > SENTENCE_SEARCH;
                if late || after_terminator(&bytes[..start]) {
                    match inside_paragraph(bytes, start..end, complete, aliases) {
                        Judged::Safe { sentence } if sentence || late => {
                            Some(Cut { end, sentence })
                        }
                        Judged::NeedMore => return None,
                        _ => None,
                    }
                } else {
                    None
                }
            }
        };
        if cut.is_some() {
            return cut;
        }
        at = end;
    }
    None
}

/// Whether `before` ends with `.`, `!` or `?`, perhaps followed by closing
/// quotes or brackets: where a sentence may end.
fn after_terminator(before: &[u8]) -> bool {
    let closed = before
        .iter()
        .rposition(|b| !matches!(b, b'"' | b'\'' | b')' | b']'))
        .map(|k| before[k]);
    matches!(closed, Some(b'.' | b'!' | b'?'))
}

/// What the text around a run of white space says of cutting there.
enum Judged {
    Safe { sentence: bool },
    Unsafe,
    NeedMore,
}

/// Judges a cut at the white space `run` of a document without paragraph
/// breaks, from the normalised text around it.
fn inside_paragraph(
    bytes: &[u8],
    run: Range<usize>,
    complete: bool,
    aliases: &dyn Aliases,
) -> Judged {
    let want = aliases.longest() + 1;
    let mut context = CONTEXT;
    loop {
        // The context must not depend on how much of the text is at hand.
        if run.end + context > bytes.len() && !complete {
            return Judged::NeedMore;
        }
        let lo = boundary_before(bytes, run.start.saturating_sub(context));
        let hi = boundary_before(bytes, (run.end + context).min(bytes.len()));
        let text = |r: Range<usize>| {
            std::str::from_utf8(&bytes[r]).map(|t| normalize(t, ParagraphMode::None).text)
        };
        let (Ok(left), Ok(right)) = (text(lo..run.start), text(run.end..hi)) else {
            return Judged::Unsafe;
        };
        if (left.len() < want && lo > 0) || (right.len() < want && hi < bytes.len()) {
            if context >= CONTEXT_MAX {
                return Judged::Unsafe;
            }
            context *= 2;
            continue;
        }
        let Ok(whole) = text(lo..hi) else {
            return Judged::Unsafe;
        };
        // Normalised, the two sides are joined by one space: the white
        // space is no line break inside a hyphenated word.
        let space = left.len();
        let joined = whole.len() == left.len() + 1 + right.len()
            && whole.starts_with(&left)
            && whole.as_bytes()[space] == b' '
            && whole.ends_with(&right);
        if !joined || aliases.span(&whole, space) {
            return Judged::Unsafe;
        }
        let sentence = segment(&whole, true).sentences.contains(&(space + 1));
        return Judged::Safe { sentence };
    }
}

/// The last character boundary at or before `at`.
fn boundary_before(bytes: &[u8], mut at: usize) -> usize {
    while at > 0 && at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Aliases found by plain substring search: enough for the tests.
    pub(crate) struct Listed(pub &'static [&'static str]);

    impl Aliases for Listed {
        fn longest(&self) -> usize {
            self.0.iter().map(|a| a.len()).max().unwrap_or(0)
        }
        fn span(&self, text: &str, at: usize) -> bool {
            self.0.iter().any(|a| {
                text.match_indices(a)
                    .any(|(s, m)| s < at && s + m.len() > at)
            })
        }
    }

    fn pieces<'t>(
        text: &'t str,
        mode: ParagraphMode,
        size: usize,
        aliases: &dyn Aliases,
    ) -> Vec<&'t str> {
        chunks(text, mode, size, aliases)
            .iter()
            .map(|c| &text[c.range.clone()])
            .collect()
    }

    #[test]
    fn cuts_at_blank_lines() {
        let text = "aaaa bbbb\ncccc\n\ndddd\n\neeee";
        assert_eq!(
            pieces(text, ParagraphMode::BlankLine, 3, &Listed(&[])),
            vec!["aaaa bbbb\ncccc\n\n", "dddd\n\n", "eeee"]
        );
    }

    #[test]
    fn one_line_cuts_at_sentences() {
        let text = "One two. Three four. Five";
        let c = chunks(text, ParagraphMode::None, 2, &Listed(&[]));
        let pieces: Vec<&str> = c.iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(pieces, vec!["One two. ", "Three four. ", "Five"]);
        assert!(c[1].continues_paragraph && !c[0].continues_paragraph);
        assert!(!c[1].continues_sentence && !c[2].continues_sentence);
    }

    /// Initials and abbreviations end no sentence, and a cut there would
    /// split "J. V. Stalin": the cut waits for the sentence's end.
    #[test]
    fn no_cut_after_an_initial_or_inside_an_alias() {
        let text = "He met J. V. Stalin in Moscow. Then cf. Lenin. Done";
        let stalin = Listed(&["J. V. Stalin"]);
        assert_eq!(
            pieces(text, ParagraphMode::None, 5, &stalin),
            vec![
                "He met J. V. Stalin in Moscow. ",
                "Then cf. Lenin. ",
                "Done"
            ]
        );
    }

    /// A word hyphenated across a line break is joined by normalisation, so
    /// the line break is no place to cut, even far from any sentence end.
    #[test]
    fn no_cut_inside_a_hyphenated_word() {
        let line = "the exile of Trot-\nsky was decided and ";
        let text = line.repeat(SENTENCE_SEARCH / line.len() + 10);
        let c = chunks(&text, ParagraphMode::None, 10, &Listed(&[]));
        assert!(c.len() > 1, "one chunk");
        for chunk in &c[1..] {
            assert!(chunk.continues_sentence, "{chunk:?}");
            let before = &text[..chunk.range.start];
            assert!(
                !before.trim_end().ends_with('-'),
                "cut after a hyphen at {}",
                chunk.range.start
            );
        }
        // An alias over the cut moves it on.
        let aliases = Listed(&["decided and the exile"]);
        for chunk in chunks(&text, ParagraphMode::None, 10, &aliases)
            .iter()
            .skip(1)
        {
            assert!(!text[..chunk.range.start].ends_with("decided and "));
        }
    }

    #[test]
    fn small_text_is_one_chunk() {
        assert_eq!(
            chunks("abc", ParagraphMode::Line, 10, &Listed(&[])).len(),
            1
        );
        assert!(chunks("", ParagraphMode::Line, 10, &Listed(&[])).is_empty());
    }
}
