//! PageRank with co-mention weights: the stationary distribution of a random
//! walk that follows edges in proportion to their weight and, with
//! probability 0.15, jumps to a uniformly chosen node.
//!
//! # Reference
//! `nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=100000)`,
//! within 1e-7. (networkx's default `max_iter=100` is often too few to reach
//! `tol=1e-13`, on a star for one: it raises `PowerIterationFailedConvergence`.) The iteration
//! is networkx's (`_pagerank_scipy`): start from `1 / n`, repeat
//! `x ← α·(x·P + Σ_dangling x · 1/n) + (1 − α)/n` where `P` is the
//! row-normalised weight matrix and dangling nodes (isolated nodes, in an
//! undirected graph) spread their rank uniformly; stop once the L1 change is
//! below `n · 1e-13`.
//!
//! Not petgraph's `page_rank`, which is unweighted and O(n·|V|²·|E|).
//!
//! # Complexity
//! O(m) per iteration; the error shrinks by at least α per iteration, so
//! about 200 iterations whatever the graph.
//!
//! # Edge cases
//! Empty graph: empty vector (networkx: `{}`). One node: 1.0. Isolated
//! nodes get `(1 − α)/n` plus their share of the dangling mass. The values
//! sum to 1.
//!
//! # Example
//! A path 0–1–2 and an isolated node 3 (networkx's values):
//! ```
//! use namegraph::metrics::{pagerank, Csr};
//! let g = Csr::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)]);
//! let nx = [0.24453024453020536, 0.46332046332054166, 0.24453024453020536, 0.04761904761904763];
//! assert!(pagerank(&g).iter().zip(nx).all(|(a, b)| (a - b).abs() < 1e-12));
//! ```

use super::Csr;
use super::degree::strength;

const ALPHA: f64 = 0.85;
const MAX_ITER: usize = 100_000;
const TOL: f64 = 1e-13;

/// PageRank of every node; see the [module doc](self).
pub fn pagerank(g: &Csr) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let inverse_strength: Vec<f64> = strength(g)
        .into_iter()
        .map(|s| if s == 0.0 { 0.0 } else { 1.0 / s })
        .collect();
    let p = 1.0 / n as f64;
    let mut x = vec![p; n];
    let mut next = vec![0.0; n];
    let mut outflow = vec![0.0; n];
    for _ in 0..MAX_ITER {
        let dangling: f64 = (0..n)
            .filter(|&v| inverse_strength[v] == 0.0)
            .map(|v| x[v])
            .sum();
        outflow
            .iter_mut()
            .zip(&x)
            .zip(&inverse_strength)
            .for_each(|((o, x), i)| *o = x * i);
        for (v, out) in next.iter_mut().enumerate() {
            let inflow = walk_in(g, &outflow, v);
            *out = ALPHA * (inflow + dangling * p) + (1.0 - ALPHA) * p;
        }
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * TOL {
            break;
        }
    }
    x
}

/// Rank flowing into `v`: `Σ_u x[u] · w(u, v) / strength(u)`.
fn walk_in(g: &Csr, outflow: &[f64], v: usize) -> f64 {
    g.neighbors(v)
        .iter()
        .zip(g.weights(v))
        .map(|(&u, &w)| outflow[u as usize] * w)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_graphs() {
        assert!(pagerank(&Csr::from_edges(0, [])).is_empty());
        assert_eq!(pagerank(&Csr::from_edges(1, [])), [1.0]);
        assert_eq!(pagerank(&Csr::from_edges(2, [(0, 1, 3.0)])), [0.5, 0.5]);
    }

    #[test]
    fn sums_to_one_with_isolated_nodes() {
        let x = pagerank(&Csr::from_edges(5, [(0, 1, 1.0), (1, 2, 4.0)]));
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(x[3], x[4]);
        assert!(x[1] > x[2] && x[2] > x[0]);
    }
}
