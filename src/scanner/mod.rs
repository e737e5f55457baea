//! The scanner: one Aho-Corasick automaton over every alias of the gazetteer,
//! run over normalised text with the whole-word rules.
//!
//! The automaton is leftmost-longest. When the longest match at a position
//! fails the whole-word rule at its end ("Leon Trotsky" in "Leon Trotskyist"),
//! the shorter aliases that start at the same position are tried ("Leon"), and
//! otherwise the search resumes one character later, inside the rejected
//! match, so that no real mention that starts there is lost.

mod boundary;
mod patterns;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

pub use boundary::{ends_word, next_char, starts_word};
pub use patterns::{Patterns, Target};

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// The most patterns compiled into a DFA (the default gazetteer has about
/// 3,700); larger sets get a contiguous NFA, which builds much faster.
pub const DFA_MAX_PATTERNS: usize = 10_000;

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
    automaton: AhoCorasick,
    patterns: Patterns,
    /// The longest pattern's length in bytes, asked at every candidate cut
    /// of a large document.
    longest: usize,
}

impl Matcher {
    /// Compiles the gazetteer's aliases. Up to [`DFA_MAX_PATTERNS`] patterns
    /// a DFA is asked for explicitly (the crate picks one only for small
    /// pattern sets); above, or if the DFA would be too large, a contiguous
    /// NFA: it builds about 5× faster in a fraction of the memory (200k
    /// patterns: 0.6 s and 16 MB against 3.4 s and 615 MB), while the scan
    /// is dominated by the rest of the pipeline (see `benches/README.md`).
    pub fn new(gazetteer: &Gazetteer, ignore_case: bool) -> Result<Matcher> {
        let patterns = Patterns::build(gazetteer, ignore_case);
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(ignore_case)
                .kind(Some(kind))
                .build(&patterns.strings)
        };
        let automaton = if patterns.len() <= DFA_MAX_PATTERNS {
            build(AhoCorasickKind::DFA).or_else(|_| build(AhoCorasickKind::ContiguousNFA))
        } else {
            build(AhoCorasickKind::ContiguousNFA)
        }
        .map_err(|e| Error::Automaton(e.to_string()))?;
        let longest = patterns.strings.iter().map(String::len).max().unwrap_or(0);
        Ok(Matcher {
            automaton,
            patterns,
            longest,
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
    /// One `find_iter` runs while its matches are whole words: it resumes at
    /// the end of the last match, as a new search from there would. A match
    /// that is not a whole word as found (aho-corasick#73) ends the iterator,
    /// and the search restarts just after its first character, or after the
    /// shorter whole-word alias accepted in its place, so that a mention that
    /// starts inside the rejected span is still found.
    pub fn find_all(&self, text: &str) -> Vec<RawMatch> {
        let mut found = Vec::new();
        let mut pos = 0;
        'restart: while pos < text.len() {
            let input = Input::new(text).span(pos..text.len());
            for m in self.automaton.find_iter(input) {
                let (start, end) = (m.start(), m.end());
                if !starts_word(text, start) {
                    pos = next_char(text, start);
                    continue 'restart;
                }
                if ends_word(text, end) {
                    found.push(RawMatch {
                        start,
                        end,
                        pattern: m.pattern().as_u32(),
                    });
                    continue;
                }
                match self.shorter_at(text, start, end) {
                    Some(m) => {
                        pos = m.end;
                        found.push(m);
                    }
                    None => pos = next_char(text, start),
                }
                continue 'restart;
            }
            break;
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
    /// (leftmost-longest) match, and every other one there is shorter.
    fn span(&self, text: &str, at: usize) -> bool {
        let from = at.saturating_sub(self.longest);
        (from..at)
            .filter(|&s| text.is_char_boundary(s) && starts_word(text, s))
            .any(|s| {
                let input = Input::new(text).span(s..text.len().min(s + self.longest));
                self.automaton
                    .find(input)
                    .is_some_and(|m| m.start() == s && m.end() > at)
            })
    }
}
