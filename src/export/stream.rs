//! Writing a run's outputs while it goes. [`OutputWriter`] is the
//! [`Sink`] that `analyze` hands each document to: its `mentions.csv` rows,
//! its rows of `edges.csv`, `metrics.csv` and `rankings.csv`, and its graph
//! files (`documents/<id>/`) are rendered on the worker that analysed it,
//! appended in input order, and dropped, so that memory stays flat however
//! large the corpus. [`finish`](OutputWriter::finish) then writes
//! what needs the whole corpus: its graph, the corpus rows (first in each
//! table), `entities.csv`, `documents.csv` and the citation files.
//!
//! Every file is written to a staging directory inside the output
//! directory and moved into place only once all are complete, in one
//! step that a signal does not interrupt, so a run that fails
//! or is stopped leaves the previous outputs as they were, never a mix of
//! two runs; what the previous run wrote and this one does not (an image,
//! `mentions.csv`) is removed then.

use std::path::{Path, PathBuf};

use super::csv::{self, ScopeRows, ScopeTables};
use super::{AtomicFile, OutputOptions, Spool, comention, style::Style};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::graph::{CoMentionGraph, Window};
use crate::mention::Mentions;
use crate::metrics::Metrics;
use crate::ranking::rank;
use crate::{Analysis, DocumentView, Sink};

/// A document's rows of `mentions.csv`: in memory, or in a temporary file
/// for a document whose mentions were spilled.
enum MentionRows {
    Bytes(Vec<u8>),
    File(std::io::BufReader<std::fs::File>),
}

impl Default for MentionRows {
    fn default() -> Self {
        MentionRows::Bytes(Vec::new())
    }
}

/// Entities per document kept for the terminal summary's "most central" column.
pub const SUMMARY_TOP: usize = 10;

/// What does not change from one document to the next: where and how the
/// outputs are written.
#[derive(Debug, Clone)]
pub struct Plan {
    dir: PathBuf,
    /// Where every output is written until the run is done.
    staging: PathBuf,
    options: OutputOptions,
    style: Style,
    window: Window,
}

/// One document's outputs, rendered (its graph files already written).
#[derive(Default)]
pub struct Rendered {
    mentions: MentionRows,
    /// Its rows of `citations.csv`, work column empty.
    citations: Vec<u8>,
    rows: ScopeRows,
    files: Vec<PathBuf>,
    central: Vec<(u32, f64)>,
}

/// What a finished run wrote, and what the summary shows of each document.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Every file written, tables first.
    pub files: Vec<PathBuf>,
    /// Per document, in input order: its most central entities by the
    /// ranking metric, as (entity index, value), at most [`SUMMARY_TOP`].
    pub central: Vec<Vec<(u32, f64)>>,
}

/// A whole-run table, rendered from the analysis.
type Table = fn(&Analysis) -> Result<Vec<u8>>;

/// Writes the outputs of `analyze` into one directory, document by document.
pub struct OutputWriter {
    plan: Plan,
    /// Holds every output until [`finish`](OutputWriter::finish) moves
    /// them into place; removed with whatever it holds if the run fails.
    _staging: tempfile::TempDir,
    _cleanup: crate::cleanup::Registered,
    /// The output directory, if this run made it: removed again if the run
    /// fails before writing anything there.
    made: MadeDir,
    /// What was said about earlier runs' staging directories removed.
    cleaned: Vec<Diagnostic>,
    mentions: Option<AtomicFile>,
    tables: ScopeTables,
    /// The documents' rows of `citations.csv` so far
    /// ([`document_rows`](crate::citation::csv::document_rows)).
    citations: Spool,
    /// The documents' graph files, under the staging directory.
    staged: Vec<PathBuf>,
    written: Written,
}

impl OutputWriter {
    /// Starts the outputs in `dir` (created if missing), for graphs built
    /// with `window`.
    pub fn create(dir: &Path, options: &OutputOptions, window: Window) -> Result<OutputWriter> {
        let made = MadeDir::create(dir)?;
        let cleaned = super::staging::remove_stale(dir);
        let staging = super::staging::create(dir)?;
        let mentions = if options.mentions {
            let mut file = AtomicFile::create(&staging.path().join("mentions.csv"))?;
            append(&mut file, &csv::header_row(&csv::MENTION_COLUMNS)?)?;
            Some(file)
        } else {
            None
        };
        Ok(OutputWriter {
            plan: Plan {
                dir: dir.to_path_buf(),
                staging: staging.path().to_path_buf(),
                style: super::comention_style(options),
                options: options.clone(),
                window,
            },
            _cleanup: crate::cleanup::register(staging.path().to_path_buf()),
            tables: ScopeTables::create(staging.path())?,
            citations: Spool::create(staging.path())?,
            _staging: staging,
            made,
            cleaned,
            mentions,
            staged: Vec::new(),
            written: Written::default(),
        })
    }

    /// The staging directories of earlier runs, killed before they
    /// finished, that [`create`](OutputWriter::create) found in the output
    /// directory and removed (or could not remove), as warnings.
    pub fn cleaned(&self) -> &[Diagnostic] {
        &self.cleaned
    }

    /// Writes what needs the whole run (the corpus scope first in every
    /// table, then the documents' rows), then moves every output into the
    /// output directory, all at once.
    pub fn finish(mut self, a: &Analysis) -> Result<Written> {
        let plan = &self.plan;
        if let Some(file) = self.mentions.take() {
            self.written.files.push(file.path().to_path_buf());
            file.commit()?;
        }
        let style = Style {
            color_by: Some("type".into()),
            size_by: None,
            ..plan.style.clone()
        };
        // Three independent pieces of work, at once: the corpus graph's
        // files, the whole-run tables, the citation graphs.
        let citations = self.citations;
        let (corpus, (tables, cited)) = rayon::join(
            || {
                render_scope(
                    plan,
                    &a.gazetteer,
                    ("corpus", ""),
                    &a.graphs[0],
                    &a.metrics[0],
                )
            },
            || {
                rayon::join(
                    || whole_run_tables(plan, a, citations),
                    || super::write_citation_graphs(a, &plan.staging, &style, plan.options.render),
                )
            },
        );
        let (corpus, tables, cited) = (corpus?, tables?, cited?);
        let mut staged = self.written.files;
        staged.extend(tables);
        staged.extend(self.tables.finish(&corpus.rows)?);
        staged.extend(corpus.files);
        staged.extend(self.staged);
        staged.extend(cited);
        if plan.options.csv_bom {
            super::prepend_bom(&staged)?;
        }
        publish(plan, &staged)?;
        self.made.keep();
        // What is left there is the earlier run's outputs, as large as these.
        super::staging::empty(&plan.staging);
        self.written.files = staged
            .iter()
            .filter_map(|p| p.strip_prefix(&plan.staging).ok())
            .map(|p| plan.dir.join(p))
            .collect();
        Ok(self.written)
    }
}

impl Sink for OutputWriter {
    type Plan = Plan;
    type Rendered = Rendered;

    fn plan(&self, _: &Gazetteer) -> Result<Plan> {
        Ok(self.plan.clone())
    }

    /// The document's rows rendered, its graph files written (to the
    /// staging directory) unless the options leave them out.
    fn render(plan: &Plan, gazetteer: &Gazetteer, d: &DocumentView) -> Result<Rendered> {
        let id = &d.info.meta.id;
        let mut one = match d.graph {
            Some((graph, metrics)) => {
                render_scope(plan, gazetteer, (id, &d.info.folder), graph, metrics)?
            }
            None => Rendered::default(),
        };
        if plan.options.mentions {
            one.mentions = match d.mentions {
                Mentions::Held(mentions) => {
                    MentionRows::Bytes(csv::mention_rows(id, mentions, gazetteer)?)
                }
                Mentions::Spilled(spilled) => {
                    let mut rows = Spool::create(&plan.staging)?;
                    csv::write_spilled_mention_rows(
                        id,
                        spilled,
                        gazetteer,
                        &mut rows,
                        &plan.staging,
                    )?;
                    MentionRows::File(rows.read_back()?)
                }
            };
        }
        one.citations = crate::citation::csv::document_rows(d.citations)?;
        Ok(one)
    }

    /// The document's rows appended to the tables.
    fn write(&mut self, one: Rendered) -> Result<()> {
        if let Some(file) = self.mentions.as_mut() {
            match one.mentions {
                MentionRows::Bytes(bytes) => append(file, &bytes)?,
                MentionRows::File(mut rows) => {
                    let path = file.path().to_path_buf();
                    file.append_file(&mut rows)
                        .map_err(|source| Error::Write { path, source })?;
                }
            }
        }
        self.tables.append(&one.rows)?;
        self.citations.append(&one.citations)?;
        self.staged.extend(one.files);
        self.written.central.push(one.central);
        Ok(())
    }
}

/// Writes `entities.csv`, `documents.csv`, `citations.csv` (from the
/// documents' spooled rows) and `works.csv`; returns their paths.
fn whole_run_tables(plan: &Plan, a: &Analysis, citations: Spool) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let tables: [(&str, Table); 3] = [
        ("entities.csv", csv::entities),
        ("documents.csv", csv::documents),
        ("diagnostics.csv", csv::diagnostics),
    ];
    for (name, render) in tables {
        let path = plan.staging.join(name);
        super::write_atomic(&path, &render(a)?)?;
        written.push(path);
    }
    let path = plan.staging.join("citations.csv");
    let rows = citations.read_back()?;
    super::write_atomic_with(&path, |w| {
        crate::citation::csv::citations_from_rows(&a.citations, rows, w, &path)
    })?;
    written.push(path);
    let path = plan.staging.join("works.csv");
    super::write_atomic(&path, &crate::citation::csv::works(&a.citations)?)?;
    written.push(path);
    Ok(written)
}

/// Renders one scope's table rows and writes its graph files (a
/// document's into its `folder` under `documents/`).
fn render_scope(
    plan: &Plan,
    gazetteer: &Gazetteer,
    (name, folder): (&str, &str),
    graph: &CoMentionGraph,
    metrics: &Metrics,
) -> Result<Rendered> {
    let options = &plan.options;
    let g = comention::export_graph(gazetteer, name, plan.window, graph, metrics);
    // One ranking serves rankings.csv (the top `top`) and the summary.
    let ranked = rank(
        graph,
        metrics,
        gazetteer,
        options.rank_by,
        options.top.max(SUMMARY_TOP),
    );
    let top = &ranked[..options.top.min(ranked.len())];
    let rows = ScopeRows::render(name, &g, top, options.rank_by)?;
    let dir = match graph.scope {
        crate::graph::Scope::Corpus => Some(plan.staging.clone()),
        crate::graph::Scope::Document(_) => options
            .document_files
            .then(|| super::document_dir(&plan.staging, folder)),
    };
    let files = match dir {
        Some(dir) => {
            let how = match graph.scope {
                crate::graph::Scope::Corpus => super::Files::Parallel,
                crate::graph::Scope::Document(_) => super::Files::InTurn,
            };
            super::write_graph_files(&dir, &g, &plan.style, options.render, how)?
        }
        None => Vec::new(),
    };
    let central = ranked
        .iter()
        .take(SUMMARY_TOP)
        .map(|r| (graph.graph.raw_nodes()[r.node].weight.entity, r.value))
        .collect();
    Ok(Rendered {
        rows,
        files,
        central,
        ..Rendered::default()
    })
}

/// The files an output directory may hold at its top, besides the
/// folders [`FOLDERS`]: what a run that does not write one of them removes.
const TOP_FILES: [&str; 17] = [
    "mentions.csv",
    "entities.csv",
    "documents.csv",
    "diagnostics.csv",
    "citations.csv",
    "works.csv",
    "edges.csv",
    "metrics.csv",
    "rankings.csv",
    "graph.gexf",
    "graph.graphml",
    "graph.json",
    "gephi-nodes.csv",
    "gephi-edges.csv",
    "graph.dot",
    "graph.svg",
    "graph.png",
];

/// The folders of an output directory, each replaced whole.
const FOLDERS: [&str; 2] = ["documents", "citations"];

/// Moves the staged outputs (`staged`, paths in the staging directory)
/// into the output directory: each folder of [`FOLDERS`] swapped whole,
/// then each file renamed, then what an earlier run left of [`TOP_FILES`]
/// removed. Renames in one file system, with a signal's handler held off
/// until they are done ([`crate::cleanup::critical`]).
fn publish(plan: &Plan, staged: &[PathBuf]) -> Result<()> {
    crate::cleanup::critical(|| {
        for folder in FOLDERS {
            swap_in(
                &plan.staging.join(folder),
                &plan.dir.join(folder),
                // In the staging directory, which is removed with what it holds.
                &plan.staging.join(format!("previous-{folder}")),
                |from, to| std::fs::rename(from, to),
            )?;
        }
        let write = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        let top: Vec<&Path> = staged
            .iter()
            .filter_map(|p| p.strip_prefix(&plan.staging).ok())
            .filter(|p| p.components().count() == 1)
            .collect();
        let aside = plan.staging.join("previous");
        for name in &top {
            let target = plan.dir.join(name);
            keep_aside(&target, &aside.join(name));
            std::fs::rename(plan.staging.join(name), &target).map_err(write(&target))?;
        }
        for name in TOP_FILES {
            if top.iter().all(|p| *p != Path::new(name)) {
                let stale = plan.dir.join(name);
                match std::fs::remove_file(&stale) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(write(&stale)(e));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })
}

/// Gives the file at `target`, about to be replaced, a second name at
/// `aside` in the staging directory, so that the rename over it does not
/// free it (its pages, tens of megabytes for `mentions.csv`, one file at a
/// time) but the staging directory's parallel removal does
/// ([`super::staging::empty`]). The rename stays atomic. Where hard links
/// cannot be made, or there is no such file, nothing is done and the rename
/// frees it as before.
fn keep_aside(target: &Path, aside: &Path) {
    if let Some(dir) = aside.parent()
        && std::fs::create_dir_all(dir).is_ok()
    {
        let _ = std::fs::hard_link(target, aside);
    }
}

/// An output directory that a run may have made: if it did, and the run
/// fails, it is removed again when empty, so that a failed run leaves no
/// trace.
struct MadeDir(Option<PathBuf>);

impl MadeDir {
    fn create(dir: &Path) -> Result<MadeDir> {
        let made = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| Error::Write {
            path: dir.to_path_buf(),
            source: e,
        })?;
        Ok(MadeDir(made.then(|| dir.to_path_buf())))
    }

    /// The run succeeded: the directory stays.
    fn keep(&mut self) {
        self.0 = None;
    }
}

impl Drop for MadeDir {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Moves `staged` (if it exists) to `target`, first moving what is at
/// `target` aside to `aside`; if `staged` cannot be moved, what was at
/// `target` is moved back rather than lost. `rename` does the moves (a
/// parameter so that a test can make one fail).
fn swap_in(
    staged: &Path,
    target: &Path,
    aside: &Path,
    rename: impl Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<()> {
    let err = |source| Error::Write {
        path: target.to_path_buf(),
        source,
    };
    let moved = target.exists();
    if moved {
        rename(target, aside).map_err(err)?;
    }
    if !staged.exists() {
        return Ok(());
    }
    rename(staged, target).map_err(|e| {
        if moved {
            let _ = rename(aside, target);
        }
        err(e)
    })
}

/// Appends bytes to a file being written.
fn append(file: &mut AtomicFile, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let path = file.path().to_path_buf();
    file.write_all(bytes)
        .map_err(|source| Error::Write { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dir/name/file` holding `text`.
    fn put(dir: &Path, name: &str, text: &str) {
        std::fs::create_dir_all(dir.join(name)).expect("dir");
        std::fs::write(dir.join(name).join("graph.json"), text).expect("write");
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(name).join("graph.json")).ok()
    }

    #[test]
    fn a_file_kept_aside_survives_the_rename_over_it() {
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        let (target, new, aside) = (d.join("m.csv"), d.join("new.csv"), d.join("p/m.csv"));
        std::fs::write(&target, "last run").expect("write");
        std::fs::write(&new, "this run").expect("write");
        keep_aside(&target, &aside);
        std::fs::rename(&new, &target).expect("rename");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "this run");
        assert_eq!(std::fs::read_to_string(&aside).expect("read"), "last run");
        // Nothing to keep: nothing is made.
        keep_aside(&d.join("missing.csv"), &d.join("p/missing.csv"));
        assert!(!d.join("p/missing.csv").exists());
    }

    #[test]
    fn documents_that_cannot_be_published_leave_the_earlier_ones_in_place() {
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        let (staged, target, aside) = (d.join("new"), d.join("documents"), d.join("aside"));
        put(d, "new", "this run");
        put(d, "documents", "last run");
        // The move of the staged documents fails (a full disk, say).
        let failing = |from: &Path, to: &Path| {
            if from == staged {
                Err(std::io::Error::other("no space left"))
            } else {
                std::fs::rename(from, to)
            }
        };
        let e = swap_in(&staged, &target, &aside, failing).expect_err("fails");
        assert!(
            matches!(e, Error::Write { ref path, .. } if *path == target),
            "{e}"
        );
        assert_eq!(read(d, "documents").as_deref(), Some("last run"));
        assert_eq!(read(d, "new").as_deref(), Some("this run"));
        assert!(!aside.exists());
        // Then it succeeds: the new documents replace the old, set aside.
        swap_in(&staged, &target, &aside, |a, b| std::fs::rename(a, b)).expect("moved");
        assert_eq!(read(d, "documents").as_deref(), Some("this run"));
        assert_eq!(read(d, "aside").as_deref(), Some("last run"));
        assert!(!staged.exists());
        // Nothing staged: the old documents are only set aside.
        std::fs::remove_dir_all(&aside).expect("rm");
        swap_in(&staged, &target, &aside, |a, b| std::fs::rename(a, b)).expect("moved");
        assert!(!target.exists());
        assert_eq!(read(d, "aside").as_deref(), Some("this run"));
    }
}
