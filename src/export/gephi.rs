//! Gephi's spreadsheet import (Data Laboratory → Import Spreadsheet), two CSV
//! files for people who would rather not use GEXF.
//!
//! - nodes: `Id,Label,{attr},…` — one row per node in model order; the
//!   attribute columns in declaration order.
//! - edges: `Source,Target,Type,Weight,{attr},…` — one row per edge in model
//!   order; `Type` is `Undirected` or `Directed` as the graph says; `Source`
//!   and `Target` are node ids written exactly as in the `Id` column.
//!
//! RFC 4180 quoting by the csv crate, `\n` line ends, UTF-8, a header row. A
//! missing or non-finite value is an empty cell. Text cells (`Id`, `Label`,
//! `Source`, `Target`, string attributes) go through
//! [`text_cell`]: a cell a spreadsheet would run as a
//! formula gets a leading `'` (so an id `=x` is written `'=x` in both files);
//! numbers are written by [`float_text`](super::style::float_text) and never
//! prefixed, so a negative NPMI stays a number. Edges whose endpoints are not
//! nodes of the graph are left out (the model never has them).

use super::csv::{csv_err, text_cell, writer_to};
use super::model::{AttrDecl, AttrKind, AttrValue, ExportGraph};
use super::style::value_text;
use crate::error::Result;

/// The nodes file.
pub fn nodes_csv(graph: &ExportGraph) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_nodes(&mut bytes, graph).map_err(csv_err)?;
    Ok(bytes)
}

/// The edges file.
pub fn edges_csv(graph: &ExportGraph) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_edges(&mut bytes, graph).map_err(csv_err)?;
    Ok(bytes)
}

/// [`nodes_csv`] straight to `out` (a file), not held in memory.
pub fn write_nodes(out: &mut dyn std::io::Write, graph: &ExportGraph) -> std::io::Result<()> {
    let mut w = writer_to(out);
    let mut header = vec!["Id".to_string(), "Label".to_string()];
    header.extend(
        graph
            .node_attrs
            .iter()
            .map(|d| text_cell(&d.name).into_owned()),
    );
    w.write_record(&header)?;
    for node in &graph.nodes {
        let mut row = vec![
            text_cell(&node.id).into_owned(),
            text_cell(&node.label).into_owned(),
        ];
        row.extend(cells(&graph.node_attrs, &node.attrs));
        w.write_record(&row)?;
    }
    w.flush()
}

/// [`edges_csv`] straight to `out` (a file), not held in memory.
pub fn write_edges(out: &mut dyn std::io::Write, graph: &ExportGraph) -> std::io::Result<()> {
    let mut w = writer_to(out);
    let mut header: Vec<String> = ["Source", "Target", "Type", "Weight"]
        .map(String::from)
        .to_vec();
    header.extend(
        graph
            .edge_attrs
            .iter()
            .map(|d| text_cell(&d.name).into_owned()),
    );
    w.write_record(&header)?;
    let kind = if graph.directed {
        "Directed"
    } else {
        "Undirected"
    };
    for e in &graph.edges {
        let (Some(s), Some(t)) = (graph.nodes.get(e.source), graph.nodes.get(e.target)) else {
            continue;
        };
        let mut row = vec![
            text_cell(&s.id).into_owned(),
            text_cell(&t.id).into_owned(),
            kind.to_string(),
            value_text(&AttrValue::Float(e.weight)).unwrap_or_default(),
        ];
        row.extend(cells(&graph.edge_attrs, &e.attrs));
        w.write_record(&row)?;
    }
    w.flush()
}

/// One cell per declared attribute; a value list shorter than the
/// declarations gives empty cells.
fn cells<'a>(decls: &'a [AttrDecl], values: &'a [AttrValue]) -> impl Iterator<Item = String> + 'a {
    decls.iter().enumerate().map(move |(i, d)| {
        let text = values.get(i).and_then(value_text).unwrap_or_default();
        match d.kind {
            AttrKind::String => text_cell(&text).into_owned(),
            AttrKind::Integer | AttrKind::Float => text,
        }
    })
}
