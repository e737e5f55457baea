//! A document's mentions in a temporary file instead of memory, for a file
//! too large to hold them: written once in text order while the file is
//! scanned, read back as often as needed ([`Spilled::for_each`]).
//!
//! A mention of a shared alias is written before the document is known
//! well enough to choose its entity; it is stored with its pattern and
//! given its entity when read ([`SpillWriter::finish`]).

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};

use super::Mention;
use crate::error::{Error, Result};

/// The entity of a mention whose entity is chosen later.
const UNRESOLVED: u32 = u32::MAX;

/// Writes a document's mentions, in text order.
pub struct SpillWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    path: std::path::PathBuf,
    count: u64,
}

/// A document's mentions, in a temporary file (deleted when dropped).
#[derive(Debug)]
pub struct Spilled {
    file: tempfile::NamedTempFile,
    count: u64,
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
            file: BufWriter::with_capacity(1 << 16, file),
            count: 0,
        })
    }

    /// Writes the next mention; `pattern` is `Some` when its entity is to
    /// be chosen later, by pattern (`m.entity` is then ignored).
    pub fn push(&mut self, m: &Mention, pattern: Option<u32>) -> Result<()> {
        let mut record = Vec::with_capacity(48 + m.text.len());
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
        self.file
            .write_all(&record)
            .map_err(|source| Error::Write {
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
            count: self.count,
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
    pub fn for_each(&self, mut f: impl FnMut(&Mention) -> Result<()>) -> Result<()> {
        let path = self.file.path();
        let err = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut r = BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(err)?);
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
        for _ in 0..self.count {
            r.read_exact(&mut fixed).map_err(err)?;
            let u32_at =
                |i: usize| u32::from_le_bytes(fixed[i..i + 4].try_into().unwrap_or_default());
            let u64_at =
                |i: usize| u64::from_le_bytes(fixed[i..i + 8].try_into().unwrap_or_default());
            let (entity, pattern) = (u32_at(0), u32_at(4));
            m.entity = if entity == UNRESOLVED {
                self.resolved.get(&pattern).copied().unwrap_or(UNRESOLVED)
            } else {
                entity
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
