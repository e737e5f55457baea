//! Categorical colours for nodes: the Okabe–Ito palette (Okabe & Ito 2008,
//! "Color Universal Design"), readable with the common forms of colour
//! blindness. Distinct values of an attribute get colours in their sorted
//! order, cycling after eight; nodes without a value get a neutral grey.
//!
//! Separate from the formats because GEXF (`viz:color`) and DOT (`fillcolor`)
//! must colour the same node the same way.

use std::cmp::Ordering;

use super::model::{AttrValue, ExportGraph};
use super::style::node_attr;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// Okabe–Ito, most distinct first; black comes last so that it is used only
/// by the eighth category.
pub const OKABE_ITO: [Rgb; 8] = [
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xF0, 0xE4, 0x42), // yellow
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
    Rgb(0x00, 0x00, 0x00), // black
];

/// The colour of nodes that have no value for the colouring attribute.
pub const MISSING: Rgb = Rgb(0xBB, 0xBB, 0xBB);

/// The `i`-th categorical colour, cycling through [`OKABE_ITO`].
pub fn categorical(i: usize) -> Rgb {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// One colour per node by the node attribute `attr`, or `None` when there is
/// no such attribute. Distinct values are sorted (numbers numerically, text
/// by code point) and coloured in that order, so community 0 gets the first
/// colour and the result never depends on node order.
pub fn node_colours(graph: &ExportGraph, attr: Option<&str>) -> Option<Vec<Rgb>> {
    let i = node_attr(graph, attr)?;
    let values: Vec<&AttrValue> = graph
        .nodes
        .iter()
        .map(|n| n.attrs.get(i).unwrap_or(&AttrValue::Missing))
        .collect();
    let mut distinct: Vec<&AttrValue> = values.iter().copied().filter(|v| present(v)).collect();
    distinct.sort_by(|a, b| compare(a, b));
    distinct.dedup_by(|a, b| compare(a, b) == Ordering::Equal);
    let colours = values
        .iter()
        .map(|v| {
            if !present(v) {
                return MISSING;
            }
            match distinct.binary_search_by(|d| compare(d, v)) {
                Ok(k) => categorical(k),
                Err(_) => MISSING,
            }
        })
        .collect();
    Some(colours)
}

fn present(v: &AttrValue) -> bool {
    match v {
        AttrValue::Missing => false,
        AttrValue::Float(x) => x.is_finite(),
        _ => true,
    }
}

/// A total order over present values: numbers before text.
fn compare(a: &AttrValue, b: &AttrValue) -> Ordering {
    use AttrValue::*;
    match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Str(x), Str(y)) => x.cmp(y),
        (Str(_), _) => Ordering::Greater,
        (_, Str(_)) => Ordering::Less,
        _ => number(a).total_cmp(&number(b)),
    }
}

fn number(v: &AttrValue) -> f64 {
    match v {
        AttrValue::Int(i) => *i as f64,
        AttrValue::Float(x) => *x,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::model::{AttrDecl, AttrKind, ExportNode};

    fn graph(values: Vec<AttrValue>) -> ExportGraph {
        ExportGraph {
            node_attrs: vec![AttrDecl::new("c", AttrKind::Integer)],
            nodes: values
                .into_iter()
                .enumerate()
                .map(|(i, v)| ExportNode {
                    id: i.to_string(),
                    label: i.to_string(),
                    attrs: vec![v],
                })
                .collect(),
            ..ExportGraph::default()
        }
    }

    #[test]
    fn values_are_coloured_in_sorted_order_and_cycle() {
        let g = graph(vec![
            AttrValue::Int(2),
            AttrValue::Int(0),
            AttrValue::Missing,
            AttrValue::Int(9),
        ]);
        let c = node_colours(&g, Some("c")).unwrap();
        assert_eq!(c, vec![OKABE_ITO[1], OKABE_ITO[0], MISSING, OKABE_ITO[2]]);
        assert_eq!(categorical(8), OKABE_ITO[0]);
        assert_eq!(node_colours(&g, Some("nope")), None);
        assert_eq!(OKABE_ITO[0].hex(), "#E69F00");
    }
}
