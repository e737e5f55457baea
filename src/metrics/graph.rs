//! [`Csr`]: the compact adjacency every metric reads.
//!
//! petgraph's `UnGraph` keeps edges in insertion order behind linked lists;
//! the metrics want the opposite: contiguous neighbour slices, sorted by node
//! index, so that every loop over neighbours is a linear scan and every float
//! sum runs in an order that does not depend on how the graph was built.
//! The CSR is built once per graph (O(n + m log Δ)) and shared by all metrics.
//!
//! Contract of the input (what a co-mention graph is): undirected, weights
//! finite and > 0, no self-loops, no parallel edges, isolated nodes allowed.
//! Outside it, the behaviour is still defined: self-loops are dropped and
//! parallel edges are merged into one whose weight is their sum.

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;

/// Undirected weighted graph in compressed sparse row form.
///
/// Node `v`'s neighbours are `targets[offsets[v]..offsets[v + 1]]`, in
/// increasing index order, with the matching `weights` and `distances`
/// (`1 / weight`, the length the weighted path metrics use).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    distances: Vec<f64>,
}

impl Csr {
    /// Builds the CSR of a petgraph graph; node `i` is `NodeIndex::new(i)`.
    pub fn from_petgraph<N>(g: &UnGraph<N, f64>) -> Csr {
        let edges = g
            .edge_references()
            .map(|e| (e.source().index(), e.target().index(), *e.weight()));
        Csr::from_edges(g.node_count(), edges)
    }

    /// Builds the CSR of `n` nodes and the undirected edges `(u, v, weight)`.
    ///
    /// # Panics
    /// If an endpoint is `>= n`, or `n` does not fit in a `u32`.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (usize, usize, f64)>) -> Csr {
        assert!(u32::try_from(n).is_ok(), "Csr: {n} nodes do not fit in u32");
        let mut arcs: Vec<(u32, u32, f64)> = Vec::new();
        for (u, v, w) in edges {
            assert!(u < n && v < n, "Csr: edge ({u}, {v}) outside 0..{n}");
            if u != v {
                arcs.push((u as u32, v as u32, w));
                arcs.push((v as u32, u as u32, w));
            }
        }
        // Sorting by weight too makes merged parallel edges sum in a fixed order.
        arcs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        arcs.dedup_by(|next, kept| {
            let same = (next.0, next.1) == (kept.0, kept.1);
            if same {
                kept.2 += next.2;
            }
            same
        });
        Csr::from_sorted_arcs(n, &arcs)
    }

    fn from_sorted_arcs(n: usize, arcs: &[(u32, u32, f64)]) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        for &(u, _, _) in arcs {
            offsets[u as usize + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        Csr {
            offsets,
            targets: arcs.iter().map(|a| a.1).collect(),
            weights: arcs.iter().map(|a| a.2).collect(),
            distances: arcs.iter().map(|a| 1.0 / a.2).collect(),
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of undirected edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// Neighbours of `v`, in increasing index order.
    pub fn neighbors(&self, v: usize) -> &[u32] {
        &self.targets[self.range(v)]
    }

    /// Weights of the edges to [`Csr::neighbors`]`(v)`, in the same order.
    pub fn weights(&self, v: usize) -> &[f64] {
        &self.weights[self.range(v)]
    }

    /// `1 / weight` of the edges to [`Csr::neighbors`]`(v)`, in the same order.
    pub fn distances(&self, v: usize) -> &[f64] {
        &self.distances[self.range(v)]
    }

    fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.offsets[v]..self.offsets[v + 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_sorted_whatever_the_insertion_order() {
        let a = Csr::from_edges(4, [(2, 0, 1.0), (0, 1, 2.0), (3, 0, 4.0)]);
        let b = Csr::from_edges(4, [(0, 3, 4.0), (1, 0, 2.0), (0, 2, 1.0)]);
        assert_eq!(a, b);
        assert_eq!(a.neighbors(0), &[1, 2, 3]);
        assert_eq!(a.weights(0), &[2.0, 1.0, 4.0]);
        assert_eq!(a.distances(0), &[0.5, 1.0, 0.25]);
        assert_eq!((a.node_count(), a.edge_count()), (4, 3));
    }

    #[test]
    fn self_loops_dropped_parallel_edges_merged() {
        let g = Csr::from_edges(3, [(0, 1, 1.0), (1, 1, 5.0), (1, 0, 2.5)]);
        assert_eq!(g.neighbors(1), &[0]);
        assert_eq!(g.weights(1), &[3.5]);
        assert!(g.neighbors(2).is_empty());
    }

    #[test]
    fn empty_graph() {
        let g = Csr::from_edges(0, []);
        assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    }
}
