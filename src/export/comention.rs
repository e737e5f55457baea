//! Turning a co-mention graph and its metrics into the [`ExportGraph`] every
//! graph format writes.
//!
//! Nodes are entities (id = gazetteer id) in the graph's order (by id), with
//! the attributes `type, mentions, degree, strength, betweenness, closeness,
//! betweenness_w, closeness_w, eigenvector, pagerank, community, wikidata`;
//! edges keep their order (by source id, then target id) with `weight` and the
//! attributes `jaccard` and `npmi` (missing for word windows).

use super::model::{AttrDecl, AttrKind, AttrValue, ExportEdge, ExportGraph, ExportNode};
use crate::gazetteer::Gazetteer;
use crate::graph::{CoMentionGraph, Window};
use crate::metrics::Metrics;

/// The node attributes, in order.
pub fn node_attrs() -> Vec<AttrDecl> {
    let float = [
        "strength",
        "betweenness",
        "closeness",
        "betweenness_w",
        "closeness_w",
        "eigenvector",
        "pagerank",
    ];
    let mut attrs = vec![
        AttrDecl::new("type", AttrKind::String),
        AttrDecl::new("mentions", AttrKind::Integer),
        AttrDecl::new("degree", AttrKind::Integer),
    ];
    attrs.extend(float.iter().map(|n| AttrDecl::new(n, AttrKind::Float)));
    attrs.push(AttrDecl::new("community", AttrKind::Integer));
    attrs.push(AttrDecl::new("wikidata", AttrKind::String));
    attrs
}

/// The export model of the co-mention graph of scope `name` (`corpus` or a
/// document id), built with `window`, and its metrics.
pub fn export_graph(
    gazetteer: &Gazetteer,
    name: &str,
    window: Window,
    graph: &CoMentionGraph,
    metrics: &Metrics,
) -> ExportGraph {
    let metrics = &metrics.nodes;
    let graph = &graph.graph;
    let nodes = graph
        .raw_nodes()
        .iter()
        .zip(metrics)
        .map(|(node, m)| {
            let e = gazetteer.get(node.weight.entity as usize);
            ExportNode {
                id: e.id.clone(),
                label: e.label.clone(),
                attrs: vec![
                    AttrValue::Str(e.kind.as_str().to_string()),
                    AttrValue::Int(node.weight.mentions as i64),
                    AttrValue::Int(m.degree as i64),
                    AttrValue::Float(m.strength),
                    AttrValue::Float(m.betweenness),
                    AttrValue::Float(m.closeness),
                    AttrValue::Float(m.betweenness_w),
                    AttrValue::Float(m.closeness_w),
                    AttrValue::Float(m.eigenvector),
                    AttrValue::Float(m.pagerank),
                    AttrValue::Int(m.community as i64),
                    e.wikidata
                        .clone()
                        .map_or(AttrValue::Missing, AttrValue::Str),
                ],
            }
        })
        .collect();
    let optional = |x: Option<f64>| x.map_or(AttrValue::Missing, AttrValue::Float);
    let edges = graph
        .raw_edges()
        .iter()
        .map(|e| ExportEdge {
            source: e.source().index(),
            target: e.target().index(),
            weight: e.weight.weight,
            attrs: vec![optional(e.weight.jaccard), optional(e.weight.npmi)],
        })
        .collect();
    ExportGraph {
        name: format!("co-mention graph, {name}, window {window}"),
        directed: false,
        node_attrs: node_attrs(),
        edge_attrs: vec![
            AttrDecl::new("jaccard", AttrKind::Float),
            AttrDecl::new("npmi", AttrKind::Float),
        ],
        nodes,
        edges,
    }
}
