//! `namegraph cite`: the citation tables alone.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use namegraph::citation::{self, CitationAnalysis};
use namegraph::{EntityType, corpus, export};

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

    /// Also print notes (e.g. Ibid. left unresolved after a lost page).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = args.corpus.config();
    let analysis = namegraph::analyze(&config)?;
    let sources = if config.inputs.is_empty() {
        corpus::embedded()?
    } else {
        corpus::discover(&config.inputs, &config.glob)?
    };
    let mut docs = Vec::new();
    for (d, info) in analysis.documents.iter().enumerate() {
        let Some(source) = sources.iter().find(|s| s.meta.id == info.meta.id) else {
            continue;
        };
        let bytes = source.read()?;
        let Ok(decoded) = corpus::decode(&bytes) else {
            continue;
        };
        let mut counts = vec![0u64; analysis.gazetteer.len()];
        for m in analysis
            .mentions
            .iter()
            .filter(|m| m.document as usize == d)
        {
            counts[m.entity as usize] += 1;
        }
        let works: Vec<(usize, u64)> = counts
            .into_iter()
            .enumerate()
            .filter(|&(e, n)| n > 0 && analysis.gazetteer.get(e).kind == EntityType::Work)
            .collect();
        docs.push(citation::document(
            &info.meta.id,
            &decoded.text,
            &works,
            &analysis.gazetteer,
        ));
    }
    let cited = citation::build(&docs, &analysis.gazetteer);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the output directory {}", args.out.display()))?;
    let files = [
        ("citations.csv", citation::csv::citations(&cited)?),
        ("works.csv", citation::csv::works(&cited)?),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = args.out.join(name);
        export::write_atomic(&path, &bytes)?;
        written.push(path.display().to_string());
    }
    report::diagnostics(&cited.diagnostics, args.verbose);
    summary(&cited, &written);
    Ok(ExitCode::SUCCESS)
}

fn summary(a: &CitationAnalysis, written: &[String]) {
    let kinds: Vec<String> = a
        .kind_counts()
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{} {n}", k.as_str()))
        .collect();
    let refs: Vec<&citation::Reference> = a.documents.iter().flat_map(|d| &d.references).collect();
    let resolved = refs.iter().filter(|r| r.work.is_some()).count();
    println!(
        "{} reference(s) ({}); {:.1}% resolved to {} work(s) by {} author(s).",
        refs.len(),
        kinds.join(", "),
        100.0 * resolved as f64 / refs.len().max(1) as f64,
        a.works.len(),
        a.authors.len(),
    );
    println!("\nMost cited works:");
    for (w, n) in a.top_works(None, 10) {
        let work = &a.works[w];
        println!("  {n:>4}  {} ({})", work.title, work.id);
    }
    println!("\nMost cited authors:");
    for (x, n) in a.top_authors(None, 10) {
        println!("  {n:>4}  {}", a.authors[x].label);
    }
    println!("\nWrote {}", written.join(", "));
}
