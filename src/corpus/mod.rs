//! The corpus: finding the documents, their metadata, and turning each file's
//! bytes into normalised, segmented text with a map back to the original
//! bytes.
//!
//! Documents are found by [`discover`] (paths given by the user, or the
//! founding corpus embedded in the binary) and read one at a time by
//! [`DocumentSource::read`], so the whole corpus is never held in memory.

mod chunk;
mod decode;
mod ids;
pub(crate) mod masks;
mod metadata;
mod normalize;
mod offsets;
mod segment;
mod stream;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

pub use chunk::{Aliases, Chunk, chunks};
pub use decode::{Damage, Decoded, Encoding, Unusable, decode};
pub use ids::folder_name;
pub use metadata::{Catalog, Metadata};
pub use normalize::{
    LOOK_BACK, ModeDetector, Normalized, ParagraphMode, normalize, normalize_alias, to_nfc,
};
pub use offsets::OffsetMap;
pub use segment::{Heading, Segments, index_at, is_heading, segment, word_indexes};
pub use stream::{ChunkReader, Probe, TextChunk, probe};

/// The founding corpus, embedded in the binary: file name and bytes.
pub const EMBEDDED: &[(&str, &[u8])] = &[
    (
        "trotsky-an-introduction.txt",
        include_bytes!("../../corpus/trotsky-an-introduction.txt"),
    ),
    (
        "russia-how-the-bureaucracy-seized-power.txt",
        include_bytes!("../../corpus/russia-how-the-bureaucracy-seized-power.txt"),
    ),
    (
        "workers-party-tradition-introduction.txt",
        include_bytes!("../../corpus/workers-party-tradition-introduction.txt"),
    ),
    (
        "trotsky-and-the-left-opposition-against-stalinism.txt",
        include_bytes!("../../corpus/trotsky-and-the-left-opposition-against-stalinism.txt"),
    ),
    (
        "cliff-trotsky-fighting-the-rising-stalinist-bureaucracy.txt",
        include_bytes!("../../corpus/cliff-trotsky-fighting-the-rising-stalinist-bureaucracy.txt"),
    ),
];

/// The embedded corpus's metadata file.
pub const EMBEDDED_CATALOG: &str = include_str!("../../corpus/corpus.toml");

/// Where a document's bytes are.
#[derive(Debug, Clone)]
pub enum Content {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// A document found but not yet read.
#[derive(Debug, Clone)]
pub struct DocumentSource {
    /// The path shown to the user (`corpus/<file>` for embedded documents).
    pub display: String,
    pub content: Content,
    pub meta: Metadata,
    /// The folder under `documents/` for its graph files: made from the id,
    /// unique in the run (see [`folder_name`]).
    pub folder: String,
}

impl DocumentSource {
    /// A document to read; its folder is made from its id.
    pub fn new(display: String, content: Content, meta: Metadata) -> DocumentSource {
        let folder = folder_name(&meta.id);
        DocumentSource {
            display,
            content,
            meta,
            folder,
        }
    }

    /// Reads the document's bytes.
    pub fn read(&self) -> Result<Cow<'static, [u8]>> {
        match &self.content {
            Content::Embedded(bytes) => Ok(Cow::Borrowed(bytes)),
            Content::File(path) => {
                std::fs::read(path)
                    .map(Cow::Owned)
                    .map_err(|source| Error::Read {
                        path: path.clone(),
                        source,
                    })
            }
        }
    }

    /// The document's size in bytes, without reading it.
    pub fn len(&self) -> u64 {
        match &self.content {
            Content::Embedded(bytes) => bytes.len() as u64,
            Content::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The embedded founding corpus.
pub fn embedded() -> Result<Vec<DocumentSource>> {
    let catalog = Catalog::parse(EMBEDDED_CATALOG, Path::new("corpus/corpus.toml"))?;
    let docs = EMBEDDED
        .iter()
        .map(|&(name, bytes)| {
            DocumentSource::new(
                format!("corpus/{name}"),
                Content::Embedded(bytes),
                catalog
                    .get(name)
                    .unwrap_or_else(|| Metadata::from_file_name(Path::new(name))),
            )
        })
        .collect();
    Ok(ids::unique(docs))
}

/// The documents found under the inputs, and the entries of their
/// directories that could not be followed.
#[derive(Debug, Default)]
pub struct Found {
    pub sources: Vec<DocumentSource>,
    /// A warning per broken symbolic link, file-system loop or unreadable
    /// directory met inside a directory walked, in path order.
    pub skipped: Vec<Diagnostic>,
    /// A warning per `corpus.toml` entry that names no file of its
    /// directory (a misspelt name: its metadata would apply to nothing).
    pub unmatched: Vec<Diagnostic>,
}

/// The matcher of a `--glob` pattern (`*` also crosses `/`), or
/// [`Error::Glob`] saying what is wrong with it: for the command line to
/// check the pattern before anything is read, as [`discover`] does.
pub fn glob_matcher(glob: &str) -> Result<globset::GlobMatcher> {
    let glob = globset::GlobBuilder::new(glob)
        .literal_separator(false)
        .build()
        .map_err(|e| Error::Glob {
            glob: glob.to_string(),
            message: e.kind().to_string(),
        })?;
    Ok(glob.compile_matcher())
}

/// Finds the documents under `inputs`: files are taken as given; directories
/// are walked recursively, in path order, for files whose name (or path
/// relative to the directory) matches `glob`. Metadata come from a
/// `corpus.toml` in the file's directory, or from the file name.
///
/// A missing or unreadable input stops the run; an entry inside a
/// directory that cannot be followed (a broken link in an archive, a link
/// back to an ancestor, a subdirectory without permission) is skipped with
/// a warning, as an unusable file is, rather than losing the rest of the
/// archive. Directories in `exclude` (the run's output directory) are
/// not walked.
pub fn discover(inputs: &[PathBuf], glob: &str, exclude: &[PathBuf]) -> Result<Found> {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let matcher = glob_matcher(glob)?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut passed = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for input in inputs {
        if !input.exists() {
            return Err(Error::NotFound {
                path: input.clone(),
            });
        }
        let mut found = if input.is_dir() {
            walk(input, &matcher, &exclude, &mut skipped, &mut passed)?
        } else {
            // A file named by the user must be readable; one found in a
            // directory that cannot be read is skipped when its turn comes.
            std::fs::File::open(input).map_err(|source| Error::Read {
                path: input.clone(),
                source,
            })?;
            vec![input.clone()]
        };
        found.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
        files.append(&mut found);
    }
    if files.is_empty() {
        if !skipped.is_empty() {
            return Err(Error::all_skipped(skipped.len(), &skipped));
        }
        let shown: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::EmptyCorpus(format!(
            "no files matching {glob:?} under {}{}",
            shown.join(", "),
            other_files(&passed)
        )));
    }
    let mut catalogs: HashMap<PathBuf, Option<Catalog>> = HashMap::new();
    let mut unmatched = Vec::new();
    let mut docs = Vec::with_capacity(files.len());
    for file in files {
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        if !catalogs.contains_key(&dir) {
            let catalog = Catalog::load_beside(&dir)?;
            if let Some(catalog) = &catalog {
                unmatched.extend(unmatched_entries(catalog, &dir));
            }
            catalogs.insert(dir.clone(), catalog);
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = catalogs[&dir]
            .as_ref()
            .and_then(|c| c.get(&name))
            .unwrap_or_else(|| Metadata::from_file_name(&file));
        docs.push(DocumentSource::new(
            file.display().to_string(),
            Content::File(file),
            meta,
        ));
    }
    Ok(Found {
        sources: ids::unique(docs),
        skipped,
        unmatched,
    })
}

/// A warning for each entry of `dir`'s `catalog` whose `file` is no file
/// of `dir` (by its exact name, as entries are matched to files).
fn unmatched_entries(catalog: &Catalog, dir: &Path) -> Vec<Diagnostic> {
    // A file named without a directory has the parent "".
    let listed = match dir.as_os_str().is_empty() {
        true => Path::new("."),
        false => dir,
    };
    let Ok(entries) = std::fs::read_dir(listed) else {
        return Vec::new();
    };
    let names: BTreeSet<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let shown = dir.join(Catalog::FILE).display().to_string();
    catalog
        .files()
        .filter(|(file, _)| !names.contains(*file))
        .map(|(file, line)| {
            Diagnostic::warning(
                shown.clone(),
                format!(
                    "file {file:?} is not in {}: this [[document]] describes no document",
                    listed.display()
                ),
            )
            .at_line(line)
        })
        .collect()
}

/// What to say of the files `--glob` passed over when it took none: how
/// many, of which kinds (most first), and the glob that reads the first
/// kind. E.g. ` (it passed over 3 other files: *.md 2, *.html 1; --glob
/// "*.md" reads the first kind)`.
fn other_files(passed: &BTreeMap<String, usize>) -> String {
    let total: usize = passed.values().sum();
    if total == 0 {
        return String::new();
    }
    let mut kinds: Vec<(&String, &usize)> = passed.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let shown: Vec<String> = kinds
        .iter()
        .take(3)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let more = if kinds.len() > 3 { ", ..." } else { "" };
    format!(
        " (it passed over {}: {}{more}; --glob {:?} reads the first kind)",
        crate::diagnostic::count(total as u64, "other file", "other files"),
        shown.join(", "),
        kinds[0].0,
    )
}

/// The kind of a file for [`other_files`]: `*.ext`, or its name when it
/// has no extension.
fn kind_of(path: &Path) -> String {
    match path.extension() {
        Some(ext) => format!("*.{}", ext.to_string_lossy()),
        None => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// The files under `dir` that `matcher` takes, in path order; entries below
/// `dir` that cannot be followed go to `skipped`, and the kinds of the
/// files passed over are counted in `passed`.
fn walk(
    dir: &Path,
    matcher: &globset::GlobMatcher,
    exclude: &[PathBuf],
    skipped: &mut Vec<Diagnostic>,
    passed: &mut BTreeMap<String, usize>,
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walked = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || e.path()
                    .canonicalize()
                    .map_or(true, |p| !exclude.contains(&p))
        });
    for entry in walked {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.depth() > 0 => {
                let path = e.path().unwrap_or(dir);
                let link = path
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink());
                // A broken link is a file only if its name says so.
                if e.loop_ancestor().is_none() && link && !takes(matcher, dir, path) {
                    continue;
                }
                skipped.push(Diagnostic::warning(
                    path.display().to_string(),
                    format!("skipped: {}", unfollowable(path, link, &e)),
                ));
                continue;
            }
            Err(e) => {
                return Err(Error::Read {
                    path: e.path().unwrap_or(dir).to_path_buf(),
                    source: e.into(),
                });
            }
        };
        if !entry.file_type().is_file() {
            // A pipe, socket or device that the glob takes is no text to
            // wait for, but is said so.
            if !entry.file_type().is_dir() && takes(matcher, dir, entry.path()) {
                skipped.push(Diagnostic::warning(
                    entry.path().display().to_string(),
                    "skipped: not a regular file (a pipe, socket or device)",
                ));
            }
            continue;
        }
        if takes(matcher, dir, entry.path()) {
            files.push(entry.into_path());
        } else if entry.file_name() != Catalog::FILE {
            *passed.entry(kind_of(entry.path())).or_default() += 1;
        }
    }
    Ok(files)
}

/// Whether `--glob` takes `path`, found under `dir`: by its name or by its
/// path relative to `dir`.
fn takes(matcher: &globset::GlobMatcher, dir: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    path.file_name().is_some_and(|n| matcher.is_match(n)) || matcher.is_match(relative)
}

/// Why a directory entry (a symbolic link when `link`) could not be
/// followed, in the user's terms.
fn unfollowable(path: &Path, link: bool, err: &walkdir::Error) -> String {
    if let Some(ancestor) = err.loop_ancestor() {
        return format!(
            "a link back to the directory {} (a file-system loop)",
            ancestor.display()
        );
    }
    let io = err.io_error();
    match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::NotFound) if link => match std::fs::read_link(path) {
            Ok(target) => format!("broken symbolic link (to {})", target.display()),
            Err(_) => "broken symbolic link".to_string(),
        },
        Some(std::io::ErrorKind::PermissionDenied) => {
            "cannot read this directory: permission denied".to_string()
        }
        _ => match io {
            Some(io) => format!("cannot read: {io}"),
            None => format!("cannot read: {err}"),
        },
    }
}
