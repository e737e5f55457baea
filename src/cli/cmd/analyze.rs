//! `namegraph analyze`: the main job.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use namegraph::config::DocumentGraphs;
use namegraph::export::OutputOptions;
use namegraph::export::OutputWriter;
use namegraph::ranking::Metric;

use crate::cli::args::{CorpusArgs, GraphArgs};
use crate::cli::cmd::render::{EngineArg, FormatArg};
use crate::cli::report;

/// Find every mention in the corpus, build the co-mention graphs with their
/// metrics, and write the tables and graph files into the output directory.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    #[command(flatten)]
    pub graph: GraphArgs,

    /// Directory for the output files (created if missing).
    #[arg(long, short = 'o', default_value = "out", value_name = "DIR")]
    pub out: PathBuf,

    /// Entities per scope in rankings.csv and the summary.
    #[arg(long, default_value_t = 10, value_name = "K")]
    pub top: usize,

    /// The ranking metric (also node size in GEXF and DOT): mentions, degree,
    /// strength, betweenness, closeness, betweenness_w, closeness_w,
    /// eigenvector or pagerank.
    #[arg(long, default_value = "pagerank", value_name = "METRIC")]
    pub rank_by: Metric,

    /// Nodes kept in the DOT files (the best ranked); other formats keep all.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub dot_top: usize,

    /// Also draw every graph.dot with Graphviz (which must be installed).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<FormatArg>,

    /// Graphviz engine for --render.
    #[arg(long, short = 'K', value_enum, default_value_t = EngineArg::Sfdp)]
    pub engine: EngineArg,

    /// What each document gets of its own: `all` (its rows in edges.csv,
    /// metrics.csv and rankings.csv, and its laid-out graph files in
    /// documents/<id>/), `tables` (the rows only) or `none` (no graph of its
    /// own; its co-mentions still count in the corpus graph). For a large
    /// archive, `tables` or `none` saves most of the run's time and disk.
    #[arg(long, value_enum, default_value_t = PerDocument::All, value_name = "WHAT")]
    pub per_document: PerDocument,

    /// Start every CSV table (not Gephi's gephi-*.csv) with a UTF-8
    /// byte-order mark, so that Excel shows non-ASCII names (Löwy, Сталин) as
    /// written. pandas and readr skip it; base R's read.csv needs
    /// fileEncoding = "UTF-8-BOM".
    #[arg(long)]
    pub csv_bom: bool,

    /// Print only warnings and errors, not the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Also print notes (e.g. how shared aliases were resolved).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// What `--per-document` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PerDocument {
    All,
    Tables,
    None,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = args.corpus.config();
    config.graph = args.graph.options();
    // Outputs written among the texts are not read back as texts.
    config.exclude = vec![args.out.clone()];
    // Each document's outputs are written as soon as it is analysed, so
    // neither its mentions, its graph nor its references are kept.
    config.keep_mentions = false;
    config.keep_references = false;
    config.keep_graphs = false;
    // Of the documents' own entity counts, only the summary's are needed.
    config.entity_counts_kept = crate::cli::report::SUMMARY_DOCUMENTS;
    if args.per_document == PerDocument::None {
        config.document_graphs = DocumentGraphs::None;
    }
    let options = OutputOptions {
        rank_by: args.rank_by,
        top: args.top,
        dot_top: args.dot_top,
        render: args.render.map(|f| (f.into(), args.engine.into())),
        mentions: true,
        document_files: args.per_document == PerDocument::All,
        csv_bom: args.csv_bom,
    };
    let mut writer = OutputWriter::create(&args.out, &options, config.graph.window)?;
    report::diagnostics(writer.cleaned(), args.verbose);
    let bar = progress_bar();
    let progress = |bytes: u64| bar.inc(bytes);
    let analysis = namegraph::analyze_into(&config, &progress, &mut writer);
    bar.finish_and_clear();
    let analysis = analysis?;
    // The corpus scope is written on the same number of threads as the rest.
    let finish = || writer.finish(&analysis);
    let written = match config.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()?
            .install(finish)?,
        None => finish()?,
    };
    report::diagnostics(&analysis.diagnostics, args.verbose);
    if !args.quiet {
        report::summary(
            &analysis,
            &options,
            config.document_graphs == DocumentGraphs::All,
            &written,
            &args.out,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A byte counter on stderr, only when stderr is a terminal.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} scanned {bytes} ({bytes_per_sec}), {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
