//! One level of the Louvain hierarchy: a weighted graph whose nodes are the
//! communities of the level below, with the two phases that work on it.
//!
//! Edges inside a community disappear on aggregation, but the community's
//! strength keeps them (a node's strength counts its internal weight twice),
//! and that is all the modularity gain of moving a whole node needs.

use super::Csr;
use super::strength;

/// Adjacency without self-loops, and each node's strength.
pub(super) struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    strength: Vec<f64>,
}

impl Level {
    pub fn from_csr(g: &Csr) -> Level {
        let n = g.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let (mut targets, mut weights) = (Vec::new(), Vec::new());
        for v in 0..n {
            targets.extend_from_slice(g.neighbors(v));
            weights.extend_from_slice(g.weights(v));
            offsets.push(targets.len());
        }
        let strength = strength(g);
        Level {
            offsets,
            targets,
            weights,
            strength,
        }
    }

    pub fn node_count(&self) -> usize {
        self.strength.len()
    }

    fn arcs(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[v]..self.offsets[v + 1];
        self.targets[range.clone()]
            .iter()
            .map(|&t| t as usize)
            .zip(self.weights[range].iter().copied())
    }

    /// Local moving: starting from `community` (a community id below
    /// [`node_count`](Self::node_count) per node), visits nodes in `order`,
    /// moving each to the neighbouring community with the largest
    /// modularity gain when that beats staying, until a whole pass moves
    /// nothing. Returns a community id per node, and whether any node moved.
    pub fn local_moving(&self, order: &[u32], mut community: Vec<usize>) -> (Vec<usize>, bool) {
        let n = self.node_count();
        let two_m: f64 = self.strength.iter().sum();
        if two_m == 0.0 {
            return (community, false);
        }
        let mut total = vec![0.0; n];
        for (v, &c) in community.iter().enumerate() {
            total[c] += self.strength[v];
        }
        let mut links = Links::new(n);
        let mut any = false;
        // Exact arithmetic could not cycle, as every move raises modularity;
        // the pass cap guards against float noise.
        for _pass in 0..1000 {
            let mut moved = false;
            for &v in order {
                let v = v as usize;
                let best = self.best_community(v, &community, &mut total, &mut links, two_m);
                moved |= best != community[v];
                community[v] = best;
            }
            if !moved {
                break;
            }
            any = true;
        }
        (community, any)
    }

    /// Takes `v` out of its community and returns the one it should join
    /// (its own on ties), with `total` updated for the join.
    fn best_community(
        &self,
        v: usize,
        community: &[usize],
        total: &mut [f64],
        links: &mut Links,
        two_m: f64,
    ) -> usize {
        let k = self.strength[v];
        let own = community[v];
        links.gather(self.arcs(v).map(|(u, w)| (community[u], w)));
        total[own] -= k;
        let gain = |c: usize, total: &[f64], links: &Links| links.weight[c] - total[c] * k / two_m;
        let (mut best, mut best_gain) = (own, gain(own, total, links));
        // A move must win by more than rounding noise, relative to the node's strength.
        let margin = 1e-12 * k;
        for &c in &links.touched {
            let g = gain(c, total, links);
            if g > best_gain + margin {
                (best, best_gain) = (c, g);
            }
        }
        links.clear();
        total[best] += k;
        best
    }

    /// The graph of `count` communities, `community[v]` being `v`'s.
    pub fn aggregate(&self, community: &[usize], count: usize) -> Level {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
        community
            .iter()
            .enumerate()
            .for_each(|(v, &c)| members[c].push(v));
        let mut next = Level {
            offsets: vec![0],
            targets: Vec::new(),
            weights: Vec::new(),
            strength: Vec::new(),
        };
        let mut links = Links::new(count);
        for (c, nodes) in members.iter().enumerate() {
            next.strength
                .push(nodes.iter().map(|&v| self.strength[v]).sum());
            links.gather(
                nodes
                    .iter()
                    .flat_map(|&v| self.arcs(v))
                    .map(|(u, w)| (community[u], w)),
            );
            links.touched.sort_unstable();
            for &d in links.touched.iter().filter(|&&d| d != c) {
                next.targets.push(d as u32);
                next.weights.push(links.weight[d]);
            }
            next.offsets.push(next.targets.len());
            links.clear();
        }
        next
    }
}

/// Weight from one node to each community, with the communities touched
/// (in order of first contact) so that clearing costs only what was used.
struct Links {
    weight: Vec<f64>,
    touched: Vec<usize>,
}

impl Links {
    fn new(n: usize) -> Links {
        Links {
            weight: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    /// Adds `(community, weight)` pairs; weights are > 0, so a zero entry
    /// marks a community not yet touched.
    fn gather(&mut self, arcs: impl Iterator<Item = (usize, f64)>) {
        for (c, w) in arcs {
            if self.weight[c] == 0.0 {
                self.touched.push(c);
            }
            self.weight[c] += w;
        }
    }

    fn clear(&mut self) {
        self.touched.iter().for_each(|&c| self.weight[c] = 0.0);
        self.touched.clear();
    }
}
