//! Edge weights for each window kind, on a small text whose co-mentions were
//! counted by hand (see the comments).

use std::collections::BTreeMap;

use namegraph::graph::{self, GraphOptions, Window};
use namegraph::{Config, analyze};

use crate::util::{HEADER, tempdir, write};

const GAZETTEER: &str = "t,person,Trotsky,,,,,\ns,person,Stalin,,,,,\nl,person,Lenin,,,,,\nz,person,Zinoviev,,,,,\nk,party,KPD,,,,,\n";

// sentences: s0 heading | s1 T S | s2 L | s3 T L T | s4 S Z | s5 heading | s6 Z S T    (W = 7)
// paragraphs: p0 heading | p1 T S L | p2 S Z | p3 heading | p4 Z S T                   (W = 5)
// sections: sec0 T S L Z | sec1 Z S T                                                  (W = 2)
// words: T3 S5 L6 T8 L10 T12 S14 Z17 Z21 S23 T25
const TEXT: &str = "I: First part\n\nTrotsky met Stalin. Lenin spoke. Trotsky and Lenin and\nTrotsky agreed.\n\nStalin wrote to Zinoviev.\n\nII: Second part\n\nZinoviev and Stalin and Trotsky.\n";

type Edges = BTreeMap<(String, String), (f64, Option<f64>, Option<f64>)>;

/// The corpus graph's edges by (label, label), and its window count.
fn edges(window: Window, types: &[namegraph::EntityType]) -> (Edges, u64) {
    edges_of(TEXT, window, types)
}

/// [`edges`] over another text.
fn edges_of(text: &str, window: Window, types: &[namegraph::EntityType]) -> (Edges, u64) {
    let dir = tempdir();
    let text = write(dir.path(), "t.txt", text.as_bytes());
    let gaz = write(
        dir.path(),
        "g.csv",
        format!("{HEADER}{GAZETTEER}").as_bytes(),
    );
    let config = Config {
        inputs: vec![text],
        gazetteers: vec![gaz],
        ..Config::default()
    };
    let analysis = analyze(&config).unwrap();
    let options = GraphOptions {
        window,
        types: types.to_vec(),
        min_weight: 0.0,
    };
    let graphs = graph::build(&analysis, &options);
    assert_eq!(graphs.len(), 2, "corpus and one document");
    let g = &graphs[0].graph;
    let label =
        |n: petgraph::graph::NodeIndex| analysis.gazetteer.get(g[n].entity as usize).label.clone();
    let mut out = Edges::new();
    for e in g.edge_indices() {
        let (a, b) = g.edge_endpoints(e).unwrap();
        let mut pair = [label(a), label(b)];
        pair.sort();
        let [a, b] = pair;
        let d = g[e];
        out.insert((a, b), (d.weight, d.jaccard, d.npmi));
    }
    (out, graphs[0].windows)
}

fn weights(edges: &Edges) -> Vec<(&str, &str, f64)> {
    edges
        .iter()
        .map(|((a, b), v)| (a.as_str(), b.as_str(), v.0))
        .collect()
}

#[test]
fn sentence_window() {
    let (e, w) = edges(Window::Sentence, &[]);
    assert_eq!(w, 7);
    assert_eq!(
        weights(&e),
        vec![
            ("Lenin", "Trotsky", 1.0),
            ("Stalin", "Trotsky", 2.0),
            ("Stalin", "Zinoviev", 2.0),
            ("Trotsky", "Zinoviev", 1.0)
        ]
    );
    // Trotsky and Stalin: n_ab = 2, n_a = n_b = 3, W = 7.
    let (_, jaccard, npmi) = e[&("Stalin".to_string(), "Trotsky".to_string())];
    assert_eq!(jaccard, Some(2.0 / 4.0));
    let want = (2.0f64 * 7.0 / 9.0).ln() / -(2.0f64 / 7.0).ln();
    assert!((npmi.unwrap() - want).abs() < 1e-12);
}

#[test]
fn paragraph_window() {
    let (e, w) = edges(Window::Paragraph, &[]);
    assert_eq!(w, 5);
    assert_eq!(
        weights(&e),
        vec![
            ("Lenin", "Stalin", 1.0),
            ("Lenin", "Trotsky", 1.0),
            ("Stalin", "Trotsky", 2.0),
            ("Stalin", "Zinoviev", 2.0),
            ("Trotsky", "Zinoviev", 1.0)
        ]
    );
}

#[test]
fn section_window() {
    let (e, w) = edges(Window::Section, &[]);
    assert_eq!(w, 2);
    assert_eq!(
        weights(&e),
        vec![
            ("Lenin", "Stalin", 1.0),
            ("Lenin", "Trotsky", 1.0),
            ("Lenin", "Zinoviev", 1.0),
            ("Stalin", "Trotsky", 2.0),
            ("Stalin", "Zinoviev", 2.0),
            ("Trotsky", "Zinoviev", 2.0)
        ]
    );
    // Stalin and Trotsky fill both windows: NPMI is 1 by definition.
    assert_eq!(
        e[&("Stalin".to_string(), "Trotsky".to_string())].2,
        Some(1.0)
    );
}

#[test]
fn document_window() {
    let (e, w) = edges(Window::Document, &[]);
    assert_eq!(w, 1);
    assert_eq!(e.len(), 6);
    assert!(e.values().all(|v| v.0 == 1.0));
}

#[test]
fn word_window() {
    let (e, _) = edges(Window::Words(2), &[]);
    assert_eq!(
        weights(&e),
        vec![
            ("Lenin", "Stalin", 1.0),
            ("Lenin", "Trotsky", 3.0),
            ("Stalin", "Trotsky", 3.0),
            ("Stalin", "Zinoviev", 1.0)
        ]
    );
    assert!(e.values().all(|v| v.1.is_none() && v.2.is_none()));
}

#[test]
fn word_window_counts_a_word_with_a_standing_mark_once() {
    // "x\u{302}y" stays decomposed under NFC (there is no precomposed x with
    // a circumflex): the mark belongs to the x, so Stalin is two words after
    // Trotsky, not three.
    let text = "Trotsky x\u{302}y Stalin.\n";
    let (e, _) = edges_of(text, Window::Words(2), &[]);
    assert_eq!(weights(&e), vec![("Stalin", "Trotsky", 1.0)]);
    let (e, _) = edges_of(text, Window::Words(1), &[]);
    assert!(e.is_empty());
}

#[test]
fn type_filter_keeps_only_those_types() {
    let (e, _) = edges(Window::Document, &[namegraph::EntityType::Party]);
    assert!(e.is_empty());
}

/// The corpus-scope graph of the founding corpus equals the one rebuilt
/// independently from mentions.csv by `tests/fixtures/metrics/corpus_reference.py`
/// (whose networkx metric values `tests/it/metrics.rs` checks).
#[test]
fn corpus_graph_equals_the_independently_rebuilt_reference() {
    let path = crate::util::root().join("tests/fixtures/metrics/corpus.json");
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let analysis = analyze(&Config::default()).unwrap();
    let g = &analysis.graphs[0].graph;
    let ids: Vec<&str> = g
        .node_weights()
        .map(|n| analysis.gazetteer.get(n.entity as usize).id.as_str())
        .collect();
    let want_ids: Vec<&str> = reference["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids, want_ids);
    let edges: Vec<(usize, usize, f64)> = g
        .raw_edges()
        .iter()
        .map(|e| (e.source().index(), e.target().index(), e.weight.weight))
        .collect();
    let want: Vec<(usize, usize, f64)> = reference["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[0].as_u64().unwrap() as usize,
                e[1].as_u64().unwrap() as usize,
                e[2].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(edges, want);
}
