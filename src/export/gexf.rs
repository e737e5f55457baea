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

use std::borrow::Cow;
use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::layout::Layout;
use super::model::{AttrDecl, AttrKind, AttrValue, ExportGraph};
use super::palette;
use super::style::{Style, Tag, has_text, push_float, push_value, ranking, scale, xml_chars};
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

/// The `<attvalues>` of one node or edge; `names` are the declarations'
/// names as XML can carry them, `buf` and `tag` reused buffers.
fn attvalues(
    w: &mut W<'_>,
    names: &[Cow<'_, str>],
    values: &[AttrValue],
    buf: &mut String,
    tag: &mut Tag,
) -> io::Result<()> {
    if !values.iter().take(names.len()).any(has_text) {
        return Ok(());
    }
    w.write_event(Event::Start(BytesStart::new("attvalues")))?;
    for (name, v) in names.iter().zip(values) {
        buf.clear();
        if !push_value(buf, v) {
            continue;
        }
        tag.named("attvalue")
            .attr("for", name)
            .attr("value", &xml_chars(buf));
        w.write_event(Event::Empty(tag.event()))?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))?;
    Ok(())
}

/// The names of `decls` as XML can carry them, made once per file.
fn names(decls: &[AttrDecl]) -> Vec<Cow<'_, str>> {
    decls.iter().map(|d| xml_chars(&d.name)).collect()
}

fn nodes(w: &mut W<'_>, g: &ExportGraph, style: &Style, layout: &Layout) -> io::Result<()> {
    let colours = palette::node_colours(g, style.color_by.as_deref());
    let sizes = scale(&ranking(g, style), SIZE_MIN, SIZE_MAX);
    let count = g.nodes.len().to_string();
    w.write_event(Event::Start(
        BytesStart::new("nodes").with_attributes([("count", count.as_str())]),
    ))?;
    let names = names(&g.node_attrs);
    let (mut buf, mut tag) = (String::new(), Tag::default());
    for (i, node) in g.nodes.iter().enumerate() {
        tag.named("node")
            .attr("id", &xml_chars(&node.id))
            .attr("label", &xml_chars(&node.label));
        w.write_event(Event::Start(tag.event()))?;
        attvalues(w, &names, &node.attrs, &mut buf, &mut tag)?;
        if let Some(c) = colours.as_ref().and_then(|c| c.get(i)) {
            let [mut r, mut gr, mut b] = [itoa::Buffer::new(); 3];
            tag.named("viz:color")
                .attr("r", r.format(c.0))
                .attr("g", gr.format(c.1))
                .attr("b", b.format(c.2));
            w.write_event(Event::Empty(tag.event()))?;
        }
        buf.clear();
        if sizes.get(i).is_some_and(|s| push_float(&mut buf, *s)) {
            tag.named("viz:size").attr("value", &buf);
            w.write_event(Event::Empty(tag.event()))?;
        }
        if let Some([x, y]) = layout.get(i, g.nodes.len()) {
            // Both coordinates in the one buffer, `x` then `y`.
            buf.clear();
            if push_float(&mut buf, x) {
                let x_end = buf.len();
                if push_float(&mut buf, y) {
                    let (x, y) = buf.split_at(x_end);
                    tag.named("viz:position").attr("x", x).attr("y", y);
                    w.write_event(Event::Empty(tag.event()))?;
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
    let names = names(&g.edge_attrs);
    let (mut buf, mut tag) = (String::new(), Tag::default());
    for e in &g.edges {
        let (Some(s), Some(t)) = (g.nodes.get(e.source), g.nodes.get(e.target)) else {
            continue;
        };
        buf.clear();
        tag.named("edge")
            .attr("source", &xml_chars(&s.id))
            .attr("target", &xml_chars(&t.id));
        if push_float(&mut buf, e.weight) {
            tag.attr("weight", &buf);
        }
        if !e.attrs.iter().any(has_text) {
            w.write_event(Event::Empty(tag.event()))?;
        } else {
            w.write_event(Event::Start(tag.event()))?;
            attvalues(w, &names, &e.attrs, &mut buf, &mut tag)?;
            w.write_event(Event::End(BytesEnd::new("edge")))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    Ok(())
}
