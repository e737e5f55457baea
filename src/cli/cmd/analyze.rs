//! `namegraph analyze`: the main job.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::args::CorpusArgs;
use crate::cli::report;

/// Find every mention in the corpus and write the tables (mentions.csv,
/// entities.csv, documents.csv) into the output directory.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// Directory for the output files (created if missing).
    #[arg(long, short = 'o', default_value = "out", value_name = "DIR")]
    pub out: PathBuf,

    /// Print only warnings and errors, not the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Also print notes (e.g. how shared aliases were resolved).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the output directory {}", args.out.display()))?;
    let bar = progress_bar();
    let progress = |bytes: u64| bar.inc(bytes);
    let analysis = namegraph::analyze_with_progress(&args.corpus.config(), &progress);
    bar.finish_and_clear();
    let analysis = analysis?;
    let written = namegraph::export::write_tables(&analysis, &args.out)?;
    report::diagnostics(&analysis.diagnostics, args.verbose);
    if !args.quiet {
        report::summary(&analysis, &written)?;
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
