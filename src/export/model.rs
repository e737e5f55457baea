//! The one graph shape every graph exporter takes: nodes and edges with typed
//! attributes, already in output order. The co-mention, citation and
//! co-citation graphs are all turned into an [`ExportGraph`], so each file
//! format is written by one function for all of them.

/// The type of an attribute, declared once per graph (GEXF `attribute`,
/// GraphML `key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrKind {
    String,
    Integer,
    Float,
}

/// An attribute's name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrDecl {
    pub name: String,
    pub kind: AttrKind,
}

impl AttrDecl {
    pub fn new(name: &str, kind: AttrKind) -> Self {
        AttrDecl {
            name: name.to_string(),
            kind,
        }
    }
}

/// One attribute value; `Missing` is written as an absent value (or an empty
/// cell), never as a made-up default.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Str(String),
    Int(i64),
    Float(f64),
    Missing,
}

/// A node: a stable id (the gazetteer id for entities), a display label and
/// one value per declared node attribute, in declaration order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportNode {
    pub id: String,
    pub label: String,
    pub attrs: Vec<AttrValue>,
}

/// An edge between two nodes (indexes into `nodes`), with its weight and one
/// value per declared edge attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportEdge {
    pub source: usize,
    pub target: usize,
    pub weight: f64,
    pub attrs: Vec<AttrValue>,
}

/// A graph ready to be written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportGraph {
    /// What the graph is, e.g. "co-mention graph, corpus".
    pub name: String,
    pub directed: bool,
    pub node_attrs: Vec<AttrDecl>,
    pub edge_attrs: Vec<AttrDecl>,
    pub nodes: Vec<ExportNode>,
    pub edges: Vec<ExportEdge>,
}
