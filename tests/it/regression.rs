//! Mention counts on the founding corpus against an independent count made
//! with Python regular expressions (`tests/reference/count_mentions.py`, its
//! output committed as `tests/reference/mention_counts.csv`), allowing exactly
//! for the documented differences: ALL-CAPITALS forms, and mentions at a
//! hyphen that ends a line (joined by namegraph, not by the regex), which both
//! sides count apart.

use std::collections::BTreeMap;

use namegraph::corpus::{self, normalize_alias};
use namegraph::{Config, analyze};

use crate::util::root;

/// (document, entity) → (mentions, hyphen_near) from the reference file.
fn reference() -> BTreeMap<(String, String), (u64, u64)> {
    let path = root().join("tests/reference/mention_counts.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut out = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[4] == "no" {
            out.insert(
                (row[0].to_string(), row[1].to_string()),
                (row[2].parse().unwrap(), row[3].parse().unwrap()),
            );
        }
    }
    out
}

#[test]
fn counts_match_an_independent_regex_count() {
    let analysis = analyze(&Config::default()).unwrap();
    let texts: Vec<String> = corpus::embedded()
        .unwrap()
        .iter()
        .map(|s| String::from_utf8(s.read().unwrap().into_owned()).unwrap())
        .collect();
    let reference = reference();
    let mut ours: BTreeMap<(String, String), u64> = BTreeMap::new();
    for m in &analysis.mentions {
        let entity = analysis.gazetteer.get(m.entity as usize);
        let form = normalize_alias(&m.text);
        if entity.shared.iter().any(|s| normalize_alias(s) == form) {
            continue; // the reference counts shared aliases apart
        }
        let as_written = entity.aliases.iter().any(|a| normalize_alias(a) == form);
        let text = &texts[m.document as usize];
        if as_written && !hyphen_near(text, m.start as usize) {
            let key = (
                analysis.documents[m.document as usize].meta.id.clone(),
                entity.id.clone(),
            );
            *ours.entry(key).or_default() += 1;
        }
    }
    let mut compared = 0;
    for (key, &(n, joined)) in &reference {
        let got = ours.get(key).copied().unwrap_or(0);
        assert_eq!(
            got,
            n - joined,
            "{key:?}: namegraph {got}, regex {n} minus {joined} near a line-end hyphen"
        );
        compared += usize::from(n >= 5);
    }
    for (key, &got) in &ours {
        assert!(
            reference.contains_key(key),
            "{key:?}: namegraph {got}, regex none"
        );
    }
    assert!(
        compared >= 10,
        "only {compared} entity counts of 5 or more compared"
    );
}

/// Whether a hyphen that ends a line (followed by white space holding a line
/// break) lies between 8 characters before `start` and 40 after it: the
/// places where joining lines can change what is found. The reference script
/// applies the same rule.
fn hyphen_near(text: &str, start: usize) -> bool {
    let lo = text[..start]
        .char_indices()
        .rev()
        .nth(7)
        .map_or(0, |(i, _)| i);
    let hi = text[start..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(i, _)| start + i);
    text[lo..hi].char_indices().any(|(i, c)| {
        let rest = &text[lo + i + c.len_utf8()..];
        let ws = &rest[..rest.len()
            - rest
                .trim_start_matches([' ', '\t', '\r', '\u{a0}', '\u{c}', '\u{b}'])
                .len()];
        c == '-' && rest[ws.len()..].starts_with('\n')
    })
}
