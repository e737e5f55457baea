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
//!    segment and scan it, find its [`Mention`]s and release its text (a
//!    file too large to hold is read a few chunks at a time, its mentions
//!    spilled to a temporary file);
//! 5. [`graph`]: build its co-mention graph (if
//!    [`Config::document_graphs`] includes it), and add its counts to the
//!    corpus graph's;
//! 6. [`metrics`]: centralities and communities of its graph; [`ranking`]
//!    orders them;
//! 7. [`sink`]: hand the document to a [`Sink`] in input order (the CLI's
//!    writes its outputs at once), keeping only what the corpus needs; then
//!    the corpus graph and its metrics;
//! 8. [`citation`]: each document's endnote references (or its mentions of
//!    works), resolved and merged into the citation and co-citation graphs;
//! 9. [`export`]: write the tables and graph files (the library's only writer).
//!
//! ```
//! let analysis = namegraph::analyze(&namegraph::Config::default()).unwrap();
//! assert_eq!(analysis.documents.len(), 5);
//! let trotsky = analysis.gazetteer.index_of("leon_trotsky").unwrap() as u32;
//! assert!(analysis.mentions.iter().filter(|m| m.entity == trotsky).count() > 1000);
//! ```

pub mod cleanup;
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

pub mod sink;

pub mod export;
pub mod kwic;

mod ordered;

use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostic::{Diagnostic, Level};
pub use document::DocumentInfo;
pub use error::{Error, Result};
pub use gazetteer::{Entity, EntityType, Gazetteer};
pub use mention::Mention;
pub use sink::{DocumentView, Sink};

/// Everything one run found.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub gazetteer: gazetteer::Gazetteer,
    /// The documents scanned, in input order (skipped files are not here).
    pub documents: Vec<DocumentInfo>,
    /// All mentions, by document and then position; empty when the run was
    /// asked not to keep them ([`Config::keep_mentions`]).
    pub mentions: Vec<Mention>,
    /// Per document: (entity, mentions) for every entity it mentions, by
    /// entity; empty for the documents after the first
    /// [`Config::entity_counts_kept`].
    pub document_entities: Vec<Vec<(u32, u64)>>,
    /// Per entity, indexed like the gazetteer: its mentions and the number
    /// of documents that mention it, in the whole corpus.
    pub entity_totals: Vec<(u64, u32)>,
    /// How the co-mention graphs were built.
    pub graph_options: graph::GraphOptions,
    /// The co-mention graphs: the corpus first, then one per document that
    /// has one (all of them, unless the run was asked not to keep them,
    /// [`Config::keep_graphs`], or not to build them all,
    /// [`Config::document_graphs`]).
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

/// What may be in flight at once (being analysed, or done and waiting for
/// the documents before them): enough to keep every core busy whatever the
/// mix of sizes, little enough that memory does not grow with the corpus.
/// Documents per worker thread, and bytes of input in all. (Eight per
/// thread held 3.6 MB more at the peak of `--per-document tables` over the
/// 91 MB benchmark corpus at two threads, 31.8 against 28.2 MB, and were
/// no faster.)
const IN_FLIGHT_PER_THREAD: usize = 4;
const IN_FLIGHT_BYTES: u64 = 32 << 20;

/// Runs the pipeline with no progress reporting.
pub fn analyze(config: &Config) -> Result<Analysis> {
    analyze_with_progress(config, &|_| {})
}

/// Runs the pipeline; `progress` is called with the size in bytes of each
/// document when it has been scanned (a streamed file's a chunk at a time
/// as well), adding up to the corpus's size.
pub fn analyze_with_progress(config: &Config, progress: &(dyn Fn(u64) + Sync)) -> Result<Analysis> {
    analyze_into(config, progress, &mut ())
}

/// One document scanned, counted and measured by a worker.
struct Analysed {
    doc: document::ScannedDocument,
    counts: graph::Counts,
    /// Its own graph and metrics, if the run builds it
    /// ([`Config::document_graphs`]).
    graph: Option<(graph::CoMentionGraph, metrics::Metrics)>,
}

impl Analysed {
    /// The view of it a sink gets; `source` is where it was read from, by
    /// `matcher`.
    fn view<'a>(
        &'a self,
        source: &'a corpus::DocumentSource,
        matcher: &'a scanner::Matcher,
    ) -> DocumentView<'a> {
        DocumentView {
            info: &self.doc.info,
            mentions: self.doc.mentions(),
            citations: &self.doc.citations,
            graph: self.graph.as_ref().map(|(g, m)| (g, m)),
            source: Some(source),
            streamed: self.doc.streamed.map(|probe| (probe, matcher)),
        }
    }

    /// What the run keeps of it once the sink has rendered it: released
    /// on the worker, not held while the documents before it finish.
    fn done(self, config: &Config) -> Done {
        let Analysed {
            mut doc,
            counts,
            graph,
        } = self;
        if !config.keep_mentions {
            doc.mentions = Vec::new();
            doc.spilled = None;
        }
        if !config.keep_references {
            doc.citations.release_references();
        } else if !config.keep_mentions {
            doc.citations.compact();
        }
        Done {
            doc,
            counts,
            graph: graph.filter(|_| config.keep_graphs),
        }
    }
}

/// An analysed document, rendered, with only what the run keeps of it.
struct Done {
    doc: document::ScannedDocument,
    counts: graph::Counts,
    graph: Option<(graph::CoMentionGraph, metrics::Metrics)>,
}

/// Runs the pipeline and hands each document to `sink` as soon as it is
/// analysed (e.g. to write its outputs and keep nothing of it; see
/// [`Config::keep_mentions`] and [`Config::keep_graphs`]). Documents are
/// analysed in parallel and handed on in input order.
pub fn analyze_into<S: Sink>(
    config: &Config,
    progress: &(dyn Fn(u64) + Sync),
    sink: &mut S,
) -> Result<Analysis> {
    let started = Instant::now();
    let gazetteer = gazetteer::load(&config.gazetteers)?;
    let matcher = scanner::Matcher::new(&gazetteer, config.ignore_case)?;
    let corpus::Found {
        sources,
        skipped,
        unmatched,
    } = if config.inputs.is_empty() {
        corpus::Found {
            sources: corpus::embedded()?,
            ..Default::default()
        }
    } else {
        corpus::discover(&config.inputs, &config.glob, &config.exclude)?
    };
    let pool = thread_pool(config.threads)?;
    let plan = sink.plan(&gazetteer)?;
    let mut kept = Kept::new(&gazetteer, config.entity_counts_kept);
    let found = sources.len() + skipped.len();
    kept.diagnostics = skipped;
    kept.diagnostics.extend(unmatched);
    // Each file's size is read once: for the window and for progress.
    let sized: Vec<(&corpus::DocumentSource, u64)> = sources.iter().map(|s| (s, s.len())).collect();
    let work = |&(source, bytes): &(&corpus::DocumentSource, u64)| -> Result<_> {
        // A streamed file reports its bytes as its chunks are scanned.
        let reported = std::cell::Cell::new(0);
        let part = |n: u64| {
            reported.set(reported.get() + n);
            progress(n);
        };
        let one = analyse_one(source, &matcher, &gazetteer, config, &part);
        progress(bytes.saturating_sub(reported.get()));
        Ok(match one? {
            Ok(one) => Ok((
                S::render(&plan, &gazetteer, &one.view(source, &matcher))?,
                one.done(config),
            )),
            Err(skipped) => Err(skipped),
        })
    };
    let window = ordered::Window {
        items: IN_FLIGHT_PER_THREAD * pool.current_num_threads(),
        weight: IN_FLIGHT_BYTES,
    };
    // A streamed file holds a few chunks, not its size.
    let held = if config.keep_mentions {
        u64::MAX
    } else {
        config.stream_above
    };
    let weight = |&(_, bytes): &(&corpus::DocumentSource, u64)| bytes.min(held);
    ordered::for_each_ordered(&pool, &sized, window, weight, work, |outcome| {
        match outcome? {
            Err(skipped) => kept.diagnostics.push(skipped),
            Ok((rendered, mut one)) => {
                let index = kept.documents.len() as u32;
                one.doc.mentions.iter_mut().for_each(|m| m.document = index);
                if let Some((graph, _)) = one.graph.as_mut() {
                    graph.scope = graph::Scope::Document(index);
                }
                sink.write(rendered)?;
                kept.keep(one);
            }
        }
        Ok(())
    })?;
    if kept.documents.is_empty() {
        return Err(Error::all_skipped(found, &kept.diagnostics));
    }
    let Kept {
        documents,
        mentions,
        document_entities,
        entity_totals,
        mut graphs,
        mut metrics,
        citations,
        mut diagnostics,
        corpus,
        ..
    } = kept;
    let citations = citations.finish();
    diagnostics.extend(citations.diagnostics.iter().cloned());
    let corpus = graph::build_scope(&gazetteer, &corpus, graph::Scope::Corpus, &config.graph);
    let corpus_metrics = pool.install(|| metrics::compute(&corpus.weights()));
    if !corpus_metrics.eigenvector_converged {
        diagnostics.push(metrics::not_converged("the corpus graph"));
    }
    graphs.insert(0, corpus);
    metrics.insert(0, corpus_metrics);
    Ok(Analysis {
        gazetteer,
        documents,
        mentions,
        document_entities,
        entity_totals,
        graph_options: config.graph.clone(),
        graphs,
        metrics,
        citations,
        diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Scans one document and builds its graph and metrics; `Err(diagnostic)`
/// inside when the file is skipped.
fn analyse_one(
    source: &corpus::DocumentSource,
    matcher: &scanner::Matcher,
    gazetteer: &Gazetteer,
    config: &Config,
    progress: &dyn Fn(u64),
) -> Result<std::result::Result<Analysed, Diagnostic>> {
    // A large file is streamed when its mentions need not all be kept.
    let stream = (!config.keep_mentions).then_some(config.stream_above);
    let mut doc = match document::scan(source, matcher, gazetteer, stream, progress)? {
        document::Outcome::Skipped(diagnostic) => return Ok(Err(diagnostic)),
        document::Outcome::Scanned(doc) => *doc,
    };
    let mut counter = graph::Counter::new(gazetteer, &config.graph);
    doc.mentions().for_each(|m| {
        counter.push(m);
        Ok(())
    })?;
    let counts = counter.finish(&doc.info);
    let graph = config.document_graphs.includes(&doc.info.meta.id).then(|| {
        // The index is known once the files before it are known to be usable.
        let graph =
            graph::build_scope(gazetteer, &counts, graph::Scope::Document(0), &config.graph);
        let metrics = metrics::compute(&graph.weights());
        (graph, metrics)
    });
    if let Some((_, m)) = &graph
        && !m.eigenvector_converged
    {
        doc.diagnostics.push(metrics::not_converged(&doc.info.path));
    }
    Ok(Ok(Analysed { doc, counts, graph }))
}

/// What a run keeps of its documents once the sink has had them.
struct Kept<'g> {
    documents: Vec<DocumentInfo>,
    mentions: Vec<Mention>,
    document_entities: Vec<Vec<(u32, u64)>>,
    /// How many documents' entity counts to keep.
    entity_counts_kept: usize,
    entity_totals: Vec<(u64, u32)>,
    graphs: Vec<graph::CoMentionGraph>,
    metrics: Vec<metrics::Metrics>,
    /// The documents' citations, merged as they come.
    citations: citation::Merger<'g>,
    diagnostics: Vec<Diagnostic>,
    /// The documents' counts added up: the corpus graph's.
    corpus: graph::Counts,
}

impl<'g> Kept<'g> {
    fn new(gazetteer: &'g Gazetteer, entity_counts_kept: usize) -> Self {
        Kept {
            documents: Vec::new(),
            mentions: Vec::new(),
            document_entities: Vec::new(),
            entity_counts_kept,
            entity_totals: vec![(0, 0); gazetteer.len()],
            graphs: Vec::new(),
            metrics: Vec::new(),
            citations: citation::Merger::new(gazetteer),
            diagnostics: Vec::new(),
            corpus: graph::Counts::default(),
        }
    }

    /// Keeps a document's facts, per-entity counts, citations and
    /// diagnostics, adds its counts to the corpus, and keeps its mentions
    /// and graph when the run kept them ([`Analysed::done`]).
    fn keep(&mut self, one: Done) {
        let Done {
            mut doc,
            counts,
            graph,
        } = one;
        self.corpus.add(&counts);
        for &(e, n) in &doc.entities {
            let total = &mut self.entity_totals[e as usize];
            total.0 += n;
            total.1 += 1;
        }
        let entities = std::mem::take(&mut doc.entities);
        let keep = self.document_entities.len() < self.entity_counts_kept;
        self.document_entities
            .push(if keep { entities } else { Vec::new() });
        self.mentions.append(&mut doc.mentions);
        if let Some((graph, metrics)) = graph {
            self.graphs.push(graph);
            self.metrics.push(metrics);
        }
        self.diagnostics.append(&mut doc.diagnostics);
        self.documents.push(doc.info);
        self.citations.add(doc.citations);
    }
}

/// A pool of `threads` workers (one per core when `None`), the run's own,
/// so that the calling thread is never one of its workers.
fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let n = threads.unwrap_or(0);
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::Threads {
            threads: n,
            message: e.to_string(),
        })
}

impl Analysis {
    /// Each document's mentions, in document order (all empty when the run
    /// did not keep them, [`Config::keep_mentions`]).
    pub fn mentions_by_document(&self) -> Vec<&[Mention]> {
        let mut rest = &self.mentions[..];
        (0..self.documents.len() as u32)
            .map(|index| {
                let (mine, tail) = rest.split_at(rest.partition_point(|m| m.document == index));
                rest = tail;
                mine
            })
            .collect()
    }

    /// Mentions and distinct documents per entity, indexed like the
    /// gazetteer ([`Analysis::entity_totals`]).
    pub fn entity_counts(&self) -> &[(u64, u32)] {
        &self.entity_totals
    }

    /// The `k` most mentioned entities of a document, most first (ties by
    /// id); none for a document whose counts were not kept
    /// ([`Config::entity_counts_kept`]).
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
