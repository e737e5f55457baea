//! Metrics on deterministic random co-mention graphs: 300 nodes / 3,000
//! edges and 2,000 nodes / 200,000 edges, integer weights 1..=5.
//!
//! `benches/igraph_compare.py` builds the same graphs with the same
//! generator and times python-igraph's C implementation on them.
//! Run: `cargo bench --bench metrics` (all threads) or with
//! `RAYON_NUM_THREADS=1` for one; `cargo bench --bench metrics layout` for
//! the layouts alone.
//!
//! Measured on the 2-core dev machine (one thread; another job was loading
//! the second core), 2,000 / 200,000, against python-igraph 1.0.0 (C, one
//! thread): betweenness 0.21–0.26 s (igraph 2.37 s), betweenness_w 2.2–2.4 s
//! (igraph 14.0 s), closeness 0.04 s (igraph 1.26 s), closeness_w 1.5 s
//! (igraph 11.1 s); eigenvector 3 ms, pagerank 2.5 ms, louvain 0.37 s.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use namegraph::metrics::{self, Csr};

/// Knuth's MMIX LCG; the same generator is in `igraph_compare.py`.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// `m` distinct edges between `n` nodes, weights 1..=5.
fn random_graph(n: u64, m: usize, seed: u64) -> Vec<(usize, usize, f64)> {
    let mut rng = Lcg(seed);
    let mut seen = HashSet::new();
    let mut edges = Vec::with_capacity(m);
    while edges.len() < m {
        let (u, v) = (rng.next() % n, rng.next() % n);
        if u != v && seen.insert((u.min(v), u.max(v))) {
            edges.push((u as usize, v as usize, (1 + rng.next() % 5) as f64));
        }
    }
    edges
}

/// Sanity checks on the answers, so that a fast wrong result cannot pass.
fn check(g: &Csr) {
    let n = g.node_count();
    for weighted in [false, true] {
        let b = metrics::betweenness(g, weighted);
        assert!(b.iter().all(|x| x.is_finite() && *x >= 0.0) && b.iter().any(|x| *x > 0.0));
        let c = metrics::closeness(g, weighted);
        assert!(c.iter().all(|x| *x > 0.0), "every node reaches another");
    }
    let p = metrics::pagerank(g);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9 && p.len() == n);
    assert!(metrics::modularity(g, &metrics::louvain(g)) > 0.0);
}

fn bench_graph(c: &mut Criterion, n: u64, m: usize, seed: u64) {
    let g = Csr::from_edges(n as usize, random_graph(n, m, seed));
    check(&g);
    let mut group = c.benchmark_group(format!("metrics/{n}x{m}"));
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    group.bench_function("betweenness", |b| {
        b.iter(|| metrics::betweenness(black_box(&g), false))
    });
    group.bench_function("betweenness_w", |b| {
        b.iter(|| metrics::betweenness(black_box(&g), true))
    });
    group.bench_function("closeness", |b| {
        b.iter(|| metrics::closeness(black_box(&g), false))
    });
    group.bench_function("closeness_w", |b| {
        b.iter(|| metrics::closeness(black_box(&g), true))
    });
    group.bench_function("eigenvector", |b| {
        b.iter(|| metrics::eigenvector(black_box(&g)))
    });
    group.bench_function("pagerank", |b| b.iter(|| metrics::pagerank(black_box(&g))));
    group.bench_function("louvain", |b| b.iter(|| metrics::louvain(black_box(&g))));
    group.finish();
}

/// The ForceAtlas2 layout (300 iterations) of a graph of `n` nodes and
/// `m` edges: the size of a document's graph, of the founding corpus's,
/// and of a large gazetteer's corpus graph, whose walk runs in parallel.
fn bench_layout(c: &mut Criterion, n: u64, m: usize, seed: u64) {
    use namegraph::export::layout::{ITERATIONS, force_atlas2};
    use namegraph::export::model::{ExportEdge, ExportGraph, ExportNode};
    let graph = ExportGraph {
        nodes: (0..n)
            .map(|i| ExportNode {
                id: format!("n{i}"),
                label: String::new(),
                attrs: vec![],
            })
            .collect(),
        edges: random_graph(n, m, seed)
            .into_iter()
            .map(|(source, target, weight)| ExportEdge {
                source,
                target,
                weight,
                attrs: vec![],
            })
            .collect(),
        ..ExportGraph::default()
    };
    let mut group = c.benchmark_group("layout");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    group.bench_function(format!("{n}x{m}"), |b| {
        b.iter(|| {
            let layout = force_atlas2(black_box(&graph), ITERATIONS);
            assert!(layout.positions.iter().flatten().all(|x| x.is_finite()));
            layout
        })
    });
    group.finish();
}

fn layouts(c: &mut Criterion) {
    bench_layout(c, 400, 1_700, 3);
    bench_layout(c, 640, 3_300, 4);
    bench_layout(c, 5_000, 25_000, 5);
}

fn small(c: &mut Criterion) {
    bench_graph(c, 300, 3_000, 1);
}

fn large(c: &mut Criterion) {
    bench_graph(c, 2_000, 200_000, 2);
}

criterion_group!(benches, small, large, layouts);
criterion_main!(benches);
