//! One document, read, decoded, cut into chunks, normalised, segmented and
//! scanned, then released: only its [`DocumentInfo`] and mentions are kept.
//!
//! Chunks of a large document are processed in parallel and merged in order,
//! so the result does not depend on the number of threads.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

mod streamed;

use crate::citation::{self, DocumentCitations};
use crate::corpus::{
    Chunk, Content, Damage, DocumentSource, Encoding, Metadata, OffsetMap, ParagraphMode, Probe,
    chunks, decode, index_at, normalize, segment, word_indexes,
};
use crate::diagnostic::{Diagnostic, count};
use crate::error::{Error, Result};
use crate::gazetteer::{EntityType, Gazetteer};
use crate::mention::{Mention, Mentions, Spilled, collapse_whitespace};
use crate::scanner::Matcher;

/// Documents larger than this are cut into chunks of about this size.
pub const CHUNK_BYTES: usize = 1 << 20;

/// What is known about a scanned document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    pub meta: Metadata,
    /// The path shown to the user.
    pub path: String,
    /// The folder under `documents/` for its graph files.
    pub folder: String,
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
#[derive(Debug)]
pub struct ScannedDocument {
    pub info: DocumentInfo,
    /// Its mentions, unless they are in `spilled`.
    pub mentions: Vec<Mention>,
    /// The mentions of a file too large to hold them (see `document/streamed.rs`).
    pub spilled: Option<Spilled>,
    /// How such a file was read.
    pub streamed: Option<Probe>,
    /// (entity, mentions) for every entity it mentions, by entity.
    pub entities: Vec<(u32, u64)>,
    /// Its endnote references, or else its mentions of the gazetteer's works.
    pub citations: DocumentCitations,
    pub diagnostics: Vec<Diagnostic>,
}

impl ScannedDocument {
    /// Its mentions, in text order, wherever they are.
    pub fn mentions(&self) -> Mentions<'_> {
        match &self.spilled {
            Some(spilled) => Mentions::Spilled(spilled),
            None => Mentions::Held(&self.mentions),
        }
    }
}

/// A document is either scanned or skipped with a reason.
#[derive(Debug)]
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

impl Local {
    /// The mention, of `entity` at document indexes `idx`; `map` takes
    /// positions in the decoded text to the file's, and `text` is the
    /// decoded text from position `at`.
    fn mention(
        &self,
        idx: Indexes,
        entity: u32,
        map: &OffsetMap,
        text: &str,
        at: usize,
    ) -> Mention {
        Mention {
            entity,
            document: 0,
            section: idx.0,
            paragraph: idx.1,
            sentence: idx.2,
            word: idx.3,
            start: map.source(self.start) as u64,
            end: map.source(self.end) as u64,
            text: collapse_whitespace(&text[self.start - at..self.end - at]),
        }
    }
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
    continues_sentence: bool,
}

/// Reads and scans one document; a file that cannot be used as text, or
/// cannot be read at all (no permission, gone since it was found), or, when
/// streamed, not to its end (an I/O error, changed since it was probed), is
/// skipped with a warning; any other error (a spill file's) stops the run.
/// A file larger than
/// `stream_above` bytes (when given) is streamed, its mentions spilled to a
/// temporary file (`document/streamed.rs`); it reports the file bytes of
/// its chunks to `progress` as they are scanned.
pub fn scan(
    source: &DocumentSource,
    matcher: &Matcher,
    gazetteer: &Gazetteer,
    stream_above: Option<u64>,
    progress: &dyn Fn(u64),
) -> Result<Outcome> {
    let scanned = match (&source.content, stream_above) {
        (Content::File(path), Some(limit)) if source.len() > limit => crate::corpus::probe(path)
            .and_then(|probed| match probed {
                Err(why) => Ok(Outcome::Skipped(Diagnostic::warning(
                    &source.display,
                    format!("skipped: {}", why.0),
                ))),
                Ok(probe) => streamed::scan(source, path, probe, matcher, gazetteer, progress),
            }),
        _ => source
            .read()
            .map(|bytes| scan_bytes(source, &bytes, matcher, gazetteer)),
    };
    match scanned {
        Err(Error::Read { path, source: err }) if matches!(&source.content, Content::File(file) if *file == path) => {
            Ok(unreadable(source, &err))
        }
        scanned => scanned,
    }
}

/// The warning for a file that could not be read.
fn unreadable(source: &DocumentSource, err: &std::io::Error) -> Outcome {
    Outcome::Skipped(Diagnostic::warning(
        &source.display,
        format!("skipped: cannot read: {err}"),
    ))
}

/// The warning for a file that was not UTF-8, if it was not: what it was
/// decoded as, or where it was damaged.
fn not_utf8(display: &str, encoding: Encoding, damage: Option<Damage>) -> Option<Diagnostic> {
    let message = match damage {
        Some(damage) => damage.describe(),
        None if encoding.is_utf8() => return None,
        None => format!("not UTF-8: decoded as {}", encoding.as_str()),
    };
    Some(Diagnostic::warning(display, message))
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
    diagnostics.extend(not_utf8(&source.display, decoded.encoding, decoded.damage));
    let mode = ParagraphMode::detect(text);
    let scans: Vec<ChunkScan> = chunks(text, mode, CHUNK_BYTES, matcher)
        .par_iter()
        .map(|chunk| scan_chunk(&text[chunk.range.clone()], chunk, mode, matcher))
        .collect();
    let mut merge = Merge::default();
    let locals: Vec<(Local, Indexes)> = scans.into_iter().flat_map(|s| merge.add(s)).collect();
    let mut info = merge.finish();
    let (resolved, entities) = resolve(
        &locals,
        matcher,
        gazetteer,
        &source.display,
        &mut diagnostics,
    );
    let mentions: Vec<Mention> = locals
        .iter()
        .zip(resolved)
        .map(|((local, idx), entity)| local.mention(*idx, entity, &decoded.map, text, 0))
        .collect();
    info.meta = source.meta.clone();
    info.path = source.display.clone();
    info.folder = source.folder.clone();
    info.encoding = decoded.encoding;
    info.bytes = bytes.len() as u64;
    info.mentions = mentions.len() as u64;
    let citations = citation::document(
        &source.meta.id,
        &source.display,
        text,
        &works_among(&entities, gazetteer),
        gazetteer,
    );
    Outcome::Scanned(Box::new(ScannedDocument {
        info,
        mentions,
        spilled: None,
        streamed: None,
        entities,
        citations,
        diagnostics,
    }))
}

/// The works of the gazetteer among a document's entity counts, by index
/// (what inline citations are made of).
fn works_among(entities: &[(u32, u64)], gazetteer: &Gazetteer) -> Vec<(usize, u64)> {
    entities
        .iter()
        .map(|&(e, n)| (e as usize, n))
        .filter(|&(e, _)| gazetteer.get(e).kind == EntityType::Work)
        .collect()
}

/// Normalises, segments and scans one chunk (`text`, the chunk's own).
fn scan_chunk(text: &str, chunk: &Chunk, mode: ParagraphMode, matcher: &Matcher) -> ChunkScan {
    let base = chunk.range.start;
    let norm = normalize(text, mode);
    let seg = segment(&norm.text, mode == ParagraphMode::None);
    let found = matcher.find_all(&norm.text);
    let starts: Vec<usize> = found.iter().map(|m| m.start).collect();
    let (words, word) = word_indexes(&norm.text, &starts);
    // Matches do not overlap: their starts and ends come in order.
    let mut map = norm.map.cursor();
    let mentions = found
        .into_iter()
        .zip(word)
        .map(|(m, word)| Local {
            pattern: m.pattern,
            start: base + map.source(m.start),
            end: base + map.source(m.end),
            headings: seg.headings.partition_point(|h| h.start <= m.start),
            paragraph: index_at(&seg.paragraphs, m.start),
            sentence: index_at(&seg.sentences, m.start),
            word,
        })
        .collect();
    ChunkScan {
        mentions,
        paragraphs: seg.paragraphs.len(),
        sentences: seg.sentences.len(),
        words,
        first_is_heading: seg.headings.first().map(|h| h.start) == seg.paragraphs.first().copied()
            && !seg.headings.is_empty(),
        headings: seg.headings.into_iter().map(|h| h.title).collect(),
        continues_paragraph: chunk.continues_paragraph,
        continues_sentence: chunk.continues_sentence,
    }
}

/// Document-wide (section, paragraph, sentence, word) indexes of a mention.
type Indexes = (u32, u32, u32, u64);

/// Joins the chunks' counts, in order, and turns their local indexes into
/// document indexes.
#[derive(Default)]
struct Merge {
    /// Whether the document starts with a heading (known from the first chunk).
    skip: Option<usize>,
    paragraphs: usize,
    sentences: usize,
    words: usize,
    titles: Vec<String>,
}

impl Merge {
    /// The next chunk's mentions, with document indexes.
    fn add(&mut self, scan: ChunkScan) -> impl Iterator<Item = (Local, Indexes)> + use<> {
        let skip = *self.skip.get_or_insert_with(|| {
            let starts_with_heading = scan.first_is_heading;
            if !starts_with_heading {
                self.titles.push(String::new());
            }
            usize::from(starts_with_heading)
        });
        // A chunk that continues the last paragraph (or sentence) counts
        // from that one, not after it.
        let base = |count: usize, continues: bool| count - usize::from(continues && count > 0);
        let base_paragraph = base(self.paragraphs, scan.continues_paragraph);
        let headings_before = self.titles.len() + skip - 1;
        let sentences = base(self.sentences, scan.continues_sentence);
        let words = self.words;
        self.paragraphs = base_paragraph + scan.paragraphs;
        self.sentences = sentences + scan.sentences;
        self.words += scan.words;
        self.titles.extend(scan.headings);
        scan.mentions.into_iter().map(move |local| {
            let section = (headings_before + local.headings).saturating_sub(skip);
            let idx = (
                section as u32,
                (base_paragraph + local.paragraph) as u32,
                (sentences + local.sentence) as u32,
                (words + local.word) as u64,
            );
            (local, idx)
        })
    }

    /// The document's counts and section titles (other fields left empty).
    fn finish(self) -> DocumentInfo {
        let mut titles = self.titles;
        if self.skip.is_none() {
            titles.push(String::new());
        }
        DocumentInfo {
            meta: Metadata::from_file_name(std::path::Path::new("")),
            path: String::new(),
            folder: String::new(),
            encoding: Encoding::Utf8,
            bytes: 0,
            words: self.words as u64,
            sections: titles.len().max(1) as u32,
            paragraphs: self.paragraphs as u32,
            sentences: self.sentences as u32,
            mentions: 0,
            section_titles: titles,
        }
    }
}

/// The entity of each mention, and (entity, mentions) for every entity
/// mentioned, by entity. A shared alias goes to the candidate with the most
/// unambiguous mentions in this document (ties: gazetteer order).
fn resolve(
    locals: &[(Local, Indexes)],
    matcher: &Matcher,
    gazetteer: &Gazetteer,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<u32>, Vec<(u32, u64)>) {
    let mut shared = SharedAliases::default();
    for (local, _) in locals {
        shared.count(matcher, local.pattern);
    }
    let choice = shared.choose(matcher, gazetteer, path, diagnostics);
    let resolved = locals
        .iter()
        .map(
            |(local, _)| match &matcher.target(local.pattern).entities[..] {
                [one] => *one,
                _ => choice[&local.pattern],
            },
        )
        .collect();
    (resolved, shared.entity_counts(&choice))
}

/// What choosing the entity of a document's shared aliases needs: the
/// unambiguous mentions of each entity, the mentions of each shared alias.
#[derive(Default)]
struct SharedAliases {
    sure: HashMap<u32, usize>,
    shared: HashMap<u32, usize>,
}

impl SharedAliases {
    /// Counts a mention of `pattern`; true if it is a shared alias.
    fn count(&mut self, matcher: &Matcher, pattern: u32) -> bool {
        match matcher.target(pattern).entities[..] {
            [entity] => {
                *self.sure.entry(entity).or_default() += 1;
                false
            }
            _ => {
                *self.shared.entry(pattern).or_default() += 1;
                true
            }
        }
    }

    /// Unambiguous mentions of `entity` in this document.
    fn others(&self, entity: u32) -> usize {
        self.sure.get(&entity).copied().unwrap_or(0)
    }

    /// The entity of each shared alias, each choice reported.
    fn choose(
        &self,
        matcher: &Matcher,
        gazetteer: &Gazetteer,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> HashMap<u32, u32> {
        let mut chosen: Vec<(u32, u32, usize)> = self
            .shared
            .iter()
            .map(|(&pattern, &n)| {
                let candidates = &matcher.target(pattern).entities;
                let best = candidates
                    .iter()
                    .copied()
                    .max_by_key(|&e| (self.others(e), std::cmp::Reverse(e)))
                    .unwrap_or(candidates[0]);
                (pattern, best, n)
            })
            .collect();
        chosen.sort_unstable();
        for &(pattern, entity, n) in &chosen {
            let alias = &matcher.patterns().strings[pattern as usize];
            let candidates = &matcher.target(pattern).entities;
            diagnostics.push(Diagnostic::note(
                path,
                self.note(alias, entity, n, candidates, gazetteer),
            ));
        }
        chosen.into_iter().map(|(p, e, _)| (p, e)).collect()
    }

    /// How a shared alias was resolved, in words a reader can check: who
    /// got its `n` mentions, and how many other mentions each candidate has
    /// here. `shared alias "Smirnov": 1 mention resolved to Ivan Smirnov
    /// (ivan_smirnov), mentioned 4 other times in this document; Vladimir
    /// Smirnov (vladimir_smirnov): 0`.
    fn note(
        &self,
        alias: &str,
        chosen: u32,
        n: usize,
        candidates: &[u32],
        gazetteer: &Gazetteer,
    ) -> String {
        let name = |e: u32| {
            let entity = gazetteer.get(e as usize);
            format!("{} ({})", entity.label, entity.id)
        };
        let mut note = format!(
            "shared alias {alias:?}: {} resolved to {}, mentioned {} in this document",
            count(n as u64, "mention", "mentions"),
            name(chosen),
            count(self.others(chosen) as u64, "other time", "other times"),
        );
        let rivals: Vec<String> = candidates
            .iter()
            .filter(|&&e| e != chosen)
            .map(|&e| format!("{}: {}", name(e), self.others(e)))
            .collect();
        if !rivals.is_empty() {
            note.push_str("; ");
            note.push_str(&rivals.join(", "));
        }
        if candidates
            .iter()
            .any(|&e| e != chosen && self.others(e) == self.others(chosen))
        {
            note.push_str(" (a tie: the first in the gazetteer is taken)");
        }
        note
    }

    /// Mentions per entity, once each shared alias has its entity (`choice`).
    fn entity_counts(&self, choice: &HashMap<u32, u32>) -> Vec<(u32, u64)> {
        let mut counts: std::collections::BTreeMap<u32, u64> =
            self.sure.iter().map(|(&e, &n)| (e, n as u64)).collect();
        for (pattern, &n) in &self.shared {
            *counts.entry(choice[pattern]).or_default() += n as u64;
        }
        counts.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Content, EMBEDDED};

    /// The founding texts end to end, twice: about 3 MB, three chunks and more.
    fn big_text(bom: bool) -> Vec<u8> {
        let mut out = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        for _ in 0..2 {
            for (_, bytes) in EMBEDDED {
                out.extend_from_slice(bytes);
                out.extend_from_slice(b"\n\n");
            }
        }
        out
    }

    /// UTF-8 text written as Windows-1252 (a character it lacks as a
    /// numeric reference).
    fn windows_1252(utf8: &[u8]) -> Vec<u8> {
        let text = std::str::from_utf8(utf8).expect("UTF-8");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(bytes.iter().filter(|&&b| b >= 0x80).count() > 1000);
        bytes.into_owned()
    }

    fn scanned(outcome: Outcome) -> ScannedDocument {
        match outcome {
            Outcome::Scanned(doc) => *doc,
            Outcome::Skipped(why) => panic!("skipped: {why}"),
        }
    }

    /// The one-line founding text repeated on one line (no line breaks),
    /// and the founding texts with every paragraph on one line (no blank
    /// lines): the two other paragraph modes.
    fn other_modes() -> [Vec<u8>; 2] {
        let line = EMBEDDED
            .iter()
            .find(|(name, _)| name.starts_with("russia"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).trim().to_string())
            .expect("the one-line text");
        let one_line = vec![line; 12].join(" ");
        let mut lines = String::new();
        for (_, bytes) in EMBEDDED {
            for paragraph in String::from_utf8_lossy(bytes).split("\n\n") {
                let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
                if !joined.is_empty() {
                    lines.push_str(&joined);
                    lines.push('\n');
                }
            }
        }
        let lines = lines.repeat(2);
        assert_eq!(ParagraphMode::detect(&one_line), ParagraphMode::None);
        assert_eq!(ParagraphMode::detect(&lines), ParagraphMode::Line);
        [one_line.into_bytes(), lines.into_bytes()]
    }

    #[test]
    fn a_streamed_file_gives_what_the_whole_text_gives() {
        let gazetteer = crate::gazetteer::load(&[]).expect("gazetteer");
        let matcher = Matcher::new(&gazetteer, false).expect("matcher");
        let dir = tempfile::tempdir().expect("dir");
        let [one_line, lines] = other_modes();
        for (what, bytes) in [
            ("blank lines", big_text(false)),
            ("blank lines, BOM", big_text(true)),
            ("blank lines, Windows-1252", windows_1252(&big_text(false))),
            ("one line", one_line),
            ("a paragraph per line", lines),
        ] {
            let bom = what.ends_with("BOM");
            let path = dir.path().join("big.txt");
            std::fs::write(&path, &bytes).expect("write");
            let source = DocumentSource::new(
                "big.txt".into(),
                Content::File(path),
                Metadata::from_file_name(std::path::Path::new("big.txt")),
            );
            let whole = scanned(scan(&source, &matcher, &gazetteer, None, &|_| {}).expect("scan"));
            let streamed =
                scanned(scan(&source, &matcher, &gazetteer, Some(1 << 20), &|_| {}).expect("scan"));
            assert!(
                whole.spilled.is_none() && streamed.spilled.is_some(),
                "{what}: not streamed"
            );
            let spilled = streamed.spilled.as_ref().expect("spilled");
            let mut mentions = Vec::new();
            spilled
                .for_each(|m| {
                    mentions.push(m.clone());
                    Ok(())
                })
                .expect("read back");
            assert!(
                whole.mentions.len() > 5_000,
                "{what}: {}",
                whole.mentions.len()
            );
            assert!(
                mentions == whole.mentions,
                "{what}: mentions differ (BOM: {bom})"
            );
            assert_eq!(streamed.info, whole.info);
            assert_eq!(streamed.diagnostics, whole.diagnostics);
            let (a, b) = (&streamed.citations, &whole.citations);
            if what.starts_with("blank") {
                let n = b.references.len();
                assert!(n > 200, "{what}: {n} references");
            }
            assert_eq!(a.references, b.references);
            assert_eq!(a.units, b.units);
            assert_eq!(a.notes, b.notes);
            assert_eq!(a.diagnostics, b.diagnostics);
        }
    }
}
