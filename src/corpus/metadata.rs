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
}

impl Catalog {
    /// Parses a `corpus.toml`; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Catalog> {
        let file: File = toml::from_str(text).map_err(|e| Error::Metadata {
            path: path.to_path_buf(),
            line: e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].lines().count().max(1)
            }),
            message: e.message().to_string(),
        })?;
        let mut by_file = HashMap::new();
        for mut meta in file.document {
            if meta.file.is_empty() {
                return Err(Error::Metadata {
                    path: path.to_path_buf(),
                    line: 0,
                    message: format!("a [[document]] has no `file` (id {:?})", meta.id),
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
        Ok(Catalog { by_file })
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

    /// The metadata of a file, by its name.
    pub fn get(&self, file_name: &str) -> Option<Metadata> {
        self.by_file.get(file_name).cloned()
    }
}
