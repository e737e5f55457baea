//! The gazetteer: the curated list of entities and the surface forms (aliases)
//! under which the texts mention them.
//!
//! A gazetteer is one or more CSV files with the header
//! `id,type,label,aliases,wikidata,description` and the optional columns
//! `author` (works: the id of a person) and `shared` (aliases this row knowingly
//! shares with another entity). Aliases are separated by `|`; the label is
//! always an alias too. [`load`] parses the files ([`file`]) and checks them
//! ([`check`]); any error stops the run with `file:line: message` for each.

mod check;
mod file;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use check::check;

/// The default gazetteer, embedded in the binary so that `namegraph analyze`
/// works from any directory.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "gazetteer/people.csv",
        include_str!("../../gazetteer/people.csv"),
    ),
    (
        "gazetteer/parties.csv",
        include_str!("../../gazetteer/parties.csv"),
    ),
    (
        "gazetteer/places.csv",
        include_str!("../../gazetteer/places.csv"),
    ),
    (
        "gazetteer/works.csv",
        include_str!("../../gazetteer/works.csv"),
    ),
    (
        "gazetteer/events.csv",
        include_str!("../../gazetteer/events.csv"),
    ),
];

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Party,
    Organisation,
    Place,
    Work,
    Publication,
    Event,
}

impl EntityType {
    pub const ALL: [EntityType; 7] = [
        EntityType::Person,
        EntityType::Party,
        EntityType::Organisation,
        EntityType::Place,
        EntityType::Work,
        EntityType::Publication,
        EntityType::Event,
    ];

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Party => "party",
            EntityType::Organisation => "organisation",
            EntityType::Place => "place",
            EntityType::Work => "work",
            EntityType::Publication => "publication",
            EntityType::Event => "event",
        }
    }

    /// Parses a type name; `organization` is accepted for `organisation`.
    pub fn parse(s: &str) -> Option<EntityType> {
        let s = s.trim().to_ascii_lowercase();
        if s == "organization" {
            return Some(EntityType::Organisation);
        }
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a row came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: String,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// One entity of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub kind: EntityType,
    pub label: String,
    /// Every surface form, the label first, as written in the file.
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub description: String,
    /// For works: the id of the author, a person of the gazetteer.
    pub author: Option<String>,
    /// Aliases this entity knowingly shares with another entity.
    pub shared: Vec<String>,
    pub origin: Origin,
}

/// A checked gazetteer: entities in file order, looked up by id.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// The people's surname forms, indexed once on first use (every
    /// document's citation extraction needs them).
    surnames: std::sync::OnceLock<crate::citation::names::Surnames>,
}

impl Gazetteer {
    /// Builds a gazetteer from entities that passed [`check`].
    fn new(entities: Vec<Entity>) -> Self {
        let by_id = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Gazetteer {
            entities,
            by_id,
            surnames: std::sync::OnceLock::new(),
        }
    }

    /// [`crate::citation::names::gazetteer_surnames`] of this gazetteer,
    /// indexed once.
    pub fn surnames(&self) -> &crate::citation::names::Surnames {
        self.surnames.get_or_init(|| {
            crate::citation::names::Surnames::new(&crate::citation::names::gazetteer_surnames(self))
        })
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn get(&self, index: usize) -> &Entity {
        &self.entities[index]
    }

    /// The index of the entity with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Finds an entity by id, then label, then alias (case-insensitively for
    /// the last two), as a user would name it on the command line.
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.index_of(name) {
            return Some(i);
        }
        let wanted = crate::corpus::normalize_alias(name).to_lowercase();
        let by_label = self
            .entities
            .iter()
            .position(|e| e.label.to_lowercase() == wanted);
        by_label.or_else(|| {
            self.entities.iter().position(|e| {
                e.aliases
                    .iter()
                    .any(|a| crate::corpus::normalize_alias(a).to_lowercase() == wanted)
            })
        })
    }
}

/// A problem found in a gazetteer file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// 1-based line of the file; 0 when the problem concerns the whole file.
    pub line: u64,
    pub message: String,
    /// Errors stop the run; warnings are reported by `gazetteer check` only.
    pub is_error: bool,
}

impl Problem {
    fn error(origin: &Origin, message: impl Into<String>) -> Self {
        Problem {
            path: origin.path.clone(),
            line: origin.line,
            message: message.into(),
            is_error: true,
        }
    }

    fn warning(origin: &Origin, message: impl Into<String>) -> Self {
        Problem {
            is_error: false,
            ..Problem::error(origin, message)
        }
    }

    /// One problem per line, for error messages.
    pub fn list(problems: &[Problem]) -> String {
        let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
        lines.join("\n")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.is_error { "error" } else { "warning" };
        write!(f, "{}:{}: {level}: {}", self.path, self.line, self.message)
    }
}

/// A gazetteer file's name and text, read but not yet parsed.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The embedded default gazetteer's files.
pub fn embedded_sources() -> Vec<Source> {
    EMBEDDED
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// Reads gazetteer files: each path is a CSV file or a directory whose `*.csv`
/// files (recursively, sorted by path) are read.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(Error::NotFound { path: path.clone() });
        }
        if path.is_dir() {
            let mut found = csv_files_in(path)?;
            if found.is_empty() {
                return Err(Error::Gazetteer(vec![Problem {
                    path: path.display().to_string(),
                    line: 0,
                    message: "directory holds no .csv files".into(),
                    is_error: true,
                }]));
            }
            files.append(&mut found);
        } else {
            files.push(path.clone());
        }
    }
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| {
                Error::Gazetteer(vec![Problem {
                    path: path.display().to_string(),
                    line: 0,
                    message: format!("not UTF-8 ({e}); save the file as UTF-8"),
                    is_error: true,
                }])
            })?;
            Ok(Source {
                path: path.display().to_string(),
                text,
            })
        })
        .collect()
}

fn csv_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e.into(),
        })?;
        let is_csv = entry
            .path()
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
        if entry.file_type().is_file() && is_csv {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Parses and checks gazetteer sources; any error stops with all problems listed.
pub fn parse(sources: &[Source]) -> Result<Gazetteer> {
    let (gazetteer, problems) = check(sources);
    let errors: Vec<Problem> = problems.into_iter().filter(|p| p.is_error).collect();
    if errors.is_empty() {
        Ok(gazetteer)
    } else {
        Err(Error::Gazetteer(errors))
    }
}

/// Loads the gazetteer at `paths`, or the embedded default when `paths` is empty.
pub fn load(paths: &[PathBuf]) -> Result<Gazetteer> {
    if paths.is_empty() {
        parse(&embedded_sources())
    } else {
        parse(&read_sources(paths)?)
    }
}
