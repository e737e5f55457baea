//! `namegraph gazetteer check`: validate gazetteer files.

use std::path::PathBuf;
use std::process::ExitCode;

use namegraph::diagnostic::count;
use namegraph::gazetteer;

/// Check gazetteer files and report every problem with file and line:
/// duplicate ids, empty labels or aliases, unknown types, works whose author is
/// not a person, aliases shared by two entities without the `shared` column.
/// Exits with status 1 when there are errors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gazetteer CSV files or directories. Default: the embedded gazetteer.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let sources = if args.paths.is_empty() {
        gazetteer::embedded_sources()
    } else {
        gazetteer::read_sources(&args.paths)?
    };
    let (gazetteer, problems) = gazetteer::check(&sources);
    for problem in &problems {
        warn!("{problem}");
    }
    let errors = problems.iter().filter(|p| p.is_error).count();
    let warnings = problems.len() - errors;
    let aliases: usize = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
    let mut by_type = String::new();
    for kind in namegraph::EntityType::ALL {
        let n = gazetteer
            .entities()
            .iter()
            .filter(|e| e.kind == kind)
            .count();
        by_type.push_str(&format!(" {kind} {n},"));
    }
    say!(
        "{}, {} ({}), {}: {}, {}",
        count(sources.len() as u64, "file", "files"),
        count(gazetteer.len() as u64, "entity", "entities"),
        by_type.trim().trim_end_matches(','),
        count(aliases as u64, "alias", "aliases"),
        count(errors as u64, "error", "errors"),
        count(warnings as u64, "warning", "warnings"),
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
