//! The citation tables, one function per file, in the style of
//! [`crate::export::csv`]: RFC 4180 quoting, `\n` line ends, a header row,
//! text cells made safe from spreadsheet formulas.
//!
//! - `citations.csv`: `document,unit,note,ref,kind,author,title,year,volume,pages,work,resolved_from,raw`,
//!   one row per reference, by document (input order), then in note order;
//!   `author` is the author(s) as cited with OCR-damaged surnames corrected
//!   (`; `-separated), `title` the title as cited, `work` the id of the
//!   resolved work, `resolved_from` the note an Ibid. or short form was
//!   resolved to ("chapter-2 note 3"). Inline citations have kind `inline`,
//!   no unit or note, and `raw` gives the number of mentions.
//! - `works.csv`: `work,author,title,year,citations,units`, most cited first
//!   (ties by id); `citations` counts references (inline: mentions),
//!   `units` the citing units.

use super::{CitationAnalysis, DocumentCitations};
use crate::error::{Error, Result};
use crate::export::csv::{csv_err, finish, text_cell, writer};

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The columns of `citations.csv`.
const CITATION_COLUMNS: [&str; 13] = [
    "document",
    "unit",
    "note",
    "ref",
    "kind",
    "author",
    "title",
    "year",
    "volume",
    "pages",
    "work",
    "resolved_from",
    "raw",
];

/// Where the corpus work goes in a row.
const WORK_COLUMN: usize = 10;

/// The row of reference `i` of `doc`, with `work` in the work column.
fn reference_row(doc: &DocumentCitations, i: usize, work: &str) -> [String; 13] {
    let r = &doc.references[i];
    let unit = r.unit.map_or("", |u| doc.units[u].id.as_str());
    let authors: Vec<String> = r.authors.iter().map(|x| x.display()).collect();
    let from = r.resolved_from.map(|f| doc.locate(f)).unwrap_or_default();
    let mut row = [
        text_cell(&doc.document).into_owned(),
        text_cell(unit).into_owned(),
        opt(&r.note),
        if r.note.is_some() {
            r.index.to_string()
        } else {
            String::new()
        },
        r.kind.as_str().to_string(),
        text_cell(&authors.join("; ")).into_owned(),
        text_cell(r.title.as_deref().unwrap_or("")).into_owned(),
        opt(&r.year),
        text_cell(r.volume.as_deref().unwrap_or("")).into_owned(),
        text_cell(r.pages.as_deref().unwrap_or("")).into_owned(),
        String::new(),
        text_cell(&from).into_owned(),
        text_cell(&r.raw).into_owned(),
    ];
    row[WORK_COLUMN] = text_cell(work).into_owned();
    row
}

/// The error for an analysis whose references were released.
fn released(doc: &DocumentCitations) -> Error {
    Error::Incomplete(format!(
        "the references of {} were not kept (Config::keep_references)",
        doc.document
    ))
}

/// `citations.csv`, from an analysis that kept its references.
pub fn citations(a: &CitationAnalysis) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(CITATION_COLUMNS).map_err(csv_err)?;
    for (d, doc) in a.documents.iter().enumerate() {
        if !doc.has_references() {
            return Err(released(doc));
        }
        for i in 0..doc.references.len() {
            let work = a.work_of[d][i].map_or("", |w| a.works[w].id.as_str());
            w.write_record(reference_row(doc, i, work))
                .map_err(csv_err)?;
        }
    }
    finish(w)
}

/// One document's rows of `citations.csv`, without a header and with the
/// work column empty: the corpus works are known only once every document
/// is merged. A run that writes the table at its end
/// ([`citations_from_rows`]) keeps these instead of the references.
pub fn document_rows(doc: &DocumentCitations) -> Result<Vec<u8>> {
    if !doc.has_references() {
        return Err(released(doc));
    }
    let mut w = writer();
    for i in 0..doc.references.len() {
        w.write_record(reference_row(doc, i, "")).map_err(csv_err)?;
    }
    finish(w)
}

/// Writes `citations.csv` to `out` (named `path` in errors) from every
/// document's [`document_rows`], in document order, giving each row its
/// corpus work. The same bytes as [`citations`].
pub fn citations_from_rows(
    a: &CitationAnalysis,
    rows: impl std::io::Read,
    out: &mut dyn std::io::Write,
    path: &std::path::Path,
) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(rows);
    let mut w = crate::export::csv::writer_to(out);
    w.write_record(CITATION_COLUMNS).map_err(|e| err(&e))?;
    let mut works = a.work_of.iter().flatten();
    for record in reader.records() {
        let record = record.map_err(|e| err(&e))?;
        let Some(work) = works.next() else {
            return Err(err(&"more rows than references"));
        };
        let work = text_cell(work.map_or("", |w| a.works[w].id.as_str()));
        let cells = record
            .iter()
            .enumerate()
            .map(|(k, cell)| if k == WORK_COLUMN { &work } else { cell });
        w.write_record(cells).map_err(|e| err(&e))?;
    }
    if works.next().is_some() {
        return Err(err(&"fewer rows than references"));
    }
    w.flush().map_err(|e| err(&e))
}

/// `works.csv`.
pub fn works(a: &CitationAnalysis) -> Result<Vec<u8>> {
    let mut order: Vec<usize> = (0..a.works.len()).collect();
    order.sort_by(|&x, &y| {
        a.works[y]
            .citations
            .cmp(&a.works[x].citations)
            .then_with(|| a.works[x].id.cmp(&a.works[y].id))
    });
    let mut w = writer();
    w.write_record(["work", "author", "title", "year", "citations", "units"])
        .map_err(csv_err)?;
    for i in order {
        let work = &a.works[i];
        let authors: Vec<&str> = work
            .authors
            .iter()
            .map(|&x| a.authors[x].label.as_str())
            .collect();
        w.write_record([
            text_cell(&work.id).as_ref(),
            &text_cell(&authors.join("; ")),
            &text_cell(&work.title),
            &opt(&work.year),
            &work.citations.to_string(),
            &work.units.to_string(),
        ])
        .map_err(csv_err)?;
    }
    finish(w)
}
