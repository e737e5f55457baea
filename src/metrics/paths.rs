//! Single-source shortest paths shared by [`betweenness`](super::betweenness)
//! and [`closeness`](super::closeness), and the fixed-block parallel driver
//! that keeps their results identical at any thread count.
//!
//! A [`Search`] owns flat buffers sized to the graph and is reused for every
//! source a thread handles; resetting touches only the nodes the previous
//! search reached. Unweighted searches are BFS; weighted ones are Dijkstra on
//! `distance = 1 / weight` with a 4-ary heap keyed by `(distance, node)`
//! that holds each node once (decrease-key).
//! Distances are compared with `==` on the float sums, exactly like
//! networkx's `_single_source_dijkstra_path_basic`: two paths tie only when
//! their sums are the same double. Since each node's distance is the minimum
//! of `dist[pred] + distance(pred, node)` over its settled neighbours, that
//! double does not depend on the order in which nodes or edges are visited.

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
    /// Reached nodes in the order they were settled (non-decreasing
    /// distance) in `order[..reached]`; one spare slot lets BFS append
    /// without a branch.
    order: Vec<u32>,
    reached: usize,
    /// BFS only: `order[levels[k]..levels[k + 1]]` are the nodes at depth k.
    pub levels: Vec<usize>,
    /// Number of shortest paths from the source (when counted).
    pub sigma: Vec<f64>,
    /// BFS depth (unweighted searches), `u32::MAX` when unreached.
    pub hops: Vec<u32>,
    /// Weighted distance (weighted searches), infinite when unreached.
    pub dist: Vec<f64>,
    /// BFS: path counts pushed to every neighbour; read only for the next level.
    inbox: Vec<f64>,
    heap: Heap,
}

impl Search {
    pub fn new(n: usize) -> Search {
        Search {
            order: vec![0; n + 1],
            reached: 0,
            levels: Vec::new(),
            sigma: vec![0.0; n],
            hops: vec![UNREACHED; n],
            dist: vec![f64::INFINITY; n],
            inbox: vec![0.0; n],
            heap: Heap::new(n),
        }
    }

    /// Nodes reached by the last search, in the order they were settled.
    pub fn order(&self) -> &[u32] {
        &self.order[..self.reached]
    }

    /// Shortest paths from `s`, whose component has `reachable` nodes (see
    /// [`component_sizes`]): Dijkstra on `1 / weight` (which always counts
    /// paths), or BFS, counting paths only if `count_paths`.
    pub fn run(&mut self, g: &Csr, s: usize, reachable: usize, weighted: bool, count_paths: bool) {
        self.reset();
        if weighted {
            self.dijkstra(g, s);
        } else if count_paths {
            self.bfs::<true>(g, s, reachable);
        } else {
            self.bfs::<false>(g, s, reachable);
        }
    }

    fn reset(&mut self) {
        for &v in &self.order[..self.reached] {
            let v = v as usize;
            self.sigma[v] = 0.0;
            self.inbox[v] = 0.0;
            self.hops[v] = UNREACHED;
            self.dist[v] = f64::INFINITY;
        }
        self.reached = 0;
        self.levels.clear();
    }

    /// Level-synchronous and branch-free in the inner loop: every neighbour
    /// gets `min(depth, its depth)`, is appended to `order` (kept only if it
    /// was unreached), and receives the path count in its inbox. A node at
    /// depth d + 1 only has neighbours at depths d, d + 1 and d + 2, so once
    /// level d is done its inbox holds exactly the sum over its predecessors.
    ///
    /// Once the whole component is reached, the last level has no successors
    /// and its edges are not scanned: in a dense co-mention graph nearly all
    /// nodes are two hops from any source, so this skips most of the work.
    fn bfs<const PATHS: bool>(&mut self, g: &Csr, s: usize, reachable: usize) {
        self.hops[s] = 0;
        self.sigma[s] = 1.0;
        self.order[0] = s as u32;
        let (mut head, mut len, mut depth) = (0, 1, 0);
        while head < len {
            self.levels.push(head);
            let end = len;
            if end == reachable {
                break;
            }
            depth += 1;
            for i in head..end {
                // Without path counts nothing is left to do once all are reached.
                if !PATHS && len == reachable {
                    break;
                }
                let v = self.order[i] as usize;
                let sigma_v = self.sigma[v];
                for &w in g.neighbors(v) {
                    let h = self.hops[w as usize];
                    self.hops[w as usize] = h.min(depth);
                    self.order[len] = w;
                    len += usize::from(h == UNREACHED);
                    if PATHS {
                        self.inbox[w as usize] += sigma_v;
                    }
                }
            }
            if PATHS {
                for &w in &self.order[end..len] {
                    self.sigma[w as usize] = self.inbox[w as usize];
                }
            }
            head = end;
        }
        self.levels.push(len);
        self.reached = len;
    }

    /// Settles nodes in increasing `(distance, node)` order, as a heap of
    /// `(distance, node)` entries popped lowest first; ties in distance go to
    /// the lower node index, and with it the order of `order()`, which the
    /// closeness sum follows.
    fn dijkstra(&mut self, g: &Csr, s: usize) {
        self.dist[s] = 0.0;
        self.sigma[s] = 1.0;
        self.heap.push_or_decrease(s as u32, 0.0);
        while let Some(v) = self.heap.pop() {
            let v = v as usize;
            self.order[self.reached] = v as u32;
            self.reached += 1;
            let (dist_v, sigma_v) = (self.dist[v], self.sigma[v]);
            for (&w, &d) in g.neighbors(v).iter().zip(g.distances(v)) {
                let (w, through_v) = (w as usize, dist_v + d);
                if through_v < self.dist[w] {
                    self.dist[w] = through_v;
                    self.sigma[w] = sigma_v;
                    self.heap.push_or_decrease(w as u32, through_v);
                } else if through_v == self.dist[w] {
                    self.sigma[w] += sigma_v;
                }
            }
        }
    }
}

/// A 4-ary min-heap of `(distance, node)` with one entry per node and
/// decrease-key, so a search pushes each node once and pops no stale
/// entries. Non-negative doubles order like their bit patterns, so the key
/// is `distance.to_bits() << 32 | node` in one `u128`: a strict total order,
/// so the sequence of pops is the one any exact priority queue gives.
struct Heap {
    entries: Vec<u128>,
    /// Where each node's entry is, or [`UNREACHED`] when it has none.
    slot: Vec<u32>,
}

fn key(dist: f64, v: u32) -> u128 {
    (u128::from(dist.to_bits()) << 32) | u128::from(v)
}

fn node(entry: u128) -> u32 {
    entry as u32
}

impl Heap {
    fn new(n: usize) -> Heap {
        Heap {
            entries: Vec::with_capacity(n),
            slot: vec![UNREACHED; n],
        }
    }

    /// Inserts `v` at `dist`, or lowers its entry to `dist`.
    fn push_or_decrease(&mut self, v: u32, dist: f64) {
        let entry = key(dist, v);
        let at = match self.slot[v as usize] {
            UNREACHED => {
                self.entries.push(entry);
                self.entries.len() - 1
            }
            at => at as usize,
        };
        self.sift_up(at, entry);
    }

    fn pop(&mut self) -> Option<u32> {
        let top = *self.entries.first()?;
        let last = self.entries.pop().expect("not empty");
        self.slot[node(top) as usize] = UNREACHED;
        if !self.entries.is_empty() {
            self.sift_down(last);
        }
        Some(node(top))
    }

    /// Places `entry`, no greater than the one at `at`, at `at` or above.
    fn sift_up(&mut self, mut at: usize, entry: u128) {
        while at > 0 {
            let parent = (at - 1) / 4;
            if self.entries[parent] <= entry {
                break;
            }
            self.place(at, self.entries[parent]);
            at = parent;
        }
        self.place(at, entry);
    }

    /// Places `entry` at the root or below.
    fn sift_down(&mut self, entry: u128) {
        let len = self.entries.len();
        let mut at = 0;
        loop {
            let first = 4 * at + 1;
            if first >= len {
                break;
            }
            let least = if first + 4 <= len {
                // Four children: the least in a tournament of selects, not a
                // chain of unpredictable branches (keys are distinct, so the
                // least is the same either way).
                let e = &self.entries[first..first + 4];
                let (a, b) = (usize::from(e[1] < e[0]), 2 + usize::from(e[3] < e[2]));
                first + if e[b] < e[a] { b } else { a }
            } else {
                let mut least = first;
                for c in first + 1..len {
                    if self.entries[c] < self.entries[least] {
                        least = c;
                    }
                }
                least
            };
            if entry <= self.entries[least] {
                break;
            }
            self.place(at, self.entries[least]);
            at = least;
        }
        self.place(at, entry);
    }

    fn place(&mut self, at: usize, entry: u128) {
        self.entries[at] = entry;
        self.slot[node(entry) as usize] = at as u32;
    }
}

/// Number of nodes in the connected component of every node.
pub(crate) fn component_sizes(g: &Csr) -> Vec<usize> {
    let n = g.node_count();
    let (mut label, mut sizes) = (vec![usize::MAX; n], Vec::new());
    let mut stack = Vec::new();
    for root in 0..n {
        if label[root] != usize::MAX {
            continue;
        }
        let (id, mut size) = (sizes.len(), 0);
        label[root] = id;
        stack.push(root);
        while let Some(v) = stack.pop() {
            size += 1;
            for &w in g.neighbors(v) {
                if label[w as usize] == usize::MAX {
                    label[w as usize] = id;
                    stack.push(w as usize);
                }
            }
        }
        sizes.push(size);
    }
    label.iter().map(|&c| sizes[c]).collect()
}

/// Calls `per_source(search, scratch, s, partial)` for every source `s`, in
/// blocks of [`BLOCK`] sources run in parallel, each block filling its own
/// `partial` vector of `len` values; returns the sum of the partials taken in
/// block order. `scratch` (made by `init`) is per-thread working memory.
pub(crate) fn sum_over_sources<T, I, F>(g: &Csr, len: usize, init: I, per_source: F) -> Vec<f64>
where
    I: Fn() -> T + Sync + Send,
    F: Fn(&mut Search, &mut T, usize, &mut [f64]) + Sync,
{
    let n = g.node_count();
    let blocks: Vec<usize> = (0..n.div_ceil(BLOCK)).collect();
    let mut total = vec![0.0; len];
    for wave in blocks.chunks(WAVE) {
        let partials: Vec<Vec<f64>> = wave
            .par_iter()
            .map_init(
                || (Search::new(n), init()),
                |(search, scratch), &b| {
                    let mut partial = vec![0.0; len];
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
        search.run(&g, 0, 4, false, true);
        assert_eq!(search.order(), [0, 1, 2, 3]);
        assert_eq!(search.levels, [0, 1, 3, 4]);
        assert_eq!(search.hops, [0, 1, 1, 2]);
        assert_eq!(search.sigma, [1.0, 1.0, 1.0, 2.0]);
    }

    #[test]
    fn components() {
        let g = Csr::from_edges(6, [(0, 2, 1.0), (2, 4, 1.0), (1, 5, 1.0)]);
        assert_eq!(component_sizes(&g), [3, 2, 3, 1, 3, 2]);
    }

    #[test]
    fn bfs_stops_scanning_once_all_are_reached() {
        // A path 0-1-2 and a node 3 alone in its component.
        let g = Csr::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)]);
        let mut search = Search::new(4);
        for paths in [false, true] {
            search.run(&g, 1, 3, false, paths);
            assert_eq!(
                (search.order(), &search.levels[..]),
                (&[1, 0, 2][..], &[0, 1, 3][..])
            );
            search.run(&g, 0, 3, false, paths);
            assert_eq!(search.levels, [0, 1, 2, 3]);
            search.run(&g, 3, 1, false, paths);
            assert_eq!(
                (search.order(), &search.levels[..]),
                (&[3][..], &[0, 1][..])
            );
        }
    }

    #[test]
    fn bfs_ignores_edges_within_a_level() {
        // 1 and 2 are both at depth 1 and adjacent; 3 has two paths.
        let edges = [
            (0, 1, 1.0),
            (0, 2, 1.0),
            (1, 2, 1.0),
            (1, 3, 1.0),
            (2, 3, 1.0),
        ];
        let mut search = Search::new(4);
        search.run(&Csr::from_edges(4, edges), 0, 4, false, true);
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
        search.run(&g, 0, 4, true, true);
        assert_eq!(search.dist, [0.0, 0.5, 1.0, 1.0]);
        assert_eq!(search.sigma, [1.0, 1.0, 1.0, 2.0]);
        search.run(&g, 3, 4, true, true);
        assert_eq!(search.sigma, [2.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn heap_pops_by_distance_then_node() {
        let mut heap = Heap::new(20);
        let dists = [3.0, 1.0, 2.0, 1.0, 0.5, 7.0, 2.0, 0.25, 9.0, 1.0, 4.0, 6.0];
        for (v, &d) in dists.iter().enumerate() {
            heap.push_or_decrease(v as u32, d);
        }
        heap.push_or_decrease(8, 0.75);
        heap.push_or_decrease(0, 1.0);
        let mut want: Vec<(u64, u32)> = dists
            .iter()
            .enumerate()
            .map(|(v, &d)| {
                (
                    (if v == 8 {
                        0.75
                    } else if v == 0 {
                        1.0
                    } else {
                        d
                    })
                    .to_bits(),
                    v as u32,
                )
            })
            .collect();
        want.sort();
        let popped: Vec<u32> = std::iter::from_fn(|| heap.pop()).collect();
        assert_eq!(popped, want.iter().map(|e| e.1).collect::<Vec<_>>());
        assert!(heap.slot.iter().all(|&s| s == UNREACHED));
    }
}
