//! A document's mentions in a temporary file instead of memory, for a file
//! too large to hold them: written once in text order while the file is
//! scanned, read back as often as needed ([`Spilled::for_each`]).
//!
//! A mention of a shared alias is written before the document is known
//! well enough to choose its entity; it is stored with its pattern and
//! given its entity when read ([`SpillWriter::finish`]).

use rustc_hash::FxHashMap as HashMap;
use std::io::{BufReader, BufWriter, Read, Write};

use super::Mention;
use crate::error::{Error, Result};

/// The entity of a mention whose entity is chosen later.
const UNRESOLVED: u32 = u32::MAX;

/// Mentions per segment: what [`Spilled::for_each_segment`] reads and
/// hands on at once.
const SEGMENT: u64 = 16 * 1024;

/// Writes a document's mentions, in text order.
pub struct SpillWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    path: std::path::PathBuf,
    cleanup: crate::cleanup::Registered,
    /// The record being written (kept to be reused).
    record: Vec<u8>,
    count: u64,
    /// Bytes written so far, and where each segment starts.
    bytes: u64,
    segments: Vec<u64>,
}

/// A document's mentions, in a temporary file (deleted when dropped).
#[derive(Debug)]
pub struct Spilled {
    file: tempfile::NamedTempFile,
    /// The file's path, for a run stopped by a signal.
    _cleanup: crate::cleanup::Registered,
    count: u64,
    /// The byte offset of every [`SEGMENT`]-th mention.
    segments: Vec<u64>,
    /// Pattern → entity, for the mentions written unresolved.
    resolved: HashMap<u32, u32>,
}

impl SpillWriter {
    pub fn create() -> Result<SpillWriter> {
        let file = tempfile::Builder::new()
            .prefix(".namegraph-mentions-")
            .tempfile()
            .map_err(|source| Error::Write {
                path: std::env::temp_dir(),
                source,
            })?;
        Ok(SpillWriter {
            path: file.path().to_path_buf(),
            cleanup: crate::cleanup::register(file.path().to_path_buf()),
            file: BufWriter::with_capacity(1 << 16, file),
            record: Vec::new(),
            count: 0,
            bytes: 0,
            segments: Vec::new(),
        })
    }

    /// Writes the next mention; `pattern` is `Some` when its entity is to
    /// be chosen later, by pattern (`m.entity` is then ignored).
    pub fn push(&mut self, m: &Mention, pattern: Option<u32>) -> Result<()> {
        let record = &mut self.record;
        record.clear();
        let entity = if pattern.is_some() {
            UNRESOLVED
        } else {
            m.entity
        };
        for n in [
            entity,
            pattern.unwrap_or(0),
            m.section,
            m.paragraph,
            m.sentence,
        ] {
            record.extend_from_slice(&n.to_le_bytes());
        }
        for n in [m.word, m.start, m.end] {
            record.extend_from_slice(&n.to_le_bytes());
        }
        record.extend_from_slice(&(m.text.len() as u32).to_le_bytes());
        record.extend_from_slice(m.text.as_bytes());
        if self.count % SEGMENT == 0 {
            self.segments.push(self.bytes);
        }
        self.bytes += record.len() as u64;
        self.file.write_all(record).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        self.count += 1;
        Ok(())
    }

    /// The mentions written, with the entity of each pattern written
    /// unresolved.
    pub fn finish(self, resolved: HashMap<u32, u32>) -> Result<Spilled> {
        let path = self.path;
        let file = self.file.into_inner().map_err(|e| Error::Write {
            path,
            source: e.into_error(),
        })?;
        Ok(Spilled {
            file,
            _cleanup: self.cleanup,
            count: self.count,
            segments: self.segments,
            resolved,
        })
    }
}

impl Spilled {
    pub fn len(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Calls `f` with each mention, in text order.
    pub fn for_each(&self, f: impl FnMut(&Mention) -> Result<()>) -> Result<()> {
        self.read(0, self.count, f)
    }

    /// Runs `each` on the mentions a segment at a time, `at_once` segments
    /// in parallel, and hands the results to `then` in text order: for
    /// work on every mention that can be cut up (rendering rows), with a
    /// few segments in memory at a time.
    pub fn for_each_segment<T: Send>(
        &self,
        at_once: usize,
        each: impl Fn(&[Mention]) -> Result<T> + Sync,
        mut then: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        use rayon::prelude::*;
        let segments: Vec<usize> = (0..self.segments.len()).collect();
        for wave in segments.chunks(at_once.max(1)) {
            let done: Vec<Result<T>> = wave
                .par_iter()
                .map(|&k| {
                    let first = k as u64 * SEGMENT;
                    let count = SEGMENT.min(self.count - first);
                    let mut mentions = Vec::with_capacity(count as usize);
                    self.read(self.segments[k], count, |m| {
                        mentions.push(m.clone());
                        Ok(())
                    })?;
                    each(&mentions)
                })
                .collect();
            for result in done {
                then(result?)?;
            }
        }
        Ok(())
    }

    /// Calls `f` with `count` mentions from byte `offset`.
    fn read(
        &self,
        offset: u64,
        count: u64,
        mut f: impl FnMut(&Mention) -> Result<()>,
    ) -> Result<()> {
        use std::io::Seek;
        let path = self.file.path();
        let err = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(err)?;
        file.seek(std::io::SeekFrom::Start(offset)).map_err(err)?;
        let mut r = BufReader::with_capacity(1 << 16, file);
        let mut fixed = [0u8; 48];
        let mut m = Mention {
            entity: 0,
            document: 0,
            section: 0,
            paragraph: 0,
            sentence: 0,
            word: 0,
            start: 0,
            end: 0,
            text: String::new(),
        };
        let mut text = Vec::new();
        for _ in 0..count {
            r.read_exact(&mut fixed).map_err(err)?;
            let u32_at =
                |i: usize| u32::from_le_bytes(fixed[i..i + 4].try_into().unwrap_or_default());
            let u64_at =
                |i: usize| u64::from_le_bytes(fixed[i..i + 8].try_into().unwrap_or_default());
            let (entity, pattern) = (u32_at(0), u32_at(4));
            m.entity = match entity {
                UNRESOLVED => *self.resolved.get(&pattern).ok_or_else(|| {
                    err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("a mention of shared alias #{pattern} has no entity"),
                    ))
                })?,
                entity => entity,
            };
            m.section = u32_at(8);
            m.paragraph = u32_at(12);
            m.sentence = u32_at(16);
            m.word = u64_at(20);
            m.start = u64_at(28);
            m.end = u64_at(36);
            text.resize(u32_at(44) as usize, 0);
            r.read_exact(&mut text).map_err(err)?;
            m.text = String::from_utf8(std::mem::take(&mut text)).map_err(|e| {
                err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    e.to_string(),
                ))
            })?;
            f(&m)?;
            text = std::mem::take(&mut m.text).into_bytes();
        }
        Ok(())
    }
}
