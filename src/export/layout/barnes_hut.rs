//! The Barnes–Hut quadtree that makes ForceAtlas2's repulsion O(n log n) per
//! iteration instead of O(n²), as Gephi does (Barnes & Hut 1986, Nature 324:
//! 446–449).
//!
//! The tree is rebuilt at every iteration over the current positions: the
//! root is the bounding square of all nodes; a cell of more than [`LEAF`]
//! nodes is split into four equal quadrants (nodes keep their relative order,
//! so the tree depends only on the positions and the node order). A node
//! feels a cell that is far from it as one body at the cell's centre of mass
//! when `distance · θ > size` (θ = [`THETA`], Gephi's default 1.2; `size` is
//! Gephi's: twice the distance from the centre of mass to the farthest
//! node), and the nodes of a near leaf one by one.
//! Unlike Gephi, the test is made once per leaf of nodes (against the leaf's
//! bounding box, so it holds for each of its nodes) and the lists of far
//! cells are shared down the tree ([`QuadTree::repulsion`]): most of the
//! work is then one tight, vectorised loop per node.
//!
//! Every sum runs in a fixed order (cells in depth-first order, nodes in
//! tree order, the list in [`LANES`] fixed lanes added at the end), each on
//! one thread, with no fused multiply-add, so the result is bit-identical on
//! every run, at any thread count, with or without AVX. Only the walks of
//! a large cell's children run in parallel ([`QuadTree::repulsion`]).

/// Gephi's default Barnes–Hut θ.
pub(super) const THETA: f64 = 1.2;

/// Cells of at most this many nodes are not split.
const LEAF: usize = 8;

/// Cells this deep are not split (nodes at one point would split forever).
const MAX_DEPTH: u32 = 48;

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    /// The cell's square: lower corner and side.
    x0: f64,
    y0: f64,
    side: f64,
    /// The bounding box of the cell's nodes: lower and upper corner.
    bx0: f64,
    by0: f64,
    bx1: f64,
    by1: f64,
    /// Gephi's size of a region: twice the largest distance from the centre
    /// of mass to a node.
    size: f64,
    /// Total mass and centre of mass.
    mass: f64,
    cx: f64,
    cy: f64,
    /// The cell's nodes are `bodies[lo..hi]`.
    lo: u32,
    hi: u32,
    /// The children are `cells[first..first + count]`; no children: a leaf.
    first: u32,
    count: u32,
    depth: u32,
}

/// One node in tree order: its index, position and mass.
#[derive(Debug, Clone, Copy, Default)]
struct Body {
    index: usize,
    x: f64,
    y: f64,
    m: f64,
}

/// The tree with its buffers, kept between iterations to avoid allocating.
#[derive(Debug, Default)]
pub(super) struct QuadTree {
    cells: Vec<Cell>,
    bodies: Vec<Body>,
    scratch: Vec<Body>,
    walk: Walk,
    /// The bodies' coordinates and masses in tree order, as arrays, so that
    /// a near leaf's nodes go into a list as three slices: what the walks
    /// read (`bodies` is for building the tree and for the node indexes).
    soa: Bodies,
    /// The forces in tree order (aligned with `bodies`).
    forces: Vec<[f64; 2]>,
}

/// What a walk down the tree carries: the list of far cells and near
/// nodes, the cells handed down, and the cells still to resolve.
#[derive(Debug, Default, Clone)]
struct Walk {
    list: Bodies,
    cands: Vec<u32>,
    pending: Vec<u32>,
}

/// Cells of at least this many nodes walk their children in parallel.
const PARALLEL: usize = 1024;

impl QuadTree {
    /// Rebuilds the tree over `pos` (finite positions) and `mass`.
    pub(super) fn build(&mut self, pos: &[[f64; 2]], mass: &[f64]) {
        self.cells.clear();
        self.bodies.clear();
        self.bodies.extend(
            pos.iter()
                .zip(mass)
                .enumerate()
                .map(|(index, (p, &m))| Body {
                    index,
                    x: p[0],
                    y: p[1],
                    m,
                }),
        );
        if self.bodies.is_empty() {
            return;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for b in &self.bodies {
            x0 = x0.min(b.x);
            y0 = y0.min(b.y);
            x1 = x1.max(b.x);
            y1 = y1.max(b.y);
        }
        self.cells.push(Cell {
            x0,
            y0,
            side: (x1 - x0).max(y1 - y0),
            hi: self.bodies.len() as u32,
            ..Cell::default()
        });
        // Breadth-first: a cell's children come after it, so the reverse
        // pass below sees children before parents.
        let mut c = 0;
        while c < self.cells.len() {
            self.split(c);
            c += 1;
        }
        for c in (0..self.cells.len()).rev() {
            self.sum_mass(c);
        }
        self.soa.clear();
        for b in &self.bodies {
            self.soa.push(b.x, b.y, b.m);
        }
    }

    /// Splits cell `c` into its non-empty quadrants, unless it is a leaf.
    fn split(&mut self, c: usize) {
        let cell = self.cells[c];
        let (lo, hi) = (cell.lo as usize, cell.hi as usize);
        if hi - lo <= LEAF || cell.depth >= MAX_DEPTH || cell.side <= 0.0 {
            return;
        }
        let half = cell.side * 0.5;
        let (mx, my) = (cell.x0 + half, cell.y0 + half);
        let quadrant = |b: &Body| usize::from(b.x >= mx) | (usize::from(b.y >= my) << 1);
        let mut counts = [0usize; 4];
        for b in &self.bodies[lo..hi] {
            counts[quadrant(b)] += 1;
        }
        let mut starts = [0usize; 4];
        for q in 1..4 {
            starts[q] = starts[q - 1] + counts[q - 1];
        }
        self.scratch.clear();
        self.scratch.resize(hi - lo, Body::default());
        let mut next = starts;
        for b in &self.bodies[lo..hi] {
            let q = quadrant(b);
            self.scratch[next[q]] = *b;
            next[q] += 1;
        }
        self.bodies[lo..hi].copy_from_slice(&self.scratch);
        let first = self.cells.len() as u32;
        for q in 0..4 {
            if counts[q] == 0 {
                continue;
            }
            self.cells.push(Cell {
                x0: if q & 1 == 1 { mx } else { cell.x0 },
                y0: if q & 2 == 2 { my } else { cell.y0 },
                side: half,
                lo: (lo + starts[q]) as u32,
                hi: (lo + starts[q] + counts[q]) as u32,
                depth: cell.depth + 1,
                ..Cell::default()
            });
        }
        self.cells[c].first = first;
        self.cells[c].count = self.cells.len() as u32 - first;
    }

    /// The mass and centre of mass of cell `c`, from its children or nodes.
    fn sum_mass(&mut self, c: usize) {
        let cell = self.cells[c];
        let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        if cell.count == 0 {
            for b in &self.bodies[cell.lo as usize..cell.hi as usize] {
                m += b.m;
                sx += b.m * b.x;
                sy += b.m * b.y;
                bbox = [
                    bbox[0].min(b.x),
                    bbox[1].min(b.y),
                    bbox[2].max(b.x),
                    bbox[3].max(b.y),
                ];
            }
        } else {
            let first = cell.first as usize;
            for k in &self.cells[first..first + cell.count as usize] {
                m += k.mass;
                sx += k.mass * k.cx;
                sy += k.mass * k.cy;
                bbox = [
                    bbox[0].min(k.bx0),
                    bbox[1].min(k.by0),
                    bbox[2].max(k.bx1),
                    bbox[3].max(k.by1),
                ];
            }
        }
        let cell = &mut self.cells[c];
        [cell.bx0, cell.by0, cell.bx1, cell.by1] = bbox;
        cell.mass = m;
        (cell.cx, cell.cy) = if m > 0.0 {
            (sx / m, sy / m)
        } else {
            (cell.x0, cell.y0)
        };
        let (cx, cy) = (cell.cx, cell.cy);
        let r2 = self.bodies[cell.lo as usize..cell.hi as usize]
            .iter()
            .map(|b| (b.x - cx) * (b.x - cx) + (b.y - cy) * (b.y - cy))
            .fold(0.0, f64::max);
        self.cells[c].size = 2.0 * r2.sqrt();
    }

    /// The repulsion `k_r · mᵢ · mⱼ / d` (along the unit vector) that every
    /// node feels from every other node, written to `out[node]`.
    ///
    /// The tree is walked once for all nodes: each cell of the tree gets the
    /// list of cells far enough from all of its nodes (`distance · θ >
    /// size`, from the far cell's centre of mass to the nearest point of the
    /// near cell's bounding box, `size` the far cell's bounding box's larger
    /// side), which its sub-cells inherit; what is too close is handed down
    /// (or opened, when it is the larger of the two), until at a leaf only
    /// single nodes remain. Each node of a leaf then sums over the leaf's
    /// list: far cells as one body at their centre of mass, near nodes one
    /// by one.
    ///
    /// A cell of at least [`PARALLEL`] nodes walks its children in
    /// parallel, each with its own copy of the lists; every node's sum is
    /// the one a walk on one thread makes, so the bits are the same.
    pub(super) fn repulsion(&mut self, k_r: f64, out: &mut [[f64; 2]]) {
        self.repulsion_from(k_r, out, PARALLEL);
    }

    /// [`repulsion`](Self::repulsion) with cells of `parallel` nodes or more
    /// walked in parallel.
    fn repulsion_from(&mut self, k_r: f64, out: &mut [[f64; 2]], parallel: usize) {
        if self.cells.is_empty() {
            return;
        }
        let QuadTree {
            cells,
            bodies,
            walk,
            soa,
            forces,
            ..
        } = self;
        let tree = Tree {
            cells,
            bodies: soa,
            k_r,
            parallel,
        };
        walk.list.clear();
        walk.cands.clear();
        walk.cands.push(0);
        forces.clear();
        forces.resize(bodies.len(), [0.0; 2]);
        tree.walk(walk, 0, 0, forces);
        for (b, f) in bodies.iter().zip(forces.iter()) {
            out[b.index] = *f;
        }
    }
}

/// The built tree, read by walks (on any thread).
struct Tree<'a> {
    cells: &'a [Cell],
    /// The bodies in tree order ([`QuadTree::soa`]).
    bodies: &'a Bodies,
    k_r: f64,
    parallel: usize,
}

impl<'a> Tree<'a> {
    /// The children of `cell` and their parts of `forces` (the cell's): a
    /// cell's nodes are its children's, one after the other.
    fn children<'f>(
        &self,
        cell: &Cell,
        mut forces: &'f mut [[f64; 2]],
    ) -> impl Iterator<Item = (usize, &'f mut [[f64; 2]])> + use<'a, 'f> {
        let cells = self.cells;
        (cell.first..cell.first + cell.count).map(move |child| {
            let len = (cells[child as usize].hi - cells[child as usize].lo) as usize;
            let (part, rest) = std::mem::take(&mut forces).split_at_mut(len);
            forces = rest;
            (child as usize, part)
        })
    }

    /// Resolves `w.cands[from..]` against cell `t`, then walks its children,
    /// or sums the forces on its nodes when it is a leaf. `forces` holds
    /// those of `t`'s nodes, in tree order.
    fn walk(&self, w: &mut Walk, t: usize, from: usize, forces: &mut [[f64; 2]]) {
        let target = self.cells[t];
        let leaf = target.count == 0;
        let (list_len, cands_len) = (w.list.len(), w.cands.len());
        w.pending.clear();
        w.pending.extend(w.cands[from..].iter().rev());
        let tsize = target.size;
        while let Some(c) = w.pending.pop() {
            let cell = self.cells[c as usize];
            let dx = (target.bx0 - cell.cx).max(cell.cx - target.bx1).max(0.0);
            let dy = (target.by0 - cell.cy).max(cell.cy - target.by1).max(0.0);
            let size = cell.size;
            let far = c as usize != t && (dx * dx + dy * dy) * (THETA * THETA) > size * size;
            if far {
                w.list.push(cell.cx, cell.cy, cell.mass);
            } else if cell.count == 0 {
                if leaf {
                    w.list
                        .extend_from(self.bodies, cell.lo as usize..cell.hi as usize);
                } else {
                    w.cands.push(c);
                }
            } else if leaf || c as usize == t || size > tsize {
                // Opened here; pushed last to first, so visited in order.
                w.pending
                    .extend((cell.first..cell.first + cell.count).rev());
            } else {
                w.cands.push(c);
            }
        }
        if leaf {
            let nodes = target.lo as usize..target.hi as usize;
            for (i, f) in nodes.zip(forces.iter_mut()) {
                let b = self.bodies;
                let [sx, sy] = w.list.sum(b.x[i], b.y[i]);
                let k = self.k_r * b.m[i];
                *f = [k * sx, k * sy];
            }
        } else {
            let children = self.children(&target, forces);
            if (target.hi - target.lo) as usize >= self.parallel {
                use rayon::prelude::*;
                let shared: &Walk = w;
                let children: Vec<_> = children.collect();
                children.into_par_iter().for_each(|(child, part)| {
                    self.walk(&mut shared.clone(), child, cands_len, part);
                });
            } else {
                for (child, part) in children {
                    self.walk(w, child, cands_len, part);
                }
            }
        }
        w.list.truncate(list_len);
        w.cands.truncate(cands_len);
    }
}

/// Bodies as separate coordinate and mass arrays, for a tight loop.
#[derive(Debug, Default, Clone)]
struct Bodies {
    x: Vec<f64>,
    y: Vec<f64>,
    m: Vec<f64>,
}

/// Lanes of the sum in [`Bodies::sum`].
const LANES: usize = 4;

impl Bodies {
    fn clear(&mut self) {
        self.truncate(0);
    }

    fn len(&self) -> usize {
        self.x.len()
    }

    fn truncate(&mut self, n: usize) {
        self.x.truncate(n);
        self.y.truncate(n);
        self.m.truncate(n);
    }

    fn push(&mut self, x: f64, y: f64, m: f64) {
        self.x.push(x);
        self.y.push(y);
        self.m.push(m);
    }

    /// Appends `from`'s bodies `range`, in order.
    fn extend_from(&mut self, from: &Bodies, range: std::ops::Range<usize>) {
        self.x.extend_from_slice(&from.x[range.clone()]);
        self.y.extend_from_slice(&from.y[range.clone()]);
        self.m.extend_from_slice(&from.m[range]);
    }

    /// Σ mⱼ (p − pⱼ) / |p − pⱼ|² over the bodies not at `p` (closer than
    /// 10⁻⁹). Body j goes to lane j mod 4 and the lanes are added in a fixed
    /// order at the end, so the sum does not depend on how the compiler
    /// vectorises it.
    fn sum(&self, x: f64, y: f64) -> [f64; 2] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the CPU has AVX, checked just above.
            return unsafe { self.sum_avx(x, y) };
        }
        self.sum_portable(x, y)
    }

    /// [`Bodies::sum`] in 256-bit registers, one body per lane: the same
    /// operations in the same order on each lane as [`Bodies::sum_portable`]
    /// (no fused multiply-add), so the same bits. Written with intrinsics
    /// because the compiler vectorises the portable loop into 128-bit halves
    /// with a shuffle per operation.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx")]
    fn sum_avx(&self, x: f64, y: f64) -> [f64; 2] {
        use std::arch::x86_64::*;
        let (px, py) = (_mm256_set1_pd(x), _mm256_set1_pd(y));
        let (mut ax, mut ay) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let mut add = |xc: __m256d, yc: __m256d, mc: __m256d| {
            let dx = _mm256_sub_pd(px, xc);
            let dy = _mm256_sub_pd(py, yc);
            let d2 = _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy));
            let q = _mm256_div_pd(mc, d2);
            // All ones where d2 > 1e-18 (false for NaN, as `>` is), else +0.
            let near = _mm256_cmp_pd::<_CMP_GT_OQ>(d2, _mm256_set1_pd(1e-18));
            let k = _mm256_and_pd(near, q);
            ax = _mm256_add_pd(ax, _mm256_mul_pd(dx, k));
            ay = _mm256_add_pd(ay, _mm256_mul_pd(dy, k));
        };
        let len = self.len();
        let full = len - len % LANES;
        let (xs, ys, ms) = (&self.x[..len], &self.y[..len], &self.m[..len]);
        let mut i = 0;
        while i < full {
            // SAFETY: `i + LANES <= full <= len`, the length of all three.
            unsafe {
                add(
                    _mm256_loadu_pd(xs.as_ptr().add(i)),
                    _mm256_loadu_pd(ys.as_ptr().add(i)),
                    _mm256_loadu_pd(ms.as_ptr().add(i)),
                );
            }
            i += LANES;
        }
        if let Some([xr, yr, mr]) = self.padded_rest(x, y) {
            // SAFETY: each array holds `LANES` = 4 doubles.
            unsafe {
                add(
                    _mm256_loadu_pd(xr.as_ptr()),
                    _mm256_loadu_pd(yr.as_ptr()),
                    _mm256_loadu_pd(mr.as_ptr()),
                );
            }
        }
        let (mut lx, mut ly) = ([0.0f64; LANES], [0.0f64; LANES]);
        // SAFETY: each array holds `LANES` = 4 doubles.
        unsafe {
            _mm256_storeu_pd(lx.as_mut_ptr(), ax);
            _mm256_storeu_pd(ly.as_mut_ptr(), ay);
        }
        [fold_lanes(lx), fold_lanes(ly)]
    }

    /// The sum on any CPU, and the reference the AVX version must equal.
    fn sum_portable(&self, x: f64, y: f64) -> [f64; 2] {
        let mut ax = [0.0f64; LANES];
        let mut ay = [0.0f64; LANES];
        let mut add = |xc: &[f64; LANES], yc: &[f64; LANES], mc: &[f64; LANES]| {
            // Branch-free, lane by lane, so that the compiler vectorises it.
            let dx: [f64; LANES] = std::array::from_fn(|l| x - xc[l]);
            let dy: [f64; LANES] = std::array::from_fn(|l| y - yc[l]);
            let d2: [f64; LANES] = std::array::from_fn(|l| dx[l] * dx[l] + dy[l] * dy[l]);
            let q: [f64; LANES] = std::array::from_fn(|l| mc[l] / d2[l]);
            let k: [f64; LANES] = std::array::from_fn(|l| if d2[l] > 1e-18 { q[l] } else { 0.0 });
            for l in 0..LANES {
                ax[l] += dx[l] * k[l];
                ay[l] += dy[l] * k[l];
            }
        };
        let xs = self.x.chunks_exact(LANES);
        let ys = self.y.chunks_exact(LANES);
        let ms = self.m.chunks_exact(LANES);
        for ((xc, yc), mc) in xs.zip(ys).zip(ms) {
            add(
                xc.try_into().expect("a chunk"),
                yc.try_into().expect("a chunk"),
                mc.try_into().expect("a chunk"),
            );
        }
        if let Some([xr, yr, mr]) = self.padded_rest(x, y) {
            add(&xr, &yr, &mr);
        }
        [fold_lanes(ax), fold_lanes(ay)]
    }

    /// The bodies after the last whole chunk of [`LANES`], padded to a chunk
    /// with massless bodies away from `(x, y)`, which add zero; `None` when
    /// there are none. Both sums pad here, so that they pad alike (inlined:
    /// it runs once per node and list).
    #[inline(always)]
    fn padded_rest(&self, x: f64, y: f64) -> Option<[[f64; LANES]; 3]> {
        let full = self.len() - self.len() % LANES;
        if full == self.len() {
            return None;
        }
        let pad = |r: &[f64], v: f64| std::array::from_fn(|l| r.get(l).copied().unwrap_or(v));
        Some([
            pad(&self.x[full..], x + 1.0),
            pad(&self.y[full..], y),
            pad(&self.m[full..], 0.0),
        ])
    }
}

/// The lanes of a sum added in the one fixed order both sums use.
#[inline(always)]
fn fold_lanes(a: [f64; LANES]) -> f64 {
    (a[0] + a[1]) + (a[2] + a[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions on a spiral with clusters, masses 1 to 5.
    fn cloud(n: usize) -> (Vec<[f64; 2]>, Vec<f64>) {
        let pos = (0..n)
            .map(|i| {
                let t = i as f64 * 0.7;
                let r = if i % 7 == 0 { 0.01 } else { t.sqrt() * 10.0 };
                [r * t.cos(), r * t.sin()]
            })
            .collect();
        let mass = (0..n).map(|i| (i % 5 + 1) as f64).collect();
        (pos, mass)
    }

    fn exact(pos: &[[f64; 2]], mass: &[f64]) -> Vec<[f64; 2]> {
        (0..pos.len())
            .map(|i| {
                let mut f = [0.0; 2];
                for j in 0..pos.len() {
                    let (dx, dy) = (pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]);
                    let d2 = dx * dx + dy * dy;
                    if d2 > 1e-18 {
                        f[0] += dx * mass[i] * mass[j] / d2;
                        f[1] += dy * mass[i] * mass[j] / d2;
                    }
                }
                f
            })
            .collect()
    }

    #[test]
    fn close_to_the_exact_repulsion() {
        let (pos, mass) = cloud(700);
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass);
        let mut f = vec![[0.0; 2]; pos.len()];
        tree.repulsion(1.0, &mut f);
        let want = exact(&pos, &mass);
        // The error relative to the typical force, over all nodes.
        let norm = |v: &[f64; 2]| v[0].hypot(v[1]);
        let err: f64 = f
            .iter()
            .zip(&want)
            .map(|(a, b)| norm(&[a[0] - b[0], a[1] - b[1]]))
            .sum();
        let total: f64 = want.iter().map(norm).sum();
        assert!(err / total < 0.04, "relative error {}", err / total);
    }

    #[test]
    fn every_node_is_its_own_leaf_below_the_leaf_size() {
        let (pos, mass) = cloud(LEAF);
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass);
        let mut f = vec![[0.0; 2]; pos.len()];
        tree.repulsion(1.0, &mut f);
        let want = exact(&pos, &mass);
        for (a, b) in f.iter().zip(&want) {
            assert!(
                (a[0] - b[0]).abs() <= 1e-9 * b[0].abs().max(1.0),
                "{a:?} {b:?}"
            );
            assert!(
                (a[1] - b[1]).abs() <= 1e-9 * b[1].abs().max(1.0),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn nodes_at_one_point_end_the_split() {
        let pos = vec![[1.0, 2.0]; 100];
        let mass = vec![1.0; 100];
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass);
        let mut f = vec![[9.0; 2]; 100];
        tree.repulsion(1.0, &mut f);
        assert!(f.iter().all(|v| *v == [0.0, 0.0]));
    }

    #[test]
    fn a_walk_in_parallel_has_the_bits_of_a_walk_on_one_thread() {
        let (pos, mass) = cloud(3000);
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass);
        let mut serial = vec![[0.0; 2]; pos.len()];
        tree.repulsion_from(2.0, &mut serial, usize::MAX);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        for parallel in [16, 200, PARALLEL] {
            let mut f = vec![[9.0; 2]; pos.len()];
            pool.install(|| tree.repulsion_from(2.0, &mut f, parallel));
            let bits =
                |v: &[[f64; 2]]| -> Vec<u64> { v.iter().flatten().map(|x| x.to_bits()).collect() };
            assert_eq!(
                bits(&f),
                bits(&serial),
                "cells of {parallel} nodes in parallel"
            );
        }
    }

    #[test]
    fn the_avx_sum_has_the_same_bits() {
        let (pos, mass) = cloud(103);
        // Lists of every length modulo the lanes, and the empty list.
        for len in [0, 1, 2, 3, 4, 5, 7, 8, 101, 102, 103] {
            let mut list = Bodies::default();
            for (p, m) in pos.iter().zip(&mass).take(len) {
                list.push(p[0], p[1], *m);
            }
            for p in &pos {
                let portable = list.sum_portable(p[0], p[1]);
                let bits = |v: [f64; 2]| v.map(f64::to_bits);
                assert_eq!(bits(list.sum(p[0], p[1])), bits(portable), "{len} bodies");
            }
        }
    }
}
