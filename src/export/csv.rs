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

use crate::Analysis;
use crate::error::{Error, Result};

/// A text cell made safe from spreadsheet formula evaluation.
pub fn text_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner().map_err(|e| Error::Write {
        path: "<memory>".into(),
        source: std::io::Error::other(e.to_string()),
    })
}

fn csv_err(e: ::csv::Error) -> Error {
    Error::Write {
        path: "<memory>".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// `mentions.csv`.
pub fn mentions(a: &Analysis) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record([
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
    ])
    .map_err(csv_err)?;
    for m in &a.mentions {
        let e = a.gazetteer.get(m.entity as usize);
        w.write_record([
            text_cell(&a.documents[m.document as usize].meta.id).as_ref(),
            &m.section.to_string(),
            &m.paragraph.to_string(),
            &m.sentence.to_string(),
            &m.word.to_string(),
            &m.start.to_string(),
            &m.end.to_string(),
            &text_cell(&e.id),
            e.kind.as_str(),
            &text_cell(&m.text),
        ])
        .map_err(csv_err)?;
    }
    finish(w)
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
