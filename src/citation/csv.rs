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

use super::CitationAnalysis;
use crate::error::Result;
use crate::export::csv::{csv_err, finish, text_cell, writer};

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// `citations.csv`.
pub fn citations(a: &CitationAnalysis) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record([
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
    ])
    .map_err(csv_err)?;
    for (d, doc) in a.documents.iter().enumerate() {
        for (i, r) in doc.references.iter().enumerate() {
            let unit = r.unit.map_or("", |u| doc.units[u].id.as_str());
            let authors: Vec<String> = r.authors.iter().map(|x| x.display()).collect();
            let work = a.work_of[d][i].map_or("", |w| a.works[w].id.as_str());
            let from = r.resolved_from.map(|f| doc.locate(f)).unwrap_or_default();
            w.write_record([
                text_cell(&doc.document).as_ref(),
                &text_cell(unit),
                &opt(&r.note),
                &if r.note.is_some() {
                    r.index.to_string()
                } else {
                    String::new()
                },
                r.kind.as_str(),
                &text_cell(&authors.join("; ")),
                &text_cell(r.title.as_deref().unwrap_or("")),
                &opt(&r.year),
                &text_cell(r.volume.as_deref().unwrap_or("")),
                &text_cell(r.pages.as_deref().unwrap_or("")),
                &text_cell(work),
                &text_cell(&from),
                &text_cell(&r.raw),
            ])
            .map_err(csv_err)?;
        }
    }
    finish(w)
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
