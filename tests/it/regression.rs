//! Mention counts on the founding corpus against an independent count made
//! with Python regular expressions (`tests/reference/count_mentions.py`, its
//! output committed as `tests/reference/mention_counts.csv`), allowing exactly
//! for the documented differences: ALL-CAPITALS forms and hyphen joins.

use std::collections::BTreeMap;

use namegraph::corpus::normalize_alias;
use namegraph::{Config, analyze};

use crate::util::root;

/// (document, entity) → (mentions, hyphen_joined) from the reference file.
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
    let reference = reference();
    let mut ours: BTreeMap<(String, String), u64> = BTreeMap::new();
    for m in &analysis.mentions {
        let entity = analysis.gazetteer.get(m.entity as usize);
        if !entity.shared.is_empty() {
            continue;
        }
        let form = normalize_alias(&m.text);
        let as_written = entity.aliases.iter().any(|a| normalize_alias(a) == form);
        let hyphen_joined = m.text.contains("- ");
        if as_written && !hyphen_joined {
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
            "{key:?}: namegraph {got}, regex {n} minus {joined} hyphen-joined"
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
