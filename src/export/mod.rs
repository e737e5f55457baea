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
pub mod staging;
pub mod stream;
pub mod style;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ranking::Metric;
use crate::{Analysis, DocumentView, Sink};
use model::ExportGraph;
pub use stream::{OutputWriter, Written};
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

/// The UTF-8 byte-order mark that `--csv-bom` puts first in every CSV file.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Puts [`UTF8_BOM`] first in each table of `paths`: every `.csv` file but
/// Gephi's `gephi-*.csv`, which are for Gephi, not a spreadsheet (Gephi
/// 0.9.2 takes the mark for part of the first column's name, and then finds
/// no `Id` or `Source` column). Each is rewritten through a temporary file
/// and a rename, so a failure leaves it whole.
pub fn prepend_bom(paths: &[PathBuf]) -> Result<()> {
    let table = |p: &&PathBuf| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".csv") && !name.starts_with("gephi-")
    };
    paths.par_iter().filter(table).try_for_each(|path| {
        let err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let mut from = std::fs::File::open(path).map_err(err)?;
        write_atomic_with(path, |w| {
            w.write_all(UTF8_BOM).map_err(err)?;
            std::io::copy(&mut from, w).map_err(err)?;
            Ok(())
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
    /// The temporary name, for a run stopped by a signal.
    _cleanup: crate::cleanup::Registered,
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
            _cleanup: crate::cleanup::register(tmp.path().to_path_buf()),
            tmp: std::io::BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// Flushes and renames the file to its final name. The rename makes the
    /// file appear whole or not at all to anyone reading the directory; it
    /// is not synced to disk (a `fsync` per file cost a quarter of a run
    /// of 1,800 files, and a run is cheap to repeat after a power cut).
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
        tmp.persist(&self.path).map_err(|e| err(e.error))?;
        Ok(())
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends all of `from`, a file: what is buffered is written first, then
    /// the file is copied straight into the temporary file, which lets the
    /// kernel copy it (`copy_file_range` on Linux) instead of passing every
    /// byte through this process.
    pub(crate) fn append_file(
        &mut self,
        from: &mut std::io::BufReader<std::fs::File>,
    ) -> std::io::Result<u64> {
        self.tmp.flush()?;
        std::io::copy(from, self.tmp.get_mut().as_file_mut())
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

/// Rows kept in an unnamed temporary file until they are copied into their
/// table (at the end of the run, or when a spilled document's turn comes).
pub(crate) struct Spool {
    dir: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
}

impl Spool {
    /// An empty spool, its file in `dir`.
    pub(crate) fn create(dir: &Path) -> Result<Spool> {
        let file = tempfile::tempfile_in(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(Spool {
            dir: dir.to_path_buf(),
            file: std::io::BufWriter::with_capacity(1 << 16, file),
        })
    }

    pub(crate) fn append(&mut self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        self.file.write_all(bytes).map_err(|source| Error::Write {
            path: self.dir.clone(),
            source,
        })
    }

    /// Everything appended, from the start.
    pub(crate) fn read_back(self) -> Result<std::io::BufReader<std::fs::File>> {
        use std::io::Seek;
        let err = |source| Error::Write {
            path: self.dir.clone(),
            source,
        };
        let mut file = self.file.into_inner().map_err(|e| err(e.into_error()))?;
        file.seek(std::io::SeekFrom::Start(0)).map_err(err)?;
        Ok(std::io::BufReader::with_capacity(1 << 16, file))
    }
}

/// For a writer of rows that takes any [`Write`] (errors are named by
/// whoever writes).
impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
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
    /// Write `mentions.csv` (from the documents' mentions as they come, or
    /// from [`Analysis::mentions`] in [`write_all`]).
    pub mentions: bool,
    /// Write each document's graph files (`documents/<id>/`, laid out). Off,
    /// a document's graph still has its rows in `edges.csv`, `metrics.csv`
    /// and `rankings.csv`, and an earlier run's `documents/` is removed.
    pub document_files: bool,
    /// Start every table (each CSV file but Gephi's) with a UTF-8
    /// byte-order mark ([`UTF8_BOM`]), without which Excel reads a CSV file
    /// in the system's code page and garbles every non-ASCII name.
    pub csv_bom: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            rank_by: Metric::Pagerank,
            top: 10,
            dot_top: 60,
            render: None,
            mentions: true,
            document_files: true,
            csv_bom: false,
        }
    }
}

/// Writes every table and graph file of an analysis that kept its
/// documents' graphs (and its mentions, if `options.mentions`), each through
/// a temporary file and a rename; returns the paths written. `analyze` in
/// the CLI writes the same files while the corpus is read, with an
/// [`OutputWriter`] as the run's [`Sink`].
///
/// `DIR/` gets `mentions.csv`, `entities.csv`, `documents.csv`,
/// `diagnostics.csv`, `edges.csv`, `metrics.csv`, `rankings.csv` and the
/// corpus graph's files;
/// `DIR/documents/<id>/` gets each document's graph files: `graph.gexf`,
/// `graph.graphml`, `graph.json`, `gephi-nodes.csv`, `gephi-edges.csv`,
/// `graph.dot` (and `graph.svg` or `graph.png` when asked). `citations.csv`
/// and `works.csv` go to `DIR/`, and the citation graph and the co-citation
/// graphs of works and of authors, in the same formats, to
/// `DIR/citations/{citation,work-cocitation,author-cocitation}/`.
pub fn write_all(a: &Analysis, out_dir: &Path, options: &OutputOptions) -> Result<Vec<PathBuf>> {
    if a.graphs.len() != a.documents.len() + 1 {
        return Err(Error::Incomplete(
            "the documents' graphs were not kept or not built (Config::keep_graphs, \
             Config::document_graphs)"
                .into(),
        ));
    }
    let mut writer = OutputWriter::create(out_dir, options, a.graph_options.window)?;
    let views: Vec<DocumentView> = a
        .documents
        .iter()
        .zip(a.mentions_by_document())
        .zip(&a.citations.documents)
        .enumerate()
        .map(|(i, ((info, mentions), citations))| DocumentView {
            info,
            mentions: crate::mention::Mentions::Held(mentions),
            citations,
            graph: Some((&a.graphs[i + 1], &a.metrics[i + 1])),
            source: None,
            streamed: None,
        })
        .collect();
    let plan = writer.plan(&a.gazetteer)?;
    for batch in views.chunks(SCOPES_AT_ONCE) {
        let rendered: Vec<Result<_>> = batch
            .par_iter()
            .map(|d| OutputWriter::render(&plan, &a.gazetteer, d))
            .collect();
        for one in rendered {
            writer.write(one?)?;
        }
    }
    Ok(writer.finish(a)?.files)
}

/// How many documents [`write_all`] renders at once.
const SCOPES_AT_ONCE: usize = 16;

/// The co-mention graphs' style: nodes sized by the ranking metric.
fn comention_style(options: &OutputOptions) -> Style {
    Style {
        size_by: Some(options.rank_by.as_str().to_string()),
        dot_top: options.dot_top,
        ..Style::default()
    }
}

/// Writes the citation graph and the co-citation graphs in every format.
fn write_citation_graphs(
    a: &Analysis,
    out_dir: &Path,
    style: &Style,
    picture: Option<(render::Format, render::Engine)>,
) -> Result<Vec<PathBuf>> {
    // One graph at a time, each built just before it is written and freed
    // after: a large graph's layout and files already keep both cores busy,
    // and a run over an archive then holds one export graph, not three.
    let mut files = Vec::new();
    for (name, graph) in CITATION_GRAPHS {
        let g = graph(a);
        let dir = out_dir.join("citations").join(name);
        files.extend(write_graph_files(
            &dir,
            &g,
            style,
            picture,
            Files::Parallel,
        )?);
    }
    Ok(files)
}

/// Lays out one graph, writes its files with [`write_formats`], and draws
/// its DOT file if asked.
fn write_graph_files(
    dir: &Path,
    g: &ExportGraph,
    style: &Style,
    picture: Option<(render::Format, render::Engine)>,
    how: Files,
) -> Result<Vec<PathBuf>> {
    let layout = layout::force_atlas2(g, layout::ITERATIONS);
    let (mut written, dot) = write_formats(dir, g, style, &layout, how)?;
    if let Some((format, engine)) = picture {
        let out = dir.join("graph.dot").with_extension(format.as_str());
        render::render(&dot, format, engine, &out).map_err(|e| Error::Render(e.to_string()))?;
        // Before the DOT file, last in the list.
        written.insert(written.len() - 1, out);
    }
    Ok(written)
}

/// How [`write_formats`] writes a graph's six files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Files {
    /// At once, on the pool's threads: for the graphs written at the end of
    /// a run (the corpus's, the citation graphs), when little else is left
    /// to do.
    Parallel,
    /// One after the other: for a document's graph, written while other
    /// documents are analysed. (In parallel, a worker waiting for its
    /// files would take up another document meanwhile, and more documents
    /// would be held at once: 4–5 MB more peak RSS on the 91 MB corpus.)
    InTurn,
}

/// Writes the six files of one graph, placed by `layout`, into `dir`, each
/// straight to its file (a citation graph grows with the corpus): GEXF,
/// GraphML, node-link JSON, Gephi's two CSVs and DOT, as `how` says.
/// Returns their paths, in that order, and the DOT text. A failure is the
/// first in that order, whatever the threads' timing.
pub fn write_formats(
    dir: &Path,
    g: &ExportGraph,
    style: &Style,
    layout: &layout::Layout,
    how: Files,
) -> Result<(Vec<PathBuf>, String)> {
    type Fill<'a> = &'a (dyn Fn(&mut dyn Write) -> std::io::Result<()> + Sync);
    let file = |(name, fill): (&str, Fill)| {
        let path = dir.join(name);
        write_atomic_with(&path, |w| {
            fill(w).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })
        })?;
        Result::Ok(path)
    };
    let dot = || {
        let dot = dot::render(g, style);
        file(("graph.dot", &|w| w.write_all(dot.as_bytes()))).map(|path| (dot, path))
    };
    let others = || {
        let formats: [(&str, Fill); 5] = [
            ("graph.gexf", &|w| gexf::write(w, g, style, layout)),
            ("graph.graphml", &|w| graphml::write(w, g)),
            ("graph.json", &|w| json::write(w, g)),
            ("gephi-nodes.csv", &|w| gephi::write_nodes(w, g)),
            ("gephi-edges.csv", &|w| gephi::write_edges(w, g)),
        ];
        match how {
            Files::Parallel => formats.into_par_iter().map(file).collect::<Vec<_>>(),
            Files::InTurn => formats.into_iter().map(file).collect(),
        }
    };
    let (dot, files) = match how {
        Files::Parallel => rayon::join(dot, others),
        Files::InTurn => {
            let files = others();
            (dot(), files)
        }
    };
    // The first failure in the order above, whichever thread met it first.
    let mut written = files.into_iter().collect::<Result<Vec<PathBuf>>>()?;
    let (dot, dot_path) = dot?;
    written.push(dot_path);
    Ok((written, dot))
}

/// Where a document's graph files go: `DIR/documents/<folder>`, its
/// [`DocumentInfo::folder`](crate::document::DocumentInfo::folder).
pub fn document_dir(out_dir: &Path, folder: &str) -> PathBuf {
    out_dir.join("documents").join(folder)
}

/// How a citation graph is made from the analysis.
type MakeGraph = fn(&Analysis) -> ExportGraph;

/// The citation graph (units → works → authors) and the co-citation graphs
/// of works and of authors, by directory name under `citations/`.
const CITATION_GRAPHS: [(&str, MakeGraph); 3] = [
    ("citation", |a| {
        crate::citation::graph::to_export(
            &a.citations.citation_graph,
            "citation graph: citing units, works, authors",
        )
    }),
    ("work-cocitation", |a| {
        crate::citation::graph::to_export(
            &a.citations.work_cocitation,
            "co-citation graph of works",
        )
    }),
    ("author-cocitation", |a| {
        crate::citation::graph::to_export(
            &a.citations.author_cocitation,
            "co-citation graph of authors",
        )
    }),
];

/// The citation graphs, made (all at once: for tests).
#[cfg(test)]
fn citation_graphs(a: &Analysis) -> Vec<(&'static str, ExportGraph)> {
    CITATION_GRAPHS
        .iter()
        .map(|(name, graph)| (*name, graph(a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each graph file, written straight to its file, holds what its
    /// renderer gives in memory (the form the format tests check): for the
    /// founding corpus's co-mention graph and its three citation graphs.
    #[test]
    fn graph_files_written_to_disk_are_the_rendered_ones() {
        let a = crate::analyze(&crate::Config::default()).expect("analysis");
        let corpus = comention::export_graph(
            &a.gazetteer,
            "corpus",
            a.graph_options.window,
            &a.graphs[0],
            &a.metrics[0],
        );
        let mut graphs = citation_graphs(&a);
        graphs.push(("corpus", corpus));
        let style = Style::default();
        let dir = tempfile::tempdir().expect("dir");
        for (name, g) in &graphs {
            let at = dir.path().join(name);
            let files = write_graph_files(&at, g, &style, None, Files::Parallel).expect("written");
            assert_eq!(files.len(), 6);
            let layout = layout::force_atlas2(g, layout::ITERATIONS);
            let want: [(&str, Vec<u8>); 6] = [
                (
                    "graph.gexf",
                    gexf::render(g, &style, &layout).expect("gexf"),
                ),
                ("graph.graphml", graphml::render(g).expect("graphml")),
                ("graph.json", json::render(g).expect("json")),
                ("gephi-nodes.csv", gephi::nodes_csv(g).expect("nodes")),
                ("gephi-edges.csv", gephi::edges_csv(g).expect("edges")),
                ("graph.dot", dot::render(g, &style).into_bytes()),
            ];
            for (file, bytes) in want {
                assert!(bytes.len() > 100, "{name}/{file}");
                let got = std::fs::read(at.join(file)).expect("read");
                assert!(got == bytes, "{name}/{file} differs");
            }
        }
    }
}
