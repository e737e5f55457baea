//! One document, read, decoded, cut into chunks, normalised, segmented and
//! scanned, then released: only its [`DocumentInfo`] and mentions are kept.
//!
//! Chunks of a large document are processed in parallel and merged in order,
//! so the result does not depend on the number of threads.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::citation::{self, DocumentCitations};
use crate::corpus::{
    Chunk, DocumentSource, Encoding, Metadata, ParagraphMode, chunks, decode, index_at, normalize,
    segment,
};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::gazetteer::{EntityType, Gazetteer};
use crate::mention::{Mention, collapse_whitespace};
use crate::scanner::Matcher;

/// Documents larger than this are cut into chunks of about this size.
pub const CHUNK_BYTES: usize = 1 << 20;

/// What is known about a scanned document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    pub meta: Metadata,
    /// The path shown to the user.
    pub path: String,
    pub encoding: Encoding,
    pub bytes: u64,
    pub words: u64,
    pub sections: u32,
    pub paragraphs: u32,
    pub sentences: u32,
    pub mentions: u64,
    /// The heading of each section; the first is empty when the document
    /// starts before any heading.
    pub section_titles: Vec<String>,
}

/// A scanned document: its facts, mentions (in text order), citations and
/// diagnostics.
#[derive(Debug, Clone)]
pub struct ScannedDocument {
    pub info: DocumentInfo,
    pub mentions: Vec<Mention>,
    /// Its endnote references, or else its mentions of the gazetteer's works.
    pub citations: DocumentCitations,
    pub diagnostics: Vec<Diagnostic>,
}

/// A document is either scanned or skipped with a reason.
#[derive(Debug, Clone)]
pub enum Outcome {
    Scanned(Box<ScannedDocument>),
    Skipped(Diagnostic),
}

/// A mention inside one chunk, with indexes local to the chunk.
struct Local {
    pattern: u32,
    start: usize,
    end: usize,
    headings: usize,
    paragraph: usize,
    sentence: usize,
    word: usize,
}

/// What one chunk contributes.
struct ChunkScan {
    mentions: Vec<Local>,
    paragraphs: usize,
    sentences: usize,
    words: usize,
    headings: Vec<String>,
    first_is_heading: bool,
    continues_paragraph: bool,
}

/// Reads and scans one document; a file that cannot be used as text is
/// skipped with a warning, an I/O error stops the run.
pub fn scan(source: &DocumentSource, matcher: &Matcher, gazetteer: &Gazetteer) -> Result<Outcome> {
    let bytes = source.read()?;
    Ok(scan_bytes(source, &bytes, matcher, gazetteer))
}

/// Scans a document's bytes (already read).
pub fn scan_bytes(
    source: &DocumentSource,
    bytes: &[u8],
    matcher: &Matcher,
    gazetteer: &Gazetteer,
) -> Outcome {
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(why) => {
            return Outcome::Skipped(Diagnostic::warning(
                &source.display,
                format!("skipped: {}", why.0),
            ));
        }
    };
    let text = decoded.text.as_ref();
    if text.trim().is_empty() {
        return Outcome::Skipped(Diagnostic::warning(
            &source.display,
            "skipped: no text (empty file)",
        ));
    }
    let mut diagnostics = Vec::new();
    if !matches!(decoded.encoding, Encoding::Utf8 | Encoding::Utf8Bom) {
        diagnostics.push(Diagnostic::warning(
            &source.display,
            format!("not UTF-8: decoded as {}", decoded.encoding.as_str()),
        ));
    }
    let mode = ParagraphMode::detect(text);
    let scans: Vec<ChunkScan> = chunks(text, mode, CHUNK_BYTES)
        .par_iter()
        .map(|chunk| scan_chunk(text, chunk, mode, matcher))
        .collect();
    let (mut info, locals) = merge(scans);
    let entities = resolve(&locals, matcher, &source.display, &mut diagnostics);
    let mentions: Vec<Mention> = locals
        .iter()
        .zip(entities)
        .map(|((local, idx), entity)| Mention {
            entity,
            document: 0,
            section: idx.0,
            paragraph: idx.1,
            sentence: idx.2,
            word: idx.3,
            start: decoded.map.source(local.start) as u64,
            end: decoded.map.source(local.end) as u64,
            text: collapse_whitespace(&text[local.start..local.end]),
        })
        .collect();
    info.meta = source.meta.clone();
    info.path = source.display.clone();
    info.encoding = decoded.encoding;
    info.bytes = bytes.len() as u64;
    info.mentions = mentions.len() as u64;
    let citations = citation::document(
        &source.meta.id,
        text,
        &work_mentions(&mentions, gazetteer),
        gazetteer,
    );
    Outcome::Scanned(Box::new(ScannedDocument {
        info,
        mentions,
        citations,
        diagnostics,
    }))
}

/// How often each work entity of the gazetteer is mentioned, by index.
fn work_mentions(mentions: &[Mention], gazetteer: &Gazetteer) -> Vec<(usize, u64)> {
    let mut counts = std::collections::BTreeMap::new();
    for m in mentions {
        if gazetteer.get(m.entity as usize).kind == EntityType::Work {
            *counts.entry(m.entity as usize).or_insert(0u64) += 1;
        }
    }
    counts.into_iter().collect()
}

fn scan_chunk(text: &str, chunk: &Chunk, mode: ParagraphMode, matcher: &Matcher) -> ChunkScan {
    let base = chunk.range.start;
    let norm = normalize(&text[chunk.range.clone()], mode);
    let seg = segment(&norm.text, mode == ParagraphMode::None);
    let mentions = matcher
        .find_all(&norm.text)
        .into_iter()
        .map(|m| Local {
            pattern: m.pattern,
            start: base + norm.map.source(m.start),
            end: base + norm.map.source(m.end),
            headings: seg.headings.partition_point(|h| h.start <= m.start),
            paragraph: index_at(&seg.paragraphs, m.start),
            sentence: index_at(&seg.sentences, m.start),
            word: index_at(&seg.words, m.start),
        })
        .collect();
    ChunkScan {
        mentions,
        paragraphs: seg.paragraphs.len(),
        sentences: seg.sentences.len(),
        words: seg.words.len(),
        first_is_heading: seg.headings.first().map(|h| h.start) == seg.paragraphs.first().copied()
            && !seg.headings.is_empty(),
        headings: seg.headings.into_iter().map(|h| h.title).collect(),
        continues_paragraph: chunk.continues_paragraph,
    }
}

/// Document-wide (section, paragraph, sentence, word) indexes of a mention.
type Indexes = (u32, u32, u32, u64);

/// Joins the chunks' counts and turns local indexes into document indexes.
fn merge(scans: Vec<ChunkScan>) -> (DocumentInfo, Vec<(Local, Indexes)>) {
    let starts_with_heading = scans.first().is_some_and(|c| c.first_is_heading);
    let skip = usize::from(starts_with_heading);
    let (mut paragraphs, mut sentences, mut words) = (0usize, 0usize, 0usize);
    let mut titles: Vec<String> = if starts_with_heading {
        Vec::new()
    } else {
        vec![String::new()]
    };
    let mut out = Vec::new();
    for scan in scans {
        let base_paragraph = if scan.continues_paragraph && paragraphs > 0 {
            paragraphs - 1
        } else {
            paragraphs
        };
        let headings_before = titles.len() + skip - 1;
        for local in scan.mentions {
            let section = (headings_before + local.headings).saturating_sub(skip);
            let idx = (
                section as u32,
                (base_paragraph + local.paragraph) as u32,
                (sentences + local.sentence) as u32,
                (words + local.word) as u64,
            );
            out.push((local, idx));
        }
        paragraphs = base_paragraph + scan.paragraphs;
        sentences += scan.sentences;
        words += scan.words;
        titles.extend(scan.headings);
    }
    let info = DocumentInfo {
        meta: Metadata::from_file_name(std::path::Path::new("")),
        path: String::new(),
        encoding: Encoding::Utf8,
        bytes: 0,
        words: words as u64,
        sections: titles.len().max(1) as u32,
        paragraphs: paragraphs as u32,
        sentences: sentences as u32,
        mentions: 0,
        section_titles: titles,
    };
    (info, out)
}

/// The entity of each mention. A shared alias goes to the candidate with the
/// most unambiguous mentions in this document (ties: gazetteer order).
fn resolve(
    locals: &[(Local, Indexes)],
    matcher: &Matcher,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<u32> {
    let mut sure: HashMap<u32, usize> = HashMap::new();
    for (local, _) in locals {
        if let [entity] = matcher.target(local.pattern).entities[..] {
            *sure.entry(entity).or_default() += 1;
        }
    }
    let mut resolved: HashMap<(u32, u32), usize> = HashMap::new();
    let entities = locals
        .iter()
        .map(|(local, _)| {
            let candidates = &matcher.target(local.pattern).entities;
            if candidates.len() == 1 {
                return candidates[0];
            }
            let best = candidates
                .iter()
                .copied()
                .max_by_key(|e| (sure.get(e).copied().unwrap_or(0), std::cmp::Reverse(*e)))
                .unwrap_or(candidates[0]);
            *resolved.entry((local.pattern, best)).or_default() += 1;
            best
        })
        .collect();
    let mut resolved: Vec<_> = resolved.into_iter().collect();
    resolved.sort_unstable();
    for ((pattern, entity), n) in resolved {
        let alias = &matcher.patterns().strings[pattern as usize];
        diagnostics.push(Diagnostic::note(
            path,
            format!("shared alias {alias:?} resolved {n} time(s) to entity #{entity} by the document's other mentions"),
        ));
    }
    entities
}
