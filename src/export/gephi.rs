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
use super::style::{push_float, push_value};
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
    let mut buf = String::new();
    for node in &graph.nodes {
        w.write_field(&node.id)?;
        w.write_field(&node.label)?;
        cells(&mut w, &graph.node_attrs, &node.attrs, &mut buf)?;
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
    let mut buf = String::new();
    for e in &graph.edges {
        let (Some(s), Some(t)) = (graph.nodes.get(e.source), graph.nodes.get(e.target)) else {
            continue;
        };
        w.write_field(&s.id)?;
        w.write_field(&t.id)?;
        w.write_field(kind)?;
        buf.clear();
        push_float(&mut buf, e.weight);
        w.write_field(&buf)?;
        cells(&mut w, &graph.edge_attrs, &e.attrs, &mut buf)?;
    }
    w.flush()
}

/// One cell per declared attribute, then the end of the record; a value
/// list shorter than the declarations gives empty cells. `buf` is a reused
/// buffer for the values' text.
fn cells<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    decls: &[AttrDecl],
    values: &[AttrValue],
    buf: &mut String,
) -> csv::Result<()> {
    for i in 0..decls.len() {
        buf.clear();
        if let Some(v) = values.get(i) {
            push_value(buf, v);
        }
        w.write_field(&buf)?;
    }
    w.write_record(None::<&[u8]>)
}
