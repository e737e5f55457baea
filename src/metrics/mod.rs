//! Network metrics of a co-mention graph: degree and strength, betweenness
//! and closeness (by hops and by `1 / weight` distances), eigenvector
//! centrality, PageRank, Louvain communities and their modularity.
//!
//! Every metric lives in its own file whose doc names the networkx call it
//! equals, its complexity and its edge cases; `tests/it/metrics.rs` checks
//! each against networkx's values in `tests/fixtures/metrics` (computed by
//! the script there). All metrics read a [`Csr`] built once from the
//! petgraph graph, with neighbours sorted by node index so that no result
//! depends on edge insertion order, and every parallel metric sums its
//! floats in a fixed order so that results are the same bytes at any thread
//! count.
//!
//! ```
//! use petgraph::graph::UnGraph;
//! let g = UnGraph::<(), f64>::from_edges([(0, 1, 1.0), (1, 2, 2.0)]);
//! let m = namegraph::metrics::compute(&g);
//! assert_eq!(m.nodes[1].degree, 2);
//! assert_eq!(m.nodes[1].betweenness, 1.0);
//! assert_eq!(m.nodes[0].closeness_w, 0.8);
//! ```

pub mod graph;

pub mod betweenness;
pub mod closeness;
pub mod community;
pub mod degree;
pub mod eigenvector;
pub mod pagerank;
mod paths;

pub use betweenness::{betweenness, betweenness_closeness};
pub use closeness::closeness;
pub use community::{louvain, modularity};
pub use degree::{degree, strength};
pub use eigenvector::{eigenvector, eigenvector_converged};
pub use graph::Csr;
pub use pagerank::pagerank;

use petgraph::graph::UnGraph;

/// Every metric of one node; see each function for its definition.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeMetrics {
    pub degree: usize,
    pub strength: f64,
    /// By hop count.
    pub betweenness: f64,
    /// By hop count.
    pub closeness: f64,
    /// By distance `1 / weight`.
    pub betweenness_w: f64,
    /// By distance `1 / weight`.
    pub closeness_w: f64,
    pub eigenvector: f64,
    pub pagerank: f64,
    /// Louvain community id, numbered from 0 by smallest node index.
    pub community: usize,
}

/// Metrics of a whole graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Indexed by petgraph `NodeIndex::index()`.
    pub nodes: Vec<NodeMetrics>,
    /// Modularity of the communities in `nodes`.
    pub modularity: f64,
    /// Whether eigenvector centrality converged (see
    /// [`eigenvector_converged`]).
    pub eigenvector_converged: bool,
}

/// The warning for a graph whose eigenvector centrality did not converge.
pub fn not_converged(graph: &str) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::warning(
        graph,
        format!(
            "eigenvector centrality did not converge in {} iterations (networkx raises \
             PowerIterationFailedConvergence): its values are the last iterate, \
             not exact; rank by pagerank instead",
            eigenvector::MAX_ITER
        ),
    )
}

/// Computes every metric of `g` (edge weights > 0, the co-mention counts).
pub fn compute<N>(g: &UnGraph<N, f64>) -> Metrics {
    let csr = Csr::from_petgraph(g);
    let community = louvain(&csr);
    let modularity = modularity(&csr, &community);
    let degree = degree(&csr);
    let strength = strength(&csr);
    let (betweenness, closeness) = betweenness_closeness(&csr, false);
    let (betweenness_w, closeness_w) = betweenness_closeness(&csr, true);
    let ((eigenvector, eigenvector_converged), pagerank) =
        (eigenvector_converged(&csr), pagerank(&csr));
    let nodes = (0..csr.node_count())
        .map(|v| NodeMetrics {
            degree: degree[v],
            strength: strength[v],
            betweenness: betweenness[v],
            closeness: closeness[v],
            betweenness_w: betweenness_w[v],
            closeness_w: closeness_w[v],
            eigenvector: eigenvector[v],
            pagerank: pagerank[v],
            community: community[v],
        })
        .collect();
    Metrics {
        nodes,
        modularity,
        eigenvector_converged,
    }
}
