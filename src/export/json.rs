//! Node-link JSON, the shape of networkx's `node_link_data` and of d3-force
//! examples: `networkx.node_link_graph(data, edges="links")` reads it as is,
//! and d3 uses it with `d3.forceLink(data.links).id(d => d.id)`.
//!
//! ```text
//! {
//!   "directed": false,                 true for a directed graph
//!   "multigraph": false,
//!   "graph": {"name": "…"},
//!   "nodes": [{"id": "…", "label": "…", "{attr}": value, …}, …],            in model order
//!   "links": [{"source": "{id}", "target": "{id}", "weight": 1.5, "{attr}": value, …}, …]
//! }
//! ```
//!
//! Keys inside a node or link are in this order: `id`, `label` (links:
//! `source`, `target`, `weight`), then the attributes in declaration order. A
//! missing or non-finite value leaves its key out (a non-finite weight too),
//! so readers see the attribute as absent rather than as `null`. Text
//! attributes are JSON strings, `Integer` attributes JSON integers and `Float`
//! attributes JSON numbers with a fraction or exponent (serde_json's
//! shortest round-trip form), so Python reads `str`, `int` and `float`.
//! Attribute names are written as given; one called `id`, `label`, `source`,
//! `target` or `weight` would repeat a key (the graphs of this crate have
//! none). Output is pretty-printed with two-space indentation and ends with a
//! line feed.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::model::{AttrDecl, AttrValue, ExportEdge, ExportGraph, ExportNode};
use crate::error::{Error, Result};

/// Renders `graph` as node-link JSON.
pub fn render(graph: &ExportGraph) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write(&mut bytes, graph).map_err(|source| Error::Write {
        path: "<memory>".into(),
        source,
    })?;
    Ok(bytes)
}

/// [`render`] straight to `out` (a file), not held in memory.
pub fn write(out: &mut dyn std::io::Write, graph: &ExportGraph) -> std::io::Result<()> {
    let mut out = super::style::buffered(out);
    serde_json::to_writer_pretty(&mut out, &NodeLink(graph))?;
    super::style::end_document(out)
}

struct NodeLink<'a>(&'a ExportGraph);

impl Serialize for NodeLink<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("directed", &g.directed)?;
        m.serialize_entry("multigraph", &false)?;
        m.serialize_entry("graph", &GraphData(&g.name))?;
        m.serialize_entry("nodes", &Nodes(g))?;
        m.serialize_entry("links", &Links(g))?;
        m.end()
    }
}

struct GraphData<'a>(&'a str);

impl Serialize for GraphData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("name", self.0)?;
        m.end()
    }
}

struct Nodes<'a>(&'a ExportGraph);

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.nodes.len()))?;
        for node in &self.0.nodes {
            seq.serialize_element(&Node(&self.0.node_attrs, node))?;
        }
        seq.end()
    }
}

struct Node<'a>(&'a [AttrDecl], &'a ExportNode);

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let Node(decls, node) = self;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &node.id)?;
        m.serialize_entry("label", &node.label)?;
        attrs(&mut m, decls, &node.attrs)?;
        m.end()
    }
}

struct Links<'a>(&'a ExportGraph);

impl Serialize for Links<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let g = self.0;
        let valid = |e: &&ExportEdge| e.source < g.nodes.len() && e.target < g.nodes.len();
        let mut seq = s.serialize_seq(Some(g.edges.iter().filter(valid).count()))?;
        for e in g.edges.iter().filter(valid) {
            seq.serialize_element(&Link(g, e))?;
        }
        seq.end()
    }
}

struct Link<'a>(&'a ExportGraph, &'a ExportEdge);

impl Serialize for Link<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let Link(g, e) = self;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("source", &g.nodes[e.source].id)?;
        m.serialize_entry("target", &g.nodes[e.target].id)?;
        if e.weight.is_finite() {
            m.serialize_entry("weight", &e.weight)?;
        }
        attrs(&mut m, &g.edge_attrs, &e.attrs)?;
        m.end()
    }
}

fn attrs<M: SerializeMap>(
    m: &mut M,
    decls: &[AttrDecl],
    values: &[AttrValue],
) -> std::result::Result<(), M::Error> {
    for (d, v) in decls.iter().zip(values) {
        match v {
            AttrValue::Str(x) => m.serialize_entry(&d.name, x)?,
            AttrValue::Int(x) => m.serialize_entry(&d.name, x)?,
            AttrValue::Float(x) if x.is_finite() => m.serialize_entry(&d.name, x)?,
            AttrValue::Float(_) | AttrValue::Missing => {}
        }
    }
    Ok(())
}
