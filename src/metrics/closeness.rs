//! Closeness centrality: how near a node is to the nodes it can reach.
//!
//! # Reference
//! * `weighted = false`: `nx.closeness_centrality(G)` (hop counts);
//! * `weighted = true`: `nx.closeness_centrality(G, distance="distance")`
//!   with `distance = 1 / weight`.
//!
//! Both with networkx's default `wf_improved=True` (Wasserman and Faust): for
//! a node reaching `r - 1` others at total distance `D` in a graph of `n`
//! nodes, `closeness = (r - 1) / D * (r - 1) / (n - 1)`, so nodes in small
//! components are not over-rated. Equal to networkx within 1e-9.
//!
//! # Complexity
//! One BFS (O(m)) or Dijkstra (O(m log n)) per node, in parallel over
//! nodes; each value depends on its own search only, so the result is the
//! same at any thread count.
//!
//! # Edge cases
//! An isolated node, a one-node graph and a node that reaches nothing get
//! 0.0 (as networkx); an empty graph gives an empty vector.
//!
//! # Example
//! A path 0–1–2 and an isolated node 3 (networkx's values):
//! ```
//! use namegraph::metrics::{closeness, Csr};
//! let g = Csr::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)]);
//! assert_eq!(closeness(&g, false), [4.0 / 9.0, 2.0 / 3.0, 4.0 / 9.0, 0.0]);
//! // Weighted: a weak edge 0–2 (weight 0.25, distance 4) loses to 0–1–2.
//! let t = Csr::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 0.25)]);
//! assert_eq!(closeness(&t, true), [2.0 / 3.0, 1.0, 2.0 / 3.0]);
//! ```

use super::Csr;
use super::paths::{Search, component_sizes, map_sources};

/// Closeness of every node; see the [module doc](self).
pub fn closeness(g: &Csr, weighted: bool) -> Vec<f64> {
    let n = g.node_count();
    let reachable = component_sizes(g);
    map_sources(g, |search, s| {
        search.run(g, s, reachable[s], weighted, false);
        closeness_of(search, weighted, n)
    })
}

/// The closeness of the source of the last `search` in a graph of `n` nodes.
pub(crate) fn closeness_of(search: &Search, weighted: bool, n: usize) -> f64 {
    let total = total_distance(search, weighted);
    wf_closeness(search.order().len(), total, n)
}

/// Sum of the distances to the reached nodes, in the order they were
/// settled (networkx sums its distance dict in that order too); by hops,
/// depth times the size of each BFS level.
fn total_distance(search: &Search, weighted: bool) -> f64 {
    if weighted {
        search
            .order()
            .iter()
            .map(|&v| search.dist[v as usize])
            .sum()
    } else {
        let levels = search.levels.windows(2).enumerate();
        let hops: usize = levels.map(|(depth, w)| depth * (w[1] - w[0])).sum();
        hops as f64
    }
}

/// networkx's formula, operation for operation.
fn wf_closeness(reached: usize, total: f64, n: usize) -> f64 {
    if total > 0.0 && n > 1 {
        let others = reached as f64 - 1.0;
        others / total * (others / (n - 1) as f64)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star() {
        let g = Csr::from_edges(4, (1..4).map(|i| (0, i, 2.0)));
        assert_eq!(closeness(&g, false), [1.0, 0.6, 0.6, 0.6]);
        // Distances are halved, so closeness doubles.
        assert_eq!(closeness(&g, true), [2.0, 1.2, 1.2, 1.2]);
    }

    #[test]
    fn tiny_graphs() {
        assert!(closeness(&Csr::from_edges(0, []), true).is_empty());
        assert_eq!(closeness(&Csr::from_edges(1, []), false), [0.0]);
        assert_eq!(
            closeness(&Csr::from_edges(2, [(0, 1, 1.0)]), false),
            [1.0, 1.0]
        );
    }
}
