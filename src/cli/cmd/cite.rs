//! `namegraph cite`: the citation tables alone.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use namegraph::citation::{self, CitationAnalysis};
use namegraph::diagnostic::count;
use namegraph::export;

use crate::cli::args::CorpusArgs;
use crate::cli::report;

/// Find the endnote references of each document (and, in documents without
/// notes, the works of the gazetteer they mention), resolve Ibid. and short
/// forms to works, and write citations.csv and works.csv.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// Directory for the output files (created if missing).
    #[arg(long, short = 'o', default_value = "out", value_name = "DIR")]
    pub out: PathBuf,

    /// Start both CSV files with a UTF-8 byte-order mark, for Excel (as
    /// `analyze --csv-bom`).
    #[arg(long)]
    pub csv_bom: bool,

    /// Also print notes (e.g. Ibid. left unresolved after a lost page).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the output directory {}", args.out.display()))?;
    let config = namegraph::Config {
        keep_mentions: false,
        keep_graphs: false,
        entity_counts_kept: 0,
        // Only the citations are written.
        document_graphs: namegraph::config::DocumentGraphs::None,
        ..args.corpus.config()
    };
    let analysis = namegraph::analyze(&config)?;
    let cited = &analysis.citations;
    let files = [
        ("citations.csv", citation::csv::citations(cited)?),
        ("works.csv", citation::csv::works(cited)?),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let path = args.out.join(name);
        export::write_atomic(&path, &bytes)?;
        paths.push(path);
    }
    if args.csv_bom {
        // The rule of which files get the mark is analyze's: one place.
        export::prepend_bom(&paths)?;
    }
    let written: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    report::diagnostics(&analysis.diagnostics, args.verbose);
    summary(cited, &written);
    Ok(ExitCode::SUCCESS)
}

fn summary(a: &CitationAnalysis, written: &[String]) {
    let kinds: Vec<String> = a
        .kind_counts()
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{} {n}", k.as_str()))
        .collect();
    let refs: Vec<&citation::Cite> = a.documents.iter().flat_map(|d| &d.cites).collect();
    let resolved = refs.iter().filter(|r| r.work.is_some()).count();
    say!(
        "{} ({}); {:.1}% resolved to {} by {}.",
        count(refs.len() as u64, "reference", "references"),
        kinds.join(", "),
        100.0 * resolved as f64 / refs.len().max(1) as f64,
        count(a.works.len() as u64, "work", "works"),
        count(a.authors.len() as u64, "author", "authors"),
    );
    say!("\nMost cited works:");
    for (w, n) in a.top_works(None, 10) {
        let work = &a.works[w];
        say!("  {n:>4}  {} ({})", work.title, work.id);
    }
    say!("\nMost cited authors:");
    for (x, n) in a.top_authors(None, 10) {
        say!("  {n:>4}  {}", a.authors[x].label);
    }
    say!("\nWrote {}", written.join(", "));
}
