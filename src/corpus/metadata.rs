//! Document metadata: from a `corpus.toml` beside the texts, or from the file
//! name.
//!
//! ```toml
//! [[document]]
//! id = "trotsky-an-introduction"      # optional: defaults to the file stem
//! file = "trotsky-an-introduction.txt"
//! title = "Trotsky: an introduction"
//! author = "..."                       # optional
//! year = 2000                          # optional
//! kind = "web article"                 # optional
//! notes = "..."                        # optional
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// What is known about one document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub title: String,
    pub author: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<String>,
    pub notes: Option<String>,
}

impl Metadata {
    /// Metadata made from a file name alone: the stem is the id, and with
    /// `-` and `_` as spaces, the title.
    pub fn from_file_name(path: &Path) -> Metadata {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Metadata {
            id: stem.clone(),
            file: path
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            title: stem.replace(['-', '_'], " "),
            author: None,
            year: None,
            kind: None,
            notes: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    document: Vec<Metadata>,
}

/// The documents of one `corpus.toml`, by file name.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    by_file: HashMap<String, Metadata>,
    /// The line of each described file's `[[document]]`.
    lines: HashMap<String, usize>,
}

impl Catalog {
    /// Parses a `corpus.toml`; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Catalog> {
        let file: File = toml::from_str(text).map_err(|e| Error::Metadata {
            path: path.to_path_buf(),
            line: e.span().map_or(0, |s| {
                1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..s.start.min(text.len())]).count()
            }),
            message: e.message().to_string(),
        })?;
        // The line of each [[document]] table, in order, for messages.
        let tables: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[document]]")
            .map(|(k, _)| k + 1)
            .collect();
        let line = |k: usize| tables.get(k).copied().unwrap_or(0);
        let mut by_file: HashMap<String, Metadata> = HashMap::new();
        let mut lines: HashMap<String, usize> = HashMap::new();
        for (k, mut meta) in file.document.into_iter().enumerate() {
            if meta.file.is_empty() {
                return Err(Error::Metadata {
                    path: path.to_path_buf(),
                    line: line(k),
                    message: format!("a [[document]] has no `file` (id {:?})", meta.id),
                });
            }
            if let Some(first) = lines.insert(meta.file.clone(), line(k)) {
                return Err(Error::Metadata {
                    path: path.to_path_buf(),
                    line: line(k),
                    message: format!(
                        "file {:?} is described a second time (first at line {first})",
                        meta.file
                    ),
                });
            }
            let fallback = Metadata::from_file_name(Path::new(&meta.file));
            if meta.id.is_empty() {
                meta.id = fallback.id;
            }
            if meta.title.is_empty() {
                meta.title = fallback.title;
            }
            by_file.insert(meta.file.clone(), meta);
        }
        Ok(Catalog { by_file, lines })
    }

    /// The name of the catalog file beside the documents it describes.
    pub const FILE: &'static str = "corpus.toml";

    /// Loads `dir/corpus.toml` if there is one.
    pub fn load_beside(dir: &Path) -> Result<Option<Catalog>> {
        let path = dir.join(Self::FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        Catalog::parse(&text, &path).map(Some)
    }

    /// The files described, each with the line of its `[[document]]`, in
    /// the order written.
    pub fn files(&self) -> impl Iterator<Item = (&str, usize)> {
        let mut files: Vec<(&str, usize)> = self
            .lines
            .iter()
            .map(|(file, &line)| (file.as_str(), line))
            .collect();
        files.sort_unstable_by_key(|&(file, line)| (line, file));
        files.into_iter()
    }

    /// The metadata of a file, by its name.
    pub fn get(&self, file_name: &str) -> Option<Metadata> {
        self.by_file.get(file_name).cloned()
    }
}
