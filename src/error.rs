//! Errors that stop a run. Each variant names the file (and line, where there
//! is one) so that the message tells the user what to fix.

use std::path::PathBuf;

use crate::gazetteer::Problem;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem that stops the run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given on the command line does not exist.
    #[error("{}: no such file or directory", path.display())]
    NotFound { path: PathBuf },

    /// Reading a file or directory failed.
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Writing an output failed; nothing half-written is left behind.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The gazetteer has errors; every one is listed as `file:line: message`.
    #[error("invalid gazetteer ({} error{}):\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, Problem::list(.0))]
    Gazetteer(Vec<Problem>),

    /// A `corpus.toml` metadata file could not be used.
    #[error("{}:{line}: {message}", path.display())]
    Metadata {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// The `--glob` pattern is not a valid glob.
    #[error("invalid --glob {glob:?}: {message}")]
    Glob { glob: String, message: String },

    /// Nothing was left to analyse.
    #[error("no documents to analyse: {0}")]
    EmptyCorpus(String),

    /// An entity named by the user is not in the gazetteer.
    #[error("unknown entity {0:?}: give an id, label or alias from the gazetteer")]
    UnknownEntity(String),

    /// Graphviz could not draw a picture (missing, or it failed).
    #[error("{0}")]
    Render(String),

    /// A thread pool could not be built.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },

    /// A result was asked of an analysis that did not keep what it needs.
    #[error("incomplete analysis: {0}")]
    Incomplete(String),

    /// The automaton could not be built from the gazetteer's aliases.
    #[error("cannot build the matcher: {0}")]
    Automaton(String),
}

impl Error {
    /// Every file found was skipped: `found` files, and why each was.
    pub fn all_skipped(found: usize, why: &[crate::diagnostic::Diagnostic]) -> Error {
        let lines: Vec<String> = why.iter().map(|d| format!("  {d}")).collect();
        let head = match found {
            1 => "the only file found was skipped".to_string(),
            n => format!("all {n} files found were skipped"),
        };
        Error::EmptyCorpus(format!("{head}:\n{}", lines.join("\n")))
    }
}
