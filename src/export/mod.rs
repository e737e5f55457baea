//! Writing results. Every exporter is a pure function to bytes; [`write_atomic`]
//! is the one place that writes files: to a temporary file in the target
//! directory, then renamed, so a failed run never leaves a half-written file.

pub mod comention;
pub mod csv;
pub mod dot;
pub mod gephi;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod layout;
pub mod model;
pub mod palette;
pub mod render;
pub mod style;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Analysis;
use crate::error::{Error, Result};
use crate::ranking::Metric;
use csv::ScopeTables;
use model::ExportGraph;
use style::Style;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes).map_err(|e| Error::Write {
            path: path.to_path_buf(),
            source: e,
        })
    })
}

/// Like [`write_atomic`], for output produced piece by piece: `fill` writes
/// into a buffered temporary file, which is renamed only if it succeeds.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    fill(&mut file)?;
    file.commit()
}

/// A file being written under a temporary name in its final directory; it
/// takes its name only on [`commit`](AtomicFile::commit), and is deleted if
/// dropped before.
pub struct AtomicFile {
    path: PathBuf,
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Creates the temporary file beside `path` (and the directory if needed).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let err = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(err)?;
        let tmp = tempfile::Builder::new()
            .prefix(".namegraph-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(err)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp: std::io::BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(self) -> Result<()> {
        let err = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        let tmp = self.tmp.into_inner().map_err(|e| err(e.into_error()))?;
        // A temporary file is created private (0600); outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o644);
            tmp.as_file().set_permissions(mode).map_err(err)?;
        }
        tmp.as_file().sync_all().map_err(err)?;
        tmp.persist(&self.path).map_err(|e| err(e.error))?;
        Ok(())
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// What `analyze` writes besides the tables, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputOptions {
    /// The metric of `rankings.csv`, of node size and of the DOT selection.
    pub rank_by: Metric,
    /// Entities per scope in `rankings.csv`.
    pub top: usize,
    /// Nodes kept in the DOT files.
    pub dot_top: usize,
    /// Also draw each DOT file with Graphviz.
    pub render: Option<(render::Format, render::Engine)>,
    /// Write `mentions.csv` from [`Analysis::mentions`]; off when the caller
    /// streamed it with a [`csv::MentionsFile`] during the run.
    pub mentions: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            rank_by: Metric::Pagerank,
            top: 10,
            dot_top: 60,
            render: None,
            mentions: true,
        }
    }
}

/// Renders every table and graph file, then writes them, each through
/// [`write_atomic`]; returns the paths written.
///
/// `DIR/` gets `mentions.csv`, `entities.csv`, `documents.csv`, `edges.csv`,
/// `metrics.csv`, `rankings.csv` and the corpus graph's files;
/// `DIR/documents/<id>/` gets each document's graph files: `graph.gexf`,
/// `graph.graphml`, `graph.json`, `gephi-nodes.csv`, `gephi-edges.csv`,
/// `graph.dot` (and `graph.svg` or `graph.png` when asked). `citations.csv`
/// and `works.csv` go to `DIR/`, and the citation graph and the co-citation
/// graphs of works and of authors, in the same formats, to
/// `DIR/citations/{citation,work-cocitation,author-cocitation}/`.
pub fn write_all(a: &Analysis, out_dir: &Path, options: &OutputOptions) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    if options.mentions {
        let path = out_dir.join("mentions.csv");
        write_atomic_with(&path, |w| csv::write_mentions(a, w))?;
        written.push(path);
    }
    // One table at a time: rendered, written, dropped.
    type Table<'a> = Box<dyn Fn() -> Result<Vec<u8>> + 'a>;
    let tables: Vec<(&str, Table)> = vec![
        ("entities.csv", Box::new(|| csv::entities(a))),
        ("documents.csv", Box::new(|| csv::documents(a))),
        (
            "rankings.csv",
            Box::new(|| csv::rankings(a, options.rank_by, options.top)),
        ),
        (
            "citations.csv",
            Box::new(|| crate::citation::csv::citations(&a.citations)),
        ),
        (
            "works.csv",
            Box::new(|| crate::citation::csv::works(&a.citations)),
        ),
    ];
    for (name, render) in tables {
        let path = out_dir.join(name);
        write_atomic(&path, &render()?)?;
        written.push(path);
    }
    let style = Style {
        size_by: Some(options.rank_by.as_str().to_string()),
        dot_top: options.dot_top,
        ..Style::default()
    };
    // The co-mention graphs, a few scopes at a time: export models built in
    // parallel, their rows appended to edges.csv and metrics.csv in scope
    // order, their graph files written in parallel, then dropped.
    let mut tables = ScopeTables::create(out_dir)?;
    let scopes: Vec<usize> = (0..a.graphs.len()).collect();
    for chunk in scopes.chunks(SCOPES_AT_ONCE) {
        let models: Vec<ExportGraph> = chunk
            .par_iter()
            .map(|&s| comention::export_graph(a, s))
            .collect();
        for (&s, g) in chunk.iter().zip(&models) {
            tables.write(comention::scope_name(a, s), g)?;
        }
        let files: Vec<Vec<PathBuf>> = chunk
            .par_iter()
            .zip(&models)
            .map(|(&s, g)| {
                write_graph_files(
                    &scope_dir(out_dir, s, comention::scope_name(a, s)),
                    g,
                    &style,
                    options.render,
                )
            })
            .collect::<Result<_>>()?;
        written.extend(files.into_iter().flatten());
    }
    tables.finish()?;
    written.extend([out_dir.join("edges.csv"), out_dir.join("metrics.csv")]);
    let citation_style = Style {
        color_by: Some("type".into()),
        size_by: None,
        ..style
    };
    let citations: Vec<Vec<PathBuf>> = citation_graphs(a)
        .par_iter()
        .map(|(name, g)| {
            write_graph_files(
                &out_dir.join("citations").join(name),
                g,
                &citation_style,
                options.render,
            )
        })
        .collect::<Result<_>>()?;
    written.extend(citations.into_iter().flatten());
    Ok(written)
}

/// How many co-mention graphs are exported at once.
const SCOPES_AT_ONCE: usize = 16;

/// Renders and writes one graph's files, and draws its DOT file if asked.
fn write_graph_files(
    dir: &Path,
    g: &ExportGraph,
    style: &Style,
    picture: Option<(render::Format, render::Engine)>,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, bytes) in graph_files(dir, g, style)? {
        write_atomic(&path, &bytes)?;
        if let Some((format, engine)) =
            picture.filter(|_| path.extension().is_some_and(|x| x == "dot"))
        {
            let out = path.with_extension(format.as_str());
            render::render(&String::from_utf8_lossy(&bytes), format, engine, &out)
                .map_err(|e| Error::Render(e.to_string()))?;
            written.push(out);
        }
        written.push(path);
    }
    Ok(written)
}

/// Where a scope's graph files go: `DIR` for the corpus, `DIR/documents/<id>`
/// for a document (characters unsafe in a file name become `_`).
pub fn scope_dir(out_dir: &Path, scope: usize, name: &str) -> PathBuf {
    if scope == 0 {
        return out_dir.to_path_buf();
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = if safe.trim_matches('.').is_empty() {
        format!("_{safe}")
    } else {
        safe
    };
    out_dir.join("documents").join(safe)
}

/// The citation graph (units → works → authors) and the co-citation graphs
/// of works and of authors, by directory name.
fn citation_graphs(a: &Analysis) -> Vec<(&'static str, ExportGraph)> {
    use crate::citation::graph::to_export;
    let c = &a.citations;
    vec![
        (
            "citation",
            to_export(
                &c.citation_graph,
                "citation graph: citing units, works, authors",
            ),
        ),
        (
            "work-cocitation",
            to_export(&c.work_cocitation, "co-citation graph of works"),
        ),
        (
            "author-cocitation",
            to_export(&c.author_cocitation, "co-citation graph of authors"),
        ),
    ]
}

/// The graph files of one scope, rendered in memory.
fn graph_files(dir: &Path, g: &ExportGraph, style: &Style) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let layout = layout::force_atlas2(g, layout::ITERATIONS);
    Ok(vec![
        (dir.join("graph.gexf"), gexf::render(g, style, &layout)?),
        (dir.join("graph.graphml"), graphml::render(g)?),
        (dir.join("graph.json"), json::render(g)?),
        (dir.join("gephi-nodes.csv"), gephi::nodes_csv(g)?),
        (dir.join("gephi-edges.csv"), gephi::edges_csv(g)?),
        (dir.join("graph.dot"), dot::render(g, style).into_bytes()),
    ])
}
