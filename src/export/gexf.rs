//! GEXF 1.3 (<http://gexf.net/1.3>), the format Gephi opens with attributes,
//! colours, sizes and positions. Valid against the RelaxNG schema
//! `tests/interop/gexf-1.3/gexf.rng`.
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
//!   <meta><creator>namegraph</creator><description>{graph name}</description></meta>
//!   <graph defaultedgetype="undirected|directed" mode="static">
//!     <attributes class="node" mode="static">
//!       <attribute id="{name}" title="{name}" type="string|integer|long|double"/>   one per node attribute, in order
//!     </attributes>
//!     <attributes class="edge" mode="static"> … the same for edge attributes … </attributes>
//!                                        (an <attributes> block is left out when the class has none)
//!     <nodes count="N">
//!       <node id="{id}" label="{label}">                                      in model order
//!         <attvalues><attvalue for="{name}" value="{value}"/> …</attvalues>   missing values left out
//!         <viz:color r=".." g=".." b=".."/>      when `Style::color_by` names a node attribute
//!         <viz:size value=".."/>                 always: 5..30 by the ranking metric
//!         <viz:position x=".." y=".."/>          when the layout has one position per node
//!       </node>
//!     </nodes>
//!     <edges count="M">
//!       <edge source="{id}" target="{id}" weight="{w}"> <attvalues>…</attvalues> </edge>   in model order
//!     </edges>
//!   </graph>
//! </gexf>
//! ```
//!
//! Attribute ids are the attribute names. `Integer` is written as GEXF
//! `integer` (Gephi's 32-bit int), or `long` when one of its values does not
//! fit 32 bits; `Float` as `double`. Numbers are written by
//! [`float_text`](super::style::float_text): round-trip digits, no
//! exponent; a non-finite value is left out like a missing one (a
//! non-finite edge weight leaves out `weight`, which readers then take as
//! 1). Edges whose endpoints are not nodes of the graph are
//! left out (the model never has them). Node sizes come from
//! [`ranking`]; colours from [`palette`].
//! All escaping is quick-xml's (including line breaks and tabs in attribute
//! values, written as character references so that they survive attribute
//! normalisation); characters XML cannot carry become U+FFFD. No date is
//! written, so the same graph gives the same bytes.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::layout::Layout;
use super::model::{AttrDecl, AttrKind, AttrValue, ExportGraph};
use super::palette;
use super::style::{Style, has_text, push_float, push_value, ranking, scale, xml_chars};
use crate::error::Result;

/// The GEXF namespace.
pub const NS: &str = "http://gexf.net/1.3";
/// The GEXF visualisation namespace.
pub const NS_VIZ: &str = "http://gexf.net/1.3/viz";

/// Node sizes (`viz:size`) run from this …
pub const SIZE_MIN: f64 = 5.0;
/// … to this, linearly in the ranking metric.
pub const SIZE_MAX: f64 = 30.0;

/// Renders `graph` as GEXF 1.3.
pub fn render(graph: &ExportGraph, style: &Style, layout: &Layout) -> Result<Vec<u8>> {
    super::style::xml_document(|w| document(w, graph, style, layout))
}

/// [`render`] straight to `out` (a file), not held in memory.
pub fn write(
    out: &mut dyn io::Write,
    graph: &ExportGraph,
    style: &Style,
    layout: &Layout,
) -> io::Result<()> {
    super::style::xml_to(out, |w| document(w, graph, style, layout))
}

type W<'a> = super::style::XmlWriter<'a>;

fn document(w: &mut W<'_>, g: &ExportGraph, style: &Style, layout: &Layout) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = BytesStart::new("gexf").with_attributes([
        ("xmlns", NS),
        ("xmlns:viz", NS_VIZ),
        ("version", "1.3"),
    ]);
    w.write_event(Event::Start(root))?;
    w.write_event(Event::Start(BytesStart::new("meta")))?;
    text_element(w, "creator", "namegraph")?;
    text_element(w, "description", &g.name)?;
    w.write_event(Event::End(BytesEnd::new("meta")))?;
    let edgetype = if g.directed { "directed" } else { "undirected" };
    w.write_event(Event::Start(
        BytesStart::new("graph")
            .with_attributes([("defaultedgetype", edgetype), ("mode", "static")]),
    ))?;
    attribute_decls(w, "node", &g.node_attrs, |i| {
        g.nodes.iter().filter_map(move |n| n.attrs.get(i))
    })?;
    attribute_decls(w, "edge", &g.edge_attrs, |i| {
        g.edges.iter().filter_map(move |e| e.attrs.get(i))
    })?;
    nodes(w, g, style, layout)?;
    edges(w, g)?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    Ok(())
}

fn text_element(w: &mut W<'_>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(text)))?;
    Ok(())
}

/// The GEXF type of an attribute: `string`, `double`, and for integers
/// `integer` (Gephi reads it as a 32-bit int) unless a value does not fit, then
/// `long`.
pub fn type_name<'a>(
    kind: AttrKind,
    mut values: impl Iterator<Item = &'a AttrValue>,
) -> &'static str {
    match kind {
        AttrKind::String => "string",
        AttrKind::Float => "double",
        AttrKind::Integer => {
            let wide = values.any(|v| matches!(v, AttrValue::Int(i) if i32::try_from(*i).is_err()));
            if wide { "long" } else { "integer" }
        }
    }
}

fn attribute_decls<'a, F, I>(
    w: &mut W<'_>,
    class: &str,
    decls: &[AttrDecl],
    column: F,
) -> io::Result<()>
where
    F: Fn(usize) -> I,
    I: Iterator<Item = &'a AttrValue>,
{
    if decls.is_empty() {
        return Ok(());
    }
    w.write_event(Event::Start(
        BytesStart::new("attributes").with_attributes([("class", class), ("mode", "static")]),
    ))?;
    for (i, d) in decls.iter().enumerate() {
        let name = xml_chars(&d.name);
        w.create_element("attribute")
            .with_attributes([
                ("id", name.as_ref()),
                ("title", name.as_ref()),
                ("type", type_name(d.kind, column(i))),
            ])
            .write_empty()?;
    }
    w.write_event(Event::End(BytesEnd::new("attributes")))?;
    Ok(())
}

/// The `<attvalues>` of one node or edge; `buf` is a reused buffer for the
/// values' text.
fn attvalues(
    w: &mut W<'_>,
    decls: &[AttrDecl],
    values: &[AttrValue],
    buf: &mut String,
) -> io::Result<()> {
    if !values.iter().take(decls.len()).any(has_text) {
        return Ok(());
    }
    w.write_event(Event::Start(BytesStart::new("attvalues")))?;
    for (d, v) in decls.iter().zip(values) {
        buf.clear();
        if !push_value(buf, v) {
            continue;
        }
        w.create_element("attvalue")
            .with_attributes([
                ("for", xml_chars(&d.name).as_ref()),
                ("value", xml_chars(buf).as_ref()),
            ])
            .write_empty()?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))?;
    Ok(())
}

fn nodes(w: &mut W<'_>, g: &ExportGraph, style: &Style, layout: &Layout) -> io::Result<()> {
    let colours = palette::node_colours(g, style.color_by.as_deref());
    let sizes = scale(&ranking(g, style), SIZE_MIN, SIZE_MAX);
    let count = g.nodes.len().to_string();
    w.write_event(Event::Start(
        BytesStart::new("nodes").with_attributes([("count", count.as_str())]),
    ))?;
    let mut buf = String::new();
    for (i, node) in g.nodes.iter().enumerate() {
        let start = BytesStart::new("node").with_attributes([
            ("id", xml_chars(&node.id).as_ref()),
            ("label", xml_chars(&node.label).as_ref()),
        ]);
        w.write_event(Event::Start(start))?;
        attvalues(w, &g.node_attrs, &node.attrs, &mut buf)?;
        if let Some(c) = colours.as_ref().and_then(|c| c.get(i)) {
            let [mut r, mut gr, mut b] = [itoa::Buffer::new(); 3];
            w.create_element("viz:color")
                .with_attributes([
                    ("r", r.format(c.0)),
                    ("g", gr.format(c.1)),
                    ("b", b.format(c.2)),
                ])
                .write_empty()?;
        }
        buf.clear();
        if sizes.get(i).is_some_and(|s| push_float(&mut buf, *s)) {
            w.create_element("viz:size")
                .with_attribute(("value", buf.as_str()))
                .write_empty()?;
        }
        if let Some([x, y]) = layout.get(i, g.nodes.len()) {
            // Both coordinates in the one buffer, `x` then `y`.
            buf.clear();
            if push_float(&mut buf, x) {
                let x_end = buf.len();
                if push_float(&mut buf, y) {
                    let (x, y) = buf.split_at(x_end);
                    w.create_element("viz:position")
                        .with_attributes([("x", x), ("y", y)])
                        .write_empty()?;
                }
            }
        }
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;
    Ok(())
}

fn edges(w: &mut W<'_>, g: &ExportGraph) -> io::Result<()> {
    let count = g.edges.len().to_string();
    w.write_event(Event::Start(
        BytesStart::new("edges").with_attributes([("count", count.as_str())]),
    ))?;
    let mut buf = String::new();
    for e in &g.edges {
        let (Some(s), Some(t)) = (g.nodes.get(e.source), g.nodes.get(e.target)) else {
            continue;
        };
        let mut start = BytesStart::new("edge").with_attributes([
            ("source", xml_chars(&s.id).as_ref()),
            ("target", xml_chars(&t.id).as_ref()),
        ]);
        buf.clear();
        if push_float(&mut buf, e.weight) {
            start.push_attribute(("weight", buf.as_str()));
        }
        if !e.attrs.iter().any(has_text) {
            w.write_event(Event::Empty(start))?;
        } else {
            w.write_event(Event::Start(start))?;
            attvalues(w, &g.edge_attrs, &e.attrs, &mut buf)?;
            w.write_event(Event::End(BytesEnd::new("edge")))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    Ok(())
}
