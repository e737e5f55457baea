//! namegraph finds every mention of the people, parties, places and works of a
//! curated gazetteer in a corpus of historical texts, and traces each one to
//! its file and byte offsets.
//!
//! The pipeline, in the order [`analyze`] runs it:
//!
//! 1. [`gazetteer`]: load and check the entities and their aliases;
//! 2. [`scanner`]: compile every alias into one Aho-Corasick automaton;
//! 3. [`corpus`]: find the documents (the embedded founding corpus by default);
//! 4. [`document`]: for each document, in parallel: read, decode, normalise,
//!    segment and scan it, keep its [`Mention`]s and release its text;
//! 5. [`graph`]: build the co-mention graphs, one for the corpus and one per
//!    document;
//! 6. [`metrics`]: centralities and communities of every graph; [`ranking`]
//!    orders them;
//! 7. [`citation`]: each document's endnote references (or its mentions of
//!    works), resolved and merged into the citation and co-citation graphs;
//! 8. [`export`]: write the tables and graph files (the library's only writer).
//!
//! ```
//! let analysis = namegraph::analyze(&namegraph::Config::default()).unwrap();
//! assert_eq!(analysis.documents.len(), 5);
//! let trotsky = analysis.gazetteer.index_of("leon_trotsky").unwrap() as u32;
//! assert!(analysis.mentions.iter().filter(|m| m.entity == trotsky).count() > 1000);
//! ```

pub mod config;
pub mod diagnostic;
pub mod error;

pub mod corpus;
pub mod document;
pub mod gazetteer;
pub mod mention;
pub mod scanner;

pub mod graph;
pub mod metrics;
pub mod ranking;

pub mod citation;

pub mod export;
pub mod kwic;

use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use config::Config;
pub use diagnostic::{Diagnostic, Level};
pub use document::DocumentInfo;
pub use error::{Error, Result};
pub use gazetteer::{Entity, EntityType, Gazetteer};
pub use mention::Mention;

/// Everything one run found.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub gazetteer: gazetteer::Gazetteer,
    /// The documents scanned, in input order (skipped files are not here).
    pub documents: Vec<DocumentInfo>,
    /// All mentions, by document and then position; empty when the run was
    /// asked not to keep them ([`Config::keep_mentions`]).
    pub mentions: Vec<Mention>,
    /// Per document: (entity, mentions) for every entity it mentions, by entity.
    pub document_entities: Vec<Vec<(u32, u64)>>,
    /// How the co-mention graphs were built.
    pub graph_options: graph::GraphOptions,
    /// The co-mention graphs: the corpus first, then one per document (only
    /// the corpus when the run was asked not to keep them,
    /// [`Config::keep_graphs`]).
    pub graphs: Vec<graph::CoMentionGraph>,
    /// The metrics of each graph, in the same order.
    pub metrics: Vec<metrics::Metrics>,
    /// Citations: references, works, authors and their graphs.
    pub citations: citation::CitationAnalysis,
    /// Files skipped or decoded with a fallback, ambiguous aliases resolved,
    /// citation problems (a lost chapter heading, an unresolved Ibid.).
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// One document's results as a run hands them on: its facts, mentions (in
/// text order), co-mention graph and the graph's metrics.
#[derive(Debug, Clone, Copy)]
pub struct DocumentView<'a> {
    /// The document's index in [`Analysis::documents`].
    pub index: u32,
    pub info: &'a DocumentInfo,
    pub mentions: &'a [Mention],
    pub graph: &'a graph::CoMentionGraph,
    pub metrics: &'a metrics::Metrics,
}

/// What receives the documents of a run, a batch at a time and in input
/// order, as soon as they are analysed: the CLI writes their rows and graph
/// files ([`export::OutputWriter`]) so that nothing per document needs to be
/// kept (see [`Config::keep_mentions`] and [`Config::keep_graphs`]).
pub trait Sink: Send {
    /// Takes one batch of documents, in input order.
    fn documents(&mut self, gazetteer: &Gazetteer, batch: &[DocumentView]) -> Result<()>;
}

/// Keeps nothing: for runs whose results are all in the [`Analysis`].
impl Sink for () {
    fn documents(&mut self, _: &Gazetteer, _: &[DocumentView]) -> Result<()> {
        Ok(())
    }
}

/// Documents are analysed in parallel in batches of about this many bytes,
/// and handed on in input order; only one batch is in memory at a time.
const BATCH_BYTES: u64 = 4 << 20;

/// Runs the pipeline with no progress reporting.
pub fn analyze(config: &Config) -> Result<Analysis> {
    analyze_with_progress(config, &|_| {})
}

/// Runs the pipeline; `progress` is called with the size in bytes of each
/// document when it has been scanned.
pub fn analyze_with_progress(config: &Config, progress: &(dyn Fn(u64) + Sync)) -> Result<Analysis> {
    analyze_into(config, progress, &mut ())
}

/// One document scanned, counted and measured by a worker.
struct Analysed {
    doc: document::ScannedDocument,
    counts: graph::Counts,
    graph: graph::CoMentionGraph,
    metrics: metrics::Metrics,
}

/// Runs the pipeline and hands each batch of documents to `sink`, in input
/// order, as soon as it is analysed (e.g. to write each document's outputs
/// and keep nothing of it; see [`Config::keep_mentions`]).
pub fn analyze_into(
    config: &Config,
    progress: &(dyn Fn(u64) + Sync),
    sink: &mut dyn Sink,
) -> Result<Analysis> {
    let started = Instant::now();
    let gazetteer = gazetteer::load(&config.gazetteers)?;
    let matcher = scanner::Matcher::new(&gazetteer, config.ignore_case)?;
    let sources = if config.inputs.is_empty() {
        corpus::embedded()?
    } else {
        corpus::discover(&config.inputs, &config.glob)?
    };
    let mut analysis = Analysis {
        gazetteer,
        documents: Vec::new(),
        mentions: Vec::new(),
        document_entities: Vec::new(),
        graph_options: config.graph.clone(),
        graphs: Vec::new(),
        metrics: Vec::new(),
        citations: citation::CitationAnalysis::default(),
        diagnostics: Vec::new(),
        elapsed: Duration::ZERO,
    };
    let mut citations = Vec::new();
    let mut corpus = graph::Counts::default();
    in_pool(config.threads, || -> Result<()> {
        // Each file's size is read once: for the batches and for progress.
        let sized: Vec<(&corpus::DocumentSource, u64)> =
            sources.iter().map(|s| (s, s.len())).collect();
        for batch in batches(&sized) {
            type Outcome = Result<std::result::Result<Analysed, Diagnostic>>;
            let outcomes: Vec<Outcome> = batch
                .par_iter()
                .map(|&(source, bytes)| {
                    let outcome = analyse_one(source, &matcher, &analysis.gazetteer, config);
                    progress(bytes);
                    outcome
                })
                .collect();
            let mut done = Vec::new();
            for outcome in outcomes {
                match outcome? {
                    Err(skipped) => analysis.diagnostics.push(skipped),
                    Ok(mut one) => {
                        let index = (analysis.documents.len() + done.len()) as u32;
                        one.doc.mentions.iter_mut().for_each(|m| m.document = index);
                        one.graph.scope = graph::Scope::Document(index);
                        done.push(one);
                    }
                }
            }
            let views: Vec<DocumentView> = done
                .iter()
                .enumerate()
                .map(|(i, one)| DocumentView {
                    index: (analysis.documents.len() + i) as u32,
                    info: &one.doc.info,
                    mentions: &one.doc.mentions,
                    graph: &one.graph,
                    metrics: &one.metrics,
                })
                .collect();
            sink.documents(&analysis.gazetteer, &views)?;
            drop(views);
            for one in done {
                keep(&mut analysis, &mut corpus, &mut citations, one, config);
            }
        }
        Ok(())
    })??;
    if analysis.documents.is_empty() {
        return Err(Error::EmptyCorpus(format!(
            "all {} file(s) were skipped:\n{}",
            sources.len(),
            analysis
                .diagnostics
                .iter()
                .map(|d| format!("  {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    analysis.citations = citation::build(&citations, &analysis.gazetteer);
    analysis
        .diagnostics
        .extend(analysis.citations.diagnostics.iter().cloned());
    let corpus = graph::build_scope(
        &analysis.gazetteer,
        &corpus,
        graph::Scope::Corpus,
        &config.graph,
    );
    let corpus_metrics = in_pool(config.threads, || metrics::compute(&corpus.weights()))?;
    analysis.graphs.insert(0, corpus);
    analysis.metrics.insert(0, corpus_metrics);
    analysis.elapsed = started.elapsed();
    Ok(analysis)
}

/// Scans one document and builds its graph and metrics; `Err(diagnostic)`
/// inside when the file is skipped.
fn analyse_one(
    source: &corpus::DocumentSource,
    matcher: &scanner::Matcher,
    gazetteer: &Gazetteer,
    config: &Config,
) -> Result<std::result::Result<Analysed, Diagnostic>> {
    let doc = match document::scan(source, matcher, gazetteer)? {
        document::Outcome::Skipped(diagnostic) => return Ok(Err(diagnostic)),
        document::Outcome::Scanned(doc) => *doc,
    };
    let counts = graph::count_document(&doc.mentions, &doc.info, gazetteer, &config.graph);
    // The index is known once the batch's skipped files are counted.
    let graph = graph::build_scope(gazetteer, &counts, graph::Scope::Document(0), &config.graph);
    let metrics = metrics::compute(&graph.weights());
    Ok(Ok(Analysed {
        doc,
        counts,
        graph,
        metrics,
    }))
}

/// What the run keeps of a document once the sink has had it: its facts,
/// per-entity counts, citations and diagnostics, its counts added to the
/// corpus; its mentions and graph only when the config asks for them.
fn keep(
    analysis: &mut Analysis,
    corpus: &mut graph::Counts,
    citations: &mut Vec<citation::DocumentCitations>,
    one: Analysed,
    config: &Config,
) {
    let Analysed {
        mut doc,
        counts,
        graph,
        metrics,
    } = one;
    corpus.add(&counts);
    analysis
        .document_entities
        .push(entity_mentions(&doc.mentions));
    if config.keep_mentions {
        analysis.mentions.append(&mut doc.mentions);
    }
    if config.keep_graphs {
        analysis.graphs.push(graph);
        analysis.metrics.push(metrics);
    }
    analysis.diagnostics.append(&mut doc.diagnostics);
    analysis.documents.push(doc.info);
    citations.push(doc.citations);
}

/// Consecutive runs of documents of about [`BATCH_BYTES`] together.
fn batches<T>(sources: &[(T, u64)]) -> Vec<&[(T, u64)]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, &(_, size)) in sources.iter().enumerate() {
        bytes += size;
        if bytes >= BATCH_BYTES {
            out.push(&sources[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < sources.len() {
        out.push(&sources[start..]);
    }
    out
}

/// (entity, mentions) of one document's mentions, by entity.
fn entity_mentions(mentions: &[Mention]) -> Vec<(u32, u64)> {
    let mut counts = std::collections::BTreeMap::new();
    for m in mentions {
        *counts.entry(m.entity).or_insert(0u64) += 1;
    }
    counts.into_iter().collect()
}

/// Runs `f` on a pool of `threads` workers, or on the global pool.
fn in_pool<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T> {
    match threads {
        None => Ok(f()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| Error::Threads {
                threads: n,
                message: e.to_string(),
            }),
    }
}

impl Analysis {
    /// Mentions and distinct documents per entity, indexed like the gazetteer.
    pub fn entity_counts(&self) -> Vec<(u64, u32)> {
        let mut counts = vec![(0u64, 0u32); self.gazetteer.len()];
        for document in &self.document_entities {
            for &(e, n) in document {
                counts[e as usize].0 += n;
                counts[e as usize].1 += 1;
            }
        }
        counts
    }

    /// The `k` most mentioned entities of a document, most first (ties by id).
    pub fn top_entities(&self, document: u32, k: usize) -> Vec<(usize, u64)> {
        let mut ranked: Vec<(usize, u64)> = self.document_entities[document as usize]
            .iter()
            .map(|&(e, n)| (e as usize, n))
            .collect();
        ranked.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| self.gazetteer.get(a.0).id.cmp(&self.gazetteer.get(b.0).id))
        });
        ranked.truncate(k);
        ranked
    }
}
