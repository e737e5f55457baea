//! The citation graph: which works and authors each document (and each
//! chapter of a book with endnotes) cites.
//!
//! Per document, [`extract`] runs the stages in order:
//!
//! 1. [`notes`]: find the endnote section, its units (introduction,
//!    chapters) and numbered notes, coping with OCR damage and lost pages;
//! 2. [`reference`](mod@reference): split each note into references and parse each one
//!    (kind, authors, title, place, year, volume, pages);
//! 3. [`names`]: correct OCR-damaged surnames against the gazetteer's people
//!    and the document's own spelling;
//! 4. [`resolve`]: point each Ibid. and short form to its work.
//!
//! Documents without notes cite works inline: [`inline`] turns the mentions
//! of the gazetteer's work entities into citations ([`Kind::Inline`]), and
//! [`document`] picks notes or inline citations for a document. Then
//! [`build`] merges the works of all documents (linking them and their
//! authors to the gazetteer) into a [`CitationAnalysis`]: the works table,
//! the citation graph, the co-citation graphs and rankings ([`graph`]). The
//! CSV tables are rendered by [`csv`].
//!
//! ```
//! use namegraph::citation;
//! let gazetteer = namegraph::gazetteer::load(&[]).unwrap();
//! let text = "Notes\n\nChapter 1: THE START\n\n1. M. Eastman, Since Lenin Died, London 1925, p. 53\n\
//!             2. Ibid., p. 54\n3. Eastman, p. 82\n";
//! let doc = citation::extract("book", text, &gazetteer);
//! assert_eq!(doc.references.len(), 3);
//! assert_eq!(doc.references[1].kind, citation::Kind::Ibid);
//! let analysis = citation::build(vec![doc], &gazetteer);
//! assert_eq!(analysis.works.len(), 1);
//! assert_eq!(analysis.works[0].citations, 3);
//! ```

pub mod csv;
pub mod graph;
pub mod names;
pub mod notes;
pub mod reference;
pub mod resolve;

mod merge;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::gazetteer::{EntityType, Gazetteer};

pub use graph::{CitationNode, NodeKind};
pub use merge::{AuthorEntry, CitationAnalysis, CitingUnit, Merger, Work, build};
pub use notes::{Note, Unit, UnitOrigin};
pub use reference::{Author, Kind};
pub use resolve::LocalWork;

/// One reference of a document, parsed and resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The unit (index into [`DocumentCitations::units`]); `None` for an
    /// inline citation, whose citing unit is the document.
    pub unit: Option<usize>,
    /// The note's number; `None` for an inline citation.
    pub note: Option<u32>,
    /// 1-based position in the note.
    pub index: u32,
    /// Byte span in the document text (for an inline citation, empty).
    pub span: Range<usize>,
    /// The reference as written (note lines joined).
    pub raw: String,
    pub kind: Kind,
    /// Authors, surnames corrected; for an abbreviation, the work's.
    pub authors: Vec<Author>,
    pub et_al: bool,
    pub title: Option<String>,
    pub container: Option<String>,
    pub place: Option<String>,
    pub year: Option<u16>,
    pub volume: Option<String>,
    pub pages: Option<String>,
    /// An abbreviation this reference defines ("hereafter referred to as").
    pub defines: Option<String>,
    /// The work (index into [`DocumentCitations::works`]).
    pub work: Option<usize>,
    /// The reference this Ibid. or short form was resolved to (index).
    pub resolved_from: Option<usize>,
    /// How many citations this row stands for: 1, or the number of
    /// mentions for an inline citation.
    pub count: u64,
}

/// What the corpus merge needs of one reference: a few words where the
/// [`Reference`] takes hundreds of bytes, so that a run over a large corpus
/// can release the references once their rows of `citations.csv` are
/// written ([`DocumentCitations::release_references`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cite {
    /// As [`Reference::unit`].
    pub unit: Option<usize>,
    /// As [`Reference::work`].
    pub work: Option<usize>,
    pub kind: Kind,
    /// As [`Reference::count`].
    pub count: u64,
}

impl Cite {
    fn of(r: &Reference) -> Cite {
        Cite {
            unit: r.unit,
            work: r.work,
            kind: r.kind,
            count: r.count,
        }
    }
}

/// Everything found in one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentCitations {
    pub document: String,
    pub units: Vec<Unit>,
    pub notes: Vec<Note>,
    /// Every reference, parsed and resolved; empty once released.
    pub references: Vec<Reference>,
    /// What the merge needs of each reference, in the same order (kept when
    /// the references are released).
    pub cites: Vec<Cite>,
    pub works: Vec<LocalWork>,
    pub diagnostics: Vec<Diagnostic>,
}

impl DocumentCitations {
    /// Releases what only parsing needed (the notes; the references keep
    /// their raw text) and spare capacity, for a run that keeps every
    /// document's citations until the corpus is merged.
    pub fn compact(&mut self) {
        self.notes = Vec::new();
        self.units.shrink_to_fit();
        self.references.shrink_to_fit();
        self.works.shrink_to_fit();
    }

    /// Releases the references too (their [`cites`](Self::cites) stay),
    /// for a run that has already written their rows of `citations.csv`.
    pub fn release_references(&mut self) {
        self.compact();
        self.references = Vec::new();
    }

    /// Whether the references are all here (not released).
    pub fn has_references(&self) -> bool {
        self.references.len() == self.cites.len()
    }

    /// "chapter-2 note 3", or with " ref 2" for a later reference of a note.
    pub fn locate(&self, reference: usize) -> String {
        let r = &self.references[reference];
        let unit = r.unit.map_or("", |u| self.units[u].id.as_str());
        let mut s = match r.note {
            Some(n) => format!("{unit} note {n}"),
            None => unit.to_string(),
        };
        if r.index > 1 {
            s.push_str(&format!(" ref {}", r.index));
        }
        s
    }
}

/// Finds, parses and resolves the endnote references of a document.
/// `text` is the decoded text; spans are byte offsets into it. A document
/// without notes gives no references.
pub fn extract(document_id: &str, text: &str, gazetteer: &Gazetteer) -> DocumentCitations {
    from_notes(document_id, document_id, notes::find(text), gazetteer)
}

/// [`extract`] from the notes section already found (e.g. by a
/// [`notes::SectionReader`] over a file too large to hold); its diagnostics
/// name `path` (the file as shown) and the line.
pub fn from_notes(
    document_id: &str,
    path: &str,
    found: notes::Notes,
    gazetteer: &Gazetteer,
) -> DocumentCitations {
    let note = |(line, message): &(usize, String)| Diagnostic::note(path, message).at_line(*line);
    let mut diagnostics: Vec<Diagnostic> = found.messages.iter().map(note).collect();
    if found.notes.is_empty() {
        // No references to parse or resolve: skip building the lexicon and
        // the known surnames (a copy of the gazetteer's) for nothing.
        return DocumentCitations {
            document: document_id.to_string(),
            units: found.units,
            diagnostics,
            ..DocumentCitations::default()
        };
    }
    let all_text: Vec<&str> = found.notes.iter().map(|n| n.text.as_str()).collect();
    let known = reference::Known {
        abbreviations: reference::abbreviations_defined(&all_text.join("\n")),
        gazetteer_surnames: Some(gazetteer.surnames()),
        surnames: frequent_openers(&found.notes),
    };
    let mut items: Vec<resolve::Item> = Vec::new();
    for (i, note) in found.notes.iter().enumerate() {
        for parsed in reference::parse_note(&note.text, &known) {
            items.push(resolve::Item { note: i, parsed });
        }
    }
    correct_surnames(&mut items, gazetteer.surnames());
    let resolved = resolve::resolve(&found.units, &found.notes, &items);
    diagnostics.extend(resolved.messages.iter().map(note));
    let mut references = Vec::with_capacity(items.len());
    let mut index = 0;
    let mut previous_note = None;
    for (i, item) in items.into_iter().enumerate() {
        let note = &found.notes[item.note];
        index = if previous_note == Some(item.note) {
            index + 1
        } else {
            1
        };
        previous_note = Some(item.note);
        let p = item.parsed;
        let mut authors = p.authors;
        if authors.is_empty() && p.abbreviation.is_some() {
            authors = resolved.work[i]
                .map(|w| resolved.works[w].authors.clone())
                .unwrap_or_default();
        }
        references.push(Reference {
            unit: Some(note.unit),
            note: Some(note.number),
            index,
            span: note.doc_offset(p.range.start)..note.doc_offset(p.range.end),
            raw: note.text[p.range.clone()].trim().to_string(),
            kind: p.kind.unwrap_or(Kind::Other),
            authors,
            et_al: p.et_al,
            title: p.title,
            container: p.container,
            place: p.place,
            year: p.year,
            volume: p.volume,
            pages: p.pages,
            defines: p.defines,
            work: resolved.work[i],
            resolved_from: resolved.from[i],
            count: 1,
        });
    }
    DocumentCitations {
        document: document_id.to_string(),
        units: found.units,
        notes: found.notes,
        cites: references.iter().map(Cite::of).collect(),
        references,
        works: resolved.works,
        diagnostics,
    }
}

/// Surnames that open at least three notes ("Trotsky, ..."), so that one
/// written without its comma ("Trotsky Challenge (1923-25)") is recognised.
fn frequent_openers(notes: &[Note]) -> Vec<String> {
    let mut counts = std::collections::BTreeMap::<&str, u32>::new();
    for note in notes {
        for part in note.text.split(';') {
            let part = part.trim_start();
            if let Some((word, _)) = part.split_once(',')
                && word.len() > 2
                && word.starts_with(char::is_uppercase)
                && word.chars().skip(1).all(|c| c.is_lowercase())
            {
                *counts.entry(word).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= 3)
        .map(|(w, _)| w.to_string())
        .collect()
}

/// Replaces OCR-damaged surnames by their corrected form, in references and
/// so in the works they create.
fn correct_surnames(items: &mut [resolve::Item], gazetteer_surnames: &names::Surnames) {
    let mut lexicon = names::Lexicon::new(gazetteer_surnames);
    for item in items.iter() {
        for a in &item.parsed.authors {
            lexicon.attest(&a.surname);
        }
    }
    // The lexicon is complete from here on, so each distinct surname is
    // corrected once (the same authors recur in note after note).
    let mut corrected: HashMap<String, Option<String>> = HashMap::new();
    for item in items.iter_mut() {
        for a in &mut item.parsed.authors {
            let fixed = match corrected.get(&a.surname) {
                Some(fixed) => fixed.clone(),
                None => {
                    let fixed = lexicon.correct(&a.surname);
                    corrected.insert(a.surname.clone(), fixed.clone());
                    fixed
                }
            };
            if let Some(fixed) = fixed {
                a.surname = fixed;
            }
        }
    }
}

/// Inline citations: each work entity of the gazetteer mentioned in a
/// document counts as the document citing that work, `count` times, with
/// the work's author. `work_mentions` holds `(gazetteer index, mentions)`;
/// entities that are not works are ignored.
pub fn inline(
    document_id: &str,
    work_mentions: &[(usize, u64)],
    gazetteer: &Gazetteer,
) -> DocumentCitations {
    let mut doc = DocumentCitations {
        document: document_id.to_string(),
        ..DocumentCitations::default()
    };
    let mut mentions: Vec<(usize, u64)> = work_mentions
        .iter()
        .copied()
        .filter(|&(e, n)| n > 0 && e < gazetteer.len() && gazetteer.get(e).kind == EntityType::Work)
        .collect();
    mentions.sort_by(|a, b| gazetteer.get(a.0).id.cmp(&gazetteer.get(b.0).id));
    for (entity, count) in mentions {
        let e = gazetteer.get(entity);
        let authors: Vec<Author> = e
            .author
            .as_deref()
            .and_then(|id| gazetteer.index_of(id))
            .map(|a| {
                let label = &gazetteer.get(a).label;
                let mut words: Vec<&str> = label.split_whitespace().collect();
                let surname = words.pop().unwrap_or("").to_string();
                vec![Author {
                    initials: words.join(" "),
                    surname,
                }]
            })
            .unwrap_or_default();
        doc.works.push(LocalWork {
            authors: authors.clone(),
            title: Some(e.label.clone()),
            year: None,
            kind: Kind::Inline,
            abbreviation: None,
            full: None,
        });
        doc.references.push(Reference {
            unit: None,
            note: None,
            index: 1,
            span: 0..0,
            raw: format!(
                "{} of {}",
                crate::diagnostic::count(count, "mention", "mentions"),
                e.label
            ),
            kind: Kind::Inline,
            authors,
            et_al: false,
            title: Some(e.label.clone()),
            container: None,
            place: None,
            year: None,
            volume: None,
            pages: None,
            defines: None,
            work: Some(doc.works.len() - 1),
            resolved_from: None,
            count,
        });
    }
    doc.cites = doc.references.iter().map(Cite::of).collect();
    doc
}

/// A document's citations: its endnotes if it has any, else its inline
/// mentions of works (so that a book's running text does not count twice).
pub fn document(
    document_id: &str,
    path: &str,
    text: &str,
    work_mentions: &[(usize, u64)],
    gazetteer: &Gazetteer,
) -> DocumentCitations {
    let found = notes::find(text);
    document_from_notes(document_id, path, found, work_mentions, gazetteer)
}

/// [`document`] from the notes section already found.
pub fn document_from_notes(
    document_id: &str,
    path: &str,
    found: notes::Notes,
    work_mentions: &[(usize, u64)],
    gazetteer: &Gazetteer,
) -> DocumentCitations {
    let doc = from_notes(document_id, path, found, gazetteer);
    if doc.references.is_empty() {
        let mut inline = inline(document_id, work_mentions, gazetteer);
        inline.diagnostics = doc.diagnostics;
        inline
    } else {
        doc
    }
}
