//! What the benches share: the embedded corpus as in-memory documents, the
//! namegraph scan of them, and the bare aho-corasick baseline automaton.

#![allow(dead_code)] // each bench uses the part it needs

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use namegraph::corpus::{self, DocumentSource};
use namegraph::document::{Outcome, scan_bytes};
use namegraph::gazetteer::Gazetteer;
use namegraph::scanner::Matcher;
use rayon::prelude::*;

/// The founding corpus: each document's source and bytes.
pub fn embedded_docs() -> Vec<(DocumentSource, &'static [u8])> {
    corpus::embedded()
        .expect("embedded corpus")
        .into_iter()
        .zip(corpus::EMBEDDED.iter().map(|&(_, b)| b))
        .collect()
}

/// Mentions namegraph finds in `docs` (decode, normalise, segment, scan), on
/// the current rayon pool.
pub fn mentions(
    docs: &[(DocumentSource, &'static [u8])],
    matcher: &Matcher,
    gazetteer: &Gazetteer,
) -> usize {
    docs.par_iter()
        .map(
            |(source, bytes)| match scan_bytes(source, bytes, matcher, gazetteer) {
                Outcome::Scanned(d) => d.mentions.len(),
                Outcome::Skipped(_) => 0,
            },
        )
        .sum()
}

/// The baseline: a DFA, leftmost-longest, over the same patterns as `matcher`.
pub fn baseline(matcher: &Matcher) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&matcher.patterns().strings)
        .expect("baseline automaton")
}
