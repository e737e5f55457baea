//! Eigenvector centrality: a node is central when its neighbours are,
//! weighted by co-mention counts.
//!
//! # Reference
//! `nx.eigenvector_centrality(G, weight="weight", max_iter=100000, tol=1e-13)`,
//! within 1e-7. The iteration is networkx's, step for step: start from
//! `1 / n` everywhere, repeat `x ← (A + I)·x` (the `+ I` keeps bipartite
//! graphs such as stars and paths from oscillating), scale `x` to unit
//! Euclidean norm, and stop once the L1 change is below `n · 1e-13`. Each
//! node adds its neighbours' contributions in increasing index order, the
//! order networkx's loop over nodes produces.
//!
//! # Complexity
//! O(m) per iteration; the number of iterations grows as the ratio of the
//! two largest eigenvalues of `A + I` approaches 1.
//!
//! # Edge cases
//! * Empty graph: networkx raises `NetworkXPointlessConcept`; we return an
//!   empty vector.
//! * No edges: the iteration is stationary at once and every node gets
//!   `1 / sqrt(n)` (a single node: 1.0), as networkx returns.
//! * Disconnected graphs and isolated nodes: defined by the same iteration
//!   from the same start, so the values equal networkx's (isolated nodes
//!   decay towards 0 but stop at a tiny positive value, as there).
//! * No convergence within 100,000 iterations: networkx raises
//!   `PowerIterationFailedConvergence`; we return the last iterate, and
//!   [`eigenvector_converged`] says so (a run warns of it).
//!
//! # Example
//! A path 0–1–2 and an isolated node 3 (networkx's values):
//! ```
//! use namegraph::metrics::{eigenvector, Csr};
//! let g = Csr::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)]);
//! let x = eigenvector(&g);
//! let nx = [0.5, 0.7071067811865476, 0.5, 1.368175144400908e-13];
//! assert!(x.iter().zip(nx).all(|(a, b)| (a - b).abs() < 1e-12));
//! ```

use super::Csr;

/// networkx's `max_iter` for the reference.
pub const MAX_ITER: usize = 100_000;
const TOL: f64 = 1e-13;

/// Eigenvector centrality of every node; see the [module doc](self).
pub fn eigenvector(g: &Csr) -> Vec<f64> {
    eigenvector_converged(g).0
}

/// [`eigenvector`], and whether the iteration converged (if not, the
/// values are the last of [`MAX_ITER`] iterates, where networkx raises).
pub fn eigenvector_converged(g: &Csr) -> (Vec<f64>, bool) {
    let n = g.node_count();
    if n == 0 {
        return (Vec::new(), true);
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ITER {
        multiply_shifted(g, &x, &mut next);
        normalise(&mut next);
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * TOL {
            return (x, true);
        }
    }
    (x, false)
}

/// `next = (A + I)·x`.
fn multiply_shifted(g: &Csr, x: &[f64], next: &mut [f64]) {
    for (v, out) in next.iter_mut().enumerate() {
        let mut sum = x[v];
        for (&u, &w) in g.neighbors(v).iter().zip(g.weights(v)) {
            sum += x[u as usize] * w;
        }
        *out = sum;
    }
}

/// Scales `x` to unit Euclidean norm (a zero norm counts as 1, as in networkx).
fn normalise(x: &mut [f64]) {
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    let norm = if norm == 0.0 { 1.0 } else { norm };
    x.iter_mut().for_each(|v| *v /= norm);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_edges_gives_uniform_unit_vector() {
        assert!(eigenvector(&Csr::from_edges(0, [])).is_empty());
        assert_eq!(eigenvector(&Csr::from_edges(1, [])), [1.0]);
        assert_eq!(eigenvector(&Csr::from_edges(4, [])), [0.5; 4]);
    }

    #[test]
    fn weights_count() {
        // Triangle with a heavy edge 0–1: 0 and 1 outrank 2.
        let x = eigenvector(&Csr::from_edges(3, [(0, 1, 5.0), (1, 2, 1.0), (0, 2, 1.0)]));
        assert!((x[0] - x[1]).abs() < 1e-12 && x[0] > x[2]);
        assert!((x.iter().map(|v| v * v).sum::<f64>() - 1.0).abs() < 1e-12);
    }

    /// A heavily weighted star, nearly bipartite: networkx's iteration
    /// (and ours) does not converge in 100,000 steps, and says so; a path
    /// does.
    #[test]
    fn no_convergence_is_reported() {
        let star = Csr::from_edges(4, [(0, 1, 40_000.0), (0, 2, 40_000.0), (0, 3, 40_000.0)]);
        let (x, converged) = eigenvector_converged(&star);
        assert!(!converged);
        assert_eq!(x.len(), 4);
        let path = Csr::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        assert!(eigenvector_converged(&path).1);
    }
}
