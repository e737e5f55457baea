//! Graphviz DOT, for a quick picture with `sfdp -Tsvg graph.dot` (see
//! [`render`](super::render)). Built as graphviz-rust's DOT model and written
//! by its printer, never by pasting strings together.
//!
//! Only the best-ranked [`Style::dot_top`] nodes are kept (by
//! [`ranking`]; ties by model order), with the edges
//! among them, because a readable drawing has tens of nodes, not thousands.
//!
//! ```text
//! graph "{name}" {                         digraph for a directed graph
//!   graph [outputorder=edgesfirst overlap=false fontname="Helvetica"]
//!   node [shape=ellipse style=filled fontname="Helvetica" color="#555555" penwidth=0.5]
//!   edge [color="#55555588"]
//!   "{id}" [label="{label}" tooltip="{id} ({fill_by value})" fontsize=10.00 fillcolor="#E69F0099"]   kept nodes, model order
//!   "{id}" -- "{id}" [penwidth=0.50]                                                  kept edges, model order
//! }
//! ```
//!
//! - `fontsize` runs from 10 to 28 with the ranking metric, so important
//!   names are larger (the ellipse grows with its label).
//! - `fillcolor` is the [`palette`] colour of the node's
//!   [`Style::fill_by`] value, at 60% opacity so that black text stays
//!   readable; nodes without one are grey, and without `fill_by` all are.
//! - `penwidth` runs from 0.5 to 6 with the edge weight among kept edges.
//!
//! Every id and label is a quoted DOT string: `"` is escaped with a
//! backslash, and a line break is written `\n` (a carriage return, alone or
//! before a line feed, becomes that one line break too), so no label can end
//! the string early or inject statements; `<` needs no escaping inside
//! quotes. Control characters, which Graphviz would copy into an SVG that no
//! XML reader then accepts, become U+FFFD, as in GEXF and GraphML. In
//! displayed text (`label`, `tooltip`) `\` is written `\\` (shown as one
//! backslash) and `&` is written `&amp;`, since Graphviz reads entity
//! references there (`&#38;` would show as `&`). Ids are not displayed:
//! Graphviz keeps their backslashes as written, so one is written as one
//! (only one before a `"` or at the end is doubled, or it would escape the
//! quote), and `&` stays.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::model::{AttrValue, ExportGraph};
use super::palette::{self, MISSING};
use super::style::{Style, node_attr, ranking, scale};

/// Font sizes run from this …
pub const FONT_MIN: f64 = 10.0;
/// … to this, linearly in the ranking metric.
pub const FONT_MAX: f64 = 28.0;
/// Edge pen widths run from this …
pub const PEN_MIN: f64 = 0.5;
/// … to this, linearly in the weight.
pub const PEN_MAX: f64 = 6.0;

/// Renders the top of `graph` as DOT text (ending with a line feed).
pub fn render(graph: &ExportGraph, style: &Style) -> String {
    let mut text = model(graph, style).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// The DOT model of the top of `graph`, before printing.
pub fn model(graph: &ExportGraph, style: &Style) -> Graph {
    let keep = top_nodes(graph, style);
    let mut kept = vec![false; graph.nodes.len()];
    for &i in &keep {
        kept[i] = true;
    }
    let mut stmts = defaults();
    stmts.extend(nodes(graph, style, &keep));
    stmts.extend(edges(graph, &kept));
    let id = quoted(&graph.name);
    if graph.directed {
        Graph::DiGraph {
            id,
            strict: false,
            stmts,
        }
    } else {
        Graph::Graph {
            id,
            strict: false,
            stmts,
        }
    }
}

/// Indexes of the `style.dot_top` best-ranked nodes, in model order.
pub fn top_nodes(graph: &ExportGraph, style: &Style) -> Vec<usize> {
    let score = ranking(graph, style);
    let mut order: Vec<usize> = (0..graph.nodes.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    order.truncate(style.dot_top);
    order.sort_unstable();
    order
}

/// A DOT quoted string for an id (see the module doc for the escaping).
pub fn quoted(s: &str) -> Id {
    escaped(s, false)
}

/// A DOT quoted string, with backslashes as in an id or as in displayed
/// text.
fn escaped(s: &str, displayed: bool) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' if displayed || matches!(chars.peek(), None | Some('"')) => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// Text Graphviz displays (`label`, `tooltip`): quoted, and `&` written
/// `&amp;`, because Graphviz turns entity references such as `&#38;` or
/// `&lt;` in labels into the characters they name.
pub fn label(s: &str) -> Id {
    escaped(&s.replace('&', "&amp;"), true)
}

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(name: &str, value: Id) -> Attribute {
    Attribute(plain(name), value)
}

/// A number as a DOT numeral (fixed point: the DOT grammar has no exponent).
fn number(x: f64) -> Id {
    plain(&format!("{x:.2}"))
}

fn defaults() -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("outputorder", plain("edgesfirst")),
            attr("overlap", plain("false")),
            attr("fontname", quoted("Helvetica")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", plain("ellipse")),
            attr("style", plain("filled")),
            attr("fontname", quoted("Helvetica")),
            attr("color", quoted("#555555")),
            attr("penwidth", number(0.5)),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr(
            "color",
            quoted("#55555588"),
        )])),
    ]
}

fn nodes(graph: &ExportGraph, style: &Style, keep: &[usize]) -> Vec<Stmt> {
    let fonts = scale(&ranking(graph, style), FONT_MIN, FONT_MAX);
    let fill_attr = node_attr(graph, style.fill_by.as_deref());
    let colours = fill_attr.and_then(|_| palette::node_colours(graph, style.fill_by.as_deref()));
    keep.iter()
        .map(|&i| {
            let node = &graph.nodes[i];
            let colour = colours.as_ref().map_or(MISSING, |c| c[i]);
            let attributes = vec![
                attr("label", label(&node.label)),
                attr("tooltip", label(&tooltip(graph, fill_attr, i))),
                attr("fontsize", number(fonts[i])),
                attr("fillcolor", quoted(&format!("{}99", colour.hex()))),
            ];
            Stmt::Node(Node::new(NodeId(quoted(&node.id), None), attributes))
        })
        .collect()
}

/// The node id, and the `fill_by` value when there is one, for hovering in SVG.
fn tooltip(graph: &ExportGraph, fill_attr: Option<usize>, i: usize) -> String {
    let node = &graph.nodes[i];
    match fill_attr.and_then(|k| node.attrs.get(k)) {
        Some(AttrValue::Str(t)) => format!("{} ({t})", node.id),
        Some(AttrValue::Int(t)) => format!("{} ({t})", node.id),
        _ => node.id.clone(),
    }
}

fn edges(graph: &ExportGraph, kept: &[bool]) -> Vec<Stmt> {
    let inside: Vec<usize> = graph
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| kept.get(e.source) == Some(&true) && kept.get(e.target) == Some(&true))
        .map(|(i, _)| i)
        .collect();
    let weights: Vec<f64> = inside.iter().map(|&i| graph.edges[i].weight).collect();
    let pens = scale(&weights, PEN_MIN, PEN_MAX);
    inside
        .iter()
        .zip(pens)
        .map(|(&i, pen)| {
            let e = &graph.edges[i];
            let end = |k: usize| Vertex::N(NodeId(quoted(&graph.nodes[k].id), None));
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(end(e.source), end(e.target)),
                attributes: vec![attr("penwidth", number(pen))],
            })
        })
        .collect()
}
