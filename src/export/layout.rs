//! A deterministic ForceAtlas2 layout (Jacomy et al. 2014, PLoS ONE 9(6):
//! e98679), written into GEXF `viz:position` so that Gephi opens the graph
//! already laid out.
//!
//! The forces are those of Gephi's ForceAtlas2 with linlog mode, "dissuade
//! hubs" and "prevent overlap" off and Barnes–Hut on (θ = 1.2):
//!
//! - repulsion between every pair of nodes, `k_r · m₁ · m₂ / d`, where a
//!   node's mass `m` is its degree + 1 (degree-based repulsion), with far
//!   groups of nodes taken as one body at their centre of mass (see
//!   `barnes_hut.rs`);
//! - attraction along every edge, `w · d` (edge weight influence 1);
//! - gravity towards the origin, `k_g · m`;
//! - Gephi's adaptive speed: per-node swinging and global traction, with its
//!   jitter tolerance.
//!
//! Parameters follow Gephi's defaults for the graph's size: scaling ratio
//! `k_r` = 10 below 100 nodes and 2 from there on, gravity `k_g` = 1, jitter
//! tolerance 1 from 5,000 nodes and 0.1 below.
//!
//! Repulsion costs O(n log n) per iteration. To keep a run under about
//! 1.5·10⁸ steps of `n · ⌈log₂(n + 1)⌉`, graphs above about 30,000 nodes get
//! fewer iterations than asked for (100,000 nodes: 88; never fewer than 10).
//!
//! Determinism: a node's start position comes from a hash (FNV-1a, then
//! SplitMix64) of its id, so it does not depend on node order or on any
//! random state; every sum runs in a fixed order (node, edge or tree order),
//! each on one thread (a large graph's repulsion sums run in parallel, one
//! node's on one thread). The same graph gives bit-identical positions on
//! every run and machine with IEEE 754 doubles, at any thread count. A position that would not be finite is reset to its start.

mod barnes_hut;

use super::model::ExportGraph;
use barnes_hut::QuadTree;

/// One position per node, index-aligned with `ExportGraph::nodes`. An empty
/// layout means "no positions" to the writers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub positions: Vec<[f64; 2]>,
}

impl Layout {
    /// The position of node `i`, when the layout has one for every node of a
    /// graph of `n` nodes.
    pub fn get(&self, i: usize, n: usize) -> Option<[f64; 2]> {
        if self.positions.len() == n {
            self.positions.get(i).copied()
        } else {
            None
        }
    }
}

/// The default number of iterations.
pub const ITERATIONS: usize = 300;

/// The budget of `n · ⌈log₂(n + 1)⌉` steps that caps iterations on large
/// graphs.
const BUDGET: usize = 150_000_000;

/// Lays out `graph` with at most `iterations` ForceAtlas2 steps (see the
/// module doc for the cap on large graphs).
pub fn force_atlas2(graph: &ExportGraph, iterations: usize) -> Layout {
    let n = graph.nodes.len();
    let start: Vec<[f64; 2]> = graph
        .nodes
        .iter()
        .map(|node| initial_position(&node.id, n))
        .collect();
    let mut state = State::new(graph, start.clone());
    for _ in 0..effective_iterations(n, iterations) {
        state.step();
    }
    let positions = state
        .pos
        .iter()
        .zip(&start)
        .map(|(p, s)| {
            if p[0].is_finite() && p[1].is_finite() {
                *p
            } else {
                *s
            }
        })
        .collect();
    Layout { positions }
}

/// How many iterations a graph of `n` nodes gets when `asked` are asked for.
pub fn effective_iterations(n: usize, asked: usize) -> usize {
    let per_iteration = n * (usize::BITS - n.leading_zeros()) as usize;
    if per_iteration == 0 {
        return asked;
    }
    asked.min((BUDGET / per_iteration).max(10))
}

/// A start position in a square whose side grows with √n, from the id alone.
fn initial_position(id: &str, n: usize) -> [f64; 2] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let side = 10.0 * (n.max(1) as f64).sqrt();
    let a = splitmix64(&mut h);
    let b = splitmix64(&mut h);
    [unit(a) * side, unit(b) * side]
}

/// SplitMix64: the next value of a tiny, well-mixed deterministic generator.
pub(super) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [-1, 1) from the top 53 bits.
fn unit(x: u64) -> f64 {
    ((x >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
}

struct State {
    pos: Vec<[f64; 2]>,
    mass: Vec<f64>,
    /// (source, target, weight) with valid indexes and finite weights.
    edges: Vec<(usize, usize, f64)>,
    old_force: Vec<[f64; 2]>,
    scaling: f64,
    gravity: f64,
    jitter_tolerance: f64,
    speed: f64,
    speed_efficiency: f64,
    tree: QuadTree,
}

impl State {
    fn new(graph: &ExportGraph, pos: Vec<[f64; 2]>) -> State {
        let n = pos.len();
        let edges: Vec<(usize, usize, f64)> = graph
            .edges
            .iter()
            .filter(|e| e.source < n && e.target < n && e.source != e.target)
            .map(|e| {
                let w = if e.weight.is_finite() && e.weight > 0.0 {
                    e.weight
                } else {
                    0.0
                };
                (e.source, e.target, w)
            })
            .collect();
        let mut mass = vec![1.0; n];
        for &(s, t, _) in &edges {
            mass[s] += 1.0;
            mass[t] += 1.0;
        }
        State {
            pos,
            mass,
            edges,
            old_force: vec![[0.0; 2]; n],
            scaling: if n < 100 { 10.0 } else { 2.0 },
            gravity: 1.0,
            jitter_tolerance: if n >= 5000 { 1.0 } else { 0.1 },
            speed: 1.0,
            speed_efficiency: 1.0,
            tree: QuadTree::default(),
        }
    }

    fn forces(&mut self) -> Vec<[f64; 2]> {
        let n = self.pos.len();
        let mut f = vec![[0.0f64; 2]; n];
        self.tree.build(&self.pos, &self.mass);
        self.tree.repulsion(self.scaling, &mut f);
        for (i, fi) in f.iter_mut().enumerate() {
            let [x, y] = self.pos[i];
            let d = (x * x + y * y).sqrt();
            if d > 0.0 {
                let k = self.gravity * self.mass[i] / d;
                fi[0] -= x * k;
                fi[1] -= y * k;
            }
        }
        for &(s, t, w) in &self.edges {
            let dx = self.pos[s][0] - self.pos[t][0];
            let dy = self.pos[s][1] - self.pos[t][1];
            f[s][0] -= dx * w;
            f[s][1] -= dy * w;
            f[t][0] += dx * w;
            f[t][1] += dy * w;
        }
        f
    }

    /// One step with Gephi's adaptive speed.
    fn step(&mut self) {
        let n = self.pos.len();
        if n == 0 {
            return;
        }
        let force = self.forces();
        let mut swinging = vec![0.0; n];
        let mut total_swinging = 0.0;
        let mut total_traction = 0.0;
        for i in 0..n {
            let [fx, fy] = force[i];
            let [ox, oy] = self.old_force[i];
            let sw = ((fx - ox).powi(2) + (fy - oy).powi(2)).sqrt();
            let tr = ((fx + ox).powi(2) + (fy + oy).powi(2)).sqrt() / 2.0;
            swinging[i] = self.mass[i] * sw;
            total_swinging += swinging[i];
            total_traction += self.mass[i] * tr;
        }
        self.adapt_speed(total_swinging, total_traction);
        for i in 0..n {
            let factor = self.speed / (1.0 + (self.speed * swinging[i]).sqrt());
            let next = [
                self.pos[i][0] + force[i][0] * factor,
                self.pos[i][1] + force[i][1] * factor,
            ];
            if next[0].is_finite() && next[1].is_finite() {
                self.pos[i] = next;
            }
        }
        self.old_force = force;
    }

    fn adapt_speed(&mut self, total_swinging: f64, total_traction: f64) {
        if !(total_swinging > 0.0 && total_traction > 0.0) {
            return;
        }
        let n = self.pos.len() as f64;
        let estimated_optimal = 0.05 * n.sqrt();
        let min_jt = estimated_optimal.sqrt();
        let max_jt: f64 = 10.0;
        let mut jt = self.jitter_tolerance
            * min_jt.max(max_jt.min(estimated_optimal * total_traction / (n * n)));
        let min_speed_efficiency = 0.05;
        if total_swinging / total_traction > 2.0 {
            if self.speed_efficiency > min_speed_efficiency {
                self.speed_efficiency *= 0.5;
            }
            jt = jt.max(self.jitter_tolerance);
        }
        let target = jt * self.speed_efficiency * total_traction / total_swinging;
        if total_swinging > jt * total_traction {
            if self.speed_efficiency > min_speed_efficiency {
                self.speed_efficiency *= 0.7;
            }
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        let max_rise = 0.5;
        self.speed += (target - self.speed).min(max_rise * self.speed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::model::{ExportEdge, ExportNode};

    fn path(n: usize) -> ExportGraph {
        ExportGraph {
            nodes: (0..n)
                .map(|i| ExportNode {
                    id: format!("n{i}"),
                    label: String::new(),
                    attrs: vec![],
                })
                .collect(),
            edges: (1..n)
                .map(|i| ExportEdge {
                    source: i - 1,
                    target: i,
                    weight: 1.0,
                    attrs: vec![],
                })
                .collect(),
            ..ExportGraph::default()
        }
    }

    #[test]
    fn neighbours_end_closer_than_the_ends_of_a_path() {
        let l = force_atlas2(&path(10), ITERATIONS);
        let d = |a: usize, b: usize| {
            let [x1, y1] = l.positions[a];
            let [x2, y2] = l.positions[b];
            ((x1 - x2).powi(2) + (y1 - y2).powi(2)).sqrt()
        };
        assert!(d(0, 1) < d(0, 9), "{} vs {}", d(0, 1), d(0, 9));
        assert!(l.positions.iter().flatten().all(|x| x.is_finite()));
    }

    #[test]
    fn large_graphs_get_fewer_iterations() {
        assert_eq!(effective_iterations(100, 300), 300);
        assert_eq!(effective_iterations(2000, 300), 300);
        assert_eq!(effective_iterations(100_000, 300), 88);
        assert_eq!(effective_iterations(10_000_000, 300), 10);
        assert_eq!(effective_iterations(0, 300), 300);
    }

    #[test]
    fn empty_and_single_node_graphs() {
        assert!(
            force_atlas2(&ExportGraph::default(), 10)
                .positions
                .is_empty()
        );
        let one = force_atlas2(&path(1), 10);
        assert_eq!(one.positions.len(), 1);
    }
}
