//! `namegraph kwic`: keyword-in-context lines, to check what was matched.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::args::CorpusArgs;

/// Print every mention of one entity in its context, as
/// `file:line: left[match]right`, so that the matches can be checked.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The entity: its id, label or one of its aliases.
    pub entity: String,

    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// Characters of context on each side (at most 10000).
    #[arg(long, short = 'w', default_value_t = 40, value_name = "N",
          value_parser = clap::value_parser!(u16).range(..=namegraph::kwic::MAX_WIDTH as i64))]
    pub width: u16,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = namegraph::kwic::config(&args.corpus.config());
    let mut out = std::io::stdout().lock();
    let mut count = 0usize;
    let mut sink = namegraph::kwic::Kwic::new(&args.entity, args.width.into(), |line| {
        count += 1;
        writeln!(
            out,
            "{}:{}: {}[{}]{}",
            line.path, line.line, line.left, line.keyword, line.right
        )
        .map_err(|source| namegraph::Error::Write {
            path: "standard output".into(),
            source,
        })
    });
    let analysis = namegraph::analyze_into(&config, &|_| {}, &mut sink)?;
    drop(sink);
    // Files skipped or decoded with a fallback, as analyze reports them.
    crate::cli::report::diagnostics(&analysis.diagnostics, false);
    // Found: the run's plan looked it up.
    if let Some(entity) = analysis.gazetteer.find(&args.entity) {
        let e = analysis.gazetteer.get(entity);
        warn!(
            "{} of {} ({})",
            namegraph::diagnostic::count(count as u64, "mention", "mentions"),
            e.label,
            e.id
        );
    }
    Ok(ExitCode::SUCCESS)
}
