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

    /// Characters of context on each side.
    #[arg(long, short = 'w', default_value_t = 40, value_name = "N")]
    pub width: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = args.corpus.config();
    let analysis = namegraph::analyze(&config)?;
    let entity = analysis
        .gazetteer
        .find(&args.entity)
        .ok_or_else(|| namegraph::Error::UnknownEntity(args.entity.clone()))?;
    let lines = namegraph::kwic::lines(&analysis, &config, entity as u32, args.width)?;
    let mut out = std::io::stdout().lock();
    for line in &lines {
        writeln!(
            out,
            "{}:{}: {}[{}]{}",
            line.path, line.line, line.left, line.keyword, line.right
        )?;
    }
    eprintln!(
        "{} mention(s) of {} ({})",
        lines.len(),
        analysis.gazetteer.get(entity).label,
        analysis.gazetteer.get(entity).id
    );
    Ok(ExitCode::SUCCESS)
}
