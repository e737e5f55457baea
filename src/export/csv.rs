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
//! - `documents.csv`: `document,file,encoding,folder,title,author,year,bytes,words,sections,paragraphs,sentences,mentions`,
//!   in input order.
//! - `edges.csv`: `scope,source,target,weight,jaccard,npmi`, the corpus graph
//!   then each document's, edges by source id then target id (source < target).
//! - `metrics.csv`: `scope,entity,label,type,mentions,degree,strength,betweenness,closeness,betweenness_w,closeness_w,eigenvector,pagerank,community`,
//!   by scope as above, then entity id.
//! - `rankings.csv`: `scope,rank,entity,label,metric,value`, the top K of each
//!   scope by one metric, highest first (ties by entity id).
//!
//! Floats are written as the graph formats write them
//! ([`super::style::float_text`]): shortest round-trip digits.

use super::model::{AttrValue, ExportGraph};
use super::style::{float_text, value_text};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::ranking::{Metric, Ranked};
use crate::{Analysis, Mention};

/// A text cell made safe from spreadsheet formula evaluation: one that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'`, and so does one that starts with `'` itself, so that a
/// reader can always undo the guard by dropping one leading `'`.
pub fn text_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// A CSV writer to memory with the project's conventions (`\n` line ends,
/// RFC 4180 quoting); every CSV table of the crate starts here.
pub(crate) fn writer() -> ::csv::Writer<Vec<u8>> {
    writer_to(Vec::new())
}

/// The line end of every table (the quoting rule follows from it).
const LINE_END: u8 = b'\n';

/// [`writer`] to any destination.
pub(crate) fn writer_to<W: std::io::Write>(w: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(LINE_END))
        .from_writer(w)
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
pub const MENTION_COLUMNS: [&str; 10] = [
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

/// One header row, as CSV bytes.
pub fn header_row(cells: &[&str]) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(cells).map_err(csv_err)?;
    finish(w)
}

/// The rows of `mentions.csv` (no header) of a document whose mentions
/// were spilled, written to `out` (named `path` in errors): rendered a few
/// segments at a time, in parallel, never all in memory.
pub fn write_spilled_mention_rows(
    document: &str,
    spilled: &crate::mention::Spilled,
    gazetteer: &Gazetteer,
    mut out: impl std::io::Write,
    path: &std::path::Path,
) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    spilled.for_each_segment(
        2 * rayon::current_num_threads(),
        |segment| mention_rows(document, segment, gazetteer),
        |rows| out.write_all(&rows).map_err(err),
    )?;
    out.flush().map_err(err)
}

/// One document's rows of `mentions.csv` (no header), in the mentions' order.
///
/// A row none of whose text cells needs quoting (nearly all) is laid out
/// here, cells joined by commas; the csv writer spends more on its state
/// machine than on such a row's bytes. Whether a cell needs quoting is
/// asked of a `csv_core` writer built as `writer` builds its own, so the
/// rule is the crate's; any other row goes through the csv writer.
pub fn mention_rows(
    document: &str,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
) -> Result<Vec<u8>> {
    let quoting = quoting();
    let plain = |cell: &str| !quoting.should_quote(cell.as_bytes());
    let document = text_cell(document);
    let plain_document = plain(&document);
    let mut out = Vec::with_capacity(mentions.len() * (document.len() + 64));
    // Numbers are formatted on the stack: no allocation per row.
    let mut numbers = [itoa::Buffer::new(); 6];
    for m in mentions {
        let e = gazetteer.get(m.entity as usize);
        let [section, paragraph, sentence, word, start, end] = &mut numbers;
        let (id, text) = (text_cell(&e.id), text_cell(&m.text));
        let numbers = [
            section.format(m.section),
            paragraph.format(m.paragraph),
            sentence.format(m.sentence),
            word.format(m.word),
            start.format(m.start),
            end.format(m.end),
        ];
        let kind = e.kind.as_str();
        if plain_document && plain(&id) && plain(kind) && plain(&text) {
            out.extend_from_slice(document.as_bytes());
            for cell in numbers
                .into_iter()
                .chain([id.as_ref(), kind, text.as_ref()])
            {
                out.push(b',');
                out.extend_from_slice(cell.as_bytes());
            }
            out.push(LINE_END);
        } else {
            let mut w = writer_to(&mut out);
            let [a, b, c, d, e, f] = numbers;
            w.write_record([document.as_ref(), a, b, c, d, e, f, &id, kind, &text])
                .map_err(csv_err)?;
            w.flush().map_err(csv_err)?;
        }
    }
    Ok(out)
}

/// The quoting rule of [`writer`]'s tables.
fn quoting() -> csv_core::Writer {
    csv_core::WriterBuilder::new()
        .terminator(csv_core::Terminator::Any(LINE_END))
        .build()
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
        "file",
        "encoding",
        "folder",
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
            &text_cell(&d.path),
            d.encoding.as_str(),
            &text_cell(&d.folder),
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

/// `diagnostics.csv`: every warning and note of the run (files skipped or
/// decoded with a fallback, shared aliases resolved, what reading the
/// endnotes inferred), in the order the terminal shows them, so that the
/// record of how the texts were read stays with the results.
pub fn diagnostics(a: &Analysis) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(["level", "file", "line", "message"])
        .map_err(csv_err)?;
    for d in &a.diagnostics {
        w.write_record([
            d.level.as_str(),
            &text_cell(&d.path),
            &d.line.map(|l| l.to_string()).unwrap_or_default(),
            &text_cell(&d.message),
        ])
        .map_err(csv_err)?;
    }
    finish(w)
}

/// The rows one scope adds to `edges.csv`, `metrics.csv` and
/// `rankings.csv` (no headers), rendered apart so that scopes can be
/// rendered in parallel and appended in order.
#[derive(Debug, Clone, Default)]
pub struct ScopeRows {
    pub edges: Vec<u8>,
    pub metrics: Vec<u8>,
    pub rankings: Vec<u8>,
}

/// The `metrics.csv` columns after `scope,entity,label`: the co-mention node
/// attributes in their order, except `wikidata`.
fn metric_columns() -> Vec<String> {
    super::comention::node_attrs()
        .into_iter()
        .map(|a| a.name)
        .filter(|n| n != "wikidata")
        .collect()
}

impl ScopeRows {
    /// Renders the rows of scope `name`: its export model `g`, and its
    /// ranking (already ranked, by `metric`).
    pub fn render(
        name: &str,
        g: &ExportGraph,
        ranking: &[Ranked],
        metric: Metric,
    ) -> Result<ScopeRows> {
        let scope = text_cell(name);
        let mut edges = writer();
        for e in &g.edges {
            let attr = |i: usize| e.attrs.get(i).and_then(value_text).unwrap_or_default();
            edges
                .write_record([
                    scope.as_ref(),
                    &text_cell(&g.nodes[e.source].id),
                    &text_cell(&g.nodes[e.target].id),
                    &float_text(e.weight).unwrap_or_default(),
                    &attr(0),
                    &attr(1),
                ])
                .map_err(csv_err)?;
        }
        let columns: Vec<Option<usize>> = metric_columns()
            .iter()
            .map(|c| g.node_attrs.iter().position(|a| &a.name == c))
            .collect();
        let mut metrics = writer();
        for n in &g.nodes {
            let mut row = vec![
                scope.clone().into_owned(),
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
            metrics.write_record(&row).map_err(csv_err)?;
        }
        let mut rankings = writer();
        for (i, r) in ranking.iter().enumerate() {
            let n = &g.nodes[r.node];
            let value = if metric.is_count() {
                AttrValue::Int(r.value as i64)
            } else {
                AttrValue::Float(r.value)
            };
            rankings
                .write_record([
                    scope.as_ref(),
                    &(i + 1).to_string(),
                    &text_cell(&n.id),
                    &text_cell(&n.label),
                    metric.as_str(),
                    &value_text(&value).unwrap_or_default(),
                ])
                .map_err(csv_err)?;
        }
        Ok(ScopeRows {
            edges: finish(edges)?,
            metrics: finish(metrics)?,
            rankings: finish(rankings)?,
        })
    }
}

/// `edges.csv`, `metrics.csv` and `rankings.csv`, filled while a run goes:
/// the documents' rows are appended to temporary files in input order as
/// they come; [`finish`](ScopeTables::finish) writes each table (header,
/// the corpus rows, then the documents' rows) under a temporary name and
/// renames it, so the corpus comes first and no table is ever half-written.
pub struct ScopeTables {
    dir: std::path::PathBuf,
    /// The documents' rows so far, one spool per table.
    edges: super::Spool,
    metrics: super::Spool,
    rankings: super::Spool,
}

impl ScopeTables {
    /// Starts collecting rows for the tables of `dir`.
    pub fn create(dir: &std::path::Path) -> Result<ScopeTables> {
        Ok(ScopeTables {
            dir: dir.to_path_buf(),
            edges: super::Spool::create(dir)?,
            metrics: super::Spool::create(dir)?,
            rankings: super::Spool::create(dir)?,
        })
    }

    /// Appends one document's rows.
    pub fn append(&mut self, rows: &ScopeRows) -> Result<()> {
        self.edges.append(&rows.edges)?;
        self.metrics.append(&rows.metrics)?;
        self.rankings.append(&rows.rankings)
    }

    /// Writes the three tables, the corpus rows first; returns their paths.
    pub fn finish(self, corpus: &ScopeRows) -> Result<Vec<std::path::PathBuf>> {
        let metric_header = ["scope", "entity", "label"]
            .into_iter()
            .map(String::from)
            .chain(metric_columns())
            .collect::<Vec<_>>();
        let edge_header = ["scope", "source", "target", "weight", "jaccard", "npmi"];
        let ranking_header = ["scope", "rank", "entity", "label", "metric", "value"];
        let metric_header: Vec<&str> = metric_header.iter().map(String::as_str).collect();
        let tables = [
            (
                "edges.csv",
                header_row(&edge_header)?,
                &corpus.edges,
                self.edges,
            ),
            (
                "metrics.csv",
                header_row(&metric_header)?,
                &corpus.metrics,
                self.metrics,
            ),
            (
                "rankings.csv",
                header_row(&ranking_header)?,
                &corpus.rankings,
                self.rankings,
            ),
        ];
        let mut written = Vec::new();
        for (name, head, first, spool) in tables {
            let path = self.dir.join(name);
            let err = |source| Error::Write {
                path: path.clone(),
                source,
            };
            let mut spool = spool.read_back()?;
            super::write_atomic_with(&path, |w| {
                w.write_all(&head).map_err(err)?;
                w.write_all(first).map_err(err)?;
                std::io::copy(&mut spool, w).map_err(err)?;
                Ok(())
            })?;
            written.push(path);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{self, Source};

    /// Every row the csv writer would write for these cells.
    fn by_csv_writer(document: &str, mentions: &[Mention], gazetteer: &Gazetteer) -> Vec<u8> {
        let mut w = writer();
        for m in mentions {
            let e = gazetteer.get(m.entity as usize);
            let numbers = [m.section as u64, m.paragraph as u64, m.sentence as u64];
            let mut cells: Vec<String> = vec![text_cell(document).into()];
            cells.extend(
                numbers
                    .iter()
                    .chain(&[m.word, m.start, m.end])
                    .map(u64::to_string),
            );
            cells.push(text_cell(&e.id).into());
            cells.push(e.kind.as_str().into());
            cells.push(text_cell(&m.text).into());
            w.write_record(&cells).unwrap();
        }
        finish(w).unwrap()
    }

    #[test]
    fn mention_rows_are_what_the_csv_writer_writes() {
        let rows = "id,type,label,aliases,wikidata,description,author,shared\n\
            leon_trotsky,person,Leon Trotsky,Trotsky,,,,\n\
            \"a,b\",place,\"Comma, Town\",Comma,,,,\n\
            \"=sum\",party,Formula,Formula,,,,\n";
        let gazetteer = gazetteer::parse(&[Source {
            path: "test.csv".into(),
            text: rows.into(),
        }])
        .unwrap();
        let texts = [
            "Trotsky",
            "Trot\"sky",
            "Trotsky, Leon",
            "Trot\nsky",
            "Trot\rsky",
            "=Trotsky",
            "-Trotsky",
            "'Trotsky",
            "Троцкий",
            "Trotsky\tL",
            "",
        ];
        let mentions: Vec<Mention> = (0..gazetteer.len() * texts.len())
            .map(|i| Mention {
                entity: (i % gazetteer.len()) as u32,
                document: 0,
                section: i as u32,
                paragraph: 7 * i as u32,
                sentence: 11 * i as u32,
                word: u64::MAX - i as u64,
                start: 1000 * i as u64,
                end: 1000 * i as u64 + 7,
                text: texts[i / gazetteer.len()].to_string(),
            })
            .collect();
        for document in [
            "plain-name",
            "with,comma",
            "with \"quote\"",
            "=formula",
            "line\nbreak",
        ] {
            let fast = mention_rows(document, &mentions, &gazetteer).unwrap();
            let slow = by_csv_writer(document, &mentions, &gazetteer);
            assert_eq!(
                String::from_utf8_lossy(&fast),
                String::from_utf8_lossy(&slow),
                "document {document:?}"
            );
        }
    }
}
