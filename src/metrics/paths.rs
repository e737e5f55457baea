//! Single-source shortest paths shared by [`betweenness`](super::betweenness)
//! and [`closeness`](super::closeness), and the fixed-block parallel driver
//! that keeps their results identical at any thread count.
//!
//! A [`Search`] owns flat buffers sized to the graph and is reused for every
//! source a thread handles; resetting touches only the nodes the previous
//! search reached. Unweighted searches are BFS; weighted ones are Dijkstra on
//! `distance = 1 / weight` with a binary heap keyed by `(distance, node)`.
//! Distances are compared with `==` on the float sums, exactly like
//! networkx's `_single_source_dijkstra_path_basic`: two paths tie only when
//! their sums are the same double. Since each node's distance is the minimum
//! of `dist[pred] + distance(pred, node)` over its settled neighbours, that
//! double does not depend on the order in which nodes or edges are visited.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::Csr;

/// Sources per block: a block's partial result is computed by one thread,
/// and partials are summed in block order, so the result never depends on the
/// number of threads.
pub(crate) const BLOCK: usize = 64;
/// Blocks computed in parallel before their partials are folded in, which
/// bounds memory at `WAVE * n` floats.
const WAVE: usize = 32;
const UNREACHED: u32 = u32::MAX;

/// Buffers of one single-source search; see the module doc.
pub(crate) struct Search {
    /// Reached nodes in the order they were settled (non-decreasing distance).
    pub order: Vec<u32>,
    /// Number of shortest paths from the source.
    pub sigma: Vec<f64>,
    /// BFS depth (unweighted searches), `u32::MAX` when unreached.
    pub hops: Vec<u32>,
    /// Weighted distance (weighted searches), infinite when unreached.
    pub dist: Vec<f64>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl Search {
    pub fn new(n: usize) -> Search {
        Search {
            order: Vec::with_capacity(n),
            sigma: vec![0.0; n],
            hops: vec![UNREACHED; n],
            dist: vec![f64::INFINITY; n],
            heap: BinaryHeap::new(),
        }
    }

    /// Shortest paths from `s`: BFS, or Dijkstra on `1 / weight`.
    pub fn run(&mut self, g: &Csr, s: usize, weighted: bool) {
        self.reset();
        if weighted {
            self.dijkstra(g, s);
        } else {
            self.bfs(g, s);
        }
    }

    fn reset(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.sigma[v] = 0.0;
            self.hops[v] = UNREACHED;
            self.dist[v] = f64::INFINITY;
        }
        self.order.clear();
    }

    fn bfs(&mut self, g: &Csr, s: usize) {
        self.hops[s] = 0;
        self.sigma[s] = 1.0;
        self.order.push(s as u32);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            let (v, next) = (v as usize, self.hops[v as usize] + 1);
            let sigma_v = self.sigma[v];
            for &w in g.neighbors(v) {
                let w = w as usize;
                if self.hops[w] == UNREACHED {
                    self.hops[w] = next;
                    self.order.push(w as u32);
                }
                if self.hops[w] == next {
                    self.sigma[w] += sigma_v;
                }
            }
        }
    }

    /// Non-negative doubles order like their bit patterns, so the heap key is
    /// `(dist.to_bits(), node)`; an entry is stale when its key no longer
    /// matches `dist`, because a node is pushed once per strictly smaller
    /// distance.
    fn dijkstra(&mut self, g: &Csr, s: usize) {
        self.dist[s] = 0.0;
        self.sigma[s] = 1.0;
        self.heap.push(Reverse((0.0f64.to_bits(), s as u32)));
        while let Some(Reverse((key, v))) = self.heap.pop() {
            let v = v as usize;
            if key != self.dist[v].to_bits() {
                continue;
            }
            self.order.push(v as u32);
            let (dist_v, sigma_v) = (self.dist[v], self.sigma[v]);
            for (&w, &d) in g.neighbors(v).iter().zip(g.distances(v)) {
                let (w, through_v) = (w as usize, dist_v + d);
                if through_v < self.dist[w] {
                    self.dist[w] = through_v;
                    self.sigma[w] = sigma_v;
                    self.heap.push(Reverse((through_v.to_bits(), w as u32)));
                } else if through_v == self.dist[w] {
                    self.sigma[w] += sigma_v;
                }
            }
        }
    }
}

/// Calls `per_source(search, s, partial)` for every source `s`, in blocks of
/// [`BLOCK`] sources run in parallel, each block filling its own `partial`
/// vector; returns the sum of the partials taken in block order.
pub(crate) fn sum_over_sources<F>(g: &Csr, per_source: F) -> Vec<f64>
where
    F: Fn(&mut Search, &mut Vec<f64>, usize, &mut [f64]) + Sync,
{
    let n = g.node_count();
    let blocks: Vec<usize> = (0..n.div_ceil(BLOCK)).collect();
    let mut total = vec![0.0; n];
    for wave in blocks.chunks(WAVE) {
        let partials: Vec<Vec<f64>> = wave
            .par_iter()
            .map_init(
                || (Search::new(n), vec![0.0; n]),
                |(search, scratch), &b| {
                    let mut partial = vec![0.0; n];
                    for s in b * BLOCK..n.min((b + 1) * BLOCK) {
                        per_source(search, scratch, s, &mut partial);
                    }
                    partial
                },
            )
            .collect();
        for partial in partials {
            total.iter_mut().zip(&partial).for_each(|(t, p)| *t += p);
        }
    }
    total
}

/// `per_source(search, s)` for every source, in parallel, collected in order.
pub(crate) fn map_sources<F>(g: &Csr, per_source: F) -> Vec<f64>
where
    F: Fn(&mut Search, usize) -> f64 + Sync,
{
    let n = g.node_count();
    (0..n)
        .into_par_iter()
        .map_init(|| Search::new(n), |search, s| per_source(search, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfs_counts_shortest_paths() {
        // A 4-cycle 0-1-3-2-0: two shortest paths from 0 to 3.
        let g = Csr::from_edges(4, [(0, 1, 1.0), (1, 3, 1.0), (0, 2, 1.0), (2, 3, 1.0)]);
        let mut search = Search::new(4);
        search.run(&g, 0, false);
        assert_eq!(search.order, [0, 1, 2, 3]);
        assert_eq!(search.hops, [0, 1, 1, 2]);
        assert_eq!(search.sigma, [1.0, 1.0, 1.0, 2.0]);
    }

    #[test]
    fn dijkstra_ties_only_on_equal_sums() {
        // 0 to 3: directly (1.0) and via 1 (0.5 + 0.5) tie; via 2 (2.0) is longer.
        let g = Csr::from_edges(
            4,
            [
                (0, 3, 1.0),
                (0, 1, 2.0),
                (1, 3, 2.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
            ],
        );
        let mut search = Search::new(4);
        search.run(&g, 0, true);
        assert_eq!(search.dist, [0.0, 0.5, 1.0, 1.0]);
        assert_eq!(search.sigma, [1.0, 1.0, 1.0, 2.0]);
        search.run(&g, 3, true);
        assert_eq!(search.sigma, [2.0, 1.0, 1.0, 1.0]);
    }
}
