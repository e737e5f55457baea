//! Degree and strength: how many entities a node is co-mentioned with, and
//! how often.
//!
//! # Reference
//! * [`degree`]: `G.degree(n)`, exact;
//! * [`strength`]: `G.degree(n, weight="weight")`, the sum of the weights of
//!   the node's edges, added in increasing neighbour order (within 1e-9 of
//!   networkx, which adds in edge insertion order).
//!
//! O(n + m). Isolated nodes: 0 and 0.0; an empty graph: empty vectors.
//!
//! # Example
//! ```
//! use namegraph::metrics::{degree, strength, Csr};
//! let g = Csr::from_edges(4, [(0, 1, 1.0), (1, 2, 2.5)]);
//! assert_eq!(degree(&g), [1, 2, 1, 0]);
//! assert_eq!(strength(&g), [1.0, 3.5, 2.5, 0.0]);
//! ```

use super::Csr;

/// Number of neighbours of every node.
pub fn degree(g: &Csr) -> Vec<usize> {
    (0..g.node_count()).map(|v| g.neighbors(v).len()).collect()
}

/// Sum of the edge weights of every node; 0 (not `-0.0`, the empty sum of
/// `Iterator::sum`) for an isolated one.
pub fn strength(g: &Csr) -> Vec<f64> {
    (0..g.node_count())
        .map(|v| g.weights(v).iter().fold(0.0, |s, w| s + w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An isolated node's strength is 0, not -0.0 (which a table shows as
    /// "-0.0" and whose inverse is -inf).
    #[test]
    fn an_isolated_node_has_strength_zero() {
        let g = Csr::from_edges(3, [(0, 1, 2.5)]);
        let s = strength(&g);
        assert_eq!(s, [2.5, 2.5, 0.0]);
        assert!(s[2].is_sign_positive());
    }
}
