//! The CSV tables, one function per file. RFC 4180 quoting, `\n` line ends,
//! UTF-8, a header row. A text cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with
//! `'`. Rows are in a fixed order so that output is byte-identical run to run.
//!
//! - `mentions.csv`: `document,section,paragraph,sentence,word,start,end,entity,type,text`,
//!   one row per mention, by document (input order) and position; `start` and
//!   `end` are byte offsets into the original file.
//! - `entities.csv`: `entity,label,type,mentions,documents`, every entity of the
//!   gazetteer, most mentioned first (ties by id).
//! - `documents.csv`: `document,title,author,year,bytes,words,sections,paragraphs,sentences,mentions`,
//!   in input order.
//! - `edges.csv`: `scope,source,target,weight,jaccard,npmi`, the corpus graph
//!   then each document's, edges by source id then target id (source < target).
//! - `metrics.csv`: `scope,entity,label,type,mentions,degree,strength,betweenness,closeness,betweenness_w,closeness_w,eigenvector,pagerank,community`,
//!   by scope as above, then entity id.
//! - `rankings.csv`: `scope,rank,entity,label,metric,value`, the top K of each
//!   scope by one metric, highest first (ties by entity id).
//!
//! Floats are written as the graph formats write them
//! ([`float_text`](super::style::float_text)): shortest round-trip digits.

use super::AtomicFile;
use super::model::{AttrValue, ExportGraph};
use super::style::{float_text, value_text};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::ranking::{Metric, rank};
use crate::{Analysis, DocumentInfo, Mention};

/// A text cell made safe from spreadsheet formula evaluation.
pub fn text_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// A CSV writer to memory with the project's conventions (`\n` line ends,
/// RFC 4180 quoting); every CSV table of the crate starts here.
pub(crate) fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// The bytes of a finished table.
pub(crate) fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner().map_err(csv_err)
}

/// An error while rendering a table in memory.
pub(crate) fn csv_err(e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: "<memory>".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// The header of `mentions.csv`.
const MENTION_COLUMNS: [&str; 10] = [
    "document",
    "section",
    "paragraph",
    "sentence",
    "word",
    "start",
    "end",
    "entity",
    "type",
    "text",
];

/// One row of `mentions.csv`.
fn mention_row(document: &str, m: &Mention, gazetteer: &Gazetteer) -> [String; 10] {
    let e = gazetteer.get(m.entity as usize);
    [
        text_cell(document).into_owned(),
        m.section.to_string(),
        m.paragraph.to_string(),
        m.sentence.to_string(),
        m.word.to_string(),
        m.start.to_string(),
        m.end.to_string(),
        text_cell(&e.id).into_owned(),
        e.kind.as_str().to_string(),
        text_cell(&m.text).into_owned(),
    ]
}

/// `mentions.csv` of an analysis that kept its mentions.
pub fn mentions(a: &Analysis) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_mentions(a, &mut bytes)?;
    Ok(bytes)
}

/// `mentions.csv` of an analysis that kept its mentions, streamed to `out`.
pub fn write_mentions(a: &Analysis, out: &mut dyn std::io::Write) -> Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(MENTION_COLUMNS).map_err(csv_err)?;
    for m in &a.mentions {
        let row = mention_row(&a.documents[m.document as usize].meta.id, m, &a.gazetteer);
        w.write_record(row).map_err(csv_err)?;
    }
    w.flush().map_err(csv_err)
}

/// `mentions.csv` written document by document while the corpus is scanned,
/// so that the mentions need not be kept: the file appears under its name
/// only on [`finish`](MentionsFile::finish).
pub struct MentionsFile {
    w: ::csv::Writer<AtomicFile>,
}

impl MentionsFile {
    /// Starts `path` (under a temporary name) with the header.
    pub fn create(path: &std::path::Path) -> Result<MentionsFile> {
        let file = AtomicFile::create(path)?;
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(file);
        w.write_record(MENTION_COLUMNS).map_err(csv_err)?;
        Ok(MentionsFile { w })
    }

    /// Appends one document's mentions.
    pub fn write(
        &mut self,
        doc: &DocumentInfo,
        mentions: &[Mention],
        gazetteer: &Gazetteer,
    ) -> Result<()> {
        for m in mentions {
            self.w
                .write_record(mention_row(&doc.meta.id, m, gazetteer))
                .map_err(csv_err)?;
        }
        Ok(())
    }

    /// Gives the file its name.
    pub fn finish(self) -> Result<()> {
        self.w.into_inner().map_err(csv_err)?.commit()
    }
}

/// `entities.csv`.
pub fn entities(a: &Analysis) -> Result<Vec<u8>> {
    let counts = a.entity_counts();
    let mut order: Vec<usize> = (0..a.gazetteer.len()).collect();
    order.sort_by(|&x, &y| {
        counts[y]
            .0
            .cmp(&counts[x].0)
            .then_with(|| a.gazetteer.get(x).id.cmp(&a.gazetteer.get(y).id))
    });
    let mut w = writer();
    w.write_record(["entity", "label", "type", "mentions", "documents"])
        .map_err(csv_err)?;
    for i in order {
        let e = a.gazetteer.get(i);
        w.write_record([
            text_cell(&e.id).as_ref(),
            &text_cell(&e.label),
            e.kind.as_str(),
            &counts[i].0.to_string(),
            &counts[i].1.to_string(),
        ])
        .map_err(csv_err)?;
    }
    finish(w)
}

/// `documents.csv`.
pub fn documents(a: &Analysis) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record([
        "document",
        "title",
        "author",
        "year",
        "bytes",
        "words",
        "sections",
        "paragraphs",
        "sentences",
        "mentions",
    ])
    .map_err(csv_err)?;
    for d in &a.documents {
        w.write_record([
            text_cell(&d.meta.id).as_ref(),
            &text_cell(&d.meta.title),
            &text_cell(d.meta.author.as_deref().unwrap_or("")),
            &d.meta.year.map(|y| y.to_string()).unwrap_or_default(),
            &d.bytes.to_string(),
            &d.words.to_string(),
            &d.sections.to_string(),
            &d.paragraphs.to_string(),
            &d.sentences.to_string(),
            &d.mentions.to_string(),
        ])
        .map_err(csv_err)?;
    }
    finish(w)
}

/// `edges.csv` and `metrics.csv`, written scope by scope (corpus first)
/// while the graphs are exported, so that not every scope's export model is
/// in memory at once. Both files take their names only on
/// [`finish`](ScopeTables::finish).
pub struct ScopeTables {
    edges: ::csv::Writer<AtomicFile>,
    metrics: ::csv::Writer<AtomicFile>,
    /// The `metrics.csv` columns after `scope,entity,label`.
    names: Vec<String>,
}

impl ScopeTables {
    /// Starts both files in `dir` with their headers.
    pub fn create(dir: &std::path::Path) -> Result<ScopeTables> {
        let open = |name: &str| -> Result<::csv::Writer<AtomicFile>> {
            let file = AtomicFile::create(&dir.join(name))?;
            Ok(::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::Any(b'\n'))
                .from_writer(file))
        };
        let (mut edges, mut metrics) = (open("edges.csv")?, open("metrics.csv")?);
        // The co-mention node attributes, in their order, except `wikidata`.
        let names: Vec<String> = super::comention::node_attrs()
            .into_iter()
            .map(|a| a.name)
            .filter(|n| n != "wikidata")
            .collect();
        edges
            .write_record(["scope", "source", "target", "weight", "jaccard", "npmi"])
            .map_err(csv_err)?;
        let header = ["scope", "entity", "label"]
            .into_iter()
            .chain(names.iter().map(String::as_str));
        metrics.write_record(header).map_err(csv_err)?;
        Ok(ScopeTables {
            edges,
            metrics,
            names,
        })
    }

    /// Appends one scope's edges and node metrics.
    pub fn write(&mut self, scope: &str, g: &ExportGraph) -> Result<()> {
        for e in &g.edges {
            let attr = |i: usize| e.attrs.get(i).and_then(value_text).unwrap_or_default();
            self.edges
                .write_record([
                    text_cell(scope).as_ref(),
                    &text_cell(&g.nodes[e.source].id),
                    &text_cell(&g.nodes[e.target].id),
                    &float_text(e.weight).unwrap_or_default(),
                    &attr(0),
                    &attr(1),
                ])
                .map_err(csv_err)?;
        }
        let columns: Vec<Option<usize>> = self
            .names
            .iter()
            .map(|c| g.node_attrs.iter().position(|a| &a.name == c))
            .collect();
        for n in &g.nodes {
            let mut row = vec![
                text_cell(scope).into_owned(),
                text_cell(&n.id).into_owned(),
                text_cell(&n.label).into_owned(),
            ];
            for (k, column) in columns.iter().enumerate() {
                let value = column
                    .and_then(|i| n.attrs.get(i))
                    .and_then(value_text)
                    .unwrap_or_default();
                // Only `type` is text; numbers (negative ones too) stay numbers.
                row.push(if k == 0 {
                    text_cell(&value).into_owned()
                } else {
                    value
                });
            }
            self.metrics.write_record(&row).map_err(csv_err)?;
        }
        Ok(())
    }

    /// Gives both files their names.
    pub fn finish(self) -> Result<()> {
        self.edges.into_inner().map_err(csv_err)?.commit()?;
        self.metrics.into_inner().map_err(csv_err)?.commit()
    }
}

/// `rankings.csv`: the `top` entities of every scope by `metric`.
pub fn rankings(a: &Analysis, metric: Metric, top: usize) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(["scope", "rank", "entity", "label", "metric", "value"])
        .map_err(csv_err)?;
    for (scope, (graph, metrics)) in a.graphs.iter().zip(&a.metrics).enumerate() {
        let name = super::comention::scope_name(a, scope);
        for (i, r) in rank(graph, metrics, &a.gazetteer, metric, top)
            .into_iter()
            .enumerate()
        {
            let e = a
                .gazetteer
                .get(graph.graph.raw_nodes()[r.node].weight.entity as usize);
            let value = if metric.is_count() {
                AttrValue::Int(r.value as i64)
            } else {
                AttrValue::Float(r.value)
            };
            w.write_record([
                text_cell(name).as_ref(),
                &(i + 1).to_string(),
                &text_cell(&e.id),
                &text_cell(&e.label),
                metric.as_str(),
                &value_text(&value).unwrap_or_default(),
            ])
            .map_err(csv_err)?;
        }
    }
    finish(w)
}
