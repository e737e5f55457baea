//! GraphML (<http://graphml.graphdrawing.org/>), for networkx, igraph, yEd
//! and Cytoscape. Every value is typed by a `<key>`, so
//! `networkx.read_graphml` gives back `str`, `int` and `float`.
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
//!   <key id="g_name" for="graph" attr.name="name" attr.type="string"/>
//!   <key id="n_label" for="node" attr.name="label" attr.type="string"/>
//!   <key id="n{i}" for="node" attr.name="{name}" attr.type="string|long|double"/>   one per node attribute, in order
//!   <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>
//!   <key id="e{i}" for="edge" attr.name="{name}" attr.type="string|long|double"/>   one per edge attribute, in order
//!   <graph id="G" edgedefault="undirected|directed">
//!     <data key="g_name">{graph name}</data>
//!     <node id="{id}"><data key="n_label">{label}</data><data key="n0">…</data>…</node>   in model order
//!     <edge source="{id}" target="{id}"><data key="e_weight">{w}</data><data key="e0">…</data>…</edge>
//!   </graph>
//! </graphml>
//! ```
//!
//! `Integer` is `long` (64-bit, as in the model), `Float` is `double`; a
//! missing or non-finite value leaves its `<data>` out. Numbers are written by
//! [`float_text`](super::style::float_text). Text is escaped by quick-xml,
//! carriage returns included (as `&#13;`, which XML line-end normalisation
//! would otherwise turn into line feeds); characters XML cannot carry become
//! U+FFFD. Edges whose endpoints are not nodes of the graph are left out (the
//! model never has them).

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::model::{AttrDecl, AttrKind, AttrValue, ExportGraph};
use super::style::{Tag, push_float, push_value, xml_chars};
use crate::error::Result;

/// The GraphML namespace.
pub const NS: &str = "http://graphml.graphdrawing.org/xmlns";

/// Renders `graph` as GraphML.
pub fn render(graph: &ExportGraph) -> Result<Vec<u8>> {
    super::style::xml_document(|w| document(w, graph))
}

/// [`render`] straight to `out` (a file), not held in memory.
pub fn write(out: &mut dyn io::Write, graph: &ExportGraph) -> io::Result<()> {
    super::style::xml_to(out, |w| document(w, graph))
}

type W<'a> = super::style::XmlWriter<'a>;

/// The GraphML `attr.type` of an attribute kind.
pub fn type_name(kind: AttrKind) -> &'static str {
    match kind {
        AttrKind::String => "string",
        AttrKind::Integer => "long",
        AttrKind::Float => "double",
    }
}

fn document(w: &mut W<'_>, g: &ExportGraph) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(
        BytesStart::new("graphml").with_attributes([("xmlns", NS)]),
    ))?;
    key(w, "g_name", "graph", "name", "string")?;
    key(w, "n_label", "node", "label", "string")?;
    for (i, d) in g.node_attrs.iter().enumerate() {
        key(w, &format!("n{i}"), "node", &d.name, type_name(d.kind))?;
    }
    key(w, "e_weight", "edge", "weight", "double")?;
    for (i, d) in g.edge_attrs.iter().enumerate() {
        key(w, &format!("e{i}"), "edge", &d.name, type_name(d.kind))?;
    }
    let edgedefault = if g.directed { "directed" } else { "undirected" };
    w.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "G"), ("edgedefault", edgedefault)]),
    ))?;
    let (mut buf, mut tag) = (String::new(), Tag::default());
    data(w, &mut tag, "g_name", &g.name)?;
    let node_keys = keys('n', &g.node_attrs);
    let edge_keys = keys('e', &g.edge_attrs);
    for node in &g.nodes {
        tag.named("node").attr("id", &xml_chars(&node.id));
        w.write_event(Event::Start(tag.event()))?;
        data(w, &mut tag, "n_label", &node.label)?;
        attr_data(w, &node_keys, &node.attrs, &mut buf, &mut tag)?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for e in &g.edges {
        let (Some(s), Some(t)) = (g.nodes.get(e.source), g.nodes.get(e.target)) else {
            continue;
        };
        tag.named("edge")
            .attr("source", &xml_chars(&s.id))
            .attr("target", &xml_chars(&t.id));
        w.write_event(Event::Start(tag.event()))?;
        buf.clear();
        if push_float(&mut buf, e.weight) {
            data(w, &mut tag, "e_weight", &buf)?;
        }
        attr_data(w, &edge_keys, &e.attrs, &mut buf, &mut tag)?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    Ok(())
}

fn key(w: &mut W<'_>, id: &str, domain: &str, name: &str, kind: &str) -> io::Result<()> {
    w.create_element("key")
        .with_attributes([
            ("id", id),
            ("for", domain),
            ("attr.name", xml_chars(name).as_ref()),
            ("attr.type", kind),
        ])
        .write_empty()?;
    Ok(())
}

/// `<data key="KEY">TEXT</data>`, its start tag built in `tag`.
fn data(w: &mut W<'_>, tag: &mut Tag, key: &str, text: &str) -> io::Result<()> {
    tag.named("data").attr("key", key);
    w.write_event(Event::Start(tag.event()))?;
    w.write_event(Event::Text(BytesText::new(&xml_chars(text))))?;
    w.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}

/// The key ids of the attributes: `{prefix}{i}`.
fn keys(prefix: char, decls: &[AttrDecl]) -> Vec<String> {
    (0..decls.len()).map(|i| format!("{prefix}{i}")).collect()
}

/// One `<data>` per attribute value that has a text; `buf` and `tag` are
/// reused buffers.
fn attr_data(
    w: &mut W<'_>,
    keys: &[String],
    values: &[AttrValue],
    buf: &mut String,
    tag: &mut Tag,
) -> io::Result<()> {
    for (key, v) in keys.iter().zip(values) {
        buf.clear();
        if push_value(buf, v) {
            data(w, tag, key, buf)?;
        }
    }
    Ok(())
}
