//! The scanner: one Aho-Corasick automaton over every alias of the gazetteer,
//! run over normalised text with the whole-word rules.
//!
//! A mention starts where a word starts, with the first bytes of some alias
//! (in English prose, about one position in forty begins a word with the
//! first two bytes of one, fewer with its first four). So the scanner
//! does not walk the automaton over every byte: it finds such positions
//! (`starts`) and runs an anchored leftmost-longest search at each, which
//! gives the longest alias starting there. When that alias fails the
//! whole-word rule at its end ("Leon Trotsky" in "Leon Trotskyist"), the
//! shorter aliases that start at the same position are tried ("Leon");
//! otherwise the next candidate position is tried, inside the rejected match,
//! so that no real mention that starts there is lost. The result is the one an
//! unanchored leftmost-longest search restarted after each rejected match
//! gives (a test checks the two agree), at several times its speed.

mod boundary;
mod patterns;
mod starts;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

pub use boundary::{ends_word, starts_word};
pub use patterns::{Patterns, Target};

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use starts::Starts;

/// A match in normalised text: byte span and pattern id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

/// The compiled automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: NFA,
    /// The automaton's anchored start state.
    start: StateID,
    patterns: Patterns,
    /// The longest pattern's length in bytes, asked at every candidate cut
    /// of a large document.
    longest: usize,
    /// Where a match may start.
    starts: Starts,
}

impl Matcher {
    /// Compiles the gazetteer's aliases into a contiguous NFA, searched
    /// anchored only. Walked from candidate positions, it is as quick as a
    /// DFA (36 against 43 ns per candidate on the founding corpus) in a
    /// fraction of the memory and build time (default gazetteer: 0.7 against
    /// 17.9 MB, 9 against 58 ms; 200k patterns: 16 MB and 0.6 s against 615
    /// MB and 3.4 s).
    pub fn new(gazetteer: &Gazetteer, ignore_case: bool) -> Result<Matcher> {
        let patterns = Patterns::build(gazetteer, ignore_case);
        let automaton = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ignore_case)
            .prefilter(false)
            .build(&patterns.strings)
            .map_err(|e| Error::Automaton(e.to_string()))?;
        let start = automaton
            .start_state(Anchored::Yes)
            .map_err(|e| Error::Automaton(e.to_string()))?;
        let longest = patterns.strings.iter().map(String::len).max().unwrap_or(0);
        let starts = Starts::new(&patterns.strings, ignore_case);
        Ok(Matcher {
            automaton,
            start,
            patterns,
            longest,
            starts,
        })
    }

    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// The entities a pattern stands for.
    pub fn target(&self, pattern: u32) -> &Target {
        &self.patterns.targets[pattern as usize]
    }

    /// Every whole-word match in `text`, in order, not overlapping.
    ///
    /// At each candidate position in turn (see the module doc) the longest
    /// whole-word alias that starts there, if any, is taken, and the search
    /// goes on after it.
    pub fn find_all(&self, text: &str) -> Vec<RawMatch> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(start) = self.starts.next(bytes, pos) {
            match self.longest_at(text, start) {
                Some(m) => {
                    pos = m.end;
                    found.push(m);
                }
                // A candidate is a pattern's first byte, never inside a
                // character, so the next byte is where the next may be.
                None => pos = start + 1,
            }
        }
        found
    }

    /// The longest whole-word match starting at `start`, if any.
    fn longest_at(&self, text: &str, start: usize) -> Option<RawMatch> {
        let (end, pattern) = self.anchored(text.as_bytes(), start)?;
        if !starts_word(text, start) {
            return None;
        }
        if ends_word(text, end) {
            return Some(RawMatch {
                start,
                end,
                pattern,
            });
        }
        self.shorter_at(text, start, end)
    }

    /// The end and pattern of the longest pattern that starts at `start`:
    /// the automaton's anchored leftmost-longest match, as
    /// `AhoCorasick::find` with `Anchored::Yes` gives it, walked here without
    /// the set-up of a search per candidate.
    #[inline]
    fn anchored(&self, bytes: &[u8], start: usize) -> Option<(usize, u32)> {
        let aut = &self.automaton;
        let mut sid = self.start;
        let mut found = None;
        for (at, &b) in bytes.iter().enumerate().skip(start) {
            sid = aut.next_state(Anchored::Yes, sid, b);
            if aut.is_special(sid) {
                if aut.is_dead(sid) {
                    break;
                }
                // A state's first match may be one copied from a state its
                // failure transition leads to, which starts later: the
                // crate's own anchored search skips those too.
                if aut.is_match(sid) {
                    let pattern = aut.match_pattern(sid, 0);
                    if at + 1 - aut.pattern_len(pattern) == start {
                        found = Some((at + 1, pattern.as_u32()));
                    }
                }
            }
        }
        found
    }

    /// The longest pattern that starts at `start`, ends before `end` and ends
    /// a word: every pattern matching at `start` is a prefix of the longest.
    fn shorter_at(&self, text: &str, start: usize, end: usize) -> Option<RawMatch> {
        text[start..end]
            .char_indices()
            .rev()
            .map(|(k, _)| start + k)
            .filter(|&k| k > start)
            .filter(|&k| ends_word(text, k))
            .find_map(|k| {
                self.patterns.find(&text[start..k]).map(|pattern| RawMatch {
                    start,
                    end: k,
                    pattern,
                })
            })
    }
}

/// Where a large document may be cut (see `corpus::chunk`): not across an
/// alias.
impl crate::corpus::Aliases for Matcher {
    fn longest(&self) -> usize {
        self.longest
    }

    /// Tries each word start up to the longest pattern's length before
    /// `at`: the longest pattern starting there is the automaton's
    /// (anchored, leftmost-longest) match, and every other one there is
    /// shorter.
    fn span(&self, text: &str, at: usize) -> bool {
        let from = at.saturating_sub(self.longest);
        let bytes = &text.as_bytes()[..text.len().min(at + self.longest)];
        (from..at)
            .filter(|&s| text.is_char_boundary(s) && starts_word(text, s))
            .any(|s| self.anchored(bytes, s).is_some_and(|(end, _)| end > at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{EMBEDDED, ParagraphMode, normalize};
    use aho_corasick::{AhoCorasick, Input};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// The default gazetteer's matcher and, for the same patterns, an
    /// unanchored leftmost-longest automaton; with and without ignore_case.
    fn matchers(ignore_case: bool) -> &'static (Matcher, AhoCorasick) {
        static CASED: OnceLock<(Matcher, AhoCorasick)> = OnceLock::new();
        static FOLDED: OnceLock<(Matcher, AhoCorasick)> = OnceLock::new();
        let cell = if ignore_case { &FOLDED } else { &CASED };
        cell.get_or_init(|| {
            let gazetteer = crate::gazetteer::load(&[]).expect("default gazetteer");
            let matcher = Matcher::new(&gazetteer, ignore_case).expect("matcher");
            let unanchored = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(ignore_case)
                .build(&matcher.patterns.strings)
                .expect("automaton");
            (matcher, unanchored)
        })
    }

    /// The byte after the character that starts at `at`.
    fn next_char(text: &str, at: usize) -> usize {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    }

    /// The scan the candidate positions replace: an unanchored
    /// leftmost-longest search over every byte, restarted one character
    /// after the start of a match that fails the whole-word rule (when no
    /// shorter alias at its start passes it).
    fn reference(matcher: &Matcher, unanchored: &AhoCorasick, text: &str) -> Vec<RawMatch> {
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(m) = unanchored.find(Input::new(text).range(pos..)) {
            let (start, end) = (m.start(), m.end());
            let whole = if !starts_word(text, start) {
                None
            } else if ends_word(text, end) {
                Some(RawMatch {
                    start,
                    end,
                    pattern: m.pattern().as_u32(),
                })
            } else {
                matcher.shorter_at(text, start, end)
            };
            match whole {
                Some(m) => {
                    pos = m.end;
                    found.push(m);
                }
                None => pos = next_char(text, start),
            }
        }
        found
    }

    fn agree(text: &str, ignore_case: bool) {
        let (matcher, unanchored) = matchers(ignore_case);
        let expected = reference(matcher, unanchored, text);
        let found = matcher.find_all(text);
        assert_eq!(found.len(), expected.len(), "ignore_case {ignore_case}");
        for (f, e) in found.iter().zip(&expected) {
            assert_eq!(f, e, "{:?}", &text[e.start..e.end]);
        }
    }

    #[test]
    fn candidates_find_what_a_full_scan_finds_in_the_founding_corpus() {
        for (name, bytes) in EMBEDDED {
            let src = std::str::from_utf8(bytes).expect(name);
            let text = normalize(src, ParagraphMode::BlankLine).text;
            for ignore_case in [false, true] {
                agree(&text, ignore_case);
            }
        }
        agree("", false);
    }

    /// Pieces of text that put aliases next to letters, marks, apostrophes
    /// and non-ASCII words, whole and cut short.
    fn pieces() -> Vec<String> {
        let (matcher, _) = matchers(false);
        let mut out: Vec<String> = [
            " ",
            "  ",
            "\n",
            "\n\n",
            "-",
            "'",
            "\u{2019}",
            ".",
            "(",
            "x",
            "s",
            "ist",
            "9",
            "é",
            "\u{308}",
            "Ленин",
            "Сталин",
            "ß",
            "ü",
            "\t",
            "Trotsky",
            "TROTSKY",
            "leon",
        ]
        .map(String::from)
        .to_vec();
        for alias in matcher.patterns.strings.iter().step_by(7) {
            out.push(alias.clone());
            let cut = alias.char_indices().nth(2).map_or(alias.len(), |(k, _)| k);
            out.push(alias[..cut].to_string());
        }
        out
    }

    proptest! {
        #[test]
        fn candidates_find_what_a_full_scan_finds_anywhere(
            picks in prop::collection::vec(any::<prop::sample::Index>(), 0..40),
            ignore_case in any::<bool>(),
        ) {
            static PIECES: OnceLock<Vec<String>> = OnceLock::new();
            let pieces = PIECES.get_or_init(pieces);
            let text: String = picks.iter().map(|i| i.get(pieces).as_str()).collect();
            agree(&text, ignore_case);
        }
    }
}
