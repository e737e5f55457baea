//! `namegraph rank`: the most central entities, printed, without writing files.

use std::io::Write;
use std::process::ExitCode;

use namegraph::ranking::{Metric, rank};

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
    config.graph = args.graph.options();
    let a = namegraph::analyze(&config)?;
    let scope = match &args.document {
        None => 0,
        Some(id) => {
            let known: Vec<&str> = a.documents.iter().map(|d| d.meta.id.as_str()).collect();
            1 + known.iter().position(|d| d == id).ok_or_else(|| {
                anyhow::anyhow!(
                    "no document {id:?}; the documents are: {}",
                    known.join(", ")
                )
            })?
        }
    };
    let graph = &a.graphs[scope];
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:>4}  {:<36} {:<13} {:>14}",
        "rank",
        "entity",
        "type",
        args.by.as_str()
    )?;
    for (i, r) in rank(graph, &a.metrics[scope], &a.gazetteer, args.by, args.top)
        .iter()
        .enumerate()
    {
        let e = a
            .gazetteer
            .get(graph.graph.raw_nodes()[r.node].weight.entity as usize);
        writeln!(
            out,
            "{:>4}  {:<36} {:<13} {:>14}",
            i + 1,
            e.label,
            e.kind.as_str(),
            crate::cli::report::number(r.value)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
