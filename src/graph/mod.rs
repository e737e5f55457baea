//! The co-mention graph: who is discussed alongside whom.
//!
//! One undirected petgraph graph per document and one for the whole corpus.
//! Nodes are the entities mentioned in the scope (isolated ones included),
//! sorted by id; edges join two entities mentioned in the same window, never
//! an entity with itself.
//!
//! - Set-based windows (sentence, paragraph, section, document): the weight of
//!   {a, b} is the number of windows mentioning both. Each edge also carries
//!   `jaccard` = n_ab / (n_a + n_b − n_ab) and
//!   `npmi` = ln(n_ab·W / (n_a·n_b)) / −ln(n_ab / W), where n_a is the number
//!   of windows mentioning a and W the number of windows (with or without
//!   mentions) in the scope; when n_ab = W, `npmi` is 1.
//! - `words:N`: the weight is the number of pairs of mentions of a and b whose
//!   word indexes differ by at most N; `jaccard` and `npmi` are left empty.
//!
//! The corpus weight of an edge is the sum of its document weights; its n_a
//! and W are sums too. `min_weight` drops weaker edges (nodes stay) before any
//! metric is computed.

mod build;
mod window;

use petgraph::graph::UnGraph;

pub use build::{Counter, Counts, build, build_from_counts, build_scope, count_document};
pub use window::Window;

use crate::gazetteer::EntityType;

/// How to build the graphs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GraphOptions {
    pub window: Window,
    /// Only entities of these types; empty means all.
    pub types: Vec<EntityType>,
    /// Edges lighter than this are dropped.
    pub min_weight: f64,
}

/// The data of one edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeData {
    pub weight: f64,
    pub jaccard: Option<f64>,
    pub npmi: Option<f64>,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeData {
    /// Index of the entity in the gazetteer.
    pub entity: u32,
    /// Mentions of the entity in the scope.
    pub mentions: u64,
}

/// Which part of the corpus a graph covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Corpus,
    /// A document, by index.
    Document(u32),
}

/// One co-mention graph.
#[derive(Debug, Clone)]
pub struct CoMentionGraph {
    pub scope: Scope,
    pub graph: UnGraph<NodeData, EdgeData>,
    /// Number of windows in the scope (0 for word windows).
    pub windows: u64,
}

impl CoMentionGraph {
    /// A copy whose edges carry only their weight, as the metrics take it.
    pub fn weights(&self) -> UnGraph<NodeData, f64> {
        self.graph.map(|_, n| *n, |_, e| e.weight)
    }
}
