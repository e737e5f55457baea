//! `namegraph rank`: the most central entities, printed, without writing files.

use std::io::Write;
use std::process::ExitCode;

use namegraph::config::DocumentGraphs;
use namegraph::graph::CoMentionGraph;
use namegraph::metrics::Metrics;
use namegraph::ranking::{Metric, rank};
use namegraph::{DocumentView, Gazetteer, Sink};

use crate::cli::args::{CorpusArgs, GraphArgs};

/// Print the most central entities of the corpus (or of one document) by a
/// metric, as `analyze` ranks them in rankings.csv, without writing files.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    #[command(flatten)]
    pub graph: GraphArgs,

    /// The metric: mentions, degree, strength, betweenness, closeness,
    /// betweenness_w, closeness_w, eigenvector or pagerank.
    #[arg(long, default_value = "pagerank", value_name = "METRIC")]
    pub by: Metric,

    /// How many entities.
    #[arg(long, default_value_t = 10, value_name = "K")]
    pub top: usize,

    /// Rank within this document (its id) instead of the whole corpus.
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = args.corpus.config();
    config.keep_mentions = false;
    config.keep_references = false;
    config.keep_graphs = false;
    // Rankings need no document's entity counts.
    config.entity_counts_kept = 0;
    config.graph = args.graph.options();
    // Only the corpus graph is ranked, or the one document's, which alone
    // is built and which the sink ranks as it goes by.
    config.document_graphs = match &args.document {
        None => DocumentGraphs::None,
        Some(id) => DocumentGraphs::Only(id.clone()),
    };
    let mut sink = OneDocument {
        plan: (args.by, args.top),
        ranked: None,
    };
    let a = namegraph::analyze_into(&config, &|_| {}, &mut sink)?;
    // Files skipped or decoded with a fallback, as analyze reports them.
    crate::cli::report::diagnostics(&a.diagnostics, false);
    let rows = match &args.document {
        None => ranked_rows(&a.gazetteer, &a.graphs[0], &a.metrics[0], args.by, args.top),
        Some(id) => sink
            .ranked
            .ok_or_else(|| unknown_document(id, &a.documents))?,
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:>4}  {:<36} {:<13} {:>14}",
        "rank",
        "entity",
        "type",
        args.by.as_str()
    )?;
    for (i, (label, kind, value)) in rows.iter().enumerate() {
        writeln!(
            out,
            "{:>4}  {:<36} {:<13} {:>14}",
            i + 1,
            label,
            kind,
            crate::cli::report::number(*value)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The error for a document id that is not in the corpus: the ids there
/// are, the first ten of them if there are more.
fn unknown_document(id: &str, documents: &[namegraph::DocumentInfo]) -> anyhow::Error {
    const SHOWN: usize = 10;
    let known: Vec<&str> = documents
        .iter()
        .take(SHOWN)
        .map(|d| d.meta.id.as_str())
        .collect();
    let more = match documents.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more (documents.csv lists them all)"),
    };
    anyhow::anyhow!(
        "no document {id:?}; the documents are: {}{more}",
        known.join(", ")
    )
}

/// A ranking as printed: label, type and value of each entity.
type Rows = Vec<(String, &'static str, f64)>;

/// The `top` entities of one scope by `by`.
fn ranked_rows(
    gazetteer: &Gazetteer,
    graph: &CoMentionGraph,
    metrics: &Metrics,
    by: Metric,
    top: usize,
) -> Rows {
    rank(graph, metrics, gazetteer, by, top)
        .iter()
        .map(|r| {
            let e = gazetteer.get(graph.graph.raw_nodes()[r.node].weight.entity as usize);
            (e.label.clone(), e.kind.as_str(), r.value)
        })
        .collect()
}

/// Ranks the one document that has a graph of its own
/// ([`DocumentGraphs::Only`]) when it is analysed.
struct OneDocument {
    /// The metric, and how many entities.
    plan: (Metric, usize),
    ranked: Option<Rows>,
}

impl Sink for OneDocument {
    type Plan = (Metric, usize);
    type Rendered = Option<Rows>;

    fn plan(&self, _: &Gazetteer) -> namegraph::Result<Self::Plan> {
        Ok(self.plan)
    }

    fn render(
        &(by, top): &Self::Plan,
        gazetteer: &Gazetteer,
        doc: &DocumentView,
    ) -> namegraph::Result<Option<Rows>> {
        Ok(doc
            .graph
            .map(|(graph, metrics)| ranked_rows(gazetteer, graph, metrics, by, top)))
    }

    fn write(&mut self, rendered: Option<Rows>) -> namegraph::Result<()> {
        // Document ids are unique; the first keeps it if not.
        if self.ranked.is_none() {
            self.ranked = rendered;
        }
        Ok(())
    }
}
