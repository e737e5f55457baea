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
//! missing or non-finite value is an empty cell. Text cells are written as
//! they are, with no spreadsheet formula guard: Gephi runs no formulas, and
//! would show the guard's `'` as part of a label, and ids would differ from
//! the GEXF file's. Numbers are written by
//! [`float_text`](super::style::float_text). Edges whose endpoints are not
//! nodes of the graph are left out (the model never has them).

use super::csv::{csv_err, writer_to};
use super::model::{AttrDecl, AttrValue, ExportGraph};
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
    header.extend(graph.node_attrs.iter().map(|d| d.name.clone()));
    w.write_record(&header)?;
    for node in &graph.nodes {
        let mut row = vec![node.id.clone(), node.label.clone()];
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
    header.extend(graph.edge_attrs.iter().map(|d| d.name.clone()));
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
            s.id.clone(),
            t.id.clone(),
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
    (0..decls.len()).map(move |i| values.get(i).and_then(value_text).unwrap_or_default())
}
