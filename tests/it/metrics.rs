//! The metrics against networkx: every graph in `tests/fixtures/metrics`
//! (written by `make_reference.py` there, which records networkx's version
//! and the exact calls) is rebuilt as a petgraph graph, and every metric is
//! compared node by node. Also: results identical at 1 and 2 threads.

use std::path::{Path, PathBuf};

use namegraph::metrics::{self, Csr};
use petgraph::graph::UnGraph;
use serde_json::Value;

/// One reference graph and networkx's values.
struct Case {
    name: String,
    graph: UnGraph<(), f64>,
    doc: Value,
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics")
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 11, "reference fixtures missing: {paths:?}");
    paths.iter().map(|p| load(p)).collect()
}

fn load(path: &Path) -> Case {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut graph = UnGraph::<(), f64>::default();
    for _ in 0..doc["nodes"].as_u64().unwrap() {
        graph.add_node(());
    }
    for e in doc["edges"].as_array().unwrap() {
        let (u, v) = (e[0].as_u64().unwrap() as u32, e[1].as_u64().unwrap() as u32);
        graph.add_edge(u.into(), v.into(), e[2].as_f64().unwrap());
    }
    let name = doc["name"].as_str().unwrap().to_string();
    Case { name, graph, doc }
}

fn expected(case: &Case, metric: &str) -> Vec<f64> {
    let values = case.doc[metric]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no {metric}", case.name));
    values.iter().map(|v| v.as_f64().unwrap()).collect()
}

fn assert_close(case: &Case, metric: &str, ours: &[f64], tolerance: f64) {
    let reference = expected(case, metric);
    assert_eq!(
        ours.len(),
        reference.len(),
        "{}: {metric}: node count",
        case.name
    );
    for (node, (a, b)) in ours.iter().zip(&reference).enumerate() {
        assert!(
            (a - b).abs() <= tolerance,
            "{}: node {node}: {metric}: ours {a:e}, networkx {b:e} (tolerance {tolerance:e})",
            case.name
        );
    }
}

#[test]
fn degree_and_strength_equal_networkx() {
    for case in cases() {
        let g = Csr::from_petgraph(&case.graph);
        let degree: Vec<f64> = metrics::degree(&g).into_iter().map(|d| d as f64).collect();
        assert_close(&case, "degree", &degree, 0.0);
        assert_close(&case, "strength", &metrics::strength(&g), 1e-9);
    }
}

#[test]
fn betweenness_equals_networkx() {
    for case in cases() {
        let g = Csr::from_petgraph(&case.graph);
        assert_close(&case, "betweenness", &metrics::betweenness(&g, false), 1e-9);
        assert_close(
            &case,
            "betweenness_w",
            &metrics::betweenness(&g, true),
            1e-9,
        );
    }
}

#[test]
fn closeness_equals_networkx() {
    for case in cases() {
        let g = Csr::from_petgraph(&case.graph);
        assert_close(&case, "closeness", &metrics::closeness(&g, false), 1e-9);
        assert_close(&case, "closeness_w", &metrics::closeness(&g, true), 1e-9);
    }
}

#[test]
fn eigenvector_equals_networkx() {
    for case in cases() {
        let ours = metrics::eigenvector(&Csr::from_petgraph(&case.graph));
        if case.doc["eigenvector"].is_null() {
            // networkx raises only for the null graph; we return nothing.
            assert_eq!(case.graph.node_count(), 0, "{}: networkx raised", case.name);
            assert!(
                ours.is_empty(),
                "{}: eigenvector of the null graph",
                case.name
            );
        } else {
            assert_close(&case, "eigenvector", &ours, 1e-7);
        }
    }
}

#[test]
fn pagerank_equals_networkx() {
    for case in cases() {
        assert_close(
            &case,
            "pagerank",
            &metrics::pagerank(&Csr::from_petgraph(&case.graph)),
            1e-7,
        );
    }
}

/// networkx's (seed, modularity, communities) per Louvain seed.
fn networkx_louvain(case: &Case) -> Vec<(u64, Option<f64>, Vec<usize>)> {
    let n = case.graph.node_count();
    let runs = case.doc["louvain"].as_array().unwrap();
    runs.iter()
        .map(|run| {
            let mut labels = vec![usize::MAX; n];
            for (id, community) in run["communities"].as_array().unwrap().iter().enumerate() {
                for v in community.as_array().unwrap() {
                    labels[v.as_u64().unwrap() as usize] = id;
                }
            }
            (
                run["seed"].as_u64().unwrap(),
                run["modularity"].as_f64(),
                labels,
            )
        })
        .collect()
}

#[test]
fn modularity_equals_networkx_on_its_partitions() {
    for case in cases() {
        let g = Csr::from_petgraph(&case.graph);
        for (seed, reference, labels) in networkx_louvain(&case) {
            let ours = metrics::modularity(&g, &labels);
            match reference {
                Some(q) => assert!(
                    (ours - q).abs() < 1e-12,
                    "{}: seed {seed}: modularity {ours} vs {q}",
                    case.name
                ),
                // networkx divides by zero without edges; we define 0.
                None => assert_eq!(
                    (ours, g.edge_count()),
                    (0.0, 0),
                    "{}: seed {seed}",
                    case.name
                ),
            }
        }
    }
}

#[test]
fn louvain_reaches_networkx_modularity() {
    for case in cases() {
        let g = Csr::from_petgraph(&case.graph);
        let communities = metrics::louvain(&g);
        assert_first_appearance_ids(&case.name, &communities);
        let ours = metrics::modularity(&g, &communities);
        let theirs: Vec<(u64, f64)> = networkx_louvain(&case)
            .into_iter()
            .filter_map(|(s, q, _)| Some((s, q?)))
            .collect();
        let best = theirs.iter().map(|t| t.1).fold(f64::NEG_INFINITY, f64::max);
        let seed0 = theirs.first().map_or(f64::NAN, |t| t.1);
        assert!(
            theirs.is_empty() || ours >= best - 1e-12,
            "{}: our modularity {ours} < networkx's best {best} (seed 0: {seed0}; all: {theirs:?})",
            case.name
        );
    }
}

/// Ids are 0, 1, … in order of each community's smallest node.
fn assert_first_appearance_ids(name: &str, communities: &[usize]) {
    let mut next = 0;
    for (v, &c) in communities.iter().enumerate() {
        assert!(
            c <= next,
            "{name}: node {v} has community {c}, expected at most {next}"
        );
        next = next.max(c + 1);
    }
}

#[test]
fn compute_gathers_every_metric() {
    for case in cases() {
        let m = metrics::compute(&case.graph);
        let g = Csr::from_petgraph(&case.graph);
        assert_eq!(m.nodes.len(), case.graph.node_count(), "{}", case.name);
        let pick = |f: fn(&metrics::NodeMetrics) -> f64| m.nodes.iter().map(f).collect::<Vec<_>>();
        assert_close(&case, "betweenness", &pick(|n| n.betweenness), 1e-9);
        assert_close(&case, "betweenness_w", &pick(|n| n.betweenness_w), 1e-9);
        assert_close(&case, "closeness", &pick(|n| n.closeness), 1e-9);
        assert_close(&case, "closeness_w", &pick(|n| n.closeness_w), 1e-9);
        assert_close(&case, "strength", &pick(|n| n.strength), 1e-9);
        assert_close(&case, "pagerank", &pick(|n| n.pagerank), 1e-7);
        let communities: Vec<usize> = m.nodes.iter().map(|n| n.community).collect();
        assert_eq!(communities, metrics::louvain(&g), "{}", case.name);
        assert_eq!(
            m.modularity,
            metrics::modularity(&g, &communities),
            "{}",
            case.name
        );
    }
}

/// Path metrics and communities, as bit patterns, inside a pool of `threads`.
fn fingerprint(g: &Csr, threads: usize) -> Vec<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let floats = [
            metrics::betweenness(g, false),
            metrics::betweenness(g, true),
            metrics::closeness(g, false),
            metrics::closeness(g, true),
        ];
        let communities = metrics::louvain(g).into_iter().map(|c| c as u64);
        floats
            .iter()
            .flatten()
            .map(|x| x.to_bits())
            .chain(communities)
            .collect()
    })
}

#[test]
fn same_bits_at_one_and_two_threads() {
    // The largest fixture spans several betweenness blocks of 64 sources.
    let case = cases()
        .into_iter()
        .find(|c| c.name == "random_300")
        .unwrap();
    let g = Csr::from_petgraph(&case.graph);
    let one = fingerprint(&g, 1);
    assert_eq!(one, fingerprint(&g, 2));
    assert_eq!(one, fingerprint(&g, 3));
}

#[test]
fn edge_insertion_order_does_not_matter() {
    let case = cases().into_iter().find(|c| c.name == "random_60").unwrap();
    let mut reversed = UnGraph::<(), f64>::default();
    case.graph.node_indices().for_each(|_| {
        reversed.add_node(());
    });
    for e in case.graph.raw_edges().iter().rev() {
        reversed.add_edge(e.target(), e.source(), e.weight);
    }
    assert_eq!(metrics::compute(&case.graph), metrics::compute(&reversed));
}
