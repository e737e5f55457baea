//! A document too large to hold, read and scanned a few chunks at a time
//! (UTF-8, or decoded from UTF-16 or Windows-1252 as it is read):
//! its text is read twice from the file (once by
//! [`probe`](crate::corpus::probe), once here), never held whole; its
//! mentions go to a temporary file ([`Spilled`](crate::mention::Spilled));
//! its notes section is found as the text goes by ([`SectionReader`]).
//! Memory is bounded by the chunks in flight (two per worker), not by the
//! file. The results are those of [`scan_bytes`](super::scan_bytes) over
//! the whole text.

use std::path::Path;

use rayon::prelude::*;

use super::{
    CHUNK_BYTES, ChunkScan, Merge, Outcome, ScannedDocument, SharedAliases, not_utf8, scan_chunk,
    works_among,
};
use crate::citation::{self, notes::SectionReader};
use crate::corpus::{ChunkReader, DocumentSource, Probe};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::gazetteer::Gazetteer;
use crate::mention::SpillWriter;
use crate::scanner::Matcher;

/// Chunks read and scanned at once, per worker thread.
const CHUNKS_PER_THREAD: usize = 2;

/// Scans a probed file (see the module documentation).
pub(super) fn scan(
    source: &DocumentSource,
    path: &Path,
    probe: Probe,
    matcher: &Matcher,
    gazetteer: &Gazetteer,
    progress: &dyn Fn(u64),
) -> Result<Outcome> {
    let mut reader = ChunkReader::open(path, probe, CHUNK_BYTES, matcher)?;
    let batch = CHUNKS_PER_THREAD * rayon::current_num_threads();
    let mut merge = Merge::default();
    let mut shared = SharedAliases::default();
    let mut notes = SectionReader::default();
    let mut spill = SpillWriter::create()?;
    let mut any_text = false;
    loop {
        let mut chunks = Vec::with_capacity(batch);
        while chunks.len() < batch {
            match reader.next_chunk()? {
                Some(chunk) => chunks.push(chunk),
                None => break,
            }
        }
        if chunks.is_empty() {
            break;
        }
        for c in &chunks {
            notes.push(&c.text);
            any_text = any_text || !c.text.trim().is_empty();
        }
        let scans: Vec<ChunkScan> = chunks
            .par_iter()
            .map(|c| scan_chunk(&c.text, &c.chunk, probe.mode, matcher))
            .collect();
        progress(chunks.iter().map(|c| c.file_range().len() as u64).sum());
        for (c, scan) in chunks.iter().zip(scans) {
            for (local, idx) in merge.add(scan) {
                let is_shared = shared.count(matcher, local.pattern);
                // A shared alias's entity is chosen when the file is read.
                let entity = matcher.target(local.pattern).entities[0];
                let m = local.mention(idx, entity, &c.map, &c.text, c.chunk.range.start);
                spill.push(&m, is_shared.then_some(local.pattern))?;
            }
        }
    }
    if !any_text {
        return Ok(Outcome::Skipped(Diagnostic::warning(
            &source.display,
            "skipped: no text (empty file)",
        )));
    }
    let mut diagnostics = Vec::new();
    diagnostics.extend(not_utf8(&source.display, probe.encoding, probe.damage));
    let choice = shared.choose(matcher, gazetteer, &source.display, &mut diagnostics);
    // From the counts alone: the mentions are in the file.
    let entities = shared.entity_counts(&choice);
    let works = works_among(&entities, gazetteer);
    let spilled = spill.finish(choice)?;
    let mut info = merge.finish();
    info.meta = source.meta.clone();
    info.path = source.display.clone();
    info.folder = source.folder.clone();
    info.encoding = probe.encoding;
    info.bytes = probe.bytes as u64;
    info.mentions = spilled.len();
    let citations = citation::document_from_notes(
        &source.meta.id,
        &source.display,
        notes.finish(),
        &works,
        gazetteer,
    );
    Ok(Outcome::Scanned(Box::new(ScannedDocument {
        info,
        mentions: Vec::new(),
        spilled: Some(spilled),
        streamed: Some(probe),
        entities,
        citations,
        diagnostics,
    })))
}
