//! The citation graph and the co-citation graphs (petgraph), and their
//! conversion to the shared export model.
//!
//! - **Citation graph** (directed): nodes are the citing units, then the
//!   works, then the authors, each in table order; edges citing unit → work
//!   (weight: references, or mentions for inline citations), then work →
//!   author (weight 1), in node order.
//! - **Co-citation graphs** (undirected) of works and of authors: an edge
//!   joins two works (authors) cited in the same citing unit; its weight is
//!   the number of such units. Nodes are every cited work (author) in table
//!   order; edges are sorted by their end points.
//!
//! Every node carries its type (`unit`, `work`, `author`), label, gazetteer
//! id where linked, and document (units only).

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use super::CitationAnalysis;
use crate::export::model::{AttrDecl, AttrKind, AttrValue, ExportEdge, ExportGraph, ExportNode};
use crate::gazetteer::Gazetteer;

/// What a node of the citation graphs stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Unit,
    Work,
    Author,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Unit => "unit",
            NodeKind::Work => "work",
            NodeKind::Author => "author",
        }
    }
}

/// A node of the citation or co-citation graphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationNode {
    pub kind: NodeKind,
    /// Unique across kinds: `unit:<id>`, `work:<id>`, `author:<id>`.
    pub id: String,
    pub label: String,
    /// The gazetteer id, where linked.
    pub entity: Option<String>,
    /// The document id, for units.
    pub document: Option<String>,
}

fn unit_node(a: &CitationAnalysis, u: usize) -> CitationNode {
    let unit = &a.units[u];
    CitationNode {
        kind: NodeKind::Unit,
        id: format!("unit:{}", unit.id),
        label: unit.label.clone(),
        entity: None,
        document: Some(a.documents[unit.document].document.clone()),
    }
}

fn work_node(a: &CitationAnalysis, w: usize, g: &Gazetteer) -> CitationNode {
    let work = &a.works[w];
    let authors: Vec<&str> = work
        .authors
        .iter()
        .map(|&x| a.authors[x].label.as_str())
        .collect();
    // Authors joined as in works.csv and citations.csv: "; " tells two
    // authors from one name with a comma in it, and from the title.
    let label = if authors.is_empty() {
        work.title.clone()
    } else if work.title.is_empty() {
        authors.join("; ")
    } else {
        format!("{}, {}", authors.join("; "), work.title)
    };
    CitationNode {
        kind: NodeKind::Work,
        id: format!("work:{}", work.id),
        label,
        entity: work.entity.map(|e| g.get(e).id.clone()),
        document: None,
    }
}

fn author_node(a: &CitationAnalysis, x: usize, g: &Gazetteer) -> CitationNode {
    let author = &a.authors[x];
    CitationNode {
        kind: NodeKind::Author,
        id: format!("author:{}", author.id),
        label: author.label.clone(),
        entity: author.entity.map(|e| g.get(e).id.clone()),
        document: None,
    }
}

/// Citation counts per (citing unit, work), in order.
fn unit_work_counts(a: &CitationAnalysis) -> BTreeMap<(usize, usize), u64> {
    let mut counts = BTreeMap::new();
    for (d, doc) in a.documents.iter().enumerate() {
        for (r, reference) in doc.cites.iter().enumerate() {
            if let Some(w) = a.work_of[d][r] {
                *counts.entry((a.unit_of[d][r], w)).or_insert(0) += reference.count;
            }
        }
    }
    counts
}

/// The directed citation graph (see the module documentation).
pub fn citation_graph(a: &CitationAnalysis, g: &Gazetteer) -> DiGraph<CitationNode, u64> {
    let mut graph = DiGraph::new();
    let units: Vec<NodeIndex> = (0..a.units.len())
        .map(|u| graph.add_node(unit_node(a, u)))
        .collect();
    let works: Vec<NodeIndex> = (0..a.works.len())
        .map(|w| graph.add_node(work_node(a, w, g)))
        .collect();
    let authors: Vec<NodeIndex> = (0..a.authors.len())
        .map(|x| graph.add_node(author_node(a, x, g)))
        .collect();
    for ((u, w), n) in unit_work_counts(a) {
        graph.add_edge(units[u], works[w], n);
    }
    for (w, work) in a.works.iter().enumerate() {
        for &x in &work.authors {
            graph.add_edge(works[w], authors[x], 1);
        }
    }
    graph
}

/// Co-citation of the items each unit cites: `items(unit)` gives them.
fn cocitation(
    nodes: Vec<CitationNode>,
    per_unit: BTreeMap<usize, BTreeSet<usize>>,
) -> UnGraph<CitationNode, f64> {
    let mut pairs: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for set in per_unit.values() {
        let items: Vec<usize> = set.iter().copied().collect();
        for (i, &x) in items.iter().enumerate() {
            for &y in &items[i + 1..] {
                *pairs.entry((x, y)).or_insert(0) += 1;
            }
        }
    }
    let mut graph = UnGraph::new_undirected();
    let index: Vec<NodeIndex> = nodes.into_iter().map(|n| graph.add_node(n)).collect();
    for ((x, y), n) in pairs {
        graph.add_edge(index[x], index[y], n as f64);
    }
    graph
}

/// Works cited together in a unit; weight: the number of such units.
pub fn work_cocitation(a: &CitationAnalysis, g: &Gazetteer) -> UnGraph<CitationNode, f64> {
    let mut per_unit: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (u, w) in unit_work_counts(a).into_keys() {
        per_unit.entry(u).or_default().insert(w);
    }
    let nodes = (0..a.works.len()).map(|w| work_node(a, w, g)).collect();
    cocitation(nodes, per_unit)
}

/// Authors cited together in a unit; weight: the number of such units.
pub fn author_cocitation(a: &CitationAnalysis, g: &Gazetteer) -> UnGraph<CitationNode, f64> {
    let mut per_unit: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (u, w) in unit_work_counts(a).into_keys() {
        per_unit
            .entry(u)
            .or_default()
            .extend(a.works[w].authors.iter().copied());
    }
    let nodes = (0..a.authors.len()).map(|x| author_node(a, x, g)).collect();
    cocitation(nodes, per_unit)
}

/// Any of the citation graphs in the shared export model: node attributes
/// `type`, `entity`, `document`; the weight on each edge; nodes and edges in
/// graph order.
pub fn to_export<E: Weight, Ty: petgraph::EdgeType>(
    graph: &petgraph::Graph<CitationNode, E, Ty>,
    name: &str,
) -> ExportGraph {
    let nodes = graph
        .node_weights()
        .map(|n| ExportNode {
            id: n.id.clone(),
            label: n.label.clone(),
            attrs: vec![
                AttrValue::Str(n.kind.as_str().to_string()),
                n.entity.clone().map_or(AttrValue::Missing, AttrValue::Str),
                n.document
                    .clone()
                    .map_or(AttrValue::Missing, AttrValue::Str),
            ],
        })
        .collect();
    let edges = graph
        .edge_references()
        .map(|e| ExportEdge {
            source: e.source().index(),
            target: e.target().index(),
            weight: e.weight().as_f64(),
            attrs: Vec::new(),
        })
        .collect();
    ExportGraph {
        name: name.to_string(),
        directed: Ty::is_directed(),
        node_attrs: vec![
            AttrDecl::new("type", AttrKind::String),
            AttrDecl::new("entity", AttrKind::String),
            AttrDecl::new("document", AttrKind::String),
        ],
        edge_attrs: Vec::new(),
        nodes,
        edges,
    }
}

/// An edge weight that can be written as a number.
pub trait Weight: Copy {
    fn as_f64(self) -> f64;
}

impl Weight for u64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl Weight for f64 {
    fn as_f64(self) -> f64 {
        self
    }
}
