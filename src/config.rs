//! The options of one run, as plain data: the CLI builds a [`Config`] from its
//! arguments, and the library never sees the command line.

use std::path::PathBuf;

use crate::graph::GraphOptions;

/// What to analyse and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Files or directories to analyse; empty means the embedded founding corpus.
    pub inputs: Vec<PathBuf>,
    /// Which files of a directory to read, matched against the file name or
    /// the path relative to the directory.
    pub glob: String,
    /// Directories not to read inside the inputs: the run's own output
    /// directory, when it lies among the texts.
    pub exclude: Vec<PathBuf>,
    /// Gazetteer files or directories; empty means the embedded default.
    pub gazetteers: Vec<PathBuf>,
    /// Match aliases in any letter case.
    pub ignore_case: bool,
    /// Worker threads; `None` uses one per core.
    pub threads: Option<usize>,
    /// How the co-mention graphs are built.
    pub graph: GraphOptions,
    /// Keep every mention in [`Analysis::mentions`](crate::Analysis). The CLI
    /// turns it off and streams the mentions to `mentions.csv` instead, so
    /// that memory does not grow with the corpus; off, it also releases the
    /// joined text of each endnote once its references are parsed
    /// ([`DocumentCitations::compact`](crate::citation::DocumentCitations::compact)).
    pub keep_mentions: bool,
    /// Keep every document's co-mention graph and metrics in
    /// [`Analysis::graphs`](crate::Analysis) (the corpus graph is always
    /// kept). The CLI turns it off and writes each document's graph files
    /// as soon as they are known.
    pub keep_graphs: bool,
    /// Which documents get their own co-mention graph, built and measured.
    /// A document without one still has its co-mentions counted into the
    /// corpus graph, but no graph, metrics or ranking of its own: for an
    /// archive whose per-document graphs nobody will open, the run is then
    /// mostly the scan.
    pub document_graphs: DocumentGraphs,
    /// Keep every parsed endnote reference in
    /// [`Analysis::citations`](crate::Analysis) (what the corpus merge
    /// needs of each, its [`Cite`](crate::citation::Cite), is always
    /// kept). The CLI's `analyze` turns it off: its sink has each
    /// document's rows of `citations.csv` by then.
    pub keep_references: bool,
    /// Keep the per-entity counts of this many documents, the first ones,
    /// in [`Analysis::document_entities`](crate::Analysis) (all by default).
    /// The corpus's totals, [`Analysis::entity_totals`](crate::Analysis),
    /// are always complete. The CLI's `analyze` keeps those of the
    /// documents its summary shows, so that memory does not grow with the
    /// number of documents.
    pub entity_counts_kept: usize,
    /// A file larger than this (in bytes) is streamed when the mentions are
    /// not kept: read a few chunks at a time, its mentions spilled to a
    /// temporary file, so that memory does not grow with its size.
    pub stream_above: u64,
}

/// [`Config::document_graphs`]: which documents get a graph of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentGraphs {
    All,
    None,
    /// Only the document with this id (e.g. to rank it alone).
    Only(String),
}

impl DocumentGraphs {
    /// Whether the document `id` gets a graph of its own.
    pub fn includes(&self, id: &str) -> bool {
        match self {
            DocumentGraphs::All => true,
            DocumentGraphs::None => false,
            DocumentGraphs::Only(only) => only == id,
        }
    }
}

/// [`Config::stream_above`] by default.
pub const STREAM_ABOVE: u64 = 16 << 20;

impl Default for Config {
    fn default() -> Self {
        Config {
            inputs: Vec::new(),
            glob: "*.txt".to_string(),
            exclude: Vec::new(),
            gazetteers: Vec::new(),
            ignore_case: false,
            threads: None,
            graph: GraphOptions::default(),
            keep_mentions: true,
            keep_graphs: true,
            document_graphs: DocumentGraphs::All,
            keep_references: true,
            entity_counts_kept: usize::MAX,
            stream_above: STREAM_ABOVE,
        }
    }
}
